"""Reviews in the database: judging stored events, adding the events the coder missed, and keeping every judgment
attached to the act it judged when articles are coded again.

A judgment never changes the coder's event. It keeps a snapshot of what it judged (sentence, trigger span, source,
target, CAMEO code), so that after ``dyads recode`` (or a changed article re-ingested) :func:`reattach` can find the
same act among the new events:

1. the judged event id still exists: ids hash the article, sentence, trigger word, code and actors, so it is the
   same act coded the same way;
2. else an event of the same article whose sentence has the same text (whitespace aside; the nearest sentence
   index first when the sentence occurs twice) and whose trigger overlaps the judged trigger span (or, where the
   sentence's spacing changed and offsets cannot be compared, has the same words): among several, the one with the same source, target and code, else the one sharing most of them, else
   the nearest trigger. The judgment moves to that event; its ``event_status`` is "same" when source, target and
   code are still the ones judged and "changed" when the coder now codes the act differently;
3. else the act is gone (the sentence changed, or the coder no longer finds an event there): the judgment stays,
   with its snapshot and ``event_status`` "gone", and comes back should a later re-coding find the act again.

What a judgment says about the article (the event is right; the right event is X) holds whatever the coder does
later, so exported gold and measured precision always use every judgment (see :mod:`dyads.analyse.reviews`).
"""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from dyads.store.models import ActorRow, ArticleRow, EventRow, ReviewRow

VERDICTS = ("correct", "wrong")
# the error classes of a wrong event, with the words the web interface shows
ERROR_CLASSES = {
    "not_event": "not an event",
    "negated": "negated or hypothetical",
    "wrong_source": "wrong source",
    "wrong_target": "wrong target",
    "wrong_code": "wrong code",
    "duplicate": "duplicate",
    "furniture": "furniture",
}
CODE_RE = re.compile(r"^[A-Z0-9_]{2,64}$")
DEFAULT_REVIEWER = "anonymous"


class ReviewError(ValueError):
    """A review that cannot be stored as given; the message says why."""


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc).replace(tzinfo=None, microsecond=0)


def _squash(text: str | None) -> str:
    return re.sub(r"\s+", " ", text or "").strip().lower()


# --- actors a reviewer names by code -----------------------------------------------------------------------------

@cache
def _known_codes() -> tuple[dict[str, dict], dict[str, tuple[str, ...]]]:
    """Actor descriptions by code from the built-in dictionary (states, organisations, groups) and role sectors."""
    from dyads.actors.dictionary import default_dictionary

    d = default_dictionary()
    by_code: dict[str, dict] = {}
    for e in d.entities:
        if e.kind in ("state", "organisation", "group") and e.code and not e.members:
            by_code.setdefault(e.code.upper(), {"name": e.name, "country": e.country, "org": e.org,
                                                "sector": list(e.sector)})
    for iso3, e in d.countries.items():
        by_code.setdefault(iso3.upper(), {"name": e.name, "country": e.country, "org": None, "sector": []})
    roles = {r.code.upper(): r.sectors for r in d.roles.values()}
    return by_code, roles


def describe_actor(session: Session | None, code: str, text: str | None = None) -> dict[str, Any]:
    """A contract Actor for a code a reviewer typed ("RUSGOV", "IGOWSTNAT", "UKR"): its name, country and
    organisation from the actors already stored, else the built-in dictionary, else the state its first three
    letters name (with the role after them as its sector); ``text`` is the phrase as written, if given."""
    code = (code or "").strip().upper()
    if not CODE_RE.match(code):
        raise ReviewError(f"{code!r} is not an actor code: letters, digits and _ only, e.g. RUSGOV, USA, IGOWSTNAT")
    row = session.get(ActorRow, code) if session is not None else None
    if row is not None:
        out = {"name": row.name or code, "country": row.country, "org": row.org, "sector": list(row.sector or [])}
    else:
        by_code, roles = _known_codes()
        known = by_code.get(code)
        if known is not None:
            out = dict(known)
        else:
            state = by_code.get(code[:3]) if len(code) > 3 else None
            if state is not None and state.get("country"):
                role = code[3:]
                out = {"name": f"{state['name']} {role}", "country": state["country"], "org": None,
                       "sector": list(roles.get(role, (role,) if role.isalpha() and len(role) == 3 else ()))}
            else:
                out = {"name": code, "country": None, "org": None, "sector": []}
    text = " ".join((text or "").split())[:300]  # the phrase as written, when the reviewer gave it
    return {"text": text, "name": out["name"], "code": code, "country": out["country"],
            "org": out["org"], "sector": out["sector"]}


