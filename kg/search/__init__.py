"""Full-text search over the bulletins of a store, with facets and export.

Data flows one way:

    store ──> one record per bulletin ──> SQLite side file ──> search results ──> page, JSON, CSV, RIS, CSL-JSON
    (its named graph)  kg.search.records    kg.search.index      kg.search.query    kg.search.page / export / http

The index lives beside the store, in STORE/search.sqlite (`index_path`). It is written at ingest,
replace and remove, and rebuilt by `kg index`; `kg index --check` compares it with the store.
"""

from __future__ import annotations

from pathlib import Path

INDEX_FILE = "search.sqlite"


def index_path(store_path: str | Path) -> Path:
    """Where the search index of the store folder `store_path` lives (inside the folder, which
    Oxigraph shares: RocksDB leaves files it does not name alone)."""
    return Path(store_path) / INDEX_FILE
