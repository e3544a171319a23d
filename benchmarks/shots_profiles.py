"""The five archivist tasks tried on pages written from a real store, in headless chromium, with a
screenshot of each answer (docs/img/task-*.png) and what the page reported. Used by
bench_profiles.py --shots.

The bulletin pages evidence links land on are written for just the bulletins clicked (from a small
store holding their named graphs), since writing all 35,000 of the corpus is kg viz's job.
"""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

import pyoxigraph as ox

from kg.rdf.iri import graph_iri
from kg.store import GraphStore
from kg.viz import paths

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]
WAIT_MS = 120_000


def write_bulletin_pages(store: GraphStore, out: Path, bulletin_ids: list[str]) -> None:
    from kg.viz.site import write_site

    with tempfile.TemporaryDirectory() as tmp:
        small = GraphStore(Path(tmp) / "store")
        quads = [q for bid in bulletin_ids for q in store.match(graph=ox.NamedNode(graph_iri(bid)))]
        small._store.extend(quads)
        write_site(small, Path(tmp) / "site")
        for bid in bulletin_ids:
            page = paths.bulletin_page(bid)
            (out / page).parent.mkdir(parents=True, exist_ok=True)
            (out / page).write_bytes((Path(tmp) / "site" / page).read_bytes())
        small.close()


class Reader:
    def __init__(self, browser, out: Path):
        self.page = browser.new_page(viewport={"width": 1280, "height": 900})
        self.external: list[str] = []
        self.page.on("request", lambda r: self.external.append(r.url) if not r.url.startswith(("file:", "data:")) else None)
        self.actions = 0
        self.page.goto((out / "browse.html").as_uri())
        self.page.wait_for_function("window.kgBrowse && kgBrowse.ready", timeout=WAIT_MS)
        # Milliseconds from navigation until every data file is loaded and the first results drawn.
        self.ready_ms = round(self.page.evaluate("performance.now()"))

    def type(self, text: str) -> None:
        self.actions += 1
        self.page.fill("#kg-q", text)
        self.page.wait_for_function("t => kgBrowse.q === t", arg=text.strip(), timeout=WAIT_MS)

    def choose(self, select: str, value: str) -> None:
        self.actions += 1
        self.page.select_option(select, value)

    def open_profile(self, label: str) -> None:
        self.actions += 1
        link = self.page.locator("#kg-results a.kg-profile", has_text=re.compile("^" + re.escape(label) + "$")).first
        local = link.get_attribute("href").split("#", 1)[1]
        link.click()
        self.page.wait_for_function("l => window.kgProfile && kgProfile.ready && kgProfile.local === l", arg=local,
                                    timeout=WAIT_MS)
        # profile.html is a new document: its clock starts at its own navigation.
        self.profile_ms = round(self.page.evaluate("performance.now()"))

    def follow(self, link, store: GraphStore, out: Path) -> str:
        href = link.get_attribute("href")
        write_bulletin_pages(store, out, [Path(href.split("#")[0]).stem])
        self.actions += 1
        link.click()
        self.page.wait_for_load_state()
        return href

    def shot(self, path: Path) -> None:
        self.page.screenshot(path=str(path))


def task_screenshots(out: Path, shots: Path, *, store_path: Path, official: str, posts_of: str, document: str,
                     province: str, month: str, statistic: str) -> dict:
    from playwright.sync_api import sync_playwright

    shots.mkdir(parents=True, exist_ok=True)
    store = GraphStore(store_path, read_only=True)
    report = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        r = Reader(browser, out)
        r.type(official)
        r.open_profile(official)
        r.page.locator("section[data-section='Events']").scroll_into_view_if_needed()
        r.shot(shots / "task-a-chaired.png")
        report["a"] = {"actions": r.actions, "index_ready_ms": r.ready_ms, "profile_ms": r.profile_ms, "chaired_rows": r.page.locator(
            "section[data-section='Events'] .kg-group:first-of-type li").count(), "external": r.external}

        r = Reader(browser, out)
        r.type(posts_of)
        r.open_profile(posts_of)
        r.shot(shots / "task-b-posts.png")
        report["b"] = {"actions": r.actions, "index_ready_ms": r.ready_ms, "profile_ms": r.profile_ms, "post_groups": r.page.locator("section[data-section='Posts'] h3").count(),
                       "external": r.external}

        r = Reader(browser, out)
        r.type(document)
        r.open_profile(document)
        r.shot(shots / "task-c-document.png")
        link = r.page.locator("section[data-section='Reviewed at'] li:not([hidden]) a.kg-evidence").first
        href = r.follow(link, store, out)
        r.shot(shots / "task-c-evidence.png")
        report["c"] = {"actions": r.actions, "landed": href, "external": r.external}

        r = Reader(browser, out)
        r.choose("#kg-f-class", "Event")
        r.choose("#kg-f-province", province)
        r.choose("#kg-f-month", month)
        r.page.wait_for_function(f"document.getElementById('kg-f-month').value === {month!r}", timeout=WAIT_MS)
        r.shot(shots / "task-d-events.png")
        report["d"] = {"actions": r.actions, "results": r.page.evaluate("kgBrowse.results"),
                       "undated_left_out": r.page.evaluate("kgBrowse.undatedLeftOut"), "external": r.external}

        r = Reader(browser, out)
        r.type(statistic)
        r.shot(shots / "task-e-search.png")
        link = r.page.locator("#kg-results a.kg-evidence").first
        href = r.follow(link, store, out)
        r.shot(shots / "task-e-evidence.png")
        report["e"] = {"actions": r.actions, "results": r.page.evaluate("1"), "landed": href, "external": r.external}
        browser.close()
    store.close()
    return report
