"""Rendering the Analysis into pages: contexts, templates, escaping, links, a real strict build."""

from __future__ import annotations

import dataclasses
import json
import re
import shutil
from pathlib import Path

import pytest
import yaml
from mkdocs.commands.build import build
from mkdocs.config import load_config

from analysis_fixtures import HOSTILE_ID, HOSTILE_QUOTE, hostile_analysis
from generator import render
from generator.render import CONTEXT_TYPES, TemplateNotFoundError, page_map, render_site, word_diff
from generator.records import DiffToken

REPO = Path(__file__).resolve().parent.parent
MARKERS = ("<script", "<img", "<svg onload", "onerror=", "javascript:", "{{", "{%", "--8<--", "\"XSS-admonition\"", "XSS](")


@pytest.fixture(scope="module")
def analysis():
    return hostile_analysis()


@pytest.fixture(scope="module")
def site(analysis) -> dict[str, str]:
    return render_site(analysis, page_map(analysis))


def write_docs(site: dict[str, str], docs: Path) -> None:
    """Write generated pages plus the files the lead's pipeline adds (analysis.json, CSS)."""
    for path, text in site.items():
        (docs / path).parent.mkdir(parents=True, exist_ok=True)
        (docs / path).write_text(text, encoding="utf-8")
    (docs / "analysis.json").write_text("{}", encoding="utf-8")
    css = docs / "stylesheets" / "newsbundle.css"
    css.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(REPO / "docs" / "stylesheets" / "newsbundle.css", css)


def site_config(root: Path) -> Path:
    """A mkdocs.yml with the repository's theme, extensions and CSS, without the newsbundle plugin."""
    repo = yaml.load((REPO / "mkdocs.yml").read_text(), Loader=_TolerantLoader)
    config = {key: repo[key] for key in ("theme", "markdown_extensions", "extra_css") if key in repo}
    config |= {"site_name": "test", "docs_dir": "docs", "site_dir": "site", "plugins": ["search"],
               "use_directory_urls": True}
    (root / "mkdocs.yml").write_text(yaml.safe_dump(config), encoding="utf-8")
    return root / "mkdocs.yml"


class _TolerantLoader(yaml.SafeLoader):
    """Reads mkdocs.yml, ignoring its custom tags (``!ENV``)."""


_TolerantLoader.add_multi_constructor("!", lambda loader, suffix, node: None)


def build_site(site: dict[str, str], root: Path) -> Path:
    """Build the pages with MkDocs in strict mode; return the site folder."""
    write_docs(site, root / "docs")
    build(load_config(str(site_config(root)), strict=True))
    return root / "site"


@pytest.fixture(scope="module")
def built(site, tmp_path_factory) -> Path:
    return build_site(site, tmp_path_factory.mktemp("built"))


# --------------------------------------------------------------------------- contexts


@pytest.mark.parametrize("context", CONTEXT_TYPES)
def test_every_context_field_is_documented(context) -> None:
    assert dataclasses.is_dataclass(context) and context.__dataclass_params__.frozen
    for item in dataclasses.fields(context):
        assert item.metadata.get("help"), f"{context.__name__}.{item.name} has no help"


def test_view_records_are_documented_too() -> None:
    views = [render.Link, render.Segment, render.VersionView, render.PassageView, render.Matrix, render.Graph]
    assert all(f.metadata.get("help") for view in views for f in dataclasses.fields(view))


@pytest.mark.parametrize("context", CONTEXT_TYPES)
def test_every_context_has_its_template(context) -> None:
    assert (render.TEMPLATES_DIR / render.template_name(context.__new__(context))).is_file()


def test_missing_template_raises_a_named_error(analysis, tmp_path: Path) -> None:
    shutil.copytree(render.TEMPLATES_DIR, tmp_path, dirs_exist_ok=True)
    (tmp_path / "home.md.j2").unlink()
    with pytest.raises(TemplateNotFoundError, match="home.md.j2"):
        render_site(analysis, page_map(analysis), templates_dir=tmp_path)


# --------------------------------------------------------------------------- pages


def test_page_map_paths_are_safe_and_unique(analysis) -> None:
    pages = page_map(analysis)
    paths = [p for group in dataclasses.astuple(pages) for p in group.values()]
    assert len(paths) == len(set(paths))
    assert all(re.fullmatch(r"[a-z]+/[a-z0-9]+(-[a-z0-9]+)*(--[a-z0-9]+(-[a-z0-9]+)*)?\.md", p) for p in paths)
    assert pages.articles[HOSTILE_ID] == "articles/evil-b-xss-b.md"
    assert pages.overlaps == {"a-wire|b-copy": "overlaps/a-wire--b-copy.md",
                              "a-wire|d-short": "overlaps/a-wire--d-short.md"}


def test_entities_that_matter_get_pages(analysis) -> None:
    pages = page_map(analysis)
    # every person; the place only because two outlets mention it
    assert set(pages.entities) == {"matthew-miller", "jane-doe", "kim-jong-un", "washington"}
    assert pages.entities["washington"] == "entities/washington.md"


