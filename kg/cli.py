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


class _progress:
    """A rich progress bar on an interactive terminal; nothing in CI or when output is piped."""

    def __init__(self, what: str):
        self.what = what
        self.bar = None

    def __enter__(self):
        import os

        if not sys.stderr.isatty() or os.environ.get("CI"):
            return None
        from rich.progress import Progress

        self.bar = Progress(transient=True)
        self.bar.start()
        self.task = self.bar.add_task(self.what, total=None)
        return lambda done, total: self.bar.update(self.task, completed=done, total=total)

    def __exit__(self, *exc):
        if self.bar is not None:
            self.bar.stop()


@main.command()
@click.option("--seeds", type=click.Path(path_type=Path), default=DEFAULT_SEEDS, show_default=True,
              help="Folder with entities/, documents/ and sources.yaml.")
@click.option("--out", type=click.Path(path_type=Path), default=DEFAULT_OUT, show_default=True,
              help="Output folder, replaced atomically when the build succeeds.")
@click.option("--no-cache", is_flag=True, help="Redo every document (ignore .kg-cache/).")
def build(seeds: Path, out: Path, no_cache: bool) -> None:
    """Build the graph from curated seeds, validate it, and write it to the output folder.

    \b
    Example:
      kg build
      kg build --seeds seeds --out build
    """
    from kg.build import build as run_build

    with _progress("documents") as progress:
        result = run_build(seeds, out, cache=not no_cache, progress=progress)
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
    from kg.query.session import fresh_store, query_text

    if list_only:
        for item in list_queries():
            click.echo(f"{item.name:32} {item.description}")
        return
    text, source = query_text(query, query_file)
    if endpoint:
        from kg.query.formats import remote_table
        from kg.remote import remote_query

        if fmt == "table" and output is None:
            from rich.console import Console

            Console().print(remote_table(remote_query(endpoint, text, "json")))
            return
        data = remote_query(endpoint, text, "turtle" if fmt == "table" else fmt)
        if output is not None:
            output.write_bytes(data)
        else:
            click.echo(data.decode("utf-8"), nl=False)
        return
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


@main.command()
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
    from kg.views.render import write_view

    written, warning = write_view(seeds, build_dir, focus=focus, depth=depth, classes=classes,
                                  lang=lang, size=size, output=output)
    if warning:
        click.echo(f"warning: {warning}", err=True)
    click.echo(f"wrote {written}")


@main.command(name="export")
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
    from kg.export.session import export_from_build

    data, note = export_from_build(seeds, build_dir, fmt, subset)
    if note:
        click.echo(note, err=True)
    if output is None:
        click.echo(data.decode("utf-8"), nl=False)
    else:
        output.write_bytes(data)
        click.echo(f"wrote {output} ({len(data)} bytes)", err=True)


@main.command()
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
    from kg.query.session import fresh_store
    from kg.remote import push as run_push

    _, note = fresh_store(seeds, build_dir)
    if note:
        click.echo(note, err=True)
    report = run_push(build_dir, endpoint, force=force)
    click.echo(f"pushed to {endpoint}: {len(report.replaced)} graphs replaced, "
               f"{len(report.unchanged)} unchanged")
    for name in report.replaced:
        click.echo(f"  replaced {name}")


def _network_options(function):
    """Options shared by the network commands: which build, which nodes and ties, weights."""
    from kg.network.projection import DEFAULT_CLASSES, NODE_CLASSES, WEIGHTS

    options = [
        click.option("--seeds", type=click.Path(path_type=Path), default=DEFAULT_SEEDS,
                     show_default=True),
        click.option("--build", "build_dir", type=click.Path(path_type=Path), default=DEFAULT_OUT,
                     show_default=True, help="The build to analyse (rebuilt if missing or stale)."),
        click.option("--node-class", "node_classes", multiple=True, type=click.Choice(NODE_CLASSES),
                     default=DEFAULT_CLASSES, show_default=True, help="Classes kept as nodes."),
        click.option("--relation", "relations", multiple=True,
                     help="kg: relations kept as ties (default: all but comparator, figureKind, period)."),
        click.option("--weight", type=click.Choice(WEIGHTS), default="none", show_default=True,
                     help="Edge weight: documents or evidence records stating the tie."),
    ]
    for option in reversed(options):
        function = option(function)
    return function


def _load(seeds, build_dir, node_classes, relations, weight):
    from kg.network.session import load_network

    graph, store, note = load_network(seeds, build_dir, classes=node_classes,
                                      relations=tuple(relations) or None, weight=weight)
    if note:
        click.echo(note, err=True)
    return graph, store


def _name(graph, node) -> str:
    from kg.network.names import short_iri

    data = graph.nodes[node]
    english = f" / {data['label_en']}" if data.get("label_en") else ""
    return f"{data.get('label', node)}{english} ({short_iri(node)})"


@main.command()
@click.option("--metric", "metrics", multiple=True, default=["degree"], show_default=True,
              type=click.Choice(["degree", "betweenness", "closeness", "eigenvector", "pagerank"]),
              help="Measure(s); repeat the option for several.")
@click.option("--class", "cls", default=None, help="Rank only this class (scores use the whole graph).")
@click.option("--top", type=int, default=20, show_default=True, help="How many rows (0: all).")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table",
              show_default=True)
@_network_options
def centrality(metrics, cls, top, fmt, seeds, build_dir, node_classes, relations, weight) -> None:
    """Rank entities by centrality in the entity network.

    \b
    Example:
      kg centrality --metric betweenness --class Official --top 10
      kg centrality --metric degree --metric pagerank --format csv > centrality.csv
    """
    from kg.network.centrality import compute_centrality
    from kg.network.report import centrality_rows, render_rows

    graph, _ = _load(seeds, build_dir, node_classes, relations, weight)
    scores = compute_centrality(graph, list(dict.fromkeys(metrics)))
    for metric, how in scores.approximate.items():
        click.echo(f"note: {metric} is approximate ({how})", err=True)
    header, rows = centrality_rows(graph, scores, list(dict.fromkeys(metrics)), cls=cls, top=top or None)
    click.echo(render_rows(header, rows, fmt), nl=False)


