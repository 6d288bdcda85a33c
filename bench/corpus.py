"""Synthetic Arabic conflict reports for benchmarks: deterministic, streamed, realistic.

Every article is built from template sentences (clashes, air strikes with casualties, IEDs,
suicide attacks, shelling, arrests, agreements and ceasefires, evacuations, protests,
withdrawals, changes of control, sieges) filled with real gazetteer places (their Arabic
labels, governorates and countries, read from :func:`kg.reference.reference_store`) and
actors (gazetteer actors with kinds when the gazetteer has them, plus a built-in list of
common Arabic actor names), with the time expressions, numbers and attributions of real
reporting: أمس، الثلاثاء، في 3 تشرين الثاني (نوفمبر)…; 12، ١٢، ثلاثة، بين 10 و15، على
الأقل، عشرات…; قال، أكد، أفاد المرصد، نفى…. Articles are about 2 KB of UTF-8.

Determinism: document ``i`` of seed ``s`` depends only on ``(s, i)`` (its own
``random.Random``), never on ``--n`` or on the machine, so the first 1,000 documents of
the 100k corpus are the 1k corpus.

Besides the text, :func:`article_specs` yields what each article *says*, with character
offsets (code points, as NIF counts them): sentences, mentions, events, claims. The
direct RDF generator (bench/synth_graph.py) uses it to write graphs whose spans match
the text.

Usage::

    python -m bench.corpus --n 10000 --seed 1 -o corpus.jsonl
"""

# ruff: noqa: E501 - the Arabic templates read best one per line
from __future__ import annotations

import argparse
import hashlib
import json
import random
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache

# ---------------------------------------------------------------------------------------
# Entities
# ---------------------------------------------------------------------------------------

CONFLICT_COUNTRIES = ("SY", "IQ", "YE", "LY", "PS", "LB", "EG", "SO", "SD")
_PLACE = "https://w3id.org/conflict-kg/id/place/"
_ACTOR = "https://w3id.org/conflict-kg/id/actor/"


@dataclass(frozen=True)
class Place:
    iri: str
    ar: str
    gov_iri: str
    gov_ar: str
    country_iri: str
    country_ar: str


@dataclass(frozen=True)
class Actor:
    iri: str  # a gazetteer IRI, or "" for a document-local actor (minted by the RDF generator)
    ar: str
    kind: str  # local name of a ckg:ActorKind


