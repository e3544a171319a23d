"""One run of a pipeline: read every article, skip what the store already holds, write what is new
or changed, quarantine what fails, and record the run.

The store is the ledger: a bulletin's graph carries its content hash and extractor version
(`GraphStore.ledger_entry`), and each graph is written in the same transaction as that ledger entry,
so no separate file can disagree with the store after a crash. A run killed at any point leaves whole
bulletins only; the next run skips those already written and writes the rest, giving the same
bulletin graphs as a run that was never interrupted.

Stopping: `stop` (a threading.Event, set by the SIGTERM/SIGINT handlers of the CLI) is checked
between bulletins; the bulletins in hand are written and the run is recorded as "stopped".
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from threading import Event

from kg import __version__
from kg.fingerprint import extractor_version
from kg.ingest import prepare
from kg.nlp.components import COMPONENT_ORDER
from kg.nlp.genre import is_party_government
from kg.nlp.pipeline import extract, make_nlp
from kg.pipelines.definition import NlpOptions, Pipeline
from kg.pipelines.items import pipeline_items
from kg.pipelines.provenance import RESERVED_PREFIXES, RunRecord, mark_interrupted, now
from kg.pipelines.quarantine import Quarantine
from kg.pipelines.target import Target, open_store, resolve_target, store_lock
from kg.pipelines.web import Rejected, http_session
from kg.rdf.mapping import map_extraction
from kg.reading.sources import Skipped
from kg.records import Bulletin
from kg.store import BulletinGraph

log = logging.getLogger("kg.pipelines")


def emit(level: int, event: str, message: str, **data) -> None:
    """A log record that the JSON formatter writes as one object and the progress display reads."""
    log.log(level, message, extra={"event": event, "data": data})


@dataclass
class RunResult:
    record: RunRecord
    target: Target
    quarantine_path: str
    triples_before: int = 0
    triples_after: int = 0
    seconds: float = 0.0
    quarantined: list[Rejected] = field(default_factory=list)
    refreshed: int = 0  # replaced bulletins whose text was unchanged but whose graph came from other rules
    not_party_government: int = 0  # left out by only_party_government: other news, not an error
    interrupted_runs: list[str] = field(default_factory=list)

    def to_json(self) -> dict:
        r = self.record
        return {"pipeline": r.pipeline, "run": r.iri, "status": r.status, "store": self.target.describe(),
                "started": r.started.isoformat(), "ended": r.ended.isoformat() if r.ended else None,
                "seconds": round(self.seconds, 3), **r.counts, "refreshed": self.refreshed,
                "not_party_government": self.not_party_government,
                "triples_before": self.triples_before, "triples_after": self.triples_after,
                "quarantine_file": self.quarantine_path,
                "quarantined_items": [{"source": q.source, "id": q.id, "reason": q.reason} for q in self.quarantined]}


_NLP_CACHE: dict[NlpOptions, object] = {}


def nlp_for(options: NlpOptions):
    """One spaCy pipeline per option set, kept for the life of the process (a scheduler reuses it)."""
    if options not in _NLP_CACHE:
        _NLP_CACHE[options] = make_nlp(use_pyvi=options.use_pyvi, components=options.components)
    return _NLP_CACHE[options]


def pipeline_version(options: NlpOptions) -> str:
    """The extractor version of graphs made with these options (see kg.fingerprint)."""
    parts = []
    if tuple(options.components) != tuple(COMPONENT_ORDER):
        parts.append("components=" + ",".join(options.components))
    if options.use_pyvi:
        parts.append("pyvi")
    return extractor_version(";".join(parts))


def execute(pipeline: Pipeline, *, store_override=None, force: bool = False, stop: Event | None = None,
            lock_timeout: float | None = None) -> RunResult:
    """Lock the target store, run the pipeline once, release. Raises StoreLocked when the lock stays
    busy past the timeout (nothing is written then)."""
    target = resolve_target(pipeline, store_override)
    timeout = pipeline.run.lock_timeout if lock_timeout is None else lock_timeout

    def waiting(holder: dict) -> None:
        emit(logging.WARNING, "lock.wait", f"store {target.describe()} is busy; waiting up to {timeout:g} s",
             pipeline=pipeline.name, store=target.describe(), lock=str(target.lock_path),
             holder=holder or None, timeout=timeout)

    with store_lock(target, timeout=timeout, pipeline=pipeline.name, stop=stop, on_wait=waiting):
        store = open_store(target)
        try:
            # The lock proves no other run is live on an embedded store; a remote one may also be written
            # from other machines, so there only this pipeline's own dead runs are marked.
            interrupted = mark_interrupted(store, None if target.store.path is not None else pipeline.name)
            for run_id in interrupted:
                emit(logging.WARNING, "run.interrupted", f"an earlier run {run_id} ended without a record "
                     "(killed or crashed); marked interrupted", pipeline=pipeline.name, run_id=run_id)
            result = run_pipeline(pipeline, store, target=target, force=force, stop=stop)
            result.interrupted_runs = interrupted
            return result
        finally:
            store.close()


def run_pipeline(pipeline: Pipeline, store, *, target: Target, force: bool = False,
                 stop: Event | None = None) -> RunResult:
    """Run once against an open store (the caller holds the lock)."""
    run = _PipelineRun(pipeline, store, target, force=force)
    items = pipeline_items(pipeline, session=http_session(pipeline.name))
    current_source = None
    status = "failed"
    try:
        for source, item in items:
            if source is not current_source:
                current_source = source
                emit(logging.INFO, "source", f"reading {source.describe()}", pipeline=pipeline.name,
                     source=source.describe(), key=source.key)
            run.process(item)
            if stop is not None and stop.is_set():
                break
        status = "stopped" if stop is not None and stop.is_set() else "completed"
    finally:
        items.close()
        run.finish(status)
    return run.result


class _PipelineRun:
    """The state of one run: its record and counts, the graphs waiting to be written, the ids read."""

    def __init__(self, pipeline: Pipeline, store, target: Target, *, force: bool):
        self.started = time.monotonic()
        self.pipeline, self.store, self.target, self.force = pipeline, store, target, force
        self.record = RunRecord(pipeline=pipeline.name, pipeline_file=str(pipeline.file.resolve()))
        self.quarantine = Quarantine(target.quarantine_path, pipeline=pipeline.name, run=self.record.iri)
        self.result = RunResult(self.record, target, str(target.quarantine_path), triples_before=store.count_triples())
        store.write_bulletins([self.record.graph()])
        self.version = pipeline_version(pipeline.nlp)
        emit(logging.INFO, "run.start", f"run {self.record.run_id} of pipeline {pipeline.name} into {target.describe()}",
             pipeline=pipeline.name, run=self.record.iri, store=target.describe(),
             sources=[s.describe() for s in pipeline.sources], version=__version__, extractor_version=self.version)
        self.nlp = nlp_for(pipeline.nlp)
        self.ledger = _ledger_lookup(store, remote=target.store.path is None)
        self.pending: list[BulletinGraph] = []
        self.seen: dict[str, str] = {}
        self.counts = self.record.counts

    def write(self) -> None:
        bulletins = len(self.pending) // 2
        self.store.write_bulletins([*self.pending, self.record.graph()])  # bulletins and the run's counts, one transaction
        self.pending.clear()
        if bulletins:
            emit(logging.INFO, "batch.written", f"{bulletins} bulletin(s) written", pipeline=self.pipeline.name,
                 run=self.record.iri, bulletins=bulletins, **self.counts)

    def reject(self, item: Rejected) -> None:
        self.counts["quarantined"] += 1
        self.result.quarantined.append(item)
        new = self.quarantine.add(item)
        emit(logging.WARNING, "bulletin", f"quarantined {item.source}: {item.reason}", pipeline=self.pipeline.name,
             outcome="quarantined", id=item.id, source=item.source, reason=item.reason, new=new)

    def process(self, item: Bulletin | Rejected) -> None:
        self.counts["read"] += 1
        if isinstance(item, Rejected):
            return self.reject(item)
        if not self._first_reading(item):
            return
        previous = self.ledger(item.id)
        if previous == (item.content_hash, self.version) and not self.force:
            self.counts["unchanged"] += 1
            emit(logging.DEBUG, "bulletin", f"unchanged {item.id}", pipeline=self.pipeline.name, outcome="unchanged",
                 id=item.id, source=item.origin)
            return
        prepared = self._prepared(item)
        if prepared is None:
            return
        try:
            extraction = extract(prepared, self.nlp)
            extraction.extractor_version = self.version
            graph = BulletinGraph(item.id, map_extraction(extraction))
        except Exception as err:  # an extractor bug costs one article, not the run
            return self.reject(Rejected(item.origin, item.id, f"extraction failed: {type(err).__name__}: {err}"))
        self._add(item, graph, previous)

    def _first_reading(self, item: Bulletin) -> bool:
        """False (after quarantining or counting it) for a reserved id or one already read in this run."""
        if item.id.startswith(RESERVED_PREFIXES):
            self.reject(Rejected(item.origin, item.id, f"bulletin ids starting with {RESERVED_PREFIXES} are "
                                                       "reserved for run records; rename the article"))
            return False
        if item.id in self.seen:
            self.counts["duplicate"] += 1
            emit(logging.DEBUG, "bulletin", f"duplicate {item.id} (already read from {self.seen[item.id]})",
                 pipeline=self.pipeline.name, outcome="duplicate", id=item.id, source=item.origin)
            return False
        self.seen[item.id] = item.origin
        return True

    def _prepared(self, item: Bulletin) -> Bulletin | None:
        """The cleaned bulletin to extract, or None when it was quarantined or left out as not political."""
        try:
            prepared = prepare(item)
        except Exception as err:  # a cleaning bug, like an extractor bug, costs one article
            self.reject(Rejected(item.origin, item.id, f"cleaning failed: {type(err).__name__}: {err}"))
            return None
        if isinstance(prepared, Skipped):
            self.reject(Rejected(item.origin, item.id, prepared.reason))
            return None
        if self.pipeline.only_party_government and not is_party_government(prepared.title, prepared.text):
            self.result.not_party_government += 1
            emit(logging.DEBUG, "bulletin", f"not a Party/government bulletin {item.id}", pipeline=self.pipeline.name,
                 outcome="not_party_government", id=item.id, source=item.origin)
            return None
        return prepared

    def _add(self, item: Bulletin, graph: BulletinGraph, previous: tuple[str, str] | None) -> None:
        # The generation link first and the bulletin (which carries the ledger entry) last: on a remote
        # store that writes graph by graph, a crash in between leaves the old ledger entry, so the next
        # run rewrites both.
        self.pending.extend([self.record.generation(item.id), graph])
        outcome = "added" if previous is None else "replaced"
        self.counts[outcome] += 1
        if previous is not None and previous[0] == item.content_hash:
            self.result.refreshed += 1  # the same text, read again because its graph came from other rules
        emit(logging.INFO, "bulletin", f"{outcome} {item.id}", pipeline=self.pipeline.name, outcome=outcome,
             id=item.id, source=item.origin, quads=len(graph.quads))
        if len(self.pending) >= 2 * self.pipeline.run.batch_size:
            self.write()

    def finish(self, status: str) -> None:
        """Write what is in hand and the run's final record; after a completed run, resolve and curate."""
        self.record.status = status
        self.record.ended = now()
        try:
            self.write()  # what is in hand, and the run's final record
            if status == "completed":
                _apply_curation(self.pipeline, self.store)
            self.result.triples_after = self.store.count_triples()
            self.store.flush()
        except Exception:
            if status != "failed":
                raise
            # Already failing (often the store itself): keep the first error, note this one.
            log.exception("could not record the end of the failed run %s", self.record.iri,
                          extra={"event": "run.record_failed", "data": {"pipeline": self.pipeline.name}})
        self.result.seconds = time.monotonic() - self.started
        self._log_end(status)

    def _log_end(self, status: str) -> None:
        result, counts = self.result, self.counts
        emit(logging.INFO if status == "completed" else logging.WARNING, "run.end",
             f"run {self.record.run_id} {status}: {counts['added']} added, {counts['replaced']} replaced, "
             f"{counts['unchanged']} unchanged, {counts['quarantined']} quarantined in {result.seconds:.1f} s"
             + (f" ({result.refreshed} replaced because their graphs came from other rules)"
                if result.refreshed else "")
             + (f"; {result.not_party_government} not Party/government bulletins left out"
                if self.pipeline.only_party_government else ""),
             pipeline=self.pipeline.name, run=self.record.iri, status=status, seconds=round(result.seconds, 3),
             triples=result.triples_after, quarantine_file=str(self.target.quarantine_path),
             not_party_government=result.not_party_government, **counts)


def _apply_curation(pipeline: Pipeline, store) -> None:
    """Resolve the store's entities across bulletins (kg.resolution), then apply the reviewed merge
    decisions kept beside the definitions (pipelines/curation.toml), so that bulletins a scheduled
    run adds join the entities already there and follow the reviewers' decisions too."""
    from kg.resolution import settle

    path = pipeline.file.parent / "curation.toml"
    report, n = settle(store, None, path)
    if report is not None and report.renamed:
        emit(logging.INFO, "resolution", f"resolution renamed {report.renamed} mention(s) in {report.seconds:.1f} s",
             pipeline=pipeline.name)
    if n:
        emit(logging.INFO, "curation", f"applied {n} curation decision(s) from {path}", pipeline=pipeline.name)


def _ledger_lookup(store, *, remote: bool):
    """(hash, version) of a stored bulletin, or None. A remote store answers one query per lookup, so
    its whole ledger is fetched once instead (the lock keeps it from changing under the run)."""
    if remote and hasattr(store, "ledger"):
        known = store.ledger()
        return known.get
    return store.ledger_entry
