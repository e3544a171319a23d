"""Would a trained model beat the Party/government rules? 5-fold cross-validation, over the
development labels, of a logistic regression on the title's and lead's words and word pairs plus the
rules' own score, beside the rules' figures on the same rows.

    python benchmarks/bench_genre_model.py --corpus ../shared/corpus/baomoi-2017.jsonl.gz

Needs scikit-learn (a benchmark-only dependency; the classifier itself does not use it). The rules
were tuned on these labels, so their figures here are optimistic, and the model's rule-score
feature carries that tuning too: the comparison says whether words add anything the rules miss.
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path

GOLD = Path(__file__).resolve().parents[1] / "tests" / "gold-political"
WORD = re.compile(r"[\wĐđ]+")


def features(title: str, text: str) -> tuple[dict, bool]:
    from kg.nlp.genre import classify, lead_of

    verdict = classify(title, text)
    out = {"rule_score": verdict.score / 5.0, "has_body": float(verdict.has_body)}
    for zone, part in (("title", title), ("lead", lead_of(title, text))):
        words = [w.lower() for w in WORD.findall(part)]
        out.update({f"{zone}:{w}": 1.0 for w in words})
        out.update({f"{zone}:{a} {b}": 1.0 for a, b in zip(words, words[1:])})
    return out, verdict.party_government


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


def figures(pred, gold, keep) -> str:
    tp = sum(1 for p, g, k in zip(pred, gold, keep) if k and p and g)
    fp = sum(1 for p, g, k in zip(pred, gold, keep) if k and p and not g)
    fn = sum(1 for p, g, k in zip(pred, gold, keep) if k and not p and g)
    precision, recall = tp / max(1, tp + fp), tp / max(1, tp + fn)
    return f"P {precision:.3f} R {recall:.3f} F1 {2 * precision * recall / max(1e-9, precision + recall):.3f}"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", default="../shared/corpus/baomoi-2017.jsonl.gz")
    args = ap.parse_args()

    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import StratifiedKFold

    from kg.evaluate_genre import read_articles, read_gold

    rows = [r for f in sorted(GOLD.glob("dev*.tsv")) for r in read_gold(f)]
    articles = read_articles(args.corpus, rows)
    pairs = [features(*cleaned(articles[r.where])) for r in rows]
    X, rule = [p[0] for p in pairs], [p[1] for p in pairs]
    gold = [r.label == "P" for r in rows]
    everything, plain = [True] * len(rows), [not r.borderline for r in rows]
    print(f"{len(rows)} development rows, {sum(gold)} P")
    print(f"rules            strict {figures(rule, gold, everything)} | lenient {figures(rule, gold, plain)}")
    for c in (0.3, 1.0, 3.0):
        for threshold in (0.3, 0.5):
            pred = [False] * len(rows)
            for train, test in StratifiedKFold(5, shuffle=True, random_state=0).split(X, gold):
                vec = DictVectorizer()
                model = LogisticRegression(C=c, max_iter=2000, class_weight="balanced")
                model.fit(vec.fit_transform([X[i] for i in train]), [gold[i] for i in train])
                probs = model.predict_proba(vec.transform([X[i] for i in test]))[:, 1]
                for i, p in zip(test, probs):
                    pred[i] = p >= threshold
            print(f"model C={c} p>={threshold}  strict {figures(pred, gold, everything)} | "
                  f"lenient {figures(pred, gold, plain)}")


if __name__ == "__main__":
    main()
