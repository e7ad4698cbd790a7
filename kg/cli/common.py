"""What the commands share: default folders and the progress display."""

from __future__ import annotations

import sys
from pathlib import Path

DEFAULT_SEEDS = Path("seeds")
DEFAULT_OUT = Path("build")


class _progress:
    """A rich progress bar on an interactive terminal; nothing in CI or when output is piped."""

    def __init__(self, what: str):
        self.what = what
        self.bar = None

    def __enter__(self):
        import os

        if not sys.stderr.isatty() or os.environ.get("CI"):
            return None
        from rich.progress import Progress

        self.bar = Progress(transient=True)
        self.bar.start()
        self.task = self.bar.add_task(self.what, total=None)
        return lambda done, total: self.bar.update(self.task, completed=done, total=total)

    def __exit__(self, *exc):
        if self.bar is not None:
            self.bar.stop()
