"""Memory is bounded within the default limits (issue 18, item 5): long articles are parsed in bounded pieces joined
into one Doc, batches are bounded by size, not only by count."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

from dyads.model import Article, parse_date

PARA = ("The talks were expected to continue later in the week, officials in the capital said, and observers "
        "described the mood among the delegations as cautious but constructive.")


def _long_text(paragraphs: int, first: str, last: str) -> str:
    return "\n\n".join([first] + [PARA] * paragraphs + [last])


def test_a_long_article_is_parsed_in_pieces_into_one_doc(monkeypatch, coder):
    import dyads.parse as parse
    from dyads.pipeline import code_articles

    monkeypatch.setattr(parse, "PIECE_CHARS", 1_000)
    monkeypatch.setattr(parse, "BATCH_CHARS", 1_500)
    text = _long_text(40, "Russia condemned the United States on Monday.",
                      "The United States expelled Russian diplomats on Friday.")
    article = Article(id="long", title="A long story", text=text, published=parse_date("2022-02-22"))
    pieces = parse.split_text(article.full_text)
    assert len(pieces) > 5 and max(map(len, pieces)) <= 1_000
    (doc, _), = parse.parse_articles([article])
    assert doc.text == article.full_text  # the same characters, so every offset is the article's
    starts = [s.start_char for s in doc.sents]
    assert all(doc.text[i - 2:i] == "\n\n" for i in starts[1:] if doc.text[i - 1] == "\n")
    for ent in doc.ents:
        assert doc.text[ent.start_char:ent.end_char] == ent.text
    (item,) = code_articles([article], coder=coder)
    found = {(e.source.code, e.cameo, e.target.code if e.target else None): e for e in item.events}
    assert ("RUS", "111", "USA") in found and ("USA", "161", "RUSGOV") in found  # the first piece and the last
    last = found[("USA", "161", "RUSGOV")]
    sentences = [s.text.strip() for s in doc.sents]
    assert sentences[last.sentence_index] == last.sentence
    assert last.sentence[last.trigger_start:last.trigger_end] == last.trigger


def test_short_articles_are_batched_by_size(monkeypatch):
    import dyads.parse as parse

    monkeypatch.setattr(parse, "BATCH_CHARS", 10_000)
    articles = [Article(id=str(i), text="x" * n) for i, n in enumerate([100, 4_000, 100, 100, 9_000, 50, 50, 50])]
    batches = [[a.id for a, _ in b] for b in parse.batches(articles, batch_size=4)]
    assert batches == [["0", "1"], ["2", "3"], ["4"], ["5", "6", "7"]]  # padded size (n × longest) ≤ 10,000
    long = [Article(id="l", text="y " * 40_000), Article(id="s", text="short")]
    assert [[a.id for a, _ in b] for b in parse.batches(long, batch_size=8)] == [["l"], ["s"]]


@pytest.mark.slow
def test_two_long_articles_in_one_jsonl_stay_under_a_gigabyte(tmp_path):
    """Two 150,000-character lines at the default batch size: parsed together they took ~1.2 GB; in pieces the
    process stays far below (and the events of both halves of each article are found)."""
    feed = tmp_path / "long.jsonl"
    with open(feed, "w", encoding="utf-8") as fh:
        for i in range(2):
            text = _long_text(820, "Russia condemned the United States on Monday.",
                              "The United States expelled Russian diplomats on Friday.")
            assert len(text) > 140_000
            fh.write(json.dumps({"id": f"long-{i}", "text": text, "published": "2022-02-22"}) + "\n")
    # RUSAGE_CHILDREN in this process is the peak of every child the test session has waited for (a browser
    # driver, a Ray worker...), so a fresh parent runs the coder and reports the peak of its own children only.
    measure = ("import resource, subprocess, sys\n"
               "r = subprocess.run(sys.argv[1:])\n"
               "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=sys.stderr)\n"
               "sys.exit(r.returncode)\n")
    r = subprocess.run([sys.executable, "-c", measure, sys.executable, "-m", "dyads.cli", "code", str(feed),
                        "--format", "jsonl", "-q"], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    peak_mb = int(r.stderr.split()[-1]) / 1024
    events = [json.loads(line) for line in r.stdout.splitlines()]
    for i in range(2):
        codes = {e["cameo"] for e in events if e["doc_id"] == f"long-{i}"}
        assert {"111", "161"} <= codes
    print(f"peak {peak_mb:.0f} MB")
    assert peak_mb < 900, f"peak {peak_mb:.0f} MB"
