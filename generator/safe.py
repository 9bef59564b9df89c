"""Safe text and safe paths for the generated site.

Everything printed on the site comes from scraped articles, so it is treated
as hostile: :func:`escape_markdown` turns any text into Markdown that renders
as exactly that text (no HTML, no Markdown or extension syntax, no Jinja), and
:func:`slugify` / :func:`unique_slugs` turn any name into a short ASCII file
name that cannot escape its folder.
"""

from __future__ import annotations

import hashlib
import re
import string
import unicodedata
from collections import defaultdict
from itertools import count
from collections.abc import Iterable

# Latin letters that Unicode does not decompose into an ASCII base letter.
_LATIN_EXTRAS = str.maketrans({
    "ß": "ss", "æ": "ae", "ø": "o", "ł": "l", "đ": "d", "ð": "d", "þ": "th",
    "œ": "oe", "ı": "i", "ħ": "h", "ŋ": "ng", "ĸ": "k", "ſ": "s",
})
_NOT_SLUG = re.compile(r"[^a-z0-9]+")
_HASH_LEN = 8

# Every ASCII punctuation character: Markdown, Python-Markdown extensions,
# pymdownx, attribute lists, Jinja and YAML all build their syntax from these,
# so none of them reaches the Markdown source as itself (one pass per character,
# so an inserted reference is never escaped twice).
_INERT = ",;?%"
"""Punctuation that no Markdown syntax or extension acts on (Jinja's ``%`` needs ``{``): kept as is."""
_PUNCTUATION = {c: f"&#{ord(c)};" for c in string.punctuation if c not in _INERT}
_PUNCTUATION.update({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"})
_ESCAPES = str.maketrans(_PUNCTUATION)
_SPACE_RUN = re.compile(r"\s+")


def _is_layout_breaker(char: str) -> bool:
    """True for characters that must not reach Markdown: controls, line breaks, odd spaces.

    Python-Markdown uses STX/ETX (``\\x02``/``\\x03``) to mark stashed HTML, so a
    control character in the input could address a stash entry; line and
    paragraph separators could start a new block.
    """
    return unicodedata.category(char) in {"Cc", "Cs", "Zl", "Zp", "Zs"} or char.isspace()


def escape_markdown(text: str) -> str:
    """Return Markdown (also valid HTML text or attribute value) that shows ``text`` literally.

    HTML-escapes ``& < > " '``, replaces every other ASCII punctuation character
    that some Markdown syntax or extension could act on (all but ``, ; ? %``)
    with a numeric character reference, and turns line breaks, control
    characters, lone surrogates and space runs into single spaces (so the result
    is one inline run; a single edge space is kept so runs of text can be
    joined). Rendered, it reads as the input.
    """
    # printable text (the common case) holds no layout breaker but the plain space
    cleaned = text if text.isprintable() else "".join(" " if _is_layout_breaker(c) else c for c in text)
    return _SPACE_RUN.sub(" ", cleaned).translate(_ESCAPES)


def _ascii_words(text: str) -> tuple[str, bool]:
    """Lower-case ASCII transliteration of ``text`` and whether letters or digits were lost."""
    folded = unicodedata.normalize("NFKD", text.lower().translate(_LATIN_EXTRAS))
    kept = "".join(c for c in folded if c.isascii())
    lost = any(c.isalnum() and not c.isascii() and not unicodedata.combining(c) for c in folded)
    return _NOT_SLUG.sub("-", kept).strip("-"), lost


def _truncate(slug: str, max_len: int) -> str:
    """Cut ``slug`` to ``max_len`` characters, preferring a word boundary."""
    if len(slug) <= max_len:
        return slug
    cut = slug[:max_len]
    if slug[max_len] != "-" and "-" in cut[max_len // 2:]:
        cut = cut[: cut.rindex("-")]
    return cut.strip("-")


def slugify(text: str, *, max_len: int = 60) -> str:
    """Return a path-safe slug for ``text``: ``[a-z0-9]`` words joined by single hyphens.

    Latin letters are transliterated (``"Zoë Łukasz"`` -> ``"zoe-lukasz"``).
    When letters cannot be transliterated (other scripts) or nothing is left,
    a short stable hash of ``text`` keeps different names apart. Never empty,
    never longer than ``max_len`` (at least 8), never ``.``, ``..`` or a separator.
    """
    if max_len < _HASH_LEN:
        raise ValueError(f"max_len must be at least {_HASH_LEN}: {max_len!r}")
    words, lost = _ascii_words(text)
    if words and not lost:
        return _truncate(words, max_len)
    digest = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:_HASH_LEN]
    stem = _truncate(words, max_len - _HASH_LEN - 1) if max_len > _HASH_LEN + 1 else ""
    return f"{stem}-{digest}" if stem else digest


def _with_suffix(base: str, n: int, max_len: int) -> str:
    suffix = f"-{n}"
    return f"{_truncate(base, max_len - len(suffix)) or 'x'}{suffix}"


def unique_slugs(names: Iterable[str], *, max_len: int = 60,
                 reserved: Iterable[str] = ()) -> dict[str, str]:
    """Map each distinct name to a distinct slug; collisions get ``-2``, ``-3`` ... suffixes.

    The result depends only on the set of names (they are sorted first), so it
    is stable across rebuilds whatever order the names come in. ``reserved``
    slugs (e.g. ``index``) are never handed out.
    """
    groups: dict[str, list[str]] = defaultdict(list)
    for name in sorted(set(names)):
        groups[slugify(name, max_len=max_len)].append(name)
    blocked = set(reserved)
    taken = blocked | groups.keys()
    result: dict[str, str] = {}
    for slug, group in sorted(groups.items()):
        if slug not in blocked:
            result[group[0]] = slug
        for name in group if slug in blocked else group[1:]:
            result[name] = next(candidate for n in count(2)
                                if (candidate := _with_suffix(slug, n, max_len)) not in taken)
            taken.add(result[name])
    return result
