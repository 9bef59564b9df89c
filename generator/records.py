"""Typed records passed from stage to stage.

Every stage of the pipeline (ingest → analyse → render) takes and returns
these frozen dataclasses; no stage reads another stage's internals. All
character offsets (``start``/``end``) index into :attr:`Article.text`, the
cleaned body text of one article.

Per-article records (:class:`ArticleAnalysis` and what it holds) are cached
by content hash, so they must stay JSON-serialisable through
:mod:`generator.cache`: fields are str, int, float, bool, None, tuples of
those, or nested records.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

FileStatus = Literal["ok", "warning", "rejected", "duplicate"]
OverlapKind = Literal["verbatim", "syndicated", "rewrite", "shared-quotes-only", "none"]
DiffOp = Literal["equal", "insert", "delete", "omitted"]
"""``omitted``: words of the reference before or after the part a version prints (see quote_diff.word_diff)."""


# --------------------------------------------------------------------------- ingest


@dataclass(frozen=True)
class Guess:
    """A metadata value and where it came from, so a reader can audit it."""

    value: str | None
    """The value, or None when the bundle does not state it (never invented)."""
    source: str
    """Where the value was found: "bundle.yml", "header line 2", "byline", "trailing ©", "not stated"."""


@dataclass(frozen=True)
class Article:
    """One news article read from one file of the bundle."""

    id: str
    """File name without extension, unique in the bundle (a ``-2`` suffix on collision)."""
    file: str
    """Path of the file relative to the bundle folder, with ``/`` separators."""
    text: str
    """Cleaned body text: boilerplate removed, paragraphs separated by one blank line."""
    outlet: Guess
    headline: Guess
    author: Guess
    published: Guess
    """ISO date (``YYYY-MM-DD``) when stated."""
    url: Guess
    boilerplate_removed: tuple[str, ...]
    """Every line taken out of the text as scrape boilerplate, in file order."""
    content_hash: str
    """sha256 of the cleaned text and metadata; the key of the per-article cache."""
    boilerplate_rules: tuple[str, ...] = ()
    """Why each line of :attr:`boilerplate_removed` went ("navigation", "metadata: byline", …)."""

    @property
    def words(self) -> int:
        return len(self.text.split())

    @property
    def outlet_name(self) -> str:
        """What to show for the outlet: the stated name, else "unknown outlet (file)"."""
        return self.outlet.value or f"unknown outlet ({self.file})"


@dataclass(frozen=True)
class FileReport:
    """What happened to one file of the bundle; the build report lists them all."""

    path: str
    status: FileStatus
    reason: str
    """Human-readable reason for a warning or rejection ("" when status is ok)."""
    article_id: str | None = None


@dataclass(frozen=True)
class Bundle:
    """The ingested bundle: usable articles plus a report line for every file seen."""

    title: str
    articles: tuple[Article, ...]
    files: tuple[FileReport, ...]


# --------------------------------------------------------------------------- per-article analysis


@dataclass(frozen=True)
class Sentence:
    """A sentence of an article with its content-word lemmas (lower case, no stop words)."""

    start: int
    end: int
    lemmas: tuple[str, ...]


@dataclass(frozen=True)
class Mention:
    """A named-entity mention as the model found it, before merging across articles."""

    text: str
    label: str
    """spaCy label after type repair: PERSON, ORG, GPE, LOC, NORP, ..."""
    start: int
    end: int
    sentence: int
    """Index into :attr:`ArticleAnalysis.sentences`."""
    repair: str = ""
    """Why the label differs from the model's ("model said PERSON; preceded by 'the'"), "" if unchanged."""


@dataclass(frozen=True)
class Role:
    """A description of a person in the text ("State Department spokesperson")."""

    text: str
    mention_start: int
    """Start offset of the :class:`Mention` it describes."""


