"""Code events on a spaCy dependency parse, the way PETRARCH codes them on a constituency parse.

The coder's decision is a short chain, each step with one home:
  * ``triggers.py`` — candidate triggers: verbs (with particles, prepositions and objects choosing the sense),
    surface patterns, light verbs and modal heads carrying event nouns, copular adjectives, free-standing event nouns;
  * ``factuality.py`` — whether the trigger's clause reports an act (negation, hypotheticals, conditions block it)
    and as what (intent, appeal, demand, refusal, threat, announcement);
  * ``arguments.py`` — source, target and attribution as parse tokens, resolved to actors by ``dyads.actors``;
  * ``emission.py`` — the contract's Event, and one event per act per article.
This module is where they meet: it turns a trigger, its frame and its arguments into events, one per
(source, target) pair, and applies the rules that need all three (reported speech: "A said B did X" codes B–X with A
as the attribution, and when the speaker is B's target, A accuses B, 112, as PETRARCH does; reciprocal acts; paired
codes; claims of responsibility).
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import replace

from spacy.tokens import Doc, Span, Token

from dyads import confidence
from dyads.actors import ActorDictionary, ActorResolver, default_dictionary
from dyads.actors.dictionary import Role
from dyads.actors.resolve import DocContext, state_actor
from dyads.events.arguments import (CIVILIANS, CLAIM_RESPONSIBILITY, Arguments, distributed, find_mentions,
                                    first_person, has_negative_det, negated_argument)
from dyads.events.emission import ACCUSE, Emitter, merge_repeats
from dyads.events.factuality import Factuality, Frame
from dyads.events.patterns import Modality, Sense, TriggerIndex, default_modality, default_triggers
from dyads.events.syntax import OBJECTS, is_passive, sentences_of, subjects_of
from dyads.events.triggers import PLACE_TOKENS, Trigger, TriggerFinder
from dyads.model import Actor, Article, Event
from dyads.ontology import code_or_stand_in
from dyads.when import DateResolver, period_middle
from dyads.where import Locator, default_locator

TRAVEL = ("042", "043")  # make a visit, host a visit
HOST = "043"
DISPUTE = "111"  # criticize or denounce: a fight of words
_POLITICAL_SECTORS = {"GOV", "LEG", "ELI", "JUD"}  # a government's people, not its forces
_FORCES = {"MIL", "COP", "SPY"}  # a state's forces, which its government commands
_GOVERNMENT = Role("GOV", ("GOV",))
# The longest sentence coded. Argument search walks a trigger's phrases and their ancestors, so its cost grows with the
# square of a sentence's length: an unpunctuated 60,000-character piece held one worker for over half an hour in the
# fuzz run. News sentences run to 60 tokens, run-on reports to a few hundred.
MAX_SENTENCE_TOKENS = 400
BACKGROUND_DAYS = 365  # an act dated (mid-period) more than this before publication is background, not news

__all__ = ["EventCoder", "Frame", "Trigger", "sentences_of"]


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
        self.locator = locator or default_locator()
        self.finder = TriggerFinder(self.triggers, self.modality)
        self.factuality = Factuality(self.modality)
        self.arguments = Arguments(self.resolver, self.triggers, self.modality)
        self.emitter = Emitter(self.locator, emit_unknown_codes)

    # ---- documents --------------------------------------------------------------------------------------------
    def code_doc(self, doc: Doc, article: Article) -> list[Event]:
        if self.triggers.discards.in_story(doc.text):
            return []  # out of scope as a whole (a sports report, a weather story)
        ctx = DocContext.find(doc, self.dictionary)
        ctx.places = self.locator.places(doc, ctx)  # one gazetteer pass per document
        _drop_places_in_seats(ctx)
        ctx.find_home(self.dictionary)
        doc.user_data[PLACE_TOKENS] = frozenset(
            [*getattr(ctx.places, "by_token", {}), *(i for i, m in ctx.by_token.items() if m.phrase.entity.kind ==
                                                    "state" and m.phrase.how in ("name", "short"))])
        events = [event for index, sent in enumerate(sentences_of(doc))
                  for event in self.code_sentence(sent, index, article, ctx)]
        events = merge_repeats(events)
        confidence.score(events)  # P(a careful coder accepts it), from what the coder decided (dyads.confidence)
        return events

    def code_sentence(self, sent: Span, index: int, article: Article, ctx: DocContext) -> Iterator[Event]:
        if len(sent) > MAX_SENTENCE_TOKENS:
            return  # no careful coder reads a 10,000-word "sentence" (a feed without punctuation, a table, junk)
        if self.triggers.discards.in_sentence(sent.text):
            return
        day = article.published
        mentions = find_mentions(sent, ctx, self.dictionary)
        triggers = self.finder.find(sent, mentions)
        attribution_default = self.arguments.according_to(sent, ctx, day)
        # a headline reports with nouns; so does a sentence with no verb at all (a title, a subhead)
        headline = (index == 0 and bool(article.title)) or not any(t.pos_ in ("VERB", "AUX") for t in sent)
        framed = [(trig, self.factuality.frame(trig, headline)) for trig in triggers]
        # a head that turned a governed event into its own kind ("urged Iran to release …" → 0253) is not coded
        # again on its own ("urged" → 020)
        # with legacy (PETRARCH) dictionaries a head that is a trigger of its own is coded with its own code, and the
        # event it governs is not coded again, as PETRARCH codes the highest verb
        head_triggers = {t.token.i for t, f in framed if t.token == t.verb} if self.triggers.head_codes_win else set()
        # so does a head whose own sense its object selected: "ordered the ambassador to leave" is an expulsion
        # (161), not a demand that someone leave (1056)
        head_triggers |= {t.token.i for t, f in framed if t.token == t.verb and t.theme is not None
                          and t.sense.objects and f.klass is None}
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

    def _events(self, trig: Trigger, frame: Frame, sent: Span, index: int, article: Article, ctx: DocContext,
                day: dt.date | None, attribution_default: Actor | None,
                mentions: dict[int, tuple[int, int]]) -> Iterator[Event]:
        verb = trig.verb
        if trig.token != verb and has_negative_det(trig.token, self.modality):
            return  # "no talks", "no strikes"
        code = trig.sense.code
        planned_conflict = False
        ordered = self._ordered_own(trig, frame, ctx, day)
        if ordered:
            # "Trump ordered US troops to leave Syria", "ordered air strikes on the camps": the act, by its side
            frame = replace(frame, klass=None, head=None, imminent=True)
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
        roles = self.arguments.roles(trig, frame, mentions, ctx)
        sources = roles.sources
        bomber = self.arguments.unnamed_bomber(trig, code, sent)  # "a roadside bomb exploded": someone unnamed did it
        if not sources and bomber is None:
            return
        event_day, precision = self.dates.event_date(trig.token, verb, day, future)
        if day is not None and event_day is not None and precision not in (None, "published") and \
                (day - period_middle(event_day, precision)).days > BACKGROUND_DAYS:
            return  # "drove the jihadists out of Mosul in 2017", in 2019: an old act recalled, not news
        speech = self.arguments.speech_head(verb)
        speaker = self.arguments.speaker(speech, ctx, day) or attribution_default
        if planned_conflict and speaker is None:
            return
        when = event_day or day
        src_actors = distributed(sources, ctx, self.dictionary) or [a for s in sources for a in (
            [replace(speaker, how="speaker")] if first_person(s) and speaker is not None
            else self.resolver.resolve_all(s, ctx, when)
            # "the regime said it would allow …": an "it"/"they" nothing earlier explains is the speaker
            or ([replace(speaker, how="speaker")] if speaker is not None and s.lower_ in ("it", "they")
                and s.pos_ == "PRON" else [])) if a is not None]
        if not src_actors and bomber is not None:
            src_actors = [bomber]
        # each member of a list resolves to the whole list ("talks between Russia, Turkey and Iran"): one actor once
        src_actors = list({(a.code, a.name, a.start): a for a in src_actors}.values())
        if planned_conflict and any(a.code == speaker.code for a in src_actors):
            # "Russia said it plans to attack Ukraine": announcing one's own plan of force is a threat (13x)
            planned_conflict, code = False, self.modality.transform("threaten", trig.sense.code) or code
        if planned_conflict:
            src_actors, tgt_actors_accused = [speaker], src_actors
            if not tgt_actors_accused:
                return
        source_spans = [(s.left_edge.idx, s.right_edge.idx + len(s.right_edge.text)) for s in sources]
        with ctx.avoiding(source_spans):
            tgt_actors, target_how = self.arguments.target_actors(
                trig, roles, code, sent, mentions, ctx, when, frozenset(a.country for a in src_actors if a.country),
                frozenset(a.country for a in src_actors if a.country and a.how not in ("context", "home", "place")))
        if ordered:
            # what one orders one's own forces to do is not done to them: "ordered a withdrawal of US troops in
            # Syria" is done to Syria, where they are (the place of the act, as for any act of force)
            own = {a.country for a in src_actors if a.country}
            tgt_actors = [a for a in tgt_actors if not (a.country and a.country in own and not a.org)]
            if not tgt_actors:
                place = self.locator.locate(trig.token, verb, sent, ctx.places)
                state = self.dictionary.countries.get(place.country) if place is not None and place.country else None
                if state is not None and state.code not in own:
                    tgt_actors, target_how = [replace(state_actor(state, None, place.name), how="place")], "place"
        if any(not (a.country or a.org) and a.kind == "agent" for a in (*src_actors, *tgt_actors)):
            # a role word no state owns belongs to the country where the act happens: "Maoists hacked a villager
            # to death in Odisha", "police raided a hideout in Sukma"
            place = self.locator.locate(trig.token, verb, sent, ctx.places)
            state = self.dictionary.countries.get(place.country) if place is not None and place.country else None
            if state is None and bomber is not None and src_actors == [bomber]:
                state = ctx.home  # a bombing no place in its sentence locates happened where the article is
            if state is not None:
                src_actors = [_placed(a, state) for a in src_actors]
                tgt_actors = [_placed(a, state) for a in tgt_actors]
            # police, prosecutors and courts act within their own country: "Colombian police busted a ring"
            law = next((self.dictionary.countries.get(a.country) for a in src_actors if a.country and
                        {"COP", "JUD"} & set(a.sector)), None)
            if law is not None:
                tgt_actors = [_placed(a, law) for a in tgt_actors]
        claimed = set(trig.surface.words) if trig.surface is not None else set()  # a pattern naming "neither" decides
        if any(negated_argument(s, self.modality) and not any(c.i in claimed for c in s.children) for s in sources):
            return  # "Neither Paris nor Berlin condemned …", "No country recognised …"
        if planned_conflict:
            tgt_actors, speaker, target_how = tgt_actors_accused, None, "accused"
        if trig.nominal:  # "the military aid": a role word alone does not make an event noun's author
            src_actors = [a for a in src_actors if a.kind != "agent"]
        if roles.source_how == "possessor":
            src_actors = _one_per_country(src_actors)  # "a Turkish military intervention": one author, not two
        if trig.sense.no_target:
            tgt_actors = []
        if not tgt_actors and (code[:2] == "14" or code.startswith(("172", "183"))):
            # a protest, strike or shutdown against no one named is against the government of where it happens
            # (and a curfew or a state of emergency is imposed on that country, a bombing done to it)
            place = self.locator.locate(trig.token, verb, sent, ctx.places)
            state = self.dictionary.countries.get(place.country) if place is not None else None
            if code.startswith("183") and ctx.home is not None and any(
                    a.country == ctx.home.country for a in src_actors):
                # a bombing by the article's own insurgents is against their state, wherever a village's name
                # would place it ("Maoists triggered a dynamite blast near Bhirangi Mor" is not in Hungary)
                state, place = ctx.home, None
            state = state or ctx.home or next((self.dictionary.countries.get(a.country) for a in src_actors
                                               if a.country and a.country in self.dictionary.countries), None)
            if state is not None:
                # a curfew or an emergency a state imposes at home is imposed on its people
                role = _GOVERNMENT if code[:2] == "14" else CIVILIANS if code.startswith(("1723", "1724")) else None
                tgt_actors = [replace(state_actor(state, role, state.name), how="place" if place is not None else "home")]
                target_how = "domestic"
        watchdog = self.arguments.speaker(speech, ctx, day)
        if (not tgt_actors and watchdog is not None and src_actors and not future and frame.klass is None
                and code_or_stand_in(code).quad_class == 4 and not _passive_chain(verb)
                and all(a.org != watchdog.org if watchdog.org else a.country != watchdog.country for a in src_actors)):
            # "Amnesty said the Egyptian police tortured detainees": an act of force done to no one a dictionary
            # knows is no dyad, but its report by an organisation of no state (a rights group, the UN) is one: the
            # organisation accuses the author (112). Officials' and the press's reports stay reports: "police
            # said militants killed a guard", "according to local media"
            speaker = watchdog
            src_actors, tgt_actors, code, speaker, target_how = [speaker], src_actors, ACCUSE, None, "accused"
        objects = [c for c in verb.children if c.dep_ in OBJECTS]
        shared_act = not objects or trig.token != verb or trig.surface is not None or any(
            self.triggers.noun_senses(o.lemma_.lower()) or trig.theme == o for o in objects)
        # "Russia and Ukraine held talks", "Russia, Iran and Turkey agreed": each does it to the others (a longer
        # list is a list of countries, not the parties to one act)
        if tgt_actors and target_how == "place" and 1 < len(src_actors) <= 4 and shared_act and \
                self.modality.reciprocal(code) and len({a.code for a in src_actors}) > 1:
            # "federal forces and Tigrayan fighters clashed near Mekelle": the place is where, the parties fight
            # each other
            tgt_actors = []
        reciprocal = not tgt_actors and 1 < len(src_actors) <= 4 and shared_act and self.modality.reciprocal(code)
        if reciprocal:
            target_how = "reciprocal"
        evidence = {"trigger": trig.kind, "clause": frame.clause, "frame": frame.klass, "source_by": roles.source_how,
                    "target_by": target_how, "imminent": frame.imminent}
        for source in src_actors:
            # "Russia and Ukraine held talks": each does it to the other
            for target in ([a for a in src_actors if a is not source] if reciprocal else (tgt_actors or [None])):
                if (target is not None and target.how == "pronoun" and target.code == source.code
                        and speaker is not None and speaker.code != source.code
                        and code_or_stand_in(code).quad_class == 4):
                    # "Russia said Ukraine shelled its territory": a possessive that would make an act of force
                    # self-inflicted is the speaker's
                    target = replace(speaker, text=target.text, start=target.start, end=target.end, how="pronoun")
                if target is not None and target.code == source.code and target.name == source.name:
                    continue
                if target is None:
                    continue  # a careful coder codes dyads: an act with no one it is done to is no event
                if not (source.country or source.org) or not (target.country or target.org):
                    continue  # a role word no state or organisation owns ("police", "militants" in a text that
                    # names no country) is no political actor a coder can place: 2 of 36 right on the dev halves
                if code.startswith(TRAVEL) and private_person(source):
                    continue  # "a British-born teenager who travelled to Syria", "refugees arriving in Germany":
                    # a private journey, not a visit a state or group pays
                if (frame.klass in ("appeal", "demand") and target is not None and target.country is not None
                        and target.code == target.country == source.country):
                    continue  # "Putin said Russia must strengthen its army": a policy statement, not a demand
                if (frame.klass == "demand" and target.country is not None and target.country == source.country
                        and target.sector and set(target.sector) <= _FORCES and "GOV" in source.sector):
                    continue  # "Trump ordered US troops to withdraw": a government commanding its own forces, not
                    # a demand of one actor on another (what the troops then do is the event); an appeal to them
                    # from elsewhere in the state stays one ("the Senate called on the Pentagon to release …")
                src, tgt, attribution = source, target, speaker
                if attribution is not None and attribution.code == src.code:
                    attribution = None
                event_code = code
                if (code.startswith("19") and trig.token.lemma_.lower() in self.modality.dispute_verbs
                        and political(src) and political(tgt)):
                    event_code = DISPUTE  # "Erdogan and Putin clashed in public over a ceasefire"
                if (attribution is not None and tgt is not None and attribution.code == tgt.code
                        and code_or_stand_in(code).quad_class in (3, 4)):
                    event_code, src, tgt, attribution = ACCUSE, attribution, src, None
                found = dict(evidence, accused=event_code != code)
                event = self.emitter.event(trig, event_code, src, tgt, attribution, sent, index, article, event_day,
                                           precision, future or frame.imminent, ctx, found)
                if event is not None:
                    yield event
                claim = self._claimed(speech, event_code, src, speaker)
                if claim is not None:
                    event = self.emitter.event(claim, claim.sense.code, src, tgt, None, sent, index, article,
                                               event_day, precision, False, ctx, dict(found, claim=True))
                    if event is not None:
                        yield event
                if self._hosted(trig, event_code, src, tgt, sent, ctx):
                    # "met Theresa May in London", "held talks with his Turkish counterpart in Ankara": a meeting
                    # in the country of the one met is also that country hosting the visitor (043)
                    event = self.emitter.event(trig, HOST, tgt, src, attribution, sent, index, article, event_day,
                                               precision, future or frame.imminent, ctx, dict(found, hosted=True))
                    if event is not None:
                        yield event
                reverse = trig.sense.reverse
                if reverse and tgt is not None and event_code == trig.sense.code and not reciprocal:
                    # "A left for B": A travels (032) and B receives A (033)
                    event = self.emitter.event(trig, reverse, tgt, src, attribution, sent, index, article, event_day,
                                               precision, future or frame.imminent, ctx, dict(found, reverse=True))
                    if event is not None:
                        yield event

    def _hosted(self, trig: Trigger, code: str, source: Actor, target: Actor | None, sent: Span,
                ctx: DocContext) -> bool:
        """Is a meeting (04) of ``source`` with ``target`` held in the target's country, whose name the meeting
        governs ("talks with May in London", "met Erdoğan in Ankara"), and so a visit the target hosts?"""
        if not code.startswith("04") or code.startswith(TRAVEL) or target is None:
            return False
        if not source.country or not target.country or source.country == target.country or target.org:
            return False
        located = self.locator.locate_match(trig.token, trig.verb, sent, ctx.places)
        return located is not None and located.how == "governed" and located.place.country == target.country

    def _ordered_own(self, trig: Trigger, frame: Frame, ctx: DocContext, day: dt.date | None) -> bool:
        """Is the trigger an act its head's subject orders its own side to do ("Trump ordered US troops to leave
        Syria", "Macron ordered air strikes", "ordered a withdrawal of Russian troops")? Only under a command head
        (``command_heads``) whose subject is a state, government or force, and whose object, if any besides the act,
        is that state's own forces or police."""
        head = frame.head if frame.head is not None else (trig.verb if frame.klass == "demand" else None)
        if frame.klass != "demand" or head is None or head.lemma_.lower() not in self.modality.command_heads:
            return False
        asked = [c for c in head.children if c.dep_ in OBJECTS + ("dative",) and c.i != trig.token.i]
        # a look, not a resolution: what is resolved here is resolved again when the event is made, and the
        # document's memory of actors (for pronouns later on) must not hold it twice
        seen, surnames = len(ctx.actors), dict(ctx.surnames)
        try:
            bosses = [a for s in subjects_of(head) for a in self.resolver.resolve_all(s, ctx, day)]
            told = [a for t in asked for a in self.resolver.resolve_all(t, ctx, day)]
        finally:
            del ctx.actors[seen:]
            ctx.surnames = surnames
        if not bosses or any(not a.country or a.org for a in bosses):
            return False
        if not asked:
            return trig.token != trig.verb or head != trig.verb  # an act noun ordered ("ordered air strikes")
        countries = {a.country for a in bosses}
        return bool(told) and all(a.country in countries and not a.org and _FORCES & set(a.sector) for a in told)

    def _claimed(self, head: Token | None, code: str, source: Actor, speaker: Actor | None) -> Trigger | None:
        """"The Houthis claimed that they had attacked the airport": besides the attack, the group claims
        responsibility for it (015), coded on the claiming verb ``head`` (the clause's speech head)."""
        if speaker is None or speaker.code != source.code or code_or_stand_in(code).quad_class != 4:
            return None
        if head is None or head.lemma_.lower() not in self.modality.claim_verbs:
            return None
        return Trigger(head, Sense(CLAIM_RESPONSIBILITY), head, None, [head])


