"""The REST API, the pages and the analysis functions, against a database filled by really coding short articles.

Expected numbers are computed independently from the stored events (`stored`), so the tests check the API's
filtering and arithmetic, not the coder's current output; a few facts the store tests also rely on are pinned."""
from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from urllib.parse import quote

import pytest

from conftest_web import XSS_IMG, XSS_SCRIPT, client, stored, web_db, web_sessions  # noqa: F401 (fixtures)
from dyads.analyse import EventFilter, actor_network, dyad_series, outlet_comparison, top_actors
from dyads.web.highlight import highlight

CONTRACT_FIELDS = {"id", "doc_id", "sentence_index", "sentence", "trigger", "date", "source", "target", "cameo",
                   "cameo_root", "quad_class", "goldstein", "plover", "location", "attribution", "confidence"}


def _actor_is(actor, value):
    return bool(actor) and (actor["code"].startswith(value) or actor["country"] == value)


def naive(events, actor=None, source=None, target=None, cameo=None, root=None, quad=None, date_from=None,
          date_to=None, outlet=None, q=None, article=None, dyad=None):
    """The filters' meaning, written out plainly."""
    if dyad:
        source, target = dyad.split("-")
    out = []
    for e in events:
        if actor and not (_actor_is(e["source"], actor) or _actor_is(e["target"], actor)):
            continue
        if source and not _actor_is(e["source"], source):
            continue
        if target and not _actor_is(e["target"], target):
            continue
        if cameo and not e["cameo"].startswith(cameo):
            continue
        if root and e["cameo_root"] != root:
            continue
        if quad and e["quad_class"] != int(quad):
            continue
        if date_from and not (e["date"] and e["date"] >= date_from):
            continue
        if date_to and not (e["date"] and e["date"] <= date_to):
            continue
        if outlet and e["outlet"] != outlet:
            continue
        if q and q.lower() not in e["sentence"].lower():
            continue
        if article and e["doc_id"] != article:
            continue
        out.append(e)
    return out


def test_the_test_articles_gave_the_events_the_tests_rely_on(stored):
    triples = {(e["source"]["code"], e["cameo"], (e["target"] or {}).get("code")) for e in stored}
    assert ("IGOEUREEC", "163", "RUS") in triples
    assert any(e["source"]["country"] == "RUS" and (e["target"] or {}).get("country") == "UKR" for e in stored)
    assert {e["outlet"] for e in stored} == {"Alpha Times", "Beta Daily"}


# --- /api/events ------------------------------------------------------------------------------------------------

def test_events_lists_every_event_in_the_contract_format(client, stored):
    r = client.get("/api/events", params={"limit": 500})
    assert r.status_code == 200
    body = r.json()
    assert body["total"] == len(stored) and len(body["items"]) == len(stored)
    by_id = {e["id"]: e for e in stored}
    for item in body["items"]:
        assert CONTRACT_FIELDS <= item.keys()
        want = by_id[item["id"]]
        for k in CONTRACT_FIELDS | {"outlet", "published", "url"}:
            assert item[k] == want[k], k
        assert set(item["source"]) >= {"text", "name", "code", "country", "org", "sector"}
        assert item["plover"]["event"].isupper()


def test_pagination_walks_every_event_once(client, stored):
    seen, offset = [], 0
    while True:
        body = client.get("/api/events", params={"limit": 2, "offset": offset, "sort": "date"}).json()
        assert body["total"] == len(stored) and body["limit"] == 2 and body["offset"] == offset
        if not body["items"]:
            break
        assert len(body["items"]) <= 2
        seen += [e["id"] for e in body["items"]]
        offset += 2
    assert sorted(seen) == sorted(e["id"] for e in stored) and len(seen) == len(set(seen))
    assert client.get("/api/events", params={"offset": 10_000}).json()["items"] == []


@pytest.mark.parametrize("sort,key,reverse", [("date", "date", False), ("-date", "date", True),
                                              ("goldstein", "goldstein", False), ("-goldstein", "goldstein", True)])
def test_sorting(client, sort, key, reverse):
    items = client.get("/api/events", params={"sort": sort, "limit": 500}).json()["items"]
    values = [e[key] for e in items if e[key] is not None]
    assert values == sorted(values, reverse=reverse)


