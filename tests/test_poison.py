"""Poison pills (issue 18, item 2): one bad article is skipped with its name and the reason, the rest of the batch is
stored, and a re-run neither stops at the same place nor changes anything. Dates that cannot be — a publication
date of year 1 (Go's zero time) or 9999, an event "in 0001" or "in 9999" — are no dates."""
from __future__ import annotations

import datetime as dt
import json

import pytest
from hypothesis import given, settings, strategies as st
from sqlalchemy import func, select

from dyads.model import Article, parse_date
from dyads.store import connect, ingest_articles, stored_events
from dyads.store.models import ArticleRow, EventRow
from dyads.when import EARLIEST, EVENT_HORIZON, plausible_event_date, plausible_publication, resolve_expression

GOOD = "Russia condemned the United States on Monday."


def _feed(path, records):
    path.write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")
    return path


POISON = [
    {"id": "go-zero", "text": GOOD, "published": "0001-01-01T00:00:00Z"},
    {"id": "year-1-jan-3", "text": GOOD, "published": "0001-01-03"},
    {"id": "roman", "text": "In 0001 Russian troops attacked Germany.", "published": "2019-01-15"},
    {"id": "far-future", "text": "Russia said it will attack Ukraine in 9999.", "published": "2019-01-15"},
    {"id": "nines", "text": "Iran condemned the strike on Monday.", "published": "9999-12-31"},
    {"id": "not-a-date", "text": "Turkey condemned the attack on Monday.", "published": "not-a-date"},
    {"id": "good", "text": "The European Union imposed sanctions on Russia on Monday.", "published": "2019-01-14"},
]


def test_poison_pills_do_not_stop_an_ingest_and_each_is_named(tmp_path, cli):
    url = f"sqlite:///{tmp_path / 'p.db'}"
    first = cli("ingest", str(_feed(tmp_path / "first.jsonl", [POISON[-1]])), "--db", url)
    assert first.returncode == 0, first.stderr  # a non-empty database: 9999-12-31 once broke its clustering
    feed = _feed(tmp_path / "feed.jsonl", POISON)
    r = cli("ingest", str(feed), "--db", url)
    assert r.returncode == 0, r.stderr  # warnings only: every article was stored
    assert "Traceback" not in r.stderr and "out of range" not in r.stderr
    for line in (1, 2, 5):
        assert f"feed.jsonl:{line}: publication date" in r.stderr and "ignored" in r.stderr
    assert "feed.jsonl:6: field 'published' ignored at line 6: \"not-a-date\" is not a date" in r.stderr
    _, sessions = connect(url, read_only=True)
    with sessions() as s:
        published = dict(s.execute(select(ArticleRow.id, ArticleRow.published)).all())
    assert set(published) == {p["id"] for p in POISON}
    assert published["go-zero"] is None and published["nines"] is None and published["not-a-date"] is None
    dates = {e["doc_id"]: e["date"] for e in stored_events(sessions)}
    assert dates["roman"] == "2019-01-15" and dates["far-future"] == "2019-01-15"  # the publication date instead
    for day in dates.values():
        assert day is None or "1900-01-01" <= day <= "2030-01-01"
    again = cli("ingest", str(feed), "--db", url)
    assert again.returncode == 0 and "stored 0 article(s)" in again.stderr


def test_code_reports_implausible_dates_the_same_way(tmp_path, cli):
    r = cli("code", str(_feed(tmp_path / "feed.jsonl", POISON)), "--format", "jsonl")
    assert r.returncode == 0, r.stderr
    events = [json.loads(line) for line in r.stdout.splitlines()]
    assert {e["doc_id"] for e in events} >= {"roman", "far-future", "good"}
    assert all(e["date"] is None or e["date"] >= "1900" for e in events)
    assert all(e["published"] is None or "1900" <= e["published"] <= "2030" for e in events)


@pytest.mark.parametrize("expression", ["in 0001", "0001", "in 9999", "9999", "in the year 1066", "1899"])
def test_implausible_expressions_name_no_date(expression):
    assert resolve_expression(expression, dt.date(2019, 1, 15), "past") == (None, None)
    assert resolve_expression(expression, dt.date(2019, 1, 15), "future") == (None, None)


def test_plausible_dates_still_resolve():
    assert resolve_expression("1956", dt.date(2019, 1, 15), "past") == (dt.date(1956, 1, 1), "year")
    assert resolve_expression("in 2021", dt.date(2019, 1, 15), "future") == (dt.date(2021, 1, 1), "year")
    assert resolve_expression("last Monday", dt.date(1, 1, 1), "past") == (None, None)  # no overflow
    assert resolve_expression("on Monday", dt.date(9999, 12, 31), "past") == (None, None)


@settings(max_examples=300, deadline=None)
@given(base=st.one_of(st.none(), st.dates()),
       expression=st.one_of(st.sampled_from(["on Monday", "last week", "in 0001", "in 9999", "next year", "1066",
                                             "March 3, 2017", "yesterday", "in 2100", "the 1890s", "year 1"]),
                            st.from_regex(r"(in |on |by )?[0-9]{1,4}( (BC|AD))?", fullmatch=True),
                            st.dates().map(lambda d: d.isoformat())))
