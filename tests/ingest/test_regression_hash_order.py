"""Regression: the same article gave different graphs in different processes.

Rules that take the first of a token's bases or stems that matches (a gazetteer name, a
demonym, a lexicon phrase, the pronoun suffix) iterated a frozenset, whose order follows
string hashes, and Python salts those per process. So ``ببيلا``-like words resolved to one
of two villages, or a demonym was found in one process and not in another; re-ingesting
the document elsewhere was then not a no-op. Now they iterate ``ingest.tokens.ordered``.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

SCRIPT = r"""
import json, sys
from datetime import UTC, datetime
from ingest.article import Article
from ingest.pipeline import extract
from bench.corpus import articles
items = json.loads(sys.stdin.read())
items += [{"id": a["id"], "text": a["text"], "published": a["published"]} for a in articles(12, seed=1, start=218)]
out = {}
for it in items:
    art = Article.create(it["text"], doc_id=it["id"], published=it["published"])
    out[it["id"]] = sorted(extract(art, now=datetime(2024, 1, 1, tzinfo=UTC)).ntriples.decode().splitlines())
print(json.dumps(out, ensure_ascii=False))
"""


def _inputs() -> list[dict]:
    items = [{"id": "seed", "text": (ROOT / "seeds" / "000_3c6fba5912577c82.txt").read_text(encoding="utf-8"),
              "published": "2017-11-04"}]
    for folder in ("cases-heldout", "cases"):
        for txt in sorted((ROOT / "tests" / folder).glob("*.txt"))[:12]:
            meta = json.loads(txt.with_suffix(".json").read_text(encoding="utf-8"))
            items.append({"id": meta["id"], "text": txt.read_text(encoding="utf-8"), "published": meta["published"]})
    return items


def _extract_with_hash_seed(seed: str, items: list[dict]) -> dict:
    env = {**os.environ, "PYTHONHASHSEED": seed}
    proc = subprocess.run([sys.executable, "-c", SCRIPT], input=json.dumps(items), capture_output=True,
                          text=True, cwd=ROOT, env=env, timeout=300, check=True)
    return json.loads(proc.stdout)


def test_the_same_article_gives_the_same_graph_in_every_process():
    items = _inputs()
    graphs = [_extract_with_hash_seed(seed, items) for seed in ("0", "1", "2", "3")]
    assert len(graphs[0]) == len(items) + 12
    for other in graphs[1:]:
        differ = sorted(k for k in graphs[0] if graphs[0][k] != other[k])
        assert not differ, f"graphs differ between processes: {differ}"
