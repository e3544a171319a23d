"""Write the pages of `kg viz` into one folder: the index, the overview, focused views, the list of
bulletins and one page per bulletin. Every page is self-contained HTML with relative links between
pages, so the folder works from file:// with no network, and can be copied anywhere.

A small manifest (views.json) remembers what the folder holds, so that writing one more focused view
updates the index without rewriting thousands of bulletin pages.
"""

from __future__ import annotations

import html
import json
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

import networkx as nx

from kg import __version__
from kg.graphs import CLASSES, attach_quotes, bulletin_nodes, most_cited, project, store_class_counts
from kg.store import GraphStore
from kg.viz import paths
from kg.viz.bulletin_page import bulletin_facts, bulletin_texts, bulletin_title, nodes_by_bulletin, segments
from kg.viz.graph_page import render
from kg.viz.profile_page import entity_site
from kg.viz.resources import asset, environment, icon_svg
from kg.viz.style import CLASS_STYLE, TYPE_LABEL
from kg.viz.views import DEFAULT_CAP, DEFAULT_DEPTH, DEFAULT_FOCUS_CAP, View, find_node, focus, overview

DEFAULT_OUT = Path("exports") / "viz"
DEFAULT_FOCUS_TOP = 3  # focused views written for the most cited documents, officials and organizations
RANKED = (("Document", "Documents"), ("Official", "Officials"), ("Organization", "Organizations"))


@dataclass
class SiteSummary:
    out: Path
    pages: dict[str, int] = field(default_factory=dict)  # kind -> pages written
    bytes: dict[str, int] = field(default_factory=dict)  # kind -> bytes written
    seconds: dict[str, float] = field(default_factory=dict)  # step -> seconds
    views: list[View] = field(default_factory=list)
    files: list[str] = field(default_factory=list)  # pages written, relative to `out`, in order
    graph: nx.DiGraph | None = field(default=None, repr=False)  # the projection the pages were drawn from

    def add(self, kind: str, path: Path, text: str) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        data = text.encode("utf-8")
        path.write_bytes(data)
        self.files.append(path.relative_to(self.out).as_posix())
        self.pages[kind] = self.pages.get(kind, 0) + 1
        self.bytes[kind] = self.bytes.get(kind, 0) + len(data)

    def to_json(self) -> dict:
        return {"out": str(self.out), "pages": self.pages, "bytes": self.bytes, "seconds": self.seconds,
                "views": [{"kind": v.kind, "title": v.title, "nodes": len(v.nodes), "left_out": v.left_out}
                          for v in self.views]}


def write_site(store: GraphStore, out: str | Path = DEFAULT_OUT, *, cap: int = DEFAULT_CAP,
               focus_top: int = DEFAULT_FOCUS_TOP, bulletin_pages: bool = True,
               G: nx.DiGraph | None = None) -> SiteSummary:
    """Write every page. `G` may be given when the caller already built the projection."""
    out = Path(out)
    summary = SiteSummary(out)
    t = time.perf_counter()
    if G is None:
        G = project(store)
    summary.graph = G
    summary.seconds["project"] = _lap(t)
    if G.graph.get("bulletin_count", 0) == 0:
        raise ValueError(f"the store at {store.path or '(memory)'} holds no bulletins: run `kg ingest` first")

    t = time.perf_counter()
    view = overview(G, cap)
    attach_quotes(store, G, view.nodes)
    summary.add("overview", out / paths.OVERVIEW, render(G, view, paths.OVERVIEW, bulletin_pages=bulletin_pages))
    summary.views.append(view)
    summary.seconds["overview"] = _lap(t)

    manifest = read_manifest(out)
    manifest["overview"] = {"nodes": len(view.nodes), "left_out": view.left_out_total, "cap": cap}
    t = time.perf_counter()
    for cls, _ in RANKED:
        for item in most_cited(G, cls, focus_top):
            _write_focus(store, G, out, item["iri"], DEFAULT_DEPTH, DEFAULT_FOCUS_CAP, summary, manifest,
                         bulletin_pages=bulletin_pages)
    summary.seconds["focus"] = _lap(t)

    t = time.perf_counter()
    manifest["bulletin_pages"] = write_bulletin_pages(store, G, out, summary) if bulletin_pages else 0
    summary.seconds["bulletins"] = _lap(t)

    t = time.perf_counter()
    for rel, text in entity_site(store, bulletin_pages=bulletin_pages).items():  # profiles and the faceted index, read from the store
        summary.add("profile", out / rel, text)
    summary.seconds["profiles"] = _lap(t)

    t = time.perf_counter()
    write_index(store, G, out, manifest, summary, bulletin_pages=bulletin_pages)
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
    bulletin_pages = manifest.get("bulletin_pages", 0) > 0
    t = time.perf_counter()
    _write_focus(store, G, out, match.node, depth, cap, summary, manifest, bulletin_pages=bulletin_pages)
    summary.seconds["focus"] = _lap(t)
    write_index(store, G, out, manifest, summary, bulletin_pages=bulletin_pages)
    return summary, match.others


def _write_focus(store: GraphStore, G: nx.DiGraph, out: Path, node: str, depth: int, cap: int,
                 summary: SiteSummary, manifest: dict, *, bulletin_pages: bool) -> None:
    view = focus(G, node, depth, cap)
    attach_quotes(store, G, view.nodes)
    d = G.nodes[node]
    page = paths.focus_page(d["label"], node, depth)
    summary.add("focus", out / page, render(G, view, page, bulletin_pages=bulletin_pages))
    summary.views.append(view)
    entries = [e for e in manifest.setdefault("focus", []) if e["file"] != page]
    entries.append({"file": page, "iri": node, "label": d["label"], "type": TYPE_LABEL.get(d["type"], d["type"]),
                    "cls": d["cls"], "depth": depth, "nodes": len(view.nodes)})
    manifest["focus"] = entries


