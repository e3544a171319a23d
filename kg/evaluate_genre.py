"""Score the Party/government classifier (kg.nlp.genre) against hand labels (tests/gold-political/).

A gold folder holds label files (`dev.tsv` ... `dev6.tsv`, `test.tsv`, `test2.tsv`: see
tests/gold-political/README.md for which were sealed and when each was scored): columns id, line, label (P|N), borderline (yes|no), note. The
articles' texts stay in the corpus: each row's article is read from the corpus JSONL(.gz) by its id
(the line, counted from 1 or from 0, tells apart two articles with one id).

Each article goes through the same stages as `kg ingest`: read as a JSONL record, cleaned, then
classified. The scores are precision, recall and F1 of P with the confusion counts, over all rows
(strict: every row counts) and over the rows not marked borderline (lenient), side by side, with
every error listed.
"""

from __future__ import annotations

import csv
import gzip
import json
import re
from dataclasses import dataclass
from pathlib import Path

from kg.nlp.genre import classify

GOLD_FILES = ("dev.tsv", "dev2.tsv", "dev3.tsv", "dev4.tsv", "dev5.tsv", "dev6.tsv", "test.tsv", "test2.tsv")
COLUMNS = ("id", "line", "label", "borderline", "note")
_ID = re.compile(r"""["']id["']\s*:\s*"?(?P<id>[^",}\s]+)""")


class GoldError(ValueError):
    """A gold file or the corpus cannot be used; the message names the file, line and field."""


@dataclass(frozen=True)
class GoldRow:
    id: str
    line: int
    label: str  # "P" or "N"
    borderline: bool
    note: str
    where: str  # "dev.tsv:12"


def is_genre_gold(folder: str | Path) -> bool:
    """A folder of genre labels (as opposed to the extraction and entity gold sets)."""
    return any((Path(folder) / name).is_file() for name in GOLD_FILES)


def read_gold(path: str | Path) -> list[GoldRow]:
    path = Path(path)
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)
        header = next(reader, None)
        if header is None or tuple(h.strip() for h in header[:len(COLUMNS)]) != COLUMNS:
            raise GoldError(f"{path.name}:1: expected the header {' | '.join(COLUMNS)}, got {header!r}")
        return [_row(path.name, lineno, fields) for lineno, fields in enumerate(reader, start=2) if any(fields)]


def _row(name: str, lineno: int, fields: list[str]) -> GoldRow:
    where = f"{name}:{lineno}"
    fields = [f.strip() for f in fields] + [""] * (len(COLUMNS) - len(fields))
    ident, line, label, borderline, note = fields[:len(COLUMNS)]
    if not ident:
        raise GoldError(f"{where}: field id is empty")
    if not line.isdigit():
        raise GoldError(f"{where}: field line must be a line number of the corpus, got {line!r}")
    if label not in ("P", "N"):
        raise GoldError(f"{where}: field label must be P or N, got {label!r}")
    if borderline not in ("yes", "no"):
        raise GoldError(f"{where}: field borderline must be yes or no, got {borderline!r}")
    return GoldRow(ident, int(line), label, borderline == "yes", note, where)


def read_articles(corpus: str | Path, rows: list[GoldRow]) -> dict[str, dict]:
    """The corpus record of each row, by the row's place (`GoldRow.where`), in one pass over the file. A record is found
    by its id; the line tells apart two records with one id, and may count from 1 or from 0."""
    wanted: dict[str, list[GoldRow]] = {}
    for r in rows:
        wanted.setdefault(r.id, []).append(r)
    candidates: dict[str, list[tuple[int, dict]]] = {}
    opener = gzip.open if str(corpus).endswith(".gz") else open
    with opener(corpus, "rt", encoding="utf-8") as fh:
        for lineno, text in enumerate(fh, start=1):
            # Most lines are not wanted: their id is looked at before the line is parsed.
            quick = _ID.search(text)
            if quick is None or quick.group("id") not in wanted:
                continue
            record = json.loads(text)
            ident = str(record.get("id"))
            if ident in wanted:
                candidates.setdefault(ident, []).append((lineno, record))
    found: dict[str, dict] = {}
    for ident, its_rows in wanted.items():
        for r in its_rows:
            found[r.where] = _record_for(r, candidates.get(ident, []), corpus)
    return found


def _record_for(row: GoldRow, candidates: list[tuple[int, dict]], corpus) -> dict:
    if not candidates:
        raise GoldError(f"{row.where}: {corpus} has no article with id {row.id!r}: is it the right corpus?")
    for lineno, record in candidates:
        if lineno in (row.line, row.line + 1):  # 1-based, or 0-based
            return record
    if len(candidates) == 1:
        return candidates[0][1]
    raise GoldError(f"{row.where}: {corpus} has {len(candidates)} articles with id {row.id!r}, none at line {row.line}")


def predict(record: dict):
    """The classifier's verdict on one corpus record, after the cleaning `kg ingest` does. A record
    that ingestion would refuse (an empty text) or that cleaning empties is judged as it stands:
    the label still needs a verdict."""
    from kg.ingest import prepare
    from kg.reading.sources import InputError, Skipped, bulletin_from_record

    try:
        bulletin = prepare(bulletin_from_record(record, origin="gold"))
    except InputError:
        bulletin = None
    if bulletin is None or isinstance(bulletin, Skipped):
        return classify(record.get("title"), record.get("text"))
    return classify(bulletin.title, bulletin.text)


def scores(pairs: list[tuple[str, bool]]) -> dict:
    """Confusion counts and precision, recall, F1 of P from (gold label, predicted P) pairs."""
    tp = sum(1 for g, p in pairs if g == "P" and p)
    fp = sum(1 for g, p in pairs if g == "N" and p)
    fn = sum(1 for g, p in pairs if g == "P" and not p)
    tn = len(pairs) - tp - fp - fn
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"rows": len(pairs), "tp": tp, "fp": fp, "fn": fn, "tn": tn,
            "precision": precision, "recall": recall, "f1": f1}


def evaluate_genre(gold_dir: str | Path, corpus: str | Path) -> dict:
    """One report per gold file present: strict and lenient (non-borderline) scores, and errors."""
    files: dict[str, dict] = {}
    report = {"gold_dir": str(gold_dir), "files": files}
    for name in GOLD_FILES:
        path = Path(gold_dir) / name
        if not path.is_file():
            continue
        rows = read_gold(path)
        articles = read_articles(corpus, rows)
        errors: list[dict] = []
        pairs: list[tuple[str, bool]] = []
        for row in rows:
            record = articles[row.where]
            verdict = predict(record)
            pairs.append((row.label, verdict.party_government))
            if (row.label == "P") != verdict.party_government:
                errors.append({"id": row.id, "line": row.line, "gold": row.label, "borderline": row.borderline,
                               "title": record.get("title") or "", "note": row.note, "why": verdict.explain()})
        plain = [pair for pair, row in zip(pairs, rows) if not row.borderline]
        files[name] = {"strict": scores(pairs), "lenient": scores(plain),
                                 "borderline_rows": len(rows) - len(plain), "errors": errors}
    if not files:
        raise GoldError(f"{gold_dir}: none of {', '.join(GOLD_FILES)} here")
    return report
