"""Pydantic models of every API response, so /openapi.json documents them exactly."""
from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal
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


# --- reviews ------------------------------------------------------------------------------------------------------

ERROR_CLASS = Literal["not_event", "negated", "wrong_source", "wrong_target", "wrong_code", "duplicate", "furniture"]
NAME_PATTERN = r"^[^\x00-\x1f\x7f]*$"  # no control characters


class ActorIn(BaseModel):
    """An actor a reviewer names: its code, and optionally the words that name it in the text."""
    code: str = Field(min_length=2, max_length=64, pattern=r"^[A-Za-z0-9_]+$",
                      description='CAMEO-style actor code: "RUS", "RUSGOV", "IGOWSTNAT", "SYRREB"')
    text: str | None = Field(None, max_length=300, pattern=NAME_PATTERN,
                             description="the phrase as written in the article (used for dictionary suggestions)")


def _cameo_codes() -> tuple[str, ...]:
    from dyads.ontology.cameo import cameo_table

    return tuple(c.code for c in cameo_table().values() if c.emittable)


CameoCode = Literal[_cameo_codes()]  # type: ignore[valid-type]  # every code dyads emits, listed in the schema


class CorrectionIn(BaseModel):
    """What the event should have been; only the fields given change (a field equal to the event's is ignored)."""
    source: ActorIn | None = None
    target: ActorIn | Literal["none"] | None = Field(None, description='the right target, or "none": it has none')
    cameo: CameoCode | None = Field(None, description="the right CAMEO code")


class _Judgment(BaseModel):
    model_config = ConfigDict(extra="ignore")
    reviewer: str | None = Field(None, max_length=100, pattern=NAME_PATTERN,
                                 description='who judges (default "anonymous")')
    note: str | None = Field(None, max_length=2000)


class CorrectUpdate(_Judgment):
    verdict: Literal["correct"]
    error_class: None = Field(None, description="a correct event has none")
    correction: None = Field(None, description="a correct event has none")


class WrongUpdate(_Judgment):
    verdict: Literal["wrong"]
    error_class: ERROR_CLASS | None = Field(
        None, description="why it is wrong: not_event (not an event), negated (negated or hypothetical), "
                          "wrong_source, wrong_target, wrong_code, duplicate, furniture (page furniture); inferred "
                          "from the correction when one is given")
    correction: CorrectionIn | None = Field(None, description="the right source, target and/or code")


class _ForEvent(BaseModel):
    event_id: str = Field(min_length=1, max_length=64, pattern=NAME_PATTERN, description="the stored event judged")


class CorrectIn(CorrectUpdate, _ForEvent):
    pass


class WrongIn(WrongUpdate, _ForEvent):
    pass


ReviewIn = Annotated[CorrectIn | WrongIn, Field(discriminator="verdict")]
ReviewUpdate = Annotated[CorrectUpdate | WrongUpdate, Field(discriminator="verdict")]


class JudgedEvent(BaseModel):
    """The event as it was when judged (re-coding may have changed it since)."""
    trigger: str | None
    trigger_start: int | None
    trigger_end: int | None
    source: ActorOut | None
    target: ActorOut | None
    cameo: str | None
    confidence: float | None


class CorrectionOut(BaseModel):
    source: ActorOut | None = None
    target: ActorOut | None = None
    cameo: str | None = None


class ReviewOut(BaseModel):
    """A reviewer's judgment of a stored event."""
    id: int
    kind: Literal["judgment"]
    event_id: str
    verdict: Literal["correct", "wrong"]
    error_class: str | None
    correction: CorrectionOut | None = Field(description="the right source, target (null: none) and/or code; "
                                                         "only the fields the reviewer corrected are present")
    reviewer: str
    note: str | None
    created_at: dt.datetime = Field(description="when the judgment was made (UTC)")
    updated_at: dt.datetime = Field(description="when it was last changed (UTC)")
    article_id: str
    sentence_index: int | None
    sentence: str | None
    event_status: Literal["same", "changed", "gone"] = Field(
        description="same: the event is as judged; changed: re-coding codes the same act differently since; "
                    "gone: re-coding no longer finds the act (the judgment is kept)")
    judged: JudgedEvent


class ReviewPage(BaseModel):
    total: int
    limit: int
    offset: int
    items: list[ReviewOut]


class MissedIn(BaseModel):
    """An event the coder missed: words of its sentence (as selected in the article reader), and the event."""
    model_config = ConfigDict(extra="ignore")
    article_id: str = Field(min_length=1, max_length=512, pattern=NAME_PATTERN)
    quote: str = Field(min_length=2, max_length=5000, pattern=r"^[^\x00]*$",
                       description="words of the event's sentence, as they appear in the article")
    part: Literal["title", "body"] = Field("body", description="where the words were selected")
    offset: int | None = Field(None, ge=0, le=10_000_000,
                               description="where the selection starts in that part (picks the right one of "
                                           "repeated words)")
    source: ActorIn
    target: ActorIn | None = None
    cameo: CameoCode
    reviewer: str | None = Field(None, max_length=100, pattern=NAME_PATTERN)
    note: str | None = Field(None, max_length=2000)


class MissedOut(BaseModel):
    """An event a reviewer added because the coder missed it."""
    id: int
    kind: Literal["missed"]
    verdict: Literal["missed"]
    article_id: str
    sentence_index: int | None
    sentence: str | None
    source: ActorOut
    target: ActorOut | None
    cameo: str
    cameo_root: str
    reviewer: str
    note: str | None
    created_at: dt.datetime
    updated_at: dt.datetime


class MissedPage(BaseModel):
    total: int
    limit: int
    offset: int
    items: list[MissedOut]


class SessionOut(BaseModel):
    writer: bool = Field(description="the token is right: reviews and articles can be written")


class PrecisionRow(BaseModel):
    by: str
    value: str
    articles: int
    judged: int = Field(description="(source, target, CAMEO root) groups judged, as benchmarks/articles.py counts")
    correct: int
    precision: float | None
    ci_low: float | None = Field(description="95% Wilson interval of the precision")
    ci_high: float | None
    events: int
    events_right: int
    event_precision: float | None = Field(description="share of the events themselves accepted")
    mean_confidence: float | None = Field(description="their mean stated confidence")
    core: int = Field(description="events reviewers accepted, corrected or added")
    found: int = Field(description="of those, the ones dyads coded")
    recall: float | None


class PartialArticle(BaseModel):
    id: str
    title: str | None
    unjudged: int


class ReviewCounts(BaseModel):
    judged_events: int
    correct: int
    wrong: int = Field(description="judged wrong, without a correction")
    corrected: int
    missed_added: int
    error_classes: dict[str, int]
    changed_since: int
    gone: int
    reviewers: list[str]
    articles_reviewed: int
    articles_complete: int
    articles_partial: list[PartialArticle]


class PrecisionOut(BaseModel):
    min_confidence: float
    by: str | None
    overall: PrecisionRow
    rows: list[PrecisionRow]
    reviews: ReviewCounts


class CameoOut(BaseModel):
    code: str
    root: str
    name: str
    quad_class: int
