"""Keeping the index in step with the store as `kg ingest` and `kg remove` write it.

A write is bracketed: `begin_write` marks the index as pending (a committed flag in the index) before
the store changes, `end_write` re-indexes the bulletins written or removed and clears the mark. A run
killed in between leaves the mark, and the next write (or `kg index --check`) finds the index
stale: `end_write` then repairs it from a full comparison with the store instead of trusting the
list of ids, since the killed run's list is lost.

Only an embedded store folder has an index; a store in memory or a remote one has none. A fault of
the index (a full disk, a damaged file) never fails the write of the store: it is reported, and
`kg index` rebuilds the index.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from kg.search import index_path
from kg.search.index import SearchIndexError, connect, remove_from_index, repair_index, update_index


@dataclass
class IndexUpkeep:
    path: Path | None
    repaired: bool = False  # a previous write was interrupted: the index was compared with the whole store
    indexed: int = 0
    removed: int = 0
    error: str | None = None

    def to_json(self) -> dict:
        # No path: it follows from the store's, and two stores ingesting the same input agree.
        return {"kept": self.path is not None, "repaired": self.repaired, "indexed": self.indexed,
                "removed": self.removed, "error": self.error}


def _path(store) -> Path | None:
    folder = getattr(store, "path", None)
    if folder is None or getattr(store, "read_only", False) or not hasattr(store, "match"):
        return None
    return index_path(folder)


def _set_pending(path: Path, value: str | None) -> str | None:
    """Set (or clear, with None) the pending mark; returns the mark found before."""
    conn = connect(path)
    try:
        with conn:
            row = conn.execute("SELECT value FROM meta WHERE key = 'pending'").fetchone()
            if value is None:
                conn.execute("DELETE FROM meta WHERE key = 'pending'")
            else:
                conn.execute("INSERT OR REPLACE INTO meta VALUES ('pending', ?)", (value,))
        return row[0] if row else None
    finally:
        conn.close()


def begin_write(store) -> IndexUpkeep:
    """Call before writing the store. Returns the state `end_write` needs."""
    path = _path(store)
    upkeep = IndexUpkeep(path)
    if path is None or not path.exists():
        return upkeep
    try:
        upkeep.repaired = _set_pending(path, "1") is not None  # already pending: a write was interrupted
    except (SearchIndexError, sqlite3.Error, OSError) as err:
        upkeep.error = f"{err}"
    return upkeep


def end_write(store, upkeep: IndexUpkeep, written: Iterable[str] = (), removed: Iterable[str] = ()) -> IndexUpkeep:
    """Call after the store is written: index `written` again, drop `removed`, clear the mark."""
    path = upkeep.path
    if path is None:
        return upkeep
    try:
        if upkeep.repaired or upkeep.error:
            summary = repair_index(store, path)
        else:
            upkeep.removed = remove_from_index(path, removed)
            summary = update_index(store, path, written)
        upkeep.indexed, upkeep.removed = summary.indexed, upkeep.removed + summary.removed
        _set_pending(path, None)
        upkeep.error = None
    except Exception as err:  # any fault of the index costs the index, never the store's write
        upkeep.error = (f"the search index at {path} was not updated ({type(err).__name__}: {err}); the store "
                        "was written. Run `kg index` to rebuild it.")
    return upkeep
