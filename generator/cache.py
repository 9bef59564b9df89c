"""Per-article analysis cache: JSON files keyed by content hash, model and analyser code.

``mkdocs serve`` rebuilds everything on each change; with this cache only new or
changed articles are parsed again. The key covers the analyser source code, so a
code change invalidates old entries instead of serving stale results.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import shutil
import tempfile
import types
import typing
from collections.abc import Callable, Mapping
from functools import cache
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")

_ANALYSER_SOURCES = ("nlp.py", "records.py", "analyse")


@cache
def code_fingerprint() -> str:
    """sha256 over the source files of the per-article stages."""
    root = Path(__file__).parent
    digest = hashlib.sha256()
    for name in _ANALYSER_SOURCES:
        path = root / name
        for file in sorted(path.rglob("*.py")) if path.is_dir() else [path]:
            digest.update(file.name.encode() + b"\0" + file.read_bytes())
    return digest.hexdigest()[:16]


def cache_key(content_hash: str, model: str) -> str:
    """The cache key of one article's analysis, or, given a stage's name for ``content_hash``, of
    that stage's cache file: both are stale once the model or the analyser code changes."""
    return hashlib.sha256(f"{content_hash}|{model}|{code_fingerprint()}".encode()).hexdigest()


def to_jsonable(record: Any) -> Any:
    """A frozen-dataclass record as plain JSON data (tuples become lists)."""
    return dataclasses.asdict(record) if dataclasses.is_dataclass(record) else record


def from_jsonable(kind: type[T], data: Any) -> T:
    """Rebuild a record of type ``kind`` from :func:`to_jsonable` output."""
    convert = _converter(kind)
    return data if convert is None else convert(data)


Converter = Callable[[Any], Any]


@cache
def _converter(kind: Any) -> Converter | None:
    """The function rebuilding values of type ``kind`` from JSON data (None: the data as is),
    worked out once per type: a cache entry holds some thousand records."""
    if dataclasses.is_dataclass(kind):
        return _record_converter(kind, {name: _converter(hint) for name, hint in _field_types(kind).items()})
    origin = typing.get_origin(kind)
    if origin is tuple:
        item = _converter(typing.get_args(kind)[0])
        return tuple if item is None else lambda data: tuple(item(value) for value in data)
    if origin in (typing.Union, types.UnionType):
        option = _converter(next(a for a in typing.get_args(kind) if a is not type(None)))
        return None if option is None else lambda data: None if data is None else option(data)
    return None


def _record_converter(kind: type, fields: dict[str, Converter | None]) -> Converter:
    def convert(data: dict) -> Any:
        return kind(**{k: v if (c := fields[k]) is None else c(v) for k, v in data.items() if k in fields})
    return convert


@cache
def _field_types(kind: type) -> dict[str, Any]:
    """A record's field types, resolved once per class (``get_type_hints`` is slow)."""
    hints = typing.get_type_hints(kind)
    return {f.name: hints[f.name] for f in dataclasses.fields(kind)}


def load(cache_dir: Path, key: str, kind: type[T]) -> T | None:
    """The cached record for ``key``, or None when absent or unreadable (then it is recomputed)."""
    path = _path_of(cache_dir, key)
    try:
        return from_jsonable(kind, json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError, TypeError, KeyError):
        return None


def store(cache_dir: Path, key: str, record: Any) -> None:
    """Write ``record`` under ``key`` atomically (a crash never leaves half a file)."""
    write_json(_path_of(cache_dir, key), to_jsonable(record))


def load_table(path: Path, kind: type[T]) -> dict[str, T | None]:
    """The records that :func:`store_table` wrote to ``path`` (None stays None); empty when the
    file is absent or unreadable, so its records are recomputed, never a crash."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return {str(key): None if value is None else from_jsonable(kind, value) for key, value in data.items()}
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        return {}


def store_table(path: Path, records: Mapping[str, Any]) -> None:
    """Write key → record (or None) as one JSON file, atomically: one read per build for a
    bundle-wide stage, where a file per record would be thousands."""
    write_json(path, {key: to_jsonable(record) for key, record in records.items()})


def link_or_copy(source: Path, target: Path) -> None:
    """Hard-link ``source`` as ``target`` (a copy on a file system without hard links, or across
    file systems): files kept between builds are shared, not written again."""
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


def write_json(path: Path, data: Any) -> None:
    """Write ``data`` as JSON to ``path`` atomically (a crash never leaves half a file)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    with os.fdopen(handle, "w", encoding="utf-8") as out:
        json.dump(data, out, ensure_ascii=False, separators=(",", ":"))
    os.replace(tmp, path)


def _path_of(cache_dir: Path, key: str) -> Path:
    return cache_dir / "articles" / key[:2] / f"{key}.json"