# Common actor names as they appear in reporting, by kind and country (used alongside, or
# instead of, gazetteer actors).
BUILTIN_ACTORS: dict[str, dict[str, list[str]]] = {
    "SY": {
        "StateForce": ["قوات النظام السوري", "الجيش السوري", "القوات الحكومية السورية"],
        "ArmedGroup": [
            "تنظيم «داعش»",
            "«هيئة تحرير الشام»",
            "«قوات سورية الديموقراطية»",
            "فصائل المعارضة",
            "«الجيش السوري الحر»",
            "«حركة أحرار الشام»",
        ],
        "Militia": ["«حزب الله» اللبناني", "«قوات الدفاع الوطني»"],
        "Coalition": ["التحالف الدولي بقيادة واشنطن", "الطيران الروسي"],
    },
    "IQ": {
        "StateForce": ["الجيش العراقي", "القوات العراقية", "جهاز مكافحة الإرهاب", "الشرطة الاتحادية"],
        "ArmedGroup": ["تنظيم «داعش»", "مسلحون مجهولون"],
        "Militia": ["«الحشد الشعبي»", "قوات «البيشمركة»"],
        "Coalition": ["التحالف الدولي بقيادة واشنطن"],
    },
    "YE": {
        "StateForce": ["القوات الحكومية اليمنية", "الجيش اليمني"],
        "ArmedGroup": ["جماعة «أنصار الله» الحوثية", "الحوثيون", "تنظيم «القاعدة في جزيرة العرب»"],
        "Militia": ["قوات «الحزام الأمني»", "«المقاومة الشعبية»"],
        "Coalition": ["التحالف العربي بقيادة السعودية"],
    },
    "LY": {
        "StateForce": ["قوات حكومة الوفاق الوطني", "«الجيش الوطني الليبي»"],
        "ArmedGroup": ["تنظيم «داعش»", "«مجلس شورى ثوار بنغازي»"],
        "Militia": ["كتائب مصراتة", "«قوة الردع الخاصة»"],
        "Coalition": ["طائرات مسيّرة مجهولة"],
    },
    "PS": {
        "StateForce": ["الجيش الإسرائيلي", "قوات الاحتلال الإسرائيلي"],
        "ArmedGroup": ["حركة «حماس»", "«سرايا القدس»", "«كتائب القسام»"],
        "Militia": ["مستوطنون"],
        "Coalition": ["الطيران الإسرائيلي"],
    },
    "LB": {
        "StateForce": ["الجيش اللبناني"],
        "ArmedGroup": ["«حزب الله»", "«جبهة النصرة»"],
        "Militia": ["مسلحون"],
        "Coalition": ["الطيران الإسرائيلي"],
    },
    "EG": {
        "StateForce": ["قوات الأمن المصرية", "الجيش المصري", "الشرطة المصرية"],
        "ArmedGroup": ["تنظيم «ولاية سيناء»", "مسلحون مجهولون", "جماعة «حسم»"],
        "Militia": ["مسلحون قبليون"],
        "Coalition": ["طائرات حربية مصرية"],
    },
    "SO": {
        "StateForce": ["الجيش الصومالي"],
        "ArmedGroup": ["حركة «الشباب»"],
        "Militia": ["ميليشيات عشائرية"],
        "Coalition": ["قوات الاتحاد الأفريقي", "طائرات أميركية مسيّرة"],
    },
    "SD": {
        "StateForce": ["الجيش السوداني"],
        "ArmedGroup": ["«الحركة الشعبية - شمال»", "«حركة العدل والمساواة»"],
        "Militia": ["«قوات الدعم السريع»"],
        "Coalition": ["الطيران الحربي السوداني"],
    },
}
SOURCES = {
    "MonitoringGroup": [
        "«المرصد السوري لحقوق الإنسان»",
        "ناشطون محليون",
        "مصادر طبية",
        "مصادر محلية",
        "منظمة «هيومن رايتس ووتش»",
        "مكتب الأمم المتحدة لتنسيق الشؤون الإنسانية",
    ],
    "Official": [
        "مصدر أمني",
        "مصادر عسكرية",
        "الناطق باسم وزارة الدفاع",
        "قائد العمليات في المنطقة",
        "مسؤول محلي",
        "محافظ المدينة",
        "وزير الداخلية",
    ],
    "Media": ["وكالة الأنباء الرسمية", "التلفزيون الرسمي", "وسائل إعلام محلية"],
    "Civilians": ["مدنيون", "مدنيين", "أطفال", "عائلات نازحة"],
}
PUBLISHERS = [
    "الحياة",
    "الشرق الأوسط",
    "العربي الجديد",
    "القدس العربي",
    "النهار",
    "الأخبار",
    "المدى",
    "الوطن",
    "عنب بلدي",
    "الأهرام",
    "الخليج",
    "اليوم السابع",
]


@dataclass
class Lexicon:
    places: dict[str, list[Place]]  # ISO country code -> towns with governorate and country
    actors: dict[str, dict[str, list[Actor]]]  # ISO code -> kind -> actors
    sources: dict[str, list[Actor]]

    @property
    def countries(self) -> list[str]:
        return sorted(self.places)


_PLACES_QUERY = """
PREFIX ckg: <https://w3id.org/conflict-kg/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?p ?l ?g ?gl ?c ?cl WHERE {
  ?p ckg:placeKind ckg:City ; skos:prefLabel ?l ; ckg:within ?g ; ckg:country ?c .
  ?g ckg:placeKind ckg:Admin1 ; skos:prefLabel ?gl .
  ?c skos:prefLabel ?cl .
  FILTER(LANG(?l) = "ar" && LANG(?gl) = "ar" && LANG(?cl) = "ar")
}"""
_ACTORS_QUERY = """
PREFIX ckg: <https://w3id.org/conflict-kg/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?a ?l ?k ?c WHERE {
  ?a ckg:actorKind ?k ; skos:prefLabel ?l .
  OPTIONAL { ?a ckg:country ?c }
  FILTER(LANG(?l) = "ar")
}"""


@lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    """Places and actors from the gazetteer (sorted, so the corpus does not depend on the
    store's iteration order), completed by the built-in actor names."""
    from kg.reference import reference_store

    store = reference_store()
    places: dict[str, list[Place]] = {}
    for row in store.query(_PLACES_QUERY, use_default_graph_as_union=True):
        iso = row["c"].value.removeprefix(_PLACE + "iso-")
        if iso in CONFLICT_COUNTRIES:
            places.setdefault(iso, []).append(
                Place(
                    row["p"].value,
                    row["l"].value,
                    row["g"].value,
                    row["gl"].value,
                    row["c"].value,
                    row["cl"].value,
                )
            )
    for iso in places:
        places[iso] = sorted(set(places[iso]), key=lambda p: p.iri)
    actors: dict[str, dict[str, list[Actor]]] = {}
    for iso, kinds in BUILTIN_ACTORS.items():
        for kind, names in kinds.items():
            actors.setdefault(iso, {}).setdefault(kind, []).extend(Actor("", name, kind) for name in names)
    for row in store.query(_ACTORS_QUERY, use_default_graph_as_union=True):
        kind = row["k"].value.rsplit("#", 1)[-1]
        iso = row["c"].value.removeprefix(_PLACE + "iso-") if row["c"] is not None else None
        if iso in actors and kind in ("StateForce", "ArmedGroup", "Militia", "Coalition"):
            actors[iso][kind].append(Actor(row["a"].value, row["l"].value, kind))
    for kinds in actors.values():
        for kind in kinds:
            kinds[kind] = sorted(set(kinds[kind]), key=lambda a: (a.iri, a.ar))
    sources = {kind: [Actor("", name, kind) for name in names] for kind, names in SOURCES.items()}
    if not places:
        raise RuntimeError(
            "the gazetteer has no towns with Arabic labels in the conflict countries: build ontology/gazetteer first"
        )
    return Lexicon({k: v for k, v in places.items() if k in actors}, actors, sources)


# ---------------------------------------------------------------------------------------
# Dates and numbers as written
# ---------------------------------------------------------------------------------------

LEVANTINE_MONTHS = [
    "كانون الثاني",
    "شباط",
    "آذار",
    "نيسان",
    "أيار",
    "حزيران",
    "تموز",
    "آب",
    "أيلول",
    "تشرين الأول",
    "تشرين الثاني",
    "كانون الأول",
]
GREGORIAN_MONTHS = [
    "يناير",
    "فبراير",
    "مارس",
    "أبريل",
    "مايو",
    "يونيو",
    "يوليو",
    "أغسطس",
    "سبتمبر",
    "أكتوبر",
    "نوفمبر",
    "ديسمبر",
]
WEEKDAYS = ["الاثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت", "الأحد"]  # date.weekday() order
NUMBER_WORDS = {
    2: "اثنين",
    3: "ثلاثة",
    4: "أربعة",
    5: "خمسة",
    6: "ستة",
    7: "سبعة",
    8: "ثمانية",
    9: "تسعة",
    10: "عشرة",
    20: "عشرين",
    30: "ثلاثين",
}
_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


@dataclass(frozen=True)
class When:
    text: str
    begin: date | None
    end: date | None
    precision: str  # Day | Week | Month | Year | Range


def when(rng: random.Random, published: date) -> When:
    roll = rng.random()
    if roll < 0.30:
        d = published - timedelta(days=1)
        return When(rng.choice(["أمس", "صباح أمس", "مساء أمس", "ليل أمس", "فجر أمس"]), d, d, "Day")
    if roll < 0.40:
        return When(rng.choice(["اليوم", "صباح اليوم", "فجر اليوم"]), published, published, "Day")
    if roll < 0.47:
        d = published - timedelta(days=2)
        return When(rng.choice(["أول من أمس", "أول أمس"]), d, d, "Day")
    if roll < 0.70:
        back = rng.randint(0, 6)
        d = published - timedelta(days=back)
        return When(rng.choice(["", "يوم "]) + WEEKDAYS[d.weekday()], d, d, "Day")
    if roll < 0.88:
        d = published - timedelta(days=rng.randint(1, 20))
        style = rng.random()
        if style < 0.5:
            text = f"في {d.day} {LEVANTINE_MONTHS[d.month - 1]} ({GREGORIAN_MONTHS[d.month - 1]})"
        elif style < 0.8:
            text = f"في {d.day} {GREGORIAN_MONTHS[d.month - 1]}"
        else:
            text = f"في {d.day} {LEVANTINE_MONTHS[d.month - 1]} {d.year}"
        return When(text, d, d, "Day")
    return When("الأسبوع الماضي", published - timedelta(days=7), published - timedelta(days=1), "Week")


