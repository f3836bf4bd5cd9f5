"""Resolve an argument of the dependency parse ("Russian troops", "Turkey's foreign minister", "Vladimir Putin",
"the Kremlin", "he", "the ministry") into one or more Actors.

The argument is the subtree of its head word, without relative clauses, participial modifiers, coordinated
conjuncts (each conjunct is an argument of its own) and prepositional phrases other than "of" ("the government of
Syria"). Inside it:
  1. dictionary mentions (states, organisations, groups, people) are found by the phrase index;
  2. role words ("troops", "ministry", "rebels") give a sector, as PETRARCH's agents do; "former" or "ex-" before
     the role word makes an elite (ELI);
  3. a person's office on the event's date gives their state and role; someone who held an office before that date
     is an elite (ELI) of that state;
  4. a capital or seat of power ("Moscow", "the Kremlin") names the government;
  5. lists give one actor per member: "the presidents of Russia, Armenia and Belarus", "Russian and Ukrainian
     ministers".
What the phrase itself does not say comes from the document (`DocContext`): "he" is the last person named before,
"it" the last state or organisation, a surname the full mention it shortens ("Cavusoglu" after "Turkish Foreign
Minister Mevlut Cavusoglu"), and a role alone ("the ministry", "police") belongs to the state named nearest before
it, else to the state the article names most.
"""
from __future__ import annotations

import datetime as dt
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass, field, replace

from spacy.tokens import Doc, Token

from dyads.actors.abbreviations import apply_abbreviations
from dyads.actors.dictionary import ActorDictionary, Entity, Match, Role
from dyads.model import Actor

# dependency labels whose subtrees are not part of the argument phrase
_EXCLUDED_DEPS = {"relcl", "acl", "conj", "cc", "punct", "advcl", "det", "preconj"}
_KEPT_PREPS = {"of"}
_ROLE_PREPS = {"in", "from", "for"}  # "lawmakers in Fornost", "soldiers from Gondor", "a spokesman for the Taliban"
_AIDES = {"adviser", "advisor", "aide", "counsellor", "counselor", "assistant"}  # "adviser to X" serves X
# nouns of a relation to someone: "Assad's backers", "Syria's neighbours", "the allies of Russia" are not Assad, Syria
# or Russia but the other end of the relation, which only an appositive names ("Assad's main backers, Iran and Russia")
_RELATIONAL = {"neighbour", "neighbor", "ally", "backer", "enemy", "foe", "rival", "opponent", "adversary", "partner",
               "patron", "sponsor", "critic", "supporter", "friend"}
_HOW_ROLE = {"capital": "GOV", "seat": "GOV", "military_seat": "MIL"}
_HOW = {"military_seat": "seat", "short": "name"}  # Phrase.how → Actor.how
ELITE = Role("ELI", ("ELI",))
_FORMER = {"former", "ex", "ex-", "onetime", "erstwhile", "retired"}
# roles that belong to a state, so that a role word alone ("the ministry") can borrow the state from context
STATE_ROLES = {"GOV", "MIL", "COP", "LEG", "JUD", "SPY", "ELI"}
_PERSON_PRONOUNS = {"he", "she", "him", "her", "his"}
_THING_PRONOUNS = {"it", "its"}
_PLURAL_PRONOUNS = {"they", "them", "their"}
# role words that an article keeps for one state once it has named its owner ("the Syrian regime" … "the regime"); not
# "administration", "ministry" (each state in a story has one), nor "forces", "police" (they name many states')
_ONE_STATE_WORDS = {"regime", "government"}
_CONTEXT_WINDOW = 600  # characters before a role word in which a named state is taken as its owner


