"""The document's RDF graph (one named graph per document, the document IRI as its name).

Rules: every IRI comes from kg.iris (deterministic: the same input gives the same graph);
no blank nodes; gazetteer entities and event types are referenced by IRI only, never
copied; document-local actors get ``statement_iri(doc, "actor", key)``. Spans use Python
code-point offsets, end exclusive, and ``nif:anchorOf`` is exactly ``text[begin:end]``.
Literals: plain strings are xsd:string, labels and the headline are language-tagged,
counts are xsd:integer (>= 0; stores canonicalise nonNegativeInteger to integer),
confidence/share/quantity values xsd:decimal.

The builder writes the graph as N-Triples text (``kg.ntriples``: terms as text, exactly as
pyoxigraph would write them; about 400 triples per ~2 KB report), which is what validation
and the stores take: no rdflib graph and no pyoxigraph object per triple on the ingest
path. Entity mentions become ``ckg:Mention`` nodes according to :data:`MENTIONS` (by
default the first mention of each entity the statements use). ``to_graph`` turns parsed
triples into an rdflib graph (via ``kg.terms.from_ox``) for tests and callers that want one. Document-local places
(``ingest.entities.LocalPlace``) get ``statement_iri(doc, "place", key)`` with an Arabic label,
a kind and ``ckg:within`` the known place that locates them.
"""

from __future__ import annotations

import bisect
import hashlib
from datetime import datetime
from decimal import Decimal
from functools import lru_cache

from rdflib import Graph
from rdflib.namespace import PROV as _PROV
from rdflib.namespace import RDF as _RDF
from rdflib.namespace import RDFS as _RDFS
from rdflib.namespace import SDO as _SDO
from rdflib.namespace import SKOS as _SKOS
from rdflib.namespace import XSD as _XSD

from ingest import event_types
from ingest.article import Article
from ingest.entities import LocalActor, LocalPlace
from ingest.events import ControlRec, Doc, EventRec
from ingest.modality import Claim
from kg import ntriples as nt
from kg.iris import (
    document_iri,
    event_type_iri,
    extraction_iri,
    extractor_iri,
    publisher_iri,
    stable_key,
)
from kg.namespaces import CKG as _CKG
from kg.namespaces import NIF as _NIF
from kg.namespaces import SEM as _SEM
from kg.ntriples import NTriplesGraph, iri_value
from kg.terms import from_ox

#: a term as N-Triples text (``<iri>``, ``"text"@ar``, ``"3"^^<…#integer>``; kg.ntriples)
Term = str


CKG, NIF, SEM, PROV, RDF, RDFS, SDO, SKOS, XSD = (
    nt.Namespace(n) for n in (_CKG, _NIF, _SEM, _PROV, _RDF, _RDFS, _SDO, _SKOS, _XSD))

_NODES: dict[str, Term] = {}


def URIRef(iri: str) -> Term:  # noqa: N802 - stands in for rdflib's URIRef on the text path
    """The (cached) IRI term of ``iri`` (an rdflib URIRef or a string)."""
    node = _NODES.get(iri)
    if node is None:
        if len(_NODES) > 200_000:
            _NODES.clear()
        node = _NODES[iri] = nt.iri(str(iri))
    return node


_XSD_INTEGER = iri_value(XSD.integer)
_XSD_BOOLEAN = iri_value(XSD.boolean)


def Literal(value, lang: str | None = None, datatype: Term | None = None) -> Term:  # noqa: N802
    """A literal term with the lexical form rdflib would give ``value``."""
    if lang is not None:
        return nt.literal(value, lang=lang)
    if datatype is not None:
        return nt.literal(str(value), datatype=iri_value(datatype))
    if isinstance(value, bool):
        return nt.literal("true" if value else "false", datatype=_XSD_BOOLEAN)
    if isinstance(value, int):
        return _int(value)
    return nt.literal(value)


_PRECISIONS = {"Day": CKG.Day, "Week": CKG.Week, "Month": CKG.Month, "Year": CKG.Year, "Range": CKG.Range,
               "Unresolved": CKG.Unresolved}
_MODALITIES = {"Asserted": CKG.Asserted, "Reported": CKG.Reported, "Denied": CKG.Denied,
               "Expected": CKG.Expected, "Promised": CKG.Promised, "Negated": CKG.Negated,
               "Ongoing": CKG.Ongoing}
_QUALIFIERS = {"AtLeast": CKG.AtLeast, "AtMost": CKG.AtMost, "Approximately": CKG.Approximately,
               "Between": CKG.Between, "Dozens": CKG.Dozens, "Exact": CKG.Exact}


