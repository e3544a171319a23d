"""A result list as CSV (one row per bulletin, with the matching sentence and the link to it) and as
citations: RIS (read by Zotero, EndNote, Mendeley, JabRef) and CSL-JSON (Zotero, Pandoc/citeproc).

A citation holds what the bulletin's metadata holds: the headline as title, the publisher (the
site or paper; the byline as author when there is one), the date, and the bulletin's own URL, or
the archive's page for it when the source gave none. Each carries the bulletin id as a note.
"""

from __future__ import annotations

import csv
import io
import json
import re

from kg.search.query import Hit

CSV_COLUMNS = ("id", "title", "date", "date_source", "publisher", "author", "source_url", "page", "sentence")
_TAGS = re.compile(r"<[^>]+>")


def plain(html_text: str) -> str:
    """The text of a highlighted title (our own <mark> markup, escaped text)."""
    import html

    return html.unescape(_TAGS.sub("", html_text))


def to_csv(hits: list[Hit], page_url) -> str:
    """`page_url(hit)` gives the archive link of a hit (its bulletin page at the matching sentence)."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(CSV_COLUMNS)
    for h in hits:
        w.writerow([h.id, plain(h.title_html), h.date or "", h.date_source or "", h.publisher or "", h.author or "",
                    h.url or "", page_url(h), h.sentence])
    return buf.getvalue()


def to_ris(hits: list[Hit], page_url) -> str:
    """RIS records of type NEWS (newspaper article)."""
    out = []
    for h in hits:
        lines = [("TY", "NEWS"), ("ID", h.id), ("TI", plain(h.title_html) or h.id)]
        if h.author:
            lines.append(("AU", h.author))
        if h.publisher:
            lines += [("PB", h.publisher), ("T2", h.publisher)]
        if h.date and h.date_source == "bulletin" and h.date[:4].isdigit():
            lines += [("PY", h.date[:4]), ("DA", h.date.replace("-", "/"))]
        lines.append(("UR", h.url or page_url(h)))
        lines.append(("N1", f"bulletin-kg id {h.id}" + (f"; archived at {page_url(h)}" if h.url else "")))
        lines.append(("LA", "vi"))
        out.append("\r\n".join(f"{tag}  - {_one_line(value)}" for tag, value in lines) + "\r\nER  - \r\n")
    return "".join(out)


def to_csl_json(hits: list[Hit], page_url) -> str:
    """CSL-JSON items of type article-newspaper."""
    items = []
    for h in hits:
        item = {"id": h.id, "type": "article-newspaper", "title": plain(h.title_html) or h.id, "language": "vi",
                "URL": h.url or page_url(h), "note": f"bulletin-kg id {h.id}"}
        if h.publisher:
            item["publisher"] = h.publisher
            item["container-title"] = h.publisher
        if h.author:
            item["author"] = [{"literal": h.author}]
        if h.date and h.date_source == "bulletin" and h.date[:4].isdigit():
            item["issued"] = {"date-parts": [[int(p) for p in h.date.split("-") if p]]}
        items.append(item)
    return json.dumps(items, ensure_ascii=False, indent=1)


def _one_line(value: str) -> str:
    return " ".join(str(value).split())
