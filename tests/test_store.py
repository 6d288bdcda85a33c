"""The store on a real on-disk Oxigraph: atomic replace, idempotent re-ingest, bound
parameters, exports that round-trip and parse with a second parser."""

from __future__ import annotations

import io

import pyoxigraph as ox
import pytest
from rdflib import Dataset, Graph
from rdflib.compare import graph_diff, isomorphic, to_isomorphic

from kg.documents import put_graph, stats, sync_reference
from kg.errors import QuerySyntaxError, ResultTooLarge, StoreError
from kg.store import OxigraphStore, export_format, ntriples_bytes, open_store

G = "https://w3id.org/conflict-kg/id/doc/t1"
EX = "https://example.org/"


def triple(s: str, p: str, o) -> ox.Triple:
    obj = o if isinstance(o, ox.Literal | ox.NamedNode) else ox.Literal(o)
    return ox.Triple(ox.NamedNode(EX + s), ox.NamedNode(EX + p), obj)


def test_replace_graph_swaps_the_whole_graph(disk_store):
    disk_store.replace_graph(G, [triple("a", "p", "1"), triple("b", "p", "2")])
    disk_store.replace_graph(G, [triple("c", "p", "3")])
    rows = disk_store.select("SELECT ?s WHERE { GRAPH ?g { ?s ?p ?o } }", bindings={"g": ox.NamedNode(G)})
    assert [r["s"].value for r in rows] == [EX + "c"]


def test_failed_replace_leaves_the_old_graph(disk_store):
    disk_store.replace_graph(G, [triple("a", "p", "1")])
    with pytest.raises(StoreError):
        disk_store.replace_graph(G, [triple("b", "p", "2"), ox.Triple(ox.BlankNode(), ox.NamedNode(EX + "p"),
                                                                       ox.Literal("x"))])
    assert disk_store.count(G) == 1


def test_a_batch_refuses_blank_nodes_but_not_text_that_looks_like_one(disk_store):
    """The bulk path checks the serialised batch for blank nodes: as subject or object they
    are refused before anything is written; inside a literal they are text."""
    for bad in (ox.Triple(ox.BlankNode(), ox.NamedNode(EX + "p"), ox.Literal("x")),
                ox.Triple(ox.NamedNode(EX + "a"), ox.NamedNode(EX + "p"), ox.BlankNode())):
        with pytest.raises(StoreError, match="blank node"):
            disk_store.replace_graphs({G: ntriples_bytes([triple("a", "p", "1"), bad])})
        assert disk_store.count() == 0
    tricky = ['_:b0', 'x _:b0 .', 'x _:b0 .\n_:b1 <p> _:b2 .', '"_:b0', 'a <b>"^^<c> _:d .']
    disk_store.replace_graphs({G: ntriples_bytes([triple(f"s{i}", "p", v) for i, v in enumerate(tricky)])})
    rows = disk_store.select("SELECT ?o WHERE { GRAPH ?g { ?s ?p ?o } }", bindings={"g": ox.NamedNode(G)})
    assert sorted(r["o"].value for r in rows) == sorted(tricky)


def test_data_survives_reopening(tmp_path):
    with OxigraphStore(tmp_path / "s") as store:
        store.replace_graph(G, [triple("a", "p", "حضر")])
    with OxigraphStore(tmp_path / "s", read_only=True) as store:
        assert store.count() == 1
        with pytest.raises(StoreError):
            store.replace_graph(G, [])


def test_second_writer_gets_a_clear_error(tmp_path):
    with OxigraphStore(tmp_path / "s"):
        with pytest.raises(StoreError, match="in use by another process"):
            OxigraphStore(tmp_path / "s")


def test_put_graph_is_a_no_op_for_equal_content(disk_store):
    data = [triple("a", "p", "1"), triple("b", "p", "2")]
    assert put_graph(disk_store, G, data) is True
    assert put_graph(disk_store, G, list(reversed(data))) is False
    assert put_graph(disk_store, G, [triple("a", "p", "1")]) is True
    assert disk_store.count(G) == 2  # the triple and the graph's digest
    assert disk_store.ask("ASK WHERE { GRAPH ?g { ?g <https://w3id.org/conflict-kg/ontology#graphDigest> ?d } }",
                          bindings={"g": ox.NamedNode(G)})


@pytest.mark.parametrize("hostile", ['"', "'", "}", "#", ">", "\n", "DROP ALL", '") } DROP ALL #',
                                     "FILTER(true)", "<http://x>"])
def test_bound_values_are_data_not_code(disk_store, hostile):
    disk_store.replace_graph(G, [triple("a", "label", "safe"), triple("b", "label", hostile)])
    rows = disk_store.select("SELECT ?s WHERE { ?s ?p ?label }", bindings={"label": ox.Literal(hostile)})
    assert [r["s"].value for r in rows] == [EX + "b"]
    assert disk_store.count() == 2


