"""Fixtures: a store over the hand-written seed graph and a real uvicorn server over it."""

from __future__ import annotations

import httpx
import pytest

from api.app import create_app
from kg.config import Settings
from tests.api.ckg_api_support import LiveServer, seed_store


@pytest.fixture(scope="session")
def store():
    return seed_store()


@pytest.fixture(scope="session")
def server(store):
    with LiveServer(create_app(store, Settings(store="memory"))) as live:
        yield live


@pytest.fixture(scope="session")
def client(server):
    with httpx.Client(base_url=server.url, timeout=30) as c:
        yield c
