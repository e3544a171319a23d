"""kg serve serves the pages kg viz wrote under /viz/, and nothing outside their folder."""

import pytest

from kg.sparql.pages import PageNotFound, page_at


def test_a_page_is_served_with_its_type_and_the_folder_gives_its_index(tmp_path):
    (tmp_path / "bulletins").mkdir()
    (tmp_path / "index.html").write_text("<h1>index</h1>", encoding="utf-8")
    (tmp_path / "bulletins" / "a b.html").write_text("<p>a</p>", encoding="utf-8")
    (tmp_path / "profiles.js").write_text("var x;", encoding="utf-8")
    assert page_at(tmp_path, "/viz/").body == b"<h1>index</h1>"
    page = page_at(tmp_path, "/viz/bulletins/a%20b.html")
    assert page.body == b"<p>a</p>" and page.content_type.startswith("text/html")
    assert page_at(tmp_path, "/viz/profiles.js").content_type.startswith("text/javascript")


def test_paths_outside_the_folder_and_missing_pages_are_refused_with_what_to_do(tmp_path):
    (tmp_path / "site").mkdir()
    (tmp_path / "secret.txt").write_text("no", encoding="utf-8")
    with pytest.raises(PageNotFound, match="outside the pages folder"):
        page_at(tmp_path / "site", "/viz/../secret.txt")
    with pytest.raises(PageNotFound, match="kg viz -o"):
        page_at(tmp_path / "site", "/viz/missing.html")
    with pytest.raises(PageNotFound, match="kg serve --pages DIR"):
        page_at(None, "/viz/index.html")


def test_kg_serve_answers_the_pages_of_kg_viz_under_viz(tmp_path):
    import requests
    from sparql_servers import build_sample_store, start_kg_serve, stop

    from kg.store import GraphStore
    from kg.viz.site import write_site

    store = build_sample_store(tmp_path / "store")
    write_site(GraphStore(store, read_only=True), tmp_path / "site")
    proc, url = start_kg_serve(store, "--pages", str(tmp_path / "site"))
    try:
        index = requests.get(url + "viz/", timeout=30)
        assert index.status_code == 200 and 'href="browse.html"' in index.text
        bulletin = requests.get(url + "viz/bulletins.html", timeout=30)
        assert bulletin.status_code == 200 and bulletin.headers["Content-Type"].startswith("text/html")
        missing = requests.get(url + "viz/nope.html", timeout=30)
        assert missing.status_code == 404 and "kg viz -o" in missing.text
    finally:
        stop(proc)
