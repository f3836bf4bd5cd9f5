"""Code events on a spaCy dependency parse, the way PETRARCH codes them on a constituency parse.

For every verb (or event noun) whose lemma is in the trigger dictionary:
  * the sense is chosen by the particle or preposition attached to it and by its direct object
    ("impose" + "sanctions" → 163; "call on" → 020);
  * the source is the subject, the `agent` ("by X") of a passive, the controller of an infinitive
    ("Russia agreed to *provide* aid"), or the possessor of an event noun ("Russia's recognition of …");
  * the target is the direct object, the passive subject, or the object of a preposition the sense names;
  * "light" verbs ("launched strikes on", "held talks with") take their code from their event-noun object;
  * coordinated subjects and objects multiply into one event per pair;
  * a negated, hypothetical or conditional trigger, or one under a head such as "wants to" or "plans to", is not
    emitted as the event it names;
  * "A said B did X" codes B–X with A as the attribution; when the speaker is B's target, the event becomes
    A accuses B (112), as PETRARCH does.
"""
from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterator
from dataclasses import dataclass, replace

from spacy.tokens import Doc, Span, Token

from dyads.actors import ActorDictionary, ActorResolver, default_dictionary
from dyads.actors.resolve import DocContext, state_actor
from dyads.events.patterns import Modality, Sense, TriggerIndex, default_modality, default_triggers
from dyads.events.surface import SurfaceMatch
from dyads.model import Actor, Article, Event
from dyads.ontology import code_or_stand_in
from dyads.when import DateResolver
from dyads.where import Locator, default_locator

SUBJECTS = ("nsubj", "csubj")
PASSIVE_SUBJECTS = ("nsubjpass", "csubjpass")
OBJECTS = ("dobj", "obj")
ACCUSE = "112"
CLAIM_RESPONSIBILITY = "015"
# acts that undo a measure (ease, lift, suspend, end): done, in a passive without agent, by the measure's author
_UNDOING_ROOTS = {"08", "16"}
FIRST_PERSON = {"we", "i", "us", "our", "my"}  # in a quote, the speaker
# prepositions that attach a party to an act ("ties with X", "talks between X and Y", "an attack by X", "aid to
# X"), unlike those of place and time ("in", "at", "near", "during")
LOCATIVE_PREPS = {"in", "at", "near", "inside", "outside", "within", "across", "throughout", "around"}
RELATIONAL_PREPS = {"with", "between", "of", "against", "to", "toward", "towards", "by", "on", "upon", "for",
                    "among", "over"}


def sentences_of(doc: Doc) -> list[Span]:
    """The article's sentences as dyads numbers them: spaCy's sentences that hold more than whitespace."""
    return [s for s in doc.sents if s.text.strip()]


@dataclass
class Trigger:
    token: Token  # the word that carries the event (verb or event noun)
    sense: Sense
    verb: Token  # the clause's verb: where subject, negation and modality are read
    theme: Token | None  # the direct object when it selected the sense ("sanctions" in "impose sanctions")
    words: list[Token]
    nominal: bool = False  # a free-standing event noun ("Russian strikes on Idlib"), not a verb's clause
    surface: SurfaceMatch | None = None  # what the sense's surface pattern matched, if it has one


@dataclass
class Frame:
    """How the clause around a trigger frames it: not a fact at all (negated, hypothetical, conditional), or turned
    into another event by a head ("wants to meet" → intent to meet), or announced for the future."""

    blocked: bool = False
    klass: str | None = None  # a modal_heads class of modality.yaml, or "future"
    head: Token | None = None  # the head verb that gives the class
    imminent: bool = False  # "is about to …": coded as the act, with less confidence

    @property
    def future(self) -> bool:
        return self.klass == "future"


