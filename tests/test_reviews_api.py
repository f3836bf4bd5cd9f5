"""The review API and pages: writing needs the token, reading is open, the schema documents GET/POST/PUT, a
reviewer's selection finds the sentence the coder numbered, and the precision page shows the counts."""
from __future__ import annotations

import shutil

import pytest
from fastapi.testclient import TestClient

from conftest_web import client, stored, web_db, web_sessions  # noqa: F401 (fixtures)

TOKEN = "review-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}


@pytest.fixture
def writer(web_db, tmp_path, coder):  # coder: spaCy loaded once per session
    from dyads.web.app import create_app

    path = tmp_path / "copy.db"
    shutil.copy(web_db.removeprefix("sqlite:///"), path)
    with TestClient(create_app(f"sqlite:///{path}", token=TOKEN)) as c:
        yield c


def _event(c, article, trigger):
    items = c.get("/api/events", params={"article": article}).json()["items"]
    return next(e for e in items if e["trigger"] == trigger)


def test_posting_a_judgment_needs_the_token(writer):
    e = _event(writer, "wire-1", "imposed sanctions")
    body = {"event_id": e["id"], "verdict": "correct", "reviewer": "ann"}
    r = writer.post("/api/reviews", json=body)
    assert r.status_code == 401 and r.headers["www-authenticate"] == "Bearer"
    assert writer.post("/api/reviews", json=body, headers={"Authorization": "Bearer nope"}).status_code == 403
    assert writer.put("/api/reviews/1", json={"verdict": "wrong"}).status_code == 401
    assert writer.get("/api/reviews/session").status_code == 401
    assert writer.get("/api/reviews/session", headers={"Authorization": "Bearer nope"}).status_code == 403
    assert writer.get("/api/reviews").json()["items"] == []  # nothing was stored
    assert writer.get("/api/reviews/session", headers=AUTH).json() == {"writer": True}


def test_judgments_are_stored_listed_changed_and_withdrawn(writer):
    e = _event(writer, "wire-1", "imposed sanctions")
    r = writer.post("/api/reviews", json={"event_id": e["id"], "verdict": "correct", "reviewer": "ann"}, headers=AUTH)
    assert r.status_code == 201, r.text
    first = r.json()
    assert (first["event_id"], first["verdict"], first["reviewer"], first["event_status"]) == (
        e["id"], "correct", "ann", "same")
    assert first["created_at"].endswith("Z") and first["judged"]["cameo"] == e["cameo"]
    again = writer.post("/api/reviews", json={"event_id": e["id"], "verdict": "wrong", "error_class": "duplicate",
                                              "reviewer": "ann"}, headers=AUTH)
    assert again.status_code == 200 and again.json()["id"] == first["id"]
    assert again.json()["created_at"] == first["created_at"]
    listed = writer.get("/api/reviews").json()
    assert listed["total"] == 1
    item = listed["items"][0]
    assert {"event_id", "verdict", "created_at"} <= set(item) and item["verdict"] == "wrong"
    fixed = writer.put(f"/api/reviews/{first['id']}", json={"verdict": "wrong", "correction": {
        "target": {"code": "rusgov", "text": "Moscow"}}}, headers=AUTH)
    assert fixed.status_code == 200, fixed.text
    assert fixed.json()["error_class"] == "wrong_target"
    assert fixed.json()["correction"] == {"target": {"text": "Moscow", "name": fixed.json()["correction"]["target"][
        "name"], "code": "RUSGOV", "country": "RUS", "org": None, "sector": ["GOV"]}}  # only what was corrected
    assert writer.get(f"/api/reviews/{first['id']}").json()["correction"]["target"]["code"] == "RUSGOV"
    assert writer.get("/api/reviews", params={"article": "wire-2"}).json()["total"] == 0
    assert writer.get("/api/reviews", params={"reviewer": "ann", "verdict": "wrong"}).json()["total"] == 1
    assert writer.delete(f"/api/reviews/{first['id']}", headers=AUTH).status_code == 204
    assert writer.get(f"/api/reviews/{first['id']}").status_code == 404
    assert writer.delete(f"/api/reviews/{first['id']}", headers=AUTH).status_code == 404
    assert writer.get(f"/api/events/{e['id']}").json() == e  # the coder's event never changed


def test_bad_judgments_get_clear_errors(writer):
    e = _event(writer, "wire-1", "imposed sanctions")
    cases = [({"event_id": "nope", "verdict": "correct"}, 404, "No event"),
             ({"event_id": e["id"], "verdict": "correct", "correction": {"cameo": "172"}}, 422, None),
             ({"event_id": e["id"], "verdict": "correct", "error_class": "duplicate"}, 422, None),
             ({"event_id": e["id"], "verdict": "wrong", "correction": {"cameo": "9999"}}, 422, None),
             ({"event_id": e["id"], "verdict": "wrong", "correction": {"cameo": "010"}}, 422, None),
             ({"event_id": e["id"], "verdict": "maybe"}, 422, None),
             ({"event_id": e["id"], "verdict": "wrong", "error_class": "typo"}, 422, None)]
    for body, status, words in cases:
        r = writer.post("/api/reviews", json=body, headers=AUTH)
        assert r.status_code == status, (body, r.text)
        if words:
            assert words in r.json()["detail"]
    assert writer.put("/api/reviews/12345", json={"verdict": "correct"}, headers=AUTH).status_code == 404


