"""Official (person) resolution: the project's rules against a splink model (DuckDB backend), both
scored on the cluster gold set (tests/gold-entities/).

The gold's 117 bulletins are ingested into a fresh store; ingestion resolves them with the rules
(kg.resolution.clusters), so the IRI each bulletin graph gives a name is the rules' cluster
(kg.resolution.evaluate.predicted_clusters). The same mention records, read with
`official_mentions(store)`, are given to splink, one record per mention:

    name          the written name, NFC
    name_folded   no diacritics, no case, y read as i (clusters.fold_name, the rules' blocking key)
    home          "vn", "p-<province>", "c-<country>" or null (where the bulletin places the post)
    home_class    province | vn | abroad | null
    context       the bulletin's own province ("p-...") or null
    bulletin      the bulletin id (only used to keep a bulletin's two spellings from being compared)

Model: pairs blocked on name_folded within different bulletins (the rules' blocks); comparisons on
name (exact / Levenshtein <= 1 / Jaro-Winkler >= 0.9 / else), home (exact / both abroad / one
national / else), context (exact / else), nulls neutral. u by random sampling over all pairs
(the data is small enough for the whole Cartesian product). The prior (probability that two random
records match) from the deterministic rule "same written name", whose recall is *assumed* to be
0.95 (not read from the gold). Two ways to set m:

    splink-em      m by expectation maximisation over the blocked pairs: no labels at all;
    splink-gold-m  m counted from the gold labels themselves (estimate_m_from_label_column): the
                   model is trained on the set it is scored on, an optimistic upper bound.

and a third model that takes nothing from random sampling or from the assumed recall:

    splink-gold-mu the prior, m and u all counted from the gold over every cross-bulletin pair
                   (one pseudo-count per level). Random sampling counts the true matches among
                   its "non-matches" (here about 1.5% of all pairs match, nearly all with the
                   same written name), which caps the weight of an exact name; this model shows
                   what the same comparisons can do with clean parameters.

Held out (--folds K, default 2): the bulletins are split into K folds (every K-th by id); each
fold's mentions are clustered on their own by the rules, by splink-em, and by splink-gold-mu with
its parameters counted from the other folds' gold only; scores are averaged over the folds. The
same people appear in several folds, so this is still kinder than new data would be.

Predictions are clustered by connected components at each threshold. Both methods are scored by
the same functions (pairwise, bcubed) over the same real mentions (gold entity "-" left out, as
kg eval does). The gold set is also what the rules were tuned on, so the rules' figures are
in-sample everywhere, the held-out table included: folds only keep splink's parameters apart.

Run times: the rules' time is `cluster_officials` over the mention records (what resolution does
with them); splink's is its own work after the records are built (DuckDB set-up, training,
prediction, clustering). Ingestion is common to both and reported apart.

    python benchmarks/bench_linkage.py
    python benchmarks/bench_linkage.py --thresholds 0.5,0.9,0.99 --folds 2 --json > linkage.json

Needs splink with its DuckDB backend (measured with splink 5.0.0, duckdb 2.0.1), which is not a
dependency of the package: `pip install splink`.
"""

from __future__ import annotations

import argparse
import itertools
import json
import logging
import sys
import tempfile
import time
import unicodedata
from collections import Counter, defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT_GOLD = REPO / "tests" / "gold-entities"

ASSUMED_EXACT_NAME_RECALL = 0.95  # share of true matches that share the written name: a guess, see above
SEED = 7


# -- mentions and gold ---------------------------------------------------------------------------

def home_class(home: str | None) -> str | None:
    if not home:
        return None
    if home == "vn":
        return "vn"
    return "province" if home.startswith("p-") else "abroad" if home.startswith("c-") else "other"


def bulletin_of(graph: str) -> str:
    return graph.rstrip("/").rsplit("/", 1)[-1]


