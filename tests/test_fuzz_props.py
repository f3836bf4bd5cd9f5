"""Property-based tests: whatever bytes or text come in, reading, cleaning and coding never raise, and what they
give keeps its promises (cleaning shortens and is idempotent; every event keeps the contract)."""
from __future__ import annotations

import json
import re

from hypothesis import HealthCheck, given, settings, strategies as st

from dyads.clean import clean_text
from dyads.read import iter_articles

FAST = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                         HealthCheck.too_slow])
SLOW = settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                        HealthCheck.too_slow])

# Text with the awkward parts of Unicode well represented: controls, RTL and zero-width marks, combining marks,
# characters NFC decomposes, line separators, markup.
AWKWARD = st.sampled_from(["\x00", "\x1b", "\r", "\r\n", "\u2028", "\u0085", "\u200b", "\u200d", "\u202e", "\ufeff",
                           "\u0301", "\u0958", "\ufb1d", "\u2000", "\xa0", "<", ">", "&", "<script>", "</p>",
                           "Comments", "Share on Facebook", "Read more:", "\n", "\n\n", " ", "\t", "\U0001F600", "\ud800",
                           "Russia condemned the United States.", "É", "e\u0301"])
TEXT = st.lists(st.one_of(st.text(max_size=20), AWKWARD), max_size=40).map("".join)
MARKUP = st.recursive(st.one_of(TEXT, st.just("")),
                      lambda inner: st.builds(lambda tag, a, b: f"<{tag}>{a}{b}</{tag}", st.sampled_from(
                          ["p", "div", "script", "b", "article", "nav", "x-y", "!--"]), inner, inner), max_leaves=12)
JSON_VALUES = st.recursive(st.none() | st.booleans() | st.integers() | st.floats() | TEXT,
                           lambda inner: st.lists(inner, max_size=4) | st.dictionaries(TEXT, inner, max_size=4),
                           max_leaves=10)
RECORDS = st.fixed_dictionaries({}, optional={"id": JSON_VALUES, "text": st.one_of(TEXT, JSON_VALUES),
                                              "title": JSON_VALUES, "published": st.one_of(
                                                  JSON_VALUES, st.sampled_from(["2022-02-30", "2022-02-22T25:00",
                                                                                "0000-01-01", "2022-02-22"])),
                                              "source": JSON_VALUES, "url": JSON_VALUES})


def read_everything(path):
    problems = []
    articles = list(iter_articles([str(path)], on_problem=problems.append))
    for a in articles:
        assert isinstance(a.id, str) and a.id and isinstance(a.text, str) and a.full_text.strip()
        a.full_text.encode("utf-8")  # no lone surrogates
        assert "\x00" not in a.id
    for p in problems:
        assert p.origin and p.reason
        str(p).encode("utf-8")  # every message can be printed
    return articles, [p for p in problems if not p.warning]


@FAST
@given(data=st.binary(max_size=2000), suffix=st.sampled_from([".txt", ".jsonl", ".html"]))
def test_reading_arbitrary_bytes_never_raises(tmp_path_factory, data, suffix):
    path = tmp_path_factory.mktemp("r") / f"x{suffix}"
    path.write_bytes(data)
    read_everything(path)


@FAST
@given(text=st.one_of(TEXT, MARKUP), suffix=st.sampled_from([".txt", ".jsonl", ".html"]),
       encoding=st.sampled_from(["utf-8", "utf-16", "utf-8-sig", "cp1252", "latin-1", "shift_jis"]))
def test_reading_arbitrary_text_never_raises(tmp_path_factory, text, suffix, encoding):
    path = tmp_path_factory.mktemp("r") / f"x{suffix}"
    path.write_bytes(text.encode(encoding, errors="replace"))
    read_everything(path)


