"""The output folder of ``kg build``: replaced only when it is a previous build, swapped atomically.

A build writes into a staging folder beside the output folder and swaps it in at the end, so a
failed build leaves the previous output as it was. The output folder itself is replaced only if
nothing would be lost: it does not exist, it is empty, or it is a previous build (its
``manifest.json`` names ``kg`` as generator and lists every file in it). Anything else (``.``,
the seeds folder, a home folder, a folder holding other files) is refused with a
:class:`~kg.errors.UsageError` (exit code 2) before anything is touched.

Staging folders are named ``.build-new-<pid>-…``; one left behind by a killed build (its process
is gone) is removed by the next build. A lock beside the output folder keeps two builds from
writing it at once.

>>> import tempfile, pathlib
>>> root = pathlib.Path(tempfile.mkdtemp())
>>> (root / "seeds").mkdir(); (root / "notes.txt").write_text("mine")
4
>>> check_output_folder(root, root / "seeds")
Traceback (most recent call last):
...
kg.errors.UsageError: ...: refusing to replace this folder: it holds the seeds folder (fix: give --out a folder of its own, e.g. build/)
>>> check_output_folder(root / "build", root / "seeds")   # does not exist yet: fine
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import tempfile
from pathlib import Path

from kg import __version__
from kg.errors import KgError, UsageError, output_error

__all__ = ["MANIFEST", "check_output_folder", "staging_folder", "swap_in", "build_lock",
           "read_manifest", "write_manifest", "record_output", "remove_stale_staging"]

#: Written last into the output folder: generator, inputs, and every file the build wrote.
MANIFEST = "manifest.json"
#: Files an operating system or a file browser may add to any folder; never a reason to refuse.
_OS_FILES = {".DS_Store", "Thumbs.db", "desktop.ini"}
_STAGING = re.compile(r"^\.build-(new|old|scratch)-(\d+)-")
_LOCK = ".kg-build.lock"


def read_manifest(folder: Path) -> dict | None:
    """The manifest of a previous build in ``folder``, or ``None`` if it has none we can read."""
    path = Path(folder) / MANIFEST
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or not str(data.get("generator", "")).startswith("kg "):
        return None
    return data


def _entries(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name not in _OS_FILES)


def check_output_folder(out: Path, seeds: Path) -> None:
    """Raise :class:`UsageError` unless replacing ``out`` loses nothing (see the module text)."""
    out, seeds = Path(out).absolute(), Path(seeds).absolute()
    resolved, seeds_resolved = out.resolve(), seeds.resolve()

    def refuse(why: str, hint: str = "give --out a folder of its own, e.g. build/"):
        raise UsageError(f"refusing to replace this folder: {why}", file=out, hint=hint)

    if resolved == seeds_resolved or resolved in seeds_resolved.parents:
        refuse("it holds the seeds folder")
    if seeds_resolved in resolved.parents:
        refuse("it is inside the seeds folder, which the build reads")
    if resolved == Path.home().resolve() or resolved == Path(resolved.anchor):
        refuse("it is your home folder or the file-system root")
    if not out.exists() and not out.is_symlink():
        return
    if out.is_symlink() or not out.is_dir():
        refuse("it is not a folder (a file or a link)")
    try:
        entries = _entries(out)
    except OSError as err:
        raise output_error(out, err) from err
    if not entries:
        return
    manifest = read_manifest(out)
    if manifest is None:
        refuse(f"it is not a previous build (no {MANIFEST} written by kg), and holds "
               f"{len(entries)} entries such as {entries[0]!r}")
    listed = set(manifest.get("files") or ())
    unexpected = [name for name in entries if name not in listed]
    if unexpected:
        refuse(f"it holds files kg did not write: {', '.join(unexpected[:5])}",
               "move those files elsewhere, or give --out another folder")


def remove_stale_staging(parent: Path) -> list[str]:
    """Remove staging folders left in ``parent`` by builds whose process is gone; return their
    names."""
    removed = []
    try:
        candidates = sorted(Path(parent).iterdir())
    except OSError:
        return removed
    for path in candidates:
        match = _STAGING.match(path.name)
        if not match or not path.is_dir():
            continue
        pid = int(match.group(2))
        if pid != os.getpid() and _alive(pid):
            continue
        shutil.rmtree(path, ignore_errors=True)
        removed.append(path.name)
    return removed


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


@contextlib.contextmanager
def build_lock(parent: Path):
    """Hold an exclusive lock on ``parent/.kg-build.lock`` for the duration of a build."""
    import fcntl

    parent = Path(parent)
    try:
        parent.mkdir(parents=True, exist_ok=True)
        handle = open(parent / _LOCK, "a+b")  # noqa: SIM115 - held for the whole block
    except OSError as err:
        raise output_error(parent / _LOCK, err) from err
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            raise KgError("another kg build is writing beside this output folder", file=parent,
                          hint="wait for it to finish, then run kg build again") from None
        yield
    finally:
        handle.close()


def staging_folder(parent: Path) -> Path:
    """A new, empty staging folder in ``parent`` named for this process."""
    try:
        return Path(tempfile.mkdtemp(prefix=f".build-new-{os.getpid()}-", dir=parent))
    except OSError as err:
        raise output_error(parent, err) from err


def swap_in(staging: Path, out: Path) -> None:
    """Replace ``out`` by ``staging`` (two renames; the old folder is removed afterwards)."""
    retired = None
    try:
        if out.exists():
            retired = Path(tempfile.mkdtemp(prefix=f".build-old-{os.getpid()}-", dir=out.parent))
            os.replace(out, retired / out.name)
        os.replace(staging, out)
    except OSError as err:
        if retired is not None and not out.exists() and (retired / out.name).exists():
            os.replace(retired / out.name, out)  # put the previous build back
        raise output_error(out, err) from err
    finally:
        if retired is not None:
            shutil.rmtree(retired, ignore_errors=True)


def write_manifest(folder: Path, inputs: dict[str, str], state: dict | None = None) -> None:
    """Write the manifest last: generator, input digests, every top-level file written, and the
    state the next build starts from (which document results the store holds)."""
    files = sorted({*(p.name for p in folder.iterdir()), MANIFEST})
    manifest = {"generator": f"kg {__version__}", "inputs": inputs, "files": files,
                "state": state or {}}
    try:
        (folder / MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True,
                                                  ensure_ascii=False) + "\n", encoding="utf-8")
    except OSError as err:
        raise output_error(folder / MANIFEST, err) from err


def record_output(folder: Path, name: str) -> None:
    """Add a file another command wrote into a build folder (``kg viz``) to its manifest, so the
    next build may replace the folder."""
    from kg.files import write_text

    manifest = read_manifest(folder)
    if manifest is None:
        return
    files = sorted({*manifest.get("files", ()), name})
    if files != manifest.get("files"):
        manifest["files"] = files
        write_text(Path(folder) / MANIFEST, json.dumps(manifest, indent=2, sort_keys=True,
                                                       ensure_ascii=False) + "\n")
