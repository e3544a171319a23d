"""Score extraction against a gold set (tests/gold/*.json, see its README).

Per kind, micro-averaged over all gold bulletins: documents by canonical number; officials by
name; positions by (name, position); statistics by (value, unit); events by (kind, date); event
organizers, chairs, attendees and speakers by name; implements/reviews by document key; the
top-level organizations by name; a statistic's `about` by (value, about). A kind the gold file does
not annotate (the extended fields of `tests/gold-dev2`/`gold-dev3`) is not scored on that file. Files of the first standard (no `organizations` list) know no
inspection, discipline or appointment events: a predicted inspection is scored as the `meeting` it
is there, and predicted decisions are left out.

Two matchers score every kind, side by side:

- **strict** (the default): exact match after normalising the writing only: NFC, white space, case,
  old/new tone placement ("hoà" = "hòa") and trailing punctuation. "Phó Chủ tịch" does not match
  "Phó Chủ tịch UBND tỉnh X".
- **lenient**: also expands the usual abbreviations (UBND, HĐND, TW ...), takes a position as
  matching when one contains the other or they share most words, and a unit when they share their
  first word. This was the only matcher before; it overstates quality and is kept for comparison.

Every miss and false alarm is listed for both.

The text can be transformed before extraction, to measure robustness to layout: a gold file with
`"layout": "joined"` is always extracted from its paragraphs joined into one line, and
`layout="joined"` / `layout="captions"` transform every gold text (see `transform_text`).
"""

from __future__ import annotations

import gzip
import json
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Sequence, TypeVar

KINDS = ["documents", "documents_named", "officials", "positions", "statistics", "statistics_about",
         "events", "organizers", "chairs", "attendees", "speakers", "implements", "reviews", "organizations"]
MATCHERS = ("strict", "lenient")
LAYOUTS = ("joined", "captions")

ABBREVIATIONS = {
    "ubnd": "ủy ban nhân dân", "hđnd": "hội đồng nhân dân", "tw": "trung ương", "t.ư": "trung ương",
    "tư": "trung ương", "bch": "ban chấp hành", "mttq": "mặt trận tổ quốc", "ubkt": "ủy ban kiểm tra",
    "tp": "thành phố", "tp.": "thành phố", "đbqh": "đại biểu quốc hội", "uvtw": "ủy viên trung ương đảng",
    "btv": "ban thường vụ", "qh": "quốc hội", "hcm": "hồ chí minh", "tp.hcm": "thành phố hồ chí minh",
    "vn": "việt nam", "lđlđ": "liên đoàn lao động", "ubtvqh": "ủy ban thường vụ quốc hội",
    "ubmttq": "ủy ban mặt trận tổ quốc", "nn&ptnt": "nông nghiệp và phát triển nông thôn",
}

_OLD_TONES = (("oà", "òa"), ("oá", "óa"), ("oả", "ỏa"), ("oã", "õa"), ("oạ", "ọa"), ("uỷ", "ủy"),
              ("uý", "úy"), ("uỵ", "ụy"), ("uỳ", "ùy"), ("oè", "òe"), ("oé", "óe"))
_TRAILING_PUNCT = re.compile(r"[\s\"“”'’,;:.\-–]+$")
_LEADING_PUNCT = re.compile(r"^[\s\"“”'’,;:.\-–]+")


def _writing(text: str | None) -> str:
    """NFC, case folded, one tone placement, single spaces."""
    text = unicodedata.normalize("NFC", text or "").casefold()
    # Old-style tone placement ("hoà", "uỷ") is the same word as the new style ("hòa", "ủy").
    for old, new in _OLD_TONES:
        if old in text:
            text = re.sub(rf"{old}(?![\wđ])", new, text)
    return " ".join(text.split())