@dataclass
class DocContext:
    """What the document has said so far: dictionary mentions by token, the states it names, and the actors and
    surnames already resolved (for pronouns and short names later on)."""

    by_token: dict[int, Match]
    state_mentions: list[tuple[int, Entity]] = field(default_factory=list)  # (char offset, state) in text order
    actors: list[Actor] = field(default_factory=list)  # resolved actors, with offsets
    surnames: dict[str, Actor] = field(default_factory=dict)
    places: object = None  # the document's place mentions (dyads.where.DocPlaces), set by the coder
    home: Entity | None = None  # the state the article is about, when one clearly dominates (``find_home``)
    # character spans whose states may not own a role word resolved now: while resolving a target, the source's
    # phrase ("a Russian missile struck the regional government building": not Russia's government)
    avoid: list[tuple[int, int]] = field(default_factory=list)
    # role words the text gave an owner ("the Syrian regime", "the Assad regime", "Britain's government"): (char
    # offset, role word, state), so that the same word alone later ("the regime") keeps that state
    owners: list[tuple[int, str, Entity]] = field(default_factory=list)
    # offsets of states named as where something is or happens ("inside Syria"): they say where, not whose
    placed: set[int] = field(default_factory=set)

    @contextmanager
    def avoiding(self, spans: list[tuple[int, int]]):
        saved, self.avoid = self.avoid, list(spans)
        try:
            yield self
        finally:
            self.avoid = saved

    def find_home(self, dictionary: ActorDictionary) -> None:
        """The article's home state: the country that its states and places (districts, towns: "Sukma District",
        "Yapacani") name most, when it clearly dominates; unnamed role words and people belong to it."""
        counts: Counter = Counter(e.country for _, e in self.state_mentions if e.country)
        # a domestic armed group or agency says where the story is too ("the Maoists", "MS-13"): once per group
        counts.update(country for _, country in {(m.phrase.entity.code, m.phrase.entity.country)
                                                 for m in self.by_token.values()
                                                 if m.phrase.entity.kind == "group" and m.phrase.entity.country})
        for r in getattr(self.places, "resolved", ()):
            country = getattr(r.entry, "country", None)
            if country and r.entry.kind != "country":
                counts[country] += 2  # where things happen says more than who is named
        if not counts:
            return
        (top, n), = counts.most_common(1)
        if n >= 2 and n / sum(counts.values()) > 0.5:
            self.home = dictionary.countries.get(top)

    @classmethod
    def find(cls, doc: Doc, dictionary: ActorDictionary) -> "DocContext":
        by_token: dict[int, Match] = {}
        matches = apply_abbreviations(doc.text, dictionary.find(doc.text))
        if matches:
            mi = 0
            for tok in doc:
                while mi < len(matches) and matches[mi].end <= tok.idx:
                    mi += 1
                if mi < len(matches) and matches[mi].start <= tok.idx < matches[mi].end:
                    by_token[tok.i] = matches[mi]
        # states that can own a role word named later ("the ministry", "the regime"): not a capital or seat named
        # as where something happens ("talks between the regime and the opposition in Vienna")
        starts = {t.idx: t for t in doc}
        states = [(m.start, m.phrase.entity) for m in matches if m.phrase.entity.kind == "state"
                  and not (m.phrase.how in ("capital", "seat", "military_seat") and m.start in starts
                           and _in_locative(starts[m.start]))]
        placed = {m.start for m in matches if m.phrase.entity.kind == "state" and m.start in starts
                  and _in_locative(starts[m.start])}
        return cls(by_token, states, owners=_role_owners(doc, by_token, dictionary), placed=placed)

    def owner_of(self, word: str, offset: int) -> Entity | None:
        """The state the role word ``word`` was last explicitly given before ``offset`` ("the Syrian regime" …
        "the regime")."""
        before = [e for start, w, e in self.owners if w == word and start < offset
                  and not any(lo <= start < hi for lo, hi in self.avoid)]
        return before[-1] if before else None

    def remember(self, actor: Actor, tokens: list[Token]) -> None:
        self.actors.append(actor)
        if actor.kind == "person" and actor.country:
            people = [t for t in tokens if t.ent_type_ == "PERSON" and t.pos_ == "PROPN"]
            if people:
                self.surnames.setdefault(people[-1].text.lower(), actor)

    def state_near(self, offset: int) -> Entity | None:
        """The state named nearest before ``offset`` (within a few sentences)."""
        before = [e for start, e in self.state_mentions if offset - _CONTEXT_WINDOW <= start < offset
                  and start not in self.placed
                  and not any(lo <= start < hi for lo, hi in self.avoid)]
        return before[-1] if before else None

    def last_actor(self, offset: int, kinds: set[str], skip: list[tuple[int, int]] = ()) -> Actor | None:
        """The actor named last before ``offset`` (of one of ``kinds``), leaving out those named inside the
        character spans ``skip``."""
        named = sorted((a for a in self.actors if a.start is not None and a.start < offset and a.kind in kinds),
                       key=lambda a: a.start)
        for actor in reversed(named):
            if not any(lo <= actor.start < hi for lo, hi in skip):
                return actor
        return None


