"""Pydantic models of every API response, so /openapi.json documents them exactly."""
from __future__ import annotations

import datetime as dt
import re

from pydantic import BaseModel, ConfigDict, Field, model_validator

_SURROGATES = re.compile(r"[\ud800-\udfff]")


class ActorOut(BaseModel):
    model_config = ConfigDict(extra="ignore")
    text: str
    name: str
    code: str
    country: str | None = None
    org: str | None = None
    sector: list[str] = []


class PloverOut(BaseModel):
    event: str
    mode: str | None = None


class LocationOut(BaseModel):
    model_config = ConfigDict(extra="ignore")
    name: str
    country: str | None = None
    lat: float
    lon: float


class EventOut(BaseModel):
    """One event in the contract's format, plus where it was published."""
    id: str
    doc_id: str = Field(description="the article's id")
    sentence_index: int
    sentence: str
    trigger: str
    date: dt.date | None
    source: ActorOut
    target: ActorOut | None
    cameo: str
    cameo_root: str
    quad_class: int = Field(ge=1, le=4)
    goldstein: float
    plover: PloverOut
    location: LocationOut | None
    attribution: ActorOut | None
    confidence: float
    date_precision: str | None = None
    trigger_start: int | None = None
    trigger_end: int | None = None
    published: dt.date | None = None
    outlet: str | None = None
    url: str | None = None
    article_title: str | None = None


class EventPage(BaseModel):
    total: int = Field(description="events matching the filters, all pages together")
    limit: int
    offset: int
    items: list[EventOut]
    truncated: bool = Field(False, description="the page stopped before `limit` items to stay under the response "
                                               "size bound; more follow at offset + len(items)")


class ArticleSummary(BaseModel):
    id: str
    title: str | None
    published: dt.date | None
    outlet: str | None
    url: str | None
    num_events: int


class ArticlePage(BaseModel):
    total: int
    limit: int
    offset: int
    items: list[ArticleSummary]
    truncated: bool = Field(False, description="the page stopped before `limit` items to stay under the response "
                                               "size bound; more follow at offset + len(items)")


class ArticleDetail(ArticleSummary):
    text: str = Field(description="the cleaned article text, as coded")
    events: list[EventOut]


class ActorStat(BaseModel):
    code: str = Field(description="actor code, or country when level=country")
    name: str
    country: str | None
    events: int = Field(description="events it takes part in, as source or target")
    as_source: int
    as_target: int
    goldstein_mean: float | None


class QuadCounts(BaseModel):
    """Events per quad class: 1 verbal cooperation, 2 material cooperation, 3 verbal conflict, 4 material conflict."""
    q1: int
    q2: int
    q3: int
    q4: int


class QuadNumbers(BaseModel):
    """One number per quad class: 1 verbal cooperation, 2 material cooperation, 3 verbal conflict,
    4 material conflict."""
    q1: float
    q2: float
    q3: float
    q4: float


class SeriesPeriod(BaseModel):
    period: str = Field(description='"2022-02" (month), "2022-W08" (ISO week) or "2022-02-24" (day)')
    start: dt.date
    events: int
    goldstein: float = Field(description="sum of the Goldstein scores")
    counts: QuadCounts
    goldstein_by_quad: QuadNumbers


class SeriesTotals(BaseModel):
    events: int
    goldstein: float
    counts: QuadCounts
    goldstein_by_quad: QuadNumbers


class Series(BaseModel):
    freq: str
    source: str | None
    target: str | None
    periods: list[SeriesPeriod]
    totals: SeriesTotals = Field(description="the sums over `periods`")
    truncated: bool = Field(False, description="the events span more than `max_periods` periods: only the latest "
                                               "are given (date_from/date_to choose another window)")
    max_periods: int = Field(description="the most periods one series holds")


class NetworkNode(BaseModel):
    code: str
    name: str
    country: str | None
    events: int


class NetworkEdge(BaseModel):
    source: str
    target: str
    counts: QuadCounts
    total: int
    goldstein_mean: float
    kind: str = Field(description="cooperation (quad 1-2 dominate), conflict (3-4) or mixed")


class Network(BaseModel):
    level: str
    nodes: list[NetworkNode]
    edges: list[NetworkEdge]


class OutletActor(BaseModel):
    actor: str
    events: int
    goldstein_mean: float | None


class OutletStat(BaseModel):
    outlet: str | None = Field(description="null for articles without an outlet")
    articles: int
    events: int
    events_per_article: float | None
    quad_counts: QuadCounts
    quad_shares: QuadNumbers
    goldstein_mean: float | None
    actors: list[OutletActor] = Field(description="the comparison's actors, in the order of `actors` above")


class ComparedActor(BaseModel):
    actor: str
    name: str
    events: int


class OutletComparison(BaseModel):
    level: str
    actors: list[ComparedActor]
    outlets: list[OutletStat]


class ErrorOut(BaseModel):
    detail: str


def quad_numbers(d: dict) -> dict:
    """{1: x, 2: y, ...} → {"q1": x, ...}."""
    return {f"q{q}": d.get(q, 0) for q in (1, 2, 3, 4)}


class ArticleIn(BaseModel):
    """One article as a line of a dyads JSONL input: `id` and `text`, the rest optional. A lone surrogate (JSON's
    "\\ud800", which no text can hold) becomes U+FFFD, as in a JSONL line."""
    model_config = ConfigDict(extra="ignore")

    @model_validator(mode="before")
    @classmethod
    def _no_lone_surrogates(cls, data):
        if isinstance(data, dict):
            return {k: _SURROGATES.sub("\ufffd", v) if isinstance(v, str) else v for k, v in data.items()}
        return data

    id: str = Field(min_length=1, max_length=512, pattern=r"^[^\x00-\x1f\x7f]*$",
                    description="the article's id: sending the same id again replaces a changed article")
    text: str = Field(min_length=1, max_length=900_000, description="the article text (page furniture is removed)")
    title: str | None = Field(None, max_length=2000)
    published: str | None = Field(None, max_length=40, pattern=r"^[0-9]{4}-[0-9]{2}-[0-9]{2}([T ].*)?$",
                                  description="YYYY-MM-DD or an ISO datetime")
    source: str | None = Field(None, max_length=256, description="the outlet's name")
    url: str | None = Field(None, max_length=2000)


class IngestedArticle(BaseModel):
    id: str
    num_events: int
    url: str = Field(description="where the API shows it")


class SkippedArticle(BaseModel):
    index: int = Field(description="its position in the request")
    id: str
    reason: str


class IngestOut(BaseModel):
    stored: int = Field(description="articles added or replaced")
    unchanged: int = Field(description="articles already stored with the same content")
    events: int = Field(description="events of the stored articles")
    articles: list[IngestedArticle]
    skipped: list[SkippedArticle] = Field(description="articles not stored, with the reason")
    warnings: list[SkippedArticle] = Field([], description="articles stored with something in them ignored (e.g. a "
                                                           "publication date that is not one), with the reason")
