"""Ingest: a bundle folder of scraped articles -> :class:`Bundle`.

Every file seen gets exactly one :class:`FileReport`; usable files become
:class:`Article` records with cleaned text, metadata guesses that say where
they came from, and the list of boilerplate lines taken out. Nothing from the
files is interpreted as markup except ``.html``/``.htm`` files, which are
reduced to text with the standard-library parser (never rendered).

Rules here are general patterns of scraped news pages (navigation words,
bylines, "Source:" lines, comment policies, photo credits); no rule names an
outlet, person or phrase of any particular bundle.
"""

from __future__ import annotations

import codecs
import datetime as dt
import hashlib
import json
import os
import re
import stat
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import ftfy
import yaml
from markdown_it import MarkdownIt
from mkdocs.config import config_options as opt
from mkdocs.config.base import Config

from .records import Article, Bundle, FileReport, FileStatus, Guess

ARTICLE_SUFFIXES = frozenset({".txt", ".md", ".html", ".htm"})
BUNDLE_FILE = "bundle.yml"
NOT_STATED = Guess(None, "not stated")
FIELDS = ("outlet", "headline", "author", "published", "url")
GENERIC_FOLDER_NAMES = frozenset(
    "seeds seed bundle bundles articles data input news texts corpus docs".split()
)
MAX_FOLDER_DEPTH = 32
HEADER_LINES = 12
FOOTER_LINES = 6


class FileFault(Exception):
    """A file that cannot become an article; ``status`` and ``reason`` go into its FileReport."""

    def __init__(self, status: FileStatus, reason: str) -> None:
        super().__init__(reason)
        self.status = status
        self.reason = reason


# --------------------------------------------------------------------------- bundle.yml


class ArticleMeta(Config):
    """Per-file metadata a user may state in bundle.yml; every key is optional."""

    outlet = opt.Optional(opt.Type(str))
    url = opt.Optional(opt.Type(str))
    published = opt.Optional(opt.Type((str, dt.date)))
    headline = opt.Optional(opt.Type(str))
    author = opt.Optional(opt.Type(str))


class BundleMeta(Config):
    """Top level of bundle.yml: a story title and per-file metadata keyed by file path."""

    title = opt.Optional(opt.Type(str))
    articles = opt.Type(dict, default={})


@dataclass(frozen=True)
class StatedMeta:
    """What bundle.yml validly states, plus one warning line per problem."""

    title: str | None
    articles: dict[str, dict[str, str]]
    warnings: tuple[str, ...]


def read_bundle_meta(path: Path, max_file_bytes: int = 5_000_000) -> StatedMeta:
    """Validate ``bundle.yml`` with MkDocs config options; bad keys become warnings, not errors."""
    try:
        raw_file = read_raw(path, max_file_bytes)
        if raw_file.truncated:
            return StatedMeta(None, {}, (f"larger than {max_file_bytes:,} bytes; ignored",))
        raw = yaml.safe_load(raw_file.data.decode("utf-8-sig")) or {}
    except FileFault as fault:
        return StatedMeta(None, {}, (fault.reason,))
    except (UnicodeDecodeError, yaml.YAMLError) as error:
        return StatedMeta(None, {}, (f"not readable as YAML ({_one_line(error)}); using guesses",))
    if not isinstance(raw, dict):
        return StatedMeta(
            None,
            {},
            (f"expected a mapping with 'title' and 'articles', got {type(raw).__name__}",),
        )
    top, warnings = _validated(BundleMeta, raw, "")
    articles: dict[str, dict[str, str]] = {}
    for name, entry in sorted((top.get("articles") or {}).items(), key=lambda kv: str(kv[0])):
        where = f"articles.{name}"
        if not isinstance(entry, dict):
            warnings.append(f"{where}: expected a mapping of outlet/url/published/headline/author")
            continue
        meta, entry_warnings = _validated(ArticleMeta, entry, where)
        warnings.extend(entry_warnings)
        articles[str(name)] = _stated_fields(meta, where, warnings)
    return StatedMeta((top.get("title") or "").strip() or None, articles, tuple(warnings))


def _validated(schema: type[Config], raw: dict, where: str) -> tuple[dict, list[str]]:
    """Validate key by key with a fresh ``schema()``, so one bad key drops only itself."""
    good: dict = {}
    warnings: list[str] = []
    for key, value in raw.items():
        config = schema()
        known = set(config.keys())
        config.load_dict({key: value})
        errors, config_warnings = config.validate()
        warnings.extend(
            f"{where}.{name}: {message}" if where else f"{name}: {message}"
            for name, message in [*errors, *config_warnings]
        )
        if not errors and key in known:
            good[key] = config[key]
    return good, warnings


def _stated_fields(meta: dict, where: str, warnings: list[str]) -> dict[str, str]:
    """Normalise bundle.yml values: dates to ISO, URLs limited to http(s)."""
    stated = {
        key: str(value).strip()
        for key, value in meta.items()
        if value is not None and str(value).strip()
    }
    if "published" in stated:
        iso = parse_date(stated["published"])
        if iso is None:
            warnings.append(f"{where}.published: not a date: {stated['published']!r}")
            del stated["published"]
        else:
            stated["published"] = iso
    if "url" in stated and not is_web_url(stated["url"]):
        warnings.append(f"{where}.url: only http(s) URLs are allowed: {stated['url']!r}")
        del stated["url"]
    return stated


def _one_line(error: Exception) -> str:
    return " ".join(str(error).split())[:200]


# --------------------------------------------------------------------------- walking the folder


@dataclass(frozen=True)
class Entry:
    """One thing found under the bundle folder, before reading it."""

    path: Path
    rel: str
    problem: FileFault | None = None


def walk_bundle(root: Path) -> list[Entry]:
    """Every file under ``root`` sorted by relative path; symlinks and odd files carry a fault."""
    entries = list(_walk(root, root))
    return sorted(entries, key=lambda e: e.rel)


