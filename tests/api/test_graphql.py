# ruff: noqa: UP031, E501 - GraphQL documents are easiest to read as written
"""GraphQL behaviour: lookups, filters, paging, languages, search, explain, node(id)."""

from __future__ import annotations

import pytest

from tests.api.ckg_api_support import SEED_DOC, data, gql

EVENT = f"https://w3id.org/conflict-kg/id/doc/{SEED_DOC}/event/hader-car-bomb"


def event_ids(client, args: str) -> list[str]:
    d = data(client, "{ events(%s) { edges { node { id } } } }" % args)  # noqa: UP031 - test literal
    return [e["node"]["id"] for e in d["events"]["edges"]]


def test_event_by_iri_and_by_path(client):
    for ident in (EVENT, f"doc/{SEED_DOC}/event/hader-car-bomb"):
        d = data(client, "query($id: ID!) { event(id: $id) { id iri } }", {"id": ident})
        assert d["event"]["iri"] == EVENT


def test_lookups_of_wrong_kind_are_null(client):
    d = data(
        client,
        '{ event(id: "place/hader") { id } place(id: "hader") { name(lang: EN) } '
        'actor(id: "isis") { name(lang: EN) kind } document(id: "%s") { docId published publisher '
        "headline(lang: EN) } }" % SEED_DOC,
    )
    assert d["event"] is None and d["place"]["name"] == "Hader"
    assert d["actor"] == {"name": "Islamic State (ISIS)", "kind": "ARMED_GROUP"}
    assert d["document"] == {
        "docId": SEED_DOC,
        "published": "2017-11-04",
        "publisher": "الحياة",
        "headline": "النظام السوري يسيطر على كامل دير الزور",
    }  # falls back to Arabic


@pytest.mark.parametrize(
    "args,expected",
    [
        ('type: "battles"', 4),
        ('type: "explosions-remote-violence"', 1),
        ('acledSubEventType: "Suicide bomb"', 1),
        ('ploverType: "ASSAULT"', 5),
        ('actor: "iraqi-army"', 1),  # the storming, by its units (partOf+)
        ('actor: "iraqi-forces"', 3),
        ('place: "syria"', 8),
        ('place: "quneitra-governorate"', 4),
        ('dateFrom: "2017-11-03", dateTo: "2017-11-03"', 3),
        ('dateFrom: "2014-06-01", dateTo: "2014-06-30"', 1),
        ("modality: DENIED", 1),
        ("minFatalities: 5", 1),
        ("minConfidence: 0.9", 8),
        (f'document: "{SEED_DOC}"', 11),
        ('document: "other-doc"', 0),
    ],
)
def test_event_filters(client, args, expected):
    assert len(event_ids(client, args + ", first: 100")) == expected


def test_events_are_ordered_by_date_undated_last(client):
    d = data(client, "{ events(first: 100) { edges { node { date } } } }")
    dates = [e["node"]["date"] for e in d["events"]["edges"]]
    dated = [x for x in dates if x]
    assert dated == sorted(dated) and dates[: len(dated)] == dated
    d = data(client, "{ events(first: 100, order: DATE_DESC) { edges { node { date } } } }")
    dated = [e["node"]["date"] for e in d["events"]["edges"] if e["node"]["date"]]
    assert dated == sorted(dated, reverse=True)


def test_paging_with_cursors(client):
    seen, after, pages = [], None, 0
    while True:
        d = data(
            client,
            "query($after: String) { events(first: 3, after: $after) { totalCount edges { node { id } } "
            "pageInfo { hasNextPage endCursor hasPreviousPage } } }",
            {"after": after},
        )
        conn = d["events"]
        seen += [e["node"]["id"] for e in conn["edges"]]
        pages += 1
        assert conn["totalCount"] == 11
        if not conn["pageInfo"]["hasNextPage"]:
            break
        after = conn["pageInfo"]["endCursor"]
    assert pages == 4 and len(seen) == len(set(seen)) == 11


def test_bad_cursor_is_a_user_error(client):
    body = gql(client, '{ events(after: "not-a-cursor") { edges { node { id } } } }')
    assert body["errors"][0]["message"].startswith("invalid cursor")
    assert body["errors"][0]["extensions"]["code"] == "INVALID_INPUT"


def test_names_with_lang_and_fallback(client):
    d = data(
        client,
        '{ place(id: "al-qaim") { ar: name(lang: AR) en: name(lang: EN) dflt: name '
        'names { value lang } } actor(id: "numan-al-zobaie") { id } }',
    )
    assert d["place"]["ar"] == "القائم" and d["place"]["en"] == "Al-Qaim" and d["place"]["dflt"] == "القائم"


