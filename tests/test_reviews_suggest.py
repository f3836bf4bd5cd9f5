"""`dyads review suggest`: names reviewers typed that no dictionary covers become actor entries, trigger words whose
code reviewers keep correcting become verb entries; both files load as user dictionaries and change the coding."""
from __future__ import annotations

import pytest
import yaml
from sqlalchemy import select

from dyads.model import Article, parse_date
from dyads.store import connect, ingest_articles
from dyads.store import reviews as R
from dyads.store.models import EventRow

ARTICLES = [
    Article(id="s1", text="Russia condemned Ukraine on Monday.\n\nThe Zorvan Brigade attacked Ukrainian troops.",
            published=parse_date("2022-03-07")),
    Article(id="s2", text="Germany condemned Iran on Tuesday.", published=parse_date("2022-03-08")),
]


@pytest.fixture
def judged(tmp_path, coder):
    from dyads.pipeline import code_articles

    url = f"sqlite:///{tmp_path / 's.db'}"
    _, sessions = connect(url)
    ingest_articles(ARTICLES, sessions, lambda stream: code_articles(stream, coder=coder))
    with sessions.begin() as s:
        rows = {(e.article_id, e.trigger): e for e in s.scalars(select(EventRow))}
        for key in (("s1", "condemned"), ("s2", "condemned")):  # twice: condemning is an accusation here
            R.judge(s, rows[key].id, "wrong", correction=R.make_correction(s, cameo="112"), reviewer="ann")
        R.add_missed(s, "s1", 1, "The Zorvan Brigade attacked Ukrainian troops.",
                     R.describe_actor(s, "UKRREB", "Zorvan Brigade"), R.describe_actor(s, "UKRMIL"), "190", "bob")
    return url, sessions


def test_suggestions_are_valid_user_dictionaries_that_change_the_coding(judged, tmp_path, capsys):
    from dyads.actors.dictionary import build_dictionary
    from dyads.cli import main
    from dyads.pipeline import code_articles, make_coder

    url, sessions = judged
    out = tmp_path / "mine.yaml"
    assert main(["review", "suggest", "--db", url, "--out", str(out)]) == 0
    actors_text = out.read_text(encoding="utf-8")
    verbs_text = (tmp_path / "mine.verbs.yaml").read_text(encoding="utf-8")
    assert "'Zorvan Brigade' → UKRREB: 1 review(s) by bob" in actors_text
    assert "'condemn': 2 review(s) by ann; codes given: 112 (2)" in verbs_text
    assert actors_text.endswith("\n") and verbs_text.endswith("\n")
    actors, verbs = yaml.safe_load(actors_text), yaml.safe_load(verbs_text)
    assert actors["groups"][0]["code"] == "UKRREB" and actors["groups"][0]["names"] == ["Zorvan Brigade"]
    assert actors["groups"][0]["country"] == "UKR" and actors["groups"][0]["sector"] == ["REB"]
    assert verbs == {"verbs": {"condemn": [{"code": "112"}]}}
    assert build_dictionary([str(out)]).find("The Zorvan Brigade attacked")  # it loads and now covers the name
    coder = make_coder([str(out)], [str(tmp_path / "mine.verbs.yaml")])
    events = [e for item in code_articles(ARTICLES, coder=coder) for e in item.events]
    assert ("RUS", "112", "UKR") in {(e.source.code, e.cameo, e.target.code if e.target else None) for e in events}
    assert any(e.source.code == "UKRREB" for e in events)


def test_names_a_dictionary_covers_and_rare_corrections_are_not_suggested(judged, tmp_path, capsys):
    from dyads.analyse.suggest import suggestions

    url, sessions = judged
    assert suggestions(sessions, min_count=3).verbs == {}
    user = tmp_path / "zorvan.yaml"
    user.write_text("groups:\n- {code: UKRREB, name: Zorvan Brigade, country: UKR, sector: [REB], "
                    "names: [Zorvan Brigade]}\n", encoding="utf-8")
    assert suggestions(sessions, [str(user)]).names == {}
    with sessions.begin() as s:
        ev = s.scalars(select(EventRow).where(EventRow.article_id == "s2")).first()
        R.judge(s, ev.id, "wrong", correction=R.make_correction(s, source={"code": "DEUGOV", "text": "Germany"}),
                reviewer="cy")
    assert ("Germany", "DEUGOV") not in suggestions(sessions).names  # the built-in dictionary has Germany
