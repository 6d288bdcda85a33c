"""What events, claims and control states share: document, evidence, confidence, modality
and attribution (ckg:Statement)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import strawberry

from api.context import Resource
from api.types.common import Modality, Node, concept, parse_float
from api.types.evidence import Evidence, load_evidence, sort_evidence
from kg.namespaces import CKG, PROV

if TYPE_CHECKING:
    from api.types.actor import Actor
    from api.types.document import Document


_EVIDENCE = str(CKG.evidence)


@strawberry.interface(description="Anything read from a document, with its evidence.")
class Statement(Node):
    row: strawberry.Private[Resource]
    #: rows this statement links to, when its page loaded them up front (api.preload)
    linked: strawberry.Private[dict[str, Resource] | None] = None

    @strawberry.field
    def iri(self) -> str:
        return self.row.iri

    @strawberry.field(description="The extractor's confidence, 0 to 1.")
    def confidence(self) -> float | None:
        return parse_float(self.row.one(str(CKG.confidence)))

    @strawberry.field(description="Asserted by the article, reported by a speaker, denied, expected …")
    def modality(self) -> Modality | None:
        return concept(Modality, self.row.iri_of(str(CKG.modality)))

    @strawberry.field(description="The spans of text the statement was read from.")
    def evidence(self, info: strawberry.Info) -> list[Evidence]:
        iris = self.row.iris(_EVIDENCE)
        if self.linked is None:
            return load_evidence(info, iris)
        return sort_evidence(self.linked[i] for i in iris if i in self.linked)  # preloaded: no await

    @strawberry.field(description="Who the statement is attributed to (reported or denied statements).")
    async def attributed_to(self, info: strawberry.Info) -> list[Annotated[Actor, strawberry.lazy("api.types.actor")]]:
        from api.types.actor import Actor

        rows = await info.context.resources(self.row.iris(str(PROV.wasAttributedTo)))
        return [Actor.from_row(r) for r in rows]

    @strawberry.field
    async def document(
        self, info: strawberry.Info
    ) -> Annotated[Document, strawberry.lazy("api.types.document")] | None:
        from api.types.document import Document

        row = await info.context.resource(self.row.iri_of(str(CKG.document)))
        return Document.from_row(row) if row else None
