"""Output size against input size over a fuzz corpus made from real articles.

Takes the first N articles of the corpus that mention a Party or government body, and makes
mutations of each that stress the bounds of the pipeline: every sentence end removed (one sentence
of the whole text), all line breaks removed, the text repeated into one long paragraph, an
attendee-style list built from the article's own capitalised names, the article's numbers turned
into a list of document numbers, NFD normalisation, impossible dates, random deletions of bytes,
and several articles run together. Each mutant goes through the workers' path (`extract_chunk`:
clean, extract, map, serialize), and its N-Quads are compared with its text in UTF-8.

    python benchmarks/bench_fuzz_ratio.py --corpus ../shared/corpus/baomoi-2017.jsonl.gz -n 200
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import re
import statistics
import sys
import time
import unicodedata
from pathlib import Path

POLITICAL = re.compile(r"Tỉnh ủy|Thành ủy|Đảng ủy|UBND|HĐND|Nghị quyết|Bí thư|Hội nghị")
NAME = re.compile(r"(?:[A-ZĐÀ-Ỹ][a-zà-ỹđ]+ ){2,3}[A-ZĐÀ-Ỹ][a-zà-ỹđ]+")


def articles(path: Path, n: int) -> list[dict]:
    out = []
    with gzip.open(path, "rt", encoding="utf-8") if path.name.endswith(".gz") else open(path, encoding="utf-8") as fh:
        for line in fh:
            if not line.strip():
                continue
            record = json.loads(line)
            if isinstance(record.get("text"), str) and POLITICAL.search(record["text"]):
                out.append(record)
                if len(out) >= n:
                    break
    return out


def mutants(record: dict, rng: random.Random, others: list[dict]) -> dict[str, str]:
    text = record["text"]
    names = NAME.findall(text) or ["Nguyễn Văn An"]
    numbers = re.findall(r"\d+", text) or ["1"]
    out = {
        "original": text,
        "no_sentence_ends": re.sub(r"[.!?…]+(\s)", r"\1", text),
        "no_line_breaks": re.sub(r"\s*\n\s*", " ", text),
        "repeated_paragraph": " ".join(f"{text.replace(chr(10), ' ')} ({i})" for i in range(20)),
        "attendee_list": "Dự Hội nghị có các đồng chí: " + "; ".join(
            f"{rng.choice(names)}, {rng.choice(['Phó Bí thư Tỉnh ủy', 'Chủ tịch UBND huyện', 'Giám đốc Sở Nội vụ'])}"
            for _ in range(max(50, len(text) // 40))),
        "document_list": "Thực hiện các Quyết định số " + ", ".join(
            f"{rng.choice(numbers)}{i}/QĐ-UBND" for i in range(max(50, len(text) // 12))) + " của UBND tỉnh",
        "nfd": unicodedata.normalize("NFD", text),
        "impossible_dates": re.sub(r"\b\d{1,2}/\d{1,2}/(\d{4})\b", r"31/02/\1", "Ngày 31/02/2017\n" + text),
        "byte_deletions": "".join(ch for ch in text if rng.random() > 0.02),
        "run_together": " ".join(o["text"].replace("\n", " ") for o in [record, *rng.sample(others, 4)]),
    }
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, required=True)
    ap.add_argument("-n", type=int, default=200)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()

    from kg.ingest import extract_chunk
    from kg.reading.sources import Skipped, finish
    from kg.records import Bulletin

    rng = random.Random(args.seed)
    base = articles(args.corpus, args.n)
    ratios: dict[str, list[tuple[float, str, int]]] = {}
    skipped = []
    started = time.perf_counter()
    total_in = total_out = 0
    for record in base:
        for kind, text in mutants(record, rng, base).items():
            b = Bulletin(id=f"{record.get('id', 'x')}-{kind}", raw_text=text, title=record.get("title"),
                         origin=kind)
            finish(b)
            (outcome,) = extract_chunk([b])
            if isinstance(outcome, Skipped):
                skipped.append((kind, outcome.reason))
                continue
            size_in = len(text.encode("utf-8"))
            ratios.setdefault(kind, []).append((len(outcome.nquads) / size_in, b.id, size_in))
            total_in += size_in
            total_out += len(outcome.nquads)
    seconds = time.perf_counter() - started
    print(f"{len(base)} articles, {sum(map(len, ratios.values()))} mutants in {seconds:.1f} s; "
          f"{total_in / 1e6:.1f} MB of text in, {total_out / 1e6:.1f} MB of N-Quads out "
          f"(overall {total_out / total_in:.1f}x)")
    print(f"{'mutation':<20} {'median':>7} {'p99':>7} {'max':>7}  largest input (kB)")
    for kind, values in ratios.items():
        r = sorted(v[0] for v in values)
        print(f"{kind:<20} {statistics.median(r):7.1f} {r[int(0.99 * (len(r) - 1))]:7.1f} {r[-1]:7.1f}  "
              f"{max(v[2] for v in values) / 1000:.0f}")
    worst = max((v for values in ratios.values() for v in values), key=lambda v: v[0])
    print(f"largest ratio: {worst[0]:.1f}x ({worst[1]}, {worst[2]:,} bytes of text)")
    for kind, reason in skipped[:10]:
        print(f"skipped {kind}: {reason}", file=sys.stderr)
    print(f"{len(skipped)} mutant(s) skipped", file=sys.stderr)


if __name__ == "__main__":
    main()
