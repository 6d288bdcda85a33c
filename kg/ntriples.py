"""RDF terms as N-Triples text, written the way pyoxigraph writes them.

The ingest builds a document's graph as N-Triples lines (``<s> <p> <o> .``) from these
terms instead of pyoxigraph objects: the gate, the validator and the store all take
N-Triples text, so a graph goes from the extractor to the store without one Python object
per term or triple (measured: a pyoxigraph ``Triple`` costs several microseconds to build
and to hash, a formatted string a fraction of that).

Every function here writes exactly what ``pyoxigraph`` serialises for the same term
(tests/test_ntriples.py checks it term by term, for arbitrary strings), so a graph's text
and its digest do not depend on which path built it. Nothing here checks that an IRI is
well formed: the callers build IRIs from ``kg.iris`` and the reference data, and whatever
is stored is parsed by pyoxigraph first (``kg.store.parse_ntriples``), which refuses text
that is not N-Triples.
"""

from __future__ import annotations

import re
from operator import itemgetter
from typing import Any

XSD = "http://www.w3.org/2001/XMLSchema#"

# pyoxigraph's escapes: the quote, the backslash, the named control characters, and every
# other C0 control and DEL as \\uXXXX (upper-case hex); everything else is written as is
_ESCAPES = {c: f"\\u{c:04X}" for c in (*range(0x20), 0x7F)}
_ESCAPES.update({ord('"'): '\\"', ord("\\"): "\\\\", ord("\n"): "\\n", ord("\r"): "\\r", ord("\t"): "\\t",
                 ord("\b"): "\\b", ord("\f"): "\\f"})
_NEEDS_ESCAPE = re.compile('[\x00-\x1f\x7f"\\\\]')
_RARE_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def escape(value: str) -> str:
    """The body of an N-Triples string literal for ``value`` (without the quotes)."""
    if not _NEEDS_ESCAPE.search(value):
        return value
    if _RARE_CONTROL.search(value):
        return value.translate(_ESCAPES)
    # the usual case (an article's text: line breaks, quotes): str.replace is several
    # times faster than translate on a long string
    return value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r") \
        .replace("\t", "\\t")


def iri(value: str) -> str:
    """``<value>``."""
    return f"<{value}>"


class Namespace:
    """A namespace whose terms are N-Triples IRIs (``ns.Event`` -> ``"<…#Event>"``), each made
    once through the rdflib namespace ``ns`` (so a closed namespace still rejects a misspelt
    term) and then a plain attribute. (A Python class on purpose: compiled callers in
    ingest/ look its terms up as ordinary attributes.)"""

    def __init__(self, ns: Any):
        self._ns = ns

    def __getattr__(self, name: str) -> str:
        if name.startswith("_"):
            raise AttributeError(name)
        node = iri(str(self._ns[name]))
        setattr(self, name, node)
        return node

    def __getitem__(self, name: str) -> str:
        return getattr(self, name)


def iri_value(term: str) -> str:
    """The IRI of an :func:`iri` term."""
    return term[1:-1]


def literal(value: str, *, lang: str | None = None, datatype: str | None = None) -> str:
    """A literal: plain (``xsd:string``, written without its datatype, as pyoxigraph does),
    language-tagged, or typed with ``datatype`` (an IRI, not a term)."""
    body = f'"{escape(value)}"'
    if lang is not None:
        return f"{body}@{lang}"
    if datatype is not None and datatype != XSD + "string":
        return f"{body}^^<{datatype}>"
    return body


def triple(s: str, p: str, o: str) -> str:
    """One N-Triples line, newline included."""
    return f"{s} {p} {o} .\n"


_RDF_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"


class NTriplesGraph:
    """A graph as N-Triples text (each triple once, in the order first given), with what the
    ingest gate needs to know about it without parsing it: the IRIs it describes (subjects),
    the IRIs it points to without describing them (to look up in the reference data), and
    its typed nodes. ``triples()`` parses it when pyoxigraph objects are wanted."""

    __slots__ = ("ntriples", "subjects", "references", "count", "_types")

    def __init__(self, ntriples: bytes, subjects: frozenset[str], references: frozenset[str], count: int,
                 types: dict[str, list[str]]):
        self.ntriples = ntriples
        self.subjects = subjects  # IRIs, without the angle brackets
        self.references = references
        self.count = count
        self._types = types  # class IRI -> instance IRIs, in order

    @classmethod
    def from_terms(cls, triples) -> NTriplesGraph:
        """From ``(s, p, o)`` tuples of N-Triples terms (:func:`iri`, :func:`literal`); IRIs
        only as subjects (stored data has no blank nodes)."""
        unique = dict.fromkeys(triples)
        if not unique:
            return cls(b"", frozenset(), frozenset(), 0, {})
        # (map with C-level callables: about twice as fast as the same comprehensions)
        subjects = set(map(itemgetter(0), unique))
        objects = {o for o in set(map(itemgetter(2), unique)) if o[0] == "<"}
        types: dict[str, list[str]] = {}
        for s, o in [(s, o) for s, p, o in unique if p == _RDF_TYPE]:
            types.setdefault(o[1:-1], []).append(s[1:-1])
        text = (" .\n".join(map(" ".join, unique)) + " .\n").encode()
        return cls(text, frozenset([s[1:-1] for s in subjects]), frozenset([o[1:-1] for o in objects - subjects]),
                   len(unique), types)

    @classmethod
    def from_ox(cls, triples) -> NTriplesGraph:
        """From pyoxigraph triples (serialised by pyoxigraph)."""
        import pyoxigraph as ox

        unique = list(dict.fromkeys(triples))
        subjects = {t.subject.value for t in unique if isinstance(t.subject, ox.NamedNode)}
        objects = {t.object.value for t in unique if isinstance(t.object, ox.NamedNode)}
        types: dict[str, list[str]] = {}
        for t in unique:
            if t.predicate.value == _RDF_TYPE[1:-1] and isinstance(t.object, ox.NamedNode):
                types.setdefault(t.object.value, []).append(t.subject.value)
        text = (ox.serialize(unique, format=ox.RdfFormat.N_TRIPLES) or b"") if unique else b""
        return cls(text, frozenset(subjects), frozenset(objects - subjects), len(unique), types)

    def instances(self, cls_iri: str) -> list[str]:
        """The IRIs typed ``cls_iri`` (an IRI, no brackets), in order."""
        return list(self._types.get(cls_iri, ()))

    def triples(self) -> list:
        """The triples as pyoxigraph objects."""
        import pyoxigraph as ox

        return [q.triple for q in ox.parse(self.ntriples, format=ox.RdfFormat.N_TRIPLES)]
