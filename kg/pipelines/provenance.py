"""PROV-O records of pipeline runs, kept apart from the bulletins' own graphs.

Three kinds of named graph, all written through `GraphStore.write_bulletins` (so each lands in the
same transaction as the bulletins it describes):

- a bulletin's graph `id/graph/<id>`: only what was read from the article. It does not mention the
  run, so the same article with the same extractor gives the same graph, triple for triple, whichever
  run wrote it (re-runs, resumed runs and concurrent runs can be compared exactly);
- its generation graph `id/graph/prov%2F<id>`: one triple, `<bulletin> prov:wasGeneratedBy <run>`,
  replaced together with the bulletin's graph, so it always names the run that wrote the current
  version;
- a run's graph `id/graph/run%2F<uuid>`: the `prov:Activity` (pipeline, start, end, status, counts,
  software version), rewritten with the latest counts in every transaction of the run. A run killed
  mid-way keeps status "running" with the counts of its last transaction; the next run on the store
  marks it "interrupted".

The run-record terms (bkg:PipelineRun, bkg:runStatus, bkg:bulletins*) are listed in docs/pipelines.md.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from urllib.parse import quote

from pyoxigraph import Literal, NamedNode, Quad
from rdflib.namespace import PROV, RDF, RDFS, SDO, XSD

from kg import __version__
from kg.rdf.iri import bulletin_iri, graph_iri
from kg.rdf.vocab import BKG, ID_BASE
from kg.store import BulletinGraph

RUN_GRAPH_PREFIX = "run/"  # pseudo bulletin ids of run graphs
GENERATION_GRAPH_PREFIX = "prov/"
RESERVED_PREFIXES = (RUN_GRAPH_PREFIX, GENERATION_GRAPH_PREFIX)
RECORD_GRAPH_PREFIXES = tuple(graph_iri(p) for p in RESERVED_PREFIXES)  # IRIs of all run-record graphs


# The run-record terms are part of the ontology (ontology/bulletin-kg.ttl).
RUN = BKG


COUNTS = {"read": RUN.bulletinsRead, "added": RUN.bulletinsAdded, "replaced": RUN.bulletinsReplaced,
          "unchanged": RUN.bulletinsUnchanged, "duplicate": RUN.bulletinsDuplicate,
          "quarantined": RUN.bulletinsQuarantined}


def now() -> datetime:
    moment = datetime.now(UTC)
    return moment.replace(microsecond=moment.microsecond // 1000 * 1000)  # xsd:dateTime to the millisecond


@dataclass
class RunRecord:
    pipeline: str
    pipeline_file: str = ""
    run_id: str = field(default_factory=lambda: str(uuid.uuid4()))
    started: datetime = field(default_factory=now)
    ended: datetime | None = None
    status: str = "running"
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(COUNTS, 0))

    @property
    def iri(self) -> str:
        return run_iri(self.run_id)

    def graph(self) -> BulletinGraph:
        """The run's own graph, to write (replacing the previous state) in the next transaction."""
        g = NamedNode(graph_iri(RUN_GRAPH_PREFIX + self.run_id))
        run, plan, agent = NamedNode(self.iri), NamedNode(pipeline_iri(self.pipeline)), NamedNode(software_iri())
        n = lambda term: NamedNode(str(term))
        triples: list[tuple[NamedNode, NamedNode, NamedNode | Literal]] = [
            (run, n(RDF.type), n(PROV.Activity)),
            (run, n(RDF.type), n(RUN.PipelineRun)),
            (run, n(RDFS.label), Literal(f"{self.pipeline} {self.started.isoformat(timespec='seconds')}")),
            (run, n(PROV.used), plan),
            (run, n(PROV.wasAssociatedWith), agent),
            (run, n(SDO.softwareVersion), Literal(__version__)),
            (run, n(PROV.startedAtTime), _datetime(self.started)),
            (run, n(RUN.runStatus), Literal(self.status)),
            (plan, n(RDF.type), n(PROV.Plan)),
            (plan, n(SDO.name), Literal(self.pipeline)),
            (agent, n(RDF.type), n(PROV.SoftwareAgent)),
            (agent, n(SDO.name), Literal("bulletin-kg")),
            (agent, n(SDO.softwareVersion), Literal(__version__)),
        ]
        if self.pipeline_file:
            triples.append((plan, n(PROV.atLocation), Literal(self.pipeline_file)))
        if self.ended is not None:
            triples.append((run, n(PROV.endedAtTime), _datetime(self.ended)))
        for name, term in COUNTS.items():
            triples.append((run, n(term), Literal(str(self.counts[name]), datatype=n(XSD.integer))))
        return BulletinGraph(RUN_GRAPH_PREFIX + self.run_id, [Quad(s, p, o, g) for s, p, o in triples])

    def generation(self, bulletin_id: str) -> BulletinGraph:
        """The one-triple graph saying this run generated the bulletin's current version."""
        g = NamedNode(graph_iri(GENERATION_GRAPH_PREFIX + bulletin_id))
        quad = Quad(NamedNode(bulletin_iri(bulletin_id)), NamedNode(str(PROV.wasGeneratedBy)), NamedNode(self.iri), g)
        return BulletinGraph(GENERATION_GRAPH_PREFIX + bulletin_id, [quad])


