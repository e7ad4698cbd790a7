"""Build layer: the per-document stage, the whole-graph stages, and the output folder.

``kg.build.build(seeds, out)`` is the entry point; see :mod:`kg.build.orchestrate`.
"""

from kg.build.folder import MANIFEST
from kg.build.orchestrate import BuildResult, BuildSummary, build, input_digests, stale_reason

__all__ = ["BuildResult", "BuildSummary", "MANIFEST", "build", "input_digests", "stale_reason"]
