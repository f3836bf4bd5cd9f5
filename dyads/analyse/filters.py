"""Which events a question is about: one filter object shared by the API, the web pages and `dyads stats`.

Every condition is built from portable SQLAlchemy constructs (prefix LIKE with escaping, equality, ranges), so the
same filter runs on SQLite and PostgreSQL.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, fields

from sqlalchemy import Select, and_, false, func, or_

from dyads.store.models import ArticleRow, EventRow


def _actor_match(code_col, country_col, value: str):
    """An actor given as a code prefix ("RUS", "RUSGOV", "IGOEU") or a country ("RUS") matches either column."""
    v = value.strip().upper()
    if not v:
        return None
    return or_(code_col.startswith(v, autoescape=True), country_col == v)


def split_dyad(dyad: str) -> tuple[str, str]:
    """"RUS-UKR" → ("RUS", "UKR"); raises ValueError when it is not two non-empty parts."""
    src, sep, tgt = dyad.strip().partition("-")
    if not sep or not src.strip() or not tgt.strip() or "-" in tgt:
        raise ValueError(f"{dyad!r} is not a dyad; write SOURCE-TARGET, e.g. RUS-UKR")
    return src.strip(), tgt.strip()


@dataclass
class EventFilter:
    """Conditions on events; every field is optional and they combine with AND."""

    actor: str | None = None  # code prefix or country, as source or target
    source: str | None = None  # code prefix or country of the source
    target: str | None = None  # code prefix or country of the target
    cameo: str | None = None  # CAMEO code prefix ("19", "190", "1041")
    root: str | None = None  # two-digit root ("19")
    quad: int | None = None  # quad class 1-4
    date_from: dt.date | None = None  # event date, inclusive
    date_to: dt.date | None = None
    outlet: str | None = None  # ArticleRow.outlet, exactly
    q: str | None = None  # words in the evidence sentence (case-insensitive substring)
    article: str | None = None  # article id
    min_confidence: float | None = None  # events whose confidence is at least this (None or 0: every event)

    @classmethod
    def with_dyad(cls, dyad: str | None = None, **kw) -> "EventFilter":
        if dyad:
            kw["source"], kw["target"] = split_dyad(dyad)
        return cls(**kw)

    def is_empty(self) -> bool:
        return all(getattr(self, f.name) in (None, "") for f in fields(self) if f.name != "min_confidence") \
            and not self.min_confidence

    def needs_article(self) -> bool:
        return bool(self.outlet)

    def conditions(self) -> list:
        c: list = []
        if self.actor:
            m_src = _actor_match(EventRow.source_code, EventRow.source_country, self.actor)
            m_tgt = _actor_match(EventRow.target_code, EventRow.target_country, self.actor)
            if m_src is not None:
                c.append(or_(m_src, m_tgt))
        if self.source:
            m = _actor_match(EventRow.source_code, EventRow.source_country, self.source)
            if m is not None:
                c.append(m)
        if self.target:
            m = _actor_match(EventRow.target_code, EventRow.target_country, self.target)
            if m is not None:
                c.append(m)
        if self.cameo:
            c.append(EventRow.cameo.startswith(self.cameo.strip(), autoescape=True))
        if self.root:
            c.append(EventRow.cameo_root == self.root.strip().zfill(2))
        if self.quad is not None:
            c.append(EventRow.quad_class == int(self.quad) if 1 <= int(self.quad) <= 4 else false())
        if self.date_from:
            c.append(EventRow.date >= self.date_from)
        if self.date_to:
            c.append(EventRow.date <= self.date_to)
        if self.outlet:
            c.append(ArticleRow.outlet == self.outlet)
        if self.q and self.q.strip():
            c.append(func.lower(EventRow.sentence).contains(self.q.strip().lower(), autoescape=True))
        if self.article:
            c.append(EventRow.article_id == self.article)
        if self.min_confidence:
            c.append(EventRow.confidence >= float(self.min_confidence))
        return c

    def apply(self, stmt: Select, joined: bool = False) -> Select:
        """Add the conditions to ``stmt`` (a select over EventRow); joins ArticleRow when a condition needs it and
        ``joined`` says the statement has not joined it already."""
        if self.needs_article() and not joined:
            stmt = stmt.join(ArticleRow, EventRow.article_id == ArticleRow.id)
        conds = self.conditions()
        return stmt.where(and_(*conds)) if conds else stmt
