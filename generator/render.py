"""Analysis → Markdown pages of the report site.

This module prepares typed, frozen view records (one context dataclass per
template) and hands them to the Jinja templates in ``site_templates/``, which
hold all the markup. Nothing here writes Markdown. Every string a template
prints goes through :func:`generator.safe.escape_markdown` (the environment's
``finalize`` hook), except :class:`Href` link targets, which are built here
from slugs and checked.
"""

from __future__ import annotations

import difflib
import functools
import math
import posixpath
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, is_dataclass
from pathlib import Path
from typing import Any, Generic, Literal, TypeVar

import jinja2

from .records import (
    Analysis, Article, Claim, DiffToken, Entity, EntityMention, FileReport, Originality, Overlap, Passage,
    Quote, QuoteGroup, Sentence,
)
from .safe import escape_markdown, unique_slugs

TEMPLATES_DIR = Path(__file__).resolve().parent.parent / "site_templates"
EXPORT_FILE = "analysis.json"
PERSON = "PERSON"
SegmentKind = Literal["plain", "quote", "name"]
QuoteHow = Literal["reference", "verbatim", "changed", "indirect"]
_HREF = re.compile(r"^(\.\./|[a-z0-9][a-z0-9-]*/)*[a-z0-9][a-z0-9-]*\.(md|json)$")
_MAX_GRAPH_PEOPLE = 40
PAGE_ROWS = 100
"""Rows per page of a long listing (articles, claims ...): the rest go to ``page-2.md``, ``page-3.md`` ...
A long list on a record's page (a person's mentions ...) goes on to ``<record>/mentions-2.md`` ..."""
QUOTE_GROUPS_PER_PAGE = 20
"""Statements per page on a person's page: each shows all its versions side by side."""
MAX_MATRIX_CLAIMS = 60
"""Columns of the outlets × claims picture: the claims most outlets carry."""
MAX_MATRIX_OUTLETS = 50
PAIRS_PER_ARTICLE = 10
"""A pair of articles that share text gets a page when it is among the strongest this many pairs of
either article: a wire story printed by hundreds of outlets would otherwise give pair pages growing
with the square of its copies. Every pair still counts in the original shares and is in analysis.json."""
"""Outlets drawn in the overlap heatmap and the claims picture: those with the most articles."""
_PAGE_WINDOW = 2
RowT = TypeVar("RowT")
TYPE_WORDS = {"PERSON": "person", "ORG": "organisation", "GPE": "place (country, city, state)",
              "LOC": "place", "NORP": "group (nationality, religion, politics)", "FAC": "building or site",
              "EVENT": "event", "PRODUCT": "product", "LAW": "law", "WORK_OF_ART": "work"}
_MAX_LABEL = 28


class TemplateNotFoundError(LookupError):
    """A page template is missing from the templates folder."""


class Href(str):
    """A relative link target between generated pages, built only by :func:`link_path`."""


@dataclass(frozen=True)
class PageMap:
    """Where each record's page lives: record id → docs-relative Markdown path."""

    articles: dict[str, str]
    entities: dict[str, str]
    """Only entities that get a page: every person, other entities that matter."""
    outlets: dict[str, str]
    claims: dict[str, str]
    quote_groups: dict[str, str]
    overlaps: dict[str, str]
    """Keyed ``"<a>|<b>"`` by article ids."""


# --------------------------------------------------------------------------- page map


def entities_that_matter(analysis: Analysis) -> list[Entity]:
    """Persons always get a page; other entities when 2+ outlets mention them or they are quoted."""
    outlet_of = _outlet_of_article(analysis)
    speakers = {q.speaker_id for q in analysis.quotes}
    return [e for e in analysis.entities
            if e.type == PERSON or e.id in speakers or len({outlet_of.get(a) for a in e.articles}) >= 2]


def page_map(analysis: Analysis) -> PageMap:
    """Assign every page a unique, stable, path-safe location (see :mod:`generator.safe`)."""
    articles = _paths("articles", [a.id for a in analysis.bundle.articles])
    shown = entities_that_matter(analysis)
    people = _paths("people", [e.id for e in shown if e.type == PERSON])
    others = _paths("entities", [e.id for e in shown if e.type != PERSON])
    slug = {a: posixpath.basename(p).removesuffix(".md") for a, p in articles.items()}
    return PageMap(
        articles=articles,
        entities=people | others,
        outlets=_paths("outlets", [o.id for o in analysis.outlets]),
        claims=_paths("claims", [c.id for c in analysis.claims]),
        quote_groups=_paths("quotes", [g.id for g in analysis.quote_groups]),
        overlaps={f"{o.a}|{o.b}": f"overlaps/{slug[o.a]}--{slug[o.b]}.md" for o in shown_overlaps(analysis)},
    )


def _paths(folder: str, ids: list[str]) -> dict[str, str]:
    # a folder's listing may be cut into page-2.md, page-3.md ...: no record may take those names
    listing = [posixpath.basename(listing_path(f"{folder}/index.md", n)).removesuffix(".md")
               for n in range(1, _page_count(len(ids)) + 1)]
    return {i: f"{folder}/{s}.md" for i, s in unique_slugs(ids, reserved=listing).items()}


def _page_count(rows: int, size: int = PAGE_ROWS) -> int:
    return max(1, math.ceil(rows / size))


def listing_path(index: str, number: int, list_name: str | None = None) -> str:
    """Page ``number`` (1-based) of the listing whose first page is ``index``: ``claims/page-2.md``.

    With ``list_name``, the listing is one list on a record's page (``index``): its later pages go in
    a folder named after the record's page, ``people/ada.md`` → ``people/ada/mentions-2.md``, where
    no other record's page can be.
    """
    if number < 1:
        raise ValueError(f"page numbers start at 1: {number!r}")
    if number == 1:
        return index
    if list_name is None:
        return posixpath.join(posixpath.dirname(index), f"page-{number}.md")
    return f"{index.removesuffix('.md')}/{list_name}-{number}.md"


def _ranked_pairs(analysis: Analysis) -> list[Overlap]:
    """Pairs that share text, strongest first."""
    return sorted((o for o in analysis.overlaps if o.kind != "none"), key=lambda o: (-o.score, o.a, o.b))


def shown_overlaps(analysis: Analysis) -> list[Overlap]:
    """The pairs that get a page, strongest first: each among the :data:`PAIRS_PER_ARTICLE`
    strongest pairs of one of its two articles."""
    seen: Counter[str] = Counter()
    shown = []
    for overlap in _ranked_pairs(analysis):
        if seen[overlap.a] < PAIRS_PER_ARTICLE or seen[overlap.b] < PAIRS_PER_ARTICLE:
            shown.append(overlap)
        seen[overlap.a] += 1
        seen[overlap.b] += 1
    return shown


def link_path(from_page: str, to_page: str) -> Href:
    """The relative link from one generated page to another (checked to be path-safe)."""
    return _link_from(_folder(from_page), to_page)


_folder = functools.lru_cache(maxsize=1 << 16)(posixpath.dirname)
"""A page's folder, worked out once per page rather than once per link on it."""


@functools.lru_cache(maxsize=1 << 17)
def _link_from(folder: str, to_page: str) -> Href:
    """:func:`link_path` from any page in ``folder``: a site makes some 350,000 links, between
    about 50,000 (folder, page) pairs, so each is worked out once."""
    relative = relative_path(to_page, folder)
    if not _HREF.match(relative):
        raise ValueError(f"unsafe link target: {relative!r}")
    return Href(relative)


def relative_path(target: str, start: str) -> str:
    """``posixpath.relpath(target, start or ".")`` without its two ``getcwd`` calls (a page links
    to hundreds of others); paths that climb out of the docs folder take the standard route."""
    target_parts, start_parts = _parts(target), _parts(start or ".")
    if target_parts is None or start_parts is None:
        return posixpath.relpath(target, start or ".")
    common = 0
    for mine, theirs in zip(target_parts, start_parts):
        if mine != theirs:
            break
        common += 1
    parts = [".."] * (len(start_parts) - common) + target_parts[common:]
    return "/".join(parts) if parts else "."


