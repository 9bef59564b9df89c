"""Incremental rebuilds: the rendered-page cache gives the same site as a cold build, and no stale page."""

from __future__ import annotations

import gc
import hashlib
import json
import os
import re
import shutil
from pathlib import Path

import pytest

from conftest import SEEDS, make_project, run_mkdocs
from generator import cache, ingest, pipeline, previous_site
from generator.analyse import overlaps
from generator.page_cache import link_targets, toc_tokens
from generator.records import ArticleAnalysis
from mkdocs.structure.toc import get_toc

WITH_MATERIAL_SEARCH = ("plugins:\n", "plugins:\n  - search\n")
WITH_SITE_URL = ("site_name: newsbundle report\n", "site_name: newsbundle report\nsite_url: https://example.org/r/\n")


def _site_digest(site: Path) -> dict[str, str]:
    """Every file of a built site; the gzipped sitemap is left out (its header holds the build time),
    sitemap.xml itself is compared."""
    return {str(p.relative_to(site)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(site.rglob("*")) if p.is_file() and p.name != "sitemap.xml.gz"}


def _edit_config(project: Path, old: str, new: str) -> None:
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    assert old in config, old
    (project / "mkdocs.yml").write_text(config.replace(old, new, 1), encoding="utf-8")


def _build(project: Path) -> tuple[int, int]:
    """Build ``project``; return (pages reused from the cache, generated pages) from the log."""
    return _build_counts(project)[:2]


def _build_counts(project: Path) -> tuple[int, int, int]:
    """Build ``project``; return (pages reused, generated pages, pages reused as files of the
    previous site) from the log. MkDocs must not say that a page links to an excluded page."""
    result = run_mkdocs(project, "build")
    assert result.returncode == 0, result.stderr
    assert "excluded from the built site" not in result.stderr
    found = re.search(r"page cache: (\d+) of (\d+) generated pages reused \((\d+) as files", result.stderr)
    assert found, result.stderr
    return int(found.group(1)), int(found.group(2)), int(found.group(3))


def _project(where: Path, config_edit: tuple[str, str] | None) -> Path:
    project = make_project(where)
    if config_edit is not None and "\n  - search\n" not in (project / "mkdocs.yml").read_text():
        _edit_config(project, *config_edit)
    return project


@pytest.mark.parametrize("config_edit", [None, WITH_SITE_URL, WITH_MATERIAL_SEARCH],
                         ids=["as-shipped", "site-url", "material-search"])
def test_adding_an_article_rebuilds_the_same_site_as_a_cold_build(tmp_path, config_edit):
    added = sorted(SEEDS.iterdir())[-1]
    incremental = _project(tmp_path / "incremental", config_edit)
    (incremental / "seeds" / added.name).unlink()
    _build(incremental)
    shutil.copy(added, incremental / "seeds" / added.name)
    reused, generated, linked = _build_counts(incremental)
    cold = _project(tmp_path / "cold", config_edit)
    assert _build(cold)[0] == 0
    assert 0 < reused < generated  # some pages came from the cache, the new article's did not
    # Pages are reused as files of the previous site unless another plugin sees every page (search).
    assert (linked == 0) if config_edit == WITH_MATERIAL_SEARCH else (0 < linked <= reused)
    assert _site_digest(incremental / "site") == _site_digest(cold / "site")
    if config_edit == WITH_SITE_URL:  # the sitemap lists the reused pages too
        assert "https://example.org/r/articles/" in (incremental / "site" / "sitemap.xml").read_text()


def test_a_page_changed_in_the_previous_site_is_built_again(tmp_path):
    project = make_project(tmp_path / "p")
    _build(project)
    before = _site_digest(project / "site")
    page = next((project / "site" / "articles").glob("*/index.html"))
    page.write_text(page.read_text(encoding="utf-8") + "<!-- edited by hand -->", encoding="utf-8")
    reused, generated, linked = _build_counts(project)
    assert reused == generated and 0 < linked < reused  # the edited page came from the page cache
    assert _site_digest(project / "site") == before


@pytest.mark.parametrize("old, new", [
    ("site_name: newsbundle report", "site_name: another report"),
    ("  font: false\n", "  font: false\n  palette:\n    primary: teal\n"),
    ("    - content.tooltips\n", ""),
])
def test_changing_mkdocs_yml_renders_every_page_again(tmp_path, old, new):
    project = make_project(tmp_path / "p")
    assert _build(project)[0] == 0
    reused, generated = _build(project)
    assert reused == generated  # nothing changed: every page is reused
    _edit_config(project, old, new)
    assert _build(project)[0] == 0


def test_the_cache_keeps_only_what_the_last_builds_used(tmp_path):
    project = make_project(tmp_path / "p")
    _build(project)
    article = sorted((project / "seeds").iterdir())[0]
    article.write_text(article.read_text(encoding="utf-8") + "\nThe minister resigned on Friday.\n",
                       encoding="utf-8")
    reused, generated = _build(project)
    assert reused < generated
    for name in ("second report", "third report"):
        _edit_config(project, "site_name: ", f"site_name: {name} ")
        _build(project)
    environments = [p for p in (project / ".newsbundle-cache" / "pages").iterdir() if p.is_dir()]
    assert len(environments) == 2  # this build's and the one before it
    newest = max(environments, key=lambda p: p.stat().st_mtime)
    assert len(list(newest.iterdir())) == generated


def test_a_recorded_page_is_reused_only_while_its_key_file_and_site_are_unchanged(tmp_path):
    site, cache_dir = tmp_path / "site", tmp_path / "cache"
    (site / "a").mkdir(parents=True)
    (site / "a" / "index.html").write_text("<p>A</p>", encoding="utf-8")
    pages = previous_site.record(site, {"a.md": ("a/index.html", "key-1", "entry-1")})
    previous_site.store_manifest(cache_dir, site, "env", pages)
    recorded = previous_site.load_manifest(cache_dir, site, "env")
    assert previous_site.reusable(recorded, {"a.md": ("a/index.html", "key-1")}, site) == pages
    assert previous_site.reusable(recorded, {"a.md": ("a/index.html", "key-2")}, site) == {}  # page changed
    assert previous_site.reusable(recorded, {"a.md": ("b/index.html", "key-1")}, site) == {}  # another file
    assert previous_site.load_manifest(cache_dir, tmp_path / "elsewhere", "env") == {}
    assert previous_site.load_manifest(cache_dir, site, "other-env") == {}
    os.utime(site / "a" / "index.html", ns=(0, 1))  # the file was written again since
    assert previous_site.reusable(recorded, {"a.md": ("a/index.html", "key-1")}, site) == {}
    (cache_dir / previous_site.MANIFEST).write_text("{", encoding="utf-8")
    assert previous_site.load_manifest(cache_dir, site, "env") == {}


@pytest.mark.parametrize("markdown, page, expected", [
    ("See [Ann Lee](../people/ann-lee.md).", "quotes/q1.md", ["people/ann-lee.md"]),
    ("[next](page-2.md#top) and [home](../index.md)", "claims/index.md", ["claims/page-2.md", "index.md"]),
    ('<a href="x%20y.md">x</a> <img src="/img/a.png">', "a/b.md", ["a/x y.md", "img/a.png"]),
    ("[ref]: ../outlets/bbc.md\n\n[BBC][ref]", "articles/a.md", ["outlets/bbc.md"]),
    ("[site](https://example.org/a.md) [mail](mailto:a@b.org) [here](#part)", "index.md", []),
    ("No link at all (really).", "index.md", []),
])
def test_link_targets_are_the_relative_links_of_a_page(markdown, page, expected):
    assert link_targets(markdown, page) == expected


def test_toc_tokens_read_back_into_the_same_table_of_contents():
    tokens = [{"level": 1, "id": "claims", "name": "Claims &amp; facts", "children": [
        {"level": 2, "id": "one", "name": "One", "children": []},
        {"level": 2, "id": "two", "name": "<code>Two</code>", "children": []}]}]
    assert [dict(t) for t in toc_tokens(get_toc(tokens))] == tokens


def test_an_article_analysis_reads_back_from_the_cache_unchanged(nlp, tmp_path):
    article = ingest.read_bundle(SEEDS).articles[0]
    analysis = pipeline.analyse_article(article, nlp(article.text))
    assert analysis.quotes and analysis.statements  # the records under test are not empty
    cache.store(tmp_path, "key", analysis)
    assert cache.load(tmp_path, "key", ArticleAnalysis) == analysis
    assert cache.from_jsonable(ArticleAnalysis, json.loads(json.dumps(cache.to_jsonable(analysis)))) == analysis


def test_overlap_verdicts_come_from_the_cache_and_match_a_run_without_it(tmp_path, compared):
    seeds = shutil.copytree(SEEDS, tmp_path / "seeds")
    added = max(seeds.iterdir())
    aside = added.rename(tmp_path / added.name)
    settings = pipeline.Settings(seeds_dir=seeds, cache_dir=tmp_path / "cache", workers=1)
    before = pipeline.analyse_bundle(settings)
    folder = tmp_path / "cache" / "overlaps"
    (folder / "other-model-or-code.json").write_text("{}", encoding="utf-8")
    aside.rename(added)
    compared.clear()  # count from here
    after = pipeline.analyse_bundle(settings)
    new_id = next(a.id for a in after.bundle.articles if a.file == added.name)
    assert compared and all(new_id in pair for pair in compared)  # only the new article's pairs
    assert after.overlaps == pipeline.combine(after.bundle, after.per_article).overlaps
    assert any(new_id in (o.a, o.b) for o in after.overlaps) and after.overlaps != before.overlaps
    (stored,) = folder.iterdir()  # the other version's file is gone
    _, current = overlaps.find_overlaps_reusing(after.bundle.articles, after.per_article, after.quotes, {})
    assert json.loads(stored.read_text(encoding="utf-8")).keys() == current.keys()  # no stale pair
    written = stored.stat().st_mtime_ns
    compared.clear()
    assert pipeline.analyse_bundle(settings).overlaps == after.overlaps and not compared
    assert stored.stat().st_mtime_ns == written  # nothing changed: not written again
    stored.write_text('{"truncated', encoding="utf-8")
    assert pipeline.analyse_bundle(settings).overlaps == after.overlaps and compared
    assert json.loads(stored.read_text(encoding="utf-8")).keys() == current.keys()


@pytest.mark.parametrize("enabled", [True, False])
def test_the_garbage_collector_is_paused_only_inside_and_left_as_it_was(enabled):
    was = gc.isenabled()
    try:
        gc.enable() if enabled else gc.disable()
        with pipeline.collector_paused():
            assert not gc.isenabled()
        assert gc.isenabled() == enabled
        with pytest.raises(RuntimeError), pipeline.collector_paused():
            raise RuntimeError("a stage failed")
        assert gc.isenabled() == enabled
    finally:
        gc.enable() if was else gc.disable()
