"""The command line as a user runs it: a real subprocess, real files, the contract checked on every event."""
import csv
import io
import json
import os
import subprocess
import sys

import pytest

from support import SAMPLES, shared_path

DYADS = [sys.executable, "-m", "dyads.cli"]


def run(*args, stdin=None, cwd=None):
    return subprocess.run([*DYADS, *map(str, args)], input=stdin, capture_output=True, text=True, cwd=cwd,
                          env={**os.environ, "PYTHONIOENCODING": "utf-8"})



@pytest.fixture(scope="module")
def sample_events():
    r = run("code", SAMPLES, "--format", "jsonl")
    assert r.returncode == 0, r.stderr
    return [json.loads(line) for line in r.stdout.splitlines()]


def test_samples_code_to_contract_events(sample_events, contract):
    assert len(sample_events) >= 20
    for e in sample_events:
        assert contract.problems(e) == [], e
    assert len({e["id"] for e in sample_events}) == len(sample_events)
    assert {e["doc_id"] for e in sample_events} >= {"01-russia-recognises-donbas.txt", "07-us-strikes-shayrat-airbase.html"}


def test_samples_carry_the_expected_events(sample_events):
    got = {(e["source"]["code"], e["cameo"], (e["target"] or {}).get("code")) for e in sample_events}
    assert ("RUSGOV", "054") in {(s, c) for s, c, _ in got}  # Putin's recognition of the "people's republics"
    assert ("UKRGOV", "112", "RUSGOV") in got  # Zelensky accused Moscow
    assert any(e["cameo"].startswith("19") and e["source"]["country"] == "USA" and (e["target"] or {}).get("country")
               == "SYR" for e in sample_events)  # the Shayrat strike


def test_furniture_never_yields_events(sample_events):
    for e in sample_events:
        s = e["sentence"].lower()
        assert "subscribe" not in s and "donate" not in s and "also read" not in s


def test_code_is_deterministic_and_stdout_is_only_events():
    a, b = run("code", SAMPLES / "samples.jsonl", "--format", "jsonl"), run("code", SAMPLES / "samples.jsonl",
                                                                            "--format", "jsonl")
    assert a.stdout == b.stdout and a.stdout
    assert all(line.startswith("{") for line in a.stdout.splitlines())
    assert "coded 3 article(s)" in a.stderr


def test_csv_has_a_header_and_one_row_per_event():
    js = run("code", SAMPLES / "samples.jsonl", "--format", "jsonl").stdout.splitlines()
    rows = list(csv.DictReader(io.StringIO(run("code", SAMPLES / "samples.jsonl", "--format", "csv").stdout)))
    assert len(rows) == len(js)
    assert {"id", "cameo", "source_code", "target_code", "plover_event", "location_lat"} <= set(rows[0])


def test_table_format():
    r = run("code", SAMPLES / "samples.jsonl", "--format", "table")
    assert r.returncode == 0 and "source" in r.stdout and "163" in r.stdout


def test_stdin_with_published_date():
    r = run("code", "-", "--published", "2022-02-22", "--format", "jsonl",
            stdin="Headline\nRussia condemned the United States on Monday.")
    (e,) = [json.loads(l) for l in r.stdout.splitlines()]
    assert (e["doc_id"], e["date"], e["cameo"]) == ("stdin", "2022-02-21", "111")


def test_skipped_inputs_are_named_and_change_the_exit_status(tmp_path):
    (tmp_path / "ok.txt").write_text("T\nRussia condemned the United States.", encoding="utf-8")
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    r = run("code", tmp_path, tmp_path / "nope.txt", "--format", "jsonl")
    assert r.returncode == 3
    assert len(r.stdout.splitlines()) == 1
    assert "empty.txt: empty file" in r.stderr and "nope.txt: no such file or directory" in r.stderr


def test_bad_date_is_a_usage_error():
    r = run("code", "-", "--published", "22/02/2022")
    assert r.returncode == 2 and "YYYY-MM-DD" in r.stderr


