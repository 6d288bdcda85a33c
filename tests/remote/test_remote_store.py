"""The Store contract on the embedded store and on a real `oxigraph serve` (RemoteStore),
side by side: atomic replace, delete, bound parameters (hostile strings included), query
forms, exports that round-trip, the document-level operations of kg.documents, and error
mapping. Bound-parameter results are also checked against pyoxigraph's own substitution
(the oracle), on the query shapes the project uses."""

from __future__ import annotations

import io
import socket
import threading
from collections import Counter

import pyoxigraph as ox
import pytest
from rdflib import Dataset, Graph
from rdflib.compare import graph_diff, isomorphic, to_isomorphic

from kg.documents import put_graph, put_graphs, stats, sync_reference
from kg.errors import QuerySyntaxError, QueryTimeout, StoreError
from kg.remote import RemoteStore, inject_values
from kg.store import OxigraphStore, ntriples_bytes, open_store

pytestmark = pytest.mark.remote

EX = "https://example.org/"
CKG = "https://w3id.org/conflict-kg/ontology#"
SEM = "http://semanticweb.cs.vu.nl/2009/11/sem/"
SKOS = "http://www.w3.org/2004/02/skos/core#"
XSD_INTEGER = ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
DOC = "https://w3id.org/conflict-kg/id/doc/"
G1, G2, G3 = DOC + "t1", DOC + "t2", DOC + "t3"
PREFIXES = f"PREFIX ckg: <{CKG}>\nPREFIX sem: <{SEM}>\nPREFIX skos: <{SKOS}>\nPREFIX ex: <{EX}>\n"

HOSTILE = [
    'quote " inside',
    "single ' quote",
    "brace } close",
    "} } ) ) . DROP ALL ; #",
    "hash # not a comment",
    "angle > and < brackets",
    "new\nline and\r\nCRLF",
    "DROP ALL",
    '"""triple""" quotes',
    "back\\slash \\u0022",
    "دير الزور «داعش» ‏RLM‏",
]


def n(local: str) -> ox.NamedNode:
    return ox.NamedNode(EX + local)


def c(local: str) -> ox.NamedNode:
    return ox.NamedNode(CKG + local)


def t(s, p, o) -> ox.Triple:
    return ox.Triple(s, p, o)


def lit(value: str, lang: str | None = None) -> ox.Literal:
    return ox.Literal(value, language=lang) if lang else ox.Literal(value)


