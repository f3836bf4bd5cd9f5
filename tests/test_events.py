"""The event coder, phenomenon by phenomenon, on sentences the team wrote."""
import pytest

from support import triples


def one(events):
    assert len(events) == 1, [(e.source.code, e.cameo, e.target and e.target.code, e.trigger) for e in events]
    return events[0]


# ---- the basic dyad ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize("sentence, expected", [
    ("Russia condemned the United States.", ("RUS", "111", "USA")),
    ("The European Union imposed sanctions on Belarus.", ("IGOEUREEC", "163", "BLR")),
    ("Two U.S. warships fired cruise missiles at a Syrian airbase.", ("USAMIL", "195", "SYR")),
    ("Turkey's foreign minister met his Iranian counterpart.", ("TURGOV", "040", "IRNGOV")),
    ("China recognised the independence of Kosovo.", ("CHN", "054", "KOS")),
    ("Japan sent humanitarian aid to Turkey.", ("JPN", "073", "TUR")),
    ("Israeli police arrested a Palestinian journalist.", ("ISRCOP", "173", "PSEMED")),  # CAMEO MED: media
])
def test_subject_verb_object(code, sentence, expected):
    assert expected in triples(code(sentence))


def test_passive_voice_swaps_source_and_target(code):
    assert triples(code("Syria was attacked by Israeli warplanes.")) == [("ISRMIL", "190", "SYR")]


def test_passive_without_agent_has_no_source(code):
    assert code("Syria was attacked on Monday.") == []


def test_coordination_gives_one_event_per_pair(code):
    got = triples(code("France and Germany condemned Russia and Belarus."))
    assert sorted(got) == [("DEU", "111", "BLR"), ("DEU", "111", "RUS"), ("FRA", "111", "BLR"),
                           ("FRA", "111", "RUS")]


def test_light_verb_takes_its_code_from_the_event_noun(code):
    assert ("RUSGOV", "046", "UKRGOV") in triples(code("Moscow held talks with Kyiv."))
    assert ("RUSGOV", "195", "SYRREB") in triples(code("The Kremlin launched air strikes against Syrian rebels."))


def test_nominalisation_with_possessor(code):
    assert ("RUS", "054", "PSE") in triples(code("Russia's recognition of Palestine angered Israel."))


def test_headline_without_finite_verb(code):
    assert ("RUS", "195", "UKR") in triples(code("Russian strikes on Ukraine"))


def test_relative_clause_subject(code):
    got = triples(code("Turkish troops, who shelled Syrian villages, crossed into Iraq."))
    assert any(s == "TURMIL" and c.startswith("19") for s, c, _ in got)


def test_relative_clause_object(code):
    got = triples(code("Mohammed bin Salman, whom Turkey accuses of ordering the murder, visited Paris.",
                       published="2019-01-10"))
    assert ("TUR", "112", "SAUGOV") in got


# ---- modality ---------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("sentence", [
    "NATO did not attack Russia.",
    "Germany never sent tanks to Ukraine.",
    "Iran hasn't condemned the attack on Israel.",
    "If Russia attacks Ukraine, NATO will respond.",
    "Russia would attack Ukraine if NATO expanded.",
    "China could impose sanctions on Taiwan.",
])
def test_negated_and_hypothetical_events_are_not_emitted(code, sentence):
    assert [c for _, c, _ in triples(code(sentence)) if c[:2] in ("19", "16", "11", "07")] == []


@pytest.mark.parametrize("sentence, kept, purpose", [
    ("Egypt sent troops to Libya on Monday to fight the Libyan rebels.", ("EGY", "154", "LBY"), ("19", "LBYREB")),
    ("The Spanish foreign minister met his Italian counterpart in Rome to discuss Libya.",
     ("ESPGOV", "040", "ITAGOV"), ("04", "LBY")),
])
def test_an_infinitive_of_purpose_is_not_the_act(code, sentence, kept, purpose):
    """The act is coded, its purpose is not (the meeting in Rome is also Italy hosting the visit: 043)."""
    got = triples(code(sentence, published="2019-01-10"))
    assert kept in got
    root, target = purpose
    assert [t for t in got if t[1].startswith(root) and t[2] == target] == []


@pytest.mark.parametrize("sentence, expected", [
    ("Britain is in Iraq to fight the Islamic State.", ("GBR", "190", "IMGISI")),  # a copula's purpose: its mission
    ("The United States will work with its allies to expel Iranian forces from Iraq.", ("USA", "174", "IRNMIL")),
])
def test_the_purpose_of_a_mission_or_a_plan_is_kept(code, sentence, expected):
    assert expected in triples(code(sentence, published="2019-01-10"))


def test_an_act_set_before_the_news_by_an_adverb_is_background(code):
    assert code("Japan and Korea had previously backed the Kurdish militia.", published="2019-01-10") == []
    assert code("Trump has called for a withdrawal from Syria before.", published="2019-01-10") == []
    # a conjunct keeps its own time
    assert ("JPN", "154", "IRQ") in triples(code("Japan had previously sent aid to Turkey, and on Monday sent troops "
                                                 "to Iraq.", published="2019-01-10"))


