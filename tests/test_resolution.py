"""Entity resolution (kg.resolution): one node per real person, body, document and event across
bulletins; namesakes apart on conflicting evidence; places never organizations; curation wins;
re-resolution idempotent; the cluster gold set scored."""

import json
from pathlib import Path

import pytest

from kg.entities import list_entities
from kg.ingest import ingest
from kg.nlp.pipeline import extract
from kg.records import Bulletin
from kg.resolution import resolve_store
from kg.resolution.clusters import (
    DocumentMention,
    EventMention,
    OfficialMention,
    cluster_documents,
    cluster_events,
    cluster_officials,
    fold_name,
)
from kg.resolution.evaluate import bcubed, evaluate_entities, pairwise
from kg.resolution.mentions import defined_abbreviations, fragment_reason, infer_province, resolve_mentions
from kg.resolution.places import country_code, country_in, is_place_name
from kg.store import GraphStore

FIXTURES = Path(__file__).parent / "fixtures"
GOLD_ENTITIES = Path(__file__).parent / "gold-entities"


def _m(graph, name, home=None, context=None):
    return OfficialMention(f"urn:g:{graph}", f"urn:p:{graph}:{name}", name, home, context)


def _iris(clusters):
    return {m.graph.rsplit(":", 1)[-1]: c.iri for c in clusters for m in c.members}


# -- places ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["Tây Ban Nha", "Mỹ", "Trường Sa", "Đài Loan", "tỉnh Lào Cai", "Hà Nội", "Biển Đông"])
def test_places_are_places(name):
    assert is_place_name(name)


@pytest.mark.parametrize("name", ["Bộ Y tế", "Ban Nha", "Tỉnh ủy Lào Cai", "Quốc hội"])
def test_bodies_are_not_places(name):
    assert not is_place_name(name)


def test_countries_in_posts_but_not_provinces_or_lower_case_words():
    assert country_in("Tổng thống Mỹ") == "US" and country_code("Hoa Kỳ") == "US"
    assert country_in("Bộ trưởng Ngoại giao Liên bang Nga") == "RU"
    assert country_in("Phó Chủ tịch UBND tỉnh Lào Cai") is None  # not Laos
    assert country_in("cho ý kiến về") is None


# -- officials ------------------------------------------------------------------------------------

def test_one_person_nationwide_when_nothing_conflicts():
    clusters = cluster_officials([_m(1, "Donald Trump", "c-us"), _m(2, "Donald Trump"), _m(3, "Donald Trump", "c-cn"),
                                  *[_m(i, "Donald Trump") for i in range(4, 11)]])
    assert len(clusters) == 1 and clusters[0].bulletins == 10


def test_namesakes_in_two_provinces_stay_two_and_unknowns_follow_their_bulletin():
    clusters = cluster_officials([_m(1, "Nguyễn Văn Hùng", "p-lao-cai"), _m(2, "Nguyễn Văn Hùng", "p-lao-cai"),
                                  _m(3, "Nguyễn Văn Hùng", "p-yen-bai"), _m(4, "Nguyễn Văn Hùng", None, "p-yen-bai"),
                                  _m(5, "Nguyễn Văn Hùng")])
    iris = _iris(clusters)
    assert len(clusters) == 2
    assert iris["1"] == iris["2"] == iris["5"] and iris["3"] == iris["4"] != iris["1"]
    assert "/person/p-yen-bai/" in iris["3"] and "namesakes" in next(c.reason for c in clusters if c.iri == iris["3"])


def test_a_spelling_variant_joins_only_on_agreeing_evidence_and_never_within_one_bulletin():
    common = [_m(i, "Nguyễn Đức Chung", "p-ha-noi") for i in range(1, 8)]
    clusters = cluster_officials(common + [_m(9, "Nguyễn Đức Chúng", "p-ha-noi")])
    assert len(clusters) == 1 and clusters[0].name == "Nguyễn Đức Chung"
    # A historical namesake ("Phạm Văn Đồng" beside "Phạm Văn Đông") says nothing that agrees: apart.
    assert len(cluster_officials([_m(1, "Phạm Văn Đông", "vn"), _m(2, "Phạm Văn Đông", "vn"), _m(3, "Phạm Văn Đồng")])) == 2
    both = cluster_officials([_m(1, "Lê Văn Thành"), _m(1, "Lê Văn Thanh")])
    assert len(both) == 2
    assert fold_name("Phạm Sỹ Quý") == fold_name("Phạm Sĩ Quý")