def conflict_data() -> dict[str, list[ox.Triple]]:
    """A small graph of the project's shape: events with participations, places in a
    within chain, actors in a partOf chain, labels in Arabic and English."""
    label = ox.NamedNode(SKOS + "prefLabel")
    within, part_of = c("within"), c("partOf")
    ref = [
        t(n("syria"), RDF_TYPE, c("Place")),
        t(n("syria"), label, lit("سورية", "ar")),
        t(n("deir"), RDF_TYPE, c("Place")),
        t(n("deir"), within, n("syria")),
        t(n("deir"), label, lit("دير الزور", "ar")),
        t(n("deir"), label, lit("Deir ez-Zor", "en")),
        t(n("bukamal"), RDF_TYPE, c("Place")),
        t(n("bukamal"), within, n("deir")),
        t(n("bukamal"), label, lit("البوكمال", "ar")),
        t(n("army"), RDF_TYPE, c("Actor")),
        t(n("army"), label, lit("الجيش السوري", "ar")),
        t(n("div7"), RDF_TYPE, c("Actor")),
        t(n("div7"), part_of, n("army")),
        t(n("div7"), label, lit("الفرقة السابعة", "ar")),
        t(n("isis"), RDF_TYPE, c("Actor")),
        t(n("isis"), label, lit("داعش", "ar")),
    ]

    def event(key: str, place: str, agent: str, target: str | None, fatalities: int | None, day: str):
        e = n("ev/" + key)
        out = [
            t(e, RDF_TYPE, c("Event")),
            t(e, ox.NamedNode(SEM + "hasPlace"), n(place)),
            t(
                e,
                ox.NamedNode(SEM + "hasEarliestBeginTimeStamp"),
                ox.Literal(day, datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#date")),
            ),
            t(e, c("participation"), n(f"ev/{key}/agent")),
            t(n(f"ev/{key}/agent"), c("participant"), n(agent)),
            t(n(f"ev/{key}/agent"), ox.NamedNode(SEM + "roleType"), c("Agent")),
        ]
        if target:
            out += [
                t(e, c("participation"), n(f"ev/{key}/target")),
                t(n(f"ev/{key}/target"), c("participant"), n(target)),
                t(n(f"ev/{key}/target"), ox.NamedNode(SEM + "roleType"), c("Target")),
            ]
        if fatalities is not None:
            out.append(t(e, c("fatalities"), ox.Literal(str(fatalities), datatype=XSD_INTEGER)))
        return out

    return {
        EX + "graph/ref": ref,
        G1: event("a", "deir", "army", "isis", 12, "2017-11-03")
        + event("b", "bukamal", "div7", None, None, "2017-11-02"),
        G2: event("c", "bukamal", "isis", "army", 3, "2017-10-01"),
        G3: event("d", "syria", "army", None, 0, "2016-01-05"),
    }


def load(store, data=None) -> None:
    for graph, triples in (data or conflict_data()).items():
        store.replace_graph(graph, triples)


@pytest.fixture(params=["embedded", "remote"])
def store(request, tmp_path):
    if request.param == "embedded":
        s = OxigraphStore(tmp_path / "store")
        yield s
        s.close()
    else:
        yield request.getfixturevalue("remote_store")


@pytest.fixture
def oracle() -> ox.Store:
    """pyoxigraph with its native substitutions: what bindings are meant to do."""
    s = ox.Store()
    for graph, triples in conflict_data().items():
        for tr in triples:
            s.add(ox.Quad(tr.subject, tr.predicate, tr.object, ox.NamedNode(graph)))
    return s


def rows_of(result) -> Counter:
    return Counter(tuple(str(x) if x is not None else None for x in row) for row in result.rows)


# -- writes ----------------------------------------------------------------------------


def test_replace_graph_twice_keeps_only_the_new_triples(store):
    store.replace_graph(G1, [t(n("a"), n("p"), lit("1")), t(n("b"), n("p"), lit("2"))])
    store.replace_graph(G1, [t(n("c"), n("p"), lit("3"))])
    rows = store.select("SELECT ?s WHERE { GRAPH ?g { ?s ?p ?o } }", bindings={"g": ox.NamedNode(G1)})
    assert [r["s"].value for r in rows] == [EX + "c"]
    assert store.count(G1) == 1 and store.count() == 1
    assert store.graph_names() == [G1]


def test_replace_graph_leaves_other_graphs_alone(store):
    store.replace_graph(G1, [t(n("a"), n("p"), lit("1"))])
    store.replace_graph(G2, [t(n("a"), n("p"), lit("1")), t(n("b"), n("p"), lit("2"))])
    store.replace_graph(G1, [])
    assert store.count(G2) == 2 and store.count(G1) == 0


def test_a_refused_replace_keeps_the_old_graph(store):
    store.replace_graph(G1, [t(n("a"), n("p"), lit("1"))])
    with pytest.raises(StoreError, match="blank node"):
        store.replace_graph(G1, [t(n("b"), n("p"), lit("2")), t(ox.BlankNode(), n("p"), lit("x"))])
    assert store.count(G1) == 1


def test_replace_graphs_writes_a_batch_each_graph_whole(store, monkeypatch):
    """The batch path (bulk loads of new graphs on disk, multi-graph updates remotely): new
    and existing graphs, split over several writes, each ends exactly as given."""
    store.replace_graph(G1, [t(n("old"), n("p"), lit("1"))])
    batch = {f"{EX}doc/{i}": [t(n(f"s{i}"), n("p"), lit(f"قيمة {i}")), t(n(f"s{i}"), n("q"), n("x"))]
             for i in range(7)}
    batch[G1] = [t(n("new"), n("p"), lit("2"))]
    batch[G2] = [t(n("big"), n("p"), lit(str(i))) for i in range(6)]  # larger than one write
    if store.kind == "embedded":
        monkeypatch.setattr(type(store), "BULK_MAX", 5)
        monkeypatch.setattr(type(store), "BULK_MIN", 10)
    else:
        monkeypatch.setattr(type(store), "BATCH_MAX", 5)
    store.replace_graphs({g: ntriples_bytes(triples) for g, triples in batch.items()})
    assert set(store.graph_names()) == set(batch)
    assert all(store.count(g) == len(triples) for g, triples in batch.items())
    rows = store.select("SELECT ?s WHERE { GRAPH ?g { ?s ?p ?o } }", bindings={"g": ox.NamedNode(G1)})
    assert [r["s"].value for r in rows] == [EX + "new"]
    label = store.select("SELECT ?o WHERE { ?s ?p ?o }", bindings={"s": n("s3"), "p": n("p")})
    assert label[0]["o"].value == "قيمة 3"
    # a small batch (one transaction per graph) ends the same way
    store.replace_graphs({G3: ntriples_bytes([t(n("small"), n("p"), lit("3"))])})
    assert store.count(G3) == 1 and store.count(G1) == 1


def test_replace_graphs_takes_only_n_triples(store, monkeypatch):
    """Bytes that are not N-Triples never reach an update: refused, nothing changes."""
    store.replace_graph(G1, [t(n("a"), n("p"), lit("1"))])
    hostile = b'<https://example.org/a> <https://example.org/p> "1" . } } ; DROP ALL ; INSERT DATA { GRAPH <x> {\n'
    for graph in (G1, G2):  # an existing graph and a new one
        with pytest.raises(StoreError, match="not N-Triples"):
            store.replace_graphs({graph: hostile})
    if store.kind == "embedded":  # and through a bulk load
        monkeypatch.setattr(type(store), "BULK_MIN", 1)
        with pytest.raises(StoreError, match="not N-Triples"):
            store.replace_graphs({G2: ntriples_bytes([t(n("b"), n("p"), lit("2"))]), G3: hostile})
    assert store.graph_names() == [G1] and store.count(G1) == 1


def test_put_graphs_skips_unchanged_documents_and_keeps_the_last_duplicate(store):
    a = ntriples_bytes([t(n("a"), n("p"), lit("1"))])
    assert put_graphs(store, [(G1, a)]) == [True]
    b, c = ntriples_bytes([t(n("b"), n("p"), lit("1"))]), ntriples_bytes([t(n("c"), n("p"), lit("2"))])
    assert put_graphs(store, [(G1, a), (G2, a), (G3, b), (G3, c)]) == [False, True, True, True]
    rows = store.select("SELECT ?s WHERE { GRAPH ?g { ?s ?p ?o } FILTER(?p != ?d) }",
                        bindings={"g": ox.NamedNode(G3), "d": ox.NamedNode(CKG + "graphDigest")})
    assert [r["s"].value for r in rows] == [EX + "c"]
    assert put_graphs(store, [(G2, a), (G3, c)]) == [False, False]
    # a graph read back with its digest line is still the same document
    assert put_graph(store, G3, [*ox.parse(c, format=ox.RdfFormat.N_TRIPLES),
                                 t(ox.NamedNode(G3), ox.NamedNode(CKG + "graphDigest"), lit("stale"))]) is False


def test_delete_graph(store):
    load(store)
    before = store.count(G2)
    assert before > 0
    assert store.delete_graph(G1) is True
    assert store.delete_graph(G1) is False
    assert G1 not in store.graph_names()
    assert store.count(G2) == before


def test_readers_see_old_or_new_graph_never_a_mix(store):
    old = [t(n(f"s{i}"), n("p"), lit("old")) for i in range(300)]
    new = [t(n(f"s{i}"), n("p"), lit("new")) for i in range(300)]
    store.replace_graph(G1, old)
    seen: set[tuple[int, int]] = set()
    stop = threading.Event()

    def reader():
        q = (
            'SELECT (SUM(IF(?o = "old", 1, 0)) AS ?old) (SUM(IF(?o = "new", 1, 0)) AS ?new) '
            "WHERE { GRAPH ?g { ?s ?p ?o } }"
        )
        for _ in range(200):
            if stop.is_set():
                break
            row = store.query(q, bindings={"g": ox.NamedNode(G1)}).rows[0]
            seen.add((int(row[0].value), int(row[1].value)))

    thread = threading.Thread(target=reader)
    thread.start()
    for i in range(10):
        store.replace_graph(G1, new if i % 2 == 0 else old)
    stop.set()
    thread.join(timeout=60)
    assert seen <= {(300, 0), (0, 300)}


# -- reading ---------------------------------------------------------------------------


def test_query_forms(store):
    load(store)
    assert store.ask(PREFIXES + "ASK { ex:deir ckg:within ex:syria }") is True
    assert store.ask(PREFIXES + "ASK { ex:syria ckg:within ex:deir }") is False
    rows = store.select(PREFIXES + "SELECT ?e WHERE { ?e sem:hasPlace ex:bukamal } ORDER BY ?e")
    assert [r["e"].value for r in rows] == [EX + "ev/b", EX + "ev/c"]
    graph = store.query(PREFIXES + "CONSTRUCT { ?p ckg:within ?q } WHERE { ?p ckg:within ?q }")
    assert graph.kind == "graph"
    assert set(graph.triples) == {
        t(n("deir"), c("within"), n("syria")),
        t(n("bukamal"), c("within"), n("deir")),
    }
    described = store.query(PREFIXES + "DESCRIBE ex:deir")
    assert t(n("deir"), c("within"), n("syria")) in set(described.triples)
    with pytest.raises(QuerySyntaxError):
        store.ask(PREFIXES + "SELECT ?x WHERE { ?x ?p ?o }")


def test_default_graph_is_the_union_unless_graphs_are_named(store):
    load(store)
    q = PREFIXES + "SELECT (COUNT(*) AS ?n) WHERE { ?e a ckg:Event }"
    assert store.query(q).rows[0][0].value == "4"
    assert store.query(q, default_graphs=[G1]).rows[0][0].value == "2"
    named = store.query(
        PREFIXES + "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?e a ckg:Event } }", named_graphs=[G2]
    )
    assert [r[0].value for r in named.rows] == [G2]


def test_arabic_survives_the_round_trip(store):
    load(store)
    rows = store.select(PREFIXES + "SELECT ?l WHERE { ex:deir skos:prefLabel ?l FILTER(LANG(?l) = 'ar') }")
    assert rows[0]["l"] == lit("دير الزور", "ar")


@pytest.mark.parametrize("hostile", HOSTILE)
def test_hostile_strings_as_bound_literals_change_nothing(store, hostile):
    data = {
        G1: [
            t(n("good"), n("label"), lit("benign")),
            t(n("evil"), n("label"), lit(hostile)),
            t(n("evil-ar"), n("label"), lit(hostile, "ar")),
        ]
    }
    load(store, data)
    before = (store.count(), store.graph_names())
    for value, expected in [
        (lit(hostile), [EX + "evil"]),
        (lit(hostile, "ar"), [EX + "evil-ar"]),
        (lit(hostile + "x"), []),
    ]:
        rows = store.select("SELECT ?s ?v WHERE { ?s ?p ?v }", bindings={"v": value})
        assert [r["s"].value for r in rows] == expected
        assert all(r["v"] == value for r in rows)
        found = store.ask("ASK { ?s ?p ?v FILTER(STR(?v) = STR(?w)) }", bindings={"w": value})
        assert found is (bool(expected) or hostile + "x" == value.value and False)
    assert (store.count(), store.graph_names()) == before


def test_both_backends_canonicalise_numeric_literals_alike(store):
    """Oxigraph stores numbers in canonical form: xsd:nonNegativeInteger comes back as
    xsd:integer, "0.90"^^xsd:decimal as "0.9". Callers comparing stored with fresh triples
    (kg.documents.put_graph) and shapes (sh:datatype) must expect that on both backends."""
    xsd = "http://www.w3.org/2001/XMLSchema#"
    store.replace_graph(
        G1,
        [
            t(n("a"), n("f"), ox.Literal("12", datatype=ox.NamedNode(xsd + "nonNegativeInteger"))),
            t(n("a"), n("c"), ox.Literal("0.90", datatype=ox.NamedNode(xsd + "decimal"))),
        ],
    )
    got = {r["p"].value: r["o"] for r in store.select("SELECT ?p ?o WHERE { ?s ?p ?o }")}
    assert got[EX + "f"] == ox.Literal("12", datatype=ox.NamedNode(xsd + "integer"))
    assert got[EX + "c"] == ox.Literal("0.9", datatype=ox.NamedNode(xsd + "decimal"))


def test_hostile_strings_in_stored_data_round_trip(store):
    load(store, {G1: [t(n(f"s{i}"), n("label"), lit(h)) for i, h in enumerate(HOSTILE)]})
    rows = store.select("SELECT ?s ?o WHERE { ?s ?p ?o }")
    assert {r["o"].value for r in rows} == set(HOSTILE)


def test_blank_node_bindings_are_refused(store):
    with pytest.raises((QuerySyntaxError, ValueError)):
        store.select("SELECT ?s WHERE { ?s ?p ?o }", bindings={"o": ox.BlankNode()})


# The project's query shapes with bound variables. Bound variables are projected, so
# pyoxigraph's native substitution can serve as the oracle.
PATTERNS = {
    "graph-bound": ("SELECT ?g ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }", {"g": ox.NamedNode(G2)}),
    "type-bound": (
        "SELECT ?cls (COUNT(DISTINCT ?x) AS ?n) WHERE { ?x a ?cls } GROUP BY ?cls",
        {"cls": c("Event")},
    ),
    "optional": (
        PREFIXES
        + """SELECT ?place ?e ?f WHERE { ?e sem:hasPlace ?place
                     OPTIONAL { ?e ckg:fatalities ?f } }""",
        {"place": n("bukamal")},
    ),
    "optional-uses-bound": (
        PREFIXES
        + """SELECT ?e ?actor ?role WHERE { ?e a ckg:Event
                     OPTIONAL { ?e ckg:participation ?r . ?r ckg:participant ?actor ;
                                                      sem:roleType ?role } }""",
        {"actor": n("army")},
    ),
    "filter-not-exists": (
        PREFIXES
        + """SELECT ?e ?target WHERE { ?e a ckg:Event
                     FILTER NOT EXISTS { ?e ckg:participation/ckg:participant ?target } }""",
        {"target": n("isis")},
    ),
    "nested-not-exists": (
        PREFIXES
        + """SELECT ?e ?target WHERE { ?e a ckg:Event
                     { ?e sem:hasPlace ?pl
                       FILTER NOT EXISTS { ?e ckg:participation/ckg:participant ?target } } }""",
        {"target": n("isis")},
    ),
    "union": (
        PREFIXES + """SELECT ?x ?place WHERE { { ?x sem:hasPlace ?place } UNION { ?x ckg:within ?place } }""",
        {"place": n("deir")},
    ),
    "minus": (
        PREFIXES
        + """SELECT ?e ?actor WHERE { ?e a ckg:Event
                     MINUS { ?e ckg:participation/ckg:participant ?actor } }""",
        {"actor": n("army")},
    ),
    "within-chain": (
        PREFIXES + """SELECT ?region ?e WHERE { ?e sem:hasPlace ?p . ?p ckg:within* ?region }""",
        {"region": n("deir")},
    ),
    "part-of-chain": (
        PREFIXES
        + """SELECT ?force ?e WHERE { ?e ckg:participation/ckg:participant ?a .
                     ?a ckg:partOf* ?force }""",
        {"force": n("army")},
    ),
    "date-range": (
        PREFIXES
        + """SELECT ?from ?to ?e WHERE { ?e sem:hasEarliestBeginTimeStamp ?d
                     FILTER(?d >= ?from && ?d <= ?to) } ORDER BY ?e""",
        {
            "from": ox.Literal("2017-11-01", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#date")),
            "to": ox.Literal("2017-11-30", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#date")),
        },
    ),
    "label-search": (
        PREFIXES
        + """SELECT ?needle ?x WHERE { ?x skos:prefLabel ?l
                     FILTER(CONTAINS(LCASE(STR(?l)), LCASE(STR(?needle)))) }""",
        {"needle": lit("الزور")},
    ),
    "hostile-needle": (
        PREFIXES
        + """SELECT ?needle ?x WHERE { ?x skos:prefLabel ?l
                     FILTER(CONTAINS(STR(?l), ?needle)) }""",
        {"needle": lit('"} ; DROP ALL #')},
    ),
    "subquery": (
        PREFIXES
        + """SELECT ?place ?n WHERE { { SELECT ?place (COUNT(?e) AS ?n)
                     WHERE { ?e sem:hasPlace ?place } GROUP BY ?place } }""",
        {"place": n("bukamal")},
    ),
    "order-limit": (
        PREFIXES
        + """SELECT ?actor ?e WHERE { ?e ckg:participation/ckg:participant ?actor }
                     ORDER BY DESC(?e) LIMIT 2""",
        {"actor": n("army")},
    ),
    "comment-and-string-braces": (
        PREFIXES
        + """# a comment with WHERE { braces
                     SELECT ?s ?l WHERE { ?s skos:prefLabel ?l FILTER(?l != "WHERE { }"@ar) }""",
        {"s": n("deir")},
    ),
}


@pytest.mark.parametrize("name", sorted(PATTERNS))
def test_bindings_match_native_substitution(store, oracle, name):
    sparql, bindings = PATTERNS[name]
    load(store)
    expected = oracle.query(
        sparql,
        use_default_graph_as_union=True,
        substitutions={ox.Variable(k): v for k, v in bindings.items()},
    )
    result = store.query(sparql, bindings=bindings)
    assert result.variables == [v.value for v in expected.variables]
    assert rows_of(result) == Counter(
        tuple(str(s[v]) if s[v] is not None else None for v in result.variables) for s in expected
    )


def test_bound_construct(store):
    load(store)
    q = PREFIXES + "CONSTRUCT { ?p ckg:within ?q } WHERE { ?p ckg:within ?q }"
    assert set(store.query(q, bindings={"q": n("deir")}).triples) == {t(n("bukamal"), c("within"), n("deir"))}
    short = PREFIXES + "CONSTRUCT WHERE { ?p ckg:within ?q }"
    assert set(store.query(short, bindings={"q": n("syria")}).triples) == {
        t(n("deir"), c("within"), n("syria"))
    }


def test_bound_ask(store):
    load(store)
    q = (
        PREFIXES
        + "ASK { ?e ckg:participation/ckg:participant ?a FILTER NOT EXISTS { ?e ckg:fatalities ?f } }"
    )
    assert store.ask(q, bindings={"a": n("div7")}) is True
    assert store.ask(q, bindings={"a": n("isis")}) is False


# -- exports ---------------------------------------------------------------------------


def _dataset(data: bytes, fmt: str) -> Dataset:
    ds = Dataset()
    ds.parse(data=data, format=fmt)
    return ds


def test_export_round_trips(store):
    load(store)
    out = io.BytesIO()
    store.dump(out, ox.RdfFormat.N_QUADS)
    quads = list(ox.parse(out.getvalue(), format=ox.RdfFormat.N_QUADS))
    expected = {
        ox.Quad(tr.subject, tr.predicate, tr.object, ox.NamedNode(g))
        for g, trs in conflict_data().items()
        for tr in trs
    }
    assert set(quads) == expected and len(quads) == len(expected)
    trig = io.BytesIO()
    store.dump(trig, ox.RdfFormat.TRIG)
    assert set(ox.parse(trig.getvalue(), format=ox.RdfFormat.TRIG)) == expected
    ds = _dataset(trig.getvalue(), "trig")  # a second, independent parser
    assert sum(len(g) for g in ds.graphs() if len(g)) == len(expected)


def test_export_one_graph_and_the_union_as_turtle(store):
    load(store)
    one = io.BytesIO()
    store.dump(one, ox.RdfFormat.TURTLE, G1)
    g = Graph().parse(data=one.getvalue(), format="turtle")
    want = Graph()
    want.parse(
        data="\n".join(f"{tr.subject} {tr.predicate} {tr.object} ." for tr in conflict_data()[G1]),
        format="nt",
    )
    assert isomorphic(g, want), graph_diff(to_isomorphic(g), to_isomorphic(want))
    union = io.BytesIO()
    store.dump(union, ox.RdfFormat.N_TRIPLES)
    triples = set(ox.parse(union.getvalue(), format=ox.RdfFormat.N_TRIPLES))
    assert len(triples) == len({tr for trs in conflict_data().values() for tr in trs})


def test_remote_export_without_gsp_matches_gsp(oxigraph_server, remote_store):
    load(remote_store)
    with_gsp = io.BytesIO()
    remote_store.dump(with_gsp, ox.RdfFormat.N_QUADS)
    with RemoteStore(oxigraph_server.query) as plain:
        without = io.BytesIO()
        plain.dump(without, ox.RdfFormat.N_QUADS)
    assert set(with_gsp.getvalue().splitlines()) == set(without.getvalue().splitlines())


# -- kg.documents on any backend ---------------------------------------------------------


def test_put_graph_is_a_no_op_on_re_ingest(store):
    data = conflict_data()[G1]
    assert put_graph(store, G1, data) is True
    assert put_graph(store, G1, list(reversed(data))) is False
    assert put_graph(store, G1, data[:-1]) is True
    assert store.count(G1) == len(data) - 1 + 1  # plus the graph digest


def test_sync_reference_loads_once(store):
    first = sync_reference(store)
    assert first and set(first.values()) == {"loaded"}
    count = store.count()
    assert set(sync_reference(store).values()) == {"current"}
    assert store.count() == count


def test_stats_equal_across_backends(remote_store, tmp_path):
    with OxigraphStore(tmp_path / "s") as embedded:
        for s in (embedded, remote_store):
            sync_reference(s)
            load(s)
        assert stats(remote_store) == stats(embedded)
        assert stats(remote_store).triples == embedded.count()


# -- errors ------------------------------------------------------------------------------


def test_syntax_errors_carry_the_servers_message(store):
    with pytest.raises(QuerySyntaxError) as info:
        store.query("SELECT ?x WHERE { ?x ?p }")
    assert str(info.value)
    with pytest.raises(QuerySyntaxError):
        store.update("INSERT DATA { <a> }")


def test_unreachable_endpoint_is_a_store_error_naming_it():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    url = f"http://127.0.0.1:{port}/query"
    with (
        RemoteStore(url, query_timeout=2) as store,
        pytest.raises(StoreError, match=f"127.0.0.1:{port}/query"),
    ):
        store.count()


def test_a_silent_endpoint_times_out():
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(8)  # accepts connections (kernel backlog) but never answers
        url = f"http://127.0.0.1:{listener.getsockname()[1]}/query"
        with RemoteStore(url, query_timeout=0.5) as store, pytest.raises(QueryTimeout):
            store.query("ASK {}")


def test_wrong_path_is_a_clear_store_error(oxigraph_server):
    with RemoteStore(oxigraph_server.base + "/nope") as store, pytest.raises(StoreError, match="404"):
        store.count()


def test_read_only_remote_store_refuses_writes(oxigraph_server):
    with RemoteStore(oxigraph_server.query, read_only=True) as store:
        with pytest.raises(StoreError, match="read-only"):
            store.replace_graph(G1, [])
        with pytest.raises(StoreError, match="read-only"):
            store.delete_graph(G1)


def test_open_store_dispatches_urls(oxigraph_server):
    with open_store(oxigraph_server.query, update_endpoint=oxigraph_server.update) as store:
        assert isinstance(store, RemoteStore) and store.kind == "remote"
        assert store.update_endpoint == oxigraph_server.update


def test_replace_via_gsp(oxigraph_server, remote_store):
    with RemoteStore(oxigraph_server.query, gsp_endpoint=oxigraph_server.gsp, replace_via="gsp") as store:
        store.replace_graph(G1, [t(n("a"), n("p"), lit("1")), t(n("b"), n("p"), lit("2"))])
        store.replace_graph(G1, [t(n("c"), n("p"), lit("«٣»"))])
        assert store.select("SELECT ?o WHERE { ?s ?p ?o }")[0]["o"] == lit("«٣»")
        store.replace_graph(G1, [])
        assert store.graph_names() == []


def test_native_union_mode_on_a_union_server(tmp_path):
    from tests.oxigraph_server import start_oxigraph

    server = start_oxigraph(None, extra=["--union-default-graph"])
    try:
        with RemoteStore(server.query, union="native") as store:
            load(store)
            q = PREFIXES + "SELECT (COUNT(*) AS ?n) WHERE { ?e a ckg:Event }"
            assert store.query(q).rows[0][0].value == "4"
            assert sorted(store.graph_names()) == sorted(conflict_data())
    finally:
        server.stop()


# -- the injection itself -------------------------------------------------------------------


def test_injection_places_values_in_groups_that_use_the_variable():
    q = "SELECT ?x WHERE { ?x ?p ?o OPTIONAL { ?o ?q ?y } FILTER NOT EXISTS { ?x ?r ?y } } # }"
    out = inject_values(q, {"y": n("a")})
    assert out.count("VALUES (?y)") == 3  # outer group, OPTIONAL, NOT EXISTS
    assert out.endswith("# }")


def test_injection_skips_strings_comments_iris_and_data_blocks():
    q = (
        "PREFIX e: <http://e/WHERE?x=1#> SELECT ?x WHERE { # { not a group\n"
        '  ?x e:p "{ ?y }" . VALUES ?z { <http://e/a> } }'
    )
    out = inject_values(q, {"y": lit("v")})
    assert out.count("VALUES (?y)") == 1
    assert '"{ ?y }"' in out and "<http://e/WHERE?x=1#>" in out


def test_injection_wraps_an_outer_subquery_and_refuses_assigned_variables():
    out = inject_values("SELECT ?n WHERE { SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o } }", {"p": n("a")})
    assert out.count("VALUES (?p)") == 2
    with pytest.raises(QuerySyntaxError, match="assigned"):
        inject_values("SELECT ?x WHERE { BIND(1 AS ?x) }", {"x": lit("1")})
    with pytest.raises(QuerySyntaxError):
        inject_values("SELECT ?x WHERE { ?x ?p ?o }", {"x y": lit("1")})


# -- the pipeline and the API on the remote store (run once those packages exist) -----------

SEED_META = {"published": "2017-11-04", "publisher": "الحياة", "title": None, "url": None, "id": None}


def _ingest_seed(store, times: int) -> list:
    pipeline = pytest.importorskip("ingest.pipeline", reason="ingest.pipeline is not written yet")
    sources = pytest.importorskip("ingest.sources", reason="ingest.sources is not written yet")
    from kg.ingestion import ingest_items
    from tests.conftest import SEED

    sync_reference(store)
    outcomes = []
    for _ in range(times):
        outcomes += list(
            ingest_items(store, sources.iter_articles(str(SEED), dict(SEED_META)), pipeline.extract)
        )
    return outcomes


def test_seed_ingested_twice_remotely_equals_once_embedded(remote_store, tmp_path):
    twice = _ingest_seed(remote_store, 2)
    assert [o.status for o in twice] == ["stored", "unchanged"], [o.message for o in twice]
    with OxigraphStore(tmp_path / "s") as embedded:
        once = _ingest_seed(embedded, 1)
        assert [o.status for o in once] == ["stored"]
        assert remote_store.count() == embedded.count()
        assert stats(remote_store) == stats(embedded)
        doc = once[0].doc_iri
        remote_out, embedded_out = io.BytesIO(), io.BytesIO()
        remote_store.dump(remote_out, ox.RdfFormat.N_TRIPLES, doc)
        embedded.dump(embedded_out, ox.RdfFormat.N_TRIPLES, doc)
        ignore = "http://www.w3.org/ns/prov#startedAtTime"
        lines = [
            {ln for ln in out.getvalue().splitlines() if ignore.encode() not in ln}
            for out in (remote_out, embedded_out)
        ]
        assert lines[0] == lines[1]


def test_api_smoke_on_the_remote_store(remote_store):
    app_module = pytest.importorskip("api.app", reason="api.app is not written yet")
    import asyncio

    import httpx

    from kg.config import Settings

    sync_reference(remote_store)
    load(remote_store)
    app = app_module.create_app(remote_store, Settings(store=remote_store.location))
    count = PREFIXES + "SELECT (COUNT(*) AS ?n) WHERE { ?e a ckg:Event }"

    async def calls():
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            graphql = await client.post("/graphql", json={"query": "{ __typename }"})
            sparql = await client.post("/sparql", data={"query": count},
                                       headers={"Accept": "application/sparql-results+json"})
            return graphql, sparql

    graphql, sparql = asyncio.run(calls())
    assert graphql.status_code == 200, graphql.text
    assert graphql.json()["data"]["__typename"] == "Query"
    assert sparql.status_code == 200, sparql.text
    assert sparql.json()["results"]["bindings"][0]["n"]["value"] == "4"
