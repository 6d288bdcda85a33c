"""Graph stores behind one interface.

:class:`Store` is what every caller (CLI, ingest, API) uses; :func:`open_store` picks the
backend from one setting (``CKG_STORE`` / ``--store``):

* a directory path  -> :class:`OxigraphStore` on disk (RocksDB; transactional; one
  read-write process per directory, any number of read-only ones);
* ``memory``        -> :class:`OxigraphStore` in memory (tests, throw-away work);
* ``http(s)://…``   -> :class:`kg.remote.RemoteStore`, any SPARQL 1.1 endpoint.

The interface is graph-level and small: query (with bound parameters), atomic replace of a
named graph, delete a graph, list graphs, count, stream an export. Document-level rules
(no-op re-ingest, reference data, statistics) live in :mod:`kg.documents` and work on any
backend. Terms cross the interface as pyoxigraph terms.

Queries see the union of all named graphs as their default graph unless the caller names
default graphs, so analysts can query without ``GRAPH`` clauses.
"""

from __future__ import annotations

import concurrent.futures
import re
import threading
from abc import ABC, abstractmethod
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import BinaryIO

import pyoxigraph as ox

from kg.bindings import inject_values
from kg.errors import QuerySyntaxError, QueryTimeout, StoreError, UnsupportedFormat
from kg.results import QueryResult

Term = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple

#: Export formats by their CLI/API name.
EXPORT_FORMATS: dict[str, ox.RdfFormat] = {
    "turtle": ox.RdfFormat.TURTLE,
    "trig": ox.RdfFormat.TRIG,
    "nt": ox.RdfFormat.N_TRIPLES,
    "nq": ox.RdfFormat.N_QUADS,
    "jsonld": ox.RdfFormat.JSON_LD,
    "rdfxml": ox.RdfFormat.RDF_XML,
}


def export_format(name: str) -> ox.RdfFormat:
    try:
        return EXPORT_FORMATS[name]
    except KeyError:
        raise UnsupportedFormat(
            f"unknown RDF format {name!r}; choose one of: {', '.join(EXPORT_FORMATS)}"
        ) from None


