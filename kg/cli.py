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


FORMATS = ["table", "csv", "tsv", "json", "xml", "turtle", "nt", "jsonld"]


@main.command()
@click.argument("query", required=False)
@click.option("-f", "--file", "query_file", type=click.Path(path_type=Path, dir_okay=False),
              help="Read the query from a .rq file.")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True,
              help="SELECT: table, csv, tsv, json, xml. CONSTRUCT/DESCRIBE: turtle, nt, jsonld.")
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False),
              help="Write the result to this file instead of the terminal.")
@click.option("--infer", is_flag=True,
              help="Include entailments: subclasses, subproperties, inverses, transitive containment.")
@click.option("--list", "list_only", is_flag=True, help="List the library queries and exit.")
@click.option("--seeds", type=click.Path(path_type=Path), default=DEFAULT_SEEDS, show_default=True)
@click.option("--build", "build_dir", type=click.Path(path_type=Path), default=DEFAULT_OUT,
              show_default=True, help="The build to query (rebuilt first if missing or stale).")
def query(query, query_file, fmt, output, infer, list_only, seeds, build_dir) -> None:
    """Run a SPARQL query: text, a library query by NAME, or -f FILE.

    The prefixes kg:, kgr:, kgg:, rdf:, rdfs:, owl:, xsd:, skos:, dcterms:, org:, prov:,
    schema:, oa:, time: and foaf: are predeclared.

    \b
    Example:
      kg query --list
      kg query posts-by-department
      kg query 'SELECT ?o WHERE { ?o a kg:Official }' --format csv -o officials.csv
      kg query -f my.rq --infer
    """
    from kg.query.engine import run_query
    from kg.query.formats import result_table, serialize_result
    from kg.query.library import list_queries
    from kg.query.session import fresh_store, query_text

    if list_only:
        for item in list_queries():
            click.echo(f"{item.name:32} {item.description}")
        return
    text, source = query_text(query, query_file)
    store, note = fresh_store(seeds, build_dir)
    if note:
        click.echo(note, err=True)
    result = run_query(store, text, infer=infer, source=source)
    if fmt == "table" and output is None and hasattr(result, "variables"):
        from rich.console import Console

        Console().print(result_table(result))
        return
    data = serialize_result(result, fmt)
    if output is not None:
        output.write_bytes(data)
    else:
        click.echo(data.decode("utf-8"), nl=False)


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to bind; the default accepts only local connections.")
@click.option("--port", default=7878, show_default=True, type=int, help="Port (0 picks a free one).")
@click.option("--timeout", default=10.0, show_default=True, type=float,
              help="Time limit per query, in seconds.")
@click.option("--max-rows", default=10_000, show_default=True, type=int,
              help="Largest result (rows or triples) returned.")
@click.option("--seeds", type=click.Path(path_type=Path), default=DEFAULT_SEEDS, show_default=True)
@click.option("--build", "build_dir", type=click.Path(path_type=Path), default=DEFAULT_OUT,
              show_default=True, help="The build to serve (rebuilt first if missing or stale).")
def serve(host, port, timeout, max_rows, seeds, build_dir) -> None:
    """Serve the graph as a read-only SPARQL 1.1 Protocol endpoint, with a query page.

    Clients (SPARQLWrapper, YASGUI, R, Protégé) use http://HOST:PORT/sparql. Updates, LOAD and
    SERVICE are refused; each query has a time limit and a result-size cap.

    \b
    Example:
      kg serve                       # http://127.0.0.1:7878/
      kg serve --port 8890 --timeout 30
    """
    from kg.query.session import fresh_store
    from kg.serve.endpoint import EndpointConfig, make_server

    _, note = fresh_store(seeds, build_dir)
    if note:
        click.echo(note, err=True)
    server = make_server(EndpointConfig(Path(build_dir) / "store", host, port, timeout, max_rows))
    address = f"http://{server.server_address[0]}:{server.server_address[1]}"
    click.echo(f"serving {build_dir}/ at {address}/ (SPARQL endpoint: {address}/sparql); "
               "Ctrl-C stops", err=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


if __name__ == "__main__":  # pragma: no cover
    main()
