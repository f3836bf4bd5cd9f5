"""Where a reviewer's selection is: the sentence, numbered as the coder numbers them, that holds words selected in
the article reader (for events the coder missed)."""
from __future__ import annotations

import re

from dyads.model import Article
from dyads.store.models import ArticleRow


def _occurrences(text: str, quote: str) -> list[tuple[int, int]]:
    q = quote.strip()
    found = [(m.start(), m.start() + len(q)) for m in re.finditer(re.escape(q), text)] if q else []
    if not found and len(q.split()) > 1:
        found = [(m.start(), m.end()) for m in re.finditer(r"\s+".join(map(re.escape, q.split())), text)]
    return found


def locate_sentence(a: ArticleRow, quote: str, part: str = "body", offset: int | None = None) -> tuple[int, str]:
    """The index (as the coder numbers sentences) and text of the sentence holding ``quote`` in the article; the
    occurrence nearest ``offset`` (in the title or the body, per ``part``) when the words occur more than once.
    LookupError when the words are not in the article."""
    from dyads.parse import load_nlp

    full = Article(id=a.id, text=a.text, title=a.title).full_text
    body_at = len(full) - len(a.text) if full.endswith(a.text) else 0
    where = (a.title or "") if part == "title" else a.text
    shift = 0 if part == "title" else body_at
    spots = _occurrences(where, quote)
    if not spots and part == "title":  # the title may also be the body's first line
        where, shift, spots = full, 0, _occurrences(full, quote)
    if not spots:
        raise LookupError("the selected words are not in the text of article")
    start, _ = min(spots, key=lambda sp: abs(sp[0] - (offset or 0)))
    pos = start + shift
    doc = load_nlp()(full)
    sentences = [s for s in doc.sents if s.text.strip()]  # as dyads.events.coder.sentences_of numbers them
    for i, s in enumerate(sentences):
        if s.start_char <= pos < s.end_char or pos < s.start_char:
            return i, s.text.strip()
    raise LookupError("the selected words are not in a sentence of article")
