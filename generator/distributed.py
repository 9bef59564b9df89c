"""Per-article analysis in other processes or on other machines (Dask), with the local results.

The unit of work is a *partition*: a few dozen articles sent to one worker, which loads the
spaCy model once (:func:`generator.nlp.load_pipeline` is cached per process), parses them with
``nlp.pipe`` and returns only the small :class:`ArticleAnalysis` records, never spaCy Docs.
Any :class:`concurrent.futures.Executor` runs it: a local ``ProcessPoolExecutor`` on one
machine (:func:`analyse_sharing`: this process analyses too), or a Dask cluster through
``Client.get_executor()`` (optional extra ``distributed``).
Results come back in article order and equal :func:`generator.pipeline.analyse_article` run
locally, because the workers run exactly that function on the same model.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from concurrent.futures import Executor, Future
from itertools import islice

from . import nlp, pipeline
from .records import Article, ArticleAnalysis

PARTITION_SIZE = 32
"""Articles per task: large enough to amortise the round trip, small enough to balance workers."""
LOCAL_PARTITION_SIZE = 8
"""Articles per task on local workers (no network): small, so that where this process meets
the workers' share it waits for at most a few articles."""


def analyse_partition(articles: Sequence[Article], model: str) -> tuple[ArticleAnalysis, ...]:
    """Parse and analyse one partition in this process (runs on a worker)."""
    language = nlp.load_pipeline(model)
    # ingest already capped the texts; the model must accept whatever it let through
    language.max_length = max([language.max_length, *(len(article.text) + 1 for article in articles)])
    return tuple(pipeline.analyse_article(article, doc) for article, doc in nlp.parse(language, articles))


def partitions(articles: Sequence[Article], size: int = PARTITION_SIZE) -> Iterator[tuple[Article, ...]]:
    """Consecutive chunks of ``size`` articles, in order."""
    if size < 1:
        raise ValueError(f"partition size must be at least 1, got {size}")
    items = iter(articles)
    while chunk := tuple(islice(items, size)):
        yield chunk


def analyse_with(
    executor: Executor, articles: Sequence[Article], model: str, *, partition_size: int = PARTITION_SIZE,
    in_flight: int = 0,
) -> Iterator[ArticleAnalysis]:
    """Yield the analysis of every article, in order, computed on ``executor``'s workers.

    At most ``in_flight`` partitions are submitted ahead of the one being read (default: all),
    so the driver's memory stays bounded on a very large bundle.
    """
    chunks = partitions(articles, partition_size)
    pending: list[Future] = [executor.submit(analyse_partition, chunk, model)
                             for chunk in islice(chunks, in_flight or None)]
    while pending:
        done = pending.pop(0).result()
        pending.extend(executor.submit(analyse_partition, chunk, model) for chunk in islice(chunks, 1))
        yield from done


def analyse_sharing(
    executor: Executor, articles: Sequence[Article], model: str, *, workers: int,
    partition_size: int = LOCAL_PARTITION_SIZE,
) -> Iterator[ArticleAnalysis]:
    """Yield the analysis of every article, in order, computed here and on ``executor``'s
    ``workers`` processes: this process starts at once from the first partition while the
    workers start (imports and model load, ~1.3 s) and take partitions from the last one on;
    a partition submitted but not yet started when this process reaches it is taken back."""
    chunks = list(partitions(articles, partition_size))
    remote: dict[int, Future] = {}
    last = len(chunks) - 1
    for index, chunk in enumerate(chunks):
        # one partition more in flight than workers: none idles while this process works
        while last > index and sum(not f.done() for f in remote.values()) < workers + 1:
            remote[last] = executor.submit(analyse_partition, chunks[last], model)
            last -= 1
        future = remote.pop(index, None)
        if future is not None and not future.cancel():
            yield from future.result()
        else:
            yield from analyse_partition(chunk, model)


def analyse_on_dask(client, articles: Sequence[Article], model: str, *,
                    partition_size: int = PARTITION_SIZE) -> tuple[ArticleAnalysis, ...]:
    """The per-article analysis of ``articles`` on the Dask cluster behind ``client``."""
    return tuple(analyse_with(client.get_executor(pure=False), articles, model,
                              partition_size=partition_size))
