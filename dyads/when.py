"""When an event happened: the date expression that governs the trigger's clause, resolved against the article's
publication date ("on Monday" in an article of Tuesday 22 February 2022 is 21 February).

dateparser does the resolving (weekdays, "last week", "earlier this month", "Feb. 15, 2022"); this module chooses
which expression belongs to the event: a DATE entity inside the trigger's own clause, nearest in the parse. Without
one the event takes the publication date, marked with precision "published"; without a publication date, only an
explicit date with a year is trusted, else the date is None — never a guess presented as fact.

Implausible dates are no dates: an expression resolving before 1900 ("In 0001 Roman troops …") or more than
``EVENT_HORIZON`` after the publication date ("will attack Ukraine in 9999") is treated as naming none, and a
publication date before 1900 or more than ``PUBLICATION_HORIZON`` from today (Go's zero time 0001-01-01, a 9999-12-31
placeholder) is not a publication date (:func:`plausible_publication`).
"""
from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache

from spacy.tokens import Token

_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")
_VAGUE = re.compile(r"\b(decades?|years|centuries|century|ages|recent|past few|coming|time|times|now|today's)\b",
                    re.IGNORECASE)
_WEEKDAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
_WEEKDAY = re.compile(r"^(?:on\s+|this\s+)?(mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?$", re.IGNORECASE)
_CLAUSE_DEPS = {"ccomp", "advcl", "relcl", "acl", "xcomp", "conj", "parataxis"}


# Newsroom idioms dateparser does not read, rewritten into ones it does (ours, by hand: a handful of patterns whose
# meaning is fixed; everything else is dateparser's). "earlier this month" names the month, at month precision.
_IDIOMS = [
    (re.compile(r"^(?:earlier|later|early|late|at the (?:start|beginning|end) of)\s+this\s+(week|month|year)$", re.I),
     r"this \1"),
    (re.compile(r"^(?:earlier|later|early|late)\s+(?:in\s+)?last\s+(week|month|year)$", re.I), r"last \1"),
    (re.compile(r"^(?:the\s+)?(?:early|late|mid)[- ]?(january|february|march|april|may|june|july|august|september|"
                r"october|november|december)(\s+\d{4})?$", re.I), r"\1\2"),
    (re.compile(r"^(?:on\s+)?(?:the|last|this\s+past)\s+weekend$", re.I), "last saturday"),
    (re.compile(r"^overnight$", re.I), "today"),
]
_DAY_PARTS = re.compile(r"\s+(?:morning|afternoon|evening|night)$", re.IGNORECASE)

EARLIEST = dt.date(1900, 1, 1)  # no event or publication date before this is believed
EVENT_HORIZON = dt.timedelta(days=5 * 366)  # how far after its publication date an event may be dated ("in 2023")
PUBLICATION_HORIZON = dt.timedelta(days=366)  # how far after today a publication date may be (time zones, embargoes)


def plausible_publication(day: dt.date | None, today: dt.date | None = None) -> bool:
    """Whether ``day`` can be an article's publication date: from 1900 to a year from today."""
    if day is None:
        return False
    try:
        return EARLIEST <= day <= (today or dt.date.today()) + PUBLICATION_HORIZON
    except OverflowError:
        return False


def plausible_event_date(day: dt.date | None, published: dt.date | None) -> bool:
    """Whether an event can have happened on ``day``: from 1900 to ``EVENT_HORIZON`` after its publication date
    (after today when there is none)."""
    if day is None:
        return False
    base = published if plausible_publication(published) else dt.date.today()
    return EARLIEST <= day <= base + EVENT_HORIZON


def _normalise(text: str) -> str:
    text = re.sub(r"\s+", " ", text.strip().rstrip(".,;"))
    if text.lower().startswith("the ") and not re.match(r"^the (?:weekend|early|late|mid)", text, re.I):
        text = text[4:]
    for pattern, replacement in _IDIOMS:
        if pattern.match(text):
            return pattern.sub(replacement, text).strip()
    return text


@lru_cache(maxsize=20000)
def resolve_expression(text: str, base: dt.date | None, prefer: str) -> tuple[dt.date | None, str | None]:
    """Resolve one date expression against ``base``; (None, None) when it names no date. A month or a year is
    given as its first day, with that precision."""
    text = _normalise(text)
    if not text or _VAGUE.search(text):
        return None, None
    if base is not None and not plausible_publication(base):
        base = None  # resolving against year 1 or 9999 overflows, and dates nothing
    if base is None and not _YEAR.search(text):
        return None, None
    weekday = _WEEKDAY.match(_DAY_PARTS.sub("", text))
    if weekday and base is not None and _WEEKDAYS.index(weekday.group(1).lower()[:3]) == base.weekday():
        return base, "day"  # "on Monday" in Monday's paper is that day, not a week before or after
    ruled = _by_rule(text, base, prefer)
    return ruled if ruled is not None else _by_dateparser(text, base, prefer)


