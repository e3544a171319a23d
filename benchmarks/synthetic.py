"""Realistic synthetic bulletins, for tests and benchmarks where the real corpus is absent.

Each article is the user's sample bulletin (tests/fixtures/bulletin-2018-06-01.txt) or one of a few
other bulletin-like texts, varied deterministically: other officials, organizations, document
numbers, dates and figures, paragraphs dropped or reordered, and unrelated news paragraphs mixed
in. Same `seed`, same articles.

    python benchmarks/synthetic.py 5000 synthetic.jsonl
"""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path
from typing import Iterator

SEED_BULLETIN = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "bulletin-2018-06-01.txt"

OFFICIALS = ["Nguyễn Văn Hùng", "Trần Thị Mai", "Lê Quang Vinh", "Phạm Minh Tuấn", "Hoàng Thị Lan",
             "Đỗ Văn Thành", "Vũ Đức Đam", "Bùi Thanh Sơn", "Ngô Thị Hằng", "Đặng Quốc Khánh",
             "Lý Văn Phúc", "Huỳnh Tấn Phát", "Mai Tiến Dũng", "Cao Thị Hòa", "Dương Văn Trang"]
PROVINCES = ["Lào Cai", "Yên Bái", "Nghệ An", "Quảng Nam", "Đắk Lắk", "Cà Mau", "Thái Bình", "Bình Định",
             "Hà Giang", "Sóc Trăng"]
TITLES = ["Bí thư Tỉnh ủy", "Phó Bí thư Thường trực Tỉnh ủy", "Chủ tịch Ủy ban nhân dân tỉnh",
          "Phó Chủ tịch Hội đồng nhân dân tỉnh", "Trưởng Ban Tuyên giáo Tỉnh ủy", "Trưởng Ban Tổ chức Tỉnh ủy",
          "Chủ nhiệm Ủy ban Kiểm tra Tỉnh ủy", "Giám đốc Sở Nội vụ"]
DOCUMENTS = [("Nghị quyết", "NQ/TW"), ("Chỉ thị", "CT/TW"), ("Kế hoạch", "KH/TU"), ("Kết luận", "KL/TW"),
             ("Quyết định", "QĐ-UBND"), ("Hướng dẫn", "HD/BTGTW"), ("Chương trình", "CTr/TU")]
EVENTS = ["Hội nghị tổng kết", "Hội nghị sơ kết", "Hội thảo khoa học", "Lễ kỷ niệm", "Đại hội đại biểu",
          "Hội nghị trực tuyến"]

OTHER_BULLETINS = [
    "Sáng ngày {d}/{m}/{y}, Ủy ban nhân dân tỉnh {province} tổ chức {event} công tác cải cách hành chính "
    "năm {y}. Đồng chí {official}, {title} chủ trì hội nghị.\n\n"
    "Theo báo cáo, trong năm {y}, toàn tỉnh đã giải quyết {n1} hồ sơ thủ tục hành chính, đạt {p}%; "
    "{n2} đơn vị đã triển khai phần mềm quản lý văn bản. Thực hiện {doc} số {num}-{code}, ngày {d2}/{m2}/{y} "
    "của Ban Thường vụ Tỉnh ủy, các sở, ngành đã rà soát {n3} thủ tục.\n\n"
    "Phát biểu tại hội nghị, đồng chí {official} đề nghị các đơn vị tiếp tục đẩy mạnh ứng dụng công nghệ "
    "thông tin, nâng cao chất lượng phục vụ người dân và doanh nghiệp.",

    "Chiều {d}/{m}, Ban Tuyên giáo Tỉnh ủy {province} tổ chức {event} 5 năm thực hiện {doc} số {num}-{code} "
    "về đẩy mạnh học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh.\n\n"
    "Dự hội nghị có đồng chí {official}, {title}; đồng chí {official2}, {title2}.\n\n"
    "Qua 5 năm, toàn tỉnh có {n1} tập thể và {n2} cá nhân được khen thưởng; {n3} mô hình điển hình được "
    "nhân rộng.",

    "Kỳ họp thứ {k} Hội đồng nhân dân tỉnh {province} khóa XVIII bế mạc ngày {d}/{m}/{y}. Kỳ họp đã thông qua "
    "{n1} nghị quyết, trong đó có Nghị quyết số {num}/{y}/NQ-HĐND về kế hoạch đầu tư công trung hạn.\n\n"
    "Đồng chí {official}, {title} phát biểu bế mạc kỳ họp, đề nghị các cấp, các ngành triển khai thực hiện "
    "nghiêm các nghị quyết vừa được thông qua.",
]

