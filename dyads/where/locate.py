"""Choose where an event happened, on a spaCy parse.

In order:
  1. a place governed by the trigger: in a locative prepositional phrase ("in", "at", "near", "outside", …) attached
     to the trigger, its clause's verb, their objects or subject, or the clause that the trigger's clause modifies
     ("Shelling hit a bus in Donetsk, *killing* 8"); within a phrase the nearest place in the tree wins, and the
     narrower one at the same depth ("in Iraq's Nineveh province" → Nineveh); a place compounded with an event noun
     ("the Baghdad bombing") counts too;
  2. else a place anywhere in the sentence that does not name an actor: not a subject or object ("Moscow said",
     "Russia attacked Ukraine"), not the country of a "from" phrase, not inside the subject of a speech verb
     ("…, the ministry in Ankara said");
  3. else the article's dateline ("MOSCOW —", "KYIV, Feb 24 (Reuters) -") at the start of one of its first lines
     (after the title, or after a headline the cleaner separated from it).

Homonyms are decided by the countries that the sentence, then the article, mentions (places, and actors when the
coder passes its mentions), and by an explicit qualifier ("Paris, Texas"); else by population.

The document is scanned once (one Aho–Corasick pass); ``Locator.places`` caches the result on the Doc.
"""
from __future__ import annotations

import bisect

import re
from collections import Counter
from dataclasses import dataclass, field

import numpy
from spacy.attrs import SENT_START
from spacy.tokens import Doc, Span, Token

from dyads.model import Place
from dyads.where.gazetteer import KIND_RANK, Candidate, Entry, Gazetteer, PlaceMatch, default_gazetteer

LOCATIVE_PREPS = {"in", "at", "near", "outside", "across", "into", "inside", "around", "throughout", "within",
                  "along", "off", "over", "on", "onto", "nearby", "beside", "behind", "through", "towards", "toward",
                  "between", "beyond", "outskirts", "among", "amid", "under", "to"}
PLACE_NOUNS = {"city", "town", "village", "province", "district", "region", "governorate", "area", "suburb",
               "neighbourhood", "neighborhood", "camp", "capital", "port", "county", "state", "municipality",
               "commune", "locality", "localities", "quarter", "outskirts", "countryside", "island", "islands",
               "towns", "villages", "cities", "districts", "provinces", "enclave", "valley"}
PLACE_WORDS = {"city", "province", "governorate", "district", "region", "state", "oblast", "valley", "strip",
               "county", "town", "countryside", "suburb", "suburbs", "island", "islands", "airport", "border"}
GEO_LABELS = {"GPE", "LOC", "FAC"}
NAME_LABELS = {"PERSON", "ORG", "WORK_OF_ART", "EVENT", "PRODUCT", "LAW", "LANGUAGE", "NORP"}
ARGUMENT_DEPS = {"nsubj", "nsubjpass", "dobj", "obj", "dative", "poss", "agent", "attr"}
# clauses inside a phrase that name places of their own
CLAUSE_DEPS = {"relcl", "ccomp", "advcl", "parataxis", "acl", "conj", "cc", "appos"}
SPEECH_VERBS = {"say", "tell", "report", "announce", "add", "claim", "state", "confirm", "deny", "quote", "cite",
                "note", "warn", "write", "insist", "explain", "accuse", "allege", "argue", "declare"}
# nouns that a place compounded with names an actor, not a location ("the Baghdad government")
ACTOR_HEADS = {"government", "authorities", "authority", "official", "officials", "regime", "administration",
               "ministry", "minister", "leader", "leaders", "president", "spokesman", "spokeswoman", "army",
               "military", "police", "forces", "force", "troops", "embassy", "envoy", "ambassador", "delegation",
               "parliament", "council", "court", "media", "newspaper", "agency", "television", "radio", "team",
               "chief", "governor", "mayor", "representative", "side", "counterpart", "premier"}


@dataclass
class Resolved:
    """A place name accepted in a document, with the candidate chosen for it."""

    match: PlaceMatch
    entry: Entry
    tokens: range  # token indices in the Doc
    sentence: int  # index of its sentence in doc.sents order (by start token)
    qualifier_of: int | None = None  # "Texas" in "Paris, Texas" qualifies the place before it

    @property
    def root(self) -> int:
        return self.tokens[-1]


