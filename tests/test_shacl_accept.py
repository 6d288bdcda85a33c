"""kg/shacl_accept.py against pyshacl-turbo: it accepts the documents the ingest writes, and it
never accepts a document pyshacl-turbo would refuse (checked on thousands of mutations of
real documents), so the ingest gate's verdicts are pyshacl-turbo's."""

from __future__ import annotations

import json
import random
import re
from datetime import UTC, datetime
from pathlib import Path

import pytest
from rdflib import Graph

from bench.corpus import articles
from ingest.article import Article
from ingest.pipeline import extract
from kg import shacl_accept
from kg.validation import _accept_shapes, _conforms_fast, context_ntriples, shapes_graph, validate_document

ROOT = Path(__file__).resolve().parent.parent
NOW = datetime(2024, 1, 1, tzinfo=UTC)


def _documents() -> list[tuple[str, frozenset[str]]]:
    """(document + validation context as N-Triples text, focus nodes) of the seed, a third
    of the development reports and 20 synthetic articles."""
    arts = [Article.create((ROOT / "seeds" / "000_3c6fba5912577c82.txt").read_text(encoding="utf-8"),
                           doc_id="seed", published="2017-11-04")]
    for txt in sorted((ROOT / "tests" / "cases").glob("*.txt"))[::3]:
        meta = json.loads(txt.with_suffix(".json").read_text(encoding="utf-8"))
        arts.append(Article.create(txt.read_text(encoding="utf-8"), doc_id=meta["id"], published=meta["published"]))
    arts += [Article.create(a["text"], doc_id=a["id"], published=a["published"]) for a in articles(20, seed=7)]
    out = []
    for a in arts:
        g = extract(a, now=NOW).graph_text
        out.append(((g.ntriples + context_ntriples(g.references)).decode(), g.subjects))
    return out


@pytest.fixture(scope="module")
def documents():
    return _documents()


@pytest.fixture(scope="module")
def shapes():
    compiled = _accept_shapes()
    assert compiled is not None, "the project's shapes use a feature kg/shacl_accept.py does not implement"
    return compiled


def test_the_project_shapes_compile_whole(shapes):
    names = {s.name.rsplit("#", 1)[-1] for s in shapes.shapes}
    assert {"DocumentShape", "EventShape", "DocumentConsistencyShape", "LabelledShape"} <= names
    assert len(shapes.shapes) == len(set(shapes_graph().subjects(
        predicate=shacl_accept.RDF.type, object=shacl_accept.SH.NodeShape)))
    assert shapes.sparql_predicates is not None  # the SPARQL constraints see only the predicates they use


def test_it_accepts_the_documents_the_ingest_writes(documents, shapes):
    for text, focus in documents:
        assert _conforms_fast(text, focus)
        assert shacl_accept.accepts(shapes, text, focus)


_LITERAL_DT = re.compile(r'\^\^<http://www\.w3\.org/2001/XMLSchema#(\w+)>$')
_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
_DATATYPES = ["integer", "decimal", "string", "date", "dateTime", "boolean"]


def _mutate(lines: list[str], rnd: random.Random) -> list[str]:
    """One random change of the kinds a broken extractor or a hand-edited file makes."""
    out = list(lines)
    i = rnd.randrange(len(out))
    s, p, o = out[i][:-2].split(" ", 2)
    kind = rnd.choice(["delete", "duplicate", "datatype", "number", "lang", "object", "type", "span", "date"])
    if kind == "delete":
        del out[i]
    elif kind == "duplicate":
        other = rnd.choice(lines)[:-2].split(" ", 2)[2]
        out.append(f"{s} {p} {other} .")
    elif kind == "datatype" and o.startswith('"'):
        out[i] = f"{s} {p} {o.rsplit(chr(34), 1)[0]}\"^^<http://www.w3.org/2001/XMLSchema#{rnd.choice(_DATATYPES)}> ."
    elif kind == "number" and _LITERAL_DT.search(o):
        lex = o[1:o.rindex('"')]
        new = rnd.choice(["-1", "101", "1.5", "0", "abc", "2.5", "99999", lex + "0", "-" + lex])
        out[i] = f"{s} {p} \"{new}\"{o[o.rindex(chr(34)) + 1:]} ."
    elif kind == "lang" and re.search(r'"@\w+$', o):
        out[i] = f"{s} {p} {o.rsplit('@', 1)[0]}{rnd.choice(['@fr', '@en', '@AR', '', '@ar-SY'])} ."
    elif kind == "object":
        other = rnd.choice(lines)[:-2].split(" ", 2)[0]
        out[i] = f"{s} {p} {other} ."
    elif kind == "type":
        types = [ln[:-2].split(" ", 2)[2] for ln in lines if f" {_TYPE} " in ln]
        out[i] = f"{s} {_TYPE} {rnd.choice(types)} ."
    elif kind == "span" and "Index>" in p and o.startswith('"'):
        n = int(o[1:o.rindex('"')]) + rnd.choice([-3, -1, 1, 5, 100000])
        out[i] = f"{s} {p} \"{n}\"^^<http://www.w3.org/2001/XMLSchema#integer> ."
    elif kind == "date" and "#date>" in o:
        out[i] = f"{s} {p} \"{rnd.choice(['2030-01-01', '1999-12-31', '2017-02-30', '2017-1-5'])}\"" \
                 f"^^<http://www.w3.org/2001/XMLSchema#date> ."
    else:
        del out[i]
    return out


