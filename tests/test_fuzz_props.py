"""Property-based tests: whatever bytes or text come in, reading, cleaning and coding never raise, and what they
give keeps its promises (cleaning shortens and is idempotent; every event keeps the contract)."""
from __future__ import annotations

import json

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