class Store(ABC):
    """A quad store holding one named graph per document plus the reference graphs."""

    #: "embedded", "memory" or "remote"
    kind: str = ""
    #: where it lives, for messages
    location: str = ""

    def __init__(self, *, query_timeout: float = 30.0, max_results: int = 100_000):
        self.query_timeout = query_timeout
        self.max_results = max_results

    # -- reading ---------------------------------------------------------------------
    @abstractmethod
    def query(
        self,
        sparql: str,
        *,
        bindings: Mapping[str, Term] | None = None,
        default_graphs: Sequence[str] | None = None,
        named_graphs: Sequence[str] | None = None,
        timeout: float | None = None,
        max_results: int | None = None,
    ) -> QueryResult:
        """Run a SPARQL query. ``bindings`` pre-bind variables (by name, without ``?``) to
        terms: the only way user values enter a query. Raises QuerySyntaxError,
        QueryTimeout, ResultTooLarge."""

    @abstractmethod
    def graph_names(self) -> list[str]:
        """IRIs of all named graphs."""

    @abstractmethod
    def count(self, graph: str | None = None) -> int:
        """Number of quads in one graph, or in the whole store."""

    @abstractmethod
    def dump(self, output: BinaryIO, fmt: ox.RdfFormat, graph: str | None = None) -> None:
        """Stream an export. Dataset formats keep graph names; triple formats get one graph,
        or the union of all graphs (duplicates removed) when ``graph`` is None."""

    def contains_quad(self, s: ox.NamedNode, p: ox.NamedNode, o: Term, g: ox.NamedNode) -> bool:
        """Whether the quad is stored (one ASK with bound terms; backends may look it up
        directly)."""
        return self.ask("ASK WHERE { GRAPH ?g { ?s ?p ?o } }", bindings={"s": s, "p": p, "o": o, "g": g})

    def ask(self, sparql: str, **kw) -> bool:
        result = self.query(sparql, **kw)
        if result.kind != "ask":
            raise QuerySyntaxError("expected an ASK query")
        return bool(result.boolean)

    def select(self, sparql: str, **kw) -> list[dict[str, Term]]:
        """SELECT helper: rows as dicts of bound variables."""
        result = self.query(sparql, **kw)
        if result.kind != "select":
            raise QuerySyntaxError("expected a SELECT query")
        return result.dicts()

    # -- writing ---------------------------------------------------------------------
    @abstractmethod
    def replace_graph(self, graph: str, triples: Iterable[ox.Triple]) -> None:
        """Make ``graph`` hold exactly ``triples``, atomically: readers see the old graph
        or the new one, never a mix; on failure the old graph stays."""

    def replace_graphs(self, graphs: Mapping[str, bytes]) -> None:
        """:meth:`replace_graph` for several graphs (a batch of documents), each given as
        N-Triples text in the form :func:`ntriples_bytes` writes. Each graph is replaced
        whole or not at all; backends may write the batch in fewer, larger transactions.
        This default writes them one by one."""
        for graph, data in graphs.items():
            check_no_blank_nodes(data)
            self.replace_graph(graph, parse_ntriples(data))

    @abstractmethod
    def delete_graph(self, graph: str) -> bool:
        """Remove a named graph; False when it did not exist."""

    @abstractmethod
    def update(self, sparql: str) -> None:
        """Run a SPARQL update (only for callers that checked permission)."""

    def close(self) -> None:  # noqa: B027 - optional hook
        """Release files or connections."""

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def ntriples_bytes(triples: Iterable[ox.Triple]) -> bytes:
    """Triples as N-Triples text, serialised by pyoxigraph: one triple per line, every line
    ending in " .\\n" (newlines inside literals are escaped). The batch write path and the
    ingest gate pass documents around in this form: cheap to hash, to send to a worker
    process and back, and to bulk-load, with no Python object per triple."""
    return ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)


#: an N-Triples line (as pyoxigraph writes them) with a blank-node subject or object: a
#: line starts with its subject, and an object line ending in a blank-node label cannot be a
#: literal (that ends in '"', a language tag after '"', or a datatype IRI's '>')
_BLANK_LINE = re.compile(rb'(?m)^_:|\s_:[^\s"<>]* \.$')


def check_no_blank_nodes(data: bytes) -> None:
    """Refuse N-Triples text (as :func:`ntriples_bytes` writes it) with a blank node."""
    if b"_:" in data and _BLANK_LINE.search(data):  # the regex only when it may match
        raise StoreError("refusing to store a blank node: stored data uses IRIs only")


def parse_ntriples(data: bytes) -> list[ox.Triple]:
    """The triples of N-Triples text; a StoreError when it is not N-Triples (so no bytes a
    caller passes can reach an update as anything but parsed and re-serialised terms)."""
    try:
        return list(ox.parse(data, format=ox.RdfFormat.N_TRIPLES))
    except SyntaxError as e:
        raise StoreError(f"not N-Triples: {e}") from None


def ntriples_data(triples: Iterable[ox.Triple]) -> str:
    """Triples as N-Triples lines for INSERT DATA. Terms serialise themselves with escaping,
    and blank nodes are refused (stored data has none), so no text is ever spliced."""
    lines = []
    for t in triples:
        if isinstance(t.subject, ox.BlankNode) or isinstance(t.object, ox.BlankNode):
            raise StoreError("refusing to store a blank node: stored data uses IRIs only")
        lines.append(f"{t.subject} {t.predicate} {t.object} .")
    return "\n".join(lines)


