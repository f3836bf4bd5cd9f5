"""Turn command-line inputs (files, directories, '-') into a lazy stream of Articles.

Nothing read here can stop a run: every file or JSONL line that cannot be read is passed to ``on_problem`` with
its name and the reason (empty, binary, undecodable, not English, no article text, too large, malformed JSON at
line N, missing field, id too long) and reading goes on; what is read with a doubt (a publication date that is not
one) is passed as a warning (``ReadProblem.warning``) and the article kept. Memory stays bounded: no file is read
whole beyond ``max_bytes``, and a JSONL line longer than that is skipped without being held in memory.

Ids are unique and stable: a JSONL record's ``id`` field, else where the article was read from. A file found in a
directory is named by its path relative to the directory given (``a/story.txt`` and ``b/story.txt`` under
``news/`` are two articles), a file given directly by its plain name, a JSONL line without an id by that name and
``:N``. File names that are not valid UTF-8 or hold control characters are written with backslash escapes
(``zz\\xff.txt``), so that every id and message can be printed and stored.
"""
from __future__ import annotations

import csv
import datetime as dt
import json
import os
import re
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from dyads.model import Article, parse_date
from dyads.when import plausible_publication, publication_date_in_text
from dyads.read.decode import UndecodableError, decode_bytes, safe_text
from dyads.read.html import extract_html
from dyads.read.language import not_english

TEXT_SUFFIXES = {".txt", ".text"}
HTML_SUFFIXES = {".html", ".htm"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
READABLE = TEXT_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES
# A directory may carry publication dates for its plain-text files: two columns, `file` and `published`.
DATES_SIDECAR = "published.tsv"
# The most bytes read for one article (a file, or one JSONL line). spaCy parses at most 1,000,000 characters at a
# time and needs ~3 GB for that many, so this is the default ceiling; real news articles are under 100 kB.
DEFAULT_MAX_BYTES = 1_000_000
MAX_CHARS = 1_000_000  # spaCy's nlp.max_length: longer texts would stop the run
MAX_MAX_BYTES = 100_000_000  # the largest --max-bytes (an HTML page holds more than its text, but not this much)
MAX_OUTLET = 256  # characters of an outlet's name (the database column's width)
MAX_ID = 512  # characters of an article id (the database column's width; the web API's limit)
_CHUNK = 1 << 20
_FIELD_CONTROLS = re.compile(r"[\x00-\x1f\x7f]")
# what a file name may hold but an id or a message should not: controls, line and paragraph separators, bidi overrides
_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]")


@dataclass
class ReadProblem:
    """An input (or one line of it) that could not be read, and why; with ``warning`` it was read (and the article
    kept) but something in it was ignored, e.g. a publication date that is not one."""

    origin: str
    reason: str
    warning: bool = False

    def __post_init__(self) -> None:  # whatever the input held, the message can be printed
        self.origin, self.reason = safe_text(self.origin), safe_text(self.reason)

    def __str__(self) -> str:
        return f"{self.origin}: {self.reason}"


ProblemHandler = Callable[[ReadProblem], None]


@dataclass(frozen=True)
class _Options:
    published: dt.date | None
    on_problem: ProblemHandler
    max_bytes: int
    english_only: bool


def _report_to_stderr(problem: ReadProblem) -> None:
    print(f"dyads: {'warning:' if problem.warning else 'skipped'} {problem}", file=sys.stderr)


def printable_name(name: str | os.PathLike) -> str:
    """A path as text that can be printed, stored and sent anywhere: bytes that are not UTF-8 (which Python keeps as
    lone surrogates) and control characters become backslash escapes, so distinct names stay distinct."""
    text = os.fsencode(name).decode("utf-8", errors="backslashreplace")
    return _UNPRINTABLE.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


def path_id(relative: Path) -> str:
    """The id of a file read from a directory (its path below it, with '/') or given directly (its name)."""
    return printable_name(relative.as_posix())


def _size(n: int) -> str:
    return f"{n / 1_000_000:.1f} MB" if n >= 100_000 else f"{n:,} bytes"


def iter_articles(inputs: Iterable[str | os.PathLike], published: dt.date | None = None,
                  on_problem: ProblemHandler = _report_to_stderr, *, max_bytes: int = DEFAULT_MAX_BYTES,
                  english_only: bool = True) -> Iterator[Article]:
    """Yield every article found in ``inputs``; report each unreadable one to ``on_problem`` and go on.

    ``max_bytes`` caps the bytes of one article (a file or a JSONL line): larger ones are reported "too large".
    ``english_only`` skips articles confidently identified as written in another language.
    """
    opts = _Options(published, on_problem, max(1, int(max_bytes)), english_only)
    for item in inputs:
        name = str(item)
        if name == "-":
            yield from _guarded("<stdin>", _from_stdin(opts), opts)
            continue
        path = Path(name)
        try:
            is_dir, exists = path.is_dir(), path.exists()
        except (OSError, ValueError) as exc:  # a name too long, a NUL in it
            on_problem(ReadProblem(printable_name(name), f"cannot read ({printable_name(str(exc))})"))
            continue
        if is_dir:
            for file in _walk(path, opts):
                yield from _guarded(printable_name(file), _from_file(file, path_id(file.relative_to(path)), opts),
                                    opts)
        elif exists:
            yield from _guarded(printable_name(name), _from_file(path, path_id(Path(path.name)), opts), opts)
        else:
            on_problem(ReadProblem(printable_name(name), "no such file or directory"))


