"""A private network for the SPARQL engine: the Oxigraph server runs in its own network namespace,
where it can reach nothing and nothing can reach it, and `kg serve` talks to it through a Unix
socket in a folder only its own user can open.

Why: the `oxigraph` server has no authentication, and it executes `SERVICE <http://...>` clauses.
On a loopback TCP port, any local process could write to a writable engine (even a web page, by a
cross-origin form POST) and a query could make the engine send requests anywhere. In a namespace of
its own the engine's loopback is its own: its port is unreachable from the machine, and a SERVICE
clause that got past the front could reach no server at all.

The namespace comes from `unshare --user --map-root-user --net` (util-linux; unprivileged user
namespaces, on by default on Debian and most Linux distributions). Inside it, this module's `main`
brings the loopback interface up, starts the engine on it, and relays each connection of the Unix
socket to the engine's port.

    unshare --user --map-root-user --net -- python -m kg.sparql.isolation SOCKET PORT MEMORY_MB -- oxigraph serve ...
"""

from __future__ import annotations

import fcntl
import os
import shutil
import signal
import socket
import struct
import subprocess
import sys
import threading
import time
import weakref

import requests
import urllib3
from requests.adapters import HTTPAdapter

ENGINE_PORT = 7878  # inside the private namespace, so no other process's port can clash


def unshare_command() -> list[str] | None:
    """The command prefix that runs a program in a new user and network namespace, or None when
    this machine cannot (no `unshare`, or user namespaces disabled)."""
    binary = shutil.which("unshare")
    if binary is None or not sys.platform.startswith("linux"):
        return None
    prefix = [binary, "--user", "--map-root-user", "--net", "--"]
    try:
        probe = subprocess.run(prefix + ["true"], capture_output=True, timeout=10)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return prefix if probe.returncode == 0 else None


def bring_loopback_up() -> None:
    """A new network namespace starts with `lo` down; set IFF_UP on it (SIOCGIFFLAGS/SIOCSIFFLAGS)."""
    SIOCGIFFLAGS, SIOCSIFFLAGS, IFF_UP = 0x8913, 0x8914, 0x1
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        request = struct.pack("16sH14x", b"lo", 0)
        flags = struct.unpack("16sH14x", fcntl.ioctl(s, SIOCGIFFLAGS, request))[1]
        fcntl.ioctl(s, SIOCSIFFLAGS, struct.pack("16sH14x", b"lo", flags | IFF_UP))


MEMORY_NOTE = "kg serve: stopped the SPARQL engine: its memory went over the limit"


def resident_mb(pid: int) -> float | None:
    try:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


# The processes watch_memory killed for passing their limit, held weakly: a restarted engine's old
# process object is forgotten with it.
_killed_over_limit: weakref.WeakSet[subprocess.Popen] = weakref.WeakSet()


def killed_over_memory(process: subprocess.Popen) -> bool:
    """Whether `watch_memory` killed `process` for passing its memory limit."""
    return process in _killed_over_limit


def watch_memory(process: subprocess.Popen, memory_mb: int | None, interval_s: float = 0.05) -> threading.Thread | None:
    """Kill `process` (SIGKILL) as soon as its resident memory passes `memory_mb`, and note why on
    standard error; the front then restarts the engine.

    Resident memory, polled, rather than an rlimit: RLIMIT_DATA also counts address space reserved
    for thread stacks, and the Oxigraph server keeps a thread per recent query (its timeout timer),
    so a burst of 2,000 small queries reached a 2 GB RLIMIT_DATA with 30 MB resident and made
    thread creation fail. A greedy query grows by about 260 MB a second, so polling every 50 ms
    overshoots the limit by some 15 MB.
    """
    if not memory_mb:
        return None

    def watch() -> None:
        while process.poll() is None:
            used = resident_mb(process.pid)
            if used is not None and used > memory_mb:
                process.kill()
                _killed_over_limit.add(process)
                sys.stderr.write(f"{MEMORY_NOTE} ({used:.0f} MB > {memory_mb} MB)\n")
                sys.stderr.flush()
                return
            time.sleep(interval_s)

    thread = threading.Thread(target=watch, name="engine-memory", daemon=True)
    thread.start()
    return thread


