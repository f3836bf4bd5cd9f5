"""Store coded articles: idempotent (an article already stored with the same content is skipped before it is even
parsed), committed in batches so an interrupted run leaves whole articles only. Each batch also records its actors
and puts its events into event clusters (one real-world event, many reports), in the same transaction.

Nothing blocks a run and nothing is lost: each batch is written under the database's write lock
(:func:`dyads.store.db.writing`) and checks again, under it, what is stored — two ingests of one input at once
store each article once, the second finding it "unchanged". A batch the database refuses (a value it cannot hold)
is stored again article by article, and only the article at fault is skipped, reported with its name and the
reason; an article the pipeline could not code (``CodedArticle.problem``) is reported the same way, never stored.
An article stored under the id scheme before migration 0003 (a file's name alone) is replaced by the same file's
article under its new id (its path below the directory given).
"""
from __future__ import annotations

import datetime as dt
import hashlib
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.exc import InterfaceError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from dyads.model import Article, Event
from dyads.pipeline import CodedArticle
from dyads.store.db import DatabaseError, describe_error, writing
from dyads.store.models import ArticleRow, EventRow
from dyads.store.reviews import ReattachReport, reattach

if TYPE_CHECKING:
    from dyads.analyse.cluster import Options


def content_hash(a: Article) -> str:
    h = hashlib.sha256()
    for part in (a.title or "", a.text, a.published.isoformat() if a.published else "", a.source or "", a.url or ""):
        h.update(part.encode("utf-8", "surrogatepass"))
        h.update(b"\x00")
    return h.hexdigest()


@dataclass
class IngestReport:
    stored: int = 0  # articles added or replaced
    unchanged: int = 0  # already stored with the same content
    events: int = 0
    updated_ids: list[str] = field(default_factory=list)
    clusters: int = 0  # event clusters created or changed
    reviews: ReattachReport = field(default_factory=ReattachReport)  # judgments of replaced articles
    skipped: int = 0  # articles not stored, each reported to on_problem with the reason

    def add(self, other: "IngestReport") -> None:
        self.stored += other.stored
        self.unchanged += other.unchanged
        self.events += other.events
        self.updated_ids.extend(other.updated_ids)
        self.clusters += other.clusters
        self.skipped += other.skipped
        self.reviews.add(other.reviews)


ProblemHandler = Callable[[Article, str], None]


def _report_to_stderr(article: Article, reason: str) -> None:
    print(f"dyads: skipped {article.origin or article.id}: {reason}", file=sys.stderr)


def legacy_id(a: Article) -> str | None:
    """The id a file read from a directory had before migration 0003 (its name alone), when that differs from its
    id now (its path below the directory given); None for other articles (JSONL ids, files given directly)."""
    origin = a.origin or ""
    if "/" not in a.id or not (origin == a.id or origin.endswith("/" + a.id)):
        return None
    return a.id.rsplit("/", 1)[1]


def select_new(articles: Iterable[Article], sessions: sessionmaker, report: IngestReport,
               batch: int = 200) -> Iterator[Article]:
    """Pass on only articles whose content is not stored yet (looked up in batches, not one query each)."""
    pending: list[tuple[Article, str]] = []

    def flush() -> Iterator[Article]:
        ids = [a.id for a, _ in pending]
        with sessions() as s:
            known = dict(s.execute(select(ArticleRow.id, ArticleRow.content_hash)
                                   .where(ArticleRow.id.in_(ids))).all())
        for a, h in pending:
            if known.get(a.id) == h:
                report.unchanged += 1
            else:
                yield a
        pending.clear()

    seen: set[tuple[str, str]] = set()
    for a in articles:
        h = content_hash(a)
        if (a.id, h) in seen:  # the same article twice in one run
            report.unchanged += 1
            continue
        seen.add((a.id, h))
        pending.append((a, h))
        if len(pending) >= batch:
            yield from flush()
    if pending:
        yield from flush()


