"""The ledger's extractor version is a fingerprint of the rules: after a rule change the stored graphs
are stale, `kg status` says so, and the next ingest extracts them again without --force."""

from __future__ import annotations

import json

import pytest

import kg.fingerprint as fingerprint
from kg.fingerprint import extractor_version, rule_files

MERGE = "tests/fixtures/merge/bulletins.jsonl"


@pytest.fixture()
def other_rules(monkeypatch):
    """Switch to a different rule set (as an edit of a lexicon or a component would) and back."""

    def switch(name: str) -> None:
        monkeypatch.setattr(fingerprint, "rules_digest", lambda: name)
        extractor_version.cache_clear()

    yield switch
    monkeypatch.undo()
    extractor_version.cache_clear()


def test_the_fingerprint_covers_rules_lexicons_mapping_and_ontology_but_not_the_query_catalog():
    names = {name for name, _ in rule_files()}
    assert {"kg/nlp/events.py", "kg/nlp/lexicon.py", "kg/rdf/mapping.py", "kg/rdf/resolve.py",
            "kg/reading/clean.py", "kg/records.py", "ontology/bulletin-kg.ttl", "ontology/aliases.tsv",
            "ontology/lexicon/titles.tsv", "ontology/lexicon/document-types.tsv"} <= names
    assert not any(n.endswith(".rq") for n in names) and "kg/reading/sources.py" not in names
    version = extractor_version()
    assert version.startswith(f"{fingerprint.kg.__version__}+") and len(version.split("+")[1]) == 16
    assert extractor_version("components=bkg_dates") != version


def test_a_rule_change_makes_stored_graphs_stale_and_reingest_refreshes_them(run_kg, other_rules):
    assert run_kg("ingest", MERGE).exit_code == 0
    status = json.loads(run_kg("status", "--json").output)
    assert (status["bulletins"], status["stale"]) == (3, 0)
    old = status["extractor_version"]

    other_rules("rules after an edit")
    status = json.loads(run_kg("status", "--json").output)
    assert status["stale"] == 3 and status["stale_by_version"] == {old: 3}
    text = run_kg("status").output
    assert "stale: 3" in text and "kg ingest" in text

    again = run_kg("ingest", MERGE)
    assert again.exit_code == 0 and "refreshed: 3" in again.output, again.output
    summary = json.loads(run_kg("ingest", MERGE, "--json").output)
    assert (summary["unchanged"], summary["replaced"]) == (3, 0)
    status = json.loads(run_kg("status", "--json").output)
    assert status["stale"] == 0 and status["extractor_version"] != old


def test_a_pipeline_refreshes_graphs_made_by_other_rules(tmp_path, other_rules):
    import shutil

    from test_pipeline_helpers import write_pipeline

    from kg.pipelines import execute, load_pipeline

    shutil.copy(MERGE, tmp_path / "bulletins.jsonl")
    body = 'name = "dump"\n[[sources]]\njsonl = "bulletins.jsonl"\n[store]\npath = "store"\n'
    pipeline = load_pipeline(write_pipeline(tmp_path, "dump", body))
    assert execute(pipeline).record.counts["added"] == 3
    assert execute(pipeline).record.counts["unchanged"] == 3
    other_rules("rules after an edit")
    result = execute(pipeline)
    assert (result.record.counts["replaced"], result.refreshed) == (3, 3)
    assert execute(pipeline).record.counts["unchanged"] == 3
