"""Importers of PETRARCH/TABARI dictionaries (dyads.actors.petrarch, dyads.events.petrarch), on small dictionaries
written here."""
from __future__ import annotations

import datetime as dt
import json

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


# ---- a PETRARCH 2 dictionary (CAMEO.2.0.txt's format) as a reference layer ------------------------------------------
PETRARCH2 = """&FOOD
+FOOD
+MEDICINE

---  STRIP   [---]  ---
STRIP {STRIPS STRIPPED STRIPPING}
- * (OF CITIZENSHIP)                 [170]         # STRIP

---  SEND   [070]  ---
SEND
DISPATCH
- * {HUMANITARIAN AID}               [073]         # SEND
- * &FOOD                            [073]         # SEND , DISPATCH
- * (TO)                             [154]         # SEND
- * STATEMENT                        [010]         # SEND
- * DEFEAT                           [---]         # SEND
- $ * (TO +)                         [060]         # SEND
- * TROOPS                           [154]         # oy 14 Mar 2006

---  SHOOT   [190]  ---
SHOOT {SHOOTS SHOT SHOOTING}
- * DOWN                             [190]         # SHOOT

---  ASK   [020]  ---
ASK
+ASK_FOR {+ASKED_FOR +ASKING_FOR +ASKS_FOR} [020]
- * (FOR {JUDICIAL ASSISTANCE})      [0213]        # ASK

---  EXTRADITE   [---]  ---
+HAND_OVER {+HANDED_OVER +HANDING_OVER +HANDS_OVER} [063]
- * (FOR {JUDICIAL PROCEEDINGS})     [063]         # HAND_OVER

---  ARRANGE   [---]  ---
SET
- * FIRE (TO FLAG)                   [140]         # SET
- * FIRE                             [180]         # SET

---  ZORBLE   [---]  ---
ZORBLE
- * (OF VISAS)                       [172]         # ZORBLE
"""


@pytest.fixture()
def petrarch2(tmp_path):
    path = tmp_path / "CAMEO.test.txt"
    path.write_text(PETRARCH2, encoding="utf-8")
    return path


def test_reference_import_turns_petrarch2_patterns_into_object_and_preposition_senses(petrarch2):
    from dyads.events.petrarch import import_reference_with_counts

    spec, counts = import_reference_with_counts(petrarch2)
    verbs = spec["verbs"]
    assert spec["reference"] is True
    assert verbs["strip of"] == [{"code": "170", "object": ["citizenship"]}]  # "(OF X)": the key's preposition
    # "{HUMANITARIAN AID}" is one noun phrase; a synset gives its members, plural nouns their lemma as well
    assert verbs["send"] == [{"code": "073", "object": ["humanitarian aid"]},
                             {"code": "073", "object": ["food", "medicine"]},
                             {"code": "154", "object": ["troop", "troops"]}]
    # a pattern its comment names SEND for is SEND's, not its synonym's; one naming no verb is the whole block's
    assert verbs["dispatch"] == [{"code": "073", "object": ["food", "medicine"]},
                                 {"code": "154", "object": ["troop", "troops"]}]
    assert verbs["shoot down"] == [{"code": "190"}]  # a particle alone: the phrasal verb's general sense
    assert "shoot" not in verbs  # a one-word verb's own code is left out (broad verbs: noise on real articles)
    # appeals and intents are the heads' (modality.yaml), not a plain verb's object: left out, and ASK with them
    assert "ask for" not in verbs and counts["patterns coded 02… (left out)"] == 1
    # a phrasal form's braces are inflections spaCy lemmatises to the form itself: one key, "hand over"
    assert verbs["hand over"] == [{"code": "063"}] and "handed over" not in verbs
    assert verbs["hand over for"] == [{"code": "063", "object": ["judicial proceeding", "judicial proceedings"]}]
    # an object with a phrase of its own is a surface pattern of those words (flag burning is not arson)
    assert verbs["set to"] == [{"code": "140", "pattern": "* (fire|fires) to (flag|flags)"}]
    assert verbs["set"] == [{"code": "180", "object": ["fire"]}]
    assert counts["patterns coded 01… (left out)"] == 1
    assert counts["null-coded patterns (left out)"] == 1
    assert counts["patterns naming only a preposition as the target's place (left out)"] == 1
    assert counts["patterns not converted: words before the verb"] == 1
    TriggerIndex.from_spec(spec)  # every code is CAMEO's


