"""Network commands: centrality, path, neighbors, links, communities."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from kg.cli.common import DEFAULT_OUT, DEFAULT_SEEDS
from kg.network.measures import MEASURES


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
    from kg.cli.common import load_network

    return load_network(seeds, build_dir, classes=node_classes,
                        relations=tuple(relations) or None, weight=weight)


def _name(graph, node) -> str:
    from kg.namespaces import short_iri

    data = graph.nodes[node]
    english = f" / {data['label_en']}" if data.get("label_en") else ""
    return f"{data.get('label', node)}{english} ({short_iri(node)})"


@click.command()
@click.option("--metric", "metrics", multiple=True, default=["degree"], show_default=True,
              type=click.Choice(list(MEASURES)),
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


@click.command()
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


@click.command()
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


@click.command()
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


@click.command()
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
