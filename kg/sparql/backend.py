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
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import IO

import requests

from kg.sparql.isolation import (
    ENGINE_PORT,
    MEMORY_NOTE,
    killed_over_memory,
    unix_session,
    unshare_command,
    watch_memory,
)
from kg.sparql.isolation import die_with_parent as _die_with_parent


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


class OxigraphServer:
    """`oxigraph serve-read-only` (or `serve` when writable) over a store folder, on 127.0.0.1.

    >>> with OxigraphServer("exports/store", timeout_s=30) as server:  # doctest: +SKIP
    ...     requests.get(server.query_url, params={"query": "ASK {}"})
    """

    def __init__(self, location: str | os.PathLike | None, *, writable: bool = False,
                 timeout_s: int | None = None, union_default_graph: bool = False, port: int | None = None,
                 isolate: bool = False, memory_limit_mb: int | None = None):
        """`isolate`: run the engine in a private network namespace, reached through a Unix socket
        (kg.sparql.isolation), so that no other process can query or write it and it can send no
        request anywhere. `memory_limit_mb`: the engine's resident memory at most; a query needing
        more stops the engine, and `recover` brings it back."""
        self.location = Path(location) if location is not None else None
        self.writable = writable
        self.timeout_s = timeout_s
        self.union_default_graph = union_default_graph
        self.port = port
        self.isolate = isolate
        self.memory_limit_mb = memory_limit_mb
        self.process: subprocess.Popen | None = None
        self.restarts = 0
        self._log: IO[bytes] | None = None
        self._lock_fd: int | None = None
        self._socket_dir: str | None = None
        self._unshare: list[str] | None = None
        self._restart_lock = threading.Lock()
        self._restarted_at = float("-inf")
        self._last_stop: str | None = None
        self._log_start = 0
        self._keeper: ThreadPoolExecutor | None = None  # a long-lived thread that restarts the engine

    @property
    def socket_path(self) -> str | None:
        return os.path.join(self._socket_dir, "engine.sock") if self._socket_dir else None

    @property
    def url(self) -> str:
        return "http://engine" if self.isolate else f"http://127.0.0.1:{self.port}"

    @property
    def query_url(self) -> str:
        return self.url + "/query"

    @property
    def update_url(self) -> str:
        return self.url + "/update"

    @property
    def store_url(self) -> str:
        return self.url + "/store"

    def session(self) -> requests.Session:
        """An HTTP session that reaches the engine (over its Unix socket when isolated)."""
        if self.isolate:
            return unix_session(self.url, self._engine_socket())
        return requests.Session()

    def _engine_socket(self) -> str:
        if self.socket_path is None:
            raise BackendError("the isolated engine has no socket until the server is started")
        return self.socket_path

    def engine_command(self, bind: str) -> list[str]:
        binary = oxigraph_binary()
        if binary is None:
            raise BackendError("the Oxigraph server is not installed: run `pip install oxigraph` "
                               "(it provides the `oxigraph` command that kg serve runs)")
        cmd = [binary, "serve" if self.writable else "serve-read-only", "--bind", bind]
        if self.location is not None:
            cmd += ["--location", str(self.location.resolve())]
        elif not self.writable:
            raise BackendError("a read-only server needs a store folder")
        if self.timeout_s:
            cmd += ["--timeout-s", str(int(self.timeout_s))]
        if self.union_default_graph:
            cmd.append("--union-default-graph")
        return cmd

    def command(self) -> list[str]:
        if not self.isolate:
            return self.engine_command(f"127.0.0.1:{self.port}")
        engine = self.engine_command(f"127.0.0.1:{ENGINE_PORT}")
        if self._unshare is None:
            raise BackendError("the isolated engine's command is known once the server is started")
        return [*self._unshare, sys.executable, "-m", "kg.sparql.isolation", self._engine_socket(), str(ENGINE_PORT),
                str(self.memory_limit_mb or 0), "--", *engine]

    def start(self, wait_s: float = 20.0) -> OxigraphServer:
        if self.location is not None and not self.writable and not (self.location / "CURRENT").exists():
            raise BackendError(f"no store at {self.location}: run `kg ingest` first, or name one with --store")
        if self.location is not None and not self.writable and sys.platform != "win32":
            self._lock_fd = lock_store_folder(self.location)
        if self.isolate:
            self._unshare = unshare_command()
            if self._unshare is None:
                self._release()
                raise BackendError("cannot give the SPARQL engine a private network: `unshare --user --net` "
                                   "is missing or user namespaces are disabled on this machine")
            self._socket_dir = tempfile.mkdtemp(prefix="kg-serve-")  # mode 0700: only this user
        else:
            self.port = self.port or free_port()
        self._log = tempfile.TemporaryFile()
        try:
            self._launch(wait_s)
        except BaseException:
            self._release()
            raise
        return self

    def _log_since_launch(self) -> str:
        return self._read_log(self._log_start)

    def _launch(self, wait_s: float) -> None:
        if self._log is None:
            raise BackendError("the engine's log is opened when the server is started")
        self._log_start = os.fstat(self._log.fileno()).st_size
        self.process = subprocess.Popen(self.command(), stdout=self._log, stderr=subprocess.STDOUT,
                                        stdin=subprocess.DEVNULL, preexec_fn=_die_with_parent)
        if not self.isolate:  # isolated, the relay inside the namespace watches the engine
            watch_memory(self.process, self.memory_limit_mb)
        probe = self.session()
        deadline = time.monotonic() + wait_s
        try:
            while time.monotonic() < deadline:
                if self.process.poll() is not None:
                    raise BackendError(f"the Oxigraph server stopped at start (exit {self.process.returncode}): "
                                       f"{self.log_tail()}")
                try:
                    probe.get(self.url + "/", timeout=1)
                    return
                except requests.ConnectionError:
                    time.sleep(0.05)
        finally:
            probe.close()
        self._terminate()
        raise BackendError(f"the Oxigraph server did not answer on {self.url} within {wait_s:.0f} s")

    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def recover(self, wait_s: float = 5.0) -> str | None:
        """After a dropped connection: if the engine has stopped, start it again (the store folder stays
        locked meanwhile) and say why it stopped: "memory" when it went over the memory limit, else
        "exit N". None when the engine is running and has not been restarted in the last seconds."""
        with self._restart_lock:
            if self.process is not None:
                try:
                    self.process.wait(timeout=wait_s)  # a killed engine takes a moment to be reaped
                except subprocess.TimeoutExpired:
                    return self._last_stop if time.monotonic() - self._restarted_at < 10 else None
                over = killed_over_memory(self.process) or MEMORY_NOTE in self._log_since_launch()
                self._last_stop = "memory" if over else f"exit {self.process.returncode}"
            if self.isolate and self.socket_path and os.path.exists(self.socket_path):
                os.unlink(self.socket_path)
            self.restarts += 1
            # Not from this request's thread: the kernel's parent-death signal follows the thread that
            # started a child, and would stop the new engine as soon as this request ends.
            if self._keeper is None:
                self._keeper = ThreadPoolExecutor(max_workers=1, thread_name_prefix="engine-keeper")
            self._keeper.submit(self._launch, 20.0).result()
            self._restarted_at = time.monotonic()
            return self._last_stop

    def log_tail(self, size: int = 2000) -> str:
        return self._read_log()[-size:].strip()

    def _read_log(self, start: int = 0) -> str:
        """The engine's output from `start`. pread, not seek and read: the engine writes through the
        same open file, and moving its offset would make it write over what it wrote."""
        if self._log is None:
            return ""
        fd = self._log.fileno()
        return os.pread(fd, max(0, os.fstat(fd).st_size - start), start).decode("utf-8", "replace")

    def stop(self) -> None:
        self._terminate()
        self._release()
        if self._keeper is not None:
            self._keeper.shutdown(wait=False)
            self._keeper = None

    def _terminate(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None

    def _release(self) -> None:
        if self._lock_fd is not None:
            os.close(self._lock_fd)  # closing the descriptor releases the record lock
            self._lock_fd = None
        if self._socket_dir is not None:
            shutil.rmtree(self._socket_dir, ignore_errors=True)
            self._socket_dir = None

    def __enter__(self) -> OxigraphServer:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()
