"""The event-type scheme as the ingest sees it: slug -> concept IRI and ACLED sub-event type.

Read once per process from ontology/event-types.ttl in the reference store. A trigger slug
that the scheme does not define falls back to ``other`` so a lexicon/scheme drift never
produces an IRI outside the scheme (tests/ingest/test_lexicon.py checks there is none).
"""

from __future__ import annotations

from functools import lru_cache

import pyoxigraph as ox

from kg.iris import event_type_iri
from kg.reference import select

_QUERY = """
PREFIX ckg: <https://w3id.org/conflict-kg/ontology#>
SELECT ?c ?sub ?type ?en WHERE {
  GRAPH ?g { ?c a ckg:EventType . OPTIONAL { ?c ckg:acledSubEventType ?sub } OPTIONAL { ?c ckg:acledEventType ?type }
             OPTIONAL { ?c <http://www.w3.org/2004/02/skos/core#prefLabel> ?en FILTER(lang(?en) = "en") } }
}"""


@lru_cache(maxsize=1)
def scheme(store: ox.Store | None = None) -> dict[str, tuple[str, str, str]]:
    """slug -> (ACLED event type, ACLED sub-event type, English label)."""
    if store is None:
        from kg.reference import reference_store

        store = reference_store()
    base = str(event_type_iri("x"))[:-1]
    out: dict[str, tuple[str, str, str]] = {}
    for sol in select(store, _QUERY):
        iri = sol["c"].value
        if not iri.startswith(base):
            continue
        sub = sol["sub"].value if sol["sub"] else ""
        typ = sol["type"].value if sol["type"] else ""
        en = sol["en"].value if sol["en"] else iri[len(base):]
        out[iri[len(base):]] = (typ, sub, en)
    return out


def known(slug: str) -> str:
    """``slug`` if the scheme has it, else ``other``."""
    return slug if slug in scheme() else "other"


def acled_sub(slug: str) -> str:
    return scheme().get(slug, ("", slug, ""))[1] or slug


def label(slug: str) -> str:
    return scheme().get(slug, ("", "", slug))[2]
