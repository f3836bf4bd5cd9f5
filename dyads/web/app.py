"""The web interface and the REST API over a dyads database (read-only unless a token is configured).

``create_app(url)`` gives a FastAPI application: JSON under /api (documented at /openapi.json and /docs) and
server-rendered pages (dashboard, network, events, article reader, outlets) whose charts are drawn by our own small
scripts in ``static/``. Every response, errors and 500s included, is sent with a Content-Security-Policy that only
allows this server's own files and the other security headers; HEAD is answered wherever GET is.

No request can take the server's memory: request bodies and query strings are bounded (413/414), a page of events
or articles stops at ``MAX_PAGE_BYTES`` of JSON (``truncated``), a time series at ``MAX_PERIODS`` periods (the
latest; ``truncated``), the outlet comparison at ``limit`` outlets, and validation errors (422) echo at most
``MAX_ERRORS`` errors with short excerpts of the input, never the input itself. Without a token the database is
opened read-only.
"""
from __future__ import annotations

import datetime as dt
import json
import logging
import re
import secrets
import threading
from pathlib import Path
from typing import Annotated, Literal
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Depends, FastAPI, HTTPException, Path as PathParam, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from pydantic import BeforeValidator, Field
from jinja2 import Environment, FileSystemLoader, select_autoescape
from sqlalchemy import and_, func, select
from sqlalchemy.orm import sessionmaker
from starlette.exceptions import HTTPException as StarletteHTTPException

from dyads import __version__
from dyads.analyse import EventFilter, actor_network, dyad_series, outlet_comparison, split_dyad, top_actors
from dyads.analyse.stats import period_of
from dyads.store import connect
from dyads.store.ingest import row_to_event_dict
from dyads.store.models import ArticleRow, EventRow
from dyads.web import schemas as S
from dyads.store.reviews import ERROR_CLASSES
from dyads.web.highlight import highlight, placed_ids
from dyads.web.reviews import latest_by_event, missed_of
from dyads.web.reviews import read_router as reviews_read_router
from dyads.web.reviews import write_router as reviews_write_router

