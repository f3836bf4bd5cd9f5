"""The GDELT columns as a typed Parquet file. pyarrow is an optional dependency (``pip install dyads[parquet]``)."""
from __future__ import annotations

from typing import IO

from sqlalchemy.orm import sessionmaker


class MissingDependency(RuntimeError):
    pass


def _pyarrow():
    try:
        import pyarrow
        import pyarrow.parquet
    except ImportError:
        raise MissingDependency("Parquet export needs pyarrow, which is not installed: pip install dyads[parquet] "
                                "(or pip install pyarrow)") from None
    return pyarrow, pyarrow.parquet


def write_parquet(sessions: sessionmaker, out: str | IO[bytes], batch: int = 10_000,
                  min_confidence: float = 0.0) -> int:
    """Write every cluster's GDELT row to ``out`` (a path or a binary file); returns the number of rows."""
    pa, pq = _pyarrow()
    from dyads.export.gdelt import FLOAT_COLUMNS, GDELT_COLUMNS, INT_COLUMNS, gdelt_rows

    schema = pa.schema([(c, pa.int64() if c in INT_COLUMNS else pa.float64() if c in FLOAT_COLUMNS else pa.string())
                        for c in GDELT_COLUMNS])
    n = 0
    rows: list[dict] = []
    with pq.ParquetWriter(out, schema) as writer:
        def flush():
            cols = {c: [None if r[c] is None else (r[c] if c in INT_COLUMNS or c in FLOAT_COLUMNS else str(r[c]))
                        for r in rows] for c in GDELT_COLUMNS}
            writer.write_table(pa.Table.from_pydict(cols, schema=schema))
            rows.clear()

        for row in gdelt_rows(sessions, min_confidence):
            rows.append(row)
            n += 1
            if len(rows) >= batch:
                flush()
        flush()
    return n
