"""Lexicon patterns: a phrase list compiled with shared beginnings matches exactly as the plain
longest-first alternation of the same phrases would; the word lists are read whole from their TSV files."""

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.nlp.lexicon import HONORIFICS, NOT_NAME_SYLLABLES, RANKS, TITLES, alternation, flex, lexicon_rows

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


LEXICONS = [("titles.tsv", 2), ("honorifics.tsv", 2), ("ranks.tsv", 2), ("academic-prefixes.tsv", 2),
            ("non-name-syllables.tsv", 2), ("organization-heads.tsv", 2), ("name-stop-compounds.tsv", 2),
            ("sentence-openers.tsv", 2), ("document-types.tsv", 3), ("document-codes.tsv", 2),
            ("statistic-blockers.tsv", 2), ("statistic-time-units.tsv", 2), ("statistic-qualifiers.tsv", 2),
            ("statistic-unit-words.tsv", 2), ("statistic-unit-compounds.tsv", 2), ("statistic-quoted-rates.tsv", 2)]


@pytest.mark.parametrize("name, columns", LEXICONS)
def test_each_word_list_is_read_once_and_whole(name, columns):
    rows = lexicon_rows(name, columns)
    assert rows and all(len(r) == columns for r in rows)
    firsts = [r[0] for r in rows]
    assert len(firsts) == len(set(firsts)), f"{name} lists an entry twice"


def test_the_tables_come_from_the_word_lists():
    assert "Phó Bí thư Thường trực" in TITLES and "PGĐ" in TITLES
    assert {"đồng chí", "ông", "bà"} <= set(HONORIFICS) and "Thượng tướng" in RANKS
    assert {"Sở", "Chiều"} <= NOT_NAME_SYLLABLES and "Văn" not in NOT_NAME_SYLLABLES  # a given name


def test_a_bad_row_names_its_file_and_line():
    with pytest.raises(ValueError, match=r"ontology/lexicon/document-types.tsv:\d+: expected 2"):
        lexicon_rows("document-types.tsv", 2)
