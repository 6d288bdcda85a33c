"""Entity mentions: gazetteer names, nationality groups, pattern actors, persons, anaphora.

Rules, applied left to right over the tokens of the whole document (longest match at a
position wins; a gazetteer name wins a tie):

1. Gazetteer names (gazetteer.py): multi-word Arabic labels and altLabels of places and
   actors, the first word matched on its clitic-stripped base (``والموصل``, ``بالقائم``),
   the others exactly.
2. Forces named by nationality: a force noun + demonym (``القوات العراقية``, ``الطيران
   الروسي``, ``بغطاء جوي روسي``) is that country's state force from the gazetteer (or a
   document-local one); a coordinated bare demonym continues the list (``القوات السورية
   والعراقية``). A regime noun + demonym (``نظام الرئيس السوري``) is the state force too.
   Plural demonyms, alone or after a fighters noun (``مقاتلين لبنانيين``, ``وأفغان``), are
   document-local NationalityGroup actors with ckg:nationality.
3. Pattern actors, document-local: units (``سلاح المدفعية``, ``طيران الجيش``; part of the
   state force in context), opposition factions, unidentified gunmen, civilians, unnamed
   sources (``مصادر عسكرية``), government forces named without a country (``قوات النظام``,
   resolved to the document's dominant country).
4. Persons: a title (``اللواء الركن``, ``الجنرال``...) followed by 1-4 name words; a
   position phrase before the title (``قائد Z``, ``المتحدث باسم Y``) becomes ckg:position,
   and the first actor named in it ckg:memberOf.
5. Anaphora, resolved in text order: a generic armed-group noun (``التنظيم``, ``الجماعة``,
   ``الحركة``, ``الميليشيا``) refers back to the last named armed group; a demonstrative or
   definite place noun (``هذه المدينة``, ``البلدة``) not followed by a name refers to the
   last place of a compatible kind; ``المصادر`` to the last unnamed source.

Ambiguous names are resolved by context: a unit present in several armies goes to the army
named in the same sentence, else in the document; a place name goes to the candidate
matching a preceding place noun (``محافظة`` -> governorate, ``مدينة`` -> city), then the
document's dominant country, then the town over the region, then the larger population.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from ingest.gazetteer import Demonym, GazetteerIndex
from ingest.lexicon import PhraseIndex, folded_set, phrase_index, stem_positions, word_lists
from ingest.normalize import fold
from ingest.tokens import Token, ordered

ARMED = {"ArmedGroup", "Militia"}
_SOURCE_ANAPHORS = frozenset({fold("المصادر"), fold("المصدر")})
_REGIME_UNITS = {fold(w) for w in ("قوات النظام", "جيش النظام", "القوات النظامية", "القوات الحكومية")}
STATE = {"StateForce", "State", "Government", "MilitaryUnit"}
_PLACE_RANK = {"Neighbourhood": 0, "Facility": 0, "BorderCrossing": 0, "Village": 1, "City": 1, "Admin2": 2,
               "Region": 3, "River": 3, "Admin1": 4, "Country": 5}


@dataclass
class LocalActor:
    """An actor known only from this document (IRI minted under the document)."""

    key: str
    label_ar: str
    label_en: str | None
    kind: str
    person: bool = False
    nationality: str | None = None
    member_of: str | None = None  # ref (IRI or "local:key")
    part_of: str | None = None
    position: str | None = None
    position_begin: int = -1  # where the position phrase starts in the text (not emitted)


@dataclass
class LocalPlace:
    """A village, town, district or neighbourhood the gazetteer does not know, named after a
    place noun (``قرية بازوايا``, ``ناحية العامرية``): minted under the document, within the
    known place that locates it."""

    key: str
    label_ar: str
    kind: str
    within: str | None = None
    country: str | None = None


_LOCAL_PLACE_NOUNS = {fold(w): k for w, k in (("قرية", "Village"), ("بلدة", "City"), ("ناحية", "Admin2"),
                                             ("مديرية", "Admin2"), ("قضاء", "Admin2"), ("حي", "Neighbourhood"),
                                             ("مخيم", "Neighbourhood"), ("مدينة", "City"), ("منطقة", "Region"),
                                             ("جبل", "Region"), ("وادي", "Region"),
                                             # round 8: a front or axis named by its place (``جبهة الكسارة``)
                                             ("جبهة", "Region"), ("محور", "Region"),
                                             # duals and plurals (``قريتي X وY``, ``قرى X وY``): the first name
                                             ("قريتي", "Village"), ("قريتا", "Village"), ("قرى", "Village"),
                                             ("بلدتي", "City"), ("بلدتا", "City"), ("بلدات", "City"))}
# round 11: words after which a name that is also an adjective (``بحري``) is still the name
_PREPOSITIONS = frozenset(fold(w) for w in ("في", "من", "إلى", "على", "عن", "قرب", "نحو", "داخل", "بين", "حول",
                                           "شمال", "جنوب", "شرق", "غرب", "أحياء", "حي", "ضواحي", "أطراف", "وسط"))
# round 9: a masculine place noun rarely followed by a nisba adjective: a word in ي after it is a name
_MASC_NAME_NOUNS = frozenset(fold(w) for w in ("قضاء",))
# nouns that are part of the place's own name (``جبل محسن``): the label keeps them
_NAME_HEAD_NOUNS = frozenset(fold(w) for w in ("جبل", "وادي"))
# first words of compound place names (``أبو صيدا``, ``أم درمان``, ``كفر قدوم``): the next word
# belongs to the name even when it is a known place on its own
_NAME_PREFIXES = frozenset(fold(w) for w in ("أبو", "أبي", "أم", "بني", "عين", "تل", "كفر", "دير", "بيت", "رأس",
                                            "بئر", "بير", "خربة", "جسر", "عرب", "ذي", "ذات", "جبل", "وادي",
                                            "البو", "آل"))  # (round 8: Iraqi tribal villages, ``قرية البو حمد``)
# common indefinite adjectives after a place noun (``قرية صغيرة``) that are not names
_COMMON_ADJ = frozenset(fold(w) for w in ("صغيرة", "كبيرة", "نائية", "مجاورة", "قريبة", "بعيدة", "محاصرة",
                                         "مدمرة", "واسعة", "آمنة", "عازلة", "منكوبة", "مهجورة", "صغير", "كبير"))
# round 8: what an office is in charge of (``مديرية الاستخبارات``, ``مديرية الشرطة``): not a place name
_INSTITUTION_DOMAINS = frozenset(fold(w) for w in (
    "الاستخبارات", "المخابرات", "الأمن", "الشرطة", "التربية", "الصحة", "الدفاع", "الزراعة", "الإعلام", "التوجيه",
    "المرور", "الجنسية", "الهندسة", "العمليات", "الجمارك", "الأحوال", "السجون", "الإصلاح", "مكافحة", "شؤون",
    "الشؤون", "العلاقات", "البلديات", "الاتصالات", "الكهرباء", "المياه", "الأوقاف", "الداخلية", "الحماية",
    "الطب", "الآثار", "الجوازات", "الإقامة", "الإسعاف", "التحقيقات", "الأدلة", "حماية", "أمن", "شرطة"))
_COMPASS_ADJ = frozenset(fold(w) for w in ("الشرقية", "الغربية", "الشمالية", "الجنوبية", "الشرقي", "الغربي",
                                           "الشمالي", "الجنوبي", "الفوقا", "التحتا", "الفوقاني", "التحتاني"))
_NOT_NAMES = frozenset(fold(w) for w in (
    "جنوب", "شمال", "شرق", "غرب", "جنوبي", "شمالي", "شرقي", "غربي", "قرب", "بالقرب", "عند", "في", "على", "من",
    "إلى", "عن", "مع", "بين", "حيث", "التي", "الذي", "وسط", "داخل", "أمس", "اليوم", "تقع", "يقع", "تبعد", "يبعد",
    "شهدت", "شهد", "تعرضت", "تعرض", "كانت", "كان", "يسيطر", "تسيطر", "آخر", "أخرى", "واحد", "واحدة", "كل", "بعض",
    "مجاور", "المجاور", "المجاورة", "جديد", "جديدة", "الجديد", "الجديدة", "قديم", "القديم", "القديمة", "نفسه",
    "نفسها", "ذاته", "ذاتها", "سكني", "السكني", "السكنية", "مدني", "الحدودي", "الحدودية", "حدودي", "بعد", "قبل",
    "خلال", "إثر", "منذ", "حتى", "لدى", "ضد", "نحو", "باتجاه", "تحت", "فوق", "أمام", "خلف", "ثم", "أن", "إن",
    "لكن", "فجر", "صباح", "مساء", "ليل", "ظهر", "عصر", "يوم", "مساء", "أيضا", "فقط", "حاليا",
    # round 9: ``قرى تابعة لناحية X``: "belonging to", not a name
    "تابعة", "تابع", "تابعين", "تابعتين"))


def _nameish(t: Token, first: bool, text: str, nisba_ok: bool = False) -> bool:
    n = t.norm
    if t.kind != "w" or len(n) < 3 or n in _NOT_NAMES:
        return False
    if text.startswith("ال", t.begin):
        return first
    # an indefinite adjective after the place noun (حي سكني، قرية صغيرة، بلدة حدودية); a name
    # may end in ة (``بلدة ناحتة``) but a nisba adjective ends in ية. Round 9: after a feminine
    # place noun (or ``قضاء``) a masculine nisba cannot agree, so a word in ي is a name
    # (``ناحية شيلادزي``, ``قضاء شمدينلي``)
    return not n.endswith("يه") and not (first and n.endswith("ي") and not (nisba_ok and len(n) >= 5)) and \
        n not in _COMMON_ADJ


def _local_places(tokens: list[Token], mentions: list[Mention], index: GazetteerIndex,
                  text: str, dominant: str | None) -> dict[str, LocalPlace]:
    """Mint document-local places for unknown names after a place noun; adds their mentions."""
    covered = {k for m in mentions for k in range(m.tok_begin, m.tok_end)}
    out: dict[str, LocalPlace] = {}
    new: list[Mention] = []
    n = len(tokens)
    pos = stem_positions(tokens)  # a place noun is a base, so a stem: only its positions can start one
    for i in sorted({k for w in _LOCAL_PLACE_NOUNS for k in pos.get(w, ())}):
        if i >= n - 1:
            break
        t = tokens[i]
        if t.kind != "w" or i in covered:
            continue
        kind = next((_LOCAL_PLACE_NOUNS[b] for b in ordered(t.bases) if b in _LOCAL_PLACE_NOUNS), None)
        if kind is None or i + 1 >= n or any(t.norm.endswith("ال" + b) for b in t.bases if b in _LOCAL_PLACE_NOUNS):
            continue  # ``المنطقة الشرقية``: a definite noun with an adjective, not a name
        head = bool(t.bases & _NAME_HEAD_NOUNS)
        nxt = tokens[i + 1]
        compound = not head and nxt.kind == "w" and nxt.norm in _NAME_PREFIXES and i + 2 < n and \
            tokens[i + 2].kind == "w" and i + 1 not in covered and tokens[i + 2].norm not in _NOT_NAMES
        if compound:
            end = i + 3
            if i + 2 in covered:  # ``ناحية أبو صيدا``: not Saida (Lebanon) but one name
                drop = {id(m) for m in mentions if m.tok_begin <= i + 2 < m.tok_end and m.tok_end <= end}
                if len(drop) != sum(1 for m in mentions if m.tok_begin <= i + 2 < m.tok_end):
                    continue
                mentions[:] = [m for m in mentions if id(m) not in drop]
                covered = {k for m in mentions for k in range(m.tok_begin, m.tok_end)}
        elif head and i + 1 in covered and nxt.kind == "w" and \
                sum(1 for m in mentions if m.tok_begin == i + 1 and m.tok_end == i + 2 and m.is_place) == \
                sum(1 for m in mentions if m.tok_begin <= i + 1 < m.tok_end):
            # round 8: ``وادي حوران``: the valley is named after a known place (Hauran), it is not it
            mentions[:] = [m for m in mentions if not (m.tok_begin <= i + 1 < m.tok_end)]
            covered = {k for m in mentions for k in range(m.tok_begin, m.tok_end)}
            end = i + 2
        else:
            nisba_ok = t.norm.endswith("ه") or bool(t.bases & _MASC_NAME_NOUNS)
            if i + 1 in covered or not _nameish(nxt, True, text, nisba_ok) or nxt.norm in _INSTITUTION_DOMAINS or \
                    _LOCAL_PLACE_NOUNS.keys() & nxt.bases:
                continue  # (round 8: ``مديرية الاستخبارات العسكرية`` is an office, not a district)
            end = i + 2
            if not head and not text.startswith("ال", nxt.begin) and end < n and end not in covered and \
                    _nameish(tokens[end], False, text) and \
                    not (tokens[end].norm[0] in "وب" and tokens[end].norm[1:] in tokens[end].bases and
                         len(tokens[end].norm) > 3) and tokens[end].pronoun not in ("هم", "هن", "هما", "كم"):
                # (a word with a conjunction or preposition, ``وأوقفت``, ``بقذائف``, ends the name;
                # not a short word whose rest is no word, ``ناحية سليمان بيك``; a word with a plural
                # possessive, ``مدينة شهبا محالهم``, is not part of a name either)
                end += 1
        if kind == "Village" and end < n and end not in covered and tokens[end].norm in _COMPASS_ADJ:
            end += 1  # round 8: ``قرية اللبن الشرقية``, ``عين عريك الغربية``: the village's full name
        first_tok = i if head else i + 1
        label = text[tokens[first_tok].begin:tokens[end - 1].end]
        key = "place:" + fold(label)
        within = _locating_place(end, kind, mentions, tokens, index, dominant)
        lp = out.setdefault(key, LocalPlace(key, label, kind, within, index.country_of(within) if within else None))
        if lp.within is None and within:
            lp.within, lp.country = within, index.country_of(within)
        new.append(Mention(first_tok, end, tokens[first_tok].begin, tokens[end - 1].end, True, "local:" + key, kind,
                           "pattern", country=lp.country, place_noun=kind))
        covered.update(range(first_tok, end))
    if new:
        mentions.extend(new)
        mentions.sort(key=lambda m: m.tok_begin)
    return out


_REFERENCE_DIRECTIONS = frozenset(fold(w) for w in ("جنوب", "شمال", "شرق", "غرب", "جنوبي", "شمالي", "شرقي",
                                                    "غربي", "قرب", "بالقرب", "وسط", "ضواحي", "أطراف"))


def _foreign_before_reference(tokens: list[Token], mentions: list[Mention], index: GazetteerIndex, text: str,
                              dominant: str | None, out: dict[str, LocalPlace]) -> None:
    """``محور صلاح الدين جنوب طرابلس`` in a Libya report: a known place of another country
    located by a direction and a place of the report's country is a local place named like it
    (a district, a front line, a neighbourhood), within that place."""
    if dominant is None:
        return
    by_begin = {m.tok_begin: m for m in mentions}
    for mi, m in enumerate(mentions):
        if not m.is_place or m.ref.startswith("local:") or m.kind == "Country" or m.tok_end + 1 >= len(tokens):
            continue
        country = index.country_of(m.ref)
        if country is None or country == dominant or not tokens[m.tok_end].stems & _REFERENCE_DIRECTIONS:
            continue
        ref = by_begin.get(m.tok_end + 1)
        if ref is None and m.tok_end + 2 < len(tokens) and _LOCAL_PLACE_NOUNS.keys() & tokens[m.tok_end + 1].bases:
            ref = by_begin.get(m.tok_end + 2)  # round 10: ``حي الجنينة شرق مدينة رفح``: a place noun between
        if ref is None or not ref.is_place or ref.ref.startswith("local:") or index.country_of(ref.ref) != dominant:
            continue
        label = text[m.begin:m.end]
        key = "place:" + fold(label)
        out.setdefault(key, LocalPlace(key, label, "Neighbourhood", ref.ref, dominant))
        mentions[mi] = Mention(m.tok_begin, m.tok_end, m.begin, m.end, True, "local:" + key, "Neighbourhood",
                               "pattern", country=dominant, place_noun=m.place_noun, head=m.head)


def _locating_place(end: int, kind: str, mentions: list[Mention], tokens: list[Token],
                    index: GazetteerIndex, dominant: str | None) -> str | None:
    """The known place right after a local name (``... جنوب الفلوجة``, ``... في ريف إدلب``),
    else the last suitable one named before it."""
    ok = ("City", "Village") if kind == "Neighbourhood" else ("City", "Admin2", "Admin1")
    after = [m for m in mentions if m.is_place and m.ref and not m.ref.startswith("local:") and
             end <= m.tok_begin <= end + 4 and m.kind != "Country"]
    if after:
        return after[0].ref
    before = [m for m in mentions if m.is_place and m.ref and not m.ref.startswith("local:") and
              m.tok_end <= end and m.kind in ok and (dominant is None or index.country_of(m.ref) == dominant)]
    return before[-1].ref if before else None


@dataclass
class Mention:
    tok_begin: int
    tok_end: int
    begin: int
    end: int
    is_place: bool
    ref: str  # a gazetteer IRI, or "local:<key>"
    kind: str
    source: str  # gazetteer | nationality | pattern | person | anaphor
    country: str | None = None
    candidates: tuple[str, ...] = ()
    antecedent: int | None = None  # index of the mention an anaphor resolved to
    place_noun: str | None = None  # kind implied by a place noun right before (مدينة, محافظة)
    modifier: str | None = None  # "near" / "centre" for places
    head: str = ""  # for anaphors: the generic noun (تنظيم, جماعة...); for names: the noun before them


@dataclass
class Entities:
    mentions: list[Mention]
    locals: dict[str, LocalActor]
    dominant_country: str | None
    by_token: dict[int, int] = field(default_factory=dict)  # token index -> mention index
    local_places: dict[str, LocalPlace] = field(default_factory=dict)  # key -> place named only here

    def kind_of(self, ref: str, index: GazetteerIndex) -> str:
        if ref.startswith("local:"):
            return self.locals[ref[6:]].kind
        e = index.entities.get(ref)
        return e.kind if e else ""


def _demonym(token: Token, index: GazetteerIndex) -> Demonym | None:
    for s in ordered(token.stems):
        d = index.demonyms.get(s)
        if d is not None:
            return d
    return None


def _local(locals_: dict[str, LocalActor], actor: LocalActor) -> str:
    existing = locals_.get(actor.key)
    if existing is None:
        locals_[actor.key] = actor
    return "local:" + actor.key


def _force_of(country: str, index: GazetteerIndex, locals_: dict[str, LocalActor], dem: Demonym | None,
              air: bool = False) -> str:
    forces = index.forces_by_country.get(country)
    if forces and not air:
        return forces[0]
    en = (dem.en if dem else index.entities[country].label_en if country in index.entities else "")
    label_ar = index.entities[country].label_ar if country in index.entities else ""
    if air:
        parent = forces[0] if forces else None
        return _local(locals_, LocalActor(f"airforce:{dem.iso if dem else country}", f"الطيران {label_ar}".strip(),
                                          f"{en} air force".strip(), "MilitaryUnit", nationality=country,
                                          part_of=parent))
    return _local(locals_, LocalActor(f"forces:{dem.iso if dem else country}", f"قوات {label_ar}".strip(),
                                      f"{en} forces".strip(), "StateForce", nationality=country))


def find_entities(tokens: list[Token], sentence_of: list[int], index: GazetteerIndex, text: str) -> Entities:
    """All entity mentions of a document. ``sentence_of[i]`` is the sentence of token ``i``."""
    wl = word_lists()
    titles = phrase_index("titles")
    units = phrase_index("units")
    opposition = phrase_index("opposition")
    unidentified = phrase_index("unidentified")
    civilians = phrase_index("civilians")
    sources = phrase_index("source_heads")
    source_adj = phrase_index("source_adjectives")
    force_nouns = phrase_index("force_nouns")
    regime = folded_set("regime_nouns")
    nat_heads = folded_set("nationality_heads")
    armed_ana = phrase_index("armed_group_anaphors")
    state_ana = phrase_index("state_force_anaphors")
    place_ana = {fold(k): v for k, v in wl["place_anaphors"].items()}
    place_nouns = {fold(k): v for k, v in wl["place_nouns"].items()}
    demonstratives = folded_set("demonstratives")
    name_stops = folded_set("name_stops")
    not_places = phrase_index("not_places")
    adjective_names = folded_set("adjective_names")
    water_heads = folded_set("water_heads")
    carry_words = folded_set("carry_words")
    near_words = folded_set("near_words")
    centre_words = folded_set("centre_words")
    air_words = {fold(w) for w in ("جوي", "الجوي", "الطيران", "طيران", "سلاح الجو", "المقاتلات", "الطائرات",
                                   "طائرات", "الحربي", "الحربية")}

    pattern_firsts = frozenset().union(*(idx.first_words for idx in (
        titles, units, opposition, unidentified, civilians, sources, force_nouns, armed_ana, state_ana)))
    pattern_firsts |= regime | demonstratives | frozenset(place_ana) | _SOURCE_ANAPHORS
    labels = index.labels
    demonyms = index.demonyms
    # may an entity start at a token? (a superset test, memoised per stem set: the stems
    # include the bases the gazetteer names are matched on)
    memo = _start_memo(index, pattern_firsts)
    # tokens where a phrase of one of the pattern indexes may start: the others skip all of them
    phrase_at = set().union(*(idx.starts(tokens) for idx in (
        titles, units, opposition, unidentified, civilians, sources, force_nouns, armed_ana, state_ana)))

    locals_: dict[str, LocalActor] = {}
    mentions: list[Mention] = []
    n = len(tokens)
    i = 0

    def mk(b: int, e: int, is_place: bool, ref: str, kind: str, source: str, **kw) -> Mention:
        return Mention(b, e, tokens[b].begin, tokens[e - 1].end, is_place, ref, kind, source, **kw)

    while i < n:
        t = tokens[i]
        if t.kind != "w":
            i += 1
            continue
        may = memo.get(t.stems)
        if may is None:
            may = memo[t.stems] = not pattern_firsts.isdisjoint(t.stems) or \
                any(x in labels or x in demonyms for x in t.stems)
        if not may:
            i += 1
            continue
        best: Mention | None = None
        # 1. gazetteer
        following = tokens[i + 1].norm if i + 1 < n else None
        adjective = _nisba_adjective(tokens, i, text)
        for base in ordered(t.bases):
            if len(base) < 3 and base != t.norm:
                continue  # ``باب`` is not ب + ``إب`` (Ibb): a clitic leaves a stem of three letters at least
            for words, iris in index.candidates_before(base, following):
                k = len(words)
                if i + k > n or (best and k <= best.tok_end - best.tok_begin) or (adjective and k == 1):
                    continue
                if words[0].startswith("و") and text[t.begin + 1:t.begin + 2] in ("أ", "إ"):
                    continue  # ``وإن`` is و + إن, not Van (وان): a hamza never follows a name's own و
                if k <= 2 or all(tokens[i + j].norm == words[j] for j in range(2, k)):
                    places = tuple(x for x in iris if index.entities[x].is_place)
                    iris = places or iris  # a name shared by a country and its state: the place
                    first = index.entities[iris[0]]
                    best = mk(i, i + k, first.is_place, iris[0], first.kind, "gazetteer", candidates=iris)
                    break
        if best is not None and best.is_place and not_places.match_at(tokens, i):
            best = None  # round 9: ``القبة الحديدية`` (Iron Dome) is a weapon system, not al-Qubbah
        if best is not None and best.is_place and i > 0 and tokens[i - 1].kind == "w" and (
                tokens[i - 1].stems & water_heads or tokens[i - 1].stems & carry_words or
                # ``لغم بحري``, ``حصار بحري``: a name that is also an adjective, after an indefinite noun
                best.tok_end == i + 1 and t.norm in adjective_names and
                not tokens[i - 1].norm.startswith("ال") and tokens[i - 1].norm not in place_nouns and
                tokens[i - 1].norm not in _PREPOSITIONS):
            best = None  # round 11: ``خليج عدن`` is a sea; ``رافعين صور الضحايا``: pictures, not Tyre
        cands: list[Mention] = []
        # 2. forces by nationality
        phrases = i in phrase_at
        fm = force_nouns.match_at(tokens, i) if phrases else None
        if fm and fm.end < n:
            j = fm.end
            if j < n and tokens[j].norm in ("من", "ال") and j + 1 < n:
                j += 1
            dem = _demonym(tokens[j], index) if j < n and tokens[j].kind == "w" else None
            if dem:
                air = any(fold(w) in air_words for w in fm.payload.split()) or tokens[j - 1].norm in air_words
                ref = _force_of(dem.country, index, locals_, dem, air=air)
                cands.append(mk(i, j + 1, False, ref, "MilitaryUnit" if air else "StateForce", "nationality",
                                country=dem.country))
        if t.norm in regime and i + 1 < n:
            j = i + 1
            if tokens[j].norm in (fold("الرئيس"), fold("حكومة"), fold("الحكومة")) and j + 1 < n:
                j += 1
            dem = _demonym(tokens[j], index) if tokens[j].kind == "w" else None
            if dem and not dem.plural:
                end = j + 1
                person = _gazetteer_match(tokens, end, index)
                if person and index.entities[person[1]].kind in ("Official",):
                    end = person[0]
                cands.append(mk(i, end, False, _force_of(dem.country, index, locals_, dem), "StateForce",
                                "regime", country=dem.country))
        dem = _demonym(t, index)
        if dem and dem.plural:
            head_before = i > 0 and tokens[i - 1].norm in nat_heads
            en = f"{dem.en} fighters"
            ref = _local(locals_, LocalActor(f"nationality:{dem.iso}", t.norm if not t.norm.startswith("و") else
                                             t.norm[1:], en, "NationalityGroup", nationality=dem.country))
            locals_[ref[6:]].label_ar = text[t.begin:t.end].lstrip("و") if not head_before else \
                text[tokens[i - 1].begin:t.end]
            if head_before and mentions and mentions[-1].tok_end == i:
                pass
            cands.append(mk(i - 1 if head_before else i, i + 1, False, ref, "NationalityGroup", "nationality",
                            country=dem.country))
        # 3. patterns
        um = units.match_at(tokens, i) if phrases else None
        if um:
            en, kind = um.payload
            label = text[tokens[um.start].begin:tokens[um.end - 1].end]
            cands.append(mk(i, um.end, False, "unit:" + fold(label), kind, "pattern"))
            cands[-1].candidates = (label, en)
        for idx, kind, prefix in ((opposition, "ArmedGroup", "opposition"), (unidentified, "UnidentifiedActor",
                                  "unidentified"), (civilians, "Civilians", "civilians")):
            m = idx.match_at(tokens, i) if phrases else None
            if m:
                label = text[tokens[m.start].begin:tokens[m.end - 1].end]
                key = f"{prefix}:{m.payload}"
                ref = _local(locals_, LocalActor(key, label.lstrip("و") if label.startswith("و") and
                                                 not label.startswith("وف") else label, m.payload, kind))
                cands.append(mk(i, m.end, False, ref, kind, "pattern"))
        sm = sources.match_at(tokens, i) if phrases else None
        if sm and sm.end < n:
            am = source_adj.match_at(tokens, sm.end)
            if am:
                label = text[tokens[i].begin:tokens[am.end - 1].end]
                if label.startswith("و"):
                    label = label[1:]
                ref = _local(locals_, LocalActor("source:" + fold(label), label, f"{am.payload} {sm.payload}",
                                                 "UnidentifiedActor"))
                cands.append(mk(i, am.end, False, ref, "Source", "pattern"))
        # 4. persons
        tm = titles.match_at(tokens, i) if phrases else None
        if tm:
            j = tm.end
            if j < n and _demonym(tokens[j], index):
                j += 1
            k = j
            while k < n and k - j < 4 and tokens[k].kind == "w" and tokens[k].norm not in name_stops \
                    and not _gazetteer_match(tokens, k, index) and not _demonym(tokens[k], index):
                k += 1
            if k > j:
                name = text[tokens[j].begin:tokens[k - 1].end]
                title = text[tokens[tm.start].begin:tokens[tm.end - 1].end]
                position, pos_begin = _position_before(tokens, i, text)
                parts = [p for p in (position, title) if p]
                ref = _local(locals_, LocalActor("person:" + fold(name), name, None, "Official", person=True,
                                                 position="، ".join(parts), position_begin=pos_begin))
                cands.append(mk(i, k, False, ref, "Person", "person"))
        # 5. anaphora (resolved below)
        for idx, kind in ((armed_ana, "ArmedGroup"), (state_ana, "StateForce")):
            m = idx.match_at(tokens, i) if phrases else None
            if m and not (best and best.tok_end >= m.end):
                head = t.norm[2:] if t.norm.startswith("ال") else t.norm
                cands.append(mk(i, m.end, False, "", kind, "anaphor", head=head))
        if t.norm in demonstratives and i + 1 < n and tokens[i + 1].norm in place_ana:
            nxt_is_name = i + 2 < n and any(index.candidates(b) for b in tokens[i + 2].bases)
            if not nxt_is_name:
                cands.append(mk(i, i + 2, True, "", "|".join(place_ana[tokens[i + 1].norm]), "anaphor"))
        elif t.norm in place_ana and t.norm.startswith("ال") and (i == 0 or tokens[i - 1].norm not in
                                                                 demonstratives):
            nxt_is_name = i + 1 < n and any(index.candidates(b) for b in tokens[i + 1].bases)
            if not nxt_is_name and not (i + 1 < n and _demonym(tokens[i + 1], index)):
                cands.append(mk(i, i + 1, True, "", "|".join(place_ana[t.norm]), "anaphor"))
        if t.norm in _SOURCE_ANAPHORS:
            cands.append(mk(i, i + 1, False, "", "Source", "anaphor"))
        named_place = best is not None and best.is_place and i > 0 and \
            bool(tokens[i - 1].bases & frozenset(place_nouns))  # "مدينة الشيخ زويد" is not a person
        for c in cands:
            if named_place and c.source == "person":
                continue
            if best is None or (c.tok_end - c.tok_begin) > (best.tok_end - best.tok_begin):
                best = c
        if best is None:
            i += 1
            continue
        if best.tok_begin < i and mentions and mentions[-1].tok_end > best.tok_begin:
            best.tok_begin, best.begin = i, t.begin
        if best.is_place and best.source == "gazetteer" and i > 0:
            prev = tokens[i - 1].norm
            for cand in (prev, prev[1:] if prev.startswith("و") else prev):
                if cand in place_nouns:
                    best.place_noun = place_nouns[cand]
            for back in range(1, 3):
                if i - back >= 0:
                    w = tokens[i - back].stems
                    if w & near_words:
                        best.modifier = "near"
                        break
                    if w & centre_words:
                        best.modifier = "centre"
                        break
        if best.source == "gazetteer" and i > 0:
            prev = tokens[i - 1].norm
            best.head = prev[1:] if prev.startswith("و") else prev
            if tokens[i - 1].kind == "p" and i > 1:
                best.head = tokens[i - 2].norm
        mentions.append(best)
        # coordinated bare demonym after a force: القوات السورية والعراقية
        j = best.tok_end
        while not best.is_place and best.kind in ("StateForce", "MilitaryUnit") and j < n and \
                tokens[j].kind == "w" and tokens[j].norm.startswith("و"):
            d2 = _demonym(tokens[j], index)
            if not d2 or d2.plural:
                break
            ref = _force_of(d2.country, index, locals_, d2)
            mentions.append(mk(j, j + 1, False, ref, "StateForce", "nationality", country=d2.country))
            j += 1
        i = j if j > best.tok_end else best.tok_end

    dominant = _dominant_country(mentions, index)
    _resolve(mentions, tokens, sentence_of, index, locals_, dominant, text)
    local_places = _local_places(tokens, mentions, index, text, dominant)
    _foreign_before_reference(tokens, mentions, index, text, dominant, local_places)
    ents = Entities(mentions, locals_, dominant, local_places=local_places)
    for mi, mention in enumerate(mentions):
        for k in range(mention.tok_begin, mention.tok_end):
            ents.by_token[k] = mi
    return ents


_START_MEMOS: dict[tuple[int, frozenset[str]], tuple[GazetteerIndex, dict[frozenset[str], bool]]] = {}


def _start_memo(index: GazetteerIndex, firsts: frozenset[str]) -> dict[frozenset[str], bool]:
    key = (id(index), firsts)
    hit = _START_MEMOS.get(key)
    if hit is None or hit[0] is not index:
        if len(_START_MEMOS) > 8:
            _START_MEMOS.clear()
        hit = _START_MEMOS[key] = (index, {})
    if len(hit[1]) > 200_000:
        hit[1].clear()
    return hit[1]


def _position_before(tokens: list[Token], title_at: int, text: str) -> tuple[str | None, int]:
    """The position phrase right before a title (``قائد الفرقة ...``) and where it starts."""
    heads: PhraseIndex = phrase_index("position_heads")
    for k in range(title_at - 1, max(-1, title_at - 9), -1):
        if tokens[k].kind == "p":
            return None, -1
        m = heads.match_at(tokens, k, title_at)
        if m:
            s = text[tokens[k].begin:tokens[title_at - 1].end]
            return (s[1:] if s.startswith("و") and not tokens[k].norm.startswith("وز") else s), tokens[k].begin
    return None, -1


def _dominant_country(mentions: list[Mention], index: GazetteerIndex) -> str | None:
    counts: Counter[str] = Counter()
    for m in mentions:
        if m.source == "gazetteer" and len(m.candidates) == 1:
            c = index.country_of(m.ref)
            if c:
                counts[c] += 2 if m.is_place else 1
        elif m.source == "gazetteer":
            cs = {c for r in m.candidates if (c := index.country_of(r)) is not None}
            if len(cs) == 1:
                counts[cs.pop()] += 1
    return counts.most_common(1)[0][0] if counts else None


def _resolve(mentions: list[Mention], tokens: list[Token], sentence_of: list[int], index: GazetteerIndex,
             locals_: dict[str, LocalActor], dominant: str | None, text: str) -> None:
    """Disambiguate names, attach units to their forces, resolve anaphora (in text order)."""
    by_sentence: dict[int, list[Mention]] = {}
    for x in mentions:
        by_sentence.setdefault(sentence_of[x.tok_begin], []).append(x)
    for mi, m in enumerate(mentions):
        sent = sentence_of[m.tok_begin]
        same_sentence = [x for x in by_sentence[sent] if x is not m and x.ref]
        if m.source == "gazetteer" and len(m.candidates) > 1:
            m.ref = _choose(m, same_sentence, mentions[:mi], index, dominant)
            m.kind = index.entities[m.ref].kind
        if m.source == "gazetteer":
            m.country = index.country_of(m.ref)
            if m.is_place and m.place_noun in ("Neighbourhood", "Village", "City") and \
                    m.kind in ("Region", "Country", "Admin1") and m.country != dominant:
                m.ref = ""  # "حي الجولان" is a neighbourhood, not the Golan Heights
                continue
        elif m.ref.startswith("unit:"):
            label, en = m.candidates
            parent = None
            for x in reversed(mentions[:mi] + same_sentence):
                if x.ref and not x.ref.startswith("unit:") and x.kind in ("StateForce",) and not x.is_place:
                    parent = x.ref
                    break
            if m.kind == "StateForce" and parent is None and dominant in index.forces_by_country:
                m.ref = index.forces_by_country[dominant][0]
                m.country = dominant
                continue
            if fold(label) in _REGIME_UNITS:
                regime = next((x for x in reversed(mentions[:mi]) if x.source == "regime"), None)
                if regime is not None:
                    m.ref, m.country = regime.ref, regime.country
                    continue
                if dominant in index.forces_by_country:
                    m.ref, m.country = index.forces_by_country[dominant][0], dominant
                    continue
            key = "unit:" + fold(label) + ("@" + parent.rsplit("/", 1)[-1] if parent else "")
            m.ref = _local(locals_, LocalActor(key, label[1:] if label.startswith("و") else label, en, m.kind,
                                               part_of=parent, nationality=dominant))
            m.candidates = ()
        elif m.source == "anaphor":
            m.antecedent = _antecedent(m, mi, mentions, index)
            if m.antecedent is None:
                m.ref = ""
            else:
                a = mentions[m.antecedent]
                m.ref, m.country, m.is_place = a.ref, a.country, a.is_place
                if m.kind != "Source":
                    m.kind = a.kind
    # persons: memberOf the first actor named in their position phrase
    for m in mentions:
        if m.source == "person" and m.ref.startswith("local:"):
            person = locals_[m.ref[6:]]
            if person.position_begin >= 0 and person.member_of is None:
                for x in mentions:
                    if x.ref and not x.is_place and x.source != "person" and person.position_begin <= x.begin < m.begin:
                        person.member_of = x.ref
                        break
    mentions[:] = [m for m in mentions if m.ref]


def _choose(m: Mention, same_sentence: list[Mention], before: list[Mention], index: GazetteerIndex,
            dominant: str | None) -> str:
    cands = list(m.candidates)
    ents = index.entities
    if m.is_place:
        def score(iri: str) -> tuple:
            e = ents[iri]
            noun_ok = m.place_noun is not None and (e.kind == m.place_noun or
                                                    (m.place_noun == "City" and e.kind in ("City", "Village")))
            return (noun_ok, index.country_of(iri) == dominant, -_PLACE_RANK.get(e.kind, 3), e.population)
        return max(cands, key=score)
    def settled(x: Mention) -> bool:
        return bool(x.ref) and not x.ref.startswith("unit:") and not (x.source == "gazetteer" and
                                                                        len(x.candidates) > 1)

    same_sentence = [x for x in same_sentence if settled(x)]
    before = [x for x in before if settled(x)]
    context = [x.ref for x in same_sentence] + [x.ref for x in reversed(before)]
    for ref in context:
        for c in cands:
            if ref in index.ancestors(c) or ref == c:
                return c
    ctx_countries = [x.country for x in same_sentence if x.country] + [x.country for x in reversed(before)
                                                                         if x.country]
    for country in ctx_countries:
        for c in cands:
            if index.country_of(c) == country:
                return c
    for c in cands:
        if index.country_of(c) == dominant:
            return c
    return cands[0]


def _antecedent(m: Mention, mi: int, mentions: list[Mention], index: GazetteerIndex) -> int | None:
    if m.is_place:
        kinds = set(m.kind.split("|"))
        for k in range(mi - 1, -1, -1):
            x = mentions[k]
            if x.is_place and x.ref and x.kind in kinds:
                return k
        return None
    if m.kind == "ArmedGroup" and not any(_same_noun(m, x, index) for x in mentions[:mi] if x.kind in ARMED
                                          and x.ref and not x.is_place):
        m.head = ""
    for k in range(mi - 1, -1, -1):
        x = mentions[k]
        if not x.ref or x.is_place:
            continue
        if m.kind == "Source" and x.kind == "Source":
            return k
        if m.kind == "ArmedGroup" and x.kind in ARMED and _same_noun(m, x, index):
            return k
        if m.kind == "StateForce" and x.kind in ("StateForce",):
            return k
    return None


def _same_noun(anaphor: Mention, x: Mention, index: GazetteerIndex) -> bool:
    """True when an armed group was introduced with (or is labelled by) the anaphor's noun."""
    if not anaphor.head:
        return True
    if x.head == anaphor.head:
        return True
    return anaphor.head in index.label_heads.get(x.ref, ())


