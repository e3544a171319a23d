"""Precision where nothing should be found: run extraction over corpus articles that are not
political (sports, cars, entertainment, lifestyle) and count the officials, documents and statistics
it reports, listing the officials so that a person can judge each one.

    python benchmarks/bench_nonpolitical.py --corpus ../shared/corpus/baomoi-2017.jsonl.gz -n 2000
"""

from __future__ import annotations

import argparse
import gzip
import json
import re

TOPIC = re.compile(r"(?i)\b(bóng đá|cầu thủ|HLV|World Cup|V-League|Premier League|ô tô|xe máy|mẫu xe|"
                   r"ca sĩ|diễn viên|phim|showbiz|hoa hậu|người mẫu|thời trang|âm nhạc|MV|album|"
                   r"sân cỏ|ghi bàn|Champions League|trận đấu|tennis|golf|làm đẹp|mỹ phẩm|công thức nấu)\b")
POLITICAL = re.compile(r"(?i)(Đảng|Bí thư|UBND|HĐND|Tỉnh ủy|Thành ủy|Huyện ủy|Chính phủ|Quốc hội|Bộ trưởng|"
                       r"Nghị quyết|Chỉ thị|Nghị định|Hội nghị|Đại hội|Chủ tịch|Thủ tướng|đồng chí|Công an|"
                       r"Ủy ban|Viện kiểm sát|Tòa án|Thứ trưởng|Giám đốc Sở|cán bộ)")


def select(corpus: str, n: int) -> list[dict]:
    out = []
    with gzip.open(corpus, "rt", encoding="utf-8") as fh:
        for line in fh:
            rec = json.loads(line)
            text = rec.get("title", "") + "\n" + rec.get("text", "")
            if TOPIC.search(text) and not POLITICAL.search(text):
                out.append(rec)
                if len(out) >= n:
                    break
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", default="../shared/corpus/baomoi-2017.jsonl.gz")
    ap.add_argument("-n", type=int, default=2000)
    ap.add_argument("--show", type=int, default=40, help="officials to list")
    args = ap.parse_args()

    from kg.ingest import prepare
    from kg.nlp.pipeline import default_nlp, extract
    from kg.reading.sources import Skipped, bulletin_from_record, finish

    articles = select(args.corpus, args.n)
    nlp = default_nlp()
    counts = {"officials": 0, "documents": 0, "statistics": 0, "events": 0}
    shown = []
    for rec in articles:
        b = bulletin_from_record(rec, origin=rec["id"])
        finish(b)
        p = prepare(b)
        if isinstance(p, Skipped):
            continue
        x = extract(p, nlp)
        for k in counts:
            counts[k] += len(getattr(x, k))
        for o in x.officials:
            shown.append(f"{rec['id']}: {o.name} {[p.label for p in o.positions]} :: "
                         f"{p.text[max(0, o.evidence[0].start - 60):o.evidence[0].end + 60]!r}")
    per100 = {k: round(100 * v / max(len(articles), 1), 2) for k, v in counts.items()}
    print(json.dumps({"articles": len(articles), "found": counts, "per_100_articles": per100}, ensure_ascii=False,
                     indent=2))
    for line in shown[: args.show]:
        print(line)


if __name__ == "__main__":
    main()
