#!/usr/bin/env python3
"""Concurrent ingests: two `dyads ingest` processes into one database at once, several times, on SQLite and
PostgreSQL; each run must end with both processes succeeding and the same database as one ingest alone.

    .venv/bin/python benchmarks/concurrent_ingest.py [--articles 200] [--runs 3] [--processes 2] [--pg URL]

The input is the first --articles lines of ../shared/corpus/guardian_2019.jsonl. "The same database" is compared
on content: every article (id, content hash, text, publication date, outlet, event count), every event (all stored
fields), every actor, and the event clusters as a partition of the events with each cluster's summary (its numeric
id and update time aside). PostgreSQL (--pg, default $DYADS_TEST_PG) must be a throwaway database: its public schema
is dropped before each run, so each run also races on creating the schema.
"""
from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import REPO, SHARED, machine

DYADS = [sys.executable, "-m", "dyads.cli"]


def snapshot(url: str) -> dict:
    """The database's content, as plain comparable values."""
    from sqlalchemy import select

    from dyads.store import connect
    from dyads.store.models import ActorRow, ArticleRow, ClusterRow, EventRow

    engine, sessions = connect(url, read_only=True)
    out: dict = {}
    with sessions() as s:
        out["articles"] = sorted(
            (a.id, a.content_hash, hashlib.sha256(a.text.encode()).hexdigest(), str(a.published), a.outlet,
             a.title, a.num_events, a.id_scheme) for a in s.scalars(select(ArticleRow)))
        events, by_cluster = [], {}
        for e in s.scalars(select(EventRow)):
            d = {c.name: getattr(e, c.name) for c in EventRow.__table__.columns if c.name != "cluster_id"}
            events.append(json.dumps(d, sort_keys=True, default=str))
            by_cluster.setdefault(e.cluster_id, set()).add(e.id)
        out["events"] = sorted(events)
        out["unclustered"] = sorted(by_cluster.pop(None, set()))
        clusters = []
        for c in s.scalars(select(ClusterRow)):
            d = {col.name: getattr(c, col.name) for col in ClusterRow.__table__.columns
                 if col.name not in ("id", "updated_at")}
            clusters.append((sorted(by_cluster.get(c.id, ())), json.dumps(d, sort_keys=True, default=str)))
        out["clusters"] = sorted(clusters)
        out["actors"] = sorted(json.dumps({c.name: getattr(a, c.name) for c in ActorRow.__table__.columns},
                                          sort_keys=True, default=str) for a in s.scalars(select(ActorRow)))
    engine.dispose()
    return out


def differences(a: dict, b: dict) -> list[str]:
    out = []
    for key in a:
        if a[key] != b[key]:
            only_a = len(set(map(str, a[key])) - set(map(str, b[key])))
            only_b = len(set(map(str, b[key])) - set(map(str, a[key])))
            out.append(f"{key}: {len(a[key])} vs {len(b[key])} ({only_a} only in the first, {only_b} only in the "
                       f"second)")
    return out


def reset_postgres(url: str) -> None:
    from sqlalchemy import create_engine, text

    from dyads.store import normalise_url

    engine = create_engine(normalise_url(url))
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()


def fresh(backend: str, folder: Path, name: str, pg: str | None) -> str:
    if backend == "sqlite":
        return f"sqlite:///{folder / (name + '.db')}"
    reset_postgres(pg)
    return pg


def ingest_at_once(feed: Path, url: str, processes: int) -> list[subprocess.CompletedProcess]:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    procs = [subprocess.Popen([*DYADS, "ingest", str(feed), "--db", url, "-q"], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True, env=env, cwd=REPO) for _ in range(processes)]
    out = []
    for p in procs:
        stdout, stderr = p.communicate()
        out.append(subprocess.CompletedProcess(p.args, p.returncode, stdout, stderr))
    return out


def check(feed: Path, backend: str, runs: int, processes: int, pg: str | None, folder: Path,
          log=print) -> tuple[int, list[str]]:
    """Runs ``runs`` concurrent ingests and compares each with one ingest alone; (runs that matched, problems)."""
    url = fresh(backend, folder, "single", pg)
    t0 = time.perf_counter()
    single = subprocess.run([*DYADS, "ingest", str(feed), "--db", url, "-q"], capture_output=True, text=True,
                            cwd=REPO)
    if single.returncode != 0:
        return 0, [f"the single ingest failed ({single.returncode}): {single.stderr[-500:]}"]
    reference = snapshot(url)
    log(f"{backend}: one ingest alone: {len(reference['articles'])} articles, {len(reference['events'])} events, "
        f"{len(reference['clusters'])} clusters in {time.perf_counter() - t0:.1f}s")
    problems, matched = [], 0
    for run in range(1, runs + 1):
        url = fresh(backend, folder, f"run{run}", pg)
        t0 = time.perf_counter()
        results = ingest_at_once(feed, url, processes)
        secs = time.perf_counter() - t0
        codes = [r.returncode for r in results]
        diff = differences(reference, snapshot(url))
        waits = sum(r.stderr.count("waiting") for r in results)
        noise = [line for r in results for line in r.stderr.splitlines() if "waiting" not in line]
        ok = all(c == 0 for c in codes) and not diff and not noise
        matched += ok
        log(f"{backend}: run {run}: {processes} processes at once, exit {codes}, {secs:.1f}s, "
            f"{waits} lock wait(s) said, {'same database as one ingest' if not diff else '; '.join(diff)}")
        for line in noise[:5]:
            log(f"    stderr: {line[:300]}")
        if not ok:
            problems.append(f"{backend} run {run}: exit {codes}; {diff}; {noise[:3]}")
    return matched, problems


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--articles", type=int, default=200)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--processes", type=int, default=2)
    ap.add_argument("--pg", default=os.environ.get("DYADS_TEST_PG"),
                    help="a throwaway PostgreSQL database (default $DYADS_TEST_PG); without it only SQLite")
    args = ap.parse_args()
    print(f"# dyads concurrent ingests, {dt.date.today()}, {machine()}")
    print(f"# command: .venv/bin/python benchmarks/concurrent_ingest.py --articles {args.articles} --runs {args.runs} "
          f"--processes {args.processes}" + (" --pg URL" if args.pg else ""))
    failures = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        feed = folder / f"g{args.articles}.jsonl"
        with open(SHARED / "corpus" / "guardian_2019.jsonl", encoding="utf-8") as src, open(feed, "w") as dst:
            for i, line in enumerate(src):
                if i >= args.articles:
                    break
                dst.write(line)
        for backend in ["sqlite"] + (["postgresql"] if args.pg else []):
            matched, problems = check(feed, backend, args.runs, args.processes, args.pg, folder)
            print(f"{backend}: {matched} of {args.runs} runs ended with both ingests succeeding and the same "
                  f"database as one ingest")
            failures += problems
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
