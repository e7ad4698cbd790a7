"""Where the ontology and other data files live, in a checkout or in an installed wheel.

>>> (ontology_dir() / "kg.ttl").is_file()
True
>>> len(tool_digest()) == 64 and tool_digest() == tool_digest()
True
"""

from __future__ import annotations

import functools
import hashlib
from pathlib import Path

__all__ = ["ontology_dir", "queries_dir", "project_root", "tool_digest"]

_PACKAGE = Path(__file__).resolve().parent


def project_root() -> Path:
    """The checkout this package runs from (the folder holding ``ontology/``)."""
    return _PACKAGE.parent


def _data_dir(name: str) -> Path:
    installed = _PACKAGE / "_data" / name
    if installed.is_dir():
        return installed
    return project_root() / name


def ontology_dir() -> Path:
    """The folder holding ``kg.ttl`` (the ontology) and ``shapes.ttl`` (SHACL shapes)."""
    return _data_dir("ontology")


def queries_dir() -> Path:
    """The folder holding the query library (``*.rq``)."""
    return _data_dir("queries")


@functools.cache
def tool_digest() -> str:
    """SHA-256 of the tool itself: its version and every file of the package (code, templates,
    bundled assets) and of the ontology folder. Cached results and the "nothing changed" check
    depend on it, so a changed tool never reuses what an older one made, even at one version."""
    from kg import __version__

    digest = hashlib.sha256(__version__.encode())
    for base in (_PACKAGE, ontology_dir()):
        for path in sorted(base.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc":
                digest.update(path.relative_to(base).as_posix().encode("utf-8") + b"\0")
                digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()
