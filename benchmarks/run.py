"""Throughput and memory of ingestion over a JSONL corpus, stage by stage and end to end.

    python benchmarks/run.py                                  # 1k, 5k and all of ../shared/corpus
    python benchmarks/run.py --sizes 1000,5000 --json out.json
    python benchmarks/run.py --corpus my.jsonl.gz --processes 4

For each size N (the first N articles of the corpus) it prints, in one run:

* stages: one process, streaming, a timer around each stage: read+clean, tokenize (the spaCy Doc
  the components annotate), extract (the bkg_* components and records), map (records to quads),
  serialize (N-Quads, what workers send back), store write (bulk, into a fresh on-disk store);
* end to end: `kg.ingest.ingest` of the same N articles into a fresh on-disk store with
  `--processes` processes: wall time, docs/s, chars/s, CPU seconds, peak memory (RSS of the
  process and all its workers, sampled every 50 ms);
* the reference: spaCy + pyvi word segmentation alone (`spacy.blank("vi")`, whose default tokenizer
  is pyvi) over the same cleaned texts, in one process and with `nlp.pipe(n_process=P)`, and the
  ratio of end-to-end throughput to each.

chars are characters of cleaned article text. Results go to stdout and, with --json, to a file.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from corpus_sample import count_lines, first_n  # beside this script

REPO = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = REPO.parent / "shared" / "corpus" / "baomoi-2017.jsonl.gz"
STAGES = ["read+clean", "tokenize", "extract", "map", "serialize", "store write"]


# -- measuring --------------------------------------------------------------------------------------

class ProcessTree:
    """Peak memory and CPU time of this process plus all its descendants (pool workers, a forkserver,
    Dask nannies and workers), sampled in a thread. Memory is PSS, the proportional set size: pages
    shared by a forkserver and the workers it forked count once, not once per process (a sum of RSS
    would count them three times); the peak RSS of this process alone is kept too."""

    def __init__(self, root_pid: int | None = None, interval: float = 0.1):
        import psutil

        self._psutil = psutil
        self.root_pid = root_pid or os.getpid()
        self.interval = interval
        self.peak_pss = 0
        self.peak_main_rss = 0
        self._cpu: dict[int, float] = {}  # pid -> last CPU seconds seen (a child that exits keeps its last)
        self._cpu_before = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _sample(self) -> None:
        try:
            me = self._psutil.Process(self.root_pid)
            tree = [me, *me.children(recursive=True)]
        except self._psutil.Error:  # the root has exited
            return
        pss = 0
        for p in tree:
            try:
                with p.oneshot():
                    info = p.memory_full_info()
                    pss += getattr(info, "pss", info.rss)  # PSS on Linux
                    t = p.cpu_times()
                    self._cpu[p.pid] = t.user + t.system
                    if p.pid == me.pid:
                        self.peak_main_rss = max(self.peak_main_rss, info.rss)
            except self._psutil.Error:
                pass
        self.peak_pss = max(self.peak_pss, pss)

    def _run(self) -> None:
        while not self._stop.is_set():
            self._sample()
            self._stop.wait(self.interval)

    @property
    def cpu_seconds(self) -> float:
        return sum(self._cpu.values()) - self._cpu_before

    def __enter__(self) -> ProcessTree:
        t = self._psutil.Process(self.root_pid).cpu_times()
        self._cpu_before = t.user + t.system
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()
        self._sample()


def rate(n: float, seconds: float) -> float:
    return n / seconds if seconds > 0 else float("inf")


# -- the corpus ----------------------------------------------------------------------------------------

def cleaned(path: Path):
    """Bulletins of a file, read and cleaned, streaming."""
    from kg.ingest import prepare
    from kg.reading.sources import Skipped, read_sources

    for item in read_sources([str(path)]):
        if isinstance(item, Skipped):
            continue
        prepared = prepare(item)
        if not isinstance(prepared, Skipped):
            yield prepared


# -- the three measurements ----------------------------------------------------------------------------

def measure_stages(path: Path, workdir: Path, batch_size: int) -> dict:
    """Each stage timed separately, in one process, streaming (memory stays flat)."""
    import pyoxigraph as ox

    from kg.ingest import prepare
    from kg.nlp import pipeline
    from kg.nlp.to_records import extraction_from_doc
    from kg.rdf.mapping import map_extraction
    from kg.reading.sources import Skipped, read_sources
    from kg.store import GraphStore, SerializedGraph

    nlp = pipeline.make_nlp()
    components = [proc for _, proc in nlp.pipeline]
    spent = dict.fromkeys(STAGES, 0.0)  # wall seconds
    cpu = dict.fromkeys(STAGES, 0.0)  # CPU seconds of this process (all its threads)
    store_dir = workdir / "stages-store"
    shutil.rmtree(store_dir, ignore_errors=True)
    store = GraphStore(store_dir)
    docs = chars = quads = 0
    batch: list = []
    reader = read_sources([str(path)])
    wall, cpu_clock = time.perf_counter, time.process_time

    def write(final: bool = False) -> None:
        t, c = wall(), cpu_clock()
        store.write_nquads(batch)
        if final:
            store.flush()
        spent["store write"] += wall() - t
        cpu["store write"] += cpu_clock() - c
        batch.clear()

    while True:
        t0, c0 = wall(), cpu_clock()
        item = next(reader, None)
        if item is None:
            break
        b = prepare(item) if not isinstance(item, Skipped) else item
        t1, c1 = wall(), cpu_clock()
        spent["read+clean"] += t1 - t0
        cpu["read+clean"] += c1 - c0
        if isinstance(b, Skipped):
            continue
        doc = pipeline._prepare(nlp, b)
        t2, c2 = wall(), cpu_clock()
        for proc in components:
            doc = proc(doc)
        extraction = extraction_from_doc(doc, b)
        t3, c3 = wall(), cpu_clock()
        q = map_extraction(extraction)
        t4, c4 = wall(), cpu_clock()
        batch.append(SerializedGraph(b.id, ox.serialize(q, format=ox.RdfFormat.N_QUADS)))
        t5, c5 = wall(), cpu_clock()
        for name, (a, z, ca, cz) in {"tokenize": (t1, t2, c1, c2), "extract": (t2, t3, c2, c3),
                                     "map": (t3, t4, c3, c4), "serialize": (t4, t5, c4, c5)}.items():
            spent[name] += z - a
            cpu[name] += cz - ca
        docs += 1
        chars += len(b.text)
        quads += len(q)
        if len(batch) >= batch_size:
            write()
    write(final=True)
    store.close()
    shutil.rmtree(store_dir, ignore_errors=True)
    total = sum(spent.values())
    return {
        "docs": docs, "chars": chars, "quads": quads,
        "stages": {k: {"seconds": round(v, 3), "docs_per_s": round(rate(docs, v)), "chars_per_s": round(rate(chars, v)),
                       "cpu_ms_per_doc": round(1000 * cpu[k] / max(1, docs), 3)}
                   for k, v in spent.items()},
        "cpu_ms_per_doc": round(1000 * sum(cpu.values()) / max(1, docs), 2),
        "one_process_docs_per_s": round(rate(docs, total)),
    }


def measure_end_to_end(path: Path, workdir: Path, processes: int, batch_size: int) -> dict:
    """`kg.ingest.ingest` in a fresh Python process (so that nothing this one has loaded counts),
    watched from here: wall time, CPU and PSS of its whole process tree."""
    import subprocess

    store_dir = workdir / "e2e-store"
    shutil.rmtree(store_dir, ignore_errors=True)
    child = subprocess.Popen([sys.executable, __file__, "--ingest-only", str(path), str(store_dir), str(processes),
                              str(batch_size)], stdout=subprocess.PIPE, text=True)
    with ProcessTree(child.pid) as tree:
        out, _ = child.communicate()
    if child.returncode != 0:
        raise RuntimeError(f"the ingest process failed (exit {child.returncode})")
    result = json.loads(out.strip().splitlines()[-1])
    tree._cpu[child.pid] = max(tree._cpu.get(child.pid, 0.0), result["own_cpu_seconds"])
    size = sum(f.stat().st_size for f in store_dir.rglob("*") if f.is_file())
    shutil.rmtree(store_dir, ignore_errors=True)
    docs = result["docs"]
    return {"read": result["read"], "docs": docs, "skipped": result["skipped"], "quads": result["quads"],
            "seconds": round(result["seconds"], 2), "docs_per_s": round(rate(docs, result["seconds"])),
            "cpu_seconds": round(tree.cpu_seconds, 1), "peak_pss_mb": round(tree.peak_pss / 2**20),
            "peak_main_rss_mb": round(tree.peak_main_rss / 2**20), "store_mb": round(size / 2**20)}


def ingest_only(path: str, store_dir: str, processes: int, batch_size: int) -> None:
    """The child side of `measure_end_to_end`: one ingest, its figures as a JSON line on stdout."""
    import resource

    from kg.ingest import ingest
    from kg.store import GraphStore

    store = GraphStore(store_dir)
    t0 = time.perf_counter()
    summary = ingest([path], store, processes=processes, batch_size=batch_size)
    wall = time.perf_counter() - t0
    store.close()
    me = resource.getrusage(resource.RUSAGE_SELF)
    print(json.dumps({"read": summary.read, "docs": summary.ingested + summary.replaced,
                      "skipped": len(summary.skipped), "quads": summary.triples_after, "seconds": wall,
                      "own_cpu_seconds": me.ru_utime + me.ru_stime}))


def measure_pyvi(path: Path, processes: int) -> dict:
    """spaCy + pyvi tokenization alone over the same cleaned texts: wall and CPU time of `make_doc` in
    one process, and wall time of `nlp.pipe(n_process=processes)` fed by the reader."""
    import spacy

    nlp = spacy.blank("vi")  # the default Vietnamese tokenizer: pyvi word segmentation
    docs = chars = 0
    wall = cpu = 0.0
    for b in cleaned(path):
        t0, c0 = time.perf_counter(), time.process_time()
        nlp.make_doc(b.text)
        wall += time.perf_counter() - t0
        cpu += time.process_time() - c0
        docs += 1
        chars += len(b.text)
    out = {"docs": docs, "one_process_docs_per_s": round(rate(docs, wall)),
           "one_process_chars_per_s": round(rate(chars, wall)), "cpu_ms_per_doc": round(1000 * cpu / max(1, docs), 2)}
    if processes > 1:
        t0 = time.perf_counter()
        n = sum(1 for _ in nlp.pipe((b.text for b in cleaned(path)), n_process=processes, batch_size=64))
        out[f"{processes}_process_docs_per_s"] = round(rate(n, time.perf_counter() - t0))
    return out


def median_run(runs: list[dict]) -> dict:
    """The run with the median throughput (its other figures come with it), plus every run's docs/s."""
    ordered = sorted(runs, key=lambda r: r["docs_per_s"] if "docs_per_s" in r else r["one_process_docs_per_s"])
    chosen = dict(ordered[len(ordered) // 2])
    if len(runs) > 1:
        chosen["all_runs_docs_per_s"] = [r.get("docs_per_s", r.get("one_process_docs_per_s")) for r in runs]
    return chosen


# -- reporting -----------------------------------------------------------------------------------------

def git_commit() -> str:
    try:
        head = subprocess.run(["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"], capture_output=True,
                              text=True, check=True).stdout.strip()
        dirty = subprocess.run(["git", "-C", str(REPO), "status", "--porcelain", "--untracked-files=no"],
                               capture_output=True, text=True, check=True).stdout.strip()
        return head + ("+uncommitted" if dirty else "")
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def print_size(label: str, r: dict, processes: int) -> None:
    st, e2e, ref = r.get("stages"), r["end_to_end"], r.get("pyvi")
    print(f"\n== {label}: {e2e['docs']} articles ingested ({e2e['skipped']} skipped), {e2e['quads']:,} quads"
          f" (1-min load average of the machine {r['load_average_before']} -> {r['load_average_after']})")
    if st:
        print(f"  {'stage (1 process)':24s} {'docs/s':>10s} {'chars/s':>12s} {'seconds':>9s} {'CPU ms/doc':>11s}")
        for name, s in st["stages"].items():
            print(f"  {name:24s} {s['docs_per_s']:>10,} {s['chars_per_s']:>12,} {s['seconds']:>9.2f} {s['cpu_ms_per_doc']:>11.2f}")
        print(f"  {'all stages, 1 process':24s} {st['one_process_docs_per_s']:>10,} {'':>12s} {'':>9s} {st['cpu_ms_per_doc']:>11.2f}")
    chars_per_doc = st["chars"] / max(1, st["docs"]) if st else 0
    print(f"  end to end, {processes} processes: {e2e['seconds']:.1f} s, {e2e['docs_per_s']:,} docs/s"
          + (f", {round(e2e['docs_per_s'] * chars_per_doc):,} chars/s" if st else "")
          + f", CPU {e2e['cpu_ms_per_doc']} ms/doc, peak memory {e2e['peak_pss_mb']} MB (PSS, all processes;"
          + f" this process {e2e['peak_main_rss_mb']} MB RSS), store {e2e['store_mb']} MB"
          + (f" (runs: {e2e['all_runs_docs_per_s']} docs/s)" if "all_runs_docs_per_s" in e2e else ""))
    if ref:
        line = f"  spaCy+pyvi tokenization alone: {ref['one_process_docs_per_s']:,} docs/s (1 process)"
        key = f"{processes}_process_docs_per_s"
        if key in ref:
            line += f", {ref[key]:,} docs/s ({processes} processes)"
        print(line)
        ratio = f"  ratio end to end / pyvi: {r['ratio_vs_pyvi_1_process']:.2f} (vs 1 process)"
        if "ratio_vs_pyvi_same_processes" in r:
            ratio += f", {r['ratio_vs_pyvi_same_processes']:.2f} (vs {processes} processes)"
        print(ratio)
        print(f"  CPU per article: pyvi tokenization {ref['cpu_ms_per_doc']} ms, whole pipeline {e2e['cpu_ms_per_doc']} ms "
              f"(ratio {r['cpu_ratio_pyvi_over_end_to_end']:.2f})")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, default=Path(os.environ.get("KG_CORPUS", DEFAULT_CORPUS)),
                    help="JSONL or JSONL.gz, one article per line [default: ../shared/corpus/baomoi-2017.jsonl.gz]")
    ap.add_argument("--sizes", default="1000,5000,all", help="comma-separated article counts; 'all' = the whole file")
    ap.add_argument("--processes", type=int, default=None, help="extraction processes [default: one per core]")
    ap.add_argument("--batch-size", type=int, default=None, help="bulletins per store write [default: kg.ingest's]")
    ap.add_argument("--repeat", type=int, default=3, help="end-to-end and reference runs per size; medians are kept")
    ap.add_argument("--repeat-limit", type=int, default=1000,
                    help="sizes above this many articles run once [default: 1000]")
    ap.add_argument("--no-stages", action="store_true", help="skip the one-process stage breakdown")
    ap.add_argument("--no-reference", action="store_true", help="skip the spaCy+pyvi reference")
    ap.add_argument("--workdir", type=Path, default=None, help="where temporary stores go [default: a temp folder]")
    ap.add_argument("--json", type=Path, default=None, help="also write the results to this file")
    args = ap.parse_args(argv)

    from kg.ingest import BATCH_SIZE, available_cores

    if not args.corpus.exists():
        print(f"no corpus at {args.corpus}: give one with --corpus FILE (JSONL, one article per line)", file=sys.stderr)
        return 2
    processes = args.processes or available_cores()
    batch_size = args.batch_size or BATCH_SIZE
    workdir = Path(tempfile.mkdtemp(prefix="kg-bench-", dir=args.workdir))
    total = count_lines(args.corpus)
    sizes = []
    for s in args.sizes.split(","):
        n = total if s.strip() == "all" else min(int(s), total)
        sizes.append((s.strip(), n))
    header = {"commit": git_commit(), "corpus": str(args.corpus), "corpus_articles": total, "processes": processes,
              "cores": available_cores(), "batch_size": batch_size, "python": sys.version.split()[0],
              "started": time.strftime("%Y-%m-%d %H:%M:%S")}
    print(json.dumps(header))
    results = {"run": header, "sizes": {}}
    try:
        for label, n in sizes:
            path = args.corpus if n == total else first_n(args.corpus, n, workdir)
            r: dict = {"articles": n, "load_average_before": round(os.getloadavg()[0], 1)}
            if not args.no_stages:
                r["stages"] = measure_stages(path, workdir, batch_size)
            e2e_runs, pyvi_runs = [], []
            for _ in range(args.repeat if n <= args.repeat_limit else 1):  # alternated: a change of load hits both
                e2e_runs.append(measure_end_to_end(path, workdir, processes, batch_size))
                if not args.no_reference:
                    pyvi_runs.append(measure_pyvi(path, processes))
            r["end_to_end"] = median_run(e2e_runs)
            e2e = r["end_to_end"]
            e2e["cpu_ms_per_doc"] = round(1000 * e2e["cpu_seconds"] / max(1, e2e["docs"]), 2)
            if not args.no_reference:
                r["pyvi"] = median_run(pyvi_runs)
                r["cpu_ratio_pyvi_over_end_to_end"] = round(r["pyvi"]["cpu_ms_per_doc"] / e2e["cpu_ms_per_doc"], 2)
                r["ratio_vs_pyvi_1_process"] = round(r["end_to_end"]["docs_per_s"] / r["pyvi"]["one_process_docs_per_s"], 2)
                key = f"{processes}_process_docs_per_s"
                if key in r["pyvi"]:
                    r["ratio_vs_pyvi_same_processes"] = round(r["end_to_end"]["docs_per_s"] / r["pyvi"][key], 2)
            r["load_average_after"] = round(os.getloadavg()[0], 1)
            results["sizes"][label] = r
            print_size(f"{label} ({n} articles)", r, processes)
            sys.stdout.flush()
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    peaks = [r["end_to_end"]["peak_pss_mb"] for r in results["sizes"].values()]
    if len(peaks) > 1:
        print(f"\npeak memory by size: {', '.join(f'{k} {v} MB' for k, v in zip(results['sizes'], peaks))}")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        print(f"results written to {args.json}")
    return 0


if __name__ == "__main__":
    if len(sys.argv) == 6 and sys.argv[1] == "--ingest-only":
        ingest_only(sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5]))
        sys.exit(0)
    sys.exit(main())
