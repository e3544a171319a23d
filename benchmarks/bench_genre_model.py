"""Rules or a trained model for the Party/government flag? Cross-validation over every development
label (tests/gold-political/dev*.tsv and test.tsv, 1,650 articles), strict and lenient.

    python benchmarks/bench_genre_model.py --corpus ../shared/corpus/baomoi-2017.jsonl.gz [--repeats 5]

Compared, on the same folds (stratified 5-fold, repeated with different shuffles; the figures are
pooled over the held-out folds):

- rules: kg.nlp.genre as shipped. Nothing is fitted, so their figure is the same on every fold;
  they were tuned by reading the errors of most of these rows, so it is optimistic.
- rules, thresholds fitted: the two decision thresholds chosen on the training folds.
- cue weights fitted: a logistic regression whose features are the rules' own cues (each cue phrase
  in the title or the lead, and the form cues), i.e. the lexicon with learned instead of hand-set
  weights: what a reviewable weight table trained from the labels would score.
- words: a logistic regression on the title's and lead's words and word pairs.
- words + rule score: the same with the rules' score and verdict as features.

Needs scikit-learn (a benchmark-only dependency; the classifier itself does not use it).
"""

from __future__ import annotations

import argparse
import re
import statistics
from pathlib import Path

GOLD = Path(__file__).resolve().parents[1] / "tests" / "gold-political"
WORD = re.compile(r"[\wĐđ]+")


def cleaned(record: dict) -> tuple[str, str]:
    from kg.ingest import prepare
    from kg.reading.sources import InputError, Skipped, bulletin_from_record

    try:
        b = prepare(bulletin_from_record(record, origin="gold"))
    except InputError:
        b = None
    if b is None or isinstance(b, Skipped):
        return record.get("title") or "", record.get("text") or ""
    return b.title or "", b.text


def featurise(title: str, text: str) -> dict:
    from kg.nlp.genre import classify, lead_of

    verdict = classify(title, text)
    cue_features = {f"{h.zone}:{h.cue.phrase}": 1.0 for h in verdict.hits if h.points}
    cue_features["has_body"] = float(verdict.has_body)
    cue_features["foreign_title"] = float(verdict.foreign_title)
    words = {}
    for zone, part in (("title", title), ("lead", lead_of(title, text))):
        ws = [w.lower() for w in WORD.findall(part)]
        words.update({f"{zone}:{w}": 1.0 for w in ws})
        words.update({f"{zone}:{a} {b}": 1.0 for a, b in zip(ws, ws[1:])})
    return {"verdict": verdict.party_government, "score": verdict.score, "has_body": verdict.has_body,
            "cues": cue_features, "words": words}


def counts(pred, gold, keep) -> tuple[int, int, int]:
    tp = sum(1 for p, g, k in zip(pred, gold, keep) if k and p and g)
    fp = sum(1 for p, g, k in zip(pred, gold, keep) if k and p and not g)
    fn = sum(1 for p, g, k in zip(pred, gold, keep) if k and not p and g)
    return tp, fp, fn


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    precision, recall = tp / max(1, tp + fp), tp / max(1, tp + fn)
    return precision, recall, 2 * precision * recall / max(1e-9, precision + recall)


