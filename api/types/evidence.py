"""Evidence: the span of a sentence a statement was read from (NIF)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Annotated

import strawberry

from api.context import Resource
from api.types.common import parse_int
from kg.namespaces import NIF

if TYPE_CHECKING:
    from api.types.document import Document


_BEGIN, _END, _ANCHOR = str(NIF.beginIndex), str(NIF.endIndex), str(NIF.anchorOf)


@strawberry.type(description="A span of a document's text: begin/end are code-point offsets, end exclusive.")
class Evidence:
    row: strawberry.Private[Resource]
    iri: str
    start: int | None
    end: int | None
    anchor_text: str | None

    @classmethod
    def from_row(cls, row: Resource) -> Evidence:
        return cls(
            row=row,
            iri=row.iri,
            start=parse_int(row.one(_BEGIN)),
            end=parse_int(row.one(_END)),
            anchor_text=row.value(_ANCHOR),
        )

    @strawberry.field(description="The document the span lies in.")
    async def document(
        self, info: strawberry.Info
    ) -> Annotated[Document, strawberry.lazy("api.types.document")] | None:
        from api.types.document import Document

        row = await info.context.resource(self.row.iri_of(str(NIF.referenceContext)))
        return Document.from_row(row) if row else None

    @strawberry.field(description="The text of the whole sentence the span lies in.")
    async def sentence(self, info: strawberry.Info) -> str | None:
        row = await info.context.resource(self.row.iri_of(str(NIF.sentence)))
        return row.value(str(NIF.anchorOf)) if row else None

    @strawberry.field(description="Where the sentence starts in the document (code points).")
    async def sentence_start(self, info: strawberry.Info) -> int | None:
        row = await info.context.resource(self.row.iri_of(str(NIF.sentence)))
        return parse_int(row.one(str(NIF.beginIndex))) if row else None


def sort_evidence(rows: Iterable[Resource]) -> list[Evidence]:
    """In text order."""
    return sorted((Evidence.from_row(r) for r in rows), key=lambda e: (e.start or 0, e.iri))


async def load_evidence(info, iris: list[str]) -> list[Evidence]:
    return sort_evidence(await info.context.resources(iris))
