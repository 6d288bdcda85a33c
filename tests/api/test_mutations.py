"""ingestDocument and deleteDocument: enabled only with a write token sent as a bearer
token; expected failures come back as union members."""

from __future__ import annotations

import httpx
import pyoxigraph as ox
import pytest

from api import ports
from api.app import create_app
from kg.config import Settings
from kg.store import OxigraphStore
from kg.validation import Report, Violation
from tests.api.ckg_api_support import FIXTURES, SEED_DOC, TOKEN, LiveServer, load_reference

AUTH = {"authorization": f"Bearer {TOKEN}"}
INGEST = """mutation($input: ArticleInput!) { ingestDocument(input: $input) { __typename
  ... on IngestSuccess { document { docId } events { id } validation { conforms } }
  ... on ValidationFailed { report { conforms violations { message } } }
  ... on InvalidInput { message } ... on Forbidden { message } } }"""
DELETE = """mutation($id: ID!) { deleteDocument(id: $id) { __typename ... on DocumentDeleted { docId }
  ... on NotFound { message } ... on InvalidInput { message } ... on Forbidden { message } } }"""


def fake_ingest(store: OxigraphStore):
    """Stands in for the pipeline: stores the fixture's document graph for the seed text."""
    seed = OxigraphStore(None)
    seed.native.bulk_load(path=str(FIXTURES / "seed.trig"), format=ox.RdfFormat.TRIG)
    doc_graph = f"https://w3id.org/conflict-kg/id/doc/{SEED_DOC}"

    def ingest(article: dict) -> ports.IngestOutcome:
        if article["id"] == "bad-graph":
            return ports.ValidationFailed(
                Report(
                    False, [Violation("ckgid:x", "ckg:confidence", "2", "too high", None, "Violation", None)]
                )
            )
        if article["id"] != SEED_DOC:
            return ports.InvalidInput(f"unknown article {article['id']!r}")
        quads = list(seed.native.quads_for_pattern(None, None, None, None))
        for q in quads:
            store.native.add(q)
        events = sorted(
            {
                q.subject.value
                for q in quads
                if q.graph_name.value == doc_graph
                and "/event/" in q.subject.value
                and q.predicate.value.endswith("#eventType")
            }
        )
        return ports.Ingested(doc_id=SEED_DOC, events=events, report=Report(True))

    return ingest


@pytest.fixture()
def writable():
    store = OxigraphStore(None)
    load_reference(store)
    app = create_app(store, Settings(store="memory", write_token=TOKEN), ingest=fake_ingest(store))
    with LiveServer(app) as live, httpx.Client(base_url=live.url, timeout=30) as c:
        yield c


def run(c, query, variables, headers=None):
    r = c.post("/graphql", json={"query": query, "variables": variables}, headers=headers or {})
    assert r.status_code == 200, r.text
    body = r.json()
    assert "errors" not in body, body
    return body["data"]


def test_ingest_then_search_then_delete(writable):
    d = run(writable, INGEST, {"input": {"id": SEED_DOC, "text": "…", "published": "2017-11-04"}}, AUTH)
    res = d["ingestDocument"]
    assert res["__typename"] == "IngestSuccess" and res["document"]["docId"] == SEED_DOC
    assert len(res["events"]) == 11 and res["validation"]["conforms"] is True
    # the label index was refreshed: the new gazetteer labels are searchable
    hits = run(writable, '{ search(q: "البوكمال") { iri } }', {})["search"]
    assert hits
    d = run(writable, DELETE, {"id": SEED_DOC}, AUTH)
    assert d["deleteDocument"] == {"__typename": "DocumentDeleted", "docId": SEED_DOC}
    d = run(writable, DELETE, {"id": SEED_DOC}, AUTH)
    assert d["deleteDocument"]["__typename"] == "NotFound"


def test_expected_failures_are_union_members(writable):
    d = run(writable, INGEST, {"input": {"id": "bad-graph", "text": "نص"}}, AUTH)
    assert d["ingestDocument"]["__typename"] == "ValidationFailed"
    assert d["ingestDocument"]["report"]["violations"][0]["message"] == "too high"
    d = run(writable, INGEST, {"input": {"id": "other", "text": "نص"}}, AUTH)
    assert d["ingestDocument"] == {"__typename": "InvalidInput", "message": "unknown article 'other'"}
    d = run(writable, INGEST, {"input": {"text": "   "}}, AUTH)
    assert d["ingestDocument"]["__typename"] == "InvalidInput"
    d = run(writable, DELETE, {"id": "bad id!"}, AUTH)
    assert d["deleteDocument"]["__typename"] == "InvalidInput"


@pytest.mark.parametrize("headers", [{}, {"authorization": "Bearer wrong"}, {"authorization": TOKEN}])
def test_mutations_need_the_token(writable, headers):
    d = run(writable, INGEST, {"input": {"id": SEED_DOC, "text": "x"}}, headers)
    assert d["ingestDocument"]["__typename"] == "Forbidden"
    d = run(writable, DELETE, {"id": SEED_DOC}, headers)
    assert d["deleteDocument"]["__typename"] == "Forbidden"


def test_mutations_disabled_without_configured_token(client):
    d = run(client, DELETE, {"id": SEED_DOC}, AUTH)
    assert d["deleteDocument"]["__typename"] == "Forbidden"
    assert "no write token" in d["deleteDocument"]["message"]


def test_mutation_over_get_is_refused(client):
    r = client.get(
        "/graphql",
        params={"query": 'mutation { deleteDocument(id: "x") { __typename } }'},
        headers={"accept": "application/json"},
    )
    assert r.status_code in (400, 405)
