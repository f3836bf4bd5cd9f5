"""Event clusters: one real-world event reported by many articles is one cluster, on ingest and on rebuild; recode
updates events in place; stats count clusters; old databases are migrated. The same tests run on PostgreSQL in
test_store_pg.py (they take the database URL from the ``db_url`` fixture)."""
from __future__ import annotations

import datetime as dt
import json

import pytest
from sqlalchemy import func, select, text

from dyads.analyse import top_actors, dyad_series, outlet_comparison, actor_network
from dyads.analyse.cluster import Options, Report, compatible, pairwise_scores, rebuild
from dyads.model import Article, parse_date
from dyads.read import iter_articles
from dyads.store import connect, ingest_articles, stored_events
from dyads.store.models import ActorRow, ClusterRow, EventRow
from support import FIXTURES

DUPLICATES = FIXTURES / "duplicates"
GOLD = json.loads((DUPLICATES / "gold.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def dup_articles():
    return list(iter_articles([str(DUPLICATES / "articles.jsonl")]))


@pytest.fixture(scope="session")
def dup_code(coder, dup_articles):
    """A code() for ingest_articles that codes each article once per test session (the coder is deterministic)."""
    from dyads.pipeline import code_articles

    cache = {}

    def code(stream):
        for a in stream:
            if a.id not in cache:
                cache[a.id] = next(code_articles([a], coder=coder))
            yield cache[a.id]

    return code


@pytest.fixture
def db_url(tmp_path):
    return f"sqlite:///{tmp_path / 'clusters.db'}"


@pytest.fixture
def dup_db(db_url, dup_articles, dup_code):
    _, sessions = connect(db_url)
    ingest_articles(dup_articles, sessions, dup_code)
    return sessions


def _clusters(sessions):
    with sessions() as s:
        return {c.id: c for c in s.scalars(select(ClusterRow))}


def _partition(sessions):
    """The clusters as sets of event ids (independent of cluster ids)."""
    groups = {}
    for e in stored_events(sessions):
        groups.setdefault(e["cluster_id"], set()).add(e["id"])
    return sorted(sorted(g) for g in groups.values())


def test_compatible_is_the_documented_relation():
    a = Report("a", "d1", "USA", "IRN", "19", "ASSAULT", dt.date(2020, 1, 3), "IRQ")
    assert compatible(a, Report("b", "d2", "USA", "IRN", "18", "ASSAULT", dt.date(2020, 1, 5), None))  # PLOVER
    assert compatible(a, Report("b", "d2", "USA", "IRN", "19", "COERCE", dt.date(2020, 1, 1), "IRQ"))  # root
    assert not compatible(a, Report("b", "d2", "USA", "IRN", "19", "ASSAULT", dt.date(2020, 1, 6), None))  # 3 days
    assert compatible(a, Report("b", "d2", "USA", "IRN", "19", "ASSAULT", dt.date(2020, 1, 6), None), window=3)
    assert not compatible(a, Report("b", "d2", "USA", "IRN", "19", "ASSAULT", dt.date(2020, 1, 3), "SYR"))  # place
    assert not compatible(a, Report("b", "d2", "USA", "IRN", "04", "CONSULT", dt.date(2020, 1, 3), None))  # code
    assert not compatible(a, Report("b", "d2", "USA", "IRN", "19", "ASSAULT", None, None))  # no date


def test_duplicates_fixture_clusters_like_the_gold(dup_db):
    scores = pairwise_scores(GOLD, list(stored_events(dup_db)))
    assert scores["pairs_true"] >= 15
    assert scores["precision"] >= 0.9 and scores["recall"] >= 0.9, scores


def test_cluster_counts_articles_outlets_and_dates(dup_db):
    events = list(stored_events(dup_db))
    strike = {e["cluster_id"] for e in events if e["doc_id"] == "dup-01" and e["cameo_root"] == "19"
              and (e["target"] or {}).get("country") == "IRN"}
    assert len(strike) == 1
    cid = strike.pop()
    c = _clusters(dup_db)[cid]
    # all four reports of the strike, from four outlets ("The United States assassinated the Iranian commander")
    assert {e["doc_id"] for e in events if e["cluster_id"] == cid} == {"dup-01", "dup-02", "dup-03", "dup-04"}
    assert (c.num_articles, c.num_sources) == (4, 4)
    assert c.num_events >= 3
    assert (c.first_seen, c.last_seen) == (dt.date(2020, 1, 3), dt.date(2020, 1, 5))
    assert c.date == dt.date(2020, 1, 3) and c.source_country == "USA" and c.target_country == "IRN"
    # the invasion (24 February) and the Kharkiv strike (1 March) share a dyad and a root but not a cluster
    ruk = {(e["doc_id"], e["cluster_id"]) for e in events
           if (e["source"]["country"], (e["target"] or {}).get("country")) == ("RUS", "UKR")}
    assert {cid for d, cid in ruk if d == "dup-11"}.isdisjoint({cid for d, cid in ruk if d == "dup-19"})


def test_rebuild_matches_incremental_ingest_and_is_stable(dup_db):
    incremental = pairwise_scores(GOLD, list(stored_events(dup_db)))
    rep = rebuild(dup_db)
    with dup_db() as s:
        assert s.scalar(select(func.count()).select_from(EventRow).where(EventRow.cluster_id.is_(None))) == 0
        assert rep.clusters == s.scalar(select(func.count()).select_from(ClusterRow))
        assert rep.events == s.scalar(select(func.count()).select_from(EventRow))
    first = _partition(dup_db)
    assert pairwise_scores(GOLD, list(stored_events(dup_db))) == incremental
    rebuild(dup_db)
    assert _partition(dup_db) == first
    wide = rebuild(dup_db, Options(window=0))
    assert wide.clusters >= rep.clusters


def test_incremental_ingest_joins_existing_clusters(db_url, dup_articles, dup_code):
    _, sessions = connect(db_url)
    half = [a for a in dup_articles if int(a.id[-2:]) % 2]
    ingest_articles(half, sessions, dup_code)
    before = _clusters(sessions)
    report = ingest_articles(dup_articles, sessions, dup_code)  # the other half joins or starts clusters
    assert report.stored == len(dup_articles) - len(half) and report.unchanged == len(half)
    after = _clusters(sessions)
    grown = [cid for cid in before if cid in after and after[cid].num_articles > before[cid].num_articles]
    assert grown, "new reports should join clusters stored earlier"
    assert pairwise_scores(GOLD, list(stored_events(sessions)))["recall"] >= 0.8
    again = ingest_articles(dup_articles, sessions, dup_code)
    assert (again.stored, again.clusters) == (0, 0) and _clusters(sessions).keys() == after.keys()


def test_changed_article_updates_its_clusters(db_url, dup_articles, dup_code, coder):
    from dyads.pipeline import code_articles

    _, sessions = connect(db_url)
    ingest_articles(dup_articles, sessions, dup_code)
    cid = next(e["cluster_id"] for e in stored_events(sessions) if e["doc_id"] == "dup-02" and e["cameo"] == "190")
    n = _clusters(sessions)[cid].num_articles
    changed = Article(id="dup-02", title="Weather", text="It rained in Baghdad.", published=parse_date("2020-01-04"),
                      source="The Ledger")
    ingest_articles([changed], sessions, lambda stream: code_articles(stream, coder=coder))
    assert _clusters(sessions)[cid].num_articles == n - 1
    with sessions() as s:  # no cluster is left empty
        assert s.scalar(select(func.count()).select_from(ClusterRow).where(ClusterRow.num_events == 0)) == 0


def test_actors_are_stored(dup_db):
    with dup_db() as s:
        usa = s.get(ActorRow, "USA")
        eu = s.get(ActorRow, "IGOEUREEC")
    assert usa.country == "USA" and usa.name == "United States"
    assert eu.org == "EU" and eu.country is None


def test_recode_updates_events_in_place(dup_db, dup_code):
    from dyads.store.recode import recode_articles, stored_articles

    before = {e["id"]: e for e in stored_events(dup_db)}
    victim, edited = sorted(before)[:2]
    with dup_db.begin() as s:  # as if the dictionary had changed: one event lost, one coded differently, one bogus
        s.delete(s.get(EventRow, victim))
        s.get(EventRow, edited).goldstein = 9.9
        s.add(EventRow(id="bogus", article_id="dup-01", sentence_index=0, sentence="x", trigger="x",
                       source_code="ZZZ", source={"code": "ZZZ"}, cameo="010", cameo_root="01", quad_class=1,
                       goldstein=0.0, plover_event="X", confidence=0.5))
    rep = recode_articles(stored_articles(dup_db), dup_db, dup_code)
    assert (rep.articles, rep.added, rep.updated, rep.removed) == (19, 1, 1, 1)
    after = {e["id"]: e for e in stored_events(dup_db)}
    assert after.keys() == before.keys()
    strip = lambda d: {k: v for k, v in d.items() if k != "cluster_id"}  # noqa: E731
    assert all(strip(after[k]) == strip(before[k]) for k in before)
    assert all(e["cluster_id"] is not None for e in after.values())
    again = recode_articles(stored_articles(dup_db, ["dup-05"]), dup_db, dup_code)
    assert (again.articles, again.added, again.updated, again.removed) == (1, 0, 0, 0)


def test_stats_count_clusters_or_reports(dup_db):
    reports = {a["code"]: a["events"] for a in top_actors(dup_db, 0, "country")}
    clusters = {a["code"]: a["events"] for a in top_actors(dup_db, 0, "country", count="clusters")}
    assert clusters["IRN"] < reports["IRN"] and all(clusters[k] <= reports[k] for k in clusters)
    series = dyad_series(dup_db, "USA", "IRN", "day", count="clusters", fill=False)
    assert series["totals"]["events"] < dyad_series(dup_db, "USA", "IRN", "day", fill=False)["totals"]["events"]
    jan3 = next(p for p in series["periods"] if p["period"] == "2020-01-03")
    assert jan3["counts"][4] == 1  # the Soleimani strike, however many reports
    net = actor_network(dup_db, level="country", count="clusters")
    edge = next(e for e in net["edges"] if (e["source"], e["target"]) == ("USA", "IRN"))
    assert edge["counts"][4] == 1
    outlets = {o["outlet"]: o for o in outlet_comparison(dup_db, count="clusters")["outlets"]}
    per_outlet = {o["outlet"]: o for o in outlet_comparison(dup_db)["outlets"]}
    assert all(outlets[k]["events"] <= per_outlet[k]["events"] for k in outlets)
    with pytest.raises(ValueError):
        top_actors(dup_db, count="mentions")


def test_database_from_before_migrations_is_upgraded(db_url, dup_articles, dup_code):
    """A database made by create_all before Alembic (no alembic_version, no cluster tables) is stamped 0001,
    upgraded to head, and its events are clustered."""
    from alembic import command

    from dyads.store.db import alembic_config, head_revision, make_engine

    engine = make_engine(db_url)
    cfg = alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0001")
        conn.execute(text("DROP TABLE alembic_version"))
        conn.execute(text("INSERT INTO articles (id, text, content_hash, ingested_at, num_events, published, outlet)"
                          " VALUES ('old', 'x', 'h', '2020-01-01 00:00:00', 1, '2020-01-03', 'W')"))
        conn.execute(text("INSERT INTO events (id, article_id, sentence_index, sentence, trigger, source_code, "
                          "source, cameo, cameo_root, quad_class, goldstein, plover_event, confidence, "
                          "target_code, target, location) VALUES ('e1', 'old', 0, 's', 't', 'USA', "
                          "'{\"code\": \"USA\", \"name\": \"United States\", \"country\": \"USA\"}', '190', '19', 4, "
                          "-10, 'ASSAULT', 0.5, 'IRN', '{\"code\": \"IRN\"}', "
                          "'{\"name\": \"Baghdad\", \"country\": \"IRQ\", \"lat\": 33.3, \"lon\": 44.4}')"))
    engine.dispose()
    _, sessions = connect(db_url)
    with sessions() as s:
        assert s.scalar(text("SELECT version_num FROM alembic_version")) == head_revision()
        e = s.get(EventRow, "e1")
        assert e.cluster_id is not None and e.location_country == "IRQ"
        assert s.get(ActorRow, "USA").name == "United States"
    ingest_articles(dup_articles[:4], sessions, dup_code)  # new reports of the same strike join the old one
    with sessions() as s:
        assert s.get(ClusterRow, s.get(EventRow, "e1").cluster_id).num_articles >= 3
