"""The short path for plain fields (api.execution) answers exactly as graphql-core and
strawberry's own execution context do: data, errors, their paths and null propagation."""

from __future__ import annotations

import asyncio

import pytest
import strawberry
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext

from api import lean
from api.app import create_app
from api.context import RequestContext
from api.execution import FastExecutionContext, planned
from api.schema import build_schema
from kg.config import Settings
from tests.api.ckg_api_support import seed_store
from tests.api.test_preload import EVENT

QUERIES = [
    "{ events(first: 12) { edges { cursor node { %s } } pageInfo { hasNextPage endCursor } } }" % EVENT,  # noqa: UP031
    "{ events(first: 5, order: DATE_DESC) { edges { node { id date type { slug } places { name } "
    "participants { role actor { name } } evidence { anchorText start end } } } } }",
    # arguments on plain fields, aliases, fragments, __typename, an unlisted (async) field
    "{ events(first: 4) { edges { node { ...E a: date b: date } } } } "
    "fragment E on Event { __typename places { ar: name en: name(lang: EN) n: name(lang: AR) } "
    "participants { actor { ... on Actor { name(lang: EN) } } } document { docId } }",
    "query($l: Language) { events(first: 3) { edges { node { places { name(lang: $l) } } } } }",
    "{ places(first: 5) { edges { node { id name kind lat long within { name } } } } }",
    "{ events(first: -1) { edges { node { id } } } }",  # an error from a resolver
]


@pytest.fixture(scope="module")
def state():
    app = create_app(seed_store(), Settings(store="memory"))
    state = app.state.ckg
    state.warm()
    return state


def _run(schema, state, query, variables=None):
    result = asyncio.run(schema.execute(query, variable_values=variables, context_value=RequestContext(state)))
    return result.data, [(e.message, e.path) for e in result.errors or []]


@pytest.mark.parametrize("query", QUERIES)
def test_same_answers_as_graphql_core(state, query):
    fast = build_schema()
    plain = build_schema()
    assert fast.execution_context_class is FastExecutionContext
    plain.execution_context_class = StrawberryGraphQLCoreExecutionContext
    variables = {"l": "EN"} if "$l" in query else None
    got, want = _run(fast, state, query, variables), _run(plain, state, query, variables)
    assert got == want
    if "first: -1" not in query:
        assert not got[1] and got[0]


@strawberry.type(name="Item")
class _Item:
    name: str
    maybe: str | None

    @strawberry.field
    def boom(self) -> str | None:
        raise ValueError("boom")

    @strawberry.field
    def must(self) -> str:
        return None  # type: ignore[return-value]  # a null in a non-null field

    @strawberry.field
    def greet(self, lang: str = "ar", times: int = 1) -> str:
        return self.name + lang * times

    @strawberry.field
    def returned_error(self) -> str | None:
        return ValueError("returned, not raised")  # type: ignore[return-value]


@strawberry.type(name="Query")
class _Query:
    @strawberry.field
    def items(self) -> list[_Item | None]:
        return [_Item(name="a", maybe=None), _Item(name="b", maybe="x")]


def _toy(execution_context_class):
    schema = strawberry.Schema(query=_Query, execution_context_class=execution_context_class)
    lean.install(schema)
    return schema


@pytest.mark.parametrize(
    "query",
    [
        '{ items { name maybe greet g2: greet(lang: "en", times: 2) } }',
        "query($t: Int!) { items { greet(times: $t) } }",
        "{ items { name boom } }",
        "{ items { name must } }",
        "{ items { returnedError } }",
    ],
)
def test_errors_in_plain_fields_are_located_and_nulls_propagate(query):
    variables = {"t": 3} if "$t" in query else None
    results = []
    for cls in (FastExecutionContext, StrawberryGraphQLCoreExecutionContext):
        result = _toy(cls).execute_sync(query, variable_values=variables)
        results.append((result.data, [(e.message, e.path) for e in result.errors or []]))
    assert results[0] == results[1]
    assert planned(_toy(FastExecutionContext)._schema.type_map["Item"].fields["boom"])


def test_which_fields_take_the_short_path():
    types = build_schema()._schema.type_map

    def short(type_name):
        return {f for f, d in types[type_name].fields.items() if planned(d)}

    assert {"date", "iri", "confidence", "type", "places", "participants", "evidence"} <= short("Event")
    assert {"name", "names", "iri"} <= short("Place")
    assert {"role", "actor"} <= short("Participant")
    assert {"start", "end", "anchorText"} <= short("Evidence")
    assert {"node", "cursor"} <= short("EventEdge")
    # async resolvers (they load rows) keep graphql-core's full path
    assert not {"actors", "document", "claims"} & short("Event")
    assert not {"within", "withinChain"} & short("Place")
    assert not short("Query")
