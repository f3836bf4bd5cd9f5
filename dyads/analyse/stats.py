"""Aggregates over the stored events: dyad time series, the actor network, the busiest actors, outlets compared.

Each function takes a sessionmaker (or an open Session) from :func:`dyads.store.connect`, an optional
:class:`EventFilter` and/or its fields as keywords, and returns plain dicts and lists (JSON-ready, dates as ISO
strings). Grouping that back ends spell differently (dates into weeks and months) is done in Python over rows already
grouped by day in SQL, so only small result sets leave the database.

Every function counts reports (stored events, one per sentence that reports something) by default; with
``count="clusters"`` it counts event clusters instead — one real-world event reported by many articles counts
once (within each outlet, for :func:`outlet_comparison`). Each cluster is then represented by one of its reports
that passes the filter, so its date, code and Goldstein score are that report's.
"""
from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Literal

from sqlalchemy import case, func, literal, or_, select
from sqlalchemy.orm import Session, sessionmaker

from dyads.analyse.filters import EventFilter
from dyads.store.models import ArticleRow, ClusterRow, EventRow

Freq = Literal["day", "week", "month"]
Level = Literal["code", "country"]
Count = Literal["reports", "clusters"]
QUADS = (1, 2, 3, 4)


@contextmanager
def _session(sessions: sessionmaker | Session) -> Iterator[Session]:
    if isinstance(sessions, Session):
        yield sessions
    else:
        with sessions() as s:
            yield s


def _filter(filters: EventFilter | None, kw: dict) -> EventFilter:
    if filters is not None and kw:
        merged = {**filters.__dict__, **{k: v for k, v in kw.items() if v is not None}}
        return EventFilter(**merged)
    return filters if filters is not None else EventFilter(**kw)


class _OnePerCluster:
    """An EventFilter that also keeps one report per event cluster (per cluster and outlet with ``per_outlet``):
    the cluster's representative (the first report of its most reported date and code) when the filter keeps it;
    reports not clustered yet count on their own."""

    def __init__(self, f: EventFilter, per_outlet: bool = False):
        self.f = f
        # the cluster's own representative report when it passes the filter, else the report with the lowest id
        key = case((EventRow.id == ClusterRow.event_id, literal("0")), else_=literal("1")) + EventRow.id
        sub = (select(func.substr(func.min(key), 2)).select_from(EventRow)
               .join(ClusterRow, ClusterRow.id == EventRow.cluster_id))
        if per_outlet:
            sub = f.apply(sub.join(ArticleRow, EventRow.article_id == ArticleRow.id), joined=True)
            sub = sub.group_by(EventRow.cluster_id, ArticleRow.outlet)
        else:
            sub = f.apply(sub).group_by(EventRow.cluster_id)
        self.condition = or_(EventRow.cluster_id.is_(None), EventRow.id.in_(sub))

    def apply(self, stmt, joined: bool = False):
        return self.f.apply(stmt, joined).where(self.condition)

    def __getattr__(self, name):
        return getattr(self.f, name)


def _counting(f: EventFilter, count: str, per_outlet: bool = False):
    if count == "clusters":
        return _OnePerCluster(f, per_outlet)
    if count != "reports":
        raise ValueError(f"count must be 'reports' or 'clusters', not {count!r}")
    return f


def _keys(level: str):
    """SQL expressions naming the source and target actor at the requested level."""
    if level == "country":  # international organisations have no country: they stay themselves
        return (func.coalesce(EventRow.source_country, EventRow.source_code),
                func.coalesce(EventRow.target_country, EventRow.target_code))
    if level != "code":
        raise ValueError(f"level must be 'code' or 'country', not {level!r}")
    return EventRow.source_code, EventRow.target_code


def _r(x: float) -> float:
    return round(float(x), 3)


# --- time series ------------------------------------------------------------------------------------------------

def period_of(d: dt.date, freq: str) -> tuple[str, dt.date]:
    """The label and first day of the period holding ``d``: "2022-02" / "2022-W08" / "2022-02-24"."""
    if freq == "month":
        return f"{d.year:04d}-{d.month:02d}", d.replace(day=1)
    if freq == "week":
        y, w, _ = d.isocalendar()
        return f"{y:04d}-W{w:02d}", d - dt.timedelta(days=d.weekday())
    if freq == "day":
        return d.isoformat(), d
    raise ValueError(f"freq must be 'day', 'week' or 'month', not {freq!r}")


