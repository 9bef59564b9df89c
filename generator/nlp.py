"""The spaCy model: loaded once per process, run in batches over article texts.

The loaded pipeline annotates exactly as the model package does, for about half the CPU: its
matrix products go through numpy and its attribute rules through a lookup (benchmarks/parsing.py).
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from functools import lru_cache
from importlib import metadata

# Parallelism comes from processes (pipeline._local_workers); a second OpenBLAS thread per
# process only competes with them and spins (NER: +30 % CPU, same wall time). Read when numpy
# loads, so set before spaCy is imported; a user's own setting wins.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import spacy  # noqa: E402
from spacy.attrs import IDS  # noqa: E402
from spacy.language import Language  # noqa: E402
from spacy.matcher import Matcher  # noqa: E402
from spacy.pipeline import AttributeRuler  # noqa: E402
from spacy.tokens import Doc  # noqa: E402
from spacy.util import compile_infix_regex  # noqa: E402
from thinc.api import Model, NumpyOps  # noqa: E402

from .records import Article


@Language.component("paragraph_boundaries")
def paragraph_boundaries(doc: Doc) -> Doc:
    """Start a sentence after every line break: a headline or paragraph never runs into the next."""
    for token in doc[1:]:
        if "\n" in doc[token.i - 1].text_with_ws and not token.is_space:
            token.is_sent_start = True
    return doc


class CachedAttributeRuler(AttributeRuler):
    """The model's ``attribute_ruler`` (same patterns, same precedence, same annotations), matched
    faster: a one-token pattern can only read the token's own attributes, so which of them match
    is looked up once per distinct combination of the attributes the patterns read, instead of
    running every pattern over every token (the Matcher's cost, ~10 % of the model's).
    Patterns spanning several tokens still go through a Matcher of their own."""

    MAX_CACHED = 200_000
    """Distinct attribute combinations remembered; the cache starts afresh beyond that."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._lookup: _SingleTokenLookup | None = None

    def add(self, patterns, attrs, index: int = 0) -> None:
        """Add patterns as :meth:`AttributeRuler.add` does (the lookup is rebuilt on next use)."""
        super().add(patterns, attrs, index)
        self._lookup = None

    def match(self, doc: Doc) -> list[tuple[int, int, int, int]]:
        """The same sorted ``(rule, match id, start, end)`` list as :meth:`AttributeRuler.match`."""
        if self._lookup is None:
            self._lookup = _SingleTokenLookup.of(self)
        if not self._lookup.attrs:
            return super().match(doc)
        return self._lookup.matches(doc)


class _SingleTokenLookup:
    """Matches of an attribute ruler's rules, one-token patterns looked up by token attributes."""

    def __init__(self, ruler: AttributeRuler, attrs: tuple[int, ...], single: Matcher,
                 multi: Matcher) -> None:
        self.attrs, self.single, self.multi = attrs, single, multi
        self.rule_of = {ruler.vocab.strings[str(i)]: i for i in range(len(ruler.attrs))}
        self.by_key: dict[tuple[int, ...], tuple[tuple[int, int], ...]] = {}

    @classmethod
    def of(cls, ruler: AttributeRuler) -> _SingleTokenLookup:
        """Split the ruler's patterns by length; ``attrs`` is empty when a one-token pattern reads
        something other than plain token attributes (then the ruler matches as usual)."""
        single, multi = Matcher(ruler.vocab), Matcher(ruler.vocab)
        read: set[int] = set()
        for i in range(len(ruler.attrs)):
            key = str(i)
            patterns = ruler.matcher.get(key)[1]
            if short := [p for p in patterns if len(p) == 1]:
                single.add(key, short)
            if long := [p for p in patterns if len(p) > 1]:
                multi.add(key, long)
            names = {name for pattern in short for name in pattern[0]}
            if not names <= IDS.keys():  # "OP", "_": not a function of the token's attributes
                return cls(ruler, (), single, multi)
            read |= {IDS[name] for name in names}
        return cls(ruler, tuple(sorted(read)), single, multi)

    def matches(self, doc: Doc) -> list[tuple[int, int, int, int]]:
        found = [(self.rule_of[m], m, start, end) for m, start, end in
                 self.multi(doc, allow_missing=True, as_spans=False)]
        rows = doc.to_array(list(self.attrs)).reshape(len(doc), len(self.attrs)).tolist()
        for i, row in enumerate(rows):
            key = tuple(row)
            rules = self.by_key.get(key)
            if rules is None:
                rules = self._remember(key, doc[i:i + 1])
            found.extend((rule, m, i, i + 1) for rule, m in rules)
        found.sort()
        return found

    def _remember(self, key: tuple[int, ...], token_span) -> tuple[tuple[int, int], ...]:
        if len(self.by_key) >= CachedAttributeRuler.MAX_CACHED:
            self.by_key.clear()
        rules = tuple(sorted((self.rule_of[m], m) for m, _s, _e in
                             self.single(token_span, allow_missing=True, as_spans=False)))
        self.by_key[key] = rules
        return rules


