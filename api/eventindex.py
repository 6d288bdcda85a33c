"""An in-memory date index of the events, for paging and the common filters.

Why: Oxigraph sorts a whole result before ``LIMIT``. Paging events by date joined every
event with its type triple and sorted all of them, tie-broken by IRI, which decodes every
IRI from RocksDB: ~300-800 ms per page at 1M triples on disk, growing with the store.
This index holds, per event, its IRI, begin/end day, event type and places, sorted both
ways, plus the ``ckg:within`` and ``skos:broader`` edges. A page is then a slice
(unfiltered) or a scan with early exit (filters), with no SPARQL at all.

It also holds each event's links as the store has them (:class:`Links`): its places, its
roles (each role's ``sem:roleType`` and ``ckg:participant`` values) and its evidence
spans, IRIs in store order. :mod:`api.preload` reads an events page's structure from
here, so the page's one store query loads only what the page shows of its evidence and
actors. Why: describing the events, then their roles and evidence, then the roles' actors
was three queries over ~90 resources a page, most of the CPU an events page cost on an
on-disk store (RocksDB seeks, term decoding), for IRIs that only lead to other rows.
Size: ~1 KB per event with its links (~12k events at 1M triples, ~120k at 10M; actor
and role-type IRIs are shared).

What it answers exactly like :func:`api.repository.event_page` / ``count`` (same order:
dated events by day, then by IRI, undated last by IRI): no filter, ``type`` (narrower
types included), ``place`` (places within it included), ``dateFrom``, ``dateTo``. Any
other filter goes to SPARQL. It also declines (``None``) when the data does not fit its
assumptions — an event with more than one begin day, end day or type, or a day that is
not a plain ``xsd:date`` — because the SPARQL semantics (one row per value) would then
differ; the caller falls back to SPARQL.

Freshness: built from the store on first use (the app warms it at startup), dropped by
:meth:`invalidate` after this app's writes (mutations, SPARQL updates), and, when
``max_age`` is set (remote stores, which other processes write to), rebuilt in the
background once older than ``max_age`` seconds while the old snapshot keeps serving.
"""

from __future__ import annotations

import bisect
import datetime as dt
import gc
import logging
import operator
import threading
import time
from collections import defaultdict
from dataclasses import dataclass

import pyoxigraph as ox

log = logging.getLogger("api.eventindex")

_XSD_DATE = "http://www.w3.org/2001/XMLSchema#date"
_P = """PREFIX ckg: <https://w3id.org/conflict-kg/ontology#>
PREFIX sem: <http://semanticweb.cs.vu.nl/2009/11/sem/>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
"""
# constant queries: one predicate scan each (joining them in SPARQL is what was slow)
_EVENTS = _P + "SELECT ?e WHERE { ?e a ckg:Event }"
_BEGIN = _P + "SELECT ?e ?d WHERE { ?e sem:hasEarliestBeginTimeStamp ?d }"
_END = _P + "SELECT ?e ?d WHERE { ?e sem:hasLatestEndTimeStamp ?d }"
_TYPE = _P + "SELECT ?e ?t WHERE { ?e ckg:eventType ?t }"
_PLACE = _P + "SELECT ?e ?p WHERE { ?e sem:hasPlace ?p }"
_PARTICIPATION = _P + "SELECT ?e ?r WHERE { ?e ckg:participation ?r }"
_EVIDENCE = _P + "SELECT ?e ?x WHERE { ?e ckg:evidence ?x }"
_ROLE_TYPE = _P + "SELECT ?r ?t WHERE { ?r sem:roleType ?t }"
_PARTICIPANT = _P + "SELECT ?r ?a WHERE { ?r ckg:participant ?a }"
_WITHIN = _P + "SELECT ?a ?b WHERE { ?a ckg:within ?b }"
_BROADER = _P + "SELECT ?a ?b WHERE { ?a skos:broader ?b }"
_MAX_ROWS = 100_000_000


