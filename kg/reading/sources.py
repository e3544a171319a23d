"""Read bulletins from plain-text files, HTML pages and JSONL files (plain or gzipped).

`read_sources` yields, for every article it meets, either a `Bulletin` or a `Skipped` saying which
input (path, and line for JSONL) was refused and why. It never raises for bad input: a malformed
article is reported and the others go on.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator

from kg.records import Bulletin

DEFAULT_MAX_BYTES = 5 * 1024 * 1024  # one article; a JSONL file may be any size
TEXT_SUFFIXES = {".txt", ".text", ".md"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}


@dataclass(frozen=True)
class Skipped:
    origin: str  # "path" or "path:line"
    reason: str


class InputError(ValueError):
    """A single input cannot be read as a bulletin; the message says why and what to do."""


def read_sources(
    paths: Iterable[str | os.PathLike],
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    source: str | None = None,
    province: str | None = None,
) -> Iterator[Bulletin | Skipped]:
    """Yield bulletins (or skips) from files, folders (recursively) and JSONL files, in path order."""
    for path in _expand(paths):
        yield from _read_one(path, max_bytes=max_bytes, source=source, province=province)


def _expand(paths: Iterable[str | os.PathLike]) -> Iterator[Path]:
    for p in paths:
        path = Path(p)
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                if child.is_file() and not child.name.startswith("."):
                    yield child
        else:
            yield path


def _read_one(path: Path, *, max_bytes: int, source, province) -> Iterator[Bulletin | Skipped]:
    name = path.name.lower()
    if not path.exists():
        yield Skipped(str(path), "no such file")
        return
    if name.endswith((".jsonl.gz", ".ndjson.gz")) or path.suffix.lower() in JSONL_SUFFIXES:
        yield from read_jsonl(path, max_bytes=max_bytes, source=source, province=province)
        return
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise InputError(
                f"file is {size:,} bytes, over the {max_bytes:,}-byte limit for one article "
                "(raise it with --max-bytes, or split the file)"
            )
        data = path.read_bytes()
        text = decode_text(data)
        if path.suffix.lower() in HTML_SUFFIXES or _looks_like_html(text):
            from kg.reading.html import bulletin_from_html

            bulletin = bulletin_from_html(text, id=path.stem, origin=str(path))
        else:
            bulletin = Bulletin(id=path.stem, raw_text=text, origin=str(path))
        bulletin.source = bulletin.source or source
        bulletin.province = bulletin.province or province
        finish(bulletin)
        yield bulletin
    except InputError as err:
        yield Skipped(str(path), str(err))
    except OSError as err:
        yield Skipped(str(path), f"cannot read: {err.strerror or err}")


def read_jsonl(path: Path, *, max_bytes: int, source=None, province=None) -> Iterator[Bulletin | Skipped]:
    """One article per line: {"id", "title", "text", optional "url", "date", "source", "province"}."""
    opener = gzip.open if path.name.lower().endswith(".gz") else open
    try:
        with opener(path, "rb") as fh:
            for lineno, line in enumerate(fh, start=1):
                origin = f"{path}:{lineno}"
                if not line.strip():
                    continue
                try:
                    if len(line) > max_bytes:
                        raise InputError(f"line is {len(line):,} bytes, over the {max_bytes:,}-byte limit")
                    record = json.loads(decode_text(line))
                    bulletin = bulletin_from_record(record, origin=origin)
                except json.JSONDecodeError as err:
                    yield Skipped(origin, f"not JSON: {err.msg} at column {err.colno}")
                    continue
                except InputError as err:
                    yield Skipped(origin, str(err))
                    continue
                bulletin.source = bulletin.source or source
                bulletin.province = bulletin.province or province
                finish(bulletin)
                yield bulletin
    except (OSError, EOFError) as err:  # a truncated gzip ends the file, not the run
        yield Skipped(str(path), f"cannot read further: {err}")


def bulletin_from_record(record: object, *, origin: str) -> Bulletin:
    if not isinstance(record, dict):
        raise InputError(f"expected a JSON object, got {type(record).__name__}")
    text = record.get("text")
    if not isinstance(text, str):
        raise InputError('missing "text" (a string with the article body)')
    if not text.strip():
        raise InputError('"text" is empty')
    for key in ("id", "title", "url", "date", "source", "province"):
        if record.get(key) is not None and not isinstance(record[key], (str, int)):
            raise InputError(f'"{key}" must be a string')
    ident = record.get("id")
    ident = str(ident) if ident not in (None, "") else hashlib.sha1(text.encode()).hexdigest()[:16]
    return Bulletin(
        id=ident,
        raw_text=text,
        title=_opt(record.get("title")),
        url=_opt(record.get("url")),
        date=_opt(record.get("date")),
        source=_opt(record.get("source")),
        province=_opt(record.get("province")),
        origin=origin,
    )


def decode_text(data: bytes) -> str:
    """UTF-8 (with or without BOM), NFC-normalised; refuses binary data and other encodings."""
    if not data.strip():
        raise InputError("empty: no text to read")
    if b"\x00" in data[:8192]:
        raise InputError("binary data (NUL bytes), not a text article")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise InputError(
            f"not UTF-8 (byte 0x{data[err.start]:02x} at offset {err.start}); "
            "convert it first, e.g. iconv -f WINDOWS-1258 -t UTF-8"
        ) from None
    return unicodedata.normalize("NFC", text)


def finish(bulletin: Bulletin) -> None:
    """Normalise metadata at the door and fingerprint the raw content."""
    for attr in ("raw_text", "title", "source", "province", "author"):
        value = getattr(bulletin, attr)
        if isinstance(value, str):
            setattr(bulletin, attr, unicodedata.normalize("NFC", value))
    h = hashlib.sha256()
    for part in (bulletin.id, bulletin.title, bulletin.date, bulletin.url, bulletin.source,
                 bulletin.province, bulletin.raw_text):
        h.update((part or "").encode())
        h.update(b"\x1f")
    bulletin.content_hash = h.hexdigest()


def _looks_like_html(text: str) -> bool:
    head = text.lstrip()[:512].lower()
    return head.startswith(("<!doctype html", "<html")) or ("<body" in head and "</" in text)


def _opt(value) -> str | None:
    if value is None:
        return None
    value = str(value).strip()
    return value or None
