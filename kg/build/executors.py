"""Where the per-document stage runs: in this process, in local worker processes, or on Dask.

Every executor maps :func:`kg.build.documents.process_document` over documents and yields the
results in document order; the result is bytes, so every executor gives the same build.

- ``local`` (default): worker processes on this machine (one per core), or this process alone
  when there are few documents to redo;
- ``dask-local``: a Dask ``LocalCluster`` on this machine (needs the ``dask`` extra);
- ``tcp://host:8786`` (any Dask scheduler address): the documents run on that cluster's
  workers, which need this package installed and the seeds folder at the same path.

>>> resolve_executor("local").name, resolve_executor("tcp://scheduler:8786").name
('local', 'tcp://scheduler:8786')
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass

from kg.errors import UsageError

__all__ = ["Executor", "resolve_executor", "PARALLEL_THRESHOLD"]

#: Below this many documents to redo, the local executor works in this process (starting
#: workers costs more than it saves).
PARALLEL_THRESHOLD = 16


@dataclass(frozen=True)
class Executor:
    name: str
    workers: int | None = None

    def map(self, function: Callable, items: list, spec) -> Iterator:
        """``function(item, spec)`` for each item, in order; the first failure (in order) raises."""
        if not items:
            return iter(())
        if self.name == "local":
            return self._local(function, items, spec)
        return self._dask(function, items, spec)

    def _local(self, function, items, spec):
        workers = self.workers or os.cpu_count() or 1
        if len(items) < PARALLEL_THRESHOLD or workers < 2:
            return (function(item, spec) for item in items)
        return _pool_map(function, items, spec, workers)

    def _dask(self, function, items, spec):
        try:
            from distributed import Client, LocalCluster
        except ImportError as err:
            raise UsageError("the Dask executor needs the dask extra",
                             hint="pip install 'localgov-kg[dask]'") from err
        if self.name == "dask-local":
            cluster = LocalCluster(n_workers=self.workers or os.cpu_count() or 1,
                                   threads_per_worker=1, processes=True, dashboard_address=None)
            client = Client(cluster)
        else:
            cluster, client = None, Client(self.name)
        try:
            shared = client.scatter(spec, broadcast=True)
            futures = client.map(function, items, spec=shared, pure=False)
            return iter([future.result() for future in futures])  # the first failure, in order
        finally:
            client.close()
            if cluster is not None:
                cluster.close()


_SPEC: list = []


def _remember(spec) -> None:
    _SPEC[:] = [spec]


def _call(function, item):
    return function(item, _SPEC[0])


def _pool_map(function, items, spec, workers):
    """The spec goes to each worker once (pool initializer), not with every document."""
    from functools import partial

    with ProcessPoolExecutor(max_workers=workers, initializer=_remember,
                             initargs=(spec,)) as pool:
        yield from pool.map(partial(_call, function), items, chunksize=8)


def resolve_executor(name: str | None, workers: int | None = None) -> Executor:
    """The executor a name selects: ``local``, ``dask-local`` or a Dask scheduler address."""
    name = name or "local"
    if name in ("local", "dask-local") or name.startswith(("tcp://", "tls://", "inproc://")):
        return Executor(name, workers)
    raise UsageError(f"unknown executor '{name}'",
                     hint="use local, dask-local, or a Dask scheduler address such as "
                          "tcp://scheduler:8786")
