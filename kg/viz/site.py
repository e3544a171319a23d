"""Write the pages of `kg viz` into one folder: the index, the overview, focused views, the list of
bulletins and one page per bulletin, with the scripts and styles they share under assets/. Links
between pages are relative, so the folder works from file:// with no network, and can be copied
anywhere.

Page builders return plain data (relative path -> text); `SiteWriter` is the one place that writes.
A manifest (views.json) remembers what the folder holds and a digest of every file, so a re-run
writes only the pages whose text changed (after more bulletins: their pages, their older and newer
neighbours, pages whose node labels changed, the list, the index, and the graph pages if their
content changed) and removes the pages of bulletins that are gone; writing one more focused view
updates the index without touching the bulletin pages. It still builds the projection and renders
every page to compare digests: what it saves is writing, not computing.
"""

from __future__ import annotations

import hashlib
import html
import json
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import networkx as nx

from kg import __version__
from kg.graphs import CLASSES, attach_quotes, bulletin_nodes, most_cited, project, store_class_counts
from kg.store import GraphStore
from kg.viz import paths
from kg.viz.bulletin_page import bulletin_facts, bulletin_index, bulletin_texts, bulletin_title, segments
from kg.viz.graph_page import render
from kg.viz.profile_page import entity_site
from kg.viz.resources import asset_files, environment, icon_svg, script_tag, style_tag
from kg.viz.style import CLASS_STYLE, TYPE_LABEL
from kg.viz.views import DEFAULT_CAP, DEFAULT_DEPTH, DEFAULT_FOCUS_CAP, View, find_node, focus, overview, party_bulletins

DEFAULT_OUT = Path("exports") / "viz"
DEFAULT_FOCUS_TOP = 3  # focused views written for the most cited documents, officials and organizations
RANKED = (("Document", "Documents"), ("Official", "Officials"), ("Organization", "Organizations"))


@dataclass
class SiteSummary:
    out: Path
    pages: dict[str, int] = field(default_factory=dict)  # kind -> pages in the site
    bytes: dict[str, int] = field(default_factory=dict)  # kind -> bytes of those pages
    written: dict[str, int] = field(default_factory=dict)  # kind -> pages written by this run (changed or new)
    written_bytes: int = 0
    removed: int = 0  # pages of bulletins no longer in the store
    seconds: dict[str, float] = field(default_factory=dict)  # step -> seconds
    views: list[View] = field(default_factory=list)
    files: list[str] = field(default_factory=list)  # pages written by this run, relative to `out`, in order
    view_files: list[str] = field(default_factory=list)  # the page of each view in `views`, written or unchanged
    graph: nx.DiGraph | None = field(default=None, repr=False)  # the projection the pages were drawn from

    def to_json(self) -> dict:
        return {"out": str(self.out), "pages": self.pages, "bytes": self.bytes, "written": self.written,
                "written_bytes": self.written_bytes, "removed": self.removed, "seconds": self.seconds,
                "views": [{"kind": v.kind, "title": v.title, "nodes": len(v.nodes), "left_out": v.left_out,
                           "clusters": len(v.clusters)} for v in self.views]}


class SiteWriter:
    """Writes pages into `out`, skipping those whose text is what the folder already holds (by the
    digests in the manifest), and remembers every file for the next run."""

    def __init__(self, out: Path, manifest: dict, summary: SiteSummary):
        self.out, self.summary = out, summary
        self.previous: dict[str, str] = dict(manifest.get("files", {}))
        self.digests: dict[str, str] = dict(self.previous)
        self.seen: set[str] = set()

    def put(self, kind: str, rel: str, text: str) -> None:
        data = text.encode("utf-8")
        digest = hashlib.blake2b(data, digest_size=12).hexdigest()
        path = self.out / rel
        s = self.summary
        s.pages[kind] = s.pages.get(kind, 0) + 1
        s.bytes[kind] = s.bytes.get(kind, 0) + len(data)
        self.seen.add(rel)
        if self.previous.get(rel) == digest and path.is_file():
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        self.digests[rel] = digest
        s.files.append(rel)
        s.written[kind] = s.written.get(kind, 0) + 1
        s.written_bytes += len(data)

    def put_all(self, kind: str, pages) -> None:
        """`pages`: a dict or an iterator of (relative path, text)."""
        for rel, text in (pages.items() if isinstance(pages, dict) else pages):
            self.put(kind, rel, text)

    def remove_unseen(self, under: str) -> None:
        """Delete the files under `under` that this run did not write (bulletins gone from the store)."""
        for rel in [r for r in self.digests if r.startswith(under) and r not in self.seen]:
            (self.out / rel).unlink(missing_ok=True)
            del self.digests[rel]
            self.summary.removed += 1

    def record(self, manifest: dict) -> None:
        manifest["files"] = self.digests


