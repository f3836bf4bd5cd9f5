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
# "years" and "decades" are vague ("for decades", "in recent years"), but not counted back from the news
_YEARS_AGO = re.compile(r"^(?:(?:about|around|nearly|almost|some|more than|over|just|roughly|less than) )?"
                        r"((?:an?|one|two|three|four|five|six|seven|eight|nine|ten|\d+) (?:years?|decades?) ago)$",
                        re.IGNORECASE)
# a length of time is no date: "convening two days of talks", "within 24 hours", "a three-week siege"
_DURATION = re.compile(r"^(?:(?:about|around|nearly|almost|more than|over|some|just|at least|only|another)\s+)?"
                       r"(?:an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\d+|(?:a )?few|"
                       r"several|many|a couple of)?[\s-]*(?:full\s+|more\s+)?(?:hours?|days?|weeks?|months?)(?:-long)?$",
                       re.IGNORECASE)
_WEEKDAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
_WEEKDAY = re.compile(r"^(?:on\s+|this\s+)?(mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?$", re.IGNORECASE)
_CLAUSE_DEPS = {"ccomp", "advcl", "relcl", "acl", "xcomp", "conj", "parataxis"}


# Newsroom idioms dateparser does not read, rewritten into ones it does (ours, by hand: a handful of patterns whose
# meaning is fixed; everything else is dateparser's). "earlier this month" names the month, at month precision.
_IDIOMS = [
    (re.compile(r"^(?:earlier|later)\s+this\s+(week|month|year)$", re.I), r"this \1"),
    (re.compile(r"^(?:early|late|at the (?:start|beginning|end) of)\s+this\s+(week|month)$", re.I), r"this \1"),
    (re.compile(r"^(?:earlier|later)\s+(?:in\s+)?last\s+(week|month|year)$", re.I), r"last \1"),
    (re.compile(r"^(?:early|late)\s+(?:in\s+)?last\s+(week|month)$", re.I), r"last \1"),
    (re.compile(r"^(?:the\s+)?(?:early|late|mid)[- ]?(january|february|march|april|may|june|july|august|september|"
                r"october|november|december)(\s+\d{4})?$", re.I), r"\1\2"),
    (re.compile(r"^(?:on\s+)?(?:the|last|this\s+past)\s+weekend$", re.I), "last saturday"),
    (re.compile(r"^(?:over|during|at|this)\s+(?:the\s+)?weekend$", re.I), "saturday"),  # the tense says which
    # "earlier on Tuesday", "late Monday", "early on Sunday morning": the day
    (re.compile(r"^(?:earlier|later|early|late)\s+(?:on\s+)?((?:mon|tues|wednes|thurs|fri|satur|sun)day|today|"
                r"yesterday)(?:\s+(?:morning|afternoon|evening|night))?$", re.I), r"\1"),
    # "the end of January", "the beginning of March 2018": the month
    (re.compile(r"^(?:the\s+)?(?:end|start|beginning|middle)\s+of\s+(january|february|march|april|may|june|july|"
                r"august|september|october|november|december)(\s+\d{4})?$", re.I), r"\1\2"),
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
    ago = _YEARS_AGO.match(text)
    if ago:  # "a decade ago", "nearly two years ago": that year (dateparser reads them without the qualifier)
        text = ago.group(1)
    elif not text or _VAGUE.search(text) or _DURATION.match(text):
        return None, None
    if base is not None and not plausible_publication(base):
        base = None  # resolving against year 1 or 9999 overflows, and dates nothing
    if base is None and not _YEAR.search(text):
        return None, None
    if prefer == "nearest":
        return _nearest(text, base)
    part = _year_part(text, base)
    if part is not None:
        return part
    weekday = _WEEKDAY.match(_DAY_PARTS.sub("", text))
    if weekday and base is not None and _WEEKDAYS.index(weekday.group(1).lower()[:3]) == base.weekday():
        return base, "day"  # "on Monday" in Monday's paper is that day, not a week before or after
    if base is not None:
        in_week = _in_named_week(text, base)
        if in_week is not None:
            return in_week
        if text.lower() == "last week" and base.weekday() == 6:
            # a Sunday paper's "last week" is the week that is ending, not the one before it
            return base - dt.timedelta(days=6), "week"
    ruled = _by_rule(text, base, prefer)
    found = ruled if ruled is not None else _by_dateparser(text, base, prefer)
    joined = _JOINED.match(text)
    if found[0] is None and joined:  # "2016 and 2017", "March to May": from the first
        return resolve_expression(joined.group(1), base, prefer)
    return found


_JOINED = re.compile(r"^(.+?) (?:and|or|to) .+$")


def period_middle(day: dt.date, precision: str | None) -> dt.date:
    """The middle of the period a date stands for (its week, month, quarter or year; the day itself otherwise): the
    expected day of an act known only to that period, as when it is weighed as news or background."""
    if precision == "week":
        return day + dt.timedelta(days=3)
    months = {"month": 1, "quarter": 3, "year": 12}.get(precision or "")
    if months is None:
        return day
    n = day.year * 12 + day.month - 1 + months
    return day + (dt.date(n // 12, n % 12 + 1, 1) - day) / 2


def _nearest(text: str, base: dt.date | None) -> tuple[dt.date | None, str | None]:
    """An expression whose direction the tense does not settle ("said it would withdraw on Tuesday", "agreed to meet
    on Friday"): of its past and future readings, the one nearer the publication date (the past one on a tie)."""
    past = resolve_expression(text, base, "past")
    future = resolve_expression(text, base, "future")
    if base is None or past[0] is None or future[0] is None:
        return past if past[0] is not None else future
    return future if abs((future[0] - base).days) < abs((base - past[0]).days) else past


# "early 2016", "mid-2015", "late last year", "the end of this year": the part of the year, as its quarter (the
# middle of a year is its third quarter, from 1 July). Hand-written: dateparser reads none of these forms.
_PART_YEAR = re.compile(r"^(?:(early|mid|late)[- ]?|(?:at |by |in )?(?:the )?(start|beginning|middle|end) of )"
                        r"(?:(1[89]\d\d|20\d\d)|(last|this|next) year)$", re.IGNORECASE)
_PART_MONTH = {"early": 1, "start": 1, "beginning": 1, "mid": 7, "middle": 7, "late": 10, "end": 10}


def _year_part(text: str, base: dt.date | None) -> tuple[dt.date | None, str | None] | None:
    m = _PART_YEAR.match(text)
    if m is None:
        return None
    if m.group(3):
        year = int(m.group(3))
    elif base is None:
        return None, None
    else:
        year = base.year + {"last": -1, "this": 0, "next": 1}[m.group(4).lower()]
    day = dt.date(year, _PART_MONTH[(m.group(1) or m.group(2)).lower()], 1)
    return (day, "quarter") if plausible_event_date(day, base) else (None, None)


# "Thursday next week", "on Thursday and Friday next week", "Monday of last week": that day of that week.
_IN_NAMED_WEEK = re.compile(r"^(?:on )?(mon|tue|wed|thu|fri|sat|sun)[a-z]*(?: (?:and|or|to) (?:mon|tue|wed|thu|fri|"
                            r"sat|sun)[a-z]*)?,? (?:of )?(last|this|next) week$", re.IGNORECASE)


def _in_named_week(text: str, base: dt.date) -> tuple[dt.date, str] | None:
    m = _IN_NAMED_WEEK.match(text)
    if m is None:
        return None
    monday = base - dt.timedelta(days=base.weekday()) + dt.timedelta(
        weeks={"last": -1, "this": 0, "next": 1}[m.group(2).lower()])
    return monday + dt.timedelta(days=_WEEKDAYS.index(m.group(1).lower())), "day"


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
    """The (day, precision) of a common form, as dateparser gives it ((None, None) for an implausible date, as
    ``_by_dateparser``); None for any other text."""
    ruled = _read_by_rule(text, base, prefer)
    if ruled is not None and ruled[0] is not None and not plausible_event_date(ruled[0], base):
        return None, None
    return ruled


def _read_by_rule(text: str, base: dt.date | None, prefer: str) -> tuple[dt.date | None, str | None] | None:
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
        expression, holder = self.governing(trigger, verb)
        if expression is not None:
            # the tense of the clause the expression stands in says which way it points ("announced on Tuesday it
            # would prosecute": Tuesday is past, whatever the reported "would")
            prefer = direction(verb, future) if holder is verb else direction(holder)
            day, precision = resolve_expression(expression, published, prefer)
            if day is not None:
                return day, precision
        if published is not None:
            return published, "published"
        return None, None

    @staticmethod
    def governing_expression(trigger: Token, verb: Token) -> str | None:
        """The text of the date expression that governs the trigger (:meth:`governing`)."""
        return DateResolver.governing(trigger, verb)[0]

    @staticmethod
    def governing(trigger: Token, verb: Token) -> tuple[str | None, Token]:
        """The text of the DATE entity in the trigger's own clause nearest the verb in the parse, and the verb of the
        clause it stands in. Without one: that of the clause a participle or a coordinated verb without a subject
        of its own belongs to ("fired a missile on Saturday, wounding two soldiers", "struck on Monday and killed
        12"), or of the saying that reports it ("Turkey said on Monday its jets had struck …")."""
        doc = verb.doc
        dates = doc.user_data.get("dyads.dates")
        if dates is None:  # once per document, not once per event
            dates = doc.user_data["dyads.dates"] = _date_expressions(doc)
        sent = verb.sent
        for _ in range(4):
            best: tuple[int, str] | None = None
            for start, root, text in dates:
                if not (sent.start <= start < sent.end):
                    continue
                if _names_a_thing(root) and root.head != trigger:
                    continue  # "interference in the 2016 election" dates the election, not the act
                distance = _clause_distance(root, verb)
                if distance is None and trigger is not verb:
                    distance = _clause_distance(root, trigger, trigger)
                if distance is not None and (best is None or distance < best[0]):
                    best = (distance, text)
            if best is not None:
                return best[1], verb
            if not _shares_time(verb):
                break
            trigger = verb = verb.head
        return None, verb


def _date_expressions(doc) -> list[tuple[int, Token, str]]:
    """The document's date expressions as (start, root, text): its DATE entities that stand as times (not lengths
    of time), two joined by "and", "or" or "to" made one ("on Thursday and Friday next week", where the parser
    sees two)."""
    out: list[tuple[int, Token, str]] = []
    last_end = -2
    for ent in doc.ents:
        if ent.label_ != "DATE" or not _is_time(ent) or _DURATION.match(_normalise(ent.text)):
            continue  # a person named May, a length of time ("two days of talks") are no times
        if out and ent.start == last_end + 1 and doc[last_end].lower_ in ("and", "or", "to") and \
                doc[last_end].sent == ent.sent:
            start, root, text = out[-1]
            out[-1] = (start, root, f"{text} {doc[last_end].text} {ent.text}")
        else:
            out.append((ent.start, ent.root, ent.text))
        last_end = ent.end
    return out


def _shares_time(verb: Token) -> bool:
    """Whether a clause takes the time of the clause it hangs on: a participle without subject or conjunction of
    its own ("…, wounding two soldiers", "backed by air strikes") and a verb coordinated with its head that has no
    subject of its own ("struck on Monday and killed 12")."""
    if verb.head == verb or verb.head.pos_ not in ("VERB", "AUX"):
        return False
    if verb.dep_ in ("ccomp", "parataxis") and verb.head.lemma_.lower() in _speech_verbs():
        return True  # what a speaker said happened is known as of the saying: "Turkey said on Monday its jets had …"
    own = {c.dep_ for c in verb.children}
    if own & {"nsubj", "nsubjpass", "csubj", "expl", "mark"}:
        return False
    if verb.dep_ == "advcl":
        return verb.tag_ in ("VBG", "VBN") and not any(c.dep_ in ("aux", "auxpass") for c in verb.children)
    return verb.dep_ == "conj"


@lru_cache(maxsize=1)
def _speech_verbs() -> frozenset[str]:
    from dyads.data import load_yaml

    return frozenset(load_yaml("modality.yaml").get("speech_verbs") or ())


_MONTH_ONLY = re.compile(r"^(?:january|february|march|april|may|june|july|august|september|october|november|"
                         r"december)$", re.IGNORECASE)
_TIME_WORDS = {"in", "since", "until", "till", "by", "from", "before", "after", "during", "through", "throughout",
               "between", "around", "early", "late", "mid", "last", "next", "this", "each", "every"}


def _is_time(ent) -> bool:
    """A month's bare name is a date only where it stands as a time ("in May", "since March", "last May"): "talks
    with May", "May said", "told May", "criticised by May" name a person."""
    if not _MONTH_ONLY.match(ent.text):
        return True
    root = ent.root
    if root.dep_ == "pobj":
        return root.head.lower_ in _TIME_WORDS and root.head.dep_ != "agent"
    return any(c.lower_ in _TIME_WORDS for c in root.children)


_FUTURE_MODALS = {"will", "shall", "'ll", "wo"}
_PRESENT_BE = {"is", "are", "am", "'s", "'re", "'m"}


def direction(verb: Token, future: bool = False) -> str:
    """Which way from the publication date an expression without a year points, from the tense of the verb:
    "past" (the default of news), "future" ("will meet on Thursday", "is meeting on Thursday", "a summit to be held
    on Friday has been called"), or "nearest" where the tense leaves it open (the future of a past: "said it would
    withdraw on Tuesday", "agreed to meet on Friday"). ``future``: the coder read the clause as announced."""
    aux = {c.lower_ for c in verb.children if c.dep_ in ("aux", "auxpass")}
    if aux & _FUTURE_MODALS:
        return "future"
    if "would" in aux:
        return "nearest"
    if verb.tag_ == "VBG" and aux & _PRESENT_BE:
        return "future"  # a present progressive with a time is an arrangement: "is convening talks on Thursday"
    if "to" in aux:  # an infinitive is future from its governor: after now when that is present, open when past
        governor = verb
        for _ in range(4):
            if governor.head == governor:
                return "future"  # an infinitive no finite verb governs: "EU to impose sanctions on Monday"
            governor = governor.head
            if governor.pos_ not in ("VERB", "AUX") or "to" not in {c.lower_ for c in governor.children
                                                                       if c.dep_ == "aux"}:
                break
        if governor.pos_ not in ("VERB", "AUX"):
            return "future"  # "a summit to be held on Friday"
        tense = {c.lower_ for c in governor.children if c.dep_ in ("aux", "auxpass")}
        if tense & _FUTURE_MODALS or tense & (_PRESENT_BE | {"has", "have", "do", "does"}) or \
                (governor.tag_ in ("VBZ", "VBP") and not tense):
            return "future"
        if "would" in tense or governor.tag_ == "VBD" or tense & {"was", "were", "had", "did"}:
            return "nearest"
    return "future" if future else "past"


_TIME_NOUNS = {"day", "week", "month", "year", "weekend", "morning", "afternoon", "evening", "night", "date",
               "time", "period", "quarter", "season", "decade", "century", "summer", "winter", "spring", "autumn",
               "fall", "hour", "minute"}


def _names_a_thing(root: Token) -> bool:
    """A date that modifies another noun dates that thing, not the event: "interference in the 2016 election",
    "the September 21 announcement" (unless the noun is itself a time: "the 2019 summer")."""
    return (root.dep_ in ("nummod", "compound", "amod", "nmod", "poss") and root.head.pos_ in ("NOUN", "PROPN")
            and root.head.lemma_.lower() not in _TIME_NOUNS and root.head.ent_type_ != "DATE")


def _clause_distance(tok: Token, verb: Token, noun: Token | None = None) -> int | None:
    """Steps from ``tok`` up to ``verb`` without crossing into another clause; None if it is not governed by it.
    ``noun``: an event noun, whose own participle is part of its phrase ("a summit held two weeks ago")."""
    steps = 0
    node = tok
    while node != verb:
        if node.head == node or (node.dep_ in _CLAUSE_DEPS and not (node.dep_ == "conj" and node.pos_ not in (
                "VERB", "AUX")) and not (
                noun is not None and node.dep_ == "acl" and node.head == noun and node.tag_ in ("VBN", "VBG"))):
            return None
        node = node.head
        steps += 1
        if steps > 8:
            return None
    return steps
