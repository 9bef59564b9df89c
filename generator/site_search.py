"""Full-text search of the built site: Pagefind indexes the HTML after MkDocs has written it.

Why not Material's built-in search: it makes every page download one JSON index of the whole
site (13 MB at 1,000 articles, so some 130 MB at 10,000) and search it in the browser. Pagefind
splits its index into small chunks and a query fetches only the ones it needs, so what a reader
downloads depends on the query, not on the size of the bundle (figures: benchmarks/README.md).

Only report pages are indexed: each page whose front matter does not say
``search: {exclude: true}`` gets ``data-pagefind-body`` on its content element (Material's
header, navigation and footer stay out), and its nav section as metadata that the search page
shows with each result ("Section: People"). Not as a Pagefind filter: Pagefind writes filters in
a different order on every run, and two builds of the same bundle must be byte-identical.
Inside a page, blocks marked ``data-search-exclude`` by the templates stay out too.
"""

from __future__ import annotations

import gzip
import html
import json
import logging
import re
import shutil
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

log = logging.getLogger(f"mkdocs.plugins.{__name__}")

BUNDLE_DIR = "pagefind"
"""Where the index and Pagefind's scripts go, relative to the site root (search.js looks there)."""

EXCLUDED_SELECTORS = ("[data-search-exclude]", ".headerlink", ".md-source-file", ".md-content__button")
"""Parts of a content element that are not the page's text."""

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
    attributes = " data-pagefind-body"
    if section:
        attributes += f' data-pagefind-meta="section:{html.escape(section)}"'
    tag = matches[0]
    return page_html.replace(tag, tag[:-1] + attributes + ">", 1)


def pagefind_command(site_dir: Path) -> list[str]:
    """The command line that indexes ``site_dir`` into ``site_dir/pagefind``."""
    command = [sys.executable, "-m", "pagefind", "--site", str(site_dir), "--output-subdir", BUNDLE_DIR,
               "--quiet"]
    for selector in EXCLUDED_SELECTORS:
        command += ["--exclude-selectors", selector]
    return command


def index_site(site_dir: Path) -> None:
    """Write the Pagefind index of the built site in ``site_dir``; raises RuntimeError if Pagefind fails."""
    shutil.rmtree(site_dir / BUNDLE_DIR, ignore_errors=True)  # `mkdocs serve` rebuilds into the same folder
    result = subprocess.run(pagefind_command(site_dir), capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise RuntimeError(f"pagefind failed on {site_dir}: {(result.stderr or result.stdout)[-2000:]}")
    log.info("search index written to %s", site_dir / BUNDLE_DIR)


def indexed_pages(site_dir: Path) -> dict[str, str]:
    """What the written index holds: page URL (``/people/ada/``) -> the page's indexed text."""
    pages = {}
    for fragment in sorted((site_dir / BUNDLE_DIR / "fragment").glob("*.pf_fragment")):
        record = json.loads(gzip.decompress(fragment.read_bytes()).removeprefix(b"pagefind_dcd"))
        pages[record["url"]] = record["content"]
    return dict(sorted(pages.items()))