HERE = Path(__file__).resolve().parent
CSP = ("default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; object-src 'none'; "
       "base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
QUAD_NAMES = {1: "verbal cooperation", 2: "material cooperation", 3: "verbal conflict", 4: "material conflict"}
SECURITY_HEADERS = {"Content-Security-Policy": CSP, "X-Content-Type-Options": "nosniff",
                    "Referrer-Policy": "same-origin", "X-Frame-Options": "DENY"}
MAX_PAGE_BYTES = 4_000_000  # JSON of one page of events or articles (the first item is always sent)
MAX_PERIODS = 5_000  # periods of one time series (13 years of days, 96 of weeks)
MAX_OUTLETS = 500  # outlets of one comparison
MAX_ERRORS = 20  # validation errors echoed in one 422
log = logging.getLogger("dyads.web")
_SURROGATES = re.compile(r"[\ud800-\udfff]")


class SafeJSONResponse(JSONResponse):
    """JSON that can always be sent: a lone surrogate (which a client can send as "\\ud800") becomes U+FFFD."""

    def render(self, content) -> bytes:
        text = json.dumps(content, ensure_ascii=False, allow_nan=False, indent=None, separators=(",", ":"))
        return _SURROGATES.sub("\ufffd", text).encode("utf-8")


def _json_size(item) -> int:
    return len(json.dumps(item, default=str, ensure_ascii=False).encode("utf-8", "replace"))


def within_budget(items: list, budget: int = MAX_PAGE_BYTES) -> list:
    """The first items whose JSON fits in ``budget`` bytes (at least one)."""
    used = 0
    for n, item in enumerate(items):
        used += _json_size(item)
        if used > budget and n > 0:
            return items[:n]
    return items

# --- parameters -------------------------------------------------------------------------------------------------

CODE = r"^[A-Za-z0-9_]+$"
TEXT = r"^[^\x00]*$"  # anything but NUL (PostgreSQL refuses it in strings)
NOT_FOUND = {404: {"model": S.ErrorOut, "description": "No such id"}}

Code = Annotated[str | None, Query(max_length=64, pattern=CODE,
                                   description="actor code prefix (RUS, RUSGOV, IGOEU) or country (RUS)")]
Limit = Annotated[int, Query(ge=1, le=500, description="page size (1-500)")]
Offset = Annotated[int, Query(ge=0, le=1_000_000_000)]
Level = Annotated[Literal["code", "country"], Query(description="group actors by code or by country")]


def _iso_date_only(v):
    """Dates in parameters are YYYY-MM-DD only (pydantic alone would also take numbers as timestamps)."""
    if isinstance(v, str) and not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", v):
        raise ValueError("write the date as YYYY-MM-DD")
    return v


IsoDate = Annotated[dt.date, BeforeValidator(_iso_date_only)]


def event_filter(
    actor: Annotated[str | None, Query(max_length=64, pattern=CODE,
                                       description="code prefix or country, as source or target")] = None,
    source: Code = None,
    target: Code = None,
    dyad: Annotated[str | None, Query(max_length=129, pattern=r"^[A-Za-z0-9_]+-[A-Za-z0-9_]+$",
                                      description='"SOURCE-TARGET", e.g. RUS-UKR')] = None,
    cameo: Annotated[str | None, Query(pattern=r"^[0-9]{1,4}$", description="CAMEO code prefix")] = None,
    root: Annotated[str | None, Query(pattern=r"^[0-9]{2}$", description="CAMEO root, 01-20")] = None,
    quad: Annotated[int | None, Query(ge=1, le=4, description="quad class 1-4")] = None,
    date_from: Annotated[IsoDate | None, Query(description="event date, inclusive")] = None,
    date_to: Annotated[IsoDate | None, Query(description="event date, inclusive")] = None,
    outlet: Annotated[str | None, Query(max_length=256, pattern=TEXT)] = None,
    q: Annotated[str | None, Query(max_length=200, pattern=TEXT, description="text in the sentence")] = None,
    article: Annotated[str | None, Query(max_length=512, pattern=TEXT, description="article id")] = None,
) -> EventFilter:
    f = EventFilter(actor=actor, source=source, target=target, cameo=cameo, root=root, quad=quad,
                    date_from=date_from, date_to=date_to, outlet=outlet, q=q, article=article)
    if dyad:
        f.source, f.target = split_dyad(dyad)
    return f


Filters = Annotated[EventFilter, Depends(event_filter)]


# --- queries shared by the API and the pages ---------------------------------------------------------------------

EVENT_SORTS = {
    "date": lambda: [EventRow.date.is_(None), EventRow.date, EventRow.article_id, EventRow.sentence_index,
                     EventRow.id],
    "-date": lambda: [EventRow.date.is_(None), EventRow.date.desc(), EventRow.article_id, EventRow.sentence_index,
                      EventRow.id],
    "goldstein": lambda: [EventRow.goldstein, EventRow.date.desc(), EventRow.id],
    "-goldstein": lambda: [EventRow.goldstein.desc(), EventRow.date.desc(), EventRow.id],
}
EventSort = Literal["date", "-date", "goldstein", "-goldstein"]


def event_dict(row: EventRow, published, outlet, url, title) -> dict:
    d = row_to_event_dict(row)
    d.update(published=published.isoformat() if published else None, outlet=outlet, url=url, article_title=title)
    return d


def query_events(sessions: sessionmaker, f: EventFilter, sort: str = "-date", limit: int = 50,
                 offset: int = 0) -> tuple[int, list[dict]]:
    """The total matching ``f`` and one page of them, cut short after MAX_PAGE_BYTES of JSON."""
    with sessions() as s:
        total = s.scalar(f.apply(select(func.count()).select_from(EventRow)
                                 .join(ArticleRow, EventRow.article_id == ArticleRow.id), joined=True)) or 0
        stmt = (select(EventRow, ArticleRow.published, ArticleRow.outlet, ArticleRow.url, ArticleRow.title)
                .join(ArticleRow, EventRow.article_id == ArticleRow.id))
        stmt = f.apply(stmt, joined=True).order_by(*EVENT_SORTS[sort]()).limit(limit).offset(offset)
        items, used = [], 0
        for r in s.execute(stmt):
            item = event_dict(*r)
            used += _json_size(item)
            if used > MAX_PAGE_BYTES and items:
                break
            items.append(item)
    return total, items


def article_summary(a: ArticleRow) -> dict:
    return {"id": a.id, "title": a.title, "published": a.published, "outlet": a.outlet, "url": a.url,
            "num_events": a.num_events or 0}


def get_article(sessions: sessionmaker, article_id: str) -> dict | None:
    with sessions() as s:
        a = s.get(ArticleRow, article_id)
        if a is None:
            return None
        rows = s.scalars(select(EventRow).where(EventRow.article_id == a.id)
                         .order_by(EventRow.sentence_index, EventRow.trigger_start, EventRow.id)).all()
        events = [event_dict(r, a.published, a.outlet, a.url, a.title) for r in rows]
        return {**article_summary(a), "text": a.text, "events": events}


def list_articles(sessions: sessionmaker, outlet=None, q=None, date_from=None, date_to=None, sort="-published",
                  limit=50, offset=0) -> tuple[int, list[dict]]:
    conds = []
    if outlet:
        conds.append(ArticleRow.outlet == outlet)
    if q and q.strip():
        conds.append(func.lower(func.coalesce(ArticleRow.title, "")).contains(q.strip().lower(), autoescape=True))
    if date_from:
        conds.append(ArticleRow.published >= date_from)
    if date_to:
        conds.append(ArticleRow.published <= date_to)
    where = and_(*conds) if conds else None
    order = {"published": [ArticleRow.published.is_(None), ArticleRow.published, ArticleRow.id],
             "-published": [ArticleRow.published.is_(None), ArticleRow.published.desc(), ArticleRow.id],
             "events": [ArticleRow.num_events, ArticleRow.id],
             "-events": [ArticleRow.num_events.desc(), ArticleRow.id],
             "title": [ArticleRow.title, ArticleRow.id]}[sort]
    with sessions() as s:
        cq = select(func.count()).select_from(ArticleRow)
        sq = select(ArticleRow)
        if where is not None:
            cq, sq = cq.where(where), sq.where(where)
        total = s.scalar(cq) or 0
        items = [article_summary(a) for a in s.scalars(sq.order_by(*order).limit(limit).offset(offset))]
    return total, within_budget(items)


def outlets_list(sessions: sessionmaker) -> list[str]:
    with sessions() as s:
        return [o for o in s.scalars(select(ArticleRow.outlet).where(ArticleRow.outlet.is_not(None))
                                     .group_by(ArticleRow.outlet).order_by(ArticleRow.outlet))]


def corpus_summary(sessions: sessionmaker) -> dict:
    with sessions() as s:
        n_art = s.scalar(select(func.count()).select_from(ArticleRow)) or 0
        n_ev, first, last = s.execute(select(func.count(), func.min(EventRow.date), func.max(EventRow.date))).one()
        n_out = s.scalar(select(func.count(func.distinct(ArticleRow.outlet)))) or 0
    return {"articles": n_art, "events": n_ev or 0, "first": first, "last": last, "outlets": n_out}


def _series_api(d: dict) -> dict:
    for p in [*d["periods"], d["totals"]]:
        p["counts"] = S.quad_numbers(p["counts"])
        p["goldstein_by_quad"] = S.quad_numbers(p["goldstein_by_quad"])
    return d


def _shift(start: dt.date, freq: str, steps: int) -> dt.date | None:
    """The start of the period ``steps`` periods after (negative: before) the one starting on ``start``."""
    try:
        if freq == "month":
            months = start.year * 12 + start.month - 1 + steps
            return dt.date(months // 12, months % 12 + 1, 1)
        return start + dt.timedelta(days=steps * (7 if freq == "week" else 1))
    except (OverflowError, ValueError):  # before year 1 or after 9999
        return None


def bounded_series(sessions: sessionmaker, f: EventFilter, freq: str, max_periods: int = MAX_PERIODS) -> dict:
    """The dyad series of ``f`` with every period between the first and the last present (empty ones with zeros),
    over at most ``max_periods`` periods: when the events span more, the latest ``max_periods`` periods are given
    (from the first of them, whether it has events or not) and ``truncated`` is true (``date_from``/``date_to`` choose another window). Totals are those of the periods
    given. Memory and time grow with the periods given, never with the span of the dates (one event dated 9999
    costs nothing). Without date_from/date_to only plausible event dates count (from 1900 to as far ahead as dyads
    dates events now): a database coded before dates were checked may hold events dated 0001 or 9999."""
    from dataclasses import replace

    from dyads.when import EARLIEST, EVENT_HORIZON, PUBLICATION_HORIZON

    f = replace(f, date_from=f.date_from or EARLIEST,
                date_to=f.date_to or dt.date.today() + PUBLICATION_HORIZON + EVENT_HORIZON)
    d = dyad_series(sessions, f.source, f.target, freq, filters=f, fill=False)
    periods = d["periods"]  # only periods with events, in order
    truncated = False
    if periods:
        last = dt.date.fromisoformat(periods[-1]["start"])
        first_allowed = _shift(last, freq, -(max_periods - 1)) or dt.date.min
        kept = [p for p in periods if dt.date.fromisoformat(p["start"]) >= first_allowed]
        truncated = len(kept) < len(periods)
        by_start = {p["start"]: p for p in kept}
        start = first_allowed if truncated else dt.date.fromisoformat(kept[0]["start"])
        periods = []
        while start is not None and start <= last:
            key = start.isoformat()
            periods.append(by_start.get(key) or _empty(period_of(start, freq)[0], key))
            start = _shift(start, freq, 1)
    totals = {"events": 0, "goldstein": 0.0, "counts": {q: 0 for q in QUAD_NAMES},
              "goldstein_by_quad": {q: 0.0 for q in QUAD_NAMES}}
    for p in periods:
        totals["events"] += p["events"]
        totals["goldstein"] += p["goldstein"]
        for q in QUAD_NAMES:
            totals["counts"][q] += p["counts"][q]
            totals["goldstein_by_quad"][q] += p["goldstein_by_quad"][q]
    totals["goldstein"] = round(totals["goldstein"], 3)
    totals["goldstein_by_quad"] = {q: round(v, 3) for q, v in totals["goldstein_by_quad"].items()}
    return {**d, "periods": periods, "totals": totals, "truncated": truncated, "max_periods": max_periods}


def _empty(label: str, start: str) -> dict:
    return {"period": label, "start": start, "events": 0, "goldstein": 0.0, "counts": {q: 0 for q in QUAD_NAMES},
            "goldstein_by_quad": {q: 0.0 for q in QUAD_NAMES}}


# --- the application --------------------------------------------------------------------------------------------

MAX_BODY = 1_000_000  # bytes per request body (413 beyond)
MAX_QUERY = 16_384  # bytes of query string (414 beyond): above what the longest legal filter combination needs
MAX_ARTICLES = 100  # articles per POST /api/articles


def create_app(db_url: str, *, token: str | None = None) -> FastAPI:
    """The web interface and REST API over the database at ``db_url``.

    Reading is open to anyone who can reach the server. Writing exists only with ``token``: then
    ``POST /api/articles`` codes and stores articles, and requires ``Authorization: Bearer TOKEN`` (401 without
    it, 403 with a wrong one)."""
    _, sessions = connect(db_url, read_only=token is None)  # nothing is written without a token
    writes = ("Articles can be added with POST /api/articles, and events judged with POST /api/reviews, with a "
              "bearer token." if token else "Read-only.")
    app = FastAPI(title="dyads", version=__version__, docs_url=None, redoc_url=None,  # Swagger UI needs a CDN
                  default_response_class=SafeJSONResponse,
                  description="Political events coded by dyads (CAMEO and PLOVER): who did what to whom, when and "
                              f"where. {writes} Event objects follow the dyads contract. Request bodies are "
                              f"limited to {MAX_BODY:,} bytes (413 beyond), query strings to {MAX_QUERY:,} bytes "
                              f"(414 beyond); a page of events or articles to {MAX_PAGE_BYTES:,} bytes of JSON "
                              f"(`truncated`), a series to {MAX_PERIODS:,} periods.",
                  openapi_tags=[{"name": "events"}, {"name": "articles"}, {"name": "analysis"},
                                {"name": "reviews"}])
    app.state.sessions = sessions
    env = Environment(loader=FileSystemLoader(str(HERE / "templates")), autoescape=select_autoescape(default=True),
                      trim_blocks=True, lstrip_blocks=True)
    templates = Jinja2Templates(env=env)
    env.filters["aid"] = lambda s: quote(str(s), safe="")
    env.globals.update(QUAD_NAMES=QUAD_NAMES, version=__version__, reviews_enabled=token is not None,
                       ERROR_CLASSES=ERROR_CLASSES)

    @app.middleware("http")
    async def guard(request: Request, call_next):
        resp: Response | None = _over_limits(request)
        if resp is None and request.method not in ("GET", "HEAD", "OPTIONS") and token is not None:
            resp = _unauthorised(request, token)  # before the body is read
        head = request.method == "HEAD"
        if head:  # answered as GET without the body (the routes are declared for GET only)
            request.scope["method"] = "GET"
        if resp is None:
            try:
                resp = await call_next(request)
            except Exception:  # a bug: a 500 that still carries the security headers, and no traceback sent
                log.exception("error serving %s %s", request.method, request.url.path)
                resp = SafeJSONResponse({"detail": "Internal server error"}, status_code=500)
            if resp.status_code == 405:  # one path served by several routes (GET and POST /api/articles)
                resp.headers["Allow"] = _allowed_methods(app, request.scope) or resp.headers.get("Allow", "")
        if head:
            resp = await _without_body(resp)
        resp.headers.update(SECURITY_HEADERS)
        return resp

    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, exc: RequestValidationError):
        errors = exc.errors()
        bad_json = next((e for e in errors if e.get("type") == "json_invalid"), None)
        if bad_json is not None:
            where = (bad_json.get("ctx") or {}).get("error", "")
            return SafeJSONResponse({"detail": f"the body is not valid JSON{': ' + str(where) if where else ''}"},
                                    status_code=400)
        return SafeJSONResponse({"detail": [_short_error(e) for e in errors[:MAX_ERRORS]]}, status_code=422)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException):
        if request.url.path.startswith("/api") or "text/html" not in request.headers.get("accept", ""):
            return JSONResponse({"detail": str(exc.detail)}, status_code=exc.status_code,
                                headers=getattr(exc, "headers", None))
        return templates.TemplateResponse(request, "error.html", {"status": exc.status_code,
                                                                  "detail": str(exc.detail)},
                                          status_code=exc.status_code)

    app.include_router(api_router(sessions))
    app.include_router(reviews_read_router(sessions))
    if token is not None:
        lock = threading.Lock()  # one writer at a time (SQLite), and the coder loads once
        require_token = token_dependency(token)
        app.include_router(write_router(sessions, lock, require_token))
        app.include_router(reviews_write_router(sessions, lock, require_token))
    app.include_router(pages_router(sessions, templates))
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")

    def openapi():
        if app.openapi_schema is None:
            from fastapi.openapi.utils import get_openapi
            schema = get_openapi(title=app.title, version=app.version, description=app.description,
                                 routes=app.routes, tags=app.openapi_tags)
            for ops in schema.get("paths", {}).values():
                for method, op in ops.items():
                    responses = op.setdefault("responses", {})
                    responses["414"] = {"description": f"Query string longer than {MAX_QUERY:,} bytes",
                                        "content": {"application/json": {"schema": {
                                            "$ref": "#/components/schemas/ErrorOut"}}}}
                    if method in ("post", "put", "patch"):
                        for code, what in (("400", "Body that is not JSON"),
                                           ("411", "Body without a Content-Length"),
                                           ("413", f"Body larger than {MAX_BODY:,} bytes")):
                            responses[code] = {"description": what, "content": {"application/json": {
                                "schema": {"$ref": "#/components/schemas/ErrorOut"}}}}
            schema.setdefault("components", {}).setdefault("schemas", {}).setdefault(
                "ErrorOut", S.ErrorOut.model_json_schema())
            app.openapi_schema = schema
        return app.openapi_schema

    app.openapi = openapi
    return app


