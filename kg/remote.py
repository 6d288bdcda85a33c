"""A :class:`kg.store.Store` on a remote SPARQL 1.1 endpoint (Oxigraph server, Fuseki,
GraphDB, Virtuoso, …), spoken to over the SPARQL 1.1 Protocol and, optionally, the Graph
Store HTTP Protocol. It is selected by ``CKG_STORE=http(s)://…/query``.

Endpoints::

    query   CKG_STORE          SELECT/ASK/CONSTRUCT/DESCRIBE (POST, form-encoded)
    update  CKG_STORE_UPDATE   SPARQL 1.1 Update; when unset and the query endpoint ends in
                               ``/query`` (Oxigraph, Fuseki), the same URL ending in ``/update``
    gsp     CKG_STORE_GSP      Graph Store Protocol (optional): whole-dataset export in one
                               streamed GET, and per-graph PUT when ``replace_via="gsp"``

Same semantics as the embedded store:

* **replace_graph** is one request, hence one transaction on the server:
  ``DROP SILENT GRAPH <g> ; INSERT DATA { GRAPH <g> { … } }`` (or one GSP ``PUT ?graph=<g>``).
  Readers see the old graph or the new one. Terms serialise themselves (pyoxigraph escapes
  them); blank nodes are refused.
* **the default graph is the union of all named graphs** unless the caller names default
  graphs. How to get that depends on the engine (``union=``):

  ``"param"``   (default) send ``union-default-graph`` with every query: Oxigraph's switch
                (other engines ignore unknown parameters; ``oxigraph serve
                --union-default-graph`` makes it the server's default instead);
  ``"native"``  the server's default graph already is the union: Fuseki/TDB2 with
                ``tdb2:unionDefaultGraph true``, GraphDB and RDF4J (default graph = all
                statements), Virtuoso (queries without FROM see every graph);
  an IRI        sent as ``default-graph-uri``: the engine's name for the union graph, e.g.
                ``urn:x-arq:UnionGraph`` on Fuseki.
* **bindings** (the only way user values enter a query) are injected as ``VALUES`` blocks by
  :func:`inject_values`; see its docstring for exactly where and why.
* errors: unreachable endpoint -> :class:`StoreError` naming it; a deadline passed ->
  :class:`QueryTimeout`; the server rejecting the SPARQL (HTTP 400) ->
  :class:`QuerySyntaxError` with the server's message; refused credentials -> StoreError.

One ``httpx.Client`` (a connection pool, thread safe) per store; API workers are stateless
and each opens its own.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Iterator
from contextlib import closing
from typing import BinaryIO
from urllib.parse import urlencode, urlsplit, urlunsplit

import httpx
import pyoxigraph as ox

from kg.bindings import inject_values
from kg.errors import QuerySyntaxError, QueryTimeout, ResultTooLarge, StoreError
from kg.results import QueryResult
from kg.store import Store, check_no_blank_nodes, ntriples_data, parse_ntriples

__all__ = ["RemoteStore", "inject_values", "UNION_MODES"]

UNION_MODES = ("param", "native")

_RESULTS_JSON = "application/sparql-results+json"
_RESULTS_XML = "application/sparql-results+xml"
_NTRIPLES = "application/n-triples"
_NQUADS = "application/n-quads"
_ACCEPT_QUERY = f"{_RESULTS_JSON}, {_NTRIPLES};q=0.9, {_RESULTS_XML};q=0.5, text/turtle;q=0.4"
_RDF_MEDIA = {
    _NTRIPLES: ox.RdfFormat.N_TRIPLES,
    "text/plain": ox.RdfFormat.N_TRIPLES,
    _NQUADS: ox.RdfFormat.N_QUADS,
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/trig": ox.RdfFormat.TRIG,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
}
_CHUNK = 1 << 16
_MAX_UNION_MEMBERS = 2000

# ---------------------------------------------------------------------------------------
# The store
# ---------------------------------------------------------------------------------------


def _sibling(url: str, last: str) -> str | None:
    """``…/query`` -> ``…/<last>`` (Oxigraph and Fuseki name their endpoints that way)."""
    parts = urlsplit(url)
    if not parts.path.endswith("/query"):
        return None
    return urlunsplit(parts._replace(path=parts.path[: -len("query")] + last, query=""))


def _message(response: httpx.Response, limit: int = 500) -> str:
    text = response.text.strip().replace("\r", " ").replace("\n", " ")
    return text[:limit] + ("…" if len(text) > limit else "")


class _ResponseReader(io.RawIOBase):
    """A streamed HTTP body as a binary file, for pyoxigraph's incremental parsers."""

    def __init__(self, chunks: Iterator[bytes]):
        self._chunks = chunks
        self._buf = b""

    def readable(self) -> bool:
        return True

    def readinto(self, b) -> int:
        while not self._buf:
            try:
                self._buf = next(self._chunks)
            except StopIteration:
                return 0
        n = min(len(b), len(self._buf))
        b[:n] = self._buf[:n]
        self._buf = self._buf[n:]
        return n