def test_the_consequence_of_a_condition_is_no_act_unless_it_threatens_force(code):
    got = triples(code("Turkish officials have often said that they would welcome a Syrian takeover of the border "
                       "towns if that meant removing the Kurdish militia.", published="2019-01-10"))
    assert not any(c.startswith("03") for _, c, _ in got), got  # no welcome (032) of a conditional takeover
    assert code("Russia said it would hold talks with Ukraine if Kyiv withdrew its troops.",
                published="2019-01-10") == []
    assert ("IRN", "138", "ISR") in triples(code("Iran said it would attack Israel if the strikes continued.",
                                                 published="2019-01-10"))


def test_an_event_noun_supposed_as_the_subject_of_a_prediction_is_no_announcement(code):
    assert code("“A US withdrawal from Iraq would give Iran the chance to expand its influence,” Pompeo said.",
                published="2019-01-10") == []
    # a known act, named definitely, keeps its reading
    assert ("RUS", "030", "TUR") in triples(code("“The agreement between Russia and Turkey will be seen as a "
                                                 "success,” Lavrov said.", published="2019-01-10"))


def test_ruled_out_is_not_a_fight(code):
    assert not any(c.startswith(("18", "19", "20")) for _, c, _ in triples(
        code("NATO ruled out engaging Russia militarily.")))


@pytest.mark.parametrize("sentence, expected", [
    ("Russia wants to engage in diplomacy with Ukraine.", ("RUS", "036", "UKR")),
    ("The US pledged to send weapons to Ukraine.", ("USA", "0332", "UKR")),
    ("Iran is considering talks with the US.", ("IRN", "014", "USA")),
    ("Japan is considering sending aid to North Korea.", ("JPN", "014", "PRK")),
    ("Kyiv sought military aid from Washington.", ("UKRGOV", "0232", "USAGOV")),
    ("The EU urged Iran to release the detained journalists.", ("IGOEUREEC", "0253", "IRN")),
    ("China called on Japan to hold talks.", ("CHN", "026", "JPN")),
    ("Russia demanded that NATO withdraw its troops from Poland.", ("RUS", "1056", "IGOWSTNAT")),
    ("Iran refused to meet US negotiators.", ("IRN", "125", "USAGOV")),
    ("Russia threatened to use force against Ukraine.", ("RUS", "138", "UKR")),
    ("Turkey threatened to impose sanctions on Sweden.", ("TUR", "1312", "SWE")),
    ("The US will impose sanctions on Iran.", ("USA", "1312", "IRN")),
    ("Japan will host talks with South Korea.", ("JPN", "036", "KOR")),
])
def test_heads_turn_events_into_intents_appeals_demands_refusals_threats(code, sentence, expected):
    got = triples(code(sentence))
    assert expected in got
    assert not any(c.startswith(("19", "16", "07", "04")) and c != expected[1] for _, c, _ in got), got


def test_plain_intent_to_fight_is_no_event(code):
    assert triples(code("Russia plans to attack Ukraine.")) == []


# ---- claims and reported speech ---------------------------------------------------------------------------------
def test_reported_event_carries_the_speaker_as_attribution(code):
    e = one(code("Britain said Russian troops shelled Ukrainian villages."))
    assert (e.source.code, e.cameo, e.target.code, e.attribution.code) == ("RUSMIL", "194", "UKR", "GBR")


def test_speaker_who_is_the_victim_accuses(code):
    assert triples(code("Russia said Ukraine shelled Russian villages.")) == [("RUS", "112", "UKR")]


def test_reported_plan_of_conflict_is_an_accusation(code):
    assert triples(code("Russia said the US was planning strikes.")) == [("RUS", "112", "USA")]


def test_according_to(code):
    e = one(code("Israeli jets bombed Gaza, according to the United Nations."))
    assert e.attribution is not None and e.attribution.org == "UN"


def test_first_person_in_a_quote_is_the_speaker(code):
    assert ("RUSGOV", "072", "SYR") in triples(code("We provide military assistance to Syria, Russian officials said."))


def test_quote_before_the_speaker(code):
    got = triples(code("“We will never recognise the annexation,” Ukraine's foreign minister said."))
    assert not any(c == "054" for _, c, _ in got)


# ---- output details ---------------------------------------------------------------------------------------------
def test_event_fields(code):
    e = one(code("Russia condemned the United States on Monday.", published="2022-02-22"))
    assert (e.cameo, e.cameo_root, e.quad_class, e.goldstein) == ("111", "11", 3, -2.0)
    assert e.plover == {"event": "ACCUSE", "mode": None} or e.plover["event"] == "ACCUSE"
    assert e.date == "2022-02-21" and e.date_precision == "day"
    assert e.sentence[e.trigger_start:e.trigger_end] == "condemned"
    assert 0 < e.confidence <= 1


def test_same_input_same_ids(code):
    a = code("Russia condemned the United States.")
    b = code("Russia condemned the United States.")
    assert [e.id for e in a] == [e.id for e in b]


def test_no_event_without_a_known_verb(code):
    assert code("The weather in Moscow was cold and the United States is large.") == []


def test_statements_are_not_emitted(code):
    assert code("Russia made a statement about the United States.") == []


def test_the_same_event_twice_in_an_article_is_one_event_that_counts_its_mentions(code):
    from dyads.confidence import default_model

    once = code("Russia condemned the United States.")
    twice = code("Russia condemned the United States. Moscow said more. Russia condemned the United States again.")
    condemn = [e for e in twice if e.cameo == "111" and e.source.code == "RUS"]
    assert len(condemn) == 1 and condemn[0].sentence_index == 0
    assert once[0].evidence["mentions"] == 1 and condemn[0].evidence["mentions"] == 2
    # the confidence is the fitted model's probability, which reads the repetition
    assert condemn[0].confidence == round(default_model().probability(condemn[0].to_dict()), 3)


