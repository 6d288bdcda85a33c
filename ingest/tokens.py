"""Tokens with clitic analysis.

Each token keeps its original ``begin``/``end`` and its normalised form (``norm``, see
normalize.py). Two candidate sets are derived from ``norm``:

``bases``
    proclitics stripped, the article kept: و ف ب ل ك and their combinations (وب ول وك
    فب فل فك), and ``لل`` read as ل + ال (``للموصل`` -> ``الموصل``). Gazetteer names are
    matched against bases, so ``والموصل`` and ``بالقائم`` match, while an entry that does not
    start with ال never matches the ال-form of a word (``باب`` does not match ``الباب``).

``stems``
    bases, plus the article stripped (``السيطرة`` -> ``سيطره``), plus one pronoun suffix
    stripped (ه ها هم هما هن نا ك كم ي, and the dual ``اه``) with a final ت restored to ة
    (``محاصرتها`` -> ``محاصره``), plus verb agreement endings (ت وا ون) and the accusative
    alef (``هجوماً``) stripped. Trigger lexicons are matched against stems. ``pronoun``
    records a stripped suffix so that later stages can resolve it (``نحوها`` -> the place last talked about).

Every candidate keeps at least two letters. Analyses are cached per normalised word.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

from ingest.normalize import fold

_LETTER = "\u0621-\u063a\u0641-\u064a\u066e\u066f\u0671-\u06d3\u06d5\u06ee\u06ef\u06fa-\u06ffA-Za-z"
_MARK = "\u0610-\u061a\u0640\u064b-\u065f\u0670\u06d6-\u06ed\u200c\u200d"
_DIGIT = "0-9\u0660-\u0669\u06f0-\u06f9"
_TOKEN = re.compile(
    rf"(?P<w>[{_LETTER}][{_LETTER}{_MARK}]*)|(?P<n>[{_DIGIT}]+(?:[.,\u066b\u066c][{_DIGIT}]+)*)|(?P<p>[^\s{_MARK}])"
)

_MARKS = "".join(chr(c) for c in [*range(0x0610, 0x061B), 0x0640, *range(0x064B, 0x0660), 0x0670])
PROCLITICS = ("وب", "ول", "وك", "فب", "فل", "فك", "و", "ف", "ب", "ل", "ك")
SUFFIXES = ("هما", "هم", "هن", "ها", "نا", "كم", "اه", "ه", "ك", "ي")
VERB_ENDINGS = ("وا", "ون", "ت")


class Token(NamedTuple):
    """One token (immutable; a named tuple: a document has hundreds, so they are cheap to make)."""

    begin: int
    end: int
    kind: str  # "w" word, "n" number, "p" punctuation
    norm: str
    bases: frozenset[str]
    stems: frozenset[str]
    pronoun: str | None  # pronoun suffix stripped in some stem, if any


@lru_cache(maxsize=65536)
def analyse(norm: str, taa_marbuta: bool = False) -> tuple[frozenset[str], frozenset[str], str | None]:
    """``(bases, stems, pronoun)`` of a normalised word; ``taa_marbuta`` when the original
    word ends in ة (its folded final ه is then not a pronoun)."""
    bases = {norm}
    for p in PROCLITICS:
        if norm.startswith(p) and len(norm) - len(p) >= 2:
            rest = norm[len(p):]
            bases.add(rest)
            if p[-1] == "ل" and rest.startswith("ل") and len(rest) >= 3:
                bases.add("ا" + rest)  # لل = ل + ال
    stems = set(bases)
    for b in bases:
        if b.startswith("ال") and len(b) >= 4:
            stems.add(b[2:])
    pronoun = None
    for s in ordered(frozenset(stems)):  # (in a fixed order: the first suffix found is the pronoun)
        for suf in SUFFIXES:
            if suf == "ه" and taa_marbuta:
                continue
            if s.endswith(suf) and len(s) - len(suf) >= 2:
                core = s[: -len(suf)]
                stems.add(core)
                if core.endswith("ت"):
                    stems.add(core[:-1] + "ه")
                    if len(core) >= 4:
                        stems.add(core[:-1])  # a verb with an object pronoun: انتزعتها -> انتزع
                if pronoun is None and not s.startswith("ال"):
                    pronoun = suf
                break
        if s.endswith("ا") and len(s) >= 4 and not s.endswith("اا"):
            stems.add(s[:-1])  # accusative tanween: هجوماً -> هجوم
        for end in VERB_ENDINGS:
            if s.endswith(end) and len(s) - len(end) >= 3:
                stems.add(s[: -len(end)])
    return frozenset(bases), frozenset(stems), pronoun


_ORDERED: dict[frozenset[str], tuple[str, ...]] = {}


def ordered(forms: frozenset[str]) -> tuple[str, ...]:
    """``forms`` (a token's bases or stems) longest first, then alphabetically. Rules that take
    the first form that matches iterate in this order: a set's order follows string hashes,
    which differ from one process to the next, and the same text must give the same graph
    in every process."""
    out = _ORDERED.get(forms)
    if out is None:
        if len(_ORDERED) > 200_000:
            _ORDERED.clear()
        out = _ORDERED[forms] = tuple(sorted(forms, key=lambda f: (-len(f), f)))
    return out


_ANALYSED: dict[str, tuple[str, str, frozenset[str], frozenset[str], str | None]] = {}


def _analysed(raw: str, kind: str) -> tuple[str, str, frozenset[str], frozenset[str], str | None]:
    """(kind, norm, bases, stems, pronoun) of a token's text (cached: words repeat a lot)."""
    norm = fold(raw)
    if kind == "w":
        bases, stems, pronoun = analyse(norm, raw.rstrip(_MARKS).endswith("ة"))
    else:
        bases = stems = frozenset((norm,))
        pronoun = None
    if len(_ANALYSED) > 200_000:
        _ANALYSED.clear()
    out = _ANALYSED[raw] = (kind, norm, bases, stems, pronoun)
    return out


def tokenize(text: str) -> list[Token]:
    """All tokens of ``text`` (words, numbers, punctuation) with original offsets."""
    cache, new = _ANALYSED, tuple.__new__
    out: list[Token] = []
    append = out.append
    for m in _TOKEN.finditer(text):
        raw = m.group()
        a = cache.get(raw) or _analysed(raw, m.lastgroup or "p")  # a token's kind follows from its text
        append(new(Token, m.span() + a))
    return out
