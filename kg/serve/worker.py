"""A bounded pool of persistent query worker processes, with a bounded queue in front.

Oxigraph cannot interrupt a running query, so queries run in worker processes that the pool can
kill. Each worker is a fresh interpreter (``python -m kg.serve.worker``: no fork of the threaded
server, no re-import of the caller's main module) that first cuts itself off the network
(:mod:`kg.serve.sandbox`, while it is still single-threaded), then imports the engine, opens the
store read-only once, and answers queries one at a time over a socket pair, in a thread with a
512 MB stack (address space only: deep recursion in Oxigraph then fails far beyond what
:mod:`kg.query.guard` lets through, rather than at the usual 8 MB).

- :meth:`WorkerPool.submit` queues a query, or raises :class:`PoolFull` (the endpoint's 503 with
  ``Retry-After``) when every worker is busy and ``queue_size`` queries wait already.
- The time limit counts execution only: it starts when a worker takes the query. A worker that
  exceeds it, or whose resident memory passes its share of ``memory_mb``, is killed and
  replaced; the query gets a 503.
- :meth:`WorkerPool.wait` polls whether the client is still there: a query whose client left is
  dropped from the queue or, if it runs, its worker is killed and replaced.
- A worker that dies (a crash in the engine) is replaced; its query gets a 500.
"""

from __future__ import annotations

import io
import os
import sys
import threading
import traceback
from dataclasses import dataclass, field
from itertools import islice
from multiprocessing.connection import Connection
from pathlib import Path

from kg.errors import KgError

__all__ = ["Outcome", "PoolFull", "Job", "default_workers"]

_STACK_BYTES = 512 << 20
_POLL = 0.05  # seconds between checks of a running query's deadline, memory and client
_START_TIMEOUT = 60.0


def default_workers() -> int:
    """One worker per core this process may run on, at most 16.

    >>> 1 <= default_workers() <= 16
    True
    """
    try:
        cores = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        cores = os.cpu_count() or 1
    return max(1, min(16, cores))


@dataclass(frozen=True)
class Outcome:
    status: int  # HTTP status
    body: bytes
    fmt: str | None = None  # results format name when status is 200


