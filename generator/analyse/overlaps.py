"""Text reuse between articles: which pairs share text, where, how, and who came first.

How it works (issue 6):

1. **Candidate pairs without comparing every pair.** Each article yields three kinds of
   features, put in one inverted index:

   - word 5-shingles (hashed with ``zlib.crc32``, stable across runs) — exact copying;
   - MinHash band keys of each sentence's lemma set — reworded sentences keep most lemmas;
   - one-permutation MinHash band keys of the whole shingle set — near-duplicates.

   Shingle and sentence features found in more than :data:`MAX_ARTICLES_PER_FEATURE`
   articles are dropped: they are the story's common phrases, boilerplate or the one quote
   everybody prints, and keeping them would make the cost quadratic. Whole-article keys are
   kept however many articles share them (only near-duplicates collide there, so the pairs
   they yield are real). A pair is a candidate when it shares
   :data:`MIN_SHARED_FEATURES` shingles or sentence keys, or one whole-article key. The cost
   is linear in the number of articles for a bounded number of candidates per article.

2. **Exact verification.** Shared 5-word seeds are extended into maximal runs of equal
   words, made one-to-one, merged across gaps of at most :data:`MAX_GAP_WORDS` words in
   both articles (edits), and kept when they span at least :data:`MIN_PASSAGE_WORDS` words
   (shorter shared phrases are the story's vocabulary, not copying). Words inside quotation
   marks of a direct quote (or the marked words of a mixed one) in both articles form
   ``quote`` passages, cut at quote boundaries and linked to the quote group: quoting the
   same statement is not copying. Two exceptions: a run with MIN_PASSAGE_WORDS or more
   unquoted words around the quote copies the narrative too and stays ``verbatim``; a quote
   passage with more than :data:`ALTERED_QUOTE_SHARE` of its words changed is a
   ``rewrite`` (faithful quoting keeps the words, spinning swaps them).

3. **Reworded sentences.** Sentences holding no shared quote and at most
   :data:`MAX_COVERED_FOR_ALIGNMENT` covered by exact passages are aligned greedily and
   monotonically on their lemmas: lemma-set Jaccard at least :data:`MIN_SENTENCE_JACCARD`
   and ordered lemma similarity (rapidfuzz Indel) at least :data:`MIN_SENTENCE_ORDER`.
   Consecutive aligned sentences form one ``rewrite`` passage, which absorbs exact runs
   touching it, so the passages of a pair never overlap.

4. **Pair kind**, measured on the shorter article (see :func:`_pair_kind`); the score is
   the share of the shorter article's characters inside any passage.

Thresholds were tuned on synthetic bundles built from newswcl50 and PolNeAR text
(``benchmarks/overlaps_bench.py``), not on the seed bundle.

Words are compared lower-cased, with curly apostrophes made straight and dots dropped from
abbreviations ("U.S." = "US"); offsets always point into :attr:`Article.text`.
"""

from __future__ import annotations

import re
import zlib
from bisect import bisect_right
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from functools import lru_cache
from hashlib import blake2b
from itertools import combinations

from rapidfuzz.distance import Indel, LCSseq

from ..records import (
    Article,
    ArticleAnalysis,
    Originality,
    Overlap,
    OverlapKind,
    Passage,
    Quote,
    Sentence,
)

SHINGLE_WORDS = 5
MAX_ARTICLES_PER_FEATURE = 50
MIN_SHARED_FEATURES = 3
SENTENCE_BANDS, SENTENCE_ROWS = 10, 3
DOC_BINS, DOC_ROWS = 64, 4
MIN_SENTENCE_LEMMAS = 4

MIN_PASSAGE_WORDS = 8
MAX_GAP_WORDS = 6
ALTERED_QUOTE_SHARE = 0.1
MIN_SENTENCE_JACCARD = 0.3
MIN_SENTENCE_ORDER = 0.5
MAX_COVERED_FOR_ALIGNMENT = 0.5

