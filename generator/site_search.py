"""Full-text search of the built site: Pagefind indexes the HTML after MkDocs has written it.

Why not Material's built-in search: it makes every page download one JSON index of the whole
site (13 MB at 1,000 articles, so some 130 MB at 10,000) and search it in the browser. Pagefind
splits its index into small chunks and a query fetches only the ones it needs, so what a reader
downloads depends on the query, not on the size of the bundle (figures: benchmarks/README.md).

Only report pages are indexed: each page whose front matter does not say
``search: {exclude: true}`` gets ``data-pagefind-body`` on its content element (Material's
header, navigation and footer stay out), and its nav section as metadata that the search page
shows with each result ("Section: People"). Inside a page, blocks marked
``data-search-exclude`` by the templates stay out too.

Each section folder is indexed as its own Pagefind bundle (``pagefind/people/``, ...), and the
pages outside them (the home page) as ``pagefind/other/``, by one Pagefind run per section, some
at once (``processes``): Pagefind holds a whole index in memory while it writes it, so the peak is
that of the sections indexed at the same time, not the whole site's. ``pagefind/bundles.json``
lists the bundles and their sections; the search page merges them in the browser (Pagefind's ``mergeIndex``) and gives each bundle's results its section as
a filter there (``mergeFilter``): no filter is written to disk, where Pagefind would write it in
a different order on every run (two builds of the same bundle must be byte-identical).

A rebuild indexes over the previous build's files named by a hash of their content, kept in the
cache folder: they are linked in first, Pagefind skips writing those, and the ones the new index
does not name are deleted after (:func:`seed_bundle`, :func:`prune_bundle`, :func:`keep_index`)."""

from __future__ import annotations

import functools
import gzip
import html
import json
import logging
import math
import re
import shutil
import subprocess
import sys
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from importlib import metadata
from pathlib import Path

from .cache import link_or_copy

log = logging.getLogger(f"mkdocs.plugins.{__name__}")

BUNDLE_DIR = "pagefind"
"""Where the bundles go, relative to the site root (search.js looks there)."""

BUNDLES_FILE = "bundles.json"
"""The list of bundles in ``BUNDLE_DIR``, read by search.js."""

OTHER_BUNDLE = "other"
"""The bundle of the pages in no section folder (the home page)."""

EXCLUDED_SELECTORS = ("[data-search-exclude]", ".headerlink", ".md-source-file", ".md-content__button")
"""Parts of a content element that are not the page's text."""

TITLED_BY_ARTICLE_TEXT = frozenset({"claims"})
"""Section folders whose page titles are article text (a claim's wording): Pagefind's boost for
title matches is turned off there, so the page about a name outranks a claim that names it."""

_MARKER = "data-pagefind-body"
_CONTENT_ELEMENT = re.compile(r"<article\b[^>]*\bmd-content__inner\b[^>]*>")


def is_searchable(meta: Mapping) -> bool:
    """False when a page's front matter keeps it out of search (``search: {exclude: true}``)."""
    search = meta.get("search")
    return not (isinstance(search, Mapping) and search.get("exclude"))


def section_of(url: str, sections: Mapping[str, str]) -> str | None:
    """The section title for a page URL, from its first folder (``people/ada/`` -> ``People``)."""
    folder = url.split("/", 1)[0] if "/" in url else ""
    return sections.get(folder)


def mark_searchable(page_html: str, section: str | None) -> str:
    """``page_html`` with its content element marked for Pagefind, and its section as metadata.

    A page without exactly one Material content element (a custom theme) is returned as it is.
    """
    matches = _CONTENT_ELEMENT.findall(page_html)
    if len(matches) != 1:
        log.debug("no single content element to index in a page (%d found)", len(matches))
        return page_html
    attributes = f" {_MARKER}"
    if section:
        attributes += f' data-pagefind-meta="section:{html.escape(section)}"'
    tag = matches[0]
    return page_html.replace(tag, tag[:-1] + attributes + ">", 1)


