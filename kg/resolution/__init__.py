"""Entity resolution: which mentions, across all bulletins, are one official, organization,
document or event.

A stage of its own between the records and the store:

    records ──> mentions.resolve_mentions ──> quads (IRIs from the bulletin's own evidence)
                                                 │
                store ──> store_pass.resolve_store (clusters.py: merge compatible mentions, split
                          conflicting ones, curation wins) ──> nodes renamed in the bulletins' graphs

`settle` is what `kg ingest` and the pipelines run after writing: resolve the blocks the new
bulletins touch, then record the curation file's decisions.
"""

from __future__ import annotations

from pathlib import Path

from kg.resolution.store_pass import RESOLUTION_GRAPH, ResolutionReport, resolve_store

__all__ = ["RESOLUTION_GRAPH", "ResolutionReport", "resolve_store", "settle"]


def settle(store, bulletins: list[str] | None, curation_path: str | Path | None) -> tuple[ResolutionReport | None, int]:
    """Resolve the blocks `bulletins` touch (all blocks when None), then apply and record the curation
    file. Returns the resolution report (None for a store without the rename path, a remote one) and
    the number of curation decisions recorded. Raises kg.curation.CurationError for a bad file."""
    from kg.curation import apply_curation, load_curation

    cur = load_curation(curation_path) if curation_path and Path(curation_path).exists() else None
    report = None
    if hasattr(store, "rename_nodes") and (bulletins is None or bulletins):
        report = resolve_store(store, bulletins=bulletins, curation=cur)
    decisions = 0
    if cur is not None and (cur.same_as or cur.not_same_as or cur.split):
        decisions = apply_curation(store, cur)
    if hasattr(store, "rename_nodes"):
        from kg.rdf.posts import refresh_post_intervals

        refresh_post_intervals(store)  # derived from the positions, so after every rename
    return report, decisions
