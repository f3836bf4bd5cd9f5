"""The trigger dictionary (dyads/data/verbs.yaml) as an index: lemma or "lemma particle" → ordered senses."""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import yaml

from dyads.data import data_path, load_yaml
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
    layer: str = "curated"  # which dictionary layer it comes from (verbs.yaml: "curated"; a reference layer's name)

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
    def from_spec(cls, spec: dict, strict: bool = True, layer: str = "curated") -> "TriggerIndex":
        """Index a verbs.yaml-style mapping; ``strict`` rejects codes CAMEO lacks (imported legacy dictionaries
        are loaded with strict=False, for benchmarks); ``layer`` names the dictionary in each sense."""
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
                                        bool(item.get("no_target")), pattern, reverse, layer))
                out[str(key).lower().strip()] = parsed
            return out

        discards = spec.get("discards") or {}
        return cls(senses(spec.get("verbs")), senses(spec.get("nouns")),
                   frozenset(str(v).lower() for v in spec.get("light_verbs") or ()),
                   Discards(tuple(str(p) for p in discards.get("story") or ()),
                            tuple(str(p) for p in discards.get("sentence") or ())),
                   bool(spec.get("head_codes_win")))

    def below(self, lower: "TriggerIndex", skip_keys: frozenset[str] = frozenset(),
              refine_general: bool = False) -> "TriggerIndex":
        """This index with ``lower`` as a layer under it: a lower sense is tried only where this index is silent,
        never instead of one of its senses (``_lower_senses``). ``refine_general`` marks a curated lower layer
        (verbs_codebook.yaml), which may also refine a general sense of this index; a reference layer
        (verbs_phoenix.yaml) never does. ``skip_keys`` are verbs the lower layer gives no sense to (speech verbs
        for every layer: the coder reads them as attribution; ``reference_skips`` for a reference layer)."""
        def merged(upper: dict[str, list[Sense]], extra: dict[str, list[Sense]], skip) -> dict[str, list[Sense]]:
            out = dict(upper)
            for key, senses in extra.items():
                if key.split()[0] in skip or any(key == k or key.startswith(k + " ") for k in skip if " " in k):
                    continue
                got = _lower_senses(upper, key, senses, refine_general)
                if got:
                    out[key] = got
            return out

        return TriggerIndex(merged(self.verbs, lower.verbs, skip_keys), merged(self.nouns, lower.nouns, frozenset()),
                            self.light_verbs | lower.light_verbs, self.discards.merged(lower.discards),
                            self.head_codes_win)

    def verb_senses(self, key: str) -> list[Sense]:
        return self.verbs.get(key, [])

    def noun_senses(self, lemma: str) -> list[Sense]:
        return self.nouns.get(lemma, [])


# particles make a phrasal verb of their own ("shoot down", "hit back"); a preposition only marks an argument
PARTICLES = frozenset("up down out off in on over back away aside forward through around along together apart "
                      "ahead behind".split())


