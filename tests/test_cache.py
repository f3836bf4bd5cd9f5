"""dyads.cache: built indexes are stored once per change of what they were built from, read back whole, rebuilt
when a file is missing, corrupt or stale, safe under concurrent runs, and can be turned off."""
from __future__ import annotations

import multiprocessing as mp
import pickle
import shutil

import pytest

from dyads import cache


@pytest.fixture
def cache_dir(tmp_path, monkeypatch):
    d = tmp_path / "cache"
    monkeypatch.setenv("DYADS_CACHE_DIR", str(d))
    monkeypatch.delenv("DYADS_NO_CACHE", raising=False)
    return d


def _counting_build(calls):
    def build():
        calls.append(1)
        return {"phrases": ["Russia", "Ukraine"], "n": len(calls)}
    return build


def test_built_once_then_read_back(cache_dir):
    calls = []
    first = cache.cached("probe", _counting_build(calls))
    again = cache.cached("probe", _counting_build(calls))
    assert first == again == {"phrases": ["Russia", "Ukraine"], "n": 1}
    assert len(calls) == 1
    assert len(list(cache_dir.glob("probe-*.pickle"))) == 1
    assert not list(cache_dir.glob("*.tmp"))  # written under a temporary name, renamed into place


def test_a_changed_input_is_a_new_entry(cache_dir, tmp_path):
    user = tmp_path / "mine.yaml"
    user.write_text("states: []\n")
    calls = []
    cache.cached("probe", _counting_build(calls), [cache.file_digest(user)])
    cache.cached("probe", _counting_build(calls), [cache.file_digest(user)])
    user.write_text("states: [{code: GON, name: Gondor}]\n")
    cache.cached("probe", _counting_build(calls), [cache.file_digest(user)])
    assert len(calls) == 2
    # the same content elsewhere is the same entry
    copy = tmp_path / "copy.yaml"
    shutil.copy(user, copy)
    cache.cached("probe", _counting_build(calls), [cache.file_digest(copy)])
    assert len(calls) == 2


def test_the_key_covers_every_data_file(tmp_path, monkeypatch):
    package = tmp_path / "dyads"
    (package / "data").mkdir(parents=True)
    (package / "data" / "verbs.yaml").write_text("verbs: {}\n")
    (package / "data" / "new_layer.yaml").write_text("people: []\n")
    (package / "module.py").write_text("X = 1\n")
    monkeypatch.setattr(cache, "_PACKAGE", package)

    def key():
        cache._data_digest.cache_clear()
        cache._code_digest.cache_clear()
        return cache.key("actors")

    try:
        k0 = key()
        assert key() == k0
        (package / "data" / "new_layer.yaml").write_text("people: [{name: Aragorn}]\n")  # any data file, loaded by anyone
        k1 = key()
        (package / "module.py").write_text("X = 2\n")  # and the code that pickled it
        k2 = key()
        assert len({k0, k1, k2}) == 3
    finally:
        cache._data_digest.cache_clear()
        cache._code_digest.cache_clear()


def test_corrupt_or_foreign_files_are_rebuilt(cache_dir):
    calls = []
    cache.cached("probe", _counting_build(calls))
    path = next(cache_dir.glob("probe-*.pickle"))
    path.write_bytes(b"\x80\x05 truncated")
    assert cache.cached("probe", _counting_build(calls))["n"] == 2
    path.write_bytes(pickle.dumps(("another-entry.pickle", "not ours")))
    assert cache.cached("probe", _counting_build(calls))["n"] == 3
    assert cache.cached("probe", _counting_build(calls))["n"] == 3  # the rebuilt file replaced the bad one


def test_turned_off(cache_dir, monkeypatch):
    monkeypatch.setenv("DYADS_NO_CACHE", "1")
    calls = []
    cache.cached("probe", _counting_build(calls))
    cache.cached("probe", _counting_build(calls))
    assert len(calls) == 2
    assert not cache_dir.exists()


def test_unwritable_directory_still_builds(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    monkeypatch.setenv("DYADS_CACHE_DIR", str(blocker / "cache"))
    monkeypatch.delenv("DYADS_NO_CACHE", raising=False)
    assert cache.cached("probe", lambda: 42) == 42


def test_old_entries_are_pruned(cache_dir):
    for n in range(cache.KEEP + 3):
        cache.cached("probe", lambda n=n: n, [f"variant {n}"])
    assert len(list(cache_dir.glob("probe-*.pickle"))) == cache.KEEP


def _concurrent_build(args):
    directory, n = args
    import os
    import time

    os.environ["DYADS_CACHE_DIR"] = directory
    os.environ.pop("DYADS_NO_CACHE", None)
    from dyads import cache as c

    def build():
        time.sleep(0.2)  # every process finds no entry and builds at the same time
        return list(range(100_000))

    return c.cached("race", build) == list(range(100_000))


def test_concurrent_runs_all_get_a_whole_entry(cache_dir):
    with mp.get_context("spawn").Pool(4) as pool:
        assert all(pool.map(_concurrent_build, [(str(cache_dir), n) for n in range(8)]))
    files = list(cache_dir.glob("race-*.pickle"))
    assert len(files) == 1 and not list(cache_dir.glob("*.tmp"))
    assert cache._read(files[0]) == list(range(100_000))


def test_cached_actor_dictionary_finds_what_a_fresh_build_finds(cache_dir, monkeypatch):
    from dyads.actors.dictionary import build_dictionary

    text = "Russian troops and Ukraine's army clashed; the Kremlin and Nato said Vladimir Putin met Erdogan."
    cold = build_dictionary()  # builds and stores
    warm = build_dictionary()  # reads back
    monkeypatch.setenv("DYADS_NO_CACHE", "1")
    fresh = build_dictionary()

    def found(d):
        return [(m.start, m.end, m.phrase.entity.code, m.phrase.entity.name, m.phrase.how) for m in d.find(text)]

    assert found(cold) == found(warm) == found(fresh) and len(found(fresh)) >= 6
    assert len(warm.entities) == len(fresh.entities) and warm.roles == fresh.roles
    assert list(cache_dir.glob("actors-*.pickle"))


@pytest.mark.slow
def test_cached_gazetteer_finds_what_a_fresh_build_finds(cache_dir):
    from dyads.where.gazetteer import load

    text = "Shells fell on Ḩamāh, Idlib and al-Bab; talks in Paris, Texas and in Tripoli, Lebanon. MOSCOW said."
    fresh = load(use_cache=False)
    load()  # builds and stores
    warm = load()

    def found(g):
        return [(m.start, m.end, [(c.entry.name, c.entry.country, c.prior, c.own_name) for c in m.candidates])
                for m in g.find(text, mentions=True)]

    assert found(warm) == found(fresh) and len(found(fresh)) >= 6
    assert warm.lookup("Aleppo") == fresh.lookup("Aleppo") and warm.country("SYR") == fresh.country("SYR")
    assert len(warm) == len(fresh)


@pytest.mark.slow
def test_a_gazetteer_build_removes_the_old_layouts_file(cache_dir):
    from dyads.where.gazetteer import load

    cache_dir.mkdir(parents=True)
    legacy = cache_dir / "gazetteer-v4-gnc3.0.2-p5000-60f471b4e3e0.pickle"
    legacy.write_bytes(b"old tables")
    load()
    assert not legacy.exists() and list(cache_dir.glob("gazetteer5000-*.pickle"))
