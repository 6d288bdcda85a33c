"""The short path for plain fields (api.execution) answers exactly as graphql-core and
strawberry's own execution context do: data, errors, their paths and null propagation."""

from __future__ import annotations

import asyncio

import pytest
import strawberry
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext

from api import execution, lean
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


@strawberry.interface(name="Named")
class _Named:
    name: str


@strawberry.type(name="Other")
class _Other(_Named):
    pass


@strawberry.type(name="Thing")
class _Thing(_Named):
    """Objects and lists of every shape the short path completes, and some it leaves to
    graphql-core (lists of lists, interfaces, awaitables)."""

    tags: list[str]
    maybe_tags: list[str | None] | None = None

    @strawberry.field
    def children(self) -> list[_Thing]:
        return [_Thing(name=self.name + str(i), tags=[str(i)]) for i in range(2)]

    @strawberry.field
    def strict_children(self) -> list[_Thing]:
        return [_Thing(name="x", tags=[]), None]  # type: ignore[list-item]  # null in a non-null list

    @strawberry.field
    def loose_children(self) -> list[_Thing | None]:
        return (_Thing(name="t", tags=[]), None, ValueError("an item that is an error"))  # type: ignore[return-value]

    @strawberry.field
    def parent(self) -> _Thing | None:
        return None if self.name == "root" else _Thing(name="root", tags=["r"])

    @strawberry.field
    def must_parent(self) -> _Thing:
        return None  # type: ignore[return-value]

    @strawberry.field
    def wrong(self) -> _Thing | None:
        return _Item(name="other", maybe=None)  # type: ignore[return-value]  # an object of another type

    @strawberry.field
    def named(self) -> _Named:
        return _Other(name="o")

    @strawberry.field
    def grid(self) -> list[list[int]]:
        return [[1, 2], [3]]

    @strawberry.field
    async def later(self) -> str:
        return "later " + self.name

    @strawberry.field
    async def later_children(self) -> list[_Thing]:
        return [_Thing(name="async", tags=["a"])]


@strawberry.type(name="Query")
class _ThingQuery:
    @strawberry.field
    def thing(self) -> _Thing:
        return _Thing(name="t", tags=["a", "b"], maybe_tags=["c", None])

    @strawberry.field
    def things(self) -> list[_Thing | None]:
        return [_Thing(name="u", tags=[]), None, _Thing(name="v", tags=["w"])]


THING_QUERIES = [
    "{ thing { name tags maybeTags children { name tags children { name } } parent { name parent { name } } } }",
    "{ things { name later children { name later } laterChildren { name later } } }",
    "{ thing { strictChildren { name } } }",
    "{ thing { name looseChildren { name } } }",
    "{ thing { mustParent { name } } }",
    "{ thing { name wrong { name } } }",
    "{ thing { named { name ... on Other { __typename } } grid } }",
    "{ things { __typename ... on Thing { n: name, t: tags } ...F } } fragment F on Thing { children { name } }",
    "{ thing { children { name @skip(if: true) tags @include(if: true) } } }",
]


@pytest.mark.parametrize("query", THING_QUERIES)
def test_objects_and_lists_complete_as_graphql_core_does(query):
    results = []
    for cls in (FastExecutionContext, StrawberryGraphQLCoreExecutionContext):
        schema = strawberry.Schema(query=_ThingQuery, types=[_Other], execution_context_class=cls)
        lean.install(schema)
        result = asyncio.run(schema.execute(query))
        results.append((result.data, [(e.message, e.path) for e in result.errors or []]))
    assert results[0] == results[1]
    assert results[0][0] is not None or results[0][1]


def test_strawberrys_own_type_checks_are_known_to_ignore_their_info():
    schema = strawberry.Schema(query=_ThingQuery, types=[_Other])
    lean.install(schema)
    types = schema._schema.type_map
    assert getattr(types["Thing"], execution.INFO_FREE_TYPE_CHECK, False)  # implements Named
    assert types["Query"].is_type_of is None


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
