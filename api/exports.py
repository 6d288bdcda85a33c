"""Exports: the whole store or one document, the ontology and shapes, the events table.

Dumps are streamed: the store writes into a :class:`_QueueWriter` from a worker thread
and the response reads chunks as they come (bounded queue, so a slow client slows the
dump instead of filling memory). Errors that can be known before the first byte (unknown
format, unknown document) answer with the error JSON; the store's dump starts only after.
"""

from __future__ import annotations

import io
import queue
import threading
from collections.abc import AsyncIterator, Callable

import anyio.to_thread
import pyoxigraph as ox
from starlette.requests import Request
from starlette.responses import Response, StreamingResponse

from api import ids
from api.negotiation import DATASET_TYPES, GRAPH_TYPES, MEDIA_TYPE, negotiate
from kg import events_table
from kg.errors import NotFound
from kg.iris import doc_id_of
from kg.namespaces import PREFIXES
from kg.reference import ONTOLOGY_DIR, shapes_path
from kg.store import export_format

_CHUNK = 64 * 1024
_DONE = object()


class _QueueWriter(io.RawIOBase):
    """A write-only file whose bytes go, in chunks, to a bounded queue."""

    def __init__(self, q: queue.Queue):
        self._q = q
        self._buf = bytearray()

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:
        self._buf += data
        if len(self._buf) >= _CHUNK:
            self._q.put(bytes(self._buf))
            self._buf.clear()
        return len(data)

    def flush(self) -> None:
        if self._buf:
            self._q.put(bytes(self._buf))
            self._buf.clear()


def stream_from_thread(produce: Callable[[io.RawIOBase], None]) -> AsyncIterator[bytes]:
    """Run ``produce(file)`` in a thread; yield what it writes."""
    q: queue.Queue = queue.Queue(maxsize=16)

    def work():
        writer = _QueueWriter(q)
        try:
            produce(writer)
            writer.flush()
            q.put(_DONE)
        except BaseException as e:  # noqa: BLE001 - handed to the reading side, which re-raises
            q.put(e)

    async def chunks():
        threading.Thread(target=work, daemon=True, name="ckg-export").start()
        while True:
            item = await anyio.to_thread.run_sync(q.get)
            if item is _DONE:
                return
            if isinstance(item, BaseException):
                raise item
            yield item

    return chunks()


def _suffix(fmt: str) -> str:
    return {"turtle": "ttl", "trig": "trig", "nt": "nt", "nq": "nq", "jsonld": "jsonld", "rdfxml": "rdf"}[fmt]


async def export(request: Request) -> Response:
    state = request.app.state.ckg
    graph_param = request.query_params.get("graph")
    graph = None
    if graph_param:
        graph = ids.document_iri(graph_param)
        names = await anyio.to_thread.run_sync(state.store.graph_names)
        if graph not in names:
            raise NotFound(f"no document {graph_param!r} in the store")
    fmt = negotiate(request.headers.get("accept"), DATASET_TYPES, request.query_params.get("format"))
    rdf_format = export_format(fmt)
    name = (doc_id_of(graph) if graph else "conflict-kg") + "." + _suffix(fmt)
    media = MEDIA_TYPE[fmt] + ("; charset=utf-8" if fmt in ("turtle", "trig", "nt", "nq") else "")
    return StreamingResponse(
        stream_from_thread(lambda out: state.store.dump(out, rdf_format, graph)),
        media_type=media,
        headers={"Content-Disposition": f'inline; filename="{name}"', "Vary": "Accept"},
    )


def _reference_response(request: Request, path) -> Response:
    fmt = negotiate(request.headers.get("accept"), GRAPH_TYPES, request.query_params.get("format"))
    if fmt == "turtle":
        return Response(path.read_bytes(), media_type="text/turtle; charset=utf-8", headers={"Vary": "Accept"})
    triples = list(ox.parse(path=str(path), format=ox.RdfFormat.TURTLE))
    out = io.BytesIO()
    ox.serialize(triples, out, format=export_format(fmt), prefixes=PREFIXES if fmt in ("rdfxml",) else None)
    return Response(out.getvalue(), media_type=MEDIA_TYPE[fmt], headers={"Vary": "Accept"})


async def ontology(request: Request) -> Response:
    return _reference_response(request, ONTOLOGY_DIR / "conflict.ttl")


async def shapes(request: Request) -> Response:
    return _reference_response(request, shapes_path())


async def _events_stream(state, document_id, write) -> AsyncIterator[bytes]:
    """Run the table's queries first (so store errors get a proper status), then stream."""
    rows = await anyio.to_thread.run_sync(lambda: list(events_table.iter_event_rows(state.store, document_id)))

    def produce(out):
        text = io.TextIOWrapper(out, encoding="utf-8", newline="", write_through=True)
        write(iter(rows), text)
        text.flush()
        text.detach()

    return stream_from_thread(produce)


def _document_param(request: Request) -> str | None:
    value = request.query_params.get("document")
    return doc_id_of(ids.document_iri(value)) if value else None


async def events_csv(request: Request) -> Response:
    state = request.app.state.ckg
    return StreamingResponse(
        await _events_stream(state, _document_param(request), events_table.write_csv),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'inline; filename="events.csv"'},
    )


async def events_jsonl(request: Request) -> Response:
    state = request.app.state.ckg
    return StreamingResponse(
        await _events_stream(state, _document_param(request), events_table.write_jsonl),
        media_type="application/jsonl; charset=utf-8",
        headers={"Content-Disposition": 'inline; filename="events.jsonl"'},
    )
