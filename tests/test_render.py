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
from generator.records import Claim, DiffToken, EntityMention, FileReport, Outlet, Overlap

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


# --------------------------------------------------------------------------- size: pagination, search


def _with_claims(analysis, count: int):
    """The hostile analysis with ``count`` made-up claims, each carried by one article."""
    claims = tuple(Claim(f"claim-{n:03d}", f"Made-up claim number {n}", ("a-wire",), (), True)
                   for n in range(1, count + 1))
    return dataclasses.replace(analysis, claims=claims)


def _rows_on(page: str) -> int:
    return sum(1 for line in page.splitlines() if re.match(r"\| C\d+ \|", line))


@pytest.mark.parametrize("count,expected", [
    (0, {"claims/index.md": 0}),
    (1, {"claims/index.md": 1}),
    (render.PAGE_ROWS, {"claims/index.md": render.PAGE_ROWS}),
    (render.PAGE_ROWS + 1, {"claims/index.md": render.PAGE_ROWS, "claims/page-2.md": 1}),
])
def test_claims_listing_is_cut_into_pages(analysis, count: int, expected: dict[str, int]) -> None:
    bigger = _with_claims(analysis, count)
    site = render_site(bigger, page_map(bigger))
    listing = {path: _rows_on(text) for path, text in site.items()
               if re.fullmatch(r"claims/(index|page-\d+)\.md", path)}
    assert listing == expected


def test_pages_of_a_listing_link_each_other(analysis) -> None:
    bigger = _with_claims(analysis, render.PAGE_ROWS + 1)
    site = render_site(bigger, page_map(bigger))
    first, second = site["claims/index.md"], site["claims/page-2.md"]
    assert "[Next →](page-2.md)" in first and "Previous" not in first
    assert "[← Previous](index.md)" in second and "Next" not in second
    assert "# Claims (page 2 of 2)" in second and "# Claims\n" in first
    assert "<svg" in first and "<svg" not in second  # the matrix only on the first page


def test_a_later_listing_page_stays_the_same_when_a_row_is_added_after_it(analysis) -> None:
    """Only the first page counts the rows: the pages before the last are not rendered anew (and
    not converted again by MkDocs) when an article adds a claim at the end."""
    rows = 2 * render.PAGE_ROWS + 1
    before, after = (_with_claims(analysis, count) for count in (rows, rows + 1))
    site_before, site_after = (render_site(a, page_map(a)) for a in (before, after))
    assert f"1–{render.PAGE_ROWS} of {rows + 1} ·" in site_after["claims/index.md"]
    assert site_before["claims/page-2.md"] == site_after["claims/page-2.md"]
    assert site_before["claims/page-3.md"] != site_after["claims/page-3.md"]


def test_single_page_listing_has_no_pager(site) -> None:
    assert "Previous" not in site["claims/index.md"] and "Next" not in site["claims/index.md"]


@pytest.mark.parametrize("rows,size,expected", [
    (0, 3, [0]), (1, 3, [1]), (3, 3, [3]), (4, 3, [3, 1]), (7, 3, [3, 3, 1]), (5, 1, [1, 1, 1, 1, 1]),
])
def test_paginate_page_sizes(rows: int, size: int, expected: list[int]) -> None:
    pages = render.paginate(list(range(rows)), "quotes/index.md", size)
    assert [len(chunk) for _path, chunk, _pager in pages] == expected
    assert [pager.total_rows for *_, pager in pages] == [rows] * len(expected)
    assert [path for path, *_ in pages][:2] == ["quotes/index.md", "quotes/page-2.md"][:len(expected)]


def test_paginate_rows_are_numbered_from_one_and_cover_all(analysis) -> None:
    pages = render.paginate(list("abcdefg"), "quotes/index.md", 3)
    assert [(p.first_row, p.last_row) for *_, p in pages] == [(1, 3), (4, 6), (7, 7)]
    assert [row for _path, chunk, _pager in pages for row in chunk] == list("abcdefg")