def political(actor: Actor) -> bool:
    """A political person or a government, with no forces: "Erdogan", "the senator", "the Turkish government" (not
    "Turkey" alone, which may field an army, nor "Turkish troops")."""
    sectors = set(actor.sector)
    if actor.kind == "person":
        return sectors <= _POLITICAL_SECTORS
    return bool(sectors) and sectors <= _POLITICAL_SECTORS


def private_person(actor: Actor) -> bool:
    """A person known only by nationality ("a British-born teenager", "a rapper of Iraqi-Kurdish origin": an
    adjective of a state and no role), or civilians and refugees: no one who acts for a state or a group."""
    if {"CVL", "REF"} & set(actor.sector):
        return True
    return actor.how == "adjective" and not actor.sector and not actor.org and actor.kind != "person"


def _passive_chain(verb: Token) -> bool:
    """A passive verb, or one conjoined to it that shares its subject ("had been neutralized, killed or taken
    captive": the subject is what was taken, not who took it)."""
    node = verb
    for _ in range(6):
        if is_passive(node):
            return True
        if node.dep_ != "conj" or any(c.dep_.startswith("nsubj") for c in node.children):
            return False
        node = node.head
    return False


def _one_per_country(actors: list[Actor]) -> list[Actor]:
    """The modifiers of one event noun name one author: of several actors of one country ("Turkish" and
    "military" in "a Turkish military intervention"), the most specific (the one with a role)."""
    best: dict[str, Actor] = {}
    order: list[str] = []
    for a in actors:
        key = a.country or a.org or a.code
        if key not in best:
            best[key] = a
            order.append(key)
        elif len(a.code) > len(best[key].code):
            best[key] = a
    return [best[k] for k in order]


