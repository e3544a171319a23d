"""Tell a Party/government bulletin from other news, from its title and lead.

Most articles a news site publishes are not bulletins of the Party, the State or the Front: sport,
lottery, crime, markets. The graph marks each bulletin with `bkg:partyGovernment`, the site and
search default to the bulletins, and `kg ingest --political-only` skips the others.

The decision is made by weighted cues kept as data (`ontology/lexicon/party-government-cues.tsv`,
one commented line per cue), read in two zones: the title, which counts twice, and the lead (the
first LEAD_CHARS characters of the text after the title). An article is a bulletin when

- its title or lead names a Vietnamese Party, State or Front body or office (a "body" cue not
  followed by a foreign country: "Bộ Ngoại giao Trung Quốc", "Thủ tướng Anh" are foreign), and
- the weights of the body and "act" cues (meetings, decisions, documents) less those of the "other"
  cues (accidents, crime, sport, markets) reach THRESHOLD.

Rules rather than a trained model: a few hundred labelled articles are too few to learn the genre
from words without learning the sample too, while the genre's vocabulary is small, stable and can
be reviewed line by line; benchmarks/bench_genre_model.py cross-validates that choice against fitted
cue weights and word models. It costs a few regex scans per article (see benchmarks/bench_genre.py).

>>> classify("Khai mạc Hội nghị Ban Chấp hành Trung ương Đoàn lần thứ 11", "Sáng 24/6, ...").party_government
True
>>> classify("Giá vàng hôm nay 15/6: vàng tăng vọt", "Giá vàng thế giới ...").party_government
False
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from kg.nlp.lexicon import CAP_SYL, LOWER, PROVINCES, SURNAMES, UPPER, U, alternation, lexicon_rows

CUES_FILE = "party-government-cues.tsv"
GROUPS = ("body", "state", "act", "other")
LEAD_CHARS = 500  # the lead paragraph of a news article, where it says who did what
TITLE_WEIGHT = 2  # a cue in the title says more about the subject than one in the lead
THRESHOLD = 5
UNNAMED_BODY_THRESHOLD = 10  # the score a bulletin needs when its title and lead name no body
# A title naming another country, and not Vietnam, is about that country more often than not.
FOREIGN_TITLE_WEIGHT = 2
# An office followed by a Vietnamese name is an official acting in office ("Thủ tướng Nguyễn Xuân Phúc").
NAME_BONUS = 2
# A capitalised syllable with a Vietnamese letter or tone ("Đức", "Sơn", "Cai" is not): after a country
# name it makes a Vietnamese place ("Mỹ Đức", "Nga Sơn"); a foreign name after it ("Anh Theresa May") does not.
_VN_LETTERS = "".join(c for c in UPPER + LOWER if "\u00c0" <= c <= "\u1ef9" and c not in "×÷")
_VIETNAMESE_SYLLABLE = rf"(?:Cai|Tho|(?={U})(?=[\wĐđ]*[{_VN_LETTERS}])[\wĐđ]+)(?![\wĐđ])"
# Words that may stand between a body and the country it belongs to ("Bộ trưởng Quốc phòng Mỹ").
_BETWEEN_BODY_AND_COUNTRY = 2


@dataclass(frozen=True)
class Cue:
    phrase: str
    group: str
    weight: int


# A title whose grammatical subject is a province or city ("Vĩnh Phúc chấp nhận dừng dự án", "TP.HCM sẽ
# bổ sung biển chỉ đường") reports what its government does; a province before a colon or a dash
# ("Đồng Nai: Nghi án chồng giết vợ") is only the dateline of a story.
LOCAL_GOVERNMENT = Cue("a province or city as the title's subject", "body", 2)
BILATERAL = Cue("Vietnam and another state paired in the title", "act", 2)
# A title that opens with a Vietnamese office or body, then a colon: what follows is its statement
# ("Tổng Bí thư: Cần phải làm mạnh hơn nữa", "Bí thư Hà Tĩnh: Mất mùa lịch sử, đừng đổ cho thời tiết"),
# so the words of the statement (weather, crime) are its topic, not the story's kind.
SPEAKER = Cue("a Vietnamese office speaking in the title", "act", 3)
_SPEAKER_COLON = re.compile(r"""[^:"“'‘]{0,30}:""")  # a place or a name, then the colon
# A body followed, within a few words, by the verb of an official act ("Bộ Tài chính vừa có văn bản",
# "UBND tỉnh đã chỉ đạo", "Thủ tướng yêu cầu"): the body is acting, not quoted about an incident
# ("Công an huyện cho biết"). Counted once per zone.
ACTING_BODY = Cue("a body doing an official act", "act", 2)
# A sentence of the lead that opens with a Vietnamese body, after at most a time or place phrase, and
# goes on to its official act ("Chiều 24/5, Bộ Công Thương phát đi thông tin", "Ngày 5.2, UBND tỉnh Gia
# Lai cho biết đã có công văn"): the news form that says who did what, so the body is the story's
# subject and not a source quoted about an incident. Counted once.
SUBJECT_BODY = Cue("a body as the subject of a lead sentence, doing an official act", "act", 3)
# Not "trình" or "tiếp", which begin or end too many other words ("quy trình", "tiếp tục").
_OFFICIAL_VERBS = """ban hành|công bố|đề xuất|yêu cầu|chỉ đạo|hướng dẫn|quyết định|thông báo|phê duyệt|
kiến nghị|đề nghị|tổ chức|triển khai|nghiên cứu|có văn bản|có công văn|gửi văn bản|khẳng định|chủ trì|họp|
làm việc|tiếp đón|tiếp xúc|ký|biểu dương|phát đi|đưa ra|bổ nhiệm|có công điện""".replace("\n", "").split("|")
_PROVINCE_VARIANTS = ("TP HCM", "TP. HCM", "TP. Hồ Chí Minh", "Thành phố Hồ Chí Minh", "Huế", "Thủ đô")


