"""Unit tests of the text stages: normalisation, sentences, tokens, numbers, dates."""

from datetime import date

import pytest

from ingest.dates import find_time_expressions
from ingest.normalize import fold, normalize
from ingest.numbers import find_quantities
from ingest.sentences import split_sentences
from ingest.tokens import tokenize

PUB = date(2017, 11, 4)  # a Saturday


def test_normalize_maps_back_to_original():
    text = "قُتِلَ ٣٥ شخصاً في «الموصلـــ» أمس"
    n = normalize(text)
    assert "ـ" not in n.text and "ُ" not in n.text
    i = n.text.index("35")
    b, e = n.original_span(i, i + 2)
    assert text[b:e] == "٣٥"
    j = n.text.index("الموصل")
    b, e = n.original_span(j, j + len("الموصل"))
    assert text[b:e] == "الموصل"
    assert len(n.offsets) == len(n.text) + 1 and n.offsets[-1] == len(text)


@pytest.mark.parametrize("raw, folded", [("أإآٱ", "اااا"), ("مدينة", "مدينه"), ("مستشفى", "مستشفي"),
                                         ("مؤتمر", "موتمر"), ("٠۱٢", "012"), ("«»“”", '""""')])
def test_fold(raw, folded):
    assert fold(raw) == folded


def test_sentences_glued_and_protected():
    text = "سيطر الجيش على الجنوب.وتعد المدينة آخر معقل. قال «نعم».وإلى جانب ذلك بلغت 3.5 في المئة قال د. محمد ذلك؟ نعم\nسطر"
    spans = split_sentences(text)
    parts = [text[b:e] for b, e in spans]
    assert parts[0] == "سيطر الجيش على الجنوب."
    assert parts[1].startswith("وتعد")
    assert parts[2] == "قال «نعم»."
    assert "3.5" in parts[3] and "د. محمد" in parts[3] and parts[3].endswith("؟")
    assert parts[-1] == "سطر"
    for b, e in spans:
        assert text[b:e] == text[b:e].strip()


def test_tokens_clitics():
    toks = {t.norm: t for t in tokenize("والموصل بالقائم لتطويق محاصرتها للموصل السيطرة")}
    assert "الموصل" in toks["والموصل"].bases
    assert "القايم" in toks["بالقايم"].bases
    assert "تطويق" in toks["لتطويق"].stems
    assert "محاصره" in toks["محاصرتها"].stems and toks["محاصرتها"].pronoun == "ها"
    assert "الموصل" in toks["للموصل"].bases
    assert "سيطره" in toks["السيطره"].stems and "سيطره" not in toks["السيطره"].bases


def test_tokens_keep_offsets():
    text = "ودخلت القوات، صباح أمس"
    for t in tokenize(text):
        assert fold(text[t.begin:t.end]) == t.norm


@pytest.mark.parametrize("text, value, low, high, qualifier, kind", [
    ("أسفر عن سقوط تسعة قتلى", 9, None, None, None, "killed"),
    ("يسيطر على 35 في المئة من", 35, None, None, None, "percent"),
    ("مسافة 40 كيلومتراً على الأقل", 40, None, None, "AtLeast", "km"),
    ("مقتل ثلاثة وعشرين شخصاً", 23, None, None, None, "killed"),
    ("ما بين 25 و30 قتيلاً", 25, 25, 30, "Between", "killed"),
    ("عشرات القتلى", 12, None, None, "Dozens", "killed"),
    ("قُتل ١٢ مدنياً على الأقل", 12, None, None, "AtLeast", "killed"),
    ("نحو 200 شخص", 200, None, None, "Approximately", "people"),
    ("أحد عشر جريحاً", 11, None, None, None, "injured"),
    ("ثلاث مئة", 300, None, None, None, None),
    ("25%", 25, None, None, None, "percent"),
])
def test_numbers(text, value, low, high, qualifier, kind):
    q = find_quantities(tokenize(text))[0]
    assert (q.value, q.low, q.high, q.qualifier, q.kind) == (value, low, high, qualifier, kind)


