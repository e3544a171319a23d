"""Officials' names: the pattern extractor against underthesea's packaged Vietnamese NER (PER spans),
scored on the gold sets with the same name matching as `kg eval`. underthesea is not a dependency of
bulletin-kg; install it in a separate environment to run this comparison:

    python -m venv /tmp/uts && /tmp/uts/bin/pip install underthesea && /tmp/uts/bin/pip install -e .
    /tmp/uts/bin/python benchmarks/bench_ner_names.py --corpus ../shared/corpus/baomoi-2017.jsonl.gz
"""

from __future__ import annotations

import argparse
import json
import time


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", default="../shared/corpus/baomoi-2017.jsonl.gz")
    ap.add_argument("--gold", nargs="+", default=["tests/gold", "tests/gold-heldout"])
    args = ap.parse_args()

    from underthesea import ner

    from kg.evaluate import Score, load_gold, match, norm, read_articles
    from kg.ingest import prepare
    from kg.nlp.pipeline import default_nlp, extract
    from kg.reading.sources import bulletin_from_record, finish

    nlp = default_nlp()
    for gold_dir in args.gold:
        gold = load_gold(gold_dir)
        arts = read_articles(args.corpus, [g["id"] for g in gold])
        ours, theirs = Score(), Score()
        t_ours = t_theirs = 0.0
        for g in gold:
            b = bulletin_from_record(arts[g["id"]], origin=g["id"])
            finish(b)
            b = prepare(b)
            truth = sorted({norm(o["name"]) for o in g["officials"]})
            t0 = time.perf_counter()
            mine = sorted({norm(o.name) for o in extract(b, nlp).officials})
            t_ours += time.perf_counter() - t0
            t0 = time.perf_counter()
            names, current = set(), []
            for paragraph in b.text.split("\n\n"):
                for word, _, _, tag in ner(paragraph):
                    if tag == "B-PER" or (tag == "I-PER" and not current):
                        if current:
                            names.add(" ".join(current))
                        current = [word]
                    elif tag == "I-PER":
                        current.append(word)
                    elif current:
                        names.add(" ".join(current))
                        current = []
                if current:
                    names.add(" ".join(current))
                    current = []
            t_theirs += time.perf_counter() - t0
            match(truth, mine, lambda a, c: a == c, str, ours, g["id"])
            match(truth, sorted({norm(n) for n in names}), lambda a, c: a == c, str, theirs, g["id"])
        n = len(gold)
        print(json.dumps({"gold": gold_dir, "bulletins": n,
                          "patterns": {"precision": round(ours.precision, 3), "recall": round(ours.recall, 3),
                                       "f1": round(ours.f1, 3), "docs_per_s": round(n / t_ours, 1)},
                          "underthesea_ner": {"precision": round(theirs.precision, 3),
                                              "recall": round(theirs.recall, 3), "f1": round(theirs.f1, 3),
                                              "docs_per_s": round(n / t_theirs, 1)}}, ensure_ascii=False))


if __name__ == "__main__":
    main()
