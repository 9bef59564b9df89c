"""The MkDocs plugin: the one entry point, so plain ``mkdocs build`` / ``serve`` run the pipeline.

Kept thin on purpose: it maps MkDocs events onto :mod:`generator.pipeline` and
hands the generated files to MkDocs as virtual files. The same tree can be written
to a folder (``markdown_dir``) for another site engine to build. Generated pages whose
inputs did not change since a previous build are not rendered again (:mod:`.page_cache`).
"""

from __future__ import annotations

import logging
import os
import shutil
from pathlib import Path
from typing import Literal

from jinja2 import Environment

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils.templates import TemplateContext

from . import page_cache, pipeline, previous_site, site_search
from .config import NewsbundleConfig

log = logging.getLogger(f"mkdocs.plugins.{__name__}")

SECTIONS = (
    ("Home", "index.md"),
    ("Articles", "articles/index.md"),
    ("Outlets", "outlets/index.md"),
    ("People", "people/index.md"),
    ("Organisations and places", "entities/index.md"),
    ("Quotes", "quotes/index.md"),
    ("Overlaps", "overlaps/index.md"),
    ("Claims", "claims/index.md"),
    ("Build report", "report.md"),
)
"""The navigation: section index pages only; the pages they list stay out of the nav (linear build time)."""
_SECTION_PAGES = frozenset(path for _title, path in SECTIONS)
_SECTION_FOLDERS = {path.split("/")[0]: title for title, path in SECTIONS if "/" in path}

_STAGING_SUFFIX = ".newsbundle-staging"
_PAGE_EVENTS = ("pre_page", "page_read_source", "page_markdown", "page_content", "page_context", "post_page")
"""The MkDocs events a page that is reused from the previous site (and not read) misses."""


