"""The command line says what is wrong (issue 18, smaller items): impossible options are usage errors (2), a bad
dictionary is named, read commands never create or touch a database that is not a dyads one and open the ones
they read read-only, CSV cells cannot run as spreadsheet formulas, database errors come without SQL dumps."""
from __future__ import annotations

import csv
import io
import sqlite3

import pytest

from dyads.output import EventWriter, csv_safe


@pytest.mark.parametrize("args", [
    ["code", "-", "--batch-size", "0"], ["code", "-", "--batch-size", "-1"], ["code", "-", "--workers", "0"],
    ["code", "-", "--workers", "-3"], ["code", "-", "--max-bytes", "1e23"],
    ["code", "-", "--max-bytes", "100000000000000000000000"], ["code", "-", "--published", "0001-01-01"],
    ["ingest", "-", "--published", "9999-12-31"], ["recode", "--workers", "0"], ["recode", "--batch-size", "0"],
    ["stats", "actors", "--limit", "0"], ["stats", "network", "--min-count", "-1"],
    ["actors", "unresolved", "-", "--top", "0"], ["code", "-", "--workers", "two"]])
def test_impossible_options_are_usage_errors(cli, args):
    r = cli(*args, stdin="Russia condemned the United States.")
    assert r.returncode == 2, (args, r.returncode, r.stderr)
    assert "error: argument" in r.stderr and "Traceback" not in r.stderr


@pytest.mark.parametrize("content, expected", [
    ("[" * 5000 + "]" * 5000, "nested too deeply"),
    ("states: {\n", "is not valid YAML at line 2"),
    (b"states:\n  - name: Caf\xe9\n", "is not UTF-8"),
    (None, "No such file"),
])
def test_a_bad_dictionary_is_named(cli, tmp_path, content, expected):
    f = tmp_path / "mine.yaml"
    if isinstance(content, bytes):
        f.write_bytes(content)
    elif content is not None:
        f.write_text(content, encoding="utf-8")
    for option in ("--actors", "--verbs"):
        r = cli("code", "-", option, str(f), "--format", "jsonl", stdin="Russia condemned the United States.")
        assert r.returncode == 1 and "Traceback" not in r.stderr
        assert str(f) in r.stderr and expected in r.stderr, r.stderr
    r = cli("recode", "--db", f"sqlite:///{tmp_path / 'x.db'}", "--actors", str(f))
    assert r.returncode == 1 and str(f) in r.stderr


READ_COMMANDS = [["events"], ["stats", "series"], ["stats", "outlets"], ["export", "--format", "gdelt"],
                 ["export", "--format", "plover"]]
WRITE_COMMANDS = [["cluster"], ["cluster", "--rebuild"], ["recode"]]


@pytest.mark.parametrize("command", READ_COMMANDS + WRITE_COMMANDS)
def test_a_mistyped_database_is_an_error_not_a_new_empty_one(cli, tmp_path, command):
    url = f"sqlite:///{tmp_path / 'typo.db'}"
    r = cli(*command, "--db", url)
    assert r.returncode == 1 and "no database at" in r.stderr and "Traceback" not in r.stderr
    assert not (tmp_path / "typo.db").exists()
    r = cli(*command, "--db", f"sqlite:///{tmp_path / 'no' / 'such' / 'dir.db'}")
    assert r.returncode == 1 and "no such" not in r.stdout


@pytest.mark.parametrize("command", READ_COMMANDS + WRITE_COMMANDS)
def test_a_sqlite_file_that_is_not_a_dyads_database_is_left_untouched(cli, tmp_path, command):
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE notes (x TEXT)")
    conn.execute("INSERT INTO notes VALUES ('mine')")
    conn.commit()
    conn.close()
    before = path.read_bytes()
    r = cli(*command, "--db", f"sqlite:///{path}")
    assert r.returncode == 1 and "not a dyads database" in r.stderr, r.stderr
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["other.db"]  # no -wal, no -shm either
    text = tmp_path / "text.db"
    text.write_text("not a database\n")
    r = cli(*command, "--db", f"sqlite:///{text}")
    assert r.returncode == 1 and "not a SQLite database" in r.stderr and text.read_text() == "not a database\n"