REUSE_MIN_SHARE = 0.2
LONG_RUN_WORDS = 40
VERBATIM_MIN_SHARE = 0.9
NEW_TEXT_WORDS = 25
SPUN_MIN_CHANGE_RATE = 0.05
SPUN_MIN_PASSAGES = 3
REUSE_KINDS = ("verbatim", "syndicated", "rewrite")

_WORD = re.compile(r"(?:\w\.){2,}|\w+(?:['’]\w+)*")
_IN_MARKS = re.compile(r"[“\"]([^”\"]+)[”\"]")
_UNQUOTED = None
_UNGROUPED = ""

Sentences = tuple[Sentence, ...]


@dataclass(frozen=True)
class _Text:
    """One article prepared for comparison: normalised words with offsets, each word's quote
    group ("" ungrouped, None not quoted), the word shingle hashes and the sentences."""

    article: Article
    words: tuple[str, ...]
    starts: tuple[int, ...]
    ends: tuple[int, ...]
    quote_group: tuple[str | None, ...]
    shingles: tuple[int, ...]
    sentences: Sentences


@dataclass(frozen=True)
class _Run:
    """``n`` equal words from word ``i`` of A and word ``j`` of B; ``quoted``: inside quotation
    in both articles, as the pair of their quote groups."""

    i: int
    j: int
    n: int
    quoted: tuple[str, str] | None = None


@dataclass(frozen=True)
class _Found:
    """A passage in word indices, with how many of its words differ between the articles."""

    a_first: int
    a_stop: int
    b_first: int
    b_stop: int
    kind: str
    changed: int
    group: str | None = None

    def mirrored(self) -> _Found:
        b, a = (self.b_first, self.b_stop), (self.a_first, self.a_stop)
        return _Found(*b, *a, self.kind, self.changed, self.group)


# --------------------------------------------------------------------------- public


def find_overlaps(
    articles: tuple[Article, ...],
    per_article: tuple[ArticleAnalysis, ...],
    quotes: tuple[Quote, ...],
) -> tuple[Overlap, ...]:
    """Related article pairs (``a`` < ``b`` by id, kind not "none"), sorted by (a, b).

    ``per_article[i]`` must belong to ``articles[i]``; ``quotes`` are the bundle's quotes with
    their group set, used to tell shared quotes from copied narrative.
    """
    return find_overlaps_reusing(articles, per_article, quotes, {})[0]


Verdicts = dict[str, Overlap | None]
"""A verdict per candidate pair, by :func:`_pair_key`; None for a pair of kind "none". Its passages
leave out their texts (they would be most of a stored verdict's bytes): reusing a verdict cuts
them from the articles again."""


def find_overlaps_reusing(
    articles: tuple[Article, ...],
    per_article: tuple[ArticleAnalysis, ...],
    quotes: tuple[Quote, ...],
    known: Mapping[str, Overlap | None],
) -> tuple[tuple[Overlap, ...], Verdicts]:
    """:func:`find_overlaps`, plus the verdict of every candidate pair of this run by key.

    A pair whose key is in ``known`` (verdicts of an earlier run) is not compared again: the
    key covers everything the comparison reads, so the stored verdict is the one it would
    give. Adding one article to a large bundle then verifies only the new pairs.
    """
    _check_alignment(articles, per_article)
    by_article: dict[str, list[Quote]] = defaultdict(list)
    for quote in quotes:
        by_article[quote.article].append(quote)
    texts = [
        _prepare(article, by_article[article.id], analysis.sentences)
        for article, analysis in zip(articles, per_article)
    ]
    digests = [_text_digest(text) for text in texts]
    verdicts: Verdicts = {}
    found = []
    for x, y in candidate_pairs(texts):
        if texts[y].article.id < texts[x].article.id:
            x, y = y, x
        key = _pair_key(digests[x], digests[y])
        if key in known:  # stored without texts already
            verdicts[key] = known[key]
            overlap = _cut_texts(known[key], texts[x], texts[y])
        else:
            overlap = _compare(texts[x], texts[y])
            verdicts[key] = None if overlap is None else _without_texts(overlap)
        if overlap is not None:
            found.append(overlap)
    return tuple(sorted(found, key=lambda o: (o.a, o.b))), verdicts


