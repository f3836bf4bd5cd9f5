"""The plain dataclasses that every pipeline stage passes to the next.

read → Article; clean → Article (cleaned text); parse → spaCy Doc (only inside dyads.parse and the coders);
actors → Actor; events → Event; store → rows. Nothing here knows about spaCy or SQL, so every stage can be tested,
serialised and shipped to worker processes on its own.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass
class Article:
    """One news article as read from a file, a JSONL line or standard input."""

    id: str
    text: str
    title: str | None = None
    published: dt.date | None = None
    source: str | None = None  # the outlet ("The Guardian")
    url: str | None = None
    origin: str | None = None  # where it was read from ("data/x.jsonl:12"), for messages

    @property
    def full_text(self) -> str:
        """Title and body as the coder sees them: the title is sentence 0 when there is one."""
        if self.title and not self.text.startswith(self.title):
            return f"{self.title}\n\n{self.text}"
        return self.text


@dataclass
class Actor:
    """Who acts or is acted upon, as the contract defines it, plus where it was found."""

    text: str
    name: str
    code: str
    country: str | None = None
    org: str | None = None
    sector: list[str] = field(default_factory=list)
    kind: str = "state"  # state | organisation | group | person | agent: which dictionary resolved it
    start: int | None = None  # character offsets of the phrase in the article's full text (title + body)
    end: int | None = None
    # how the phrase was resolved: name (a dictionary name), adjective ("Russian troops"), capital/seat ("Moscow",
    # "the Kremlin"), context (a role word owned by a state named nearby), home (a role word or unnamed people and
    # property owned by the article's home country), role (a role word alone), pronoun, surname, speaker
    how: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "name": self.name, "code": self.code, "country": self.country,
                "org": self.org, "sector": list(self.sector)}


@dataclass
class Place:
    name: str
    country: str | None
    lat: float
    lon: float

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "country": self.country, "lat": self.lat, "lon": self.lon}


@dataclass
class Event:
    """One coded event: who did what to whom, with its evidence."""

    id: str
    doc_id: str
    sentence_index: int
    sentence: str
    trigger: str
    date: str | None
    source: Actor
    target: Actor | None
    cameo: str
    cameo_root: str
    quad_class: int
    goldstein: float
    plover: dict[str, Any]
    location: Place | None = None
    attribution: Actor | None = None
    confidence: float = 0.5
    # beyond the contract: where the evidence sits, and how the date was found
    trigger_start: int | None = None  # character offsets of the trigger in the sentence
    trigger_end: int | None = None
    date_precision: str | None = None  # day | week | month | quarter | year | published
    published: str | None = None
    outlet: str | None = None
    url: str | None = None
    # how the coder found it (trigger kind, clause, how source and target were found and resolved): what makes an
    # event explainable, and what the confidence model reads
    evidence: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["source"] = self.source.to_dict()
        d["target"] = self.target.to_dict() if self.target else None
        d["attribution"] = self.attribution.to_dict() if self.attribution else None
        d["location"] = self.location.to_dict() if self.location else None
        return d


def parse_date(value: Any) -> dt.date | None:
    """Read a publication date given as YYYY-MM-DD or an ISO datetime; None when absent or unreadable."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    try:
        return dt.date.fromisoformat(text[:10])
    except ValueError:
        return None
