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
  dyads serve --db sqlite:///news.db --token T            # browse; reviewers judge events at /review
  dyads stats precision --db sqlite:///news.db            # precision measured from their judgments
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
        """A ReadProblem: a skipped input (counted for the exit status) or, with ``warning``, a doubt about one."""
        if getattr(problem, "warning", False):
            print(f"dyads: warning: {problem}", file=sys.stderr)
            return
        self.skipped += 1
        print(f"dyads: skipped {problem}", file=sys.stderr)

    def article_problem(self, article: Article, reason: str) -> None:
        """An article read but not coded or not stored."""
        self.skipped += 1
        print(f"dyads: skipped {article.origin or article.id}: {reason}", file=sys.stderr)

    def counted(self, items: Iterable[Article]) -> Iterator[Article]:
        for a in items:
            self.articles += 1
            yield a

    def summary(self, verb: str, note: str = "") -> None:
        if self.quiet:
            return
        secs = time.perf_counter() - self.started
        rate = self.articles / secs if secs > 0 else 0.0
        skipped = f", {self.skipped} input(s) skipped" if self.skipped else ""
        note = f" ({note})" if note else ""
        print(f"dyads: {verb} {self.articles} article(s), {self.events} event(s){note} in {secs:.1f}s "
              f"({rate:.1f} articles/s){skipped}", file=sys.stderr)

    @property
    def status(self) -> int:
        return EXIT_SKIPPED if self.skipped else EXIT_OK


class CommandError(Exception):
    """Something the user must fix before the command can run (an unreadable dictionary, a missing database); the
    message says what. Exit status 1."""


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a date; write YYYY-MM-DD, e.g. 2022-02-22") from None


def _verb_file(value: str) -> str:
    """A --verbs argument: a path, or the name of an optional built-in layer ('phoenix')."""
    from dyads.events.patterns import verb_file

    return verb_file(value)


def _publication_date(value: str) -> dt.date:
    from dyads.when import plausible_publication

    day = _date(value)
    if not plausible_publication(day):
        raise argparse.ArgumentTypeError(f"{value} is not a plausible publication date (from 1900-01-01 to a year "
                                         f"from today)")
    return day


def confidence_value(value: str) -> float:
    """An argparse type: a confidence threshold, a number from 0 to 1."""
    try:
        p = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a number; give a confidence from 0 to 1") from None
    if not 0.0 <= p <= 1.0:  # also refuses nan
        raise argparse.ArgumentTypeError(f"{value} is not a confidence: it must be from 0 to 1")
    return p


def add_min_confidence(p, stored: bool = False) -> None:
    """--min-confidence for a command that shows events (default: dyads' default threshold)."""
    from dyads.confidence import DEFAULT_THRESHOLD

    what = "stored events" if stored else "events"
    p.add_argument("--min-confidence", type=confidence_value, default=None, metavar="P",
                   help=f"only {what} whose confidence (the estimated probability that a careful coder accepts the "
                        f"event) is at least P (default: dyads' default threshold, {DEFAULT_THRESHOLD:.2f} today; "
                        f"0 for every event)")


def min_confidence(args) -> float:
    """The threshold a command applies: --min-confidence, else dyads' default."""
    from dyads.confidence import DEFAULT_THRESHOLD

    p = getattr(args, "min_confidence", None)
    return DEFAULT_THRESHOLD if p is None else p


