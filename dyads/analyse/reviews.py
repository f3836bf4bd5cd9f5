"""Reviewers' judgments as gold, and dyads' precision measured on the user's own corpus.

Every judgment says something true about its article that does not depend on the coder: "this event is right"
(the act, its source, target and code are as coded), "the right event here is X" (a correction), "dyads missed X"
(an added event), or "nothing may be coded from this sentence" (negated or hypothetical acts, page furniture). Turned
into gold in the format of ``../shared/eval/articles/README.md`` they score any coder's events with
:mod:`dyads.analyse.gold`, the scorer ``benchmarks/articles.py`` uses, so ``dyads stats precision`` and
``benchmarks/articles.py --gold <dyads review export>`` give the same numbers.

The gold of an article:
- each event judged correct gives a gold event (its source, target and CAMEO root; ``core``: it counts for recall);
- each event judged wrong with a correction gives the corrected event (the judged event with the corrected source,
  target and/or code);
- each added (missed) event gives a gold event;
- an event judged wrong as "negated or hypothetical" forbids its root in its sentence, one judged "furniture"
  forbids every root there (``forbid``), unless another judgment holds an event of that sentence with that root;
- other wrong events (not an event, duplicate, wrong actors or code without a correction) give nothing: an event
  that matches no gold event is wrong.
An actor's key is its country, else its organisation, else its code, as the README's scorer groups actors.

Whole-article precision judges every event of an article, so only **fully judged** articles count: those where
every stored event (at or above the confidence threshold) has a judgment that settles it. An event whose judgment
was of an earlier coding of the same act ("changed", after ``dyads recode``) stays settled when the judgment fixes
the act's truth (correct, corrected, not an event, negated, furniture, duplicate), and needs a new look when it only
said "wrong source/target/code" without the right one. The latest judgment of an event decides.
"""
from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, Literal

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from dyads.analyse import gold as G
from dyads.store.ingest import row_to_event_dict
from dyads.store.models import ArticleRow, EventRow, ReviewRow

By = Literal["code", "root", "outlet", "source", "reviewer"]
BY_CHOICES = ("code", "root", "outlet", "source", "reviewer")
OPEN_CLASSES = {None, "wrong_source", "wrong_target", "wrong_code"}  # classes that leave the act's truth open


def default_threshold() -> float:
    """The confidence threshold dyads applies by default (as ``benchmarks/articles.py`` reads it)."""
    try:
        from dyads.confidence import DEFAULT_THRESHOLD
    except ImportError:  # no fitted confidence model yet: every event
        return 0.0
    return float(DEFAULT_THRESHOLD)


# --- what a judgment says ------------------------------------------------------------------------------------------

def truth(r: ReviewRow) -> tuple[dict, dict | None, str] | None:
    """The event a review says the article holds: (source, target or None, CAMEO code), or None when it says
    only that the judged event is wrong."""
    if r.kind == "missed":
        return r.source, r.target, r.cameo
    if r.verdict == "correct":
        return r.source, r.target, r.cameo
    corr = r.correction or {}
    if not corr:
        return None
    return (corr.get("source") or r.source, corr["target"] if "target" in corr else r.target,
            corr.get("cameo") or r.cameo)


def settles(r: ReviewRow | None) -> bool:
    """Does the latest judgment of an event decide whether the event as now coded is right?"""
    if r is None or r.event_status == "gone":
        return False
    if r.event_status == "same":
        return True
    return r.verdict == "correct" or bool(r.correction) or r.error_class not in OPEN_CLASSES


def gold_event(src: dict, tgt: dict | None, cameo: str, quote: str, why: str) -> dict[str, Any]:
    return {"src": [G.actor_key(src)], "tgt": [G.actor_key(tgt)] if tgt else None, "roots": [cameo[:2]],
            "core": True, "quote": quote, "why": why}


def accepted(event: dict, r: ReviewRow) -> bool:
    """Does judgment ``r`` accept ``event`` (its source, target and CAMEO root, as the confidence is defined)?
    A correction that keeps the actors' keys and the root (USAGOV → USAMIL, 190 → 193) still accepts it."""
    t = truth(r)
    if t is None:
        return False
    return G.event_matches(event, gold_event(*t, quote="", why=""))


def _quote(sentence: str | None, limit: int = 120) -> str:
    s = " ".join((sentence or "").split())
    return s if len(s) <= limit else s[:limit].rsplit(" ", 1)[0]