class ActorResolver:
    def __init__(self, dictionary: ActorDictionary):
        self.dictionary = dictionary

    # ---- phrases ----------------------------------------------------------------------------------------------
    def phrase_tokens(self, head: Token) -> list[Token]:
        """The tokens of the argument phrase headed by ``head``, in text order. A role word keeps its "in" and
        "from" phrases too: "lawmakers in Fornost", "soldiers from Gondor"."""
        # a role word named with its modifiers counts too: "human rights activists in Arnor" keeps its "in"
        left = [t for t in head.lefts if t.dep_ in ("compound", "amod")]
        forms = [head.lemma_, head.text] + [" ".join(t.text for t in left[-n:]) + " " + f
                                            for n in (1, 2) if len(left) >= n for f in (head.text, head.lemma_)]
        kept = _KEPT_PREPS | (_ROLE_PREPS if any(self.dictionary.role(f) for f in forms) else set())
        if head.lemma_.lower() in _AIDES:
            kept = kept | {"to"}  # "a senior adviser to Iran's supreme leader" serves Iran
        out: list[Token] = []
        stack = [head]
        while stack:
            tok = stack.pop()
            out.append(tok)
            for child in tok.children:
                if child.dep_ in _EXCLUDED_DEPS:
                    continue
                if child.dep_ == "prep" and child.lemma_.lower() not in (kept if tok == head else _KEPT_PREPS):
                    continue
                stack.append(child)
        return sorted(out, key=lambda t: t.i)

    def role_of(self, head: Token, tokens: list[Token], mention_tokens: set[int]) -> tuple[Role | None, Token | None]:
        """The role word of the phrase: the head (as a compound such as "foreign ministry", or alone), else a
        compound modifier ("army chief"), else the object of "of" ("members of the army")."""
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
        for c in head.children:  # a role named with its "of" phrase: "Ministry of Silly Walks"
            if c.dep_ == "prep" and c.lower_ == "of":
                for g in c.children:
                    if g.dep_ == "pobj":
                        words = " ".join(t.text for t in g.subtree if t.dep_ != "det")
                        for form in (head.text, head.lemma_):
                            role = d.role(f"{form} of {words}")
                            if role:
                                return role, head
        candidates = [t for t in head.children if t.dep_ == "compound"]
        candidates += [g for c in head.children if c.dep_ == "prep" and c.lower_ == "of"
                       for g in c.children if g.dep_ == "pobj"]
        for t in candidates:
            if t.pos_ in ("NOUN", "PROPN") and t.i not in mention_tokens:
                role = d.role(t.lemma_) or d.role(t.text)
                if role:
                    return role, t
        return None, None

    # ---- resolution -------------------------------------------------------------------------------------------
    def resolve_all(self, head: Token, ctx: DocContext, day: dt.date | None) -> list[Actor]:
        """One actor per member of a list inside the phrase, else the phrase's one actor (or none)."""
        tokens = self.phrase_tokens(head)
        if head.lemma_.lower() in _RELATIONAL and head.i not in ctx.by_token:
            related = {t.i for c in head.children if c.dep_ == "poss" or (c.dep_ == "prep" and c.lower_ == "of")
                       for t in c.subtree}
            if any(i in ctx.by_token for i in related):
                tokens = [t for t in tokens if t.i not in related]
                if not any(t.i in ctx.by_token for t in tokens):
                    named = [c for c in head.children if c.dep_ == "appos"]
                    return [a for c in named for m in (c, *c.conjuncts) for a in self.resolve_all(m, ctx, day)]
        for t in tokens:
            if t.i in ctx.by_token and t.conjuncts and all(c.i in ctx.by_token for c in t.conjuncts):
                out = []
                for member in unhedged(t):  # "the CIA and possibly MI5": the CIA
                    sub = [x for x in tokens if x.i not in _mention_span(t, ctx)] + _member_tokens(member, ctx)
                    actor = self._resolve_tokens(head, sorted(sub, key=lambda x: x.i), ctx, day)
                    if actor is not None:
                        named = _member_tokens(member, ctx)  # "the European Union and NATO": all of each name
                        actor.text = _phrase_text(head.doc, named)
                        actor.start, actor.end = named[0].idx, named[-1].idx + len(named[-1].text)
                        out.append(actor)
                if out:
                    return [m for a in out for m in self._members(a, tokens, ctx)]
        actor = self._resolve_tokens(head, tokens, ctx, day)
        return self._members(actor, tokens, ctx) if actor is not None else []

    def _members(self, actor: Actor, tokens: list[Token], ctx: DocContext) -> list[Actor]:
        """A phrase that names several actors at once ("the two Koreas", "the Baltic states") is one actor each."""
        for t in tokens:
            m = ctx.by_token.get(t.i)
            e = m.phrase.entity if m is not None else None
            if e is None or not e.members or not actor.code.startswith(e.code):
                continue
            suffix = actor.code[len(e.code):]
            out = []
            for code in e.members:
                state = self.dictionary.countries.get(code)
                out.append(replace(actor, code=(state.code if state else code) + suffix,
                                   name=state.name if state else actor.name,
                                   country=state.country if state else actor.country,
                                   kind="state" if state and not suffix else actor.kind))
            return out
        return [actor]

    def resolve(self, head: Token, ctx: DocContext, day: dt.date | None) -> Actor | None:
        actors = self.resolve_all(head, ctx, day)
        return actors[0] if actors else None

    def _resolve_tokens(self, head: Token, tokens: list[Token], ctx: DocContext, day: dt.date | None) -> Actor | None:
        if head.pos_ == "PRON":
            return self._pronoun(head, ctx, day)
        if head.lower_ in ("latter", "former") and any(c.dep_ == "det" and c.lower_ == "the" for c in head.children):
            # "the Turkish military and their Syrian rebel proxies … after the latter swept into Afrin": the last
            # (or first) of the pair named just before, and no one when no pair of actors was named
            named = self._pair_before(head, ctx)
            if named is None:
                return None
            member = named[-1] if head.lower_ == "latter" else named[0]
            actor = self.resolve(member, ctx, day)
            return replace(actor, text=head.text, how="pronoun") if actor is not None else None
        mention_tokens = {t.i for t in tokens if t.i in ctx.by_token}
        seen: list[Match] = []
        for t in tokens:
            m = ctx.by_token.get(t.i)
            if m is not None and (not seen or seen[-1] is not m):
                seen.append(m)
        role, role_token = self.role_of(head, tokens, mention_tokens)
        if role is not None and role_token is not None and _is_former(role_token):
            role = ELITE
        text = _phrase_text(head.doc, tokens)
        # more role words before the head compose: "an MSF Arnor diplomat" (a prefix role: NGO…), "Danish
        # Islamist media" (a suffix role before the main one)
        extra_prefix, extra_suffix = [], []
        if role is not None:
            for t in tokens:
                if t.i < head.i and t.dep_ in ("compound", "amod") and t.i not in mention_tokens and t != role_token:
                    if any(self.dictionary.role(f"{a} {b}") for a in (t.text, t.lemma_) for b in (head.text,
                                                                                                  head.lemma_)):
                        continue  # part of one role phrase: "government forces" is MIL, not GOV + MIL
                    r2 = self.dictionary.role(t.text) or self.dictionary.role(t.lemma_)
                    if r2 is not None and r2.code != role.code:
                        (extra_prefix if r2.prefix else extra_suffix).append(r2)
            if extra_suffix:
                role = Role("".join(r.code for r in extra_suffix) + role.code, role.sectors, role.prefix)
        if seen:
            match = _choose(seen, head)
            own_role = role if role_token is not None and role_token.i not in _span_of(match, head.doc) else None
            actor = self._actor(match, own_role, text, day)
            if actor is not None:
                actor.how = _HOW.get(match.phrase.how, match.phrase.how)
            if actor is not None and actor.kind == "state" and own_role is not None and _names_a_person(head):
                actor.kind = "person"  # "Turkish Foreign Minister Mevlut Cavusoglu": a person, by title
        else:
            actor = self._from_context(head, tokens, role, role_token, text, ctx)
            if (actor is None or actor.kind == "agent") and head.pos_ == "PROPN":
                # someone no dictionary knows, described by an appositive: "Ali Akbar Velayati, a senior adviser
                # to Iran's supreme leader" is Iran's
                described = next((a for c in head.children if c.dep_ == "appos"
                                  for a in self.resolve_all(c, ctx, day) if a.country or a.org), None)
                if described is not None:
                    actor = replace(described, text=text, name=_phrase_text(head.doc, [t for t in head.lefts
                                    if t.dep_ == "compound"] + [head]), kind="person")
        if actor is not None and extra_prefix and actor.kind != "agent":
            actor.code = "".join(r.code for r in extra_prefix) + actor.code
        if actor is not None:
            actor.start, actor.end = tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)
            ctx.remember(actor, tokens)
        return actor

    def _pair_before(self, head: Token, ctx: DocContext) -> list[Token] | None:
        """The nearest coordination of two or more actor phrases before ``head``, in its sentence or the one before."""
        doc = head.doc
        sent = head.sent
        start = doc[sent.start - 1].sent.start if sent.start > 0 else sent.start
        for i in range(head.i - 1, start - 1, -1):
            tok = doc[i]
            if tok.dep_ == "conj" or not any(c.dep_ == "conj" for c in tok.children):
                continue
            chain = [tok, *tok.conjuncts]
            if all(t.i < head.i and t.pos_ in ("NOUN", "PROPN") and (
                    t.i in ctx.by_token or any(x.i in ctx.by_token for x in t.lefts)
                    or self.dictionary.role(t.lemma_)) for t in chain):
                return sorted(chain, key=lambda t: t.i)
        return None

    def _from_context(self, head: Token, tokens: list[Token], role: Role | None, role_token: Token | None,
                      text: str, ctx: DocContext) -> Actor | None:
        """A phrase that names no one: a surname seen before, or a role word owned by the state in context."""
        if head.pos_ == "PROPN":
            earlier = ctx.surnames.get(head.text.lower())
            if earlier is not None:
                return replace(earlier, text=text, how="surname")
        if role is None:
            return None
        place = place_in_phrase(head, getattr(ctx.places, "by_token", {}))
        if place is not None and place.entry.country in self.dictionary.countries:
            # "police in Rio de Janeiro", "the regional government building in Kharkiv": the place's state
            return replace(state_actor(self.dictionary.countries[place.entry.country], role, text), how="place")
        if role.code in STATE_ROLES:
            # the same word given an owner before ("the Syrian regime … the regime"), else the state named nearest
            state = (ctx.owner_of(role_token.lemma_.lower(), head.idx) if role_token is not None else None) \
                or ctx.state_near(head.idx)
            if state is not None:
                return replace(state_actor(state, role, text), how="context")
        if ctx.home is not None:  # "police", "villagers", "militants" in a report about one country
            return replace(state_actor(ctx.home, role, text), how="home")
        name = role_token.lemma_ if role_token is not None else text
        return Actor(text=text, name=name, code=role.code, country=None, org=None, sector=list(role.sectors),
                     kind="agent", how="role")

    def _pronoun(self, head: Token, ctx: DocContext, day: dt.date | None) -> Actor | None:
        """The antecedent of a pronoun, only when it is confident: the nearest subject before it in its sentence,
        else the subject of one of the two sentences before, that agrees with it ("he" a person, "it" a state,
        organisation or group, "they" a group or several); when that subject is someone no dictionary knows ("Votel
        said … He added"), the pronoun is them, and no actor. An object pronoun is never its own clause's subject
        ("Putin met Xi and praised him": him = Xi)."""
        word = head.lower_
        if word in _PERSON_PRONOUNS:
            kinds = {"person"}
        elif word in _THING_PRONOUNS:
            kinds = {"state", "organisation", "group"}
        elif word in _PLURAL_PRONOUNS:  # "the Houthis claimed that they had attacked …"
            kinds = {"group", "agent", "organisation", "state"}
        else:
            return None
        skip = _own_subject_spans(head) if head.dep_ in ("dobj", "dative", "pobj") else []
        if head.dep_ in ("dobj", "dative", "pobj"):
            # an object pronoun refers back to the last actor named, in its sentence or the one before (not its own
            # clause's subject): "stepped up his rhetoric against the US, accusing it of …"
            named = self._named_before(head, ctx, kinds, skip, day)
            if named is None:
                named = ctx.last_actor(head.idx, kinds | ({"agent"} if word in _PLURAL_PRONOUNS else set()), skip)
            return self._as_pronoun(named, head)
        for subject in _subjects_before(head):
            if any(lo <= subject.idx < hi for lo, hi in skip):
                continue
            if subject.pos_ == "PRON":
                if subject.lower_ in (_PERSON_PRONOUNS if kinds == {"person"} else _THING_PRONOUNS | _PLURAL_PRONOUNS):
                    continue  # a chain of pronouns: look further back for the name
                continue
            actor = self.resolve(subject, ctx, day) if subject.i != head.i else None
            if actor is not None and actor.kind in kinds:
                return self._as_pronoun(actor, head)
            if actor is None and kinds == {"person"} and subject.ent_type_ == "PERSON":
                return None  # someone no dictionary knows
            if actor is None and subject.sent == head.sent and (
                    (word in _THING_PRONOUNS and subject.tag_ == "NN") or (word in _PLURAL_PRONOUNS and
                                                                           subject.tag_ == "NNS")):
                return None  # "the coalition should say how it makes …": it is the coalition, which names no one
            if actor is not None and kinds == {"person"} and actor.kind != "person":
                continue
        return None

    def _named_before(self, pronoun: Token, ctx: DocContext, kinds: set[str], skip, day) -> Actor | None:
        """The dictionary name nearest before the pronoun, in its sentence or the one before, of an agreeing kind."""
        doc = pronoun.doc
        lo = pronoun.sent.start
        if lo > 0:
            lo = doc[lo - 1].sent.start
        seen = set()
        for i in range(pronoun.i - 1, lo - 1, -1):
            m = ctx.by_token.get(i)
            if m is None or id(m) in seen:
                continue
            seen.add(id(m))
            if m.phrase.entity.kind not in kinds or any(lo_ <= m.start < hi for lo_, hi in skip):
                continue
            if m.phrase.how in ("capital", "seat", "military_seat") and _in_locative(doc[i]):
                continue  # "in Moscow": a place
            actor = self.resolve(doc[i], ctx, day)
            if actor is not None and actor.kind in kinds:
                return actor
        return None

    @staticmethod
    def _as_pronoun(actor: Actor | None, head: Token) -> Actor | None:
        if actor is None:
            return None
        return replace(actor, text=head.text, start=head.idx, end=head.idx + len(head.text), how="pronoun")

    def _actor(self, match: Match, role: Role | None, text: str, day: dt.date | None) -> Actor | None:
        e = match.phrase.entity
        if e.kind == "person":
            return self._person(e, role, text, day)
        if e.kind == "state":
            if role is None and match.phrase.how in _HOW_ROLE:
                code = _HOW_ROLE[match.phrase.how]
                role = Role(code, (code,))
            return state_actor(e, role, text)
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
                role = ELITE  # out of office on the event's date: an elite of the state, whatever the text calls them
        if office.org:
            org = self.dictionary.orgs.get(office.org.upper())
            code = org.code if org else office.org.upper()
            return Actor(text=text, name=e.name, code=code, country=None, org=office.org, sector=[], kind="person")
        if role is None and office.role:
            role = Role(office.role, (office.role,))
        state = self.dictionary.countries.get(office.country)
        code = (state.code if state else office.country) + (role.code if role else "")
        return Actor(text=text, name=e.name, code=code, country=office.country, org=None,
                     sector=list(role.sectors) if role else [], kind="person")


