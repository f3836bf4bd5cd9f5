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
    ("late last year", "past", (dt.date(2021, 10, 1), "quarter")),   # its last quarter
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


# ---- the direction of a date from the tense, the week of a Sunday paper, parts of a year --------------------------
SUNDAY = dt.date(2022, 2, 27)  # Sunday 27 February 2022


@pytest.mark.parametrize("text, base, prefer, expected", [
    ("last week", SUNDAY, "past", (dt.date(2022, 2, 21), "week")),          # the week ending, in a Sunday paper
    ("last week", dt.date(2022, 2, 26), "past", (dt.date(2022, 2, 14), "week")),  # a Saturday's: the one before
    ("Thursday next week", TUESDAY, "past", (dt.date(2022, 3, 3), "day")),
    ("on Thursday and Friday next week", TUESDAY, "past", (dt.date(2022, 3, 3), "day")),
    ("Monday of last week", TUESDAY, "future", (dt.date(2022, 2, 14), "day")),
    ("late 2016", TUESDAY, "past", (dt.date(2016, 10, 1), "quarter")),
    ("mid-2015", TUESDAY, "past", (dt.date(2015, 7, 1), "quarter")),
    ("early next year", TUESDAY, "past", (dt.date(2023, 1, 1), "quarter")),
    ("the end of last year", TUESDAY, "past", (dt.date(2021, 10, 1), "quarter")),
    ("earlier this year", TUESDAY, "past", (dt.date(2022, 1, 1), "year")),
    ("Wednesday", TUESDAY, "nearest", (dt.date(2022, 2, 23), "day")),       # tomorrow, not six days ago
    ("Sunday", TUESDAY, "nearest", (dt.date(2022, 2, 20), "day")),          # two days ago, not five ahead
    ("2014 and 2015", TUESDAY, "past", (dt.date(2014, 1, 1), "year")),     # a pair dateparser cannot read: the first
    ("two days", TUESDAY, "past", (None, None)),                           # lengths of time are no dates
    ("24 hours", TUESDAY, "future", (None, None)),
    ("several weeks", TUESDAY, "past", (None, None)),
    ("two days ago", TUESDAY, "past", (dt.date(2022, 2, 20), "day")),
    ("a decade ago", TUESDAY, "past", (dt.date(2012, 1, 1), "year")),       # counted back: a year, not vague
    ("nearly two years ago", TUESDAY, "past", (dt.date(2020, 1, 1), "year")),
    ("for decades", TUESDAY, "past", (None, None)),
    ("earlier on Monday", TUESDAY, "past", (dt.date(2022, 2, 21), "day")),
    ("late Sunday night", TUESDAY, "past", (dt.date(2022, 2, 20), "day")),
    ("early on Thursday", TUESDAY, "future", (dt.date(2022, 2, 24), "day")),
    ("over the weekend", TUESDAY, "past", (dt.date(2022, 2, 19), "day")),
    ("this weekend", TUESDAY, "future", (dt.date(2022, 2, 26), "day")),
    ("the end of January", TUESDAY, "past", (dt.date(2022, 1, 1), "month")),
])
def test_more_expressions(text, base, prefer, expected):
    assert resolve_expression(text, base, prefer) == expected


def test_period_middle():
    from dyads.when import period_middle

    assert period_middle(dt.date(2016, 1, 1), "year") == dt.date(2016, 7, 2)
    assert period_middle(dt.date(2016, 10, 1), "quarter") == dt.date(2016, 11, 16)
    assert period_middle(dt.date(2022, 2, 14), "week") == dt.date(2022, 2, 17)
    assert period_middle(dt.date(2022, 2, 14), "day") == dt.date(2022, 2, 14)


def _dates(events):
    return sorted({(e.cameo[:2], e.date, e.date_precision) for e in events})


def test_tense_sets_the_direction_of_a_weekday(code):
    # a meeting to be held, called by a present perfect: after publication (Tuesday 22 February 2022)
    events = code("A summit between Russia and France to be held in Geneva on Friday has been announced by the UN.")
    assert ("04", "2022-02-25", "day") in _dates(events)
    # an arrangement in the present progressive
    events = code("The UN envoy is convening talks between Russia and Ukraine in Vienna on Thursday.")
    assert ("04", "2022-02-24", "day") in _dates(events)
    # a length of time is no date, and a pair of days in a named week is that week's first
    events = code("The UN envoy said he is convening three days of talks between Russia and Ukraine in Geneva on "
                  "Monday and Tuesday next week.")
    assert {d for _, d, _ in _dates(events)} == {"2022-02-28"}
    # the future of a past saying: the nearer reading (Monday, yesterday, not next Monday)
    events = code("Putin said Russia would withdraw its ambassador from Lithuania on Monday.")
    assert {d for _, d, p in _dates(events) if p == "day"} == {"2022-02-21"}


def test_a_clause_without_its_own_date_takes_its_governors(code):
    # a participle without a subject of its own
    events = code("On Saturday, Russian forces shelled a Ukrainian position near Kharkiv, wounding three Ukrainian "
                  "soldiers.")
    assert {d for _, d, _ in _dates(events)} == {"2022-02-19"}
    # a verb coordinated with its head, sharing its subject
    events = code("Turkish jets struck Kurdish positions in Iraq on Sunday and killed four PKK fighters.")
    assert {d for _, d, _ in _dates(events)} == {"2022-02-20"}
    # what a speaker says happened is dated by the saying, and a reported "would" does not turn its Tuesday ahead
    events = code("France announced on Monday it would prosecute French Isis members returning from Syria.")
    assert {d for _, d, _ in _dates(events)} == {"2022-02-21"}
    events = code("The UN said on Sunday that Russian troops had shelled Ukrainian soldiers near Mariupol.")
    assert _dates(events) == [("19", "2022-02-20", "day")]
    events = code("The UN said on Sunday that Russian troops had shelled Ukrainian positions near Mariupol on Friday.")
    assert _dates(events) == [("19", "2022-02-18", "day")]  # its own date first


def test_a_month_name_that_is_a_person_is_no_date(code):
    events = code("After his talks with May in London, the Turkish prime minister praised Britain.",
                  published="2017-11-27")
    assert all(e.date == "2017-11-27" for e in events) and events
    events = code("The European court of human rights backed Britain in one such case in May.",
                  published="2017-11-27")
    assert [(e.date, e.date_precision) for e in events] == [("2017-05-01", "month")]


def test_an_act_of_last_year_is_news_until_its_middle_is_a_year_old(code):
    # "late last year", published 10 January: two and a half months ago, not "more than a year"
    events = code("Pompeo praised the Israeli government late last year.", published="2019-01-10")
    assert [(e.date, e.date_precision) for e in events] == [("2018-10-01", "quarter")]
    # "in late 2016", in a paper of December 2018: background
    assert code("The Syrian army recaptured Aleppo from the rebels in late 2016.", published="2018-12-30") == []


def test_an_act_years_ago_is_background(code):
    assert code("Two years ago, Turkish troops attacked Kurdish fighters in Afrin.") == []
    events = code("A year ago, Turkish troops attacked Kurdish fighters in Afrin.", published="2022-01-10")
    assert {(e.date, e.date_precision) for e in events} == {("2021-01-01", "year")}
