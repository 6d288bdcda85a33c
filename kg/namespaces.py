"""RDF namespaces used by conflict-kg.

``CKG`` is a closed namespace generated from ``ontology/conflict.ttl``: a misspelt term
raises ``AttributeError`` at import time instead of silently producing a new IRI.
``tests/test_namespaces.py`` fails when this list and the ontology drift apart.
External vocabularies come from rdflib where it ships them; SEM and NIF are declared here,
closed, with only the terms this project uses.
"""

from __future__ import annotations

from rdflib import Namespace, URIRef
from rdflib.namespace import DCTERMS, GEO, OWL, PROV, RDF, RDFS, SDO, SKOS, XSD, DefinedNamespace

__all__ = [
    "BASE", "CKG", "DATA", "DCTERMS", "EVENT_TYPE", "GEO", "GRAPH", "NIF", "OWL", "PREFIXES", "PROV",
    "RDF", "RDFS", "SDO", "SEM", "SKOS", "WGS", "XSD",
]

BASE = "https://w3id.org/conflict-kg/"
#: Instance data: documents, events, actors, places (see kg.iris).
DATA = Namespace(BASE + "id/")
#: Concepts of the event-type scheme (ontology/event-types.ttl).
EVENT_TYPE = Namespace(BASE + "event-type/")
#: Names of the store's fixed named graphs (documents use their own IRI as graph name).
GRAPH = Namespace(BASE + "graph/")


class CKG(DefinedNamespace):
    """The conflict-kg ontology (ontology/conflict.ttl)."""

    _NS = Namespace("https://w3id.org/conflict-kg/ontology#")
    _fail = True

    Accusation: URIRef
    Actor: URIRef
    ActorKind: URIRef
    ActorKinds: URIRef
    Admin1: URIRef
    Admin2: URIRef
    Agent: URIRef
    AirSupport: URIRef
    Announced: URIRef
    Approximately: URIRef
    ArmedGroup: URIRef
    Asserted: URIRef
    AtLeast: URIRef
    AtMost: URIRef
    Besieged: URIRef
    Between: URIRef
    BorderCrossing: URIRef
    City: URIRef
    Civilians: URIRef
    Claim: URIRef
    Coalition: URIRef
    Confirmed: URIRef
    ControlState: URIRef
    ControlStatus: URIRef
    ControlStatuses: URIRef
    Country: URIRef
    DatePrecision: URIRef
    DatePrecisions: URIRef
    Day: URIRef
    Denial: URIRef
    Denied: URIRef
    Direction: URIRef
    Directions: URIRef
    Document: URIRef
    Dozens: URIRef
    East: URIRef
    Event: URIRef
    EventType: URIRef
    Evidence: URIRef
    Exact: URIRef
    Expected: URIRef
    Extraction: URIRef
    Extractor: URIRef
    Facility: URIRef
    FullControl: URIRef
    Government: URIRef
    HumanitarianOrganisation: URIRef
    InternationalOrganisation: URIRef
    Kilometre: URIRef
    Leader: URIRef
    Lost: URIRef
    Media: URIRef
    Mention: URIRef
    Metre: URIRef
    MilitaryUnit: URIRef
    Militia: URIRef
    Modalities: URIRef
    Modality: URIRef
    MonitoringGroup: URIRef
    Month: URIRef
    NationalityGroup: URIRef
    Negated: URIRef
    Neighbourhood: URIRef
    North: URIRef
    NorthEast: URIRef
    NorthWest: URIRef
    Official: URIRef
    Ongoing: URIRef
    PartialControl: URIRef
    Participation: URIRef
    People: URIRef
    Percent: URIRef
    Person: URIRef
    Place: URIRef
    PlaceKind: URIRef
    PlaceKinds: URIRef
    PoliticalParty: URIRef
    Presence: URIRef
    Promise: URIRef
    Promised: URIRef
    Qualifier: URIRef
    Qualifiers: URIRef
    Quantity: URIRef
    Range: URIRef
    Region: URIRef
    Reported: URIRef
    ReportedBy: URIRef
    River: URIRef
    RoleType: URIRef
    RoleTypes: URIRef
    Said: URIRef
    Sentence: URIRef
    South: URIRef
    SouthEast: URIRef
    SouthWest: URIRef
    SpeechAct: URIRef
    SpeechActs: URIRef
    State: URIRef
    StateForce: URIRef
    Statement: URIRef
    Stronghold: URIRef
    Supporter: URIRef
    Target: URIRef
    Threat: URIRef
    UnidentifiedActor: URIRef
    Unit: URIRef
    Units: URIRef
    Unresolved: URIRef
    Victim: URIRef
    Village: URIRef
    Week: URIRef
    West: URIRef
    Year: URIRef
    acledEventType: URIRef
    acledSubEventType: URIRef
    actorKind: URIRef
    alliedWith: URIRef
    asOf: URIRef
    cameoCode: URIRef
    claimContent: URIRef
    confidence: URIRef
    contentHash: URIRef
    controlStatus: URIRef
    controlledPlace: URIRef
    controller: URIRef
    country: URIRef
    datePrecision: URIRef
    destination: URIRef
    distance: URIRef
    document: URIRef
    eventType: URIRef
    evidence: URIRef
    fatalities: URIRef
    fatalitiesHigh: URIRef
    fatalitiesLow: URIRef
    fatalitiesQualifier: URIRef
    followedBy: URIRef
    fromDirection: URIRef
    geoPrecision: URIRef
    graphDigest: URIRef
    geonamesId: URIRef
    high: URIRef
    injured: URIRef
    iso3166: URIRef
    low: URIRef
    memberOf: URIRef
    modality: URIRef
    nationality: URIRef
    partOf: URIRef
    participant: URIRef
    participation: URIRef
    placeKind: URIRef
    ploverMode: URIRef
    ploverType: URIRef
    population: URIRef
    position: URIRef
    purpose: URIRef
    qualifier: URIRef
    quote: URIRef
    refersTo: URIRef
    sharePercent: URIRef
    speaker: URIRef
    speechAct: URIRef
    timeExpression: URIRef
    titleGenerated: URIRef
    unit: URIRef
    value: URIRef
    within: URIRef


