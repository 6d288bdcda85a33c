"""Numbers, quantities and casualty counts.

Rules:

* digits (ASCII, Arabic-Indic, Persian; ``3.5``; ``1,500`` when a comma is followed by
  exactly three digits) and number words, including compounds joined by و
  (``ثلاثة وعشرون``), teens (``أحد عشر``), hundreds (``مئة``/``مائة``, ``ثلاثمئة``,
  ``ثلاث مئة``), thousands (``ألف``, ``آلاف``), masculine/feminine and case forms
  (``تسعة``/``تسع``, ``عشرين``/``عشرون``), and dual nouns (``قتيلان`` = 2);
* vague plurals follow ACLED's conservative coding: ``عشرات`` (dozens) = 12, ``مئات`` = 100,
  ``آلاف`` = 1000, ``عدة``/``بضعة``/``عدد من`` = 3; they carry the qualifier ckg:Dozens;
* qualifiers: ``على الأقل``, ``ما لا يقل عن``, ``أكثر من``, ``نحو``/``حوالى``/``قرابة``/``زهاء``/
  ``ما يقارب`` (approximately), ``أقل من`` (at most), ``ما بين X و Y``/``بين X و Y``/``X إلى Y``
  (a range: best = low, the conservative end);
* a unit or counted noun right after the number: ``في المئة``/``بالمئة``/``%`` (percent),
  ``كيلومتراً``/``كلم``/``كم`` (km), ``متراً`` (m), people nouns (قتيل/قتلى/شخص/مدني/جندي...);
* casualties: a count of killed nouns (قتيل, قتلى) or a count after مقتل/مصرع/سقوط, or a
  killing verb with a count (``قتل 5 مدنيين``) are fatalities; a count of جريح/جرحى/مصاب or
  after إصابة/جرح are injured (``مقتل 3 وإصابة 7``).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from ingest.normalize import fold
from ingest.tokens import Token

_ONES = {
    "واحد": 1, "واحده": 1, "احد": 1, "احدي": 1, "اثنان": 2, "اثنين": 2, "اثنتان": 2, "اثنتين": 2,
    "اثنا": 2, "اثني": 2, "اثنتا": 2, "اثنتي": 2, "ثلاث": 3, "ثلاثه": 3, "اربع": 4, "اربعه": 4,
    "خمس": 5, "خمسه": 5, "ست": 6, "سته": 6, "سبع": 7, "سبعه": 7, "ثماني": 8, "ثمانيه": 8,
    "ثمان": 8, "تسع": 9, "تسعه": 9, "عشر": 10, "عشره": 10,
}
_TENS = {
    "عشرون": 20, "عشرين": 20, "ثلاثون": 30, "ثلاثين": 30, "اربعون": 40, "اربعين": 40,
    "خمسون": 50, "خمسين": 50, "ستون": 60, "ستين": 60, "سبعون": 70, "سبعين": 70,
    "ثمانون": 80, "ثمانين": 80, "تسعون": 90, "تسعين": 90,
}
_HUNDREDS = {"مئه": 100, "مائه": 100, "مئتان": 200, "مئتين": 200, "مائتان": 200, "مائتين": 200}
for _w, _v in (("ثلاث", 3), ("اربع", 4), ("خمس", 5), ("ست", 6), ("سبع", 7), ("ثمان", 8), ("تسع", 9)):
    _HUNDREDS[_w + "مئه"] = _v * 100
    _HUNDREDS[_w + "مائه"] = _v * 100
_THOUSAND = {"الف": 1000, "الفا": 1000, "الفان": 2000, "الفين": 2000, "الاف": 1000, "مليون": 1_000_000,
             "ملايين": 1_000_000, "مليونا": 1_000_000}
_VAGUE = {"عشرات": 12, "مئات": 100, "مييات": 100, "الاف": 1000, "عده": 3, "بضعه": 3, "بضع": 3}
_DUALS = {"قتيلان": "killed", "قتيلين": "killed", "جريحان": "injured", "جريحين": "injured",
          "شخصان": "people", "شخصين": "people"}

_KILLED_NOUNS = {"قتيل", "قتيلا", "قتلي", "قتيله", "ضحيه", "ضحايا", "ضحيتين"}
_INJURED_NOUNS = {"جريح", "جريحا", "جرحي", "مصاب", "مصابا", "مصابين", "مصابون", "اصابات"}
_PEOPLE_NOUNS = {
    "شخص", "شخصا", "اشخاص", "مدني", "مدنيا", "مدنيين", "مدنيون", "عنصر", "عنصرا", "عناصر", "جندي",
    "جنديا", "جنود", "مقاتل", "مقاتلا", "مقاتلين", "مقاتلون", "مسلح", "مسلحا", "مسلحين", "مسلحون",
    "طفل", "طفلا", "اطفال", "امراه", "نساء", "شرطي", "شرطيا", "عسكري", "عسكريا", "عسكريين",
    "فردا", "افراد", "متظاهر", "متظاهرا", "متظاهرين", "معتقل", "معتقلا", "معتقلين",
    "رجل", "رجال", "مواطن", "مواطنا", "مواطنين", "نازح", "نازحين", "لاجي", "لاجيا", "لاجيين",
}
_KILL_CUES = {"مقتل", "مصرع", "سقوط", "قتل", "استشهاد", "قضي", "لقي", "قتلت", "اودي", "حصد", "وفاه"}
_INJURY_CUES = {"اصابه", "جرح", "اصيب", "اصابت"}
_UNITS = {
    "كيلومتر": "km", "كيلومترا": "km", "كيلومترات": "km", "كلم": "km", "كم": "km", "كيلو": "km",
    "متر": "m", "مترا": "m", "امتار": "m", "%": "percent", "٪": "percent",
}
_PEOPLE_NOUNS |= {"اخرين", "آخرين", "آخرون"}
_APPROX_BEFORE = {"نحو", "حوالي", "حوالى", "قرابه", "زهاء", "تقريبا", "يقارب", "ما يقارب"}
_ATLEAST_BEFORE: tuple[str, ...] = ("ما لا يقل عن", "لا يقل عن", "اكثر من", "ما يزيد على", "ما يزيد عن", "يزيد على")
_ATMOST_BEFORE: tuple[str, ...] = ("اقل من", "ما لا يزيد على", "ما لا يزيد عن", "لا يزيد على")


def _fold_keys(d: dict) -> dict:
    return {fold(k): v for k, v in d.items()}


_ONES, _TENS, _HUNDREDS, _THOUSAND, _VAGUE, _DUALS, _UNITS = (
    _fold_keys(d) for d in (_ONES, _TENS, _HUNDREDS, _THOUSAND, _VAGUE, _DUALS, _UNITS))
_KILLED_NOUNS, _INJURED_NOUNS, _PEOPLE_NOUNS, _KILL_CUES, _INJURY_CUES, _APPROX_BEFORE = (
    {fold(w) for w in s} for s in (_KILLED_NOUNS, _INJURED_NOUNS, _PEOPLE_NOUNS, _KILL_CUES, _INJURY_CUES,
                                   _APPROX_BEFORE))
_ATLEAST_BEFORE, _ATMOST_BEFORE = (tuple(fold(c) for c in t) for t in (_ATLEAST_BEFORE, _ATMOST_BEFORE))
_HUNDRED_WORDS = (fold("مئة"), fold("مائة"))
_PERCENT_WORDS = (fold("المئة"), fold("المائة"))
_PERCENT_GLUED = (fold("بالمئة"), fold("بالمائة"), "%", "٪")
_TEEN = (fold("عشر"), fold("عشرة"))
#: The words a number can start with (parse_number reads nothing from any other word).
_NUMBER_START = frozenset(_ONES) | frozenset(_TENS) | frozenset(_HUNDREDS) | frozenset(_THOUSAND) | \
    frozenset(_VAGUE) | {"عدد"}


@dataclass(frozen=True)
class Quantity:
    """A number read from text. ``tok_begin``/``tok_end`` index the token list (end exclusive),
    ``begin``/``end`` the original text. ``kind`` is killed/injured/people/km/m/percent/None."""

    tok_begin: int
    tok_end: int
    begin: int
    end: int
    value: float
    low: float | None = None
    high: float | None = None
    qualifier: str | None = None  # AtLeast AtMost Approximately Between Dozens
    kind: str | None = None


def _strip_wa(norm: str) -> str:
    return norm[1:] if norm.startswith("و") and len(norm) > 2 else norm


def parse_number(tokens: list[Token], i: int) -> tuple[float, int, bool] | None:
    """Parse a number starting at token ``i``: ``(value, next_index, vague)`` or None."""
    t = tokens[i]
    if t.kind == "n":
        s = t.norm
        if re.fullmatch(r"\d{1,3}(,\d{3})+", s):
            s = s.replace(",", "")
        value = float(s.replace(",", "."))
        j = i + 1
        if j < len(tokens) and tokens[j].norm in _THOUSAND:
            value *= _THOUSAND[tokens[j].norm]
            j += 1
        return value, j, False
    if t.kind != "w" or t.norm not in _NUMBER_START:
        return None
    w = t.norm
    if w in _VAGUE and not (i + 1 < len(tokens) and tokens[i + 1].norm == "من" and w == "عده"):
        return float(_VAGUE[w]), i + 1, True
    if w == "عدد" and i + 1 < len(tokens) and tokens[i + 1].norm == "من":
        return 3.0, i + 2, True
    total = 0.0
    current = 0.0
    j = i
    seen = False
    while j < len(tokens) and tokens[j].kind == "w":
        w = tokens[j].norm if j == i else _strip_wa(tokens[j].norm)
        if j > i and not tokens[j].norm.startswith("و") and w not in _HUNDREDS and w not in _THOUSAND \
                and w not in _TEEN:
            break
        if j > i and ((w in _TENS and current % 100 >= 10) or (w in _ONES and current % 100 != 0)):
            break
        if w in _ONES:
            v = _ONES[w]
            if j + 1 < len(tokens) and tokens[j + 1].norm in _TEEN and v < 10:
                current += 10 + v
                j += 2
                seen = True
                continue
            if j + 1 < len(tokens) and tokens[j + 1].norm in _HUNDRED_WORDS and v < 10:
                current += v * 100
                j += 2
                seen = True
                continue
            current += v
        elif w in _TENS:
            current += _TENS[w]
        elif w in _HUNDREDS:
            current += _HUNDREDS[w]
        elif w in _THOUSAND and (seen or j == i):
            total += (current or 1) * _THOUSAND[w]
            current = 0.0
        else:
            break
        seen = True
        j += 1
    if not seen:
        return None
    return total + current, j, False


def _prev_words(tokens: list[Token], i: int, n: int) -> str:
    return " ".join(t.norm for t in tokens[max(0, i - n):i])


_starts_of: tuple[list[Token] | None, list[int]] = (None, [])


def _number_starts(tokens: list[Token]) -> list[int]:
    """Positions where a quantity may start: digits, number words, dual nouns (once per
    token list; a sentence is then scanned only at these)."""
    global _starts_of
    if _starts_of[0] is not tokens:
        _starts_of = (tokens, [i for i, t in enumerate(tokens) if t.kind == "n" or t.kind == "w" and
                               (t.norm in _NUMBER_START or t.norm in _DUALS)])
    return _starts_of[1]


def find_quantities(tokens: list[Token], begin: int = 0, end: int | None = None) -> list[Quantity]:
    """Quantities in ``tokens[begin:end]``, with qualifiers, ranges, units and kinds."""
    end = len(tokens) if end is None else end
    out: list[Quantity] = []
    i = begin
    starts = _number_starts(tokens)
    for at in starts[bisect.bisect_left(starts, begin):bisect.bisect_left(starts, end)]:
        if at < i:
            continue
        i = at  # tokens before it start no quantity
        parsed = parse_number(tokens, i)
        if parsed is None:
            dual = _DUALS.get(tokens[i].norm) if tokens[i].kind == "w" else None
            if dual:
                out.append(Quantity(i, i + 1, tokens[i].begin, tokens[i].end, 2.0,
                                    kind=_casualty_kind(tokens, i, dual)))
            i += 1
            continue
        value, j, vague = parsed
        q_begin, q_end = i, j
        low = high = None
        qualifier = "Dozens" if vague else None
        # range: (ما) بين X و Y / X إلى Y / X - Y
        if j < end and tokens[j].kind in ("w", "p") and tokens[j].norm in ("و", "الي", "-") or (
                j < end and tokens[j].norm.startswith("و") and tokens[j].kind == "w"):
            k = j + 1 if tokens[j].norm in ("و", "الي", "-") else j
            second = None
            if k < end:
                if k == j:  # glued و + number word
                    second = _second_glued(tokens, k)
                else:
                    second = parse_number(tokens, k)
            if second and not second[2] and second[0] > value:
                prev = _prev_words(tokens, i, 2)
                if prev.endswith("بين") or tokens[j].norm in ("الي", "-"):
                    low, high = value, second[0]
                    qualifier = "Between"
                    j = second[1]
                    q_end = j
                    if prev.endswith("ما بين"):
                        q_begin = i - 2
                    elif prev.endswith("بين"):
                        q_begin = i - 1
        prev3 = _prev_words(tokens, i, 4)
        if qualifier is None:
            for cue in _ATLEAST_BEFORE:
                if prev3.endswith(cue):
                    qualifier, q_begin = "AtLeast", i - len(cue.split())
                    break
        if qualifier is None:
            for cue in _ATMOST_BEFORE:
                if prev3.endswith(cue):
                    qualifier, q_begin = "AtMost", i - len(cue.split())
                    break
        if qualifier is None and i > 0 and (tokens[i - 1].norm in _APPROX_BEFORE or
                                            tokens[i - 1].stems & {"نحو", "حوالي", "قرابه", "زهاء"}):
            qualifier, q_begin = "Approximately", i - 1
        # unit / counted noun
        kind = None
        k = j
        if k < end:
            n0 = tokens[k].norm
            stems = tokens[k].stems
            if n0 in ("في", "بال") and k + 1 < end and tokens[k + 1].norm in _PERCENT_WORDS:
                kind, k = "percent", k + 2
            elif n0 in _PERCENT_GLUED:
                kind, k = "percent", k + 1
            elif n0 in _UNITS:
                kind, k = _UNITS[n0], k + 1
            elif stems & _KILLED_NOUNS:
                kind, k = "killed", k + 1
            elif stems & _INJURED_NOUNS:
                kind, k = "injured", k + 1
            elif n0 in _PEOPLE_NOUNS or stems & _PEOPLE_NOUNS:
                kind, k = "people", k + 1
            elif n0 == "من" and k + 1 < end and (tokens[k + 1].stems & (_PEOPLE_NOUNS | _KILLED_NOUNS)):
                kind, k = "people", k + 2
        if kind == "people":
            kind = _casualty_kind(tokens, i if q_begin >= i else q_begin, "people", k, end)
        elif kind is None and not vague and value < 1000 and value == int(value):
            cue = _casualty_kind(tokens, q_begin, "")
            kind = cue or None
        q_end = max(q_end, k)
        # trailing "at least"
        if k + 1 < end and tokens[k].norm == "علي" and tokens[k + 1].norm == "الاقل":
            qualifier = qualifier or "AtLeast"
            q_end = k + 2
        best = low if low is not None else value
        out.append(Quantity(q_begin, q_end, tokens[q_begin].begin, tokens[q_end - 1].end, best, low, high,
                            qualifier, kind))
        i = max(j, i + 1)
    return out


def _second_glued(tokens: list[Token], k: int) -> tuple[float, int, bool] | None:
    """The number in a word glued to و (``وثلاثين``), for ranges."""
    w = tokens[k].norm[1:]
    value = _value_of(w)
    return (value, k + 1, False) if value else None


def _value_of(w: str) -> float:
    return float(_ONES.get(w) or _TENS.get(w) or _HUNDREDS.get(w) or 0)


def _casualty_kind(tokens: list[Token], i: int, default: str, k: int | None = None,
                   end: int | None = None) -> str:
    """killed/injured when a cue word precedes the count (or follows it), else ``default``."""
    for t in reversed(tokens[max(0, i - 3):i]):
        if t.stems & _KILL_CUES:
            return "killed"
        if t.stems & _INJURY_CUES:
            return "injured"
        if t.kind == "p":
            break
    if k is not None and end is not None and k < end:
        nxt = tokens[k]
        if nxt.stems & {"قتلوا", "قتل", "لقوا", "لقي", "حتفهم"}:
            return "killed"
        if nxt.stems & {"اصيبوا", "جرحوا", "اصيب"}:
            return "injured"
    return default


def casualties(quantities: list[Quantity]) -> dict[str, object]:
    """Fatalities (best/low/high/qualifier) and injured from the quantities of one clause."""
    out: dict[str, object] = {}
    for q in quantities:
        if q.kind == "killed" and "fatalities" not in out:
            out["fatalities"] = int(q.value)
            if q.low is not None:
                out["fatalitiesLow"] = int(q.low)
            if q.high is not None:
                out["fatalitiesHigh"] = int(q.high)
            if q.qualifier:
                out["fatalitiesQualifier"] = q.qualifier
            out["fatalitiesSpan"] = (q.begin, q.end)
        elif q.kind == "injured" and "injured" not in out:
            out["injured"] = int(q.value)
            out["injuredSpan"] = (q.begin, q.end)
    return out