def _parts(path: str) -> list[str] | None:
    """The components of a docs-relative path, or None for an absolute path or one that climbs."""
    normal = posixpath.normpath(path)
    if not path or normal.startswith(("/", "..")):
        return None
    return [] if normal == "." else normal.split("/")


# --------------------------------------------------------------------------- view records


@dataclass(frozen=True)
class Link:
    """Text that links to a page, or plain text when there is no page."""

    text: str = field(metadata={"help": "What the reader sees (escaped on output)."})
    href: Href | None = field(default=None, metadata={"help": "Relative link target, None for plain text."})


@dataclass(frozen=True)
class Segment:
    """A run of article text and how to show it."""

    text: str = field(metadata={"help": "The words, as in the article."})
    kind: SegmentKind = field(metadata={"help": "plain, quote (highlighted) or name (of an entity)."})
    href: Href | None = field(default=None, metadata={"help": "Quote group or entity page."})


@dataclass(frozen=True)
class MetaRow:
    """One metadata value of an article and where it came from."""

    label: str = field(metadata={"help": "Field name shown to the reader."})
    value: str = field(metadata={"help": "The value, or a not-stated note."})
    source: str = field(metadata={"help": "Where ingest found the value."})


@dataclass(frozen=True)
class Stat:
    """A headline number of the story."""

    label: str = field(metadata={"help": "What is counted."})
    value: int = field(metadata={"help": "The count."})
    href: Href = field(metadata={"help": "The index page listing them."})


@dataclass(frozen=True)
class Pager:
    """Where one page of a long listing sits among the listing's pages."""

    number: int = field(metadata={"help": "This page, 1-based."})
    count: int = field(metadata={"help": "Pages in the listing."})
    first_row: int = field(metadata={"help": "Position of the first row shown, 1-based (0: no rows)."})
    last_row: int = field(metadata={"help": "Position of the last row shown."})
    total_rows: int = field(metadata={"help": "Rows in the whole listing."})
    previous: Href | None = field(metadata={"help": "The page before, None on the first."})
    next: Href | None = field(metadata={"help": "The page after, None on the last."})
    pages: tuple[Link, ...] = field(
        metadata={"help": "Page list: first, last and pages near this one; no link for this page and gaps (…)."})


@dataclass(frozen=True)
class LongList(Generic[RowT]):
    """The first page of a list on a record's page; its other pages are :class:`ListPageContext` pages."""

    name: str = field(metadata={"help": "Which list: names its further pages and ``partials/list_<name>.md.j2``."})
    rows: tuple[RowT, ...] = field(metadata={"help": "The first rows (all of them when the list is short)."})
    pager: Pager = field(metadata={"help": "The list's pages: no pager is shown for a one-page list."})


@dataclass(frozen=True)
class ArticleRow:
    """An article in a table."""

    article: Link = field(metadata={"help": "Headline (or file id) linking to the article page."})
    outlet: Link = field(metadata={"help": "Outlet, linking to its page."})
    published: str = field(metadata={"help": "ISO date or empty."})
    words: int = field(metadata={"help": "Words in the clean text."})
    original_share: float | None = field(metadata={"help": "Share found in no other article."})


@dataclass(frozen=True)
class PairRow:
    """A pair of articles that share text."""

    a: Link = field(metadata={"help": "First article."})
    b: Link = field(metadata={"help": "Second article."})
    kind: str = field(metadata={"help": "verbatim, syndicated, rewrite, shared-quotes-only."})
    score: float = field(metadata={"help": "Share of the shorter article covered, 0..1."})
    page: Href | None = field(metadata={"help": "The pair's page."})


@dataclass(frozen=True)
class EntityRow:
    """An entity in an index table."""

    entity: Link = field(metadata={"help": "Name linking to the entity page."})
    type: str = field(metadata={"help": "Kind of entity in words (person, organisation ...)."})
    role: str = field(metadata={"help": "Most used description, or empty."})
    mentions: int = field(metadata={"help": "Mentions across the bundle."})
    quotes: int = field(metadata={"help": "Quotes attributed to the entity."})
    outlets: int = field(metadata={"help": "Outlets that mention the entity."})


@dataclass(frozen=True)
class NamedUse:
    """A name form or a role, and the outlets that use it."""

    text: str = field(metadata={"help": "The name form or description."})
    outlets: tuple[Link, ...] = field(metadata={"help": "Outlets whose articles use it."})


@dataclass(frozen=True)
class OutletCount:
    """How often one outlet mentions an entity (0 shows that it ignores it)."""

    outlet: Link = field(metadata={"help": "The outlet."})
    count: int = field(metadata={"help": "Mentions in the outlet's articles."})


@dataclass(frozen=True)
class MentionRow:
    """The sentence around one mention."""

    article: Link = field(metadata={"help": "Article the mention is in."})
    sentence: str = field(metadata={"help": "The sentence holding the mention."})


@dataclass(frozen=True)
class VersionView:
    """One article's version of a grouped quote."""

    article: Link = field(metadata={"help": "Article printing this version."})
    outlet: Link = field(metadata={"help": "Its outlet."})
    how: QuoteHow = field(metadata={"help": "reference, verbatim, changed or indirect."})
    text: str = field(metadata={"help": "The words as printed."})
    cue: str = field(metadata={"help": "Attribution cue (said, told reporters ...)."})
    diff: tuple[DiffToken, ...] = field(metadata={"help": "Word diff from the reference version."})


@dataclass(frozen=True)
class QuoteGroupView:
    """A statement group, as listed on other pages."""

    group: Link = field(metadata={"help": "Group page, text is the reference wording."})
    speaker: Link = field(metadata={"help": "Who said it."})
    versions: tuple[VersionView, ...] = field(
        metadata={"help": "The reference, then every version that differs from it (changed or indirect)."})
    verbatim: tuple[VersionView, ...] = field(metadata={"help": "Versions word for word like the reference."})
    altered: bool = field(metadata={"help": "Whether direct versions differ in words."})


@dataclass(frozen=True)
class ClaimRow:
    """A claim in a table."""

    number: int = field(metadata={"help": "Column number in the claims matrix."})
    claim: Link = field(metadata={"help": "Claim text linking to its page."})
    outlets: int = field(metadata={"help": "Outlets carrying the claim."})
    single_source: bool = field(metadata={"help": "Carried by one article only."})
    contradicted: bool = field(metadata={"help": "Conflicts with another claim."})
    omitted_by: int = field(metadata={"help": "Outlets that leave it out."})


@dataclass(frozen=True)
class ConflictRow:
    """A claim and a claim it conflicts with."""

    claim: Link = field(metadata={"help": "The claim."})
    other: Link = field(metadata={"help": "The conflicting claim."})
    conflict: str = field(metadata={"help": "What the conflict is about."})


@dataclass(frozen=True)
class SupportView:
    """One outlet's wording of a claim."""

    outlet: Link = field(metadata={"help": "The outlet."})
    article: Link = field(metadata={"help": "The article."})
    text: str = field(metadata={"help": "The sentence carrying the claim."})


@dataclass(frozen=True)
class PassageView:
    """A shared passage, both sides, with changed words marked."""

    a: tuple[DiffToken, ...] = field(metadata={"help": "Article a's words; delete = not in b."})
    b: tuple[DiffToken, ...] = field(metadata={"help": "Article b's words; insert = not in a."})
    kind: str = field(metadata={"help": "verbatim, rewrite or quote."})


@dataclass(frozen=True)
class FileRow:
    """One file of the bundle in the build report."""

    path: str = field(metadata={"help": "File path in the bundle."})
    status: str = field(metadata={"help": "ok, warning, rejected or duplicate."})
    reason: str = field(metadata={"help": "Why, when not ok."})
    article: Link | None = field(metadata={"help": "The article page, when the file became one."})


@dataclass(frozen=True)
class SvgCell:
    """A coloured square of a matrix picture."""

    x: float = field(metadata={"help": "Left edge, px."})
    y: float = field(metadata={"help": "Top edge, px."})
    opacity: float = field(metadata={"help": "Fill strength 0..1."})
    css: str = field(metadata={"help": "CSS class (literal from this module)."})
    title: str = field(metadata={"help": "Tooltip text."})


