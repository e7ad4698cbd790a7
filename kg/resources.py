"""Where the ontology and other data files live, in a checkout or in an installed wheel.

>>> (ontology_dir() / "kg.ttl").is_file()
True
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["ontology_dir", "queries_dir", "project_root"]

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
