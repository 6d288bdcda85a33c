"""Pre-binding SPARQL variables to terms: the one way user values enter a query.

Every store (embedded and remote) calls :func:`inject_values`, so a binding means the
same thing everywhere. Values are pyoxigraph terms, which serialise themselves in
N-Triples syntax (escaped), so no user text is ever spliced into a query.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

import pyoxigraph as ox

from kg.errors import QuerySyntaxError

Term = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple

_PN_CHARS = (
    "A-Za-z0-9_\u00b7\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u037d"
    "\u037f-\u1fff\u200c\u200d\u203f\u2040\u2070-\u218f\u2c00-\u2fef\u3001-\ud7ff\uf900-\ufdcf\ufdf0-\ufffd\U00010000-\U000effff"
)
_VARNAME = re.compile(f"[{_PN_CHARS}]+")
_TOKEN = re.compile(
    rf"""
      (?P<ws>\s+)
    | (?P<comment>\#[^\n\r]*)
    | (?P<string>\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
                |'''(?:[^'\\]|\\.|'(?!''))*'''
                |"(?:[^"\\\n\r]|\\.)*"
                |'(?:[^'\\\n\r]|\\.)*')
    | (?P<iri><[^<>"{{}}|^`\\\x00-\x20]*>)
    | (?P<var>[?$][{_PN_CHARS}]+)
    | (?P<name>[{_PN_CHARS}][{_PN_CHARS}.\-]*(?::[{_PN_CHARS}.:%\\\-]*)?|:[{_PN_CHARS}.:%\\\-]*)
    | (?P<punct>.)
    """,
    re.VERBOSE | re.DOTALL,
)
_FORMS = {"SELECT", "ASK", "CONSTRUCT", "DESCRIBE"}


class _Tok:
    __slots__ = ("kind", "text", "start", "end")

    def __init__(self, kind: str, text: str, start: int, end: int):
        self.kind, self.text, self.start, self.end = kind, text, start, end

    def kw(self) -> str:
        return self.text.upper() if self.kind == "name" and ":" not in self.text else ""


def _tokens(sparql: str) -> list[_Tok]:
    """Significant tokens (no whitespace or comments) with their offsets. Unterminated
    strings or IRIs come out as punctuation, which is harmless: the server reports them."""
    out = []
    for m in _TOKEN.finditer(sparql):
        kind = m.lastgroup or "punct"
        if kind not in ("ws", "comment"):
            out.append(_Tok(kind, m.group(), m.start(), m.end()))
    return out


def _term_text(name: str, term: Term) -> str:
    if isinstance(term, ox.BlankNode):
        raise QuerySyntaxError(f"cannot bind ?{name} to a blank node on a remote store; use an IRI")
    if isinstance(term, ox.Triple):
        raise QuerySyntaxError(f"cannot bind ?{name} to a triple term on a remote store")
    if not isinstance(term, ox.NamedNode | ox.Literal):
        raise QuerySyntaxError(
            f"?{name} must be bound to a pyoxigraph IRI or literal, not {type(term).__name__}"
        )
    return str(term)  # pyoxigraph writes N-Triples syntax: escaped, nothing spliced


def _values_block(names: list[str], terms: Mapping[str, str]) -> str:
    return f" VALUES ({' '.join('?' + n for n in names)}) {{ ({' '.join(terms[n] for n in names)}) }} "


def inject_values(sparql: str, bindings: Mapping[str, Term]) -> str:
    """Return ``sparql`` with ``bindings`` (variable name -> term) applied as VALUES blocks.

    Where: at the start of the outermost WHERE group (every bound variable, so projected
    bound variables carry their value) and at the start of every nested group graph
    pattern -- OPTIONAL, UNION branches, GRAPH, MINUS, (NOT) EXISTS, a subquery's WHERE --
    that mentions a bound variable. Why not only a trailing ``VALUES`` clause: SPARQL joins
    a trailing VALUES *after* GROUP BY and after evaluating FILTER NOT EXISTS, so
    ``SELECT (COUNT(?x) AS ?n) { ?x a ?cls }`` would count every class and
    ``FILTER NOT EXISTS { ?x ?p ?bound }`` would see ?bound unbound; and it makes the engine
    evaluate the whole pattern before restricting it. Binding every group that uses the
    variable gives what the embedded store's substitution gives: the variable behaves as
    the constant everywhere (tests/remote compare both on the project's query patterns).

    Special cases: a subquery directly in the outermost group is wrapped
    (``{ VALUES … { SELECT … } }``); ``CONSTRUCT WHERE { … }`` is rewritten to its long
    form; a query without any group (``DESCRIBE <x>``-style) gets a trailing VALUES clause.
    Refused (QuerySyntaxError): blank nodes and triple terms as values, a variable name
    that is not a SPARQL VARNAME, and binding a variable the query assigns itself
    (``BIND(… AS ?x)`` / ``(… AS ?x)``), which SPARQL forbids once ?x is in scope.
    """
    if not bindings:
        return sparql
    terms: dict[str, str] = {}
    for name, term in bindings.items():
        if not isinstance(name, str) or not _VARNAME.fullmatch(name):
            raise QuerySyntaxError(f"invalid variable name for a binding: {name!r}")
        terms[name] = _term_text(name, term)
    names = sorted(terms)
    toks = _tokens(sparql)

    # the query form
    form_i = next((i for i, t in enumerate(toks) if t.kw() in _FORMS), None)
    if form_i is None:
        raise QuerySyntaxError("bindings need a SELECT, ASK, CONSTRUCT or DESCRIBE query")
    form = toks[form_i].kw()
    for i, t in enumerate(toks[:-1]):
        if t.kw() == "AS" and toks[i + 1].kind == "var" and toks[i + 1].text[1:] in terms:
            raise QuerySyntaxError(
                f"?{toks[i + 1].text[1:]} is assigned in the query ({t.text} {toks[i + 1].text}); "
                "it cannot also be bound"
            )

    # find group graph patterns: (open token index, close token index)
    groups: list[tuple[int, int]] = []
    stack: list[tuple[int, str]] = []  # (open index, "group" | "data" | "template")
    values_pending = False
    template_done = form != "CONSTRUCT"
    short_construct = False
    for i in range(form_i + 1, len(toks)):
        t = toks[i]
        if t.kw() == "VALUES":
            values_pending = True
        elif t.text == "{" and t.kind == "punct":
            if values_pending:
                kind = "data"
                values_pending = False
            elif not template_done and not stack:
                template_done = True
                short_construct = toks[i - 1].kw() == "WHERE"
                kind = "group" if short_construct else "template"
            else:
                kind = "group"
            stack.append((i, kind))
        elif t.text == "}" and t.kind == "punct":
            if not stack:
                raise QuerySyntaxError("SPARQL syntax error: unbalanced '}'")
            open_i, kind = stack.pop()
            if kind == "group":
                groups.append((open_i, i))
    if stack:
        raise QuerySyntaxError("SPARQL syntax error: unbalanced '{'")

    var_positions = [i for i, t in enumerate(toks) if t.kind == "var" and t.text[1:] in terms]
    inserts: list[tuple[int, str]] = []  # (offset in sparql, text)
    outer = [g for g in groups if not any(o[0] < g[0] and g[1] < o[1] for o in groups)]
    if not outer:
        return sparql.rstrip() + "\n" + _values_block(names, terms).strip() + "\n"
    outer_open, outer_close = min(outer)
    if short_construct:
        body = sparql[toks[outer_open].end : toks[outer_close].start]
        where_tok = toks[outer_open - 1]
        return (
            sparql[: where_tok.start]
            + "{"
            + body
            + "} WHERE {"
            + _values_block(names, terms)
            + body
            + "}"
            + sparql[toks[outer_close].end :]
        )
    for open_i, close_i in groups:
        first = toks[open_i + 1] if open_i + 1 < len(toks) else None
        subselect = first is not None and first.kw() == "SELECT"
        if (open_i, close_i) == (outer_open, outer_close):
            block = _values_block(names, terms)
            if subselect:
                inserts.append((toks[open_i].end, block + "{"))
                inserts.append((toks[close_i].start, "} "))
            else:
                inserts.append((toks[open_i].end, block))
            continue
        if subselect:
            continue  # the subquery's own WHERE group is bound instead
        used = sorted({toks[p].text[1:] for p in var_positions if open_i < p < close_i})
        if used:
            inserts.append((toks[open_i].end, _values_block(used, terms)))
    out = sparql
    for offset, text in sorted(inserts, key=lambda x: x[0], reverse=True):
        out = out[:offset] + text + out[offset:]
    return out
