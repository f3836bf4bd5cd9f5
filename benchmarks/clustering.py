#!/usr/bin/env python3
"""Event clustering: pairwise precision and recall on tests/fixtures/duplicates (19 short articles by the team, four
outlets reporting six real events in different words; tests/fixtures/duplicates/gold.json says which reports are
the same real event).

    .venv/bin/python benchmarks/clustering.py [--windows 0,1,2,3,5,7] [--db URL]

The articles are coded and stored once (SQLite in a temporary directory unless --db is given), then clustered
again with each window (days either side) and each matching rule (actor codes as coded, or their countries).
A pair is two reports of gold events from different articles: true when they are the same gold event; the clusters
get it right when they put exactly the true pairs together.
"""
from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

from common import REPO, machine

FIXTURES = REPO / "tests" / "fixtures" / "duplicates"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--windows", default="0,1,2,3,5,7")
    ap.add_argument("--db", default=None, help="database URL (default: a temporary SQLite file)")
    args = ap.parse_args()

    from dyads.analyse.cluster import DEFAULT_WINDOW, Options, pairwise_scores, rebuild
    from dyads.pipeline import code_articles, make_coder
    from dyads.read import iter_articles
    from dyads.store import connect, ingest_articles, stored_events

    gold = json.loads((FIXTURES / "gold.json").read_text(encoding="utf-8"))
    tmp = tempfile.TemporaryDirectory()
    url = args.db or f"sqlite:///{Path(tmp.name) / 'clustering.db'}"
    _, sessions = connect(url)
    coder = make_coder()
    ingest_articles(iter_articles([str(FIXTURES / "articles.jsonl")]), sessions,
                    lambda stream: code_articles(stream, coder=coder), cluster=False)
    print(f"dyads event clustering, {machine()}; {len(gold['events'])} gold events in "
          f"{sum(len(g['articles']) for g in gold['events'])} articles\n")
    print(f"{'match':8} {'window':>6} {'clusters':>8} {'P':>6} {'R':>6} {'F1':>6}  (tp/fp/fn)   seconds")
    for match in ("code", "country"):
        for w in (int(x) for x in args.windows.split(",")):
            t0 = time.perf_counter()
            rep = rebuild(sessions, Options(window=w, match=match))
            secs = time.perf_counter() - t0
            s = pairwise_scores(gold, list(stored_events(sessions)))
            mark = "  <- default" if (w, match) == (DEFAULT_WINDOW, Options().match) else ""
            print(f"{match:8} {w:>6} {rep.clusters:>8} {s['precision']:>6.3f} {s['recall']:>6.3f} {s['f1']:>6.3f}"
                  f"  ({s['tp']}/{s['fp']}/{s['fn']})  {secs:7.3f}{mark}")
    print(f"\nreports of gold events: {s['reports']}; true cross-article pairs: {s['pairs_true']}")
    print(f"command: {Path(sys.executable).relative_to(REPO) if Path(sys.executable).is_relative_to(REPO) else sys.executable}"
          f" benchmarks/clustering.py --windows {args.windows}")
    tmp.cleanup()


if __name__ == "__main__":
    main()
