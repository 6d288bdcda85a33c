"""Data-driven SHACL cases: every file in ontology/shapes-cases/valid conforms; every file in
invalid/ fails with the shape and path its header names (`# expect-shape:`, `# expect-path:`),
under both engines (pyshacl-turbo and the reference pySHACL)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kg.validation import context_triples, validate_files

CASES = Path(__file__).resolve().parent.parent / "ontology" / "shapes-cases"
VALID = sorted((CASES / "valid").glob("*.ttl"))
INVALID = sorted((CASES / "invalid").glob("*.ttl"))
ENGINES = ["turbo", "pyshacl"]


def expectation(path: Path) -> tuple[str, str | None]:
    head = path.read_text(encoding="utf-8")
    shape = re.search(r"^# expect-shape: (\S+)", head, re.M)
    where = re.search(r"^# expect-path: (\S+)", head, re.M)
    assert shape and where, f"{path.name} lacks its expect- header"
    return shape.group(1), None if where.group(1) == "-" else where.group(1)


def test_there_are_cases():
    assert len(VALID) >= 1 and len(INVALID) >= 10


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("path", VALID, ids=lambda p: p.stem)
def test_valid_case_conforms(path, engine):
    report = validate_files([path], engine=engine)
    assert report.conforms, report.to_text()


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("path", INVALID, ids=lambda p: p.stem)
def test_invalid_case_fails_where_expected(path, engine):
    shape, where = expectation(path)
    report = validate_files([path], engine=engine)
    assert not report.conforms
    hits = [v for v in report.violations if v.shape == shape and v.path == where]
    assert hits, f"expected a violation of {shape} at {where}; got:\n{report.to_text()}"


def test_report_names_focus_path_value_message_and_shape():
    report = validate_files([CASES / "invalid" / "confidence-out-of-range.ttl"])
    line = report.to_text()
    assert "event/e1" in line and "ckg:confidence" in line and '"1.5"' in line
    assert "confidence must be" in line and "ckgsh:StatementShape" in line
    assert '"conforms": false' in report.to_json()


@pytest.mark.parametrize("path", VALID + INVALID, ids=lambda p: p.stem)
def test_the_ingest_gate_judges_each_case_the_same_way(path):
    """validate_document (what ingest runs) on the case's triples: the same verdict and the
    same violation as validate_files, and its fast native pre-check is in use (it says
    "conforms" exactly when the full report does, so a pyshacl-turbo upgrade that changes
    the native call shows up here instead of as a silent slow-down)."""
    import pyoxigraph as ox

    from kg import shacl_accept
    from kg.validation import _accept_shapes, _conforms_fast, validate_document

    triples = list(ox.parse(path=str(path), format=ox.RdfFormat.TURTLE))
    report = validate_document(triples)
    assert report.conforms is (path in VALID), report.to_text()
    if path in INVALID:
        shape, where = expectation(path)
        assert any(v.shape == shape and v.path == where for v in report.violations), report.to_text()
    text = ox.serialize(triples + context_triples(triples), format=ox.RdfFormat.N_TRIPLES).decode()
    focus = {t.subject.value for t in triples if isinstance(t.subject, ox.NamedNode)}
    assert _conforms_fast(text, focus) is report.conforms
    # and kg/shacl_accept.py, which the gate asks first, accepts exactly the valid cases
    assert shacl_accept.accepts(_accept_shapes(), text, focus) is report.conforms
