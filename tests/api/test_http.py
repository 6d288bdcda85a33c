"""Health, the error JSON shape, exports (round-tripped), ontology/shapes, the events
table and the resource pages."""

from __future__ import annotations

import csv
import io
import json

import httpx
import pyoxigraph as ox
import pytest

from api.app import create_app
from kg.config import Settings
from kg.events_table import EVENT_COLUMNS, iter_event_rows
from kg.store import Store
from tests.api.ckg_api_support import SEED_DOC, LiveServer

EVENT = f"https://w3id.org/conflict-kg/id/doc/{SEED_DOC}/event/hader-car-bomb"


def test_health_ok(client):
    r = client.get("/health")
    assert r.status_code == 200 and r.json()["status"] == "ok"


class BrokenStore(Store):
    kind = "broken"

    def query(self, sparql, **kw):
        raise OSError("store is gone")

    def graph_names(self):
        raise OSError("store is gone")

    def count(self, graph=None):
        return 0

    def dump(self, output, fmt, graph=None):
        raise OSError("store is gone")

    def replace_graph(self, graph, triples):
        raise OSError

    def delete_graph(self, graph):
        raise OSError

    def update(self, sparql):
        raise OSError


def test_health_503_and_500_shape_when_store_is_down(caplog):
    with LiveServer(create_app(BrokenStore(), Settings(store="memory"))) as live:
        r = httpx.get(live.url + "/health")
        assert r.status_code == 503
        r = httpx.get(live.url + "/events.csv")
        assert r.status_code == 500
        assert r.json() == {
            "error": {
                "status": 500,
                "code": "internal_error",
                "message": "internal server error; the server log has the details",
            }
        }
    assert any("unexpected error" in rec.message for rec in caplog.records)


@pytest.mark.parametrize(
    "path,status,code",
    [
        ("/nope", 404, "not_found"),
        ("/id/doc/does-not-exist", 404, "not_found"),
        ("/id/doc/%22%3E%3Cscript%3E", 400, "invalid_input"),
        ("/export?graph=../../etc", 400, "invalid_input"),
        ("/export?graph=missing-doc", 404, "not_found"),
        ("/export?format=docx", 400, "bad_request"),
        ("/events.csv?document=a%20b", 400, "invalid_input"),
    ],
)
def test_error_shape(client, path, status, code):
    r = client.get(path)
    assert r.status_code == status, r.text
    assert r.headers["content-type"].startswith("application/json")
    assert r.json()["error"]["status"] == status and r.json()["error"]["code"] == code
    assert r.json()["error"]["message"]


@pytest.mark.parametrize(
    "fmt,media,rdf_format",
    [
        ("turtle", "text/turtle", ox.RdfFormat.TURTLE),
        ("trig", "application/trig", ox.RdfFormat.TRIG),
        ("nt", "application/n-triples", ox.RdfFormat.N_TRIPLES),
        ("nq", "application/n-quads", ox.RdfFormat.N_QUADS),
        ("jsonld", "application/ld+json", ox.RdfFormat.JSON_LD),
    ],
)
def test_export_round_trip(client, store, fmt, media, rdf_format):
    for how in ({"params": {"format": fmt}}, {"headers": {"accept": media}}):
        r = client.get(
            "/export", params={**how.get("params", {}), "graph": SEED_DOC}, headers=how.get("headers")
        )
        assert r.status_code == 200, r.text
        assert r.headers["content-type"].split(";")[0] == media
        parsed = list(ox.parse(r.content, format=rdf_format))
        assert len(parsed) == store.count(f"https://w3id.org/conflict-kg/id/doc/{SEED_DOC}")


def test_export_whole_store_trig(client, store):
    r = client.get("/export", headers={"accept": "application/trig"})
    quads = list(ox.parse(r.content, format=ox.RdfFormat.TRIG))
    assert len(quads) == store.count()


def test_export_default_is_turtle(client):
    r = client.get("/export")
    assert r.headers["content-type"].startswith("application/trig") or r.headers["content-type"].startswith(
        "text/turtle"
    )


