"""Places: gazetteer entries with kind, coordinates and the administrative chain."""

from __future__ import annotations

import strawberry

from api.types.common import Labelled, PlaceKind, concept, parse_float
from kg.namespaces import CKG, GEO, OWL, WGS


@strawberry.type(description="A place: a country, governorate, city, village, region, river …")
class Place(Labelled):
    @strawberry.field
    def kind(self) -> PlaceKind | None:
        return concept(PlaceKind, self.row.iri_of(str(CKG.placeKind)))

    @strawberry.field(description="WGS84 latitude.")
    def lat(self) -> float | None:
        return parse_float(self.row.one(str(WGS.lat)))

    @strawberry.field(description="WGS84 longitude.")
    def long(self) -> float | None:
        return parse_float(self.row.one(str(WGS.long)))

    @strawberry.field(description="GeoSPARQL geometry as WKT, when known.")
    async def wkt(self, info: strawberry.Info) -> str | None:
        geometry = await info.context.resource(self.row.iri_of(str(GEO.hasGeometry)))
        return geometry.value(str(GEO.asWKT)) if geometry else None

    @strawberry.field
    def geonames_id(self) -> str | None:
        return self.row.value(str(CKG.geonamesId))

    @strawberry.field(description="Identity links (owl:sameAs): GeoNames, Wikidata …")
    def same_as(self) -> list[str]:
        return self.row.iris(str(OWL.sameAs))

    @strawberry.field(description="The next larger unit(s) (ckg:within).")
    async def within(self, info: strawberry.Info) -> list[Place]:
        return [Place.from_row(r) for r in await info.context.resources(self.row.iris(str(CKG.within)))]

    @strawberry.field(description="Every larger unit, nearest first (ckg:within+): governorate, country …")
    async def within_chain(self, info: strawberry.Info) -> list[Place]:
        ancestors = await info.context.closure(str(CKG.within)).load(self.row.iri)
        rows = {r.iri: r for r in await info.context.resources(ancestors)}
        chain, current, seen = [], self.row, {self.row.iri}
        while True:
            nxt = [i for i in current.iris(str(CKG.within)) if i in rows and i not in seen]
            if not nxt:
                break
            current = rows[nxt[0]]
            seen.add(current.iri)
            chain.append(Place.from_row(current))
        chain += [Place.from_row(r) for i, r in rows.items() if i not in seen]
        return chain

    @strawberry.field(description="The governorate/province it lies in (first Admin1 up the chain).")
    async def governorate(self, info: strawberry.Info) -> Place | None:
        for p in await self.within_chain(info):
            if p.kind() is PlaceKind.ADMIN1:
                return p
        return None

    @strawberry.field(description="The country it lies in.")
    async def country(self, info: strawberry.Info) -> Place | None:
        row = await info.context.resource(self.row.iri_of(str(CKG.country)))
        if row:
            return Place.from_row(row)
        for p in await self.within_chain(info):
            if p.kind() is PlaceKind.COUNTRY:
                return p
        return None
