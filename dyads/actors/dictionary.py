"""Load the actor dictionaries (dyads/data/*.yaml, plus user files) and index their phrases.

Every phrase of every entry goes into one Aho–Corasick automaton (pyahocorasick) over case-folded text, so finding
all dictionary mentions in a document is one linear pass, whatever the size of the dictionary. Short all-capital
phrases ("US", "UN", "IS") must match with their case, so that "us" and "is" in running text do not become actors.
"""
from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import ahocorasick
import yaml

from dyads.data import data_path, load_yaml

_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'", "ʼ": "'"})
_SHORT_CAPS = re.compile(r"^[A-Z][A-Z.]{0,4}$")
# a short acronym with capitals inside it ("LeT", "JeM", "CoBRA", "BfV") is matched with its case too
_MIXED_ACRONYM = re.compile(r"^[A-Z][a-z]?[A-Z][A-Za-z]{0,3}$")


def fold(text: str) -> str:
    """Case-fold for matching while keeping every character's offset (one character in, one character out)."""
    out = text.translate(_APOSTROPHES)
    lowered = out.lower()
    return lowered if len(lowered) == len(out) else "".join(c.lower() if len(c.lower()) == 1 else c for c in out)


@dataclass(frozen=True)
class Office:
    """A dated office held by a person: the role it gives and the state or organisation it belongs to."""

    title: str
    start: dt.date | None
    end: dt.date | None
    country: str | None = None
    org: str | None = None
    role: str | None = None

    def holds_on(self, day: dt.date) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)


@dataclass
class Entity:
    """One dictionary entry: a state, an organisation, a non-state group or a person."""

    kind: str  # state | organisation | group | person
    code: str
    name: str
    country: str | None = None
    org: str | None = None
    sector: tuple[str, ...] = ()
    offices: tuple[Office, ...] = ()
    members: tuple[str, ...] = ()  # a phrase naming several actors ("the two Koreas": PRK, KOR); code is the first

    def offices_on(self, day: dt.date | None) -> list[Office]:
        if day is None:
            return list(self.offices)
        return [o for o in self.offices if o.holds_on(day)]


@dataclass(frozen=True)
class Role:
    """A role word's meaning: the CAMEO role code it appends and its PLOVER sectors."""

    code: str
    sectors: tuple[str, ...]
    prefix: bool = False  # written before the state's code ("NGO" + "ARN": an NGO based in Arnor), not after


@dataclass(frozen=True)
class Phrase:
    """What a matched phrase says: which entity, and how (a capital names the government, a demonym the people)."""

    entity: Entity
    how: str  # name | adjective | demonym | capital | seat | military_seat | short
    text: str
    case_sensitive: bool
    proper: bool = False  # a reference-layer name: matches only where the text writes it as a proper name
    initial: bool = False  # matches only where the text capitalises its first word ("Border Security Force")


@dataclass
class Match:
    start: int  # character offsets in the document
    end: int
    phrase: Phrase