def _dec(x: float) -> Term:
    return Literal(Decimal(str(round(x, 4))).normalize() if x != int(x) else Decimal(int(x)), datatype=XSD.decimal)


def _nni(x: int) -> Term:
    return _int(int(x))


@lru_cache(maxsize=1024)
def _confidence(value: float) -> Term:
    """The xsd:decimal of a confidence, two decimals (cached: a handful of values recur)."""
    return Literal(Decimal(str(round(value, 2))), datatype=XSD.decimal)


_EVENT_TYPES: dict[str, Term] = {}


def _event_type_node(slug: str) -> Term:
    node = _EVENT_TYPES.get(slug)
    if node is None:
        node = _EVENT_TYPES[slug] = nt.iri(str(event_type_iri(slug)))
    return node


_INTS: dict[int, Term] = {}


def _int(n: int) -> Term:
    """The xsd:integer literal of ``n`` (cached: span offsets repeat across documents)."""
    lit = _INTS.get(n)
    if lit is None:
        if len(_INTS) > 100_000:
            _INTS.clear()
        lit = _INTS[n] = f'"{n}"^^<{_XSD_INTEGER}>'
    return lit


#: Which entity mentions become ``ckg:Mention`` nodes (7 triples each; kept all, they are a
#: third of a document's graph, and SHACL validation time grows with the triples):
#: "first" (default) - the first mention of each entity that a statement of the document
#: refers to (an event's place or actor, a speaker, a controller...): every entity the
#: statements use is grounded in the text once; "referenced" - every mention of those
#: entities; "all" - every mention found (entities no statement uses included); "none".
MENTIONS = "first"
MENTION_POLICIES = ("first", "referenced", "all", "none")


_RDF_TYPE, _MENTION, _EVIDENCE = RDF.type, CKG.Mention, CKG.Evidence
_BEGIN, _END, _ANCHOR, _CONTEXT, _SENTENCE = NIF.beginIndex, NIF.endIndex, NIF.anchorOf, NIF.referenceContext, \
    NIF.sentence


