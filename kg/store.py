"""The embedded triple store: Oxigraph on disk (or in memory), one named graph per bulletin.

Each call to `write_bulletins` is one SPARQL Update, which Oxigraph runs as one transaction: every
bulletin in it is replaced whole (its old graph dropped, its new one inserted) or, on any failure,
nothing changes. A crash mid-run therefore never leaves half a bulletin in the store. The store knows
nothing of extraction: it takes quads and answers queries.

`write_nquads` is the fast path for corpus-scale ingestion (see docs/performance.md): it takes each
bulletin's graph already serialized as N-Quads and ingests the new bulletins of a batch at once with
Oxigraph's bulk loader, about three times faster on disk than a SPARQL Update. Bulletins already
stored are replaced in one transaction (the quads only the old version has deleted, those only the
new one has inserted), so a process killed at any point never leaves a stored bulletin absent.

Every write also keeps the merged default graph (kg.default_graph): the union of the named graphs,
each triple once, changed in the same transaction as the named graphs, so that queries need neither
GRAPH nor DISTINCT. A store written before it existed is merged once, when next opened for writing.

Faults: a bulk load killed mid-way leaves its `bulk-*.sst` file (up to tens of MB) in the store
folder, which RocksDB never removes; opening the store for writing removes them (the folder's lock
proves no load is running). A full disk or a read-only store raise `StoreWriteError`, whose message
says what to do.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Sequence

import pyoxigraph as ox

from kg import default_graph as merged
from kg.rdf.iri import bulletin_iri, graph_iri
from kg.rdf.vocab import BKG
from kg.terms import value_of

DEFAULT_STORE = Path("exports") / "store"
FORMATS = {
    "trig": ox.RdfFormat.TRIG, "nquads": ox.RdfFormat.N_QUADS, "turtle": ox.RdfFormat.TURTLE,
    "ntriples": ox.RdfFormat.N_TRIPLES, "nt": ox.RdfFormat.N_TRIPLES, "ttl": ox.RdfFormat.TURTLE,
    "nq": ox.RdfFormat.N_QUADS, "rdfxml": ox.RdfFormat.RDF_XML,
}
PREFIXES = {
    "bkg": str(BKG), "schema": "https://schema.org/", "org": "http://www.w3.org/ns/org#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "prov": "http://www.w3.org/ns/prov#", "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#", "qb": "http://purl.org/linked-data/cube#",
    "skos": "http://www.w3.org/2004/02/skos/core#", "id": "https://w3id.org/bulletin-kg/id/",
}
SPARQL_PREFIXES = "".join(f"PREFIX {k}: <{v}>\n" for k, v in PREFIXES.items())
PREFIX_LINES = SPARQL_PREFIXES.count("\n")
_ERROR_AT = re.compile(r"""
    error\ at\ (?P<line> \d+ ) : (?P<column> \d+ )   # Oxigraph's position of a syntax error
