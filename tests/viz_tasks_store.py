"""The store the profile and index tests share: the seed bulletin, two Yên Bái bulletins, three
bulletins of two provinces (Lào Cai, Yên Bái) and one undated bulletin, with one bulletin marked as
not about Party or government work (`bkg:partyGovernment false`, as the classifier writes it)."""

from __future__ import annotations

from pathlib import Path

from kg.ingest import ingest
from kg.rdf.iri import graph_iri
from kg.store import GraphStore

FIXTURES = Path(__file__).parent / "fixtures"
NOT_POLITICAL = "lc-2018-03-05"


def build_store(folder: Path) -> GraphStore:
    store = GraphStore(folder)
    ingest([str(FIXTURES / "bulletin-2018-06-01.txt")], store)
    ingest([str(p) for p in sorted((FIXTURES / "viz").glob("*.txt"))], store, province="Yên Bái")
    ingest([str(FIXTURES / "merge" / "bulletins.jsonl")], store)
    ingest([str(FIXTURES / "profiles" / "bulletin-undated.txt")], store, province="Yên Bái")
    # Replacing whatever the classifier wrote, so that the fixture holds one flag of each value.
    store.update(f"""DELETE {{ GRAPH ?g {{ ?b bkg:partyGovernment ?was }} }}
                     INSERT {{ GRAPH ?g {{ ?b bkg:partyGovernment false }} }}
                     WHERE {{ GRAPH ?g {{ ?b a bkg:Bulletin ; schema:identifier "{NOT_POLITICAL}" .
                                        OPTIONAL {{ ?b bkg:partyGovernment ?was }} }} }}""")
    assert graph_iri(NOT_POLITICAL)  # the id is one the store knows how to name
    return store
