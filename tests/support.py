"""Paths and helpers shared by the test modules (import them from here: `conftest` names are ambiguous when
tests/browser has a conftest of its own)."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SAMPLES = REPO / "dyads" / "samples"


def shared_path(*parts: str) -> Path:
    """A file of ../shared; missing is a failure in CI (it is always there) and a skip on a bare checkout."""
    p = SHARED.joinpath(*parts)
    if not p.exists():
        if os.environ.get("CI"):
            pytest.fail(f"{p} is missing: CI must have ../shared beside the repository")
        pytest.skip(f"{p} not available")
    return p


def triples(events):
    """(source code, CAMEO code, target code) of each event: the unit PETRARCH's suite scores."""
    return [(e.source.code, e.cameo, e.target.code if e.target else None) for e in events]