@FAST
@given(lines=st.lists(st.one_of(RECORDS.map(json.dumps), JSON_VALUES.map(json.dumps), TEXT), max_size=6))
def test_reading_arbitrary_json_lines_never_raises(tmp_path_factory, lines):
    path = tmp_path_factory.mktemp("r") / "x.jsonl"
    data = "\n".join(lines).encode("utf-8", errors="surrogatepass")
    path.write_bytes(data)
    articles, problems = read_everything(path)
    assert len(articles) + len(problems) <= sum(1 for x in data.split(b"\n") if x.strip())


@FAST
@given(text=st.one_of(TEXT, MARKUP, st.text()))
def test_cleaning_never_raises_never_lengthens_and_is_idempotent(text):
    once = clean_text(text)
    assert len(once) <= len(text)
    assert clean_text(once) == once



SENTENCES = st.sampled_from(["Russia condemned the United States on Monday.", "NATO ruled out sending troops.",
                             "Iran's president met Iraqi officials in Baghdad.", "Protesters clashed with police.",
                             "The EU imposed sanctions on Belarus.", "Ukraine accused Moscow of shelling Kharkiv."])


@SLOW
@given(parts=st.lists(st.one_of(SENTENCES, TEXT, MARKUP), min_size=1, max_size=6),
       published=st.sampled_from([None, "2022-02-22", "1900-01-01", "9999-12-31"]))
def test_coding_arbitrary_text_never_raises_and_keeps_the_contract(coder, contract, parts, published):
    from dyads.pipeline import code_text

    events = code_text(" ".join(parts), published=published)
    for e in events:
        d = e.to_dict() if hasattr(e, "to_dict") else __import__("dataclasses").asdict(e)
        assert contract.problems(d) == [], d
        json.dumps(d, ensure_ascii=False).encode("utf-8")


def test_coding_blank_or_furniture_only_text_gives_no_events(coder):
    from dyads.pipeline import code_text

    for text in ("", "   \n\n", "\x00\x01", "Share on Facebook"):
        assert code_text(text) == []


# --- issue 18: the classes of poison, not only the examples ------------------------------------------------------

NAME_BYTES = st.binary(min_size=1, max_size=30).filter(lambda b: b"/" not in b and b"\x00" not in b
                                                        and b not in (b".", b".."))


@FAST
@given(names=st.lists(NAME_BYTES, min_size=1, max_size=4))
def test_ids_of_any_file_names_are_printable_and_distinct(names):
    import os
    from pathlib import Path

    from dyads.read.inputs import path_id

    ids = {}
    for n in names:
        rel = Path(os.fsdecode(n + b".txt"))
        i = path_id(rel)
        i.encode("utf-8")  # can be printed and stored
        assert not re.search(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e]", i)  # no controls, breaks, overrides
        ids.setdefault(i, set()).add(n)
    assert all(len(v) == 1 for v in ids.values())  # distinct names, distinct ids


