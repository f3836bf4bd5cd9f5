#!/usr/bin/env python3
"""Whole-article precision and core recall: every event dyads emits from an article is judged.

    .venv/bin/python benchmarks/articles.py [--gold FILE --texts FILE ...] [--events EVENTS.jsonl]
                                            [--min-confidence P] [--details wrong,missed] [--only ID,...]

Scores gold in the format of ../shared/eval/articles/README.md, exactly as that README says (the scoring lives in
``dyads/analyse/gold.py``, which ``dyads review export`` gold is scored with too). By default the gold is
../shared/eval/articles/gold.jsonl, with the Guardian texts from ../shared/corpus/guardian_2019.jsonl and the others
from ../shared/eval/articles/texts.jsonl; ``--gold``/``--texts`` score any other gold (a user's exported reviews, the
extra annotations in benchmarks/data/). Without ``--events`` dyads codes the texts itself; with it, the events
(contract JSON lines, any coder's) are scored as given.

Prints, per domain and overall, and for the dev half (within each domain the even-numbered articles by id: rules are
grown and the confidence model fit on them) beside the held-out half (the odd-numbered ones): judged (source, target,
root) groups, precision, core recall, dates right and events from forbidden sentences; at the default confidence
threshold and with none; the share of event sources and targets resolved to a country or organisation; then the
reliability table (predicted against observed precision per confidence decile, per event) and precision/recall by
threshold. ``--details`` lists the wrong groups and the missed core events per
article, and ``--details dates`` the matched core events of the dev half dated outside their gold dates.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import time
from collections import defaultdict
from pathlib import Path

from common import SHARED, machine

from dyads.analyse import gold as G
from dyads.model import Article, parse_date

DEFAULT_GOLD = SHARED / "eval" / "articles" / "gold.jsonl"
DEFAULT_TEXTS = [SHARED / "eval" / "articles" / "texts.jsonl", SHARED / "corpus" / "guardian_2019.jsonl"]
EXTRA_GOLD = Path(__file__).resolve().parent / "data" / "gold_extra.jsonl"
CALIB_GOLD = Path(__file__).resolve().parent / "data" / "gold_calib.jsonl"
CONFLIBERT_FILES = {"ictrain": "data/insightCrime/train.tsv", "satptrain": "data/satp_relevant/train.tsv"}
CONFLIBERT_SOURCES = {"ictrain": "InSight Crime", "satptrain": "South Asia Terrorism Portal"}


def conflibert_texts(root: Path | None) -> dict[str, dict]:
    """The InSight Crime and SATP texts of benchmarks/data/gold_extra.jsonl from a copy of eventdata/ConfliBERT (a
    git directory or a work tree): id ictrainNNNN is line NNNN (0-based) of data/insightCrime/train.tsv."""
    import subprocess

    out: dict[str, dict] = {}
    if root is None:
        return out
    for prefix, rel in CONFLIBERT_FILES.items():
        path = root / rel
        if path.exists():
            lines = path.read_text(encoding="utf-8").split("\n")
        else:
            lines = subprocess.run(["git", "--git-dir", str(root), "show", f"HEAD:{rel}"], capture_output=True,
                                   text=True, check=True).stdout.split("\n")
        for i, line in enumerate(lines):
            if line.strip():
                text = line.split("\t")[0].strip().strip('"').replace('""', '"')
                out[f"{prefix}{i:04d}"] = {"id": f"{prefix}{i:04d}", "text": text, "source": CONFLIBERT_SOURCES[prefix]}
    return out


def default_conflibert() -> Path | None:
    import os

    for candidate in (os.environ.get("DYADS_CONFLIBERT"), "/work/.mirror/eventdata+ConfliBERT/repo"):
        if candidate and Path(candidate).exists():
            return Path(candidate)
    return None


def load_texts(paths) -> dict[str, dict]:
    out = {}
    for path in paths:
        with open(path, encoding="utf-8") as fh:
            for line in fh:
                if line.strip():
                    r = json.loads(line)
                    out[str(r["id"])] = r
    return out


def articles_for(gold, texts) -> list[Article]:
    out = []
    for g in gold:
        r = texts.get(g["id"])
        if r is None:
            sys.exit(f"articles.py: no text for gold article {g['id']!r}; give the file with --texts")
        published = g.get("published") or r.get("published")
        out.append(Article(id=g["id"], text=r["text"], title=r.get("title"), published=parse_date(published),
                           source=r.get("source"), url=r.get("url")))
    return out


def code_all(articles, workers: int) -> dict[str, list[dict]]:
    from dyads.pipeline import code_articles

    out = {}
    for item in code_articles(articles, workers=workers):
        out[item.article.id] = [e.to_dict() for e in item.events]
    return out


def read_events(path) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = defaultdict(list)
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                e = json.loads(line)
                out[e["doc_id"]].append(e)
    return out


def default_threshold() -> float:
    try:
        from dyads.confidence import DEFAULT_THRESHOLD
    except ImportError:  # a dyads without a fitted confidence model: every event
        return 0.0
    return DEFAULT_THRESHOLD


def above(events_by_doc, threshold: float):
    return {d: [e for e in es if e.get("confidence", 1.0) >= threshold] for d, es in events_by_doc.items()}


def table(gold, events_by_doc, half_of, title: str) -> None:
    scores = G.score(gold, events_by_doc)
    rows = defaultdict(list)
    for g in gold:
        s = scores[g["id"]]
        dom, half = G.domain_of(g["id"]), half_of[g["id"]]
        for key in (("all", "all"), ("all", half), (dom, "all"), (dom, half)):
            rows[key].append(s)
    print(f"\n{title}")
    print(f"{'domain':<10} {'half':<9} {'arts':>4} {'judged':>6} {'right':>5} {'precision':>9} {'core':>4} "
          f"{'found':>5} {'recall':>6} {'dates':>9} {'forbidden':>9}")
    domains = sorted({k[0] for k in rows if k[0] != "all"}) + ["all"]
    for dom in domains:
        for half in ("dev", "held-out", "all"):
            if (dom, half) not in rows:
                continue
            t = G.totals(rows[(dom, half)])
            dates = f"{t.dated_right}/{t.dated}" if t.dated else "—"
            print(f"{dom:<10} {half:<9} {t.articles:>4} {t.judged:>6} {t.correct:>5} {t.precision:>9.3f} "
                  f"{t.core:>4} {t.core_found:>5} {t.recall:>6.3f} {dates:>9} {t.forbidden_events:>9}")
    return scores


def resolved(gold, events_by_doc, half_of) -> None:
    """The share of event sources and targets (every event, no threshold) resolved to a country or organisation."""
    counts = defaultdict(int)
    for g in gold:
        dom, half = G.domain_of(g["id"]), half_of[g["id"]]
        for e in events_by_doc.get(g["id"], []):
            for role in ("source", "target"):
                actor = e.get(role)
                if not actor:
                    continue
                for key in ((dom, half), (dom, "all"), ("all", half), ("all", "all")):
                    counts[key + (role, "n")] += 1
                    counts[key + (role, "ok")] += bool(actor.get("country") or actor.get("org"))
    print("\nEvent sources and targets resolved to a country or organisation (every event)")
    print(f"{'domain':<10} {'half':<9} {'share':>6} {'sources':>11} {'targets':>11}")
    for dom in sorted({G.domain_of(g["id"]) for g in gold}) + ["all"]:
        for half in ("dev", "held-out", "all"):
            n = counts[(dom, half, "source", "n")] + counts[(dom, half, "target", "n")]
            if not n:
                continue
            ok = counts[(dom, half, "source", "ok")] + counts[(dom, half, "target", "ok")]
            src = f"{counts[(dom, half, 'source', 'ok')]}/{counts[(dom, half, 'source', 'n')]}"
            tgt = f"{counts[(dom, half, 'target', 'ok')]}/{counts[(dom, half, 'target', 'n')]}"
            print(f"{dom:<10} {half:<9} {ok / n:>6.3f} {src:>11} {tgt:>11}")


def reliability(gold, events_by_doc, half_of) -> None:
    scores = G.score(gold, events_by_doc)
    print("\nReliability: per event, predicted (mean confidence) against observed precision, by confidence decile")
    print(f"{'half':<9} {'decile':<10} {'events':>6} {'predicted':>9} {'observed':>8} {'gap':>6}")
    for half in ("dev", "held-out", "all"):
        labels = [(e.get("confidence", 0.0), ok) for g in gold if half in ("all", half_of[g["id"]])
                  for e, ok in scores[g["id"]].event_labels]
        for lo, hi, n, pred, obs in G.reliability(labels):
            flag = "" if n < 20 else ("  ok" if abs(pred - obs) <= 0.05 else "  off")
            print(f"{half:<9} {lo:.1f}–{hi:.1f}   {n:>6} {pred:>9.3f} {obs:>8.3f} {pred - obs:>+6.3f}{flag}")


def sweep(gold, events_by_doc, half_of) -> None:
    print("\nBy threshold (held-out half / dev half): judged groups, precision, core recall")
    print(f"{'min conf':>8}  {'held-out':>24}  {'dev':>24}")
    for p in [0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9]:
        cells = []
        for half in ("held-out", "dev"):
            part = [g for g in gold if half_of[g["id"]] == half]
            t = G.totals(G.score(part, above(events_by_doc, p)).values())
            cells.append(f"{t.judged:>5} {t.precision:>6.3f} {t.recall:>6.3f}")
        print(f"{p:>8.2f}  {cells[0]:>24}  {cells[1]:>24}")


def details(gold, scores, which: set[str]) -> None:
    for g in gold:
        s = scores[g["id"]]
        wrong = [j for j in s.judged if not j.correct]
        if not (("wrong" in which and wrong) or ("missed" in which and s.missed) or "right" in which):
            continue
        print(f"\n## {g['id']}  judged {len(s.judged)}, right {sum(j.correct for j in s.judged)}, "
              f"core {len(s.core_found)}/{s.core}")
        for j in s.judged if "right" in which else []:
            if j.correct:
                e = j.events[0]
                print(f"  RIGHT {j.key}  {e['cameo']} [{e['trigger']}] conf {e.get('confidence')}")
        for j in wrong if "wrong" in which else []:
            e = j.events[0]
            tag = "FORBID" if j.forbidden else "WRONG"
            src = (e["source"] or {}).get("text")
            tgt = (e.get("target") or {}).get("text")
            print(f"  {tag} {j.key}  {e['cameo']} [{e['trigger']}] {src!r} → {tgt!r} conf {e.get('confidence')}"
                  f"\n        s{e['sentence_index']}: {e['sentence'][:220]}")
        for m in s.missed if "missed" in which else []:
            print(f"  MISSED {m['src']}→{m['tgt']} {m['roots']}  «{m.get('quote', '')}»")


def wrong_dates(gold, events_by_doc, half_of) -> None:
    """Every matched core event with gold dates whose matching events all fall outside them, dev half only (rules
    are grown on the dev half; the held-out half is never listed)."""
    shown = 0
    for g in gold:
        if half_of[g["id"]] != "dev":
            continue
        events = events_by_doc.get(g["id"], [])
        for ge in g.get("events", []):
            if not (ge.get("core") and ge.get("dates")):
                continue
            hits = [e for e in events if G.event_matches(e, ge)]
            if not hits or any(G.date_in(e, ge["dates"]) for e in hits):
                continue
            if not shown:
                print("\nWrong dates (dev half): matched core events none of whose matching events is in range")
            shown += 1
            print(f"\n## {g['id']} published {g.get('published')}  gold {ge['src']}→{ge['tgt']} {ge['roots']} "
                  f"dates {ge['dates'][0]}..{ge['dates'][-1]}  «{ge.get('quote', '')}»")
            for e in hits:
                print(f"  DATE {e.get('date')} ({e.get('date_precision') or e.get('precision')}) {e['cameo']} "
                      f"[{e['trigger']}]\n        s{e['sentence_index']}: {e['sentence'][:260]}")
    if not shown:
        print("\nWrong dates (dev half): none")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--gold", type=Path, action="append", help="gold JSONL (repeatable); default: the shared dev set")
    ap.add_argument("--texts", type=Path, action="append", help="article JSONL with the gold's texts (repeatable)")
    ap.add_argument("--events", type=Path, help="score these events (contract JSON lines) instead of coding")
    ap.add_argument("--extra", action="store_true",
                    help="score benchmarks/data/gold_extra.jsonl (84 more articles; see benchmarks/data/README.md)")
    ap.add_argument("--calib", action="store_true",
                    help="score benchmarks/data/gold_calib.jsonl, the calibration set (articles no rule was grown "
                         "on; the confidence model's calibration layer and default threshold are fit on it)")
    ap.add_argument("--conflibert", type=Path, default=None,
                    help="a copy of eventdata/ConfliBERT, for the extra InSight Crime and SATP texts")
    ap.add_argument("--min-confidence", type=float, default=None,
                    help="the threshold of the first table (default: dyads' own default threshold)")
    ap.add_argument("--details", default="", help="comma list: wrong, missed, right (per article); dates (the matched core events dated "
                         "outside their gold dates, dev half only)")
    ap.add_argument("--only", default="", help="comma list of article ids, or 'dev' / 'held-out'")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--dump", type=Path, help="write the coded events (all of them) to this JSONL file")
    args = ap.parse_args()

    gold_paths = args.gold or ([EXTRA_GOLD] if args.extra else []) + ([CALIB_GOLD] if args.calib else []) \
        or [DEFAULT_GOLD]
    gold = [g for p in gold_paths for g in G.load_gold(p)]
    extra_texts = {}
    if args.extra or args.calib:
        extra_texts = conflibert_texts(args.conflibert or default_conflibert())
        missing = [g["id"] for g in gold if not g["id"].startswith("guardian") and g["id"] not in extra_texts]
        if missing:
            print(f"articles.py: no ConfliBERT copy (--conflibert): scoring the Guardian part only, without "
                  f"{len(missing)} articles", file=sys.stderr)
            gold = [g for g in gold if g["id"] not in missing]
    half_of = G.halves(gold)
    if args.only in ("dev", "held-out"):
        gold = [g for g in gold if half_of[g["id"]] == args.only]
    elif args.only:
        wanted = set(args.only.split(","))
        gold = [g for g in gold if g["id"] in wanted]
    started = time.perf_counter()
    if args.events:
        events_by_doc = read_events(args.events)
        how = f"events from {args.events}"
    else:
        texts = {**load_texts(args.texts or DEFAULT_TEXTS), **extra_texts}
        events_by_doc = code_all(articles_for(gold, texts), args.workers)
        how = "coded by dyads"
    secs = time.perf_counter() - started
    if args.dump:
        with open(args.dump, "w", encoding="utf-8") as fh:
            for doc_events in events_by_doc.values():
                for e in doc_events:
                    fh.write(json.dumps(e, ensure_ascii=False) + "\n")

    threshold = default_threshold() if args.min_confidence is None else args.min_confidence
    print(f"# benchmarks/articles.py — {dt.date.today()} — {machine()}")
    print(f"# command: {' '.join(sys.argv)}")
    print(f"# gold: {', '.join(str(p) for p in gold_paths)}; {len(gold)} articles, {how} in {secs:.0f}s")
    scores = table(gold, above(events_by_doc, threshold), half_of,
                   f"At the default threshold (confidence ≥ {threshold:.2f})")
    table(gold, events_by_doc, half_of, "With no threshold (every event)")
    resolved(gold, events_by_doc, half_of)
    reliability(gold, events_by_doc, half_of)
    sweep(gold, events_by_doc, half_of)
    if args.details:
        which = set(args.details.split(","))
        details(gold, scores, which - {"dates"})
        if "dates" in which:
            wrong_dates(gold, events_by_doc, half_of)


if __name__ == "__main__":
    main()
