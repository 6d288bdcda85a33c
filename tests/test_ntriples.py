"""kg.ntriples writes terms exactly as pyoxigraph serialises them, so a document's text, its
digest and what the store holds do not depend on which path built the graph."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg import ntriples as nt
from kg.ntriples import NTriplesGraph

S = ox.NamedNode("https://example.org/s")
P = ox.NamedNode("https://example.org/p")
XSD = "http://www.w3.org/2001/XMLSchema#"


def ox_line(o: ox.NamedNode | ox.Literal) -> str:
    return ox.serialize([ox.Triple(S, P, o)], format=ox.RdfFormat.N_TRIPLES).decode()


def our_line(o: str) -> str:
    return nt.triple(nt.iri(S.value), nt.iri(P.value), o)


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_plain_and_tagged_literals_are_written_as_pyoxigraph_writes_them(value):
    assert our_line(nt.literal(value)) == ox_line(ox.Literal(value))
    assert our_line(nt.literal(value, lang="ar")) == ox_line(ox.Literal(value, language="ar"))


@pytest.mark.parametrize("value", [
    "", "سطر\nسطر", 'قال «إن» "الجيش"', "back\\slash", "\r\n\t", "\x00\x01\x08\x0b\x0c\x1f\x7f", "\u2028\ufeff",
    "mixed\n\x07bell",
])
def test_escapes(value):
    assert our_line(nt.literal(value)) == ox_line(ox.Literal(value))
    parsed = next(ox.parse(our_line(nt.literal(value)).encode(), format=ox.RdfFormat.N_TRIPLES))
    assert parsed.object.value == value


@pytest.mark.parametrize(("lexical", "datatype"), [
    ("3", XSD + "integer"), ("0.85", XSD + "decimal"), ("2017-11-04", XSD + "date"), ("true", XSD + "boolean"),
    ("plain", XSD + "string"),
])
def test_typed_literals(lexical, datatype):
    expected = ox_line(ox.Literal(lexical, datatype=ox.NamedNode(datatype)))
    assert our_line(nt.literal(lexical, datatype=datatype)) == expected


def test_graph_from_terms_equals_graph_from_pyoxigraph_triples():
    a, b = nt.iri("https://example.org/a"), nt.iri("https://example.org/b")
    typ, cls = nt.iri("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), nt.iri("https://example.org/C")
    ref = nt.iri("https://example.org/reference")
    terms = [(a, typ, cls), (a, nt.iri(P.value), b), (b, nt.iri(P.value), nt.literal("x\ny", lang="ar")),
             (a, nt.iri(P.value), ref), (a, typ, cls)]  # the last one repeats
    g = NTriplesGraph.from_terms(terms)
    h = NTriplesGraph.from_ox(g.triples())
    assert g.ntriples == h.ntriples and g.count == h.count == 4
    assert g.subjects == h.subjects == {"https://example.org/a", "https://example.org/b"}
    assert g.references == h.references == {"https://example.org/reference", "https://example.org/C"}
    assert g.instances("https://example.org/C") == h.instances("https://example.org/C") == ["https://example.org/a"]
