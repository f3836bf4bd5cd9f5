"""The database subcommands: `dyads recode`, `dyads cluster`, `dyads stats …` (precision too) and `dyads export`.

``add_parsers(subparsers)`` adds them to the main parser; each sets ``func`` to the function that runs it (taking
the parsed arguments, returning the exit status).
"""
from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import sys
import time
from typing import Any

from dyads.cli import check_dictionaries, positive_int

DB_HELP = "database URL (default sqlite:///dyads.db; postgresql://user:pw@host/db works too)"


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a date; write YYYY-MM-DD, e.g. 2022-02-22") from None


def _window(value: str) -> int:
    try:
        n = int(value)
    except ValueError:
        n = -1
    if n < 0:
        raise argparse.ArgumentTypeError(f"{value!r} is not a number of days (0 or more)")
    return n


def _sessions(args, read_only: bool = True):
    """The database of ``--db``: it must exist and be a dyads database (these commands never create one); opened
    read-only unless the command writes (recode, cluster)."""
    from dyads.store import DEFAULT_URL, connect

    url = args.db or DEFAULT_URL
    return url, connect(url, read_only=read_only, create=False)[1]


def _count(value: str) -> int:
    """0 or more."""
    try:
        n = int(value)
    except ValueError:
        n = -1
    if n < 0:
        raise argparse.ArgumentTypeError(f"{value!r} is not a number (0 or more)")
    return n


def _cluster_args(p: argparse.ArgumentParser) -> None:
    from dyads.analyse.cluster import DEFAULT_WINDOW

    p.add_argument("--window", type=_window, default=DEFAULT_WINDOW, metavar="DAYS",
                   help=f"reports at most this many days apart can be one event (default {DEFAULT_WINDOW})")
    p.add_argument("--match", choices=("country", "code"), default="country",
                   help="compare sources and targets by country (default; organisations by code) or by exact "
                        "actor code")