@dataclass(frozen=True)
class Count:
    text: str
    best: int | None
    low: int | None
    high: int | None
    qualifier: str  # Exact | AtLeast | Approximately | Between | Dozens


def count(rng: random.Random) -> Count:
    n = rng.choice([2, 3, 4, 5, 6, 7, 8, 9, 10, 12, 14, 15, 17, 20, 23, 25, 30, 35, 40, 52])
    roll = rng.random()
    if roll < 0.30:
        return Count(str(n), n, n, None, "Exact")
    if roll < 0.45:
        return Count(str(n).translate(_INDIC), n, n, None, "Exact")
    if roll < 0.60 and n in NUMBER_WORDS:
        return Count(NUMBER_WORDS[n], n, n, None, "Exact")
    if roll < 0.78:
        return Count(f"{n} على الأقل", n, n, None, "AtLeast")
    if roll < 0.86:
        return Count(f"نحو {n}", n, None, None, "Approximately")
    if roll < 0.95:
        hi = n + rng.choice([2, 3, 5, 10])
        return Count(f"بين {n} و{hi}", n, n, hi, "Between")
    return Count("عشرات", None, None, None, "Dozens")


# ---------------------------------------------------------------------------------------
# Templates
# ---------------------------------------------------------------------------------------
# Slots: {A} agent, {B} target, {P} town, {G} governorate, {S} source/speaker, {W} when,
# {K} casualty count, {N} another number, {V} reporting verb phrase. A template's first
# field is the event type (a key of ontology/event-types.ttl) or None for context.

REPORT_VERBS = [
    ("بحسب ما أفاد", "ReportedBy"),
    ("وفق ما ذكرت", "ReportedBy"),
    ("حسبما أكد", "Confirmed"),
    ("على ما قال", "Said"),
    ("كما أعلن", "Announced"),
]