@dataclass
class Located:
    """The chosen location of an event, with where its name is in the text and how it was chosen."""

    place: Place
    entry: Entry
    start: int | None  # character offsets in the Doc's text (None for a dateline outside the Doc)
    end: int | None
    text: str
    how: str  # governed | sentence | dateline


@dataclass
class DocPlaces:
    """The places of one document, found in one pass, with the context that decides homonyms."""

    resolved: list[Resolved] = field(default_factory=list)
    by_token: dict[int, Resolved] = field(default_factory=dict)
    dateline: Located | None = None
    article_countries: Counter = field(default_factory=Counter)
    _starts: list[int] | None = field(default=None, repr=False)  # match starts of ``resolved``, sorted

    def within(self, start: int, end: int) -> list[Resolved]:
        """The resolved places whose match lies in the characters [start, end): found by bisection, so locating
        every event of a long article does not scan every place of it each time."""
        if self._starts is None or len(self._starts) != len(self.resolved):
            self.resolved.sort(key=lambda r: r.match.start)
            self._starts = [r.match.start for r in self.resolved]
        lo = bisect.bisect_left(self._starts, start)
        hi = bisect.bisect_left(self._starts, end)
        return [r for r in self.resolved[lo:hi] if r.match.end <= end]


class Locator:
    def __init__(self, gazetteer: Gazetteer | None = None, dateline: bool = True, sentence_fallback: bool = True,
                 fallback: str = "clause"):
        """``fallback``: which places of the sentence step 2 may take: "any", "clause" (in the event's reported
        clause, not across "X said"; the default), "locative" (objects of a locative preposition), "both"."""
        self.gazetteer = gazetteer or default_gazetteer()
        self.use_dateline = dateline
        self.sentence_fallback = sentence_fallback
        self.fallback_mode = fallback

    # ---- documents --------------------------------------------------------------------------------------------
    def places(self, doc: Doc, mentions=None) -> DocPlaces:
        """The document's places (cached on the Doc). ``mentions``: the actor coder's DocContext, whose countries
        ("Lebanese troops") help decide homonyms."""
        key = ("dyads.where", id(self))
        cached = doc.user_data.get(key)
        if cached is not None:
            return cached
        dp = self._places(doc, mentions)
        doc.user_data[key] = dp
        return dp

    def _places(self, doc: Doc, mentions) -> DocPlaces:
        dp = DocPlaces()
        text = doc.text  # Doc.text joins every token anew on each access: read it once
        sent_of = _sentence_numbers(doc)  # (t.sent per token is quadratic)
        ent_of = {t: e for e in doc.ents for t in range(e.start, e.end)}
        accepted: list[tuple[PlaceMatch, Span]] = []
        adjective_countries: list[tuple[int, str]] = []
        for m in self.gazetteer.find(text, mentions=True):
            span = doc.char_span(m.start, m.end, alignment_mode="expand")
            if m.candidates[0].entry.kind == "mention":
                if span is not None and len(span) and m.candidates[0].entry.country:
                    adjective_countries.append((span.start, m.candidates[0].entry.country))
                continue
            if span is None or len(span) == 0 or not _accept(span, m, ent_of.get(span.start)):
                continue
            accepted.append((m, span))
        # qualifiers: "Paris, Texas", "Tripoli, Lebanon", "Kyiv, Ukraine"
        qualifies: dict[int, int] = {}
        for k in range(len(accepted) - 1):
            (m1, _), (m2, _) = accepted[k], accepted[k + 1]
            between = text[m1.end:m2.start]
            if between.strip() not in (",",) or len(between) > 3:
                continue
            narrowed = [c for c in m1.candidates if any(_within(c.entry, q.entry) for q in m2.candidates)]
            if narrowed:
                m1.candidates = narrowed
                m2.candidates = [q for q in m2.candidates if any(_within(c.entry, q.entry) for c in narrowed)] \
                    or m2.candidates
                qualifies[k + 1] = k
        # context: countries each sentence names unambiguously, and the actors' countries
        sent_countries: dict[int, Counter] = {}
        for k, (m, span) in enumerate(accepted):
            cs = m.countries
            if len(cs) == 1 or m.candidates[0].entry.kind == "country":
                c = m.candidates[0].entry.country
                if c:
                    sent_countries.setdefault(sent_of[span.start], Counter())[c] += 1
        for ti, country in adjective_countries:
            sent_countries.setdefault(sent_of[ti], Counter())[country] += 1
        if mentions is not None:
            seen = set()
            for ti, am in getattr(mentions, "by_token", {}).items():
                if id(am) in seen:
                    continue
                seen.add(id(am))
                country = getattr(am.phrase.entity, "country", None)
                if country:
                    sent_countries.setdefault(sent_of[ti], Counter())[country] += 1
        for counter in sent_countries.values():
            dp.article_countries.update(counter)
        for k, (m, span) in enumerate(accepted):
            si = sent_of[span.start]
            entry = _choose(m.candidates, sent_countries.get(si, Counter()), dp.article_countries)
            r = Resolved(m, entry, range(span.start, span.end), si, qualifier_of=qualifies.get(k))
            dp.resolved.append(r)
            for ti in r.tokens:
                dp.by_token[ti] = r
        if self.use_dateline:
            dp.dateline = self._dateline(text, dp.article_countries)
        return dp

    # ---- events -----------------------------------------------------------------------------------------------
    def locate(self, trigger: Token, verb: Token | None = None, sentence: Span | None = None,
               places: DocPlaces | None = None) -> Place | None:
        """Where the event carried by ``trigger`` (clause verb ``verb``) happened, or None."""
        found = self.locate_match(trigger, verb, sentence, places)
        return found.place if found else None

    def locate_match(self, trigger: Token, verb: Token | None = None, sentence: Span | None = None,
                     places: DocPlaces | None = None) -> Located | None:
        verb = verb if verb is not None else trigger
        sentence = sentence if sentence is not None else trigger.sent
        places = places if places is not None else self.places(trigger.doc)
        r = self._governed(trigger, verb, places)
        how = "governed"
        if r is None and self.sentence_fallback:
            r = self._in_sentence(trigger, verb, sentence, places)
            how = "sentence"
        if r is not None:
            return Located(r.entry.place, r.entry, r.match.start, r.match.end, r.match.text, how)
        return places.dateline

    def _governed(self, trigger: Token, verb: Token, places: DocPlaces) -> Resolved | None:
        if not places.resolved:
            return None
        heads: list[tuple[int, Token]] = [(0, trigger), (0, verb)]
        for h in (trigger, verb):
            for c in h.children:
                if c.dep_ in ("dobj", "obj", "nsubjpass", "attr", "dative"):
                    heads.append((1, c))
            for c in h.children:
                if c.dep_ in ("nsubj",):
                    heads.append((2, c))
                elif c.dep_ in ("prep", "agent") and c.lower_ not in LOCATIVE_PREPS:
                    # "clashed with rebels in Syria", "hit by a bomb in Nineveh"
                    heads += [(2, g) for g in c.children if g.dep_ == "pobj"]
                elif c.dep_ == "advcl" and h is verb:
                    heads.append((3, c))  # "killed when their vehicle was hit … in Nineveh"
        node = verb
        for _ in range(2):  # "…hit a bus in Donetsk, killing 8": the clause the trigger's clause modifies
            if node.dep_ in ("advcl", "conj", "xcomp") and node.head is not node:
                node = node.head
                heads.append((3, node))
                heads += [(4, c) for c in node.children if c.dep_ in ("dobj", "obj", "nsubjpass")]
            else:
                break
        best: tuple | None = None
        seen: set[int] = set()
        for rank, head in heads:
            if head.i in seen:
                continue
            seen.add(head.i)
            for c in head.children:
                found = None
                if c.dep_ in ("prep", "advmod", "npadvmod") and c.lower_ in LOCATIVE_PREPS:
                    pobjs = [g for g in c.children if g.dep_ in ("pobj", "pcomp")]
                    # "outside of", "near to": a second preposition
                    for g in c.children:
                        if g.dep_ == "prep":
                            pobjs += [x for x in g.children if x.dep_ == "pobj"]
                    for p in pobjs:
                        found = _nearest(p, places, trigger)
                        if found is not None:
                            break
                elif c.dep_ in ("compound", "nmod", "npadvmod") and head is trigger and c.i in places.by_token:
                    found = (0, places.by_token[c.i])
                elif c.dep_ == "pobj" and head.dep_ == "prep":
                    continue
                if found is not None:
                    depth, r = found
                    score = (rank, depth, KIND_RANK.get(r.entry.kind, 1), abs(r.root - trigger.i))
                    if best is None or score < best[0]:
                        best = (score, r)
        return best[1] if best else None

    def _in_sentence(self, trigger: Token, verb: Token, sentence: Span, places: DocPlaces) -> Resolved | None:
        best: tuple | None = None
        for r in places.within(sentence.start_char, sentence.end_char):
            if r.qualifier_of is not None:
                continue
            tok = trigger.doc[r.root]
            if _names_actor(tok, places):
                continue
            if tok.dep_ == "compound" and tok.head.pos_ == "NOUN":
                continue  # "the Minsk agreements", "the Astana talks": a name for a thing, not a place of the event
            prep = _governing_prep(tok)
            if prep == "from" or (prep == "of" and _is_actor_of(tok)):
                continue
            if _in_speaker(tok, verb):
                continue
            locative = prep in LOCATIVE_PREPS
            if self.fallback_mode in ("locative", "both") and not locative:
                continue
            if self.fallback_mode in ("clause", "both") and not _same_clause(tok, verb):
                continue
            score = (0 if locative else 1, abs(tok.i - trigger.i))
            if best is None or score < best[0]:
                best = (score, r)
        return best[1] if best else None

    # ---- datelines ----------------------------------------------------------------------------------------------
    def dateline_place(self, text: str) -> Place | None:
        found = self._dateline(text, Counter())
        return found.place if found else None

    def _dateline(self, text: str, context: Counter) -> Located | None:
        """The dateline at the start of one of the text's first lines (a title, or a headline that the cleaner
        put on a line of its own, may stand before it)."""
        start = 0
        for _ in range(DATELINE_LINES):
            found = self._dateline_at(text, start, context)
            if found is not None:
                return found
            start = text.find("\n", start)
            while 0 <= start < len(text) and text[start].isspace():
                start += 1
            if start < 0 or start >= min(len(text), DATELINE_HEAD):
                return None
        return None

    def _dateline_at(self, text: str, pos: int, context: Counter) -> Located | None:
        m = _DATELINE.match(text, pos)
        if not m:
            return None
        head = m.group("head")
        offset = m.start("head")
        parts = [p.strip() for p in head.split(",")]
        first = parts[0]
        if not first or len(first) > 40 or not (first.isupper() or all(w[:1].isupper() for w in first.split())):
            return None
        matches = self.gazetteer.find(head)
        if not matches or matches[0].start != 0 or matches[0].end < len(first):
            return None
        m0 = matches[0]
        cands = m0.candidates
        if len(matches) > 1 and head[m0.end:matches[1].start].strip() == ",":
            narrowed = [c for c in cands if any(_within(c.entry, q.entry) for q in matches[1].candidates)]
            cands = narrowed or cands
        entry = _choose(cands, Counter(), context)
        return Located(entry.place, entry, offset + m0.start, offset + m0.end, m0.text, "dateline")


