"""Importers of PETRARCH/TABARI dictionaries (dyads.actors.petrarch, dyads.events.petrarch), on small dictionaries
written here."""
from __future__ import annotations

import datetime as dt

import pytest
import yaml

from dyads.actors.dictionary import build_dictionary
from dyads.actors.petrarch import import_actors, import_actors_with_counts, plural, write_yaml
from dyads.events.patterns import TriggerIndex
from dyads.events.petrarch import import_verbs, import_verbs_with_counts

ACTORS = """<!-- a test dictionary
     over two lines -->
ARNOR_  [ARN]  # the north kingdom
+ARNORIAN
GONDOR [GON]
+MINAS_TIRITH
WHITE_TOWER [GONGOV]
BOROMIR  [---]
GOLLUM  # dated codes
+SMEAGOL
\t[HOB < 950601]
\t[HOBGOV 19950601 - 19990815]
\t[HOBREB > 990816]
ENT
\t[ENT]
[[[ this line makes no sense
"""

AGENTS = """!PERSON! = MAN, MEN, WOMAN, WOMEN
CONGRESS!PERSON! [~LEG]
TROOPS {} [~MIL]
GOLDEN_GOOSE {GOLDEN_GEESE} [~GGS]
ATTORNEY_GENERAL {ATTORNEYS_GENERAL} [~GOV]
AMBASSADOR [~GOV]
HUMAN_RIGHTS_BODY [NGO~]
broken line without code
"""

VERBS = """<!-- SYNSETS -->
&TIES
+MILITARY
+ECONOMIC

&MONEY
+DOLLARS
+&HYPER

&HYPER
+GOLD_COINS

--- CONDEMN  [122]  ---
CONDEMN    # a comment
- * ATTACK  [123]
- SAID *  [124]

--- RESTORE  [064] ---
RESTORE
- * &TIES TIES  [902]
- * DIPLOMATIC TIES  [901]

--- CONTRIBUTE [070] ---
CONTRIBUTE
- * &MONEY [903]

--- MEET [031:032] ---
MEET
- * WITH + [035]

--- RULE  [---] ---
RULE
- * OUT  [111]

--- WARN  [160] ---
WARN
- * + ABOUT + [162]
- + * $ [999]

--- BAN [191] ---
BAN {BANS BANNED}
- * NONSENSE [def]
"""


@pytest.fixture()
def files(tmp_path):
    paths = {}
    for name, text in (("actors", ACTORS), ("agents", AGENTS), ("verbs", VERBS)):
        paths[name] = tmp_path / f"{name}.txt"
        paths[name].write_text(text, encoding="utf-8")
    return paths


def test_actor_entries_synonyms_and_codes(files):
    mapping, counts = import_actors_with_counts(files["actors"])
    states = {s["code"]: s for s in mapping["states"]}
    assert states["ARN"]["names"] == ["Arnor", "Arnorian"]  # trailing underscore dropped, synonym kept
    assert states["ARN"]["iso3"] == "ARN" and states["ARN"]["adjectives"] == []
    assert "Minas Tirith" in states["GON"]["names"]  # underscores join words
    assert states["ENT"]["name"] == "Ent"  # the code on its own line
    group = next(g for g in mapping["groups"] if g["code"] == "GONGOV")
    assert group["country"] == "GON" and group["sector"] == []
    assert not any(s["name"] == "Boromir" for s in mapping["states"] + mapping["groups"])  # [---]: no code
    assert counts["unparseable lines"] == 1


def test_dated_codes_make_a_person_with_offices(files):
    person = next(p for p in import_actors(files["actors"])["people"] if p["name"] == "Gollum")
    assert person["names"] == ["Smeagol"]
    offices = [(o["country"], o["role"], o["start"], o["end"]) for o in person["offices"]]
    assert offices == [("HOB", None, None, "1995-05-31"), ("HOB", "GOV", "1995-06-01", "1999-08-15"),
                       ("HOB", "REB", "1999-08-17", None)]
    d = build_dictionary(specs=[import_actors(files["actors"])], builtin=False)
    gollum = next(e for e in d.iter_entities("person"))
    assert [o.role for o in gollum.offices_on(dt.date(1997, 1, 1))] == ["GOV"]
    assert [o.role for o in gollum.offices_on(dt.date(2001, 1, 1))] == ["REB"]


