"""The ontology parses with two independent parsers and says what DESIGN.md requires."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
from rdflib import OWL, RDF, RDFS, Graph, URIRef

from kg.namespaces import CKG, SKOS

ONTOLOGY = Path(__file__).resolve().parent.parent / "ontology" / "conflict.ttl"


def graph() -> Graph:
    return Graph().parse(ONTOLOGY)


def test_parses_with_rdflib_and_oxigraph_to_the_same_size():
    assert len(graph()) == sum(1 for _ in ox.parse(path=str(ONTOLOGY), format=ox.RdfFormat.TURTLE))


def test_every_class_and_property_has_an_english_label():
    g = graph()
    for kind in (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty):
        for term in g.subjects(RDF.type, kind):
            langs = {lbl.language for lbl in g.objects(term, RDFS.label)}
            assert "en" in langs, f"{term} has no English rdfs:label"


def test_user_facing_classes_have_arabic_labels():
    g = graph()
    for cls in (CKG.Event, CKG.Actor, CKG.Place, CKG.Claim, CKG.ControlState, CKG.Document):
        assert "ar" in {lbl.language for lbl in g.objects(cls, RDFS.label)}, cls


def test_reuses_standard_vocabularies():
    g = graph()
    parents = {str(o) for o in g.objects(None, RDFS.subClassOf) if isinstance(o, URIRef)}
    for ns in ("http://semanticweb.cs.vu.nl/2009/11/sem/", "http://www.w3.org/ns/prov#",
               "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#", "https://schema.org/",
               "http://www.opengis.net/ont/geosparql#", str(SKOS)):
        assert any(p.startswith(ns) for p in parents), f"nothing reuses {ns}"


def test_modalities_cover_the_required_set():
    g = graph()
    labels = {str(lbl) for m in g.subjects(RDF.type, CKG.Modality) for lbl in g.objects(m, SKOS.prefLabel)
              if lbl.language == "en"}
    assert {"asserted", "reported", "denied", "expected", "promised", "negated"} <= labels
