"""Bad inputs, alone and beside good ones: each costs its own article only (reported with file, line
and field), the good ones are all stored, and `kg ingest` exits 3 when anything was skipped."""

from __future__ import annotations

import gzip
import json
import os
import threading
import unicodedata

import pytest

from kg.reading.sources import Skipped, read_sources
from kg.records import Bulletin

GOOD = "Sáng 5/6, Tỉnh ủy Lào Cai tổ chức Hội nghị tổng kết 10 năm thực hiện Nghị quyết số 22-NQ/TW."


def _line(ident: str, **fields) -> str:
    return json.dumps({"id": ident, "title": f"Bài {ident}", "text": GOOD, **fields}, ensure_ascii=False)


def _stored_ids(store_dir) -> set[str]:
    from kg.store import GraphStore

    store = GraphStore(store_dir, read_only=True)
    try:
        return set(store.bulletin_ids())
    finally:
        store.close()


def _good_file(tmp_path, name="good.txt"):
    path = tmp_path / name
    path.write_text(f"Hội nghị tổng kết\n\n{GOOD}\n", encoding="utf-8")
    return path


def _surrogate_jsonl(tmp_path):
    path = tmp_path / "surrogate.jsonl"
    # The JSON escape is written as text: json.dumps would refuse to encode the lone surrogate itself.
    bad_text = '{"id": "s2", "title": "Bài s2", "text": "Hội nghị \\ud800 tổng kết."}'
    bad_title = '{"id": "s3", "title": "\\udfff", "text": "Hội nghị tổng kết."}'
    path.write_text("\n".join([_line("s1"), bad_text, bad_title, _line("s4")]) + "\n", encoding="utf-8")
    return path


def _broken_gzip(tmp_path, lines=400):
    path = tmp_path / "broken.jsonl.gz"
    raw = "".join(_line(f"z{i}", url=f"https://example.org/{i}") + "\n" for i in range(lines)).encode()
    data = bytearray(gzip.compress(raw, compresslevel=1))
    middle = len(data) // 2
    data[middle:middle + 64] = b"\xff" * 64  # corrupt from the middle on
    path.write_bytes(bytes(data))
    return path


def test_a_lone_surrogate_escape_skips_that_line_naming_line_and_field(tmp_path):
    path = _surrogate_jsonl(tmp_path)
    items = list(read_sources([path]))
    assert [b.id for b in items if isinstance(b, Bulletin)] == ["s1", "s4"]
    skipped = {s.origin: s.reason for s in items if isinstance(s, Skipped)}
    assert '"text" holds a lone surrogate' in skipped[f"{path}:2"] and "\\ud800" in skipped[f"{path}:2"]
    assert '"title" holds a lone surrogate' in skipped[f"{path}:3"]


def test_a_gzip_corrupted_mid_stream_keeps_what_came_before_and_says_where_it_stopped(tmp_path):
    path = _broken_gzip(tmp_path)
    items = list(read_sources([path]))
    read = [b.id for b in items if isinstance(b, Bulletin)]
    stop = items[-1]
    # Deflate has no checksum before the end: the lines just before the break may come out garbled
    # (and be skipped as such); those well before it are intact.
    assert {f"z{i}" for i in range(100)} <= set(read) and len(read) < 400
    line = int(stop.origin.rsplit(":", 1)[1])
    assert isinstance(stop, Skipped) and "breaks off" in stop.reason and "before it were read" in stop.reason
    assert line > len(read)


def test_a_fifo_is_refused_without_blocking(tmp_path):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    good = _good_file(tmp_path)
    out: list = []
    reader = threading.Thread(target=lambda: out.extend(read_sources([fifo, good, tmp_path])), daemon=True)
    reader.start()
    reader.join(timeout=120)
    assert not reader.is_alive(), "reading a FIFO blocked"
    skipped = [s for s in out if isinstance(s, Skipped)]
    assert {s.origin for s in skipped} == {str(fifo)} and len(skipped) == 2  # named, and found in the folder
    assert all("FIFO" in s.reason for s in skipped)
    assert [b.id for b in out if isinstance(b, Bulletin)] == ["good", "good"]


def test_project_files_and_source_code_are_not_bulletins(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "README.md").write_text("# Bộ dữ liệu\n\nHội nghị mẫu.\n", encoding="utf-8")
    (folder / "LICENSE").write_text("MIT License\n", encoding="utf-8")
    (folder / "convert.py").write_text("print('Hội nghị')\n", encoding="utf-8")
    _good_file(folder, "a1.txt")
    _good_file(folder, "a2")
    items = list(read_sources([folder]))
    assert [b.id for b in items if isinstance(b, Bulletin)] == ["a1", "a2"] and len(items) == 2
    (named,) = read_sources([folder / "README.md"])
    assert isinstance(named, Skipped) and "not a bulletin file" in named.reason


def test_nfc_and_nfd_file_names_are_one_bulletin(tmp_path):
    name = "Hội nghị Tỉnh ủy"
    _good_file(tmp_path, unicodedata.normalize("NFC", name) + ".txt")
    _good_file(tmp_path, unicodedata.normalize("NFD", name) + ".txt")
    ids = {b.id for b in read_sources([tmp_path]) if isinstance(b, Bulletin)}
    assert ids == {unicodedata.normalize("NFC", name)}


