"""What the full-text index costs on a corpus store: the time to build it from the store (and the
time the store takes to answer the ledger query alone, for scale), its size on disk, and the median
latency of ten queries (words with and without accents, a phrase, a number, facets, a date range,
exact diacritics, the export of a large result list), each run five times.

Run on demand (not a test), on a copy of a corpus store (the index is written into the folder):

    cp -r /tmp/br6/store-35416 /tmp/kg-bench/store && python benchmarks/bench_search.py --store /tmp/kg-bench/store

`--index PATH` writes the index elsewhere, leaving the store folder untouched; `--queries-only`
times the queries over an index already built (after a change to querying alone). Prints JSON.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kg.search import index_path  # noqa: E402
from kg.search.http import answer  # noqa: E402
from kg.search.index import build_index, check_index, connect, store_ledger  # noqa: E402
from kg.search.query import SearchRequest, search  # noqa: E402
from kg.store import GraphStore  # noqa: E402

QUERIES = [
    ("words without accents", SearchRequest("nghi quyet")),
    ("words with accents", SearchRequest("Ban Thường vụ Tỉnh ủy")),
    ("a phrase", SearchRequest('"hội nghị tổng kết"')),
    ("a document number", SearchRequest("39-NQ/TW")),
    ("a rare name", SearchRequest("Nguyễn Xuân Phúc")),
    ("words and a facet", SearchRequest("hội nghị", filters={"role": ["chaired"]})),
    ("words and a date range", SearchRequest("đại hội", date_from="2017-03", date_to="2017-04")),
    ("exact diacritics", SearchRequest("Lai Châu", exact=True)),
    ("no words, two facets", SearchRequest("", filters={"class": ["Event"], "document_type": ["Resolution"]})),
    ("a common word, sorted by date", SearchRequest("tỉnh", sort="newest")),
]
RUNS = 5


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--store", required=True, help="a store folder (a copy: the index is written into it)")
    ap.add_argument("--index", help="where to write the index [default: STORE/search.sqlite]")
    ap.add_argument("--queries-only", action="store_true", help="time the queries over the index already built")
    args = ap.parse_args()
    store = GraphStore(args.store, read_only=True)
    path = Path(args.index) if args.index else index_path(args.store)
    t = time.perf_counter()
    ledger = store_ledger(store)
    ledger_s = time.perf_counter() - t
    summary = None if args.queries_only else build_index(store, path, on_progress=_progress)
    t = time.perf_counter()
    stale = check_index(store, path).stale
    check_s = time.perf_counter() - t
    conn = connect(path, read_only=True)
    queries = []
    for name, request in QUERIES:
        times, total = [], 0
        for _ in range(RUNS):
            t = time.perf_counter()
            total = search(conn, request).total
            times.append((time.perf_counter() - t) * 1000)
        queries.append({"query": name, "text": request.text, "matches": total, "median_ms": round(statistics.median(times), 1)})
    t = time.perf_counter()
    exported = answer(path, "/search.csv", "q=t%E1%BB%89nh", host="x")
    export_s = time.perf_counter() - t
    print(json.dumps({
        "bulletins": len(ledger), "indexed": summary.indexed if summary else None,
        "build_s": round(summary.seconds, 1) if summary else None,
        "ledger_query_s": round(ledger_s, 2), "check_s": round(check_s, 2), "stale_after_build": stale,
        "index_mb": round(path.stat().st_size / 1e6, 1),
        "median_query_ms": round(statistics.median(q["median_ms"] for q in queries), 1), "queries": queries,
        "csv_export": {"rows": exported.body.count(b"\r\n") - 1, "seconds": round(export_s, 2),
                       "mb": round(len(exported.body) / 1e6, 1)},
    }, ensure_ascii=False, indent=1))


def _progress(done: int, total: int) -> None:
    if done % 5000 < 500 or done == total:
        print(f"  indexed {done}/{total}", file=sys.stderr, flush=True)


if __name__ == "__main__":
    main()
