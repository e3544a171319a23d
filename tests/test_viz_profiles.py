"""Profiles and the faceted index, read from a real store: what each class lists, that every row
links to an anchor its bulletin page really has, how shards are cut, and how dates, undated rows and
bulletins not about Party or government work are handled. Expected values come from SPARQL over
the same store, not from the code under test."""

from __future__ import annotations

import json
import re

import pytest
from viz_tasks_store import NOT_POLITICAL, build_store

from kg.store import GraphStore
from kg.viz import paths
from kg.viz.facets import _month, entity_row, facet_files, statistic_rows
from kg.viz.profile_page import SHARD_DIR, profile_files, shard_count, shard_of
from kg.viz.profiles import local_id, read_catalog, span_start
from kg.viz.site import write_site


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    store = build_store(tmp_path_factory.mktemp("profiles") / "store")
    catalog = read_catalog(store)
    yield store, catalog
    store.close()


def _by_label(catalog, cls, label):
    found = [e for e in catalog.entities.values() if e.cls == cls and e.label == label]
    assert len(found) == 1, f"{len(found)} {cls} labelled {label!r}"
    return found[0]


def _section(entity, title):
    found = [s for s in entity.sections if s.title == title]
    return found[0] if found else None


def _ids(store, sparql):
    return sorted(str(r["id"]) for r in store.select(sparql))


def test_official_lists_posts_of_its_own_in_order_and_events_by_role(built):
    store, catalog = built
    binh = _by_label(catalog, "Official", "Nguyễn Văn Bình")
    posts = _section(binh, "Posts")
    stated = store.select(f"""SELECT DISTINCT ?label ?id WHERE {{ GRAPH ?g {{ ?p a bkg:Position ; org:member <{binh.iri}> ;
        bkg:positionLabel ?label }} GRAPH ?g {{ ?b a bkg:Bulletin ; schema:identifier ?id }} }}""")
    assert sorted((r.text, r.bulletin) for g in posts.groups for r in g.rows) == sorted(
        (str(s["label"]), str(s["id"])) for s in stated)
    firsts = [g.rows[0].date for g in posts.groups if g.rows[0].date]
    assert firsts == sorted(firsts)
    assert all(r.date is None for r in posts.groups[0].rows[-1:]) or posts.groups[0].rows[-1].date >= firsts[0]
    chaired = [g for g in _section(binh, "Events").groups if g.title == "Chaired"][0]
    expected = _ids(store, f"""SELECT DISTINCT ?id WHERE {{ GRAPH ?g {{ ?p bkg:participant <{binh.iri}> ;
        bkg:participationRole bkg:chaired }} GRAPH ?g {{ ?b a bkg:Bulletin ; schema:identifier ?id }} }}""")
    assert sorted(r.bulletin for r in chaired.rows) == expected and len(expected) == 2
    # The undated report goes last and is never given a date it does not have.
    assert chaired.rows[-1].date is None and chaired.rows[0].date == "2019-01-15"


def test_document_says_which_events_review_and_implement_it_and_who_cites_it(built):
    store, catalog = built
    resolution = _by_label(catalog, "Document", "Nghị quyết số 22-NQ/TW")
    reviewed = [r.bulletin for g in _section(resolution, "Reviewed at").groups for r in g.rows]
    expected = _ids(store, f"""SELECT DISTINCT ?id WHERE {{ GRAPH ?g {{ ?e bkg:reviews <{resolution.iri}> .
        ?b a bkg:Bulletin ; schema:identifier ?id }} }}""")
    assert sorted(reviewed) == expected and len(expected) >= 4
    plan = _by_label(catalog, "Document", "Kế hoạch số 67-KH/TU")
    assert _section(plan, "Reviewed at") is None
    assert [r.target for r in _section(plan, "Implemented by").groups[0].rows] != []
    cited = _section(resolution, "Cited by").groups[0].rows
    quotes = store.select(f"""SELECT ?q WHERE {{ GRAPH ?g {{ ?c bkg:citesDocument <{resolution.iri}> ;
        bkg:evidence ?e . ?e bkg:quote ?q }} }}""")
    assert sorted(r.text for r in cited) == sorted(str(q["q"]) for q in quotes)


