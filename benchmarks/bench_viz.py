"""What `kg viz` costs on the corpus graph: the time to build the networkx projection and to write
every page, the bytes and files written, a re-run after ingesting more bulletins (what it rewrites
and how long it takes), the ratio of both to the ingest time of the same bulletins measured in the
same run, and the time until the overview (and a focused view) has stabilised and frozen in
headless chromium. Also takes the documentation's screenshots.

Run on demand (not a test):

    python benchmarks/bench_viz.py --store /tmp/kg-bench/corpus-store \
        --corpus ../shared/corpus/baomoi-2017.jsonl.gz --more /tmp/more-100.jsonl \
        --out /tmp/kg-bench/viz --shots docs/img

The store is built from the corpus when the folder does not exist yet (`--limit N` ingests only the
first N articles; the ingest time is then the ratio's denominator). With `--more FILE`, the store is
copied (the given one is never written), FILE is ingested into the copy (timed) and the site is
written again into the same folder. "Stabilised" is window.kgState.stabilizedMs: milliseconds from
the start of navigation until vis-network finished its stabilisation iterations and the page froze
the layout.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from corpus_sample import first_n  # noqa: E402  (beside this script)

from kg.graphs import attach_quotes, bulletin_nodes, most_cited, project  # noqa: E402
from kg.store import GraphStore  # noqa: E402
from kg.viz import paths  # noqa: E402
from kg.viz.graph_page import render  # noqa: E402
from kg.viz.site import write_site  # noqa: E402
from kg.viz.views import DEFAULT_CAP, find_node, focus, overview  # noqa: E402

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--no-first-run", "--disable-sync"]


def build_store(store: Path, corpus: Path, limit: int | None) -> dict:
    from kg.ingest import ingest

    source = first_n(corpus, limit, Path(tempfile.mkdtemp())) if limit else corpus
    started = time.monotonic()
    gs = GraphStore(store)
    summary = ingest([str(source)], gs)
    gs.close()
    return {"ingest_s": round(time.monotonic() - started, 1), "ingested": summary.ingested}


def _site_figures(summary, seconds: float, out: Path) -> dict:
    files = [p for p in out.rglob("*") if p.is_file()]
    return {"total_s": round(seconds, 1), "steps_s": summary.seconds, "pages": summary.pages,
            "mb": {k: round(v / 1e6, 1) for k, v in summary.bytes.items()},
            "site_mb": round(sum(p.stat().st_size for p in files) / 1e6, 1), "files": len(files),
            "written_files": sum(summary.written.values()), "written_mb": round(summary.written_bytes / 1e6, 1),
            "removed": summary.removed,
            "bulletin_page_kb_mean": round(summary.bytes.get("bulletin", 0) / 1e3 / max(1, summary.pages.get("bulletin", 1)), 2)}


def rerun(store: GraphStore, more: Path, out: Path) -> dict:
    """Ingest `more` into the (copied) store, timed, then write the site again into `out`, timed."""
    from kg.ingest import ingest

    started = time.monotonic()
    added = ingest([str(more)], store)
    ingest_s = time.monotonic() - started
    started = time.monotonic()
    summary = write_site(store, out)
    figures = _site_figures(summary, time.monotonic() - started, out)
    figures.update(ingest_more_s=round(ingest_s, 1), ingested=added.ingested,
                   ratio_to_ingest=round(figures["total_s"] / max(ingest_s, 1e-9), 3))
    return figures, summary


def stabilisation(browser, page_path: Path, repeat: int) -> dict:
    """Median time to a frozen layout, with the node count the page drew."""
    times, walls = [], []
    drawn = None
    for _ in range(repeat):
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        external: list[str] = []
        page.on("request", lambda r, seen=external: seen.append(r.url) if not r.url.startswith(("file:", "data:")) else None)
        started = time.monotonic()
        page.goto(page_path.as_uri())
        page.wait_for_function("window.kgState && window.kgState.stabilized", timeout=180_000)
        walls.append(time.monotonic() - started)
        times.append(page.evaluate("kgState.stabilizedMs"))
        drawn = page.evaluate("network.body.data.nodes.length")
        assert not external, external
        page.close()
    return {"nodes": drawn, "stabilised_ms": statistics.median(times), "min_ms": min(times), "max_ms": max(times),
            "wall_s": round(statistics.median(walls), 2), "page_kb": round(page_path.stat().st_size / 1e3)}


def screenshot(browser, page_path: Path, target: Path, *, select: str | None = None, open_first: bool = False) -> None:
    page = browser.new_page(viewport={"width": 1400, "height": 860}, device_scale_factor=1)
    page.goto(page_path.as_uri())
    if page.evaluate("typeof window.kgState") != "undefined":
        page.wait_for_function("window.kgState && window.kgState.stabilized", timeout=180_000)
    if open_first:  # as a click on the largest cluster does
        page.evaluate("kgState.openCluster(nodes.get().filter(n => n.kg.isCluster)[0].id)")
        page.wait_for_function("window.kgState.stabilized", timeout=180_000)
    if select:
        # As a click on the node does: dim the rest, open the details panel; then fit the whole view.
        page.evaluate("(id) => network.emit('click', {nodes: [id], edges: []})", select)
        page.evaluate("network.setSize('100%', '100%'); network.fit({animation: false})")
    page.wait_for_timeout(300)
    target.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(target))
    page.close()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--store", type=Path, required=True)
    ap.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus" / "baomoi-2017.jsonl.gz")
    ap.add_argument("--limit", type=int, default=None, help="ingest only the first N articles (new store only)")
    ap.add_argument("--out", type=Path, default=Path(tempfile.mkdtemp()) / "viz")
    ap.add_argument("--more", type=Path, default=None, help="bulletins to ingest before the incremental re-run")
    ap.add_argument("--caps", default="100,300,600,1000")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--shots", type=Path, default=None, help="folder for the README screenshots")
    ap.add_argument("--focus", default=None, help="node of the focused views [default: the most cited document]")
    ap.add_argument("--shot-depth", type=int, default=2, choices=(1, 2), help="depth of the focused screenshot")
    ap.add_argument("--chromium", default=os.environ.get("KG_CHROMIUM", "/usr/bin/chromium"))
    ap.add_argument("--json", type=Path, default=None, help="also write the results here")
    args = ap.parse_args()

    results: dict = {"machine": {"cpus": os.cpu_count(), "load_avg_1m": round(os.getloadavg()[0], 2)}}
    if not args.store.exists():
        results["ingest"] = build_store(args.store, args.corpus, args.limit)
    store_path = args.store
    if args.more:  # the incremental re-run writes into a copy, never into the given store
        store_path = Path(tempfile.mkdtemp()) / "store"
        shutil.copytree(args.store, store_path)
    store = GraphStore(store_path, read_only=not args.more)
    results["store"] = {"quads": store.count_triples(), "bulletins": len(store.bulletin_ids())}

    # The whole site, as `kg viz` writes it.
    started = time.monotonic()
    summary = write_site(store, args.out)
    results["site"] = _site_figures(summary, time.monotonic() - started, args.out)
    if "ingest" in results:
        results["site"]["ratio_to_ingest"] = round(results["site"]["total_s"] / results["ingest"]["ingest_s"], 3)
    G = summary.graph
    results["graph"] = {"nodes": G.number_of_nodes(), "edges": G.number_of_edges()}
    print(json.dumps(results, indent=1), flush=True)
    if args.more:
        results["rerun"], summary = rerun(store, args.more, args.out)
        print(json.dumps(results["rerun"], indent=1), flush=True)
        G = summary.graph  # the site the browser measures below

    # What a focused view costs from scratch (`kg viz --focus`), which skips statistics and spans.
    started = time.monotonic()
    light = project(store, statistics=False, evidence=False)
    results["focus_projection_s"] = round(time.monotonic() - started, 1)

    from playwright.sync_api import sync_playwright

    pages: dict[str, Path] = {}
    for cap in [int(c) for c in args.caps.split(",")]:
        started = time.monotonic()
        view = overview(G, cap)
        attach_quotes(store, G, view.nodes)
        path = args.out / f"overview-cap{cap}.html"
        path.write_text(render(G, view, paths.OVERVIEW), encoding="utf-8")
        pages[f"overview cap {cap}"] = path
        results.setdefault("write_overview_s", {})[cap] = round(time.monotonic() - started, 2)
    centre = find_node(G, args.focus).node if args.focus else most_cited(G, "Document", 1)[0]["iri"]
    results["focus_on"] = G.nodes[centre]["label"]
    for depth in (1, 2):
        view = focus(G, centre, depth)
        attach_quotes(store, G, view.nodes)
        path = args.out / paths.focus_page(G.nodes[centre]["label"], centre, depth)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(render(G, view, path.relative_to(args.out).as_posix()), encoding="utf-8")
        pages[f"focus depth {depth}: {G.nodes[centre]['label']}"] = path

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=args.chromium, args=CHROMIUM_ARGS)
        results["browser"] = {name: stabilisation(browser, path, args.repeat) for name, path in pages.items()}
        if args.shots:
            screenshot(browser, pages[f"overview cap {DEFAULT_CAP}"], args.shots / "viz-overview.png")
            screenshot(browser, pages[f"overview cap {DEFAULT_CAP}"], args.shots / "viz-overview-open.png",
                       open_first=True)
            focus_page = next(path for name, path in pages.items() if name.startswith(f"focus depth {args.shot_depth}"))
            # With the centre selected: its links stand out and the panel lists the bulletins behind it.
            screenshot(browser, focus_page, args.shots / "viz-focus.png", select=centre)
            bulletin = max(bulletin_nodes(G), key=lambda b: _variety(G, bulletin_nodes(G)[b]))
            screenshot(browser, args.out / paths.bulletin_page(bulletin), args.shots / "viz-bulletin.png")
            results["screenshots"] = sorted(str(p) for p in args.shots.glob("viz-*.png"))
        browser.close()
    results["focus_light_graph"] = {"nodes": light.number_of_nodes(), "edges": light.number_of_edges()}
    print(json.dumps(results, indent=1))
    if args.json:
        args.json.write_text(json.dumps(results, indent=1), encoding="utf-8")


def _variety(G, bulletin: str) -> tuple:
    """A bulletin worth a screenshot: facts of many classes, a few dozen of them, a short text."""
    classes = {G.nodes[n]["cls"] for n in G.successors(bulletin)}
    return (len(classes), -abs(G.out_degree(bulletin) - 30), bulletin)


if __name__ == "__main__":
    main()