@dataclass(frozen=True)
class CueHit:
    cue: Cue
    zone: str  # "title" or "lead"
    foreign: bool = False  # a body of another country: counts nothing
    vietnamese: bool = False  # a "state" office followed by a Vietnamese name
    former: bool = False  # an office someone held ("nguyên Bộ trưởng", "cựu Chủ tịch"): counts nothing

    @property
    def points(self) -> int:
        if self.foreign or self.former:
            return 0
        sign = -1 if self.cue.group == "other" else 1
        return sign * self.cue.weight * (TITLE_WEIGHT if self.zone == "title" else 1) + NAME_BONUS * self.vietnamese


@dataclass(frozen=True)
class GenreVerdict:
    """Whether an article is a Party/government bulletin, with the cues that decided it."""

    party_government: bool
    score: int
    has_body: bool
    hits: tuple[CueHit, ...] = ()
    foreign_title: bool = False

    def explain(self) -> str:
        """ "score 9 (body): +6 Tỉnh ủy@title, +3 Hội nghị@lead, -3 tử vong@lead" """
        parts = [f"{h.points:+d} {h.cue.phrase}@{h.zone}" + (" (foreign)" if h.foreign else "")
                 + (" (former)" if h.former else "") for h in self.hits]
        if self.foreign_title:
            parts.append(f"-{FOREIGN_TITLE_WEIGHT} another country in the title")
        return f"score {self.score} ({'body' if self.has_body else 'no body'}): " + ", ".join(parts)


@lru_cache(maxsize=1)
def cues() -> dict[str, Cue]:
    """The cue lexicon, by case-folded phrase. A bad weight or group names the file and the cue."""
    table: dict[str, Cue] = {}
    for phrase, group, weight, _why in lexicon_rows(CUES_FILE, columns=4):
        if group not in GROUPS:
            raise ValueError(f"ontology/lexicon/{CUES_FILE}: {phrase!r}: group must be one of {GROUPS}, got {group!r}")
        if not re.fullmatch(r"\d+", weight):
            raise ValueError(f"ontology/lexicon/{CUES_FILE}: {phrase!r}: weight must be a whole number, got {weight!r}")
        key = _key(phrase)
        if key in table:
            raise ValueError(f"ontology/lexicon/{CUES_FILE}: {phrase!r} is listed twice")
        table[key] = Cue(phrase, group, int(weight))
    return table


def _key(text: str) -> str:
    return " ".join(text.casefold().split())


