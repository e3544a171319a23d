"""Shared material for the pipeline tests: short Vietnamese bulletins, feed and page builders, a
local HTTP server on 127.0.0.1 whose feed and pages the tests change between runs, and helpers to
write pipeline files, run `kg` in a subprocess and compare stores. (No tests here.)"""

from __future__ import annotations

import html
import json
import os
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from kg.pipelines.provenance import is_record_graph
from kg.store import GraphStore


@dataclass(frozen=True)
class Article:
    slug: str
    title: str
    published: str  # RFC 822, as RSS writes it
    paragraphs: tuple[str, ...]

    @property
    def date(self) -> str:
        from email.utils import parsedate_to_datetime

        return parsedate_to_datetime(self.published).date().isoformat()


ARTICLES = [
    Article(
        "hoi-nghi-tong-ket-nghi-quyet-22", "Hội nghị tổng kết 10 năm thực hiện Nghị quyết số 22-NQ/TW",
        "Fri, 01 Jun 2018 09:30:00 +0700",
        ("Thực hiện Kế hoạch số 67-KH/TU, ngày 13/4/2018 của Ban Thường vụ Tỉnh ủy, sáng ngày 01/6/2018, "
         "Ban Thường vụ Đảng ủy khối các cơ quan tỉnh tổ chức Hội nghị tổng kết 10 năm thực hiện Nghị quyết "
         "số 22-NQ/TW, ngày 02/02/2008 Hội nghị lần thứ 6, Ban Chấp hành Trung ương khóa X.",
         "Dự Hội nghị có đồng chí Phạm Sỹ Lợi - Phó Bí thư Thường trực Tỉnh ủy, Chủ tịch Hội đồng nhân dân "
         "tỉnh. Đồng chí Lại Văn Hanh, Tỉnh ủy viên, Bí thư Đảng ủy Khối chủ trì Hội nghị.",
         "Từ năm 2008 đến nay, toàn Đảng bộ đã kết nạp được 1206 đảng viên, trình độ đại học trở lên 945 "
         "đồng chí, chiếm 78,40%.")),
    Article(
        "ky-hop-thu-8-hdnd-tinh", "Khai mạc Kỳ họp thứ 8 Hội đồng nhân dân tỉnh khóa XV",
        "Tue, 10 Jul 2018 08:00:00 +0700",
        ("Sáng ngày 10/7/2018, Hội đồng nhân dân tỉnh khóa XV khai mạc Kỳ họp thứ 8, nhiệm kỳ 2016 - 2021.",
         "Đồng chí Phạm Sỹ Lợi - Phó Bí thư Thường trực Tỉnh ủy, Chủ tịch Hội đồng nhân dân tỉnh chủ trì "
         "Kỳ họp. Kỳ họp xem xét 25 báo cáo, 12 tờ trình và dự thảo nghị quyết.",
         "Sáu tháng đầu năm, tốc độ tăng trưởng kinh tế của tỉnh ước đạt 10,5%; thu ngân sách nhà nước "
         "trên địa bàn đạt 4.320 tỷ đồng.")),
    Article(
        "so-ket-chi-thi-05", "Sơ kết 2 năm thực hiện Chỉ thị số 05-CT/TW của Bộ Chính trị",
        "Wed, 16 May 2018 14:00:00 +0700",
        ("Chiều ngày 16/5/2018, Đảng ủy Khối các cơ quan tỉnh tổ chức Hội nghị sơ kết 2 năm thực hiện Chỉ "
         "thị số 05-CT/TW ngày 15/5/2016 của Bộ Chính trị về đẩy mạnh học tập và làm theo tư tưởng, đạo "
         "đức, phong cách Hồ Chí Minh.",
         "Đồng chí Lại Văn Hanh, Tỉnh ủy viên, Bí thư Đảng ủy Khối chủ trì Hội nghị. Trong 2 năm, 100% tổ "
         "chức cơ sở đảng đã xây dựng kế hoạch thực hiện; 48 tập thể và 95 cá nhân được khen thưởng.")),
    Article(
        "uy-ban-kiem-tra-quy-ii", "Ủy ban Kiểm tra Đảng ủy Khối tổng kết công tác quý II",
        "Fri, 29 Jun 2018 16:15:00 +0700",
        ("Ngày 29/6/2018, Ủy ban Kiểm tra Đảng ủy Khối các cơ quan tỉnh tổ chức hội nghị đánh giá công tác "
         "kiểm tra, giám sát quý II năm 2018.",
         "Trong quý, cấp ủy, tổ chức đảng các cấp đã kiểm tra 36 tổ chức đảng và 19 đảng viên; giám sát "
         "chuyên đề đối với 30 tổ chức đảng; xem xét, xử lý kỷ luật 4 đảng viên.")),
    Article(
        "le-ket-nap-dang-vien", "Chi bộ Sở Tư pháp tổ chức lễ kết nạp đảng viên mới",
        "Mon, 02 Jul 2018 10:00:00 +0700",
        ("Sáng ngày 02/7/2018, Chi bộ Sở Tư pháp long trọng tổ chức Lễ kết nạp đảng viên mới cho 3 quần "
         "chúng ưu tú.",
         "Dự buổi lễ có đồng chí Lại Văn Hanh, Tỉnh ủy viên, Bí thư Đảng ủy Khối các cơ quan tỉnh. Các "
         "đảng viên mới đã tuyên thệ trước cờ Đảng, cờ Tổ quốc và ảnh Chủ tịch Hồ Chí Minh.")),
    Article(
        "boi-duong-ly-luan-chinh-tri", "Khai giảng lớp bồi dưỡng lý luận chính trị cho đảng viên mới",
        "Mon, 09 Jul 2018 07:45:00 +0700",
        ("Ngày 09/7/2018, Ban Thường vụ Đảng ủy khối các cơ quan tỉnh khai giảng lớp bồi dưỡng lý luận "
         "chính trị cho 65 đảng viên mới.",
         "Lớp học diễn ra trong 5 ngày, thực hiện theo Hướng dẫn số 12-HD/BTGTW của Ban Tuyên giáo Trung "
         "ương. Đây là lớp thứ 21 được tổ chức từ năm 2008 đến nay.")),
    Article(
        "hoi-thao-chuyen-doi-so", "Hội thảo ứng dụng công nghệ thông tin trong công tác Đảng",
        "Thu, 19 Jul 2018 08:30:00 +0700",
        ("Sáng ngày 19/7/2018, Văn phòng Tỉnh ủy phối hợp với Sở Thông tin và Truyền thông tổ chức Hội thảo "
         "ứng dụng công nghệ thông tin trong công tác Đảng.",
         "Hội thảo nhận được 18 tham luận. Đến nay, 92% cơ quan đảng trong tỉnh đã sử dụng phần mềm quản lý "
         "văn bản và điều hành.")),
    Article(
        "quan-triet-nghi-quyet-trung-uong-7", "Quán triệt Nghị quyết Hội nghị lần thứ bảy Ban Chấp hành Trung ương khóa XII",
        "Thu, 28 Jun 2018 08:00:00 +0700",
        ("Ngày 28/6/2018, Ban Thường vụ Tỉnh ủy tổ chức hội nghị học tập, quán triệt Nghị quyết số "
         "26-NQ/TW ngày 19/5/2018 của Ban Chấp hành Trung ương về tập trung xây dựng đội ngũ cán bộ các cấp.",
         "Hội nghị được tổ chức trực tuyến tới 9 điểm cầu với hơn 1.500 đại biểu tham dự.")),
    Article(
        "thi-dua-khoi-co-quan", "Ký kết giao ước thi đua năm 2018 trong Khối các cơ quan tỉnh",
        "Tue, 20 Feb 2018 09:00:00 +0700",
        ("Chiều ngày 20/02/2018, Khối thi đua các cơ quan Đảng tỉnh tổ chức ký kết giao ước thi đua năm 2018.",
         "12 cơ quan thành viên thống nhất 5 nội dung thi đua trọng tâm; năm 2017 có 7 tập thể được tặng "
         "Bằng khen của Ủy ban nhân dân tỉnh.")),
    Article(
        "ban-dan-van-hoi-nghi", "Ban Dân vận Tỉnh ủy triển khai nhiệm vụ 6 tháng cuối năm",
        "Wed, 11 Jul 2018 14:30:00 +0700",
        ("Ngày 11/7/2018, Ban Dân vận Tỉnh ủy tổ chức hội nghị sơ kết công tác dân vận 6 tháng đầu năm và "
         "triển khai nhiệm vụ 6 tháng cuối năm 2018.",
         "Sáu tháng đầu năm, toàn tỉnh xây dựng được 215 mô hình dân vận khéo, tăng 31 mô hình so với cùng "
         "kỳ.")),
    Article(
        "hoi-nghi-bch-dang-bo-khoi", "Hội nghị Ban Chấp hành Đảng bộ Khối lần thứ 15",
        "Fri, 13 Jul 2018 08:00:00 +0700",
        ("Sáng ngày 13/7/2018, Ban Chấp hành Đảng bộ Khối các cơ quan tỉnh khóa XII tổ chức Hội nghị lần "
         "thứ 15 đánh giá kết quả thực hiện nhiệm vụ 6 tháng đầu năm.",
         "Đồng chí Lại Văn Hanh, Tỉnh ủy viên, Bí thư Đảng ủy Khối chủ trì Hội nghị. Toàn Đảng bộ đã kết "
         "nạp 87 đảng viên, đạt 72,5% chỉ tiêu năm.")),
    Article(
        "tap-huan-nghiep-vu", "Tập huấn nghiệp vụ công tác Đảng cho cấp ủy cơ sở",
        "Tue, 17 Jul 2018 07:30:00 +0700",
        ("Ngày 17/7/2018, Ban Tổ chức Đảng ủy Khối mở lớp tập huấn nghiệp vụ công tác Đảng cho 120 đồng chí "
         "bí thư, phó bí thư chi bộ.",
         "Các học viên được hướng dẫn thực hiện Quy định số 29-QĐ/TW ngày 25/7/2016 của Ban Chấp hành "
         "Trung ương về thi hành Điều lệ Đảng.")),
]