def _why(r: ReviewRow) -> str:
    t = truth(r)
    what = f"{(t[0] or {}).get('code')}→{(t[1] or {}).get('code') if t[1] else '—'} {t[2]}" if t else ""
    how = {"missed": "added (missed by dyads)", "correct": "judged correct"}.get(
        r.verdict, f"corrected ({r.error_class or 'wrong'})")
    return f"review {r.id} by {r.reviewer}: {how}: {what}"


# --- articles with their events and judgments ------------------------------------------------------------------------

@dataclass
class ReviewedArticle:
    article: dict  # id, title, text, published, outlet, url
    events: list[dict]  # every stored event, contract dicts
    latest: dict[str, ReviewRow]  # event id → its latest attached judgment
    gone: list[ReviewRow]  # judgments of acts the coder no longer finds (latest per judged event)
    missed: list[ReviewRow]

    @property
    def id(self) -> str:
        return self.article["id"]

    def unsettled(self, threshold: float) -> list[dict]:
        """The stored events (at or above ``threshold``) no judgment settles yet."""
        return [e for e in self.events if e["confidence"] >= threshold and not settles(self.latest.get(e["id"]))]

    def judgments(self) -> list[ReviewRow]:
        """The judgments that make up the gold: the latest of each current event, then those of gone acts."""
        return [self.latest[e["id"]] for e in self.events if e["id"] in self.latest] + self.gone

    def gold(self) -> tuple[dict[str, Any], list[dict]]:
        """The article's gold record, and for each of its gold events who made it and with which code."""
        events, meta, forbid = [], [], []
        truths: list[tuple[str, str]] = []  # (squashed sentence, root) of every gold event
        for r in [*self.judgments(), *self.missed]:
            t = truth(r)
            if t is not None:
                events.append(gold_event(*t, quote=_quote(r.sentence), why=_why(r)))
                meta.append({"code": t[2], "reviewer": r.reviewer, "review_id": r.id})
                truths.append((G._squash(r.sentence or ""), t[2][:2]))
        for r in self.judgments():
            if r.verdict != "wrong" or r.error_class not in ("negated", "furniture") or not r.sentence:
                continue
            roots = [r.cameo[:2]] if r.error_class == "negated" else None
            s = G._squash(r.sentence)
            clash = any(s in sentence and (roots is None or root in roots) for sentence, root in truths)
            entry = [" ".join(r.sentence.split()), roots]
            if not clash and entry not in forbid:
                forbid.append(entry)
        record = {"id": self.id, "published": self.article["published"], "events": events, "forbid": forbid}
        return record, meta


def _event_dicts(s: Session, article_ids: list[str]) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = defaultdict(list)
    for i in range(0, len(article_ids), 500):
        q = (select(EventRow, ArticleRow.published, ArticleRow.outlet, ArticleRow.url)
             .join(ArticleRow, EventRow.article_id == ArticleRow.id)
             .where(EventRow.article_id.in_(article_ids[i:i + 500]))
             .order_by(EventRow.article_id, EventRow.sentence_index, EventRow.trigger_start, EventRow.id))
        for row, published, outlet, url in s.execute(q):
            d = row_to_event_dict(row)
            d.update(published=published.isoformat() if published else None, outlet=outlet, url=url,
                     features=row.features)
            out[row.article_id].append(d)
    return out


def reviewed_articles(sessions: sessionmaker | Session) -> list[ReviewedArticle]:
    """Every article with at least one review, with all its stored events and its reviews, in id order."""
    def load(s: Session) -> list[ReviewedArticle]:
        reviews = s.scalars(select(ReviewRow).order_by(ReviewRow.updated_at, ReviewRow.id)).all()
        by_article: dict[str, list[ReviewRow]] = defaultdict(list)
        for r in reviews:
            by_article[r.article_id].append(r)
        ids = sorted(by_article)
        events = _event_dicts(s, ids)
        out = []
        for i in range(0, len(ids), 500):
            for a in s.scalars(select(ArticleRow).where(ArticleRow.id.in_(ids[i:i + 500])).order_by(ArticleRow.id)):
                latest: dict[str, ReviewRow] = {}
                gone: dict[str, ReviewRow] = {}
                missed = []
                for r in by_article[a.id]:  # oldest first: later ones win
                    if r.kind == "missed":
                        missed.append(r)
                    elif r.event_status == "gone":
                        gone[r.event_id] = r
                    else:
                        latest[r.event_id] = r
                        gone.pop(r.event_id, None)
                out.append(ReviewedArticle(
                    {"id": a.id, "title": a.title, "text": a.text,
                     "published": a.published.isoformat() if a.published else None, "outlet": a.outlet,
                     "url": a.url}, events.get(a.id, []), latest, list(gone.values()), missed))
        return out

    if isinstance(sessions, Session):
        return load(sessions)
    with sessions() as s:
        return load(s)


