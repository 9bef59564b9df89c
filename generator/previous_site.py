"""Reuse of the previous site's pages: MkDocs builds only the generated pages whose inputs changed.

The page cache (:mod:`.page_cache`) spares MkDocs the Markdown conversion and templating of an
unchanged page, but MkDocs still reads every page, restores it and writes it into the new site
folder. When the last ``mkdocs build`` wrote its site to the same folder and nothing but newsbundle
shapes the pages, an unchanged page's file is instead hard-linked from that site into the new one,
and MkDocs does not see the page at all (it is marked excluded; the links to it are converted as
before, and the sitemap still lists it).

A page is reused when its *file key* (its generated Markdown with front matter, source path, URL,
link targets and the build environment, see :func:`page_cache.file_key`) equals the one recorded
for it, and its file in the previous site still has the size and modification time recorded when
that site was built. The record, ``<cache_dir>/site-manifest.json``, is written after each build
that swapped its site in.
"""

from __future__ import annotations

import json
import logging
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from .cache import link_or_copy, write_json

MANIFEST = "site-manifest.json"
_VERSION = 1
_LINK_TO_EXCLUDED = re.compile(r"contains a link to '(.+)' which is excluded from the built site")


@dataclass(frozen=True)
class SitePage:
    """One generated page as written to a built site."""

    dest: str
    """Its file, relative to the site folder."""
    file_key: str
    """What built it (see :func:`page_cache.file_key`)."""
    page_key: str
    """Its page-cache entry, kept in use while the page is reused."""
    size: int
    mtime_ns: int


def load_manifest(cache_dir: Path, site_dir: Path, environment: str) -> dict[str, SitePage]:
    """The pages recorded for ``site_dir`` built in ``environment``, by source path; empty when none
    (no manifest, another site folder or environment, or an unreadable file)."""
    try:
        data = json.loads((cache_dir / MANIFEST).read_text(encoding="utf-8"))
        if data["version"] != _VERSION or data["site"] != str(site_dir) or data["environment"] != environment:
            return {}
        return {src: SitePage(*row) for src, row in data["pages"].items()}
    except (OSError, ValueError, TypeError, KeyError):
        return {}


def reusable(recorded: dict[str, SitePage], current: dict[str, tuple[str, str]],
             site_dir: Path) -> dict[str, SitePage]:
    """The recorded pages whose file and file key (``current``: both by source path) are unchanged
    and whose file in ``site_dir`` is as written."""
    found = {}
    for src, (dest, key) in current.items():
        page = recorded.get(src)
        if page is None or (page.dest, page.file_key) != (dest, key):
            continue
        try:
            stat = os.stat(site_dir / page.dest)
        except OSError:
            continue
        if stat.st_size == page.size and stat.st_mtime_ns == page.mtime_ns:
            found[src] = page
    return found


def link_pages(pages: Iterable[SitePage], previous: Path, site_dir: Path) -> None:
    """Hard-link each page's file from the ``previous`` site into ``site_dir`` (copy where a link
    cannot be made); the previous site stays as it was."""
    made: set[Path] = set()
    for page in pages:
        target = site_dir / page.dest
        if target.parent not in made:
            target.parent.mkdir(parents=True, exist_ok=True)
            made.add(target.parent)
        link_or_copy(previous / page.dest, target)  # a missing file fails here


def record(site_dir: Path, built: dict[str, tuple[str, str, str]]) -> dict[str, SitePage]:
    """``SitePage`` records of the pages just built into ``site_dir``; ``built`` maps each source
    path to (destination, file key, page key). A page whose file is missing is left out."""
    found = {}
    for src, (dest, file_key, page_key) in built.items():
        try:
            stat = os.stat(site_dir / dest)
        except OSError:
            continue
        found[src] = SitePage(dest, file_key, page_key, stat.st_size, stat.st_mtime_ns)
    return found


def store_manifest(cache_dir: Path, site_dir: Path, environment: str, pages: dict[str, SitePage]) -> None:
    """Write the manifest atomically (a build interrupted while writing leaves the old one)."""
    rows = {src: [p.dest, p.file_key, p.page_key, p.size, p.mtime_ns] for src, p in sorted(pages.items())}
    write_json(cache_dir / MANIFEST, {"version": _VERSION, "site": str(site_dir), "environment": environment,
                                      "pages": rows})


class QuietLinksTo(logging.Filter):
    """Drops MkDocs' note that a page links to an excluded page when that page is a reused one
    (it is in the site, as a file of the previous build)."""

    def __init__(self, reused: Iterable[str]) -> None:
        super().__init__()
        self.reused = frozenset(reused)

    def filter(self, record: logging.LogRecord) -> bool:
        found = _LINK_TO_EXCLUDED.search(record.getMessage())
        return found is None or found.group(1) not in self.reused
