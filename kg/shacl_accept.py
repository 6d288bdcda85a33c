"""A fast *acceptance* check of one document against the project's SHACL shapes.

pyshacl-turbo spends ~0.1 ms on each focus node of a document (~50 of them), most of a
document's ingest cost. This module compiles the shapes (ontology/shapes.ttl) into plain
checks over the document's N-Triples and answers one question: does the document
certainly conform? It only ever says yes when every constraint holds; whenever it
cannot be sure (a violation, but also a value it cannot compare, an ill-formed literal,
anything unusual) it says no, and :func:`kg.validation.validate_document` then runs
pyshacl-turbo, which decides and writes the report. So a document is never stored on
this module's word alone unless it meets every constraint, and a refused document's
report is always pyshacl-turbo's.

Supported (exactly what shapes.ttl uses): node shapes with ``sh:targetClass`` (through
``rdfs:subClassOf*`` in the data), ``sh:nodeKind sh:IRI``, property shapes over a
predicate or a sequence of predicates with ``sh:minCount``, ``sh:maxCount``,
``sh:datatype``, ``sh:class``, ``sh:or`` of ``sh:class`` alternatives, ``sh:nodeKind
sh:IRI``, ``sh:in``, ``sh:minInclusive``/``sh:maxInclusive``, ``sh:pattern``,
``sh:minLength``, ``sh:uniqueLang``, ``sh:languageIn``, ``sh:lessThan``,
``sh:lessThanOrEquals``; and SPARQL constraints (``sh:sparql`` with ``sh:select`` and
``sh:prefixes``), run by pyoxigraph with ``$this`` pre-bound. A shapes graph using
anything else (another target, another constraint, a severity other than violation)
is not compiled at all (:func:`compile_shapes` returns None) and every document goes to
pyshacl-turbo. tests/kg/test_shacl_accept.py checks it against pyshacl-turbo on real and
mutated documents.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

import pyoxigraph as ox
from rdflib import RDF, RDFS, BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import SH, XSD

from kg import ntriples as nt

_TYPE = "<" + str(RDF.type) + ">"
_SUBCLASS = "<" + str(RDFS.subClassOf) + ">"
_XSD = str(XSD)
_XSD_STRING = "<" + _XSD + "string>"
_LANG_STRING = "<" + str(RDF.langString) + ">"

#: shape-node predicates that do not constrain anything
_ANNOTATIONS = {SH.message, SH.name, SH.description, SH.order, SH.group, RDFS.comment, RDFS.label, RDF.type}
_NODE_KEYS = {SH.targetClass, SH.nodeKind, SH.property, SH.sparql} | _ANNOTATIONS
_PROPERTY_KEYS = {SH.path, SH.minCount, SH.maxCount, SH.datatype, SH["class"], SH["or"], SH.nodeKind, SH["in"],
                  SH.minInclusive, SH.maxInclusive, SH.pattern, SH.minLength, SH.uniqueLang, SH.languageIn,
                  SH.lessThan, SH.lessThanOrEquals} | _ANNOTATIONS
_SPARQL_KEYS = {SH.select, SH.prefixes} | _ANNOTATIONS


class Unsupported(Exception):
    """The shapes use a feature this module does not implement."""


def _nt(term) -> str:
    """An rdflib term as N-Triples text, written as the documents are (kg.ntriples)."""
    if isinstance(term, URIRef):
        return nt.iri(str(term))
    if isinstance(term, Literal):
        return nt.literal(str(term), lang=term.language, datatype=str(term.datatype) if term.datatype else None)
    raise Unsupported(f"term {term!r}")


_ESCAPE = re.compile(r"\\(?:u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8})|(.))")
_SIMPLE_ESCAPES = {"t": "\t", "b": "\b", "n": "\n", "r": "\r", "f": "\f", '"': '"', "'": "'", "\\": "\\"}


def _unescape(m: re.Match[str]) -> str:
    if m.group(3) is not None:
        return _SIMPLE_ESCAPES[m.group(3)]
    return chr(int(m.group(1) or m.group(2), 16))


def literal(term: str) -> tuple[str, str, str | None] | None:
    """``(lexical form, datatype as N-Triples IRI, language)`` of an N-Triples literal, or
    None if ``term`` is not one."""
    if not term.startswith('"'):
        return None
    end = term.rfind('"')
    if end <= 0:
        return None
    lex, tail = term[1:end], term[end + 1:]
    if "\\" in lex:
        lex = _ESCAPE.sub(_unescape, lex)
    if not tail:
        return lex, _XSD_STRING, None
    if tail.startswith("@"):
        return lex, _LANG_STRING, tail[1:].lower()
    if tail.startswith("^^<") and tail.endswith(">"):
        return lex, tail[2:], None
    return None


_INTEGER = re.compile(r"[+-]?[0-9]+\Z")
_DECIMAL = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)\Z")
_DATE = re.compile(r"-?[0-9]{4,}-[0-9]{2}-[0-9]{2}\Z")  # (no time zone: a zoned date is left to pyshacl)
_DATETIME = re.compile(r"-?[0-9]{4,}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]+)?"
                       r"(?:Z|[+-][0-9]{2}:[0-9]{2})?\Z")


def value(lex: str, datatype: str):
    """The value of a literal for comparisons and datatype checks: Decimal for the numeric
    types, date / datetime, str for strings; None if ill-formed or of a type not handled."""
    dt = datatype[1:-1]
    if not dt.startswith(_XSD):
        return None
    local = dt[len(_XSD):]
    try:
        if local == "integer":
            return Decimal(lex) if _INTEGER.match(lex) else None
        if local == "decimal":
            return Decimal(lex) if _DECIMAL.match(lex) else None
        if local == "date":
            return date.fromisoformat(lex) if _DATE.match(lex) else None
        if local == "dateTime":
            return datetime.fromisoformat(lex.replace("Z", "+00:00")) if _DATETIME.match(lex) else None
        if local == "boolean":
            return lex if lex in ("true", "false", "1", "0") else None
        if local in ("string", "anyURI"):
            return lex
    except (ValueError, InvalidOperation):
        return None
    return None


def _comparable(a, b) -> bool:
    if isinstance(a, Decimal) and isinstance(b, Decimal):
        return True
    if type(a) is date and type(b) is date:
        return True
    if isinstance(a, datetime) and isinstance(b, datetime):
        return (a.tzinfo is None) == (b.tzinfo is None)
    return False


@dataclass
class PropertyCheck:
    path: tuple[str, ...]
    min_count: int = 0
    max_count: int | None = None
    datatype: str | None = None
    classes: list[str] = field(default_factory=list)
    or_classes: list[list[str]] = field(default_factory=list)
    iri_only: bool = False
    allowed: frozenset[str] | None = None
    min_inclusive: object = None
    max_inclusive: object = None
    pattern: re.Pattern[str] | None = None
    min_length: int | None = None
    unique_lang: bool = False
    languages: tuple[str, ...] | None = None
    less_than: list[str] = field(default_factory=list)
    less_than_or_equals: list[str] = field(default_factory=list)
    #: set by :meth:`finish`: whether any check looks at a value (beyond counting), and at a literal
    checks_values: bool = True
    needs_literal: bool = True

    def finish(self) -> PropertyCheck:
        self.needs_literal = bool(self.datatype or self.pattern or self.min_length is not None or self.languages
                                  is not None or self.unique_lang or self.min_inclusive is not None
                                  or self.max_inclusive is not None)
        self.checks_values = bool(self.needs_literal or self.iri_only or self.allowed is not None or self.classes
                                  or self.or_classes or self.less_than or self.less_than_or_equals)
        return self


@dataclass
class NodeShape:
    name: str
    targets: list[str]
    iri_only: bool = False
    properties: list[PropertyCheck] = field(default_factory=list)
    sparql: list[str] = field(default_factory=list)


@dataclass
class Shapes:
    """Compiled shapes: node shapes by target class, and the predicates the SPARQL
    constraints can match (None: any, so they see the whole data graph)."""

    shapes: list[NodeShape]
    by_class: dict[str, list[NodeShape]]
    sparql_predicates: frozenset[str] | None


def query_predicates(query: str) -> frozenset[str] | None:
    """The predicates (N-Triples IRIs) of every triple pattern of a SPARQL query, or None if
    some pattern has a variable or a property path as its predicate. A query whose patterns
    all have constant predicates can only match triples with those predicates, so it gives
    the same solutions on the data restricted to them."""
    from rdflib.paths import Path
    from rdflib.plugins.sparql import prepareQuery

    out: set[str] = set()
    ok = True

    def walk(node) -> None:
        nonlocal ok
        if isinstance(node, Path):
            ok = False
        elif isinstance(node, dict):
            for key, v in node.items():
                if key == "triples":
                    for t in v:
                        if len(t) != 3 or not isinstance(t[1], URIRef):
                            ok = False
                        else:
                            out.add(_nt(t[1]))
                walk(v)
        elif isinstance(node, list | tuple | set | frozenset):
            for v in node:
                walk(v)

    try:
        walk(prepareQuery(query).algebra)
    except Exception:  # noqa: BLE001 - a query rdflib cannot parse: no restriction
        return None
    return frozenset(out) if ok else None


def _one(g: Graph, node, pred):
    values = list(g.objects(node, pred))
    if len(values) != 1:
        raise Unsupported(f"{pred} given {len(values)} times on {node}")
    return values[0]


def _keys(g: Graph, node, allowed: set) -> None:
    extra = {p for p in g.predicates(node, None)} - allowed
    if extra:
        raise Unsupported(f"{node}: {', '.join(sorted(str(p) for p in extra))}")


def _int(term) -> int:
    if not isinstance(term, Literal) or not isinstance(term.toPython(), int):
        raise Unsupported(f"not an integer: {term!r}")
    return int(term.toPython())


def _bound(term):
    if not isinstance(term, Literal) or term.datatype is None:
        raise Unsupported(f"bound {term!r}")
    v = value(str(term), f"<{term.datatype}>")
    if v is None or isinstance(v, str):
        raise Unsupported(f"bound {term!r}")
    return v


def _path(g: Graph, node) -> tuple[str, ...]:
    if isinstance(node, URIRef):
        return (_nt(node),)
    if isinstance(node, BNode) and (node, RDF.first, None) in g:
        steps = list(Collection(g, node))
        if steps and all(isinstance(s, URIRef) for s in steps):
            return tuple(_nt(s) for s in steps)
    raise Unsupported(f"path {node!r}")


def _property(g: Graph, node) -> PropertyCheck:
    _keys(g, node, _PROPERTY_KEYS)
    pc = PropertyCheck(_path(g, _one(g, node, SH.path)))
    for p, o in g.predicate_objects(node):
        if p == SH.minCount:
            pc.min_count = _int(o)
        elif p == SH.maxCount:
            pc.max_count = _int(o)
        elif p == SH.datatype:
            pc.datatype = _nt(o)
        elif p == SH["class"]:
            pc.classes.append(_nt(o))
        elif p == SH["or"]:
            alternatives = []
            for member in Collection(g, o):
                _keys(g, member, {SH["class"]})
                alternatives.append([_nt(c) for c in g.objects(member, SH["class"])])
            if not alternatives or not all(len(alt) == 1 for alt in alternatives):
                raise Unsupported("sh:or other than alternatives of one sh:class each")
            pc.or_classes.append([alt[0] for alt in alternatives])
        elif p == SH.nodeKind:
            if o != SH.IRI:
                raise Unsupported(f"sh:nodeKind {o}")
            pc.iri_only = True
        elif p == SH["in"]:
            pc.allowed = frozenset(_nt(v) for v in Collection(g, o))
        elif p == SH.minInclusive:
            pc.min_inclusive = _bound(o)
        elif p == SH.maxInclusive:
            pc.max_inclusive = _bound(o)
        elif p == SH.pattern:
            if (node, SH.flags, None) in g:
                raise Unsupported("sh:flags")
            pc.pattern = re.compile(str(o))
        elif p == SH.minLength:
            pc.min_length = _int(o)
        elif p == SH.uniqueLang:
            if not isinstance(o, Literal) or not isinstance(o.toPython(), bool):
                raise Unsupported(f"sh:uniqueLang {o!r}")
            pc.unique_lang = o.toPython()
        elif p == SH.languageIn:
            pc.languages = tuple(str(v).lower() for v in Collection(g, o))
        elif p == SH.lessThan:
            pc.less_than.append(_nt(o))
        elif p == SH.lessThanOrEquals:
            pc.less_than_or_equals.append(_nt(o))
    return pc.finish()


def _prefixes(g: Graph, node) -> str:
    lines = []
    for ontology in g.objects(node, SH.prefixes):
        for decl in g.objects(ontology, SH.declare):
            lines.append(f"PREFIX {_one(g, decl, SH.prefix)}: <{_one(g, decl, SH.namespace)}>")
    return "\n".join(lines) + "\n"


def compile_shapes(g: Graph) -> Shapes | None:
    """The node shapes of shapes graph ``g`` as checks, or None if it uses anything this
    module does not implement (then every document goes to pyshacl-turbo)."""
    try:
        if any(True for _ in g.subjects(SH.severity, None)) or any(True for _ in g.subjects(SH.deactivated, None)):
            raise Unsupported("sh:severity / sh:deactivated")
        for target in (SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf, SH.target):
            if any(True for _ in g.subjects(target, None)):
                raise Unsupported(str(target))
        node_shapes = set(g.subjects(RDF.type, SH.NodeShape))
        # a shape that is one without saying so (targets or constraints on an untyped node)
        implicit = {n for p in (SH.targetClass, SH.property, SH.sparql, SH.nodeKind) for n in g.subjects(p, None)}
        if implicit - node_shapes - set(g.subjects(SH.path, None)):
            raise Unsupported("a node shape not typed sh:NodeShape")
        shapes = []
        for node in sorted(node_shapes, key=str):
            _keys(g, node, _NODE_KEYS)
            shape = NodeShape(str(node), [_nt(c) for c in g.objects(node, SH.targetClass)])
            for kind in g.objects(node, SH.nodeKind):
                if kind != SH.IRI:
                    raise Unsupported(f"sh:nodeKind {kind}")
                shape.iri_only = True
            shape.properties = [_property(g, p) for p in g.objects(node, SH.property)]
            for c in g.objects(node, SH.sparql):
                _keys(g, c, _SPARQL_KEYS)
                select = str(_one(g, c, SH.select))
                if re.search(r"[$?](currentShape|shapesGraph|PATH)\b", select):
                    raise Unsupported("a SPARQL constraint using a pre-bound variable other than $this")
                shape.sparql.append(_prefixes(g, c) + select)
            if not shape.targets:
                raise Unsupported(f"{node}: node shape without sh:targetClass")
            shapes.append(shape)
        # property shapes reachable only through other constructs (sh:node, sh:and, ...) are not supported
        declared = {p for s in g.subjects(RDF.type, SH.NodeShape) for p in g.objects(s, SH.property)}
        if set(g.subjects(SH.path, None)) - declared:
            raise Unsupported("property shapes outside sh:property of a node shape")
        by_class: dict[str, list[NodeShape]] = {}
        for shape in shapes:
            for c in shape.targets:
                by_class.setdefault(c, []).append(shape)
        predicates: set[str] | None = set()
        for shape in shapes:
            for q in shape.sparql:
                found = query_predicates(q)
                if found is None or predicates is None:
                    predicates = None
                else:
                    predicates |= found
        return Shapes(shapes, by_class, None if predicates is None else frozenset(predicates))
    except Unsupported:
        return None


class Data:
    """A document's triples (with its validation context) indexed for the checks."""

    def __init__(self, ntriples: str):
        self.props: dict[str, dict[str, list[str]]] = {}
        self.ok = True
        props = self.props
        for line in ntriples.split("\n"):
            if not line:
                continue
            parts = line.split(" ", 2)
            if len(parts) != 3 or not parts[2].endswith(" ."):
                self.ok = False  # (not the N-Triples this project writes: leave it to pyshacl)
                return
            s, p, o = parts[0], parts[1], parts[2][:-2]
            by_p = props.get(s)
            if by_p is None:
                by_p = props[s] = {}
            objs = by_p.get(p)
            if objs is None:
                by_p[p] = [o]
            elif o not in objs:
                objs.append(o)
        self._supers: dict[str, set[str]] = {}

    def objects(self, s: str, path: tuple[str, ...]) -> list[str]:
        if len(path) == 1:
            by_p = self.props.get(s)
            return by_p.get(path[0], []) if by_p is not None else []
        nodes = [s]
        for p in path:
            nxt: list[str] = []
            for n in nodes:
                by_p = self.props.get(n)
                if by_p is not None:
                    for o in by_p.get(p, ()):
                        if o not in nxt:
                            nxt.append(o)
            nodes = nxt
        return nodes

    def superclasses(self, cls: str) -> set[str]:
        out = self._supers.get(cls)
        if out is None:
            out, todo = {cls}, [cls]
            while todo:
                for sup in self.props.get(todo.pop(), {}).get(_SUBCLASS, ()):
                    if sup not in out:
                        out.add(sup)
                        todo.append(sup)
            self._supers[cls] = out
        return out

    def instance_of(self, node: str, cls: str) -> bool:
        return any(cls in self.superclasses(t) for t in self.props.get(node, {}).get(_TYPE, ()))

    def ntriples(self, predicates: frozenset[str]) -> str:
        """The triples with one of ``predicates``, as N-Triples text."""
        return "".join(f"{s} {p} {o} .\n" for s, by_p in self.props.items()
                       for p in by_p.keys() & predicates for o in by_p[p])

    def classes(self, node: str) -> set[str]:
        """Every class ``node`` is an instance of (its types and their superclasses)."""
        out: set[str] = set()
        for t in self.props.get(node, {}).get(_TYPE, ()):
            out |= self.superclasses(t)
        return out