""", re.VERBOSE)
# In files, "id:" would turn every path separator of a local name into an escape; keep full IRIs.
FILE_PREFIXES = {k: v for k, v in PREFIXES.items() if k != "id"}


class StoreError(RuntimeError):
    pass


class StoreWriteError(StoreError):
    """The store cannot be written (disk full, read-only file system, permissions): nothing of the
    write that failed was stored, and earlier writes are whole."""


def user_position(message: str) -> str:
    """An error message of the engine with its positions in the user's own lines, not counting the
    predeclared prefixes: "error at 13:11" becomes "error at line 3, column 11"."""
    def shift(m: re.Match) -> str:
        line = int(m["line"]) - PREFIX_LINES
        return f"error at line {line}, column {m['column']}" if line > 0 else m.group(0)

    return _ERROR_AT.sub(shift, message)


def write_fault(path, err: OSError) -> str:
    """One line for an OSError met while writing the store at `path`: the cause and what to do."""
    text = str(err)
    if "No space left" in text or getattr(err, "errno", None) == 28:
        return (f"the disk holding the store at {path} is full; free some space (or name a store on a larger disk "
                "with --store)")
    if "Read-only file system" in text or "Permission denied" in text or getattr(err, "errno", None) in (13, 30):
        why = "read-only file system" if "Read-only" in text else "permission denied"
        return (f"the store at {path} is read-only ({why}); queries and exports still work, but to write "
                "name a writable folder with --store")
    return f"cannot write the store at {path}: {text.splitlines()[0] if text else type(err).__name__}"


@dataclass(frozen=True)
class BulletinGraph:
    bulletin_id: str
    quads: Sequence[ox.Quad]


@dataclass(frozen=True)
class SerializedGraph:
    """One bulletin's named graph as N-Quads text (one quad per line, all in the bulletin's graph):
    what an extraction worker sends back, cheaper to pickle than pyoxigraph quads. Made by
    serializing pyoxigraph terms (`pyoxigraph.serialize`), whose IRIs are already validated."""

    bulletin_id: str
    nquads: bytes


# Oxigraph's bulk loader encodes up to 1,000,000 quads in memory and then ingests them into every index
# with one RocksDB IngestExternalFiles call, which is atomic across column families. Below that size
# one bulk load is therefore all-or-nothing; batches are split (at bulletin boundaries) to stay under it.
BULK_ATOMIC_QUADS = 900_000
# Lenient parsing of serialized graphs: their IRIs were validated when the worker built its pyoxigraph
# terms, and checking them again costs an eighth of a bulk write; syntax errors are still refused.
# (pyoxigraph 0.5 and later.)
_LENIENT: dict[str, Any] = (
    {"lenient": True} if "lenient" in (getattr(ox.Store.bulk_load, "__text_signature__", None) or "") else {})


def default_store_path() -> Path:
    return Path(os.environ.get("KG_STORE", DEFAULT_STORE))


def _remove_orphan_bulk_files(path: Path) -> int:
    """Files of bulk loads that were killed: no load runs now, since this process holds the lock."""
    removed = 0
    for orphan in path.glob("bulk-*.sst"):
        try:
            orphan.unlink()
            removed += 1
        except OSError:  # gone meanwhile, or not ours to remove: harmless to leave
            pass
    return removed


class GraphStore:
    def __init__(self, path: str | os.PathLike | None = None, *, read_only: bool = False):
        self.path = Path(path) if path is not None else None
        self.read_only = read_only
        try:
            if self.path is None:
                self._store = ox.Store()
            elif read_only:
                self._store = ox.Store.read_only(str(self.path))
            else:
                self.path.mkdir(parents=True, exist_ok=True)
                self._store = ox.Store(str(self.path))
        except OSError as err:
            text = str(err)
            if not read_only and ("Read-only file system" in text or "Permission denied" in text
                                  or getattr(err, "errno", None) in (13, 30)):
                raise StoreWriteError(write_fault(self.path, err)) from None
            raise StoreError(
                f"cannot open the store at {self.path}: {err}. If `kg serve` or another process holds it, "
                "stop that process or use --store to name another folder."
            ) from None
        self.removed_bulk_files = _remove_orphan_bulk_files(self.path) if self.path is not None and not read_only else 0
        if not read_only and self.path is not None:
            try:
                self.merge_default_graph()
            except OSError as err:
                raise StoreWriteError(write_fault(self.path, err)) from None

    # -- writing -----------------------------------------------------------------------------
    def write_bulletins(self, graphs: Iterable[BulletinGraph]) -> None:
        """Replace each bulletin's named graph, all in one transaction."""
        try:
            self._replace(graphs)
        except OSError as err:
            raise StoreWriteError(write_fault(self.path, err)) from err

    def _replace(self, graphs: Iterable[BulletinGraph]) -> None:
        parts: list[str] = []
        removed: list[ox.Quad] = []
        added: list[ox.Quad] = []
        for bg in graphs:
            g = graph_iri(bg.bulletin_id)
            body = "\n".join(f"{q.subject} {q.predicate} {q.object} ." for q in bg.quads)
            removed += self._store.quads_for_pattern(None, None, None, ox.NamedNode(g))
            added += bg.quads
            parts.append(merged.blank_cleanup(g))
            parts.append(f"DROP SILENT GRAPH <{g}> ;\nINSERT DATA {{ GRAPH <{g}> {{\n{body}\n}} }}")
        if parts:
            parts += merged.delta_operations(*merged.default_delta(self._store.quads_for_pattern, removed, added))
            self._store.update(" ;\n".join(parts))

    def write_nquads(self, graphs: Sequence[SerializedGraph]) -> None:
        """Write each bulletin's named graph from its serialized quads, each bulletin all-or-nothing.

        Bulletins already stored are replaced in one transaction, their old graphs dropped and the new
        ones inserted together: a crash leaves either version, never neither (dropping first and bulk
        loading after left them absent when killed in between). New bulletins are ingested at
        bulk-load speed (atomic below BULK_ATOMIC_QUADS quads); a crash leaves them out, and with them
        their ledger entries, so the next run ingests them.
        """
        if not graphs:
            return
        try:
            self._write_nquads(graphs)
        except OSError as err:
            if self.path is not None:
                _remove_orphan_bulk_files(self.path)  # a load that failed half-way (a full disk) leaves its file
            raise StoreWriteError(write_fault(self.path, err)) from err

    def _write_nquads(self, graphs: Sequence[SerializedGraph]) -> None:
        stored = {g.bulletin_id for g in graphs
                  if self._store.contains_named_graph(ox.NamedNode(graph_iri(g.bulletin_id)))}
        if stored:
            self._replace_stored([g for g in graphs if g.bulletin_id in stored])
        part: list[bytes] = []
        size = 0
        for g in (g for g in graphs if g.bulletin_id not in stored):
            data = with_default_copies(g)  # the merged default graph is loaded in the same bulk load
            n = data.count(b"\n")
            if part and size + n > BULK_ATOMIC_QUADS:
                self._bulk_load(part)
                part, size = [], 0
            part.append(data)
            size += n
        self._bulk_load(part)

    def _replace_stored(self, graphs: Sequence[SerializedGraph]) -> None:
        """Replace stored graphs in one transaction that deletes the quads only the old version has and
        inserts those only the new one has. A re-extraction after a rule change, or with --force,
        mostly rewrites the same quads: the update then carries only the difference (the extractor
        version, the records the change touched), and costs little more than reading the old graph."""
        parts: list[str] = []
        removed: list[ox.Quad] = []
        added: list[ox.Quad] = []
        for g in graphs:
            name = ox.NamedNode(graph_iri(g.bulletin_id))
            new = {q for q in ox.parse(g.nquads, ox.RdfFormat.N_QUADS)}
            old = set(self._store.quads_for_pattern(None, None, None, name))
            if any(isinstance(t, ox.BlankNode) for q in new | old for t in (q.subject, q.object)):
                # DELETE DATA cannot name blank nodes: replace this graph whole, still in the transaction.
                parts.append(merged.blank_cleanup(name.value))
                parts.append(f"DROP SILENT GRAPH <{name.value}> ;\n" + _insert_data(name.value, new))
                removed += old
                added += new
                continue
            if old - new:
                parts.append(f"DELETE DATA {{ GRAPH <{name.value}> {{\n"
                             + "\n".join(f"{q.subject} {q.predicate} {q.object} ." for q in old - new) + "\n} }")
            if new - old:
                parts.append(_insert_data(name.value, new - old))
            removed += old - new
            added += new - old
        if parts:
            parts += merged.delta_operations(*merged.default_delta(self._store.quads_for_pattern, removed, added))
            self._store.update(" ;\n".join(parts))

    def _bulk_load(self, parts: list[bytes]) -> None:
        data = b"".join(parts)
        if data.count(b"\n") > BULK_ATOMIC_QUADS:
            # One bulletin this large would not be loaded atomically in bulk: use a transaction.
            self._store.load(data, ox.RdfFormat.N_QUADS, **_LENIENT)
        else:
            self._store.bulk_load(data, ox.RdfFormat.N_QUADS, **_LENIENT)

    def rename_nodes(self, renames: dict[str, dict[str, str]], *, then: str = "") -> int:
        """Give nodes new IRIs inside the named graphs that hold them, in one transaction:
        `renames` maps a graph IRI to {old IRI: new IRI}. Every statement of the graph that has a
        renamed node as subject or object is rewritten, both ends at once. `then` is a SPARQL
        Update run in the same transaction. Returns the number of statements rewritten."""
        deletes: list[str] = []
        inserts: list[str] = []
        removed: list[ox.Quad] = []
        added: list[ox.Quad] = []
        for graph, mapping in renames.items():
            g = ox.NamedNode(graph)
            touched: set[ox.Quad] = set()
            for old in mapping:
                node = ox.NamedNode(old)
                touched.update(self._store.quads_for_pattern(node, None, None, g))
                touched.update(self._store.quads_for_pattern(None, None, node, g))
            if not touched:
                continue
            renamed = [_renamed(q, mapping) for q in touched]
            removed += touched
            added += renamed
            deletes.append(f"GRAPH <{graph}> {{\n" + "\n".join(merged.triple_line(q) for q in touched) + "\n}")
            inserts.append(f"GRAPH <{graph}> {{\n" + "\n".join(merged.triple_line(q) for q in renamed) + "\n}")
        parts = []
        if deletes:
            parts.append("DELETE DATA {\n" + "\n".join(deletes) + "\n}")
            parts.append("INSERT DATA {\n" + "\n".join(inserts) + "\n}")
            parts += merged.delta_operations(*merged.default_delta(self._store.quads_for_pattern, removed, added))
        if parts or then:
            self._run_update(" ;\n".join(parts), then)
        return len(removed)

    def remove_bulletin(self, bulletin_id: str) -> bool:
        g = ox.NamedNode(graph_iri(bulletin_id))
        if not self._store.contains_named_graph(g):
            return False
        old = list(self._store.quads_for_pattern(None, None, None, g))
        ops = [merged.blank_cleanup(g.value), f"DROP GRAPH <{g.value}>"]
        ops += merged.delta_operations(*merged.default_delta(self._store.quads_for_pattern, old, []))
        self._store.update(" ;\n".join(ops))
        return True

    def clear(self) -> None:
        self._store.clear()

    def merge_default_graph(self, batch_graphs: int = 2_000) -> int:
        """Give a store written before the merged default graph existed its default graph: the triples
        of its named graphs are added to it in batches of graphs, then the store folder is marked.
        Idempotent and safe to interrupt (a re-run adds what is missing). Returns the triples added
        (0 when the store is already merged)."""
        if self.path is None or self._marked():
            return 0
        before = self._default_size()
        names = list(self._store.named_graphs())
        for start in range(0, len(names), batch_graphs):
            triples = {q.triple for g in names[start:start + batch_graphs]
                       for q in self._store.quads_for_pattern(None, None, None, g)}
            self._store.extend(ox.Quad(t.subject, t.predicate, t.object, merged.DEFAULT) for t in triples)
        self._store.flush()
        (self.path / merged.MARKER_FILE).write_text("the default graph is the merged graph of the named graphs\n")
        return self._default_size() - before

    def _default_size(self) -> int:
        # Counted by the engine: iterating the quads in Python took seconds on a few hundred thousand.
        solutions = self._store.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
        assert isinstance(solutions, ox.QuerySolutions)  # a SELECT always answers solutions
        [row] = solutions
        return int(value_of(row["n"]))

    # -- reading -----------------------------------------------------------------------------
    def ledger_entry(self, bulletin_id: str) -> tuple[str, str] | None:
        """(content hash, extractor version) recorded for a bulletin, or None if it is not stored."""
        g = ox.NamedNode(graph_iri(bulletin_id))
        b = ox.NamedNode(bulletin_iri(bulletin_id))
        hashes = list(self._store.quads_for_pattern(b, ox.NamedNode(str(BKG.contentHash)), None, g))
        versions = list(self._store.quads_for_pattern(b, ox.NamedNode(str(BKG.extractorVersion)), None, g))
        if not hashes:
            return None
        return value_of(hashes[0].object), value_of(versions[0].object) if versions else ""

    def ledger_entries(self, bulletin_ids: Iterable[str]) -> dict[str, tuple[str, str]]:
        """`ledger_entry` for many bulletins at once: {id: (hash, version)} for those stored."""
        found = {}
        for bid in bulletin_ids:
            entry = self.ledger_entry(bid)
            if entry is not None:
                found[bid] = entry
        return found

    def bulletin_ids(self) -> list[str]:
        rows = self.select(
            "SELECT DISTINCT ?id WHERE { GRAPH ?g { ?b a bkg:Bulletin ; schema:identifier ?id } } ORDER BY ?id")
        return [r["id"] for r in rows]

    def query(self, sparql: str, *, with_prefixes: bool = True):
        text = SPARQL_PREFIXES + sparql if with_prefixes else sparql
        try:
            return self._store.query(text)
        except SyntaxError as err:
            raise StoreError("SPARQL syntax error: " + (user_position(str(err)) if with_prefixes else str(err))) from None

    def update(self, sparql: str) -> None:
        """A SPARQL Update, run as one transaction, with the merged default graph brought in line for
        what it names (kg.default_graph.reconcile_terms)."""
        self._run_update("", sparql)

    def _run_update(self, own: str, other: str) -> None:
        """`own` (operations the store computed, default graph included) then `other` (an update
        written elsewhere, reconciled here), in one transaction."""
        before: list[str] = []
        after: list[str] = []
        if other.strip():
            graphs = {g.value for g in self._store.named_graphs()}
            before, after = merged.reconcile_terms(self._store.quads_for_pattern, other, graphs)
        ops = [op for op in [*before, own, other, *after] if op.strip()]
        try:
            self._store.update(SPARQL_PREFIXES + " ;\n".join(ops))
        except SyntaxError as err:
            raise StoreError(f"SPARQL syntax error in the update: {err}") from None

    def select(self, sparql: str) -> list[dict[str, Any]]:
        """A SELECT query as a list of dicts of Python values (str, int, float, date strings)."""
        result = self.query(sparql)
        names = [v.value for v in result.variables]
        return [{n: to_python(row[n]) for n in names if row[n] is not None} for row in result]

    def count_triples(self) -> int:
        """Statements in the named graphs (the bulletins' and the derived ones), not counting the
        merged default graph, which repeats them, nor the store's own marker."""
        return len(self._store) - self._default_size()

    def default_graph_size(self) -> int:
        """Distinct triples of the merged default graph."""
        return self._default_size()

    def has_merged_default_graph(self) -> bool:
        """Whether the store keeps the merged default graph (a store written before it does not,
        until it is opened for writing once)."""
        return self._marked()

    def _marked(self) -> bool:
        return self.path is None or (self.path / merged.MARKER_FILE).exists()

    def named_graph_count(self) -> int:
        return sum(1 for _ in self._store.named_graphs())

    def dump(self, output, fmt: str) -> None:
        rdf_format = FORMATS[fmt]
        if rdf_format in (ox.RdfFormat.TURTLE, ox.RdfFormat.N_TRIPLES, ox.RdfFormat.RDF_XML):
            # Graph formats: the union of all bulletins' graphs (duplicates across graphs written once).
            triples = {q.triple for q in self.quads()}
            ox.serialize(sorted(triples, key=str), output, rdf_format,
                         prefixes=FILE_PREFIXES if rdf_format is ox.RdfFormat.TURTLE else None)
        else:
            # The named graphs: a store loading the dump merges its default graph from them.
            ox.serialize(self.quads(), output, rdf_format, prefixes=FILE_PREFIXES if rdf_format is ox.RdfFormat.TRIG else None)

    def quads(self) -> Iterable[ox.Quad]:
        """The quads of the named graphs (the merged default graph only repeats them)."""
        return (q for q in self._store if isinstance(q.graph_name, ox.NamedNode))

    def match(self, subject=None, predicate=None, obj=None, graph=None) -> Iterable[ox.Quad]:
        """The quads matching a pattern (None matches anything), straight from the store's indexes.
        `graph=None` matches the named graphs (each quad says where it was stated); the merged
        default graph is `pyoxigraph.DefaultGraph()`."""
        found = self._store.quads_for_pattern(subject, predicate, obj, graph)
        if graph is not None:
            return found
        return (q for q in found if isinstance(q.graph_name, ox.NamedNode))

    def flush(self) -> None:
        if self.path is not None and not self.read_only:  # a read-only store has nothing to flush
            try:
                self._store.flush()
            except OSError as err:
                raise StoreWriteError(write_fault(self.path, err)) from err

    def close(self) -> None:
        try:
            self.flush()
        finally:
            del self._store


