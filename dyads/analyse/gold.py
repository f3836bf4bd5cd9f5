"""Score coded events against whole-article gold, exactly as ``../shared/eval/articles/README.md`` defines it.

A gold file has one JSON object per article: ``{"id", "published", "events": [{"src", "tgt", "roots", "core",
"dates"?, "quote", "why"}], "forbid": [[substring, roots or null], ...]}``. Per article, the emitted events are
grouped by (source, target, CAMEO root), an actor being its ``country``, else its ``org``, else its ``code``; each
group is one judged event, correct when some gold event of the article matches one of its events (root in ``roots``,
source matching a ``src`` key, target matching a ``tgt`` key, any target when ``tgt`` is null) and none of its events
comes from a ``forbid`` sentence with a listed root (any root when the list is null). Precision = correct / judged;
core recall = core gold events matched by some emitted event / core gold events; dates = of the matched core events
with ``dates``, the share whose matching event's date lies in the range (the best of its matching events).

The same code scores the built-in benchmark (``benchmarks/articles.py``) and a user's own reviews exported by
``dyads review export``, so the two always agree. It works on event dicts in the contract's JSON form.
"""
from __future__ import annotations

import json
import math
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

Event = dict[str, Any]


def load_gold(path: str | Path) -> list[dict[str, Any]]:
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def domain_of(doc_id: str) -> str:
    """The domain of a gold id: the letters before its number ("guardian-000" → guardian, "ictrain0028" → ictrain)."""
    m = re.match(r"[A-Za-z_]+", doc_id)
    return m.group(0).rstrip("-_").lower() if m else "other"


def halves(gold: list[dict[str, Any]]) -> dict[str, str]:
    """Each article's half: within each domain, articles ordered by id, the even-numbered ones (0, 2, …) are the
    dev half (rules are grown and the confidence model is fit on them) and the odd-numbered ones are held out."""
    by_domain: dict[str, list[str]] = defaultdict(list)
    for g in gold:
        by_domain[domain_of(g["id"])].append(g["id"])
    out = {}
    for ids in by_domain.values():
        for k, doc_id in enumerate(sorted(ids)):
            out[doc_id] = "dev" if k % 2 == 0 else "held-out"
    return out


def actor_key(actor: dict[str, Any] | None) -> str | None:
    if not actor:
        return None
    return actor.get("country") or actor.get("org") or actor.get("code")


def actor_matches(actor: dict[str, Any] | None, keys: list[str] | None) -> bool:
    """Does an emitted actor match one of the gold keys? Its country, org or code (or the code's first three
    letters) equal to a key, or, for keys longer than three letters, the key inside its name or text."""
    if keys is None:
        return True
    if not actor:
        return False
    code = actor.get("code") or ""
    values = {actor.get("country"), actor.get("org"), code, code[:3]}
    values = {str(v).upper() for v in values if v}
    haystack = f"{actor.get('name') or ''} {actor.get('text') or ''}".upper()
    for key in keys:
        k = key.upper()
        if k in values or (len(k) > 3 and k in haystack):
            return True
    return False


def event_matches(event: Event, gold_event: dict[str, Any]) -> bool:
    root = str(event.get("cameo_root") or str(event.get("cameo", ""))[:2])
    if root not in gold_event["roots"]:
        return False
    if not actor_matches(event.get("source"), gold_event["src"]):
        return False
    if gold_event.get("tgt") is None:
        return True
    return actor_matches(event.get("target"), gold_event["tgt"])


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text or "").strip().lower()


def forbidden(event: Event, forbid: list) -> bool:
    """Does the event come from a forbidden sentence, with one of the listed roots (any, when none are listed)?"""
    sentence = _squash(event.get("sentence", ""))
    root = str(event.get("cameo_root") or str(event.get("cameo", ""))[:2])
    for substring, roots in forbid or []:
        if _squash(substring) in sentence and (roots is None or root in roots):
            return True
    return False


def date_in(event: Event, dates: list[str]) -> bool:
    d = event.get("date")
    return bool(d) and dates[0] <= d <= dates[-1]


@dataclass
class Judged:
    """One judged (source, target, root) group of an article."""

    doc_id: str
    key: tuple[str | None, str | None, str]
    events: list[Event]
    correct: bool
    forbidden: bool
    matched: list[int] = field(default_factory=list)  # indexes of the gold events it matches


