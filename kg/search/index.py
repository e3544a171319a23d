"""The search index: an SQLite file beside the store, with FTS5 full-text tables and facet side tables.

Why SQLite FTS5 rather than tantivy: it ships inside Python's own sqlite3 (nothing to install or
build), a query, its facets and its filters are one SQL statement over one file, a write is a
transaction (a crash leaves the last committed state), and `kg serve` can open the file read-only
per request while the store is held by its engine.

Two full-text tables share the bulletins' text as external content, so the text is stored once:

- `fts` folds case and diacritics ("nghi quyet" finds "Nghị quyết"); unicode61 leaves "đ" alone
  (it has no decomposition), so both index and queries map đ/Đ to d/D first, one character for one,
  which keeps every offset of the folded text equal to the original's;
- `fts_exact` folds case only, for matching with the diacritics as written ("Lại" but not "Lai").

Consistency with the store: each bulletin's row carries the store's ledger (content hash, extractor
version) and its Party/government flag; `check_index` compares them with the store and says which
bulletins are missing, outdated or gone. A full build writes a new file and moves it over the old
one, so a killed build leaves the previous index whole; an update is one transaction per batch.
"""

from __future__ import annotations

import json
import os
import sqlite3
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator

import pyoxigraph as ox

from kg.rdf.iri import graph_iri
from kg.search.records import PARTY_GOVERNMENT, SearchRecord, search_record

SCHEMA_VERSION = "2"
BATCH = 500  # bulletins per transaction of an update, and per progress report
Progress = Callable[[int, int], None]  # (bulletins done, bulletins in all)


def fold(text: str) -> str:
    """What the folding index sees: đ/Đ as d/D (the tokenizer removes every other diacritic)."""
    return text.replace("đ", "d").replace("Đ", "D")


def _sql_fold(column: str) -> str:
    return f"replace(replace({column}, 'đ', 'd'), 'Đ', 'D')"


SCHEMA = f"""
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE bulletins(
  rowid INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, date TEXT, date_start TEXT, date_end TEXT, date_source TEXT,
  publisher TEXT, author TEXT, url TEXT, political INTEGER, content_hash TEXT NOT NULL,
  extractor_version TEXT NOT NULL, spans TEXT NOT NULL);
CREATE INDEX bulletins_by_date ON bulletins(date_start);
CREATE TABLE texts(rowid INTEGER PRIMARY KEY, title TEXT NOT NULL, text TEXT NOT NULL);
CREATE TABLE facets(bulletin INTEGER NOT NULL, facet TEXT NOT NULL, value TEXT NOT NULL, iri TEXT NOT NULL);
CREATE INDEX facets_by_value ON facets(facet, value, bulletin);
CREATE INDEX facets_by_bulletin ON facets(bulletin, facet, value);
CREATE VIEW folded(rowid, title, text) AS SELECT rowid, {_sql_fold('title')}, {_sql_fold('text')} FROM texts;
CREATE VIRTUAL TABLE fts USING fts5(title, text, content='folded', content_rowid='rowid',
  tokenize='unicode61 remove_diacritics 2');
CREATE VIRTUAL TABLE fts_exact USING fts5(title, text, content='texts', content_rowid='rowid',
  tokenize='unicode61 remove_diacritics 0');
CREATE TRIGGER texts_added AFTER INSERT ON texts BEGIN
  INSERT INTO fts(rowid, title, text) VALUES (new.rowid, {_sql_fold('new.title')}, {_sql_fold('new.text')});
  INSERT INTO fts_exact(rowid, title, text) VALUES (new.rowid, new.title, new.text);
END;
CREATE TRIGGER texts_removed AFTER DELETE ON texts BEGIN
  INSERT INTO fts(fts, rowid, title, text) VALUES ('delete', old.rowid, {_sql_fold('old.title')}, {_sql_fold('old.text')});
  INSERT INTO fts_exact(fts_exact, rowid, title, text) VALUES ('delete', old.rowid, old.title, old.text);
END;
CREATE TRIGGER bulletins_removed AFTER DELETE ON bulletins BEGIN
  DELETE FROM texts WHERE rowid = old.rowid;
  DELETE FROM facets WHERE bulletin = old.rowid;
END;
"""


class SearchIndexError(RuntimeError):
    """The index is missing, unreadable or of another version: the message says to run `kg index`."""


