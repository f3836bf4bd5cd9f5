"""Reviewing in a real browser: a reviewer signs in with the token, judges three events (one correct, one wrong
with a class, one corrected) with the keyboard in the article reader and with the buttons in the events table,
adds an event dyads missed by selecting words of its sentence, and the precision page shows the right counts.
Without the token the controls are absent and the API answers 401."""
from __future__ import annotations

import os
import re

import pytest

try:
    import pytest_playwright  # noqa: F401  (provides the `page` fixture)
    from playwright.sync_api import expect
except ImportError:  # pragma: no cover
    if os.environ.get("CI"):
        raise
    pytest.skip("Playwright is not installed (pip install playwright pytest-playwright)", allow_module_level=True)

pytestmark = pytest.mark.browser


@pytest.fixture
def errors(page):
    seen: list[str] = []
    page.on("pageerror", lambda exc: seen.append(str(exc)))
    page.on("console", lambda msg: seen.append(msg.text) if msg.type == "error" else None)
    return seen


def select_words(page, container: str, words: str) -> None:
    """Select ``words`` inside ``container`` as a mouse drag would."""
    found = page.evaluate("""([sel, words]) => {
        const root = document.querySelector(sel);
        const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
        let n;
        while ((n = walker.nextNode())) {
            const i = n.data.indexOf(words);
            if (i >= 0) {
                const r = document.createRange();
                r.setStart(n, i); r.setEnd(n, i + words.length);
                const s = window.getSelection(); s.removeAllRanges(); s.addRange(r);
                return true;
            }
        }
        return false; }""", [container, words])
    assert found, words


def test_without_the_token_there_are_no_controls_and_writes_get_401(page, review_server, errors):
    base, _ = review_server
    page.goto(base + "/articles/wire-1")
    expect(page.locator("ol.evlist li[data-event]").first).to_be_visible()
    page.wait_for_timeout(300)  # the script had its chance
    assert page.locator(".review-controls, #missed-form").count() == 0
    page.keyboard.press("c")  # shortcuts do nothing either
    ev = page.locator("ol.evlist li[data-event]").first.get_attribute("data-event")
    r = page.request.post(base + "/api/reviews", data={"event_id": ev, "verdict": "correct"})
    assert r.status == 401
    r = page.request.post(base + "/api/reviews", data={"event_id": ev, "verdict": "correct"},
                          headers={"Authorization": "Bearer wrong"})
    assert r.status == 403
    assert page.request.get(base + "/api/reviews").json()["items"] == []
    page.goto(base + "/review")  # a wrong token does not sign in
    page.fill("input[name=token]", "wrong")
    page.fill("input[name=reviewer]", "mallory")
    page.click("#review-signin button[type=submit]")
    expect(page.locator("#signin-message")).to_have_text("Wrong token.")
    page.goto(base + "/articles/wire-1")
    page.wait_for_timeout(300)
    assert page.locator(".review-controls").count() == 0
    assert [e for e in errors if "status of 403" not in e] == []  # the refused sign-in is the only error