def page_globs(site_dir: Path, sections: Mapping[str, str]) -> dict[str, str]:
    """Bundle name -> Pagefind glob of its pages: one per section folder in ``site_dir``, and ``other``.

    ``other`` holds the pages at the site root and in folders that are no section (``pagefind/`` and
    the theme's ``assets/`` hold no pages).
    """
    if OTHER_BUNDLE in sections:
        raise ValueError(f"a section folder is named like the bundle of the other pages: {OTHER_BUNDLE!r}")
    folders = sorted(path.name for path in site_dir.iterdir() if path.is_dir() and path.name != BUNDLE_DIR)
    globs = {folder: f"{folder}/**/*.html" for folder in sections if folder in folders}
    rest = ["*.html"] + [f"{folder}/**/*.html" for folder in folders if folder not in sections]
    return globs | {OTHER_BUNDLE: "{" + ",".join(rest) + "}"}


def pagefind_command(site_dir: Path, bundle: str, glob: str) -> list[str]:
    """The command line that indexes the pages of ``site_dir`` matching ``glob`` into ``pagefind/<bundle>/``."""
    command = [sys.executable, "-m", "pagefind", "--site", str(site_dir), "--glob", glob,
               "--output-subdir", f"{BUNDLE_DIR}/{bundle}", "--quiet"]
    for selector in EXCLUDED_SELECTORS:
        command += ["--exclude-selectors", selector]
    return command


def has_marked_page(site_dir: Path, glob: str) -> bool:
    """True when a page matching ``glob`` is marked for search.

    A bundle is written only then: given no marked page, Pagefind would index its pages whole.
    """
    patterns = glob.removeprefix("{").removesuffix("}").split(",")  # the braces of page_globs
    return any(_MARKER in path.read_text(encoding="utf-8", errors="replace")
               for pattern in patterns for path in sorted(site_dir.glob(pattern)))


def index_site(site_dir: Path, sections: Mapping[str, str], processes: int = 1, kept: Path | None = None) -> None:
    """Write one Pagefind bundle per section of the built site in ``site_dir``, and ``bundles.json``.

    ``sections`` maps a page's first folder to its section title; ``processes``: Pagefind runs at
    once; ``kept``: a folder where the index is kept between builds (in the cache folder, which CI
    keeps too), so that a rebuild reuses what has not changed (see :func:`seed_bundle`). Raises
    RuntimeError if Pagefind fails.
    """
    output = site_dir / BUNDLE_DIR
    shutil.rmtree(output, ignore_errors=True)  # `mkdocs serve` rebuilds into the same folder
    globs = page_globs(site_dir, sections)
    marked = [bundle for bundle, glob in globs.items() if has_marked_page(site_dir, glob)]
    for bundle in marked if kept is not None else ():
        seed_bundle(kept / bundle, output / bundle)
    with ThreadPoolExecutor(max_workers=max(1, processes)) as pool:  # each thread waits on one Pagefind
        runs = pool.map(lambda b: subprocess.run(pagefind_command(site_dir, b, globs[b]), capture_output=True,
                                                 text=True, check=False), marked)
        for result in runs:
            if result.returncode != 0:
                raise RuntimeError(f"pagefind failed on {site_dir}: {(result.stderr or result.stdout)[-2000:]}")
    for bundle in marked:
        prune_bundle(output / bundle)
    pages = {bundle: _page_count(output / bundle) for bundle in marked}
    written = [{"path": f"{bundle}/", "section": sections.get(bundle), "pages": count,
                "weight": bundle_weight(count, sum(pages.values())),
                "title_boost": bundle not in TITLED_BY_ARTICLE_TEXT} for bundle, count in pages.items()]
    manifest = json.dumps({"bundles": written}, indent=1, ensure_ascii=False)
    output.mkdir(exist_ok=True)
    (output / BUNDLES_FILE).write_text(manifest + "\n", encoding="utf-8")
    log.info("search index written to %s (%d bundles)", output, len(written))
    if kept is not None:
        keep_index(output, kept)


CONTENT_NAMED = ("fragment", "index")
"""A bundle's folders of files named by a hash of their content: one per page (its text, for the
result) and one per chunk of the word index."""


def seed_bundle(kept: Path, bundle: Path) -> None:
    """Put the content-named files of a kept bundle into ``bundle`` before Pagefind runs.

    Pagefind does not write a content-named file that already exists, and writing them is most of
    its work: indexing the claims section of a 1,000-article site took 4.6-4.9 s into an empty
    folder, 1.26 s over its previous files. Hard links (copies where the file system has none):
    Pagefind leaves an existing file of these folders as it is (its modification time stays), and
    one of the same name has the same content. Nothing is taken from a bundle written by another
    version of Pagefind (its files may differ, not their names).
    """
    try:
        version = json.loads((kept / "pagefind-entry.json").read_text(encoding="utf-8"))["version"]
    except (OSError, ValueError, KeyError, TypeError):
        return
    if version == _pagefind_version():
        for folder in CONTENT_NAMED:
            _link_files(kept / folder, bundle / folder)


