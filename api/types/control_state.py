"""Control states: who holds (a share of) which place, as of when."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Annotated

import strawberry

from api.context import Resource
from api.types.actor import Actor
from api.types.common import ControlStatus, concept, parse_date, parse_float
from api.types.place import Place
from api.types.statement import Statement
from kg.namespaces import CKG

if TYPE_CHECKING:
    from api.types.claim import Claim


@strawberry.type(description="Who holds (a share of) which place, as of when.")
class ControlState(Statement):
    @classmethod
    def from_row(cls, row: Resource) -> ControlState:
        return cls(id=strawberry.ID(row.iri), row=row)

    @strawberry.field
    async def controller(self, info: strawberry.Info) -> Actor | None:
        row = await info.context.resource(self.row.iri_of(str(CKG.controller)))
        return Actor.from_row(row) if row else None

    @strawberry.field
    async def place(self, info: strawberry.Info) -> Place | None:
        row = await info.context.resource(self.row.iri_of(str(CKG.controlledPlace)))
        return Place.from_row(row) if row else None

    @strawberry.field
    def status(self) -> ControlStatus | None:
        return concept(ControlStatus, self.row.iri_of(str(CKG.controlStatus)))

    @strawberry.field(description="Share of the place held, 0 to 100.")
    def share_percent(self) -> float | None:
        return parse_float(self.row.one(str(CKG.sharePercent)))

    @strawberry.field
    def as_of(self) -> dt.date | None:
        return parse_date(self.row.one(str(CKG.asOf)))

    @strawberry.field(description="Claims whose content is this control state.")
    async def claims(self, info: strawberry.Info) -> list[Annotated[Claim, strawberry.lazy("api.types.claim")]]:
        from api.types.claim import Claim

        iris = await info.context.reverse(str(CKG.claimContent)).load(self.row.iri)
        return [Claim.from_row(r) for r in await info.context.resources(iris)]
