"""The main job: read sources, clean, extract, map and write each bulletin to the store.

Data flows one way: source -> Bulletin -> cleaned text -> records -> quads -> store. A bulletin whose
content hash and extractor version are already in the store is left alone; a changed one replaces
its named graph; a bad one is reported with its reason and skipped, and the run goes on.

A run is three stages, so that memory stays flat however large the corpus:

    reader (this process)            extraction (workers)              writer (this process)
    read, drop duplicates, look up -> chunks of bulletins: clean,   -> one bulk write per batch,
    the ledger once per chunk         extract, map, serialize          each bulletin whole or not at all

Extraction runs here, in a pool of local processes, or on a Dask cluster (`kg.distributed`); only a
few chunks are in flight at any time, and results come back in input order whichever runs them.
"""

from __future__ import annotations

import copy
import ctypes
import ctypes.util
import multiprocessing
import os
import queue
import threading
from collections import deque
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from itertools import chain, islice
from multiprocessing.context import BaseContext
from typing import TYPE_CHECKING, Callable, Iterable, Iterator, Protocol, Sequence

import pyoxigraph as ox

from kg.fingerprint import extractor_version
from kg.nlp.genre import is_party_government
from kg.nlp.pipeline import default_nlp, extract, extract_many
from kg.rdf.mapping import map_extraction
from kg.reading.clean import clean_bulletin
from kg.reading.sources import DEFAULT_MAX_BYTES, Skipped, read_sources
from kg.records import Bulletin
from kg.store import BulletinGraph, GraphStore, SerializedGraph
from kg.terms import serialized

if TYPE_CHECKING:
    from kg.resolution.store_pass import ResolutionReport
    from kg.search.maintain import IndexUpkeep

CHUNK_SIZE = 32  # bulletins per task sent to a worker: large enough to amortise the hop, small enough to balance
BATCH_SIZE = 1024  # bulletins per store write: smaller bulk loads cost more CPU per bulletin and leave more files
# With processes=None, a pool starts only when there is this much to extract (a pool costs ~1 s to start).
POOL_THRESHOLD_CHUNKS = 8


@dataclass(frozen=True)
class Written:
    """A bulletin the worker has already written to the store itself (a remote store, see
    `kg.distributed`): the writer only counts it."""

    bulletin_id: str


Outcome = SerializedGraph | Written | Skipped
# A runner takes chunks of bulletins and yields, in the same order, each chunk's outcomes.
Runner = Callable[[Iterator[list[Bulletin]]], Iterator[list[Outcome]]]


@dataclass
class IngestSummary:
    read: int = 0
    ingested: int = 0  # new bulletins
    replaced: int = 0  # bulletins whose content or extractor changed
    refreshed: int = 0  # of the replaced, those with unchanged content whose graph came from other rules
    unchanged: int = 0
    not_political: int = 0  # read but left out by political_only: other news, not an error
    skipped: list[Skipped] = field(default_factory=list)
    written: list[str] = field(default_factory=list)  # ids of the bulletins ingested or replaced
    resolution: ResolutionReport | None = None  # of the resolution pass after writing
    curation_decisions: int = 0
    search_index: IndexUpkeep | None = None  # the full-text index kept in step
    triples_before: int = 0
    triples_after: int = 0

    @property
    def triples_added(self) -> int:
        return self.triples_after - self.triples_before

    def to_json(self) -> dict:
        return {
            "read": self.read, "ingested": self.ingested, "replaced": self.replaced, "refreshed": self.refreshed,
            "unchanged": self.unchanged, "not_political": self.not_political,
            "skipped": [{"origin": s.origin, "reason": s.reason} for s in self.skipped],
            "triples_added": self.triples_added, "triples_total": self.triples_after,
            "resolution": self.resolution.to_json() if self.resolution is not None else None,
            "curation_decisions": self.curation_decisions,
            "search_index": self.search_index.to_json() if self.search_index is not None else None,
        }


def prepare(bulletin: Bulletin) -> Bulletin | Skipped:
    """Clean one bulletin, or say why it cannot be used."""
    clean_bulletin(bulletin)
    if not bulletin.text.strip():
        return Skipped(bulletin.origin, "no article text left after removing captions and page furniture")
    return bulletin