@pytest.mark.parametrize("date", ["2017-02-29", "31/04/2017", "2017-13-01"])
def test_an_impossible_bulletin_date_leaves_the_bulletin_undated(run_kg, tmp_path, date):
    path = tmp_path / "dated.jsonl"
    path.write_text(_line("d1", date=date) + "\n", encoding="utf-8")
    result = run_kg("ingest", str(path), "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["ingested"] == 1


def test_an_impossible_date_line_leaves_the_bulletin_undated(run_kg, tmp_path):
    from kg.reading.clean import clean_bulletin

    path = tmp_path / "dateline.txt"
    path.write_text(f"Ngày 31/02/2018\n\nHội nghị tổng kết\n\n{GOOD}\n", encoding="utf-8")
    (b,) = read_sources([path])
    clean_bulletin(b)
    assert b.date is None and not b.text.startswith("Ngày 31/02")
    result = run_kg("ingest", str(path), "--json")
    assert result.exit_code == 0 and json.loads(result.output)["ingested"] == 1, result.output


def test_each_bad_input_alone_exits_3(run_kg, tmp_path):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    readme = tmp_path / "README.md"
    readme.write_text("# notes\n", encoding="utf-8")
    for bad in (_surrogate_jsonl(tmp_path), _broken_gzip(tmp_path), fifo, readme, tmp_path / "typo.txt"):
        result = run_kg("ingest", str(bad))
        assert result.exit_code == 3, (bad, result.output)
        assert f"skipped {bad}" in result.output


def test_bad_inputs_mixed_with_good_ones_store_every_good_one_and_exit_3(run_kg, tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    before = _good_file(tmp_path, "before.txt")
    dated = tmp_path / "dated.jsonl"
    dated.write_text("\n".join(_line(f"d{i}", date=d) for i, d in enumerate(["2017-02-29", "31/04/2017"])) + "\n",
                     encoding="utf-8")
    dateline = tmp_path / "dateline.txt"
    dateline.write_text(f"Ngày 31/02/2018\n\n{GOOD}\n", encoding="utf-8")
    after = _good_file(tmp_path, "after.txt")
    broken = _broken_gzip(tmp_path)
    paths = [before, _surrogate_jsonl(tmp_path), broken, fifo, tmp_path / "typo.txt", dated, dateline, after]
    result = run_kg("ingest", *map(str, paths), "--json")
    assert result.exit_code == 3, result.output
    summary = json.loads(result.output)
    stored = _stored_ids(run_kg.store_dir)
    assert {"before", "after", "dateline", "s1", "s4", "d0", "d1"} <= stored
    assert {f"z{i}" for i in range(100)} <= stored
    reasons = {s["origin"]: s["reason"] for s in summary["skipped"]}
    assert str(fifo) in reasons and str(tmp_path / "typo.txt") in reasons
    assert any(o.startswith(f"{broken}:") for o in reasons)
    # The same run again: the good ones are unchanged, the bad ones reported again, still exit 3.
    again = run_kg("ingest", *map(str, paths), "--json")
    assert again.exit_code == 3 and json.loads(again.output)["unchanged"] == summary["ingested"]


def test_all_good_inputs_exit_0(run_kg, tmp_path):
    result = run_kg("ingest", str(_good_file(tmp_path)))
    assert result.exit_code == 0, result.output
    assert run_kg("ingest", str(_good_file(tmp_path))).exit_code == 0  # unchanged


def test_a_pipeline_quarantines_bad_lines_and_every_firing_completes(tmp_path):
    from test_pipeline_helpers import write_pipeline

    from kg.pipelines import execute, load_pipeline

    data = tmp_path / "data"
    data.mkdir()
    _broken_gzip(data)
    _surrogate_jsonl(data).rename(data / "surrogate.jsonl")
    (data / "dated.jsonl").write_text(_line("d0", date="2017-02-29") + "\n", encoding="utf-8")
    body = '''name = "dump"
publisher = "Báo mẫu"
[[sources]]
jsonl = "data/*.jsonl*"
[store]
path = "store"
'''
    pipeline = load_pipeline(write_pipeline(tmp_path, "dump", body))
    first = execute(pipeline)
    assert first.record.status == "completed"
    reasons = [q.reason for q in first.quarantined]
    assert any("breaks off" in r for r in reasons) and sum("lone surrogate" in r for r in reasons) == 2
    assert {"s1", "s4", "d0", "z0", "z99"} <= _stored_ids(tmp_path / "store")
    second = execute(pipeline)  # the next scheduled firing meets the same lines and completes again
    assert second.record.status == "completed" and second.record.counts["added"] == 0
    assert second.record.counts["quarantined"] == first.record.counts["quarantined"]


def test_a_pipeline_folder_passes_over_files_that_are_not_bulletins(tmp_path):
    from test_pipeline_helpers import write_pipeline

    from kg.pipelines import execute, load_pipeline

    folder = tmp_path / "in"
    folder.mkdir()
    _good_file(folder, "a1.txt")
    (folder / "README.md").write_text("# Thư mục bài\n", encoding="utf-8")
    (folder / "fetch.py").write_text("print(1)\n", encoding="utf-8")
    body = 'name = "folder"\n[[sources]]\nfolder = "in"\n[store]\npath = "store"\n'
    result = execute(load_pipeline(write_pipeline(tmp_path, "folder", body)))
    assert (result.record.counts["added"], result.record.counts["quarantined"]) == (1, 0)


def test_article_names_that_look_like_words_are_still_bulletins(tmp_path):
    for name in ("notice.txt", "history.txt", "readme-2017-hoi-nghi.txt"):
        _good_file(tmp_path, name)
    ids = sorted(b.id for b in read_sources([tmp_path]) if isinstance(b, Bulletin))
    assert ids == ["history", "notice", "readme-2017-hoi-nghi"]
