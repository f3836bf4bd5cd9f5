"""PLOVER-style JSON lines: one record per event cluster, with its reports as evidence."""
from __future__ import annotations

import json
from collections.abc import Iterator
from typing import IO

from sqlalchemy.orm import sessionmaker

from dyads.export.common import actor_of, clusters_with_reports


def _actor(a: dict | None, code: str | None) -> dict | None:
    if not code:
        return None
    a = a or {}
    return {"name": a.get("name") or code, "code": code, "country": a.get("country"), "org": a.get("org"),
            "sectors": list(a.get("sector") or [])}


def plover_records(sessions: sessionmaker, min_confidence: float = 0.0) -> Iterator[dict]:
    for c, reports in clusters_with_reports(sessions, min_confidence=min_confidence):
        source = _actor(actor_of(reports, "source", c.source_code), c.source_code)
        target = _actor(actor_of(reports, "target", c.target_code), c.target_code)
        rec = {"id": f"dyads-{c.id}", "event_type": c.plover_event, "mode": c.plover_mode,
               "date": c.date.isoformat() if c.date else None,
               "source_actor": source["name"], "source_sectors": source["sectors"], "source": source,
               "target_actor": target["name"] if target else None,
               "target_sectors": target["sectors"] if target else [], "target": target,
               "location": c.location, "cameo": c.cameo, "quad_class": c.quad_class, "goldstein": c.goldstein,
               "num_mentions": c.num_events, "num_articles": c.num_articles, "num_sources": c.num_sources,
               "first_seen": c.first_seen.isoformat() if c.first_seen else None,
               "last_seen": c.last_seen.isoformat() if c.last_seen else None,
               "evidence": [{"event_id": r.event.id, "article_id": r.event.article_id, "outlet": r.outlet,
                             "url": r.url, "published": r.published.isoformat() if r.published else None,
                             "sentence_index": r.event.sentence_index, "sentence": r.event.sentence,
                             "trigger": r.event.trigger, "trigger_start": r.event.trigger_start,
                             "trigger_end": r.event.trigger_end, "cameo": r.event.cameo,
                             "date": r.event.date.isoformat() if r.event.date else None}
                            for r in reports]}
        yield rec  # PLOVER's optional "context" is left out: dyads does not code contexts


def write_plover(sessions: sessionmaker, out: IO[str], min_confidence: float = 0.0) -> int:
    n = 0
    for rec in plover_records(sessions, min_confidence):
        out.write(json.dumps(rec, ensure_ascii=False) + "\n")
        n += 1
    return n
