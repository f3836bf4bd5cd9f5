"""Load the actor dictionaries (dyads/data/*.yaml, plus user files) and index their phrases.

Every phrase of every entry goes into one Aho–Corasick automaton (pyahocorasick) over case-folded text, so finding
all dictionary mentions in a document is one linear pass, whatever the size of the dictionary. Short all-capital
phrases ("US", "UN", "IS") must match with their case, so that "us" and "is" in running text do not become actors.
"""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import ahocorasick
import yaml

from dyads.data import load_yaml

_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'", "ʼ": "'"})
_SHORT_CAPS = re.compile(r"^[A-Z][A-Z.]{0,4}$")


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
    def add_phrase(self, text: str, entity: Entity, how: str) -> None:
        text = str(text).strip()
        if text.lower().startswith("the "):
            text = text[4:]
        if not text:
            return
        phrase = Phrase(entity, how, text, bool(_SHORT_CAPS.match(text)))
        self._phrases.setdefault(fold(text), []).append(phrase)
        self._automaton = None

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

    def add_organisations(self, records: Iterable[dict], kind: str) -> None:
        for r in records:
            e = Entity(kind, r["code"], r["name"], country=r.get("country"), org=r.get("org"),
                       sector=tuple(r.get("sector") or ()), members=tuple(str(m) for m in r.get("members") or ()))
            self.entities.append(e)
            if kind == "organisation":
                self.orgs[e.code] = e
                if e.org:
                    self.orgs.setdefault(e.org.upper(), e)
            for text in [r["name"], *(r.get("names") or ())]:
                self.add_phrase(text, e, "name")

    def add_people(self, records: Iterable[dict]) -> None:
        for r in records:
            offices = tuple(
                Office(title=str(o.get("title", "")), start=_date(o.get("start")), end=_date(o.get("end")),
                       country=o.get("country"), org=o.get("org"), role=o.get("role"))
                for o in r.get("offices") or ())
            e = Entity("person", "", r["name"], offices=offices)
            self.entities.append(e)
            for text in [r["name"], *(r.get("names") or ())]:
                self.add_phrase(text, e, "name")
            for text in r.get("short") or ():
                self.add_phrase(text, e, "short")

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


def _date(value) -> dt.date | None:
    if value in (None, "", "null"):
        return None
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


BUILTIN_FILES = (("countries.yaml", "state"), ("organisations.yaml", "organisation"), ("groups.yaml", "group"),
                 ("people.yaml", "person"), ("agents.yaml", "role"))


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
            load_into(d, kind, records)
    layers: list[tuple[str, object]] = []
    for path in user_files:
        with open(path, encoding="utf-8") as fh:
            layers.append((str(path), yaml.safe_load(fh) or {}))
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
