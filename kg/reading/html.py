"""HTML pages: main text, title, date, author and site through trafilatura (no hand-written tag
stripping: news pages carry menus, related links and comment boxes that it knows how to drop)."""

from __future__ import annotations

from kg.reading.sources import InputError
from kg.records import Bulletin


def bulletin_from_html(html: str, *, id: str, origin: str, url: str | None = None) -> Bulletin:
    import trafilatura

    doc = trafilatura.bare_extraction(
        html, url=url, with_metadata=True, include_comments=False, include_tables=False,
        favor_precision=True,
    )
    meta = doc.as_dict() if doc is not None and hasattr(doc, "as_dict") else (doc or {})
    text = (meta.get("text") or "").strip()
    # A page whose only "text" is a menu or a caption has no article to read.
    if len(text.split()) < 12:
        raise InputError("HTML without article text (no main content found); save the article page itself")
    return Bulletin(
        id=id,
        raw_text=text,
        title=meta.get("title") or None,
        url=meta.get("url") or url,
        date=meta.get("date") or None,
        source=meta.get("sitename") or meta.get("hostname") or None,
        author=meta.get("author") or None,
        origin=origin,
    )
