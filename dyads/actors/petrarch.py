"""Import PETRARCH/TABARI actor and agent dictionaries as a dyads user dictionary.

    from dyads.actors.petrarch import import_actors, write_yaml
    mapping = import_actors("PETR.Validate.actors.txt", "PETR.Validate.agents.txt")
    write_yaml(mapping, "my_actors.yaml")       # then: dyads code … --actors my_actors.yaml

What the legacy formats say, and what each becomes here:
  * ``<!-- … -->`` blocks (also the sloppy ``<! --``) and ``#`` comments (outside ``[…]``) are ignored.
  * ``NAME [CODE]`` or ``NAME_WITH_UNDERSCORES [CODE]``: an entry. Underscores join words; a trailing underscore
    ("ARNOR_") marks a whole word or stem and is dropped. ``+NAME`` lines are synonyms of the entry above. The code
    may stand on a following indented line ("ENT" / "[ENT]").
  * Dated codes ``[CODE <YYMMDD]`` (before), ``[CODE >YYMMDD]`` (after), ``[CODE YYMMDD-YYMMDD]`` (inclusive range),
    with 6- or 8-digit dates, make the entry a person whose offices are those periods, in file order (the first one
    that holds wins, as in PETRARCH); an undated code of the same entry is the office held at any other time. The
    country is the code's first three letters, the role the rest (USAGOV → USA, GOV).
  * Other entries: a 3-letter code is a state (code = iso3 = the code, fictional or not); a longer code a group
    (country = its first three letters when they are capitals). ``A/B/C`` codes keep their first code (counted).
  * ``[---]``, ``[+++]``, ``[###]``: no code; the entry (or that dated period) is skipped.
  * Agents: ``NAME {PLURALS} [~ROLE]`` → a role entry; ``{}`` asks for the regular plural (which is added to every
    agent anyway); ``!MACRO! = A, B`` definitions expand ``CONGRESS!PERSON!`` into one word per alternative.
Nothing raises on a bad line: it is counted and skipped; ``import_actors_with_counts`` returns the tallies (entries,
synonyms, people, skipped lines, …) beside the mapping. State entries sharing a code are merged into one state.
"""
from __future__ import annotations

import datetime as dt
import json
import re
from collections import Counter
from pathlib import Path

import yaml

# role codes that are PLOVER/CAMEO sectors in their own right
SECTOR_CODES = {"GOV", "MIL", "REB", "OPP", "LEG", "JUD", "COP", "MED", "BUS", "SPY", "ELI", "CVL", "CIV", "EDU",
                "LAB", "REF", "HLH", "NGO", "IGO", "REL", "CRM", "AGR", "ENV", "PTY", "UAF", "INS", "HRI", "SET",
                "IMG", "MOD", "RAD"}
NO_CODE = re.compile(r"^[-+#]+$")
_BRACKET = re.compile(r"\[([^\]]*)\]")
_DATE = r"(\d{6}|\d{8})"
_RANGE = re.compile(rf"^{_DATE}\s*-\s*{_DATE}$")
_BEFORE = re.compile(rf"^<\s*{_DATE}$")
_AFTER = re.compile(rf"^>\s*{_DATE}$")


# ---- shared line handling ------------------------------------------------------------------------------------------
def strip_comment(line: str) -> str:
    """The line without its ``#`` comment; a ``#`` inside ``[…]`` (a code such as ``[###]``) is kept."""
    depth = 0
    for i, ch in enumerate(line):
        if ch == "[":
            depth += 1
        elif ch == "]":
            depth = max(0, depth - 1)
        elif ch == "#" and depth == 0:
            return line[:i]
    return line


def clean_lines(path: str | Path):
    """(line number, text) of the lines outside ``<!-- -->`` blocks, comments removed, blank lines dropped."""
    in_block = False
    with open(path, encoding="utf-8", errors="replace") as fh:
        for n, raw in enumerate(fh, 1):
            line = raw.rstrip("\n")
            if in_block:
                if "-->" in line:
                    in_block = False
                    line = line.split("-->", 1)[1]
                else:
                    continue
            while "<!" in line:
                before, _, after = line.partition("<!")
                if "-->" in after:
                    line = before + after.split("-->", 1)[1]
                else:
                    line, in_block = before, True
            line = strip_comment(line)
            if line.strip():
                yield n, line


