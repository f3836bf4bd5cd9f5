#!/usr/bin/env python3
"""Fuzz figures: thousands of broken inputs, with good articles hidden among them, through reading, cleaning,
coding and ingesting; crashes (target 0) and lost good articles (target 0), time and memory.

    .venv/bin/python benchmarks/fuzz.py [--n 10000] [--seed 1] [--good 300] [--no-huge] [--pg URL]

Kinds of broken input: random bytes, truncated and corrupted JSONL, mixed encodings, HTML soup, deeply nested
markup, huge lines, control characters, RTL/zero-width/combining characters, mixed languages, and the classes of
issue 18 — poison dates (Go's zero time, 9999-12-31, "In 0001 …", "in 9999"), file names that are not UTF-8 or hold
control characters, the same file name in many folders, ids too long to store, UTF-8 with stray bytes, JSON with
lone surrogates, NaN, huge numbers and deep nesting, fields longer than their columns, long articles (parsed in
pieces). The inputs sit in a tree of folders (as a scraped site: site/<slug>/index.html); --good good articles
(each one codes to an event) are hidden in it: files beside broken ones, lines of JSONL files between broken lines,
with a poison date, a stray byte, a name that is not UTF-8, or more than 64,000 characters.

Stages: (1) every input alone through dyads.read.iter_articles and every article through dyads.clean.clean_text
(a crash is an exception escaping them; cleaning must shorten and be idempotent); (2) `dyads ingest` of the whole
tree into SQLite (and PostgreSQL with --pg) as a user runs it, and (3) `dyads code` of the whole tree: a crash is an
exit status other than 0 or 3, a traceback or an "error:" on stderr, or an output line that breaks the contract.
A good article is lost when it is not among the articles read, not stored with its event, or has no event in
`dyads code`'s output. Unless --no-huge, a 50 MB single-line .txt and a 200 MB JSONL line are added (skipped as too
large, in bounded memory).
"""
from __future__ import annotations

import argparse
import datetime as dt
import importlib.util
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
import traceback
from collections import Counter
from pathlib import Path

from common import REPO, SHARED, machine

from dyads.clean import clean_text
from dyads.read import iter_articles

WORDS = ("Russia condemned the United States on Monday . NATO ruled out troops Ukraine accused Moscow of shelling "
         "Kharkiv the EU imposed sanctions on Belarus Iran met Iraqi officials in Baghdad").split()
FOREIGN = ["Le gouvernement français a condamné l'attaque", "Die Regierung verurteilte den Angriff",
           "Правительство осудило нападение", "الحكومة أدانت الهجوم", "政府谴责了这次袭击", "政府は攻撃を非難した"]
ODD = ["\u200b", "\u200d", "\u202e", "\u202d", "\u2066", "\u0301", "\u0308", "\ufeff", "\x00", "\x1b", "\x07", "\r",
       "\u2028", "\u0085", "\ufffd", "\U0001F600", "\u0958", "<", "&amp;", "\t"]
# sentences that each code to one event (checked by the benchmark itself: a good article must give one)
GOOD_SENTENCES = ["Russia condemned the United States on Monday.",
                  "The European Union imposed sanctions on Belarus on Tuesday.",
                  "Iran accused Israel of attacking Syria on Friday.",
                  "China met Pakistan in Beijing on Wednesday.",
                  "NATO condemned Russia on Thursday.",
                  "The United States expelled Russian diplomats on Friday."]
FILLER = ("The talks were expected to continue later in the week, officials in the capital said, and observers "
          "described the mood among the delegations as cautious but constructive. ")
POISON_DATES = ["0001-01-01T00:00:00Z", "0001-01-03", "9999-12-31", "9999-12-31T23:59:59Z", "0000-00-00",
                "1899-12-31", "2019-02-30", "not-a-date", "", "20190101", "-0001-01-01", "２０１９-０１-０１", "1e9"]
POISON_TEXTS = ["In 0001 Roman troops attacked Germany.", "Russia said it will attack Ukraine in 9999.",
                "In 1066 Norman troops attacked England.", "Iran will strike Israel in the year 3000.",
                "On 31 December 9999 China met Pakistan."]


def sentence(rng: random.Random) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(3, 15))) + "."