@pytest.mark.parametrize("number,count,expected", [
    (1, 1, ["1"]),
    (1, 3, ["1", "2", "3"]),
    (5, 10, ["1", "…", "3", "4", "5", "6", "7", "…", "10"]),
    (10, 10, ["1", "…", "8", "9", "10"]),
    (4, 10, ["1", "2", "3", "4", "5", "6", "…", "10"]),
])
def test_page_list_shows_ends_and_neighbours(number: int, count: int, expected: list[str]) -> None:
    pages = render.paginate(list(range(count)), "claims/index.md", 1)
    links = pages[number - 1][2].pages
    assert [link.text for link in links] == expected
    assert [link.text for link in links if link.href is None and link.text != "…"] == [str(number)]


@pytest.mark.parametrize("number,expected", [(1, "claims/index.md"), (2, "claims/page-2.md"),
                                             (12, "claims/page-12.md")])
def test_listing_path(number: int, expected: str) -> None:
    assert render.listing_path("claims/index.md", number) == expected


@pytest.mark.parametrize("number,expected", [(1, "people/ada.md"), (2, "people/ada/mentions-2.md")])
def test_listing_path_of_a_list_on_a_records_page(number: int, expected: str) -> None:
    assert render.listing_path("people/ada.md", number, "mentions") == expected


def test_pages_of_long_lists_build_strictly_out_of_search(analysis, tmp_path: Path) -> None:
    bigger = _with_mentions(analysis, render.PAGE_ROWS + 1)
    site = build_site(render_site(bigger, page_map(bigger)), tmp_path)  # strict: every link resolves
    more = (site / "people" / "matthew-miller" / "mentions-2" / "index.html").read_text(encoding="utf-8")
    assert "<title>Matthew Miller" in more
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert not any(doc["location"].startswith("people/matthew-miller/mentions-2/") for doc in index["docs"])


def test_listing_path_rejects_page_zero() -> None:
    with pytest.raises(ValueError, match="0"):
        render.listing_path("claims/index.md", 0)


def test_no_record_takes_the_name_of_a_listing_page(analysis) -> None:
    bigger = _with_claims(analysis, render.PAGE_ROWS + 1)
    bigger = dataclasses.replace(bigger, claims=bigger.claims + (
        Claim("page-2", "A claim whose id looks like a page", ("a-wire",), (), True),))
    pages = page_map(bigger)
    assert pages.claims["page-2"] != "claims/page-2.md"
    assert "claims/page-2.md" in render_site(bigger, pages)


def _with_mentions(analysis, count: int):
    """The hostile analysis with Matthew Miller mentioned ``count`` times, all in article a-wire."""
    mentions = tuple(EntityMention("a-wire", "Miller", n, n + 6) for n in range(count))
    return dataclasses.replace(analysis, entities=tuple(
        dataclasses.replace(e, mentions=mentions) if e.id == "matthew-miller" else e for e in analysis.entities))


def _mention_rows(page: str) -> int:
    return len(re.findall(r"^\| \[[^\]]*\]\((\.\./)+articles/a-wire\.md\) \|", page, re.MULTILINE))


@pytest.mark.parametrize("count,expected", [
    (1, {"people/matthew-miller.md": 1}),
    (render.PAGE_ROWS, {"people/matthew-miller.md": render.PAGE_ROWS}),
    (render.PAGE_ROWS + 1, {"people/matthew-miller.md": render.PAGE_ROWS, "people/matthew-miller/mentions-2.md": 1}),
    (2 * render.PAGE_ROWS + 1, {"people/matthew-miller.md": render.PAGE_ROWS,
                                "people/matthew-miller/mentions-2.md": render.PAGE_ROWS,
                                "people/matthew-miller/mentions-3.md": 1}),
])
def test_a_persons_mentions_go_on_over_pages_of_their_own(analysis, count: int, expected: dict[str, int]) -> None:
    bigger = _with_mentions(analysis, count)
    site = render_site(bigger, page_map(bigger))
    pages = {path: _mention_rows(text) for path, text in site.items()
             if path == "people/matthew-miller.md" or path.startswith("people/matthew-miller/")}
    assert pages == expected


