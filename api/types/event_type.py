"""Event types: the SKOS scheme with its ACLED, PLOVER and CAMEO mappings."""

from __future__ import annotations

import strawberry

from api.types.common import Labelled, Language, pick_label
from kg.namespaces import CKG, EVENT_TYPE, SKOS


@strawberry.type(description="A concept of the event-type scheme, mapped to ACLED, PLOVER and CAMEO.")
class EventType(Labelled):
    @strawberry.field(description="The concept's key, e.g. `air-strike`.")
    def slug(self) -> str:
        return self.row.iri.removeprefix(str(EVENT_TYPE))

    @strawberry.field
    def name(self, lang: Language | None = Language.EN) -> str | None:
        return pick_label(self.row.all(str(SKOS.prefLabel)), lang)

    @strawberry.field
    def definition(self, lang: Language | None = Language.EN) -> str | None:
        return pick_label(self.row.all(str(SKOS.definition)), lang)

    @strawberry.field
    def acled_event_type(self) -> str | None:
        return self.row.value(str(CKG.acledEventType))

    @strawberry.field
    def acled_sub_event_type(self) -> str | None:
        return self.row.value(str(CKG.acledSubEventType))

    @strawberry.field
    def plover_type(self) -> str | None:
        return self.row.value(str(CKG.ploverType))

    @strawberry.field
    def plover_mode(self) -> str | None:
        return self.row.value(str(CKG.ploverMode))

    @strawberry.field(description="CAMEO root code, 01-20.")
    def cameo_code(self) -> str | None:
        return self.row.value(str(CKG.cameoCode))

    @strawberry.field
    async def broader(self, info: strawberry.Info) -> EventType | None:
        row = await info.context.resource(self.row.iri_of(str(SKOS.broader)))
        return EventType.from_row(row) if row else None

    @strawberry.field
    async def narrower(self, info: strawberry.Info) -> list[EventType]:
        iris = await info.context.reverse(str(SKOS.broader)).load(self.row.iri)
        return [EventType.from_row(r) for r in await info.context.resources(iris)]
