"""Score extraction against a gold set (tests/gold/*.json, see its README).

Per kind, micro-averaged over all gold bulletins: documents by canonical number; officials by
name; positions by (name, position); statistics by (value, unit); events by (kind, date); event
organizers and chairs by name. Names and positions are compared after NFC, case folding and
expansion of the usual abbreviations (UBND, HĐND, TW ...), and a predicted position matches a gold
one when one contains the other or they share most words, so that "Bí thư Tỉnh ủy Lào Cai" and
"Bí thư Tỉnh ủy" do not count as an error twice. Every miss and false alarm is listed.
"""

from __future__ import annotations

import gzip
import json
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

KINDS = ["documents", "documents_named", "officials", "positions", "statistics", "events", "organizers", "chairs"]

ABBREVIATIONS = {
    "ubnd": "ủy ban nhân dân", "hđnd": "hội đồng nhân dân", "tw": "trung ương", "t.ư": "trung ương",
    "tư": "trung ương", "bch": "ban chấp hành", "mttq": "mặt trận tổ quốc", "ubkt": "ủy ban kiểm tra",
    "tp": "thành phố", "tp.": "thành phố", "đbqh": "đại biểu quốc hội", "uvtw": "ủy viên trung ương đảng",
    "btv": "ban thường vụ", "qh": "quốc hội", "hcm": "hồ chí minh", "tp.hcm": "thành phố hồ chí minh",
    "vn": "việt nam", "lđlđ": "liên đoàn lao động", "ubtvqh": "ủy ban thường vụ quốc hội",
    "ubmttq": "ủy ban mặt trận tổ quốc", "nn&ptnt": "nông nghiệp và phát triển nông thôn",
}


def norm(text: str | None) -> str:
    text = unicodedata.normalize("NFC", text or "").casefold()
    # Old-style tone placement ("hoà", "uỷ") is the same word as the new style ("hòa", "ủy").
    for old, new in (("oà", "òa"), ("oá", "óa"), ("oả", "ỏa"), ("oã", "õa"), ("oạ", "ọa"), ("uỷ", "ủy"),
                     ("uý", "úy"), ("uỵ", "ụy"), ("uỳ", "ùy"), ("oè", "òe"), ("oé", "óe")):
        text = re.sub(rf"{old}(?![\wđ])", new, text)
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


def match(gold: list, pred: list, same: Callable[[object, object], bool], show: Callable[[object], str],
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


def score_bulletin(gold: dict, pred: dict, scores: dict[str, Score]) -> None:
    where = gold["id"]
    g_docs = {norm_number(d["number"]) for d in gold.get("documents", []) if d.get("number")}
    p_docs = {norm_number(d["number"]) for d in pred.get("documents", []) if d.get("number")}
    match(sorted(g_docs), sorted(p_docs), lambda a, b: a == b, str, scores["documents"], where)
    g_named = [d["name"] for d in gold.get("documents", []) if not d.get("number") and d.get("name")]
    p_named = [d["name"] for d in pred.get("documents", []) if not d.get("number") and d.get("name")]
    match(g_named, p_named, lambda a, b: position_match(a, b), str, scores["documents_named"], where)

    g_off = {norm(o["name"]): o for o in gold.get("officials", [])}
    p_off = {norm(o["name"]): o for o in pred.get("officials", [])}
    match(sorted(g_off), sorted(p_off), lambda a, b: a == b, str, scores["officials"], where)
    g_pos = [(n, p) for n, o in g_off.items() for p in o.get("positions", [])]
    p_pos = [(n, p) for n, o in p_off.items() for p in o.get("positions", [])]
    match(g_pos, p_pos, lambda a, b: a[0] == b[0] and position_match(a[1], b[1]),
          lambda x: f"{x[0]} — {x[1]}", scores["positions"], where)

    g_st = [(float(s["value"]), s.get("unit") or "") for s in gold.get("statistics", [])]
    p_st = [(float(s["value"]), s.get("unit") or "") for s in pred.get("statistics", [])]
    match(g_st, p_st, lambda a, b: abs(a[0] - b[0]) <= 1e-6 * max(1.0, abs(a[0])) and unit_match(a[1], b[1]),
          lambda x: f"{x[0]:g} {x[1]}", scores["statistics"], where)

    g_ev = [(e.get("kind"), e.get("date")) for e in gold.get("events", [])]
    p_ev = [(e.get("kind"), e.get("date")) for e in pred.get("events", [])]
    match(g_ev, p_ev, lambda a, b: a == b, lambda x: f"{x[0]} {x[1]}", scores["events"], where)
    g_org = sorted({norm(o) for e in gold.get("events", []) for o in e.get("organizers", [])})
    p_org = sorted({norm(o) for e in pred.get("events", []) for o in e.get("organizers", [])})
    match(g_org, p_org, position_match, str, scores["organizers"], where)
    g_ch = sorted({norm(c) for e in gold.get("events", []) for c in e.get("chaired_by", [])})
    p_ch = sorted({norm(c) for e in pred.get("events", []) for c in e.get("chaired_by", [])})
    match(g_ch, p_ch, lambda a, b: a == b, str, scores["chairs"], where)


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


def evaluate(gold_dir: str | Path, corpus: str | Path, *, assume_year: int | None = None) -> dict:
    from kg.ingest import prepare
    from kg.nlp.pipeline import default_nlp, extract
    from kg.reading.sources import bulletin_from_record, finish

    gold = load_gold(gold_dir)
    articles = read_articles(corpus, [g["id"] for g in gold])
    missing = [g["id"] for g in gold if g["id"] not in articles]
    scores = {k: Score() for k in KINDS}
    nlp = default_nlp()
    for g in gold:
        if g["id"] not in articles:
            continue
        b = bulletin_from_record(articles[g["id"]], origin=f"{corpus}:{g['id']}")
        if assume_year and not b.date:
            b.reference_date = str(assume_year)
        finish(b)
        prepared = prepare(b)
        pred = extract(prepared, nlp).to_json() if not hasattr(prepared, "reason") else {}
        score_bulletin(g, pred, scores)
    return {"bulletins": len(gold) - len(missing), "missing_from_corpus": missing,
            "scores": {k: v.to_json() for k, v in scores.items()}}
