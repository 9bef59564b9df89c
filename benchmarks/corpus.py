"""Synthetic bundles of realistic news text, for the scale benchmark.

Articles are mixes of real sentences from ``../shared/data`` (NewsWCL50 bundles and PolNeAR
train texts), else from ``seeds/``. The archive is a stream of *stories*: each story has a core
source text and two background texts, and is covered by 3-12 articles from different made-up
outlets. An article keeps a run of the core text's sentences (quotes and their attributions stay
whole), adds background sentences, and rewords part of what is not quoted; about one article in
ten is a syndicated copy of an earlier article of its story (new intro, last paragraph cut) and
one in ten a synonym-spun rewrite of one. Generation is deterministic and prefix-stable: the
bundle of n articles is the first n articles of the bundle of n + 1.
"""

from __future__ import annotations

import hashlib
import random
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "data"

Unit = str
"""One sentence, or several when a quotation runs across sentences (never split)."""

_SENTENCE_END = re.compile(r"(?<=[.!?])([\"”’)]?)\s+(?=[\"“‘(]?[A-Z0-9])")
_MARKUP = re.compile(r"<[^>]*>|^\s*<")
_QUOTED = re.compile(r"\"[^\"]*\"|“[^”]*”")
_WORD = re.compile(r"[A-Za-z]+")
_ABBREVIATION = re.compile(r"(?:\b[A-Z][a-z]{0,2}|\b[A-Z](?:\.[A-Z])*|\bU\.S|\bvs|\bNo)\.$")

SYNONYMS = {
    "big": "large", "large": "big", "small": "little", "begin": "start", "began": "started",
    "start": "begin", "started": "began", "show": "indicate", "shows": "indicates",
    "important": "significant", "significant": "important", "however": "but", "also": "additionally",
    "help": "assist", "helped": "assisted", "buy": "purchase", "bought": "purchased",
    "many": "numerous", "several": "a number of", "quickly": "rapidly", "rapidly": "quickly",
    "rise": "increase", "rose": "increased", "fall": "decline", "fell": "declined",
    "recent": "latest", "latest": "most recent", "people": "individuals", "country": "nation",
    "nation": "country", "major": "key", "key": "major", "plan": "proposal", "plans": "proposals",
    "officials": "authorities", "meeting": "talks", "attack": "assault", "support": "backing",
    "criticized": "slammed", "warned": "cautioned", "announced": "unveiled", "week": "seven days",
    "month": "few weeks", "nearly": "almost", "almost": "nearly",
    "earlier": "previously", "later": "subsequently", "told": "informed", "asked": "questioned",
    "claim": "assertion", "claims": "assertions", "decision": "ruling", "move": "step",
    "leaders": "heads", "government": "administration", "campaign": "bid", "voters": "electorate",
    "difficult": "hard", "hard": "tough", "strong": "robust", "weak": "feeble", "end": "conclusion",
}

OUTLETS = (
    "The Morning Ledger", "Harbor City Times", "Northern Courier", "The Daily Dispatch",
    "Valley Chronicle", "Capital Observer", "The Evening Post-Gazette", "Lakeside Herald",
    "Metro Tribune", "The Coastal Record", "Union Press Service", "Highland News",
    "The Continental Review", "Riverside Examiner", "Frontier Journal", "Atlas Wire",
    "The Civic Standard", "Eastern Bulletin", "Granite State Sentinel", "Pacific Monitor",
    "The Weekly Register", "Prairie Star", "Summit Daily", "The Independent Reporter",
)
FIRST_NAMES = ("Alex", "Maria", "Sam", "Priya", "Jordan", "Elena", "Chris", "Aisha", "Tom", "Mei",
               "Daniel", "Sofia", "Omar", "Hannah", "Lucas", "Grace")
LAST_NAMES = ("Rivera", "Okafor", "Lindqvist", "Tanaka", "Moreau", "Castillo", "Novak", "Brennan",
              "Haddad", "Kowalski", "Mensah", "Fischer", "Delgado", "Park", "Whitfield", "Baptiste")


@dataclass(frozen=True)
class SourceText:
    """A real article cut into paragraphs of units."""

    name: str
    headline: str
    paragraphs: tuple[tuple[Unit, ...], ...]


