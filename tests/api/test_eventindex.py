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


#: one event with several places, roles (one with two actors) and evidence spans, so that
#: the order of multi-valued links is checked; and a role in a second document's graph too
_D = "https://w3id.org/conflict-kg/id/doc/multi-1"
_CKG = "https://w3id.org/conflict-kg/ontology#"
_SEM = "http://semanticweb.cs.vu.nl/2009/11/sem/"
_NIF = "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#"
MULTI_EVENT = f"{_D}/event/e1"
_MULTI = [
    (MULTI_EVENT, "http://www.w3.org/1999/02/22-rdf-syntax-ns#type", f"<{_CKG}Event>"),
    (MULTI_EVENT, f"{_SEM}hasEarliestBeginTimeStamp", '"2016-05-05"^^<http://www.w3.org/2001/XMLSchema#date>'),
    (MULTI_EVENT, f"{_CKG}eventType", f"<{ET}armed-clash>"),
    *((MULTI_EVENT, f"{_SEM}hasPlace", f"<{_D}/place/p{i}>") for i in (3, 1, 2)),
    *((f"{_D}/place/p{i}", "http://www.w3.org/2004/02/skos/core#prefLabel", f'"مكان {i}"@ar') for i in (1, 2, 3)),
    *((MULTI_EVENT, f"{_CKG}participation", f"<{_D}/role/r{i}>") for i in (2, 3, 1)),
    *((f"{_D}/role/r{i}", f"{_SEM}roleType", f"<{_CKG}{t}>") for i, t in ((1, "Agent"), (2, "Target"), (3, "Agent"))),
    *((f"{_D}/role/r{i}", f"{_CKG}participant", f"<{_D}/actor/a{j}>") for i, j in ((1, 1), (2, 2), (3, 3), (3, 1))),
    *((f"{_D}/actor/a{i}", "http://www.w3.org/2004/02/skos/core#prefLabel", f'"فاعل {i}"@ar') for i in (1, 2, 3)),
    *((MULTI_EVENT, f"{_CKG}evidence", f"<{_D}/evidence/{i}>") for i in (30, 10, 20)),
    *(
        (f"{_D}/evidence/{i}", p, v)
        for i in (10, 20, 30)
        for p, v in (
            (f"{_NIF}beginIndex", f'"{i}"^^<http://www.w3.org/2001/XMLSchema#nonNegativeInteger>'),
            (f"{_NIF}endIndex", f'"{i + 5}"^^<http://www.w3.org/2001/XMLSchema#nonNegativeInteger>'),
            (f"{_NIF}anchorOf", f'"نص {i}"'),
        )
    ),
]


def _test_quads() -> bytes:
    lines = [line for i in range(40) for line in document_quads(article_spec(3, i))]
    lines += [f"<{s}> <{p}> {o} <{_D}> .\n" for s, p, o in _MULTI]
    # the same role value again in another graph: a describe of the union shows it once
    lines.append(f"<{_D}/role/r2> <{_CKG}participant> <{_D}/actor/a2> <{_D}-copy> .\n")
    return "".join(lines).encode("utf-8")


@pytest.fixture(scope="module")
def store():
    store = seed_store()
    store.native.load(_test_quads(), format=ox.RdfFormat.N_QUADS)
    return store


@pytest.fixture(scope="module")
def disk_store(tmp_path_factory):
    """The same data in an on-disk store (RocksDB orders values its own way)."""
    from kg.store import OxigraphStore
    from tests.api.ckg_api_support import FIXTURES, load_reference

    with OxigraphStore(tmp_path_factory.mktemp("store")) as store:
        load_reference(store)
        store.native.bulk_load(path=str(FIXTURES / "seed.trig"), format=ox.RdfFormat.TRIG)
        store.native.load(_test_quads(), format=ox.RdfFormat.N_QUADS)
        yield store


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


def _rows_both_ways(store, selection, iris=None):
    """A page's rows through the event index and through the store alone."""
    from api import preload

    indexed, plain = _ctx(store, True), _ctx(store, False)
    indexed.app.events.warm()  # as the app does at startup (entries() never builds it)
    if iris is None:
        iris = asyncio.run(repository.event_page(indexed, EventFilter(), 60, 0, True))
    got = asyncio.run(preload.event_rows(indexed, iris, selection))
    want = asyncio.run(preload.event_rows(plain, iris, selection))
    return got, want, indexed


