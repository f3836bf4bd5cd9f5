"""Fixtures for the web interface and API tests: a real SQLite database filled by coding a few short articles
written for these tests (one of them carries HTML that must never run in a browser)."""
from __future__ import annotations

import pytest

from dyads.model import Article, parse_date

XSS_SCRIPT = "<script>window.__pwned=1</script>"
XSS_IMG = '<img src=x onerror="window.__pwned=1">'

WEB_ARTICLES = [
    Article(id="wire-1", title="EU sanctions Belarus",
            text="The European Union imposed sanctions on Russia on Monday.\n\n"
                 "Russia condemned the European Union on Tuesday.",
            published=parse_date("2022-02-28"), source="Alpha Times", url="https://example.org/a1"),
    Article(id="wire-2", title="Fighting near Kharkiv",
            text="Russian troops attacked Ukrainian soldiers near Kharkiv on Tuesday.\n\n"
                 "Ukraine accused Russia of shelling civilians.",
            published=parse_date("2022-03-02"), source="Alpha Times"),
    Article(id="daily/3", title="Talks in Ankara",
            text="Turkey's foreign minister met his Iranian counterpart in Ankara.\n\n"
                 "Russia and Ukraine agreed to hold talks in Istanbul.",
            published=parse_date("2022-04-05"), source="Beta Daily"),
    Article(id="xss", title="Odd <b>title</b>",
            text=f"Russia condemned the United States.\n\nThe page contained {XSS_SCRIPT} and {XSS_IMG} in its text.",
            published=parse_date("2022-04-06"), source="Beta Daily"),
]


@pytest.fixture(scope="session")
def web_db(tmp_path_factory, coder) -> str:
    """URL of a SQLite database holding WEB_ARTICLES, coded by the real pipeline."""
    from dyads.pipeline import code_articles
    from dyads.store import connect, ingest_articles

    url = f"sqlite:///{tmp_path_factory.mktemp('web') / 'web.db'}"
    engine, sessions = connect(url)
    ingest_articles(WEB_ARTICLES, sessions, lambda stream: code_articles(stream, coder=coder))
    engine.dispose()
    return url


@pytest.fixture(scope="session")
def web_sessions(web_db):
    from dyads.store import connect

    engine, sessions = connect(web_db)
    yield sessions
    engine.dispose()


@pytest.fixture(scope="session")
def stored(web_sessions) -> list[dict]:
    """Every stored event, as `dyads events` prints it: the ground truth the API is checked against."""
    from dyads.store import stored_events

    events = list(stored_events(web_sessions))
    assert events, "coding the test articles gave no events"
    return events


@pytest.fixture(scope="session")
def client(web_db):
    from fastapi.testclient import TestClient

    from dyads.web.app import create_app

    with TestClient(create_app(web_db)) as c:
        yield c
