"""The pages `kg viz` wrote, served by `kg serve` under /viz/ (index, overview, profiles, the faceted
index, bulletin pages), so that the links of /search and of the query page open them. Only files
inside the pages folder are served, read-only, with their content type; anything else is a 404 that
says how to write the pages."""

from __future__ import annotations

import mimetypes
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

PREFIX = "/viz/"
TYPES = {".html": "text/html; charset=utf-8", ".js": "text/javascript; charset=utf-8",
         ".css": "text/css; charset=utf-8", ".json": "application/json", ".svg": "image/svg+xml",
         ".png": "image/png"}


@dataclass(frozen=True)
class Page:
    body: bytes
    content_type: str


class PageNotFound(LookupError):
    pass


def page_at(root: str | Path | None, path: str) -> Page:
    """The file a /viz/... path names inside `root`; "/viz/" is its index.html."""
    if root is None:
        raise PageNotFound("kg serve was started without pages: write them with `kg viz -o DIR` and start "
                           "`kg serve --pages DIR`")
    base = Path(root).resolve()
    rel = unquote(path[len(PREFIX):]) or "index.html"
    target = (base / rel).resolve()
    if base not in target.parents and target != base:
        raise PageNotFound(f"{path} is outside the pages folder")
    if target.is_dir():
        target = target / "index.html"
    if not target.is_file():
        raise PageNotFound(f"no page {rel} in {base}: `kg viz -o {base}` writes the pages (again)")
    kind = TYPES.get(target.suffix.lower()) or mimetypes.guess_type(target.name)[0] or "application/octet-stream"
    return Page(target.read_bytes(), kind)
