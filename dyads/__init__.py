"""dyads: who did what to whom, when and where — political event coding from news (CAMEO and PLOVER).

    >>> from dyads import code_text
    >>> [(e.source.code, e.cameo, e.target.code) for e in code_text("Russia condemned the United States.")]
    [('RUS', '111', 'USA')]
"""
import os

# One BLAS thread per process: dyads parallelises with processes (--workers, one per core), and for the parser's
# small matrices OpenBLAS's extra threads only spin, costing 10-15% more CPU for the same parse (results are the
# same: the threads split the output, not the sums). Set before numpy is first imported; a user's own setting wins.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

from dyads.model import Actor, Article, Event, Place
from dyads.pipeline import CodedArticle, code_articles, code_text

__version__ = "0.1.0"
__all__ = ["Actor", "Article", "CodedArticle", "Event", "Place", "code_articles", "code_text", "__version__"]
