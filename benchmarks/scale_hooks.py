"""MkDocs hooks that time a real ``mkdocs build`` stage by stage (used by benchmarks/scale.py).

Listed under ``hooks:`` in the benchmark project's mkdocs.yml. On import it wraps the pipeline's
stage functions (module attributes, so the pipeline's own calls go through the wrappers) with
timers; an outer timer does not count again what an inner timed function spends. At the end of
the build it writes the timings, event timestamps and peak memory as JSON to the file named by
``NEWSBUNDLE_BENCH_TIMINGS``.
"""

from __future__ import annotations

import functools
import json
import os
import resource
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from pathlib import Path

import generator
from generator import cache, export, ingest, nlp, pipeline, render
from generator.analyse import claims, entities, overlaps, quotes

STAGES: tuple[tuple[object, str, str], ...] = (
    (ingest, "read_bundle", "ingest"),
    (nlp, "load_pipeline", "model load"),
    (nlp, "parse", "spaCy parse"),
    (cache, "load", "cache read"),
    (cache, "store", "cache write"),
    (entities, "sentences_in", "per-article entities"),
    (entities, "mentions_in", "per-article entities"),
    (entities, "roles_in", "per-article entities"),
    (quotes, "extract_quotes", "per-article quotes"),
    (claims, "statements_in", "per-article claims"),
    (entities, "merge_entities", "entities merge"),
    (quotes, "link_speakers", "quotes link/group"),
    (quotes, "group_quotes", "quotes link/group"),
    (pipeline, "_find_overlaps", "overlaps"),  # with its cache of pair verdicts
    (overlaps, "originality", "overlaps"),
    (claims, "cluster_claims", "claims"),
    (render, "page_map", "render"),
    (render, "render_site", "render"),
    (export, "export_analysis", "render"),
)
"""(module, function, stage label): what is timed, in pipeline order."""

seconds: dict[str, float] = defaultdict(float)
"""Wall-clock seconds per stage label."""
cpu_seconds: dict[str, float] = defaultdict(float)
"""CPU seconds of this process per stage label: steadier than wall time on a shared machine."""
events: dict[str, float] = {}
"""perf_counter() when each MkDocs event reached these hooks (they run after the plugins)."""
cpu_events: dict[str, float] = {}
"""process_time() at the same events: MkDocs' own CPU seconds, steadier than wall time."""
rss_after_analysis: dict[str, float] = {}
_depth = [0]
_END = object()


def _timed(label: str, function: Callable) -> Callable:
    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        if _depth[0]:
            return function(*args, **kwargs)
        _depth[0] += 1
        start, start_cpu = time.perf_counter(), time.process_time()
        try:
            return function(*args, **kwargs)
        finally:
            seconds[label] += time.perf_counter() - start
            cpu_seconds[label] += time.process_time() - start_cpu
            _depth[0] -= 1
    return wrapper


def _timed_iterator(label: str, function: Callable) -> Callable:
    """Time only the work done inside ``next()``: the consumer's work between items is not counted."""
    @functools.wraps(function)
    def wrapper(*args, **kwargs) -> Iterator:
        items = iter(function(*args, **kwargs))
        while True:
            start, start_cpu = time.perf_counter(), time.process_time()
            item = next(items, _END)
            seconds[label] += time.perf_counter() - start
            cpu_seconds[label] += time.process_time() - start_cpu
            if item is _END:
                return
            yield item
    return wrapper


def install() -> None:
    """Wrap every function of :data:`STAGES` (once per process)."""
    if events:
        return
    events["hooks imported"] = time.perf_counter()
    for module, name, label in STAGES:
        function = getattr(module, name)
        wrap = _timed_iterator if name == "parse" else _timed
        setattr(module, name, wrap(label, function))


def peak_rss_mib() -> dict[str, float]:
    """Peak resident memory of this process and of its finished children (Linux: KiB units)."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return {"self": round(own, 1), "children": round(children, 1)}


def on_startup(command: str, dirty: bool) -> None:
    events["startup"] = time.perf_counter()
    cpu_events["startup"] = time.process_time()


def on_pre_build(config) -> None:
    events["pre_build"] = time.perf_counter()
    cpu_events["pre_build"] = time.process_time()


def on_files(files, config):
    events["files"] = time.perf_counter()
    cpu_events["files"] = time.process_time()
    rss_after_analysis.update(peak_rss_mib())
    return files


def on_post_build(config) -> None:
    events["post_build"] = time.perf_counter()
    cpu_events["post_build"] = time.process_time()
    target = os.environ.get("NEWSBUNDLE_BENCH_TIMINGS")
    if target:
        report = {"seconds": dict(seconds), "cpu_seconds": dict(cpu_seconds), "events": events,
                  "cpu_events": cpu_events, "peak_rss_mib": peak_rss_mib(),
                  "rss_after_analysis_mib": rss_after_analysis, "code": generator.__file__}
        Path(target).write_text(json.dumps(report, indent=1), encoding="utf-8")


install()
