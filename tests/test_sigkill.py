"""No data loss: `dyads ingest` killed with SIGKILL mid-run leaves a consistent database (whole articles with all
their events, nothing orphaned), and running it again stores every article exactly once."""
from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time

import pytest

N = 300
SENTENCES = ["Russia condemned the United States on {d}.", "The European Union imposed sanctions on Belarus.",
             "Ukraine accused Moscow of shelling Kharkiv.", "Iran's president met Iraqi officials in Baghdad.",
             "Turkey's foreign minister met his Greek counterpart in Athens.", "Police arrested protesters."]


def feed(path):
    days = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]
    with open(path, "w", encoding="utf-8") as fh:
        for i in range(N):
            text = " ".join(SENTENCES[(i + k) % len(SENTENCES)].format(d=days[i % 5]) for k in range(3))
            fh.write(json.dumps({"id": f"a{i:04d}", "title": f"Report {i}", "text": text,
                                 "published": f"2022-03-{1 + i % 28:02d}"}) + "\n")


def counts(db):
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5)
    try:
        return con.execute("SELECT count(*) FROM articles").fetchone()[0]
    except sqlite3.OperationalError:  # the tables are not created yet
        return 0
    finally:
        con.close()


def check_consistent(db):
    con = sqlite3.connect(db, timeout=5)
    try:
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert con.execute("PRAGMA foreign_key_check").fetchall() == []
        bad = con.execute("SELECT a.id, a.num_events, count(e.id) FROM articles a LEFT JOIN events e "
                          "ON e.article_id = a.id GROUP BY a.id HAVING a.num_events != count(e.id)").fetchall()
        assert bad == [], bad
        orphans = con.execute("SELECT count(*) FROM events WHERE article_id NOT IN (SELECT id FROM articles)")
        assert orphans.fetchone()[0] == 0
        articles = con.execute("SELECT count(*), count(DISTINCT id) FROM articles").fetchone()
        events = con.execute("SELECT count(*), count(DISTINCT id) FROM events").fetchone()
        assert articles[0] == articles[1] and events[0] == events[1]
        return articles[0], events[0]
    finally:
        con.close()


def ingest(jsonl, db, **kw):
    return subprocess.Popen([sys.executable, "-m", "dyads.cli", "ingest", str(jsonl), "--db", f"sqlite:///{db}", "-q"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, **kw)


@pytest.mark.slow
def test_sigkill_mid_ingest_loses_nothing(tmp_path):
    jsonl, db = tmp_path / "feed.jsonl", tmp_path / "kill.db"
    feed(jsonl)
    proc = ingest(jsonl, db)
    deadline = time.monotonic() + 40
    try:
        while True:
            if db.exists() and counts(db) > 0:
                break
            assert proc.poll() is None, proc.stderr.read().decode()
            assert time.monotonic() < deadline, "nothing was stored within 40 s"
            time.sleep(0.02)
    finally:
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
    assert proc.returncode == -signal.SIGKILL
    stored, _ = check_consistent(db)
    assert 0 < stored < N, f"the kill came too late to test anything ({stored} of {N} stored)"

    proc = ingest(jsonl, db)
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 0, err.decode()
    articles, events = check_consistent(db)
    assert articles == N and events > N
    con = sqlite3.connect(db)
    ids = [r[0] for r in con.execute("SELECT id FROM articles ORDER BY id")]
    con.close()
    assert ids == [f"a{i:04d}" for i in range(N)]