def phrase_words(text: str) -> str:
    """'ARNOR_' → 'Arnor'; 'MINAS_TIRITH' → 'Minas Tirith'; 'U.N.' stays as written (short capitals match by case)."""
    words = [w for w in re.split(r"[_\s]+", text.strip()) if w]
    return " ".join(w if re.fullmatch(r"(?:[A-Z]\.)+[A-Z]?\.?", w) else _title(w) for w in words)


def _title(word: str) -> str:
    """'PEOPLE'S' → 'People's' (str.title would write 'People'S'); 'AL-QAEDA' → 'Al-Qaeda'."""
    return re.sub(r"'S\b", "'s", word.title())


def parse_date(s: str) -> dt.date:
    if len(s) == 8:
        return dt.date(int(s[:4]), int(s[4:6]), int(s[6:]))
    yy = int(s[:2])
    return dt.date((2000 if yy < 40 else 1900) + yy, int(s[2:4]), int(s[4:]))


def parse_code(content: str) -> tuple[str | None, dt.date | None, dt.date | None, bool]:
    """'HOBGOV 19950601 - 19990815' → ('HOBGOV', start, end, dated); code None for a no-code marker.
    Raises ValueError when the restriction cannot be read."""
    content = content.strip()
    m = re.match(r"^(\S+)\s*(.*)$", content)
    if not m:
        raise ValueError(content)
    code, rest = m.group(1), m.group(2).strip()
    if code[0] in "<>" or code[0].isdigit() and rest == "" and re.fullmatch(r"[\d<>\-\s]+", content):
        raise ValueError(f"code missing in [{content}]")  # "[950601-990815]"
    code = None if NO_CODE.match(code) else code.upper()
    if not rest:
        return code, None, None, False
    if (r := _RANGE.match(rest)):
        return code, parse_date(r.group(1)), parse_date(r.group(2)), True
    if (r := _BEFORE.match(rest)):
        return code, None, parse_date(r.group(1)) - dt.timedelta(days=1), True
    if (r := _AFTER.match(rest)):
        return code, parse_date(r.group(1)) + dt.timedelta(days=1), None, True
    raise ValueError(f"unreadable date restriction in [{content}]")


# ---- actors --------------------------------------------------------------------------------------------------------
class _Entry:
    def __init__(self, name: str, line: int):
        self.name = name
        self.synonyms: list[str] = []
        self.codes: list[tuple[str | None, dt.date | None, dt.date | None, bool]] = []
        self.line = line


def _read_actor_entries(path: str | Path, counts: Counter) -> list[_Entry]:
    entries: list[_Entry] = []
    current: _Entry | None = None
    for n, line in clean_lines(path):
        body = line.strip()
        brackets = _BRACKET.findall(body)
        text = _BRACKET.sub(" ", body).strip()
        try:
            codes = [parse_code(b) for b in brackets if b.strip()]
        except ValueError:
            counts["unparseable lines"] += 1
            continue
        if text.startswith("+"):
            if current is None:
                counts["unparseable lines"] += 1
                continue
            syn = phrase_words(text[1:])
            if syn:
                current.synonyms.append(syn)
                counts["synonyms"] += 1
            current.codes += codes
        elif text:
            if not re.search(r"[A-Za-z0-9]", text) or re.search(r"[\[\]{}<>=]", text):
                counts["unparseable lines"] += 1
                continue
            current = _Entry(phrase_words(text), n)
            current.codes += codes
            entries.append(current)
        elif codes and current is not None:  # a code on its own indented line
            current.codes += codes
        else:
            counts["unparseable lines"] += 1
    return entries