@pytest.mark.parametrize(
    "q,expected",
    [
        ("الرقة", "place/raqqa"),
        ("والرقة", "place/raqqa"),
        ("بالرقة", "place/raqqa"),
        ("رقة", "place/raqqa"),
        ("دير الزّور", "place/deir-ez-zor"),
        ("اسرائيلي", "actor/israeli-army"),
        ("إسرائيلي", "actor/israeli-army"),
        ("داعش", "actor/isis"),
        ("deir ez-zor", "place/deir-ez-zor"),
        ("البوكمال", "place/al-bukamal"),
        ("اشتباكات", "event-type/armed-clash"),
    ],
)
def test_arabic_aware_search(client, q, expected):
    d = data(
        client, "query($q: String!) { search(q: $q) { iri kind matchedLabel node { __typename } } }", {"q": q}
    )
    assert any(h["iri"].endswith(expected) for h in d["search"]), d["search"]


def test_actor_and_place_lists(client):
    d = data(
        client,
        '{ actors(search: "الجيش", first: 50) { edges { node { name(lang: EN) } } } '
        "units: actors(kind: MILITARY_UNIT, first: 50) { edges { node { name(lang: EN) "
        "partOf { name(lang: EN) } } } } "
        'places(within: "syria", kind: CITY, first: 50) { edges { node { name(lang: EN) } } } '
        "near: places(near: {lat: 34.4, long: 41.0, radiusKm: 30}) { edges { node { name(lang: EN) } } } }",
    )
    assert {"Iraqi Army", "Syrian Arab Army", "Israel Defense Forces"} <= {
        e["node"]["name"] for e in d["actors"]["edges"]
    }
    assert all(e["node"]["partOf"] for e in d["units"]["edges"])
    assert {"Deir ez-Zor", "Al-Bukamal", "Raqqa", "Damascus"} <= {
        e["node"]["name"] for e in d["places"]["edges"]
    }
    assert {e["node"]["name"] for e in d["near"]["edges"]} == {"Al-Bukamal", "Al-Qaim"}


def test_event_types_scheme(client):
    d = data(
        client,
        "{ eventTypes { slug name(lang: EN) acledEventType acledSubEventType ploverType cameoCode "
        "broader { slug } } }",
    )
    by_slug = {t["slug"]: t for t in d["eventTypes"]}
    assert by_slug["air-strike"]["acledSubEventType"] == "Air/drone strike"
    assert by_slug["air-strike"]["broader"]["slug"] == "explosions-remote-violence"
    assert len(by_slug) >= 60


def test_node_resolves_every_kind(client):
    for ident, typename in (
        (EVENT, "Event"),
        ("https://w3id.org/conflict-kg/id/place/hader", "Place"),
        ("https://w3id.org/conflict-kg/id/actor/isis", "Actor"),
        (f"https://w3id.org/conflict-kg/id/doc/{SEED_DOC}", "Document"),
        ("https://w3id.org/conflict-kg/event-type/attack", "EventType"),
    ):
        d = data(client, "query($id: ID!) { node(id: $id) { __typename id } }", {"id": ident})
        assert d["node"] == {"__typename": typename, "id": ident}


def test_stats_and_validation(client):
    d = data(
        client,
        '{ stats { documents events claims controlStates } validation(document: "%s") { '
        '__typename ... on ValidationReport { conforms } } missing: validation(document: "nope") { '
        "__typename } }" % SEED_DOC,
    )
    assert d["stats"] == {"documents": 1, "events": 11, "claims": 5, "controlStates": 8}
    assert d["missing"]["__typename"] == "NotFound"
    assert d["validation"]["__typename"] == "ValidationReport"


def test_explain_shows_the_sparql(client):
    # a filter the in-memory event index does not answer: the page is a SPARQL query
    r = client.post(
        "/graphql",
        json={"query": "{ events(first: 2, minFatalities: 0) { edges { node { id } } } }"},
        headers={"X-CKG-Explain": "1"},
    )
    queries = r.json()["extensions"]["sparql"]
    assert queries and "ckg:Event" in queries[0]["sparql"]
    # an unfiltered page comes from the event index, and explain says so
    r = client.post(
        "/graphql",
        json={"query": "{ events(first: 2) { edges { node { id } } } }"},
        headers={"X-CKG-Explain": "1"},
    )
    queries = r.json()["extensions"]["sparql"]
    assert queries[0]["sparql"] == "# event index: page" and "VALUES (?i ?s)" in queries[1]["sparql"]
    r = client.post("/graphql", json={"query": "{ events(first: 2) { edges { node { id } } } }"})
    assert "extensions" not in r.json()


def test_graphiql_in_a_browser(client):
    r = client.get("/graphql", headers={"accept": "text/html"})
    assert r.status_code == 200 and "graphiql" in r.text.lower()


def test_get_query(client):
    r = client.get(
        "/graphql", params={"query": "{ stats { documents } }"}, headers={"accept": "application/json"}
    )
    assert r.json()["data"]["stats"]["documents"] == 1