def add_parsers(sub) -> None:
    """Add recode, cluster, stats and export to ``sub`` (the main parser's subparsers)."""
    fmt = argparse.RawDescriptionHelpFormatter

    p = sub.add_parser("recode", help="code the stored articles again and update their events in place",
                       formatter_class=fmt,
                       description="Code stored articles again, e.g. after a dictionary change, and update their "
                                   "events in place: unchanged events stay as they are, changed ones are updated, "
                                   "events no longer found are removed and new ones added (no duplicates). Clusters "
                                   "follow, and reviewers' judgments stay on the act they judged: the same event "
                                   "id, else the event in the same sentence whose trigger overlaps the judged one "
                                   "(the same source, target and code first).")
    p.add_argument("--db", default=None, metavar="URL", help=DB_HELP)
    p.add_argument("--article", action="append", default=None, metavar="ID",
                   help="only this stored article (may be repeated; default: all)")
    p.add_argument("--actors", action="append", default=[], metavar="FILE",
                   help="a user actor dictionary (YAML) layered over the built-in one; may be repeated")
    from dyads.engines import WORKERS_HELP, parse_workers

    p.add_argument("--workers", type=parse_workers, default="auto", metavar="N", help=WORKERS_HELP)
    p.add_argument("--batch-size", type=positive_int, default=8, metavar="N", help="articles per spaCy batch (default 8)")
    p.add_argument("-q", "--quiet", action="store_true", help="no summary on stderr")
    p.set_defaults(func=cmd_recode)

    p = sub.add_parser("cluster", help="group stored events into event clusters (one real-world event each)",
                       formatter_class=fmt,
                       description="Reports with the same source and target, compatible codes (same CAMEO root or "
                                   "PLOVER type), dates within --window days and compatible places are one event "
                                   "cluster. Ingest clusters new events as they arrive; this command clusters the "
                                   "events not clustered yet, or with --rebuild all of them again (after changing "
                                   "--window or --match).")
    p.add_argument("--db", default=None, metavar="URL", help=DB_HELP)
    p.add_argument("--rebuild", action="store_true", help="forget every cluster and cluster all events again")
    _cluster_args(p)
    p.add_argument("-q", "--quiet", action="store_true", help="no summary on stderr")
    p.set_defaults(func=cmd_cluster)

    stats = sub.add_parser("stats", help="dyad time series, actor network, top actors, outlets compared",
                           description="Aggregates over the stored events. They count event clusters (each "
                                       "real-world event once) unless --count reports is given.")
    ssub = stats.add_subparsers(dest="stats_command", metavar="WHAT", required=True)
    series = ssub.add_parser("series", help="events per period (a dyad's, an actor's, or all)")
    series.add_argument("--freq", choices=("day", "week", "month"), default="month")
    series.add_argument("--no-fill", action="store_true", help="leave out empty periods")
    actors = ssub.add_parser("actors", help="the actors taking part in most events")
    actors.add_argument("--limit", type=positive_int, default=20, metavar="N")
    actors.add_argument("--level", choices=("code", "country"), default="code")
    network = ssub.add_parser("network", help="who acts on whom: directed dyads with counts per quad class")
    network.add_argument("--level", choices=("code", "country"), default="code")
    network.add_argument("--min-count", type=positive_int, default=1, metavar="N")
    network.add_argument("--limit", type=positive_int, default=50, metavar="N",
                         help="keep the N biggest dyads (default 50)")
    outlets = ssub.add_parser("outlets", help="outlets compared: quad shares, Goldstein means, actors")
    outlets.add_argument("--level", choices=("code", "country"), default="country")
    outlets.add_argument("--actors", type=_count, default=8, metavar="N", help="actors compared (default 8)")
    precision = ssub.add_parser(
        "precision", help="dyads' precision and recall measured from reviewers' judgments",
        formatter_class=fmt,
        description="Precision measured on your own corpus from the judgments made in the web interface (dyads "
                    "serve --token T): on every fully judged article, each (source, target, CAMEO root) group of "
                    "events is right when a reviewer accepted or corrected to it, as benchmarks/articles.py scores "
                    "the gold `dyads review export` writes (the same numbers). Beside it: the 95%% Wilson "
                    "interval, the events' mean stated confidence against the share of them accepted (is the "
                    "confidence honest here?), and recall of the events reviewers accepted, corrected or added.",
        epilog="examples:\n  dyads stats precision --db sqlite:///news.db\n"
               "  dyads stats precision --by root --format csv > precision-by-root.csv")
    precision.add_argument("--db", default=None, metavar="URL", help=DB_HELP)
    precision.add_argument("--by", choices=("code", "root", "outlet", "source", "reviewer"), default=None,
                           help="break the figures down (default: overall only)")
    precision.add_argument("--min-confidence", type=float, default=None, metavar="P",
                           help="judge the events whose confidence is at least P (default: dyads' default "
                                "threshold; 0 for every event)")
    precision.add_argument("--format", choices=("table", "json", "csv"), default="table")
    precision.set_defaults(func=cmd_precision, stats_command="precision")
    for p, name in ((series, "series"), (actors, "actors"), (network, "network"), (outlets, "outlets")):
        p.add_argument("--db", default=None, metavar="URL", help=DB_HELP)
        p.add_argument("--format", choices=("table", "json", "csv"), default="table")
        p.add_argument("--count", choices=("clusters", "reports"), default="clusters",
                       help="count event clusters (default) or every report")
        g = p.add_argument_group("filters")
        g.add_argument("--dyad", metavar="SRC-TGT", help="source and target, e.g. RUS-UKR")
        g.add_argument("--source", metavar="CODE")
        g.add_argument("--target", metavar="CODE")
        g.add_argument("--actor", metavar="CODE", help="as source or target")
        g.add_argument("--cameo", metavar="CODE", help="CAMEO code prefix")
        g.add_argument("--root", metavar="NN", help="CAMEO root")
        g.add_argument("--quad", type=int, choices=(1, 2, 3, 4))
        g.add_argument("--from", dest="date_from", type=_date, metavar="YYYY-MM-DD")
        g.add_argument("--to", dest="date_to", type=_date, metavar="YYYY-MM-DD")
        g.add_argument("--outlet")
        p.set_defaults(func=cmd_stats, stats_command=name)

    p = sub.add_parser("export", help="export event clusters: GDELT 2.0 table, PLOVER JSON lines, Parquet",
                       formatter_class=fmt,
                       description="One record per event cluster. gdelt: the GDELT 2.0 event table (tab-separated, "
                                   "with a header); plover: PLOVER JSON lines with the reports as evidence; parquet: "
                                   "the GDELT columns, typed (needs pyarrow: pip install dyads[parquet]).")
    p.add_argument("--db", default=None, metavar="URL", help=DB_HELP)
    p.add_argument("--format", choices=("gdelt", "plover", "parquet"), required=True)
    p.add_argument("-o", "--output", metavar="FILE", help="write here (required for parquet on a terminal)")
    p.set_defaults(func=cmd_export)


# --- recode / cluster -----------------------------------------------------------------------------------------

