"""The analysis export (``analysis.json``): a stable, documented JSON schema for other tools.

The schema is described field by field in ``docs/analysis-json.md``; bump
:data:`SCHEMA_VERSION` on any incompatible change.
"""

from __future__ import annotations

from typing import Any

from .records import Analysis, Article, Claim, Entity, Overlap, Quote, QuoteGroup
from .render import PageMap

SCHEMA_VERSION = 1
EXPORT_PATH = "analysis.json"


def export_analysis(analysis: Analysis, pages: PageMap) -> dict[str, Any]:
    """The whole analysis as plain JSON data; ``page`` fields are site URLs relative to the root."""
    return {
        "schema_version": SCHEMA_VERSION,
        "title": analysis.bundle.title,
        "articles": [_article(a, pages) for a in analysis.bundle.articles],
        "files": [
            {"path": f.path, "status": f.status, "reason": f.reason, "article": f.article_id}
            for f in analysis.bundle.files
        ],
        "entities": [_entity(e, pages) for e in analysis.entities],
        "quotes": [_quote(q) for q in analysis.quotes],
        "quote_groups": [_group(g, pages) for g in analysis.quote_groups],
        "overlaps": [_overlap(o, pages) for o in analysis.overlaps],
        "originality": [
            {"article": o.article, "original_share": round(o.original_share, 4),
             "likely_source": o.likely_source, "note": o.note}
            for o in analysis.originality
        ],
        "claims": [_claim(c, pages) for c in analysis.claims],
        "outlets": [
            {"name": o.name, "articles": list(o.articles), "page": page_url(pages.outlets.get(o.id))}
            for o in analysis.outlets
        ],
    }


def page_url(path: str | None) -> str | None:
    """Docs-relative Markdown path → site URL with directory URLs (``people/x.md`` → ``people/x/``)."""
    if path is None:
        return None
    stem = path.removesuffix(".md")
    if stem == "index" or stem.endswith("/index"):
        return stem.removesuffix("index")
    return stem + "/"


def _article(article: Article, pages: PageMap) -> dict[str, Any]:
    return {
        "id": article.id,
        "file": article.file,
        "outlet": article.outlet.value,
        "headline": article.headline.value,
        "author": article.author.value,
        "published": article.published.value,
        "url": article.url.value,
        "sources": {
            name: getattr(article, name).source
            for name in ("outlet", "headline", "author", "published", "url")
        },
        "words": article.words,
        "page": page_url(pages.articles.get(article.id)),
        "boilerplate_removed": list(article.boilerplate_removed),
        "boilerplate_rules": list(article.boilerplate_rules),
    }


def _entity(entity: Entity, pages: PageMap) -> dict[str, Any]:
    return {
        "id": entity.id,
        "name": entity.name,
        "type": entity.type,
        "aliases": [alias.text for alias in entity.aliases],
        "role": entity.role,
        "roles": [{"text": r.text, "articles": list(r.articles)} for r in entity.roles],
        "articles": list(entity.articles),
        "mentions": len(entity.mentions),
        "page": page_url(pages.entities.get(entity.id)),
    }


def _quote(quote: Quote) -> dict[str, Any]:
    return {
        "id": quote.id,
        "article": quote.article,
        "text": quote.text,
        "speaker_name": quote.speaker_name,
        "speaker_id": quote.speaker_id,
        "direct": quote.direct,
        "cue": quote.cue,
        "start": quote.start,
        "end": quote.end,
        "group": quote.group,
    }


def _group(group: QuoteGroup, pages: PageMap) -> dict[str, Any]:
    return {
        "id": group.id,
        "speaker_id": group.speaker_id,
        "speaker_name": group.speaker_name,
        "quotes": list(group.quotes),
        "altered": group.altered,
        "versions": [
            {"quote": v.quote, "changed_words": v.changed_words,
             "diff": [{"op": t.op, "text": t.text} for t in v.diff]}
            for v in group.versions
        ],
        "page": page_url(pages.quote_groups.get(group.id)),
    }


def _overlap(overlap: Overlap, pages: PageMap) -> dict[str, Any]:
    return {
        "a": overlap.a,
        "b": overlap.b,
        "kind": overlap.kind,
        "score": round(overlap.score, 4),
        "passages": [
            {"a_text": p.a_text, "b_text": p.b_text, "a_start": p.a_start, "a_end": p.a_end,
             "b_start": p.b_start, "b_end": p.b_end, "kind": p.kind}
            for p in overlap.passages
        ],
        "shared_quote_groups": list(overlap.shared_quote_groups),
        "page": page_url(pages.overlaps.get(f"{overlap.a}|{overlap.b}")),
    }


def _claim(claim: Claim, pages: PageMap) -> dict[str, Any]:
    return {
        "id": claim.id,
        "text": claim.text,
        "articles": list(claim.articles),
        "single_source": claim.single_source,
        "contradicts": list(claim.contradicts),
        "conflict": claim.conflict,
        "conflicts": list(claim.conflicts),
        "quote_group": claim.quote_group,
        "omitted_by": list(claim.omitted_by),
        "supports": [
            {"article": s.article, "text": s.text, "start": s.start, "end": s.end}
            for s in claim.supports
        ],
        "page": page_url(pages.claims.get(claim.id)),
    }
