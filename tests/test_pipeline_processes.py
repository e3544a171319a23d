"""The real `kg` command in subprocesses: a run killed with SIGKILL and run again gives the store of
an uninterrupted run, two runs started together do not both write, and the scheduler fires on its
interval and stops cleanly on SIGTERM (between bulletins, recording the run as stopped).

Pages are served on 127.0.0.1 with a delay per page, so that a run is still going when the test
acts on it; the tests wait for the run's own JSON log events rather than for fixed times."""

from __future__ import annotations

import json
import signal
from datetime import datetime

from test_pipeline_helpers import ARTICLES, EventReader, bulletin_quads, kg_process, site, toml_list, write_pipeline

from kg.pipelines import execute, load_pipeline
from kg.pipelines.provenance import recent_runs
from kg.rdf.iri import bulletin_iri
from kg.store import GraphStore


def pages_pipeline(tmp_path, site, articles, *, name="trang", extra=""):
    urls = site.publish_pages(articles)
    body = f'''name = "{name}"
publisher = "Báo Lào Cai"
province = "Lào Cai"
[[sources]]
pages = {toml_list(urls)}
[run]
batch_size = 1
{extra}'''
    return write_pipeline(tmp_path, name, body), urls


def read_store(path):
    store = GraphStore(path, read_only=True)
    try:
        return set(store.bulletin_ids()), recent_runs(store, limit=None)
    finally:
        del store


def test_sigkill_mid_run_then_rerun_equals_an_uninterrupted_run(tmp_path, site):
    pipeline_file, urls = pages_pipeline(tmp_path, site, ARTICLES)
    killed, clean = tmp_path / "killed", tmp_path / "clean"
    site.delay = 0.15
    proc = kg_process("--store", str(killed), "pipeline", "run", str(pipeline_file), "--log-format", "json")
    reader = EventReader(proc)
    reader.wait_for(lambda e: e["event"] == "batch.written", count=3)
    proc.kill()  # SIGKILL: no handler runs, no record of the end is written
    assert proc.wait(10) == -signal.SIGKILL

    written, runs = read_store(killed)
    assert 3 <= len(written) < len(urls), "the run should have been killed in the middle"
    assert [r["status"] for r in runs] == ["running"]  # the killed run's last transaction
    assert runs[0]["added"] == len(written)  # its counts were written with its bulletins

    site.delay = 0
    pipeline = load_pipeline(pipeline_file)
    resumed = execute(pipeline, store_override=killed)
    c = resumed.record.counts
    assert (c["added"], c["unchanged"], c["replaced"]) == (len(urls) - len(written), len(written), 0)
    assert resumed.interrupted_runs == [runs[0]["run_id"]]
    execute(pipeline, store_override=clean)

    # Bulletin graphs: identical, triple for triple; run records are apart and legitimately differ.
    assert bulletin_quads(killed) == bulletin_quads(clean)
    ids, runs = read_store(killed)
    assert ids == set(urls)
    assert [r["status"] for r in runs] == ["completed", "interrupted"]
    store = GraphStore(killed, read_only=True)
    links = store.select("SELECT ?b ?run WHERE { GRAPH ?g { ?b prov:wasGeneratedBy ?run } }")
    del store
    by_run = {}
    for row in links:
        by_run.setdefault(row["run"], set()).add(row["b"])
    assert by_run == {runs[1]["run"]: {bulletin_iri(i) for i in written},
                      runs[0]["run"]: {bulletin_iri(u) for u in urls} - {bulletin_iri(i) for i in written}}


def test_two_runs_started_together_one_waits_and_the_store_is_correct(tmp_path, site):
    pipeline_file, urls = pages_pipeline(tmp_path, site, ARTICLES[:6])
    store = tmp_path / "store"
    site.delay = 0.2  # the first run holds the lock for at least 1.2 s
    procs = [kg_process("--store", str(store), "pipeline", "run", str(pipeline_file), "--log-format", "json",
                        "--json", "--lock-timeout", "60") for _ in range(2)]
    readers = [EventReader(p) for p in procs]
    outcomes = [r.finish(timeout=120) for r in readers]
    assert [rc for rc, _ in outcomes] == [0, 0], [r.other for r in readers]
    summaries = sorted((json.loads(out) for _, out in outcomes), key=lambda s: s["started"])
    assert [(s["added"], s["unchanged"]) for s in summaries] == [(6, 0), (0, 6)]
    waited = [any(e["event"] == "lock.wait" for e in r.events) for r in readers]
    assert sorted(waited) == [False, True]

    ids, runs = read_store(store)
    assert ids == set(urls)
    assert [r["status"] for r in runs] == ["completed", "completed"]
    site.delay = 0
    execute(load_pipeline(pipeline_file), store_override=tmp_path / "reference")
    assert bulletin_quads(store) == bulletin_quads(tmp_path / "reference")


