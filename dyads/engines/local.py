"""The local engine: this process reads and hands out articles; ``workers`` processes clean, parse AND code them.

Why the coding moves into the workers: with spaCy's own ``nlp.pipe(n_process=N)`` the parent receives whole Docs
(serialised and rebuilt) and codes every one of them itself, so with 2 workers on 2 cores the parent became the
bottleneck. Here each worker holds the model and the coder, loaded once, and only plain dataclasses cross the
process boundary: raw Articles in, CodedArticles (cleaned article + Events) out.

Memory stays bounded whatever the input size: the input is pulled lazily, and at most ``4 × workers`` chunks of
``batch_size`` articles are in flight. Results come back in input order.
"""
from __future__ import annotations

import gc
import multiprocessing as mp
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from itertools import chain, islice

from dyads.model import Article

IN_FLIGHT_PER_WORKER = 4  # chunks queued per worker: enough to keep it busy, few enough to bound memory
AUTO = "auto"
HANDFUL = 8  # with at most this many articles, starting worker processes gains nothing: code them here

_worker = None  # the worker process's ArticleCoder-like state: (coder, batch_size)


def code_local(articles: Iterable[Article], workers: int | str = 1, batch_size: int = 8,
               coder_factory: Callable | None = None, coder=None) -> Iterator:
    """Yield CodedArticles in input order; ``coder`` (an EventCoder) or ``coder_factory`` says how to code.

    ``workers="auto"``: one worker per usable core (``dyads.engines.cores``) when the input holds more than
    ``HANDFUL`` articles (the first few are read ahead to know), else this process alone."""
    from dyads.pipeline import code_articles_here, make_coder

    if workers == AUTO:
        articles, workers = auto_workers(articles)
    if workers <= 1:
        return code_articles_here(articles, batch_size=batch_size, coder=coder or (coder_factory or make_coder)())
    return code_parallel(articles, workers=workers, batch_size=batch_size, coder_factory=coder_factory, coder=coder)


def auto_workers(articles: Iterable[Article]) -> tuple[Iterator[Article], int]:
    """(the same articles, the number of workers ``auto`` means for them)."""
    from dyads.engines.cores import usable_cores

    cores = usable_cores()
    stream = iter(articles)
    if cores <= 1:
        return stream, 1
    head = list(islice(stream, HANDFUL + 1))
    return chain(head, stream), cores if len(head) > HANDFUL else 1


def _context() -> tuple[mp.context.BaseContext, bool]:
    if "fork" in mp.get_all_start_methods():
        return mp.get_context("fork"), True
    return mp.get_context("spawn"), False


def code_parallel(articles: Iterable[Article], workers: int, batch_size: int = 8,
                  coder_factory: Callable | None = None, coder=None) -> Iterator:
    ctx, forking = _context()
    if not forking and coder_factory is None:
        # without fork a ready-made coder cannot be inherited: parse in spaCy's processes, code here
        from dyads.pipeline import code_articles_here

        yield from code_articles_here(articles, batch_size=batch_size, coder=coder, parse_workers=workers)
        return
    if forking:
        from dyads.parse import load_nlp
        from dyads.pipeline import make_coder

        load_nlp()  # loaded once here, inherited (copy-on-write) by every worker
        if coder is None:
            coder = (coder_factory or make_coder)()
        from dyads.when import warm_dateparser

        warm_dateparser()  # once here rather than once in each worker
        initargs = (None, coder, batch_size)
    else:
        initargs = (coder_factory, None, batch_size)
    stream = iter(articles)
    if forking:
        # what was loaded above (model, dictionaries, gazetteer) goes to the permanent generation before the fork:
        # the workers' garbage collections skip it (2% of their time) and leave its pages shared
        gc.freeze()
    try:
        pool = ctx.Pool(workers, initializer=_init_worker, initargs=initargs)
    finally:
        if forking:
            gc.unfreeze()  # in this process only; the forked workers keep it frozen
    with pool:
        pending: deque = deque()
        limit = IN_FLIGHT_PER_WORKER * workers
        while True:
            chunk = list(islice(stream, batch_size))
            if chunk:
                pending.append(pool.apply_async(_code_chunk, (chunk,)))
            while pending and (len(pending) >= limit or not chunk):
                yield from pending.popleft().get()
            if not chunk:
                break


def _init_worker(coder_factory, coder, batch_size: int) -> None:
    global _worker
    from dyads.parse import load_nlp
    from dyads.pipeline import make_coder

    load_nlp()
    _worker = (coder if coder is not None else (coder_factory or make_coder)(), batch_size)


def _code_chunk(chunk: list[Article]) -> list:
    from dyads.pipeline import code_articles_here

    coder, batch_size = _worker
    return list(code_articles_here(chunk, batch_size=batch_size, coder=coder))
