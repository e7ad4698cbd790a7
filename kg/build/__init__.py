"""Build layer: the per-document stage, the whole-graph stages, and the output folder.

``kg.build.build(seeds, out)`` is the entry point; see :mod:`kg.build.orchestrate`. The names
below are imported when first used, so that a module of this package that needs little (``kg
check``, :mod:`kg.build.check`) does not load the whole build.
"""

__all__ = ["BuildResult", "BuildSummary", "MANIFEST", "build", "input_digests", "stale_reason"]


def __getattr__(name: str):
    if name == "MANIFEST":
        from kg.build.folder import MANIFEST

        return MANIFEST
    if name in __all__:
        from kg.build import orchestrate

        return getattr(orchestrate, name)
    raise AttributeError(f"module 'kg.build' has no attribute {name!r}")