@lru_cache(maxsize=1)
def _cue_pattern() -> re.Pattern:
    return re.compile(rf"(?<![\wĐđ&]){alternation(c.phrase for c in cues().values())}(?![\wĐđ&])")


@lru_cache(maxsize=1)
def _countries() -> tuple[str, ...]:
    return tuple(name for name, code in lexicon_rows("countries.tsv") if code != "VN")


def _country_alternation() -> str:
    """Country names as written, capitalised: "Ý" is Italy, "lưu ý" is not."""
    return "(?:" + "|".join(re.escape(c) for c in sorted(_countries(), key=len, reverse=True)) + ")"


@lru_cache(maxsize=1)
def _foreign_pattern() -> re.Pattern:
    """What follows a body of another country: up to two words, then a country other than Vietnam."""
    return re.compile(
        r"""(?:\s+(?!(?:thăm|tới|đến|sang|với|và|tại|ở|gặp|tiếp|cùng|về|cho|của|tỉnh|huyện|xã|quận|phường|thị|TP)\b)[\w-]+){0,%d}?
            \s+(?:nước\s+)?(?P<country>%s)(?![\wĐđ])
            (?!\s+%s)    # "Mỹ Đức", "Lào Cai", "Nga Sơn": a Vietnamese place, not a country""" % (  # noqa: UP031
            _BETWEEN_BODY_AND_COUNTRY, _country_alternation(), _VIETNAMESE_SYLLABLE),
        re.VERBOSE)


@lru_cache(maxsize=1)
def _vietnamese_name_pattern() -> re.Pattern:
    """A Vietnamese full name right after an office: a surname, then one to three capitalised
    syllables ("Nguyễn Xuân Phúc"), none hyphenated as Korean names are ("Kim Jong-un")."""
    return re.compile(rf"""\s+(?P<surname>{alternation(SURNAMES)})
                          (?:\s+{CAP_SYL}(?!-)){{1,3}}""", re.VERBOSE)


@lru_cache(maxsize=1)
def _country_pattern() -> re.Pattern:
    return re.compile(rf"(?<![\wĐđ])(?P<country>{_country_alternation()})(?![\wĐđ])")


def names_other_country(text: str) -> bool:
    """Whether `text` names a country other than Vietnam, and not Vietnam itself."""
    if "Việt Nam" in text:
        return False
    for m in _country_pattern().finditer(text):
        words_before = text[max(0, m.start() - 40):m.start()].split()  # the word before, not the whole prefix
        before = words_before[-1] if words_before else ""
        # The word before tells a country from a given name or a language: "Trần Tuấn Anh", "tiếng Anh".
        if before[:1].isupper() or before in ("tiếng", "người", "kiểu", "phong cách"):
            continue
        if re.match(rf"\s+{_VIETNAMESE_SYLLABLE}", text[m.end():]):
            continue  # "Mỹ Đức", "Lào Cai": the start of a Vietnamese place name
        return True
    return False


@lru_cache(maxsize=1)
def _official_act_pattern() -> re.Pattern:
    """What follows an acting body: up to 40 characters of its name or the time, not crossing a
    sentence or clause end, then an official verb, possibly after an aspect word."""
    return re.compile(rf"""[^.;:!?]{{0,40}}?\s
                          (?:(?:vừa|đã|sẽ|cũng)\s+)?
                          {alternation(_OFFICIAL_VERBS)}(?![\wĐđ])""", re.VERBOSE)


# A legal document cited by its number and issuer code ("Thông tư số 49/2016/TT-BGTVT", "Quyết định
# 569/QĐ-UBND"): the number is the State's own way of naming its acts, which other news rarely spells.
NUMBERED_DOCUMENT = Cue("a legal document cited by its number", "act", 2)
_NUMBERED_DOCUMENT = re.compile(
    r"""(?<![\wĐđ])(?:Nghị\s+định|Thông\s+tư|Quyết\s+định|Chỉ\s+thị|Nghị\s+quyết|Công\s+văn|Công\s+điện|[Vv]ăn\s+bản)
        (?:\s+liên\s+tịch)?\s+(?:số\s+)?
        (?P<number>\d+)(?:/(?P<year>\d{4}))?/(?P<issuer>[A-ZĐ][A-ZĐ&-]+)   # 49/2016/TT-BGTVT, 569/QĐ-UBND""",
    re.VERBOSE)
