#!/usr/bin/env python3
"""Quality figures for dyads against labelled data in ../shared/eval.

    .venv/bin/python benchmarks/quality.py [--limit N] [--only quad,ner,resolved]

* quad:     quad-class accuracy on eval/conflibert/cameo_class_train.tsv (1,349 real news sentences, five labels:
            statements and appeals, verbal cooperation, material cooperation, verbal conflict, material conflict),
            scored on the first event dyads codes in each sentence. The labels follow Phoenix's classes
            (reference/phoenix_goldstein_quad.tsv), which put root 16 in verbal conflict; the score by plain root
            ranges (01–02, 03–05, 06–08, 09–13, 14–20) is printed beside it. Reported over all sentences (a sentence
            with no event counts as wrong) and over the sentences where dyads coded something, with the coverage,
            and by half: the dictionaries were grown looking at the even-numbered sentences only (0, 2, …), so the
            odd-numbered half is the held-out figure.
* ner:      source/target token F1 on eval/conflibert/cameo_ner_train.txt (BIO tags S = source, T = target,
            R = reciprocal, counted as both), against the actor phrases of the first event of each sentence.
* resolved: on corpus/guardian_2019.jsonl, the share of event sources and targets that resolve to a country or an
            organisation (not only a role word such as "police").
"""
from __future__ import annotations

import argparse
import datetime as dt
import time
from collections import Counter

from common import SHARED, guardian_articles, machine

from dyads.model import Article
from dyads.pipeline import code_articles, make_coder


def label_of_root(root: str) -> int:
    """The label by root ranges, as ../shared/README.md describes the data: 01–02, 03–05, 06–08, 09–13, 14–20."""
    r = int(root)
    return 0 if r <= 2 else 1 if r <= 5 else 2 if r <= 8 else 3 if r <= 13 else 4


def phoenix_classes() -> dict[str, int]:
    """Phoenix's five classes by CAMEO code (../shared/reference/phoenix_goldstein_quad.tsv), the scheme the
    ConfliBERT labels follow: it differs from root ranges in putting root 16 (reduce relations: sanctions,
    expulsions, aid cuts) in verbal conflict, and 66 of the 69 sentences whose first dyads event is a root-16 act
    are labelled verbal conflict."""
    out = {}
    with open(SHARED / "reference" / "phoenix_goldstein_quad.tsv", encoding="utf-8") as fh:
        next(fh)
        for line in fh:
            code, _, klass = line.rstrip("\n").split("\t")[:3]
            out[code] = int(klass)
    return out


def label_of_code(code: str, classes: dict[str, int]) -> int:
    for n in range(len(code), 1, -1):
        if code[:n] in classes:
            return classes[code[:n]]
    return label_of_root(code[:2])


def first_event(events):
    return min(events, key=lambda e: (e.sentence_index, e.trigger_start or 0)) if events else None


