"""Judgments as gold: `dyads review export` writes gold that benchmarks/articles.py scores with exactly the numbers
`dyads stats precision` shows, on a real ingested database; gold rules (corrections, forbidden sentences, partly
judged articles); and `dyads calibrate` on the same judged database.

The judged database: real articles of ../shared/eval/articles (Guardian, InSight Crime, SATP), ingested by the real
pipeline, each event judged by a stand-in reviewer who follows that benchmark's human gold: an event the gold
accepts is correct; one from a forbidden sentence is negated; one whose actors the gold has with another root is
corrected to that root; the rest are not events; and the core gold events dyads missed are added as missed events.
"""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

from dyads.analyse import gold as G
from dyads.analyse import reviews as A
from dyads.store.models import ReviewRow
from support import REPO, shared_path

# guardian-144 and guardian-207 held events from sentences the gold forbids (negated judgments); the stand-in
# reviewer makes sure one occurs even when the coder no longer errs there
ARTICLE_IDS = ["guardian-212", "guardian-081", "guardian-224", "guardian-179", "guardian-144", "guardian-207",
               "ictrain0829", "ictrain0296", "satptrain0748", "satptrain0585", "satptrain0425"]


def _load_jsonl(path):
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def _stand_in_reviewer(sessions, gold_by_id):
    """Judge every stored event of the gold's articles as the human gold says (see the module docstring)."""
    from dyads.store import reviews as R
    from dyads.store import stored_events
    from dyads.store.models import ArticleRow
    from dyads.analyse.sentences import locate_sentence

    events: dict[str, list[dict]] = {}
    for e in stored_events(sessions):
        events.setdefault(e["doc_id"], []).append(e)
    made = {"correct": 0, "negated": 0, "corrected": 0, "not_event": 0, "missed": 0}
    with sessions.begin() as s:
        for doc_id, g in gold_by_id.items():
            score = G.score_article(g, events.get(doc_id, []))
            for e, ok in score.event_labels:
                if ok:
                    R.judge(s, e["id"], "correct", reviewer="gold")
                    made["correct"] += 1
                    continue
                if G.forbidden(e, g["forbid"]):
                    R.judge(s, e["id"], "wrong", "negated", reviewer="gold")
                    made["negated"] += 1
                    continue
                other = next((x for x in g["events"] if G.actor_matches(e["source"], x["src"])
                              and (x["tgt"] is None or G.actor_matches(e["target"], x["tgt"]))
                              and e["cameo_root"] not in x["roots"] and x["roots"][0] != "01"), None)
                if other is not None:
                    R.judge(s, e["id"], "wrong", correction=R.make_correction(s, cameo=other["roots"][0] + "0"),
                            reviewer="gold")
                    made["corrected"] += 1
                elif made["negated"] == 0 and made["not_event"] >= 1:
                    # so that a negated judgment occurs whatever the coder gets right: a reviewer may judge any
                    # wrong event "negated" (the export then forbids its root in its sentence)
                    R.judge(s, e["id"], "wrong", "negated", reviewer="gold")
                    made["negated"] += 1
                else:
                    R.judge(s, e["id"], "wrong", "not_event", reviewer="gold")
                    made["not_event"] += 1
            a = s.get(ArticleRow, doc_id)
            for m in score.missed:
                if m["roots"][0] == "01" or not m.get("quote"):
                    continue
                try:
                    index, sentence = locate_sentence(a, m["quote"])
                except LookupError:
                    continue
                tgt = R.describe_actor(s, m["tgt"][0]) if m["tgt"] else None
                R.add_missed(s, doc_id, index, sentence, R.describe_actor(s, m["src"][0]), tgt, m["roots"][0] + "0",
                             reviewer="gold-missed")
                made["missed"] += 1
    return made


@pytest.fixture(scope="module")
def judged(tmp_path_factory, coder):
    """(URL, sessions, what the stand-in reviewer did) of the judged database."""
    from dyads.model import Article, parse_date
    from dyads.pipeline import code_articles
    from dyads.store import connect, ingest_articles

    gold = {g["id"]: g for g in _load_jsonl(shared_path("eval", "articles", "gold.jsonl")) if g["id"] in ARTICLE_IDS}
    texts = {str(r["id"]): r for p in (shared_path("eval", "articles", "texts.jsonl"),
                                      shared_path("corpus", "guardian_2019.jsonl")) for r in _load_jsonl(p)}
    articles = [Article(id=i, text=texts[i]["text"], title=texts[i].get("title"),
                        published=parse_date(gold[i].get("published") or texts[i].get("published")),
                        source=texts[i].get("source")) for i in ARTICLE_IDS]
    url = f"sqlite:///{tmp_path_factory.mktemp('judged') / 'judged.db'}"
    engine, sessions = connect(url)
    ingest_articles(articles, sessions, lambda stream: code_articles(stream, coder=coder))
    made = _stand_in_reviewer(sessions, gold)
    yield url, sessions, made
    engine.dispose()


