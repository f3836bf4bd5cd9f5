"""The server's defences: reading open, writing only with a token, size limits, article text always escaped."""
from __future__ import annotations

import json
import shutil

import pytest
from fastapi.testclient import TestClient

from conftest_web import XSS_IMG, XSS_SCRIPT, client, web_db  # noqa: F401 (fixtures)

TOKEN = "t0k3n-for-tests"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
HOSTILE = {"id": "posted/<x>", "title": "<script>window.__pwned=2</script> Greece condemns Turkey",
           "text": f"Greece condemned Turkey on Monday.\n\n{XSS_SCRIPT} {XSS_IMG} \"quoted\" & 'single'",
           "published": "2022-05-02", "source": "<b>Gamma</b>", "url": "javascript:alert(1)"}


@pytest.fixture
def db_copy(web_db, tmp_path, coder):  # coder: spaCy loaded once per session, the server's coder reuses it
    path = tmp_path / "copy.db"
    shutil.copy(web_db.removeprefix("sqlite:///"), path)
    return f"sqlite:///{path}"


@pytest.fixture
def writer(db_copy):
    from dyads.web.app import create_app

    with TestClient(create_app(db_copy, token=TOKEN)) as c:
        yield c


def test_without_a_token_there_is_no_write_endpoint(client):
    assert client.post("/api/articles", json=HOSTILE).status_code == 405
    spec = client.get("/openapi.json").json()
    assert "post" not in spec["paths"]["/api/articles"]
    assert "Read-only" in spec["info"]["description"]


def test_token_guards_writes_only(writer):
    assert writer.get("/api/events").status_code == 200  # reading stays open
    assert writer.get("/").status_code == 200
    assert writer.get("/articles/xss").status_code == 200
    r = writer.post("/api/articles", json=HOSTILE)
    assert r.status_code == 401 and r.headers["www-authenticate"] == "Bearer"
    assert writer.post("/api/articles", json=HOSTILE, headers={"Authorization": "Bearer nope"}).status_code == 403
    assert writer.post("/api/articles", json=HOSTILE, headers={"Authorization": f"Basic {TOKEN}"}).status_code == 401
    assert writer.post("/api/articles", content=b"{not json", headers={"Authorization": "Bearer x"}).status_code \
        == 403  # refused before the body is even read
    assert writer.get(f"/api/articles/{HOSTILE['id']}").status_code == 404  # nothing was stored
    spec = writer.get("/openapi.json").json()
    post = spec["paths"]["/api/articles"]["post"]
    assert {"401", "403", "413"} <= set(post["responses"])
    assert post["security"] and "HTTPBearer" in spec["components"]["securitySchemes"]
    assert "security" not in spec["paths"]["/api/events"]["get"]


def test_post_codes_and_stores_articles_once(writer):
    bad = {"id": "fr", "text": "Le gouvernement français a annoncé lundi de nouvelles sanctions contre la Russie, "
                               "a indiqué le ministère des Affaires étrangères dans un communiqué publié à Paris. "
                               "Les ministres européens se réuniront la semaine prochaine à Bruxelles pour en "
                               "discuter avec leurs homologues allemands et italiens."}
    r = writer.post("/api/articles", json=[HOSTILE, bad], headers=AUTH)
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["stored"] == 1 and [a["id"] for a in body["articles"]] == [HOSTILE["id"]]
    assert body["skipped"][0]["id"] == "fr" and "not English" in body["skipped"][0]["reason"]
    a = writer.get(body["articles"][0]["url"]).json()
    assert a["text"] == HOSTILE["text"].replace("  ", " ") or XSS_SCRIPT in a["text"]
    assert a["num_events"] == len(a["events"]) >= 1
    again = writer.post("/api/articles", json=HOSTILE, headers=AUTH).json()
    assert again["stored"] == 0 and again["unchanged"] == 1
    assert writer.get("/api/events", params={"article": HOSTILE["id"]}).json()["total"] == a["num_events"]


def test_every_piece_of_posted_text_is_escaped_in_pages(writer):
    assert writer.post("/api/articles", json=HOSTILE, headers=AUTH).status_code == 200
    for url in ("/articles/posted/%3Cx%3E", "/articles", "/events?q=condemned", "/outlets", "/"):
        page = writer.get(url).text
        assert "<script>window.__pwned" not in page and "<img src=x" not in page and "<b>Gamma" not in page, url
        assert 'href="javascript:' not in page, url
    assert "&lt;script&gt;window.__pwned=2" in writer.get("/articles/posted/%3Cx%3E").text


@pytest.mark.parametrize("body, status", [
    ([], 422), ({"id": "x"}, 422), ({"id": "", "text": "t"}, 422), ({"id": "a\x00b", "text": "t"}, 422),
    ({"id": "x", "text": 5}, 422), ([{"id": str(i), "text": "t"} for i in range(101)], 422),
    ({"id": "x", "text": "t", "published": "yesterday"}, 422),
])
def test_malformed_articles_are_refused(writer, body, status):
    assert writer.post("/api/articles", json=body, headers=AUTH).status_code == status


def test_blank_text_is_skipped_with_a_reason(writer):
    r = writer.post("/api/articles", json={"id": "blank", "text": "   \n "}, headers=AUTH).json()
    assert r["stored"] == 0 and "no article text" in r["skipped"][0]["reason"]


def test_size_limits(writer):
    from dyads.web.app import MAX_BODY, MAX_QUERY

    huge = json.dumps({"id": "big", "text": "x" * MAX_BODY}).encode()
    r = writer.post("/api/articles", content=huge, headers={**AUTH, "Content-Type": "application/json"})
    assert r.status_code == 413
    def chunks():
        yield huge[:10]
        yield huge[10:]
    r = writer.post("/api/articles", content=chunks(), headers={**AUTH, "Content-Type": "application/json"})
    assert r.status_code == 411
    assert writer.get("/api/events", params={"q": "a" * 150, "x": "y" * MAX_QUERY}).status_code == 414
    assert writer.get("/events?q=" + "z" * (MAX_QUERY + 1)).status_code == 414
    assert writer.get("/api/events", params={"q": "a" * 201}).status_code == 422  # each parameter is capped too
    deep = b"[" * 100_000 + b"]" * 100_000
    r = writer.post("/api/articles", content=deep, headers={**AUTH, "Content-Type": "application/json"})
    assert 400 <= r.status_code < 500


def test_reading_endpoints_survive_hostile_parameters(client):
    for params in ({"q": "%' OR 1=1 --"}, {"article": "../../etc/passwd"}, {"outlet": "\u202e\u200b"},
                   {"q": "\\"}, {"q": "_%"}):
        r = client.get("/api/events", params=params)
        assert r.status_code == 200, (params, r.text)
        assert client.get("/events", params=params).status_code == 200
    assert client.get("/api/articles/%00").status_code in (404, 422)
    assert client.get("/articles/" + "a" * 5000).status_code == 404


def test_duplicate_ids_in_one_request(writer):
    r = writer.post("/api/articles", json=[{"id": "0", "text": "Russia condemned the United States."},
                                           {"id": "0", "text": "Iran condemned the strike."}], headers=AUTH)
    assert r.status_code == 200 and r.json()["stored"] == 1
    assert r.json()["skipped"] == [{"index": 1, "id": "0", "reason": "duplicate id in this request"}]
