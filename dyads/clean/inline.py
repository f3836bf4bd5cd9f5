"""Furniture inside a line: captions, spliced headlines, wire datelines and page stamps in flattened text.

Text copied out of a page often comes as one line per article (or paragraphs run together), so the furniture that
the line rules (``dyads.clean.furniture``) would drop stands inside a line: "… on Monday. Photograph: Omar
Sanadiki/Reuters The army …". Before the line rules see a line, this module

- removes captions with their credits, page stamps ("June 13, 2018 10:41am") and related-article teasers
  ("Read more: …"), putting a line break where they stood, so that what was on either side is not read as one
  sentence;
- breaks the line before a wire dateline that follows a headline ("… retakes town BEIRUT (Reuters) - The army …"),
  before list bullets and before a correction note, so the dateline starts a line of its own (the place coder looks
  for it at the start of the first lines, ``dyads.where``) and the headline stays a sentence of its own;
- drops sentences that are page furniture ("This article originally appeared in …", "Scroll down to follow …"),
  and a note on the author as the text's last sentence or a bulleted line.

A line break always replaces at least one character (the space before a dateline, a removed caption), so cleaning
never lengthens the text, and what comes out is stable: cleaning it again changes nothing. The rules are data
(``inline`` in dyads/data/furniture.yaml).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from dyads.data import load_yaml

# datelines and page stamps stand at the top of an article: the head rules look no further
HEAD = 400
# sentence ends inside a line: a full stop (or ! ?), perhaps a closing quote, a space, then a capital or a quote
_SENTENCE_END = re.compile(r"(?<=[.!?])[”\"’)]?\s+(?=[“\"‘(]?[A-Z0-9•▪►■])")
_BULLETED = re.compile(r"^[•▪►■]\s")
_WORD = re.compile(r"\w")


# a group of rules: the needle that must occur in a line for them to be tried (None: always), and the rules
Group = tuple[re.Pattern | None, re.Pattern]


@dataclass(frozen=True)
class InlineRules:
    breaks: list[Group]
    head_breaks: re.Pattern | None
    remove: list[Group]
    drop_sentence: re.Pattern | None
    author_note: re.Pattern | None
    dateline: re.Pattern | None
    byline: re.Pattern | None


@cache
def rules() -> InlineRules:
    spec = load_yaml("furniture.yaml").get("inline") or {}
    pieces = spec.get("pieces") or {}

    def expand(pattern: str) -> str:
        for _ in range(3):  # pieces may use pieces
            for name, value in pieces.items():
                pattern = pattern.replace("{" + name + "}", value)
        return pattern

    def combine(section) -> re.Pattern | None:
        if isinstance(section, dict):
            patterns = [p for group in section.values() for p in group]
        else:
            patterns = list(section or [])
        return re.compile("|".join(f"(?:{expand(p)})" for p in patterns), re.IGNORECASE) if patterns else None

    needles = spec.get("needles") or {}

    def groups(section) -> list[Group]:
        out = []
        for name, patterns in (section or {}).items():
            needle = re.compile(needles[name], re.IGNORECASE) if name in needles else None
            out.append((needle, combine(patterns)))
        return [(n, p) for n, p in out if p is not None]

    return InlineRules(groups(spec.get("break_before")), combine(spec.get("break_before_head")),
                       groups(spec.get("remove")), combine(spec.get("drop_sentence")), combine(spec.get("author_note")),
                       combine(spec.get("dateline")), combine(spec.get("byline_before_dateline")))


def _breaks(line: str, pattern: re.Pattern | None, limit: int | None = None) -> str:
    """``line`` with each (whitespace) match of ``pattern`` before ``limit`` made one line break."""
    if pattern is None:
        return line
    out, last = [], 0
    end = len(line) if limit is None else min(len(line), limit + 200)  # a dateline is shorter than 200
    for m in pattern.finditer(line, 0, end):
        if limit is not None and m.start() >= limit:
            break
        if m.end() > m.start() and m.start() >= last:
            out.append(line[last:m.start()])
            out.append("\n")
            last = m.end()
    out.append(line[last:])
    return "".join(out)


def _grouped_breaks(line: str, groups: list[Group]) -> str:
    for needle, pattern in groups:
        if needle is None or needle.search(line):
            line = _breaks(line, pattern)
    return line


def _removed(line: str, groups: list[Group]) -> str:
    """``line`` with each match of the groups' rules (and the spaces around it) replaced by one line break; where
    matches overlap, the first (the longest of those starting at one place) wins."""
    spans = [(m.start(), -m.end()) for needle, pattern in groups if needle is None or needle.search(line)
             for m in pattern.finditer(line) if m.end() > m.start()]
    if not spans:
        return line
    out, last = [], 0
    for start, neg_end in sorted(spans):
        if start < last:
            continue
        out.append(line[last:start].rstrip(" "))
        out.append("\n")
        last = -neg_end
        while last < len(line) and line[last] == " ":
            last += 1
    out.append(line[last:])
    return "".join(out)


def sentences(line: str) -> list[str]:
    """The sentences of one line (a simple split at sentence ends; the parser decides for real)."""
    out, last = [], 0
    for m in _SENTENCE_END.finditer(line):
        out.append(line[last:m.start() + len(m.group(0).rstrip())].strip())
        last = m.end()
    out.append(line[last:].strip())
    return [s for s in out if s]


def split_line(line: str, first: bool = False) -> list[str]:
    """One (normalised) line as the lines it holds once the furniture inside it is gone. ``first``: the line
    starts the text (the head rules apply to its first HEAD characters)."""
    r = rules()
    line = _removed(line, r.remove)
    line = _grouped_breaks(line, r.breaks)
    if first:
        line = _breaks(line, r.head_breaks, HEAD)
    out = []
    pieces = line.split("\n")
    for k, piece in enumerate(pieces):
        piece = piece.strip()
        if first and k + 1 < len(pieces) and r.byline is not None and r.dateline is not None \
                and r.dateline.match(pieces[k + 1].strip()):
            piece = r.byline.sub("", piece)
        if first and k < 3 and r.dateline is not None:
            m = r.dateline.match(piece)
            if m and m.end() < len(piece) - 1:  # "BEIRUT (Reuters) -" and the sentence after it
                out.append(piece[:m.end()])
                piece = piece[m.end():].strip()
        if piece and r.drop_sentence is not None:
            piece = _drop_sentences(piece, r.drop_sentence)
        if piece and r.author_note is not None and _BULLETED.match(piece) and r.author_note.match(piece):
            piece = ""
        if piece and (piece == line or _WORD.search(piece)):  # a bullet or a dash the furniture left alone
            out.append(piece)
    return out


def _drop_sentences(piece: str, pattern: re.Pattern) -> str:
    parts = sentences(piece)
    kept = [s for s in parts if not (len(s) <= 400 and pattern.search(s))]
    return piece if len(kept) == len(parts) else " ".join(kept)


def without_author_note(lines: list[str]) -> list[str]:
    """``lines`` (the kept lines of a text) without a note on the author as the text's last sentence."""
    pattern = rules().author_note
    if pattern is None:
        return lines
    lines = list(lines)
    while True:
        while lines and not lines[-1]:
            lines.pop()
        if not lines:
            return lines
        parts = sentences(lines[-1])
        if len(parts) > 1 and len(parts[-1]) <= 400 and pattern.match(parts[-1]):
            lines[-1] = " ".join(parts[:-1])
        elif len(parts) == 1 and len(lines) > 1 and len(parts[0]) <= 400 and pattern.match(parts[0]):
            lines.pop()
        else:
            return lines