def article_html(a: Article, *, body_paragraphs=None) -> str:
    """A news page with menus and related links around the article, as publishers' sites have."""
    paras = "\n".join(f"<p>{html.escape(p)}</p>" for p in (body_paragraphs or a.paragraphs))
    return f"""<!DOCTYPE html>
<html lang="vi"><head><meta charset="utf-8"><title>{html.escape(a.title)} - Báo Lào Cai</title>
<meta property="og:title" content="{html.escape(a.title)}">
<meta property="article:published_time" content="{a.date}T08:00:00+07:00">
<meta name="author" content="Văn phòng Đảng ủy khối"></head>
<body><nav><a href="/">Trang chủ</a> | <a href="/chinh-tri">Chính trị</a> | <a href="/kinh-te">Kinh tế</a></nav>
<article><h1>{html.escape(a.title)}</h1><p class="date">{a.date}</p>
{paras}
<p class="author">Văn phòng Đảng ủy khối</p></article>
<aside><h3>Tin liên quan</h3><ul><li><a href="/a">Tin khác 1</a></li><li><a href="/b">Tin khác 2</a></li></ul></aside>
<footer>© Báo Lào Cai. Giấy phép số 10/GP-BTTTT.</footer></body></html>"""


def rss(items, *, base: str, full_text: bool = True) -> str:
    """RSS 2.0; `items` are Articles or raw <item> strings (for malformed ones)."""
    parts = []
    for a in items:
        if isinstance(a, str):
            parts.append(a)
            continue
        content = "".join(f"<p>{html.escape(p)}</p>" for p in a.paragraphs)
        encoded = f"<content:encoded><![CDATA[{content}]]></content:encoded>" if full_text else ""
        parts.append(f"""<item><title>{html.escape(a.title)}</title><link>{base}/bai/{a.slug}.html</link>
<guid isPermaLink="true">{base}/bai/{a.slug}.html</guid><pubDate>{a.published}</pubDate>
<description>{html.escape(a.paragraphs[0][:120])}…</description>{encoded}</item>""")
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>
<title>Báo Lào Cai - Chính trị</title><link>{base}/</link><description>Tin chính trị</description>
{''.join(parts)}
</channel></rss>"""


def atom(items, *, base: str) -> str:
    entries = []
    for a in items:
        if isinstance(a, str):
            entries.append(a)
            continue
        from email.utils import parsedate_to_datetime

        when = parsedate_to_datetime(a.published).isoformat()
        content = html.escape("".join(f"<p>{html.escape(p)}</p>" for p in a.paragraphs))
        entries.append(f"""<entry><id>tag:baolaocai.example.vn,2018:{a.slug}</id><title>{html.escape(a.title)}</title>