@dataclass(frozen=True)
class SyntheticArticle:
    """One generated article and the metadata a bundle states for it."""

    index: int
    story: int
    kind: str
    """"original", "copy" (syndicated, of ``source``) or "rewrite" (spun, of ``source``)."""
    source: int | None
    outlet: str
    author: str
    published: str
    headline: str
    paragraphs: tuple[str, ...]

    @property
    def file_name(self) -> str:
        slug = re.sub(r"[^a-z0-9]+", "-", self.outlet.lower()).strip("-")
        return f"{self.index:06d}_{slug}.txt"

    def file_text(self) -> str:
        """The file as a scrape would look: headline, byline, date line, body, trailing ©."""
        header = [self.headline, "", f"By {self.author}", f"Published {self.published}", "", ""]
        return "\n".join(header) + "\n\n".join(self.paragraphs) + f"\n\n© {self.outlet}\n"


def find_sources(shared: Path = SHARED, seeds: Path = ROOT / "seeds") -> tuple[SourceText, ...]:
    """Real texts to draw sentences from: the shared data sets when present, else the seed bundle."""
    files = sorted(shared.glob("newswcl50/*/*.txt")) + sorted(shared.glob("polnear/train/texts/*.txt"))
    if not files:
        files = sorted(seeds.glob("*.txt"))
    if not files:
        raise ValueError(f"no source texts under {shared} or {seeds}")
    texts = (source_text(path.relative_to(path.parents[1]).as_posix(), path.read_text(encoding="utf-8"))
             for path in files)
    return tuple(text for text in texts if len(text.paragraphs) >= 3)


def source_text(name: str, raw: str) -> SourceText:
    """Line 1 is the headline; blank lines (else single newlines) separate paragraphs."""
    headline, _, body = raw.strip().partition("\n")
    blocks = re.split(r"\n\s*\n", body) if "\n\n" in body else body.split("\n")
    paragraphs = tuple(units for units in (units_of(block) for block in blocks) if units)
    return SourceText(name, " ".join(headline.split()), paragraphs)


def units_of(paragraph: str) -> tuple[Unit, ...]:
    """Sentences of a paragraph, joined while a quotation is open; markup lines are dropped."""
    text = " ".join(paragraph.split())
    if not text or _MARKUP.search(text) or len(text.split()) < 4:
        return ()
    pieces = [m for m in _SENTENCE_END.split(text)]
    sentences = ["".join(pieces[i:i + 2]) for i in range(0, len(pieces), 2)]
    units: list[str] = []
    for sentence in sentences:
        if units and (_quote_open(units[-1]) or _ABBREVIATION.search(units[-1])):
            units[-1] = f"{units[-1]} {sentence}"
        else:
            units.append(sentence)
    return tuple(unit for unit in units if not _quote_open(unit))


def _quote_open(text: str) -> bool:
    return text.count('"') % 2 == 1 or text.count("“") > text.count("”")


def reword(text: str, rng: random.Random, rate: float) -> str:
    """Swap words outside quotation marks for synonyms, each with probability ``rate``."""
    out, last = [], 0
    for quoted in _QUOTED.finditer(text):
        out.append(_swap_words(text[last:quoted.start()], rng, rate))
        out.append(quoted.group())
        last = quoted.end()
    out.append(_swap_words(text[last:], rng, rate))
    return "".join(out)


def _swap_words(text: str, rng: random.Random, rate: float) -> str:
    def swap(match: re.Match) -> str:
        word = match.group()
        synonym = SYNONYMS.get(word.lower())
        if synonym is None or rng.random() >= rate:
            return word
        return synonym.capitalize() if word[0].isupper() else synonym
    return _WORD.sub(swap, text)


def stream(sources: tuple[SourceText, ...], seed: int = 0) -> Iterator[SyntheticArticle]:
    """The endless, deterministic article stream (story after story)."""
    sizes = random.Random(f"sizes:{seed}")
    index, story = 0, 0
    while True:
        articles = story_articles(sources, seed, story, index, sizes.randint(3, 12))
        yield from articles
        index += len(articles)
        story += 1


