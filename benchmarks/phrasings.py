#!/usr/bin/env python3
"""CAMEO codebook phrasings: does dyads code the common English news phrasings of each CAMEO code?

    .venv/bin/python benchmarks/phrasings.py [--details] [--only ROOT,...]

benchmarks/data/cameo_phrasings.tsv holds, for the CAMEO codebook's codes, sentences the dyads team wrote in the
words news reports use for them ("Turkey hit back at France over the comments" 111, "Britain delivered a stinging
rebuke to Russia" 111, "Iran seized a British tanker" 1711), with the source and target they name as keys in the
whole-article gold's format (ISO-3166 alpha-3, an organisation's acronym, a distinctive word of a group's name;
dyads.analyse.gold.actor_matches; ``*`` any actor, for the unnamed gunmen a lone sentence cannot place) and the roots a careful coder would also accept. Each sentence is coded on its own
(published 2023-06-01, every confidence); it is **found** when some event has a matching source and target and an
accepted root, **exact** when that event also has the sentence's code. Prints the share found and exact per root and
overall, and with ``--details`` what dyads coded for each sentence it did not find. The sentences are general
phrasing knowledge, written from the codebook, not taken from the articles the whole-article benchmark scores.
"""
from __future__ import annotations

import argparse
import datetime as dt
import time
from collections import defaultdict
from pathlib import Path

from common import machine

from dyads.analyse.gold import actor_matches
from dyads.model import Article

DATA = Path(__file__).resolve().parent / "data" / "cameo_phrasings.tsv"
PUBLISHED = dt.date(2023, 6, 1)


def read(path: Path = DATA) -> list[dict]:
    out = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        code, also, src, tgt, sentence = line.split("\t")
        roots = [code[:2]] + ([r.strip() for r in also.split(",")] if also != "-" else [])
        # "*": any actor (an unnamed "gunmen" or "militants" has no country in a sentence on its own)
        out.append({"line": n, "code": code, "roots": roots, "src": None if src == "*" else src.split(","),
                    "tgt": None if tgt == "*" else tgt.split(","),
                    "sentence": sentence})
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--details", action="store_true", help="list what dyads coded for the sentences not found")
    ap.add_argument("--only", default="", help="comma list of roots (two digits)")
    args = ap.parse_args()
    from dyads.pipeline import code_articles

    items = read()
    if args.only:
        items = [i for i in items if i["code"][:2] in args.only.split(",")]
    started = time.perf_counter()
    articles = [Article(id=f"p{i['line']}", text=i["sentence"], published=PUBLISHED) for i in items]
    coded = {c.article.id: [e.to_dict() for e in c.events] for c in code_articles(articles)}
    secs = time.perf_counter() - started
    per_root: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    missed = []
    for item in items:
        events = coded.get(f"p{item['line']}", [])
        ok = [e for e in events if e["cameo"][:2] in item["roots"] and actor_matches(e["source"], item["src"])
              and (item["tgt"] is None and e.get("target") or actor_matches(e.get("target"), item["tgt"]))]
        exact = any(e["cameo"] == item["code"] for e in ok)
        row = per_root[item["code"][:2]]
        row[0] += 1
        row[1] += bool(ok)
        row[2] += exact
        if not ok:
            missed.append((item, events))
    print(f"# benchmarks/phrasings.py — {dt.date.today()} — {machine()}")
    print(f"# {len(items)} sentences of {DATA.name}, coded in {secs:.0f}s")
    print(f"{'root':<5} {'sentences':>9} {'found':>6} {'exact':>6}")
    total = [0, 0, 0]
    for root in sorted(per_root):
        n, f, x = per_root[root]
        total = [total[0] + n, total[1] + f, total[2] + x]
        print(f"{root:<5} {n:>9} {f / n:>6.2f} {x / n:>6.2f}")
    print(f"{'all':<5} {total[0]:>9} {total[1] / total[0]:>6.3f} {total[2] / total[0]:>6.3f}  "
          f"({total[1]} found, {total[2]} exact)")
    if args.details:
        print("\nNot found:")
        for item, events in missed:
            got = "; ".join(f"{e['source']['code']} {e['cameo']} {(e.get('target') or {}).get('code')} "
                            f"[{e['trigger']}]" for e in events) or "nothing"
            print(f"  {item['code']} {item['src']}→{item['tgt']}  {item['sentence']}\n      got: {got}")


if __name__ == "__main__":
    main()
