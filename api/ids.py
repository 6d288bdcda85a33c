"""Turning the ids callers send into IRIs, only through :mod:`kg.iris`.

An id may be a full IRI (``https://w3id.org/conflict-kg/id/place/raqqa``), the path under
``…/id/`` (``place/raqqa``, ``doc/abc/event/k``), or, where the kind is known from the
field, just the key (``raqqa`` for a place, ``abc`` for a document). Every accepted id is
re-minted by a :mod:`kg.iris` function, so the resulting IRI has the project's layout and
character set; anything else raises :class:`kg.errors.InvalidInput`.
"""

from __future__ import annotations

import re

import pyoxigraph as ox

from kg import iris
from kg.errors import InvalidInput
from kg.namespaces import DATA, EVENT_TYPE

_DATA = str(DATA)
_EVENT_TYPE = str(EVENT_TYPE)
_HEX16 = re.compile(r"[0-9a-f]{16}")  # kg.iris.stable_key


def _bad(value: str, what: str) -> InvalidInput:
    shown = value if len(value) <= 80 else value[:77] + "..."
    return InvalidInput(f"invalid {what} id {shown!r}")


def _mint(path: str, original: str, what: str) -> str:
    parts = path.split("/")
    try:
        if parts[0] == "doc" and len(parts) == 2:
            return str(iris.document_iri(parts[1]))
        if parts[0] == "doc" and len(parts) == 4:
            return str(iris.statement_iri(parts[1], parts[2], parts[3]))
        if parts[0] == "doc" and len(parts) == 3 and parts[2] == "extraction":
            return str(iris.extraction_iri(parts[1]))
        if parts[0] == "place" and len(parts) == 2:
            return str(iris.place_iri(parts[1]))
        if parts[0] == "place" and len(parts) == 3 and parts[2] == "geometry":
            return str(iris.place_iri(parts[1])) + "/geometry"
        if parts[0] == "actor" and len(parts) == 2:
            return str(iris.actor_iri(parts[1]))
        if parts[0] == "extractor" and len(parts) == 2:
            return str(iris.extractor_iri(parts[1]))
        if parts[0] == "publisher" and len(parts) == 2 and _HEX16.fullmatch(parts[1]):
            return _DATA + "publisher/" + parts[1]
    except (InvalidInput, ValueError):
        raise _bad(original, what) from None
    raise _bad(original, what)


def resource_iri(value: str, *, what: str = "resource") -> str:
    """IRI of any resource under ``…/id/`` or of an event type."""
    if not isinstance(value, str) or not value or len(value) > 600:
        raise _bad(str(value), what)
    if value.startswith(_EVENT_TYPE):
        return event_type_iri(value)
    path = value[len(_DATA) :] if value.startswith(_DATA) else value
    return _mint(path, value, what)


def _kind_iri(value: str, prefix: str, mint, what: str) -> str:
    if not isinstance(value, str):
        raise _bad(str(value), what)
    if value.startswith(_DATA) or value.startswith(prefix + "/") or value.startswith("doc/"):
        return resource_iri(value, what=what)
    try:
        return str(mint(value))
    except (InvalidInput, ValueError):
        raise _bad(value, what) from None


def place_iri(value: str) -> str:
    return _kind_iri(value, "place", iris.place_iri, "place")


def actor_iri(value: str) -> str:
    return _kind_iri(value, "actor", iris.actor_iri, "actor")


def document_iri(value: str) -> str:
    if isinstance(value, str) and not value.startswith(_DATA) and "/" not in value:
        try:
            return str(iris.document_iri(value))
        except InvalidInput:
            raise _bad(value, "document") from None
    iri = resource_iri(value, what="document")
    if iris.doc_id_of(iri) is None or iri != str(iris.document_iri(iris.doc_id_of(iri))):
        raise _bad(value, "document")
    return iri


def event_type_iri(value: str) -> str:
    if not isinstance(value, str):
        raise _bad(str(value), "event type")
    key = value[len(_EVENT_TYPE) :] if value.startswith(_EVENT_TYPE) else value
    try:
        return str(iris.event_type_iri(key))
    except ValueError:
        raise _bad(value, "event type") from None


def node(iri: str) -> ox.NamedNode:
    """A pyoxigraph node for an IRI produced by this module."""
    return ox.NamedNode(iri)