class PoolFull(Exception):
    """The queue is full; ``retry_after`` estimates, in seconds, when it will not be."""

    def __init__(self, message: str, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = retry_after


@dataclass(eq=False)
class Job:
    """One query on its way through the pool."""

    text: str
    accepted: list[str]
    explicit: str | None
    done: threading.Event = field(default_factory=threading.Event)
    outcome: Outcome | None = None
    cancelled: bool = False
    started: float | None = None

    def finish(self, outcome: Outcome | None) -> None:
        self.outcome = outcome
        self.done.set()


# --- inside a worker process -----------------------------------------------------------------

def _kind(result) -> str:
    import pyoxigraph as ox

    if isinstance(result, ox.QueryBoolean):
        return "ask"
    if isinstance(result, ox.QueryTriples):
        return "construct"
    return "select"


class _TooManyRows(Exception):
    pass


class _CappedRows(io.RawIOBase):
    """Collects SPARQL TSV results (one line per row) and stops the writer past ``limit`` rows."""

    def __init__(self, limit: int) -> None:
        self.limit, self.lines, self.chunks = limit, 0, []

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:
        data = bytes(data)
        self.lines += data.count(b"\n")
        if self.lines > self.limit + 1:  # the header line, then one line per row
            raise _TooManyRows
        self.chunks.append(data)
        return len(data)


def _execute(store, text: str, accepted: list[str], explicit: str | None, max_rows: int) -> Outcome:
    """Run a query once. SELECT rows are streamed into SPARQL TSV (lossless, one line per row)
    up to the cap, then written in the negotiated format by Oxigraph; graphs are collected up to
    the cap. The previous worker counted the rows and ran every query a second time."""
    import pyoxigraph as ox

    from kg.errors import QueryError
    from kg.namespaces import PREFIXES
    from kg.query.engine import run_query
    from kg.query.formats import GRAPH_FORMATS, serialize_result
    from kg.query.guard import UpdateNotAllowed
    from kg.serve.negotiation import choose_format

    too_many = Outcome(413, f"the result has more than {max_rows} rows or triples; add LIMIT or "
                            "narrow the query".encode())
    try:
        result = run_query(store, text, source="request")
        kind = _kind(result)
        fmt = choose_format(accepted, kind, explicit)
        if kind == "ask":
            return Outcome(200, serialize_result(result, fmt), fmt)
        if kind == "construct":
            triples = list(islice(result, max_rows + 1))
            if len(triples) > max_rows:
                return too_many
            options = {"prefixes": PREFIXES} if fmt == "turtle" else {}
            return Outcome(200, ox.serialize(triples, format=GRAPH_FORMATS[fmt], **options), fmt)
        rows = _CappedRows(max_rows)
        try:
            result.serialize(rows, ox.QueryResultsFormat.TSV)
        except _TooManyRows:
            return too_many
        tsv = b"".join(rows.chunks)
        if fmt == "tsv":
            return Outcome(200, tsv, fmt)
        parsed = ox.parse_query_results(tsv, ox.QueryResultsFormat.TSV)
        return Outcome(200, serialize_result(parsed, fmt), fmt)
    except UpdateNotAllowed as err:
        return Outcome(403, str(err).encode())
    except QueryError as err:
        return Outcome(400, str(err).encode())
    except KgError as err:
        return Outcome(500, str(err).encode())
    except Exception as err:  # noqa: BLE001 - report anything else as a server error, in one line
        return Outcome(500, " ".join(f"query failed: {err}".split()).encode())


def _answer_queries(conn: Connection, store, max_rows: int) -> None:
    while True:
        try:
            text, accepted, explicit = conn.recv()
        except (EOFError, OSError):
            return
        conn.send(_execute(store, text, accepted, explicit, max_rows))


def _die_with_parent(parent: int) -> None:
    """Linux: be killed when the server goes, even in the middle of a query that never ends."""
    if sys.platform.startswith("linux"):
        import ctypes
        import signal

        ctypes.CDLL(None).prctl(1, int(signal.SIGKILL), 0, 0, 0)  # PR_SET_PDEATHSIG
    if os.getppid() != parent:  # the server went before the line above
        os._exit(0)


def _worker_main(conn: Connection) -> None:
    """The body of a worker process: isolate, open the store, answer queries until EOF."""
    from kg.serve.sandbox import Isolation, isolate_network

    settings = conn.recv()
    _die_with_parent(settings["parent"])
    isolation = (isolate_network() if settings["isolate"]  # first, while single-threaded
                 else Isolation(False, "switched off by the caller"))
    try:
        for entry in settings["sys_path"]:
            if entry not in sys.path:
                sys.path.append(entry)
        if settings["setup"]:
            import importlib

            module, _, name = settings["setup"].partition(":")
            getattr(importlib.import_module(module), name)()
        from kg.store import open_store

        store = open_store(Path(settings["store_dir"]))
    except KgError as err:
        conn.send(("failed", str(err)))
        return
    except Exception:  # noqa: BLE001 - tell the pool why, in one line
        conn.send(("failed", traceback.format_exc(limit=1).strip().splitlines()[-1]))
        return
    conn.send(("ready", isolation))
    threading.stack_size(_STACK_BYTES)
    runner = threading.Thread(target=_answer_queries, args=(conn, store, settings["max_rows"]),
                              daemon=True)
    runner.start()
    runner.join()


if __name__ == "__main__":  # a worker process: python -m kg.serve.worker FD
    # run the module's own copy, so that what it sends pickles as kg.serve.worker.Outcome
    from kg.serve.worker import _worker_main as main

    main(Connection(int(sys.argv[1])))