def test_organization_lists_events_members_and_documents(built):
    _, catalog = built
    standing = [e for e in catalog.entities.values() if e.cls == "Organization" and e.label == "Ban Thường vụ Tỉnh ủy"
                and "Tỉnh Yên Bái" in e.provinces][0]
    titles = [s.title for s in standing.sections]
    assert titles[0] == "Events organized" and "Documents issued" in titles and titles[-1] == "Bulletins"
    committee = [e for e in catalog.entities.values() if e.label == "Tỉnh ủy" and "Tỉnh Yên Bái" in e.provinces
                 and _section(e, "Members by post")][0]
    members = _section(committee, "Members by post").groups
    assert "Bí thư Tỉnh ủy" in [g.title for g in members]


def test_event_lists_every_report_and_its_place_comes_from_its_organizer(built):
    _, catalog = built
    undated = _by_label(catalog, "Event", "Hội nghị quán triệt Nghị quyết số 22-NQ/TW")
    assert undated.provinces == {"Tỉnh Yên Bái"}
    assert [r.bulletin for r in _section(undated, "Bulletins").groups[0].rows] == sorted(undated.bulletins)
    assert [g.title for g in _section(undated, "Participants").groups] == ["Chaired", "Attended"]


def test_every_row_links_to_an_anchor_its_bulletin_page_has(built, tmp_path):
    store, catalog = built
    write_site(store, tmp_path)
    pages: dict[str, str] = {}
    checked = 0
    for e in catalog.entities.values():
        for s in e.sections:
            for g in s.groups:
                for r in g.rows:
                    if r.start is None:
                        continue
                    page = pages.setdefault(r.bulletin, (tmp_path / paths.bulletin_page(r.bulletin)).read_text("utf-8"))
                    assert f'id="ev-{r.start}"' in page, (e.label, s.title, r.text, r.bulletin, r.start)
                    checked += 1
    assert checked > 100
    assert (tmp_path / paths.PROFILE).exists() and (tmp_path / "browse.html").exists()


def test_each_entity_sits_in_the_shard_its_id_hashes_to(built):
    _, catalog = built
    files = profile_files(catalog)
    n = shard_count(len(catalog.entities))
    seen = {}
    for i in range(n):
        text = files[f"{SHARD_DIR}/{i}.js"]
        m = re.fullmatch(r"kgShard\((\d+),(.*)\);\n", text, re.DOTALL)
        assert m and int(m[1]) == i
        for local in json.loads(m[2])["e"]:
            assert shard_of(local, n) == i
            seen[local] = i
    assert sorted(seen) == sorted(local_id(iri) for iri in catalog.entities)
    assert shard_of("person/a", 1) == 0 and shard_count(401) == 4 and shard_count(34_529) == 256
    # FNV-1a of b"a" is 0xe40c292c (the published test vector), which profile.js must agree with.
    assert shard_of("a", 2**32 - 1) == 0xE40C292C % (2**32 - 1)


def test_bulletins_not_about_party_work_are_flagged_not_dropped(built):
    _, catalog = built
    assert catalog.bulletins[NOT_POLITICAL].political is False
    assert catalog.bulletins["yb-2018-04-02"].political is True  # as the classifier marked it
    only_there = [e for e in catalog.entities.values() if e.bulletins == {NOT_POLITICAL}]
    assert only_there and all(entity_row(e, catalog)[8] == 0 for e in only_there)
    shared = _by_label(catalog, "Document", "Nghị quyết số 22-NQ/TW")
    assert NOT_POLITICAL in shared.bulletins and entity_row(shared, catalog)[8] == 1
    sources, stats = statistic_rows(catalog)
    flags = {s[0]: s[4] for s in sources}
    assert flags.pop(paths.bulletin_page(NOT_POLITICAL)) == 0
    assert set(flags.values()) == {1}
    assert len(stats) == len(catalog.statistics)


def test_partial_and_missing_dates_never_get_a_month(built):
    _, catalog = built
    assert _month("2017-05-13") == "2017-05" and _month("2017-05") == "2017-05"
    assert _month("2017") is None and _month("--05-13") is None and _month(None) is None
    undated = _by_label(catalog, "Event", "Hội nghị quán triệt Nghị quyết số 22-NQ/TW")
    row = entity_row(undated, catalog)
    assert row[5] == [] and row[10] == 1
    dated = _by_label(catalog, "Event", "Hội nghị sơ kết việc thực hiện Nghị quyết số 22-NQ/TW")
    assert entity_row(dated, catalog)[5] == ["2019-01"]


