"""Per-request state: the query runner (with its log, for ``explain``) and the DataLoaders.

Every SPARQL query a GraphQL request sends goes through :meth:`RequestContext.run`, which
runs it in a worker thread (the store blocks) and records it. DataLoaders batch the
lookups of one execution level into one query, so the number of queries grows with the
depth of the GraphQL query, not with the number of results.
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from typing import Any

import anyio.to_thread
import pyoxigraph as ox
from strawberry.dataloader import DataLoader

from api.sparql_build import indexed_values, numbered_objects, values_block
from kg.results import QueryResult
from kg.store import OxigraphStore, Store


class PartialRow(RuntimeError):
    """A resolver read a predicate its row was loaded without: a bug (a field missing from
    :data:`api.preload.FIELD_PREDICATES`), raised rather than answering null."""


@dataclass(slots=True)
class Resource:
    """A domain row: one IRI and its outgoing properties (predicate IRI -> terms).

    ``loaded`` is None for a complete row; a page preloaded by :mod:`api.preload` holds
    rows of only the predicates its selection reads, and reading any other is refused."""

    iri: str
    props: dict[str, list[Any]] = field(default_factory=dict)
    loaded: frozenset[str] | None = None

    def all(self, predicate: str) -> list[Any]:
        if self.loaded is not None and predicate not in self.loaded:
            raise PartialRow(f"<{self.iri}> was loaded without <{predicate}>")
        return self.props.get(predicate, [])

    def one(self, predicate: str) -> Any | None:
        values = self.all(predicate)
        return values[0] if values else None

    def value(self, predicate: str) -> str | None:
        term = self.one(predicate)
        return None if term is None else term.value

    def iris(self, predicate: str) -> list[str]:
        return [t.value for t in self.all(predicate) if type(t) is ox.NamedNode]

    def iri_of(self, predicate: str) -> str | None:
        for t in self.all(predicate):
            if type(t) is ox.NamedNode:
                return t.value
        return None

    @property
    def exists(self) -> bool:
        """Whether the store holds any triple about it (partial rows are made only for
        resources known to exist)."""
        return bool(self.props) or self.loaded is not None


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
    def __init__(self, app_state, *, request=None, response=None, authorized: bool = False, explain: bool = False):
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
            return await anyio.to_thread.run_sync(lambda: self.store.query(sparql, bindings=bindings or None, **kw))
        finally:
            self.queries.append(
                LoggedQuery(
                    sparql,
                    {k: str(v) for k, v in (bindings or {}).items()},
                    round((time.perf_counter() - started) * 1000, 3),
                )
            )

    async def lookup(self, sparql: str, *, max_results: int) -> QueryResult:
        """:meth:`run` for a lookup by given IRIs (a describe batch: its size is bounded by
        the IRIs it names). On an embedded store it runs here, on the event loop's thread
        (:meth:`kg.store.OxigraphStore.query_inline`): pyoxigraph holds the GIL while it
        produces rows, so a worker thread bought no parallelism, and handing the query to
        one and waking the loop afterwards cost ~1 ms of CPU per query (3-4 ms of a
        20-event page at 1M triples). No deadline is needed for a lookup; queries whose
        cost depends on the data (list pages, filters, path closures) still go through
        :meth:`run`, with the store's deadline."""
        store = self.store
        if not isinstance(store, OxigraphStore):
            return await self.run(sparql, max_results=max_results)
        started = time.perf_counter()
        try:
            return store.query_inline(sparql, max_results=max_results)
        finally:
            self.queries.append(LoggedQuery(sparql, {}, round((time.perf_counter() - started) * 1000, 3)))

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
        result = await self.lookup(
            "SELECT ?i ?p ?o WHERE { " + indexed_values("i", "s", [ox.NamedNode(k) for k in unique]) + " ?s ?p ?o }",
            max_results=1_000_000,
        )
        _fill([rows[k] for k in unique], result.rows)
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

    async def rows(
        self, iris: list[str], predicates: frozenset[str] | None, *, exists: Collection[str] = ()
    ) -> dict[str, Resource]:
        """The rows of the resources among ``iris`` that exist, by IRI: complete rows when
        ``predicates`` is None (through the describe loader), else rows of only
        ``predicates``. Decoding terms is most of what loading rows costs on an on-disk
        store (a few µs a term), and an event has ~18 triples of which a page shows ~5.

        At most two queries: the rows, then whether the resources that had none of the
        predicates exist at all (rarely any: every domain resource has the ones a page
        shows). Reference rows are complete either way: from the shared cache, or loaded
        whole, which fills it (that query replaces the second). IRIs in ``exists`` are
        known to exist (the event index holds them): a row of none of the predicates is
        then an empty row, not a reason for the second query."""
        unique = list(dict.fromkeys(iris))
        if predicates is None:
            return {r.iri: r for r in await self.resources(unique)}
        cache = getattr(self.app, "reference", None)
        out: dict[str, Resource] = {}
        partial, reference = [], []
        for k in unique:
            if cache is None or not cache.cacheable(k):
                partial.append(k)
            elif (props := cache.get(k)) is not None:
                out[k] = Resource(k, props)
            else:
                reference.append(k)
        rows = [Resource(k, {}, predicates) for k in partial]
        if rows and predicates:
            wanted = sorted(predicates)
            nodes = [ox.NamedNode(p) for p in wanted]
            result = await self.lookup(
                "SELECT ?i ?k ?o WHERE { "
                + indexed_values("i", "s", [ox.NamedNode(r.iri) for r in rows])
                + " "
                + numbered_objects("s", "p", "k", "o", nodes)
                + " }",
                max_results=1_000_000,
            )
            for i, k, o in result.rows:
                values = rows[int(i.value)].props.setdefault(wanted[int(k.value)], [])
                if o not in values:
                    values.append(o)
        unknown = [r for r in rows if not r.props and r.iri not in exists]
        if reference or unknown:
            reference += [r.iri for r in unknown]  # described whole: exists or not, in one query
            rows = [r for r in rows if r.props or r.iri in exists]
            for row in await self.resources(reference):
                out[row.iri] = row
        out.update((r.iri, r) for r in rows)
        return out

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


def _fill(rows: list[Resource], result_rows) -> None:
    """Add (?i ?p ?o) result rows to ``rows`` (?i numbers them, see indexed_values),
    dropping a value repeated across named graphs."""
    for i, p, o in result_rows:
        values = rows[int(i.value)].props.setdefault(p.value, [])
        if o not in values:
            values.append(o)
