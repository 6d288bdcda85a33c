"""The in-memory event index (api.eventindex) pages and counts events exactly like the
SPARQL it replaces (api.repository.event_page / count), filter by filter, both orders,
at several offsets, over the seed graph plus synthetic documents (varied dates, places,
types); and the app drops it after a write."""

from __future__ import annotations

import asyncio
import datetime as dt
from types import SimpleNamespace

import pyoxigraph as ox
import pytest
from ckg_api_support import seed_store

from api import repository
from api.app import AppState
from api.context import RequestContext
from api.repository import EventFilter
from bench.corpus import article_spec
from bench.synth_graph import document_quads
from kg.config import Settings

GOV = "https://w3id.org/conflict-kg/id/place/"
ET = "https://w3id.org/conflict-kg/event-type/"


@pytest.fixture(scope="module")
def store():
    store = seed_store()
    lines = [line for i in range(40) for line in document_quads(article_spec(3, i))]
    store.native.load("".join(lines).encode("utf-8"), format=ox.RdfFormat.N_QUADS)
    return store


def _filters(store) -> list[EventFilter]:
    # places and types that occur, and their parents, so "within"/"narrower" matter
    rows = store.select(
        """PREFIX ckg: <https://w3id.org/conflict-kg/ontology#>
        PREFIX sem: <http://semanticweb.cs.vu.nl/2009/11/sem/>
        SELECT DISTINCT ?up WHERE { ?e sem:hasPlace ?p . ?p ckg:within* ?up } LIMIT 6"""
    )
    places = [r["up"].value for r in rows]
    types = [
        r["t"].value
        for r in store.select(
            """PREFIX ckg: <https://w3id.org/conflict-kg/ontology#>
            PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
            SELECT DISTINCT ?t WHERE {
              { ?e ckg:eventType ?t } UNION { ?e ckg:eventType ?n . ?n skos:broader ?t } }
            LIMIT 6"""
        )
    ]
    assert places and types
    d = dt.date
    out = [EventFilter()]
    out += [EventFilter(place=p) for p in places]
    out += [EventFilter(type=t) for t in types]
    out += [
        EventFilter(date_from=d(2016, 3, 1)),
        EventFilter(date_to=d(2016, 6, 30)),
        EventFilter(date_from=d(2016, 1, 1), date_to=d(2016, 12, 31)),
        EventFilter(date_from=d(2017, 11, 1), date_to=d(2017, 11, 5)),
        EventFilter(place=places[0], date_from=d(2015, 1, 1), date_to=d(2018, 12, 31)),
        EventFilter(type=types[0], place=places[-1]),
        EventFilter(place=GOV + "no-such-place"),
        EventFilter(type=ET + "no-such-type"),
    ]
    return out


def _ctx(store, with_index: bool):
    if not with_index:
        return RequestContext(SimpleNamespace(store=store))  # no app indexes: SPARQL only
    app = AppState(store=store, settings=Settings(store="memory"))
    return RequestContext(app)


def test_index_pages_and_counts_like_sparql(store):
    indexed, plain = _ctx(store, True), _ctx(store, False)

    async def both(f, first, offset, desc):
        a = await repository.event_page(indexed, f, first, offset, desc)
        b = await repository.event_page(plain, f, first, offset, desc)
        return a, b

    async def run():
        checked = 0
        for f in _filters(store):
            n_a = await repository.event_count(indexed, f)
            n_b = await repository.event_count(plain, f)
            assert n_a == n_b, f
            for desc in (False, True):
                for first, offset in ((5, 0), (20, 0), (7, 3), (10, 25), (100, 0), (3, n_b)):
                    a, b = await both(f, first, offset, desc)
                    assert a == b, (f, first, offset, desc)
                    checked += bool(a)
        return checked

    assert asyncio.run(run()) > 20
    # the index answered: its notes are in the query log, and no page query was sent
    assert any(q.sparql == "# event index: page" for q in indexed.queries)
    assert not any("ORDER BY" in q.sparql for q in indexed.queries)


def test_filters_the_index_does_not_hold_go_to_sparql(store):
    ctx = _ctx(store, True)
    f = EventFilter(min_fatalities=1)
    asyncio.run(repository.event_page(ctx, f, 5, 0))
    assert any("ORDER BY" in q.sparql for q in ctx.queries)


def test_a_write_through_the_app_drops_the_index(store):
    state = AppState(store=seed_store(), settings=Settings(store="memory"))
    before = state.events.count(EventFilter())
    doc = "".join(document_quads(article_spec(9, 0)))
    state.store.native.load(doc.encode("utf-8"), format=ox.RdfFormat.N_QUADS)
    assert state.events.count(EventFilter()) == before  # not seen until told
    state.data_changed()
    assert state.events.count(EventFilter()) > before


def test_a_page_reads_date_and_type_from_the_index_as_the_store_has_them(store):
    from api import preload
    from api.types.common import parse_date

    begin, etype = str(preload.SEM.hasEarliestBeginTimeStamp), str(preload.CKG.eventType)
    indexed, plain = _ctx(store, True), _ctx(store, False)
    iris = asyncio.run(repository.event_page(indexed, EventFilter(), 40, 0, True))
    assert len(iris) > 20
    names = {"date", "type", "places", "participants", "slug", "name", "role", "actor"}
    got, _ = asyncio.run(preload.event_rows(indexed, iris, names))
    want, _ = asyncio.run(preload.event_rows(plain, iris, names))
    assert [r.iri for r in got] == [r.iri for r in want] == iris
    for a, b in zip(got, want, strict=True):
        assert parse_date(a.one(begin)) == parse_date(b.one(begin)) and a.iri_of(etype) == b.iri_of(etype)
        assert a.iris(str(preload.SEM.hasPlace)) == b.iris(str(preload.SEM.hasPlace))
        assert a.loaded == b.loaded
    assert any(q.sparql.startswith("# event index: date and type") for q in indexed.queries)
    events_query = next(q.sparql for q in indexed.queries if "FILTER(?p IN" in q.sparql)
    assert begin not in events_query and etype not in events_query


def test_a_literal_event_type_makes_the_index_step_aside():
    state = AppState(store=seed_store(), settings=Settings(store="memory"))
    event = state.store.select(
        "PREFIX ckg: <https://w3id.org/conflict-kg/ontology#> SELECT ?e { ?e a ckg:Event } LIMIT 1"
    )
    iri = event[0]["e"].value
    assert state.events.count(EventFilter()) is not None and state.events.entries([iri]) is not None
    state.store.native.add(
        ox.Quad(ox.NamedNode(iri), ox.NamedNode("https://w3id.org/conflict-kg/ontology#eventType"), ox.Literal("x"))
    )
    state.data_changed()
    assert state.events.count(EventFilter()) is None and state.events.entries([iri]) is None
