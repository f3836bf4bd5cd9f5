"""Arguments: who acts (source), on whom (target), and who reports it (attribution), as parse tokens.

The source is the subject, the agent ("by X") of a passive, the controller of an infinitive or the author of an event
noun ("Russia's recognition of …"); the target the direct object, the passive subject, or the object of a
preposition the sense names ("sanctions *on* X", "talks *with* X"); failing those, the first actor named inside the
object phrase or in the rest of the verb phrase (PETRARCH's rule). Tokens become Actors in ``dyads.actors``.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import replace

from spacy.tokens import Span, Token

from dyads.actors import ActorDictionary, ActorResolver
from dyads.actors.resolve import DocContext, state_actor
from dyads.events.patterns import Modality, TriggerIndex
from dyads.events.syntax import (
    LOCATIVE_PREPS,
    OBJECTS,
    PASSIVE_SUBJECTS,
    RELATIONAL_PREPS,
    antecedent,
    clause_bounds,
    prep_objects,
    subjects_of,
    with_conjuncts,
)
from dyads.events.triggers import Trigger
from dyads.model import Actor

FIRST_PERSON = {"we", "i", "us", "our", "my"}  # in a quote, the speaker
# acts that undo a measure (ease, lift, suspend, end): done, in a passive without agent, by the measure's author
_UNDOING_ROOTS = {"08", "16"}


class Arguments:
    def __init__(self, resolver: ActorResolver, triggers: TriggerIndex, modality: Modality):
        self.resolver = resolver
        self.triggers = triggers
        self.modality = modality

    def verb_arguments(self, trig: Trigger, ctx: DocContext) -> tuple[list[Token], list[Token]]:
        verb, sense = trig.verb, trig.sense
        surface = trig.surface
        if surface is not None and (surface.source is not None or surface.target is not None
                                    or surface.compound is not None):
            doc = verb.doc
            sources, targets = self.verb_arguments(replace(trig, surface=None), ctx)
            if surface.source is not None:
                sources = with_conjuncts([doc[surface.source]])
            if surface.target is not None:
                targets = with_conjuncts([doc[surface.target]])
                if surface.source is None and set(sources) <= set(targets) and verb.dep_ in ("ccomp", "advcl"):
                    sources = with_conjuncts(subjects_of(verb.head))  # "noted + *": the noter acts
            if surface.compound is not None and surface.compound > verb.i:  # "* with %": members are targets
                targets = with_conjuncts([doc[surface.compound]])
            elif surface.compound is not None:  # "% * …": the compound's members act on each other
                sources = targets = with_conjuncts([doc[surface.compound]])
            return sources, targets
        passive = any(c.dep_ in PASSIVE_SUBJECTS for c in verb.children) or any(
            c.dep_ == "auxpass" for c in verb.children)
        if passive:
            agents = [g for c in verb.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]
            sources = with_conjuncts(agents)
            patients = [c for c in verb.children if c.dep_ in PASSIVE_SUBJECTS]
            targets = [] if trig.theme is not None or trig.token != verb else with_conjuncts(patients)
            if trig.theme is not None or trig.token != verb:
                trig_obj = trig.theme if trig.theme is not None else trig.token
                targets = prep_objects([verb, trig_obj], sense.target_preps)
            if not sources and sense.code[:2] in _UNDOING_ROOTS:
                # "UN sanctions against Iran were lifted": who undoes a measure is who imposed it
                for measure in patients:
                    if self.triggers.noun_senses(measure.lemma_.lower()):
                        as_noun = replace(trig, token=measure, nominal=True,
                                          sense=self.triggers.noun_senses(measure.lemma_.lower())[0])
                        sources, targets = self.noun_arguments(as_noun, ctx)
                        break
            return sources, targets
        sources = [self.issuer(s) for s in with_conjuncts(subjects_of(verb))]
        if trig.theme is not None or trig.token != verb:
            carrier = trig.theme if trig.theme is not None else trig.token
            # an adjective's preposition is its own: "is sceptical of", "was guilty of attacking"
            targets = prep_objects(list(dict.fromkeys([carrier, trig.token, verb])), sense.target_preps)
        else:
            targets = with_conjuncts([antecedent(c) for c in verb.children if c.dep_ in OBJECTS + ("dative",)
                                       and c.pos_ in ("NOUN", "PROPN", "PRON")])
            # "hosted talks with Seoul": an event-noun object leads to the target through its own prepositions
            event_objects = [t for t in targets if self.triggers.noun_senses(t.lemma_.lower())]
            for noun in event_objects:
                targets.remove(noun)
                targets += prep_objects([noun], self.triggers.noun_senses(noun.lemma_.lower())[0].target_preps)
            if not targets:
                targets = prep_objects([verb], sense.target_preps)
        return sources, targets

    def issuer(self, subject: Token) -> Token:
        """Who stands behind a thing named as the subject. A document speaks for whoever issued it: "the
        committee issued a report that calls on …" (the report is the object of the issuing verb). A weapon acts for
        whoever used it: "the missiles fired by the Israeli military struck …"."""
        lemma = subject.lemma_.lower()
        if lemma in self.modality.document_nouns and subject.dep_ in OBJECTS:
            issuers = subjects_of(subject.head)
            if issuers:
                return issuers[0]
        if lemma in self.modality.instrument_nouns:
            users = [g for c in subject.children if c.dep_ == "acl" for a in c.children if a.dep_ == "agent"
                     for g in a.children if g.dep_ == "pobj"]
            if users:
                return users[0]
        return subject

    def noun_arguments(self, trig: Trigger, ctx: DocContext) -> tuple[list[Token], list[Token]]:
        noun = trig.token
        # "Russia's strikes", "Russian strikes", "NATO exercises"; but a place name compounded with the noun names
        # the thing, not its author ("the Minsk agreements", "the Astana talks")
        sources = [c for c in noun.children if c.dep_ in ("poss", "amod", "compound", "nmod")
                   and c.pos_ in ("PROPN", "NOUN", "ADJ")
                   and not (c.dep_ == "compound" and c.i in ctx.by_token
                            and ctx.by_token[c.i].phrase.how in ("capital", "seat"))]
        sources += [g for c in noun.children if c.dep_ == "prep" and c.lower_ == "by"
                    for g in c.children if g.dep_ == "pobj"]
        # "the threats made by the US against Sudan", "strikes carried out by Israel on Gaza"
        participles = [c for c in noun.children if c.dep_ == "acl" and c.tag_ == "VBN"]
        agents = [g for p in participles for a in p.children if a.dep_ == "agent"
                  for g in a.children if g.dep_ == "pobj"]
        sources += agents
        # the parser may hang "against Sudan" on the agent ("the US Government against Sudan")
        targets = prep_objects([noun, *participles, *agents], trig.sense.target_preps)
        return with_conjuncts(sources), targets

    def speech_head(self, verb: Token) -> Token | None:
        """The speech verb whose complement the clause is ("said (that) …"), if any."""
        node = verb
        for _ in range(4):
            if node.dep_ in ("conj", "xcomp"):  # "said it will refuse to comply": the saying covers "comply"
                node = node.head
                continue
            if node.dep_ in ("ccomp", "parataxis") and node.head.lemma_.lower() in self.modality.speech_verbs:
                return node.head
            break
        return None

    def speaker(self, head: Token | None, ctx: DocContext, day: dt.date | None) -> Actor | None:
        """Who is reported as saying the clause: the subject of the speech verb above it (``_speech_head``)."""
        subjects = subjects_of(head) if head is not None else []
        return self.resolver.resolve(subjects[0], ctx, day) if subjects else None


    def according_to(self, sent: Span, ctx: DocContext, day: dt.date | None) -> Actor | None:
        for tok in sent:
            if tok.lower_ == "according":
                for prep in tok.children:
                    if prep.lower_ == "to":
                        for pobj in prep.children:
                            if pobj.dep_ == "pobj":
                                return self.resolver.resolve(pobj, ctx, day)
        return None


    def first_actor_after(self, verb: Token, sources: list[Token], sent: Span, mentions: dict[int, tuple[int, int]],
                           ctx: DocContext, when: dt.date | None) -> list[Actor]:
        """The first actor named in the rest of the verb's phrase, as PETRARCH takes the first actor of the verb
        phrase: "criticized the closure of guest houses in Michel Delving", "marched close to the border with
        Mordor"."""
        _, hi = clause_bounds(verb, sent)
        taken = {t.i for s in sources for t in s.subtree}
        doc = verb.doc
        for start in range(verb.i + 1, hi + 1):
            found = mentions.get(start)
            match = ctx.by_token.get(start)
            if found is None or match is None or found[0] in taken or start in taken:
                continue  # a role word alone ("with force") names no one new
            named = doc[start]
            if any(a.lower_ == "according" for a in named.ancestors):
                continue  # the source of the report, not a party
            if match.phrase.how in ("capital", "seat", "military_seat") and named.head.dep_ == "prep" and \
                    named.head.lower_ in LOCATIVE_PREPS:
                continue  # "a meeting in Brussels": where, not with whom
            head = doc[found[0]]
            actors = [a for t in with_conjuncts([head]) for a in self.resolver.resolve_all(t, ctx, when)]
            if actors:
                return actors
        return []

    def first_actor_inside(self, obj: Token, ctx: DocContext, when: dt.date | None) -> list[Actor]:
        """The first actor phrase nested in ``obj`` (through its prepositional phrases), with its conjuncts."""
        for tok in sorted(obj.subtree, key=lambda t: t.i):
            if tok == obj or tok.dep_ != "pobj" or tok.head.lower_ not in RELATIONAL_PREPS or any(
                    a.dep_ in ("relcl", "acl", "advcl") for a in tok.ancestors if a.i > obj.i or a == obj):
                continue  # not "meeting in Brussels": a place where, not a party to the act
            actors = [a for t in with_conjuncts([tok]) for a in self.resolver.resolve_all(t, ctx, when)]
            if actors:
                return actors
        return []



