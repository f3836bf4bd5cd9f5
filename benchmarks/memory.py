#!/usr/bin/env python3
"""Peak memory of the whole process tree on the worst single inputs under the default limits.

    .venv/bin/python benchmarks/memory.py [--workers 1,2] [--kinds prose,one-line,...] [--commands code,ingest,post]

Each input is as large as the default --max-bytes lets through (1,000,000 bytes): real news prose (the Guardian
articles of ../shared, one after the other), the same on one line, words without a full stop, a dense list of
actors and acts, two such articles in one JSONL file, an HTML page. Each runs through `dyads code`, `dyads ingest`
and (``post``) one authenticated POST /api/articles of the largest text the API takes, with --workers 1 and 2.
The tree (the command and every process it starts) is sampled every 50 ms from /proc: its peak RSS (shared pages
counted once per process, as `ps` shows them) and its peak PSS (shared pages divided between the processes that
share them: what the tree really takes).
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

from common import REPO, SHARED, machine

LIMIT = 1_000_000
DYADS = str(REPO / ".venv" / "bin" / "dyads")


def _guardian_prose() -> str:
    with open(SHARED / "corpus" / "guardian_2019.jsonl", encoding="utf-8") as fh:
        return "\n\n".join(json.loads(line)["text"] for line in fh)


def _fit(text: str, limit: int) -> str:
    """The longest prefix of ``text`` whose UTF-8 is at most ``limit`` bytes."""
    data = text.encode("utf-8")[:limit]
    return data.decode("utf-8", errors="ignore")


def make_inputs(folder: Path, kinds: list[str]) -> dict[str, Path]:
    prose = _guardian_prose()
    out: dict[str, Path] = {}
    if "prose" in kinds:
        out["prose"] = folder / "prose.txt"
        out["prose"].write_text(_fit("A long article\n" + prose, LIMIT - 10), encoding="utf-8")
    if "one-line" in kinds:
        out["one-line"] = folder / "one-line.txt"
        out["one-line"].write_text(_fit("A long article\n" + prose.replace("\n", " "), LIMIT - 10), encoding="utf-8")
    if "no-stops" in kinds:
        out["no-stops"] = folder / "no-stops.txt"
        words = prose.replace(".", " ").replace("\n", " ")
        out["no-stops"].write_text(_fit("A long article\n" + words, LIMIT - 10), encoding="utf-8")
    if "actors" in kinds:
        acts = ("Russia condemned Ukraine on Monday. The European Union imposed sanctions on Belarus. Iran accused "
                "Israel of attacking Syria. NATO ruled out sending troops to Ukraine. China met Pakistan in Beijing. "
                "Turkish troops shelled Kurdish fighters near Afrin. The United States expelled Russian diplomats.\n\n")
        out["actors"] = folder / "actors.txt"
        out["actors"].write_text(_fit("Acts\n" + acts * (LIMIT // len(acts) + 1), LIMIT - 10), encoding="utf-8")
    if "jsonl2" in kinds:
        out["jsonl2"] = folder / "two.jsonl"
        text = prose
        lines = []
        for i in range(2):
            body = _fit(text[i * 200_000:], LIMIT - 200)
            while len(json.dumps({"id": f"long-{i}", "text": body, "published": "2019-06-01"}).encode()) >= LIMIT:
                body = body[: int(len(body) * 0.98)]
            lines.append(json.dumps({"id": f"long-{i}", "text": body, "published": "2019-06-01"}))
        out["jsonl2"].write_text("\n".join(lines) + "\n", encoding="utf-8")
    if "html" in kinds:
        paras = [p for p in prose.split("\n\n") if p.strip()]
        html, n = ["<html><head><title>A long page</title></head><body><article><h1>A long page</h1>"], 0
        for p in paras:
            piece = f"<p>{p}</p>\n"
            if n + len(piece.encode()) > LIMIT - 200:
                break
            html.append(piece)
            n += len(piece.encode())
        html.append("</article></body></html>")
        out["html"] = folder / "page.html"
        out["html"].write_text("".join(html), encoding="utf-8")
    return out


def _tree(root: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as fh:
                ppid = int(fh.read().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(ppid, []).append(int(entry))
    out, todo = [], [root]
    while todo:
        pid = todo.pop()
        out.append(pid)
        todo.extend(children.get(pid, []))
    return out


def _kb(path: str, field: str) -> int:
    try:
        with open(path) as fh:
            for line in fh:
                if line.startswith(field):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


class Sampler(threading.Thread):
    """Samples the tree under ``pid`` until stopped: peak of the summed RSS and of the summed PSS."""

    def __init__(self, pid: int):
        super().__init__(daemon=True)
        self.pid, self.rss, self.pss, self.procs = pid, 0, 0, 0
        self.stop = threading.Event()

    def run(self) -> None:
        while not self.stop.is_set():
            pids = _tree(self.pid)
            rss = sum(_kb(f"/proc/{p}/status", "VmRSS:") for p in pids)
            pss = sum(_kb(f"/proc/{p}/smaps_rollup", "Pss:") for p in pids)
            self.rss, self.pss, self.procs = max(self.rss, rss), max(self.pss, pss), max(self.procs, len(pids))
            self.stop.wait(0.05)


def measure(cmd: list[str], **kw) -> dict:
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **kw)
    sampler = Sampler(proc.pid)
    sampler.start()
    out, err = proc.communicate()
    sampler.stop.set()
    sampler.join()
    return {"rc": proc.returncode, "secs": time.perf_counter() - t0, "rss_mb": sampler.rss / 1024,
            "pss_mb": sampler.pss / 1024, "procs": sampler.procs, "events": out.count("\n"),
            "stderr": err.strip().splitlines()[-3:]}


def measure_post(folder: Path, text_file: Path, workers: int) -> dict:
    """One authenticated POST /api/articles of the largest text the API takes (900,000 characters)."""
    db = folder / "post.db"
    subprocess.run([DYADS, "ingest", str(REPO / "dyads" / "samples"), "--db", f"sqlite:///{db}", "-q"],
                   capture_output=True)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen([DYADS, "serve", "--db", f"sqlite:///{db}", "--port", str(port), "--token", "T"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    sampler = Sampler(server.pid)
    sampler.start()
    try:
        for _ in range(300):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/api/outlets", timeout=2).read()
                break
            except OSError:
                time.sleep(0.2)
        time.sleep(8)  # the write router loads the coder in the background: let it finish first
        text = text_file.read_text(encoding="utf-8")[:890_000]
        body = json.dumps({"id": "huge-post", "text": text, "published": "2019-06-01"}).encode()
        req = urllib.request.Request(f"http://127.0.0.1:{port}/api/articles", data=body, method="POST",
                                     headers={"Authorization": "Bearer T", "Content-Type": "application/json"})
        t0 = time.perf_counter()
        with urllib.request.urlopen(req, timeout=1800) as resp:
            answer = json.loads(resp.read())
        secs = time.perf_counter() - t0
        status = 200
    except urllib.error.HTTPError as exc:
        answer, secs, status = {"error": exc.read()[:200].decode()}, 0.0, exc.code
    finally:
        sampler.stop.set()
        sampler.join()
        server.send_signal(signal.SIGINT)
        server.wait(30)
    return {"rc": status, "secs": secs, "rss_mb": sampler.rss / 1024, "pss_mb": sampler.pss / 1024,
            "procs": sampler.procs, "events": answer.get("events", 0), "stderr": []}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--workers", default="1,2")
    ap.add_argument("--kinds", default="prose,one-line,no-stops,actors,jsonl2,html")
    ap.add_argument("--commands", default="code,ingest,post")
    args = ap.parse_args()
    kinds = args.kinds.split(",")
    commands = args.commands.split(",")
    workers = [int(w) for w in args.workers.split(",")]
    print(f"# dyads peak memory of the process tree, {dt.date.today()}, {machine()}")
    print(f"# command: .venv/bin/python benchmarks/memory.py --workers {args.workers} --kinds {args.kinds} "
          f"--commands {args.commands}")
    print(f"{'input':10} {'command':8} {'workers':>7} {'rc':>4} {'seconds':>8} {'events':>7} {'procs':>5} "
          f"{'peak RSS MB':>12} {'peak PSS MB':>12}")
    worst = {"rss_mb": 0.0, "pss_mb": 0.0}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        inputs = make_inputs(folder, kinds)
        for kind, path in inputs.items():
            for command in commands:
                for w in workers:
                    if command == "post":
                        if w != workers[0]:
                            continue  # the server codes in its own process: --workers does not apply
                        r = measure_post(folder, path, w)
                    else:
                        cmd = [DYADS, command, str(path), "--workers", str(w), "-q"]
                        if command == "code":
                            cmd += ["--format", "jsonl"]
                        else:
                            cmd += ["--db", f"sqlite:///{folder / f'{kind}-{w}.db'}"]
                        r = measure(cmd)
                    worst["rss_mb"] = max(worst["rss_mb"], r["rss_mb"])
                    worst["pss_mb"] = max(worst["pss_mb"], r["pss_mb"])
                    if command == "ingest":
                        r["events"] = "-"
                    print(f"{kind:10} {command:8} {w if command != 'post' else '-':>7} {r['rc']:>4} "
                          f"{r['secs']:8.1f} {r['events']:>7} {r['procs']:>5} {r['rss_mb']:12.0f} "
                          f"{r['pss_mb']:12.0f}", flush=True)
                    if r["rc"] not in (0, 3, 200):
                        print("   " + " | ".join(r["stderr"]))
    print(f"worst: peak RSS {worst['rss_mb']:.0f} MB, peak PSS {worst['pss_mb']:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