FILTERS = [
    {"actor": "RUS"}, {"actor": "IGOEU"}, {"actor": "UKR"}, {"source": "RUS"}, {"target": "RUS"},
    {"source": "RUSMIL"}, {"dyad": "RUS-UKR"}, {"source": "RUS", "target": "UKR"}, {"dyad": "IGOEUREEC-RUS"},
    {"cameo": "1"}, {"cameo": "163"}, {"cameo": "19"}, {"root": "11"}, {"quad": 1}, {"quad": 3}, {"quad": 4},
    {"date_from": "2022-03-01"}, {"date_to": "2022-02-28"}, {"date_from": "2022-03-01", "date_to": "2022-04-05"},
    {"outlet": "Alpha Times"}, {"outlet": "Beta Daily", "quad": 1}, {"outlet": "Nobody"},
    {"q": "CONDEMNED"}, {"q": "kharkiv"}, {"q": "100%_"}, {"article": "wire-1"}, {"article": "daily/3"},
    {"actor": "rus", "quad": 3}, {"actor": "ZZZ"},
]


@pytest.mark.parametrize("params", FILTERS, ids=lambda p: "&".join(f"{k}={v}" for k, v in p.items()))
def test_filters_select_exactly_the_matching_events(client, stored, params):
    body = client.get("/api/events", params={**params, "limit": 500}).json()
    want = naive(stored, **{k: (v.upper() if k == "actor" else v) for k, v in params.items()})
    assert body["total"] == len(want)
    assert sorted(e["id"] for e in body["items"]) == sorted(e["id"] for e in want)


def test_some_filters_are_not_empty(client):
    for params in ({"dyad": "RUS-UKR"}, {"actor": "RUS"}, {"q": "condemned"}, {"outlet": "Alpha Times"}):
        assert client.get("/api/events", params=params).json()["total"] > 0, params


def test_one_event_and_unknown_ids(client, stored):
    e = stored[0]
    r = client.get(f"/api/events/{e['id']}")
    assert r.status_code == 200 and r.json()["id"] == e["id"] and r.json()["sentence"] == e["sentence"]
    r = client.get("/api/events/doesnotexist")
    assert r.status_code == 404 and "doesnotexist" in r.json()["detail"]


@pytest.mark.parametrize("path,params", [
    ("/api/events", {"limit": 0}), ("/api/events", {"limit": 501}), ("/api/events", {"offset": -1}),
    ("/api/events", {"quad": 5}), ("/api/events", {"quad": "x"}), ("/api/events", {"date_from": "2022-13-01"}),
    ("/api/events", {"date_to": "0"}), ("/api/events", {"sort": "source"}), ("/api/events", {"dyad": "RUS"}),
    ("/api/events", {"cameo": "abc"}), ("/api/events", {"root": "1"}), ("/api/events", {"actor": "R U"}),
    ("/api/events", {"q": "a\x00b"}), ("/api/series", {"freq": "year"}), ("/api/network", {"min_count": 0}),
    ("/api/actors", {"level": "planet"}), ("/api/articles", {"sort": "x"}), ("/api/outlets", {"actors": 99}),
])
def test_bad_parameters_are_422(client, path, params):
    r = client.get(path, params=params)
    assert r.status_code == 422, r.text
    assert isinstance(r.json()["detail"], list)


# --- articles ---------------------------------------------------------------------------------------------------

def test_articles_list_and_detail(client, stored):
    body = client.get("/api/articles").json()
    assert body["total"] == 4
    assert [a["published"] for a in body["items"]] == sorted((a["published"] for a in body["items"]), reverse=True)
    counts = Counter(e["doc_id"] for e in stored)
    assert {a["id"]: a["num_events"] for a in body["items"]} == {a: counts.get(a, 0)
                                                                  for a in ("wire-1", "wire-2", "daily/3", "xss")}
    assert client.get("/api/articles", params={"outlet": "Beta Daily"}).json()["total"] == 2
    assert client.get("/api/articles", params={"q": "kharkiv"}).json()["items"][0]["id"] == "wire-2"
    for path in ("/api/articles/daily/3", "/api/articles/" + quote("daily/3", safe="")):
        a = client.get(path).json()
        assert a["id"] == "daily/3" and a["outlet"] == "Beta Daily" and "Ankara" in a["text"]
        assert sorted(e["id"] for e in a["events"]) == sorted(e["id"] for e in stored if e["doc_id"] == "daily/3")
    assert client.get("/api/articles/nope").status_code == 404


# --- analysis ---------------------------------------------------------------------------------------------------

def _month(d):
    return d[:7]


