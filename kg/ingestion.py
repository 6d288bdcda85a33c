"""The ingest gate: extract -> SHACL -> store, one document at a time, whole or not at all.

This module knows nothing about Arabic: it receives an ``extract`` callable (the
pipeline in :mod:`ingest.pipeline`, injected by the CLI and the API factory) that turns
an article into a document graph. For each document it

1. extracts (``extract(article)`` -> object with ``doc_iri``, ``warnings`` and one of
   ``graph_text`` (a ``kg.ntriples.NTriplesGraph``, the fast path), ``triples``
   (pyoxigraph triples) or ``graph`` (an rdflib graph));
2. validates the graph in the context of the reference data (:mod:`kg.validation`);
3. stores it with one atomic replace, unless it equals the stored graph (a no-op).

A refused document leaves the store exactly as it was; its report is returned.
Batches keep going past a bad document. With ``jobs > 1`` extraction and validation
run in worker processes while this process is the store's only writer.
"""

from __future__ import annotations

import contextlib
import gc
import multiprocessing
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, Literal

from kg.documents import put_graphs
from kg.errors import CkgError
from kg.namespaces import CKG
from kg.ntriples import NTriplesGraph
from kg.store import Store
from kg.terms import graph_to_ox
from kg.validation import Report, validate_document

Status = Literal["stored", "unchanged", "refused", "invalid"]
_EVENT = str(CKG.Event)


@dataclass
class Outcome:
    """What happened to one input document."""

    source: str
    status: Status
    doc_id: str | None = None
    doc_iri: str | None = None
    events: list[str] = field(default_factory=list)
    triples: int = 0
    warnings: list[str] = field(default_factory=list)
    report: Report | None = None
    message: str | None = None


@dataclass
class Summary:
    outcomes: list[Outcome] = field(default_factory=list)

    def count(self, status: Status) -> int:
        return sum(1 for o in self.outcomes if o.status == status)

    @property
    def failed(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.status in ("refused", "invalid")]


@dataclass
class Prepared:
    """A document ready to store (the picklable result of extraction + validation): its
    graph as N-Triples text (``kg.ntriples.NTriplesGraph``), which is what validation and
    the store's batch writes take, and cheap to send back from a worker process."""

    outcome: Outcome
    ntriples: bytes = b""


def prepare(item: Any, extract: Callable[[Any], Any], engine: str = "turbo") -> Prepared:
    """Extract and validate one article. ``item`` is an article (``doc_id``, ``text``, …) or
    an input error (``where``, ``message``) produced while reading the input."""
    source = getattr(item, "where", None) or getattr(item, "doc_id", None) or "?"
    if not hasattr(item, "text"):  # a source error: it says where and why
        return Prepared(Outcome(source=source, status="invalid", doc_id=getattr(item, "doc_id", None),
                                message=str(getattr(item, "message", item))))
    try:
        extraction = extract(item)
    except CkgError as e:
        return Prepared(Outcome(source=source, status="invalid", doc_id=getattr(item, "doc_id", None),
                                message=str(e)))
    # an extractor hands over its graph as N-Triples text (``graph_text``, the fast path),
    # pyoxigraph triples, or an rdflib graph
    doc = getattr(extraction, "graph_text", None)
    if doc is None:
        triples = getattr(extraction, "triples", None)
        doc = NTriplesGraph.from_ox(list(triples) if triples is not None else graph_to_ox(extraction.graph))
    report = validate_document(doc, engine=engine)
    doc_iri = str(extraction.doc_iri)
    events = sorted(doc.instances(_EVENT))
    outcome = Outcome(
        source=source,
        status="stored" if report.conforms else "refused",
        doc_id=item.doc_id,
        doc_iri=doc_iri,
        events=events,
        triples=doc.count,
        warnings=list(extraction.warnings),
        report=report,
        message=None if report.conforms else "the document's graph does not conform to the shapes",
    )
    return Prepared(outcome, doc.ntriples if report.conforms else b"")


