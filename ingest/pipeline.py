"""``extract(article) -> Extraction``: the ingest pipeline, one stage per module.

normalize -> sentences -> tokens -> entities (gazetteer) -> time expressions -> claims
(modality) -> events and control states -> RDF. Deterministic: the same article (and the
same ``now``) gives the same graph. Warnings say what could not be resolved (no
publication date, statements without a place) - nothing is invented to fill a gap.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from functools import lru_cache

import pyoxigraph as ox
from rdflib import Graph, URIRef

from ingest import __version__
from ingest.article import Article
from ingest.dates import find_time_expressions
from ingest.entities import find_entities
from ingest.events import Doc, Extractor
from ingest.gazetteer import GazetteerIndex, build_index
from ingest.lexicon import triggers
from ingest.modality import find_claims
from ingest.normalize import normalize
from ingest.rdf import build_ntriples, to_graph
from ingest.sentences import split_sentences
from ingest.tokens import tokenize
from kg.iris import document_iri
from kg.ntriples import NTriplesGraph

EXTRACTOR_VERSION = __version__


class Extraction:
    """The result of :func:`extract`. ``graph_text`` (the document as N-Triples text, what
    the ingest gate validates and stores; ``kg.ntriples.NTriplesGraph``) is built on first
    access from the extracted records; ``triples`` (pyoxigraph triples) and ``graph`` (an
    rdflib graph) are parsed from it only when asked for. A caller that only wants the
    warnings pays for none of them."""

    def __init__(self, build: Callable[[], NTriplesGraph], warnings: list[str], doc_iri: URIRef):
        self._build = build
        self._text: NTriplesGraph | None = None
        self._triples: list[ox.Triple] | None = None
        self._graph: Graph | None = None
        self.warnings = warnings
        self.doc_iri = doc_iri

    @property
    def graph_text(self) -> NTriplesGraph:
        if self._text is None:
            self._text = self._build()
        return self._text

    @property
    def ntriples(self) -> bytes:
        return self.graph_text.ntriples

    @property
    def triples(self) -> list[ox.Triple]:
        if self._triples is None:
            self._triples = self.graph_text.triples()
        return self._triples

    @property
    def graph(self) -> Graph:
        if self._graph is None:
            self._graph = to_graph(self.triples)
        return self._graph


@lru_cache(maxsize=1)
def default_index() -> GazetteerIndex:
    """The gazetteer index of the reference store, built once per process."""
    return build_index()


def _sentence_of(tokens: list, starts: list[int]) -> list[int]:
    """The sentence of each token: the last sentence starting at or before it (0 before the
    first), in one pass (tokens and sentence starts are both in text order)."""
    out: list[int] = []
    si, n = 0, len(starts)
    for t in tokens:
        while si + 1 < n and starts[si + 1] <= t.begin:
            si += 1
        out.append(si)
    return out


def analyse(article: Article, index: GazetteerIndex | None = None):
    """Run the extraction stages; returns (doc, claims, extractor) for inspection and tests."""
    index = index or default_index()
    text = article.text
    norm = normalize(text)
    sentence_chars = split_sentences(text)
    tokens = tokenize(text)
    sentence_of = _sentence_of(tokens, [b for b, _ in sentence_chars])
    sent_tok: list[tuple[int, int]] = []
    k = 0
    for si in range(len(sentence_chars)):
        b = k
        while k < len(tokens) and sentence_of[k] == si:
            k += 1
        sent_tok.append((b, k))
    paragraph_of, para = [], 0
    for si, (b, _) in enumerate(sentence_chars):
        if si > 0 and "\n" in text[sentence_chars[si - 1][1]:b]:
            para += 1
        paragraph_of.append(para)
    ents = find_entities(tokens, sentence_of, index, text)
    times = find_time_expressions(text, norm, article.published)
    blocked: set[int] = set()
    for sb, se in sent_tok:
        for m in triggers().find_all(tokens, sb, se):
            if m.end - m.start > 1:
                blocked.update(range(m.start, m.end))
    claims = find_claims(tokens, sent_tok, ents, paragraph_of, blocked, text)
    doc = Doc(text, tokens, sent_tok, sentence_chars, paragraph_of, ents, times, article.published, index)
    ex = Extractor(doc, claims)
    ex.run()
    return doc, claims, ex


def extract(article: Article, *, now: datetime | None = None, index: GazetteerIndex | None = None,
            mentions: str | None = None) -> Extraction:
    """Extract the document graph of ``article``. ``now`` stamps the extraction activity;
    ``mentions`` chooses which entity mentions become nodes (``ingest.rdf.MENTIONS``)."""
    now = now or datetime.now(UTC)
    doc, claims, ex = analyse(article, index)
    warnings: list[str] = []
    if article.published is None:
        warnings.append(f"{article.doc_id}: no publication date; relative dates left unresolved")
    if not ex.events and not ex.controls and not claims:
        warnings.append(f"{article.doc_id}: no events, control states or claims found")
    title = None
    if not article.title and doc.sentence_chars:
        b, e = doc.sentence_chars[0]
        first = article.text[b:e]
        title = first if len(first) <= 120 else first[:117].rsplit(" ", 1)[0] + "…"
    def build() -> NTriplesGraph:
        return build_ntriples(article, doc, claims, ex.events, ex.controls, now, EXTRACTOR_VERSION, title,
                             mentions)

    return Extraction(build, warnings, document_iri(article.doc_id))