def keep_index(output: Path, kept: Path) -> None:
    """Make ``kept`` hold the content-named files of each bundle in ``output`` (hard links) and its
    entry file (a copy, which Pagefind rewrites), for the next build's :func:`seed_bundle`."""
    shutil.rmtree(kept, ignore_errors=True)
    for bundle in (path for path in output.iterdir() if path.is_dir()):
        for folder in CONTENT_NAMED:
            _link_files(bundle / folder, kept / bundle.name / folder)
        shutil.copy2(bundle / "pagefind-entry.json", kept / bundle.name / "pagefind-entry.json")


def _link_files(source: Path, target: Path) -> None:
    target.mkdir(parents=True, exist_ok=True)
    for path in sorted(source.glob("*")) if source.is_dir() else ():
        link_or_copy(path, target / path.name)


@functools.cache
def _pagefind_version() -> str | None:
    try:
        return metadata.version("pagefind-bin")
    except metadata.PackageNotFoundError:
        return None


def prune_bundle(bundle: Path) -> None:
    """Delete the content-named files of ``bundle`` that its index no longer names (pages gone or
    changed since the build whose files :func:`seed_bundle` linked in).

    The names in use are read from the bundle's metadata file(s) (``pagefind.<hash>.pf_meta``, of
    each language in ``pagefind-entry.json``): Pagefind lists every page's fragment and every index
    chunk there by name. A name is looked for as bytes in the decompressed file, which is enough to
    keep every file in use (a stale name found by chance would only be kept).
    """
    entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    metas = [bundle / f"pagefind.{language['hash']}.pf_meta" for language in entry["languages"].values()]
    named = b"".join(gzip.decompress(meta.read_bytes()) for meta in metas)
    for folder in CONTENT_NAMED:
        for path in (bundle / folder).glob("*") if (bundle / folder).is_dir() else ():
            if path.name.split(".", 1)[0].encode() not in named:
                path.unlink()


def bundle_weight(bundle_pages: int, site_pages: int) -> float:
    """The factor that puts a bundle's result scores on the scale of one index of the whole site.

    Pagefind scores a word by its IDF in the index searched, so the same rare name scores lower on
    the pages of a small bundle (people) than of a large one (quotes). The factor is the IDF of a
    word found on one page of the site over that of a word found on one page of the bundle.
    """
    if not 0 < bundle_pages <= site_pages:
        raise ValueError(f"a bundle of {bundle_pages} pages in a site of {site_pages}")
    return round(_idf_of_one_page(site_pages) / _idf_of_one_page(bundle_pages), 4)


def _idf_of_one_page(pages: int) -> float:
    return math.log((pages - 0.5) / 1.5 + 1)  # Pagefind's IDF: ln((N - n + 0.5) / (n + 0.5) + 1), n = 1


def _page_count(bundle_dir: Path) -> int:
    entry = json.loads((bundle_dir / "pagefind-entry.json").read_text(encoding="utf-8"))
    return sum(language["page_count"] for language in entry["languages"].values())


def bundles(site_dir: Path) -> list[dict]:
    """The bundles that ``index_site`` wrote, in order: ``{"path": "people/", "section": "People", "pages": 12,
    "weight": 2.2, "title_boost": true}`` (``section`` None for the pages in no section)."""
    return json.loads((site_dir / BUNDLE_DIR / BUNDLES_FILE).read_text(encoding="utf-8"))["bundles"]


def indexed_pages(site_dir: Path) -> dict[str, str]:
    """What the written index holds: page URL (``/people/ada/``) -> the page's indexed text."""
    pages = {}
    fragments = (site_dir / BUNDLE_DIR / bundle["path"] / "fragment" for bundle in bundles(site_dir))
    for fragment in sorted(path for folder in fragments for path in folder.glob("*.pf_fragment")):
        record = json.loads(gzip.decompress(fragment.read_bytes()).removeprefix(b"pagefind_dcd"))
        pages[record["url"]] = record["content"]
    return dict(sorted(pages.items()))
