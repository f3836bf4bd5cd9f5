"""Factuality: does the clause around a trigger report an act that happened (or is announced), and as what?

Walking from the trigger's verb up through infinitives, complements and coordination, a negation, a hypothetical
modal or a condition blocks it; the first modal head gives its class ("wants to meet" → intent, "urged X to" →
appeal, "threatened to" → threat, "refused to" → refusal), and the future tense marks an announcement. Only what
survives becomes an event, and only as its CAMEO counterpart when a head turned it into one.
"""
from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Token

from dyads.events.syntax import hung_on_subject
from dyads.events.patterns import Modality
from dyads.events.triggers import Trigger
from dyads.ontology import code_or_stand_in


@dataclass
class Frame:
    """How the clause around a trigger frames it: not a fact at all (negated, hypothetical, conditional), or turned
    into another event by a head ("wants to meet" → intent to meet), or announced for the future."""

    blocked: bool = False
    klass: str | None = None  # a modal_heads class of modality.yaml, or "future"
    head: Token | None = None  # the head verb that gives the class
    imminent: bool = False  # "is about to …": coded as the act, with less confidence
    # where the trigger stands: asserted | reported (complement of a speech verb) | purpose (an infinitive of
    # purpose) | document (a participle of a statement or report: "a statement condemning …") | relative (an object
    # relative clause: "whom Turkey accuses of …") | subject / governed (an event noun a verb reports) | question;
    # for blocked frames: negated | hypothetical | conditional | background | description (a relative clause or
    # participle describing an actor: "forces backing Assad") | mention (an event noun no verb reports) | standing (a
    # standing relation in the simple present: "the regime is sponsored by Iran")
    clause: str = "asserted"

    @property
    def future(self) -> bool:
        return self.klass == "future"