def text(rng: random.Random, n: int = 5) -> str:
    parts = []
    for _ in range(n):
        s = sentence(rng) if rng.random() < 0.6 else rng.choice(FOREIGN)
        if rng.random() < 0.5:
            s = "".join(c + (rng.choice(ODD) if rng.random() < 0.1 else "") for c in s)
        parts.append(s)
    return "\n\n".join(parts)


def nested(rng: random.Random, depth: int) -> str:
    tags = ["div", "p", "span", "b", "article", "section", "table", "td"]
    opened = [rng.choice(tags) for _ in range(depth)]
    close = opened[::-1] if rng.random() < 0.5 else rng.sample(opened, len(opened))[: rng.randint(0, depth)]
    return "".join(f"<{t}>" for t in opened) + text(rng, 2) + "".join(f"</{t}>" for t in close)


def stray_bytes(data: bytes, rng: random.Random, n: int) -> bytes:
    b = bytearray(data)
    for _ in range(n):
        b.insert(rng.randrange(len(b) + 1), rng.choice([0xff, 0xfe, 0x80, 0xc3, 0xe2, 0xa0]))
    return bytes(b)


def make(kind: str, rng: random.Random, uid: str = "") -> tuple[str, bytes]:
    """(suffix, content) of one broken input of ``kind``; ``uid`` makes its JSONL ids its own."""
    if kind == "random-bytes":
        return rng.choice([".txt", ".html", ".jsonl"]), rng.randbytes(rng.randint(0, 4000))
    if kind == "truncated-jsonl":
        lines = [json.dumps({"id": f"{uid}t{i}", "text": text(rng), "title": sentence(rng)}) for i in range(5)]
        blob = "\n".join(lines).encode()
        return ".jsonl", blob[: rng.randint(0, len(blob))]
    if kind == "corrupted-jsonl":
        blob = bytearray("\n".join(json.dumps({"id": rng.choice([f"{uid}c{i}", rng.randrange(10 ** 12), None, [i], ""]), "text": rng.choice(
            [text(rng), "", None, 5, {"x": 1}]), "published": rng.choice(["2022-02-30", "x", 7, None])})
            for i in range(5)).encode())
        for _ in range(rng.randint(1, 10)):
            if blob:
                blob[rng.randrange(len(blob))] = rng.randrange(256)
        return ".jsonl", bytes(blob)
    if kind == "mixed-encodings":
        t = "Title\n" + text(rng)
        chunks = [t[i:i + 50].encode(rng.choice(["utf-8", "utf-16", "cp1252", "latin-1", "shift_jis", "koi8-r"]),
                                     errors="replace") for i in range(0, len(t), 50)]
        return rng.choice([".txt", ".html"]), b"".join(chunks)
    if kind == "html-soup":
        bits = ["<html>", "<head><title>", sentence(rng), "</title>", "<script>alert(1)</script>", "<body>",
                "<p>", text(rng), "<!--", "<![CDATA[", "<nav>Home</nav>", "</p></p></div>", "<img src=x onerror=1>",
                "&#0;", "&#xD800;", "&bogus;", "<meta charset='klingon'>",
                "<meta property='article:published_time' content='0001-01-01T00:00:00Z'>"]
        return ".html", "".join(rng.choice(bits) for _ in range(rng.randint(1, 40))).encode()
    if kind == "deep-markup":
        return ".html", nested(rng, rng.choice([50, 500, 5000, 50_000])).encode()
    if kind == "long-lines":  # one line; the longest are too large to read (coding a 1 MB line of dense acts takes
        # minutes, which the memory benchmark measures)
        return rng.choice([".txt", ".jsonl"]), (sentence(rng) * rng.choice([10, 50, 200, 20_000])).encode()
    if kind == "control-characters":
        return ".txt", "".join(chr(rng.randrange(0, 32)) if rng.random() < 0.3 else c for c in text(rng)).encode()
    if kind == "unicode-marks":
        return ".txt", ("Title\n" + "".join(c + "".join(rng.choices(ODD, k=rng.randint(0, 3))) for c in text(rng))
                        ).encode("utf-8", errors="surrogatepass")
    if kind == "mixed-languages":
        return rng.choice([".txt", ".jsonl"]), (
            json.dumps({"id": f"{uid}m", "text": " ".join(rng.choice(FOREIGN) + " " + sentence(rng) for _ in range(8))})
            if rng.random() < 0.5 else "Title\n" + " ".join(rng.choice(FOREIGN) for _ in range(20))).encode()
    if kind == "poison-dates":
        lines = [json.dumps({"id": f"{uid}p{i}", "text": rng.choice(POISON_TEXTS + [sentence(rng)]),
                             "published": rng.choice(POISON_DATES + [None, 0, -1, 10 ** 30, [2019], {"y": 1}])})
                 for i in range(rng.randint(1, 6))]
        if rng.random() < 0.3:
            return ".txt", f"Title\nPublished: 31 December 9999\n{rng.choice(POISON_TEXTS)}".encode()
        return ".jsonl", "\n".join(lines).encode()
    if kind == "long-ids":
        def an_id(u: str):
            return rng.choice([u + "x" * rng.choice([511, 512, 513, 5000]), u + "a\nb", u + "\ud800", u + "\x00",
                               rng.random() * 1e308, -rng.random(), True, u + "/".join(["deep"] * 200), " ",
                               u + "\u202eevil"])
        return ".jsonl", "\n".join(json.dumps({"id": an_id(f"{uid}{k}-"), "text": sentence(rng)}, ensure_ascii=True)
                                   for k in range(rng.randint(1, 5))).encode()
    if kind == "stray-bytes":
        body = ("Title “quoted”\n" + text(rng) + " café naïve — ’s ").encode()
        return rng.choice([".txt", ".html", ".jsonl"]), stray_bytes(body, rng, rng.randint(1, 4))
    if kind == "json-weird":
        def variant(u: str) -> str:
            return rng.choice([
                '{"id": "%ss", "text": "x\\ud800y", "title": "\\udfff"}' % u, '{"id": "n", "text": NaN}',
                '{"id": "%sbig", "text": "a", "published": 1e999}' % u, '{"id": "d", "id": "%se", "text": "dup"}' % u,
                '{"id": "deep", "text": ' + "[" * 5000 + "]" * 5000 + "}", '{"text": "\\u0000\\u0000"}',
                '{"id": "%su", "text": "' % u + "\\u202e" * 50 + '"}', "[" * 100_000, '{"id": 1, "text": {}}',
                '{"id": "%snum", "text": "ok", "source": ' % u + "9" * 5000 + "}"])
        return ".jsonl", "\n".join(variant(f"{uid}{k}-") for k in range(rng.randint(1, 4))).encode()
    if kind == "long-fields":
        rec = {"id": f"{uid}lf", "text": sentence(rng), "title": "T" * rng.choice([300, 100_000]),
               "source": "S" * rng.choice([257, 10_000]), "url": "http://x/" + "u" * rng.choice([3000, 200_000])}
        return ".jsonl", json.dumps(rec).encode()
    raise ValueError(kind)


