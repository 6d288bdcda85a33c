"""Reference data: the ontology, the event-type scheme and the gazetteer.

They ship as Turtle under ``ontology/``, are loaded into the store in their own named
graphs (never mixed with documents), and are read by the ingest (to find entities and
event types) and by validation (to check what a document refers to).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pyoxigraph as ox

from kg.namespaces import GRAPH

ONTOLOGY_DIR = Path(__file__).resolve().parent.parent / "ontology"


@dataclass(frozen=True)
class ReferenceFile:
    path: Path
    graph: str  # IRI of the named graph it is stored in


def reference_files(ontology_dir: Path = ONTOLOGY_DIR) -> list[ReferenceFile]:
    """Every reference Turtle file with the named graph it belongs in, in a stable order."""
    files = [
        ReferenceFile(ontology_dir / "conflict.ttl", str(GRAPH["ontology"])),
        ReferenceFile(ontology_dir / "event-types.ttl", str(GRAPH["event-types"])),
    ]
    gazetteer = ontology_dir / "gazetteer"
    files += [ReferenceFile(p, str(GRAPH["gazetteer"])) for p in sorted(gazetteer.glob("*.ttl"))]
    return [f for f in files if f.path.exists()]


def shapes_path(ontology_dir: Path = ONTOLOGY_DIR) -> Path:
    return ontology_dir / "shapes.ttl"


def load_into(store: ox.Store, files: list[ReferenceFile] | None = None) -> int:
    """Load reference files into ``store`` (pyoxigraph), each in its named graph. Returns quads added."""
    files = reference_files() if files is None else files
    before = len(store)
    for f in files:
        store.bulk_load(path=str(f.path), format=ox.RdfFormat.TURTLE, to_graph=ox.NamedNode(f.graph))
    return len(store) - before


@lru_cache(maxsize=1)
def reference_store() -> ox.Store:
    """An in-memory pyoxigraph store holding all reference data (loaded once per process)."""
    store = ox.Store()
    load_into(store)
    return store


def select(store: ox.Store, query: str, **bindings: ox.NamedNode | ox.Literal) -> ox.QuerySolutions:
    """The solutions of SELECT ``query`` on ``store`` with ``bindings`` (variable name -> bound
    term) substituted by the engine."""
    result = store.query(query, substitutions={ox.Variable(k): v for k, v in bindings.items()})
    if not isinstance(result, ox.QuerySolutions):
        raise TypeError(f"not a SELECT query: {query[:60]!r}")
    return result