@dataclass(slots=True, frozen=True)
class Role:
    """A role an actor plays in an event: its ``sem:roleType`` and ``ckg:participant`` values."""

    iri: ox.NamedNode
    types: tuple[ox.NamedNode, ...]
    actors: tuple[ox.NamedNode, ...]


@dataclass(slots=True, frozen=True)
class Links:
    """What an event links to, as the store has it: every value of ``sem:hasPlace``,
    ``ckg:participation`` (with the roles' own values) and ``ckg:evidence``, each in the
    order a describe of the event returns them (the store's order), without repeats."""

    places: tuple[ox.NamedNode, ...]
    roles: tuple[Role, ...]
    evidence: tuple[ox.NamedNode, ...]


@dataclass(slots=True)
class EventEntry:
    iri: str
    begin: dt.date | None
    end: dt.date | None
    type: str | None
    places: tuple[str, ...]
    asc: int = 0  # position in the ascending order
    desc: int = 0  # position in the descending order
    #: None when a link of the event (or of one of its roles) is not an IRI: then the
    #: store answers for its links
    links: Links | None = None


def _read_links(native: ox.Store, events: set[str]) -> dict[str, Links]:
    """The links of ``events`` (:class:`Links`), read by streaming five predicate scans
    (materialising them would hold ~200k rows each at 10M triples); events with a link,
    or a role with a value, that is not an IRI are left out."""

    def scan(sparql):
        for solution in native.query(sparql, use_default_graph_as_union=True):
            yield solution[0], solution[1]

    shared: dict[str, ox.NamedNode] = {}  # one term per place, actor and role type
    event_keys = {e: e for e in events}  # the index's own strings, not one per row
    not_iri: set[str] = set()
    by_value = operator.attrgetter("value")
    places = _values(scan(_PLACE), event_keys, by_value, not_iri, shared)
    participation = _values(scan(_PARTICIPATION), event_keys, by_value, not_iri)
    evidence = _values(scan(_EVIDENCE), event_keys, by_value, not_iri)
    role_keys = {r: r for values in participation.values() for r in values}  # terms as keys
    broken: set[ox.NamedNode] = set()
    role_types = _values(scan(_ROLE_TYPE), role_keys, None, broken, shared)
    role_actors = _values(scan(_PARTICIPANT), role_keys, None, broken, shared)
    del role_keys
    out = {}
    for e in events:
        roles = participation.pop(e, ())
        if e in not_iri or any(r in broken for r in roles):
            continue
        out[e] = Links(
            tuple(places.pop(e, ())),
            tuple(Role(r, tuple(role_types.pop(r, ())), tuple(role_actors.pop(r, ()))) for r in roles),
            tuple(evidence.pop(e, ())),
        )
    return out


def _values(rows, keys: dict, key_of, not_iri: set, shared: dict | None = None) -> dict:
    """Subject -> its values (IRIs, in row order, without repeats) for the rows whose
    subject is among ``keys`` (looked up by ``key_of(subject)``, the subject term itself when
    None; the key kept is the one in ``keys``); a subject with a value that is not an IRI
    goes into ``not_iri``. Rows come in the store's order, which is a describe's order for
    one subject. ``shared``: one term object per distinct value (values many subjects share)."""
    out: dict = {}
    for s, o in rows:
        key = keys.get(s if key_of is None else key_of(s))
        if key is None:
            continue
        if type(o) is not ox.NamedNode:
            not_iri.add(key)
            continue
        if shared is not None:
            o = shared.setdefault(o.value, o)
        values = out.get(key)
        if values is None:
            out[key] = [o]
        elif o not in values:
            values.append(o)
    return out