def originality(
    articles: tuple[Article, ...], overlaps: tuple[Overlap, ...]
) -> tuple[Originality, ...]:
    """Per article, in input order: share of its text in no reuse passage, and its likely source.

    Passages of every listed pair count as reuse except quote passages: shared quotes count
    as original to the outlet (quoting a statement is not copying) and their share is given
    apart in ``quoted_share``. The likely source is the other article of the strongest
    verbatim/syndicated/rewrite pair when it was published earlier, by the ISO dates of both;
    otherwise None, and the note says why.
    """
    by_id = {a.id: a for a in articles}
    pairs_of: dict[str, list[Overlap]] = defaultdict(list)
    for overlap in overlaps:
        pairs_of[overlap.a].append(overlap)
        if overlap.b != overlap.a:
            pairs_of[overlap.b].append(overlap)
    return tuple(_originality_of(article, pairs_of[article.id], by_id) for article in articles)


def candidate_pairs(texts: list[_Text]) -> list[tuple[int, int]]:
    """Index pairs worth verifying, from shared rare features (see the module docstring)."""
    index: dict[tuple, list[int]] = defaultdict(list)
    for position, text in enumerate(texts):
        for feature in _features(text):
            index[feature].append(position)
    shared: Counter[tuple[int, int]] = Counter()
    certain: set[tuple[int, int]] = set()
    for feature, holders in index.items():
        if len(holders) < 2:
            continue
        if feature[0] == "doc":
            certain.update(combinations(holders, 2))
        elif len(holders) <= MAX_ARTICLES_PER_FEATURE:
            shared.update(combinations(holders, 2))
    certain.update(pair for pair, count in shared.items() if count >= MIN_SHARED_FEATURES)
    return sorted(certain)


def _text_digest(text: _Text) -> bytes:
    """A digest of all :func:`_compare` reads of one side: the article's id and text (the
    words, offsets and shingles derive from it), its words' quote groups and its sentences.
    Metadata (dates, headline) is left out: the verdict does not depend on it."""
    digest = blake2b(digest_size=16)
    for part in (text.article.id, text.article.text, repr(text.quote_group), repr(text.sentences)):
        data = part.encode()
        digest.update(len(data).to_bytes(8, "little") + data)
    return digest.digest()


def _without_texts(overlap: Overlap) -> Overlap:
    passages = tuple(replace(p, a_text="", b_text="") for p in overlap.passages)
    return replace(overlap, passages=passages)


def _cut_texts(overlap: Overlap | None, ta: _Text, tb: _Text) -> Overlap | None:
    """A stored verdict with its passages' texts cut from the articles again (as :func:`_passage` does)."""
    if overlap is None:
        return None
    a, b = ta.article.text, tb.article.text
    passages = tuple(replace(p, a_text=a[p.a_start:p.a_end], b_text=b[p.b_start:p.b_end]) for p in overlap.passages)
    return replace(overlap, passages=passages)


def _pair_key(a: bytes, b: bytes) -> str:
    """The key of a pair's verdict, from the digests of its texts in (a, b) order."""
    return blake2b(a + b, digest_size=16).hexdigest()


# --------------------------------------------------------------------------- features


def _check_alignment(
    articles: tuple[Article, ...], per_article: tuple[ArticleAnalysis, ...]
) -> None:
    if len(articles) != len(per_article):
        raise ValueError(f"{len(articles)} articles but {len(per_article)} analyses")
    for article, analysis in zip(articles, per_article):
        if article.id != analysis.article:
            raise ValueError(f"analysis {analysis.article!r} is not for article {article.id!r}")


