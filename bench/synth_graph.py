"""Write N-Quads of the shape the ingest produces, fast, for big benchmark stores.

Ingesting 10M triples through the pipeline takes long; this writes the same kind of graph
directly: one named graph per document (named by its document IRI), with the document,
its publisher, sentences, mentions, events with participations and evidence spans,
claims for reported events, control states for changes of control, the extraction
activity and the extractor. IRIs follow kg.iris; places are real gazetteer IRIs and event
types real concepts of ontology/event-types.ttl. Texts and spans come from bench.corpus, so
every span's anchor text is the substring it indexes (the SHACL span checks hold).

Literals are written in the canonical forms Oxigraph stores (counts as xsd:integer,
decimals without trailing zeros), as the shapes require.

Usage::

    python -m bench.synth_graph --triples 1000000 --seed 1 -o synth-1m.nq
    # then: pyoxigraph Store.bulk_load(path="synth-1m.nq", format=RdfFormat.N_QUADS)
"""

from __future__ import annotations

import argparse
import hashlib
import sys
import time
from collections.abc import Iterator
from typing import TextIO

from bench.corpus import Actor, ArticleSpec, EventSpec, Place, article_spec, load_lexicon
from kg.iris import (
    document_iri,
    event_type_iri,
    extraction_iri,
    extractor_iri,
    publisher_iri,
    sentence_iri,
    span_iri,
    statement_iri,
)

EXTRACTOR_VERSION = "synth-0.1"
CKG = "https://w3id.org/conflict-kg/ontology#"
SEM = "http://semanticweb.cs.vu.nl/2009/11/sem/"
NIF = "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#"
PROV = "http://www.w3.org/ns/prov#"
SDO = "https://schema.org/"
SKOS = "http://www.w3.org/2004/02/skos/core#"
XSD = "http://www.w3.org/2001/XMLSchema#"
A = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"


def _p(ns: str, local: str) -> str:
    return f"<{ns}{local}>"


# predicates and classes, pre-rendered
C = {
    k: _p(CKG, k)
    for k in (
        "Document",
        "Sentence",
        "Mention",
        "Evidence",
        "Event",
        "Claim",
        "ControlState",
        "Participation",
        "Actor",
        "Extraction",
        "Extractor",
        "document",
        "evidence",
        "confidence",
        "modality",
        "eventType",
        "datePrecision",
        "timeExpression",
        "geoPrecision",
        "fatalities",
        "fatalitiesLow",
        "fatalitiesHigh",
        "fatalitiesQualifier",
        "injured",
        "participation",
        "participant",
        "refersTo",
        "contentHash",
        "titleGenerated",
        "speaker",
        "speechAct",
        "claimContent",
        "quote",
        "actorKind",
        "controller",
        "controlledPlace",
        "controlStatus",
        "asOf",
        "Asserted",
        "Reported",
        "Agent",
        "Target",
        "FullControl",
        "Day",
        "Week",
        "Exact",
        "AtLeast",
        "Approximately",
        "Between",
        "Dozens",
    )
}
S = {k: _p(SEM, k) for k in ("hasPlace", "hasActor", "roleType", "hasEarliestBeginTimeStamp", "hasLatestEndTimeStamp")}
N = {k: _p(NIF, k) for k in ("beginIndex", "endIndex", "anchorOf", "referenceContext", "sentence", "isString")}
P = {k: _p(PROV, k) for k in ("used", "wasAssociatedWith", "startedAtTime", "wasGeneratedBy", "wasAttributedTo")}
D = {
    k: _p(SDO, k)
    for k in (
        "identifier",
        "inLanguage",
        "datePublished",
        "headline",
        "url",
        "publisher",
        "Organization",
        "name",
        "softwareVersion",
    )
}
PREF_LABEL = _p(SKOS, "prefLabel")


