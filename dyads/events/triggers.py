"""Triggers: the words that carry an event, and the sense (CAMEO code, target prepositions) each one takes.

A verb's sense is chosen by its particles and prepositions ("call on" → 020) and by its direct object or the object
of the key's preposition ("impose" + "sanctions" → 163, "called for a ceasefire"); a surface pattern (PETRARCH's
syntax, ``surface.py``) names the very words around the verb and is tried first; light verbs and modal heads take
their code from an event-noun object ("launched strikes", "planning strikes"); a copula with an adjective is keyed
"be <adjective>" ("is sceptical of" → 012); a free-standing event noun is a trigger of its own ("Russian strikes on
Idlib"). Every candidate found here is only a candidate: ``factuality.py`` decides whether its clause reports an act.
"""
from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Span, Token

from dyads.events.patterns import Modality, Sense, TriggerIndex
from dyads.events.surface import SurfaceMatch
from dyads.events.syntax import clause_bounds, direct_object, noun_key, object_fits, trigger_words


# the doc.user_data key of the tokens that name a state or a place (set by the coder for each document), and the
# object words of senses that such a name fits
PLACE_TOKENS = "dyads.place_tokens"
PLACE_OBJECTS = frozenset({"country", "territory", "city", "town", "region", "province", "area", "village"})
# adverbs that are a phrasal verb's particle when they follow it: "hit back", "pulled out", "broke off"
_ADVERB_PARTICLES = frozenset({"back", "out", "off", "away", "down", "up"})


@dataclass
class Trigger:
    token: Token  # the word that carries the event (verb or event noun)
    sense: Sense
    verb: Token  # the clause's verb: where subject, negation and modality are read
    theme: Token | None  # the direct object when it selected the sense ("sanctions" in "impose sanctions")
    words: list[Token]
    nominal: bool = False  # a free-standing event noun ("Russian strikes on Idlib"), not a verb's clause
    surface: SurfaceMatch | None = None  # what the sense's surface pattern matched, if it has one

    @property
    def kind(self) -> str:
        """verb | light (an event noun carried by a verb) | adjective | noun | pattern: for confidence."""
        if self.surface is not None:
            return "pattern"
        if self.nominal:
            return "noun"
        if self.token != self.verb:
            return "adjective" if self.token.pos_ == "ADJ" else "light"
        return "verb"


