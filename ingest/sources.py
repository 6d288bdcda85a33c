"""Where articles come from: a text file (+ optional sidecar JSON), a folder, a JSONL batch,
or standard input (``-``).

``iter_articles(path_or_dash, defaults)`` yields an :class:`~ingest.article.Article` per
document, or a :class:`SourceError` for a document that cannot be read, and goes on: a
batch never stops at a bad document. It streams: one line / one file at a time.

* ``FILE.txt``: the text; metadata from ``FILE.json`` beside it (keys id, published,
  publisher, title, url), else from ``defaults`` (the CLI flags). Sidecar keys win over
  defaults, except ``id``, which for a single file given with --id comes from the flag.
* a folder: every ``*.txt`` in it (sorted, not recursive), each with its sidecar.
* ``*.jsonl``: one JSON object per line with ``text`` and optional id/published/publisher/
  title/url; defaults fill missing metadata (never the id: each line needs its own or gets
  the hash id).
* ``-``: standard input; JSONL when the first non-blank character is ``{``, else one text.
"""

from __future__ import annotations

import io
import json
import sys
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from ingest.article import Article
from kg.errors import InvalidInput

_FIELDS = ("published", "publisher", "title", "url")


@dataclass(frozen=True)
class SourceError:
    """A document that could not be read: where (file, or file:line) and why."""

    where: str
    message: str
    doc_id: str | None = None

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


def _article(text: str | bytes, meta: Mapping[str, Any], where: str) -> Article | SourceError:
    doc_id = meta.get("id")
    try:
        fields: dict[str, Any] = {k: meta.get(k) for k in _FIELDS}
        return Article.create(text, doc_id=str(doc_id) if doc_id is not None else None, **fields)
    except InvalidInput as e:
        return SourceError(where, str(e), str(doc_id) if doc_id else None)


def _sidecar(path: Path) -> dict[str, Any] | SourceError:
    side = path.with_suffix(".json")
    if not side.exists():
        return {}
    try:
        data = json.loads(side.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as e:
        return SourceError(str(side), f"unreadable sidecar JSON: {e}")
    if not isinstance(data, dict):
        return SourceError(str(side), "sidecar JSON must be an object")
    return data


def _file(path: Path, defaults: Mapping[str, Any], single: bool) -> Article | SourceError:
    side = _sidecar(path)
    if isinstance(side, SourceError):
        return side
    meta = {k: v for k, v in defaults.items() if v is not None and (single or k != "id")}
    meta.update({k: v for k, v in side.items() if v is not None and not (k == "id" and single and defaults.get("id"))})
    try:
        data = path.read_bytes()
    except OSError as e:
        return SourceError(str(path), f"cannot read file: {e.strerror or e}")
    return _article(data, meta, str(path))


def _jsonl(stream: TextIO, defaults: Mapping[str, Any], name: str) -> Iterator[Article | SourceError]:
    meta_defaults = {k: v for k, v in defaults.items() if v is not None and k != "id"}
    for n, line in enumerate(stream, 1):
        if not line.strip():
            continue
        where = f"{name}:{n}"
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as e:
            yield SourceError(where, f"invalid JSON: {e.msg}")
            continue
        if not isinstance(obj, dict) or not isinstance(obj.get("text"), str):
            yield SourceError(where, 'each line must be a JSON object with a "text" string',
                              str(obj.get("id")) if isinstance(obj, dict) and obj.get("id") else None)
            continue
        meta = {**meta_defaults, **{k: v for k, v in obj.items() if k != "text" and v is not None}}
        yield _article(obj["text"], meta, where)


def iter_articles(path_or_dash: str | Path, defaults: Mapping[str, Any] | None = None,
                  stdin: TextIO | None = None) -> Iterator[Article | SourceError]:
    """Articles (or per-document errors) from a file, folder, JSONL file or ``-`` (stdin)."""
    defaults = dict(defaults or {})
    if str(path_or_dash) == "-":
        stream = stdin if stdin is not None else io.TextIOWrapper(sys.stdin.buffer, encoding="utf-8",
                                                                  errors="strict")
        try:
            data = stream.read()
        except UnicodeDecodeError as e:
            yield SourceError("<stdin>", f"text is not valid UTF-8: byte {e.start} cannot be decoded")
            return
        if data.lstrip().startswith("{"):
            yield from _jsonl(io.StringIO(data), defaults, "<stdin>")
        else:
            yield _article(data, defaults, "<stdin>")
        return
    path = Path(path_or_dash)
    if path.is_dir():
        files = sorted(p for p in path.iterdir() if p.is_file() and p.suffix == ".txt")
        if not files:
            yield SourceError(str(path), "no .txt files in folder")
        for p in files:
            yield _file(p, defaults, single=False)
        for p in sorted(path.glob("*.jsonl")):
            yield from iter_articles(p, defaults)
        return
    if not path.exists():
        yield SourceError(str(path), "no such file or folder")
        return
    if path.suffix == ".jsonl":
        try:
            with open(path, encoding="utf-8", errors="strict") as f:
                yield from _jsonl(f, defaults, str(path))
        except UnicodeDecodeError as e:
            yield SourceError(str(path), f"not valid UTF-8: byte {e.start} cannot be decoded")
        return
    yield _file(path, defaults, single=True)
