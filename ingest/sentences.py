"""Sentence splitting into (begin, end) spans of the original text.

Rules, in order:

* a newline always ends a sentence (paragraph or line break);
* ``.`` ``!`` ``?`` ``؟`` ``؛`` ``…`` end a sentence, together with any closing quotes or
  brackets right after them (``».``, ``.»``), whether or not a space follows: news copy
  often glues sentences (``الجنوب.وتعد``, ``القائم».وإلى``);
* a ``.`` does not end a sentence between two digits (``3.5``), after a one-letter
  abbreviation (``د.`` ``م.`` ``ق.م``, Latin initials), or after a known abbreviation
  (``ص.ب``, ``إلخ``, ``أ.ف.ب``); a run of dots (``...``) counts as one terminator;
* spans are trimmed of surrounding white space; empty sentences are dropped.
"""

from __future__ import annotations

import re

_TERMINATOR = re.compile(r"(\.{2,}|…|[.!?؟؛]+)([»\"”’')\]]*)|\n")
_WORD_BEFORE = re.compile(r"(\w+)$")
_ABBREVIATIONS = {"ص", "ب", "إلخ", "الخ", "ت", "ف", "ق", "م", "هـ", "د", "أ", "ا", "ج", "ح", "ر", "ع",
                  "س", "ك", "ش", "ط", "ل", "ن", "و", "ه", "ي", "ى", "ز", "خ", "غ", "ظ", "ض", "ث", "ذ"}


def _protected(text: str, i: int) -> bool:
    """True when the '.' at ``i`` is part of a number or an abbreviation."""
    if i > 0 and i + 1 < len(text) and text[i - 1].isdigit() and text[i + 1].isdigit():
        return True
    m = _WORD_BEFORE.search(text, max(0, i - 12), i)
    if m:
        word = m.group(1)
        if word.rstrip("ـ") in _ABBREVIATIONS or (len(word) == 1 and word.isalpha()):
            return True
    return False


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans ``(begin, end)`` (end exclusive) into ``text``, trimmed, in order."""
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _TERMINATOR.finditer(text):
        if m.group(0) == "\n":
            end = m.start()
        else:
            if m.group(1) == "." and _protected(text, m.start()):
                continue
            end = m.end()
        _add(text, start, end, spans)
        start = m.end()
    _add(text, start, len(text), spans)
    return spans


def _add(text: str, begin: int, end: int, spans: list[tuple[int, int]]) -> None:
    while begin < end and text[begin].isspace():
        begin += 1
    while end > begin and text[end - 1].isspace():
        end -= 1
    if end > begin:
        spans.append((begin, end))
