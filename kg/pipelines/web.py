"""Articles from the web: RSS/Atom feeds (feedparser) and article pages (requests + trafilatura).

Each function yields a `Bulletin` per article, or a `Rejected` naming the feed item or page and why
it cannot be used; nothing here raises for one bad article. Feeds and pages are fetched with
requests (timeouts, retries on transient server errors) and parsed from the bytes, so feedparser
never does network I/O of its own.
"""

from __future__ import annotations

import email.utils
import unicodedata
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Iterator

import requests
import urllib3
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

from kg import __version__
from kg.reading.sources import InputError, decode_text
from kg.records import Bulletin


@dataclass(frozen=True)
class Rejected:
    """An article (or a whole source) that cannot be ingested: the quarantine record."""

    source: str  # file, "file:line", feed URL + item, or page URL
    id: str | None
    reason: str


class FetchError(RuntimeError):
    pass


def http_session(pipeline_name: str) -> requests.Session:
    session = requests.Session()
    session.headers["User-Agent"] = f"bulletin-kg/{__version__} (pipeline {pipeline_name})"
    # Unattended runs meet flaky sites: retry connection errors and 5xx a few times with backoff.
    retry = Retry(total=3, backoff_factor=0.5, status_forcelist=(500, 502, 503, 504), allowed_methods={"GET"})
    session.mount("http://", HTTPAdapter(max_retries=retry))
    session.mount("https://", HTTPAdapter(max_retries=retry))
    return session


def fetch(session: requests.Session, url: str, *, timeout: float, max_bytes: int) -> requests.Response:
    try:
        response = session.get(url, timeout=timeout, stream=True)
        response.raise_for_status()
        body = response.raw.read(max_bytes + 1, decode_content=True)
        response.close()
    except requests.HTTPError as err:
        status = f"{err.response.status_code} {err.response.reason}" if err.response is not None else str(err)
        raise FetchError(f"HTTP {status}") from None
    except (requests.RequestException, urllib3.exceptions.HTTPError, OSError) as err:
        raise FetchError(f"cannot fetch: {type(err).__name__}: {_short(err)}") from None
    if len(body) > max_bytes:
        raise FetchError(f"larger than the {max_bytes:,}-byte limit (raise run.max_bytes)")
    response._content = body  # the body as read, size-checked
    return response


def response_text(response: requests.Response) -> str:
    """Page text: the declared charset, else UTF-8; NFC-normalised."""
    declared = "charset=" in response.headers.get("Content-Type", "").lower()
    if declared and response.encoding and response.encoding.lower().replace("_", "-") not in ("utf-8", "utf8"):
        try:
            return unicodedata.normalize("NFC", response.content.decode(response.encoding))
        except (LookupError, UnicodeDecodeError) as err:
            raise InputError(f"cannot decode as {response.encoding}: {err}") from None
    return decode_text(response.content)


# -- pages ----------------------------------------------------------------------------------------

def read_page(session: requests.Session, url: str, *, timeout: float, max_bytes: int,
              fallback: Bulletin | None = None) -> Bulletin:
    """One article page: text, title, date and author through trafilatura. Raises InputError/FetchError."""
    from kg.reading.html import bulletin_from_html

    response = fetch(session, url, timeout=timeout, max_bytes=max_bytes)
    html = response_text(response)
    bulletin = bulletin_from_html(html, id=fallback.id if fallback else url, origin=url, url=url)
    if fallback is not None:  # what the feed said, where the page itself is silent
        for attr in ("title", "date", "author"):
            setattr(bulletin, attr, getattr(bulletin, attr) or getattr(fallback, attr))
        bulletin.url = fallback.url or bulletin.url
    return bulletin


def read_pages(session, urls, *, timeout: float, max_bytes: int) -> Iterator[Bulletin | Rejected]:
    for url in urls:
        try:
            yield read_page(session, url, timeout=timeout, max_bytes=max_bytes)
        except (InputError, FetchError) as err:
            yield Rejected(url, url, str(err))


# -- feeds ----------------------------------------------------------------------------------------