# ---- scope: background acts, sports, discards -------------------------------------------------------------------
def test_an_old_act_recalled_by_years_after_is_not_coded_again(code):
    got = triples(code("Iran restored diplomatic ties with Saudi Arabia seven years after protesters stormed the "
                       "Saudi embassy in Tehran."))
    assert got == [("IRN", "054", "SAU")]  # the storming of the embassy is background, not today's event


def test_a_recent_act_after_another_is_still_coded(code):
    got = triples(code("Israeli jets struck Gaza after Hamas fired rockets at Israel."))
    # the place struck stands for its country; Hamas, in the "after" clause, is not the target of the strike
    assert ("ISRMIL", "190", "PSE") in got and ("PSEREB", "194", "ISR") in got


def test_an_act_the_clause_marks_as_earlier_is_background(code):
    assert triples(code("Russia and the United States had previously backed the Kurdish militia, but both stayed "
                        "out of the fighting.")) == []
    assert triples(code("Turkey formerly supported the Syrian rebels.")) == []
    assert triples(code("Trump has called for a withdrawal of US troops from Syria before, but was persuaded to "
                        "stay.")) == []
    # an act earlier on the day of the news is still news, and so is a repeated one
    assert ("RUS", "190", "UKR") in triples(code("Russia had earlier attacked Ukraine."))
    assert ("RUS", "190", "UKR") in triples(code("Russia once again attacked Ukraine."))


def test_what_something_depends_on_is_no_event(code):
    assert triples(code("What happens next in the east will depend largely on negotiations between Russia and "
                        "Ukraine.")) == []
    assert triples(code("The ceasefire hinges on talks between Israel and Hamas.")) == []


def test_sports_sentences_are_discarded(code):
    assert triples(code("Serbia beat Croatia 2-1 in the Champions League quarter-final on Tuesday.")) == []
    assert triples(code("Serbia condemned Croatia on Tuesday.")) != []


def test_a_users_story_discard_drops_the_article(tmp_path):
    from dyads.model import Article
    from dyads.pipeline import code_articles, make_coder

    verbs = tmp_path / "v.yaml"
    verbs.write_text("discards:\n  story: [typhoon]\n  sentence: [baseball]\n", encoding="utf-8")
    coder = make_coder(verb_files=[verbs])
    text = "Russia condemned the United States. A typhoon hit the coast."
    assert next(code_articles([Article(id="a", text=text)], coder=coder)).events == []
    text = "Russia condemned the United States. Japan criticised Cuba over baseball."
    assert triples(next(code_articles([Article(id="b", text=text)], coder=coder)).events) == [("RUS", "111", "USA")]


# ---- reported future, refusals, plural pronouns -----------------------------------------------------------------
def test_will_not_is_a_refusal_and_did_not_is_nothing(code):
    refused = triples(code("Iran will not release the British tanker."))
    assert refused and all(c.startswith("12") for _, c, _ in refused), refused
    assert triples(code("Iran did not release the British tanker.")) == []
    assert triples(code("Russia will not attack Ukraine.")) == []  # refusing a conflict is no event


def test_would_in_reported_speech_is_the_reported_will(code):
    got = triples(code("Ethiopia said it would allow UN aid convoys into Tigray."))
    assert got and all(s == "ETH" and c.startswith("03") for s, c, _ in got), got
    assert triples(code("Ethiopia would allow aid convoys into Tigray if the fighting stopped.")) == []


def test_they_in_a_claim_is_the_group_that_claims(code):
    got = triples(code("The Houthis claimed that they had attacked a Saudi oil facility."))
    assert got and got[0][0].endswith("REB") and got[0][0].startswith(("YEM", "IMG")), got
    assert got[0][1].startswith(("18", "19")) and got[0][2] == "SAU"


def test_will_not_on_a_head_is_no_refusal_by_the_embedded_subject(code):
    got = triples(code("Russia will not allow Ukraine to join NATO."))
    assert not [t for t in got if t[0] == "UKR"], got


# ---- copular adjectives, demands in reported speech, documents and weapons as subjects --------------------------
def test_an_adjective_after_be_carries_the_event(tmp_path):
    from dyads.model import Article
    from dyads.pipeline import code_articles, make_coder

    verbs = tmp_path / "v.yaml"  # the mechanism, apart from what the built-in dictionary holds
    verbs.write_text('verbs:\n  "be wary of":\n    - {code: "012", target: [of]}\n  "be glad":\n'
                     '    - {code: "013"}\n', encoding="utf-8")
    coder = make_coder(verb_files=[verbs])

    def coded(text):
        return triples(next(code_articles([Article(id="a", text=text)], coder=coder)).events)

    assert coded("Japan is wary of China.") == [("JPN", "012", "CHN")]
    assert coded("Germany said it was glad about the vote.") == []  # glad, but towards no one: no dyad
    assert coded("Germany said it was glad about the deal with Italy.") == [("DEU", "013", "ITA")]
    assert coded("Japan is not wary of China.") == []


