"""Run a pipeline on its schedule until SIGTERM or SIGINT, with APScheduler 3 (BlockingScheduler).

One run at a time: a firing that comes while a run is still going is skipped (max_instances=1) and
missed firings collapse into one (coalesce). A stop signal lets the run in hand finish the bulletin
it is on, write what it holds and record itself as "stopped"; then the scheduler exits.
"""

from __future__ import annotations

import logging
import signal
import threading
import time
from contextlib import contextmanager
from datetime import datetime
from typing import Callable

from kg.pipelines.definition import Pipeline
from kg.pipelines.runner import emit

STOP_SIGNALS = (signal.SIGTERM, signal.SIGINT)


@contextmanager
def stop_on_signals(stop: threading.Event):
    """While inside, SIGTERM and SIGINT set `stop` instead of killing the process; a second SIGINT
    still interrupts at once (for a person at a terminal who really means it)."""
    previous = {}

    def handler(signum, frame):
        if stop.is_set() and signum == signal.SIGINT:
            raise KeyboardInterrupt
        stop.set()
        emit(logging.WARNING, "stop.requested", f"{signal.Signals(signum).name} received: stopping after the "
             "current bulletin", signal=signal.Signals(signum).name)

    for sig in STOP_SIGNALS:
        previous[sig] = signal.signal(sig, handler)
    try:
        yield
    finally:
        for sig, old in previous.items():
            signal.signal(sig, old)


def run_on_schedule(pipeline: Pipeline, run_once: Callable[[], None], *, stop: threading.Event,
                    run_now: bool = False) -> int:
    """Call `run_once()` on the pipeline's schedule until `stop` is set; returns the number of runs."""
    from apscheduler.executors.pool import ThreadPoolExecutor
    from apscheduler.schedulers import SchedulerNotRunningError
    from apscheduler.schedulers.blocking import BlockingScheduler

    if pipeline.schedule is None:
        raise ValueError(f"{pipeline.file}: schedule: missing: add a [schedule] table with cron or interval")
    scheduler = BlockingScheduler(
        executors={"default": ThreadPoolExecutor(max_workers=1)},
        job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": None},
        **({"timezone": pipeline.schedule.timezone} if pipeline.schedule.timezone else {}),
    )
    in_run = threading.Lock()
    runs = 0
    finished = threading.Event()

    def job() -> None:
        nonlocal runs
        if stop.is_set():
            return
        with in_run:
            runs += 1
            try:
                run_once()
            except Exception:  # a failed run must not end years of scheduled runs
                logging.getLogger("kg.pipelines").exception("run of pipeline %s failed", pipeline.name,
                                                            extra={"event": "run.failed",
                                                                   "data": {"pipeline": pipeline.name}})
        scheduled = scheduler.get_job(pipeline.name)
        if scheduled is not None and scheduled.next_run_time and not stop.is_set():
            emit(logging.INFO, "schedule.next", f"next run of {pipeline.name} at {scheduled.next_run_time.isoformat()}",
                 pipeline=pipeline.name, next_run=scheduled.next_run_time.isoformat())

    first = {"next_run_time": datetime.now(scheduler.timezone)} if run_now else {}
    scheduler.add_job(job, pipeline.schedule.trigger(), id=pipeline.name, name=f"pipeline {pipeline.name}", **first)

    def shut_down_on_stop() -> None:
        stop.wait()
        while not finished.is_set():
            try:
                scheduler.shutdown(wait=False)
                return
            except SchedulerNotRunningError:  # the stop came before the scheduler started
                time.sleep(0.05)

    threading.Thread(target=shut_down_on_stop, name="scheduler-stop", daemon=True).start()
    emit(logging.INFO, "schedule.start", f"pipeline {pipeline.name} scheduled {pipeline.schedule.describe()}",
         pipeline=pipeline.name, schedule=pipeline.schedule.describe())
    if not stop.is_set():
        scheduler.start()  # blocks until shut_down_on_stop
    finished.set()
    with in_run:  # let the run in hand finish its bulletin and record itself
        pass
    emit(logging.INFO, "schedule.stop", f"scheduler of {pipeline.name} stopped after {runs} run(s)",
         pipeline=pipeline.name, runs=runs)
    return runs
