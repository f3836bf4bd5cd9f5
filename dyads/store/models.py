"""Tables. Every contract field of an event is a column (actors as JSON beside their indexed codes), so the stored
events print back exactly as `dyads code` printed them.

Articles hold the cleaned text as coded (so `dyads recode` can code them again), events point at their article and
at the event cluster they belong to (one real-world event reported by many articles), and actors keep the canonical
name, country and organisation of every actor code seen. The schema is created and upgraded by the Alembic
migrations in ``dyads/store/migrations``: change a table here, then add a migration there.
"""
from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, Date, DateTime, Float, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


ID_SCHEME = 2  # how new article ids are made (see ArticleRow.id_scheme)


class Base(DeclarativeBase):
    pass


class ArticleRow(Base):
    __tablename__ = "articles"

    id: Mapped[str] = mapped_column(String(512), primary_key=True)
    title: Mapped[str | None] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text)  # cleaned text, as coded
    published: Mapped[dt.date | None] = mapped_column(Date, index=True)
    outlet: Mapped[str | None] = mapped_column(String(256), index=True)
    url: Mapped[str | None] = mapped_column(Text)
    content_hash: Mapped[str] = mapped_column(String(64), index=True)
    origin: Mapped[str | None] = mapped_column(Text)
    ingested_at: Mapped[dt.datetime] = mapped_column(DateTime)
    num_events: Mapped[int] = mapped_column(Integer, default=0)
    # since migration 0003: 2 for ids named as dyads names them now (a file in a directory: its path below the
    # directory given), 1 for articles stored before (a file: its name alone), which the next ingest of that
    # file replaces
    id_scheme: Mapped[int] = mapped_column(Integer, default=ID_SCHEME, server_default="1")

    events: Mapped[list["EventRow"]] = relationship(back_populates="article", cascade="all, delete-orphan",
                                                    passive_deletes=True)


class EventRow(Base):
    __tablename__ = "events"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    article_id: Mapped[str] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), index=True)
    sentence_index: Mapped[int] = mapped_column(Integer)
    sentence: Mapped[str] = mapped_column(Text)
    trigger: Mapped[str] = mapped_column(Text)
    trigger_start: Mapped[int | None] = mapped_column(Integer)  # offsets of the trigger in the sentence
    trigger_end: Mapped[int | None] = mapped_column(Integer)
    date: Mapped[dt.date | None] = mapped_column(Date, index=True)
    date_precision: Mapped[str | None] = mapped_column(String(16))
    source_code: Mapped[str] = mapped_column(String(64), index=True)
    source_country: Mapped[str | None] = mapped_column(String(3), index=True)
    source: Mapped[dict] = mapped_column(JSON)
    target_code: Mapped[str | None] = mapped_column(String(64), index=True)
    target_country: Mapped[str | None] = mapped_column(String(3), index=True)
    target: Mapped[dict | None] = mapped_column(JSON)
    attribution: Mapped[dict | None] = mapped_column(JSON)
    cameo: Mapped[str] = mapped_column(String(4), index=True)
    cameo_root: Mapped[str] = mapped_column(String(2), index=True)
    quad_class: Mapped[int] = mapped_column(Integer, index=True)
    goldstein: Mapped[float] = mapped_column(Float)
    plover_event: Mapped[str] = mapped_column(String(16))
    plover_mode: Mapped[str | None] = mapped_column(String(32))
    location: Mapped[dict | None] = mapped_column(JSON)
    confidence: Mapped[float] = mapped_column(Float)
    # since migration 0002: actor offsets in the article's full text (title + body), the cluster
    source_start: Mapped[int | None] = mapped_column(Integer)
    source_end: Mapped[int | None] = mapped_column(Integer)
    target_start: Mapped[int | None] = mapped_column(Integer)
    target_end: Mapped[int | None] = mapped_column(Integer)
    location_country: Mapped[str | None] = mapped_column(String(3))
    cluster_id: Mapped[int | None] = mapped_column(Integer, index=True)  # event_clusters.id (kept by the code)
    # since migration 0004: the confidence model's inputs, as the coder computed them ({name: number}), so that
    # `dyads calibrate` can refit the model from reviewed events without coding them again; null when the coder
    # gave none
    features: Mapped[dict | None] = mapped_column(JSON)

    article: Mapped[ArticleRow] = relationship(back_populates="events")


class ActorRow(Base):
    """Every actor code seen as a source or target, with its most recent canonical description."""

    __tablename__ = "actors"

    code: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str | None] = mapped_column(Text)
    country: Mapped[str | None] = mapped_column(String(3), index=True)
    org: Mapped[str | None] = mapped_column(String(64))
    sector: Mapped[list | None] = mapped_column(JSON)


