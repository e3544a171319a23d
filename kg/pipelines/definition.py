"""Pipeline definitions: one TOML file per pipeline in `pipelines/`, read and checked on load.

A definition says where articles come from (folders, JSONL files, RSS/Atom feeds, page URLs), who
publishes them and for which province (the scope of local names), how to run the NLP, which store
to write and when to run. Every mistake is reported with the file and the key at fault, before any
article is read, so that a typo in a schedule does not surface at three in the morning.

>>> load_pipeline(Path("pipelines/sample.toml")).name
'sample'
"""

from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any, Literal, overload
from urllib.parse import urlparse

from kg.nlp.components import COMPONENT_ORDER
from kg.reading.sources import DEFAULT_MAX_BYTES

SOURCE_KINDS = ("folder", "jsonl", "feed", "pages")
_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(s|sec|m|min|h|d)?\s*$", re.IGNORECASE)
_UNIT_SECONDS = {"s": 1, "sec": 1, "m": 60, "min": 60, "h": 3600, "d": 86400}


class PipelineError(ValueError):
    """A pipeline definition cannot be used; the message names the file and the key."""


@dataclass(frozen=True)
class Source:
    kind: str  # one of SOURCE_KINDS
    key: str  # "sources[2]", for messages and logs
    location: str  # folder path, JSONL path or glob, feed URL or path; "" for a list of pages
    glob: tuple[str, ...] = ("**/*",)  # folders only: patterns relative to the folder
    urls: tuple[str, ...] = ()  # pages only
    fetch_pages: bool = False  # feeds only: read each item's linked page instead of the feed text
    publisher: str | None = None
    province: str | None = None

    def describe(self) -> str:
        if self.kind == "pages":
            return f"pages ({len(self.urls)} URLs)"
        if self.kind == "folder":
            return f"folder {self.location} ({', '.join(self.glob)})"
        return f"{self.kind} {self.location}"


@dataclass(frozen=True)
class Schedule:
    cron: str | None = None  # five crontab fields
    interval: timedelta | None = None
    timezone: str | None = None

    def trigger(self):
        """The APScheduler 3 trigger for this schedule."""
        from apscheduler.triggers.cron import CronTrigger
        from apscheduler.triggers.interval import IntervalTrigger

        if self.cron:
            return CronTrigger.from_crontab(self.cron, timezone=self.timezone)
        return IntervalTrigger(seconds=self.interval.total_seconds(), timezone=self.timezone)

    def describe(self) -> str:
        where = f" ({self.timezone})" if self.timezone else ""
        if self.cron or self.interval is None:
            return f"cron '{self.cron}'{where}"
        return f"every {format_duration(self.interval)}"


@dataclass(frozen=True)
class StoreTarget:
    path: Path | None = None  # embedded Oxigraph folder
    endpoint: str | None = None  # remote SPARQL endpoint

    def describe(self) -> str:
        return str(self.path) if self.path is not None else self.endpoint or ""


@dataclass(frozen=True)
class NlpOptions:
    use_pyvi: bool = False
    components: tuple[str, ...] = tuple(COMPONENT_ORDER)


@dataclass(frozen=True)
class RunOptions:
    batch_size: int = 16  # bulletins per store transaction
    lock_timeout: float = 600.0  # seconds a run waits for another run on the same store
    http_timeout: float = 30.0
    max_bytes: int = DEFAULT_MAX_BYTES
    quarantine: Path | None = None  # default: next to the store, see kg.pipelines.target


@dataclass(frozen=True)
class Pipeline:
    name: str
    file: Path
    sources: tuple[Source, ...]
    description: str = ""
    publisher: str | None = None
    province: str | None = None
    year: int | None = None  # completes dates without a year in undated bulletins (kg ingest --assume-year)
    only_party_government: bool = False  # leave out other news (kg ingest --political-only)
    nlp: NlpOptions = field(default_factory=NlpOptions)
    store: StoreTarget | None = None  # None: the command line's --store, $KG_STORE or exports/store
    schedule: Schedule | None = None
    run: RunOptions = field(default_factory=RunOptions)


# -- loading --------------------------------------------------------------------------------------

# pipelines/ also holds the entity curation file (see kg.curation), which is not a pipeline.
NOT_PIPELINES = {"curation.toml"}


def pipeline_files(folder: str | os.PathLike) -> list[Path]:
    return sorted(p for p in Path(folder).glob("*.toml") if p.name not in NOT_PIPELINES)