# ---- the common forms, read by rule ---------------------------------------------------------------------------------
# Most expressions in news are a handful of forms ("2015", "Tuesday", "last month", "July 2015", "20 January"). They
# are read here, the way dateparser reads them (tests/test_when.py compares the two over years of publication
# dates), because a dateparser call costs a millisecond or two and its first use in a process a third of a second.
_MONTH_NAMES = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
                "november", "december"]
_DAY_NAMES = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_M = "(" + "|".join(_MONTH_NAMES) + ")"
_RULE_YEAR = re.compile(r"^(1[89]\d\d|20\d\d)$")
_RULE_DAY_NAME = re.compile(r"^(on |last )?(" + "|".join(_DAY_NAMES) + ")$")
_RULE_RELATIVE = re.compile(r"^(last|this|next) (week|month|year)$")
_RULE_MONTH = re.compile(rf"^{_M}$")
_RULE_MONTH_YEAR = re.compile(rf"^{_M} (1[89]\d\d|20\d\d)$")
_RULE_DAY_MONTH = re.compile(rf"^(?:([1-9]|[12]\d|3[01]) {_M}|{_M} ([1-9]|[12]\d|3[01]))(?: (1[89]\d\d|20\d\d))?$")
_RULE_NEAR = {"yesterday": -1, "today": 0, "tomorrow": 1}