def write_site(store: GraphStore, out: str | Path = DEFAULT_OUT, *, cap: int = DEFAULT_CAP,
               focus_top: int = DEFAULT_FOCUS_TOP, bulletin_pages: bool = True, other_bulletins: bool = False,
               G: nx.DiGraph | None = None) -> SiteSummary:
    """Write every page (only those that changed since the last run). `G` may be given when the
    caller already built the projection; `other_bulletins` draws the overview and lists the latest
    bulletins from every bulletin, not only Party and government news."""
    out = Path(out)
    summary = SiteSummary(out)
    t = time.perf_counter()
    if G is None:
        G = project(store)
    summary.graph = G
    summary.seconds["project"] = _lap(t)
    if G.graph.get("bulletin_count", 0) == 0:
        raise ValueError(f"the store at {store.path or '(memory)'} holds no bulletins: run `kg ingest` first")
    manifest = read_manifest(out)
    writer = SiteWriter(out, manifest, summary)
    writer.put_all("asset", asset_files())

    t = time.perf_counter()
    view = overview(G, cap, other_bulletins=other_bulletins)
    attach_quotes(store, G, view.nodes)
    writer.put("overview", paths.OVERVIEW, render(G, view, paths.OVERVIEW, bulletin_pages=bulletin_pages))
    summary.views.append(view)
    summary.view_files.append(paths.OVERVIEW)
    manifest["overview"] = {"nodes": len(view.nodes), "clusters": len(view.clusters), "left_out": view.left_out_total,
                            "cap": cap, "other_bulletins": view.other_bulletins, "communities": view.communities}
    summary.seconds["overview"] = _lap(t)

    t = time.perf_counter()
    for cls, _ in RANKED:
        for item in most_cited(G, cls, focus_top):
            _write_focus(store, G, writer, item["iri"], DEFAULT_DEPTH, DEFAULT_FOCUS_CAP, manifest,
                         bulletin_pages=bulletin_pages)
    summary.seconds["focus"] = _lap(t)

    t = time.perf_counter()
    if bulletin_pages:
        rows: list[dict] = []
        writer.put_all("bulletin", bulletin_pages_of(store, G, rows))
        writer.put("list", paths.BULLETIN_LIST, bulletin_list(rows))
        writer.remove_unseen(paths.BULLETIN_DIR + "/")
        manifest["bulletin_pages"] = len(rows)
    else:
        manifest["bulletin_pages"] = 0
    summary.seconds["bulletins"] = _lap(t)

    t = time.perf_counter()
    # Profiles and the faceted index, read from the store.
    writer.put_all("profile", entity_site(store, bulletin_pages=bulletin_pages))
    summary.seconds["profiles"] = _lap(t)

    t = time.perf_counter()
    _write_index(store, G, writer, manifest, bulletin_pages=bulletin_pages, other_bulletins=other_bulletins)
    summary.seconds["index"] = _lap(t)
    return summary


def write_focus(store: GraphStore, out: str | Path, query: str, *, depth: int = DEFAULT_DEPTH,
                cap: int = DEFAULT_FOCUS_CAP, G: nx.DiGraph | None = None) -> tuple[SiteSummary, list[str]]:
    """Write the focused view of the node `query` names, and refresh the index to list it.

    Returns the summary and the other nodes that also matched `query` (best first)."""
    out = Path(out)
    summary = SiteSummary(out)
    t = time.perf_counter()
    if G is None:
        # Statistics are not drawn and spans are read only for the nodes shown: much faster to build.
        G = project(store, statistics=False, evidence=False)
    summary.graph = G
    summary.seconds["project"] = _lap(t)
    match = find_node(G, query)  # raises GraphError with advice when nothing matches
    manifest = read_manifest(out)
    writer = SiteWriter(out, manifest, summary)
    writer.put_all("asset", asset_files())
    bulletin_pages = manifest.get("bulletin_pages", 0) > 0
    t = time.perf_counter()
    _write_focus(store, G, writer, match.node, depth, cap, manifest, bulletin_pages=bulletin_pages)
    summary.seconds["focus"] = _lap(t)
    _write_index(store, G, writer, manifest, bulletin_pages=bulletin_pages,
                 other_bulletins=manifest.get("other_bulletins_drawn", False))
    return summary, match.others


