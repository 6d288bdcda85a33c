"""Loading a page of events, with what its selection shows, in as few queries as it can.

Why: an events page of 20 with types, places, participants and evidence is ~350 GraphQL
fields over ~100 resources. Loading them field by field through the DataLoader (a future
per key, an await per nested field) and describing every resource whole (an event has ~18
triples; a page shows ~5 of them, and decoding terms is most of what a describe costs on an
on-disk store) made a page cost ~25 ms of CPU. Here the events resolver loads everything
the page shows up front and hands each event the rows it links to, so the nested resolvers
answer with plain reads and no await:

* on an embedded or in-memory store, the event index (:mod:`api.eventindex`) holds each
  event's begin day and type and its links: places, roles (with each role's type and
  actor) and evidence spans. The events' rows and their roles' rows are made from it, and
  one query loads what the page shows of the rest: the evidence spans, and actors and
  places outside the reference data (which come from the shared reference cache);
* otherwise (a remote store, or data the index does not vouch for), one query per level:
  the events, then their types, places, roles and evidence, then the roles' actors (two
  when reference rows must first be cached).

Each query asks only for the predicates its level's selection reads. :data:`FIELD_PREDICATES`
names, for every GraphQL field an events page reaches through these levels, the predicates
its resolver reads on its own object's row; :data:`LINK_PREDICATES` names, for the event
fields whose objects are made from rows of their own (participants, evidence), what making
those objects reads on the linked rows whatever their sub-selection. A
:class:`PageSelection` holds the field names selected at each level (events; the rows they
link to; the roles' actors). Keyed by field name (``kind`` reads a place's and an actor's
kind), a level's set may over-fetch a little and cannot miss. A level naming any other
field (``document``, ``claims``, ``within`` …, which load rows of their own) gets complete
rows, as any other resolver does. A resolver that reads a predicate missing here raises
:class:`api.context.PartialRow` rather than answer null; tests/api/test_preload.py checks
every listed field against complete rows, and tests/api/test_eventindex.py the rows made
from the index against the store's.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox

from api.context import Resource
from kg.namespaces import CKG, NIF, OWL, RDF, SEM, SKOS, WGS


def _iris(*terms) -> tuple[str, ...]:
    return tuple(str(t) for t in terms)


#: GraphQL field name -> predicates its resolver reads on its object's row (module docstring)
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
    "participants": _iris(CKG.participation),
    **dict.fromkeys(("role", "actor"), ()),  # Participant: made from its role row (LINK_PREDICATES)
    "evidence": _iris(CKG.evidence),
    **dict.fromkeys(("anchorText", "start", "end"), ()),  # Evidence: made whole (LINK_PREDICATES)
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

#: event field -> what making its objects reads on the linked rows, whatever they select:
#: participants are sorted by role and kept only when their actor exists; Evidence objects
#: are made whole (begin, end, text) and sorted by begin
LINK_PREDICATES: dict[str, tuple[str, ...]] = {
    "type": (),
    "places": (),
    "participants": _iris(SEM.roleType, CKG.participant),
    "evidence": _iris(NIF.beginIndex, NIF.endIndex, NIF.anchorOf),
}

#: Event fields whose objects are rows of their own -> the event's predicate to them
_EVENT_LINKS = {
    "type": str(CKG.eventType),
    "places": str(SEM.hasPlace),
    "participants": str(CKG.participation),
    "evidence": str(CKG.evidence),
}
_PARTICIPANT = str(CKG.participant)


@dataclass(frozen=True)
class PageSelection:
    """The field names an events page selects, level by level: on the events, on the rows
    they link to (types, places, roles, evidence), and on the roles' actors."""

    events: frozenset[str]
    linked: frozenset[str]
    actors: frozenset[str]

    @classmethod
    def of(cls, selected_fields) -> PageSelection:
        """From strawberry's ``info.selected_fields`` of the events field (a connection:
        ``edges { node { … } }``), fragments included."""
        nodes = _children(_children(selected_fields, "edges"), "node")
        links = [field for name in _EVENT_LINKS for field in _children(nodes, name)]
        return cls(
            events=frozenset(_names(nodes)),
            linked=frozenset(_names(links)),
            actors=frozenset(_names(_children(_children(nodes, "participants"), "actor"))),
        )

    @classmethod
    def flat(cls, names: set[str]) -> PageSelection:
        """The same names at every level (over-fetches; for callers without a selection)."""
        return cls(events=frozenset(names), linked=frozenset(names), actors=frozenset(names))

    def linked_predicates(self) -> frozenset[str] | None:
        """:func:`predicates_for` the linked rows: their own fields' predicates, and what
        making the objects of each selected event link reads (:data:`LINK_PREDICATES`)."""
        own = predicates_for(self.linked)
        if own is None:
            return None
        return own.union(*(LINK_PREDICATES[name] for name in self.events if name in LINK_PREDICATES))


def _selections(fields) -> list:
    """The selections directly below ``fields``, looking through fragments."""
    out, todo = [], [sel for field in fields for sel in field.selections]
    while todo:
        sel = todo.pop()
        if hasattr(sel, "arguments"):  # a SelectedField
            out.append(sel)
        else:  # an inline fragment or a fragment spread
            todo.extend(sel.selections)
    return out


def _names(fields) -> set[str]:
    return {sel.name for sel in _selections(fields)}


def _children(fields, name: str) -> list:
    return [sel for sel in _selections(fields) if sel.name == name]


