"""`kg ingest` marks each bulletin with bkg:partyGovernment, and `--political-only` leaves other
news out, counting it without calling it an error. Real titles and leads from the development
labels (tests/gold-political/dev.tsv), ingested into a real Oxigraph store."""

from __future__ import annotations

import json

from kg.ingest import ingest
from kg.store import GraphStore

PARTY_GOVERNMENT = "https://w3id.org/bulletin-kg/ontology#partyGovernment"

BULLETIN = {  # dev.tsv, corpus id 22602426: P
    "id": "22602426", "title": "Khai mạc Hội nghị Ban Chấp hành Trung ương Đoàn lần thứ 11",
    "text": "Sáng 24/6, Hội nghị Ban Chấp hành Trung ương Đoàn lần thứ 11 (Khóa X) đã khai mạc tại Thành phố "
            "Hồ Chí Minh.\nCác đồng chí Lê Quốc Phong, Ủy viên dự khuyết Trung ương Đảng, Bí thư thứ nhất Trung "
            "ương Đoàn; Nguyễn Mạnh Dũng, Bí thư Thường trực Trung ương Đoàn đồng chủ trì hội nghị."}
OTHER_NEWS = {  # dev.tsv, corpus id 22532801: N
    "id": "22532801", "title": "Giá vàng hôm nay 15/6: Diễn biến bất ngờ, vàng tăng vọt",
    "text": "Giá vàng hôm nay 15/6 quay đầu tăng vọt sau 5 phiên giảm liên tiếp sau khi giới đầu tư đón nhận những "
            "biến bất ngờ tại Mỹ.\nTới đầu giờ sáng 15/6 (giờ Việt Nam), giá vàng thế giới giao ngay đứng ở mức "
            "1.277,6 USD/ounce, tăng khoảng 16 USD so với phiên liền trước."}


def _jsonl(tmp_path, *records) -> str:
    path = tmp_path / "articles.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return str(path)


def _flags(store: GraphStore) -> dict[str, object]:
    """Each bulletin's flag, by corpus id (the last segment of its IRI)."""
    rows = store.select(f"SELECT ?b ?flag WHERE {{ GRAPH ?g {{ ?b <{PARTY_GOVERNMENT}> ?flag }} }}")
    return {str(r["b"]).rstrip("/").rsplit("/", 1)[-1]: r["flag"] for r in rows}


def test_every_ingested_bulletin_says_whether_it_is_a_party_government_bulletin(tmp_path):
    store = GraphStore(tmp_path / "store")
    summary = ingest([_jsonl(tmp_path, BULLETIN, OTHER_NEWS)], store, processes=1)
    assert summary.ingested == 2 and summary.not_political == 0
    flags = _flags(store)
    store.close()
    assert flags == {"22602426": True, "22532801": False}


def test_the_flag_is_a_typed_boolean_in_the_bulletin_graph(tmp_path):
    store = GraphStore(tmp_path / "store")
    ingest([_jsonl(tmp_path, BULLETIN)], store, processes=1)
    rows = store.select(f"SELECT ?g ?flag WHERE {{ GRAPH ?g {{ ?b <{PARTY_GOVERNMENT}> ?flag }} "
                        "FILTER(DATATYPE(?flag) = <http://www.w3.org/2001/XMLSchema#boolean>) }")
    store.close()
    assert len(rows) == 1 and str(rows[0]["g"]).endswith("22602426")


def test_political_only_leaves_other_news_out_and_counts_it(tmp_path, run_kg):
    path = _jsonl(tmp_path, BULLETIN, OTHER_NEWS)
    result = run_kg("ingest", path, "--political-only", "--json")
    assert result.exit_code == 0, result.output  # other news is not an error
    summary = json.loads(result.output)
    assert (summary["read"], summary["ingested"], summary["not_political"], summary["skipped"]) == (2, 1, 1, [])
    store = GraphStore(run_kg.store_dir, read_only=True)
    try:
        assert _flags(store) == {"22602426": True}
    finally:
        store.close()
    again = json.loads(run_kg("ingest", path, "--political-only", "--json").output)
    assert (again["unchanged"], again["ingested"], again["not_political"]) == (1, 0, 1)  # idempotent


def test_political_only_is_reported_in_the_plain_summary(tmp_path, run_kg):
    result = run_kg("ingest", _jsonl(tmp_path, OTHER_NEWS), "--political-only")
    assert result.exit_code == 0, result.output
    assert "not political (left out by --political-only): 1" in result.output
    assert "ingested: 0" in result.output
