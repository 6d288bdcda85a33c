"""SHACL validation against ontology/shapes.ttl, with reports a person can act on.

A document is validated *in context*: its own graph plus what it points to in the
reference data (the class hierarchy of the ontology and the description of every
gazetteer entry and event type it names), so ``sh:class`` checks work without copying
reference data into documents. Whole-store validation reads every graph at once.

The engine is pyshacl-turbo (pySHACL's API, Rust core) by default; ``engine="pyshacl"``
runs the reference implementation. Exit codes follow pySHACL: 0 conforms, 1 does not,
2 error.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from pathlib import Path

import pyoxigraph as ox
from rdflib import RDF, RDFS, Graph, Literal, Namespace, URIRef
from rdflib.term import Node

from kg import shacl_accept
from kg.errors import InvalidInput
from kg.namespaces import PREFIXES
from kg.ntriples import NTriplesGraph
from kg.reference import reference_store, shapes_path
from kg.terms import from_ox, to_ox

SH = Namespace("http://www.w3.org/ns/shacl#")
ENGINES = ("turbo", "pyshacl")


@dataclass(frozen=True)
class Violation:
    focus: str
    path: str | None
    value: str | None
    message: str
    shape: str | None
    severity: str
    component: str | None

    def line(self) -> str:
        parts = [f"{self.severity}: {self.focus}"]
        if self.path:
            parts.append(f"path {self.path}")
        if self.value is not None:
            parts.append(f"value {self.value}")
        text = ", ".join(parts) + f": {self.message}"
        if self.shape:
            text += f"  [shape {self.shape}]"
        return text


@dataclass
class Report:
    conforms: bool
    violations: list[Violation] = field(default_factory=list)
    graph: Graph | None = None

    def to_text(self) -> str:
        if self.conforms:
            return "Conforms: the data satisfies every shape."
        lines = [f"Does not conform: {len(self.violations)} result(s)."]
        lines += [f"  {i}. {v.line()}" for i, v in enumerate(self.violations, 1)]
        return "\n".join(lines)

    def to_json(self) -> str:
        doc = {"conforms": self.conforms, "results": [asdict(v) for v in self.violations]}
        return json.dumps(doc, ensure_ascii=False, indent=2)

    def to_turtle(self) -> str:
        if self.graph is not None:
            return self.graph.serialize(format="turtle")
        # a conforming document checked by the fast path has no report graph: the report
        # it would have is this one
        return (f"@prefix sh: <{SH}> .\n\n[] a sh:ValidationReport ;\n"
                f"    sh:conforms {'true' if self.conforms else 'false'} .\n")

    def render(self, fmt: str) -> str:
        if fmt == "text":
            return self.to_text()
        if fmt == "json":
            return self.to_json()
        if fmt == "turtle":
            return self.to_turtle()
        raise InvalidInput(f"unknown report format {fmt!r}; choose text, json or turtle")


def shapes_graph(path: Path | None = None) -> Graph:
    return _parse_shapes(Path(path or shapes_path()).resolve())


@lru_cache(maxsize=4)
def _parse_shapes(path: Path) -> Graph:
    # only the prefixes shapes.ttl declares: pyshacl-turbo binds every prefix of the shapes
    # graph into each report graph, and rdflib's ~30 defaults made that ~1.5 ms per document
    g = Graph(bind_namespaces="none")
    g.parse(str(path), format="turtle")
    return g


def _short(node: Node | None, graph: Graph) -> str | None:
    if node is None:
        return None
    if isinstance(node, URIRef):
        try:
            return graph.namespace_manager.normalizeUri(node)
        except Exception:  # noqa: BLE001 - rdflib raises assorted errors for un-prefixable IRIs
            return f"<{node}>"
    if isinstance(node, Literal):
        return node.n3(graph.namespace_manager)
    # blank node paths (sequence paths) are shown by their first step
    first = graph.value(node, RDF.first)
    return _short(first, graph) + "/…" if first is not None else "[path]"


def _node_shape(shape: Node | None) -> Node | None:
    """The named node shape a result comes from: property shapes are blank nodes, so
    report the node shape that declares them."""
    if shape is None or isinstance(shape, URIRef):
        return shape
    return shapes_graph().value(predicate=SH.property, object=shape)


def report_from_graph(conforms: bool, results: Graph) -> Report:
    if conforms:
        return Report(conforms=True, violations=[], graph=results)
    for prefix, ns in PREFIXES.items():
        results.bind(prefix, ns, override=True)
    results.bind("ckgsh", "https://w3id.org/conflict-kg/shapes#")
    violations = []
    for r in results.subjects(RDF.type, SH.ValidationResult):
        severity = results.value(r, SH.resultSeverity)
        messages = [str(m) for m in results.objects(r, SH.resultMessage)]
        violations.append(
            Violation(
                focus=_short(results.value(r, SH.focusNode), results) or "?",
                path=_short(results.value(r, SH.resultPath), results),
                value=_short(results.value(r, SH.value), results),
                message="; ".join(sorted(messages)) or "constraint not satisfied",
                shape=_short(_node_shape(results.value(r, SH.sourceShape)), results),
                severity=str(severity).rsplit("#", 1)[-1] if severity else "Violation",
                component=_short(results.value(r, SH.sourceConstraintComponent), results),
            )
        )
    violations.sort(key=lambda v: (v.focus, v.path or "", v.message))
    return Report(conforms=conforms, violations=violations, graph=results)


def validate_graph(data: Graph, *, engine: str = "turbo", shapes: Path | None = None,
                   focus: list[Node] | None = None) -> Report:
    """Validate an rdflib graph against the shapes; ``focus`` limits which nodes are checked
    (the others are there to be pointed at)."""
    if engine == "turbo":
        import pyshacl_turbo as validator
    elif engine == "pyshacl":
        import pyshacl as validator
    else:
        raise InvalidInput(f"unknown SHACL engine {engine!r}; choose one of {', '.join(ENGINES)}")
    extra = {"focus_nodes": focus} if focus is not None else {}
    conforms, results, _text = validator.validate(
        data, shacl_graph=shapes_graph(shapes), inference="none", advanced=False, allow_warnings=True, **extra
    )
    return report_from_graph(bool(conforms), results)


@lru_cache(maxsize=1)
def _class_hierarchy() -> tuple[ox.Triple, ...]:
    store = reference_store()
    sub = ox.NamedNode(str(RDFS.subClassOf))
    return tuple(q.triple for q in store.quads_for_pattern(None, sub, None, None))


_RDF_TYPE = ox.NamedNode(str(RDF.type))


def context_triples(triples: Iterable[ox.Triple], reference: ox.Store | None = None) -> list[ox.Triple]:
    """Reference triples a document needs for validation: the class hierarchy, and the
    types of the IRIs it points to without describing them (gazetteer entries, event
    types), so ``sh:class`` checks can see them. The reference data itself is validated
    as a whole (``ckg validate`` on the store, and the test suite)."""
    reference = reference or reference_store()
    triples = list(triples)
    described = {t.subject for t in triples}
    wanted = {t.object for t in triples if isinstance(t.object, ox.NamedNode)} - described
    out = list(_class_hierarchy())
    for iri in wanted:
        out.extend(q.triple for q in reference.quads_for_pattern(iri, _RDF_TYPE, None, None))
    return out


@lru_cache(maxsize=1)
def _compiled_shapes():
    import pyshacl_turbo

    return pyshacl_turbo.compile_shapes(shapes_graph())


@lru_cache(maxsize=1)
def _accept_shapes() -> shacl_accept.Shapes | None:
    """The shapes compiled for :func:`kg.shacl_accept.accepts` (None: not supported, or
    turned off with ``CKG_SHACL_ACCEPT=0``)."""
    if os.environ.get("CKG_SHACL_ACCEPT", "1") == "0":
        return None
    return shacl_accept.compile_shapes(shapes_graph())


def _turbo_input(ntriples: str):
    """N-Triples text as pyshacl-turbo's parsed-input record: what it makes of a pyoxigraph
    store (a dump to N-Quads), without building the store first (~1.7 ms per document)."""
    from pyshacl_turbo.rdf import Input

    return Input(ntriples, "oxigraph-nquads", None, {}, preserve_ids=True)


def _conforms_fast(ntriples: str, focus: Iterable[str]) -> bool:
    """Whether the data conforms, from pyshacl-turbo's native validator called directly:
    the public call also builds an rdflib report graph, with rdflib's ~30 default prefixes
    bound, which cost ~1.7 ms per document (a fifth of validating it) even when there is
    nothing to report. False means "build the full report" (the caller then runs the public
    call): a violation, or a pyshacl-turbo whose native signature is not the one this was
    written against (0.6.x), so a change there costs speed, never correctness."""
    try:
        conforms = _compiled_shapes()._native.validate(
            # data, format, base, iterate_rules, max_rule_iterations, max_validation_depth,
            # inplace, allow_infos, allow_warnings, abort_on_first, focus nodes, use_shapes,
            # namespaces
            ntriples, "oxigraph-nquads", None, False, 100, 15, False, False, True, False,
            list(focus), [], [],
        )[0]
    except (AttributeError, TypeError, ValueError):
        return False
    return conforms is True


def _type_lines(iri: str, reference: ox.Store) -> bytes:
    node = ox.NamedNode(iri)
    return ox.serialize([q.triple for q in reference.quads_for_pattern(node, _RDF_TYPE, None, None)],
                        format=ox.RdfFormat.N_TRIPLES)


@lru_cache(maxsize=1)
def _hierarchy_text() -> bytes:
    return ox.serialize(_class_hierarchy(), format=ox.RdfFormat.N_TRIPLES)


_TYPES_TEXT: dict[str, bytes] = {}


def context_ntriples(references: Iterable[str], reference: ox.Store | None = None) -> bytes:
    """:func:`context_triples` as N-Triples text, for the IRIs a document points to without
    describing them. For the process's reference store (the default) the text of each IRI
    is cached: the reference data is loaded once per process and documents keep pointing
    at the same places, actors and event types."""
    if reference is not None:
        return _hierarchy_text() + b"".join(_type_lines(i, reference) for i in references)
    store, cache = reference_store(), _TYPES_TEXT
    if len(cache) > 100_000:
        cache.clear()
    parts = [_hierarchy_text()]
    for iri in references:
        text = cache.get(iri)
        if text is None:
            text = cache[iri] = _type_lines(iri, store)
        parts.append(text)
    return b"".join(parts)


def validate_document(data: Iterable[ox.Triple] | NTriplesGraph, *, engine: str = "turbo",
                      reference: ox.Store | None = None) -> Report:
    """Validate one document's graph (pyoxigraph triples, or N-Triples text with its
    subjects and references as the ingest builds it) in the context of the reference data:
    every node the document describes is checked; what it only points to must exist with
    the right type. With the turbo engine (the default) a document is first put to
    :mod:`kg.shacl_accept`, which accepts only a document meeting every constraint; any
    other goes to pyshacl-turbo (compiled shapes, N-Triples text), which decides and writes
    the report."""
    doc = data if isinstance(data, NTriplesGraph) else NTriplesGraph.from_ox(list(data))
    text = (doc.ntriples + context_ntriples(doc.references, reference)).decode()
    if engine == "turbo":
        # a document that certainly conforms is accepted by the compiled checks
        # (kg/shacl_accept.py); anything else is pyshacl-turbo's to judge and report
        shapes = _accept_shapes()
        if shapes is not None and shacl_accept.accepts(shapes, text, doc.subjects):
            return Report(conforms=True)
        if _conforms_fast(text, doc.subjects):
            return Report(conforms=True)
        conforms, results, _text = _compiled_shapes().validate(
            _turbo_input(text), focus_nodes=[URIRef(s) for s in doc.subjects], allow_warnings=True
        )
        return report_from_graph(bool(conforms), results)
    graph = Graph()
    graph.parse(data=text, format="nt")
    return validate_graph(graph, engine=engine, focus=[URIRef(s) for s in doc.subjects])


def validate_files(paths: Iterable[Path], *, engine: str = "turbo", with_reference: bool = True) -> Report:
    """Validate RDF files (any format rdflib reads, by extension), together with the
    reference data they point to."""
    data = Graph()
    for path in paths:
        try:
            data.parse(str(path))
        except Exception as e:  # noqa: BLE001 - parsers raise many types; all mean "bad file"
            raise InvalidInput(f"cannot parse {path}: {e}") from None
    if not with_reference:
        return validate_graph(data, engine=engine)
    own = [ox.Triple(to_ox(s), to_ox(p), to_ox(o)) for s, p, o in data]
    focus = sorted({s for s, _p, _o in data})
    for t in context_triples(own):
        data.add((from_ox(t.subject), from_ox(t.predicate), from_ox(t.object)))
    return validate_graph(data, engine=engine, focus=focus)


def validate_store(store, *, engine: str = "turbo") -> Report:
    """Validate the whole store: the union of every graph, documents and reference data.
    For CI and audits; the ingest validates each document as it arrives.

    The store is streamed out as N-Quads into an in-memory pyoxigraph store (measured
    faster than validating an on-disk store in place, and the same path serves remote
    stores); pyshacl-turbo validates a dataset as the union of its graphs."""
    import io

    buffer = io.BytesIO()
    store.dump(buffer, ox.RdfFormat.N_QUADS)
    data = ox.Store()
    data.bulk_load(buffer.getvalue(), format=ox.RdfFormat.N_QUADS)
    del buffer
    if engine == "turbo":
        conforms, results, _text = _compiled_shapes().validate(data, allow_warnings=True)
        return report_from_graph(bool(conforms), results)
    graph = Graph()
    for q in data:
        graph.add((from_ox(q.subject), from_ox(q.predicate), from_ox(q.object)))
    return validate_graph(graph, engine=engine)