@dataclass(frozen=True)
class Quote:
    """One statement attributed in one article, direct or indirect."""

    id: str
    """``<article id>-q<n>``, numbered in text order."""
    article: str
    text: str
    """The statement's words (inside the quotation marks for a direct quote)."""
    start: int
    end: int
    direct: bool
    cue: str
    """The attribution cue as written ("said", "according to", "told reporters")."""
    speaker_name: str
    """The text's own words for the speaker; "" when nothing in the text names one."""
    speaker_start: int | None = None
    """Offsets of the entity mention that identifies the speaker (may be an earlier antecedent)."""
    speaker_end: int | None = None
    speaker_id: str | None = None
    """Entity id, filled in once entities are merged across the bundle; None when unresolved."""
    group: str | None = None
    """QuoteGroup id, filled in once quotes are grouped across the bundle."""
    mixed: bool = False
    """Reported speech that holds quoted words (``direct`` then follows PolNeAR: half the words in marks)."""


@dataclass(frozen=True)
class EventFrame:
    """One event a statement reports: its predicate and the named participants it links."""

    predicate: str
    """Lemma of the verb or event noun ("meet", "visit"); "travel" for any verb of motion to a named place."""
    participants: tuple[int, ...]
    """Start offsets of the name :class:`Mention`s that take part (subject, objects, "with X")."""
    theme: str = ""
    """Lemma of an unnamed direct object ("discussed *weapons*"), "" when none."""


@dataclass(frozen=True)
class Statement:
    """A sentence that may carry a checkable claim, with what claims are clustered on."""

    sentence: int
    """Index into :attr:`ArticleAnalysis.sentences`."""
    text: str
    kind: Literal["fact", "opinion", "quote"]
    numbers: tuple[str, ...]
    """Numbers, amounts and dates as written, normalised ("71,500" -> "71500")."""
    entities: tuple[str, ...]
    """Names of the entities the sentence mentions, as written."""
    negated: bool
    core: str = ""
    """The sentence with its attribution ("..., X said", "according to X") trimmed; "" = whole text."""
    dates: tuple[str, ...] = ()
    """The date part of :attr:`numbers`: "2023-09-10", "09-10", "2015", "june", "monday"."""
    places: tuple[str, ...] = ()
    """Names of the places (GPE, LOC, FAC) the sentence mentions."""
    status: Literal["completed", "pending", ""] = ""
    """Whether an agreement the sentence mentions is reported as reached or as pending/hypothetical."""
    markers: tuple[str, ...] = ()
    """The words that made the sentence an opinion (evaluative words, hedges, speculative modals)."""
    quote: str | None = None
    """Id of the :class:`Quote` covering most of the sentence, if any."""
    focus: tuple[str, ...] = ()
    """Lemmas of the main event: the main verb (and the verbs it chains to), its subject and objects."""
    events: tuple[EventFrame, ...] = ()
    """The events the sentence reports with two or more named participants."""


@dataclass(frozen=True)
class ArticleAnalysis:
    """Everything learnt from one article alone; cached by :attr:`Article.content_hash`."""

    article: str
    sentences: tuple[Sentence, ...]
    mentions: tuple[Mention, ...]
    roles: tuple[Role, ...]
    quotes: tuple[Quote, ...]
    statements: tuple[Statement, ...]


# --------------------------------------------------------------------------- bundle-wide analysis


@dataclass(frozen=True)
class Alias:
    """One form of an entity's name and the articles that use it."""

    text: str
    articles: tuple[str, ...]


@dataclass(frozen=True)
class EntityRole:
    """One description of an entity and the articles that use it."""

    text: str
    articles: tuple[str, ...]


@dataclass(frozen=True)
class EntityMention:
    """A mention of a merged entity, located in one article."""

    article: str
    text: str
    start: int
    end: int


@dataclass(frozen=True)
class Entity:
    """One real person, organisation or place, merged across name forms and articles."""

    id: str
    """Stable, ASCII, path-safe slug; unique across all entities."""
    name: str
    """The fullest name form seen."""
    type: str
    aliases: tuple[Alias, ...]
    roles: tuple[EntityRole, ...]
    mentions: tuple[EntityMention, ...]
    articles: tuple[str, ...]
    why_merged: tuple[str, ...] = ()
    """One line per merge decision, so every merge is explainable."""

    @property
    def role(self) -> str:
        """The description most articles use, or ""."""
        return max(self.roles, key=lambda r: len(r.articles)).text if self.roles else ""


