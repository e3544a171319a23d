"""Sampled precision of events, organizers and chairs on corpus bulletins no gold set holds.

Draws `-n` random corpus articles that look political (several Party or government words), writes
them as a JSONL file, ingests it into a temporary store with the real CLI (`kg --store DIR ingest`),
extracts the same articles (undated, so with the corpus year 2017 assumed, as `--assume-year 2017`),
and prints a random sample of events, organizer facts and chair facts,
each with its evidence sentence, for a person to judge right or wrong. The judgement is made by
reading, and reported in the README; the script only draws the sample, with a fixed seed.

    python benchmarks/sample_event_precision.py --corpus ../shared/corpus/baomoi-2017.jsonl.gz -n 400 --seed 7
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import re
import subprocess
import sys
import tempfile
from pathlib import Path

POLITICAL = re.compile(r"Tỉnh ủy|Thành ủy|Huyện ủy|UBND|HĐND|Bộ Chính trị|Ban Bí thư|Quốc hội|Đảng ủy|"
                       r"Ban Thường vụ|Mặt trận Tổ quốc|Chính phủ")
EXCLUDE_GOLD = ("gold", "gold-heldout", "gold-fresh", "gold-dev2", "gold-dev3")


def political_articles(corpus: str, n: int, seed: int, skip: set[str]) -> list[dict]:
    pool = []
    with gzip.open(corpus, "rt", encoding="utf-8") as fh:
        for line in fh:
            rec = json.loads(line)
            text = rec.get("title", "") + "\n" + rec.get("text", "")
            if rec["id"] not in skip and len(set(POLITICAL.findall(text))) >= 3:
                pool.append(rec)
    return random.Random(seed).sample(pool, min(n, len(pool)))


def gold_ids(tests: Path) -> set[str]:
    return {p.stem for folder in EXCLUDE_GOLD for p in (tests / folder).glob("*.json")}


def sentence_at(text: str, start: int) -> str:
    from kg.nlp.events import sentences

    for s, e in sentences(text):
        if s <= start < e:
            return " ".join(text[s:e].split())
    return ""


def facts(articles: list[dict]) -> dict[str, list[tuple[str, str, str]]]:
    """(article id, fact, evidence sentence) per kind."""
    from kg.ingest import prepare
    from kg.nlp.pipeline import default_nlp, extract
    from kg.reading.sources import bulletin_from_record

    nlp = default_nlp()
    out: dict[str, list] = {"events": [], "organizers": [], "chairs": []}
    for rec in articles:
        b = bulletin_from_record(rec, origin="sample")
        b.reference_date = b.reference_date or "2017"  # the corpus year, as --assume-year 2017
        b = prepare(b)
        x = extract(b, nlp)
        for e in x.events:
            where = sentence_at(b.text, e.evidence[0].start) if e.evidence else ""
            out["events"].append((rec["id"], f"{e.kind} {e.date} {e.name}", where))
            out["organizers"].extend((rec["id"], f"{o} — organizes {e.name}", where) for o in e.organizers)
            out["chairs"].extend((rec["id"], f"{p.official} — chairs {e.name}", sentence_at(b.text, p.evidence.start))
                                 for p in e.participations if p.role == "chaired")
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", default="../shared/corpus/baomoi-2017.jsonl.gz")
    ap.add_argument("-n", type=int, default=400)
    ap.add_argument("--sample", type=int, default=40)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    tests = Path(__file__).resolve().parent.parent / "tests"
    articles = political_articles(args.corpus, args.n, args.seed, gold_ids(tests))
    with tempfile.TemporaryDirectory() as tmp:
        subset = Path(tmp) / "sample.jsonl"
        subset.write_text("".join(json.dumps(a, ensure_ascii=False) + "\n" for a in articles), encoding="utf-8")
        ingest = subprocess.run([sys.executable, "-c", "from kg.cli import main; main()", "--store",
                                 str(Path(tmp) / "store"), "ingest", "--assume-year", "2017", str(subset)],
                                capture_output=True, text=True)
        print(f"# ingested {len(articles)} articles into a temporary store: exit {ingest.returncode}")
    found = facts(articles)
    rng = random.Random(args.seed)
    for kind, items in found.items():
        print(f"\n## {kind}: {len(items)} in {len(articles)} articles; a sample of {min(args.sample, len(items))}")
        for i, (aid, fact, where) in enumerate(rng.sample(items, min(args.sample, len(items))), 1):
            print(f"{i:2d}. [{aid}] {fact}\n    > {where[:400]}")


if __name__ == "__main__":
    main()
