"""SPARQL text is built only from pyoxigraph named nodes and checked variable names
(api.sparql_build); the patterns it builds answer what they say."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from api.sparql_build import indexed_values, iri_list, numbered_objects, values_block

EX = "https://example.org/"
S, P1, P2, P3 = (ox.NamedNode(EX + n) for n in ("s", "p1", "p2", "p3"))


@pytest.mark.parametrize(
    "build",
    [
        lambda nodes: values_block("x", nodes),
        lambda nodes: indexed_values("i", "x", nodes),
        lambda nodes: iri_list(nodes),
        lambda nodes: numbered_objects("s", "p", "k", "o", nodes),
    ],
)
def test_only_named_nodes_go_in(build):
    for hostile in ([EX + "a> } DROP ALL {"], [ox.Literal("x")], [P1, "<" + EX + "b>"]):
        with pytest.raises(TypeError):
            build(hostile)


@pytest.mark.parametrize("names", [("s p", "p", "k", "o"), ("s", "p}", "k", "o"), ("s", "p", "", "o")])
def test_variable_names_are_checked(names):
    with pytest.raises(ValueError):
        numbered_objects(*names, [P1])


def _numbered(nodes) -> list[tuple[int, str]]:
    store = ox.Store()
    for p, o in ((P1, "a"), (P2, "b"), (P2, "c"), (P3, "d")):
        store.add(ox.Quad(S, p, ox.Literal(o)))
    sparql = "SELECT ?k ?o WHERE { " + values_block("s", [S]) + " " + numbered_objects("s", "p", "k", "o", nodes) + " }"
    return sorted((int(k.value), o.value) for k, o in store.query(sparql))


def test_numbered_objects_answer_by_position():
    assert _numbered([P2]) == [(0, "b"), (0, "c")]
    assert "FILTER" not in numbered_objects("s", "p", "k", "o", [P2])  # one predicate: a plain pattern
    assert _numbered([P3, P1]) == [(0, "d"), (1, "a")]
