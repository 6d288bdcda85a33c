"""Extraction speed on ~2 KB Arabic reports (a measurement, not a timed test).

Run: ``.venv/bin/python tests/ingest/measure_speed.py [--validate] [--seconds N] [--mentions POLICY]``

The corpus is the seed article and the evaluation reports of tests/cases/, joined to about
2.2 KB each (like a typical wire report). Prints documents/s for ``extract(...).triples``
(all stages plus the pyoxigraph triples the ingest gate takes), and with ``--validate`` also
for extraction + ``kg.validation.validate_document`` (per-document SHACL). One process, one
core (CPU time); the gazetteer index and lexicons are built before timing starts.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from ingest.article import Article  # noqa: E402
from ingest.pipeline import default_index, extract  # noqa: E402


def corpus(target: int = 2200) -> list[Article]:
    texts = [(ROOT / "seeds" / "000_3c6fba5912577c82.txt").read_text(encoding="utf-8")]
    meta = ["2017-11-04"]
    for txt in sorted((ROOT / "tests" / "cases").glob("*.txt")):
        texts.append(txt.read_text(encoding="utf-8"))
        meta.append(json.loads(txt.with_suffix(".json").read_text(encoding="utf-8"))["published"])
    arts = []
    for i, (t, pub) in enumerate(zip(texts, meta, strict=True)):
        body = t
        j = i + 1
        while len(body) < target:  # pad short reports with the next one, as a longer article
            body += "\n" + texts[j % len(texts)]
            j += 1
        arts.append(Article.create(body[: max(target, len(t))], doc_id=f"speed-{i:03d}", published=pub))
    return arts


def rate(arts: list[Article], fn, seconds: float) -> float:
    """Documents per second of CPU time of this process (a busy machine does not skew it)."""
    n, start = 0, time.process_time()
    while time.process_time() - start < seconds:
        for a in arts:
            fn(a)
            n += 1
    return n / (time.process_time() - start)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--validate", action="store_true", help="also time extraction + SHACL validation")
    ap.add_argument("--seconds", type=float, default=5.0)
    ap.add_argument("--mentions", choices=("first", "referenced", "all", "none"), default=None,
                    help="which mention nodes to emit (default: ingest.rdf.MENTIONS)")
    args = ap.parse_args()
    default_index()
    arts = corpus()
    now = datetime(2024, 1, 1, tzinfo=UTC)
    size = sum(len(a.text.encode("utf-8")) for a in arts) / len(arts)
    for a in arts:  # warm caches (lexicons, scheme, validator)
        _ = extract(a, now=now, mentions=args.mentions).triples
    triples = sum(len(extract(a, now=now, mentions=args.mentions).triples) for a in arts) / len(arts)
    print(f"{len(arts)} documents, {size / 1024:.1f} KB each on average (UTF-8), {triples:.0f} triples each")
    r = rate(arts, lambda a: extract(a, now=now, mentions=args.mentions).triples, args.seconds)
    print(f"extract (pyoxigraph triples): {r:.0f} docs/s")
    if args.validate:
        from kg.validation import validate_document

        def full(a: Article) -> None:
            report = validate_document(extract(a, now=now, mentions=args.mentions).triples)
            assert report.conforms, report

        full(arts[0])
        r = rate(arts, full, args.seconds)
        print(f"extract + validate_document: {r:.0f} docs/s")


if __name__ == "__main__":
    main()