def quad(coder, limit):
    rows = []
    with open(SHARED / "eval" / "conflibert" / "cameo_class_train.tsv", encoding="utf-8") as fh:
        for line in fh:
            text, _, label = line.rstrip("\n").rpartition("\t")
            if text and label.strip().isdigit():
                rows.append((text, int(label)))
    rows = rows[:limit] if limit else rows
    articles = [Article(id=str(i), text=t) for i, (t, _) in enumerate(rows)]
    classes = phoenix_classes()
    correct = covered = by_root = 0
    confusion = Counter()
    by_half = Counter()
    for k, (item, (_, label)) in enumerate(zip(code_articles(articles, coder=coder), rows)):
        e = first_event(item.events)
        if e is None:
            confusion[(label, None)] += 1
            continue
        covered += 1
        pred = label_of_code(e.cameo, classes)
        confusion[(label, pred)] += 1
        correct += pred == label
        by_half[k % 2] += pred == label
        by_root += label_of_root(e.cameo_root) == label
    n = len(rows)
    print(f"quad class (cameo_class_train, {n} sentences, Phoenix's classes): accuracy {correct / n:.3f} over all; "
          f"{correct / max(covered, 1):.3f} over the {covered} coded ({covered / n:.1%} coverage)")
    print(f"  with classes by root ranges (root 16 as material conflict): {by_root / n:.3f} over all; "
          f"{by_root / max(covered, 1):.3f} over the coded")
    halves = [(n + 1) // 2, n // 2]
    print(f"  by half: {by_half[0] / max(halves[0], 1):.3f} on the even-numbered sentences (looked at while growing "
          f"the dictionaries), {by_half[1] / max(halves[1], 1):.3f} on the odd-numbered ones (held out)")
    print("  confusion (rows gold 0-4, columns predicted 0-4, none):")
    for g in range(5):
        print("   ", g, " ".join(f"{confusion[(g, p)]:4d}" for p in [0, 1, 2, 3, 4, None]))


def read_ner(limit):
    sents, toks, tags = [], [], []
    with open(SHARED / "eval" / "conflibert" / "cameo_ner_train.txt", encoding="utf-8") as fh:
        for line in fh:
            line = line.rstrip("\n")
            if not line.strip():
                if toks:
                    sents.append((toks, tags))
                toks, tags = [], []
                continue
            tok, _, tag = line.rpartition(" ")
            toks.append(tok)
            tags.append(tag)
    if toks:
        sents.append((toks, tags))
    return sents[:limit] if limit else sents


def ner(coder, limit):
    sents = read_ner(limit)
    articles, spans = [], []
    for i, (toks, tags) in enumerate(sents):
        offsets, pos = [], 0
        for t in toks:
            offsets.append((pos, pos + len(t)))
            pos += len(t) + 1
        articles.append(Article(id=str(i), text=" ".join(toks)))
        spans.append(offsets)
    counts = {r: Counter() for r in ("S", "T")}
    for item, (toks, tags), offsets in zip(code_articles(articles, coder=coder), sents, spans):
        e = first_event(item.events)
        pred = {"S": set(), "T": set()}
        if e is not None:
            for role, actor in (("S", e.source), ("T", e.target)):
                if actor is not None and actor.start is not None:
                    pred[role] |= {k for k, (a, b) in enumerate(offsets) if a < actor.end and b > actor.start}
        for role in ("S", "T"):
            gold = {k for k, tag in enumerate(tags) if tag[2:] in (role, "R")}
            counts[role]["tp"] += len(gold & pred[role])
            counts[role]["fp"] += len(pred[role] - gold)
            counts[role]["fn"] += len(gold - pred[role])
    out = []
    for role, name in (("S", "source"), ("T", "target")):
        c = counts[role]
        p = c["tp"] / max(c["tp"] + c["fp"], 1)
        r = c["tp"] / max(c["tp"] + c["fn"], 1)
        f = 2 * p * r / max(p + r, 1e-9)
        out.append(f"{name} P {p:.3f} R {r:.3f} F1 {f:.3f}")
    print(f"actor tokens (cameo_ner_train, {len(sents)} sentences): " + "; ".join(out))


def resolved(coder, limit):
    articles = guardian_articles(limit)
    roles = Counter()
    for item in code_articles(articles, coder=coder):
        for e in item.events:
            for role, actor in (("source", e.source), ("target", e.target)):
                if actor is None:
                    continue
                roles[role, "all"] += 1
                roles[role, "ok"] += bool(actor.country or actor.org)
    parts = [f"{role}s {roles[role, 'ok'] / max(roles[role, 'all'], 1):.3f} of {roles[role, 'all']}"
             for role in ("source", "target")]
    both = (roles["source", "ok"] + roles["target", "ok"]) / max(roles["source", "all"] + roles["target", "all"], 1)
    print(f"resolved to a country or organisation (guardian_2019, {len(articles)} articles): {both:.3f} overall; "
          + "; ".join(parts))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--limit", type=int, default=None, help="use only the first N items of each data set")
    ap.add_argument("--only", default="quad,ner,resolved", help="comma-separated: quad, ner, resolved")
    args = ap.parse_args()
    coder = make_coder()
    print(f"# dyads quality, {dt.date.today()}, {machine()}")
    print("# command: .venv/bin/python benchmarks/quality.py" + (f" --limit {args.limit}" if args.limit else ""))
    for name in args.only.split(","):
        t = time.perf_counter()
        {"quad": quad, "ner": ner, "resolved": resolved}[name.strip()](coder, args.limit)
        print(f"  ({time.perf_counter() - t:.0f}s)")


if __name__ == "__main__":
    main()