def test_two_runs_started_together_the_late_one_exits_cleanly_when_it_cannot_wait(tmp_path, site):
    pipeline_file, urls = pages_pipeline(tmp_path, site, ARTICLES[:6])
    store = tmp_path / "store"
    site.delay = 0.25  # the first run holds the lock for at least 1.5 s
    procs = [kg_process("--store", str(store), "pipeline", "run", str(pipeline_file), "--log-format", "json",
                        "--lock-timeout", "0.5") for _ in range(2)]
    readers = [EventReader(p) for p in procs]
    outcomes = [r.finish(timeout=120) for r in readers]
    codes = sorted(rc for rc, _ in outcomes)
    assert codes == [0, 75], [r.other for r in readers]
    loser = readers[[rc for rc, _ in outcomes].index(75)]
    message = "".join(loser.other)
    assert "is locked by pipeline 'trang', pid" in message and "gave up after 0.5 s" in message
    assert not any(e["event"] == "run.start" for e in loser.events)  # it wrote nothing
    ids, runs = read_store(store)
    assert ids == set(urls) and [(r["status"], r["added"]) for r in runs] == [("completed", 6)]


def test_schedule_fires_on_its_interval_and_stops_cleanly_on_sigterm(tmp_path):
    folder = tmp_path / "bulletins"
    folder.mkdir()
    for a in ARTICLES[:2]:
        (folder / f"{a.slug}.txt").write_text("\n\n".join((a.title, *a.paragraphs)), encoding="utf-8")
    pipeline_file = write_pipeline(tmp_path, "dinh-ky", '''[[sources]]
folder = "bulletins"
glob = "*.txt"
[schedule]
interval = "1s"
''')
    store = tmp_path / "store"
    proc = kg_process("--store", str(store), "pipeline", "schedule", str(pipeline_file), "--log-format", "json")
    reader = EventReader(proc)
    ends = reader.wait_for(lambda e: e["event"] == "run.end", count=3)
    proc.send_signal(signal.SIGTERM)
    rc, _ = reader.finish(timeout=20)
    assert rc == 0, reader.other
    names = [e["event"] for e in reader.events]
    assert "schedule.start" in names and names[-1] == "schedule.stop"
    assert [e["status"] for e in ends[:3]] == ["completed"] * 3
    assert [e["added"] for e in ends[:3]] == [2, 0, 0]

    _, runs = read_store(store)
    assert len(runs) >= 3 and all(r["status"] == "completed" for r in runs)
    starts = sorted(datetime.fromisoformat(str(r["start"]).replace("Z", "+00:00")) for r in runs)
    gaps = [(b - a).total_seconds() for a, b in zip(starts, starts[1:])]
    assert all(0.7 <= g <= 3.0 for g in gaps), gaps  # the interval, not a busy loop


def test_sigterm_during_a_scheduled_run_stops_between_bulletins(tmp_path, site):
    pipeline_file, urls = pages_pipeline(tmp_path, site, ARTICLES[:8], name="dung",
                                         extra='[schedule]\ninterval = "1h"\n')
    store = tmp_path / "store"
    site.delay = 0.3
    proc = kg_process("--store", str(store), "pipeline", "schedule", str(pipeline_file), "--log-format", "json")
    reader = EventReader(proc)
    reader.wait_for(lambda e: e["event"] == "batch.written", count=2)
    proc.send_signal(signal.SIGTERM)
    rc, _ = reader.finish(timeout=20)
    assert rc == 0, reader.other
    (end,) = reader.wait_for(lambda e: e["event"] == "run.end")
    assert end["status"] == "stopped" and 2 <= end["added"] < len(urls)

    ids, runs = read_store(store)
    assert [(r["status"], r["added"]) for r in runs] == [("stopped", end["added"])]
    assert len(ids) == end["added"]
    s = GraphStore(store, read_only=True)
    for i in ids:  # every bulletin written is whole: its ledger entry is there
        assert s.ledger_entry(i) is not None
    del s
    site.delay = 0
    rest = execute(load_pipeline(pipeline_file), store_override=store)
    assert (rest.record.counts["added"], rest.record.counts["unchanged"]) == (len(urls) - len(ids), len(ids))