def _guarded(origin: str, articles: Iterator[Article], opts: _Options) -> Iterator[Article]:
    """The last line of defence: an unforeseen error in reading one input skips that input, not the run."""
    try:
        yield from articles
    except Exception as exc:  # noqa: BLE001 (deliberately broad: whatever it is, the batch goes on)
        opts.on_problem(ReadProblem(origin, f"unreadable ({type(exc).__name__}: {str(exc)[:200]})"))


def _walk(root: Path, opts: _Options) -> Iterator[Path]:
    """Readable files under ``root``, recursively, in a stable order; hidden files and folders are skipped."""
    def onerror(exc: OSError) -> None:
        opts.on_problem(ReadProblem(printable_name(exc.filename or root), f"cannot read ({exc.strerror or exc})"))

    for dirpath, dirnames, filenames in os.walk(root, onerror=onerror):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for fn in sorted(filenames):
            if not fn.startswith(".") and Path(fn).suffix.lower() in READABLE:
                yield Path(dirpath) / fn


def _sidecar_dates(directory: Path, _cache: dict[Path, dict[str, dt.date]] = {}) -> dict[str, dt.date]:
    if directory not in _cache:
        dates: dict[str, dt.date] = {}
        sidecar = directory / DATES_SIDECAR
        try:
            with open(sidecar, encoding="utf-8", errors="replace") as fh:
                for row in csv.DictReader(fh, delimiter="\t"):
                    d = parse_date(row.get("published"))
                    if row.get("file") and d:
                        dates[row["file"]] = d
        except (OSError, csv.Error):
            pass
        _cache[directory] = dates
    return _cache[directory]


def _read_bounded(fh, limit: int) -> tuple[bytes, bool]:
    """At most ``limit`` bytes of ``fh``, and whether there was more."""
    data = fh.read(limit + 1)
    return data[:limit], len(data) > limit


def _from_stdin(opts: _Options) -> Iterator[Article]:
    data, more = _read_bounded(sys.stdin.buffer, opts.max_bytes)
    if more:
        opts.on_problem(ReadProblem("<stdin>", f"too large (more than {_size(opts.max_bytes)}; the limit is "
                                               f"--max-bytes)"))
        return
    yield from _from_text_stream(data, "stdin", "<stdin>", opts.published, opts)


def _from_file(path: Path, doc_id: str, opts: _Options) -> Iterator[Article]:
    suffix = path.suffix.lower()
    origin = printable_name(path)
    if suffix in JSONL_SUFFIXES:
        yield from _from_jsonl(path, doc_id, origin, opts)
        return
    try:
        size = path.stat().st_size
        if size > opts.max_bytes:
            opts.on_problem(ReadProblem(origin, f"too large ({_size(size)}; the limit is {_size(opts.max_bytes)}, "
                                                f"see --max-bytes)"))
            return
        with open(path, "rb") as fh:
            data, more = _read_bounded(fh, opts.max_bytes)
    except OSError as exc:
        opts.on_problem(ReadProblem(origin, f"cannot read ({exc.strerror or exc})"))
        return
    if more:  # it grew since stat, or it is not a regular file
        opts.on_problem(ReadProblem(origin, f"too large (more than {_size(opts.max_bytes)})"))
        return
    date = opts.published or _sidecar_dates(path.parent).get(path.name)
    if suffix in HTML_SUFFIXES:
        yield from _from_html(data, doc_id, origin, date, opts)
    else:
        yield from _from_text_stream(data, doc_id, origin, date, opts)


def _decode(data: bytes, origin: str, opts: _Options) -> str | None:
    if not data.strip():
        opts.on_problem(ReadProblem(origin, "empty file"))
        return None
    try:
        return decode_bytes(data)
    except UndecodableError as exc:
        opts.on_problem(ReadProblem(origin, str(exc)))
        return None


