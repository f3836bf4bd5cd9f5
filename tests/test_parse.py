"""dyads.parse: the pipeline dyads parses with gives, token by token, what spaCy's own pipeline gives (the fast
attribute ruler applies the same rules), plus paragraph breaks as sentence breaks."""
from __future__ import annotations

import json
from itertools import islice

import pytest
import spacy
from spacy.attrs import DEP, ENT_IOB, ENT_TYPE, HEAD, LEMMA, MORPH, POS, SENT_START, TAG

from dyads.attribute_rules import FastAttributeRuler, Unsupported, use_fast_attribute_ruler
from dyads.parse import MODEL, load_nlp
from dyads.read import iter_articles
from tests.support import SAMPLES, SHARED

ATTRS = [LEMMA, POS, TAG, MORPH, DEP, HEAD, ENT_IOB, ENT_TYPE, SENT_START]

# every kind of rule the English attribute ruler has: the tag map, words by tag, words by dependency (I/you/it as
# subject or object, "there is", auxiliaries, "but" as adverb), two-token rules (gonna, gotta, let's, y'all, ain't,
# c'mon) and regular expressions (nothin'), space tokens with and without a dependency
EDGE_TEXTS = [
    "I'm gonna go, y'all. Ain't nothin' gonna stop us. C'mon, let's go! We gotta win. There is a cat; there were dogs.",
    "  \n\n  Spaces   everywhere \t\n and I told you it was it. Give it to me, you and I. But, he said, but no.",
    "He gets it and got it. Do you have it? I have. They did. Isn't it? You're not. It's 5 o'clock. Whether or not.",
    "THE UN SAID ON MONDAY THAT 1,200 PEOPLE HAD FLED. the un said. Mr. O'Neill's e-mail: a@b.org — 3.5% (est.)",
    "",
    "Ukraine",
]


def _texts() -> list[str]:
    texts = list(EDGE_TEXTS)
    texts += [a.full_text for a in iter_articles([SAMPLES])]
    corpus = SHARED / "corpus" / "guardian_2019.jsonl"
    if corpus.exists():
        with open(corpus, encoding="utf-8") as fh:
            for line in islice(fh, 40):
                r = json.loads(line)
                texts.append((r.get("title") or "") + "\n\n" + r["text"])
    return texts


@pytest.fixture(scope="module")
def stock():
    """spaCy's pipeline as it ships, with dyads' paragraph-break component and nothing else changed."""
    import dyads.parse  # noqa: F401  (registers the component)

    nlp = spacy.load(MODEL)
    nlp.add_pipe("dyads_paragraph_breaks", before="parser")
    return nlp


def test_dyads_pipeline_uses_the_fast_ruler():
    names = load_nlp().pipe_names
    assert "dyads_attribute_ruler" in names and "attribute_ruler" not in names
    assert names.index("parser") < names.index("dyads_attribute_ruler") < names.index("dyads_lemmatizer")
    assert "lemmatizer" not in names


def test_every_token_attribute_is_spacys(stock):
    ours = load_nlp()
    texts = _texts()
    n = 0
    for a, b in zip(stock.pipe(texts, batch_size=8), ours.pipe(texts, batch_size=8)):
        assert [t.text for t in a] == [t.text for t in b]
        xa, xb = a.to_array(ATTRS), b.to_array(ATTRS)
        wrong = [(t.text, t.tag_, t.pos_, t.lemma_, str(t.morph), t.dep_) for t, ok in zip(b, (xa == xb).all(1))
                 if not ok]
        assert not wrong, wrong[:5]
        assert [(e.start, e.end, e.label_) for e in a.ents] == [(e.start, e.end, e.label_) for e in b.ents]
        n += len(a)
    assert n > 1000


def test_rules_of_every_kind_fire(stock):
    doc = load_nlp()("I'm gonna go, y'all. Ain't nothin' there. There is a cat. Let's see. C'mon.")
    lemma = {t.text.lower(): t.lemma_ for t in doc}
    assert lemma["gon"] == "go" and lemma["na"] == "to" and lemma["nothin'"] == "nothing" and lemma["c'm"] == "come"
    assert [t.pos_ for t in doc if t.lower_ == "is"] == [t.pos_ for t in stock(doc.text) if t.lower_ == "is"]


