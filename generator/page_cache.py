"""Rendered-page cache: MkDocs renders again only the generated pages whose inputs changed.

MkDocs counts a generated file as modified on every build, so each build converts every page's
Markdown, indexes it for search and renders it through the theme. A page's results are a pure
function of: its Markdown and front matter, its source path and URL, which of its link targets
exist (and their URLs), the navigation, and the build environment (the mkdocs.yml settings that
shape HTML, the plugin list and options, theme overrides, the versions of MkDocs, the theme,
Markdown and newsbundle's own code). All of these go into the page's key. On a hit the plugin
hands MkDocs the stored results: the page's ``render`` (Markdown to HTML) is replaced by one
that puts back the content, table of contents, title and anchors (so search and anchor checks
see the same page), the search entries are reused, and the stored HTML replaces the output of an
empty template.

Entries live in ``<cache_dir>/pages/<environment>/``; each build deletes the entries of its
environment it did not use and keeps one other environment (``serve`` and ``build`` differ by
``site_url``), so the cache stays the size of one or two sites.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import json
import logging
import os
import posixpath
import re
import shutil
import sys
import sysconfig
import tempfile
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache as memoize
from importlib import metadata
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import jinja2
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import AnchorLink, TableOfContents, get_toc

from . import cache as analysis_cache

log = logging.getLogger(f"mkdocs.plugins.{__name__}")

CACHED_TEMPLATE = "newsbundle-cached-page.html"
"""The template of a cache hit: empty, since the stored HTML replaces its output."""

_SUFFIX = ".page"
_PACKAGES = ("mkdocs", "mkdocs-material", "markdown", "pymdown-extensions", "jinja2", "markupsafe")
_NOT_HTML = frozenset({"config_file_path", "docs_dir", "site_dir", "dev_addr", "watch", "strict",
                       "remote_branch", "remote_name", "validation", "plugins", "hooks", "theme"})
"""mkdocs.yml settings that do not change a page's HTML (plugins and theme are described apart)."""
_LINKS = (re.compile(r"\]\(\s*<?([^)\s>]+)"),  # [text](target)
          re.compile(r"href\s*=\s*[\"']([^\"']+)"), re.compile(r"src\s*=\s*[\"']([^\"']+)"),  # md_in_html
          re.compile(r"^\s{0,3}\[[^\]]+\]:\s*<?([^\s>]+)", re.MULTILINE))  # [ref]: target
"""Every link target a page's Markdown may hold (a superset is harmless: it only widens the key).
One pattern per kind of link, each starting with a literal the regex engine skips ahead to: one
pattern with three alternatives took 1.4 s over the 70 MB of Markdown of a 1,000-article site."""


@dataclass(frozen=True)
class RenderedPage:
    """What MkDocs computed for one page, enough to build it again without rendering."""

    content: str
    """``page.content`` after every plugin's ``on_page_content``."""
    toc: tuple[dict, ...]
    """The table of contents as Python-Markdown toc tokens."""
    title: str | None
    """The title found in the Markdown (its first heading)."""
    anchors: tuple[str, ...]
    """Anchor ids the page holds (links from other pages are checked against them)."""
    anchor_links: dict
    """Links to anchors of other pages: ``{target src path: {anchor: original link}}``."""
    search_entries: tuple[dict, ...] | None
    """The search plugin's index entries for this page; None when no search plugin is indexed."""
    html: bytes
    """The page's final HTML, after every plugin's ``on_post_page``, zlib-compressed: hits wait
    in memory from the first page's conversion to the last page's templating."""


