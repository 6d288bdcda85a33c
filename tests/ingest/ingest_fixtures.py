"""Helpers for the ingest tests: a small reference store (ontology, event types and a test
gazetteer) so unit tests do not depend on the size or content of the real gazetteer."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from ingest.article import Article
from ingest.gazetteer import GazetteerIndex, build_index
from kg.namespaces import GRAPH
from kg.reference import ONTOLOGY_DIR

FIXTURES = Path(__file__).parent / "fixtures"
SEED = Path(__file__).resolve().parents[2] / "seeds" / "000_3c6fba5912577c82.txt"


def fixture_store() -> ox.Store:
    store = ox.Store()
    for path, graph in ((ONTOLOGY_DIR / "conflict.ttl", "ontology"), (ONTOLOGY_DIR / "event-types.ttl", "event-types"),
                        (FIXTURES / "gazetteer.ttl", "gazetteer")):
        store.bulk_load(path=str(path), format=ox.RdfFormat.TURTLE, to_graph=ox.NamedNode(str(GRAPH[graph])))
    return store


_INDEX: GazetteerIndex | None = None


def fixture_index() -> GazetteerIndex:
    global _INDEX
    if _INDEX is None:
        _INDEX = build_index(fixture_store(), FIXTURES / "demonyms.tsv")
    return _INDEX


#: the publication date of the invented sentences of the rule tests (a Wednesday)
UNIT_PUB = "2021-03-10"


def unit_events(text: str, index: GazetteerIndex, doc_id: str = "unit"):
    """``(doc, events)`` of an invented text published on :data:`UNIT_PUB`, analysed with ``index``."""
    from ingest.pipeline import analyse

    doc, _, ex = analyse(Article.create(text, doc_id=doc_id, published=UNIT_PUB), index)
    return doc, ex.events


def place_label(doc, index: GazetteerIndex, ref: str) -> str:
    """The Arabic label of a place an event refers to (document-local or from the gazetteer)."""
    if ref.startswith("local:"):
        return doc.ents.local_places[ref[6:]].label_ar
    return index.entities[ref].label_ar


def place_labels(doc, index: GazetteerIndex, ev) -> list[str]:
    return [place_label(doc, index, p) for p in ev.places]