def test_pages_of_a_persons_mentions_link_each_other_and_back(analysis) -> None:
    bigger = _with_mentions(analysis, render.PAGE_ROWS + 1)
    site = render_site(bigger, page_map(bigger))
    person, more = site["people/matthew-miller.md"], site["people/matthew-miller/mentions-2.md"]
    assert "[Next →](matthew-miller/mentions-2.md)" in person
    assert "[← Previous](../matthew-miller.md)" in more and "Next" not in more
    assert "Back to [Matthew Miller](../matthew-miller.md)." in more
    assert "## Mentions (page 2 of 2)" in more
    assert more.startswith("---\ntitle: \"Matthew Miller\"\nsearch:\n  exclude: true\n---\n")


def test_a_persons_statements_go_on_over_pages_of_their_own(analysis) -> None:
    miller = next(g for g in analysis.quote_groups if g.speaker_id == "matthew-miller")
    extra = tuple(dataclasses.replace(miller, id=f"g-extra-{n:02d}") for n in range(render.QUOTE_GROUPS_PER_PAGE))
    bigger = dataclasses.replace(analysis, quote_groups=analysis.quote_groups + extra)
    site = render_site(bigger, page_map(bigger))
    statements = {path: text.count("<div markdown data-search-exclude>\n**[") for path, text in site.items()
                  if path.startswith("people/matthew-miller")}
    assert statements == {"people/matthew-miller.md": render.QUOTE_GROUPS_PER_PAGE,
                          "people/matthew-miller/quotes-2.md": 1}


def test_an_outlets_long_claim_list_goes_on_over_pages_of_its_own(analysis) -> None:
    bigger = _with_claims(analysis, render.PAGE_ROWS + 1)  # all carried by a-wire alone
    site = render_site(bigger, page_map(bigger))
    outlet, more = site["outlets/wire-service.md"], site["outlets/wire-service/exclusive-2.md"]
    section = outlet.split("## Claims only this outlet carries", 1)[1].split("## ", 1)[0]
    assert len(re.findall(r"^- \[Made&#45;up claim", section, re.MULTILINE)) == render.PAGE_ROWS
    assert len(re.findall(r"^- \[Made&#45;up claim", more, re.MULTILINE)) == 1
    assert "](../../claims/" in more  # one folder deeper: links still reach the claim pages
    assert "## Claims only this outlet carries (page 2 of 2)" in more


def test_a_long_build_report_goes_on_over_pages_with_the_problems_first(analysis) -> None:
    files = tuple(FileReport(f"ok-{n:03d}.txt", "ok", "") for n in range(render.PAGE_ROWS)) + (
        FileReport("zz-broken.txt", "rejected", "not UTF-8 text"),)
    bigger = dataclasses.replace(analysis, bundle=dataclasses.replace(analysis.bundle, files=files))
    site = render_site(bigger, page_map(bigger))
    first, more = site["report.md"], site["report/files-2.md"]
    assert "zz&#45;broken&#46;txt | rejected" in first  # sorted last by name, shown first as a problem
    assert first.count("| ok |") == render.PAGE_ROWS - 1 and more.count("| ok |") == 1
    assert "[Next →](report/files-2.md)" in first and "Back to [Build report](../report.md)." in more


def _pair(a: str, b: str, score: float) -> Overlap:
    return Overlap(a, b, "syndicated", score, ())


def test_a_pair_gets_a_page_when_it_is_among_the_strongest_of_either_article(analysis) -> None:
    # a hub printed by more articles than it has pair pages: each spoke's one pair is its strongest
    spokes = [_pair("hub", f"s{n:02d}", 0.9 - n / 100) for n in range(render.PAIRS_PER_ARTICLE + 2)]
    assert render.shown_overlaps(dataclasses.replace(analysis, overlaps=tuple(spokes))) == spokes
    # two hubs, each with a full set of stronger pairs: their own weak pair is outside the top of both
    pairs = [_pair(hub, f"{hub}-s{n:02d}", 0.9) for hub in ("h1", "h2") for n in range(render.PAIRS_PER_ARTICLE)]
    pairs.append(_pair("h1", "h2", 0.1))
    shown = render.shown_overlaps(dataclasses.replace(analysis, overlaps=tuple(pairs)))
    assert {(o.a, o.b) for o in pairs} - {(o.a, o.b) for o in shown} == {("h1", "h2")}


