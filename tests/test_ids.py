"""Article ids are unique and stable (issue 18, item 1): a file below a directory is named by its path below it, a
file given directly by its name, every id can be printed, stored and looked up, and a database from before the
change keeps working — re-ingesting its files leaves each once, under its new id."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from urllib.parse import quote

from sqlalchemy import create_engine, select, text

from dyads.read import iter_articles
from dyads.store import connect, ingest_articles
from dyads.store.models import ArticleRow, ClusterRow, EventRow

SANCTIONS = "Sanctions story\nThe European Union imposed sanctions on Russia on Monday.\n"
STRIKE = "Strike story\nTwo U.S. warships fired cruise missiles at a Syrian airbase on Friday.\n"


def _news(tmp_path):
    root = tmp_path / "news"
    (root / "a").mkdir(parents=True)
    (root / "b").mkdir()
    (root / "a" / "story.txt").write_text(SANCTIONS, encoding="utf-8")
    (root / "b" / "story.txt").write_text(STRIKE, encoding="utf-8")
    return root


def _dyads(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "dyads.cli", *args], capture_output=True, text=True, cwd=cwd,
                          env={**os.environ, "PYTHONIOENCODING": "utf-8"})


def test_same_file_name_in_two_folders_is_two_articles(tmp_path):
    root = _news(tmp_path)
    problems = []
    articles = list(iter_articles([str(root)], on_problem=problems.append))
    assert [a.id for a in articles] == ["a/story.txt", "b/story.txt"] and not problems
    (direct,) = iter_articles([str(root / "b" / "story.txt")])
    assert direct.id == "story.txt"  # a file given directly keeps its plain name
    # the contract's rule for JSONL lines without an id: the file's id, then the line
    (root / "a" / "feed.jsonl").write_text(json.dumps({"text": "Iran condemned the strike."}) + "\n",
                                           encoding="utf-8")
    assert [a.id for a in iter_articles([str(root)]) if a.origin.endswith(":1")] == ["a/feed.jsonl:1"]


def test_ingest_of_a_scraped_layout_stores_every_page(tmp_path, cli):
    root = _news(tmp_path)
    url = f"sqlite:///{tmp_path / 'dup.db'}"
    r = cli("ingest", str(root), "--db", url, "--published", "2019-01-15")
    assert r.returncode == 0, r.stderr
    assert "stored 2 article(s)" in r.stderr
    engine = create_engine(url)
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT id, origin FROM articles ORDER BY id")).all()
        codes = sorted(conn.execute(text("SELECT article_id, cameo FROM events")).all())
    engine.dispose()
    assert [r[0] for r in rows] == ["a/story.txt", "b/story.txt"]
    assert [c[0] for c in codes] == ["a/story.txt", "b/story.txt"]  # each article kept its own events
    again = cli("ingest", str(root), "--db", url, "--published", "2019-01-15")
    assert "stored 0 article(s)" in again.stderr and "2 already stored and unchanged" in again.stderr
    out = cli("code", str(root), "--format", "jsonl", "--published", "2019-01-15")
    assert sorted({json.loads(line)["doc_id"] for line in out.stdout.splitlines()}) == ["a/story.txt",
                                                                                       "b/story.txt"]


def test_file_names_that_are_not_utf8_are_read_coded_and_stored(tmp_path, cli):
    root = tmp_path / "bad"
    root.mkdir()
    raw = os.fsencode(root) + b"/zz\xff.txt"
    with open(raw, "wb") as fh:
        fh.write(b"Russia condemns US\nRussia condemned the United States on Monday.\n")
    with open(os.fsencode(root) + b"/line\nbreak.txt", "wb") as fh:
        fh.write(b"Iran condemns Israel\nIran condemned Israel on Monday.\n")
    url = f"sqlite:///{tmp_path / 'r.db'}"
    r = cli("ingest", str(root), "--db", url, "--published", "2019-01-15")
    assert r.returncode == 0, r.stderr
    out = _dyads("code", str(root), "--format", "jsonl", "--published", "2019-01-15")  # a real, strict stdout
    assert out.returncode == 0, out.stderr
    assert {json.loads(line)["doc_id"] for line in out.stdout.splitlines()} == {"zz\\xff.txt", "line\\nbreak.txt"}
    _, sessions = connect(url, read_only=True)
    with sessions() as s:
        assert sorted(s.scalars(select(ArticleRow.id))) == ["line\\nbreak.txt", "zz\\xff.txt"]


def test_an_id_too_long_to_store_is_skipped_by_name_and_the_rest_stored(tmp_path, coder):
    from dyads.pipeline import code_articles

    feed = tmp_path / "feed.jsonl"
    feed.write_text("\n".join(json.dumps(r) for r in [
        {"id": "x" * 513, "text": "Russia condemned the United States on Monday."},
        {"id": "y" * 512, "text": "Iran condemned the strike on Monday.", "published": "2019-01-15"}]) + "\n",
        encoding="utf-8")
    problems = []
    articles = list(iter_articles([str(feed)], on_problem=problems.append))
    assert [a.id for a in articles] == ["y" * 512]
    assert [p.origin for p in problems] == [f"{feed}:1"] and "id longer than 512" in problems[0].reason
    _, sessions = connect(f"sqlite:///{tmp_path / 'l.db'}")
    report = ingest_articles(articles, sessions, lambda s: code_articles(s, coder=coder))
    assert report.stored == 1


def test_a_stored_id_with_slashes_is_reachable_from_the_web(tmp_path, coder):
    from fastapi.testclient import TestClient

    from dyads.pipeline import code_articles
    from dyads.web.app import create_app

    url = f"sqlite:///{tmp_path / 'w.db'}"
    _, sessions = connect(url)
    root = _news(tmp_path)
    ingest_articles(iter_articles([str(root)]), sessions, lambda s: code_articles(s, coder=coder))
    with TestClient(create_app(url)) as client:
        for article_id in ("a/story.txt", "b/story.txt"):
            r = client.get("/api/articles/" + quote(article_id, safe=""))
            assert r.status_code == 200 and r.json()["id"] == article_id
            assert client.get("/articles/" + quote(article_id, safe="")).status_code == 200


def _database_at_0002(url: str, rows: list[tuple[str, str, str]]) -> None:
    """A database as dyads made it before this change: schema 0002, files stored under their names alone."""
    from alembic import command

    from dyads.store.db import alembic_config, make_engine

    engine = make_engine(url)
    with engine.begin() as conn:
        cfg = alembic_config()
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0002")
        for article_id, origin, body in rows:
            conn.execute(text("INSERT INTO articles (id, title, text, content_hash, origin, ingested_at, num_events) "
                              "VALUES (:id, 'T', :body, 'old', :origin, '2020-01-01 00:00:00', 1)"),
                         {"id": article_id, "body": body, "origin": origin})
            conn.execute(text("INSERT INTO events (id, article_id, sentence_index, sentence, trigger, source_code, "
                              "source, cameo, cameo_root, quad_class, goldstein, plover_event, confidence) VALUES "
                              "(:eid, :id, 1, :body, 'x', 'RUS', '{}', '111', '11', 3, -2.0, 'DISAPPROVE', 0.5)"),
                         {"eid": ("e" + article_id)[:16], "id": article_id, "body": body})
    engine.dispose()


def test_migration_0003_keeps_an_old_database_working_and_reingest_replaces_old_ids(tmp_path, coder):
    from dyads.analyse.cluster import rebuild
    from dyads.pipeline import code_articles
    from dyads.store.db import current_revision, head_revision

    root = _news(tmp_path)
    url = f"sqlite:///{tmp_path / 'old.db'}"
    # the old scheme had collapsed news/a/story.txt and news/b/story.txt into one row; a flat file kept its name
    (root / "flat.txt").write_text("Flat story\nRussia condemned the United States on Monday.\n", encoding="utf-8")
    _database_at_0002(url, [("story.txt", f"{root}/b/story.txt", "old text"),
                            ("flat.txt", f"{root}/flat.txt", "old flat text"),
                            ("other.txt", "/elsewhere/other.txt", "kept")])
    engine, sessions = connect(url)
    assert current_revision(engine) == head_revision()
    with sessions() as s:
        assert {a.id: a.id_scheme for a in s.scalars(select(ArticleRow))} == {"story.txt": 1, "flat.txt": 1,
                                                                             "other.txt": 1}
    rebuild(sessions)  # the old events in clusters, as a database of that time had them
    report = ingest_articles(iter_articles([str(root)]), sessions, lambda s: code_articles(s, coder=coder))
    assert report.stored == 3
    with sessions() as s:
        ids = {a.id: a.id_scheme for a in s.scalars(select(ArticleRow))}
        event_articles = set(s.scalars(select(EventRow.article_id)))
    # the old row of news/b/story.txt is replaced by its article under the new id, not kept beside it; flat.txt
    # (same id under both schemes) is updated; an article from elsewhere is untouched
    assert ids == {"a/story.txt": 2, "b/story.txt": 2, "flat.txt": 2, "other.txt": 1}
    assert "story.txt" not in event_articles and "other.txt" in event_articles
    with sessions() as s:  # the clusters of the replaced rows' events were refreshed: none counts a deleted event
        for c in s.scalars(select(ClusterRow)):
            members = s.scalars(select(EventRow.id).where(EventRow.cluster_id == c.id)).all()
            assert members and c.num_events == len(members)
    again = ingest_articles(iter_articles([str(root)]), sessions, lambda s: code_articles(s, coder=coder))
    assert (again.stored, again.unchanged) == (0, 3)


def test_migration_0003_downgrades_and_upgrades_again(tmp_path):
    from alembic import command

    from dyads.store.db import alembic_config, current_revision, head_revision

    url = f"sqlite:///{tmp_path / 'd.db'}"
    engine, _ = connect(url)
    with engine.begin() as conn:
        cfg = alembic_config()
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0002")
    assert current_revision(engine) == "0002"
    engine.dispose()
    engine, _ = connect(url)
    assert current_revision(engine) == head_revision()