def test_a_missed_event_lands_in_the_sentence_the_coder_numbers(writer, stored):
    """The sentence found for a reviewer's selection has the index and text the coder gives its events."""
    for e in stored:
        if e["doc_id"] == "xss":
            continue
        r = writer.post("/api/reviews/missed", json={
            "article_id": e["doc_id"], "quote": e["sentence"][3:40], "offset": 0,
            "part": "title" if e["sentence_index"] == 0 else "body",
            "source": {"code": "UKR", "text": "Kyiv"}, "target": None, "cameo": "020", "reviewer": "bob"},
            headers=AUTH)
        assert r.status_code == 201, r.text
        got = r.json()
        assert (got["sentence_index"], got["sentence"]) == (e["sentence_index"], e["sentence"])
        assert got["source"]["country"] == "UKR" and got["cameo_root"] == "02" and got["verdict"] == "missed"
    title = writer.post("/api/reviews/missed", json={"article_id": "wire-2", "quote": "near Kharkiv", "part": "title",
                                                     "source": {"code": "RUS"}, "cameo": "190"}, headers=AUTH)
    assert title.json()["sentence_index"] == 0 and title.json()["sentence"] == "Fighting near Kharkiv"
    bad = writer.post("/api/reviews/missed", json={"article_id": "wire-2", "quote": "not in the text",
                                                   "source": {"code": "RUS"}, "cameo": "190"}, headers=AUTH)
    assert bad.status_code == 404 and "not in the text of article 'wire-2'" in bad.json()["detail"]
    assert writer.post("/api/reviews/missed", json={"article_id": "none", "quote": "ab", "source": {"code": "RUS"},
                                                    "cameo": "190"}, headers=AUTH).status_code == 404
    listed = writer.get("/api/reviews/missed", params={"article": "wire-2"}).json()
    assert listed["total"] >= 2 and all(m["article_id"] == "wire-2" for m in listed["items"])
    assert writer.get("/api/reviews").json()["total"] == 0  # added events are listed apart from judgments


def test_the_schema_documents_reading_always_and_writing_with_the_token(writer, client):
    spec = writer.get("/openapi.json").json()
    ops = spec["paths"]["/api/reviews"]
    assert {"get", "post"} <= set(ops) and "put" in spec["paths"]["/api/reviews/{review_id}"]
    assert {"201", "200", "401", "403", "404"} <= set(ops["post"]["responses"])
    assert ops["post"]["security"] and "security" not in ops["get"]
    assert "post" in spec["paths"]["/api/reviews/missed"]
    assert "/api/precision" in spec["paths"]
    open_spec = client.get("/openapi.json").json()
    assert set(open_spec["paths"]["/api/reviews"]) == {"get"}
    assert client.post("/api/reviews", json={"event_id": "x", "verdict": "correct"}).status_code == 405


def test_pages_carry_review_controls_only_with_a_token(writer, client):
    page = client.get("/articles/wire-1").text
    assert "review.js" not in page and 'data-reviews="on"' not in page and "/review" not in page
    page = writer.get("/articles/wire-1").text
    assert "/static/review.js" in page and 'data-reviews="on"' in page
    assert "review-controls" not in page  # built by the script, once the browser holds the token
    assert "read-only" in client.get("/review").text
    assert 'id="review-signin"' in writer.get("/review").text
    assert writer.get("/review", params={"next": "//evil.example/"}).text.count('value="/articles"') == 1


def test_precision_page_and_api_show_the_judgments(writer):
    ids = {e["trigger"]: e["id"] for e in writer.get("/api/events", params={"article": "wire-1"}).json()["items"]}
    for trigger, body in (("imposed sanctions", {"verdict": "correct"}),
                          ("sanctions", {"verdict": "wrong", "error_class": "duplicate"}),
                          ("condemned", {"verdict": "wrong", "correction": {"cameo": "112"}})):
        assert writer.post("/api/reviews", json={"event_id": ids[trigger], "reviewer": "ann", **body},
                           headers=AUTH).status_code == 201
    p = writer.get("/api/precision").json()
    assert p["reviews"]["judged_events"] == 3 and p["reviews"]["articles_complete"] == 1
    # (EU, RUS, 16) right; (EU, BLR, 16) wrong; (RUS, EU, 11) right: 112 keeps the root of 111
    assert (p["overall"]["judged"], p["overall"]["correct"], p["overall"]["core"], p["overall"]["found"]) == (
        3, 2, 2, 2)
    page = writer.get("/precision").text
    assert 'id="precision-table"' in page and "0.667" in page
    by_root = writer.get("/api/precision", params={"by": "root"}).json()
    assert {r["value"] for r in by_root["rows"]} == {"16", "11"}
    badges = writer.get("/articles/wire-1").text
    assert "✓ correct · ann" in badges and "✗ duplicate · ann" in badges and "✎ corrected code 112 · ann" in badges


def test_reviewer_names_and_notes_are_shown_literally(writer):
    e = _event(writer, "wire-2", "attacked")
    name = '<img src=x onerror="window.__pwned=1">'
    r = writer.post("/api/reviews", json={"event_id": e["id"], "verdict": "correct", "reviewer": name,
                                          "note": "<script>alert(1)</script>"}, headers=AUTH)
    assert r.status_code == 201 and r.json()["reviewer"] == name
    for url in ("/articles/wire-2", "/events?article=wire-2", "/precision"):
        page = writer.get(url).text
        assert name not in page and "<script>alert(1)</script>" not in page, url
    assert "&lt;img src=x onerror=" in writer.get("/articles/wire-2").text