@dataclass
class ActorDictionary:
    entities: list[Entity] = field(default_factory=list)
    roles: dict[str, Role] = field(default_factory=dict)  # lemma or phrase → role
    _phrases: dict[str, list[Phrase]] = field(default_factory=dict)
    _automaton: ahocorasick.Automaton | None = None
    countries: dict[str, Entity] = field(default_factory=dict)  # iso3 → state entity
    orgs: dict[str, Entity] = field(default_factory=dict)  # code and acronym → organisation

    # ---- building -------------------------------------------------------------------------------------------
    def add_phrase(self, text: str, entity: Entity, how: str, proper: bool = False, initial: bool = False) -> None:
        text = str(text).strip()
        if text.lower().startswith("the "):
            text = text[4:]
        if not text:
            return
        initial = initial and text[:1].isupper()  # a name written in lower case ("al-Shabaab") keeps any case
        phrase = Phrase(entity, how, text, bool(_SHORT_CAPS.match(text) or _MIXED_ACRONYM.match(text)), proper,
                        initial)
        key = fold(text)
        self._phrases.setdefault(key, []).append(phrase)
        self._automaton = None
        # "Communist Party of India (Maoist)" is also written without its brackets, and "CPI (Maoist)" as "CPI-Maoist"
        if "(" in text:
            bare = re.sub(r"\s+", " ", re.sub(r"[()]", " ", text)).strip()
            if bare and fold(bare) != key:
                self._phrases.setdefault(fold(bare), []).append(Phrase(entity, how, bare, False, proper, initial))

    def add_states(self, records: Iterable[dict]) -> None:
        for r in records:
            e = Entity("state", r["code"], r["name"], country=r.get("iso3") or r["code"])
            self.entities.append(e)
            self.countries[e.country] = e
            for how, key in (("name", "names"), ("adjective", "adjectives"), ("demonym", "demonyms"),
                             ("capital", "capitals"), ("seat", "seats"), ("military_seat", "military_seats")):
                for text in r.get(key) or ():
                    self.add_phrase(text, e, how)
            self.add_phrase(r["name"], e, "name")

    def add_organisations(self, records: Iterable[dict], kind: str, reference: bool = False,
                          initial: bool = False) -> None:
        for r in records:
            names = [r["name"], *(r.get("names") or ())]
            if reference:  # a reference entry whose names the curated files all have adds nothing
                names = [n for n in names if self._new_reference_name(n)]
                if not names:
                    continue
            e = Entity(kind, r["code"], names[0] if reference else r["name"], country=r.get("country"),
                       org=r.get("org"), sector=tuple(r.get("sector") or ()),
                       members=tuple(str(m) for m in r.get("members") or ()))
            self.entities.append(e)
            if kind == "organisation":
                self.orgs[e.code] = e
                if e.org:
                    self.orgs.setdefault(e.org.upper(), e)
            for text in names:
                self.add_phrase(text, e, "name", proper=reference, initial=initial and not r.get("any_case"))

    def add_people(self, records: Iterable[dict], reference: bool = False) -> None:
        for r in records:
            names = [(n, "name") for n in [r["name"], *(r.get("names") or ())]]
            names += [(n, "short") for n in r.get("short") or ()]
            if reference:  # its canonical name is the first one that is its own ("Rami Abdulrahman", not the
                names = [(n, how) for n, how in names if self._new_reference_name(n)]  # observatory he runs)
                if not names:
                    continue
            offices = tuple(
                Office(title=str(o.get("title", "")), start=_date(o.get("start")), end=_date(o.get("end")),
                       country=o.get("country"), org=o.get("org"), role=o.get("role"))
                for o in r.get("offices") or ())
            e = Entity("person", "", names[0][0] if reference else r["name"], offices=offices)
            self.entities.append(e)
            for text, how in names:
                self.add_phrase(text, e, how, proper=reference)

    def _new_reference_name(self, text: str) -> bool:
        """Whether a reference layer's name (Phoenix) is worth a phrase: not only a role word ("Secretary of State"),
        not a phrase an earlier layer has, and not a longer form of a curated name ("President Rouhani", "Salva
        Kiir Mayardit") that would outmatch the curated entry and its dated offices. Such names match only where the
        text writes them as proper names (``add_phrase(proper=True)``)."""
        key = fold(str(text).strip().removeprefix("the ").removeprefix("The "))
        return bool(key) and key not in self.roles and key not in self._phrases and not self._covered(key)

    def _covered(self, key: str) -> bool:
        """Two or more consecutive words of ``key`` already name a curated entry ("Salva Kiir" in "President Salva
        Kiir"), or its last word is a curated person's surname ("President Rouhani", "Secretary of State Kerry")."""
        words = key.split()
        for i in range(len(words)):
            for j in range(i + 2, len(words) + 1):
                if (i, j) == (0, len(words)):
                    continue
                if any(not p.proper for p in self._phrases.get(" ".join(words[i:j]), ())):
                    return True
        return len(words) > 1 and any(p.how == "short" and not p.proper for p in self._phrases.get(words[-1], ()))

    def add_roles(self, records: Iterable[dict]) -> None:
        for r in records:
            role = Role(r["role"], tuple(r.get("sector") or ()), bool(r.get("prefix")))
            for word in r.get("words") or ():
                self.roles[fold(str(word))] = role

    # ---- matching -------------------------------------------------------------------------------------------
    def _built(self) -> ahocorasick.Automaton:
        if self._automaton is None:
            auto = ahocorasick.Automaton()
            for key, phrases in self._phrases.items():
                auto.add_word(key, (len(key), phrases))
            auto.make_automaton()
            self._automaton = auto
        return self._automaton

    def find(self, text: str) -> list[Match]:
        """All dictionary mentions in ``text``, longest first where they overlap, on word boundaries."""
        folded = fold(text)
        found: list[Match] = []
        for end, (length, phrases) in self._built().iter(folded):
            start = end - length + 1
            if start > 0 and (folded[start - 1].isalnum() or folded[start - 1] in "-"):
                continue
            if end + 1 < len(folded) and (folded[end + 1].isalnum()):
                continue
            exact = text[start:end + 1]
            for phrase in phrases:
                if phrase.proper and not _written_as_name(exact) or phrase.initial and not exact[:1].isupper():
                    continue
                # "US" and "IS" only in capitals; acronyms of four letters or more also in the house style that
                # writes them as words ("Nato", "Isis", "Opec")
                if phrase.case_sensitive and exact != phrase.text and not (
                        len(phrase.text) >= 4 and phrase.text.isalpha() and exact == phrase.text.title()):
                    continue
                found.append(Match(start, end + 1, phrase))
                break
        found.sort(key=lambda m: (m.start, -(m.end - m.start)))
        kept: list[Match] = []
        for m in found:
            if kept and m.start < kept[-1].end:
                continue
            kept.append(m)
        return kept

    def role(self, words: str) -> Role | None:
        return self.roles.get(fold(words))

    def iter_entities(self, kind: str | None = None) -> Iterator[Entity]:
        return (e for e in self.entities if kind is None or e.kind == kind)