_LOCATIVE = {"in", "at", "near", "outside", "inside", "across", "within", "around", "throughout", "to", "from",
              "into"}


def _role_owners(doc: Doc, by_token: dict[int, Match], dictionary: ActorDictionary) -> list[tuple[int, str, Entity]]:
    """Role words of a state's sector named with their state: an adjective, compound or possessor ("the Syrian
    regime", "the Assad regime", "Britain's government") or an "of" phrase ("the government of Iraq")."""
    out = []
    for tok in doc:
        if tok.pos_ != "NOUN" or tok.i in by_token:
            continue
        role = dictionary.role(tok.lemma_)
        if role is None or tok.lemma_.lower() not in _ONE_STATE_WORDS:
            continue
        owners = [c for c in tok.children if c.dep_ in ("amod", "compound", "poss")]
        owners += [g for c in tok.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children
                   if g.dep_ == "pobj"]
        for c in owners:
            m = by_token.get(c.i)
            if m is None:
                continue
            e = m.phrase.entity
            state = None
            if e.kind == "state":
                state = e
            elif e.kind == "person":
                country = next((o.country for o in e.offices if o.country), None)
                state = dictionary.countries.get(country) if country else None
            if state is not None:
                out.append((tok.idx, tok.lemma_.lower(), state))
                break
    return out


