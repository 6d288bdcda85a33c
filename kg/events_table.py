"""The events table: one row per event, ACLED-style columns, shared by ``ckg events`` and
the API's ``/events.csv`` and ``/events.jsonl``.

Column meanings (empty string / null when unknown):

* ``event_id`` the event IRI; ``document_id`` the document id;
* ``event_date`` the earliest day (ISO), ``date_precision`` day|week|month|year|range|unresolved;
* ``event_type`` / ``sub_event_type`` ACLED's, ``plover_type`` / ``plover_mode`` PLOVER's,
  ``cameo_code`` the CAMEO root code — all from the event's concept in the scheme;
* ``actor1`` the first agent (English name, ``actor1_ar`` Arabic), ``assoc_actor_1`` the
  other agents, supporting forces, air support and leaders (``; ``-separated);
  ``actor2`` the first target or victim, ``assoc_actor_2`` the others;
* ``country`` / ``admin1`` / ``location`` (``location_ar``) / ``latitude`` / ``longitude``
  for the first place of the event; ``geo_precision`` ACLED's 1-3;
* ``fatalities`` (best), ``fatalities_low``, ``fatalities_high``, ``injured``;
* ``modality`` asserted|reported|denied|expected|promised|negated|ongoing, ``attributed_to``
  who it is attributed to; ``source`` the publisher; ``evidence_text`` /
  ``evidence_start`` / ``evidence_end`` the first evidence span; ``confidence``;
* ``notes``: our own event type and the time expression as written.

Queries bind the document (never format it) and batch per aspect (core, participants,
places, evidence), so the cost is a handful of queries whatever the number of events.
"""

from __future__ import annotations

import csv
import json
from collections import defaultdict
from collections.abc import Iterator
from typing import TextIO

import pyoxigraph as ox

from kg.iris import document_iri
from kg.store import Store

EVENT_COLUMNS = [
    "event_id",
    "document_id",
    "event_date",
    "date_precision",
    "event_type",
    "sub_event_type",
    "plover_type",
    "plover_mode",
    "cameo_code",
    "actor1",
    "actor1_ar",
    "assoc_actor_1",
    "actor2",
    "actor2_ar",
    "assoc_actor_2",
    "country",
    "admin1",
    "location",
    "location_ar",
    "latitude",
    "longitude",
    "geo_precision",
    "fatalities",
    "fatalities_low",
    "fatalities_high",
    "injured",
    "modality",
    "attributed_to",
    "source",
    "evidence_text",
    "evidence_start",
    "evidence_end",
    "confidence",
    "notes",
]

_PROLOGUE = """PREFIX ckg: <https://w3id.org/conflict-kg/ontology#>
PREFIX sem: <http://semanticweb.cs.vu.nl/2009/11/sem/>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX schema: <https://schema.org/>
PREFIX nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#>
PREFIX wgs: <http://www.w3.org/2003/01/geo/wgs84_pos#>
PREFIX prov: <http://www.w3.org/ns/prov#>
"""
_BIG = 50_000_000

_CORE = (
    _PROLOGUE
    + """
SELECT ?e ?docId ?date ?precision ?type ?acled ?acledSub ?plover ?ploverMode ?cameo ?geoPrecision
       ?dead ?deadLow ?deadHigh ?injured ?modality ?source ?confidence ?timeExpr WHERE {
  ?e a ckg:Event ; ckg:document ?doc .
  OPTIONAL { ?doc schema:identifier ?docId }
  OPTIONAL { ?e sem:hasEarliestBeginTimeStamp ?date }
  OPTIONAL { ?e ckg:datePrecision ?precision }
  OPTIONAL { ?e ckg:eventType ?type .
             OPTIONAL { ?type ckg:acledEventType ?acled } OPTIONAL { ?type ckg:acledSubEventType ?acledSub }
             OPTIONAL { ?type ckg:ploverType ?plover } OPTIONAL { ?type ckg:ploverMode ?ploverMode }
             OPTIONAL { ?type ckg:cameoCode ?cameo } }
  OPTIONAL { ?e ckg:geoPrecision ?geoPrecision }
  OPTIONAL { ?e ckg:fatalities ?dead } OPTIONAL { ?e ckg:fatalitiesLow ?deadLow }
  OPTIONAL { ?e ckg:fatalitiesHigh ?deadHigh } OPTIONAL { ?e ckg:injured ?injured }
  OPTIONAL { ?e ckg:modality ?modality }
  OPTIONAL { ?doc schema:publisher/schema:name ?source }
  OPTIONAL { ?e ckg:confidence ?confidence }
  OPTIONAL { ?e ckg:timeExpression ?timeExpr }
}"""
)

