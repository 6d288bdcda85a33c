"""Arabic conflict-news ingest: one module per pipeline stage, article text in, RDF out.

Stages (each a pure function, tested alone)::

    article.py    Article + input checks          sources.py   files, folders, JSONL, stdin
    normalize.py  offset-preserving normalisation  sentences.py sentence spans
    tokens.py     tokens with clitic-stripped stems
    gazetteer.py  label index built from the reference store
    entities.py   mentions of actors/places, patterns, coreference
    numbers.py    numbers, quantities, casualties   dates.py     time expressions
    modality.py   claims (who said what) and modality cues
    events.py     events, control states, roles     rdf.py       the document graph
    pipeline.py   extract(article) -> Extraction
    native.py     the optional compiled build of the stages (native_build.py makes it)
"""

__version__ = "0.1.0"

# the compiled build of the stages, when there is one and it matches the sources (ingest/native.py)
from ingest import native as _native  # noqa: E402

_native.install()
