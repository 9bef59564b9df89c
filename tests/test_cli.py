"""The ``newsbundle`` command as a user runs it (a real process, real MkDocs)."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

from conftest import make_project

NEWSBUNDLE = shutil.which("newsbundle")


def _run(project: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([NEWSBUNDLE, *args], cwd=project, capture_output=True, text=True, timeout=900)


def test_build_takes_a_bundle_folder_and_a_site_dir(tmp_path):
    project = make_project(tmp_path / "p")
    shutil.move(project / "seeds", tmp_path / "elsewhere")
    result = _run(project, "build", str(tmp_path / "elsewhere"), "--site-dir", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "out" / "index.html").is_file()
    export = json.loads((tmp_path / "out" / "analysis.json").read_text(encoding="utf-8"))
    assert len(export["articles"]) == len(list((tmp_path / "elsewhere").iterdir()))


def test_analyse_writes_the_export_without_a_site(tmp_path):
    project = make_project(tmp_path / "p")
    result = _run(project, "analyse", "seeds", "--json", "out.json")
    assert result.returncode == 0, result.stderr
    data = json.loads((project / "out.json").read_text(encoding="utf-8"))
    assert {a["file"] for a in data["articles"]} == {p.name for p in (project / "seeds").iterdir()}
    assert not (project / "site").exists()


def test_nothing_usable_exits_non_zero_with_one_line(tmp_path):
    project = make_project(tmp_path / "p", seeds=None)
    (project / "seeds" / "empty.txt").write_text("   \n")
    result = _run(project, "build")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "no usable article" in result.stderr


def test_missing_bundle_folder_is_a_user_error(tmp_path):
    project = make_project(tmp_path / "p")
    result = _run(project, "analyse", "no-such-folder")
    assert result.returncode == 1
    assert "no-such-folder: not a folder" in result.stderr
    assert "Traceback" not in result.stderr
