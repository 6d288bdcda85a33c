"""Time expressions resolved against the publication date, with a precision.

Rules (patterns run on the normalised text, spans map back to the original):

* ``أمس`` (with ``صباح``/``مساء``/``ليل``/``فجر``/``ظهر``/``عصر``/``يوم`` before it) = the day
  before publication; ``أول أمس``/``أول من أمس``/``أمس الأول`` = two days before; ``اليوم``
  (``صباح اليوم``...) and ``الليلة`` = the publication day; ``غداً`` = the day after;
* ``منذ يومين`` / ``قبل ثلاثة أيام`` = that many days before publication (Day), not when ``من``
  follows (``قبل يومين من الهجوم`` counts from another event); ``قبل أسبوعين`` / ``منذ أسبوع`` =
  that many weeks before publication, +-3 days (Week);
* ``غداة`` (the day after ...) = the publication day; the event it names, the day before;
* ``خلال الأيام/الساعات/الأسابيع المقبلة`` = a Range after publication; ``الأسبوع المقبل`` = the
  seven days after publication (Week);
* ``الأسبوع الماضي`` = the seven days before publication (precision Week: Arab weeks start
  on Saturday or Sunday depending on the country, so no calendar week is assumed); ``الشهر الماضي`` and
  ``العام/السنة الماضية`` = the previous calendar month/year; ``الأيام/الأسابيع/الأشهر/الشهور/
  الأعوام/السنوات الماضية/الأخيرة`` = a Range ending on the publication date (7 days, 31 days,
  183 days, 3 years);
* weekdays (``السبت`` ... ``الجمعة``, also ``الثلثاء``; ``يوم`` optional) = the most recent such
  day on or before publication, strictly before with ``الماضي``, strictly after with ``المقبل``;
* explicit dates: ``3 تشرين الثاني (نوفمبر) 2017``, ``الرابع من كانون الثاني`` (Levantine/Iraqi, Egyptian/Gulf and
  Maghrebi month names; a second name in brackets is allowed; without a year, the
  publication year, or the year before when the date would fall after publication);
  ``شهر نيسان`` / ``نيسان 2017`` = Month; ``عام 2014``/``العام 2014``/``سنة 2014``/``في 2014`` = Year;
  ``3/11/2017`` = Day (day first);
* without a publication date, relative expressions are returned with precision
  ``Unresolved`` and no dates: nothing is invented.
"""

from __future__ import annotations

import re
from calendar import monthrange
from dataclasses import dataclass
from datetime import date, timedelta

from ingest.normalize import Normalized, fold

_MONTHS_RAW = {
    1: ["كانون الثاني", "يناير", "جانفي", "يناير"],
    2: ["شباط", "فبراير", "فيفري"],
    3: ["آذار", "مارس"],
    4: ["نيسان", "أبريل", "إبريل", "أفريل", "ابريل"],
    5: ["أيار", "مايو", "ماي"],
    6: ["حزيران", "يونيو", "يونيه", "جوان"],
    7: ["تموز", "يوليو", "يوليه", "جويلية"],
    8: ["آب", "أغسطس", "أوت", "اغسطس"],
    9: ["أيلول", "سبتمبر", "شتنبر"],
    10: ["تشرين الأول", "أكتوبر", "اكتوبر"],
    11: ["تشرين الثاني", "نوفمبر", "نونبر"],
    12: ["كانون الأول", "ديسمبر", "دجنبر"],
}
MONTHS: dict[str, int] = {fold(n): m for m, names in _MONTHS_RAW.items() for n in names}
_MONTH_ALT = "|".join(sorted((re.escape(k) for k in MONTHS), key=len, reverse=True))
_WEEKDAYS = {fold(k): v for k, v in {
    "الاثنين": 0, "الإثنين": 0, "الثلاثاء": 1, "الثلثاء": 1, "الأربعاء": 2, "الخميس": 3,
    "الجمعة": 4, "السبت": 5, "الأحد": 6}.items()}