def test_agents_tilde_plurals_and_macros(files):
    roles = {r["role"]: r for r in import_actors(files["actors"], files["agents"])["roles"]}
    assert {"congressman", "congressmen", "congresswoman", "congresswomen"} <= set(roles["LEG"]["words"])
    assert roles["LEG"]["sector"] == ["LEG"]
    assert "troops" in roles["MIL"]["words"] and "troopses" not in roles["MIL"]["words"]
    assert {"golden goose", "golden geese"} <= set(roles["GGS"]["words"]) and roles["GGS"]["sector"] == []
    assert {"attorney general", "attorneys general", "ambassador", "ambassadors"} <= set(roles["GOV"]["words"])
    assert "human rights bodies" in roles["NGO"]["words"]  # a trailing ~ (prefix code) still gives the role
    assert plural("policy") == "policies" and plural("press") == "presses" and plural("minister of war") == \
        "ministers of war"


def test_write_yaml_round_trips(files, tmp_path):
    mapping = import_actors(files["actors"], files["agents"])
    out = tmp_path / "actors.yaml"
    write_yaml(mapping, out)
    assert yaml.safe_load(out.read_text(encoding="utf-8")) == mapping
    build_dictionary(user_files=[out], builtin=False)  # loads as a user dictionary


def test_verbs_keep_patterns_whole_with_synsets_as_alternatives(files):
    spec, counts = import_verbs_with_counts(files["verbs"])
    verbs = spec["verbs"]
    restore = verbs["restore"]
    assert [(s.get("pattern"), s["code"]) for s in restore] == [
        ("* (military|economic) ties", "902"), ("* diplomatic ties", "901"), (None, "064")]  # the general code last
    assert verbs["contribute"][0]["pattern"] == "* (dollars|gold coins)"  # a nested synset, flattened
    assert [(s.get("pattern"), s["code"]) for s in verbs["condemn"]] == [
        ("* attack", "123"), ("said *", "124"), (None, "122")]  # words before the verb are kept too
    assert counts["patterns imported"] == 9 and counts["patterns with an invalid code (skipped)"] == 1
    TriggerIndex.from_spec(spec, strict=False)


def test_verbs_markers_particles_and_paired_codes(files):
    verbs = import_verbs(files["verbs"])["verbs"]
    assert [(s["pattern"], s["code"]) for s in verbs["rule"]] == [("* out", "111")]  # [---]: no general sense
    assert verbs["meet"][0]["pattern"] == "* with +" and verbs["meet"][0]["code"] == "035"
    assert verbs["meet"][-1]["code"] == "031" and verbs["meet"][-1]["reverse"] == "032"
    assert [s.get("pattern") for s in verbs["warn"]] == ["* + about +", "+ * $", None]
    assert [s["code"] for s in verbs["ban"]] == ["191"]


def test_imported_dictionaries_code_a_sentence(files, tmp_path):
    from dyads.events import EventCoder
    from dyads.model import Article
    from dyads.pipeline import code_articles

    (tmp_path / "a.txt").write_text("ARNOR_ [ARN]\nGONDOR [GON]\n", encoding="utf-8")
    (tmp_path / "v.txt").write_text("--- CONDEMN [122] ---\nCONDEMN\n- * ATTACK [123]\n", encoding="utf-8")
    coder = EventCoder(build_dictionary(specs=[import_actors(tmp_path / "a.txt")], builtin=False),
                       TriggerIndex.from_spec(import_verbs(tmp_path / "v.txt"), strict=False),
                       emit_unknown_codes=True)
    item = next(code_articles([Article(id="t", text="Arnor condemned Gondor on Monday.")], coder=coder))
    assert [(e.source.code, e.cameo, e.target.code if e.target else None) for e in item.events] == \
        [("ARN", "122", "GON")]


REAL = """AFGHANISTAN_  [AFG]
+KABUL_
ARMENIA_
+ARMENIAN_
\t[ARM >911221]
\t[SUN <911221]
HAMID_KARZAI_
+KARZAI_
\t[AFGELI 750101-000101]
\t[AFGGOV >011222]
\t[AFGELI]
ALI_KHAN_
+ALI
\t[PAKGOV 050101-061231]
OLD_MINISTER_
\t[PAKGOV 900101-941231]
ADEN_ABYAN_ISLAMIC_ARMY_(AAIA) [YEMREB]
ETA [ESPREB]
AL-QAEDA_IN_THE_ARABIAN_PENINSULA [IMGMUSALQ]
AMNESTY_INTERNATIONAL [NGOHRI]
HUMAN_RIGHTS_WATCH [NGOUSAHRI]
UNOCAL [MNCUSA]
FALKLAND_ISLANDS [GBRFLK]
PEOPLE'S_LIBERATION_ARMY [CHNMIL]
"""


