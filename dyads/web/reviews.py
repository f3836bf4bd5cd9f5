"""The review API: reading judgments and measured precision (open), writing them (with the token).

GET /api/reviews, /api/reviews/missed, /api/reviews/{id}, /api/precision and /api/cameo are open like every read;
POST/PUT/DELETE /api/reviews…, POST /api/reviews/missed and GET /api/reviews/session exist only when ``dyads serve``
has a token, and need ``Authorization: Bearer TOKEN``.
"""
from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, HTTPException, Path as PathParam, Query, Response
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from dyads.analyse.sentences import locate_sentence
from dyads.store.models import ArticleRow, ReviewRow
from dyads.store import reviews as R
from dyads.web import schemas as S

TEXT = r"^[^\x00]*$"
AUTH_ERRORS = {401: {"model": S.ErrorOut, "description": "No token"},
               403: {"model": S.ErrorOut, "description": "Wrong token"}}


def review_filters(
    article: Annotated[str | None, Query(max_length=512, pattern=TEXT, description="article id")] = None,
    event_id: Annotated[str | None, Query(max_length=64, pattern=TEXT, description="judged event id")] = None,
    reviewer: Annotated[str | None, Query(max_length=100, pattern=TEXT)] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    offset: Annotated[int, Query(ge=0, le=1_000_000_000)] = 0,
) -> dict:
    return {"article": article, "event_id": event_id, "reviewer": reviewer, "limit": limit, "offset": offset}


def latest_by_event(s: Session, event_ids: list[str]) -> dict[str, list[dict]]:
    """Every judgment of these events, latest first (for the pages' badges)."""
    out: dict[str, list[dict]] = {}
    for i in range(0, len(event_ids), 500):
        q = (select(ReviewRow).where(ReviewRow.kind == "judgment", ReviewRow.event_id.in_(event_ids[i:i + 500]))
             .order_by(ReviewRow.updated_at.desc(), ReviewRow.id.desc()))
        for r in s.scalars(q):
            out.setdefault(r.event_id, []).append(R.review_dict(r))
    return out


def missed_of(s: Session, article_id: str) -> list[dict]:
    q = select(ReviewRow).where(ReviewRow.kind == "missed", ReviewRow.article_id == article_id).order_by(ReviewRow.id)
    return [R.review_dict(r) for r in s.scalars(q)]


def read_router(sessions: sessionmaker) -> APIRouter:
    r = APIRouter(prefix="/api", tags=["reviews"])

    @r.get("/reviews", response_model=S.ReviewPage, response_model_exclude_unset=True, summary="Reviewers' judgments of stored events",
           description="Each judgment: the event judged (`event_id`), `verdict` correct or wrong, the error class "
                       "and correction of a wrong one, the reviewer, and when it was made (`created_at`, UTC). "
                       "Events reviewers added are at /api/reviews/missed.")
    def reviews(f: Annotated[dict, Depends(review_filters)],
                verdict: Annotated[Literal["correct", "wrong"] | None, Query()] = None):
        with sessions() as s:
            total, rows = R.list_reviews(s, "judgment", f["article"], f["event_id"], f["reviewer"], verdict,
                                         f["limit"], f["offset"])
            return {"total": total, "limit": f["limit"], "offset": f["offset"],
                    "items": [R.review_dict(x) for x in rows]}

    @r.get("/reviews/missed", response_model=S.MissedPage, summary="Events reviewers added: the coder missed them")
    def missed(f: Annotated[dict, Depends(review_filters)]):
        with sessions() as s:
            total, rows = R.list_reviews(s, "missed", f["article"], None, f["reviewer"], None, f["limit"],
                                         f["offset"])
            return {"total": total, "limit": f["limit"], "offset": f["offset"],
                    "items": [R.review_dict(x) for x in rows]}

    @r.get("/reviews/{review_id:int}", response_model=S.ReviewOut | S.MissedOut, response_model_exclude_unset=True,
           summary="One review",
           responses={404: {"model": S.ErrorOut, "description": "No such review"}})
    def review(review_id: Annotated[int, PathParam(ge=0, le=2**62)]):
        with sessions() as s:
            row = s.get(ReviewRow, review_id)
            if row is None:
                raise HTTPException(404, f"No review {review_id}")
            return R.review_dict(row)

    @r.get("/precision", response_model=S.PrecisionOut, summary="Precision measured from the judgments",
           description="On the fully judged articles, (source, target, CAMEO root) groups of events right or "
                       "wrong as benchmarks/articles.py scores `dyads review export` gold, with the 95% Wilson "
                       "interval; the events' mean stated confidence against the share accepted; recall of the "
                       "events reviewers accepted, corrected or added.")
    def precision_api(by: Annotated[Literal["code", "root", "outlet", "source", "reviewer"] | None, Query()] = None,
                      min_confidence: Annotated[float | None, Query(ge=0, le=1)] = None):
        from dyads.analyse.reviews import precision

        return precision(sessions, by=by, min_confidence=min_confidence).to_dict()

    @r.get("/cameo", response_model=list[S.CameoOut], summary="The CAMEO codes dyads codes, with their names")
    def cameo(root: Annotated[str | None, Query(pattern=r"^[0-9]{2}$", description="only this root")] = None):
        from dyads.ontology.cameo import cameo_table

        return [{"code": c.code, "root": c.root, "name": c.name, "quad_class": c.quad_class}
                for c in cameo_table().values() if c.emittable and (root is None or c.root == root)]

    return r


