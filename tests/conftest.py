"""Shared fixtures: the spaCy pipeline and the coder are loaded once per test session."""
from __future__ import annotations

import importlib.util
import io
import subprocess
import sys

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


@pytest.fixture
def cli(capsys, monkeypatch):
    """cli(*args, stdin="...") → CompletedProcess(args, exit status, stdout, stderr) of the command line, run in
    this process (the model and dictionaries stay loaded between calls)."""
    from dyads.cli import main

    def run(*args, stdin: str = ""):
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin.encode("utf-8")), encoding="utf-8"))
        capsys.readouterr()
        try:
            rc = main([str(a) for a in args])
        except SystemExit as exc:
            rc = exc.code
        out, err = capsys.readouterr()
        return subprocess.CompletedProcess(args, rc, out, err)

    return run