def owns_a_relation(tok: Token) -> bool:
    """Is the name the other end of a relation noun ("Syria's neighbours", "the allies of Russia"), not a party?"""
    node = tok.head if tok.dep_ in ("compound", "flat") else tok
    if node.dep_ == "poss":
        return node.head.lemma_.lower() in _RELATIONAL
    return node.dep_ == "pobj" and node.head.lower_ == "of" and node.head.head.lemma_.lower() in _RELATIONAL


def _in_locative(tok: Token) -> bool:
    """A name in a prepositional phrase of place: "in Vienna", "to Moscow"."""
    return tok.dep_ in ("pobj", "compound") and (tok.head.lower_ in _LOCATIVE or (
        tok.dep_ == "compound" and tok.head.dep_ == "pobj" and tok.head.head.lower_ in _LOCATIVE))


def place_in_phrase(noun: Token, places: dict):
    """A place naming where the thing is: "the Baghdad airport", "the centre of Kharkiv", "a village in Sukma"
    (``places``: the document's resolved places by token, ``dyads.where.DocPlaces.by_token``)."""
    for c in noun.children:
        if c.dep_ == "compound" and c.i in places:
            return places[c.i]
        if c.dep_ == "prep" and c.lower_ in ("of", "in", "near", "at", "outside"):
            for g in c.children:
                if g.dep_ == "pobj":
                    if g.i in places:
                        return places[g.i]
                    inner = next((places[x.i] for x in g.children if x.dep_ == "compound" and x.i in places), None)
                    if inner is not None:
                        return inner
    return None


