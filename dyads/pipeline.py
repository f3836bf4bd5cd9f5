"""The straight line: read → clean → parse → actors → events → (time & place inside the coder).

``code_articles`` is the library entry point that the command line, the store and the engines all use, so that
coding an article gives the same events wherever it runs.

One article never stops the others: when a batch cannot be parsed, its articles are parsed one by one, and an
article that cannot be parsed or coded comes out as a CodedArticle with no events and a ``problem`` saying why
(callers report it with the article's name and do not store it). Events leave here with a plausible date only
(``dyads.when.plausible_event_date``): one the coder dated before 1900 or years after the publication takes the
publication date instead, or none.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache

from dyads.actors.dictionary import build_dictionary, default_dictionary
from dyads.clean import clean_article
from dyads.events import EventCoder
from dyads.model import Article, Event
from dyads.parse import batches, load_nlp, parse_articles, parse_one
from dyads.when import plausible_event_date, plausible_publication


@dataclass
class CodedArticle:
    article: Article  # cleaned
    events: list[Event]
    problem: str | None = None  # why it could not be coded (then it has no events and must not be stored)


def make_coder(actor_files: Iterable[str] = (), verb_files: Iterable[str] = ()) -> EventCoder:
    """The coder with user actor and verb dictionaries layered over the built-in ones (what --actors/--verbs give).

    Its indexes come from dyads' cache (``dyads.cache``) when they are current: the compiled actor dictionary, the
    trigger index and the modality rules are built once per change of their data files, not once per run."""
    files, verbs = list(actor_files), list(verb_files)
    return EventCoder(build_dictionary(files) if files else default_dictionary(),
                      compiled_triggers(verbs) if verbs else default_compiled_triggers(), default_compiled_modality())


def compiled_triggers(verb_files: Iterable[str] = ()):
    """``dyads.events.patterns.build_triggers(verb_files)``, from the cache when it is current."""
    from dyads.cache import cached, file_digest
    from dyads.events.patterns import build_triggers

    verbs = list(verb_files)
    return cached("triggers", lambda: build_triggers(verbs), [f"user {file_digest(p)}" for p in verbs])


@cache
def default_compiled_triggers():
    """The built-in trigger index, once per process (from the cache when it is current)."""
    return compiled_triggers(())


@cache
def default_compiled_modality():
    """``dyads.events.patterns.default_modality()``, once per process (from the cache when it is current)."""
    from dyads.cache import cached
    from dyads.events.patterns import default_modality

    return cached("modality", default_modality)


def code_articles(articles: Iterable[Article], workers: int | str = 1, batch_size: int = 8,
                  coder: EventCoder | None = None) -> Iterator[CodedArticle]:
    """Clean, parse and code a stream of articles, lazily and in order.

    With ``workers`` > 1 the articles are cleaned, parsed and coded in that many worker processes (the local
    engine, ``dyads.engines.local``); ``"auto"`` is one per usable core when there are more than a handful of
    articles. The events are the same whatever the number."""
    if workers != 1:
        from dyads.engines.local import code_local

        return code_local(articles, workers=workers, batch_size=batch_size, coder=coder)
    return code_articles_here(articles, batch_size=batch_size, coder=coder)


def code_articles_here(articles: Iterable[Article], batch_size: int = 8, coder: EventCoder | None = None,
                       parse_workers: int = 1) -> Iterator[CodedArticle]:
    """Clean, parse and code in this process (spaCy may parse in ``parse_workers`` processes)."""
    coder = coder or make_coder()
    cleaned = (_cleaned(a) for a in articles)
    for doc, article in _parsed(_with_text(cleaned), parse_workers, batch_size):
        if isinstance(doc, str):
            yield CodedArticle(article, [], problem=doc)
            continue
        try:
            events = coder.code_doc(doc, article)
        except Exception as exc:  # noqa: BLE001 (a coder bug on one odd article must not stop the run)
            yield CodedArticle(article, [], problem=_why("could not be coded", exc))
            continue
        yield CodedArticle(article, [_dated(e, article.published) for e in events])


def _why(what: str, exc: BaseException) -> str:
    return f"{what} ({type(exc).__name__}: {str(exc)[:200]})"


def _cleaned(article: Article) -> Article:
    """The article without page furniture, and without a publication date that cannot be one (year 1, 9999)."""
    a = clean_article(article)
    if a.published is not None and not plausible_publication(a.published):
        a = dataclasses.replace(a, published=None)
    return a


def _parsed(articles: Iterable[Article], workers: int, batch_size: int) -> Iterator[tuple[object, Article]]:
    """(Doc, article) in input order; (reason, article) for an article that cannot be parsed. A batch that fails
    is parsed again article by article, so only the article at fault is lost."""
    if workers > 1:
        yield from parse_articles(articles, workers=workers, batch_size=batch_size)
        return
    for batch in batches(articles, batch_size):
        group = [a for a, _ in batch]
        try:
            yield from list(parse_articles(group, batch_size=batch_size))
            continue
        except Exception:  # noqa: BLE001 (MemoryError too)
            pass
        for a in group:
            try:
                doc = parse_one(a)
            except Exception as exc:  # noqa: BLE001
                yield _why("could not be parsed", exc), a
                continue
            yield doc, a


def _dated(event: Event, published) -> Event:
    """The event with a date it can have: the coder's if plausible, else the publication date, else none."""
    if event.date is None:
        return event
    try:
        day = dt.date.fromisoformat(event.date)
    except ValueError:
        day = None
    if day is not None and plausible_event_date(day, published):
        return event
    if published is not None and plausible_publication(published):
        event.date, event.date_precision = published.isoformat(), "published"
    else:
        event.date, event.date_precision = None, None
    return event


def _with_text(articles: Iterable[Article]) -> Iterator[Article]:
    for a in articles:
        if a.full_text.strip():
            yield a


def code_text(text: str, published=None, doc_id: str = "text", title: str | None = None) -> list[Event]:
    """Code one piece of text: the quickest way to try dyads from Python."""
    from dyads.model import parse_date

    article = Article(id=doc_id, text=text, title=title, published=parse_date(published))
    item = next(code_articles([article]), None)  # blank or furniture-only text is no article
    return item.events if item is not None else []


def warm_up() -> None:
    """Load what the first article would otherwise pay for: the model, the dictionary, dateparser's data."""
    load_nlp()
    default_dictionary()
    from dyads.when import warm_dateparser

    warm_dateparser()
