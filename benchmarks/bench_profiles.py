"""What the profile pages and the faceted index cost on a store: seconds to read the store (wall and
this process's CPU), to render the shards and data files, and to write them; files and bytes written;
peak memory. The budget on the whole corpus is 40 s and 80 MB.

Run on demand (not a test), on a copy of a store (it is opened read-only, never written):

    python benchmarks/bench_profiles.py --store /tmp/kg-bench/corpus-store --out /tmp/kg-bench/profiles

With --shots DIR, it also writes the five archivist tasks' screenshots (see docs/visualization.md)
from the pages it wrote, for the entities named by --official, --posts-of, --document, --province,
--month and --statistic.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kg.store import GraphStore  # noqa: E402
from kg.viz.facets import facet_files  # noqa: E402
from kg.viz.profile_page import profile_files  # noqa: E402
from kg.viz.profiles import read_catalog  # noqa: E402


def _clock():
    return time.perf_counter(), time.process_time()


def _since(t) -> dict:
    wall, cpu = _clock()
    return {"wall_s": round(wall - t[0], 2), "cpu_s": round(cpu - t[1], 2)}


def measure(store_path: Path, out: Path) -> dict:
    load = os.getloadavg()[0]
    store = GraphStore(store_path, read_only=True)
    t = _clock()
    catalog = read_catalog(store)
    read = _since(t)
    t = _clock()
    files = {**profile_files(catalog), **facet_files(catalog)}
    render = _since(t)
    t = _clock()
    shutil.rmtree(out, ignore_errors=True)
    written = 0
    for rel, text in files.items():
        path = out / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        data = text.encode("utf-8")
        path.write_bytes(data)
        written += len(data)
    write = _since(t)
    total = {k: round(read[k] + render[k] + write[k], 2) for k in read}
    return {"store": str(store_path), "bulletins": len(catalog.bulletins), "entities": len(catalog.entities),
            "statistics": len(catalog.statistics), "read": read, "render": render, "write": write, "total": total,
            "files": len(files), "bytes": written, "mb": round(written / 1e6, 1),
            "largest_file_kb": round(max(len(t.encode("utf-8")) for t in files.values()) / 1e3),
            "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
            "load_average_at_start": round(load, 2), "cpus": os.cpu_count()}


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--store", type=Path, required=True)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--shots", type=Path, help="write the five tasks' screenshots into this folder")
    ap.add_argument("--official", default="", help="task (a): whose chaired events")
    ap.add_argument("--posts-of", default="", help="task (b): whose posts")
    ap.add_argument("--document", default="")
    ap.add_argument("--province", default="")
    ap.add_argument("--month", default="")
    ap.add_argument("--statistic", default="")
    args = ap.parse_args(argv)
    report = measure(args.store, args.out)
    print(json.dumps(report, ensure_ascii=False, indent=1))
    if args.shots:
        from shots_profiles import task_screenshots  # beside this script

        print(json.dumps(task_screenshots(args.out, args.shots, store_path=args.store, official=args.official,
                                          posts_of=args.posts_of, document=args.document, province=args.province,
                                          month=args.month, statistic=args.statistic),
                         ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