class NewsbundlePlugin(BasePlugin[NewsbundleConfig]):
    """Generate the report pages from the bundle at build time."""

    supports_multiple_instances = False

    def __init__(self) -> None:
        self.progress: pipeline.Progress | None = None
        """Optional progress callback, set by the CLI to draw a progress bar."""
        self._command: str = "build"
        self._final_site_dir: str | None = None
        self._pages: page_cache.PageCache | None = None
        self._file_keys: dict[str, tuple[str, str]] = {}
        """(file in the site, file key) of each generated page, by source path."""
        self._reused: dict[str, previous_site.SitePage] = {}
        self._quiet: previous_site.QuietLinksTo | None = None
        self._files: Files | None = None

    def on_startup(self, *, command: Literal["build", "gh-deploy", "serve"], dirty: bool) -> None:
        self._command = command

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        if config.nav is None:
            config.nav = [{title: path} for title, path in SECTIONS]
        if self.config.atomic and self._command != "serve":
            self._final_site_dir = config.site_dir
            config.site_dir = config.site_dir.rstrip("/\\") + _STAGING_SUFFIX
            shutil.rmtree(config.site_dir, ignore_errors=True)
        return config

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        try:
            analysis = pipeline.analyse_bundle(self.settings(config), self.progress)
        except pipeline.NoArticlesError as error:
            raise PluginError(str(error)) from error
        generated = pipeline.build_site_files(analysis, self.settings(config).templates_dir)
        if self.config.markdown_dir:
            _write_tree(self._resolve(config, self.config.markdown_dir), generated)
        for path, content in sorted(generated.items()):
            if files.get_file_from_path(path) is not None:
                files.remove(files.get_file_from_path(path))
            in_nav = path in _SECTION_PAGES
            inclusion = InclusionLevel.INCLUDED if in_nav else InclusionLevel.NOT_IN_NAV
            file = File.generated(config, path, content=content, inclusion=inclusion)
            file.generated_by = "newsbundle"
            files.append(file)
        return files

    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
        cache_dir = self._resolve(config, self.config.cache_dir)
        self._pages = page_cache.PageCache(cache_dir / "pages", config, nav, files)
        self._files = files
        self._reuse_previous_site(config, files, cache_dir)
        return nav

    def _reuse_previous_site(self, config: MkDocsConfig, files: Files, cache_dir: Path) -> None:
        """Exclude from this build the generated pages whose file in the previous site is what
        building them again would write: MkDocs skips them, and their files are linked in after the
        build (:mod:`.previous_site`). Only for a build into a new folder (``atomic``) in which no
        other plugin sees pages (it would miss these)."""
        assert self._pages is not None
        others_see_pages = any(getattr(method, "__self__", None) is not self
                               for event in _PAGE_EVENTS for method in config.plugins.events[event])
        if self._final_site_dir is None or others_see_pages:
            self._file_keys, self._reused = {}, {}
            return
        environment = self._pages.folder.name
        pages = [f for f in files if f.generated_by == "newsbundle" and f.inclusion == InclusionLevel.NOT_IN_NAV]
        self._file_keys = {f.src_uri: (f.dest_uri, page_cache.file_key(environment, f, self._pages.urls))
                           for f in pages}
        site = Path(self._final_site_dir)
        recorded = previous_site.load_manifest(cache_dir, site, environment)
        self._reused = previous_site.reusable(recorded, self._file_keys, site)
        for src in self._reused:
            files.get_file_from_path(src).inclusion = InclusionLevel.EXCLUDED
        self._pages.keep(page.page_key for page in self._reused.values())
        self._quiet = previous_site.QuietLinksTo(self._reused)
        logging.getLogger("mkdocs.structure.pages").addFilter(self._quiet)

    def on_template_context(self, context: TemplateContext, *, template_name: str,
                            config: MkDocsConfig) -> TemplateContext:
        if template_name == "sitemap.xml" and self._reused and self._files is not None:
            # The reused pages are in the site too, in their place among the others.
            context["pages"] = [f for f in self._files.documentation_pages(inclusion=lambda _: True)
                                if f.inclusion.is_included() or f.src_uri in self._reused]
        return context

    # The page cache's events run last: they see (and store) what every other plugin made of a page.
    @event_priority(-100)
    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        return markdown if self._pages is None else self._pages.page_markdown(markdown, page)

    @event_priority(-100)
    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        return html if self._pages is None else self._pages.page_content(html, page)

    def on_env(self, env: Environment, *, config: MkDocsConfig, files: Files) -> Environment:
        return page_cache.with_cached_template(env)

    @event_priority(-100)
    def on_page_context(self, context: TemplateContext, *, page: Page, config: MkDocsConfig,
                        nav: Navigation) -> TemplateContext:
        if self._pages is not None:
            self._pages.page_context(page)
        return context

    def on_serve(self, server: LiveReloadServer, *, config: MkDocsConfig, builder) -> LiveReloadServer:
        server.watch(str(self._resolve(config, self.config.seeds_dir)))
        if self.config.templates_dir:
            server.watch(str(self._resolve(config, self.config.templates_dir)))
        return server

    @event_priority(-100)
    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        cached = None if self._pages is None else self._pages.cached_html(page)
        if cached is not None:
            return cached
        output = self._mark_searchable(output, page)
        if self._pages is not None:
            self._pages.page_built(output, page)
        return output

    @staticmethod
    def _mark_searchable(output: str, page: Page) -> str:
        if not site_search.is_searchable(page.meta):
            return output
        return site_search.mark_searchable(output, site_search.section_of(page.url, _SECTION_FOLDERS))

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        cache_dir = self._resolve(config, self.config.cache_dir)
        if self._reused and self._final_site_dir is not None:
            previous_site.link_pages(self._reused.values(), Path(self._final_site_dir), Path(config.site_dir))
        built = self._built_pages()
        environment = self._pages.folder.name if self._pages is not None else ""
        self._end_build(succeeded=True)
        site_search.index_site(Path(config.site_dir), _SECTION_FOLDERS, self.config.workers or os.cpu_count() or 1,
                               kept=cache_dir / "search-index")
        if self._final_site_dir is None:
            return
        staging, final = Path(config.site_dir), Path(self._final_site_dir)
        previous = final.with_name(final.name + ".newsbundle-previous")
        shutil.rmtree(previous, ignore_errors=True)
        if final.exists():
            final.rename(previous)
        staging.rename(final)
        shutil.rmtree(previous, ignore_errors=True)
        config.site_dir = str(final)  # gh-deploy publishes config.site_dir after the build
        previous_site.store_manifest(cache_dir, final, environment, previous_site.record(final, built))

    def _built_pages(self) -> dict[str, tuple[str, str, str]]:
        """Each generated page now in the site with a page-cache entry: (file, file key, entry key)."""
        if self._pages is None:
            return {}
        built = {}
        for src, (dest, file_key) in self._file_keys.items():
            reused = self._reused.get(src)
            entry = reused.page_key if reused is not None else self._pages.entry_keys.get(src)
            if entry is not None:
                built[src] = (dest, file_key, entry)
        return built

    def on_build_error(self, *, error: Exception) -> None:
        self._end_build(succeeded=False)
        if self._final_site_dir is not None:
            shutil.rmtree(self._final_site_dir + _STAGING_SUFFIX, ignore_errors=True)
            log.error("build failed; the previous site in %s is left as it was", self._final_site_dir)

    def _end_build(self, *, succeeded: bool) -> None:
        if self._pages is not None:
            self._pages.finish(succeeded=succeeded)
            self._pages = None
        if self._quiet is not None:
            logging.getLogger("mkdocs.structure.pages").removeFilter(self._quiet)
            self._quiet = None

    def settings(self, config: MkDocsConfig) -> pipeline.Settings:
        """The pipeline settings from this plugin's options, paths resolved against mkdocs.yml."""
        templates = self.config.templates_dir
        return pipeline.Settings(
            seeds_dir=self._resolve(config, self.config.seeds_dir),
            cache_dir=self._resolve(config, self.config.cache_dir),
            model=self.config.model,
            templates_dir=self._resolve(config, templates) if templates else None,
            max_file_bytes=self.config.max_file_mb * 1_000_000,
            workers=self.config.workers,
            dask_scheduler=self.config.dask_scheduler,
        )

    @staticmethod
    def _resolve(config: MkDocsConfig, path: str) -> Path:
        return (Path(config.config_file_path).parent / path).resolve()


def _write_tree(root: Path, generated: dict[str, str]) -> None:
    """Write the generated Markdown tree to ``root`` (replacing what a previous build wrote)."""
    shutil.rmtree(root, ignore_errors=True)
    for path, content in generated.items():
        target = root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(content, encoding="utf-8")
