"""Reviews in the database: the migration, judging, adding missed events, and judgments that stay on their act when
articles are coded again (recode with a changed dictionary, a changed article re-ingested)."""
from __future__ import annotations

import pytest
from sqlalchemy import inspect, select, text

from dyads.model import Article, parse_date
from dyads.store import connect, ingest_articles
from dyads.store import reviews as R
from dyads.store.models import EventRow, ReviewRow

ARTICLE = Article(id="r1", title="EU sanctions Belarus",
                  text="The European Union imposed sanctions on Russia on Monday.\n\n"
                       "Russia condemned the European Union on Tuesday.",
                  published=parse_date("2022-02-28"), source="Wire")


@pytest.fixture
def db(tmp_path, coder):
    from dyads.pipeline import code_articles

    _, sessions = connect(f"sqlite:///{tmp_path / 'r.db'}")
    return sessions, (lambda stream: code_articles(stream, coder=coder))


def _events(sessions, article_id="r1"):
    with sessions() as s:
        return {(e.source_code, e.cameo, e.target_code): e.id
                for e in s.scalars(select(EventRow).where(EventRow.article_id == article_id))}


def _reviews(sessions):
    with sessions() as s:
        return s.scalars(select(ReviewRow).order_by(ReviewRow.id)).all()


def test_models_match_the_migrations(tmp_path):
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    from dyads.store.models import Base

    engine, _ = connect(f"sqlite:///{tmp_path / 'm.db'}")
    with engine.connect() as conn:
        assert compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), Base.metadata) == []


def test_a_database_at_0002_is_upgraded_and_keeps_its_events(tmp_path, db):
    from alembic import command

    from dyads.store.db import alembic_config, head_revision, make_engine

    url = f"sqlite:///{tmp_path / 'old.db'}"
    engine = make_engine(url)
    cfg = alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0002")
        assert not inspect(conn).has_table("reviews")
    engine.dispose()
    engine, sessions = connect(url)
    with engine.connect() as conn:
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == head_revision()
        assert {c["name"] for c in inspect(conn).get_columns("events")} >= {"features", "cluster_id"}
        assert {c["name"] for c in inspect(conn).get_columns("reviews")} >= {"event_id", "verdict", "created_at"}
    ingest_articles([ARTICLE], sessions, db[1])
    assert len(_events(sessions)) >= 2


def test_judging_keeps_the_coders_event_and_one_judgment_per_reviewer(db):
    sessions, code = db
    ingest_articles([ARTICLE], sessions, code)
    ev = _events(sessions)
    sanction = ev[("IGOEUREEC", "163", "RUS")]
    with sessions.begin() as s:
        before = dict(vars(s.get(EventRow, sanction)))
        row, created = R.judge(s, sanction, "correct", reviewer="ann")
        assert created and row.verdict == "correct" and row.event_status == "same"
        first_time = row.created_at
        row, created = R.judge(s, sanction, "wrong", "negated", reviewer="ann", note="it was only announced")
        assert not created and row.created_at == first_time and row.error_class == "negated"
        _, created = R.judge(s, sanction, "correct", reviewer="bob")
        assert created
    with sessions() as s:
        after = dict(vars(s.get(EventRow, sanction)))
    before.pop("_sa_instance_state"), after.pop("_sa_instance_state")
    assert before == after  # the machine event is untouched
    rows = _reviews(sessions)
    assert [(r.reviewer, r.verdict) for r in rows] == [("ann", "wrong"), ("bob", "correct")]
    with sessions() as s:
        assert R.latest_judgments(s)[sanction].reviewer == "bob"  # the latest judgment decides