def is_political(bulletin: Bulletin) -> bool:
    """Whether a bulletin as read is a Party/government bulletin (kg.nlp.genre), judged on its cleaned
    title and text, as the extraction will see them. The bulletin itself is left as read; one that
    cannot be cleaned counts as political, so that extraction reports why it fails."""
    cleaned = copy.copy(bulletin)
    try:
        prepared = prepare(cleaned)
    except Exception:
        return True
    return isinstance(prepared, Skipped) or is_party_government(prepared.title, prepared.text)


def bulletin_graph(bulletin: Bulletin, nlp=None) -> BulletinGraph:
    extraction = extract(bulletin, nlp)
    return BulletinGraph(bulletin.id, map_extraction(extraction))


# -- the workers' job ------------------------------------------------------------------------------

def extract_chunk(bulletins: Sequence[Bulletin]) -> list[Outcome]:
    """Clean, extract and map each bulletin of a chunk: its graph as N-Quads, or why it was skipped.

    Runs in any process (it is what a pool or Dask worker executes); the outcomes are in input order.
    """
    nlp = default_nlp()
    out: list[Outcome | None] = [None] * len(bulletins)
    ready: list[tuple[int, Bulletin]] = []
    for i, b in enumerate(bulletins):
        try:
            prepared = prepare(b)
        except Exception as err:  # a cleaning bug, like an extractor bug, costs one article, not the run
            out[i] = Skipped(b.origin, f"cleaning failed: {type(err).__name__}: {err}")
            continue
        if isinstance(prepared, Skipped):
            out[i] = prepared
        else:
            ready.append((i, prepared))
    try:
        extractions = list(extract_many([b for _, b in ready], nlp, batch_size=max(1, len(ready))))
    except Exception:  # one bulletin broke the batch: redo them one by one to find it
        extractions = None
    for k, (i, b) in enumerate(ready):
        stage = "extraction"
        try:
            x = extractions[k] if extractions is not None else extract(b, nlp)
            stage = "mapping"
            out[i] = SerializedGraph(b.id, serialized(map_extraction(x), ox.RdfFormat.N_QUADS))
        except Exception as err:  # an extractor bug must not stop a run over thousands of articles
            out[i] = Skipped(b.origin, f"{stage} failed: {type(err).__name__}: {err}")
    return out  # type: ignore[return-value]


def run_here(chunks: Iterator[list[Bulletin]]) -> Iterator[list[Outcome]]:
    """The runner that extracts in this process."""
    for chunk in chunks:
        yield extract_chunk(chunk)


class PendingChunk(Protocol):
    """A submitted chunk's future: a concurrent.futures.Future, or a Dask one."""

    def result(self) -> list[Outcome]: ...


def in_order(submit: Callable[[list[Bulletin]], PendingChunk], chunks: Iterable[list[Bulletin]],
             in_flight: int) -> Iterator[list[Outcome]]:
    """Submit chunks (`submit` returns a future with `.result()`), at most `in_flight` at a time, and
    yield their outcomes in submission order: the bound is what keeps memory flat."""
    pending: deque[PendingChunk] = deque()
    for chunk in chunks:
        pending.append(submit(chunk))
        if len(pending) >= in_flight:
            yield pending.popleft().result()
    while pending:
        yield pending.popleft().result()


def available_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _warm_up() -> None:
    default_nlp()


