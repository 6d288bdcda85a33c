"""Derive the invalid SHACL cases from valid/document.ttl: each case applies one SPARQL
update that breaks one rule, and its header says which shape and path must report it.
Run from the repository root: `python ontology/shapes-cases/generate.py`."""

from pathlib import Path

from rdflib import Graph

HERE = Path(__file__).resolve().parent
P = """PREFIX ckg: <https://w3id.org/conflict-kg/ontology#> PREFIX ckget: <https://w3id.org/conflict-kg/event-type/>
PREFIX sem: <http://semanticweb.cs.vu.nl/2009/11/sem/> PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#> PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX schema: <https://schema.org/> PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
PREFIX d: <https://w3id.org/conflict-kg/id/doc/case-1/>
"""
M = "<https://w3id.org/conflict-kg/id/doc/case-1/mention/23-30>"
S = "<https://w3id.org/conflict-kg/id/doc/case-1/sentence/0>"
E = "<https://w3id.org/conflict-kg/id/doc/case-1/event/e1>"
DOC = "<https://w3id.org/conflict-kg/id/doc/case-1>"
A = "<https://w3id.org/conflict-kg/id/doc/case-1/actor/civilians>"
cases = {
 "span-anchor-mismatch": ("a mention's anchor text differs from the text at its offsets", "ckgsh:DocumentConsistencyShape", "-",
   f'DELETE {{ {M} nif:anchorOf ?a }} INSERT {{ {M} nif:anchorOf "النموذ" }} WHERE {{ {M} nif:anchorOf ?a }}'),
 "span-outside-text": ("a mention ends after the end of the document's text", "ckgsh:DocumentConsistencyShape", "-",
   f'DELETE {{ {M} nif:beginIndex ?b ; nif:endIndex ?e }} INSERT {{ {M} nif:beginIndex 92 ; nif:endIndex 99 }} WHERE {{ {M} nif:beginIndex ?b ; nif:endIndex ?e }}'),
 "begin-after-end": ("a sentence begins after it ends", "ckgsh:SpanShape", "nif:beginIndex",
   f'DELETE {{ {S} nif:beginIndex ?b }} INSERT {{ {S} nif:beginIndex 70 }} WHERE {{ {S} nif:beginIndex ?b }}'),
 "confidence-out-of-range": ("confidence above 1", "ckgsh:StatementShape", "ckg:confidence",
   f'DELETE {{ {E} ckg:confidence ?c }} INSERT {{ {E} ckg:confidence 1.5 }} WHERE {{ {E} ckg:confidence ?c }}'),
 "missing-evidence": ("an event without evidence", "ckgsh:StatementShape", "ckg:evidence",
   f'DELETE WHERE {{ {E} ckg:evidence ?x }}'),
 "unknown-event-type": ("an event type that is not in the scheme", "ckgsh:EventShape", "ckg:eventType",
   f'DELETE {{ {E} ckg:eventType ?t }} INSERT {{ {E} ckg:eventType ckget:not-a-type }} WHERE {{ {E} ckg:eventType ?t }}'),
 "negative-fatalities": ("a negative number of fatalities", "ckgsh:EventShape", "ckg:fatalities",
   f'DELETE {{ {E} ckg:fatalities ?f }} INSERT {{ {E} ckg:fatalities -2 }} WHERE {{ {E} ckg:fatalities ?f }}'),
 "reported-without-speaker": ("a reported statement with no speaker", "ckgsh:DocumentConsistencyShape", "-",
   f'DELETE {{ {E} ckg:modality ?m }} INSERT {{ {E} ckg:modality ckg:Reported }} WHERE {{ {E} ckg:modality ?m }}'),
 "two-modalities": ("an event both asserted and expected", "ckgsh:StatementShape", "ckg:modality",
   f'INSERT DATA {{ {E} ckg:modality ckg:Expected }}'),
 "malformed-publication-date": ("a publication date that is not an xsd:date", "ckgsh:DocumentShape", "schema:datePublished",
   f'DELETE {{ {DOC} schema:datePublished ?d }} INSERT {{ {DOC} schema:datePublished "4 Nov 2017" }} WHERE {{ {DOC} schema:datePublished ?d }}'),
 "day-precision-without-date": ("a day-precision event with no timestamps", "ckgsh:DocumentConsistencyShape", "-",
   f'DELETE WHERE {{ {E} sem:hasEarliestBeginTimeStamp ?b ; sem:hasLatestEndTimeStamp ?e }}'),
 "earliest-after-latest": ("an event that starts after it ends", "ckgsh:EventShape", "sem:hasEarliestBeginTimeStamp",
   f'DELETE {{ {E} sem:hasEarliestBeginTimeStamp ?b }} INSERT {{ {E} sem:hasEarliestBeginTimeStamp "2020-03-05"^^xsd:date }} WHERE {{ {E} sem:hasEarliestBeginTimeStamp ?b }}'),
 "actor-without-arabic-label": ("an actor labelled only in English", "ckgsh:LabelledShape", "-",
   f'DELETE {{ {A} skos:prefLabel ?l }} WHERE {{ {A} skos:prefLabel ?l FILTER(LANG(?l) = "ar") }}'),
 "share-over-100": ("a control state claiming 135 percent of a place", "ckgsh:ControlStateShape", "ckg:sharePercent",
   f'INSERT DATA {{ <https://w3id.org/conflict-kg/id/doc/case-1/control/c1> a ckg:ControlState ; ckg:document {DOC} ; ckg:evidence <https://w3id.org/conflict-kg/id/doc/case-1/evidence/0-65> ; ckg:confidence 0.7 ; ckg:modality ckg:Ongoing ; prov:wasGeneratedBy d:extraction ; ckg:controller {A} ; ckg:controlledPlace <https://w3id.org/conflict-kg/id/place/test-town> ; ckg:controlStatus ckg:PartialControl ; ckg:sharePercent 135 . }}'),
 "claim-without-speaker": ("a claim with no speaker", "ckgsh:ClaimShape", "ckg:speaker",
   f'INSERT DATA {{ <https://w3id.org/conflict-kg/id/doc/case-1/claim/k1> a ckg:Claim ; ckg:document {DOC} ; ckg:evidence <https://w3id.org/conflict-kg/id/doc/case-1/evidence/0-65> ; ckg:confidence 0.7 ; ckg:modality ckg:Asserted ; prov:wasGeneratedBy d:extraction ; ckg:speechAct ckg:Said ; ckg:claimContent {E} . }}'),
 "role-not-in-list": ("a participant role outside the role scheme", "ckgsh:ParticipationShape", "sem:roleType",
   'DELETE { ?r sem:roleType ?t } INSERT { ?r sem:roleType ckg:Supporters } WHERE { ?r sem:roleType ?t }'),
}
for name, (why, shape, path, update) in cases.items():
    g = Graph().parse(HERE / "valid" / "document.ttl")
    g.update(P + update)
    body = g.serialize(format="longturtle")
    head = f"# Invalid: {why}.\n# expect-shape: {shape}\n# expect-path: {path}\n"
    (HERE / "invalid" / f"{name}.ttl").write_text(head + body, encoding="utf-8")