@pytest.mark.parametrize("path", ["/ontology", "/shapes"])
@pytest.mark.parametrize(
    "accept,rdf_format",
    [
        (None, ox.RdfFormat.TURTLE),
        ("application/n-triples", ox.RdfFormat.N_TRIPLES),
        ("application/ld+json", ox.RdfFormat.JSON_LD),
        ("application/rdf+xml", ox.RdfFormat.RDF_XML),
    ],
)
def test_reference_files(client, path, accept, rdf_format):
    r = client.get(path, headers={"accept": accept} if accept else {})
    assert r.status_code == 200
    assert len(list(ox.parse(r.content, format=rdf_format))) > 50


def test_events_csv_and_jsonl(client, store):
    rows = list(iter_event_rows(store))
    r = client.get("/events.csv")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    table = list(csv.DictReader(io.StringIO(r.text)))
    assert list(table[0]) == EVENT_COLUMNS and len(table) == len(rows) == 11
    bomb = next(row for row in table if row["event_id"] == EVENT)
    assert bomb["sub_event_type"] == "Suicide bomb" and bomb["fatalities"] == "9"
    assert (
        bomb["location"] == "Hader"
        and bomb["admin1"] == "Quneitra Governorate"
        and bomb["country"] == "Syria"
    )
    assert bomb["source"] == "الحياة" and "تفجير انتحاري" in bomb["evidence_text"]
    lines = client.get("/events.jsonl", params={"document": SEED_DOC}).text.splitlines()
    assert len(lines) == 11
    first = json.loads(lines[0])
    assert list(first) == EVENT_COLUMNS and first["date_precision"] == "year"
    assert "\\u" not in lines[0]  # Arabic stays readable


def test_resource_page_html(client):
    r = client.get("/id/doc/" + SEED_DOC + "/event/hader-car-bomb", headers={"accept": "text/html"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    page = r.text
    assert '<blockquote lang="ar" dir="rtl">' in page
    assert "<mark>وتعرضت قرية حضر الدرزية" in page
    assert 'href="/id/place/hader"' in page and 'href="/event-type/suicide-bombing"' in page


@pytest.mark.parametrize(
    "accept,rdf_format",
    [
        ("text/turtle", ox.RdfFormat.TURTLE),
        ("application/ld+json", ox.RdfFormat.JSON_LD),
        ("application/n-triples", ox.RdfFormat.N_TRIPLES),
    ],
)
def test_resource_linked_data(client, accept, rdf_format):
    r = client.get("/id/place/deir-ez-zor", headers={"accept": accept})
    assert r.status_code == 200
    triples = list(ox.parse(r.content, format=rdf_format))
    assert all(
        t.subject == ox.NamedNode("https://w3id.org/conflict-kg/id/place/deir-ez-zor") for t in triples
    )
    assert len(triples) > 5


def test_event_type_page(client):
    r = client.get("/event-type/air-strike", headers={"accept": "text/turtle"})
    assert r.status_code == 200 and b"Air/drone strike" in r.content


def test_html_is_escaped():
    """A hostile label cannot inject markup into a page."""
    from tests.api.ckg_api_support import seed_store

    store_ = seed_store()
    evil = '<script>alert(1)</script>"><img src=x onerror=alert(2)>'
    s = ox.NamedNode("https://w3id.org/conflict-kg/id/actor/evil")
    g = ox.NamedNode("https://w3id.org/conflict-kg/graph/test")
    store_.native.add(
        ox.Quad(
            s,
            ox.NamedNode("http://www.w3.org/2004/02/skos/core#prefLabel"),
            ox.Literal(evil, language="en"),
            g,
        )
    )
    store_.native.add(
        ox.Quad(s, ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#comment"), ox.Literal(evil), g)
    )
    with LiveServer(create_app(store_, Settings(store="memory"))) as live:
        page = httpx.get(live.url + "/id/actor/evil", headers={"accept": "text/html"}).text
    assert "<script>" not in page and "<img" not in page
    assert "&lt;script&gt;" in page