class GraphBuilder:
    def __init__(self, article: Article, doc: Doc, now: datetime, version: str):
        self.a = article
        self.doc = doc
        self._out: list[tuple[Term, Term, Term]] = []
        self._spans: dict[tuple[str, int, int], Term] = {}
        #: a speaker's IRI -> the position it was named by (``local_speaker``), set by build_ntriples
        self._position_labels: dict[str, str] = {}
        self.doc_iri = URIRef(document_iri(article.doc_id))
        self._prefix = iri_value(self.doc_iri) + "/"  # kg.iris: <doc>/<kind>/<key>, <doc>/sentence/<n>
        self.extraction = URIRef(extraction_iri(article.doc_id))
        self.now = now
        self.version = version
        self._sent_begins = [b for b, _ in doc.sentence_chars]
        self._actors_done: set[str] = set()
        self._places_done: set[str] = set()
        # = kg.iris.sentence_iri / statement_iri (the document id was checked by document_iri)
        self._sentence_iris = [f"<{self._prefix}sentence/{n}>"
                               for n in range(len(doc.sentence_chars))]

    def statement(self, kind: str, *parts: object) -> Term:
        """``kg.iris.statement_iri(doc_id, kind, stable_key(*parts))``, formatted directly."""
        return f"<{self._prefix}{kind}/{stable_key(*parts)}>"

    # -- basics ---------------------------------------------------------------------------
    def add(self, s: Term, p: Term, o: Term) -> None:
        self._out.append((s, p, o))

    def result(self) -> NTriplesGraph:
        """The graph, each triple once, in the order first added."""
        return NTriplesGraph.from_terms(self._out)

    def sentence_of(self, char: int) -> int:
        return max(0, bisect.bisect_right(self._sent_begins, char) - 1)

    def span(self, kind: str, b: int, e: int) -> Term:
        si = self.sentence_of(b)
        sb, se = self.doc.sentence_chars[si]
        b, e = max(b, sb), min(e, se)
        if e <= b:
            b, e = sb, se
        key = (kind, b, e)
        iri = self._spans.get(key)
        if iri is None:
            iri = self._spans[key] = f"<{self._prefix}{kind}/{b}-{e}>"  # = kg.iris.span_iri
            self._out += ((iri, _RDF_TYPE, _MENTION if kind == "mention" else _EVIDENCE),
                          (iri, _BEGIN, _int(b)), (iri, _END, _int(e)),
                          (iri, _ANCHOR, nt.literal(self.a.text[b:e])), (iri, _CONTEXT, self.doc_iri),
                          (iri, _SENTENCE, self._sentence_iris[si]))
        return iri

    def actor(self, ref: str) -> Term:
        if ref.startswith("local:") or ref.startswith("position:"):
            key = ref[6:] if ref.startswith("local:") else ref
            iri = self.statement("actor", key)
            if key not in self._actors_done:
                self._actors_done.add(key)
                la = self.doc.ents.locals.get(key)
                if la is None:  # a speaker named only by a position phrase
                    la = LocalActor(key, self._position_labels.get(ref, key), None, "Official")
                self._local_actor(iri, la)
            return iri
        return URIRef(ref)

    def place(self, ref: str) -> Term:
        if not ref.startswith("local:"):
            return URIRef(ref)
        key = ref[6:]
        iri = self.statement("place", key)
        if key not in self._places_done:
            self._places_done.add(key)
            lp: LocalPlace | None = self.doc.ents.local_places.get(key)
            add = self.add
            add(iri, RDF.type, CKG.Place)
            add(iri, SKOS.prefLabel, Literal(lp.label_ar if lp else key.split(":", 1)[-1], lang="ar"))
            add(iri, CKG.placeKind, CKG[lp.kind if lp else "Village"])
            if lp and lp.within:
                add(iri, CKG.within, self.place(lp.within))
            if lp and lp.country:
                add(iri, CKG.country, URIRef(lp.country))
        return iri

    def _local_actor(self, iri: Term, la: LocalActor) -> None:
        add = self.add
        add(iri, RDF.type, CKG.Actor)
        if la.person:
            add(iri, RDF.type, CKG.Person)
        add(iri, SKOS.prefLabel, Literal(la.label_ar, lang="ar"))
        if la.label_en:
            add(iri, SKOS.prefLabel, Literal(la.label_en, lang="en"))
        add(iri, CKG.actorKind, CKG[la.kind])
        if la.nationality:
            add(iri, CKG.nationality, URIRef(la.nationality))
        if la.member_of:
            add(iri, CKG.memberOf, self.actor(la.member_of))
        if la.part_of:
            add(iri, CKG.partOf, self.actor(la.part_of))
        if la.position:
            add(iri, CKG.position, Literal(la.position, lang="ar"))

    # -- the document ----------------------------------------------------------------------
    def document(self, title: str | None) -> None:
        a, add, d = self.a, self.add, self.doc_iri
        add(d, RDF.type, CKG.Document)
        add(d, SDO.identifier, Literal(a.doc_id))
        add(d, NIF.isString, Literal(a.text))
        add(d, SDO.inLanguage, Literal(a.language))
        if a.published:
            add(d, SDO.datePublished, Literal(a.published.isoformat(), datatype=XSD.date))
        if a.publisher:
            pub = URIRef(publisher_iri(a.publisher))
            add(d, SDO.publisher, pub)
            add(pub, RDF.type, SDO.Organization)
            add(pub, SDO.name, Literal(a.publisher))
        add(d, SDO.headline, Literal(a.title or title or a.doc_id, lang="ar"))
        add(d, CKG.titleGenerated, Literal(a.title is None))
        if a.url:
            add(d, SDO.url, Literal(a.url, datatype=XSD.anyURI))
        add(d, CKG.contentHash, Literal(hashlib.sha256(a.text.encode("utf-8")).hexdigest()))
        ex, tool = self.extraction, URIRef(extractor_iri(self.version))
        add(ex, RDF.type, CKG.Extraction)
        add(ex, PROV.used, d)
        add(ex, PROV.wasAssociatedWith, tool)
        add(ex, PROV.startedAtTime, Literal(self.now.isoformat(), datatype=XSD.dateTime))
        add(tool, RDF.type, CKG.Extractor)
        add(tool, SDO.name, Literal("conflict-kg ingest"))
        add(tool, SDO.softwareVersion, Literal(self.version))
        sentence, text = CKG.Sentence, a.text
        for s, (b, e) in zip(self._sentence_iris, self.doc.sentence_chars, strict=True):
            self._out += ((s, _RDF_TYPE, sentence), (s, _BEGIN, _int(b)), (s, _END, _int(e)),
                          (s, _ANCHOR, nt.literal(text[b:e])), (s, _CONTEXT, d))

    def mentions(self, policy: str = "all") -> None:
        """Mention nodes (see :data:`MENTIONS` for ``policy``). With "referenced", call this
        after the statements: it keeps the mentions of entities they point to."""
        if policy == "none":
            return
        used = {o for _s, _p, o in self._out} if policy != "all" else None
        refers = CKG.refersTo
        iri_of: dict[tuple[str, bool], Term] = {}
        for m in self.doc.ents.mentions:
            if not m.ref:
                continue
            if used is not None:
                key = (m.ref, m.is_place)
                target = iri_of.get(key)
                if target is None:
                    target = iri_of[key] = self._iri_of(m.ref, m.is_place)
                if target not in used:
                    continue
                if policy == "first":
                    used.discard(target)
            else:
                target = self.actor(m.ref) if not m.is_place else self.place(m.ref)
            self.add(self.span("mention", m.begin, m.end), refers, target)

    def _iri_of(self, ref: str, is_place: bool) -> Term:
        """The IRI ``actor``/``place`` give ``ref``, without describing it."""
        if is_place:
            return self.statement("place", ref[6:]) if ref.startswith("local:") else URIRef(ref)
        if ref.startswith("local:") or ref.startswith("position:"):
            return self.statement("actor", ref[6:] if ref.startswith("local:") else ref)
        return URIRef(ref)

    def _statement(self, iri: Term, cls: Term, spans: list[tuple[int, int]], confidence: float,
                   modality: str, attributed: str | None) -> None:
        add = self.add
        add(iri, RDF.type, cls)
        add(iri, CKG.document, self.doc_iri)
        for b, e in spans:
            add(iri, CKG.evidence, self.span("evidence", b, e))
        add(iri, CKG.confidence, _confidence(confidence))
        add(iri, CKG.modality, _MODALITIES[modality])
        add(iri, PROV.wasGeneratedBy, self.extraction)
        if attributed and modality != "Asserted":
            add(iri, PROV.wasAttributedTo, self.actor(attributed))

    # -- events --------------------------------------------------------------------------
    def event_iri(self, ev: EventRec) -> Term:
        b, e = ev.spans[0]
        return self.statement("event", ev.slug, b, e)

    def event(self, ev: EventRec, index) -> Term:
        iri = self.event_iri(ev)
        add = self.add
        slug = event_types.known(ev.slug)
        self._statement(iri, CKG.Event, ev.spans, ev.confidence, ev.modality, ev.attributed)
        add(iri, CKG.eventType, _event_type_node(slug))
        for p in ev.places:
            add(iri, SEM.hasPlace, self.place(p))
        if ev.places and ev.geo_precision:
            add(iri, CKG.geoPrecision, Literal(int(ev.geo_precision)))
        t = ev.time
        if t and t.earliest and t.latest and t.precision != "Unresolved":
            add(iri, SEM.hasEarliestBeginTimeStamp, Literal(t.earliest.isoformat(), datatype=XSD.date))
            add(iri, SEM.hasLatestEndTimeStamp, Literal(t.latest.isoformat(), datatype=XSD.date))
            add(iri, CKG.datePrecision, _PRECISIONS[t.precision])
        else:
            add(iri, CKG.datePrecision, CKG.Unresolved)
        if t and t.expression:
            add(iri, CKG.timeExpression, Literal(t.expression))
        roles = (("Agent", ev.agents), ("Target", ev.targets), ("Supporter", ev.supporters),
                 ("AirSupport", ev.air), ("Leader", ev.leaders), ("Victim", ev.victims))
        key = iri_value(iri).rsplit("/", 1)[-1]
        for role, refs in roles:
            for ref in refs:
                actor = self.actor(ref)
                add(iri, SEM.hasActor, actor)
                part = self.statement("role", key, role, iri_value(actor))
                add(iri, CKG.participation, part)
                add(part, RDF.type, CKG.Participation)
                add(part, SEM.roleType, CKG[role])
                add(part, CKG.participant, actor)
        c = ev.counts
        if "fatalities" in c:
            add(iri, CKG.fatalities, _nni(c["fatalities"]))
            if "fatalitiesLow" in c:
                add(iri, CKG.fatalitiesLow, _nni(min(c["fatalitiesLow"], c["fatalities"])))
            if "fatalitiesHigh" in c:
                add(iri, CKG.fatalitiesHigh, _nni(max(c["fatalitiesHigh"], c["fatalities"])))
            if c.get("fatalitiesQualifier") in _QUALIFIERS:
                add(iri, CKG.fatalitiesQualifier, _QUALIFIERS[c["fatalitiesQualifier"]])
        if "injured" in c:
            add(iri, CKG.injured, _nni(c["injured"]))
        if ev.destination:
            add(iri, CKG.destination, self.place(ev.destination))
        if ev.direction:
            add(iri, CKG.fromDirection, CKG[ev.direction])
        if ev.distance is not None:
            q = self.statement("quantity", key, "distance")
            add(iri, CKG.distance, q)
            add(q, RDF.type, CKG.Quantity)
            add(q, CKG.value, _dec(ev.distance.value))
            add(q, CKG.unit, CKG.Kilometre if ev.distance.kind == "km" else CKG.Metre)
            if ev.distance.qualifier in _QUALIFIERS:
                add(q, CKG.qualifier, _QUALIFIERS[ev.distance.qualifier])
        place_en = ""
        if ev.places and ev.places[0] in index.entities:
            place_en = index.entities[ev.places[0]].label_en
        when = t.earliest.isoformat() if t and t.earliest and t.precision == "Day" else (
            str(t.earliest.year) if t and t.earliest and t.precision == "Year" else "")
        label = event_types.label(slug).capitalize() + (f" at {place_en}" if place_en else "") + \
            (f", {when}" if when else "")
        add(iri, RDFS.label, Literal(label, lang="en"))
        return iri

    def control(self, cs: ControlRec) -> Term:
        iri = self.statement("control", cs.status, cs.controller, cs.place, cs.cue[0])
        add = self.add
        self._statement(iri, CKG.ControlState, cs.spans, cs.confidence, cs.modality, cs.attributed)
        add(iri, CKG.controller, self.actor(cs.controller))
        add(iri, CKG.controlledPlace, self.place(cs.place))
        add(iri, CKG.controlStatus, CKG[cs.status])
        if cs.share is not None:
            add(iri, CKG.sharePercent, _dec(cs.share))
        if cs.as_of:
            add(iri, CKG.asOf, Literal(cs.as_of.isoformat(), datatype=XSD.date))
        return iri

    def claim(self, n: int, c: Claim, content: list[Term]) -> Term:
        toks = self.doc.tokens
        b = toks[c.trigger[0]].begin
        iri = self.statement("claim", c.speech_act, c.speaker, b)
        e = max(toks[c.trigger[1] - 1].end, toks[c.speaker_tokens[1] - 1].end if c.speaker_tokens else 0,
                c.quote[1] if c.quote else 0)
        b = min(b, toks[c.speaker_tokens[0]].begin if c.speaker_tokens else b, c.quote[0] if c.quote else b)
        self._statement(iri, CKG.Claim, [(b, e)], 0.8 if c.speaker_tokens else 0.6, "Asserted", None)
        self.add(iri, CKG.speaker, self.actor(c.speaker))
        self.add(iri, CKG.speechAct, CKG[c.speech_act])
        if c.quote:
            self.add(iri, CKG.quote, self.span("evidence", *c.quote))
        for s in content:
            self.add(iri, CKG.claimContent, s)
        return iri