def test_dyad_series_counts_and_sums_by_quad(web_sessions, stored, client):
    for source, target in ((None, None), ("RUS", None), ("RUS", "UKR"), (None, "RUS")):
        s = dyad_series(web_sessions, source, target, "month")
        evs = [e for e in naive(stored, source=source, target=target) if e["date"]]
        want_n, want_g = Counter(), defaultdict(float)
        for e in evs:
            want_n[(_month(e["date"]), e["quad_class"])] += 1
            want_g[(_month(e["date"]), e["quad_class"])] += e["goldstein"]
        for p in s["periods"]:
            for q in (1, 2, 3, 4):
                assert p["counts"][q] == want_n[(p["period"], q)]
                assert p["goldstein_by_quad"][q] == pytest.approx(want_g[(p["period"], q)])
            assert p["events"] == sum(p["counts"].values())
        assert s["totals"]["events"] == len(evs)
        assert {p["period"] for p in s["periods"] if p["events"]} == {_month(e["date"]) for e in evs}
    periods = [p["period"] for p in dyad_series(web_sessions)["periods"]]
    assert periods == ["2022-02", "2022-03", "2022-04"]  # gaps filled, in order
    weeks = dyad_series(web_sessions, freq="week")["periods"]
    assert all(dt.date.fromisoformat(p["start"]).weekday() == 0 for p in weeks)
    assert sum(p["events"] for p in weeks) == sum(1 for e in stored if e["date"])
    days = dyad_series(web_sessions, freq="day", quad=4)["periods"]
    assert sum(p["events"] for p in days) == len(naive(stored, quad=4))
    api = client.get("/api/series", params={"dyad": "RUS-UKR", "freq": "month"}).json()
    assert api["totals"]["events"] == len(naive(stored, dyad="RUS-UKR")) > 0
    assert set(api["periods"][0]["counts"]) == {"q1", "q2", "q3", "q4"}


def test_actor_network_edges_and_nodes(web_sessions, stored, client):
    net = actor_network(web_sessions, level="code")
    want = Counter((e["source"]["code"], e["target"]["code"]) for e in stored if e["target"])
    assert {(e["source"], e["target"]): e["total"] for e in net["edges"]} == dict(want)
    for e in net["edges"]:
        pair = [x for x in stored if x["target"] and (x["source"]["code"], x["target"]["code"]) ==
                (e["source"], e["target"])]
        assert e["counts"] == {q: sum(1 for x in pair if x["quad_class"] == q) for q in (1, 2, 3, 4)}
        assert e["goldstein_mean"] == pytest.approx(sum(x["goldstein"] for x in pair) / len(pair), abs=1e-3)
    codes = {n["code"]: n for n in net["nodes"]}
    assert set(codes) == {c for pair in want for c in pair}
    rus = [e for e in stored if e["source"]["code"] == "RUS" or (e["target"] or {}).get("code") == "RUS"]
    assert codes["RUS"]["events"] == len(rus) and codes["RUS"]["name"] == "Russia"
    assert actor_network(web_sessions, min_count=99)["edges"] == []
    by_country = actor_network(web_sessions, level="country")
    # Russia → Ukraine: the attack near Kharkiv (material conflict) and the agreed talks (reciprocal, cooperation)
    (edge,) = [e for e in by_country["edges"] if e["source"] == "RUS" and e["target"] == "UKR"]
    assert edge["counts"][4] >= 1 and edge["counts"][1] >= 1 and edge["kind"] == "mixed"
    api = client.get("/api/network", params={"level": "country"}).json()
    assert len(api["edges"]) == len(by_country["edges"]) and set(api["edges"][0]["counts"]) == {"q1", "q2", "q3", "q4"}


def test_top_actors(web_sessions, stored, client):
    top = top_actors(web_sessions, 100, "country")
    involved = Counter()
    for e in stored:
        keys = {e["source"]["country"] or e["source"]["code"]}
        if e["target"]:
            keys.add(e["target"]["country"] or e["target"]["code"])
        involved.update(keys)
    assert {a["code"]: a["events"] for a in top} == dict(involved)
    assert [a["events"] for a in top] == sorted((a["events"] for a in top), reverse=True)
    assert top[0]["code"] == "RUS"
    assert top_actors(web_sessions, 2)[:2] == top_actors(web_sessions, 100)[:2]
    assert client.get("/api/actors", params={"limit": 1, "level": "country"}).json()[0]["code"] == "RUS"


def test_outlet_comparison(web_sessions, stored, client):
    cmp = outlet_comparison(web_sessions, level="country", actors=3)
    rows = {o["outlet"]: o for o in cmp["outlets"]}
    assert set(rows) == {"Alpha Times", "Beta Daily"}
    assert rows["Alpha Times"]["articles"] == 2 and rows["Beta Daily"]["articles"] == 2
    for name, row in rows.items():
        evs = [e for e in stored if e["outlet"] == name]
        assert row["events"] == len(evs)
        assert row["quad_counts"] == {q: sum(1 for e in evs if e["quad_class"] == q) for q in (1, 2, 3, 4)}
        assert sum(row["quad_shares"].values()) == pytest.approx(1, abs=0.01)
        assert row["goldstein_mean"] == pytest.approx(sum(e["goldstein"] for e in evs) / len(evs), abs=1e-3)
        for col, cell in zip(cmp["actors"], row["actors"]):
            mine = [e for e in evs if _actor_is(e["source"], col["actor"]) or _actor_is(e["target"], col["actor"])]
            assert cell["actor"] == col["actor"] and cell["events"] == len(mine)
            if mine:
                assert cell["goldstein_mean"] == pytest.approx(sum(e["goldstein"] for e in mine) / len(mine),
                                                               abs=1e-3)
    assert cmp["actors"][0]["actor"] == "RUS"
    api = client.get("/api/outlets").json()
    assert {o["outlet"] for o in api["outlets"]} == set(rows)
    assert set(api["outlets"][0]["quad_shares"]) == {"q1", "q2", "q3", "q4"}


