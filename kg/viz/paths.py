"""Where each page lives inside the output folder. Links between pages are relative, so the folder
can be copied anywhere (a USB stick, a file share) and opened from file://."""

from __future__ import annotations

import hashlib
import re

from kg.rdf.iri import slug

INDEX = "index.html"
OVERVIEW = "overview.html"
BULLETIN_LIST = "bulletins.html"
BULLETIN_DIR = "bulletins"
FOCUS_DIR = "focus"
MANIFEST = "views.json"
PROFILE = "profile.html"


def bulletin_page(bulletin_id: str) -> str:
    """'bulletins/21395276.html'; ids with other characters get a slug and a short hash, so two ids
    never share a file and no id needs escaping in a link."""
    if re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,100}", bulletin_id):
        return f"{BULLETIN_DIR}/{bulletin_id}.html"
    return f"{BULLETIN_DIR}/{slug(bulletin_id)}.html"


def focus_page(label: str, iri: str, depth: int) -> str:
    """'focus/nghi-quyet-so-22-nq-tw-3f9a1c-d1.html': readable, and unique per node and depth."""
    digest = hashlib.sha1(iri.encode("utf-8")).hexdigest()[:6]
    return f"{FOCUS_DIR}/{slug(label, hashed=False)[:48].rstrip('-')}-{digest}-d{depth}.html"


def profile_page(iri: str) -> str:
    """'profile.html#person/nguyen-van-a': one page shows the profile of every merged entity, chosen by
    the fragment (the entity's IRI after the id base), so the site does not need a file per entity."""
    from kg.rdf.vocab import ID_BASE

    local = iri[len(ID_BASE):] if iri.startswith(ID_BASE) else "iri=" + iri
    return f"{PROFILE}#{local}"


def up(page: str) -> str:
    """The prefix that leads from `page` back to the output folder ('' or '../')."""
    return "../" * page.count("/")
