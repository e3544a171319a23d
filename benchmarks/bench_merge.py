"""Entity resolution at corpus scale: entities before and after merging, per type, and a random
sample of merged nodes to check by hand.

"Before merging" counts one node per bulletin that mentions an entity (what a graph builder that
never merges across bulletins would produce); "after" counts the nodes of the merged graph.

    kg --store /tmp/corpus-store ingest ../shared/corpus/baomoi-2017.jsonl.gz
    python benchmarks/bench_merge.py --store /tmp/corpus-store --sample 50 --seed 7
"""

from __future__ import annotations

import argparse
import json
import random

CLASSES = {"official": "bkg:Official", "organization": "bkg:Organization", "document": "bkg:Document"}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--store", required=True)
    ap.add_argument("--sample", type=int, default=50)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--per-kind", type=int, default=0,
                    help="Sample this many merged nodes of each kind instead, with evidence sentences to read.")
    args = ap.parse_args()

    from kg.store import GraphStore

    store = GraphStore(args.store, read_only=True)
    counts = {}
    merged = []
    for kind, cls in CLASSES.items():
        rows = store.select(f"""
            SELECT ?e (COUNT(DISTINCT ?g) AS ?n) WHERE {{ GRAPH ?g {{ ?e a {cls} }} }} GROUP BY ?e""")
        before = sum(r["n"] for r in rows)
        counts[kind] = {"before_merging": before, "after_merging": len(rows),
                        "merged_nodes": sum(1 for r in rows if r["n"] > 1)}
        merged += [(kind, r["e"], r["n"]) for r in rows if r["n"] > 1]
    print(json.dumps(counts, indent=2))
    rng = random.Random(args.seed)
    if args.per_kind:
        sample = []
        for kind in ("official", "organization"):
            of_kind = [m for m in merged if m[0] == kind]
            sample += rng.sample(of_kind, min(args.per_kind, len(of_kind)))
    else:
        sample = rng.sample(merged, min(args.sample, len(merged)))
    for kind, iri, n in sample:
        labels = store.select(f"""
            SELECT DISTINCT ?label ?title WHERE {{ GRAPH ?g {{ <{iri}> rdfs:label ?label .
              OPTIONAL {{ ?b a bkg:Bulletin ; schema:headline ?title }} }} }} LIMIT 12""")
        posts = store.select(f"""
            SELECT DISTINCT ?post WHERE {{ GRAPH ?g {{ ?p org:member <{iri}> ; bkg:positionLabel ?post }} }} LIMIT 8""")
        print(f"\n[{kind}] {iri} — {n} bulletins")
        print("  labels:", sorted({r['label'] for r in labels}))
        if posts:
            print("  posts:", sorted({r['post'] for r in posts}))
        print("  bulletins:", sorted({r.get('title', '')[:70] for r in labels})[:5])
        if args.per_kind:
            quotes = store.select(f"""
                SELECT ?g (SAMPLE(?sentence) AS ?s) WHERE {{ GRAPH ?g {{ ?x bkg:evidence ?ev .
                  {{ FILTER(?x = <{iri}>) }} UNION {{ ?x org:member <{iri}> }} UNION {{ ?x org:organization <{iri}> }}
                  ?ev bkg:sentence ?sentence }} }} GROUP BY ?g LIMIT 4""")
            for r in quotes:
                print(f"  - {r['g'].rsplit('/', 1)[-1]}: {r['s'][:300]}")


if __name__ == "__main__":
    main()