async def _without_body(resp: Response) -> Response:
    """The response to a HEAD request: status and headers (Content-Length included) of the GET, no body."""
    body_iterator = getattr(resp, "body_iterator", None)
    if body_iterator is not None:
        async for _ in body_iterator:  # let the route finish; the pages are bounded, so this is too
            pass
    return Response(content=b"", status_code=resp.status_code, headers=dict(resp.headers))


def _excerpt(value, limit: int = 100):
    """A short stand-in for an invalid input in a 422: short scalars as they are, the rest described."""
    if value is None or isinstance(value, (bool, int, float)):
        return value
    if isinstance(value, str):
        return value if len(value) <= limit else value[:limit] + f"… ({len(value):,} characters)"
    if isinstance(value, (list, tuple)):
        return f"(a list of {len(value):,} items)"
    if isinstance(value, dict):
        return f"(an object with {len(value):,} fields)"
    return f"({type(value).__name__})"


def _short_error(e: dict) -> dict:
    out = {"loc": [x if isinstance(x, int) else str(x)[:100] for x in e.get("loc", ())][:10],
           "msg": str(e.get("msg", ""))[:300], "type": str(e.get("type", ""))[:100]}
    if "input" in e:
        out["input"] = _excerpt(e["input"])
    return out


def _allowed_methods(app: FastAPI, scope) -> str:
    """The methods the API documents for this path (Starlette's 405 names only those of the first route)."""
    path = scope.get("path", "")
    methods: set[str] = set()
    paths = app.openapi().get("paths", {})
    if path in paths:  # a fixed path wins over a template that would also match it (/api/reviews/missed)
        methods = {m.upper() for m in paths[path]}
    for template, ops in paths.items() if not methods else ():
        if re.fullmatch(re.sub(r"\\\{[^}]*\\\}", ".+", re.escape(template)), path):
            methods |= {m.upper() for m in ops}
    return ", ".join(sorted(methods | ({"HEAD"} if "GET" in methods else set())))