@dataclass
class Export:
    """What ``dyads review export`` writes: the gold of the fully judged articles, their texts and events."""

    threshold: float
    gold: list[dict[str, Any]]
    meta: dict[str, list[dict]]  # article id → per gold event: code, reviewer, review id
    articles: list[ReviewedArticle]  # the fully judged ones
    partial: list[tuple[ReviewedArticle, int]]  # articles with reviews but unsettled events (how many)

    def texts(self) -> Iterator[dict]:
        """The articles in the contract's JSONL article format."""
        for ra in self.articles:
            a = ra.article
            yield {k: v for k, v in {"id": a["id"], "title": a["title"], "text": a["text"],
                                     "published": a["published"], "source": a["outlet"], "url": a["url"]}.items()
                   if v is not None}

    def events(self) -> Iterator[dict]:
        """Every stored event of those articles (any confidence), contract JSON."""
        for ra in self.articles:
            for e in ra.events:
                yield {k: v for k, v in e.items() if k != "features"}


def export(sessions: sessionmaker | Session, min_confidence: float | None = None) -> Export:
    """The gold of every fully judged article (at ``min_confidence``, default dyads' default threshold)."""
    threshold = default_threshold() if min_confidence is None else min_confidence
    return _export_of(reviewed_articles(sessions), threshold)


def write_jsonl(records: Iterable[dict], fh) -> int:
    n = 0
    for r in records:
        fh.write(json.dumps(r, ensure_ascii=False) + "\n")
        n += 1
    return n


# --- precision ------------------------------------------------------------------------------------------------

@dataclass
class Row:
    """One line of the precision table: whole-article precision of (source, target, root) groups, per-event
    acceptance against the stated confidence, and core recall."""

    by: str
    value: str
    articles: int = 0
    judged: int = 0  # (source, target, root) groups, as benchmarks/articles.py counts them
    correct: int = 0
    events: int = 0
    events_right: int = 0
    confidence_sum: float = 0.0
    core: int = 0
    found: int = 0
    _articles: set = field(default_factory=set, repr=False)

    @property
    def n_articles(self) -> int:
        return len(self._articles) or self.articles

    @property
    def precision(self) -> float | None:
        return self.correct / self.judged if self.judged else None

    @property
    def interval(self) -> tuple[float, float] | None:
        return G.wilson(self.correct, self.judged) if self.judged else None

    @property
    def mean_confidence(self) -> float | None:
        return self.confidence_sum / self.events if self.events else None

    @property
    def event_precision(self) -> float | None:
        return self.events_right / self.events if self.events else None

    @property
    def recall(self) -> float | None:
        return self.found / self.core if self.core else None

    def to_dict(self) -> dict[str, Any]:
        lo, hi = self.interval or (None, None)
        r3 = (lambda x: None if x is None else round(x, 4))
        return {"by": self.by, "value": self.value, "articles": self.n_articles,
                "judged": self.judged, "correct": self.correct, "precision": r3(self.precision),
                "ci_low": r3(lo), "ci_high": r3(hi), "events": self.events, "events_right": self.events_right,
                "event_precision": r3(self.event_precision), "mean_confidence": r3(self.mean_confidence),
                "core": self.core, "found": self.found, "recall": r3(self.recall)}


@dataclass
class Precision:
    threshold: float
    overall: Row
    rows: list[Row]  # by the chosen breakdown (empty without one)
    by: str | None
    counts: dict[str, Any]  # what reviewers did: judged events by verdict and class, added events, articles

    def to_dict(self) -> dict[str, Any]:
        return {"min_confidence": self.threshold, "by": self.by, "overall": self.overall.to_dict(),
                "rows": [r.to_dict() for r in self.rows], "reviews": self.counts}


