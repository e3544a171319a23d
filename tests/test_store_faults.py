"""The store under faults: killed runs leave no stored bulletin absent and no bulk file behind, a full
disk or a read-only store give one line saying what was written and what to do."""

from __future__ import annotations

import importlib.util
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from kg.store import GraphStore

REPO = Path(__file__).resolve().parents[1]
KG = [sys.executable, "-c", "import sys; from kg.cli import main; sys.exit(main())"]


def _bench():
    spec = importlib.util.spec_from_file_location("bench_kill_replace", REPO / "benchmarks" / "bench_kill_replace.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_sigkill_during_replacement_never_leaves_a_stored_bulletin_absent(tmp_path):
    bench = _bench()
    stored = 12
    template, second, _ = bench.prepare(tmp_path, stored)
    triggers = ["bulk:1", "progress:3", "bulk:2", "progress:10", "bulk:3", "progress:25"]
    results = [bench.trial(tmp_path, template, second, stored, t, batch_size=10) for t in triggers]
    for r in results:
        assert r["absent"] == 0 and r["whole"] == stored, r
        assert r["bulk_files_after_open"] == 0, r
    assert sum(r["killed"] != "finished before the kill" for r in results) >= 4, results


def test_orphan_bulk_files_are_removed_when_the_store_is_opened_for_writing(tmp_path, seed_path):
    from kg.ingest import ingest

    store = GraphStore(tmp_path / "store")
    ingest([str(seed_path)], store)
    store.close()
    orphan = tmp_path / "store" / "bulk-1234567890.sst"
    orphan.write_bytes(b"\0" * 4096)
    GraphStore(tmp_path / "store", read_only=True).close()
    assert orphan.exists()  # a reader never removes anything
    store = GraphStore(tmp_path / "store")
    assert not orphan.exists() and store.removed_bulk_files == 1
    assert store.bulletin_ids() == ["bulletin-2018-06-01"]
    store.close()


def _in_a_small_filesystem(tmp_path, script: str) -> subprocess.CompletedProcess:
    """Run `script` (sh) with a private tmpfs mounted at $MNT, in a user and mount namespace."""
    if shutil.which("unshare") is None:
        pytest.skip("unshare is not installed")
    mnt = tmp_path / "mnt"
    mnt.mkdir()
    probe = subprocess.run(["unshare", "-rm", "sh", "-c", f"mount -t tmpfs -o size=1m tmpfs {mnt}"],
                           capture_output=True, text=True)
    if probe.returncode != 0:
        pytest.skip(f"cannot mount a private tmpfs here: {probe.stderr.strip()}")
    kg = " ".join(f"'{a}'" for a in KG)
    return subprocess.run(["unshare", "-rm", "sh", "-c", script.replace("$KG", kg).replace("$MNT", str(mnt))],
                          capture_output=True, text=True, timeout=600)


def _articles(tmp_path, n: int) -> Path:
    para = [p for p in (REPO / "tests/fixtures/bulletin-2018-06-01.txt").read_text(encoding="utf-8").split("\n")
            if len(p) > 60]
    path = tmp_path / "many.jsonl"
    path.write_text("".join(json.dumps({"id": f"n{i}", "title": f"Hội nghị {i}",
                                        "text": "\n\n".join(f"{p} Lần {i}." for p in para)}, ensure_ascii=False) + "\n"
                            for i in range(n)), encoding="utf-8")
    return path


def test_a_full_disk_gives_one_line_and_the_same_command_finishes_after_space_is_freed(tmp_path):
    articles = _articles(tmp_path, 300)
    result = _in_a_small_filesystem(tmp_path, f"""
        mount -t tmpfs -o size=4m tmpfs $MNT || exit 99
        $KG --store $MNT/store ingest {articles}; echo "first=$?"
        ls $MNT/store | grep -c '^bulk-' ; echo "bulk-files-listed"
        mount -o remount,size=200m $MNT
        $KG --store $MNT/store ingest {articles} --json > $MNT/summary.json; echo "second=$?"
        cat $MNT/summary.json
    """)
    out = result.stdout
    assert "first=1" in out and "second=0" in out, (out, result.stderr)
    error = [line for line in result.stderr.splitlines() if line.startswith("Error:")]
    assert len(error) == 1 and "is full" in error[0] and "were written" in error[0] and "again" in error[0]
    assert "Traceback" not in result.stderr
    assert out.split("bulk-files-listed")[0].strip().splitlines()[-1] == "0"
    summary = json.loads(out.split("second=0", 1)[1])
    assert summary["ingested"] + summary["unchanged"] == 300


def test_a_read_only_store_gives_one_line_and_still_answers_queries(tmp_path, seed_path):
    result = _in_a_small_filesystem(tmp_path, f"""
        mount -t tmpfs -o size=16m tmpfs $MNT || exit 99
        $KG --store $MNT/store ingest {seed_path} > /dev/null
        mount -o remount,ro $MNT
        $KG --store $MNT/store ingest {seed_path}; echo "ingest=$?"
        $KG --store $MNT/store status; echo "status=$?"
    """)
    assert "ingest=1" in result.stdout and "status=0" in result.stdout, (result.stdout, result.stderr)
    assert "bulletins: 1" in result.stdout
    (error,) = [line for line in result.stderr.splitlines() if line.startswith("Error:")]
    assert "read-only" in error and "--store" in error and "another process" not in error


def test_replacing_a_stored_bulletin_writes_the_difference_and_keeps_it_whole(store):
    from kg.store import SerializedGraph

    g = "<https://w3id.org/bulletin-kg/id/graph/b1>"
    kept = f'<http://s> <http://p> "kept" {g} .\n'
    first = SerializedGraph("b1", (kept + f'<http://s> <http://p> "old\\nline" {g} .\n').encode())
    second = SerializedGraph("b1", (kept + f'<http://s> <http://p> "new \\"one\\"" {g} .\n').encode())
    store.write_nquads([first])
    store.write_nquads([second])
    values = sorted(r["o"] for r in store.select("SELECT ?o WHERE { GRAPH ?g { <http://s> <http://p> ?o } }"))
    assert values == ["kept", 'new "one"']
    store.write_nquads([second])  # nothing differs: nothing to write
    assert store.count_triples() == 2
