"""The ``kg`` command: parse options, call one library function, print. Errors are caught once.

Commands live in :mod:`kg.cli.data` (build, query, serve, viz, export, push) and
:mod:`kg.cli.network` (centrality, path, neighbors, links, communities).
"""

from __future__ import annotations

import sys

import click

from kg import __version__
from kg.cli import data, network
from kg.errors import KgError

__all__ = ["main"]


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


for _command in (data.build, data.query, data.serve, data.viz, data.export_command, data.push,
                 network.centrality, network.path, network.neighbors, network.links,
                 network.communities):
    main.add_command(_command)