def find_pipeline(name: str, folder: str | os.PathLike | None = None) -> Path:
    """NAME is a path to a .toml file, or the name of one in `folder` (default $KG_PIPELINES or ./pipelines)."""
    as_path = Path(name)
    if as_path.suffix == ".toml" or os.sep in name:
        if not as_path.is_file():
            raise PipelineError(f"{name}: no such pipeline file")
        return as_path
    folder = Path(folder or os.environ.get("KG_PIPELINES", "pipelines"))
    candidate = folder / f"{name}.toml"
    if candidate.is_file():
        return candidate
    known = ", ".join(p.stem for p in pipeline_files(folder)) or "none"
    raise PipelineError(
        f"no pipeline named {name!r} in {folder}/ (found: {known}); give a path to a .toml file, "
        "or name the folder with --pipelines or $KG_PIPELINES")


def load_pipeline(path: str | os.PathLike) -> Pipeline:
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as err:
        raise PipelineError(f"{path}: cannot read: {err.strerror or err}") from None
    except UnicodeDecodeError:
        raise PipelineError(f"{path}: not UTF-8 text") from None
    except tomllib.TOMLDecodeError as err:
        raise PipelineError(f"{path}: not valid TOML: {err}") from None
    return _Reader(path).pipeline(data)


class _Reader:
    """Turns the parsed TOML into a Pipeline, naming the key of the first mistake."""

    def __init__(self, path: Path):
        self.path = path
        self.base = path.resolve().parent  # relative paths are relative to the file, not the cwd

    def fail(self, key: str, message: str) -> PipelineError:
        return PipelineError(f"{self.path}: {key}: {message}")

    def check_keys(self, table: dict, allowed: set[str], where: str) -> None:
        for key in table:
            if key not in allowed:
                hint = f" (allowed: {', '.join(sorted(allowed))})"
                raise self.fail(f"{where}{key}" if where else key, f"unknown key{hint}")

    @overload
    def string(self, table: dict, key: str, where: str, *, required: Literal[True]) -> str: ...

    @overload
    def string(self, table: dict, key: str, where: str, *, required: bool = False) -> str | None: ...

    def string(self, table: dict, key: str, where: str, *, required: bool = False) -> str | None:
        value = table.get(key)
        if value is None:
            if required:
                raise self.fail(where + key, "missing")
            return None
        if not isinstance(value, str) or not value.strip():
            raise self.fail(where + key, f"expected a non-empty string, got {_kind(value)}")
        return value.strip()

    def number(self, table: dict, key: str, where: str, default, *, integer: bool = False, minimum=0):
        value = table.get(key, default)
        ok = isinstance(value, int) if integer else isinstance(value, (int, float))
        if isinstance(value, bool) or not ok:
            raise self.fail(where + key, f"expected {'an integer' if integer else 'a number'}, got {_kind(value)}")
        if value < minimum:
            raise self.fail(where + key, f"must be at least {minimum}, got {value}")
        return value

    def boolean(self, table: dict, key: str, where: str, default: bool) -> bool:
        value = table.get(key, default)
        if not isinstance(value, bool):
            raise self.fail(where + key, f"expected true or false, got {_kind(value)}")
        return value

    def local_path(self, text: str, key: str) -> Path:
        expanded = os.path.expandvars(os.path.expanduser(text))
        if unset := re.search(r"\$\{?([A-Za-z_][A-Za-z0-9_]*)", expanded):
            raise self.fail(key, f"environment variable {unset.group(1)} is not set (in {text!r})")
        path = Path(expanded)
        return Path(os.path.normpath(path if path.is_absolute() else self.base / path))

    def table(self, data: dict, key: str) -> dict:
        value = data.get(key, {})
        if not isinstance(value, dict):
            raise self.fail(key, f"expected a table ([{key}]), got {_kind(value)}")
        return value

    # -- sections ---------------------------------------------------------------------------
    def pipeline(self, data: dict) -> Pipeline:
        self.check_keys(data, {"name", "description", "publisher", "province", "year", "only_party_government",
                               "sources", "nlp", "store", "schedule", "run"}, "")
        year = data.get("year")
        if year is not None and (not isinstance(year, int) or isinstance(year, bool) or not 1900 <= year <= 2100):
            raise self.fail("year", f"expected a year such as 2017, got {year!r}")
        name = self.string(data, "name", "") or self.path.stem
        if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]*", name):
            raise self.fail("name", f"{name!r}: use letters, digits, '.', '_' and '-' only (it names files and IRIs)")
        publisher = self.string(data, "publisher", "")
        province = self.string(data, "province", "")
        raw_sources = data.get("sources")
        if raw_sources is None:
            raise self.fail("sources", "missing: add at least one [[sources]] table (folder, jsonl, feed or pages)")
        if not isinstance(raw_sources, list) or not raw_sources:
            raise self.fail("sources", "expected one or more [[sources]] tables")
        sources = tuple(self.source(s, i, publisher, province) for i, s in enumerate(raw_sources, start=1))
        return Pipeline(
            name=name, file=self.path, sources=sources, description=self.string(data, "description", "") or "",
            publisher=publisher, province=province, year=year,
            only_party_government=self.boolean(data, "only_party_government", "", False),
            nlp=self.nlp(self.table(data, "nlp")),
            store=self.store(data), schedule=self.schedule(data), run=self.run(self.table(data, "run")),
        )

    def source(self, raw: Any, index: int, publisher, province) -> Source:
        key = f"sources[{index}]"
        if not isinstance(raw, dict):
            raise self.fail(key, f"expected a table, got {_kind(raw)}")
        kind = self.source_kind(raw, key)
        extra = {"folder": {"glob"}, "jsonl": set(), "feed": {"fetch_pages"}, "pages": set()}[kind]
        self.check_keys(raw, {kind, "publisher", "province"} | extra, f"{key}.")
        where = f"{key}."
        own_publisher = self.string(raw, "publisher", where) or publisher
        own_province = self.string(raw, "province", where) or province
        if kind == "pages":
            return Source(kind, key, "", urls=self.urls(raw["pages"], where + "pages"), publisher=own_publisher,
                          province=own_province)
        location = self.string(raw, kind, where, required=True)
        if kind == "feed":
            fetch = self.boolean(raw, "fetch_pages", where, False)
            if not _is_url(location):
                location = str(self.local_path(location, where + kind))
            return Source(kind, key, location, fetch_pages=fetch, publisher=own_publisher, province=own_province)
        if _is_url(location):
            raise self.fail(where + kind, f"{location!r} is a URL; a {kind} source reads local files "
                                          "(use feed = ... or pages = [...] for the web)")
        glob = self.globs(raw, where)
        return Source(kind, key, str(self.local_path(location, where + kind)), glob=glob, publisher=own_publisher,
                      province=own_province)

    def source_kind(self, raw: dict, key: str) -> str:
        kinds = [k for k in SOURCE_KINDS if k in raw]
        if len(kinds) != 1:
            found = f"found {', '.join(kinds)}" if kinds else "found none"
            raise self.fail(key, f"give exactly one of {', '.join(SOURCE_KINDS)} ({found})")
        return kinds[0]

    def globs(self, raw: dict, where: str) -> tuple[str, ...]:
        """A folder source's file patterns, each kept inside the folder."""
        globs = raw.get("glob", ["**/*"])
        globs = [globs] if isinstance(globs, str) else globs
        if not isinstance(globs, list) or not globs or not all(isinstance(g, str) and g.strip() for g in globs):
            raise self.fail(where + "glob", 'expected a pattern or a list of patterns, e.g. "*.txt" or ["*.txt", "*.html"]')
        for pattern in globs:
            if pattern.startswith("/") or ".." in Path(pattern).parts:
                raise self.fail(where + "glob", f"{pattern!r} must stay inside the folder")
        return tuple(globs)

    def urls(self, value: Any, key: str) -> tuple[str, ...]:
        if isinstance(value, str):  # a file listing one URL a line
            listing = self.local_path(value, key)
            try:
                lines = listing.read_text(encoding="utf-8").splitlines()
            except OSError as err:
                raise self.fail(key, f"cannot read the URL list {listing}: {err.strerror or err}") from None
            value = [ln.strip() for ln in lines if ln.strip() and not ln.lstrip().startswith("#")]
        if not isinstance(value, list) or not value:
            raise self.fail(key, "expected a list of page URLs, or the path of a file with one URL a line")
        for i, url in enumerate(value, start=1):
            if not isinstance(url, str) or not _is_url(url):
                raise self.fail(f"{key}[{i}]", f"{url!r} is not an http(s) URL")
        return tuple(value)

    def nlp(self, table: dict) -> NlpOptions:
        self.check_keys(table, {"use_pyvi", "components"}, "nlp.")
        components = table.get("components", list(COMPONENT_ORDER))
        if not isinstance(components, list) or not all(isinstance(c, str) for c in components):
            raise self.fail("nlp.components", "expected a list of component names")
        for c in components:
            if c not in COMPONENT_ORDER:
                raise self.fail("nlp.components", f"unknown component {c!r} (known: {', '.join(COMPONENT_ORDER)})")
        return NlpOptions(use_pyvi=self.boolean(table, "use_pyvi", "nlp.", False), components=tuple(components))

    def store(self, data: dict) -> StoreTarget | None:
        if "store" not in data:
            return None
        table = self.table(data, "store")
        self.check_keys(table, {"path", "endpoint"}, "store.")
        path, endpoint = self.string(table, "path", "store."), self.string(table, "endpoint", "store.")
        if endpoint and not path:
            if not _is_url(endpoint):
                raise self.fail("store.endpoint", f"{endpoint!r} is not an http(s) URL")
            return StoreTarget(endpoint=endpoint)
        if path and not endpoint:
            if _is_url(path):
                raise self.fail("store.path", f"{path!r} is a URL; use endpoint = ... for a remote store")
            return StoreTarget(path=self.local_path(path, "store.path"))
        raise self.fail("store", "give exactly one of path (an embedded store folder) or endpoint (a SPARQL URL)")

    def schedule(self, data: dict) -> Schedule | None:
        if "schedule" not in data:
            return None
        table = self.table(data, "schedule")
        self.check_keys(table, {"cron", "interval", "timezone"}, "schedule.")
        cron = self.string(table, "cron", "schedule.")
        timezone = self.string(table, "timezone", "schedule.")
        if ("interval" in table) == bool(cron):
            raise self.fail("schedule", 'give exactly one of cron (e.g. "30 6 * * *") or interval (e.g. "6h")')
        if timezone:
            from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

            try:
                ZoneInfo(timezone)
            except (ZoneInfoNotFoundError, ValueError):
                raise self.fail("schedule.timezone", f"unknown time zone {timezone!r} (e.g. \"Asia/Ho_Chi_Minh\")") from None
        if cron:
            from apscheduler.triggers.cron import CronTrigger

            try:
                CronTrigger.from_crontab(cron)
            except ValueError as err:
                raise self.fail("schedule.cron", f"{cron!r} is not a crontab expression "
                                                 f"(five fields: minute hour day month weekday): {err}") from None
            return Schedule(cron=cron, timezone=timezone)
        interval = parse_duration(table["interval"])
        if interval is None:
            raise self.fail("schedule.interval", f"{table['interval']!r} is not a duration "
                                                 '(seconds as a number, or "90s", "15m", "6h", "1d")')
        return Schedule(interval=interval, timezone=timezone)

    def run(self, table: dict) -> RunOptions:
        self.check_keys(table, {"batch_size", "lock_timeout", "http_timeout", "max_bytes", "quarantine"}, "run.")
        quarantine = self.string(table, "quarantine", "run.")
        defaults = RunOptions()
        return RunOptions(
            batch_size=self.number(table, "batch_size", "run.", defaults.batch_size, integer=True, minimum=1),
            lock_timeout=float(self.number(table, "lock_timeout", "run.", defaults.lock_timeout)),
            http_timeout=float(self.number(table, "http_timeout", "run.", defaults.http_timeout, minimum=0.1)),
            max_bytes=self.number(table, "max_bytes", "run.", defaults.max_bytes, integer=True, minimum=1),
            quarantine=self.local_path(quarantine, "run.quarantine") if quarantine else None,
        )


def parse_duration(value: Any) -> timedelta | None:
    """Seconds as a number, or "90s", "15m", "6h", "1d"; None when it is not a positive duration."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        seconds = float(value)
    elif isinstance(value, str) and (m := _DURATION.match(value)):
        seconds = float(m.group(1)) * _UNIT_SECONDS[(m.group(2) or "s").lower()]
    else:
        return None
    return timedelta(seconds=seconds) if seconds > 0 else None


def format_duration(delta: timedelta) -> str:
    seconds = delta.total_seconds()
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60)):
        if seconds >= size and seconds % size == 0:
            return f"{int(seconds // size)}{unit}"
    return f"{seconds:g}s"


def _is_url(text: str) -> bool:
    parsed = urlparse(text)
    return parsed.scheme in ("http", "https") and bool(parsed.netloc)


def _kind(value: Any) -> str:
    return {bool: "a boolean", int: "an integer", float: "a number", str: "a string", list: "a list",
            dict: "a table"}.get(type(value), type(value).__name__)
