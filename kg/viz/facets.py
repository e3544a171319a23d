"""The static faceted index (browse.html): every entity and statistic, filtered in the browser by
class, role, province, event kind, document type, issuer, month and Party/government or not, with a
text box over labels and statistic wording. Results link to profiles and to evidence spans.

It works from file://: the rows sit in JS files the page loads with <script src> (fetch and XHR
are refused there), entities first, statistics in parts (each with the bulletins its figures come
from), so the page answers before the last part.
By the shared contract, bulletins without `bkg:partyGovernment false` count as Party/government
work; the others are counted and left out until the reader includes them.
"""

from __future__ import annotations

import math

from kg import __version__
from kg.viz import paths
from kg.viz.profile_page import shard_of
from kg.viz.profiles import Catalog, Entity, Statistic, local_id
from kg.viz.resources import asset, environment, icon_svg, script_json
from kg.viz.style import CLASS_STYLE, TYPE_LABEL

PAGE = "browse.html"
DATA_DIR = "browse"
STATISTICS_PART = 25_000  # statistics per data file at most (about 2 MB)


def facet_files(catalog: Catalog, *, bulletin_pages: bool = True) -> dict[str, str]:
    entities = [entity_row(e, catalog, bulletin_pages=bulletin_pages)
                for e in sorted(catalog.entities.values(), key=lambda e: (e.cls, e.label, e.iri))]
    files = {f"{DATA_DIR}/entities.js": f"kgRows('entities',{script_json(entities)});\n"}
    data = [f"{DATA_DIR}/entities.js"]
    for i, part in statistics_parts(catalog):
        bulletins, rows = statistic_rows(catalog, part, bulletin_pages=bulletin_pages)
        name = f"{DATA_DIR}/statistics-{i}.js"
        files[name] = f"kgRows('statistics',{script_json({'b': bulletins, 's': rows})});\n"
        data.append(name)
    files[PAGE] = _page(data, len(entities), len(catalog.statistics))
    return files


def statistics_parts(catalog: Catalog) -> list[tuple[int, list[Statistic]]]:
    """The statistics cut in a power of two of parts by their bulletin's hash, each numbered by its
    hash (empty ones are not written): one more bulletin rewrites the one part that holds its
    figures (and the entity rows), not every part after it."""
    parts = 1 << max(0, math.ceil(math.log2(max(1, len(catalog.statistics)) / STATISTICS_PART)))
    out: list[list[Statistic]] = [[] for _ in range(parts)]
    for st in catalog.statistics:
        out[shard_of(st.bulletin, parts)].append(st)
    return [(i, p) for i, p in enumerate(out) if p] or [(0, [])]


def _month(date: str | None) -> str | None:
    """'2017-05' from a full or year-month date; partial dates ('2017', '--05-13') have no month."""
    return date[:7] if date and len(date) >= 7 and date[:4].isdigit() and date[4] == "-" else None


def entity_row(e: Entity, catalog: Catalog, *, bulletin_pages: bool = True) -> list:
    """[profile, class, type, label, provinces, months, roles, issuer, political, bulletins, undated, evidence]"""
    dates = [r.date for s in e.sections for g in s.groups for r in g.rows]
    dates += [e.attrs.get("startDate")] if e.cls == "Event" else []
    months = sorted({m for d in dates if (m := _month(d))})
    flags = [catalog.bulletins[b].political for b in e.bulletins if b in catalog.bulletins]
    # Party/government work unless every bulletin that names it was judged otherwise.
    political = int(not flags or any(f is not False for f in flags))
    first = _first_evidence(e) if bulletin_pages else None
    return [local_id(e.iri), e.cls, TYPE_LABEL.get(e.type, e.type).split(" · ")[0], e.label, sorted(e.provinces),
            months, sorted(e.roles), e.issuer or "", political, len(e.bulletins), int(not months), first]


def _first_evidence(e: Entity) -> str | None:
    for s in e.sections:
        for g in s.groups:
            for r in g.rows:
                if r.start is not None:
                    return f"{paths.bulletin_page(r.bulletin)}#ev-{r.start}"
    return None


def statistic_rows(catalog: Catalog, statistics: list[Statistic] | None = None, *,
                   bulletin_pages: bool = True) -> tuple[list[list], list[list]]:
    """The bulletins statistics come from ([page, title, month, provinces, political]) and the
    statistics ([label, bulletin number, evidence start]): a title is written once, not per figure."""
    number: dict[str, int] = {}
    bulletins: list[list] = []
    out = []
    for st in catalog.statistics if statistics is None else statistics:
        if st.bulletin not in number:
            b = catalog.bulletins.get(st.bulletin)
            number[st.bulletin] = len(bulletins)
            bulletins.append([paths.bulletin_page(st.bulletin) if bulletin_pages else "", b.title if b else st.bulletin,
                              _month(b.date if b else None) or "", sorted(catalog.bulletin_provinces.get(st.bulletin, ())),
                              int(b is None or b.political is not False)])
        out.append([st.label, number[st.bulletin], st.start])
    return bulletins, out


def _page(data: list[str], entities: int, statistics: int) -> str:
    config = {"data": data, "icons": {c: icon_svg(s.shape, s.colour) for c, s in CLASS_STYLE.items()},
              "labels": {c: s.label for c, s in CLASS_STYLE.items()}, "profile": paths.PROFILE,
              "entities": entities, "statistics": statistics}
    return environment().get_template("browse.html").render(
        version=__version__, css=asset("pages.css") + asset("profile.css"), js=asset("facets.js"),
        config=script_json(config))


__all__ = ["DATA_DIR", "PAGE", "entity_row", "facet_files", "statistic_rows", "statistics_parts"]