def _normalise(word: str) -> str:
    return word.lower().replace("’", "'").replace(".", "")


def _prepare(article: Article, quotes: Iterable[Quote], sentences: Sentences) -> _Text:
    matches = list(_WORD.finditer(article.text))
    words = tuple(_normalise(m.group()) for m in matches)
    starts = tuple(m.start() for m in matches)
    ends = tuple(m.end() for m in matches)
    groups = _quote_groups(article.text, starts, ends, quotes)
    shingles = tuple(
        zlib.crc32(" ".join(words[i : i + SHINGLE_WORDS]).encode())
        for i in range(len(words) - SHINGLE_WORDS + 1)
    )
    return _Text(article, words, starts, ends, groups, shingles, sentences)


def _quote_groups(
    text: str, starts: tuple[int, ...], ends: tuple[int, ...], quotes: Iterable[Quote]
) -> tuple[str | None, ...]:
    """Per word: the group of the quote it lies in ("" if ungrouped), None when not quoted.

    Only words in quotation marks count: the words of an indirect quote are the outlet's own.
    """
    groups: list[str | None] = [_UNQUOTED] * len(starts)
    for quote in quotes:
        for start, end in _quoted_spans(text, quote):
            # one character of slack on each side: quote spans may or may not include the marks
            first = bisect_right(starts, start - 2)
            for k in range(first, len(starts)):
                if starts[k] > end:
                    break
                if ends[k] <= end + 1:
                    groups[k] = quote.group or _UNGROUPED
    return tuple(groups)


def _quoted_spans(text: str, quote: Quote) -> list[tuple[int, int]]:
    if quote.direct and not quote.mixed:
        return [(quote.start, quote.end)]
    if not quote.mixed:
        return []
    return [(m.start(1), m.end(1)) for m in _IN_MARKS.finditer(text, quote.start, quote.end)]


def _features(text: _Text) -> set[tuple]:
    features: set[tuple] = {("w", h) for h in text.shingles}
    for sentence in text.sentences:
        lemmas = set(sentence.lemmas)
        if len(lemmas) >= MIN_SENTENCE_LEMMAS:
            features.update(_sentence_keys(lemmas))
    features.update(_document_keys(text.shingles))
    return features


@lru_cache(maxsize=200_000)
def _lemma_hashes(lemma: str) -> tuple[int, ...]:
    """SENTENCE_BANDS * SENTENCE_ROWS stable 32-bit hashes of a lemma (MinHash permutations)."""
    data = lemma.encode()
    digest = blake2b(data, digest_size=64).digest() + blake2b(data, salt=b"2").digest()
    count = SENTENCE_BANDS * SENTENCE_ROWS
    return tuple(int.from_bytes(digest[4 * k : 4 * k + 4], "little") for k in range(count))


def _sentence_keys(lemmas: set[str]) -> list[tuple]:
    minima = list(map(min, zip(*(_lemma_hashes(lemma) for lemma in lemmas))))
    rows = SENTENCE_ROWS
    return [("s", band, *minima[band * rows : (band + 1) * rows]) for band in range(SENTENCE_BANDS)]


def _document_keys(shingles: tuple[int, ...]) -> list[tuple]:
    """One-permutation MinHash: the least hash per bin; bands with an empty bin are skipped."""
    bins: dict[int, int] = {}
    for h in set(shingles):
        slot, value = h % DOC_BINS, h // DOC_BINS
        if value < bins.get(slot, 1 << 32):
            bins[slot] = value
    keys = []
    for band in range(0, DOC_BINS, DOC_ROWS):
        values = tuple(bins.get(slot) for slot in range(band, band + DOC_ROWS))
        if None not in values:
            keys.append(("doc", band, *values))
    return keys


# --------------------------------------------------------------------------- exact passages


