"""Database URLs and engines: SQLite (WAL) by default, PostgreSQL through any postgresql:// URL. Opening a database
upgrades its schema to the newest Alembic revision.

Writers take turns: every write transaction (:func:`writing`) first takes the database's write lock — ``BEGIN
IMMEDIATE`` on SQLite, a transaction-level advisory lock on PostgreSQL — so that two ingests into one database
never both decide that an article is new and both insert it. Waiting for the lock is bounded (``LOCK_WAIT``
seconds) and said on standard error; readers never wait (WAL on SQLite, MVCC on PostgreSQL).

Commands that only read (``events``, ``stats``, ``export``, ``serve`` without a token) open an existing dyads
database read-only (:func:`connect` with ``read_only=True``): a mistyped path is an error, not a new empty
database, and a file that is not a dyads database is left untouched.
"""
from __future__ import annotations

import functools
import importlib.util
import os
import sys
import time
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

from sqlalchemy import Engine, create_engine, event, func, inspect, select
from sqlalchemy.exc import DBAPIError, OperationalError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

DEFAULT_URL = "sqlite:///dyads.db"
MIGRATIONS = Path(__file__).resolve().parent / "migrations"
LEGACY_REVISION = "0001"  # the schema dyads' create_all made before migrations existed
CLUSTERS_REVISION = "0002"  # events got clusters here: existing events are clustered after the upgrade
LOCK_WAIT = float(os.environ.get("DYADS_LOCK_WAIT", 120))  # seconds a writer waits for another one to finish
PG_WRITE_LOCK = 0x64796164  # "dyad": the advisory lock key dyads writers share on PostgreSQL
DYADS_TABLES = ("articles", "events")


class DatabaseError(RuntimeError):
    """A database that cannot be used as asked, with a message that says what to do."""


def normalise_url(url: str) -> str:
    """Accept a plain postgresql:// URL and pick the installed driver (psycopg 3, else psycopg2)."""
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            rest = url[len(prefix):]
            if importlib.util.find_spec("psycopg") is not None:
                return "postgresql+psycopg://" + rest
            return "postgresql://" + rest
    return url


def sqlite_path(url: str) -> Path | None:
    """The file of a sqlite:/// URL (None for other databases and in-memory ones)."""
    if not url.startswith("sqlite:///"):
        return None
    path = url[len("sqlite:///"):].split("?", 1)[0]
    if not path or path == ":memory:" or path.startswith("file:"):
        return None
    return Path(path)


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


@functools.lru_cache(maxsize=1)
def known_revisions() -> frozenset[str]:
    from alembic.script import ScriptDirectory

    return frozenset(s.revision for s in ScriptDirectory.from_config(alembic_config()).walk_revisions())