def test_resolution_of_the_same_mentions_gives_the_same_iris():
    mentions = [_m(1, "Nguyễn Văn Hùng", "p-lao-cai"), _m(2, "Nguyễn Văn Hùng", "p-yen-bai"), _m(3, "Nguyễn Văn Hùng")]
    assert _iris(cluster_officials(mentions)) == _iris(cluster_officials(list(reversed(mentions))))


# -- events and documents -------------------------------------------------------------------------

def _e(graph, label, date="2017-09-14", kind="session", orgs=(), place=None):
    return EventMention(f"urn:g:{graph}", f"urn:e:{graph}", kind, date, label, frozenset(orgs), place)


def test_one_session_reported_by_several_bulletins_is_one_event():
    reports = [_e(1, "Phiên họp thứ 14 của Ủy ban Thường vụ Quốc hội", orgs={"urn:o:ubtvqh"}),
               _e(2, "phiên họp thứ 14", orgs={"urn:o:ubtvqh"}),
               _e(3, "Phiên họp thứ 14 Ủy ban Thường vụ Quốc hội")]
    (event,) = cluster_events(reports)
    assert event.bulletins == 3 and event.iri.startswith("https://w3id.org/bulletin-kg/id/event/2017-09-14/")


def test_distinct_sessions_of_a_series_and_events_of_one_bulletin_stay_distinct():
    assert cluster_events([_e(1, "Phiên họp thứ 14", orgs={"urn:o:x"}), _e(2, "Phiên họp thứ 15", orgs={"urn:o:x"})]) == []
    same = [EventMention("urn:g:1", "urn:e:1a", "conference", "2017-05-02", "Hội nghị A", frozenset({"urn:o:x"})),
            EventMention("urn:g:1", "urn:e:1b", "conference", "2017-05-02", "Hội nghị B", frozenset({"urn:o:x"}))]
    assert cluster_events(same) == []
    assert cluster_events([_e(1, "Hội nghị", orgs={"urn:o:x"}), _e(2, "Hội nghị", date="2017-09-20", orgs={"urn:o:x"})]) == []


def test_a_numbered_document_splits_only_on_conflicting_dates():
    same = [DocumentMention(f"urn:g:{i}", "urn:d:67", "2018-04-13" if i < 3 else None, None) for i in range(5)]
    assert cluster_documents(same) == []
    other = same + [DocumentMention("urn:g:9", "urn:d:67", "2016-01-05", None)]
    parts = cluster_documents(other)
    assert sorted(c.iri for c in parts) == ["urn:d:67", "urn:d:67~2016-01-05"]


# -- a bulletin's own mentions --------------------------------------------------------------------

def _extraction(text, **meta):
    return extract(Bulletin(id=meta.pop("id", "t1"), raw_text=text, text=text, **meta))


def test_countries_and_provinces_are_never_organizations_and_fragments_are_dropped():
    text = "Đại sứ Tây Ban Nha làm việc với Bộ Y tế."
    x = _extraction(text)
    resolved = resolve_mentions(x)
    kept = [n for n, r in resolved.organizations.items() if r is not None]
    assert not any(is_place_name(n) or n == "Ban Nha" for n in kept)
    assert fragment_reason("Bộ Y", [], text) and fragment_reason("Ban Nha", [(text.index("Ban"), text.index("Ban") + 7)], text)
    assert fragment_reason("Bộ Y tế", [], text) is None


def test_abbreviations_a_bulletin_defines_are_its_own_aliases():
    assert defined_abbreviations("Ban Dân vận (BDV) Tỉnh ủy và Ủy ban Kiểm tra (UBKT) Huyện ủy") == {
        "BDV": "Ban Dân vận", "UBKT": "Ủy ban Kiểm tra"}


def test_a_bulletin_without_a_province_takes_the_one_its_bodies_name():
    x = _extraction("Sáng 5/3, Tỉnh ủy Lào Cai tổ chức hội nghị. UBND tỉnh Lào Cai báo cáo kết quả.")
    assert infer_province(x) == "Lào Cai"
    assert infer_province(_extraction("Hội nghị có đại biểu các tỉnh Lào Cai, Yên Bái, Hà Giang.")) is None


def test_another_countrys_constitution_is_not_vietnams():
    x = _extraction("Quốc hội Hàn Quốc sửa đổi Hiến pháp Hàn Quốc năm nay. Việt Nam thi hành Hiến pháp năm 2013.")
    iris = {d.name: r.iri for d, r in zip(x.documents, resolve_mentions(x).documents)}
    foreign = [iri for name, iri in iris.items() if "/c-kr/" in iri]
    assert foreign, iris


