"""--min-confidence / min_confidence everywhere events are shown: `dyads code`, `events`, `export`, `stats`, the API
and the pages. The database keeps every event with its confidence (ingest's default), so any threshold applies later
without coding again. Thresholds are taken from the stored events' own confidences, so the tests hold whatever the
confidence model says."""
from __future__ import annotations

import io
import json

import pytest

from conftest_web import client, stored, web_db, web_sessions  # noqa: F401 (fixtures)
from dyads.export import write_plover
from dyads.store import stored_events
from test_cluster import db_url, dup_articles, dup_code, dup_db  # noqa: F401  (fixtures)

TEXT = ("Russia condemns US strikes\n"
        "Russia condemned the United States on Monday. Iran accused Israel of attacking its embassy in Damascus. "
        "Turkish troops attacked Kurdish fighters in northern Syria. China and Japan signed a trade agreement.")


def _middle(confidences: list[float]) -> float:
    """A threshold that keeps some events and drops others (there must be two distinct confidences)."""
    distinct = sorted(set(confidences))
    assert len(distinct) >= 2, "the fixture's events should not all have one confidence"
    return distinct[len(distinct) // 2]


def test_code_prints_only_events_at_or_above_the_threshold(cli):
    article = json.dumps({"id": "a", "text": TEXT, "published": "2019-01-15"}) + "\n"
    every = cli("code", "-", "--format", "jsonl", "--min-confidence", "0", stdin=article)
    assert every.returncode == 0, every.stderr
    events = [json.loads(line) for line in every.stdout.splitlines()]
    assert len(events) >= 3
    t = _middle([e["confidence"] for e in events])
    some = cli("code", "-", "--format", "jsonl", "--min-confidence", str(t), stdin=article)
    kept = [json.loads(line) for line in some.stdout.splitlines()]
    assert [e["id"] for e in kept] == [e["id"] for e in events if e["confidence"] >= t]
    assert 0 < len(kept) < len(events)
    assert f"{len(events) - len(kept)} below confidence {t:.2f} not shown" in some.stderr


@pytest.mark.parametrize("bad", ["1.5", "-0.1", "nan", "high"])
def test_a_threshold_that_is_no_confidence_is_a_usage_error(cli, bad):
    r = cli("code", "-", "--min-confidence", bad, stdin="")
    assert r.returncode == 2 and "--min-confidence" in r.stderr


def test_ingest_keeps_every_event_and_events_applies_the_threshold(cli, tmp_path):
    url = f"sqlite:///{tmp_path / 'c.db'}"
    article = json.dumps({"id": "a", "text": TEXT, "published": "2019-01-15"}) + "\n"
    assert cli("ingest", "-", "--db", url, stdin=article).returncode == 0
    every = [json.loads(line) for line in cli("events", "--db", url, "--format", "jsonl",
                                              "--min-confidence", "0").stdout.splitlines()]
    coded = [json.loads(line) for line in cli("code", "-", "--format", "jsonl", "--min-confidence", "0",
                                              stdin=article).stdout.splitlines()]
    assert sorted(e["id"] for e in every) == sorted(e["id"] for e in coded)  # nothing dropped on the way in
    t = _middle([e["confidence"] for e in every])
    shown = [json.loads(line) for line in cli("events", "--db", url, "--format", "jsonl", "--min-confidence",
                                              str(t)).stdout.splitlines()]
    assert sorted(e["id"] for e in shown) == sorted(e["id"] for e in every if e["confidence"] >= t)


def test_ingest_with_a_threshold_stores_only_those_events(cli, tmp_path):
    url = f"sqlite:///{tmp_path / 'c.db'}"
    article = json.dumps({"id": "a", "text": TEXT, "published": "2019-01-15"}) + "\n"
    coded = [json.loads(line) for line in cli("code", "-", "--format", "jsonl", "--min-confidence", "0",
                                              stdin=article).stdout.splitlines()]
    t = _middle([e["confidence"] for e in coded])
    assert cli("ingest", "-", "--db", url, "--min-confidence", str(t), stdin=article).returncode == 0
    stored_ids = [json.loads(line)["id"] for line in cli("events", "--db", url, "--format", "jsonl",
                                                         "--min-confidence", "0").stdout.splitlines()]
    assert sorted(stored_ids) == sorted(e["id"] for e in coded if e["confidence"] >= t)


def test_export_counts_only_the_reports_the_threshold_keeps(dup_db):
    every = list(stored_events(dup_db))
    t = _middle([e["confidence"] for e in every])
    out = io.StringIO()
    write_plover(dup_db, out, min_confidence=t)
    records = [json.loads(line) for line in out.getvalue().splitlines()]
    kept = {e["id"] for e in every if e["confidence"] >= t}
    assert records and sum(r["num_mentions"] for r in records) == len(kept)
    for r in records:
        ids = {x["event_id"] for x in r["evidence"]}
        assert ids <= kept and r["num_mentions"] == len(ids)
        assert r["num_articles"] == len({x["article_id"] for x in r["evidence"]})
    full = io.StringIO()
    write_plover(dup_db, full)
    assert len(full.getvalue().splitlines()) >= len(records)


def test_the_api_and_pages_take_min_confidence(client, stored):
    t = _middle([e["confidence"] for e in stored])
    every = client.get("/api/events", params={"min_confidence": 0, "limit": 500}).json()
    some = client.get("/api/events", params={"min_confidence": t, "limit": 500}).json()
    assert every["total"] == len(stored)
    assert some["total"] == sum(e["confidence"] >= t for e in stored) < every["total"]
    assert all(e["confidence"] >= t for e in some["items"])
    net = client.get("/api/network", params={"min_confidence": t, "level": "code"}).json()
    assert sum(e["total"] for e in net["edges"]) == sum(e["confidence"] >= t and e["target"] is not None
                                                        for e in stored)
    assert client.get("/api/events", params={"min_confidence": 2}).status_code == 422
    page = client.get("/events", params={"min_confidence": t, "limit": 500}).text
    assert page.count('data-event="') == some["total"] and f'value="{t:.2f}"' in page
    bad = client.get("/events", params={"min_confidence": "lots"}).text
    assert "is not a confidence from 0 to 1" in bad
    assert 'name="min_confidence"' in client.get("/").text and 'name="min_confidence"' in client.get("/network").text
