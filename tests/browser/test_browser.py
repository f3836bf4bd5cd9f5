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
    expect(page.locator("#chart-dyad")).to_have_attribute("data-drawn", "1")
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
