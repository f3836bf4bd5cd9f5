"""Shared fixtures: the spaCy pipeline and the coder are loaded once per test session."""
from __future__ import annotations

import importlib.util

import pytest

from support import shared_path


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


@pytest.fixture(scope="session")
def contract():
    """../shared/tools/check_contract.py as a module: `contract.problems(event_dict)` lists what breaks it."""
    spec = importlib.util.spec_from_file_location("check_contract", shared_path("tools", "check_contract.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