@main.command()
@click.argument("source")
@click.argument("target")
@click.option("--all", "all_paths", is_flag=True, help="Every shortest path, not just the first.")
@click.option("--max-hops", type=int, default=None, help="Ignore paths longer than this.")
@click.option("--via", default=None, help="Force the path through a node of this class.")
@_network_options
def path(source, target, all_paths, max_hops, via, seeds, build_dir, node_classes, relations, weight) -> None:
    """Show how two entities connect, each hop with its quote and document.

    Entities are named by label in any script or language, an alias, pinyin, or IRI.

    \b
    Example:
      kg path 李曦 六大工程
      kg path "Chen Anming" 江门 --all --max-hops 4
      kg path 胡其波 人才倍增 --via Department
    """
    from kg.network.evidence import citations
    from kg.network.names import resolve
    from kg.network.paths import explain_path, shortest_paths

    graph, store = _load(seeds, build_dir, node_classes, relations, weight)
    a, b = resolve(graph, source), resolve(graph, target)
    found = shortest_paths(graph, a, b, all_paths=all_paths, max_hops=max_hops, via=via)
    if not found:
        click.echo(f"no path between {_name(graph, a)} and {_name(graph, b)}"
                   + (f" within {max_hops} hops" if max_hops else "")
                   + (f" through a {via}" if via else ""))
        sys.exit(1)
    for number, nodes in enumerate(found, 1):
        click.echo(f"path {number} ({len(nodes) - 1} hops):")
        for hop in explain_path(graph, nodes, lambda s, p, o: citations(store, s, p, o)):
            arrow = f"—{'/'.join(hop.predicates)}→" if hop.forward else f"←{'/'.join(hop.predicates)}—"
            click.echo(f"  {_name(graph, hop.source)} {arrow} {_name(graph, hop.target)}")
            for cite in hop.citations:
                where = f"{cite.title}, {cite.date}" if cite.date else cite.title
                click.echo(f"      “{cite.quote}” — {where}" if cite.quote else f"      source: {where}")


@main.command()
@click.argument("entity")
@click.option("--depth", type=int, default=1, show_default=True, help="Hops from the entity.")
@_network_options
def neighbors(entity, depth, seeds, build_dir, node_classes, relations, weight) -> None:
    """List an entity's ego network, grouped by relation.

    \b
    Example:
      kg neighbors 李曦
      kg neighbors 人才倍增工程 --depth 2
    """
    from kg.network.names import resolve
    from kg.network.neighbours import neighbours

    graph, _ = _load(seeds, build_dir, node_classes, relations, weight)
    centre = resolve(graph, entity)
    click.echo(f"{_name(graph, centre)}, {graph.nodes[centre]['cls']}:")
    current = None
    for tie in neighbours(graph, centre, depth=depth):
        heading = (tie.depth, tie.relation, tie.direction)
        if heading != current:
            current = heading
            arrow = f"—{tie.relation}→" if tie.direction == "out" else f"←{tie.relation}—"
            click.echo(f"  depth {tie.depth}, {arrow}")
        prefix = "" if tie.depth == 1 else f"{graph.nodes[tie.near].get('label', tie.near)} {arrow} "
        click.echo(f"    {prefix}{_name(graph, tie.other)}")


@main.command()
@click.argument("entity")
@click.option("--method", type=click.Choice(["adamic-adar", "jaccard", "common"]),
              default="adamic-adar", show_default=True)
@click.option("--top", type=int, default=10, show_default=True)
@_network_options
def links(entity, method, top, seeds, build_dir, node_classes, relations, weight) -> None:
    """Suggest likely missing links for an entity (suggestions only: nothing is added).

    \b
    Example:
      kg links 江门市人才工作局
      kg links 李曦 --method jaccard --top 5
    """
    from kg.network.links import suggest_links
    from kg.network.names import resolve

    graph, _ = _load(seeds, build_dir, node_classes, relations, weight)
    node = resolve(graph, entity)
    click.echo(f"suggested links for {_name(graph, node)} (by {method}; not facts, not added):")
    for item in suggest_links(graph, node, method=method, top=top):
        shared = ", ".join(graph.nodes[c].get("label", c) for c in item.common)
        click.echo(f"  {_name(graph, item.other)}  adamic-adar {item.adamic_adar:.3f}  "
                   f"jaccard {item.jaccard:.3f}  common {len(item.common)}: {shared}")


@main.command()
@click.option("--method", type=click.Choice(["louvain", "greedy"]), default="louvain",
              show_default=True)
@click.option("--seed", type=int, default=42, show_default=True, help="Seed for Louvain.")
@_network_options
def communities(method, seed, seeds, build_dir, node_classes, relations, weight) -> None:
    """Find communities in the entity network, with the most central member of each.

    \b
    Example:
      kg communities
      kg communities --method greedy --node-class Official --node-class Department --node-class Post
    """
    from kg.network.communities import find_communities

    graph, _ = _load(seeds, build_dir, node_classes, relations, weight)
    for group in find_communities(graph, method=method, seed=seed):
        click.echo(f"community {group.number} ({len(group.members)} members), "
                   f"most central: {_name(graph, group.central)}")
        for member in group.members:
            click.echo(f"    {_name(graph, member)} [{graph.nodes[member]['cls']}]")


if __name__ == "__main__":  # pragma: no cover
    main()