def load(gold_dir: Path) -> dict:
    """Ingest the gold bulletins; the official mentions, the gold rows and the rules' clusters."""
    from kg.ingest import ingest
    from kg.resolution.clusters import cluster_officials, fold_name, spelling
    from kg.resolution.evaluate import load_gold, predicted_clusters
    from kg.resolution.store_pass import official_mentions
    from kg.store import GraphStore

    gold = [g for g in load_gold(gold_dir) if g.kind == "official"]
    with tempfile.TemporaryDirectory() as tmp:
        store = GraphStore(Path(tmp) / "store")
        try:
            t = time.perf_counter()
            summary = ingest([str(gold_dir / "bulletins.jsonl")], store, processes=1)
            ingest_seconds = time.perf_counter() - t
            mentions = official_mentions(store)
            rules = predicted_clusters(store, gold)
        finally:
            store.close()

    t = time.perf_counter()
    clusters = cluster_officials(mentions)
    rules_seconds = time.perf_counter() - t

    truth = {(g.bulletin, spelling(g.name)): g.entity for g in gold}
    records = []
    for i, m in enumerate(sorted(mentions, key=lambda m: (m.graph, m.name, m.iri))):
        name = unicodedata.normalize("NFC", m.name)
        entity = truth.get((bulletin_of(m.graph), spelling(name)))
        records.append({
            "unique_id": i, "bulletin": bulletin_of(m.graph), "name": name, "name_folded": fold_name(name),
            "home": m.home, "home_class": home_class(m.home), "context": m.context,
            "gold_entity": entity if entity not in (None, "-") else None,
        })
    return {"gold": gold, "records": records, "mentions": mentions, "rules": rules, "ingest_seconds": ingest_seconds,
            "ingest_resolution_seconds": summary.resolution.seconds if summary.resolution else None,
            "rules_seconds": rules_seconds, "rules_clusters": len(clusters)}


# -- scoring -------------------------------------------------------------------------------------

