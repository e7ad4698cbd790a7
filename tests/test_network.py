"""Network analysis: hand-computed goldens, an independent cross-check, and the seed network."""

from __future__ import annotations

import csv
import io
import json
import sys

import networkx as nx
import pytest
from click.testing import CliRunner
from rdflib import URIRef

from kg.cli import main
from kg.errors import KgError
from kg.namespaces import KG
from kg.network import centrality as centrality_module
from kg.network.centrality import compute_centrality, rank
from kg.network.communities import find_communities
from kg.network.evidence import citations
from kg.network.names import resolve
from kg.network.paths import explain_path, shortest_paths
from kg.network.projection import project
from kg.store import open_store

from .conftest import SEEDS


def _labelled(graph, cls="Official"):
    nx.set_node_attributes(graph, cls, "cls")
    nx.set_node_attributes(graph, {n: f"n{n}" for n in graph}, "label")
    return graph


# --- golden results computed by hand -----------------------------------------------------------

def test_star_by_hand():
    star = _labelled(nx.star_graph(4))           # centre 0, leaves 1-4
    s = compute_centrality(star, ["degree", "betweenness", "closeness"]).values
    assert s["degree"][0] == 1.0 and s["degree"][1] == pytest.approx(1 / 4)
    assert s["betweenness"][0] == 1.0 and s["betweenness"][3] == 0.0
    # a leaf: distance 1 to the centre, 2 to each of 3 leaves -> 4 / 7
    assert s["closeness"][0] == 1.0 and s["closeness"][2] == pytest.approx(4 / 7)


def test_path_by_hand():
    line = _labelled(nx.path_graph(4))            # 0 - 1 - 2 - 3
    s = compute_centrality(line, ["betweenness", "closeness"]).values
    # node 1 lies on the shortest paths 0-2 and 0-3: 2 of the 3 pairs it is not part of
    assert s["betweenness"] == pytest.approx({0: 0.0, 1: 2 / 3, 2: 2 / 3, 3: 0.0})
    assert s["closeness"][0] == pytest.approx(3 / 6) and s["closeness"][1] == pytest.approx(3 / 4)


def test_two_communities_by_hand():
    barbell = _labelled(nx.barbell_graph(5, 0))   # two cliques of five joined by one edge
    groups = find_communities(barbell)
    assert [set(g.members) for g in groups] == [{0, 1, 2, 3, 4}, {5, 6, 7, 8, 9}]
    assert [g.central for g in groups] == [4, 5]  # the bridge ends have one more tie
    assert [set(g.members) for g in find_communities(barbell, method="greedy")] == [
        {0, 1, 2, 3, 4}, {5, 6, 7, 8, 9}]


def test_ties_are_broken_by_label_then_iri():
    star = _labelled(nx.star_graph(3))
    star.nodes[3]["label"] = "a"
    ranked = rank(star, compute_centrality(star, ["degree"]), "degree")
    assert [r.node for r in ranked] == [0, 3, 1, 2]
    assert [r.rank for r in ranked] == [1, 2, 3, 4]


def test_betweenness_is_sampled_and_says_so_on_large_graphs_without_igraph(monkeypatch):
    monkeypatch.setitem(sys.modules, "igraph", None)  # as if the ``fast`` extra were not installed
    monkeypatch.setattr(centrality_module, "EXACT_BETWEENNESS_LIMIT", 10)
    line = _labelled(nx.path_graph(30))
    scores = compute_centrality(line, ["betweenness", "degree"], sample=8, fast_above=10)
    assert scores.approximate == {"betweenness": "sampled from 8 of 30 sources, seed 42"}
    again = compute_centrality(line, ["betweenness"], sample=8, fast_above=10)
    assert scores.values["betweenness"] == again.values["betweenness"]  # seeded


def test_igraph_path_gives_the_networkx_values_exactly_computed():
    """Above the size limit, igraph computes betweenness (exact, not sampled), closeness and
    PageRank; on a graph with weights, two components and an isolated node the values are
    networkx's (PageRank: igraph solves exactly, networkx iterates to a tolerance of 1e-6 per
    node, so igraph is compared with networkx run to convergence)."""
    graph = nx.connected_watts_strogatz_graph(80, 4, 0.3, seed=1)
    graph.add_edges_from([(100, 101), (101, 102)])
    graph.add_node(200)
    for i, (u, v) in enumerate(sorted(graph.edges())):
        graph.edges[u, v]["weight"] = 1 + i % 3
    graph = _labelled(graph)
    metrics = ["betweenness", "closeness", "pagerank"]
    fast = compute_centrality(graph, metrics, fast_above=10)
    slow = compute_centrality(graph, metrics, fast_above=10_000)
    assert fast.approximate == slow.approximate == {}
    slow.values["pagerank"] = nx.pagerank(graph, weight="weight", tol=1e-13, max_iter=10_000)
    for metric in metrics:
        assert fast.values[metric].keys() == slow.values[metric].keys()
        worst = max(abs(fast.values[metric][v] - slow.values[metric][v]) for v in graph)
        assert worst < 1e-9, (metric, worst)


def test_unknown_metric():
    with pytest.raises(KgError, match="unknown centrality measure"):
        compute_centrality(nx.path_graph(3), ["fame"])


# --- the seed network ------------------------------------------------------------------------

@pytest.fixture(scope="module")
def network(seed_build):
    store = open_store(seed_build.out_dir / "store")
    return project(store), store


def test_projection_is_deterministic_and_typed(network, seed_build, seed_graph):
    graph, store = network
    again = project(store)
    assert list(graph.nodes) == list(again.nodes) and list(graph.edges) == list(again.edges)
    assert {c for _, c in graph.nodes(data="cls")} <= {
        "Official", "Department", "Organization", "Initiative", "Platform", "Region", "Target",
        "Milestone", "Event", "Post"}
    for s, o, data in graph.edges(data=True):
        assert data["evidence"] >= 1
        for predicate in data["predicates"]:
            assert (URIRef(s), KG[predicate], URIRef(o)) in seed_graph


