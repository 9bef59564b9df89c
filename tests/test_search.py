"""Site search (Pagefind): what gets indexed, and a reader searching the seed site in real Chromium.

The hostile corpus's search results are checked in test_browser.py. Screenshots of the search
page go to /tmp/screens/search-*.png for a person to look at.
"""

from __future__ import annotations

import gzip
import json
import math
import shutil
from pathlib import Path

import pytest

from conftest import run_mkdocs, serve_folder
from generator import site_search

SCREENS = Path("/tmp/screens")
MATERIAL_PAGE = ('<html><body><header class="md-header">Menu</header>'
                 '<article class="md-content__inner md-typeset"><h1>Ada</h1></article></body></html>')


@pytest.mark.parametrize(("meta", "expected"), [
    ({}, True),
    ({"title": "Ada"}, True),
    ({"search": {"exclude": True}}, False),
    ({"search": {"exclude": False}}, True),
    ({"search": {"boost": 2}}, True),
])
def test_is_searchable_follows_the_front_matter(meta: dict, expected: bool) -> None:
    assert site_search.is_searchable(meta) is expected


@pytest.mark.parametrize(("url", "expected"), [
    ("people/ada-lovelace/", "People"),
    ("entities/kremlin/", "Organisations and places"),
    ("claims/page-2/", "Claims"),
    ("", None),
    ("analysis-json/", None),
])
def test_section_of_a_page_comes_from_its_first_folder(url: str, expected: str | None) -> None:
    sections = {"people": "People", "entities": "Organisations and places", "claims": "Claims"}
    assert site_search.section_of(url, sections) == expected


def test_mark_searchable_marks_only_the_content_element() -> None:
    marked = site_search.mark_searchable(MATERIAL_PAGE, 'Q&A "people"')
    assert ('<article class="md-content__inner md-typeset" data-pagefind-body '
            'data-pagefind-meta="section:Q&amp;A &quot;people&quot;">') in marked
    assert marked.count("data-pagefind") == 2 and '<header class="md-header">' in marked


@pytest.mark.parametrize("page", ["<html><body><p>no theme</p></body></html>", MATERIAL_PAGE * 2])
def test_mark_searchable_leaves_a_page_without_one_content_element_alone(page: str) -> None:
    assert site_search.mark_searchable(page, "People") == page


def test_the_index_holds_report_pages_and_not_listings_or_theme_chrome(seed_site) -> None:
    site = seed_site / "site"
    export = json.loads((site / "analysis.json").read_text(encoding="utf-8"))
    indexed = site_search.indexed_pages(site)
    detail_pages = {"/" + row["page"] for section in ("articles", "entities", "outlets", "quote_groups", "claims")
                    for row in export[section] if row.get("page")}
    assert detail_pages <= set(indexed)
    listings = {"/articles/", "/people/", "/entities/", "/outlets/", "/quotes/", "/claims/", "/overlaps/",
                "/report/", "/search/"}
    assert not listings & set(indexed)
    assert not {"/" + o["page"] for o in export["overlaps"]} & set(indexed)  # pair pages: listings of passages
    # Material's navigation tabs are on every page but must not be in any page's text.
    assert not [url for url, text in indexed.items() if "Organisations and places" in text and url != "/"]


def _write_page(site: Path, url: str, marked: bool) -> None:
    page = site / url / "index.html"
    page.parent.mkdir(parents=True, exist_ok=True)
    body = MATERIAL_PAGE.replace("<h1>Ada</h1>", f"<h1>Page {url or 'home'}</h1><p>shared words</p>")
    page.write_text(site_search.mark_searchable(body, None) if marked else body, encoding="utf-8")


def test_page_globs_give_each_section_folder_a_bundle_and_the_rest_one_more(tmp_path) -> None:
    for folder in ("people", "claims", "overlaps", "assets", "pagefind"):
        (tmp_path / folder).mkdir()
    globs = site_search.page_globs(tmp_path, {"people": "People", "claims": "Claims", "quotes": "Quotes"})
    assert globs == {"people": "people/**/*.html", "claims": "claims/**/*.html",
                     "other": "{*.html,assets/**/*.html,overlaps/**/*.html}"}


