"""Entity resolution at corpus scale: quality figures of the merged graph, the time of a full
re-resolution and of resolving 100 new bulletins incrementally, and peak memory.

For each size N: the first N-100 articles are ingested into a fresh store, then the last 100 (their
resolution against the stored entities is timed from the ingest summary), then the whole store is
re-resolved in a fresh process (time and peak RSS of that process), twice: the second pass must
rename nothing (re-resolution of an unchanged store changes nothing). The quality figures are
computed on the store of the largest size from `kg entities`-shaped rows.

    python benchmarks/bench_resolve.py --corpus ../shared/corpus/baomoi-2017.jsonl.gz --sizes 5000,all --assume-year 2017
    python benchmarks/bench_resolve.py --store /tmp/corpus-store --figures-only
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from corpus_sample import count_lines, open_lines

_RESOLVE = """
import json, resource, sys, time
from kg.store import GraphStore
from kg.resolution import resolve_store
store = GraphStore(sys.argv[1])
t = time.perf_counter()
report = resolve_store(store)
seconds = time.perf_counter() - t
store.close()
print(json.dumps({"seconds": round(seconds, 2), "renamed": report.renamed,
                  "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)}))
"""


def split_input(corpus: Path, n: int, workdir: Path) -> tuple[Path, Path]:
    head, tail = workdir / f"head-{n}.jsonl", workdir / f"tail-{n}.jsonl"
    with open_lines(corpus) as src, open(head, "wb") as h, open(tail, "wb") as t:
        lines = (line for line in src if line.strip())
        for i, line in enumerate(lines):
            if i >= n:
                break
            (h if i < n - 100 else t).write(line)
    return head, tail


def measure_size(corpus: Path, n: int, workdir: Path, assume_year: int | None) -> dict:
    from kg.ingest import ingest
    from kg.store import GraphStore

    head, tail = split_input(corpus, n, workdir)
    path = workdir / f"store-{n}"
    store = GraphStore(path)
    t = time.perf_counter()
    ingest([str(head)], store, assume_year=assume_year)
    ingest_seconds = time.perf_counter() - t
    added = ingest([str(tail)], store, assume_year=assume_year)
    store.close()
    passes = [json.loads(subprocess.run([sys.executable, "-c", _RESOLVE, str(path)], check=True,
                                        capture_output=True, text=True).stdout) for _ in range(2)]
    return {"articles": n, "ingest_seconds": round(ingest_seconds, 1),
            "incremental_100": {"resolution_seconds": added.resolution.seconds, "renamed": added.resolution.renamed},
            "full_resolution": passes[0], "second_pass_renamed": passes[1]["renamed"], "store": str(path)}


def figures(store_path: str) -> dict:
    """The issue's figures: official entities per distinct folded name, named people, one-word and
    place-named organizations."""
    from kg.entities import list_entities
    from kg.resolution.clusters import fold_name
    from kg.resolution.places import is_place_name
    from kg.store import GraphStore

    store = GraphStore(store_path, read_only=True)
    officials = list_entities(store, "official")
    per_name: dict[str, int] = Counter(fold_name(e.name) for e in officials)
    named = {who: sum(1 for e in officials if e.name == who) for who in
             ("Donald Trump", "Vladimir Putin", "Nguyễn Xuân Phúc", "Tập Cận Bình", "Phạm Sỹ Lợi")}
    orgs = list_entities(store, "organization")
    one_word = [e for e in orgs if len(e.name.split()) == 1]
    places = [e.name for e in orgs if is_place_name(e.name)]
    scoped_to_bulletin = sum(1 for e in officials if "/person/b-" in e.iri)
    by_bulletins = defaultdict(int)
    for e in officials:
        by_bulletins[min(e.bulletins, 10)] += 1
    store.close()
    return {
        "official_entities": len(officials), "distinct_folded_names": len(per_name),
        "official_entities_per_name": round(len(officials) / max(1, len(per_name)), 3),
        "official_entities_scoped_to_one_bulletin": scoped_to_bulletin,
        "named_people_entities": named,
        "organization_entities": len(orgs), "one_word_organizations": len(one_word),
        "one_word_share": round(len(one_word) / max(1, len(orgs)), 4),
        "one_word_examples": sorted(Counter(e.name for e in one_word).most_common(15)),
        "organizations_named_as_places": places[:20], "organizations_named_as_places_count": len(places),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path)
    ap.add_argument("--sizes", default="5000,all")
    ap.add_argument("--store", help="Only compute the quality figures of this store.")
    ap.add_argument("--figures-only", action="store_true")
    ap.add_argument("--workdir", type=Path)
    ap.add_argument("--assume-year", type=int, help="As `kg ingest --assume-year`: dates events of undated articles.")
    args = ap.parse_args()
    if args.figures_only:
        print(json.dumps(figures(args.store), ensure_ascii=False, indent=2))
        return
    if not args.corpus:
        ap.error("--corpus is needed unless --figures-only")
    total = count_lines(args.corpus)
    sizes = [total if s == "all" else int(s) for s in args.sizes.split(",")]
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="bench-resolve-"))
    results = [measure_size(args.corpus, n, workdir, args.assume_year) for n in sizes]
    out = {"sizes": results, "figures": figures(results[-1]["store"])}
    print(json.dumps(out, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