@Language.factory("cached_attribute_ruler")
def make_cached_attribute_ruler(nlp: Language, name: str) -> CachedAttributeRuler:
    """An empty :class:`CachedAttributeRuler`: :func:`load_pipeline` adds the model's patterns."""
    return CachedAttributeRuler(nlp.vocab, name)


@lru_cache(maxsize=4)
def load_pipeline(model: str) -> Language:
    """Load an installed spaCy model package by name; it must ship its weights (no download)."""
    try:
        nlp = spacy.load(model)
    except OSError as error:
        raise ValueError(
            f"spaCy model {model!r} is not installed; install it with pip (it ships in a package)"
        ) from error
    nlp.add_pipe("paragraph_boundaries", before="parser")
    _split_glued_quote_marks(nlp)
    _multiply_with_numpy(nlp)
    if "attribute_ruler" in nlp.pipe_names:
        patterns = nlp.get_pipe("attribute_ruler").patterns
        nlp.replace_pipe("attribute_ruler", "cached_attribute_ruler").add_patterns(patterns)
    return nlp


def _multiply_with_numpy(nlp: Language) -> None:
    """Run the CPU models' matrix products through numpy (OpenBLAS) instead of thinc's BLIS: 3x
    the throughput on the machines measured (AMD EPYC, 105 vs 35 GFLOPS, one thread), so the
    tok2vec layers cost half; same products, only the summation order differs."""
    ops = NumpyOps(use_blis=False)
    for _name, component in nlp.pipeline:
        model = getattr(component, "model", None)
        if isinstance(model, Model):
            for node in model.walk():
                if type(node.ops) is NumpyOps:  # leave a GPU's ops alone
                    node.ops = ops


def _split_glued_quote_marks(nlp: Language) -> None:
    """Scrapes drop spaces around quotation marks (``said,“Look``, ``fight”to``): split them off,
    so quote extraction sees the marks and the parser sees the words."""
    infixes = [*nlp.Defaults.infixes, r"(?<=[A-Za-z])[,;:](?=[“\"‘])", r"(?<=[,.;:!?])[“\"‘]",
               r"[”\"](?=[A-Za-z])"]
    nlp.tokenizer.infix_finditer = compile_infix_regex(infixes).finditer


def parse(nlp: Language, articles: Iterable[Article], *, batch_size: int = 16) -> Iterator[tuple[Article, Doc]]:
    """Yield each article with its parsed Doc, in order; offsets in the Doc match ``article.text``."""
    pending = list(articles)
    texts = (article.text for article in pending)
    yield from zip(pending, nlp.pipe(texts, batch_size=batch_size))


def model_fingerprint(model: str) -> str:
    """Name and installed version of the model package: part of every cache key, so a new model
    re-analyses. Read from package metadata, so a fully cached build never loads the model."""
    try:
        return f"{model}-{metadata.version(model)}"
    except metadata.PackageNotFoundError:
        meta = load_pipeline(model).meta
        return f"{model}-{meta.get('version')}"
