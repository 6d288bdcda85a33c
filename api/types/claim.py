"""Claims: a speaker said, confirmed, announced, denied or promised something. What was
claimed (an event or a control state) is never asserted as plain fact."""

from __future__ import annotations

from typing import Annotated

import strawberry

from api.context import Resource
from api.types.actor import Actor
from api.types.common import SpeechAct, concept
from api.types.control_state import ControlState
from api.types.event import Event
from api.types.evidence import Evidence, load_evidence
from api.types.statement import Statement
from kg.namespaces import CKG, RDF

ClaimContent = Annotated[Event | ControlState, strawberry.union("ClaimContent")]


@strawberry.type(description="A reported speech act and what it is about.")
class Claim(Statement):
    @classmethod
    def from_row(cls, row: Resource) -> Claim:
        return cls(id=strawberry.ID(row.iri), row=row)

    @strawberry.field
    async def speaker(self, info: strawberry.Info) -> Actor | None:
        row = await info.context.resource(self.row.iri_of(str(CKG.speaker)))
        return Actor.from_row(row) if row else None

    @strawberry.field
    def speech_act(self) -> SpeechAct | None:
        return concept(SpeechAct, self.row.iri_of(str(CKG.speechAct)))

    @strawberry.field(description="The quoted or reported words, as spans.")
    async def quote(self, info: strawberry.Info) -> list[Evidence]:
        return await load_evidence(info, self.row.iris(str(CKG.quote)))

    @strawberry.field(description="What was claimed: events or control states.")
    async def content(self, info: strawberry.Info) -> list[ClaimContent]:
        out: list = []
        for row in await info.context.resources(self.row.iris(str(CKG.claimContent))):
            types = row.iris(str(RDF.type))
            if str(CKG.Event) in types:
                out.append(Event.from_row(row))
            elif str(CKG.ControlState) in types:
                out.append(ControlState.from_row(row))
        return out
