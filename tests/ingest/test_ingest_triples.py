"""The ingest hands the gate pyoxigraph triples (``Extraction.triples``); ``Extraction.graph``
is the same content as an rdflib graph. Both must agree, term for term."""

from __future__ import annotations

import io
import json
from datetime import UTC, datetime
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

from ingest.article import Article
from ingest.pipeline import extract

ROOT = Path(__file__).resolve().parents[2]
NOW = datetime(2024, 1, 1, tzinfo=UTC)


def _articles() -> list[Article]:
    arts = [Article.create((ROOT / "seeds" / "000_3c6fba5912577c82.txt").read_text(encoding="utf-8"),
                           doc_id="seed-000", published="2017-11-04", publisher="الحياة")]
    for txt in sorted((ROOT / "tests" / "cases").glob("*.txt"))[:6]:
        meta = json.loads(txt.with_suffix(".json").read_text(encoding="utf-8"))
        arts.append(Article.create(txt.read_text(encoding="utf-8"), doc_id=meta["id"], published=meta["published"]))
    return arts


@pytest.mark.parametrize("art", _articles(), ids=lambda a: a.doc_id)
def test_triples_and_graph_have_the_same_content(art):
    x = extract(art, now=NOW)
    triples = x.triples
    assert triples and all(isinstance(t, ox.Triple) for t in triples)
    assert len(set(triples)) == len(triples)  # each triple once
    assert not any(isinstance(term, ox.BlankNode) for t in triples for term in (t.subject, t.object))
    # an independent route: pyoxigraph serialises, rdflib parses
    buf = io.BytesIO()
    ox.serialize(triples, buf, ox.RdfFormat.N_TRIPLES)
    parsed = Graph().parse(data=buf.getvalue().decode("utf-8"), format="nt")
    assert len(parsed) == len(triples) == len(x.graph)
    assert isomorphic(parsed, x.graph)


def test_local_places_are_document_iris_with_labels():
    arts = [a for a in _articles() if a.doc_id == "case-001"]
    if not arts:
        pytest.skip("no case-001")
    x = extract(arts[0], now=NOW)
    rows = list(x.graph.query("""
        PREFIX ckg: <https://w3id.org/conflict-kg/ontology#>
        PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
        SELECT ?p ?l ?w WHERE { ?p a ckg:Place ; skos:prefLabel ?l ; ckg:placeKind ?k ; ckg:within ?w }"""))
    assert rows
    for p, _label, w in rows:
        assert str(p).startswith(str(x.doc_iri) + "/place/")
        assert str(w).startswith("https://w3id.org/conflict-kg/id/place/")
