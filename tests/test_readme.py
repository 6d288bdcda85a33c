"""The README's examples give the answers it says they give.

GraphQL blocks are sent to a real uvicorn server over the seed as `make run` ingests it;
each is followed by a JSON block whose fields must all be in the response (lists: every
shown item matches some returned item). SPARQL blocks run on /sparql and the CSV block
after them lists rows that must be returned. The README's two set-up commands are the
ones CI runs."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import httpx
import pytest

from kg.config import Settings

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
BLOCK = re.compile(r"```(\w+)\n(.*?)```", re.S)


def pairs(first: str, second: str) -> list[tuple[str, str]]:
    blocks = BLOCK.findall(README)
    return [(a[1], b[1]) for a, b in zip(blocks, blocks[1:], strict=False) if a[0] == first and b[0] == second]


def contains(actual, expected) -> bool:
    if isinstance(expected, dict):
        return isinstance(actual, dict) and all(k in actual and contains(actual[k], v) for k, v in expected.items())
    if isinstance(expected, list):
        return isinstance(actual, list) and all(any(contains(a, e) for a in actual) for e in expected)
    return actual == expected


@pytest.fixture(scope="module")
def server():
    from api.app import create_app
    from tests.api.ckg_api_support import LiveServer
    from tests.api.test_seed_questions import _ingested_store

    store = _ingested_store()
    with LiveServer(create_app(store, Settings(store="memory"))) as live, \
            httpx.Client(base_url=live.url, timeout=30) as client:
        yield client


def test_readme_has_examples():
    assert len(pairs("graphql", "json")) >= 3 and pairs("sparql", "csv")


@pytest.mark.parametrize(("query", "answer"), pairs("graphql", "json"), ids=lambda t: t.strip()[:40])
def test_graphql_example(server, query, answer):
    response = server.post("/graphql", json={"query": query}).json()
    assert contains(response, json.loads(answer)), json.dumps(response, ensure_ascii=False)[:2000]


@pytest.mark.parametrize(("query", "answer"), pairs("sparql", "csv"), ids=lambda t: t.strip()[:40])
def test_sparql_example(server, query, answer):
    r = server.post("/sparql", data={"query": query}, headers={"Accept": "text/csv"})
    assert r.status_code == 200, r.text
    got = list(csv.reader(io.StringIO(r.text)))
    want = list(csv.reader(io.StringIO(answer)))
    assert got[0] == want[0]
    assert all(row in got[1:] for row in want[1:]), got


def test_set_up_commands_are_the_ones_ci_runs():
    first = BLOCK.search(README)
    assert first and first.group(1) == "sh"
    commands = [line.split("#")[0].strip() for line in first.group(2).splitlines() if line.strip()]
    assert commands == ["make run", "make test"]
    ci = (ROOT / ".ci" / "run").read_text()
    assert "make test" in ci.splitlines()[-1]