def _unauthorised(request: Request, token: str) -> Response | None:
    given = request.headers.get("authorization", "")
    if not given.lower().startswith("bearer ") or not given[7:].strip():
        return JSONResponse({"detail": "Missing token: send Authorization: Bearer TOKEN"}, status_code=401,
                            headers={"WWW-Authenticate": "Bearer"})
    if not secrets.compare_digest(given[7:].strip().encode("utf-8", "surrogateescape"),
                                  token.encode("utf-8", "surrogateescape")):
        return JSONResponse({"detail": "Wrong token"}, status_code=403)
    return None


def _limit_response(status: int, detail: str) -> JSONResponse:
    return JSONResponse({"detail": detail}, status_code=status)


def _over_limits(request: Request) -> Response | None:
    """413/414/411 for requests over the size limits, before anything reads their body."""
    if len(request.scope.get("query_string", b"")) > MAX_QUERY:
        return _limit_response(414, f"query string longer than {MAX_QUERY:,} bytes")
    if request.method in ("POST", "PUT", "PATCH"):
        length = request.headers.get("content-length")
        if length is None:
            if "chunked" in request.headers.get("transfer-encoding", "").lower():
                return _limit_response(411, "send the body with a Content-Length")
        elif not length.strip().isdigit():
            return _limit_response(400, "malformed Content-Length")
        elif int(length) > MAX_BODY:
            return _limit_response(413, f"request body larger than {MAX_BODY:,} bytes")
    return None


