"""Two ingests into one database at once (issue 18, item 4) both succeed and leave the same database as one ingest
alone — articles, events, actors and event clusters — on SQLite and on PostgreSQL (a fresh schema: the two also
race on creating it). The check is benchmarks/concurrent_ingest.py's, on a smaller input of many short articles
reporting the same events (so that clusters span articles and batches)."""
from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from support import REPO

sys.path.insert(0, str(REPO / "benchmarks"))
from concurrent_ingest import check  # noqa: E402

ACTS = ["Russia condemned the United States on {day}.", "The European Union imposed sanctions on Belarus on {day}.",
        "Iran accused Israel of attacking Syria on {day}.", "China met Pakistan in Beijing on {day}.",
        "NATO condemned Russia on {day}.", "The United States expelled Russian diplomats on {day}."]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]


def _feed(path: Path, n: int = 130) -> Path:
    """``n`` short articles from a few outlets reporting overlapping events: more than two store batches."""
    with open(path, "w", encoding="utf-8") as fh:
        for i in range(n):
            text = " ".join(ACTS[(i + k) % len(ACTS)].format(day=DAYS[(i + k) % len(DAYS)]) for k in range(2))
            fh.write(json.dumps({"id": f"c{i:03d}", "title": f"Report {i}", "text": text,
                                 "published": f"2022-03-{1 + i % 20:02d}", "source": f"Outlet {i % 4}"}) + "\n")
    return path


@pytest.mark.slow
def test_two_ingests_at_once_on_sqlite_end_as_one(tmp_path):
    log: list[str] = []
    matched, problems = check(_feed(tmp_path / "feed.jsonl"), "sqlite", 2, 2, None, tmp_path, log=log.append)
    assert matched == 2 and not problems, "\n".join(log + problems)


@pytest.mark.slow
def test_two_ingests_at_once_on_postgresql_end_as_one(tmp_path):
    url = os.environ.get("DYADS_TEST_PG")
    if not url:
        if os.environ.get("CI"):
            pytest.fail("DYADS_TEST_PG is not set: CI must start PostgreSQL (see .ci/run)")
        pytest.skip("needs DYADS_TEST_PG (a throwaway PostgreSQL database)")
    log: list[str] = []
    matched, problems = check(_feed(tmp_path / "feed.jsonl"), "postgresql", 2, 2, url, tmp_path, log=log.append)
    assert matched == 2 and not problems, "\n".join(log + problems)


@pytest.mark.slow
def test_a_writer_waits_for_the_lock_says_so_and_gives_up_with_a_clear_message(tmp_path):
    from dyads.store import connect

    path = tmp_path / "l.db"
    connect(f"sqlite:///{path}")[0].dispose()
    feed = tmp_path / "one.jsonl"
    feed.write_text(json.dumps({"id": "x", "text": "Russia condemned the United States on Monday.",
                                "published": "2022-02-22"}) + "\n", encoding="utf-8")
    holding = threading.Event()
    release = threading.Event()

    def hold(seconds: float):
        conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        conn.execute("BEGIN IMMEDIATE")  # another writer holds the lock
        holding.set()
        release.wait(seconds)
        conn.execute("ROLLBACK")
        conn.close()

    env = {**os.environ, "DYADS_LOCK_WAIT": "4", "PYTHONIOENCODING": "utf-8"}
    cmd = [sys.executable, "-m", "dyads.cli", "ingest", str(feed), "--db", f"sqlite:///{path}", "-q"]
    # held for longer than the wait: a bounded wait, said, then a one-line error (and nothing half-stored)
    t = threading.Thread(target=hold, args=(120,))
    t.start()
    holding.wait()
    t0 = time.perf_counter()
    r = subprocess.run(cmd, capture_output=True, text=True, env=env)
    release.set()
    t.join()
    assert r.returncode == 1 and time.perf_counter() - t0 < 60
    assert "waiting (at most 4 s) for another process writing to the database" in r.stderr
    assert "stayed locked by another process" in r.stderr and "Traceback" not in r.stderr
    # held until the ingest says it waits, and 6 s more (longer than the 5 s that used to fail): it succeeds
    holding.clear()
    release.clear()
    env["DYADS_LOCK_WAIT"] = "60"
    t = threading.Thread(target=hold, args=(600,))
    t.start()
    holding.wait()
    proc = subprocess.Popen(cmd, stderr=subprocess.PIPE, text=True, env=env)
    said = proc.stderr.readline()
    time.sleep(6)
    release.set()
    rest = proc.stderr.read()
    proc.wait(120)
    t.join()
    assert "waiting (at most 60 s)" in said
    assert proc.returncode == 0, said + rest
    conn = sqlite3.connect(path)
    assert conn.execute("SELECT id FROM articles").fetchall() == [("x",)]
    conn.close()
