"""Loader and validator for the third held-out set (tests/cases-heldout3/): the checker of
tests/cases-heldout/ (loaded by path, a private copy) pointed at this folder, whose case ids
are "heldout3-NNN".

Usage:
    python tests/cases-heldout3/check_heldout.py     # validate every case, exit 1 on errors

From tests:
    load_cases()   # list of dicts: JSON metadata + "text" + "stem", sorted by number
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
_spec = importlib.util.spec_from_file_location(
    "_check_heldout_for_heldout3", HERE.parent / "cases-heldout" / "check_heldout.py"
)
_checker = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_checker)


def load_cases(directory: str | Path | None = None) -> list[dict]:
    return _checker.load_cases(directory or HERE)


def main(argv: list[str] | None = None) -> int:
    return _checker.main([str(HERE)] if not (sys.argv[1:] if argv is None else argv) else argv)


if __name__ == "__main__":
    sys.exit(main())
