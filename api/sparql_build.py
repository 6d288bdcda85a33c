"""The one place where SPARQL text is assembled from anything other than constants.

Rule: user values never enter SPARQL as text. Single values go in as ``bindings`` (the
store pre-binds variables to pyoxigraph terms). Two things cannot be bound that way and
are built here, from values that cannot carry SPARQL syntax:

* :func:`values_block` — a ``VALUES ?x { <iri1> <iri2> }`` block for batched lookups. It
  accepts only :class:`pyoxigraph.NamedNode` objects. pyoxigraph validates an IRI when the
  node is made (spaces, ``<``, ``>``, ``"``, ``{``, ``}``, newlines … are refused), and
  ``str(node)`` writes it as ``<…>``, so nothing in a node can close the block or start
  a new clause. API code makes these nodes from ids checked by :mod:`api.ids`, which
  re-mints them with :mod:`kg.iris`.
* :func:`indexed_values`, :func:`iri_list`, :func:`iri_number` and
  :func:`numbered_objects` — the same guarantee, for a numbered ``VALUES (?i ?x)`` block,
  the ``(<a>, <b>)`` list of an ``IN`` filter, an expression numbering the IRIs a variable
  may hold, and a pattern reading the values of a few predicates by number.
* :func:`limit_offset` — ``LIMIT n OFFSET m`` from Python ``int`` values (checked type
  and range), for keyset-free paging.

Filters that depend on which arguments were given are chosen from constant fragments;
the values they compare with are bindings.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import pyoxigraph as ox

_VAR = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def values_block(var: str, nodes: Iterable[ox.NamedNode]) -> str:
    """``VALUES ?var { <a> <b> … }`` from pyoxigraph named nodes only."""
    if not _VAR.fullmatch(var):
        raise ValueError(f"bad SPARQL variable name {var!r}")
    return f"VALUES ?{var} {{ {' '.join(_iris(nodes, 'values_block'))} }}"


def _iris(nodes: Iterable[ox.NamedNode], what: str) -> list[str]:
    out = []
    for node in nodes:
        if type(node) is not ox.NamedNode:
            raise TypeError(f"{what} takes pyoxigraph NamedNode objects, not {type(node).__name__}")
        out.append(str(node))
    return out


def indexed_values(index: str, var: str, nodes: Iterable[ox.NamedNode]) -> str:
    """``VALUES (?index ?var) { (0 <a>) (1 <b>) … }`` from pyoxigraph named nodes only.

    Why: a result row that names its subject by ``?index`` (a small integer, which the store
    keeps inline) instead of by IRI skips one string-table lookup and one Python string per
    row; decoding terms is most of what a batched describe costs on an on-disk store."""
    for name in (index, var):
        if not _VAR.fullmatch(name):
            raise ValueError(f"bad SPARQL variable name {name!r}")
    rows = " ".join(f"({i} {iri})" for i, iri in enumerate(_iris(nodes, "indexed_values")))
    return f"VALUES (?{index} ?{var}) {{ {rows} }}"


def iri_list(nodes: Iterable[ox.NamedNode]) -> str:
    """``(<a>, <b>, …)`` for ``FILTER(?p IN …)``, from pyoxigraph named nodes only."""
    iris = _iris(nodes, "iri_list")
    if not iris:
        raise ValueError("iri_list needs at least one IRI")
    return "(" + ", ".join(iris) + ")"


def iri_number(var: str, nodes: Iterable[ox.NamedNode]) -> str:
    """``IF(?var = <a>, 0, IF(?var = <b>, 1, -1))``: the position of ?var's value among
    ``nodes``, -1 when absent. Why: a result row that names a predicate by this number (an
    inline integer) instead of by IRI skips a string-table lookup per row, ~20% of a
    batched partial describe."""
    if not _VAR.fullmatch(var):
        raise ValueError(f"bad SPARQL variable name {var!r}")
    expr = "-1"
    for i, iri in reversed(list(enumerate(_iris(nodes, "iri_number")))):
        expr = f"IF(?{var} = {iri}, {i}, {expr})"
    return expr


def numbered_objects(subject: str, predicate: str, number: str, obj: str, nodes: list[ox.NamedNode]) -> str:
    """A pattern binding ``?obj`` to the values of ``?subject`` for any of the predicates
    ``nodes`` (pyoxigraph named nodes only) and ``?number`` to the predicate's position
    among them (see :func:`iri_number`). One predicate is a plain triple pattern; several
    are one pattern over ``?predicate``, an ``IN`` filter and the numbering expression (a
    union of one pattern per predicate measured slower on an on-disk store)."""
    for name in (subject, predicate, number, obj):
        if not _VAR.fullmatch(name):
            raise ValueError(f"bad SPARQL variable name {name!r}")
    iris = _iris(nodes, "numbered_objects")
    if len(iris) == 1:
        return f"?{subject} {iris[0]} ?{obj} BIND(0 AS ?{number})"
    return (
        f"?{subject} ?{predicate} ?{obj} FILTER(?{predicate} IN {iri_list(nodes)}) "
        f"BIND({iri_number(predicate, nodes)} AS ?{number})"
    )


def limit_offset(limit: int, offset: int = 0) -> str:
    """``LIMIT n OFFSET m`` from non-negative Python ints (bools refused)."""
    for name, value in (("limit", limit), ("offset", offset)):
        if type(value) is not int or value < 0:
            raise ValueError(f"{name} must be a non-negative int, not {value!r}")
    return f"LIMIT {limit} OFFSET {offset}"