def die_with_parent() -> None:
    """Have the kernel stop this process when its parent dies (Linux PR_SET_PDEATHSIG), so that an
    engine never outlives the kg serve that started it and keeps the store folder open."""
    if sys.platform.startswith("linux"):
        import ctypes

        try:
            ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)
        except OSError:
            pass


def _copy(source: socket.socket, target: socket.socket) -> None:
    try:
        while True:
            data = source.recv(65536)
            if not data:
                break
            target.sendall(data)
    except OSError:
        pass
    finally:
        try:
            target.shutdown(socket.SHUT_WR)
        except OSError:
            pass


def _relay(client: socket.socket, port: int) -> None:
    try:
        upstream = socket.create_connection(("127.0.0.1", port), timeout=10)
        upstream.settimeout(None)
    except OSError:
        client.close()
        return
    back = threading.Thread(target=_copy, args=(upstream, client), daemon=True)
    back.start()
    _copy(client, upstream)
    back.join()
    client.close()
    upstream.close()


def main(argv: list[str]) -> int:
    """Inside the namespace: lo up, the engine started on it, the Unix socket relayed to it. Exits
    with the engine (its exit status), or stops the engine on SIGTERM."""
    socket_path, port, memory_mb = argv[0], int(argv[1]), int(argv[2])
    command = argv[argv.index("--") + 1:]
    die_with_parent()
    bring_loopback_up()

    engine = subprocess.Popen(command, stdin=subprocess.DEVNULL, preexec_fn=die_with_parent)
    watch_memory(engine, memory_mb)

    def stop(signum, frame) -> None:
        engine.terminate()
        try:
            engine.wait(timeout=10)
        except subprocess.TimeoutExpired:
            engine.kill()
        os._exit(0)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(socket_path)
    listener.listen(128)

    def accept() -> None:
        while True:
            client, _ = listener.accept()
            threading.Thread(target=_relay, args=(client, port), daemon=True).start()

    threading.Thread(target=accept, daemon=True).start()
    return engine.wait()


# -- the front's side: HTTP over the Unix socket ------------------------------------------------------
class _UnixConnection(urllib3.connection.HTTPConnection):
    def __init__(self, *args, socket_path: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.socket_path = socket_path

    def _new_conn(self) -> socket.socket:
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        if isinstance(self.timeout, (int, float)):
            sock.settimeout(self.timeout)
        try:
            sock.connect(self.socket_path)
        except OSError as err:
            sock.close()
            raise urllib3.exceptions.NewConnectionError(self, f"cannot connect to {self.socket_path}: {err}") from err
        return sock


class _UnixPool(urllib3.HTTPConnectionPool):
    ConnectionCls = _UnixConnection

    def __init__(self, *args, socket_path: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.conn_kw["socket_path"] = socket_path


class UnixSocketAdapter(HTTPAdapter):
    """Send a session's requests for one base URL to a Unix socket:
    `session.mount("http://engine/", UnixSocketAdapter(path))`."""

    def __init__(self, socket_path: str, **kwargs):
        self.socket_path = socket_path
        super().__init__(**kwargs)

    def get_connection_with_tls_context(self, request, verify, proxies=None, cert=None):
        return self._pool()

    def get_connection(self, url, proxies=None):  # requests < 2.32
        return self._pool()

    def _pool(self) -> _UnixPool:
        pool = getattr(self, "_unix_pool", None)
        if pool is None:
            pool = self._unix_pool = _UnixPool("engine", socket_path=self.socket_path, maxsize=16)
        return pool

    def close(self) -> None:
        super().close()
        pool = getattr(self, "_unix_pool", None)
        if pool is not None:
            pool.close()


def unix_session(base_url: str, socket_path: str) -> requests.Session:
    session = requests.Session()
    session.mount(base_url.rstrip("/") + "/", UnixSocketAdapter(socket_path))
    return session


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
