"""The merged default graph, measured against the code before it, in one run (the machine is shared:
compare the ratios, not the absolute times).

1. Ingest: the first N corpus articles ingested into a new store by the code before (`--before`, a
   git revision, checked out into a temp folder with `git archive`) and by this checkout, alternately,
   `--repeat` times each: wall time (median), store folder size and quads.
2. Endpoint latency (median of `--queries-repeat`) of every catalog question through `kg serve` over
   copies of a whole-corpus store: the questions as they were (GRAPH ?g, DISTINCT) on the store as it
   was, and as they are now on the same store given its merged default graph. Both with the same
   parameter values, ones the corpus answers. The copy is merged by `GraphStore.merge_default_graph`,
   what this code runs when it first opens an older store for writing.

    python benchmarks/bench_default_graph.py --corpus ../shared/corpus/baomoi-2017.jsonl.gz \
        --limit 2000 --store /tmp/br6/store-35416 --work /tmp/bench-default-graph

The source store is only read (copied with cp -r).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_sparql import bench_endpoint as measure_endpoint  # noqa: E402
from bench_sparql import bind_realistic, realistic_parameters  # noqa: E402
from corpus_sample import first_n  # noqa: E402

INGEST = """
import json, sys, time
from kg.ingest import ingest
from kg.store import GraphStore
started = time.monotonic()
store = GraphStore(sys.argv[1])
summary = ingest([sys.argv[2]], store, processes=1)
store.close()
print(json.dumps({"seconds": time.monotonic() - started, "ingested": summary.ingested}))
"""
COUNTS = """
import json, sys
import pyoxigraph as ox
s = ox.Store.read_only(sys.argv[1])
default = sum(1 for _ in s.quads_for_pattern(None, None, None, ox.DefaultGraph()))
print(json.dumps({"quads": len(s), "default_graph_triples": default}))
"""


def checkout(revision: str, folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", revision], check=True, capture_output=True).stdout
    subprocess.run(["tar", "-x", "-C", str(folder)], input=archive, check=True)
    return folder


def run_in(tree: Path, script: str, *args: str) -> dict:
    env = {**os.environ, "PYTHONPATH": str(tree)}
    out = subprocess.run([sys.executable, "-c", script, *args], cwd=tree, env=env, check=True,
                         capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def folder_mb(path: Path) -> float:
    return round(sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) / 1e6, 1)


def bench_ingest(trees: dict[str, Path], source: Path, work: Path, repeat: int) -> dict:
    runs: dict[str, list[dict]] = {name: [] for name in trees}
    for i in range(repeat):
        for name, tree in (trees.items() if i % 2 == 0 else reversed(list(trees.items()))):
            store = work / f"ingest-{name}-{i}"
            shutil.rmtree(store, ignore_errors=True)
            result = run_in(tree, INGEST, str(store), str(source))
            result.update(run_in(tree, COUNTS, str(store)), mb=folder_mb(store))
            runs[name].append(result)
            shutil.rmtree(store)
    out = {}
    for name, results in runs.items():
        out[name] = {"seconds_median": round(statistics.median(r["seconds"] for r in results), 1),
                     "seconds": [round(r["seconds"], 1) for r in results], "mb": results[-1]["mb"],
                     "quads": results[-1]["quads"], "default_graph_triples": results[-1]["default_graph_triples"]}
    out["ratio_seconds"] = round(out["after"]["seconds_median"] / out["before"]["seconds_median"], 2)
    out["ratio_mb"] = round(out["after"]["mb"] / out["before"]["mb"], 2)
    return out


def bench_endpoint(store: Path, queries, repeat: int, timeout_s: int) -> dict[str, tuple]:
    """(median ms, rows) per query through `kg serve`, or (None, "503: ...") for a query the endpoint
    refused (time or memory limit), printed as it goes: bench_sparql's measurement, under a memory limit."""
    return measure_endpoint(store, queries, repeat, timeout_s=timeout_s, memory_limit_mb=4096, keep_refused=True)


def bench_latency(trees: dict[str, Path], store: Path, work: Path, repeat: int, timeout_s: int) -> dict:
    from kg.sparql.catalog import load_catalog
    from kg.store import GraphStore

    before_store, after_store = work / "corpus-before", work / "corpus-after"
    for copy in (before_store, after_store):
        if not (copy / "CURRENT").exists():  # copies kept from an earlier run are reused
            shutil.rmtree(copy, ignore_errors=True)
            subprocess.run(["cp", "-r", str(store), str(copy)], check=True)
    started = time.monotonic()
    gs = GraphStore(after_store)  # opening for writing merges the default graph once
    gs.close()
    merge_s = round(time.monotonic() - started, 1)
    values = {**realistic_parameters(before_store), "role": "Bí thư"}
    old = bind_realistic(load_catalog(trees["before"] / "ontology" / "queries"), values)
    new = bind_realistic(load_catalog(ROOT / "ontology" / "queries"), values)
    before = bench_endpoint(before_store, old, repeat, timeout_s)
    after = bench_endpoint(after_store, new, repeat, timeout_s)
    rows = {}
    for q in new:
        b = before.get(q.name)
        rows[q.name] = {"before_ms": b[0] if b else None, "before_rows": b[1] if b else None,
                        "after_ms": after[q.name][0], "after_rows": after[q.name][1]}
    return {"merge_seconds": merge_s, "parameters": values, "mb_before": folder_mb(before_store),
            "mb_after": folder_mb(after_store), "queries": rows}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, required=True)
    ap.add_argument("--limit", type=int, default=2000)
    ap.add_argument("--store", type=Path, help="a whole-corpus store to copy for the latency part")
    ap.add_argument("--work", type=Path, default=Path(tempfile.mkdtemp(prefix="bench-default-graph-")))
    ap.add_argument("--before", default="fa2418d", help="the revision before the merged default graph")
    ap.add_argument("--repeat", type=int, default=2)
    ap.add_argument("--queries-repeat", type=int, default=10)
    ap.add_argument("--timeout", type=int, default=120, help="kg serve's time limit of one query, seconds")
    ap.add_argument("--skip-ingest", action="store_true")
    args = ap.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    trees = {"before": checkout(args.before, args.work / "before-tree"), "after": ROOT}
    report = {"machine": "2 cores shared with other jobs", "limit": args.limit}
    source = first_n(args.corpus, args.limit, args.work)
    if not args.skip_ingest:
        report["ingest"] = bench_ingest(trees, source, args.work, args.repeat)
    print(json.dumps(report, ensure_ascii=False, indent=1), flush=True)
    if args.store:
        report["latency"] = bench_latency(trees, args.store, args.work, args.queries_repeat, args.timeout)
    print(json.dumps(report, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