EVENT_TEMPLATES: list[tuple[str, str]] = [
    (
        "armed-clash",
        "اندلعت {W} اشتباكات عنيفة بين {A} و{B} في محيط مدينة {P} بمحافظة {G}، أسفرت عن مقتل {K} من الطرفين، {V} {S}.",
    ),
    ("armed-clash", "دارت {W} معارك ضارية بين {A} و{B} على أطراف {P}، وسط قصف متبادل استمر ساعات، {V} {S}."),
    ("armed-clash", "قُتل {K} من عناصر {B} في مواجهات مع {A} قرب {P} {W}، {V} {S}."),
    (
        "air-strike",
        "قُتل {K} مدنياً وأصيب {N} آخرون بجروح {W} بغارات جوية شنها {A} على أحياء سكنية في {P}، {V} {S}.",
    ),
    ("air-strike", "استهدف {A} بغارة جوية {W} موقعاً لـ{B} في ريف {P}، ما أدى إلى مقتل {K} عنصراً، {V} {S}."),
    ("air-strike", "شن {A} {W} سلسلة غارات على مواقع {B} في محافظة {G}، وأفادت حصيلة أولية بسقوط {K} قتيلاً."),
    (
        "ied-explosion",
        "انفجرت عبوة ناسفة {W} لدى مرور دورية لـ{A} على طريق رئيسي قرب {P}، ما أدى إلى مقتل {K} من أفرادها، {V} {S}.",
    ),
    ("ied-explosion", "قُتل {K} وأصيب {N} بانفجار عبوة ناسفة زرعها مجهولون في سوق شعبية بمدينة {P} {W}."),
    (
        "suicide-bombing",
        "فجّر انتحاري يرتدي حزاماً ناسفاً نفسه {W} عند حاجز لـ{A} في مدينة {P}، ما أسفر عن مقتل {K} شخصاً، وتبنى {B} الهجوم.",
    ),
    ("suicide-bombing", "قُتل {K} بهجوم انتحاري بسيارة مفخخة استهدف مقراً لـ{A} في {P} {W}، {V} {S}."),
    (
        "shelling",
        "قصفت {A} بالمدفعية الثقيلة {W} أحياء في مدينة {P}، ما أدى إلى مقتل {K} مدنياً بينهم أطفال، {V} {S}.",
    ),
    ("shelling", "سقطت قذائف هاون {W} على وسط {P} مصدرها مواقع {A}، وأسفرت عن سقوط {K} قتيلاً و{N} جريحاً."),
    ("arrests", "اعتقلت {A} {W} {K} شخصاً في حملة مداهمات واسعة في {P} بتهمة الانتماء إلى {B}، {V} {S}."),
    ("arrests", "أعلنت {A} {W} القبض على خلية تابعة لـ{B} في محافظة {G} تضم {K} عناصر."),
    ("agreement", "توصلت {A} و{B} {W} إلى اتفاق يقضي بتبادل الأسرى وفتح الطرق المؤدية إلى {P}، {V} {S}."),
    ("ceasefire", "دخل اتفاق لوقف إطلاق النار بين {A} و{B} حيز التنفيذ {W} في {P} ومحيطها، {V} {S}."),
    ("evacuation", "خرجت {W} حافلات تقل {K} من المقاتلين وعائلاتهم من {P} بموجب اتفاق بين {A} و{B}."),
    ("evacuation", "بدأت {W} عملية إجلاء المدنيين من الأحياء المحاصرة في {P} بإشراف {A}، {V} {S}."),
    (
        "peaceful-protest",
        "تظاهر المئات {W} في ساحة وسط {P} احتجاجاً على تردي الأوضاع المعيشية، ورفعوا شعارات تندد بـ{A}.",
    ),
    ("peaceful-protest", "خرجت تظاهرة حاشدة {W} في مدينة {P} للمطالبة بالإفراج عن المعتقلين لدى {A}."),
    ("withdrawal", "انسحبت {A} {W} من مواقعها في {P} بعد معارك استمرت أياماً مع {B}، {V} {S}."),
    (
        "government-regains-territory",
        "استعادت {A} {W} السيطرة الكاملة على مدينة {P} بعد طرد عناصر {B} منها، {V} {S}.",
    ),
    (
        "non-state-actor-overtakes-territory",
        "سيطر {A} {W} على بلدة {P} بعد انسحاب {B} منها إثر هجوم مباغت، {V} {S}.",
    ),
    ("siege", "فرضت {A} {W} حصاراً كاملاً على {P} بعد قطع طرق الإمداد عن {B}، {V} {S}."),
    ("siege", "باتت مدينة {P} محاصرة بالكامل {W} إثر سيطرة {A} على المعابر المؤدية إليها."),
]
CONTEXT_TEMPLATES = [
    "وتشهد محافظة {G} منذ أشهر تصعيداً عسكرياً متواصلاً في ظل تعثر المفاوضات السياسية.",
    "ولم تتبنَّ أي جهة على الفور المسؤولية عن الهجوم، فيما فرضت السلطات طوقاً أمنياً في المنطقة.",
    "وأشار {S} إلى أن حصيلة الضحايا مرشحة للارتفاع بسبب وجود جرحى في حالات خطرة.",
    "ونفى {A} في بيان أي علاقة له بالحادث، متهماً «جهات معادية» بالسعي إلى زعزعة الاستقرار.",
    "وقال {S} إن «الوضع الإنساني في {P} يزداد سوءاً مع نقص حاد في المواد الغذائية والأدوية».",
    "وأكد {S} أن فرق الإنقاذ لا تزال تبحث عن ناجين تحت أنقاض المباني المدمرة.",
    "وتعد {P} من أبرز مدن {C}، وتقع على مسافة {N} كيلومتراً من مركز محافظة {G}.",
    "ويأتي ذلك بعد أيام من تهديد {A} بتوسيع عملياته العسكرية في {G} إذا لم تتوقف الهجمات.",
    "وأفاد {S} بأن موجة نزوح جديدة بدأت من القرى المحيطة بـ{P} نحو المناطق الأكثر أمناً.",
    "ومن المتوقع أن يعقد مسؤولون من {A} و{B} اجتماعاً الأسبوع المقبل لبحث ترتيبات أمنية جديدة.",
]
HEADLINES = {
    "armed-clash": "اشتباكات عنيفة في {P}",
    "air-strike": "قتلى بغارات جوية على {P}",
    "ied-explosion": "انفجار عبوة ناسفة في {P}",
    "suicide-bombing": "هجوم انتحاري يضرب {P}",
    "shelling": "قصف مدفعي على {P}",
    "arrests": "حملة اعتقالات في {P}",
    "agreement": "اتفاق بشأن {P}",
    "ceasefire": "وقف لإطلاق النار في {P}",
    "evacuation": "إجلاء من {P}",
    "peaceful-protest": "تظاهرات في {P}",
    "withdrawal": "انسحاب من {P}",
    "government-regains-territory": "استعادة السيطرة على {P}",
    "non-state-actor-overtakes-territory": "سقوط {P}",
    "siege": "حصار {P}",
}
TARGET_SLOT_IS_PARTICIPANT = {
    "armed-clash",
    "air-strike",
    "arrests",
    "agreement",
    "ceasefire",
    "evacuation",
    "withdrawal",
    "government-regains-territory",
    "non-state-actor-overtakes-territory",
    "siege",
    "suicide-bombing",
}
_SLOT = re.compile(r"\{([A-Z])\}")


