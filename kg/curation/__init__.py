"""Curation layer: the human-edited YAML registry and per-document statements."""
