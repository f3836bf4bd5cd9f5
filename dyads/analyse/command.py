"""The review subcommands: `dyads review export`, `dyads review suggest` and `dyads calibrate`.

``add_parsers(subparsers)`` adds them to the main parser; each sets ``func`` (parsed arguments → exit status).
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from dyads.cli import confidence_value

DB_HELP = "database URL (default sqlite:///dyads.db; postgresql://user:pw@host/db works too)"
FMT = argparse.RawDescriptionHelpFormatter


def _sessions(args):
    from dyads.store import DEFAULT_URL, connect

    url = args.db or DEFAULT_URL
    return url, connect(url)[1]


def add_parsers(sub) -> None:
    review = sub.add_parser(
        "review", help="reviewers' judgments as gold, and dictionary suggestions from their corrections",
        description="Reviewers judge events in the web interface (dyads serve --token T, then /review). These "
                    "commands turn their judgments into gold for benchmarks and into dictionary suggestions.")
    rsub = review.add_subparsers(dest="review_command", metavar="ACTION", required=True)

    p = rsub.add_parser(
        "export", formatter_class=FMT, help="write the judgments as whole-article gold (JSONL)",
        description="Write the fully judged articles' gold in the format of the whole-article benchmark "
                    "(../shared/eval/articles/README.md): events judged correct, corrected events and added "
                    "(missed) events as gold events; negated or hypothetical events and page furniture as forbidden "
                    "sentences. An article counts once every stored event of it (at or above --min-confidence) "
                    "is judged. benchmarks/articles.py scores any coder on it, with the numbers "
                    "`dyads stats precision` shows for dyads.",
        epilog="example:\n"
               "  dyads review export --db sqlite:///news.db -o gold.jsonl --texts texts.jsonl --events events.jsonl\n"
               "  .venv/bin/python benchmarks/articles.py --gold gold.jsonl --texts texts.jsonl --events events.jsonl")
    p.add_argument("--db", default=None, metavar="URL", help=DB_HELP)
    p.add_argument("-o", "--output", metavar="FILE", help="write the gold here (default: standard output)")
    p.add_argument("--texts", metavar="FILE", help="also write the exported articles (JSONL article format)")
    p.add_argument("--events", metavar="FILE",
                   help="also write every stored event of the exported articles (contract JSON lines)")
    p.add_argument("--min-confidence", type=confidence_value, default=None, metavar="P",
                   help="an article counts when its events with confidence >= P are all judged (default: dyads' "
                        "default threshold)")
    p.set_defaults(func=cmd_export)

    p = rsub.add_parser(
        "suggest", formatter_class=FMT, help="dictionary entries suggested by reviewers' corrections",
        description="Names reviewers typed for corrected or added actors that no dictionary covers (an actor file) "
                    "and trigger words whose CAMEO code reviewers corrected at least --min-count times (a verb "
                    "file), each with the reviews that ask for it as comments. Nothing is applied: read and edit "
                    "the files, then pass them to --actors / --verbs.",
        epilog="example:\n  dyads review suggest --db sqlite:///news.db --out suggested.yaml\n"
               "  (writes suggested.yaml and suggested.verbs.yaml)")
    p.add_argument("--db", default=None, metavar="URL", help=DB_HELP)
    p.add_argument("--out", metavar="FILE",
                   help="write the actor suggestions here and the verb suggestions beside it (FILE's stem + "
                        ".verbs.yaml); default: print both")
    p.add_argument("--actors", action="append", default=[], metavar="FILE",
                   help="a user actor dictionary whose names count as covered; may be repeated")
    p.add_argument("--min-count", type=int, default=2, metavar="N",
                   help="code corrections of one trigger word needed to suggest its code (default 2)")
    p.set_defaults(func=cmd_suggest)

    p = sub.add_parser(
        "calibrate", formatter_class=FMT, help="refit the confidence model from reviewers' judgments",
        description="Refit the confidence model (a logistic regression) from the built-in labels plus the "
                    "database's judged events, write it beside the database (news.db → news.confidence.json; the "
                    "built-in model stays the default) and print the calibration table before (the confidence "
                    "the events were stored with) and after (the refit model, cross-validated by article).",
        epilog="example:\n  dyads calibrate --db sqlite:///news.db")
    p.add_argument("--db", default=None, metavar="URL", help=DB_HELP)
    p.add_argument("--out", metavar="FILE", help="where to write the model (needed for PostgreSQL)")
    p.add_argument("--folds", type=int, default=5, metavar="K", help="cross-validation folds (default 5)")
    p.add_argument("--dry-run", action="store_true", help="print the tables, write nothing")
    p.add_argument("--format", choices=("table", "json"), default="table")
    p.set_defaults(func=cmd_calibrate)


# --- review export ----------------------------------------------------------------------------------------------

def cmd_export(args) -> int:
    from dyads.analyse.reviews import export, write_jsonl

    _, sessions = _sessions(args)
    ex = export(sessions, args.min_confidence)
    if args.output:
        with open(args.output, "w", encoding="utf-8") as fh:
            write_jsonl(ex.gold, fh)
    else:
        write_jsonl(ex.gold, sys.stdout)
    for path, records in ((args.texts, ex.texts), (args.events, ex.events)):
        if path:
            with open(path, "w", encoding="utf-8") as fh:
                write_jsonl(records(), fh)
    n_events = sum(len(g["events"]) for g in ex.gold)
    print(f"dyads: exported the gold of {len(ex.gold)} fully judged article(s) ({n_events} gold event(s), "
          f"{sum(len(g['forbid']) for g in ex.gold)} forbidden sentence(s))", file=sys.stderr)
    if ex.partial:
        print(f"dyads: {len(ex.partial)} article(s) with judgments left out until all their events are judged: "
              + ", ".join(f"{ra.id} ({n} to judge)" for ra, n in ex.partial[:8])
              + (" ..." if len(ex.partial) > 8 else ""), file=sys.stderr)
    return 0


# --- review suggest ---------------------------------------------------------------------------------------------

def cmd_suggest(args) -> int:
    from dyads.analyse.suggest import suggestions

    url, sessions = _sessions(args)
    s = suggestions(sessions, args.actors, args.min_count)
    if s.is_empty():
        print("dyads: no suggestions: no corrected or added actor carries a phrase no dictionary covers, and no "
              f"trigger word had its code corrected {args.min_count} times or more", file=sys.stderr)
        return 0
    source = f"from the reviews in {url}"
    if args.out:
        out = Path(args.out)
        verbs_out = out.with_name(out.stem + ".verbs.yaml")
        out.write_text(s.actor_yaml(source), encoding="utf-8")
        verbs_out.write_text(s.verb_yaml(source), encoding="utf-8")
        print(f"dyads: wrote {out} ({len(s.names)} name(s)) and {verbs_out} ({len(s.verbs)} trigger word(s)); "
              "read and edit them, then use --actors / --verbs", file=sys.stderr)
    else:
        sys.stdout.write(s.actor_yaml(source))
        sys.stdout.write("\n---\n")
        sys.stdout.write(s.verb_yaml(source))
    return 0


# --- calibrate ------------------------------------------------------------------------------------------------

def _calibration_lines(title: str, c) -> list[str]:
    lines = [title, f"  {'confidence':<10} {'events':>6} {'predicted':>9} {'observed':>8} {'gap':>7}"]
    for lo, hi, n, pred, obs in c.rows:
        lines.append(f"  {lo:.1f}–{hi:.1f}    {n:>6} {pred:>9.3f} {obs:>8.3f} {pred - obs:>+7.3f}")
    lines.append(f"  {c.n} events; Brier {c.brier:.4f}, log loss {c.log_loss:.4f}, expected calibration error "
                 f"{c.ece:.4f}")
    return lines


def cmd_calibrate(args) -> int:
    from dyads.calibrate import CalibrationError, run

    url, sessions = _sessions(args)
    try:
        rep = run(url, sessions, out=args.out, folds=args.folds, write=not args.dry_run)
    except CalibrationError as exc:
        print(f"dyads: cannot calibrate: {exc}", file=sys.stderr)
        return 1
    if args.format == "json":
        json.dump(rep.to_dict(), sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
    else:
        print(f"Labels: {rep.reviews} judged event(s) in {rep.articles} article(s) of {url}, "
              f"{rep.builtin} built-in")
        print("\n".join(_calibration_lines("\nBefore: the confidence the events were stored with", rep.before)))
        print("\n".join(_calibration_lines("\nAfter: the refit model, cross-validated by article (each article's "
                                           "events predicted by a model fit without them)", rep.after)))
        if rep.builtin:
            print("\n".join(_calibration_lines("\nAfter, on every label (built-in ones too)", rep.after_all)))
        print("\nRefit model: " + ", ".join(f"{n} {c:+.3f}" for n, c in zip(rep.model.features,
                                                                           rep.model.coefficients))
              + f", intercept {rep.model.intercept:+.3f}")
    if rep.path is not None:
        print(f"dyads: wrote the refit confidence model to {rep.path} (the built-in model stays the default)",
              file=sys.stderr)
    return 0
