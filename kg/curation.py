"""Reviewed merge decisions (pipelines/curation.toml), applied to the store with provenance.

    [[same_as]]                       # two nodes are one: the second's statements move to the first
    keep = "https://w3id.org/bulletin-kg/id/person/vn/nguyen-van-a-1a2b3c"
    merge = "https://w3id.org/bulletin-kg/id/person/p-lao-cai/nguyen-van-a-1a2b3c"
    reason = "Same person: Bí thư Tỉnh ủy Lào Cai, later Bộ trưởng"

    [[not_same_as]]                   # two nodes are different: no same_as may join them
    a = "..."
    b = "..."
    reason = "..."

    [[split]]                         # automatic merging joined two people: give these bulletins'
    node = "..."                      # mentions a node of their own
    bulletins = ["22701304"]
    reason = "A namesake in another district"

Applying is idempotent and runs after every `kg ingest` (and on `kg curate`): node IRIs are
rewritten inside the bulletins' named graphs, and each decision is recorded in the graph
`id/graph/curation` as a `bkg:Curation` activity with its reason and the file it came from.
"""

from __future__ import annotations

import hashlib
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from kg.rdf.iri import graph_iri
from kg.rdf.vocab import BKG, ID_BASE
from kg.store import GraphStore

DEFAULT_CURATION = Path("pipelines") / "curation.toml"
CURATION_GRAPH = f"{ID_BASE}graph/curation"


class CurationError(ValueError):
    pass


@dataclass
class Curation:
    source: str = ""
    same_as: list[tuple[str, str, str]] = field(default_factory=list)  # keep, merge, reason
    not_same_as: list[tuple[str, str, str]] = field(default_factory=list)
    split: list[tuple[str, list[str], str]] = field(default_factory=list)  # node, bulletins, reason


def load_curation(path: str | Path) -> Curation:
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as err:
        raise CurationError(f"{path}: not valid TOML: {err}") from None
    cur = Curation(source=str(path))
    allowed = {"same_as", "not_same_as", "split"}
    for key in data:
        if key not in allowed:
            raise CurationError(f"{path}: unknown table [[{key}]] (expected same_as, not_same_as or split)")
    for i, entry in enumerate(data.get("same_as", []), start=1):
        cur.same_as.append((_iri(path, "same_as", i, entry, "keep"), _iri(path, "same_as", i, entry, "merge"),
                            str(entry.get("reason", ""))))
    for i, entry in enumerate(data.get("not_same_as", []), start=1):
        cur.not_same_as.append((_iri(path, "not_same_as", i, entry, "a"), _iri(path, "not_same_as", i, entry, "b"),
                                str(entry.get("reason", ""))))
    for i, entry in enumerate(data.get("split", []), start=1):
        bulletins = entry.get("bulletins")
        if not isinstance(bulletins, list) or not bulletins or not all(isinstance(b, str) for b in bulletins):
            raise CurationError(f"{path}: split #{i}: 'bulletins' must be a non-empty list of bulletin ids")
        cur.split.append((_iri(path, "split", i, entry, "node"), bulletins, str(entry.get("reason", ""))))
    _check_conflicts(cur, path)
    return cur


def _iri(path, table, i, entry, key) -> str:
    value = entry.get(key)
    if not isinstance(value, str) or not value.startswith(("http://", "https://", "urn:")):
        raise CurationError(f"{path}: {table} #{i}: '{key}' must be a node IRI (see `kg entities`), got {value!r}")
    return value


def _check_conflicts(cur: Curation, path) -> None:
    """A not_same_as pair may not end up joined by a chain of same_as pairs."""
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        while parent.get(x, x) != x:
            x = parent[x]
        return x

    for keep, merge, _ in cur.same_as:
        parent[find(merge)] = find(keep)
    for a, b, _ in cur.not_same_as:
        if find(a) == find(b):
            raise CurationError(f"{path}: {a} and {b} are declared different but same_as pairs join them")


def apply_curation(store: GraphStore, cur: Curation) -> int:
    """Rewrite node IRIs as declared; returns the number of decisions recorded. Idempotent."""
    updates: list[str] = []
    record: list[str] = []
    for keep, merge, reason in cur.same_as:
        updates.append(_rewrite(merge, keep, graphs=None))
        record.append(_decision("same_as", keep, merge, f"<{BKG.kept}> <{keep}> ; <{BKG.merged}> <{merge}>",
                                f"<{keep}> <{OWL_SAME_AS}> <{merge}>", reason, cur.source))
    for node, bulletins, reason in cur.split:
        new = split_iri(node, bulletins)
        updates.append(_rewrite(node, new, graphs=[graph_iri(b) for b in bulletins]))
        record.append(_decision("split", node, new, f"<{BKG.kept}> <{node}> ; <{BKG.split}> <{new}>",
                                f"<{node}> <{OWL_DIFFERENT}> <{new}>", reason, cur.source))
    for a, b, reason in cur.not_same_as:
        record.append(_decision("not_same_as", a, b, f"<{BKG.kept}> <{a}>, <{b}>",
                                f"<{a}> <{OWL_DIFFERENT}> <{b}>", reason, cur.source))
    updates.append(f"DROP SILENT GRAPH <{CURATION_GRAPH}>")
    if record:
        updates.append(f"INSERT DATA {{ GRAPH <{CURATION_GRAPH}> {{\n" + "\n".join(record) + "\n} }")
    store.update(" ;\n".join(updates))
    return len(record)


OWL_SAME_AS = "http://www.w3.org/2002/07/owl#sameAs"
OWL_DIFFERENT = "http://www.w3.org/2002/07/owl#differentFrom"


def _decision(kind: str, a: str, b: str, nodes: str, statement: str, reason: str, source: str) -> str:
    """N-Triples of one recorded decision: the bkg:Curation activity and the statement it makes."""
    iri = _decision_iri(kind, a, b)
    return (f"<{iri}> a <{BKG.Curation}> ; {nodes} ; "
            f"<http://www.w3.org/2000/01/rdf-schema#comment> {ox.Literal(reason)} ; "
            f"<http://www.w3.org/ns/prov#wasDerivedFrom> {ox.Literal(source)} .\n{statement} .")


def split_iri(node: str, bulletins: list[str]) -> str:
    return f"{node}~{hashlib.sha1(' '.join(sorted(bulletins)).encode()).hexdigest()[:8]}"


def _rewrite(old: str, new: str, graphs: list[str] | None) -> str:
    """Move every statement about (or pointing at) `old` onto `new`, in the given graphs or all."""
    scope = "" if graphs is None else "VALUES ?g { " + " ".join(f"<{g}>" for g in graphs) + " } "
    skip = f"FILTER(?g != <{CURATION_GRAPH}>)"
    return (
        f"DELETE {{ GRAPH ?g {{ <{old}> ?p ?o }} }} INSERT {{ GRAPH ?g {{ <{new}> ?p ?o }} }} "
        f"WHERE {{ {scope}GRAPH ?g {{ <{old}> ?p ?o }} {skip} }} ;\n"
        f"DELETE {{ GRAPH ?g {{ ?s ?p <{old}> }} }} INSERT {{ GRAPH ?g {{ ?s ?p <{new}> }} }} "
        f"WHERE {{ {scope}GRAPH ?g {{ ?s ?p <{old}> }} {skip} }}"
    )


def _decision_iri(kind: str, a: str, b: str) -> str:
    return f"{ID_BASE}curation/{kind}/{hashlib.sha1(f'{a} {b}'.encode()).hexdigest()[:12]}"
