#!/usr/bin/env python3
"""Fuzz figures: thousands of broken inputs through reading, cleaning and coding; counts, crashes (target 0), time.

    .venv/bin/python benchmarks/fuzz.py [--n 3000] [--seed 1] [--code 400] [--no-huge]

Kinds: truncated and corrupted JSONL, random bytes, mixed encodings, HTML soup, deeply nested markup, huge lines,
control characters, RTL/zero-width/combining characters, mixed languages. Every generated file goes through
dyads.read.iter_articles (a crash is an exception escaping it), every article read through dyads.clean.clean_text,
and the first --code of those under 20,000 characters through the coder. Unless --no-huge, it adds a 50 MB single-line .txt and a 200 MB JSONL line.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import resource
import sys
import tempfile
import time
import traceback
from collections import Counter
from pathlib import Path

from common import machine

from dyads.clean import clean_text
from dyads.model import Article
from dyads.read import iter_articles

WORDS = ("Russia condemned the United States on Monday . NATO ruled out troops Ukraine accused Moscow of shelling "
         "Kharkiv the EU imposed sanctions on Belarus Iran met Iraqi officials in Baghdad").split()
FOREIGN = ["Le gouvernement français a condamné l'attaque", "Die Regierung verurteilte den Angriff",
           "Правительство осудило нападение", "الحكومة أدانت الهجوم", "政府谴责了这次袭击", "政府は攻撃を非難した"]
ODD = ["\u200b", "\u200d", "\u202e", "\u202d", "\u2066", "\u0301", "\u0308", "\ufeff", "\x00", "\x1b", "\x07", "\r",
       "\u2028", "\u0085", "\ufffd", "\U0001F600", "\u0958", "<", "&amp;", "\t"]


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


def make(kind: str, rng: random.Random) -> tuple[str, bytes]:
    """(suffix, content) of one broken input of ``kind``."""
    if kind == "random-bytes":
        return rng.choice([".txt", ".html", ".jsonl"]), rng.randbytes(rng.randint(0, 4000))
    if kind == "truncated-jsonl":
        lines = [json.dumps({"id": f"t{i}", "text": text(rng), "title": sentence(rng)}) for i in range(5)]
        blob = "\n".join(lines).encode()
        return ".jsonl", blob[: rng.randint(0, len(blob))]
    if kind == "corrupted-jsonl":
        blob = bytearray("\n".join(json.dumps({"id": rng.choice([f"c{i}", i, None, [i], ""]), "text": rng.choice(
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
                "&#0;", "&#xD800;", "&bogus;", "<meta charset='klingon'>"]
        return ".html", "".join(rng.choice(bits) for _ in range(rng.randint(1, 40))).encode()
    if kind == "deep-markup":
        return ".html", nested(rng, rng.choice([50, 500, 5000, 50_000])).encode()
    if kind == "long-lines":
        return rng.choice([".txt", ".jsonl"]), (sentence(rng) * rng.randint(1000, 20_000)).encode()
    if kind == "control-characters":
        return ".txt", "".join(chr(rng.randrange(0, 32)) if rng.random() < 0.3 else c for c in text(rng)).encode()
    if kind == "unicode-marks":
        return ".txt", ("Title\n" + "".join(c + "".join(rng.choices(ODD, k=rng.randint(0, 3))) for c in text(rng))
                        ).encode("utf-8", errors="surrogatepass")
    if kind == "mixed-languages":
        return rng.choice([".txt", ".jsonl"]), (
            json.dumps({"id": "m", "text": " ".join(rng.choice(FOREIGN) + " " + sentence(rng) for _ in range(8))})
            if rng.random() < 0.5 else "Title\n" + " ".join(rng.choice(FOREIGN) for _ in range(20))).encode()
    raise ValueError(kind)


KINDS = ["random-bytes", "truncated-jsonl", "corrupted-jsonl", "mixed-encodings", "html-soup", "deep-markup",
         "long-lines", "control-characters", "unicode-marks", "mixed-languages"]


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


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=3000, help="broken inputs to generate (default 3000)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--code", type=int, default=400, help="articles read that also go through the coder")
    ap.add_argument("--no-huge", action="store_true", help="leave out the 50 MB and 200 MB inputs")
    args = ap.parse_args()
    rng = random.Random(args.seed)
    crashes: list[str] = []
    reasons: Counter = Counter()
    per_kind: Counter = Counter()
    articles: list[Article] = []
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        files = []
        for i in range(args.n):
            kind = KINDS[i % len(KINDS)]
            suffix, data = make(kind, rng)
            path = folder / f"{i:05d}-{kind}{suffix}"
            path.write_bytes(data)
            files.append((kind, path))
        if not args.no_huge:
            files += [("huge", p) for p in huge_inputs(folder)]
        t_read = time.perf_counter()
        for kind, path in files:
            per_kind[kind] += 1
            try:
                for a in iter_articles([str(path)], on_problem=lambda p: reasons.update(
                        [p.reason.split(" (")[0].split(" at line")[0].replace("line ", "").lstrip("0123456789 ")])):
                    articles.append(a)
            except Exception:  # noqa: BLE001
                crashes.append(f"read {path.name}: {traceback.format_exc(limit=3)}")
        read_secs = time.perf_counter() - t_read
        t_clean = time.perf_counter()
        for a in articles:
            try:
                out = clean_text(a.text)
                if len(out) > len(a.text) or clean_text(out) != out:
                    crashes.append(f"clean {a.id}: not shorter or not idempotent")
            except Exception:  # noqa: BLE001
                crashes.append(f"clean {a.id}: {traceback.format_exc(limit=3)}")
        clean_secs = time.perf_counter() - t_clean
        from dyads.pipeline import code_articles, make_coder

        coder = make_coder()
        # Coding time grows with length (a 1 MB article takes ~2 min and ~3 GB): only the shorter ones are coded.
        to_code = [a for a in articles if len(a.full_text) <= 20_000][: args.code]
        t_code = time.perf_counter()
        events = coded = 0
        try:
            for item in code_articles(to_code, coder=coder):
                coded += 1
                events += len(item.events)
                for e in item.events:
                    json.dumps(e.to_dict(), ensure_ascii=False).encode("utf-8")
        except Exception:  # noqa: BLE001
            crashes.append(f"code: {traceback.format_exc(limit=5)}")
        code_secs = time.perf_counter() - t_code
    total = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"# dyads fuzz, {dt.date.today()}, {machine()}")
    print(f"# command: .venv/bin/python benchmarks/fuzz.py --n {args.n} --seed {args.seed} --code {args.code}"
          + (" --no-huge" if args.no_huge else ""))
    print(f"inputs: {len(files)} files ({', '.join(f'{k} {v}' for k, v in per_kind.items())})")
    print(f"read: {len(articles)} articles, {sum(reasons.values())} skipped with a reason, in {read_secs:.1f}s")
    for reason, n in reasons.most_common():
        print(f"  {n:6d}  {reason}")
    print(f"clean: {len(articles)} articles in {clean_secs:.1f}s")
    print(f"code: {coded} articles, {events} events in {code_secs:.1f}s")
    print(f"crashes: {len(crashes)}")
    for c in crashes[:10]:
        print("  " + c.replace("\n", "\n  "))
    print(f"total {total:.1f}s, peak memory {peak:.0f} MB")
    return 1 if crashes else 0


if __name__ == "__main__":
    sys.exit(main())
