"""`kg status`: what the store holds, and which bulletins' graphs came from other extraction rules."""

from __future__ import annotations

import json

import click

from kg.cli import main
from kg.cli.core import open_store


def store_status(store) -> dict:
    """Bulletins by the extractor version of their graph, against the version of the rules here."""
    from kg.fingerprint import extractor_version

    current = extractor_version()
    rows = store.select(
        "SELECT ?version (COUNT(DISTINCT ?b) AS ?n) WHERE { GRAPH ?g { ?b a bkg:Bulletin . "
        "OPTIONAL { ?b bkg:extractorVersion ?v } BIND(COALESCE(?v, \"\") AS ?version) } } GROUP BY ?version")
    by_version = {r["version"]: int(r["n"]) for r in rows}
    stale_ids = [r["id"] for r in store.select(
        "SELECT DISTINCT ?id WHERE { GRAPH ?g { ?b a bkg:Bulletin ; schema:identifier ?id . "
        f"OPTIONAL {{ ?b bkg:extractorVersion ?v }} FILTER(!BOUND(?v) || ?v != \"{current}\") }} }} "
        "ORDER BY ?id LIMIT 20")]
    total = sum(by_version.values())
    return {"bulletins": total, "extractor_version": current, "up_to_date": by_version.get(current, 0),
            "stale": total - by_version.get(current, 0),
            "stale_by_version": {v or "(none)": n for v, n in sorted(by_version.items()) if v != current},
            "stale_examples": stale_ids, "triples": store.count_triples()}


@main.command()
@click.option("--json", "as_json", is_flag=True, help="Print the status as JSON.")
@click.pass_context
def status(ctx, as_json):
    """Report the store's bulletins, and the stale ones: graphs made by other extraction rules.

    The extractor version is a fingerprint of the rules, lexicons, mapping and ontology (see
    kg.fingerprint). A stale bulletin is refreshed by the next `kg ingest` of its source (or
    `kg pipeline run`), which extracts it again; no --force is needed.
    """
    store = open_store(ctx, read_only=True)
    try:
        info = store_status(store)
    finally:
        store.close()
    if as_json:
        click.echo(json.dumps(info, ensure_ascii=False, indent=2))
        return
    click.echo(f"store: {ctx.obj['store_path']}")
    click.echo(f"bulletins: {info['bulletins']} ({info['triples']} triples)")
    click.echo(f"extractor version of these rules: {info['extractor_version']}")
    click.echo(f"up to date: {info['up_to_date']}, stale: {info['stale']}")
    if info["stale"]:
        for version, n in info["stale_by_version"].items():
            click.echo(f"  {n} made by extractor {version}")
        more = "" if info["stale"] <= len(info["stale_examples"]) else ", ..."
        click.echo(f"  e.g. {', '.join(info['stale_examples'])}{more}")
        click.echo("  run `kg ingest` on their sources again (or `kg pipeline run NAME`) to extract them "
                   "with these rules")
