#!/usr/bin/env python
"""Benchmark of the graph page: write time, size and first frame in headless Chromium.

    python benchmarks/pages.py --sizes 0,100,1000 --anchor /tmp/kg-0041ae9 --json pages.json

For each size (``0``: the project's own ``seeds/``; ``N``: a corpus of N synthetic documents from
``generate.py``, seed 42: 100 documents give about 693 entities, 1,000 about 5,180) the corpus is
built once with ``kg build`` (kept in ``--workdir`` for the next run), then the whole-graph page
is made from the built store as ``kg viz`` makes it:

- **write**: seconds to lay out, render and write ``graph.html`` (no layout cache), best of
  ``--repeat`` runs;
- **size**: its megabytes;
- **first frame**: milliseconds from navigation start to the first animation frame in which the
  page's canvas shows the graph (not blank), in Debian's Chromium, headless, 1400×900, every
  request but the page's own blocked (the same measure for every page, old or new).

``--anchor DIR`` measures the same in a checkout of another version of the project (e.g. the
base commit, with ``git archive``): its own ``kg.views`` renders the page from the same store, in
a subprocess started in that folder. Timings are printed and written as JSON, never asserted.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEED = 42
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]

#: Renders the whole-graph page of a built store with whichever ``kg`` is first on sys.path
#: (this checkout's, or the anchor's when run in its folder); prints seconds and bytes as JSON.
RENDER = r"""
import json, sys, time
from pathlib import Path
from kg.store import open_store
from kg.network.projection import project
from kg.views.data import read_tables
from kg.views.html import render_page
store_dir, out = Path(sys.argv[1]), Path(sys.argv[2])
store = open_store(store_dir)
network, tables = project(store), read_tables(store)
best = None
for _ in range(int(sys.argv[3])):
    start = time.perf_counter()
    page = render_page(network, tables, title="Knowledge graph")
    out.write_text(page, encoding="utf-8")
    seconds = time.perf_counter() - start
    best = seconds if best is None else min(best, seconds)
print(json.dumps({"nodes": network.number_of_nodes(), "edges": network.number_of_edges(),
                  "write_s": round(best, 3), "bytes": out.stat().st_size}))
"""


def corpus(size: int, workdir: Path, log=print) -> Path:
    """The seeds folder for ``size`` (generated once into ``workdir``)."""
    if size == 0:
        return ROOT / "seeds"
    seeds = workdir / f"seeds-{size}"
    if not (seeds / "sources.yaml").is_file():
        sys.path.insert(0, str(Path(__file__).parent))
        from generate import generate

        log(f"generating {size} documents into {seeds}")
        generate(size, SEED, seeds)
    return seeds


def built(seeds: Path, out: Path, log=print) -> Path:
    """``out`` built from ``seeds`` with this checkout's ``kg build`` (reused when present)."""
    if not (out / "store" / "CURRENT").is_file():
        log(f"building {seeds} into {out}")
        subprocess.run([sys.executable, "-m", "kg.cli", "build", "--seeds", str(seeds), "--out",
                        str(out)], check=True, capture_output=True, cwd=ROOT)
    return out


def render(store: Path, page: Path, repeat: int, checkout: Path = ROOT) -> dict:
    """Write the page with the ``kg`` of ``checkout`` (a subprocess started there)."""
    environment = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    environment["PYTHONPATH"] = str(checkout)
    result = subprocess.run([sys.executable, "-c", RENDER, str(store), str(page), str(repeat)],
                            check=True, capture_output=True, text=True, cwd=checkout,
                            env=environment)
    return json.loads(result.stdout.strip().splitlines()[-1])


#: Resolves with performance.now() at the first animation frame in which the page's canvas has
#: something drawn on it (checked on a 64×64 copy), whatever the page's own code.
_DRAWN = """limit => new Promise((done, fail) => {
  const probe = document.createElement("canvas"); probe.width = probe.height = 64;
  const context = probe.getContext("2d", {willReadFrequently: true});
  function check() {
    const canvas = document.querySelector("canvas");
    if (canvas && canvas.width) {
      context.clearRect(0, 0, 64, 64); context.drawImage(canvas, 0, 0, 64, 64);
      const pixels = context.getImageData(0, 0, 64, 64).data;
      for (let i = 3; i < pixels.length; i += 4) { if (pixels[i]) { done(performance.now()); return; } }
    }
    if (performance.now() > limit) { fail(new Error("nothing drawn")); return; }
    requestAnimationFrame(check);
  }
  requestAnimationFrame(check);
})"""


def first_frame(page: Path, timeout_ms: float = 180_000) -> float:
    """Milliseconds from navigation start to the first animation frame that shows the graph
    drawn (the page's canvas no longer blank)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            context = browser.new_context(viewport={"width": 1400, "height": 900})
            context.route("**/*", lambda route: route.continue_()
                          if route.request.url.startswith(("file:", "data:", "blob:"))
                          else route.abort())
            tab = context.new_page()
            tab.goto(page.as_uri(), wait_until="load", timeout=timeout_ms)
            return round(tab.evaluate(_DRAWN, timeout_ms), 1)
        finally:
            browser.close()


def measure(store: Path, folder: Path, repeat: int = 3, checkout: Path = ROOT,
            label: str = "new") -> dict:
    """Write time, size and first frame of the whole-graph page of ``store``."""
    page = folder / f"graph-{label}.html"
    row = render(store, page, repeat, checkout)
    row["mb"] = round(row["bytes"] / 1e6, 2)
    row["first_frame_ms"] = first_frame(page)
    return row


def format_report(results: dict) -> str:
    lines = ["| nodes | version | write s | MB | first frame s |", "|---:|---|---:|---:|---:|"]
    for size, rows in results["sizes"].items():
        for label in ("old", "new"):
            row = rows.get(label)
            if row:
                lines.append(f"| {row['nodes']:,} | {label} ({size or 'seeds'}) | {row['write_s']:.2f} "
                             f"| {row['mb']:.1f} | {row['first_frame_ms'] / 1000:.2f} |")
    return "\n".join(lines)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="0,100", help="document counts (0: seeds/)")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--anchor", type=Path, default=None,
                        help="a checkout of another version to measure the same way")
    parser.add_argument("--workdir", type=Path, default=None)
    parser.add_argument("--json", type=Path, default=None)
    args = parser.parse_args(argv)
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="kg-pages-"))
    workdir.mkdir(parents=True, exist_ok=True)
    results = {"machine": {"python": platform.python_version(), "cpus": os.cpu_count(),
                           "load": os.getloadavg()[0], "when": time.strftime("%Y-%m-%d %H:%M")},
               "sizes": {}}
    for size in (int(s) for s in args.sizes.split(",")):
        out = built(corpus(size, workdir), workdir / f"build-{size}")
        rows = {"new": measure(out / "store", workdir, args.repeat, ROOT, f"new-{size}")}
        if args.anchor:
            rows["old"] = measure(out / "store", workdir, 1, args.anchor.resolve(), f"old-{size}")
        results["sizes"][size] = rows
        print(json.dumps({size: rows}), flush=True)
    print(format_report(results))
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
