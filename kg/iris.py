"""Deterministic IRIs for everything the project stores.

Every IRI is minted here from a document id and a stable key, so ingesting the same
article twice yields the same graph, and the API can turn an IRI back into what it names.
Nothing here formats user input into SPARQL: IRIs are built from validated ids and
percent-safe keys only.

Layout under ``https://w3id.org/conflict-kg/id/``::

    doc/{doc_id}                         the document (also the name of its graph)
    doc/{doc_id}/sentence/{n}            n-th sentence (0-based)
    doc/{doc_id}/{kind}/{begin}-{end}    a span: mention, evidence
    doc/{doc_id}/{kind}/{key}            a statement: event, claim, control, quantity, role, actor
    doc/{doc_id}/extraction              the PROV activity that produced the graph
    place/{key}  actor/{key}             gazetteer entries (shared by all documents)
    extractor/{version}  publisher/{key}
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

from rdflib import URIRef

from kg.errors import InvalidInput
from kg.namespaces import DATA, EVENT_TYPE

_DOC_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,127}")
_KEY = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,199}")


def check_doc_id(doc_id: str) -> str:
    """Return ``doc_id`` if it is a valid document id, else raise :class:`InvalidInput`."""
    if not isinstance(doc_id, str) or not _DOC_ID.fullmatch(doc_id):
        raise InvalidInput(
            f"invalid document id {doc_id!r}: use 1-128 characters from A-Z a-z 0-9 . _ -, "
            "starting with a letter or digit"
        )
    return doc_id


def _check_key(key: str) -> str:
    if not _KEY.fullmatch(key):
        raise ValueError(f"invalid IRI key {key!r}")
    return key


def stable_key(*parts: object) -> str:
    """A short, stable hash of ``parts`` for statement IRIs (same parts, same key)."""
    text = "\x1f".join(str(p) for p in parts)
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]


def slug(text: str) -> str:
    """ASCII slug of an English name: ``"Deir ez-Zor"`` -> ``"deir-ez-zor"``."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    out = re.sub(r"[^A-Za-z0-9]+", "-", ascii_text).strip("-").lower()
    return out or stable_key(text)


def document_iri(doc_id: str) -> URIRef:
    return DATA[f"doc/{check_doc_id(doc_id)}"]


def doc_id_of(iri: str) -> str | None:
    """The document id of a document IRI or of any IRI minted under it, else None."""
    prefix = str(DATA) + "doc/"
    if not str(iri).startswith(prefix):
        return None
    doc_id = str(iri)[len(prefix):].split("/", 1)[0]
    return doc_id if _DOC_ID.fullmatch(doc_id) else None


def sentence_iri(doc_id: str, index: int) -> URIRef:
    return DATA[f"doc/{check_doc_id(doc_id)}/sentence/{int(index)}"]


def span_iri(doc_id: str, kind: str, begin: int, end: int) -> URIRef:
    return DATA[f"doc/{check_doc_id(doc_id)}/{_check_key(kind)}/{int(begin)}-{int(end)}"]


def statement_iri(doc_id: str, kind: str, key: str) -> URIRef:
    return DATA[f"doc/{check_doc_id(doc_id)}/{_check_key(kind)}/{_check_key(key)}"]


def extraction_iri(doc_id: str) -> URIRef:
    return DATA[f"doc/{check_doc_id(doc_id)}/extraction"]


def extractor_iri(version: str) -> URIRef:
    return DATA[f"extractor/{_check_key(version)}"]


def place_iri(key: str) -> URIRef:
    return DATA[f"place/{_check_key(key)}"]


def actor_iri(key: str) -> URIRef:
    return DATA[f"actor/{_check_key(key)}"]


def publisher_iri(name: str) -> URIRef:
    return DATA[f"publisher/{stable_key(name.strip())}"]


def event_type_iri(key: str) -> URIRef:
    return EVENT_TYPE[_check_key(key)]
