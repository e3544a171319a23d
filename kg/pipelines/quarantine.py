"""The quarantine file: one JSON object per line for each article a run could not ingest.

    {"source": "https://…/rss#item4", "id": "https://…/tin-4", "reason": "feed item has no text …",
     "pipeline": "lao-cai", "run": "https://w3id.org/bulletin-kg/id/run/…", "time": "2024-03-05T06:00:02Z"}

A feed keeps offering the same broken item for days; it is written once (per source, id and reason),
not once per run, so the file stays a list of problems to look at rather than a log.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

from kg.pipelines.web import Rejected


class Quarantine:
    def __init__(self, path: Path, *, pipeline: str, run: str):
        self.path = path
        self.pipeline = pipeline
        self.run = run
        self._known = self._read_known()

    def _read_known(self) -> set[tuple]:
        known = set()
        try:
            with self.path.open(encoding="utf-8") as fh:
                for line in fh:
                    try:
                        rec = json.loads(line)
                        known.add((rec.get("source"), rec.get("id"), rec.get("reason")))
                    except ValueError:
                        continue  # a line cut short by a crash; the item will be quarantined again
        except FileNotFoundError:
            pass
        return known

    def add(self, item: Rejected) -> bool:
        """Record one rejected article; False when the same problem is already on file."""
        key = (item.source, item.id, item.reason)
        if key in self._known:
            return False
        self._known.add(key)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        record = {"source": item.source, "id": item.id, "reason": item.reason, "pipeline": self.pipeline,
                  "run": self.run, "time": datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")}
        with self.path.open("a", encoding="utf-8") as fh:
            fh.write(json.dumps(record, ensure_ascii=False) + "\n")
        return True