def test_declining_to_comment_is_decline_comment(code):
    # "declined to comment" is neither a refusal (12x) nor, done towards no one, an event a careful coder lists
    assert triples(code("The Kremlin declined to comment on the report.")) == []


def test_must_in_reported_speech_is_the_speakers_demand(code):
    assert triples(code("Russia says Israel must end its attacks on Syria.")) == [("RUS", "1056", "ISR")]
    assert triples(code("Israel must end its attacks on Syria.")) == []  # no one demands it: a hypothesis
    assert triples(code("Putin said Russia must withdraw its troops from Syria.")) == []  # own policy, no demand


def test_a_report_speaks_for_whoever_issued_it(code):
    got = triples(code("The U.S. Senate committee issued a report that calls on the Pentagon to release the files."))
    assert got == [("USALEG", "0253", "USAMIL")]  # appealing for a release, not releasing


def test_a_weapon_acts_for_whoever_fired_it(code):
    got = triples(code("The missiles fired by the Israeli military struck a depot of the Syrian army."))
    assert got == [("ISRMIL", "190", "SYRMIL")]


def test_light_verb_object_split_by_the_parser(code):
    got = triples(code("The U.S. military launched air and artillery strikes on Syrian government troops."))
    assert got and got[0][:2] == ("USAMIL", "195") and got[0][2].startswith("SYR"), got


def test_a_date_that_modifies_another_noun_does_not_date_the_event(code):
    events = code("Donald Trump defended Russia over claims of interference in the 2016 election.",
                  published="2018-07-17")
    assert triples(events) == [("USAGOV", "052", "RUS")]  # Trump held no office in 2016
    assert events[0].date == "2018-07-17"


def test_call_for_before_a_clause(code):
    got = triples(code("The UN team called for senior Myanmar generals to be tried."))
    assert got and got[0][0].startswith("IGOUNO") and got[0][1] == "020" and got[0][2] == "MMRMIL", got


def test_claiming_ones_own_attack_is_also_claiming_responsibility(code):
    got = triples(code("The Houthis claimed that they had attacked the Saudi airport of Abha."))
    assert ("YEMREB", "190", "SAU") in got and ("YEMREB", "015", "SAU") in got, got
    got = triples(code("Russia claimed that Ukraine attacked Belgorod."))
    assert not [t for t in got if t[1] == "015"], got  # a claim about another's act is no claim of responsibility


def test_announcing_a_verbal_conflict_is_making_it(code):
    assert triples(code("Russia will investigate the Ukrainian company.")) == [("RUS", "090", "UKRBUS")]  # no threat
    assert triples(code("Hungary said it will refuse to comply with the European Commission.")) == [
        ("HUN", "123", "IGOEUREECCOM")]


def test_cannot_is_a_refusal(code):
    got = triples(code("Bangladesh said it cannot accept any more refugees from Myanmar."))
    assert got and got[0][0] == "BGD" and got[0][1].startswith("12"), got
    assert triples(code("Russia can't attack Ukraine.")) == []  # refusing conflict is no event
    assert triples(code("Iran can meet the United States.")) == []  # an ability, not an act


def test_announcing_ones_own_plan_of_force_is_a_threat(code):
    assert triples(code("Russia said it plans to attack Ukraine.")) == [("RUS", "138", "UKR")]


def test_an_event_noun_made_by_someone(code):
    got = triples(code("Sudan condemned the threats made by the United States Government against Khartoum."))
    assert ("USAGOV", "130", "SDNGOV") in got, got


def test_an_object_pronoun_is_not_its_own_clauses_subject(code):
    assert ("RUSGOV", "051", "CHNGOV") in triples(code("Vladimir Putin met Xi Jinping and praised him."))
    got = triples(code("Ajak was freed after South Sudan President Salva Kiir pardoned him."))
    assert got == []  # "him" is Ajak, whom no dictionary knows, not Kiir: no one named, no dyad


def test_a_measure_undone_in_the_passive_is_undone_by_its_author(code):
    assert triples(code("UN sanctions against Iran were lifted in January.")) == [("IGOUNO", "085", "IRN")]
    assert ("ISR", "111", None) not in triples(code("Israeli strikes on Gaza were condemned."))


def test_a_measure_noun_lets_its_of_phrase_pick_the_sense(code):
    got = triples(code("Japan flew 13 tons of humanitarian aid into Turkey."))
    assert got and got[0][0] == "JPN" and got[0][1].startswith("07") and got[0][2] == "TUR", got


def test_an_unexplained_it_in_reported_speech_is_the_speaker(code):
    got = triples(code("The Assad regime said it would allow UN aid convoys into Idlib.", published="2020-03-01"))
    assert got and got[0][0] == "SYRGOV" and got[0][1].startswith("03"), got


def test_a_decision_taken_is_the_act(code):
    got = triples(code("Japan decided on Thursday to ease sanctions on North Korea."))
    assert got == [("JPN", "085", "PRK")]


def test_a_role_word_distributes_over_a_list_of_states(code):
    got = sorted(triples(code("Lawmakers in France and Germany condemned Russia.")))
    assert got == [("DEULEG", "111", "RUS"), ("FRALEG", "111", "RUS")]
    got = sorted(triples(code("Lawmakers and officials in Poland condemned Belarus.")))
    assert got == [("POLGOV", "111", "BLR"), ("POLLEG", "111", "BLR")]


