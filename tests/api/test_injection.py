"""Hostile strings through every GraphQL string argument give the right answer (nothing)
or a 400-class user error, never other data and never a 5xx."""

from __future__ import annotations

import pytest

from tests.api.ckg_api_support import gql

HOSTILE = [
    '"',
    "'",
    '" } ; DROP ALL ; #',
    "> } UNION { ?s ?p ?o } #",
    "x\nDROP ALL",
    "FILTER(true)",
    "https://w3id.org/conflict-kg/id/place/hader> . ?s ?p ?o . <x",
    "doc/a/event/b> } #",
    "\\u003e",
    "}" * 50,
    "?e",
    "$this",
    'place/hader"@en',
    "../../etc/passwd",
    "\x00",
    "ال" * 100,
]

FIELDS = [
    ("event(id: $v) { id }", "ID!", lambda d: d["event"] is None),
    ("actor(id: $v) { id }", "ID!", lambda d: d["actor"] is None),
    ("place(id: $v) { id }", "ID!", lambda d: d["place"] is None),
    ("document(id: $v) { id }", "ID!", lambda d: d["document"] is None),
    ("node(id: $v) { id }", "ID!", lambda d: d["node"] is None),
    ("eventType(id: $v) { id }", "ID!", lambda d: d["eventType"] is None),
    ("events(type: $v) { edges { node { id } } }", "String", lambda d: d["events"]["edges"] == []),
    ("events(acledEventType: $v) { edges { node { id } } }", "String", lambda d: d["events"]["edges"] == []),
    (
        "events(acledSubEventType: $v) { edges { node { id } } }",
        "String",
        lambda d: d["events"]["edges"] == [],
    ),
    ("events(ploverType: $v) { edges { node { id } } }", "String", lambda d: d["events"]["edges"] == []),
    ("events(actor: $v) { edges { node { id } } }", "ID", lambda d: d["events"]["edges"] == []),
    ("events(place: $v) { edges { node { id } } }", "ID", lambda d: d["events"]["edges"] == []),
    ("events(document: $v) { edges { node { id } } }", "ID", lambda d: d["events"]["edges"] == []),
    ("events(after: $v) { edges { node { id } } }", "String", lambda d: False),
    ("actors(search: $v) { edges { node { id } } }", "String", lambda d: True),
    ("places(search: $v) { edges { node { id } } }", "String", lambda d: True),
    ("places(within: $v) { edges { node { id } } }", "ID", lambda d: d["places"]["edges"] == []),
    ("documents(search: $v) { edges { node { id } } }", "String", lambda d: d["documents"]["edges"] == []),
    ("controlStates(place: $v) { edges { node { id } } }", "ID", lambda d: d["controlStates"]["edges"] == []),
    ("controlStates(actor: $v) { edges { node { id } } }", "ID", lambda d: d["controlStates"]["edges"] == []),
    ("claims(speaker: $v) { edges { node { id } } }", "ID", lambda d: d["claims"]["edges"] == []),
    ("search(q: $v) { iri }", "String!", lambda d: True),
    (
        "validation(document: $v) { __typename }",
        "ID!",
        lambda d: d["validation"]["__typename"] in ("InvalidInput", "NotFound"),
    ),
]


@pytest.mark.parametrize("field,vtype,empty", FIELDS, ids=[f[0].split("{")[0] for f in FIELDS])
def test_hostile_strings(client, field, vtype, empty):
    for value in HOSTILE:
        r = client.post(
            "/graphql", json={"query": f"query($v: {vtype}) {{ {field} }}", "variables": {"v": value}}
        )
        assert r.status_code in (200, 400), (value, r.status_code)
        body = r.json()
        if body.get("errors"):
            for e in body["errors"]:
                assert e["message"] != "Unexpected error.", (field, value, e)
        else:
            assert empty(body["data"]), (field, value, body["data"])


def test_search_results_only_match_labels(client):
    body = gql(client, "query($v: String!) { search(q: $v) { iri } }", {"v": "} UNION { ?s ?p ?o }"})
    assert body["data"]["search"] == []