# a dateline starts one of the first lines of the text, within its first characters
DATELINE_LINES = 3
DATELINE_HEAD = 600
# "MOSCOW —", "KYIV, Feb 24 (Reuters) -", "GAZA CITY, Gaza Strip (AP) —", "Beirut, Lebanon -- "
_DATELINE = re.compile(
    r"\s*(?P<head>[A-Z][A-Za-z.'’\- ]{1,40}(?:,\s*[A-Z][A-Za-z.'’\- ]{1,30})?)"
    r"(?:,?\s*(?:[A-Z][a-z]{2,8}\.?\s+\d{1,2}|\d{1,2}\s+[A-Z][a-z]{2,8}\.?))?(?:,?\s*\d{4})?"
    r"\s*(?:\([A-Za-z.\- ]{1,30}\))?\s*(?:—|–|--|-(?=\s)|:)\s")


# ---- helpers ------------------------------------------------------------------------------------------------------
def _sentence_numbers(doc: Doc) -> list[int]:
    """Each token's sentence, numbered in ``doc.sents`` order: a sentence starts at the first token and wherever the
    parser set a sentence start (what ``doc.sents`` does), counted with numpy instead of one Span per sentence."""
    if not len(doc):
        return []
    starts = doc.to_array(SENT_START).astype(numpy.int64) == 1
    starts[0] = False
    return numpy.cumsum(starts).tolist()


