"""Generalisation: extraction on the SECOND held-out set, tests/cases-heldout2/.

These 16 reports were written blind (without reading the pipeline or any other report text)
and are never used for tuning the rules. They are scored exactly like tests/cases/ and
tests/cases-heldout/ by tests/ingest/test_ingest_cases.py: that module is imported (a private
copy, loaded by path) and its own evaluate()/score_case() are called, with only its case
loader pointed at tests/cases-heldout2/. The floor is deliberately low so that this test
cannot block CI; the point is the printed numbers (record them in
tests/cases-heldout2/README.md).

Run: .venv/bin/python tests/test_heldout2.py      (prints the numbers and every miss)
  or .venv/bin/python -m pytest tests/test_heldout2.py
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parent
HELDOUT2 = TESTS / "cases-heldout2"
RECALL_FLOOR = 0.2


def _load(name: str, path: Path):
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None or not path.exists():
        raise ImportError(f"cannot load {path}")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def heldout2_cases() -> list[dict]:
    if not (HELDOUT2 / "check_heldout.py").exists():
        return []
    return _load("_check_heldout2", HELDOUT2 / "check_heldout.py").load_cases()


def scoring_module():
    """tests/ingest/test_ingest_cases.py, with its case loader replaced by the heldout2 one.
    A private module object, so the real test module and its loader are left untouched."""
    mod = _load("_ingest_cases_scoring_heldout2", TESTS / "ingest" / "test_ingest_cases.py")
    mod._load_cases = heldout2_cases
    return mod


def evaluate() -> dict:
    return scoring_module().evaluate()


def _report(result: dict) -> str:
    head = (
        f"held-out-2 cases: {len(heldout2_cases())}, expected {result['expected']}, "
        f"extracted {result['extracted']}, matched {result['matched']}, "
        f"precision {result['precision']:.2f}, recall {result['recall']:.2f}"
    )
    return "\n".join([head, *result["notes"]])


@pytest.mark.slow
def test_heldout2_precision_recall(capsys):
    if not heldout2_cases():
        pytest.skip("no held-out-2 cases")
    result = evaluate()
    with capsys.disabled():
        print("\n" + _report(result))
    assert result["recall"] >= RECALL_FLOOR, _report(result)


if __name__ == "__main__":
    root = str(TESTS.parent)
    if root not in sys.path:
        sys.path.insert(0, root)
    print(_report(evaluate()))
