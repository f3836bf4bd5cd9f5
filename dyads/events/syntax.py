"""Dependency-parse helpers every stage of the coder shares: subjects, objects, prepositional objects,
conjuncts, clause bounds, and how a noun or an object matches a dictionary key. Pure functions of spaCy tokens."""
from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from dyads.actors.resolve import unhedged
from dyads.events.patterns import Sense

SUBJECTS = ("nsubj", "csubj")
PASSIVE_SUBJECTS = ("nsubjpass", "csubjpass")
OBJECTS = ("dobj", "obj")
# prepositions that attach a party to an act ("ties with X", "talks between X and Y", "an attack by X", "aid to
# X"), unlike those of place and time ("in", "at", "near", "during")
LOCATIVE_PREPS = {"in", "at", "near", "inside", "outside", "within", "across", "throughout", "around"}
RELATIONAL_PREPS = {"with", "between", "of", "against", "to", "toward", "towards", "by", "on", "upon", "for",
                    "among", "over"}
# prepositions of time: a name in their phrase dates the act ("warned shortly after Trump's announcement", "minutes
# before Trump's tweet"), it is not done to anyone in it
TEMPORAL_PREPS = {"after", "before", "since", "during", "until", "till", "following", "amid", "ahead", "prior"}


def sentences_of(doc: Doc) -> list[Span]:
    """The article's sentences as dyads numbers them: spaCy's sentences that hold more than whitespace."""
    return [s for s in doc.sents if s.text.strip()]


def is_passive(verb: Token) -> bool:
    return any(c.dep_ in PASSIVE_SUBJECTS or c.dep_ == "auxpass" for c in verb.children)


def direct_object(verb: Token) -> Token | None:
    for c in verb.children:
        if c.dep_ in OBJECTS:
            return c
    for c in verb.children:
        if c.dep_ in PASSIVE_SUBJECTS:
            return c
    return None


def clause_bounds(verb: Token, sent: Span) -> tuple[int, int]:
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


def noun_key(tok: Token) -> str:
    """A noun's dictionary key: its lemma, with a hyphenated first part joined on ("cease-fire" → ceasefire)."""
    doc = tok.doc
    if tok.i >= 2 and doc[tok.i - 1].text == "-" and not doc[tok.i - 1].whitespace_ and \
            not doc[tok.i - 2].whitespace_:
        return (doc[tok.i - 2].lower_ + tok.lemma_).lower()
    return tok.lemma_.lower()


def object_fits(sense: Sense, obj: Token) -> bool:
    if not sense.objects:
        return True
    lemma = obj.lemma_.lower()
    if lemma in sense.objects or obj.lower_ in sense.objects:
        return True
    if obj.ent_type_ == "MONEY" and "$" in sense.objects:
        return True  # a sum of money ("found almost $550,000") is the object "$" whatever its head token
    # a modified object: "cruise missiles", "humanitarian aid", "tear gas", "nuclear weapons"
    modifiers = [c.lower_ for c in obj.children if c.dep_ in ("compound", "amod") and c.i < obj.i]
    for n in range(min(len(modifiers), 2), 0, -1):
        if " ".join([*modifiers[-n:], lemma]) in sense.objects:
            return True
    return False


def subjects_of(verb: Token) -> list[Token]:
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
        elif hung_on_subject(node):
            return [node.head]  # a past tense the parser hung on the subject: "The air force [ROOT] carried out …"
        else:
            return []
    return []


def hung_on_subject(verb: Token) -> bool:
    """A clause's past-tense verb the parser hung on its subject as a participle: "The air force [ROOT] carried out
    strikes", "Israeli airstrikes killed 20 people in Rafah, the ministry [nsubj of said] said" (the noun is the
    root, or a second subject of a verb that has its own after it); its object shows it is no passive modifier."""
    head = verb.head
    if verb.dep_ != "acl" or head.pos_ not in ("NOUN", "PROPN") or head.i > verb.i:
        return False
    if not (verb.tag_ == "VBD" or any(c.dep_ in ("dobj", "prt") for c in verb.children)):
        return False
    if head.dep_ == "ROOT":
        return True
    return head.dep_ == "nsubj" and any(c.dep_ == "nsubj" and c.i > verb.i for c in head.head.children)


def agents_of(verb: Token) -> list[Token]:
    """The "by" agents of a passive verb or participle: "strikes carried out by Israel" → Israel."""
    return [g for c in verb.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]


def prep_objects(heads: list[Token], preps: tuple[str, ...]) -> list[Token]:
    if not preps:
        return []
    out = []
    for head in heads:
        for c in head.children:
            if c.dep_ in ("prep", "dative") and c.lower_ in preps:
                # not "in support of the ground forces", "on behalf of the government": whom the act helps
                out += [g for g in c.children if g.dep_ == "pobj" and not (
                    c.lower_ in ("in", "on") and g.lemma_.lower() in SUPPORT_NOUNS)]
        if out:
            break
    return with_conjuncts(out)


# nouns of a phrase naming whom an act helps: "in support of", "on behalf of", "in aid of", "in defence of"
SUPPORT_NOUNS = frozenset({"support", "behalf", "aid", "defence", "defense", "solidarity"})


def with_conjuncts(tokens: list[Token]) -> list[Token]:
    """Each token with its conjuncts, but not the members a hedge makes a guess ("by the CIA and possibly MI5 and
    MI6", "France, Germany and perhaps Italy": the CIA; France and Germany)."""
    out: list[Token] = []
    for t in tokens:
        for x in unhedged(t):
            if x not in out:
                out.append(x)
    return out


def antecedent(tok: Token) -> Token:
    """A relative pronoun stands for the noun its clause modifies ("the prince, whom Turkey accuses …")."""
    if tok.tag_ in ("WP", "WDT") and tok.head.dep_ == "relcl":
        return tok.head.head
    return tok


def trigger_words(verb: Token, obj: Token) -> list[Token]:
    if obj.i == verb.i:
        return [verb]
    if 0 < obj.i - verb.i <= 3:
        return list(verb.doc[verb.i:obj.i + 1])
    doc = obj.doc
    start = obj.i - 2 if noun_key(obj) != obj.lemma_.lower() else obj.i  # "cease-fire" whole
    return sorted([verb, *doc[start:obj.i + 1]], key=lambda t: t.i)