def _within(entry: Entry, container: Entry) -> bool:
    """``entry`` lies in ``container`` (a country, a US state, or a region of the same country)."""
    if container.kind == "state":
        return entry.country == container.country and entry.admin1 == container.admin1 and entry is not container
    if container.kind in ("country", "region", "territory"):
        return entry.country is not None and entry.country == container.country and entry is not container
    return False


def _choose(cands: list[Candidate], sentence: Counter, article: Counter) -> Entry:
    """Context decides between homonyms of comparable prominence (Tripoli, Libya or Lebanon); it does not turn a
    world city into a village that shares its name (New York, and the Ukrainian town called New York)."""
    best, best_score = cands[0].entry, None
    top_population = max((c.entry.population for c in cands), default=0)
    for c in cands:
        score = c.prior
        minor = c.entry.kind == "city" and top_population > 0 and c.entry.population * 100 < top_population
        if c.entry.country and len({x.entry.country for x in cands}) > 1 and not minor:
            score += 3.0 * bool(sentence.get(c.entry.country)) + 1.5 * bool(article.get(c.entry.country))
        if best_score is None or score > best_score:
            best, best_score = c.entry, score
    return best


def _accept(span: Span, m: PlaceMatch, ent: Span | None) -> bool:
    """Whether a gazetteer hit is a place name here: not part of a person's or an organisation's name, and a proper
    noun (or tagged as a place by the NER). ``ent``: the named entity the hit starts in, if any."""
    strong = m.candidates[0].entry.kind in ("country", "state") or m.candidates[0].entry.source == "dyads"
    if ent is not None:
        if ent.label_ in GEO_LABELS:
            return True
        if ent.label_ in NAME_LABELS:
            longer = ent.start < span.start or ent.end > span.end
            if longer and not (ent.label_ == "ORG" and _geo_org(ent, span)):
                return False
            # the small model often tags a city as a nationality ("Aleppo" as NORP): a large city is still one
            big = m.candidates[0].entry.kind == "city" and m.candidates[0].entry.population >= 100_000
            if not strong and (ent.label_ == "PERSON" or (ent.label_ == "NORP" and not big)):
                return False
    last = span[-1]
    if span.end < len(span.doc):
        nxt = span.doc[span.end]
        if (nxt.pos_ == "PROPN" and nxt.lower_ not in PLACE_WORDS and last.head == nxt
                and last.dep_ in ("compound", "nmod") and not (ent is not None and ent.label_ in GEO_LABELS)):
            return False  # a longer proper name that starts with a place name ("San Andreas", "Washington Post")
    words = [t for t in span if t.is_alpha]
    if words and all(t.pos_ == "PROPN" for t in words):
        return True
    return bool(words) and strong and all(t.pos_ in ("PROPN", "NOUN", "ADJ") for t in words) \
        and words[-1].pos_ != "ADJ"