def state_actor(e: Entity, role: Role | None, text: str) -> Actor:
    """The actor a state names, with a role word's role if any ("Gondor" + "lawmakers" → GONLEG)."""
    if role is None:
        return Actor(text=text, name=e.name, code=e.code, country=e.country, sector=[], kind="state")
    code = role.code + e.code if role.prefix else e.code + role.code
    return Actor(text=text, name=e.name, code=code, country=e.country, sector=list(role.sectors), kind="state")


def _names_a_person(head: Token) -> bool:
    return head.pos_ == "PROPN" and head.ent_type_ == "PERSON"


def _is_former(role_token: Token) -> bool:
    doc = role_token.doc
    prev = [doc[i].lower_ for i in range(max(0, role_token.i - 3), role_token.i)]
    return any(c.lower_ in _FORMER for c in role_token.children) or any(w in _FORMER for w in prev)


def _mention_span(tok: Token, ctx: DocContext) -> set[int]:
    m = ctx.by_token[tok.i]
    return {i for i, mm in ctx.by_token.items() if mm is m}


def _member_tokens(member: Token, ctx: DocContext) -> list[Token]:
    if member.i in ctx.by_token:
        span = _mention_span(member, ctx)
        return [member.doc[i] for i in sorted(span)]
    return [member]


