"""Extraction on a Dask distributed cluster: `kg ingest --dask ADDRESS` (or `--dask local`).

The reader and the writer stay in this process; each chunk of bulletins goes to a Dask worker, which
cleans, extracts and maps it and sends back each bulletin's graph as N-Quads (or why it was skipped).
One writer puts them in the embedded store, so the store needs no network access and its one-writer
lock holds. A bounded number of chunks is in flight, so memory stays flat however large the corpus.

When the store is a remote SPARQL server (`--store http://...`, see `kg.sparql.remote`), the workers
write each chunk's graphs to it themselves (`push_to`) and send back only the outcomes: the graphs
then cross the network once, and the writing is spread over the cluster.

Workers need this package installed (`pip install 'bulletin-kg[dask]'`) at the same version as the
client: the records they produce are what the ledger's extractor version promises.

    with DaskRunner("tcp://10.0.0.5:8786") as runner:
        ingest(paths, store, runner=runner)
"""

from __future__ import annotations

from typing import Any, Iterator

import pyoxigraph as ox

from kg.ingest import Outcome, Written, extract_chunk, in_order
from kg.records import Bulletin
from kg.store import BulletinGraph, SerializedGraph

_REMOTE_STORES: dict[str, Any] = {}  # per worker process: one connection per store location


def extract_and_push(bulletins: list[Bulletin], location: str) -> list[Outcome]:
    """On a worker: `extract_chunk`, then write the graphs to the remote store at `location` in one
    batch (each bulletin's graph replaced whole). Credentials come from the URL or from the worker's
    KG_STORE_AUTH environment variable."""
    from kg.sparql.remote import open_store

    store = _REMOTE_STORES.get(location)
    if store is None:
        store = _REMOTE_STORES[location] = open_store(location)
    outcomes = extract_chunk(bulletins)
    graphs = [BulletinGraph(o.bulletin_id, list(ox.parse(o.nquads, ox.RdfFormat.N_QUADS)))
              for o in outcomes if isinstance(o, SerializedGraph)]
    if graphs:
        store.write_bulletins(graphs)
    return [Written(o.bulletin_id) if isinstance(o, SerializedGraph) else o for o in outcomes]


class DaskUnavailable(RuntimeError):
    pass


def _client_class():
    try:
        from dask.distributed import Client, LocalCluster
    except ImportError:
        raise DaskUnavailable(
            "Dask is not installed: pip install 'bulletin-kg[dask]' (or 'dask[distributed]')") from None
    return Client, LocalCluster


class DaskRunner:
    """Runs `kg.ingest.extract_chunk` on a Dask cluster, results in input order.

    `address` is a scheduler address ("tcp://host:8786"), or "local" (or None) for a cluster of
    `workers` single-threaded worker processes on 127.0.0.1, started and stopped with the runner.
    With `push_to` (a remote store's URL), the workers write the graphs there themselves.
    """

    def __init__(self, address: str | None = "local", *, workers: int = 2, in_flight_per_thread: int = 2,
                 connect_timeout: float = 30.0, push_to: str | None = None):
        self.address = None if address in (None, "", "local") else address
        self.push_to = push_to
        self.workers = workers
        self.in_flight_per_thread = in_flight_per_thread
        self.connect_timeout = connect_timeout
        self.client: Any = None  # a dask.distributed Client once started
        self._cluster = None

    def __enter__(self) -> DaskRunner:
        Client, LocalCluster = _client_class()
        if self.address is None:
            # Processes, not threads: the extractors are pure Python and hold the GIL.
            try:
                self._cluster = LocalCluster(n_workers=self.workers, threads_per_worker=1, processes=True,
                                             dashboard_address=None, host="127.0.0.1")
            except (RuntimeError, OSError) as err:
                raise DaskUnavailable(
                    f"could not start a local Dask cluster: {err}. In a script, start it under "
                    "`if __name__ == '__main__':` (its workers are new processes)") from None
            self.client = Client(self._cluster)
        else:
            try:
                self.client = Client(self.address, timeout=self.connect_timeout)
            except (OSError, TimeoutError) as err:
                raise DaskUnavailable(
                    f"cannot reach the Dask scheduler at {self.address}: {err}. Start one with `dask scheduler` "
                    "and workers with `dask worker ADDRESS`, or use --dask local") from None
        return self

    def __exit__(self, *exc) -> None:
        if self.client is not None:
            self.client.close()
            self.client = None
        if self._cluster is not None:
            self._cluster.close()
            self._cluster = None

    def threads(self) -> int:
        """Worker threads in the cluster now (at least 1, so that a cluster still starting gets work)."""
        info = self.client.scheduler_info()
        return max(1, sum(w.get("nthreads", 1) for w in info.get("workers", {}).values()))

    def __call__(self, chunks: Iterator[list[Bulletin]]) -> Iterator[list]:
        assert self.client is not None, "use DaskRunner as a context manager"
        client = self.client
        # pure=False: identical chunks in two runs are still two tasks (no hashing of whole chunks).
        if self.push_to:
            def submit(chunk):
                return client.submit(extract_and_push, chunk, self.push_to, pure=False)
        else:
            def submit(chunk):
                return client.submit(extract_chunk, chunk, pure=False)
        yield from in_order(submit, chunks, in_flight=self.in_flight_per_thread * self.threads() + 1)
