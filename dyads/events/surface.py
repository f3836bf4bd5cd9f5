"""Surface patterns: the words around a verb that pick its code, as PETRARCH and TABARI dictionaries write them.

A sense in verbs.yaml may carry ``pattern: "<words before> * <words after>"``. The dependency-based senses
(``object:``, ``target:``) cover what a parse decides well; a surface pattern says what only the word sequence says:
"did n't * over efforts", "* new_(military|economic)_relations", "* for +". Legacy dictionaries are written this
way, so `dyads dict import-petrarch` keeps their patterns whole instead of approximating them.

Syntax (one string, words separated by spaces):
  * ``*``        the trigger verb itself (exactly once);
  * ``word``     a word, matched on the token's lowercase text (``efforts`` does not match "effort");
  * ``a_b``      words that must be adjacent; words separated by spaces may have others between them;
  * ``(x|y z)``  one of several alternatives, each one or more adjacent words;
  * ``+``        the target: an actor named at that point; ``$`` the source; ``%`` an actor that is both (a
                 compound doing something to each other); ``^`` a phrase skipped (any words).
Words before ``*`` are matched leftward from the verb inside its clause, words after it rightward to the end of
the verb's phrase. A pattern that matches also claims its words: a negator it names ("did n't") decides the code
instead of blocking the event.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

MARKERS = {"+": "target", "$": "source", "%": "compound", "^": "skip"}


@dataclass(frozen=True)
class Element:
    options: tuple[tuple[str, ...], ...] = ()  # word sequences, any of which matches; empty for a marker
    marker: str | None = None  # target | source | compound | skip
    adjacent: bool = False  # must directly follow the element before it


@dataclass(frozen=True)
class Scope:
    """What the matcher may ask of the text besides its words."""

    actor_at: Callable[[int], tuple[int, int] | None]  # an actor mention starting at token i: (its head, its end)
    nouns: Sequence[bool] = ()  # per token: is it a noun (a phrase skipped by ``^`` holds one); () = unknown
    coordinated: frozenset[int] | None = None  # tokens heading a coordination (``%`` binds only those); None = any

    def phrase_between(self, start: int, end: int) -> bool:
        """Do tokens start..end (inclusive) make a phrase ``^`` may skip: at least one noun among them."""
        return any(self.nouns[i] for i in range(start, end + 1)) if self.nouns else end >= start

    def may_bind(self, marker: str, head: int) -> bool:
        return marker != "compound" or self.coordinated is None or head in self.coordinated


@dataclass(frozen=True)
class SurfaceMatch:
    words: tuple[int, ...]  # token indices of the pattern's literal words
    source: int | None = None  # token index of the actor the pattern names as source
    target: int | None = None
    compound: int | None = None


@dataclass(frozen=True)
class Pattern:
    text: str
    before: tuple[Element, ...]
    after: tuple[Element, ...]
    verb_adjacent: bool = False  # the last word before "*" must touch the verb ("not_*")

    @classmethod
    def parse(cls, text: str) -> "Pattern":
        chunks = [c for c in _split_outside_parens(text.strip(), str.isspace) if c]
        elements: list[Element | str] = []
        for chunk in chunks:
            for k, part in enumerate(_split_outside_parens(chunk, "_".__eq__)):
                if not part:
                    continue
                if part == "*":
                    elements.append("*" if k == 0 else "*_")
                    continue
                adjacent = k > 0
                if part in MARKERS:
                    elements.append(Element(marker=MARKERS[part], adjacent=adjacent))
                elif part.startswith("(") and part.endswith(")"):
                    options = tuple(tuple(w.lower() for w in re.split(r"[\s_]+", alt.strip()) if w)
                                    for alt in part[1:-1].split("|"))
                    options = tuple(o for o in options if o)
                    if not options:
                        raise ValueError(f"pattern {text!r}: empty alternatives {part!r}")
                    elements.append(Element(options=options, adjacent=adjacent))
                elif re.fullmatch(r"[^\s()|*]+", part):
                    elements.append(Element(options=((part.lower(),),), adjacent=adjacent))
                else:
                    raise ValueError(f"pattern {text!r}: cannot read {part!r}")
        stars = [k for k, e in enumerate(elements) if isinstance(e, str)]
        if len(stars) != 1:
            raise ValueError(f"pattern {text!r}: needs exactly one '*' for the verb")
        star = stars[0]
        before = tuple(e for e in elements[:star] if isinstance(e, Element))
        after = tuple(e for e in elements[star + 1:] if isinstance(e, Element))
        # "*_down": the first word after the verb touches it (its own adjacency); "not_*": the last word before
        # the verb touches it
        return cls(text, before, after, verb_adjacent=elements[star] == "*_")

    @property
    def size(self) -> int:
        """How much the pattern asks for: its literal words (longer patterns are the more specific)."""
        return sum(max(len(o) for o in e.options) for e in (*self.before, *self.after) if e.options)

    def match(self, words: list[str], verb: int, lo: int, hi: int,
              actor_at: Callable[[int], tuple[int, int] | None], nouns: Sequence[bool] = (),
              coordinated: frozenset[int] | None = None) -> SurfaceMatch | None:
        """Match around ``verb`` (an index into ``words``, the lowercase token texts) within [lo, hi].
        ``actor_at(i)`` says whether an actor mention starts at token i: (index of the token that stands for it,
        index just past it), else None. ``nouns`` (per token) lets ``^`` skip whole phrases, as PETRARCH's does;
        ``coordinated`` (tokens heading a coordination) keeps ``%`` to compounds."""
        scope = Scope(actor_at, nouns, coordinated)
        bound: dict[str, int] = {}
        literal: list[int] = []
        # words before the verb, from the nearest leftward; an element touching its right neighbour must end
        # right before it
        before = self.before
        if not _match_left(before, len(before) - 1, verb - 1, self.verb_adjacent, lo, words, scope, bound,
                           literal):
            return None
        after_literal: list[int] = []
        if not _match_right(self.after, 0, verb + 1, hi, words, scope, bound, after_literal):
            return None
        return SurfaceMatch(tuple(sorted(literal + after_literal)), bound.get("source"), bound.get("target"),
                            bound.get("compound"))


def _match_right(elements, k, pos, hi, words, scope: Scope, bound, literal) -> bool:
    if k == len(elements):
        return True
    e = elements[k]
    starts = [pos] if e.adjacent else range(pos, hi + 1)
    for start in starts:
        if start > hi:
            break
        if e.marker == "skip":  # a phrase (at least one noun), then the next element right after it
            return any(scope.phrase_between(start, end) and
                       _match_right(elements, k + 1, end + 1, hi, words, scope, bound, literal)
                       for end in range(start, hi + 1))
        if e.marker is not None:
            found = scope.actor_at(start)
            if found is None or not scope.may_bind(e.marker, found[0]):
                continue
            head, end = found
            saved = dict(bound)
            bound.setdefault(e.marker, head)
            if _match_right(elements, k + 1, end, hi, words, scope, bound, literal):
                return True
            bound.clear()
            bound.update(saved)
            continue
        for option in e.options:
            end = start + len(option)
            if end - 1 <= hi and tuple(words[start:end]) == option:
                mark = len(literal)
                literal.extend(range(start, end))
                if _match_right(elements, k + 1, end, hi, words, scope, bound, literal):
                    return True
                del literal[mark:]
    return False


def _match_left(elements, k, pos, touch, lo, words, scope: Scope, bound, literal) -> bool:
    """Match elements[k], elements[k-1], … leftward; element k must end at ``pos`` when ``touch``, else at or
    before it."""
    if k < 0:
        return True
    e = elements[k]
    ends = [pos] if touch else range(pos, lo - 1, -1)
    for end in ends:
        if end < lo:
            break
        if e.marker == "skip":  # a phrase (at least one noun) ending here, then the element before it
            return any(scope.phrase_between(begin, end) and
                       _match_left(elements, k - 1, begin - 1, False, lo, words, scope, bound, literal)
                       for begin in range(end, lo - 1, -1))
        if e.marker is not None:
            # an actor ending at ``end``: look for the mention that starts at or before it and ends right after it
            for start in range(end, max(lo, end - 6) - 1, -1):
                found = scope.actor_at(start)
                if found is not None and found[1] == end + 1 and scope.may_bind(e.marker, found[0]):
                    saved = dict(bound)
                    bound.setdefault(e.marker, found[0])
                    if _match_left(elements, k - 1, start - 1, e.adjacent, lo, words, scope, bound, literal):
                        return True
                    bound.clear()
                    bound.update(saved)
            continue
        for option in e.options:
            start = end - len(option) + 1
            if start >= lo and tuple(words[start:end + 1]) == option:
                mark = len(literal)
                literal.extend(range(start, end + 1))
                if _match_left(elements, k - 1, start - 1, e.adjacent, lo, words, scope, bound, literal):
                    return True
                del literal[mark:]
    return False


def _split_outside_parens(text: str, is_separator: Callable[[str], bool]) -> list[str]:
    """``text`` split at the characters ``is_separator`` accepts, except inside parentheses (alternatives)."""
    out, depth, cur = [], 0, []
    for ch in text:
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth = max(0, depth - 1)
        if depth == 0 and is_separator(ch):
            out.append("".join(cur))
            cur = []
            continue
        cur.append(ch)
    out.append("".join(cur))
    return out
