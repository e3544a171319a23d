"""SIGKILL trials while `kg ingest` replaces stored bulletins: is any stored bulletin ever absent?

A store holds N bulletins. A child process ingests a second version of the input, where every one of
them changed and 4×N new ones are interleaved, in batches that mix both (so each write replaces some
bulletins and bulk-loads others). Each trial kills it with SIGKILL at a different point: as soon as
k `bulk-*.sst` files (a bulk load writes one per index) have appeared in the store folder, inside a
write ("bulk:k"), or after k bulletins were reported written ("progress:k"). Then the store is
opened as the next run would open it, and checked: every one of the N bulletins is present and whole
(one content hash, either version's, with its text), and no `bulk-*.sst` file is left. Kill points
are conditions polled for, never fixed delays.

    python benchmarks/bench_kill_replace.py --trials 12
    # the same trials on another version of the code (run from outside the checkout, so that the
    # child processes import that version too):
    cd /tmp && PYTHONPATH=/path/to/other/checkout python /path/to/bench_kill_replace.py --trials 12
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PARAGRAPH = ("Sáng 5/6, Ban Thường vụ Tỉnh ủy Lào Cai tổ chức Hội nghị tổng kết 10 năm thực hiện Nghị quyết số "
             "22-NQ/TW. Đồng chí Lại Văn Hanh - Phó Bí thư Tỉnh ủy chủ trì Hội nghị. Từ năm 2008 đến nay, toàn Đảng "
             "bộ đã kết nạp được 1206 đảng viên.")

CHILD = """
import sys
from kg.ingest import ingest
from kg.store import GraphStore
store = GraphStore(sys.argv[1])
print("start", flush=True)
ingest([sys.argv[2]], store, processes=1, batch_size=int(sys.argv[3]),
       on_progress=lambda origin, outcome: print(outcome, flush=True))
store.close()
print("done", flush=True)
"""


def _article(ident: str, version: int) -> str:
    text = "\n\n".join(f"{PARAGRAPH} Đợt {ident}-{version}-{k}." for k in range(6))
    return json.dumps({"id": ident, "title": f"Hội nghị {ident}", "text": text}, ensure_ascii=False)


def prepare(work: Path, stored: int) -> tuple[Path, Path, dict[str, str]]:
    """The template store with `stored` bulletins, the second input, and the first version's hashes."""
    from kg.ingest import ingest
    from kg.store import GraphStore

    first = work / "v1.jsonl"
    first.write_text("".join(_article(f"s{i}", 1) + "\n" for i in range(stored)), encoding="utf-8")
    second = work / "v2.jsonl"
    lines = []
    for i in range(stored):  # each replaced bulletin among four new ones: every batch does both
        lines.append(_article(f"s{i}", 2))
        lines.extend(_article(f"n{i}-{k}", 2) for k in range(4))
    second.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    template = work / "template"
    store = GraphStore(template)
    ingest([str(first)], store, processes=1)
    hashes = {i: h for i, (h, _) in store.ledger_entries([f"s{i}" for i in range(stored)]).items()}
    store.close()
    return template, second, hashes


def trial(work: Path, template: Path, second: Path, stored: int, trigger: str, *, batch_size: int = 25,
          timeout: float = 300.0) -> dict:
    """One kill; returns what was found afterwards."""
    from kg.store import GraphStore

    store_dir = work / f"store-{trigger.replace(':', '-')}"
    shutil.rmtree(store_dir, ignore_errors=True)
    shutil.copytree(template, store_dir)
    child = subprocess.Popen([sys.executable, "-c", CHILD, str(store_dir), str(second), str(batch_size)],
                             stdout=subprocess.PIPE, text=True)
    assert child.stdout.readline().strip() == "start"
    killed_at = "finished before the kill"
    deadline = time.monotonic() + timeout
    if trigger.startswith("bulk"):
        wanted = int(trigger.split(":")[1]) if ":" in trigger else 1
        seen: set[str] = set()
        while time.monotonic() < deadline and child.poll() is None:
            seen.update(p.name for p in store_dir.glob("bulk-*.sst"))
            if len(seen) >= wanted:
                child.send_signal(signal.SIGKILL)
                killed_at = f"during a bulk load, {len(seen)} bulk file(s) seen"
                break
            time.sleep(0.0005)
    else:
        wanted = int(trigger.split(":")[1])
        written = 0
        for line in child.stdout:  # blocks until the child reports, or ends
            written += line.strip() in ("ingested", "replaced")
            if written >= wanted:
                child.send_signal(signal.SIGKILL)
                killed_at = f"after {written} bulletins were written"
                break
    child.wait(timeout=timeout)
    orphans = len(list(store_dir.glob("bulk-*.sst")))
    store = GraphStore(store_dir)  # as the next run opens it
    ids = [f"s{i}" for i in range(stored)]
    ledger = store.ledger_entries(ids)
    whole = 0
    for bid in ids:
        rows = store.select('SELECT (COUNT(DISTINCT ?h) AS ?hashes) (COUNT(DISTINCT ?t) AS ?texts) '
                            'WHERE { GRAPH ?g { '
                            f'?b schema:identifier "{bid}" ; bkg:contentHash ?h ; bkg:text ?t }} }}')
        whole += rows[0]["hashes"] == 1 and rows[0]["texts"] == 1
    left = len(list(store_dir.glob("bulk-*.sst")))
    store.close()
    shutil.rmtree(store_dir, ignore_errors=True)
    return {"trigger": trigger, "killed": killed_at, "absent": stored - len(ledger), "whole": whole,
            "bulk_files_after_kill": orphans, "bulk_files_after_open": left}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--trials", type=int, default=12)
    ap.add_argument("--stored", type=int, default=40, help="bulletins in the store before the killed run")
    args = ap.parse_args()
    triggers = [f"bulk:{1 + (i // 2) % 3}" if i % 2 == 0 else f"progress:{1 + 7 * i}" for i in range(args.trials)]
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        template, second, _ = prepare(work, args.stored)
        results = [trial(work, template, second, args.stored, t) for t in triggers]
    for r in results:
        print(json.dumps(r))
    bad = [r for r in results if r["absent"] or r["whole"] != args.stored or r["bulk_files_after_open"]]
    print(f"{len(results)} trials, {sum(r['killed'] != 'finished before the kill' for r in results)} killed mid-run, "
          f"{len(bad)} with a stored bulletin absent or broken, or a bulk file left", file=sys.stderr)
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    os.environ.setdefault("PYTHONHASHSEED", "0")
    main()