def event_row(e: Event) -> EventRow:
    return EventRow(
        id=e.id, article_id=e.doc_id, sentence_index=e.sentence_index, sentence=e.sentence, trigger=e.trigger,
        trigger_start=e.trigger_start, trigger_end=e.trigger_end,
        date=dt.date.fromisoformat(e.date) if e.date else None, date_precision=e.date_precision,
        source_code=e.source.code, source_country=e.source.country, source=e.source.to_dict(),
        target_code=e.target.code if e.target else None, target_country=e.target.country if e.target else None,
        target=e.target.to_dict() if e.target else None,
        attribution=e.attribution.to_dict() if e.attribution else None, cameo=e.cameo, cameo_root=e.cameo_root,
        quad_class=e.quad_class, goldstein=e.goldstein, plover_event=e.plover["event"],
        plover_mode=e.plover.get("mode"), location=e.location.to_dict() if e.location else None,
        confidence=e.confidence, source_start=e.source.start, source_end=e.source.end,
        target_start=e.target.start if e.target else None, target_end=e.target.end if e.target else None,
        location_country=e.location.country if e.location else None, features=_features(e))


def _features(e: Event) -> dict | None:
    """The confidence model's inputs, read from the event's evidence (``dyads.confidence.features``): stored so
    that ``dyads calibrate`` can refit the model on reviewed events without re-coding them."""
    from dyads.confidence import features

    return features(e.to_dict()) if e.evidence else None


EVENT_FIELDS = ("sentence_index", "sentence", "trigger", "trigger_start", "trigger_end", "date", "date_precision",
                "source_code", "source_country", "source", "target_code", "target_country", "target", "attribution",
                "cameo", "cameo_root", "quad_class", "goldstein", "plover_event", "plover_mode", "location",
                "confidence", "source_start", "source_end", "target_start", "target_end", "location_country",
                "features")


def event_actors(events: Iterable[Event]) -> dict[str, dict]:
    out: dict[str, dict] = {}
    for e in events:
        for a in (e.source, e.target):
            if a is not None and a.code:
                out[a.code] = a.to_dict()
    return out


def store_batch(session: Session, coded: list[tuple[CodedArticle, str]], report: IngestReport,
                cluster: "Options | None | bool" = None) -> None:
    """Store a batch of coded articles (replacing older versions), their actors, and cluster their events unless
    ``cluster`` is False (an :class:`dyads.analyse.cluster.Options` sets the window and matching rule)."""
    from dyads.analyse.cluster import Options, assign, upsert_actors

    now = dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)
    lost_clusters: set[int] = set()
    new_ids: list[str] = []
    replaced: list[str] = []
    stored: list[CodedArticle] = []
    for item, digest in coded:
        a = item.article
        old = session.get(ArticleRow, a.id)
        if old is not None and old.content_hash == digest:  # stored meanwhile by another process
            report.unchanged += 1
            continue
        if old is None:
            old = _legacy_row(session, a)
        if old is not None:
            lost_clusters.update(c for c in session.scalars(select(EventRow.cluster_id)
                                                            .where(EventRow.article_id == old.id)) if c is not None)
            session.delete(old)
            session.flush()
            report.updated_ids.append(a.id)
            replaced.append(a.id)
        row = ArticleRow(id=a.id, title=a.title, text=a.text, published=a.published, outlet=a.source, url=a.url,
                         content_hash=digest, origin=a.origin, ingested_at=now, num_events=len(item.events))
        session.add(row)
        session.add_all(event_row(e) for e in item.events)
        new_ids.extend(e.id for e in item.events)
        stored.append(item)
        report.stored += 1
        report.events += len(item.events)
    upsert_actors(session, event_actors(e for item in stored for e in item.events))
    session.flush()
    for article_id in replaced:  # a changed article: its reviews follow the acts that are still there
        report.reviews.add(reattach(session, article_id))
    if cluster is not False:
        touched = assign(session, new_ids, cluster if isinstance(cluster, Options) else None, lost_clusters)
        report.clusters += len(touched)


def _legacy_row(session: Session, a: Article) -> ArticleRow | None:
    """The row this file's article was stored as before migration 0003, if it is still there."""
    old_id = legacy_id(a)
    if old_id is None:
        return None
    row = session.get(ArticleRow, old_id)
    return row if row is not None and row.id_scheme == 1 and row.origin == a.origin else None


