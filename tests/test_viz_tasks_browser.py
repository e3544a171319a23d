"""The five archivist tasks, done in a real headless browser (Debian's chromium driven by Playwright)
on pages written from a fixture store, each in at most three actions from the faceted index:

(a) every bulletin where an official chaired an event, (b) one official's posts over time, (c) from
a resolution to the events that review it and the evidence, (d) events in a province in a month,
(e) the source text of one statistic. Expected answers come from SPARQL over the same store.
Also: the profile and index pages make no request beyond file:// and raise no script error.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from test_viz_browser import SETTLE_MS, Page, browser
from viz_tasks_store import NOT_POLITICAL, build_store

from kg.viz import paths
from kg.viz.site import write_site

MAX_ACTIONS = 3


@pytest.fixture(scope="module")
def tasks_site(tmp_path_factory):
    store = build_store(tmp_path_factory.mktemp("tasks") / "store")
    out = tmp_path_factory.mktemp("tasks-pages")
    write_site(store, out)
    yield out, store
    store.close()


class Archivist:
    """Drives a page as a reader would, counting actions (typing, choosing, clicking); waiting for
    the page to report its state is not an action."""

    def __init__(self, browser, url: str):
        self.view = Page(browser, url)
        self.page = self.view.page
        self.actions = 0
        self.page.wait_for_function("window.kgBrowse && window.kgBrowse.ready", timeout=SETTLE_MS)

    def type(self, text: str) -> None:
        self.actions += 1
        self.page.fill("#kg-q", text)
        self.page.wait_for_function("window.kgBrowse.q === document.getElementById('kg-q').value.trim()",
                                    timeout=SETTLE_MS)

    def choose(self, select: str, value: str) -> None:
        self.actions += 1
        self.page.select_option(select, value)
        self.page.wait_for_function(f"document.getElementById('{select[1:]}').value === {value!r}", timeout=SETTLE_MS)

    def open_profile(self, label: str) -> None:
        self.actions += 1
        link = self.page.locator("#kg-results a.kg-profile", has_text=label).first
        href = link.get_attribute("href")
        link.click()
        local = href.split("#", 1)[1]
        self.page.wait_for_function("l => window.kgProfile && kgProfile.ready && kgProfile.local === l", arg=local,
                                    timeout=SETTLE_MS)

    def follow(self, locator) -> str:
        """Click an evidence link and return the id of the span the bulletin page lands on."""
        self.actions += 1
        href = locator.get_attribute("href")
        locator.click()
        self.page.wait_for_url(re.compile(re.escape(href.split("#")[0].split("/")[-1]) + "#ev-\\d+$"), timeout=SETTLE_MS)
        return self.page.evaluate("document.querySelector(':target') && document.querySelector(':target').id")

    def rows(self, section: str, group: str | None = None) -> list[dict]:
        """The visible rows of a profile section (or of one group in it)."""
        return self.page.evaluate("""([section, group]) => {
            const box = document.querySelector(`section[data-section="${section}"]`);
            if (!box) return [];
            let groups = Array.from(box.querySelectorAll('.kg-group'));
            if (group) groups = groups.filter(g => g.querySelector('h3') && g.querySelector('h3').textContent.startsWith(group));
            return groups.flatMap(g => Array.from(g.querySelectorAll('.kg-rows li')).filter(li => !li.hidden).map(li => ({
                group: g.querySelector('h3') ? g.querySelector('h3').textContent : '',
                date: li.querySelector('.kg-date').textContent,
                text: li.children[1].textContent,
                href: li.querySelector('a.kg-evidence') ? li.querySelector('a.kg-evidence').getAttribute('href') : null })));
        }""", [section, group])

    def done(self) -> None:
        assert self.actions <= MAX_ACTIONS, f"{self.actions} actions"
        self.view.close()  # asserts no request beyond file:// and no script error


def _open(browser, out: Path) -> Archivist:
    return Archivist(browser, (out / "browse.html").as_uri())


def _bulletin_of(href: str) -> str:
    return Path(href.split("#")[0]).stem


def _anchor_exists(out: Path, href: str) -> bool:
    page, anchor = href.split("#")
    return f'id="{anchor}"' in (out / page).read_text("utf-8")


def test_a_every_bulletin_where_an_official_chaired_an_event(browser, tasks_site):
    out, store = tasks_site
    person = store.select("""SELECT ?p WHERE { GRAPH ?g { ?p a bkg:Official ; rdfs:label "Nguyễn Văn Bình"@vi } } LIMIT 1""")
    expected = sorted(str(r["id"]) for r in store.select(f"""SELECT DISTINCT ?id WHERE {{ GRAPH ?g {{
        ?x bkg:participant <{person[0]['p']}> ; bkg:participationRole bkg:chaired }}
        GRAPH ?g {{ ?b a bkg:Bulletin ; schema:identifier ?id }} }}"""))
    a = _open(browser, out)
    a.type("nguyen van binh")  # accents optional
    a.open_profile("Nguyễn Văn Bình")
    chaired = a.rows("Events", "Chaired")
    assert sorted(_bulletin_of(r["href"]) for r in chaired) == expected and len(expected) == 2
    assert all(_anchor_exists(out, r["href"]) for r in chaired)
    assert chaired[-1]["date"] == "undated"  # shown, never given a date
    a.done()


def test_b_one_officials_posts_over_time(browser, tasks_site):
    out, store = tasks_site
    a = _open(browser, out)
    a.type("Nguyễn Văn Bình")
    a.open_profile("Nguyễn Văn Bình")
    posts = a.rows("Posts")
    stated = store.select("""SELECT ?pos ?label WHERE { GRAPH ?g { ?pos a bkg:Position ; bkg:positionLabel ?label ;
        org:member ?p . ?p rdfs:label "Nguyễn Văn Bình"@vi } }""")
    assert sorted(r["text"] for r in posts) == sorted(str(s["label"]) for s in stated)  # his posts, no one else's
    groups = a.page.evaluate("""Array.from(document.querySelectorAll('section[data-section="Posts"] h3'))
        .map(h => h.textContent)""")
    firsts = [m[1] for g in groups if (m := re.search(r"first (\d{4}-\d\d-\d\d)", g))]
    assert firsts == sorted(firsts) and len(firsts) >= 2
    assert any("Bí thư Tỉnh ủy" in g and "first 2019-01-15, last 2019-03-20" in g for g in groups)
    for g in {r["group"] for r in posts}:
        dates = [r["date"] for r in posts if r["group"] == g and r["date"] != "undated"]
        assert dates == sorted(dates)
    a.done()


def test_c_from_a_resolution_to_the_events_that_review_it_and_the_evidence(browser, tasks_site):
    out, store = tasks_site
    a = _open(browser, out)
    a.type("22-NQ/TW")
    a.open_profile("Nghị quyết số 22-NQ/TW")
    reviewed = a.rows("Reviewed at")
    expected = sorted(str(r["id"]) for r in store.select("""SELECT DISTINCT ?id WHERE { GRAPH ?g {
        ?e bkg:reviews ?d . ?d bkg:documentNumber "22-NQ/TW" . ?b a bkg:Bulletin ; schema:identifier ?id } }"""))
    # By default, bulletins not about Party or government work are left out, and counted.
    assert sorted(_bulletin_of(r["href"]) for r in reviewed) == [b for b in expected if b != NOT_POLITICAL]
    assert "include" in a.page.inner_text("#kg-profile .kg-controls")
    assert a.page.locator("section[data-section='Reviewed at'] .kg-note").inner_text().startswith("events that review")
    first = a.page.locator("section[data-section='Reviewed at'] li:not([hidden]) a.kg-evidence").first
    target = a.follow(first)
    assert target and target.startswith("ev-")
    assert a.page.evaluate("document.querySelector(':target').tagName") == "MARK"
    assert "Hội nghị" in a.page.evaluate("document.querySelector(':target').textContent")
    a.done()


def test_d_events_in_a_province_in_a_month(browser, tasks_site):
    out, store = tasks_site
    a = _open(browser, out)
    a.choose("#kg-f-class", "Event")
    a.choose("#kg-f-province", "Tỉnh Yên Bái")
    a.choose("#kg-f-month", "2019-01")
    labels = a.page.evaluate("Array.from(document.querySelectorAll('#kg-results tbody a.kg-profile')).map(x => x.textContent)")
    in_month = {str(r["l"]) for r in store.select("""SELECT DISTINCT ?l WHERE { GRAPH ?g { ?e a bkg:Event ; rdfs:label ?l ;
        schema:startDate ?d FILTER(STRSTARTS(STR(?d), "2019-01")) } }""")}
    assert set(labels) == in_month and len(labels) == 1
    # The undated Yên Bái event is counted apart, never shown as matching the month.
    assert "Hội nghị quán triệt Nghị quyết số 22-NQ/TW" not in labels
    assert a.page.evaluate("window.kgBrowse.undatedLeftOut") >= 1
    assert "undated left out" in a.page.inner_text("#kg-summary")
    # The choices are in the address, so the same search opens again from a bookmark.
    again = Archivist(browser, a.page.url)
    assert "cls=Event" in a.page.url and again.page.evaluate("kgBrowse.results") == len(labels)
    again.done()
    a.done()


def test_e_the_source_text_of_one_statistic(browser, tasks_site):
    out, _ = tasks_site
    a = _open(browser, out)
    a.type("4.200")
    link = a.page.locator("#kg-results a.kg-evidence", has_text="4.200").first
    target = a.follow(link)
    assert target == "ev-528"
    assert "4.200" in a.page.evaluate("document.querySelector(':target').textContent")
    assert a.page.url.split("#")[0].endswith(paths.bulletin_page("bulletin-2019-03-20"))
    a.done()


def test_profiles_of_every_class_and_the_index_stay_offline(browser, tasks_site):
    out, store = tasks_site
    iris = [str(store.select(f"SELECT ?s WHERE {{ GRAPH ?g {{ ?s a bkg:{cls} }} }} LIMIT 1")[0]["s"])
            for cls in ("Official", "Organization", "Document", "Event")]
    page = Page(browser, (out / paths.profile_page(iris[0]).split("#")[0]).as_uri() + "#" + paths.profile_page(iris[0]).split("#")[1])
    for iri in iris:
        local = paths.profile_page(iri).split("#", 1)[1]
        page.page.evaluate("l => { location.hash = l; }", local)
        page.page.wait_for_function("l => kgProfile.ready && kgProfile.local === l && !kgProfile.error", arg=local,
                                    timeout=SETTLE_MS)
        assert page.page.locator("section.kg-section").count() >= 1
    page.page.evaluate("location.hash = 'person/nobody-000000'")
    page.page.wait_for_function("kgProfile.ready && kgProfile.local === 'person/nobody-000000'", timeout=SETTLE_MS)
    assert "No entity" in page.page.evaluate("kgProfile.error")
    page.close()
    index = Page(browser, (out / "browse.html").as_uri())
    index.page.wait_for_function("window.kgBrowse && kgBrowse.ready", timeout=SETTLE_MS)
    assert index.page.evaluate("kgBrowse.othersLeftOut") >= 1  # counted, with a way to include them
    index.page.check("#kg-f-others")
    index.page.wait_for_function("kgBrowse.othersLeftOut === 0", timeout=SETTLE_MS)
    # Digit grouping is optional, like accents: "4200" finds "trên 4.200 lượt đảng viên".
    index.page.fill("#kg-q", "4200")
    index.page.wait_for_function("kgBrowse.q === '4200'", timeout=SETTLE_MS)
    assert index.page.locator("#kg-results a.kg-evidence", has_text="4.200").count() >= 1
    index.close()


def test_a_profiles_month_filter_never_shows_undated_rows_as_matching(browser, tasks_site):
    out, _ = tasks_site
    a = _open(browser, out)
    a.type("Nguyễn Văn Bình")
    a.open_profile("Nguyễn Văn Bình")
    before = len(a.rows("Events", "Chaired"))
    a.page.select_option("#kg-month", "2019-01")
    a.page.wait_for_function("kgProfile.month === '2019-01'", timeout=SETTLE_MS)
    dates = [r["date"] for s in ("Posts", "Events", "Bulletins") for r in a.rows(s)]
    assert dates and all(d.startswith("2019-01") for d in dates)
    assert len(a.rows("Events", "Chaired")) == before - 1  # the undated report is left out, not matched
    assert "undated or partly dated rows left out" in a.page.inner_text("#kg-shown")
    a.page.click("#kg-timeline button[data-month='2019-03']")
    a.page.wait_for_function("kgProfile.month === '2019-03'", timeout=SETTLE_MS)
    assert all(r["date"].startswith("2019-03") for r in a.rows("Posts"))
    a.view.close()


def test_the_results_download_as_csv_with_their_links(browser, tasks_site):
    import csv
    import io

    out, _ = tasks_site
    page = browser.new_page(accept_downloads=True)
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto((out / "browse.html").as_uri())
    page.wait_for_function("window.kgBrowse && kgBrowse.ready", timeout=SETTLE_MS)
    page.select_option("#kg-f-class", "Statistic")
    page.wait_for_function("document.getElementById('kg-f-class').value === 'Statistic'", timeout=SETTLE_MS)
    with page.expect_download() as download:
        page.click("#kg-csv")
    text = Path(download.value.path()).read_text("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == page.evaluate("kgBrowse.results") >= 15  # every result, not only those shown
    assert not any("1.250" in r["label"] for r in rows)  # that bulletin is not about Party work: left out
    figure = next(r for r in rows if "4.200" in r["label"])
    assert figure["class"] == "Statistic" and figure["evidence"].startswith("file://")
    assert figure["evidence"].endswith(paths.bulletin_page("bulletin-2019-03-20") + "#ev-528")
    # The file is made in the page: nothing is fetched, blob: is the page's own memory.
    assert [u for u in requests if not u.startswith(("file:", "data:", "about:", "blob:"))] == []
    page.close()