_WEEKDAY_ALT = "|".join(sorted(_WEEKDAYS, key=len, reverse=True))
_WEEKDAY_RE = re.compile(rf"(?<!\w)(?:{_WEEKDAY_ALT})(?!\w)")

_ORDINALS = {fold(k): v for k, v in {
    "الأول": 1, "الثاني": 2, "الثالث": 3, "الرابع": 4, "الخامس": 5, "السادس": 6, "السابع": 7, "الثامن": 8,
    "التاسع": 9, "العاشر": 10, "الحادي عشر": 11, "الثاني عشر": 12, "الثالث عشر": 13, "الرابع عشر": 14,
    "الخامس عشر": 15, "السادس عشر": 16, "السابع عشر": 17, "الثامن عشر": 18, "التاسع عشر": 19, "العشرين": 20,
    "الحادي والعشرين": 21, "الثاني والعشرين": 22, "الثالث والعشرين": 23, "الرابع والعشرين": 24,
    "الخامس والعشرين": 25, "السادس والعشرين": 26, "السابع والعشرين": 27, "الثامن والعشرين": 28,
    "التاسع والعشرين": 29, "الثلاثين": 30, "الحادي والثلاثين": 31}.items()}
_ORDINAL_ALT = "|".join(sorted((re.escape(k) for k in _ORDINALS), key=len, reverse=True))
# parts of a month: ``منتصف الشهر الجاري`` (days 11-20), ``مطلع``/``أوائل`` (1-10), ``أواخر`` (21-end)
_MONTH_PARTS = {"منتصف": (11, 20), "مطلع": (1, 10), "اوايل": (1, 10), "بدايه": (1, 10), "اواخر": (21, 31),
                "نهايه": (21, 31)}

_B = r"(?<![\w])"  # word start
_E = r"(?![\w])"  # word end
_PREFIX = r"(?:[وفب]|ول|وب)?"