def _all_all(output: str, title: str) -> list[str]:
    """The 'all all' row of the table under ``title`` in benchmarks/articles.py's output."""
    block = output.split(title, 1)[1]
    for line in block.splitlines():
        cells = line.split()
        if cells[:2] == ["all", "all"]:
            return cells
    raise AssertionError(f"no 'all all' row under {title!r}:\n{output}")


@pytest.mark.slow
def test_exported_gold_scores_like_stats_precision(judged, tmp_path, capsys):
    from dyads.cli import main

    url, sessions, made = judged
    assert made["correct"] and made["not_event"] and made["missed"], made  # every kind of judgment occurs
    for flag, title in (([], "At the default threshold"), (["--min-confidence", "0"], "With no threshold")):
        gold, texts, events = tmp_path / "gold.jsonl", tmp_path / "texts.jsonl", tmp_path / "events.jsonl"
        assert main(["review", "export", "--db", url, "-o", str(gold), "--texts", str(texts),
                     "--events", str(events), *flag]) == 0
        assert main(["stats", "precision", "--db", url, "--format", "json", *flag]) == 0
        shown = json.loads(capsys.readouterr().out)["overall"]
        run = subprocess.run([sys.executable, str(REPO / "benchmarks" / "articles.py"), "--gold", str(gold),
                              "--texts", str(texts), "--events", str(events)],
                             capture_output=True, text=True, timeout=300, cwd=REPO)
        assert run.returncode == 0, run.stderr
        arts, judged_n, right, precision, core, found, recall = _all_all(run.stdout, title)[2:9]
        assert int(arts) == shown["articles"] == len(ARTICLE_IDS)
        assert (int(judged_n), int(right), int(core), int(found)) == (
            shown["judged"], shown["correct"], shown["core"], shown["found"])
        assert precision == f"{int(right) / int(judged_n):.3f}" and recall == f"{int(found) / int(core):.3f}"
        assert abs(shown["precision"] - int(right) / int(judged_n)) < 1e-4
        assert abs(shown["recall"] - int(found) / int(core)) < 1e-4
        assert 0 < shown["precision"] < 1 and 0 < shown["recall"] < 1
        lo, hi = G.wilson(shown["correct"], shown["judged"])
        assert (shown["ci_low"], shown["ci_high"]) == (round(lo, 4), round(hi, 4))
        exported = G.load_gold(gold)
        assert {g["id"] for g in exported} == set(ARTICLE_IDS)
        for g in exported:  # the format of ../shared/eval/articles/README.md
            assert set(g) == {"id", "published", "events", "forbid"}
            for e in g["events"]:
                assert {"src", "tgt", "roots", "core", "quote", "why"} <= set(e)
                assert all(len(r) == 2 for r in e["roots"]) and e["src"] and e["src"][0]
            for substring, roots in g["forbid"]:
                assert isinstance(substring, str) and (roots is None or all(len(r) == 2 for r in roots))
    # each negated judgment forbids its root in its sentence, unless an accepted, corrected or added event of
    # that sentence has that root
    reviews = _all_reviews(sessions)
    held = {(" ".join(r.sentence.split()).lower(), (A.truth(r) or (None, None, "--"))[2][:2]) for r in reviews
            if A.truth(r)}
    expected = {(r.article_id, " ".join(r.sentence.split()), r.cameo[:2]) for r in reviews
                if r.error_class == "negated" and (" ".join(r.sentence.split()).lower(), r.cameo[:2]) not in held}
    assert made["negated"] and expected
    assert {(g["id"], f[0], f[1][0]) for g in exported for f in g["forbid"]} == expected


def _all_reviews(sessions):
    from sqlalchemy import select

    with sessions() as s:
        return s.scalars(select(ReviewRow)).all()


@pytest.mark.slow
def test_stats_precision_breaks_down_and_counts_the_reviews(judged, capsys):
    from dyads.cli import main

    url, sessions, made = judged
    for by in A.BY_CHOICES:
        p = A.precision(sessions, by=by, min_confidence=0)
        assert sum(r.judged for r in p.rows) == p.overall.judged, by
        assert sum(r.correct for r in p.rows) == p.overall.correct, by
        assert sum(r.core for r in p.rows) == p.overall.core, by
        assert sum(r.events for r in p.rows) == p.overall.events, by
    by_reviewer = {r.value: r for r in A.precision(sessions, by="reviewer", min_confidence=0).rows}
    assert by_reviewer["gold-missed"].core == made["missed"] and by_reviewer["gold-missed"].found == 0
    c = A.precision(sessions, min_confidence=0).counts
    assert (c["correct"], c["corrected"], c["missed_added"]) == (made["correct"], made["corrected"], made["missed"])
    assert c["wrong"] == made["negated"] + made["not_event"] and c["articles_complete"] == len(ARTICLE_IDS)
    assert main(["stats", "precision", "--db", url, "--by", "root"]) == 0
    out = capsys.readouterr().out
    assert f"{made['correct']} correct" in out and "95% CI" in out and "recall" in out