class OxigraphStore(Store):
    """Embedded pyoxigraph store, on disk (``path``) or in memory (``path=None``)."""

    def __init__(self, path: str | Path | None = None, *, read_only: bool = False, **kw):
        super().__init__(**kw)
        self.read_only = read_only
        if path is None:
            self.kind, self.location = "memory", "memory"
            self._store = ox.Store()
        else:
            self.kind, self.location = "embedded", str(path)
            try:
                if read_only:
                    self._store = ox.Store.read_only(str(path))
                else:
                    Path(path).mkdir(parents=True, exist_ok=True)
                    self._store = ox.Store(str(path))
            except OSError as e:
                if "lock" in str(e).lower():
                    raise StoreError(
                        f"store {path} is in use by another process (one writer per directory); "
                        "stop it, or open the store read-only"
                    ) from None
                raise StoreError(f"cannot open store {path}: {e}") from None
        self._pool: concurrent.futures.ThreadPoolExecutor | None = None
        self._pool_lock = threading.Lock()
        self._unflushed = 0

    @property
    def native(self) -> ox.Store:
        """The pyoxigraph store, for bulk loading and validation."""
        return self._store

    def _executor(self) -> concurrent.futures.ThreadPoolExecutor:
        with self._pool_lock:
            if self._pool is None:
                self._pool = concurrent.futures.ThreadPoolExecutor(4, thread_name_prefix="ckg-query")
            return self._pool

    def _submit(self, sparql, *, bindings=None, default_graphs=None, named_graphs=None, timeout=None,
                max_results=None) -> tuple[concurrent.futures.Future, float, int]:
        kwargs: dict = {}
        sparql = inject_values(sparql, bindings)
        if default_graphs:
            kwargs["default_graph"] = [ox.NamedNode(g) for g in default_graphs]
        else:
            kwargs["use_default_graph_as_union"] = True
        if named_graphs:
            kwargs["named_graphs"] = [ox.NamedNode(g) for g in named_graphs]
        limit = self.max_results if max_results is None else max_results
        deadline = self.query_timeout if timeout is None else timeout

        def run() -> QueryResult:
            # pyoxigraph results must be consumed on the thread that created them
            return QueryResult.from_oxigraph(self._store.query(sparql, **kwargs), limit)

        return self._executor().submit(run), deadline, limit

    def query(self, sparql, *, bindings=None, default_graphs=None, named_graphs=None, timeout=None,
              max_results=None) -> QueryResult:
        future, deadline, limit = self._submit(
            sparql, bindings=bindings, default_graphs=default_graphs, named_graphs=named_graphs,
            timeout=timeout, max_results=max_results,
        )
        try:
            return future.result(timeout=deadline).check_size(limit)
        except concurrent.futures.TimeoutError:
            raise QueryTimeout(f"query ran past its {deadline:g} s deadline") from None
        except SyntaxError as e:
            raise QuerySyntaxError(f"SPARQL syntax error: {e}") from None
        except OSError as e:
            raise StoreError(f"store error while querying: {e}") from None

    # -- embedded-store speed-up for async callers (the API) ------------------------------
    async def query_async(self, sparql, **kw) -> QueryResult:
        """:meth:`query` for a caller on an event loop: the query runs on the store's pool
        and the loop awaits its future, instead of parking a second thread (anyio's) on
        ``future.result()``. Same deadline, errors and size check as :meth:`query`."""
        import asyncio

        future, deadline, limit = self._submit(sparql, **kw)
        try:
            result = await asyncio.wait_for(asyncio.wrap_future(future), deadline)
        except TimeoutError:
            raise QueryTimeout(f"query ran past its {deadline:g} s deadline") from None
        except SyntaxError as e:
            raise QuerySyntaxError(f"SPARQL syntax error: {e}") from None
        except OSError as e:
            raise StoreError(f"store error while querying: {e}") from None
        return result.check_size(limit)

    def query_inline(self, sparql: str, *, bindings=None, max_results: int | None = None) -> QueryResult:
        """:meth:`query` run on the calling thread, with no deadline: for bounded lookups
        (describing given IRIs), whose cost is set by the IRIs they name, not by the data.

        Why: pyoxigraph holds the GIL while it produces rows, so running such a query on a
        worker thread buys no parallelism, and the hop there and back (submit, wake the
        caller) cost ~1 ms of CPU a query on the API's event loop. Nothing stops a query
        run here, so never use it for one whose cost grows with the store (filters over
        all data, sorts, property paths): :meth:`query` has the deadline for those. Union
        default graph, bindings, size check and error mapping as :meth:`query`."""
        sparql = inject_values(sparql, bindings)
        limit = self.max_results if max_results is None else max_results
        try:
            raw = self._store.query(sparql, use_default_graph_as_union=True)
            result = QueryResult.from_oxigraph(raw, limit)
        except SyntaxError as e:
            raise QuerySyntaxError(f"SPARQL syntax error: {e}") from None
        except OSError as e:
            raise StoreError(f"store error while querying: {e}") from None
        return result.check_size(limit)

    def graph_names(self) -> list[str]:
        return sorted(g.value for g in self._store.named_graphs() if isinstance(g, ox.NamedNode))

    def contains_quad(self, s, p, o, g) -> bool:
        """A direct index look-up (no SPARQL to parse and plan: ~0.5 ms less per document
        on the ingest's no-op check)."""
        return next(iter(self._store.quads_for_pattern(s, p, o, g)), None) is not None

    def count(self, graph: str | None = None) -> int:
        if graph is None:
            return len(self._store)
        return sum(1 for _ in self._store.quads_for_pattern(None, None, None, ox.NamedNode(graph)))

    def dump(self, output, fmt, graph=None) -> None:
        if graph is not None:
            self._store.dump(output, format=fmt, from_graph=ox.NamedNode(graph))
        elif fmt.supports_datasets:
            self._store.dump(output, format=fmt)
        else:
            triples = self._store.query(
                "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", use_default_graph_as_union=True
            )
            ox.serialize(triples, output, format=fmt)

    def _check_writable(self) -> None:
        if self.read_only:
            raise StoreError(f"store {self.location} is open read-only")

    #: quads written between two flushes of the on-disk store's write buffers. RocksDB
    #: otherwise keeps growing memtables: measured 0.7 GB of RSS after 1,500 documents,
    #: flat at 150 MB with this, at the same speed (bench/RESULTS.md, bounded memory).
    FLUSH_EVERY = 100_000

    def _written(self, quads: int) -> None:
        self._unflushed += quads
        if self.kind == "embedded" and self._unflushed >= self.FLUSH_EVERY:
            self._store.flush()
            self._unflushed = 0

    def replace_graph(self, graph, triples) -> None:
        self._check_writable()
        g = ox.NamedNode(graph)
        triples = list(triples)
        self._written(len(triples))
        if not self._store.contains_named_graph(g):
            # a new graph: one atomic extend (this process is the store's only writer)
            if any(isinstance(t.subject, ox.BlankNode) or isinstance(t.object, ox.BlankNode) for t in triples):
                raise StoreError("refusing to store a blank node: stored data uses IRIs only")
            self._store.extend(ox.Quad(t.subject, t.predicate, t.object, g) for t in triples)
            return
        data = ntriples_data(triples)
        # One update = one transaction in Oxigraph: the drop and the insert land together.
        self._store.update(f"DROP SILENT GRAPH {g} ;\nINSERT DATA {{ GRAPH {g} {{\n{data}\n}} }}")

    #: quads per bulk load of new graphs: well below Oxigraph's bulk-load chunk (10**6
    #: quads), so each call is one set of SST files ingested into every index at once
    #: (RocksDB IngestExternalFiles: all column families or none)
    BULK_MAX = 250_000
    #: fewer quads than this go in one transaction per graph instead: a bulk load has a
    #: fixed cost (SST files for every index) of about what ~15 documents cost to insert
    BULK_MIN = 10_000

    def replace_graphs(self, graphs) -> None:
        """New graphs go to disk through Oxigraph's bulk loader, several documents per call:
        a transactional insert costs ~20 µs per quad on disk (every key written under a
        lock), the bulk loader about a third of that once a batch holds tens of documents
        (bench/RESULTS.md). The batch is loaded as N-Quads text: each document's N-Triples
        with its graph name added to every line. Graphs that exist already are replaced
        transactionally, one by one, and so is a small batch (under :data:`BULK_MIN` quads).
        Only for the on-disk store: the in-memory one inserts quickly as it is."""
        self._check_writable()
        if self.kind != "embedded":
            return super().replace_graphs(graphs)
        chunk: list[bytes] = []
        size = 0
        bulk = sum(data.count(b"\n") for data in graphs.values()) >= self.BULK_MIN
        for graph, data in graphs.items():
            check_no_blank_nodes(data)
            lines = data.count(b"\n")
            g = ox.NamedNode(graph)
            if not bulk and not self._store.contains_named_graph(g):
                try:
                    self._store.load(data, format=ox.RdfFormat.N_TRIPLES, to_graph=g)  # one transaction
                except SyntaxError as e:
                    raise StoreError(f"not N-Triples: {e}") from None
                self._written(lines)
                continue
            if self._store.contains_named_graph(g) or lines > self.BULK_MAX:
                self.replace_graph(graph, parse_ntriples(data))
                continue
            if chunk and size + lines > self.BULK_MAX:
                self._bulk(chunk, size)
                chunk, size = [], 0
            chunk.append(data.replace(b" .\n", f" {g} .\n".encode()))  # " .\n" only ends a line
            size += lines
        if chunk:
            self._bulk(chunk, size)

    def _bulk(self, chunk: list[bytes], quads: int) -> None:
        try:  # parsed whole before anything is ingested (one chunk, see BULK_MAX)
            self._store.bulk_load(b"".join(chunk), format=ox.RdfFormat.N_QUADS)
        except SyntaxError as e:
            raise StoreError(f"not N-Triples: {e}") from None
        self._written(quads)

    def delete_graph(self, graph) -> bool:
        self._check_writable()
        g = ox.NamedNode(graph)
        if not self._store.contains_named_graph(g):
            return False
        self._store.remove_graph(g)
        return True

    def update(self, sparql: str) -> None:
        self._check_writable()
        try:
            self._store.update(sparql)
        except SyntaxError as e:
            raise QuerySyntaxError(f"SPARQL syntax error: {e}") from None

    def bulk_load(self, path: Path, fmt: ox.RdfFormat, graph: str | None = None) -> None:
        self._check_writable()
        self._store.bulk_load(path=str(path), format=fmt,
                              to_graph=ox.NamedNode(graph) if graph else None)

    def close(self) -> None:
        """Flush and release the store (RocksDB closes when the last reference goes)."""
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None
        if self._store is not None and self.kind == "embedded" and not self.read_only:
            self._store.flush()
        self._store = None


def open_store(
    location: str,
    *,
    read_only: bool = False,
    update_endpoint: str = "",
    gsp_endpoint: str = "",
    union: str = "param",
    user: str = "",
    password: str = "",
    query_timeout: float = 30.0,
    max_results: int = 100_000,
) -> Store:
    """Open the store named by one setting (see module docstring)."""
    kw = {"query_timeout": query_timeout, "max_results": max_results}
    if location == "memory":
        return OxigraphStore(None, **kw)
    if location.startswith(("http://", "https://")):
        from kg.remote import RemoteStore

        return RemoteStore(location, update_endpoint=update_endpoint or None,
                           gsp_endpoint=gsp_endpoint or None, union=union, user=user or None,
                           password=password or None, read_only=read_only, **kw)
    return OxigraphStore(Path(location).expanduser(), read_only=read_only, **kw)


def store_from_settings(settings, *, read_only: bool = False) -> Store:
    return open_store(
        settings.store,
        read_only=read_only,
        update_endpoint=settings.store_update,
        gsp_endpoint=settings.store_gsp,
        union=settings.store_union,
        user=settings.store_user,
        password=settings.store_password,
        query_timeout=settings.query_timeout,
        max_results=settings.max_results,
    )