def test_judgments_that_contradict_themselves_are_refused(db):
    sessions, code = db
    ingest_articles([ARTICLE], sessions, code)
    sanction = _events(sessions)[("IGOEUREEC", "163", "RUS")]
    with sessions.begin() as s:
        with pytest.raises(LookupError):
            R.judge(s, "no-such-event", "correct")
        with pytest.raises(R.ReviewError, match="correction means"):
            R.judge(s, sanction, "correct", correction=R.make_correction(s, cameo="172"))
        with pytest.raises(R.ReviewError, match="not a CAMEO code"):
            R.make_correction(s, cameo="1999")
        with pytest.raises(R.ReviewError, match="plain statement"):
            R.make_correction(s, cameo="010")
        with pytest.raises(R.ReviewError, match="not an actor code"):
            R.make_correction(s, source={"code": "US GOV"})
        with pytest.raises(R.ReviewError, match="error_class"):
            R.judge(s, sanction, "wrong", "typo")
        with pytest.raises(R.ReviewError, match="either a corrected target or no_target"):
            R.make_correction(s, target={"code": "RUS"}, no_target=True)
        row, _ = R.judge(s, sanction, "wrong", correction=R.make_correction(s, target={"code": "RUSGOV"}))
        assert row.error_class == "wrong_target"  # inferred from what the correction changes
        assert row.correction["target"]["country"] == "RUS" and row.correction["target"]["name"]
        row, _ = R.judge(s, sanction, "wrong", correction=R.make_correction(s, source={"code": "IGOEUREEC"},
                                                                              cameo="172"))
        assert row.correction == {"cameo": "172"} and row.error_class == "wrong_code"  # the same source dropped
        row, _ = R.judge(s, sanction, "wrong", "duplicate", correction=R.make_correction(s, cameo="163"))
        assert row.correction is None and row.error_class == "duplicate"
    assert len(_reviews(sessions)) == 1


def test_describe_actor_reads_stored_actors_the_dictionary_and_country_prefixes(db):
    sessions, code = db
    ingest_articles([ARTICLE], sessions, code)
    with sessions() as s:
        eu = R.describe_actor(s, "igoeureec", "Brussels")
        assert (eu["code"], eu["org"], eu["text"]) == ("IGOEUREEC", "EU", "Brussels")
        assert R.describe_actor(s, "UKR")["country"] == "UKR"
        nato = R.describe_actor(s, "IGOWSTNAT")
        assert nato["org"] == "NATO" and nato["country"] is None
        mil = R.describe_actor(s, "SYRMIL")
        assert mil["country"] == "SYR" and mil["sector"] == ["MIL"]
        odd = R.describe_actor(s, "ZZQQ")
        assert odd["country"] is None and odd["name"] == "ZZQQ"


def test_recode_keeps_judgments_on_their_act(db, tmp_path):
    """Recode with a user dictionary that gives the European Union another code: event ids change (they hash the
    actor codes), and each judgment moves to the event coding the same act (same sentence, same trigger), marked
    'changed'; recoding again with the built-in dictionary brings them back to 'same'."""
    from dyads.pipeline import code_articles, make_coder
    from dyads.store.recode import recode_articles, stored_articles

    sessions, code = db
    ingest_articles([ARTICLE], sessions, code)
    ev = _events(sessions)
    with sessions.begin() as s:
        R.judge(s, ev[("IGOEUREEC", "163", "RUS")], "correct", reviewer="ann")
        R.judge(s, ev[("RUS", "111", "IGOEUREEC")], "wrong", "not_event", reviewer="ann")
    user = tmp_path / "eu.yaml"
    user.write_text("organisations:\n- code: IGOEUX\n  name: European Union (user)\n  org: EUX\n"
                    "  names: [European Union]\n", encoding="utf-8")
    coder = make_coder([str(user)])
    rep = recode_articles(stored_articles(sessions), sessions, lambda st: code_articles(st, coder=coder))
    assert (rep.reviews.moved, rep.reviews.gone) == (2, 0)
    now = _events(sessions)
    assert ("IGOEUX", "163", "RUS") in now and ("IGOEUREEC", "163", "RUS") not in now
    moved = {r.verdict: r for r in _reviews(sessions)}
    assert moved["correct"].event_id == now[("IGOEUX", "163", "RUS")]
    assert moved["wrong"].event_id == now[("RUS", "111", "IGOEUX")]
    assert {r.event_status for r in moved.values()} == {"changed"}
    assert moved["correct"].source["code"] == "IGOEUREEC"  # the snapshot of what was judged stays
    rep = recode_articles(stored_articles(sessions), sessions, code)
    assert rep.reviews.moved == 2
    assert {r.event_id for r in _reviews(sessions)} == {ev[("IGOEUREEC", "163", "RUS")],
                                                        ev[("RUS", "111", "IGOEUREEC")]}
    assert {r.event_status for r in _reviews(sessions)} == {"same"}
    rep = recode_articles(stored_articles(sessions), sessions, code)  # nothing changes: the ids are kept
    assert (rep.reviews.kept, rep.reviews.moved, rep.reviews.gone) == (2, 0, 0)