def _accept(article: Article, opts: _Options) -> Iterator[Article]:
    """Pass ``article`` on unless its id is too long to store, it is too long for the parser or confidently not in
    English; a publication date that cannot be one (before 1900, a year or more ahead) is dropped with a warning."""
    origin = article.origin or article.id
    if len(article.id) > MAX_ID:
        opts.on_problem(ReadProblem(origin, f"id longer than {MAX_ID} characters ({len(article.id):,}; ids are "
                                            f"stored and looked up whole)"))
        return
    if article.published is not None and not plausible_publication(article.published):
        opts.on_problem(ReadProblem(origin, f"publication date {article.published.isoformat()} ignored: not a "
                                            f"plausible date (before 1900 or a year or more ahead)", warning=True))
        article.published = opts.published if plausible_publication(opts.published) else None
    length = len(article.full_text)
    if length > MAX_CHARS:
        opts.on_problem(ReadProblem(origin, f"too large ({length:,} characters; the parser takes at most "
                                            f"{MAX_CHARS:,})"))
        return
    if opts.english_only:
        other = not_english(f"{article.title or ''}\n{article.text}")
        if other is not None:
            lang, prob = other
            opts.on_problem(ReadProblem(origin, f"not English (looks like '{lang}', confidence {prob:.2f})"))
            return
    yield article


def _from_text_stream(data: bytes, doc_id: str, origin: str, published: dt.date | None,
                      opts: _Options) -> Iterator[Article]:
    text = _decode(data, origin, opts)
    if text is None:
        return
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    start = next((i for i, line in enumerate(lines) if line.strip()), len(lines))
    title = lines[start].strip() if start < len(lines) else ""
    body = "\n".join(lines[start + 1:]).strip()
    if not body and not title:
        opts.on_problem(ReadProblem(origin, "no article text"))
        return
    if published is None:  # a "Published: …" stamp or a dated dateline near the top, before furniture goes
        published = publication_date_in_text(body)
    yield from _accept(Article(id=doc_id, text=body, title=title or None, published=published, origin=origin), opts)


def _from_html(data: bytes, doc_id: str, origin: str, published: dt.date | None,
               opts: _Options) -> Iterator[Article]:
    html = _decode(data, origin, opts)
    if html is None:
        return
    try:
        text, title, date = extract_html(html)
    except Exception as exc:  # trafilatura/lxml raise many kinds on broken markup  # noqa: BLE001
        opts.on_problem(ReadProblem(origin, f"unreadable HTML ({type(exc).__name__}: {str(exc)[:200]})"))
        return
    text = safe_text(text or "")
    if not text.strip():
        opts.on_problem(ReadProblem(origin, "no article text found in the page"))
        return
    title = safe_text(title) if isinstance(title, str) and title.strip() else None
    yield from _accept(Article(id=doc_id, text=text, title=title, published=date or published, origin=origin), opts)


def _lines(fh, limit: int) -> Iterator[tuple[int, bytes | None]]:
    """(line number, line) of a binary file, never holding more than ``limit`` bytes of one line; an overlong
    line comes as (number, None) after the rest of it has been skipped."""
    number = 0
    while True:
        raw = fh.readline(limit + 2)
        if not raw:
            return
        number += 1
        if len(raw.rstrip(b"\r\n")) <= limit:
            yield number, raw
            continue
        tail = raw
        while tail and not tail.endswith(b"\n"):
            tail = fh.readline(_CHUNK)
        yield number, None


def _from_jsonl(path: Path, doc_id: str, display: str, opts: _Options) -> Iterator[Article]:
    try:
        fh = open(path, "rb")
    except OSError as exc:
        opts.on_problem(ReadProblem(display, f"cannot read ({exc.strerror or exc})"))
        return
    with fh:
        for number, raw in _lines(fh, opts.max_bytes):
            origin = f"{display}:{number}"
            if raw is None:
                opts.on_problem(ReadProblem(origin, f"line {number} too large (more than {_size(opts.max_bytes)}; "
                                                    f"see --max-bytes)"))
                continue
            if not raw.strip():
                continue
            article = _jsonl_article(raw, number, doc_id, origin, opts)
            if article is not None:
                yield from _accept(article, opts)


def _jsonl_article(raw: bytes, number: int, doc_id: str, origin: str, opts: _Options) -> Article | None:
    try:
        record = json.loads(decode_bytes(raw))
    except UndecodableError as exc:
        opts.on_problem(ReadProblem(origin, f"malformed JSON at line {number} ({exc})"))
        return None
    except ValueError as exc:
        opts.on_problem(ReadProblem(origin, f"malformed JSON at line {number} ({str(exc)[:200]})"))
        return None
    except RecursionError:
        opts.on_problem(ReadProblem(origin, f"malformed JSON at line {number} (nested too deeply)"))
        return None
    if not isinstance(record, dict):
        opts.on_problem(ReadProblem(origin, f"line {number} is not a JSON object"))
        return None
    return _record_article(record, origin, f"{doc_id}:{number}", f" at line {number}", opts)