# ---------------------------------------------------------------------------------------
# Articles with what they say
# ---------------------------------------------------------------------------------------


@dataclass
class Mention:
    begin: int
    end: int
    text: str
    sentence: int
    ref: Place | Actor


@dataclass
class EventSpec:
    type_key: str
    sentence: int
    place: Place
    agent: Actor
    target: Actor | None
    when: When
    killed: Count | None
    injured: int | None
    speaker: Actor | None
    speech_verb: str | None
    key: str


@dataclass
class ArticleSpec:
    doc_id: str
    published: date
    publisher: str
    title: str
    url: str
    text: str = ""
    sentences: list[tuple[int, int]] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    events: list[EventSpec] = field(default_factory=list)

    def record(self) -> dict:
        return {
            "id": self.doc_id,
            "text": self.text,
            "published": self.published.isoformat(),
            "publisher": self.publisher,
            "title": self.title,
            "url": self.url,
        }


class _Writer:
    def __init__(self, spec: ArticleSpec):
        self.spec = spec
        self.parts: list[str] = []
        self.offset = 0

    def sentence(self, template: str, slots: dict[str, tuple[str, Place | Actor | None]]) -> int:
        index = len(self.spec.sentences)
        if self.parts:
            sep = " " if self.parts[-1].endswith(".") else ""
            self.parts.append(sep)
            self.offset += len(sep)
        begin = self.offset
        for i, piece in enumerate(_SLOT.split(template)):
            if i % 2 == 0:
                self.parts.append(piece)
                self.offset += len(piece)
                continue
            text, ref = slots[piece]
            if ref is not None and text:
                self.spec.mentions.append(Mention(self.offset, self.offset + len(text), text, index, ref))
            self.parts.append(text)
            self.offset += len(text)
        self.spec.sentences.append((begin, self.offset))
        return index

    def paragraph(self) -> None:
        if self.parts:
            self.parts.append("\n")
            self.offset += 1

    @property
    def size(self) -> int:
        return len("".join(self.parts).encode("utf-8"))


def _pick_actors(rng: random.Random, lex: Lexicon, iso: str) -> tuple[Actor, Actor]:
    kinds = lex.actors[iso]
    first_kind = rng.choice(["StateForce", "StateForce", "ArmedGroup", "Militia", "Coalition"])
    second_kind = rng.choice([k for k in ("StateForce", "ArmedGroup", "Militia") if k != first_kind])
    return rng.choice(kinds[first_kind]), rng.choice(kinds[second_kind])


