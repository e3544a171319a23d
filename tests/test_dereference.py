"""Dereferenceable IRIs on a real `kg serve`: /id/... and /ontology by content negotiation (HTML for
a browser, Turtle / JSON-LD / N-Triples / RDF/XML for a client), the dataset's VoID and DCAT
description at /.well-known/void, and the w3id redirect rules kept in docs/w3id/.htaccess."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import rdflib
import requests
from sparql_servers import build_sample_store, log_text, oxigraph_server, start_kg_serve, stop

from kg.rdf.vocab import ID_BASE
from kg.sparql.dereference import w3id_rules
from kg.store import GraphStore

BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
FORMATS = {"text/turtle": "turtle", "application/ld+json": "json-ld", "application/n-triples": "nt",
           "application/rdf+xml": "xml"}
HTACCESS = Path(__file__).resolve().parents[1] / "docs" / "w3id" / ".htaccess"


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory):
    with oxigraph_server(None):
        pass
    return build_sample_store(tmp_path_factory.mktemp("deref") / "store")


@pytest.fixture(scope="module")
def entities(store_dir):
    store = GraphStore(store_dir, read_only=True)
    official = store.select("SELECT ?o WHERE { ?p bkg:participant ?o ; bkg:evidence ?e } ORDER BY ?o LIMIT 1")[0]["o"]
    document = store.select("SELECT ?d WHERE { ?b bkg:cites ?d } ORDER BY ?d LIMIT 1")[0]["d"]
    store.close()
    return {"official": official, "document": document}


@pytest.fixture(scope="module")
def base(store_dir):
    proc, url = start_kg_serve(store_dir)
    yield url.rstrip("/")
    stop(proc)
    assert proc.returncode == 0, log_text(proc)


def _path(iri: str) -> str:
    assert iri.startswith(ID_BASE)
    return "/id/" + iri[len(ID_BASE):]


@pytest.mark.parametrize("accept", list(FORMATS))
def test_an_entity_iri_answers_a_client_with_its_description_and_evidence(base, entities, accept):
    for iri in entities.values():
        r = requests.get(base + _path(iri), headers={"Accept": accept})
        assert r.status_code == 200, r.text
        assert r.headers["Content-Type"].startswith(accept) and "Accept" in r.headers["Vary"]
        g = rdflib.Graph().parse(data=r.content, format=FORMATS[accept])
        assert (rdflib.URIRef(iri), None, None) in g or (None, None, rdflib.URIRef(iri)) in g
    # The official's participations point at evidence records: their quotes come along.
    r = requests.get(base + _path(entities["official"]), headers={"Accept": "text/turtle"})
    g = rdflib.Graph().parse(data=r.text, format="turtle")
    assert list(g.objects(None, rdflib.URIRef("https://w3id.org/bulletin-kg/ontology#quote")))


def test_a_browser_gets_a_page_whose_links_stay_on_the_server(base, entities):
    r = requests.get(base + _path(entities["document"]), headers={"Accept": BROWSER})
    assert r.status_code == 200 and r.headers["Content-Type"].startswith("text/html")
    assert entities["document"] in r.text
    links = re.findall(r'href="([^"]+)"', r.text)
    assert any(link.startswith(base + "/id/") for link in links)
    assert any(link.startswith(base + "/ontology") for link in links)


def test_unknown_entities_and_formats_are_clear(base, entities):
    r = requests.get(base + "/id/person/no-such-person", headers={"Accept": "text/turtle"})
    assert r.status_code == 404 and "nothing is known" in r.text
    r = requests.get(base + _path(entities["document"]), headers={"Accept": "image/png"})
    assert r.status_code == 406


@pytest.mark.parametrize("accept", ["text/turtle", "application/ld+json", BROWSER])
def test_the_ontology_iri_answers(base, accept):
    r = requests.get(base + "/ontology", headers={"Accept": accept})
    assert r.status_code == 200
    if accept == BROWSER:
        assert "https://w3id.org/bulletin-kg/ontology#Event" in r.text
    else:
        g = rdflib.Graph().parse(data=r.content, format=FORMATS[accept])
        assert (rdflib.URIRef("https://w3id.org/bulletin-kg/ontology#Event"), None, None) in g


def test_the_dataset_is_described_with_void_and_dcat(base, store_dir):
    r = requests.get(base + "/.well-known/void", headers={"Accept": "text/turtle"})
    assert r.status_code == 200
    g = rdflib.Graph().parse(data=r.text, format="turtle")
    VOID, DCAT = rdflib.Namespace("http://rdfs.org/ns/void#"), rdflib.Namespace("http://www.w3.org/ns/dcat#")
    [ds] = list(g.subjects(rdflib.RDF.type, VOID.Dataset))
    assert (ds, rdflib.RDF.type, DCAT.Dataset) in g
    assert str(g.value(ds, VOID.sparqlEndpoint)) == base + "/sparql"
    store = GraphStore(store_dir, read_only=True)
    assert int(g.value(ds, VOID.triples)) == store.default_graph_size() > 0
    store.close()
    classes = {str(g.value(p, VOID["class"])) for p in g.objects(ds, VOID.classPartition)}
    assert "https://w3id.org/bulletin-kg/ontology#Event" in classes


def test_the_w3id_rules_kept_in_the_repository_are_the_generated_ones():
    text = HTACCESS.read_text(encoding="utf-8")
    base = re.search(r'w3id_rules\("([^"]+)"\)', text).group(1)
    assert text == w3id_rules(base)
    assert f"RewriteRule ^id/(.+)$ {base}/id/$1" in text
