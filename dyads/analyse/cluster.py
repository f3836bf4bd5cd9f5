"""One real-world event, many reports: group stored events into event clusters.

Two reports are of the same event when they have the same source and the same target (by default their countries,
international organisations and actors without a country by their codes; ``match="code"`` compares the actor codes
as coded, which splits "USA" from "USAGOV" and "USAMIL" and loses most duplicates — see benchmarks/clustering.py), compatible codes (the same CAMEO root, or the same PLOVER type), dates at most
``window`` days apart (the event date, else the article's publication date) and compatible places (the same country,
or no place on either side). Clusters are built greedily in date order: each new report joins the existing cluster
holding the most reports it is compatible with (ties: the closest date, then the oldest cluster) or starts a new
one. A cluster never spans more than twice the window (so a long campaign of similar reports does not chain into one
event). Reports without any date stay alone.

Clusters are assigned when articles are ingested (:func:`assign`, incremental: a new report joins an existing
cluster or starts one) and can be recomputed from scratch (:func:`rebuild`, ``dyads cluster --rebuild``), which is
also what to run after changing the window or the matching rule. Incremental assignment depends on the order
articles arrive in; a rebuild always gives the same clusters for the same events.
"""
from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session, sessionmaker

from dyads.store.models import ActorRow, ArticleRow, ClusterRow, EventRow

DEFAULT_WINDOW = 2  # days either side
Match = Literal["code", "country"]


@dataclass(frozen=True)
class Options:
    window: int = DEFAULT_WINDOW
    match: Match = "country"  # coders vary between USA / USAGOV / USAMIL for one event: compare countries


@dataclass
class Report:
    """What clustering needs to know of one stored event."""

    id: str
    article_id: str
    source: str
    target: str | None
    root: str
    plover: str
    day: dt.date | None
    country: str | None
    cluster: int | None = None


@dataclass
class _Group:
    key: int  # cluster id, or a negative placeholder until the row is written
    members: list[Report] = field(default_factory=list)
    lo: dt.date | None = None
    hi: dt.date | None = None

    def add(self, r: Report) -> None:
        self.members.append(r)
        if r.day is not None:
            self.lo = r.day if self.lo is None else min(self.lo, r.day)
            self.hi = r.day if self.hi is None else max(self.hi, r.day)


def compatible(a: Report, b: Report, window: int = DEFAULT_WINDOW) -> bool:
    """The pairwise relation, on reports whose source and target keys already agree."""
    if a.day is None or b.day is None or abs((a.day - b.day).days) > window:
        return False
    if a.root != b.root and a.plover != b.plover:
        return False
    return a.country is None or b.country is None or a.country == b.country


def _report_columns(match: Match):
    if match == "country":
        src = func.coalesce(EventRow.source_country, EventRow.source_code)
        tgt = func.coalesce(EventRow.target_country, EventRow.target_code)
    elif match == "code":
        src, tgt = EventRow.source_code, EventRow.target_code
    else:
        raise ValueError(f"match must be 'code' or 'country', not {match!r}")
    return (EventRow.id, EventRow.article_id, src, tgt, EventRow.cameo_root, EventRow.plover_event,
            func.coalesce(EventRow.date, ArticleRow.published), EventRow.location_country, EventRow.cluster_id)


def _reports(session: Session, opts: Options, *conditions) -> list[Report]:
    stmt = (select(*_report_columns(opts.match)).join(ArticleRow, EventRow.article_id == ArticleRow.id)
            .where(*conditions))
    return [Report(*row) for row in session.execute(stmt)]


def _order(r: Report):
    return (r.day is None, r.day or dt.date.min, r.article_id, r.id)


