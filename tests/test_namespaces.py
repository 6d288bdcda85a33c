"""Every ckg: term used anywhere is declared in the ontology, and the closed namespace
matches the ontology exactly."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rdflib import Graph, URIRef

from kg.namespaces import CKG, NIF, SEM, WGS
from kg.reference import reference_files, shapes_path

ROOT = Path(__file__).resolve().parent.parent
NS = str(CKG._NS)


def declared_terms() -> set[str]:
    g = Graph().parse(ROOT / "ontology" / "conflict.ttl")
    return {str(s)[len(NS):] for s in g.subjects() if str(s).startswith(NS)}


def test_closed_namespace_matches_ontology():
    in_code = set(CKG.__annotations__)
    assert in_code == declared_terms(), (
        f"only in kg/namespaces.py: {sorted(in_code - declared_terms())}; "
        f"only in conflict.ttl: {sorted(declared_terms() - in_code)}"
    )


def test_misspelt_term_fails_loudly():
    with pytest.raises(AttributeError):
        CKG.Evnt  # noqa: B018
    with pytest.raises(AttributeError):
        SEM.hasPlaces  # noqa: B018


@pytest.mark.parametrize("path", [f.path for f in reference_files()] + [shapes_path()], ids=lambda p: p.name)
def test_rdf_files_use_only_declared_terms(path):
    g = Graph().parse(path)
    used = {str(t)[len(NS):] for triple in g for t in triple if isinstance(t, URIRef) and str(t).startswith(NS)}
    # SPARQL constraints name terms inside strings: check those too
    for literal in g.objects():
        used |= set(re.findall(r"\bckg:([A-Za-z_][A-Za-z0-9_]*)", str(literal)))
    assert used <= declared_terms(), f"undeclared ckg: terms in {path.name}: {sorted(used - declared_terms())}"


def test_python_code_uses_only_declared_terms():
    pattern = re.compile(r"\bCKG\.([A-Za-z_][A-Za-z0-9_]*)")
    bad = {}
    for package in ("kg", "ingest", "api", "bench"):
        for path in (ROOT / package).rglob("*.py"):
            for term in pattern.findall(path.read_text(encoding="utf-8")):
                if term not in declared_terms() and not term.startswith("_"):
                    bad.setdefault(str(path.relative_to(ROOT)), []).append(term)
    assert not bad, f"undeclared CKG terms: {bad}"


def test_external_vocabularies():
    assert str(SEM.hasPlace) == "http://semanticweb.cs.vu.nl/2009/11/sem/hasPlace"
    assert str(NIF.anchorOf) == "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#anchorOf"
    assert str(WGS.lat) == "http://www.w3.org/2003/01/geo/wgs84_pos#lat"
