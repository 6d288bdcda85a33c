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


def test_mention_policies_ground_what_the_statements_use():
    """``first`` (the default) keeps one mention of each entity a statement points to;
    ``referenced`` every mention of those; ``all`` every mention; ``none`` none. All the
    other triples are the same, and every variant conforms to the shapes."""
    from kg.validation import validate_document

    art = _articles()[0]
    refers = ox.NamedNode("https://w3id.org/conflict-kg/ontology#refersTo")
    graphs = {p: set(extract(art, now=NOW, mentions=p).triples)
              for p in ("first", "referenced", "all", "none")}
    assert set(extract(art, now=NOW).triples) == graphs["first"]

    def mentions(p):
        return {t.subject for t in graphs[p] if "/mention/" in t.subject.value}

    assert not mentions("none") and mentions("first") < mentions("referenced") <= mentions("all")
    targets = [t.object for t in graphs["first"] if t.predicate == refers]
    assert len(targets) == len(set(targets))  # one mention per entity
    objects = {t.object for t in graphs["none"]}
    assert set(targets) <= objects  # ... that a statement (or a described entity) points to
    assert {t.object for t in graphs["referenced"] if t.predicate == refers} == set(targets)
    for p, g in graphs.items():
        rest = {t for t in g if "/mention/" not in t.subject.value}
        if p != "all":  # "all" also describes local actors that only a mention names
            assert rest == graphs["none"], p
        assert validate_document(list(g)).conforms, p
    with pytest.raises(ValueError):
        _ = extract(art, now=NOW, mentions="some").triples


def test_date_scan_finds_what_each_pattern_finds():
    """find_time_expressions runs each date pattern only where the combined look-ahead says
    some pattern can start; that must give exactly ``pattern.finditer``."""
    from ingest.dates import _ANY, _PATTERNS, _matches
    from ingest.normalize import normalize

    texts = [a.text for a in _articles()] + [
        "في 3 تشرين الثاني (نوفمبر) 2017 و3/11/2017 وأمس الأول وغداة الهجوم",
        "الأسبوع الماضي والأيام القليلة المقبلة ويوم الجمعة الماضي عام 2014"]
    for text in texts:
        norm = normalize(text).text
        starts = [m.start() for m in _ANY.finditer(norm)]
        for _kind, pattern in _PATTERNS:
            expected = [m.span() for m in pattern.finditer(norm)]
            assert [m.span() for m in _matches(pattern, norm, starts)] == expected
