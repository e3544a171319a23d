"""Scoring facts of other kinds against a gold folder (kg.evaluate_facts), strict and lenient."""

import json

from kg.evaluate_facts import evaluate_facts

TEXT = ("Tin kỷ luật\n\nỦy ban Kiểm tra Trung ương quyết định thi hành kỷ luật bà Phan Thị Mỹ Thanh bằng hình "
        "thức cảnh cáo. Sở Tài nguyên và Môi trường tỉnh Kon Tum đã kỷ luật cảnh cáo ông Diệp Xuân Vinh.")


def _gold(tmp_path, rows):
    (tmp_path / "corpus.jsonl").write_text(json.dumps({"id": "a1", "title": "Tin kỷ luật", "text": TEXT},
                                                      ensure_ascii=False) + "\n", encoding="utf-8")
    gold = tmp_path / "gold"
    gold.mkdir()
    (gold / "articles.tsv").write_text("id\tline\tmeasures\na1\t1\t2\n", encoding="utf-8")
    (gold / "disciplinary_measure.tsv").write_text(
        "id\tperson\tmeasure\tbody\n" + "".join("\t".join(r) + "\n" for r in rows), encoding="utf-8")
    return gold, tmp_path / "corpus.jsonl"


def test_facts_are_scored_on_their_key_fields_and_on_every_field(tmp_path):
    gold, corpus = _gold(tmp_path, [("a1", "Phan Thị Mỹ Thanh", "warning", "Ủy ban Kiểm tra Trung ương"),
                                    ("a1", "Diệp Xuân Vinh", "warning", "Sở Tài nguyên và Môi trường")])
    report = evaluate_facts(gold, corpus)["kinds"]["disciplinary_measure"]
    assert report["key"]["strict"]["f1"] == 1.0
    # The second body is written shorter in the gold: wrong under exact matching, right under lenient.
    assert report["all"]["strict"]["tp"] == 1 and report["all"]["strict"]["fn"] == 1
    assert report["all"]["lenient"]["tp"] == 2


def test_a_fact_the_gold_does_not_hold_is_a_false_alarm(tmp_path):
    gold, corpus = _gold(tmp_path, [("a1", "Phan Thị Mỹ Thanh", "warning", "Ủy ban Kiểm tra Trung ương")])
    key = evaluate_facts(gold, corpus)["kinds"]["disciplinary_measure"]["key"]["strict"]
    assert (key["tp"], key["fp"], key["fn"]) == (1, 1, 0)
    assert key["false_alarms"] == ["a1 | Diệp Xuân Vinh | warning"]
