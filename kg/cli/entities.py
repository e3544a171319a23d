"""Review and curation of the merged graph: entities, candidates, curate, remove."""

from __future__ import annotations

import json
from pathlib import Path

import click
from rich.console import Console
from rich.table import Table

from kg.cli import main
from kg.cli.core import open_store
from kg.curation import DEFAULT_CURATION, CurationError, apply_curation, load_curation


@main.command()
@click.option("--type", "entity_type", type=click.Choice(["official", "organization", "document"]), required=True)
@click.option("--limit", type=int, default=50, show_default=True, help="Entities to list, most cited first (0: all).")
@click.option("--json", "as_json", is_flag=True)
@click.pass_context
def entities(ctx, entity_type, limit, as_json):
    """List merged entities with their aliases and the number of bulletins behind each."""
    from kg.entities import list_entities

    rows = list_entities(open_store(ctx, read_only=True), entity_type, limit=limit or None)
    if as_json:
        click.echo(json.dumps([r.__dict__ for r in rows], ensure_ascii=False, indent=2))
        return
    table = Table("bulletins", "name", "aliases", "IRI", title=f"{entity_type} entities")
    for r in rows:
        aliases = "; ".join(a for a in r.aliases if a != r.name)
        if r.details:
            aliases = (aliases + " | " if aliases else "") + "posts: " + "; ".join(r.details)
        table.add_row(str(r.bulletins), r.name, aliases, r.iri)
    Console(width=200).print(table)


@main.command()
@click.option("--type", "entity_type", type=click.Choice(["official", "organization", "document"]))
@click.option("--curation", "curation_path", type=click.Path(dir_okay=False), default=str(DEFAULT_CURATION),
              show_default=True, help="Pairs already reviewed there are not listed again.")
@click.option("--json", "as_json", is_flag=True)
@click.pass_context
def candidates(ctx, entity_type, curation_path, as_json):
    """List likely duplicates that were not merged: the same name in different scopes, near-identical
    names, and abbreviations missing from ontology/aliases.tsv, each with its evidence.

    To merge or keep apart, add a [[same_as]] or [[not_same_as]] pair to the curation file."""
    from kg.entities import find_candidates

    cur = _load(curation_path, required=False)
    found = find_candidates(open_store(ctx, read_only=True), entity_type, cur)
    if as_json:
        click.echo(json.dumps([{"kind": c.kind, "a": c.a.iri, "b": c.b.iri, "a_name": c.a.name, "b_name": c.b.name,
                                "evidence": c.evidence, "bulletins": [c.a.bulletins, c.b.bulletins]} for c in found],
                              ensure_ascii=False, indent=2))
        return
    for c in found:
        click.echo(f"[{c.kind}] {c.evidence}\n    a: {c.a.iri} ({c.a.bulletins} bulletins)\n"
                   f"    b: {c.b.iri} ({c.b.bulletins} bulletins)")
    click.echo(f"{len(found)} candidate pair(s)")


@main.command()
@click.option("--file", "curation_path", type=click.Path(dir_okay=False), default=str(DEFAULT_CURATION),
              show_default=True)
@click.pass_context
def curate(ctx, curation_path):
    """Apply the curation file's same_as, not_same_as and split decisions to the store (also done
    after every `kg ingest`)."""
    cur = _load(curation_path, required=True)
    store = open_store(ctx)
    n = apply_curation(store, cur)
    store.close()
    click.echo(f"applied {n} curation decision(s) from {curation_path}")


@main.command()
@click.argument("bulletin_ids", nargs=-1, required=True)
@click.pass_context
def remove(ctx, bulletin_ids):
    """Remove bulletins and every fact they alone evidence (entities cited by no remaining bulletin
    disappear with them; shared ones keep the other bulletins' statements)."""
    from kg.resolution import settle
    from kg.search.maintain import begin_write, end_write

    store = open_store(ctx)
    upkeep = begin_write(store)  # the search index drops the removed bulletins after the store does
    missing = []
    removed = []
    for bid in bulletin_ids:
        if store.remove_bulletin(bid):
            click.echo(f"removed {bid}")
            removed.append(bid)
        else:
            missing.append(bid)
    if removed:
        # What the removed bulletins told apart or joined is resolved again from what remains.
        settle(store, None, DEFAULT_CURATION)
    upkeep = end_write(store, upkeep, removed=removed)
    if upkeep.error:
        click.echo(f"warning: {upkeep.error}", err=True)
    store.close()
    if missing:
        raise click.ClickException(f"not in the store: {', '.join(missing)} (see `kg query` for stored ids)")


def _load(path: str, *, required: bool):
    if not Path(path).exists():
        if required:
            raise click.ClickException(f"no curation file at {path}")
        return None
    try:
        return load_curation(path)
    except CurationError as err:
        raise click.ClickException(str(err)) from None


@main.command()
@click.option("--curation", "curation_path", type=click.Path(dir_okay=False), default=str(DEFAULT_CURATION),
              show_default=True, help="Reviewed decisions, applied on top (skipped when the file is absent).")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@click.pass_context
def resolve(ctx, curation_path, as_json):
    """Re-resolve every entity of the store: which mentions across all bulletins are one official,
    document or event (kg.resolution). `kg ingest` resolves only what new bulletins touch; this
    recomputes every block. Re-running it on an unchanged store changes nothing."""
    from kg.resolution import settle

    store = open_store(ctx)
    try:
        report, decisions = settle(store, None, curation_path)
    except CurationError as err:
        raise click.ClickException(str(err)) from None
    finally:
        store.close()
    if as_json:
        click.echo(json.dumps({**(report.to_json() if report else {}), "curation_decisions": decisions},
                              ensure_ascii=False, indent=2))
        return
    if report is None:
        click.echo("this store cannot rename nodes in place: nothing resolved")
        return
    click.echo(f"officials: {report.officials} entities from {report.official_mentions} mentions; "
               f"events merged across bulletins: {report.events_merged}; documents split by date: "
               f"{report.documents_split}; named documents joined to their number: {report.documents_linked}")
    click.echo(f"renamed {report.renamed} node(s) ({report.statements} statements) in {report.seconds:.1f} s"
               + (f"; curation: {decisions} decision(s)" if decisions else ""))


@main.command()
@click.argument("entity")
@click.option("--json", "as_json", is_flag=True, help="Print the explanation as JSON.")
@click.pass_context
def explain(ctx, entity, as_json):
    """Why ENTITY (an IRI, or a name) is one node: its mentions in each bulletin with their evidence,
    the home each bulletin gives it, the score that joined each mention, and the recorded reason."""
    from kg.resolution.explain import explain_entity

    found = explain_entity(open_store(ctx, read_only=True), entity)
    if not found:
        raise click.ClickException(f"no official, organization, document or event named or identified {entity!r}")
    if as_json:
        click.echo(json.dumps([e.to_json() for e in found], ensure_ascii=False, indent=2))
        return
    for e in found:
        click.echo(f"{e.iri}\n  {e.kind} {e.name!r}: {len(e.mentions)} mention(s) in "
                   f"{len({m['bulletin'] for m in e.mentions})} bulletin(s)")
        if e.reason:
            click.echo(f"  why: {e.reason}")
        for m in e.mentions:
            score = f" score {m['score']}" if m.get("score") is not None else ""
            home = f" home {m['home']}" if m.get("home") else ""
            click.echo(f"  - {m['bulletin']}: {m['name']!r}{home}{score}")
            for quote in m["evidence"][:3]:
                click.echo(f"      “{quote}”")
