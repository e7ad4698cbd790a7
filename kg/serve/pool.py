"""The pool of query workers, in the server process: a bounded queue, one dispatcher per worker,
the time limit counted from when a worker takes a query, the memory budget, replacement of
workers that exceed a limit or crash (see :mod:`kg.serve.worker` for the worker side).
"""

from __future__ import annotations

import math
import os
import socket
import subprocess
import sys
import threading
import time
from collections import deque
from collections.abc import Callable
from multiprocessing.connection import Connection
from pathlib import Path

from kg.errors import KgError
from kg.serve.worker import _POLL, _START_TIMEOUT, Job, Outcome, PoolFull

__all__ = ["WorkerPool", "startup_notes"]

# --- in the server process -------------------------------------------------------------------

def _rss_bytes(pid: int) -> int:
    """Resident memory of a process (Linux ``/proc``; 0 where that is not available)."""
    try:
        with open(f"/proc/{pid}/statm", "rb") as handle:
            return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


def startup_notes(workers: int, timeout: float, memory_mb: int, queue_size: int, isolate: bool,
                  isolations: list) -> list[str]:
    """What the server says on startup about its workers and their network access.

    >>> from kg.serve.sandbox import Isolation
    >>> startup_notes(2, 10, 512, 64, True, [Isolation(False, "unshare: Operation not permitted")])[1]
    'warning: cannot cut query workers off the network (unshare: Operation not permitted); the second layer is unavailable, and only the lexical SERVICE check keeps queries from other hosts'
    """
    notes = [f"{workers} query workers, each with {timeout:g} s per query and {memory_mb} MB; "
             f"{queue_size} more queries may wait"]
    if not isolate:
        notes.append("warning: query workers keep network access (isolation switched off); "
                     "only the lexical SERVICE check keeps queries from other hosts")
    elif all(i.isolated for i in isolations):
        notes.append(f"query workers have no network access ({isolations[0].how})")
    else:
        reason = next(i.how for i in isolations if not i.isolated)
        notes.append(f"warning: cannot cut query workers off the network ({reason}); the second "
                     "layer is unavailable, and only the lexical SERVICE check keeps queries from "
                     "other hosts")
    return notes


class _Worker:
    def __init__(self, process: subprocess.Popen, conn: Connection) -> None:
        self.process, self.conn, self.isolation = process, conn, None

    def alive(self) -> bool:
        return self.process.poll() is None

    def exit_code(self) -> int | None:
        try:
            return self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            return None

    def stop(self) -> None:
        if self.alive():
            self.process.kill()
        self.exit_code()
        self.conn.close()


