"""Commands on the data: build, query, serve, viz, export, push."""

from __future__ import annotations

from pathlib import Path

import click

from kg.cli.common import DEFAULT_OUT, DEFAULT_SEEDS, fresh_store, run_build
from kg.files import write_file


@click.command()
@click.option("--seeds", type=click.Path(path_type=Path), default=DEFAULT_SEEDS, show_default=True,
              help="Folder with entities/, documents/ and sources.yaml.")
@click.option("--out", type=click.Path(path_type=Path), default=DEFAULT_OUT, show_default=True,
              help="Output folder, replaced atomically when the build succeeds (only if it is a "
                   "previous build or empty).")
@click.option("--no-cache", is_flag=True,
              help="Redo every document and load the store afresh (ignore .kg-cache/).")
@click.option("--executor", default="local", show_default=True,
              help="Where documents are processed: local, dask-local, or a Dask scheduler "
                   "address (tcp://host:8786).")
@click.option("--workers", type=click.IntRange(min=1), default=None,
              help="Worker processes (default: one per core).")
@click.option("--timings", is_flag=True, help="Print the seconds each stage took (on stderr).")
@click.option("--allow-drafts", is_flag=True,
              help="Build statements and entities still marked draft: true (unreviewed output of "
                   "`kg draft`) instead of refusing them with exit code 8.")
def build(seeds: Path, out: Path, no_cache: bool, executor: str, workers: int | None,
          timings: bool, allow_drafts: bool) -> None:
    """Build the graph from curated seeds, validate it, and write it to the output folder.

    Only documents whose files (or the entities they name) changed are redone; the previous
    build's store is updated in place of being reloaded.

    \b
    Example:
      kg build
      kg build --seeds seeds --out build
      kg build --executor dask-local
      kg build --allow-drafts        # try a draft before reviewing it
    """
    result = run_build(seeds, out, cache=not no_cache, executor=executor, workers=workers,
                       allow_drafts=allow_drafts)
    if timings:
        for stage, seconds in result.summary.stages.items():
            click.echo(f"stage {stage}: {seconds:.2f} s", err=True)
    click.echo(f"built {out}/ from {seeds}/: {result.summary.line()}")


FORMATS = ["table", "csv", "tsv", "json", "xml", "turtle", "nt", "jsonld"]
#: ``kg query -o FILE`` without --format: the format the file name says.
_SUFFIX_FORMATS = {".csv": "csv", ".tsv": "tsv", ".json": "json", ".srj": "json", ".xml": "xml",
                   ".srx": "xml", ".ttl": "turtle", ".nt": "nt", ".jsonld": "jsonld"}


@click.command()
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
@click.option("--endpoint", default=None,
              help="Query a remote SPARQL endpoint (after `kg push`) instead of the local build.")
def query(query, query_file, fmt, output, infer, list_only, seeds, build_dir, endpoint) -> None:
    """Run a SPARQL query: text, a library query by NAME, or -f FILE.

    The prefixes kg:, kgr:, kgg:, rdf:, rdfs:, owl:, xsd:, skos:, dcterms:, org:, prov:,
    schema:, oa:, time: and foaf: are predeclared.

    \b
    Example:
      kg query --list
      kg query posts-by-department
      kg query 'SELECT ?o WHERE { ?o a kg:Official }' --format csv -o officials.csv
      kg query -f my.rq --infer
      kg query targets --endpoint http://127.0.0.1:7878/query
    """
    from kg.query.engine import run_query
    from kg.query.formats import result_table, serialize_result
    from kg.query.library import list_queries
    from kg.query.text import query_text

    if list_only:
        for item in list_queries():
            click.echo(f"{item.name:32} {item.description}")
        return
    text, source = query_text(query, query_file)
    if endpoint:
        from kg.query.formats import remote_table
        from kg.query.remote import remote_query

        if fmt == "table" and output is None:
            from rich.console import Console

            Console().print(remote_table(remote_query(endpoint, text, "json")))
            return
        data = remote_query(endpoint, text, "turtle" if fmt == "table" else fmt)
        if output is not None:
            write_file(output, data)
        else:
            click.echo(data.decode("utf-8"), nl=False)
        return
    store = fresh_store(seeds, build_dir)
    result = run_query(store, text, infer=infer, source=source)
    if fmt == "table" and output is None and hasattr(result, "variables"):
        from rich.console import Console

        Console().print(result_table(result))
        return
    if fmt == "table" and output is not None:  # a file: the format its name says, else CSV/Turtle
        fmt = _SUFFIX_FORMATS.get(output.suffix.lower(), "table" if not hasattr(result, "variables")
                                  else "csv")
    data = serialize_result(result, fmt)
    if output is not None:
        write_file(output, data)
    else:
        click.echo(data.decode("utf-8"), nl=False)