@dataclass(frozen=True)
class SvgLabel:
    """A text label of a picture."""

    x: float = field(metadata={"help": "Anchor x, px."})
    y: float = field(metadata={"help": "Anchor y, px."})
    text: str = field(metadata={"help": "Shown text (shortened)."})
    title: str = field(metadata={"help": "Full text, as tooltip."})
    anchor: str = field(default="end", metadata={"help": "SVG text-anchor: start, middle or end."})


@dataclass(frozen=True)
class Matrix:
    """A grid picture: rows × columns of cells (overlap heatmap, outlets × claims)."""

    width: float = field(metadata={"help": "Picture width, px."})
    height: float = field(metadata={"help": "Picture height, px."})
    cell: float = field(metadata={"help": "Cell size, px."})
    rows: tuple[SvgLabel, ...] = field(metadata={"help": "Row labels."})
    columns: tuple[SvgLabel, ...] = field(metadata={"help": "Column labels (drawn rotated)."})
    cells: tuple[SvgCell, ...] = field(metadata={"help": "Filled cells."})
    caption: str = field(metadata={"help": "Accessible description."})


@dataclass(frozen=True)
class GraphEdge:
    """A line between two people mentioned in the same articles."""

    x1: float = field(metadata={"help": "Start x."})
    y1: float = field(metadata={"help": "Start y."})
    x2: float = field(metadata={"help": "End x."})
    y2: float = field(metadata={"help": "End y."})
    width: float = field(metadata={"help": "Stroke width, grows with shared articles."})
    title: str = field(metadata={"help": "Tooltip: who and how many articles."})


@dataclass(frozen=True)
class GraphNode:
    """A person in the co-mention graph."""

    x: float = field(metadata={"help": "Centre x."})
    y: float = field(metadata={"help": "Centre y."})
    r: float = field(metadata={"help": "Radius, grows with mentions."})
    label: SvgLabel = field(metadata={"help": "Name label."})


@dataclass(frozen=True)
class Graph:
    """The co-mention graph of people (circular layout)."""

    width: float = field(metadata={"help": "Picture width, px."})
    height: float = field(metadata={"help": "Picture height, px."})
    nodes: tuple[GraphNode, ...] = field(metadata={"help": "People."})
    edges: tuple[GraphEdge, ...] = field(metadata={"help": "Co-mentions."})
    caption: str = field(metadata={"help": "Accessible description."})


# --------------------------------------------------------------------------- page contexts


@dataclass(frozen=True)
class HomeContext:
    """index.md: the story in numbers."""

    title: str = field(metadata={"help": "Story title from the bundle."})
    stats: tuple[Stat, ...] = field(metadata={"help": "Outlets, articles, people, quotes, claims."})
    top_people: tuple[EntityRow, ...] = field(metadata={"help": "Most quoted people."})
    heatmap: Matrix = field(metadata={"help": "Outlets × outlets overlap heatmap."})
    pairs: tuple[PairRow, ...] = field(metadata={"help": "Strongest overlapping pairs."})
    problems: tuple[str, ...] = field(metadata={"help": "Build warnings (files skipped ...)."})
    report: Href = field(metadata={"help": "Link to the build report."})
    export: Href = field(metadata={"help": "Link to analysis.json."})


@dataclass(frozen=True)
class ArticleIndexContext:
    """articles/index.md."""

    rows: tuple[ArticleRow, ...] = field(metadata={"help": "This page's articles, by outlet then date."})
    pager: Pager = field(metadata={"help": "This page among the listing's pages."})


@dataclass(frozen=True)
class ArticleContext:
    """articles/<slug>.md."""

    title: str = field(metadata={"help": "Headline, or the file id when none is stated."})
    meta: tuple[MetaRow, ...] = field(metadata={"help": "Outlet, headline, author, date, URL, file."})
    outlet: Link = field(metadata={"help": "Outlet page."})
    original_share: float | None = field(metadata={"help": "Share found in no other article."})
    likely_source: Link | None = field(metadata={"help": "Earliest likely source article."})
    originality_note: str = field(metadata={"help": "Why there is or is not a source."})
    paragraphs: tuple[tuple[Segment, ...], ...] = field(metadata={"help": "Clean text in segments."})
    boilerplate: tuple[tuple[str, str], ...] = field(
        metadata={"help": "Lines removed as boilerplate, each with the rule that removed it."})
    related: tuple[PairRow, ...] = field(metadata={"help": "Articles sharing text with this one (pairs with a page)."})
    weaker_pairs: int = field(metadata={"help": "Further articles sharing less text with it: no page (see PAIRS_PER_ARTICLE)."})
    people: tuple[Link, ...] = field(metadata={"help": "Entities with pages mentioned here."})


@dataclass(frozen=True)
class OutletIndexContext:
    """outlets/index.md."""

    rows: tuple[tuple[Link, int, float | None], ...] = field(
        metadata={"help": "Outlet, number of articles, mean original share."})
    pager: Pager = field(metadata={"help": "This page among the listing's pages."})


@dataclass(frozen=True)
class OutletContext:
    """outlets/<slug>.md."""

    name: str = field(metadata={"help": "Outlet name."})
    articles: LongList[ArticleRow] = field(metadata={"help": "Its articles with originality."})
    single_source: LongList[ClaimRow] = field(metadata={"help": "Claims only it carries."})
    contradicts: LongList[ConflictRow] = field(metadata={"help": "Its claims that conflict with others."})
    omits: LongList[ClaimRow] = field(metadata={"help": "Widely reported claims it leaves out."})


@dataclass(frozen=True)
class EntityIndexContext:
    """people/index.md or entities/index.md."""

    heading: str = field(metadata={"help": "Page heading (template literal passed through)."})
    rows: tuple[EntityRow, ...] = field(metadata={"help": "This page's entities, by mentions."})
    graph: Graph | None = field(metadata={"help": "Co-mention graph (people only, first page)."})
    other: Href | None = field(metadata={"help": "Link to the other entity index."})
    pager: Pager = field(metadata={"help": "This page among the listing's pages."})


@dataclass(frozen=True)
class EntityContext:
    """people/<slug>.md and entities/<slug>.md."""

    name: str = field(metadata={"help": "Fullest name form."})
    type: str = field(metadata={"help": "Kind of entity in words (person, organisation ...)."})
    roles: tuple[NamedUse, ...] = field(metadata={"help": "Descriptions and the outlets using them."})
    aliases: tuple[NamedUse, ...] = field(metadata={"help": "Name forms and the outlets using them."})
    per_outlet: tuple[OutletCount, ...] = field(metadata={"help": "Mentions per outlet, zeros included."})
    quote_groups: LongList[QuoteGroupView] = field(metadata={"help": "Their statements, grouped."})
    mentions: LongList[MentionRow] = field(metadata={"help": "Sentence of each mention."})
    why_merged: LongList[str] = field(metadata={"help": "Merge decisions, one line each."})


@dataclass(frozen=True)
class QuoteIndexContext:
    """quotes/index.md."""

    groups: tuple[QuoteGroupView, ...] = field(metadata={"help": "This page's statement groups."})
    pager: Pager = field(metadata={"help": "This page among the listing's pages."})


@dataclass(frozen=True)
class QuoteGroupContext:
    """quotes/<slug>.md."""

    group: QuoteGroupView = field(metadata={"help": "The group and all its versions."})
    claims: tuple[Link, ...] = field(metadata={"help": "Claims resting on this statement."})


@dataclass(frozen=True)
class OverlapIndexContext:
    """overlaps/index.md."""

    pairs: tuple[PairRow, ...] = field(metadata={"help": "This page's pairs, by score."})
    heatmap: Matrix | None = field(metadata={"help": "Outlets × outlets heatmap (first page)."})
    pager: Pager = field(metadata={"help": "This page among the listing's pages."})