def predicates_for(names) -> frozenset[str] | None:
    """The predicates rows must hold for a selection of ``names``; None: complete rows."""
    out: set[str] = set()
    for name in names:
        found = FIELD_PREDICATES.get(name)
        if found is None:
            return None
        out.update(found)
    return frozenset(out)


_BEGIN, _TYPE = str(SEM.hasEarliestBeginTimeStamp), str(CKG.eventType)
_PLACE, _PARTICIPATION, _EVIDENCE = str(SEM.hasPlace), str(CKG.participation), str(CKG.evidence)
_ROLE_TYPE = str(SEM.roleType)
#: event predicates the event index (api.eventindex) holds: an event's begin day and type;
#: and, for an event whose links it holds, its places, roles and evidence
_INDEXED = frozenset((_BEGIN, _TYPE))
_INDEXED_LINKS = frozenset((_PLACE, _PARTICIPATION, _EVIDENCE))
#: what a role row made from the index holds (all that making a Participant reads)
_ROLE_PREDICATES = frozenset((_ROLE_TYPE, _PARTICIPANT))
_XSD_DATE = ox.NamedNode("http://www.w3.org/2001/XMLSchema#date")


def _indexed(ctx, iris: list[str], predicates: frozenset[str] | None):
    """The event index's entries for ``iris`` when the page reads a predicate the index
    holds and the index vouches for every event; else None.

    Why: the begin day and type of the page's 20 events are 40 of the ~120 terms the
    events' query decodes: 1.34 -> 1.16 ms of CPU for that query at 1M triples. The index
    holds them exactly (it refuses to answer when an event has two days or types, a
    non-xsd:date day or a literal type), and the events' links (see :func:`event_rows`).
    Only on an embedded or in-memory store: this process is its one writer and drops the
    index on every write, while a remote store can change under an index up to a minute
    old."""
    if (
        predicates is None
        or not (predicates & (_INDEXED | _INDEXED_LINKS))
        or ctx.store.kind not in ("embedded", "memory")
    ):
        return None
    index = getattr(ctx.app, "events", None)
    return index.entries(iris) if index is not None else None


async def event_rows(ctx, iris: list[str], selection: PageSelection) -> tuple[list[Resource], dict[str, Resource]]:
    """The rows of the events ``iris`` that exist, in order, and the rows they link to that
    the ``selection`` shows (types, places, roles, evidence, the roles' actors).

    When the event index holds the page's events with their links (the usual case on an
    embedded store), the events' rows and their roles' rows are made from it, and one
    query loads the rows the page shows of the rest (evidence, and actors and places
    outside the reference data). At 1M triples that query costs ~1.2 ms of CPU for a page
    of 20, where describing events, then roles and evidence, then actors cost ~3.6 ms, and
    the whole request 21.5M instructions instead of 31.1M (callgrind, bench/page_cost.py)."""
    predicates = predicates_for(selection.events)
    indexed = _indexed(ctx, iris, predicates)
    roles: dict[str, Resource] | None = None  # role rows made from the index
    if indexed is None:
        found = await ctx.rows(iris, predicates)
    else:
        with_links = all(entry.links is not None for entry in indexed.values())
        held = _INDEXED | _INDEXED_LINKS if with_links else _INDEXED
        found = await ctx.rows(iris, predicates - held, exists=indexed.keys())
        held_what = "dates, types and links" if with_links else "dates and types"
        ctx.note(f"event index: {held_what} of {len(indexed)} events")
        for iri, row in found.items():
            _fill(row, indexed[iri], with_links)
            row.loaded = predicates
        if with_links and "participants" in selection.events:
            roles = {
                role.iri.value: Resource(
                    role.iri.value, {_ROLE_TYPE: list(role.types), _PARTICIPANT: list(role.actors)}, _ROLE_PREDICATES
                )
                for row in found.values()
                for role in indexed[row.iri].links.roles
            }
    events = [found[i] for i in iris if i in found]
    links = [p for field, p in _EVENT_LINKS.items() if field in selection.events]
    if not links or not events:
        return events, {}
    targets = [i for row in events for p in links for i in row.iris(p)]
    if roles is None:  # the store answers for the roles: their actors are one level further
        linked = await ctx.rows(targets, selection.linked_predicates())
        if "participants" in selection.events:
            actors = [i for row in list(linked.values()) if _PARTICIPANT in row.props for i in row.iris(_PARTICIPANT)]
            actors = [i for i in actors if i not in linked]
            if actors:
                linked.update(await ctx.rows(actors, predicates_for(selection.actors)))
        return events, linked
    # the roles came from the index: their actors load with the other linked rows
    actors = [i for row in roles.values() for i in row.iris(_PARTICIPANT)]
    wanted = _union(selection.linked_predicates(), predicates_for(selection.actors) if actors else frozenset())
    linked = await ctx.rows([i for i in targets if i not in roles] + actors, wanted)
    linked.update(roles)
    return events, linked


def _fill(row: Resource, entry, with_links: bool) -> None:
    """Put what the index holds of an event into its row (the store's terms, in its order)."""
    if entry.begin is not None:
        row.props[_BEGIN] = [ox.Literal(entry.begin.isoformat(), datatype=_XSD_DATE)]
    if entry.type is not None:
        row.props[_TYPE] = [ox.NamedNode(entry.type)]
    if with_links:
        links = entry.links
        for predicate, values in (
            (_PLACE, links.places),
            (_PARTICIPATION, [role.iri for role in links.roles]),
            (_EVIDENCE, links.evidence),
        ):
            if values:
                row.props[predicate] = list(values)


def _union(a: frozenset[str] | None, b: frozenset[str] | None) -> frozenset[str] | None:
    return None if a is None or b is None else a | b