def test_killed_and_injured():
    qs = find_quantities(tokenize("مقتل 3 وإصابة 7 آخرين"))
    assert [(q.value, q.kind) for q in qs] == [(3, "killed"), (7, "injured")]


def _times(text, pub=PUB):
    return [(t.text, t.earliest, t.latest, t.precision) for t in find_time_expressions(text, normalize(text), pub)]


@pytest.mark.parametrize("text, earliest, latest, precision", [
    ("أمس", date(2017, 11, 3), date(2017, 11, 3), "Day"),
    ("صباح أمس", date(2017, 11, 3), date(2017, 11, 3), "Day"),
    ("أول أمس", date(2017, 11, 2), date(2017, 11, 2), "Day"),
    ("اليوم", PUB, PUB, "Day"),
    ("يوم الثلثاء", date(2017, 10, 31), date(2017, 10, 31), "Day"),
    ("الثلاثاء", date(2017, 10, 31), date(2017, 10, 31), "Day"),
    ("السبت الماضي", date(2017, 10, 28), date(2017, 10, 28), "Day"),
    ("عام 2014", date(2014, 1, 1), date(2014, 12, 31), "Year"),
    ("3 تشرين الثاني (نوفمبر) 2017", date(2017, 11, 3), date(2017, 11, 3), "Day"),
    ("15 مايو", date(2017, 5, 15), date(2017, 5, 15), "Day"),
    ("في شهر آب", date(2017, 8, 1), date(2017, 8, 31), "Month"),
    ("كانون الأول 2016", date(2016, 12, 1), date(2016, 12, 31), "Month"),
    ("الأسبوع الماضي", date(2017, 10, 28), date(2017, 11, 3), "Week"),
    ("خلال الأيام الماضية", date(2017, 10, 28), PUB, "Range"),
    ("الأشهر الماضية", date(2017, 5, 5), PUB, "Range"),
])
def test_dates(text, earliest, latest, precision):
    found = _times(text)
    assert found and found[0][1:] == (earliest, latest, precision)


def test_dates_without_publication_date_stay_unresolved():
    assert _times("أمس", pub=None)[0][1:] == (None, None, "Unresolved")
    assert _times("عام 2014", pub=None)[0][3] == "Year"


def test_day_of_the_current_month_and_month_parts():
    from ingest.dates import find_time_expressions
    from ingest.normalize import normalize

    pub = date(2015, 5, 14)

    def one(text):
        (t,) = find_time_expressions(text, normalize(text), pub)
        return t.earliest, t.latest, t.precision

    assert one("في الخامس من الشهر الجاري") == (date(2015, 5, 5), date(2015, 5, 5), "Day")
    assert one("يوم 12 من الشهر الحالي") == (date(2015, 5, 12), date(2015, 5, 12), "Day")
    assert one("الحادي والعشرين من الشهر الماضي") == (date(2015, 4, 21), date(2015, 4, 21), "Day")
    assert one("منتصف الشهر الجاري") == (date(2015, 5, 11), date(2015, 5, 20), "Range")
    assert one("أواخر الشهر الماضي") == (date(2015, 4, 21), date(2015, 4, 30), "Range")


def test_round7_dates():
    """``قبل يومين`` / ``قبل أسبوعين`` (not ``... من X``), an ordinal day with a month name, a
    month written twice with a slash, a weekday before an explicit date, ``اليوم ذاته`` and a
    quoted name ending in ``اليوم``."""
    pub = date(2020, 10, 22)

    def all_(text):
        return [(t.text, t.earliest, t.latest, t.precision) for t in find_time_expressions(text, normalize(text), pub)]

    assert all_("اختطفوه قبل يومين في القرية")[0][1:] == (date(2020, 10, 20), date(2020, 10, 20), "Day")
    assert all_("اختطفه مسلحون قبل أسبوعين من أمام منزله")[0][1:] == \
        (date(2020, 10, 5), date(2020, 10, 11), "Week")
    assert all_("أُفرج عنه بعد يومين من الحادث وقبل يومين من المحاكمة") == []
    assert all_("في الرابع من كانون الثاني (يناير)")[0][1:] == (date(2020, 1, 4), date(2020, 1, 4), "Day")
    assert [t[0] for t in all_("مساء الخميس 22 آب/أغسطس، وسط")] == ["مساء الخميس 22 آب/أغسطس"]
    assert all_("مساء الخميس 22 آب/أغسطس")[0][1] == date(2020, 8, 22)
    assert all_("في وقت لاحق من اليوم ذاته قصفت") == []
    assert all_("نقلت صحيفة «الخليج اليوم» عن مصدر") == []
    assert all_("قال المتحدث: «سنرد على الهجوم في الوقت المناسب اليوم»")  # speech, not a name