@dataclass(frozen=True)
class OverlapContext:
    """overlaps/<a>--<b>.md."""

    pair: PairRow = field(metadata={"help": "The two articles, kind and score."})
    passages: tuple[PassageView, ...] = field(metadata={"help": "Shared passages side by side."})
    shared_quotes: tuple[Link, ...] = field(metadata={"help": "Quote groups both print."})


@dataclass(frozen=True)
class ClaimIndexContext:
    """claims/index.md."""

    rows: tuple[ClaimRow, ...] = field(metadata={"help": "This page's claims, by outlets carrying them."})
    matrix: Matrix | None = field(metadata={"help": "Outlets × claims picture (first page)."})
    pager: Pager = field(metadata={"help": "This page among the listing's pages."})


@dataclass(frozen=True)
class ClaimContext:
    """claims/<slug>.md."""

    row: ClaimRow = field(metadata={"help": "The claim and its flags."})
    supports: LongList[SupportView] = field(metadata={"help": "Each outlet's wording."})
    quote_group: Link | None = field(metadata={"help": "The quote behind it."})
    conflicts: tuple[ConflictRow, ...] = field(metadata={"help": "Claims it contradicts."})
    omitted_by: tuple[Link, ...] = field(metadata={"help": "Outlets that leave it out."})


@dataclass(frozen=True)
class ListPageContext:
    """<record>/<list>-<n>.md: page 2, 3 ... of a long list on a record's page."""

    record: Link = field(metadata={"help": "The record (person, outlet, claim) whose list this is, linking back."})
    heading: str = field(metadata={"help": "The list's heading on the record's page (template literal)."})
    list: str = field(metadata={"help": "Which list: names the partial ``partials/list_<list>.md.j2`` printing it."})
    rows: tuple = field(metadata={"help": "This page's rows."})
    pager: Pager = field(metadata={"help": "This page among the list's pages."})


@dataclass(frozen=True)
class ReportContext:
    """report.md: every file and what happened to it."""

    files: LongList[FileRow] = field(metadata={"help": "Every file seen, problems first."})
    counts: tuple[tuple[str, int], ...] = field(metadata={"help": "Files per status."})
    warnings: tuple[str, ...] = field(metadata={"help": "Other build warnings."})


CONTEXT_TYPES = (
    HomeContext, ArticleIndexContext, ArticleContext, OutletIndexContext, OutletContext,
    EntityIndexContext, EntityContext, QuoteIndexContext, QuoteGroupContext, OverlapIndexContext,
    OverlapContext, ClaimIndexContext, ClaimContext, ListPageContext, ReportContext,
)
"""Every page context; each one is rendered by the template named after it."""


def template_name(context: Any) -> str:
    """``ArticleIndexContext`` → ``article_index.md.j2``."""
    stem = type(context).__name__.removesuffix("Context")
    return re.sub(r"(?<!^)(?=[A-Z])", "_", stem).lower() + ".md.j2"


# --------------------------------------------------------------------------- lookups


@dataclass(frozen=True)
class _Lookup:
    """Indexes over the analysis that every page builder needs."""

    analysis: Analysis
    pages: PageMap
    articles: dict[str, Article]
    outlet_of: dict[str, str]
    outlet_names: dict[str, str]
    quotes: dict[str, Quote]
    groups: dict[str, QuoteGroup]
    claims: dict[str, Claim]
    entities: dict[str, Entity]
    original: dict[str, Originality]
    sentences: dict[str, tuple[Sentence, ...]]
    quotes_in: dict[str, list[Quote]]
    """Article id → its quotes."""
    mentions_in: dict[str, list[tuple[Entity, EntityMention]]]
    """Article id → mentions of entities that have a page."""
    shown: list[Overlap]
    """The pairs that have a page, strongest first."""
    overlaps_of: dict[str, list[Overlap]]
    """Article id → shown overlaps it is part of, strongest first."""
    pair_count: Counter[str]
    """Article id → pairs sharing text it is part of, shown or not."""
    groups_by: dict[str, list[QuoteGroup]]
    """Speaker entity id → their quote groups."""
    claim_order: dict[str, int]
    """Claim id → its number (1-based) in the claims matrix."""
    claim_outlets: dict[str, frozenset[str]]
    omitting: dict[str, tuple[str, ...]]
    """Claim id → outlet ids that leave it out."""
    claims_on: dict[str, list[str]]
    """Quote group id → ids of the claims resting on it."""
    carried_by: dict[str, list[Claim]]
    """Outlet id → the claims it carries, in analysis order."""
    left_out_by: dict[str, list[Claim]]
    """Outlet id → the widely reported claims it leaves out, in analysis order."""

    def article(self, article_id: str, page: str) -> Link:
        article = self.articles.get(article_id)
        title = (article.headline.value or article.id) if article else article_id
        return _link(title, self.pages.articles.get(article_id), page)

    def outlet(self, outlet_id: str, page: str) -> Link:
        return _link(self.outlet_names.get(outlet_id, outlet_id), self.pages.outlets.get(outlet_id), page)

    def article_outlet(self, article_id: str, page: str) -> Link:
        return self.outlet(self.outlet_of.get(article_id, ""), page)

    def entity(self, entity_id: str | None, fallback: str, page: str) -> Link:
        entity = self.entities.get(entity_id or "")
        return _link(entity.name if entity else fallback or "unknown speaker",
                     self.pages.entities.get(entity_id or ""), page)

    def claim(self, claim_id: str, page: str) -> Link:
        claim = self.claims.get(claim_id)
        return _link(claim.text if claim else claim_id, self.pages.claims.get(claim_id), page)


def _outlet_of_article(analysis: Analysis) -> dict[str, str]:
    return {a: o.id for o in analysis.outlets for a in o.articles}


def _lookup(analysis: Analysis, pages: PageMap) -> _Lookup:
    """Index the analysis once, so that every page is built in time linear in what it shows."""
    outlet_of = _outlet_of_article(analysis)
    quotes_in: dict[str, list[Quote]] = defaultdict(list)
    mentions_in: dict[str, list[tuple[Entity, EntityMention]]] = defaultdict(list)
    overlaps_of: dict[str, list[Overlap]] = defaultdict(list)
    groups_by: dict[str, list[QuoteGroup]] = defaultdict(list)
    for quote in analysis.quotes:
        quotes_in[quote.article].append(quote)
    for entity in (e for e in analysis.entities if e.id in pages.entities):
        for mention in entity.mentions:
            mentions_in[mention.article].append((entity, mention))
    ranked = _ranked_pairs(analysis)
    shown = [o for o in ranked if f"{o.a}|{o.b}" in pages.overlaps]
    for overlap in shown:
        overlaps_of[overlap.a].append(overlap)
        overlaps_of[overlap.b].append(overlap)
    pair_count = Counter(article for o in ranked for article in {o.a, o.b})
    for group in analysis.quote_groups:
        groups_by[group.speaker_id or ""].append(group)
    claims_on: dict[str, list[str]] = defaultdict(list)
    for claim in analysis.claims:
        if claim.quote_group:
            claims_on[claim.quote_group].append(claim.id)
    claim_outlets = {c.id: frozenset(outlet_of.get(a, "") for a in c.articles) for c in analysis.claims}
    id_of = {o.name: o.id for o in analysis.outlets} | {o.id: o.id for o in analysis.outlets}
    omitting = {c.id: _omitting_outlets(c, id_of) for c in analysis.claims}
    carried_by: dict[str, list[Claim]] = defaultdict(list)
    left_out_by: dict[str, list[Claim]] = defaultdict(list)
    for claim in analysis.claims:
        for outlet in claim_outlets[claim.id]:
            carried_by[outlet].append(claim)
        for outlet in omitting[claim.id]:
            left_out_by[outlet].append(claim)
    ordered = sorted(analysis.claims, key=lambda c: (-len(claim_outlets[c.id]), c.id))
    return _Lookup(
        analysis=analysis, pages=pages, articles={a.id: a for a in analysis.bundle.articles},
        outlet_of=outlet_of, outlet_names={o.id: o.name for o in analysis.outlets},
        quotes={q.id: q for q in analysis.quotes}, groups={g.id: g for g in analysis.quote_groups},
        claims={c.id: c for c in analysis.claims}, entities={e.id: e for e in analysis.entities},
        original={o.article: o for o in analysis.originality},
        sentences={a.article: a.sentences for a in analysis.per_article},
        quotes_in=quotes_in, mentions_in=mentions_in, shown=shown, overlaps_of=overlaps_of,
        pair_count=pair_count, groups_by=groups_by,
        claim_order={c.id: n for n, c in enumerate(ordered, start=1)}, claim_outlets=claim_outlets,
        omitting=omitting, claims_on=claims_on, carried_by=carried_by, left_out_by=left_out_by)