def strict_norm(text: str | None) -> str:
    """The strict matcher's key: the writing normalised, nothing else.

    >>> strict_norm(" Phó Chủ tịch  UBND tỉnh. ")
    'phó chủ tịch ubnd tỉnh'
    """
    text = _writing(text)
    text = _LEADING_PUNCT.sub("", _TRAILING_PUNCT.sub("", text))
    # A bracket left unbalanced by the trailing-punctuation rule ("(BTG" stays as written).
    return " ".join(text.split())


def norm(text: str | None) -> str:
    """The lenient matcher's key: punctuation dropped and abbreviations expanded."""
    text = _writing(text)
    text = re.sub(r"[\"“”'’()\[\],;:.\-–]+(?=\s|$)|(?<=\s)[\"“”'’()\[\],;:\-–]+", " ", text)
    words = [ABBREVIATIONS.get(w, w) for w in text.split()]
    return " ".join(" ".join(words).split())


def norm_number(number: str | None) -> str:
    n = re.sub(r"\s+", "", unicodedata.normalize("NFC", number or "")).casefold().replace("–", "-")
    return re.sub(r"^0+(?=\d)", "", n)


def position_match(a: str, b: str) -> bool:
    na, nb = norm(a), norm(b)
    if na == nb:
        return True
    wa, wb = na.split(), nb.split()
    short, long_ = (wa, wb) if len(wa) <= len(wb) else (wb, wa)
    if " ".join(short) in " ".join(long_) and len(short) >= max(2, 0.6 * len(long_)):
        return True
    # The title right and the organization left implicit ("Thủ tướng" for "Thủ tướng Chính phủ").
    if len(short) >= 2 and long_[: len(short)] == short:
        return True
    sa, sb = set(wa), set(wb)
    return len(sa & sb) / max(len(sa | sb), 1) >= 0.8


def unit_match(a: str, b: str) -> bool:
    na, nb = norm(a), norm(b)
    if na == nb:
        return True
    if not na or not nb:
        return False
    return na.split()[0] == nb.split()[0] or na.startswith(nb) or nb.startswith(na)


def same_value(a: float, b: float) -> bool:
    return abs(a - b) <= 1e-6 * max(1.0, abs(a))


@dataclass(frozen=True)
class Matcher:
    """How two names, positions and units are compared."""

    name: str
    text: Callable[[str | None], str]  # the key of a name (officials, chairs ...)
    phrase: Callable[[str, str], bool]  # positions, organizations, named documents
    unit: Callable[[str, str], bool]


STRICT = Matcher("strict", strict_norm, lambda a, b: strict_norm(a) == strict_norm(b),
                 lambda a, b: strict_norm(a) == strict_norm(b))
LENIENT = Matcher("lenient", norm, position_match, unit_match)


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    misses: list[str] = field(default_factory=list)
    false_alarms: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def to_json(self) -> dict:
        return {"precision": round(self.precision, 4), "recall": round(self.recall, 4), "f1": round(self.f1, 4),
                "tp": self.tp, "fp": self.fp, "fn": self.fn, "misses": self.misses,
                "false_alarms": self.false_alarms}


T = TypeVar("T")


def match(gold: Sequence[T], pred: Sequence[T], same: Callable[[T, T], bool], show: Callable[[T], str],
          score: Score, where: str) -> None:
    """Greedy one-to-one matching."""
    unused = list(pred)
    for g in gold:
        hit = next((p for p in unused if same(g, p)), None)
        if hit is None:
            score.fn += 1
            score.misses.append(f"{where}: {show(g)}")
        else:
            unused.remove(hit)
            score.tp += 1
    score.fp += len(unused)
    score.false_alarms.extend(f"{where}: {show(p)}" for p in unused)


def _extended(gold: dict) -> bool:
    """Whether the file follows the extended standard (tests/gold-dev2, gold-dev3): its events carry
    attendees, speakers, implements and reviews, and it lists its organizations."""
    return "organizations" in gold


# The first standard (tests/gold, gold-heldout, gold-fresh) has no inspection, discipline or
# appointment events: a working visit is a `meeting` there, and decisions about people are not events.
_FIRST_STANDARD_KINDS: dict[str, str | None] = {"inspection": "meeting", "discipline": None, "appointment": None}