def test_a_section_folder_named_like_the_other_bundle_is_refused(tmp_path) -> None:
    with pytest.raises(ValueError, match="other"):
        site_search.page_globs(tmp_path, {"other": "Other"})


def test_index_site_writes_a_bundle_per_section_with_marked_pages(tmp_path) -> None:
    for url, marked in [("", True), ("people/", False), ("people/ada/", True), ("people/bob/", True),
                        ("overlaps/", False), ("overlaps/a-b/", False), ("claims/", False)]:
        _write_page(tmp_path, url, marked)
    site_search.index_site(tmp_path, {"people": "People", "overlaps": "Overlaps", "claims": "Claims"})
    bundles = site_search.bundles(tmp_path)
    assert [(b["path"], b["section"], b["pages"]) for b in bundles] == [("people/", "People", 2), ("other/", None, 1)]
    assert set(site_search.indexed_pages(tmp_path)) == {"/", "/people/ada/", "/people/bob/"}


def test_indexing_sections_at_once_writes_the_same_bundles_as_one_after_another(tmp_path) -> None:
    written = []
    for processes in (1, 3):
        site = tmp_path / f"site-{processes}"
        for url in ("", "people/ada/", "people/bob/", "claims/c1/", "claims/c2/", "quotes/q1/"):
            _write_page(site, url, True)
        site_search.index_site(site, {"people": "People", "claims": "Claims", "quotes": "Quotes"}, processes)
        written.append({path.relative_to(site): path.read_bytes() for path in (site / "pagefind").rglob("*")
                        if path.is_file()})
    assert written[0] == written[1]
    assert [b["path"] for b in site_search.bundles(tmp_path / "site-3")] == ["people/", "claims/", "quotes/", "other/"]


def _bundle_files(site: Path) -> dict[Path, bytes]:
    return {path.relative_to(site): path.read_bytes() for path in (site / "pagefind").rglob("*") if path.is_file()}


def test_reindexing_with_a_kept_index_writes_what_a_fresh_index_writes(tmp_path) -> None:
    """Content-named files kept from the earlier build are reused, the ones of changed pages and
    gone sections are deleted; the earlier site and the next build's kept files stay right."""
    sections = {"people": "People", "claims": "Claims", "quotes": "Quotes"}
    earlier, fresh, reused, kept = (tmp_path / name for name in ("earlier", "fresh", "reused", "kept"))
    for url in ("", "people/ada/", "people/bob/", "claims/c1/", "claims/c2/", "quotes/q1/"):
        _write_page(earlier, url, True)
    site_search.index_site(earlier, sections, kept=kept)
    before = _bundle_files(earlier)
    for site in (fresh, reused):
        for url in ("", "people/ada/", "claims/c1/", "claims/c3/"):  # bob, c2 and quotes gone, c3 new
            _write_page(site, url, True)
        changed = MATERIAL_PAGE.replace("<h1>Ada</h1>", "<h1>Ada</h1><p>Ada Lovelace wrote the first program.</p>")
        (site / "people" / "ada" / "index.html").write_text(site_search.mark_searchable(changed, None), encoding="utf-8")
    site_search.index_site(fresh, sections)
    site_search.index_site(reused, sections, kept=kept)
    assert _bundle_files(reused) == _bundle_files(fresh)
    assert _bundle_files(earlier) == before
    was, now = (site / "pagefind" / "claims" / "fragment" for site in (earlier, reused))
    shared = [path.name for path in now.iterdir() if (was / path.name).exists()]
    assert shared and all((was / name).stat().st_ino == (now / name).stat().st_ino for name in shared)  # linked
    kept_files = {path.relative_to(kept) for path in kept.rglob("*") if path.is_file()}
    assert kept_files == {path.relative_to(reused / "pagefind") for path in (reused / "pagefind").rglob("*")
                          if path.is_file() and (path.parent.name in site_search.CONTENT_NAMED
                                                 or path.name == "pagefind-entry.json")}


