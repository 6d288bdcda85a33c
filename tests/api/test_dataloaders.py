"""The number of SPARQL queries per GraphQL request is bounded by the query's depth, not
by the number of results: counted through a store proxy."""

from __future__ import annotations

import httpx

from api.app import create_app
from kg.config import Settings
from tests.api.ckg_api_support import CountingStore, LiveServer, seed_store

PAGE = """query($n: Int!) { events(first: $n) { edges { node { id date type { slug acledSubEventType }
  places { name(lang: EN) lat long } participants { role actor { name(lang: EN) kind } }
  evidence { start end anchorText sentence } } } } }"""


def test_queries_do_not_grow_with_results():
    store = CountingStore(seed_store())
    app = create_app(store, Settings(store="memory"))
    with (
        LiveServer(app) as live,
        httpx.Client(base_url=live.url) as c,
    ):
        # the app's event date index is built once, at startup under a lifespan-enabled
        # server (LiveServer runs without one) or by the first request: count queries in
        # the steady state. Rows of reference data (places, gazetteer actors, event types)
        # are cached across requests, which can save a query when all of a page's are
        # cached; start each request without them, so the counts compare like with like.
        assert "errors" not in c.post("/graphql", json={"query": PAGE, "variables": {"n": 1}}).json()
        counts = {}
        for n in (1, 5, 11):
            app.state.ckg.reference.invalidate()
            store.queries.clear()
            body = c.post("/graphql", json={"query": PAGE, "variables": {"n": n}}).json()
            assert "errors" not in body and len(body["data"]["events"]["edges"]) == n
            counts[n] = len(store.queries)
    assert counts[1] == counts[5] == counts[11], counts
    assert counts[11] <= 6, counts
