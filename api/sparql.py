"""SPARQL 1.1 Protocol endpoint at /sparql (https://www.w3.org/TR/sparql11-protocol/).

* query via GET (``?query=``), POST form (``query=``) or POST direct
  (``application/sparql-query``); ``default-graph-uri`` / ``named-graph-uri`` set the
  dataset (for a direct POST they come in the URL);
* SELECT/ASK answer JSON, XML, CSV or TSV; CONSTRUCT/DESCRIBE Turtle, N-Triples, JSON-LD
  or RDF/XML, by Accept (default JSON / Turtle);
* updates (POST ``application/sparql-update`` or form ``update=``) are refused with 403
  unless the server allows them (``CKG_SPARQL_UPDATE``) and the request carries the write
  token; ``using-graph-uri`` / ``using-named-graph-uri`` are refused with 400 (the store
  interface takes no update dataset);
* the store's deadline and result cap answer 503 / 413 with the error JSON, never a
  truncated 200; a query that does not parse answers 400 with the parser's message;
* no query at all: the service description (Turtle, sd: vocabulary).
"""

from __future__ import annotations

import hmac
import io
import re
from urllib.parse import parse_qsl

import anyio.to_thread
import pyoxigraph as ox
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response

from api.negotiation import GRAPH_TYPES, MEDIA_TYPE, SELECT_TYPES, negotiate
from kg.errors import Forbidden, InvalidInput
from kg.results import RESULT_FORMATS
from kg.store import export_format

_BEARER = re.compile(r"Bearer\s+(\S+)\s*", re.IGNORECASE)
SD = "http://www.w3.org/ns/sparql-service-description#"
_MAX_BODY = 1_000_000


