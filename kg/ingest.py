"""The main job: read sources, clean, extract, map and write each bulletin to the store.

Data flows one way: source -> Bulletin -> cleaned text -> records -> quads -> store. A bulletin whose
content hash and extractor version are already in the store is left alone; a changed one replaces
its named graph; a bad one is reported with its reason and skipped, and the run goes on.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Iterable

from kg import __version__
from kg.nlp.pipeline import default_nlp, extract
from kg.rdf.mapping import map_extraction
from kg.reading.clean import clean_bulletin
from kg.reading.sources import DEFAULT_MAX_BYTES, Skipped, read_sources
from kg.records import Bulletin
from kg.store import BulletinGraph, GraphStore


@dataclass
class IngestSummary:
    read: int = 0
    ingested: int = 0  # new bulletins
    replaced: int = 0  # bulletins whose content or extractor changed
    unchanged: int = 0
    skipped: list[Skipped] = field(default_factory=list)
    triples_before: int = 0
    triples_after: int = 0

    @property
    def triples_added(self) -> int:
        return self.triples_after - self.triples_before

    def to_json(self) -> dict:
        return {
            "read": self.read, "ingested": self.ingested, "replaced": self.replaced, "unchanged": self.unchanged,
            "skipped": [{"origin": s.origin, "reason": s.reason} for s in self.skipped],
            "triples_added": self.triples_added, "triples_total": self.triples_after,
        }


def prepare(bulletin: Bulletin) -> Bulletin | Skipped:
    """Clean one bulletin, or say why it cannot be used."""
    clean_bulletin(bulletin)
    if not bulletin.text.strip():
        return Skipped(bulletin.origin, "no article text left after removing captions and page furniture")
    return bulletin


def bulletin_graph(bulletin: Bulletin, nlp=None) -> BulletinGraph:
    extraction = extract(bulletin, nlp)
    return BulletinGraph(bulletin.id, map_extraction(extraction))


def ingest(
    paths: Iterable[str],
    store: GraphStore,
    *,
    source: str | None = None,
    province: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    batch_size: int = 64,
    force: bool = False,
    on_progress: Callable[[str, str], None] | None = None,
) -> IngestSummary:
    """Ingest every article under `paths`. `on_progress(origin, outcome)` is called per article."""
    summary = IngestSummary(triples_before=store.count_triples())
    nlp = default_nlp()
    batch: list[BulletinGraph] = []
    seen: dict[str, str] = {}

    def note(origin: str, outcome: str) -> None:
        if on_progress:
            on_progress(origin, outcome)

    def flush() -> None:
        if batch:
            store.write_bulletins(batch)
            batch.clear()

    for item in read_sources(paths, max_bytes=max_bytes, source=source, province=province):
        summary.read += 1
        if isinstance(item, Skipped):
            summary.skipped.append(item)
            note(item.origin, "skipped")
            continue
        if item.id in seen:
            skip = Skipped(item.origin, f"duplicate bulletin id {item.id!r} (already read from {seen[item.id]})")
            summary.skipped.append(skip)
            note(item.origin, "skipped")
            continue
        seen[item.id] = item.origin
        prepared = prepare(item)
        if isinstance(prepared, Skipped):
            summary.skipped.append(prepared)
            note(item.origin, "skipped")
            continue
        previous = store.ledger_entry(item.id)
        if previous == (item.content_hash, __version__) and not force:
            summary.unchanged += 1
            note(item.origin, "unchanged")
            continue
        try:
            graph = bulletin_graph(prepared, nlp)
        except Exception as err:  # an extractor bug must not stop a run over thousands of articles
            summary.skipped.append(Skipped(item.origin, f"extraction failed: {type(err).__name__}: {err}"))
            note(item.origin, "skipped")
            continue
        batch.append(graph)
        if previous is None:
            summary.ingested += 1
            note(item.origin, "ingested")
        else:
            summary.replaced += 1
            note(item.origin, "replaced")
        if len(batch) >= batch_size:
            flush()
    flush()
    store.flush()
    summary.triples_after = store.count_triples()
    return summary