def test_names_glued_by_adjectives_the_parser_calls_nouns_are_still_a_list(code):
    got = sorted(triples(code("Russia and the evil awful Ukraine held talks.")))
    assert got == [("RUS", "046", "UKR"), ("UKR", "046", "RUS")]


def test_a_present_tense_until_clause_is_a_condition(code):
    got = triples(code("Russia said it will not lift the ban until the EU provides details."))
    assert not [t for t in got if t[0].startswith("IGOEUR")], got  # the EU providing details is no event
    assert ("RUS", "087", "GEO") in triples(code("Fighting went on until Russia withdrew its troops from Georgia."))


def test_a_plan_noun_frames_its_infinitive(code):
    assert triples(code("Iran's plans to release the British prisoners were welcomed.")) == [("IRN", "0353", "GBRCVL")]  # prisoners are civilians
    assert triples(code("Britain's plans to impose sanctions on Iran were criticised.")) == []  # a plan of force


def test_a_demand_about_a_passive_clause_asks_no_one_named(code):
    # the one asked is whoever is to allow it, whom the sentence does not name: not Assad, and so no dyad
    assert triples(code("The US now says Assad should be allowed to remain in power.")) == []


def test_rarely_is_a_negation(code):
    assert triples(code("Israel rarely claims responsibility for its strikes in Syria.")) == []


# ---- the CAMEO codebook's news phrasings (dyads/data/verbs_codebook.yaml, a layer below verbs.yaml) --------------
@pytest.mark.parametrize("sentence, expected", [
    ("Turkey hit back at France over the comments.", ("TUR", "111", "FRA")),  # a retort, not a blow (190)
    ("Russia fired back at the United States over the accusations.", ("RUS", "111", "USA")),
    ("The United Arab Emirates reopened its embassy in Damascus.", ("ARE", "054", "SYRGOV")),
    ("The US secretary of state delivered a stinging rebuke to Iran.", ("USAGOV", "111", "IRN")),
    ("China took issue with the American remarks.", ("CHN", "110", "USA")),
    ("The United States held Iran responsible for the attack on the tanker.", ("USA", "112", "IRN")),
    ("Biden held a phone call with Xi Jinping.", ("USAGOV", "041", "CHNGOV")),  # not 020, an appeal
    ("North Korea test-fired a missile over Japan.", ("PRK", "150", "JPN")),  # a show of force, not an attack
    ("China revoked the visas of American journalists.", ("CHN", "172", "USAMED")),
    ("Iran rallied Arab states against Israel.", ("IRN", "113", "ISR")),
    ("Thousands of Palestinians rallied against Israel.", ("PSE", "141", "ISR")),  # not 053, rallying support
    ("China lodged a formal protest with Japan.", ("CHN", "114", "JPN")),  # a complaint, not a demonstration
    ("Russia blocked Ukrainian ports.", ("RUS", "191", "UKR")),
    ("Russian hackers attacked Ukraine's power grid.", ("RUSCRM", "176", "UKR")),
    ("Israel pointed the finger at Iran over the tanker attack.", ("ISR", "112", "IRN")),
    ("China played host to the Russian president.", ("CHN", "043", "RUSGOV")),
    ("The Syrian regime launched a chemical attack on Douma.", ("SYRGOV", "2041", "SYRCVL")),
])
def test_codebook_phrasings(code, sentence, expected):
    assert expected in triples(code(sentence, published="2023-06-01"))


def test_codebook_coercion_phrasings(code):
    got = triples(code("The US State Department put bounties on the heads of three senior PKK leaders.",
                       published="2019-02-20"))
    assert [t[1] for t in got] == ["170"]
    got = triples(code("Casting Iran as a cancerous influence, Pompeo criticised the deal.", published="2019-01-10"))
    assert ("USAGOV", "111", "IRN") in got
    got = triples(code("Maoist rebels set ablaze five Indian army trucks.", published="2019-02-20"))
    assert got == [("INDREB", "1712", "INDMIL")]  # "ablaze" is no object: a surface pattern finds it
    assert triples(code("Maoist rebels set ablaze a police station in India.")) == [("INDREB", "1712", "INDCOP")]
def test_an_object_pronoun_of_a_participle_is_not_the_main_clauses_subject(code):
    # "accusing" has no subject of its own: its subject is Saudi Arabia and Egypt's, so "it" is neither of them
    got = triples(code("Iran criticised Qatar. Saudi Arabia and Egypt imposed a boycott on the country, "
                       "accusing it of supporting militants."))
    assert not any(src and tgt and src[:3] in ("SAU", "EGY") and tgt[:3] in ("SAU", "EGY")
                   for src, _, tgt in got), got


def test_a_name_in_a_phrase_of_time_dates_the_act_and_is_not_its_target(code):
    got = triples(code("Iran's foreign minister warned shortly after Donald Trump's announcement that the decision "
                       "would cause instability."))
    assert not any(tgt and tgt.startswith("USA") for _, _, tgt in got), got
    # a party to an event noun there still is one: the meeting was with her
    got = triples(code("Speaking after a meeting with Theresa May in London, the Turkish prime minister said "
                       "Turkey wanted closer trade ties."))
    assert any(src.startswith("TUR") and tgt and tgt.startswith("GBR") for src, _, tgt in got), got


