"""Per-request state: the query runner (with its log, for ``explain``) and the DataLoaders.

Every SPARQL query a GraphQL request sends goes through :meth:`RequestContext.run`, which
runs it in a worker thread (the store blocks) and records it. DataLoaders batch the
lookups of one execution level into one query, so the number of queries grows with the
depth of the GraphQL query, not with the number of results.
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import anyio.to_thread
import pyoxigraph as ox
from strawberry.dataloader import DataLoader

from api.sparql_build import values_block
from kg.results import QueryResult
from kg.store import Store


@dataclass
class Resource:
    """A domain row: one IRI and its outgoing properties (predicate IRI -> terms)."""

    iri: str
    props: dict[str, list[Any]] = field(default_factory=dict)

    def all(self, predicate: str) -> list[Any]:
        return self.props.get(predicate, [])

    def one(self, predicate: str) -> Any | None:
        values = self.props.get(predicate)
        return values[0] if values else None

    def value(self, predicate: str) -> str | None:
        term = self.one(predicate)
        return None if term is None else term.value

    def iris(self, predicate: str) -> list[str]:
        return [t.value for t in self.all(predicate) if isinstance(t, ox.NamedNode)]

    def iri_of(self, predicate: str) -> str | None:
        found = self.iris(predicate)
        return found[0] if found else None

    @property
    def exists(self) -> bool:
        return bool(self.props)


#: IRIs of reference data (gazetteer places and actors, event types): few, read by almost
#: every request (an events page names ~20 of them), changed only by reference syncs.
REFERENCE_PREFIXES = (
    "https://w3id.org/conflict-kg/id/place/",
    "https://w3id.org/conflict-kg/id/actor/",
    "https://w3id.org/conflict-kg/event-type/",
)


class ReferenceCache:
    """Describe rows (predicate -> terms) of reference resources, shared by requests.

    Filled by the describe loader as requests read them; bounded (:attr:`max_entries`);
    dropped whole by :meth:`invalidate` after this app's writes and, with ``max_age``
    (remote stores), when older than that. Rows are read-only once cached."""

    max_entries = 200_000

    def __init__(self, *, max_age: float | None = None):
        self._max_age = max_age
        self._rows: dict[str, dict[str, list[Any]]] = {}
        self._since = time.monotonic()
        self._generation = 0

    @staticmethod
    def cacheable(iri: str) -> bool:
        return iri.startswith(REFERENCE_PREFIXES)

    def invalidate(self) -> None:
        self._rows = {}
        self._since = time.monotonic()
        self._generation += 1

    @property
    def generation(self) -> int:
        return self._generation

    def get(self, iri: str) -> dict[str, list[Any]] | None:
        if self._max_age is not None and time.monotonic() - self._since > self._max_age:
            self.invalidate()
        return self._rows.get(iri)

    def put(self, iri: str, props: dict[str, list[Any]], generation: int) -> None:
        # a row read before an invalidation must not land in the new generation
        if generation == self._generation and len(self._rows) < self.max_entries:
            self._rows[iri] = props


@dataclass
class LoggedQuery:
    sparql: str
    bindings: dict[str, str]
    ms: float


class RequestContext:
    def __init__(
        self, app_state, *, request=None, response=None, authorized: bool = False, explain: bool = False
    ):
        self.app = app_state
        self.store: Store = app_state.store
        self.request = request
        self.response = response
        self.authorized = authorized
        self.explain = explain
        self.queries: list[LoggedQuery] = []
        self.describe = DataLoader(load_fn=self._describe_batch, cache_key_fn=None)
        self._reverse: dict[str, DataLoader] = {}
        self._closure: dict[str, DataLoader] = {}

    # -- running queries -------------------------------------------------------------
    async def run(self, sparql: str, bindings: Mapping[str, Any] | None = None, **kw) -> QueryResult:
        started = time.perf_counter()
        try:
            query_async = getattr(self.store, "query_async", None)
            if query_async is not None:  # embedded store: one thread hop, not two
                return await query_async(sparql, bindings=bindings or None, **kw)
            return await anyio.to_thread.run_sync(
                lambda: self.store.query(sparql, bindings=bindings or None, **kw)
            )
        finally:
            self.queries.append(
                LoggedQuery(
                    sparql,
                    {k: str(v) for k, v in (bindings or {}).items()},
                    round((time.perf_counter() - started) * 1000, 3),
                )
            )

    def note(self, text: str) -> None:
        """Log work done without SPARQL (in-memory indexes), for ``explain``."""
        self.queries.append(LoggedQuery(f"# {text}", {}, 0.0))

    async def select(self, sparql: str, bindings: Mapping[str, Any] | None = None, **kw) -> list[dict]:
        return (await self.run(sparql, bindings, **kw)).dicts()

    # -- loaders ---------------------------------------------------------------------
    async def _describe_batch(self, keys: list[str]) -> list[Resource]:
        rows: dict[str, Resource] = {k: Resource(k) for k in keys}
        cache = getattr(self.app, "reference", None)
        unique = []
        for k in dict.fromkeys(keys):
            cached = cache.get(k) if cache is not None and cache.cacheable(k) else None
            if cached is not None:
                rows[k].props = cached
            else:
                unique.append(k)
        if not unique:
            return [rows[k] for k in keys]
        generation = cache.generation if cache is not None else 0
        result = await self.run(
            "SELECT ?s ?p ?o WHERE { " + values_block("s", [ox.NamedNode(k) for k in unique]) + " ?s ?p ?o }",
            max_results=1_000_000,
        )
        for s, p, o in result.rows:
            props = rows[s.value].props
            values = props.setdefault(p.value, [])
            if o not in values:
                values.append(o)
        if cache is not None:
            for k in unique:
                if cache.cacheable(k) and rows[k].props:
                    cache.put(k, rows[k].props, generation)
        return [rows[k] for k in keys]

    async def resource(self, iri: str | None) -> Resource | None:
        if iri is None:
            return None
        row = await self.describe.load(iri)
        return row if row.exists else None

    async def resources(self, iris: list[str]) -> list[Resource]:
        rows = await self.describe.load_many(list(iris))
        return [r for r in rows if r.exists]

    def peek(self, iris: list[str]) -> list[Resource] | None:
        """The rows of ``iris`` (missing ones left out, like :meth:`resources`) when the
        loader already holds all of them, else None. Lets a resolver answer without an
        await — graphql-core completes a synchronous subtree far cheaper than one awaited
        field at a time (~15 ms of a 20-event page) — after :meth:`prefetch`."""
        cache = self.describe.cache_map
        out = []
        for k in iris:
            future = cache.get(k)
            if future is None or not future.done() or future.cancelled() or future.exception() is not None:
                return None
            row = future.result()
            if row.exists:
                out.append(row)
        return out

    def peek_one(self, iri: str | None) -> tuple[bool, Resource | None]:
        """(True, row or None) when ``iri``'s row is loaded (or there is no IRI), else (False, None)."""
        if iri is None:
            return True, None
        rows = self.peek([iri])
        if rows is None:
            return False, None
        return True, (rows[0] if rows else None)

    async def prefetch(self, rows: list[Resource], predicates: list[str]) -> list[Resource]:
        """Load, in one batch, the resources the ``rows`` point to by ``predicates``."""
        iris = [i for r in rows for p in predicates for i in r.iris(p)]
        return await self.resources(list(dict.fromkeys(iris))) if iris else []

    def reverse(self, predicate: str) -> DataLoader:
        """Loader: object IRI -> subject IRIs of ``?s <predicate> ?object``."""
        if predicate not in self._reverse:
            pred = ox.NamedNode(predicate)

            async def load(keys: list[str]) -> list[list[str]]:
                found: dict[str, list[str]] = defaultdict(list)
                unique = list(dict.fromkeys(keys))
                result = await self.run(
                    "SELECT DISTINCT ?s ?o WHERE { "
                    + values_block("o", [ox.NamedNode(k) for k in unique])
                    + " ?s ?p ?o } ORDER BY ?s",
                    {"p": pred},
                    max_results=1_000_000,
                )
                for s, o in result.rows:
                    found[o.value].append(s.value)
                return [found.get(k, []) for k in keys]

            self._reverse[predicate] = DataLoader(load_fn=load)
        return self._reverse[predicate]

    def closure(self, predicate: str) -> DataLoader:
        """Loader: IRI -> IRIs reachable by ``<predicate>+`` (e.g. the ckg:within chain)."""
        if predicate not in self._closure:
            pred = ox.NamedNode(predicate)

            async def load(keys: list[str]) -> list[list[str]]:
                found: dict[str, list[str]] = defaultdict(list)
                unique = list(dict.fromkeys(keys))
                # a property path cannot take a bound predicate, so the predicate is a
                # constant from our own namespace: checked to be an IRI by NamedNode()
                result = await self.run(
                    "SELECT DISTINCT ?s ?o WHERE { "
                    + values_block("s", [ox.NamedNode(k) for k in unique])
                    + f" ?s {pred}+ ?o }}",
                    max_results=1_000_000,
                )
                for s, o in result.rows:
                    found[s.value].append(o.value)
                return [found.get(k, []) for k in keys]

            self._closure[predicate] = DataLoader(load_fn=load)
        return self._closure[predicate]

    def explain_data(self) -> list[dict]:
        return [{"sparql": q.sparql, "bindings": q.bindings, "ms": q.ms} for q in self.queries]