class Clusterer:
    """The greedy single-link assignment, in memory; seeded with the clusters already stored."""

    def __init__(self, opts: Options):
        self.opts = opts
        self.groups: dict[tuple[str, str | None], list[_Group]] = defaultdict(list)
        self.by_key: dict[int, _Group] = {}
        self._next_placeholder = -1

    def seed(self, reports: Iterable[Report]) -> None:
        for r in reports:
            g = self.by_key.get(r.cluster)
            if g is None:
                g = self.by_key[r.cluster] = _Group(r.cluster)
                self.groups[(r.source, r.target)].append(g)
            g.add(r)

    def add(self, r: Report) -> int:
        w = self.opts.window
        best, best_rank = None, None
        if r.day is not None:
            for g in self.groups[(r.source, r.target)]:
                if g.lo is None or r.day < g.lo - dt.timedelta(days=w) or r.day > g.hi + dt.timedelta(days=w):
                    continue
                if (max(g.hi, r.day) - min(g.lo, r.day)).days > 2 * w:  # no chaining beyond twice the window
                    continue
                links = [m for m in g.members if compatible(r, m, w)]
                if not links:
                    continue
                rank = (-len(links), min(abs((r.day - m.day).days) for m in links), abs(g.key) if g.key < 0
                        else -10**12 + g.key)
                if best_rank is None or rank < best_rank:
                    best, best_rank = g, rank
        if best is None:
            best = _Group(self._next_placeholder)
            self._next_placeholder -= 1
            self.by_key[best.key] = best
            self.groups[(r.source, r.target)].append(best)
        best.add(r)
        r.cluster = best.key
        return best.key


def _write(session: Session, clusterer: Clusterer, reports: list[Report]) -> set[int]:
    """Create rows for new clusters, point the reports at their clusters; returns the cluster ids touched."""
    real: dict[int, int] = {}
    for key, g in clusterer.by_key.items():
        if key < 0 and g.members:
            first = g.members[0]
            row = ClusterRow(source_code=first.source, target_code=first.target, cameo="", cameo_root=first.root,
                             quad_class=0, goldstein=0.0, plover_event=first.plover, num_events=0, num_articles=0,
                             num_sources=0)
            session.add(row)
            real[key] = row
    session.flush()
    real = {k: row.id for k, row in real.items()}
    for key, rid in real.items():
        g = clusterer.by_key.pop(key)
        g.key = rid
        clusterer.by_key[rid] = g
    touched = set()
    params = []
    for r in reports:
        r.cluster = real.get(r.cluster, r.cluster)
        touched.add(r.cluster)
        params.append({"id": r.id, "cluster_id": r.cluster})
    for i in range(0, len(params), 1000):
        session.execute(update(EventRow), params[i:i + 1000])
    return touched


def refresh(session: Session, cluster_ids: Iterable[int]) -> None:
    """Recompute what the given clusters say from their reports; clusters left without reports are deleted."""
    ids = sorted({c for c in cluster_ids if c is not None})
    now = dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)
    for i in range(0, len(ids), 500):
        chunk = ids[i:i + 500]
        members: dict[int, list] = defaultdict(list)
        stmt = (select(EventRow, ArticleRow.published, ArticleRow.outlet)
                .join(ArticleRow, EventRow.article_id == ArticleRow.id).where(EventRow.cluster_id.in_(chunk)))
        for e, published, outlet in session.execute(stmt):
            members[e.cluster_id].append((e, published, outlet))
        rows = {c.id: c for c in session.scalars(select(ClusterRow).where(ClusterRow.id.in_(chunk)))}
        empty = [cid for cid in chunk if cid not in members]
        if empty:
            session.execute(delete(ClusterRow).where(ClusterRow.id.in_(empty)))
        for cid, reps in members.items():
            row = rows.get(cid)
            if row is None:
                row = ClusterRow(id=cid)
                session.add(row)
            _summarise(row, reps)
            row.updated_at = now


def _most_common(values, order_key=None):
    """The most frequent value; ties go to the one seen first."""
    counts = Counter(values)
    if not counts:
        return None
    first = {}
    for i, v in enumerate(values):
        first.setdefault(v, i)
    return max(counts, key=lambda v: (counts[v], -first[v]))