def test_a_real_world_dictionary_with_known_states(tmp_path):
    path = tmp_path / "real.actors.txt"
    path.write_text(REAL, encoding="utf-8")
    mapping, counts = import_actors_with_counts(path, states={"AFG", "ARM", "PAK", "YEM", "ESP", "USA", "GBR",
                                                                 "CHN"},
                                                as_of=dt.date(2014, 1, 30), since=dt.date(2000, 1, 1))
    states = {s["code"]: s for s in mapping["states"]}
    assert set(states) == {"AFG", "ARM"}  # a state's dated history is a state, not a person
    people = {p["name"]: p for p in mapping["people"]}
    assert "Old Minister" not in people  # out of office before --since
    karzai = people["Hamid Karzai"]["offices"]
    assert {"country": "AFG", "role": "GOV", "start": "2001-12-23", "end": "2014-01-30", "end_known": False,
            "title": "AFGGOV"} in karzai  # open-ended: known to hold until the compilation date only
    assert people["Ali Khan"]["names"] == [] and people["Hamid Karzai"]["names"] == []  # lone words are no one's name
    groups = {g["name"]: g for g in mapping["groups"]}
    aaia = groups["Aden Abyan Islamic Army (Aaia)"]
    assert {"Aden Abyan Islamic Army", "AAIA"} <= set(aaia["names"]) and aaia["org"] == "AAIA"
    assert aaia["country"] == "YEM" and aaia["sector"] == ["REB"]
    assert groups["ETA"]["names"] == ["ETA"]  # short one-word names are acronyms, matched in capitals
    aqap = groups["Al-Qaeda In The Arabian Peninsula"]
    assert aqap["country"] is None and aqap["sector"] == ["REB"]  # IMG: no country, even with MUS after it
    assert groups["Amnesty International"]["country"] is None and groups["Amnesty International"]["sector"] == [
        "NGO", "HRI"]
    assert groups["Human Rights Watch"]["country"] == "USA"  # a prefix code's state comes after the prefix
    assert groups["Unocal"]["sector"] == ["BUS"]
    assert "Falkland Islands" not in groups  # a territory is a place, not an actor
    assert "People's Liberation Army" in groups  # not "People'S"
    # without known states the fictional-world reading is unchanged: every three-letter code is a state
    plain = import_actors(path)
    assert {s["code"] for s in plain["states"]} >= {"AFG", "ARM"}


def test_json_output_loads_as_a_user_dictionary(files, tmp_path):
    mapping = import_actors(files["actors"], files["agents"])
    out = tmp_path / "actors.json"
    write_yaml(mapping, out)
    assert yaml.safe_load(out.read_text(encoding="utf-8")) == {k: v for k, v in mapping.items() if v}
    build_dictionary(user_files=[out], builtin=False)


def test_a_class_code_over_a_block_of_names_gives_one_actor_each(tmp_path):
    path = tmp_path / "media.actors.txt"
    path.write_text("REUTERS\n+THE_GUARDIAN\n+NEW_YORK_TIMES\n+AL_JAZEERA\n\t[MED]\n", encoding="utf-8")
    groups = import_actors(path, states={"USA"})["groups"]
    assert [(g["name"], g["sector"]) for g in groups] == [("Reuters", ["MED"]), ("The Guardian", ["MED"]),
                                                          ("New York Times", ["MED"]), ("Al Jazeera", ["MED"])]


def test_a_dated_state_history_is_no_person_in_a_real_world_dictionary(tmp_path):
    path = tmp_path / "states.actors.txt"
    path.write_text("ARMENIA_\n+YEREVAN_\n+GYUMRI\n\t[USRARM <900823]\n\t[ARMUNR 900823-911221]\n\t[ARM >911221]\n"
                    "LEVON_TER_PETROSYAN_\n\t[ARMGOV 900804-980203]\n\t[ARMELI]\n", encoding="utf-8")
    people = import_actors(path, states={"ARM"})["people"]
    assert [p["name"] for p in people] == ["Levon Ter Petrosyan"]


def test_plain_one_word_names_of_a_real_world_dictionary_are_dropped(tmp_path):
    path = tmp_path / "groups.actors.txt"
    path.write_text("TIGERS [SWZREB]\n313 [PAKREB]\nTANZIM\n+ORGANIZATION\n\t[PSEREB]\nGREENPEACE [NGOENV]\n"
                    "FRANCS_TIREURS_(MAVERICKS) [FRAREB]\n", encoding="utf-8")
    groups = {g["name"]: g["names"] for g in import_actors(path, states={"SWZ", "PAK", "PSE", "FRA"})["groups"]}
    assert groups == {"Greenpeace": ["Greenpeace"],  # the sole name of an NGO is kept
                      "Francs Tireurs (Mavericks)": ["Francs Tireurs (Mavericks)"]}  # no acronym in brackets