@dataclass
class IndexCheck:
    path: Path
    exists: bool
    schema_ok: bool = True
    indexed: int = 0
    stored: int = 0
    missing: list[str] = field(default_factory=list)  # in the store, not in the index
    outdated: list[str] = field(default_factory=list)  # indexed from another version of the bulletin
    extra: list[str] = field(default_factory=list)  # in the index, no longer in the store
    interrupted: bool = False  # a write of the store began and its index update never ended

    @property
    def stale(self) -> bool:
        return (not self.exists or not self.schema_ok or self.interrupted
                or bool(self.missing or self.outdated or self.extra))

    def to_json(self) -> dict:
        return {"index": str(self.path), "exists": self.exists, "schema_ok": self.schema_ok, "stale": self.stale,
                "indexed": self.indexed, "stored": self.stored, "missing": self.missing,
                "outdated": self.outdated, "extra": self.extra, "interrupted": self.interrupted}


@dataclass
class BuildSummary:
    path: Path
    indexed: int = 0
    removed: int = 0
    seconds: float = 0.0
    bytes: int = 0


def connect(path: str | Path, *, read_only: bool = False) -> sqlite3.Connection:
    """An open index; read-only connections refuse to create a missing file."""
    path = Path(path)
    if read_only:
        if not path.exists():
            raise SearchIndexError(f"no search index at {path}: run `kg index` to build it from the store")
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
    else:
        conn = sqlite3.connect(path)
    try:
        version = conn.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()
    except sqlite3.DatabaseError as err:
        conn.close()
        raise SearchIndexError(f"the search index at {path} cannot be read ({err}): run `kg index` to rebuild it") from None
    if version is None or version[0] != SCHEMA_VERSION:
        conn.close()
        raise SearchIndexError(f"the search index at {path} is of another version: run `kg index` to rebuild it")
    return conn