<link href="{base}/bai/{a.slug}.html"/><published>{when}</published><updated>{when}</updated>
<author><name>Văn phòng Đảng ủy khối</name></author><content type="html">{content}</content></entry>""")
    return f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Đảng ủy Khối các cơ quan tỉnh</title>
<id>tag:baolaocai.example.vn,2018:feed</id><updated>2018-07-20T00:00:00+07:00</updated>
{''.join(entries)}
</feed>"""


class Site:
    """A publisher's site on 127.0.0.1: `routes` maps paths to (status, content type, body); pages
    can be slowed down (`delay` seconds per article page) to catch a run in the middle."""

    def __init__(self):
        self.routes: dict[str, tuple[int, str, str]] = {}
        self.delay = 0.0
        self.requests: list[str] = []
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                site.requests.append(self.path)
                status, ctype, body = site.routes.get(self.path, (404, "text/plain", "not found"))
                if self.path.startswith("/bai/") and site.delay:
                    time.sleep(site.delay)
                data = body.encode("utf-8")
                self.send_response(status)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def publish_feed(self, items, path="/rss.xml", **kw) -> str:
        self.routes[path] = (200, "application/rss+xml; charset=utf-8", rss(items, base=self.base, **kw))
        return self.base + path

    def publish_pages(self, articles) -> list[str]:
        urls = []
        for a in articles:
            path = f"/bai/{a.slug}.html"
            self.routes[path] = (200, "text/html; charset=utf-8", article_html(a))
            urls.append(self.base + path)
        return urls

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture()
def site():
    s = Site()
    yield s
    s.close()