def _link(text: str, target: str | None, page: str) -> Link:
    return Link(text, link_path(page, target) if target else None)


# --------------------------------------------------------------------------- shared views


def _article_row(look: _Lookup, article: Article, page: str) -> ArticleRow:
    originality = look.original.get(article.id)
    return ArticleRow(look.article(article.id, page), look.article_outlet(article.id, page),
                      article.published.value or "", article.words,
                      originality.original_share if originality else None)


def _pair_row(look: _Lookup, overlap: Overlap, page: str, first: str | None = None) -> PairRow:
    """The pair as a table row; ``first`` puts that article on side a (an article's own page)."""
    target = look.pages.overlaps.get(f"{overlap.a}|{overlap.b}")
    a, b = (overlap.b, overlap.a) if first == overlap.b else (overlap.a, overlap.b)
    return PairRow(look.article(a, page), look.article(b, page), overlap.kind,
                   overlap.score, link_path(page, target) if target else None)


def _omitting_outlets(claim: Claim, id_of: dict[str, str]) -> tuple[str, ...]:
    """Outlet ids of ``claim.omitted_by``, which may hold outlet ids or names (``id_of``: either → id)."""
    return tuple(sorted({id_of.get(o, o) for o in claim.omitted_by}))


def _ordered_claims(look: _Lookup) -> list[Claim]:
    """Claims by how many outlets carry them; the order numbers the claims matrix columns."""
    return sorted(look.analysis.claims, key=lambda c: look.claim_order[c.id])


def _conflicts(claim: Claim) -> dict[str, str]:
    """Each claim ``claim`` contradicts → what the conflict is about (the claim's whole conflict
    text where the record gives no reason per claim)."""
    reasons = dict(zip(claim.contradicts, claim.conflicts))
    return {other: reasons.get(other, claim.conflict) for other in claim.contradicts}


def _claim_row(look: _Lookup, claim: Claim, page: str) -> ClaimRow:
    return ClaimRow(look.claim_order[claim.id], look.claim(claim.id, page), len(look.claim_outlets[claim.id]),
                    claim.single_source, bool(claim.contradicts), len(look.omitting[claim.id]))


def _quote_how(quote: Quote, group: QuoteGroup, changed: bool) -> QuoteHow:
    if quote.id == group.reference:
        return "reference"
    if not quote.direct:
        return "indirect"
    return "changed" if changed else "verbatim"


def _group_view(look: _Lookup, group: QuoteGroup, page: str) -> QuoteGroupView:
    versions = []
    for version in sorted(group.versions, key=lambda v: (v.quote != group.reference, v.quote)):
        quote = look.quotes[version.quote]
        versions.append(VersionView(
            look.article(quote.article, page), look.article_outlet(quote.article, page),
            _quote_how(quote, group, version.changed_words), quote.text, quote.cue, version.diff))
    reference = look.quotes[group.reference].text if group.reference in look.quotes else group.id
    return QuoteGroupView(_link(reference, look.pages.quote_groups.get(group.id), page),
                          look.entity(group.speaker_id, group.speaker_name, page),
                          tuple(v for v in versions if v.how != "verbatim"),
                          tuple(v for v in versions if v.how == "verbatim"), group.altered)