_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("explicit", re.compile(
        rf"{_B}(?:{_PREFIX}(?:يوم|في|منذ)\s+|[وبف])?(?P<d>[0-3]?\d)\s+(?:من\s+)?(?:شهر\s+)?(?P<m>{_MONTH_ALT})"
        rf"(?:\s*\(\s*(?:{_MONTH_ALT})\s*\)|\s*/\s*(?:{_MONTH_ALT}){_E})?"
        rf"(?:\s*(?:من\s+)?(?:عام|العام|سنه)?\s*(?P<y>(?:19|20)\d\d))?{_E}")),
    ("monthday", re.compile(
        rf"{_B}(?:{_PREFIX}(?:يوم|في|منذ)\s+)?{_PREFIX}(?:(?P<d>[0-3]?\d)|(?P<o>{_ORDINAL_ALT}))\s+من\s+"
        rf"(?:(?:هذا\s+)?(?:الشهر|شهرنا)(?:\s+(?P<rel>الجاري|الحالي|الماضي|المنصرم))?"
        # ``الرابع من كانون الثاني (يناير)``: an ordinal day of a named month (resolved as explicit)
        rf"|(?:شهر\s+)?(?P<m>{_MONTH_ALT})(?:\s*\(\s*(?:{_MONTH_ALT})\s*\)|\s*/\s*(?:{_MONTH_ALT}){_E})?"
        rf"(?:\s*(?:من\s+)?(?:عام|العام|سنه)?\s*(?P<y>(?:19|20)\d\d))?){_E}")),
    ("monthpart", re.compile(
        rf"{_B}{_PREFIX}(?P<part>منتصف|مطلع|اوايل|بدايه|اواخر|نهايه)\s+(?:هذا\s+)?الشهر\s+"
        rf"(?P<rel>الجاري|الحالي|الماضي|المنصرم){_E}")),
    ("numeric", re.compile(rf"{_B}(?P<d>[0-3]?\d)/(?P<m>[01]?\d)/(?P<y>(?:19|20)\d\d){_E}")),
    ("month", re.compile(
        rf"{_B}(?:{_PREFIX}(?:شهر|خلال|مطلع|منتصف|اواخر|اوايل|نهايه|بدايه)\s+)?(?:شهر\s+)?(?P<m>{_MONTH_ALT})"
        rf"(?:\s*\(\s*(?:{_MONTH_ALT})\s*\))?(?:\s*(?:من\s+)?(?:عام|العام)?\s*(?P<y>(?:19|20)\d\d))?{_E}")),
    ("year", re.compile(rf"{_B}{_PREFIX}(?:عام|العام|سنه|في|خلال)\s+(?P<y>(?:19|20)\d\d){_E}")),
    ("daybefore", re.compile(rf"{_B}{_PREFIX}(?:اول\s+(?:من\s+)?امس|امس\s+الاول){_E}")),
    ("yesterday", re.compile(rf"{_B}{_PREFIX}(?:الليله\s+الماضيه|ليل\s+امس){_E}")),
    ("yesterday", re.compile(
        rf"{_B}(?:{_PREFIX}(?:صباح|مساء|ليل|ليله|فجر|ظهر|عصر|يوم|ظهيره)\s+)?{_PREFIX}امس{_E}")),
    ("today", re.compile(
        rf"{_B}(?:{_PREFIX}(?:صباح|مساء|ليل|فجر|ظهر|عصر|ظهيره)\s+)?{_PREFIX}(?:اليوم|الليله|هذا\s+الصباح){_E}(?!\s+(?:ذاته|نفسه|ذاتها|نفسها|التالي|السابق))")),
    ("tomorrow", re.compile(rf"{_B}{_PREFIX}(?:غدا|غد){_E}")),
    ("ago", re.compile(
        rf"{_B}{_PREFIX}(?:منذ|قبل)\s+(?:(?P<two>يومين)|(?P<n>[2-9]|اثنين|ثلاثه|اربعه|خمسه|سته|سبعه|ثمانيه|تسعه)\s+ايام)"
        rf"{_E}(?!\s+(?:من\s+(?!امام|داخل|قرب|منزل)|علي\s))")),
    ("weeksago", re.compile(
        rf"{_B}{_PREFIX}(?:منذ|قبل)\s+(?:(?P<two>اسبوعين)|(?P<one>اسبوع)|(?P<n>[2-4]|ثلاثه|اربعه)\s+اسابيع)"
        rf"{_E}(?!\s+(?:من\s+(?!امام|داخل|قرب|منزل)|علي\s))")),
    ("nextdays", re.compile(
        rf"{_B}(?:{_PREFIX}(?:خلال|في)\s+)?{_PREFIX}(?P<unit>الساعات|الايام|الاسابيع)\s+(?:القليله\s+)?(?:المقبله|القادمه|القليله\s+المقبله){_E}")),
    ("nextweek", re.compile(rf"{_B}{_PREFIX}(?:الاسبوع\s+(?:المقبل|القادم)){_E}")),
    ("dayafter", re.compile(rf"{_B}{_PREFIX}غداه{_E}")),
    ("lastweek", re.compile(rf"{_B}{_PREFIX}(?:الاسبوع\s+الماضي|الاسبوع\s+المنصرم){_E}")),
    ("lastmonth", re.compile(rf"{_B}{_PREFIX}(?:الشهر\s+الماضي|الشهر\s+المنصرم){_E}")),
    ("lastyear", re.compile(rf"{_B}{_PREFIX}(?:العام\s+الماضي|السنه\s+الماضيه|العام\s+المنصرم){_E}")),
    ("pastrange", re.compile(
        rf"{_B}(?:{_PREFIX}(?:خلال|في|منذ)\s+)?{_PREFIX}(?P<unit>الساعات|الايام|الاسابيع|الاشهر|الشهور|الاعوام|السنوات)"
        rf"\s+(?:القليله\s+)?(?:الماضيه|الاخيره|المنصرمه|الفايته){_E}")),
    ("weekday", re.compile(
        rf"{_B}(?:{_PREFIX}(?:يوم|ليل|ليله|صباح|مساء|فجر)\s+)?{_PREFIX}(?P<w>{_WEEKDAY_ALT})(?:\s+(?P<rel>الماضي|المقبل|القادم))?{_E}")),
]
#: Every pattern starts at a word start (``_B``). One scan with all of them as a look-ahead
#: finds the positions where any can match (a handful per report); each pattern is then tried
#: only there. ``_matches`` rebuilds exactly what ``pattern.finditer`` would return.
_ANY = re.compile(_B + "(?=" + "|".join(
    "(?:" + re.sub(r"\(\?P<\w+>", "(?:", p.pattern[len(_B):]) + ")" for _, p in _PATTERNS) + ")")