def _write_focus(store: GraphStore, G: nx.DiGraph, writer: SiteWriter, node: str, depth: int, cap: int,
                 manifest: dict, *, bulletin_pages: bool) -> None:
    view = focus(G, node, depth, cap)
    attach_quotes(store, G, view.nodes)
    d = G.nodes[node]
    page = paths.focus_page(d["label"], node, depth)
    writer.put("focus", page, render(G, view, page, bulletin_pages=bulletin_pages))
    writer.summary.views.append(view)
    writer.summary.view_files.append(page)
    entries = [e for e in manifest.setdefault("focus", []) if e["file"] != page]
    entries.append({"file": page, "iri": node, "label": d["label"], "type": TYPE_LABEL.get(d["type"], d["type"]),
                    "cls": d["cls"], "depth": depth, "nodes": len(view.nodes)})
    manifest["focus"] = entries


def bulletin_pages_of(store: GraphStore, G: nx.DiGraph, rows: list[dict]):
    """(path, HTML) of one page per bulletin in the store; appends each bulletin's row for the list."""
    page_tpl = environment().get_template("bulletin.html")
    index = bulletin_index(G)
    order = _bulletins_by_date(G)
    position = {bid: i for i, bid in enumerate(order)}
    for b in bulletin_texts(store):
        page = paths.bulletin_page(b.id)
        prefix = paths.up(page)
        facts = bulletin_facts(G, b.id, index=index)
        segs = segments(b.text, facts)
        groups = []
        for cls in CLASSES:
            members = [f for f in facts if f.cls == cls]
            if members:
                groups.append({"cls": cls, "label": CLASS_STYLE[cls].label, "facts": members})
        i = position.get(b.id)
        previous = _neighbour(G, order, i - 1) if i is not None else None
        following = _neighbour(G, order, i + 1) if i is not None else None
        count = sum(1 + len(f.parts) for f in facts)
        yield page, page_tpl.render(
            version=__version__, css=style_tag("pages.css", prefix), js=script_tag("bulletin.js", prefix),
            prefix=prefix, title=b.title or f"Bulletin {b.id}",
            bulletin_id=b.id, date=b.date, source=b.source, url=b.url, text_html=text_html(segs, facts),
            groups=groups, fact_count=count,
            span_count=sum(1 for s in segs if s.anchor is not None), previous=previous, next=following)
        rows.append({"id": b.id, "date": b.date or "", "title": b.title or b.id, "href": page, "facts": count})


def bulletin_list(rows: list[dict]) -> str:
    """The page listing every bulletin, newest first."""
    rows = sorted(rows, key=lambda r: (r["date"], r["id"]), reverse=True)
    return environment().get_template("bulletins.html").render(version=__version__, css=style_tag("pages.css", ""),
                                                               rows=rows)


def text_html(segs, facts) -> str:
    """The bulletin text as HTML, each span of evidence a <mark> naming its facts."""
    parts = []
    for s in segs:
        text = html.escape(s.text, quote=False)
        if not s.facts:
            parts.append(text)
            continue
        anchor = f' id="ev-{s.anchor}"' if s.anchor is not None else ""
        # The colour comes from the class (k-Official ...) in pages.css; the tooltip naming the
        # facts is set by bulletin.js from the fact list, so the text is not repeated in every mark.
        parts.append(f'<mark class="kg-ev k-{s.cls}" data-f="{" ".join(s.facts)}"{anchor}>{text}</mark>')
    return "".join(parts)


def _bulletins_by_date(G: nx.DiGraph) -> list[str]:
    return sorted((d["bulletin_id"] for _, d in G.nodes(data=True) if d["cls"] == "Bulletin"),
                  key=lambda b: (_date_of(G, b), b))