_LOWER_IN_NAMES = {"of", "the", "and", "for", "de", "del", "la", "le", "el", "al", "bin", "ibn", "van", "von", "da",
                   "dos", "das", "do", "du", "des", "y", "e", "i", "in", "on", "to", "a", "an", "ul", "ud", "ur", "wal"}


def _written_as_name(exact: str) -> bool:
    """'Direct Action', 'Revolutionary Cells', 'Ahmad Zia Masood': capitalised; 'direct action' is not a name."""
    for word in re.split(r"[\s\-]+", exact):
        letters = word.strip("'\".,()")
        if letters and letters[0].isalpha() and not letters[0].isupper() and letters.lower() not in _LOWER_IN_NAMES:
            return False
    return True


def _date(value) -> dt.date | None:
    if value in (None, "", "null"):
        return None
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


BUILTIN_FILES = (("countries.yaml", "state"), ("organisations.yaml", "organisation"), ("groups.yaml", "group"),
                 ("groups_world.yaml", "group"), ("people.yaml", "person"), ("people_world.yaml", "person"),
                 ("agents.yaml", "role"))
# files whose names match only where the text capitalises their first word (many of their names, such as "Border
# Security Force" or "Special Deterrence Force", are also plain descriptions); an entry with `any_case: true` opts out
INITIAL_CAPITAL_FILES = {"groups_world.yaml"}
# reference layers imported from public dictionaries (dyads/data/README.md says how each was made), loaded after the
# files above, whose entries win wherever both name the same phrase
REFERENCE_FILES = ("phoenix_milnonstate.json", "phoenix_international.json", "phoenix_countries.json")


def load_into(d: ActorDictionary, kind: str, records: list[dict]) -> None:
    if kind == "state":
        d.add_states(records)
    elif kind in ("organisation", "group"):
        d.add_organisations(records, kind)
    elif kind == "person":
        d.add_people(records)
    elif kind == "role":
        d.add_roles(records)
    else:
        raise ValueError(f"unknown dictionary section {kind!r}")


def load_reference(d: ActorDictionary, name: str) -> None:
    """Load one reference layer (a user-dictionary mapping of groups and people, stored as JSON) into ``d``."""
    try:
        with open(data_path(name), encoding="utf-8") as fh:
            spec = json.load(fh)
    except FileNotFoundError:
        return
    d.add_organisations(spec.get("organisations") or [], "organisation", reference=True)
    d.add_organisations(spec.get("groups") or [], "group", reference=True)
    d.add_people(spec.get("people") or [], reference=True)


USER_SECTIONS = (("states", "state"), ("organisations", "organisation"), ("groups", "group"), ("people", "person"),
                 ("roles", "role"))


def build_dictionary(user_files: Iterable[str | Path] = (), specs: Iterable[dict] = (),
                     builtin: bool = True) -> ActorDictionary:
    """The built-in dictionary (unless ``builtin`` is false), with user dictionaries layered over it: YAML files
    or already-loaded mappings of sections (states, organisations, groups, people, roles) to lists of entries.
    User phrases are tried before built-in ones with the same text.

    Built from files only, the compiled dictionary (automaton included) comes from dyads' cache when it is current
    (``dyads.cache``: keyed by the content of every data file and of each user file)."""
    files, specs = list(user_files), list(specs)
    if specs:
        return _build_dictionary(files, specs, builtin)
    from dyads.cache import cached, file_digest

    def build() -> ActorDictionary:
        d = _build_dictionary(files, (), builtin)
        d._built()
        return d

    return cached("actors", build, [f"builtin {builtin}", *(f"user {file_digest(p)}" for p in files)])


def _build_dictionary(user_files: Iterable[str | Path], specs: Iterable[dict], builtin: bool) -> ActorDictionary:
    d = ActorDictionary()
    if builtin:
        for name, kind in BUILTIN_FILES:
            try:
                records = load_yaml(name) or []
            except FileNotFoundError:
                continue
            if name in INITIAL_CAPITAL_FILES:
                d.add_organisations(records, kind, initial=True)
            else:
                load_into(d, kind, records)
        for name in REFERENCE_FILES:
            load_reference(d, name)
    layers: list[tuple[str, object]] = []
    for path in user_files:
        with open(path, encoding="utf-8") as fh:
            layers.append((str(path), yaml.load(fh, Loader=_YAML_LOADER) or {}))  # noqa: S506 - a safe loader
    layers += [("<mapping>", spec) for spec in specs]
    for origin, spec in layers:
        if not isinstance(spec, dict) or not set(spec) <= {s for s, _ in USER_SECTIONS}:
            raise ValueError(f"{origin}: a user dictionary is a mapping of sections "
                             f"(states, organisations, groups, people, roles) to lists of entries")
        for section, kind in USER_SECTIONS:
            records = spec.get(section) or []
            before = {k: len(v) for k, v in d._phrases.items()}
            load_into(d, kind, records)
            for key, phrases in d._phrases.items():
                old = before.get(key, 0)
                if len(phrases) > old:
                    d._phrases[key] = phrases[old:] + phrases[:old]
    return d


@cache
def default_dictionary() -> ActorDictionary:
    return build_dictionary()
