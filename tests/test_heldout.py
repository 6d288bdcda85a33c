"""Generalisation: extraction on the HELD-OUT reports of tests/cases-heldout/ and of
tests/cases-heldout2/ and tests/cases-heldout3/ (written blind: without reading the pipeline or any
other report).

These reports are not used for tuning the rules. They are scored exactly like tests/cases/
by tests/ingest/test_ingest_cases.py: that module is imported (a private copy, loaded by
path) and its own evaluate()/score_case() are called, with only its case loader pointed at
a held-out folder. The floor is deliberately low so that this test cannot block CI; the
point is the printed numbers (also recorded in each folder's README.md).

The test prints the figures only. The misses would show whoever tunes the rules what the
held-out reports contain, so they are printed only on request, by the script:

Run: .venv/bin/python tests/test_heldout.py [cases-heldout2]            (the numbers)
     .venv/bin/python tests/test_heldout.py --misses [cases-heldout2]   (and every miss)
  or .venv/bin/python -m pytest tests/test_heldout.py
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parent
SETS = ("cases-heldout", "cases-heldout2", "cases-heldout3")
RECALL_FLOOR = 0.2


def _load(name: str, path: Path):
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None or not path.exists():
        raise ImportError(f"cannot load {path}")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def heldout_cases(folder: str = SETS[0]) -> list[dict]:
    checker = TESTS / folder / "check_heldout.py"
    if not checker.exists():
        return []
    return _load(f"_check_{folder.replace('-', '_')}", checker).load_cases()


def evaluate(folder: str = SETS[0]) -> dict:
    """tests/ingest/test_ingest_cases.py's own evaluate(), with its case loader replaced by
    the held-out folder's (a private module object: the real test module is left untouched)."""
    mod = _load(f"_ingest_cases_scoring_{folder.replace('-', '_')}", TESTS / "ingest" / "test_ingest_cases.py")
    mod._load_cases = lambda: heldout_cases(folder)
    return mod.evaluate()


def _report(folder: str, result: dict, misses: bool = False) -> str:
    head = (
        f"{folder}: {len(heldout_cases(folder))} cases, expected {result['expected']}, "
        f"extracted {result['extracted']}, matched {result['matched']}, "
        f"precision {result['precision']:.2f}, recall {result['recall']:.2f}"
    )
    return "\n".join([head, *result["notes"]]) if misses else head


@pytest.mark.slow
@pytest.mark.parametrize("folder", SETS)
def test_heldout_precision_recall(capsys, folder):
    if not heldout_cases(folder):
        pytest.skip(f"no cases in tests/{folder}")
    result = evaluate(folder)
    with capsys.disabled():
        print("\n" + _report(folder, result))
    assert result["recall"] >= RECALL_FLOOR, _report(folder, result)


if __name__ == "__main__":
    root = str(TESTS.parent)
    if root not in sys.path:
        sys.path.insert(0, root)
    args = sys.argv[1:]
    show = "--misses" in args
    for folder in [a for a in args if a != "--misses"] or SETS:
        print(_report(folder, evaluate(folder), misses=show))
