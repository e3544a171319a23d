"""kg explain: why an entity is one node, found by its IRI or its name (accents optional)."""

from pathlib import Path

import pytest

from kg.ingest import ingest
from kg.resolution.explain import explain_entity
from kg.store import GraphStore

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    s = GraphStore(tmp_path_factory.mktemp("explain") / "store")
    ingest([str(FIXTURES)], s)
    return s


def test_an_official_is_explained_by_name_with_one_mention_per_bulletin(store):
    (found,) = explain_entity(store, "Lại Văn Hanh")
    assert found.kind == "official" and found.name == "Lại Văn Hanh"
    assert len(found.mentions) >= 2 and all(m["evidence"] for m in found.mentions)
    assert explain_entity(store, found.iri)[0].iri == found.iri


def test_a_name_typed_without_accents_finds_the_same_entity(store):
    assert [e.iri for e in explain_entity(store, "lai van hanh")] == [e.iri for e in explain_entity(store, "Lại Văn Hanh")]
    assert explain_entity(store, "Nobody Anywhere") == []