def test_syntax_errors_and_caps(memory_store):
    with pytest.raises(QuerySyntaxError, match="SPARQL syntax error"):
        memory_store.query("SELECT WHERE {")
    memory_store.replace_graph(G, [triple(str(i), "p", str(i)) for i in range(20)])
    with pytest.raises(ResultTooLarge):
        memory_store.query("SELECT * WHERE { ?s ?p ?o }", max_results=5)


def test_query_inline_runs_on_the_calling_thread_like_query(disk_store):
    """The inline path (bounded lookups, no deadline) answers as query() does: union of the
    graphs, bindings as data, the size cap and the same error types."""
    import threading

    disk_store.replace_graph(G, [triple("a", "p", "1"), triple("b", "p", "2")])
    disk_store.replace_graph(G + "2", [triple("a", "q", "3")])
    sparql = "SELECT ?p ?o WHERE { ?s ?p ?o } ORDER BY ?p"
    bound = {"s": ox.NamedNode(EX + "a")}
    assert disk_store.query_inline(sparql, bindings=bound).rows == disk_store.query(sparql, bindings=bound).rows
    assert len(disk_store.query_inline(sparql, bindings=bound).rows) == 2
    with pytest.raises(ResultTooLarge):
        disk_store.query_inline("SELECT * WHERE { ?s ?p ?o }", max_results=2)
    with pytest.raises(QuerySyntaxError):
        disk_store.query_inline("SELECT WHERE {")
    threads = []
    original = ox.Store.query

    class Spy:
        def __getattr__(self, name):
            return getattr(store_native, name)

        def query(self, *a, **kw):
            threads.append(threading.current_thread())
            return original(store_native, *a, **kw)

    store_native = disk_store._store
    disk_store._store = Spy()
    try:
        disk_store.query_inline(sparql, bindings=bound)
    finally:
        disk_store._store = store_native
    assert threads == [threading.current_thread()]


def test_delete_graph(disk_store):
    disk_store.replace_graph(G, [triple("a", "p", "1")])
    assert disk_store.delete_graph(G) is True
    assert disk_store.delete_graph(G) is False
    assert disk_store.count() == 0


def test_reference_graphs_load_once(disk_store):
    first = sync_reference(disk_store)
    assert set(first.values()) == {"loaded"}
    size = disk_store.count()
    assert set(sync_reference(disk_store).values()) == {"current"}
    assert disk_store.count() == size
    s = stats(disk_store)
    assert s.documents == 0 and s.triples == size


def _loaded(store) -> OxigraphStore:
    sync_reference(store)
    store.replace_graph(G, [triple("a", "label", ox.Literal("دير الزور", language="ar")),
                            triple("a", "n", ox.Literal("35", datatype=ox.NamedNode(
                                "http://www.w3.org/2001/XMLSchema#decimal")))])
    return store


@pytest.mark.parametrize("fmt", ["turtle", "nt", "jsonld", "rdfxml"])
def test_triple_exports_round_trip(disk_store, fmt):
    store = _loaded(disk_store)
    out = io.BytesIO()
    store.dump(out, export_format(fmt))
    rdflib_format = {"turtle": "turtle", "nt": "nt", "jsonld": "json-ld", "rdfxml": "xml"}[fmt]
    if fmt == "jsonld":  # JSON-LD is a dataset format: named graphs come back as graphs
        ds = Dataset()
        ds.parse(data=out.getvalue(), format=rdflib_format)
        exported = Graph()
        for s, p, o, _g in ds.quads((None, None, None, None)):
            exported.add((s, p, o))
    else:
        exported = Graph().parse(data=out.getvalue(), format=rdflib_format)
    expected = Graph()
    from kg.terms import from_ox

    for t in store.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }").triples:
        expected.add((from_ox(t.subject), from_ox(t.predicate), from_ox(t.object)))
    if not isomorphic(exported, expected):
        _, only_export, only_store = graph_diff(to_isomorphic(exported), to_isomorphic(expected))
        pytest.fail(f"only in export: {list(only_export)[:5]}; only in store: {list(only_store)[:5]}")
    # a second, independent parser reads the same number of triples
    second = {(q.subject, q.predicate, q.object) for q in ox.parse(out.getvalue(), format=export_format(fmt))}
    assert len(second) == len(exported)


@pytest.mark.parametrize("fmt", ["trig", "nq"])
def test_dataset_exports_keep_graph_names(disk_store, fmt):
    store = _loaded(disk_store)
    out = io.BytesIO()
    store.dump(out, export_format(fmt))
    ds = Dataset()
    ds.parse(data=out.getvalue(), format={"trig": "trig", "nq": "nquads"}[fmt])
    assert len(ds) == store.count()
    assert {str(g.identifier) for g in ds.graphs()} >= set(store.graph_names())


def test_open_store_dispatch(tmp_path):
    assert open_store("memory").kind == "memory"
    assert open_store(str(tmp_path / "x")).kind == "embedded"