def _create(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(path)
    conn.executescript(SCHEMA)
    conn.execute("INSERT INTO meta VALUES ('schema', ?)", (SCHEMA_VERSION,))
    conn.commit()
    return conn


# -- reading the store ---------------------------------------------------------------------------

def store_ledger(store) -> dict[str, tuple[str, str, bool | None]]:
    """{bulletin id: (content hash, extractor version, Party/government flag)} for the whole store,
    in one query: what the index must agree with."""
    rows = store.select(f"""
        SELECT ?id ?hash ?version ?pg WHERE {{ GRAPH ?g {{
          ?b a bkg:Bulletin ; schema:identifier ?id .
          OPTIONAL {{ ?b bkg:contentHash ?hash }} OPTIONAL {{ ?b bkg:extractorVersion ?version }}
          OPTIONAL {{ ?b <{PARTY_GOVERNMENT}> ?pg }} }} }}""")
    return {r["id"]: (str(r.get("hash", "")), str(r.get("version", "")), _flag(r.get("pg"))) for r in rows}


def _flag(value) -> bool | None:
    if value is None:
        return None
    return value in (True, "true", "1", 1)


def read_records(store, ids: Iterable[str]) -> Iterator[tuple[str, SearchRecord | None]]:
    """Each bulletin's record, read from its graph alone (None for a bulletin no longer stored)."""
    for bid in ids:
        yield bid, search_record(bid, store.match(None, None, None, ox.NamedNode(graph_iri(bid))))


# -- writing -------------------------------------------------------------------------------------

def _write(conn: sqlite3.Connection, bid: str, record: SearchRecord | None) -> None:
    conn.execute("DELETE FROM bulletins WHERE id = ?", (bid,))
    if record is None:
        return
    d = record.date
    cur = conn.execute(
        "INSERT INTO bulletins(id, date, date_start, date_end, date_source, publisher, author, url, "
        "political, content_hash, extractor_version, spans) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
        (record.id, d.text if d else None, d.start if d else None, d.end if d else None,
         record.date_source, record.publisher, record.author, record.url,
         None if record.political is None else int(record.political), record.content_hash,
         record.extractor_version, json.dumps(record.spans)))
    # The text in a table of its own: reading a bulletin's date or flag never walks through its text.
    conn.execute("INSERT INTO texts VALUES (?,?,?)", (cur.lastrowid, record.title, record.text))
    conn.executemany("INSERT INTO facets VALUES (?,?,?,?)",
                     [(cur.lastrowid, f, v, iri) for f, v, iri in sorted(record.facets)])


def _write_batches(conn: sqlite3.Connection, store, ids: list[str], on_progress: Progress | None) -> tuple[int, int]:
    """Write (or drop) each of `ids`, one transaction per batch. Returns (indexed, removed)."""
    indexed = removed = 0
    for i in range(0, len(ids), BATCH):
        with conn:  # one transaction: a crash keeps whole batches only
            for bid, record in read_records(store, ids[i:i + BATCH]):
                _write(conn, bid, record)
                indexed += record is not None
                removed += record is None
        if on_progress:
            on_progress(min(i + BATCH, len(ids)), len(ids))
    return indexed, removed


def build_index(store, path: str | Path, *, on_progress: Progress | None = None) -> BuildSummary:
    """Build the index of every bulletin in `store` from scratch, into `path`.

    The new index is written beside the old one and moved over it at the end, so an interrupted
    build leaves the previous index (or none) in place, never half of one."""
    started = time.perf_counter()
    path = Path(path)
    tmp = path.with_name(path.name + ".building")
    tmp.unlink(missing_ok=True)
    conn = _create(tmp)
    try:
        ids = sorted(store_ledger(store))
        indexed, _ = _write_batches(conn, store, ids, on_progress)
        with conn:
            conn.execute("INSERT INTO fts(fts) VALUES ('optimize')")
            conn.execute("INSERT INTO fts_exact(fts_exact) VALUES ('optimize')")
        conn.close()
        os.replace(tmp, path)
    except BaseException:
        conn.close()
        tmp.unlink(missing_ok=True)
        raise
    return BuildSummary(path, indexed, 0, time.perf_counter() - started, path.stat().st_size)


def update_index(store, path: str | Path, ids: Iterable[str], *, on_progress: Progress | None = None) -> BuildSummary:
    """Index again each of `ids` as the store now holds it: written or replaced bulletins are
    re-read, removed ones dropped. Without an index yet, the whole store is indexed."""
    path = Path(path)
    if not path.exists():
        return build_index(store, path, on_progress=on_progress)
    started = time.perf_counter()
    conn = connect(path)
    try:
        indexed, removed = _write_batches(conn, store, sorted(set(ids)), on_progress)
    finally:
        conn.close()
    return BuildSummary(path, indexed, removed, time.perf_counter() - started, path.stat().st_size)


def remove_from_index(path: str | Path, ids: Iterable[str]) -> int:
    """Drop bulletins from the index (after `kg remove`). Returns how many it held."""
    path = Path(path)
    if not path.exists():
        return 0
    conn = connect(path)
    try:
        with conn:
            return sum(conn.execute("DELETE FROM bulletins WHERE id = ?", (bid,)).rowcount for bid in ids)
    finally:
        conn.close()


def check_index(store, path: str | Path) -> IndexCheck:
    """Does the index agree with the store? Compares every bulletin's ledger and flag."""
    path = Path(path)
    check = IndexCheck(path, path.exists())
    ledger = store_ledger(store)
    check.stored = len(ledger)
    if not check.exists:
        check.missing = sorted(ledger)
        return check
    try:
        conn = connect(path, read_only=True)
    except SearchIndexError:
        check.schema_ok = False
        return check
    try:
        indexed = {bid: (h, v, None if p is None else bool(p)) for bid, h, v, p in conn.execute(
            "SELECT id, content_hash, extractor_version, political FROM bulletins")}
        check.interrupted = conn.execute("SELECT 1 FROM meta WHERE key = 'pending'").fetchone() is not None
    finally:
        conn.close()
    check.indexed = len(indexed)
    check.missing = sorted(set(ledger) - set(indexed))
    check.extra = sorted(set(indexed) - set(ledger))
    check.outdated = sorted(b for b in set(ledger) & set(indexed) if ledger[b] != indexed[b])
    return check


def repair_index(store, path: str | Path, *, on_progress: Progress | None = None) -> BuildSummary:
    """Bring the index in line with the store by re-reading only the bulletins `check_index` finds
    missing, outdated or gone (a full build when the index is absent or of another version)."""
    check = check_index(store, path)
    if not check.exists or not check.schema_ok:
        return build_index(store, path, on_progress=on_progress)
    summary = update_index(store, path, check.missing + check.outdated + check.extra, on_progress=on_progress)
    conn = connect(path)
    try:
        with conn:  # the index now agrees with the store, whatever write was interrupted before
            conn.execute("DELETE FROM meta WHERE key = 'pending'")
    finally:
        conn.close()
    return summary
