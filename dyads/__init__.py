"""dyads: who did what to whom, when and where — political event coding from news (CAMEO and PLOVER).

    >>> from dyads import code_text
    >>> [(e.source.code, e.cameo, e.target.code) for e in code_text("Russia condemned the United States.")]
    [('RUS', '111', 'USA')]
"""
from dyads.model import Actor, Article, Event, Place
from dyads.pipeline import CodedArticle, code_articles, code_text

__version__ = "0.1.0"
__all__ = ["Actor", "Article", "CodedArticle", "Event", "Place", "code_articles", "code_text", "__version__"]
