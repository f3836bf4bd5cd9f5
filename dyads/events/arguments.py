"""Arguments: who acts (source), on whom (target), and who reports it (attribution), as parse tokens.

The source is the subject, the agent ("by X") of a passive, the controller of an infinitive or the author of an event
noun ("Russia's recognition of …"); the target the direct object, the passive subject, or the object of a
preposition the sense names ("sanctions *on* X", "talks *with* X"); failing those, the first actor named inside the
object phrase or in the rest of the verb phrase (PETRARCH's rule). Tokens become Actors in ``dyads.actors``.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from spacy.tokens import Span, Token

from dyads.actors import ActorDictionary, ActorResolver
from dyads.actors.dictionary import Role
from dyads.actors.resolve import DocContext, owns_a_relation, place_in_phrase, state_actor
from dyads.events.factuality import governing_verb
from dyads.events.patterns import Modality, TriggerIndex
from dyads.events.syntax import (LOCATIVE_PREPS, OBJECTS, PASSIVE_SUBJECTS, RELATIONAL_PREPS, SUPPORT_NOUNS,
                                 TEMPORAL_PREPS, agents_of, antecedent, clause_bounds, is_passive, noun_key, prep_objects,
                                 subjects_of, with_conjuncts)
from dyads.events.triggers import Trigger
from dyads.model import Actor
from dyads.ontology import code_or_stand_in

FIRST_PERSON = {"we", "i", "us", "our", "my"}  # in a quote, the speaker
# acts that undo a measure (ease, lift, suspend, end): done, in a passive without agent, by the measure's author
_UNDOING_ROOTS = {"08", "16"}
CIVILIANS = Role("CVL", ("CVL",))
CLAIM_RESPONSIBILITY = "015"
_OBJECTION_ROOTS = ("11", "12", "13")  # disapprove, reject, threaten: aimed at a measure's author
CRIMINALS = Role("CRM", ("CRM",))
ATTACKERS = Role("UAF", ("UAF",))  # unidentified attackers: the author of a bombing the text does not name


@dataclass
class Roles:
    """The argument tokens of one trigger, and how each was found (the evidence the confidence model reads)."""

    sources: list[Token]
    targets: list[Token]
    source_how: str  # subject | agent | possessor | pattern | head (of an intent, appeal …) | controller
    target_how: str  # object | passive | prep | asked | pattern | none


class Arguments:
    def __init__(self, resolver: ActorResolver, triggers: TriggerIndex, modality: Modality):
        self.resolver = resolver
        self.triggers = triggers
        self.modality = modality

    def roles(self, trig: Trigger, frame, mentions: dict[int, tuple[int, int]], ctx: DocContext) -> Roles:
        """Source and target tokens of a trigger under its frame: a modal head's subject acts ("Iran wants to
        meet …"), and one asked or urged is the target of an appeal or demand ("urged Russia to withdraw")."""
        verb = trig.verb
        if trig.nominal:
            sources, targets = self.noun_arguments(trig, ctx)
            between = prep_objects([trig.token], ("between", "among"))
            source_how = "between" if sources and set(sources) <= set(between) else "possessor"
        else:
            sources, targets = self.verb_arguments(trig, ctx)
            sources = listed(sources, mentions, ctx)
            # "Russia and Turkey, whose ministers met …": a parser that makes the "whose" phrase a second subject
            # beside its antecedent has the same actors twice; the antecedent is the subject
            sources = [s for s in sources if not (any(c.tag_ == "WP$" for c in s.children)
                                                  and any(o.i < s.i for o in sources if o is not s))]
            source_how = "pattern" if trig.surface is not None and trig.surface.source is not None else (
                "agent" if is_passive(verb) else "subject")
            between = prep_objects([trig.token], ("between", "among")) if trig.token != verb else []
            if len(between) > 1 and self.modality.reciprocal(trig.sense.code) and not any(
                    self.resolver.resolve_all(s, ctx, None) for s in sources):
                # a light verb's event noun naming its parties, the verb naming no author: "a summit between
                # Russia, Turkey and Iran to be held in Tehran" — each party meets the others
                sources, targets, source_how = with_conjuncts(between), [], "between"
        target_how = "pattern" if trig.surface is not None and trig.surface.target is not None else (
            "passive" if is_passive(verb) and not trig.nominal else "object")
        if frame.head is not None and frame.head != verb:
            embedded_subjects = sources
            source_how = "head"
            if frame.head.pos_ in ("NOUN", "PROPN"):  # "Iran's plans to release …": the plan's author
                sources = with_conjuncts([c for c in frame.head.children if c.dep_ in ("poss", "compound", "amod")])
            else:
                sources = [self.issuer(s) for s in with_conjuncts(subjects_of(frame.head))]
            if frame.klass in ("appeal", "demand"):
                # the one asked is the target: "urged Russia to withdraw", "called on Japan to …", and in
                # "demanded that NATO withdraw" the subject of the demanded clause
                asked = with_conjuncts([c for c in frame.head.children if c.dep_ in OBJECTS + ("dative",)
                                        and c.i != trig.token.i])
                asked = asked or prep_objects([frame.head], ("on", "upon", "to"))
                demanded = verb  # the clause the head governs: the verb's own, or the one whose purpose the verb is
                while (demanded.dep_ in ("advcl", "xcomp", "conj") and demanded.head != demanded
                       and demanded.head != frame.head):
                    demanded = demanded.head
                if (not asked or frame.head.lemma_.lower() in self.modality.speech_verbs) and \
                        demanded.dep_ == "ccomp" and demanded.head == frame.head:
                    # "demanded that NATO withdraw", "says Israel must end …", and "demanded that Turkey use its
                    # influence to dissolve the group": Turkey is asked, not the group
                    asked = embedded_subjects if demanded == verb else with_conjuncts(subjects_of(demanded))
                # "says Assad should be allowed to stay": whoever is to allow it is asked, not Assad
                if asked or is_passive(verb):
                    targets, target_how = asked, "asked"
        elif frame.head == verb:
            sources = with_conjuncts(subjects_of(verb))
            source_how = "head"
        return Roles(sources, targets, source_how, target_how if targets else "none")

    def target_actors(self, trig: Trigger, roles: Roles, code: str, sent: Span, mentions: dict[int, tuple[int, int]],
                      ctx: DocContext, when: dt.date | None, source_countries: frozenset = frozenset(),
                      named_countries: frozenset = frozenset()
                      ) -> tuple[list[Actor], str]:
        """The target actors, and how they were found. When the object names no one, the target is in the sense's
        prepositional phrases ("broke off relations with Libya"), else the first actor named inside the object
        phrase ("condemned an attack by Syrian troops") or in the rest of the verb phrase (PETRARCH's rule); the
        unnamed people or property an act of force or coercion is done to stand for the country where it happens
        ("Maoists killed two persons" in an Indian district)."""
        verb = trig.verb
        tgt_actors = [a for t in roles.targets for a in self.resolver.resolve_all(t, ctx, when)]
        if not tgt_actors and roles.targets:
            # "urged European countries, including the UK, to …": a group no dictionary names, by its members named
            tgt_actors = [a for t in roles.targets for m in included(t) for a in self.resolver.resolve_all(m, ctx, when)]
        if trig.kind == "adjective" and roles.targets:
            # an attitude ("is concerned about", "is alarmed at") is towards an actor named as such, not towards the
            # owner of a thing it is about ("alarmed at Trump's suggestion", "concerned about continued YPG
            # dominance": the writer's description of a mood, not a comment aimed at Trump or the YPG)
            tgt_actors = [a for t in roles.targets if t.i in ctx.by_token or t.pos_ in ("PRON", "PROPN")
                          or self.resolver.dictionary.role(t.lemma_) for a in self.resolver.resolve_all(t, ctx, when)]
            return tgt_actors, roles.target_how
        if tgt_actors or trig.sense.no_target:
            return tgt_actors, roles.target_how
        if roles.target_how == "asked":
            # the one asked is named, though by no dictionary ("urged European countries to repatriate Isis
            # fighters"): the appeal is made to them, not to whoever the asked act is about
            return [], "none"
        objects = [c for c in verb.children if c.dep_ in OBJECTS]
        if not trig.nominal:
            fallback = prep_objects([verb, *objects], trig.sense.target_preps)
            # a capital or seat named as where the act happens is a place, not its government: "killed a bus
            # driver in Lima", "an attack near Kabul" (the unnamed victims, or the place, are done to below)
            fallback = [t for t in fallback if not (
                t.head.dep_ == "prep" and t.head.lower_ in LOCATIVE_PREPS and t.i in ctx.by_token
                and ctx.by_token[t.i].phrase.how in ("capital", "seat", "military_seat"))]
            tgt_actors = [a for t in fallback if t not in roles.sources
                          for a in self.resolver.resolve_all(t, ctx, when)]
            if tgt_actors:
                return tgt_actors, "prep"
            for obj in objects:
                tgt_actors = self.first_actor_inside(obj, ctx, when)
                if tgt_actors:
                    return tgt_actors, "inside"
            if code_or_stand_in(code).quad_class == 3:
                # words against a thing someone made are against its author: "hit back at comments made by
                # Trump", "rejected a plan drawn up by the Kremlin"
                for obj in [*roles.targets, *objects]:
                    tgt_actors = [a for g in authors(obj) for a in self.resolver.resolve_all(g, ctx, when)]
                    if tgt_actors:
                        return tgt_actors, "author"
            # what the act is done to, unnamed, says more than the next name in the sentence (21 of 29 such
            # targets right on the dev halves, against 4 of 8 from the first actor after an act of force)
            implied = self.implied_targets(trig, roles, code, ctx, named_countries)
            if implied:
                return implied, implied[0].how
            # PETRARCH's first actor after the verb: for words, not a country named as a place inside the phrase
            # ("expressed disappointment that … fighters in Syria", "help find a solution to the crisis in Syria")
            # nor the source's own country ("threatened to push deeper … since sending Turkish forces"); for acts
            # of force the place is attacked, and a visit's place is whom it visits
            self.last_after_locative = False
            tgt_actors = self.first_actor_after(verb, roles.sources, sent, mentions, ctx, when, code, trig.theme)
            force = code_or_stand_in(code).quad_class == 4 or code.startswith(("042", "043"))
            if tgt_actors and not force and self.last_after_locative:
                tgt_actors = []
            # an investigation is as often of one's own ("Mexico's Attorney General opened investigations into
            # allegations that President Peña Nieto …"): the source's own country stays for it
            if tgt_actors and not force and not code.startswith("09") and source_countries and all(
                    a.country in source_countries for a in tgt_actors):
                tgt_actors = []
            if tgt_actors:
                return tgt_actors, "after-in" if self.last_after_locative else "after"
        implied = self.implied_targets(trig, roles, code, ctx, named_countries)
        return (implied, implied[0].how) if implied else ([], "none")

    def implied_targets(self, trig: Trigger, roles: Roles, code: str, ctx: DocContext,
                        named_countries: frozenset = frozenset()) -> list[Actor]:
        """Targets of force or coercion (quad class 4) that no dictionary names: a place stands for its country
        ("shelled Idlib", not Syria's government), and unnamed people or property for the civilians, or the state,
        of the article's home country ("Maoists killed two persons", "torched nine vehicles")."""
        places = getattr(ctx.places, "by_token", {})
        countries = self.resolver.dictionary.countries
        theme = trig.theme
        if theme is not None and theme.i in places and places[theme.i].entry.country in countries:
            # the place that chose the sense is the one acted on: "left Crimea", "liberated Mosul"
            place = places[theme.i]
            actor = state_actor(countries[place.entry.country], None, theme.text)
            actor.how, actor.start, actor.end = "place", theme.idx, theme.idx + len(theme.text)
            return [actor]
        verb = trig.verb
        if trig.token == verb:
            # a place as the direct object stands for its country whatever the act: "visited Idlib", "recognised
            # Donetsk and Luhansk separatist regions"
            for obj in (c for c in verb.children if c.dep_ in OBJECTS):
                place = places.get(obj.i) or next((places[c.i] for c in obj.children
                                                   if c.dep_ in ("compound", "nmod", "amod") and c.i in places), None)
                if place is not None and place.entry.country in countries:
                    actor = state_actor(countries[place.entry.country], None, obj.text)
                    actor.how, actor.start, actor.end = "place", obj.idx, obj.idx + len(obj.text)
                    return [actor]
        if code == CLAIM_RESPONSIBILITY and trig.theme is not None:
            # "claimed responsibility for the suicide bombing in Peshawar": the act claimed is done to the
            # country where it happened (a place in the phrase of the act, or of the clause that describes it)
            for act in prep_objects([trig.theme, verb], ("for",)) or [trig.theme]:
                if not self.triggers.noun_senses(act.lemma_.lower()):
                    continue
                place = next((places[t.i] for t in act.subtree if t.i in places), None)
                if place is not None and place.entry.country in countries:
                    actor = state_actor(countries[place.entry.country], None, act.text)
                    actor.how, actor.start, actor.end = "place", act.idx, act.idx + len(act.text)
                    return [actor]
            return []
        if code_or_stand_in(code).quad_class != 4:
            return []
        if trig.token != verb:  # "launched an incursion into the Kurdish enclave": the event noun's own phrase
            patients = prep_objects([trig.token, verb], (*trig.sense.target_preps, "on", "against", "into", "at"))
        else:
            patients = list(roles.targets) or [c for c in verb.children if c.dep_ in OBJECTS]
        for p in with_conjuncts(patients):
            lemma = p.lemma_.lower()
            if (p.pos_ == "PRON" and lemma in ("him", "her", "them", "he", "she", "they")) or \
                    lemma in self.modality.civilian_nouns or (p.pos_ == "PROPN" and p.ent_type_ == "PERSON"):
                kind = "people"
            elif code.startswith("171") and self.is_contraband(p):
                # "seized 292 kilos of cocaine": an act against the traffickers (only a seizure is: "used chemical
                # weapons", "deployed nuclear weapons" are not done to criminals)
                kind = "contraband"
            elif p.i in places:
                kind = "place"  # a place attacked is its country attacked, not its government ("shelled Idlib")
            elif lemma in self.modality.property_nouns or place_in_phrase(p, places) is not None:
                kind = "property"
            else:
                continue
            place = places.get(p.i) or place_in_phrase(p, places)
            state = countries.get(place.entry.country) if place is not None else None
            how = "place" if state is not None else "home"
            if state is None and len(named_countries) == 1 and (
                    kind == "contraband" or (kind == "people" and code.startswith("17"))):
                # "Spanish authorities seized a submarine": what a state's authorities seize, they seize at home,
                # and whom they arrest or detain they hold at home ("Ecuadorian police arrested seven executives")
                # (``named_countries``: the sources' states the text names, not guessed from a nearby mention)
                state, how = countries.get(next(iter(named_countries))), "source"
            state = state or ctx.home  # where it is, else the country the article is about
            if state is None:
                continue
            text = p.doc[p.left_edge.i:p.right_edge.i + 1].text if p.right_edge.i - p.left_edge.i < 8 else p.text
            if kind == "people":
                actor = state_actor(state, CIVILIANS, text)
                actor.name = f"civilians ({state.name})"
            elif kind == "contraband":
                actor = state_actor(state, CRIMINALS, text)
                actor.name = f"traffickers ({state.name})"
            else:
                actor = state_actor(state, None, text)
            actor.how, actor.start, actor.end = how, p.idx, p.idx + len(p.text)
            return [actor]
        return []

    def unnamed_bomber(self, trig: Trigger, code: str, sent: Span) -> Actor | None:
        """The author of a bombing the text does not name ("a roadside bomb exploded", "two soldiers were injured
        in an IED blast", "the explosion took place in a house"): unidentified attackers, whom the coder places in
        the country where it happens. Only for a bombing (183x) whose sentence names an explosive device, so that a
        gas or factory explosion stays no event."""
        if not code.startswith("183"):
            return self.unnamed_shooter(trig, code, sent)
        words = self.modality.explosive_nouns
        if not any(t.lemma_.lower() in words or t.lower_ in words for t in sent):
            return None
        return unidentified_attackers()

    def unnamed_shooter(self, trig: Trigger, code: str, sent: Span) -> Actor | None:
        """The author of a shooting or a killing by hand that the text does not name ("a trader was shot dead in
        Karachi", "the councillor was gunned down", "a villager was hacked to death"): unidentified attackers, as
        for a bombing. Only for such a verb in the passive with no agent, and only when its sentence names no fight
        ("shot dead in an encounter" was done by the other side of it) and no explosion."""
        verb = trig.verb
        if trig.token != verb or code_or_stand_in(code).quad_class != 4 or code[:2] not in ("18", "19", "20"):
            return None
        if not any(c.dep_ == "auxpass" for c in verb.children) or any(c.dep_ == "agent" for c in verb.children):
            return None
        if not any(c.dep_ in PASSIVE_SUBJECTS for c in verb.children):
            return None
        lemma = verb.lemma_.lower()
        forms = {lemma} | {f"{lemma} {c.lower_}" for c in verb.children if c.dep_ == "prt"} | {
            f"{lemma} to {g.lower_}" for c in verb.children if c.dep_ == "prep" and c.lower_ == "to"
            for g in c.children if g.dep_ == "pobj"}
        if not forms & self.modality.shooting_verbs:
            return None
        banned = self.modality.fight_nouns | self.modality.explosive_nouns
        if any(t.lemma_.lower() in banned or t.lower_ in banned for t in sent):
            return None
        return unidentified_attackers()

    def opponents(self, verb: Token) -> list[Token]:
        """Who killed or wounded the subject of a passive with no agent, when it was in a fight with them: "two
        militants were killed in an encounter with the police", "soldiers were killed in clashes with Taliban
        fighters", "killed following an exchange of fire with a joint team of the army and police"."""
        if verb.lemma_.lower() not in self.modality.casualty_verbs:
            return []
        out = []
        for prep in verb.children:
            if prep.dep_ != "prep" or prep.lower_ not in ("in", "during", "following", "after", "amid"):
                continue
            for fight in (g for g in prep.children if g.dep_ in ("pobj", "dobj")):
                if fight.lemma_.lower() not in self.modality.fight_nouns:
                    continue
                out += [g for c in fight.children if c.dep_ == "prep" and c.lower_ == "with"
                        for g in c.children if g.dep_ == "pobj"]
        return out

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
        if verb.dep_ == "acl" and verb.tag_ == "VBN" and verb.lemma_.lower() in self.modality.third_party_verbs:
            return self.broker_arguments(verb)
        passive = any(c.dep_ in PASSIVE_SUBJECTS for c in verb.children) or any(
            c.dep_ == "auxpass" for c in verb.children)
        if passive:
            sources = with_conjuncts(agents_of(verb) or self.opponents(verb))
            patients = [c for c in verb.children if c.dep_ in PASSIVE_SUBJECTS]
            if not patients and verb.dep_ == "xcomp":
                # a passive infinitive takes its patient from the clause above: "two soldiers are believed to have
                # been killed by militants", "the hostages are understood to have been interrogated by the CIA"
                patients = subjects_of(verb)
            targets = [] if trig.theme is not None or trig.token != verb else with_conjuncts(patients)
            if trig.theme is not None or trig.token != verb:
                trig_obj = trig.theme if trig.theme is not None else trig.token
                targets = prep_objects([verb, trig_obj], sense.target_preps)
            if not sources:
                # "Suspected Israeli missiles were fired at Syrian locations": a weapon's owner fired it
                sources = [c for p in patients if p.lemma_.lower() in self.modality.instrument_nouns
                           for c in p.children if c.dep_ in ("amod", "compound", "poss") and c.i in ctx.by_token]
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
            if not targets and trig.theme is not None and self.resolver.dictionary.role(trig.theme.lemma_):
                targets = [trig.theme]  # the object that chose the sense is a party: "busted a trafficking ring"
        else:
            targets = with_conjuncts([antecedent(c) for c in verb.children if c.dep_ in OBJECTS + ("dative",)
                                       and c.pos_ in ("NOUN", "PROPN", "PRON")])
            # "hosted talks with Seoul": an event-noun object leads to the target through its own prepositions
            event_objects = [t for t in targets if self.triggers.noun_senses(t.lemma_.lower())]
            for noun in event_objects:
                targets.remove(noun)
                makers = [c for c in noun.children if c.dep_ in ("poss", "compound", "amod") and c.i in ctx.by_token]
                if sense.code[:2] in _OBJECTION_ROOTS and makers:
                    # "criticised US sanctions on Iran", "blocked EU sanctions against Russia": an objection to a
                    # measure is aimed at whoever took it, not at whom it is taken against
                    targets += with_conjuncts(makers)
                    continue
                targets += prep_objects([noun], self.triggers.noun_senses(noun.lemma_.lower())[0].target_preps)
            if not targets:
                targets = prep_objects([verb], sense.target_preps)
        return sources, targets

    def sponsor_modifier(self, tok: Token) -> bool:
        """"UN-sponsored talks", "Qatar-brokered truce": the name before a hyphenated third-party participle
        sponsors the act, it is no party to it."""
        doc = tok.doc
        if tok.i + 2 >= len(doc) or doc[tok.i + 1].text not in ("-", "–"):
            return False
        word = doc[tok.i + 2].lemma_.lower()
        return word in self.modality.third_party_verbs or word == "sponsor"

    def is_contraband(self, p: Token) -> bool:
        """Drugs, arms, cash: "292 kilos of cocaine", "$550,000"."""
        words = self.modality.contraband_nouns
        return p.lemma_.lower() in words or (p.ent_type_ == "MONEY" and "$" in words) or any(
            g.lemma_.lower() in words for c in p.children if c.dep_ == "prep" and c.lower_ == "of"
            for g in c.children if g.dep_ == "pobj")

    def broker_arguments(self, participle: Token) -> tuple[list[Token], list[Token]]:
        """"a ceasefire brokered by Egypt between Israel and Hamas", "Israel and Hamas agreed to a truce mediated by
        Qatar": the agent mediates; the parties are the targets (those between whom, else the subjects of the verb
        the noun is the object of); none named, no event."""
        noun = participle.head
        parties = prep_objects([participle, noun], ("between", "among"))
        if not parties:
            gov = governing_verb(noun)
            if gov is not None and noun.dep_ in ("dobj", "pobj") and noun.head in (gov, *gov.children) and \
                    gov.lemma_.lower() in self.modality.party_verbs:
                parties = with_conjuncts(subjects_of(gov))
        if not parties:
            return [], []  # brokers named with no parties are not each other's parties (no reciprocal pairing)
        return with_conjuncts(agents_of(participle)), with_conjuncts(parties)

    def issuer(self, subject: Token) -> Token:
        """Who stands behind a thing named as the subject. A document speaks for whoever issued it: "the
        committee issued a report that calls on …" (the report is the object of the issuing verb). A weapon acts for
        whoever used it: "the missiles fired by the Israeli military struck …"."""
        lemma = subject.lemma_.lower()
        if lemma in self.modality.document_nouns and subject.dep_ in OBJECTS:
            if subject.head.lemma_.lower() in self.modality.issuing_verbs:
                issuers = subjects_of(subject.head)
                if issuers:
                    return issuers[0]
            else:
                makers = [c for c in subject.children if c.dep_ in ("poss", "compound", "amod")]
                return makers[0] if makers else subject
        if lemma in self.modality.instrument_nouns:
            users = [g for c in subject.children if c.dep_ == "acl" for g in agents_of(c)]
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
                            and ctx.by_token[c.i].phrase.how in ("capital", "seat"))
                   and not self.sponsor_modifier(c)]
        sources += [g for c in noun.children if c.dep_ == "prep" and c.lower_ == "by"
                    for g in c.children if g.dep_ == "pobj"]
        # "the threats made by the US against Sudan", "strikes carried out by Israel on Gaza"
        participles = [c for c in noun.children if c.dep_ == "acl" and c.tag_ == "VBN"]
        brokers = [p for p in participles if p.lemma_.lower() in self.modality.third_party_verbs]
        participles = [p for p in participles if p not in brokers]
        agents = [g for p in participles for g in agents_of(p)]
        sources += agents
        # the parser may hang "against Sudan" on the agent ("the US Government against Sudan")
        targets = prep_objects([noun, *participles, *agents], trig.sense.target_preps)
        if not targets and noun.dep_ == "ROOT":
            # a headline's verb read as a noun: "EU sanctions Russia" (sanctions, with Russia in apposition)
            targets = with_conjuncts([c for c in noun.children if c.dep_ in ("appos", "dobj") and c.i > noun.i])
        if not sources or (trig.sense.code.startswith("04") and not any(
                self.resolver.resolve_all(s, ctx, None) for s in sources)):
            # "talks between Baghdad and Damascus", "a phone call between Trump and Erdoğan", "a bilateral summit
            # between …": each party acts (a modifier naming no actor, "phone", "bilateral", is no author)
            between = prep_objects([noun, *brokers], ("between", "among"))  # "a truce brokered by Qatar between …"
            if len(between) > 1:
                return between, []
            # "Baghdad and Washington are in talks", "took part in the fighting": the subject of the verb the noun
            # is the "in" object of
            prep = noun.head if noun.dep_ == "pobj" else None
            if prep is not None and prep.lower_ in ("in", "into") and prep.head.pos_ in ("VERB", "AUX") and \
                    prep.head.lemma_.lower() in self.modality.participation_verbs:
                sources = subjects_of(prep.head)
            elif prep is not None and prep.lower_ in ("at", "during", "after", "following") and \
                    trig.sense.code.startswith("04") and prep.head.pos_ == "VERB":
                # "agreed by Putin and Erdoğan at a bilateral summit", "Russia and Iran agreed during talks": those
                # who act at (or after) a meeting held it: two or more of them (the coder makes it reciprocal), or
                # one, with the one met named
                held = with_conjuncts(agents_of(prep.head) if is_passive(prep.head) else subjects_of(prep.head))
                if len(held) > 1 or (targets and len(held) == 1):
                    sources = held  # "Speaking after a meeting with Theresa May, Yıldırım said": he met her
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
        if not subjects or self.is_outlet(subjects[0]):
            return None  # "…, reports The Times of India": a newspaper reporting is no party to the act
        return self.resolver.resolve(subjects[0], ctx, day)

    def is_outlet(self, tok: Token) -> bool:
        """A news outlet named as the source of a report ("The Hindu", "The Times of India", "El Comercio")."""
        words = [t for t in tok.subtree if t.i <= tok.i + 4]
        return any(t.lower_ in self.modality.outlet_words and (t.is_title or t.is_upper) for t in words)


    def according_to(self, sent: Span, ctx: DocContext, day: dt.date | None) -> Actor | None:
        for tok in sent:
            if tok.lower_ == "according":
                for prep in tok.children:
                    if prep.lower_ == "to":
                        for pobj in prep.children:
                            if pobj.dep_ == "pobj" and not self.is_outlet(pobj):
                                return self.resolver.resolve(pobj, ctx, day)
        return None


    def first_actor_after(self, verb: Token, sources: list[Token], sent: Span, mentions: dict[int, tuple[int, int]],
                           ctx: DocContext, when: dt.date | None, code: str = "", theme: Token | None = None
                           ) -> list[Actor]:
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
            if any(a.dep_ == "acl" and a.lemma_.lower() in self.modality.third_party_verbs and a.i > verb.i
                   for a in named.ancestors):
                continue  # "agreed to a ceasefire brokered by Egypt": the broker, not a party to the agreement
            if owns_a_relation(named):
                continue  # "warned Syria's neighbours": not Syria
            if not in_own_phrase(named, verb):
                continue  # "cautioned that Isis will remain", "denied that Trump had": another clause's party
            if _within_temporal(named, verb, self.triggers):
                continue  # "warned shortly after Trump's announcement": when, not whom
            if _within_support(named, verb):
                continue  # "launched airstrikes in support of the ground forces": an ally, not the target
            if match.phrase.how in ("capital", "seat", "military_seat") and named.head.dep_ == "prep" and \
                    named.head.lower_ in LOCATIVE_PREPS:
                continue  # "a meeting in Brussels": where, not with whom
            carrier = doc[found[0]]
            if found[0] != start and carrier.pos_ == "NOUN" and not self.resolver.dictionary.role(carrier.lemma_) \
                    and code_or_stand_in(code).quad_class != 4 and carrier.i != getattr(theme, "i", None) \
                    and not self.triggers.noun_senses(noun_key(carrier)):
                continue  # a name that modifies a thing names the thing ("the Minsk agreements"), unless the thing
                # is what the act handles, whose owner it is done to ("release the British tanker"), or an act,
                # whose author it is done to ("condemned the US strike")
            if match.phrase.entity.kind == "state" and _locative_of(named, verb) \
                    and not code.startswith(("042", "043")):  # (a visit's place is whom it visits)
                continue  # "a meeting in Brussels", "talks at a hotel on Singapore's Sentosa island": where, not whom
            head = doc[found[0]]
            actors = [a for t in with_conjuncts([head]) for a in self.resolver.resolve_all(t, ctx, when)]
            if actors:
                self.last_after_locative = _within_locative(named, verb)
                return actors
        return []

    def first_actor_inside(self, obj: Token, ctx: DocContext, when: dt.date | None) -> list[Actor]:
        """The first actor phrase nested in ``obj`` (through its prepositional phrases), with its conjuncts."""
        for tok in sorted(obj.subtree, key=lambda t: t.i):
            if tok == obj or tok.dep_ != "pobj" or tok.head.lower_ not in RELATIONAL_PREPS or any(
                    a.dep_ in ("relcl", "acl", "advcl") for a in tok.ancestors if a.i > obj.i or a == obj):
                continue  # not "meeting in Brussels": a place where, not a party to the act
            if _within_locative(tok, obj):
                continue  # "seized a tanker in the Gulf of Oman": where the thing was, not whose
            actors = [a for t in with_conjuncts([tok]) for a in self.resolver.resolve_all(t, ctx, when)]
            if actors:
                return actors
        return []



