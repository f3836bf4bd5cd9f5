"""How many processors this process may really use: ``--workers auto``.

``os.cpu_count()`` counts the machine's processors, not the ones a process may run on. Two limits narrow it:
* the CPU affinity mask (``taskset``, a container's cpuset), read with ``os.sched_getaffinity``;
* a CPU quota of the control group (Docker's ``--cpus``, Kubernetes' CPU limits): cgroup v2's ``cpu.max`` or cgroup
  v1's ``cpu.cfs_quota_us`` / ``cpu.cfs_period_us``, on the process's own group and every group above it; a quota
  of 1.5 processors allows 2 workers (rounded up, as the JVM and joblib do).
Written by hand: the standard library reads the affinity mask (Python 3.13's ``os.process_cpu_count``) but no
cgroup quota, and the libraries that do (joblib/loky) are heavy to import for one number.
"""
from __future__ import annotations

import math
import os
from pathlib import Path

CGROUP_ROOT = Path("/sys/fs/cgroup")


def usable_cores(cgroup_root: Path = CGROUP_ROOT, proc_cgroup: Path = Path("/proc/self/cgroup")) -> int:
    """The processors this process may use: the affinity mask, bounded by any cgroup CPU quota; at least 1."""
    try:
        n = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):  # not on Linux
        n = os.cpu_count() or 1
    quota = cgroup_quota(cgroup_root, proc_cgroup)
    if quota is not None:
        n = min(n, max(1, math.ceil(quota)))
    return max(1, n)


def cgroup_quota(cgroup_root: Path = CGROUP_ROOT, proc_cgroup: Path = Path("/proc/self/cgroup")) -> float | None:
    """The smallest CPU quota (in processors) of this process's control groups, or None when there is none."""
    try:
        lines = proc_cgroup.read_text().splitlines()
    except OSError:
        return None
    quotas: list[float] = []
    for line in lines:
        parts = line.split(":", 2)
        if len(parts) != 3:
            continue
        _, controllers, group = parts
        group = group.strip().lstrip("/")
        if controllers == "":  # cgroup v2: one unified hierarchy
            for d in _up(cgroup_root, group):
                q = _v2(d / "cpu.max")
                if q is not None:
                    quotas.append(q)
        elif "cpu" in controllers.split(","):
            for mount in (cgroup_root / controllers, cgroup_root / "cpu", cgroup_root / "cpu,cpuacct"):
                if mount.is_dir():
                    for d in _up(mount, group):
                        q = _v1(d)
                        if q is not None:
                            quotas.append(q)
                    break
    return min(quotas) if quotas else None


def _up(root: Path, group: str):
    """The group's directory and every one above it up to the root (a container often sees itself as '/')."""
    parts = [p for p in group.split("/") if p]
    seen = set()
    for k in range(len(parts), -1, -1):
        d = root.joinpath(*parts[:k]) if k else root
        if d not in seen and d.is_dir():
            seen.add(d)
            yield d


def _v2(path: Path) -> float | None:
    try:
        quota, period = path.read_text().split()[:2]
    except (OSError, ValueError):
        return None
    if quota == "max":
        return None
    try:
        q, p = int(quota), int(period)
    except ValueError:
        return None
    return q / p if q > 0 and p > 0 else None


def _v1(d: Path) -> float | None:
    try:
        q = int((d / "cpu.cfs_quota_us").read_text())
        p = int((d / "cpu.cfs_period_us").read_text())
    except (OSError, ValueError):
        return None
    return q / p if q > 0 and p > 0 else None
