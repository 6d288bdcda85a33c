"""Search hits: a label that matched, and what it names."""

from __future__ import annotations

from enum import Enum
from typing import Annotated

import strawberry

from api.types.actor import Actor
from api.types.document import Document
from api.types.event_type import EventType
from api.types.place import Place


@strawberry.enum
class SearchKind(Enum):
    ACTOR = "actor"
    PLACE = "place"
    EVENT_TYPE = "event_type"
    DOCUMENT = "document"


@strawberry.type(description="A resource whose label matched the search.")
class SearchHit:
    iri: str
    kind: SearchKind
    matched_label: str
    lang: str
    score: float
    node: Annotated[Actor | Place | EventType | Document, strawberry.union("SearchTarget")] | None = None