# --- gold rules, on judgments written out by hand -----------------------------------------------------------------

def _judgment(i, verdict, cameo="190", error_class=None, correction=None, sentence="A attacked B.", src="AAA",
              tgt="BBB", event_id=None, status="same", reviewer="ann"):
    return ReviewRow(id=i, kind="judgment", event_id=event_id or f"e{i}", article_id="x", sentence=sentence,
                     sentence_index=0, source={"code": src, "country": src}, target={"code": tgt, "country": tgt}
                     if tgt else None, cameo=cameo, verdict=verdict, error_class=error_class, correction=correction,
                     reviewer=reviewer, event_status=status)


def _event(eid, cameo="190", src="AAA", tgt="BBB", sentence="A attacked B.", confidence=0.8):
    return {"id": eid, "doc_id": "x", "cameo": cameo, "cameo_root": cameo[:2], "sentence": sentence,
            "source": {"code": src, "country": src}, "target": {"code": tgt, "country": tgt} if tgt else None,
            "confidence": confidence}


def _article(events, judgments, missed=(), gone=()):
    return A.ReviewedArticle({"id": "x", "published": None, "title": None, "text": "", "outlet": None, "url": None},
                             events, {r.event_id: r for r in judgments}, list(gone), list(missed))


def test_gold_from_correct_corrected_added_and_forbidding_judgments():
    ok = _judgment(1, "correct")
    fixed = _judgment(2, "wrong", "110", correction={"cameo": "172", "target": None}, sentence="A sanctioned C.")
    neg = _judgment(3, "wrong", "190", "negated", sentence="A did not attack C.", tgt="CCC")
    furn = _judgment(4, "wrong", "040", "furniture", sentence="Share this story.")
    no = _judgment(5, "wrong", "120", "not_event", sentence="A may reject B.")
    missed = ReviewRow(id=6, kind="missed", article_id="x", sentence="D hit E.", source={"code": "DDD", "org": "DDD"},
                       target=None, cameo="195", verdict="missed", reviewer="bob")
    ra = _article([_event(f"e{i}") for i in range(1, 6)], [ok, fixed, neg, furn, no], [missed])
    record, meta = ra.gold()
    assert [(e["src"], e["tgt"], e["roots"]) for e in record["events"]] == [
        (["AAA"], ["BBB"], ["19"]), (["AAA"], None, ["17"]), (["DDD"], None, ["19"])]
    assert all(e["core"] for e in record["events"]) and [m["reviewer"] for m in meta] == ["ann", "ann", "bob"]
    assert record["forbid"] == [["A did not attack C.", ["19"]], ["Share this story.", None]]


def test_a_forbidden_sentence_never_contradicts_another_judgment():
    """'Negated' on one event of a sentence forbids its root there, unless another judgment accepts an event of
    that sentence with that root (the README's forbid would make it wrong)."""
    sentence = "A did not attack B, but C attacked D."
    neg = _judgment(1, "wrong", "190", "negated", sentence=sentence)
    ok = _judgment(2, "correct", "193", sentence=sentence, src="CCC", tgt="DDD")
    record, _ = _article([_event("e1"), _event("e2")], [neg, ok]).gold()
    assert record["forbid"] == []
    record, _ = _article([_event("e1")], [neg]).gold()
    assert record["forbid"] == [[sentence, ["19"]]]


def test_accepted_is_judged_at_the_level_of_source_target_and_root():
    e = _event("e1", "190")
    assert A.accepted(e, _judgment(1, "correct"))
    assert A.accepted(e, _judgment(1, "wrong", correction={"cameo": "193"}))  # same root
    assert not A.accepted(e, _judgment(1, "wrong", correction={"cameo": "172"}))
    assert not A.accepted(e, _judgment(1, "wrong", "wrong_source"))  # the right source unknown
    moved = _judgment(1, "wrong", correction={"source": {"code": "CCC", "country": "CCC"}})
    assert not A.accepted(e, moved)