def test_a_rule_it_cannot_read_leaves_spacys_ruler(stock):
    nlp = spacy.load(MODEL, exclude=["ner", "lemmatizer"])
    nlp.get_pipe("attribute_ruler").add([[{"LOWER": "x", "OP": "+"}]], {"LEMMA": "ex"})
    with pytest.raises(Unsupported):
        FastAttributeRuler(nlp, nlp.get_pipe("attribute_ruler"))
    assert use_fast_attribute_ruler(nlp) is False
    assert "attribute_ruler" in nlp.pipe_names and "dyads_attribute_ruler" not in nlp.pipe_names
    assert [t.lemma_ for t in nlp("x x")] == ["ex", "ex"]


def test_a_ruler_with_added_rules_still_matches_spacy():
    plain = spacy.load(MODEL, exclude=["ner", "lemmatizer"])
    fast = spacy.load(MODEL, exclude=["ner", "lemmatizer"])
    for nlp in (plain, fast):  # later rules win, multi-token rules set the token they name
        nlp.get_pipe("attribute_ruler").add([[{"LOWER": "the"}, {"TAG": "NNP"}]], {"LEMMA": "NAME"}, index=1)
        nlp.get_pipe("attribute_ruler").add([[{"TAG": "DT"}]], {"POS": "X"})
    assert use_fast_attribute_ruler(fast)
    text = "The Kremlin said the talks with the Pentagon and the EU would go on."
    assert plain(text).to_array(ATTRS).tolist() == fast(text).to_array(ATTRS).tolist()


def test_paragraph_breaks_are_sentence_breaks():
    doc = load_nlp()("Russia condemns US strikes\n\nRussia condemned the United States on Monday.")
    assert [s.text.strip() for s in doc.sents if s.text.strip()][:2] == [
        "Russia condemns US strikes", "Russia condemned the United States on Monday."]


def test_a_paragraph_without_full_stops_is_cut_where_its_sentences_open():
    """Feeds that strip punctuation run every sentence into one; a capitalised opener ("In", "The", "He") starts a
    new one there. Punctuated text and short lines are left to the parser."""
    text = ("Rebels of the Northern Front attacked a police post near the river in the early hours of Sunday "
            "reports a local newspaper In a statement released to the press the rebels claimed the attack "
            "He said two constables were injured in the firing The police have launched a search operation")
    sents = [s.text.strip() for s in load_nlp()(text).sents]
    assert any(s.startswith("In a statement") for s in sents)
    assert any(s.startswith("He said two constables") for s in sents)
    assert any(s.startswith("The police have launched") for s in sents)
    # a title with "The" inside it, in punctuated text, is not cut
    doc = load_nlp()("He read an article in The Hindu about the attack on the post. Police said nothing.")
    assert [s.text for s in doc.sents][0] == "He read an article in The Hindu about the attack on the post."
    short = load_nlp()("Rebels attacked the post The police responded")
    assert len(list(short.sents)) <= 2


def test_one_blas_thread_per_process(tmp_path):
    """dyads parallelises with processes; OpenBLAS's own threads only cost CPU. A user's setting is kept."""
    import os
    import subprocess
    import sys

    probe = ("import os, dyads; from dyads.parse import load_nlp; load_nlp()('Russia condemned the US. ' * 40); "
             "print(os.environ['OPENBLAS_NUM_THREADS'], len(os.listdir('/proc/self/task')))")
    env = {k: v for k, v in os.environ.items() if k not in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS")}
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, env=env, check=True)
    assert out.stdout.split() == ["1", "1"]
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True,
                         env=dict(env, OPENBLAS_NUM_THREADS="2"))
    assert out.stdout.split()[0] == "2"


def test_lemma_index_answers_from_a_set_with_the_same_words():
    from dyads.parse import WordList

    lookups = load_nlp().get_pipe("lemmatizer").lookups.get_table("lemma_index")
    stock = spacy.load(MODEL, exclude=["ner", "parser"]).get_pipe("lemmatizer").lookups.get_table("lemma_index")
    assert set(lookups) == set(stock)
    for key in stock:
        assert isinstance(lookups[key], WordList) and list(lookups[key]) == list(stock[key])
        assert ("zzzz" in lookups[key]) is False and all(w in lookups[key] for w in list(stock[key])[:50])
