"""Whole-article core recall (issue 14): acts the coder used to miss, on sentences the team wrote."""
from support import triples


# ---- an order to one's own side is the act ------------------------------------------------------------------------
def test_an_order_to_ones_own_troops_is_the_act_itself(code):
    # a decision taken, as "decided to" is: the withdrawal, done to the country the troops are in
    assert ("RUSGOV", "087", "LBY") in triples(
        code("The Russian president ordered a rapid withdrawal of Russian troops in Libya."))
    assert ("RUSMIL", "087", "LBY") in triples(
        code("The Russian president has ordered Russian troops to withdraw from Libya."))
    # ordering an act of force is making it
    assert ("FRAGOV", "195", "MLI") in triples(code("Macron ordered air strikes on militant camps in Mali."))


def test_an_order_to_anyone_else_stays_a_demand(code):
    assert triples(code("Russia ordered Ukraine to withdraw its troops from Donbas.")) == [("RUS", "1056", "UKR")]
    got = triples(code("A Kenyan court ordered the government to release the detained journalists."))
    assert ("KENJUD", "1053", "KENGOV") in got, got


# ---- a demand's addressee is the subject of the clause demanded ---------------------------------------------------
def test_the_one_asked_is_the_subject_of_the_demanded_clause_even_when_the_act_is_deeper(code):
    got = triples(code("Russia has demanded that Turkey use its influence in Idlib to disarm the rebels."))
    assert got and all(s == "RUS" and c.startswith("10") and t == "TUR" for s, c, t in got), got
    # the act directly demanded keeps its subject as the one asked
    assert ("USAGOV", "1056", "RUSGOV") in triples(
        code("Washington demanded that Moscow withdraw its troops from Georgia."))


# ---- a meeting in the country of the one met is hosted by it ------------------------------------------------------
def test_a_meeting_in_the_country_of_the_one_met_is_a_visit_it_hosts(code):
    got = triples(code("The Japanese foreign minister held talks with his Indian counterpart in New Delhi on Monday."))
    assert ("JPNGOV", "046", "INDGOV") in got and ("INDGOV", "043", "JPNGOV") in got, got
    got = triples(code("Speaking after talks with Angela Merkel in Berlin, the Polish president said the two "
                       "countries would cooperate.", published="2019-01-10"))
    assert ("DEUGOV", "043", "POLGOV") in got, got


def test_a_meeting_at_home_or_elsewhere_hosts_no_visit(code):
    for sentence in ("The Japanese foreign minister held talks with his Indian counterpart in Tokyo on Monday.",
                     "The Japanese foreign minister met his Indian counterpart at the summit in Geneva."):
        got = triples(code(sentence))
        assert any(c.startswith("04") for _, c, _ in got) and not any(c == "043" for _, c, _ in got), got


# ---- a light verb over a measure of acts --------------------------------------------------------------------------
def test_a_light_verb_over_a_measure_takes_the_act_of_its_of_phrase(code):
    assert ("SAU", "195", "YEMREB") in triples(
        code("The Saudi-led coalition has launched hundreds of airstrikes against Houthi rebels."))
    got = triples(code("Israeli jets carried out a series of raids on Hamas positions in Gaza."))
    assert any(s == "ISRMIL" and c.startswith("19") and t == "PSEREB" for s, c, t in got), got


# ---- targets named by their members, and the authors of what is criticised ----------------------------------------
def test_a_group_named_by_its_members_is_those_members(code):
    got = triples(code("The Chinese president urged Asian countries, including Japan and Vietnam, to talk."))
    assert ("CHNGOV", "020", "JPN") in got or any(t == "JPN" and c.startswith("02") for _, c, t in got), got


def test_words_against_a_thing_someone_made_are_against_its_author(code):
    assert ("CHN", "111", "JPNGOV") in triples(code("China has hit back at comments made by the Japanese prime minister."))
    assert ("IRN", "111", "SAU") in triples(code("Iran condemned the statement issued by Saudi Arabia."))
    # acts of force are done to what they hit, not to its maker
    got = triples(code("Rebels attacked a convoy escorted by Turkish troops in Idlib."))
    assert not any(c.startswith("19") and t == "TURMIL" and s == "TURMIL" for s, c, t in got), got


# ---- reported speech by signalling ---------------------------------------------------------------------------------
def test_what_a_leader_signalled_is_reported_speech(code):
    got = triples(code("In the speech, the British foreign secretary signalled that Britain would impose new "
                       "sanctions on Iran."))
    assert any(s == "GBR" and c.startswith("13") and t == "IRN" for s, c, t in got), got


# ---- a modal head whose act is a noun after a preposition ---------------------------------------------------------
def test_a_commitment_to_an_act_named_by_a_noun(code):
    got = triples(code("The US secretary of state committed to ongoing airstrikes against the Taliban."))
    assert ("USAGOV", "1384", "AFGREB") in got, got


# ---- the Kurds, and the latter ------------------------------------------------------------------------------------
def test_the_kurds_are_cameos_ethnic_actor(code):
    assert ("TUR", "138", "KUR") in triples(
        code("Turkey will launch a military operation against the Kurds in northern Syria within days, Erdogan said."))
    assert ("KURREB", "190", "IMGISI") in triples(code("Kurdish fighters attacked Isis positions."))


def test_the_latter_and_the_former_are_the_pair_named_before(code):
    got = triples(code("Kurdish militants vowed to fight the Turkish military and their Syrian rebel proxies after "
                       "the latter swept into Afrin, seizing control from Kurdish forces."))
    assert ("SYRREB", "192", "KURREB") in got, got
    got = triples(code("Russia and China blocked the resolution. The former said it would veto any sanctions on Syria."))
    assert any(s == "RUS" and t == "SYR" for s, _, t in got) and not any(s == "CHN" and t == "SYR" for s, _, t in got)
    assert triples(code("The former president criticised the plan.")) == []


# ---- a span of time is no act ---------------------------------------------------------------------------------------
def test_an_event_noun_giving_a_span_of_time_is_not_an_event(code):
    got = triples(code("Washington and Ankara have been at odds throughout the US partnership with the Kurds."))
    assert not any(c.startswith("05") for _, c, _ in got), got


# ---- a passive infinitive under a verb of belief or report ----------------------------------------------------------
def test_a_passive_infinitive_takes_its_patient_from_the_clause_above(code):
    assert ("KURREB", "190", "TURMIL") in triples(
        code("Two Turkish soldiers are believed to have been killed by Kurdish militants."))
    assert ("IMGISI", "181", "IRQMIL") in triples(
        code("Three Iraqi soldiers were reported to have been kidnapped by Isis fighters."))


def test_a_hedged_member_of_a_list_is_not_coded(code):
    got = triples(code("The British hostages are understood to have been interrogated by the CIA and possibly MI5 "
                       "and MI6."))
    assert ("USASPY", "090", "GBRCVL") in got and not any(s == "GBRSPY" for s, _, _ in got), got
    got = triples(code("Russia was condemned by France, Germany and perhaps Italy."))
    assert {s for s, _, _ in got} == {"FRA", "DEU"}, got


# ---- whom an act helps is not its target ----------------------------------------------------------------------------
def test_the_one_an_act_supports_is_not_its_target(code):
    got = triples(code("The US-led coalition has launched hundreds of airstrikes in support of Kurdish forces."))
    assert not any(t == "KURREB" for _, _, t in got), got
    got = triples(code("Russian jets bombed rebel positions in Idlib in support of the Syrian army."))
    assert ("RUSMIL", "195", "SYRREB") in got and not any(t == "SYRMIL" for _, _, t in got), got