def positive_int(value: str) -> int:
    """An argparse type: a whole number of at least 1 (workers, batch sizes, limits)."""
    try:
        n = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a whole number") from None
    if n < 1:
        raise argparse.ArgumentTypeError(f"{value} is not allowed: it must be at least 1")
    if n > 10_000_000:
        raise argparse.ArgumentTypeError(f"{value} is too large (at most 10,000,000)")
    return n


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
    p.add_argument("--published", type=_publication_date, metavar="YYYY-MM-DD",
                   help="publication date for inputs that carry none; relative dates in the text "
                        "('on Tuesday', 'last week') are resolved against it")
    p.add_argument("--actors", action="append", default=[], metavar="FILE",
                   help="a user actor dictionary (YAML) layered over the built-in one; may be repeated")
    p.add_argument("--verbs", action="append", default=[], metavar="FILE", type=_verb_file,
                   help="a user verb dictionary (verbs.yaml format) layered over the built-in one; may be repeated; "
                        "'phoenix' adds the bundled Phoenix/PETRARCH 2 verb dictionary as a layer below the "
                        "built-in one (off by default: see dyads/data/README.md)")
    from dyads.engines import WORKERS_HELP, parse_workers

    p.add_argument("--workers", type=parse_workers, default="auto", metavar="N", help=WORKERS_HELP)
    p.add_argument("--batch-size", type=positive_int, default=8, metavar="N",
                   help="at most this many articles per spaCy batch (default 8); batches also hold at most "
                        "96,000 characters, and an article longer than 64,000 is parsed in pieces, so memory stays "
                        "bounded whatever the articles")
    p.add_argument("-q", "--quiet", action="store_true", help="no progress bar and no summary on stderr")
    from dyads.engines import add_engine_options
    from dyads.read import add_input_options

    add_input_options(p)
    add_engine_options(p)