class SEM(DefinedNamespace):
    """Simple Event Model, the terms this project uses."""

    _NS = Namespace("http://semanticweb.cs.vu.nl/2009/11/sem/")
    _fail = True

    Event: URIRef
    Actor: URIRef
    Place: URIRef
    Role: URIRef
    RoleType: URIRef
    eventType: URIRef
    hasActor: URIRef
    hasPlace: URIRef
    roleType: URIRef
    hasEarliestBeginTimeStamp: URIRef
    hasLatestEndTimeStamp: URIRef


class NIF(DefinedNamespace):
    """NLP Interchange Format core, the terms this project uses."""

    _NS = Namespace("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#")
    _fail = True

    Context: URIRef
    String: URIRef
    Sentence: URIRef
    Phrase: URIRef
    isString: URIRef
    beginIndex: URIRef
    endIndex: URIRef
    anchorOf: URIRef
    referenceContext: URIRef
    sentence: URIRef


class WGS(DefinedNamespace):
    """W3C Basic Geo (WGS84) vocabulary. rdflib's ``WGS`` uses an https IRI that no dataset
    uses, so the original http namespace is declared here."""

    _NS = Namespace("http://www.w3.org/2003/01/geo/wgs84_pos#")
    _fail = True

    lat: URIRef
    long: URIRef


#: Prefixes bound on every graph and used in exports and SPARQL prologues.
PREFIXES: dict[str, str] = {
    "ckg": str(CKG._NS),
    "ckgid": str(DATA),
    "ckget": str(EVENT_TYPE),
    "sem": str(SEM._NS),
    "nif": str(NIF._NS),
    "prov": str(PROV),
    "skos": str(SKOS),
    "geo": str(GEO),
    "wgs": str(WGS._NS),
    "schema": str(SDO),
    "owl": str(OWL),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "xsd": str(XSD),
    "dcterms": str(DCTERMS),
}