def story_articles(sources: tuple[SourceText, ...], seed: int, story: int, first: int,
                   size: int) -> tuple[SyntheticArticle, ...]:
    """The articles of one story, numbered from ``first``."""
    rng = random.Random(f"story:{seed}:{story}")
    core, *background = rng.sample(sources, 3)
    day = date(2016, 1, 1) + timedelta(days=rng.randrange(900))
    outlets = rng.sample(OUTLETS, min(size, len(OUTLETS)))
    made: list[SyntheticArticle] = []
    for position in range(size):
        art_rng = random.Random(f"article:{seed}:{story}:{position}")
        meta = dict(index=first + position, story=story, outlet=outlets[position % len(outlets)],
                    author=f"{art_rng.choice(FIRST_NAMES)} {art_rng.choice(LAST_NAMES)}",
                    published=(day + timedelta(days=art_rng.randrange(4))).isoformat())
        made.append(_one_article(art_rng, made, core, background, meta))
    return tuple(made)


def _one_article(rng: random.Random, earlier: list[SyntheticArticle], core: SourceText,
                 background: list[SourceText], meta: dict) -> SyntheticArticle:
    roll = rng.random()
    if earlier and roll < 0.1:
        source = rng.choice(earlier)
        intro = reword(" ".join(_run_of_units(rng, rng.choice(background), 2)), rng, 0.3)
        body = (intro, *source.paragraphs[:-1]) if len(source.paragraphs) > 2 else source.paragraphs
        return SyntheticArticle(kind="copy", source=source.index, headline=source.headline,
                                paragraphs=body, **meta)
    if earlier and roll < 0.2:
        source = rng.choice(earlier)
        body = tuple(reword(paragraph, rng, 0.8) for paragraph in source.paragraphs)
        return SyntheticArticle(kind="rewrite", source=source.index,
                                headline=reword(source.headline, rng, 0.8), paragraphs=body, **meta)
    return SyntheticArticle(kind="original", source=None, headline=reword(core.headline, rng, 0.5),
                            paragraphs=_original_body(rng, core, background), **meta)


def _original_body(rng: random.Random, core: SourceText, background: list[SourceText]) -> tuple[str, ...]:
    units = _run_of_units(rng, core, rng.randint(16, 40))
    for text in background:
        at = rng.randrange(len(units) + 1)
        units[at:at] = _run_of_units(rng, text, rng.randint(1, 5))
    units = [unit if rng.random() < 0.5 else reword(unit, rng, 0.5) for unit in units]
    paragraphs, at = [], 0
    while at < len(units):
        step = rng.randint(1, 3)
        paragraphs.append(" ".join(units[at:at + step]))
        at += step
    return tuple(paragraphs)


def _run_of_units(rng: random.Random, text: SourceText, count: int) -> list[Unit]:
    """``count`` units of ``text`` in reading order, from a random starting paragraph, some skipped."""
    flat = [unit for paragraph in text.paragraphs for unit in paragraph]
    start = rng.randrange(max(1, len(flat) - count))
    return [unit for unit in flat[start:start + count * 2] if rng.random() < 0.6][:count] or flat[:1]


def write_bundle(folder: Path, articles: list[SyntheticArticle]) -> None:
    """Write the articles as one file each into ``folder`` (created)."""
    folder.mkdir(parents=True, exist_ok=True)
    for article in articles:
        (folder / article.file_name).write_text(article.file_text(), encoding="utf-8")


def ensure_bundle(cache_root: Path, size: int, seed: int = 0,
                  sources: tuple[SourceText, ...] | None = None) -> Path:
    """The bundle of ``size`` articles under ``cache_root``, generated once and reused."""
    fingerprint = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:10]
    folder = cache_root / f"bundle-{size}-seed{seed}-{fingerprint}"
    done = folder.with_name(folder.name + ".complete")
    if done.exists():
        return folder
    write_bundle(folder, first_articles(size, seed, sources))
    done.write_text(f"{size} articles\n", encoding="utf-8")
    return folder


def first_articles(size: int, seed: int = 0, sources: tuple[SourceText, ...] | None = None) -> list[SyntheticArticle]:
    """The first ``size`` articles of the stream."""
    articles = stream(sources or find_sources(), seed)
    return [next(articles) for _ in range(size)]
