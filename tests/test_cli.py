"""`ckg` end to end, in a subprocess, on a temporary on-disk store."""

from __future__ import annotations

import json
from pathlib import Path

import pyoxigraph as ox
import pytest

ROOT = Path(__file__).resolve().parent.parent
CASES = ROOT / "ontology" / "shapes-cases"
COMMANDS = ["ingest", "validate", "export", "query", "events", "stats", "delete", "serve"]


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help_with_an_example(cli, command):
    out = cli(command, "--help").out
    assert "Example" in out and f"ckg {command}" in out


def test_top_level_help_lists_settings(cli):
    out = cli("--help").out
    assert "CKG_STORE" in out and "CKG_WRITE_TOKEN" in out


def test_validate_valid_file_exits_0(cli):
    proc = cli("validate", str(CASES / "valid" / "document.ttl"))
    assert "Conforms" in proc.out


@pytest.mark.parametrize("case", sorted((CASES / "invalid").glob("*.ttl")), ids=lambda p: p.stem)
def test_validate_invalid_file_exits_1_with_a_readable_report(cli, case):
    proc = cli("validate", str(case), check=1)
    assert proc.out.startswith("Does not conform")
    assert "Violation:" in proc.out and "Traceback" not in proc.err


def test_validate_json_report(cli):
    proc = cli("validate", "--format", "json", str(CASES / "invalid" / "missing-evidence.ttl"), check=1)
    report = json.loads(proc.out)
    assert report["conforms"] is False
    assert any(r["path"] == "ckg:evidence" for r in report["results"])


def test_validate_unparsable_file_exits_2(cli, tmp_path):
    bad = tmp_path / "bad.ttl"
    bad.write_text("<a> <b> .")
    proc = cli("validate", str(bad), check=2)
    assert proc.err.startswith("Error: cannot parse") and "Traceback" not in proc.err


def test_validate_empty_store_conforms(cli):
    proc = cli("validate")
    assert "Conforms" in proc.out


def test_query_formats(cli):
    q = "SELECT ?label WHERE { <https://w3id.org/conflict-kg/event-type/air-strike> " \
        "<http://www.w3.org/2004/02/skos/core#prefLabel> ?label . FILTER(LANG(?label) = 'en') }"
    label = cli("query", q, "--format", "csv").out.splitlines()[1]
    assert label.lower().startswith("air")
    assert label in cli("query", q).out
    rows = json.loads(cli("query", q, "--format", "json").out)["results"]["bindings"]
    assert rows == [{"label": {"type": "literal", "value": label, "xml:lang": "en"}}]
    assert cli("query", "ASK { ?s ?p ?o }", "--format", "json").out == '{"head": {}, "boolean": true}'
    ttl = cli("query", "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } LIMIT 3").stdout
    assert len(list(ox.parse(ttl, format=ox.RdfFormat.TURTLE))) == 3


def test_query_from_file_and_errors(cli, tmp_path):
    rq = tmp_path / "q.rq"
    rq.write_text("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    assert cli("query", f"@{rq}", "--format", "tsv").out.startswith("?n\n")
    proc = cli("query", "SELECT WHERE {", check=2)
    assert proc.err.startswith("Error: SPARQL syntax error") and "Traceback" not in proc.err
    assert "cannot read query file" in cli("query", "@/nonexistent.rq", check=2).err


def test_stats_json(cli):
    stats = json.loads(cli("stats", "--json").out)
    assert stats["documents"] == 0 and stats["triples"] > 0
    assert any(g.endswith("graph/event-types") for g in stats["graphs"])


def test_export_unknown_document_is_an_error(cli):
    proc = cli("export", "--graph", "nope", check=2)
    assert "no document 'nope'" in proc.err


def test_delete_unknown_document(cli):
    assert "no document 'nope'" in cli("delete", "nope", check=2).err


def test_store_setting_is_honoured(cli, tmp_path):
    other = tmp_path / "elsewhere"
    cli("--store", str(other), "stats")
    assert other.is_dir()