UNRELATED = [
    "Theo Trung tâm Dự báo khí tượng thủy văn quốc gia, từ đêm nay đến ngày mai, khu vực vùng núi phía Bắc "
    "có mưa vừa, mưa to, có nơi mưa rất to với lượng mưa phổ biến từ 50 đến 100 mm.",
    "Chiều qua, tại sân vận động Thiên Trường, đội chủ nhà đã giành chiến thắng 2-1 trước đội khách trong "
    "khuôn khổ vòng 12 giải bóng đá vô địch quốc gia.",
    "Giá xăng RON95 từ 15 giờ chiều nay tăng 350 đồng mỗi lít, lên mức 18.900 đồng; giá dầu diesel giảm nhẹ.",
    "Kết quả xổ số điện toán ngày hôm nay: xổ số 123 là 2 26 733; xổ số thần tài 4 là 3781.",
    "Trên tuyến quốc lộ 1A đoạn qua huyện Diễn Châu, một vụ va chạm giữa xe tải và xe khách khiến giao thông "
    "ùn tắc khoảng 2 km trong nhiều giờ.",
]


def _vary_seed(text: str, rng: random.Random) -> str:
    official, official2 = rng.sample(OFFICIALS, 2)
    y = rng.choice([2016, 2017, 2018, 2019])
    d, m = rng.randint(1, 28), rng.randint(1, 12)
    swaps = {
        "Phạm Sỹ Lợi": official, "Lại Văn Hanh": official2,
        "22-NQ/TW": f"{rng.randint(1, 60)}-NQ/TW", "67-KH/TU": f"{rng.randint(1, 200)}-KH/TU",
        "01/06/2018": f"{d:02d}/{m:02d}/{y}", "01/6/2018": f"{d}/{m}/{y}", "13/4/2018": f"{rng.randint(1, 28)}/{m}/{y}",
        "1372": str(rng.randint(100, 3000)), "1235": str(rng.randint(100, 3000)), "1206": str(rng.randint(100, 3000)),
        "78,40%": f"{rng.randint(50, 99)},{rng.randint(10, 99)}%", "356": str(rng.randint(50, 900)),
        "10 năm": f"{rng.choice([5, 10, 15, 20])} năm",
    }
    for old, new in swaps.items():
        text = text.replace(old, new)
    lines = text.split("\n\n")
    head, body, tail = lines[:2], lines[2:-2], lines[-2:]
    body = [p for p in body if rng.random() > 0.25]  # drop some paragraphs
    if rng.random() < 0.5:
        rng.shuffle(body)
    if rng.random() < 0.4:
        body.insert(rng.randint(0, len(body)), rng.choice(UNRELATED))
    return "\n\n".join(head + body + tail)


def _fill_other(template: str, rng: random.Random) -> str:
    official, official2 = rng.sample(OFFICIALS, 2)
    title, title2 = rng.sample(TITLES, 2)
    doc, code = rng.choice(DOCUMENTS)
    y = rng.choice([2016, 2017, 2018])
    text = template.format(
        d=rng.randint(1, 28), m=rng.randint(1, 12), y=y, d2=rng.randint(1, 28), m2=rng.randint(1, 12),
        province=rng.choice(PROVINCES), event=rng.choice(EVENTS), official=official, official2=official2,
        title=title, title2=title2, doc=doc, code=code, num=rng.randint(1, 150), k=rng.randint(2, 12),
        n1=rng.randint(10, 5000), n2=rng.randint(5, 500), n3=rng.randint(5, 900), p=rng.randint(60, 99))
    if rng.random() < 0.5:
        text += "\n\n" + rng.choice(UNRELATED)
    return text


def synthetic_articles(n: int, *, seed: int = 0) -> Iterator[dict]:
    """`n` JSONL-shaped articles ({"id", "title", "text", "date", "source"}), the same for the same seed."""
    rng = random.Random(seed)
    base = SEED_BULLETIN.read_text(encoding="utf-8")
    for i in range(n):
        kind = rng.random()
        if kind < 0.5:
            text = _vary_seed(base, rng)
            title = None  # the text's own first paragraph is its title
        elif kind < 0.9:
            text = _fill_other(rng.choice(OTHER_BULLETINS), rng)
            title = text.split(".")[0][:120]
        else:
            text = " ".join(rng.sample(UNRELATED, 3))
            title = text.split(",")[0][:80]
        yield {"id": f"synthetic-{seed}-{i:06d}", "title": title, "text": text,
               "source": rng.choice(["baotinh.vn", "dangbo.vn", None])}


def write_jsonl(path: Path, n: int, *, seed: int = 0) -> Path:
    with open(path, "w", encoding="utf-8") as fh:
        for article in synthetic_articles(n, seed=seed):
            fh.write(json.dumps({k: v for k, v in article.items() if v is not None}, ensure_ascii=False) + "\n")
    return path


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: python benchmarks/synthetic.py COUNT OUT.jsonl")
    write_jsonl(Path(sys.argv[2]), int(sys.argv[1]))
