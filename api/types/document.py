"""Documents: news articles with their text, metadata and what was read from them."""

from __future__ import annotations

import datetime as dt

import strawberry

from api.context import Resource
from api.types.common import Language, LocalizedText, Node, localized, parse_date, pick_label
from kg.iris import doc_id_of
from kg.namespaces import CKG, NIF, SDO


@strawberry.type(description="A news article (ckg:Document); its graph holds everything read from it.")
class Document(Node):
    row: strawberry.Private[Resource]

    @classmethod
    def from_row(cls, row: Resource) -> Document:
        return cls(id=strawberry.ID(row.iri), row=row)

    @strawberry.field
    def iri(self) -> str:
        return self.row.iri

    @strawberry.field(description="The document id (also the last part of its IRI).")
    def doc_id(self) -> str:
        return self.row.value(str(SDO.identifier)) or doc_id_of(self.row.iri) or ""

    @strawberry.field
    def headline(self, lang: Language | None = Language.AR) -> str | None:
        return pick_label(self.row.all(str(SDO.headline)), lang)

    @strawberry.field
    def headlines(self) -> list[LocalizedText]:
        return localized(self.row.all(str(SDO.headline)))

    @strawberry.field(description="True when the headline was made by the ingest, not the publisher.")
    def title_generated(self) -> bool | None:
        value = self.row.value(str(CKG.titleGenerated))
        return None if value is None else value == "true"

    @strawberry.field(description="The original text; evidence offsets index into it.")
    def text(self) -> str | None:
        return self.row.value(str(NIF.isString))

    @strawberry.field
    def language(self) -> str | None:
        return self.row.value(str(SDO.inLanguage))

    @strawberry.field
    def published(self) -> dt.date | None:
        return parse_date(self.row.one(str(SDO.datePublished)))

    @strawberry.field
    def url(self) -> str | None:
        return self.row.value(str(SDO.url))

    @strawberry.field
    def content_hash(self) -> str | None:
        return self.row.value(str(CKG.contentHash))

    @strawberry.field(description="The publisher's name.")
    async def publisher(self, info: strawberry.Info) -> str | None:
        row = await info.context.resource(self.row.iri_of(str(SDO.publisher)))
        return pick_label(row.all(str(SDO.name)), None) if row else None
