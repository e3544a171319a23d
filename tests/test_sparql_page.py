"""The query page in a real headless browser (Debian's chromium through Playwright): pick a catalog
question, change its parameter, run it, and get a table whose IRIs link to the visualization."""

from __future__ import annotations

import os
import shutil

import pytest
from sparql_servers import build_sample_store, oxigraph_server, start_kg_serve, stop

CHROMIUM = shutil.which("chromium") or ("/usr/bin/chromium" if os.path.exists("/usr/bin/chromium") else None)


@pytest.fixture(scope="module")
def page_url(tmp_path_factory):
    with oxigraph_server(None):
        pass
    store = build_sample_store(tmp_path_factory.mktemp("page") / "store")
    proc, url = start_kg_serve(store)
    yield url
    stop(proc)


@pytest.fixture(scope="module")
def browser():
    if CHROMIUM is None:
        message = "chromium is not installed (apt-get install chromium)"
        if os.environ.get("CI"):
            pytest.fail(message + "; CI must provide it")
        pytest.skip(message)
    try:
        from playwright import sync_api
    except ImportError:
        if os.environ.get("CI"):
            pytest.fail("Playwright is not installed (pip install -e '.[test]'); CI must provide it")
        pytest.skip("Playwright is not installed (pip install -e '.[test]')")
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield browser
        browser.close()


def test_catalog_question_with_a_parameter_runs_into_a_linked_table(page_url, browser):
    page = browser.new_page()
    outside = []
    page.on("request", lambda r: outside.append(r.url) if not r.url.startswith(page_url) else None)
    page.goto(page_url)
    page.select_option("#catalog", "chairs-of-events-implementing")
    assert "VALUES ?number { UNDEF }" in page.input_value("#query")  # any document until one is given
    field = page.locator("#params input")
    assert field.input_value() == "" and "67-KH/TU" in (field.get_attribute("placeholder") or "")
    field.fill('22-NQ/TW" } DROP ALL #')
    field.dispatch_event("change")
    page.wait_for_function("document.querySelector('#query').value.includes('DROP ALL')")
    assert 'VALUES ?number { "22-NQ/TW\\" } DROP ALL #" }' in page.input_value("#query")
    field.fill("67-KH/TU")
    field.dispatch_event("change")
    page.wait_for_function("document.querySelector('#query').value.includes('\"67-KH/TU\"')")
    page.click("#run")
    page.wait_for_selector("#results table")
    rows = page.locator("#results table tr")
    assert rows.count() == 3  # header + Lại Văn Hanh + Hoàng Thị Mai
    assert "Lại Văn Hanh" in rows.nth(1).inner_text()
    link = rows.nth(1).locator("a").first.get_attribute("href")
    assert link.startswith("/viz?focus=https%3A%2F%2Fw3id.org%2Fbulletin-kg%2Fid%2Fperson%2F")
    assert "2 result(s)" in page.inner_text("#status")
    assert outside == [], f"the page fetched from elsewhere: {outside}"


def test_errors_show_on_the_page(page_url, browser):
    page = browser.new_page()
    page.goto(page_url)
    page.fill("#query", "SELECT * WHERE { ?s ?p }")
    page.click("#run")
    page.wait_for_selector("#status.error")
    assert "400 malformed SPARQL query" in page.inner_text("#status")