def current_revision(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def _lock_postgres(conn, what: str) -> None:
    """Take the dyads write lock of a PostgreSQL database for this transaction, waiting at most LOCK_WAIT s."""
    deadline = time.monotonic() + 2  # a batch being stored takes well under this: wait quietly first
    while not conn.exec_driver_sql(f"SELECT pg_try_advisory_xact_lock({PG_WRITE_LOCK})").scalar():
        if time.monotonic() > deadline:
            break
        time.sleep(0.05)
    else:
        return
    _say_waiting(what)
    conn.exec_driver_sql(f"SET LOCAL lock_timeout = '{int(LOCK_WAIT * 1000)}ms'")
    try:
        conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({PG_WRITE_LOCK})")
    except OperationalError as exc:
        raise DatabaseError(f"the database stayed locked by another dyads writer for {LOCK_WAIT:.0f} s; try again "
                            f"when it has finished (DYADS_LOCK_WAIT sets the wait)") from exc
    conn.exec_driver_sql("SET LOCAL lock_timeout = 0")


def _say_waiting(what: str) -> None:
    print(f"dyads: waiting (at most {LOCK_WAIT:.0f} s) for another process writing to the database to finish "
          f"({what})", file=sys.stderr, flush=True)


@contextmanager
def writing(sessions: sessionmaker, what: str = "storing articles"):
    """A session in a write transaction that holds the database's write lock from its first statement: check
    (is this article stored?) and insert cannot interleave with another writer's. Commits at the end, rolls back
    on an exception."""
    with sessions.begin() as s:
        conn = s.connection(execution_options={"dyads_write": what})
        if conn.dialect.name == "postgresql":
            _lock_postgres(conn, what)
        yield s


def migrate(engine: Engine) -> bool:
    """Bring the database to the head revision; True when something was done. A database created before
    migrations existed (tables but no alembic_version) is stamped 0001 first; events stored before clusters existed
    are clustered once the clusters' tables are there. Runs under the write lock, so two processes opening a new
    database at once do not both create it."""
    current = current_revision(engine)
    head = head_revision()
    if current == head:
        return False
    from alembic import command
    from alembic.runtime.migration import MigrationContext

    cfg = alembic_config()
    with engine.execution_options(dyads_write="upgrading the schema").begin() as conn:
        if conn.dialect.name == "postgresql":
            _lock_postgres(conn, "upgrading the schema")
        current = MigrationContext.configure(conn).get_current_revision()  # again, under the lock
        if current == head:
            return False
        if current is not None and current not in known_revisions():
            raise DatabaseError(f"the database's schema revision {current!r} is newer than this dyads knows "
                                f"(head {head}); upgrade dyads")
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
            with writing(sessions, "clustering the stored events") as s:
                rebuild(s)
    return True


def _sqlite_begin(conn) -> None:
    """BEGIN for readers; BEGIN IMMEDIATE (the write lock first) for writers, waiting at most LOCK_WAIT s and
    saying so when another process holds the lock."""
    what = conn.get_execution_options().get("dyads_write")
    if not what:
        conn.exec_driver_sql("BEGIN")
        return
    dbapi = conn.connection.dbapi_connection
    started = time.monotonic()
    dbapi.execute("PRAGMA busy_timeout = 2000")
    try:
        dbapi.execute("BEGIN IMMEDIATE")
        return
    except Exception as exc:  # sqlite3.OperationalError: database is locked
        if "locked" not in str(exc) and "busy" not in str(exc):
            raise
    _say_waiting(what)
    dbapi.execute(f"PRAGMA busy_timeout = {int(LOCK_WAIT * 1000)}")
    try:
        dbapi.execute("BEGIN IMMEDIATE")
    except Exception as exc:
        if "locked" not in str(exc) and "busy" not in str(exc):
            raise
        raise DatabaseError(f"the database stayed locked by another process for {time.monotonic() - started:.0f} s; "
                            f"try again when it has finished (DYADS_LOCK_WAIT sets the wait)") from None
    finally:
        dbapi.execute("PRAGMA busy_timeout = 5000")


def make_engine(url: str = DEFAULT_URL, *, read_only: bool = False, immutable: bool = False) -> Engine:
    url = normalise_url(url)
    path = sqlite_path(url)
    if path is not None and read_only:
        # a read-only connection to the file (immutable when its directory cannot hold the WAL's shared memory)
        uri = f"file:{quote(str(path.resolve()))}?mode=ro" + ("&immutable=1" if immutable else "")
        engine = create_engine(f"sqlite:///{uri}&uri=true", future=True)
    elif url.startswith("postgresql") and read_only:
        engine = create_engine(url, future=True, connect_args={"options": "-c default_transaction_read_only=on"})
    else:
        engine = create_engine(url, future=True)
    if engine.dialect.name == "sqlite":
        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_conn, _record):  # WAL: readers never block the writer; FKs for cascades
            dbapi_conn.isolation_level = None  # transactions are begun by _sqlite_begin, not by the driver
            cur = dbapi_conn.cursor()
            if read_only:
                cur.execute("PRAGMA query_only=ON")
            else:
                cur.execute("PRAGMA journal_mode=WAL")
                cur.execute("PRAGMA synchronous=NORMAL")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.close()

        event.listen(engine, "begin", _sqlite_begin)
    return engine


def _check_dyads(engine: Engine, url: str) -> str | None:
    """The schema revision of an existing dyads database; DatabaseError when it is none."""
    try:
        with engine.connect() as conn:
            tables = set(inspect(conn).get_table_names())
    except DBAPIError as exc:
        raise DatabaseError(f"cannot open {url}: {describe_error(exc)}") from None
    if "alembic_version" in tables:
        rev = current_revision(engine)
        if rev is not None:
            return rev
    if not tables:
        raise DatabaseError(f"{url} is an empty database; store articles first with `dyads ingest INPUT --db {url}`, "
                            f"or check the URL")
    if not set(DYADS_TABLES) <= tables:
        raise DatabaseError(f"{url} is not a dyads database (it holds other tables: "
                            f"{', '.join(sorted(tables)[:5])}); check the URL")
    return None