def _next_start(start: dt.date, freq: str) -> dt.date | None:
    try:
        if freq == "month":
            return start.replace(year=start.year + 1, month=1) if start.month == 12 else start.replace(
                month=start.month + 1)
        return start + dt.timedelta(days=7 if freq == "week" else 1)
    except (OverflowError, ValueError):  # past 9999-12-31
        return None


def _empty_period(label: str, start: dt.date) -> dict:
    return {"period": label, "start": start.isoformat(), "events": 0, "goldstein": 0.0,
            "counts": {q: 0 for q in QUADS}, "goldstein_by_quad": {q: 0.0 for q in QUADS}}


def dyad_series(sessions: sessionmaker | Session, source: str | None = None, target: str | None = None,
                freq: Freq = "month", *, filters: EventFilter | None = None, fill: bool = True,
                count: Count = "reports", **kw) -> dict:
    """Events per period, with their count and Goldstein sum split by quad class.

    ``source`` and ``target`` are code prefixes or countries ("RUS", "UKRMIL"); either may be omitted (all events
    of the one given, or the whole corpus). Events without a date are left out. With ``fill`` the periods between
    the first and the last are all present, empty ones with zeros, so the series can be drawn as it is.
    """
    period_of(dt.date(2000, 1, 1), freq)  # validates freq
    f = _counting(_filter(filters, {**kw, "source": source, "target": target}), count)
    stmt = f.apply(select(EventRow.date, EventRow.quad_class, func.count(), func.sum(EventRow.goldstein))
                   .where(EventRow.date.is_not(None))).group_by(EventRow.date, EventRow.quad_class)
    buckets: dict[dt.date, dict] = {}
    with _session(sessions) as s:
        rows = s.execute(stmt).all()
    for day, quad, n, gsum in rows:
        label, start = period_of(day, freq)
        p = buckets.get(start) or buckets.setdefault(start, _empty_period(label, start))
        if quad in p["counts"]:
            p["counts"][quad] += n
            p["goldstein_by_quad"][quad] += gsum or 0.0
        p["events"] += n
        p["goldstein"] += gsum or 0.0
    if fill and buckets:
        start, last = min(buckets), max(buckets)
        while start is not None and start <= last:
            if start not in buckets:
                buckets[start] = _empty_period(period_of(start, freq)[0], start)
            start = _next_start(start, freq)
    periods = [buckets[k] for k in sorted(buckets)]
    for p in periods:
        p["goldstein"] = _r(p["goldstein"])
        p["goldstein_by_quad"] = {q: _r(v) for q, v in p["goldstein_by_quad"].items()}
    totals = _empty_period("all", dt.date.min)
    del totals["period"], totals["start"]
    for p in periods:
        totals["events"] += p["events"]
        totals["goldstein"] += p["goldstein"]
        for q in QUADS:
            totals["counts"][q] += p["counts"][q]
            totals["goldstein_by_quad"][q] += p["goldstein_by_quad"][q]
    totals["goldstein"] = _r(totals["goldstein"])
    totals["goldstein_by_quad"] = {q: _r(v) for q, v in totals["goldstein_by_quad"].items()}
    return {"freq": freq, "source": source or None, "target": target or None, "count": count, "periods": periods,
            "totals": totals}


# --- actors -----------------------------------------------------------------------------------------------------

def _actor_names(s: Session, f: EventFilter) -> dict[str, tuple[str, str | None]]:
    """code → (its most frequent canonical name, its country) over the filtered events, both roles."""
    counts: Counter = Counter()
    for code_col, country_col, json_col in ((EventRow.source_code, EventRow.source_country, EventRow.source),
                                            (EventRow.target_code, EventRow.target_country, EventRow.target)):
        name = json_col["name"].as_string()
        stmt = f.apply(select(code_col, country_col, name, func.count()).where(code_col.is_not(None)))
        for code, country, nm, n in s.execute(stmt.group_by(code_col, country_col, name)):
            counts[(code, country, nm or code)] += n
    best: dict[str, tuple[int, str, str | None]] = {}
    for (code, country, nm), n in counts.items():
        if code not in best or (n, nm) > best[code][:2]:
            best[code] = (n, nm, country)
    return {code: (nm, country) for code, (_, nm, country) in best.items()}


