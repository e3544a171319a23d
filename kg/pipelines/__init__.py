"""Scheduled, incremental ingestion: pipeline definitions (pipelines/*.toml), runs that ingest only
what is new or changed, quarantine for bad articles, PROV-O run records, store locking and scheduling.

>>> from kg.pipelines import load_pipeline, execute
>>> result = execute(load_pipeline("pipelines/sample.toml"))   # doctest: +SKIP
"""

from kg.pipelines.definition import Pipeline, PipelineError, find_pipeline, load_pipeline
from kg.pipelines.runner import RunResult, execute, run_pipeline
from kg.pipelines.target import StoreLocked

__all__ = ["Pipeline", "PipelineError", "RunResult", "StoreLocked", "execute", "find_pipeline", "load_pipeline",
           "run_pipeline"]