def test_help_teaches():
    r = run("code", "--help")
    assert r.returncode == 0 and "exit status" in r.stdout and "--published" in r.stdout


def test_ingest_then_events_round_trip(tmp_path):
    db = f"sqlite:///{tmp_path / 'd.db'}"
    first = run("ingest", SAMPLES, "--db", db)
    assert first.returncode == 0, first.stderr
    again = run("ingest", SAMPLES, "--db", db)
    assert "stored 0 article(s)" in again.stderr and "10 already stored" in again.stderr
    stored = [json.loads(l) for l in run("events", "--db", db, "--format", "jsonl").stdout.splitlines()]
    coded = [json.loads(l) for l in run("code", SAMPLES, "--format", "jsonl").stdout.splitlines()]
    key = lambda e: e["id"]
    strip = lambda e: {k: e[k] for k in ("id", "doc_id", "sentence_index", "sentence", "trigger", "date", "source",
                                          "target", "cameo", "goldstein", "plover", "attribution", "confidence")}
    assert [strip(e) for e in sorted(stored, key=key)] == [strip(e) for e in sorted(coded, key=key)]


def test_default_database_is_dyads_db_in_the_working_directory(tmp_path):
    r = run("ingest", SAMPLES / "samples.jsonl", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert (tmp_path / "dyads.db").exists()


@pytest.mark.slow
def test_guardian_corpus_runs_through_and_keeps_the_contract(contract):
    corpus = shared_path("corpus", "guardian_2019.jsonl")
    r = run("code", corpus, "--format", "jsonl", "--workers", "2")
    assert r.returncode == 0, r.stderr[-2000:]
    assert "coded 249 article(s)" in r.stderr
    events = [json.loads(l) for l in r.stdout.splitlines()]
    assert len(events) > 500
    bad = [(e["id"], p) for e in events for p in contract.problems(e)]
    assert bad == []
    assert len({e["id"] for e in events}) == len(events)


def test_import_petrarch_then_code_with_the_converted_dictionaries(tmp_path):
    (tmp_path / "actors.txt").write_text("RURITANIA [RUR]\n+RURITANIAN\nGRAUSTARK_ [GRK]\n", encoding="utf-8")
    (tmp_path / "agents.txt").write_text("TROOPS [~MIL]\n", encoding="utf-8")
    (tmp_path / "verbs.txt").write_text("--- SNUB  [125] ---\nSNUB\n", encoding="utf-8")
    out = tmp_path / "mine.yaml"
    r = run("dict", "import-petrarch", "--actors", tmp_path / "actors.txt", "--agents", tmp_path / "agents.txt",
            "--verbs", tmp_path / "verbs.txt", "--out", out)
    assert r.returncode == 0, r.stderr
    assert out.exists() and (tmp_path / "mine.verbs.yaml").exists()
    r = run("code", "-", "--actors", out, "--verbs", tmp_path / "mine.verbs.yaml", "--format", "jsonl",
            stdin="T\nRuritanian troops snubbed Graustark.")
    (e,) = [json.loads(l) for l in r.stdout.splitlines()]
    assert (e["source"]["code"], e["cameo"], e["target"]["code"]) == ("RURMIL", "125", "GRK")


def test_actors_unresolved_lists_uncovered_names(tmp_path):
    (tmp_path / "a.jsonl").write_text("\n".join(json.dumps({"id": str(i), "text": t}) for i, t in enumerate([
        "Acme Dynamics signed a contract with Russia. Acme Dynamics said the deal was final.",
        "Vladimir Putin met executives of Acme Dynamics in Moscow.",
    ])) + "\n", encoding="utf-8")
    r = run("actors", "unresolved", tmp_path / "a.jsonl", "--format", "jsonl")
    assert r.returncode == 0, r.stderr
    rows = [json.loads(l) for l in r.stdout.splitlines()]
    assert rows and rows[0]["mention"] == "Acme Dynamics" and rows[0]["count"] == 3
    assert all(row["mention"] not in ("Vladimir Putin", "Russia", "Moscow") for row in rows)