class RemoteStore(Store):
    """A SPARQL 1.1 endpoint as a :class:`Store` (see the module docstring)."""

    kind = "remote"

    def __init__(
        self,
        location: str,
        *,
        update_endpoint: str | None = None,
        gsp_endpoint: str | None = None,
        user: str | None = None,
        password: str | None = None,
        read_only: bool = False,
        union: str = "param",
        replace_via: str | None = None,
        connect_timeout: float = 5.0,
        pool_size: int = 16,
        transport: httpx.BaseTransport | None = None,
        **kw,
    ):
        super().__init__(**kw)
        if not location.startswith(("http://", "https://")):
            raise StoreError(f"a remote store needs an http(s):// query endpoint, not {location!r}")
        if union not in UNION_MODES and not re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:\S+$", union):
            raise StoreError(f"union must be one of {', '.join(UNION_MODES)} or an IRI, not {union!r}")
        self.location = self.query_endpoint = location
        self.update_endpoint = update_endpoint or _sibling(location, "update")
        self.gsp_endpoint = gsp_endpoint or None
        self.read_only = read_only
        self.union = union
        if replace_via is None:
            replace_via = "update" if self.update_endpoint else "gsp"
        if replace_via not in ("update", "gsp"):
            raise StoreError(f"replace_via must be 'update' or 'gsp', not {replace_via!r}")
        self.replace_via = replace_via
        self._connect_timeout = connect_timeout
        self._client = httpx.Client(
            auth=httpx.BasicAuth(user, password or "") if user else None,
            timeout=httpx.Timeout(self.query_timeout, connect=connect_timeout),
            limits=httpx.Limits(max_connections=pool_size, max_keepalive_connections=pool_size),
            headers={"User-Agent": "conflict-kg"},
            transport=transport,
        )

    # -- HTTP plumbing -----------------------------------------------------------------
    def _timeout(self, seconds: float | None) -> httpx.Timeout:
        deadline = self.query_timeout if seconds is None else seconds
        return httpx.Timeout(deadline, connect=min(self._connect_timeout, deadline))

    def _send(
        self,
        method: str,
        url: str,
        *,
        stream: bool = False,
        timeout: float | None = None,
        what: str = "query",
        **kw,
    ) -> httpx.Response:
        request = self._client.build_request(method, url, timeout=self._timeout(timeout), **kw)
        try:
            response = self._client.send(request, stream=stream)
        except httpx.TimeoutException:
            deadline = self.query_timeout if timeout is None else timeout
            raise QueryTimeout(f"the {what} at {url} ran past its {deadline:g} s deadline") from None
        except httpx.TransportError as e:
            raise StoreError(f"cannot reach the SPARQL endpoint {url}: {e or type(e).__name__}") from None
        if response.status_code >= 400:
            if stream:
                response.read()
                response.close()
            self._raise_for(response, url, what)
        return response

    def _raise_for(self, response: httpx.Response, url: str, what: str) -> None:
        status = response.status_code
        message = _message(response)
        if status in (401, 403):
            raise StoreError(
                f"the SPARQL endpoint {url} refused the request (HTTP {status}): "
                "check CKG_STORE_USER / CKG_STORE_PASSWORD"
            )
        if status == 404:
            raise StoreError(f"no SPARQL endpoint at {url} (HTTP 404): check the store URL")
        if status in (408, 504) or (status >= 500 and "timeout" in message.lower()):
            raise QueryTimeout(f"the {what} at {url} ran past the server's deadline: {message}")
        if status == 413:
            raise ResultTooLarge(f"the endpoint {url} refused the {what} as too large: {message}")
        if status in (400, 422):
            raise QuerySyntaxError(f"SPARQL error from {url}: {message}")
        raise StoreError(f"the SPARQL endpoint {url} failed (HTTP {status}): {message}")

    def _dataset_params(self, default_graphs, named_graphs) -> list[tuple[str, str]]:
        params: list[tuple[str, str]] = []
        if default_graphs:
            params += [("default-graph-uri", str(g)) for g in default_graphs]
        elif self.union == "param" and named_graphs:
            # Oxigraph refuses union-default-graph together with named-graph-uri: name the
            # union's members instead (bounded, since every name travels in the request)
            members = self.graph_names()
            if len(members) > _MAX_UNION_MEMBERS:
                raise StoreError(
                    f"cannot restrict the named graphs while the default graph is the union of "
                    f"{len(members)} graphs on {self.location}; name the default graphs too"
                )
            params += [("default-graph-uri", g) for g in members]
        elif self.union == "param":
            params.append(("union-default-graph", ""))
        elif self.union != "native":
            params.append(("default-graph-uri", self.union))
        params += [("named-graph-uri", str(g)) for g in named_graphs or ()]
        return params

    def _post_query(
        self,
        sparql: str,
        *,
        accept: str = _ACCEPT_QUERY,
        stream: bool = False,
        default_graphs=None,
        named_graphs=None,
        timeout: float | None = None,
    ) -> httpx.Response:
        form = [("query", sparql), *self._dataset_params(default_graphs, named_graphs)]
        return self._send(
            "POST",
            self.query_endpoint,
            stream=stream,
            timeout=timeout,
            content=urlencode(form).encode("ascii"),
            headers={"Accept": accept, "Content-Type": "application/x-www-form-urlencoded"},
        )

    def _post_update(self, sparql: str) -> None:
        self._check_writable()
        if not self.update_endpoint:
            raise StoreError(f"{self.location} has no SPARQL update endpoint: give one in CKG_STORE_UPDATE")
        self._send(
            "POST",
            self.update_endpoint,
            what="update",
            content=sparql.encode("utf-8"),
            headers={"Content-Type": "application/sparql-update; charset=utf-8"},
        )

    def _check_writable(self) -> None:
        if self.read_only:
            raise StoreError(f"store {self.location} is open read-only")

    # -- reading ---------------------------------------------------------------------
    def query(
        self, sparql, *, bindings=None, default_graphs=None, named_graphs=None, timeout=None, max_results=None
    ) -> QueryResult:
        text = inject_values(sparql, bindings) if bindings else sparql
        limit = self.max_results if max_results is None else max_results
        response = self._post_query(
            text, default_graphs=default_graphs, named_graphs=named_graphs, timeout=timeout
        )
        return self._result(response, limit)

    def _result(self, response: httpx.Response, limit: int) -> QueryResult:
        media = response.headers.get("content-type", "").split(";")[0].strip().lower()
        try:
            if media == _RESULTS_JSON:
                raw = ox.parse_query_results(response.content, format=ox.QueryResultsFormat.JSON)
            elif media == _RESULTS_XML:
                raw = ox.parse_query_results(response.content, format=ox.QueryResultsFormat.XML)
            elif media in _RDF_MEDIA:
                fmt = _RDF_MEDIA[media]
                raw = (q.triple for q in ox.parse(response.content, format=fmt))  # parse yields quads
            else:
                raise StoreError(
                    f"the SPARQL endpoint {self.query_endpoint} answered with an unexpected "
                    f"media type {media or '(none)'!r}"
                )
            return QueryResult.from_oxigraph(raw, limit)
        except SyntaxError as e:
            raise StoreError(
                f"the SPARQL endpoint {self.query_endpoint} sent a malformed result: {e}"
            ) from None

    def graph_names(self) -> list[str]:
        rows = self.query("SELECT DISTINCT ?g WHERE { GRAPH ?g { } }", max_results=1 << 62).rows
        return sorted(r[0].value for r in rows if isinstance(r[0], ox.NamedNode))

    def count(self, graph: str | None = None) -> int:
        if graph is None:
            # conflict-kg keeps everything in named graphs; the real default graph stays empty
            result = self.query("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
        else:
            g = ox.NamedNode(graph)
            result = self.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH {g} {{ ?s ?p ?o }} }}")
        return int(result.rows[0][0].value) if result.rows else 0

    def dump(self, output: BinaryIO, fmt: ox.RdfFormat, graph: str | None = None) -> None:
        """Stream an export. The server answers in N-Triples/N-Quads, which is copied through
        in chunks when that is the requested format and otherwise re-serialised on the fly;
        nothing is held in memory whole."""
        if graph is not None:
            g = ox.NamedNode(graph)
            self._stream_triples(
                f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH {g} {{ ?s ?p ?o }} }}", output, fmt
            )
        elif not fmt.supports_datasets:
            self._stream_triples("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", output, fmt)
        elif self.gsp_endpoint:
            with closing(
                self._send("GET", self.gsp_endpoint, stream=True, what="export", headers={"Accept": _NQUADS})
            ) as response:
                self._copy(response, ox.RdfFormat.N_QUADS, output, fmt)
        else:
            ox.serialize(self._quads_per_graph(), output, format=fmt)

    def _stream_triples(self, construct: str, output: BinaryIO, fmt: ox.RdfFormat) -> None:
        with closing(self._post_query(construct, accept=_NTRIPLES, stream=True)) as response:
            self._copy(response, ox.RdfFormat.N_TRIPLES, output, fmt)

    def _copy(self, response: httpx.Response, got: ox.RdfFormat, output: BinaryIO, fmt: ox.RdfFormat) -> None:
        media = response.headers.get("content-type", "").split(";")[0].strip().lower()
        got = _RDF_MEDIA.get(media, got)
        try:
            if got == fmt:
                for chunk in response.iter_bytes(_CHUNK):
                    output.write(chunk)
            else:
                ox.serialize(
                    ox.parse(_ResponseReader(response.iter_bytes(_CHUNK)), format=got), output, format=fmt
                )
        except httpx.TimeoutException:
            raise QueryTimeout(
                f"the export from {response.url} stalled past {self.query_timeout:g} s"
            ) from None
        except httpx.TransportError as e:
            raise StoreError(f"the export from {response.url} broke off: {e}") from None
        except SyntaxError as e:
            raise StoreError(f"the SPARQL endpoint sent malformed RDF: {e}") from None

    def _quads_per_graph(self) -> Iterator[ox.Quad]:
        """Without a GSP endpoint: one streamed CONSTRUCT per named graph."""
        for name in self.graph_names():
            g = ox.NamedNode(name)
            query = f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH {g} {{ ?s ?p ?o }} }}"
            with closing(self._post_query(query, accept=_NTRIPLES, stream=True)) as response:
                for t in ox.parse(
                    _ResponseReader(response.iter_bytes(_CHUNK)), format=ox.RdfFormat.N_TRIPLES
                ):
                    yield ox.Quad(t.subject, t.predicate, t.object, g)

    # -- writing ---------------------------------------------------------------------
    def replace_graph(self, graph: str, triples: Iterable[ox.Triple]) -> None:
        self._check_writable()
        g = ox.NamedNode(graph)
        data = ntriples_data(triples)
        if self.replace_via == "gsp":
            if not self.gsp_endpoint:
                raise StoreError(f"no Graph Store Protocol endpoint for {self.location}: set CKG_STORE_GSP")
            if not data:  # an empty PUT is refused by some servers; an empty graph is no graph
                self.delete_graph(graph)
                return
            self._send(
                "PUT",
                self.gsp_endpoint,
                what="graph upload",
                params={"graph": graph},
                content=(data + "\n").encode("utf-8"),
                headers={"Content-Type": "application/n-triples"},
            )
            return
        self._post_update(f"DROP SILENT GRAPH {g} ;\nINSERT DATA {{ GRAPH {g} {{\n{data}\n}} }}")

    #: triples per update request when a batch of graphs is replaced
    BATCH_MAX = 50_000

    def replace_graphs(self, graphs) -> None:
        """Several graphs per update request (``DROP SILENT GRAPH``/``INSERT DATA`` pairs: one
        request, one transaction on the server), up to :data:`BATCH_MAX` triples each; the
        Graph Store Protocol has no batch form, so with ``replace_via="gsp"`` one PUT each."""
        self._check_writable()
        if self.replace_via == "gsp":
            return super().replace_graphs(graphs)
        ops: list[str] = []
        size = 0
        for graph, data in graphs.items():
            check_no_blank_nodes(data)
            lines = data.count(b"\n")
            if ops and size + lines > self.BATCH_MAX:
                self._post_update(" ;\n".join(ops))
                ops, size = [], 0
            g = ox.NamedNode(graph)
            # the text is parsed and written again by pyoxigraph, so what enters the update is
            # escaped N-Triples whatever bytes were passed
            body = ntriples_data(parse_ntriples(data))
            ops.append(f"DROP SILENT GRAPH {g} ;\nINSERT DATA {{ GRAPH {g} {{\n{body}\n}} }}")
            size += lines
        if ops:
            self._post_update(" ;\n".join(ops))

    def delete_graph(self, graph: str) -> bool:
        self._check_writable()
        g = ox.NamedNode(graph)
        if not self.query(f"ASK {{ GRAPH {g} {{ }} }}").boolean:
            return False
        self._post_update(f"DROP SILENT GRAPH {g}")
        return True

    def update(self, sparql: str) -> None:
        self._post_update(sparql)

    def close(self) -> None:
        self._client.close()