@click.command()
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
@click.option("--workers", default=None, type=click.IntRange(1, 64),
              help="Query worker processes (default: one per core, at most 16).")
def serve(host, port, timeout, max_rows, seeds, build_dir, workers) -> None:
    """Serve the graph as a read-only SPARQL 1.1 Protocol endpoint, with a query page.

    Clients (SPARQLWrapper, YASGUI, R, Protégé) use http://HOST:PORT/sparql. Updates, LOAD and
    SERVICE are refused; each query has a time limit and a result-size cap.

    \b
    Example:
      kg serve                       # http://127.0.0.1:7878/
      kg serve --port 8890 --timeout 30
    """
    from kg.serve.endpoint import EndpointConfig, make_server

    fresh_store(seeds, build_dir)
    server = make_server(EndpointConfig(Path(build_dir) / "store", host, port, timeout, max_rows,
                                        workers=workers))
    for note in server.notes:
        click.echo(note, err=True)
    address = f"http://{server.server_address[0]}:{server.server_address[1]}"
    click.echo(f"serving {build_dir}/ at {address}/ (SPARQL endpoint: {address}/sparql); "
               "Ctrl-C stops", err=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


@click.command()
@click.option("--focus", default=None, help="Centre an ego-network page on this entity (any name).")
@click.option("--depth", type=int, default=2, show_default=True, help="Hops around --focus.")
@click.option("--class", "classes", multiple=True, help="Keep only these classes (repeatable).")
@click.option("--lang", type=click.Choice(["zh", "en", "pinyin"]), default="zh", show_default=True,
              help="Labels shown first (the page has a switch).")
@click.option("--size", type=click.Choice(["degree", "betweenness", "closeness", "eigenvector",
                                           "pagerank"]), default="pagerank", show_default=True,
              help="Centrality measure that sets node size.")
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False), default=None,
              help="Output file (default: build/graph.html, or build/focus-<id>.html with --focus).")
@click.option("--seeds", type=click.Path(path_type=Path), default=DEFAULT_SEEDS, show_default=True)
@click.option("--build", "build_dir", type=click.Path(path_type=Path), default=DEFAULT_OUT,
              show_default=True, help="The build to draw (rebuilt if missing or stale).")
def viz(focus, depth, classes, lang, size, output, seeds, build_dir) -> None:
    """Write an interactive, offline HTML page of the graph or of one entity's neighbourhood.

    \b
    Example:
      kg viz --lang en -o graph-en.html
      kg viz --focus 人才倍增工程 --depth 2
      kg viz --class Official --class Department --class Post --size betweenness
    """
    from kg.build.folder import record_output
    from kg.cli.common import load_network
    from kg.views.data import read_tables
    from kg.views.page import view_page

    network, store = load_network(seeds, build_dir)
    page, name, warning = view_page(network, read_tables(store, size), focus=focus, depth=depth,
                                    classes=classes, lang=lang,
                                    documents=_documents_url(Path(build_dir), output))
    output = output or Path(build_dir) / name
    write_file(output, page.encode("utf-8"))
    if output.resolve().parent == Path(build_dir).resolve():
        record_output(build_dir, output.name)  # so the next build may replace the folder
    if warning:
        click.echo(f"warning: {warning}", err=True)
    click.echo(f"wrote {output}")