_PARTICIPANTS = (
    _PROLOGUE
    + """
SELECT ?e ?r ?role ?actor ?en ?ar WHERE {
  ?e a ckg:Event ; ckg:document ?doc ; ckg:participation ?r .
  ?r sem:roleType ?role ; ckg:participant ?actor .
  OPTIONAL { ?actor skos:prefLabel ?en FILTER(LANG(?en) = "en") }
  OPTIONAL { ?actor skos:prefLabel ?ar FILTER(LANG(?ar) = "ar") }
} ORDER BY ?e ?r"""
)

_PLACES = (
    _PROLOGUE
    + """
SELECT ?e ?p ?en ?ar ?lat ?long ?kind ?adminEn ?adminAr ?countryEn ?countryAr WHERE {
  ?e a ckg:Event ; ckg:document ?doc ; sem:hasPlace ?p .
  OPTIONAL { ?p skos:prefLabel ?en FILTER(LANG(?en) = "en") }
  OPTIONAL { ?p skos:prefLabel ?ar FILTER(LANG(?ar) = "ar") }
  OPTIONAL { ?p wgs:lat ?lat } OPTIONAL { ?p wgs:long ?long }
  OPTIONAL { ?p ckg:placeKind ?kind }
  OPTIONAL { ?p ckg:within* ?admin . ?admin ckg:placeKind ckg:Admin1 .
             OPTIONAL { ?admin skos:prefLabel ?adminEn FILTER(LANG(?adminEn) = "en") }
             OPTIONAL { ?admin skos:prefLabel ?adminAr FILTER(LANG(?adminAr) = "ar") } }
  OPTIONAL { { ?p ckg:country ?country }
             UNION { ?p ckg:within* ?country . ?country ckg:placeKind ckg:Country }
             OPTIONAL { ?country skos:prefLabel ?countryEn FILTER(LANG(?countryEn) = "en") }
             OPTIONAL { ?country skos:prefLabel ?countryAr FILTER(LANG(?countryAr) = "ar") } }
} ORDER BY ?e ?p"""
)

_EVIDENCE = (
    _PROLOGUE
    + """
SELECT ?e ?text ?begin ?end WHERE {
  ?e a ckg:Event ; ckg:document ?doc ; ckg:evidence ?ev .
  ?ev nif:anchorOf ?text ; nif:beginIndex ?begin ; nif:endIndex ?end .
} ORDER BY ?e ?begin"""
)

_ATTRIBUTED = (
    _PROLOGUE
    + """
SELECT ?e ?who ?en ?ar WHERE {
  ?e a ckg:Event ; ckg:document ?doc ; prov:wasAttributedTo ?who .
  OPTIONAL { ?who skos:prefLabel ?en FILTER(LANG(?en) = "en") }
  OPTIONAL { ?who skos:prefLabel ?ar FILTER(LANG(?ar) = "ar") }
} ORDER BY ?e ?who"""
)

_AGENT_ROLES = {"Agent"}
_ASSOC_1 = {"Supporter", "AirSupport", "Leader"}
_SIDE_2 = {"Target", "Victim"}


def _v(term) -> str | None:
    return None if term is None else term.value


def _local(term) -> str:
    if term is None:
        return ""
    value = term.value
    return value.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def _num(term, kind=int):
    if term is None:
        return None
    try:
        return kind(term.value)
    except ValueError:
        return None


def _label(en, ar) -> str:
    return _v(en) or _v(ar) or ""


def _run(store: Store, sparql: str, document_id: str | None) -> list[dict]:
    bindings = {"doc": ox.NamedNode(str(document_iri(document_id)))} if document_id else None
    return store.select(sparql, bindings=bindings, max_results=_BIG)