def _split(code: str, states: set[str] | None = None) -> tuple[str | None, str | None]:
    """'USAGOV' → ('USA', 'GOV'). With ``states`` (the codes known to be states), a prefix that is not one of them
    ("IMG", "NGO", a compiler's initials) is no country: (None, None)."""
    head = code[:3]
    if not re.fullmatch(r"[A-Z]{3}", head) or (states is not None and head not in states):
        return None, None
    return head, code[3:] or None


_ACRONYM = re.compile(r"^(.*\S)\s*\(([A-Za-z][A-Za-z0-9.\-/&]{1,6})\)$")


def clean_names(names: list[str], states: set[str] | None = None) -> list[str]:
    """The names of an imported entry, tidied for matching. Always: a name with a trailing acronym in brackets
    ("Aden Abyan Islamic Army (Aaia)") is also listed as the name alone and the acronym in capitals; stray
    brackets and plus signs are dropped. With ``states`` (a real-world dictionary such as Phoenix, whose capitals
    carry no case): a one-word name of five letters or fewer is written in capitals, so that it matches only as an
    acronym ("ETA", not the word "eta")."""
    out: list[str] = []
    for name in names:
        name = re.sub(r"[\[\]{}+]", " ", name)
        name = re.sub(r"\s+", " ", name).strip(" ,;:")
        if not name:
            continue
        m = _ACRONYM.match(name)
        forms = [name, m.group(1), m.group(2).upper()] if m else [name]
        for form in forms:
            if states is not None and " " not in form and len(form) <= 5 and form.isalpha():
                form = form.upper()
            out.append(form)
    return list(dict.fromkeys(out))


def _state_history(codes) -> bool:
    """Dated codes that are all bare state codes ("[ARM >911221]", "[SUN <911221]") date a state, not a person."""
    return all(code and re.fullmatch(r"[A-Z]{3}", code) for code, *_ in codes)


