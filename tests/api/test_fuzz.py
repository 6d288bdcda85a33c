"""Schema-driven fuzzing (hypothesis-graphql): no generated query makes the server answer
5xx or an unexpected (masked) error. Bounded so it runs in seconds."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis_graphql import queries

from api.schema import schema

SDL = schema.as_str()


def test_generated_queries_never_5xx(client):
    @settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
    @given(queries(SDL))
    def check(query):
        r = client.post("/graphql", json={"query": query})
        assert r.status_code < 500, (query, r.text[:300])
        for error in r.json().get("errors", []):
            assert error["message"] != "Unexpected error.", (query, error)

    check()