def write_bulletin_pages(store: GraphStore, G: nx.DiGraph, out: Path, summary: SiteSummary) -> int:
    """One page per bulletin in the store, plus the list of them all. Returns the number written."""
    env = environment()
    page_tpl = env.get_template("bulletin.html")
    css, js = asset("pages.css"), asset("bulletin.js")
    icons = {c: icon_svg(s.shape, s.colour) for c, s in CLASS_STYLE.items()}
    index = nodes_by_bulletin(G)
    order = _bulletins_by_date(G)
    position = {bid: i for i, bid in enumerate(order)}
    rows = []
    for b in bulletin_texts(store):
        page = paths.bulletin_page(b.id)
        facts = bulletin_facts(G, b.id, index.get(b.id, []))
        segs = segments(b.text, facts)
        groups = []
        for cls in CLASSES:
            members = [f for f in facts if f.cls == cls]
            if members:
                groups.append({"label": CLASS_STYLE[cls].label, "colour": CLASS_STYLE[cls].colour,
                               "icon": icons[cls], "facts": members})
        i = position.get(b.id)
        previous = _neighbour(G, order, i - 1) if i is not None else None
        following = _neighbour(G, order, i + 1) if i is not None else None
        text = page_tpl.render(
            version=__version__, css=css, js=js, prefix=paths.up(page), title=b.title or f"Bulletin {b.id}",
            bulletin_id=b.id, date=b.date, source=b.source, url=b.url, text_html=text_html(segs, facts),
            groups=groups, fact_count=sum(1 + len(f.parts) for f in facts),
            span_count=sum(1 for s in segs if s.anchor is not None), previous=previous, next=following)
        summary.add("bulletin", out / page, text)
        rows.append({"id": b.id, "date": b.date or "", "title": b.title or b.id, "href": page,
                     "facts": sum(1 + len(f.parts) for f in facts)})
    rows.sort(key=lambda r: (r["date"], r["id"]), reverse=True)
    listing = env.get_template("bulletins.html").render(version=__version__, css=css, rows=rows)
    summary.add("list", out / paths.BULLETIN_LIST, listing)
    return len(rows)


def text_html(segs, facts) -> str:
    """The bulletin text as HTML, each span of evidence a <mark> naming its facts."""
    labels = {}
    for f in facts:
        labels[f.key] = f.label
        for p in f.parts:
            labels[p.key] = f"{f.label}: {p.label}"
    parts = []
    for s in segs:
        text = html.escape(s.text, quote=False)
        if not s.facts:
            parts.append(text)
            continue
        title = html.escape(" | ".join(labels[k] for k in s.facts))
        anchor = f' id="ev-{s.anchor}"' if s.anchor is not None else ""
        parts.append(f'<mark class="kg-ev" data-f="{" ".join(s.facts)}" style="--c:{CLASS_STYLE[s.cls].colour}"'
                     f'{anchor} title="{title}">{text}</mark>')
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


def write_index(store: GraphStore, G: nx.DiGraph, out: Path, manifest: dict, summary: SiteSummary, *, bulletin_pages: bool) -> None:
    env = environment()
    icons = {c: icon_svg(s.shape, s.colour) for c, s in CLASS_STYLE.items()}
    focus_by_iri = {e["iri"]: e["file"] for e in manifest.get("focus", []) if (out / e["file"]).exists()}
    rankings = []
    for cls, title in RANKED:
        items = []
        for item in most_cited(G, cls, 20):
            n = G.nodes[item["iri"]]
            links = [(paths.bulletin_page(b), bulletin_title(G, b)) for b in sorted(
                n["bulletins"], key=lambda b: _date_of(G, b), reverse=True)[:20]] if bulletin_pages else []
            items.append({"label": item["label"], "type": TYPE_LABEL.get(item["type"], item["type"]).split(" · ")[0],
                          "bulletins": item["bulletins"], "links": links, "focus": focus_by_iri.get(item["iri"])})
        rankings.append({"cls": cls, "title": title, "icon": icons[cls], "entries": items})
    counts = [{"label": CLASS_STYLE[c].label, "icon": icons[c], "count": n}
              for c, n in store_class_counts(store).items()]
    order = _bulletins_by_date(G)
    latest = [(paths.bulletin_page(b), bulletin_title(G, b)) for b in reversed(order[-15:])] if bulletin_pages else []
    dates = [d for d in (_date_of(G, b) for b in order) if d]
    ov = manifest.get("overview", {})
    text = env.get_template("index.html").render(
        version=__version__, css=asset("pages.css"), bulletin_count=len(order), classes=counts, date_min=min(dates) if dates else None,
        date_max=max(dates) if dates else None, written=datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        overview_nodes=ov.get("nodes", 0), overview_left_out=ov.get("left_out", 0),
        bulletin_pages=manifest.get("bulletin_pages", 0), bulletin_list=(out / paths.BULLETIN_LIST).exists(),
        focus_views=[e for e in manifest.get("focus", []) if (out / e["file"]).exists()],
        rankings=rankings, latest=latest)
    summary.add("index", out / paths.INDEX, text)
    (out / paths.MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")


def read_manifest(out: Path) -> dict:
    try:
        return json.loads((out / paths.MANIFEST).read_text(encoding="utf-8"))
    except (FileNotFoundError, json.JSONDecodeError):
        return {}


def _lap(t: float) -> float:
    return round(time.perf_counter() - t, 3)


__all__ = ["write_site", "write_focus", "SiteSummary", "DEFAULT_OUT", "DEFAULT_CAP"]
