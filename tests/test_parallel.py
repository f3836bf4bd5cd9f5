"""The local engine: coding with 2 worker processes gives exactly the events of 1, in input order."""
from __future__ import annotations

import itertools
import json

import pytest

from dyads.engines import code_stream
from dyads.model import Article
from dyads.pipeline import code_articles
from dyads.read import iter_articles
from tests.support import SAMPLES

ARTICLES = [
    Article(id="a1", title="Sanctions", text="The European Union imposed sanctions on Russia on Monday.",
            published=None),
    Article(id="a2", text="Two U.S. warships fired cruise missiles at a Syrian airbase on Friday."),
    Article(id="empty", text="Share this article\n"),  # may clean to nothing: must simply be skipped in order
    Article(id="a3", text="Iran condemned Israel. Egypt hosted talks with Hamas in Cairo last week."),
    Article(id="a4", text="The Kremlin accused Ukraine of shelling Donetsk."),
] * 2 + list(iter_articles([SAMPLES]))


def _dump(items):
    return [(c.article.id, [json.dumps(e.to_dict(), sort_keys=True) for e in c.events]) for c in items]


@pytest.fixture(scope="module")
def serial(coder):
    return _dump(code_articles(ARTICLES, workers=1, coder=coder))


def test_two_workers_same_events_same_order(coder, serial):
    assert _dump(code_articles(iter(ARTICLES), workers=2, batch_size=2, coder=coder)) == serial
    assert sum(len(ev) for _, ev in serial) > 0


def test_code_stream_local_engine_with_a_factory(serial):
    assert _dump(code_stream(iter(ARTICLES), engine="local", workers=2, batch_size=3)) == serial


def test_input_is_pulled_lazily(coder):
    pulled = []

    def endless():
        for n in itertools.count():
            pulled.append(n)
            yield Article(id=f"x{n}", text="Iran condemned Israel on Monday.")

    stream = code_articles(endless(), workers=2, batch_size=2, coder=coder)
    first = list(itertools.islice(stream, 3))
    stream.close()
    assert [c.article.id for c in first] == ["x0", "x1", "x2"]
    assert len(pulled) < 40  # bounded read-ahead, not the whole input


def test_unknown_engine():
    with pytest.raises(ValueError, match="unknown engine"):
        list(code_stream([], engine="spark"))
