"""Code stored articles again (after a dictionary change) and update their events in place.

The stored text is the cleaned text that was coded, so coding it again gives what a fresh ingest would give. An
event keeps its id when the same sentence, trigger, code and actors are found again (ids are stable), so it is
updated where it stands; events no longer found are deleted, new ones inserted; nothing is duplicated. Events whose
clustering keys changed (actors, code, date, place) leave their cluster and are clustered again. Reviewers'
judgments stay on the act they judged (:func:`dyads.store.reviews.reattach` says how it is found again).
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from dyads.model import Article
from dyads.pipeline import CodedArticle
from dyads.store.ingest import EVENT_FIELDS, event_actors, event_row
from dyads.store.models import ArticleRow, EventRow
from dyads.store.reviews import ReattachReport, reattach

CLUSTER_KEYS = ("source_code", "source_country", "target_code", "target_country", "cameo_root", "plover_event",
                "date", "location_country")


@dataclass
class RecodeReport:
    articles: int = 0
    added: int = 0
    updated: int = 0
    removed: int = 0
    unchanged: int = 0
    clusters: int = 0
    reviews: ReattachReport = field(default_factory=ReattachReport)  # judgments kept, moved, gone
    failed: int = 0  # articles the pipeline could not code: their stored events are kept


def stored_articles(sessions: sessionmaker, ids: Iterable[str] | None = None, batch: int = 200) -> Iterator[Article]:
    """The stored articles (all, or those with the given ids) rebuilt as :class:`Article`, in id order."""
    wanted = sorted(set(ids)) if ids is not None else None
    with sessions() as s:
        if wanted is None:
            all_ids = list(s.scalars(select(ArticleRow.id).order_by(ArticleRow.id)))
        else:
            all_ids = wanted
    for i in range(0, len(all_ids), batch):
        with sessions() as s:
            rows = s.scalars(select(ArticleRow).where(ArticleRow.id.in_(all_ids[i:i + batch]))
                             .order_by(ArticleRow.id)).all()
        for r in rows:
            yield Article(id=r.id, text=r.text, title=r.title, published=r.published, source=r.outlet, url=r.url,
                          origin=r.origin)


def _apply(s: Session, item: CodedArticle, report: RecodeReport, reassign: list[str], lost: set[int]) -> None:
    article_id = item.article.id
    old = {e.id: e for e in s.scalars(select(EventRow).where(EventRow.article_id == article_id))}
    seen = set()
    for ev in item.events:
        if ev.id in seen:
            continue
        seen.add(ev.id)
        new = event_row(ev)
        row = old.pop(ev.id, None)
        if row is None:
            s.add(new)
            reassign.append(ev.id)
            report.added += 1
            continue
        changed = [f for f in EVENT_FIELDS if getattr(row, f) != getattr(new, f)]
        if not changed:
            report.unchanged += 1
            continue
        for f in changed:
            setattr(row, f, getattr(new, f))
        report.updated += 1
        if any(f in CLUSTER_KEYS for f in changed) or row.cluster_id is None:
            if row.cluster_id is not None:
                lost.add(row.cluster_id)
            reassign.append(ev.id)
        elif row.cluster_id is not None:
            lost.add(row.cluster_id)  # same cluster, but its summary (code, names, place) may change
    for row in old.values():
        if row.cluster_id is not None:
            lost.add(row.cluster_id)
        s.delete(row)
        report.removed += 1
    a = s.get(ArticleRow, article_id)
    if a is not None:
        a.num_events = len(seen)
    s.flush()
    report.reviews.add(reattach(s, article_id))
    report.articles += 1


def recode_articles(articles: Iterable[Article], sessions: sessionmaker,
                    code: Callable[[Iterable[Article]], Iterable[CodedArticle]], batch: int = 50,
                    cluster=None) -> RecodeReport:
    """Code ``articles`` (stored ones, see :func:`stored_articles`) and update their events in place, one
    transaction per batch; ``cluster`` as for :func:`dyads.store.ingest_articles`."""
    from dyads.analyse.cluster import Options, assign, upsert_actors

    import sys

    from dyads.store.db import writing

    report = RecodeReport()
    pending: list[CodedArticle] = []

    def flush():
        with writing(sessions, "recoding") as s:
            reassign: list[str] = []
            lost: set[int] = set()
            for item in pending:
                _apply(s, item, report, reassign, lost)
            upsert_actors(s, event_actors(e for item in pending for e in item.events))
            s.flush()
            if cluster is not False:
                report.clusters += len(assign(s, reassign, cluster if isinstance(cluster, Options) else None,
                                              lost))
        pending.clear()

    for item in code(articles):
        if item.problem is not None:
            report.failed += 1
            print(f"dyads: skipped {item.article.id}: {item.problem}; its stored events are kept", file=sys.stderr)
            continue
        pending.append(item)
        if len(pending) >= batch:
            flush()
    if pending:
        flush()
    return report