def _walk(root: Path, folder: Path, depth: int = 0) -> Iterator[Entry]:
    try:
        with os.scandir(folder) as found:
            children = sorted(found, key=lambda d: d.name)
    except OSError as error:
        fault = FileFault("rejected", f"unreadable folder: {_os_reason(error)}")
        yield Entry(folder, _rel(root, folder) + "/", fault)
        return
    for child in children:
        path = Path(child.path)
        rel = _rel(root, path)
        fault = _entry_fault(root, child, rel, depth)
        if fault is None and child.is_dir(follow_symlinks=False):
            yield from _walk(root, path, depth + 1)
        else:
            yield Entry(path, _printable(rel), fault or _type_fault(child, rel))


def _entry_fault(root: Path, child: os.DirEntry, rel: str, depth: int) -> FileFault | None:
    """Faults known from the directory entry alone: symlinks, bad names, hidden, too deep."""
    if child.is_symlink():
        return FileFault(
            "rejected", f"symlink not followed ({_link_target(root, Path(child.path))})"
        )
    if _printable(rel) != rel:
        return FileFault("rejected", "file name is not valid UTF-8")
    is_dir = child.is_dir(follow_symlinks=False)
    if child.name.startswith("."):
        return FileFault("rejected", f"ignored: hidden {'folder' if is_dir else 'file'}")
    if is_dir and depth >= MAX_FOLDER_DEPTH:
        return FileFault(
            "rejected", f"folder nested more than {MAX_FOLDER_DEPTH} levels deep; not read"
        )
    return None


def _printable(name: str) -> str:
    """A file name as valid Unicode: undecodable bytes (surrogate escapes) become U+FFFD."""
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def _type_fault(child: os.DirEntry, rel: str) -> FileFault | None:
    if not child.is_file(follow_symlinks=False):
        return FileFault("rejected", "not a regular file (device, pipe or socket)")
    if rel == BUNDLE_FILE:
        return None
    suffix = Path(rel).suffix.lower()
    if suffix not in ARTICLE_SUFFIXES:
        shown = suffix or "no extension"
        return FileFault(
            "rejected",
            f"ignored: not an article file type ({shown}; expected .txt, .md, .html or .htm)",
        )
    return None


def _rel(root: Path, path: Path) -> str:
    return path.relative_to(root).as_posix()


def _link_target(root: Path, link: Path) -> str:
    """Say where a symlink points without following it further than resolving the path."""
    target = Path(os.path.realpath(link))
    real_root = Path(os.path.realpath(root))
    if target == real_root or real_root in target.parents:
        return f"points to {target.relative_to(real_root).as_posix() or '.'} inside the bundle"
    return "points outside the bundle"


def _os_reason(error: OSError) -> str:
    if isinstance(error, PermissionError):
        return "permission denied"
    return (error.strerror or type(error).__name__).lower()


# --------------------------------------------------------------------------- reading bytes


@dataclass(frozen=True)
class RawFile:
    """The bytes read from one file (at most ``max_file_bytes``) and the hash of the whole file."""

    data: bytes
    size: int
    sha256: str
    truncated: bool


def read_raw(path: Path, max_file_bytes: int) -> RawFile:
    """Read at most ``max_file_bytes``, never via a symlink; hash the whole file by streaming."""
    try:
        fd = os.open(
            path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
        )
    except OSError as error:
        raise FileFault("rejected", f"unreadable: {_os_reason(error)}") from error
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(handle.fileno())
        if not stat.S_ISREG(info.st_mode):
            raise FileFault("rejected", "not a regular file (device, pipe or socket)")
        data = handle.read(max_file_bytes)
        digest = hashlib.sha256(data)
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return RawFile(data, info.st_size, digest.hexdigest(), info.st_size > len(data))


# --------------------------------------------------------------------------- decoding

BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Cc controls other than tab/newline, plus zero-width and bidi override characters that
# can hide or reorder text in the report.
CONTROL_CHARS = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b\u202a-\u202e\u2066-\u2069\ufeff\ufffe]"
)
BINARY_SHARE = 0.10
# Terminal colour codes: keep one ESC so the sequence counts as one control character.
ANSI_ESCAPE = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


@dataclass(frozen=True)
class Decoded:
    text: str
    warnings: tuple[str, ...]


def decode_text(raw: RawFile) -> Decoded:
    """Bytes -> NFC text: BOMs, UTF-8, then cp1252/latin-1; mojibake fixed; controls stripped.

    Raises FileFault for empty, whitespace-only and binary files."""
    if not raw.data.strip():
        raise FileFault("rejected", "empty file" if not raw.data else "whitespace only, no text")
    text, encoding = _decode_bytes(raw.data, final=not raw.truncated)
    if not text.strip():
        raise FileFault("rejected", "whitespace only, no text")
    warnings = [_encoding_warning(encoding)] if encoding not in ("utf-8", "utf-8-sig") else []
    fixed = fix_mojibake(text)
    if fixed != text:
        warnings.append(
            "repaired mojibake (text had been decoded with the wrong encoding) with ftfy"
        )
    text = ANSI_ESCAPE.sub("\x1b", fixed)
    controls = len(CONTROL_CHARS.findall(text))
    if controls > BINARY_SHARE * len(text):
        raise FileFault(
            "rejected",
            f"binary file: {100 * controls // len(text)}% of characters are control codes",
        )
    if controls:
        text = CONTROL_CHARS.sub("", text)
        warnings.append(f"removed {controls} control character{'s' if controls > 1 else ''}")
    if raw.truncated:
        warnings.append(
            f"truncated: file is {raw.size:,} bytes; only the first {len(raw.data):,} were read"
        )
    return Decoded(unicodedata.normalize("NFC", text), tuple(warnings))


def fix_mojibake(text: str) -> str:
    """Undo text decoded with the wrong encoding ("donâ€™t" -> "don’t"), line by line.

    ftfy judges a whole string at once, so one bad line in a long clean file can be left
    half-fixed; clean text is checked whole first because that is much faster.
    """
    if ftfy.fix_encoding(text) == text:
        return text
    return "".join(ftfy.fix_encoding(line) for line in text.splitlines(keepends=True))