def test_filters_reach_the_analysis_functions(web_sessions, stored):
    f = EventFilter(outlet="Alpha Times")
    assert dyad_series(web_sessions, filters=f)["totals"]["events"] == len(naive(stored, outlet="Alpha Times"))
    assert dyad_series(web_sessions, date_from=dt.date(2022, 4, 1))["totals"]["events"] == len(
        naive(stored, date_from="2022-04-01"))


# --- the OpenAPI document ---------------------------------------------------------------------------------------

def test_openapi_documents_responses(client):
    spec = client.get("/openapi.json").json()
    paths = spec["paths"]
    assert {"/api/events", "/api/events/{event_id}", "/api/actors", "/api/series", "/api/network", "/api/articles",
            "/api/articles/{article_id}", "/api/outlets"} <= set(paths)
    assert not any(p.startswith("/articles") or p == "/" for p in paths)  # pages are not API
    for path, ops in paths.items():
        responses = ops["get"]["responses"]
        assert {"200", "422"} <= set(responses), path
        assert "$ref" in str(responses["200"]["content"]["application/json"]["schema"]), path
        if "{" in path:
            assert "404" in responses, path


# --- pages ------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("path", ["/", "/?source=RUS&target=UKR&freq=week&mode=goldstein", "/network",
                                  "/network?level=code&min_count=2", "/events", "/events?dyad=RUS-UKR&sort=goldstein",
                                  "/events?date_from=nonsense&quad=9&limit=x&actor=%00&dyad=-", "/articles",
                                  "/articles/wire-1", "/articles/daily%2F3", "/outlets", "/outlets?level=code"])
def test_pages_render_with_a_content_security_policy(client, path):
    r = client.get(path)
    assert r.status_code == 200, r.text[:500]
    assert r.headers["content-type"].startswith("text/html")
    assert "default-src 'self'" in r.headers["content-security-policy"]
    assert "http://" not in r.text.replace("https://example.org/a1", "") and "//cdn" not in r.text


def test_page_for_unknown_article_is_404(client):
    r = client.get("/articles/nope", headers={"accept": "text/html"})
    assert r.status_code == 404 and "<html" in r.text


def test_events_page_rows_match_the_filter(client, stored):
    r = client.get("/events", params={"dyad": "RUS-UKR"})
    want = naive(stored, dyad="RUS-UKR")
    assert r.text.count('<tr data-source="') == len(want) > 0
    for e in want:
        assert f"#ev-{e['id']}" in r.text


def test_article_page_marks_the_evidence_and_escapes_the_text(client, stored):
    r = client.get("/articles/xss")
    assert XSS_SCRIPT not in r.text and XSS_IMG not in r.text and "<b>title</b>" not in r.text
    assert "&lt;script&gt;window.__pwned=1&lt;/script&gt;" in r.text
    assert "Odd &lt;b&gt;title&lt;/b&gt;" in r.text
    for e in (e for e in stored if e["doc_id"] == "xss"):
        assert f'<mark id="ev-{e["id"]}"' in r.text
    r = client.get("/articles/wire-2")
    attack = next(e for e in stored if e["doc_id"] == "wire-2" and e["sentence_index"] > 0)
    assert f'<mark id="ev-{attack["id"]}"' in r.text
    assert '<span class="src">' in r.text and '<span class="trg">' in r.text


def test_highlight_cuts_the_text_around_each_sentence():
    text = "Intro.\n\nRussia condemned the United States. Then <b>more</b>."
    ev = {"id": "e1", "sentence_index": 1, "sentence": "Russia condemned the United States.", "trigger": "condemned",
          "trigger_start": 7, "trigger_end": 16, "quad_class": 3, "source": {"text": "Russia"},
          "target": {"text": "the United States"}}
    pieces = highlight(text, [ev])
    assert "".join(p.text for p in pieces) == text
    mark = next(p for p in pieces if p.mark)
    assert mark.id == "ev-e1" and mark.text == ev["sentence"]
    assert [(x.cls, x.text) for x in mark.parts if x.cls] == [("src", "Russia"), ("trg", "condemned"),
                                                              ("tgt", "the United States")]
    assert highlight(text, [{**ev, "sentence": "Not there."}])[0].text == text  # not found: nothing marked