def test_reference_layer_is_written_compactly_and_reads_back(petrarch2, tmp_path):
    from dyads.events.petrarch import import_reference_with_counts, reference_header

    spec, counts = import_reference_with_counts(petrarch2)
    out = tmp_path / "ref.yaml"
    write_yaml(spec, out, reference_header(petrarch2, counts))
    text = out.read_text(encoding="utf-8")
    assert text.startswith("# converted from CAMEO.test.txt (sha256 ")
    assert '    - {code: "073", object: &food [food, medicine]}' in text  # a synset's list once, as an anchor
    assert '    - {code: "073", object: *food}' in text
    back = yaml.safe_load(text)
    assert back["verbs"] == spec["verbs"] and back["reference"] is True


def _index(verbs: dict) -> TriggerIndex:
    return TriggerIndex.from_spec({"verbs": verbs})


def test_a_reference_layer_never_overrides_a_curated_sense():
    curated = _index({"kill": [{"code": "190", "target": ["in"]}],
                      "deliver": [{"object": ["aid"], "code": "070"}],
                      "say": []})
    reference = _index({"kill": [{"code": "202", "object": ["civilian"]}],  # the curated general sense has it
                        "deliver": [{"code": "073", "object": ["aid"]}, {"code": "110", "object": ["rebuke"]}],
                        "strip of": [{"code": "170", "object": ["citizenship"]}],
                        "say": [{"code": "010"}], "say out": [{"code": "010"}]})
    index = curated.below(reference, frozenset({"say"}))
    assert [s.code for s in index.verb_senses("kill")] == ["190"]
    # only the object the curated senses do not list, after them
    assert [(s.code, sorted(s.objects), s.layer) for s in index.verb_senses("deliver")] == [
        ("070", ["aid"], "curated"), ("110", ["rebuke"], "curated")]
    assert [s.code for s in index.verb_senses("strip of")] == ["170"]  # a key verbs.yaml lacks: taken whole
    assert index.verb_senses("say out") == []  # speech verbs get no sense from below


def test_a_reference_key_with_a_preposition_never_shadows_the_curated_verb():
    curated = _index({"attack": [{"code": "190"}], "sign": [{"object": ["deal"], "code": "057"}],
                      "step up": [{"object": ["patrol"], "code": "153"}]})
    reference = _index({"attack with": [{"code": "194", "object": ["knife"]}],  # tried before "attack"
                        "sign with": [{"code": "060", "object": ["deal", "manufacturer"]}],
                        "shoot down": [{"code": "190"}],
                        "step up": [{"code": "060"}]})
    index = curated.below(reference)
    assert index.verb_senses("attack with") == []  # the general "attack" codes it
    assert [sorted(s.objects) for s in index.verb_senses("sign with")] == [["manufacturer"]]  # "deal" is sign's
    assert [s.code for s in index.verb_senses("shoot down")] == ["190"]  # a particle: a verb of its own
    # a key coded only for some objects takes the lower general sense, last
    assert [(s.code, sorted(s.objects)) for s in index.verb_senses("step up")] == [("153", ["patrol"]), ("060", [])]


def test_the_reference_layer_skips_speech_verbs_modal_heads_and_light_verbs():
    from dyads.events.patterns import build_triggers, default_triggers, reference_skips, verb_file

    skips = reference_skips(default_triggers())
    assert {"say", "want", "urge", "hold", "launch", "conduct"} <= skips
    index = build_triggers([verb_file("phoenix")])
    for key in ("want", "hold", "conduct", "launch"):
        assert all(s.layer != "verbs_phoenix" for s in index.verb_senses(key)), key