@dataclass
class ArticleScore:
    doc_id: str
    judged: list[Judged]
    core: int
    core_found: list[int]  # indexes of the core gold events found
    missed: list[dict[str, Any]]
    dated: int = 0
    dated_right: int = 0
    forbidden_events: int = 0
    event_labels: list[tuple[Event, bool]] = field(default_factory=list)  # each event: is it itself right?


def score_article(gold: dict[str, Any], events: list[Event]) -> ArticleScore:
    gold_events = gold.get("events", [])
    forbid = gold.get("forbid", [])
    groups: dict[tuple, list[Event]] = defaultdict(list)
    for e in events:
        key = (actor_key(e.get("source")), actor_key(e.get("target")),
               str(e.get("cameo_root") or str(e.get("cameo", ""))[:2]))
        groups[key].append(e)
    judged = []
    labels = []
    for key, members in groups.items():
        bad = any(forbidden(e, forbid) for e in members)
        matched = sorted({i for e in members for i, g in enumerate(gold_events) if event_matches(e, g)})
        judged.append(Judged(gold["id"], key, members, bool(matched) and not bad, bad, matched))
        for e in members:
            labels.append((e, not bad and any(event_matches(e, g) for g in gold_events)))
    core_idx = [i for i, g in enumerate(gold_events) if g.get("core")]
    found, dated, dated_right = [], 0, 0
    for i in core_idx:
        hits = [e for e in events if event_matches(e, gold_events[i])]
        if not hits:
            continue
        found.append(i)
        if gold_events[i].get("dates"):
            dated += 1
            dated_right += any(date_in(e, gold_events[i]["dates"]) for e in hits)
    missed = [gold_events[i] for i in core_idx if i not in found]
    return ArticleScore(gold["id"], judged, len(core_idx), found, missed, dated, dated_right,
                        sum(1 for e in events if forbidden(e, forbid)), labels)


@dataclass
class Totals:
    articles: int = 0
    judged: int = 0
    correct: int = 0
    core: int = 0
    core_found: int = 0
    dated: int = 0
    dated_right: int = 0
    forbidden_events: int = 0
    events: int = 0

    def add(self, s: ArticleScore) -> None:
        self.articles += 1
        self.judged += len(s.judged)
        self.correct += sum(j.correct for j in s.judged)
        self.core += s.core
        self.core_found += len(s.core_found)
        self.dated += s.dated
        self.dated_right += s.dated_right
        self.forbidden_events += s.forbidden_events
        self.events += sum(len(j.events) for j in s.judged)

    @property
    def precision(self) -> float:
        return self.correct / self.judged if self.judged else 0.0

    @property
    def recall(self) -> float:
        return self.core_found / self.core if self.core else 0.0

    @property
    def date_accuracy(self) -> float:
        return self.dated_right / self.dated if self.dated else 0.0


def score(gold: list[dict[str, Any]], events_by_doc: dict[str, list[Event]]) -> dict[str, ArticleScore]:
    return {g["id"]: score_article(g, events_by_doc.get(g["id"], [])) for g in gold}


def totals(scores: Iterable[ArticleScore]) -> Totals:
    t = Totals()
    for s in scores:
        t.add(s)
    return t


def wilson(successes: int, n: int, z: float = 1.96) -> tuple[float, float]:
    """The 95% Wilson score interval of a proportion."""
    if n == 0:
        return 0.0, 1.0
    p = successes / n
    denom = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
    return max(0.0, centre - half), min(1.0, centre + half)


def reliability(labels: list[tuple[float, bool]], bins: int = 10) -> list[tuple[float, float, int, float, float]]:
    """Predicted against observed precision per confidence decile: (low, high, n, mean confidence, share right)."""
    out = []
    for b in range(bins):
        lo, hi = b / bins, (b + 1) / bins
        members = [(c, ok) for c, ok in labels if lo <= c < hi or (b == bins - 1 and c == 1.0)]
        if members:
            out.append((lo, hi, len(members), sum(c for c, _ in members) / len(members),
                        sum(ok for _, ok in members) / len(members)))
    return out
