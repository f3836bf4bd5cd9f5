"""Bad input never stops a run: each unreadable file or line is named with the reason, the rest is read, memory
stays bounded, and the exit status says something was skipped."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import tracemalloc

from dyads.read import iter_articles

FRENCH = ("Le gouvernement français a annoncé lundi de nouvelles sanctions contre la Russie, a indiqué le ministère "
          "des Affaires étrangères dans un communiqué publié à Paris. Les ministres européens se réuniront la "
          "semaine prochaine à Bruxelles pour en discuter avec leurs homologues allemands et italiens.")
ENGLISH = ("Russia condemned the United States on Monday after the strike on the airbase, officials said. The "
           "foreign ministry said the attack was a violation of international law and called for talks at the "
           "United Nations Security Council later this week.")


def read_all(paths, **kw):
    problems = []
    articles = list(iter_articles([str(p) for p in paths], on_problem=problems.append, **kw))
    return articles, {p.origin.rsplit("/", 1)[-1]: p.reason for p in problems}


def test_every_bad_file_is_named_with_its_reason(tmp_path):
    files = {
        "ok.txt": ("Title\n" + ENGLISH).encode(),
        "empty.txt": b"  \n\n ",
        "binary.txt": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8,
        "undecodable.txt": b"Title\n" + bytes(range(128, 256)) * 10,
        "french.txt": ("Titre\n" + FRENCH).encode(),
        "nohtml.html": b"<html><head><script>var x = 1;</script></head><body><div></div></body></html>",
        "short-french.txt": b"Titre\nLa France condamne la Russie.",  # too short to judge: kept
        "utf16.txt": ("Title\n" + ENGLISH).encode("utf-16"),
        "utf16-nobom.txt": ("Title\n" + ENGLISH).encode("utf-16-le"),
        "latin1.txt": ("Élysée talks\n" + ENGLISH.replace("officials", "the Élysée")).encode("cp1252"),
    }
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    articles, reasons = read_all([tmp_path])
    assert sorted(a.id for a in articles) == ["latin1.txt", "ok.txt", "short-french.txt", "utf16-nobom.txt",
                                              "utf16.txt"]
    assert {a.title for a in articles if a.id.startswith("utf16")} == {"Title"}
    assert reasons["empty.txt"] == "empty file"
    assert "binary" in reasons["binary.txt"]
    assert reasons["undecodable.txt"].startswith("undecodable bytes (not UTF-8")
    assert reasons["french.txt"].startswith("not English (looks like 'fr'")
    assert "no article text" in reasons["nohtml.html"]
    assert set(reasons) == {"empty.txt", "binary.txt", "undecodable.txt", "french.txt", "nohtml.html"}


def test_english_only_can_be_turned_off(tmp_path):
    (tmp_path / "fr.txt").write_text("Titre\n" + FRENCH, encoding="utf-8")
    articles, reasons = read_all([tmp_path / "fr.txt"], english_only=False)
    assert len(articles) == 1 and not reasons


def test_every_bad_jsonl_line_is_named(tmp_path):
    f = tmp_path / "feed.jsonl"
    lines = [json.dumps({"id": "ok", "text": ENGLISH}).encode(), b'{"id": "trunc", "text": "Russia cond',
             json.dumps({"id": "no-text"}).encode(), json.dumps({"id": "num", "text": 5}).encode(),
             json.dumps({"id": "blank", "text": "  "}).encode(), json.dumps({"id": "fr", "text": FRENCH}).encode(),
             b"[" * 100_000, b"\xff\xfe\x00garbage", json.dumps({"id": "a\u0000b\ud800", "text": "x\ud800y",
                                                                  "title": ["not", "a", "string"]}).encode(),
             json.dumps({"id": 7, "text": "Numbers as ids are fine.", "published": 20220101}).encode()]
    f.write_bytes(b"\n".join(lines) + b"\n")
    articles, reasons = read_all([f])
    assert [a.id for a in articles] == ["ok", "a b\ufffd", "7"]
    assert articles[1].text == "x\ufffdy" and articles[1].title is None and articles[2].published is None
    assert "malformed JSON at line 2" in reasons["feed.jsonl:2"]
    assert "missing field 'text' at line 3" in reasons["feed.jsonl:3"]
    assert "not a string" in reasons["feed.jsonl:4"]
    assert "no article text" in reasons["feed.jsonl:5"]
    assert "not English" in reasons["feed.jsonl:6"]
    assert "malformed JSON at line 7" in reasons["feed.jsonl:7"]
    assert "malformed JSON at line 8" in reasons["feed.jsonl:8"]


def test_huge_text_file_is_refused_without_reading_it(tmp_path):
    big = tmp_path / "big.txt"
    with open(big, "wb") as fh:  # 50 MB on a single line
        fh.write(b"Russia condemned the United States. " * (50_000_000 // 36))
    (tmp_path / "small.txt").write_text("T\n" + ENGLISH, encoding="utf-8")
    tracemalloc.start()
    articles, reasons = read_all([big, tmp_path / "small.txt"])
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert [a.id for a in articles] == ["small.txt"]
    assert reasons["big.txt"].startswith("too large (50.0 MB")
    assert peak < 5_000_000


def test_overlong_jsonl_line_is_skipped_in_bounded_memory(tmp_path):
    f = tmp_path / "feed.jsonl"
    with open(f, "wb") as fh:
        fh.write(json.dumps({"id": "before", "text": ENGLISH}).encode() + b"\n")
        fh.write(b'{"id": "huge", "text": "' + b"a" * 30_000_000 + b'"}\n')  # one 30 MB line
        fh.write(json.dumps({"id": "after", "text": ENGLISH}).encode() + b"\n")
        fh.write(b'{"id": "no newline at the end", "text": "' + b"b" * 3_000_000)
    tracemalloc.start()
    articles, reasons = read_all([f], max_bytes=1_000_000)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert [a.id for a in articles] == ["before", "after"]
    assert reasons["feed.jsonl:2"].startswith("line 2 too large")
    assert reasons["feed.jsonl:4"].startswith("line 4 too large")
    assert peak < 8_000_000  # the 30 MB line was never held whole


def test_max_bytes_counts_exactly(tmp_path):
    f = tmp_path / "feed.jsonl"
    line = json.dumps({"id": "x", "text": "Short text."}).encode()
    f.write_bytes(line + b"\n" + line.replace(b'"x"', b'"y"'))
    articles, _ = read_all([f], max_bytes=len(line))
    assert [a.id for a in articles] == ["x", "y"]
    articles, reasons = read_all([f], max_bytes=len(line) - 1)
    assert articles == [] and len(reasons) == 2


def test_unreadable_paths(tmp_path):
    _, reasons = read_all([tmp_path / "missing.txt", "bad\x00name.txt"])
    assert reasons["missing.txt"] == "no such file or directory"
    assert "bad\\x00name.txt" in reasons  # named printably


def test_cli_skips_bad_inputs_names_them_and_exits_3(tmp_path):
    (tmp_path / "good.txt").write_text("Russia condemns US\nRussia condemned the United States on Monday.",
                                       encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "bin.txt").write_bytes(bytes(range(256)) * 4)
    (tmp_path / "feed.jsonl").write_bytes(b'{"id": "j1", "text": "Iran condemned the US strike."}\n{oops\n')
    r = subprocess.run([sys.executable, "-m", "dyads.cli", "code", str(tmp_path), "--format", "jsonl"],
                       capture_output=True, text=True, env={**os.environ, "PYTHONIOENCODING": "utf-8"})
    assert r.returncode == 3, r.stderr
    events = [json.loads(line) for line in r.stdout.splitlines()]
    assert {e["doc_id"] for e in events} == {"good.txt", "j1"}
    err = r.stderr
    assert "empty.txt: empty file" in err and "bin.txt: binary content" in err
    assert "feed.jsonl:2: malformed JSON at line 2" in err
    assert "Traceback" not in err


def test_a_sentence_of_thousands_of_words_is_not_coded_and_the_rest_is(code):
    """An unpunctuated feed is one 'sentence' to the parser; argument search over it grows with the square of its
    length, so such a sentence is skipped (beyond dyads.events.coder.MAX_SENTENCE_TOKENS) and the others coded."""
    from dyads.events.coder import MAX_SENTENCE_TOKENS

    junk = " ".join(["Iran attacked Iraq and Egypt met Jordan"] * (MAX_SENTENCE_TOKENS // 4))  # one sentence
    events = code("Russia condemned the United States on Monday.\n\n" + junk)
    assert {e.sentence_index for e in events} == {0}
