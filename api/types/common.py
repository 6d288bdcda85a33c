"""Shared GraphQL pieces: the Node interface, connections and cursors, language-tagged
labels, and the enums for the ontology's controlled values (SKOS concepts)."""

from __future__ import annotations

import base64
import binascii
import datetime as dt
from enum import Enum
from typing import Generic, TypeVar

import strawberry

from api.context import Resource
from kg.errors import InvalidInput
from kg.namespaces import CKG, SKOS

PREF_LABEL = str(SKOS.prefLabel)
ALT_LABEL = str(SKOS.altLabel)
_CKG = str(CKG._NS)

T = TypeVar("T")


@strawberry.enum(description="Language of a label; names fall back to the other language.")
class Language(Enum):
    AR = "ar"
    EN = "en"


@strawberry.type(description="A text with its language tag.")
class LocalizedText:
    value: str
    lang: str


def pick_label(terms: list, lang: Language | None) -> str | None:
    """The label in ``lang``, else Arabic, else English, else any."""
    wanted = [lang.value] if lang else []
    for code in [*wanted, "ar", "en", ""]:
        for t in terms:
            if (getattr(t, "language", None) or "") == code:
                return t.value
    return terms[0].value if terms else None


def localized(terms: list) -> list[LocalizedText]:
    return [LocalizedText(value=t.value, lang=getattr(t, "language", None) or "") for t in terms]


@strawberry.interface(description="An object with a global id: its IRI, which node(id:) fetches again.")
class Node:
    id: strawberry.ID = strawberry.field(description="Global id: the resource's IRI.")


@strawberry.interface(description="A resource with preferred and alternative labels in Arabic and English.")
class Labelled(Node):
    row: strawberry.Private[Resource]

    @classmethod
    def from_row(cls, row: Resource):
        return cls(id=strawberry.ID(row.iri), row=row)

    @strawberry.field
    def iri(self) -> str:
        return self.row.iri

    @strawberry.field(description="Preferred name in `lang`, falling back to Arabic, then English.")
    def name(self, lang: Language | None = Language.AR) -> str | None:
        return pick_label(self.row.all(PREF_LABEL), lang)

    @strawberry.field
    def names(self) -> list[LocalizedText]:
        return localized(self.row.all(PREF_LABEL))

    @strawberry.field
    def alt_names(self) -> list[LocalizedText]:
        return localized(self.row.all(ALT_LABEL))


@strawberry.type
class PageInfo:
    has_next_page: bool
    has_previous_page: bool
    start_cursor: str | None
    end_cursor: str | None


@strawberry.type
class Edge(Generic[T]):
    cursor: str
    node: T


@strawberry.type(description="A page of results (Relay cursor connection).")
class Connection(Generic[T]):
    edges: list[Edge[T]]
    page_info: PageInfo
    total_count_value: strawberry.Private[object] = None

    @strawberry.field(description="Number of results across all pages (costs one extra query).")
    async def total_count(self) -> int:
        value = self.total_count_value
        if callable(value):
            value = await value()
        return int(value or 0)


def encode_cursor(offset: int) -> str:
    return base64.urlsafe_b64encode(f"ckg:{offset}".encode()).decode().rstrip("=")


def decode_cursor(cursor: str | None) -> int:
    if cursor is None:
        return 0
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode("ascii")
        tag, _, number = raw.partition(":")
        if tag != "ckg" or not number.isdigit() or len(number) > 9:
            raise ValueError
        return int(number)
    except (ValueError, binascii.Error, UnicodeDecodeError):
        raise InvalidInput(f"invalid cursor {cursor[:40]!r}: use a cursor from pageInfo") from None


def page(items: list, offset: int, first: int, total=None, *, has_next: bool | None = None) -> Connection:
    """Build a connection from up to first+1 items fetched from ``offset`` (or, with
    ``has_next``, from the items shown and whether more follow)."""
    if has_next is None:
        has_next = len(items) > first
    items = items[:first]
    edges = [Edge(cursor=encode_cursor(offset + i + 1), node=n) for i, n in enumerate(items)]
    return Connection(
        edges=edges,
        page_info=PageInfo(
            has_next_page=has_next,
            has_previous_page=offset > 0,
            start_cursor=edges[0].cursor if edges else None,
            end_cursor=edges[-1].cursor if edges else None,
        ),
        total_count_value=total,
    )


