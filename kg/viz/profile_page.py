"""The profile page of every merged official, organization, document and event, and the faceted index
beside it, as files: plain data in, {relative path: text} out (the site writer writes them).

One page (profile.html) shows the entity its fragment names (kg.viz.paths.profile_page). Its data
sit in a few hundred shards, small JS files that call `kgShard(n, data)`: a page opened from file://
may load a <script src> but not fetch or XHR, and one file per entity would cost tens of thousands of
files. The shard of an entity is the FNV-1a hash of its local id modulo the shard count, computed
the same way by profile.js.
"""

from __future__ import annotations

import math

from kg import __version__
from kg.store import GraphStore
from kg.viz import paths
from kg.viz.profiles import Catalog, Entity, Row, local_id, read_catalog
from kg.viz.resources import asset, environment, icon_svg, script_json
from kg.viz.style import CLASS_STYLE, TYPE_LABEL

SHARD_DIR = "profiles"
SHARD_TARGET = 200  # entities per shard at most: a hub's shard stays a few hundred KB


def entity_site(store: GraphStore, *, bulletin_pages: bool = True) -> dict[str, str]:
    """Profile page, its shards, and the faceted index with its data, read from `store` once.
    Without bulletin pages (kg viz --no-bulletin-pages), rows name their bulletin but link nowhere."""
    from kg.viz.facets import facet_files

    catalog = read_catalog(store)
    return {**profile_files(catalog, bulletin_pages=bulletin_pages), **facet_files(catalog, bulletin_pages=bulletin_pages)}


def shard_count(n_entities: int) -> int:
    """A power of two, so that adding bulletins re-cuts the shards only when the entities double:
    between, a new entity lands in one shard and the others are written unchanged."""
    return 1 << max(0, math.ceil(math.log2(max(1, n_entities) / SHARD_TARGET)))


def shard_of(local: str, shards: int) -> int:
    """FNV-1a (32 bit) of the UTF-8 bytes, as profile.js computes it."""
    h = 0x811C9DC5
    for byte in local.encode("utf-8"):
        h = ((h ^ byte) * 0x01000193) & 0xFFFFFFFF
    return h % shards


def profile_files(catalog: Catalog, *, bulletin_pages: bool = True) -> dict[str, str]:
    shards = shard_count(len(catalog.entities))
    buckets: list[dict] = [{"b": {}, "e": {}} for _ in range(shards)]
    for e in sorted(catalog.entities.values(), key=lambda e: e.iri):  # same data, same bytes
        local = local_id(e.iri)
        bucket = buckets[shard_of(local, shards)]
        bucket["e"][local] = profile_data(e, catalog, bucket["b"], bulletin_pages=bulletin_pages)
    for b in buckets:
        b["b"] = dict(sorted(b["b"].items()))
    files = {f"{SHARD_DIR}/{i}.js": f"kgShard({i},{script_json(b)});\n" for i, b in enumerate(buckets)}
    files[paths.PROFILE] = _page(shards, sum(len(b["e"]) for b in buckets))
    return files


def profile_data(e: Entity, catalog: Catalog, bulletins: dict, *, bulletin_pages: bool = True) -> dict:
    """One entity as the page reads it; `bulletins` collects the shard's table of bulletins
    (id -> [page, date, title, political: 1, 0 or null]) so each is written once per shard."""
    def row(r: Row) -> list:
        if r.bulletin not in bulletins:
            b = catalog.bulletins.get(r.bulletin)
            page = paths.bulletin_page(r.bulletin) if bulletin_pages else None
            bulletins[r.bulletin] = [page, b.date if b else None, b.title if b else r.bulletin,
                                     None if b is None or b.political is None else int(b.political)]
        return [r.text, r.bulletin, r.start, r.date, local_id(r.target) if r.target in catalog.entities else None,
                r.quote]

    sections = [[s.title, s.note, [[g.title, local_id(g.target) if g.target in catalog.entities else None,
                                    [row(r) for r in g.rows]] for g in s.groups]] for s in e.sections]
    attrs = [[k, v] for k, v in (("number", e.attrs.get("documentNumber")), ("issued", e.attrs.get("documentDate")),
                                 ("session", e.attrs.get("issuingSession")), ("issuer", e.issuer),
                                 ("date", e.attrs.get("startDate")), ("place", e.attrs.get("place"))) if v]
    return {"c": e.cls, "t": TYPE_LABEL.get(e.type, e.type), "l": e.label, "p": sorted(e.provinces), "a": attrs,
            "s": sections, "iri": e.iri}


def _page(shards: int, entities: int) -> str:
    icons = {c: icon_svg(s.shape, s.colour) for c, s in CLASS_STYLE.items()}
    config = {"shards": shards, "dir": SHARD_DIR + "/", "icons": icons, "entities": entities,
              "colours": {c: s.colour for c, s in CLASS_STYLE.items()}}
    return environment().get_template("profile.html").render(
        version=__version__, css=asset("pages.css") + asset("profile.css"), js=asset("profile.js"),
        config=script_json(config))


__all__ = ["entity_site", "profile_files", "profile_data", "shard_of", "shard_count", "SHARD_DIR"]