def _decode_bytes(data: bytes, *, final: bool) -> tuple[str, str]:
    for bom, encoding in BOMS:
        if data.startswith(bom):
            return _decode(data, encoding, final), encoding
    if b"\x00" in data:
        raise FileFault(
            "rejected",
            "binary file: contains NUL bytes "
            "(if it is UTF-16 text, save it with a byte-order mark or as UTF-8)",
        )
    for encoding in ("utf-8", "cp1252"):
        try:
            return _decode(data, encoding, final), encoding
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1"), "latin-1"


def _decode(data: bytes, encoding: str, final: bool) -> str:
    # An incremental decoder drops a multi-byte character cut by truncation instead of failing.
    return codecs.getincrementaldecoder(encoding)(errors="strict").decode(data, final=final)


def _encoding_warning(encoding: str) -> str:
    if encoding.startswith("utf-"):
        return f"decoded as {encoding.upper()} (byte-order mark)"
    return f"not valid UTF-8; decoded as {encoding}"


# --------------------------------------------------------------------------- HTML


DROPPED_TAGS = frozenset(
    "script style nav footer aside noscript template svg iframe form button select "
    "textarea object".split()
)
BLOCK_TAGS = frozenset(
    "p div br li ul ol h1 h2 h3 h4 h5 h6 blockquote tr table section article header "
    "main figure figcaption pre hr dd dt".split()
)
HTML_META = {
    "og:site_name": "outlet",
    "application-name": "outlet",
    "og:title": "headline",
    "author": "author",
    "article:author": "author",
    "article:published_time": "published",
    "date": "published",
    "og:url": "url",
}


class _ArticleHTML(HTMLParser):
    """Collects visible text (a line per block element) and <meta> metadata; runs nothing."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.meta: dict[str, Guess] = {}
        self.dropped = 0
        self.title: list[str] = []
        self.h1: list[str] | None = None
        self.in_title = False
        self.h1_text = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if tag == "meta":
            self._meta(values)
        elif tag == "link" and "canonical" in values.get("rel", "").lower().split():
            self._guess("url", values.get("href", ""), "<link rel=canonical>")
        elif tag == "title":
            self.in_title = True
        elif tag in DROPPED_TAGS:
            self.dropped += 1
        elif tag == "h1" and self.h1 is None and not self.dropped:
            self.h1 = []
        if tag in BLOCK_TAGS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self.in_title = False
        elif tag in DROPPED_TAGS:
            self.dropped = max(0, self.dropped - 1)
        elif tag == "h1" and self.h1 is not None and not self.h1_text:
            self.h1_text = " ".join("".join(self.h1).split())
        if tag in BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.title.append(data)
        elif not self.dropped:
            self.parts.append(data)
            if self.h1 is not None and not self.h1_text:
                self.h1.append(data)

    def _meta(self, values: dict[str, str]) -> None:
        key = (values.get("property") or values.get("name") or values.get("itemprop") or "").lower()
        if key in HTML_META:
            self._guess(HTML_META[key], values.get("content", ""), f"<meta {key}>")

    def _guess(self, field: str, value: str, source: str) -> None:
        value = " ".join(value.split())
        if field == "published":
            value = parse_date(value) or ""
        if field == "url" and not is_web_url(value):
            value = ""
        if value and field not in self.meta:
            self.meta[field] = Guess(value, source)


def html_to_text(html: str) -> tuple[str, dict[str, Guess]]:
    """Visible text of an HTML page (script/style/nav/footer dropped) and its metadata guesses."""
    parser = _ArticleHTML()
    parser.feed(html)
    parser.close()
    meta = dict(parser.meta)
    title = " ".join("".join(parser.title).split())
    if parser.h1_text:
        meta["headline"] = Guess(parser.h1_text, "<h1>")
    elif title and "headline" not in meta:
        meta["headline"] = Guess(title, "<title>")
    return "".join(parser.parts), meta


# --------------------------------------------------------------------------- front matter


FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)
FRONT_MATTER_KEYS = {
    "title": "headline",
    "headline": "headline",
    "author": "author",
    "byline": "author",
    "date": "published",
    "published": "published",
    "outlet": "outlet",
    "source": "outlet",
    "publisher": "outlet",
    "site": "outlet",
    "url": "url",
    "link": "url",
}


def split_front_matter(text: str) -> tuple[str, dict[str, Guess], tuple[str, ...]]:
    """A leading YAML front-matter block -> (rest of text, guesses, its lines); else unchanged."""
    match = FRONT_MATTER.match(text)
    if not match:
        return text, {}, ()
    try:
        data = yaml.safe_load(match.group(1))
    except yaml.YAMLError:
        return text, {}, ()
    if not isinstance(data, dict):
        return text, {}, ()
    guesses: dict[str, Guess] = {}
    for key, value in data.items():
        field = FRONT_MATTER_KEYS.get(str(key).lower())
        clean = _clean_value(field, value) if field else None
        if clean and field not in guesses:
            guesses[field] = Guess(clean, "front matter")
    lines = tuple(line.strip() for line in match.group(0).splitlines() if line.strip())
    return text[match.end() :], guesses, lines


def _clean_value(field: str, value: object) -> str | None:
    if not isinstance(value, (str, dt.date)):
        return None
    text = " ".join(str(value).split())
    if field == "published":
        return parse_date(text)
    if field == "url":
        return text if is_web_url(text) else None
    return text or None


# --------------------------------------------------------------------------- dates and small checks


MONTH = (
    r"(?P<mon>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
ORDINAL = r"(?:st|nd|rd|th)?"
DATE_PATTERNS = (
    re.compile(
        r"\b(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})"
        r"(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?\b"
    ),
    re.compile(rf"\b{MONTH}\s+(?P<d>\d{{1,2}}){ORDINAL},?\s+(?P<y>\d{{4}})\b", re.I),
    re.compile(rf"\b(?P<d>\d{{1,2}}){ORDINAL}\s+(?:of\s+)?{MONTH},?\s+(?P<y>\d{{4}})\b", re.I),
)
MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


def find_date(text: str) -> tuple[str, re.Match] | None:
    """The first real calendar date written in ``text`` as ISO ``YYYY-MM-DD``, with its match."""
    found = [(m.start(), m) for pattern in DATE_PATTERNS for m in pattern.finditer(text)]
    for _, match in sorted(found, key=lambda item: item[0]):
        groups = match.groupdict()
        month = (
            MONTHS.index(groups["mon"][:3].lower()) + 1 if groups.get("mon") else int(groups["m"])
        )
        try:
            return dt.date(int(groups["y"]), month, int(groups["d"])).isoformat(), match
        except ValueError:
            continue
    return None


def parse_date(text: str) -> str | None:
    """``"Sep 11th, 2023"``, ``"13 September 2023"``, ``"2023-09-11T10:00Z"`` -> ISO; else None."""
    found = find_date(text)
    return found[0] if found else None


def is_web_url(text: str) -> bool:
    """True for an absolute http(s) URL without spaces (never ``javascript:`` or ``file:``)."""
    return bool(re.fullmatch(r"https?://[^\s/$.?#][^\s]*", text, re.I))


# --------------------------------------------------------------------------- lines


@dataclass(frozen=True)
class Line:
    text: str
    number: int
    """1-based line number in the decoded file, so a guess's source can be checked."""


