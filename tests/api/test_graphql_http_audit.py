"""graphql-http's audit suite (GraphQL over HTTP) against the real server: every MUST
passes. Needs ``npm ci`` in tests/api/audit (the Makefile does it)."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

AUDIT = Path(__file__).parent / "audit"


def test_graphql_http_audits(server):
    if shutil.which("node") is None:
        pytest.skip("node is not installed")
    if not (AUDIT / "node_modules" / "graphql-http").is_dir():
        pytest.skip("tests/api/audit/node_modules is missing: run `npm ci` in tests/api/audit")
    proc = subprocess.run(
        ["node", str(AUDIT / "run.mjs"), server.url + "/graphql"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    results = json.loads(proc.stdout)
    must_failures = [e for e in results["error"] if "MUST" in e["name"]]
    assert not must_failures, json.dumps(must_failures, indent=2)
    assert proc.returncode == 0, json.dumps(results["error"], indent=2)
