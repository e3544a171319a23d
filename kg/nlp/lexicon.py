"""Word lists and character classes of Vietnamese political writing, shared by the extractors.

Matching is accent- and case-aware by design: "Tỉnh ủy" and "Tỉnh Ủy" are both written, so
lexicon regexes accept either case on each syllable's first letter, but never drop diacritics
("Lê" and "Lệ" are different names).
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

# -- word lists kept as data (ontology/lexicon/*.tsv), read by the tables below --------

@cache
def lexicon_rows(name: str, columns: int = 2) -> tuple[tuple[str, ...], ...]:
    """The rows of `ontology/lexicon/<name>`: tab-separated, `#` starts a comment line, blank lines
    are skipped. Each row must have `columns` non-empty fields; a bad row names its file and line."""
    from importlib import resources

    text = resources.files("kg.ontology").joinpath("lexicon", name).read_text(encoding="utf-8")
    rows = []
    for lineno, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        parts = [unicodedata.normalize("NFC", p.strip()) for p in line.split("\t")]
        if len(parts) != columns or not all(parts):
            raise ValueError(f"ontology/lexicon/{name}:{lineno}: expected {columns} tab-separated fields, got {line!r}")
        rows.append(tuple(parts))
    return tuple(rows)


def _letters(pred) -> str:
    chars = [chr(c) for c in range(0x41, 0x1F00) if pred(chr(c)) and unicodedata.category(chr(c)).startswith("L")]
    chars += [chr(c) for c in range(0x1E00, 0x1F00) if pred(chr(c))]
    return "".join(sorted(set(chars)))


UPPER = _letters(str.isupper)
LOWER = _letters(str.islower)
U = f"[{re.escape(UPPER)}]"
L = f"[{re.escape(LOWER)}]"
# A capitalised syllable ("Phạm", "H'Hen", "K'Lơng"), and an all-caps abbreviation ("UBND", "TP.HCM").
CAP_SYL = rf"{U}{L}*(?:'{U}?{L}+)?(?![\w'])"  # the boundary stops backtracking inside a syllable
ABBREV = rf"(?:{U}{{2,}}(?:[.&-]{U}+)*|{U}\.{U}(?![\w]))"


def flex(phrase: str) -> str:
    """Regex for a phrase whose syllables may start upper- or lower-case, spaced by any blanks."""
    parts = []
    for syl in phrase.split():
        first, rest = syl[0], re.escape(syl[1:])
        if first.lower() != first.upper():
            parts.append(f"[{first.upper()}{first.lower()}]{rest}")
        else:
            parts.append(re.escape(syl))
    return r"\s+".join(parts)


def alternation(phrases) -> str:
    """Longest first, so that "Phó Bí thư Thường trực" wins over "Phó Bí thư".

    The phrases share their common beginnings ("Phó (?:Bí thư|Chủ tịch|...)"): the engine then reads
    "Phó" once instead of trying each of a hundred titles in turn, and matches exactly the same."""
    return "(?:" + _shared_prefixes([_pieces(p) for p in sorted(set(phrases), key=len, reverse=True)]) + ")"


def _pieces(phrase: str) -> list[str]:
    """`flex(phrase)` cut into pieces that each match one character or one run of blanks."""
    pieces = []
    for i, syl in enumerate(phrase.split()):
        if i:
            pieces.append(r"\s+")
        first = syl[0]
        pieces.append(f"[{first.upper()}{first.lower()}]" if first.lower() != first.upper() else re.escape(first))
        pieces.extend(re.escape(c) for c in syl[1:])
    return pieces


def _shared_prefixes(seqs: list[list[str]]) -> str:
    """A regex trying the piece sequences `seqs` in order, with common first pieces merged.

    Merging keeps the order: the first pieces of two branches never match the same character (two
    different letters, or a letter and a blank), so only sequences with the same first piece compete,
    and they stay in order. A sequence ending here must come after those it begins, as it does when
    sorted longest first; otherwise the sequences are left as they are."""
    if len(seqs) == 1:
        return "".join(seqs[0])
    ended = [i for i, seq in enumerate(seqs) if not seq]
    if ended and ended[0] + len(ended) != len(seqs):
        return "(?:" + "|".join("".join(seq) for seq in seqs) + ")"
    groups: dict[str, list[list[str]]] = {}
    for seq in seqs:
        if seq:
            groups.setdefault(seq[0], []).append(seq[1:])
    branches = [first + _shared_prefixes(rest) for first, rest in groups.items()] + ([""] if ended else [])
    return branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"


SURNAMES = set("""
Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô Dương Lý Lương Đinh Trịnh Đoàn Đào
Mai Cao Lâm Tô Tạ Hà Chu Lại Thái Lưu Kiều Quách Tăng Triệu Hứa Khúc Âu Mạc Vương Phùng Từ Lục
Nông La Giang Tống Thân Đồng Thạch Quan Châu Nghiêm Diệp Doãn Khổng Tôn Trương Đàm Lò Lầu Giàng
Sùng Vàng Mùa Thào Hầu Sầm Lường Quàng Điểu Ksor Siu Rah Nay Kpă Bế Ma Đậu Mẫn Cù Lã Bạch Phí Ninh
Khuất Lỗ Biện Kim Tiêu Thiều Ưng Hàn Viên Danh Sơn Kha Mã Chế Trình Nhữ Bạc Cầm Vi Tòng Lục
Phương Văn Hồng Giáp Bàn Triệu Lành Hoàng Quản Lạc Long Trang Tào Vưu Yên Hình Khương Ung Ân Thạch
Y H Rơ Điêu Lù Lý Chẩu Uông Cái Khổng Đậu Kiều Vương Giáp Hy Lữ Mẫn Hờ Vừ Thào Ly Dư Chung Lã Đoàn Kiều Mông Ngọ Nhan Thiệu Vòng
""".split())

# Words written before a name that are no part of it, each list one reviewable file.
HONORIFICS = [h for h, _ in lexicon_rows("honorifics.tsv")]
RANKS = [r for r, _ in lexicon_rows("ranks.tsv")]
ACADEMIC_PREFIX = (r"(?:(?:" + "|".join(re.escape(p) for p, _ in lexicon_rows("academic-prefixes.tsv"))
                   + r")\.?\s*(?:[.,]\s*)?)")
# Capitals that end a name before them ("Hội Nông dân", "Chiều 6/2"): ontology/lexicon/non-name-syllables.tsv.
NOT_NAME_SYLLABLES = {w for w, _ in lexicon_rows("non-name-syllables.tsv")}

# Titles that head a position phrase (ontology/lexicon/titles.tsv). Order does not matter:
# `alternation` sorts longest first.
TITLES = [t for t, _ in lexicon_rows("titles.tsv")]
FORMER = r"(?:(?:nguyên|Nguyên|cố|Cố|tân|Tân)\s+)"

# Lower-case words and phrases that may continue an organization's name after a title or head
# ("Chủ tịch Hội đồng nhân dân tỉnh", "Bí thư Đảng ủy khối các cơ quan tỉnh", "Bộ Nông nghiệp và Phát
# triển nông thôn"). Matched as whole phrases, so "phát triển" is taken but "phát biểu" is not.
ORG_LOWER_PHRASES = """
tỉnh|thành phố|huyện|quận|thị xã|xã|phường|thị trấn|nhân dân|khối|các cơ quan|các cơ quan tỉnh|
doanh nghiệp|cơ quan|trung ương|thường trực|thường vụ|chi bộ|đảng bộ|đảng ủy|cơ sở|nước|lâm thời|
tổ quốc|lao động|thương binh và xã hội|xã hội|nông thôn|phát triển nông thôn|tài chính|
chính trị|quốc gia|gia đình|trẻ em|phụ nữ|thanh niên|cộng sản|biên phòng|quân sự|công an|an ninh|
kiểm sát|tòa án|cấp cao|tối cao|khu vực|đặc biệt|tự trị|liên đoàn|mặt trận|tuyên giáo|dân vận|
nội chính|kinh tế|văn hóa|thể thao|du lịch|giáo dục|y tế|khoa học|công nghệ|thông tin|
truyền thông|giao thông|vận tải|tài nguyên|môi trường|ngoại giao|tư pháp|nội vụ|thanh tra|
ngân hàng|kho bạc|thuế|hải quan|cựu chiến binh|lực lượng vũ trang|dân tộc|tôn giáo|pháp luật|
công thương|nông nghiệp|ủy|ủy viên|đoàn|ban|hội|nhà nước|chính phủ|quốc hội|tỉnh ủy|thành ủy|huyện ủy|
quận ủy|thị ủy|đảng|chấp hành|cán sự|lâm nghiệp|thủy sản|
nghiệp vụ|hành chính|sự nghiệp|công lập|thành viên|nông dân|phụ nữ|quân khu|quân đội|
phòng cháy|chữa cháy|cảnh sát|hình sự|thương mại|công nghiệp|quốc tế|
đối ngoại|hành chính công|quốc phòng|
ven biển|miền núi|đồng bằng|tp
""".replace("\n", "").split("|")
ORG_LOWER_PHRASES += [p for p, _ in lexicon_rows("name-lower-words.tsv")]
# Two-syllable words that open with a capital inside names ("Hội đồng", "Nông nghiệp", "Tỉnh ủy"):
# Vietnamese capitalises only the first syllable of each word of a proper name, so after "Hội" the
# lower-case "đồng" still belongs to the name, but after "Đà Nẵng" the verb "thống nhất" does not.
NAME_COMPOUNDS = {p for p in ORG_LOWER_PHRASES if len(p.split()) == 2} | set("""
hội đồng|tỉnh ủy|thành ủy|huyện ủy|quận ủy|thị ủy|đảng ủy|đảng bộ|đảng đoàn|chính phủ|quốc hội|thường vụ|
thường trực|chấp hành|tổ chức|tuyên giáo|dân vận|kiểm tra|văn phòng|nội chính|kinh tế|văn hóa|thông tin|
truyền thông|tài chính|tài nguyên|môi trường|khoa học|công nghệ|giáo dục|đào tạo|y tế|lao động|thương binh|
xã hội|ngoại giao|tư pháp|nội vụ|công thương|giao thông|vận tải|xây dựng|kế hoạch|đầu tư|nông nghiệp|
công an|quốc phòng|ngân hàng|kho bạc|hải quan|thanh tra|kiểm toán|bảo hiểm|liên đoàn|mặt trận|thanh niên|
phụ nữ|nông dân|chiến binh|biên phòng|quân sự|quân đội|cảnh sát|nhân dân|trung ương|tối cao|cấp cao|
phát triển|nông thôn|du lịch|thể thao|dân tộc|tôn giáo|thi đua|khen thưởng|điều tra|hình sự|an ninh|
chính trị|tuyên truyền|hợp tác|quốc tế|đối ngoại|kinh doanh|thương mại|công nghiệp|thủy sản|lâm nghiệp|
phát thanh|truyền hình|báo chí|xuất bản|thống kê|dân số|gia đình|trẻ em|bình đẳng|hành chính|học viện|
đại học|nghiên cứu|quy hoạch|kiến trúc|đô thị|bồi thường|giải phóng|mặt bằng|chứng khoán|kế toán|
kiểm lâm|phòng hộ|bảo vệ|huấn luyện|bồi dưỡng|nghiệp vụ|tham mưu|phản động|khủng bố|cải cách|chỉ đạo|
điều phối|quản lý|quản trị|giám sát|kiểm sát|chiến lược|chủ nghĩa|tổng hợp|pháp chế|cán bộ|khiếu nại|
tố cáo|ủy ban|thư ký|tổ quốc|kỷ luật|tòa án|viện kiểm|hồ sơ|tiếp dân|dân chủ|cơ yếu|mật mã|cứu hộ|
cứu nạn|phòng cháy|chữa cháy|trung tâm|tổng cục|đường bộ|đường sắt|đường thủy|hàng không|hàng hải|thủy lợi|
thanh niên|thiếu niên|nhi đồng|phụ nữ|cựu chiến|chiến binh|hội nông|lý luận|tuyên huấn|công ty|tổng công ty|sân vận|vận động|kinh doanh|xí nghiệp|chỉ huy|ô tô|hợp tác xã|điều hành|tư vấn|dịch vụ|thiết kế|
sản xuất|khai thác|vận hành|bảo tàng|thư viện|bệnh viện|tạp chí|văn hóa|giao dịch|doanh nghiệp|cổ phần|
trách nhiệm|hữu hạn|thành viên|nhà nước|đại sứ|lãnh sự|tham tán|quân khu|quân chủng|binh chủng|sư đoàn|
lữ đoàn|trung đoàn|tiểu đoàn|đại đội|hải quân|phòng không|không quân|cảnh biển|biên giới|cửa khẩu|môi giới|thẩm định|dự án|bồi thẩm|giám định|đối thoại|hội nhập|xúc tiến|
""".replace("\n", "").split("|")) - {""}
NAME_COMPOUNDS |= {w for w, _ in lexicon_rows("name-compounds.tsv")}
# Vietnamese provinces and centrally-run cities, for scoping and to keep place names out of names.
PROVINCES = [
    "An Giang", "Bà Rịa - Vũng Tàu", "Bà Rịa-Vũng Tàu", "Bạc Liêu", "Bắc Giang", "Bắc Kạn", "Bắc Ninh",
    "Bến Tre", "Bình Dương", "Bình Định", "Bình Phước", "Bình Thuận", "Cà Mau", "Cao Bằng", "Cần Thơ",
    "Đà Nẵng", "Đắk Lắk", "Đắk Nông", "Điện Biên", "Đồng Nai", "Đồng Tháp", "Gia Lai", "Hà Giang",
    "Hà Nam", "Hà Nội", "Hà Tĩnh", "Hải Dương", "Hải Phòng", "Hậu Giang", "Hòa Bình", "Hưng Yên",
    "Khánh Hòa", "Kiên Giang", "Kon Tum", "Lai Châu", "Lạng Sơn", "Lào Cai", "Lâm Đồng", "Long An",
    "Nam Định", "Nghệ An", "Ninh Bình", "Ninh Thuận", "Phú Thọ", "Phú Yên", "Quảng Bình", "Quảng Nam",
    "Quảng Ngãi", "Quảng Ninh", "Quảng Trị", "Sóc Trăng", "Sơn La", "Tây Ninh", "Thái Bình",
    "Thái Nguyên", "Thanh Hóa", "Thừa Thiên Huế", "Thừa Thiên - Huế", "Tiền Giang", "TP Hồ Chí Minh",
    "TP.HCM", "TPHCM", "Hồ Chí Minh", "Trà Vinh", "Tuyên Quang", "Vĩnh Long", "Vĩnh Phúc", "Yên Bái",
    "Đắc Lắc", "Thanh Hoá", "Khánh Hoà", "Hoà Bình",
]

# Verbs and function words that end a noun phrase (a unit, an organization, a position).
FUNCTION_WORDS = set("""
cho của và với được đã đang sẽ là trong tại ở để từ đến về theo trên dưới so như khi mà thì nhưng
hoặc hay bởi do vì nên cũng còn chỉ mới vừa bị có không này đó ấy nào các những mỗi từng gồm
chiếm đạt tăng giảm bằng hơn gần khoảng trên tới lên xuống ra vào qua sau trước thuộc tham
""".split())


def strip_accents(s: str) -> str:
    """ASCII fold for slugs only ("Phạm Sỹ Lợi" -> "Pham Sy Loi"); never used for matching."""
    s = s.replace("đ", "d").replace("Đ", "D")
    return "".join(c for c in unicodedata.normalize("NFD", s) if not unicodedata.combining(c))


def word_start(first: str) -> str:
    """Regex for a character of the class `first` that starts a word, like `(?<![\\wĐđ]){first}`.
    With the character before the look-back, the engine skips quickly to the next character of the
    class instead of trying the look-back at every position."""
    return rf"{first}(?<![\wĐđ]{first})"


def matches_at(rx: re.Pattern, text: str, starts) -> list[re.Match]:
    """The matches of `rx.finditer(text)`, trying `rx` only at the increasing positions `starts`, which
    must hold every position where `rx` can match (and `rx` never matches the empty string). Cheaper
    than a scan when a pattern the engine tries at every position is rare and `starts` are found fast."""
    found, last = [], 0
    for start in starts:
        if start < last:
            continue
        m = rx.match(text, start)
        if m:
            found.append(m)
            last = m.end()
    return found


def word_starts_of(syllables, after: str = "") -> re.Pattern:
    """Where one of `syllables` (either case of its first letter) starts a word and is followed by
    `after`. The match is the first letter only, so the engine jumps from one such letter to the next;
    what precedes the letter and what follows are checked from there."""
    first = "[" + "".join(sorted({c for syl in syllables for c in (syl[0].upper(), syl[0].lower())})) + "]"
    words = "|".join(sorted({flex(syl) for syl in syllables}))
    return re.compile(rf"{first}(?<![\wĐđ]{first})(?<=(?=(?:{words}){after}){first})")


_CAPITAL_START = re.compile(word_start(U))


def capital_starts(text: str) -> list[int]:
    """Positions where a capitalised word starts. Titles before names and organization heads start
    with a capital, so the extractors try their long alternations only there: several times faster
    than letting the regex engine try every alternative at every character."""
    return [m.start() for m in _CAPITAL_START.finditer(text)]