# --- REST API ---------------------------------------------------------------------------------------------------

def api_router(sessions: sessionmaker) -> APIRouter:
    r = APIRouter(prefix="/api")

    @r.get("/events", response_model=S.EventPage, tags=["events"], summary="Events matching the filters")
    def events(f: Filters, limit: Limit = 50, offset: Offset = 0,
               sort: Annotated[EventSort, Query(description="date, -date, goldstein or -goldstein")] = "-date"):
        total, items = query_events(sessions, f, sort, limit, offset)
        return {"total": total, "limit": limit, "offset": offset, "items": items,
                "truncated": len(items) < limit and offset + len(items) < total}

    @r.get("/events/{event_id}", response_model=S.EventOut, responses=NOT_FOUND, tags=["events"],
           summary="One event")
    def event(event_id: Annotated[str, PathParam(max_length=64, pattern=TEXT)]):
        with sessions() as s:
            row = s.execute(select(EventRow, ArticleRow.published, ArticleRow.outlet, ArticleRow.url,
                                   ArticleRow.title).join(ArticleRow, EventRow.article_id == ArticleRow.id)
                            .where(EventRow.id == event_id)).first()
        if row is None:
            raise HTTPException(404, f"No event {event_id!r}")
        return event_dict(*row)

    @r.get("/actors", response_model=list[S.ActorStat], tags=["analysis"],
           summary="Actors taking part in most events")
    def actors(f: Filters, level: Level = "code",
               limit: Annotated[int, Query(ge=1, le=1000)] = 100):
        return top_actors(sessions, limit, level, filters=f)

    @r.get("/series", response_model=S.Series, tags=["analysis"],
           summary="Events and Goldstein sums per period and quad class (a dyad's or the corpus's)",
           description=f"Every period from the first event to the last, empty ones with zeros, over at most "
                       f"{MAX_PERIODS:,} periods: when the events span more, the latest {MAX_PERIODS:,} are given "
                       f"and `truncated` is true (choose another window with date_from and date_to).")
    def series(f: Filters, freq: Literal["month", "week", "day"] = "month"):
        return _series_api(bounded_series(sessions, f, freq))

    @r.get("/network", response_model=S.Network, tags=["analysis"], summary="Actor network (directed dyads)")
    def network(f: Filters, level: Level = "code",
                min_count: Annotated[int, Query(ge=1, le=1_000_000)] = 1,
                limit: Annotated[int, Query(ge=1, le=2000, description="keep the biggest edges")] = 200):
        d = actor_network(sessions, min_count, level=level, limit=limit, filters=f)
        for e in d["edges"]:
            e["counts"] = S.quad_numbers(e["counts"])
        return d

    @r.get("/articles", response_model=S.ArticlePage, tags=["articles"], summary="Stored articles")
    def articles(outlet: Annotated[str | None, Query(max_length=256, pattern=TEXT)] = None,
                 q: Annotated[str | None, Query(max_length=200, pattern=TEXT, description="text in the title")]
                 = None,
                 date_from: Annotated[IsoDate | None, Query(description="published on or after")] = None,
                 date_to: Annotated[IsoDate | None, Query(description="published on or before")] = None,
                 sort: Literal["published", "-published", "events", "-events", "title"] = "-published",
                 limit: Limit = 50, offset: Offset = 0):
        total, items = list_articles(sessions, outlet, q, date_from, date_to, sort, limit, offset)
        return {"total": total, "limit": limit, "offset": offset, "items": items,
                "truncated": len(items) < limit and offset + len(items) < total}

    @r.get("/articles/{article_id:path}", response_model=S.ArticleDetail, responses=NOT_FOUND,
           tags=["articles"], summary="One article: its cleaned text and its events")
    def article(article_id: Annotated[str, PathParam(min_length=1, max_length=512, pattern=TEXT)]):
        a = get_article(sessions, article_id)
        if a is None:
            raise HTTPException(404, f"No article {article_id!r}")
        return a

    @r.get("/outlets", response_model=S.OutletComparison, tags=["analysis"], summary="Outlets compared")
    def outlets(f: Filters, level: Level = "country",
                actors: Annotated[int, Query(ge=0, le=50, description="actors compared")] = 8,
                limit: Annotated[int, Query(ge=1, le=MAX_OUTLETS, description="the outlets with most articles "
                                                                              f"(1-{MAX_OUTLETS})")] = 100):
        d = outlet_comparison(sessions, level=level, actors=actors, filters=f)
        if len(d["outlets"]) > limit:
            d["outlets"] = sorted(d["outlets"], key=lambda o: -(o["articles"] or 0))[:limit]
        for o in d["outlets"]:
            o["quad_counts"] = S.quad_numbers(o["quad_counts"])
            o["quad_shares"] = S.quad_numbers(o["quad_shares"])
        return d

    return r


