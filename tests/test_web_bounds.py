"""No request can exhaust the server (issue 18, item 3 and the smaller web items): /api/series is bounded whatever the
dates stored, pages stop at a size bound, 500s carry the security headers, HEAD is answered, malformed JSON is a
400, a 422 echoes no input, a read-only database in a read-only directory is served, and POSTed articles with
poison in them are stored, not 500s."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text

from conftest_web import client, web_db  # noqa: F401 (fixtures)
from dyads.store.db import make_engine
from dyads.web.app import MAX_PAGE_BYTES, MAX_PERIODS, SECURITY_HEADERS, create_app

TOKEN = "t0k3n"
AUTH = {"Authorization": f"Bearer {TOKEN}"}


@pytest.fixture
def db_copy(web_db, tmp_path, coder):
    path = tmp_path / "copy.db"
    shutil.copy(web_db.removeprefix("sqlite:///"), path)
    return f"sqlite:///{path}"


def _sql(url: str, statement: str, rows: list[dict] | dict | None = None) -> None:
    engine = make_engine(url)
    with engine.begin() as conn:
        conn.execute(text(statement), rows or {})
    engine.dispose()


def _event_rows(article_id: str, n: int, **over) -> list[dict]:
    base = {"article_id": article_id, "sentence_index": 1, "sentence": "Russia condemned Ukraine.", "trigger": "x",
            "source_code": "RUS", "source": json.dumps({"text": "Russia", "name": "Russia", "code": "RUS",
                                                         "country": "RUS", "org": None, "sector": []}),
            "cameo": "111", "cameo_root": "11", "quad_class": 3, "goldstein": -2.0, "plover_event": "DISAPPROVE",
            "confidence": 0.9, "date": "2022-02-22"}
    return [{**base, "id": f"{article_id[:8]}-{i:07d}"[:16], **over} for i in range(n)]


INSERT_EVENT = ("INSERT INTO events (id, article_id, sentence_index, sentence, trigger, date, source_code, source, "
                "cameo, cameo_root, quad_class, goldstein, plover_event, confidence) VALUES (:id, :article_id, "
                ":sentence_index, :sentence, :trigger, :date, :source_code, :source, :cameo, :cameo_root, "
                ":quad_class, :goldstein, :plover_event, :confidence)")
INSERT_ARTICLE = ("INSERT INTO articles (id, title, text, content_hash, ingested_at, num_events, outlet) VALUES "
                  "(:id, :title, 'x', 'h', '2022-01-01 00:00:00', 1, :outlet)")


def test_series_is_bounded_whatever_the_stored_dates(db_copy):
    # a database coded before event dates were checked: one event "in 9999", one "in 0001"
    _sql(db_copy, INSERT_ARTICLE, {"id": "old", "title": "t", "outlet": None})
    _sql(db_copy, INSERT_EVENT, [*_event_rows("old", 1, date="9999-12-01"),
                                 {**_event_rows("old", 1)[0], "id": "old-year-1", "date": "0001-01-01"}])
    with TestClient(create_app(db_copy)) as c:
        for freq in ("day", "week", "month"):
            t0 = time.perf_counter()
            r = c.get(f"/api/series?freq={freq}")
            assert r.status_code == 200 and time.perf_counter() - t0 < 5
            d = r.json()
            assert len(r.content) < 2_000_000 and len(d["periods"]) <= MAX_PERIODS
            assert all("2022" <= p["start"] < "2023" for p in d["periods"]), freq  # 0001 and 9999 left out
            assert d["totals"]["events"] == sum(p["events"] for p in d["periods"]) > 0
        # asked for explicitly, the far dates are there, and the span is cut to the latest MAX_PERIODS periods
        d = c.get("/api/series?freq=day&date_from=0001-01-01&date_to=9999-12-31").json()
        assert d["truncated"] is True and len(d["periods"]) == MAX_PERIODS
        assert d["periods"][-1]["start"] == "9999-12-01" and d["periods"][-1]["events"] == 1
        d = c.get("/api/series?freq=month&date_from=0001-01-01&date_to=9999-12-31").json()
        assert d["truncated"] is True and len(d["periods"]) == MAX_PERIODS
        d = c.get("/api/series?freq=month&date_from=2022-01-01&date_to=2022-12-31").json()
        assert d["truncated"] is False and d["periods"][0]["period"].startswith("2022-")
        periods = [p["period"] for p in d["periods"]]
        assert periods == sorted(periods) and len(periods) == len(set(periods))


def test_event_and_article_pages_stop_at_the_size_bound(db_copy):
    huge = "Russia condemned Ukraine. " + "x" * 900_000
    _sql(db_copy, INSERT_ARTICLE, [{"id": f"big-{i}", "title": "T" * 500_000, "outlet": "Big"} for i in range(12)])
    _sql(db_copy, INSERT_EVENT, [r for i in range(12) for r in _event_rows(f"big-{i}", 1, sentence=huge)])
    with TestClient(create_app(db_copy)) as c:
        r = c.get("/api/events?limit=500&q=xxxx")
        d = r.json()
        assert r.status_code == 200 and d["total"] == 12 and 1 <= len(d["items"]) < 12 and d["truncated"] is True
        assert len(r.content) <= MAX_PAGE_BYTES + 1_000_000
        rest = c.get(f"/api/events?limit=500&q=xxxx&offset={len(d['items'])}").json()
        assert rest["items"] and rest["items"][0]["id"] not in {e["id"] for e in d["items"]}
        r = c.get("/api/articles?limit=500&outlet=Big")
        assert r.status_code == 200 and r.json()["truncated"] is True
        assert len(r.content) <= MAX_PAGE_BYTES + 600_000
        assert c.get("/events?limit=500&q=xxxx").status_code == 200


def test_outlet_comparison_is_bounded(db_copy):
    _sql(db_copy, INSERT_ARTICLE, [{"id": f"o-{i}", "title": "t", "outlet": f"Outlet {i}"} for i in range(150)])
    _sql(db_copy, INSERT_EVENT, [r for i in range(150) for r in _event_rows(f"o-{i}", 1)])
    with TestClient(create_app(db_copy)) as c:
        assert len(c.get("/api/outlets").json()["outlets"]) == 100
        assert len(c.get("/api/outlets?limit=500").json()["outlets"]) > 150
        assert c.get("/api/outlets?limit=501").status_code == 422


def test_errors_500_carry_the_security_headers(web_db, monkeypatch):
    import dyads.web.app as app_module

    def broken(*a, **k):
        raise RuntimeError("a bug")

    monkeypatch.setattr(app_module, "corpus_summary", broken)
    monkeypatch.setattr(app_module, "top_actors", broken)
    with TestClient(create_app(web_db), raise_server_exceptions=False) as c:
        for path in ("/", "/api/actors"):
            r = c.get(path)
            assert r.status_code == 500
            for name, value in SECURITY_HEADERS.items():
                assert r.headers[name] == value
            assert "a bug" not in r.text and "Traceback" not in r.text


def test_head_is_answered_wherever_get_is(client):
    for path in ("/", "/events", "/api/events?limit=5", "/api/series", "/openapi.json", "/static/app.js",
                 "/api/articles/wire-1"):
        get, head = client.get(path), client.head(path)
        assert head.status_code == get.status_code == 200, path
        assert head.content == b""
        assert head.headers["content-length"] == get.headers["content-length"] == str(len(get.content))
        assert head.headers["content-security-policy"] == SECURITY_HEADERS["Content-Security-Policy"]
    assert client.head("/api/articles/no-such").status_code == 404
    assert client.head("/api/nothing").status_code == 404


@pytest.fixture
def writer(db_copy):
    with TestClient(create_app(db_copy, token=TOKEN)) as c:
        yield c


def test_malformed_json_is_a_400_as_documented(writer):
    spec = writer.get("/openapi.json").json()
    assert "400" in spec["paths"]["/api/articles"]["post"]["responses"]
    for body in (b"{not json", b'{"id": "x", "text": "y"', b"\xff\xfe", b'[{"id": "a", "text": "b"},]'):
        r = writer.post("/api/articles", content=body, headers={**AUTH, "Content-Type": "application/json"})
        assert r.status_code == 400, (body, r.text)
        assert r.json()["detail"].startswith("the body is not valid JSON")


def test_a_422_echoes_no_input(writer):
    text_ = "The European Union imposed sanctions on Russia. " * 150
    body = [{"id": f"a{i}", "text": text_} for i in range(101)]  # one more than allowed
    r = writer.post("/api/articles", json=body, headers=AUTH)
    assert r.status_code == 422
    assert len(r.content) < 20_000 and "imposed sanctions" not in r.text
    many = [{"id": "", "text": ""} for _ in range(100)]  # 200 errors: only the first 20 are echoed
    r = writer.post("/api/articles", json=many, headers=AUTH)
    assert r.status_code == 422 and len(r.json()["detail"]) == 20
    r = writer.post("/api/articles", json={"id": "x", "text": "y", "published": "z" * 39 + "\x00"}, headers=AUTH)
    assert r.status_code == 422 and all(set(e) <= {"loc", "msg", "type", "input"} for e in r.json()["detail"])


def test_posted_poison_is_stored_not_a_500(writer):
    r = writer.post("/api/articles", headers=AUTH, json=[
        {"id": "year-1", "text": "Russia condemned the United States on Monday.", "published": "0001-01-01"},
        {"id": "nines", "text": "Iran condemned the strike on Monday.", "published": "9999-12-31T00:00:00Z"}])
    assert r.status_code == 200, r.text
    d = r.json()
    assert d["stored"] == 2 and {w["id"] for w in d["warnings"]} == {"year-1", "nines"}
    body = ('{"id": "sur\\ud800rogate", "title": "T\\udfff", "source": "S\\ud800", '
            '"text": "Russia condemned the United States on Monday.\\ud800", "published": "2022-02-22"}')
    r = writer.post("/api/articles", content=body.encode(), headers={**AUTH, "Content-Type": "application/json"})
    assert r.status_code == 200, r.text
    (stored,) = r.json()["articles"]
    assert stored["id"] == "sur\ufffdrogate"
    assert writer.get(stored["url"]).status_code == 200


def test_a_wal_database_in_a_read_only_directory_is_served(web_db, tmp_path):
    """As a user who cannot write the directory (root without its capability to ignore permissions)."""
    if not shutil.which("setpriv") and os.geteuid() == 0:
        pytest.skip("needs setpriv to drop root's CAP_DAC_OVERRIDE")
    folder = tmp_path / "ro"
    folder.mkdir()
    shutil.copy(web_db.removeprefix("sqlite:///"), folder / "web.db")
    engine = make_engine(f"sqlite:///{folder / 'web.db'}")  # leave it in WAL mode, closed cleanly
    with engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
    engine.dispose()
    assert not (folder / "web.db-shm").exists()
    folder.chmod(0o555)
    script = ("import sys; from fastapi.testclient import TestClient; from dyads.web.app import create_app\n"
              "c = TestClient(create_app(sys.argv[1]))\n"
              "r = c.get('/api/events?limit=3'); print(r.status_code, r.json()['total'])\n"
              "print(c.get('/').status_code)\n")
    cmd = [sys.executable, "-c", script, f"sqlite:///{folder / 'web.db'}"]
    if os.geteuid() == 0:
        cmd = ["setpriv", "--bounding-set=-dac_override,-dac_read_search,-fowner", "--", *cmd]
    try:
        r = subprocess.run(cmd, capture_output=True, text=True, cwd=Path(__file__).parent)
        events = subprocess.run([*cmd[:cmd.index(sys.executable)], sys.executable, "-m", "dyads.cli", "events",
                                 "--db", f"sqlite:///{folder / 'web.db'}", "--format", "jsonl"],
                                capture_output=True, text=True)
    finally:
        folder.chmod(0o755)
    assert r.returncode == 0, r.stderr
    status, total = r.stdout.split("\n")[0].split()
    assert status == "200" and int(total) > 0 and r.stdout.split("\n")[1] == "200"
    assert events.returncode == 0 and len(events.stdout.splitlines()) == int(total), events.stderr
    assert sorted(p.name for p in folder.iterdir()) == ["web.db"]
