"""Mutation inputs and results. Expected failures are union members, not errors."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import strawberry

from api.types.document import Document
from api.types.event import Event
from api.types.validation import ValidationReport


@strawberry.input(description="An article to ingest.")
class ArticleInput:
    text: str
    id: str | None = strawberry.field(default=None, description="Document id; derived from the text if absent.")
    title: str | None = None
    published: dt.date | None = None
    publisher: str | None = None
    url: str | None = None
    language: str | None = "ar"


@strawberry.type(description="The article was read, conformed to the shapes and is stored.")
class IngestSuccess:
    document: Document | None
    events: list[Event]
    validation: ValidationReport | None


@strawberry.type(description="The extracted graph did not conform to the shapes; nothing was stored.")
class ValidationFailed:
    report: ValidationReport


@strawberry.type(description="The input cannot be used.")
class InvalidInput:
    message: str


@strawberry.type(description="The caller may not do this (no or wrong write token, or writes disabled).")
class Forbidden:
    message: str


@strawberry.type
class NotFound:
    message: str


@strawberry.type
class DocumentDeleted:
    id: strawberry.ID
    doc_id: str


IngestResult = Annotated[IngestSuccess | ValidationFailed | InvalidInput | Forbidden, strawberry.union("IngestResult")]
DeleteResult = Annotated[DocumentDeleted | NotFound | InvalidInput | Forbidden, strawberry.union("DeleteResult")]
ValidationResult = Annotated[ValidationReport | NotFound | InvalidInput, strawberry.union("ValidationResult")]
