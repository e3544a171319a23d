"""The ontology and the data it describes are consistent under HermiT (owlready2 + Java)."""

from __future__ import annotations

import gzip
import os
from itertools import islice

import pyoxigraph as ox
import pytest

from kg.ingest import ingest
from kg.rdf.reasoning import check_consistency, reasoner_available
from kg.store import GraphStore

needs_reasoner = pytest.mark.skipif(
    not reasoner_available() and os.environ.get("CI") != "true",
    reason="HermiT needs owlready2 and java (Debian default-jre-headless)")


@needs_reasoner
def test_ontology_and_seed_data_are_consistent(seed_store):
    verdict = check_consistency(seed_store.quads())
    assert verdict.consistent, verdict.message


@needs_reasoner
def test_a_language_tagged_value_on_a_plain_string_property_is_inconsistent(seed_store):
    """The check has teeth: bkg:quote has range xsd:string, so a @vi quote contradicts it."""
    ev = next(q.subject for q in seed_store.quads() if q.predicate.value.endswith("#quote"))
    broken = list(seed_store.quads()) + [ox.Triple(ev, ox.NamedNode("https://w3id.org/bulletin-kg/ontology#quote"),
                                                   ox.Literal("trích dẫn", language="vi"))]
    assert not check_consistency(broken).consistent


def corpus_sample(corpus_path, tmp_path, n: int):
    sample = tmp_path / f"sample-{n}.jsonl"
    with gzip.open(corpus_path, "rt", encoding="utf-8") as f:
        sample.write_text("".join(islice(f, n)), encoding="utf-8")
    return sample


@pytest.mark.corpus
@needs_reasoner
def test_ontology_and_500_corpus_articles_are_consistent(corpus_path, tmp_path):
    store = GraphStore(tmp_path / "store")
    ingest([str(corpus_sample(corpus_path, tmp_path, 500))], store, processes=1)
    verdict = check_consistency(store.quads())
    store.close()
    assert verdict.consistent, verdict.message