def test_read_commands_open_the_database_read_only(tmp_path):
    from sqlalchemy import text
    from sqlalchemy.exc import OperationalError

    from dyads.store import connect

    url = f"sqlite:///{tmp_path / 'd.db'}"
    connect(url)[0].dispose()
    engine, sessions = connect(url, read_only=True)
    with sessions() as s:
        assert s.execute(text("SELECT count(*) FROM articles")).scalar() == 0
        with pytest.raises(OperationalError, match="readonly|read-only|query_only"):
            s.execute(text("INSERT INTO actors (code) VALUES ('X')"))
    engine.dispose()


def test_csv_cells_cannot_run_as_formulas(tmp_path):
    event = {"id": "e1", "doc_id": "=HYPERLINK(\"http://evil\",\"x\")", "sentence_index": 0,
             "sentence": "+cmd|' /C calc'!A0 Russia condemned the United States.", "trigger": "@SUM(1+1)",
             "date": "2022-02-22", "source": {"text": "-2+3", "name": "Russia", "code": "RUS", "country": "RUS",
                                              "org": None, "sector": []},
             "target": None, "cameo": "111", "cameo_root": "11", "quad_class": 3, "goldstein": -2.0,
             "plover": {"event": "DISAPPROVE", "mode": None}, "location": None, "attribution": None,
             "confidence": 0.5, "outlet": "\tTab", "url": "\rCR"}
    out = io.StringIO()
    writer = EventWriter(out, "csv")
    writer.write([event])
    writer.close()
    (row,) = csv.DictReader(io.StringIO(out.getvalue()))
    for key in ("doc_id", "sentence", "trigger", "source_text", "outlet", "url"):
        assert row[key].startswith("'"), key
    assert row["goldstein"] == "-2.0" and row["date"] == "2022-02-22"  # numbers and plain text as they are
    assert csv_safe(-2.0) == -2.0 and csv_safe("Russia") == "Russia" and csv_safe("=1") == "'=1"


def test_stats_csv_cells_cannot_run_as_formulas(cli, tmp_path):
    feed = tmp_path / "feed.jsonl"
    feed.write_text('{"id": "a", "text": "Russia condemned the United States on Monday.", "published": '
                    '"2022-02-22", "source": "=HYPERLINK(\\"http://evil\\")"}\n', encoding="utf-8")
    url = f"sqlite:///{tmp_path / 's.db'}"
    assert cli("ingest", str(feed), "--db", url, "-q").returncode == 0
    r = cli("stats", "outlets", "--db", url, "--format", "csv")
    assert r.returncode == 0, r.stderr
    assert "'=HYPERLINK" in r.stdout and "\n=HYPERLINK" not in r.stdout


def test_database_errors_come_without_sql_and_parameters():
    from sqlalchemy.exc import IntegrityError

    from dyads.cli import _message

    exc = IntegrityError("INSERT INTO articles (id, text) VALUES (?, ?)", ("a1", "The whole article " * 100),
                         Exception("UNIQUE constraint failed: articles.id"))
    msg = _message(exc)
    assert msg == "database error: UNIQUE constraint failed: articles.id"
    assert _message(ValueError("bad \udcff name")) == "bad \\udcff name"


def test_an_unreachable_database_is_one_line(cli):
    r = cli("ingest", "-", "--db", "postgresql://nobody:x@127.0.0.1:1/none", stdin="Russia condemned Iran.")
    assert r.returncode == 1 and "Traceback" not in r.stderr
    assert len([line for line in r.stderr.splitlines() if line.startswith("dyads: error")]) == 1
    assert "[SQL" not in r.stderr