def _property_holds(data: Data, focus: str, pc: PropertyCheck) -> bool:
    values = data.objects(focus, pc.path)
    n = len(values)
    if n < pc.min_count or (pc.max_count is not None and n > pc.max_count):
        return False
    if not values or not pc.checks_values:
        return True
    needs_literal = pc.needs_literal
    langs: list[str] = []
    for v in values:
        if pc.iri_only and not v.startswith("<"):
            return False
        if pc.allowed is not None and v not in pc.allowed:
            return False
        for c in pc.classes:
            if not data.instance_of(v, c):
                return False
        for alternatives in pc.or_classes:
            if not any(data.instance_of(v, c) for c in alternatives):
                return False
        if not needs_literal:
            continue
        lit = literal(v)
        if lit is None:
            if pc.datatype or pc.languages is not None or pc.unique_lang or pc.min_inclusive is not None \
                    or pc.max_inclusive is not None:
                return False
            text = v[1:-1] if v.startswith("<") else None
            if text is None:
                return False  # (a blank node's string form is not defined here: leave it to pyshacl)
        else:
            lex, dt, lang = lit
            text = lex
            if pc.datatype is not None:
                # (well-formedness is checked for the XSD types; a literal of an XSD type this
                # module does not know is left to pyshacl, one of another vocabulary passes)
                if dt != pc.datatype or (dt.startswith("<" + _XSD) and value(lex, dt) is None):
                    return False
            if pc.languages is not None and (lang is None or not any(
                    lang == want or lang.startswith(want + "-") for want in pc.languages)):
                return False
            if pc.unique_lang and lang is not None:
                langs.append(lang)
            if pc.min_inclusive is not None or pc.max_inclusive is not None:
                val = value(lex, dt)
                for bound, ok in ((pc.min_inclusive, lambda a, b: a >= b), (pc.max_inclusive, lambda a, b: a <= b)):
                    if bound is not None and (val is None or not _comparable(val, bound) or not ok(val, bound)):
                        return False
        if pc.min_length is not None and len(text) < pc.min_length:
            return False
        if pc.pattern is not None and not pc.pattern.search(text):
            return False
    if pc.unique_lang and len(langs) != len(set(langs)):
        return False
    for others, strict in ((pc.less_than, True), (pc.less_than_or_equals, False)):
        for other in others:
            for v in values:
                for w in data.objects(focus, (other,)):
                    a, b = literal(v), literal(w)
                    if a is None or b is None:
                        return False
                    va, vb = value(a[0], a[1]), value(b[0], b[1])
                    if va is None or vb is None or isinstance(va, str) or not _comparable(va, vb):
                        return False
                    if not (va < vb if strict else va <= vb):
                        return False
    return True


def accepts(shapes: Shapes, ntriples: str, focus: Iterable[str]) -> bool:
    """True only if every focus node (IRIs, without brackets) meets every shape that targets
    it, in the data graph ``ntriples`` (the document and its validation context)."""
    data = Data(ntriples)
    if not data.ok:
        return False
    store: ox.Store | None = None
    by_class = shapes.by_class
    for iri in focus:
        node = f"<{iri}>"
        seen: set[int] = set()
        for c in data.classes(node):
            for shape in by_class.get(c, ()):
                if id(shape) in seen:
                    continue
                seen.add(id(shape))
                if shape.iri_only and not node.startswith("<"):
                    return False
                for pc in shape.properties:
                    if not _property_holds(data, node, pc):
                        return False
                if shape.sparql:
                    if store is None:
                        store = ox.Store()
                        only = shapes.sparql_predicates
                        store.bulk_load((ntriples if only is None else data.ntriples(only)).encode(),
                                        format=ox.RdfFormat.N_TRIPLES)
                    this = {ox.Variable("this"): ox.NamedNode(iri)}
                    for query in shape.sparql:
                        if any(True for _ in store.query(query, substitutions=this)):  # type: ignore[union-attr]
                            return False
    return True