class TriggerFinder:
    def __init__(self, triggers: TriggerIndex, modality: Modality):
        self.triggers = triggers
        self.modality = modality

    def find(self, sent: Span, mentions: dict[int, tuple[int, int]]) -> list[Trigger]:
        """Every candidate trigger of a sentence: verbs (and copular adjectives) first, then the event nouns that no
        verb took as its object or event noun."""
        consumed: set[int] = set()
        found = []
        for tok in sent:
            trig = self.adjective(tok) or self.verb(tok, sent, mentions)
            if trig is not None:
                found.append(trig)
                if trig.theme is not None:
                    consumed.add(trig.theme.i)
                if trig.token != trig.verb:
                    consumed.add(trig.token.i)
        for tok in sent:
            if tok.i not in consumed:
                trig = self.noun(tok)
                if trig is not None:
                    found.append(trig)
        return found

    def verb(self, tok: Token, sent: Span, mentions: dict[int, tuple[int, int]]) -> Trigger | None:
        if tok.pos_ != "VERB" and not (tok.dep_ == "ROOT" and tok.tag_.startswith("VB")):
            return None
        lemma = tok.lemma_.lower()
        obj = direct_object(tok)
        # the parser may take a particle right after the verb for an adverb: "hit back at" (not "struck at")
        particles = [c.lemma_.lower() for c in tok.children if c.dep_ == "prt" or (
            c.dep_ == "advmod" and c.i == tok.i + 1 and c.lower_ in _ADVERB_PARTICLES)]
        preps = [c.lemma_.lower() for c in tok.children if c.dep_ in ("prep", "dative")]
        # "called for the generals to be tried": the parser makes "for" the mark of the clause that follows
        preps += [m.lower_ for c in tok.children if c.dep_ in ("advcl", "ccomp", "xcomp") for m in c.children
                  if m.dep_ == "mark" and m.lower_ == "for" and m.i == tok.i + 1]
        keys = [f"{lemma} {p} {q}" for p in particles for q in preps]
        keys += [f"{lemma} {p}" for p in particles] + [f"{lemma} {q}" for q in preps] + [lemma]
        if tok.lower_ != lemma:  # a key that is an inflected form ("left") matches that form only, and first
            keys = [tok.lower_ + k[len(lemma):] for k in keys] + keys
        # a surface pattern names the very words around the verb: it is the most specific sense there is
        trig = self._surface(tok, keys, sent, mentions)
        if trig is not None:
            return trig
        # light verbs take their meaning from an event-noun object: "launched strikes", "held talks"; so do modal
        # heads ("planning strikes", "demanded talks"), whose frame then turns the noun's event into theirs
        modal_head = lemma in self.modality.modal_heads and obj is not None and not any(
            s.objects and self.fits(s, obj) for k in keys for s in self.triggers.verb_senses(k))
        if obj is None and lemma in self.modality.modal_heads:
            # a modal head whose act is named by a noun after a preposition: "committed to ongoing airstrikes",
            # "agreed to talks", "pressed for sanctions" (the head's frame turns it, as with an object)
            obj = next((g for c in tok.children if c.dep_ == "prep" and c.lower_ in ("to", "for")
                        for g in c.children if g.dep_ == "pobj" and self.triggers.noun_senses(noun_key(g))), None)
            modal_head = obj is not None and not any(self.triggers.verb_senses(k) for k in keys[:-1])
        if lemma in self.triggers.light_verbs or modal_head or any(k in self.triggers.light_verbs for k in keys[:-1]):
            # "launched air and artillery strikes": the parser may make the first modifier the object and the
            # event noun its conjunct
            for noun in ([obj, *obj.conjuncts] if obj is not None else []):
                if noun.lemma_.lower() in self.modality.measure_nouns and not self.triggers.noun_senses(noun_key(noun)):
                    # "launched hundreds of airstrikes", "carried out a series of raids": the "of" phrase is the act
                    noun = next((g for c in noun.children if c.dep_ == "prep" and c.lower_ == "of"
                                 for g in c.children if g.dep_ == "pobj"), noun)
                for sense in self.triggers.noun_senses(noun_key(noun)):
                    if object_fits(sense, noun):
                        return Trigger(noun, sense, tok, None, trigger_words(tok, noun))
        for key in keys:
            key_words = key.split()[1:]
            # a sense is selected by the direct object, or by the object of the key's own preposition
            # ("called for a ceasefire", "accused Iran of espionage")
            prep_objects = [g for c in tok.children if c.dep_ == "prep" and c.lemma_.lower() in key_words
                            for g in c.children if g.dep_ == "pobj"]
            candidates = [o for o in (obj, *prep_objects) if o is not None]
            chosen = self._sense_for(key, candidates)
            if chosen is None:
                continue
            sense, theme = chosen
            if theme is not None:
                return Trigger(tok, sense, tok, theme, trigger_words(tok, theme))
            extra = [c for c in tok.children if c.dep_ == "prt" or c.lemma_.lower() in particles and c.i == tok.i + 1 or
                     (c.dep_ == "prep" and c.lemma_.lower() in key_words)]
            return Trigger(tok, sense, tok, None, sorted({t.i: t for t in [tok, *extra]}.values(),
                                                         key=lambda t: t.i))
        return None

    def _sense_for(self, key: str, candidates: list[Token]) -> tuple[Sense, Token | None] | None:
        """The first sense of ``key`` (patterns aside) that holds: one whose object list a candidate fits (that
        candidate is the theme), or a general one."""
        for sense in self.triggers.verb_senses(key):
            if sense.pattern is not None:
                continue
            if not sense.objects:
                return sense, None
            theme = next((o for o in candidates if self.fits(sense, o)), None)
            if theme is not None:
                return sense, theme
        return None

    def adjective(self, tok: Token) -> Trigger | None:
        """A copula with an adjective carries the event: "is sceptical of the plan" (012), "is confident that …"
        (013), "was guilty of violating the ceasefire". Keyed "be <adjective>" or "be <adjective> <preposition>";
        the clause's verb stays the copula, where subject, negation and modality are read."""
        if tok.lemma_.lower() != "be":
            return None
        for adj in tok.children:
            if adj.dep_ != "acomp" or adj.pos_ != "ADJ":
                continue
            word = adj.lemma_.lower()
            preps = [c for c in adj.children if c.dep_ == "prep"]
            keys = [(f"be {word} {p.lower_}", p) for p in preps] + [(f"be {word}", None)]
            for key, prep in keys:
                objects = [g for g in prep.children if g.dep_ in ("pobj", "pcomp")] if prep is not None else []
                chosen = self._sense_for(key, objects)
                if chosen is not None:
                    return Trigger(adj, chosen[0], tok, chosen[1], [adj, prep] if prep is not None else [adj])
        return None

    def _surface(self, tok: Token, keys: list[str], sent: Span,
                         mentions: dict[int, tuple[int, int]]) -> Trigger | None:
        doc = tok.doc
        lo, hi = clause_bounds(tok, sent)
        for key in keys:
            for sense in self.triggers.verb_senses(key):
                if sense.pattern is None:
                    continue
                view = doc.user_data.get("dyads.surface")
                if view is None:  # once per document, for every verb with a pattern sense: lowercase words,
                    # which tokens are nouns (for "^"), which head a coordination (for "%")
                    view = doc.user_data["dyads.surface"] = (
                        [t.lower_ for t in doc], [t.pos_ in ("NOUN", "PROPN") for t in doc],
                        frozenset(t.i for t in doc if any(c.dep_ == "conj" for c in t.children)))
                words, nouns, coordinated = view
                found = sense.pattern.match(words, tok.i, lo, hi, mentions.get, nouns, coordinated)
                if found is not None:
                    literal = [doc[i] for i in found.words if tok.i < i <= tok.i + 3]
                    return Trigger(tok, sense, tok, None, sorted([tok, *literal], key=lambda t: t.i), surface=found)
        return None

    def fits(self, sense: Sense, obj: Token) -> bool:
        """Does ``obj`` select ``sense``? A measure or group noun lets its "of" phrase decide: "flew 13 tons of
        medicine", "sent a team of medical experts", "gave some of the equipment"."""
        if object_fits(sense, obj):
            return True
        if sense.objects & PLACE_OBJECTS and obj.i in obj.doc.user_data.get(PLACE_TOKENS, ()):
            return True  # a named country or place where the sense names a kind of place: "leave Syria"
        if obj.pos_ == "PROPN" and any(c.dep_ in ("compound", "appos") and c.i < obj.i and object_fits(sense, c)
                                        for c in obj.children):
            return True  # a name with its title: "received Palestinian president Mahmoud Abbas"
        if obj.lemma_.lower() in self.modality.measure_nouns:
            return any(object_fits(sense, g) for c in obj.children if c.dep_ == "prep" and c.lower_ == "of"
                       for g in c.children if g.dep_ == "pobj")
        return False

    def noun(self, tok: Token) -> Trigger | None:
        if tok.pos_ not in ("NOUN", "PROPN") or tok.dep_ == "compound":
            return None
        for sense in self.triggers.noun_senses(noun_key(tok)):
            if object_fits(sense, tok):
                return Trigger(tok, sense, tok, None, [tok], nominal=True)
        return None

