"""The benchmarks' view of a corpus file: JSONL or JSONL.gz, one article per non-blank line."""

from __future__ import annotations

import gzip
import itertools
from pathlib import Path


def open_lines(path: Path):
    return gzip.open(path, "rb") if path.name.endswith(".gz") else open(path, "rb")


def count_lines(path: Path) -> int:
    with open_lines(path) as fh:
        return sum(1 for line in fh if line.strip())


def first_n(path: Path, n: int, workdir: Path) -> Path:
    """The first n articles as a file of their own (so that every measurement reads the same input)."""
    out = workdir / f"first-{n}.jsonl"
    with open_lines(path) as src, open(out, "wb") as dst:
        dst.writelines(itertools.islice((line for line in src if line.strip()), n))
    return out