def article_spec(seed: int, index: int, lex: Lexicon | None = None, target_bytes: int = 2000) -> ArticleSpec:
    """Document ``index`` of corpus ``seed``, with everything it says."""
    lex = lex or load_lexicon()
    rng = random.Random(f"ckg-corpus:{seed}:{index}")
    published = date(2014, 1, 1) + timedelta(days=rng.randrange(6 * 365))
    iso = rng.choice(lex.countries)
    towns = lex.places[iso]
    home = rng.choice(towns)
    doc_id = f"synth-{seed}-{index:07d}"
    spec = ArticleSpec(
        doc_id=doc_id,
        published=published,
        publisher=rng.choice(PUBLISHERS),
        title="",
        url=f"https://news.example.org/{published:%Y/%m/%d}/{doc_id}",
    )
    w = _Writer(spec)
    n_events = 0
    while w.size < target_bytes and len(spec.sentences) < 40:
        place = home if rng.random() < 0.6 else rng.choice(towns)
        agent, target = _pick_actors(rng, lex, iso)
        source = rng.choice(lex.sources["MonitoringGroup"] + lex.sources["Official"] + lex.sources["Media"])
        verb, act = rng.choice(REPORT_VERBS)
        wh = when(rng, published)
        killed = count(rng)
        injured = rng.choice([3, 5, 7, 10, 15, 20])
        slots: dict[str, tuple[str, Place | Actor | None]] = {
            "A": (agent.ar, agent),
            "B": (target.ar, target),
            "P": (place.ar, place),
            "G": (
                place.gov_ar,
                Place(
                    place.gov_iri,
                    place.gov_ar,
                    place.gov_iri,
                    place.gov_ar,
                    place.country_iri,
                    place.country_ar,
                ),
            ),
            "C": (place.country_ar, None),
            "S": (source.ar, source),
            "W": (wh.text, None),
            "K": (killed.text, None),
            "N": (str(injured), None),
            "V": (verb, None),
        }
        if n_events == 0 or rng.random() < 0.55:
            type_key, template = rng.choice(EVENT_TEMPLATES)
            if n_events and rng.random() < 0.5:
                w.paragraph()
            index_s = w.sentence(template, slots)
            reported = "{S}" in template
            spec.events.append(
                EventSpec(
                    type_key=type_key,
                    sentence=index_s,
                    place=place,
                    agent=agent,
                    target=target if "{B}" in template and type_key in TARGET_SLOT_IS_PARTICIPANT else None,
                    when=wh,
                    killed=killed if "{K}" in template and type_key not in ("arrests", "evacuation") else None,
                    injured=injured if "{N}" in template and type_key not in ("arrests",) else None,
                    speaker=source if reported else None,
                    speech_verb=act if reported else None,
                    key=hashlib.sha1(f"{doc_id}:{n_events}".encode()).hexdigest()[:16],
                )
            )
            if n_events == 0:
                spec.title = HEADLINES[type_key].replace("{P}", place.ar)
            n_events += 1
        else:
            w.sentence(rng.choice(CONTEXT_TEMPLATES), slots)
    spec.text = "".join(w.parts)
    return spec


def article_specs(n: int, seed: int = 1, start: int = 0) -> Iterator[ArticleSpec]:
    lex = load_lexicon()
    for i in range(start, start + n):
        yield article_spec(seed, i, lex)


def articles(n: int, seed: int = 1, start: int = 0) -> Iterator[dict]:
    """JSONL records: id, text, published, publisher, title, url."""
    for spec in article_specs(n, seed, start):
        yield spec.record()


def write_jsonl(path: str, n: int, seed: int = 1) -> int:
    """Stream ``n`` articles to ``path`` (``-`` = stdout). Returns bytes written."""
    out = sys.stdout if path == "-" else open(path, "w", encoding="utf-8")  # noqa: SIM115
    written = 0
    try:
        for record in articles(n, seed):
            line = json.dumps(record, ensure_ascii=False) + "\n"
            out.write(line)
            written += len(line.encode("utf-8"))
    finally:
        if out is not sys.stdout:
            out.close()
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.corpus", description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=1000, help="number of articles (default 1000)")
    parser.add_argument("--seed", type=int, default=1, help="corpus seed (default 1)")
    parser.add_argument("-o", "--output", default="-", help="JSONL file to write (default stdout)")
    args = parser.parse_args(argv)
    if args.n < 0:
        parser.error("--n must be >= 0")
    written = write_jsonl(args.output, args.n, args.seed)
    if args.output != "-":
        print(f"wrote {args.n} articles, {written / 1e6:.1f} MB, to {args.output}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
