"""Pipeline commands: `kg pipeline run|schedule|check|list` and `kg runs`."""

from __future__ import annotations

import json
import sys
import threading
from pathlib import Path

import click

from kg.cli import main

EXIT_LOCKED = 75  # EX_TEMPFAIL: another run holds the store; try again later

log_format_option = click.option(
    "--log-format", type=click.Choice(["auto", "text", "json"]), default="auto", show_default=True,
    help="json: one JSON object per line on stderr (for cron, systemd, log shippers); text: progress and "
         "warnings for a person; auto: text on a terminal, json otherwise.")
pipelines_option = click.option(
    "--pipelines", "pipelines_dir", type=click.Path(file_okay=False), default=None,
    help="Folder of pipeline definitions [default: $KG_PIPELINES or ./pipelines].")


def _load(name: str, pipelines_dir: str | None):
    from kg.pipelines.definition import PipelineError, find_pipeline, load_pipeline

    try:
        return load_pipeline(find_pipeline(name, pipelines_dir))
    except PipelineError as err:
        raise click.ClickException(str(err)) from None


def _explicit_store(ctx: click.Context) -> str | None:
    """--store when given on the command line (a pipeline's own [store] wins over the defaults only)."""
    return ctx.find_root().params.get("store_path")


@main.group()
def pipeline():
    """Run pipeline definitions (pipelines/NAME.toml) once or on their schedule.

    \b
    Examples:
      kg pipeline run sample                 ingest what is new, once
      kg pipeline schedule lao-cai-feed      run on the schedule until SIGTERM
      kg pipeline check pipelines/*.toml     validate definitions
      kg runs                                recent runs recorded in the store
    """


@pipeline.command("run")
@click.argument("name")
@pipelines_option
@click.option("--force", is_flag=True, help="Re-extract and rewrite every bulletin, even unchanged ones.")
@click.option("--lock-timeout", type=float, default=None,
              help="Seconds to wait for another run on the same store [default: run.lock_timeout, 600].")
@log_format_option
@click.option("-v", "--verbose", is_flag=True, help="Log unchanged and duplicate bulletins too.")
@click.option("--json", "as_json", is_flag=True, help="Print the run summary as JSON on stdout.")
@click.pass_context
def run_command(ctx, name, pipelines_dir, force, lock_timeout, log_format, verbose, as_json):
    """Run pipeline NAME once: ingest new and changed bulletins, skip unchanged ones.

    NAME is a definition in the pipelines folder or a path to a .toml file. Failing articles go to
    the quarantine file and the run goes on. SIGTERM or Ctrl-C stops after the current bulletin and
    records the run as stopped. Exit status: 0 when the run ends (even with quarantined articles or
    stopped), 1 on a definition or store error, 75 when another run keeps the store locked.
    """
    from kg.pipelines import logs
    from kg.pipelines.runner import execute
    from kg.pipelines.scheduling import stop_on_signals
    from kg.pipelines.target import StoreLocked, StoreUnavailable
    from kg.store import StoreError

    definition = _load(name, pipelines_dir)
    logs.configure(log_format, verbose=verbose)
    stop = threading.Event()
    try:
        with stop_on_signals(stop):
            result = execute(definition, store_override=_explicit_store(ctx), force=force, stop=stop,
                             lock_timeout=lock_timeout)
    except StoreLocked as err:
        click.echo(f"Error: {err}" if not stop.is_set() else str(err), err=True)
        sys.exit(0 if stop.is_set() else EXIT_LOCKED)
    except (StoreUnavailable, StoreError) as err:
        raise click.ClickException(str(err)) from None
    _print_summary(result, as_json)


