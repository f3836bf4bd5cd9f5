"""Exports of the event database, one record per event cluster (one real-world event, however many reports):

* :func:`gdelt_rows` / ``dyads export --format gdelt``: the GDELT 2.0 event table's 61 columns, tab-separated with a
  header, filled where dyads knows the value and blank elsewhere;
* :func:`plover_records` / ``--format plover``: PLOVER-style JSON lines with the reports as evidence;
* :func:`write_parquet` / ``--format parquet``: the GDELT columns, typed, as a Parquet file (needs pyarrow:
  ``pip install dyads[parquet]``).
"""
from dyads.export.gdelt import GDELT_COLUMNS, gdelt_rows, write_gdelt
from dyads.export.parquet import MissingDependency, write_parquet
from dyads.export.plover import plover_records, write_plover

__all__ = ["GDELT_COLUMNS", "MissingDependency", "gdelt_rows", "plover_records", "write_gdelt", "write_parquet",
           "write_plover"]