def cmd_recode(args) -> int:
    from dyads.pipeline import code_articles, make_coder
    from dyads.store.recode import recode_articles, stored_articles

    check_dictionaries(args.actors, [])
    url, sessions = _sessions(args, read_only=False)
    coder = make_coder(args.actors)
    t0 = time.perf_counter()
    rep = recode_articles(stored_articles(sessions, args.article), sessions,
                          lambda stream: code_articles(stream, workers=args.workers, batch_size=args.batch_size,
                                                       coder=coder))
    if not args.quiet:
        kept = f"; {rep.failed} could not be coded and kept their events (named above)" if rep.failed else ""
        print(f"dyads: recoded {rep.articles} article(s) in {url} in {time.perf_counter() - t0:.1f}s: "
              f"{rep.added} event(s) added, {rep.updated} updated, {rep.removed} removed, {rep.unchanged} unchanged; "
              f"{rep.clusters} cluster(s) touched{kept}", file=sys.stderr)
        r = rep.reviews
        if r.kept or r.moved or r.gone:
            print(f"dyads: reviewers' judgments: {r.kept} on the same event, {r.moved} moved to the same act "
                  f"coded again, {r.gone} whose act is no longer found (kept, marked gone)", file=sys.stderr)
    return 3 if rep.failed else 0


def cmd_cluster(args) -> int:
    from dyads.analyse.cluster import Options, assign, rebuild, unclustered_ids
    from dyads.store.db import writing

    url, sessions = _sessions(args, read_only=False)
    opts = Options(window=args.window, match=args.match)
    t0 = time.perf_counter()
    if args.rebuild:
        with writing(sessions, "clustering") as s:
            rep = rebuild(s, opts)
        msg = f"clustered {rep.events} event(s) into {rep.clusters} cluster(s), {rep.multi} reported by several articles"
    else:
        with writing(sessions, "clustering") as s:
            ids = unclustered_ids(s)
            touched = assign(s, ids, opts) if ids else set()
        msg = f"clustered {len(ids)} unclustered event(s), {len(touched)} cluster(s) touched"
    if not args.quiet:
        print(f"dyads: {msg} in {url} ({time.perf_counter() - t0:.1f}s)", file=sys.stderr)
    return 0


# --- stats ----------------------------------------------------------------------------------------------------

def _filter(args):
    from dyads.analyse import EventFilter

    kw = {k: getattr(args, k) for k in ("source", "target", "actor", "cameo", "root", "quad", "date_from",
                                           "date_to", "outlet")}
    return EventFilter.with_dyad(args.dyad, **{k: v for k, v in kw.items() if v is not None})


QUAD_NAMES = {1: "verb_coop", 2: "mat_coop", 3: "verb_conf", 4: "mat_conf"}


def stats_rows(args, sessions) -> tuple[Any, list[str], list[list]]:
    """The result (for JSON) and the same as a table: column names and rows."""
    from dyads.analyse import actor_network, dyad_series, outlet_comparison, top_actors

    f = _filter(args)
    what = args.stats_command
    if what == "series":
        d = dyad_series(sessions, f.source, f.target, args.freq, filters=f, fill=not args.no_fill, count=args.count)
        cols = ["period", "start", args.count, "goldstein", *QUAD_NAMES.values()]
        rows = [[p["period"], p["start"], p["events"], p["goldstein"], *(p["counts"][q] for q in QUAD_NAMES)]
                for p in d["periods"]]
        return d, cols, rows
    if what == "actors":
        d = top_actors(sessions, args.limit, args.level, filters=f, count=args.count)
        cols = ["code", "name", "country", args.count, "as_source", "as_target", "goldstein_mean"]
        return d, cols, [[a[c] if c != args.count else a["events"] for c in cols] for a in d]
    if what == "network":
        d = actor_network(sessions, args.min_count, level=args.level, limit=args.limit, filters=f, count=args.count)
        cols = ["source", "target", "total", *QUAD_NAMES.values(), "goldstein_mean", "kind"]
        rows = [[e["source"], e["target"], e["total"], *(e["counts"][q] for q in QUAD_NAMES), e["goldstein_mean"],
                 e["kind"]] for e in d["edges"]]
        return d, cols, rows
    d = outlet_comparison(sessions, level=args.level, actors=args.actors, filters=f, count=args.count)
    cols = ["outlet", "articles", args.count, "per_article", "goldstein_mean",
            *(f"{n}_share" for n in QUAD_NAMES.values())]
    rows = [[o["outlet"] or "(unknown)", o["articles"], o["events"], o["events_per_article"], o["goldstein_mean"],
             *(o["quad_shares"][q] for q in QUAD_NAMES)] for o in d["outlets"]]
    return d, cols, rows


def print_table(cols: list[str], rows: list[list], out=None) -> None:
    out = out or sys.stdout
    cells = [[("" if v is None else str(v)) for v in r] for r in rows]
    widths = [min(40, max([len(c)] + [len(r[i]) for r in cells])) for i, c in enumerate(cols)]

    def line(vals):
        parts = []
        for v, w, in zip(vals, widths):
            v = v if len(v) <= w else v[:w - 1] + "…"
            parts.append(v.rjust(w) if v.replace(".", "", 1).lstrip("-").isdigit() else v.ljust(w))
        return "  ".join(parts).rstrip()

    out.write(line(cols) + "\n")
    for r in cells:
        out.write(line(r) + "\n")


