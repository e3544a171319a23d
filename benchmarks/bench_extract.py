"""Extraction speed: docs/s of clean + extract over the first N corpus articles (median of runs).

    python benchmarks/bench_extract.py --corpus ../shared/corpus/baomoi-2017.jsonl.gz -n 1000 --runs 3
"""

from __future__ import annotations

import argparse
import gzip
import json
import statistics
import time


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", default="../shared/corpus/baomoi-2017.jsonl.gz")
    ap.add_argument("-n", type=int, default=1000)
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()

    from kg.ingest import prepare
    from kg.nlp.pipeline import default_nlp, extract
    from kg.reading.sources import bulletin_from_record, finish

    records = []
    with gzip.open(args.corpus, "rt", encoding="utf-8") as fh:
        for line in fh:
            records.append(json.loads(line))
            if len(records) >= args.n:
                break
    nlp = default_nlp()
    times = []
    counts = {}
    for _ in range(args.runs):
        start = time.perf_counter()
        counts = {"officials": 0, "documents": 0, "statistics": 0, "events": 0}
        for i, rec in enumerate(records):
            b = bulletin_from_record(rec, origin=str(i))
            finish(b)
            x = extract(prepare(b), nlp)
            for k in counts:
                counts[k] += len(getattr(x, k))
        times.append(time.perf_counter() - start)
    med = statistics.median(times)
    chars = sum(len(r["text"]) for r in records)
    print(json.dumps({"articles": len(records), "runs": args.runs, "median_s": round(med, 3),
                      "docs_per_s": round(len(records) / med, 1), "chars_per_s": round(chars / med),
                      "found": counts}, indent=2))


if __name__ == "__main__":
    main()
