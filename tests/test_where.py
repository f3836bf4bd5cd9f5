"""The gazetteer and the event locator (dyads.where), on sentences parsed with the real spaCy pipeline."""
from __future__ import annotations

import pytest

from dyads.model import Place
from dyads.parse import load_nlp
from dyads.where import Locator, dateline_place, default_gazetteer, fold_name


@pytest.fixture(scope="module")
def gazetteer():
    return default_gazetteer()


@pytest.fixture(scope="module")
def locator(gazetteer):
    return Locator(gazetteer)


@pytest.fixture(scope="module")
def nlp():
    return load_nlp()


def where(nlp, locator, text: str, trigger: str) -> Place | None:
    doc = nlp(text)
    tok = next(t for t in doc if t.text == trigger)
    return locator.locate(tok, tok, tok.sent, locator.places(doc))


# ---- the gazetteer ----------------------------------------------------------------------------------------------------
def test_folding_drops_diacritics_apostrophes_and_hyphens():
    assert fold_name("Ḩamāh") == "hamah"
    assert fold_name("Ţarţūs") == "tartus"
    assert fold_name("Dar'a") == fold_name("Dar’a") == "dara"
    assert fold_name("Deir ez-Zor") == "deir ez zor"


def test_folded_names_find_the_same_place(gazetteer):
    hama = gazetteer.lookup("Hama")
    assert hama is not None and hama.country == "SYR"
    assert gazetteer.lookup("Ḩamāh") == hama
    tartus = gazetteer.lookup("Tartus")
    assert tartus is not None and tartus.country == "SYR"
    assert gazetteer.lookup("Ţarţūs") == tartus
    found = gazetteer.find("Shells fell on Ḩamāh and Ţarţūs.")
    assert [m.text for m in found] == ["Ḩamāh", "Ţarţūs"]
    assert {m.best.country for m in found} == {"SYR"}


def test_lookup_by_country_and_points(gazetteer):
    assert gazetteer.lookup("Tripoli", country="LBN").country == "LBN"
    syria = gazetteer.lookup("Syria")
    assert syria.country == "SYR"
    assert abs(syria.lat - 33.5) < 0.5 and abs(syria.lon - 36.3) < 0.5  # Damascus, its capital
    assert gazetteer.lookup("Texas").country == "USA"
    assert gazetteer.lookup("Nowhereville") is None


def test_longest_match_and_word_boundaries(gazetteer):
    found = gazetteer.find("Strikes hit the Gaza Strip and Homsville.")
    assert [m.text for m in found] == ["Gaza Strip"]


def test_english_words_are_not_places(gazetteer):
    assert gazetteer.find("Police said most of the reading was nice.") == []
    assert gazetteer.find("Most of the fighters fled.") == []
    assert gazetteer.find("us and them") == []  # "US" must be written with capitals


def test_regions_from_places_yaml(gazetteer):
    for name, country in (("Idlib province", "SYR"), ("Donbas", "UKR"), ("Darfur", "SDN"), ("West Bank", "PSE"),
                          ("Khyber Pakhtunkhwa", "PAK"), ("Nagorno-Karabakh", "AZE"), ("Tigray", "ETH")):
        place = gazetteer.lookup(name)
        assert place is not None and place.country == country, name


# ---- the locator ------------------------------------------------------------------------------------------------------
def test_governed_place_beats_incidental_one(nlp, locator):
    place = where(nlp, locator, "Russian jets bombed a market in Idlib, the Turkish foreign ministry in Ankara said.",
                  "bombed")
    assert place is not None and place.name == "Idlib" and place.country == "SYR"


def test_place_at_the_end_of_a_phrase(nlp, locator):
    place = where(nlp, locator, "Gunmen attacked an army post near Homs on Tuesday.", "attacked")
    assert place is not None and place.country == "SYR" and place.name == "Homs"


def test_homonym_decided_by_the_sentence(nlp, locator):
    libya = where(nlp, locator, "Militias clashed in Tripoli as Libya's rival governments traded blame.", "clashed")
    assert libya is not None and libya.name == "Tripoli" and libya.country == "LBY"
    lebanon = where(nlp, locator, "Militias clashed in Tripoli as Lebanon's parliament met in Beirut.", "clashed")
    assert lebanon is not None and lebanon.name == "Tripoli" and lebanon.country == "LBN"


def test_homonym_decided_by_an_adjective(nlp, locator):
    place = where(nlp, locator, "Gunmen stormed a checkpoint in Tripoli, the Lebanese army said.", "stormed")
    assert place is not None and place.country == "LBN"


def test_homonym_decided_by_a_qualifier(nlp, locator):
    texas = where(nlp, locator, "A bomb exploded in Paris, Texas, on Monday.", "exploded")
    assert texas is not None and texas.country == "USA"
    france = where(nlp, locator, "A bomb exploded in Paris on Monday.", "exploded")
    assert france is not None and france.country == "FRA"


def test_country_as_location(nlp, locator, gazetteer):
    place = where(nlp, locator, "Government troops clashed with rebels in Syria.", "clashed")
    assert place is not None and place.country == "SYR" and place.name == "Syria"
    assert place == gazetteer.lookup("Syria")


