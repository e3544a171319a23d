"""Reading inputs: every bad input is reported with the file (and line) and skipped; the rest is read."""

import gzip
import json

from kg.reading.sources import Skipped, read_sources
from kg.records import Bulletin


def _read(paths, **kw):
    return list(read_sources([str(p) for p in paths], **kw))


def test_plain_text_bulletin_is_read_with_id_from_file_name(seed_path):
    (b,) = _read([seed_path])
    assert isinstance(b, Bulletin)
    assert b.id == "bulletin-2018-06-01"
    assert "22-NQ/TW" in b.raw_text
    assert len(b.content_hash) == 64


def test_bad_files_are_reported_and_the_good_one_is_still_read(tmp_path, seed_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("   \n")
    binary = tmp_path / "photo.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    latin = tmp_path / "old.txt"
    latin.write_bytes("Hội nghị".encode("utf-16-le"))
    cp = tmp_path / "cp1258.txt"
    cp.write_bytes(b"H\xf4i ngh\xf2 t\xf4ng k\xeat")
    html = tmp_path / "nav.html"
    html.write_text("<html><body><nav><a href='/'>Trang chủ</a></nav></body></html>", encoding="utf-8")
    big = tmp_path / "big.txt"
    big.write_text("Hội nghị. " * 2000, encoding="utf-8")
    items = _read([empty, binary, latin, cp, html, seed_path, big], max_bytes=10_000)
    skipped = {s.origin.rsplit("/", 1)[-1]: s.reason for s in items if isinstance(s, Skipped)}
    read = [b.id for b in items if isinstance(b, Bulletin)]
    assert read == ["bulletin-2018-06-01"]
    assert "empty" in skipped["empty.txt"]
    assert "binary" in skipped["photo.txt"] or "binary" in skipped["old.txt"]
    assert "not UTF-8" in skipped["cp1258.txt"] and "iconv" in skipped["cp1258.txt"]
    assert "HTML without article text" in skipped["nav.html"]
    assert "limit" in skipped["big.txt"]


def test_jsonl_bad_lines_name_their_line_and_good_lines_are_read(tmp_path):
    path = tmp_path / "feed.jsonl"
    lines = [
        json.dumps({"id": "a1", "title": "Hội nghị", "text": "Sáng 5/6, Tỉnh ủy tổ chức Hội nghị."}, ensure_ascii=False),
        "{not json",
        json.dumps({"id": "a3", "title": "Không có nội dung"}),
        json.dumps(["a list"]),
        json.dumps({"id": "a5", "text": "", "title": "rỗng"}),
        json.dumps({"id": "a6", "text": "Đại hội Đảng bộ tỉnh.", "url": "https://example.org/a6", "date": "2017-05-02",
                    "source": "Báo Lào Cai", "province": "Lào Cai"}, ensure_ascii=False),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    items = _read([path])
    bulletins = [b for b in items if isinstance(b, Bulletin)]
    skipped = {s.origin: s.reason for s in items if isinstance(s, Skipped)}
    assert [b.id for b in bulletins] == ["a1", "a6"]
    assert bulletins[1].province == "Lào Cai" and bulletins[1].source == "Báo Lào Cai"
    assert f"{path}:2" in skipped and skipped[f"{path}:2"].startswith("not JSON")
    assert 'missing "text"' in skipped[f"{path}:3"]
    assert "JSON object" in skipped[f"{path}:4"]
    assert "empty" in skipped[f"{path}:5"]


def test_gzipped_jsonl_and_folders_are_read(tmp_path, seed_path):
    folder = tmp_path / "in"
    folder.mkdir()
    with gzip.open(folder / "a.jsonl.gz", "wt", encoding="utf-8") as fh:
        fh.write(json.dumps({"id": "g1", "text": "Hội nghị tổng kết."}, ensure_ascii=False) + "\n")
    (folder / "b.txt").write_text(seed_path.read_text(encoding="utf-8"), encoding="utf-8")
    ids = [b.id for b in _read([folder]) if isinstance(b, Bulletin)]
    assert ids == ["g1", "b"]


def test_text_is_normalised_to_nfc_at_the_door(tmp_path):
    import unicodedata

    nfd = unicodedata.normalize("NFD", "Đồng chí Phạm Sỹ Lợi chủ trì Hội nghị.")
    path = tmp_path / "nfd.txt"
    path.write_text(nfd, encoding="utf-8")
    (b,) = _read([path])
    assert b.raw_text == unicodedata.normalize("NFC", nfd)


def test_html_page_gives_text_title_date_and_site(tmp_path):
    html = """<html><head><title>Hội nghị tổng kết</title>
    <meta property="og:site_name" content="Báo Lào Cai">
    <meta property="article:published_time" content="2018-06-01"></head>
    <body><nav>Trang chủ | Thời sự</nav><article><h1>Hội nghị tổng kết Nghị quyết 22</h1>
    <p>Sáng ngày 01/6/2018, Ban Thường vụ Đảng ủy khối các cơ quan tỉnh tổ chức Hội nghị tổng kết 10 năm
    thực hiện Nghị quyết số 22-NQ/TW. Dự Hội nghị có đồng chí Phạm Sỹ Lợi - Phó Bí thư Thường trực Tỉnh ủy.</p>
    <p>Từ năm 2008 đến nay, toàn Đảng bộ đã kết nạp được 1206 đảng viên, chất lượng đảng viên mới ngày càng cao.</p>
    </article><footer>Các tin khác</footer></body></html>"""
    path = tmp_path / "page.html"
    path.write_text(html, encoding="utf-8")
    (b,) = _read([path])
    assert isinstance(b, Bulletin)
    assert "22-NQ/TW" in b.raw_text and "Trang chủ" not in b.raw_text
    assert b.date == "2018-06-01"
    assert b.source == "Báo Lào Cai"
