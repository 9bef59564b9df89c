"""The ``newsbundle`` command: a thin wrapper over the MkDocs plugin and the pipeline.

``build`` and ``serve`` run MkDocs with the project's ``mkdocs.yml`` (so the CLI and
plain ``mkdocs build`` give the same site); ``analyse`` runs the pipeline alone and
writes the JSON export.
"""

from __future__ import annotations

import json
import logging
import os
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Iterator, Optional

import typer
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.commands.serve import serve as mkdocs_serve
from mkdocs.config import load_config
from mkdocs.exceptions import MkDocsException
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from . import export, pipeline, render
from .plugin import NewsbundlePlugin

SEEDS_ENV = "NEWSBUNDLE_SEEDS_DIR"
"""mkdocs.yml reads the bundle folder from this variable (``!ENV``), so ``serve`` can take one too."""

app = typer.Typer(add_completion=False, no_args_is_help=True, help=__doc__.split("\n")[0])
console = Console(stderr=True)

SeedsArg = Annotated[Optional[Path], typer.Argument(help="The bundle folder (default: seeds_dir in mkdocs.yml).")]
ConfigOpt = Annotated[Path, typer.Option("--config-file", "-f", help="The MkDocs configuration.")]


@app.command()
def build(
    seeds_dir: SeedsArg = None,
    site_dir: Annotated[Optional[Path], typer.Option(help="Where to write the site (default: site/).")] = None,
    config_file: ConfigOpt = Path("mkdocs.yml"),
    strict: Annotated[bool, typer.Option(help="Fail on any MkDocs warning.")] = False,
) -> None:
    """Analyse the bundle and build the static site."""
    _use_seeds(seeds_dir)
    with _user_errors():
        config = load_config(str(config_file), site_dir=str(site_dir) if site_dir else None, strict=strict)
        plugin = _plugin_of(config)
        with _progress_bar() as progress:
            plugin.progress = progress
            config.plugins.on_startup(command="build", dirty=False)
            try:
                mkdocs_build(config)
            finally:
                config.plugins.on_shutdown()
    console.print(f"[green]Site written to {config.site_dir}[/green]")


@app.command()
def analyse(
    seeds_dir: SeedsArg = None,
    json_path: Annotated[Path, typer.Option("--json", help="Where to write the analysis export.")] = Path("analysis.json"),
    config_file: ConfigOpt = Path("mkdocs.yml"),
) -> None:
    """Analyse the bundle and write the JSON export, without building a site."""
    _use_seeds(seeds_dir)
    with _user_errors():
        config = load_config(str(config_file))
        settings = _plugin_of(config).settings(config)
        with _progress_bar() as progress:
            analysis = pipeline.analyse_bundle(settings, progress)
        data = export.export_analysis(analysis, render.page_map(analysis))
        json_path.write_text(json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True), encoding="utf-8")
    console.print(f"[green]Analysis of {len(analysis.bundle.articles)} articles written to {json_path}[/green]")


@app.command()
def serve(
    seeds_dir: SeedsArg = None,
    config_file: ConfigOpt = Path("mkdocs.yml"),
    dev_addr: Annotated[str, typer.Option(help="Address to serve on.")] = "127.0.0.1:8000",
) -> None:
    """Preview the site; it rebuilds when a file in the bundle changes."""
    _use_seeds(seeds_dir)
    with _user_errors():
        _plugin_of(load_config(str(config_file)))
        mkdocs_serve(config_file=str(config_file), dev_addr=dev_addr)


def _use_seeds(seeds_dir: Path | None) -> None:
    if seeds_dir is not None:
        if not seeds_dir.is_dir():
            _fail(f"{seeds_dir}: not a folder")
        os.environ[SEEDS_ENV] = str(seeds_dir.resolve())


def _plugin_of(config) -> NewsbundlePlugin:
    plugin = config.plugins.get("newsbundle")
    if not isinstance(plugin, NewsbundlePlugin):
        _fail('mkdocs.yml does not enable the newsbundle plugin: add "- newsbundle" under "plugins:"')
    wanted = os.environ.get(SEEDS_ENV)
    if wanted and plugin.settings(config).seeds_dir != Path(wanted):
        _fail(f"mkdocs.yml must read the bundle folder from {SEEDS_ENV}: seeds_dir: !ENV [{SEEDS_ENV}, seeds]")
    return plugin


@contextmanager
def _user_errors() -> Iterator[None]:
    """Turn user errors into a one-line message and exit 1 — no traceback."""
    try:
        yield
    except (MkDocsException, pipeline.NoArticlesError, OSError) as error:
        _fail(str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__)


@contextmanager
def _progress_bar() -> Iterator[pipeline.Progress]:
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=console, transient=True) as bar:
        tasks: dict[str, int] = {}

        def advance(stage: str, done: int, total: int) -> None:
            task = tasks.setdefault(stage, bar.add_task(stage, total=total))
            bar.update(task, completed=done, total=total)

        yield advance


def _fail(message: str) -> None:
    console.print(f"[red]newsbundle: {message}[/red]")
    raise typer.Exit(code=1)


@app.callback()
def _setup_logging() -> None:
    """Show MkDocs' and the pipeline's warnings, which name each problem file."""
    logging.basicConfig(format="%(levelname)-7s -  %(message)s", level=logging.INFO)