#: The words a time expression can start with, a proclitic (``_PREFIX``) aside: the first
#: words of every pattern's alternatives (numbers are checked apart). Only word starts with
#: one of these are tried with ``_ANY``: its look-ahead costs ~1.5 µs a word, and a report
#: has hundreds of words. tests/ingest/test_ingest_stages.py checks that this finds the
#: same positions as trying every word start.
_FIRST_WORDS = frozenset(
    {name.split()[0] for name in MONTHS} | set(_WEEKDAYS) | {o.split()[0] for o in _ORDINALS} | set(_MONTH_PARTS)
    | set("""يوم في منذ شهر خلال عام العام سنه اول امس الليله ليل ليله صباح مساء فجر ظهر عصر ظهيره اليوم هذا
            غدا غد قبل الساعات الايام الاسابيع الاسبوع غداه الشهر السنه الاشهر الشهور الاعوام السنوات""".split())
)
#: a word start whose word is one of :data:`_FIRST_WORDS` (after an optional proclitic) or
#: begins with a digit (after an optional و/ف/ب): found by the regex engine in one pass
#: instead of a Python test per word
_CANDIDATE = re.compile(r"(?<!\w)(?:(?:ول|وب|[وفب])?(?:"
                        + "|".join(re.escape(w) for w in sorted(_FIRST_WORDS, key=lambda w: (-len(w), w)))
                        + r")(?!\w)|[وفب]?\d)")


def _candidate_starts(text: str) -> list[int]:
    """Word starts where some pattern can match (see :data:`_FIRST_WORDS`), ascending."""
    any_at = _ANY.match
    return [p for p in (m.start() for m in _CANDIDATE.finditer(text)) if any_at(text, p)]


def _matches(pattern: re.Pattern[str], text: str, starts: list[int]) -> list[re.Match[str]]:
    """``list(pattern.finditer(text))`` for a pattern that can only match at ``starts``
    (ascending): leftmost matches, each search resuming where the last match ended."""
    out: list[re.Match[str]] = []
    resume = 0
    for p in starts:
        if p >= resume:
            m = pattern.match(text, p)
            if m is not None:
                out.append(m)
                resume = m.end() if m.end() > p else p + 1
    return out


# round 8: ``مدينة السادس من أكتوبر``; round 9: ``محافظة إب`` (Ibb, not the month آب)
_NAMED_AFTER = re.compile(r"(?:مستشفي|شارع|ساحه|جسر|مدرسه|جامعه|حي|مخيم|ثوره|حركه|مطار|ملعب|مستشفيات"
                          r"|مدينه|ميدان|كوبري|معسكر|قاعده|لواء|كتيبه|محافظه|مديريه)\s+$")
_IN_NAME = re.compile(r"\s*»")
_NIGHT_SPAN = re.compile(r"\s*(?:[-–—/]|على|إلى)\s*")
_NAME_OPEN = re.compile(r"«[^\s«»]+(?:\s+[^\s«»]+)?\s+$")  # one or two words after «
_AGO_NUMBERS = {"اثنين": 2, "ثلاثه": 3, "اربعه": 4, "خمسه": 5, "سته": 6, "سبعه": 7, "ثمانيه": 8, "تسعه": 9}
_RANGE_DAYS = {"الساعات": 1, "الايام": 7, "الاسابيع": 31, "الاشهر": 183, "الشهور": 183, "الاعوام": 1096,
               "السنوات": 1096}


@dataclass(frozen=True)
class TimeExpr:
    """A time expression: original span, text, resolved dates (or None) and precision."""

    begin: int
    end: int
    text: str
    earliest: date | None
    latest: date | None
    precision: str  # Day Week Month Year Range Unresolved