def valid_cameo(code: str | None) -> str:
    from dyads.ontology.cameo import cameo_table

    code = (code or "").strip()
    info = cameo_table().get(code)
    if info is None:
        raise ReviewError(f"{code!r} is not a CAMEO code (2-4 digits from the CAMEO table, e.g. 042, 190, 1031)")
    if not info.emittable:
        raise ReviewError(f"CAMEO {code} ({info.name}) is a plain statement; dyads neither codes nor scores those")
    return code


# --- judging -----------------------------------------------------------------------------------------------------

@dataclass
class Correction:
    """What the event should have been: a new source, a new target (or none: ``no_target``), a new code."""

    source: dict | None = None
    target: dict | None = None
    no_target: bool = False
    cameo: str | None = None

    def is_empty(self) -> bool:
        return self.source is None and self.target is None and not self.no_target and self.cameo is None

    def to_json(self) -> dict | None:
        if self.is_empty():
            return None
        out: dict[str, Any] = {}
        if self.source is not None:
            out["source"] = self.source
        if self.target is not None or self.no_target:
            out["target"] = None if self.no_target else self.target
        if self.cameo is not None:
            out["cameo"] = self.cameo
        return out


def make_correction(session: Session | None, source: dict | None = None, target: dict | None = None,
                    no_target: bool = False, cameo: str | None = None) -> Correction:
    """A correction from what a reviewer typed: actors as {"code", "text"?}, a CAMEO code."""
    if target is not None and no_target:
        raise ReviewError("give either a corrected target or no_target, not both")
    return Correction(
        source=describe_actor(session, source.get("code", ""), source.get("text")) if source else None,
        target=describe_actor(session, target.get("code", ""), target.get("text")) if target else None,
        no_target=bool(no_target), cameo=valid_cameo(cameo) if cameo else None)


def _check(verdict: str, error_class: str | None, correction: Correction,
           event: EventRow) -> tuple[str | None, Correction]:
    """The judgment's error class and correction as stored: a correction's fields equal to the event's are dropped
    (they correct nothing), and a wrong event's class is inferred from what the correction changes."""
    if verdict not in VERDICTS:
        raise ReviewError(f"verdict must be one of {', '.join(VERDICTS)}")
    if verdict == "correct":
        if error_class or not correction.is_empty():
            raise ReviewError("a correct event has no error class and no correction; a correction means 'wrong'")
        return None, correction
    if error_class is not None and error_class not in ERROR_CLASSES:
        raise ReviewError(f"error_class must be one of {', '.join(ERROR_CLASSES)}")
    kept = Correction()
    if correction.source is not None and correction.source["code"] != event.source_code:
        kept.source = correction.source
    if correction.target is not None and correction.target["code"] != event.target_code:
        kept.target = correction.target
    if correction.no_target and event.target_code is not None:
        kept.no_target = True
    if correction.cameo is not None and correction.cameo != event.cameo:
        kept.cameo = correction.cameo
    inferred = ("wrong_source" if kept.source else "wrong_target" if kept.target or kept.no_target
                else "wrong_code" if kept.cameo else None)
    return error_class or inferred, kept


def _snapshot(r: ReviewRow, e: EventRow) -> None:
    r.event_id, r.article_id, r.sentence_index, r.sentence = e.id, e.article_id, e.sentence_index, e.sentence
    r.trigger, r.trigger_start, r.trigger_end = e.trigger, e.trigger_start, e.trigger_end
    r.source, r.target, r.cameo, r.confidence = e.source, e.target, e.cameo, e.confidence


