"""The spaCy model: loaded once per process, run in batches over article texts."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import lru_cache
from importlib import metadata

import spacy
from spacy.util import compile_infix_regex
from spacy.language import Language
from spacy.tokens import Doc

from .records import Article


@Language.component("paragraph_boundaries")
def paragraph_boundaries(doc: Doc) -> Doc:
    """Start a sentence after every line break: a headline or paragraph never runs into the next."""
    for token in doc[1:]:
        if "\n" in doc[token.i - 1].text_with_ws and not token.is_space:
            token.is_sent_start = True
    return doc


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
    return nlp


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
