"""Pipeline definitions: the bundled examples load, mistakes are refused naming the file and the key,
and feed items become bulletins with their text, title, date (the publisher's, not UTC) and id."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

import feedparser
import pytest
from test_pipeline_helpers import ARTICLES, atom, rss

from kg.pipelines.definition import PipelineError, find_pipeline, load_pipeline, parse_duration, pipeline_files
from kg.pipelines.web import bulletin_from_entry, html_fragment_text

REPO = Path(__file__).resolve().parents[1]


def test_bundled_sample_reads_the_fixtures_folder_into_the_default_store():
    p = load_pipeline(REPO / "pipelines" / "sample.toml")
    assert p.name == "sample"
    assert p.store is None  # the command line's --store, $KG_STORE or exports/store
    (source,) = p.sources
    assert source.kind == "folder" and Path(source.location) == REPO / "tests" / "fixtures"
    assert (source.publisher, source.province) == ("Đảng ủy Khối các cơ quan tỉnh Lào Cai", "Lào Cai")
    assert p.schedule.interval == timedelta(hours=6)


def test_documented_web_example_has_a_feed_pages_remote_store_and_cron():
    p = load_pipeline(REPO / "pipelines" / "lao-cai-feed.toml")
    kinds = [s.kind for s in p.sources]
    assert kinds == ["feed", "pages"]
    assert p.sources[0].fetch_pages is True and len(p.sources[1].urls) == 2
    assert p.store.endpoint == "http://127.0.0.1:7878"
    assert p.schedule.cron == "30 6 * * *" and p.schedule.timezone == "Asia/Ho_Chi_Minh"
    trigger = p.schedule.trigger()  # a real APScheduler trigger
    assert "hour='6'" in str(trigger) and "minute='30'" in str(trigger)


def test_every_bundled_definition_is_valid():
    files = pipeline_files(REPO / "pipelines")
    assert len(files) >= 2
    for f in files:
        load_pipeline(f)


def test_find_pipeline_by_name_or_path(tmp_path):
    assert find_pipeline("sample", REPO / "pipelines") == REPO / "pipelines" / "sample.toml"
    with pytest.raises(PipelineError, match=r"no pipeline named 'nope' .*found: .*sample"):
        find_pipeline("nope", REPO / "pipelines")
    with pytest.raises(PipelineError, match="no such pipeline file"):
        find_pipeline(str(tmp_path / "missing.toml"))


def test_relative_paths_are_relative_to_the_definition_file(tmp_path):
    (tmp_path / "defs").mkdir()
    f = tmp_path / "defs" / "p.toml"
    f.write_text('[[sources]]\nfolder = "../data"\n[store]\npath = "../out/store"\n'
                 '[run]\nquarantine = "q.jsonl"\n', encoding="utf-8")
    p = load_pipeline(f)
    assert p.name == "p"  # from the file name
    assert Path(p.sources[0].location) == tmp_path / "data"
    assert p.store.path == tmp_path / "out" / "store"
    assert p.run.quarantine == tmp_path / "defs" / "q.jsonl"


BAD = [
    ('sources = []', "sources", "one or more"),
    ('name = "x"', "sources", "missing"),
    ('[[sources]]\nfolder = "a"\nshedule = 1', r"sources\[1\]\.shedule", "unknown key"),
    ('colour = 1\n[[sources]]\nfolder = "a"', "colour", "unknown key"),
    ('[[sources]]\nfolder = "a"\nfeed = "b.xml"', r"sources\[1\]", "exactly one of folder, jsonl, feed, pages"),
    ('[[sources]]\nglob = "*.txt"', r"sources\[1\]", "found none"),
    ('[[sources]]\nfolder = "https://example.vn/"', r"sources\[1\]\.folder", "is a URL"),
    ('[[sources]]\nfolder = "a"\nglob = "../*"', r"sources\[1\]\.glob", "inside the folder"),
    ('[[sources]]\nfolder = 3', r"sources\[1\]\.folder", "non-empty string, got an integer"),
    ('[[sources]]\npages = ["https://a.vn/1", "ftp://b"]', r"sources\[1\]\.pages\[2\]", "not an http"),
    ('[[sources]]\npages = []', r"sources\[1\]\.pages", "list of page URLs"),
    ('[[sources]]\nfeed = "f.xml"\nfetch_pages = "yes"', r"sources\[1\]\.fetch_pages", "true or false"),
    ('[[sources]]\nfolder = "a"\n[schedule]\ninterval = "5 minutes"', r"schedule\.interval", "not a duration"),
    ('[[sources]]\nfolder = "a"\n[schedule]\ncron = "61 * * * *"', r"schedule\.cron", "crontab"),
    ('[[sources]]\nfolder = "a"\n[schedule]\ncron = "0 6 * * *"\ninterval = "1h"', "schedule", "exactly one"),
    ('[[sources]]\nfolder = "a"\n[schedule]\ninterval = "1h"\ntimezone = "Mars/Olympus"', r"schedule\.timezone",
     "unknown time zone"),
    ('[[sources]]\nfolder = "a"\n[store]\npath = "s"\nendpoint = "http://h/sparql"', "store", "exactly one"),
    ('[[sources]]\nfolder = "a"\n[store]\nendpoint = "localhost:7878"', r"store\.endpoint", "not an http"),
    ('[[sources]]\nfolder = "a"\n[nlp]\ncomponents = ["bkg_dates", "bkg_weather"]', r"nlp\.components",
     "unknown component 'bkg_weather'"),
    ('[[sources]]\nfolder = "a"\n[run]\nbatch_size = 0', r"run\.batch_size", "at least 1"),
    ('[[sources]]\nfolder = "a"\n[run]\nlock_timeout = "long"', r"run\.lock_timeout", "expected a number"),
    ('[[sources]]\njsonl = "${KG_TEST_SURELY_UNSET}/a.jsonl"', r"sources\[1\]\.jsonl", "KG_TEST_SURELY_UNSET is not set"),
    ('name = "a b"\n[[sources]]\nfolder = "a"', "name", "letters, digits"),
    ('[[sources]\nfolder = "a"', "", "not valid TOML"),
    ('only_party_government = "yes"\n[[sources]]\nfolder = "a"', "only_party_government", "true or false"),
]


@pytest.mark.parametrize("text,key,message", BAD)
def test_mistakes_name_the_file_and_key(tmp_path, text, key, message):
    f = tmp_path / "bad.toml"
    f.write_text(text, encoding="utf-8")
    with pytest.raises(PipelineError) as err:
        load_pipeline(f)
    assert str(err.value).startswith(f"{f}: ")
    assert re.search(rf"{re.escape(str(f))}: {key}", str(err.value)), str(err.value)
    assert re.search(message, str(err.value)), str(err.value)


def test_only_party_government_is_off_unless_the_definition_turns_it_on(tmp_path):
    f = tmp_path / "p.toml"
    f.write_text('[[sources]]\nfolder = "a"\n', encoding="utf-8")
    assert load_pipeline(f).only_party_government is False
    f.write_text('only_party_government = true\n[[sources]]\nfolder = "a"\n', encoding="utf-8")
    assert load_pipeline(f).only_party_government is True


def test_durations():
    assert parse_duration(90) == timedelta(seconds=90)
    assert parse_duration("15m") == timedelta(minutes=15)
    assert parse_duration("1.5h") == timedelta(minutes=90)
    assert parse_duration("1d") == timedelta(days=1)
    assert parse_duration("0s") is None and parse_duration("soon") is None and parse_duration(True) is None


# -- feed items -----------------------------------------------------------------------------------

def test_rss_item_with_full_text_keeps_paragraphs_and_the_local_date():
    a = ARTICLES[0]
    feed = feedparser.parse(rss([a], base="http://127.0.0.1:1").encode())
    b = bulletin_from_entry(feed.entries[0], origin="feed#item1")
    assert b.id == "http://127.0.0.1:1/bai/hoi-nghi-tong-ket-nghi-quyet-22.html"
    assert b.title == a.title and b.url == b.id
    assert b.date == "2018-06-01"
    assert b.raw_text.split("\n\n") == list(a.paragraphs)  # paragraphs, not the short description


def test_date_stays_the_publishers_day_not_utc():
    item = ('<item><guid>x-1</guid><title>T</title><pubDate>Tue, 05 Mar 2024 06:00:00 +0700</pubDate>'
            '<description>Sáng ngày 05/3/2024, Tỉnh ủy họp.</description></item>')
    entry = feedparser.parse(rss([item], base="http://h").encode()).entries[0]
    assert entry.published_parsed.tm_mday == 4  # feedparser's UTC view
    assert bulletin_from_entry(entry, origin="f").date == "2024-03-05"


def test_atom_entries_read_their_escaped_html_content_and_author():
    a = ARTICLES[2]
    entry = feedparser.parse(atom([a], base="http://h").encode()).entries[0]
    b = bulletin_from_entry(entry, origin="f")
    assert b.id == f"tag:baolaocai.example.vn,2018:{a.slug}"
    assert b.author == "Văn phòng Đảng ủy khối" and b.date == "2018-05-16"
    assert "Chỉ thị số 05-CT/TW" in b.raw_text and "<p>" not in b.raw_text


def test_item_without_id_or_link_is_refused_with_reason():
    from kg.reading.sources import InputError

    item = "<item><title>Không có liên kết</title><description>Nội dung.</description></item>"
    entry = feedparser.parse(rss([item], base="http://h").encode()).entries[0]
    with pytest.raises(InputError, match="neither a guid/id nor a link"):
        bulletin_from_entry(entry, origin="f")


def test_html_fragment_text_uses_trafilatura_and_keeps_paragraph_breaks():
    text = html_fragment_text("<p>Đoạn một.</p><script>alert(1)</script><p>Đoạn <b>hai</b>.</p>")
    assert text == "Đoạn một.\n\nĐoạn hai."
