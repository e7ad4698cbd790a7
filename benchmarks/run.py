#!/usr/bin/env python
"""Generate synthetic corpora and measure ``kg`` on them, against raw pyoxigraph, rdflib, igraph
and kglab. Reports medians over repeats and ratios, prints a table and writes JSON.

    python benchmarks/run.py --sizes 10,100 --repeat 3 --json benchmarks/results.json

For each size N (documents), in a temporary folder:

1. ``generate.py --documents N --seed SEED`` writes the corpus;
2. ``kg build`` runs as a subprocess, cold (a fresh output folder, so no ``.kg-cache``), REPEAT
   times: wall time; peak memory as the largest resident set of the process tree sampled every
   50 ms (psutil) and the largest single process (``wait4`` rusage);
3. one document gets one more sentence and one more statement quoting it, and ``kg build`` runs
   again into the same output folder (its cache warm): the one-document rebuild;
4. every library query (``queries/*.rq``) runs on the built store through
   ``kg.query.engine.run_query``, on raw pyoxigraph (``kg.ttl`` loaded into an in-memory store's
   default graph) and on rdflib (``kg.ttl`` parsed into a ``Graph``, in a worker process with a
   per-query timeout); every result row is consumed;
5. PageRank and betweenness (sampled: 256 sources, seed 42; exact) through
   ``kg.network.centrality`` on the projection, and through python-igraph on the same undirected
   projection;
6. ``kg.views.html.render_page`` for the whole graph and for an ego network of about 2,000 nodes;
7. kglab, if installed: load of ``kg.ttl``, one multi-join query, and a pyvis render of the
   projection's ties, in a worker process with a timeout.

Nothing is hard-coded: every figure in the report is measured by this run.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import os
import platform
import random
import re
import select
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

import generate  # noqa: E402  (benchmarks/generate.py)

__all__ = ["run_build", "measure_builds", "mutate_one_document", "query_benchmarks",
           "centrality_benchmarks", "html_benchmarks", "peer_benchmarks", "benchmark_size",
           "format_report", "machine_info", "count_patterns"]

SEED = 42
SAMPLE = 256
EGO_TARGET = 2000
DEFAULT_PEER_QUERY = "posts-by-department"
#: Library queries with at least this many triple patterns are "multi-join".
MULTI_JOIN_PATTERNS = 3


# --------------------------------------------------------------------------------------------------
# Small helpers
# --------------------------------------------------------------------------------------------------

def median(values):
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


def ratio(a, b):
    return a / b if a is not None and b not in (None, 0) else None


def timed(fn, repeat: int, budget: float | None = None):
    """Run ``fn`` up to ``repeat`` times (stopping early once ``budget`` seconds are spent,
    after at least one run); return (times, last result). A run under 10 ms is re-measured as
    the mean of a batch of runs lasting about 50 ms, so that tiny figures are not timer noise."""
    times, result, spent = [], None, 0.0
    for _ in range(max(1, repeat)):
        start = time.perf_counter()
        result = fn()
        elapsed = time.perf_counter() - start
        if elapsed < 0.01:
            batch = max(1, min(1000, int(0.05 / max(elapsed, 1e-6))))
            start = time.perf_counter()
            for _ in range(batch):
                result = fn()
            elapsed = (time.perf_counter() - start) / batch
        times.append(elapsed)
        spent += elapsed
        if budget is not None and spent > budget:
            break
    return times, result


def consume(result) -> int:
    """Iterate a query result to the end, touching every value of every row; return the rows."""
    if isinstance(result, bool):
        return 1
    rows = 0
    for row in result:
        tuple(row)
        rows += 1
    return rows


def kg_command() -> list[str]:
    """The ``kg`` console script of this interpreter's environment."""
    script = Path(sys.executable).with_name("kg")
    if script.is_file():
        return [sys.executable, str(script)]
    found = shutil.which("kg")
    return [found] if found else [sys.executable, "-m", "kg.cli"]


