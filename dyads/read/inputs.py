"""Turn command-line inputs (files, directories, '-') into a lazy stream of Articles."""
from __future__ import annotations

import csv
import datetime as dt
import json
import os
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from dyads.model import Article, parse_date
from dyads.read.decode import UndecodableError, decode_bytes
from dyads.read.html import extract_html

TEXT_SUFFIXES = {".txt", ".text"}
HTML_SUFFIXES = {".html", ".htm"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
READABLE = TEXT_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES
# A directory may carry publication dates for its plain-text files: two columns, `file` and `published`.
DATES_SIDECAR = "published.tsv"


@dataclass
class ReadProblem:
    """An input (or one line of it) that could not be read, and why."""

    origin: str
    reason: str

    def __str__(self) -> str:
        return f"{self.origin}: {self.reason}"


ProblemHandler = Callable[[ReadProblem], None]


def _report_to_stderr(problem: ReadProblem) -> None:
    print(f"dyads: skipped {problem}", file=sys.stderr)


def iter_articles(inputs: Iterable[str | os.PathLike], published: dt.date | None = None,
                  on_problem: ProblemHandler = _report_to_stderr) -> Iterator[Article]:
    """Yield every article found in ``inputs``; report each unreadable one to ``on_problem`` and go on."""
    for item in inputs:
        name = str(item)
        if name == "-":
            yield from _from_text_stream(sys.stdin.buffer.read(), "stdin", "<stdin>", published, on_problem)
            continue
        path = Path(name)
        if path.is_dir():
            for file in _walk(path):
                yield from _from_file(file, published, on_problem)
        elif path.exists():
            yield from _from_file(path, published, on_problem)
        else:
            on_problem(ReadProblem(name, "no such file or directory"))


def _walk(root: Path) -> Iterator[Path]:
    """Readable files under ``root``, recursively, in a stable order; hidden files and folders are skipped."""
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for fn in sorted(filenames):
            if not fn.startswith(".") and Path(fn).suffix.lower() in READABLE:
                yield Path(dirpath) / fn


def _sidecar_dates(directory: Path, _cache: dict[Path, dict[str, dt.date]] = {}) -> dict[str, dt.date]:
    if directory not in _cache:
        dates: dict[str, dt.date] = {}
        sidecar = directory / DATES_SIDECAR
        if sidecar.is_file():
            with open(sidecar, encoding="utf-8") as fh:
                for row in csv.DictReader(fh, delimiter="\t"):
                    d = parse_date(row.get("published"))
                    if row.get("file") and d:
                        dates[row["file"]] = d
        _cache[directory] = dates
    return _cache[directory]


def _from_file(path: Path, published: dt.date | None, on_problem: ProblemHandler) -> Iterator[Article]:
    suffix = path.suffix.lower()
    if suffix in JSONL_SUFFIXES:
        yield from _from_jsonl(path, published, on_problem)
        return
    try:
        data = path.read_bytes()
    except OSError as exc:
        on_problem(ReadProblem(str(path), f"cannot read ({exc.strerror or exc})"))
        return
    date = published or _sidecar_dates(path.parent).get(path.name)
    if suffix in HTML_SUFFIXES:
        yield from _from_html(data, path.name, str(path), date, on_problem)
    else:
        yield from _from_text_stream(data, path.name, str(path), date, on_problem)


def _decode(data: bytes, origin: str, on_problem: ProblemHandler) -> str | None:
    if not data.strip():
        on_problem(ReadProblem(origin, "empty file"))
        return None
    try:
        return decode_bytes(data)
    except UndecodableError as exc:
        on_problem(ReadProblem(origin, str(exc)))
        return None


def _from_text_stream(data: bytes, doc_id: str, origin: str, published: dt.date | None,
                      on_problem: ProblemHandler) -> Iterator[Article]:
    text = _decode(data, origin, on_problem)
    if text is None:
        return
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    while lines and not lines[0].strip():
        lines.pop(0)
    title = lines[0].strip() if lines else ""
    body = "\n".join(lines[1:]).strip()
    if not body and not title:
        on_problem(ReadProblem(origin, "no article text"))
        return
    yield Article(id=doc_id, text=body, title=title or None, published=published, origin=origin)


def _from_html(data: bytes, doc_id: str, origin: str, published: dt.date | None,
               on_problem: ProblemHandler) -> Iterator[Article]:
    html = _decode(data, origin, on_problem)
    if html is None:
        return
    try:
        text, title, date = extract_html(html)
    except Exception as exc:  # trafilatura/lxml raise many kinds on broken markup
        on_problem(ReadProblem(origin, f"unreadable HTML ({type(exc).__name__}: {exc})"))
        return
    if not text.strip():
        on_problem(ReadProblem(origin, "no article text found in the page"))
        return
    yield Article(id=doc_id, text=text, title=title, published=date or published, origin=origin)


def _from_jsonl(path: Path, published: dt.date | None, on_problem: ProblemHandler) -> Iterator[Article]:
    try:
        fh = open(path, "rb")
    except OSError as exc:
        on_problem(ReadProblem(str(path), f"cannot read ({exc.strerror or exc})"))
        return
    with fh:
        for number, raw in enumerate(fh, start=1):
            origin = f"{path}:{number}"
            if not raw.strip():
                continue
            try:
                record = json.loads(decode_bytes(raw))
            except (ValueError, UndecodableError) as exc:
                on_problem(ReadProblem(origin, f"malformed JSON at line {number} ({exc})"))
                continue
            if not isinstance(record, dict):
                on_problem(ReadProblem(origin, f"line {number} is not a JSON object"))
                continue
            text = record.get("text")
            if not isinstance(text, str) or not text.strip():
                on_problem(ReadProblem(origin, f"missing field 'text' at line {number}"))
                continue
            doc_id = record.get("id")
            doc_id = str(doc_id) if doc_id not in (None, "") else f"{path.name}:{number}"
            title = record.get("title") if isinstance(record.get("title"), str) else None
            date = parse_date(record.get("published")) or published
            yield Article(id=doc_id, text=text, title=title, published=date,
                          source=_str_or_none(record.get("source")), url=_str_or_none(record.get("url")),
                          origin=origin)


def _str_or_none(value: object) -> str | None:
    return value if isinstance(value, str) and value else None
