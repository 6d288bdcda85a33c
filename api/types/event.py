"""Events: what happened, where, when, who took part in which role, and how many died."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Annotated

import strawberry

from api.context import Resource
from api.types.actor import Actor
from api.types.common import (
    DatePrecision,
    Direction,
    Qualifier,
    RoleType,
    Unit,
    concept,
    parse_date,
    parse_float,
    parse_int,
)
from api.types.event_type import EventType
from api.types.place import Place
from api.types.statement import Statement
from kg.namespaces import CKG, SEM

if TYPE_CHECKING:
    from api.types.claim import Claim


@strawberry.type(description="An actor taking part in an event in a role.")
class Participant:
    role: RoleType | None
    actor: Actor


@strawberry.type(description="A number read from text, with its unit and qualifier ('at least').")
class Quantity:
    value: float | None
    low: float | None
    high: float | None
    unit: Unit | None
    qualifier: Qualifier | None

    @classmethod
    def from_row(cls, row: Resource) -> Quantity:
        return cls(
            value=parse_float(row.one(str(CKG.value))),
            low=parse_float(row.one(str(CKG.low))),
            high=parse_float(row.one(str(CKG.high))),
            unit=concept(Unit, row.iri_of(str(CKG.unit))),
            qualifier=concept(Qualifier, row.iri_of(str(CKG.qualifier))),
        )


@strawberry.type(description="People killed: best estimate with an optional range.")
class Fatalities:
    best: int | None
    low: int | None
    high: int | None
    qualifier: Qualifier | None


_TYPE, _BEGIN, _PLACE = str(CKG.eventType), str(SEM.hasEarliestBeginTimeStamp), str(SEM.hasPlace)
_PARTICIPATION, _PARTICIPANT, _ROLE = str(CKG.participation), str(CKG.participant), str(SEM.roleType)
_ROLE_ORDER = {role: i for i, role in enumerate(RoleType)}


@strawberry.type(description="An event reported in a document.")
class Event(Statement):
    @classmethod
    def from_row(cls, row: Resource, linked: dict[str, Resource] | None = None) -> Event:
        """``linked``: the rows it links to, when its page loaded them (api.preload); its
        type, places, participants and evidence then resolve without an await."""
        return cls(id=strawberry.ID(row.iri), row=row, linked=linked)

    @strawberry.field
    def type(self, info: strawberry.Info) -> EventType | None:
        iri = self.row.iri_of(_TYPE)
        if self.linked is None:
            return self._type(info, iri)
        row = self.linked.get(iri) if iri else None
        return EventType.from_row(row) if row else None

    async def _type(self, info, iri):
        row = await info.context.resource(iri)
        return EventType.from_row(row) if row else None

    @strawberry.field(description="Earliest possible day (sem:hasEarliestBeginTimeStamp).")
    def date(self) -> dt.date | None:
        return parse_date(self.row.one(_BEGIN))

    @strawberry.field(description="Latest possible day (sem:hasLatestEndTimeStamp).")
    def date_end(self) -> dt.date | None:
        return parse_date(self.row.one(str(SEM.hasLatestEndTimeStamp)))

    @strawberry.field
    def date_precision(self) -> DatePrecision | None:
        return concept(DatePrecision, self.row.iri_of(str(CKG.datePrecision)))

    @strawberry.field(description="The words the date was read from.")
    def time_expression(self) -> str | None:
        return self.row.value(str(CKG.timeExpression))

    @strawberry.field(description="ACLED geo_precision: 1 town, 2 near/part of a town, 3 region.")
    def geo_precision(self) -> int | None:
        return parse_int(self.row.one(str(CKG.geoPrecision)))

    @strawberry.field
    def places(self, info: strawberry.Info) -> list[Place]:
        iris = self.row.iris(_PLACE)
        if self.linked is None:
            return self._places(info, iris)
        return [Place.from_row(self.linked[i]) for i in iris if i in self.linked]

    async def _places(self, info, iris):
        return [Place.from_row(r) for r in await info.context.resources(iris)]

    @strawberry.field(description="Actors with their roles (agent, target, supporting force …).")
    def participants(self, info: strawberry.Info) -> list[Participant]:
        linked = self.linked
        if linked is None:
            return self._participants_async(info)
        roles = [linked[i] for i in self.row.iris(_PARTICIPATION) if i in linked]
        return self._participants(roles, linked)

    async def _participants_async(self, info) -> list[Participant]:
        roles = await info.context.resources(self.row.iris(_PARTICIPATION))
        actors = {
            r.iri: r for r in await info.context.resources([a for a in (r.iri_of(_PARTICIPANT) for r in roles) if a])
        }
        return self._participants(roles, actors)

    @staticmethod
    def _participants(roles, actors) -> list[Participant]:
        out = []
        for r in roles:
            actor = actors.get(r.iri_of(_PARTICIPANT))
            if actor:
                out.append(Participant(role=concept(RoleType, r.iri_of(_ROLE)), actor=Actor.from_row(actor)))
        return sorted(out, key=lambda p: (_ROLE_ORDER.get(p.role, 99), p.actor.row.iri))

    @strawberry.field(description="Every actor involved (sem:hasActor).")
    async def actors(self, info: strawberry.Info) -> list[Actor]:
        return [Actor.from_row(r) for r in await info.context.resources(self.row.iris(str(SEM.hasActor)))]

    @strawberry.field
    def fatalities(self) -> Fatalities | None:
        best, low, high = (
            parse_int(self.row.one(str(p))) for p in (CKG.fatalities, CKG.fatalitiesLow, CKG.fatalitiesHigh)
        )
        if best is None and low is None and high is None:
            return None
        return Fatalities(
            best=best,
            low=low,
            high=high,
            qualifier=concept(Qualifier, self.row.iri_of(str(CKG.fatalitiesQualifier))),
        )

    @strawberry.field
    def injured(self) -> int | None:
        return parse_int(self.row.one(str(CKG.injured)))

    @strawberry.field(description="Where a movement or advance is heading.")
    async def destination(self, info: strawberry.Info) -> list[Place]:
        return [Place.from_row(r) for r in await info.context.resources(self.row.iris(str(CKG.destination)))]

    @strawberry.field
    def from_direction(self) -> Direction | None:
        return concept(Direction, self.row.iri_of(str(CKG.fromDirection)))

    @strawberry.field(description="Distance still to cover (or covered).")
    async def distance(self, info: strawberry.Info) -> Quantity | None:
        row = await info.context.resource(self.row.iri_of(str(CKG.distance)))
        return Quantity.from_row(row) if row else None

    @strawberry.field(description="Events that followed this one.")
    async def followed_by(self, info: strawberry.Info) -> list[Event]:
        return [Event.from_row(r) for r in await info.context.resources(self.row.iris(str(CKG.followedBy)))]

    @strawberry.field(description="Events this one followed (inverse of followedBy).")
    async def preceded_by(self, info: strawberry.Info) -> list[Event]:
        iris = await info.context.reverse(str(CKG.followedBy)).load(self.row.iri)
        return [Event.from_row(r) for r in await info.context.resources(iris)]

    @strawberry.field(description="What this event was carried out to bring about.")
    async def purpose(self, info: strawberry.Info) -> list[Event]:
        return [Event.from_row(r) for r in await info.context.resources(self.row.iris(str(CKG.purpose)))]

    @strawberry.field(description="Claims whose content is this event: who said, confirmed or denied it.")
    async def claims(self, info: strawberry.Info) -> list[Annotated[Claim, strawberry.lazy("api.types.claim")]]:
        from api.types.claim import Claim

        iris = await info.context.reverse(str(CKG.claimContent)).load(self.row.iri)
        return [Claim.from_row(r) for r in await info.context.resources(iris)]