def commit(store: Store, prepared: Prepared) -> Outcome:
    """Store a prepared document (the only step that writes)."""
    return commit_batch(store, [prepared])[0]


def commit_batch(store: Store, batch: list[Prepared]) -> list[Outcome]:
    """Store prepared documents with one :func:`kg.documents.put_graphs`: each document whole
    or not at all, the batch in as few writes as the backend allows."""
    ready = [p for p in batch if p.outcome.status == "stored"]
    written = put_graphs(store, [(p.outcome.doc_iri, p.ntriples) for p in ready])
    for p, w in zip(ready, written, strict=True):
        if not w:
            p.outcome.status = "unchanged"
    return [p.outcome for p in batch]


#: the cyclic garbage collector's thresholds during a batch (Python's default is 700 for
#: the youngest generation): extraction allocates many short-lived containers, and every
#: collection of the oldest generation used to walk the gazetteer index and the lexicons
#: too. Measured ~8% of extraction time on ~2 KB articles (bench/README.md).
BATCH_GC_THRESHOLD = (50_000, 20, 100)


@contextlib.contextmanager
def batch_gc() -> Iterator[Callable[[], None]]:
    """Raise the collector's thresholds for a batch; the callable it yields moves every
    object alive at that moment (call it once the reference data is loaded) out of the
    collector's sight (``gc.freeze``). Both are undone on exit."""
    old = gc.get_threshold()
    gc.set_threshold(*BATCH_GC_THRESHOLD)
    try:
        yield gc.freeze
    finally:
        gc.unfreeze()
        gc.set_threshold(*old)


class _Worker:
    """Picklable per-process callable for multiprocessing."""

    def __init__(self, extract: Callable[[Any], Any], engine: str):
        self.extract = extract
        self.engine = engine
        self._warm = False

    def __call__(self, item: Any) -> Prepared:
        prepared = prepare(item, self.extract, self.engine)
        if not self._warm:  # in a worker process: its whole life is the batch
            self._warm = True
            if multiprocessing.parent_process() is not None:
                gc.set_threshold(*BATCH_GC_THRESHOLD)
                gc.freeze()
        return prepared


#: documents (or triples) a batch ingest collects before it writes them together. On disk
#: Oxigraph's bulk loader costs less per quad the more a call carries: measured ~5.2 ms of
#: CPU per ~2 KB document in batches of 64, ~3.9 in batches of 256 (bench/README.md)
BATCH_DOCUMENTS = 256
BATCH_TRIPLES = 150_000


def ingest_items(
    store: Store,
    items: Iterable[Any],
    extract: Callable[[Any], Any],
    *,
    jobs: int = 1,
    engine: str = "turbo",
) -> Iterator[Outcome]:
    """Ingest a stream of articles; yields one outcome per input, in input order.
    Memory stays bounded: items are consumed lazily, and at most one batch of
    :data:`BATCH_DOCUMENTS` validated documents (:data:`BATCH_TRIPLES` triples) waits to be
    written; a document's outcome is yielded once its batch is stored. If a write fails,
    the documents of the batch written before it stay stored (each whole), and running the
    ingest again skips them (re-ingesting a stored document is a no-op)."""
    worker = _Worker(extract, engine)
    with batch_gc() as freeze:
        if jobs <= 1:
            yield from _batched(store, map(worker, items), freeze)
            return
        ctx = multiprocessing.get_context("spawn")
        with ctx.Pool(jobs) as pool:
            yield from _batched(store, pool.imap(worker, items, chunksize=4), freeze)


def _batched(store: Store, prepared: Iterable[Prepared], after_first: Callable[[], None]) -> Iterator[Outcome]:
    batch: list[Prepared] = []
    triples = 0
    for p in prepared:
        if after_first is not None:  # the first document has loaded the reference data
            after_first()
            after_first = None
        batch.append(p)
        triples += p.outcome.triples
        if len(batch) >= BATCH_DOCUMENTS or triples >= BATCH_TRIPLES:
            yield from commit_batch(store, batch)
            batch, triples = [], 0
    if batch:
        yield from commit_batch(store, batch)