def test_an_adverb_right_after_the_verb_can_be_its_particle(code):
    # the parser takes "back" for an adverb: "hit back at" is a retort (111), not a blow (190)
    got = triples(code("Iraq's president has hit back at Donald Trump."))
    assert got and all(c == "111" for _, c, _ in got), got


def test_releasing_an_account_is_a_narrative_not_a_handover(code):
    got = triples(code("Russia released its own account of the phone call between Vladimir Putin and the "
                       "Ukrainian president."))
    assert not any(c.startswith("084") for _, c, _ in got), got


def test_an_attitude_is_towards_an_actor_named_as_such_not_the_owner_of_a_thing(code):
    assert ("TUR", "012", "USA") in triples(code("Turkey is concerned about the United States."))
    got = triples(code("Turkey is alarmed at Donald Trump's suggestion that troops could be redeployed."))
    assert not any(tgt and tgt.startswith("USA") for _, _, tgt in got), got


def test_an_appeal_to_someone_no_dictionary_knows_is_not_aimed_at_what_it_is_about(code):
    got = triples(code("Donald Trump urged European countries to repatriate 800 captured Isis fighters."))
    assert not any(tgt and "ISI" in tgt for _, _, tgt in got), got  # the appeal is to the European countries
    assert any(c.startswith("02") and tgt and tgt.startswith("TUR")
               for _, c, tgt in triples(code("Donald Trump urged Turkey to release the captured fighters.")))


def test_a_standing_relation_in_the_simple_present_is_no_act(code):
    assert triples(code("The Assad regime is sponsored by Iran and Russia.")) == []
    assert triples(code("Iran supports the Houthi rebels.")) == []
    assert any(src.startswith("IRN") and c.startswith("07") for src, c, _ in
               triples(code("Iran sponsored the Houthi rebels with weapons last week.")))


def test_a_private_journey_is_no_visit(code):
    assert triples(code("A British-born teenager travelled to Syria.")) == []
    assert triples(code("Syrian refugees arrived in Germany.")) == []
    assert ("RUSGOV", "042", "SYR") in triples(code("Russian officials visited Syria."))


def test_yet_to_act_is_not_to_have_acted(code):
    assert triples(code("Russia has yet to recognise the Afghan government.")) == []
    assert triples(code("Turkey is yet to offer a safe haven to Syria.")) == []


def test_leaders_who_clash_dispute_in_words_forces_fight(code):
    # between political persons or governments a clash is a verbal dispute (111); between forces it is a fight (190)
    words = code("Erdogan and Putin clashed in public over the ceasefire on Friday.", published="2018-09-18")
    assert {(e.source.code, e.cameo, e.target.code) for e in words} >= {("TURGOV", "111", "RUSGOV"),
                                                                          ("RUSGOV", "111", "TURGOV")}
    fight = code("Turkish troops clashed with Syrian government forces near Manbij on Friday.", published="2018-09-18")
    assert [e.cameo for e in fight if e.cameo.startswith("19")] and not [e for e in fight if e.cameo == "111"]
def test_the_parties_named_by_between_meet_when_the_noun_has_no_author(code):
    # "phone", "bilateral", "three-way" say what kind of meeting it is, not who held it; a light verb with no
    # subject ("to be held") leaves the parties to the noun
    got = triples(code("Russia and Turkey gave accounts of a phone call between Vladimir Putin and the Turkish "
                       "president."))
    assert ("RUSGOV", "041", "TURGOV") in got and ("TURGOV", "041", "RUSGOV") in got, got
    got = triples(code("A three-way summit between Russia, Turkey and Iran will be held in Tehran on Friday."))
    assert {("RUS", "IRN"), ("IRN", "TUR"), ("TUR", "RUS")} <= {(s, t) for s, c, t in got if c in ("036", "040")}, got
    assert len(got) == len(set(got)), got  # each pair once


def test_a_group_of_no_state_reporting_force_done_to_no_one_named_accuses_its_author(code):
    assert triples(code("Amnesty International said that the Egyptian police tortured Ahmed Salem.")) == [
        ("NGOAMN", "112", "EGYCOP")]
    # a country's own officials report, they do not accuse; and the subject of a passive is no author
    assert not any(c == "112" for _, c, _ in triples(code("An Egyptian official said that Egyptian police "
                                                          "tortured Ahmed Salem.")))
    assert triples(code("Turkish officials said 300 militants had been neutralized, killed or taken captive.")) == []


def test_inmates_prisoners_and_detainees_are_civilians_of_where_they_are_held(code):
    assert ("EGYCOP", "1822", "EGYCVL") in triples(code("Egyptian police have tortured detainees."))


def test_an_investigation_of_ones_own_country_keeps_its_target(code):
    got = triples(code("Mexico's Attorney General's Office has opened investigations into allegations that "
                       "President Enrique Pena Nieto accepted funds.", published="2016-06-01"))
    assert any(c.startswith("09") and t == "MEXGOV" for _, c, t in got), got


def test_those_who_act_at_a_meeting_held_it(code):
    got = triples(code("The plan was agreed on Monday by Vladimir Putin and his Turkish counterpart, Recep Tayyip "
                       "Erdoğan, at a bilateral summit in Sochi.", published="2018-09-18"))
    assert ("RUSGOV", "040", "TURGOV") in got and ("TURGOV", "040", "RUSGOV") in got, got
    # one actor at a meeting is no meeting of its own
    got = triples(code("Putin spoke at a summit in Sochi.", published="2018-09-18"))
    assert not any(c.startswith("04") for _, c, _ in got), got


