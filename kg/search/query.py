"""Searching the index: a request (words, facet filters, dates) in, matching bulletins out, each with
the sentence that matches best, highlighted, and the evidence span a link can open it at.

The words are read in a simple syntax that cannot fail on ordinary input (words, "phrases", -word,
prefix*, OR); `syntax="fts5"` passes an FTS5 query through, whose errors become SearchQueryError.
Facet filters narrow the results (every value chosen must hold); facet counts are over the results.
Bulletins the Party/government classifier marked as other news are left out unless asked for, and
counted; with a date range, bulletins whose date is unknown or too coarse to tell are counted apart.
"""

from __future__ import annotations

import html
import json
import re
import sqlite3
from dataclasses import dataclass, field
from typing import Any

from kg.nlp.events import sentences
from kg.search.index import fold
from kg.search.records import FACETS, parse_date

SNIPPET_CHARS = 320
OPEN, CLOSE = "\x02", "\x03"  # highlight() markers: control characters no cleaned text contains
SORTS = ("relevance", "newest", "oldest")
FACET_MORE = 500

_TERM = re.compile(r"""
    (?P<neg> - )?
    (?: " (?P<phrase> [^"]* ) "?          # a phrase; an unclosed quote runs to the end
      | (?P<word> [^\s"]+ ) )
    """, re.VERBOSE)


class SearchQueryError(ValueError):
    """A request the index cannot answer (an FTS5 syntax error, a bad date): the message says why."""


@dataclass
class SearchRequest:
    text: str = ""
    exact: bool = False  # match the diacritics as written
    syntax: str = "simple"  # or "fts5"
    filters: dict[str, list[str]] = field(default_factory=dict)  # facet -> values that must all hold
    date_from: str | None = None
    date_to: str | None = None
    include_other: bool = False  # also bulletins classified as not Party or government news
    sort: str = "relevance"
    page: int = 1
    per_page: int = 20
    facet_limit: int = 12  # values listed per facet, the most frequent first
    facet_more: str | None = None  # a facet listed with up to FACET_MORE values


@dataclass
class Hit:
    id: str
    title_html: str
    date: str | None
    date_source: str | None
    publisher: str | None
    author: str | None
    url: str | None
    snippet_html: str
    sentence: str
    sentence_start: int | None
    anchor: int | None  # start offset of the evidence span the bulletin page has an anchor for
    entities: list[tuple[str, str, str]]  # (facet, label, IRI)


@dataclass
class SearchResult:
    request: SearchRequest
    fts_query: str
    total: int
    hits: list[Hit]
    facets: dict[str, list[tuple[str, int]]]
    others: int  # matches left out as not Party/government news (0 when they are included)
    imprecise: int  # matches left out by the date range because their date is unknown or too coarse
    indexed: int  # bulletins in the index


def fts_query(request: SearchRequest) -> str:
    """The FTS5 expression for the request's words; '' for no words (every bulletin matches)."""
    text = request.text.strip()
    if request.syntax == "fts5":
        return text if request.exact else fold(text)
    include, exclude = _groups(text)
    if not include and exclude:
        raise SearchQueryError("give at least one word to look for besides the excluded ones (-word)")
    expr = " AND ".join(f"({' OR '.join(g)})" if len(g) > 1 else g[0] for g in include)
    if len(include) > 1 and all(len(g) == 1 for g in include) and not exclude and not re.search(r'["*]', text):
        # Vietnamese words are several syllables ("hội nghị"): bulletins holding the words side by
        # side, in the order typed, also match the phrase and so rank first; the others still match.
        expr = '"' + " ".join(g[0][1:-1] for g in include) + f'" OR ({expr})'
    expr += "".join(f" NOT {t}" for t in exclude)
    return expr if request.exact else fold(expr)


def _groups(text: str) -> tuple[list[list[str]], list[str]]:
    """The terms that must match (each a group of alternatives joined by OR) and those excluded."""
    include: list[list[str]] = []
    exclude: list[str] = []
    joining = False
    for negated, term in _terms(text):
        if term == "OR":
            joining = bool(include)
        elif negated:
            exclude += term
        elif joining:
            include[-1] += term
            joining = False
        else:
            include.append(list(term))
    return include, exclude


def _terms(text: str):
    """(negated, FTS5 strings that are alternatives) for each word or phrase, quoted so that its
    punctuation ("22-NQ/TW") is split by the tokenizer, never read as syntax; a bare OR comes
    through as "OR". A whole number is looked for written both ways, "1.372" and "1372"."""
    for m in _TERM.finditer(text):
        if m["word"] == "OR":
            yield False, "OR"
            continue
        raw = m["phrase"] if m["phrase"] is not None else m["word"]
        prefix = m["word"] is not None and raw.endswith("*")
        raw = raw.rstrip("*") if prefix else raw
        if any(c.isalnum() for c in raw):
            forms = _number_forms(raw) if m["word"] is not None and not prefix else [raw]
            yield bool(m["neg"]), ['"' + f.replace('"', '""') + '"' + ("*" if prefix else "") for f in forms]


