"""How long `kg check DOCUMENT.yaml` takes on a large corpus, without a build.

    python benchmarks/check_speed.py --documents 1000 --seed 42 [--corpus DIR] [--json FILE]

generates the synthetic corpus (benchmarks/generate.py; or uses --corpus if it exists), then
runs `kg check` on a few of its documents as real processes: once with no registry cache (the
first check after a registry change parses every entities file), then again with the cache
(every later check). Each row is the wall time of the whole process, Python's start-up and
imports included; the target is at most 1 s. The in-process time of the check alone is given
too.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))


def _timed(arguments: list[str], cwd: Path) -> tuple[float, int, str]:
    start = time.perf_counter()
    done = subprocess.run(arguments, cwd=cwd, capture_output=True, text=True, timeout=600)
    return time.perf_counter() - start, done.returncode, (done.stdout + done.stderr).strip()


def measure(corpus: Path, samples: int = 3) -> dict:
    """Cold and warm `kg check` times on ``samples`` documents of ``corpus``."""
    from kg.build.check import check_document
    from kg.curation.cache import cache_folder

    documents = sorted((corpus / "documents").glob("*.yaml"))
    chosen = [documents[i * (len(documents) - 1) // max(samples - 1, 1)] for i in range(samples)]
    command = [sys.executable, "-m", "kg.cli", "check", "--seeds", str(corpus)]
    shutil.rmtree(cache_folder(corpus), ignore_errors=True)
    cold_seconds, code, output = _timed(command + [str(chosen[0])], corpus.parent)
    warm = []
    for path in chosen:
        seconds, code, output = _timed(command + [str(path)], corpus.parent)
        warm.append({"document": path.stem, "seconds": round(seconds, 3), "exit": code, "output": output})
    start = time.perf_counter()
    check_document(chosen[-1], corpus)
    in_process = time.perf_counter() - start
    entity_lines = sum(len(p.read_text(encoding="utf-8").splitlines()) for p in (corpus / "entities").glob("*.yaml"))
    return {"documents": len(documents), "registry_lines": entity_lines,
            "cold_seconds": round(cold_seconds, 3), "cold_exit": code,
            "warm": warm, "warm_best": min(w["seconds"] for w in warm),
            "warm_worst": max(w["seconds"] for w in warm), "in_process_seconds": round(in_process, 3)}


def format_report(report: dict) -> str:
    rows = [f"kg check on a {report['documents']}-document corpus ({report['registry_lines']} registry lines):",
            f"  first check (registry parsed, cache written): {report['cold_seconds']} s",
            f"  later checks (registry from the cache): {report['warm_best']}-{report['warm_worst']} s per process",
            f"  the check itself, in process: {report['in_process_seconds']} s"]
    rows += [f"    {w['document']}: {w['seconds']} s, exit {w['exit']}" for w in report["warm"]]
    return "\n".join(rows)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--corpus", type=Path, default=None, help="Use (or write) the corpus here.")
    parser.add_argument("--json", type=Path, default=None)
    args = parser.parse_args(argv)
    corpus = args.corpus or Path(f"/tmp/kg-check-{args.documents}-{args.seed}/seeds")
    if not (corpus / "entities").is_dir():
        from generate import generate

        generate(args.documents, args.seed, corpus)
    report = measure(corpus)
    print(format_report(report))
    if args.json:
        args.json.write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
