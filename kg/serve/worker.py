"""Run one query in a separate process, so that a time limit can stop it.

Oxigraph cannot interrupt a running query, so each request runs in a worker process (started from
a fork server that has the query engine imported) which the endpoint terminates at the time limit.
The worker opens the store read-only, checks the result size against the cap by counting first,
then serialises with Oxigraph's own W3C serialisers.
"""

from __future__ import annotations

import multiprocessing
from dataclasses import dataclass
from pathlib import Path

__all__ = ["Outcome", "run_with_limits"]


@dataclass(frozen=True)
class Outcome:
    status: int  # HTTP status
    body: bytes
    fmt: str | None = None  # results format name when status is 200


def _count(result) -> int:
    return sum(1 for _ in result)


def _execute(store_dir: str, text: str, fmt: str, max_rows: int, conn) -> None:
    import pyoxigraph as ox

    from kg.errors import KgError
    from kg.query.engine import run_query
    from kg.query.formats import serialize_result
    from kg.store import open_store

    try:
        store = open_store(Path(store_dir))
        result = run_query(store, text, source="request")
        if not isinstance(result, ox.QueryBoolean):
            if _count(result) > max_rows:
                conn.send(Outcome(413, f"the result has more than {max_rows} rows or triples; "
                                       "add LIMIT or narrow the query".encode()))
                return
            result = run_query(store, text, source="request")
        conn.send(Outcome(200, serialize_result(result, fmt), fmt))
    except KgError as err:
        conn.send(Outcome(400, str(err).encode()))
    except Exception as err:  # noqa: BLE001 - report anything else as a server error, in one line
        conn.send(Outcome(500, f"query failed: {err}".encode()))
    finally:
        conn.close()


def _context():
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["kg.query.engine", "kg.query.formats", "kg.store"])
    return context


def run_with_limits(store_dir: Path, text: str, fmt: str, *, timeout: float,
                    max_rows: int) -> Outcome:
    """Run ``text`` on the store; 503 when it exceeds ``timeout`` seconds."""
    context = _context()
    receiver, sender = context.Pipe(duplex=False)
    process = context.Process(target=_execute, args=(str(store_dir), text, fmt, max_rows, sender),
                              daemon=True)
    process.start()
    sender.close()
    try:
        if receiver.poll(timeout):
            return receiver.recv()
        return Outcome(503, f"the query ran longer than the {timeout:g} s limit".encode())
    except EOFError:
        return Outcome(500, b"the query worker stopped without an answer")
    finally:
        if process.is_alive():
            process.terminate()
        process.join(timeout=5)
        receiver.close()