def _lower_senses(upper: dict[str, list[Sense]], key: str, senses: list[Sense],
                  refine_general: bool) -> list[Sense] | None:
    """The senses of ``key`` once the lower layer's ``senses`` go under ``upper``'s; None to leave the key as is.

    * A key ``upper`` lacks takes the lower senses whole ("strip of" + citizenship), except that a lower
      "verb preposition" key, which the coder tries before the bare verb, leaves out the objects ``upper``'s verb
      lists ("sign with" + deal stays verbs.yaml's "sign" + deal, 057) and, from a reference layer, is left out
      when ``upper``'s verb has a general sense ("attack with": the preposition adds no meaning "attack" lacks).
    * A key ``upper`` has keeps its senses. When none of them is general (it is coded only for some objects), the
      lower senses for the objects it does not list come after its own, and the lower general sense last
      ("stepped up engagement with": 060); a key with a general sense takes nothing from a reference layer.
    * A curated lower layer (``refine_general``) may also put objects before ``upper``'s general sense ("blast" +
      house → 183, not the general verbal 111; keeping the general sense's target prepositions), and add surface
      patterns after ``upper``'s ("hit" + "*_back" → 111, a retort, not a blow)."""
    have = upper.get(key)
    words = key.split()
    if not have:
        base = upper.get(words[0], []) if len(words) > 1 else []
        if (not refine_general and len(words) == 2 and words[1] not in PARTICLES
                and any(not s.objects and s.pattern is None for s in base)):
            return None
        known = {o for s in base for o in s.objects}
        kept = [s if not (s.objects & known) else
                Sense(s.code, s.objects - known, s.target_preps, s.no_target, s.pattern, s.reverse, s.layer)
                for s in senses if not s.objects or s.objects - known]
        return kept or None
    general = next((k for k, s in enumerate(have) if not s.objects and s.pattern is None), None)
    if general is not None and not refine_general:
        return None
    base_sense = have[general] if general is not None else None
    covered = {o for s in have for o in s.objects}
    added, patterns, fallback = [], [], []
    for s in senses:
        if s.pattern is not None:
            if refine_general and all(s.pattern.text != h.pattern.text for h in have if h.pattern):
                patterns.append(s)
            continue
        if not s.objects:
            if base_sense is None and not fallback:
                fallback.append(s)
            continue
        objects = s.objects - covered
        if not objects or (base_sense is not None and s.code == base_sense.code):
            continue  # covered, or what the general sense codes anyway
        preps = s.target_preps or (base_sense.target_preps if base_sense is not None else ())
        added.append(Sense(s.code, frozenset(objects), preps, s.no_target, None, s.reverse, s.layer))
        covered |= objects
    if not (added or patterns or fallback):
        return None
    at = len(have) if general is None else general
    last = max((k + 1 for k, h in enumerate(have[:at]) if h.pattern is not None), default=0)
    return have[:last] + patterns + have[last:at] + added + have[at:] + fallback


# the built-in trigger dictionary, most trusted first: each file is a layer below the ones before it
# (TriggerIndex.below): verbs.yaml is curated; verbs_codebook.yaml adds the CAMEO codebook's common news phrasings
# verbs.yaml lacks (curated too: it may refine a general sense)
LAYERS = (("verbs.yaml", "curated"), ("verbs_codebook.yaml", "curated"))

# layers that ship with dyads but are not loaded unless asked for by name (`dyads code --verbs phoenix`):
# verbs_phoenix.yaml holds the senses of the Phoenix/PETRARCH 2 CAMEO verb dictionary, converted by
# `dyads dict import-petrarch --reference`, a reference layer below the built-in ones. It is opt-in because on the
# whole-article gold it added a few right events on the dev halves but lowered held-out precision (dyads/data/README.md)
OPTIONAL_LAYERS = {"phoenix": "verbs_phoenix.yaml"}


def verb_file(name: str) -> str:
    """A ``--verbs`` argument as a path: the name of an optional built-in layer (``phoenix``) is its bundled file,
    unless a file of that name exists; anything else is a path as given."""
    if name in OPTIONAL_LAYERS and not Path(name).exists():
        return str(data_path(OPTIONAL_LAYERS[name]))
    return name


@cache
def default_triggers() -> TriggerIndex:
    index = TriggerIndex.from_spec({**load_yaml("verbs.yaml"), "discards": load_yaml("discards.yaml")})
    for name, kind in LAYERS[1:]:
        lower = TriggerIndex.from_spec(load_yaml(name), layer=name.removesuffix(".yaml"))
        index = index.below(lower, reference_skips(index) if kind == "reference" else default_modality().speech_verbs,
                            refine_general=kind == "curated")
    return index


def reference_skips(index: TriggerIndex) -> frozenset[str]:
    """The verbs a reference layer gives no sense to, because the coder reads them its own way: speech verbs (the
    attribution of what is said), modal heads ("wants the support", "plans to": the frame of the act they govern)
    and light verbs ("held a conference", "conducted a search operation": the event noun decides)."""
    modality = default_modality()
    return frozenset(modality.speech_verbs | set(modality.modal_heads) | index.light_verbs)


