"""Tables. Every contract field of an event is a column (actors as JSON beside their indexed codes), so the stored
events print back exactly as `dyads code` printed them."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, Date, DateTime, Float, ForeignKey, Integer, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


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

    events: Mapped[list["EventRow"]] = relationship(back_populates="article", cascade="all, delete-orphan",
                                                    passive_deletes=True)


class EventRow(Base):
    __tablename__ = "events"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    article_id: Mapped[str] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), index=True)
    sentence_index: Mapped[int] = mapped_column(Integer)
    sentence: Mapped[str] = mapped_column(Text)
    trigger: Mapped[str] = mapped_column(Text)
    trigger_start: Mapped[int | None] = mapped_column(Integer)
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

    article: Mapped[ArticleRow] = relationship(back_populates="events")