def fit_thresholds(rows, train) -> tuple[int, int]:
    """The (with a body, without) thresholds that maximise strict F1 on the training rows."""
    best = (-1.0, 5, 10)
    for with_body in range(2, 10):
        for without in range(with_body, 16):
            pred = [rows[i]["score"] >= (with_body if rows[i]["has_body"] else without) for i in train]
            f1 = prf(*counts(pred, [rows[i]["gold"] for i in train], [True] * len(train)))[2]
            best = max(best, (f1, with_body, without))
    return best[1], best[2]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", default="../shared/corpus/baomoi-2017.jsonl.gz")
    ap.add_argument("--repeats", type=int, default=5, help="shuffles of the 5 folds (default 5)")
    ap.add_argument("--held-out", default="dev5.tsv",
                    help="a file the rules were not tuned on: every method also trained on the other files "
                         "and scored on it alone (default dev5.tsv)")
    args = ap.parse_args()

    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import StratifiedKFold

    from kg.evaluate_genre import GOLD_FILES, read_articles, read_gold

    labels = [r for name in GOLD_FILES if (GOLD / name).is_file() for r in read_gold(GOLD / name)]
    held = [r.where.startswith(args.held_out + ":") for r in labels]
    articles = read_articles(args.corpus, labels)
    rows = []
    for r in labels:
        row = featurise(*cleaned(articles[r.where]))
        row["gold"], row["plain"] = r.label == "P", not r.borderline
        rows.append(row)
    gold, plain = [r["gold"] for r in rows], [r["plain"] for r in rows]
    print(f"{len(rows)} development rows ({sum(gold)} P, {len(rows) - sum(plain)} borderline), "
          f"5-fold cross-validation x {args.repeats}")

    def logistic(feature: str, c: float, with_score: bool = False):
        def predict(train, test):
            def x(i):
                out = dict(rows[i][feature])
                if with_score:
                    out.update({"rule_score": rows[i]["score"] / 5.0, "rule_verdict": float(rows[i]["verdict"])})
                return out
            vec = DictVectorizer()
            model = LogisticRegression(C=c, max_iter=5000)
            model.fit(vec.fit_transform([x(i) for i in train]), [gold[i] for i in train])
            return list(model.predict(vec.transform([x(i) for i in test])))
        return predict

    def thresholds(train, test):
        with_body, without = fit_thresholds(rows, train)
        return [rows[i]["score"] >= (with_body if rows[i]["has_body"] else without) for i in test]

    methods = {"rules (as shipped)": lambda train, test: [rows[i]["verdict"] for i in test],
               "rules, thresholds fitted": thresholds}
    for c in (0.3, 1.0, 3.0):
        methods[f"cue weights fitted, C={c}"] = logistic("cues", c)
    for c in (1.0, 10.0):
        methods[f"words, C={c}"] = logistic("words", c)
        methods[f"words + rule score, C={c}"] = logistic("words", c, with_score=True)

    print(f"{'method':34} {'strict P':>8} {'R':>6} {'F1':>6} {'(sd)':>6} | {'lenient P':>9} {'R':>6} {'F1':>6}")
    results = {}
    for name, predict in methods.items():
        strict, lenient, per_repeat = [0, 0, 0], [0, 0, 0], []
        for seed in range(args.repeats):
            pred = [False] * len(rows)
            for train, test in StratifiedKFold(5, shuffle=True, random_state=seed).split(rows, gold):
                for i, p in zip(test, predict(list(train), list(test))):
                    pred[i] = bool(p)
            s, le = counts(pred, gold, [True] * len(rows)), counts(pred, gold, plain)
            strict = [a + b for a, b in zip(strict, s)]
            lenient = [a + b for a, b in zip(lenient, le)]
            per_repeat.append(prf(*s)[2])
        sp, sr, sf = prf(*strict)
        lp, lr, lf = prf(*lenient)
        sd = statistics.pstdev(per_repeat) if len(per_repeat) > 1 else 0.0
        print(f"{name:34} {sp:8.3f} {sr:6.3f} {sf:6.3f} {sd:6.3f} | {lp:9.3f} {lr:6.3f} {lf:6.3f}")
        results[name] = predict

    if not any(held):
        return
    train = [i for i, h in enumerate(held) if not h]
    test = [i for i, h in enumerate(held) if h]
    print(f"\ntrained on the other {len(train)} rows, scored on {args.held_out} ({len(test)} rows, "
          f"{sum(gold[i] for i in test)} P), which the rules were not tuned on")
    print(f"{'method':34} {'strict P':>8} {'R':>6} {'F1':>6} {'TP/FP/FN':>9} | {'lenient P':>9} {'R':>6} {'F1':>6}")
    for name, predict in results.items():
        pred = dict(zip(test, predict(train, test)))
        s = counts([pred[i] for i in test], [gold[i] for i in test], [True] * len(test))
        le = counts([pred[i] for i in test], [gold[i] for i in test], [plain[i] for i in test])
        sp, sr, sf = prf(*s)
        lp, lr, lf = prf(*le)
        print(f"{name:34} {sp:8.3f} {sr:6.3f} {sf:6.3f} {'/'.join(map(str, s)):>9} | {lp:9.3f} {lr:6.3f} {lf:6.3f}")


if __name__ == "__main__":
    main()
