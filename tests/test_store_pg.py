"""The store, clustering, recode, stats and exports against PostgreSQL.

The server's URL comes from $DYADS_TEST_PG (e.g. postgresql://dyads:dyads@127.0.0.1:54329/dyads; .ci/run starts
one). Without it these tests are skipped locally and fail in CI ($CI set). Each test starts from an empty schema,
so the database must be a throwaway one owned by the user in the URL.
"""
from __future__ import annotations

import os

import pytest
from sqlalchemy import create_engine, text

from dyads.store import normalise_url
from test_cluster import (  # noqa: F401  (fixtures and tests, run here with db_url pointing at PostgreSQL)
    dup_articles, dup_code, dup_db, test_actors_are_stored, test_changed_article_updates_its_clusters,
    test_cluster_counts_articles_outlets_and_dates, test_database_from_before_migrations_is_upgraded,
    test_duplicates_fixture_clusters_like_the_gold, test_incremental_ingest_joins_existing_clusters,
    test_rebuild_matches_incremental_ingest_and_is_stable, test_recode_updates_events_in_place,
    test_stats_count_clusters_or_reports)
from test_export import test_gdelt_table_has_the_columns_and_one_row_per_cluster, test_plover_json_lines  # noqa
from test_store import ARTICLES, counts

import test_store


@pytest.fixture(scope="session")
def pg_url():
    url = os.environ.get("DYADS_TEST_PG")
    if not url:
        if os.environ.get("CI"):
            pytest.fail("DYADS_TEST_PG is not set: CI must start PostgreSQL and export its URL (see .ci/run)")
        pytest.skip("PostgreSQL tests need DYADS_TEST_PG=postgresql://user:pw@127.0.0.1:PORT/db "
                    "(a throwaway database; see ../shared/RECIPES.md)")
    engine = create_engine(normalise_url(url))
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
    except Exception as exc:
        pytest.fail(f"cannot reach PostgreSQL at DYADS_TEST_PG: {exc}")
    finally:
        engine.dispose()
    return url


@pytest.fixture
def db_url(pg_url):
    """An empty public schema for each test."""
    engine = create_engine(normalise_url(pg_url))
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()
    return pg_url


@pytest.fixture
def db(db_url, coder):
    from dyads.pipeline import code_articles
    from dyads.store import connect

    _, sessions = connect(db_url)
    return sessions, (lambda stream: code_articles(stream, coder=coder))


def test_plain_postgresql_url_works(db_url):
    from dyads.store import connect

    plain = db_url.replace("postgresql+psycopg://", "postgresql://")
    engine, _ = connect(plain)
    assert engine.dialect.name == "postgresql"
    engine.dispose()


def test_pg_ingest_stores_articles_and_events(db):
    test_store.test_ingest_stores_articles_and_events(db)


def test_pg_ingesting_again_changes_nothing(db):
    test_store.test_ingesting_again_changes_nothing(db)


def test_pg_changed_article_replaces_its_events(db):
    test_store.test_changed_article_replaces_its_events(db)
    assert counts(db[0])[0] == len(ARTICLES)


# --- reviews on PostgreSQL: the migration, judging, recode keeping judgments on their act, precision ------------

from test_reviews_store import (  # noqa: E402,F401  (run here with `db` on PostgreSQL)
    test_changed_article_keeps_judgments_of_sentences_still_there,
    test_judging_keeps_the_coders_event_and_one_judgment_per_reviewer,
    test_judgments_that_contradict_themselves_are_refused, test_recode_keeps_judgments_on_their_act)


def test_pg_database_at_0002_is_upgraded_with_reviews(db_url):
    from alembic import command
    from sqlalchemy import inspect

    from dyads.store import connect
    from dyads.store.db import alembic_config, head_revision, make_engine

    engine = make_engine(db_url)
    cfg = alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0002")
    engine.dispose()
    engine, _ = connect(db_url)
    with engine.connect() as conn:
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == head_revision()
        assert "features" in {c["name"] for c in inspect(conn).get_columns("events")}
        assert inspect(conn).has_table("reviews")
    engine.dispose()


def test_pg_precision_from_judgments(db):
    from sqlalchemy import select

    from dyads.analyse.reviews import export, precision
    from dyads.store import ingest_articles
    from dyads.store import reviews as R
    from dyads.store.models import EventRow
    from test_reviews_store import ARTICLE

    sessions, code = db
    ingest_articles([ARTICLE], sessions, code)
    with sessions.begin() as s:
        ids = {e.trigger: e.id for e in s.scalars(select(EventRow))}
        R.judge(s, ids["imposed sanctions"], "correct", reviewer="ann")
        R.judge(s, ids["condemned"], "wrong", "negated", reviewer="ann")
        for trigger, eid in ids.items():
            if trigger not in ("imposed sanctions", "condemned"):
                R.judge(s, eid, "wrong", "duplicate", reviewer="ann")
    p = precision(sessions, min_confidence=0)
    assert len(ids) == 3  # the headline's "sanctions" (on Belarus), "imposed sanctions", "condemned"
    assert (p.overall.judged, p.overall.correct, p.overall.core, p.overall.found) == (3, 1, 1, 1)
    gold = export(sessions, 0).gold
    assert gold[0]["forbid"] == [["Russia condemned the European Union on Tuesday.", ["11"]]]
def test_pg_the_store_skips_only_the_article_it_cannot_hold(db, coder):
    from test_poison import store_skips_only_the_article_it_cannot_hold

    store_skips_only_the_article_it_cannot_hold(db[0], coder)


def test_pg_a_value_too_long_for_its_column_costs_only_its_article(db):
    """PostgreSQL refuses what SQLite stores (an outlet name over its 256 characters): once the whole batch was
    lost with StringDataRightTruncation, now only that article, named with the reason."""
    from sqlalchemy import select

    from dyads.model import Article, parse_date
    from dyads.store import ingest_articles
    from dyads.store.models import ArticleRow

    sessions, code = db
    articles = [Article(id=i, text="Russia condemned the United States on Monday.", published=parse_date("2022-02-22"),
                        source="S" * 300 if i == "long-outlet" else "Wire") for i in ("one", "long-outlet", "two")]
    problems = []
    report = ingest_articles(articles, sessions, code, on_problem=lambda a, why: problems.append((a.id, why)))
    assert report.stored == 2 and report.skipped == 1
    assert problems[0][0] == "long-outlet" and "too long" in problems[0][1] and "INSERT" not in problems[0][1]
    with sessions() as s:
        assert sorted(s.scalars(select(ArticleRow.id))) == ["one", "two"]


def test_pg_read_only_connections_refuse_writes(db_url):
    import pytest
    from sqlalchemy import text
    from sqlalchemy.exc import DBAPIError

    from dyads.store import connect

    connect(db_url)[0].dispose()
    engine, sessions = connect(db_url, read_only=True)
    with sessions() as s:
        assert s.execute(text("SELECT count(*) FROM articles")).scalar() == 0
        with pytest.raises(DBAPIError, match="read-only"):
            s.execute(text("INSERT INTO actors (code) VALUES ('X')"))
    engine.dispose()


def test_pg_read_commands_refuse_an_empty_database(db_url):
    import pytest

    from dyads.store import connect
    from dyads.store.db import DatabaseError

    with pytest.raises(DatabaseError, match="empty database"):
        connect(db_url, read_only=True)