class ProcessPoolRunner:
    """Extraction in `processes` local worker processes.

    Workers are forked from a clean server process ("forkserver") rather than from this one, which
    holds the open store and, under the CLI, a progress thread; each builds its spaCy pipeline once.
    Every `recycle_after` chunks (8,000 articles by default) the pool is drained and replaced: a
    spaCy vocabulary grows with each new string it meets (about 5 MB per 1,000 articles), and fresh
    workers keep memory flat. A replacement costs well under a second.

    >>> with ProcessPoolRunner(2) as runner:  # doctest: +SKIP
    ...     for outcomes in runner(chunks): ...
    """

    def __init__(self, processes: int, *, recycle_after: int = 250):
        if processes < 1:
            raise ValueError(f"processes must be at least 1, got {processes}")
        self.processes = processes
        self.recycle_after = recycle_after
        self._context: BaseContext | None = None
        self._pool: ProcessPoolExecutor | None = None

    def __enter__(self) -> ProcessPoolRunner:
        methods = multiprocessing.get_all_start_methods()
        context = multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")
        if context.get_start_method() == "forkserver":
            context.set_forkserver_preload(["kg.ingest"])
        self._context = context
        self._start()
        return self

    def _start(self) -> None:
        self._pool = ProcessPoolExecutor(max_workers=self.processes, mp_context=self._context, initializer=_warm_up)

    def _submit(self, chunk: list[Bulletin]) -> Future[list[Outcome]]:
        if self._pool is None:
            raise RuntimeError("use ProcessPoolRunner as a context manager")
        return self._pool.submit(extract_chunk, chunk)

    def __exit__(self, *exc) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    def __call__(self, chunks: Iterable[list[Bulletin]]) -> Iterator[list[Outcome]]:
        if self._pool is None:
            raise RuntimeError("use ProcessPoolRunner as a context manager")
        chunks = iter(chunks)
        parts = 0
        while (first := next(chunks, None)) is not None:
            if parts:  # all of the previous pool's work is done: replace its workers
                self._pool.shutdown(wait=True)
                self._start()
            parts += 1
            part = chain([first], islice(chunks, self.recycle_after - 1))
            yield from in_order(self._submit, part, in_flight=2 * self.processes + 1)


# -- the run ----------------------------------------------------------------------------------------

def ingest(
    paths: Iterable[str],
    store: GraphStore,
    *,
    source: str | None = None,
    province: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    batch_size: int = BATCH_SIZE,
    force: bool = False,
    on_progress: Callable[[str, str], None] | None = None,
    processes: int | None = None,
    runner: Runner | None = None,
    chunk_size: int = CHUNK_SIZE,
    curation_path: str | None = None,
    assume_year: int | None = None,
    political_only: bool = False,
) -> IngestSummary:
    """Ingest every article under `paths`. `on_progress(origin, outcome)` is called per article, with
    outcome "ingested", "replaced", "unchanged" or "skipped".

    A stored bulletin is unchanged when both its content hash and its extractor version
    (`kg.fingerprint.extractor_version`) match; one whose graph came from other rules is re-extracted
    and counted as replaced and refreshed.

    Extraction runs in `processes` local processes (None: one per core when there are more than a few
    hundred bulletins to extract, else in this process), or through `runner` when one is given (see
    `kg.distributed.DaskRunner`). The store receives `batch_size` bulletins per write.

    After writing, the bulletins' mentions are resolved against the entities already stored and the
    curation file at `curation_path` (if any) is applied (kg.resolution.settle).

    `assume_year` completes dates written without a year ("sáng 21-12") in bulletins that have no
    date of their own (see `assume_year`); it is never stored as a bulletin's date.

    `political_only` leaves out the articles that are not Party/government bulletins (kg.nlp.genre):
    they are counted in `not_political` and reported to `on_progress` as "not_political", never
    extracted or written; bulletins already in the store are left as they are.
    """
    triples_before = store.count_triples()
    # An empty embedded store has no ledger to consult: no other process can open it while this run
    # holds it (RocksDB locks its folder), so only this run's bulletins will be in it.
    run = _Run(store, force=force, on_progress=on_progress, political_only=political_only,
               store_was_empty=isinstance(store, GraphStore) and triples_before == 0)
    run.summary.triples_before = triples_before
    from kg.search.maintain import begin_write, end_write

    upkeep = begin_write(store)  # marks the search index pending until it is updated below
    reading = read_sources(paths, max_bytes=max_bytes, source=source, province=province)
    if assume_year:
        reading = (assume_year_of(item, assume_year) for item in reading)
    _extract_and_write(run, run.chunks_to_extract(reading, chunk_size), runner=runner, processes=processes,
                       batch_size=batch_size)
    from kg.resolution import settle

    run.summary.resolution, run.summary.curation_decisions = settle(store, run.summary.written, curation_path)
    store.flush()
    run.summary.search_index = end_write(store, upkeep, run.summary.written)
    run.summary.triples_after = store.count_triples()
    return run.summary


