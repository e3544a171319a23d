"""Output grows with the input, not with its square: evidence keeps a bounded window of its sentence
and a bounded quote, and a text too long for one spaCy Doc is read in segments instead of lost."""

from __future__ import annotations

import json
import random

import pyoxigraph as ox
import pytest

from kg.ingest import bulletin_graph, prepare
from kg.nlp import pipeline as nlp_pipeline
from kg.nlp.to_records import QUOTE_LIMIT
from kg.rdf.evidence import SENTENCE_LIMIT, evidence_sentence
from kg.reading.sources import finish
from kg.records import Bulletin


def attendee_list(chars: int, seed: int = 1) -> str:
    rng = random.Random(seed)
    family, middle, given = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng"], ["Văn", "Thị", "Đức", "Minh"], \
        ["Hùng", "Lan", "Nam", "Sơn", "Hà", "Bình", "Tâm"]
    titles = ["Phó Chủ tịch UBND huyện", "Bí thư Đảng ủy xã", "Trưởng phòng Nội vụ", "Chủ tịch Hội Nông dân tỉnh"]
    people = []
    while sum(map(len, people)) < chars:
        people.append(f"{rng.choice(family)} {rng.choice(middle)} {rng.choice(given)} {rng.choice(given)}, "
                      f"{rng.choice(titles)}")
    return "Hội nghị tổng kết\n\nDự Hội nghị tổng kết có các đồng chí: " + "; ".join(people)


def document_list(chars: int) -> str:
    numbers, i = [], 1
    while sum(len(n) + 2 for n in numbers) < chars:
        numbers.append(f"{i}/QĐ-UBND")
        i += 1
    return "Triển khai các quyết định\n\nThực hiện các Quyết định số " + ", ".join(numbers) + " của UBND tỉnh"


def bulletin(text: str, ident: str = "b") -> Bulletin:
    b = Bulletin(id=ident, raw_text=text, origin=ident)
    finish(b)
    return prepare(b)


def nquads_size(text: str) -> int:
    return len(ox.serialize(bulletin_graph(bulletin(text)).quads, format=ox.RdfFormat.N_QUADS))


def test_an_ordinary_sentence_is_kept_whole():
    text = "Sáng 5/6, Tỉnh ủy tổ chức Hội nghị. Đồng chí Lại Văn Hanh chủ trì Hội nghị.\nCác tin khác"
    start = text.index("Lại")
    assert evidence_sentence(text, start, start + 12) == "Đồng chí Lại Văn Hanh chủ trì Hội nghị."


def test_a_sentence_without_end_is_cut_to_a_window_at_clause_boundaries():
    text = attendee_list(20_000)
    start = text.index(";", 10_000) + 2
    end = text.index(",", start)
    window = evidence_sentence(text, start, end)
    assert len(window) <= SENTENCE_LIMIT and text[start:end] in window
    before = text[text.index(window) - 2:text.index(window)]
    assert before.strip() in {";", ",", ":"}, before  # begins at a clause


@pytest.mark.parametrize("make", [attendee_list, document_list])
def test_output_grows_linearly_with_a_list_that_has_no_sentence_end(make):
    small, large = make(8_000), make(32_000)
    per_char_small = nquads_size(small) / len(small.encode())
    per_char_large = nquads_size(large) / len(large.encode())
    assert per_char_large < 1.3 * per_char_small, (per_char_small, per_char_large)
    assert per_char_large < 300  # before: the sentence (the whole list) stored once per evidence


def test_a_long_list_span_is_quoted_by_its_head_and_tail(tmp_path):
    from click.testing import CliRunner

    from kg.cli import main

    path = tmp_path / "documents.txt"
    path.write_text(document_list(30_000), encoding="utf-8")
    result = CliRunner().invoke(main, ["extract", str(path)])
    assert result.exit_code == 0
    # ~600 bytes of indented JSON per cited number; whole quotes made it 4,300 times the input at 59 kB
    assert len(result.output) < 60 * len(path.read_bytes())
    documents = json.loads(result.output)["documents"]
    assert len(documents) > 2000
    quote = documents[0]["evidence"][0]["quote"]
    assert len(quote) <= QUOTE_LIMIT + 3 and " … " in quote and quote.startswith("Quyết định số 1/QĐ-UBND")


def _long_text(paragraphs: int) -> str:
    filler = [f"Đoạn {i}: địa phương tiếp tục thực hiện tốt công tác chung trong năm." for i in range(paragraphs)]
    last = "Đồng chí Trần Văn Cuối - Phó Bí thư Tỉnh ủy Lào Cai phát biểu. Thực hiện Kế hoạch số 99-KH/TU."
    return "\n\n".join(["Hội nghị tổng kết", "Sáng 5/6, Ban Thường vụ Tỉnh ủy Lào Cai tổ chức Hội nghị tổng kết.",
                        *filler, last])


def test_segments_give_the_records_of_the_whole_text_with_offsets_into_it(monkeypatch):
    text = _long_text(300)
    whole = nlp_pipeline.extract(bulletin(text))
    monkeypatch.setattr(nlp_pipeline, "SEGMENT_CHARS", 4_000)
    assert len(nlp_pipeline.segments(text, 4_000)) > 4
    cut = bulletin(text)
    parts = nlp_pipeline.extract(cut)
    assert {d.number for d in parts.documents} == {d.number for d in whole.documents} == {"99-KH/TU"}
    assert {o.name for o in parts.officials} == {o.name for o in whole.officials}
    for o in parts.officials:
        for e in o.evidence:
            assert cut.text[e.start:e.end] == e.quote
    (batched,) = nlp_pipeline.extract_many([bulletin(text)])
    assert [d.evidence for d in batched.documents] == [d.evidence for d in parts.documents]


def test_a_text_over_a_million_characters_is_ingested(run_kg, tmp_path):
    text = _long_text(15_000)
    assert len(text) > 1_000_000
    path = tmp_path / "long.txt"
    path.write_text(text, encoding="utf-8")
    result = run_kg("ingest", str(path), "--max-bytes", "5000000", "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["ingested"] == 1
    found = run_kg("query", "SELECT ?s ?e WHERE { GRAPH ?g { ?x bkg:documentNumber \"99-KH/TU\" ; bkg:evidence ?ev . "
                            "?ev bkg:startOffset ?s ; bkg:endOffset ?e } }", "--format", "json")
    (row,) = json.loads(found.output)
    assert text.index("Kế hoạch số 99-KH/TU") - 2 <= row["s"] and row["e"] <= len(text)