class Factuality:
    def __init__(self, modality: Modality):
        self.modality = modality

    def frame(self, trig: Trigger, headline: bool = False) -> Frame:
        """Walk from the trigger's verb up through infinitives, complements and coordination: a negation,
        hypothetical modal or condition on the way blocks it; the first modal head gives its class."""
        m = self.modality
        node = trig.verb
        frame = Frame()
        claimed = set(trig.surface.words) if trig.surface is not None else set()  # "did n't * over efforts"
        if trig.nominal:
            # an event noun is as factual as the verb that reports it: "strikes killed 12" (asserted), "an assault
            # could lead to …" (hypothetical), "designed to prevent an attack" (prevented); with no verb above it
            # it is only mentioned ("the Syrian war")
            governor = governing_verb(trig.token)
            if trig.token.dep_ == "pobj" and trig.token.head.lower_ == "throughout":
                # "at odds throughout the US partnership with the Kurds", "throughout the war": the span of time
                # something else happened in, not an act the sentence reports
                return Frame(blocked=True, clause="background")
            if governor is None:
                # a headline reports with nouns ("EU sanctions on Russia", "Russian strikes on Idlib"); in the body
                # a noun no verb reports is only mentioned ("the Syrian war")
                return Frame(clause="headline") if headline else Frame(blocked=True, clause="mention")
            if governor.pos_ == "ADJ" or governor.lemma_.lower() in m.preventive_heads:
                return Frame(blocked=True, clause="hypothetical")  # "safe from attack", "to avert a war"
            if supposed_subject(trig.token, governor, m):
                return Frame(blocked=True, clause="hypothetical")  # "a US withdrawal would hand Iran the region"
            node = governor
        if trig.token != trig.verb and not trig.nominal:  # "planning strikes": the verb itself may be the head
            klass = self.head_class(trig.verb)
            if klass is not None:
                frame = Frame(klass=klass, head=trig.verb)
        conjoined = conditioned = False
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
                    return Frame(blocked=True, clause="negated")
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
                    return Frame(blocked=True, clause="hypothetical")  # ("cannot" is read at its negation)
                if c.dep_ == "mark" and c.lower_ in m.conditional_marks:
                    return Frame(blocked=True, clause="conditional")
                if c.dep_ == "advcl" and not conjoined and any(
                        g.dep_ == "mark" and g.lower_ in m.conditional_marks for g in c.children):
                    conditioned = True  # "they would welcome a takeover if it meant …": the consequence of a condition
                if c.dep_ == "mark" and c.lower_ in m.condition_marks_present and node.tag_ in ("VBZ", "VBP"):
                    return Frame(blocked=True, clause="conditional")  # "will not lift the ban until the EU …"
                if c.dep_ == "aux" and c.lower_ in m.future_modals and frame.klass is None:
                    frame = Frame(klass="future", head=None, imminent=frame.imminent)
            if node.dep_ in ("advcl", "pcomp") and background(node, m):
                return Frame(blocked=True, clause="background")  # "five years after crowds burned its embassy"
            if not conjoined and recalled(node, m):
                # "had previously backed the YPG", "Trump has called for a withdrawal before"
                return Frame(blocked=True, clause="background")
            # an infinitive the parser hung as an adverbial clause of a modal head ("calls on X to release …") or
            # on a modal noun ("the government's plans to impose restrictions")
            to_clause = node.dep_ in ("advcl", "acl") and any(c.dep_ == "aux" and c.lower_ == "to"
                                                               for c in node.children) \
                and self.head_class(node.head) is not None
            if (node.dep_ == "xcomp" and node.head.lemma_.lower() in ("be", "have")
                    and any(c.dep_ == "advmod" and c.lower_ == "yet" for c in node.head.children)):
                return Frame(blocked=True, clause="negated")  # "Turkey is yet to offer", "has yet to recognise"
            if (node.dep_ in ("xcomp", "ccomp", "pcomp") or to_clause) and node.head != node:
                head = node.head
                if head.dep_ == "prep" and head.head != head:  # "accused Iran of attacking", "ruled out engaging"
                    head = head.head
                klass = self.head_class(head)
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
                    return Frame(blocked=True, clause="hypothetical")
                if node.dep_ == "ccomp" and head.lemma_.lower() in m.speech_verbs:
                    frame.clause = "reported"  # the clause is coded, with the speaker as attribution
                    break
                node = head
                continue
            if node.dep_ == "conj" and node.head != node:
                node = node.head
                conjoined = True  # a conjunct's own time is its own: "previously sent aid, and now sends arms"
                continue
            break
        if conditioned and frame.klass in (None, "future") and code_or_stand_in(trig.sense.code).quad_class <= 3:
            # the consequence of a condition is no act, and no announcement of one, unless it is force: "will strike
            # if attacked" announces a threat, "would welcome a takeover if …" announces nothing
            return Frame(blocked=True, clause="conditional")
        if frame.klass is None and habitual(trig, m):
            # the simple present with an adverb of frequency describes a habit: "he still talks to the president
            # frequently", "police often detain activists" (no particular act is reported)
            return Frame(blocked=True, clause="habitual")
        if frame.clause == "asserted":
            frame.clause = self.clause(trig)
            if frame.clause == "asserted" and not headline and frame.klass is None and standing_present(trig, m):
                # a standing relation in the simple present describes how things are, not an act the article
                # reports: "the Assad regime is sponsored by Iran and Russia", "it still supports 2 million refugees"
                return Frame(blocked=True, clause="standing")
            if frame.clause == "purpose" and frame.klass is None and purpose_of_act(trig):
                # an infinitive of purpose says what the actor meant to do, not what it did: "met in Moscow to
                # discuss Syria", "sent advisers to support Assad" report the meeting and the sending only (a
                # copula's is the mission itself: "the US is in Syria to defeat Isis"; an announced plan's is part
                # of the plan: "will work with partners to expel …")
                return Frame(blocked=True, clause="purpose")
            if frame.clause == "description" and trig.verb.lemma_.lower() in self.modality.standing_verbs:
                # a standing relation described as an actor's trait is no report of an act: "forces backing
                # Assad", "whose militia have been fighting Isis", "Kurdish forces with whom they have partnered"
                # (an activity described so still is one: "a Kurdish delegation touring Washington")
                return Frame(blocked=True, clause="description")
        return frame

    def clause(self, trig: Trigger) -> str:
        """Where an unblocked trigger stands, when not in reported speech: a question, a description of an actor (a
        relative clause or participle: "the Kurdish-led force battling Isis", "Putin, who has backed Assad"), an
        infinitive of purpose ("gathered in Brussels to pledge"), an event noun no verb reports ("the Syrian
        war"), or an assertion."""
        sent = trig.token.sent
        if sent.text.rstrip().rstrip("\"'”’»").endswith("?"):
            return "question"
        if trig.nominal:
            return "subject" if trig.token.dep_ in ("nsubj", "nsubjpass") else "governed"
        node = trig.verb
        for _ in range(6):
            if node.dep_ in ("relcl", "acl") and node.head.pos_ in ("NOUN", "PROPN", "PRON") and \
                    not hung_on_subject(node):
                if node.head.lemma_.lower() in self.modality.document_nouns:
                    return "document"  # "issued a statement condemning the government": the issuer's act
                if any(c.dep_ in ("dobj", "obj") and c.tag_ in ("WP", "WDT") for c in node.children):
                    return "relative"  # "the prince, whom Turkey accuses of …": the clause's subject acts
                return "description"
            if node.dep_ == "advcl" and any(c.dep_ == "aux" and c.lower_ == "to" for c in node.children):
                return "purpose"
            if node.dep_ not in ("conj", "xcomp") or node.head == node:
                break
            node = node.head
        return "asserted"

    def head_class(self, head: Token) -> str | None:
        lemma = head.lemma_.lower()
        for c in head.children:
            if c.dep_ in ("prt", "prep") and f"{lemma} {c.lower_}" in self.modality.modal_heads:
                return self.modality.modal_heads[f"{lemma} {c.lower_}"]
        return self.modality.modal_heads.get(lemma)