def kg_source_digest() -> str:
    """SHA-256 over kg/**/*.py, ontology/ and queries/: which code the figures were measured on."""
    digest = hashlib.sha256()
    for base in (ROOT / "kg", ROOT / "ontology", ROOT / "queries"):
        for path in sorted(p for p in base.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
            digest.update(path.relative_to(ROOT).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


def _version(module: str) -> str | None:
    from importlib import metadata

    try:
        return metadata.version(module)
    except metadata.PackageNotFoundError:
        return None


def machine_info() -> dict:
    info = {"cpus": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform()}
    try:
        info["cpus_usable"] = len(os.sched_getaffinity(0))
    except AttributeError:
        pass
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                info["memory_gb"] = round(int(line.split()[1]) / 1024 ** 2, 1)
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                info["cpu"] = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    info["versions"] = {m: _version(m) for m in ("localgov-kg", "pyoxigraph", "rdflib", "pyshacl",
                                                 "networkx", "igraph", "pyvis", "kglab", "psutil")}
    return info


# --------------------------------------------------------------------------------------------------
# kg build as a subprocess: wall time and peak memory
# --------------------------------------------------------------------------------------------------

class TreeMemorySampler(threading.Thread):
    """Samples the resident set of a process and all its descendants every ``interval`` s."""

    def __init__(self, pid: int, interval: float = 0.05):
        super().__init__(daemon=True)
        self.pid, self.interval = pid, interval
        self.peak = 0
        self._stop_event = threading.Event()
        try:
            import psutil  # noqa: F401

            self.available = True
        except ImportError:
            self.available = False

    def run(self) -> None:
        if not self.available:
            return
        import psutil

        try:
            root = psutil.Process(self.pid)
        except psutil.Error:
            return
        while not self._stop_event.is_set():
            total = 0
            try:
                procs = [root] + root.children(recursive=True)
            except psutil.Error:
                break
            for proc in procs:
                try:
                    total += proc.memory_info().rss
                except psutil.Error:
                    pass
            self.peak = max(self.peak, total)
            self._stop_event.wait(self.interval)

    def stop(self) -> None:
        self._stop_event.set()
        self.join(timeout=5)


def run_build(seeds: Path, out: Path, *, timeout: float | None = None, trace: Path | None = None,
              interval: float = 0.5, skip_shacl: bool = False) -> dict:
    """``kg build --seeds SEEDS --out OUT`` as a subprocess.

    Returns wall seconds, ``peak_tree_mb`` (sum of the RSS of the process and its workers, sampled;
    shared pages count once per process, so an upper bound), ``peak_process_mb`` (the largest
    single process, from the kernel's rusage: a lower bound), the exit code and the triple count
    ``kg build`` reports.

    With ``trace``, the same command runs through a wrapper (this file, ``--worker traced-build``)
    that calls ``kg.cli.main`` in-process with a thread sampling the main thread's stack every
    ``interval`` s into ``trace`` (JSON lines): where the time goes, even if the build is killed.
    ``skip_shacl`` (traced runs only) replaces ``kg.build.shape_violations`` with a function that
    finds nothing: NOT a kg option, only a benchmark fallback to get a store when validation
    cannot finish.
    """
    kg_args = ["build", "--seeds", str(seeds), "--out", str(out)]
    cmd = kg_command() + kg_args
    if trace is not None:
        cmd = [sys.executable, str(Path(__file__).resolve()), "--worker", "traced-build", str(trace),
               str(interval), *kg_args]
    with tempfile.TemporaryFile() as stdout, tempfile.TemporaryFile() as stderr:
        start = time.perf_counter()
        env = dict(os.environ, KG_BENCH_SKIP_SHACL="1") if skip_shacl else None
        if skip_shacl and trace is None:
            raise ValueError("skip_shacl needs a traced build")
        proc = subprocess.Popen(cmd, stdout=stdout, stderr=stderr, start_new_session=True, env=env)
        sampler = TreeMemorySampler(proc.pid)
        sampler.start()
        killed = threading.Event()

        def kill():
            killed.set()
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass

        timer = threading.Timer(timeout, kill) if timeout else None
        if timer:
            timer.start()
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        if timer:
            timer.cancel()
        sampler.stop()
        stdout.seek(0)
        stderr.seek(0)
        out_text = stdout.read().decode("utf-8", "replace")
        err_text = stderr.read().decode("utf-8", "replace")
    match = re.search(r"built (\d+) triples", out_text)
    stages = summarise_trace(trace, wall) if trace is not None else None
    return {"wall_s": wall, "returncode": proc.returncode, "timed_out": killed.is_set(), "stages": stages,
            "peak_process_mb": usage.ru_maxrss / 1024,
            "peak_tree_mb": sampler.peak / 1024 ** 2 if sampler.available else None,
            "triples": int(match.group(1)) if match else None,
            "stderr_tail": "\n".join(err_text.strip().splitlines()[-5:])[-2000:]}


def summarise_trace(path: Path, wall: float, depth: int = 2) -> dict | None:
    """Seconds per stage from a stack-sample trace: a stage is the chain of (at most ``depth``) kg
    functions just below ``build.build``; also the stages in time order (segments).

    Each sample is charged the time since the previous one: while a C extension holds the GIL the
    sampler cannot run, and the long gap that follows belongs to the stack it then sees."""
    if not Path(path).is_file():
        return None
    samples = [json.loads(line) for line in Path(path).read_text(encoding="utf-8").splitlines() if line.strip()]
    if not samples:
        return None
    interval = samples[0].get("interval", 0.5)
    seconds: dict[str, float] = {}
    leaves: dict[str, dict[str, float]] = {}
    segments: list[list] = []
    previous = 0.0
    for sample in samples:
        frames = sample["kg"]
        if "build.build" in frames:
            below = frames[frames.index("build.build") + 1:][:depth]
            key = " > ".join(below) if below else "build.build"
        else:
            key = "(startup, imports, exit)"
        charged = sample["t"] - previous
        seconds[key] = seconds.get(key, 0.0) + charged
        by_leaf = leaves.setdefault(key, {})
        leaf = sample.get("leaf") or "?"
        by_leaf[leaf] = by_leaf.get(leaf, 0.0) + charged
        if segments and segments[-1][2] == key:
            segments[-1][1] = sample["t"]
        else:
            segments.append([previous, sample["t"], key])
        previous = sample["t"]
    ordered = dict(sorted(seconds.items(), key=lambda kv: -kv[1]))
    return {"interval_s": interval, "samples": len(samples), "wall_s": wall, "seconds": ordered,
            "innermost_package": {k: max(v, key=v.get) for k, v in leaves.items()},
            "timeline": [[round(a, 1), round(b, 1), k] for a, b, k in segments if b - a >= 2 * interval]}


def mutate_one_document(seeds: Path, n: int = 1) -> str:
    """Append one sentence to the first document and one statement quoting it; return its id.

    The sentence repeats the document's first quote after a new prefix (``补记N：``), and the
    statement restates the first statement's facts, so the build gains one evidence record per
    fact and the document's cache key changes.
    """
    import yaml

    path = sorted((Path(seeds) / "documents").glob("*.yaml"))[0]
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    first = data["statements"][0]
    facts = [list(f) for f in first.get("facts", [])]
    if "about" in first:
        for key, value in first.items():
            if key in ("about", "quote", "note", "facts"):
                continue
            for obj in value if isinstance(value, list) else [value]:
                facts.append([first["about"], key, obj])
    quote = f"补记{n}：{first['quote']}"
    text_path = path.with_suffix(".txt")
    text = text_path.read_text(encoding="utf-8")
    text_path.write_bytes((text.rstrip("\n") + f"\n{quote}。\n").encode("utf-8"))
    block = generate._dump([{"quote": quote, "note": "appended by benchmarks/run.py (rebuild benchmark)",
                             "facts": [generate.Flow(f) for f in facts]}])
    with path.open("ab") as handle:
        handle.write(block.encode("utf-8"))
    return path.stem


def measure_builds(seeds: Path, workdir: Path, repeat: int, *, timeout: float | None = None,
                   fallback_timeout: float | None = None, log=print) -> tuple[dict, Path | None]:
    """Cold builds (fresh output folders) and one-document rebuilds; return (figures, build dir).

    If the cold build fails and ``fallback_timeout`` is set, one more build runs with SHACL
    validation skipped (see :func:`run_build`), so the query, centrality and HTML benchmarks still
    get a store; the figures say so (``no_shacl_fallback``) and there is no rebuild measurement."""
    cold, build_dir = [], None
    for i in range(repeat):
        out = workdir / f"cold-{i}" / "build"
        result = run_build(seeds, out, timeout=timeout, trace=workdir / f"trace-cold-{i}.jsonl" if i == 0 else None)
        cold.append(result)
        log(f"  kg build (cold {i + 1}/{repeat}): {result['wall_s']:.1f} s, "
            f"peak {result['peak_tree_mb'] or 0:.0f} MB, exit {result['returncode']}")
        if result["returncode"] != 0:
            break
        if build_dir is not None:
            shutil.rmtree(build_dir.parent, ignore_errors=True)
        build_dir = out
    figures = {"cold": _summary(cold)}
    if build_dir is None:
        if fallback_timeout:
            out = workdir / "no-shacl" / "build"
            result = run_build(seeds, out, timeout=fallback_timeout, trace=workdir / "trace-no-shacl.jsonl",
                               skip_shacl=True)
            log(f"  kg build with SHACL skipped (benchmark fallback): {result['wall_s']:.1f} s, "
                f"exit {result['returncode']}")
            figures["no_shacl_fallback"] = _summary([result])
            if result["returncode"] == 0:
                return figures, out
        return figures, None
    warm = []
    for i in range(repeat):
        doc = mutate_one_document(seeds, i + 1)
        result = run_build(seeds, build_dir, timeout=timeout,
                           trace=workdir / f"trace-rebuild-{i}.jsonl" if i == 0 else None)
        result["changed_document"] = doc
        warm.append(result)
        log(f"  kg build after one document changed ({i + 1}/{repeat}): {result['wall_s']:.1f} s, "
            f"exit {result['returncode']}")
        if result["returncode"] != 0:
            break
    figures["rebuild_one_document"] = _summary(warm)
    return figures, build_dir


def _summary(runs: list[dict]) -> dict:
    ok = [r for r in runs if r["returncode"] == 0]
    return {"runs": runs, "ok": len(ok) == len(runs) and bool(runs),
            "wall_s": median([r["wall_s"] for r in ok]),
            "peak_tree_mb": median([r["peak_tree_mb"] for r in ok]),
            "peak_tree_mb_max": max((r["peak_tree_mb"] or 0 for r in ok), default=None),
            "peak_process_mb": median([r["peak_process_mb"] for r in ok]),
            "triples": ok[-1]["triples"] if ok else None}


# --------------------------------------------------------------------------------------------------
# Queries: kg's store, raw pyoxigraph, rdflib (worker process with a timeout)
# --------------------------------------------------------------------------------------------------

def count_patterns(text: str) -> int:
    """Triple patterns (property paths included) in a query, from rdflib's algebra."""
    from rdflib.plugins.sparql import prepareQuery

    from kg.namespaces import PREFIXES

    def walk(node) -> int:
        if hasattr(node, "name") and isinstance(node, dict):
            own = len(node.get("triples") or []) if node.name == "BGP" else 0
            return own + sum(walk(v) for v in node.values())
        if isinstance(node, (list, tuple)):
            return sum(walk(v) for v in node)
        return 0

    return walk(prepareQuery(text, initNs=PREFIXES).algebra)


class Worker:
    """A Python worker process (this file with ``--worker``) spoken to in JSON lines."""

    def __init__(self, args: list[str]):
        self.proc = subprocess.Popen([sys.executable, str(Path(__file__).resolve()), "--worker", *args],
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
                                     start_new_session=True)

    def send(self, message: dict) -> None:
        self.proc.stdin.write(json.dumps(message, ensure_ascii=False) + "\n")
        self.proc.stdin.flush()

    def receive(self, timeout: float) -> dict | None:
        """The next message, or None if none came within ``timeout`` s (the worker is killed)."""
        ready, _, _ = select.select([self.proc.stdout], [], [], timeout)
        line = self.proc.stdout.readline() if ready else ""
        if not line:
            self.close(kill=True)
            return None
        return json.loads(line)

    def close(self, kill: bool = False) -> None:
        if self.proc.poll() is None:
            if kill:
                try:
                    os.killpg(self.proc.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
            else:
                try:
                    self.proc.stdin.close()
                except OSError:
                    pass
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()


def rdflib_queries(ttl: Path, queries: list, repeat: int, timeout: float, *, load_timeout: float = 3600,
                   log=print) -> dict:
    """rdflib: parse ``ttl`` once in a worker, then each query with ``timeout`` s per run."""
    worker = Worker(["rdflib", str(ttl)])
    loaded = worker.receive(load_timeout)
    if loaded is None:
        return {"load": {"status": "timeout", "seconds": load_timeout}, "queries": {}}
    log(f"  rdflib parsed kg.ttl in {loaded['seconds']:.1f} s ({loaded['maxrss_mb']:.0f} MB)")
    results = {}
    for query in queries:
        if worker.proc.poll() is not None:
            results[query.name] = {"status": "worker lost"}
            continue
        worker.send({"name": query.name, "text": query.text, "repeat": repeat, "timeout": timeout})
        answer = worker.receive(timeout * repeat + 60)
        results[query.name] = answer or {"status": "timeout", "killed": True}
        if answer is None:  # the worker was killed: start another for the remaining queries
            worker = Worker(["rdflib", str(ttl)])
            if worker.receive(load_timeout) is None:
                break
    worker.close()
    return {"load": loaded, "queries": results}


def query_benchmarks(build_dir: Path, repeat: int, *, rdflib_timeout: float = 60.0,
                     skip_rdflib: bool = False, log=print) -> dict:
    """Every library query on kg's store, raw pyoxigraph and rdflib: per-query medians, ratios."""
    import pyoxigraph as ox

    from kg.namespaces import PREFIXES
    from kg.query.engine import run_query
    from kg.query.library import list_queries
    from kg.store import open_store

    queries = list_queries()
    ttl = Path(build_dir) / "kg.ttl"
    start = time.perf_counter()
    store = open_store(Path(build_dir) / "store")
    open_s = time.perf_counter() - start
    start = time.perf_counter()
    in_memory = open_store(Path(build_dir) / "store", memory=True)
    memory_open_s = time.perf_counter() - start
    raw = ox.Store()
    start = time.perf_counter()
    raw.bulk_load(path=str(ttl), format=ox.RdfFormat.TURTLE)
    raw_load_s = time.perf_counter() - start
    log(f"  store opened in {open_s * 1000:.1f} ms; raw pyoxigraph loaded kg.ttl in {raw_load_s:.1f} s")
    rows = []
    for query in queries:
        consume(run_query(store, query.text))  # warm-up, not timed
        ours_times, ours_rows = timed(lambda: consume(run_query(store, query.text)), repeat)
        consume(run_query(in_memory, query.text))
        memory_times, _ = timed(lambda: consume(run_query(in_memory, query.text)), repeat)
        consume(raw.query(query.text, prefixes=PREFIXES))
        raw_times, raw_rows = timed(lambda: consume(raw.query(query.text, prefixes=PREFIXES)), repeat)
        rows.append({"name": query.name, "patterns": count_patterns(query.text),
                     "ours_s": median(ours_times), "ours_memory_s": median(memory_times),
                     "raw_s": median(raw_times),
                     "ours_rows": ours_rows, "raw_rows": raw_rows})
    if skip_rdflib:
        rdflib = {"load": {"status": "skipped"}, "queries": {}}
    else:
        rdflib = rdflib_queries(ttl, queries, repeat, rdflib_timeout, log=log)
    for row in rows:
        answer = rdflib["queries"].get(row["name"], {"status": "skipped" if skip_rdflib else "not run"})
        row["rdflib_s"] = median(answer.get("times", [])) if answer.get("status") == "ok" else None
        row["rdflib_status"] = answer.get("status")
        row["rdflib_rows"] = answer.get("rows")
        row["multi_join"] = row["patterns"] >= MULTI_JOIN_PATTERNS
        row["ours_over_raw"] = ratio(row["ours_s"], row["raw_s"])
        row["memory_over_raw"] = ratio(row["ours_memory_s"], row["raw_s"])
        row["rdflib_over_ours"] = ratio(row["rdflib_s"], row["ours_s"])
        counts = {row["ours_rows"], row["raw_rows"]} | ({row["rdflib_rows"]} if row["rdflib_s"] else set())
        row["rows_agree"] = len(counts) == 1
    del store, in_memory
    return {"store_open_s": open_s, "memory_open_s": memory_open_s, "raw_load_s": raw_load_s,
            "rdflib_load_s": rdflib["load"].get("seconds"), "rdflib_load_mb": rdflib["load"].get("maxrss_mb"),
            "rdflib_load_status": rdflib["load"].get("status", "ok"), "queries": rows,
            "rdflib_timeout_s": rdflib_timeout}


# --------------------------------------------------------------------------------------------------
# Centrality: kg.network.centrality (networkx) vs python-igraph on the same undirected projection
# --------------------------------------------------------------------------------------------------

def centrality_benchmarks(build_dir: Path, repeat: int, *, exact_limit_s: float = 900.0,
                          log=print) -> dict:
    import igraph as ig
    import networkx as nx

    from kg.network.centrality import EXACT_BETWEENNESS_LIMIT, compute_centrality
    from kg.network.projection import project
    from kg.store import open_store

    store = open_store(Path(build_dir) / "store")
    project_times, network = timed(lambda: project(store), repeat)
    undirected = network.to_undirected(as_view=False)
    n, m = undirected.number_of_nodes(), undirected.number_of_edges()
    start = time.perf_counter()
    graph = ig.Graph.from_networkx(undirected)
    convert_s = time.perf_counter() - start
    names = graph.vs["_nx_name"]
    index = {name: i for i, name in enumerate(names)}
    result = {"nodes": n, "edges": m, "projection_s": median(project_times), "igraph_convert_s": convert_s}
    log(f"  projection: {n} nodes, {m} edges in {median(project_times):.2f} s")

    ours_times, ours = timed(lambda: compute_centrality(network, ["pagerank"]), repeat)
    ig_times, ig_scores = timed(lambda: graph.pagerank(weights="weight", directed=False), repeat)
    diff = max(abs(ours.values["pagerank"][v] - ig_scores[index[v]]) for v in names) if n else 0.0
    result["pagerank"] = {"ours_s": median(ours_times), "igraph_s": median(ig_times),
                          "ratio": ratio(median(ours_times), median(ig_times)), "max_abs_diff": diff,
                          "approximate": False}

    # sampled betweenness: kg samples only above EXACT_BETWEENNESS_LIMIT nodes; igraph gets the
    # same sources as networkx draws (random.Random(seed).sample(nodes, k)) and the same scaling
    ours_times, ours = timed(lambda: compute_centrality(network, ["betweenness"], sample=SAMPLE, seed=SEED),
                             repeat, budget=120)
    sampled = "betweenness" in ours.approximate
    if sampled:
        sources = random.Random(SEED).sample(list(undirected.nodes()), min(SAMPLE, n))
        source_idx = [index[s] for s in sources]
        ig_times, raw = timed(lambda: graph.betweenness(directed=False, sources=source_idx), repeat, budget=120)
        scale = (n / len(sources)) / ((n - 1) * (n - 2) / 2) if n > 2 else 1.0
    else:
        ig_times, raw = timed(lambda: graph.betweenness(directed=False), repeat, budget=120)
        scale = 1 / ((n - 1) * (n - 2) / 2) if n > 2 else 1.0
    sampled_ours_s = median(ours_times)
    diff = max(abs(ours.values["betweenness"][v] - raw[index[v]] * scale) for v in names) if n else 0.0
    result["betweenness_sampled"] = {
        "ours_s": sampled_ours_s, "igraph_s": median(ig_times), "ratio": ratio(sampled_ours_s, median(ig_times)),
        "approximate": sampled, "max_abs_diff": diff,
        "note": (f"sampled: {min(SAMPLE, n)} of {n} sources, seed {SEED}" if sampled else
                 f"exact: above {EXACT_BETWEENNESS_LIMIT} nodes kg computes it with igraph" if n > EXACT_BETWEENNESS_LIMIT
                 else f"exact: kg samples only above {EXACT_BETWEENNESS_LIMIT} nodes (without igraph)")}

    estimate = sampled_ours_s * n / SAMPLE if sampled else sampled_ours_s
    ig_times, raw = timed(lambda: graph.betweenness(directed=False), repeat, budget=120)
    exact = {"igraph_s": median(ig_times), "approximate": False}
    if estimate > exact_limit_s:
        exact.update(ours_s=None, ratio=None, estimated_ours_s=estimate,
                     note=f"kg/networkx exact run skipped: estimated {estimate:.0f} s from the sampled run "
                          f"(limit {exact_limit_s:.0f} s)")
    else:
        ours_times, ours = timed(lambda: compute_centrality(network, ["betweenness"], sample=max(n, 1), seed=SEED),
                                 repeat, budget=120)
        scale = 1 / ((n - 1) * (n - 2) / 2) if n > 2 else 1.0
        diff = max(abs(ours.values["betweenness"][v] - raw[index[v]] * scale) for v in names) if n else 0.0
        exact.update(ours_s=median(ours_times), ratio=ratio(median(ours_times), median(ig_times)),
                     max_abs_diff=diff)
    result["betweenness_exact"] = exact
    del store
    return result, network


# --------------------------------------------------------------------------------------------------
# HTML pages
# --------------------------------------------------------------------------------------------------

def pick_ego(network, target: int = EGO_TARGET) -> tuple:
    """(node, depth, size) of the ego network whose size is closest to ``target``, among the
    ten best-connected nodes and depths 1 to 4."""
    import networkx as nx

    undirected = network.to_undirected(as_view=True)
    candidates = sorted(network.nodes, key=lambda v: (-undirected.degree(v), str(v)))[:10]
    best = None
    for node in candidates:
        for depth in (1, 2, 3, 4):
            size = len(nx.single_source_shortest_path_length(undirected, node, cutoff=depth))
            if best is None or abs(size - target) < abs(best[2] - target):
                best = (node, depth, size)
            if size >= target:
                break
    return best


def html_benchmarks(build_dir: Path, network, repeat: int, log=print) -> dict:
    from kg.store import open_store
    from kg.views.html import ego_network, render_page

    store = open_store(Path(build_dir) / "store")
    times, page = timed(lambda: render_page(store, network, title="benchmark"), repeat, budget=300)
    result = {"whole": {"nodes": network.number_of_nodes(), "seconds": median(times),
                        "bytes": len(page.encode("utf-8"))}}
    node, depth, size = pick_ego(network)
    ego = ego_network(network, node, depth)
    times, page = timed(lambda: render_page(store, ego, title="benchmark ego"), repeat, budget=300)
    result["ego"] = {"centre": node, "depth": depth, "nodes": ego.number_of_nodes(), "seconds": median(times),
                     "bytes": len(page.encode("utf-8"))}
    log(f"  render_page: whole graph {result['whole']['seconds']:.2f} s, "
        f"ego network of {ego.number_of_nodes()} nodes {result['ego']['seconds']:.2f} s")
    del store
    return result


# --------------------------------------------------------------------------------------------------
# Peer: kglab (worker process), against kg on the same tasks
# --------------------------------------------------------------------------------------------------

def _edges_turtle(network, path: Path) -> None:
    """The projection's ties as Turtle (``<s> kg:<predicate> <o>``) for kglab's pyvis render."""
    from kg.namespaces import KG

    with path.open("w", encoding="utf-8") as handle:
        for s, o, data in sorted(network.edges(data=True)):
            for predicate in data["predicates"]:
                handle.write(f"<{s}> <{KG[predicate]}> <{o}> .\n")


def peer_benchmarks(build_dir: Path, network, *, query_name: str = DEFAULT_PEER_QUERY,
                    timeout: float = 600.0, workdir: Path, log=print) -> dict:
    import pyoxigraph as ox

    from kg.namespaces import PREFIXES
    from kg.query.engine import run_query
    from kg.query.library import load_query
    from kg.store import open_store
    from kg.views.html import render_page

    query = load_query(query_name)
    ours = {}
    start = time.perf_counter()
    raw = ox.Store()
    raw.bulk_load(path=str(Path(build_dir) / "kg.ttl"), format=ox.RdfFormat.TURTLE)
    ours["load_ttl_pyoxigraph_s"] = time.perf_counter() - start
    start = time.perf_counter()
    store = open_store(Path(build_dir) / "store")
    ours["open_store_s"] = time.perf_counter() - start
    start = time.perf_counter()
    ours["query_rows"] = consume(run_query(store, query.text))
    ours["query_s"] = time.perf_counter() - start
    start = time.perf_counter()
    render_page(store, network, title="benchmark")
    ours["render_s"] = time.perf_counter() - start
    result = {"query": query_name, "ours": ours, "render_edges": network.number_of_edges()}
    if _version("kglab") is None:
        result["kglab"] = {"status": "not installed"}
        return result
    edges = Path(workdir) / "projection-edges.nt"
    _edges_turtle(network, edges)
    worker = Worker(["kglab", str(Path(build_dir) / "kg.ttl"), str(edges)])
    worker.send({"text": query.text, "timeout": timeout})
    answer = worker.receive(3 * timeout + 3600)
    worker.close()
    result["kglab"] = answer or {"status": "timeout (killed)"}
    log(f"  kglab: {json.dumps(result['kglab'])[:300]}")
    return result


# --------------------------------------------------------------------------------------------------
# Workers (run in their own process)
# --------------------------------------------------------------------------------------------------

class _Timeout(Exception):
    pass


def _alarm(seconds: float):
    def handler(signum, frame):
        raise _Timeout()

    signal.signal(signal.SIGALRM, handler)
    signal.setitimer(signal.ITIMER_REAL, seconds)


def _disarm():
    signal.setitimer(signal.ITIMER_REAL, 0)


def _emit(message: dict) -> None:
    sys.stdout.write(json.dumps(message, ensure_ascii=False) + "\n")
    sys.stdout.flush()


def _maxrss_mb() -> float:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def worker_rdflib(ttl: str) -> None:
    from rdflib import Graph

    from kg.namespaces import PREFIXES

    start = time.perf_counter()
    graph = Graph()
    graph.parse(ttl, format="turtle")
    _emit({"event": "loaded", "seconds": time.perf_counter() - start, "triples": len(graph),
           "maxrss_mb": _maxrss_mb()})
    for line in sys.stdin:
        request = json.loads(line)
        times, rows, status = [], None, "ok"
        for _ in range(request["repeat"]):
            try:
                _alarm(request["timeout"])
                start = time.perf_counter()
                rows = consume(graph.query(request["text"], initNs=PREFIXES))
                times.append(time.perf_counter() - start)
                _disarm()
            except _Timeout:
                status = "timeout"
                break
            except Exception as err:  # noqa: BLE001 - reported, not raised
                _disarm()
                status = f"error: {type(err).__name__}: {err}"[:300]
                break
        _emit({"name": request["name"], "status": status, "times": times, "rows": rows,
               "timeout": request["timeout"]})


def worker_traced_build(trace: str, interval: str, *kg_args: str) -> None:
    """``kg`` in this process, with a thread sampling the main thread's stack into ``trace``."""
    import kg

    kg_dir = str(Path(kg.__file__).resolve().parent) + os.sep
    main_id = threading.get_ident()
    period = float(interval)
    start = time.perf_counter()
    stop = threading.Event()

    def name(code) -> str:
        module = code.co_filename[len(kg_dir):].removesuffix(".py").replace(os.sep, ".")
        return f"{module}.{code.co_name}"

    def leaf(frame) -> str:
        path = frame.f_code.co_filename
        marker = "site-packages" + os.sep
        if marker in path:
            return path.split(marker, 1)[1].split(os.sep, 1)[0]
        return "kg" if path.startswith(kg_dir) else "python"

    def sample() -> None:
        with open(trace, "w", encoding="utf-8") as handle:
            while not stop.wait(period):
                frame = sys._current_frames().get(main_id)
                chain = []
                innermost = frame
                while frame is not None:
                    if frame.f_code.co_filename.startswith(kg_dir):
                        chain.append(name(frame.f_code))
                    frame = frame.f_back
                handle.write(json.dumps({"t": round(time.perf_counter() - start, 3), "interval": period,
                                         "kg": chain[::-1], "leaf": leaf(innermost) if innermost else None})
                             + "\n")
                handle.flush()

    if os.environ.get("KG_BENCH_SKIP_SHACL") == "1":
        import kg.build

        if not hasattr(kg.build, "shape_violations"):
            raise SystemExit("kg.build.shape_violations is gone: cannot skip SHACL")
        kg.build.shape_violations = lambda graph, *args, **kwargs: []
    thread = threading.Thread(target=sample, daemon=True)
    thread.start()
    from kg.cli import main as kg_main

    sys.argv = ["kg", *kg_args]
    code = 0
    try:
        kg_main()
    except SystemExit as exit_:
        code = exit_.code if isinstance(exit_.code, int) else (0 if exit_.code is None else 1)
    stop.set()
    thread.join(timeout=5)
    sys.stdout.flush()
    os._exit(code)


def profile_build(seeds: Path, out: Path, stats_file: Path, top: int = 30) -> dict:
    """``python -m cProfile -o STATS kg build`` (cold), and its top kg functions by cumulative time.

    cProfile sees only the main process: per-document work done in worker processes shows as the
    time the main process waits for them."""
    cmd = [sys.executable, "-m", "cProfile", "-o", str(stats_file)] + kg_command()[-1:] + [
        "build", "--seeds", str(seeds), "--out", str(out)]
    start = time.perf_counter()
    completed = subprocess.run(cmd, capture_output=True, text=True)
    wall = time.perf_counter() - start
    import pstats

    stats = pstats.Stats(str(stats_file))
    rows = []
    for (filename, line, function), (cc, nc, tt, ct, callers) in stats.stats.items():
        rows.append({"function": f"{Path(filename).name}:{line}({function})", "file": filename,
                     "calls": nc, "tottime_s": tt, "cumtime_s": ct})
    kg_rows = sorted((r for r in rows if f"{os.sep}kg{os.sep}" in r["file"]), key=lambda r: -r["cumtime_s"])
    lib_rows = sorted((r for r in rows if f"{os.sep}kg{os.sep}" not in r["file"]), key=lambda r: -r["tottime_s"])
    return {"wall_s": wall, "returncode": completed.returncode, "kg_by_cumtime": kg_rows[:top],
            "libraries_by_tottime": lib_rows[:top]}


def worker_kglab(ttl: str, edges: str) -> None:
    request = json.loads(sys.stdin.readline())
    out: dict = {"status": "ok"}
    try:
        start = time.perf_counter()
        import kglab

        from kg.namespaces import PREFIXES

        out["import_s"] = time.perf_counter() - start
        start = time.perf_counter()
        kg = kglab.KnowledgeGraph(namespaces=PREFIXES, use_gpus=False)
        kg.load_rdf(ttl, format="ttl")
        out["load_s"] = time.perf_counter() - start
        out["load_mb"] = _maxrss_mb()
        try:
            _alarm(request["timeout"])
            start = time.perf_counter()
            out["query_rows"] = consume(kg.query(request["text"]))
            out["query_s"] = time.perf_counter() - start
            _disarm()
        except _Timeout:
            out["query_s"] = None
            out["query_status"] = f"timeout after {request['timeout']} s"
        ties = kglab.KnowledgeGraph(namespaces=PREFIXES, use_gpus=False)
        ties.load_rdf(edges, format="nt")
        try:
            _alarm(request["timeout"])
            start = time.perf_counter()
            net = kglab.SubgraphTensor(ties).build_pyvis_graph(notebook=False)
            html = net.generate_html()
            out["render_s"] = time.perf_counter() - start
            out["render_bytes"] = len(html.encode("utf-8"))
            _disarm()
        except _Timeout:
            out["render_s"] = None
            out["render_status"] = f"timeout after {request['timeout']} s"
    except Exception as err:  # noqa: BLE001 - reported, not raised
        out["status"] = f"error: {type(err).__name__}: {err}"[:300]
    _emit(out)


# --------------------------------------------------------------------------------------------------
# One size, the report, the command line
# --------------------------------------------------------------------------------------------------

def _checkpoint(results: dict, path: Path | None) -> None:
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(results, indent=1, ensure_ascii=False, default=str) + "\n",
                        encoding="utf-8")


def benchmark_size(n: int, args, workdir: Path, results: dict, log=print) -> dict:
    entry: dict = {"documents": n, "stage": "generate", "kg_source_digest_start": kg_source_digest(),
                   "loadavg": {}}
    results["sizes"][str(n)] = entry

    def save():
        entry["loadavg"][entry["stage"]] = [round(x, 2) for x in os.getloadavg()]
        entry["kg_source_digest_end"] = kg_source_digest()
        _checkpoint(results, args.json)

    seeds = workdir / "seeds"
    start = time.perf_counter()
    corpus = generate.generate(n, args.seed, seeds)
    entry["generate"] = {"seconds": time.perf_counter() - start, "entities": corpus.entities,
                         "statements": corpus.statements, "facts": corpus.facts,
                         "characters": corpus.characters, "traditional": corpus.traditional}
    log(f"[{n} documents] generated in {entry['generate']['seconds']:.1f} s: {corpus.statements} "
        f"statements, {corpus.facts} facts, {corpus.characters} characters")
    repeat = args.repeat if n < args.large else args.repeat_large
    entry["repeat"] = repeat
    entry["stage"] = "build"
    save()
    builds, build_dir = measure_builds(seeds, workdir, repeat, timeout=args.build_timeout,
                                       fallback_timeout=args.fallback_timeout, log=log)
    entry["build"] = builds
    entry["triples"] = builds["cold"]["triples"] or builds.get("no_shacl_fallback", {}).get("triples")
    entry["store_without_shacl"] = "no_shacl_fallback" in builds and not builds["cold"]["ok"]
    save()
    if build_dir is None:
        entry["stage"] = "build failed"
        save()
        return entry
    entry["stage"] = "queries"
    entry["queries"] = query_benchmarks(build_dir, repeat, rdflib_timeout=args.rdflib_timeout,
                                        skip_rdflib="rdflib" in args.skip, log=log)
    save()
    entry["stage"] = "centrality"
    entry["centrality"], network = centrality_benchmarks(build_dir, repeat, exact_limit_s=args.exact_limit,
                                                         log=log)
    save()
    entry["stage"] = "html"
    entry["html"] = html_benchmarks(build_dir, network, repeat, log=log)
    save()
    if "kglab" not in args.skip:
        entry["stage"] = "peer"
        entry["peer"] = peer_benchmarks(build_dir, network, timeout=args.peer_timeout, workdir=workdir, log=log)
    entry["stage"] = "done"
    save()
    return entry


def _fmt(value, unit: str = "s", digits: int = 2) -> str:
    if value is None:
        return "-"
    if unit == "ms":
        return f"{value * 1000:.{digits}f}"
    if unit == "x":
        return f"{value:.{digits}f}x" if value < 100 else f"{value:.0f}x"
    return f"{value:.{digits}f}"


def _table(header: list[str], rows: list[list[str]]) -> str:
    widths = [max(len(str(r[i])) for r in [header] + rows) for i in range(len(header))]
    line = lambda r: "  ".join(str(c).rjust(w) if i else str(c).ljust(w)  # noqa: E731
                               for i, (c, w) in enumerate(zip(r, widths)))
    return "\n".join([line(header), "  ".join("-" * w for w in widths)] + [line(r) for r in rows])


def format_report(results: dict) -> str:
    out = []
    machine = results.get("machine", {})
    out.append(f"machine: {machine.get('cpus')} CPUs ({machine.get('cpu', '?')}), "
               f"{machine.get('memory_gb')} GB RAM, Python {machine.get('python')}; "
               f"kg sources {results.get('kg_source_digest')}")
    sizes = results.get("sizes", {})
    header = ["documents", "triples", "build s", "peak tree MB", "peak proc MB", "rebuild 1 doc s"]
    rows = []
    for n, e in sizes.items():
        b = e.get("build", {})
        cold, warm = b.get("cold", {}), b.get("rebuild_one_document", {})
        if not cold.get("ok"):
            killed = any(r.get("timed_out") for r in cold.get("runs", []))
            fallback = b.get("no_shacl_fallback", {})
            rows.append([n, e.get("triples") or "-",
                         ("killed at " if killed else "failed at ") + _fmt((cold.get("runs") or [{}])[0].get("wall_s"), digits=0),
                         _fmt(max((r.get("peak_tree_mb") or 0 for r in cold.get("runs", [])), default=None), digits=0),
                         _fmt(max((r.get("peak_process_mb") or 0 for r in cold.get("runs", [])), default=None), digits=0),
                         f"(no SHACL: {_fmt(fallback.get('wall_s'), digits=0)} s)" if fallback else "-"])
            continue
        rows.append([n, e.get("triples") or "-", _fmt(cold.get("wall_s"), digits=1),
                     _fmt(cold.get("peak_tree_mb_max"), digits=0), _fmt(cold.get("peak_process_mb"), digits=0),
                     _fmt(warm.get("wall_s"), digits=1)])
    out += ["", "kg build (median of repeats; peak tree = largest summed RSS of kg and its workers)",
            _table(header, rows)]
    for n, e in sizes.items():
        if e.get("loadavg"):
            out.append(f"load average (1 min) when each stage ended, {n} documents: "
                       + ", ".join(f"{k} {v[0]}" for k, v in e["loadavg"].items())
                       + ("" if e.get("kg_source_digest_start") == e.get("kg_source_digest_end", e.get("kg_source_digest_start"))
                          else "  [kg sources changed during this size's run]"))
    for n, e in sizes.items():
        if e.get("store_without_shacl"):
            out.append(f"note: {n} documents: kg build did not finish; the figures below for this size use "
                       "a build with SHACL validation skipped by the benchmark (not a kg option).")
    for n, e in sizes.items():
        for label, key in (("cold build", "cold"), ("one-document rebuild", "rebuild_one_document"),
                           ("build with SHACL skipped (benchmark fallback)", "no_shacl_fallback")):
            runs = e.get("build", {}).get(key, {}).get("runs") or []
            stages = runs[0].get("stages") if runs else None
            if not stages:
                continue
            total = sum(stages["seconds"].values()) or 1
            rows = [[k, f"{v:.1f}", f"{100 * v / total:.0f}%", stages["innermost_package"].get(k, "")]
                    for k, v in list(stages["seconds"].items())[:12]]
            status = "killed at the time limit" if runs[0].get("timed_out") else f"exit {runs[0]['returncode']}"
            out += ["", f"where the time goes, {label}, {n} documents ({status}; wall {runs[0]['wall_s']:.1f} s; "
                        f"main-thread stack sampled every {stages['interval_s']} s)",
                    _table(["stage (kg functions below build.build)", "s", "share", "innermost package"], rows)]
    for n, e in sizes.items():
        q = e.get("queries")
        if not q:
            continue
        out += ["", f"queries, {n} documents (median ms; store open {_fmt(q['store_open_s'], 'ms', 1)} ms, "
                    f"copied into memory {_fmt(q.get('memory_open_s'), digits=1)} s, "
                    f"raw pyoxigraph load {_fmt(q['raw_load_s'], digits=1)} s, rdflib parse "
                    f"{_fmt(q['rdflib_load_s'], digits=1)} s, rdflib timeout {q['rdflib_timeout_s']:.0f} s)"]
        rows = []
        for r in q["queries"]:
            rdflib = _fmt(r["rdflib_s"], "ms", 1) if r["rdflib_s"] is not None else (r["rdflib_status"] or "-")
            rows.append([r["name"], r["patterns"], "yes" if r["multi_join"] else "", r["ours_rows"],
                         _fmt(r["ours_s"], "ms", 1), _fmt(r.get("ours_memory_s"), "ms", 1),
                         _fmt(r["raw_s"], "ms", 1), rdflib, _fmt(r["ours_over_raw"], "x"),
                         _fmt(r.get("memory_over_raw"), "x"), _fmt(r["rdflib_over_ours"], "x", 1),
                         "" if r["rows_agree"] else "DIFFER"])
        out.append(_table(["query", "patterns", "multi-join", "rows", "ours disk", "ours memory",
                           "raw oxigraph", "rdflib", "disk/raw", "memory/raw", "rdflib/disk", "rows"], rows))
    for n, e in sizes.items():
        c = e.get("centrality")
        if not c:
            continue
        out += ["", f"centrality, {n} documents: {c['nodes']} nodes, {c['edges']} edges "
                    f"(projection {_fmt(c['projection_s'])} s; igraph conversion {_fmt(c['igraph_convert_s'])} s, "
                    "not counted)"]
        rows = []
        for key, label in (("pagerank", "PageRank"), ("betweenness_sampled", "betweenness, sampled"),
                           ("betweenness_exact", "betweenness, exact")):
            r = c[key]
            note = r.get("note", "")
            if key == "betweenness_sampled" and r.get("approximate"):
                label += " (approx.)"
            rows.append([label, _fmt(r.get("ours_s"), digits=3), _fmt(r.get("igraph_s"), digits=3),
                         _fmt(r.get("ratio"), "x", 1), note])
        out.append(_table(["measure", "kg s", "igraph s", "kg/igraph", "note"], rows))
    for n, e in sizes.items():
        h = e.get("html")
        if not h:
            continue
        out += ["", f"HTML, {n} documents: whole graph ({h['whole']['nodes']} nodes) "
                    f"{_fmt(h['whole']['seconds'])} s, {h['whole']['bytes'] / 1e6:.1f} MB; ego network "
                    f"({h['ego']['nodes']} nodes, depth {h['ego']['depth']}) {_fmt(h['ego']['seconds'])} s"]
    for n, e in sizes.items():
        p = e.get("peer")
        if not p:
            continue
        k, o = p.get("kglab", {}), p["ours"]
        out += ["", f"peer, {n} documents (query {p['query']}; render of {p['render_edges']} ties):"]
        rows = [["load kg.ttl", _fmt(o["load_ttl_pyoxigraph_s"]) + " (pyoxigraph)", _fmt(k.get("load_s"))],
                ["open kg's store", _fmt(o["open_store_s"], digits=3), "-"],
                ["query", _fmt(o["query_s"], digits=3), _fmt(k.get("query_s"), digits=3) if k.get("query_s")
                 else k.get("query_status", k.get("status", "-"))],
                ["pyvis render", _fmt(o["render_s"]), _fmt(k.get("render_s")) if k.get("render_s")
                 else k.get("render_status", k.get("status", "-"))]]
        out.append(_table(["task", "kg s", "kglab s"], rows))
    return "\n".join(out)


WORKERS = {"rdflib": "worker_rdflib", "kglab": "worker_kglab", "traced-build": "worker_traced_build"}


def main(argv=None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["--worker"]:  # run.py --worker KIND ARGS... (arguments passed through as they are)
        globals()[WORKERS[argv[1]]](*argv[2:])
        return 0
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10,100", help="comma-separated document counts (default 10,100)")
    parser.add_argument("--repeat", type=int, default=3, help="repeats per measurement (default 3)")
    parser.add_argument("--large", type=int, default=500, help="sizes from this many documents use --repeat-large")
    parser.add_argument("--repeat-large", type=int, default=1, help="repeats for large sizes (default 1)")
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--json", type=Path, help="write the results here (updated after every stage)")
    parser.add_argument("--rdflib-timeout", type=float, default=60.0, help="seconds per rdflib query run")
    parser.add_argument("--peer-timeout", type=float, default=600.0, help="seconds per kglab step")
    parser.add_argument("--build-timeout", type=float, default=3600.0, help="seconds per kg build")
    parser.add_argument("--fallback-timeout", type=float, default=None,
                        help="if a cold build fails (e.g. killed at --build-timeout), build once more with SHACL "
                             "skipped (a benchmark-only monkeypatch) within this many seconds, to measure the rest")
    parser.add_argument("--exact-limit", type=float, default=900.0,
                        help="skip kg's exact betweenness when the sampled run predicts more seconds")
    parser.add_argument("--skip", default="", help="comma-separated: rdflib, kglab")
    parser.add_argument("--workdir", type=Path, help="keep corpora and builds here instead of a temporary folder")
    parser.add_argument("--append", action="store_true",
                        help="keep the sizes already in --json (from an earlier run) and add these")
    parser.add_argument("--cprofile", type=int, metavar="N",
                        help="instead: profile one cold kg build of N documents with cProfile and print the top costs")
    args = parser.parse_args(argv)
    if args.cprofile:
        base = args.workdir or Path(tempfile.mkdtemp(prefix="kg-profile-"))
        generate.generate(args.cprofile, args.seed, base / "seeds")
        profile = profile_build(base / "seeds", base / "fresh" / "build", base / "build.pstats")
        print(f"cold kg build of {args.cprofile} documents under cProfile: {profile['wall_s']:.1f} s "
              f"(exit {profile['returncode']})\n")
        print(_table(["kg function", "calls", "cumtime s", "tottime s"],
                     [[r["function"], r["calls"], f"{r['cumtime_s']:.1f}", f"{r['tottime_s']:.1f}"]
                      for r in profile["kg_by_cumtime"]]))
        print()
        print(_table(["library function", "calls", "tottime s", "cumtime s"],
                     [[r["function"], r["calls"], f"{r['tottime_s']:.1f}", f"{r['cumtime_s']:.1f}"]
                      for r in profile["libraries_by_tottime"][:15]]))
        if args.json:
            _checkpoint({"cprofile": {"documents": args.cprofile, **profile}}, args.json)
        if not args.workdir:
            shutil.rmtree(base, ignore_errors=True)
        return 0
    args.skip = {s.strip() for s in args.skip.split(",") if s.strip()}
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    results = {"command": " ".join(["python benchmarks/run.py"] + argv),
               "started": time.strftime("%Y-%m-%d %H:%M:%S %Z"), "machine": machine_info(),
               "kg_source_digest": kg_source_digest(), "seed": args.seed, "sizes": {}}
    if args.append and args.json and args.json.is_file():
        earlier = json.loads(args.json.read_text(encoding="utf-8"))
        results["earlier_runs"] = earlier.get("earlier_runs", []) + [
            {k: earlier.get(k) for k in ("command", "started", "finished", "kg_source_digest")}]
        results["sizes"] = {k: v for k, v in earlier.get("sizes", {}).items() if int(k) not in sizes}
    for n in sizes:
        base = args.workdir or Path(tempfile.mkdtemp(prefix=f"kg-bench-{n}-"))
        workdir = base / f"n{n}" if args.workdir else base
        if workdir.exists() and args.workdir:
            shutil.rmtree(workdir)
        workdir.mkdir(parents=True, exist_ok=True)
        try:
            benchmark_size(n, args, workdir, results)
        except KeyboardInterrupt:
            results["sizes"][str(n)]["stage"] += " (interrupted)"
            _checkpoint(results, args.json)
            print(format_report(results))
            return 130
        finally:
            if not args.workdir:
                shutil.rmtree(base, ignore_errors=True)
    results["finished"] = time.strftime("%Y-%m-%d %H:%M:%S %Z")
    _checkpoint(results, args.json)
    print()
    print(format_report(results))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
