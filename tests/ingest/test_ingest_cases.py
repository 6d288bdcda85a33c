"""Generality: extraction on the hand-written evaluation reports of tests/cases/ (unseen by the
rules), scored by event precision/recall. An extracted event matches an expected one when
the ACLED sub-event type is equal, the place is the same (its Arabic or English label, or a
place within it / containing it), and the dates overlap (the expected date at its precision
against the extracted earliest..latest). Each expected event matches at most one extracted
event. Measured numbers are in ingest/EVALUATION.md."""

from __future__ import annotations

import importlib.util
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from ingest.article import Article
from ingest.event_types import scheme
from ingest.events import place_chain
from ingest.normalize import fold
from ingest.pipeline import analyse, default_index

CASES = Path(__file__).resolve().parents[1] / "cases"
RECALL_FLOOR = 0.90
PRECISION_FLOOR = 0.84


def _load_cases() -> list[dict]:
    spec = importlib.util.spec_from_file_location("check_cases", CASES / "check_cases.py")
    if spec is None or spec.loader is None or not (CASES / "check_cases.py").exists():
        return []
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod.load_cases()


def _date_span(value: str, precision: str) -> tuple[date, date]:
    if precision in ("day", "week"):
        d = date.fromisoformat(value)
        return d, d
    if precision == "month":
        y, m = map(int, value.split("-"))
        nxt = date(y + (m == 12), m % 12 + 1, 1)
        return date(y, m, 1), date.fromordinal(nxt.toordinal() - 1)
    y = int(value)
    return date(y, 1, 1), date(y, 12, 31)


def _place_matches(index, refs: list[str], expected: dict, doc=None) -> bool:
    want = {fold(expected.get("place_ar") or ""), (expected.get("place_en") or "").lower()} - {""}
    for ref in refs:
        chain = place_chain(doc, ref) if doc is not None else [ref, *index.ancestors(ref, "within")]
        if ref.startswith("local:"):  # a place named only in this report: its Arabic name
            lp = doc.ents.local_places.get(ref[6:])
            if lp and fold(lp.label_ar) in want:
                return True
        for r in chain[:2]:
            e = index.entities.get(r)
            if e and (fold(e.label_ar) in want or e.label_en.lower() in want):
                return True
        e = index.entities.get(ref)
        if e:
            labels = {words for words, iris in ((w, i) for lst in index.labels.values() for w, i in lst)
                      if ref in iris}
            if any(" ".join(w) in want for w in labels):
                return True
    return False


def score_case(case: dict, index) -> tuple[int, int, int, list[str]]:
    """(matched, extracted, expected, notes) for one case."""
    art = Article.create(case["text"], doc_id=case["id"], published=case.get("published"),
                         publisher=case.get("publisher"), title=case.get("title"))
    doc, _, ex = analyse(art, index)
    subs = {slug: v[1] for slug, v in scheme().items()}
    extracted = ex.events
    used: set[int] = set()
    notes = []
    for exp in case["expected_events"]:
        lo, hi = _date_span(exp["date"], exp["date_precision"])
        hit = None
        for k, ev in enumerate(extracted):
            if k in used or subs.get(ev.slug) != exp["acled_sub_event_type"]:
                continue
            if not _place_matches(index, ev.places, exp, doc):
                continue
            t = ev.time
            if t is None or t.earliest is None or t.latest < lo or t.earliest > hi:
                continue
            hit = k
            break
        if hit is None:
            notes.append(f"{case['stem']}: missed {exp['acled_sub_event_type']} at {exp['place_en']} {exp['date']}")
        else:
            used.add(hit)
    return len(used), len(extracted), len(case["expected_events"]), notes


def evaluate() -> dict:
    index = default_index()
    matched = extracted = expected = 0
    notes: list[str] = []
    for case in _load_cases():
        m, x, e, n = score_case(case, index)
        matched, extracted, expected = matched + m, extracted + x, expected + e
        notes += n
    return {"matched": matched, "extracted": extracted, "expected": expected,
            "precision": matched / extracted if extracted else 0.0,
            "recall": matched / expected if expected else 0.0, "notes": notes}


@pytest.mark.slow
def test_cases_precision_recall():
    if not _load_cases():
        pytest.skip("no evaluation cases")
    result = evaluate()
    assert result["recall"] >= RECALL_FLOOR, result
    assert result["precision"] >= PRECISION_FLOOR, result


def test_cases_extract_valid_graphs():
    from ingest.pipeline import extract

    for case in _load_cases()[:3]:
        art = Article.create(case["text"], doc_id=case["id"], published=case.get("published"))
        x = extract(art, now=datetime(2024, 1, 1, tzinfo=UTC))
        assert len(x.graph) > 20


if __name__ == "__main__":
    r = evaluate()
    print({k: v for k, v in r.items() if k != "notes"})
    print("\n".join(r["notes"]))
