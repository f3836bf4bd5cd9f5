"""Line-level page-furniture removal.

Furniture in copy-pasted news comes as whole lines: a "Read more: …" link, "Share on Facebook", "Photo: AFP", a
comment form. So the rules work on lines: a line matching a ``drop_line`` rule is dropped; from the first line
matching a ``cut_from`` rule (the "Comments" heading, a "Related articles" block at the end) everything is dropped.
All rules of a section are compiled into one alternation, so cleaning costs one regex pass per line.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import replace
from functools import cache

from dyads.data import load_yaml
from dyads.clean.inline import HEAD, split_line, without_author_note
from dyads.model import Article

_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200b\u202f\u205f\u3000]+")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_SURROGATES = re.compile(r"[\ud800-\udfff]")


@cache
def _rules() -> tuple[re.Pattern, re.Pattern | None]:
    spec = load_yaml("furniture.yaml")

    def combine(section: str) -> re.Pattern | None:
        patterns = [p for group in (spec.get(section) or {}).values() for p in group]
        return re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE) if patterns else None

    drop = combine("drop_line")
    return drop or re.compile(r"(?!)"), combine("cut_from")


# Furniture lines are short; a longer line is article text (and never worth a regex pass over all the rules).
MAX_FURNITURE_LINE = 1000


def normalise_line(line: str) -> str:
    """One line without control characters, with runs of spaces made one, composed (NFC) where that does not
    lengthen it. Idempotent, and never longer than ``line``."""
    line = _SURROGATES.sub("\ufffd", _CONTROL.sub("", line))  # lone surrogates cannot be encoded
    composed = unicodedata.normalize("NFC", line)
    if len(composed) <= len(line):  # a few characters decompose under NFC (composition exclusions)
        line = composed
    line = re.sub(r"(?<=[A-Za-z])_(?=[A-Za-z])", " ", line)  # "Dol_Amroth": legacy corpora join names with "_"
    return _SPACES.sub(" ", line).strip()


def clean_text(text: str) -> str:
    """Return ``text`` without furniture lines, with one blank line between paragraphs. Furniture inside a line
    (captions, datelines after a headline, page stamps: ``dyads.clean.inline``) goes first, and what it leaves is
    split into lines that the line rules then judge one by one. Cleaning what was cleaned changes nothing: the
    lines made inside a line are judged again as lines until nothing changes (once more, nearly always)."""
    out, inline = _clean_once(text)
    if not inline:  # the line rules alone are idempotent
        return out
    for _ in range(3):
        again, _ = _clean_once(out)
        if again == out:
            break
        out = again
    return out


def _clean_once(text: str) -> tuple[str, bool]:
    """The cleaned text, and whether furniture inside a line changed any line."""
    drop, cut = _rules()
    kept: list[str] = []
    inline = False
    for raw in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = normalise_line(raw)
        if not line:
            if kept and kept[-1]:
                kept.append("")
            continue
        if len(line) <= MAX_FURNITURE_LINE:  # a whole furniture line goes as it always did
            if cut is not None and kept and cut.search(line):
                break
            if drop.search(line):
                continue
        pieces = split_line(line, first=sum(map(len, kept)) < HEAD)  # datelines and stamps stand at the top
        inline = inline or pieces != [line]
        for piece in pieces:
            if len(piece) <= MAX_FURNITURE_LINE:
                if cut is not None and kept and cut.search(piece):
                    return _joined(without_author_note(kept)), True
                if drop.search(piece):
                    continue
            kept.append(piece)
    ended = without_author_note(kept)
    return _joined(ended), inline or ended != kept


def _joined(kept: list[str]) -> str:
    while kept and not kept[-1]:
        kept.pop()
    return "\n".join(kept)


def clean_article(article: Article) -> Article:
    title = normalise_line(article.title) if article.title else None
    return replace(article, text=clean_text(article.text), title=title or None)
