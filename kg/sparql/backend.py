"""The Oxigraph server (`oxigraph serve`, PyPI package `oxigraph`) as a child process on a free
loopback port: the SPARQL engine behind `kg serve`.

Running the engine in its own process is what makes the time limit real: Oxigraph cancels a query
at `--timeout-s` inside the engine, and a crash of one query cannot take the front down with it.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import requests


class BackendError(RuntimeError):
    pass


def oxigraph_binary() -> str | None:
    """The `oxigraph` program: on PATH, or next to this Python (a virtualenv's bin/ folder)."""
    found = shutil.which("oxigraph")
    if found:
        return found
    beside = Path(sys.executable).with_name("oxigraph")
    return str(beside) if beside.exists() else None


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((host, 0))
        return s.getsockname()[1]


def lock_store_folder(location: Path) -> int:
    """Hold the store's own lock while a read-only server serves it, and return the open descriptor.

    `oxigraph serve-read-only` takes no lock, so a writer (`kg ingest`) could open the folder beside
    it and compact files away under the server. RocksDB's lock is a POSIX record lock on the LOCK
    file; holding the same lock here makes a writer fail with the usual "lock file" error, while
    read-only openers (`kg query`, the notebook API, `kg viz`) are not affected.
    """
    import fcntl

    fd = os.open(location / "LOCK", os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        os.close(fd)
        raise BackendError(f"the store at {location} is open for writing by another process (a running "
                           "`kg ingest` or pipeline?): wait until it finishes, then start kg serve again") from None
    return fd


def _die_with_parent() -> None:
    """On Linux, have the kernel stop the server if kg serve dies without cleaning up (SIGKILL):
    an orphaned server would keep the store folder locked."""
    if sys.platform.startswith("linux"):
        import ctypes
        import signal

        try:
            ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
        except OSError:
            pass


class OxigraphServer:
    """`oxigraph serve-read-only` (or `serve` when writable) over a store folder, on 127.0.0.1.

    >>> with OxigraphServer("exports/store", timeout_s=30) as server:  # doctest: +SKIP
    ...     requests.get(server.query_url, params={"query": "ASK {}"})
    """

    def __init__(self, location: str | os.PathLike | None, *, writable: bool = False,
                 timeout_s: int | None = None, union_default_graph: bool = False, port: int | None = None):
        self.location = Path(location) if location is not None else None
        self.writable = writable
        self.timeout_s = timeout_s
        self.union_default_graph = union_default_graph
        self.port = port
        self.process: subprocess.Popen | None = None
        self._log = None
        self._lock_fd: int | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def query_url(self) -> str:
        return self.url + "/query"

    @property
    def update_url(self) -> str:
        return self.url + "/update"

    @property
    def store_url(self) -> str:
        return self.url + "/store"

    def command(self) -> list[str]:
        binary = oxigraph_binary()
        if binary is None:
            raise BackendError("the Oxigraph server is not installed: run `pip install oxigraph` "
                               "(it provides the `oxigraph` command that kg serve runs)")
        cmd = [binary, "serve" if self.writable else "serve-read-only", "--bind", f"127.0.0.1:{self.port}"]
        if self.location is not None:
            cmd += ["--location", str(self.location)]
        elif not self.writable:
            raise BackendError("a read-only server needs a store folder")
        if self.timeout_s:
            cmd += ["--timeout-s", str(int(self.timeout_s))]
        if self.union_default_graph:
            cmd.append("--union-default-graph")
        return cmd

    def start(self, wait_s: float = 20.0) -> "OxigraphServer":
        if self.location is not None and not self.writable and not (self.location / "CURRENT").exists():
            raise BackendError(f"no store at {self.location}: run `kg ingest` first, or name one with --store")
        if self.location is not None and not self.writable and sys.platform != "win32":
            self._lock_fd = lock_store_folder(self.location)
        self.port = self.port or free_port()
        self._log = tempfile.TemporaryFile()
        self.process = subprocess.Popen(self.command(), stdout=self._log, stderr=subprocess.STDOUT,
                                        stdin=subprocess.DEVNULL, preexec_fn=_die_with_parent)
        deadline = time.monotonic() + wait_s
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                self._release()
                raise BackendError(f"the Oxigraph server stopped at start (exit {self.process.returncode}): "
                                   f"{self.log_tail()}")
            try:
                requests.get(self.url + "/", timeout=1)
                return self
            except requests.ConnectionError:
                time.sleep(0.05)
        self.stop()
        raise BackendError(f"the Oxigraph server did not answer on {self.url} within {wait_s:.0f} s")

    def log_tail(self, size: int = 2000) -> str:
        if self._log is None:
            return ""
        self._log.seek(0)
        return self._log.read().decode("utf-8", "replace")[-size:].strip()

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None
        self._release()

    def _release(self) -> None:
        if self._lock_fd is not None:
            os.close(self._lock_fd)  # closing the descriptor releases the record lock
            self._lock_fd = None

    def __enter__(self) -> "OxigraphServer":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()