def find_mentions(sent: Span, ctx: DocContext, dictionary: ActorDictionary) -> dict[int, tuple[int, int]]:
    """Where actors are named in the sentence: first token → (the token standing for the phrase, index past it).
    A name modifying a noun stands with it ("Osgiliath soldiers", "an anti-Gondor parade")."""
    out: dict[int, tuple[int, int]] = {}
    i, end = sent.start, sent.end
    while i < end:
        match = ctx.by_token.get(i)
        tok = sent.doc[i]
        if match is None:
            if tok.pos_ == "NOUN" and (dictionary.role(tok.lemma_) or dictionary.role(tok.text)):
                out[i] = (i, i + 1)
            i += 1
            continue
        j = i
        while j + 1 < end and ctx.by_token.get(j + 1) is match:
            j += 1
        group = range(i, j + 1)
        head = next((sent.doc[k] for k in reversed(group) if sent.doc[k].head.i not in group
                     or sent.doc[k].head.i == k), sent.doc[j])
        last = j
        while (head.dep_ in ("compound", "amod", "nmod") or (head.dep_ == "poss" and (  # "Ithilen's president"
                dictionary.role(head.head.lemma_) or dictionary.role(head.head.text)))) and head.head.i > head.i and \
                head.head.pos_ in ("NOUN", "PROPN") and head.head.i < end and head.head.i not in ctx.by_token:
            head = head.head
            last = max(last, head.i)
        out[i] = (head.i, last + 1)
        i = j + 1
    return out