def import_actors_with_counts(actors_path: str | Path, agents_path: str | Path | None = None, *,
                              states: set[str] | None = None, as_of: dt.date | None = None,
                              since: dt.date | None = None) -> tuple[dict, Counter]:
    """Import an actor (and agent) dictionary; the mapping and the tallies of what was read and skipped.

    ``states``: the codes that are states (for a real-world dictionary: dyads' own countries). A three-letter code
    outside it ("IGO", "NGO", "MNC", "IMG") is then a group with no country, and only codes that begin with a state
    code get a country. Without it every three-letter code is a state (a fictional world such as PETRARCH's suite).
    ``as_of``: the date the dictionary was compiled. A dated office with a start and no end ("[AFGGOV >100201]")
    is only known to hold until then: it is written with ``end: as_of`` and ``end_known: false``, so that after
    that date the person codes by their other offices (a former office-holder, ELI) instead of holding a stale
    office for ever.
    ``since``: leave out people all of whose dated offices ended before this date."""
    counts: Counter = Counter()
    out: dict[str, list] = {"states": [], "groups": [], "people": [], "roles": []}
    for e in _read_actor_entries(actors_path, counts):
        counts["entries"] += 1
        names = clean_names([e.name, *e.synonyms], states)
        if not names:
            counts["entries without a usable name"] += 1
            continue
        codes, members = [], []
        for code, start, end, dated in e.codes:
            if code and "/" in code:
                counts["multi-code entries (one actor per code)"] += 1
                members = [c for c in code.split("/") if c]
                code = members[0]
            if code is None:
                counts["no-code periods or entries skipped"] += 1
                continue
            codes.append((code, start, end, dated))
        if not codes:
            counts["entries without a usable code"] += 1
            continue
        if any(dated for *_, dated in e.codes) and not _state_history(codes):
            offices = []
            for code, start, end, dated in sorted(codes, key=lambda c: not c[3]):  # dated periods first
                country, role = _split(code, states)
                if states is not None and country is None:
                    counts["offices of no known state (skipped)"] += 1
                    continue
                office = {"title": code, "country": country or code, "role": role,
                          "start": start.isoformat() if start else None,
                          "end": end.isoformat() if end else None}
                if as_of is not None and dated and start is not None and end is None:
                    office["end"], office["end_known"] = as_of.isoformat(), False
                    counts["open offices closed at the compilation date"] += 1
                offices.append(office)
            if not offices:
                continue
            if states is not None and not any(_sectors(o["role"] or "") for o in offices):
                # "ARMENIA [USRARM <900823] [ARM >911221]": a state's (or territory's) history, not a person; its
                # synonyms are mostly cities and provinces, which are places
                counts["dated state or territory entries skipped"] += 1
                continue
            if since is not None and all(o["end"] is not None and o["end"] < since.isoformat()
                                         for o in offices if o["start"] or o["end"]):
                counts["people out of office before --since (skipped)"] += 1
                continue
            if states is not None:  # a lone word ("Abdullah", "Albert", "Khan") names too many people to stand for
                names = [n for n in names if " " in n]  # one; a surname after the full name is found in context
                if not names:
                    counts["people with only a one-word name (skipped)"] += 1
                    continue
            out["people"].append({"name": names[0], "names": names[1:], "offices": offices})
            counts["people"] += 1
            continue
        if _state_history(codes) and len(codes) > 1:  # a state's history: the code it has now (the undated one)
            codes = sorted(codes, key=lambda c: (not c[3], c[1] or dt.date.min), reverse=True)
        code = codes[0][0]
        if len(codes) > 1:
            counts["extra codes ignored"] += len(codes) - 1
        is_state = bool(re.fullmatch(r"[A-Z]{3}", code)) and (states is None or code in states)
        if members:  # THE_SHIRE [FRO/BIL/SAM]: a name for several actors at once
            out["groups"].append({"code": code, "name": names[0], "country": None, "sector": [], "names": names,
                                  "members": members})
            counts["groups"] += 1
        elif is_state:
            same = next((s for s in out["states"] if s["code"] == code), None)
            if same is not None:  # ISRAEL [ISR] and ISRAELI [ISR]: one state, both names
                same["names"] = list(dict.fromkeys([*same["names"], *names]))
                counts["state entries merged"] += 1
            else:
                out["states"].append({"code": code, "iso3": code, "name": names[0], "names": names,
                                      "adjectives": []})
                counts["states"] += 1
        elif states is None:
            country, _ = _split(code)
            out["groups"].append({"code": code, "name": names[0], "country": country, "sector": [],
                                  "names": names})
            counts["groups"] += 1
        else:
            # a bare class code over a block of unrelated names ("[MED]" after Reuters, The Guardian, CNN …; "[NGO]"
            # after a list of NGOs) gives each name its own actor of that class
            parts = [[n] for n in names] if code in SECTOR_CODES | {"MNC"} and len(names) > 3 else [names]
            if len(parts) > 1:
                counts["class entries split into one group per name"] += 1
            for part in parts:
                group = _real_group(code, part, states)
                if group is None:
                    counts["groups without a role (territories, former states) or a usable name skipped"] += 1
                    continue
                out["groups"].append(group)
                counts["groups"] += 1
    if agents_path is not None:
        out["roles"] = _import_agents(agents_path, counts)
    return out, counts


def _plain_word(name: str) -> bool:
    """A one-word name that is only letters in title case ("Tigers", "Falcon", "Organization"): in a dictionary
    without case it may as well be a common word; numbers ("313") are no names at all."""
    name = name.removeprefix("The ")  # "The Foundation", "The Organization" are plain words too
    return " " not in name and (name.isdigit() or (name.isalpha() and not name.isupper()))


