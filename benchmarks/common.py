"""Paths and small helpers shared by the benchmark scripts."""
from __future__ import annotations

import json
import platform
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
sys.path.insert(0, str(REPO))


def machine() -> str:
    import os

    return f"{platform.system()} {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"


def guardian_articles(limit: int | None = None):
    from dyads.model import Article, parse_date

    out = []
    with open(SHARED / "corpus" / "guardian_2019.jsonl", encoding="utf-8") as fh:
        for line in fh:
            r = json.loads(line)
            out.append(Article(id=str(r["id"]), text=r["text"], title=r.get("title"),
                               published=parse_date(r.get("published")), source=r.get("source"), url=r.get("url")))
            if limit and len(out) >= limit:
                break
    return out
