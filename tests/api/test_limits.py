# ruff: noqa: UP031, E501 - GraphQL documents are easiest to read as written
"""Deep, wide, alias-bomb, fragment-cycle, huge-`first` and over-long queries are refused
fast, with a clear message, before any SPARQL runs."""

from __future__ import annotations

import time

import pytest

from tests.api.ckg_api_support import gql

DEEP = "{ events { edges { node { " + "followedBy { " * 12 + "id" + " }" * 12 + " } } } }"
ALIASES = "{ " + " ".join(f"a{i}: stats {{ documents }}" for i in range(40)) + " }"
CYCLE = (
    "query { events { edges { node { ...A } } } } fragment A on Event { followedBy { ...B } } "
    "fragment B on Event { purpose { ...A } }"
)
WIDE = "{ events(first: 100) { edges { node { participants { actor { parts { parts { parts { name } } } } } } } } }"
TOKENS = "{ stats { " + " ".join(["documents"] * 3000) + " } }"


@pytest.mark.parametrize(
    "query,needle",
    [
        (DEEP, "exceeds maximum operation depth"),
        (ALIASES, "aliases"),
        (CYCLE, "Cannot spread fragment"),
        (WIDE, "too expensive"),
        (
            "{ events(first: 100000) { edges { node { id } } } }",
            "first: 100000 is more than the largest page",
        ),
        (TOKENS, "token"),
    ],
)
def test_rejected_fast(client, query, needle):
    started = time.perf_counter()
    body = gql(client, query)
    elapsed = time.perf_counter() - started
    assert body.get("data") is None
    assert any(needle.lower() in e["message"].lower() for e in body["errors"]), body["errors"]
    assert elapsed < 1.0


def test_huge_first_through_a_variable(client):
    body = gql(client, "query($n: Int!) { events(first: $n) { edges { node { id } } } }", {"n": 1000})
    assert "between 0 and 100" in body["errors"][0]["message"]


def test_introspection_can_be_disabled():
    import httpx

    from api.app import create_app
    from kg.config import Settings
    from tests.api.ckg_api_support import LiveServer, seed_store

    with LiveServer(create_app(seed_store(), Settings(store="memory", introspection=False))) as live:
        r = httpx.post(live.url + "/graphql", json={"query": "{ __schema { types { name } } }"})
    assert "introspection" in r.json()["errors"][0]["message"].lower()


@pytest.mark.parametrize("query", [DEEP, ALIASES, WIDE, TOKENS])
def test_a_repeated_query_is_refused_every_time(client, query):
    # parsing and validation are cached by query text: the cached verdict is the same refusal
    for _ in range(3):
        body = gql(client, query)
        assert body.get("data") is None and body["errors"]


def test_a_repeated_query_answers_for_its_own_variables(client):
    # the same document (parsed and validated once) with other variables: other answers
    query = "query($l: Language, $n: Int!) { events(first: $n) { edges { node { places { name(lang: $l) } } } } }"
    answers = {}
    for lang, n in (("EN", 3), ("AR", 3), ("EN", 1), ("EN", 3)):
        body = gql(client, query, {"l": lang, "n": n})
        assert "errors" not in body, body
        answers.setdefault((lang, n), body["data"])
        assert body["data"] == answers[(lang, n)]
    assert answers[("EN", 3)] != answers[("AR", 3)] and len(answers[("EN", 1)]["events"]["edges"]) == 1