def _in_standard(gold: dict, events: list[dict]) -> list[dict]:
    """Predicted events as the gold file's standard names them."""
    if _extended(gold):
        return events
    out = []
    for e in events:
        given = e.get("kind")
        kind = _FIRST_STANDARD_KINDS.get(given, given) if given is not None else None
        if kind is not None:
            out.append(dict(e, kind=kind))
    return out


def _names(events: list[dict], key: str) -> list[str]:
    return [n for e in events for n in e.get(key) or [] if n]


def _dedup(keys: Iterable[str]) -> list[str]:
    return sorted({k for k in keys if k})


def _document_key(d: str) -> str:
    return norm_number(d)


def score_bulletin(gold: dict, pred: dict, scores: dict[str, Score], matcher: Matcher = LENIENT) -> None:
    """Score one bulletin's predicted records against its gold, kind by kind, into `scores`."""
    where = gold["id"]
    g_events, p_events = gold.get("events", []), _in_standard(gold, pred.get("events", []))
    _score_documents(gold, pred, scores, matcher, where)
    _score_officials(gold, pred, scores, matcher, where)
    _score_statistics(gold, pred, scores, matcher, where)
    _score_events(g_events, p_events, scores, matcher, where)
    if _extended(gold):
        _score_extended(gold, pred, g_events, p_events, scores, matcher, where)


def _score_documents(gold: dict, pred: dict, scores: dict[str, Score], matcher: Matcher, where: str) -> None:
    g_docs = {norm_number(d["number"]) for d in gold.get("documents", []) if d.get("number")}
    p_docs = {norm_number(d["number"]) for d in pred.get("documents", []) if d.get("number")}
    match(sorted(g_docs), sorted(p_docs), lambda a, b: a == b, str, scores["documents"], where)
    g_named = [d["name"] for d in gold.get("documents", []) if not d.get("number") and d.get("name")]
    p_named = [d["name"] for d in pred.get("documents", []) if not d.get("number") and d.get("name")]
    match(g_named, p_named, matcher.phrase, str, scores["documents_named"], where)


def _score_officials(gold: dict, pred: dict, scores: dict[str, Score], matcher: Matcher, where: str) -> None:
    key = matcher.text
    g_off = {key(o["name"]): o for o in gold.get("officials", [])}
    p_off = {key(o["name"]): o for o in pred.get("officials", [])}
    match(sorted(g_off), sorted(p_off), lambda a, b: a == b, str, scores["officials"], where)
    g_pos = [(n, p) for n, o in g_off.items() for p in o.get("positions", [])]
    p_pos = [(n, p) for n, o in p_off.items() for p in o.get("positions", [])]
    match(g_pos, p_pos, lambda a, b: a[0] == b[0] and matcher.phrase(a[1], b[1]),
          lambda x: f"{x[0]} — {x[1]}", scores["positions"], where)


def _score_statistics(gold: dict, pred: dict, scores: dict[str, Score], matcher: Matcher, where: str) -> None:
    g_st = [(float(s["value"]), s.get("unit") or "") for s in gold.get("statistics", [])]
    p_st = [(float(s["value"]), s.get("unit") or "") for s in pred.get("statistics", [])]
    match(g_st, p_st, lambda a, b: same_value(a[0], b[0]) and matcher.unit(a[1], b[1]),
          lambda x: f"{x[0]:g} {x[1]}", scores["statistics"], where)