def _params(pairs: list[tuple[str, str]]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for k, v in pairs:
        out.setdefault(k, []).append(v)
    return out


def _one(params: dict[str, list[str]], name: str) -> str | None:
    values = params.get(name, [])
    if len(values) > 1:
        raise InvalidInput(f"give one `{name}` parameter, not {len(values)}")
    return values[0] if values else None


def _graph_iris(values: list[str], what: str) -> list[str]:
    out = []
    for v in values:
        try:
            out.append(ox.NamedNode(v).value)
        except ValueError:
            raise InvalidInput(f"{what} {v[:100]!r} is not an absolute IRI") from None
    return out


async def _body_text(request: Request, media: str) -> str:
    charset = "utf-8"
    for part in request.headers.get("content-type", "").split(";")[1:]:
        key, _, value = part.strip().partition("=")
        if key.lower() == "charset":
            charset = value.strip().strip('"').lower()
    if charset not in ("utf-8", "utf8"):
        raise HTTPException(415, f"{media} must be sent as UTF-8, not {charset}")
    body = await request.body()
    if len(body) > _MAX_BODY:
        raise HTTPException(413, f"request body over {_MAX_BODY} bytes")
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        raise InvalidInput("the request body is not valid UTF-8") from None


def _authorized(request: Request, token: str) -> bool:
    m = _BEARER.fullmatch(request.headers.get("authorization", ""))
    return bool(token) and bool(m) and hmac.compare_digest(m.group(1).encode(), token.encode())


async def endpoint(request: Request) -> Response:
    state = request.app.state.ckg
    url_params = _params(parse_qsl(request.url.query, keep_blank_values=True))
    query = update = None
    if request.method == "GET":
        params = url_params
        if "update" in params:
            raise HTTPException(405, "SPARQL updates must be sent with POST")
        query = _one(params, "query")
    elif request.method == "POST":
        media = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if media == "application/x-www-form-urlencoded":
            text = await _body_text(request, media)
            params = _params(parse_qsl(text, keep_blank_values=True))
            query, update = _one(params, "query"), _one(params, "update")
            if query is not None and update is not None:
                raise InvalidInput("give either `query` or `update`, not both")
            if "query" in url_params or "update" in url_params:
                raise InvalidInput("with a form POST, `query`/`update` go in the body, not in the URL")
        elif media == "application/sparql-query":
            params = url_params
            query = await _body_text(request, media)
            if "query" in url_params:
                raise InvalidInput("a direct POST carries the query in the body only")
        elif media == "application/sparql-update":
            params = url_params
            update = await _body_text(request, media)
        elif not media:
            raise HTTPException(
                415,
                "POST needs a Content-Type: application/sparql-query, "
                "application/sparql-update or application/x-www-form-urlencoded",
            )
        else:
            raise HTTPException(
                415,
                f"unsupported Content-Type {media!r}; use application/sparql-query, "
                "application/sparql-update or application/x-www-form-urlencoded",
            )
    else:
        raise HTTPException(405, "use GET or POST", headers={"Allow": "GET, POST"})

    if update is not None:
        return await _update(request, state, update, params)
    if query is None:
        if request.method == "POST":
            raise InvalidInput("no `query` given")
        return await _service_description(request, state)
    default_graphs = _graph_iris(params.get("default-graph-uri", []), "default-graph-uri")
    named_graphs = _graph_iris(params.get("named-graph-uri", []), "named-graph-uri")
    settings = state.settings

    def run():
        return state.store.query(
            query,
            default_graphs=default_graphs or None,
            named_graphs=named_graphs or None,
            timeout=settings.query_timeout,
            max_results=settings.max_results,
        )

    result = await anyio.to_thread.run_sync(run)
    fmt_param = request.query_params.get("format")
    if result.kind == "graph":
        fmt = negotiate(request.headers.get("accept"), GRAPH_TYPES, fmt_param)
    else:
        fmt = negotiate(request.headers.get("accept"), SELECT_TYPES, fmt_param)
    body = await anyio.to_thread.run_sync(result.serialize, fmt)
    media = MEDIA_TYPE.get(fmt) or RESULT_FORMATS.get(fmt, "application/octet-stream")
    return Response(
        body,
        media_type=media + ("; charset=utf-8" if fmt in ("csv", "tsv", "turtle", "nt") else ""),
        headers={"Vary": "Accept"},
    )


async def _update(request: Request, state, update: str, params: dict[str, list[str]]) -> Response:
    settings = state.settings
    if state.read_only or not settings.sparql_update or not settings.write_token:
        raise Forbidden("SPARQL updates are disabled on this server (read-only endpoint)")
    if not _authorized(request, settings.write_token):
        raise Forbidden("SPARQL updates need the write token: `Authorization: Bearer <token>`")
    if params.get("using-graph-uri") or params.get("using-named-graph-uri"):
        raise InvalidInput("using-graph-uri / using-named-graph-uri are not supported; use USING in the update")
    await anyio.to_thread.run_sync(state.store.update, update)
    state.data_changed()
    return Response(status_code=204)


async def _service_description(request: Request, state) -> Response:
    endpoint_iri = (
        (state.settings.base_url.rstrip("/") + "/sparql")
        if state.settings.base_url
        else str(request.url.replace(query=""))
    )
    service = ox.BlankNode("service")
    rdf_type = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")

    def sd(name: str) -> ox.NamedNode:
        return ox.NamedNode(SD + name)

    triples = [
        ox.Triple(service, rdf_type, sd("Service")),
        ox.Triple(service, sd("endpoint"), ox.NamedNode(endpoint_iri)),
        ox.Triple(service, sd("supportedLanguage"), sd("SPARQL11Query")),
        ox.Triple(service, sd("feature"), sd("UnionDefaultGraph")),
        ox.Triple(service, sd("feature"), sd("BasicFederatedQuery")),
    ]
    if state.settings.sparql_update and state.settings.write_token and not state.read_only:
        triples.append(ox.Triple(service, sd("supportedLanguage"), sd("SPARQL11Update")))
    formats = [
        "http://www.w3.org/ns/formats/SPARQL_Results_JSON",
        "http://www.w3.org/ns/formats/SPARQL_Results_XML",
        "http://www.w3.org/ns/formats/SPARQL_Results_CSV",
        "http://www.w3.org/ns/formats/SPARQL_Results_TSV",
        "http://www.w3.org/ns/formats/Turtle",
        "http://www.w3.org/ns/formats/N-Triples",
        "http://www.w3.org/ns/formats/JSON-LD",
        "http://www.w3.org/ns/formats/RDF_XML",
    ]
    triples += [ox.Triple(service, sd("resultFormat"), ox.NamedNode(f)) for f in formats]
    fmt = negotiate(request.headers.get("accept"), GRAPH_TYPES, request.query_params.get("format"))
    out = io.BytesIO()
    ox.serialize(triples, out, format=export_format(fmt), prefixes={"sd": SD} if fmt == "turtle" else None)
    return Response(out.getvalue(), media_type=MEDIA_TYPE[fmt], headers={"Vary": "Accept"})
