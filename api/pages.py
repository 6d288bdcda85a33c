# ruff: noqa: E501 - CSS and HTML templates read better unwrapped
"""Resource pages: every IRI under https://w3id.org/conflict-kg/id/ resolves at /id/….

Browsers get HTML (Arabic right-to-left beside English, the properties, each evidence
sentence with its span in <mark>, links rewritten to local /id/ pages); Linked Data
clients get Turtle, JSON-LD, N-Triples or RDF/XML by Accept. Every string that reaches
the HTML goes through :func:`html.escape`; links are only ever made from IRIs.
"""

from __future__ import annotations

import html
import io
from collections import defaultdict

import anyio.to_thread
import pyoxigraph as ox
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

from api import ids
from api.negotiation import MEDIA_TYPE, negotiate
from kg.errors import NotFound
from kg.namespaces import CKG, DATA, EVENT_TYPE, NIF, PREFIXES, RDF, SDO, SKOS
from kg.store import export_format

PAGE_TYPES = {
    "text/html": "html",
    "application/xhtml+xml": "html",
    "text/turtle": "turtle",
    "application/ld+json": "jsonld",
    "application/n-triples": "nt",
    "application/rdf+xml": "rdfxml",
}
_DATA, _ET = str(DATA), str(EVENT_TYPE)
_LABEL = ox.NamedNode(str(SKOS.prefLabel))
SEM_PLACE = "http://semanticweb.cs.vu.nl/2009/11/sem/hasPlace"

_OUT = """SELECT ?p ?o WHERE { ?s ?p ?o }"""
_IN = """SELECT DISTINCT ?s ?p WHERE { ?s ?p ?o } LIMIT 200"""
_LABELS = """SELECT ?x ?l WHERE { ?s ?p ?x . ?x ?label ?l }"""
_EVIDENCE = """PREFIX nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#>
PREFIX ckg: <https://w3id.org/conflict-kg/ontology#>
SELECT ?ev ?begin ?end ?anchor ?sentence ?sb WHERE {
  ?s ckg:evidence|ckg:quote ?ev . ?ev nif:beginIndex ?begin ; nif:endIndex ?end ; nif:anchorOf ?anchor .
  OPTIONAL { ?ev nif:sentence ?sent . ?sent nif:anchorOf ?sentence ; nif:beginIndex ?sb }
} ORDER BY ?begin"""


def local_href(iri: str) -> str:
    """The local page of one of our IRIs, else the IRI itself."""
    if iri.startswith(_DATA):
        return "/id/" + iri[len(_DATA) :]
    if iri.startswith(_ET):
        return "/event-type/" + iri[len(_ET) :]
    return iri


def short(iri: str) -> str:
    for prefix, ns in PREFIXES.items():
        if iri.startswith(ns) and prefix not in ("ckgid",):
            return f"{prefix}:{iri[len(ns) :]}"
    return iri


def _is_arabic(text: str) -> bool:
    return any("\u0600" <= c <= "\u06ff" for c in text)


async def resource(request: Request) -> Response:
    iri = ids.resource_iri(request.path_params["path"])
    return await _respond(request, iri)


async def event_type(request: Request) -> Response:
    iri = ids.event_type_iri(request.path_params["slug"])
    return await _respond(request, iri)


async def _respond(request: Request, iri: str) -> Response:
    state = request.app.state.ckg
    node = ox.NamedNode(iri)
    store = state.store
    out_rows = await anyio.to_thread.run_sync(lambda: store.query(_OUT, bindings={"s": node}).rows)
    if not out_rows:
        raise NotFound(f"nothing is known about <{iri}>")
    fmt = negotiate(request.headers.get("accept"), PAGE_TYPES, request.query_params.get("format"))
    if fmt != "html":
        triples = [ox.Triple(node, p, o) for p, o in out_rows]
        buf = io.BytesIO()
        ox.serialize(triples, buf, format=export_format(fmt), prefixes=PREFIXES if fmt == "turtle" else None)
        return Response(buf.getvalue(), media_type=MEDIA_TYPE[fmt], headers={"Vary": "Accept"})

    def gather():
        incoming = store.query(_IN, bindings={"o": node}).rows
        labels = store.query(_LABELS, bindings={"s": node, "label": _LABEL}).rows
        in_labels = store.query(
            "SELECT ?x ?l WHERE { ?x ?p ?o . ?x ?label ?l }", bindings={"o": node, "label": _LABEL}
        ).rows
        evidence = store.query(_EVIDENCE, bindings={"s": node}).rows
        return incoming, labels + in_labels, evidence

    incoming, labels, evidence = await anyio.to_thread.run_sync(gather)
    names: dict[str, dict[str, str]] = defaultdict(dict)
    for x, lbl in labels:
        names[x.value].setdefault(lbl.language or "", lbl.value)
    page = render(iri, out_rows, incoming, names, evidence)
    return HTMLResponse(page, headers={"Vary": "Accept"})


def _name(names: dict, iri: str, lang: str) -> str | None:
    return names.get(iri, {}).get(lang)


def _link(iri: str, names: dict) -> str:
    label = _name(names, iri, "en") or _name(names, iri, "ar") or short(iri)
    ar = _name(names, iri, "ar")
    extra = ""
    if ar and ar != label:
        extra = f' <span lang="ar" dir="rtl">{html.escape(ar)}</span>'
    return f'<a href="{html.escape(local_href(iri), quote=True)}">{html.escape(label)}</a>{extra}'


