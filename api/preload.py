"""Loading a page of events, with what its selection shows, one query per level.

Why: an events page of 20 with types, places, participants and evidence is ~350 GraphQL
fields over ~100 resources. Loading them field by field through the DataLoader (a future
per key, an await per nested field) and describing every resource whole (an event has ~18
triples; a page shows ~5 of them, and decoding terms is most of what a describe costs on an
on-disk store) made a page cost ~25 ms of CPU. Here the events resolver loads, up front,
the events, then their types, places, roles and evidence, then the roles' actors — each
level in one query (two when reference rows must first be cached), with only the
predicates the selection reads — and hands each event the rows it links to, so the nested
resolvers answer with plain reads and no await.

Which predicates: :data:`FIELD_PREDICATES` names, for every GraphQL field an events page
reaches through these levels, the predicates its resolver reads on its object's row. It is
keyed by field name alone, over every type of the page (``kind`` reads a place's and an
actor's kind): the union over-fetches a little and cannot miss. A selection naming any
other field (``document``, ``claims``, ``sentence`` …, which load rows of their own) gets
complete rows, as any other resolver does. A resolver that reads a predicate missing here
raises :class:`api.context.PartialRow` rather than answer null; tests/api/test_preload.py
checks every listed field against complete rows.
"""

from __future__ import annotations

import pyoxigraph as ox

from api.context import Resource
from kg.namespaces import CKG, NIF, OWL, RDF, SEM, SKOS, WGS


def _iris(*terms) -> tuple[str, ...]:
    return tuple(str(t) for t in terms)


#: GraphQL field name -> predicates its resolver reads (see the module docstring)
FIELD_PREDICATES: dict[str, tuple[str, ...]] = {
    # connection, edge, page info; fields every node answers from its IRI
    **dict.fromkeys(
        ("edges", "node", "cursor", "pageInfo", "hasNextPage", "hasPreviousPage", "startCursor", "endCursor"), ()
    ),
    **dict.fromkeys(("__typename", "id", "iri"), ()),
    # Event and Statement
    "date": _iris(SEM.hasEarliestBeginTimeStamp),
    "dateEnd": _iris(SEM.hasLatestEndTimeStamp),
    "datePrecision": _iris(CKG.datePrecision),
    "timeExpression": _iris(CKG.timeExpression),
    "geoPrecision": _iris(CKG.geoPrecision),
    "confidence": _iris(CKG.confidence),
    "modality": _iris(CKG.modality),
    "injured": _iris(CKG.injured),
    "fromDirection": _iris(CKG.fromDirection),
    "fatalities": _iris(CKG.fatalities, CKG.fatalitiesLow, CKG.fatalitiesHigh, CKG.fatalitiesQualifier),
    **dict.fromkeys(("best", "low", "high", "qualifier"), ()),  # Fatalities: made from the event row
    "type": _iris(CKG.eventType),
    "places": _iris(SEM.hasPlace),
    # participants are sorted by role, and kept only when their actor exists
    "participants": _iris(CKG.participation, SEM.roleType, CKG.participant),
    **dict.fromkeys(("role", "actor"), ()),
    # Evidence objects are made whole (begin, end, text) and sorted by begin
    "evidence": _iris(CKG.evidence, NIF.beginIndex, NIF.endIndex, NIF.anchorOf),
    **dict.fromkeys(("anchorText", "start", "end"), ()),
    # Labelled: event types, places, actors
    "name": _iris(SKOS.prefLabel),
    "names": _iris(SKOS.prefLabel),
    "altNames": _iris(SKOS.altLabel),
    **dict.fromkeys(("value", "lang"), ()),  # LocalizedText
    # EventType
    "slug": (),
    "definition": _iris(SKOS.definition),
    "acledEventType": _iris(CKG.acledEventType),
    "acledSubEventType": _iris(CKG.acledSubEventType),
    "ploverType": _iris(CKG.ploverType),
    "ploverMode": _iris(CKG.ploverMode),
    "cameoCode": _iris(CKG.cameoCode),
    # Place and Actor
    "kind": _iris(CKG.placeKind, CKG.actorKind),
    "lat": _iris(WGS.lat),
    "long": _iris(WGS.long),
    "geonamesId": _iris(CKG.geonamesId),
    "sameAs": _iris(OWL.sameAs),
    "isPerson": _iris(RDF.type),
    "position": _iris(CKG.position),
}