_SEATS = ("seat", "military_seat")


def _drop_places_in_seats(ctx: DocContext) -> None:
    """A seat of government the actor dictionary names is an institution, not a town of another country that the
    gazetteer reads in it: "the White House" is Washington's, not Casablanca ("Dar el Beida"), whatever a
    gazetteer's alternate names say. Such place mentions are dropped (they would be targets and locations)."""
    places = ctx.places
    by_token = getattr(places, "by_token", None)
    if not by_token:
        return
    wrong = {i for i, r in by_token.items() if (m := ctx.by_token.get(i)) is not None and m.phrase.how in _SEATS
             and m.phrase.entity.country and getattr(r.entry, "country", None) not in (None, m.phrase.entity.country)}
    if not wrong:
        return
    dropped = {id(by_token[i]) for i in wrong}
    for i in [i for i, r in by_token.items() if id(r) in dropped]:
        del by_token[i]
    places.resolved = [r for r in places.resolved if id(r) not in dropped]


def _placed(actor: Actor, state) -> Actor:
    """A role word no state owns, given the state where the act happens (kept as it was otherwise)."""
    if actor.country or actor.org or actor.kind != "agent":
        return actor
    role = Role(actor.code, tuple(actor.sector))
    return replace(state_actor(state, role, actor.text), start=actor.start, end=actor.end, how="place")