def _value(term, names: dict) -> str:
    if isinstance(term, ox.NamedNode):
        return _link(term.value, names)
    if isinstance(term, ox.Literal):
        text = term.value if len(term.value) <= 600 else term.value[:600] + " …"
        if term.language == "ar" or _is_arabic(text):
            return f'<span lang="ar" dir="rtl">{html.escape(text)}</span>'
        lang = f' lang="{html.escape(term.language, quote=True)}"' if term.language else ""
        return f"<span{lang}>{html.escape(text)}</span>"
    return html.escape(str(term))


def _highlight(sentence: str, start: int, end: int) -> str:
    start, end = max(0, start), min(len(sentence), end)
    return (
        html.escape(sentence[:start])
        + "<mark>"
        + html.escape(sentence[start:end])
        + "</mark>"
        + html.escape(sentence[end:])
    )


_CSS = """body{font-family:system-ui,'Noto Naskh Arabic','Noto Sans Arabic',sans-serif;max-width:60rem;margin:2rem auto;
padding:0 1rem;line-height:1.6;color:#1d1d1f}
.names{display:flex;gap:2rem;align-items:baseline;flex-wrap:wrap}
.ar{font-size:1.5rem;text-align:right}
table{border-collapse:collapse;width:100%}td,th{border-top:1px solid #ddd;padding:.3rem .5rem;vertical-align:top;
text-align:left}th{white-space:nowrap;color:#555;font-weight:normal}
blockquote{border-right:4px solid #c93;margin:.5rem 0;padding:.3rem 1rem;background:#fbf8f1;font-size:1.15rem}
mark{background:#ffe066;padding:0 .1em}.iri{color:#666;font-size:.85rem;word-break:break-all}"""


def render(iri: str, out_rows, incoming, names: dict, evidence) -> str:
    en = _name(names, iri, "en")
    ar = _name(names, iri, "ar")
    types = [o.value for p, o in out_rows if p.value == str(RDF.type) and isinstance(o, ox.NamedNode)]
    if not (en or ar):
        for p, o in out_rows:
            if p.value in (str(SDO.headline), str(NIF.anchorOf), str(SDO.name)) and isinstance(o, ox.Literal):
                if _is_arabic(o.value):
                    ar = ar or o.value
                else:
                    en = en or o.value
    if not (en or ar):  # a statement: name it by its type and place
        etype = next((o.value for p, o in out_rows if p.value == str(CKG.eventType)), None)
        place = next((o.value for p, o in out_rows if p.value in (SEM_PLACE, str(CKG.controlledPlace))), None)
        for lang in ("en", "ar"):
            bits = [
                b
                for b in (
                    _name(names, etype, lang) if etype else None,
                    _name(names, place, lang) if place else None,
                )
                if b
            ]
            if lang == "en" and bits:
                en = " — ".join(bits)
            elif bits:
                ar = " — ".join(bits)
    title = en or ar or short(iri)
    kind = ", ".join(short(t) for t in types)
    parts = [
        "<!doctype html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{html.escape(title)} — conflict-kg</title><style>{_CSS}</style></head><body>",
        '<header class="names">',
        f'<div lang="en" dir="ltr"><h1>{html.escape(en or short(iri))}</h1></div>' if en or not ar else "",
        f'<div class="ar" lang="ar" dir="rtl"><h1>{html.escape(ar)}</h1></div>' if ar else "",
        "</header>",
        f'<p class="iri">{html.escape(kind)} · <a href="{html.escape(iri, quote=True)}">{html.escape(iri)}</a></p>',
    ]
    if evidence:
        parts.append('<section><h2>Evidence <span lang="ar" dir="rtl">الدليل</span></h2>')
        for _ev, begin, end, anchor, sentence, sb in evidence:
            if sentence is not None and sb is not None:
                offset = int(sb.value)
                body = _highlight(sentence.value, int(begin.value) - offset, int(end.value) - offset)
            else:
                body = "<mark>" + html.escape(anchor.value) + "</mark>"
            parts.append(f'<blockquote lang="ar" dir="rtl">{body}</blockquote>')
            parts.append(f'<p class="iri">characters {int(begin.value)}–{int(end.value)}</p>')
        parts.append("</section>")
    parts.append("<section><h2>Properties</h2><table>")
    grouped: dict[str, list] = defaultdict(list)
    for p, o in out_rows:
        if p.value == str(NIF.isString):
            continue
        grouped[p.value].append(o)
    for p in sorted(grouped):
        values = "<br>".join(_value(o, names) for o in grouped[p])
        parts.append(
            f'<tr><th><a href="{html.escape(local_href(p), quote=True)}">{html.escape(short(p))}</a></th>'
            f"<td>{values}</td></tr>"
        )
    parts.append("</table></section>")
    text = next((o.value for p, o in out_rows if p.value == str(NIF.isString)), None)
    if text is not None:
        parts.append(
            '<section><h2>Text <span lang="ar" dir="rtl">النص</span></h2>'
            f'<div lang="ar" dir="rtl" style="white-space:pre-wrap">{html.escape(text)}</div></section>'
        )
    if incoming:
        parts.append("<section><h2>Referenced by</h2><ul>")
        for s, p in incoming:
            parts.append(f'<li>{_link(s.value, names)} <span class="iri">{html.escape(short(p.value))}</span></li>')
        parts.append("</ul></section>")
    parts.append("</body></html>")
    return "\n".join(x for x in parts if x)


__all__ = ["PAGE_TYPES", "CKG", "event_type", "local_href", "render", "resource"]