def _date_of(G: nx.DiGraph, bulletin_id: str) -> str:
    n = bulletin_nodes(G).get(bulletin_id)
    return (G.nodes[n]["first"] or "") if n else ""


def _neighbour(G: nx.DiGraph, order: list[str], i: int):
    if 0 <= i < len(order):
        bid = order[i]
        return ("../" + paths.bulletin_page(bid), bulletin_title(G, bid))
    return None


def _write_index(store: GraphStore, G: nx.DiGraph, writer: SiteWriter, manifest: dict, *, bulletin_pages: bool,
                 other_bulletins: bool) -> None:
    out = writer.out
    manifest["other_bulletins_drawn"] = other_bulletins
    writer.put("index", paths.INDEX, index_page(store, G, manifest, out, bulletin_pages=bulletin_pages,
                                                other_bulletins=other_bulletins))
    writer.record(manifest)
    out.mkdir(parents=True, exist_ok=True)
    (out / paths.MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


def index_page(store: GraphStore, G: nx.DiGraph, manifest: dict, out: Path, *, bulletin_pages: bool,
               other_bulletins: bool = False) -> str:
    """The index: counts, views, the most cited entities and the latest bulletins (Party and
    government news unless `other_bulletins`)."""
    icons = {c: icon_svg(s.shape, s.colour) for c, s in CLASS_STYLE.items()}
    rankings = _rankings(G, manifest, out, icons, bulletin_pages=bulletin_pages)
    counts = [{"label": CLASS_STYLE[c].label, "icon": icons[c], "count": n}
              for c, n in store_class_counts(store).items()]
    order = _bulletins_by_date(G)
    kept, others = party_bulletins(G, include_other=other_bulletins)
    latest_ids = [b for b in reversed(order) if b in kept][:15]
    latest = [(paths.bulletin_page(b), bulletin_title(G, b)) for b in latest_ids] if bulletin_pages else []
    dates = [d for d in (_date_of(G, b) for b in order) if d]
    ov = manifest.get("overview", {})
    return environment().get_template("index.html").render(
        version=__version__, css=style_tag("pages.css", ""), bulletin_count=len(order), classes=counts,
        date_min=min(dates) if dates else None, date_max=max(dates) if dates else None,
        written=datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        overview_nodes=ov.get("nodes", 0), overview_clusters=ov.get("clusters", 0),
        overview_left_out=ov.get("left_out", 0), other_bulletins=others,
        bulletin_pages=manifest.get("bulletin_pages", 0), bulletin_list=(out / paths.BULLETIN_LIST).exists(),
        focus_views=[e for e in manifest.get("focus", []) if (out / e["file"]).exists()],
        rankings=rankings, latest=latest)


def _rankings(G: nx.DiGraph, manifest: dict, out: Path, icons: dict, *, bulletin_pages: bool) -> list[dict]:
    """The most cited documents, officials and organizations, each with its latest bulletins, its
    focused view (when written) and its profile page."""
    focus_by_iri = {e["iri"]: e["file"] for e in manifest.get("focus", []) if (out / e["file"]).exists()}
    rankings = []
    for cls, title in RANKED:
        items = []
        for item in most_cited(G, cls, 20):
            n = G.nodes[item["iri"]]
            links = [(paths.bulletin_page(b), bulletin_title(G, b)) for b in sorted(
                n["bulletins"], key=lambda b: _date_of(G, b), reverse=True)[:20]] if bulletin_pages else []
            items.append({"label": item["label"], "type": TYPE_LABEL.get(item["type"], item["type"]).split(" · ")[0],
                          "bulletins": item["bulletins"], "links": links, "focus": focus_by_iri.get(item["iri"]),
                          "profile": paths.profile_page(item["iri"])})
        rankings.append({"cls": cls, "title": title, "icon": icons[cls], "entries": items})
    return rankings


def read_manifest(out: Path) -> dict:
    try:
        return json.loads((out / paths.MANIFEST).read_text(encoding="utf-8"))
    except (FileNotFoundError, json.JSONDecodeError):
        return {}


def _lap(t: float) -> float:
    return round(time.perf_counter() - t, 3)


__all__ = ["write_site", "write_focus", "SiteSummary", "DEFAULT_OUT", "DEFAULT_CAP"]
