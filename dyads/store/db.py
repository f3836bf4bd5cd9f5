"""Database URLs and engines: SQLite (WAL) by default, PostgreSQL through any postgresql:// URL. Opening a database
upgrades its schema to the newest Alembic revision."""
from __future__ import annotations

import functools
import importlib.util
from pathlib import Path

from sqlalchemy import Engine, create_engine, event, func, inspect, select
from sqlalchemy.orm import sessionmaker

DEFAULT_URL = "sqlite:///dyads.db"
MIGRATIONS = Path(__file__).resolve().parent / "migrations"
LEGACY_REVISION = "0001"  # the schema dyads' create_all made before migrations existed
CLUSTERS_REVISION = "0002"  # events got clusters here: existing events are clustered after the upgrade


def normalise_url(url: str) -> str:
    """Accept a plain postgresql:// URL and pick the installed driver (psycopg 3, else psycopg2)."""
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            rest = url[len(prefix):]
            if importlib.util.find_spec("psycopg") is not None:
                return "postgresql+psycopg://" + rest
            return "postgresql://" + rest
    return url


def alembic_config(url: str | None = None):
    """An Alembic Config for the packaged migrations (no alembic.ini needed)."""
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    if url:
        cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


@functools.lru_cache(maxsize=1)
def head_revision() -> str:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def current_revision(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def migrate(engine: Engine) -> bool:
    """Bring the database to the head revision; True when something was done. A database created before
    migrations existed (tables but no alembic_version) is stamped 0001 first; events stored before clusters existed
    are clustered once the clusters' tables are there."""
    current = current_revision(engine)
    head = head_revision()
    if current == head:
        return False
    from alembic import command

    cfg = alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        if current is None and inspect(conn).has_table("articles"):
            command.stamp(cfg, LEGACY_REVISION)
            current = LEGACY_REVISION
        command.upgrade(cfg, "head")
    if current is not None and current < CLUSTERS_REVISION:
        from dyads.analyse.cluster import rebuild
        from dyads.store.models import EventRow

        sessions = sessionmaker(engine, expire_on_commit=False)
        with sessions() as s:
            has_events = s.scalar(select(func.count()).select_from(EventRow)) > 0
        if has_events:
            rebuild(sessions)
    return True


def make_engine(url: str = DEFAULT_URL) -> Engine:
    engine = create_engine(normalise_url(url), future=True)
    if engine.dialect.name == "sqlite":
        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_conn, _record):  # WAL: readers never block the writer; FKs for cascades
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA synchronous=NORMAL")
            cur.close()
    return engine


def connect(url: str = DEFAULT_URL, *, upgrade: bool = True) -> tuple[Engine, sessionmaker]:
    """Open the database at ``url``, creating it or upgrading its schema to the newest revision."""
    engine = make_engine(url)
    if upgrade:
        migrate(engine)
    return engine, sessionmaker(engine, expire_on_commit=False)