def _by_rule(text: str, base: dt.date | None, prefer: str) -> tuple[dt.date | None, str | None] | None:
    """The (day, precision) of a common form, as dateparser gives it; None for any other text."""
    t = text.lower()
    m = _RULE_YEAR.match(t)
    if m:
        return dt.date(int(m.group(1)), 1, 1), "year"
    m = _RULE_MONTH_YEAR.match(t)
    if m:
        return dt.date(int(m.group(2)), _MONTH_NAMES.index(m.group(1)) + 1, 1), "month"
    m = _RULE_DAY_MONTH.match(t)
    if m:
        day = int(m.group(1) or m.group(4))
        month = _MONTH_NAMES.index(m.group(2) or m.group(3)) + 1
        if m.group(5):
            return _valid(int(m.group(5)), month, day)
        if base is None:
            return None
        year = base.year
        if prefer == "past" and (month, day) > (base.month, base.day):
            year -= 1
        elif prefer == "future" and (month, day) <= (base.month, base.day):
            year += 1
        return _valid(year, month, day)
    if base is None:
        return None
    if t in _RULE_NEAR:
        return base + dt.timedelta(days=_RULE_NEAR[t]), "day"
    m = _RULE_DAY_NAME.match(t)
    if m:
        wanted = _DAY_NAMES.index(m.group(2))
        if m.group(1) == "last " or prefer == "past":  # the latest such day before the base, never the base itself
            return base - dt.timedelta(days=(base.weekday() - wanted) % 7 or 7), "day"
        return base + dt.timedelta(days=(wanted - base.weekday()) % 7 or 7), "day"
    m = _RULE_RELATIVE.match(t)
    if m:
        step = {"last": -1, "this": 0, "next": 1}[m.group(1)]
        if m.group(2) == "week":
            monday = base - dt.timedelta(days=base.weekday())
            return monday + dt.timedelta(weeks=step), "week"
        if m.group(2) == "month":
            n = base.year * 12 + base.month - 1 + step
            return dt.date(n // 12, n % 12 + 1, 1), "month"
        return dt.date(base.year + step, 1, 1), "year"
    m = _RULE_MONTH.match(t)
    if m:
        month = _MONTH_NAMES.index(m.group(1)) + 1
        year = base.year
        if prefer == "past" and month > base.month:
            year -= 1
        elif prefer == "future" and month <= base.month:
            year += 1
        return dt.date(year, month, 1), "month"
    return None


def _valid(year: int, month: int, day: int) -> tuple[dt.date, str] | None:
    try:
        return dt.date(year, month, day), "day"
    except ValueError:  # "31 April", "29 February" of a common year: dateparser's business
        return None


def _by_dateparser(text: str, base: dt.date | None, prefer: str) -> tuple[dt.date | None, str | None]:
    try:
        data = _date_parser(base, prefer).get_date_data(text)
        if data is None or data.date_obj is None:
            return None, None
        day, period = data.date_obj.date(), data.period or "day"
        if period == "week":
            day = day - dt.timedelta(days=day.weekday())  # the week, from its Monday
        elif period == "month":
            day = day.replace(day=1)
        elif period == "year":
            day = day.replace(month=1, day=1)
    except Exception:  # dateparser raises on odd inputs; an unreadable expression is simply not a date
        return None, None
    if not plausible_event_date(day, base):
        return None, None  # "in 0001", "in 9999": not a date this event can have
    return day, period


def warm_dateparser() -> None:
    """Load dateparser's language data now (a third of a second), e.g. once before forking worker processes."""
    _by_dateparser("mid-2015", dt.date(2000, 1, 1), "past")


@lru_cache(maxsize=256)
def _date_parser(base: dt.date | None, prefer: str):
    """One dateparser parser per (publication date, direction): building one is far dearer than using it."""
    from dateparser.date import DateDataParser  # imported lazily: it loads its language data on first use

    settings = {"PREFER_DATES_FROM": prefer, "PREFER_DAY_OF_MONTH": "first", "RETURN_AS_TIMEZONE_AWARE": False}
    if base is not None:
        settings["RELATIVE_BASE"] = dt.datetime.combine(base, dt.time(12))
    return DateDataParser(languages=["en"], settings=settings)


_MONTHS = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
_FULL_DATE = re.compile(
    rf"\b(?:\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTHS},?\s+(?:19|20)\d\d|{_MONTHS}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+"
    rf"(?:19|20)\d\d|(?:19|20)\d\d-\d\d-\d\d)\b", re.IGNORECASE)
_STAMP_LINE = re.compile(r"^(?:published|posted|updated|last updated|first published|date)\b|^[A-Z][A-Z .'-]{2,40},",
                         re.IGNORECASE)


def publication_date_in_text(text: str, lines: int = 8) -> dt.date | None:
    """The publication date a plain-text article states near its top: a "Published: 22 February 2022" stamp or a
    dateline such as "WASHINGTON, April 7, 2017 —". Only full dates with a year count; None when there is none."""
    seen = 0
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        seen += 1
        if seen > lines:
            break
        m = _FULL_DATE.search(line[:160])
        if m and (_STAMP_LINE.match(line) or len(line) < 60):
            day, _ = resolve_expression(m.group(0), None, "past")
            if day is not None and plausible_publication(day):
                return day
    return None


class DateResolver:
    def event_date(self, trigger: Token, verb: Token, published: dt.date | None,
                   future: bool = False) -> tuple[dt.date | None, str | None]:
        expression = self.governing_expression(trigger, verb)
        if expression is not None:
            prefer = "future" if future else "past"
            day, precision = resolve_expression(expression, published, prefer)
            if day is not None:
                return day, precision
        if published is not None:
            return published, "published"
        return None, None

    @staticmethod
    def governing_expression(trigger: Token, verb: Token) -> str | None:
        """The text of the DATE entity in the trigger's own clause, nearest the verb in the parse."""
        doc = verb.doc
        dates = doc.user_data.get("dyads.dates")
        if dates is None:  # once per document, not once per event
            dates = doc.user_data["dyads.dates"] = [e for e in doc.ents if e.label_ == "DATE"]
        sent = verb.sent
        best: tuple[int, str] | None = None
        for ent in dates:
            if not (sent.start <= ent.start < sent.end):
                continue
            if _names_a_thing(ent.root) and ent.root.head != trigger:
                continue  # "interference in the 2016 election" dates the election, not the act
            distance = _clause_distance(ent.root, verb)
            if distance is None and trigger is not verb:
                distance = _clause_distance(ent.root, trigger)
            if distance is not None and (best is None or distance < best[0]):
                best = (distance, ent.text)
        return best[1] if best else None


_TIME_NOUNS = {"day", "week", "month", "year", "weekend", "morning", "afternoon", "evening", "night", "date",
               "time", "period", "quarter", "season", "decade", "century", "summer", "winter", "spring", "autumn",
               "fall", "hour", "minute"}


def _names_a_thing(root: Token) -> bool:
    """A date that modifies another noun dates that thing, not the event: "interference in the 2016 election",
    "the September 21 announcement" (unless the noun is itself a time: "the 2019 summer")."""
    return (root.dep_ in ("nummod", "compound", "amod", "nmod", "poss") and root.head.pos_ in ("NOUN", "PROPN")
            and root.head.lemma_.lower() not in _TIME_NOUNS and root.head.ent_type_ != "DATE")


def _clause_distance(tok: Token, verb: Token) -> int | None:
    """Steps from ``tok`` up to ``verb`` without crossing into another clause; None if it is not governed by it."""
    steps = 0
    node = tok
    while node != verb:
        if node.dep_ in _CLAUSE_DEPS or node.head == node:
            return None
        node = node.head
        steps += 1
        if steps > 8:
            return None
    return steps
