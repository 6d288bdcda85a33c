"""Offset-preserving normalisation of Arabic text, used only for matching.

Rule: every character of the original either maps to exactly one normalised character or
is deleted; nothing is ever inserted. So the normalised string comes with ``offsets``, a
list giving for each normalised index the index of the original character it came from
(plus one sentinel entry equal to ``len(original)``), and any normalised span maps back
to an exact span of the original text. The original text is never modified.

Folded for matching:

* harakat and Quranic marks (U+0610-061A, U+064B-065F, U+0670, U+06D6-06ED), tatweel
  (U+0640) and invisible format marks (ZWNJ, ZWJ, LRM, RLM, BOM...) are deleted;
* alef forms أ إ آ ٱ -> ا ; ى -> ي ; ئ -> ي ; ؤ -> و ; ة -> ه
  (ؤ/ئ folding may merge a few unrelated words; both the text and every lexicon entry are
  folded the same way, and all matches are checked on whole tokens, so the cost is small);
* Arabic-Indic ٠-٩ and Persian ۰-۹ digits -> 0-9, Arabic comma/semicolon/question mark
  kept (they split sentences); the Arabic decimal separator ٫ -> "." ;
* quotes « » “ ” „ ″ -> '"' and ‘ ’ -> "'" ; Persian ک ی -> ك ي ; non-breaking and other
  spaces -> " " ; Latin letters are lower-cased.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from itertools import compress

_DELETE = set(range(0x0610, 0x061B)) | set(range(0x064B, 0x0660)) | {0x0670, 0x0640}
_DELETE |= set(range(0x06D6, 0x06EE)) | {0x200B, 0x200C, 0x200D, 0x200E, 0x200F, 0xFEFF, 0x061C}

_MAP: dict[int, str] = {}
for _c in "أإآٱ":
    _MAP[ord(_c)] = "ا"
_MAP.update({ord("ى"): "ي", ord("ئ"): "ي", ord("ؤ"): "و", ord("ة"): "ه", ord("ی"): "ي", ord("ک"): "ك"})
for _i in range(10):
    _MAP[0x0660 + _i] = str(_i)
    _MAP[0x06F0 + _i] = str(_i)
_MAP[ord("٫")] = "."
for _c in "«»“”„″":
    _MAP[ord(_c)] = '"'
for _c in "‘’":
    _MAP[ord(_c)] = "'"
for _c in "\u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000":
    _MAP[ord(_c)] = " "

#: str.translate table: deletions map to None.
TABLE: dict[int, str | None] = {**_MAP, **{c: None for c in _DELETE}}

# str.translate with a dict raises (and catches) a LookupError for every character the dict
# lacks - most of them. The same mapping as a list indexed by code point has no misses below
# U+0800 (Arabic included); the few mapped characters above it (spaces, quotes, format marks)
# are replaced first with a regex. Same result as ``text.translate(TABLE)``, about 2x faster.
_LOW_END = 0x0800
_LOW_TABLE: list[str | None] = [chr(i) for i in range(_LOW_END)]
for _k, _v in TABLE.items():
    if _k < _LOW_END:
        _LOW_TABLE[_k] = _v
_HIGH = {chr(k): v or "" for k, v in TABLE.items() if k >= _LOW_END}
_HIGH_RE = re.compile("[" + "".join(sorted(_HIGH)) + "]")


def _translate(text: str) -> str:
    if _HIGH_RE.search(text) is not None:
        text = _HIGH_RE.sub(lambda m: _HIGH[m.group()], text)
    return text.translate(_LOW_TABLE)


@dataclass(frozen=True)
class Normalized:
    """A normalised string and, for each of its indices, the original index (+ sentinel)."""

    text: str
    offsets: tuple[int, ...]

    def original_span(self, begin: int, end: int) -> tuple[int, int]:
        """Map the normalised span ``[begin, end)`` back to the original text."""
        if end <= begin:
            o = self.offsets[begin]
            return o, o
        return self.offsets[begin], self.offsets[end - 1] + 1


@lru_cache(maxsize=131072)
def fold(text: str) -> str:
    """The normalised form of ``text`` without the offset map (for lexicon entries and tokens)."""
    return _translate(text).lower()


_DELETED = re.compile("[" + "".join(chr(c) for c in sorted(_DELETE)) + "]")


def normalize(text: str) -> Normalized:
    """Normalise ``text`` for matching, keeping a map from every position to the original."""
    folded = _translate(text).lower()
    if len(folded) == len(text):
        return Normalized(folded, tuple(range(len(text) + 1)))
    keep = bytearray(b"\x01") * (len(text) + 1)  # + the sentinel
    for m in _DELETED.finditer(text):
        keep[m.start()] = 0
    return Normalized(folded, tuple(compress(range(len(text) + 1), keep)))