# A department of a ministry ("Cục Hàng không Việt Nam", "Cục Quản lý cạnh tranh"): "Cục" before a
# capitalised name, written out since the word alone is also a lump ("cục đá") or "local" ("cục bộ").
# A department named with another country ("Cục Dự trữ Liên bang Mỹ") is that country's.
DEPARTMENT = Cue("a department of a ministry", "body", 1)
_DEPARTMENT = re.compile(r"""(?<![\wĐđ])Cục\s+(?!trưởng\b|[Pp]hó\b)
                             (?P<name>[A-ZĐ][^\s,.;:()]*(?:\s+[^\s,.;:()]+){0,5})  # its name: up to six words""",
                         re.VERBOSE)
_FORMER = re.compile(r"(?<![\wĐđ])(?:[Nn]guyên|[Cc]ựu)\s+$")


def _cue_matches(text: str) -> list[tuple[re.Match, Cue]]:
    """Every cue of `text` where it stands, with its lexicon entry: read once, used twice."""
    table = cues()
    return [(m, table[_key(m.group())]) for m in _cue_pattern().finditer(text)]


def foreign_names(text: str, matches: list[tuple[re.Match, Cue]] | None = None) -> frozenset[str]:
    """Names that follow an office of another country ("Thủ tướng Singapore Lý Hiển Long"): the same
    name after the bare office elsewhere ("Thủ tướng Lý Hiển Long") is that foreigner, even when it
    reads like a Vietnamese name. `matches` are `text`'s cues when already found."""
    names = set()
    for m, cue in _cue_matches(text) if matches is None else matches:
        if cue.group not in ("body", "state"):
            continue
        abroad = _office_of_country_pattern().match(text, m.end())
        name = abroad and _vietnamese_name_pattern().match(text, abroad.end())
        if name:
            names.add(" ".join(name.group().split()))
    return frozenset(names)


def _holder_abroad(text: str, end: int, foreigners: frozenset[str]) -> bool:
    """Whether the office ending at `end` is followed by a country and one of `foreigners`."""
    if not foreigners:
        return False
    abroad = _office_of_country_pattern().match(text, end)
    name = _vietnamese_name_pattern().match(text, abroad.end()) if abroad else None
    return name is not None and " ".join(name.group().split()) in foreigners


@lru_cache(maxsize=1)
def _office_of_country_pattern() -> re.Pattern:
    """What follows an office before its holder's name when the office is another country's: up to two
    words, then the country ("Thủ tướng Singapore", "Bộ trưởng Quốc phòng Mỹ"). Unlike
    `_foreign_pattern`, a capitalised name may follow: here it is the holder, not a Vietnamese place."""
    return re.compile(
        r"""(?:\s+(?!(?:thăm|tới|đến|sang|với|và|tại|ở|gặp|tiếp|cùng|về|cho|của|tỉnh|huyện|xã|quận|phường|thị|TP)\b)[\w-]+){0,%d}?
            \s+(?:nước\s+)?(?P<country>%s)(?![\wĐđ])""" % (_BETWEEN_BODY_AND_COUNTRY, _country_alternation()),  # noqa: UP031
        re.VERBOSE)


@dataclass(frozen=True)
class _CueReading:
    """What one cue occurrence is: a body or office of another country, an office followed by a
    Vietnamese holder's name, an office held formerly."""
    foreign: bool
    vietnamese: bool
    former: bool


def _read_cue(text: str, m: re.Match, cue: Cue, foreigners: frozenset[str], former_end: int) -> _CueReading:
    """Read the cue `m` of `text`; `former_end` is where the last former office ended (-1 if none)."""
    is_body = cue.group in ("body", "state")
    foreign = is_body and _foreign_pattern().match(text, m.end()) is not None
    name = _vietnamese_name_pattern().match(text, m.end()) if cue.group == "state" else None
    if name and _country_pattern().match(text, name.start("surname")):
        name = None  # "Quốc hội Hàn Quốc": "Hàn" is a surname, but "Hàn Quốc" is Korea
    vietnamese = name is not None and " ".join(name.group().split()) not in foreigners
    foreign = foreign or (name is not None and not vietnamese) or (is_body and _holder_abroad(text, m.end(), foreigners))
    # "nguyên Bộ trưởng Bộ Tư pháp": the body right after a former office is part of its title.
    former = is_body and (_FORMER.search(text, max(0, m.start() - 8), m.start()) is not None
                          or (former_end >= 0 and text[former_end:m.start()].isspace()))
    return _CueReading(foreign and not vietnamese, vietnamese, former)