def _label(key: str, level: str, names: dict[str, tuple[str, str | None]]) -> tuple[str, str | None]:
    if key in names:
        return names[key]
    if level == "country":  # a country seen only through its sub-actors ("RUSGOV", "RUSMIL")
        return key, key
    return key, None


def _role_counts(s: Session, f: EventFilter, level: str) -> dict[str, Counter]:
    """Per actor key: events as source, as target, and as both (an actor acting on itself at this level), with
    the Goldstein sums of each."""
    src_key, tgt_key = _keys(level)
    c = {k: Counter() for k in ("src", "tgt", "same", "g_src", "g_tgt", "g_same")}
    stmt = f.apply(select(src_key, tgt_key, func.count(), func.sum(EventRow.goldstein))).group_by(src_key, tgt_key)
    for sk, tk, n, g in s.execute(stmt):
        g = g or 0.0
        c["src"][sk] += n
        c["g_src"][sk] += g
        if tk is not None:
            c["tgt"][tk] += n
            c["g_tgt"][tk] += g
            if tk == sk:
                c["same"][sk] += n
                c["g_same"][sk] += g
    return c


def _involved(c: dict[str, Counter], key: str) -> tuple[int, float]:
    """Events an actor takes part in, each once, and their Goldstein sum."""
    return (c["src"][key] + c["tgt"][key] - c["same"][key],
            c["g_src"][key] + c["g_tgt"][key] - c["g_same"][key])


def top_actors(sessions: sessionmaker | Session, limit: int = 20, level: Level = "code", *,
               filters: EventFilter | None = None, count: Count = "reports", **kw) -> list[dict]:
    """The actors taking part in most events (as source or target), busiest first."""
    f = _counting(_filter(filters, kw), count)
    with _session(sessions) as s:
        c = _role_counts(s, f, level)
        names = _actor_names(s, f)
    out = []
    for key in (set(c["src"]) | set(c["tgt"])) - {None}:
        n, gsum = _involved(c, key)
        name, country = _label(key, level, names)
        out.append({"code": key, "name": name, "country": country, "events": n, "as_source": c["src"][key],
                    "as_target": c["tgt"][key], "goldstein_mean": _r(gsum / n) if n else None})
    out.sort(key=lambda a: (-a["events"], a["code"]))
    return out[:limit] if limit else out


def actor_network(sessions: sessionmaker | Session, min_count: int = 1, *, level: Level = "code",
                  limit: int | None = 200, filters: EventFilter | None = None, count: Count = "reports",
                  **kw) -> dict:
    """Who acts on whom: nodes are actors, edges are directed source → target dyads with their event counts per
    quad class, total and mean Goldstein score. Edges below ``min_count`` events are dropped, then the ``limit``
    biggest are kept; nodes are the actors those edges touch."""
    f = _counting(_filter(filters, kw), count)
    src_key, tgt_key = _keys(level)
    stmt = f.apply(select(src_key, tgt_key, EventRow.quad_class, func.count(), func.sum(EventRow.goldstein))
                   .where(EventRow.target_code.is_not(None))).group_by(src_key, tgt_key, EventRow.quad_class)
    edges: dict[tuple[str, str], dict] = {}
    with _session(sessions) as s:
        for sk, tk, quad, n, g in s.execute(stmt):
            e = edges.get((sk, tk)) or edges.setdefault(
                (sk, tk), {"source": sk, "target": tk, "counts": {q: 0 for q in QUADS}, "total": 0, "_g": 0.0})
            if quad in e["counts"]:
                e["counts"][quad] += n
            e["total"] += n
            e["_g"] += g or 0.0
        kept = [e for e in edges.values() if e["total"] >= max(1, min_count)]
        kept.sort(key=lambda e: (-e["total"], e["source"], e["target"]))
        if limit:
            kept = kept[:limit]
        keys = {e["source"] for e in kept} | {e["target"] for e in kept}
        c = _role_counts(s, f, level) if keys else None
        names = _actor_names(s, f) if keys else {}
    for e in kept:
        e["goldstein_mean"] = _r(e.pop("_g") / e["total"])
        coop = e["counts"][1] + e["counts"][2]
        conf = e["counts"][3] + e["counts"][4]
        e["kind"] = "cooperation" if coop > conf else "conflict" if conf > coop else "mixed"
    nodes = []
    for key in sorted(keys):
        name, country = _label(key, level, names)
        nodes.append({"code": key, "name": name, "country": country, "events": _involved(c, key)[0]})
    nodes.sort(key=lambda n: (-n["events"], n["code"]))
    return {"level": level, "count": count, "nodes": nodes, "edges": kept}


