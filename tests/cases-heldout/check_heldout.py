"""Loader and validator for the held-out Arabic evaluation cases (tests/cases-heldout/, and
tests/cases-heldout2/ through its own thin check_heldout.py).

A thin wrapper around tests/cases/check_cases.py: it reuses that file's loader and
validate_case(), with two differences for the held-out folders:

* case ids are "<folder>-NNN" ("heldout-NNN", "heldout2-NNN") instead of "case-NNN";
* the country "Saudi Arabia" is allowed (Houthi missiles on Jizan, Najran, Khamis Mushait).

Usage:
    python tests/cases-heldout/check_heldout.py [FOLDER]    # validate every case, exit 1 on errors

From tests:
    load_cases()   # list of dicts: JSON metadata + "text" + "stem", sorted by number
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

HELDOUT_DIR = Path(__file__).resolve().parent
CHECK_CASES = HELDOUT_DIR.parent / "cases" / "check_cases.py"
ID_PREFIX = "heldout-"


def id_prefix(directory: Path) -> str:
    """The case-id prefix of a held-out folder: "cases-heldout2" -> "heldout2-"."""
    return Path(directory).resolve().name.removeprefix("cases-") + "-"

EXTRA_COUNTRIES = {"Saudi Arabia"}


def _base():
    """A private copy of check_cases.py (its module globals can be extended here without
    touching the module other tests import)."""
    spec = importlib.util.spec_from_file_location("_check_cases_for_heldout", CHECK_CASES)
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot load {CHECK_CASES}")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    mod.COUNTRIES = set(mod.COUNTRIES) | EXTRA_COUNTRIES
    return mod


_BASE = _base()


def load_cases(directory: str | Path | None = None) -> list[dict]:
    return _BASE.load_cases(directory or HELDOUT_DIR)


def validate_case(case: dict, prefix: str = ID_PREFIX) -> list[str]:
    stem = case.get("stem", "?")
    errs: list[str] = []
    want = f"{prefix}{stem[:3]}"
    if case.get("id") != want:
        errs.append(f"{stem}: id {case.get('id')!r} does not match file number (expected {want!r})")
    # check_cases.validate_case expects "case-NNN"; give it that id, every other check is its own
    errs += _BASE.validate_case({**case, "id": f"case-{stem[:3]}"})
    return errs


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    directory = Path(argv[0]) if argv else HELDOUT_DIR
    cases = load_cases(directory)
    if not cases:
        print("no cases found", file=sys.stderr)
        return 1
    errors = []
    ids = [c.get("id") for c in cases]
    if len(set(ids)) != len(ids):
        errors.append("duplicate case ids")
    for c in cases:
        if not (directory / f"{c['stem']}.txt").exists():
            errors.append(f"{c['stem']}: missing .txt")
        errors.extend(validate_case(c, id_prefix(directory)))
    n_ev = sum(len(c.get("expected_events", [])) for c in cases)
    n_cl = sum(len(c.get("expected_claims", [])) for c in cases)
    for e in errors:
        print("ERROR", e)
    print(f"{len(cases)} cases, {n_ev} events, {n_cl} claims, {len(errors)} errors")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