def _extract_and_write(run: _Run, chunks: Iterator[list[Bulletin]], *, runner: Runner | None,
                       processes: int | None, batch_size: int) -> None:
    """Extract the chunks through `runner`, else in `processes` local processes (None: one per core
    when there are at least POOL_THRESHOLD_CHUNKS chunks, else this process), and write the results."""
    if runner is not None:
        run.write_all(runner(chunks), batch_size)
        return
    if processes is None:
        head = list(islice(chunks, POOL_THRESHOLD_CHUNKS))
        chunks = chain(head, chunks)
        processes = available_cores() if len(head) >= POOL_THRESHOLD_CHUNKS else 1
    if processes <= 1:
        run.write_all(run_here(chunks), batch_size)
    else:
        with ProcessPoolRunner(processes) as pool:
            run.write_all(pool(chunks), batch_size)


def assume_year_of(item, year: int):
    """An undated bulletin gets `year` as its reference date, which completes the dates its text
    gives without a year; a dated one (or a Skipped) passes unchanged."""
    if isinstance(item, Bulletin) and not item.date and not item.reference_date:
        item.reference_date = str(year)
    return item


class _Run:
    def __init__(self, store, *, force: bool, on_progress, store_was_empty: bool = False,
                 political_only: bool = False):
        self.store = store
        self.political_only = political_only
        self.store_was_empty = store_was_empty
        self.force = force
        self.on_progress = on_progress
        self.summary = IngestSummary()
        # For each chunk sent to extraction, in order: each bulletin's origin and expected outcome.
        self._sent: deque[list[tuple[str, str]]] = deque()
        self._ledger_cache: dict[str, tuple[str, str]] | None = None
        self._note_lock = threading.Lock()

    def note(self, origin: str, outcome: str) -> None:
        if self.on_progress:
            with self._note_lock:  # the writer thread reports too: one call at a time
                self.on_progress(origin, outcome)

    def skip(self, skipped: Skipped) -> None:
        self.summary.skipped.append(skipped)
        self.note(skipped.origin, "skipped")

    # -- reader --------------------------------------------------------------------------------
    def chunks_to_extract(self, items: Iterator[Bulletin | Skipped], chunk_size: int) -> Iterator[list[Bulletin]]:
        """Bulletins that need extracting, in chunks; unchanged ones and bad inputs are settled here."""
        seen: dict[str, str] = {}
        group: list[Bulletin] = []
        todo: list[tuple[Bulletin, str]] = []
        for item in items:
            self.summary.read += 1
            if isinstance(item, Skipped):
                self.skip(item)
                continue
            if item.id in seen:
                self.skip(Skipped(item.origin, f"duplicate bulletin id {item.id!r} (already read from {seen[item.id]})"))
                continue
            seen[item.id] = item.origin
            if self.political_only and not is_political(item):
                self.summary.not_political += 1
                self.note(item.origin, "not_political")
                continue
            group.append(item)
            if len(group) >= chunk_size:
                todo.extend(self._needing_work(group))
                group = []
                while len(todo) >= chunk_size:
                    yield self._send(todo[:chunk_size])
                    todo = todo[chunk_size:]
        todo.extend(self._needing_work(group))
        while todo:
            yield self._send(todo[:chunk_size])
            todo = todo[chunk_size:]

    def _send(self, chunk: list[tuple[Bulletin, str]]) -> list[Bulletin]:
        self._sent.append([(b.origin, outcome) for b, outcome in chunk])
        return [b for b, _ in chunk]

    def _needing_work(self, group: list[Bulletin]) -> list[tuple[Bulletin, str]]:
        if not group:
            return []
        ledger = self._ledger([b.id for b in group])
        version = extractor_version()
        todo = []
        for b in group:
            previous = ledger.get(b.id)
            if previous == (b.content_hash, version) and not self.force:
                self.summary.unchanged += 1
                self.note(b.origin, "unchanged")
                continue
            if previous is None:
                outcome = "ingested"
            elif previous[0] == b.content_hash and previous[1] != version:
                outcome = "refreshed"  # the same text, read by other rules: its graph is stale
            else:
                outcome = "replaced"
            todo.append((b, outcome))
        return todo

    def _ledger(self, ids: list[str]) -> dict[str, tuple[str, str]]:
        """One lookup per group of bulletins, whatever the store offers."""
        if self.store_was_empty:
            return {}
        if hasattr(self.store, "ledger_entries"):
            return self.store.ledger_entries(ids)
        if hasattr(self.store, "ledger"):  # a remote store: one query for the whole store, once
            if self._ledger_cache is None:
                self._ledger_cache = self.store.ledger()
            return {i: self._ledger_cache[i] for i in ids if i in self._ledger_cache}
        return {i: e for i in ids if (e := self.store.ledger_entry(i)) is not None}

    # -- writer --------------------------------------------------------------------------------
    def write_all(self, results: Iterator[list[Outcome]], batch_size: int) -> None:
        # The embedded store is written from a thread of its own: Oxigraph releases the GIL while it
        # builds and ingests its index files, so reading and dispatching chunks go on meanwhile.
        writer = _WriterThread(self._write) if hasattr(self.store, "write_nquads") else None
        write = writer.put if writer else self._write
        batch: list[SerializedGraph] = []
        expected: list[tuple[str, str]] = []
        try:
            for outcomes in results:
                sent = self._sent.popleft()
                if len(sent) != len(outcomes):
                    raise RuntimeError(f"extraction returned {len(outcomes)} outcomes for a chunk of {len(sent)}")
                for (origin, outcome), result in zip(sent, outcomes):
                    if isinstance(result, Skipped):
                        self.skip(result)
                    elif isinstance(result, Written):
                        self._count([(origin, outcome)])
                        self.summary.written.append(result.bulletin_id)
                    else:
                        batch.append(result)
                        expected.append((origin, outcome))
                if len(batch) >= batch_size:
                    write(batch, expected)
                    batch, expected = [], []
            write(batch, expected)
        finally:
            if writer:
                writer.close()

    def _write(self, batch: list[SerializedGraph], expected: list[tuple[str, str]]) -> None:
        if not batch:
            return
        if hasattr(self.store, "write_nquads"):
            self.store.write_nquads(batch)
        else:  # a store without the bulk path (a remote one): the same graphs as quads
            self.store.write_bulletins(
                [BulletinGraph(g.bulletin_id, list(ox.parse(g.nquads, ox.RdfFormat.N_QUADS))) for g in batch])
        self.summary.written.extend(g.bulletin_id for g in batch)
        self._count(expected)

    def _count(self, written: list[tuple[str, str]]) -> None:
        for origin, outcome in written:
            if outcome == "ingested":
                self.summary.ingested += 1
            else:
                self.summary.replaced += 1
                self.summary.refreshed += outcome == "refreshed"
            self.note(origin, "ingested" if outcome == "ingested" else "replaced")


