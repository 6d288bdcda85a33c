"""Actors: states, forces, units, armed groups, officials, fighters named by nationality."""

from __future__ import annotations

import strawberry

from api.types.common import ActorKind, Labelled, Language, concept, pick_label
from api.types.place import Place
from kg.namespaces import CKG, RDF


@strawberry.type(description="An actor: a state, force, unit, armed group, person …")
class Actor(Labelled):
    @strawberry.field
    def kind(self) -> ActorKind | None:
        return concept(ActorKind, self.row.iri_of(str(CKG.actorKind)))

    @strawberry.field(description="True for a named person (ckg:Person).")
    def is_person(self) -> bool:
        return str(CKG.Person) in self.row.iris(str(RDF.type))

    @strawberry.field(description="Office or rank as written.")
    def position(self, lang: Language | None = Language.AR) -> str | None:
        return pick_label(self.row.all(str(CKG.position)), lang)

    @strawberry.field(description="The larger force or coalition it is part of (ckg:partOf).")
    async def part_of(self, info: strawberry.Info) -> list[Actor]:
        return [Actor.from_row(r) for r in await info.context.resources(self.row.iris(str(CKG.partOf)))]

    @strawberry.field(description="Units and members that are part of it (inverse ckg:partOf).")
    async def parts(self, info: strawberry.Info) -> list[Actor]:
        iris = await info.context.reverse(str(CKG.partOf)).load(self.row.iri)
        return [Actor.from_row(r) for r in await info.context.resources(iris)]

    @strawberry.field(description="Organisation a person belongs to (ckg:memberOf).")
    async def member_of(self, info: strawberry.Info) -> list[Actor]:
        return [Actor.from_row(r) for r in await info.context.resources(self.row.iris(str(CKG.memberOf)))]

    @strawberry.field(description="Allies, in either direction (ckg:alliedWith is symmetric).")
    async def allied_with(self, info: strawberry.Info) -> list[Actor]:
        back = await info.context.reverse(str(CKG.alliedWith)).load(self.row.iri)
        iris = list(dict.fromkeys(self.row.iris(str(CKG.alliedWith)) + back))
        return [Actor.from_row(r) for r in await info.context.resources(iris)]

    @strawberry.field
    async def country(self, info: strawberry.Info) -> Place | None:
        row = await info.context.resource(self.row.iri_of(str(CKG.country)))
        return Place.from_row(row) if row else None

    @strawberry.field(description="For forces named by nationality: the country.")
    async def nationality(self, info: strawberry.Info) -> Place | None:
        row = await info.context.resource(self.row.iri_of(str(CKG.nationality)))
        return Place.from_row(row) if row else None