def test_region_from_places_yaml_as_location(nlp, locator):
    place = where(nlp, locator, "Sudanese paramilitaries attacked a camp for displaced people in Darfur.", "attacked")
    assert place is not None and place.name == "Darfur" and place.country == "SDN"


def test_diacritics_in_running_text(nlp, locator):
    place = where(nlp, locator, "Government forces shelled a village outside Ḩamāh on Friday.", "shelled")
    assert place is not None and place.name == "Hamah" and place.country == "SYR"


def test_demonyms_and_actors_are_not_locations(nlp, locator):
    assert where(nlp, locator, "Syrian rebels attacked government positions on Sunday.", "attacked") is None
    assert where(nlp, locator, "Russia attacked Ukraine.", "attacked") is None
    assert where(nlp, locator, "Moscow expelled two diplomats.", "expelled") is None


def test_no_location_when_none_is_mentioned(nlp, locator):
    assert where(nlp, locator, "The rebels seized two soldiers and demanded a ransom.", "seized") is None


def test_english_words_in_sentences_are_not_locations(nlp, locator):
    assert where(nlp, locator, "Police said the protesters threw stones at the officers.", "threw") is None
    assert where(nlp, locator, "Most of the fighters fled when the army shelled the town.", "shelled") is None


def test_dateline_place():
    kyiv = dateline_place("KYIV, Feb 24 (Reuters) - Russian forces attacked the city.")
    assert kyiv is not None and kyiv.country == "UKR"
    moscow = dateline_place("MOSCOW — The Kremlin said on Monday that talks had stalled.")
    assert moscow is not None and moscow.name == "Moscow" and moscow.country == "RUS"
    beirut = dateline_place("BEIRUT, Lebanon (AP) — Protesters blocked roads.")
    assert beirut is not None and beirut.country == "LBN"
    assert dateline_place("Officials said on Monday that the talks had stalled.") is None


def test_a_dateline_after_a_title_or_headline_line_is_found():
    moscow = dateline_place("Kremlin says talks stalled\n\nMOSCOW — The Kremlin said on Monday that talks had stalled.")
    assert moscow is not None and moscow.name == "Moscow"
    beirut = dateline_place("Syrian army retakes town\nBEIRUT (Reuters) -\nThe army retook the town.")
    assert beirut is not None and beirut.country == "LBN"
    # only the first lines: a place and a dash further down is no dateline
    assert dateline_place("A.\nB.\nC.\nD.\nMOSCOW — The Kremlin said on Monday that talks had stalled.") is None


def test_dateline_is_the_fallback(nlp, locator):
    doc = nlp("MOSCOW — Protesters clashed with riot police on Saturday.\n\nThe officers detained dozens of people.")
    tok = next(t for t in doc if t.text == "detained")
    place = locator.locate(tok, tok, tok.sent, locator.places(doc))
    assert place is not None and place.name == "Moscow" and place.country == "RUS"


def test_one_pass_per_document_is_cached(nlp, locator):
    doc = nlp("Troops shelled Aleppo. Rebels shelled Idlib.")
    assert locator.places(doc) is locator.places(doc)


def test_a_place_naming_a_thing_is_not_where_the_event_happened(code):
    (e,) = [e for e in code("The European Union condemned the breach of the Minsk agreements.") if e.cameo == "111"]
    assert e.location is None


def test_a_world_city_is_not_displaced_by_a_namesake_village_in_context(code):
    events = code("Ukraine asked for help. The UN Security Council met Ukraine's envoy in New York on Monday.")
    (e,) = [e for e in events if e.cameo == "040"]
    assert (e.location.name, e.location.country) == ("New York City", "USA")


# ---- the fast paths give the slow paths' answers -------------------------------------------------------------------
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_TEXT = st.lists(st.sampled_from(list("aZ -\n\t'’ʿ_/–.,ßÆéﬁ…½\u0301\u00a0Ḩ😀Ţ") + ["  ", "al-", "de "]),
                 max_size=30).map("".join) | st.text(max_size=40)


@settings(max_examples=400, deadline=None)
@given(_TEXT)
def test_folding_fast_equals_slow(text):
    from dyads.where.gazetteer import _fold_slowly, fold_with_offsets

    assert fold_with_offsets(text) == _fold_slowly(text, True)
    assert fold_with_offsets(text, apostrophes=False) == _fold_slowly(text, False)


def _capitalised_slowly(original: str) -> bool:
    import re

    from dyads.where.gazetteer import _PARTICLES

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


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(list("aAlLdDeE -–'’1Ⅻ.ß") + ["al-", "de ", "van ", "Bab"]), max_size=12).map("".join))
def test_capitalisation_check_fast_equals_slow(original):
    from dyads.where.gazetteer import _capitalised

    assert _capitalised(original) == _capitalised_slowly(original)


def test_sentence_numbers_follow_doc_sents(nlp):
    from dyads.where.locate import _sentence_numbers

    doc = nlp("Russia condemned it.\n\nThe US denied it. Then  it   rained.\n")
    expected = [k for k, s in enumerate(doc.sents) for _ in s]
    assert _sentence_numbers(doc) == expected and len(set(expected)) >= 3
    assert _sentence_numbers(nlp("")) == []
