"""SPARQL query results, materialised, with the W3C serialisations.

Both the embedded and the remote store return a :class:`QueryResult`, so the CLI and the
SPARQL endpoint serialise one type. Formats: SPARQL 1.1 Query Results JSON, XML, CSV and
TSV for SELECT/ASK; any RDF format pyoxigraph writes for CONSTRUCT/DESCRIBE.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field
from typing import Literal
from xml.sax.saxutils import escape, quoteattr

import pyoxigraph as ox

from kg.errors import ResultTooLarge, UnsupportedFormat

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"

#: Result formats for SELECT/ASK by name, with their media types.
RESULT_FORMATS: dict[str, str] = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
}


@dataclass
class QueryResult:
    kind: Literal["select", "ask", "graph"]
    variables: list[str] = field(default_factory=list)
    rows: list[tuple] = field(default_factory=list)
    boolean: bool | None = None
    triples: list[ox.Triple] = field(default_factory=list)
    #: set when materialisation stopped at the row limit (the caller raises ResultTooLarge)
    overflow: bool = False

    @classmethod
    def from_oxigraph(cls, raw, limit: int) -> QueryResult:
        """Materialise a pyoxigraph result, stopping after ``limit`` rows/triples.
        (Never raises mid-iteration: pyoxigraph results must die on their own thread.)"""
        if isinstance(raw, ox.QueryBoolean):
            return cls("ask", boolean=bool(raw))
        if isinstance(raw, ox.QuerySolutions):
            names = [v.value for v in raw.variables]
            rows = []
            for solution in raw:
                if len(rows) >= limit:
                    return cls("select", variables=names, rows=rows, overflow=True)
                rows.append(tuple(solution))  # values in variable order, None when unbound
            return cls("select", variables=names, rows=rows)
        triples = []
        for t in raw:
            if len(triples) >= limit:
                return cls("graph", triples=triples, overflow=True)
            triples.append(t)
        return cls("graph", triples=triples)

    def check_size(self, limit: int) -> QueryResult:
        if self.overflow:
            what = "triples" if self.kind == "graph" else "rows"
            raise ResultTooLarge(f"the query returned more than {limit} {what}; add a LIMIT or narrow it")
        return self

    def dicts(self) -> list[dict]:
        return [{v: t for v, t in zip(self.variables, row, strict=True) if t is not None} for row in self.rows]

    # -- serialisation -------------------------------------------------------------------
    def serialize(self, fmt: str) -> bytes:
        if self.kind == "graph":
            from kg.store import export_format

            out = io.BytesIO()
            ox.serialize(self.triples, out, format=export_format(fmt))
            return out.getvalue()
        writer = {"json": self._json, "xml": self._xml, "csv": self._csv, "tsv": self._tsv}.get(fmt)
        if writer is None:
            raise UnsupportedFormat(f"unknown result format {fmt!r}; choose one of: {', '.join(RESULT_FORMATS)}")
        return writer()

    def _json(self) -> bytes:
        if self.kind == "ask":
            doc: dict = {"head": {}, "boolean": bool(self.boolean)}
        else:
            bindings = []
            for row in self.rows:
                bindings.append({v: _json_term(t) for v, t in zip(self.variables, row, strict=True)
                                 if t is not None})
            doc = {"head": {"vars": self.variables}, "results": {"bindings": bindings}}
        return json.dumps(doc, ensure_ascii=False).encode("utf-8")

    def _xml(self) -> bytes:
        out = ['<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">\n<head>']
        if self.kind == "ask":
            out.append(f"</head>\n<boolean>{'true' if self.boolean else 'false'}</boolean>\n</sparql>\n")
            return "".join(out).encode("utf-8")
        out += [f"<variable name={quoteattr(v)}/>" for v in self.variables]
        out.append("</head>\n<results>\n")
        for row in self.rows:
            out.append("<result>")
            for v, t in zip(self.variables, row, strict=True):
                if t is not None:
                    out.append(f"<binding name={quoteattr(v)}>{_xml_term(t)}</binding>")
            out.append("</result>\n")
        out.append("</results>\n</sparql>\n")
        return "".join(out).encode("utf-8")

    def _csv(self) -> bytes:
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\r\n")
        if self.kind == "ask":
            w.writerow(["_askResult"])
            w.writerow(["true" if self.boolean else "false"])
        else:
            w.writerow(self.variables)
            for row in self.rows:
                w.writerow(["" if t is None else _plain(t) for t in row])
        return buf.getvalue().encode("utf-8")

    def _tsv(self) -> bytes:
        if self.kind == "ask":
            return f"?_askResult\n{'true' if self.boolean else 'false'}\n".encode()
        lines = ["\t".join("?" + v for v in self.variables)]
        for row in self.rows:
            lines.append("\t".join("" if t is None else str(t) for t in row))
        return ("\n".join(lines) + "\n").encode("utf-8")


def _plain(term) -> str:
    if isinstance(term, ox.NamedNode | ox.Literal):
        return term.value
    if isinstance(term, ox.BlankNode):
        return "_:" + term.value
    return str(term)


def _json_term(term) -> dict:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        out = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value != XSD_STRING:
            out["datatype"] = term.datatype.value
        return out
    return {"type": "triple", "value": str(term)}


def _xml_term(term) -> str:
    if isinstance(term, ox.NamedNode):
        return f"<uri>{escape(term.value)}</uri>"
    if isinstance(term, ox.BlankNode):
        return f"<bnode>{escape(term.value)}</bnode>"
    if isinstance(term, ox.Literal):
        if term.language:
            return f"<literal xml:lang={quoteattr(term.language)}>{escape(term.value)}</literal>"
        if term.datatype.value != XSD_STRING:
            return f"<literal datatype={quoteattr(term.datatype.value)}>{escape(term.value)}</literal>"
        return f"<literal>{escape(term.value)}</literal>"
    return f"<literal>{escape(str(term))}</literal>"