def test_a_curated_lower_layer_may_refine_a_general_sense():
    curated = _index({"blast": [{"code": "111", "target": ["over"]}]})
    lower = _index({"blast": [{"code": "183", "object": ["house", "building"]}, {"code": "111", "object": ["plan"]},
                              {"code": "112"}]})
    plain = curated.below(lower)
    assert [s.code for s in plain.verb_senses("blast")] == ["111"]
    refined = curated.below(lower, refine_general=True)
    senses = refined.verb_senses("blast")
    # the object sense comes before the general one and keeps its target prepositions; the lower layer's general
    # sense and the object the general sense already codes as 111 are not taken
    assert [(s.code, sorted(s.objects), s.target_preps) for s in senses] == [
        ("183", ["building", "house"], ("over",)), ("111", [], ("over",))]


def test_a_user_reference_dictionary_goes_below_the_built_in_one(tmp_path):
    from dyads.events.patterns import build_triggers, default_triggers

    path = tmp_path / "ref.verbs.yaml"
    path.write_text('reference: true\nverbs:\n  condemn:\n    - {code: "020"}\n  zorble:\n    - {code: "020"}\n',
                    encoding="utf-8")
    index = build_triggers([path])
    assert index.verb_senses("condemn") == default_triggers().verb_senses("condemn")
    assert [(s.code, s.layer) for s in index.verb_senses("zorble")] == [("020", "ref.verbs")]


def test_the_phoenix_layer_is_opt_in_and_goes_below_the_built_in_dictionary(tmp_path, capsys):
    from dyads.cli import main
    from dyads.data import load_yaml
    from dyads.events.patterns import build_triggers, default_triggers, verb_file

    # not loaded by default: on the whole-article gold it lowered held-out precision (dyads/data/README.md)
    assert all(s.layer != "verbs_phoenix" for key in ("rush", "deliver", "send")
               for s in default_triggers().verb_senses(key))
    assert verb_file("phoenix").endswith("verbs_phoenix.yaml") and verb_file("mine.yaml") == "mine.yaml"
    index = build_triggers([verb_file("phoenix")])
    assert "rush" not in load_yaml("verbs.yaml")["verbs"]
    assert [(s.code, s.layer) for s in index.verb_senses("rush") if "aid" in s.objects] == [("070", "verbs_phoenix")]
    assert index.verb_senses("deliver")[0].layer == "curated"  # the built-in senses first
    article = tmp_path / "a.txt"
    article.write_text("Japan rushed aid to Turkey after the earthquake.\n", encoding="utf-8")
    capsys.readouterr()
    assert main(["code", str(article), "--published", "2023-02-08", "--verbs", "phoenix", "--format", "jsonl"]) == 0
    got = [json.loads(line) for line in capsys.readouterr().out.splitlines() if line.strip()]
    assert [(e["source"]["code"], e["cameo"], e["target"]["code"]) for e in got] == [("JPN", "070", "TUR")]


def test_import_petrarch_reference_writes_a_layer_the_coder_reads_below_the_built_in_one(petrarch2, tmp_path):
    from dyads.cli import main
    from dyads.events.patterns import build_triggers

    assert main(["dict", "import-petrarch", "--verbs", str(petrarch2), "--reference",
                 "--out", str(tmp_path / "ref.yaml")]) == 0
    written = tmp_path / "ref.verbs.yaml"
    assert yaml.safe_load(written.read_text(encoding="utf-8"))["reference"] is True
    index = build_triggers([written])
    assert [(s.code, sorted(s.objects), s.layer) for s in index.verb_senses("zorble of")] == [
        ("172", ["visa", "visas"], "ref.verbs")]


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
