"""The web application: ``create_app(store, settings, *, ingest=None)``.

Routes::

    GET  /health                  200 when the store answers, 503 otherwise
    GET|POST /graphql             GraphQL over HTTP (GraphiQL in a browser)
    GET|POST /sparql              SPARQL 1.1 Protocol (query; update only with token + setting)
    GET  /export                  whole store or ?graph=<doc id>, Turtle/TriG/N-Triples/N-Quads/JSON-LD
    GET  /ontology  /shapes       the ontology and the SHACL shapes
    GET  /events.csv /events.jsonl  the ACLED-style events table (kg.events_table)
    GET  /id/{path}               resource pages: HTML for browsers, Turtle / JSON-LD by negotiation
    GET  /event-type/{slug}       event-type pages
"""

from __future__ import annotations

import contextlib
import gc
import logging
from dataclasses import dataclass, field

import anyio.to_thread
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse
from starlette.routing import Route

from api import errors, exports, pages, sparql
from api.context import ReferenceCache
from api.eventindex import EventIndex
from api.graphql_view import GraphQLView
from api.ports import Ingest
from api.schema import build_schema
from api.textsearch import LabelIndex
from kg.config import Settings
from kg.errors import CkgError
from kg.store import Store

log = logging.getLogger("api")

#: seconds after which in-memory views of a remote store are rebuilt (in the background)
REMOTE_MAX_AGE = 60.0


@dataclass
class AppState:
    """What the app keeps across requests. The in-memory views of the store (label index,
    event date index, reference-data rows) are rebuilt after this app's writes
    (:meth:`data_changed`); for a remote store, which other processes write to, they also
    expire after :data:`REMOTE_MAX_AGE` seconds (rebuilt in the background). An embedded
    store has one writer, this process, so its views never expire on their own."""

    store: Store
    settings: Settings
    ingest: Ingest | None = None
    read_only: bool = False
    labels: LabelIndex = field(init=False)
    events: EventIndex = field(init=False)
    reference: ReferenceCache = field(init=False)

    def __post_init__(self):
        max_age = None if self.store.kind in ("embedded", "memory") else REMOTE_MAX_AGE
        self.labels = LabelIndex(self.store, max_age=max_age)
        self.events = EventIndex(self.store, max_age=max_age)
        self.reference = ReferenceCache(max_age=max_age)

    def data_changed(self) -> None:
        """Call after any write through this app."""
        self.labels.invalidate()
        self.events.invalidate()
        self.reference.invalidate()

    def warm(self) -> None:
        """Build the in-memory views (at startup, so no request pays for it)."""
        for index in (self.labels, self.events):
            try:
                index.warm()
            except Exception as e:  # noqa: BLE001 - built again on first use; logged
                log.warning("could not build %s at startup: %s", type(index).__name__, e)
        freeze_heap()


def freeze_heap() -> None:
    """Move every object alive now out of the cyclic GC's reach (``gc.freeze``).

    The indexes hold millions of small objects at 10M triples (label entries, event rows);
    each full collection walked them all, which showed as 250-500 ms p99 spikes on
    requests. They hold no reference cycles, so reference counting still frees an old
    index when a rebuild replaces it."""
    gc.collect()
    gc.freeze()


async def health(request: Request) -> JSONResponse:
    state: AppState = request.app.state.ckg
    try:
        await anyio.to_thread.run_sync(lambda: state.store.ask("ASK { }", timeout=5))
    except Exception as e:  # noqa: BLE001 - any failure means "not reachable"; logged below
        log.warning("health check failed: %s", e)
        return JSONResponse(
            {"status": "unavailable", "store": state.store.kind, "message": str(e)[:200]}, status_code=503
        )
    return JSONResponse({"status": "ok", "store": state.store.kind, "read_only": state.read_only})


_INDEX = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>conflict-kg</title></head>
<body><h1>conflict-kg</h1><ul>
<li><a href="/graphql">GraphQL (GraphiQL)</a></li><li><a href="/sparql">SPARQL endpoint</a></li>
<li><a href="/export">Export (Turtle)</a></li><li><a href="/events.csv">Events table (CSV)</a></li>
<li><a href="/ontology">Ontology</a></li><li><a href="/shapes">SHACL shapes</a></li>
<li><a href="/health">Health</a></li></ul></body></html>"""


async def index(request: Request) -> HTMLResponse:
    return HTMLResponse(_INDEX)


def create_app(
    store: Store, settings: Settings | None = None, *, ingest: Ingest | None = None, read_only: bool = False
) -> Starlette:
    """Build the app over ``store``. ``ingest`` enables the ingestDocument mutation;
    ``read_only`` disables every write (several workers sharing an embedded store)."""
    settings = settings or Settings()
    state = AppState(store=store, settings=settings, ingest=ingest, read_only=read_only)
    graphql = GraphQLView(state, build_schema(settings))
    routes = [
        Route("/", index, methods=["GET"]),
        Route("/health", health, methods=["GET"]),
        Route("/graphql", graphql, methods=["GET", "POST"]),
        Route("/sparql", sparql.endpoint, methods=["GET", "POST", "PUT", "DELETE", "PATCH"]),
        Route("/export", exports.export, methods=["GET"]),
        Route("/ontology", exports.ontology, methods=["GET"]),
        Route("/shapes", exports.shapes, methods=["GET"]),
        Route("/events.csv", exports.events_csv, methods=["GET"]),
        Route("/events.jsonl", exports.events_jsonl, methods=["GET"]),
        Route("/id/{path:path}", pages.resource, methods=["GET"]),
        Route("/event-type/{slug}", pages.event_type, methods=["GET"]),
    ]

    @contextlib.asynccontextmanager
    async def lifespan(app):
        await anyio.to_thread.run_sync(state.warm)
        yield

    app = Starlette(
        routes=routes,
        lifespan=lifespan,
        exception_handlers={
            CkgError: errors.ckg_error_handler,
            HTTPException: errors.http_error_handler,
            Exception: errors.unexpected_error_handler,
        },
    )
    app.state.ckg = state
    return app
