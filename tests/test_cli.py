"""The `kg` command end to end on a real store."""

import json

import pytest


@pytest.fixture()
def ingested(run_kg, seed_path):
    result = run_kg("ingest", str(seed_path))
    assert result.exit_code == 0, result.output
    return run_kg


def test_ingest_summary_reports_each_outcome(run_kg, seed_path, tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "x"}\nnot json\n', encoding="utf-8")
    result = run_kg("ingest", str(seed_path), str(bad))
    assert result.exit_code == 3  # some inputs were skipped
    assert "bulletins read: 3, ingested: 1, replaced: 0, unchanged: 0, skipped: 2" in result.output
    assert f"skipped {bad}:1: missing \"text\"" in result.output
    assert f"skipped {bad}:2: not JSON" in result.output


def test_ingest_of_only_bad_input_exits_non_zero(run_kg, tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    result = run_kg("ingest", str(empty))
    assert result.exit_code == 3
    assert "empty" in result.output


def test_changed_bulletin_replaces_its_graph(run_kg, seed_path, tmp_path):
    copy = tmp_path / "bulletin-2018-06-01.txt"
    text = seed_path.read_text(encoding="utf-8")
    copy.write_text(text, encoding="utf-8")
    run_kg("ingest", str(copy))
    copy.write_text(text.replace("1372 quần chúng ưu tú", "1400 quần chúng ưu tú"), encoding="utf-8")
    result = run_kg("ingest", str(copy), "--json")
    assert json.loads(result.output)["replaced"] == 1
    rows = json.loads(run_kg("query", "SELECT DISTINCT ?v WHERE { GRAPH ?g { ?s bkg:unit \"quần chúng ưu tú\" ; bkg:value ?v } }",
                             "--format", "json").output)
    assert rows == [{"v": 1400.0}]


def test_query_formats(ingested):
    q = "SELECT DISTINCT ?n WHERE { GRAPH ?g { ?d bkg:documentNumber ?n } } ORDER BY ?n"
    as_json = json.loads(ingested("query", q, "--format", "json").output)
    assert [r["n"] for r in as_json] == ["03-CT/TW", "05-CT/TW", "22-NQ/TW", "67-KH/TU"]
    as_csv = ingested("query", q, "--format", "csv").output.splitlines()
    assert as_csv == ["n", "03-CT/TW", "05-CT/TW", "22-NQ/TW", "67-KH/TU"]
    table = ingested("query", q).output
    assert "22-NQ/TW" in table and "4 row(s)" in table
    assert ingested("query", "ASK { GRAPH ?g { ?s a bkg:Event } }").output.strip() == "true"


def test_query_table_shows_prefixed_names_that_can_be_pasted_back(ingested):
    q = "SELECT DISTINCT ?c ?s WHERE { GRAPH ?g { ?s a ?c . FILTER(?c = bkg:Official) } }"
    table = ingested("query", q).output
    assert "bkg:Official" in table and "https://w3id.org/bulletin-kg/ontology#" not in table
    one_column = "SELECT DISTINCT ?c WHERE { GRAPH ?g { ?s a ?c . FILTER(?c = bkg:Official) } }"
    full = ingested("query", one_column, "--full-iris").output
    # Long IRIs wrap onto more lines of the table instead of being cut short.
    assert "https://w3id.org/bulletin-kg/ontology#Official" in "".join(c for c in full if c not in "│ \n")
    person = ingested("query", "SELECT ?s WHERE { GRAPH ?g { ?s a bkg:Official } } LIMIT 1").output
    assert "https://w3id.org/bulletin-kg/id/person/" in "".join(c for c in person if c not in "│ \n")
    rows = json.loads(ingested("query", q, "--format", "json").output)
    assert rows[0]["c"] == "https://w3id.org/bulletin-kg/ontology#Official"
    assert ingested("query", "ASK { GRAPH ?g { ?s rdf:type bkg:Official } }").output.strip() == "true"


def test_query_from_file_and_syntax_error(ingested, tmp_path):
    rq = tmp_path / "q.rq"
    rq.write_text("SELECT (COUNT(DISTINCT ?o) AS ?n) WHERE { GRAPH ?g { ?o a bkg:Official } }")
    assert json.loads(ingested("query", "-f", str(rq), "--format", "json").output) == [{"n": 2}]
    bad = ingested("query", "SELEKT nothing")
    assert bad.exit_code != 0 and "SPARQL" in bad.output


@pytest.mark.parametrize("fmt", ["trig", "nquads", "turtle", "jsonld"])
def test_export_formats_parse_back(ingested, tmp_path, fmt):
    import rdflib

    out = tmp_path / f"kg.{fmt}"
    result = ingested("export", "--format", fmt, "-o", str(out))
    assert result.exit_code == 0
    if fmt in ("trig", "nquads", "jsonld"):
        ds = rdflib.Dataset()
        ds.parse(out, format={"trig": "trig", "nquads": "nquads", "jsonld": "json-ld"}[fmt])
        graphs = {str(g.identifier) for g in ds.graphs() if len(g)}
        assert "https://w3id.org/bulletin-kg/id/graph/bulletin-2018-06-01" in graphs
    else:
        g = rdflib.Graph().parse(out, format="turtle")
        assert len(g) > 500


def test_validate_reports_violations_with_non_zero_exit(ingested):
    from kg.store import GraphStore

    store = GraphStore(ingested.store_dir)
    store.update("INSERT DATA { GRAPH <urn:g> { <urn:s> a bkg:Statistic ; bkg:value \"lots\" } }")
    store.close()
    result = ingested("validate")
    assert result.exit_code == 1
    assert "does NOT conform" in result.output and "urn:s" in result.output


def test_query_without_a_store_says_what_to_do(run_kg):
    result = run_kg("query", "SELECT * WHERE { ?s ?p ?o }")
    assert result.exit_code != 0 and "kg ingest" in result.output