def parse_date(term) -> dt.date | None:
    if term is None:
        return None
    try:
        return dt.date.fromisoformat(term.value[:10])
    except ValueError:
        return None


def parse_float(term) -> float | None:
    if term is None:
        return None
    try:
        return float(term.value)
    except ValueError:
        return None


def parse_int(term) -> int | None:
    if term is None:
        return None
    try:
        return int(term.value)
    except ValueError:
        return None


def concept(enum_cls, iri: str | None):
    """The enum member for a ckg: concept IRI (member value = local name), else None."""
    if not iri or not iri.startswith(_CKG):
        return None
    try:
        return enum_cls(iri[len(_CKG) :])
    except ValueError:
        return None


def concept_iri(member) -> str:
    return _CKG + member.value


@strawberry.enum
class Modality(Enum):
    ASSERTED = "Asserted"
    REPORTED = "Reported"
    DENIED = "Denied"
    EXPECTED = "Expected"
    PROMISED = "Promised"
    NEGATED = "Negated"
    ONGOING = "Ongoing"


@strawberry.enum
class DatePrecision(Enum):
    DAY = "Day"
    WEEK = "Week"
    MONTH = "Month"
    YEAR = "Year"
    RANGE = "Range"
    UNRESOLVED = "Unresolved"


@strawberry.enum
class RoleType(Enum):
    AGENT = "Agent"
    TARGET = "Target"
    SUPPORTER = "Supporter"
    AIR_SUPPORT = "AirSupport"
    LEADER = "Leader"
    VICTIM = "Victim"


@strawberry.enum
class ActorKind(Enum):
    STATE = "State"
    STATE_FORCE = "StateForce"
    MILITARY_UNIT = "MilitaryUnit"
    ARMED_GROUP = "ArmedGroup"
    MILITIA = "Militia"
    COALITION = "Coalition"
    GOVERNMENT = "Government"
    POLITICAL_PARTY = "PoliticalParty"
    MONITORING_GROUP = "MonitoringGroup"
    HUMANITARIAN_ORGANISATION = "HumanitarianOrganisation"
    INTERNATIONAL_ORGANISATION = "InternationalOrganisation"
    MEDIA = "Media"
    OFFICIAL = "Official"
    CIVILIANS = "Civilians"
    NATIONALITY_GROUP = "NationalityGroup"
    UNIDENTIFIED_ACTOR = "UnidentifiedActor"


@strawberry.enum
class PlaceKind(Enum):
    COUNTRY = "Country"
    ADMIN1 = "Admin1"
    ADMIN2 = "Admin2"
    CITY = "City"
    VILLAGE = "Village"
    NEIGHBOURHOOD = "Neighbourhood"
    REGION = "Region"
    RIVER = "River"
    BORDER_CROSSING = "BorderCrossing"
    FACILITY = "Facility"


@strawberry.enum
class ControlStatus(Enum):
    FULL_CONTROL = "FullControl"
    PARTIAL_CONTROL = "PartialControl"
    PRESENCE = "Presence"
    STRONGHOLD = "Stronghold"
    LOST = "Lost"
    BESIEGED = "Besieged"


@strawberry.enum
class SpeechAct(Enum):
    SAID = "Said"
    CONFIRMED = "Confirmed"
    ANNOUNCED = "Announced"
    REPORTED_BY = "ReportedBy"
    DENIAL = "Denial"
    PROMISE = "Promise"
    THREAT = "Threat"
    ACCUSATION = "Accusation"


@strawberry.enum
class Qualifier(Enum):
    EXACT = "Exact"
    AT_LEAST = "AtLeast"
    AT_MOST = "AtMost"
    APPROXIMATELY = "Approximately"
    BETWEEN = "Between"
    DOZENS = "Dozens"


@strawberry.enum
class Unit(Enum):
    KILOMETRE = "Kilometre"
    METRE = "Metre"
    PERCENT = "Percent"
    PEOPLE = "People"


@strawberry.enum
class Direction(Enum):
    NORTH = "North"
    SOUTH = "South"
    EAST = "East"
    WEST = "West"
    NORTH_EAST = "NorthEast"
    NORTH_WEST = "NorthWest"
    SOUTH_EAST = "SouthEast"
    SOUTH_WEST = "SouthWest"