def word_diff(a: str, b: str) -> tuple[tuple[DiffToken, ...], tuple[DiffToken, ...]]:
    """Both sides of a word diff: ``a`` with deletions marked, ``b`` with insertions marked."""
    a_words, b_words = a.split(), b.split()
    if a_words == b_words:  # most shared passages are verbatim: no need for difflib's search
        same = (DiffToken("equal", " ".join(a_words)),) if a_words else ()
        return same, same
    left: list[DiffToken] = []
    right: list[DiffToken] = []
    matcher = difflib.SequenceMatcher(a=a_words, b=b_words, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if i2 > i1:
            left.append(DiffToken("equal" if tag == "equal" else "delete", " ".join(a_words[i1:i2])))
        if j2 > j1:
            right.append(DiffToken("equal" if tag == "equal" else "insert", " ".join(b_words[j1:j2])))
    return tuple(left), tuple(right)


def _passage_view(passage: Passage) -> PassageView:
    left, right = word_diff(passage.a_text, passage.b_text)
    return PassageView(left, right, passage.kind)


def _short(text: str) -> str:
    return text if len(text) <= _MAX_LABEL else text[: _MAX_LABEL - 1].rstrip() + "…"


# --------------------------------------------------------------------------- pictures


def overlap_heatmap(look: _Lookup) -> Matrix:
    """Outlets × outlets: the strongest text reuse between any two of their articles."""
    outlets = _drawn_outlets(look)
    drawn = set(outlets)
    best: dict[tuple[str, str], Overlap] = {}
    for overlap in look.shown:
        pair = tuple(sorted((look.outlet_of.get(overlap.a, ""), look.outlet_of.get(overlap.b, ""))))
        if pair[0] in drawn and pair[1] in drawn:
            best.setdefault(pair, overlap)  # ordered by score, so the first is the strongest
    cells = []
    for (row, column), overlap in sorted(best.items()):
        for r, c in {(row, column), (column, row)}:
            cells.append(_cell(outlets.index(c), outlets.index(r), overlap.score, "nb-cell",
                               f"{look.outlet_names[r]} × {look.outlet_names[c]}: "
                               f"{overlap.kind}, {overlap.score:.0%}"))
    return _matrix(look, outlets, [look.outlet_names[o] for o in outlets], cells,
                   f"Text reuse between {_shown_of(len(outlets), len(look.analysis.outlets))} outlets"
                   f"{_outlets_chosen(look)}; darker is more shared text.")


def _drawn_outlets(look: _Lookup) -> list[str]:
    """The outlets a picture has room for: the most articles first, then in the analysis' order."""
    outlets = look.analysis.outlets
    biggest = sorted(outlets, key=lambda o: (-len(o.articles), o.name, o.id))[:MAX_MATRIX_OUTLETS]
    chosen = {o.id for o in biggest}
    return [o.id for o in outlets if o.id in chosen]


def _shown_of(shown: int, total: int) -> str:
    return str(total) if shown == total else f"{shown} of {total}"


def _outlets_chosen(look: _Lookup) -> str:
    return " (those with the most articles)" if len(look.analysis.outlets) > MAX_MATRIX_OUTLETS else ""


def claims_matrix(look: _Lookup) -> Matrix:
    """Outlets × claims: which outlet carries (or omits) which claim."""
    outlets = _drawn_outlets(look)
    ordered = _ordered_claims(look)[:MAX_MATRIX_CLAIMS]
    cells = []
    for column, claim in enumerate(ordered):
        carried = look.claim_outlets[claim.id]
        for row, outlet in enumerate(outlets):
            name = look.outlet_names[outlet]
            if outlet in carried:
                css = "nb-cell nb-conflict" if claim.contradicts else "nb-cell"
                cells.append(_cell(column, row, 1.0, css, f"C{column + 1}: carried by {name}"))
            elif outlet in look.omitting[claim.id]:
                cells.append(_cell(column, row, 1.0, "nb-omitted", f"C{column + 1}: omitted by {name}"))
    labels = [f"C{n}" for n in range(1, len(ordered) + 1)]
    claims = _shown_of(len(ordered), len(look.analysis.claims))
    caption = (f"{_shown_of(len(outlets), len(look.analysis.outlets))} outlets{_outlets_chosen(look)} × "
               f"{claims} claims{' (those most outlets carry)' if len(ordered) < len(look.analysis.claims) else ''}; "
               "filled: carried, hollow: omitted.")
    return _matrix(look, outlets, labels, cells, caption, column_titles=[c.text for c in ordered])


_CELL, _LEFT, _TOP = 16.0, 190.0, 70.0


def _cell(column: int, row: int, strength: float, css: str, title: str) -> SvgCell:
    # square root: shared text is usually a small share, and 10 % must still be visible
    shade = 0.15 + 0.85 * math.sqrt(max(0.0, min(strength, 1.0)))
    return SvgCell(_LEFT + column * _CELL, _TOP + row * _CELL, round(shade, 2), css, title)


def _matrix(look: _Lookup, row_ids: list[str], columns: list[str], cells: list[SvgCell],
            caption: str, column_titles: list[str] | None = None) -> Matrix:
    rows = tuple(SvgLabel(_LEFT - 6, _TOP + i * _CELL + _CELL * 0.75, _short(look.outlet_names[o]),
                          look.outlet_names[o]) for i, o in enumerate(row_ids))
    titles = column_titles or columns
    cols = tuple(SvgLabel(_LEFT + i * _CELL + _CELL * 0.7, _TOP - 6, _short(text), titles[i], "start")
                 for i, text in enumerate(columns))
    return Matrix(_LEFT + len(columns) * _CELL + 10, _TOP + len(row_ids) * _CELL + 10, _CELL,
                  rows, cols, tuple(sorted(cells, key=lambda c: (c.y, c.x))), caption)


def comention_graph(look: _Lookup) -> Graph | None:
    """People (the most mentioned) on a circle, joined when the same articles mention them."""
    people = sorted((e for e in look.analysis.entities if e.id in look.pages.entities and e.type == PERSON),
                    key=lambda e: (-len(e.mentions), e.name, e.id))[:_MAX_GRAPH_PEOPLE]
    if len(people) < 2:
        return None
    radius = min(60.0 + 8 * len(people), 220.0)
    width, height = 2 * (radius + 190), 2 * (radius + 40)  # room for labels left and right
    centre = (width / 2, height / 2)
    places = {e.id: (centre[0] + radius * math.cos(2 * math.pi * i / len(people) - math.pi / 2),
                     centre[1] + radius * math.sin(2 * math.pi * i / len(people) - math.pi / 2))
              for i, e in enumerate(people)}
    edges = []
    for i, a in enumerate(people):
        for b in people[i + 1:]:
            shared = len(set(a.articles) & set(b.articles))
            if shared:
                (x1, y1), (x2, y2) = places[a.id], places[b.id]
                edges.append(GraphEdge(round(x1, 1), round(y1, 1), round(x2, 1), round(y2, 1),
                                       min(1.0 + shared, 6.0), f"{a.name} and {b.name}: {shared} articles"))
    nodes = tuple(_graph_node(e, places[e.id], centre) for e in people)
    return Graph(width, height, nodes, tuple(edges),
                 f"{len(people)} most mentioned people; a line joins two people named in the same article.")


def _graph_node(entity: Entity, place: tuple[float, float], centre: tuple[float, float]) -> GraphNode:
    x, y = place
    anchor = "start" if x > centre[0] + 1 else "end" if x < centre[0] - 1 else "middle"
    dx = {"start": 10, "end": -10, "middle": 0}[anchor]
    dy = 4 if anchor != "middle" else (-12 if y < centre[1] else 20)
    label = SvgLabel(round(x + dx, 1), round(y + dy, 1), _short(entity.name), entity.name, anchor)
    return GraphNode(round(x, 1), round(y, 1), round(3 + 2 * math.sqrt(len(entity.mentions)), 1), label)


# --------------------------------------------------------------------------- pages


def article_paragraphs(look: _Lookup, article: Article, page: str) -> tuple[tuple[Segment, ...], ...]:
    """The clean text cut into paragraphs of segments: quotes (linked to their group), names, plain."""
    spans = [(q.start, q.end, "quote", look.pages.quote_groups.get(q.group or ""))
             for q in look.quotes_in.get(article.id, ()) if q.end > q.start]
    spans += [(m.start, m.end, "name", look.pages.entities[e.id]) for e, m in look.mentions_in.get(article.id, ())]
    chosen: list[tuple[int, int, SegmentKind, str | None]] = []
    for span in sorted(spans, key=lambda s: (s[0], s[2] != "quote", -s[1])):
        if not chosen or span[0] >= chosen[-1][1]:
            chosen.append(span)
    paragraphs, offset = [], 0
    for text in article.text.split("\n\n"):
        start, end = offset, offset + len(text)
        offset = end + 2
        inside = [s for s in chosen if start <= s[0] and s[1] <= end]
        if text.strip():
            paragraphs.append(_segments(article.text, start, end, inside, page))
    return tuple(paragraphs)


def _segments(text: str, start: int, end: int, spans: list, page: str) -> tuple[Segment, ...]:
    segments, cursor = [], start
    for s_start, s_end, kind, target in spans:
        if s_start > cursor:
            segments.append(Segment(text[cursor:s_start], "plain"))
        segments.append(Segment(text[s_start:s_end], kind, link_path(page, target) if target else None))
        cursor = s_end
    if end > cursor:
        segments.append(Segment(text[cursor:end], "plain"))
    return tuple(segments)


def _article_page(look: _Lookup, article: Article) -> ArticleContext:
    page = look.pages.articles[article.id]
    originality = look.original.get(article.id)
    meta = tuple(MetaRow(label, guess.value or "not stated", guess.source) for label, guess in (
        ("Outlet", article.outlet), ("Headline", article.headline), ("Author", article.author),
        ("Published", article.published), ("URL", article.url))) + (MetaRow("File", article.file, "bundle"),)
    related = look.overlaps_of.get(article.id, ())
    people = sorted({e.id for e, _ in look.mentions_in.get(article.id, ())},
                    key=lambda i: (look.entities[i].name, i))
    return ArticleContext(
        title=article.headline.value or article.id, meta=meta,
        outlet=look.article_outlet(article.id, page),
        original_share=originality.original_share if originality else None,
        likely_source=look.article(originality.likely_source, page)
        if originality and originality.likely_source else None,
        originality_note=originality.note if originality else "",
        paragraphs=article_paragraphs(look, article, page),
        boilerplate=tuple(zip(article.boilerplate_removed,
                              article.boilerplate_rules or ("",) * len(article.boilerplate_removed))),
        related=tuple(_pair_row(look, o, page, first=article.id) for o in related),
        weaker_pairs=look.pair_count[article.id] - len(related),
        people=tuple(look.entity(i, "", page) for i in people))


def _articles_sorted(look: _Lookup, outlet_id: str | None = None) -> list[Article]:
    """Articles (of one outlet, or all) by outlet name, date, id."""
    ids = next((o.articles for o in look.analysis.outlets if o.id == outlet_id), ()) if outlet_id else None
    chosen = [look.articles[i] for i in ids if i in look.articles] if ids is not None else look.analysis.bundle.articles
    return sorted(chosen, key=lambda a: (look.outlet_names.get(look.outlet_of.get(a.id, ""), ""),
                                         a.published.value or "", a.id))


def _entity_row(look: _Lookup, entity: Entity, page: str, quotes: Counter) -> EntityRow:
    outlets = {look.outlet_of.get(a) for a in entity.articles}
    return EntityRow(look.entity(entity.id, entity.name, page), TYPE_WORDS.get(entity.type, entity.type.lower()),
                     entity.role,
                     len(entity.mentions), quotes[entity.id], len(outlets))


def _entity_rows(look: _Lookup, page: str, people: bool) -> tuple[EntityRow, ...]:
    quotes = Counter(q.speaker_id for q in look.analysis.quotes if q.speaker_id)
    chosen = [e for e in look.analysis.entities
              if e.id in look.pages.entities and (e.type == PERSON) == people]
    rows = [_entity_row(look, e, page, quotes) for e in chosen]
    return tuple(sorted(rows, key=lambda r: (-r.mentions, -r.quotes, r.entity.text, r.entity.href or "")))


def _uses(look: _Lookup, items: tuple, page: str) -> tuple[NamedUse, ...]:
    return tuple(NamedUse(item.text, tuple(look.outlet(o, page) for o in
                                           sorted({look.outlet_of.get(a, "") for a in item.articles})))
                 for item in items)


def _entity_pages(look: _Lookup, entity: Entity) -> dict[str, Any]:
    """The entity's page, and the further pages of its statements and mentions when they are many."""
    page = look.pages.entities[entity.id]
    counts = Counter(look.outlet_of.get(m.article, "") for m in entity.mentions)
    groups = sorted(look.groups_by.get(entity.id, ()), key=lambda g: (-len(g.quotes), g.id))
    quotes, quote_pages = _long_list(groups, lambda g, at: _group_view(look, g, at), entity.name, page, "quotes",
                                     "Quotes", QUOTE_GROUPS_PER_PAGE)
    mentions, mention_pages = _long_list(
        sorted(entity.mentions, key=lambda m: (m.article, m.start)),
        lambda m, at: MentionRow(look.article(m.article, at), _sentence_at(look, m.article, m.start)),
        entity.name, page, "mentions", "Mentions")
    merges, merge_pages = _long_list(entity.why_merged, lambda line, _at: line, entity.name, page, "merges",
                                     "Why these names were merged")
    return {page: EntityContext(
        name=entity.name, type=TYPE_WORDS.get(entity.type, entity.type.lower()),
        roles=_uses(look, entity.roles, page), aliases=_uses(look, entity.aliases, page),
        per_outlet=tuple(OutletCount(look.outlet(o.id, page), counts[o.id]) for o in look.analysis.outlets),
        quote_groups=quotes, mentions=mentions, why_merged=merges)} | quote_pages | mention_pages | merge_pages


def _sentence_at(look: _Lookup, article_id: str, offset: int) -> str:
    text = look.articles[article_id].text if article_id in look.articles else ""
    for sentence in look.sentences.get(article_id, ()):
        if sentence.start <= offset < sentence.end:
            return text[sentence.start:sentence.end]
    return text[max(0, offset - 80):offset + 80]


def _outlet_pages(look: _Lookup, outlet_id: str) -> dict[str, Any]:
    """The outlet's page, and the further pages of its lists of articles and claims when they are long."""
    page = look.pages.outlets[outlet_id]
    record = look.outlet_names[outlet_id]
    carried = look.carried_by.get(outlet_id, [])
    articles, article_pages = _long_list(_articles_sorted(look, outlet_id), lambda a, at: _article_row(look, a, at),
                                         record, page, "articles", "Articles")
    exclusive, exclusive_pages = _long_list(
        [c for c in carried if c.single_source], lambda c, at: _claim_row(look, c, at),
        record, page, "exclusive", "Claims only this outlet carries")
    conflicts, conflict_pages = _long_list(
        [(c.id, other, reason) for c in carried for other, reason in _conflicts(c).items()],
        lambda row, at: ConflictRow(look.claim(row[0], at), look.claim(row[1], at), row[2]),
        record, page, "conflicts", "Claims in conflict with other reports")
    omits, omit_pages = _long_list(
        look.left_out_by.get(outlet_id, []), lambda c, at: _claim_row(look, c, at),
        record, page, "omits", "Widely reported claims this outlet leaves out")
    return {page: OutletContext(record, articles, exclusive, conflicts, omits)} \
        | article_pages | exclusive_pages | conflict_pages | omit_pages


def _home(look: _Lookup) -> HomeContext:
    page, analysis = "index.md", look.analysis
    people = [e for e in analysis.entities if e.type == PERSON and e.id in look.pages.entities]
    stats = (("Outlets", len(analysis.outlets), "outlets/index.md"),
             ("Articles", len(analysis.bundle.articles), "articles/index.md"),
             ("People", len(people), "people/index.md"),
             ("Quotes", len(analysis.quotes), "quotes/index.md"),
             ("Statements quoted", len(analysis.quote_groups), "quotes/index.md"),
             ("Claims", len(analysis.claims), "claims/index.md"))
    quoted = sorted((r for r in _entity_rows(look, page, people=True) if r.quotes),
                    key=lambda r: (-r.quotes, -r.mentions, r.entity.text))
    problems = tuple(f"{f.path}: {f.status}, {f.reason}" for f in analysis.bundle.files if f.status != "ok")
    extra = tuple(w for w in analysis.warnings if not any(w.startswith(f"{f.path}:") for f in analysis.bundle.files))
    return HomeContext(
        title=analysis.bundle.title,
        stats=tuple(Stat(label, value, link_path(page, target)) for label, value, target in stats),
        top_people=tuple(quoted[:10]), heatmap=overlap_heatmap(look),
        pairs=tuple(_pair_row(look, o, page) for o in look.shown[:5]),
        problems=problems + extra, report=link_path(page, "report.md"), export=link_path(page, EXPORT_FILE))


def _group_page(look: _Lookup, group: QuoteGroup) -> QuoteGroupContext:
    page = look.pages.quote_groups[group.id]
    claims = sorted(look.claims_on.get(group.id, ()))
    return QuoteGroupContext(_group_view(look, group, page), tuple(look.claim(c, page) for c in claims))


def _overlap_page(look: _Lookup, overlap: Overlap) -> OverlapContext:
    page = look.pages.overlaps[f"{overlap.a}|{overlap.b}"]
    shared = tuple(_link(look.quotes[look.groups[g].reference].text if g in look.groups
                         and look.groups[g].reference in look.quotes else g,
                         look.pages.quote_groups.get(g), page) for g in sorted(overlap.shared_quote_groups))
    return OverlapContext(_pair_row(look, overlap, page),
                          tuple(_passage_view(p) for p in overlap.passages), shared)


def _claim_pages(look: _Lookup, claim: Claim) -> dict[str, Any]:
    """The claim's page, and the further pages of its wordings when many articles carry it."""
    page = look.pages.claims[claim.id]
    supports = sorted(claim.supports, key=lambda s: (look.outlet_names.get(look.outlet_of.get(s.article, ""), ""),
                                                     s.article, s.start))
    wordings, wording_pages = _long_list(
        supports, lambda s, at: SupportView(look.article_outlet(s.article, at), look.article(s.article, at), s.text),
        claim.text, page, "wordings", "How each outlet words it")
    group = claim.quote_group
    return {page: ClaimContext(
        row=_claim_row(look, claim, page),
        supports=wordings,
        quote_group=_link("the quoted statement", look.pages.quote_groups.get(group), page)
        if group and group in look.pages.quote_groups else None,
        conflicts=tuple(ConflictRow(look.claim(claim.id, page), look.claim(o, page), reason)
                        for o, reason in _conflicts(claim).items()),
        omitted_by=tuple(look.outlet(o, page) for o in look.omitting[claim.id]))} | wording_pages


_STATUS_ORDER = {"rejected": 0, "warning": 1, "duplicate": 2, "ok": 3}


def _reports(look: _Lookup) -> dict[str, Any]:
    """The build report, and its further pages when the bundle has many files."""
    page = "report.md"
    files = sorted(look.analysis.bundle.files, key=lambda f: (_STATUS_ORDER.get(f.status, 9), f.path))
    counts = Counter(f.status for f in files)
    known = {f.path for f in files}
    rows, more = _long_list(files, lambda f, at: _file_row(look, f, at), "Build report", page, "files", "Files")
    return {page: ReportContext(
        files=rows,
        counts=tuple(sorted(counts.items(), key=lambda kv: _STATUS_ORDER.get(kv[0], 9))),
        warnings=tuple(w for w in look.analysis.warnings if w.split(":", 1)[0] not in known))} | more


def _file_row(look: _Lookup, report: FileReport, page: str) -> FileRow:
    article = look.article(report.article_id, page) if report.article_id in look.articles else None
    return FileRow(report.path, report.status, report.reason, article)


def site_contexts(analysis: Analysis, pages: PageMap) -> dict[str, Any]:
    """Every page of the site: docs-relative path → its template context."""
    look = _lookup(analysis, pages)
    contexts: dict[str, Any] = {"index.md": _home(look)} | _reports(look) | _listings(look)
    contexts |= {pages.articles[a.id]: _article_page(look, a) for a in analysis.bundle.articles}
    for outlet in analysis.outlets:
        contexts |= _outlet_pages(look, outlet.id)
    for entity in (e for e in analysis.entities if e.id in pages.entities):
        contexts |= _entity_pages(look, entity)
    contexts |= {pages.quote_groups[g.id]: _group_page(look, g) for g in analysis.quote_groups}
    contexts |= {pages.overlaps[f"{o.a}|{o.b}"]: _overlap_page(look, o) for o in look.shown}
    for claim in analysis.claims:
        contexts |= _claim_pages(look, claim)
    return contexts


def _listings(look: _Lookup) -> dict[str, Any]:
    """The section index pages, each cut into pages of :data:`PAGE_ROWS` rows."""
    analysis = look.analysis
    # every page of a listing sits in the index's folder, so rows linked from the index fit them all
    people, others = "people/index.md", "entities/index.md"
    groups = sorted(analysis.quote_groups, key=lambda g: (-len(g.quotes), g.id))
    return (
        _paginated("articles/index.md", [_article_row(look, a, "articles/index.md") for a in _articles_sorted(look)],
                   ArticleIndexContext)
        | _paginated("outlets/index.md", [_outlet_summary(look, o.id) for o in analysis.outlets], OutletIndexContext)
        | _paginated(people, list(_entity_rows(look, people, people=True)),
                     lambda rows, pager: EntityIndexContext("People", rows, _first(pager, comention_graph, look),
                                                            link_path(people, others), pager))
        | _paginated(others, list(_entity_rows(look, others, people=False)),
                     lambda rows, pager: EntityIndexContext("Organisations and places", rows, None,
                                                            link_path(others, people), pager))
        | _paginated("quotes/index.md", [_group_view(look, g, "quotes/index.md") for g in groups], QuoteIndexContext)
        | _paginated("overlaps/index.md", [_pair_row(look, o, "overlaps/index.md") for o in look.shown],
                     lambda rows, pager: OverlapIndexContext(rows, _first(pager, overlap_heatmap, look), pager))
        | _paginated("claims/index.md", [_claim_row(look, c, "claims/index.md") for c in _ordered_claims(look)],
                     lambda rows, pager: ClaimIndexContext(rows, _first(pager, claims_matrix, look), pager)))


def _first(pager: Pager, picture: Callable[[_Lookup], Any], look: _Lookup) -> Any:
    """A listing's picture is drawn on its first page only."""
    return picture(look) if pager.number == 1 else None


def paginate(rows: Sequence[RowT], index: str, size: int = PAGE_ROWS,
             list_name: str | None = None) -> list[tuple[str, tuple[RowT, ...], Pager]]:
    """Cut a listing into pages of at most ``size`` rows: (path, rows, pager) per page, the first at ``index``.

    An empty listing still has its one (empty) page, so section links never break. ``list_name``:
    the listing is a list on a record's page (see :func:`listing_path`).
    """
    if size < 1:
        raise ValueError(f"rows per page must be at least 1: {size!r}")
    count = _page_count(len(rows), size)
    pages = []
    for number in range(1, count + 1):
        path = listing_path(index, number, list_name)
        chunk = tuple(rows[(number - 1) * size:number * size])
        first = (number - 1) * size + 1 if chunk else 0
        pages.append((path, chunk, Pager(
            number, count, first, first + len(chunk) - 1 if chunk else 0, len(rows),
            link_path(path, listing_path(index, number - 1, list_name)) if number > 1 else None,
            link_path(path, listing_path(index, number + 1, list_name)) if number < count else None,
            _page_list(index, number, count, list_name))))
    return pages


def _page_list(index: str, number: int, count: int, list_name: str | None) -> tuple[Link, ...]:
    """First, last and nearby pages, "…" for the gaps; the current page unlinked."""
    shown = sorted({1, count} | set(range(max(1, number - _PAGE_WINDOW), min(count, number + _PAGE_WINDOW) + 1)))
    here = listing_path(index, number, list_name)
    links: list[Link] = []
    for previous, n in zip([0, *shown], shown):
        if n - previous > 1:
            links.append(Link("…"))
        links.append(Link(str(n)) if n == number else _link(str(n), listing_path(index, n, list_name), here))
    return tuple(links)


ItemT = TypeVar("ItemT")


def _long_list(items: Sequence[ItemT], row: Callable[[ItemT, str], RowT], record: str, page: str, name: str,
               heading: str, size: int = PAGE_ROWS) -> tuple[LongList[RowT], dict[str, ListPageContext]]:
    """A list on the ``page`` of a ``record`` (its name) cut into pages: its first page, and the others'.

    ``row`` makes one item's row for the page it is shown on: later pages sit one folder deeper, so
    their links differ from the record page's.
    """
    (_, first, pager), *rest = paginate(items, page, size, name)
    return LongList(name, tuple(row(item, page) for item in first), pager), {
        path: ListPageContext(_link(record, page, path), heading, name,
                              tuple(row(item, path) for item in chunk), later)
        for path, chunk, later in rest}


def _paginated(index: str, rows: list, make: Callable[[tuple, Pager], Any]) -> dict[str, Any]:
    return {path: make(chunk, pager) for path, chunk, pager in paginate(rows, index)}


def _outlet_summary(look: _Lookup, outlet_id: str) -> tuple[Link, int, float | None]:
    mine = _articles_sorted(look, outlet_id)
    shares = [look.original[a.id].original_share for a in mine if a.id in look.original]
    return (look.outlet(outlet_id, "outlets/index.md"), len(mine), sum(shares) / len(shares) if shares else None)


# --------------------------------------------------------------------------- templates


_escaped = functools.lru_cache(maxsize=1 << 17)(escape_markdown)
"""Names, headlines and outlets are printed on many pages: each distinct value is escaped once."""


def _finalize(value: Any) -> str:
    """Jinja's output hook: every printed value is escaped unless it is a checked link target."""
    if type(value) is str:  # plain text, most printed values: skips the checks below
        return _escaped(value)
    if isinstance(value, Href):
        return str(value)
    if isinstance(value, bool) or value is None or is_dataclass(value) or isinstance(value, (tuple, list, dict)):
        raise TypeError(f"template printed a non-text value: {value!r}")
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, str):
        return _escaped(value)
    raise TypeError(f"template printed an unexpected value: {value!r}")


