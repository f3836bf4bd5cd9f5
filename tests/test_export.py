"""Exports: the GDELT 2.0 event table, PLOVER JSON lines and Parquet, one record per event cluster."""
from __future__ import annotations

import csv
import io
import json
import sys

import pytest
from sqlalchemy import select

from dyads.export import GDELT_COLUMNS, MissingDependency, write_gdelt, write_parquet, write_plover
from dyads.store.models import ClusterRow
from test_cluster import db_url, dup_articles, dup_code, dup_db  # noqa: F401  (fixtures)


def _clusters(sessions):
    with sessions() as s:
        return {c.id: c for c in s.scalars(select(ClusterRow))}


def test_gdelt_table_has_the_columns_and_one_row_per_cluster(dup_db):
    out = io.StringIO()
    n = write_gdelt(dup_db, out)
    lines = out.getvalue().splitlines()
    header = lines[0].split("\t")
    assert len(header) == 61 and header[:5] == ["GlobalEventID", "Day", "MonthYear", "Year", "FractionDate"]
    assert header[-2:] == ["DATEADDED", "SOURCEURL"] and "ActionGeo_CountryCode" in header
    rows = list(csv.DictReader(io.StringIO(out.getvalue()), delimiter="\t"))
    clusters = _clusters(dup_db)
    assert n == len(rows) == len(clusters) and all(len(r) == 61 for r in rows)
    for r in rows:
        c = clusters[int(r["GlobalEventID"])]
        assert (int(r["NumArticles"]), int(r["NumSources"]), int(r["NumMentions"])) == (
            c.num_articles, c.num_sources, c.num_events)
        assert r["EventRootCode"] == c.cameo_root and r["EventCode"].startswith(r["EventBaseCode"])
        assert r["AvgTone"] == "" and r["Actor1Geo_Lat"] == ""
    summit = next(r for r in rows if r["Day"] == "20180612" and r["EventRootCode"] == "04")
    assert summit["Actor1CountryCode"] in ("USA", "PRK") and summit["QuadClass"] == "1"
    assert summit["ActionGeo_FullName"] == "Singapore" and summit["ActionGeo_CountryCode"] == "SN"  # FIPS
    assert summit["MonthYear"] == "201806" and summit["Year"] == "2018" and summit["SOURCEURL"].startswith("https://")
    assert max(int(r["NumArticles"]) for r in rows) >= 3


def test_plover_json_lines(dup_db):
    out = io.StringIO()
    n = write_plover(dup_db, out)
    recs = [json.loads(line) for line in out.getvalue().splitlines()]
    assert n == len(recs) == len(_clusters(dup_db))
    for r in recs:
        assert {"id", "event_type", "mode", "source_actor", "source_sectors", "target_actor", "target_sectors",
                "date", "location", "evidence"} <= r.keys()
        assert r["event_type"].isupper() and r["evidence"] and len(r["evidence"]) == r["num_mentions"]
        assert {"sentence", "trigger", "article_id", "url"} <= r["evidence"][0].keys()
    invasion = [r for r in recs if r["date"] == "2022-02-24" and r["event_type"] in ("ASSAULT", "COERCE")
                and r["target"] and r["target"]["country"] == "UKR"]
    assert max(r["num_articles"] for r in invasion) >= 3


def test_parquet_round_trip(dup_db, tmp_path):
    pq = pytest.importorskip("pyarrow.parquet")
    n = write_parquet(dup_db, str(tmp_path / "e.parquet"))
    table = pq.read_table(tmp_path / "e.parquet")
    assert table.num_rows == n == len(_clusters(dup_db)) and table.column_names == list(GDELT_COLUMNS)
    assert str(table.schema.field("NumArticles").type) == "int64"


def test_parquet_without_pyarrow_says_what_to_install(dup_db, tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "pyarrow", None)
    monkeypatch.setitem(sys.modules, "pyarrow.parquet", None)
    with pytest.raises(MissingDependency, match=r"pip install dyads\[parquet\]"):
        write_parquet(dup_db, str(tmp_path / "e.parquet"))
