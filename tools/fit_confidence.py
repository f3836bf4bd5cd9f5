#!/usr/bin/env python3
"""Fit dyads' confidence model on labelled events of whole-article gold, and choose the default threshold.

    .venv/bin/python tools/fit_confidence.py [--c 0.5] [--target 0.85] [--dry-run]

Codes the articles of ../shared/eval/articles/gold.jsonl and benchmarks/data/gold_extra.jsonl (the latter's InSight
Crime and SATP texts from a ConfliBERT copy, see benchmarks/data/README.md), labels every emitted event with the
gold's verdict (dyads/analyse/gold.py: does a gold event of its article accept it, and is it from no forbidden
sentence?), and fits a logistic model (scikit-learn) on the events of the **dev halves only** (within each domain of
each gold file, the even-numbered articles). The held-out halves are never seen here; benchmarks/articles.py reports
them. The default threshold is the lowest one whose cross-validated (5-fold, by article) precision of judged groups on
the dev half reaches --target while keeping --keep of the core recall (else there is no default threshold:
every event is shown).

With a calibration set (--calibration, default benchmarks/data/gold_calib.jsonl when it exists: whole articles
annotated under the same protocol that **no rule was ever grown on**), the model's log-odds get a calibration layer
(Platt scaling: two parameters fit on the calibration set's events), because the dev halves are the articles the
rules were tuned to and a model fit on them alone is overconfident on new ones; the default threshold is then chosen
on the calibration set, calibrated, by the same rule. Writes dyads/data/confidence.json (weights, threshold, and a record of the fit) and
dyads/data/confidence_training.jsonl (the dev-half examples: features and verdict, no text), which `dyads calibrate`
refits from with a user's reviews.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import random
import sys
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "benchmarks"))
sys.path.insert(0, str(REPO))

from articles import (DEFAULT_GOLD, DEFAULT_TEXTS, EXTRA_GOLD, articles_for, conflibert_texts,  # noqa: E402
                      default_conflibert, load_texts)

from dyads import confidence as C  # noqa: E402

CALIBRATION_GOLD = REPO / "benchmarks" / "data" / "gold_calib.jsonl"
from dyads.analyse import gold as G  # noqa: E402


def coded_events(gold, texts) -> dict[str, list[dict]]:
    """Events of every gold article, as coded with no confidence model (the features do not depend on it)."""
    from dyads.pipeline import code_articles

    out = {}
    for item in code_articles(articles_for(gold, texts), workers=2):
        out[item.article.id] = [e.to_dict() for e in item.events]
    return out


def group_precision(gold, events_by_doc, probs, threshold: float) -> tuple[int, int, int]:
    kept = {d: [e for e in es if probs[id(e)] >= threshold] for d, es in events_by_doc.items()}
    t = G.totals(G.score(gold, kept).values())
    return t.correct, t.judged, t.core_found


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--c", type=float, default=None,
                    help="inverse regularisation strength (default: the best of 0.03, 0.1, 0.3, 1 by cross-validated "
                         "log loss)")
    ap.add_argument("--target", type=float, default=0.85, help="precision the default threshold must reach")
    ap.add_argument("--keep", type=float, default=0.8,
                    help="share of the core recall (at no threshold) the default threshold must keep (default 0.8: a "
                         "default that hides events must buy the target precision without losing most right ones; "
                         "with 0.5, 0.85 was chosen on 2026-12-01 and kept only a third of the held-out core recall)")
    ap.add_argument("--calibration", type=Path, default=CALIBRATION_GOLD if CALIBRATION_GOLD.exists() else None,
                    help="gold of articles no rule was grown on, for the calibration layer and the threshold "
                         "(default benchmarks/data/gold_calib.jsonl when present; 'none' for no layer)")
    ap.add_argument("--dry-run", action="store_true", help="print, write nothing")
    args = ap.parse_args()
    if args.calibration is not None and str(args.calibration) == "none":
        args.calibration = None

    golds = []
    texts = load_texts(DEFAULT_TEXTS)
    texts.update(conflibert_texts(default_conflibert()))
    for path in (DEFAULT_GOLD, EXTRA_GOLD):
        part = [g for g in G.load_gold(path) if g["id"] in texts]
        half = G.halves(part)
        golds += [(g, half[g["id"]], path.name) for g in part]
    dev = [g for g, h, _ in golds if h == "dev"]
    print(f"# tools/fit_confidence.py — {dt.date.today()} — {len(dev)} dev articles of {len(golds)}")
    events = coded_events(dev, texts)
    scores = G.score(dev, events)
    examples, by_article, doc_of = [], defaultdict(list), []
    for g in dev:
        for e, ok in scores[g["id"]].event_labels:
            f = C.features(e)
            examples.append((f, ok))
            doc_of.append(g["id"])
            by_article[g["id"]].append((e, f, ok))
    positives = sum(ok for _, ok in examples)
    print(f"# {len(examples)} labelled events, {positives} accepted ({positives / max(1, len(examples)):.3f})")

    # cross-validated probabilities, folds by article, to choose the regularisation and the threshold without
    # scoring on the fit
    ids = sorted(by_article)
    random.Random(1).shuffle(ids)

    def cross_validated(c: float) -> dict[int, float]:
        out: dict[int, float] = {}
        for k in range(5):
            test = set(ids[k::5])
            model = C.fit([(f, ok) for a in ids if a not in test for _, f, ok in by_article[a]], c=c)
            for a in test:
                for e, _, _ in by_article[a]:
                    out[id(e)] = model.probability(e)
        return out

    def log_loss(p: dict[int, float]) -> float:
        return -sum(math.log(max(1e-6, p[id(e)] if ok else 1 - p[id(e)])) for a in ids
                    for e, _, ok in by_article[a]) / max(1, len(examples))

    if args.c is None:
        losses = {c: log_loss(cross_validated(c)) for c in (0.03, 0.1, 0.3, 1.0)}
        args.c = min(losses, key=losses.get)
        print("# cross-validated log loss by regularisation C: " +
              ", ".join(f"{c}: {v:.4f}" for c, v in losses.items()) + f"; C = {args.c}")
    probs = cross_validated(args.c)
    chosen, best = sweep(dev, events, probs, args, "dev half, cross-validated")
    rule = (f"lowest cross-validated threshold with group precision >= {args.target} that keeps at least "
            f"{args.keep:.0%} of the core recall")
    base = C.fit(examples, c=args.c)
    scale, shift, calib_record = 1.0, 0.0, None
    if args.calibration is not None:
        scale, shift, chosen, rule, calib_record = calibrate_on(args, texts, base)
    if chosen is None:
        chosen = 0.0
        where = "the calibration set" if calib_record else "the dev half (cross-validated)"
        rule = (f"no threshold reaches group precision {args.target} on {where} while keeping "
                f"{args.keep:.0%} of the core recall: no default threshold (every event is shown with its confidence; "
                f"the best F0.5 would be {best[1]:.2f})")
        print(f"# {rule}")
    record = {"date": str(dt.date.today()), "command": " ".join(["tools/fit_confidence.py", *sys.argv[1:]]),
              "data": "dev halves of ../shared/eval/articles/gold.jsonl and benchmarks/data/gold_extra.jsonl",
              "articles": len(dev), "events": len(examples), "accepted": positives, "c": args.c,
              "threshold_rule": rule}
    if calib_record:
        record["calibration"] = calib_record
    model = C.Model(base.weights, base.intercept, chosen, record, round(scale, 6), round(shift, 6))
    print(f"# default threshold {chosen:.2f}; intercept {model.intercept:+.2f}; weights:")
    for name, w in sorted(model.weights.items(), key=lambda kv: -abs(kv[1]))[:40]:
        print(f"  {w:+.2f}  {name}")
    if args.dry_run:
        return
    C.MODEL_FILE.write_text(json.dumps(model.to_json(), indent=1, sort_keys=True) + "\n", encoding="utf-8")
    with open(C.TRAINING_FILE, "w", encoding="utf-8") as fh:
        for (f, ok), doc_id in zip(examples, doc_of):
            fh.write(json.dumps({"features": f, "accepted": ok, "doc_id": doc_id}, sort_keys=True) + "\n")
    print(f"# wrote {C.MODEL_FILE} and {C.TRAINING_FILE}")


def sweep(gold, events, probs, args, label: str) -> tuple[float | None, tuple[float, float]]:
    """Print precision and core recall of the judged groups by threshold; return the lowest threshold that reaches
    --target while keeping --keep of the core recall (None when none does) and the best (F0.5, threshold)."""
    print(f"{'threshold':>9} {'judged':>6} {'right':>5} {'precision':>9} {'core found':>10} {'F0.5':>6}  ({label})")
    chosen, best, base_recall = None, (-1.0, 0.0), 0.0
    core = sum(1 for g in gold for e in g["events"] if e.get("core"))
    for step in range(0, 96, 5):
        th = step / 100
        right, judged, found = group_precision(gold, events, probs, th)
        p = right / judged if judged else 0.0
        r = found / core if core else 0.0
        f_half = 1.25 * p * r / (0.25 * p + r) if p + r else 0.0  # F0.5: precision counts twice as much
        print(f"{th:>9.2f} {judged:>6} {right:>5} {p:>9.3f} {found:>10} {f_half:>6.3f}")
        if step == 0:
            base_recall = r
        if chosen is None and judged and p >= args.target and r >= args.keep * base_recall:
            chosen = th
        if f_half > best[0]:
            best = (f_half, th)
    return chosen, best


def calibrate_on(args, texts, base: C.Model):
    """Platt layer over ``base`` and threshold from the calibration gold: (scale, shift, threshold or None, rule,
    record)."""
    gold = G.load_gold(args.calibration)
    calib = [g for g in gold if g["id"] in texts]
    events = coded_events(calib, texts)
    scores = G.score(calib, events)
    labelled = [(e, ok) for g in calib for e, ok in scores[g["id"]].event_labels]
    oks = [ok for _, ok in labelled]
    scale, shift = C.platt([base.log_odds(e) for e, _ in labelled], oks)
    layered = C.Model(base.weights, base.intercept, base.threshold, base.fit, scale, shift)
    probs = {id(e): layered.probability(e) for doc_events in events.values() for e in doc_events}
    print(f"# calibration set {args.calibration.name}: {len(calib)} articles ({len(gold) - len(calib)} without text), "
          f"{len(labelled)} labelled events, {sum(oks)} accepted ({sum(oks) / max(1, len(labelled)):.3f}); "
          f"Platt layer: scale {scale:.3f}, shift {shift:+.3f}")
    print(f"{'decile':>9} {'events':>6} {'predicted':>9} {'observed':>8}  (calibration set, its own fit: 2 parameters)")
    pairs = sorted((probs[id(e)], ok) for e, ok in labelled)
    for k in range(10):
        part = [(p, ok) for p, ok in pairs if k / 10 <= p < (k + 1) / 10 or (k == 9 and p == 1.0)]
        if part:
            print(f"{k / 10:>4.1f}–{(k + 1) / 10:.1f} {len(part):>6} {sum(p for p, _ in part) / len(part):>9.3f} "
                  f"{sum(ok for _, ok in part) / len(part):>8.3f}")
    chosen, _ = sweep(calib, events, probs, args, "calibration set")
    rule = (f"lowest calibrated threshold with group precision >= {args.target} on the calibration set that keeps "
            f"at least {args.keep:.0%} of its core recall")
    record = {"gold": f"benchmarks/data/{args.calibration.name}", "articles": len(calib), "events": len(labelled),
              "accepted": sum(oks), "scale": round(scale, 6), "shift": round(shift, 6)}
    return scale, shift, chosen, rule, record


if __name__ == "__main__":
    main()