_NUMBER = re.compile(r"""^(?: (?P<grouped> \d{1,3} (?: \.\d{3} )+ ) | (?P<plain> \d{4,} ) )$""", re.VERBOSE)


def _number_forms(word: str) -> list[str]:
    """'1.372' -> ['1.372', '1372'], '1372' -> ['1372', '1.372']: bulletins write thousands both ways."""
    m = _NUMBER.match(word)
    if m is None:
        return [word]
    digits = word.replace(".", "")
    grouped = f"{int(digits):,}".replace(",", ".") if not digits.startswith("0") else digits
    return [word, digits] if m["grouped"] else ([word, grouped] if grouped != word else [word])


def _date_bounds(request: SearchRequest) -> tuple[str | None, str | None]:
    bounds: list[str | None] = []
    for value, side in ((request.date_from, "start"), (request.date_to, "end")):
        if not value:
            bounds.append(None)
            continue
        span = parse_date(value)
        if span is None or span.start is None:
            raise SearchQueryError(f"the date {value!r} is not YYYY, YYYY-MM or YYYY-MM-DD")
        bounds.append(getattr(span, side))
    return bounds[0], bounds[1]


def search(conn: sqlite3.Connection, request: SearchRequest) -> SearchResult:
    """Run `request` over an open index (`kg.search.index.connect`)."""
    expr = fts_query(request)
    table = "fts_exact" if request.exact else "fts"
    lo, hi = _date_bounds(request)
    unknown = [f for f in request.filters if f not in FACETS]
    if unknown:
        raise SearchQueryError(f"no facet named {unknown[0]!r}; the facets are {', '.join(FACETS)}")
    conn.execute("DROP TABLE IF EXISTS temp.m")
    try:
        if expr:
            conn.execute(f"CREATE TEMP TABLE m AS SELECT rowid, bm25({table}, 4.0, 1.0) AS score FROM {table} "
                         f"WHERE {table} MATCH ?", (expr,))
        else:
            conn.execute("CREATE TEMP TABLE m AS SELECT rowid, 0.0 AS score FROM bulletins")
    except sqlite3.OperationalError as err:
        raise SearchQueryError(_explain(request.text, str(err))) from None
    narrowed, args = _narrowing(request.filters)
    rows = ("SELECT m.rowid, m.score, b.id, b.date_start, b.date_end, b.political FROM m "
            f"JOIN bulletins b ON b.rowid = m.rowid WHERE 1=1 {narrowed}")
    others = 0
    if not request.include_other:
        others = conn.execute(f"SELECT count(*) FROM ({rows}) WHERE political = 0", args).fetchone()[0]
        rows += " AND b.political IS NOT 0"
    imprecise = 0
    if lo or hi:
        bounds = [lo or "0000-01-01", hi or "9999-12-31"]
        inside = "(date_start IS NOT NULL AND date_start >= ? AND date_end <= ?)"
        could = "(date_start IS NULL OR (date_start <= ? AND date_end >= ?))"
        imprecise = conn.execute(f"SELECT count(*) FROM ({rows}) WHERE NOT {inside} AND {could}",
                                 args + bounds + bounds[::-1]).fetchone()[0]
        rows += " AND b.date_start IS NOT NULL AND b.date_start >= ? AND b.date_end <= ?"
        args = args + bounds
    conn.execute("DROP TABLE IF EXISTS temp.hits")
    conn.execute(f"CREATE TEMP TABLE hits AS {rows}", args)
    total = conn.execute("SELECT count(*) FROM hits").fetchone()[0]
    page = _page(conn, request)
    facets = _facet_counts(conn, request.facet_limit, request.facet_more)
    indexed = conn.execute("SELECT count(*) FROM bulletins").fetchone()[0]
    hits = [_hit(conn, table, expr, row) for row in page]
    return SearchResult(request, expr, total, hits, facets, others, imprecise, indexed)


def _narrowing(filters: dict[str, list[str]]) -> tuple[str, list[str]]:
    sql, args = "", []
    for facet, values in sorted(filters.items()):
        for value in values:
            sql += " AND b.rowid IN (SELECT bulletin FROM facets WHERE facet = ? AND value = ?)"
            args += [facet, value]
    return sql, args


def _page(conn: sqlite3.Connection, request: SearchRequest) -> list[dict[str, Any]]:
    order = {"relevance": "score, date_start DESC, id", "newest": "date_start IS NULL, date_start DESC, score, id",
             "oldest": "date_start IS NULL, date_start, score, id"}.get(request.sort)
    if order is None:
        raise SearchQueryError(f"sort by one of {', '.join(SORTS)}, not {request.sort!r}")
    offset = max(0, request.page - 1) * request.per_page
    ranked = [r for (r,) in conn.execute(f"SELECT rowid FROM hits ORDER BY {order} LIMIT ? OFFSET ?",
                                           (request.per_page, offset))]
    rows = []
    for rowid in ranked:  # the texts of this page only
        cur = conn.execute("SELECT b.*, t.title, t.text FROM bulletins b JOIN texts t ON t.rowid = b.rowid "
                           "WHERE b.rowid = ?", (rowid,))
        rows.append(dict(zip([d[0] for d in cur.description], cur.fetchone())))
    return rows


