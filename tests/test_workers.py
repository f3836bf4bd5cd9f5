"""--workers auto: the usable cores (affinity mask, cgroup CPU quotas), worker processes only for more than a
handful of articles, the same events whatever the number."""
from __future__ import annotations

import os

import pytest

from dyads.engines import cores, local, parse_workers
from dyads.model import Article


def _cgroup(tmp_path, line: str):
    proc = tmp_path / "proc_cgroup"
    proc.write_text(line + "\n")
    return proc


def test_no_quota_means_the_affinity_mask(tmp_path):
    root = tmp_path / "cg"
    (root / "user.slice").mkdir(parents=True)
    (root / "cpu.max").write_text("max 100000\n")
    proc = _cgroup(tmp_path, "0::/user.slice")
    assert cores.cgroup_quota(root, proc) is None
    assert cores.usable_cores(root, proc) == len(os.sched_getaffinity(0))


def test_cgroup_v2_quota_rounds_up_and_the_smallest_ancestor_wins(tmp_path):
    root = tmp_path / "cg"
    leaf = root / "kubepods" / "pod1"
    leaf.mkdir(parents=True)
    (root / "cpu.max").write_text("max 100000\n")
    (root / "kubepods" / "cpu.max").write_text("50000 100000\n")  # half a processor above the pod
    (leaf / "cpu.max").write_text("150000 100000\n")
    proc = _cgroup(tmp_path, "0::/kubepods/pod1")
    assert cores.cgroup_quota(root, proc) == 0.5
    assert cores.usable_cores(root, proc) == 1
    (root / "kubepods" / "cpu.max").write_text("max 100000\n")
    assert cores.cgroup_quota(root, proc) == 1.5
    assert cores.usable_cores(root, proc) == min(2, len(os.sched_getaffinity(0)))


def test_cgroup_v1_quota(tmp_path):
    root = tmp_path / "cg"
    group = root / "cpu,cpuacct" / "docker" / "abc"
    group.mkdir(parents=True)
    (group / "cpu.cfs_quota_us").write_text("100000\n")
    (group / "cpu.cfs_period_us").write_text("100000\n")
    (root / "cpu,cpuacct" / "cpu.cfs_quota_us").write_text("-1\n")  # the root: no limit
    (root / "cpu,cpuacct" / "cpu.cfs_period_us").write_text("100000\n")
    proc = _cgroup(tmp_path, "12:memory:/docker/abc\n4:cpu,cpuacct:/docker/abc")
    assert cores.cgroup_quota(root, proc) == 1.0
    assert cores.usable_cores(root, proc) == 1


def test_unreadable_cgroups_are_no_limit(tmp_path):
    assert cores.cgroup_quota(tmp_path / "none", tmp_path / "missing") is None
    assert cores.usable_cores() >= 1


def test_workers_option_values():
    import argparse

    assert parse_workers("auto") == "auto" and parse_workers("AUTO") == "auto" and parse_workers("3") == 3
    for bad in ("0", "-2", "two", ""):
        with pytest.raises(argparse.ArgumentTypeError, match="auto or a whole number"):
            parse_workers(bad)


def test_auto_is_the_default_of_code_ingest_and_recode():
    from dyads.cli import build_parser

    parser = build_parser()
    for argv in (["code", "x.jsonl"], ["ingest", "x.jsonl"], ["recode"]):
        assert parser.parse_args(argv).workers == "auto"
    assert parser.parse_args(["code", "x.jsonl", "--workers", "1"]).workers == 1


def test_bad_workers_is_a_usage_error(capsys):
    from dyads.cli import main

    with pytest.raises(SystemExit) as exc:
        main(["code", "x.jsonl", "--workers", "0"])
    assert exc.value.code == 2
    assert "auto or a whole number" in capsys.readouterr().err


def _articles(n):
    return [Article(id=f"a{i}", text=f"Iran condemned Israel on Monday. Story {i}.") for i in range(n)]


@pytest.mark.parametrize("n,expected", [(0, 1), (1, 1), (local.HANDFUL, 1), (local.HANDFUL + 1, 2), (50, 2)])
def test_auto_starts_workers_only_beyond_a_handful(monkeypatch, n, expected):
    monkeypatch.setattr(cores, "usable_cores", lambda: 2)
    stream, workers = local.auto_workers(iter(_articles(n)))
    assert workers == expected
    assert [a.id for a in stream] == [f"a{i}" for i in range(n)]  # what was read ahead is not lost


def test_auto_on_one_core_stays_in_process(monkeypatch):
    monkeypatch.setattr(cores, "usable_cores", lambda: 1)
    pulled = []

    def gen():
        for a in _articles(100):
            pulled.append(a.id)
            yield a

    stream, workers = local.auto_workers(gen())
    assert workers == 1 and pulled == []  # nothing read ahead


def test_auto_codes_in_workers_with_the_same_events(monkeypatch, coder):
    import json

    from dyads.pipeline import code_articles

    monkeypatch.setattr(cores, "usable_cores", lambda: 2)
    used = []
    real = local.code_parallel

    def spy(*args, **kwargs):
        used.append(kwargs.get("workers"))
        yield from real(*args, **kwargs)

    monkeypatch.setattr(local, "code_parallel", spy)
    articles = [Article(id="x", text="The European Union imposed sanctions on Russia on Monday."),
                Article(id="y", text="The Kremlin accused Ukraine of shelling Donetsk.")] * 6

    def dump(items):
        return [(c.article.id, [json.dumps(e.to_dict(), sort_keys=True) for e in c.events]) for c in items]

    one = dump(code_articles(articles, workers=1, coder=coder))
    auto = dump(code_articles(articles, workers="auto", batch_size=2, coder=coder))
    assert used == [2] and auto == one and sum(len(e) for _, e in one) >= 12
    used.clear()
    assert dump(code_articles(articles[:3], workers="auto", coder=coder)) == one[:3]
    assert used == []  # a handful: coded here