def _exact_runs(ta: _Text, tb: _Text) -> list[_Run]:
    """Maximal runs of equal words seeded by shared shingles (reordered text is found too)."""
    where_b: dict[int, list[int]] = defaultdict(list)
    for j, h in enumerate(tb.shingles):
        where_b[h].append(j)
    reach: dict[int, int] = {}
    runs = []
    for i, h in enumerate(ta.shingles):
        for j in where_b.get(h, ()):
            seed_a, seed_b = ta.words[i : i + SHINGLE_WORDS], tb.words[j : j + SHINGLE_WORDS]
            if reach.get(i - j, -1) > i or seed_a != seed_b:
                continue
            n = SHINGLE_WORDS
            while i + n < len(ta.words) and j + n < len(tb.words):
                if ta.words[i + n] != tb.words[j + n]:
                    break
                n += 1
            reach[i - j] = i + n
            runs.append(_Run(i, j, n))
    return runs


def _one_to_one(runs: list[_Run]) -> list[_Run]:
    """Longest runs first (quoted ones first among equals, so a quote printed twice pairs
    with the other quote); a run overlapping a kept one in either article is dropped."""
    kept: list[_Run] = []
    for run in sorted(runs, key=lambda r: (-r.n, r.quoted is None, r.i, r.j)):
        free_a = all(run.i + run.n <= k.i or k.i + k.n <= run.i for k in kept)
        if free_a and all(run.j + run.n <= k.j or k.j + k.n <= run.j for k in kept):
            kept.append(run)
    return sorted(kept, key=lambda r: (r.i, r.j))


def _split_by_quoting(run: _Run, ta: _Text, tb: _Text) -> list[_Run]:
    """The quoted-in-both pieces of a run, when the rest of it is too short to be a passage.

    A run with MIN_PASSAGE_WORDS unquoted words or more copies the text around a quote,
    which is not quoting: it stays whole and unquoted.
    """
    keys = [_quote_key(ta.quote_group[run.i + k], tb.quote_group[run.j + k]) for k in range(run.n)]
    unquoted = keys.count(None)
    if unquoted == run.n or unquoted >= MIN_PASSAGE_WORDS:
        return [run]
    pieces, start = [], 0
    for k in range(1, run.n + 1):
        if k == run.n or keys[k] != keys[start]:
            if keys[start] is not None:
                pieces.append(_Run(run.i + start, run.j + start, k - start, keys[start]))
            start = k
    return pieces


def _quote_key(group_a: str | None, group_b: str | None) -> tuple[str, str] | None:
    return None if group_a is _UNQUOTED or group_b is _UNQUOTED else (group_a, group_b)


def _chains(runs: list[_Run]) -> list[list[_Run]]:
    """Runs joined when the next follows within MAX_GAP_WORDS in both articles, same quoting."""
    chains: list[list[_Run]] = []
    for run in runs:
        last = chains[-1][-1] if chains else None
        if (
            last is not None
            and last.quoted == run.quoted
            and 0 <= run.i - (last.i + last.n) <= MAX_GAP_WORDS
            and 0 <= run.j - (last.j + last.n) <= MAX_GAP_WORDS
        ):
            chains[-1].append(run)
        else:
            chains.append([run])
    return chains


def _passage_of_chain(chain: list[_Run], ta: _Text, tb: _Text) -> _Found | None:
    first, last = chain[0], chain[-1]
    a_stop, b_stop = last.i + last.n, last.j + last.n
    span = max(a_stop - first.i, b_stop - first.j)
    if span < MIN_PASSAGE_WORDS:
        return None
    same = LCSseq.similarity(ta.words[first.i : a_stop], tb.words[first.j : b_stop])
    if first.quoted is None:
        return _Found(first.i, a_stop, first.j, b_stop, "verbatim", span - same)
    kind = "rewrite" if span - same > ALTERED_QUOTE_SHARE * span else "quote"
    group_a, group_b = first.quoted
    group = group_a if group_a and group_a == group_b else None
    return _Found(first.i, a_stop, first.j, b_stop, kind, span - same, group)