def _score_events(g_events: list, p_events: list, scores: dict[str, Score], matcher: Matcher, where: str) -> None:
    key = matcher.text
    g_ev = [(e.get("kind"), e.get("date")) for e in g_events]
    p_ev = [(e.get("kind"), e.get("date")) for e in p_events]
    match(g_ev, p_ev, lambda a, b: a == b, lambda x: f"{x[0]} {x[1]}", scores["events"], where)
    g_org = _dedup(key(o) for o in _names(g_events, "organizers"))
    p_org = _dedup(key(o) for o in _names(p_events, "organizers"))
    match(g_org, p_org, matcher.phrase, str, scores["organizers"], where)
    g_ch = _dedup(key(c) for c in _names(g_events, "chaired_by"))
    p_ch = _dedup(key(c) for c in _names(p_events, "chaired_by"))
    match(g_ch, p_ch, lambda a, b: a == b, str, scores["chairs"], where)


def _score_extended(gold: dict, pred: dict, g_events: list, p_events: list, scores: dict[str, Score],
                    matcher: Matcher, where: str) -> None:
    """The kinds only the extended standard annotates (tests/gold-dev3/README.md)."""
    key = matcher.text
    for kind, field_ in (("attendees", "attended_by"), ("speakers", "speakers")):
        match(_dedup(key(n) for n in _names(g_events, field_)), _dedup(key(n) for n in _names(p_events, field_)),
              lambda a, b: a == b, str, scores[kind], where)
    for kind in ("implements", "reviews"):
        match(_dedup(_document_key(n) for n in _names(g_events, kind)),
              _dedup(_document_key(n) for n in _names(p_events, kind)),
              lambda a, b: a == b or matcher.phrase(a, b), str, scores[kind], where)
    g_orgs = _dedup(key(o) for o in gold.get("organizations", []))
    p_orgs = _dedup(key(o["name"] if isinstance(o, dict) else o) for o in pred.get("organizations", []))
    match(g_orgs, p_orgs, matcher.phrase, str, scores["organizations"], where)
    _score_about(gold, pred, scores, matcher, where)


def _score_about(gold: dict, pred: dict, scores: dict[str, Score], matcher: Matcher, where: str) -> None:
    g_about = [(float(s["value"]), s["about"]) for s in gold.get("statistics", []) if s.get("about")]
    p_about = [(float(s["value"]), s["about"]) for s in pred.get("statistics", []) if s.get("about")]
    match(g_about, p_about, lambda a, b: same_value(a[0], b[0]) and matcher.phrase(a[1], b[1]),
          lambda x: f"{x[0]:g} — {x[1]}", scores["statistics_about"], where)


def _layout_name(annotated: str | None, transform: str | None) -> str:
    """The layout a gold text was scored in: as annotated ("joined") and as transformed."""
    return "+".join(x for x in (annotated, transform) if x and x != "paragraphs") or "paragraphs"


def transform_text(text: str, layout: str | None) -> str:
    """The article text in another layout, with the same words.

    - "joined": the paragraphs joined into one line, as some sites print them;
    - "captions": a photo caption or credit line run into the next paragraph, as when a caption is
      inlined ("... chủ trì hội nghị. Ảnh: T.L Chiều 14/9, đồng chí ...").

    >>> transform_text("Tiêu đề\\nĐoạn một.\\n\\nĐoạn hai.", "joined")
    'Tiêu đề Đoạn một. Đoạn hai.'
    """
    if not layout or layout == "paragraphs":
        return text
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    if layout == "joined":
        return " ".join(lines)
    if layout == "captions":
        out: list[str] = []
        run_on = False
        for line in lines:
            if run_on and out:
                out[-1] = f"{out[-1]} {line}"
            else:
                out.append(line)
            run_on = len(out) > 1 and _is_caption_line(line)
        return "\n".join(out)
    raise ValueError(f"unknown layout {layout!r}: expected one of {', '.join(LAYOUTS)}")


_CREDIT = re.compile(r"(?:\(|\b)(?:Ảnh|ẢNH|Nguồn|Video|Clip)\s*(?:minh họa)?\s*:\s*[^.:]{1,60}\)?\s*$")
_SENTENCE_END = (".", "!", "?", "…", ":", ";", "\"", "”", ")")