def _nisba_adjective(tokens: list[Token], i: int, text: str) -> bool:
    """An indefinite nisba adjective agreeing with the feminine noun before it (``وقفة احتجاجية
    سلمية``, ``مسيرة سلمية``) is not a place, even when a town has that name (Salamiyah)."""
    t = tokens[i]
    if i == 0 or t.kind != "w" or not t.norm.endswith("يه") or "ال" in text[t.begin:t.begin + 3] or \
            text[t.begin] in "وفبل":  # ``وسورية``: a conjunction starts a new noun, not an adjective
        return False
    prev = tokens[i - 1]
    return prev.kind == "w" and prev.norm.endswith("ه") and prev.norm not in _LOCAL_PLACE_NOUNS


def _gazetteer_match(tokens: list[Token], i: int, index: GazetteerIndex) -> tuple[int, str] | None:
    """(end token, first entity) of the longest gazetteer name starting at token ``i``."""
    if i >= len(tokens) or tokens[i].kind != "w":
        return None
    best = None
    following = tokens[i + 1].norm if i + 1 < len(tokens) else None
    for base in ordered(tokens[i].bases):
        if len(base) < 3 and base != tokens[i].norm:
            continue
        for words, iris in index.candidates_before(base, following):
            k = len(words)
            if i + k <= len(tokens) and (k <= 2 or all(tokens[i + j].norm == words[j] for j in range(2, k))):
                if best is None or i + k > best[0]:
                    best = (i + k, iris[0])
                break
    return best
