"""The whole product through real MkDocs: plugin, pages, export, atomic and deterministic builds."""

from __future__ import annotations

import hashlib
import html
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import ROOT, make_project, run_mkdocs
from generator import site_search
from generator.ingest import read_bundle

EXPORT_KEYS = {
    "articles": {"id", "file", "outlet", "headline", "author", "published", "words", "page", "boilerplate_removed"},
    "entities": {"id", "name", "type", "aliases", "role", "articles", "page"},
    "quotes": {"id", "article", "text", "speaker_name", "speaker_id", "direct", "start", "end", "group"},
    "quote_groups": {"id", "speaker_id", "quotes", "altered"},
    "overlaps": {"a", "b", "kind", "score", "passages"},
    "claims": {"id", "text", "articles", "single_source", "contradicts"},
    "outlets": {"name", "articles", "page"},
}


def _export(project: Path) -> dict:
    return json.loads((project / "site" / "analysis.json").read_text(encoding="utf-8"))


def _tree_digest(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*")) if p.is_file()
    }


def test_plain_mkdocs_build_writes_every_section_page(seed_site):
    site = seed_site / "site"
    for page in ("index.html", "articles/index.html", "outlets/index.html", "people/index.html",
                 "quotes/index.html", "overlaps/index.html", "claims/index.html", "report/index.html"):
        assert (site / page).is_file(), page


def test_no_generated_markdown_is_left_in_the_project(seed_site):
    assert sorted(p.name for p in (seed_site / "docs").rglob("*.md")) == sorted(
        p.name for p in (ROOT / "docs").rglob("*.md")
    )


@pytest.mark.parametrize("section", sorted(EXPORT_KEYS))
def test_export_sections_have_the_documented_fields(seed_site, section):
    rows = _export(seed_site)[section]
    assert rows, f"{section} is empty for the seed bundle"
    for row in rows:
        assert EXPORT_KEYS[section] <= row.keys(), (section, EXPORT_KEYS[section] - row.keys())


def test_export_cross_references_resolve(seed_site):
    data = _export(seed_site)
    articles = {a["id"]: a for a in data["articles"]}
    entities = {e["id"] for e in data["entities"]}
    groups = {g["id"]: g for g in data["quote_groups"]}
    assert {path.stem for path in (ROOT / "seeds").iterdir()} == set(articles)
    texts = {a.id: a.text for a in read_bundle(seed_site / "seeds").articles}
    for quote in data["quotes"]:
        text = texts[quote["article"]]
        assert quote["article"] in articles and quote["group"] in groups
        assert quote["speaker_id"] is None or quote["speaker_id"] in entities
        assert quote["text"].split()[0].strip("\"“'‘,.") in text[quote["start"]:quote["end"]]
    for group in groups.values():
        assert set(group["quotes"]) <= {q["id"] for q in data["quotes"]}
    for claim in data["claims"]:
        assert set(claim["articles"]) <= set(articles)
        assert claim["single_source"] == (len(set(claim["articles"])) == 1)
    for overlap in data["overlaps"]:
        assert overlap["a"] < overlap["b"] and {overlap["a"], overlap["b"]} <= set(articles)


def test_every_page_in_the_export_exists_in_the_site(seed_site):
    data = _export(seed_site)
    pages = [row["page"] for section in ("articles", "entities", "outlets", "quote_groups", "claims", "overlaps")
             for row in data[section] if row.get("page")]
    assert pages
    for page in pages:
        assert (seed_site / "site" / page / "index.html").is_file(), page


def test_search_index_finds_people_outlets_quotes_and_claims(seed_site):
    text = " ".join(site_search.indexed_pages(seed_site / "site").values())  # searched in Chromium: test_search.py
    # Words read from the seed articles by hand: a spokesperson's name, an outlet the text names,
    # words inside one of his quotes, and a fact several outlets report.
    for words in ("Matthew Miller", "AlJazeera", "hat in hand", "Security Council"):
        assert words in text, words