def judge(session: Session, event_id: str, verdict: str, error_class: str | None = None,
          correction: Correction | None = None, reviewer: str | None = None,
          note: str | None = None) -> tuple[ReviewRow, bool]:
    """Store a reviewer's judgment of a stored event; (row, created). A reviewer judging the same event again
    replaces their own earlier judgment (its creation time stays); other reviewers' judgments are kept beside it.
    LookupError when there is no such event; :class:`ReviewError` when the judgment contradicts itself."""
    event = session.get(EventRow, event_id)
    if event is None:
        raise LookupError(f"No event {event_id!r}")
    error_class, correction = _check(verdict, error_class, correction or Correction(), event)
    reviewer = (reviewer or "").strip() or DEFAULT_REVIEWER
    row = session.scalars(select(ReviewRow).where(ReviewRow.kind == "judgment", ReviewRow.event_id == event_id,
                                                  ReviewRow.reviewer == reviewer)
                          .order_by(ReviewRow.id.desc())).first()
    created = row is None
    now = utcnow()
    if created:
        row = ReviewRow(kind="judgment", reviewer=reviewer, created_at=now)
        session.add(row)
    _snapshot(row, event)
    row.verdict, row.error_class, row.correction = verdict, error_class, correction.to_json()
    row.note = (note or "").strip() or None
    row.event_status, row.updated_at = "same", now
    session.flush()
    return row, created


def rejudge(session: Session, review_id: int, verdict: str, error_class: str | None = None,
            correction: Correction | None = None, reviewer: str | None = None,
            note: str | None = None) -> ReviewRow:
    """Change an existing judgment (PUT): its verdict, class, correction, note and reviewer; LookupError when
    there is no such judgment."""
    row = session.get(ReviewRow, review_id)
    if row is None or row.kind != "judgment":
        raise LookupError(f"No judgment {review_id}")
    event = session.get(EventRow, row.event_id) if row.event_id and row.event_status != "gone" else None
    correction = correction or Correction()
    if event is None:  # the judged act is gone: the judgment is of its snapshot
        snapshot = EventRow(id=row.event_id, source_code=(row.source or {}).get("code"),
                            target_code=(row.target or {}).get("code"), cameo=row.cameo)
        row.error_class, correction = _check(verdict, error_class, correction, snapshot)
    else:  # the reviewer judges the event as it is now
        row.error_class, correction = _check(verdict, error_class, correction, event)
        _snapshot(row, event)
        row.event_status = "same"
    row.verdict, row.correction = verdict, correction.to_json()
    row.note = (note or "").strip() or None
    if reviewer and reviewer.strip():
        row.reviewer = reviewer.strip()
    row.updated_at = utcnow()
    session.flush()
    return row


def add_missed(session: Session, article_id: str, sentence_index: int, sentence: str, source: dict,
               target: dict | None, cameo: str, reviewer: str | None = None, note: str | None = None) -> ReviewRow:
    """Store an event the coder missed: the sentence it is in, and its source, target (or None) and code."""
    if session.get(ArticleRow, article_id) is None:
        raise LookupError(f"No article {article_id!r}")
    now = utcnow()
    row = ReviewRow(kind="missed", event_id=None, article_id=article_id, sentence_index=sentence_index,
                    sentence=sentence, source=source, target=target, cameo=valid_cameo(cameo), verdict="missed",
                    reviewer=(reviewer or "").strip() or DEFAULT_REVIEWER, note=(note or "").strip() or None,
                    event_status="same", created_at=now, updated_at=now)
    session.add(row)
    session.flush()
    return row


def delete_review(session: Session, review_id: int) -> None:
    row = session.get(ReviewRow, review_id)
    if row is None:
        raise LookupError(f"No review {review_id}")
    session.delete(row)
    session.flush()


# --- reading -----------------------------------------------------------------------------------------------------

def _iso(t: dt.datetime | None) -> dt.datetime | None:
    return t.replace(tzinfo=dt.timezone.utc) if t is not None else None


def review_dict(r: ReviewRow) -> dict[str, Any]:
    """A review as the API gives it."""
    base = {"id": r.id, "kind": r.kind, "article_id": r.article_id, "sentence_index": r.sentence_index,
            "sentence": r.sentence, "reviewer": r.reviewer, "note": r.note, "created_at": _iso(r.created_at),
            "updated_at": _iso(r.updated_at)}
    if r.kind == "missed":
        return {**base, "verdict": "missed", "source": r.source, "target": r.target, "cameo": r.cameo,
                "cameo_root": (r.cameo or "")[:2]}
    return {**base, "event_id": r.event_id, "verdict": r.verdict, "error_class": r.error_class,
            "correction": r.correction, "event_status": r.event_status,
            "judged": {"trigger": r.trigger, "trigger_start": r.trigger_start, "trigger_end": r.trigger_end,
                       "source": r.source, "target": r.target, "cameo": r.cameo, "confidence": r.confidence}}


