"""The trigger dictionary (dyads/data/verbs.yaml) as an index: lemma or "lemma particle" → ordered senses."""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import yaml

from dyads.data import load_yaml
from dyads.events.surface import Pattern
from dyads.ontology import cameo_code, code_or_stand_in


@dataclass(frozen=True)
class Sense:
    code: str
    objects: frozenset[str] = frozenset()  # the direct object's head lemma must be one of these
    target_preps: tuple[str, ...] = ()  # prepositions whose object may be the target
    no_target: bool = False
    pattern: Pattern | None = None  # the words around the verb that select this sense (dyads.events.surface)
    reverse: str | None = None  # the target's act toward the source, coded with it ("left for X": 032 and 033)

    @property
    def specific(self) -> bool:
        return bool(self.objects) or self.pattern is not None


@dataclass(frozen=True)
class Discards:
    """Phrases that put a text out of scope (dyads/data/discards.yaml, or a verb dictionary's ``discards``): a
    sports report's "beat", "attacked" and "defeated" are no political events. A ``story`` phrase drops the whole
    article, a ``sentence`` phrase the sentence; matched as whole words, case-insensitively."""

    story: tuple[str, ...] = ()
    sentence: tuple[str, ...] = ()

    def merged(self, other: "Discards") -> "Discards":
        return Discards(tuple(dict.fromkeys(self.story + other.story)),
                        tuple(dict.fromkeys(self.sentence + other.sentence)))

    def in_story(self, text: str) -> str | None:
        return _first_phrase(self.story, text)

    def in_sentence(self, text: str) -> str | None:
        return _first_phrase(self.sentence, text)


@cache
def _phrase_regex(phrases: tuple[str, ...]) -> re.Pattern | None:
    if not phrases:
        return None
    alts = sorted({r"\s+".join(map(re.escape, p.split())) for p in phrases if p.strip()}, key=len, reverse=True)
    return re.compile(r"(?<!\w)(?:" + "|".join(alts) + r")(?!\w)", re.IGNORECASE)


def _first_phrase(phrases: tuple[str, ...], text: str) -> str | None:
    regex = _phrase_regex(phrases)
    m = regex.search(text) if regex is not None else None
    return m.group(0) if m else None


@dataclass
class TriggerIndex:
    verbs: dict[str, list[Sense]]
    nouns: dict[str, list[Sense]]
    light_verbs: frozenset[str]
    discards: Discards = field(default_factory=Discards)
    head_codes_win: bool = False  # legacy (PETRARCH) dictionaries: a head verb keeps its own code

    @classmethod
    def from_spec(cls, spec: dict, strict: bool = True) -> "TriggerIndex":
        """Index a verbs.yaml-style mapping; ``strict`` rejects codes CAMEO lacks (imported legacy dictionaries
        are loaded with strict=False, for benchmarks)."""
        def senses(table: dict | None) -> dict[str, list[Sense]]:
            out: dict[str, list[Sense]] = {}
            for key, items in (table or {}).items():
                if isinstance(items, (str, int)):
                    items = [{"code": items}]
                parsed = []
                for item in items or ():
                    code = str(item["code"])
                    reverse = str(item["reverse"]) if item.get("reverse") else None
                    if strict:
                        for c in (code, reverse) if reverse else (code,):
                            cameo_code(c)  # fail loudly on a code CAMEO does not have
                    pattern = Pattern.parse(str(item["pattern"])) if item.get("pattern") else None
                    parsed.append(Sense(code, frozenset(str(o).lower() for o in item.get("object") or ()),
                                        tuple(str(p).lower() for p in item.get("target") or ()),
                                        bool(item.get("no_target")), pattern, reverse))
                out[str(key).lower().strip()] = parsed
            return out

        discards = spec.get("discards") or {}
        return cls(senses(spec.get("verbs")), senses(spec.get("nouns")),
                   frozenset(str(v).lower() for v in spec.get("light_verbs") or ()),
                   Discards(tuple(str(p) for p in discards.get("story") or ()),
                            tuple(str(p) for p in discards.get("sentence") or ())),
                   bool(spec.get("head_codes_win")))

    def verb_senses(self, key: str) -> list[Sense]:
        return self.verbs.get(key, [])

    def noun_senses(self, lemma: str) -> list[Sense]:
        return self.nouns.get(lemma, [])


@cache
def default_triggers() -> TriggerIndex:
    return TriggerIndex.from_spec({**load_yaml("verbs.yaml"), "discards": load_yaml("discards.yaml")})


def build_triggers(user_files: Iterable[str | Path] = (), strict: bool = True) -> TriggerIndex:
    """The built-in trigger dictionary with user verb dictionaries (verbs.yaml format, e.g. one converted by
    `dyads dict import-petrarch`) layered over it: a user's senses for a key are tried before the built-in ones."""
    index = default_triggers()
    files = list(user_files)
    if not files:
        return index
    verbs = {k: list(v) for k, v in index.verbs.items()}
    nouns = {k: list(v) for k, v in index.nouns.items()}
    light = set(index.light_verbs)
    discards = index.discards
    head_codes_win = index.head_codes_win
    for path in files:
        with open(path, encoding="utf-8") as fh:
            spec = yaml.safe_load(fh) or {}
        if not isinstance(spec, dict) or not set(spec) <= {"verbs", "nouns", "light_verbs", "discards",
                                                            "head_codes_win"}:
            raise ValueError(f"{path}: a verb dictionary is a mapping with 'verbs', 'nouns', 'light_verbs', "
                             "'discards' and 'head_codes_win'")
        user = TriggerIndex.from_spec(spec, strict=strict)
        for table, extra in ((verbs, user.verbs), (nouns, user.nouns)):
            for key, senses in extra.items():
                table[key] = senses + table.get(key, [])
        light |= user.light_verbs
        discards = discards.merged(user.discards)
        head_codes_win = head_codes_win or user.head_codes_win  # a converted PETRARCH dictionary reads its way
    return TriggerIndex(verbs, nouns, frozenset(light), discards, head_codes_win)