def test_it_never_accepts_what_pyshacl_turbo_refuses(documents, shapes):
    """Soundness on mutations of real documents (one, two or three random changes each): every
    mutation it accepts pyshacl-turbo accepts too; and it refuses no unchanged document."""
    rnd = random.Random(20261206)
    refused_by_turbo = accepted = 0
    for round_ in range(1500):
        text, focus = documents[round_ % len(documents)]
        lines = [ln for ln in text.split("\n") if ln]
        for _ in range(rnd.choice([1, 1, 2, 3])):
            lines = _mutate(lines, rnd)
        mutated = "\n".join(dict.fromkeys(lines)) + "\n"
        mine = shacl_accept.accepts(shapes, mutated, focus)
        try:
            theirs = _conforms_fast(mutated, focus)
        except Exception:  # noqa: BLE001 - a mutation pyshacl-turbo cannot parse at all
            theirs = False
        assert not (mine and not theirs), f"accepted a document pyshacl-turbo refuses:\n{mutated}"
        refused_by_turbo += not theirs
        accepted += mine
    # the mutations are worth something: most break the document, and some do not
    assert refused_by_turbo > 900 and accepted > 50


def test_the_gate_reports_pyshacl_turbos_violations(documents):
    """A document it refuses goes on to pyshacl-turbo, whose report the gate returns."""
    import pyoxigraph as ox

    text, _focus = documents[0]
    lines = [ln for ln in text.split("\n") if ln and "#confidence>" not in ln]
    triples = list(ox.parse("\n".join(lines) + "\n", format=ox.RdfFormat.N_TRIPLES))
    report = validate_document(triples)
    assert not report.conforms
    assert any(v.path and v.path.endswith("confidence") for v in report.violations), report.to_text()


_UNSUPPORTED = {
    "sh:targetNode": "ex:S a sh:NodeShape ; sh:targetNode ex:n ; sh:property [ sh:path ex:p ; sh:minCount 1 ] .",
    "sh:severity": "ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:severity sh:Warning ; "
                   "sh:property [ sh:path ex:p ; sh:minCount 1 ] .",
    "sh:node": "ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:property [ sh:path ex:p ; sh:node ex:T ] .",
    "sh:qualifiedValueShape": "ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:property [ sh:path ex:p ; "
                              "sh:qualifiedValueShape [ sh:class ex:D ] ; sh:qualifiedMinCount 1 ] .",
    "inverse path": "ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:property [ sh:path [ sh:inversePath ex:p ] ; "
                    "sh:minCount 1 ] .",
    "sh:closed": "ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:closed true .",
    "sh:hasValue": "ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:property [ sh:path ex:p ; sh:hasValue ex:v ] .",
    "untyped shape": "ex:S sh:targetClass ex:C ; sh:property [ sh:path ex:p ; sh:minCount 1 ] .",
    "$currentShape": "ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:sparql [ sh:select "
                     "\"SELECT $this WHERE { $currentShape ?p ?o }\" ] .",
}


@pytest.mark.parametrize("feature", sorted(_UNSUPPORTED))
def test_shapes_with_a_feature_it_lacks_are_left_to_pyshacl(feature):
    g = Graph()
    g.parse(data="@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <http://example.org/> . "
                 + _UNSUPPORTED[feature], format="turtle")
    assert shacl_accept.compile_shapes(g) is None


def test_query_predicates():
    q = "PREFIX ex: <http://example.org/> SELECT $this WHERE { $this ex:a ?x . FILTER NOT EXISTS { ?x ex:b ?y } }"
    assert shacl_accept.query_predicates(q) == {"<http://example.org/a>", "<http://example.org/b>"}
    assert shacl_accept.query_predicates("SELECT $this WHERE { $this ?p ?o }") is None
    assert shacl_accept.query_predicates("PREFIX ex: <http://example.org/> SELECT ?x WHERE { ?x ex:a/ex:b ?y }") is None
