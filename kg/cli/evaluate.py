"""`kg eval`: precision, recall and F1 of extraction against a gold set."""

from __future__ import annotations

import json

import click
from rich.console import Console
from rich.table import Table

from kg.cli import main


@main.command("eval")
@click.argument("gold_dir", type=click.Path(exists=True, file_okay=False))
@click.option("--corpus", type=click.Path(exists=True, dir_okay=False),
              help="JSONL(.gz) holding the gold bulletins' texts, by id (extraction gold sets).")
@click.option("--in-store", is_flag=True,
              help="Entity gold (a folder with mentions.tsv): score the store's resolution (--store) instead of "
                   "resolving the gold's own bulletins afresh.")
@click.option("--assume-year", type=int, help="Year of undated articles, to complete dates such as 'sáng 21-12'.")
@click.option("--lenient", is_flag=True,
              help="List errors (and give --json scores) of the lenient matcher instead of the strict one.")
@click.option("--layout", type=click.Choice(["joined", "captions"]),
              help="Transform every gold text first: paragraphs joined into one line, or photo captions "
                   "run into the next sentence.")
@click.option("--json", "as_json", is_flag=True, help="Print scores, misses and false alarms as JSON.")
@click.option("--errors/--no-errors", default=True, show_default=True, help="List misses and false alarms.")
@click.pass_context
def evaluate_command(ctx, gold_dir, corpus, in_store, assume_year, lenient, layout, as_json, errors):
    """Score the extractor on the gold bulletins in GOLD_DIR (see tests/gold/README.md), or, for a
    folder holding mentions.tsv (tests/gold-entities/), the entity resolution: pairwise and B-cubed
    precision and recall of which mentions are one entity, or, for a folder of dev.tsv/test.tsv labels
    (tests/gold-political/), the Party/government classifier: precision, recall and F1 of P, over all
    rows and without the borderline ones (needs --corpus).

    Extraction: strict (exact after normalising case, spaces and punctuation) and lenient scores are
    printed side by side."""
    from pathlib import Path

    from kg.evaluate import evaluate

    if (Path(gold_dir) / "mentions.tsv").exists():
        _evaluate_entities(ctx, gold_dir, in_store, as_json, errors)
        return
    from kg.evaluate_genre import is_genre_gold

    if is_genre_gold(gold_dir):
        _evaluate_genre(gold_dir, corpus, as_json, errors)
        return
    if not corpus:
        raise click.UsageError("--corpus is needed to score extraction (the gold files hold no texts)")
    if (Path(gold_dir) / "articles.tsv").exists():
        _evaluate_facts(gold_dir, corpus, as_json, errors, lenient)
        return

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


def _evaluate_facts(gold_dir, corpus, as_json: bool, errors: bool, lenient: bool) -> None:
    """A gold folder of facts of other kinds (articles.tsv and one <kind>.tsv per kind)."""
    from kg.evaluate_facts import evaluate_facts

    report = evaluate_facts(gold_dir, corpus)
    if as_json:
        click.echo(json.dumps(report, ensure_ascii=False, indent=2))
        return
    table = Table(title=f"{report['bulletins']} gold bulletins")
    table.add_column("kind", overflow="fold")
    table.add_column("fields", overflow="fold")  # folded, never cut: the two rows differ only here
    for name in ("strict F1", "P", "R", "lenient F1", "P", "R", "gold"):
        table.add_column(name, justify="right")
    for kind, scores in report["kinds"].items():
        for s in scores.values():
            st, le = s["strict"], s["lenient"]
            table.add_row(kind, " + ".join(s["fields"]), f"{st['f1']:.3f}", f"{st['precision']:.3f}",
                          f"{st['recall']:.3f}", f"{le['f1']:.3f}", f"{le['precision']:.3f}", f"{le['recall']:.3f}",
                          str(st["tp"] + st["fn"]))
    Console().print(table)
    if errors:
        matcher = "lenient" if lenient else "strict"
        click.echo(f"errors of the {matcher} matcher, on every field:")
        for kind, scores in report["kinds"].items():
            for m in scores["all"][matcher]["misses"]:
                click.echo(f"MISS  {kind} {m}")
            for f in scores["all"][matcher]["false_alarms"]:
                click.echo(f"FALSE {kind} {f}")


def _evaluate_entities(ctx, gold_dir, in_store: bool, as_json: bool, errors: bool) -> None:
    from kg.cli.core import open_store
    from kg.resolution.evaluate import evaluate_entities

    report = evaluate_entities(gold_dir, open_store(ctx, read_only=True) if in_store else None)
    if as_json:
        click.echo(json.dumps(report, ensure_ascii=False, indent=2))
        return
    table = Table("kind", "mentions", "bulletins", "gold entities", "system entities", "pairwise P", "pairwise R",
                  "B³ P", "B³ R", "junk kept", title="entity resolution")
    for kind, s in report["kinds"].items():
        table.add_row(kind, str(s["mentions"]), str(s["bulletins"]), str(s["gold_entities"]), str(s["system_entities"]),
                      f"{s['pairwise']['precision']:.3f}", f"{s['pairwise']['recall']:.3f}",
                      f"{s['bcubed']['precision']:.3f}", f"{s['bcubed']['recall']:.3f}",
                      f"{s['junk_kept_as_entities']}/{s['junk_mentions']}")
    Console(width=160).print(table)
    if errors:
        for kind, s in report["kinds"].items():
            for line in s["wrongly_merged"]:
                click.echo(f"MERGED {kind:12} {line}")
            for line in s["wrongly_split"]:
                click.echo(f"SPLIT  {kind:12} {line}")


def _evaluate_genre(gold_dir, corpus, as_json: bool, errors: bool) -> None:
    from kg.evaluate_genre import GoldError, evaluate_genre

    if not corpus:
        raise click.UsageError("--corpus is needed: the label files hold line numbers into the corpus, not texts")
    try:
        report = evaluate_genre(gold_dir, corpus)
    except GoldError as err:
        raise click.ClickException(str(err)) from None
    if as_json:
        click.echo(json.dumps(report, ensure_ascii=False, indent=2))
        return
    table = Table("file", "rows", "scored", "precision", "recall", "F1", "TP", "FP", "FN", "TN",
                  title="Party/government bulletins (P): strict = all rows, lenient = borderline rows left out")
    for name, f in report["files"].items():
        for kind in ("strict", "lenient"):
            s = f[kind]
            table.add_row(name, str(f["strict"]["rows"]), kind, f"{s['precision']:.3f}", f"{s['recall']:.3f}",
                          f"{s['f1']:.3f}", str(s["tp"]), str(s["fp"]), str(s["fn"]), str(s["tn"]))
    Console(width=140).print(table)
    if errors:
        for name, f in report["files"].items():
            for e in f["errors"]:
                kind = "MISS " if e["gold"] == "P" else "FALSE"
                mark = " (borderline)" if e["borderline"] else ""
                click.echo(f"{kind} {name} {e['id']}{mark}: {e['title']}")
                click.echo(f"      {e['why']}")
