"""Run the endpoint: the Oxigraph server process behind, the WSGI front in a threaded server.

The front uses the standard library's WSGI server with one thread per connection; the heavy work
(the query) happens in the Oxigraph process, so the front only parses, limits and re-serialises.
A client that stops sending is dropped after `read_timeout_s`, the listen backlog holds 128
connections, and every request is written to the access log in the Common Log Format.
"""

from __future__ import annotations

import signal
import sys
import threading
import time
from socketserver import ThreadingMixIn
from typing import Callable, TextIO
from wsgiref.simple_server import ServerHandler, WSGIRequestHandler, WSGIServer, make_server

from kg.sparql.backend import BackendError, OxigraphServer
from kg.sparql.endpoint import EndpointConfig, SparqlEndpoint
from kg.sparql.isolation import unshare_command

LISTEN_BACKLOG = 128


class ThreadingWSGIServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = LISTEN_BACKLOG  # socketserver's default of 5 resets clients in a burst


class AccessLog:
    """Common Log Format lines (`host - - [date] "request" status bytes`), one per request, to a
    stream; thread-safe. The user field is always "-": tokens are never written."""

    def __init__(self, stream: TextIO | None):
        self.stream = stream
        self._lock = threading.Lock()

    def request(self, host: str, request_line: str, status: int | str, size: int | str) -> None:
        if self.stream is None:
            return
        stamp = time.strftime("%d/%b/%Y:%H:%M:%S %z", time.localtime())
        line = request_line.replace("\\", "\\\\").replace('"', '\\"')
        self._write(f'{host} - - [{stamp}] "{line}" {status} {size if size not in (0, "0", None) else "-"}\n')

    def note(self, host: str, message: str) -> None:
        stamp = time.strftime("%d/%b/%Y:%H:%M:%S %z", time.localtime())
        self._write(f"{host} [{stamp}] {message}\n", stream=sys.stderr)

    def _write(self, text: str, stream: TextIO | None = None) -> None:
        stream = stream or self.stream
        if stream is None:
            return
        with self._lock:
            try:
                stream.write(text)
                stream.flush()
            except (OSError, ValueError):
                pass


class QuietServerHandler(ServerHandler):
    # Read by ServerHandler.close() to log the request; typeshed does not declare it.
    request_handler: WSGIRequestHandler

    def log_exception(self, exc_info) -> None:  # a client that hung up mid-answer is not a fault
        if not isinstance(exc_info[1], (BrokenPipeError, ConnectionResetError, TimeoutError)):
            super().log_exception(exc_info)


def request_handler(access_log: AccessLog, read_timeout_s: float):
    class Handler(WSGIRequestHandler):
        server: WSGIServer
        # Every read from the client (request line, headers, body) waits at most this long, so a
        # client that sends half a request and stops ties up a thread for seconds, not for ever.
        timeout = read_timeout_s

        def handle(self) -> None:
            try:
                self.raw_requestline = self.rfile.readline(65537)
                if len(self.raw_requestline) > 65536:
                    self.requestline, self.request_version, self.command = "", "", ""
                    self.send_error(414)
                    return
                if not self.parse_request():
                    return
                # As wsgiref's own handle() does: typeshed types rfile as BufferedIOBase, the handler's
                # stdin as IO[bytes]; at run time it is the socket's buffered reader, both.
                handler = QuietServerHandler(self.rfile, self.wfile, self.get_stderr(),  # type: ignore[arg-type]
                                             self.get_environ(), multithread=True)
                handler.request_handler = self
                app = self.server.get_app()
                if app is None:  # make_server sets it before serving
                    raise RuntimeError("the server has no WSGI application")
                handler.run(app)
            except TimeoutError:
                access_log.note(self.address_string(), f"dropped a client that sent nothing for {read_timeout_s:g} s")
                self.close_connection = True
            except (ConnectionResetError, BrokenPipeError):
                self.close_connection = True

        def log_request(self, code="-", size="-") -> None:
            status = code.value if hasattr(code, "value") else code
            access_log.request(self.address_string(), getattr(self, "requestline", ""), status, size)

        def log_message(self, format: str, *args) -> None:  # errors http.server reports (bad request lines)
            access_log.note(self.address_string(), format % args)

    return Handler


def _interrupt(signum, frame) -> None:
    raise KeyboardInterrupt


def isolation_available() -> bool:
    return unshare_command() is not None


def serve(store_path: str, *, host: str = "127.0.0.1", port: int = 7878, time_limit_s: int = 30,
          max_rows: int = 10_000, allow_updates: bool = False, token: str | None = None,
          union_default_graph: bool = False, cors: bool = False, viz_url: str = "/viz?focus={iri}",
          allow_service: bool = False, isolate: bool = True, memory_limit_mb: int | None = 2048,
          max_queries: int = 4, read_timeout_s: float = 10.0, access_log: TextIO | None = None,
          viz: Callable[[str], bytes] | None = None, on_ready: Callable[[str], None] | None = None,
          search_index: str | None = None, pages_url: str = "/viz/", pages_dir: str | None = None) -> None:
    """Serve until interrupted (Ctrl+C or SIGTERM); the Oxigraph server stops with it.

    `isolate` runs the engine in a private network namespace (see kg.sparql.isolation); it is
    required for `allow_updates` and impossible with `allow_service` (the engine then needs the
    machine's network).
    """
    if allow_service and isolate:
        raise BackendError("SERVICE needs the engine on the machine's network: it cannot be isolated")
    if allow_updates and not isolate:
        raise BackendError("updates need the engine isolated: on a loopback port anyone on this machine could "
                           "write to it without the token")
    backend = OxigraphServer(store_path, writable=allow_updates, timeout_s=time_limit_s,
                             union_default_graph=union_default_graph, isolate=isolate,
                             memory_limit_mb=memory_limit_mb)
    backend.start()
    log = AccessLog(access_log)
    try:
        config = EndpointConfig(backend_url=backend.url, time_limit_s=time_limit_s, max_rows=max_rows,
                                allow_updates=allow_updates, token=token, viz_url=viz_url, cors=cors,
                                allow_service=allow_service, max_queries=max_queries,
                                memory_limit_mb=memory_limit_mb, search_index=search_index, pages_url=pages_url,
                                pages_dir=pages_dir)
        app = SparqlEndpoint(config, viz=viz, engine=backend)
        with make_server(host, port, app, server_class=ThreadingWSGIServer,
                         handler_class=request_handler(log, read_timeout_s)) as httpd:
            # SIGTERM (from a service manager or a test) must run the cleanup below, like Ctrl+C.
            signal.signal(signal.SIGTERM, _interrupt)
            if on_ready:
                on_ready(f"http://{host}:{httpd.server_port}/")
            try:
                httpd.serve_forever(poll_interval=0.2)
            except KeyboardInterrupt:
                pass
    finally:
        backend.stop()
