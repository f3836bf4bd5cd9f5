"""Is this article in English? Only a confident "no" on a long enough text skips an article.

Most articles are settled without a model: English running text is full of a few function words ("the", "of",
"and", "said"), other languages are not. Only the rest goes to py3langid (a maintained repackaging of langid.py
with its model bundled; ~1 s to load once, ~4 ms per article), and only its confident verdicts count. Short texts
(headlines, one-liners) are never judged: too little evidence. Without py3langid installed nothing is skipped.
"""
from __future__ import annotations

import re
from functools import cache

MIN_LETTERS = 200  # fewer letters than this: never judged
MIN_CONFIDENCE = 0.98  # py3langid's normalised probability of the other language
SAMPLE_CHARS = 10_000  # the start of the text is enough evidence
_FUNCTION_WORDS = frozenset(
    "the of and to is that for was with said has have were by from his are this which who it they their be at "
    "but not its been will would".split())
_WORD = re.compile(r"[^\W\d_]+")


def _english_by_function_words(sample: str) -> bool:
    words = _WORD.findall(sample.lower())
    if not words:
        return False
    return sum(w in _FUNCTION_WORDS for w in words) / len(words) >= 0.12


@cache
def _identifier():
    try:
        from py3langid.langid import MODEL_FILE, LanguageIdentifier
    except ImportError:  # optional: without it, nothing is judged
        return None
    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def not_english(text: str) -> tuple[str, float] | None:
    """(language code, confidence) when ``text`` is confidently in another language than English, else None."""
    sample = text[:SAMPLE_CHARS]
    if sum(c.isalpha() for c in sample) < MIN_LETTERS:
        return None
    if _english_by_function_words(sample):
        return None
    ident = _identifier()
    if ident is None:
        return None
    lang, prob = ident.classify(sample)
    if lang != "en" and prob >= MIN_CONFIDENCE:
        return lang, float(prob)
    return None
