"""How a run reports: JSON lines for unattended runs, a progress line and a summary for people.

Runs emit ordinary `logging` records on the "kg.pipelines" logger, each with an `event` name
("run.start", "source", "bulletin", "batch.written", "run.end", "lock.wait", ...) and a dict of
fields. `JsonFormatter` writes each as one JSON object per line (for journald, cron mail, log
shippers); `ProgressHandler` turns the same records into a rich progress display on a terminal.
"""

from __future__ import annotations

import json
import logging
import sys
from datetime import UTC, datetime

from rich.console import Console
from rich.progress import Progress, SpinnerColumn, TaskID, TextColumn, TimeElapsedColumn

LOGGER = "kg.pipelines"


class JsonFormatter(logging.Formatter):
    """{"time": ..., "level": "info", "event": "bulletin", "message": ..., <fields>}"""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds")
            .replace("+00:00", "Z"),
            "level": record.levelname.lower(),
            "event": getattr(record, "event", record.name),
            "message": record.getMessage(),
        }
        entry.update(getattr(record, "data", None) or {})
        if record.exc_info:
            entry["error"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


class ProgressHandler(logging.Handler):
    """A live line per run (outcome counts and elapsed time); warnings printed above it."""

    OUTCOMES = ("added", "replaced", "unchanged", "duplicate", "quarantined")

    def __init__(self, console: Console):
        super().__init__(logging.DEBUG)
        self.console = console
        self.progress: Progress | None = None
        self.task: TaskID | None = None
        self.counts: dict[str, int] = {}
        self._name = ""

    def emit(self, record: logging.LogRecord) -> None:
        event = getattr(record, "event", "")
        data = getattr(record, "data", None) or {}
        if event == "run.start":
            self._start(data.get("pipeline", ""))
        elif event == "bulletin" and self.progress is not None:
            outcome = data.get("outcome", "")
            self.counts[outcome] = self.counts.get(outcome, 0) + 1
            shown = " · ".join(f"{k} {self.counts[k]}" for k in self.OUTCOMES if self.counts.get(k))
            if self.task is not None:
                self.progress.update(self.task, advance=1, description=f"{self._name}: {shown}")
        elif event == "source" and self.progress is not None:
            self.progress.console.print(f"[dim]reading {data.get('source')}[/dim]")
        if record.levelno >= logging.WARNING and event not in ("run.end",):
            self.console.print(f"[yellow]{record.getMessage()}[/yellow]", highlight=False)
        if event == "run.end":
            self._stop()

    def _start(self, name: str) -> None:
        self._stop()
        self._name = name
        self.counts = {}
        self.progress = Progress(SpinnerColumn(), TextColumn("{task.description}"),
                                 TextColumn("[dim]{task.completed} read[/dim]"), TimeElapsedColumn(),
                                 console=self.console, transient=True)
        self.task = self.progress.add_task(name, total=None)
        self.progress.start()

    def _stop(self) -> None:
        if self.progress is not None:
            self.progress.stop()
            self.progress = None

    def close(self) -> None:
        self._stop()
        super().close()


def configure(log_format: str = "auto", *, verbose: bool = False) -> str:
    """Attach one handler to the "kg.pipelines" logger; returns the format chosen ("json" or "text").

    "auto" chooses text (progress and summary) when stderr is a terminal, JSON lines otherwise.
    """
    logger = logging.getLogger(LOGGER)
    for old in list(logger.handlers):
        logger.removeHandler(old)
        old.close()
    logger.setLevel(logging.DEBUG)
    logger.propagate = False
    if log_format == "auto":
        log_format = "text" if sys.stderr.isatty() else "json"
    if log_format == "json":
        handler: logging.Handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(JsonFormatter())
        handler.setLevel(logging.DEBUG if verbose else logging.INFO)
    else:
        console = Console(stderr=True)
        if console.is_terminal:
            handler = ProgressHandler(console)
        else:  # text asked for, but not on a terminal: plain lines
            handler = logging.StreamHandler(sys.stderr)
            handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
            handler.setLevel(logging.DEBUG if verbose else logging.INFO)
    logger.addHandler(handler)
    # APScheduler's own messages ("Adding job", "Job executed") go the same way.
    aps = logging.getLogger("apscheduler")
    aps.handlers = [handler] if log_format == "json" else []
    aps.setLevel(logging.WARNING)
    aps.propagate = log_format != "json"
    return log_format