def _real_group(code: str, names: list[str], states: set[str]) -> dict | None:
    """A group of a real-world dictionary: its country (the state its code begins with, or for a prefix code such
    as NGOUSAHRI or MNCCHN the state after the prefix), its sectors, and an ``org``: the acronym among its names,
    else its name, so that the group counts as an organisation. None for a territory ("GBRFLK": a state and a
    territory code, no role), which is a place rather than an actor."""
    country, role = _split(code, states)
    prefix = None
    if code.startswith("IMG"):  # international: what follows is a region or a religion ("IMGSASMUS")
        country, role = None, code
    elif country is None and code[:3] in SECTOR_CODES | {"MNC"}:
        prefix = code[:3]
        country, role = _split(code[3:], states)
        role = (prefix + (role or "")) if country else code
    elif country is None:
        role = code
    if country == "MUS" and prefix:  # CAMEO's Muslim code, not Mauritius
        country, role = None, code
    sector = _sectors(role or "")
    if not sector:  # a territory ("GBRFLK") or a former state ("CSK"): places, not actors
        return None
    # a plain one-word name is kept only as the sole name of an NGO, IGO, outlet or company ("Greenpeace")
    sole_org = len(names) == 1 and code[:3] in {"NGO", "IGO", "MED", "MNC"} and not names[0].isdigit()
    names = [n for n in names if sole_org or not _plain_word(n)]
    if not names:
        return None
    acronyms = [n for n in names if re.fullmatch(r"[A-Z][A-Z0-9\-.&]{1,9}", n)]
    return {"code": code, "name": names[0], "country": country, "org": acronyms[0] if acronyms else names[0],
            "sector": sector, "names": names}


def _sectors(role: str) -> list[str]:
    """The PLOVER sectors in a role code read three letters at a time ("REBHMS" → [REB]; "MNC" → [BUS])."""
    chunks = [role[i:i + 3] for i in range(0, len(role) - 2, 3)]
    alias = {"MNC": "BUS", "IMG": "REB"}  # a multinational company; an international militarised group
    return list(dict.fromkeys(alias.get(c, c) for c in chunks if c in SECTOR_CODES or c in alias))


def import_actors(actors_path: str | Path, agents_path: str | Path | None = None, **options) -> dict:
    """A dyads user-dictionary mapping (states, groups, people, roles) from PETRARCH actor (and agent) files;
    ``options`` as for ``import_actors_with_counts``."""
    return import_actors_with_counts(actors_path, agents_path, **options)[0]


# ---- agents --------------------------------------------------------------------------------------------------------
def plural(phrase: str) -> str:
    """The regular English plural of a phrase's head: its last word, or the word before "of" ("ministers of …").
    A head already ending in a single s ("troops", "forces") is taken as plural and kept."""
    head, sep, tail = phrase.partition(" of ")
    if sep:
        return plural(head) + sep + tail
    words = phrase.split(" ")
    words[-1] = _plural_word(words[-1])
    return " ".join(words)


def _plural_word(word: str) -> str:
    if re.search(r"[^su]s$", word) and not word.endswith("is"):
        return word
    if re.search(r"(s|x|z|ch|sh)$", word):
        return word + "es"
    if re.search(r"[^aeiou]y$", word):
        return word[:-1] + "ies"
    return word + "s"


def _expand(text: str, macros: dict[str, list[str]]) -> list[str]:
    m = re.search(r"!([^!\s]+)!", text)
    if not m:
        return [text]
    out = []
    for alt in macros.get(m.group(1).upper(), [m.group(1)]):
        out += _expand(text[:m.start()] + alt + text[m.end():], macros)
    return out


def _agent_words(text: str) -> str:
    return " ".join(w for w in re.split(r"[_\s]+", text.strip().lower()) if w)