# --- writing (only with a token) ---------------------------------------------------------------------------------

def token_dependency(token: str):
    """The dependency that guards a write: ``Authorization: Bearer TOKEN`` (401 without it, 403 with a wrong one)."""
    bearer = HTTPBearer(auto_error=False, description="the token `dyads serve` was started with (--token or "
                                                       "$DYADS_TOKEN)")

    def require_token(creds: HTTPAuthorizationCredentials | None = Depends(bearer)) -> None:
        if creds is None or not creds.credentials:
            raise HTTPException(401, "Missing token: send Authorization: Bearer TOKEN",
                                headers={"WWW-Authenticate": "Bearer"})
        if not secrets.compare_digest(creds.credentials.encode("utf-8", "surrogateescape"),
                                      token.encode("utf-8", "surrogateescape")):
            raise HTTPException(403, "Wrong token")

    return require_token


def write_router(sessions: sessionmaker, lock: threading.Lock, require_token) -> APIRouter:
    """POST /api/articles: code and store articles; needs ``Authorization: Bearer TOKEN``."""
    r = APIRouter(prefix="/api")
    state: dict = {}

    def coder():
        if "coder" not in state:
            from dyads.pipeline import make_coder

            state["coder"] = make_coder()
        return state["coder"]

    def warm_up():  # load spaCy now, so that the first POST does not wait for it
        with lock:
            coder()

    threading.Thread(target=warm_up, name="dyads-warm-up", daemon=True).start()

    @r.post("/articles", response_model=S.IngestOut, tags=["articles"], summary="Code and store articles",
            dependencies=[Depends(require_token)],
            responses={401: {"model": S.ErrorOut, "description": "No token"},
                       403: {"model": S.ErrorOut, "description": "Wrong token"}},
            description="Articles in the format of a dyads JSONL line (`id`, `text`, optional `title`, "
                        "`published`, `source`, `url`), one object or a list of up to "
                        f"{MAX_ARTICLES}. Each is coded and stored; an article already stored with the same "
                        "content is left as it is. Articles that cannot be coded (no text, not English, too large) "
                        "are listed under `skipped` with the reason.")
    def post_articles(body: S.ArticleIn | Annotated[list[S.ArticleIn], Field(min_length=1,
                                                                               max_length=MAX_ARTICLES)]):
        from dyads.pipeline import code_articles
        from dyads.read import ReadProblem, read_record
        from dyads.store import ingest_articles

        records = body if isinstance(body, list) else [body]
        skipped: list[dict] = []
        warnings: list[dict] = []
        articles = []
        index: dict[str, int] = {}
        for i, rec in enumerate(records):
            problems: list[ReadProblem] = []
            a = read_record(rec.model_dump(), f"articles[{i}]", fallback_id=f"posted-{i}",
                            on_problem=problems.append)
            shown = _SURROGATES.sub("\ufffd", rec.id)
            warnings.extend({"index": i, "id": shown, "reason": p.reason} for p in problems if p.warning)
            if a is None:
                skipped.extend({"index": i, "id": shown, "reason": p.reason} for p in problems if not p.warning)
            elif a.id in index:
                skipped.append({"index": i, "id": shown, "reason": "duplicate id in this request"})
            else:
                index[a.id] = i
                articles.append(a)
        not_stored: set[str] = set()

        def refused(article, reason: str) -> None:
            not_stored.add(article.id)
            skipped.append({"index": index.get(article.id, -1), "id": article.id, "reason": reason})

        with lock:
            c = coder()
            report = ingest_articles(articles, sessions, lambda stream: code_articles(stream, coder=c),
                                     on_problem=refused)
        stored = [a for a in articles if a.id not in not_stored]
        with sessions() as s:
            rows = {a.id: a.num_events for a in s.scalars(select(ArticleRow).where(
                ArticleRow.id.in_([a.id for a in stored])))} if stored else {}
        return {"stored": report.stored, "unchanged": report.unchanged, "events": report.events,
                "articles": [{"id": a.id, "num_events": rows.get(a.id, 0),
                              "url": "/api/articles/" + quote(a.id, safe="")} for a in stored],
                "skipped": sorted(skipped, key=lambda d: d["index"]), "warnings": warnings}

    return r