def iter_event_rows(store: Store, document_id: str | None = None) -> Iterator[dict]:
    """One dict per event (keys: :data:`EVENT_COLUMNS`), ordered by date then IRI.
    ``document_id`` restricts to one document (validated by kg.iris)."""
    core = _run(store, _CORE, document_id)
    participants: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
    seen_roles: set[tuple[str, str]] = set()
    for r in _run(store, _PARTICIPANTS, document_id):
        key = (r["e"].value, r["r"].value)
        if key in seen_roles:
            continue
        seen_roles.add(key)
        participants[r["e"].value].append(
            (_local(r["role"]), _label(r.get("en"), r.get("ar")), _v(r.get("ar")) or "")
        )
    places: dict[str, dict] = {}
    for r in _run(store, _PLACES, document_id):
        places.setdefault(r["e"].value, r)
    evidence: dict[str, dict] = {}
    for r in _run(store, _EVIDENCE, document_id):
        evidence.setdefault(r["e"].value, r)
    attributed: dict[str, list[str]] = defaultdict(list)
    for r in _run(store, _ATTRIBUTED, document_id):
        name = _label(r.get("en"), r.get("ar"))
        if name not in attributed[r["e"].value]:
            attributed[r["e"].value].append(name)

    rows: dict[str, dict] = {}
    for r in core:
        e = r["e"].value
        if e in rows:
            continue
        parts = participants.get(e, [])
        agents = [p for p in parts if p[0] in _AGENT_ROLES]
        side2 = [p for p in parts if p[0] in _SIDE_2]
        assoc1 = [p[1] for p in agents[1:]] + [p[1] for p in parts if p[0] in _ASSOC_1]
        place = places.get(e, {})
        ev = evidence.get(e, {})
        type_slug = _local(r.get("type"))
        time_expr = _v(r.get("timeExpr"))
        notes = f"type: {type_slug}" + (f"; time: {time_expr}" if time_expr else "")
        rows[e] = {
            "event_id": e,
            "document_id": _v(r.get("docId")) or "",
            "event_date": _v(r.get("date")) or "",
            "date_precision": _local(r.get("precision")).lower(),
            "event_type": _v(r.get("acled")) or "",
            "sub_event_type": _v(r.get("acledSub")) or "",
            "plover_type": _v(r.get("plover")) or "",
            "plover_mode": _v(r.get("ploverMode")) or "",
            "cameo_code": _v(r.get("cameo")) or "",
            "actor1": agents[0][1] if agents else "",
            "actor1_ar": agents[0][2] if agents else "",
            "assoc_actor_1": "; ".join(dict.fromkeys(assoc1)),
            "actor2": side2[0][1] if side2 else "",
            "actor2_ar": side2[0][2] if side2 else "",
            "assoc_actor_2": "; ".join(dict.fromkeys(p[1] for p in side2[1:])),
            "country": _label(place.get("countryEn"), place.get("countryAr")),
            "admin1": _label(place.get("adminEn"), place.get("adminAr")),
            "location": _label(place.get("en"), place.get("ar")),
            "location_ar": _v(place.get("ar")) or "",
            "latitude": _num(place.get("lat"), float),
            "longitude": _num(place.get("long"), float),
            "geo_precision": _num(r.get("geoPrecision")),
            "fatalities": _num(r.get("dead")),
            "fatalities_low": _num(r.get("deadLow")),
            "fatalities_high": _num(r.get("deadHigh")),
            "injured": _num(r.get("injured")),
            "modality": _local(r.get("modality")).lower(),
            "attributed_to": "; ".join(attributed.get(e, [])),
            "source": _v(r.get("source")) or "",
            "evidence_text": _v(ev.get("text")) or "",
            "evidence_start": _num(ev.get("begin")),
            "evidence_end": _num(ev.get("end")),
            "confidence": _num(r.get("confidence"), float),
            "notes": notes,
        }
    yield from sorted(
        rows.values(), key=lambda row: (row["event_date"] == "", row["event_date"], row["event_id"])
    )


def write_csv(rows: Iterator[dict], out: TextIO) -> int:
    """Write rows as CSV with a header; returns the number of rows."""
    writer = csv.DictWriter(out, fieldnames=EVENT_COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    n = 0
    for row in rows:
        writer.writerow({k: "" if row.get(k) is None else row.get(k) for k in EVENT_COLUMNS})
        n += 1
    return n


def write_jsonl(rows: Iterator[dict], out: TextIO) -> int:
    """Write rows as JSON Lines (UTF-8, Arabic kept readable); returns the number of rows."""
    n = 0
    for row in rows:
        out.write(json.dumps({k: row.get(k) for k in EVENT_COLUMNS}, ensure_ascii=False) + "\n")
        n += 1
    return n