def _geo_org(ent: Span, span: Span) -> bool:
    """An ORG entity that is really a place phrase: "Aleppo province", "Gaza City"."""
    rest = [t.lower_ for t in ent if t.i < span.start or t.i >= span.end]
    return bool(rest) and all(w in ("province", "governorate", "city", "region", "district", "state", "the")
                              for w in rest)


def _nearest(pobj: Token, places: DocPlaces, trigger: Token) -> tuple[int, Resolved] | None:
    """The place nearest to ``pobj`` in its phrase (breadth first, clauses excluded), with its depth."""
    frontier = [pobj]
    depth = 0
    while frontier and depth < 5:
        here = [places.by_token[t.i] for t in frontier if t.i in places.by_token]
        here = [r for r in here if r.qualifier_of is None]
        if here:
            here.sort(key=lambda r: (KIND_RANK.get(r.entry.kind, 1), abs(r.root - trigger.i)))
            return depth, here[0]
        nxt = []
        # "the West Bank city of Nablus", "the village of Sousan": the named place is the phrase's own level
        same = [g for t in frontier if t.lower_ in PLACE_NOUNS for c in t.children
                if c.dep_ == "prep" and c.lower_ == "of" for g in c.children if g.dep_ == "pobj"]
        here = [places.by_token[g.i] for g in same if g.i in places.by_token]
        if here:
            return depth, here[0]
        for t in frontier:
            for c in t.children:
                if c.dep_ in CLAUSE_DEPS and not (c.dep_ == "appos" and depth == 0):
                    continue
                if c.dep_ == "prep" and c.lower_ in ("from", "by", "with", "for", "against"):
                    continue
                nxt.append(c)
        frontier = nxt
        depth += 1
    return None


