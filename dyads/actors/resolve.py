"""Resolve an argument of the dependency parse ("Russian troops", "Turkey's foreign minister", "Vladimir Putin",
"the Kremlin") into an Actor.

The argument is the subtree of its head word, without relative clauses, participial modifiers, coordinated
conjuncts (each conjunct is an argument of its own) and prepositional phrases other than "of" ("the government of
Syria"). Inside it:
  1. dictionary mentions (states, organisations, groups, people) are found by the phrase index;
  2. role words ("troops", "ministry", "rebels") give a sector, as PETRARCH's agents do;
  3. a person's office on the event's date gives their state and role; someone who held an office before that date
     is an elite (ELI) of that state;
  4. a capital or seat of power ("Moscow", "the Kremlin") names the government.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from dyads.actors.dictionary import ActorDictionary, Entity, Match, Role
from dyads.model import Actor

# dependency labels whose subtrees are not part of the argument phrase
_EXCLUDED_DEPS = {"relcl", "acl", "conj", "cc", "punct", "advcl", "appos_excluded", "prep_other", "det"}
_KEPT_PREPS = {"of"}
_HOW_ROLE = {"capital": "GOV", "seat": "GOV", "military_seat": "MIL"}
ELITE = Role("ELI", ("ELI",))


@dataclass
class DocMentions:
    """Dictionary mentions of one document, indexed by token, found in one pass over the text."""

    by_token: dict[int, Match]

    @classmethod
    def find(cls, doc: Doc, dictionary: ActorDictionary) -> "DocMentions":
        by_token: dict[int, Match] = {}
        matches = dictionary.find(doc.text)
        if matches:
            mi = 0
            for tok in doc:
                while mi < len(matches) and matches[mi].end <= tok.idx:
                    mi += 1
                if mi < len(matches) and matches[mi].start <= tok.idx < matches[mi].end:
                    by_token[tok.i] = matches[mi]
        return cls(by_token)


class ActorResolver:
    def __init__(self, dictionary: ActorDictionary):
        self.dictionary = dictionary

    def phrase_tokens(self, head: Token) -> list[Token]:
        """The tokens of the argument phrase headed by ``head``, in text order."""
        out: list[Token] = []
        stack = [head]
        while stack:
            tok = stack.pop()
            out.append(tok)
            for child in tok.children:
                if child.dep_ in _EXCLUDED_DEPS:
                    continue
                if child.dep_ == "prep" and child.lemma_.lower() not in _KEPT_PREPS:
                    continue
                stack.append(child)
        return sorted(out, key=lambda t: t.i)

    def role_of(self, head: Token, tokens: list[Token]) -> tuple[Role | None, Token | None]:
        """The role word of the phrase: the head (as a compound such as "foreign ministry", or alone), else a
        compound modifier ("army chief"), else any role noun in the phrase."""
        d = self.dictionary
        left = [t for t in tokens if t.i < head.i and t.dep_ in ("compound", "amod")]
        for n in range(min(len(left), 2), 0, -1):
            words = " ".join(t.text for t in left[-n:]) + " "
            for form in (head.text, head.lemma_):
                role = d.role(words + form)
                if role:
                    return role, head
        for form in (head.lemma_, head.text):
            role = d.role(form)
            if role:
                return role, head
        for t in reversed(tokens):
            # a role noun elsewhere in the phrase ("members of the army"), but not a possessor: in "the people's
            # republics" the people own the name, they are not the actor's role
            if t != head and t.pos_ in ("NOUN", "PROPN") and t.dep_ != "poss" and t.i not in self._mention_tokens:
                role = d.role(t.lemma_) or d.role(t.text)
                if role:
                    return role, t
        return None, None

    def resolve(self, head: Token, mentions: DocMentions, day: dt.date | None) -> Actor | None:
        if head.pos_ == "PRON":
            return None
        tokens = self.phrase_tokens(head)
        self._mention_tokens = {t.i for t in tokens if t.i in mentions.by_token}
        seen: list[Match] = []
        for t in tokens:
            m = mentions.by_token.get(t.i)
            if m is not None and (not seen or seen[-1] is not m):
                seen.append(m)
        role, role_token = self.role_of(head, tokens)
        text = _phrase_text(head.doc, tokens)
        if not seen:
            if role is None:
                return None
            actor = Actor(text=text, name=role_token.lemma_ if role_token is not None else text, code=role.code,
                          country=None, org=None, sector=list(role.sectors), kind="agent")
        else:
            match = _choose(seen, head)
            own_role = role if role_token is not None and role_token.i not in _span_of(match, head.doc) else None
            actor = self._actor(match, own_role, text, day)
        if actor is not None:
            actor.start, actor.end = tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)
        return actor

    def _actor(self, match: Match, role: Role | None, text: str, day: dt.date | None) -> Actor | None:
        e = match.phrase.entity
        if e.kind == "person":
            return self._person(e, role, text, day)
        if e.kind == "state":
            if role is None and match.phrase.how in _HOW_ROLE:
                role = self.dictionary.roles.get(_HOW_ROLE[match.phrase.how].lower()) or Role(
                    _HOW_ROLE[match.phrase.how], (_HOW_ROLE[match.phrase.how],))
            return _state_actor(e, role, text)
        sector = list(e.sector)
        if role is not None:
            sector = list(dict.fromkeys([*sector, *role.sectors]))
        return Actor(text=text, name=e.name, code=e.code, country=e.country, org=e.org, sector=sector, kind=e.kind)

    def _person(self, e: Entity, role: Role | None, text: str, day: dt.date | None) -> Actor | None:
        current = e.offices_on(day) if day else []
        office = current[0] if current else None
        if office is None:
            past = [o for o in e.offices if day is None or (o.start is not None and o.start <= day)]
            if not past:
                return None
            office = max(past, key=lambda o: o.start or dt.date.min)
            if day is not None:
                role = role or ELITE
        if office.org:
            org = self.dictionary.orgs.get(office.org.upper())
            code = org.code if org else office.org.upper()
            return Actor(text=text, name=e.name, code=code, country=None, org=office.org, sector=[], kind="person")
        role = role or Role(office.role or "GOV", (office.role or "GOV",))
        state = self.dictionary.countries.get(office.country)
        code = (state.code if state else office.country) + role.code
        return Actor(text=text, name=e.name, code=code, country=office.country, org=None,
                     sector=list(role.sectors), kind="person")


def _state_actor(e: Entity, role: Role | None, text: str) -> Actor:
    if role is None:
        return Actor(text=text, name=e.name, code=e.code, country=e.country, sector=[], kind="state")
    return Actor(text=text, name=e.name, code=e.code + role.code, country=e.country, sector=list(role.sectors),
                 kind="state")


def _span_of(match: Match, doc: Doc) -> set[int]:
    span = doc.char_span(match.start, match.end, alignment_mode="expand")
    return {t.i for t in span} if span is not None else set()


def _choose(seen: list[Match], head: Token) -> Match:
    """Of several mentions in one phrase, the one covering the head word, else a person or organisation over a
    state ("Russian President Vladimir Putin" is Putin, "the Syrian Observatory …" a group), else the nearest."""
    doc = head.doc
    for m in seen:
        if m.start <= head.idx < m.end:
            return m
    rank = {"person": 0, "group": 1, "organisation": 1, "state": 2}
    return min(seen, key=lambda m: (rank.get(m.phrase.entity.kind, 3),
                                    abs(doc.char_span(m.start, m.end, alignment_mode="expand").start - head.i)
                                    if doc.char_span(m.start, m.end, alignment_mode="expand") is not None else 99))


def _phrase_text(doc: Doc, tokens: list[Token]) -> str:
    if not tokens:
        return ""
    start, end = tokens[0].i, tokens[-1].i + 1
    return doc[start:end].text.strip()