def test_only_fully_judged_articles_count_and_changed_events_need_a_settling_judgment():
    ok, open_ = _judgment(1, "correct"), _judgment(2, "wrong", "190", "wrong_source", status="changed")
    ra = _article([_event("e1"), _event("e2"), _event("e3", confidence=0.2)], [ok, open_])
    assert [e["id"] for e in ra.unsettled(0.0)] == ["e2", "e3"]
    assert [e["id"] for e in ra.unsettled(0.5)] == ["e2"]  # below the threshold nothing needs judging
    settled = _judgment(2, "wrong", "190", "not_event", status="changed")  # not an event, however it is coded
    assert [e["id"] for e in _article([_event("e1"), _event("e2")], [ok, settled]).unsettled(0.0)] == []
    gone = _judgment(7, "correct", status="gone", event_id="old")
    record, _ = _article([], [], gone=[gone]).gold()
    assert len(record["events"]) == 1  # what a judgment said about the article holds after re-coding


# --- calibrate ----------------------------------------------------------------------------------------------------

def test_without_judgments_precision_and_calibrate_say_what_to_do(tmp_path, capsys):
    from dyads.cli import main

    from dyads.store import connect

    url = f"sqlite:///{tmp_path / 'empty.db'}"
    connect(url)[0].dispose()  # an empty dyads database (read commands refuse a missing one)
    assert main(["stats", "precision", "--db", url]) == 0
    assert "Nothing to measure yet: judge every event of an article" in capsys.readouterr().out
    assert main(["calibrate", "--db", url]) == 1
    assert "at least 20 labelled events are needed" in capsys.readouterr().err
    assert main(["review", "export", "--db", url]) == 0
    captured = capsys.readouterr()
    assert captured.out == "" and "exported the gold of 0 fully judged article(s)" in captured.err


def test_calibration_table_and_model_arithmetic(tmp_path):
    from dyads.calibrate import ConfidenceModel, Pair, calibration, cross_validated, fit, model_path

    c = calibration([0.9, 0.9, 0.2, 0.6], [True, False, False, True])
    assert c.n == 4 and abs(c.brier - (0.01 + 0.81 + 0.04 + 0.16) / 4) < 1e-9
    assert [(lo, n) for lo, _, n, _, _ in c.rows] == [(0.2, 1), (0.6, 1), (0.9, 2)]
    assert abs(c.ece - (0.2 + 0.4 + 2 * 0.4) / 4) < 1e-9
    pairs = [Pair({"x": float(i % 5), "y": 1.0}, i % 5 >= 2, f"a{i % 4}") for i in range(40)]
    model = fit(pairs)
    assert model.predict({"x": 4.0, "y": 1.0}) > 0.8 > 0.2 > model.predict({"x": 0.0, "y": 1.0})
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    vec = DictVectorizer(sparse=False)
    lr = LogisticRegression(max_iter=2000).fit(vec.fit_transform([p.features for p in pairs]),
                                               [p.accepted for p in pairs])
    assert abs(lr.predict_proba(vec.transform([{"x": 3.0, "y": 1.0}]))[0][1] - model.predict({"x": 3.0, "y": 1.0})) \
        < 1e-4  # the JSON model predicts as scikit-learn does
    path = tmp_path / "m.json"
    model.save(path)
    assert ConfidenceModel.load(path).predict({"x": 3.0}) == model.predict({"x": 3.0})
    assert len(cross_validated(pairs, folds=4)) == 40
    assert model_path("sqlite:///data/news.db").as_posix() == "data/news.confidence.json"
    assert model_path("postgresql://u@h/db") is None and model_path("sqlite:///:memory:") is None


@pytest.mark.slow
def test_calibrate_refits_from_the_judgments_and_writes_beside_the_database(judged, capsys):
    from dyads.calibrate import ConfidenceModel, model_path, review_pairs
    from dyads.cli import main

    url, sessions, made = judged
    pairs = review_pairs(sessions)
    n_events = made["correct"] + made["negated"] + made["corrected"] + made["not_event"]
    assert len(pairs) == n_events and {p.accepted for p in pairs} == {True, False}
    assert main(["calibrate", "--db", url]) == 0
    out = capsys.readouterr().out
    assert "Before: the confidence the events were stored with" in out and "After: the refit model" in out
    assert f"Labels: {n_events} judged event(s) in {len({p.group for p in pairs})} article(s)" in out
    path = model_path(url)
    assert path.name == "judged.confidence.json" and path.parent == model_path(url).parent
    model = ConfidenceModel.load(path)
    assert model.meta["trained_on"]["reviews"] == n_events and "trigger=verb" in model.features  # dyads.confidence's
    probs = [model.predict(p.features) for p in pairs]
    assert all(0 < q < 1 for q in probs) and len({round(q, 6) for q in probs}) > 1
    assert main(["calibrate", "--db", url, "--format", "json", "--dry-run"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["path"] is None and report["before"]["n"] == report["after"]["n"] == n_events
    assert sum(d["events"] for d in report["after"]["deciles"]) == n_events