def build_ntriples(article: Article, doc: Doc, claims: list[Claim], events: list[EventRec],
                   controls: list[ControlRec], now: datetime, version: str, title: str | None,
                   mentions: str | None = None) -> NTriplesGraph:
    """The document's graph as N-Triples text (each triple once) from the extracted records.
    ``mentions``: which mention nodes to emit (default :data:`MENTIONS`)."""
    mentions = mentions or MENTIONS
    if mentions not in MENTION_POLICIES:
        raise ValueError(f"unknown mention policy {mentions!r}")
    gb = GraphBuilder(article, doc, now, version)
    gb._position_labels = {c.speaker: c.local_speaker[0] for c in claims if c.local_speaker}
    gb.document(title)
    if mentions == "all":
        gb.mentions("all")
    content: dict[int, list[Term]] = {}
    event_iris: dict[int, Term] = {}
    for ev in events:
        iri = gb.event(ev, doc.index)
        event_iris[id(ev)] = iri
        for ci in ev.claims:
            content.setdefault(ci, []).append(iri)
    for ev in events:
        for nxt in ev.followed_by:
            if id(nxt) in event_iris:
                gb.add(event_iris[id(ev)], CKG.followedBy, event_iris[id(nxt)])
        for p in ev.purpose:
            if id(p) in event_iris:
                gb.add(event_iris[id(ev)], CKG.purpose, event_iris[id(p)])
    for cs in controls:
        iri = gb.control(cs)
        for ci in cs.claims:
            content.setdefault(ci, []).append(iri)
    for n, c in enumerate(claims):
        gb.claim(n, c, content.get(n, []))
    if mentions != "all":
        gb.mentions(mentions)
    return gb.result()


def to_graph(triples: list) -> Graph:
    """An rdflib graph with the same content as ``triples`` (pyoxigraph triples)."""
    g = Graph(store="SimpleMemory", bind_namespaces="none")
    for t in triples:
        g.add((from_ox(t.subject), from_ox(t.predicate), from_ox(t.object)))
    return g
