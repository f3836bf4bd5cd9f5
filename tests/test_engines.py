"""The Ray engine gives the local engine's events: same events, same ids, same order (on a local Ray runtime)."""
from __future__ import annotations

import json
import sys

import pytest

from dyads.engines import EngineUnavailableError, code_stream
from dyads.read import iter_articles
from tests.support import SAMPLES, SHARED


def _articles():
    articles = list(iter_articles([SAMPLES]))
    corpus = SHARED / "corpus" / "guardian_2019.jsonl"
    if corpus.exists():
        from itertools import islice

        articles += list(islice(iter_articles([corpus]), 6))
    return articles


def _events(items):
    events = [e.to_dict() for c in items for e in c.events]
    return sorted(events, key=lambda e: (e["doc_id"], e["sentence_index"], e["id"]))


@pytest.mark.slow
def test_ray_engine_matches_local_engine(tmp_path):
    pytest.importorskip("ray.data", reason="the Ray extra is not installed: pip install 'dyads[ray]'")
    from dyads.engines.ray import init_ray

    ray = init_ray(num_cpus=2)
    try:
        articles = _articles()
        local = list(code_stream(iter(articles), engine="local", workers=1))
        remote = list(code_stream(iter(articles), engine="ray", workers=2, batch_size=4))
        assert [c.article.id for c in remote] == [c.article.id for c in local]  # input order kept
        ev_local, ev_remote = _events(local), _events(remote)
        assert ev_local, "the articles should yield events"
        assert [e["id"] for e in ev_remote] == [e["id"] for e in ev_local]
        assert json.dumps(ev_remote, sort_keys=True) == json.dumps(ev_local, sort_keys=True)
        # small windows: several datasets in a row, still one stream in input order
        from dyads.engines.ray import code_ray

        windowed = list(code_ray(iter(articles[:6]), workers=1, batch_size=2, window=3))
        assert _events(windowed) == _events(local[:6])
    finally:
        ray.shutdown()


def test_missing_ray_names_the_extra(monkeypatch):
    monkeypatch.setitem(sys.modules, "ray", None)  # import ray → ImportError
    with pytest.raises(EngineUnavailableError, match=r"pip install 'dyads\[ray\]'"):
        list(code_stream(iter(_articles()[:1]), engine="ray"))


def test_ray_not_started_when_nothing_to_code(monkeypatch):
    monkeypatch.setitem(sys.modules, "ray", None)  # an ingest that skips every article needs no cluster
    assert list(code_stream(iter([]), engine="ray")) == []