HEDGES = frozenset({"possibly", "perhaps", "maybe", "probably"})


def unhedged(tok: Token) -> list[Token]:
    """``tok`` and its conjuncts, in text order, up to the first a hedge makes a guess ("by the CIA and possibly MI5
    and MI6", "France, Germany and perhaps Italy": the CIA; France and Germany)."""
    members = sorted((tok, *tok.conjuncts), key=lambda x: x.i)
    for k, x in enumerate(members):
        if k and any(c.dep_ == "advmod" and c.lower_ in HEDGES for c in x.children):
            return members[:k]
    return members


def _span_of(match: Match, doc: Doc) -> set[int]:
    span = doc.char_span(match.start, match.end, alignment_mode="expand")
    return {t.i for t in span} if span is not None else set()


def _choose(seen: list[Match], head: Token) -> Match:
    """Of several mentions in one phrase, the one covering the head word, else a person or organisation over a
    state ("Russian President Vladimir Putin" is Putin, "the Syrian Observatory …" a group), else the nearest."""
    for m in seen:
        if m.start <= head.idx < m.end:
            return m
    rank = {"person": 0, "group": 1, "organisation": 1, "state": 2}
    # among equals, the head's possessor before an apposition: "Ithilen's minister Calimehtar" is Ithilen's
    poss = [c.idx for c in head.children if c.dep_ == "poss"]
    return min(seen, key=lambda m: (rank.get(m.phrase.entity.kind, 3), not any(m.start <= i < m.end for i in poss),
                                    abs(m.start - head.idx)))