def environment_digest(config: MkDocsConfig, nav: Navigation, code: str) -> str:
    """Digest of everything outside a page's own Markdown that shapes every page's HTML."""
    view = {key: value for key, value in config.items() if key not in _NOT_HTML}
    view["theme"] = {"name": config.theme.name, **dict(config.theme), "dirs": config.theme.dirs,
                     "overrides": _overrides_digest(config.theme.dirs)}
    view["plugins"] = [[name, type(plugin).__qualname__, dict(getattr(plugin, "config", {}) or {})]
                       for name, plugin in config.plugins.items()]
    view["nav"] = nav_outline(nav.items)
    view["versions"] = [sys.version_info[:2], *(_version(name) for name in _PACKAGES), code]
    text = json.dumps(view, sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def nav_outline(items: Iterable) -> list:
    """The navigation as (kind, title, url, children) rows; a page whose title will come from its
    Markdown contributes a digest of its source instead, since the menu shows that title."""
    rows = []
    for item in items:
        title = item.title
        if title is None and getattr(item, "file", None) is not None:
            title = hashlib.sha256(item.file.content_bytes).hexdigest()
        rows.append([type(item).__name__, title, getattr(item, "url", None),
                     nav_outline(getattr(item, "children", None) or ())])
    return rows


def _version(package: str) -> str:
    try:
        return f"{package}={metadata.version(package)}"
    except metadata.PackageNotFoundError:
        return f"{package}=absent"


def _overrides_digest(dirs: list[str]) -> str:
    """Digest of theme folders outside installed packages (``custom_dir``): users edit those."""
    installed = Path(sysconfig.get_paths()["purelib"]).resolve()
    digest = hashlib.sha256()
    for folder in (Path(d).resolve() for d in dirs):
        if folder.is_relative_to(installed):
            continue
        for file in sorted(p for p in folder.rglob("*") if p.is_file()):
            digest.update(str(file.relative_to(folder)).encode() + b"\0" + file.read_bytes())
    return digest.hexdigest()


@memoize
def code_digest() -> str:
    """Digest of newsbundle's own modules (the plugin rewrites HTML; render writes the Markdown)."""
    digest = hashlib.sha256()
    for file in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(file.name.encode() + b"\0" + file.read_bytes())
    return digest.hexdigest()[:16]


def link_targets(markdown: str, src_uri: str) -> list[str]:
    """Docs-relative paths of the relative links in ``markdown`` of the page at ``src_uri``, sorted."""
    links = {link for pattern in _LINKS for link in pattern.findall(markdown)}
    base = posixpath.dirname(src_uri)
    return sorted({target for link in links if (target := _resolve(base, link)) is not None})


@functools.lru_cache(maxsize=1 << 16)
def _resolve(base: str, link: str) -> str | None:
    """The docs-relative path a relative ``link`` from folder ``base`` points to (None: not relative);
    memoized, for the pages of one folder link the same outlets and articles over and over."""
    parts = urlsplit(link)
    if parts.scheme or parts.netloc or not parts.path:
        return None
    path = unquote(parts.path)
    return posixpath.normpath(posixpath.join("" if path.startswith("/") else base, path.lstrip("/")))


def page_key(environment: str, page: Page, markdown: str, urls: dict[str, str]) -> str:
    """The cache key of ``page`` about to be converted from ``markdown``; ``urls``: each file's URL
    by its source path."""
    meta = json.dumps(page.meta, sort_keys=True, default=str)
    return _key([environment, page.file.src_uri, page.url, meta], markdown, page.file.src_uri, urls)


def file_key(environment: str, file: File, urls: dict[str, str]) -> str:
    """The key of a generated page before MkDocs reads it: what :func:`page_key` covers, taken from
    the file (its Markdown with the front matter, its source path and URL); for
    :mod:`.previous_site`, which decides before MkDocs reads any page."""
    return _key([environment, "file", file.src_uri, file.url], file.content_string, file.src_uri, urls)


def _key(fields: list[str], text: str, src_uri: str, urls: dict[str, str]) -> str:
    """sha256 of ``fields``, of the targets of the relative links in ``text`` with their URLs, and of ``text``."""
    targets = [f"{target}\t{urls.get(target)}" for target in link_targets(text, src_uri)]
    return hashlib.sha256("\0".join([*fields, str(len(targets)), *targets, text]).encode()).hexdigest()


def toc_tokens(toc: TableOfContents | Iterable[AnchorLink]) -> tuple[dict, ...]:
    """A table of contents as the tokens :func:`mkdocs.structure.toc.get_toc` reads back."""
    return tuple({"level": link.level, "id": link.id, "name": link.title,
                  "children": list(toc_tokens(link.children))} for link in toc)


def restore(page: Page, entry: RenderedPage, files: Files) -> None:
    """Give ``page`` what rendering its Markdown would have given it."""
    page.content = entry.content
    page.toc = get_toc(list(entry.toc))
    page._title_from_render = entry.title  # what Page.render sets; Page.title reads it
    page.present_anchor_ids = set(entry.anchors)
    links = {files.get_file_from_path(src): anchors for src, anchors in entry.anchor_links.items()}
    page.links_to_anchors = {file: anchors for file, anchors in links.items() if file is not None}


def _restore_instead_of_rendering(page: Page, entry: RenderedPage, files: Files,
                                  config: MkDocsConfig, _files: Files) -> None:
    """Stands in for ``Page.render(config, files)`` on a hit."""
    restore(page, entry, files)


def rendered(page: Page, search_entries: list[dict] | None, html: str) -> RenderedPage:
    """The cache entry of a page MkDocs has just built."""
    links = page.links_to_anchors or {}
    return RenderedPage(
        content=page.content or "", toc=toc_tokens(page.toc), title=page._title_from_render,
        anchors=tuple(sorted(page.present_anchor_ids or ())),
        anchor_links={file.src_uri: dict(anchors) for file, anchors in links.items()},
        search_entries=None if search_entries is None else tuple(search_entries),
        html=zlib.compress(html.encode("utf-8"), 1))


def load(folder: Path, key: str) -> RenderedPage | None:
    """The entry stored under ``key``, or None when absent or unreadable."""
    try:
        stored = (folder / f"{key}{_SUFFIX}").read_bytes()
        size = int.from_bytes(stored[:4], "big")
        data = json.loads(zlib.decompress(stored[4:4 + size]))
        return analysis_cache.from_jsonable(RenderedPage, {**data, "html": stored[4 + size:]})
    except (OSError, ValueError, TypeError, KeyError, zlib.error):
        return None


def store(folder: Path, key: str, entry: RenderedPage) -> None:
    """Write ``entry`` under ``key`` atomically: the length of the zlib-compressed JSON of every
    field but the HTML (4 bytes), that JSON, then the compressed HTML. zlib, because entries
    hold whole pages; the HTML apart, so that it is decompressed only when it is written out."""
    folder.mkdir(parents=True, exist_ok=True)
    # not dataclasses.asdict: it deep-copies every search entry and toc token
    fields = {f.name: getattr(entry, f.name) for f in dataclasses.fields(entry) if f.name != "html"}
    text = json.dumps(fields, ensure_ascii=False, separators=(",", ":"))
    head = zlib.compress(text.encode("utf-8"), 1)
    handle, tmp = tempfile.mkstemp(dir=folder, suffix=".tmp")
    with os.fdopen(handle, "wb") as out:
        out.write(len(head).to_bytes(4, "big") + head + entry.html)
    os.replace(tmp, folder / f"{key}{_SUFFIX}")


def prune(root: Path, current: Path, used: set[str]) -> None:
    """Delete the entries of ``current`` not in ``used`` and every environment folder but
    ``current`` and the most recently used other one."""
    for path in current.iterdir() if current.is_dir() else ():
        if path.name.removesuffix(_SUFFIX) not in used:
            path.unlink(missing_ok=True)
    others = [path for path in root.iterdir() if path.is_dir() and path != current]
    others.sort(key=lambda path: path.stat().st_mtime)
    for stale in others[:-1]:
        shutil.rmtree(stale, ignore_errors=True)


class _WarningCount(logging.Handler):
    """Counts MkDocs warnings: a page that warned is not cached (a hit would hide the warning)."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


class PageCache:
    """One build's use of the cache: the thin adapter the plugin forwards MkDocs events to."""

    def __init__(self, root: Path, config: MkDocsConfig, nav: Navigation, files: Files) -> None:
        self.root = root
        self.folder = root / environment_digest(config, nav, code_digest())
        self.files = files
        self.urls = {file.src_uri: file.url for file in files}
        self.hits: dict[str, RenderedPage] = {}
        self.entry_keys: dict[str, str] = {}
        """The key of each page read in this build whose entry is in the cache (a hit, or stored)."""
        self.keys: dict[str, str] = {}
        self.search: dict[str, list[dict]] = {}
        self.warned: set[str] = set()
        self.used: set[str] = set()
        self.linked = 0
        """Pages MkDocs did not see, reused as files of the previous site (see :meth:`keep`)."""
        self._warnings = _WarningCount()
        self._mark: dict[str, int] = {}
        self._search_index = _hook_search(config, self)
        logging.getLogger("mkdocs").addHandler(self._warnings)

    def page_markdown(self, markdown: str, page: Page) -> str:
        """Look ``page`` up; on a hit its rendering restores the stored results, its template is
        empty, and ``markdown`` is returned unchanged either way."""
        if page.file.generated_by != "newsbundle" or page.file.inclusion.is_excluded():
            return markdown
        src, key = page.file.src_uri, page_key(self.folder.name, page, markdown, self.urls)
        entry = load(self.folder, key)
        if entry is None or (self._search_index is not None and entry.search_entries is None):
            self.keys[src] = key
            self._mark[src] = self._warnings.count
            return markdown
        self.hits[src] = entry
        self.entry_keys[src] = key
        self.used.add(key)
        page.meta["template"] = CACHED_TEMPLATE
        page.render = functools.partial(_restore_instead_of_rendering, page, entry, self.files)
        return markdown

    def page_content(self, content: str, page: Page) -> str:
        """On a hit, the stored content (what every plugin made of it); otherwise ``content``."""
        entry = self.hits.get(page.file.src_uri)
        if entry is not None:
            return entry.content
        self._note_warnings(page.file.src_uri)
        return content

    def page_context(self, page: Page) -> None:
        """Start watching for warnings while a page that is not a hit is templated."""
        if page.file.src_uri in self.keys:
            self._mark[page.file.src_uri] = self._warnings.count

    def cached_html(self, page: Page) -> str | None:
        """The stored HTML of a hit, else None."""
        entry = self.hits.get(page.file.src_uri)
        return None if entry is None else zlib.decompress(entry.html).decode("utf-8")

    def page_built(self, html: str, page: Page) -> None:
        """Store the final ``html`` of a page built anew (unless MkDocs warned building it)."""
        src = page.file.src_uri
        self._note_warnings(src)
        if src in self.keys and src not in self.warned:
            store(self.folder, self.keys[src], rendered(page, self.search.get(src), html))
            self.used.add(self.keys[src])
            self.entry_keys[src] = self.keys[src]

    def _note_warnings(self, src: str) -> None:
        if src in self._mark and self._warnings.count != self._mark[src]:
            self.warned.add(src)

    def keep(self, keys: Iterable[str]) -> None:
        """Keep the entries under ``keys`` though MkDocs does not read their pages (reused as files of
        the previous site): a later build without that site renders them from here."""
        keys = set(keys)
        self.used |= keys
        self.linked += len(keys)

    def finish(self, *, succeeded: bool) -> None:
        """Stop counting warnings; after a build that succeeded, prune the cache."""
        logging.getLogger("mkdocs").removeHandler(self._warnings)
        reused = len(self.hits) + self.linked
        log.info("page cache: %d of %d generated pages reused (%d as files of the previous site)",
                 reused, reused + len(self.keys), self.linked)
        if succeeded:
            self.folder.mkdir(parents=True, exist_ok=True)
            os.utime(self.folder)
            prune(self.root, self.folder, self.used)

    def add_search_entries(self, page: Page, add: Any, entries: list[dict]) -> None:
        """Index ``page`` through the search plugin's ``add`` (appending to ``entries``), or
        append the stored entries of a hit."""
        entry = self.hits.get(page.file.src_uri)
        if entry is not None:
            entries.extend(dict(item) for item in entry.search_entries or ())
            return
        start = len(entries)
        add(page)
        if page.file.src_uri in self.keys:
            self.search[page.file.src_uri] = entries[start:]


def _hook_search(config: MkDocsConfig, pages: PageCache) -> Any:
    """Route the search plugin's per-page indexing through ``pages`` (None without a search plugin
    whose index keeps its entries in a list; then hits are indexed from their restored content)."""
    for plugin in config.plugins.values():
        index = getattr(plugin, "search_index", None)
        entries = getattr(index, "entries", getattr(index, "_entries", None))
        if callable(getattr(index, "add_entry_from_context", None)) and isinstance(entries, list):
            index.add_entry_from_context = functools.partial(
                pages.add_search_entries, add=index.add_entry_from_context, entries=entries)
            return index
    return None


def with_cached_template(env: jinja2.Environment) -> jinja2.Environment:
    """``env`` able to load :data:`CACHED_TEMPLATE` besides the theme's templates."""
    env.loader = jinja2.ChoiceLoader([jinja2.DictLoader({CACHED_TEMPLATE: ""}), env.loader])
    return env