def run_iri(run_id: str) -> str:
    return f"{ID_BASE}run/{run_id}"


def pipeline_iri(name: str) -> str:
    return f"{ID_BASE}pipeline/{quote(name, safe='')}"


def software_iri() -> str:
    return f"{ID_BASE}software/bulletin-kg/{quote(__version__, safe='')}"


def is_record_graph(graph_name: str) -> bool:
    """True for run and generation graphs (the parts of a store that differ between equal runs)."""
    return graph_name.startswith(RECORD_GRAPH_PREFIXES)


def _datetime(moment: datetime) -> Literal:
    return Literal(moment.isoformat(timespec="milliseconds").replace("+00:00", "Z"),
                   datatype=NamedNode(str(XSD.dateTime)))


# -- reading runs back ----------------------------------------------------------------------------

RUNS_QUERY = """
SELECT ?run ?pipeline ?start ?end ?status ?version ?read ?added ?replaced ?unchanged ?duplicate ?quarantined
WHERE { GRAPH ?g {
  ?run a bkg:PipelineRun ; prov:used/schema:name ?pipeline ; prov:startedAtTime ?start ;
       bkg:runStatus ?status ; schema:softwareVersion ?version ;
       bkg:bulletinsRead ?read ; bkg:bulletinsAdded ?added ; bkg:bulletinsReplaced ?replaced ;
       bkg:bulletinsUnchanged ?unchanged ; bkg:bulletinsDuplicate ?duplicate ; bkg:bulletinsQuarantined ?quarantined .
  OPTIONAL { ?run prov:endedAtTime ?end }
  %s
} }
ORDER BY DESC(?start)
%s
"""


def recent_runs(store, *, pipeline: str | None = None, status: str | None = None,
                limit: int | None = 20) -> list[dict]:
    """Runs recorded in the store, newest first, as dicts (see RUNS_QUERY for the keys)."""
    where = "".join(f"FILTER(?{var} = {Literal(value)})" for var, value in (("pipeline", pipeline), ("status", status))
                    if value)
    rows = store.select(RUNS_QUERY % (where, f"LIMIT {int(limit)}" if limit else ""))
    for row in rows:
        row["run_id"] = str(row["run"]).rsplit("/", 1)[-1]
    return rows


def mark_interrupted(store, pipeline: str | None = None) -> list[str]:
    """Rewrite the records of runs still marked "running" as "interrupted".

    Call only while holding the store's lock: then no other run can be live on this store, so a
    "running" record is one whose process died (SIGKILL, power cut) before its last transaction.
    `pipeline` limits this to one pipeline's runs (for remote stores, which other machines may write).
    """
    rows = recent_runs(store, pipeline=pipeline, status="running", limit=None)
    graphs = []
    for row in rows:
        record = RunRecord(pipeline=row["pipeline"], run_id=row["run_id"],
                           started=datetime.fromisoformat(str(row["start"]).replace("Z", "+00:00")),
                           status="interrupted", counts={k: int(row[k]) for k in COUNTS})
        record.pipeline_file = _pipeline_file(store, row["pipeline"])
        graphs.append(record.graph())
    if graphs:
        store.write_bulletins(graphs)
    return [r["run_id"] for r in rows]


def _pipeline_file(store, pipeline: str) -> str:
    rows = store.select(f"SELECT ?f WHERE {{ GRAPH ?g {{ <{pipeline_iri(pipeline)}> prov:atLocation ?f }} }} LIMIT 1")
    return str(rows[0]["f"]) if rows else ""
