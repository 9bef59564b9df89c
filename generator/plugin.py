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

from . import page_cache, pipeline, site_search
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


class NewsbundlePlugin(BasePlugin[NewsbundleConfig]):
    """Generate the report pages from the bundle at build time."""

    supports_multiple_instances = False

    def __init__(self) -> None:
        self.progress: pipeline.Progress | None = None
        """Optional progress callback, set by the CLI to draw a progress bar."""
        self._command: str = "build"
        self._final_site_dir: str | None = None
        self._pages: page_cache.PageCache | None = None

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
        pages_dir = self._resolve(config, self.config.cache_dir) / "pages"
        self._pages = page_cache.PageCache(pages_dir, config, nav, files)
        return nav

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
        self._finish_page_cache(succeeded=True)
        site_search.index_site(Path(config.site_dir), _SECTION_FOLDERS, self.config.workers or os.cpu_count() or 1,
                               kept=self._resolve(config, self.config.cache_dir) / "search-index")
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

    def on_build_error(self, *, error: Exception) -> None:
        self._finish_page_cache(succeeded=False)
        if self._final_site_dir is not None:
            shutil.rmtree(self._final_site_dir + _STAGING_SUFFIX, ignore_errors=True)
            log.error("build failed; the previous site in %s is left as it was", self._final_site_dir)

    def _finish_page_cache(self, *, succeeded: bool) -> None:
        if self._pages is not None:
            self._pages.finish(succeeded=succeeded)
            self._pages = None

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