def _is_caption_line(line: str) -> bool:
    """A photo caption or credit: ends in a credit ("Ảnh: T.L"), or a short line with no sentence
    punctuation at its end ("Toàn cảnh hội nghị")."""
    if len(line.split()) > 40:
        return False
    return bool(_CREDIT.search(line)) or (not line.endswith(_SENTENCE_END) and len(line.split()) <= 20)


def load_gold(gold_dir: str | Path) -> list[dict]:
    files = sorted(Path(gold_dir).glob("*.json"))
    if not files:
        raise FileNotFoundError(f"no gold files (*.json) in {gold_dir}")
    return [json.loads(f.read_text(encoding="utf-8")) for f in files]


def read_articles(corpus: str | Path, ids: Iterable[str]) -> dict[str, dict]:
    wanted = set(ids)
    found: dict[str, dict] = {}
    opener = gzip.open if str(corpus).endswith(".gz") else open
    with opener(corpus, "rt", encoding="utf-8") as fh:
        for line in fh:
            if not wanted - found.keys():
                break
            rec = json.loads(line)
            if str(rec.get("id")) in wanted:
                found[str(rec["id"])] = rec
    return found


def gold_bulletin(gold: dict, article: dict, *, corpus: str | Path = "", layout: str | None = None,
                  assume_year: int | None = None):
    """The cleaned bulletin a gold file is scored on: its article in the file's own layout (a
    `"layout": "joined"` file is joined), then transformed to the `layout` asked for."""
    from kg.ingest import prepare
    from kg.reading.sources import bulletin_from_record, finish

    text = transform_text(article.get("text") or "", gold.get("layout"))
    record = dict(article, text=transform_text(text, layout))
    b = bulletin_from_record(record, origin=f"{corpus}:{gold['id']}")
    if assume_year and not b.date:
        b.reference_date = str(assume_year)
    finish(b)
    return prepare(b)


def evaluate(gold_dir: str | Path, corpus: str | Path, *, assume_year: int | None = None,
             layout: str | None = None, lenient: bool = False) -> dict:
    """Scores of both matchers. `scores` holds the chosen one (strict unless `lenient`), and
    `by_matcher` both."""
    if layout is not None and layout not in LAYOUTS:
        raise ValueError(f"unknown layout {layout!r}: expected one of {', '.join(LAYOUTS)}")
    gold = load_gold(gold_dir)
    articles = read_articles(corpus, [g["id"] for g in gold])
    missing = [g["id"] for g in gold if g["id"] not in articles]
    by_matcher, layouts = _score_gold(gold, articles, corpus=corpus, layout=layout, assume_year=assume_year)
    scored = {m: {k: v.to_json() for k, v in s.items()} for m, s in by_matcher.items()}
    return {"bulletins": len(gold) - len(missing), "missing_from_corpus": missing,
            "matcher": "lenient" if lenient else "strict", "layout": layout, "layouts": layouts,
            "scores": scored["lenient" if lenient else "strict"], "by_matcher": scored}


def _score_gold(gold: list[dict], articles: dict[str, dict], *, corpus: str | Path, layout: str | None,
                assume_year: int | None) -> tuple[dict[str, dict[str, Score]], dict[str, str]]:
    """Extract each gold bulletin found in the corpus and score it under both matchers; also the layout
    each was read in."""
    from kg.nlp.pipeline import default_nlp, extract

    by_matcher = {m: {k: Score() for k in KINDS} for m in MATCHERS}
    nlp = default_nlp()
    layouts: dict[str, str] = {}
    for g in (g for g in gold if g["id"] in articles):
        prepared = gold_bulletin(g, articles[g["id"]], corpus=corpus, layout=layout, assume_year=assume_year)
        layouts[g["id"]] = _layout_name(g.get("layout"), layout)
        pred = extract(prepared, nlp).to_json() if not hasattr(prepared, "reason") else {}
        score_bulletin(g, pred, by_matcher["strict"], STRICT)
        score_bulletin(g, pred, by_matcher["lenient"], LENIENT)
    return by_matcher, layouts