def test_every_resolved_date_is_plausible(base, expression):
    day, precision = resolve_expression(expression, base, "past")
    if day is not None:
        assert plausible_event_date(day, base if plausible_publication(base) else None)
        assert day >= EARLIEST and precision


@settings(max_examples=300, deadline=None)
@given(st.dates())
def test_plausible_publication_bounds(day):
    ok = plausible_publication(day)
    assert ok == (EARLIEST <= day <= dt.date.today() + dt.timedelta(days=366))
    if ok:
        assert plausible_event_date(day, day) and plausible_event_date(day + EVENT_HORIZON - dt.timedelta(1), day)


def test_one_article_the_coder_cannot_code_is_skipped_and_the_rest_stored(tmp_path, coder):
    from dyads.pipeline import code_articles

    class Fragile:  # the real coder, failing on one article as a bug on odd input would
        def code_doc(self, doc, article):
            if article.id == "bad":
                raise RecursionError("maximum recursion depth exceeded")
            return coder.code_doc(doc, article)

    articles = [Article(id=i, text=GOOD, published=parse_date("2022-02-22")) for i in ("one", "bad", "two")]
    problems = []
    _, sessions = connect(f"sqlite:///{tmp_path / 'c.db'}")
    report = ingest_articles(articles, sessions, lambda s: code_articles(s, coder=Fragile()),
                             on_problem=lambda a, why: problems.append((a.id, why)))
    assert report.stored == 2 and report.skipped == 1
    assert problems == [("bad", "could not be coded (RecursionError: maximum recursion depth exceeded)")]
    with sessions() as s:
        assert sorted(s.scalars(select(ArticleRow.id))) == ["one", "two"]
    again = ingest_articles(articles, sessions, lambda s: code_articles(s, coder=coder))
    assert again.stored == 1 and again.unchanged == 2  # the skipped one was not stored as if coded


def test_a_batch_that_cannot_be_parsed_is_parsed_article_by_article(monkeypatch, coder):
    import dyads.pipeline as pipeline

    real_batch, real_one = pipeline.parse_articles, pipeline.parse_one

    def batch(articles, **kw):
        articles = list(articles)
        if any(a.id == "huge" for a in articles):
            raise MemoryError("Unable to allocate 720. MiB")
        return real_batch(articles, **kw)

    def one(article):
        if article.id == "huge":
            raise MemoryError("Unable to allocate 720. MiB")
        return real_one(article)

    monkeypatch.setattr(pipeline, "parse_articles", batch)
    monkeypatch.setattr(pipeline, "parse_one", one)
    articles = [Article(id=i, text=GOOD, published=parse_date("2022-02-22")) for i in ("a", "huge", "b")]
    coded = list(pipeline.code_articles(articles, coder=coder))
    assert [(c.article.id, c.problem is None, bool(c.events)) for c in coded] == [
        ("a", True, True), ("huge", False, False), ("b", True, True)]
    assert "MemoryError" in coded[1].problem and "could not be parsed" in coded[1].problem


def _coded_with_event_date(coder, article: Article, day: str):
    """A coded article whose event carries ``day`` as its date: what reaches the store when a coder (or a
    dictionary) dates an event outside what the database and the clustering can hold."""
    from dyads.pipeline import code_articles

    item = next(code_articles([article], coder=coder))
    for e in item.events:
        e.date = day
    return item


def test_the_store_skips_only_the_article_it_cannot_hold(tmp_path, coder):
    _, sessions = connect(f"sqlite:///{tmp_path / 's.db'}")
    store_skips_only_the_article_it_cannot_hold(sessions, coder)


def store_skips_only_the_article_it_cannot_hold(sessions, coder):
    """(also run on PostgreSQL by test_store_pg)"""
    from dyads.pipeline import code_articles

    articles = [Article(id=i, text=GOOD, published=parse_date("2022-02-22")) for i in ("one", "year-1", "two")]
    poisoned = _coded_with_event_date(coder, articles[1], "0001-01-02")

    def code(stream):
        for item in code_articles(stream, coder=coder):
            yield poisoned if item.article.id == "year-1" else item

    problems = []
    ingest_articles([Article(id="before", text="Iran condemned the strike on Monday.",
                             published=parse_date("2022-02-20"))], sessions, code)  # a non-empty database
    report = ingest_articles(articles, sessions, code, on_problem=lambda a, why: problems.append((a.id, why)))
    assert report.stored == 2 and report.skipped == 1
    assert problems[0][0] == "year-1" and problems[0][1].startswith("not stored (date value out of range")
    with sessions() as s:
        assert sorted(s.scalars(select(ArticleRow.id))) == ["before", "one", "two"]
        assert s.scalar(select(func.count()).select_from(EventRow).where(EventRow.cluster_id.is_(None))) == 0