def test_one_who_speaks_after_a_meeting_with_someone_met_them(code):
    got = triples(code("Speaking after a meeting with Theresa May in London on Monday, Binali Yildirim said Turkey "
                       "could renege on its agreement with the EU.", published="2018-01-10"))
    assert ("TURGOV", "040", "GBRGOV") in got, got


def test_a_possessive_that_would_make_an_attack_self_inflicted_is_the_speakers(code):
    # "its" binds to Ukraine by position, but Ukraine shelling Ukraine is not what Russia reports: Russia accuses
    # Ukraine of shelling Russia (PETRARCH's rule for a victim's report)
    assert triples(code("Russia said Ukraine shelled its territory on Monday.")) == [("RUS", "112", "UKR")]
    assert ("ISR", "112", "PSEREB") in triples(code("Israel said Hamas fired rockets at its towns on Monday."))
    # a possessive that is the actor's own stays its own: no event is invented from the speaker
    assert not any(t == "RUS" for _, _, t in triples(code("Russia said Ukraine had repaired its power grid.")))


def test_ordering_a_diplomat_to_leave_is_an_expulsion_not_a_demand(code):
    """A frame head whose own sense its object selects keeps it: "ordered the ambassador to leave" is 161 by the
    orderer, not a demand (1056) that the ambassador withdraw; a head with no such object still frames the act."""
    found = {(e.source.code, e.cameo, e.target.code if e.target else None)
             for e in code("Mali ordered the French ambassador to leave the country within 72 hours.")}
    assert found == {("MLI", "161", "FRAGOV")}
    framed = {(e.source.code, e.cameo) for e in code("Russia urged Ukraine to withdraw its troops.")}
    assert ("RUS", "0256") in framed


def test_a_broker_mediates_between_the_parties_and_is_no_party_itself(code):
    """"a truce brokered by Qatar" is no Qatari truce: the broker mediates (045) with each party, those between
    whom the truce is, or the subjects of the verb that makes them its parties; a critic of the deal is none."""
    def found(text):
        return {(e.source.code, e.cameo, e.target.code if e.target else None) for e in code(text)}

    truce = found("A truce brokered by Qatar between Israel and Hamas took effect on Friday.")
    assert {("QAT", "045", "ISR"), ("QAT", "045", "PSEREB")} <= truce
    assert not any(s == "QAT" and c.startswith("08") for s, c, _ in truce)
    agreed = found("Israel and Hamas agreed to a ceasefire brokered by Egypt.")
    assert {("EGY", "045", "ISR"), ("EGY", "045", "PSEREB")} <= agreed
    assert not any(t == "EGY" for s, c, t in agreed if s in ("ISR", "PSEREB"))  # Egypt is no party to it
    assert not any(c == "045" for _, c, _ in found("Russia criticised the deal brokered by Turkey."))


def test_parties_that_clash_near_a_place_fight_each_other_not_the_place(code):
    found = {(e.source.code, e.cameo, e.target.code if e.target else None)
             for e in code("Ethiopian federal forces and Tigrayan fighters clashed near Mekelle on Tuesday.")}
    assert found == {("ETHMIL", "190", "ETHREB"), ("ETHREB", "190", "ETHMIL")}


def test_a_past_tense_the_parser_hung_on_its_subject_is_the_clause(code):
    """The small parser reads "Israeli airstrikes killed at least 20 people in Rafah, the ministry said" as
    airstrikes [that were] killed: a participle with a direct object, on a second subject of "said", is the clause's
    own verb, asserted."""
    found = {(e.source.code, e.cameo, e.target.code if e.target else None, e.evidence["clause"])
             for e in code("Israeli airstrikes killed at least 20 people in Rafah, the Gaza health ministry said.")}
    assert ("ISR", "190", "PSECVL", "asserted") in found


def test_a_place_nested_in_the_object_is_where_the_thing_was_not_whose(code):
    found = {(e.source.code, e.cameo, e.target.code if e.target else None)
             for e in code("Iran seized a Greek-flagged oil tanker in the Gulf of Oman on Wednesday.")}
    assert found == {("IRN", "181", "GRC")}


def test_a_name_with_its_title_selects_a_sense_as_the_title_does(code):
    found = {(e.source.code, e.cameo, e.target.code if e.target else None)
             for e in code("Egypt's president Abdel Fattah el-Sisi received Palestinian president Mahmoud Abbas in Cairo.")}
    assert ("EGYGOV", "043", "PSEGOV") in found


def test_revoking_an_agreement_reduces_relations_it_signs_nothing(code):
    found = {(e.source.code, e.cameo, e.target.code if e.target else None)
             for e in code("The junta in Niger revoked military agreements with France.")}
    assert found == {("NERGOV", "160", "FRA")}  # before: 057, an agreement signed


def test_a_state_of_emergency_declared_at_home_is_imposed_on_its_people(code):
    """Before, Guatemala's emergency was Guatemala acting on itself, and a self-dyad is no event."""
    found = {(e.source.code, e.cameo, e.target.code if e.target else None)
             for e in code("Guatemala declared a state of emergency in two provinces after attacks by gangs.")}
    assert ("GTM", "1724", "GTMCVL") in found


