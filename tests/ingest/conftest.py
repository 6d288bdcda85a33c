"""pytest fixtures for the ingest tests (helpers live in ingest_fixtures.py)."""

from __future__ import annotations

import pytest
from ingest_fixtures import fixture_index

from ingest.gazetteer import GazetteerIndex


@pytest.fixture(scope="session")
def index() -> GazetteerIndex:
    return fixture_index()