def build_triggers(user_files: Iterable[str | Path] = (), strict: bool = True) -> TriggerIndex:
    """The built-in trigger dictionary with user verb dictionaries (verbs.yaml format, e.g. one converted by
    `dyads dict import-petrarch`) layered over it: a user's senses for a key are tried before the built-in ones.
    A file that says ``reference: true`` (`import-petrarch --reference`) is layered below them instead
    (``TriggerIndex.below``): its senses are tried only where the dictionaries above are silent."""
    index = default_triggers()
    files = list(user_files)
    if not files:
        return index
    verbs = {k: list(v) for k, v in index.verbs.items()}
    nouns = {k: list(v) for k, v in index.nouns.items()}
    light = set(index.light_verbs)
    discards = index.discards
    head_codes_win = index.head_codes_win
    references = []
    for path in files:
        with open(path, encoding="utf-8") as fh:
            spec = yaml.safe_load(fh) or {}
        if not isinstance(spec, dict) or not set(spec) <= {"verbs", "nouns", "light_verbs", "discards",
                                                            "head_codes_win", "reference"}:
            raise ValueError(f"{path}: a verb dictionary is a mapping with 'verbs', 'nouns', 'light_verbs', "
                             "'discards', 'head_codes_win' and 'reference'")
        user = TriggerIndex.from_spec(spec, strict=strict, layer=Path(path).stem)
        if spec.get("reference"):
            references.append(user)
            continue
        for table, extra in ((verbs, user.verbs), (nouns, user.nouns)):
            for key, senses in extra.items():
                table[key] = senses + table.get(key, [])
        light |= user.light_verbs
        discards = discards.merged(user.discards)
        head_codes_win = head_codes_win or user.head_codes_win  # a converted PETRARCH dictionary reads its way
    index = TriggerIndex(verbs, nouns, frozenset(light), discards, head_codes_win)
    for reference in references:
        index = index.below(reference, reference_skips(index))
    return index


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
    background_adverbs: frozenset[str] = frozenset()  # "had previously backed": an act recalled, not news
    habitual_adverbs: frozenset[str] = frozenset()  # "often detain" in the simple present: a habit, not an act
    experiential_adverbs: frozenset[str] = frozenset()  # "has called for it before", with a perfect
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
    third_party_verbs: frozenset[str] = frozenset()  # "a truce brokered by Qatar": a third party's act, not the truce's author
    issuing_verbs: frozenset[str] = frozenset()  # "issued a report that calls on …": the issuer speaks through it
    party_verbs: frozenset[str] = frozenset()  # "Israel and Hamas agreed to a truce brokered by …": they are its parties
    preventive_heads: frozenset[str] = frozenset()  # "to prevent an attack": the attack did not happen
    civilian_nouns: frozenset[str] = frozenset()  # "killed two persons": unnamed people, the home country's civilians
    property_nouns: frozenset[str] = frozenset()
    explosive_nouns: frozenset[str] = frozenset()  # "a roadside bomb exploded": a bombing by someone unnamed
    casualty_verbs: frozenset[str] = frozenset()  # "were killed in an encounter with the police": the police did
    fight_nouns: frozenset[str] = frozenset()
    shooting_verbs: frozenset[str] = frozenset()  # "a trader was shot dead": by unidentified attackers
    dispute_verbs: frozenset[str] = frozenset()  # "the two leaders clashed over …": a verbal dispute, not force
    command_heads: frozenset[str] = frozenset()  # "ordered its troops to withdraw": a decision taken, the act
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
    optional = ("future_heads", "imminent_heads", "background_spans", "background_marks", "background_adverbs",
                "habitual_adverbs", "experiential_adverbs", "condition_marks_present",
                "measure_nouns", "refusal_modals", "claim_verbs", "demand_modals", "document_nouns",
                "instrument_nouns", "civilian_nouns", "property_nouns", "preventive_heads",
                "participation_verbs", "outlet_words", "contraband_nouns", "explosive_nouns", "casualty_verbs", "fight_nouns",
                "dispute_verbs", "third_party_verbs", "party_verbs", "issuing_verbs", "shooting_verbs", "command_heads",
                "standing_verbs")
    return Modality(*required, modal_heads=heads, transforms=transforms,
                    reciprocal_codes=tuple(str(c) for c in spec.get("reciprocal_codes") or ()),
                    **{key: words(key) for key in optional})
