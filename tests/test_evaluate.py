"""The scorer: matching rules, and the real `kg eval` over a gold folder and a corpus file."""

import gzip
import json

from click.testing import CliRunner

from kg.cli import main
from kg.evaluate import norm, position_match, unit_match


def test_normalisation_and_matching_rules():
    assert norm("Chủ tịch UBND tỉnh") == norm("Chủ tịch Ủy ban nhân dân tỉnh")
    assert norm("Hoà Bình, Uỷ ban") == norm("Hòa Bình Ủy ban")
    assert position_match("Thủ tướng", "Thủ tướng Chính phủ")
    assert position_match("Bí thư Tỉnh ủy Lào Cai", "Bí thư Tỉnh ủy Lào Cai.")
    assert not position_match("Bí thư", "Phó Bí thư Tỉnh ủy")
    assert unit_match("lớp", "lớp bồi dưỡng lý luận chính trị")
    assert not unit_match("đảng viên", "lượt đảng viên")


def test_kg_eval_scores_and_lists_errors(tmp_path, seed_path):
    text = seed_path.read_text(encoding="utf-8")
    corpus = tmp_path / "c.jsonl.gz"
    with gzip.open(corpus, "wt", encoding="utf-8") as fh:
        fh.write(json.dumps({"id": "seed", "title": "", "text": text}, ensure_ascii=False) + "\n")
    gold = tmp_path / "gold"
    gold.mkdir()
    (gold / "seed.json").write_text(json.dumps({
        "id": "seed",
        "events": [{"kind": "conference", "date": "2018-06-01",
                    "organizers": ["Ban Thường vụ Đảng ủy khối các cơ quan tỉnh"], "chaired_by": ["Lại Văn Hanh"]}],
        "documents": [{"type": "resolution", "number": "22-NQ/TW"}, {"type": "plan", "number": "67-KH/TU"},
                      {"type": "directive", "number": "03-CT/TW"}, {"type": "directive", "number": "99-CT/TW"}],
        "officials": [{"name": "Phạm Sỹ Lợi", "positions": ["Phó Bí thư Thường trực Tỉnh ủy"]}],
        "statistics": [{"value": 1372, "unit": "quần chúng ưu tú"}],
    }, ensure_ascii=False), encoding="utf-8")
    result = CliRunner().invoke(main, ["eval", str(gold), "--corpus", str(corpus), "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    docs = report["scores"]["documents"]
    assert (docs["tp"], docs["fn"], docs["fp"]) == (3, 1, 1)  # 99-CT/TW missed, 05-CT/TW not in this gold
    assert "seed: 99-ct/tw" in docs["misses"]
    assert report["scores"]["chairs"]["f1"] == 1.0
    assert report["scores"]["officials"]["tp"] == 1 and report["scores"]["officials"]["fp"] == 1
    table = CliRunner().invoke(main, ["eval", str(gold), "--corpus", str(corpus)])
    assert "documents" in table.output and "MISS" in table.output


def test_gold_files_follow_the_documented_shape():
    from pathlib import Path

    for folder in ("gold", "gold-heldout"):
        for path in sorted((Path(__file__).parent / folder).glob("*.json")):
            g = json.loads(path.read_text(encoding="utf-8"))
            assert g["id"] == path.stem
            for key in ("events", "documents", "officials", "statistics"):
                assert isinstance(g[key], list), (path, key)
            for s in g["statistics"]:
                assert isinstance(s["value"], (int, float)) and isinstance(s["unit"], str), path


def test_extraction_on_the_gold_set_meets_its_targets(corpus_path):
    """The figures the README quotes; skipped when the corpus is not beside the repo."""
    from pathlib import Path

    from kg.evaluate import evaluate

    report = evaluate(Path(__file__).parent / "gold", corpus_path, assume_year=2017)
    f1 = {k: v["f1"] for k, v in report["scores"].items()}
    assert report["bulletins"] >= 40
    assert f1["documents"] >= 0.97
    assert f1["officials"] >= 0.90
    assert f1["statistics"] >= 0.85
    assert f1["chairs"] >= 0.80 and f1["organizers"] >= 0.80
    assert f1["positions"] >= 0.84