@FAST
@given(text=st.text(alphabet=st.sampled_from("ab. \n"), max_size=3000), limit=st.integers(10, 500))
def test_split_text_pieces_are_bounded_and_give_back_the_text(text, limit):
    from dyads.parse import split_text

    pieces = split_text(text, limit)
    assert "".join(pieces) == text
    assert all(len(p) <= limit for p in pieces)
    assert all(p for p in pieces[:-1])
    for p in pieces[:-1]:  # cut after a paragraph break, a line break, a sentence end or a space when there is one
        if any(c in p[len(p) // 2:] for c in " \n"):
            assert p[-1] in " \n"


@FAST
@given(body=st.text(alphabet=st.sampled_from(list("abc “”’é—ñ\n")), min_size=200, max_size=1000),
       strays=st.lists(st.sampled_from([b"\xff", b"\xfe", b"\x80", b"\xc3"]), min_size=1, max_size=2),
       data=st.data())
def test_utf8_with_a_few_stray_bytes_is_read_as_utf8(body, strays, data):
    from dyads.read.decode import decode_bytes

    raw = bytearray(body.encode("utf-8"))
    non_ascii = sum(1 for c in body if ord(c) > 127)
    for s in strays:  # between characters, never inside one
        at = data.draw(st.sampled_from([i for i in range(1, len(raw) + 1) if i == len(raw) or raw[i] < 0x80
                                        or raw[i] >= 0xc0]))  # after the first byte: FF FE there is a BOM
        raw[at:at] = s
    if len(strays) > max(2, len(raw) // 200):
        return  # not "a few" any more: charset detection decides, or the input is reported undecodable
    out = decode_bytes(bytes(raw))  # never undecodable: the article is not lost for a stray byte
    if non_ascii >= 4 * len(strays):
        assert out.replace("\ufffd", "") == body  # every curly quote and accent as written, no mojibake


@FAST
@given(value=st.one_of(st.text(max_size=30), st.floats(allow_nan=False), st.integers(), st.none()))
def test_no_csv_cell_can_start_a_formula(value):
    from dyads.output import FORMULA_STARTS, csv_safe

    out = csv_safe(value)
    if isinstance(value, str):
        assert not out.startswith(FORMULA_STARTS) and out in (value, "'" + value)
    else:
        assert out == value


@SLOW
@given(published=st.one_of(st.dates(), st.sampled_from(["0001-01-01T00:00:00Z", "9999-12-31", "not-a-date", ""])),
       text=st.sampled_from(["In 0001 Roman troops attacked Germany.", "Russia said it will attack Ukraine in 9999.",
                             "Russia condemned the United States on Monday.", "On 31 December 9999 China met Pakistan."
                             ]))
def test_any_publication_date_gives_events_with_plausible_dates(coder, published, text):
    import datetime as dt

    from dyads.pipeline import code_text
    from dyads.when import EARLIEST, EVENT_HORIZON, PUBLICATION_HORIZON

    for e in code_text(text, published=published.isoformat() if isinstance(published, dt.date) else published):
        if e.date is not None:
            day = dt.date.fromisoformat(e.date)
            assert EARLIEST <= day <= dt.date.today() + PUBLICATION_HORIZON + EVENT_HORIZON


@SLOW
@given(days=st.lists(st.dates(), min_size=1, max_size=4), good=st.integers(1, 3))
def test_the_store_keeps_every_good_article_whatever_dates_reach_it(tmp_path_factory, coder, days, good):
    """Events dated anywhere from year 1 to 9999 (as a buggy coder or dictionary could date them) never stop a
    batch: the articles whose events the database or the clustering cannot hold are skipped, the rest stored."""
    from sqlalchemy import select

    from dyads.model import Article, parse_date
    from dyads.pipeline import code_articles
    from dyads.store import connect, ingest_articles
    from dyads.store.models import ArticleRow

    arts = [Article(id=f"good{i}", text="Russia condemned the United States on Monday.",
                    published=parse_date("2022-02-22")) for i in range(good)]
    arts += [Article(id=f"odd{i}", text="Iran condemned the strike on Monday.", published=parse_date("2022-02-22"))
             for i in range(len(days))]
    odd_dates = {f"odd{i}": d.isoformat() for i, d in enumerate(days)}

    def code(stream):
        for item in code_articles(stream, coder=coder):
            for e in item.events:
                e.date = odd_dates.get(item.article.id, e.date)
            yield item

    problems = []
    _, sessions = connect(f"sqlite:///{tmp_path_factory.mktemp('s') / 's.db'}")
    report = ingest_articles(arts, sessions, code, on_problem=lambda a, why: problems.append(a.id))
    with sessions() as s:
        stored = set(s.scalars(select(ArticleRow.id)))
    assert {f"good{i}" for i in range(good)} <= stored
    assert stored | set(problems) == {a.id for a in arts} and report.stored == len(stored)


@FAST
@given(value=st.text(alphabet=st.sampled_from(["a", "\u2028", "\u2029", "\x85", "\x1c", "\n", "\r", "\x0b", "é", '"']),
                     max_size=30))
def test_one_event_is_one_line_for_every_line_reader(value):
    from dyads.output import jsonl_line

    line = jsonl_line({"sentence": value, "trigger": value})
    assert len(line.splitlines()) == 1 and line.endswith("\n")
    assert json.loads(line) == {"sentence": value, "trigger": value}