class WorkerPool:
    """``workers`` persistent query processes on one store, and a queue of ``queue_size``.

    ``memory_mb`` bounds the resident memory of all workers together (each gets an equal
    share); ``isolate`` cuts the workers off the network; ``setup`` (``"module:function"``)
    names a function each worker calls before it opens the store (the tests use it).
    """

    def __init__(self, store_dir: Path, *, workers: int, timeout: float, max_rows: int,
                 queue_size: int, memory_mb: int, isolate: bool = True,
                 setup: str | None = None) -> None:
        self.store_dir = Path(store_dir)
        self.size = max(1, workers)
        self.timeout = timeout
        self.max_rows = max_rows
        self.queue_size = max(0, queue_size)
        self.memory_limit = memory_mb * 1024 * 1024 // self.size
        self.isolate = isolate
        self.setup = setup
        self._queue: deque[Job] = deque()
        self._lock = threading.Condition()
        self._workers: list[_Worker | None] = [None] * self.size
        self._threads: list[threading.Thread] = []
        self._closing = False
        self._busy = 0  # queries taken by a dispatcher and not finished
        self._service_times: deque[float] = deque(maxlen=50)
        self.replaced = 0  # workers killed or lost, and started again
        self.isolation = None

    # -- life cycle --

    def _spawn(self) -> _Worker:
        ours, theirs = socket.socketpair()
        try:
            process = subprocess.Popen(
                [sys.executable, "-m", "kg.serve.worker", str(theirs.fileno())],
                pass_fds=(theirs.fileno(),), stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL)
        finally:
            theirs.close()
        worker = _Worker(process, Connection(ours.detach()))
        try:
            worker.conn.send({"store_dir": str(self.store_dir), "max_rows": self.max_rows,
                              "isolate": self.isolate, "setup": self.setup, "parent": os.getpid(),
                              "sys_path": list(sys.path)})
            if not worker.conn.poll(_START_TIMEOUT):
                raise KgError("a query worker did not start in time", hint="check the store")
            state, detail = worker.conn.recv()
        except (EOFError, OSError):
            worker.stop()
            raise KgError(f"a query worker stopped while starting (exit code "
                          f"{process.returncode})", hint="rebuild the store with `kg build`") from None
        except KgError:
            worker.stop()
            raise
        if state != "ready":
            worker.stop()
            raise KgError(f"a query worker could not start: {detail}")
        worker.isolation = detail
        return worker

    def start(self) -> list[str]:
        """Start the workers; return what the server should say about them (one line each)."""
        for index in range(self.size):
            self._workers[index] = self._spawn()
        isolations = [worker.isolation for worker in self._workers]
        self.isolation = isolations[0]
        for index in range(self.size):
            thread = threading.Thread(target=self._dispatch, args=(index,), daemon=True,
                                      name=f"kg-serve-dispatch-{index}")
            thread.start()
            self._threads.append(thread)
        return startup_notes(self.size, self.timeout, self.memory_limit >> 20, self.queue_size,
                             self.isolate, isolations)

    def close(self) -> None:
        with self._lock:
            self._closing = True
            for job in self._queue:
                job.finish(Outcome(503, b"the server is stopping"))
            self._queue.clear()
            self._lock.notify_all()
        for _index, worker in enumerate(self._workers):
            if worker is not None:
                worker.stop()  # a dispatcher waiting on it sees EOF and ends
        for thread in self._threads:
            thread.join(timeout=10)
        self._workers = [None] * self.size

    # -- queue --

    def _retry_after(self) -> int:
        times = self._service_times
        typical = sum(times) / len(times) if times else 1.0
        return max(1, min(60, math.ceil(typical * (len(self._queue) + 1) / self.size)))

    def submit(self, text: str, accepted: list[str], explicit: str | None = None) -> Job:
        """Queue a query; raise :class:`PoolFull` when the queue is full."""
        job = Job(text, accepted, explicit)
        with self._lock:
            if self._closing:
                raise PoolFull("the server is stopping", 1)
            if len(self._queue) + self._busy >= self.size + self.queue_size:
                raise PoolFull(f"the server is busy: {len(self._queue)} queries are waiting",
                               self._retry_after())
            self._queue.append(job)
            self._lock.notify()
        return job

    def cancel(self, job: Job) -> None:
        """The client left: drop the query if it waits, stop its worker if it runs."""
        with self._lock:
            job.cancelled = True
            if job in self._queue:
                self._queue.remove(job)
                job.finish(None)

    def wait(self, job: Job, client_gone: Callable[[], bool] | None = None) -> Outcome | None:
        """The outcome of ``job``; ``None`` if ``client_gone()`` became true first."""
        while not job.done.wait(0.1):
            if client_gone is not None and client_gone():
                self.cancel(job)
                return None
        return job.outcome

    def _take(self) -> Job | None:
        with self._lock:
            while not self._queue and not self._closing:
                self._lock.wait()
            if self._closing:
                return None
            self._busy += 1
            return self._queue.popleft()

    def pending(self) -> tuple[int, int]:
        """(queries running, queries waiting)."""
        with self._lock:
            return self._busy, len(self._queue)

    # -- one dispatcher thread per worker --

    def _replace(self, index: int) -> None:
        worker = self._workers[index]
        if worker is not None:
            worker.stop()
        self._workers[index] = None
        self.replaced += 1
        if not self._closing:
            self._workers[index] = self._spawn()

    def _dispatch(self, index: int) -> None:
        while True:
            job = self._take()
            if job is None:
                return
            outcome = None
            try:
                outcome = self._run(index, job)
            except KgError as err:  # a replacement worker could not start
                outcome = Outcome(500, f"cannot start a query worker: {err}".encode())
            except Exception as err:  # noqa: BLE001 - keep the dispatcher alive, say what failed
                outcome = Outcome(500, f"the query worker failed: {err}".encode())
            finally:
                with self._lock:
                    self._busy -= 1
                job.finish(outcome)

    def _run(self, index: int, job: Job) -> Outcome | None:
        if job.cancelled:
            return None
        if self._workers[index] is None or not self._workers[index].alive():
            self._replace(index)
        worker = self._workers[index]
        job.started = time.monotonic()
        deadline = job.started + self.timeout
        try:
            worker.conn.send((job.text, job.accepted, job.explicit))
        except OSError:
            self._replace(index)
            return Outcome(500, b"the query worker stopped before it got the query; it was replaced")
        while True:
            try:
                if worker.conn.poll(_POLL):
                    outcome = worker.conn.recv()
                    break
            except (EOFError, OSError):
                code = worker.exit_code()
                if self._closing:
                    return Outcome(503, b"the server is stopping")
                self._replace(index)
                how = f"signal {-code}" if code is not None and code < 0 else f"exit code {code}"
                return Outcome(500, f"the query worker stopped ({how}) without an answer; it "
                                    "was replaced".encode())
            if job.cancelled:
                self._replace(index)
                return None
            if time.monotonic() > deadline:
                self._replace(index)
                return Outcome(503, f"the query ran longer than the {self.timeout:g} s limit"
                                    .encode())
            if self.memory_limit and _rss_bytes(worker.process.pid) > self.memory_limit:
                self._replace(index)
                return Outcome(503, f"the query needed more than {self.memory_limit >> 20} MB "
                                    "of memory".encode())
        self._service_times.append(time.monotonic() - job.started)
        if self.memory_limit and _rss_bytes(worker.process.pid) > self.memory_limit * 3 // 4:
            self._replace(index)  # give the memory back before the next query
        return outcome

    def worker_pids(self) -> list[int]:
        """Process ids of the current workers."""
        return [w.process.pid for w in self._workers if w is not None]