def _month_span(y: int, m: int) -> tuple[date, date]:
    return date(y, m, 1), date(y, m, monthrange(y, m)[1])


def _resolve(kind: str, g: dict[str, str], pub: date | None) -> tuple[date | None, date | None, str]:
    """(earliest, latest, precision) of a match of pattern ``kind``; ``g`` holds the groups that matched."""
    if kind == "monthday" and g.get("m"):
        kind = "explicit"
    if kind in ("explicit", "numeric"):
        d = int(g["d"]) if g.get("d") else _ORDINALS.get(g.get("o") or "", 0)
        m = MONTHS[g["m"]] if kind == "explicit" else int(g.get("m") or 0)
        y = int(g["y"]) if g.get("y") else None
        if y is None:
            if pub is None:
                return None, None, "Unresolved"
            y = pub.year
            try:
                if date(y, m, d) > pub + timedelta(days=7):
                    y -= 1
            except ValueError:
                return None, None, "Unresolved"
        try:
            day = date(y, m, d)
        except ValueError:
            return None, None, "Unresolved"
        return day, day, "Day"
    if kind in ("monthday", "monthpart"):
        # ``في الخامس من الشهر الجاري``: a day of the publication month (of the month before
        # with ``الماضي``, or when the day is still to come); ``منتصف الشهر الجاري``: a Range
        if pub is None:
            return None, None, "Unresolved"
        y, m = pub.year, pub.month
        if g.get("rel") in ("الماضي", "المنصرم"):
            y, m = (y, m - 1) if m > 1 else (y - 1, 12)
        last = monthrange(y, m)[1]
        if kind == "monthpart":
            a, b = _MONTH_PARTS[g["part"]]
            return date(y, m, a), date(y, m, min(b, last)), "Range"
        d = int(g["d"]) if g.get("d") else _ORDINALS[g["o"]]
        if not g.get("rel") and d > pub.day:
            y, m = (y, m - 1) if m > 1 else (y - 1, 12)
            last = monthrange(y, m)[1]
        if not 1 <= d <= last:
            return None, None, "Unresolved"
        return date(y, m, d), date(y, m, d), "Day"
    if kind == "month":
        m = MONTHS[g["m"]]
        if g.get("y"):
            y = int(g["y"])
        elif pub is not None:
            y = pub.year if m <= pub.month else pub.year - 1
        else:
            return None, None, "Unresolved"
        return (*_month_span(y, m), "Month")
    if kind == "year":
        y = int(g["y"])
        return date(y, 1, 1), date(y, 12, 31), "Year"
    if pub is None:
        return None, None, "Unresolved"
    if kind in ("yesterday", "daybefore", "today", "tomorrow"):
        delta = {"yesterday": -1, "daybefore": -2, "today": 0, "tomorrow": 1}[kind]
        day = pub + timedelta(days=delta)
        return day, day, "Day"
    if kind == "ago":  # ``منذ يومين`` / ``منذ ثلاثة أيام``: that many days before publication
        n = 2 if g.get("two") else _AGO_NUMBERS.get(g.get("n") or "", 0) or int(g["n"])
        day = pub - timedelta(days=n)
        return day, day, "Day"
    if kind == "weeksago":  # ``قبل أسبوعين``: about that many weeks before publication (Week)
        n = 2 if g.get("two") else 1 if g.get("one") else _AGO_NUMBERS.get(g.get("n") or "", 0) or int(g["n"])
        day = pub - timedelta(days=7 * n)
        return day - timedelta(days=3), min(pub, day + timedelta(days=3)), "Week"
    if kind == "dayafter":
        # "غداة X": the day after X; in a report X is the latest news (yesterday), so the
        # statement itself is dated the publication day (the trigger right after it: the day before)
        return pub, pub, "Day"
    if kind == "nextdays":
        days = {"الساعات": 2, "الايام": 7, "الاسابيع": 31}[g["unit"]]
        return pub + timedelta(days=1), pub + timedelta(days=days), "Range"
    if kind == "nextweek":
        return pub + timedelta(days=1), pub + timedelta(days=7), "Week"
    if kind == "lastweek":
        return pub - timedelta(days=7), pub - timedelta(days=1), "Week"
    if kind == "lastmonth":
        y, m = (pub.year, pub.month - 1) if pub.month > 1 else (pub.year - 1, 12)
        return (*_month_span(y, m), "Month")
    if kind == "lastyear":
        return date(pub.year - 1, 1, 1), date(pub.year - 1, 12, 31), "Year"
    if kind == "pastrange":
        return pub - timedelta(days=_RANGE_DAYS[g["unit"]]), pub, "Range"
    if kind == "weekday":
        wd = _WEEKDAYS[g["w"]]
        rel = g.get("rel")
        if rel in ("المقبل", "القادم"):
            diff = (wd - pub.weekday()) % 7 or 7
            day = pub + timedelta(days=diff)
        else:
            diff = (pub.weekday() - wd) % 7
            if rel == "الماضي" and diff == 0:
                diff = 7
            day = pub - timedelta(days=diff)
        return day, day, "Day"
    return None, None, "Unresolved"