def test_round8_places_named_after_a_date_and_negated_copula():
    """``مدينة السادس من أكتوبر``, ``ميدان 25 يناير``: a town or square named after a date is no
    date; ``لم يكن سقوط X مجرد ...`` denies the predicate, not the fall."""
    pub = date(2019, 5, 20)

    def all_(text):
        return [(t.text, t.earliest) for t in find_time_expressions(text, normalize(text), pub)]

    assert all_("في شقة بمدينة السادس من أكتوبر غرب الجيزة") == []
    assert all_("تجمع المحتجون في ميدان 25 يناير") == []
    assert all_("في السادس من أكتوبر الماضي")  # a plain date still is one
    from ingest.modality import cue_modality

    toks = tokenize("لم يكن سقوط المدينة مجرد تطور عابر")
    assert cue_modality(toks, 2, 0)[0] is None
    toks = tokenize("لم يقع هجوم على المدينة")
    assert cue_modality(toks, 2, 0)[0] == "Negated"


def test_time_expressions_are_looked_for_at_every_word_that_can_start_one():
    """dates._candidate_starts tries only words that can start a pattern; it must find the
    same positions as trying every word start, on every development report and on phrases
    covering each pattern, with and without proclitics."""
    import re
    from pathlib import Path

    from ingest import dates

    cases = Path(__file__).resolve().parents[1] / "cases"
    phrases = [
        "في 3 تشرين الثاني (نوفمبر) 2017", "و12 آب/أغسطس", "يوم الرابع من كانون الثاني", "بالخامس من الشهر الجاري",
        "منتصف الشهر الماضي", "3/11/2017", "خلال شهر نيسان 2016", "وفي عام 2014", "أول من أمس", "وأمس الأول",
        "الليلة الماضية", "صباح أمس", "فجر اليوم", "ومساء الليلة", "غداً", "منذ يومين", "قبل ثلاثة أسابيع",
        "خلال الأيام القليلة المقبلة", "الأسبوع المقبل", "غداة", "الأسبوع الماضي", "الشهر المنصرم", "العام الماضي",
        "وخلال الأشهر الماضية", "ليل الجمعة", "يوم الثلاثاء الماضي", "والسبت", "هذا الصباح", "بعد ظهر اليوم",
    ]
    texts = [normalize(" ".join(["قالت المصادر", p, "إن القصف استمر."])).text for p in phrases]
    texts += [normalize(p.read_text(encoding="utf-8")).text for p in sorted(cases.glob("*.txt"))]
    for text in texts:
        full = [m.start() for m in dates._ANY.finditer(text)]
        assert dates._candidate_starts(text) == full, text[:80]
    assert all(re.search(r"\S", t) for t in texts) and sum(bool(dates._candidate_starts(t)) for t in texts) > 40


def test_round9_ibb_is_no_month_and_a_night_spans_two_weekdays():
    """``مدينة إب`` / ``محافظة إب`` name Ibb, not the month آب; ``ليل الأربعاء - الخميس`` is the night
    from Wednesday to Thursday, dated by its first day."""
    pub = date(2018, 3, 16)  # a Friday

    def all_(text):
        return [(t.text, t.earliest, t.precision) for t in find_time_expressions(text, normalize(text), pub)]

    assert all_("اختُطف صحفي من منزله في مدينة إب") == []
    assert all_("وفي محافظة إب قُتل شخصان") == []
    assert all_("في آب الماضي")  # the month itself still is one
    assert all_("قُتل أربعة أشخاص ليل الأربعاء - الخميس في غارة") == [
        ("ليل الأربعاء - الخميس", date(2018, 3, 14), "Day")]
