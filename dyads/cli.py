"""The `dyads` command line: a thin layer over the library (read → clean → parse → code → store)."""
from __future__ import annotations

import argparse
import datetime as dt
import sys
import time
from collections.abc import Iterable, Iterator

from dyads import __version__
from dyads.model import Article

EXIT_OK = 0
EXIT_ERROR = 1  # nothing could be done: bad database URL, missing model, unreadable dictionary
EXIT_USAGE = 2  # the command line itself is wrong (argparse)
EXIT_SKIPPED = 3  # the run finished, but some inputs (files or JSONL lines) were skipped; each was named on stderr

EPILOG = """\
exit status: 0 all inputs coded; 3 finished but some inputs were skipped (each named on stderr);
             1 an error stopped the run; 2 a usage error.

examples:
  dyads code article.txt --published 2022-02-22          # print a table of events
  dyads code news/ --format jsonl > events.jsonl          # a directory, as JSON lines
  cat story.txt | dyads code - --published 2017-04-07     # one article on standard input
  dyads ingest feed.jsonl --db sqlite:///news.db          # store articles and events
  dyads events --db sqlite:///news.db --format csv        # print what is stored
"""


class Run:
    """Counts what happened to the inputs, for the closing summary and the exit status."""

    def __init__(self, quiet: bool):
        self.quiet = quiet
        self.skipped = 0
        self.articles = 0
        self.events = 0
        self.started = time.perf_counter()

    def problem(self, problem) -> None:
        self.skipped += 1
        print(f"dyads: skipped {problem}", file=sys.stderr)

    def counted(self, items: Iterable[Article]) -> Iterator[Article]:
        for a in items:
            self.articles += 1
            yield a

    def summary(self, verb: str) -> None:
        if self.quiet:
            return
        secs = time.perf_counter() - self.started
        rate = self.articles / secs if secs > 0 else 0.0
        skipped = f", {self.skipped} input(s) skipped" if self.skipped else ""
        print(f"dyads: {verb} {self.articles} article(s), {self.events} event(s) in {secs:.1f}s "
              f"({rate:.1f} articles/s){skipped}", file=sys.stderr)

    @property
    def status(self) -> int:
        return EXIT_SKIPPED if self.skipped else EXIT_OK


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a date; write YYYY-MM-DD, e.g. 2022-02-22") from None


def _progress(items: Iterable, quiet: bool, label: str) -> Iterator:
    """A progress bar with articles/s on standard error, when it is a terminal."""
    if quiet or not sys.stderr.isatty():
        yield from items
        return
    from rich.progress import MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    with Progress(SpinnerColumn(), TextColumn(f"{label} [progress.description]{{task.description}}"),
                  MofNCompleteColumn(), TextColumn("{task.fields[rate]}"), TimeElapsedColumn(),
                  transient=True, console=None) as bar:
        task = bar.add_task("", total=None, rate="")
        start = time.perf_counter()
        for n, item in enumerate(items, start=1):
            yield item
            secs = time.perf_counter() - start
            bar.update(task, completed=n, rate=f"{n / secs:.1f} articles/s" if secs > 0 else "")