@dataclass(frozen=True)
class DiffToken:
    """One run of words in a word diff between two versions of a quote."""

    op: DiffOp
    text: str


@dataclass(frozen=True)
class QuoteVersion:
    """How one article prints a grouped statement, compared with the group's reference wording."""

    quote: str
    """Quote id."""
    diff: tuple[DiffToken, ...]
    """Word diff from the reference version to this one (empty for the reference itself)."""
    changed_words: bool
    """True when words differ beyond typography (quote marks, dashes, US/UK spelling)."""


@dataclass(frozen=True)
class QuoteGroup:
    """The same statement as printed by one or more articles."""

    id: str
    speaker_id: str | None
    speaker_name: str
    quotes: tuple[str, ...]
    reference: str
    """Quote id of the version others are compared with."""
    versions: tuple[QuoteVersion, ...]
    altered: bool
    """True when any two direct versions differ in words, not only typography."""


@dataclass(frozen=True)
class Passage:
    """A passage shared by two articles, located in both."""

    a_start: int
    a_end: int
    b_start: int
    b_end: int
    a_text: str
    b_text: str
    kind: Literal["verbatim", "rewrite", "quote"] = "verbatim"
    quote_group: str | None = None
    """For a "quote" passage: the QuoteGroup both articles' quotes belong to, when the same."""


@dataclass(frozen=True)
class Overlap:
    """Text reuse between two articles (``a`` < ``b`` by id)."""

    a: str
    b: str
    kind: OverlapKind
    score: float
    """Share of the shorter article covered by shared passages, 0..1."""
    passages: tuple[Passage, ...]
    shared_quote_groups: tuple[str, ...] = ()


@dataclass(frozen=True)
class Originality:
    """How much of one article appears in no other article of the bundle."""

    article: str
    original_share: float
    likely_source: str | None
    """Article id of the earliest likely source, when dates allow."""
    note: str
    """Why there is or is not a likely source ("dates missing", "published first")."""
    quoted_share: float = 0.0
    """Share of the text in quote passages shared with other articles (counted as original)."""


@dataclass(frozen=True)
class ClaimSupport:
    """The sentence of one article that carries a claim."""

    article: str
    text: str
    start: int
    end: int


@dataclass(frozen=True)
class Claim:
    """A checkable statement of fact and the articles that carry it."""

    id: str
    text: str
    articles: tuple[str, ...]
    supports: tuple[ClaimSupport, ...]
    single_source: bool
    contradicts: tuple[str, ...] = ()
    """Ids of claims this one conflicts with."""
    conflict: str = ""
    """What the conflict is about ("numbers differ: 3 vs 5"), "" when none."""
    quote_group: str | None = None
    """QuoteGroup id when the claim is a quoted statement."""
    conflicts: tuple[str, ...] = ()
    """What the conflict with each claim of :attr:`contradicts` is about, in the same order."""
    omitted_by: tuple[str, ...] = ()
    """Outlets that leave out a widely reported claim."""


@dataclass(frozen=True)
class Outlet:
    """A news outlet and its articles in the bundle."""

    id: str
    name: str
    articles: tuple[str, ...]


@dataclass(frozen=True)
class Analysis:
    """The whole analysed bundle, input of rendering and of the JSON export."""

    bundle: Bundle
    per_article: tuple[ArticleAnalysis, ...]
    entities: tuple[Entity, ...]
    quotes: tuple[Quote, ...]
    quote_groups: tuple[QuoteGroup, ...]
    overlaps: tuple[Overlap, ...]
    originality: tuple[Originality, ...]
    claims: tuple[Claim, ...]
    outlets: tuple[Outlet, ...]
    warnings: tuple[str, ...] = field(default=())
