"""Real servers for the SPARQL tests, started on free 127.0.0.1 ports in temp folders:
Virtuoso Open Source (Debian's virtuoso-opensource) and the Oxigraph server (PyPI `oxigraph`).

A missing program skips its tests with the reason, except under CI (CI set), where it fails them:
CI installs both, so a skip there would hide a broken setup.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import pytest
import requests

from kg.ingest import ingest
from kg.sparql.backend import OxigraphServer, free_port, oxigraph_binary
from kg.store import GraphStore

FIXTURES = Path(__file__).parent / "fixtures"
# The user's sample bulletin and three small ones that cite the same documents and name the same
# officials, in 2017 and 2019, so that counts across bulletins and years mean something.
SAMPLE_INPUTS = [FIXTURES / "bulletin-2018-06-01.txt", FIXTURES / "sparql"]
SAMPLE_PROVINCE = "Lào Cai"
VIRTUOSO_VSP = Path("/var/lib/virtuoso-opensource-7/vsp")


def build_sample_store(folder: Path) -> Path:
    """Ingest the sample bulletins into a new store folder, closed again so a server can open it."""
    store = GraphStore(folder)
    summary = ingest([str(p) for p in SAMPLE_INPUTS], store, province=SAMPLE_PROVINCE)
    assert summary.ingested == 4 and not summary.skipped, summary.to_json()
    store.close()
    return folder


def require(program: str | None, name: str, install: str) -> str:
    if program:
        return program
    message = f"{name} is not installed ({install})"
    if os.environ.get("CI"):
        pytest.fail(message + "; CI must provide it")
    pytest.skip(message)


def virtuoso_binary() -> str | None:
    return shutil.which("virtuoso-t") or next(
        (p for p in ("/usr/bin/virtuoso-t", "/usr/lib/virtuoso-opensource-7/bin/virtuoso-t") if Path(p).exists()), None)


VIRTUOSO_INI = """\
[Database]
DatabaseFile       = {d}/virtuoso.db
ErrorLogFile       = {d}/virtuoso.log
LockFile           = {d}/virtuoso.lck
TransactionFile    = {d}/virtuoso.trx
xa_persistent_file = {d}/virtuoso.pxa
ErrorLogLevel      = 7
FileExtend         = 200
MaxCheckpointRemap = 2000
Striping           = 0
TempStorage        = TempDatabase

[TempDatabase]
DatabaseFile       = {d}/virtuoso-temp.db
TransactionFile    = {d}/virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping           = 0

[Parameters]
ServerPort           = 127.0.0.1:{sql_port}
DisableUnixSocket    = 1
MaxClientConnections = 10
CheckpointInterval   = 60
CaseMode             = 2
DirsAllowed          = ., {d}
NumberOfBuffers      = 10000
MaxDirtyBuffers      = 6000
ThreadsPerQuery      = 2

[HTTPServer]
ServerPort           = 127.0.0.1:{http_port}
ServerRoot           = {vsp}
MaxClientConnections = 5
ServerThreads        = 5
Charset              = UTF-8
EnabledDavVSP        = 0

[SPARQL]
ResultSetMaxRows      = 1000000
MaxQueryExecutionTime = 60
"""


@contextmanager
def virtuoso_server(folder: Path) -> Iterator[str]:
    """A fresh Virtuoso database in `folder`; yields its base URL. Writes need Digest auth dba/dba."""
    binary = require(virtuoso_binary(), "Virtuoso (virtuoso-t)", "apt-get install virtuoso-opensource")
    folder.mkdir(parents=True, exist_ok=True)
    http_port, sql_port = free_port(), free_port()
    ini = folder / "virtuoso.ini"
    ini.write_text(VIRTUOSO_INI.format(d=folder, sql_port=sql_port, http_port=http_port, vsp=VIRTUOSO_VSP))
    log = open(folder / "stdout.log", "wb")
    process = subprocess.Popen([binary, "+foreground", "+configfile", str(ini)], cwd=folder,
                               stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{http_port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"Virtuoso stopped at start: {(folder / 'virtuoso.log').read_text()[-2000:]}")
            try:
                if requests.get(url + "/sparql", params={"query": "ASK {}"}, timeout=2).status_code == 200:
                    break
            except requests.RequestException:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"Virtuoso did not answer on {url} within 60 s")
            time.sleep(0.2)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


@contextmanager
def oxigraph_server(folder: Path | None, *, writable: bool = True, timeout_s: int | None = None) -> Iterator[OxigraphServer]:
    require(oxigraph_binary(), "the Oxigraph server (oxigraph)", "pip install oxigraph")
    with OxigraphServer(folder, writable=writable, timeout_s=timeout_s) as server:
        yield server


def start_kg_serve(store: Path, *args: str) -> tuple[subprocess.Popen, str]:
    """`kg serve` in a subprocess on a free port, answering; its standard error (warnings and the
    access log) goes to a file, `proc.log_path`, read with `log_text(proc)`: a pipe nobody reads
    would fill and stall the server."""
    port = free_port()
    log_path = Path(tempfile.mkstemp(prefix="kg-serve-", suffix=".log")[1])
    with open(log_path, "wb") as log:
        proc = subprocess.Popen([sys.executable, "-c", "from kg.cli import main; main()", "--store", str(store),
                                 "serve", "--port", str(port), *args],
                                stdout=subprocess.DEVNULL, stderr=log)
    proc.log_path = log_path
    url = f"http://127.0.0.1:{port}/"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"kg serve stopped: {log_text(proc)}")
        try:
            if requests.get(url, timeout=1).status_code == 200:
                return proc, url
        except requests.RequestException:  # not listening yet, or too busy to answer within the second
            time.sleep(0.1)
    proc.kill()
    pytest.fail("kg serve did not answer within 30 s")


def log_text(proc: subprocess.Popen) -> str:
    return Path(proc.log_path).read_text(encoding="utf-8", errors="replace")


def stop(proc: subprocess.Popen) -> None:
    proc.terminate()
    proc.wait(timeout=15)