def logical_lines(text: str) -> list[Line]:
    """Non-blank lines, whitespace collapsed; a wrapped line joins a next line in lower case."""
    lines: list[Line] = []
    previous_blank = True
    for number, raw in enumerate(text.splitlines(), start=1):
        line = " ".join(raw.split())
        if not line:
            previous_blank = True
            continue
        if lines and not previous_blank and _continues(lines[-1].text, line):
            lines[-1] = Line(f"{lines[-1].text} {line}", lines[-1].number)
        else:
            lines.append(Line(line, number))
        previous_blank = False
    return lines


def markdown_to_text(text: str) -> str:
    """The plain text of a Markdown article, each block on the line where it starts (so line
    numbers in guesses stay true): headings and paragraphs keep their words, links their text;
    images (not prose), emphasis, code and link marks go; raw HTML blocks lose their tags."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")  # markdown-it counts a lone CR as a line break
    lines = [""] * (text.count("\n") + 1)
    for token in MarkdownIt("commonmark").parse(text):
        if token.map and token.type == "inline":
            lines[token.map[0]] = _inline_text(token.children or [])
        elif token.map and token.type == "html_block":
            lines[token.map[0]] = html_to_text(token.content)[0].replace("\n", " ")
    return "\n".join(lines)


def _inline_text(children: list) -> str:
    words = (
        child.content if child.type in ("text", "code_inline") else " "
        for child in children
        if child.type in ("text", "code_inline", "softbreak", "hardbreak")
    )
    return " ".join("".join(words).split())


def _continues(previous: str, line: str) -> bool:
    return line[0].islower() and bool(re.search(r"(?:[^\W_]|,)[\"”’)]?$", previous))


# --------------------------------------------------------------------------- boilerplate rules


def _words(line: str) -> int:
    return len(line.split())


def _key(line: str) -> str:
    """Lower case, edge punctuation removed: the form navigation words are compared in."""
    return re.sub(r"^[\W_]+|[\W_]+$", "", line.lower())


NAVIGATION = frozenset(
    """