def test_offsets_are_read_from_minted_iris_and_asked_for_otherwise():
    assert span_start("https://w3id.org/bulletin-kg/id/evidence/bulletin-2019-03-20/411-440") == 411
    assert span_start("https://w3id.org/bulletin-kg/id/statistic/21395276/0-12") == 0
    assert span_start("https://example.org/evidence/42") is None


def test_statistics_text_is_searchable_and_links_to_its_span(built):
    _, catalog = built
    files = facet_files(catalog)
    assert set(files) >= {"browse.html", "browse/entities.js", "browse/statistics-0.js"}
    sources, stats = statistic_rows(catalog)
    figure = [s for s in stats if "4.200" in s[0]]
    assert len(figure) == 1 and sources[figure[0][1]][0] == paths.bulletin_page("bulletin-2019-03-20")
    assert figure[0][2] == 528


def test_one_more_bulletin_changes_only_the_shards_of_what_it_names(tmp_path, monkeypatch):
    from viz_tasks_store import FIXTURES

    from kg.ingest import ingest
    from kg.viz import profile_page

    # many shards from a few bulletins, the same number before and after (16 and 18 entities: 16 shards);
    # a target that puts the two counts on either side of a power of two would re-cut every shard
    monkeypatch.setattr(profile_page, "SHARD_TARGET", 1.5)
    store = GraphStore(tmp_path / "store")
    ingest([str(p) for p in sorted((FIXTURES / "viz").glob("*.txt"))], store, province="Yên Bái")
    before = profile_files(read_catalog(store))
    ingest([str(FIXTURES / "profiles" / "bulletin-undated.txt")], store, province="Yên Bái")
    catalog = read_catalog(store)
    after = profile_files(catalog)
    n = shard_count(len(catalog.entities))
    assert sum(k.startswith(SHARD_DIR) for k in before) == n  # the same cut before and after
    touched = {shard_of(local_id(e.iri), n) for e in catalog.entities.values() if "bulletin-undated" in e.bulletins}
    changed = {int(k.split("/")[1][:-3]) for k in after if k.startswith(SHARD_DIR) and before.get(k) != after[k]}
    assert changed and changed <= touched and len(touched) < n / 2
    store.close()


def test_without_bulletin_pages_rows_name_their_bulletin_but_link_nowhere(built):
    from kg.viz.profile_page import entity_site

    store, _ = built
    files = entity_site(store, bulletin_pages=False)
    data = [t for k, t in files.items() if k.endswith(".js")]
    assert data and not any(f'"{paths.BULLETIN_DIR}/' in t for t in data)
    assert "Nghị quyết số 22-NQ/TW" in "".join(data)


def test_one_more_bulletin_rewrites_one_statistics_part(tmp_path, monkeypatch):
    from viz_tasks_store import FIXTURES

    from kg.ingest import ingest
    from kg.viz import facets

    monkeypatch.setattr(facets, "STATISTICS_PART", 2)  # several parts from a few bulletins
    store = GraphStore(tmp_path / "store")
    ingest([str(FIXTURES / "bulletin-2018-06-01.txt")], store)
    ingest([str(p) for p in sorted((FIXTURES / "viz").glob("*.txt"))], store, province="Yên Bái")
    before = facet_files(read_catalog(store))
    ingest([str(FIXTURES / "profiles" / "bulletin-undated.txt")], store, province="Yên Bái")
    catalog = read_catalog(store)
    after = facet_files(catalog)
    parts = [k for k in after if k.startswith("browse/statistics-")]
    assert len(parts) >= 3 and set(k for k in before if k.startswith("browse/statistics-")) <= set(parts)
    changed = [k for k in parts if before.get(k) != after[k]]  # a part rewritten, or one new
    assert len(changed) == 1 and "310 đảng viên" in after[changed[0]]
    assert sum(len(json.loads(after[k][len("kgRows('statistics',"):-3])["s"]) for k in parts) == len(catalog.statistics)
    store.close()