def _governing_prep(tok: Token) -> str | None:
    node = tok
    for _ in range(4):
        if node.dep_ in ("pobj", "pcomp"):
            return node.head.lower_
        if node.dep_ in ("compound", "amod", "nmod", "poss", "appos", "conj", "det") and node.head is not node:
            node = node.head
            continue
        return None
    return None


def _is_actor_of(tok: Token) -> bool:
    """"the president of Syria", "the army of Iraq": the place names the actor of an "of" phrase."""
    head = tok.head.head if tok.dep_ == "pobj" else None
    return head is not None and head.lower_ in ACTOR_HEADS


def _names_actor(tok: Token, places: DocPlaces) -> bool:
    """The place is an argument of a verb (an actor: "Moscow said", "Russia attacked Ukraine") or names one
    ("the Baghdad government")."""
    node = tok
    while node.dep_ in ("compound", "flat") and node.head is not node and node.head.i in places.by_token \
            and places.by_token[node.head.i] is places.by_token[tok.i]:
        node = node.head
    if node.dep_ in ARGUMENT_DEPS:
        return True
    if node.dep_ in ("compound", "amod", "nmod") and node.head.lower_ in ACTOR_HEADS:
        return True
    if node.dep_ == "conj":
        first = node
        while first.dep_ == "conj" and first.head is not first:
            first = first.head
        return first.dep_ in ARGUMENT_DEPS
    return False


def _clause_root(tok: Token) -> Token:
    node = tok
    for _ in range(40):
        if node.head is node or node.dep_ in ("ccomp", "parataxis", "relcl"):
            return node
        node = node.head
    return node


def _same_clause(tok: Token, verb: Token) -> bool:
    """The place and the event's verb belong to the same reported clause (not across "X said")."""
    return _clause_root(tok) == _clause_root(verb)


def _in_speaker(tok: Token, verb: Token) -> bool:
    """Inside the subject of a speech verb other than the event's own ("…, the ministry in Ankara said")."""
    node = tok
    for _ in range(12):
        if node.head is node:
            return False
        if node.dep_ in ("nsubj", "nsubjpass") and node.head.lemma_.lower() in SPEECH_VERBS and node.head != verb:
            return True
        node = node.head
    return False


# ---- module-level conveniences ---------------------------------------------------------------------------------------
_DEFAULT: Locator | None = None


def default_locator() -> Locator:
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = Locator()
    return _DEFAULT


def locate(trigger: Token, verb: Token | None = None, sentence: Span | None = None,
           places: DocPlaces | None = None) -> Place | None:
    """Where the event carried by ``trigger`` happened (see the module docstring), with the default gazetteer."""
    return default_locator().locate(trigger, verb, sentence, places)


def dateline_place(text: str) -> Place | None:
    """The place of an article's dateline ("MOSCOW —", "KYIV, Feb 24 (Reuters) -"), or None."""
    return default_locator().dateline_place(text)