def _facet_counts(conn: sqlite3.Connection, limit: int, more: str | None) -> dict[str, list[tuple[str, int]]]:
    out: dict[str, list[tuple[str, int]]] = {f: [] for f in FACETS}
    rows = conn.execute("""
        SELECT f.facet, f.value, count(DISTINCT f.bulletin) AS n FROM hits h JOIN facets f ON f.bulletin = h.rowid
        GROUP BY f.facet, f.value ORDER BY f.facet, n DESC, f.value""").fetchall()
    for facet, value, n in rows:
        if facet in out and (len(out[facet]) < (FACET_MORE if facet == more else limit) or facet == "month"):
            out[facet].append((value, n))
    out["month"].sort()
    return out


def _explain(text: str, error: str) -> str:
    detail = error.removeprefix("fts5: ")
    return (f"the search {text!r} could not be read ({detail}). Put words in double quotes to search them "
            "as written, or leave out the FTS5 syntax (use the simple syntax: words, \"phrases\", -word, "
            "prefix*, OR).")


# -- one hit: its best sentence, highlighted, and the anchor to open it at -------------------------

def _hit(conn: sqlite3.Connection, table: str, expr: str, row: dict) -> Hit:
    title_marked = text_marked = None
    if expr:
        title_marked, text_marked = conn.execute(
            f"SELECT highlight({table}, 0, char(2), char(3)), highlight({table}, 1, char(2), char(3)) "
            f"FROM {table} WHERE {table} MATCH ? AND rowid = ?", (expr, row["rowid"])).fetchone()
    text = row["text"]
    marks = _marks(text_marked) if text_marked else []
    start, end = _best_sentence(text, marks)
    spans = [tuple(s) for s in json.loads(row["spans"])]
    entities = conn.execute(
        "SELECT facet, value, iri FROM facets WHERE bulletin = ? AND iri != '' AND facet IN "
        "('document', 'official', 'organization') ORDER BY facet = 'organization', facet, value LIMIT 12",
        (row["rowid"],)).fetchall()
    return Hit(row["id"], _marked_html(row["title"], _marks(title_marked) if title_marked else []),
               row["date"], row["date_source"], row["publisher"], row["author"], row["url"],
               _snippet(text, start, end, marks), text[start:end].strip(), start if marks else None,
               _anchor(spans, start, end, marks), [tuple(e) for e in entities])


def _marks(marked: str) -> list[tuple[int, int]]:
    """(start, end) in the unmarked text of every highlighted stretch of `marked`."""
    out, pos, start = [], 0, None
    for ch in marked:
        if ch == OPEN:
            start = pos
        elif ch == CLOSE:
            if start is not None:
                out.append((start, pos))
            start = None
        else:
            pos += 1
    return out


def _best_sentence(text: str, marks: list[tuple[int, int]]) -> tuple[int, int]:
    """The sentence holding the most different matched words (the first of equals); without a
    match, the opening sentence."""
    spans = sentences(text) or [(0, len(text))]
    if not marks:
        return spans[0]
    best, best_score = spans[0], -1
    for s, e in spans:
        words = {fold(text[a:b]).lower() for a, b in marks if s <= a < e}
        if len(words) > best_score:
            best, best_score = (s, e), len(words)
    return best


def _snippet(text: str, start: int, end: int, marks: list[tuple[int, int]]) -> str:
    inside = [(a, b) for a, b in marks if start <= a < end]
    if end - start > SNIPPET_CHARS:
        centre = inside[0][0] if inside else start
        lo = max(start, centre - SNIPPET_CHARS // 3)
        hi = min(end, lo + SNIPPET_CHARS)
        body = _marked_html(text[lo:hi], [(a - lo, min(b, hi) - lo) for a, b in inside if a < hi])
        return ("… " if lo > start else "") + body + (" …" if hi < end else "")
    return _marked_html(text[start:end], [(a - start, min(b, end) - start) for a, b in inside])


def _marked_html(text: str, marks: list[tuple[int, int]]) -> str:
    out, pos = [], 0
    for a, b in sorted(marks):
        if a < pos:
            continue
        out += [html.escape(text[pos:a]), "<mark>", html.escape(text[a:b]), "</mark>"]
        pos = b
    out.append(html.escape(text[pos:]))
    return "".join(out).strip()


def _anchor(spans: list[tuple[int, int]], start: int, end: int, marks: list[tuple[int, int]]) -> int | None:
    """The evidence span to open the sentence at: one covering the first match in it, else the first
    that starts in the sentence, else one that runs into it from before."""
    first = next((a for a, _ in marks if start <= a < end), start)
    covering = [s for s, e in spans if start <= s <= first < e]
    if covering:
        return max(covering)
    starting = [s for s, _ in spans if start <= s < end]
    if starting:
        return starting[0]
    running = [s for s, e in spans if s < start < e]
    return max(running) if running else None
