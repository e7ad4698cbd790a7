"""The ``kg`` command: parse options, call one library function, print. Errors are caught once."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from kg import __version__
from kg.errors import KgError

DEFAULT_SEEDS = Path("seeds")
DEFAULT_OUT = Path("build")


class KgGroup(click.Group):
    """Turns every :class:`KgError` into a one-line message and its exit code, never a traceback."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except KgError as err:
            click.echo(f"error: {err}", err=True)
            for detail in getattr(err, "details", [])[:50]:
                click.echo(f"  - {detail}", err=True)
            sys.exit(err.exit_code)


@click.group(cls=KgGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="kg")
def main() -> None:
    """Knowledge graph of actors, initiatives and places in Chinese local government.

    \b
    Example:
      kg build                 # seeds/ -> build/kg.ttl, kg.trig, graph.html, report.md
      kg build --seeds my-city/seeds --out my-city/build
    """


@main.command()
@click.option("--seeds", type=click.Path(path_type=Path), default=DEFAULT_SEEDS, show_default=True,
              help="Folder with entities/, documents/ and sources.yaml.")
@click.option("--out", type=click.Path(path_type=Path), default=DEFAULT_OUT, show_default=True,
              help="Output folder, replaced atomically when the build succeeds.")
def build(seeds: Path, out: Path) -> None:
    """Build the graph from curated seeds, validate it, and write it to the output folder.

    \b
    Example:
      kg build
      kg build --seeds seeds --out build
    """
    from kg.build import build as run_build

    result = run_build(seeds, out)
    click.echo(f"built {len(result.graph)} triples from {seeds} into {out}: "
               + ", ".join(result.files))


if __name__ == "__main__":  # pragma: no cover
    main()
