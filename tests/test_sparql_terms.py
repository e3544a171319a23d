"""Undefined bkg: terms named with their position; literals, comments and the namespace are not terms."""

from kg.sparql.catalog import load_catalog
from kg.sparql.terms import unknown_terms


def test_unknown_terms_are_named_where_they_first_occur():
    query = ('PREFIX bkg: <https://w3id.org/bulletin-kg/ontology#>\n# bkg:Nope in a comment\n'
             'SELECT * WHERE {\n  ?d a bkg:Documnet ; bkg:documentNumber "bkg:Nah" .\n'
             '  ?x <https://w3id.org/bulletin-kg/ontology#Evnt> ?y . ?z a bkg:Event . ?w a bkg:Documnet }')
    found = [(t.term, t.line, t.column) for t in unknown_terms(query)]
    assert found == [("Documnet", 4, 8), ("Evnt", 5, 6)]


def test_the_catalog_names_only_terms_of_the_ontology():
    for q in load_catalog():
        assert unknown_terms(q.text) == [], q.name