def read_feed(session, location: str, *, timeout: float, max_bytes: int,
              fetch_pages: bool = False) -> Iterator[Bulletin | Rejected]:
    """Items of an RSS or Atom feed given as a URL or a file path."""
    import feedparser

    try:
        if location.startswith(("http://", "https://")):
            data = fetch(session, location, timeout=timeout, max_bytes=50 * max_bytes).content
        else:
            data = Path(location).read_bytes()
    except FetchError as err:
        yield Rejected(location, None, f"feed not read: {err}")
        return
    except OSError as err:
        yield Rejected(location, None, f"feed not read: {err.strerror or err}")
        return
    parsed = feedparser.parse(data)
    if not parsed.entries:
        if parsed.get("bozo"):
            yield Rejected(location, None, f"not an RSS/Atom feed: {_short(parsed.bozo_exception)}")
        return
    for position, entry in enumerate(parsed.entries, start=1):
        origin = f"{location}#item{position}"
        ident = entry.get("id") or entry.get("link")
        try:
            bulletin = bulletin_from_entry(entry, origin=origin)
            if fetch_pages:
                if not bulletin.url:
                    raise InputError("feed item has no link to fetch (fetch_pages = true)")
                bulletin = read_page(session, bulletin.url, timeout=timeout, max_bytes=max_bytes, fallback=bulletin)
                bulletin.origin = f"{origin} ({bulletin.url})"
            elif not bulletin.raw_text.strip():
                raise InputError("feed item has no text (no content or description); "
                                 "set fetch_pages = true to read the linked page")
            yield bulletin
        except (InputError, FetchError) as err:
            yield Rejected(origin, ident, str(err))


def bulletin_from_entry(entry, *, origin: str) -> Bulletin:
    """A feed item as a Bulletin (its text may be empty when the feed carries titles only)."""
    ident = (entry.get("id") or entry.get("link") or "").strip()
    if not ident:
        raise InputError("feed item has neither a guid/id nor a link, so it cannot be tracked between runs")
    return Bulletin(
        id=ident,
        raw_text=_entry_text(entry),
        title=_clean(entry.get("title")),
        url=_clean(entry.get("link")),
        date=_entry_date(entry),
        author=_clean(entry.get("author")),
        origin=origin,
    )


def _entry_text(entry) -> str:
    """The fullest text the item carries: content:encoded / Atom content, else the description."""
    candidates = [c for c in entry.get("content", []) if c.get("value")]
    if not candidates and entry.get("summary"):
        candidates = [{"value": entry["summary"], "type": entry.get("summary_detail", {}).get("type", "text/html")}]
    if not candidates:
        return ""
    best = max(candidates, key=lambda c: len(c["value"]))
    value = best["value"]
    if "html" in (best.get("type") or "text/html"):
        value = html_fragment_text(value)
    return unicodedata.normalize("NFC", value.strip())


def html_fragment_text(fragment: str) -> str:
    """Article text of an HTML fragment (a feed's content), paragraphs kept, through trafilatura."""
    import trafilatura

    if "<" not in fragment:
        return fragment
    page = f"<html><body><article>{fragment}</article></body></html>"
    # Precision mode keeps inline markup (<b>, <a>) within its paragraph; recall mode, tried only when
    # precision finds nothing, splits it into lines of its own.
    text = (trafilatura.extract(page, favor_precision=True, include_comments=False, include_tables=False)
            or trafilatura.extract(page, favor_recall=True, include_comments=False, include_tables=False))
    if not text:
        return ""
    # trafilatura separates paragraphs by one newline; the cleaning stage reads blank-line paragraphs.
    return "\n\n".join(line.strip() for line in text.splitlines() if line.strip())


def _entry_date(entry) -> str | None:
    """The publication date as written (local to the publisher), not shifted to UTC: an item
    published at 06:00 +07:00 on 5 March belongs to 5 March."""
    for key in ("published", "updated", "created"):
        raw = entry.get(key)
        if not raw:
            continue
        try:
            return email.utils.parsedate_to_datetime(raw).date().isoformat()
        except (TypeError, ValueError, IndexError):
            pass
        try:
            return datetime.fromisoformat(raw.strip()).date().isoformat()
        except ValueError:
            pass
        parsed = entry.get(f"{key}_parsed")
        if parsed:
            return f"{parsed.tm_year:04d}-{parsed.tm_mon:02d}-{parsed.tm_mday:02d}"
    return None


def _clean(value) -> str | None:
    if not isinstance(value, str):
        return None
    value = unicodedata.normalize("NFC", value.strip())
    return value or None


def _short(err: object) -> str:
    text = str(err)
    return text if len(text) <= 200 else text[:197] + "..."