def test_two_builds_are_byte_identical(seed_site, tmp_path):
    again = make_project(tmp_path / "again")
    result = run_mkdocs(again, "build")
    assert result.returncode == 0, result.stderr
    first, second = _tree_digest(seed_site / "site"), _tree_digest(again / "site")
    first.pop("sitemap.xml.gz", None), second.pop("sitemap.xml.gz", None)  # gzip header holds a timestamp
    assert first == second


def test_failed_build_keeps_the_previous_site(tmp_path):
    project = make_project(tmp_path / "p")
    assert run_mkdocs(project, "build").returncode == 0
    before = _tree_digest(project / "site")
    for article in (project / "seeds").iterdir():
        article.write_bytes(b"")  # nothing usable left: the build must fail
    result = run_mkdocs(project, "build")
    assert result.returncode != 0
    assert "no usable article" in result.stderr
    assert _tree_digest(project / "site") == before
    assert not list(tmp_path.glob("p/site.newsbundle-*"))


def test_bad_files_warn_and_the_rest_builds(tmp_path):
    project = make_project(tmp_path / "p")
    (project / "seeds" / "empty.txt").write_text("")
    (project / "seeds" / "binary.txt").write_bytes(bytes(range(256)) * 8)
    result = run_mkdocs(project, "build")
    assert result.returncode == 0, result.stderr
    assert "empty.txt" in result.stderr and "binary.txt" in result.stderr
    report = html.unescape((project / "site" / "report" / "index.html").read_text(encoding="utf-8"))
    assert "empty.txt" in report and "binary.txt" in report


def test_one_article_bundle_builds(tmp_path):
    project = make_project(tmp_path / "p")
    for article in sorted((project / "seeds").iterdir())[1:]:
        article.unlink()
    result = run_mkdocs(project, "build", "--strict")
    assert result.returncode == 0, result.stderr


def test_markdown_tree_can_be_written_for_another_engine(tmp_path):
    project = make_project(tmp_path / "p")
    config = (project / "mkdocs.yml").read_text()
    (project / "mkdocs.yml").write_text(config.replace("cache_dir: .newsbundle-cache", "cache_dir: .newsbundle-cache\n      markdown_dir: generated"))
    assert run_mkdocs(project, "build").returncode == 0
    assert (project / "generated" / "index.md").is_file()
    assert (project / "generated" / "analysis.json").is_file()


def test_gh_deploy_publishes_to_a_bare_repository(tmp_path):
    remote = tmp_path / "remote.git"
    subprocess.run(["git", "init", "--bare", "-q", str(remote)], check=True)
    project = make_project(tmp_path / "p")
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.org"]
    for command in (["init", "-q", "-b", "main"], ["add", "."], ["commit", "-qm", "bundle"],
                    ["remote", "add", "origin", str(remote)]):
        subprocess.run([*git, *command], cwd=project, check=True)
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"}
    result = run_mkdocs(project, "gh-deploy", "--force", "--no-history", env=env)
    assert result.returncode == 0, result.stderr
    listing = subprocess.run(["git", "ls-tree", "-r", "--name-only", "gh-pages"], cwd=remote,
                             capture_output=True, text=True, check=True).stdout.split()
    assert "index.html" in listing and "analysis.json" in listing and ".nojekyll" in listing


def test_killing_a_build_half_way_keeps_the_previous_site(tmp_path):
    project = make_project(tmp_path / "p")
    assert run_mkdocs(project, "build").returncode == 0
    before = _tree_digest(project / "site")
    (project / "seeds" / "extra.txt").write_text("A new article.\n\nThe council met on Monday, its chair said.\n")
    build = subprocess.Popen([sys.executable, "-m", "mkdocs", "build"], cwd=project,
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    staging = project / "site.newsbundle-staging"
    deadline = time.monotonic() + 600
    while not (staging.is_dir() and any(staging.iterdir())) and time.monotonic() < deadline:
        time.sleep(0.02)  # wait until the new site is being written
    build.kill()
    build.wait()
    assert staging.is_dir(), "the build finished before it could be killed"
    assert _tree_digest(project / "site") == before
    assert run_mkdocs(project, "build").returncode == 0  # the next build cleans up and succeeds
    assert not staging.exists() and (project / "site" / "articles" / "extra" / "index.html").is_file()