def _exact_passages(ta: _Text, tb: _Text) -> list[_Found]:
    pieces = [piece for run in _exact_runs(ta, tb) for piece in _split_by_quoting(run, ta, tb)]
    found = (_passage_of_chain(chain, ta, tb) for chain in _chains(_one_to_one(pieces)))
    return [f for f in found if f is not None]


# --------------------------------------------------------------------------- reworded sentences


def _sentence_similarity(a: Sentence, b: Sentence) -> float:
    """Mean of lemma-set Jaccard and ordered lemma similarity; 0 below either threshold."""
    set_a, set_b = set(a.lemmas), set(b.lemmas)
    if min(len(set_a), len(set_b)) < MIN_SENTENCE_LEMMAS:
        return 0.0
    jaccard = len(set_a & set_b) / len(set_a | set_b)
    order = Indel.normalized_similarity(a.lemmas, b.lemmas)
    if jaccard < MIN_SENTENCE_JACCARD or order < MIN_SENTENCE_ORDER:
        return 0.0
    return (jaccard + order) / 2


def _word_range(text: _Text, start: int, end: int) -> tuple[int, int]:
    return bisect_right(text.starts, start - 1), bisect_right(text.starts, end - 1)


def _open_sentences(text: _Text, exact: list[_Found]) -> list[int]:
    """Sentences with no shared quote and at most MAX_COVERED_FOR_ALIGNMENT of their words
    in exact passages (``exact`` seen from this article, as side A)."""
    covered = _covered_words(exact, len(text.words))
    quoted = _covered_words([f for f in exact if f.kind == "quote"], len(text.words))
    result = []
    for index, sentence in enumerate(text.sentences):
        first, stop = _word_range(text, sentence.start, sentence.end)
        mostly_new = sum(covered[first:stop]) <= MAX_COVERED_FOR_ALIGNMENT * (stop - first)
        if stop > first and mostly_new and not any(quoted[first:stop]):
            result.append(index)
    return result


def _aligned_sentences(
    sa: Sentences, sb: Sentences, open_a: list[int], open_b: list[int]
) -> list[tuple[int, int]]:
    """Greedy monotone alignment: best-scoring sentence pairs first, no crossings."""
    holders: dict[str, list[int]] = defaultdict(list)
    for j in open_b:
        for lemma in set(sb[j].lemmas):
            holders[lemma].append(j)
    scored = []
    for i in open_a:
        lemmas = set(sa[i].lemmas)
        shared = Counter(j for lemma in lemmas for j in holders.get(lemma, ()))
        for j in sorted(shared):
            # the Jaccard bound from the counts alone spares most exact comparisons
            union = len(lemmas) + len(set(sb[j].lemmas)) - shared[j]
            if shared[j] >= MIN_SENTENCE_JACCARD * union:
                similarity = _sentence_similarity(sa[i], sb[j])
                if similarity > 0:
                    scored.append((-similarity, i, j))
    accepted: list[tuple[int, int]] = []
    for _, i, j in sorted(scored):
        if all((i - x) * (j - y) > 0 for x, y in accepted):
            accepted.append((i, j))
    return sorted(accepted)


def _rewrite_passages(ta: _Text, tb: _Text, exact: list[_Found]) -> list[_Found]:
    """Runs of consecutive aligned sentences, each run one passage."""
    open_a = _open_sentences(ta, exact)
    open_b = _open_sentences(tb, [f.mirrored() for f in exact])
    blocks: list[list[tuple[int, int]]] = []
    for i, j in _aligned_sentences(ta.sentences, tb.sentences, open_a, open_b):
        if blocks and blocks[-1][-1] == (i - 1, j - 1):
            blocks[-1].append((i, j))
        else:
            blocks.append([(i, j)])
    return [_rewrite_of_block(block, ta, tb) for block in blocks]