def test_changed_article_keeps_judgments_of_sentences_still_there(db):
    """A changed article re-ingested: a sentence moved down (its events get new ids) keeps its judgments; a judged
    sentence that is gone leaves its judgment kept but marked gone."""
    sessions, code = db
    ingest_articles([ARTICLE], sessions, code)
    ev = _events(sessions)
    with sessions.begin() as s:
        R.judge(s, ev[("IGOEUREEC", "163", "RUS")], "correct", reviewer="ann")
        R.judge(s, ev[("RUS", "111", "IGOEUREEC")], "correct", reviewer="ann")
        R.add_missed(s, "r1", 2, "Russia condemned the European Union on Tuesday.", R.describe_actor(s, "RUS"),
                     R.describe_actor(s, "IGOEUREEC"), "112", "ann")
    changed = Article(id="r1", title="EU sanctions Belarus",
                      text="Brussels acted after days of talks.\n\n"
                           "The European Union imposed sanctions on Russia on Monday.",
                      published=parse_date("2022-02-28"), source="Wire")
    rep = ingest_articles([changed], sessions, code)
    assert rep.stored == 1 and (rep.reviews.moved, rep.reviews.gone) == (1, 1)
    now = _events(sessions)
    by_status = {r.event_status: r for r in _reviews(sessions) if r.kind == "judgment"}
    assert by_status["same"].event_id == now[("IGOEUREEC", "163", "RUS")] != ev[("IGOEUREEC", "163", "RUS")]
    assert by_status["same"].sentence_index == 1
    assert by_status["gone"].event_id == ev[("RUS", "111", "IGOEUREEC")]
    assert sum(r.kind == "missed" for r in _reviews(sessions)) == 1  # added events are never dropped


def test_find_act_prefers_the_same_coding_then_the_most_shared():
    r = ReviewRow(sentence="A hit B and C.", sentence_index=3, trigger="hit", trigger_start=2, trigger_end=5,
                  source={"code": "AAA"}, target={"code": "CCC"}, cameo="190")

    def ev(i, src, tgt, cameo, start=2, sentence="A  hit B and C.", idx=4):
        return EventRow(id=i, sentence=sentence, sentence_index=idx, trigger="hit", trigger_start=start,
                        trigger_end=start + 3, source_code=src, target_code=tgt, cameo=cameo, cameo_root=cameo[:2])

    same = ev("s", "AAA", "CCC", "190")
    assert R.find_act(r, [ev("x", "AAA", "BBB", "190"), same]) is same
    closer = ev("c", "AAA", "BBB", "193")
    assert R.find_act(r, [ev("far", "ZZZ", "BBB", "042"), closer]) is closer
    assert R.find_act(r, [ev("o", "AAA", "CCC", "190", sentence="A hit B.")]) is None  # another sentence
    assert R.find_act(r, [ev("t", "AAA", "CCC", "190", start=9, sentence=r.sentence)]) is None  # another trigger
    moved_words = ev("w", "AAA", "CCC", "190", start=3)  # spacing changed: offsets moved, the words are the same
    assert R.find_act(r, [moved_words]) is moved_words
