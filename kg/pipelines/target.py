"""Where a run writes: the store (embedded folder or remote endpoint), its lock and its quarantine file.

Only one run may write a store at a time. The lock is a file next to the store (`exports/store.lock`
for `exports/store`), so every process on the machine that writes that store agrees on it; for a
remote endpoint the lock lives in the user's state folder, keyed by the endpoint URL (it guards runs
started from this machine; runs from several machines need the endpoint's own access control).
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from threading import Event
from urllib.parse import urlparse

from filelock import FileLock, Timeout

from kg.pipelines.definition import Pipeline, StoreTarget
from kg.store import GraphStore, default_store_path


class StoreLocked(RuntimeError):
    """Another run held the store's lock for longer than this run was willing to wait."""


class StoreUnavailable(RuntimeError):
    pass


@dataclass(frozen=True)
class Target:
    store: StoreTarget
    lock_path: Path
    quarantine_path: Path

    def describe(self) -> str:
        return self.store.describe()


def resolve_target(pipeline: Pipeline, store_override: str | os.PathLike | None = None) -> Target:
    """The store a run writes: --store on the command line, else the definition's [store], else
    $KG_STORE or exports/store."""
    if store_override is not None:
        store = StoreTarget(path=Path(store_override))
    elif pipeline.store is not None:
        store = pipeline.store
    else:
        store = StoreTarget(path=default_store_path())
    if store.path is not None:
        path = store.path.absolute()
        store = StoreTarget(path=path)
        lock = path.with_name(path.name + ".lock")
        quarantine = path.parent / "quarantine" / f"{pipeline.name}.jsonl"
    else:
        endpoint = store.endpoint or ""  # a target is a path or an endpoint (kg.pipelines.definition)
        state = state_dir()
        parsed = urlparse(endpoint)
        key = hashlib.sha1(endpoint.encode()).hexdigest()[:12]
        lock = state / "locks" / f"{parsed.hostname}-{parsed.port or 'default'}-{key}.lock"
        quarantine = state / "quarantine" / f"{pipeline.name}.jsonl"
    return Target(store, lock, pipeline.run.quarantine or quarantine)


def state_dir() -> Path:
    base = os.environ.get("XDG_STATE_HOME") or Path.home() / ".local" / "state"
    return Path(base) / "bulletin-kg"


def open_store(target: Target):
    """A GraphStore, or the remote store with the same interface for an endpoint."""
    if target.store.path is not None:
        return GraphStore(target.store.path)
    try:
        from kg.sparql.remote import open_store as open_remote
    except ImportError:
        raise StoreUnavailable(
            f"store endpoint {target.store.endpoint}: remote stores need kg.sparql.remote, which this "
            "installation lacks; use [store] path = ... for an embedded store") from None
    endpoint = target.store.endpoint
    assert endpoint is not None, "a store target without a path has an endpoint"
    return open_remote(endpoint)


@contextmanager
def store_lock(target: Target, *, timeout: float, pipeline: str, stop: Event | None = None,
               on_wait=None):
    """Hold the store's lock; wait up to `timeout` seconds for another run to release it.

    `on_wait(holder)` is called once if the lock is busy. A stop request while waiting gives up
    with StoreLocked too (nothing has been written).
    """
    target.lock_path.parent.mkdir(parents=True, exist_ok=True)
    lock = FileLock(str(target.lock_path))
    owner = target.lock_path.with_name(target.lock_path.name + ".owner")
    deadline = time.monotonic() + timeout
    waited = False
    while True:
        try:
            lock.acquire(timeout=min(0.5, max(0.0, deadline - time.monotonic())), poll_interval=0.05)
            break
        except Timeout:
            if not waited and on_wait is not None:
                on_wait(read_owner(owner))
            waited = True
            if stop is not None and stop.is_set():
                raise StoreLocked(f"stopped while waiting for the lock on {target.describe()}; nothing was written") from None
            if time.monotonic() >= deadline:
                holder = read_owner(owner)
                who = (f"pipeline {holder.get('pipeline')!r}, pid {holder.get('pid')}, since {holder.get('since')}"
                       if holder else "another process")
                raise StoreLocked(
                    f"the store {target.describe()} is locked by {who} (lock file {target.lock_path}); "
                    f"gave up after {timeout:g} s. Run again later, or raise run.lock_timeout / --lock-timeout."
                ) from None
    try:
        owner.write_text(json.dumps({"pipeline": pipeline, "pid": os.getpid(),
                                     "since": time.strftime("%Y-%m-%dT%H:%M:%S%z")}), encoding="utf-8")
        yield
    finally:
        try:
            owner.unlink()
        except OSError:
            pass
        lock.release()


def read_owner(owner: Path) -> dict:
    try:
        return json.loads(owner.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def is_locked(target: Target) -> bool:
    """Whether a run holds the store's lock right now."""
    if not target.lock_path.exists():
        return False
    lock = FileLock(str(target.lock_path))
    try:
        lock.acquire(timeout=0)
    except Timeout:
        return True
    lock.release()
    return False