# -- over the store -------------------------------------------------------------------------------

@pytest.fixture()
def fixture_store(tmp_path):
    store = GraphStore(tmp_path / "store")
    ingest([str(p) for p in sorted((FIXTURES / "sparql").glob("*"))] + [str(FIXTURES / "bulletin-2018-06-01.txt")],
           store, processes=1)
    yield store
    store.close()


def test_the_seed_and_its_siblings_give_one_pham_sy_loi_and_one_plan_67(fixture_store):
    people = [e for e in list_entities(fixture_store, "official") if e.name == "Phạm Sỹ Lợi"]
    assert len(people) == 1 and people[0].bulletins >= 2
    rows = fixture_store.select("SELECT DISTINCT ?d WHERE { GRAPH ?g { ?d bkg:documentNumber '67-KH/TU' } }")
    assert len(rows) == 1


def test_re_resolution_of_an_unchanged_store_changes_nothing(fixture_store):
    before = set(fixture_store.quads())
    report = resolve_store(fixture_store)
    assert report.renamed == 0 and set(fixture_store.quads()) == before


def test_a_foreign_leader_in_ten_bulletins_is_one_node(tmp_path):
    path = tmp_path / "trump.jsonl"
    countries = ["Mỹ", "Mỹ", "Hoa Kỳ", "Mỹ", "Mỹ", "Mỹ", "Mỹ", "Mỹ", "Hoa Kỳ", "Mỹ"]
    with path.open("w", encoding="utf-8") as fh:
        for i, country in enumerate(countries):
            text = (f"Tổng thống {country} Donald Trump đã điện đàm với Thủ tướng Nhật Bản Shinzo Abe về tình hình "
                    f"khu vực lần thứ {i + 1}.")
            fh.write(json.dumps({"id": f"t{i}", "title": f"Điện đàm {i}", "text": text}, ensure_ascii=False) + "\n")
    store = GraphStore(tmp_path / "store")
    ingest([str(path)], store, processes=1)
    trump = [e for e in list_entities(store, "official") if e.name == "Donald Trump"]
    assert len(trump) == 1 and trump[0].bulletins == 10
    assert not [e for e in list_entities(store, "organization") if is_place_name(e.name)]
    store.close()


def test_curation_wins_over_the_computed_clusters(tmp_path):
    store = GraphStore(tmp_path / "store")
    ingest([str(FIXTURES / "merge" / "bulletins.jsonl")], store, processes=1)
    hung = sorted(e.iri for e in list_entities(store, "official") if e.name == "Nguyễn Văn Hùng")
    assert len(hung) == 2
    cur = tmp_path / "curation.toml"
    cur.write_text(f'[[same_as]]\nkeep = "{hung[0]}"\nmerge = "{hung[1]}"\nreason = "one person"\n', encoding="utf-8")
    from kg.resolution import settle

    settle(store, None, cur)
    again, _ = settle(store, None, cur)  # resolving again keeps the reviewed merge
    assert again.renamed == 0
    assert [e.iri for e in list_entities(store, "official") if e.name == "Nguyễn Văn Hùng"] == [hung[0]]
    store.close()


# -- scoring --------------------------------------------------------------------------------------

def test_pairwise_and_bcubed_scores():
    gold = {"a": 1, "b": 1, "c": 2, "d": 2}
    assert pairwise(gold, gold)["f1"] == bcubed(gold, gold)["f1"] == 1.0
    lumped = {k: "x" for k in gold}
    assert pairwise(lumped, gold)["precision"] == round(2 / 6, 3) and bcubed(lumped, gold)["recall"] == 1.0


def test_the_cluster_gold_set_is_resolved_to_target():
    report = evaluate_entities(GOLD_ENTITIES)
    officials, orgs = report["kinds"]["official"], report["kinds"]["organization"]
    assert officials["mentions"] >= 300 and orgs["mentions"] >= 200
    assert officials["bcubed"]["precision"] >= 0.98 and officials["bcubed"]["recall"] >= 0.95
    assert officials["pairwise"]["precision"] >= 0.98 and officials["pairwise"]["recall"] >= 0.95
    assert orgs["bcubed"]["precision"] >= 0.95 and orgs["bcubed"]["recall"] >= 0.90