def _acts(text: str, m: re.Match, cue: Cue, reading: _CueReading) -> tuple[bool, bool]:
    """Whether the Vietnamese body or office of cue `m` is followed by an official verb, and whether it
    also opens its sentence (a body, or an office with its Vietnamese holder)."""
    if cue.group not in ("body", "state") or reading.foreign or reading.former:
        return False, False
    if _official_act_pattern().match(text, m.end()) is None:
        return False, False
    return True, (cue.group == "body" or reading.vietnamese) and _opens_sentence(text, m.start())


def _department_hit(text: str, zone: str) -> list[CueHit]:
    """One DEPARTMENT hit for the first department of a ministry that is not another country's."""
    for m in _DEPARTMENT.finditer(text):
        if not names_other_country(m.group("name")):
            return [CueHit(DEPARTMENT, zone)]
    return []


def cue_hits(text: str, zone: str, foreigners: frozenset[str] = frozenset(),
             matches: list[tuple[re.Match, Cue]] | None = None) -> list[CueHit]:
    """Each cue in `text` once (its first occurrence), longest first where two overlap, marking
    bodies of other countries, offices followed by a Vietnamese name (not one of `foreigners`) and
    offices held formerly; then one ACTING_BODY hit when a Vietnamese body is followed by an official
    verb, and one SUBJECT_BODY hit when such a body opens a sentence."""
    seen: set[str] = set()
    hits: list[CueHit] = []
    acting, subject, former_end = False, False, -1
    for m, cue in _cue_matches(text) if matches is None else matches:
        reading = _read_cue(text, m, cue, foreigners, former_end)
        if reading.former:
            former_end = m.end()
        if not subject:  # once a body opens a sentence with its act, both hits are certain
            act, subject = _acts(text, m, cue, reading)
            acting = acting or act
        if cue.phrase not in seen:
            seen.add(cue.phrase)
            hits.append(CueHit(cue, zone, reading.foreign, reading.vietnamese, reading.former))
    forms = [ACTING_BODY] * acting + [SUBJECT_BODY] * subject + [NUMBERED_DOCUMENT] * bool(_NUMBERED_DOCUMENT.search(text))
    return hits + _department_hit(text, zone) + [CueHit(cue, zone) for cue in forms]


@lru_cache(maxsize=1)
def _sentence_opening_pattern() -> re.Pattern:
    """What may stand between the start of a sentence and its subject: a time or place phrase and
    its comma ("Chiều 24/5, ", "Tại cuộc họp sáng nay, ", "Hôm nay (5/7), "), or nothing."""
    return re.compile(r"""(?:^|(?<=[.!?:])\s+|\n\s*)           # the start of the text or of a sentence
                          (?:(?:Sáng|Chiều|Tối|Trưa|Đêm|Ngày|Hôm\s+nay|Hôm\s+qua|Mới\s+đây|Vừa\s+qua
                               |Cùng\s+ngày|Trước\s+đó|Tại|Trong)
                             (?:[^.,;:!?\n]|(?<=\d)[.,](?=\d)){0,60}  # the time or place phrase ("5.2" is a date)
                             ,\s*
                           |(?:Sắp\s+tới|Mới\s+đây|Vừa\s+qua|Thời\s+gian\s+tới)\s+  # or a time adverb without a comma
                          )?
                          $""", re.VERBOSE)


def _opens_sentence(text: str, start: int) -> bool:
    return _sentence_opening_pattern().search(text, max(0, start - 90), start) is not None


@lru_cache(maxsize=1)
def _province_subject_pattern() -> re.Pattern:
    names = sorted(set(PROVINCES) | set(_PROVINCE_VARIANTS), key=len, reverse=True)
    return re.compile(r"""^(?:%s)          # the province or city opening the title
                          \s+(?![-–:])      # then a verb or an adverb, not a colon or a dash
                          [\w'"‘“]""" % "|".join(re.escape(n) for n in names), re.VERBOSE)  # noqa: UP031