def _print_summary(result, as_json: bool) -> None:
    if as_json:
        click.echo(json.dumps(result.to_json(), ensure_ascii=False, indent=2))
        return
    r = result.record
    c = r.counts
    click.echo(f"pipeline {r.pipeline}: run {r.run_id} {r.status} in {result.seconds:.1f} s, store {result.target.describe()}")
    click.echo(f"read {c['read']}: {c['added']} added, {c['replaced']} replaced, {c['unchanged']} unchanged, "
               f"{c['duplicate']} duplicate, {c['quarantined']} quarantined")
    if result.refreshed:
        click.echo(f"refreshed: {result.refreshed} of the replaced had unchanged text and a graph made by other "
                   "extraction rules")
    if result.not_party_government:
        click.echo(f"not Party/government bulletins (left out by only_party_government): {result.not_party_government}")
    click.echo(f"triples: {result.triples_before} -> {result.triples_after}")
    if result.interrupted_runs:
        click.echo(f"marked interrupted: {', '.join(result.interrupted_runs)}")
    if result.quarantined:
        click.echo(f"quarantined (in {result.quarantine_path}):")
        for q in result.quarantined[:20]:
            click.echo(f"  {q.source}: {q.reason}")
        if len(result.quarantined) > 20:
            click.echo(f"  ... and {len(result.quarantined) - 20} more")


@pipeline.command("schedule")
@click.argument("name")
@pipelines_option
@click.option("--now", "run_now", is_flag=True,
              help="Also run once at start (interval schedules always do; cron ones wait by default).")
@click.option("--lock-timeout", type=float, default=None,
              help="Seconds a run waits for the store; when it stays busy, that run is skipped.")
@log_format_option
@click.option("-v", "--verbose", is_flag=True, help="Log unchanged and duplicate bulletins too.")
@click.pass_context
def schedule_command(ctx, name, pipelines_dir, run_now, lock_timeout, log_format, verbose):
    """Run pipeline NAME on its [schedule] (cron or interval) until SIGTERM or Ctrl-C.

    Stopping lets the run in hand finish its current bulletin and record itself, then exits 0.
    For hosts where a long-lived process is unwelcome, call `kg pipeline run NAME` from cron or a
    systemd timer instead (see docs/pipelines.md).
    """
    import logging

    from kg.pipelines import logs
    from kg.pipelines.runner import emit, execute
    from kg.pipelines.scheduling import run_on_schedule, stop_on_signals
    from kg.pipelines.target import StoreLocked

    definition = _load(name, pipelines_dir)
    if definition.schedule is None:
        raise click.ClickException(f"{definition.file}: schedule: missing: add a [schedule] table with "
                                   'cron = "30 6 * * *" or interval = "6h"')
    logs.configure(log_format, verbose=verbose)
    store_override = _explicit_store(ctx)
    stop = threading.Event()

    def run_once() -> None:
        try:
            execute(definition, store_override=store_override, stop=stop, lock_timeout=lock_timeout)
        except StoreLocked as err:
            emit(logging.WARNING, "run.skipped", f"run skipped: {err}", pipeline=definition.name)

    with stop_on_signals(stop):
        run_on_schedule(definition, run_once, stop=stop,
                        run_now=run_now or definition.schedule.interval is not None)


@pipeline.command("check")
@click.argument("names", nargs=-1, required=True)
@pipelines_option
def check_command(names, pipelines_dir):
    """Validate pipeline definitions (names or .toml paths); exit 1 at the first error."""
    for name in names:
        p = _load(name, pipelines_dir)
        store = p.store.describe() if p.store else "--store / $KG_STORE / exports/store"
        schedule = p.schedule.describe() if p.schedule else "none (run by hand, cron or a timer)"
        click.echo(f"{p.file}: ok: pipeline {p.name}, {len(p.sources)} source(s), store {store}, schedule {schedule}")


@pipeline.command("list")
@pipelines_option
def list_command(pipelines_dir):
    """List the pipeline definitions in the pipelines folder."""
    import os

    from kg.pipelines.definition import PipelineError, load_pipeline, pipeline_files

    folder = Path(pipelines_dir or os.environ.get("KG_PIPELINES", "pipelines"))
    files = pipeline_files(folder)
    if not files:
        raise click.ClickException(f"no pipeline definitions (*.toml) in {folder}/")
    for f in files:
        try:
            p = load_pipeline(f)
        except PipelineError as err:
            click.echo(f"{f.stem}: INVALID: {err}")
            continue
        sources = ", ".join(s.describe() for s in p.sources)
        schedule = p.schedule.describe() if p.schedule else "no schedule"
        click.echo(f"{p.name}: {sources}; {schedule}" + (f" — {p.description}" if p.description else ""))


