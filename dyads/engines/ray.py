"""The Ray engine: code on a Ray cluster with Ray Data, the model and coder loaded once per actor.

The driver (this process) reads the inputs, as the local engine does, so unreadable inputs are reported here and
the ingest can skip already-stored articles before anything is shipped. Articles go to the cluster in windows of
``window`` articles; each window is a Ray Dataset mapped by ``RayArticleCoder`` (a callable class, so each of the
``workers`` actors loads spaCy and the coder once per window) and read back in input order (``preserve_order``).
Only pickled dataclasses travel: raw Articles out, CodedArticles (cleaned article + Events) back.

Storing stays on the driver: ``dyads ingest --engine ray`` passes this stream to the same idempotent
``ingest_articles`` as the local engine, so there is one writer, one transaction per batch, and no database
credentials on the workers.
"""
from __future__ import annotations

import os
import pickle
from collections.abc import Callable, Iterable, Iterator
from itertools import islice

from dyads.engines import RAY_HINT, EngineUnavailableError
from dyads.model import Article

WINDOW = 2000  # articles per Ray Dataset: bounds driver memory; the model is loaded once per actor per window


def import_ray():
    try:
        import ray
        import ray.data  # noqa: F401  (ray without the data extra lacks it)
    except ImportError as exc:
        raise EngineUnavailableError(f"{RAY_HINT} ({exc})") from None
    return ray


def init_ray(address: str | None = None, num_cpus: int | None = None):
    ray = import_ray()
    if not ray.is_initialized():
        address = address or os.environ.get("RAY_ADDRESS")
        kwargs = dict(include_dashboard=False, log_to_driver=False, configure_logging=True, logging_level="ERROR")
        if address:
            ray.init(address=address, **kwargs)
        else:
            ray.init(num_cpus=num_cpus, **kwargs)
    import logging

    for name in ("ray", "ray.data"):
        logging.getLogger(name).setLevel(logging.ERROR)
    ctx = ray.data.DataContext.get_current()
    ctx.execution_options.preserve_order = True
    ctx.enable_progress_bars = False
    ctx.print_on_execution_start = False
    return ray


class RayArticleCoder:
    """map_batches callable class: one per Ray actor, holding the model and the coder. ``bound`` makes a subclass
    carrying the factory, so that Ray needs no constructor arguments (which it would keep in the object store)."""

    coder_factory: Callable | None = None
    batch_size: int = 8

    @classmethod
    def bound(cls, coder_factory: Callable | None, batch_size: int) -> type:
        return type("RayArticleCoder", (cls,), {"coder_factory": coder_factory, "batch_size": batch_size})

    def __init__(self):
        from dyads.engines.work import ArticleCoder

        self.work = ArticleCoder(self.coder_factory, self.batch_size)

    def __call__(self, batch: dict) -> dict:
        import numpy as np

        coded = self.work.code(pickle.loads(b) for b in batch["article"])  # in order; empty articles dropped
        out = np.empty(len(coded), dtype=object)
        out[:] = [pickle.dumps(c) for c in coded]
        return {"coded": out}


def code_ray(articles: Iterable[Article], workers: int | None = None, batch_size: int = 8,
             coder_factory: Callable | None = None, address: str | None = None,
             window: int = WINDOW) -> Iterator:
    stream = iter(articles)
    ray = udf = None
    while True:
        chunk = list(islice(stream, window))
        if not chunk:
            return
        if ray is None:  # started only when there is something to code (an ingest may skip every article)
            ray = init_ray(address)
            if not workers:
                workers = max(1, int(ray.cluster_resources().get("CPU", 1)))
            udf = RayArticleCoder.bound(coder_factory, batch_size)
        items = [{"article": pickle.dumps(a)} for a in chunk]
        blocks = max(1, min(len(items), -(-len(items) // batch_size)))
        ds = ray.data.from_items(items, override_num_blocks=blocks)
        ds = ds.map_batches(udf, batch_size=batch_size,
                            batch_format="numpy", compute=ray.data.ActorPoolStrategy(size=workers), num_cpus=1)
        for row in ds.iter_rows():
            yield pickle.loads(row["coded"])