def test_a_kept_index_of_another_pagefind_version_is_not_used(tmp_path) -> None:
    sections = {"people": "People"}
    for url in ("", "people/ada/"):
        _write_page(tmp_path / "site", url, True)
    site_search.index_site(tmp_path / "site", sections, kept=tmp_path / "kept")
    entry = tmp_path / "kept" / "people" / "pagefind-entry.json"
    entry.write_text(entry.read_text(encoding="utf-8").replace('"version":"', '"version":"0.0.0-'), encoding="utf-8")
    fragment = next((tmp_path / "kept" / "people" / "fragment").iterdir())
    site_search.seed_bundle(tmp_path / "kept" / "people", tmp_path / "seeded")
    assert not (tmp_path / "seeded" / "fragment" / fragment.name).exists()


@pytest.mark.parametrize(("bundle_pages", "site_pages", "expected"), [
    (7, 7, 1.0),  # one bundle: its own scale
    (1, 4, math.log(3.5 / 1.5 + 1) / math.log(0.5 / 1.5 + 1)),
    (10, 100, math.log(99.5 / 1.5 + 1) / math.log(9.5 / 1.5 + 1)),
])
def test_bundle_weight_rescales_the_idf_of_a_word_on_one_page(bundle_pages: int, site_pages: int,
                                                               expected: float) -> None:
    assert site_search.bundle_weight(bundle_pages, site_pages) == pytest.approx(expected, abs=1e-4)


@pytest.mark.parametrize(("bundle_pages", "site_pages"), [(0, 5), (6, 5), (-1, 5)])
def test_bundle_weight_refuses_impossible_sizes(bundle_pages: int, site_pages: int) -> None:
    with pytest.raises(ValueError):
        site_search.bundle_weight(bundle_pages, site_pages)


def test_the_seed_site_has_one_bundle_per_section(seed_site) -> None:
    site = seed_site / "site"
    export = json.loads((site / "analysis.json").read_text(encoding="utf-8"))
    folders = {row["page"].split("/")[0] for part in ("articles", "entities", "outlets", "quote_groups", "claims")
               for row in export[part] if row.get("page")}
    bundles = site_search.bundles(site)
    assert {b["path"] for b in bundles} == {f"{folder}/" for folder in folders} | {"other/"}
    for bundle in bundles:
        fragments = (site / "pagefind" / bundle["path"] / "fragment").glob("*.pf_fragment")
        urls = {json.loads(gzip.decompress(f.read_bytes()).removeprefix(b"pagefind_dcd"))["url"] for f in fragments}
        inside = "/" + bundle["path"] if bundle["section"] else "/"
        assert urls and all(url.startswith(inside) for url in urls), (bundle, urls)
        if not bundle["section"]:  # the other pages: none of a section's
            assert not [url for url in urls if url.split("/")[1] in folders], urls


def _expected_pages(export: dict) -> dict[str, str]:
    """Queries read from the seed articles by hand, and the page each one is about."""
    entity = {alias: e["page"] for e in export["entities"] for alias in e["aliases"]}
    outlet = {o["name"]: o["page"] for o in export["outlets"]}
    group = {q["text"]: g["page"] for g in export["quote_groups"] for q in export["quotes"] if q["group"] == g["id"]}
    said = {words: next(page for text, page in group.items() if words in text)
            for words in ("hat in hand", "international pariah")}
    return {"Matthew Miller": entity["Matthew Miller"], "Dmitry Peskov": entity["Dmitry Peskov"],
            "AlJazeera": outlet["AlJazeera"], "Security Council": entity["United Nations Security Council"]} | said


