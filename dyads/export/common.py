"""Reading clusters with their reports, for every export format."""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import sessionmaker

from dyads.store.models import ArticleRow, ClusterRow, EventRow


@dataclass
class Report:
    event: EventRow
    published: object
    outlet: str | None
    url: str | None


def clusters_with_reports(sessions: sessionmaker, batch: int = 500,
                          min_confidence: float = 0.0) -> Iterator[tuple[ClusterRow, list[Report]]]:
    """Every cluster in id order with its reports (earliest publication first), read in batches. With
    ``min_confidence``, only reports whose confidence is at least that count: a cluster with none left is not
    given, and the others come as :class:`ClusterView` with their counts and first/last seen of the kept reports."""
    with sessions() as s:
        ids = list(s.scalars(select(ClusterRow.id).order_by(ClusterRow.id)))
        for i in range(0, len(ids), batch):
            chunk = ids[i:i + batch]
            clusters = {c.id: c for c in s.scalars(select(ClusterRow).where(ClusterRow.id.in_(chunk)))}
            reports: dict[int, list[Report]] = defaultdict(list)
            stmt = (select(EventRow, ArticleRow.published, ArticleRow.outlet, ArticleRow.url)
                    .join(ArticleRow, EventRow.article_id == ArticleRow.id).where(EventRow.cluster_id.in_(chunk)))
            if min_confidence:
                stmt = stmt.where(EventRow.confidence >= min_confidence)
            for e, published, outlet, url in s.execute(stmt):
                reports[e.cluster_id].append(Report(e, published, outlet, url))
            for cid in chunk:
                reps = sorted(reports.get(cid, []), key=lambda r: (r.published is None, r.published or 0,
                                                                    r.event.article_id, r.event.sentence_index))
                if not min_confidence:
                    yield clusters[cid], reps
                elif reps:
                    yield ClusterView(clusters[cid], reps), reps


class ClusterView:
    """A cluster seen through the reports a confidence threshold keeps: its counts, first and last seen and
    representative are those of the kept reports; everything else (code, actors, date, place) is the cluster's."""

    def __init__(self, cluster: ClusterRow, reports: list[Report]):
        self._cluster = cluster
        self.num_events = len(reports)
        self.num_articles = len({r.event.article_id for r in reports})
        self.num_sources = len({r.outlet for r in reports if r.outlet})
        seen = [r.published for r in reports if r.published is not None]
        self.first_seen = min(seen) if seen else None
        self.last_seen = max(seen) if seen else None
        kept = {r.event.id for r in reports}
        self.event_id = cluster.event_id if cluster.event_id in kept else reports[0].event.id

    def __getattr__(self, name):
        return getattr(self._cluster, name)


def representative(cluster: ClusterRow, reports: list[Report]) -> Report | None:
    return next((r for r in reports if r.event.id == cluster.event_id), reports[0] if reports else None)


def actor_of(reports: list[Report], role: str, code: str | None) -> dict | None:
    """The actor dict of the first report whose ``role`` actor has ``code``."""
    for r in reports:
        a = getattr(r.event, role)
        if a and a.get("code") == code:
            return a
    return None
