"""Scores of facts of other kinds (kg.nlp.facts) against a gold folder: `articles.tsv` lists the
bulletins scored (id, corpus line, and how many facts the annotator wrote), and one TSV per kind,
named by the kind's notation (`disciplinary_measure.tsv`), holds the gold facts: an `id` column and
one column per field scored (empty: the bulletin does not state it).

Each kind is scored twice: on its key fields (for a disciplinary measure, person and measure) and on
every gold column. Strict matching compares values after normalising Unicode, case and spaces;
lenient matching also ignores diacritics and accepts a predicted value that contains the gold one
or is contained in it ("Ban Bí thư" / "Ban Bí thư Trung ương Đảng"). Both are reported."""

from __future__ import annotations

import csv
import unicodedata
from collections.abc import Callable
from pathlib import Path

from kg.evaluate import Score, read_articles
from kg.kinds import registry
from kg.nlp.pipeline import extract_many
from kg.reading.clean import clean_bulletin
from kg.reading.sources import bulletin_from_record

KEY_FIELDS = {"disciplinary_measure": ("person", "measure")}


def _strict(v: str) -> str:
    return " ".join(unicodedata.normalize("NFC", v).casefold().split())


def _folded(v: str) -> str:
    decomposed = unicodedata.normalize("NFD", _strict(v).replace("đ", "d"))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _same_strict(a: tuple, b: tuple) -> bool:
    return tuple(map(_strict, a)) == tuple(map(_strict, b))


def _same_lenient(a: tuple, b: tuple) -> bool:
    def one(x: str, y: str) -> bool:
        fx, fy = _folded(x), _folded(y)
        return fx == fy or bool(fx and fy and (fx in fy or fy in fx))
    return len(a) == len(b) and all(one(x, y) for x, y in zip(a, b))


def _read_tsv(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as f:
        return [{k: (v or "").strip() for k, v in row.items()} for row in csv.DictReader(f, delimiter="\t")]


def _match(gold: list[tuple], pred: list[tuple], same: Callable[[tuple, tuple], bool]) -> Score:
    score = Score()
    left = list(pred)
    for g in gold:
        hit = next((p for p in left if p[0] == g[0] and same(p[1:], g[1:])), None)
        if hit is not None:
            left.remove(hit)
            score.tp += 1
        else:
            score.fn += 1
            score.misses.append(" | ".join(g))
    score.fp += len(left)
    score.false_alarms.extend(" | ".join(p) for p in left)
    return score


def evaluate_facts(gold_dir: str | Path, corpus: str | Path) -> dict:
    gold_dir = Path(gold_dir)
    articles = _read_tsv(gold_dir / "articles.tsv")
    ids = {a["id"] for a in articles}
    texts = read_articles(corpus, ids)
    bulletins = []
    for a in articles:
        if a["id"] in texts:
            b = bulletin_from_record(texts[a["id"]], origin=f"{corpus}:{a.get('line', '')}")
            clean_bulletin(b)
            bulletins.append(b)
    predicted: dict[str, list] = {}
    for x in extract_many(bulletins):
        for fact in x.facts:
            predicted.setdefault(fact.kind, []).append((x.bulletin.id, fact.fields))
    kinds: dict[str, dict] = {}
    for notation in (k.kind.notation for k in registry().facts if k.kind.notation):
        path = gold_dir / f"{notation}.tsv"
        if path.exists():
            kinds[notation] = _score_kind(notation, _read_tsv(path), predicted.get(notation, []))
    return {"gold": str(gold_dir), "bulletins": len(bulletins), "missing_from_corpus": sorted(ids - set(texts)),
            "kinds": kinds}


def _score_kind(notation: str, gold_rows: list[dict[str, str]], predicted: list[tuple[str, dict]]) -> dict:
    columns = [c for c in (gold_rows[0].keys() if gold_rows else KEY_FIELDS.get(notation, ())) if c != "id"]
    out = {}
    for name, fields in (("key", KEY_FIELDS.get(notation, tuple(columns))), ("all", tuple(columns))):
        gold = [(r["id"], *(r.get(f, "") for f in fields)) for r in gold_rows]
        pred = [(bid, *(values.get(f, "") for f in fields)) for bid, values in predicted]
        out[name] = {"fields": list(fields),
                     "strict": _match(gold, pred, _same_strict).to_json(),
                     "lenient": _match(gold, pred, _same_lenient).to_json()}
    return out