_NOT_YAML_PRINTABLE = re.compile("[^\t\n\r\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _title_text(value: str) -> str:
    """A page title for YAML front matter: only characters YAML accepts (escaped on output)."""
    return _NOT_YAML_PRINTABLE.sub(" ", value)


def _percent(value: float | None) -> str:
    return "–" if value is None else f"{value:.0%}"


def make_environment(templates_dir: Path | None = None) -> jinja2.Environment:
    """The one Jinja environment: no autoescape (Markdown, not HTML), strict, escaping finalize."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(templates_dir or TEMPLATES_DIR), autoescape=False,
        undefined=jinja2.StrictUndefined, finalize=_finalize, keep_trailing_newline=True,
        trim_blocks=True, lstrip_blocks=True,
        auto_reload=False, cache_size=-1)  # no stat() and no LRU bookkeeping per {% include %}
    env.filters["percent"] = _percent
    env.filters["title_text"] = _title_text
    return env


def _template(env: jinja2.Environment, name: str) -> jinja2.Template:
    try:
        return env.get_template(name)
    except jinja2.TemplateNotFound as error:
        raise TemplateNotFoundError(f"template {name!r} not found in {env.loader.searchpath}") from error


def render_site(analysis: Analysis, pages: PageMap, templates_dir: Path | None = None) -> dict[str, str]:
    """Render every page: docs-relative path → Markdown, in sorted path order."""
    env = make_environment(templates_dir)
    return {path: _template(env, template_name(context)).render(page=context)
            for path, context in sorted(site_contexts(analysis, pages).items())}
