"""Browser tests: the app served by uvicorn in a subprocess, driven by Playwright through Debian's Chromium.

Without /usr/bin/chromium (or Playwright) they are skipped, saying why, unless CI is set: there they fail."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest_web import web_db  # noqa: F401 (fixture)

CHROMIUM = Path("/usr/bin/chromium")


def pytest_configure(config):
    config.addinivalue_line("markers", "browser: drives a real browser (Chromium via Playwright)")


def _unavailable(reason: str):
    if os.environ.get("CI"):
        pytest.fail(f"{reason}; CI must provide it (apt-get install chromium; pip install playwright "
                    f"pytest-playwright)")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def chromium() -> str:
    if not CHROMIUM.exists():
        _unavailable(f"{CHROMIUM} is missing (apt-get install -y --no-install-recommends chromium)")
    return str(CHROMIUM)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args, chromium):
    return {**browser_type_launch_args, "executable_path": chromium,
            "args": ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"]}


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def live_server(web_db, chromium, tmp_path_factory) -> str:
    """`dyads serve` (as python -m dyads.web.command) on a free port; its base URL."""
    import httpx

    port = _free_port()
    log = tmp_path_factory.mktemp("server") / "server.log"
    with open(log, "wb") as out:
        proc = subprocess.Popen([sys.executable, "-m", "dyads.web.command", "--db", web_db, "--host", "127.0.0.1",
                                 "--port", str(port)], stdout=out, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            if proc.poll() is not None:
                pytest.fail(f"the server exited with {proc.returncode}:\n{log.read_text()}")
            try:
                if httpx.get(base + "/api/events?limit=1", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"the server did not answer within 30 s:\n{log.read_text()}")
            time.sleep(0.1)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@pytest.fixture(scope="module")
def review_server(web_db, chromium, tmp_path_factory):
    """`dyads serve --token` on a fresh copy of the test database, for the review tests: base URL and token."""
    import shutil

    import httpx

    folder = tmp_path_factory.mktemp("review-server")
    db = folder / "copy.db"
    shutil.copy(web_db.removeprefix("sqlite:///"), db)
    port, token = _free_port(), "review-browser-token"
    with open(folder / "server.log", "wb") as out:
        proc = subprocess.Popen([sys.executable, "-m", "dyads.web.command", "--db", f"sqlite:///{db}", "--port",
                                 str(port), "--token", token], stdout=out, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            assert proc.poll() is None, (folder / "server.log").read_text()
            try:
                if httpx.get(base + "/api/events?limit=1", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            assert time.monotonic() < deadline, (folder / "server.log").read_text()
            time.sleep(0.1)
        yield base, token
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