class ClusterRow(Base):
    """One real-world event: the reports (events) of it in one or more articles, and what they agree on."""

    __tablename__ = "event_clusters"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    source_code: Mapped[str] = mapped_column(String(64), index=True)
    target_code: Mapped[str | None] = mapped_column(String(64), index=True)
    source_country: Mapped[str | None] = mapped_column(String(3))
    target_country: Mapped[str | None] = mapped_column(String(3))
    cameo: Mapped[str] = mapped_column(String(4))  # the most reported code
    cameo_root: Mapped[str] = mapped_column(String(2), index=True)
    quad_class: Mapped[int] = mapped_column(Integer)
    goldstein: Mapped[float] = mapped_column(Float)
    plover_event: Mapped[str] = mapped_column(String(16))
    plover_mode: Mapped[str | None] = mapped_column(String(32))
    date: Mapped[dt.date | None] = mapped_column(Date, index=True)  # the most reported event date
    date_min: Mapped[dt.date | None] = mapped_column(Date)
    date_max: Mapped[dt.date | None] = mapped_column(Date)
    location: Mapped[dict | None] = mapped_column(JSON)
    location_country: Mapped[str | None] = mapped_column(String(3))
    num_events: Mapped[int] = mapped_column(Integer, default=0)  # reports (mentions), several per article possible
    num_articles: Mapped[int] = mapped_column(Integer, default=0)
    num_sources: Mapped[int] = mapped_column(Integer, default=0)  # distinct outlets
    first_seen: Mapped[dt.date | None] = mapped_column(Date)  # earliest publication date of its articles
    last_seen: Mapped[dt.date | None] = mapped_column(Date)
    event_id: Mapped[str | None] = mapped_column(String(32))  # the representative report
    updated_at: Mapped[dt.datetime | None] = mapped_column(DateTime)


class ReviewRow(Base):
    """A human judgment, never a change to the coder's event: the machine event stays in ``events`` as coded.

    ``kind`` "judgment": a reviewer's verdict on a stored event (``event_id``), "correct" or "wrong" with an error
    class and optionally a correction (source, target and/or CAMEO code); one per event and reviewer, the latest
    judgment of an event deciding. ``kind`` "missed": an event the coder missed, added by a reviewer (no
    ``event_id``; ``source``, ``target`` and ``cameo`` say what the event is; ``verdict`` is "missed").

    A judgment keeps a snapshot of the event it judged (sentence, trigger span, actors, code) so that re-coding can
    find the same act again (:func:`dyads.store.reviews.reattach`); ``event_status`` says how it relates to the
    stored event now: "same" (the event as judged), "changed" (the same act, coded differently since) or "gone"
    (the coder no longer finds that act). There is no foreign key to events or articles: re-coding and re-ingesting
    replace events, and no judgment may be lost with them.
    """

    __tablename__ = "reviews"
    __table_args__ = (Index("ix_reviews_event_reviewer", "event_id", "reviewer"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    kind: Mapped[str] = mapped_column(String(16), index=True)  # judgment | missed
    event_id: Mapped[str | None] = mapped_column(String(32), index=True)
    article_id: Mapped[str] = mapped_column(String(512), index=True)
    sentence_index: Mapped[int | None] = mapped_column(Integer)
    sentence: Mapped[str | None] = mapped_column(Text)
    trigger: Mapped[str | None] = mapped_column(Text)
    trigger_start: Mapped[int | None] = mapped_column(Integer)
    trigger_end: Mapped[int | None] = mapped_column(Integer)
    source: Mapped[dict | None] = mapped_column(JSON)  # judgment: the judged event's; missed: the reviewer's
    target: Mapped[dict | None] = mapped_column(JSON)
    cameo: Mapped[str | None] = mapped_column(String(4))
    confidence: Mapped[float | None] = mapped_column(Float)  # the judged event's stated confidence
    verdict: Mapped[str] = mapped_column(String(16), index=True)  # correct | wrong | missed
    error_class: Mapped[str | None] = mapped_column(String(32))
    correction: Mapped[dict | None] = mapped_column(JSON)  # {"source"?: actor, "target"?: actor|None, "cameo"?}
    reviewer: Mapped[str] = mapped_column(String(100), index=True)
    note: Mapped[str | None] = mapped_column(Text)
    event_status: Mapped[str] = mapped_column(String(16), default="same")  # same | changed | gone
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime)