def write_pipeline(folder: Path, name: str, body: str) -> Path:
    path = folder / f"{name}.toml"
    path.write_text(body, encoding="utf-8")
    return path


def toml_list(values) -> str:
    return "[" + ", ".join(json.dumps(v) for v in values) + "]"


# -- stores ---------------------------------------------------------------------------------------

def bulletin_quads(store_path: Path) -> set[tuple[str, str, str, str]]:
    """Every quad of the bulletins' graphs (not the run records, not the resolution stage's reasons),
    as strings (for exact comparison of two stores)."""
    from kg.resolution import RESOLUTION_GRAPH

    store = GraphStore(store_path, read_only=True)
    try:
        return {(str(q.subject), str(q.predicate), str(q.object), q.graph_name.value)
                for q in store.quads()
                if not is_record_graph(q.graph_name.value) and q.graph_name.value != RESOLUTION_GRAPH}
    finally:
        del store


def graphs_of(quads) -> dict[str, set]:
    out: dict[str, set] = {}
    for q in quads:
        out.setdefault(q[3], set()).add(q[:3])
    return out


# -- the real command in a subprocess --------------------------------------------------------------

KG = [sys.executable, "-c", "from kg.cli import main; main()"]


def kg_process(*args: str, cwd: Path | None = None) -> subprocess.Popen:
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    return subprocess.Popen([*KG, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            cwd=cwd, env=env, start_new_session=True)


class EventReader:
    """Reads a child's JSON log lines (stderr) on a thread; `wait_for` blocks until a matching event."""

    def __init__(self, proc: subprocess.Popen):
        self.proc = proc
        self.events: list[dict] = []
        self.other: list[str] = []
        self._cond = threading.Condition()
        self._thread = threading.Thread(target=self._read, daemon=True)
        self._thread.start()

    def _read(self):
        for line in self.proc.stderr:
            with self._cond:
                try:
                    self.events.append(json.loads(line))
                except ValueError:
                    self.other.append(line)
                self._cond.notify_all()
        with self._cond:
            self._cond.notify_all()

    def wait_for(self, predicate, *, count: int = 1, timeout: float = 60) -> list[dict]:
        deadline = time.monotonic() + timeout
        with self._cond:
            while True:
                found = [e for e in self.events if predicate(e)]
                if len(found) >= count:
                    return found
                if not self._thread.is_alive() and self.proc.poll() is not None:
                    raise AssertionError(f"process ended before the event: {self.events[-5:]} {self.other[-20:]}")
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise AssertionError(f"timed out waiting; last events: {self.events[-5:]} {self.other[-20:]}")
                self._cond.wait(min(remaining, 0.5))

    def finish(self, timeout: float = 60) -> tuple[int, str]:
        rc = self.proc.wait(timeout=timeout)
        self._thread.join(timeout=5)
        return rc, self.proc.stdout.read()


def kill_group(proc: subprocess.Popen, sig=signal.SIGKILL) -> None:
    if proc.poll() is None:
        os.killpg(proc.pid, sig)
