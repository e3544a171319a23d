"""The `kg` command. Each sub-command group lives in its own module and registers itself here."""

from __future__ import annotations

import click

from kg import __version__
from kg.store import default_store_path


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="kg")
@click.option("--store", "store_path", type=click.Path(file_okay=False), default=None,
              help="Folder of the embedded Oxigraph store [default: exports/store, or $KG_STORE].")
@click.pass_context
def main(ctx: click.Context, store_path: str | None) -> None:
    """Turn Vietnamese Party and government bulletins into a knowledge graph.

    \b
    Typical use:
      kg ingest bulletins/           read, extract and store every article
      kg query "SELECT ..."          ask the graph in SPARQL
      kg export --format trig -o kg.trig
      kg validate                    check the graph against the SHACL shapes
    """
    ctx.ensure_object(dict)
    ctx.obj["store_path"] = store_path or str(default_store_path())


# The commands register themselves on `main` when their modules are imported, after it exists.
from kg.cli import (  # noqa: E402
    core,  # noqa: F401
    entities,  # noqa: F401
    evaluate,  # noqa: F401
    pipeline,  # noqa: F401
    search,  # noqa: F401
    serve,  # noqa: F401
    status,  # noqa: F401
    viz,  # noqa: F401
)