def cmd_stats(args) -> int:
    _, sessions = _sessions(args)
    data, cols, rows = stats_rows(args, sessions)
    if args.format == "json":
        json.dump(data, sys.stdout, ensure_ascii=False, indent=1, default=str)
        sys.stdout.write("\n")
    elif args.format == "csv":
        from dyads.output import csv_safe

        w = csv.writer(sys.stdout, lineterminator="\n")
        w.writerow(cols)
        w.writerows([csv_safe(v) for v in r] for r in rows)
    else:
        print_table(cols, rows)
    return 0


PRECISION_COLS = ["value", "articles", "judged", "correct", "precision", "ci_low", "ci_high", "events",
                  "mean_confidence", "event_precision", "core", "found", "recall"]


def _pct(x) -> str:
    return "—" if x is None else f"{x:.3f}"


def cmd_precision(args) -> int:
    from dyads.analyse.reviews import precision

    _, sessions = _sessions(args)
    p = precision(sessions, by=args.by, min_confidence=args.min_confidence)
    if args.format == "json":
        json.dump(p.to_dict(), sys.stdout, ensure_ascii=False, indent=1, default=str)
        sys.stdout.write("\n")
        return 0
    rows = [p.overall] + p.rows
    if args.format == "csv":
        w = csv.writer(sys.stdout, lineterminator="\n")
        w.writerow(["by", *PRECISION_COLS])
        for r in rows:
            d = r.to_dict()
            w.writerow([d["by"], *(d[c] for c in PRECISION_COLS)])
        return 0
    c = p.counts
    print(f"Reviews: {c['judged_events']} event(s) judged — {c['correct']} correct, {c['wrong']} wrong, "
          f"{c['corrected']} corrected — and {c['missed_added']} missed event(s) added, by "
          f"{len(c['reviewers'])} reviewer(s) in {c['articles_reviewed']} article(s)")
    if c["error_classes"]:
        print("Wrong or corrected, by class: " + ", ".join(f"{k} {n}" for k, n in c["error_classes"].items()))
    if c["changed_since"] or c["gone"]:
        print(f"Since judged, re-coding changed {c['changed_since']} of these events and no longer finds "
              f"{c['gone']}")
    print(f"Fully judged articles: {c['articles_complete']} of {c['articles_reviewed']}; events with confidence "
          f">= {p.threshold:.2f} scored")
    if c["articles_partial"]:
        print("Not counted yet (events still to judge): " + ", ".join(
            f"{a['id']} ({a['unjudged']})" for a in c["articles_partial"][:10])
              + (" ..." if len(c["articles_partial"]) > 10 else ""))
    if not p.overall.judged and not p.overall.core:
        print("\nNothing to measure yet: judge every event of an article in the web interface "
              "(dyads serve --token T, then open /review).")
        return 0
    print()
    table = []
    for r in rows:
        lo_hi = r.interval
        table.append([r.value, r.n_articles, r.judged,
                      r.correct, _pct(r.precision), "—" if lo_hi is None else f"{lo_hi[0]:.3f}–{lo_hi[1]:.3f}",
                      r.events, _pct(r.mean_confidence), _pct(r.event_precision), r.core, r.found, _pct(r.recall)])
    print_table([args.by or "", "articles", "groups", "right", "precision", "95% CI", "events", "mean conf",
                 "accepted", "core", "found", "recall"], table)
    print("\ngroups: (source, target, CAMEO root) groups of an article's events, each right or wrong as "
          "benchmarks/articles.py scores them;\naccepted: share of the events themselves accepted, to compare "
          "with their mean stated confidence;\nrecall: of the events reviewers accepted, corrected or added, "
          "the share dyads found.")
    return 0


# --- export ---------------------------------------------------------------------------------------------------

def cmd_export(args) -> int:
    from dyads.export import write_gdelt, write_parquet, write_plover

    _, sessions = _sessions(args)
    if args.format == "parquet":
        if args.output:
            n = write_parquet(sessions, args.output)
        elif sys.stdout.isatty():
            print("dyads: error: Parquet is binary; give --output FILE or redirect standard output", file=sys.stderr)
            return 2
        else:
            n = write_parquet(sessions, sys.stdout.buffer)
    else:
        write = write_gdelt if args.format == "gdelt" else write_plover
        if args.output:
            with open(args.output, "w", encoding="utf-8", newline="") as fh:
                n = write(sessions, fh)
        else:
            n = write(sessions, sys.stdout)
    print(f"dyads: exported {n} event cluster(s) as {args.format}", file=sys.stderr)
    return 0
