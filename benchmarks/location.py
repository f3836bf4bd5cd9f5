#!/usr/bin/env python3
"""Event-location accuracy of dyads.where on ../shared/eval/event_location_dev.jsonl.

    .venv/bin/python benchmarks/location.py [--limit N] [--errors K]

Each line gives a sentence, the event trigger span ("verb": [start, end, text]) and the gold location spans
("locations": [[start, end, text], ...], possibly empty). The sentence is parsed, the token at the trigger span is the
trigger (and its clause's verb), and dyads.where's locator chooses a place (only the locator is measured, not the
event coder).

* with a gold location: correct when the predicted place's name in the text overlaps a gold span, or the place's
  name equals a gold text after folding. Reported over all such sentences (no prediction counts as wrong), over the
  predicted ones, and over the sentences whose gold spans are usable (some gold spans are empty or one character);
* without a gold location: the share where the locator (rightly) predicts none;
* coverage: the share of sentences with a gold location where something is predicted.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import time
from collections import Counter

from common import SHARED, machine

from dyads.parse import load_nlp
from dyads.where import Locator, default_gazetteer, fold_name

DATA = SHARED / "eval" / "event_location_dev.jsonl"


def trigger_token(doc, start, end):
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    return span.root


def clause_verb(tok):
    """The clause verb of a trigger: itself when it is a verb, else the verb that governs the event noun."""
    node = tok
    for _ in range(3):
        if node.pos_ in ("VERB", "AUX") or node.dep_ == "ROOT":
            return node
        node = node.head
    return tok


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--limit", type=int, default=None, help="use only the first N sentences")
    ap.add_argument("--errors", type=int, default=0, help="print the first K wrong predictions")
    args = ap.parse_args()
    rows = []
    with open(DATA, encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                rows.append(json.loads(line))
            if args.limit and len(rows) >= args.limit:
                break
    print(f"# dyads event location, {dt.date.today()}, {machine()}")
    print("# command: .venv/bin/python benchmarks/location.py" + (f" --limit {args.limit}" if args.limit else ""))
    t0 = time.perf_counter()
    gazetteer = default_gazetteer()
    load_s = time.perf_counter() - t0
    locator = Locator(gazetteer)
    nlp = load_nlp()
    c = Counter()
    hows = Counter()
    errors = []
    parse_s = locate_s = 0.0
    texts = [r["text"] for r in rows]
    t = time.perf_counter()
    docs = list(nlp.pipe(texts, batch_size=64))
    parse_s = time.perf_counter() - t
    words = sum(len(d) for d in docs)
    for r, doc in zip(rows, docs):
        gold = r["locations"]
        tok = trigger_token(doc, r["verb"][0], r["verb"][1])
        t = time.perf_counter()
        found = None
        if tok is not None:
            found = locator.locate_match(tok, clause_verb(tok), tok.sent, locator.places(doc))
        locate_s += time.perf_counter() - t
        if gold:
            c["gold"] += 1
            usable = any(e - s > 1 for s, e, _ in gold)
            c["usable"] += usable
            if found is None:
                if len(errors) < args.errors:
                    errors.append(("missed", r["text"], r["verb"][2], [g[2] for g in gold], None))
                continue
            c["predicted"] += 1
            c["usable_predicted"] += usable
            hows[found.how] += 1
            ok = any(found.start is not None and found.start < e and s < found.end for s, e, _ in gold) or \
                any(fold_name(found.place.name) == fold_name(g) or fold_name(found.text) == fold_name(g)
                    for _, _, g in gold if g.strip())
            c["correct"] += ok
            c["usable_correct"] += ok and usable
            hows[found.how + " correct"] += ok
            if not ok and len(errors) < args.errors:
                errors.append(("wrong", r["text"], r["verb"][2], [g[2] for g in gold], found.text))
        else:
            c["none"] += 1
            c["none_ok"] += found is None
            if found is not None:
                hows[found.how + " spurious"] += 1
                if len(errors) < args.errors:
                    errors.append(("spurious", r["text"], r["verb"][2], [], found.text))
    n = len(rows)
    print(f"sentences: {n} ({c['gold']} with a gold location, {c['none']} without)")
    print(f"with a gold location: accuracy {c['correct'] / max(c['gold'], 1):.3f} over all "
          f"({c['correct']}/{c['gold']}); {c['correct'] / max(c['predicted'], 1):.3f} over the {c['predicted']} "
          f"predicted; coverage {c['predicted'] / max(c['gold'], 1):.1%}")
    print(f"  on the {c['usable']} whose gold spans are usable (longer than one character): accuracy "
          f"{c['usable_correct'] / max(c['usable'], 1):.3f} over all; "
          f"{c['usable_correct'] / max(c['usable_predicted'], 1):.3f} over the predicted")
    print(f"without a gold location: rightly none {c['none_ok'] / max(c['none'], 1):.3f} "
          f"({c['none_ok']}/{c['none']})")
    both = c["correct"] + c["none_ok"]
    print(f"overall (correct place or rightly none): {both / max(n, 1):.3f}")
    print("by step: " + ", ".join(f"{k} {v}" for k, v in sorted(hows.items())))
    print(f"time: gazetteer load {load_s:.2f}s; parse {parse_s:.1f}s ({words / max(parse_s, 1e-9):,.0f} words/s); "
          f"locate {locate_s:.2f}s ({words / max(locate_s, 1e-9):,.0f} words/s, "
          f"{1000 * locate_s / max(n, 1):.2f} ms/sentence)")
    for kind, text, verb, g, pred in errors:
        print(f"  [{kind}] verb={verb!r} gold={g} predicted={pred!r}: {text.strip()[:200]}")


if __name__ == "__main__":
    main()
