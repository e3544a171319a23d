"""The search page of `kg serve` (GET /search): a plain HTML form and result list in the style of the
`kg viz` pages (their stylesheet is inlined), with facets as links that add or remove one filter.
It needs no script, so it works the same in any browser and makes no request but its own links."""

from __future__ import annotations

from functools import lru_cache
from urllib.parse import urlencode

import jinja2

from kg import __version__
from kg.search.http import EXPORT_LIMIT, page_link
from kg.search.query import SORTS, SearchResult
from kg.search.records import FACETS
from kg.viz import paths
from kg.viz.resources import asset
from kg.viz.style import CLASS_STYLE, TYPE_LABEL

FACET_TITLES = {
    "class": "Facts stated · Dữ kiện", "role": "Role · Vai trò", "province": "Province · Tỉnh",
    "event_kind": "Event kind · Loại sự kiện", "document_type": "Document type · Loại văn bản",
    "issuer": "Issuer · Cơ quan ban hành", "official": "Official · Cán bộ", "organization": "Organization · Tổ chức",
    "document": "Document · Văn bản", "month": "Month · Tháng",
}
ROLE_LABEL = {"chaired": "chaired · chủ trì", "attended": "attended · dự", "spoke": "spoke · phát biểu",
              "reported": "reported · báo cáo"}
FORM_FIELDS = ("q", "exact", "from", "to", "sort", "more")  # what the form itself sends


@lru_cache(maxsize=1)
def _environment() -> jinja2.Environment:
    return jinja2.Environment(loader=jinja2.PackageLoader("kg.search", "templates"), autoescape=True)


def value_label(facet: str, value: str) -> str:
    if facet == "class":
        return CLASS_STYLE[value].label if value in CLASS_STYLE else value
    if facet in ("event_kind", "document_type"):
        return TYPE_LABEL.get(value, value)
    if facet == "role":
        return ROLE_LABEL.get(value, value)
    return value


def _pairs(params: dict[str, list[str]]) -> list[tuple[str, str]]:
    return [(k, v) for k, values in params.items() for v in values if v != ""]


def _url(params: dict[str, list[str]], path: str = "/search", **changes: str | list[str] | None) -> str:
    """The search URL with `changes` applied (None drops a parameter); the page goes back to 1."""
    merged = {k: list(v) for k, v in params.items() if k != "page"}
    for key, value in changes.items():
        if value is None:
            merged.pop(key, None)
        else:
            merged[key] = value if isinstance(value, list) else [value]
    query = urlencode(_pairs(merged))
    return path + ("?" + query if query else "")


def _toggle(params: dict[str, list[str]], facet: str, value: str) -> str:
    chosen = [v for v in params.get(facet, []) if v]
    values = [v for v in chosen if v != value] if value in chosen else chosen + [value]
    return _url(params, "/search", **{facet: values or None})


def _facet_groups(result: SearchResult, params: dict[str, list[str]]) -> list[dict]:
    groups = []
    for facet in FACETS:
        chosen = set(result.request.filters.get(facet, []))
        values = [{"label": value_label(facet, v), "count": n, "on": v in chosen, "href": _toggle(params, facet, v)}
                  for v, n in result.facets.get(facet, [])]
        cut = len(values) >= result.request.facet_limit and facet != result.request.facet_more and facet != "month"
        groups.append({"name": facet, "title": FACET_TITLES[facet], "values": values,
                       "more": _url(params, more=facet) if cut else None})
    return groups


def render_search(result: SearchResult, params: dict[str, list[str]], pages_url: str) -> str:
    request = result.request
    facets = _facet_groups(result, params)
    chosen = [{"title": FACET_TITLES[f].split(" · ")[0], "label": value_label(f, v), "href": _toggle(params, f, v)}
              for f in FACETS for v in request.filters.get(f, [])]
    hits = [{**h.__dict__, "link": page_link(pages_url, h),
             "entities": [{"label": label, "title": FACET_TITLES[f], "href": pages_url + paths.profile_page(iri)}
                          for f, label, iri in h.entities]} for h in result.hits]
    pages = -(-result.total // request.per_page)
    page_params = {k: v for k, v in params.items() if k != "page"}
    return _environment().get_template("search.html").render(
        version=__version__, css=asset("pages.css"), pages_url=pages_url, q=request.text, exact=request.exact,
        date_from=request.date_from or "", date_to=request.date_to or "", sort=request.sort, sorts=SORTS,
        kept=[(k, v) for k, v in _pairs(params) if k not in FORM_FIELDS and k != "page"], result=result,
        include_other=request.include_other, include_other_url=_url(params, all="1"),
        exclude_other_url=_url(params, all=None), chosen=chosen, facets=facets, hits=hits,
        export={kind: _url(params, path=f"/search.{ext}") for kind, ext in
                (("csv", "csv"), ("ris", "ris"), ("csl", "csl.json"), ("json", "json"))},
        export_limit=EXPORT_LIMIT,
        prev_url=_url(page_params, page=str(request.page - 1)) if request.page > 1 else None,
        next_url=_url(page_params, page=str(request.page + 1)) if request.page < pages else None, error=None)


def render_error(message: str, params: dict[str, list[str]], pages_url: str) -> str:
    """The page with the form as sent and the reason the search could not run."""
    one = lambda key: (params.get(key) or [""])[-1]
    return _environment().get_template("search.html").render(
        version=__version__, css=asset("pages.css"), pages_url=pages_url, q=one("q"), exact=one("exact") == "1",
        date_from=one("from"), date_to=one("to"), sort=one("sort") or "relevance", sorts=SORTS,
        kept=[(k, v) for k, v in _pairs(params) if k not in FORM_FIELDS and k != "page"], result=None, error=message)
