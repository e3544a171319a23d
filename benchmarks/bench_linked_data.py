"""Linked-data checks on a corpus sample: HermiT's verdict and time, the Data Cube integrity
constraints, and how much of the statistics, positions and bulletins the graph dates and links.

    python benchmarks/bench_linked_data.py                     # first 500 articles of ../shared/corpus
    python benchmarks/bench_linked_data.py --size 1000 --json out.json

Each sample is ingested twice into fresh stores: as it comes, and with `--assume-year 2017`.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path

from corpus_sample import first_n  # beside this script

from kg.ingest import ingest
from kg.rdf.integrity import check_integrity
from kg.rdf.reasoning import check_consistency
from kg.store import GraphStore

REPO = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = REPO.parent / "shared" / "corpus" / "baomoi-2017.jsonl.gz"


def one(store: GraphStore, sparql: str) -> float:
    rows = store.select(sparql)
    return float(next(iter(rows[0].values()))) if rows and rows[0] else 0.0


def shares(store: GraphStore) -> dict:
    stats = one(store, "SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { GRAPH ?g { ?s a bkg:Statistic } }")
    def stat_share(pattern: str) -> float:
        n = one(store, f"SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE {{ GRAPH ?g {{ ?s a bkg:Statistic . {pattern} }} }}")
        return round(100 * n / stats, 1) if stats else 0.0
    positions = one(store, "SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE { GRAPH ?g { ?p a bkg:Position } }")
    dated = one(store, "SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE { GRAPH ?g { ?p a bkg:Position ; bkg:statedOn ?d } }")
    full = one(store, "SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE { GRAPH ?g { ?p a bkg:Position ; bkg:statedOn ?d "
                      "FILTER(DATATYPE(?d) = xsd:date) } }")
    bulletins = one(store, "SELECT (COUNT(DISTINCT ?b) AS ?n) WHERE { GRAPH ?g { ?b a bkg:Bulletin } }")
    own_date = one(store, "SELECT (COUNT(DISTINCT ?b) AS ?n) WHERE { GRAPH ?g { ?b a bkg:Bulletin ; schema:datePublished ?d } }")
    dated_facts = one(store, """SELECT (COUNT(DISTINCT ?b) AS ?n) WHERE { GRAPH ?g { ?b a bkg:Bulletin .
        { ?b schema:datePublished ?d } UNION { ?e a bkg:Event ; schema:startDate ?d } UNION { ?p bkg:statedOn ?d } } }""")
    events = one(store, "SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE { GRAPH ?g { ?e a bkg:Event } }")
    events_dated = one(store, "SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE { GRAPH ?g { ?e a bkg:Event ; schema:startDate ?d } }")
    events_placed = one(store, "SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE { GRAPH ?g { ?e a bkg:Event ; prov:atLocation ?l } }")
    pct = lambda a, b: round(100 * a / b, 1) if b else 0.0
    return {
        "statistics": int(stats),
        "statistics_about_%": stat_share("?s bkg:about ?a FILTER(?a != bkg:notStated)"),
        "statistics_period_text_%": stat_share("?s bkg:period ?p"),
        "statistics_period_iri_%": stat_share("?s bkg:refPeriod ?p FILTER(?p != bkg:notStated)"),
        "statistics_unit_iri_%": stat_share("?s bkg:unitOfMeasure ?u"),
        "positions": int(positions), "positions_dated_%": pct(dated, positions),
        "positions_full_date_%": pct(full, positions),
        "bulletins": int(bulletins), "bulletins_own_date_%": pct(own_date, bulletins),
        "bulletins_with_dated_facts_%": pct(dated_facts, bulletins),
        "events": int(events), "events_dated_%": pct(events_dated, events), "events_placed_%": pct(events_placed, events),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--size", type=int, default=500)
    ap.add_argument("--json", type=Path)
    args = ap.parse_args()
    out: dict = {"size": args.size}
    with tempfile.TemporaryDirectory(prefix="kg-ld-") as tmp:
        sample = first_n(args.corpus, args.size, Path(tmp))
        for label, year in (("as_is", None), ("assume_year_2017", 2017)):
            store = GraphStore(Path(tmp) / label)
            t0 = time.perf_counter()
            ingest([str(sample)], store, assume_year=year, processes=1)
            out[label] = {"ingest_s": round(time.perf_counter() - t0, 1), **shares(store)}
            if year:
                quads = list(store.quads())
                verdict = check_consistency(quads)
                out["hermit"] = {"consistent": verdict.consistent, "seconds": round(verdict.seconds, 1),
                                 "triples": verdict.triples, "message": verdict.message[:300]}
                t0 = time.perf_counter()
                ics = check_integrity(quads)
                out["data_cube"] = {"passed": sum(ics.values()), "of": len(ics),
                                    "failed": [k for k, v in ics.items() if not v],
                                    "seconds": round(time.perf_counter() - t0, 1)}
            store.close()
    print(json.dumps(out, ensure_ascii=False, indent=2))
    if args.json:
        args.json.write_text(json.dumps(out, ensure_ascii=False, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