def test_only_a_seizure_of_arms_or_drugs_is_done_to_criminals(code):
    def found(text):
        return {(e.source.code, e.cameo, e.target.code if e.target else None) for e in code(text)}

    assert not any(t and t.endswith("CRM") for _, _, t in found("Assad has again used chemical weapons."))
    assert not any(t and t.endswith("CRM") for _, _, t in
                   found("Belarus allowed Russia to deploy tactical nuclear weapons on its territory."))
    assert ("ESPGOV", "171", "ESPCRM") in {(s, c[:3], t) for s, c, t in
                                           found("Spanish authorities seized three tons of cocaine.")}


def test_claiming_an_attack_is_claiming_responsibility_towards_where_it_struck(code):
    def found(text):
        return {(e.source.code, e.cameo, e.target.code if e.target else None) for e in code(text)}

    assert ("AFGREB", "015", "AFGCOP") in found("The Taliban claimed the attack on a police station in Kunduz.")
    assert ("IMGISI", "015", "PAK") in found(
        "Islamic State claimed responsibility for the suicide bombing that killed 50 people in Peshawar.")
    assert not found("Israel claimed the territory.")


def test_an_objection_to_a_measure_is_aimed_at_its_author(code):
    def found(text):
        return {(e.source.code, e.cameo[:2], e.target.code if e.target else None) for e in code(text)}

    assert ("CHN", "11", "USA") in found("China criticised US sanctions on Iran.")
    assert ("HUN", "12", "IGOEUREEC") in found("Hungary blocked new EU sanctions against Russia.")
    assert ("KORGOV", "04", "JPNGOV") in found("Seoul hosted talks with Tokyo.")  # a partner stays the target


def test_a_document_speaks_for_whoever_issued_it_not_for_whoever_vetoed_it(code):
    found = {(e.source.code, e.cameo[:2], e.target.code if e.target else None)
             for e in code("Russia vetoed a UN resolution condemning Syria.")}
    assert ("RUS", "12", "IGOUNO") in found
    assert ("RUS", "11", "SYR") not in found  # the resolution condemns Syria, Russia does not

def test_a_seat_of_government_is_no_town_of_another_country(code):
    # "White House" is also an alternate name of Casablanca in the gazetteer: the seat the actor dictionary names wins
    events = code("Trump met the Saudi crown prince at the White House on Monday.", published="2019-01-10")
    assert ("USAGOV", "040", "SAUGOV") in triples(events)
    assert all(e.location is None or e.location.country != "MAR" for e in events)
    assert code("Trump held up maps of Isis territory when he entered the White House.", published="2019-01-10") == []


def test_a_demand_whose_clause_has_a_purpose_targets_the_one_asked(code):
    got = triples(code("Russia has demanded that Turkey use its influence in Idlib to dissolve the Nusra Front.",
                       published="2019-01-10"))
    assert [t for t in got if t[1].startswith("10")] == [("RUS", "1056", "TUR")]


def test_a_command_to_ones_own_forces_is_no_demand_between_actors(code):
    got = triples(code("The Iraqi prime minister ordered a withdrawal of Iraqi troops from the border.",
                       published="2019-01-10"))
    assert not any(s[:3] == "IRQ" and t is not None and t[:3] == "IRQ" for s, _, t in got), got
    # a demand on another state's forces stays one
    assert ("IRN", "0256", "RUSMIL") in triples(code("Iran urged Russian troops to leave Syria.", published="2019-01-10"))


def test_a_whose_phrase_beside_its_antecedent_is_not_a_second_subject(code):
    got = triples(code("For example, Russia and Turkey, whose foreign and defence ministers met on Saturday in Moscow, "
                       "signed a deal in September.", published="2019-01-10"))
    assert ("RUS", "040", "TUR") in got and ("TUR", "040", "RUS") in got
    assert not any(s[:3] == t[:3] for s, _, t in got if t is not None), got  # no Turkey meeting its own ministers


def test_the_simple_present_with_an_adverb_of_frequency_is_a_habit(code):
    assert code("The senator says he still talks to the president frequently.", published="2019-01-10") == []
    assert code("Egyptian police often detain Sudanese activists.", published="2019-01-10") == []
    assert ("EGYCOP", "173", "SDNCVL") in triples(code("Egyptian police detained Sudanese activists on Monday.",
                                                       published="2019-01-10"))


def test_a_sponsor_named_before_a_hyphen_is_no_party(code):
    found = {(e.source.code, e.cameo, e.target.code if e.target else None)
             for e in code("A sixth round of UN-sponsored Syrian talks resumed in Geneva on Tuesday.")}
    assert not any("IGOUNO" in (s, t) for s, _, t in found)
    assert ("SAU", "190") in {(e.source.code, e.cameo) for e in code("Saudi-led airstrikes hit Sanaa.")}


def test_co_brokers_are_not_each_others_parties(code):
    found = {(e.source.code, e.cameo, e.target.code if e.target else None) for e in code(
        "Representatives of Sudan's army and the Rapid Support Forces arrived in Jeddah on Saturday for talks "
        "brokered by Saudi Arabia and the United States.", published="2023-05-06")}
    assert ("SAU", "045", "USA") not in found and ("USA", "045", "SAU") not in found
    assert {("SAU", "045", "SDNMIL"), ("USA", "045", "SDNREB")} <= found  # those who came for the talks
