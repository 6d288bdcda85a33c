"""Content negotiation from explicit lists, with a default.

Each route declares what it can produce as ``{media type: format name}`` in order of
preference; :func:`negotiate` picks from the Accept header (q-values honoured; wildcards
allowed), an explicit ``format`` name wins over Accept, and the first entry is the
default when Accept is missing or ``*/*``. Nothing acceptable -> 406.
"""

from __future__ import annotations

from starlette.exceptions import HTTPException

SELECT_TYPES = {
    "application/sparql-results+json": "json",
    "application/sparql-results+xml": "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
    "application/json": "json",
    "application/xml": "xml",
}
GRAPH_TYPES = {
    "text/turtle": "turtle",
    "application/n-triples": "nt",
    "application/ld+json": "jsonld",
    "application/rdf+xml": "rdfxml",
    "application/x-turtle": "turtle",
    "text/plain": "nt",
}
DATASET_TYPES = {
    "application/trig": "trig",
    "application/n-quads": "nq",
    "text/turtle": "turtle",
    "application/n-triples": "nt",
    "application/ld+json": "jsonld",
}
#: canonical media type of each format name
MEDIA_TYPE = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
    "turtle": "text/turtle",
    "nt": "application/n-triples",
    "jsonld": "application/ld+json",
    "rdfxml": "application/rdf+xml",
    "trig": "application/trig",
    "nq": "application/n-quads",
    "html": "text/html",
}


def parse_accept(header: str | None) -> list[tuple[str, float]]:
    if not header:
        return []
    out = []
    for i, part in enumerate(header.split(",")):
        fields = [f.strip() for f in part.split(";")]
        media = fields[0].lower()
        if not media:
            continue
        q = 1.0
        for f in fields[1:]:
            if f.startswith("q="):
                try:
                    q = float(f[2:])
                except ValueError:
                    q = 0.0
        out.append((media, q - i * 1e-6))
    return sorted(out, key=lambda x: -x[1])


def negotiate(accept: str | None, offered: dict[str, str], fmt: str | None = None) -> str:
    """Format name to answer with."""
    names = list(dict.fromkeys(offered.values()))
    if fmt:
        fmt = fmt.lower()
        by_alias = {
            "ttl": "turtle",
            "ntriples": "nt",
            "n-triples": "nt",
            "nquads": "nq",
            "n-quads": "nq",
            "json-ld": "jsonld",
            "xml": "xml",
            "rdf": "rdfxml",
        }
        fmt = by_alias.get(fmt, fmt) if fmt not in names else fmt
        if fmt in names:
            return fmt
        if fmt in offered:  # a media type given as format
            return offered[fmt]
        raise HTTPException(400, f"unknown format {fmt!r}; choose one of: {', '.join(names)}")
    ranges = parse_accept(accept)
    if not ranges:
        return names[0]
    for media, q in ranges:
        if q <= 0:
            continue
        if media in ("*/*", "*"):
            return names[0]
        if media in offered:
            return offered[media]
        if media.endswith("/*"):
            major = media[:-1]
            for m, name in offered.items():
                if m.startswith(major):
                    return name
    raise HTTPException(406, "none of the accepted media types can be produced; available: " + ", ".join(offered))