def _record_article(record: dict, origin: str, fallback_id: str, where: str, opts: _Options) -> Article | None:
    text = record.get("text")
    if not isinstance(text, str):
        what = "missing field 'text'" if text is None else "field 'text' is not a string"
        opts.on_problem(ReadProblem(origin, f"{what}{where}"))
        return None
    text = safe_text(text)
    if not text.strip():
        opts.on_problem(ReadProblem(origin, f"no article text (field 'text' is empty){where}"))
        return None
    raw_id = record.get("id")
    doc_id = _field(raw_id)
    if doc_id is None and isinstance(raw_id, (int, float)) and not isinstance(raw_id, bool):
        doc_id = str(raw_id)
    title = _field(record.get("title"))
    date = _record_date(record.get("published"), origin, where, opts)
    return Article(id=doc_id or fallback_id, text=text, title=title, published=date or opts.published,
                   source=_outlet(record.get("source"), origin, where, opts), url=_field(record.get("url")),
                   origin=origin)


def _outlet(value: object, origin: str, where: str, opts: _Options) -> str | None:
    """A record's ``source`` (the outlet's name), cut to MAX_OUTLET characters with a warning when longer."""
    name = _field(value)
    if name is not None and len(name) > MAX_OUTLET:
        opts.on_problem(ReadProblem(origin, f"field 'source' cut to {MAX_OUTLET} characters{where} (an outlet's "
                                            f"name, it was {len(name):,})", warning=True))
        name = name[:MAX_OUTLET].rstrip()
    return name


def _record_date(value: object, origin: str, where: str, opts: _Options) -> dt.date | None:
    """A record's ``published`` field as a date; a value that is no date is ignored with a warning naming it."""
    if value is None or value == "":
        return None
    date = parse_date(value) if isinstance(value, str) else None
    if date is None:
        shown = safe_text(json.dumps(value, ensure_ascii=False))
        shown = shown if len(shown) <= 60 else shown[:57] + "..."
        opts.on_problem(ReadProblem(origin, f"field 'published' ignored{where}: {_FIELD_CONTROLS.sub(' ', shown)} is "
                                            f"not a date (write YYYY-MM-DD or an ISO datetime)", warning=True))
    return date


def read_record(record: dict, origin: str, *, fallback_id: str, on_problem: ProblemHandler = _report_to_stderr,
                published: dt.date | None = None, max_bytes: int = DEFAULT_MAX_BYTES,
                english_only: bool = True) -> Article | None:
    """One article given as a JSON object of the contract's JSONL format (as the web API receives them), checked
    as a JSONL line is; None after reporting the problem to ``on_problem``."""
    opts = _Options(published, on_problem, max_bytes, english_only)
    article = _record_article(record, origin, fallback_id, "", opts)
    return next(_accept(article, opts), None) if article is not None else None


def _field(value: object) -> str | None:
    """A short string field (id, title, source, url) without control characters or lone surrogates; else None."""
    if not isinstance(value, str):
        return None
    value = _FIELD_CONTROLS.sub(" ", safe_text(value)).strip()
    return value or None


# --- command-line options (wired into dyads.cli by add_input_options / input_options) ----------------------------

def _byte_count(value: str) -> int:
    import argparse

    m = re.fullmatch(r"\s*([0-9]+(?:\.[0-9]+)?)\s*([kKmMgG]?)[bB]?\s*", value)
    if not m:
        raise argparse.ArgumentTypeError(f"{value!r} is not a size; write bytes, or e.g. 500k, 1M")
    n = int(float(m.group(1)) * {"": 1, "k": 1_000, "m": 1_000_000, "g": 1_000_000_000}[m.group(2).lower()])
    if n < 1:
        raise argparse.ArgumentTypeError("the size must be at least 1 byte")
    if n > MAX_MAX_BYTES:
        raise argparse.ArgumentTypeError(f"{value!r} is more than {MAX_MAX_BYTES // 1_000_000}M: no article is that "
                                         f"large (the parser takes at most {MAX_CHARS:,} characters of text)")
    return n


def add_input_options(parser) -> None:
    """The reading options of `dyads code` and `dyads ingest`: --max-bytes and --any-language."""
    parser.add_argument("--max-bytes", type=_byte_count, default=DEFAULT_MAX_BYTES, metavar="SIZE",
                        help=f"skip (as 'too large') any article file or JSONL line bigger than this (default "
                             f"{DEFAULT_MAX_BYTES:,} bytes; 500k, 1M also work)")
    parser.add_argument("--any-language", action="store_true",
                        help="code every article; by default articles confidently identified as not English are "
                             "skipped (texts under a few sentences are never judged)")


def input_options(args) -> dict:
    """Keyword arguments of iter_articles from the options add_input_options added."""
    return {"max_bytes": getattr(args, "max_bytes", DEFAULT_MAX_BYTES),
            "english_only": not getattr(args, "any_language", False)}
