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
@click.option("--lenient", is_flag=True,
              help="List errors (and give --json scores) of the lenient matcher instead of the strict one.")
@click.option("--layout", type=click.Choice(["joined", "captions"]),
              help="Transform every gold text first: paragraphs joined into one line, or photo captions "
                   "run into the next sentence.")
@click.option("--json", "as_json", is_flag=True, help="Print scores, misses and false alarms as JSON.")
@click.option("--errors/--no-errors", default=True, show_default=True, help="List misses and false alarms.")
def evaluate_command(gold_dir, corpus, assume_year, lenient, layout, as_json, errors):
    """Score the extractor on the gold bulletins in GOLD_DIR (see tests/gold/README.md).

    Strict (exact after normalising case, spaces and punctuation) and lenient scores are printed
    side by side."""
    from kg.evaluate import evaluate

    report = evaluate(gold_dir, corpus, assume_year=assume_year, layout=layout, lenient=lenient)
    if as_json:
        click.echo(json.dumps(report, ensure_ascii=False, indent=2))
        return
    print_report(report, errors=errors)


def print_report(report: dict, *, errors: bool = True) -> None:
    title = f"{report['bulletins']} gold bulletins" + (f", layout {report['layout']}" if report.get("layout") else "")
    table = Table("kind", "strict F1", "P", "R", "lenient F1", "P", "R", "gold", title=title)
    strict, lenient = report["by_matcher"]["strict"], report["by_matcher"]["lenient"]
    for kind, s in strict.items():
        le = lenient[kind]
        if not (s["tp"] + s["fp"] + s["fn"]):
            continue  # a kind this gold set does not annotate
        table.add_row(kind, f"{s['f1']:.3f}", f"{s['precision']:.3f}", f"{s['recall']:.3f}",
                      f"{le['f1']:.3f}", f"{le['precision']:.3f}", f"{le['recall']:.3f}", str(s["tp"] + s["fn"]))
    console = Console()
    console.print(table)
    if report["missing_from_corpus"]:
        click.echo(f"not in the corpus: {', '.join(report['missing_from_corpus'])}")
    if errors:
        click.echo(f"errors of the {report['matcher']} matcher:")
        for kind, s in report["scores"].items():
            for m in s["misses"]:
                click.echo(f"MISS  {kind:16} {m}")
            for f in s["false_alarms"]:
                click.echo(f"FALSE {kind:16} {f}")
