"""Every article a pipeline's sources hold, in a stable order, as `Bulletin` or `Rejected`.

Publisher and province: a pipeline reads one publisher's output, so the definition's publisher and
province are the bulletins' own (they scope local names such as "Tỉnh ủy" or an official's name, and
must not vary with what one page's metadata happens to say). JSONL records are the exception: a
JSONL dump may mix publishers, so a record's own "source"/"province" wins and the definition only
fills gaps.
"""

from __future__ import annotations

from pathlib import Path
from typing import Generator, Iterator

from kg.pipelines.definition import Pipeline, Source
from kg.pipelines.web import Rejected, http_session, read_feed, read_pages
from kg.reading.sources import Skipped, finish, is_bulletin_file, read_sources
from kg.records import Bulletin


def pipeline_items(pipeline: Pipeline, *, session=None) -> Generator[tuple[Source, Bulletin | Rejected], None, None]:
    session = session or http_session(pipeline.name)
    for source in pipeline.sources:
        for item in source_items(source, pipeline, session):
            yield source, item


def source_items(source: Source, pipeline: Pipeline, session) -> Iterator[Bulletin | Rejected]:
    opts = pipeline.run
    if source.kind == "folder":
        items = _folder(source, opts.max_bytes)
    elif source.kind == "jsonl":
        items = _jsonl(source, opts.max_bytes)
    elif source.kind == "feed":
        items = read_feed(session, source.location, timeout=opts.http_timeout, max_bytes=opts.max_bytes,
                          fetch_pages=source.fetch_pages)
    else:
        items = read_pages(session, source.urls, timeout=opts.http_timeout, max_bytes=opts.max_bytes)
    for item in items:
        if isinstance(item, Bulletin):
            _scope(item, source, keep_own=source.kind == "jsonl")
            if pipeline.year and not item.date and not item.reference_date:
                item.reference_date = str(pipeline.year)  # never the bulletin's own date
        yield item


def _folder(source: Source, max_bytes: int) -> Iterator[Bulletin | Rejected]:
    folder = Path(source.location)
    if not folder.is_dir():
        yield Rejected(str(folder), None, "folder not found (check sources.folder, relative to the pipeline file)")
        return
    # As in a folder given to `kg ingest`: files that are not bulletins by name (a README, source code)
    # are passed over, not quarantined at every run.
    files = sorted({p for pattern in source.glob for p in folder.glob(pattern)
                    if p.is_file() and is_bulletin_file(p)
                    and not any(part.startswith(".") for part in p.relative_to(folder).parts)})
    for item in read_sources(files, max_bytes=max_bytes):
        yield _rejected(item, id=Path(item.origin).stem) if isinstance(item, Skipped) else item


def _jsonl(source: Source, max_bytes: int) -> Iterator[Bulletin | Rejected]:
    pattern = Path(source.location)
    if any(ch in pattern.name for ch in "*?["):
        files = sorted(p for p in pattern.parent.glob(pattern.name) if p.is_file())
        if not files:
            yield Rejected(str(pattern), None, "no file matches this pattern")
            return
    elif pattern.is_file():
        files = [pattern]
    else:
        yield Rejected(str(pattern), None, "file not found (check sources.jsonl, relative to the pipeline file)")
        return
    for item in read_sources(files, max_bytes=max_bytes):
        yield _rejected(item, id=None) if isinstance(item, Skipped) else item


def _rejected(skip: Skipped, *, id: str | None) -> Rejected:
    return Rejected(skip.origin, id, skip.reason)


def _scope(bulletin: Bulletin, source: Source, *, keep_own: bool) -> None:
    if keep_own:
        bulletin.source = bulletin.source or source.publisher
        bulletin.province = bulletin.province or source.province
    else:
        bulletin.source = source.publisher or bulletin.source
        bulletin.province = source.province or bulletin.province
    finish(bulletin)  # the fingerprint covers publisher and province: recompute it