def list_reviews(session: Session, kind: str = "judgment", article: str | None = None, event_id: str | None = None,
                 reviewer: str | None = None, verdict: str | None = None, limit: int = 100,
                 offset: int = 0) -> tuple[int, list[ReviewRow]]:
    conds = [ReviewRow.kind == kind]
    if article:
        conds.append(ReviewRow.article_id == article)
    if event_id:
        conds.append(ReviewRow.event_id == event_id)
    if reviewer:
        conds.append(ReviewRow.reviewer == reviewer)
    if verdict:
        conds.append(ReviewRow.verdict == verdict)
    total = session.scalar(select(func.count()).select_from(ReviewRow).where(*conds)) or 0
    rows = session.scalars(select(ReviewRow).where(*conds).order_by(ReviewRow.id).limit(limit).offset(offset)).all()
    return total, list(rows)


def latest_judgments(session: Session, article_ids: Iterable[str] | None = None) -> dict[str, ReviewRow]:
    """For each stored event with a judgment attached to it, its latest judgment (by time, then id)."""
    q = select(ReviewRow).where(ReviewRow.kind == "judgment", ReviewRow.event_status != "gone")
    if article_ids is not None:
        ids = list(article_ids)
        if not ids:
            return {}
        q = q.where(ReviewRow.article_id.in_(ids))
    out: dict[str, ReviewRow] = {}
    for r in session.scalars(q.order_by(ReviewRow.updated_at, ReviewRow.id)):
        out[r.event_id] = r
    return out


# --- re-coding: keep each judgment on its act ---------------------------------------------------------------------

def _same_coding(r: ReviewRow, e: EventRow) -> bool:
    return ((r.source or {}).get("code") == e.source_code and (r.target or {}).get("code") == e.target_code
            and r.cameo == e.cameo)


def _same_trigger(r: ReviewRow, e: EventRow) -> bool:
    """The trigger spans overlap (in the same sentence text, where the offsets are comparable), else the trigger
    words are the same."""
    spans = (r.trigger_start, r.trigger_end, e.trigger_start, e.trigger_end)
    if all(isinstance(x, int) for x in spans) and r.sentence == e.sentence:
        return e.trigger_start < r.trigger_end and r.trigger_start < e.trigger_end
    return bool(r.trigger) and _squash(r.trigger) == _squash(e.trigger)


def find_act(r: ReviewRow, events: list[EventRow]) -> EventRow | None:
    """The event among ``events`` (one article's) that is the act ``r`` judged, or None (see the module's rules)."""
    sentence = _squash(r.sentence)
    candidates = [e for e in events if _squash(e.sentence) == sentence and _same_trigger(r, e)]
    if not candidates:
        return None
    src, tgt = (r.source or {}).get("code"), (r.target or {}).get("code")

    def rank(e: EventRow):
        shared = (e.source_code == src) + (e.target_code == tgt) + (e.cameo == r.cameo) + (
            e.cameo_root == (r.cameo or "")[:2])
        return (not _same_coding(r, e), -shared, abs(e.sentence_index - (r.sentence_index or 0)),
                abs((e.trigger_start or 0) - (r.trigger_start or 0)), e.id)

    return min(candidates, key=rank)


@dataclass
class ReattachReport:
    kept: int = 0  # the judged event id still exists
    moved: int = 0  # found again as another event (same act)
    gone: int = 0

    def add(self, other: "ReattachReport") -> None:
        self.kept += other.kept
        self.moved += other.moved
        self.gone += other.gone


def reattach(session: Session, article_id: str) -> ReattachReport:
    """After an article's events were replaced (recode, a changed article re-ingested), point each of its
    judgments at the event that is now the act it judged, or mark it gone."""
    rep = ReattachReport()
    judgments = session.scalars(select(ReviewRow).where(ReviewRow.article_id == article_id,
                                                        ReviewRow.kind == "judgment")).all()
    if not judgments:
        return rep
    events = list(session.scalars(select(EventRow).where(EventRow.article_id == article_id)))
    by_id = {e.id: e for e in events}
    for r in judgments:
        e = by_id.get(r.event_id)
        if e is not None:
            rep.kept += 1
        else:
            e = find_act(r, events)
            if e is None:
                rep.gone += 1
                r.event_status = "gone"
                continue
            rep.moved += 1
            r.event_id = e.id
        r.event_status = "same" if _same_coding(r, e) else "changed"
    session.flush()
    return rep