_NOMINAL_LINKS = {"prep", "pobj", "compound", "amod", "conj", "appos", "npadvmod", "nmod", "poss", "dobj", "nsubj",
                  "nsubjpass", "attr", "dative", "oprd", "pcomp"}


def governing_verb(noun: Token) -> Token | None:
    """The verb (or adjective) whose argument phrase an event noun is part of: "strikes [killed]", "[fled] a
    government assault on Idlib", "[safe] from attack"; None when no verb governs it (a title, a list)."""
    node = noun
    for _ in range(8):
        if node.dep_ not in _NOMINAL_LINKS or node.head == node:
            return None
        node = node.head
        if node.pos_ in ("VERB", "AUX") or (node.pos_ == "ADJ" and node.dep_ == "acomp"):
            return node
    return None


_DEFINITE = {"the", "this", "that", "these", "those"}


def supposed_subject(noun: Token, governor: Token, m: Modality) -> bool:
    """An event noun with no definite determiner or possessor as the subject of a predicted consequence ("will",
    "would"): "a US withdrawal would hand Iran the region", "US disengagement will embolden Isis" suppose the act,
    they do not report or announce it ("the agreement will be seen as a success" is about a known act)."""
    if noun.dep_ not in ("nsubj", "nsubjpass") or noun.head != governor:
        return False
    if any(c.dep_ == "poss" or (c.dep_ == "det" and c.lower_ in _DEFINITE) for c in noun.children):
        return False
    return any(c.dep_ == "aux" and (c.lower_ in m.future_modals or c.lower_ == "would") for c in governor.children)


def purpose_of_act(trig: Trigger) -> bool:
    """Is the trigger's infinitive of purpose attached to a verb that reports an act (not to a copula: "is in
    Syria to defeat Isis", "it was possible for Turkey to renege")?"""
    node = trig.verb
    for _ in range(6):
        if node.dep_ == "advcl" and any(c.dep_ == "aux" and c.lower_ == "to" for c in node.children):
            head = node.head
            if head.lemma_.lower() == "be":
                return False
            while True:  # "would use diplomacy and work with partners to expel …": a plan's purpose is planned
                if any(c.dep_ == "aux" and c.tag_ == "MD" for c in head.children):
                    return False
                if head.dep_ != "conj" or head.head == head:
                    return True
                head = head.head
        if node.dep_ not in ("conj", "xcomp") or node.head == node:
            return False
        node = node.head
    return False


def background(clause: Token, m: Modality) -> bool:
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


def habitual(trig: Trigger, m: Modality) -> bool:
    """Is the trigger's verb in the simple present (no auxiliary) with an adverb of frequency?"""
    verb = trig.verb
    if trig.nominal or verb.tag_ not in ("VBZ", "VBP") or any(c.dep_ in ("aux", "auxpass") for c in verb.children):
        return False
    return any(c.dep_ == "advmod" and c.lower_ in m.habitual_adverbs for c in verb.children)


def recalled(verb: Token, m: Modality) -> bool:
    """Does the clause mark its act as earlier than the news: "had previously backed", "formerly supported", or, with
    a perfect, "has called for a withdrawal before"?"""
    adverbs = {c.lower_ for c in verb.children if c.dep_ == "advmod" and not any(c.children)}
    if adverbs & m.background_adverbs:
        return True
    return bool(adverbs & m.experiential_adverbs) and any(
        c.dep_ == "aux" and c.lemma_.lower() == "have" for c in verb.children) and verb.tag_ == "VBN"


def standing_present(trig: Trigger, m: Modality) -> bool:
    """Is the trigger a standing-relation verb ("back", "sponsor", "support") in the simple present, active ("it
    supports") or passive ("is sponsored by")?"""
    verb = trig.verb
    if trig.token != verb or verb.lemma_.lower() not in m.standing_verbs:
        return False
    if verb.tag_ in ("VBZ", "VBP"):
        return not any(c.dep_ in ("aux", "auxpass") for c in verb.children)
    if verb.tag_ == "VBN":
        aux = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
        return bool(aux) and all(c.dep_ == "auxpass" and c.tag_ in ("VBZ", "VBP") for c in aux)
    return False
