"""The benchmark generators are deterministic and produce what the pipeline expects
(benchmarks are not tests: nothing here is timed)."""

from __future__ import annotations

import io
import json
from collections import defaultdict

import pyoxigraph as ox

from bench.corpus import article_spec, articles
from bench.corpus import main as corpus_main
from bench.synth_graph import document_quads
from kg.validation import validate_document


def test_corpus_is_deterministic_and_prefix_stable(tmp_path):
    first = list(articles(5, seed=7))
    assert first == list(articles(5, seed=7))
    assert first[:3] == list(articles(3, seed=7))
    assert first != list(articles(5, seed=8))
    out = tmp_path / "c.jsonl"
    assert corpus_main(["--n", "5", "--seed", "7", "-o", str(out)]) == 0
    assert [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()] == first


def test_corpus_records_look_like_articles():
    for record in articles(5, seed=1):
        assert set(record) == {"id", "text", "published", "publisher", "title", "url"}
        assert 1500 <= len(record["text"].encode("utf-8")) <= 4000
        assert any("\u0600" <= ch <= "\u06ff" for ch in record["text"])
        assert record["title"] and record["published"][:2] == "20"


def test_spans_index_the_text():
    spec = article_spec(1, 3)
    for m in spec.mentions:
        assert spec.text[m.begin : m.end] == m.text
        b, e = spec.sentences[m.sentence]
        assert b <= m.begin and m.end <= e


def test_synthetic_graphs_conform_to_the_shapes():
    for i in range(3):
        lines = document_quads(article_spec(1, i))
        quads = list(ox.parse(io.BytesIO("".join(lines).encode("utf-8")), format=ox.RdfFormat.N_QUADS))
        graphs = defaultdict(list)
        for q in quads:
            graphs[q.graph_name.value].append(q.triple)
        assert len(graphs) == 1
        report = validate_document(next(iter(graphs.values())))
        assert report.conforms, report.to_text()
