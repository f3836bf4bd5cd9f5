"""Abbreviations an article defines: "the Central African Republic (CAR)", "the Democratic Forces for the Liberation
of Rwanda (FDLR)". A name followed by a parenthesised acronym makes that acronym stand for the name everywhere in
the article: the acronym is no other entity of the dictionaries (the Phoenix layer's Ecuadorian "CAR" rebels), and a
later bare "CAR" or "FDLR" is the name's actor even where no dictionary knows the acronym.

Written by hand: the rule is a few lines over the dictionary's matches. scispaCy's abbreviation detector finds
such pairs too, but it comes with a large biomedical package and knows nothing of the actor dictionaries, which is
where the pairing has to take effect.
"""
from __future__ import annotations

import re
from dataclasses import replace

from dyads.actors.dictionary import Match

_PARENTHESISED = r"\s*\(\s*([A-Z][A-Za-z0-9\-&.]{1,9})\s*\)"  # " (CAR)", "(FDLR)", "(M23)"
_DEFINED = re.compile(_PARENTHESISED)  # right after a name
_DEFINED_INSIDE = re.compile(_PARENTHESISED + "$")  # at the end of a dictionary phrase
_ACRONYM = re.compile(r"^[A-Z][A-Z0-9\-&.]*[A-Z0-9]$|^[A-Z][a-z]?[A-Z][A-Za-z0-9]*$")  # CAR, M23, FARC-EP, DfID


def _fits(acronym: str, name: str) -> bool:
    """Whether ``acronym`` can abbreviate ``name``: its first letter is the first letter of one of the name's words
    (initials in other languages differ: "FDLR", "ELN" for English names), and it is shorter than the name."""
    letters = [w[0].upper() for w in re.findall(r"[A-Za-z]+", name)]
    return bool(letters) and acronym[0].upper() in letters and len(acronym) < len(name)


def apply_abbreviations(text: str, matches: list[Match]) -> list[Match]:
    """``matches`` (sorted, not overlapping) with the article's own abbreviations applied: an acronym defined right
    after a matched name is that name wherever it occurs."""
    aliases: dict[str, Match] = {}
    defined: set[int] = set()  # start offsets of the parenthesised acronyms themselves
    for m in matches:
        d = _DEFINED.match(text, m.end)
        if d is not None:
            acronym, name = d.group(1).rstrip("."), text[m.start:m.end]
            defined.add(d.start(1))
        else:  # a dictionary phrase that holds its own definition: "Democratic Forces for … Rwanda (FDLR)"
            d = _DEFINED_INSIDE.search(text, m.start, m.end)
            if d is None:
                continue
            acronym, name = d.group(1).rstrip("."), text[m.start:d.start()]
        if _ACRONYM.match(acronym) and _fits(acronym, name):
            aliases.setdefault(acronym, m)
    if not aliases:
        return matches
    pattern = re.compile(r"(?<![A-Za-z0-9])(" + "|".join(re.escape(a) for a in sorted(aliases, key=len, reverse=True))
                         + r")(?![A-Za-z0-9])")
    alias_at: dict[int, Match] = {}
    for a in pattern.finditer(text):
        name = aliases[a.group(1)]
        if a.start() < name.end:
            continue  # only after it is defined
        if a.start() not in defined:  # the definition itself is part of the name's mention
            alias_at[a.start()] = Match(a.start(), a.end(), replace(name.phrase, text=a.group(1), proper=False))
    out: list[Match] = []
    for m in matches:
        if m.start in defined or m.start in alias_at:
            continue  # the article's reading of the acronym wins over the dictionary's
        out.append(m)
    for m in alias_at.values():
        if not any(o.start < m.end and m.start < o.end for o in out):
            out.append(m)
    out.sort(key=lambda m: (m.start, -(m.end - m.start)))
    return out