def _phrase_text(doc: Doc, tokens: list[Token]) -> str:
    if not tokens:
        return ""
    start, end = tokens[0].i, tokens[-1].i + 1
    return doc[start:end].text.strip()


def _subjects_before(pronoun: Token) -> list[Token]:
    """Clause subjects that a subject pronoun may refer back to, nearest first: those before it in its own sentence,
    then those of the two sentences before (each sentence's subjects in text order: the main clause's first)."""
    sent = pronoun.sent
    doc = pronoun.doc
    out = [t for t in reversed(sent) if t.i < pronoun.i and t.dep_ in ("nsubj", "nsubjpass")]
    start = sent.start
    for _ in range(2):
        if start == 0:
            break
        prev = doc[start - 1].sent
        out += [t for t in prev if t.dep_ in ("nsubj", "nsubjpass")]
        start = prev.start
    return out


def _own_subject_spans(pronoun: Token) -> list[tuple[int, int]]:
    """Character spans of the subjects of the clause an object pronoun belongs to (climbing coordinated verbs,
    which share their subject: "met Xi and praised him", and a participle or infinitive with no subject of its own,
    whose subject is the main clause's: "Saudi Arabia and Egypt imposed a boycott, accusing it of …" — it is
    neither of them)."""
    verb = pronoun.head.head if pronoun.dep_ == "pobj" else pronoun.head
    for _ in range(3):
        subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
        if subjects:
            return [(s.left_edge.idx, s.right_edge.idx + len(s.right_edge.text)) for s in subjects]
        controlled = verb.dep_ in ("advcl", "xcomp") and verb.tag_ in ("VBG", "VB") and not any(
            c.dep_ in ("mark", "csubj", "expl") for c in verb.children)
        if not (verb.dep_ == "conj" or controlled) or verb.head == verb:
            break
        verb = verb.head
    return []
