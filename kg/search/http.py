"""The search routes of `kg serve`: GET /search (a page), /search.json, and the exports /search.csv,
/search.ris and /search.csl.json, all reading the same parameters:

    q        the words (simple syntax; syntax=fts5 for FTS5's own)   exact=1  diacritics as written
    FACET    a facet value that must hold (repeatable): class, role, province, event_kind,
             document_type, issuer, official, organization, document, month
    from/to  a date range (YYYY, YYYY-MM or YYYY-MM-DD)              all=1    include other news
    sort     relevance | newest | oldest                             page, per_page
    more     a facet to list with all its values, not only the 12 most frequent

Each request opens the index read-only for itself, so the routes are safe in the threaded server
and see a rebuilt index at once. Results link to the bulletin pages of `kg viz` under `pages_url`.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import asdict, dataclass
from typing import Callable
from urllib.parse import parse_qs, quote

from kg.search.export import to_csl_json, to_csv, to_ris
from kg.search.index import SearchIndexError, connect
from kg.search.query import Hit, SearchQueryError, SearchRequest, search
from kg.search.records import FACETS
from kg.viz import paths

ROUTES = {"/search": "html", "/search.json": "json", "/search.csv": "csv", "/search.ris": "ris",
          "/search.csl.json": "csl"}
EXPORT_LIMIT = 10_000  # bulletins in one export at most
MAX_PER_PAGE = 200
TYPES = {"html": "text/html; charset=utf-8", "json": "application/json", "csv": "text/csv; charset=utf-8",
         "ris": "application/x-research-info-systems; charset=utf-8", "csl": "application/vnd.citationstyles.csl+json"}
EXTENSIONS = {"csv": "csv", "ris": "ris", "csl": "csl.json"}


@dataclass
class SearchAnswer:
    status: int
    body: bytes
    content_type: str
    headers: list[tuple[str, str]]


def request_from_params(params: dict[str, list[str]], *, export: bool = False) -> SearchRequest:
    """A SearchRequest from query-string parameters (as parse_qs gives them)."""
    one = lambda key, default="": (params.get(key) or [default])[-1]
    try:
        page = max(1, int(one("page", "1") or 1))
        per_page = min(MAX_PER_PAGE, max(1, int(one("per_page", "20") or 20)))
    except ValueError:
        raise SearchQueryError("page and per_page are whole numbers") from None
    if export:
        page, per_page = 1, EXPORT_LIMIT
    return SearchRequest(
        text=one("q"), exact=one("exact") in ("1", "true", "on"), syntax="fts5" if one("syntax") == "fts5" else "simple",
        filters={f: [v for v in params[f] if v] for f in FACETS if any(params.get(f, []))},
        date_from=one("from") or None, date_to=one("to") or None, include_other=one("all") in ("1", "true", "on"),
        sort=one("sort", "relevance") or "relevance", page=page, per_page=per_page,
        facet_more=one("more") if one("more") in FACETS else None)


def page_link(pages_url: str, hit: Hit) -> str:
    """The bulletin page at the matching sentence: the evidence anchor (#ev-START) when a span of the
    sentence has one, and a text fragment (:~:text=) that browsers scroll to and highlight."""
    href = pages_url + paths.bulletin_page(hit.id)
    fragment = f"ev-{hit.anchor}" if hit.anchor is not None else ""
    words = hit.sentence.split()
    if words:
        if len(words) <= 12:
            directive = _fragment_text(" ".join(words))
        else:
            directive = _fragment_text(" ".join(words[:5])) + "," + _fragment_text(" ".join(words[-5:]))
        fragment += ":~:text=" + directive
    return href + ("#" + fragment if fragment else "")


def _fragment_text(text: str) -> str:
    return quote(text, safe="").replace("-", "%2D")


def answer(index_path, path: str, query_string: str, *, pages_url: str = "/viz/", host: str = "") -> SearchAnswer:
    """The response to GET `path` (one of ROUTES) with `query_string`, from the index at `index_path`."""
    kind = ROUTES[path]
    params = parse_qs(query_string, keep_blank_values=True)
    base = f"http://{host}" if host and pages_url.startswith("/") else ""
    try:
        request = request_from_params(params, export=kind in EXTENSIONS)
        conn = connect(index_path, read_only=True)
    except SearchQueryError as err:
        return _error(kind, 400, str(err), params, pages_url)
    except SearchIndexError as err:
        return _error(kind, 503, str(err), params, pages_url)
    try:
        result = search(conn, request)
    except SearchQueryError as err:
        return _error(kind, 400, str(err), params, pages_url)
    except sqlite3.DatabaseError as err:  # a damaged index: the store is fine, the index is rebuilt from it
        return _error(kind, 503, f"the search index at {index_path} cannot be read ({err}): run `kg index`",
                      params, pages_url)
    finally:
        conn.close()
    link: Callable[[Hit], str] = lambda h: page_link(pages_url, h)
    if kind == "html":
        from kg.search.page import render_search

        return SearchAnswer(200, render_search(result, params, pages_url).encode("utf-8"), TYPES[kind], [])
    if kind == "json":
        return SearchAnswer(200, json.dumps(result_json(result, link), ensure_ascii=False).encode("utf-8"),
                            TYPES[kind], [])
    if kind == "csv":  # a row opens its bulletin at the sentence; a citation names the page itself
        absolute = lambda h: base + page_link(pages_url, h)
    else:
        absolute = lambda h: base + pages_url + paths.bulletin_page(h.id)
    writer = {"csv": to_csv, "ris": to_ris, "csl": to_csl_json}[kind]
    headers = [("Content-Disposition", f'attachment; filename="bulletins.{EXTENSIONS[kind]}"'),
               ("X-Search-Total", str(result.total))]
    if result.total > len(result.hits):
        headers.append(("X-Search-Truncated", "true"))
    return SearchAnswer(200, writer(result.hits, absolute).encode("utf-8"), TYPES[kind], headers)


def result_json(result, link: Callable[[Hit], str]) -> dict:
    r = result.request
    return {
        "query": r.text, "fts_query": result.fts_query, "exact": r.exact, "filters": r.filters,
        "from": r.date_from, "to": r.date_to, "include_other": r.include_other, "sort": r.sort,
        "page": r.page, "per_page": r.per_page, "total": result.total, "indexed": result.indexed,
        "other_news": result.others, "dated_imprecisely": result.imprecise,
        "facets": {f: [{"value": v, "count": n} for v, n in values] for f, values in result.facets.items()},
        "results": [{**asdict(h), "entities": [{"facet": f, "label": v, "iri": i} for f, v, i in h.entities],
                     "link": link(h)} for h in result.hits],
    }


def _error(kind: str, status: int, message: str, params, pages_url: str) -> SearchAnswer:
    if kind == "html":
        from kg.search.page import render_error

        return SearchAnswer(status, render_error(message, params, pages_url).encode("utf-8"), TYPES["html"], [])
    if kind == "json":
        return SearchAnswer(status, json.dumps({"error": message}, ensure_ascii=False).encode("utf-8"), TYPES["json"], [])
    return SearchAnswer(status, (message + "\n").encode("utf-8"), "text/plain; charset=utf-8", [])
