"""What the API needs from the outside world, as types it owns.

The API never imports the ingest pipeline. ``ckg serve`` passes ``create_app`` a callable
that satisfies :class:`Ingest`; it takes the article as a plain dict (the GraphQL input,
see :data:`ARTICLE_FIELDS`) and returns one of the :data:`IngestOutcome` dataclasses. The
callable does extraction, SHACL validation and storage itself; it is called in a worker
thread, so it may block.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol

#: Keys of the article dict the ingest callable receives (None when not given).
ARTICLE_FIELDS = ("id", "text", "title", "published", "publisher", "url", "language")


@dataclass(frozen=True)
class Ingested:
    """The document was extracted, conformed to the shapes and is stored."""

    doc_id: str
    events: list[str] = field(default_factory=list)  # event IRIs
    report: Any = None  # kg.validation.Report (conforms)
    kind: str = "ingested"


@dataclass(frozen=True)
class ValidationFailed:
    """The extracted graph did not conform; nothing was stored."""

    report: Any  # kg.validation.Report
    kind: str = "validation_failed"


@dataclass(frozen=True)
class InvalidInput:
    """The article itself is unusable (empty text, bad id, bad date …)."""

    message: str
    kind: str = "invalid_input"


IngestOutcome = Ingested | ValidationFailed | InvalidInput


class Ingest(Protocol):
    def __call__(self, article_input: dict[str, Any]) -> IngestOutcome: ...