@main.command("runs")
@click.option("--pipeline", "pipeline_name", help="Only runs of this pipeline (its definition's store is used "
                                                  "when --store is not given).")
@pipelines_option
@click.option("-n", "--limit", type=int, default=20, show_default=True, help="How many recent runs.")
@click.option("--json", "as_json", is_flag=True, help="Print the runs as JSON.")
@click.pass_context
def runs_command(ctx, pipeline_name, pipelines_dir, limit, as_json):
    """List recent pipeline runs recorded in the store (newest first), with their counts.

    Status: completed, stopped (SIGTERM/Ctrl-C), interrupted (the process died; the next run
    resumes), failed, or running (a run holds the store's lock now).
    """
    target = _runs_target(ctx, pipeline_name, pipelines_dir)
    rows = _recorded_runs(target, pipeline_name, limit)
    if as_json:
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2, default=str))
    elif not rows:
        click.echo(f"no runs recorded in {target.describe()}")
    else:
        _print_runs(rows)


def _runs_target(ctx, pipeline_name, pipelines_dir):
    """The store a pipeline's runs are recorded in: its own, unless --store names one."""
    from kg.pipelines.definition import Pipeline, PipelineError, find_pipeline, load_pipeline
    from kg.pipelines.target import resolve_target

    definition = None
    if pipeline_name and not _explicit_store(ctx):
        try:
            definition = load_pipeline(find_pipeline(pipeline_name, pipelines_dir))
        except PipelineError:
            definition = None  # runs of a pipeline whose file is gone: look in the default store
    placeholder = definition or Pipeline(name=pipeline_name or "runs", file=Path("."), sources=())
    return resolve_target(placeholder, _explicit_store(ctx))


def _recorded_runs(target, pipeline_name, limit) -> list[dict]:
    from kg.pipelines.provenance import recent_runs
    from kg.pipelines.target import StoreUnavailable, is_locked, open_store
    from kg.store import GraphStore, StoreError

    try:
        if target.store.path is not None:
            if not target.store.path.exists():
                raise click.ClickException(f"no store at {target.store.path}: run a pipeline first, or name one with --store")
            store = GraphStore(target.store.path, read_only=True)
        else:
            store = open_store(target)
        rows = recent_runs(store, pipeline=pipeline_name, limit=limit)
    except (StoreError, StoreUnavailable) as err:
        raise click.ClickException(str(err)) from None
    if any(r["status"] == "running" for r in rows) and not is_locked(target):
        for r in rows:  # nobody holds the lock, so no run is live: those processes died
            if r["status"] == "running":
                r["status"] = "interrupted"
    return rows


def _print_runs(rows: list[dict]) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table()
    for column in ("started (local time)", "pipeline", "status", "read", "added", "replaced", "unchanged",
                   "quarantined", "seconds", "run"):
        table.add_column(column, no_wrap=True, justify="right" if column in _COUNT_COLUMNS else "left")
    for r in rows:
        table.add_row(_moment(r["start"]).astimezone().strftime("%Y-%m-%d %H:%M:%S"), r["pipeline"], r["status"],
                      str(r["read"]), str(r["added"]), str(r["replaced"]), str(r["unchanged"]), str(r["quarantined"]),
                      _seconds(r), r["run_id"][:8])
    Console(width=max(132, Console().width)).print(table)


_COUNT_COLUMNS = {"read", "added", "replaced", "unchanged", "quarantined", "seconds"}


def _moment(value):
    from datetime import datetime

    return datetime.fromisoformat(str(value).replace("Z", "+00:00"))


def _seconds(row: dict) -> str:
    if not row.get("end"):
        return ""
    return f"{(_moment(row['end']) - _moment(row['start'])).total_seconds():.1f}"
