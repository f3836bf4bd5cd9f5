"""Database URLs and engines: SQLite (WAL) by default, PostgreSQL through any postgresql:// URL."""
from __future__ import annotations

import importlib.util

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import sessionmaker

from dyads.store.models import Base

DEFAULT_URL = "sqlite:///dyads.db"


def normalise_url(url: str) -> str:
    """Accept a plain postgresql:// URL and pick the installed driver (psycopg 3, else psycopg2)."""
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            rest = url[len(prefix):]
            if importlib.util.find_spec("psycopg") is not None:
                return "postgresql+psycopg://" + rest
            return "postgresql://" + rest
    return url


def connect(url: str = DEFAULT_URL) -> tuple[Engine, sessionmaker]:
    """Open (and create if needed) the database at ``url``."""
    engine = create_engine(normalise_url(url), future=True)
    if engine.dialect.name == "sqlite":
        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_conn, _record):  # WAL: readers never block the writer; FKs for cascades
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA synchronous=NORMAL")
            cur.close()
    Base.metadata.create_all(engine)
    return engine, sessionmaker(engine, expire_on_commit=False)