class EventCoder:
    def __init__(self, dictionary: ActorDictionary | None = None, triggers: TriggerIndex | None = None,
                 modality: Modality | None = None, emit_unknown_codes: bool = False, locator: Locator | None = None):
        """``emit_unknown_codes`` lets codes outside CAMEO through (with no PLOVER type): only for measuring an
        imported legacy dictionary, never for contract output."""
        self.dictionary = dictionary or default_dictionary()
        self.triggers = triggers or default_triggers()
        self.modality = modality or default_modality()
        self.resolver = ActorResolver(self.dictionary)
        self.dates = DateResolver()
        self.emit_unknown_codes = emit_unknown_codes
        self.locator = locator or default_locator()

    # ---- documents --------------------------------------------------------------------------------------------
    def code_doc(self, doc: Doc, article: Article) -> list[Event]:
        if self.triggers.discards.in_story(doc.text):
            return []  # out of scope as a whole (a sports report, a weather story)
        ctx = DocContext.find(doc, self.dictionary)
        ctx.places = self.locator.places(doc, ctx)  # one gazetteer pass per document
        # one event per (source, code, target) in an article: the headline and the body, or two paragraphs, that
        # report the same act are one event, kept at its first mention; each repetition raises its confidence
        kept: dict[tuple, Event] = {}
        for index, sent in enumerate(sentences_of(doc)):
            for event in self.code_sentence(sent, index, article, ctx):
                key = (event.source.code, event.cameo, event.target.code if event.target else None)
                first = kept.get(key)
                if first is None:
                    kept[key] = event
                elif (event.sentence_index, event.trigger_start) != (first.sentence_index, first.trigger_start):
                    first.confidence = round(min(0.95, max(first.confidence, event.confidence) + 0.05), 2)
                    if first.date_precision == "published" and event.date_precision not in (None, "published"):
                        first.date, first.date_precision = event.date, event.date_precision  # the body's "on Monday"
                    if first.location is None:
                        first.location = event.location
        return list(kept.values())

    def code_sentence(self, sent: Span, index: int, article: Article, ctx: DocContext) -> Iterator[Event]:
        if self.triggers.discards.in_sentence(sent.text):
            return
        day = article.published
        consumed: set[int] = set()
        triggers = []
        mentions = _mentions(sent, ctx, self.dictionary)
        for tok in sent:
            trig = self._adjective_trigger(tok) or self._verb_trigger(tok, sent, mentions)
            if trig is not None:
                triggers.append(trig)
                if trig.theme is not None:
                    consumed.add(trig.theme.i)
                if trig.token != trig.verb:
                    consumed.add(trig.token.i)
        for tok in sent:
            if tok.i not in consumed:
                trig = self._noun_trigger(tok)
                if trig is not None:
                    triggers.append(trig)
        attribution_default = self._according_to(sent, ctx, day)
        framed = [(trig, self._frame(trig)) for trig in triggers]
        # a head that turned a governed event into its own kind ("urged Iran to release …" → 0253) is not coded
        # again on its own ("urged" → 020)
        # with legacy (PETRARCH) dictionaries a head that is a trigger of its own is coded with its own code, and the
        # event it governs is not coded again, as PETRARCH codes the highest verb
        head_triggers = {t.token.i for t, f in framed if t.token == t.verb} if self.triggers.head_codes_win else set()
        framed = [(t, f) for t, f in framed if not (f.head is not None and f.head.i in head_triggers
                                                      and f.klass not in (None, "future"))]
        superseded = {f.head.i for t, f in framed if f.head is not None and not f.blocked and
                      self.modality.transform(f.klass, t.sense.code) is not None}
        # "X said (that) Y did Z" codes Y–Z with X as attribution; the saying itself is not an event of its own
        trigger_tokens = {t.token.i for t, f in framed if not f.blocked}
        for trig, frame in framed:
            if frame.blocked or trig.token.i in superseded:
                continue
            if trig.verb.lemma_.lower() in self.modality.speech_verbs and any(
                    t.i in trigger_tokens for c in trig.verb.children if c.dep_ in ("ccomp", "parataxis")
                    for t in c.subtree):
                continue
            yield from self._events(trig, frame, sent, index, article, ctx, day, attribution_default, mentions)

    # ---- triggers ---------------------------------------------------------------------------------------------
    def _verb_trigger(self, tok: Token, sent: Span, mentions: dict[int, tuple[int, int]]) -> Trigger | None:
        if tok.pos_ != "VERB" and not (tok.dep_ == "ROOT" and tok.tag_.startswith("VB")):
            return None
        lemma = tok.lemma_.lower()
        obj = _direct_object(tok)
        particles = [c.lemma_.lower() for c in tok.children if c.dep_ == "prt"]
        preps = [c.lemma_.lower() for c in tok.children if c.dep_ in ("prep", "dative")]
        # "called for the generals to be tried": the parser makes "for" the mark of the clause that follows
        preps += [m.lower_ for c in tok.children if c.dep_ in ("advcl", "ccomp", "xcomp") for m in c.children
                  if m.dep_ == "mark" and m.lower_ == "for" and m.i == tok.i + 1]
        keys = [f"{lemma} {p} {q}" for p in particles for q in preps]
        keys += [f"{lemma} {p}" for p in particles] + [f"{lemma} {q}" for q in preps] + [lemma]
        if tok.lower_ != lemma:  # a key that is an inflected form ("left") matches that form only, and first
            keys = [tok.lower_ + k[len(lemma):] for k in keys] + keys
        # a surface pattern names the very words around the verb: it is the most specific sense there is
        trig = self._surface_trigger(tok, keys, sent, mentions)
        if trig is not None:
            return trig
        # light verbs take their meaning from an event-noun object: "launched strikes", "held talks"; so do modal
        # heads ("planning strikes", "demanded talks"), whose frame then turns the noun's event into theirs
        modal_head = lemma in self.modality.modal_heads and obj is not None and not any(
            s.objects and self._fits(s, obj) for k in keys for s in self.triggers.verb_senses(k))
        if lemma in self.triggers.light_verbs or modal_head or any(k in self.triggers.light_verbs for k in keys[:-1]):
            # "launched air and artillery strikes": the parser may make the first modifier the object and the
            # event noun its conjunct
            for noun in ([obj, *obj.conjuncts] if obj is not None else []):
                for sense in self.triggers.noun_senses(_noun_key(noun)):
                    if _object_fits(sense, noun):
                        return Trigger(noun, sense, tok, None, _trigger_words(tok, noun))
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
                return Trigger(tok, sense, tok, theme, _trigger_words(tok, theme))
            extra = [c for c in tok.children if c.dep_ == "prt" or
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
            theme = next((o for o in candidates if self._fits(sense, o)), None)
            if theme is not None:
                return sense, theme
        return None

    def _adjective_trigger(self, tok: Token) -> Trigger | None:
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

    def _surface_trigger(self, tok: Token, keys: list[str], sent: Span,
                         mentions: dict[int, tuple[int, int]]) -> Trigger | None:
        doc = tok.doc
        lo, hi = _clause_bounds(tok, sent)
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

    def _fits(self, sense: Sense, obj: Token) -> bool:
        """Does ``obj`` select ``sense``? A measure or group noun lets its "of" phrase decide: "flew 13 tons of
        medicine", "sent a team of medical experts", "gave some of the equipment"."""
        if _object_fits(sense, obj):
            return True
        if obj.lemma_.lower() in self.modality.measure_nouns:
            return any(_object_fits(sense, g) for c in obj.children if c.dep_ == "prep" and c.lower_ == "of"
                       for g in c.children if g.dep_ == "pobj")
        return False

    def _noun_trigger(self, tok: Token) -> Trigger | None:
        if tok.pos_ not in ("NOUN", "PROPN") or tok.dep_ == "compound":
            return None
        for sense in self.triggers.noun_senses(_noun_key(tok)):
            if _object_fits(sense, tok):
                return Trigger(tok, sense, tok, None, [tok], nominal=True)
        return None

    # ---- events -----------------------------------------------------------------------------------------------
    def _events(self, trig: Trigger, frame: Frame, sent: Span, index: int, article: Article, ctx: DocContext,
                day: dt.date | None, attribution_default: Actor | None,
                mentions: dict[int, tuple[int, int]]) -> Iterator[Event]:
        verb = trig.verb
        if trig.token != verb and _has_negative_det(trig.token, self.modality):
            return  # "no talks", "no strikes"
        code = trig.sense.code
        planned_conflict = False
        if frame.klass is not None:
            transformed = self.modality.transform(frame.klass, code)
            if transformed is None and frame.klass == "future":
                transformed = code  # an announced act with no announcement code: the act, with less confidence
            if transformed is None:
                # a plan of conflict is no event, unless someone reports it: "Russia said the US was planning
                # strikes" is Russia accusing the US (112)
                planned_conflict = frame.klass == "intent" and code_or_stand_in(code).quad_class >= 3
                if not planned_conflict:
                    return
            code = transformed or ACCUSE
        future = frame.future
        if trig.nominal:
            sources, targets = self._noun_arguments(trig, ctx)
        else:
            sources, targets = self._verb_arguments(trig, ctx)
            sources = _listed(sources, mentions, ctx)
        if frame.head is not None and frame.head != verb:
            embedded_subjects = sources
            if frame.head.pos_ in ("NOUN", "PROPN"):  # "Iran's plans to release …": the plan's author
                sources = _with_conjuncts([c for c in frame.head.children if c.dep_ in ("poss", "compound", "amod")])
            else:
                sources = [self._issuer(s) for s in _with_conjuncts(_subjects(frame.head))]
            if frame.klass in ("appeal", "demand"):
                # the one asked is the target: "urged Russia to withdraw", "called on Japan to …", and in
                # "demanded that NATO withdraw" the subject of the demanded clause
                asked = _with_conjuncts([c for c in frame.head.children if c.dep_ in OBJECTS + ("dative",)
                                         and c.i != trig.token.i])
                asked = asked or _prep_objects([frame.head], ("on", "upon", "to"))
                if (not asked or frame.head.lemma_.lower() in self.modality.speech_verbs) and \
                        trig.verb.dep_ == "ccomp":
                    asked = embedded_subjects  # "demanded that NATO withdraw", "says Israel must end …"
                passive = any(c.dep_ in PASSIVE_SUBJECTS or c.dep_ == "auxpass" for c in trig.verb.children)
                # "says Assad should be allowed to stay": whoever is to allow it is asked, not Assad
                targets = asked if asked or passive else targets
        elif frame.head == verb:
            sources = _with_conjuncts(_subjects(verb))
        if not sources:
            return
        event_day, precision = self.dates.event_date(trig.token, verb, day, future)
        speech = self._speech_head(verb)
        speaker = self._speaker(speech, ctx, day) or attribution_default
        if planned_conflict:
            if speaker is None:
                return
        when = event_day or day
        src_actors = _distributed(sources, ctx, self.dictionary) or [a for s in sources for a in (
            [speaker] if _first_person(s) else self.resolver.resolve_all(s, ctx, when)
            # "the regime said it would allow …": an "it"/"they" nothing earlier explains is the speaker
            or ([speaker] if s.lower_ in ("it", "they") and s.pos_ == "PRON" else [])) if a is not None]
        if planned_conflict and any(a.code == speaker.code for a in src_actors):
            # "Russia said it plans to attack Ukraine": announcing one's own plan of force is a threat (13x)
            planned_conflict, code = False, self.modality.transform("threaten", trig.sense.code) or code
        if planned_conflict:
            src_actors, tgt_actors_accused = [speaker], src_actors
            if not tgt_actors_accused:
                return
        tgt_actors = [a for t in targets for a in self.resolver.resolve_all(t, ctx, when)]
        objects = [c for c in verb.children if c.dep_ in OBJECTS]
        if not tgt_actors and not trig.nominal and not trig.sense.no_target:
            # "broke off relations with Libya", "condemned an attack by Syrian troops", "welcomed the resumption
            # of ties with Osgiliath": when the object names no one, the target is in the sense's prepositional
            # phrases, else the first actor named inside the object phrase (as PETRARCH takes the first actor of
            # the verb phrase)
            fallback = _prep_objects([verb, *objects], trig.sense.target_preps)
            tgt_actors = [a for t in fallback if t not in sources for a in self.resolver.resolve_all(t, ctx, when)]
            for obj in objects if not tgt_actors else ():
                tgt_actors = self._first_actor_inside(obj, ctx, when)
                if tgt_actors:
                    break
            if not tgt_actors:
                tgt_actors = self._first_actor_after(verb, sources, sent, mentions, ctx, when)
        claimed = set(trig.surface.words) if trig.surface is not None else set()  # a pattern naming "neither" decides
        if any(_negated_argument(s, self.modality) and not any(c.i in claimed for c in s.children) for s in sources):
            return  # "Neither Paris nor Berlin condemned …", "No country recognised …"
        if planned_conflict:
            tgt_actors, speaker = tgt_actors_accused, None
        if trig.nominal:  # "the military aid": a role word alone does not make an event noun's author
            src_actors = [a for a in src_actors if a.kind != "agent"]
        if trig.sense.no_target:
            tgt_actors = []
        shared_act = not objects or trig.token != verb or trig.surface is not None or any(
            self.triggers.noun_senses(o.lemma_.lower()) or trig.theme == o for o in objects)
        reciprocal = not tgt_actors and len(src_actors) > 1 and shared_act and self.modality.reciprocal(code)
        for source in src_actors:
            # "Russia and Ukraine held talks": each does it to the other
            for target in ([a for a in src_actors if a is not source] if reciprocal else (tgt_actors or [None])):
                if target is not None and target.code == source.code and target.name == source.name:
                    continue
                if (frame.klass in ("appeal", "demand") and target is not None and target.country is not None
                        and target.code == target.country == source.country):
                    continue  # "Putin said Russia must strengthen its army": a policy statement, not a demand
                src, tgt, attribution = source, target, speaker
                if attribution is not None and attribution.code == src.code:
                    attribution = None
                event_code = code
                if (attribution is not None and tgt is not None and attribution.code == tgt.code
                        and code_or_stand_in(code).quad_class in (3, 4)):
                    event_code, src, tgt, attribution = ACCUSE, attribution, src, None
                event = self._event(trig, event_code, src, tgt, attribution, sent, index, article, event_day,
                                    precision, future or frame.imminent, ctx)
                if event is not None:
                    yield event
                claim = self._claimed(speech, event_code, src, speaker)
                if claim is not None:
                    event = self._event(claim, claim.sense.code, src, tgt, None, sent, index, article, event_day,
                                        precision, False, ctx)
                    if event is not None:
                        yield event
                reverse = trig.sense.reverse
                if reverse and tgt is not None and event_code == trig.sense.code and not reciprocal:
                    # "A left for B": A travels (032) and B receives A (033)
                    event = self._event(trig, reverse, tgt, src, attribution, sent, index, article, event_day,
                                        precision, future or frame.imminent, ctx)
                    if event is not None:
                        yield event

    def _first_actor_after(self, verb: Token, sources: list[Token], sent: Span, mentions: dict[int, tuple[int, int]],
                           ctx: DocContext, when: dt.date | None) -> list[Actor]:
        """The first actor named in the rest of the verb's phrase, as PETRARCH takes the first actor of the verb
        phrase: "criticized the closure of guest houses in Michel Delving", "marched close to the border with
        Mordor"."""
        _, hi = _clause_bounds(verb, sent)
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
            actors = [a for t in _with_conjuncts([head]) for a in self.resolver.resolve_all(t, ctx, when)]
            if actors:
                return actors
        return []

    def _first_actor_inside(self, obj: Token, ctx: DocContext, when: dt.date | None) -> list[Actor]:
        """The first actor phrase nested in ``obj`` (through its prepositional phrases), with its conjuncts."""
        for tok in sorted(obj.subtree, key=lambda t: t.i):
            if tok == obj or tok.dep_ != "pobj" or tok.head.lower_ not in RELATIONAL_PREPS or any(
                    a.dep_ in ("relcl", "acl", "advcl") for a in tok.ancestors if a.i > obj.i or a == obj):
                continue  # not "meeting in Brussels": a place where, not a party to the act
            actors = [a for t in _with_conjuncts([tok]) for a in self.resolver.resolve_all(t, ctx, when)]
            if actors:
                return actors
        return []

    def _frame(self, trig: Trigger) -> Frame:
        """Walk from the trigger's verb up through infinitives, complements and coordination: a negation,
        hypothetical modal or condition on the way blocks it; the first modal head gives its class."""
        m = self.modality
        node = trig.verb
        frame = Frame()
        claimed = set(trig.surface.words) if trig.surface is not None else set()  # "did n't * over efforts"
        if trig.token != trig.verb and not trig.nominal:  # "planning strikes": the verb itself may be the head
            klass = self._head_class(trig.verb)
            if klass is not None:
                frame = Frame(klass=klass, head=trig.verb)
        for _ in range(6):
            # "Ethiopia said it would allow …": in reported speech "would" is the reported "will", not a hypothesis
            reported = node.dep_ == "ccomp" and node.head.lemma_.lower() in m.speech_verbs
            will = any(c.dep_ == "aux" and (c.lower_ in m.future_modals or c.lower_ in m.refusal_modals
                                            or (reported and c.lower_ == "would"))
                       for c in node.children if c.i not in claimed)
            for c in node.children:
                if c.i in claimed:
                    continue
                if c.dep_ == "neg" or (c.dep_ in ("advmod", "det", "preconj") and c.lower_ in m.negators):
                    if will and node == trig.verb and frame.klass in (None, "future") and not trig.nominal:
                        return Frame(klass="refuse")  # "Iran will not / cannot release the tanker": a refusal
                    return Frame(blocked=True)
                if c.dep_ in ("aux", "auxpass") and c.lower_ == "would" and reported:
                    if frame.klass is None:
                        frame = Frame(klass="future", head=None, imminent=frame.imminent)
                    continue
                if (c.dep_ in ("aux", "auxpass") and c.lower_ in m.demand_modals and reported
                        and node == trig.verb and frame.klass is None):
                    frame = Frame(klass="demand", head=node.head)  # "Russia says Israel must end the attacks"
                    continue
                if c.dep_ in ("aux", "auxpass") and c.lower_ in m.hypothetical_modals and not (
                        c.lower_ in m.refusal_modals and any(n.dep_ == "neg" for n in node.children)):
                    return Frame(blocked=True)  # (a "cannot" is read at its negation, below or above)
                if c.dep_ == "mark" and c.lower_ in m.conditional_marks:
                    return Frame(blocked=True)
                if c.dep_ == "mark" and c.lower_ in m.condition_marks_present and node.tag_ in ("VBZ", "VBP"):
                    return Frame(blocked=True)  # "will not lift the ban until the EU provides details"
                if c.dep_ == "aux" and c.lower_ in m.future_modals and frame.klass is None:
                    frame = Frame(klass="future", head=None, imminent=frame.imminent)
            if node.dep_ in ("advcl", "pcomp") and _background(node, m):
                return Frame(blocked=True)  # "five years after crowds burned its embassy"
            # an infinitive the parser hung as an adverbial clause of a modal head ("calls on X to release …") or
            # on a modal noun ("the government's plans to impose restrictions")
            to_clause = node.dep_ in ("advcl", "acl") and any(c.dep_ == "aux" and c.lower_ == "to"
                                                               for c in node.children) \
                and self._head_class(node.head) is not None
            if (node.dep_ in ("xcomp", "ccomp", "pcomp") or to_clause) and node.head != node:
                head = node.head
                if head.dep_ == "prep" and head.head != head:  # "accused Iran of attacking", "ruled out engaging"
                    head = head.head
                klass = self._head_class(head)
                if klass is None and head.lower_ in m.future_heads and node.dep_ == "xcomp":
                    klass = "future"  # "is set to impose", "is due to meet"
                if klass is None and head.lower_ in m.imminent_heads and node.dep_ == "xcomp":
                    frame.imminent = True  # "is about to restore ties": the act itself
                    node = head
                    continue
                if klass is not None:
                    if frame.klass == "future" and klass != "future":
                        frame = Frame()
                    if frame.klass is None:
                        frame = Frame(klass=klass, head=None if klass == "future" else head, imminent=frame.imminent)
                    node = head
                    continue
                if (head.lemma_.lower() in m.irrealis_heads or head.pos_ == "ADJ") and not any(
                        c.i in claimed for c in head.children):  # "wo n't try to * over efforts"
                    return Frame(blocked=True)
                if node.dep_ == "ccomp" and head.lemma_.lower() in m.speech_verbs:
                    break  # reported speech: the clause is coded, with the speaker as attribution
                node = head
                continue
            if node.dep_ == "conj" and node.head != node:
                node = node.head
                continue
            break
        return frame

    def _head_class(self, head: Token) -> str | None:
        lemma = head.lemma_.lower()
        for c in head.children:
            if c.dep_ in ("prt", "prep") and f"{lemma} {c.lower_}" in self.modality.modal_heads:
                return self.modality.modal_heads[f"{lemma} {c.lower_}"]
        return self.modality.modal_heads.get(lemma)

    def _verb_arguments(self, trig: Trigger, ctx: DocContext) -> tuple[list[Token], list[Token]]:
        verb, sense = trig.verb, trig.sense
        surface = trig.surface
        if surface is not None and (surface.source is not None or surface.target is not None
                                    or surface.compound is not None):
            doc = verb.doc
            sources, targets = self._verb_arguments(replace(trig, surface=None), ctx)
            if surface.source is not None:
                sources = _with_conjuncts([doc[surface.source]])
            if surface.target is not None:
                targets = _with_conjuncts([doc[surface.target]])
                if surface.source is None and set(sources) <= set(targets) and verb.dep_ in ("ccomp", "advcl"):
                    sources = _with_conjuncts(_subjects(verb.head))  # "noted + *": the noter acts
            if surface.compound is not None and surface.compound > verb.i:  # "* with %": members are targets
                targets = _with_conjuncts([doc[surface.compound]])
            elif surface.compound is not None:  # "% * …": the compound's members act on each other
                sources = targets = _with_conjuncts([doc[surface.compound]])
            return sources, targets
        passive = any(c.dep_ in PASSIVE_SUBJECTS for c in verb.children) or any(
            c.dep_ == "auxpass" for c in verb.children)
        if passive:
            agents = [g for c in verb.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]
            sources = _with_conjuncts(agents)
            patients = [c for c in verb.children if c.dep_ in PASSIVE_SUBJECTS]
            targets = [] if trig.theme is not None or trig.token != verb else _with_conjuncts(patients)
            if trig.theme is not None or trig.token != verb:
                trig_obj = trig.theme if trig.theme is not None else trig.token
                targets = _prep_objects([verb, trig_obj], sense.target_preps)
            if not sources and sense.code[:2] in _UNDOING_ROOTS:
                # "UN sanctions against Iran were lifted": who undoes a measure is who imposed it
                for measure in patients:
                    if self.triggers.noun_senses(measure.lemma_.lower()):
                        as_noun = replace(trig, token=measure, nominal=True,
                                          sense=self.triggers.noun_senses(measure.lemma_.lower())[0])
                        sources, targets = self._noun_arguments(as_noun, ctx)
                        break
            return sources, targets
        sources = [self._issuer(s) for s in _with_conjuncts(_subjects(verb))]
        if trig.theme is not None or trig.token != verb:
            carrier = trig.theme if trig.theme is not None else trig.token
            # an adjective's preposition is its own: "is sceptical of", "was guilty of attacking"
            targets = _prep_objects(list(dict.fromkeys([carrier, trig.token, verb])), sense.target_preps)
        else:
            targets = _with_conjuncts([_antecedent(c) for c in verb.children if c.dep_ in OBJECTS + ("dative",)
                                       and c.pos_ in ("NOUN", "PROPN", "PRON")])
            # "hosted talks with Seoul": an event-noun object leads to the target through its own prepositions
            event_objects = [t for t in targets if self.triggers.noun_senses(t.lemma_.lower())]
            for noun in event_objects:
                targets.remove(noun)
                targets += _prep_objects([noun], self.triggers.noun_senses(noun.lemma_.lower())[0].target_preps)
            if not targets:
                targets = _prep_objects([verb], sense.target_preps)
        return sources, targets

    def _issuer(self, subject: Token) -> Token:
        """Who stands behind a thing named as the subject. A document speaks for whoever issued it: "the
        committee issued a report that calls on …" (the report is the object of the issuing verb). A weapon acts for
        whoever used it: "the missiles fired by the Israeli military struck …"."""
        lemma = subject.lemma_.lower()
        if lemma in self.modality.document_nouns and subject.dep_ in OBJECTS:
            issuers = _subjects(subject.head)
            if issuers:
                return issuers[0]
        if lemma in self.modality.instrument_nouns:
            users = [g for c in subject.children if c.dep_ == "acl" for a in c.children if a.dep_ == "agent"
                     for g in a.children if g.dep_ == "pobj"]
            if users:
                return users[0]
        return subject

    def _noun_arguments(self, trig: Trigger, ctx: DocContext) -> tuple[list[Token], list[Token]]:
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
        targets = _prep_objects([noun, *participles, *agents], trig.sense.target_preps)
        return _with_conjuncts(sources), targets

    def _speech_head(self, verb: Token) -> Token | None:
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

    def _speaker(self, head: Token | None, ctx: DocContext, day: dt.date | None) -> Actor | None:
        """Who is reported as saying the clause: the subject of the speech verb above it (``_speech_head``)."""
        subjects = _subjects(head) if head is not None else []
        return self.resolver.resolve(subjects[0], ctx, day) if subjects else None

    def _claimed(self, head: Token | None, code: str, source: Actor, speaker: Actor | None) -> Trigger | None:
        """"The Houthis claimed that they had attacked the airport": besides the attack, the group claims
        responsibility for it (015), coded on the claiming verb ``head`` (the clause's speech head)."""
        if speaker is None or speaker.code != source.code or code_or_stand_in(code).quad_class != 4:
            return None
        if head is None or head.lemma_.lower() not in self.modality.claim_verbs:
            return None
        return Trigger(head, Sense(CLAIM_RESPONSIBILITY), head, None, [head])

    def _according_to(self, sent: Span, ctx: DocContext, day: dt.date | None) -> Actor | None:
        for tok in sent:
            if tok.lower_ == "according":
                for prep in tok.children:
                    if prep.lower_ == "to":
                        for pobj in prep.children:
                            if pobj.dep_ == "pobj":
                                return self.resolver.resolve(pobj, ctx, day)
        return None

    def _event(self, trig: Trigger, code: str, source: Actor, target: Actor | None, attribution: Actor | None,
               sent: Span, index: int, article: Article, day: dt.date | None, precision: str | None,
               future: bool, ctx: DocContext) -> Event | None:
        info = code_or_stand_in(code)
        if not info.emittable and not (self.emit_unknown_codes and info.name == "not a CAMEO code"):
            return None
        words = trig.words
        trigger_text = " ".join(t.text for t in words)
        start = words[0].idx - sent.start_char
        end = words[-1].idx + len(words[-1].text) - sent.start_char
        confidence = 0.55
        confidence += 0.15 if source.kind != "agent" else 0.0
        confidence += 0.1 if target is not None and target.kind != "agent" else 0.0
        confidence += 0.1 if trig.sense.specific else 0.0
        confidence -= 0.1 if attribution is not None else 0.0
        confidence -= 0.2 if future else 0.0
        confidence -= 0.1 if code == ACCUSE and trig.sense.code != ACCUSE else 0.0
        key = f"{article.id}|{index}|{trig.token.i}|{code}|{source.code}|{target.code if target else ''}"
        return Event(
            id=hashlib.sha1(key.encode("utf-8")).hexdigest()[:16], doc_id=article.id, sentence_index=index,
            sentence=sent.text.strip(), trigger=trigger_text, date=day.isoformat() if day else None,
            source=source, target=target, cameo=code, cameo_root=info.root, quad_class=info.quad_class,
            goldstein=info.goldstein, plover={"event": info.plover_event, "mode": info.plover_mode},
            location=self.locator.locate(trig.token, trig.verb, sent, ctx.places), attribution=attribution,
            confidence=round(max(0.05, min(0.95, confidence)), 2),
            trigger_start=start, trigger_end=end, date_precision=precision,
            published=article.published.isoformat() if article.published else None, outlet=article.source,
            url=article.url)


# ---- parse helpers ------------------------------------------------------------------------------------------------
def _direct_object(verb: Token) -> Token | None:
    for c in verb.children:
        if c.dep_ in OBJECTS:
            return c
    for c in verb.children:
        if c.dep_ in PASSIVE_SUBJECTS:
            return c
    return None


def _mentions(sent: Span, ctx: DocContext, dictionary: ActorDictionary) -> dict[int, tuple[int, int]]:
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


def _listed(heads: list[Token], mentions: dict[int, tuple[int, int]], ctx: DocContext) -> list[Token]:
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


def _clause_bounds(verb: Token, sent: Span) -> tuple[int, int]:
    """The token range a verb's surface pattern may look at: from the start of its clause (with the subject of an
    infinitive or coordinated verb it shares) to the end of its phrase, not into a coordinated verb's."""
    lo = verb.left_edge.i
    node = verb
    for _ in range(4):
        # a pattern may name words of the governing clause: "indicated (it) would * now"
        if node.dep_ not in ("xcomp", "conj", "ccomp", "advcl") or node.head == node:
            break
        node = node.head
        lo = min(lo, node.left_edge.i)
    hi = verb.i
    for c in verb.children:
        if c.i > verb.i and c.dep_ not in ("conj", "cc"):
            hi = max(hi, c.right_edge.i)
    return max(lo, sent.start), min(hi, sent.end - 1)


def _noun_key(tok: Token) -> str:
    """A noun's dictionary key: its lemma, with a hyphenated first part joined on ("cease-fire" → ceasefire)."""
    doc = tok.doc
    if tok.i >= 2 and doc[tok.i - 1].text == "-" and not doc[tok.i - 1].whitespace_ and \
            not doc[tok.i - 2].whitespace_:
        return (doc[tok.i - 2].lower_ + tok.lemma_).lower()
    return tok.lemma_.lower()


def _object_fits(sense: Sense, obj: Token) -> bool:
    if not sense.objects:
        return True
    lemma = obj.lemma_.lower()
    if lemma in sense.objects or obj.lower_ in sense.objects:
        return True
    # a modified object: "cruise missiles", "humanitarian aid", "tear gas", "nuclear weapons"
    modifiers = [c.lower_ for c in obj.children if c.dep_ in ("compound", "amod") and c.i < obj.i]
    for n in range(min(len(modifiers), 2), 0, -1):
        if " ".join([*modifiers[-n:], lemma]) in sense.objects:
            return True
    return False


def _subjects(verb: Token) -> list[Token]:
    """The subject of a clause, following infinitives and coordinated verbs up to the clause that has one."""
    node = verb
    for _ in range(5):
        # a head climbed to may be passive: in "the EU is set to impose sanctions" the EU imposes them
        deps = SUBJECTS if node == verb else SUBJECTS + PASSIVE_SUBJECTS
        subjects = [c for c in node.children if c.dep_ in deps]
        if subjects:
            subj = subjects[0]
            if subj.tag_ in ("WDT", "WP") and node.dep_ == "relcl":
                return [node.head]  # "troops, which shelled the town" → troops
            return subjects  # one, or the parser's split of "Old foes Gondor and Osgiliath"
        if node.dep_ == "xcomp":
            objects = [c for c in node.head.children if c.dep_ in OBJECTS]
            if objects:  # object control: "urged Russia to withdraw" → Russia withdraws
                return objects
            node = node.head
        elif node.dep_ in ("conj", "advcl", "acomp", "attr", "oprd") and node.head != node:
            node = node.head  # coordinated verbs share a subject; "Arnor is about to …" takes the copula's
        elif node.dep_ == "relcl":
            return [node.head]
        elif node.dep_ == "acl" and node.tag_ == "VBG":
            return [node.head]  # "Russian jets bombing the town"
        elif node.dep_ == "acl" and node.head.dep_ == "ROOT" and node.head.pos_ in ("NOUN", "PROPN") and (
                node.tag_ == "VBD" or any(c.dep_ in ("dobj", "prt") for c in node.children)):
            return [node.head]  # a past tense the parser hung on the subject: "The air force [ROOT] carried out …"
        else:
            return []
    return []


def _prep_objects(heads: list[Token], preps: tuple[str, ...]) -> list[Token]:
    if not preps:
        return []
    out = []
    for head in heads:
        for c in head.children:
            if c.dep_ in ("prep", "dative") and c.lower_ in preps:
                out += [g for g in c.children if g.dep_ == "pobj"]
        if out:
            break
    return _with_conjuncts(out)


def _with_conjuncts(tokens: list[Token]) -> list[Token]:
    out: list[Token] = []
    for t in tokens:
        for x in (t, *t.conjuncts):
            if x not in out:
                out.append(x)
    return out


def _antecedent(tok: Token) -> Token:
    """A relative pronoun stands for the noun its clause modifies ("the prince, whom Turkey accuses …")."""
    if tok.tag_ in ("WP", "WDT") and tok.head.dep_ == "relcl":
        return tok.head.head
    return tok


def _first_person(tok: Token) -> bool:
    """'We' and 'I' in a quote are its speaker ("We provide military assistance," Russian officials said)."""
    return tok.pos_ == "PRON" and tok.lower_ in FIRST_PERSON


def _background(clause: Token, m: Modality) -> bool:
    """A clause marked "after"/"since" and measured in years or months back: "five years after crowds burned its
    embassy" (as advcl with a mark, or as the object of the preposition)."""
    marks = [c for c in clause.children if c.dep_ == "mark" and c.lower_ in m.background_marks]
    if clause.dep_ == "pcomp" and clause.head.lower_ in m.background_marks:
        marks.append(clause.head)
    for mark in marks:
        spans = [c for c in (*mark.children, *clause.children) if c.dep_ == "npadvmod"]
        if any(s.lemma_.lower() in m.background_spans for s in spans):
            return True
    return False


def _negated_argument(tok: Token, m: Modality) -> bool:
    """'Neither X nor Y …', 'No country …': the subject itself is negated."""
    return any(c.dep_ in ("preconj", "det", "neg") and c.lower_ in m.negators for c in tok.children)


def _has_negative_det(noun: Token, m: Modality) -> bool:
    return any(c.dep_ in ("det", "neg") and c.lower_ in m.negators for c in noun.children)


def _trigger_words(verb: Token, obj: Token) -> list[Token]:
    if obj.i == verb.i:
        return [verb]
    if 0 < obj.i - verb.i <= 3:
        return list(verb.doc[verb.i:obj.i + 1])
    doc = obj.doc
    start = obj.i - 2 if _noun_key(obj) != obj.lemma_.lower() else obj.i  # "cease-fire" whole
    return sorted([verb, *doc[start:obj.i + 1]], key=lambda t: t.i)


def _distributed(sources: list[Token], ctx: DocContext, dictionary: ActorDictionary) -> list[Actor]:
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