def with_default_copies(g: SerializedGraph) -> bytes:
    """A new bulletin's N-Quads followed by the same statements in the default graph. Each line of a
    serialized graph ends with ` <graph> .` and a newline (a literal's newlines are escaped), so
    dropping that suffix gives the N-Quads line of the default graph, without parsing."""
    suffix = f" <{graph_iri(g.bulletin_id)}> .\n".encode()
    return g.nquads + g.nquads.replace(suffix, b" .\n")


def _renamed(q: ox.Quad, mapping: dict[str, str]) -> ox.Quad:
    subj = ox.NamedNode(mapping[q.subject.value]) if isinstance(q.subject, ox.NamedNode) and q.subject.value in mapping else q.subject
    obj = ox.NamedNode(mapping[q.object.value]) if isinstance(q.object, ox.NamedNode) and q.object.value in mapping else q.object
    return ox.Quad(subj, q.predicate, obj, q.graph_name)


def _insert_data(graph: str, quads) -> str:
    triples = "\n".join(f"{q.subject} {q.predicate} {q.object} ." for q in quads)
    return f"INSERT DATA {{ GRAPH <{graph}> {{\n{triples}\n}} }}"


def to_python(term):
    if term is None:
        return None
    if isinstance(term, ox.Literal):
        dt = term.datatype.value
        if dt.endswith(("#integer", "#int", "#long")):
            return int(term.value)
        if dt.endswith(("#decimal", "#double", "#float")):
            return float(term.value)
        if dt.endswith("#boolean"):
            return term.value == "true"
        return term.value
    return term.value
