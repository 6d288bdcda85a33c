"""Helpers shared by the API tests: stores over the hand-written seed graph, a store that
counts queries, and real uvicorn servers in background threads.

Servers run in background threads on free ports (``LiveServer``); tests talk to them over
HTTP with httpx, so what is tested is what ``ckg serve`` serves.
"""

from __future__ import annotations

import socket
import threading
import time
from pathlib import Path

import httpx
import pyoxigraph as ox
import uvicorn

from kg.namespaces import GRAPH
from kg.reference import ONTOLOGY_DIR
from kg.store import OxigraphStore, Store

FIXTURES = Path(__file__).parent / "fixtures"
SEED_DOC = "000_3c6fba5912577c82"
TOKEN = "test-token-0123456789"


def load_reference(store: OxigraphStore) -> None:
    """Ontology and event types (the gazetteer of the fixture is in seed.trig)."""
    for name, graph in (("conflict.ttl", "ontology"), ("event-types.ttl", "event-types")):
        store.native.bulk_load(
            path=str(ONTOLOGY_DIR / name),
            format=ox.RdfFormat.TURTLE,
            to_graph=ox.NamedNode(str(GRAPH[graph])),
        )


def seed_store(**kw) -> OxigraphStore:
    store = OxigraphStore(None, **kw)
    load_reference(store)
    store.native.bulk_load(path=str(FIXTURES / "seed.trig"), format=ox.RdfFormat.TRIG)
    return store


class CountingStore(Store):
    """Delegates to another store and counts the queries it is sent."""

    def __init__(self, inner: Store):
        super().__init__(query_timeout=inner.query_timeout, max_results=inner.max_results)
        self.inner = inner
        self.kind, self.location = inner.kind, inner.location
        self.queries: list[str] = []

    def query(self, sparql, **kw):
        self.queries.append(sparql)
        return self.inner.query(sparql, **kw)

    def graph_names(self):
        return self.inner.graph_names()

    def count(self, graph=None):
        return self.inner.count(graph)

    def dump(self, output, fmt, graph=None):
        return self.inner.dump(output, fmt, graph)

    def replace_graph(self, graph, triples):
        return self.inner.replace_graph(graph, triples)

    def delete_graph(self, graph):
        return self.inner.delete_graph(graph)

    def update(self, sparql):
        return self.inner.update(sparql)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class LiveServer:
    def __init__(self, app):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        config = uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning", lifespan="off")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> LiveServer:
        self.thread.start()
        deadline = time.monotonic() + 10
        while not self.server.started:
            if time.monotonic() > deadline:
                raise RuntimeError("uvicorn did not start")
            time.sleep(0.02)
        return self

    def __exit__(self, *exc):
        self.server.should_exit = True
        self.thread.join(10)


def gql(client: httpx.Client, query: str, variables: dict | None = None, headers: dict | None = None) -> dict:
    r = client.post("/graphql", json={"query": query, "variables": variables or {}}, headers=headers or {})
    assert r.status_code == 200, r.text
    return r.json()


def data(client: httpx.Client, query: str, variables: dict | None = None) -> dict:
    body = gql(client, query, variables)
    assert "errors" not in body, body["errors"]
    return body["data"]