def test_pagerank_and_betweenness_agree_with_igraph(network):
    import igraph

    graph, _ = network
    undirected = graph.to_undirected()
    nodes = list(undirected.nodes)
    index = {n: i for i, n in enumerate(nodes)}
    other = igraph.Graph(n=len(nodes), edges=[(index[a], index[b]) for a, b in undirected.edges])
    ours = compute_centrality(graph, ["pagerank", "betweenness"]).values
    theirs_pr = other.pagerank(damping=0.85)
    n = len(nodes)
    theirs_bt = [b / ((n - 1) * (n - 2) / 2) for b in other.betweenness(directed=False)]
    for node, i in index.items():
        assert ours["pagerank"][node] == pytest.approx(theirs_pr[i], abs=1e-4)
        assert ours["betweenness"][node] == pytest.approx(theirs_bt[i], abs=1e-9)


@pytest.mark.parametrize("a, b", [("李曦", "六大工程"), ("胡其波", "江门"), ("Chen Anming", "人才倍增"),
                                  ("莊春維", "侨都赋能")])
def test_every_printed_path_is_real_and_every_hop_has_evidence(network, seed_build, a, b, seed_graph):
    graph, store = network
    paths = shortest_paths(graph, resolve(graph, a), resolve(graph, b), all_paths=True)
    assert paths
    for path in paths:
        for hop in explain_path(graph, path, lambda s, p, o: citations(store, s, p, o)):
            s, o = (hop.source, hop.target) if hop.forward else (hop.target, hop.source)
            for predicate in hop.predicates:
                assert (URIRef(s), KG[predicate], URIRef(o)) in seed_graph
            assert hop.citations and all(c.quote or c.title for c in hop.citations)


def test_names_resolve_in_any_script_language_and_alias(network):
    graph, _ = network
    li_xi = "https://w3id.org/localgov-kg/id/li-xi"
    for name in ("李曦", "kgr:li-xi", li_xi, "li-xi"):
        assert resolve(graph, name) == li_xi
    assert resolve(graph, "莊春維") == resolve(graph, "庄春维") == resolve(graph, "Zhuang Chunwei")
    with pytest.raises(KgError, match=r"'Li Xi' names 2 entities: 李曦 \(kgr:li-xi"):
        resolve(graph, "Li Xi")
    with pytest.raises(KgError, match=r"no entity named .* did you mean"):
        resolve(graph, "李曦曦")


# --- the commands ------------------------------------------------------------------------------

def _run(seed_build, *args):
    return CliRunner().invoke(main, [*args, "--seeds", str(SEEDS), "--build", str(seed_build.out_dir)])


def test_centrality_same_answers_in_terminal_csv_json_and_sparql(seed_build):
    rows = list(csv.DictReader(io.StringIO(_run(seed_build, "centrality", "--metric", "betweenness",
                                                "--class", "Official", "--top", "0", "--format", "csv").output)))
    assert rows and all(r["class"] == "Official" for r in rows)
    as_json = json.loads(_run(seed_build, "centrality", "--metric", "betweenness", "--class", "Official",
                              "--top", "0", "--format", "json").output)
    assert [r["entity"] for r in as_json] == [r["entity"] for r in rows]
    table = _run(seed_build, "centrality", "--metric", "betweenness", "--class", "Official").output
    assert rows[0]["label"] in table
    sparql = _run(seed_build, "query", "SELECT ?o ?s WHERE { ?o a kg:Official ; "
                  "kg:betweennessCentrality ?s }", "--format", "csv").output
    published = {line.split(",")[0].replace("https://w3id.org/localgov-kg/id/", "kgr:"): float(line.split(",")[1])
                 for line in sparql.splitlines()[1:]}
    assert {r["entity"]: float(r["betweenness"]) for r in rows} == pytest.approx(published, abs=1e-6)
    published_csv = (seed_build.out_dir / "centrality.csv").read_text(encoding="utf-8")
    assert published_csv.startswith("rank,entity,label,label_en,class,pagerank,degree,betweenness")


def test_path_command_prints_hops_with_quotes(seed_build):
    result = _run(seed_build, "path", "李曦", "六大工程")
    assert result.exit_code == 0, result.output
    assert "李曦 / Li Xi (kgr:li-xi) —holds→" in result.output
    assert "“市人才工作局局長李曦” — " in result.output and "2021-11-03" in result.output


def test_path_command_ambiguous_and_no_path(seed_build):
    ambiguous = _run(seed_build, "path", "Li Xi", "六大工程")
    assert ambiguous.exit_code == 1 and "李希 (kgr:li-xi-guangdong, Official)" in ambiguous.output
    too_short = _run(seed_build, "path", "李曦", "六大工程", "--max-hops", "2")
    assert too_short.exit_code == 1 and "no path" in too_short.output


def test_path_via_class(seed_build):
    result = _run(seed_build, "path", "李曦", "六大工程", "--via", "Department")
    assert result.exit_code == 0 and "江门市人才工作局" in result.output


def test_neighbors_links_and_communities_commands(seed_build):
    neighbours = _run(seed_build, "neighbors", "胡其波", "--depth", "2")
    assert neighbours.exit_code == 0 and "—holds→" in neighbours.output and "—postIn→" in neighbours.output
    suggestions = _run(seed_build, "links", "江门市人才工作局")
    assert suggestions.exit_code == 0 and "not facts, not added" in suggestions.output
    groups = _run(seed_build, "communities")
    assert groups.exit_code == 0 and groups.output.startswith("community 1 (")