def test_a_reviewer_judges_events_adds_a_missed_one_and_sees_the_counts(page, review_server, tmp_path, errors):
    base, token = review_server
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(base + "/review?next=/articles/wire-1")
    page.fill("input[name=token]", token)
    page.fill("input[name=reviewer]", "ann")
    page.click("#review-signin button[type=submit]")
    page.wait_for_url("**/articles/wire-1")
    expect(page.locator("body")).to_have_attribute("data-reviewing", "ready")
    items = page.locator("ol.evlist li[data-event]")
    assert items.count() == 3 and page.locator(".review-controls").count() == 3
    triggers = [t.split("”")[0].split("“")[-1] for t in items.locator(":scope > .meta").all_inner_texts()]
    assert triggers == ["sanctions", "imposed sanctions", "condemned"]

    # the keyboard: the headline repeats the body's act without its target (w, 6: duplicate), then c: correct
    current = re.compile(r"\bcurrent\b")
    expect(items.nth(0)).to_have_class(current)
    page.keyboard.press("w")
    expect(items.nth(0).locator(".rv-classes")).to_be_visible()
    page.keyboard.press("6")
    expect(items.nth(0).locator(".verdict")).to_have_text("✗ duplicate · ann")
    expect(items.nth(1)).to_have_class(current)  # saving moved on to the next event
    page.keyboard.press("c")
    expect(items.nth(1).locator(".verdict")).to_have_text("✓ correct · ann")
    page.screenshot(path=tmp_path / "reader-judged.png", full_page=True)

    # the events table: correct the code of "condemned" with the form
    page.goto(base + "/events?article=wire-1")
    expect(page.locator("body")).to_have_attribute("data-reviewing", "ready")
    row = page.locator("#events-table tbody tr[data-event]").filter(has_text="condemned")
    expect(row.locator(".rv-badge")).to_have_text("")
    row.locator("button.rv-edit").click()
    expect(row.locator("input[name=cameo]")).to_have_value("111")
    row.locator("input[name=cameo]").fill("112")
    row.locator("button.rv-save").click()
    expect(row.locator(".verdict")).to_have_text("✎ corrected code 112 · ann")
    assert page.locator("#events-table .verdict").count() == 3
    page.screenshot(path=tmp_path / "events-judged.png", full_page=True)

    # a missed event: Ukraine accused Russia of shelling civilians — the shelling itself is an event
    page.goto(base + "/articles/wire-2")
    expect(page.locator("body")).to_have_attribute("data-reviewing", "ready")
    select_words(page, "#article-text", "shelling civilians")
    page.keyboard.press("a")
    expect(page.locator("#missed-selection")).to_have_text("“shelling civilians”")
    form = page.locator("#missed-form")
    expect(form.locator("input[name=source]")).to_be_focused()
    page.keyboard.type("RUS")
    form.locator("input[name=cameo]").fill("194")
    form.locator("input[name=target]").fill("UKRCVL")
    form.locator("input[name=target_text]").fill("civilians")
    form.locator("button[type=submit]").click()
    added = page.locator("#missed-list li[data-missed]")
    expect(added).to_have_count(1)
    expect(added).to_contain_text("194")
    expect(added).to_contain_text("Ukraine accused Russia of shelling civilians.")

    # the precision page: three judged, one added; wire-1 counts, wire-2 waits for its two events
    page.goto(base + "/precision")
    for cell, value in (("#n-judged", "3"), ("#n-correct", "1"), ("#n-wrong", "1"), ("#n-corrected", "1"),
                        ("#n-missed", "1"), ("#n-complete", "1 / 2")):
        expect(page.locator(cell)).to_have_text(value)
    overall = page.locator("#precision-table tr.overall")
    # groups: (EU, RUS, 16) right; (EU, BLR, 16) wrong; (RUS, EU, 11) right — 112 keeps 111's root
    expect(overall.locator("td.judged")).to_have_text("3")
    expect(overall.locator("td.correct")).to_have_text("2")
    expect(overall.locator("td.precision")).to_have_text("0.667")
    expect(overall.locator("td.core")).to_have_text("2")
    expect(overall.locator("td.recall")).to_have_text("1.000")
    expect(page.locator("#partial")).to_contain_text("Fighting near Kharkiv")
    expect(page.locator("#partial")).to_contain_text("2 events to judge")
    page.screenshot(path=tmp_path / "precision.png", full_page=True)

    items = page.request.get(base + "/api/reviews").json()["items"]
    assert sorted((i["verdict"], i["error_class"]) for i in items) == [
        ("correct", None), ("wrong", "duplicate"), ("wrong", "wrong_code")]
    assert all(i["reviewer"] == "ann" and i["created_at"] for i in items)
    assert page.request.get(base + "/api/reviews/missed").json()["total"] == 1

    # signing out takes the controls away again
    page.goto(base + "/review")
    page.click("#review-signout")
    page.goto(base + "/articles/wire-1")
    page.wait_for_timeout(300)
    assert page.locator(".review-controls").count() == 0
    assert page.locator("ol.evlist .verdict").count() == 3  # the judgments stay visible to every reader
    assert errors == []