def _summarise(row: ClusterRow, reps: list) -> None:
    reps.sort(key=lambda t: (t[1] or dt.date.max, t[0].article_id, t[0].sentence_index, t[0].id))
    events = [e for e, _, _ in reps]
    cameo = _most_common([e.cameo for e in events])
    coded = next(e for e in events if e.cameo == cameo)
    days = [e.date or p for e, p, _ in reps if (e.date or p) is not None]
    row.date = _most_common(sorted(days))
    # the representative: the first report (by publication) of the most reported date and code, else of that date
    rep = (next((e for e, p, _ in reps if (e.date or p) == row.date and e.cameo == cameo), None)
           or next((e for e, p, _ in reps if (e.date or p) == row.date), None) or events[0])
    row.event_id = rep.id
    row.source_code, row.target_code = rep.source_code, rep.target_code
    row.source_country = _most_common([e.source_country for e in events if e.source_country])
    row.target_country = _most_common([e.target_country for e in events if e.target_country])
    row.cameo, row.cameo_root, row.quad_class = cameo, coded.cameo_root, coded.quad_class
    row.goldstein, row.plover_event, row.plover_mode = coded.goldstein, coded.plover_event, coded.plover_mode
    row.date_min, row.date_max = (min(days), max(days)) if days else (None, None)
    places = [e.location for e in events if e.location]
    name = _most_common([p.get("name") for p in places])
    row.location = next((p for p in places if p.get("name") == name), None)
    row.location_country = (row.location or {}).get("country")
    row.num_events = len(events)
    row.num_articles = len({e.article_id for e in events})
    row.num_sources = len({outlet for _, _, outlet in reps})
    published = [p for _, p, _ in reps if p is not None]
    row.first_seen, row.last_seen = (min(published), max(published)) if published else (None, None)


def assign(session: Session, event_ids: Iterable[str], opts: Options | None = None,
           also_refresh: Iterable[int] = ()) -> set[int]:
    """Put the given (unclustered or re-coded) events into clusters, next to those already stored; refresh every
    cluster touched, and the ``also_refresh`` ones (clusters that lost reports). Returns the touched cluster ids."""
    opts = opts or Options()
    ids = list(event_ids)
    new: list[Report] = []
    for i in range(0, len(ids), 500):
        new.extend(_reports(session, opts, EventRow.id.in_(ids[i:i + 500])))
    old_clusters = {r.cluster for r in new if r.cluster is not None}
    for r in new:
        r.cluster = None
    clusterer = Clusterer(opts)
    dated = [r.day for r in new if r.day is not None]
    if dated:
        w = dt.timedelta(days=opts.window)
        sources = sorted({r.source for r in new})
        src_col = _report_columns(opts.match)[2]
        new_ids = {r.id for r in new}
        known = []
        for i in range(0, len(sources), 500):
            known.extend(_reports(session, opts, EventRow.cluster_id.is_not(None),
                                  src_col.in_(sources[i:i + 500]),
                                  func.coalesce(EventRow.date, ArticleRow.published).between(min(dated) - w,
                                                                                             max(dated) + w)))
        pairs = {(r.source, r.target) for r in new}
        clusterer.seed(r for r in known if (r.source, r.target) in pairs and r.id not in new_ids)
    for r in sorted(new, key=_order):
        clusterer.add(r)
    touched = _write(session, clusterer, new)
    refresh(session, touched | old_clusters | set(also_refresh))
    return touched


def unclustered_ids(session: Session) -> list[str]:
    return list(session.scalars(select(EventRow.id).where(EventRow.cluster_id.is_(None))))


@dataclass
class RebuildReport:
    events: int = 0
    clusters: int = 0
    multi: int = 0  # clusters with reports from more than one article


def rebuild(sessions: sessionmaker | Session, opts: Options | None = None) -> RebuildReport:
    """Forget every cluster and cluster all stored events again (one transaction). Also fills the columns that
    migration 0002 added (each event's place country, the actors table) for events stored before it."""
    opts = opts or Options()
    if isinstance(sessions, Session):
        return _rebuild(sessions, opts)
    with sessions.begin() as s:
        return _rebuild(s, opts)


