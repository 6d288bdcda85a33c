"""An events page loads its rows up front with only the predicates its selection reads
(api.preload); every field it answers must equal what complete rows give (node(id:))."""

from __future__ import annotations

import httpx
import pytest

from api.app import create_app
from api.context import PartialRow, Resource
from api.preload import FIELD_PREDICATES
from api.schema import build_schema
from kg.config import Settings
from tests.api.ckg_api_support import LiveServer, data, gql

LABELLED = "id iri __typename name nameEn: name(lang: EN) names { value lang } altNames { value lang }"
EVENT = f"""id iri __typename date dateEnd datePrecision timeExpression geoPrecision confidence modality
  injured fromDirection fatalities {{ best low high qualifier }}
  type {{ {LABELLED} slug definition acledEventType acledSubEventType ploverType ploverMode cameoCode }}
  places {{ {LABELLED} kind lat long geonamesId sameAs }}
  participants {{ role actor {{ {LABELLED} kind isPerson position }} }}
  evidence {{ iri anchorText start end }}"""


def page(client, fields: str) -> tuple[list[dict], list[str]]:
    body = gql(
        client,
        "{ events(first: 12) { edges { cursor node { %s } } pageInfo { hasNextPage hasPreviousPage "  # noqa: UP031
        "startCursor endCursor } } }" % fields,
        headers={"X-CKG-Explain": "1"},
    )
    assert "errors" not in body, body["errors"]
    return [e["node"] for e in body["data"]["events"]["edges"]], [q["sparql"] for q in body["extensions"]["sparql"]]


def by_node(client, fields: str, ids: list[str]) -> list[dict]:
    return [
        data(client, "query($id: ID!) { node(id: $id) { ... on Event { %s } } }" % fields, {"id": i})["node"]  # noqa: UP031
        for i in ids
    ]


def test_every_listed_field_matches_complete_rows(client):
    events, sparql = page(client, EVENT)
    assert len(events) == 11
    assert any("FILTER(?p IN" in q for q in sparql), sparql  # partial rows were used
    assert any(q.startswith("# event index: dates, types and links") for q in sparql), sparql
    assert any(e["participants"] and e["places"] and e["evidence"] and e["type"] for e in events)
    assert events == by_node(client, EVENT, [e["id"] for e in events])


def test_level_by_level_from_the_store_matches_complete_rows(store):
    # what a remote store, or data the event index does not vouch for, gets: a query per level
    app = create_app(store, Settings(store="memory"))
    app.state.ckg.events.entries = lambda iris: None
    with LiveServer(app) as live, httpx.Client(base_url=live.url, timeout=30) as c:
        events, sparql = page(c, EVENT)
        assert any("/role/" in q for q in sparql), sparql  # the roles' rows came from the store
        assert events == by_node(c, EVENT, [e["id"] for e in events])


def test_the_query_covers_every_listed_field():
    # the query above must name every field the table lists, or the test proves less
    named = {word.split("(")[0].rstrip(":") for word in EVENT.replace("{", " ").replace("}", " ").split()}
    connection = {"edges", "node", "cursor", "pageInfo", "hasNextPage", "hasPreviousPage", "startCursor", "endCursor"}
    assert set(FIELD_PREDICATES) - named - connection == set()


def test_an_unlisted_field_gets_complete_rows(client):
    fields = "id date document { docId } places { name within { name } } evidence { start sentence }"
    events, sparql = page(client, fields)
    assert not any("FILTER(?p IN" in q for q in sparql), sparql
    assert events == by_node(client, fields, [e["id"] for e in events])


def test_a_partial_row_refuses_a_predicate_it_was_loaded_without():
    row = Resource("https://example.org/x", {"https://example.org/a": []}, frozenset({"https://example.org/a"}))
    assert row.all("https://example.org/a") == [] and row.exists
    with pytest.raises(PartialRow):
        row.one("https://example.org/b")


def test_lean_resolvers_only_where_strawberry_adds_nothing():
    schema = build_schema()
    types = schema._schema.type_map
    lean = {
        f"{t}.{f}"
        for t in ("Event", "Place", "Actor")
        for f, d in types[t].fields.items()
        if d.resolve is not None and d.resolve.__module__ == "api.lean"
    }
    assert {"Event.date", "Event.places", "Event.participants", "Place.name", "Actor.name"} <= lean
    # async resolvers (they load rows) keep strawberry's pipeline
    assert not {"Place.within", "Place.withinChain", "Event.actors", "Actor.partOf"} & lean