class _Snapshot:
    def __init__(self, store):
        t = time.perf_counter()

        def rows(sparql):
            return store.query(sparql, max_results=_MAX_ROWS).rows

        events = {r[0].value for r in rows(_EVENTS)}
        self.exact = True
        begin = self._dates(rows(_BEGIN), events)
        end = self._dates(rows(_END), events)
        types: dict[str, str] = {}
        for e, ty in rows(_TYPE):
            if e.value in events:
                if type(ty) is not ox.NamedNode:
                    self.exact = False  # a literal type: the index holds IRIs only
                if e.value in types and types[e.value] != ty.value:
                    self.exact = False
                types[e.value] = ty.value
        places: dict[str, list[str]] = defaultdict(list)
        for e, p in rows(_PLACE):
            if e.value in events:
                places[e.value].append(p.value)
        # only where api.preload reads them (not a remote store, which can change under the index)
        native = getattr(store, "native", None) if store.kind in ("embedded", "memory") else None
        links = _read_links(native, events) if native is not None else {}
        self.children: dict[str, set[str]] = defaultdict(set)  # place -> places directly within
        for a, b in rows(_WITHIN):
            self.children[b.value].add(a.value)
        self.narrower: dict[str, set[str]] = defaultdict(set)  # concept -> narrower concepts
        for a, b in rows(_BROADER):
            self.narrower[b.value].add(a.value)
        entries = [
            EventEntry(
                e, begin.get(e), end.get(e), types.get(e), tuple(dict.fromkeys(places.get(e, ()))), links=links.get(e)
            )
            for e in events
        ]
        del links
        dated = [x for x in entries if x.begin is not None]
        undated = sorted((x for x in entries if x.begin is None), key=lambda x: x.iri)
        dated.sort(key=lambda x: x.iri)  # stable sorts: by day, then by IRI
        asc = sorted(dated, key=lambda x: x.begin)
        desc = sorted(dated, key=lambda x: x.begin, reverse=True)
        self.n_dated = len(asc)
        self.asc_days = [x.begin for x in asc]
        self.asc = asc + undated
        self.desc = desc + undated
        self.by_place: dict[str, list[EventEntry]] = defaultdict(list)  # place -> its events
        for i, x in enumerate(self.asc):
            x.asc = i
            for p in x.places:
                self.by_place[p].append(x)
        for i, x in enumerate(self.desc):
            x.desc = i
        self.by_iri = {x.iri: x for x in entries}
        self.built = time.monotonic()
        log.info(
            "event index: %d events (%d dated) in %.2f s%s",
            len(entries),
            self.n_dated,
            time.perf_counter() - t,
            "" if self.exact else " (not exact: SPARQL serves events)",
        )

    def _dates(self, rows, events) -> dict[str, dt.date]:
        out: dict[str, dt.date] = {}
        for e, d in rows:
            if e.value not in events:
                continue
            day = None
            datatype = getattr(d, "datatype", None)
            if datatype is not None and datatype.value == _XSD_DATE and len(d.value) == 10:
                try:
                    day = dt.date.fromisoformat(d.value)
                except ValueError:
                    day = None
            if day is None or (e.value in out and out[e.value] != day):
                self.exact = False
                continue
            out[e.value] = day
        return out

    @staticmethod
    def _closure(start: str, edges: dict[str, set[str]]) -> set[str]:
        seen, todo = {start}, [start]
        while todo:
            for nxt in edges.get(todo.pop(), ()):
                if nxt not in seen:
                    seen.add(nxt)
                    todo.append(nxt)
        return seen

    def select(self, f, descending: bool, limit: int | None, offset: int = 0) -> tuple[list[str], int]:
        """IRIs of matching events from ``offset`` (at most ``limit``), and how many were
        scanned past (the total count when ``limit`` is None)."""
        types = self._closure(f.type, self.narrower) if f.type else None
        places = self._closure(f.place, self.children) if f.place else None
        date_from, date_to = f.date_from, f.date_to
        seq = self.desc if descending else self.asc
        lo, hi = 0, len(seq)
        if date_to is not None:  # begin <= dateTo: a prefix (asc) / suffix (desc) of the dated part
            k = bisect.bisect_right(self.asc_days, date_to)
            lo, hi = (self.n_dated - k, self.n_dated) if descending else (0, k)
        if types is None and places is None and date_from is None and date_to is None:
            out = [x.iri for x in seq[offset : offset + limit]] if limit is not None else []
            return out, len(seq)
        candidates = None
        if places is not None:
            # the events at these places, when fewer than a quarter of the scan: sort those
            # few by position instead of scanning every event (a governorate at 10M triples)
            size = sum(len(self.by_place.get(p, ())) for p in places)
            if size * 4 < hi - lo:
                found = {id(x): x for p in places for x in self.by_place.get(p, ())}
                pos = (lambda x: x.desc) if descending else (lambda x: x.asc)
                candidates = sorted((x for x in found.values() if lo <= pos(x) < hi), key=pos)
        out: list[str] = []
        matched = 0
        for x in candidates if candidates is not None else (seq[i] for i in range(lo, hi)):
            if types is not None and x.type not in types:
                continue
            if date_from is not None and (x.end is None or x.end < date_from):
                continue
            if places is not None and not any(p in places for p in x.places):
                continue
            matched += 1
            if matched > offset:
                if limit is not None:
                    out.append(x.iri)
                    if len(out) >= limit:
                        break
        return out, matched