def score(gold: list, predicted: dict) -> dict:
    """kg eval's scoring of officials: real mentions only; a mention with no cluster is a singleton.
    `predicted` maps (bulletin, spelling(name)) to a cluster id."""
    from kg.resolution.clusters import spelling
    from kg.resolution.evaluate import bcubed, pairwise

    real = [g for g in gold if g.entity != "-"]
    pred = {g: predicted.get((g.bulletin, spelling(g.name))) or f"unmatched:{g.bulletin}:{g.name}" for g in real}
    truth = {g: g.entity for g in real}
    by_p, by_g = defaultdict(set), defaultdict(set)
    for g in real:
        by_p[pred[g]].add(g.entity)
        by_g[g.entity].add(pred[g])
    members = defaultdict(list)
    for g in real:
        members[pred[g]].append(g)
    predicted_pairs = sum(len(ms) * (len(ms) - 1) // 2 for ms in members.values())
    true_pairs = sum(n * (n - 1) // 2 for ms in members.values() for n in Counter(g.entity for g in ms).values())
    gold_pairs = sum(n * (n - 1) // 2 for n in Counter(g.entity for g in real).values())
    merged = sorted(" | ".join(sorted(es)) for es in by_p.values() if len(es) > 1)
    split = sorted(e for e, cs in by_g.items() if len(cs) > 1)
    return {"mentions": len(real), "gold_entities": len(by_g), "system_entities": len(by_p),
            "unmatched": sum(1 for g in real if predicted.get((g.bulletin, spelling(g.name))) is None),
            "pairwise": pairwise(pred, truth), "bcubed": bcubed(pred, truth),
            "pairs": {"gold": gold_pairs, "predicted": predicted_pairs, "correct": true_pairs},
            "wrongly_merged": merged, "wrongly_split": split}


# -- splink --------------------------------------------------------------------------------------

def splink_settings(blocking: str = "l.name_folded = r.name_folded AND l.bulletin <> r.bulletin"):
    import splink.comparison_level_library as cll
    import splink.comparison_library as cl
    from splink import SettingsCreator

    name = cl.CustomComparison(output_column_name="name", comparison_description="written name", comparison_levels=[
        cll.NullLevel("name"),
        cll.ExactMatchLevel("name"),
        cll.LevenshteinLevel("name", 1),
        cll.JaroWinklerLevel("name", 0.9),
        cll.ElseLevel(),
    ])
    home = cl.CustomComparison(output_column_name="home", comparison_description="home of the post", comparison_levels=[
        cll.NullLevel("home"),
        cll.ExactMatchLevel("home"),
        cll.CustomLevel("home_class_l = 'abroad' AND home_class_r = 'abroad'", "both abroad, other countries"),
        cll.CustomLevel("home_class_l = 'vn' OR home_class_r = 'vn'", "one national"),
        cll.ElseLevel(),
    ])
    context = cl.CustomComparison(output_column_name="context", comparison_description="bulletin province",
                                  comparison_levels=[cll.NullLevel("context"), cll.ExactMatchLevel("context"),
                                                     cll.ElseLevel()])
    return SettingsCreator(
        link_type="dedupe_only",
        unique_id_column_name="unique_id",
        comparisons=[name, home, context],
        blocking_rules_to_generate_predictions=[blocking],
        retain_intermediate_calculation_columns=False,
        additional_columns_to_retain=["gold_entity"],
    )


def run_splink(records: list[dict], m_from: str, thresholds: list[float], train: list[dict] | None = None) -> dict:
    """Train one splink model and cluster at each threshold. `m_from`: "em" (u by random sampling,
    m by EM), "gold" (u by random sampling, m from the gold labels) or "gold-mu" (prior, m and u all
    counted from the gold labels over every cross-bulletin pair). Returns clusters per threshold
    keyed by (bulletin, spelling(name)), the learned weights and the times. `train`: the records
    "gold-mu" counts its parameters from (default: `records` themselves)."""
    from splink import DuckDBAPI, Linker, block_on

    from kg.resolution.clusters import spelling

    t0 = time.perf_counter()
    db = DuckDBAPI()
    df = db.register(records, table_name=f"mentions_{m_from.replace('-', '_')}")
    linker = Linker(df, splink_settings(), log_level=logging.WARNING)
    if m_from == "gold-mu":
        model = linker.misc.save_model_to_json()
        counted = count_parameters_from_gold(df if train is None else
                                             db.register(train, table_name=f"train_{id(train)}"))
        model["probability_two_random_records_match"] = counted["prior"]
        for comp in model["comparisons"]:
            levels = [lvl for lvl in comp["comparison_levels"] if not lvl.get("is_null_level")]
            for lvl, (m, u) in zip(levels, counted[comp["output_column_name"]]):
                lvl["m_probability"], lvl["u_probability"] = m, u
        linker = Linker(df, model, log_level=logging.WARNING)
    else:
        linker.training.estimate_probability_two_random_records_match([block_on("name")],
                                                                     recall=ASSUMED_EXACT_NAME_RECALL)
        # The whole Cartesian product (~59k pairs) is under the cap: u is counted over every pair,
        # matches included, as random sampling assumes they are few.
        linker.training.estimate_u_using_random_sampling(max_pairs=1e7, seed=SEED, min_count_per_level=None)
        if m_from == "em":
            linker.training.estimate_parameters_using_expectation_maximisation(
                "l.name_folded = r.name_folded AND l.bulletin <> r.bulletin")
        else:
            linker.training.estimate_m_from_label_column("gold_entity")
    t1 = time.perf_counter()
    predictions = linker.inference.predict()
    t2 = time.perf_counter()
    pairs = predictions.as_record_list()

    key = {r["unique_id"]: (r["bulletin"], spelling(r["name"])) for r in records}
    out = {"fit_seconds": round(t1 - t0, 3), "predict_seconds": round(t2 - t1, 3), "scored_pairs": len(pairs),
           "weights": model_weights(linker), "at": {}}
    for th in thresholds:
        t = time.perf_counter()
        clustered = linker.clustering.cluster_pairwise_predictions_at_threshold(predictions,
                                                                                threshold_match_probability=th)
        rows = clustered.as_record_list()
        out["at"][th] = {"clusters": {key[r["unique_id"]]: f"c{r['cluster_id']}" for r in rows},
                         "cluster_seconds": round(time.perf_counter() - t, 3),
                         "links": sum(1 for p in pairs if p["match_probability"] >= th)}
    out["probability_distribution"] = probability_histogram(pairs)
    return out


def count_parameters_from_gold(df) -> dict:
    """Supervised Fellegi-Sunter parameters from the gold: every pair of mentions in different
    bulletins is compared (splink computes the comparison vectors); m per level is the share among
    gold matches, u the share among the other pairs, each with one pseudo-count per level (a level
    never seen among matches, such as two different provinces, gets a small m, not zero)."""
    from splink import Linker

    linker = Linker(df, splink_settings(blocking="l.bulletin <> r.bulletin"), log_level=logging.WARNING)
    pairs = linker.inference.predict(warning_mode="never").as_record_list()
    levels = {c: 0 for c in ("name", "home", "context")}
    model = linker.misc.save_model_to_json()
    for comp in model["comparisons"]:
        levels[comp["output_column_name"]] = sum(1 for lvl in comp["comparison_levels"] if not lvl.get("is_null_level"))
    counts = {c: {"m": [1] * n, "u": [1] * n} for c, n in levels.items()}
    matches = 0
    for p in pairs:
        match = p["gold_entity_l"] is not None and p["gold_entity_l"] == p["gold_entity_r"]
        matches += match
        for c, n in levels.items():
            gamma = p[f"gamma_{c}"]
            if gamma >= 0:  # -1: a null, no evidence either way
                counts[c]["m" if match else "u"][n - 1 - gamma] += 1
    out = {"prior": matches / len(pairs), "pairs": len(pairs), "matches": matches}
    for c in levels:
        m, u = counts[c]["m"], counts[c]["u"]
        out[c] = [(mi / sum(m), ui / sum(u)) for mi, ui in zip(m, u)]
    return out


def model_weights(linker) -> dict:
    """Match weight (log2 Bayes factor) of each comparison level, and the prior."""
    model = linker.misc.save_model_to_json()
    out = {"probability_two_random_records_match": round(model["probability_two_random_records_match"], 5)}
    import math

    for comp in model["comparisons"]:
        levels = {}
        for lvl in comp["comparison_levels"]:
            if lvl.get("is_null_level"):
                continue
            m, u = lvl.get("m_probability"), lvl.get("u_probability")
            label = lvl.get("label_for_charts", lvl["sql_condition"])
            levels[label] = (round(math.log2(m / u), 2) if m and u else None)
        out[comp["output_column_name"]] = levels
    return out


def probability_histogram(pairs: list[dict]) -> dict:
    edges = [0.0, 0.01, 0.5, 0.9, 0.99, 1.0001]
    hist = {}
    for lo, hi in itertools.pairwise(edges):
        label = f"[{lo:g}, {min(hi, 1):g}{']' if hi > 1 else ')'}"
        hist[label] = sum(1 for p in pairs if lo <= p["match_probability"] < hi)
    return hist


# -- held out ----------------------------------------------------------------------------------

def held_out(data: dict, thresholds: list[float], folds: int) -> list[dict]:
    """K folds of bulletins (every k-th by id): each fold's mentions are clustered on their own, by
    the rules and by splink-em (no labels), and by splink-gold-mu with its parameters counted
    from the gold of the *other* folds only. Scores are over each fold's gold, then averaged."""
    from kg.resolution.clusters import cluster_officials, spelling

    records, gold, mentions = data["records"], data["gold"], data["mentions"]
    bulletins = sorted({r["bulletin"] for r in records})
    fold_of = {b: i % folds for i, b in enumerate(bulletins)}
    scores: dict[tuple[str, float | None], list[dict]] = defaultdict(list)
    for f in range(folds):
        test = [r for r in records if fold_of[r["bulletin"]] == f]
        train = [r for r in records if fold_of[r["bulletin"]] != f]
        gold_f = [g for g in gold if fold_of.get(g.bulletin) == f]
        fold_mentions = [m for m in mentions if fold_of[bulletin_of(m.graph)] == f]
        rules = {(bulletin_of(m.graph), spelling(m.name)): c.iri
                 for c in cluster_officials(fold_mentions) for m in c.members}
        scores[("rules (kg.resolution.clusters)", None)].append(score(gold_f, rules))
        for m_from, label in (("em", "splink-em"), ("gold-mu", "splink-gold-mu")):
            res = run_splink(test, m_from, thresholds, train=train)
            for th, at in res["at"].items():
                scores[(label, th)].append(score(gold_f, at["clusters"]))
    rows = []
    for (method, th), runs in scores.items():
        row = {"method": method, "threshold": th, "folds": folds,
               "mentions": sum(r["mentions"] for r in runs) / folds,
               "system_entities": sum(r["system_entities"] for r in runs) / folds,
               "wrongly_merged": sum(len(r["wrongly_merged"]) for r in runs) / folds,
               "wrongly_split": sum(len(r["wrongly_split"]) for r in runs) / folds,
               "wrong_pairs": sum(r["pairs"]["predicted"] - r["pairs"]["correct"] for r in runs) / folds,
               "missed_pairs": sum(r["pairs"]["gold"] - r["pairs"]["correct"] for r in runs) / folds}
        for metric in ("pairwise", "bcubed"):
            row[metric] = {k: round(sum(r[metric][k] for r in runs) / folds, 3) for k in ("precision", "recall", "f1")}
        rows.append(row)
    return rows


# -- report --------------------------------------------------------------------------------------

def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--gold", type=Path, default=DEFAULT_GOLD, help="gold folder (bulletins.jsonl, mentions.tsv)")
    ap.add_argument("--thresholds", default="0.5,0.9,0.99", help="splink match probabilities to cluster at")
    ap.add_argument("--folds", type=int, default=2, help="held-out folds of bulletins (0: none)")
    ap.add_argument("--json", action="store_true", help="print the full result as JSON instead of the table")
    args = ap.parse_args(argv)
    thresholds = [float(x) for x in args.thresholds.split(",")]

    import splink

    data = load(args.gold)
    gold, records = data["gold"], data["records"]
    rules_pred = {(g.bulletin, _spelling(g.name)): iri for g, iri in data["rules"].items() if iri}
    rows = [{"method": "rules (kg.resolution.clusters)", "threshold": None, "seconds": round(data["rules_seconds"], 3),
             **score(gold, rules_pred)}]
    # The store's IRIs are what the rules give these very records (no curation file is applied).
    from kg.resolution.clusters import cluster_officials

    recomputed = {(bulletin_of(m.graph), _spelling(m.name)): c.iri
                  for c in cluster_officials(data["mentions"]) for m in c.members}
    rules_recomputed = score(gold, recomputed)
    models = {}
    for m_from, label in (("em", "splink-em"), ("gold", "splink-gold-m"), ("gold-mu", "splink-gold-mu")):
        res = run_splink(records, m_from, thresholds)
        models[label] = {k: v for k, v in res.items() if k != "at"}
        for th, at in res["at"].items():
            rows.append({"method": label, "threshold": th,
                         "seconds": round(res["fit_seconds"] + res["predict_seconds"] + at["cluster_seconds"], 3),
                         "links": at["links"], **score(gold, at["clusters"])})

    result = {
        "gold": str(args.gold), "records": len(records), "real_mentions": rows[0]["mentions"],
        "gold_entities": rows[0]["gold_entities"], "splink_version": splink.__version__,
        "ingest_seconds": round(data["ingest_seconds"], 2),
        "assumed_exact_name_recall": ASSUMED_EXACT_NAME_RECALL, "models": models, "rows": rows,
        "rules_from_records": {k: rules_recomputed[k] for k in ("pairwise", "bcubed")},
        "held_out": held_out(data, thresholds, args.folds) if args.folds > 1 else [],
        "caveat": "in-sample: the rules were tuned on this gold set; splink-gold-m counts m, splink-gold-mu m, u "
                  "and the prior from it; held_out counts splink-gold-mu's from the other folds only",
    }
    if args.json:
        json.dump(result, sys.stdout, ensure_ascii=False, indent=2)
        print()
        return 0
    print(f"{len(records)} official mentions ({result['real_mentions']} real, {result['gold_entities']} gold "
          f"entities) from {args.gold}; ingest {result['ingest_seconds']} s; splink {splink.__version__} on DuckDB")
    head = f"{'method':32} {'thr':>5} {'ents':>5} {'pw P':>6} {'pw R':>6} {'pw F1':>6} {'B3 P':>6} {'B3 R':>6} " \
           f"{'B3 F1':>6} {'merged':>6} {'split':>5} {'+pairs':>6} {'-pairs':>6} {'sec':>7}"
    print(head)
    print("-" * len(head))
    for r in rows:
        pw, b3 = r["pairwise"], r["bcubed"]
        th = "" if r["threshold"] is None else f"{r['threshold']:g}"
        print(f"{r['method']:32} {th:>5} {r['system_entities']:>5} {pw['precision']:>6.3f} {pw['recall']:>6.3f} "
              f"{pw['f1']:>6.3f} {b3['precision']:>6.3f} {b3['recall']:>6.3f} {b3['f1']:>6.3f} "
              f"{len(r['wrongly_merged']):>6} {len(r['wrongly_split']):>5} "
              f"{r['pairs']['predicted'] - r['pairs']['correct']:>6} {r['pairs']['gold'] - r['pairs']['correct']:>6} "
              f"{r['seconds']:>7.3f}")
    if result["held_out"]:
        print(f"\nheld out: {args.folds} folds of bulletins, each clustered alone, mean over folds "
              f"(splink-gold-mu counts its parameters from the other folds)")
        print(head)
        print("-" * len(head))
        for r in result["held_out"]:
            pw, b3 = r["pairwise"], r["bcubed"]
            th = "" if r["threshold"] is None else f"{r['threshold']:g}"
            print(f"{r['method']:32} {th:>5} {r['system_entities']:>5g} {pw['precision']:>6.3f} {pw['recall']:>6.3f} "
                  f"{pw['f1']:>6.3f} {b3['precision']:>6.3f} {b3['recall']:>6.3f} {b3['f1']:>6.3f} "
                  f"{r['wrongly_merged']:>6g} {r['wrongly_split']:>5g} {r['wrong_pairs']:>6g} {r['missed_pairs']:>6g} "
                  f"{'':>7}")
    print("\nmerged = system clusters holding several gold entities; split = gold entities over several clusters;")
    print("+pairs = mention pairs joined that the gold keeps apart; -pairs = gold pairs left apart.")
    print("In-sample: the rules were tuned on this gold set; splink-gold-m counts m, splink-gold-mu m, u and")
    print("the prior from it.")
    for name, model in models.items():
        print(f"\n{name}: fit {model['fit_seconds']} s, predict {model['predict_seconds']} s, "
              f"{model['scored_pairs']} blocked pairs; match weights:")
        for comp, levels in model["weights"].items():
            if isinstance(levels, dict):
                print(f"  {comp}: " + ", ".join(f"{k} {v:+}" if v is not None else f"{k} n/a (untrained)"
                                                for k, v in levels.items()))
            else:
                print(f"  {comp}: {levels}")
        print("  pairs by match probability: "
              + ", ".join(f"{k} {v}" for k, v in model["probability_distribution"].items()))
    return 0


def _spelling(name: str) -> str:
    from kg.resolution.clusters import spelling

    return spelling(name)


if __name__ == "__main__":
    sys.exit(main())