def test_an_article_page_counts_the_weaker_pairs_that_have_no_page(analysis, monkeypatch) -> None:
    monkeypatch.setattr(render, "PAIRS_PER_ARTICLE", 1)
    triangle = (_pair("a-wire", "b-copy", 0.9), _pair("b-copy", "d-short", 0.8), _pair("a-wire", "d-short", 0.1))
    smaller = dataclasses.replace(analysis, overlaps=triangle)
    pages = page_map(smaller)
    assert set(pages.overlaps) == {"a-wire|b-copy", "b-copy|d-short"}
    site = render_site(smaller, pages)
    assert "1 more article shares less text with this one" in site[pages.articles["a-wire"]]
    assert "more article" not in site[pages.articles["b-copy"]]


def test_claims_matrix_shows_the_most_carried_claims_only(analysis) -> None:
    bigger = _with_claims(analysis, render.MAX_MATRIX_CLAIMS + 5)
    page = render_site(bigger, page_map(bigger))["claims/index.md"]
    labels = re.findall(r"<title>[^<]*</title>C\d+</text>", page)
    assert len(labels) == render.MAX_MATRIX_CLAIMS
    assert f"{render.MAX_MATRIX_CLAIMS} of {render.MAX_MATRIX_CLAIMS + 5} claims" in page


def test_heatmap_keeps_the_outlets_with_articles_when_there_are_too_many(analysis) -> None:
    empty = tuple(Outlet(f"empty-{n:02d}", f"Empty outlet {n:02d}", ()) for n in range(render.MAX_MATRIX_OUTLETS))
    bigger = dataclasses.replace(analysis, outlets=analysis.outlets + empty)
    home = render_site(bigger, page_map(bigger))["index.md"]
    labels = re.findall(r'text-anchor="end"><title>([^<]*)</title>', home)
    assert len(labels) == render.MAX_MATRIX_OUTLETS
    assert {"Wire Service", "Copy Times", "Echo News"} <= set(labels)
    assert f"{render.MAX_MATRIX_OUTLETS} of {len(bigger.outlets)} outlets" in home


def test_search_exclusion_is_on_listing_pair_and_report_pages_only(analysis, site) -> None:
    excluded = {path for path, text in site.items() if text.startswith("---\nsearch:\n  exclude: true\n---\n")}
    listings = {f"{folder}/index.md" for folder in
                ("articles", "outlets", "people", "entities", "quotes", "overlaps", "claims")}
    assert excluded == listings | {"report.md"} | set(page_map(analysis).overlaps.values())


def test_paginated_site_builds_strictly_with_searchable_detail_pages(analysis, tmp_path: Path) -> None:
    bigger = _with_claims(analysis, render.PAGE_ROWS + 1)
    site = build_site(render_site(bigger, page_map(bigger)), tmp_path)
    assert (site / "claims" / "page-2" / "index.html").is_file()
    assert (site / "outlets" / "wire-service" / "exclusive-2" / "index.html").is_file()
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    pages = {doc["location"].split("#")[0] for doc in index["docs"]}
    assert "claims/claim-101/" in pages and "quotes/g-script-2/" in pages and "people/matthew-miller/" in pages
    assert not pages & {"claims/", "claims/page-2/", "overlaps/a-wire--b-copy/", "report/", "articles/",
                        "outlets/wire-service/exclusive-2/"}
    texts = " ".join(doc["text"] for doc in index["docs"] if doc["location"].startswith("people/matthew-miller/"))
    assert "violate" not in texts  # his quotes and mention sentences are searchable on their own pages
    outlet = " ".join(doc["text"] for doc in index["docs"] if doc["location"].startswith("outlets/wire-service/"))
    assert "ships" not in outlet  # its claims are searchable on the claim pages


def test_claim_is_searchable_but_not_each_outlets_wording(built: Path) -> None:
    index = json.loads((built / "search" / "search_index.json").read_text(encoding="utf-8"))
    claim = " ".join(doc["text"] for doc in index["docs"] if doc["location"].startswith("claims/c1/"))
    assert "threatened new sanctions" in claim and "United States" not in claim