#: Event fields whose objects are rows of their own -> the event's predicate to them
_EVENT_LINKS = {
    "type": str(CKG.eventType),
    "places": str(SEM.hasPlace),
    "participants": str(CKG.participation),
    "evidence": str(CKG.evidence),
}
_PARTICIPANT = str(CKG.participant)


def selected_names(selected_fields) -> set[str]:
    """Every field name selected below the current field (``selected_fields``: strawberry's
    ``info.selected_fields``, which holds the current field itself), fragments included."""
    names: set[str] = set()
    todo = [sel for field in selected_fields for sel in field.selections]
    while todo:
        sel = todo.pop()
        name = getattr(sel, "name", None)
        if name and hasattr(sel, "arguments"):  # a SelectedField, not a fragment spread
            names.add(name)
        todo.extend(getattr(sel, "selections", None) or [])
    return names


def predicates_for(names: set[str]) -> frozenset[str] | None:
    """The predicates rows must hold for a selection of ``names``; None: complete rows."""
    out: set[str] = set()
    for name in names:
        found = FIELD_PREDICATES.get(name)
        if found is None:
            return None
        out.update(found)
    return frozenset(out)


_BEGIN, _TYPE = str(SEM.hasEarliestBeginTimeStamp), str(CKG.eventType)
#: event predicates the event index (api.eventindex) holds: an event's begin day and type
_INDEXED = frozenset((_BEGIN, _TYPE))
_XSD_DATE = ox.NamedNode("http://www.w3.org/2001/XMLSchema#date")


def _indexed(ctx, iris: list[str], predicates: frozenset[str] | None):
    """The event index's entries for ``iris`` when the page reads a predicate the index
    holds and the index vouches for every event; else None.

    Why: the begin day and type of the page's 20 events are 40 of the ~120 terms the
    events' query decodes: 1.34 -> 1.16 ms of CPU for that query at 1M triples. The index
    holds them exactly (it refuses to answer when an event has two days or types, a
    non-xsd:date day or a literal type). Only on an embedded or in-memory store: this
    process is its one writer and drops the index on every write, while a remote store
    can change under an index up to a minute old."""
    if predicates is None or not (predicates & _INDEXED) or ctx.store.kind not in ("embedded", "memory"):
        return None
    index = getattr(ctx.app, "events", None)
    return index.entries(iris) if index is not None else None


async def event_rows(ctx, iris: list[str], names: set[str]) -> tuple[list[Resource], dict[str, Resource]]:
    """The rows of the events ``iris`` that exist, in order, and the rows they link to that
    the selection ``names`` shows (types, places, roles, evidence, the roles' actors)."""
    predicates = predicates_for(names)
    indexed = _indexed(ctx, iris, predicates)
    if indexed is None:
        found = await ctx.rows(iris, predicates)
    else:
        found = await ctx.rows(iris, predicates - _INDEXED, exists=indexed.keys())
        ctx.note(f"event index: date and type of {len(indexed)} events")
        for iri, row in found.items():
            entry = indexed[iri]
            if entry.begin is not None:
                row.props[_BEGIN] = [ox.Literal(entry.begin.isoformat(), datatype=_XSD_DATE)]
            if entry.type is not None:
                row.props[_TYPE] = [ox.NamedNode(entry.type)]
            row.loaded = predicates
    events = [found[i] for i in iris if i in found]
    links = [p for field, p in _EVENT_LINKS.items() if field in names]
    if not links or not events:
        return events, {}
    linked = await ctx.rows([i for row in events for p in links for i in row.iris(p)], predicates)
    if "participants" in names:
        actors = [i for row in list(linked.values()) if _PARTICIPANT in row.props for i in row.iris(_PARTICIPANT)]
        actors = [i for i in actors if i not in linked]
        if actors:
            linked.update(await ctx.rows(actors, predicates))
    return events, linked
