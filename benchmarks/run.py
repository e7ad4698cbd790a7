#!/usr/bin/env python
"""Measure ``kg build`` and the query library on synthetic corpora, side by side with raw
pyoxigraph, in one run. Prints tables and writes JSON; every figure is measured by this run.

    python benchmarks/run.py --sizes 10,100,1000 --json results.json
    python benchmarks/run.py --sizes 10000 --skip queries      # linear growth

For each size N (documents), in a temporary folder:

1. ``generate.py --documents N --seed SEED`` writes the corpus (same seed: same bytes);
2. ``kg build --timings`` runs cold as a subprocess (a fresh folder: no cache, no store to
   update): wall time, seconds per stage, and peak memory of the process tree (the build and its
   workers, sampled every 50 ms with psutil);
3. the anchor, in the same run: raw pyoxigraph bulk-loading the build's own ``kg.nq`` into a new
   on-disk store (a subprocess too), and the ratio of the cold build to it;
4. ``kg build`` again with nothing changed; after one document's statements change (one sentence
   and one statement appended); after one alias is added to the registry;
5. every library query (``queries/*.rq``) on the build's on-disk store through
   ``kg.query.engine.run_query``, on the same store copied into memory, and on raw pyoxigraph
   (``kg.nt`` loaded into an in-memory store's default graph); every row is consumed, and the
   row counts must agree.

The seed corpus (``seeds/``) is measured the same way (cold and warm) unless skipped.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
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

__all__ = ["run_build", "raw_anchor", "mutate_one_document", "add_alias", "query_benchmarks",
           "benchmark_size", "alias_bomb", "alias_bomb_yaml", "format_report", "machine_info"]

SEED = 42


def median(values):
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


def ratio(a, b):
    return a / b if a is not None and b not in (None, 0) else None


def machine_info() -> dict:
    from importlib import metadata

    info = {"cpus": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform()}
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
    versions = {}
    for module in ("localgov-kg", "pyoxigraph", "networkx", "igraph", "psutil"):
        try:
            versions[module] = metadata.version(module)
        except metadata.PackageNotFoundError:
            versions[module] = None
    info["versions"] = versions
    return info


class TreeMemorySampler(threading.Thread):
    """Samples the resident set of a process and all its descendants every ``interval`` s."""

    def __init__(self, pid: int, interval: float = 0.05):
        super().__init__(daemon=True)
        self.pid, self.interval, self.peak = pid, interval, 0
        self._stop_event = threading.Event()

    def run(self) -> None:
        import psutil

        try:
            root = psutil.Process(self.pid)
        except psutil.Error:
            return
        while not self._stop_event.is_set():
            total = 0
            try:
                processes = [root] + root.children(recursive=True)
            except psutil.Error:
                break
            for process in processes:
                try:
                    total += process.memory_info().rss
                except psutil.Error:
                    pass
            self.peak = max(self.peak, total)
            self._stop_event.wait(self.interval)

    def stop(self) -> None:
        self._stop_event.set()
        self.join(timeout=5)


def _measure(command: list[str], timeout: float | None = None) -> dict:
    """Run a command: wall seconds, peak memory of its process tree (MB), exit code, output."""
    with tempfile.TemporaryFile() as stdout, tempfile.TemporaryFile() as stderr:
        start = time.perf_counter()
        process = subprocess.Popen(command, stdout=stdout, stderr=stderr)
        sampler = TreeMemorySampler(process.pid)
        sampler.start()
        try:
            code = process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            code = process.wait()
        wall = time.perf_counter() - start
        sampler.stop()
        stdout.seek(0)
        stderr.seek(0)
        return {"wall_s": wall, "peak_tree_mb": sampler.peak / 1024 ** 2, "returncode": code,
                "stdout": stdout.read().decode("utf-8", "replace"),
                "stderr": stderr.read().decode("utf-8", "replace")}


def kg_command() -> list[str]:
    script = Path(sys.executable).with_name("kg")
    return [sys.executable, str(script)] if script.is_file() else [sys.executable, "-m", "kg.cli"]


def run_build(seeds: Path, out: Path, *, timeout: float | None = None, extra=()) -> dict:
    """``kg build --timings`` as a subprocess: wall time, stages, peak memory, the summary line."""
    result = _measure(kg_command() + ["build", "--seeds", str(seeds), "--out", str(out),
                                      "--timings", *extra], timeout)
    stages = {m.group(1): float(m.group(2))
              for m in re.finditer(r"stage (.+?): ([0-9.]+) s", result["stderr"])}
    summary = re.search(r"built .*?: (.*)", result["stdout"])
    result.update(stages=stages, summary=summary.group(1) if summary else None)
    if result["returncode"] != 0:
        result["error"] = result["stderr"].strip().splitlines()[-1:]
    del result["stdout"], result["stderr"]
    return result


_ANCHOR = """
import sys, time, pyoxigraph as ox
start = time.perf_counter()
store = ox.Store(sys.argv[2])
store.bulk_load(path=sys.argv[1], format=ox.RdfFormat.N_QUADS)
store.flush()
print(time.perf_counter() - start)
"""


def raw_anchor(nquads: Path, folder: Path) -> dict:
    """Raw pyoxigraph bulk-loading ``kg.nq`` into a new on-disk store (a subprocess)."""
    result = _measure([sys.executable, "-c", _ANCHOR, str(nquads), str(folder)])
    shutil.rmtree(folder, ignore_errors=True)
    return {"wall_s": result["wall_s"], "load_s": float(result["stdout"].strip() or "nan"),
            "peak_tree_mb": result["peak_tree_mb"]}


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


def add_alias(seeds: Path, n: int = 1) -> str:
    """Add one alias to the first entity of the first registry file; return the entity id."""
    path = sorted((Path(seeds) / "entities").glob("*.yaml"))[0]
    text = path.read_text(encoding="utf-8")
    match = re.search(r"^(\s*- id: (\S+)\n)((?:\s+\w+:.*\n)*)", text, re.M)
    indent = re.match(r"\s*", match.group(3)).group(0) if match.group(3) else "    "
    block = match.group(3)
    alias = f"别名{n}号"
    if "aliases: [" in block:
        block = block.replace("aliases: [", f"aliases: [{alias}, ", 1)
    else:
        block += f"{indent}aliases: [{alias}]\n"
    path.write_text(text[:match.start(3)] + block + text[match.end(3):], encoding="utf-8")
    return match.group(2)


def alias_bomb_yaml() -> str:
    """A registry file whose one entity's note is nine levels of nine YAML aliases (9**9 strings
    once expanded: a "billion laughs" file)."""
    levels = ["a: &a [" + ", ".join(['"lol"'] * 9) + "]"]
    for previous, name in zip("abcdefgh", "bcdefghi"):
        levels.append(f"{name}: &{name} [" + ", ".join([f"*{previous}"] * 9) + "]")
    return ("\n".join(levels) + "\nentities:\n  - id: bomb\n    class: Platform\n    label: 炸弹\n"
            "    en: Bomb\n    note: *i\n")


def alias_bomb(workdir: Path, timeout: float | None = 60) -> dict:
    """``kg build`` on the seeds plus a billion-laughs registry file (nine levels of nine
    aliases): wall seconds, peak MB and the exit code (3, refused before any expansion)."""
    seeds = workdir / "alias-bomb" / "seeds"
    shutil.copytree(ROOT / "seeds", seeds)
    (seeds / "entities" / "bomb.yaml").write_text(alias_bomb_yaml(), encoding="utf-8")
    result = _measure(kg_command() + ["build", "--seeds", str(seeds), "--out",
                                      str(workdir / "alias-bomb" / "build")], timeout)
    shutil.rmtree(workdir / "alias-bomb", ignore_errors=True)
    return {"wall_s": result["wall_s"], "peak_tree_mb": result["peak_tree_mb"],
            "returncode": result["returncode"]}


def consume(result) -> int:
    if hasattr(result, "__bool__") and not hasattr(result, "__iter__"):
        return 1
    rows = 0
    for row in result:
        tuple(row)
        rows += 1
    return rows


def _timed(function, repeat: int):
    times, value = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        value = function()
        times.append(time.perf_counter() - start)
    return min(times), value


def query_benchmarks(build_dir: Path, repeat: int = 3, log=print) -> dict:
    """Every library query on our on-disk store, our store in memory, and raw pyoxigraph."""
    import pyoxigraph as ox

    from kg.namespaces import PREFIXES
    from kg.query.engine import run_query
    from kg.query.library import list_queries
    from kg.store import open_store

    store = open_store(Path(build_dir) / "store")
    memory = open_store(Path(build_dir) / "store", memory=True)
    raw = ox.Store()
    start = time.perf_counter()
    raw.load(path=str(Path(build_dir) / "kg.nt"), format=ox.RdfFormat.N_TRIPLES)
    raw_load = time.perf_counter() - start
    rows = []
    for query in list_queries():
        consume(run_query(store, query.text))  # warm-up
        text = query.text
        disk_s, disk_rows = _timed(lambda text=text: consume(run_query(store, text)), repeat)
        memory_s, _ = _timed(lambda text=text: consume(run_query(memory, text)), repeat)
        raw_s, raw_rows = _timed(lambda text=text: consume(raw.query(text, prefixes=PREFIXES)), repeat)
        rows.append({"name": query.name, "disk_s": disk_s, "memory_s": memory_s, "raw_s": raw_s,
                     "rows": disk_rows, "rows_agree": disk_rows == raw_rows,
                     "disk_over_raw": ratio(disk_s, raw_s), "memory_over_raw": ratio(memory_s, raw_s)})
        log(f"    {query.name:32} disk {disk_s * 1000:8.1f} ms  memory {memory_s * 1000:7.1f} ms  "
            f"raw {raw_s * 1000:7.1f} ms  rows {disk_rows}")
    return {"raw_load_s": raw_load, "queries": rows,
            "slowest_disk_s": max(r["disk_s"] for r in rows),
            "median_memory_over_raw": median([r["memory_over_raw"] for r in rows]),
            "median_disk_over_raw": median([r["disk_over_raw"] for r in rows])}


def _count_nq(path: Path) -> int:
    with open(path, "rb") as stream:
        return sum(1 for _ in stream)


def benchmark_size(n: int, args, workdir: Path, log=print) -> dict:
    seeds = workdir / f"corpus-{n}" / "seeds"
    if n == 0:
        shutil.copytree(ROOT / "seeds", seeds)
    else:
        generate.generate(n, args.seed, seeds)
    out = workdir / f"corpus-{n}" / "build"
    figures: dict = {"documents": n or "seeds"}
    log(f"[{n or 'seeds'}] cold build")
    figures["cold"] = run_build(seeds, out, timeout=args.timeout)
    if figures["cold"]["returncode"] != 0:
        log(f"  failed: {figures['cold'].get('error')}")
        return figures
    figures["statements"] = _count_nq(out / "kg.nq")
    log(f"  {figures['cold']['wall_s']:.1f} s, {figures['cold']['peak_tree_mb']:.0f} MB; anchor")
    figures["anchor"] = raw_anchor(out / "kg.nq", workdir / f"anchor-{n}")
    figures["cold_over_anchor"] = ratio(figures["cold"]["wall_s"], figures["anchor"]["wall_s"])
    log(f"  anchor {figures['anchor']['wall_s']:.1f} s; warm build (nothing changed)")
    figures["unchanged"] = run_build(seeds, out, timeout=args.timeout)
    mutate_one_document(seeds, 1)
    figures["one_document"] = run_build(seeds, out, timeout=args.timeout)
    log(f"  one document changed: {figures['one_document']['wall_s']:.1f} s; alias added")
    add_alias(seeds, 1)
    figures["one_alias"] = run_build(seeds, out, timeout=args.timeout)
    log(f"  alias: {figures['one_alias']['wall_s']:.1f} s")
    if "queries" not in args.skip:
        log("  queries")
        figures["queries"] = query_benchmarks(out, args.repeat, log=log)
    shutil.rmtree(workdir / f"corpus-{n}", ignore_errors=True)
    return figures


def _fmt(value, digits: int = 1, unit: str = "") -> str:
    return "-" if value is None else f"{value:.{digits}f}{unit}"


def format_report(results: dict) -> str:
    machine = results["machine"]
    lines = [f"machine: {machine.get('cpus')} CPUs ({machine.get('cpu', '?')}), "
             f"{machine.get('memory_gb')} GB RAM, Python {machine.get('python')}", "",
             "kg build (wall s; peak MB of the process tree) and raw pyoxigraph bulk-loading the "
             "build's kg.nq, same run",
             "documents  statements  cold s  peak MB  anchor s  cold/anchor  unchanged s  "
             "one doc s  one alias s",
             "---------  ----------  ------  -------  --------  -----------  -----------  "
             "---------  -----------"]
    for size, f in results["sizes"].items():
        if "anchor" not in f:
            lines.append(f"{size:>9}  build failed: {f.get('cold', {}).get('error')}")
            continue
        lines.append(f"{f['documents']!s:>9}  {f['statements']:>10}  {_fmt(f['cold']['wall_s']):>6}  "
                     f"{f['cold']['peak_tree_mb']:>7.0f}  {_fmt(f['anchor']['wall_s']):>8}  "
                     f"{_fmt(f['cold_over_anchor'], 1, '×'):>11}  {_fmt(f['unchanged']['wall_s']):>11}  "
                     f"{_fmt(f['one_document']['wall_s']):>9}  {_fmt(f['one_alias']['wall_s']):>11}")
    bomb = results.get("alias_bomb")
    if bomb:
        lines += ["", f"alias bomb (nine levels of nine aliases) refused: exit {bomb['returncode']} "
                      f"in {bomb['wall_s']:.2f} s, peak {bomb['peak_tree_mb']:.0f} MB "
                      "(target: under 2 s and 200 MB)"]
    for size, f in results["sizes"].items():
        for run in ("cold", "one_document", "one_alias"):
            if f.get(run, {}).get("stages"):
                stages = ", ".join(f"{k} {v:.1f}" for k, v in f[run]["stages"].items())
                lines.append(f"stages, {size} documents, {run.replace('_', ' ')}: {stages}")
    for size, f in results["sizes"].items():
        q = f.get("queries")
        if not q:
            continue
        lines += ["", f"library queries, {size} documents (ms; min of repeats)",
                  "query                             disk     memory   raw      disk/raw  memory/raw  rows",
                  "--------------------------------  -------  -------  -------  --------  ----------  ----"]
        for row in q["queries"]:
            lines.append(f"{row['name']:32}  {row['disk_s'] * 1000:7.1f}  {row['memory_s'] * 1000:7.1f}  "
                         f"{row['raw_s'] * 1000:7.1f}  {_fmt(row['disk_over_raw'], 2, '×'):>8}  "
                         f"{_fmt(row['memory_over_raw'], 2, '×'):>10}  {row['rows']}"
                         + ("" if row["rows_agree"] else "  ROWS DIFFER"))
        lines.append(f"slowest on disk {q['slowest_disk_s'] * 1000:.0f} ms; median memory/raw "
                     f"{_fmt(q['median_memory_over_raw'], 2, '×')}, disk/raw "
                     f"{_fmt(q['median_disk_over_raw'], 2, '×')}")
    return "\n".join(lines) + "\n"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="10,100", help="comma-separated document counts (0: seeds/)")
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--timeout", type=float, default=None)
    parser.add_argument("--skip", default="", help="comma-separated: queries, refusals")
    parser.add_argument("--json", type=Path, default=None)
    parser.add_argument("--workdir", type=Path, default=None)
    args = parser.parse_args(argv)
    args.skip = set(filter(None, args.skip.split(",")))
    results = {"machine": machine_info(), "seed": args.seed, "sizes": {}}
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="kg-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    if "refusals" not in args.skip:
        results["alias_bomb"] = alias_bomb(workdir)
    for size in [int(s) for s in args.sizes.split(",") if s.strip()]:
        results["sizes"][str(size)] = benchmark_size(size, args, workdir)
        if args.json:
            args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(format_report(results))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
