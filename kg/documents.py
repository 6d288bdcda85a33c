"""Document-level operations over any :class:`kg.store.Store`.

* a document is one named graph, named by its document IRI; it is stored whole or not
  at all (:meth:`Store.replace_graph` is atomic);
* storing a graph equal to the stored one (ignoring the extraction timestamp) writes
  nothing, so re-ingesting the same article is a no-op;
* reference data (ontology, event types, gazetteer) lives in its own graphs and is
  reloaded only when its files change (their SHA-256 is kept in the meta graph).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import pyoxigraph as ox

from kg.errors import NotFound
from kg.iris import document_iri
from kg.namespaces import CKG, DATA, GRAPH, PROV, SDO
from kg.reference import ReferenceFile, reference_files
from kg.store import Store, ntriples_bytes

META_GRAPH = str(GRAPH["meta"])
_SHA = ox.NamedNode(str(SDO.sha256))
_STARTED = ox.NamedNode(str(PROV.startedAtTime))


def stored_triples(store: Store, graph: str) -> list[ox.Triple]:
    result = store.query(
        "SELECT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }",
        bindings={"g": ox.NamedNode(graph)},
        max_results=10_000_000,
    )
    return [ox.Triple(s, p, o) for s, p, o in result.rows]


_DIGEST = ox.NamedNode(str(CKG.graphDigest))
_DIGEST_B = str(_DIGEST).encode()


_IGNORED = {str(_STARTED).encode(), str(_DIGEST).encode()}


def graph_digest(data: bytes) -> str:
    """An order-independent SHA-256 of a graph given as N-Triples text
    (:func:`kg.store.ntriples_bytes`), ignoring the extraction time and any digest: the hash
    of its sorted, distinct lines (pyoxigraph writes each triple as one canonical line). The
    same extractor output always gives the same digest, whatever order it comes in."""
    lines = sorted({line for line in data.split(b"\n") if line and line.split(b" ", 2)[1] not in _IGNORED})
    return hashlib.sha256(b"\n".join(lines)).hexdigest()


def put_graph(store: Store, graph: str, triples: Iterable[ox.Triple]) -> bool:
    """Store ``triples`` as ``graph`` unless the same content is already there (one ASK on
    the digest the graph carries). Returns True when something was written."""
    return put_graphs(store, [(graph, ntriples_bytes(triples))])[0]


def put_graphs(store: Store, documents: Sequence[tuple[str, bytes]]) -> list[bool]:
    """:func:`put_graph` for a batch of graphs given as N-Triples text, written with one
    :meth:`Store.replace_graphs` (each graph whole or not at all). Returns, per input,
    whether it was written; a graph given twice ends as its last version, as if the batch
    were stored in order."""
    pending: dict[str, bytes] = {}
    digests: dict[str, ox.Literal] = {}
    written = []
    for graph, data in documents:
        digest = ox.Literal(graph_digest(data))
        node = ox.NamedNode(graph)
        if graph in pending:
            same = digests[graph] == digest
        else:
            same = store.contains_quad(node, _DIGEST, digest, node)
        written.append(not same)
        if not same:
            if _DIGEST_B in data:  # an old digest given back: the new one replaces it
                data = b"".join(line + b"\n" for line in data.split(b"\n")
                                if line and line.split(b" ", 2)[1] != _DIGEST_B)
            pending[graph] = data + f"{node} {_DIGEST} {digest} .\n".encode()
            digests[graph] = digest
    if pending:
        store.replace_graphs(pending)
    return written


def delete_document(store: Store, doc_id: str) -> None:
    if not store.delete_graph(str(document_iri(doc_id))):
        raise NotFound(f"no document {doc_id!r} in the store")


def _file_digest(files: list[ReferenceFile]) -> dict[str, str]:
    digests: dict[str, hashlib._Hash] = {}
    for f in files:
        digests.setdefault(f.graph, hashlib.sha256()).update(f.path.read_bytes())
    return {g: h.hexdigest() for g, h in digests.items()}


def sync_reference(store: Store, files: list[ReferenceFile] | None = None) -> dict[str, str]:
    """(Re)load the reference graphs whose files changed. Returns graph -> "loaded"|"current"."""
    files = reference_files() if files is None else files
    wanted = _file_digest(files)
    current = {
        row["g"].value: row["h"].value
        for row in store.select(
            "SELECT ?g ?h WHERE { GRAPH ?meta { ?g ?sha ?h } }",
            bindings={"meta": ox.NamedNode(META_GRAPH), "sha": _SHA},
        )
    }
    status = {}
    for graph, digest in sorted(wanted.items()):
        if current.get(graph) == digest:
            status[graph] = "current"
            continue
        triples: list[ox.Triple] = []
        for f in files:
            if f.graph == graph:
                triples.extend(ox.parse(path=str(f.path), format=ox.RdfFormat.TURTLE))
        store.replace_graph(graph, triples)
        status[graph] = "loaded"
    if any(s == "loaded" for s in status.values()):
        meta = [ox.Triple(ox.NamedNode(g), _SHA, ox.Literal(d)) for g, d in sorted(wanted.items())]
        store.replace_graph(META_GRAPH, meta)
    return status


@dataclass(frozen=True)
class Stats:
    documents: int
    events: int
    claims: int
    control_states: int
    actors: int
    places: int
    triples: int
    graphs: dict[str, int]


def stats(store: Store) -> Stats:
    def count(cls: str) -> int:
        # instances of the class or of its subclasses (ckg:Person is a ckg:Actor)
        rows = store.select(
            "SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE { "
            "?x a ?type . ?type <http://www.w3.org/2000/01/rdf-schema#subClassOf>* ?cls }",
            bindings={"cls": ox.NamedNode(cls)},
        )
        return int(rows[0]["n"].value) if rows else 0

    graphs = {g: store.count(g) for g in store.graph_names()}
    return Stats(
        documents=count(str(CKG.Document)),
        events=count(str(CKG.Event)),
        claims=count(str(CKG.Claim)),
        control_states=count(str(CKG.ControlState)),
        actors=count(str(CKG.Actor)),
        places=count(str(CKG.Place)),
        triples=store.count(),
        graphs=graphs,
    )


def document_graphs(store: Store) -> list[str]:
    prefix = str(DATA["doc/"])
    return [g for g in store.graph_names() if g.startswith(prefix)]
