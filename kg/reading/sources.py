"""Read bulletins from plain-text files, HTML pages and JSONL files (plain or gzipped).

`read_sources` yields, for every article it meets, either a `Bulletin` or a `Skipped` saying which
input (path, and line and field for JSONL) was refused and why. It never raises for bad input: a
malformed article is reported and the others go on, and a compressed file that breaks off mid-stream
keeps the articles read before the break and reports the line where it stopped.

Which files are bulletins: text (.txt, .text, .md), HTML (.html, .htm, .xhtml), JSONL (.jsonl, .ndjson,
optionally .gz) and files without a suffix. Inside a folder, any other file (source code, data,
images) and project files (README, LICENSE, CHANGELOG ...) are passed over silently, like hidden
files; named on the command line, they are reported as skipped. Only regular files are opened: a
FIFO or device would block the run or never end.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import stat
import unicodedata
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator

from kg.records import Bulletin

DEFAULT_MAX_BYTES = 5 * 1024 * 1024  # one article; a JSONL file may be any size
TEXT_SUFFIXES = {".txt", ".text", ".md"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
# Files that sit beside articles in a folder and are never articles themselves, whatever their suffix.
# Only names no article would take: "notice.txt" or "history.txt" may well be one.
PROJECT_FILE_STEMS = {"readme", "license", "licence", "copying", "changelog", "authors", "contributing",
                      "makefile", "dockerfile", "manifest"}


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
    for path, named in _expand(paths):
        try:
            yield from _read_one(path, named=named, max_bytes=max_bytes, source=source, province=province)
        except Exception as err:  # a reader bug costs one input, never the run
            yield Skipped(str(path), f"cannot read: {type(err).__name__}: {err}")


def is_bulletin_file(path: Path) -> bool:
    """The naming rule for bulletin files (see the module docstring)."""
    name = unicodedata.normalize("NFC", path.name).lower()
    stem = name.split(".", 1)[0]
    if stem in PROJECT_FILE_STEMS:
        return False
    if name.endswith((".jsonl.gz", ".ndjson.gz")):
        return True
    suffix = path.suffix.lower()
    return suffix == "" or suffix in TEXT_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES


def _expand(paths: Iterable[str | os.PathLike]) -> Iterator[tuple[Path, bool]]:
    """Each input file, and whether it was named itself (True) or found in a folder (False)."""
    for p in paths:
        path = Path(p)
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                if child.name.startswith(".") or child.is_dir() or not is_bulletin_file(child):
                    continue
                yield child, False
        else:
            yield path, True


def _read_one(path: Path, *, named: bool, max_bytes: int, source, province) -> Iterator[Bulletin | Skipped]:
    refused = _refusal(path, named=named)
    if refused:
        yield Skipped(str(path), refused)
        return
    name = path.name.lower()
    if name.endswith((".jsonl.gz", ".ndjson.gz")) or path.suffix.lower() in JSONL_SUFFIXES:
        yield from read_jsonl(path, max_bytes=max_bytes, source=source, province=province)
        return
    try:
        yield _read_article(path, max_bytes=max_bytes, source=source, province=province)
    except InputError as err:
        yield Skipped(str(path), str(err))
    except OSError as err:
        yield Skipped(str(path), f"cannot read: {err.strerror or err}")


def _refusal(path: Path, *, named: bool) -> str | None:
    """Why a path is not read at all: missing, not a regular file, or (when it was found inside a
    folder rather than named) not a bulletin file."""
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        return "no such file"
    except OSError as err:
        return f"cannot read: {err.strerror or err}"
    if not stat.S_ISREG(mode):
        kind = ("a FIFO" if stat.S_ISFIFO(mode) else "a device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode)
                else "a socket" if stat.S_ISSOCK(mode) else "not a regular file")
        return (f"{kind}, not a file: give a regular file or a folder (to read a stream, save it "
                "to a file first)")
    if named and not is_bulletin_file(path):
        return ("not a bulletin file (a project file such as README, or a suffix other than "
                ".txt, .md, .html, .jsonl, .jsonl.gz): rename it if it is an article")
    return None


def _read_article(path: Path, *, max_bytes: int, source, province) -> Bulletin:
    """One article file (text, Markdown or HTML) as a bulletin."""
    # File names are NFC like the text: "Hội nghị.txt" typed on one system and stored decomposed on
    # another is one bulletin, not two.
    ident = unicodedata.normalize("NFC", path.stem)
    size = path.stat().st_size
    if size > max_bytes:
        raise InputError(
            f"file is {size:,} bytes, over the {max_bytes:,}-byte limit for one article "
            "(raise it with --max-bytes, or split the file)"
        )
    text = decode_text(path.read_bytes())
    if path.suffix.lower() in HTML_SUFFIXES or _looks_like_html(text):
        from kg.reading.html import bulletin_from_html

        bulletin = bulletin_from_html(text, id=ident, origin=str(path))
    else:
        bulletin = Bulletin(id=ident, raw_text=text, origin=str(path))
    bulletin.source = bulletin.source or source
    bulletin.province = bulletin.province or province
    finish(bulletin)
    return bulletin


def read_jsonl(path: Path, *, max_bytes: int, source=None, province=None) -> Iterator[Bulletin | Skipped]:
    """One article per line: {"id", "title", "text", optional "url", "date", "source", "province"}.

    A gzip stream that breaks off (truncated, or corrupt from some point) keeps the articles before
    the break; one `Skipped` names the line where reading stopped."""
    opener = gzip.open if path.name.lower().endswith(".gz") else open
    lineno = 0
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
                    bulletin.source = bulletin.source or source
                    bulletin.province = bulletin.province or province
                    finish(bulletin)
                except json.JSONDecodeError as err:
                    # json's messages may end in "at" ("Invalid control character at"): say where once.
                    reason = err.msg[:-3] if err.msg.endswith(" at") else err.msg
                    yield Skipped(origin, f"not JSON: {reason} at column {err.colno}")
                    continue
                except InputError as err:
                    yield Skipped(origin, str(err))
                    continue
                except Exception as err:  # anything else wrong with one line costs that line only
                    yield Skipped(origin, f"cannot read this line: {type(err).__name__}: {err}")
                    continue
                yield bulletin
    except (OSError, EOFError, zlib.error) as err:  # a damaged stream ends the file, not the run
        where = f"{path}:{lineno + 1}" if lineno else str(path)
        kept = f"the {lineno:,} line(s) before it were read" if lineno else "nothing could be read"
        yield Skipped(where, f"the file breaks off here ({type(err).__name__}: {err}); {kept}, the rest is lost: "
                             "fetch or compress the file again")


def bulletin_from_record(record: object, *, origin: str) -> Bulletin:
    if not isinstance(record, dict):
        raise InputError(f"expected a JSON object, got {type(record).__name__}")
    text = record.get("text")
    if text is None:
        raise InputError('missing "text" (a string with the article body)')
    if not isinstance(text, str):
        raise InputError(f'"text" must be a string with the article body, got {type(text).__name__}')
    if not text.strip():
        raise InputError('"text" is empty')
    for key in ("id", "title", "text", "url", "date", "source", "province"):
        value = record.get(key)
        if value is not None and not isinstance(value, (str, int)):
            raise InputError(f'"{key}" must be a string')
        if isinstance(value, str):
            _check_unicode(key, value)
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


def _check_unicode(key: str, value: str) -> None:
    """JSON may escape half of a surrogate pair ("\\ud800") alone, which is no character at all and
    cannot be written as UTF-8: refuse the article, naming the field and the place."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as err:
        raise InputError(
            f'"{key}" holds a lone surrogate escape (\\u{ord(value[err.start]):04x}) at character {err.start:,}: '
            "not valid Unicode, so the article cannot be stored; fix the program that wrote the file"
        ) from None


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
