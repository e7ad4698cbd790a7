"""A whole seeds folder read and checked at once (for tests, notebooks and ``kg check``).

The build itself reads documents one at a time in its per-document stage; this is the simple
path when the whole corpus fits in memory.

>>> from kg.curation.ontology import load_ontology
>>> from kg.resources import project_root
>>> corpus = load_corpus(project_root() / "tests" / "fixtures" / "mini", load_ontology())
>>> sorted(corpus.entities)[:2], len(corpus.documents)
(['capital-city', 'culture-bureau'], 1)
"""

from __future__ import annotations

from pathlib import Path

from kg.curation.documents import check_orphan_texts, document_paths, load_checked_document
from kg.curation.model import Corpus
from kg.curation.ontology import Ontology
from kg.curation.registry import load_registry

__all__ = ["load_corpus"]


def load_corpus(seeds: Path, ontology: Ontology) -> Corpus:
    """Read and check every curation file under ``seeds``; fact objects come back typed."""
    registry = load_registry(seeds, ontology)
    documents = tuple(load_checked_document(p, registry.classes, ontology)
                      for p in document_paths(seeds))
    check_orphan_texts(seeds)
    return Corpus(registry.sources, registry.entities, documents)