KINDS = ["random-bytes", "truncated-jsonl", "corrupted-jsonl", "mixed-encodings", "html-soup", "deep-markup",
         "long-lines", "control-characters", "unicode-marks", "mixed-languages", "poison-dates", "long-ids",
         "stray-bytes", "json-weird", "long-fields"]
# file names as scraped sites and careless tools make them (the same name in many folders; bytes that are not
# UTF-8; control characters)
NAMES = [b"index", b"story", b"zz\xff", b"line\nbreak", b"tab\there", b"\xe9t\xe9", b"caf\xc3\xa9", b"-dash", b" space"]


def huge_inputs(folder: Path) -> list[Path]:
    big = folder / "huge-50MB-single-line.txt"
    with open(big, "wb") as fh:
        chunk = b"Russia condemned the United States. " * 1000
        for _ in range(50_000_000 // len(chunk)):
            fh.write(chunk)
    line = folder / "huge-200MB-line.jsonl"
    with open(line, "wb") as fh:
        fh.write(b'{"id": "before", "text": "Russia condemned the United States."}\n{"id": "huge", "text": "')
        chunk = b"a" * 1_000_000
        for _ in range(200):
            fh.write(chunk)
        fh.write(b'"}\n{"id": "after", "text": "Iran condemned the strike."}\n')
    return [big, line]


class Tree:
    """The input tree: broken files and good articles, with what each good article's id will be."""

    def __init__(self, root: Path, rng: random.Random):
        self.root, self.rng = root, rng
        self.good: dict[str, str] = {}  # id → how it was hidden
        self.files: list[tuple[str, bytes]] = []  # (kind, path as bytes)
        self.n = 0

    def path(self, suffix: str, name: bytes | None = None) -> bytes:
        self.n += 1
        folder = f"site/{self.n % 97:02d}/{self.n % 7}".encode()
        name = name or self.rng.choice(NAMES + [f"f{self.n:05d}".encode()] * 6)
        path = os.fsencode(self.root) + b"/" + folder
        os.makedirs(path, exist_ok=True)
        while os.path.exists(path + b"/" + name + suffix.encode()):
            name += b"_"
        return path + b"/" + name + suffix.encode()

    def write(self, kind: str, suffix: str, data: bytes, name: bytes | None = None) -> bytes:
        p = self.path(suffix, name)
        with open(p, "wb") as fh:
            fh.write(data)
        self.files.append((kind, p))
        return p

    def rel_id(self, p: bytes) -> str:
        from dyads.read.inputs import path_id

        return path_id(Path(os.fsdecode(p)).relative_to(self.root))

    def add_good(self, i: int) -> None:
        rng = self.rng
        s = GOOD_SENTENCES[i % len(GOOD_SENTENCES)]
        title = f"Good story {i}"
        how = (["txt", "html", "jsonl-line", "poison-date", "stray-byte", "bad-name", "same-name"] * 3 + ["long"])[i % 22]
        if how in ("txt", "bad-name", "same-name", "stray-byte"):
            body = f"{title}\n{s}\n\n{FILLER}\n".encode()
            if how == "stray-byte":
                body = f"{title} “quoted”\n{s}\n\nIt was a “cautious” and ‘constructive’ meeting.\n".encode()
                body = body[:20] + b"\xff" + body[20:]
            name = {"bad-name": rng.choice([b"zz\xff", b"line\nbreak", b"\xe9t\xe9"]), "same-name": b"index"}.get(how)
            p = self.write("good-" + how, ".txt", body, name)
            self.good[self.rel_id(p)] = how
        elif how == "html":
            page = (f"<html><head><title>{title}</title></head><body><nav>Home | World</nav><article><h1>{title}</h1>"
                    f"<p>{s}</p><p>{FILLER}</p></article><footer>Copyright</footer></body></html>").encode()
            p = self.write("good-html", ".html", page, b"index")
            self.good[self.rel_id(p)] = how
        elif how == "long":
            body = f"{title}\n{s}\n\n" + "\n\n".join(FILLER * 4 for _ in range(110)) + f"\n\n{s}\n"
            p = self.write("good-long", ".txt", body.encode())
            self.good[self.rel_id(p)] = how
        else:
            lines = []
            for j in range(rng.randint(2, 6)):
                suffix, junk = make(rng.choice(["corrupted-jsonl", "truncated-jsonl", "json-weird", "poison-dates"]),
                                    rng, f"g{i}-{j}-")
                lines.extend(line for line in junk.split(b"\n")[:2])
            gid = f"good-{i}-{rng.randrange(10 ** 9)}"
            published = rng.choice(POISON_DATES) if how == "poison-date" else "2022-02-22"
            good = json.dumps({"id": gid, "text": f"{s}\n\n{FILLER}", "title": title, "published": published,
                               "source": "Fuzz Times"}).encode()
            lines.insert(rng.randrange(len(lines) + 1), good)
            self.write("good-" + how, ".jsonl", b"\n".join(l.replace(b"\n", b" ") for l in lines))
            self.good[gid] = how


def _run(cmd: list[str], **kw) -> subprocess.CompletedProcess:
    return subprocess.run(cmd, capture_output=True, text=True, env={**os.environ, "PYTHONIOENCODING": "utf-8"},
                          cwd=REPO, **kw)


def _crashed(r: subprocess.CompletedProcess) -> list[str]:
    out = []
    if r.returncode not in (0, 3):
        out.append(f"exit status {r.returncode}")
    for line in r.stderr.splitlines():
        if "Traceback" in line or line.startswith("dyads: error") or "Error:" in line:
            out.append(line[:300])
    return out


def _contract():
    spec = importlib.util.spec_from_file_location("check_contract", SHARED / "tools" / "check_contract.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=10_000, help="broken inputs to generate (default 10,000)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--good", type=int, default=300, help="good articles hidden among them (default 300)")
    ap.add_argument("--no-huge", action="store_true", help="leave out the 50 MB and 200 MB inputs")
    ap.add_argument("--pg", default=None, help="also ingest into this throwaway PostgreSQL database (its public "
                                               "schema is dropped first)")
    args = ap.parse_args()
    rng = random.Random(args.seed)
    crashes: list[str] = []
    reasons: Counter = Counter()
    warnings: Counter = Counter()
    per_kind: Counter = Counter()
    started = time.perf_counter()
    dyads = [sys.executable, "-m", "dyads.cli"]
    figures: list[str] = []
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "tree"
        tree = Tree(root, rng)
        every = max(1, args.n // max(1, args.good))
        for i in range(args.n):
            kind = KINDS[i % len(KINDS)]
            suffix, data = make(kind, rng, f"u{i}-")
            tree.write(kind, suffix, data)
            if args.good and i % every == 0 and len(tree.good) < args.good:
                tree.add_good(len(tree.good))
        if not args.no_huge:
            tree.files += [("huge", os.fsencode(p)) for p in huge_inputs(root)]
        broken = sum(1 for k, _ in tree.files if not k.startswith("good"))

        # (1) every input alone through reading; every article through cleaning
        t0 = time.perf_counter()
        articles = []

        def note(p):
            reason = p.reason.split(" (")[0].split(" at line")[0].split(":")[0].replace("line ", "").lstrip(
                "0123456789 ")
            (warnings if p.warning else reasons).update([reason])

        for kind, path in tree.files:
            per_kind[kind] += 1
            try:
                articles.extend(iter_articles([os.fsdecode(path)], on_problem=note))
            except Exception:  # noqa: BLE001
                crashes.append(f"read {path!r}: {traceback.format_exc(limit=3)}")
        read_secs = time.perf_counter() - t0
        t0 = time.perf_counter()
        for a in articles:
            try:
                out = clean_text(a.text)
                if len(out) > len(a.text) or clean_text(out) != out:
                    crashes.append(f"clean {a.id}: not shorter or not idempotent")
                a.full_text.encode("utf-8")
                (a.origin or "").encode("utf-8")
            except Exception:  # noqa: BLE001
                crashes.append(f"clean {a.id!r}: {traceback.format_exc(limit=3)}")
        clean_secs = time.perf_counter() - t0
        read_ids = Counter()
        for a in iter_articles([str(root)], on_problem=lambda p: None):
            read_ids[a.id] += 1
        lost_read = sorted(set(tree.good) - set(read_ids))
        duplicates = sorted(i for i, n in read_ids.items() if n > 1 and (i.startswith("site/") or i in tree.good))

        # (2) dyads ingest of the whole tree, as a user runs it
        from dyads.store import connect, stored_events

        targets = [("SQLite", f"sqlite:///{Path(tmp) / 'fuzz.db'}")]
        if args.pg:
            from concurrent_ingest import reset_postgres

            reset_postgres(args.pg)
            targets.append(("PostgreSQL", args.pg))
        lost_store: dict[str, list[str]] = {}
        for name, url in targets:
            t0 = time.perf_counter()
            r = _run([*dyads, "ingest", str(root), "--db", url, "-q"])
            secs = time.perf_counter() - t0
            crashes += [f"ingest into {name}: {c}" for c in _crashed(r)]
            engine, sessions = connect(url, read_only=True)
            with_events = {e["doc_id"] for e in stored_events(sessions)}
            from sqlalchemy import func, select

            from dyads.store.models import ArticleRow, EventRow

            with sessions() as s:
                n_articles = s.scalar(select(func.count()).select_from(ArticleRow))
                n_events = s.scalar(select(func.count()).select_from(EventRow))
                stored_good = {a.id: a for a in s.scalars(select(ArticleRow).where(ArticleRow.id.in_(list(
                    tree.good))))}
                mojibake = [i for i, a in stored_good.items() if "‚Äú" in (a.title or "") + a.text
                            or "â€" in (a.title or "") + a.text]
            engine.dispose()
            lost_store[name] = sorted(set(tree.good) - (set(stored_good) & with_events))
            crashes += [f"ingest into {name}: mojibake in {i}" for i in mojibake]
            t0 = time.perf_counter()
            again = _run([*dyads, "ingest", str(root), "--db", url])
            again_secs = time.perf_counter() - t0
            crashes += [f"ingest again into {name}: {c}" for c in _crashed(again)]
            unchanged = "dyads: stored 0 article(s)" in again.stderr
            if not unchanged:
                crashes.append(f"ingest again into {name} changed the database")
            figures.append(f"ingest into {name}: exit {r.returncode}, {n_articles} articles, {n_events} events "
                           f"stored in {secs:.1f}s; {r.stderr.count('dyads: skipped')} inputs named as skipped, "
                           f"{r.stderr.count('dyads: warning')} warnings; again: exit {again.returncode}, "
                           f"{'nothing changed' if unchanged else 'CHANGED'} ({again_secs:.1f}s)")

        # (3) dyads code of the whole tree: every line keeps the contract
        t0 = time.perf_counter()
        r = _run([*dyads, "code", str(root), "--format", "jsonl", "-q"])
        code_secs = time.perf_counter() - t0
        crashes += [f"code: {c}" for c in _crashed(r)]
        contract = _contract()
        coded = Counter()
        broken_lines = 0
        for line in r.stdout.split("\n"):
            if not line:
                continue
            try:
                e = json.loads(line)
            except ValueError:
                broken_lines += 1
                continue
            if contract.problems(e):
                broken_lines += 1
                crashes.append(f"code: contract broken: {contract.problems(e)[:2]}")
            coded[e["doc_id"]] += 1
        lost_code = sorted(set(tree.good) - set(coded))
        crashes += [f"code: {broken_lines} output lines are not contract events"] if broken_lines else []
        total = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    peak_child = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    lost = set(lost_read) | set(lost_code) | {i for v in lost_store.values() for i in v}
    print(f"# dyads fuzz, {dt.date.today()}, {machine()}")
    print(f"# command: .venv/bin/python benchmarks/fuzz.py --n {args.n} --seed {args.seed} --good {args.good}"
          + (" --no-huge" if args.no_huge else "") + (" --pg URL" if args.pg else ""))
    print(f"inputs: {broken} broken files ({', '.join(f'{k} {v}' for k, v in per_kind.items() if not k.startswith('good'))}) "
          f"and {len(tree.good)} good articles hidden among them "
          f"({', '.join(f'{k} {v}' for k, v in sorted(Counter(tree.good.values()).items()))})")
    print(f"read: {len(articles)} articles, {sum(reasons.values())} inputs skipped with a reason, "
          f"{sum(warnings.values())} warnings, in {read_secs:.1f}s")
    for reason, n in reasons.most_common():
        print(f"  {n:6d}  {reason}")
    for reason, n in warnings.most_common():
        print(f"  {n:6d}  warning: {reason}")
    print(f"clean: {len(articles)} articles in {clean_secs:.1f}s")
    for f in figures:
        print(f)
    print(f"code: exit {r.returncode}, {sum(coded.values())} events of {len(coded)} articles in {code_secs:.1f}s")
    print(f"good articles lost: {len(lost)} (not read {len(lost_read)}, "
          + ", ".join(f"not stored with events in {k} {len(v)}" for k, v in lost_store.items())
          + f", without events in `dyads code` {len(lost_code)}); ids read twice: {len(duplicates)}")
    for i in sorted(lost)[:10]:
        print(f"  lost {i!r} ({tree.good[i]})")
    print(f"crashes: {len(crashes)}")
    for c in crashes[:10]:
        print("  " + c.replace("\n", "\n  "))
    print(f"total {total:.1f}s, peak memory {peak:.0f} MB here, {peak_child:.0f} MB in the largest dyads process")
    return 1 if crashes or lost or duplicates else 0


if __name__ == "__main__":
    sys.exit(main())