previous editions|next|previous|next article|previous article|next story|previous story|
home|menu|search|close|skip to content|skip to main content|back to top|top|advertisement|
advertising|sponsored|sponsored content|ad|share|share this|share this article|
share this story|share article|share story|tweet|email|e-mail|print|copy link|link copied|
comments|comment|no comments|show comments|view comments|hide comments|leave a comment|
post a comment|add a comment|load more|read more|learn more|see more|show more|subscribe|
subscribe now|sign up|sign in|log in|register|newsletter|end of list|scroll to continue|
continue reading|keep reading|click to expand|loading|follow us|trending|trending now|
most read|most popular|popular|related|related articles|related stories|related content|
more stories|more news|recommended|recommended stories|top stories|latest|latest news|
latest stories|watch|listen|listen to this article|play video|video|photos|gallery|
view gallery|toggle caption|hide caption|enlarge this image|all rights reserved|
privacy policy|terms of use|terms of service|cookie policy|cookie settings|accept cookies|
accept all cookies|story continues below advertisement|
article continues below advertisement|advertisement - scroll to continue|report an error|
send us feedback|feedback|topics|tags
""".replace("\n", "").split("|")
)
SOCIAL = frozenset(
    "facebook twitter x whatsapp linkedin email e-mail telegram reddit pinterest "
    "share print copy link messenger flipboard threads bluesky instagram youtube "
    "tiktok on via to sms mail".split()
)
BOILERPLATE_PATTERNS: tuple[tuple[re.Pattern, str], ...] = (
    (re.compile(r"^list \d+ of \d+$"), "navigation"),
    (re.compile(r"^\(?\d+\)? comments?$"), "comment counter"),
    (re.compile(r"^(?:advertisement|sponsored|promoted)\b.{0,40}$"), "advertisement"),
    (
        re.compile(
            r"^(?:follow (?:us|@\S+)|subscribe|sign up|register|download our app|get our app)"
            r"\b.{0,80}$"
        ),
        "promotion",
    ),
    (re.compile(r"^click here\b.{0,80}$"), "promotion"),
    (
        re.compile(
            r"^(?:photo|image|picture|photograph|credit|video|graphic)s?\s*(?:credit)?\s*:.{0,160}$"
        ),
        "photo caption or credit",
    ),
    (
        re.compile(r"^\(?(?:photo|image|picture)s? (?:by|courtesy of|credit)\b.{0,120}$"),
        "photo caption or credit",
    ),
    (
        re.compile(
            r"^.{0,300}[\[(](?:file|photo|image|picture|credit|pool)s?\s*:[^\])]{0,120}[\])]$"
        ),
        "photo caption or credit",
    ),
    (
        re.compile(
            r"^.{0,300}[\[(][^\])]{0,80}/[^\])]{0,40}\b(?:photos?|images?|pool|handout|file)\b[^\])]{0,40}[\])]$"
        ),
        "photo caption or credit",
    ),
    (
        re.compile(
            r"^(?:we use cookies|this (?:site|website) uses cookies|by using this (?:site|website))"
            r".{0,200}$"
        ),
        "cookie notice",
    ),
    (
        re.compile(
            r"^(?:[.#@]?[a-z][\w-]*(?:[\s,>:.#-]+[\w-]+)*\s*\{|\}\.?|"
            r"[a-z]+(?:-[a-z]+)*\s*:\s*(?:[^;{}\s]+|[\d.]+(?:px|em|rem|%)(?:\s+[\d.]+(?:px|em|rem|%))*);)$"
        ),
        "stray style code",
    ),
)
TEASER = re.compile(
    r"^(?:learn more|read more|read also|also read|see also|"
    r"related(?: article| story| coverage)?|recommended|"
    r"more on this(?: story)?|you (?:may|might) also like|don'?t miss|watch|listen|must read)"
    r"\s*(?:[.:|\-–—»›>]+\s*(?P<title>.*))?$",
    re.I,
)
# A reader-comment policy names "comments" before any quotation mark, so a quoted remark
# about someone's comment is never taken for one.
COMMENT_POLICY = re.compile(
    r"^[^\"“”‘’']*\bcomments\b.*\b(?:posted (?:here|below|on this)|refrain|moderated|"
    r"do not (?:necessarily )?(?:reflect|represent)|are not (?:from|those of)|views expressed|"
    r"derogatory|obscene|abusive|guidelines|reserve the right)\b",
    re.I,
)


def boilerplate_rule(line: str) -> str | None:
    """Name of the boilerplate rule a line matches on its own; None when it may be article text."""
    key = _key(line)
    if not re.search(r"[^\W_]", line):
        return "separator"
    if key in NAVIGATION:
        return "navigation"
    tokens = re.findall(r"[\w-]+", key)
    if tokens and set(tokens) <= SOCIAL and set(tokens) - {"on", "via", "to", "link", "copy"}:
        return "share buttons"
    if _words(line) > 40:
        return None
    lowered = line.lower()
    return next((rule for pattern, rule in BOILERPLATE_PATTERNS if pattern.match(lowered)), None)


def teaser_title(line: str) -> str | None:
    """For a "Learn more. <title>"-style cross-link, the linked title ("" when none); else None."""
    match = TEASER.match(line)
    if not match or _words(match.group("title") or "") > 20:
        return None
    return (match.group("title") or "").strip()


# --------------------------------------------------------------------------- metadata lines


FUNCTION_WORDS = frozenset(
    {"in", "on", "at", "by", "of", "the", "a", "an", "to", "from", "and", "or", "for", "with"}
)
KEY_VALUE = re.compile(
    r"^(?P<key>outlet|publisher|publication|source|site|newspaper|media|"
    r"author|authors|written by|byline|date|published|published on|publication date|"
    r"posted|posted on|first published|url|link|source url|original url|"
    r"headline|title)\s*:\s*(?P<value>.*)$",
    re.I,
)
KEY_FIELDS = {
    "outlet": "outlet",
    "publisher": "outlet",
    "publication": "outlet",
    "source": "outlet",
    "site": "outlet",
    "newspaper": "outlet",
    "media": "outlet",
    "author": "author",
    "authors": "author",
    "written by": "author",
    "byline": "author",
    "url": "url",
    "link": "url",
    "source url": "url",
    "original url": "url",
    "headline": "headline",
    "title": "headline",
}
PUBLISHED_IN = re.compile(
    r"^(?:first |originally )?(?:published|posted|appeared)\s+(?:in|on|at|by)\s+(?P<rest>.+)$", re.I
)
UPDATED = re.compile(r"^(?:last )?(?:updated|modified)\b", re.I)
BYLINE = re.compile(r"^(?:written\s+|reported\s+)?by\b[:\s]*(?P<rest>.*)$", re.I)
COPYRIGHT = re.compile(
    r"^(?:©|\(c\)|copyright\b)\s*(?:©|\(c\))?\s*(?:\d{4}(?:\s*[-–]\s*\d{4})?)?[\s,]*(?P<owner>.*?)"
    r"[\s.,]*(?:all rights reserved)?[\s.]*$",
    re.I,
)
COMMENT_OWNER = re.compile(
    r"\bnot\s+(?:from|of|by|those of|the views of|reflect(?:ing)? the views of|represent(?:ing)?)"
    r"\s+(?P<owner>[^.;,]+)",
    re.I,
)
NAME_PARTICLES = frozenset("and & de da del van von der bin al el la le di du ibn".split())
NOT_NAMES = frozenset(
    "monday tuesday wednesday thursday friday saturday sunday the then "
    "now contrast comparison far law phone email staff".split()
) | set(MONTHS)
WEEKDAY_OR_TIME = re.compile(
    r"\b(?:mon|tues|wednes|thurs|fri|satur|sun)day\b|\b\d{1,2}[:.]\d{2}(?::\d{2})?\s*(?:[ap]\.?m\.?)?|"
    r"\b(?:[A-Z]{2,4}T|GMT|UTC|ET|PT|CET|BST|IST|EST|EDT|PST|PDT)(?:[+-]\d{1,2}(?::?\d{2})?)?\b|"
    r"\b(?:published|posted|updated|last updated|date|on|at|first published)\b",
    re.I,
)


@dataclass(frozen=True)
class Metadata:
    """What one metadata line states; ``rule`` names the line kind for the Guess source."""

    rule: str
    outlet: str | None = None
    author: str | None = None
    published: str | None = None
    url: str | None = None
    headline: str | None = None


def metadata_line(line: str, header: bool, footer: bool) -> Metadata | None:
    """What ``line`` states if it is a metadata line (byline, "Published in …", "Source: …", ©)."""
    readers: list[Callable[[str], Metadata | None]] = [_updated_line]
    if header:
        readers += [_url_line]
    if header or footer:
        readers += [_published_in, _key_value, _byline, _date_line]
    if footer:
        readers += [_copyright, _comment_policy]
    for reader in readers:
        found = reader(line)
        if found:
            return found
    return None


def _published_in(line: str) -> Metadata | None:
    match = PUBLISHED_IN.match(line)
    if not match or _words(line) > 25:
        return None
    rest = match.group("rest")
    author = None
    by = re.search(r"[\s,|]*\bby\b[:\s]*(?P<name>.*)$", rest, re.I)
    if by:
        author, rest = _person_name(by.group("name")), rest[: by.start()]
    date = find_date(rest)
    if date:
        rest = rest[: date[1].start()]
    outlet = _outlet_name(re.sub(r"[\s,]*(?:\b(?:on|at)\b)?[\s,]*$", "", rest))
    if not (outlet or author or date) and _words(line) > 6:
        return None
    return Metadata(
        "'Published in' line", outlet=outlet, author=author, published=date[0] if date else None
    )


def _updated_line(line: str) -> Metadata | None:
    if UPDATED.match(line) and find_date(line) and _words(line) <= 12:
        return Metadata("update date line")
    return None


def _key_value(line: str) -> Metadata | None:
    match = KEY_VALUE.match(line)
    if not match:
        return None
    value = match.group("value").strip()
    stated = _key_value_field(match.group("key").lower(), value)
    # "Newspaper: Defense secretary used personal email" is a headline, not a header field.
    if not stated and _words(value) > 3:
        return None
    return Metadata(f"'{match.group('key')}:' line", **stated)


def _key_value_field(key: str, value: str) -> dict[str, str]:
    field = KEY_FIELDS.get(key, "published")
    if field == "published":
        cleaned = parse_date(value)
    elif field == "url" or is_web_url(value):
        field, cleaned = "url", value if is_web_url(value) else None
    else:
        cleaners = {"outlet": _outlet_name, "author": _person_name, "headline": lambda v: v or None}
        cleaned = cleaners[field](value)
    return {field: cleaned} if cleaned else {}


def _byline(line: str) -> Metadata | None:
    match = BYLINE.match(line)
    if not match or _words(line) > 16:
        return None
    parts = re.split(r"\s*(?:[,|–—]|\s-\s)\s*", match.group("rest"), maxsplit=1)
    name, rest = parts[0], parts[1] if len(parts) > 1 else ""
    if rest[:1].islower() or _words(rest) > 8:
        return None
    author = _person_name(name)
    if name and not author:
        return None
    return Metadata("byline", author=author, published=parse_date(rest) if rest else None)


def _date_line(line: str) -> Metadata | None:
    found = find_date(line)
    if not found or _words(line) > 12:
        return None
    leftover = WEEKDAY_OR_TIME.sub("", line[: found[1].start()] + line[found[1].end() :])
    if re.search(r"\w", leftover):
        return None
    return Metadata("date line", published=found[0])


def _url_line(line: str) -> Metadata | None:
    return Metadata("URL line", url=line) if is_web_url(line) else None


def _copyright(line: str) -> Metadata | None:
    match = COPYRIGHT.match(line)
    if not match or _words(line) > 15:
        return None
    return Metadata("trailing ©", outlet=_outlet_name(match.group("owner")))


def _comment_policy(line: str) -> Metadata | None:
    if not COMMENT_POLICY.search(line):
        return None
    owner = COMMENT_OWNER.search(line)
    return Metadata(
        "comment-policy line", outlet=_outlet_name(owner.group("owner")) if owner else None
    )


def _outlet_name(value: str) -> str | None:
    """A plausible outlet name (starts with a capital or digit, 1-8 words), else None."""
    value = value.strip(" \t.,;:-–—|")
    if (
        not value
        or not (value[0].isupper() or value[0].isdigit())
        or _words(value) > 8
        or len(value) > 80
    ):
        return None
    words = value.split()
    if all(w.lower() in FUNCTION_WORDS for w in words) or not re.search(r"[^\W\d_]", value):
        return None
    if any(
        not (w[0].isupper() or w[0].isdigit() or w.lower() in FUNCTION_WORDS | NAME_PARTICLES)
        for w in words
    ):
        return None
    return value


def _person_name(value: str) -> str | None:
    """A plausible person name from a byline (1-8 capitalised words or particles), else None."""
    value = value.strip(" \t.,;:-–—|")
    tokens = value.split()
    if (
        not tokens
        or len(tokens) > 8
        or len(value) > 100
        or tokens[0].lower().strip(".") in NOT_NAMES
    ):
        return None
    for token in tokens:
        if token.lower() not in NAME_PARTICLES and not token[0].isupper():
            return None
    return value


# --------------------------------------------------------------------------- headline


DATELINE = re.compile(
    r"^[A-Z][A-Z .'’,]{2,}(?:,\s*[A-Z][\w.]*\.?)?\s*(?:\([^)]*\))?\s*(?:[—–]|-\s)"
)


def is_title_like(line: str) -> bool:
    """A short line shaped like a headline: no dateline; a closing full stop only on a title-cased
    line or on one short sentence (scrapes often end headlines with a full stop)."""
    words = line.split()
    if not 2 <= len(words) <= 25 or len(line) > 200 or DATELINE.match(line):
        return False
    if not re.search(r"[.!?…]\W*$", line):
        return True
    if len(words) <= 18 and not re.search(r"[a-z]{2}[.!?]\W*\s+\W*[A-Z]", line):
        return True
    long_words = [w for w in words if len(w) > 3 and w[0].isalpha()]
    return bool(long_words) and sum(w[0].isupper() for w in long_words) >= 0.6 * len(long_words)


def is_section_label(line: str) -> bool:
    """A 1-3 word capitalised label, no punctuation or digits ("World", "Middle East")."""
    words = line.split()
    return 1 <= len(words) <= 3 and line[0].isupper() and not re.search(r"[\d.!?,;:\"“”]", line)


# --------------------------------------------------------------------------- one article


@dataclass(frozen=True)
class Cleaned:
    """Article text split into kept paragraphs, removed lines (with why) and metadata guesses."""

    paragraphs: tuple[str, ...]
    removed: tuple[tuple[str, str], ...]
    guesses: dict[str, Guess]


def clean_article(lines: list[Line], guesses: dict[str, Guess]) -> Cleaned:
    """Classify lines as text, boilerplate, metadata or headline; keep text, list the rest."""
    verdicts: list[str | None] = []
    found = dict(guesses)
    seen: set[str] = set()
    headline_done = False
    for index, line in enumerate(lines):
        header, footer = index < HEADER_LINES, index >= len(lines) - FOOTER_LINES
        verdict = _line_verdict(line.text, seen, verdicts, lines, index)
        if verdict is None:
            verdict = _metadata_verdict(line, header, footer, found)
        if verdict is None and not headline_done:
            verdict, headline_done = _headline_verdict(
                line, _next_content(lines[index + 1 :]), found
            )
        seen.add(line.text)
        verdicts.append(verdict)
    lines, verdicts = _split_dateline(lines, verdicts, found)
    removed = tuple(
        (line.text, why) for line, why in zip(lines, verdicts, strict=True) if why is not None
    )
    kept = tuple(line.text for line, why in zip(lines, verdicts, strict=True) if why is None)
    return Cleaned(kept, removed, found)


DATELINE = re.compile(
    r"^(?P<dateline>(?:[A-Z][A-Z.'-]+(?:[ ,]+[A-Z0-9][A-Za-z0-9.'-]*){0,4}\s*)?"
    r"(?:\((?P<agency>[A-Z][\w.&' ]{1,30})\)\s*)?[-–—]+)\s+(?P<rest>\S.*)$"
)
"""A wire dateline opening the first paragraph: ``JERUSALEM (Reuters) -``, ``WASHINGTON —``."""


DATELINE_PARAGRAPHS = 3
"""A dateline opens one of the first paragraphs (a caption or pull quote may come before it)."""


def _is_dateline(match: re.Match) -> bool:
    return bool(match["agency"] or match["dateline"].split()[0].isupper())


def _split_dateline(
    lines: list[Line], verdicts: list[str | None], found: dict[str, Guess]
) -> tuple[list[Line], list[str | None]]:
    """Take a dateline off the first paragraph (its place is not the subject of the sentence);
    a wire agency in it is a guess for the outlet."""
    opening = [i for i, why in enumerate(verdicts) if why is None][:DATELINE_PARAGRAPHS]
    found_at = ((i, DATELINE.match(lines[i].text)) for i in opening)
    first, match = next(((i, m) for i, m in found_at if m and _is_dateline(m)), (None, None))
    if match is None:
        return lines, verdicts
    number = lines[first].number
    if match["agency"] and "outlet" not in found:
        found["outlet"] = Guess(match["agency"].strip(), f"dateline (line {number})")
    split = [Line(match["dateline"].strip(), number), Line(match["rest"], number)]
    return ([*lines[:first], *split, *lines[first + 1 :]],
            [*verdicts[:first], "metadata: dateline", None, *verdicts[first + 1 :]])


def _line_verdict(
    text: str, seen: set[str], verdicts: list[str | None], lines: list[Line], index: int
) -> str | None:
    title = teaser_title(text)
    if title is not None:
        if title and index and lines[index - 1].text == title and verdicts[index - 1] is None:
            verdicts[index - 1] = "cross-link title"
        return "cross-link teaser"
    return boilerplate_rule(text) or ("repeated line" if text in seen else None)


def _metadata_verdict(
    line: Line, header: bool, footer: bool, found: dict[str, Guess]
) -> str | None:
    stated = metadata_line(line.text, header, footer)
    if stated is None:
        return None
    for field in FIELDS:
        value = getattr(stated, field)
        if value and field not in found:
            found[field] = Guess(value, f"{stated.rule} (line {line.number})")
    return f"metadata: {stated.rule}"


def _next_content(lines: list[Line]) -> str | None:
    """The next line that is neither boilerplate nor metadata, within 3 lines."""
    for line in lines[:3]:
        if (
            boilerplate_rule(line.text) is None
            and teaser_title(line.text) is None
            and metadata_line(line.text, True, False) is None
        ):
            return line.text
    return None


def _headline_verdict(
    line: Line, following: str | None, found: dict[str, Guess]
) -> tuple[str | None, bool]:
    """(verdict, headline search finished) for the first content line(s) of the file."""
    stated = found.get("headline")
    if stated and stated.value and _key(stated.value) == _key(line.text):
        return "headline", True
    if is_section_label(line.text) and following and _unpunctuated_title(following):
        if _words(following) > _words(line.text):
            return "section label", False
    if stated is None and is_title_like(line.text):
        found["headline"] = Guess(line.text, f"first title-like line (line {line.number})")
        return "headline", True
    if stated is not None and _unpunctuated_title(line.text):
        return "headline as written in the file", True
    return None, True


def _unpunctuated_title(line: str) -> bool:
    # Only a headline without a closing full stop is trusted where a mistake would drop text:
    # a short lede sentence also passes is_title_like.
    return is_title_like(line) and line[-1].isalnum()


# --------------------------------------------------------------------------- the bundle


def read_bundle(seeds_dir: Path, *, max_file_bytes: int = 5_000_000) -> Bundle:
    """Read every file under ``seeds_dir`` into a :class:`Bundle`.

    Each ``.txt``/``.md``/``.html``/``.htm`` file (recursively, sorted by path) is one
    article; every file seen gets exactly one :class:`FileReport`. Faulty files are
    reported (rejected / warning / duplicate) and the rest still build. Files larger
    than ``max_file_bytes`` are truncated to that many bytes, with a warning.
    """
    seeds_dir = Path(seeds_dir)
    if max_file_bytes < 1:
        raise ValueError(f"max_file_bytes must be positive, got {max_file_bytes}")
    if not seeds_dir.is_dir():
        raise ValueError(f"bundle folder does not exist or is not a folder: {seeds_dir}")
    entries = walk_bundle(seeds_dir)
    bundle_file = next((e for e in entries if e.rel == BUNDLE_FILE and not e.problem), None)
    meta = read_bundle_meta(bundle_file.path, max_file_bytes) if bundle_file else None
    stated, unknown = _stated_by_file(meta, [e.rel for e in entries])
    articles: list[Article] = []
    reports: list[FileReport] = [_bundle_file_report(meta, unknown)] if meta else []
    first_by_hash: dict[str, str] = {}
    taken: set[str] = set()
    for entry in (e for e in entries if e is not bundle_file):
        report, article = _read_entry(entry, max_file_bytes, stated, first_by_hash, taken)
        reports.append(report)
        if article:
            articles.append(article)
    title = meta.title if meta and meta.title else folder_title(seeds_dir)
    return Bundle(title, tuple(articles), tuple(sorted(reports, key=lambda r: r.path)))


def _read_entry(
    entry: Entry,
    max_file_bytes: int,
    stated: dict[str, dict[str, str]],
    first_by_hash: dict[str, str],
    taken: set[str],
) -> tuple[FileReport, Article | None]:
    if entry.problem:
        return FileReport(entry.rel, entry.problem.status, entry.problem.reason), None
    try:
        raw = read_raw(entry.path, max_file_bytes)
        if raw.data.strip() and raw.sha256 in first_by_hash:
            raise FileFault(
                "duplicate", f"duplicate of {first_by_hash[raw.sha256]} (identical bytes)"
            )
        first_by_hash.setdefault(raw.sha256, entry.rel)
        decoded = decode_text(raw)
        article = build_article(entry.rel, decoded.text, stated.get(entry.rel, {}), taken)
    except FileFault as fault:
        return FileReport(entry.rel, fault.status, fault.reason), None
    taken.add(article.id)
    status = "warning" if decoded.warnings else "ok"
    return FileReport(entry.rel, status, "; ".join(decoded.warnings), article.id), article


def build_article(rel: str, text: str, stated: dict[str, str], taken: set[str]) -> Article:
    """One decoded file -> Article; raises FileFault when no article text is left."""
    suffix = Path(rel).suffix.lower()
    guesses: dict[str, Guess] = {}
    if suffix in (".html", ".htm"):
        text, guesses = html_to_text(text)
    text, front, front_lines = split_front_matter(text)
    guesses = {**front, **guesses}
    guesses.update({field: Guess(value, BUNDLE_FILE) for field, value in stated.items()})
    if suffix == ".md":
        text = markdown_to_text(text)
    cleaned = clean_article(logical_lines(text), guesses)
    if not cleaned.paragraphs:
        raise FileFault(
            "rejected",
            "no article text left after removing boilerplate "
            f"({len(cleaned.removed)} lines removed)",
        )
    removed = tuple((line, "front matter") for line in front_lines) + cleaned.removed
    return make_article(unique_id(rel, taken), rel, cleaned, removed)


def make_article(
    article_id: str, rel: str, cleaned: Cleaned, removed: tuple[tuple[str, str], ...]
) -> Article:
    """Assemble the record; the content hash covers id, file, text and every metadata guess."""
    text = "\n\n".join(cleaned.paragraphs)
    meta = {field: cleaned.guesses.get(field, NOT_STATED) for field in FIELDS}
    digest = hashlib.sha256(
        json.dumps(
            [article_id, rel, text, [[g.value, g.source] for g in meta.values()]],
            ensure_ascii=False,
        ).encode()
    ).hexdigest()
    return Article(
        id=article_id,
        file=rel,
        text=text,
        boilerplate_removed=tuple(line for line, _ in removed),
        boilerplate_rules=tuple(why for _, why in removed),
        content_hash=digest,
        **meta,
    )


def unique_id(rel: str, taken: set[str]) -> str:
    """The file stem, with the first free ``-2``, ``-3``… suffix when another file has it."""
    stem = Path(rel).stem or Path(rel).name
    candidate, n = stem, 1
    while candidate in taken:
        n += 1
        candidate = f"{stem}-{n}"
    return candidate


def folder_title(seeds_dir: Path) -> str:
    """The folder name as words ("north-korea_talks" -> "North korea talks");
    "News bundle" for generic names such as ``seeds``."""
    name = Path(os.path.abspath(seeds_dir)).name
    words = re.sub(r"[\W_]+", " ", name).strip()
    if not words or name.lower() in GENERIC_FOLDER_NAMES:
        return "News bundle"
    return words[0].upper() + words[1:]


def _stated_by_file(
    meta: StatedMeta | None, rels: list[str]
) -> tuple[dict[str, dict[str, str]], list[str]]:
    """bundle.yml entries keyed by the relative path they name (a bare file name matches if unique),
    and the keys that name no file."""
    if meta is None:
        return {}, []
    by_name: dict[str, list[str]] = {}
    for rel in rels:
        by_name.setdefault(rel.rsplit("/", 1)[-1], []).append(rel)
    stated: dict[str, dict[str, str]] = {}
    unknown: list[str] = []
    for key, fields in meta.articles.items():
        matches = [key] if key in rels else by_name.get(key, [])
        if len(matches) == 1:
            stated[matches[0]] = fields
        else:
            unknown.append(key)
    return stated, unknown


def _bundle_file_report(meta: StatedMeta, unknown: list[str]) -> FileReport:
    problems = [
        *meta.warnings,
        *(f"articles.{key}: no such article file (or the name matches several)" for key in unknown),
    ]
    return FileReport(BUNDLE_FILE, "warning" if problems else "ok", "; ".join(problems))