def _require_file(url: str) -> None:
    path = sqlite_path(normalise_url(url))
    if path is not None and not path.is_file():
        where = "" if path.parent.is_dir() else f" (and no directory {path.parent})"
        raise DatabaseError(f"no database at {path}{where}; store some articles first, e.g. "
                            f"`dyads ingest dyads/samples --db {url}`, or check the path")


def connect(url: str = DEFAULT_URL, *, upgrade: bool = True, read_only: bool = False,
            create: bool = True) -> tuple[Engine, sessionmaker]:
    """Open the database at ``url``, creating it or upgrading its schema to the newest revision.

    With ``create=False`` the database must exist and be a dyads database (a DatabaseError says what is wrong
    otherwise; nothing is written to a database that is not one). With ``read_only`` (which implies
    ``create=False``) it is opened read-only; a schema older than this dyads is upgraded first, which needs write
    access once and is said on standard error."""
    if read_only or not create:
        _require_file(url)
        probe = _read_only_engine(url)
        try:
            rev = _check_dyads(probe, url)
        except DatabaseError:
            probe.dispose()
            raise
        if read_only and (not upgrade or rev == head_revision()):
            return probe, sessionmaker(probe, expire_on_commit=False)
        probe.dispose()
        if read_only:
            print(f"dyads: upgrading the database schema of {url} ({rev or 'from before migrations'} → "
                  f"{head_revision()})", file=sys.stderr)
            try:
                writer = make_engine(url)
                migrate(writer)
                writer.dispose()
            except SQLAlchemyError as exc:
                raise DatabaseError(f"{url} was made by an older dyads and must be upgraded once, which needs "
                                    f"write access: {describe_error(exc)}") from None
            engine = _read_only_engine(url)
            return engine, sessionmaker(engine, expire_on_commit=False)
    engine = make_engine(url)
    if upgrade:
        deadline = time.monotonic() + LOCK_WAIT
        while True:
            try:
                migrate(engine)
                break
            except DatabaseError:
                raise
            except SQLAlchemyError as exc:
                # another process creating or upgrading the same new SQLite file can hold it for a moment in a way
                # SQLite's busy handler does not wait for (switching it to WAL, a deferred read turning into a
                # write): wait and look again, as a writer waits for the write lock
                if "locked" in str(exc) and time.monotonic() < deadline:
                    time.sleep(0.1)
                    continue
                raise DatabaseError(f"cannot open {url}: {describe_error(exc)}") from None
    return engine, sessionmaker(engine, expire_on_commit=False)


def _read_only_engine(url: str) -> Engine:
    engine = make_engine(url, read_only=True)
    path = sqlite_path(normalise_url(url))
    if path is None:
        return engine
    try:
        with engine.connect() as conn:
            conn.exec_driver_sql("SELECT count(*) FROM sqlite_master").scalar()
        return engine
    except DBAPIError as exc:
        if "not a database" in str(exc):
            raise DatabaseError(f"{path} is not a SQLite database (is the URL right?)") from None
        if os.access(path.parent, os.W_OK):
            raise DatabaseError(f"cannot open {url}: {describe_error(exc)}") from None
    # a WAL database in a directory we cannot write: SQLite cannot make its shared-memory file there, so read it as
    # immutable (nothing can be writing to it through that directory either)
    engine.dispose()
    return make_engine(url, read_only=True, immutable=True)


def describe_error(exc: BaseException) -> str:
    """A database error in one line, without the SQL statement and its parameters (which can hold whole articles)."""
    orig = getattr(exc, "orig", None) if isinstance(exc, DBAPIError) else None
    text = str(orig if orig is not None else exc).strip().splitlines()
    line = text[0] if text else type(exc).__name__
    if "database is locked" in line:
        line += f" (another process kept it locked; dyads waits up to {LOCK_WAIT:.0f} s, see DYADS_LOCK_WAIT)"
    return line[:300]


__all__ = ["DEFAULT_URL", "DatabaseError", "Session", "connect", "describe_error", "make_engine", "migrate",
           "normalise_url", "sqlite_path", "writing"]