def review_counts(articles: list[ReviewedArticle], ex: Export) -> dict[str, Any]:
    judged = [r for ra in articles for r in ra.judgments()]
    classes = Counter(r.error_class or "unspecified" for r in judged if r.verdict == "wrong")
    return {
        "judged_events": len(judged),
        "correct": sum(r.verdict == "correct" for r in judged),
        "wrong": sum(r.verdict == "wrong" and not r.correction for r in judged),
        "corrected": sum(r.verdict == "wrong" and bool(r.correction) for r in judged),
        "missed_added": sum(len(ra.missed) for ra in articles),
        "error_classes": dict(sorted(classes.items())),
        "changed_since": sum(r.event_status == "changed" for r in judged),
        "gone": sum(r.event_status == "gone" for r in judged),
        "reviewers": sorted({r.reviewer for ra in articles for r in [*ra.judgments(), *ra.missed]}),
        "articles_reviewed": len(articles),
        "articles_complete": len(ex.articles),
        "articles_partial": [{"id": ra.id, "title": ra.article["title"], "unjudged": n} for ra, n in ex.partial],
    }


def _group_value(by: str, j: G.Judged, outlet: str | None, reviewers: dict[str, str]) -> str:
    first = j.events[0]
    if by == "root":
        return j.key[2]
    if by == "source":
        return j.key[0] or "—"
    if by == "code":
        return first["cameo"]
    if by == "outlet":
        return outlet or "(no outlet)"
    return next((reviewers[e["id"]] for e in j.events if e["id"] in reviewers), "—")


def _event_value(by: str, e: dict, outlet: str | None, reviewers: dict[str, str]) -> str:
    if by == "root":
        return e["cameo_root"]
    if by == "source":
        return G.actor_key(e["source"]) or "—"
    if by == "code":
        return e["cameo"]
    if by == "outlet":
        return outlet or "(no outlet)"
    return reviewers.get(e["id"], "—")


def _gold_value(by: str, g: dict, m: dict, outlet: str | None) -> str:
    if by == "root":
        return g["roots"][0]
    if by == "source":
        return g["src"][0] or "—"
    if by == "code":
        return m["code"]
    if by == "outlet":
        return outlet or "(no outlet)"
    return m["reviewer"]


def precision(sessions: sessionmaker | Session, by: str | None = None,
              min_confidence: float | None = None) -> Precision:
    """Measured precision and recall of the stored events on the fully judged articles, scored by
    :mod:`dyads.analyse.gold` exactly as ``benchmarks/articles.py`` scores the exported gold; ``by`` breaks it
    down by code, root, outlet, source or reviewer."""
    if by is not None and by not in BY_CHOICES:
        raise ValueError(f"--by must be one of {', '.join(BY_CHOICES)}")
    articles = reviewed_articles(sessions)
    threshold = default_threshold() if min_confidence is None else min_confidence
    ex = _export_of(articles, threshold)
    events_by_doc = {ra.id: [e for e in ra.events if e["confidence"] >= threshold] for ra in ex.articles}
    scores = G.score(ex.gold, events_by_doc)
    records = {g["id"]: g for g in ex.gold}
    overall = Row("all", "all")
    rows: dict[str, Row] = {}

    def row(value: str) -> Row:
        return rows.setdefault(value, Row(by or "all", value))

    for ra in ex.articles:
        s = scores[ra.id]
        outlet = ra.article["outlet"]
        reviewers = {eid: r.reviewer for eid, r in ra.latest.items()}
        for j in s.judged:
            for r in [overall] + ([row(_group_value(by, j, outlet, reviewers))] if by else []):
                r.judged += 1
                r.correct += j.correct
                r._articles.add(ra.id)
        for e, ok in s.event_labels:
            for r in [overall] + ([row(_event_value(by, e, outlet, reviewers))] if by else []):
                r.events += 1
                r.events_right += ok
                r.confidence_sum += e["confidence"]
        for i, (g, m) in enumerate(zip(records[ra.id]["events"], ex.meta[ra.id])):
            if not g.get("core"):
                continue
            found = i in s.core_found
            for r in [overall] + ([row(_gold_value(by, g, m, outlet))] if by else []):
                r.core += 1
                r.found += found
                r._articles.add(ra.id)
        overall._articles.add(ra.id)
    ordered = sorted(rows.values(), key=lambda r: (-r.judged, -r.core, r.value))
    return Precision(threshold, overall, ordered, by, review_counts(articles, ex))


def _export_of(articles: list[ReviewedArticle], threshold: float) -> Export:
    done, partial, gold, meta = [], [], [], {}
    for ra in articles:
        open_events = ra.unsettled(threshold)
        if open_events:
            partial.append((ra, len(open_events)))
            continue
        record, m = ra.gold()
        done.append(ra)
        gold.append(record)
        meta[ra.id] = m
    return Export(threshold, gold, meta, done, partial)
