"""``mkdocs serve`` previews the bundle and picks up an article dropped into seeds/."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

from conftest import make_project

NEW_ARTICLE = """Harbour authority opens new ferry terminal

By Jane Example

The harbour authority opened a new ferry terminal on Tuesday, its director said.
"We expect twice as many passengers next year," said Maria Example, the authority's director.
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_for(url: str, timeout: float) -> str | None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                return response.read().decode("utf-8")
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(1)
    return None


def test_serve_rebuilds_when_an_article_is_added(tmp_path):
    project = make_project(tmp_path / "p")
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}"],
        cwd=project, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        assert _wait_for(f"http://127.0.0.1:{port}/", 300) is not None
        assert _wait_for(f"http://127.0.0.1:{port}/articles/ferry-terminal/", 1) is None
        (project / "seeds" / "ferry-terminal.txt").write_text(NEW_ARTICLE, encoding="utf-8")
        page = _wait_for(f"http://127.0.0.1:{port}/articles/ferry-terminal/", 300)
        assert page is not None and "ferry terminal" in page
    finally:
        server.terminate()
        server.wait(timeout=30)