# --- outlets ----------------------------------------------------------------------------------------------------

def outlet_comparison(sessions: sessionmaker | Session, *, level: Level = "country", actors: int = 8,
                      filters: EventFilter | None = None, count: Count = "reports", **kw) -> dict:
    """How outlets differ: per outlet (ArticleRow.outlet; null when unknown) the number of articles and of events,
    the share of each quad class, the mean Goldstein score, and the mean Goldstein score of the events involving
    each of the ``actors`` actors most present across all outlets (as source or target, at ``level``). With
    ``count="clusters"`` an outlet's events are the distinct real-world events it reported."""
    f = _counting(_filter(filters, kw), count, per_outlet=True)
    src_key, tgt_key = _keys(level)
    base = select(ArticleRow.outlet).select_from(EventRow).join(ArticleRow, EventRow.article_id == ArticleRow.id)
    out: dict[str | None, dict] = {}

    def row(outlet):
        return out.get(outlet) or out.setdefault(outlet, {
            "outlet": outlet, "articles": 0, "events": 0, "quad_counts": {q: 0 for q in QUADS},
            "quad_shares": {q: 0.0 for q in QUADS}, "goldstein_mean": None, "_g": 0.0,
            "_actors": defaultdict(lambda: [0, 0.0])})

    with _session(sessions) as s:
        art = select(ArticleRow.outlet, func.count()).group_by(ArticleRow.outlet)
        if f.date_from:
            art = art.where(ArticleRow.published >= f.date_from)
        if f.date_to:
            art = art.where(ArticleRow.published <= f.date_to)
        if f.outlet:
            art = art.where(ArticleRow.outlet == f.outlet)
        for outlet, n in s.execute(art):
            row(outlet)["articles"] = n
        stmt = f.apply(base.add_columns(EventRow.quad_class, func.count(), func.sum(EventRow.goldstein)),
                       joined=True).group_by(ArticleRow.outlet, EventRow.quad_class)
        for outlet, quad, n, g in s.execute(stmt):
            r = row(outlet)
            r["events"] += n
            r["_g"] += g or 0.0
            if quad in r["quad_counts"]:
                r["quad_counts"][quad] += n
        stmt = f.apply(base.add_columns(src_key, tgt_key, func.count(), func.sum(EventRow.goldstein)),
                       joined=True).group_by(ArticleRow.outlet, src_key, tgt_key)
        overall: Counter = Counter()
        for outlet, sk, tk, n, g in s.execute(stmt):
            for key in {sk, tk} - {None}:
                acc = row(outlet)["_actors"][key]
                acc[0] += n
                acc[1] += g or 0.0
                overall[key] += n
        names = _actor_names(s, f) if overall else {}
    top = sorted(overall, key=lambda k: (-overall[k], k))[:max(0, actors)]
    result = []
    for r in out.values():
        if r["events"]:
            r["goldstein_mean"] = _r(r["_g"] / r["events"])
            r["quad_shares"] = {q: _r(c / r["events"]) for q, c in r["quad_counts"].items()}
        r["events_per_article"] = _r(r["events"] / r["articles"]) if r["articles"] else None
        acts = r.pop("_actors")
        r.pop("_g")
        r["actors"] = [{"actor": k, "events": acts[k][0] if k in acts else 0,
                        "goldstein_mean": _r(acts[k][1] / acts[k][0]) if k in acts and acts[k][0] else None}
                       for k in top]
        result.append(r)
    result.sort(key=lambda r: (-r["events"], -r["articles"], r["outlet"] is None, r["outlet"] or ""))
    return {"level": level, "count": count,
            "actors": [{"actor": k, "name": _label(k, level, names)[0], "events": overall[k]} for k in top],
            "outlets": result}
