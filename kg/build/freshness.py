r"""Whether a build has anything to do: the digests of every input, and the files a build wrote.

A build is up to date when its output folder holds a complete build of exactly the same inputs
(every file and folder of the seeds and the ontology, the tool itself by
:func:`kg.resources.tool_digest`, the HTML extractor's version, and the options that change the
result) and every file it wrote is still there with the size and modification time it had then.
``kg build`` then says "nothing changed" at once, and ``kg query`` knows when to rebuild.

>>> import tempfile, pathlib
>>> seeds = pathlib.Path(tempfile.mkdtemp())
>>> (seeds / "sources.yaml").write_text("sources: []\n", encoding="utf-8")
12
>>> digests = input_digests(seeds)
>>> sorted(k for k in digests if k.startswith("seeds/"))
['seeds/sources.yaml']
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from kg import __version__
from kg.build.cache import Cache
from kg.build.folder import read_manifest, written_files
from kg.curation.yamlio import read_bytes
from kg.errors import CurationError
from kg.resources import ontology_dir, tool_digest
from kg.text.html import extractor_version

__all__ = ["input_digests", "stale_reason", "up_to_date", "written_key"]


def input_digests(seeds: Path) -> dict[str, str]:
    """SHA-256 of every input of a build: every file under the seeds and the ontology folders
    (and the name of every folder, so that a folder named like a file counts), and the tool
    (:func:`kg.resources.tool_digest`)."""
    digests = {"kg-version": __version__, "kg-tool": tool_digest(),
               "html-extractor": extractor_version()}
    for base, label in ((Path(seeds), "seeds"), (ontology_dir(), "ontology")):
        for path, is_folder in _input_entries(base):
            relative = f"{label}/{path.relative_to(base).as_posix()}"
            if is_folder:
                digests[relative + "/"] = "folder"
            else:
                digests[relative] = hashlib.sha256(read_bytes(path)).hexdigest()
    return digests


def _input_entries(base: Path) -> list[tuple[Path, bool]]:
    """Every file and folder under ``base`` (hidden folders excepted), as ``(path, is a
    folder)``, without following links to folders."""
    found = []
    for folder, subfolders, names in os.walk(base, followlinks=False):
        found.extend((Path(folder) / d, True) for d in sorted(subfolders))
        subfolders[:] = sorted(d for d in subfolders if not d.startswith(".")
                               and not (Path(folder) / d).is_symlink())
        found.extend((Path(folder) / name, False) for name in sorted(names))
    for path, _ in found:
        if path.is_symlink() and not path.exists():
            raise CurationError("broken or looping link", file=path,
                                hint="remove the link, or point it at a real file")
    return found


def stale_reason(seeds: Path, out: Path) -> str | None:
    """Why ``out`` does not reflect ``seeds`` (missing, or which input changed), or ``None``."""
    manifest = read_manifest(Path(out))
    if manifest is None:
        return f"{out}/ has no build"
    recorded = manifest.get("inputs") or {}
    current = input_digests(seeds)
    changed = sorted(k for k in current.keys() | recorded.keys() if current.get(k) != recorded.get(k))
    return f"inputs changed since the last build: {', '.join(changed[:3])}" if changed else None


def written_key(out: Path) -> str:
    return f"written/{hashlib.sha256(str(out).encode('utf-8')).hexdigest()}.json"


def up_to_date(manifest: dict | None, inputs: dict[str, str], out: Path, cache: Cache) -> bool:
    """Whether ``out`` is a complete build of exactly these inputs by this very tool (the inputs'
    digests include :func:`kg.resources.tool_digest`), every file it wrote still there with the
    size and modification time it had (the cache records them; the manifest stays the same
    bytes from build to build)."""
    if not manifest or manifest.get("inputs") != inputs or not manifest.get("state") \
            or not manifest.get("files"):
        return False
    if not (out / "store" / "CURRENT").is_file():
        return False
    recorded = cache.read_json(written_key(out))
    if not recorded or not all((out / name).exists() for name in manifest.get("files", ())):
        return False
    found = written_files(out)
    return all(found.get(name) == stat for name, stat in recorded.items())