class EventIndex:
    def __init__(self, store, *, max_age: float | None = None):
        self._store = store
        self._max_age = max_age
        self._snap: _Snapshot | None = None
        self._lock = threading.Lock()  # one build at a time
        self._refreshing = False

    @staticmethod
    def supports(f) -> bool:
        return not (
            f.acled_event_type
            or f.acled_sub_event_type
            or f.plover_type
            or f.actor
            or f.modality
            or f.min_fatalities is not None
            or f.document
            or f.min_confidence is not None
            or f.event_iris is not None
        )

    @property
    def ready(self) -> bool:
        snap = self._snap
        return snap is not None and (self._max_age is None or time.monotonic() - snap.built <= self._max_age)

    def invalidate(self) -> None:
        self._snap = None

    def warm(self) -> None:
        self._snapshot()

    def _snapshot(self) -> _Snapshot:
        snap = self._snap
        if snap is None:
            with self._lock:
                if self._snap is None:
                    self._snap = _Snapshot(self._store)
                    gc.freeze()  # see api.app.freeze_heap
                return self._snap
        stale = self._max_age is not None and time.monotonic() - snap.built > self._max_age
        if stale and not self._refreshing:
            self._refreshing = True
            threading.Thread(target=self._refresh, name="ckg-event-index", daemon=True).start()
        return snap

    def _refresh(self) -> None:
        try:
            with self._lock:
                self._snap = _Snapshot(self._store)
                gc.freeze()  # see api.app.freeze_heap
        except Exception:  # noqa: BLE001 - keep serving the old snapshot; logged
            log.exception("event index refresh failed")
        finally:
            self._refreshing = False

    def page(self, f, first: int, offset: int, descending: bool) -> list[str] | None:
        """Up to ``first`` + 1 event IRIs from ``offset``; None when SPARQL must answer."""
        if not self.supports(f):
            return None
        snap = self._snapshot()
        if not snap.exact:
            return None
        return snap.select(f, descending, first + 1, offset)[0]

    def entries(self, iris: list[str]) -> dict[str, EventEntry] | None:
        """The index entries of the events ``iris`` (each event's begin day, type and
        links), or None when the index cannot vouch for all of them: not built yet (it is
        not built here), not exact, or an IRI it does not hold (not an event as of the
        snapshot). ``api.preload`` reads an events page's dates, types and links from here
        instead of the store."""
        snap = self._snap
        if snap is None or not snap.exact or not self.ready:
            return None
        by_iri = snap.by_iri
        found = {i: by_iri.get(i) for i in iris}
        return None if None in found.values() else found

    def count(self, f) -> int | None:
        if not self.supports(f):
            return None
        snap = self._snapshot()
        if not snap.exact:
            return None
        return snap.select(f, False, None)[1]
