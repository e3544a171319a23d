"""Latency of the catalog queries over the corpus graph: through `kg serve` (HTTP), through
`kg query` (a new process per query, as a user runs it), in process through pyoxigraph, and the same
queries through rdflib's interface over Oxigraph (oxrdflib, the notebook API), and run by rdflib's
own SPARQL engine over the same quads (an in-memory rdflib Dataset).

Run on demand (not a test):

    python benchmarks/bench_sparql.py --store /tmp/bench/store-full \
        --corpus ../shared/corpus/baomoi-2017.jsonl.gz --repeat 5 --rdflib-timeout 60

The store is built from the corpus when the folder does not exist yet (`--limit N` ingests only the
first N articles). rdflib runs each query in a forked child that is killed at --rdflib-timeout.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from corpus_sample import first_n  # noqa: E402  (beside this script)

from kg.sparql.backend import free_port  # noqa: E402
from kg.sparql.catalog import load_catalog  # noqa: E402
from kg.store import GraphStore  # noqa: E402

KG = [sys.executable, "-c", "from kg.cli import main; main()"]


def build_store(store: Path, corpus: Path, limit: int | None) -> dict:
    from kg.ingest import ingest

    source = first_n(corpus, limit, Path(tempfile.mkdtemp())) if limit else corpus
    started = time.monotonic()
    gs = GraphStore(store)
    summary = ingest([str(source)], gs)
    gs.close()
    return {"ingest_s": round(time.monotonic() - started, 1), **summary.to_json(), "skipped": len(summary.skipped)}


def realistic_parameters(store: Path) -> dict[str, object]:
    """Parameter values that the corpus answers (the catalog's defaults fit the sample bulletins)."""
    gs = GraphStore(store, read_only=True)

    def top(sparql: str, default):
        rows = gs.select(sparql)
        return rows[0]["v"] if rows else default

    return {
        "number": top("SELECT ?v (COUNT(DISTINCT ?b) AS ?c) WHERE { GRAPH ?g { ?b bkg:cites ?d . "
                      "?d bkg:documentNumber ?v } FILTER(CONTAINS(?v, \"/\")) } GROUP BY ?v ORDER BY DESC(?c) LIMIT 1",
                      "22-NQ/TW"),
        "name": top("SELECT ?v (COUNT(*) AS ?c) WHERE { GRAPH ?g { ?p bkg:participant ?o . ?o schema:name ?v } } "
                    "GROUP BY ?v ORDER BY DESC(?c) LIMIT 1", "Lại Văn Hanh"),
        "unit": top("SELECT ?v (COUNT(*) AS ?c) WHERE { GRAPH ?g { ?s bkg:unit ?v } } GROUP BY ?v "
                    "ORDER BY DESC(?c) LIMIT 1", "đảng viên"),
        "year": 2017,
    }


def bind_realistic(queries, values: dict[str, object]):
    from dataclasses import replace

    return [replace(q, text=q.bind({p.name: values[p.name] for p in q.parameters if p.name in values}))
            for q in queries]


def median_ms(samples: list[float]) -> float:
    return round(statistics.median(samples) * 1000, 1)


def bench_endpoint(store: Path, queries, repeat: int, *, timeout_s: int = 600, memory_limit_mb: int | None = None,
                   keep_refused: bool = False) -> dict[str, tuple]:
    """(median ms, rows) per query through `kg serve`. A query the endpoint refuses (time or memory
    limit) raises, unless `keep_refused`: then it is (None, "503: ..."), and each query's figures
    are printed as they come, so that a long run shows its progress."""
    port = free_port()
    limits = ["--memory-limit", str(memory_limit_mb)] if memory_limit_mb else []
    proc = subprocess.Popen(KG + ["--store", str(store), "serve", "--port", str(port), "--timeout", str(timeout_s),
                                  "--max-rows", "10000000", *limits], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}/sparql"
    try:
        for _ in range(600):
            try:
                requests.get(url, params={"query": "ASK {}"}, timeout=1)
                break
            except requests.ConnectionError:
                time.sleep(0.1)
        out: dict[str, tuple] = {}
        for q in queries:
            out[q.name] = _query_latency(url, q.text, repeat, timeout_s + 100, keep_refused)
            if keep_refused:
                print(store.name, q.name, out[q.name], file=sys.stderr, flush=True)
        return out
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def _query_latency(url: str, text: str, repeat: int, timeout_s: int, keep_refused: bool) -> tuple:
    samples: list[float] = []
    rows: int | str = 0
    for _ in range(repeat):
        started = time.monotonic()
        r = requests.post(url, data={"query": text}, headers={"Accept": "text/tab-separated-values"}, timeout=timeout_s)
        samples.append(time.monotonic() - started)
        if r.status_code != 200 and keep_refused:
            return None, f"{r.status_code}: {r.text.strip()[:80]}"
        r.raise_for_status()
        rows = len(r.text.splitlines()) - 1
    return median_ms(samples), rows


def bench_kg_query(store: Path, queries, repeat: int) -> dict[str, float]:
    out = {}
    for q in queries:
        with tempfile.NamedTemporaryFile("w", suffix=".rq", delete=False) as fh:
            fh.write(q.text)
        samples = []
        for _ in range(repeat):
            started = time.monotonic()
            subprocess.run(KG + ["--store", str(store), "query", "-f", fh.name, "--format", "csv"],
                           check=True, stdout=subprocess.DEVNULL)
            samples.append(time.monotonic() - started)
        out[q.name] = median_ms(samples)
    return out


def bench_in_process(store: Path, queries, repeat: int) -> dict[str, float]:
    gs = GraphStore(store, read_only=True)
    out = {}
    for q in queries:
        samples = []
        for _ in range(repeat):
            started = time.monotonic()
            sum(1 for _ in gs.query(q.text))
            samples.append(time.monotonic() - started)
        out[q.name] = median_ms(samples)
    return out


def bench_oxrdflib(store: Path, queries, repeat: int) -> dict[str, float]:
    """rdflib's interface over Oxigraph (the notebook API, kg.sparql.api): rdflib terms out."""
    from kg.sparql.api import open_dataset

    ds = open_dataset(store)
    out = {}
    for q in queries:
        samples = []
        for _ in range(repeat):
            started = time.monotonic()
            sum(1 for _ in ds.query(q.text))
            samples.append(time.monotonic() - started)
        out[q.name] = median_ms(samples)
    return out


_DATASET = None  # the rdflib Dataset, loaded once in the parent and shared with forked children


def _rdflib_child(text: str, conn) -> None:
    started = time.monotonic()
    rows = sum(1 for _ in _DATASET.query(text))
    conn.send((time.monotonic() - started, rows))


def bench_rdflib(store: Path, queries, repeat: int, timeout_s: float) -> tuple[dict, dict]:
    import rdflib

    global _DATASET
    nquads = Path(tempfile.mkdtemp()) / "store.nq"
    with open(nquads, "wb") as fh:
        GraphStore(store, read_only=True).dump(fh, "nquads")
    started = time.monotonic()
    _DATASET = rdflib.Dataset()
    _DATASET.parse(nquads, format="nquads")
    load = {"rdflib_load_s": round(time.monotonic() - started, 1),
            "rdflib_peak_rss_gb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e6, 2)}
    ctx = mp.get_context("fork")
    out = {}
    for q in queries:
        samples, rows = [], None
        for _ in range(repeat):
            parent, child = ctx.Pipe(duplex=False)
            proc = ctx.Process(target=_rdflib_child, args=(q.text, child))
            proc.start()
            if parent.poll(timeout_s):
                elapsed, rows = parent.recv()
                samples.append(elapsed)
                proc.join()
            else:
                proc.kill()
                proc.join()
                samples = None
                break
            if elapsed > 10:  # one sample is enough for a query this slow
                break
        out[q.name] = (median_ms(samples) if samples else None, rows)
    return out, load


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--store", type=Path, required=True)
    ap.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus" / "baomoi-2017.jsonl.gz")
    ap.add_argument("--limit", type=int, help="ingest only the first N articles when building the store")
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--cli-repeat", type=int, default=3)
    ap.add_argument("--rdflib-timeout", type=float, default=60.0)
    ap.add_argument("--skip-rdflib", action="store_true")
    ap.add_argument("--json", type=Path, help="also write the figures to this file")
    args = ap.parse_args()

    report: dict = {"store": str(args.store)}
    if not (args.store / "CURRENT").exists():
        report["build"] = build_store(args.store, args.corpus, args.limit)
    gs = GraphStore(args.store, read_only=True)
    report["quads"] = gs.count_triples()
    report["graphs"] = gs.named_graph_count()
    del gs
    report["parameters"] = realistic_parameters(args.store)
    queries = bind_realistic(load_catalog(), report["parameters"])
    print(f"store {args.store}: {report['quads']:,} quads in {report['graphs']:,} graphs", file=sys.stderr)
    endpoint = bench_endpoint(args.store, queries, args.repeat)
    print("endpoint done", file=sys.stderr)
    cli = bench_kg_query(args.store, queries, args.cli_repeat)
    print("kg query done", file=sys.stderr)
    in_process = bench_in_process(args.store, queries, args.repeat)
    via_oxrdflib = bench_oxrdflib(args.store, queries, args.repeat)
    print("in process done", file=sys.stderr)
    rdf, load = ({}, {}) if args.skip_rdflib else bench_rdflib(args.store, queries, args.repeat, args.rdflib_timeout)
    report.update(load)

    rows = []
    print("\n| query | rows | endpoint (HTTP) ms | kg query (new process) ms | pyoxigraph in process ms "
          "| rdflib API over Oxigraph ms | rdflib engine ms |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for q in queries:
        ms, n = endpoint[q.name]
        r_ms, r_rows = rdf.get(q.name, (None, None))
        r_text = "–" if args.skip_rdflib else (f"> {args.rdflib_timeout:.0f} s (stopped)" if r_ms is None else f"{r_ms:,.1f}")
        if r_rows is not None and r_rows != n:
            r_text += f" ({r_rows} rows!)"
        print(f"| {q.name} | {n} | {ms:,.1f} | {cli[q.name]:,.1f} | {in_process[q.name]:,.1f} "
              f"| {via_oxrdflib[q.name]:,.1f} | {r_text} |")
        rows.append({"query": q.name, "rows": n, "endpoint_ms": ms, "kg_query_ms": cli[q.name],
                     "in_process_ms": in_process[q.name], "oxrdflib_ms": via_oxrdflib[q.name],
                     "rdflib_ms": r_ms, "rdflib_rows": r_rows})
    report["queries"] = rows
    print("\n" + json.dumps({k: v for k, v in report.items() if k != "queries"}, ensure_ascii=False))
    if args.json:
        args.json.write_text(json.dumps(report, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