_INCLUDING = ("including", "notably", "especially", "particularly")


def included(tok: Token) -> list[Token]:
    """The members a phrase names with "including" ("European countries, including the UK and France")."""
    return with_conjuncts([g for c in tok.children if c.dep_ == "prep" and c.lower_ in _INCLUDING
                           for g in c.children if g.dep_ == "pobj"])


def authors(tok: Token) -> list[Token]:
    """The agents of a past participle describing ``tok``: "comments made by Donald Trump" → Trump."""
    return with_conjuncts([g for c in tok.children if c.dep_ == "acl" and c.tag_ == "VBN" for g in agents_of(c)])


def unidentified_attackers() -> Actor:
    """The author of an attack the text does not name (a bombing, a shooting)."""
    return Actor(text="unidentified attackers", name="unidentified attackers", code=ATTACKERS.code,
                 sector=list(ATTACKERS.sectors), kind="agent", how="unnamed")


def _within_locative(tok: Token, verb: Token) -> bool:
    """Is the token inside a locative prepositional phrase anywhere below the verb ("a solution to the crisis in
    Syria")?"""
    node = tok
    for _ in range(12):
        if node.head == node or node == verb:
            return False
        if node.dep_ == "prep" and node.lower_ in LOCATIVE_PREPS:
            return True
        node = node.head
    return False


