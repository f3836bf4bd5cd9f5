"""When: date expressions resolved against the publication date, and the expression that governs the event."""
import datetime as dt

import pytest

from dyads.when import resolve_expression

TUESDAY = dt.date(2022, 2, 22)  # Tuesday 22 February 2022


@pytest.mark.parametrize("text, prefer, expected", [
    ("Monday", "past", (dt.date(2022, 2, 21), "day")),          # the day before publication
    ("on Thursday", "past", (dt.date(2022, 2, 17), "day")),     # last Thursday
    ("Thursday", "future", (dt.date(2022, 2, 24), "day")),      # a meeting announced for Thursday
    ("on Tuesday", "past", (TUESDAY, "day")),                   # the day itself, not a week before
    ("Tuesday night", "past", (TUESDAY, "day")),
    ("yesterday", "past", (dt.date(2022, 2, 21), "day")),
    ("last week", "past", (dt.date(2022, 2, 14), "week")),       # that week, from its Monday
    ("earlier this week", "past", (dt.date(2022, 2, 21), "week")),
    ("earlier this month", "past", (dt.date(2022, 2, 1), "month")),
    ("last month", "past", (dt.date(2022, 1, 1), "month")),
    ("late last year", "past", (dt.date(2021, 1, 1), "year")),
    ("mid-January", "past", (dt.date(2022, 1, 1), "month")),
    ("last weekend", "past", (dt.date(2022, 2, 19), "day")),
    ("4 April", "past", (dt.date(2021, 4, 4), "day")),          # not after the article
    ("Feb. 15, 2022", "past", (dt.date(2022, 2, 15), "day")),
    ("March 2018", "past", (dt.date(2018, 3, 1), "month")),
    ("the past decade", "past", (None, None)),
    ("recent years", "past", (None, None)),
])
def test_expressions(text, prefer, expected):
    assert resolve_expression(text, TUESDAY, prefer) == expected


def test_without_a_publication_date_only_explicit_years_count():
    assert resolve_expression("on Monday", None, "past") == (None, None)
    assert resolve_expression("15 February 2022", None, "past") == (dt.date(2022, 2, 15), "day")


def test_event_takes_the_date_of_its_own_clause(code):
    events = code("Ukraine condemned Russia last month, and Putin met Macron in Moscow on Monday.",
                  published="2022-02-22")
    assert sorted((e.cameo, e.date, e.date_precision) for e in events) == [
        ("040", "2022-02-21", "day"), ("111", "2022-01-01", "month")]
    events = code("On Monday, Putin met Macron in Moscow.", published="2022-02-22")
    assert [(e.cameo, e.date, e.date_precision) for e in events] == [("040", "2022-02-21", "day")]


def test_future_meeting_lands_after_publication(code):
    events = code("Putin will meet Macron on Thursday.", published="2022-02-22")
    assert [(e.cameo, e.date) for e in events] == [("036", "2022-02-24")]


def test_no_date_expression_falls_back_to_publication(code):
    (e,) = code("Russia condemned the United States.", published="2022-02-22")
    assert (e.date, e.date_precision) == ("2022-02-22", "published")


def test_no_publication_date_means_no_date(code):
    (e,) = code("Russia condemned the United States on Monday.", published=None)
    assert e.date is None


@pytest.mark.parametrize("text, expected", [
    ("Putin recognises regions\nBy Jane Doe\nPublished: 22 February 2022, 07:40 GMT\nMOSCOW — Russia ...",
     dt.date(2022, 2, 22)),
    ("US strikes airbase\nWASHINGTON, April 7, 2017 — Two US warships fired missiles ...", dt.date(2017, 4, 7)),
    ("Title\nUpdated 2019-06-13\nHong Kong police fired tear gas.", dt.date(2019, 6, 13)),
    ("Title\nMOSCOW, Feb 21 (Wire) — Russia recognised the republics.", None),  # no year: not trusted
    ("Title\nThe 1990 treaty was signed on 3 October 1990 in Berlin, long before the war that " + "x" * 80, None),
])
def test_publication_date_in_text(text, expected):
    from dyads.when import publication_date_in_text

    assert publication_date_in_text(text) == expected


# ---- the common forms read by rule give what dateparser gives ----------------------------------------------------
RULE_FORMS = ["2015", "1999", "Friday", "on Friday", "last Friday", "Monday", "on Sunday", "last sunday", "last week",
              "this week", "next week", "last month", "this month", "next month", "last year", "this year",
              "next year", "January", "March", "December", "May", "yesterday", "today", "tomorrow", "July 2015",
              "May 2017", "20 January", "1 March", "29 February", "31 December", "March 15", "31 April",
              "20 January 2017", "January 20 2017", "29 February 2019", "29 February 2020", "Last Month", "THIS YEAR"]


def _bases(n_random: int):
    import random

    rnd = random.Random(16)
    bases = [TUESDAY + dt.timedelta(days=k) for k in range(7)]  # every weekday
    bases += [dt.date(y, m, d) for y in (2019, 2020) for m, d in ((1, 1), (2, 28), (3, 1), (12, 31), (6, 30))]
    bases += [dt.date(2020, 2, 29)]
    bases += [dt.date(2000, 1, 1) + dt.timedelta(days=rnd.randrange(10_000)) for _ in range(n_random)]
    return bases


def _compare(bases):
    from dyads.when import _by_dateparser, _by_rule, _normalise

    checked = 0
    for base in [*bases, None]:
        for prefer in ("past", "future"):
            for form in RULE_FORMS:
                text = _normalise(form)
                ruled = _by_rule(text, base, prefer)
                if ruled is None:
                    continue
                assert ruled == _by_dateparser(text, base, prefer), (form, base, prefer)
                checked += 1
    return checked


def test_rule_forms_agree_with_dateparser():
    assert _compare(_bases(4)) > 500


@pytest.mark.slow
def test_rule_forms_agree_with_dateparser_over_many_dates():
    assert _compare(_bases(100)) > 7_000


def test_other_forms_still_go_to_dateparser():
    from dyads.when import _by_rule

    for form in ("seven-year", "a year ago", "one day", "Feb. 15, 2022", "mid-2018", "Friday morning", "2015-16"):
        assert _by_rule(form, TUESDAY, "past") is None