def _same_rows(got, want):
    from api.types.common import parse_date

    (events_a, linked_a), (events_b, linked_b) = got, want
    assert [r.iri for r in events_a] == [r.iri for r in events_b]
    begin = "http://semanticweb.cs.vu.nl/2009/11/sem/hasEarliestBeginTimeStamp"
    for a, b in zip(events_a, events_b, strict=True):
        assert a.loaded == b.loaded
        for p in a.loaded:
            if p == begin:  # the index writes the day back as an xsd:date literal
                assert [parse_date(t) for t in a.all(p)] == [parse_date(t) for t in b.all(p)]
            else:
                assert a.all(p) == b.all(p), p  # the same terms, in the same order
    # every row the store path links to is there, with the same values for what it holds
    for iri, b in linked_b.items():
        a = linked_a[iri]
        for p in b.loaded if b.loaded is not None else b.props:
            if a.loaded is None or p in a.loaded:
                assert a.all(p) == b.all(p), (iri, p)


@pytest.mark.parametrize("which", ["store", "disk_store"])
def test_a_page_reads_dates_types_and_links_from_the_index_as_the_store_has_them(which, request):
    from api import preload

    store = request.getfixturevalue(which)

    selection = preload.PageSelection(  # what the benchmark's events page selects, level by level
        events=frozenset({"id", "date", "type", "places", "participants", "evidence"}),
        linked=frozenset({"slug", "name", "role", "actor", "anchorText", "start", "end"}),
        actors=frozenset({"name"}),
    )
    iris = [MULTI_EVENT, *asyncio.run(repository.event_page(_ctx(store, False), EventFilter(), 60, 0, True))]
    got, want, indexed = _rows_both_ways(store, selection, iris)
    assert len(got[0]) > 20
    multi = got[0][0]
    assert len(multi.iris(preload._EVIDENCE)) == len(multi.iris(preload._PARTICIPATION)) == 3
    assert len(got[1][f"{_D}/role/r3"].iris(preload._PARTICIPANT)) == 2
    _same_rows(got, want)
    assert any(q.sparql.startswith("# event index: dates, types and links") for q in indexed.queries)
    # the page's structure came from the index: no query named an event or a role
    sparql = " ".join(q.sparql for q in indexed.queries if not q.sparql.startswith("#"))
    assert "/event/" not in sparql and "/role/" not in sparql


def test_a_selection_with_more_event_fields_still_reads_links_from_the_index(store):
    from api import preload

    selection = preload.PageSelection.flat({"date", "timeExpression", "places", "participants", "actor", "name"})
    got, want, indexed = _rows_both_ways(store, selection)
    _same_rows(got, want)
    sparql = [q.sparql for q in indexed.queries if not q.sparql.startswith("#")]
    assert not any("/role/" in q for q in sparql)
    (events_query,) = [q for q in sparql if "/event/" in q]  # timeExpression: the events' own query
    assert str(preload.SEM.hasEarliestBeginTimeStamp) not in events_query and preload._PLACE not in events_query


def test_an_event_with_a_link_that_is_not_an_iri_is_read_from_the_store():
    from api import preload

    state = AppState(store=seed_store(), settings=Settings(store="memory"))
    iris = asyncio.run(repository.event_page(RequestContext(state), EventFilter(), 5, 0))
    state.store.native.add(ox.Quad(ox.NamedNode(iris[0]), ox.NamedNode(preload._EVIDENCE), ox.Literal("x")))
    state.data_changed()
    state.events.warm()
    selection = preload.PageSelection.flat({"date", "places", "evidence", "start", "anchorText"})
    ctx = RequestContext(state)
    rows, _ = asyncio.run(preload.event_rows(ctx, iris, selection))
    assert any(q.sparql.startswith("# event index: dates and types of") for q in ctx.queries)
    assert ox.Literal("x") in rows[0].all(preload._EVIDENCE)


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
