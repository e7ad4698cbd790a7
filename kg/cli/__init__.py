"""The ``kg`` command: parse options, call one library function, print. Errors are caught once.

Commands live in :mod:`kg.cli.data` (build, query, serve, viz, export, push),
:mod:`kg.cli.curate` (draft, find, check) and :mod:`kg.cli.network` (centrality, path,
neighbors, links, communities).
"""

from __future__ import annotations

import sys

import click

from kg import __version__
from kg.errors import KgError

__all__ = ["main"]


#: Every command, by name: the module (of kg.cli) and the function. Modules are imported only when
#: their command runs (or help lists them), so `kg check` does not pay for the network commands.
COMMANDS = {
    "build": ("data", "build"), "draft": ("curate", "draft"), "check": ("curate", "check"),
    "find": ("curate", "find"), "query": ("data", "query"), "serve": ("data", "serve"),
    "viz": ("data", "viz"), "export": ("data", "export_command"), "push": ("data", "push"),
    "centrality": ("network", "centrality"), "path": ("network", "path"),
    "neighbors": ("network", "neighbors"), "links": ("network", "links"),
    "communities": ("network", "communities"),
}


class KgGroup(click.Group):
    """The one place errors are caught: a :class:`KgError` becomes a one-line message and its
    exit code; anything unexpected becomes one line saying so (exit 1) unless ``--debug`` asks
    for the traceback. No user sees a traceback without asking."""

    def list_commands(self, ctx):
        return sorted(COMMANDS)

    def get_command(self, ctx, name):
        if name not in COMMANDS:
            return None
        from importlib import import_module

        module, attribute = COMMANDS[name]
        return getattr(import_module(f"kg.cli.{module}"), attribute)

    @property
    def commands(self):  # what click's own helpers and the tests read
        return {name: self.get_command(None, name) for name in COMMANDS}

    @commands.setter
    def commands(self, value):
        pass

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except KgError as err:
            click.echo(f"error: {err}", err=True)
            for detail in getattr(err, "details", [])[:50]:
                click.echo(f"  - {detail}", err=True)
            sys.exit(err.exit_code)
        except click.UsageError as err:
            command = f"kg {err.ctx.command_path.split(' ', 1)[1]}" if err.ctx and " " in \
                err.ctx.command_path else "kg"
            click.echo(f"error: {' '.join(err.format_message().split())} (fix: see "
                       f"`{command} --help`)", err=True)
            sys.exit(err.exit_code)
        except (click.exceptions.Exit, click.exceptions.Abort, click.ClickException):
            raise
        except KeyboardInterrupt:
            click.echo("interrupted", err=True)
            sys.exit(130)
        except Exception as err:
            if ctx.obj and ctx.obj.get("debug"):
                raise
            what = " ".join(str(err).split())[:200]
            click.echo(f"error: internal error: {type(err).__name__}: {what} (fix: rerun with "
                       "`kg --debug ...` for the traceback, and report it)", err=True)
            sys.exit(1)


@click.group(cls=KgGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="kg")
@click.option("--debug", is_flag=True, help="Show the full traceback of an unexpected error.")
@click.pass_context
def main(ctx: click.Context, debug: bool) -> None:
    """Knowledge graph of actors, initiatives and places in Chinese local government.

    \b
    Example:
      kg build                 # seeds/ -> build/kg.ttl, kg.trig, graph.html, report.md
      kg build --seeds my-city/seeds --out my-city/build
    """
    ctx.ensure_object(dict)["debug"] = debug

