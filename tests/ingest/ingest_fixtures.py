"""Helpers for the ingest tests: a small reference store (ontology, event types and a test
gazetteer) so unit tests do not depend on the size or content of the real gazetteer."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

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
