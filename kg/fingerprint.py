"""The extractor version written to the ledger: a fingerprint of everything that decides a graph.

A stored bulletin's graph depends on its text (the content hash) and on the rules that read it: the
extraction components and lexicons (`kg/nlp/`), the mapping and identity rules (`kg/rdf/`), the
records they share (`kg/records.py`), cleaning (`kg/reading/clean.py`), and the vocabulary data
(`ontology/*.ttl`, `ontology/*.tsv`, the word lists of `ontology/lexicon/`; the query catalog is left
out, it changes no graph). The
release number alone stayed "0.1.0" across a hundred rule changes, so graphs built by old rules were
never refreshed. The fingerprint changes whenever any of those files does, and `kg ingest` and
pipelines re-extract a bulletin whose graph came from other rules.

It is computed once per process (reading ~100 kB of sources, a few milliseconds).

>>> extractor_version()  # doctest: +SKIP
'0.1.0+3f9a1c07d2e4b6a8'
"""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path

import kg

PACKAGE = Path(kg.__file__).resolve().parent
# Relative to the package; "ontology" is the installed kg.ontology (the checkout's ontology/ folder).
RULE_SOURCES = ("nlp", "rdf", "records.py", "reading/clean.py", "fingerprint.py")
# The word lists under ontology/lexicon/ hold extraction rules as data (titles, document types, name
# boundaries), so they decide a graph as much as the code that reads them.
ONTOLOGY_DATA = ("*.ttl", "*.tsv", "lexicon/*.tsv")


def _ontology_folder() -> Path:
    import kg.ontology

    return Path(kg.ontology.__file__).resolve().parent


def rule_files() -> list[tuple[str, Path]]:
    """(name, path) of every file the fingerprint covers, in a stable order."""
    files: list[tuple[str, Path]] = []
    for rel in RULE_SOURCES:
        path = PACKAGE / rel
        found = sorted(path.rglob("*.py")) if path.is_dir() else [path]
        files.extend((f"kg/{p.relative_to(PACKAGE).as_posix()}", p) for p in found if "__pycache__" not in p.parts)
    ontology = _ontology_folder()
    for pattern in ONTOLOGY_DATA:
        files.extend((f"ontology/{p.relative_to(ontology).as_posix()}", p) for p in sorted(ontology.glob(pattern)))
    return files


@cache
def rules_digest() -> str:
    h = hashlib.sha256()
    for name, path in rule_files():
        h.update(name.encode())
        h.update(b"\0")
        h.update(path.read_bytes().replace(b"\r\n", b"\n"))  # a checkout with CRLF endings is the same rules
        h.update(b"\0")
    return h.hexdigest()


@cache
def extractor_version(configuration: str = "") -> str:
    """`<release>+<16 hex digits>`. `configuration` names a non-default extraction pipeline (e.g. a
    pipeline definition's components), which also decides the graph."""
    h = hashlib.sha256(rules_digest().encode())
    if configuration:
        h.update(b"\0" + configuration.encode())
    return f"{kg.__version__}+{h.hexdigest()[:16]}"