def _rewrite_of_block(block: list[tuple[int, int]], ta: _Text, tb: _Text) -> _Found:
    (i0, j0), (i1, j1) = block[0], block[-1]
    a_first, a_stop = _word_range(ta, ta.sentences[i0].start, ta.sentences[i1].end)
    b_first, b_stop = _word_range(tb, tb.sentences[j0].start, tb.sentences[j1].end)
    same = LCSseq.similarity(ta.words[a_first:a_stop], tb.words[b_first:b_stop])
    changed = max(a_stop - a_first, b_stop - b_first) - same
    return _Found(a_first, a_stop, b_first, b_stop, "rewrite", changed)


def _covered_words(found: list[_Found], length: int) -> list[bool]:
    """Per word of article A: inside some passage."""
    covered = [False] * length
    for f in found:
        covered[f.a_first : f.a_stop] = [True] * (f.a_stop - f.a_first)
    return covered


# --------------------------------------------------------------------------- pair verdict


def _compare(ta: _Text, tb: _Text) -> Overlap | None:
    exact = _exact_passages(ta, tb)
    rewrites = _rewrite_passages(ta, tb, exact)
    # a reworded sentence absorbs the short exact runs that touch it (never a shared quote:
    # sentences holding one are not aligned)
    exact = [e for e in exact if not any(_overlapping(e, r) for r in rewrites)]
    found = sorted(exact + rewrites, key=lambda f: (f.a_first, f.b_first))
    a, b = ta.article, tb.article
    shorter_is_a = (len(a.text), a.id) <= (len(b.text), b.id)
    seen_from_shorter = found if shorter_is_a else [f.mirrored() for f in found]
    kind = _pair_kind(seen_from_shorter, len((ta if shorter_is_a else tb).words))
    if kind == "verbatim" and _new_intro([f.mirrored() for f in seen_from_shorter]):
        kind = "syndicated"
    if kind == "none":
        return None
    passages = tuple(_passage(f, ta, tb) for f in found)
    spans = [(p.a_start, p.a_end) if shorter_is_a else (p.b_start, p.b_end) for p in passages]
    score = _covered_chars(spans) / max(1, len(a.text if shorter_is_a else b.text))
    return Overlap(a.id, b.id, kind, round(score, 4), passages, _shared_groups(ta, tb))


def _overlapping(x: _Found, y: _Found) -> bool:
    in_a = x.a_first < y.a_stop and y.a_first < x.a_stop
    return in_a or (x.b_first < y.b_stop and y.b_first < x.b_stop)


def _pair_kind(found: list[_Found], length: int) -> OverlapKind:
    """The pair's kind from word shares of the shorter article (side A of ``found``).

    - "rewrite" when at least SPUN_MIN_PASSAGES passages have changed words, the changed
      words are at least SPUN_MIN_CHANGE_RATE of all aligned words and all passages cover
      REUSE_MIN_SHARE: spinners change words throughout, quotes included, while
      syndication edits a few words and faithful quoting none;
    - otherwise, when verbatim and rewrite passages cover less than REUSE_MIN_SHARE and no
      verbatim passage reaches LONG_RUN_WORDS, "shared-quotes-only" if there are quote
      passages, else "none" (short shared boilerplate is not copying on its own);
    - "verbatim" when all passages cover VERBATIM_MIN_SHARE of the shorter article and no
      NEW_TEXT_WORDS consecutive words of it are outside passages, nor the longer article's
      first NEW_TEXT_WORDS words (a new intro, see :func:`_new_intro`);
    - "syndicated" otherwise (long verbatim runs with a new intro, outro or edits).
    """
    total = max(1, length)
    covered = _covered_words(found, total)
    aligned = sum(f.a_stop - f.a_first for f in found)
    altered = [f for f in found if f.changed > 0]
    spun = sum(f.changed for f in altered) >= SPUN_MIN_CHANGE_RATE * aligned
    if len(altered) >= SPUN_MIN_PASSAGES and spun and sum(covered) >= REUSE_MIN_SHARE * total:
        return "rewrite"
    reuse = [f for f in found if f.kind != "quote"]
    longest = max((f.a_stop - f.a_first for f in reuse if f.kind == "verbatim"), default=0)
    if sum(_covered_words(reuse, total)) < REUSE_MIN_SHARE * total and longest < LONG_RUN_WORDS:
        return "shared-quotes-only" if any(f.kind == "quote" for f in found) else "none"
    copied_all = sum(covered) >= VERBATIM_MIN_SHARE * total
    return "verbatim" if copied_all and _longest_gap(covered) < NEW_TEXT_WORDS else "syndicated"