@lru_cache(maxsize=1)
def _bilateral_pattern() -> re.Pattern:
    countries = _country_alternation()
    return re.compile(rf"""Việt\s+Nam\s*[-–]\s*(?:Cộng\s+hòa\s+)?{countries}(?![\wĐđ])
                          | {countries}\s*[-–]\s*Việt\s+Nam""", re.VERBOSE)


def title_form_hits(title: str) -> list[CueHit]:
    """Cues in the form of the title rather than in a word: a province as its subject, or a pair of
    states ("Việt Nam - Hoa Kỳ"), which names relations between them."""
    hits = []
    if _province_subject_pattern().match(title):
        hits.append(CueHit(LOCAL_GOVERNMENT, "title"))
    if _bilateral_pattern().search(title):
        hits.append(CueHit(BILATERAL, "title"))
    return hits


def lead_of(title: str, text: str) -> str:
    """The first LEAD_CHARS characters of the text, after the title when the text repeats it."""
    body = text.lstrip()
    if title and body.startswith(title.strip()):
        body = body[len(title.strip()):].lstrip()
    return body[:LEAD_CHARS]


def classify(title: str | None, text: str | None) -> GenreVerdict:
    """The verdict for an article from its title and (cleaned) text. A text without a title is read
    with its first line as the title, as the cleaning stage does."""
    title, text = (title or "").strip(), text or ""
    if not title:
        first, _, rest = text.lstrip().partition("\n")
        title, text = first.strip(), rest
    lead = lead_of(title, text)
    in_title, in_lead = _cue_matches(title), _cue_matches(lead)
    foreigners = foreign_names(title, in_title) | foreign_names(lead, in_lead)
    title_hits = cue_hits(title, "title", foreigners, in_title)
    hits = title_form_hits(title) + title_hits + cue_hits(lead, "lead", foreigners, in_lead)
    if _speaks_in_title(title, title_hits, lead):
        hits.append(CueHit(SPEAKER, "title"))
    score, has_body, foreign_title = _weigh(hits, title, lead)
    # Some work is the State's whoever reports it ("tuyển quân", "nhập ngũ", "Nghị quyết"): enough of it
    # makes a bulletin even when no body is named.
    decided = score >= (THRESHOLD if has_body else UNNAMED_BODY_THRESHOLD)
    return GenreVerdict(decided, score, has_body, tuple(hits), foreign_title)


def _speaks_in_title(title: str, title_hits: list[CueHit], lead: str) -> bool:
    """Whether the title opens with a Vietnamese office or body followed by a colon."""
    opening = _cue_pattern().match(title)
    if not opening or not title_hits or _key(opening.group()) != _key(title_hits[0].cue.phrase):
        return False
    first = title_hits[0]
    vietnamese = first.cue.group == "body" or first.vietnamese or not names_other_country(title + "\n" + lead)
    return (first.cue.group in ("body", "state") and vietnamese and not first.foreign and not first.former
            and _SPEAKER_COLON.match(title, opening.end()) is not None)


def _weigh(hits: list[CueHit], title: str, lead: str) -> tuple[int, bool, bool]:
    """(score, whether a Vietnamese body is named, whether the title is about another country).
    An office every country has counts only when a Vietnamese name follows it, or when the title
    and lead name no other country."""
    title_abroad = names_other_country(title)
    abroad = "Việt Nam" not in title + lead and (title_abroad or names_other_country(lead))
    counted = [h for h in hits if h.cue.group != "state" or h.vietnamese or not abroad]
    bodies = [h for h in counted if h.cue.group in ("body", "state") and not h.foreign]
    # A Vietnamese body in the title makes a foreign country there a destination, not the subject.
    foreign_title = title_abroad and not any(h.zone == "title" for h in bodies)
    score = sum(h.points for h in counted) - FOREIGN_TITLE_WEIGHT * foreign_title
    return score, bool(bodies), foreign_title


def is_party_government(title: str | None, text: str | None) -> bool:
    return classify(title, text).party_government