def add_input_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("inputs", nargs="+", metavar="INPUT",
                   help="article files (.txt, .html, .jsonl), directories (read recursively), or - for one "
                        "plain-text article on standard input")
    p.add_argument("--published", type=_date, metavar="YYYY-MM-DD",
                   help="publication date for inputs that carry none; relative dates in the text "
                        "('on Tuesday', 'last week') are resolved against it")
    p.add_argument("--actors", action="append", default=[], metavar="FILE",
                   help="a user actor dictionary (YAML) layered over the built-in one; may be repeated")
    p.add_argument("--workers", type=int, default=1, metavar="N",
                   help="parser processes (default 1; 2 uses both cores of a small laptop)")
    p.add_argument("--batch-size", type=int, default=8, metavar="N",
                   help="articles per spaCy batch (default 8: small batches keep memory low at the same speed)")
    p.add_argument("-q", "--quiet", action="store_true", help="no progress bar and no summary on stderr")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="dyads", formatter_class=argparse.RawDescriptionHelpFormatter, epilog=EPILOG,
        description="Code news articles into political events: who did what to whom, when and where "
                    "(CAMEO and PLOVER), and keep them in a database.")
    parser.add_argument("--version", action="version", version=f"dyads {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    code = sub.add_parser("code", help="code articles and print their events",
                          formatter_class=argparse.RawDescriptionHelpFormatter, epilog=EPILOG,
                          description="Code articles and print one event per line or row. Progress and warnings go "
                                      "to standard error; standard output carries only events.")
    add_input_args(code)
    code.add_argument("--format", choices=("jsonl", "csv", "table"), default=None,
                      help="output format (default: table on a terminal, jsonl otherwise)")

    ingest = sub.add_parser("ingest", help="code articles and store them with their events",
                            formatter_class=argparse.RawDescriptionHelpFormatter, epilog=EPILOG,
                            description="Code articles and store articles and events. Ingesting an article that is "
                                        "already stored with the same content changes nothing; a changed article "
                                        "replaces its old version and events.")
    add_input_args(ingest)
    ingest.add_argument("--db", default=None, metavar="URL",
                        help="database URL (default sqlite:///dyads.db; postgresql://user:pw@host/db works too)")

    events = sub.add_parser("events", help="print the stored events",
                            description="Print every stored event, in the same format as `dyads code`.")
    events.add_argument("--db", default=None, metavar="URL", help="database URL (default sqlite:///dyads.db)")
    events.add_argument("--format", choices=("jsonl", "csv", "table"), default=None,
                        help="output format (default: table on a terminal, jsonl otherwise)")
    from dyads.web.command import add_serve_parser

    add_serve_parser(sub)
    return parser


def _format(args) -> str:
    return args.format or ("table" if sys.stdout.isatty() else "jsonl")


def _coder(args):
    from dyads.pipeline import make_coder

    return make_coder(args.actors)


def cmd_code(args) -> int:
    from dyads.output import EventWriter
    from dyads.pipeline import code_articles
    from dyads.read import iter_articles

    run = Run(args.quiet)
    coder = _coder(args)
    writer = EventWriter(sys.stdout, _format(args))
    articles = run.counted(iter_articles(args.inputs, published=args.published, on_problem=run.problem))
    coded = code_articles(articles, workers=args.workers, batch_size=args.batch_size, coder=coder)
    for item in _progress(coded, args.quiet, "coding"):
        run.events += len(item.events)
        writer.write(item.events)
    writer.close()
    run.summary("coded")
    return run.status


def cmd_ingest(args) -> int:
    from dyads.pipeline import code_articles
    from dyads.read import iter_articles
    from dyads.store import DEFAULT_URL, connect, ingest_articles

    run = Run(args.quiet)
    url = args.db or DEFAULT_URL
    _, sessions = connect(url)
    coder = _coder(args)

    def code(stream):
        yield from _progress(code_articles(stream, workers=args.workers, batch_size=args.batch_size, coder=coder),
                             args.quiet, "ingesting")

    articles = run.counted(iter_articles(args.inputs, published=args.published, on_problem=run.problem))
    report = ingest_articles(articles, sessions, code)
    run.events = report.events
    if not args.quiet:
        print(f"dyads: stored {report.stored} article(s) with {report.events} event(s) in {url}; "
              f"{report.unchanged} already stored and unchanged", file=sys.stderr)
    run.summary("read")
    return run.status


def cmd_events(args) -> int:
    from dyads.output import EventWriter
    from dyads.store import DEFAULT_URL, connect, stored_events

    _, sessions = connect(args.db or DEFAULT_URL)
    writer = EventWriter(sys.stdout, _format(args))
    writer.write(stored_events(sessions))
    writer.close()
    return EXIT_OK


def cmd_serve(args) -> int:
    from dyads.web.command import cmd_serve as serve

    return serve(args)


COMMANDS = {"code": cmd_code, "ingest": cmd_ingest, "events": cmd_events, "serve": cmd_serve}


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not args.command:
        parser.print_help()
        return EXIT_USAGE
    try:
        return COMMANDS[args.command](args)
    except BrokenPipeError:  # `dyads code … | head`
        sys.stderr.close()
        return EXIT_OK
    except KeyboardInterrupt:
        print("dyads: interrupted", file=sys.stderr)
        return 130
    except Exception as exc:  # a clear message rather than a traceback; DYADS_DEBUG=1 shows the traceback
        import os

        if os.environ.get("DYADS_DEBUG"):
            raise
        print(f"dyads: error: {exc}", file=sys.stderr)
        return EXIT_ERROR


if __name__ == "__main__":
    sys.exit(main())