def test_every_article_outlet_person_claim_and_group_has_a_page(analysis, site) -> None:
    pages = page_map(analysis)
    expected = {"index.md", "report.md", "articles/index.md", "outlets/index.md", "people/index.md",
                "entities/index.md", "quotes/index.md", "overlaps/index.md", "claims/index.md"}
    for group in dataclasses.astuple(pages):
        expected |= set(group.values())
    assert set(site) == expected


# the only front matter a page may have: an escaped title, or the fixed search exclusion
FRONT_MATTER = r'---\n(title: "[^"\\\n]*"|search:\n  exclude: true)\n---\n'


def test_no_page_starts_with_article_text(site) -> None:
    for path, text in site.items():
        assert text.startswith("# ") or re.match(FRONT_MATTER + "# ", text), path


@pytest.mark.parametrize("marker", MARKERS)
def test_no_hostile_markup_survives_in_markdown(site, marker: str) -> None:
    for path, text in site.items():
        assert marker not in text, path


def test_rendering_twice_is_byte_identical(analysis, site) -> None:
    assert render_site(hostile_analysis(), page_map(analysis)) == site


def test_article_page_highlights_quotes_and_links_names(site) -> None:
    text = site["articles/a-wire.md"]
    assert "[Any transfer of arms would violate resolutions](../quotes/g1.md){ .nb-quote }" in text
    assert "[Matthew Miller](../people/matthew-miller.md){ .nb-name }" in text
    assert "<details" in site["articles/b-copy.md"] and "| Learn more |" in site["articles/b-copy.md"]


def test_quote_group_shows_the_word_diff(site) -> None:
    assert "violate <ins>several</ins> resolutions" in site["quotes/g1.md"]


def test_quote_group_lists_word_for_word_copies_once(site) -> None:
    page = site["quotes/g1.md"]
    assert "3 versions" in page
    assert page.count("nb-version nb-") == 2  # the reference and the changed version, as cards
    assert "Printed word for word by 1 more article: [Echo News](../outlets/echo-news.md) " \
           "([Miller on arms](../articles/e-echo.md))" in page


@pytest.mark.parametrize("path,kind", [("people/matthew-miller.md", "*Person*"),
                                       ("entities/washington.md", "*Place &#40;country, city, state&#41;*")])
def test_entity_pages_say_what_kind_of_entity_in_words(site, path: str, kind: str) -> None:
    assert kind in site[path]


def test_outlet_page_lists_its_flags(site) -> None:
    wire = site["outlets/wire-service.md"]
    assert "[3 ships were seen](../claims/c2.md) — conflicts with [5 ships were seen](../claims/c3.md)" in wire


def test_person_page_counts_mentions_per_outlet_including_zero(site) -> None:
    page = site["people/matthew-miller.md"]
    assert "| [Copy Times](../outlets/copy-times.md) | 1 |" in page
    assert "| [unknown outlet &#40;d&#45;short&#46;txt&#41;](../outlets/unknown-outlet-d-short-txt.md) | 0" in page


@pytest.mark.parametrize("a,b,left,right", [
    ("a b c", "a x c", [("equal", "a"), ("delete", "b"), ("equal", "c")],
     [("equal", "a"), ("insert", "x"), ("equal", "c")]),
    ("same words", "same words", [("equal", "same words")], [("equal", "same words")]),
    ("", "new", [], [("insert", "new")]),
])
def test_word_diff(a: str, b: str, left, right) -> None:
    assert word_diff(a, b) == (tuple(DiffToken(*t) for t in left), tuple(DiffToken(*t) for t in right))


# --------------------------------------------------------------------------- real build


def test_strict_mkdocs_build_passes(built: Path) -> None:
    assert (built / "index.html").is_file()
    assert (built / "articles" / "evil-b-xss-b" / "index.html").is_file()


RAW_MARKUP = re.compile(r"<(script>alert|img src=x|svg onload|b>XSS|i>XSS|b>act)|href=.?javascript")


def test_built_html_has_no_markup_from_article_text(built: Path) -> None:
    pages = sorted(built.rglob("*.html"))
    assert len(pages) > 20
    for page in pages:
        assert not RAW_MARKUP.search(page.read_text(encoding="utf-8")), page


def test_page_titles_are_escaped(built: Path) -> None:
    html = (built / "articles" / "evil-b-xss-b" / "index.html").read_text(encoding="utf-8")
    title = re.search(r"<title>(.*?)</title>", html).group(1)
    assert title.startswith("&lt;img src&#61;x onerror&#61;alert")


def test_search_index_keeps_hostile_text_escaped(built: Path) -> None:
    index = json.loads((built / "search" / "search_index.json").read_text(encoding="utf-8"))
    texts = " ".join(doc["title"] + " " + doc["text"] for doc in index["docs"])
    assert "<script" not in texts and "<img" not in texts and "<svg onload" not in texts
    assert "&lt;script&gt;" in texts
    assert "We will &lt;b&gt;act&lt;/b&gt;" in texts  # the quote is findable, as text


def test_quote_text_is_readable_in_the_built_page(built: Path) -> None:
    html = (built / "quotes" / "g-script-2" / "index.html").read_text(encoding="utf-8")
    assert "We will &lt;b&gt;act&lt;/b&gt;" in html or "We will &lt;b&gt;act&lt;&#47;b&gt;" in html
    assert HOSTILE_QUOTE not in html
