"""The store: ingest is idempotent, changed articles replace their old version, events read back as coded."""
import json

import pytest
from sqlalchemy import func, select

from dyads.model import Article, parse_date
from dyads.pipeline import code_articles
from dyads.store import connect, ingest_articles, normalise_url, stored_events
from dyads.store.models import ArticleRow, EventRow

ARTICLES = [
    Article(id="a1", title="EU sanctions Russia", text="The European Union imposed sanctions on Russia on Monday.",
            published=parse_date("2022-02-28"), source="Wire"),
    Article(id="a2", title="Talks", text="Turkey's foreign minister met his Iranian counterpart in Ankara.",
            published=parse_date("2021-06-01"), source="Daily"),
]


@pytest.fixture
def db(tmp_path, coder):
    url = f"sqlite:///{tmp_path / 't.db'}"
    _, sessions = connect(url)
    return sessions, (lambda stream: code_articles(stream, coder=coder))


def counts(sessions):
    with sessions() as s:
        return s.scalar(select(func.count(ArticleRow.id))), s.scalar(select(func.count(EventRow.id)))


def test_ingest_stores_articles_and_events(db):
    sessions, code = db
    report = ingest_articles(ARTICLES, sessions, code)
    assert report.stored == 2 and report.events >= 2
    n_articles, n_events = counts(sessions)
    assert (n_articles, n_events) == (2, report.events)
    events = list(stored_events(sessions))
    assert {(e["source"]["code"], e["cameo"], (e["target"] or {}).get("code")) for e in events} >= {
        ("IGOEUREEC", "163", "RUS"), ("TURGOV", "040", "IRNGOV")}
    sanction = next(e for e in events if e["cameo"] == "163")
    assert sanction["date"] == "2022-02-28"  # "on Monday" in an article of Monday 28 February
    assert sanction["outlet"] == "Wire"


def test_ingesting_again_changes_nothing(db):
    sessions, code = db
    ingest_articles(ARTICLES, sessions, code)
    before = [json.dumps(e, sort_keys=True) for e in stored_events(sessions)]
    report = ingest_articles(ARTICLES + ARTICLES, sessions, code)
    assert (report.stored, report.unchanged, report.events) == (0, 4, 0)
    assert [json.dumps(e, sort_keys=True) for e in stored_events(sessions)] == before


def test_changed_article_replaces_its_events(db):
    sessions, code = db
    ingest_articles(ARTICLES, sessions, code)
    changed = Article(id="a1", title="EU", text="Russia condemned the European Union.",
                      published=parse_date("2022-03-01"))
    report = ingest_articles([changed], sessions, code)
    assert report.updated_ids == ["a1"]
    a1 = [e for e in stored_events(sessions) if e["doc_id"] == "a1"]
    assert [(e["source"]["code"], e["cameo"]) for e in a1] == [("RUS", "111")]


def test_postgres_urls_pick_the_installed_driver():
    assert normalise_url("postgresql://u:p@h/db") == "postgresql+psycopg://u:p@h/db"
    assert normalise_url("postgresql+psycopg2://u:p@h/db") == "postgresql+psycopg2://u:p@h/db"
    assert normalise_url("sqlite:///x.db") == "sqlite:///x.db"


def test_two_versions_of_one_article_in_one_run_keep_the_later(db):
    sessions, code = db
    first = Article(id="d", title="T", text="Russia condemned the United States.")
    later = Article(id="d", title="T", text="Iran condemned Israel.")
    report = ingest_articles([first, later], sessions, code)
    assert report.stored == 2
    assert [(e["source"]["code"], e["target"]["code"]) for e in stored_events(sessions)] == [("IRN", "ISR")]