def _search_from_header(page, query: str) -> list[str]:
    """Type ``query`` into the header's search box; return the result pages' links, best first."""
    page.keyboard.press("/")
    page.keyboard.type(query, delay=10)
    page.keyboard.press("Enter")
    page.wait_for_selector(".pagefind-ui__result-link", timeout=30_000)
    return page.eval_on_selector_all(".pagefind-ui__result-title a", "els => els.map(e => e.href)")


@pytest.mark.parametrize(("query", "first"), [("Matthew Miller", True), ("Dmitry Peskov", True),
                                              ("AlJazeera", True), ("Security Council", True),
                                              ("hat in hand", False), ("international pariah", False)])
def test_typing_a_name_or_quoted_words_finds_the_page_about_them(reader, query: str, first: bool) -> None:
    page, url, export = reader
    page.goto(url + export["articles"][0]["page"], wait_until="load")  # search starts on any page
    links = _search_from_header(page, query)
    expected = url + _expected_pages(export)[query]
    assert page.url.startswith(url + "search/?q=")
    assert (links[0] == expected) if first else (expected in links), links


def test_one_query_finds_pages_of_several_sections_and_filters_by_section(reader) -> None:
    page, url, export = reader
    page.goto(url + "people/", wait_until="load")
    links = _search_from_header(page, "Dmitry Peskov")  # his person page, and the quotes he gave
    sections = {link.removeprefix(url).split("/")[0] for link in links}
    assert {"people", "quotes"} <= sections, links
    page.locator("#nb-search .pagefind-ui__filter-label", has_text="Quotes").click()
    page.wait_for_function("() => { const links = [...document.querySelectorAll('.pagefind-ui__result-title a')];"
                           " return links.length && links.every(a => a.pathname.startsWith('/quotes/')); }",
                           timeout=30_000)
    filtered = page.eval_on_selector_all(".pagefind-ui__result-title a", "els => els.map(e => e.href)")
    assert filtered and all(link.startswith(url + "quotes/") for link in filtered), filtered


def test_search_works_when_the_site_is_served_from_a_subfolder(seed_site, chromium) -> None:
    with serve_folder(seed_site) as url:  # the site at /site/, as on a GitHub Pages project site
        page = chromium.new_page()
        page.goto(url + "site/people/", wait_until="load")
        links = _search_from_header(page, "Peskov")
        assert links and all(link.startswith(url + "site/") for link in links), links
        response = page.goto(links[0])
        assert response is not None and response.ok and "Peskov" in page.inner_text("article h1")
        page.close()


@pytest.fixture(scope="module")
def dark_site(seed_site, tmp_path_factory) -> Path:
    """The seed project built again with Material's dark scheme (its analysis cache copied along)."""
    project = tmp_path_factory.mktemp("dark") / "project"
    shutil.copytree(seed_site, project, ignore=shutil.ignore_patterns("site"), symlinks=True)
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    assert "  font: false\n" in config
    dark = config.replace("  font: false\n", "  font: false\n  palette:\n    scheme: slate\n", 1)
    (project / "mkdocs.yml").write_text(dark, encoding="utf-8")
    result = run_mkdocs(project, "build", "--strict")
    assert result.returncode == 0, result.stderr
    return project / "site"


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_screenshots_of_the_search_page(seed_site, dark_site, chromium, scheme: str) -> None:
    site = dark_site if scheme == "dark" else seed_site / "site"
    with serve_folder(site) as url:
        page = chromium.new_page(viewport={"width": 1280, "height": 900})
        page.goto(url + "search/?q=Peskov", wait_until="load")
        page.wait_for_selector(".pagefind-ui__result-link", timeout=30_000)
        page.wait_for_load_state("networkidle")
        SCREENS.mkdir(exist_ok=True)
        page.screenshot(path=str(SCREENS / f"search-{scheme}.png"))
        background = page.evaluate("getComputedStyle(document.body).backgroundColor")
        page.close()
    assert (background == "rgb(255, 255, 255)") == (scheme == "light"), background