def _documents_url(build_dir: Path, output: Path | None) -> str | None:
    """The relative URL from the page to the build's document text pages, if there are any."""
    import os
    from urllib.parse import quote

    documents = build_dir / "documents"
    if not documents.is_dir():
        return None
    if output is None:
        return "documents/"
    relative = os.path.relpath(documents.resolve(), Path(output).resolve().parent)
    return quote(Path(relative).as_posix()) + "/"


@click.command(name="export")
@click.option("--format", "fmt", required=True,
              type=click.Choice(["turtle", "trig", "nquads", "ntriples", "jsonld", "rdfxml", "graphml",
                                 "gexf", "nodes", "edges", "evidence", "targets", "ontology", "owl"]),
              help="RDF syntax, network file, CSV table, or the ontology alone.")
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False), default=None,
              help="Output file (default: standard output).")
@click.option("--subset", default=None,
              help="Only part of the graph: class:CLASS, document:ID or ego:NAME[:DEPTH].")
@click.option("--seeds", type=click.Path(path_type=Path), default=DEFAULT_SEEDS, show_default=True)
@click.option("--build", "build_dir", type=click.Path(path_type=Path), default=DEFAULT_OUT,
              show_default=True, help="The build to export (rebuilt if missing or stale).")
def export_command(fmt, output, subset, seeds, build_dir) -> None:
    """Export the graph for other tools (Protégé, GraphDB, Gephi, Cytoscape, R, pandas).

    `kg build` already writes every format into build/ under fixed names (kg.ttl, kg.trig, kg.nq,
    kg.nt, kg.jsonld, kg.rdf, kg.graphml, kg.gexf, nodes.csv, edges.csv, evidence.csv,
    targets.csv, ontology.ttl, ontology.owl); use this command for one format or a subset.

    \b
    Example:
      kg export --format graphml -o jiangmen.graphml
      kg export --format turtle --subset class:Official -o officials.ttl
      kg export --format targets --subset document:001_a1366d450c5a1b76 -o targets-2022.csv
      kg export --format jsonld --subset ego:李曦:2
    """
    from kg.export.subsets import export_from_build

    store = fresh_store(seeds, build_dir)
    data = export_from_build(build_dir, store, fmt, subset)
    if output is None:
        click.echo(data.decode("utf-8"), nl=False)
    else:
        write_file(output, data)
        click.echo(f"wrote {output} ({len(data)} bytes)", err=True)


@click.command()
@click.option("--endpoint", required=True,
              help="Graph Store Protocol URL, e.g. http://127.0.0.1:7878/store (Oxigraph), "
                   "http://host:3030/ds/data (Fuseki).")
@click.option("--force", is_flag=True, help="Push every graph, even those unchanged since the last push.")
@click.option("--seeds", type=click.Path(path_type=Path), default=DEFAULT_SEEDS, show_default=True)
@click.option("--build", "build_dir", type=click.Path(path_type=Path), default=DEFAULT_OUT,
              show_default=True, help="The build to push (rebuilt if missing or stale).")
def push(endpoint, force, seeds, build_dir) -> None:
    """Publish the dataset to a SPARQL 1.1 Graph Store Protocol server, one named graph per document.

    Each graph is replaced with HTTP PUT (idempotent); graphs unchanged since the last push to the
    same endpoint are skipped. The merged graph becomes the server's default graph.

    \b
    Example:
      oxigraph serve --location /data/kg --bind 127.0.0.1:7878 &
      kg push --endpoint http://127.0.0.1:7878/store
      kg query targets --endpoint http://127.0.0.1:7878/query
    """
    from kg.export.push import push as run_push

    fresh_store(seeds, build_dir)
    report = run_push(build_dir, endpoint, force=force)
    click.echo(f"pushed to {endpoint}: {len(report.replaced)} graphs replaced, "
               f"{len(report.unchanged)} unchanged")
    for name in report.replaced:
        click.echo(f"  replaced {name}")
