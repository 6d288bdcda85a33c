"""An article to ingest, and the checks its input must pass.

``Article.create`` is the one way in: it rejects, with :class:`kg.errors.InvalidInput` and a
message naming the problem, input that is not usable text:

* bytes that are not valid UTF-8; text with NUL bytes or other control characters (binary);
* empty or whitespace-only text; text over 5 MB (UTF-8);
* markup: HTML/XML documents (a ``<html``/``<body``/``<!DOCTYPE`` or many tags) are refused
  with a suggestion to extract the plain text first - stripping tags would shift the
  character offsets every statement's evidence points into;
* text with no Arabic letters ("no Arabic text found");
* a malformed publication date (``YYYY-MM-DD``) or document id (kg.iris.check_doc_id).

Without an id, the id is ``doc-`` + the first 16 hex digits of the SHA-256 of the text.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import date, datetime

from kg.errors import InvalidInput
from kg.iris import check_doc_id

MAX_BYTES = 5 * 1024 * 1024
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_ARABIC = re.compile(r"[\u0621-\u064a\u0671-\u06d3]")
_MARKUP_DOC = re.compile(r"<\s*(?:!doctype|html|body|head)\b", re.IGNORECASE)
_TAG = re.compile(r"</?[a-zA-Z][a-zA-Z0-9]*(?:\s[^<>]*)?/?>")


@dataclass(frozen=True)
class Article:
    doc_id: str
    text: str
    published: date | None = None
    publisher: str | None = None
    title: str | None = None
    url: str | None = None
    language: str = "ar"

    @classmethod
    def create(cls, text: str | bytes, *, doc_id: str | None = None, published: str | date | None = None,
               publisher: str | None = None, title: str | None = None, url: str | None = None,
               language: str = "ar") -> Article:
        """Check the input and build an Article (see the module docstring for the rules)."""
        text = check_text(text, doc_id)
        return cls(
            doc_id=check_doc_id(doc_id) if doc_id else default_doc_id(text),
            text=text,
            published=parse_date(published),
            publisher=_clean(publisher),
            title=_clean(title),
            url=_clean(url),
            language=language or "ar",
        )


def default_doc_id(text: str) -> str:
    return "doc-" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def check_text(text: str | bytes, doc_id: str | None = None) -> str:
    where = f" (document {doc_id})" if doc_id else ""
    if isinstance(text, bytes):
        if len(text) > MAX_BYTES:
            raise InvalidInput(f"text is too large{where}: {len(text)} bytes, the limit is {MAX_BYTES} (5 MB)")
        try:
            text = text.decode("utf-8")
        except UnicodeDecodeError as e:
            raise InvalidInput(f"text is not valid UTF-8{where}: byte {e.start} cannot be decoded") from None
    if not isinstance(text, str):
        raise InvalidInput(f"text must be a string{where}")
    if len(text) > MAX_BYTES // 4 and len(text.encode("utf-8")) > MAX_BYTES:
        raise InvalidInput(f"text is too large{where}: over {MAX_BYTES} bytes (5 MB)")
    if not text.strip():
        raise InvalidInput(f"text is empty{where}")
    bad = _CONTROL.search(text)
    if bad:
        raise InvalidInput(f"text looks binary{where}: control character U+{ord(bad.group()):04X} at offset "
                           f"{bad.start()}; give plain UTF-8 text")
    if _MARKUP_DOC.search(text) or len(_TAG.findall(text)) >= 5:
        raise InvalidInput(f"text looks like HTML/XML markup{where}; extract the article's plain text first "
                           "(offsets of evidence spans point into the text as given)")
    if not _ARABIC.search(text):
        raise InvalidInput(f"no Arabic text found{where}")
    return text


def parse_date(value: str | date | None) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    s = str(value).strip()
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", s):
            return date.fromisoformat(s)
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}[T ][0-9:.]+(Z|[+-]\d{2}:?\d{2})?", s):
            return datetime.fromisoformat(s.replace("Z", "+00:00")).date()
    except ValueError:
        pass
    raise InvalidInput(f"malformed publication date {s!r}: use YYYY-MM-DD")


def _clean(value: str | None) -> str | None:
    if value is None:
        return None
    value = str(value).strip()
    return value or None
