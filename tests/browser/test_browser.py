"""The web pages in a real browser: charts drawn, filters applied, evidence highlighted, article text inert."""
from __future__ import annotations

import os

import pytest

try:
    import pytest_playwright  # noqa: F401  (provides the `page` fixture)
    from playwright.sync_api import expect
except ImportError:  # pragma: no cover
    if os.environ.get("CI"):
        raise
    pytest.skip("Playwright is not installed (pip install playwright pytest-playwright)", allow_module_level=True)

from conftest_web import XSS_IMG, XSS_SCRIPT

pytestmark = pytest.mark.browser


@pytest.fixture
def errors(page):
    """JavaScript errors on the page, which must stay empty."""
    seen: list[str] = []
    page.on("pageerror", lambda exc: seen.append(str(exc)))
    page.on("console", lambda msg: seen.append(msg.text) if msg.type == "error" else None)
    return seen


def test_dashboard_draws_the_charts(page, live_server, tmp_path, errors):
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(live_server + "/?source=RUS&target=UKR")
    corpus = page.locator("#chart-corpus")
    expect(corpus).to_have_attribute("data-drawn", "3")  # Feb, Mar, Apr 2022
    assert page.locator("#chart-corpus rect.bar").count() >= 3
    # Russia → Ukraine: the attack (March, material conflict) and the agreed talks (April, cooperation)
    expect(page.locator("#chart-dyad")).to_have_attribute("data-drawn", "2")
    assert page.locator("#chart-dyad rect.bar.q4").count() >= 1
    page.screenshot(path=tmp_path / "dashboard.png", full_page=True)
    page.goto(live_server + "/network")
    page.wait_for_selector("#network g.node")
    assert page.locator("#network line.edge").count() >= 1
    page.screenshot(path=tmp_path / "network.png", full_page=True)
    page.locator('#network g.node[data-code="RUS"] circle').click()
    page.wait_for_url("**/events?actor=RUS")
    assert errors == []


def test_events_table_filtered_by_a_dyad(page, live_server, tmp_path, errors):
    page.goto(live_server + "/events")
    page.fill("input[name=source]", "RUS")
    page.fill("input[name=target]", "UKR")
    page.click("#event-filters button[type=submit]")
    page.wait_for_url("**/events?*source=RUS*")
    rows = page.locator("#events-table tbody tr[data-source]")
    expect(rows.first).to_be_visible()
    assert rows.count() >= 1
    for i in range(rows.count()):
        row = rows.nth(i)
        src, src_c = row.get_attribute("data-source"), row.get_attribute("data-source-country")
        tgt, tgt_c = row.get_attribute("data-target"), row.get_attribute("data-target-country")
        assert src.startswith("RUS") or src_c == "RUS"
        assert tgt.startswith("UKR") or tgt_c == "UKR"
    page.screenshot(path=tmp_path / "events.png", full_page=True)
    page.click("#events-table th a.sort >> text=Goldstein")
    page.wait_for_url("**sort=goldstein*")
    assert errors == []


def test_article_reader_highlights_the_evidence(page, live_server, tmp_path, errors):
    page.goto(live_server + "/articles")
    page.click("text=Talks in Ankara")  # an id with a slash: daily/3
    page.wait_for_url("**/articles/daily*3")
    mark = page.locator("#article-text mark.ev").first
    expect(mark).to_be_visible()
    assert (mark.get_attribute("id") or "").startswith("ev-")
    assert any("Ankara" in t for t in page.locator("#article-text mark.ev").all_inner_texts())
    assert page.locator("#article-text mark.ev .src").count() >= 1
    page.locator("ol.evlist li").first.hover()
    expect(page.locator("#article-text mark.ev.hot").first).to_be_visible()
    page.screenshot(path=tmp_path / "article.png", full_page=True)
    assert errors == []


def test_article_text_is_shown_literally_and_never_runs(page, live_server, tmp_path):
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(live_server + "/articles/xss")
    body = page.locator("#article-text")
    expect(body).to_contain_text(XSS_SCRIPT)
    expect(body).to_contain_text(XSS_IMG)
    expect(page.locator("h1.title")).to_contain_text("Odd <b>title</b>")
    assert page.locator("#article-text script, #article-text img, h1.title b").count() == 0
    expect(page.locator("#article-text mark.ev")).to_have_count(1)
    page.wait_for_timeout(300)  # give an injected onerror handler its chance
    assert page.evaluate("typeof window.__pwned") == "undefined"
    page.goto(live_server + "/events?q=condemned")
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert dialogs == []
    page.goto(live_server + "/articles/xss")
    page.screenshot(path=tmp_path / "xss.png", full_page=True)


POSTED = {"id": "posted-xss", "title": "<img src=x onerror=\"window.__pwned=3\">Greece condemns Turkey",
          "text": "Greece condemned Turkey on Monday.\n\n<script>window.__pwned=4</script> <svg onload=\"window.__pwned=5\">"
                  "</svg> <a href=\"javascript:window.__pwned=6\">link</a> <iframe src=\"javascript:alert(1)\">",
          "published": "2022-05-02", "source": "<script>window.__pwned=7</script>"}


@pytest.fixture(scope="module")
def token_server(web_db, chromium, tmp_path_factory):
    """`dyads serve --token` on a copy of the test database: base URL and token."""
    import shutil
    import socket
    import subprocess
    import sys
    import time

    import httpx

    folder = tmp_path_factory.mktemp("token-server")
    db = folder / "copy.db"
    shutil.copy(web_db.removeprefix("sqlite:///"), db)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    token = "browser-test-token"
    with open(folder / "server.log", "wb") as out:
        proc = subprocess.Popen([sys.executable, "-m", "dyads.web.command", "--db", f"sqlite:///{db}", "--port",
                                 str(port)], stdout=out, stderr=subprocess.STDOUT,
                                env={**os.environ, "DYADS_TOKEN": token})
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            assert proc.poll() is None, (folder / "server.log").read_text()
            try:
                if httpx.get(base + "/api/events?limit=1", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            assert time.monotonic() < deadline, (folder / "server.log").read_text()
            time.sleep(0.1)
        yield base, token
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_article_posted_through_the_api_never_runs_in_the_browser(page, token_server, tmp_path):
    import httpx

    base, token = token_server
    assert httpx.post(base + "/api/articles", json=POSTED, timeout=60).status_code == 401
    r = httpx.post(base + "/api/articles", json=POSTED, headers={"Authorization": f"Bearer {token}"}, timeout=120)
    assert r.status_code == 200 and r.json()["stored"] == 1, r.text
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(base + "/articles/posted-xss")
    expect(page.locator("#article-text")).to_contain_text("<script>window.__pwned=4</script>")
    expect(page.locator("h1.title")).to_contain_text('<img src=x onerror="window.__pwned=3">')
    assert page.locator("#article-text script, #article-text svg, #article-text a, #article-text iframe, "
                        "h1.title img").count() == 0
    page.wait_for_timeout(300)
    assert page.evaluate("typeof window.__pwned") == "undefined"
    for url in ("/articles", "/events?q=condemned", "/outlets", "/"):
        page.goto(base + url)
        page.wait_for_timeout(100)
        assert page.evaluate("typeof window.__pwned") == "undefined", url
    assert dialogs == []
    page.goto(base + "/articles/posted-xss")
    page.screenshot(path=tmp_path / "posted-xss.png", full_page=True)