def _new_intro(found: list[_Found]) -> bool:
    """Whether the longer article (side A) starts with NEW_TEXT_WORDS words in no passage.

    Copies often drop the tail of a story, so only new text at the start marks syndication.
    """
    return min(f.a_first for f in found) >= NEW_TEXT_WORDS


def _longest_gap(covered: list[bool]) -> int:
    """Longest stretch of words in no passage (a new intro or outro)."""
    longest = current = 0
    for inside in covered:
        current = 0 if inside else current + 1
        longest = max(longest, current)
    return longest


def _passage(f: _Found, ta: _Text, tb: _Text) -> Passage:
    a_start, a_end = ta.starts[f.a_first], ta.ends[f.a_stop - 1]
    b_start, b_end = tb.starts[f.b_first], tb.ends[f.b_stop - 1]
    a_text, b_text = ta.article.text[a_start:a_end], tb.article.text[b_start:b_end]
    return Passage(a_start, a_end, b_start, b_end, a_text, b_text, f.kind, quote_group=f.group)


def _shared_groups(ta: _Text, tb: _Text) -> tuple[str, ...]:
    groups_a = {g for g in ta.quote_group if g}
    return tuple(sorted(groups_a & {g for g in tb.quote_group if g}))


def _covered_chars(spans: list[tuple[int, int]]) -> int:
    total, reach = 0, 0
    for start, end in sorted(spans):
        start = max(start, reach)
        if end > start:
            total += end - start
            reach = end
    return total


# --------------------------------------------------------------------------- originality


def _originality_of(article: Article, mine: list[Overlap], by_id: dict[str, Article]) -> Originality:
    """``mine``: the overlaps the article is part of."""
    reuse_spans, quote_spans = [], []
    for overlap in mine:
        for p in overlap.passages:
            span = (p.a_start, p.a_end) if overlap.a == article.id else (p.b_start, p.b_end)
            (quote_spans if p.kind == "quote" else reuse_spans).append(span)
    length = max(1, len(article.text))
    source, note = _likely_source(article, [o for o in mine if o.kind in REUSE_KINDS], by_id)
    return Originality(
        article=article.id,
        original_share=round(1 - _covered_chars(reuse_spans) / length, 4),
        likely_source=source,
        note=note,
        quoted_share=round(_covered_chars(quote_spans) / length, 4),
    )


def _likely_source(
    article: Article, reuse: list[Overlap], by_id: dict[str, Article]
) -> tuple[str | None, str]:
    if not reuse:
        return None, "no reuse found"
    strongest = max(reuse, key=lambda o: (o.score, o.b if o.a == article.id else o.a))
    other = by_id[strongest.b if strongest.a == article.id else strongest.a]
    mine, theirs = article.published.value, other.published.value
    missing = [a.id for a, date in ((article, mine), (other, theirs)) if not date]
    if missing:
        return None, f"dates missing for {', '.join(missing)}"
    if theirs < mine:
        return other.id, f"{strongest.kind} of {other.id}, published earlier ({theirs})"
    if theirs == mine:
        return None, f"published the same day as {other.id} ({mine}); direction unknown"
    return None, f"published first ({mine}); {other.id} reuses it ({theirs})"
