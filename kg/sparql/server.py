"""Run the endpoint: the Oxigraph server process behind, the WSGI front in a threaded server.

The front uses the standard library's WSGI server with one thread per request; the heavy work (the
query) happens in the Oxigraph process, so the front only parses, limits and re-serialises.
"""

from __future__ import annotations

import logging
import signal
from socketserver import ThreadingMixIn
from typing import Callable
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from kg.sparql.backend import OxigraphServer
from kg.sparql.endpoint import EndpointConfig, SparqlEndpoint

log = logging.getLogger("kg.serve")


class ThreadingWSGIServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True
    allow_reuse_address = True


class AccessLogHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args) -> None:
        log.info("%s %s", self.address_string(), format % args)


def _interrupt(signum, frame) -> None:
    raise KeyboardInterrupt


def serve(store_path: str, *, host: str = "127.0.0.1", port: int = 7878, time_limit_s: int = 30,
          max_rows: int = 10_000, allow_updates: bool = False, token: str | None = None,
          union_default_graph: bool = False, cors: bool = False, viz_url: str = "/viz?focus={iri}",
          viz: Callable[[str], bytes] | None = None, on_ready: Callable[[str], None] | None = None) -> None:
    """Serve until interrupted (Ctrl+C or SIGTERM); the Oxigraph server stops with it."""
    backend = OxigraphServer(store_path, writable=allow_updates, timeout_s=time_limit_s,
                             union_default_graph=union_default_graph)
    backend.start()
    try:
        config = EndpointConfig(backend_url=backend.url, time_limit_s=time_limit_s, max_rows=max_rows,
                                allow_updates=allow_updates, token=token, viz_url=viz_url, cors=cors)
        app = SparqlEndpoint(config, viz=viz)
        with make_server(host, port, app, server_class=ThreadingWSGIServer,
                         handler_class=AccessLogHandler) as httpd:
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
