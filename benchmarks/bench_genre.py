"""Speed of the Party/government classifier (kg.nlp.genre) beside the cleaning it follows, and the
share of a corpus it marks as Party/government bulletins.

    python benchmarks/bench_genre.py --corpus ../shared/corpus/baomoi-2017.jsonl.gz -n 5000 --repeat 5

Reads the first N articles once, cleans them as `kg ingest` does, then times, in one process and
within one run, `classify` over the cleaned titles and texts and `prepare` (the cleaning) over fresh
copies, REPEAT times each, and prints the medians as docs/s with their ratio. Timings on a shared
machine move with its load: compare the ratio, and the medians only within one run.
"""

from __future__ import annotations

import argparse
import copy
import gzip
import json
import statistics
import time


def read(corpus: str, n: int):
    from kg.reading.sources import InputError, bulletin_from_record, finish

    out = []
    with gzip.open(corpus, "rt", encoding="utf-8") if corpus.endswith(".gz") else open(corpus, encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, start=1):
            if len(out) >= n:
                break
            try:
                b = bulletin_from_record(json.loads(line), origin=f"{corpus}:{lineno}")
            except InputError:
                continue  # an empty text: ingestion skips it too
            finish(b)
            out.append(b)
    return out


def timed(fn, items) -> float:
    start = time.perf_counter()
    for item in items:
        fn(item)
    return time.perf_counter() - start


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", default="../shared/corpus/baomoi-2017.jsonl.gz")
    ap.add_argument("-n", type=int, default=5000)
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()

    from kg.ingest import prepare
    from kg.nlp.genre import classify
    from kg.reading.sources import Skipped

    raw = read(args.corpus, args.n)
    cleaned = [b for b in (prepare(copy.copy(b)) for b in raw) if not isinstance(b, Skipped)]
    classify(cleaned[0].title, cleaned[0].text)  # compile the patterns outside the timing
    genre = [timed(lambda b: classify(b.title, b.text), cleaned) for _ in range(args.repeat)]
    cleaning = [timed(prepare, [copy.copy(b) for b in raw]) for _ in range(args.repeat)]
    marked = sum(classify(b.title, b.text).party_government for b in cleaned)
    genre_rate = len(cleaned) / statistics.median(genre)
    cleaning_rate = len(raw) / statistics.median(cleaning)
    chars = sum(len(b.text) for b in cleaned)
    print(f"articles: {len(cleaned)} cleaned ({chars:,} characters), {args.repeat} repeats, medians")
    print(f"classify: {genre_rate:,.0f} docs/s")
    print(f"cleaning: {cleaning_rate:,.0f} docs/s")
    print(f"classify / cleaning speed: {genre_rate / cleaning_rate:.2f}")
    print(f"marked Party/government: {marked} of {len(cleaned)} ({marked / len(cleaned):.1%})")


if __name__ == "__main__":
    main()
