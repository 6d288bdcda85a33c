"""The list queries behind the top-level GraphQL fields.

Each function picks constant SPARQL fragments for the filters it was given and binds the
values (``bindings``); ids were turned into IRIs by :mod:`api.ids`. A list query returns
IRIs in order, one page plus one (to know whether there is a next page); the rows are then
loaded in one batch by the request's DataLoader.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

import anyio.to_thread
import pyoxigraph as ox

from api.sparql_build import limit_offset, values_block

PROLOGUE = """PREFIX ckg: <https://w3id.org/conflict-kg/ontology#>
PREFIX sem: <http://semanticweb.cs.vu.nl/2009/11/sem/>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX schema: <https://schema.org/>
PREFIX wgs: <http://www.w3.org/2003/01/geo/wgs84_pos#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
"""

_XSD = "http://www.w3.org/2001/XMLSchema#"


def date_literal(value: dt.date) -> ox.Literal:
    return ox.Literal(value.isoformat(), datatype=ox.NamedNode(_XSD + "date"))


def decimal_literal(value: float) -> ox.Literal:
    if not math.isfinite(value):
        raise ValueError("not a finite number")
    return ox.Literal(repr(float(value)), datatype=ox.NamedNode(_XSD + "double"))


def integer_literal(value: int) -> ox.Literal:
    return ox.Literal(str(int(value)), datatype=ox.NamedNode(_XSD + "integer"))


@dataclass
class Query:
    """A WHERE body made of constant fragments plus the bindings they use."""

    patterns: list[str]
    bindings: dict

    def add(self, fragment: str, **values) -> None:
        self.patterns.append(fragment)
        self.bindings.update(values)

    @property
    def where(self) -> str:
        return "\n  ".join(self.patterns)


# -- events ------------------------------------------------------------------------------
@dataclass
class EventFilter:
    type: str | None = None  # event-type IRI (narrower concepts included)
    acled_event_type: str | None = None
    acled_sub_event_type: str | None = None
    plover_type: str | None = None
    actor: str | None = None  # actor IRI (units that are part of it included)
    place: str | None = None  # place IRI (places within it included)
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    modality: str | None = None  # modality IRI
    min_fatalities: int | None = None
    document: str | None = None
    min_confidence: float | None = None
    event_iris: list[str] | None = None  # restrict to these (from search)


def event_query(f: EventFilter) -> Query:
    q = Query(["?e a ckg:Event ."], {})
    if f.event_iris is not None:
        q.add(values_block("e", [ox.NamedNode(i) for i in f.event_iris]))
    if f.document:
        q.add("?e ckg:document ?fDocument .", fDocument=ox.NamedNode(f.document))
    if f.type:
        q.add("?e ckg:eventType ?fType0 . ?fType0 skos:broader* ?fType .", fType=ox.NamedNode(f.type))
    if f.acled_event_type:
        q.add(
            "?e ckg:eventType ?fType1 . ?fType1 ckg:acledEventType ?fAcled . ",
            fAcled=ox.Literal(f.acled_event_type),
        )
    if f.acled_sub_event_type:
        q.add(
            "?e ckg:eventType ?fType2 . ?fType2 ckg:acledSubEventType ?fAcledSub .",
            fAcledSub=ox.Literal(f.acled_sub_event_type),
        )
    if f.plover_type:
        q.add("?e ckg:eventType ?fType3 . ?fType3 ckg:ploverType ?fPlover .", fPlover=ox.Literal(f.plover_type))
    if f.modality:
        q.add("?e ckg:modality ?fModality .", fModality=ox.NamedNode(f.modality))
    if f.actor:
        q.add("FILTER EXISTS { ?e sem:hasActor ?fA . ?fA ckg:partOf* ?fActor }", fActor=ox.NamedNode(f.actor))
    if f.place:
        q.add("FILTER EXISTS { ?e sem:hasPlace ?fP . ?fP ckg:within* ?fPlace }", fPlace=ox.NamedNode(f.place))
    if f.min_fatalities is not None:
        q.add(
            "?e ckg:fatalities ?fDead . FILTER(?fDead >= ?fMinDead)",
            fMinDead=integer_literal(f.min_fatalities),
        )
    if f.min_confidence is not None:
        q.add(
            "?e ckg:confidence ?fConf . FILTER(?fConf >= ?fMinConf)",
            fMinConf=decimal_literal(f.min_confidence),
        )
    if f.date_from:
        q.add("?e sem:hasLatestEndTimeStamp ?fEnd . FILTER(?fEnd >= ?fFrom)", fFrom=date_literal(f.date_from))
    if f.date_to:
        q.add("?e sem:hasEarliestBeginTimeStamp ?fBegin . FILTER(?fBegin <= ?fTo)", fTo=date_literal(f.date_to))
    return q


async def event_page(ctx, f: EventFilter, first: int, offset: int, descending: bool = False) -> list[str]:
    """One page of event IRIs (plus one). The app's in-memory date index
    (:mod:`api.eventindex`) answers the unfiltered page and the type/place/date filters;
    SPARQL answers the rest, with the same order."""
    index = getattr(ctx.app, "events", None)
    if index is not None and index.supports(f):
        if index.ready:
            iris = index.page(f, first, offset, descending)
        else:
            iris = await anyio.to_thread.run_sync(index.page, f, first, offset, descending)
        if iris is not None:
            ctx.note("event index: page")
            return iris
    q = event_query(f)
    order = "DESC(?date)" if descending else "?date"
    sparql = (
        PROLOGUE
        + "SELECT ?e ?date WHERE {\n  "
        + q.where
        + "\n  OPTIONAL { ?e sem:hasEarliestBeginTimeStamp ?date }\n}\n"
        + f"ORDER BY (!BOUND(?date)) {order} ?e\n"
        + limit_offset(first + 1, offset)
    )
    result = await ctx.run(sparql, q.bindings)
    return [row[0].value for row in result.rows]


async def event_count(ctx, f: EventFilter) -> int:
    index = getattr(ctx.app, "events", None)
    if index is not None and index.supports(f):
        n = await anyio.to_thread.run_sync(index.count, f)
        if n is not None:
            ctx.note("event index: count")
            return n
    return await count(ctx, "e", event_query(f))


async def count(ctx, var: str, q: Query) -> int:
    sparql = PROLOGUE + f"SELECT (COUNT(DISTINCT ?{var}) AS ?n) WHERE {{\n  " + q.where + "\n}"
    rows = (await ctx.run(sparql, q.bindings)).rows
    return int(rows[0][0].value) if rows and rows[0][0] is not None else 0


# -- actors, places, documents -------------------------------------------------------------
async def actor_page(ctx, *, kind: str | None, iris: list[str] | None, first: int, offset: int) -> tuple:
    q = Query(["VALUES ?actorClass { ckg:Actor ckg:Person } ?a a ?actorClass ."], {})
    if kind:
        q.add("?a ckg:actorKind ?fKind .", fKind=ox.NamedNode(kind))
    if iris is None:
        sparql = PROLOGUE + "SELECT DISTINCT ?a WHERE {\n  " + q.where + "\n} ORDER BY ?a "
        sparql += limit_offset(first + 1, offset)
        return [r[0].value for r in (await ctx.run(sparql, q.bindings)).rows], q
    # Search hits, in ranking order. They come from the label index, which holds only
    # resources typed ckg:Actor or ckg:Person, so without `kind` they are the answer as
    # they are; with `kind`, check them in ranking order, a chunk at a time, until the
    # page is full (not all hits at once: a common word matches thousands of actors).
    want = offset + first + 1
    if not kind:
        return iris[offset:want], q
    kept: list[str] = []
    chunk = max(4 * want, 64)
    for start in range(0, len(iris), chunk):
        part = iris[start : start + chunk]
        sparql = (
            PROLOGUE
            + "SELECT DISTINCT ?a WHERE {\n  "
            + values_block("a", [ox.NamedNode(i) for i in part])
            + "\n  "
            + q.where
            + "\n}"
        )
        found = {r[0].value for r in (await ctx.run(sparql, q.bindings)).rows}
        kept += [i for i in part if i in found]
        if len(kept) >= want:
            break
    return kept[offset:want], q


async def place_page(
    ctx,
    *,
    within: str | None,
    iris: list[str] | None,
    near: tuple | None,
    kind: str | None,
    first: int,
    offset: int,
) -> tuple:
    q = Query(["?p a ckg:Place ."], {})
    if iris is not None:
        q.add(values_block("p", [ox.NamedNode(i) for i in iris]))
    if within:
        q.add("?p ckg:within+ ?fWithin .", fWithin=ox.NamedNode(within))
    if kind:
        q.add("?p ckg:placeKind ?fKind .", fKind=ox.NamedNode(kind))
    if near is None and iris is None:
        sparql = (
            PROLOGUE + "SELECT DISTINCT ?p WHERE {\n  " + q.where + "\n} ORDER BY ?p " + limit_offset(first + 1, offset)
        )
        return [r[0].value for r in (await ctx.run(sparql, q.bindings)).rows], q
    if near is not None:
        lat, long, radius_km = near
        dlat = radius_km / 111.0
        dlong = radius_km / (111.0 * max(math.cos(math.radians(lat)), 0.01))
        q.add(
            "?p wgs:lat ?lat ; wgs:long ?long . FILTER(?lat >= ?fLat0 && ?lat <= ?fLat1 && ?long >= ?fLong0 "
            "&& ?long <= ?fLong1)",
            fLat0=decimal_literal(lat - dlat),
            fLat1=decimal_literal(lat + dlat),
            fLong0=decimal_literal(long - dlong),
            fLong1=decimal_literal(long + dlong),
        )
        sparql = PROLOGUE + "SELECT DISTINCT ?p ?lat ?long WHERE {\n  " + q.where + "\n}"
        ranked = []
        for p, plat, plong in (await ctx.run(sparql, q.bindings)).rows:
            d = haversine_km(lat, long, float(plat.value), float(plong.value))
            if d <= radius_km:
                ranked.append((d, p.value))
        ordered = [i for _, i in sorted(ranked)]
        if iris is not None:
            keep = set(iris)
            ordered = [i for i in ordered if i in keep]
        return ordered[offset : offset + first + 1], None
    sparql = PROLOGUE + "SELECT DISTINCT ?p WHERE {\n  " + q.where + "\n}"
    found = {r[0].value for r in (await ctx.run(sparql, q.bindings)).rows}
    return [i for i in iris if i in found][offset : offset + first + 1], None


def haversine_km(lat1: float, long1: float, lat2: float, long2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(long2 - long1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(a)))


def document_query(
    published_from: dt.date | None, published_to: dt.date | None, iris: list[str] | None = None
) -> Query:
    q = Query(["?d a ckg:Document ."], {})
    if iris is not None:
        q.add(values_block("d", [ox.NamedNode(i) for i in iris]))
    if published_from:
        q.add("?d schema:datePublished ?pub0 . FILTER(?pub0 >= ?fFrom)", fFrom=date_literal(published_from))
    if published_to:
        q.add("?d schema:datePublished ?pub1 . FILTER(?pub1 <= ?fTo)", fTo=date_literal(published_to))
    return q


async def document_page(ctx, q: Query, first: int, offset: int) -> list[str]:
    sparql = (
        PROLOGUE
        + "SELECT ?d ?date WHERE {\n  "
        + q.where
        + "\n  OPTIONAL { ?d schema:datePublished ?date }\n} ORDER BY DESC(?date) ?d "
        + limit_offset(first + 1, offset)
    )
    return [r[0].value for r in (await ctx.run(sparql, q.bindings)).rows]


# -- control states and claims ---------------------------------------------------------------
def control_query(
    place: str | None, actor: str | None, as_of: dt.date | None, status: str | None, document: str | None
) -> Query:
    q = Query(["?c a ckg:ControlState ."], {})
    if document:
        q.add("?c ckg:document ?fDocument .", fDocument=ox.NamedNode(document))
    if place:
        q.add("?c ckg:controlledPlace ?fP . ?fP ckg:within* ?fPlace .", fPlace=ox.NamedNode(place))
    if actor:
        q.add("?c ckg:controller ?fA . ?fA ckg:partOf* ?fActor .", fActor=ox.NamedNode(actor))
    if status:
        q.add("?c ckg:controlStatus ?fStatus .", fStatus=ox.NamedNode(status))
    if as_of:
        q.add("?c ckg:asOf ?fAsOf0 . FILTER(?fAsOf0 <= ?fAsOf)", fAsOf=date_literal(as_of))
    return q


async def control_page(ctx, q: Query, first: int, offset: int) -> list[str]:
    sparql = (
        PROLOGUE
        + "SELECT DISTINCT ?c ?asOf WHERE {\n  "
        + q.where
        + "\n  OPTIONAL { ?c ckg:asOf ?asOf }\n} ORDER BY DESC(?asOf) ?c "
        + limit_offset(first + 1, offset)
    )
    return [r[0].value for r in (await ctx.run(sparql, q.bindings)).rows]


def claim_query(speaker: str | None, modality: str | None, speech_act: str | None, document: str | None) -> Query:
    q = Query(["?c a ckg:Claim ."], {})
    if document:
        q.add("?c ckg:document ?fDocument .", fDocument=ox.NamedNode(document))
    if speaker:
        q.add("?c ckg:speaker ?fS . ?fS (ckg:partOf|ckg:memberOf)* ?fSpeaker .", fSpeaker=ox.NamedNode(speaker))
    if modality:
        q.add(
            "FILTER EXISTS { ?c ckg:claimContent ?fContent . ?fContent ckg:modality ?fModality }",
            fModality=ox.NamedNode(modality),
        )
    if speech_act:
        q.add("?c ckg:speechAct ?fAct .", fAct=ox.NamedNode(speech_act))
    return q


async def claim_page(ctx, q: Query, first: int, offset: int) -> list[str]:
    sparql = (
        PROLOGUE + "SELECT DISTINCT ?c WHERE {\n  " + q.where + "\n} ORDER BY ?c " + limit_offset(first + 1, offset)
    )
    return [r[0].value for r in (await ctx.run(sparql, q.bindings)).rows]


async def types_of(ctx, iri: str) -> list[str]:
    rows = (await ctx.run("SELECT ?t WHERE { ?s a ?t }", {"s": ox.NamedNode(iri)})).rows
    return [r[0].value for r in rows]