def _within_support(tok: Token, verb: Token) -> bool:
    """Is the token inside a phrase naming whom the act helps ("in support of the ground forces", "on behalf of
    the government", "alongside Kurdish fighters")?"""
    node = tok
    for _ in range(12):
        if node.head == node or node == verb:
            return False
        if node.dep_ == "prep" and (node.lower_ == "alongside" or (
                node.lower_ == "of" and node.head.lemma_.lower() in SUPPORT_NOUNS and node.head.dep_ == "pobj")):
            return True
        node = node.head
    return False


def _within_temporal(tok: Token, verb: Token, triggers) -> bool:
    """Is the token inside a phrase of time below the verb ("shortly after Trump's announcement", "only minutes
    before Trump's tweet")? Not when it is a party to an event noun there ("speaking after a meeting with Theresa
    May": the meeting was with her)."""
    node = tok
    party = False
    for _ in range(12):
        if node.head == node or node == verb:
            return False
        if node.dep_ == "prep" and node.lower_ in ("with", "between") and triggers.noun_senses(noun_key(node.head)):
            party = True
        if node.dep_ in ("prep", "mark") and node.lower_ in TEMPORAL_PREPS:
            return not party
        node = node.head
    return False


def _locative_of(tok: Token, verb: Token) -> bool:
    """Is the token inside a locative phrase of the verb itself ("held talks at a hotel on Singapore's island",
    "met in Brussels": where, not with whom), rather than of a noun in its object ("recognised the republics in
    eastern Ukraine")?"""
    node = tok
    for _ in range(12):
        if node.head == node or node == verb:
            return False
        if node.dep_ == "prep" and node.lower_ in LOCATIVE_PREPS and node.head == verb:
            return True
        node = node.head
    return False


_CLAUSE_DEPS = {"ccomp", "advcl", "relcl", "parataxis", "csubj", "csubjpass"}


def in_own_phrase(tok: Token, verb: Token) -> bool:
    """Is ``tok`` inside ``verb``'s own phrase (its objects, prepositional phrases and their nominal modifiers),
    not inside a clause of its own that the verb governs ("warned that Isis will …") or that modifies a noun?"""
    node = tok
    for _ in range(30):
        if node == verb:
            return True
        if any(c.dep_ == "mark" and c.lower_ == "for" for c in node.children):
            pass  # "called for senior generals to be tried": the clause is the verb's object
        elif node.dep_ in _CLAUSE_DEPS or (node != tok and node.pos_ in ("VERB", "AUX")
                                           and node.dep_ not in ("acl", "xcomp")):
            return False  # (a participle modifying the object is part of it: "foreigners suspected of being …",
            # and so is an infinitive sharing the subject: "considering sending aid to North Korea")
        if node.head == node:
            return False
        node = node.head
    return False


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
