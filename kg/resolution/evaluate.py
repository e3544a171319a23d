"""Score entity resolution against a cluster gold set (tests/gold-entities/).

The gold labels each (bulletin, kind, name) mention with the real-world entity it refers to, or "-"
for a mention that is no entity at all (a fragment, a country taken for a body). The system's
cluster of a mention is the IRI its bulletin's graph gives that name. Scores are pairwise and B-cubed
precision, recall and F1 over the real mentions; junk mentions are counted apart (how many the store
still makes entities of), and a real mention the store does not have is its own singleton cluster.

>>> pairwise({"a": 1, "b": 1, "c": 2}, {"a": "x", "b": "x", "c": "x"})
{'precision': 0.333, 'recall': 1.0, 'f1': 0.5}
"""

from __future__ import annotations

import csv
import itertools
import tempfile
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from kg.rdf.iri import graph_iri
from kg.resolution.clusters import spelling
from kg.store import GraphStore

KINDS = {"official": ("bkg:Official", "schema:name"), "organization": ("bkg:Organization", "rdfs:label")}


@dataclass(frozen=True)
class GoldMention:
    bulletin: str
    kind: str
    name: str
    entity: str  # "-" for a mention that is no entity
    note: str = ""


def load_gold(gold_dir: str | Path) -> list[GoldMention]:
    path = Path(gold_dir) / "mentions.tsv"
    rows = []
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)
        for lineno, row in enumerate(reader, start=2):
            missing = [k for k in ("bulletin", "kind", "name", "entity") if not (row.get(k) or "").strip()]
            if missing or row["kind"] not in KINDS:
                raise ValueError(f"{path}:{lineno}: needs bulletin, kind (official|organization), name and entity; "
                                 f"got {dict(row)}")
            rows.append(GoldMention(row["bulletin"].strip(), row["kind"], row["name"].strip(), row["entity"].strip(),
                                    (row.get("note") or "").strip()))
    return rows


def predicted_clusters(store: GraphStore, mentions: list[GoldMention]) -> dict[GoldMention, str | None]:
    """The IRI each mention's bulletin graph gives its name, or None when the store has no such node."""
    index: dict[tuple[str, str, str], set[str]] = defaultdict(set)
    for kind, (cls, prop) in KINDS.items():
        for r in store.select(f"SELECT ?g ?e ?name WHERE {{ GRAPH ?g {{ ?e a {cls} ; {prop} ?name }} }}"):
            index[(r["g"], kind, spelling(r["name"]))].add(r["e"])
    out = {}
    for m in mentions:
        found = sorted(index.get((graph_iri(m.bulletin), m.kind, spelling(m.name)), ()))
        out[m] = found[0] if found else None
    return out


def pairwise(predicted: dict, gold: dict) -> dict[str, float]:
    """Precision and recall over the pairs of items put together, by the system and by the gold."""
    def pairs(assign):
        groups = defaultdict(list)
        for item, c in assign.items():
            groups[c].append(item)
        return {frozenset(p) for g in groups.values() for p in itertools.combinations(sorted(g, key=str), 2)}

    sp, gp = pairs(predicted), pairs(gold)
    return _prf(len(sp & gp), len(sp), len(gp))


def bcubed(predicted: dict, gold: dict) -> dict[str, float]:
    """B-cubed: for each item, the share of its system cluster in its gold cluster and back."""
    by_p, by_g = defaultdict(set), defaultdict(set)
    for item in predicted:
        by_p[predicted[item]].add(item)
        by_g[gold[item]].add(item)
    if not predicted:
        return {"precision": 1.0, "recall": 1.0, "f1": 1.0}
    p = sum(len(by_p[predicted[i]] & by_g[gold[i]]) / len(by_p[predicted[i]]) for i in predicted) / len(predicted)
    r = sum(len(by_p[predicted[i]] & by_g[gold[i]]) / len(by_g[gold[i]]) for i in predicted) / len(predicted)
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 3), "recall": round(r, 3), "f1": round(f, 3)}


def _prf(tp: int, npred: int, ngold: int) -> dict[str, float]:
    p = tp / npred if npred else 1.0
    r = tp / ngold if ngold else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 3), "recall": round(r, 3), "f1": round(f, 3)}


def evaluate_entities(gold_dir: str | Path, store: GraphStore | None = None) -> dict:
    """Scores per kind. Without `store`, the gold's own bulletins (bulletins.jsonl) are ingested
    into a fresh store, resolved against each other only."""
    gold = load_gold(gold_dir)
    if store is None:
        from kg.ingest import ingest

        with tempfile.TemporaryDirectory() as tmp:
            fresh = GraphStore(Path(tmp) / "store")
            try:
                ingest([str(Path(gold_dir) / "bulletins.jsonl")], fresh, processes=1)
                return _score(gold, predicted_clusters(fresh, gold))
            finally:
                fresh.close()
    return _score(gold, predicted_clusters(store, gold))


def _score(gold: list[GoldMention], predicted: dict[GoldMention, str | None]) -> dict:
    return {"kinds": {kind: _kind_score([m for m in gold if m.kind == kind], predicted) for kind in KINDS}}


def _kind_score(rows: list[GoldMention], predicted: dict[GoldMention, str | None]) -> dict:
    """Scores of one kind's mentions; gold rows with entity "-" are junk the system should drop."""
    real = [m for m in rows if m.entity != "-"]
    junk = [m for m in rows if m.entity == "-"]
    pred = {m: predicted[m] or f"unmatched:{m.bulletin}:{m.name}" for m in real}
    truth = {m: m.entity for m in real}
    merged, split = _errors(pred, truth)
    return {
        "mentions": len(real), "bulletins": len({m.bulletin for m in real}),
        "gold_entities": len(set(truth.values())), "system_entities": len(set(pred.values())),
        "unmatched": sum(1 for m in real if predicted[m] is None),
        "junk_mentions": len(junk), "junk_kept_as_entities": sum(1 for m in junk if predicted[m]),
        "pairwise": pairwise(pred, truth), "bcubed": bcubed(pred, truth),
        "wrongly_merged": merged, "wrongly_split": split,
    }


def _errors(pred: dict, truth: dict) -> tuple[list[str], list[str]]:
    """Readable errors: system clusters that hold several gold entities, gold entities spread over
    several system clusters."""
    by_p, by_g = defaultdict(set), defaultdict(set)
    for m in pred:
        by_p[pred[m]].add(m)
        by_g[truth[m]].add(m)
    merged = [f"{iri}: " + " | ".join(sorted({truth[m] for m in ms})) for iri, ms in sorted(by_p.items())
              if len({truth[m] for m in ms}) > 1]
    split = [f"{entity}: " + " | ".join(sorted({pred[m] for m in ms})) for entity, ms in sorted(by_g.items())
             if len({pred[m] for m in ms}) > 1]
    return merged, split
