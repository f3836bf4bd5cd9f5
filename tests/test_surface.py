"""Surface patterns (dyads.events.surface): the words around a verb that pick its code, PETRARCH's way, on sentences
we wrote ourselves, matched on real spaCy parses through the coder."""
import pytest

from dyads.actors.dictionary import build_dictionary
from dyads.events import EventCoder
from dyads.events.patterns import TriggerIndex
from dyads.events.surface import Pattern
from dyads.model import Article
from dyads.pipeline import code_articles

from support import triples


def words(text):
    return text.lower().split()


def no_actor(i):
    return None


def test_parse_reads_adjacency_alternatives_and_markers():
    p = Pattern.parse("most_certainly_(did n't|really did not) * over_+")
    assert [e.adjacent for e in p.before] == [False, True, True]
    assert p.before[2].options == (("did", "n't"), ("really", "did", "not"))
    assert p.after[0].options == (("over",),) and p.after[1].marker == "target" and p.after[1].adjacent
    assert p.size == 6
    for bad in ("no verb here", "* * twice", "* (|)"):
        with pytest.raises(ValueError):
            Pattern.parse(bad)


def test_spaces_allow_words_between_underscores_do_not():
    w = words("they abandon improved global economic relations with them")
    open_, closed = Pattern.parse("* improved economic relations"), Pattern.parse("* improved_economic_relations")
    assert open_.match(w, 1, 0, len(w) - 1, no_actor) is not None
    assert closed.match(w, 1, 0, len(w) - 1, no_actor) is None
    assert Pattern.parse("* global_economic").match(w, 1, 0, len(w) - 1, no_actor).words == (3, 4)


def test_words_before_the_verb_match_leftward_within_bounds():
    w = words("bree most certainly really did not ever clash over the efforts")
    verb = w.index("clash")
    p = Pattern.parse("most_certainly_(did n't|really did not)_ever * over efforts")
    assert p.match(w, verb, 0, len(w) - 1, no_actor) is not None
    assert p.match(w, verb, 3, len(w) - 1, no_actor) is None  # "most certainly" outside the clause
    assert Pattern.parse("(did n't|really did not)_*").match(w, verb, 0, len(w) - 1, no_actor) is None  # "ever"


def test_target_marker_takes_the_actor_at_that_point():
    w = words("he left yesterday for minas tirith on monday")
    found = Pattern.parse("* for +").match(w, 1, 0, len(w) - 1,
                                            lambda i: (5, 6) if w[i] == "minas" else None)
    assert found.target == 5 and found.words == (3,)
    assert Pattern.parse("* to +").match(w, 1, 0, len(w) - 1, lambda i: None) is None


def test_skip_covers_a_phrase_with_a_noun_then_the_next_element():
    w = words("they warned the leaders of gondor about mordor")
    at = {5: (5, 6), 7: (7, 8)}.get
    nouns = [t in ("leaders", "gondor", "mordor") for t in w]
    # "^" skips "the leaders of gondor" (it may not skip nothing), so "+" is the actor after "about"
    found = Pattern.parse("* ^ about +").match(w, 1, 0, len(w) - 1, at, nouns)
    assert found is not None and found.target == 7
    assert Pattern.parse("* ^ +").match(w, 1, 0, 1, at, nouns) is None  # nothing to skip


def test_compound_binds_only_a_coordination():
    w = words("they met gondor and arnor")
    at = {2: (2, 3), 4: (4, 5)}.get
    assert Pattern.parse("* %").match(w, 1, 0, len(w) - 1, at, coordinated=frozenset({2})).compound == 2
    assert Pattern.parse("* %").match(w, 1, 0, len(w) - 1, at, coordinated=frozenset()) is None


VERBS = {"verbs": {
    "clash": [{"code": "904", "pattern": "(did n't|wo n't) * over efforts"},
              {"code": "121", "pattern": "* over efforts"}, {"code": "223"}],
    "leave": [{"code": "032", "pattern": "* for +", "reverse": "033"}],
    "abandon": [{"code": "903", "pattern": "* new_(military|economic)_relations"}, {"code": "345"}],
}}


@pytest.fixture(scope="module")
def coder():
    spec = {"states": [{"code": c, "name": n} for c, n in (("ARN", "Arnor"), ("GON", "Gondor"), ("ERI", "Eriador"))]}
    return EventCoder(build_dictionary(specs=[spec], builtin=False), TriggerIndex.from_spec(VERBS, strict=False),
                      emit_unknown_codes=True)


def code_with(coder, text):
    return next(code_articles([Article(id="t", text=text, published=None)], coder=coder)).events


@pytest.mark.parametrize("sentence, expected", [
    # a negation the pattern names decides the code instead of blocking the event
    ("Arnor didn't clash over the efforts of Eriador.", [("ARN", "904", "ERI")]),
    ("Arnor clashed over the efforts of Eriador.", [("ARN", "121", "ERI")]),
    ("Arnor clashed with Eriador.", [("ARN", "223", "ERI")]),
    ("Arnor did not clash with Eriador.", []),  # no pattern names "did not … with": negated, not coded
    # a paired code: the target's act toward the source comes with it
    ("Arnor left for Gondor on Wednesday.", [("ARN", "032", "GON"), ("GON", "033", "ARN")]),
    # alternatives and adjacency
    ("Arnor abandoned new economic relations with Gondor.", [("ARN", "903", "GON")]),
    ("Arnor abandoned new global economic relations with Gondor.", [("ARN", "345", "GON")]),
])
def test_surface_senses_code_sentences(coder, sentence, expected):
    got = triples(code_with(coder, sentence))
    assert sorted(got) == sorted(expected), got


def test_legacy_dictionaries_code_the_highest_verb():
    """PETRARCH codes a head verb with a code of its own ("urged" 020) and not the act it governs; dyads' own
    dictionary turns the governed act into the head's kind instead (an appeal for a release, 0253). The importer asks for the
    legacy reading with ``head_codes_win``."""
    spec = {"states": [{"code": c, "name": n} for c, n in (("ARN", "Arnor"), ("GON", "Gondor"))]}
    verbs = {"verbs": {"urge": [{"code": "020"}], "release": [{"code": "0841"}]}}
    dictionary = build_dictionary(specs=[spec], builtin=False)
    legacy = EventCoder(dictionary, TriggerIndex.from_spec({**verbs, "head_codes_win": True}, strict=False),
                        emit_unknown_codes=True)
    assert triples(code_with(legacy, "Arnor urged Gondor to release the prisoners.")) == [("ARN", "020", "GON")]
    own = EventCoder(dictionary, TriggerIndex.from_spec(verbs, strict=False), emit_unknown_codes=True)
    assert triples(code_with(own, "Arnor urged Gondor to release the prisoners.")) == [("ARN", "0253", "GON")]
