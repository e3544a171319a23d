"""`kg eval`: precision, recall and F1 of extraction against a gold set."""

from __future__ import annotations

import json

import click
from rich.console import Console
from rich.table import Table

from kg.cli import main


@main.command("eval")
@click.argument("gold_dir", type=click.Path(exists=True, file_okay=False))
@click.option("--corpus", type=click.Path(exists=True, dir_okay=False), required=True,
              help="JSONL(.gz) holding the gold bulletins' texts, by id.")
@click.option("--assume-year", type=int, help="Year of undated articles, to complete dates such as 'sáng 21-12'.")
@click.option("--json", "as_json", is_flag=True, help="Print scores, misses and false alarms as JSON.")
@click.option("--errors/--no-errors", default=True, show_default=True, help="List misses and false alarms.")
def evaluate_command(gold_dir, corpus, assume_year, as_json, errors):
    """Score the extractor on the gold bulletins in GOLD_DIR (see tests/gold/README.md)."""
    from kg.evaluate import evaluate

    report = evaluate(gold_dir, corpus, assume_year=assume_year)
    if as_json:
        click.echo(json.dumps(report, ensure_ascii=False, indent=2))
        return
    table = Table("kind", "precision", "recall", "F1", "tp", "fp", "fn", title=f"{report['bulletins']} gold bulletins")
    for kind, s in report["scores"].items():
        table.add_row(kind, f"{s['precision']:.3f}", f"{s['recall']:.3f}", f"{s['f1']:.3f}",
                      str(s["tp"]), str(s["fp"]), str(s["fn"]))
    console = Console()
    console.print(table)
    if report["missing_from_corpus"]:
        click.echo(f"not in the corpus: {', '.join(report['missing_from_corpus'])}")
    if errors:
        for kind, s in report["scores"].items():
            for m in s["misses"]:
                click.echo(f"MISS  {kind:16} {m}")
            for f in s["false_alarms"]:
                click.echo(f"FALSE {kind:16} {f}")
