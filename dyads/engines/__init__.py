"""Where the coding runs: in this process and its worker processes (``local``), or on a Ray cluster (``ray``).

Both engines take a stream of (raw) Articles and yield CodedArticles lazily and in input order; every engine cleans,
parses and codes each article with the same functions (``dyads.engines.work.ArticleCoder``), so the events are the
same wherever they are computed. Reading stays in the calling process, so unreadable inputs are reported there.

    from dyads.engines import code_stream
    for item in code_stream(iter_articles(["feed.jsonl"]), engine="local", workers=2):
        ...
"""
from __future__ import annotations

import argparse
from collections.abc import Callable, Iterable, Iterator

from dyads.model import Article

ENGINES = ("local", "ray")
RAY_HINT = "the Ray engine needs Ray: pip install 'dyads[ray]'"


class EngineUnavailableError(RuntimeError):
    pass


def add_engine_options(parser: argparse.ArgumentParser) -> None:
    """--engine and --ray-address, for `dyads code` and `dyads ingest`."""
    parser.add_argument("--engine", choices=ENGINES, default="local",
                        help="where to code: local (this machine, --workers processes; default) or ray "
                             "(a Ray cluster; needs pip install 'dyads[ray]')")
    parser.add_argument("--ray-address", default=None, metavar="ADDR",
                        help="with --engine ray: the cluster to join (e.g. ray://head:10001 or auto); default: "
                             "RAY_ADDRESS if set, else a Ray runtime started on this machine")


def parse_workers(value: str) -> int | str:
    """The --workers value: "auto" or a number of processes (1 codes in this process)."""
    if value.strip().lower() == "auto":
        return "auto"
    try:
        n = int(value)
    except ValueError:
        n = 0
    if n < 1:
        raise argparse.ArgumentTypeError(f"{value!r} is not a number of workers; write auto or a whole number >= 1")
    if n > 1024:
        raise argparse.ArgumentTypeError(f"{value} workers is too many (at most 1024); auto uses one per core")
    return n


WORKERS_HELP = ("processes that clean, parse and code (default auto: one per usable core - the CPU affinity and "
                "any container CPU quota respected - when the input holds more than 8 articles, else this process "
                "alone; 1 codes in this process). The events are the same whatever the number")


def code_stream(articles: Iterable[Article], engine: str = "local", workers: int | str | None = 1,
                batch_size: int = 8,
                coder_factory: Callable | None = None, ray_address: str | None = None,
                actor_files: Iterable[str] = (), verb_files: Iterable[str] = (), coder=None) -> Iterator:
    """Clean, parse and code ``articles`` (raw, as read); yield a CodedArticle per article with text, in input order.

    ``coder_factory`` builds the EventCoder in each worker (it must be picklable: a module-level function or a
    functools.partial); by default ``make_coder(actor_files, verb_files)``. ``workers`` is the number of processes (local;
    "auto": one per usable core when there are more than a handful of articles) or coder actors (ray; None, 0 or
    "auto": one per CPU of the cluster). A ready ``coder`` (EventCoder) is used as is by the
    local engine (and inherited by its forked workers); the Ray engine always builds its coders from the factory."""
    factory = coder_factory or coder_factory_for(actor_files, verb_files)
    if engine == "local":
        from dyads.engines.local import code_local

        return code_local(articles, workers=workers or 1, batch_size=batch_size, coder_factory=factory, coder=coder)
    if engine == "ray":
        from dyads.engines.ray import code_ray

        return code_ray(articles, workers=None if workers == "auto" else workers, batch_size=batch_size,
                        coder_factory=factory,
                        address=ray_address)
    raise ValueError(f"unknown engine {engine!r}; choose one of {', '.join(ENGINES)}")


def coder_factory_for(actor_files: Iterable[str] = (), verb_files: Iterable[str] = ()) -> Callable:
    """A picklable factory of the EventCoder with these user actor and verb dictionaries layered over the built-in
    ones. The paths are made absolute; on a remote Ray cluster they must exist on the workers too."""
    import os
    from functools import partial

    from dyads.pipeline import make_coder

    return partial(make_coder, tuple(os.path.abspath(f) for f in actor_files),
                   tuple(os.path.abspath(f) for f in verb_files))


__all__ = ["ENGINES", "EngineUnavailableError", "RAY_HINT", "WORKERS_HELP", "add_engine_options", "code_stream",
           "coder_factory_for", "parse_workers"]
