"""Search in a real headless browser (Debian's chromium driven by Playwright): from kg serve's /search
page, a phrase typed without its accents reaches the sentence in the bulletin page of `kg viz` in
three actions (type, press Enter, click the result), with the evidence span there as the target.

The bulletin pages are written by `kg viz`'s site writer and served from their folder by a plain
HTTP server, named to kg serve with --pages-url, as a copy of the pages on another server would be.
No request leaves those two local servers. Skipped when chromium or Playwright is missing, except
under CI (the CI variable set), where the absence is a failure.
"""

from __future__ import annotations

import functools
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import unquote

import pytest
from sparql_servers import build_sample_store, start_kg_serve, stop
from test_viz_browser import browser

from kg.graphs import project
from kg.store import GraphStore
from kg.viz.site import write_site

WAIT_MS = 30_000  # generous on a loaded machine: the test waits for states, never for a delay


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


@pytest.fixture(scope="module")
def servers(tmp_path_factory):
    root = tmp_path_factory.mktemp("search-browser")
    store_path = build_sample_store(root / "store")
    store = GraphStore(store_path, read_only=True)
    write_site(store, root / "pages", G=project(store))
    del store
    handler = functools.partial(_QuietHandler, directory=str(root / "pages"))
    pages = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=pages.serve_forever, daemon=True).start()
    pages_url = f"http://127.0.0.1:{pages.server_port}/"
    proc, url = start_kg_serve(store_path, "--pages-url", pages_url)
    yield url, pages_url
    stop(proc)
    pages.shutdown()


def test_a_phrase_without_accents_reaches_its_sentence_in_three_actions(browser, servers):
    url, pages_url = servers
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    requests: list[str] = []
    errors: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(url + "search")
    page.fill("#kg-q", '"phat bieu chi dao hoi nghi"')  # action 1: type the phrase, accents left out
    with page.expect_navigation():
        page.press("#kg-q", "Enter")  # action 2: search
    first = page.locator("a.kg-hit").first
    assert "Phát biểu chỉ đạo Hội nghị" in page.locator(".kg-result blockquote").first.inner_text()
    with page.expect_navigation():
        first.click()  # action 3: open the bulletin at the sentence
    page.wait_for_load_state("load")
    assert page.url.startswith(pages_url + "bulletins/")
    anchor = unquote(page.url.split("#", 1)[1]).split(":~:")[0]
    assert anchor.startswith("ev-")
    target = page.wait_for_function(f"""() => {{
        const t = document.getElementById({anchor!r});
        if (!t) return null;
        const r = t.getBoundingClientRect();
        return r.top >= 0 && r.bottom <= window.innerHeight ? t.closest('.kg-text').textContent.slice(
            Math.max(0, {int(anchor[3:])} - 5), {int(anchor[3:])} + 120) : null; }}""", timeout=WAIT_MS)
    # The span the link opens at lies in the sentence that matched, and is on screen.
    sentence = page.evaluate("() => document.querySelector('.kg-text').textContent")
    at = sentence.find("Phát biểu chỉ đạo Hội nghị")
    assert at >= 0 and at - 5 <= int(anchor[3:]) <= sentence.find(".", at)
    assert target.json_value()
    outside = [u for u in requests if not u.startswith((url, pages_url, "data:", "about:"))]
    assert outside == [] and errors == []
    page.close()
