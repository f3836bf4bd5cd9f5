"""Shared fixtures: the spaCy pipeline and the coder are loaded once per test session."""
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


@pytest.fixture(scope="session")
def coder():
    from dyads.pipeline import make_coder

    return make_coder()


@pytest.fixture(scope="session")
def code(coder):
    """code(text, published="2022-02-22") → events of one short text, through the whole pipeline."""
    from dyads.model import Article, parse_date
    from dyads.pipeline import code_articles

    def run(text: str, published: str | None = "2022-02-22", title: str | None = None):
        article = Article(id="t", text=text, title=title, published=parse_date(published))
        return next(code_articles([article], coder=coder)).events

    return run


def triples(events):
    """(source code, CAMEO code, target code) of each event: the unit PETRARCH's suite scores."""
    return [(e.source.code, e.cameo, e.target.code if e.target else None) for e in events]