# errors of the connection or the lock, not of one article: storing the batch article by article would not help
_FATAL = (DatabaseError, OperationalError, InterfaceError)


def _store(sessions: sessionmaker, pending: list[tuple[CodedArticle, str]], report: IngestReport,
           cluster, on_problem: ProblemHandler) -> None:
    """Store one batch in one transaction; if the database refuses it, each article in a transaction of its own,
    skipping (and reporting) only those it refuses."""
    todo = []
    for item, digest in pending:
        if item.problem is not None:
            on_problem(item.article, item.problem)
            report.skipped += 1
        else:
            todo.append((item, digest))
    if not todo:
        return
    try:
        part = IngestReport()
        with writing(sessions) as s:
            store_batch(s, todo, part, cluster)
        report.add(part)
        return
    except _FATAL:
        raise
    except Exception as exc:  # noqa: BLE001 (a value the database cannot hold: find the article at fault)
        if len(todo) == 1:
            on_problem(todo[0][0].article, f"not stored ({describe_error(exc)})")
            report.skipped += 1
            return
    for one in todo:
        _store(sessions, [one], report, cluster, on_problem)


def ingest_articles(articles: Iterable[Article], sessions: sessionmaker,
                    code: Callable[[Iterable[Article]], Iterable[CodedArticle]], batch: int = 50,
                    report: IngestReport | None = None, cluster: "Options | None | bool" = None,
                    on_problem: ProblemHandler | None = None) -> IngestReport:
    """Code and store ``articles``; each batch is one transaction, events clustered as they arrive (``cluster``:
    None for the default options, an :class:`dyads.analyse.cluster.Options`, or False not to cluster). An article
    that cannot be coded or stored is passed to ``on_problem`` (article, reason) and the rest stored."""
    report = report or IngestReport()
    on_problem = on_problem or _report_to_stderr
    # content hashes by id, first in first out: one run may carry two versions of an article (the later wins)
    hashes: dict[str, list[str]] = {}

    def remember(stream: Iterable[Article]) -> Iterator[Article]:
        for a in stream:
            hashes.setdefault(a.id, []).append(content_hash(a))
            yield a

    pending: list[tuple[CodedArticle, str]] = []
    for item in code(remember(select_new(articles, sessions, report))):
        pending.append((item, hashes[item.article.id].pop(0)))
        if len(pending) >= batch:
            _store(sessions, pending, report, cluster, on_problem)
            pending.clear()
    if pending:
        _store(sessions, pending, report, cluster, on_problem)
    return report


def row_to_event_dict(r: EventRow) -> dict:
    return {"id": r.id, "doc_id": r.article_id, "sentence_index": r.sentence_index, "sentence": r.sentence,
            "trigger": r.trigger, "date": r.date.isoformat() if r.date else None, "source": r.source,
            "target": r.target, "cameo": r.cameo, "cameo_root": r.cameo_root, "quad_class": r.quad_class,
            "goldstein": r.goldstein, "plover": {"event": r.plover_event, "mode": r.plover_mode},
            "location": r.location, "attribution": r.attribution, "confidence": r.confidence,
            "date_precision": r.date_precision, "trigger_start": r.trigger_start, "trigger_end": r.trigger_end}


def stored_events(sessions: sessionmaker, batch: int = 1000) -> Iterator[dict]:
    """Every stored event in the contract's format, in article and sentence order, streamed."""
    with sessions() as s:
        q = (select(EventRow, ArticleRow.published, ArticleRow.outlet, ArticleRow.url)
             .join(ArticleRow, EventRow.article_id == ArticleRow.id)
             .order_by(EventRow.article_id, EventRow.sentence_index, EventRow.trigger_start, EventRow.id)
             .execution_options(yield_per=batch))
        for row, published, outlet, url in s.execute(q):
            d = row_to_event_dict(row)
            d.update(published=published.isoformat() if published else None, outlet=outlet, url=url,
                     cluster_id=row.cluster_id)
            yield d