# --- pages ------------------------------------------------------------------------------------------------------

def _clean(params, name: str, pattern: str | None = None, max_len: int = 200) -> str | None:
    v = (params.get(name) or "").strip()
    if not v or len(v) > max_len or "\x00" in v or (pattern and not re.fullmatch(pattern, v)):
        return None
    return v


def _date(params, name: str, errors: list[str]) -> dt.date | None:
    v = (params.get(name) or "").strip()
    if not v:
        return None
    try:
        return dt.date.fromisoformat(v)
    except ValueError:
        errors.append(f"{name}: {v!r} is not a date (YYYY-MM-DD)")
        return None


def page_filter(params) -> tuple[EventFilter, list[str]]:
    """The events form's GET parameters, leniently: an empty or malformed field is ignored and reported."""
    errors: list[str] = []
    f = EventFilter()
    for name in ("actor", "source", "target"):
        raw = (params.get(name) or "").strip()
        setattr(f, name, _clean(params, name, r"[A-Za-z0-9_]+", 64))
        if raw and getattr(f, name) is None:
            errors.append(f"{name}: {raw[:40]!r} is not an actor code")
    dyad = _clean(params, "dyad", r"[A-Za-z0-9_]+-[A-Za-z0-9_]+", 129)
    if dyad:
        f.source, f.target = split_dyad(dyad)
    f.cameo = _clean(params, "cameo", r"[0-9]{1,4}")
    f.root = _clean(params, "root", r"[0-9]{1,2}")
    quad = _clean(params, "quad", r"[1-4]")
    f.quad = int(quad) if quad else None
    f.date_from, f.date_to = _date(params, "date_from", errors), _date(params, "date_to", errors)
    f.outlet = _clean(params, "outlet", max_len=256)
    f.q = _clean(params, "q")
    f.article = _clean(params, "article", max_len=512)
    return f, errors


def _int(params, name: str, default: int, lo: int, hi: int) -> int:
    try:
        return min(hi, max(lo, int(params.get(name, default))))
    except (TypeError, ValueError):
        return default


