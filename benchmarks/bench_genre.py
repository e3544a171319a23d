"""Speed of the Party/government classifier (kg.nlp.genre) beside the cleaning it follows, and the
share of a corpus it marks as Party/government bulletins.

    python benchmarks/bench_genre.py --corpus ../shared/corpus/baomoi-2017.jsonl.gz -n 5000 --repeat 5

Reads the first N articles once, cleans them as `kg ingest` does, then times, in one process and
within one run, `classify` over the cleaned titles and texts and `prepare` (the cleaning) over fresh
copies, REPEAT times each, and prints the medians as docs/s with their ratio. With `--extract M`
it also times the extraction (`extract_many`, which classifies each bulletin once itself) of the
first M cleaned articles, and prints classify's share of it. Times are CPU time of this process
(`time.process_time`), which the other jobs of a shared machine move less than the wall clock;
compare the ratios, and the medians only within one run.
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
    start = time.process_time()
    for item in items:
        fn(item)
    return time.process_time() - start


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", default="../shared/corpus/baomoi-2017.jsonl.gz")
    ap.add_argument("-n", type=int, default=5000)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--extract", type=int, default=0, metavar="M",
                    help="also time the extraction of the first M cleaned articles (0: not)")
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
    if args.extract:
        from kg.nlp.pipeline import default_nlp, extract_many

        sample = cleaned[:args.extract]
        nlp = default_nlp()
        list(extract_many(sample[:20], nlp, batch_size=20))  # load the pipeline outside the timing
        start = time.process_time()
        list(extract_many(sample, nlp, batch_size=64))
        extraction = time.process_time() - start
        genre_there = statistics.median(timed(lambda b: classify(b.title, b.text), sample) for _ in range(args.repeat))
        print(f"extraction: {len(sample) / extraction:,.0f} docs/s over {len(sample)} articles; classify takes "
              f"{genre_there / extraction:.2%} of the extraction's CPU time on the same articles")


if __name__ == "__main__":
    main()