@dataclass(frozen=True)
class Modality:
    negators: frozenset[str]
    speech_verbs: frozenset[str]
    irrealis_heads: frozenset[str]
    hypothetical_modals: frozenset[str]
    future_modals: frozenset[str]
    conditional_marks: frozenset[str]
    modal_heads: dict[str, str] = field(default_factory=dict)  # head lemma (or "lemma particle") → class
    future_heads: frozenset[str] = frozenset()  # "set to", "due to": an announced event
    imminent_heads: frozenset[str] = frozenset()  # "about to": coded as the act itself
    reciprocal_codes: tuple[str, ...] = ()  # code prefixes that coordinated subjects do to each other
    background_spans: frozenset[str] = frozenset()  # "five years after …": an old act recalled, not coded
    background_marks: frozenset[str] = frozenset()
    condition_marks_present: frozenset[str] = frozenset()  # "until the EU provides details": a condition
    measure_nouns: frozenset[str] = frozenset()  # "tons of medicine": the "of" phrase is the real object
    refusal_modals: frozenset[str] = frozenset()  # "cannot accept", like "will not accept": a refusal (12x)
    claim_verbs: frozenset[str] = frozenset()  # "the Houthis claimed they attacked …": also a claim (015)
    demand_modals: frozenset[str] = frozenset()  # "Russia says Israel must end attacks": Russia demands it
    document_nouns: frozenset[str] = frozenset()  # "issued a report that calls for …": the issuer calls for it
    instrument_nouns: frozenset[str] = frozenset()  # "missiles fired by the navy struck …": the navy struck
    standing_verbs: frozenset[str] = frozenset()  # "forces backing Assad": a relation, described, is no act
    outlet_words: frozenset[str] = frozenset()  # "reports The Hindu": a newspaper reporting, not a party
    participation_verbs: frozenset[str] = frozenset()  # "are in talks", "took part in the fighting"
    preventive_heads: frozenset[str] = frozenset()  # "to prevent an attack": the attack did not happen
    civilian_nouns: frozenset[str] = frozenset()  # "killed two persons": unnamed people, the home country's civilians
    property_nouns: frozenset[str] = frozenset()
    explosive_nouns: frozenset[str] = frozenset()  # "a roadside bomb exploded": a bombing by someone unnamed
    casualty_verbs: frozenset[str] = frozenset()  # "were killed in an encounter with the police": the police did
    fight_nouns: frozenset[str] = frozenset()
    contraband_nouns: frozenset[str] = frozenset()  # "seized cocaine": done to the traffickers  # "torched vehicles": property standing for the country it is in

    def reciprocal(self, code: str) -> bool:
        return code.startswith(self.reciprocal_codes) if self.reciprocal_codes else False
    transforms: dict[str, dict[str, str]] = field(default_factory=dict)  # class → code prefix → code

    def transform(self, klass: str, code: str) -> str | None:
        """The code an event of ``code`` becomes under a head of ``klass``; None when it is no event there."""
        if klass in ("promise", "future"):
            quad = code_or_stand_in(code).quad_class
            if quad == 3:
                return code  # "will reject", "vowed to investigate": announcing a verbal act is making it
            klass = "intent" if quad <= 2 else "threaten"
        table = self.transforms.get(klass, {})
        for n in range(len(code), 1, -1):
            if code[:n] in table:
                return table[code[:n]]
        return None


@cache
def default_modality() -> Modality:
    spec = load_yaml("modality.yaml")

    def words(key: str) -> frozenset[str]:
        """An optional word list of modality.yaml, lowercased (empty when absent)."""
        return frozenset(str(w).lower() for w in spec.get(key) or ())

    required = [frozenset(str(w).lower() for w in spec[k]) for k in (
        "negators", "speech_verbs", "irrealis_heads", "hypothetical_modals", "future_modals", "conditional_marks")]
    heads = {str(h).lower(): klass for klass, hs in (spec.get("modal_heads") or {}).items() for h in hs}
    transforms = {klass: {str(k): str(v) for k, v in table.items()}
                  for klass, table in (spec.get("transforms") or {}).items()}
    for table in transforms.values():
        for code in table.values():
            cameo_code(code)  # fail loudly on a code CAMEO does not have
    optional = ("future_heads", "imminent_heads", "background_spans", "background_marks", "condition_marks_present",
                "measure_nouns", "refusal_modals", "claim_verbs", "demand_modals", "document_nouns",
                "instrument_nouns", "civilian_nouns", "property_nouns", "preventive_heads",
                "participation_verbs", "outlet_words", "contraband_nouns", "explosive_nouns", "casualty_verbs", "fight_nouns",
                "standing_verbs")
    return Modality(*required, modal_heads=heads, transforms=transforms,
                    reciprocal_codes=tuple(str(c) for c in spec.get("reciprocal_codes") or ()),
                    **{key: words(key) for key in optional})