def find_time_expressions(text: str, norm: Normalized, pub: date | None) -> list[TimeExpr]:
    """Every time expression in ``text`` (whose normalisation is ``norm``), non-overlapping,
    in text order; earlier patterns win over later ones on overlap."""
    taken: list[tuple[int, int]] = []
    out: list[TimeExpr] = []
    text_n = norm.text
    starts = _candidate_starts(text_n)
    if not starts:
        return out
    for kind, pattern in _PATTERNS:
        for m in _matches(pattern, text_n, starts):
            nb, ne = m.span()
            if any(nb < e and b < ne for b, e in taken):
                continue
            if kind in ("explicit", "monthday", "month") and not m.group("y") and m.groupdict().get("m") and \
                    _NAMED_AFTER.search(norm.text, max(0, nb - 12), nb):
                # "مستشفى 22 مايو" names a place, not a date (nor a month); round 9: nor is "مدينة إب"
                # or "محافظة إب" the month آب (Ibb)
                taken.append((nb, ne))
                continue
            if kind == "today" and text_n[nb:ne] == "اليوم" and _IN_NAME.match(text, norm.original_span(nb, ne)[1]) \
                    and _NAME_OPEN.search(text, max(0, norm.original_span(nb, ne)[0] - 25),
                                          norm.original_span(nb, ne)[0]):
                taken.append((nb, ne))  # «المصري اليوم», «أخبار اليوم»: the last word of a quoted name
                continue
            earliest, latest, precision = _resolve(kind, {k: v for k, v in m.groupdict().items() if v is not None}, pub)
            b, e = norm.original_span(nb, ne)
            taken.append((nb, ne))
            out.append(TimeExpr(b, e, text[b:e], earliest, latest, precision))
    out.sort(key=lambda t: t.begin)
    # ``مساء السبت الرابع من كانون الثاني``: a weekday right before an explicit date is part of it
    merged: list[TimeExpr] = []
    for t in out:
        prev = merged[-1] if merged else None
        if prev is not None and prev.precision == "Day" and t.precision == "Day" and \
                not text[prev.end:t.begin].strip() and _WEEKDAY_RE.search(fold(prev.text)):
            merged[-1] = TimeExpr(prev.begin, t.end, text[prev.begin:t.end], t.earliest, t.latest, t.precision)
            continue
        # round 9: ``ليل الأربعاء - الخميس``: the night from one weekday to the next, dated by its first day
        if prev is not None and prev.precision == "Day" == t.precision and prev.earliest and t.earliest and \
                t.earliest - prev.earliest == timedelta(days=1) and _NIGHT_SPAN.fullmatch(text[prev.end:t.begin]) \
                and _WEEKDAY_RE.search(fold(prev.text)) and _WEEKDAY_RE.fullmatch(fold(t.text)):
            merged[-1] = TimeExpr(prev.begin, t.end, text[prev.begin:t.end], prev.earliest, prev.latest, "Day")
            continue
        merged.append(t)
    return merged