# --- writing -----------------------------------------------------------------------------------------------------

def _correction(s: Session, c: S.CorrectionIn | None) -> R.Correction:
    if c is None:
        return R.Correction()
    target = c.target if isinstance(c.target, S.ActorIn) else None
    return R.make_correction(s, c.source.model_dump() if c.source else None,
                             target.model_dump() if target else None, c.target == "none", c.cameo)


def write_router(sessions: sessionmaker, lock: threading.Lock, require_token: Callable) -> APIRouter:
    r = APIRouter(prefix="/api", tags=["reviews"], dependencies=[Depends(require_token)])

    @r.get("/reviews/session", response_model=S.SessionOut, responses=AUTH_ERRORS,
           summary="Check a token before reviewing (the web interface's sign-in)")
    def session():
        return {"writer": True}

    @r.post("/reviews", status_code=201, response_model=S.ReviewOut, response_model_exclude_unset=True,
            summary="Judge a stored event",
            responses={**AUTH_ERRORS, 200: {"model": S.ReviewOut,
                                            "description": "The reviewer's earlier judgment of the event, replaced"},
                       404: {"model": S.ErrorOut, "description": "No such event"}},
            description="A human judgment of a stored event: `verdict` correct or wrong; a wrong event's "
                        "`error_class` and, if known, the `correction` (source, target, code). The coder's event "
                        "is never changed. One judgment per event and reviewer: judging again replaces it (200); "
                        "a new one answers 201. A correction's fields that equal the event's are dropped.")
    def post_review(body: S.ReviewIn, response: Response):
        with lock, sessions.begin() as s:
            try:
                row, created = R.judge(s, body.event_id, body.verdict, body.error_class,
                                       _correction(s, body.correction), body.reviewer, body.note)
            except LookupError as exc:
                raise HTTPException(404, str(exc)) from None
            except R.ReviewError as exc:  # what the schema cannot say
                raise HTTPException(400, str(exc)) from None
            out = R.review_dict(row)
        if not created:
            response.status_code = 200
        return out

    @r.put("/reviews/{review_id:int}", response_model=S.ReviewOut, response_model_exclude_unset=True,
           summary="Change a judgment",
           responses={**AUTH_ERRORS, 404: {"model": S.ErrorOut, "description": "No such judgment"}})
    def put_review(review_id: Annotated[int, PathParam(ge=0, le=2**62)], body: S.ReviewUpdate):
        with lock, sessions.begin() as s:
            try:
                row = R.rejudge(s, review_id, body.verdict, body.error_class, _correction(s, body.correction),
                                body.reviewer, body.note)
            except LookupError as exc:
                raise HTTPException(404, str(exc)) from None
            except R.ReviewError as exc:
                raise HTTPException(400, str(exc)) from None
            return R.review_dict(row)

    @r.delete("/reviews/{review_id:int}", status_code=204, summary="Withdraw a judgment or an added event",
              responses={**AUTH_ERRORS, 404: {"model": S.ErrorOut, "description": "No such review"}})
    def delete_review(review_id: Annotated[int, PathParam(ge=0, le=2**62)]):
        with lock, sessions.begin() as s:
            try:
                R.delete_review(s, review_id)
            except LookupError as exc:
                raise HTTPException(404, str(exc)) from None
        return Response(status_code=204)

    @r.post("/reviews/missed", status_code=201, response_model=S.MissedOut, summary="Add an event the coder missed",
            responses={**AUTH_ERRORS, 404: {"model": S.ErrorOut,
                                            "description": "No such article, or the words are not in it"}},
            description="Words of the event's sentence as selected in the article (`quote`; `part` and `offset` "
                        "say where), and the event: `source`, `cameo`, `target` (none for an event without one).")
    def post_missed(body: S.MissedIn):
        with sessions() as s:
            a = s.get(ArticleRow, body.article_id)
            if a is None:
                raise HTTPException(404, f"No article {body.article_id!r}")
            try:
                index, sentence = locate_sentence(a, body.quote, body.part, body.offset)
            except LookupError as exc:  # the words (the sentence they point at) are not there
                raise HTTPException(404, f"{exc} {body.article_id!r}") from None
        with lock, sessions.begin() as s:
            try:
                src = R.describe_actor(s, body.source.code, body.source.text)
                tgt = R.describe_actor(s, body.target.code, body.target.text) if body.target else None
                row = R.add_missed(s, body.article_id, index, sentence, src, tgt, body.cameo, body.reviewer,
                                   body.note)
            except LookupError as exc:
                raise HTTPException(404, str(exc)) from None
            except R.ReviewError as exc:
                raise HTTPException(400, str(exc)) from None
            return R.review_dict(row)

    return r