def _esc(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")


def _s(text: str) -> str:
    return f'"{_esc(text)}"'


def _ar(text: str) -> str:
    return f'"{_esc(text)}"@ar'


def _typed(value: object, datatype: str) -> str:
    return f'"{value}"^^<{XSD}{datatype}>'


class _Quads:
    def __init__(self, graph: str):
        self.g = f"<{graph}>"
        self.lines: list[str] = []

    def add(self, s: str, p: str, o: str) -> None:
        self.lines.append(f"{s} {p} {o} {self.g} .\n")


def _span(q: _Quads, spec: ArticleSpec, doc: str, kind: str, begin: int, end: int, sentence: str | None) -> str:
    iri = f"<{span_iri(spec.doc_id, kind, begin, end)}>"
    q.add(iri, A, C["Sentence"] if kind == "sentence" else C["Evidence"] if kind == "evidence" else C["Mention"])
    q.add(iri, N["beginIndex"], _typed(begin, "integer"))
    q.add(iri, N["endIndex"], _typed(end, "integer"))
    q.add(iri, N["anchorOf"], _s(spec.text[begin:end]))
    q.add(iri, N["referenceContext"], doc)
    if sentence is not None:
        q.add(iri, N["sentence"], sentence)
    return iri


def document_quads(spec: ArticleSpec) -> list[str]:
    """N-Quads lines for one document graph."""
    doc_iri = str(document_iri(spec.doc_id))
    doc = f"<{doc_iri}>"
    q = _Quads(doc_iri)
    pub = f"<{publisher_iri(spec.publisher)}>"
    extraction = f"<{extraction_iri(spec.doc_id)}>"
    extractor = f"<{extractor_iri(EXTRACTOR_VERSION)}>"
    q.add(doc, A, C["Document"])
    q.add(doc, D["identifier"], _s(spec.doc_id))
    q.add(doc, N["isString"], _s(spec.text))
    q.add(doc, D["inLanguage"], _s("ar"))
    q.add(doc, D["datePublished"], _typed(spec.published.isoformat(), "date"))
    q.add(doc, D["headline"], _ar(spec.title))
    q.add(doc, C["titleGenerated"], _typed("false", "boolean"))
    q.add(doc, C["contentHash"], _s(hashlib.sha256(spec.text.encode("utf-8")).hexdigest()))
    q.add(doc, D["url"], _typed(spec.url, "anyURI"))
    q.add(doc, D["publisher"], pub)
    q.add(pub, A, D["Organization"])
    q.add(pub, D["name"], _ar(spec.publisher))
    q.add(extraction, A, C["Extraction"])
    q.add(extraction, P["used"], doc)
    q.add(extraction, P["wasAssociatedWith"], extractor)
    q.add(extraction, P["startedAtTime"], _typed("2024-01-01T00:00:00Z", "dateTime"))
    q.add(extractor, A, C["Extractor"])
    q.add(extractor, D["softwareVersion"], _s(EXTRACTOR_VERSION))

    sentences = []
    for i, (b, e) in enumerate(spec.sentences):
        iri = f"<{sentence_iri(spec.doc_id, i)}>"
        q.add(iri, A, C["Sentence"])
        q.add(iri, N["beginIndex"], _typed(b, "integer"))
        q.add(iri, N["endIndex"], _typed(e, "integer"))
        q.add(iri, N["anchorOf"], _s(spec.text[b:e]))
        q.add(iri, N["referenceContext"], doc)
        sentences.append(iri)

    local: dict[tuple[str, str], str] = {}

    def ref(entity: Place | Actor) -> str:
        if isinstance(entity, Place) or entity.iri:
            return f"<{entity.iri}>"
        key = (entity.kind, entity.ar)
        if key not in local:
            iri = f"<{statement_iri(spec.doc_id, 'actor', hashlib.sha1(entity.ar.encode()).hexdigest()[:16])}>"
            q.add(iri, A, C["Actor"])
            q.add(iri, PREF_LABEL, _ar(entity.ar))
            if entity.kind in _ACTOR_KINDS:
                q.add(iri, C["actorKind"], _p(CKG, entity.kind))
            local[key] = iri
        return local[key]

    for m in spec.mentions:
        iri = _span(q, spec, doc, "mention", m.begin, m.end, sentences[m.sentence])
        q.add(iri, C["refersTo"], ref(m.ref))

    for ev in spec.events:
        _event(q, spec, doc, ev, sentences, extraction, ref)
    return q.lines


_ACTOR_KINDS = {
    "StateForce",
    "ArmedGroup",
    "Militia",
    "Coalition",
    "MonitoringGroup",
    "Official",
    "Media",
    "Civilians",
}
_CONTROL_CHANGE = {"government-regains-territory", "non-state-actor-overtakes-territory"}


def _statement(q: _Quads, s: str, cls: str, doc: str, evidence: str, extraction: str, modality: str) -> None:
    q.add(s, A, C[cls])
    q.add(s, C["document"], doc)
    q.add(s, C["evidence"], evidence)
    q.add(s, C["confidence"], _typed("0.8", "decimal"))
    q.add(s, C["modality"], C[modality])
    q.add(s, P["wasGeneratedBy"], extraction)


def _event(q: _Quads, spec: ArticleSpec, doc: str, ev: EventSpec, sentences: list[str], extraction: str, ref) -> None:
    b, e = spec.sentences[ev.sentence]
    evidence = _span(q, spec, doc, "evidence", b, e, sentences[ev.sentence])
    s = f"<{statement_iri(spec.doc_id, 'event', ev.key)}>"
    modality = "Reported" if ev.speaker is not None else "Asserted"
    _statement(q, s, "Event", doc, evidence, extraction, modality)
    q.add(s, C["eventType"], f"<{event_type_iri(ev.type_key)}>")
    q.add(s, S["hasPlace"], ref(ev.place))
    q.add(s, C["geoPrecision"], _typed(1, "integer"))
    q.add(s, S["hasEarliestBeginTimeStamp"], _typed(ev.when.begin.isoformat(), "date"))
    q.add(s, S["hasLatestEndTimeStamp"], _typed(ev.when.end.isoformat(), "date"))
    q.add(s, C["datePrecision"], C[ev.when.precision])
    q.add(s, C["timeExpression"], _s(ev.when.text))
    roles = [("agent", "Agent", ev.agent)] + ([("target", "Target", ev.target)] if ev.target else [])
    for key, role, actor in roles:
        a = ref(actor)
        part = f"<{statement_iri(spec.doc_id, 'role', ev.key + '-' + key)}>"
        q.add(s, S["hasActor"], a)
        q.add(s, C["participation"], part)
        q.add(part, A, C["Participation"])
        q.add(part, S["roleType"], C[role])
        q.add(part, C["participant"], a)
    if ev.killed is not None and ev.killed.best is not None:
        q.add(s, C["fatalities"], _typed(ev.killed.best, "integer"))
        if ev.killed.low is not None:
            q.add(s, C["fatalitiesLow"], _typed(ev.killed.low, "integer"))
        if ev.killed.high is not None:
            q.add(s, C["fatalitiesHigh"], _typed(ev.killed.high, "integer"))
        q.add(s, C["fatalitiesQualifier"], C[ev.killed.qualifier])
    elif ev.killed is not None:
        q.add(s, C["fatalitiesQualifier"], C["Dozens"])
    if ev.injured is not None:
        q.add(s, C["injured"], _typed(ev.injured, "integer"))
    if ev.speaker is not None:
        speaker = ref(ev.speaker)
        q.add(s, P["wasAttributedTo"], speaker)
        claim = f"<{statement_iri(spec.doc_id, 'claim', ev.key)}>"
        _statement(q, claim, "Claim", doc, evidence, extraction, "Asserted")
        q.add(claim, C["speaker"], speaker)
        q.add(claim, C["speechAct"], _p(CKG, ev.speech_verb))
        q.add(claim, C["claimContent"], s)
        q.add(claim, C["quote"], evidence)
    if ev.type_key in _CONTROL_CHANGE:
        cs = f"<{statement_iri(spec.doc_id, 'control', ev.key)}>"
        _statement(q, cs, "ControlState", doc, evidence, extraction, modality)
        q.add(cs, C["controller"], ref(ev.agent))
        q.add(cs, C["controlledPlace"], ref(ev.place))
        q.add(cs, C["controlStatus"], C["FullControl"])
        q.add(cs, C["asOf"], _typed(ev.when.end.isoformat(), "date"))
        if ev.speaker is not None:
            q.add(cs, P["wasAttributedTo"], ref(ev.speaker))


def quads(triples: int, seed: int = 1) -> Iterator[list[str]]:
    """Document graphs (lists of N-Quads lines) until at least ``triples`` lines were made."""
    lex = load_lexicon()
    made, i = 0, 0
    while made < triples:
        lines = document_quads(article_spec(seed, i, lex))
        made += len(lines)
        i += 1
        yield lines


def write_nquads(out: TextIO, triples: int, seed: int = 1) -> tuple[int, int]:
    """Returns (documents, quads) written."""
    docs = total = 0
    for lines in quads(triples, seed):
        out.writelines(lines)
        docs += 1
        total += len(lines)
    return docs, total


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.synth_graph", description=__doc__.split("\n\n")[0])
    parser.add_argument("--triples", type=float, default=1e6, help="approximate quads to write (default 1e6)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("-o", "--output", default="-", help="N-Quads file (default stdout)")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    if args.output == "-":
        docs, total = write_nquads(sys.stdout, int(args.triples), args.seed)
    else:
        with open(args.output, "w", encoding="utf-8") as fh:
            docs, total = write_nquads(fh, int(args.triples), args.seed)
    print(
        f"wrote {total} quads in {docs} document graphs in {time.perf_counter() - started:.1f} s",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
