"""Lexicon patterns: a phrase list compiled with shared beginnings matches exactly as the plain
longest-first alternation of the same phrases would."""

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from kg.nlp.lexicon import TITLES, alternation, flex

SYLLABLES = ["Phó", "phó", "Bí", "thư", "Thư", "Chủ", "tịch", "Tịch", "Ủy", "ủy", "viên", "Ban", "Thường", "vụ",
             "trực", "Phòng", "phòng", "P", "p", "Ph", "B", "1", "-", "Đ", "đ", "Ủ"]
PHRASE = st.lists(st.sampled_from(SYLLABLES), min_size=1, max_size=4).map(" ".join)
TEXT = st.lists(st.sampled_from(SYLLABLES + [" ", "  ", "\n", ", "]), max_size=30).map(" ".join)


def plain(phrases) -> str:
    return "(?:" + "|".join(flex(p) for p in sorted(set(phrases), key=len, reverse=True)) + ")"


def matches(pattern: str, text: str) -> list:
    rx = re.compile(pattern)
    return [(m.group() if (m := rx.match(text, i)) else None) for i in range(len(text) + 1)]


@settings(max_examples=400, deadline=None)
@given(phrases=st.lists(PHRASE, min_size=1, max_size=12), text=TEXT)
def test_shared_prefixes_match_like_the_plain_alternation(phrases, text):
    assert matches(alternation(phrases), text) == matches(plain(phrases), text)


def test_the_longest_title_wins():
    rx = re.compile(alternation(TITLES))
    assert rx.match("Phó Bí thư Thường trực Tỉnh ủy").group() == "Phó Bí thư Thường trực"
    assert rx.match("phó bí thư Đảng ủy").group().casefold() == "phó bí thư"


def test_real_lists_match_like_the_plain_alternation():
    text = ("Đồng chí Phó Chủ tịch UBND tỉnh, Ủy viên Ban Thường vụ Tỉnh ủy, Phó Bí thư Thường trực Tỉnh ủy, "
            "Bí thư Đảng ủy khối, Trưởng Ban Tuyên giáo, Chủ tịch Hội đồng nhân dân, Giám đốc Sở Nội vụ")
    assert matches(alternation(TITLES), text) == matches(plain(TITLES), text)