def _import_agents(path: str | Path, counts: Counter) -> list[dict]:
    macros: dict[str, list[str]] = {}
    roles: dict[tuple[str, tuple[str, ...], bool], list[str]] = {}
    for _, line in clean_lines(path):
        body = line.strip()
        m = re.match(r"^!([^!\s]+)!\s*=\s*(.+)$", body)
        if m:
            macros[m.group(1).upper()] = [a.strip() for a in m.group(2).split(",") if a.strip()]
            counts["agent macros"] += 1
            continue
        m = re.match(r"^([^\[{]+?)\s*(\{[^}]*\})?\s*\[\s*([^\]]*?)\s*\]\s*$", body)
        if not m:
            counts["unparseable agent lines"] += 1
            continue
        name, plurals, code = m.group(1), m.group(2), m.group(3).replace(" ", "")
        role = code.strip("~")
        prefix = code.endswith("~") and not code.startswith("~")  # [NGO~]: "NGO" + the state's code
        if not role or NO_CODE.match(role) or not re.fullmatch(r"[A-Za-z0-9]+", role):
            counts["unparseable agent lines"] += 1
            continue
        role = role.upper()
        words: list[str] = []
        has_macro = bool(re.search(r"!([^!\s]+)!", name))
        for form in _expand(name, macros):
            w = _agent_words(form)
            words += [w] if has_macro else [w, plural(w)]  # a macro lists its own plurals (MAN, MEN)
        if plurals and plurals.strip("{} "):
            for p in plurals.strip("{}").split():
                words += [_agent_words(x) for x in _expand(p.lstrip("+"), macros)]
        if role in SECTOR_CODES:
            sector = [role]
        else:
            sector = [role[i:i + 3] for i in range(0, len(role) - 2, 3) if role[i:i + 3] in SECTOR_CODES]
        roles.setdefault((role, tuple(sector), prefix), []).extend(words)
        counts["agents"] += 1
    return [{"role": role, "sector": list(sector), "words": list(dict.fromkeys(words)),
             **({"prefix": True} if prefix else {})} for (role, sector, prefix), words in roles.items()]


def write_yaml(mapping: dict, path: str | Path, header: str | None = None) -> None:
    """Write an imported mapping as a dyads user dictionary (``dyads code … --actors PATH``); ``header`` (comment
    lines) says where it comes from. A path ending in ``.json`` gets JSON, one entry per line (JSON is YAML too, so
    it loads as any user dictionary, and a large layer reads many times faster). A YAML verb dictionary is written
    one sense a line, as verbs.yaml is, and an object list its senses share (a PETRARCH synset; ``_anchors`` maps
    the list's id to its name) once, as a YAML anchor (``&weapon [...]``, then ``*weapon``)."""
    clean = {k: v for k, v in mapping.items() if not k.startswith("_")}
    if str(path).endswith(".json"):
        with open(path, "w", encoding="utf-8") as fh:
            sections = [(k, v) for k, v in clean.items() if v]
            fh.write("{")
            for n, (section, entries) in enumerate(sections):
                fh.write(("," if n else "") + "\n" + json.dumps(section) + ": [")
                fh.write(",".join("\n " + json.dumps(e, ensure_ascii=False, sort_keys=False) for e in entries))
                fh.write("\n]")
            fh.write("\n}\n")
        return
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(header or "# imported from a PETRARCH/TABARI dictionary by dyads.actors.petrarch\n")
        if "verbs" not in clean:
            yaml.safe_dump(clean, fh, sort_keys=False, allow_unicode=True, width=120)
            return
        anchors, written = mapping.get("_anchors") or {}, set()
        for section, value in clean.items():
            if section not in ("verbs", "nouns") or not value:
                yaml.safe_dump({section: value}, fh, sort_keys=False, allow_unicode=True, width=120)
                continue
            fh.write(f"{section}:\n")
            for key, senses in value.items():
                fh.write(f"  {_scalar(key)}:\n")
                for sense in senses:
                    fields = []
                    for name, v in sense.items():
                        if isinstance(v, list):
                            anchor = anchors.get(id(v))
                            if anchor is not None and anchor in written:
                                text = f"*{anchor}"
                            else:
                                text = ("" if anchor is None else f"&{anchor} ") + \
                                    "[" + ", ".join(_scalar(x) for x in v) + "]"
                                written.add(anchor)
                        elif name in ("code", "reverse"):
                            text = f'"{v}"'  # codes are strings: "010", "0842"
                        else:
                            text = _scalar(v)
                        fields.append(f"{name}: {text}")
                    fh.write("    - {" + ", ".join(fields) + "}\n")


def _scalar(value) -> str:
    """A scalar as YAML writes it in a flow collection (quoted when it must be: "on", "010", "a, b")."""
    text = yaml.safe_dump([value], allow_unicode=True, width=10**6, default_flow_style=True).strip()
    return text[1:-1]
