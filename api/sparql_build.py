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
    parts = []
    for node in nodes:
        if type(node) is not ox.NamedNode:
            raise TypeError(f"values_block takes pyoxigraph NamedNode objects, not {type(node).__name__}")
        parts.append(str(node))
    return f"VALUES ?{var} {{ {' '.join(parts)} }}"


def limit_offset(limit: int, offset: int = 0) -> str:
    """``LIMIT n OFFSET m`` from non-negative Python ints (bools refused)."""
    for name, value in (("limit", limit), ("offset", offset)):
        if type(value) is not int or value < 0:
            raise ValueError(f"{name} must be a non-negative int, not {value!r}")
    return f"LIMIT {limit} OFFSET {offset}"