def test_a_plenum_resolution_named_and_numbered_in_one_bulletin_joins_its_named_citations(tmp_path):
    path = tmp_path / "plenum.jsonl"
    texts = ["Hội nghị quán triệt Nghị quyết Trung ương 4 khóa XII (Nghị quyết số 04-NQ/TW) về xây dựng Đảng.",
             "Đảng bộ huyện sơ kết việc thực hiện Nghị quyết Trung ương 4 khóa XII trong năm qua."]
    with path.open("w", encoding="utf-8") as fh:
        for i, text in enumerate(texts):
            fh.write(json.dumps({"id": f"p{i}", "title": f"Bản tin {i}", "text": text}, ensure_ascii=False) + "\n")
    store = GraphStore(tmp_path / "store")
    ingest([str(path)], store, processes=1)
    rows = store.select("""SELECT DISTINCT ?d ?g WHERE { GRAPH ?g { ?d a bkg:Resolution ; rdfs:label ?l
                           FILTER(STR(?l) = "Nghị quyết Trung ương 4 khóa XII") } }""")
    assert len({r["d"] for r in rows}) == 1 and len({r["g"] for r in rows}) == 2
    assert store.select(f"SELECT ?n WHERE {{ GRAPH ?g {{ <{rows[0]['d']}> bkg:documentNumber ?n }} }}")[0]["n"] == "04-NQ/TW"
    store.close()


def test_documents_listed_side_by_side_stay_two():
    x = _extraction("Quán triệt Nghị quyết số 22-NQ/TW, Nghị quyết Trung ương 4 khóa XII và các chỉ thị.")
    iris = [r.iri for r in resolve_mentions(x).documents]
    assert len(set(iris)) == len(iris) == 2


def test_an_organization_keeps_one_preferred_label_across_bulletins(tmp_path):
    path = tmp_path / "ct.jsonl"
    texts = ["Bộ Công Thương tổ chức hội nghị về xuất khẩu.", "Bộ Công Thương chủ trì cuộc họp.",
             "Hôm qua, Bộ Công thương đã ban hành kế hoạch."]
    with path.open("w", encoding="utf-8") as fh:
        for i, text in enumerate(texts):
            fh.write(json.dumps({"id": f"c{i}", "title": f"Tin {i}", "text": text}, ensure_ascii=False) + "\n")
    store = GraphStore(tmp_path / "store")
    ingest([str(path)], store, processes=1)
    rows = store.select("SELECT DISTINCT ?o ?p WHERE { GRAPH ?g { ?o a bkg:Organization ; skos:prefLabel ?p } }")
    assert [r["p"] for r in rows] == ["Bộ Công Thương"]
    store.close()


def test_event_clusters_do_not_depend_on_the_order_or_the_iris_of_the_reports():
    reports = [_e(i, "Hội thảo khoa học quốc gia về biển đảo", date=f"2017-05-{10 + i % 2:02d}", kind="seminar",
                  orgs={"urn:o:x"}) for i in range(6)]
    first = {m.graph: c.iri for c in cluster_events(reports) for m in c.members}
    renamed = [EventMention(m.graph, first[m.graph], m.kind, m.date, m.label, m.organizers, m.place)
               for m in reversed(reports)]
    assert {m.graph: c.iri for c in cluster_events(renamed) for m in c.members} == first


def test_a_bulletins_province_places_only_posts_in_bodies_local_by_name():
    from kg.resolution.mentions import official_home

    assert official_home([("Trưởng ban", "Ban Tổ chức", "Trưởng ban Tổ chức Trung ương")], "Yên Bái") == "vn"
    assert official_home([("Phó tổng giám đốc", "BHXH", "Phó tổng giám đốc BHXH Việt Nam")], "Sóc Trăng") == "vn"
    assert official_home([("Chủ tịch", "Hội DN", "Chủ tịch Hội DN")], "Cần Thơ") is None
    assert official_home([("Phó Chủ tịch", "UBND xã Thạch Tiến", "Phó Chủ tịch UBND xã Thạch Tiến")], "Hà Tĩnh") == "p-ha-tinh"
    assert official_home([("Bí thư", "Tỉnh ủy Lào Cai", "Ủy viên Trung ương Đảng, Bí thư Tỉnh ủy Lào Cai")], None) == "p-lao-cai"


def test_ho_chi_minh_the_president_or_his_thought_is_no_province():
    from kg.resolution.places import names_the_president, provinces_named

    text = ("Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh. Đoàn TNCS Hồ Chí Minh TP HCM "
            "tổ chức tại thành phố Hồ Chí Minh và TP.HCM.")
    assert provinces_named(text) == ["Hồ Chí Minh", "Hồ Chí Minh", "Hồ Chí Minh"]  # TP HCM, thành phố ..., TP.HCM
    assert names_the_president("Đoàn TNCS Hồ Chí Minh") and not names_the_president("UBND TP Hồ Chí Minh")