def _rebuild(s: Session, opts: Options) -> RebuildReport:
    backfill_location_country(s)
    refresh_actors(s)
    s.execute(update(EventRow).values(cluster_id=None))
    s.execute(delete(ClusterRow))
    reports = _reports(s, opts)
    clusterer = Clusterer(opts)
    for r in sorted(reports, key=_order):
        clusterer.add(r)
    touched = _write(s, clusterer, reports)
    refresh(s, touched)
    s.flush()
    multi = s.scalar(select(func.count()).select_from(ClusterRow).where(ClusterRow.num_articles > 1))
    return RebuildReport(events=len(reports), clusters=len(touched), multi=multi or 0)


def backfill_location_country(s: Session) -> None:
    params = [{"id": eid, "location_country": loc.get("country")}
              for eid, loc in s.execute(select(EventRow.id, EventRow.location)
                                        .where(EventRow.location.is_not(None), EventRow.location_country.is_(None)))
              if isinstance(loc, dict) and loc.get("country")]
    for i in range(0, len(params), 1000):
        s.execute(update(EventRow), params[i:i + 1000])


def upsert_actors(s: Session, actors: dict[str, dict]) -> None:
    """Insert or update actors (code → contract Actor dict): the latest description wins."""
    codes = sorted(actors)
    for i in range(0, len(codes), 500):
        chunk = codes[i:i + 500]
        known = {a.code: a for a in s.scalars(select(ActorRow).where(ActorRow.code.in_(chunk)))}
        for code in chunk:
            d = actors[code]
            row = known.get(code)
            if row is None:
                row = ActorRow(code=code)
                s.add(row)
            row.name, row.country, row.org, row.sector = d.get("name"), d.get("country"), d.get("org"), list(
                d.get("sector") or [])


def refresh_actors(s: Session) -> None:
    actors: dict[str, dict] = {}
    for src, tgt in s.execute(select(EventRow.source, EventRow.target)):
        for a in (src, tgt):
            if isinstance(a, dict) and a.get("code"):
                actors[a["code"]] = a
    upsert_actors(s, actors)


# --- evaluation -------------------------------------------------------------------------------------------------

def _actor_key(actor: dict | None) -> str | None:
    if not actor:
        return None
    return actor.get("country") or actor.get("code")


def gold_reports(gold: dict, events: Iterable[dict]) -> dict[str, str]:
    """event id → gold event id, for the stored events (``stored_events`` dicts) that report a gold event: their
    article is listed for it and their source and target (countries, else codes) are its dyad."""
    by_article: dict[str, list[dict]] = defaultdict(list)
    for g in gold["events"]:
        for a in g["articles"]:
            by_article[a].append(g)
    out = {}
    for e in events:
        for g in by_article.get(e["doc_id"], ()):
            if _actor_key(e["source"]) == g["source"] and _actor_key(e["target"]) == g["target"]:
                out[e["id"]] = g["id"]
    return out


def pairwise_scores(gold: dict, events: list[dict]) -> dict:
    """Pairwise precision and recall of the clusters over the reports of gold events, counting only pairs of
    reports from different articles (reports of one article are one article's view, not a duplicate)."""
    truth = gold_reports(gold, events)
    reps = [e for e in events if e["id"] in truth]
    tp = fp = fn = 0
    for i, a in enumerate(reps):
        for b in reps[i + 1:]:
            if a["doc_id"] == b["doc_id"]:
                continue
            same_gold = truth[a["id"]] == truth[b["id"]]
            same_cluster = a.get("cluster_id") is not None and a.get("cluster_id") == b.get("cluster_id")
            tp += same_gold and same_cluster
            fp += same_cluster and not same_gold
            fn += same_gold and not same_cluster
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"reports": len(reps), "pairs_true": tp + fn, "tp": tp, "fp": fp, "fn": fn,
            "precision": round(p, 3), "recall": round(r, 3), "f1": round(f, 3)}