_LIST_GLUE = {",", "and", "or", "&"}


def listed(heads: list[Token], mentions: dict[int, tuple[int, int]], ctx: DocContext) -> list[Token]:
    """Each named member of a list the parser did not coordinate: in "Fornost and the evil awful Gondor" or
    "Mordor, the Shire, Fornost and Bree" the small model hangs names off one another (nmod, appos); when a
    phrase's names are separated only by commas, "and", articles and adjectives, each is an argument."""
    out: list[Token] = []
    for head in heads:
        doc = head.doc
        lo, hi = head.left_edge.i, head.right_edge.i
        if head.i not in ctx.by_token:  # "the ambassadors of Arnor, Osgiliath and Gondor": one role, many states
            out += [head] if head not in out else []
            continue
        named = sorted((start, found) for start, found in mentions.items()
                       if lo <= start <= hi and start in ctx.by_token and found[1] - 1 <= hi)
        members = [doc[found[0]] for _, found in named]
        glued = len(named) >= 2
        for (_, (_, end)), (start, _) in zip(named, named[1:]):
            gap = doc[end:start]
            if not gap or not any(t.lower_ in _LIST_GLUE for t in gap) or not all(
                    t.lower_ in _LIST_GLUE or t.pos_ in ("DET", "ADJ", "PUNCT", "CCONJ") or (  # "the evil awful Gondor"
                        t.pos_ == "NOUN" and t.dep_ in ("conj", "amod", "compound") and t.i not in mentions)
                    for t in gap):
                glued = False
                break
        for t in members if glued else [head]:
            if t not in out:
                out.append(t)
    return out


def first_person(tok: Token) -> bool:
    """'We' and 'I' in a quote are its speaker ("We provide military assistance," Russian officials said)."""
    return tok.pos_ == "PRON" and tok.lower_ in FIRST_PERSON


def negated_argument(tok: Token, m: Modality) -> bool:
    """'Neither X nor Y …', 'No country …': the subject itself is negated."""
    return any(c.dep_ in ("preconj", "det", "neg") and c.lower_ in m.negators for c in tok.children)


def has_negative_det(noun: Token, m: Modality) -> bool:
    return any(c.dep_ in ("det", "neg") and c.lower_ in m.negators for c in noun.children)


def distributed(sources: list[Token], ctx: DocContext, dictionary: ActorDictionary) -> list[Actor]:
    """Role words over a list of states: "Lawmakers (and officials) in Fornost and Gondor" are Fornost's and Gondor's
    lawmakers (and officials), one actor each, when the parser hung the later states off the role word instead of
    the preposition. Empty when the subjects are anything but role words and bare states."""
    def role(t: Token):
        return None if t.i in ctx.by_token else (dictionary.role(t.lemma_) or dictionary.role(t.text))

    def state(t: Token):
        match = ctx.by_token.get(t.i)
        return match.phrase.entity if match is not None and match.phrase.entity.kind == "state" else None

    roles = [t for t in sources if role(t) is not None]
    places = [g for r in roles for c in r.children if c.dep_ == "prep" and c.lower_ in ("in", "from", "of")
              for p in c.children if p.dep_ == "pobj" for g in (p, *p.conjuncts) if state(g) is not None]
    if not roles or not places:
        return []
    bare = [t for t in sources if t not in roles and state(t) is not None and t.i > min(p.i for p in places)]
    if (not bare and len(roles) < 2) or len(bare) + len(roles) != len(sources):
        return []
    return [state_actor(state(p), role(r), r.text) for r in roles for p in [*places, *bare]]
