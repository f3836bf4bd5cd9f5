"""The unit of work every engine runs: clean, parse and code a batch of articles with a model loaded once."""
from __future__ import annotations

from collections.abc import Callable, Iterable

from dyads.model import Article


class ArticleCoder:
    """Holds the spaCy pipeline and the EventCoder of one worker; codes lists of articles.

    Only plain dataclasses go in (raw Articles) and come out (CodedArticles with Events), never spaCy objects, so
    what crosses a process or machine boundary is small."""

    def __init__(self, coder_factory: Callable | None = None, batch_size: int = 8):
        from dyads.parse import load_nlp
        from dyads.pipeline import make_coder

        self.nlp = load_nlp()
        self.coder = (coder_factory or make_coder)()
        self.batch_size = batch_size

    def code(self, articles: Iterable[Article]) -> list:
        from dyads.pipeline import code_articles

        return list(code_articles(articles, batch_size=self.batch_size, coder=self.coder))