def pages_router(sessions: sessionmaker, templates: Jinja2Templates) -> APIRouter:
    r = APIRouter(include_in_schema=False)

    def render(request: Request, name: str, status_code: int = 200, **ctx):
        def url_with(**changes) -> str:
            params = {k: v for k, v in request.query_params.items() if k != "token"}
            for k, v in changes.items():
                if v is None or v == "":
                    params.pop(k, None)
                else:
                    params[k] = str(v)
            return request.url.path + ("?" + urlencode(params) if params else "")

        return templates.TemplateResponse(request, name, {"url_with": url_with, "page": name.split(".")[0],
                                                          **ctx}, status_code=status_code)

    @r.get("/", response_class=HTMLResponse)
    def dashboard(request: Request):
        p = request.query_params
        source = _clean(p, "source", r"[A-Za-z0-9_]+", 64)
        target = _clean(p, "target", r"[A-Za-z0-9_]+", 64)
        freq = p.get("freq") if p.get("freq") in ("month", "week", "day") else "month"
        mode = p.get("mode") if p.get("mode") in ("counts", "goldstein") else "counts"
        if not source and not target:  # suggest the busiest dyad
            net = actor_network(sessions, 1, level="country", limit=1)
            if net["edges"]:
                source, target = net["edges"][0]["source"], net["edges"][0]["target"]
        dyads = actor_network(sessions, 1, level="country", limit=12)["edges"]
        actors = top_actors(sessions, 200, "country") + top_actors(sessions, 200, "code")
        q = {"freq": freq}
        dyad_q = {**q, **({"source": source} if source else {}), **({"target": target} if target else {})}
        return render(request, "dashboard.html", summary=corpus_summary(sessions), source=source or "",
                      target=target or "", freq=freq, mode=mode, dyads=dyads, actors=actors,
                      corpus_url="/api/series?" + urlencode(q), dyad_url="/api/series?" + urlencode(dyad_q))

    @r.get("/network", response_class=HTMLResponse)
    def network_page(request: Request):
        p = request.query_params
        level = "code" if p.get("level") == "code" else "country"
        min_count = _int(p, "min_count", 1, 1, 1000)
        limit = _int(p, "limit", 120, 1, 2000)
        api = "/api/network?" + urlencode({"level": level, "min_count": min_count, "limit": limit})
        return render(request, "network.html", level=level, min_count=min_count, limit=limit, api_url=api)

    @r.get("/events", response_class=HTMLResponse)
    def events_page(request: Request):
        p = request.query_params
        f, errors = page_filter(p)
        sort = p.get("sort") if p.get("sort") in EVENT_SORTS else "-date"
        limit = _int(p, "limit", 50, 1, 500)
        offset = _int(p, "offset", 0, 0, 1_000_000_000)
        total, items = query_events(sessions, f, sort, limit, offset)
        with sessions() as s:
            reviews = latest_by_event(s, [e["id"] for e in items])
        return render(request, "events.html", f=f, errors=errors, sort=sort, limit=limit, offset=offset,
                      total=total, items=items, outlets=outlets_list(sessions), reviews=reviews)

    @r.get("/articles", response_class=HTMLResponse)
    def articles_page(request: Request):
        p = request.query_params
        outlet = _clean(p, "outlet", max_len=256)
        q = _clean(p, "q")
        limit = _int(p, "limit", 50, 1, 500)
        offset = _int(p, "offset", 0, 0, 1_000_000_000)
        total, items = list_articles(sessions, outlet, q, limit=limit, offset=offset)
        return render(request, "articles.html", items=items, total=total, limit=limit, offset=offset,
                      outlet=outlet or "", q=q or "", outlets=outlets_list(sessions))

    @r.get("/articles/{article_id:path}", response_class=HTMLResponse)
    def article_page(request: Request, article_id: str):
        a = get_article(sessions, article_id) if len(article_id) <= 512 and "\x00" not in article_id else None
        if a is None:
            raise HTTPException(404, f"No article {article_id!r}")
        title, text = a["title"] or "", a["text"]
        in_title = [e for e in a["events"] if title and e["sentence_index"] == 0
                    and e["sentence"].strip() and e["sentence"].strip() in title]
        rest = [e for e in a["events"] if e not in in_title]
        title_pieces, body_pieces = highlight(title, in_title), highlight(text, rest)
        placed = placed_ids(title_pieces) | placed_ids(body_pieces)
        with sessions() as s:
            reviews = latest_by_event(s, [e["id"] for e in a["events"]])
            missed = missed_of(s, a["id"])
        return render(request, "article.html", a=a, title_pieces=title_pieces, body_pieces=body_pieces,
                      placed=placed, reviews=reviews, missed=missed)

    @r.get("/precision", response_class=HTMLResponse)
    def precision_page(request: Request):
        from dyads.analyse.reviews import precision

        p = request.query_params
        by = p.get("by") if p.get("by") in ("code", "root", "outlet", "source", "reviewer") else None
        try:
            threshold = min(1.0, max(0.0, float(p["min_confidence"]))) if p.get("min_confidence") else None
        except ValueError:
            threshold = None
        return render(request, "precision.html", p=precision(sessions, by=by, min_confidence=threshold), by=by)

    @r.get("/review", response_class=HTMLResponse)
    def review_page(request: Request):
        nxt = request.query_params.get("next") or "/articles"
        if not nxt.startswith("/") or nxt.startswith("//"):  # only a page of this server
            nxt = "/articles"
        return render(request, "review.html", next=nxt)

    @r.get("/outlets", response_class=HTMLResponse)
    def outlets_page(request: Request):
        p = request.query_params
        level = "code" if p.get("level") == "code" else "country"
        return render(request, "outlets.html", cmp=outlet_comparison(sessions, level=level, actors=8),
                      level=level)

    return r