def _find_malloc_trim() -> Callable[[int], int] | None:
    try:
        return ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6").malloc_trim
    except (OSError, AttributeError):  # not glibc
        return None


_MALLOC_TRIM = _find_malloc_trim()


def _return_freed_memory() -> None:
    """Give the heap pages freed by a written batch back to the system (glibc only). A batch's
    N-Quads are tens of MB in pieces of ~30 KB; glibc keeps the freed pages for reuse and, with
    several threads allocating, reuses them poorly, so without this the process grows along the run."""
    if _MALLOC_TRIM is not None:
        _MALLOC_TRIM(0)


class _WriterThread:
    """Runs `write(batch, expected)` in a background thread, one batch at a time, with at most one
    more batch waiting (bounded memory). The first error stops the writing and is raised to the
    caller at the next `put` or at `close`."""

    def __init__(self, write: Callable[[list[SerializedGraph], list[tuple[str, str]]], None]):
        self._write = write
        self._queue: queue.Queue = queue.Queue(maxsize=1)
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="kg-store-writer", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while (item := self._queue.get()) is not None:
            if self._error is None:
                try:
                    self._write(*item)
                except BaseException as err:  # handed to the caller's thread
                    self._error = err
            del item
            _return_freed_memory()

    def put(self, batch: list[SerializedGraph], expected: list[tuple[str, str]]) -> None:
        if self._error is not None:
            raise self._error
        self._queue.put((batch, expected))

    def close(self) -> None:
        self._queue.put(None)
        self._thread.join()
        if self._error is not None:
            raise self._error