LIGHT_COMMANDS = ("code", "ingest", "events")  # their parsers need no web or analysis modules


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The whole command line; with ``only`` one of LIGHT_COMMANDS, just that command's (what `main` uses when the
    command is named first: the other commands' parsers import FastAPI and SQLAlchemy, a third of a second that
    `dyads code` would pay at start-up for nothing)."""
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
    add_min_confidence(code)

    ingest = sub.add_parser("ingest", help="code articles and store them with their events",
                            formatter_class=argparse.RawDescriptionHelpFormatter, epilog=EPILOG,
                            description="Code articles and store articles and events. Ingesting an article that is "
                                        "already stored with the same content changes nothing; a changed article "
                                        "replaces its old version and events.")
    add_input_args(ingest)
    ingest.add_argument("--db", default=None, metavar="URL",
                        help="database URL (default sqlite:///dyads.db; postgresql://user:pw@host/db works too)")
    ingest.add_argument("--min-confidence", type=confidence_value, default=0.0, metavar="P",
                        help="store only events whose confidence is at least P (default 0: every event is stored, "
                             "so `events`, `export` and `serve` can apply any threshold later without coding again)")

    events = sub.add_parser("events", help="print the stored events",
                            description="Print every stored event, in the same format as `dyads code`.")
    events.add_argument("--db", default=None, metavar="URL", help="database URL (default sqlite:///dyads.db)")
    events.add_argument("--format", choices=("jsonl", "csv", "table"), default=None,
                        help="output format (default: table on a terminal, jsonl otherwise)")
    add_min_confidence(events, stored=True)
    if only in LIGHT_COMMANDS:
        return parser
    from dyads.web.command import add_serve_parser

    add_serve_parser(sub)

    from dyads.store.command import add_parsers as add_store_parsers

    add_store_parsers(sub)

    from dyads.analyse.command import add_parsers as add_review_parsers

    add_review_parsers(sub)

    dict_cmd = sub.add_parser("dict", help="convert dictionaries from other coders",
                              description="Convert dictionaries of other event coders into dyads' YAML formats.")
    dict_sub = dict_cmd.add_subparsers(dest="dict_command", metavar="ACTION", required=True)
    imp = dict_sub.add_parser(
        "import-petrarch", formatter_class=argparse.RawDescriptionHelpFormatter,
        help="convert PETRARCH/TABARI actor, agent and verb dictionaries",
        description="Convert PETRARCH/TABARI dictionaries (actors with dated codes, agents with ~roles and plurals, "
                    "verbs with synsets and patterns) to dyads' YAML formats, ready for --actors and --verbs.",
        epilog="example:\n  dyads dict import-petrarch --actors Phoenix.Countries.actors.txt "
               "--agents Phoenix.agents.txt --out my_actors.yaml\n"
               "  dyads code news/ --actors my_actors.yaml")
    imp.add_argument("--actors", metavar="FILE", help="a PETRARCH actor dictionary")
    imp.add_argument("--agents", metavar="FILE", help="a PETRARCH agent dictionary (needs --actors)")
    imp.add_argument("--verbs", metavar="FILE", help="a PETRARCH verb dictionary")
    imp.add_argument("--reference", action="store_true",
                     help="convert a PETRARCH 2 verb dictionary (CAMEO.2.0.txt) into plain dyads senses (objects, "
                          "particles, prepositions) for a reference layer: `dyads code --verbs` then tries them "
                          "only where the built-in dictionary is silent, never instead of its senses")
    imp.add_argument("--discards", metavar="FILE",
                     help="a PETRARCH discard file (needs --verbs): its phrases go into the verb dictionary, which "
                          "then drops the stories and sentences that name them")
    imp.add_argument("--known-states", action="store_true",
                     help="a real-world dictionary (Phoenix): only dyads' own country codes are states; other "
                          "three-letter codes (IGO, NGO, MNC, IMG) are groups without a country")
    imp.add_argument("--as-of", metavar="YYYY-MM-DD", type=_date,
                     help="the date the dictionary was compiled: open-ended dated offices end there "
                          "(end_known: false)")
    imp.add_argument("--since", metavar="YYYY-MM-DD", type=_date,
                     help="leave out people whose dated offices all ended before DATE")
    imp.add_argument("--drop-codes", metavar="REGEX",
                     help="leave out the entries whose code matches this regular expression (e.g. '^MNC': companies)")
    imp.add_argument("--sections", metavar="LIST",
                     help="comma list of the sections to write (states, groups, people, roles); default: all")
    imp.add_argument("--out", metavar="FILE", required=True,
                     help="where to write the actor dictionary (YAML); verbs go beside it as FILE's stem + .verbs.yaml")

    actors = sub.add_parser("actors", help="inspect actor coverage",
                            description="Inspect how well the actor dictionaries cover a corpus.")
    actors_sub = actors.add_subparsers(dest="actors_command", metavar="ACTION", required=True)
    unres = actors_sub.add_parser(
        "unresolved", help="the most frequent names no dictionary covers",
        description="List the people and organisations (spaCy NER) named in the inputs that no dictionary entry "
                    "covers, most frequent first, with an example sentence: what to add to a user dictionary.")
    unres.add_argument("inputs", nargs="+", metavar="INPUT", help="articles, as for `dyads code`")
    unres.add_argument("--actors", action="append", default=[], metavar="FILE",
                       help="user actor dictionaries to count as covered")
    unres.add_argument("--top", type=positive_int, default=40, metavar="N", help="how many to list (default 40)")
    unres.add_argument("--labels", default="PERSON,ORG", metavar="L,L",
                       help="NER labels to count (default PERSON,ORG; NORP and GPE also possible)")
    unres.add_argument("--format", choices=("table", "jsonl"), default=None,
                       help="output format (default: table on a terminal, jsonl otherwise)")
    unres.add_argument("-q", "--quiet", action="store_true", help="no summary on stderr")
    return parser


def _format(args) -> str:
    return args.format or ("table" if sys.stdout.isatty() else "jsonl")


def check_dictionaries(actor_files, verb_files) -> None:
    """Every user dictionary must be a readable YAML file; CommandError naming the file otherwise."""
    import yaml

    for kind, files in (("actor", actor_files), ("verb", verb_files)):
        for f in files or []:
            what = f"the {kind} dictionary {f}"
            try:
                with open(f, encoding="utf-8") as fh:
                    yaml.safe_load(fh)
            except OSError as exc:
                raise CommandError(f"cannot read {what}: {exc.strerror or exc}") from None
            except UnicodeDecodeError:
                raise CommandError(f"{what} is not UTF-8 text; save it as UTF-8") from None
            except RecursionError:
                raise CommandError(f"{what} is nested too deeply to be a dictionary (is it the right file?)") from None
            except yaml.YAMLError as exc:
                mark = getattr(exc, "problem_mark", None)
                where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark is not None else ""
                problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
                raise CommandError(f"{what} is not valid YAML{where}: {problem}") from None


def _coder(args):
    from dyads.pipeline import make_coder

    actor_files, verb_files = args.actors, getattr(args, "verbs", []) or []
    check_dictionaries(actor_files, verb_files)
    try:
        return make_coder(actor_files, verb_files)
    except RecursionError:
        raise CommandError(f"the dictionaries {', '.join(actor_files + verb_files)} are nested too deeply") from None
    except (ValueError, TypeError, KeyError, AttributeError) as exc:
        files = ", ".join(actor_files + verb_files)
        message = str(exc)
        if files and not any(f in message for f in actor_files + verb_files):
            message = f"{files}: {message}"
        raise CommandError(message) from None


def _code_stream(args, articles, coder):
    from dyads.engines import code_stream

    return code_stream(articles, engine=args.engine, workers=args.workers, batch_size=args.batch_size,
                       coder=coder, actor_files=args.actors, verb_files=getattr(args, "verbs", []),
                       ray_address=args.ray_address)


def cmd_code(args) -> int:
    from dyads.output import EventWriter
    from dyads.read import input_options, iter_articles

    run = Run(args.quiet)
    coder = _coder(args)
    writer = EventWriter(sys.stdout, _format(args))
    articles = run.counted(iter_articles(args.inputs, published=args.published, on_problem=run.problem,
                                               **input_options(args)))
    coded = _code_stream(args, articles, coder)
    threshold = min_confidence(args)
    below = 0
    for item in _progress(coded, args.quiet, "coding"):
        if item.problem is not None:
            run.article_problem(item.article, item.problem)
            continue
        kept = [e for e in item.events if e.confidence >= threshold]
        below += len(item.events) - len(kept)
        run.events += len(kept)
        writer.write(kept)
    writer.close()
    run.summary("coded", f"{below} below confidence {threshold:.2f} not shown" if below else "")
    return run.status


def cmd_ingest(args) -> int:
    from dyads.read import input_options, iter_articles
    from dyads.store import DEFAULT_URL, connect, ingest_articles

    run = Run(args.quiet)
    url = args.db or DEFAULT_URL
    coder = _coder(args)
    _, sessions = connect(url)

    def code(stream):
        for item in _progress(_code_stream(args, stream, coder), args.quiet, "ingesting"):
            if args.min_confidence:
                item.events = [e for e in item.events if e.confidence >= args.min_confidence]
            yield item

    articles = run.counted(iter_articles(args.inputs, published=args.published, on_problem=run.problem,
                                               **input_options(args)))
    report = ingest_articles(articles, sessions, code, on_problem=run.article_problem)
    run.events = report.events
    if not args.quiet:
        skipped = f"; {report.skipped} not stored (named above)" if report.skipped else ""
        print(f"dyads: stored {report.stored} article(s) with {report.events} event(s) in {url}; "
              f"{report.unchanged} already stored and unchanged{skipped}", file=sys.stderr)
    run.summary("read")
    return run.status


def cmd_events(args) -> int:
    from dyads.output import EventWriter
    from dyads.store import DEFAULT_URL, connect, stored_events

    _, sessions = connect(args.db or DEFAULT_URL, read_only=True)
    writer = EventWriter(sys.stdout, _format(args))
    writer.write(stored_events(sessions, min_confidence=min_confidence(args)))
    writer.close()
    return EXIT_OK


def cmd_serve(args) -> int:
    from dyads.web.command import cmd_serve as serve

    return serve(args)


def cmd_dict(args) -> int:
    from pathlib import Path

    from dyads.actors.petrarch import import_actors_with_counts, write_yaml

    if not (args.actors or args.verbs):
        print("dyads: give --actors and/or --verbs: the PETRARCH dictionaries to convert", file=sys.stderr)
        return EXIT_USAGE
    if args.discards and not args.verbs:
        print("dyads: --discards goes with --verbs (the discards are written into the verb dictionary)",
              file=sys.stderr)
        return EXIT_USAGE
    if args.agents and not args.actors:
        print("dyads: --agents goes with --actors (agents attach roles to actors)", file=sys.stderr)
        return EXIT_USAGE
    out = Path(args.out)
    if args.actors:
        states = None
        if args.known_states:
            from dyads.data import load_yaml

            states = {str(r.get("iso3") or r["code"]) for r in load_yaml("countries.yaml")}
        mapping, counts = import_actors_with_counts(args.actors, args.agents, states=states, as_of=args.as_of,
                                                    since=args.since)
        if args.drop_codes:
            import re

            drop = re.compile(args.drop_codes)
            for section in ("states", "groups"):
                mapping[section] = [r for r in mapping[section] if not drop.search(r["code"])]
            mapping["people"] = [p for p in mapping["people"]
                                 if not all(drop.search(o["title"]) for o in p["offices"])]
        if args.sections:
            keep = {s.strip() for s in args.sections.split(",")}
            mapping = {k: (v if k in keep else []) for k, v in mapping.items()}
        write_yaml(mapping, out)
        print(f"dyads: wrote {out}: " + ", ".join(f"{len(v)} {k}" for k, v in mapping.items() if v)
              + f" (skipped: {sum(v for k, v in counts.items() if 'skip' in k or 'without' in k)})", file=sys.stderr)
    if args.verbs:
        from dyads.events.petrarch import (import_discards, import_reference_with_counts, import_verbs,
                                           reference_header)

        header = None
        if args.reference:
            spec, counts = import_reference_with_counts(args.verbs)
            header = reference_header(args.verbs, counts)
        else:
            spec = import_verbs(args.verbs)
        if args.discards:
            spec["discards"] = import_discards(args.discards)
        verbs_out = out.with_name(out.stem + ".verbs.yaml")
        write_yaml(spec, verbs_out, header)
        print(f"dyads: wrote {verbs_out}: {len(spec.get('verbs', {}))} verb keys", file=sys.stderr)
    return EXIT_OK


def cmd_actors(args) -> int:
    import json

    from dyads.actors.dictionary import build_dictionary, default_dictionary
    from dyads.actors.unresolved import unresolved_mentions
    from dyads.read import iter_articles

    run = Run(args.quiet)
    check_dictionaries(args.actors, [])
    dictionary = build_dictionary(args.actors) if args.actors else default_dictionary()
    articles = run.counted(iter_articles(args.inputs, on_problem=run.problem))
    found = unresolved_mentions(articles, dictionary, labels=[l.strip().upper() for l in args.labels.split(",")])
    rows = found.top(args.top)
    if (args.format or ("table" if sys.stdout.isatty() else "jsonl")) == "jsonl":
        for r in rows:
            print(json.dumps(r, ensure_ascii=False))
    else:
        from rich.console import Console
        from rich.table import Table

        table = Table(header_style="bold")
        for col in ("count", "mention", "label", "example"):
            table.add_column(col, overflow="fold")
        for r in rows:
            table.add_row(str(r["count"]), r["mention"], r["label"], r["example"])
        Console().print(table)
    if not args.quiet:
        print(f"dyads: {len(found.counts)} distinct unresolved names in {found.articles} article(s)", file=sys.stderr)
    return run.status


COMMANDS = {"code": cmd_code, "ingest": cmd_ingest, "events": cmd_events, "serve": cmd_serve, "dict": cmd_dict,
            "actors": cmd_actors}


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    parser = build_parser(argv[0] if argv and argv[0] in LIGHT_COMMANDS else None)
    args = parser.parse_args(argv)
    if not args.command:
        parser.print_help()
        return EXIT_USAGE
    try:
        return (COMMANDS.get(args.command) or args.func)(args)
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
        print(f"dyads: error: {_message(exc)}", file=sys.stderr)
        return EXIT_ERROR


def _message(exc: BaseException) -> str:
    """One line (or a few) saying what went wrong: a database error without its SQL and parameters (which hold
    whole articles), and never a surrogate that cannot be printed."""
    from sqlalchemy.exc import SQLAlchemyError

    if isinstance(exc, SQLAlchemyError):
        from dyads.store.db import describe_error

        text = f"database error: {describe_error(exc)}"
    elif isinstance(exc, MemoryError):
        text = "out of memory (lower --workers or --batch-size, or --max-bytes to skip the largest articles)"
    else:
        text = str(exc) or type(exc).__name__
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


if __name__ == "__main__":
    sys.exit(main())
