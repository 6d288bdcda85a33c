"""Events and control states read from trigger lexicons, with roles, places, time and counts.

Rules (a "window" is the span of the sentence between the previous and the next trigger):

* Triggers (lexicon/triggers.tsv) are verbs, masdars and light-verb phrases (``فرض
  سيطرته``, ``شن هجوماً``), matched on clitic-stripped stems. Weak triggers (``قتل``,
  ``انفجار``, ``هجمات``) are dropped when their sentence has a strong one. ``@territory``
  becomes "government regains territory" when the agent is a state force, else "non-state
  actor overtakes territory". Shelling read with air words (جوي, طائرات) is an air strike;
  a protest with dispersal words (تفريق, الغاز المسيل) is a protest with intervention.
* Agent: the actor right after a verb trigger (VSO; a time word may intervene), else the
  nearest actor before it in its window that is not inside a support/leader phrase (SVO,
  relative clauses), else - for verbs with no explicit subject - the previous agent of the
  paragraph. A noun trigger takes the actor right after it (``تقدم الجيش``). ``تعرضت X
  لـ`` makes X the target (or the place). Supporters follow ``ومن معه من``, ``بمساندة``,
  ``بدعم من``, ``إلى جانب``, ``بعد تمهيد من``; air support ``بغطاء جوي X``; the leader
  ``بقيادة X``; coordinated actors (``، و``) continue a list.
* Place: the most specific place in the window after the trigger (else before it), or a
  place pronoun (``عليها``, ``نحوها``, ``محاصرتها``) resolved to the sentence's topic place.
  ckg:geoPrecision 1 for a town/village/neighbourhood, 2 near a town (``قرب``, ``ريف``) or for
  a district/region, 3 for a governorate or country. No place is guessed.
* Direction ``من الجهة الجنوبية الغربية``, destination ``نحو``/``باتجاه`` + place, distance
  (a km quantity), fatalities/injured (numbers.py) from the window.
* Not events: a trigger noun that characterises an event already told (``ما وصفه بـ``,
  ``بارتكاب``), a definite participle used as an adjective (``العائلات المحاصرة``), a noun inside
  a group name (``مقاتلي الحشد``), the object of a targeting verb (``استهدف كميناً``), generic
  mentions (``هجمات مماثلة``).
* Also not events: the cause or demand of another act (``احتجاجاً على اتفاقية``, ``تطالب
  بالإفراج``), a truce violation (``بخرق وقف إطلاق النار``), a weapon used in another event
  (``استُخدمت فيها القذائف``), a background role (``ناشط في تظاهرات``), a word of an organisation
  name (``حركة تحرير``), a verb after ``دون أن``. Live fire or deaths against protesters is
  excessive force; protesters' arson and stone throwing are violent demonstrations; the
  intercepted missile is part of the interception; a raid before arrests part of the arrests;
  a place after ``بحسب``/``وفق`` locates the source, not the event.
* Place: the dateline (``الموصل –``) is never an event's place; places inside a relative clause
  (``، التي تعدها أنقرة``), after a clause break (``، على أن``, ``، حيث``, ``فيما``) or used as a
  reference point (``العامرية جنوب الفلوجة``) are skipped; a country right before a masdar is
  its agent, not a place. Without a place in the clause: the previous or same sentence's event
  place, else the dateline city when the report is about its country. Unknown villages,
  districts and neighbourhoods after a place noun become document-local places
  (entities.py). Withdrawals from a place and takeovers ``من دون قتال`` / ``إثر انسحاب`` are
  ACLED non-violent transfers; an evacuation that is not the content of an agreement
  (``اتفاق يقضي بإجلاء``) is typed ``other`` (ACLED: the deal is an Agreement, the evacuation
  itself "Other").
* Time: the time expression in the window (an agreement: the one before the trigger - when
  it was reached, not when it takes effect), else the only one in the sentence (``loose``),
  else - undated, as an analyst codes it - the most recent past day/week mentioned in the
  paragraph up to the event, else the publication date (both marked inherited, lower
  confidence), else Unresolved. ``غداة X``: X is the day before.
* Control states (lexicon/control.tsv): ``سيطرته على كامل X`` FullControl; a percentage
  ``35 في المئة من X`` PartialControl with the share; ``معقل``/``معاقل`` Stronghold
  (``فقد ...`` before them in the sentence: Lost); ``موجوداً في X`` Presence; ``محاصرة``
  Besieged, whose controller is the actor known to hold the place. Present-tense states
  are as of the publication date; ``لا يزال`` makes them Ongoing.
* ``أعقبته``/``تلاه`` between two events: ckg:followedBy. ``لـ`` + masdar trigger after an
  event (``لفك الحصار عن X``): a purpose event (Expected) linked by ckg:purpose.
* One event per real-world event: a noun introduced as the circumstance of the previous
  battle of its sentence (``استعادت X بعد اشتباكات``, ``إثر هجوم معاكس``) or a second protest
  word of a sentence is absorbed; a definite noun (``الهجوم``, ``الغارة``, ``الهدنة``, ``هذا
  الاتفاق``) merges into the latest earlier event of a compatible type within four sentences;
  events of one ACLED sub-event type in one sentence at compatible places merge (``طائرة
  مسيرة ... شنت غارة``; ``هجوم انتحاري بسيارة مفخخة`` is one suicide bombing); finally same
  type, same place, compatible dates and agents (same actor, a unit of it, or the same
  country's forces): one event, evidence merged.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from ingest.dates import TimeExpr
from ingest.entities import ARMED, STATE, Entities, Mention
from ingest.gazetteer import GazetteerIndex
from ingest.lexicon import Match, control_cues, folded_set, phrase_index, triggers, verb_object_triggers, word_lists
from ingest.modality import Claim, cue_modality
from ingest.normalize import fold
from ingest.numbers import Quantity, casualties, find_quantities
from ingest.tokens import Token, ordered

_NOT_AGENTS = frozenset({"Source", "Civilians", "MonitoringGroup", "Media", "HumanitarianOrganisation"})
_SUPPORT_WORDS = frozenset(fold(w) for w in ("مدعومة", "مدعوم", "مدعومه", "المدعومة", "المدعوم", "بدعم", "دعم",
                                             "الموالية", "موالية", "التابعة", "تابعة", "بتمويل"))
_LOCATIVE = frozenset(fold(w) for w in ("في", "داخل", "عند", "قرب", "بالقرب", "وسط", "مركز", "ضواحي", "أطراف",
                                        "محيط", "ريف", "مدينة", "بلدة", "قرية", "حي", "مخيم", "منطقة", "ناحية",
                                        "مديرية", "قضاء", "مدينتي", "بلدتي"))
_PREPS = frozenset(fold(w) for w in ("على", "في", "من", "إلى", "عن", "ضد", "مع", "نحو", "باتجاه", "داخل",
                                     "قرب", "بين", "عند", "حول", "لدى", "أيدي", "يد", "قبضة"))
_TARGET_PREPS = frozenset(fold(w) for w in ("على", "ضد", "مع", "استهدف", "استهدفت", "تستهدف", "يستهدف"))
_EXPOSED = frozenset(fold(w) for w in ("تعرض", "تعرضت", "يتعرض", "تتعرض"))
_AIR_WORDS = frozenset(fold(w) for w in ("جوي", "جوية", "الجوي", "الجوية", "طائرات", "الطائرات", "الطيران",
                                         "طيران", "مقاتلات", "المقاتلات", "الحربية", "غارات", "غارة",
                                         # round 9: ``صاروخ أطلقته طائرة استطلاع``, ``الطيران المسيّر``
                                         "طائرة", "الطائرة", "المسير"))
_DISPERSAL = frozenset(fold(w) for w in ("تفريق", "فرقت", "فض", "فضت", "المسيل", "للدموع", "المطاطي",
                                         "اعتقلت", "اعتقال",
                                         # round 9: ``فرّق مسلحون ... بالهراوات وقفةً``, ``فُرّق موكب``
                                         "فرق", "الهراوات", "هراوات"))
_RELATIVES = frozenset(fold(w) for w in ("التي", "الذي", "الذين", "اللذين", "اللتين"))
_FULL = frozenset(fold(w) for w in ("كامل", "بالكامل", "الكاملة", "كاملة", "تماما", "كافة", "جميع", "كل"))
_PLACE_RANK = {"Neighbourhood": 0, "Facility": 0, "BorderCrossing": 0, "Village": 1, "City": 1, "Admin2": 2,
               "Region": 3, "River": 4, "Admin1": 5, "Country": 6}
_PRECISION = {"Neighbourhood": 1, "Facility": 1, "BorderCrossing": 1, "Village": 1, "City": 1, "Admin2": 2,
              "Region": 2, "River": 2, "Admin1": 3, "Country": 3}
_PLACE_TRIGGERS = frozenset({"siege", "encirclement", "@territory", "attack", "advance", "shelling", "air-strike",
                             "armed-clash", "drone-strike", "military-aid", "humanitarian-aid"})
_OBJECT_MASDARS = frozenset({"encirclement", "siege", "arrests", "abduction", "assassination", "attack-on-civilians",
                             "massacre", "release"})
_TERRITORY = ("government-regains-territory", "non-state-actor-overtakes-territory")
_CHARACTERISE = frozenset(fold(w) for w in ("وصف", "وصفه", "وصفته", "وصفوه", "وصفها", "يصفه", "تصفه", "سماه",
                                            "اسماه", "ارتكاب", "بارتكاب", "بارتكابه", "اعتبره", "اعتبرته",
                                            # round 7: ``ويعد هذا التفجير الأعنف منذ ...`` ranks one already told
                                            "يعد", "ويعد", "تعد", "وتعد", "يعتبر", "ويعتبر", "تعتبر", "وتعتبر",
                                            # round 9: ``واصفةً الانسحاب بأنه «إعادة تموضع»``
                                            "واصفا", "واصفة", "واصفين", "واصفتين"))
_PARTICIPLE_SLUGS = frozenset({"siege", "encirclement"})
_GROUP_HEADS = frozenset(fold(w) for w in ("مقاتلي", "عناصر", "فصائل", "وحدات", "قوات", "قائد", "مقاتلو",
                                           "ميليشيات", "كتائب", "لواء", "فصيل"))
_DEMONSTRATIVES = frozenset(fold(w) for w in ("هذا", "هذه", "ذلك", "تلك"))
_CIRCUMSTANCE = frozenset(fold(w) for w in ("بعد", "إثر", "اثر", "عقب", "خلال", "أثناء", "أمام", "جراء", "وسط"))
_STIPULATE = frozenset(fold(w) for w in ("يقضي", "تقضي", "ينص", "تنص", "يشمل", "يتضمن", "يتيح", "يسمح"))
_AGREEMENT_CONTENT = frozenset({"evacuation", "prisoner-exchange", "ceasefire", "release", "withdrawal"})
_VIOLENT = frozenset({"Battles", "Explosions/Remote violence", "Violence against civilians"})
_GENERIC_ANAPHORS = frozenset({"attack", "attack-on-civilians", "ied-explosion", "armed-clash"})
_TARGETING = frozenset(fold(w) for w in ("استهدف", "استهدفت", "يستهدف", "تستهدف", "طال", "طالت", "دمر", "دمرت"))
_UNDER = frozenset(fold(w) for w in ("تحت",))
_DIRECTION_WORDS = frozenset(fold(w) for w in ("جنوب", "شمال", "شرق", "غرب", "جنوبي", "شمالي", "شرقي", "غربي",
                                               "جنوبا", "شمالا", "شرقا", "غربا"))
_PROTESTERS = frozenset(fold(w) for w in ("المتظاهرين", "متظاهرين", "متظاهرون", "المتظاهرون", "متظاهران",
                                           "متظاهرا", "المحتجين", "محتجين", "محتجون", "المحتجون", "محتجان",
                                           "المعتصمين", "معتصمين", "احتجاجي", "احتجاجية", "الاحتجاجات",
                                           "احتجاجات", "تظاهرة", "مظاهرة", "التظاهرة", "المسيرة", "موكب"))
_LETHAL = frozenset(fold(w) for w in ("الرصاص", "برصاص", "بالرصاص", "الذخيرة", "قتل", "قتلى", "قتيل",
                                      "استشهد", "مقتل", "قناصة", "قناص"))
_LIVE = frozenset(fold(w) for w in ("الحي", "الحية", "قتل", "قتلى", "قتيل", "استشهد", "مقتل", "قناصة", "قناص",
                                    "برصاص"))
_CIVILIAN_OBJECTS = frozenset(fold(w) for w in ("قرى", "قرية", "منازل", "المنازل", "مدنيين", "المدنيين",
                                                "مواطنين", "المواطنين", "مواطن", "سكان", "مخيمات", "النازحين",
                                                # round 10: residential districts, a (displacement or herders')
                                                # camp, herders and farmers (``هجوم ... على أحياء في المدينة``)
                                                "أحياء", "الأحياء", "مخيم", "رعاة", "الرعاة", "مزارعين",
                                                "المزارعين"))
# a trigger noun after these is the cause or object of something else, not a new event:
# ``احتجاجاً على اتفاقية``, ``تطالب بالإفراج``, ``بخرق وقف إطلاق النار``, ``استُخدمت فيها القذائف``,
# ``ناشط في تظاهرات``, ``حركة تحرير``
_NOT_EVENT_BEFORE = frozenset(fold(w) for w in (
    "احتجاجا", "رفضا", "تنديدا", "استنكارا", "للمطالبة", "المطالبة", "مطالبة", "تطالب", "يطالب", "طالب",
    "طالبت", "مطالبين", "مطالبة", "خرق", "بخرق", "خروقات", "انتهاك", "بانتهاك", "انتهاكات", "استخدمت",
    "استخدم", "استخدام", "باستخدام", "ناشط", "ناشطة", "ناشطين", "الناشط", "المشاركين", "مشاركين",
    "حركة", "جبهة", "هيئة", "منظمة", "مجلس", "لجنة", "تيار", "حزب", "الحركة", "الجبهة", "خرقا", "خرقين",
    "خروقا", "الخروقات", "انتهاكا", "كسر", "لكسر", "وكسر"))
# round 7: an agreement named as the object of keeping, saving or carrying it out (``لإنقاذ اتفاق
# ستوكهولم``, ``تنفيذ بنود الهدنة``, ``الالتزام بوقف إطلاق النار``) is the agreement of before, not a new one
_NOT_AGREEMENT_BEFORE = frozenset(fold(w) for w in (
    "إنقاذ", "لإنقاذ", "تنفيذ", "بتنفيذ", "لتنفيذ", "تطبيق", "بتطبيق", "لتطبيق", "بنود", "عرقلة", "بعرقلة",
    "إفشال", "لإفشال", "الالتزام", "بالالتزام", "التزام", "احترام", "باحترام", "تثبيت", "لتثبيت", "صمود",
    "سريان", "مراقبة", "لمراقبة", "انهيار", "منذ"))
_INTELLIGENCE = frozenset(fold(w) for w in ("معلومات", "معلومة", "المعلومات", "رصد", "رصدت", "تحريات", "التحريات"))
_HAPPENED = frozenset(fold(w) for w in ("جرى", "جرت", "شهدت", "شهد", "خرجت", "انطلقت", "نظمت", "نظم", "سيرت",
                                        "شهدتها", "وقعت", "اندلعت",
                                        # round 9
                                        "تنظم", "ينظم", "سقطت", "سقط", "تسقط", "يسقط"))
_DURING_IT = frozenset(fold(w) for w in ("خلاله", "خلالها", "أثناءه", "أثناءها", "اثناءه", "اثناءها"))
_FOILING = frozenset(fold(w) for w in ("أحبط", "أحبطت", "أحبطوا", "يحبط", "تحبط", "إحباط", "صد", "صدت", "تصدى",
                                        "تصدت", "أفشل", "أفشلت"))
_INTENSIFY = frozenset(fold(w) for w in ("تكثف", "يكثف", "كثفت", "كثف", "صعدت", "صعد", "تصعد", "يصعد"))
# institutions named by a country (``مصرف لبنان``, ``سفارة مصر``): not where they are, nor the event
_NAMED_BY_COUNTRY = frozenset(fold(w) for w in ("مصرف", "بنك", "سفارة", "قنصلية", "تلفزيون", "إذاعة", "جامعة"))
_AIR_SUBJECTS = frozenset(fold(w) for w in ("الطيران", "طيران", "الطائرات", "طائرات", "طائرة", "مقاتلات",
                                             "المقاتلات", "مسيرة", "مسيرات", "المسيرات"))
_UNDER_AGREEMENT = frozenset(fold(w) for w in ("بموجب", "وفق", "وفقا", "بمقتضى"))
# a verb of responding right before a trigger (``ردّت بقصف``): the event answers one told before
_RESPONSE = frozenset(fold(w) for w in ("رد", "ردت", "ردوا", "يرد", "ترد", "وردت", "ورد", "فردت", "فرد"))
_BROKEN_UP = frozenset({"protest-with-intervention", "excessive-force-against-protesters"})
_INTO_FORCE = fold("حيز")
_HANDED_OVER = frozenset({"withdrawal", "non-violent-transfer-of-territory"})
_PLANTED = frozenset({"ied-explosion", "landmine", "grenade"})
_CONTRAST = frozenset(fold(w) for w in ("فيما", "بينما"))
_OF_THEM = frozenset(fold(w) for w in ("منهم", "منهن"))
_PARTICIPANTS = frozenset(fold(w) for w in ("المشاركين", "المشاركات", "المحتجات", "المتظاهرات", "المعتصمات"))
_QUOTES = frozenset(('"', "«", "»"))
_DEMONSTRATIONS = frozenset({"Protests", "Riots"})
_CROWD = frozenset(fold(w) for w in ("مئات", "عشرات", "آلاف", "الآلاف", "المئات", "العشرات", "حشود", "جموع"))
# protest words in _PROTESTERS that name the event, not the people (``اقتحم ... التظاهرة``: its object)
_PROTEST_EVENT_NOUNS = frozenset(fold(w) for w in ("تظاهرة", "مظاهرة", "التظاهرة", "المسيرة", "موكب", "احتجاجي",
                                                   "احتجاجية", "الاحتجاجات", "احتجاجات"))
_SOME_OF_THEM = frozenset(fold(w) for w in ("بعضهم", "عدد", "مجموعة", "بعض", "عشرات", "مئات"))
_HARMED = frozenset(fold(w) for w in ("قتل", "مقتل", "استشهد", "استشهاد", "أصيب", "إصابة", "أصيبوا", "إصابات", "جرح",
                                     "جريح", "جرحى", "مصرع", "قتيل", "قتلى", "شهيد"))
_PARTIAL = frozenset(fold(w) for w in ("معظمها", "بعضها", "أغلبها", "غالبيتها", "معظم", "أغلب", "عددا", "جزءا"))
_BUILDINGS = frozenset(fold(w) for w in ("منزلا", "منزل", "المنزل", "مبنى", "بناية", "عمارة", "شقة", "مبنيين"))
_HANDLING = frozenset(fold(w) for w in ("نقل", "ركن", "إعداد", "تجهيز", "تفخيخ", "صنع", "تصنيع", "إدخال", "تهريب",
                                        "بنقل", "بركن", "بإعداد", "بتجهيز", "بتفخيخ", "بتصنيع", "بإدخال", "بتهريب"))
_LEGAL = frozenset(fold(w) for w in ("أحكام", "المادة", "مادة", "قانون", "القانون", "مذكرة", "مذكرات", "قرار",
                                     "القرار", "الأصول", "الإجراءات", "الصلاحيات", "التعليمات"))
_WITHOUT = frozenset(fold(w) for w in ("دون", "بدون"))
# round 8: ``دون أن تسجل أي مواجهات``, ``دون ورود تقارير عن``, ``دون وقوع``: nothing of the kind happened
_UNRECORDED = frozenset(fold(w) for w in ("أن", "ورود", "تسجيل", "وقوع", "حدوث", "رصد"))
# ``تدخل`` is "enters" or "intervention"; before a time (``تدخل عامها الثاني``) or as an adjective's
# noun (``تدخل أمني``) or after a preposition (``عن تدخل``) it reports no advance
_ENTERS = frozenset(fold(w) for w in ("تدخل", "يدخل", "ويدخل", "وتدخل"))
_NOT_ENTERED = frozenset(fold(w) for w in ("عام", "عامها", "عامه", "شهر", "شهرها", "شهره", "أسبوعها", "يومها",
                                           "مرحلة", "حيز", "أمني", "عسكري", "دولي", "خارجي", "أجنبي", "سنتها",
                                           "سنتها", "عامهما"))
_STONES = frozenset(fold(w) for w in ("رشق", "بالحجارة", "الحجارة", "حجارة", "الزجاجات", "المولوتوف"))
_ATTRIBUTION = frozenset(fold(w) for w in ("بحسب", "حسب", "وفق", "وفقا", "نقلا", "طبقا"))
# one act told by two words: the process and its outcome (``تقدمت ... وسيطرت``, ``اقتحمت ... واعتقلت``,
# ``أُفرج ... في صفقة تبادل``); the event keeps the outcome's type
_TERRITORY_ALL = frozenset({"government-regains-territory", "non-state-actor-overtakes-territory",
                            "non-violent-transfer-of-territory", "@territory"})
_OUTCOME = {"advance": _TERRITORY_ALL, "armed-clash": _TERRITORY_ALL,
            "attack": _TERRITORY_ALL | {"arrests", "abduction"},
            "release": frozenset({"prisoner-exchange"})}
_CHAIN_PREPS = frozenset(fold(w) for w in ("في", "ضمن", "إطار", "بموجب", "خلال"))
# a sentence that tells in detail what the previous one summed up opens with these
_DETAIL_OPENERS = frozenset(fold(w) for w in ("فقد", "وكان", "وكانت", "حيث", "إذ", "وذلك"))
_SITUATED = frozenset(fold(w) for w in ("الواقع", "الواقعة", "الكائن", "الكائنة", "الواقعين", "الواقعتين"))
_ADMIN_NOUNS = frozenset(fold(w) for w in ("محافظة", "مديرية", "ولاية", "قضاء", "بلدية", "ناحية"))
_INSTITUTIONS = frozenset(fold(w) for w in ("مجلس", "مبنى", "ديوان", "مقر", "قيادة", "شرطة", "مديرية", "دائرة",
                                            "مكتب", "محكمة", "جامعة", "مستشفى"))
_PROTEST_WORDS = frozenset(fold(w) for w in ("محتجين", "المحتجين", "محتجون", "المحتجون", "تظاهرة", "مظاهرة", "احتجاج",
                                             "احتجاجات", "اعتصام", "موكب", "مسيرة", "وقفة", "الاعتصام", "المسيرة",
                                             "التظاهرة", "المظاهرة", "تجمع", "حشود", "الحشود"))
_RAID_OBJECTS = frozenset(fold(w) for w in ("منزل", "منازل", "المنازل", "المنزل", "مقر", "مقرات", "مقار", "بلدة",
                                             "وكر", "الوكر", "أوكار", "شقة", "الشقة", "مخبأ", "المخبأ",
                                            "قرية",
                                            "حي", "مخيم", "مبنى", "اعتقل", "اعتقلت", "أوقف", "أوقفت", "اعتقال",
                                            "مطلوبين", "المطلوبين"))
_GENERIC_ADJ = frozenset(fold(w) for w in ("مماثلة", "مماثل", "مشابهة", "مشابه", "سابقة", "سابق"))
# round 6
# ``الطريق الغربي لبلدة المزيريب``, ``المدخل الشمالي لمدينة البيرة``: "of the town X" locates like في
_OF_PLACE_NOUNS = frozenset(fold(w) for w in ("لبلدة", "لمدينة", "لقرية", "لمخيم", "لحي", "لناحية", "لمنطقة"))
# what is shot down (``أسقطت، مساء أمس، طائرة``): a weak interception verb with one of these is strong
_AIRCRAFT = frozenset(fold(w) for w in ("طائرة", "طائرات", "مسيرة", "صاروخ", "صواريخ", "صاروخا", "مروحية"))
_DRONES = frozenset(fold(w) for w in ("مسيرة", "مسيرات", "مسيرتان", "مسيرتين", "المسيرة", "المسيرتان",
                                      "طائرة", "طائرتان", "طائرتين", "الطائرة", "الطائرتان"))
# what a foiled operation was: a foiled attack or infiltration is a battle, not disrupted weapons use
_ASSAULTS = frozenset(fold(w) for w in ("هجوم", "هجوما", "الهجوم", "تسلل", "التسلل", "تقدم", "اقتحام", "زحف"))
# military positions: taking them is fighting, not a change of territory (ACLED: armed clash)
_POSITIONS = frozenset(fold(w) for w in ("مواقع", "المواقع", "موقع", "الموقع", "نقاط", "النقاط", "تباب", "التباب",
                                         "تلال", "التلال", "مرتفعات", "المرتفعات", "تحصينات", "متاريس"))
# places of worship and gatherings: an attack on them is an attack on civilians
# round 7
# nouns that name what follows in quotes (``مسيرة «العودة وكسر الحصار»``, ``عملية «غصن الزيتون»``)
_NAMING_NOUNS = frozenset(fold(w) for w in ("مسيرة", "مسيرات", "فعاليات", "عملية", "معركة", "حملة", "مبادرة",
                                            "جمعة", "مليونية", "اسم", "شعار", "عنوان", "حراك", "انتفاضة"))
_RESULTED = frozenset(fold(w) for w in ("أسفرت", "أسفر", "وأسفرت", "أدت", "أدى", "خلفت", "خلف"))
_KILLED = frozenset(fold(w) for w in ("قتل", "مقتل", "مصرع", "تصفية", "بتصفية", "قتلى", "قتيلا", "وقتل", "ومقتل"))
_DEATHS = frozenset(fold(w) for w in ("قتل", "استشهد", "مقتل", "استشهاد", "قتلوا", "استشهدوا", "قتلت"))
# finding or defusing explosives: the explosives did not go off (ACLED: disrupted weapons use)
_DETECTION = frozenset(fold(w) for w in ("اكتشاف", "باكتشاف", "كشف", "ضبط", "وضبط", "تفكيك", "وتفكيك", "إبطال",
                                         "العثور", "بالعثور", "عثرت", "عثر", "ضبطت", "فككت", "انتزاع", "نزع",
                                         "مخبأ", "مخبا", "مخزن", "مستودع", "وكر"))
_FINDING = frozenset(fold(w) for w in ("عثرت", "عثر", "العثور", "بالعثور", "مخبأ", "مخبا", "مخزن", "مستودع", "وكر"))
_GROUND_FIRE = frozenset(fold(w) for w in ("بالقذائف", "القذائف", "قذائف", "بالمدفعية", "المدفعية", "مدفعية",
                                           "المدفعي", "مدفعي", "الصاروخية", "صاروخية", "بالصواريخ", "الهاون",
                                           "بالهاون", "راجمات", "براجمات", "الدبابات", "دبابة", "بقذائف"))
# the parts of an agreement told after ``، حيث`` / ``إذ``: the same event in detail
_ELABORATION = {"prisoner-exchange": frozenset({"release"}), "evacuation-agreement": frozenset({"evacuation"})}
_ELABORATION_OPENERS = frozenset(fold(w) for w in ("حيث", "إذ", "اذ"))
_PURPOSE_HEADS = frozenset(fold(w) for w in ("للسماح", "بهدف", "لضمان", "لتسهيل", "للمطالبة", "مطالبين", "تطالب",
                                             "يطالب", "طالبوا", "طالبت"))
_DURING = frozenset(fold(w) for w in ("خلال", "أثناء", "اثناء"))
# ``فرّقت المتظاهرين الذين تجمعوا في ميدان X``: where the people the event struck had gathered
_GATHER_VERBS = frozenset(fold(w) for w in ("تجمعوا", "تجمع", "تجمعن", "احتشدوا", "احتشد", "اعتصموا", "تظاهروا",
                                            "خرجوا", "شاركوا", "يعتصمون", "يتظاهرون"))
_IN_PROTEST = frozenset(fold(w) for w in ("احتجاجا", "واحتجاجا", "تنديدا", "رفضا", "استنكارا"))
_NEGATIONS = frozenset(fold(w) for w in ("لم", "ولم", "لا", "ولا", "لن", "دون", "بدون"))
_ORIGIN_WORDS = frozenset(fold(w) for w in ("أبناء", "ابن", "أهالي", "سكان", "أهل", "وجهاء", "أصول"))
_PLACE_NOUNS_PLAIN = frozenset(fold(w) for w in ("بلدة", "مدينة", "قرية", "محافظة", "مخيم", "حي", "منطقة"))
# people as the object of ``ضبط`` (Egyptian statements: ``ضبط 28 فرداً``): arrests, not seized goods
_HOSTAGES = frozenset(fold(w) for w in ("رهائن", "رهينة", "كرهائن", "كرهينة", "رهينتين"))
# round 11: what a gunman's ``اعترض`` stops on the road (``اعترضوا سيارتهم``): not a weapon intercepted
_ROAD_OBJECTS = frozenset(fold(w) for w in ("سيارة", "سيارات", "السيارة", "مركبة", "مركبات", "حافلة", "حافلات",
                                           "موكب", "الموكب", "شاحنة", "شاحنات", "قافلة", "طريق", "طريقه",
                                           "طريقهم", "سبيل", "سبيله", "سبيلهم"))
# round 11: a plan or intention before an event noun (``كانت تخطط لتنفيذ هجوم``): nothing happened yet
_PLANNING = frozenset(fold(w) for w in ("تخطط", "يخطط", "يخططون", "يخططان", "تخططان", "خططت", "خطط", "تعتزم",
                                       "يعتزم", "يعتزمون",
                                       "تنوي", "ينوي", "ينوون", "للتخطيط", "بالتخطيط", "التخطيط", "تحضر", "يحضر",
                                       "يحضرون", "تستعد", "يستعد", "يستعدون"))
_MISSILE_MEANS = frozenset(fold(w) for w in ("بصاروخ", "بصاروخين", "بصواريخ", "بقذيفة", "بقذيفتين", "بقذائف",
                                            "بالصواريخ", "بالقذائف", "بصاروخيين"))
_APPROX = frozenset(fold(w) for w in ("نحو", "قرابة", "حوالي", "زهاء", "قرابه"))
_COUNT_WORDS = frozenset(fold(w) for w in ("عشرة", "عشرين", "ثلاثين", "أربعين", "خمسين", "ستين", "سبعين", "ثمانين",
                                          "تسعين", "مئة", "مائة", "عشرات", "ثلاثة", "أربعة", "خمسة", "ستة", "سبعة",
                                          "ثمانية", "تسعة", "عشر", "أحد", "اثني", "اثنا"))
# round 11: the attackers' retreat after their attack (``أن المهاجمين انسحبوا بعد اشتباك``) ends that attack
_ATTACKERS = frozenset(fold(w) for w in ("المهاجمين", "المهاجمون", "المنفذين", "المنفذون", "الجناة", "المعتدين",
                                        "المعتدون", "المهاجمان"))
_MISSILES = frozenset(fold(w) for w in ("صواريخ", "قذائف", "صاروخا", "صاروخين", "قذيفتين"))
_IMPERFECT_DEPLOY = frozenset(("ينتشر", "تنتشر"))
# round 11: an ongoing measure (``حظراً للتجوال ... لليوم الثالث على التوالي``) is no new development
_RUNNING = frozenset(fold(w) for w in ("التوالي", "التوالى"))
_PERSONS = frozenset(fold(w) for w in ("فردا", "أفراد", "شخصا", "أشخاص", "عنصرا", "عناصر", "متهما", "متهمين",
                                       "مطلوبا", "مطلوبين", "المطلوبين", "مشتبها", "مشتبه", "المشتبه", "إرهابيا",
                                       "إرهابيين", "تكفيريا", "تكفيريين"))
_GATHERINGS = frozenset(fold(w) for w in ("مسجد", "المسجد", "جامع", "كنيسة", "الكنيسة", "المصلين", "مصلين",
                                          "سوق", "السوق", "مدرسة", "المدرسة", "حفل", "عرس"))


@dataclass
class Time:
    earliest: date | None
    latest: date | None
    precision: str
    expression: str | None = None
    span: tuple[int, int] | None = None
    inherited: bool = False
    loose: bool = False  # taken from the sentence, outside the event's own clause


@dataclass
class EventRec:
    slug: str
    sentence: int
    trigger: tuple[int, int]  # tokens
    spans: list[tuple[int, int]] = field(default_factory=list)  # evidence char spans
    agents: list[str] = field(default_factory=list)
    targets: list[str] = field(default_factory=list)
    supporters: list[str] = field(default_factory=list)
    air: list[str] = field(default_factory=list)
    leaders: list[str] = field(default_factory=list)
    victims: list[str] = field(default_factory=list)
    places: list[str] = field(default_factory=list)
    geo_precision: int | None = None
    destination: str | None = None
    direction: str | None = None
    distance: Quantity | None = None
    time: Time | None = None
    counts: dict = field(default_factory=dict)
    modality: str = "Asserted"
    attributed: str | None = None
    claims: list[int] = field(default_factory=list)
    followed_by: list[EventRec] = field(default_factory=list)
    purpose: list[EventRec] = field(default_factory=list)
    confidence: float = 0.7
    is_purpose: bool = False
    merged_into: EventRec | None = None
    confidence_penalty: float = 0.0
    place_inherited: bool = False  # the place came from context, not from the event's clause
    anaphoric: bool = False  # a definite noun (الهجوم، الغارة، الهدنة) that may refer to an earlier event
    absorb_into: EventRec | None = None  # a circumstance of another event (بعد اشتباكات) - not a new event
    place_before: bool = False  # round 9: the place was named before the trigger, not after it


@dataclass
class ControlRec:
    status: str
    controller: str
    place: str
    sentence: int
    spans: list[tuple[int, int]]
    share: float | None = None
    as_of: date | None = None
    modality: str = "Asserted"
    attributed: str | None = None
    claims: list[int] = field(default_factory=list)
    confidence: float = 0.7
    cue: tuple[int, int] = (0, 0)


@dataclass
class Doc:
    """Everything the extraction stages computed for one document."""

    text: str
    tokens: list[Token]
    sentences: list[tuple[int, int]]  # token ranges
    sentence_chars: list[tuple[int, int]]
    paragraph_of: list[int]
    ents: Entities
    times: list[TimeExpr]
    published: date | None
    index: GazetteerIndex
    time_tokens: list[tuple[int, int]] = field(default_factory=list)  # token range of each time expr

    def token_at(self, char: int) -> int:
        starts = self._starts
        return max(0, bisect.bisect_right(starts, char) - 1)

    def __post_init__(self) -> None:
        self._starts = [t.begin for t in self.tokens]
        # the mention each token belongs to (None outside mentions): the rules ask this of
        # every token of their windows, so it is one list index rather than two look-ups
        ents = self.ents
        self.mention_of: list[Mention | None] = [None] * len(self.tokens)
        for k, mi in ents.by_token.items():
            self.mention_of[k] = ents.mentions[mi]
        self.time_tokens = [(self.token_at(t.begin), self.token_at(t.end - 1) + 1) for t in self.times]
        # a place name inside a time expression is a month (``22 آب/أغسطس`` is not Ibb, إب)
        for b, e in self.time_tokens:
            for k in range(b, e):
                m = self.mention_of[k]
                if m is not None and m.is_place and m.source == "gazetteer" and b <= m.tok_begin and m.tok_end <= e:
                    self.mention_of[k] = None
        self.dateline_end, self.dateline_places = _dateline(self.tokens, self.ents)
        self.in_time = frozenset(k for b, e in self.time_tokens for k in range(b, e))  # tokens of time expressions


_DASHES = frozenset(("–", "-", "—", ":", "ـ"))


def _dateline(tokens: list[Token], ents: Entities) -> tuple[int, list[Mention]]:
    """The dateline (``الموصل –``, ``غزة، القاهرة –``): where the report was filed, not where
    anything happened. Returns the token index after it (0 when there is none) and its places."""
    places: list[Mention] = []
    k = 0
    while k < min(len(tokens), 12):
        t = tokens[k]
        if t.kind == "p" and t.norm in _DASHES:
            return (k + 1, places) if places else (0, [])
        if t.kind == "p" and t.norm in ("،", ","):
            k += 1
            continue
        mi = ents.by_token.get(k)
        if mi is None or not ents.mentions[mi].is_place:
            return 0, []
        places.append(ents.mentions[mi])
        k = ents.mentions[mi].tok_end
    return 0, []


def _mention_at(doc: Doc, k: int) -> Mention | None:
    return doc.mention_of[k] if 0 <= k < len(doc.mention_of) else None


def _actor_kind(doc: Doc, ref: str) -> str:
    if ref.startswith("local:"):
        la = doc.ents.locals.get(ref[6:])
        return la.kind if la else ""
    if ref.startswith("position:"):
        return "Official"
    e = doc.index.entities.get(ref)
    return e.kind if e else ""


def _is_time_token(doc: Doc, k: int) -> bool:
    return k in doc.in_time


def _actors_in(doc: Doc, b: int, e: int) -> list[Mention]:
    out: list[Mention] = []
    prev = None
    for m in doc.mention_of[max(b, 0):max(e, 0)]:
        if m is not prev:
            prev = m
            if m is not None and not m.is_place and all(m is not x for x in out):
                out.append(m)
    return out


def _places_in(doc: Doc, b: int, e: int) -> list[Mention]:
    out: list[Mention] = []
    prev = None
    for m in doc.mention_of[max(b, doc.dateline_end, 0):max(e, 0)]:
        if m is not prev:
            prev = m
            if m is not None and m.is_place and all(m is not x for x in out):
                out.append(m)
    return out


def _role_phrases(doc: Doc, b: int, e: int) -> dict[str, list[Mention]]:
    """Supporters, air support and leaders introduced by markers in tokens [b, e)."""
    toks = doc.tokens
    out: dict[str, list[Mention]] = {"Supporter": [], "AirSupport": [], "Leader": []}
    markers = ((phrase_index("air_markers"), "AirSupport"), (phrase_index("leader_markers"), "Leader"),
               (phrase_index("supporter_markers"), "Supporter"))
    cands = sorted(set().union(*(idx.starts(toks, b, e) for idx, _ in markers)))
    if not cands:
        return out
    k = cands[0]
    while k < e:
        if k not in cands:  # only where some marker can start
            nxt = bisect.bisect_right(cands, k)
            if nxt >= len(cands):
                break
            k = cands[nxt]
            continue
        hit = None
        for idx, role in markers:
            m = idx.match_at(toks, k, e)
            if m:
                hit = (m, role)
                break
        if hit is None:
            k += 1
            continue
        m, role = hit
        j = m.end
        if role == "Leader":
            led = None
            for q in range(m.start - 1, max(b, m.start - 4) - 1, -1):
                men = _mention_at(doc, q)
                if men is not None and not men.is_place:
                    led = men
                    break
            leader = _mention_at(doc, j) or (_mention_at(doc, j + 1) if j + 1 < e else None)
            if led is not None and leader is not None and not leader.is_place:
                out["Leader"].append(leader)
                out.setdefault("_led", []).append(led)
            k = max(j, m.end) + 1
            continue
        # the marked list: mentions separated by commas/و, optionally after من
        while j < e:
            men = _mention_at(doc, j)
            if men is not None and not men.is_place:
                out[role].append(men)
                j = men.tok_end
                continue
            if toks[j].kind == "p" and toks[j].norm in ("،", ",", '"') or toks[j].norm in ("و", "من", "في"):
                j += 1
                continue
            if role == "AirSupport" and j == m.end:
                j += 1
                continue
            break
        k = max(j, m.end)
    return out


def _in_marked(doc: Doc, roles: dict[str, list[Mention]], m: Mention) -> bool:
    return any(m is x for r, lst in roles.items() if r != "_led" for x in lst)


class Extractor:
    """Runs the event/control rules over one document (see the module docstring)."""

    def __init__(self, doc: Doc, claims: list[Claim]):
        self.doc = doc
        self.claims = claims
        self.events: list[EventRec] = []
        self.controls: list[ControlRec] = []
        self.last_agent: dict[int, tuple[list[str], list[str], list[str]]] = {}  # paragraph -> agents, sup, air
        self.wl = word_lists()
        self._clause_breaks: list[int] = []  # of the sentence being read
        self._raid_steps: list[EventRec] = []  # round 8: steps of a raid (``حاصرت منزلاً``, ``قبل أن تنسحب``)

    # -- helpers -------------------------------------------------------------------------
    def _trigger_matches(self, sb: int, se: int) -> list[Match]:  # noqa: C901
        ms = triggers().find_all(self.doc.tokens, sb, se)
        ms = self._verb_time_object(ms, sb, se)
        from ingest.numbers import parse_number

        toks = self.doc.tokens
        # round 9: ``سقوط ثلاثة صواريخ``, ``أطلقت الفصائل 50 صاروخاً``: counted rockets are one event
        ms = [Match(m.start, m.end, replace(m.payload, strong=True))
              if not m.payload.strong and m.payload.slug == "shelling" and m.start > sb and
              (toks[m.start - 1].kind == "n" or parse_number(toks, m.start - 1)) else m for m in ms]
        ms = [m for m in ms if m.payload.strong or not (m.end < se and parse_number(toks, m.end)) or
              m.payload.slug in ("arrests", "protest-with-intervention")]
        # (``ضبط 28 فرداً``, ``تفريق آلاف المحتجين``: the number counts the arrested, the protesters)
        ms = [m for m in ms if not any((men := _mention_at(self.doc, k)) is not None and not men.is_place
                                       and men.source != "anaphor" for k in range(m.start, m.end))]
        ms = [m for m in ms if not self._not_an_event(m, sb)]
        ms = self._instruments(ms)
        ms = self._aircraft_means(ms)
        ms = self._dispersed_protest(ms, se)
        ms = self._shot_down(ms, se)
        ms = self._air_subject(ms, sb)
        ms = [m for m in ms if (m.payload.strong and not m.payload.phrase.startswith(("ضبط", "عملي"))) or
              self._supported(m, sb, se)]
        if any(m.payload.strong for m in ms):
            ms = [m for m in ms if m.payload.strong]
        return ms

    def _supported(self, m: Match, sb: int, se: int) -> bool:
        """Weak words that report an event only with a supporting context: shooting (``أطلق النار
        على``) at someone named; a dispersal (``تفريق``) of protesters; a raid (``دهم``) of homes or
        places, or with arrests."""
        toks, doc = self.doc.tokens, self.doc
        slug = m.payload.slug
        if slug == "protest-with-intervention":
            return any(toks[k].stems & (_PROTESTERS | _PROTEST_WORDS) for k in range(sb, se))
        if slug == "armed-clash" and m.payload.phrase.startswith("عملي"):
            # round 8: ``عملية أمنية/نوعية ... أسفرت عن قتل سبعة إرهابيين``: a security operation is a
            # battle when it killed someone; otherwise it tells no event of its own
            return m.payload.phrase in ("عملية عسكرية",) or \
                any(toks[k].stems & _KILLED for k in range(m.end, min(se, m.end + 25)))
        if slug == "abduction" and not m.payload.strong:
            # round 11: ``احتجزوا طاقمها المؤلف من سبعة عشر بحاراً رهائن``: holding people as hostages
            return any(toks[k].stems & _HOSTAGES for k in range(m.end, min(se, m.end + 10)))
        if slug == "arrests" and fold(m.payload.phrase).startswith(fold("ضبط")):
            return any(toks[k].stems & _PERSONS for k in range(m.end, min(se, m.end + 4)))
        if slug == "arrests":
            return any(toks[k].stems & _RAID_OBJECTS for k in range(m.end, min(se, m.end + 6))) or \
                any((men := _mention_at(doc, k)) is not None and men.is_place for k in range(m.end, min(se, m.end + 6)))
        if slug == "attack-on-civilians" and m.payload.pos == "v":
            return any((men := _mention_at(doc, k)) is not None and not men.is_place
                       for k in range(m.end, min(se, m.end + 4))) or \
                any(toks[k].stems & (_PROTESTERS | _CIVILIAN_OBJECTS) for k in range(m.end, min(se, m.end + 4)))
        return True

    def _verb_time_object(self, ms: list[Match], sb: int, se: int) -> list[Match]:
        """Round 9: ``فُجّر الأسبوع الماضي منزلان``: a two-word verb trigger whose verb and object
        have a time expression between them; the match is the verb (the time follows it). Tried
        only at the sentence's time expressions (a few per report)."""
        doc, toks = self.doc, self.doc.tokens
        table = verb_object_triggers()
        added: list[Match] = []
        times = doc.time_tokens
        for ti in range(bisect.bisect_left(times, (sb + 1,)), len(times)):
            tb, te = times[ti]
            if tb >= se:
                break
            if te >= se or toks[tb - 1].kind != "w":
                continue
            obj_at = te
            # round 11: ``فجّرت أول أمس نحو عشرين منزلاً``: a count (and ``نحو``) before the object
            if toks[obj_at].norm in _APPROX and obj_at + 1 < se:
                obj_at += 1
            while obj_at + 1 < se and obj_at - te < 3 and \
                    (toks[obj_at].kind == "n" or toks[obj_at].norm in _COUNT_WORDS):
                obj_at += 1
            for verb in ordered(frozenset(table.keys() & toks[tb - 1].stems)):
                hit = next((trig for obj, trig in table[verb] if obj in toks[obj_at].stems), None)
                if hit is not None:
                    if not any(m.start <= tb - 1 < m.end for m in ms):
                        added.append(Match(tb - 1, tb, hit))
                    break
        return sorted(ms + added, key=lambda m: m.start) if added else ms

    def _dispersed_protest(self, ms: list[Match], se: int) -> list[Match]:
        """Round 9: ``فرّقت الأجهزة الأمنية بالقوة، مساء أمس، مسيرة انطلقت ...``: a weak dispersal
        verb whose object, a protest, follows its subject and circumstances (up to 12 words, in the
        sentence) reports the protest with intervention (strong); not when the protest noun is a
        trigger itself (``فرّقت القوات تظاهرة خرجت``: the noun tells the event)."""
        toks = self.doc.tokens
        out = []
        for m in ms:
            if m.payload.slug == "protest-with-intervention" and not m.payload.strong and m.payload.pos == "v" and \
                    not any(x.start >= m.end and x.payload.strong and _event_type(x.payload.slug) == "Protests"
                            for x in ms) and \
                    any(toks[k].stems & (_PROTEST_WORDS | _PROTESTERS) for k in range(m.end, min(se, m.end + 12))
                        if not toks[k].norm.startswith("ال") or toks[k].stems & _PROTESTERS):
                m = Match(m.start, m.end, replace(m.payload, strong=True))
            out.append(m)
        return out

    def _instruments(self, ms: list[Match]) -> list[Match]:
        """Round 9: ``قصفت دبابة إسرائيلية بقذيفتين موقعاً``: a noun with the instrumental ب a few
        words after a verb of its own event type is that verb's means, not a second event."""
        toks = self.doc.tokens
        out: list[Match] = []
        for m in ms:
            first = toks[m.start]
            if m.payload.pos == "n" and first.norm[:1] == "ب" and first.norm[1:] in first.bases and any(
                    v.payload.pos == "v" and v.payload.strong and 0 <= m.start - v.end <= 3 and
                    _event_type(v.payload.slug) == _event_type(m.payload.slug) and
                    not any(toks[k].kind == "p" for k in range(v.end, m.start)) for v in out):
                continue
            out.append(m)
        return out

    def _aircraft_means(self, ms: list[Match]) -> list[Match]:
        """Round 11: ``قصف طائرة مسيّرة مركبةً``, ``في قصف بطائرة مسيّرة``: a shelling noun right before
        an aircraft (its subject in construct, or its means with ب) is that aircraft's strike: one
        event, typed by the aircraft."""
        out: list[Match] = []
        k = 0
        while k < len(ms):
            m = ms[k]
            nxt = ms[k + 1] if k + 1 < len(ms) else None
            if nxt is not None and m.payload.slug == "shelling" and m.payload.pos == "n" and \
                    m.end - m.start == 1 and nxt.start == m.end and nxt.payload.slug in ("drone-strike", "air-strike"):
                out.append(Match(m.start, nxt.end, replace(nxt.payload, strong=True)))
                k += 2
                continue
            out.append(m)
            k += 1
        return out

    def _shot_down(self, ms: list[Match], se: int) -> list[Match]:
        """``أسقطت، مساء أمس، طائرة مسيّرة``: a weak interception verb whose object, an aircraft,
        comes after a time expression or a comma is a strong interception, and the aircraft
        noun is its object, not a drone strike of its own."""
        toks, doc = self.doc.tokens, self.doc
        out: list[Match] = []
        skip: set[int] = set()
        for m in ms:
            if m.start in skip:
                continue
            if m.payload.slug == "interception" and not m.payload.strong:
                k = m.end
                while k < min(se, m.end + 6) and (toks[k].kind == "p" or _is_time_token(doc, k)):
                    k += 1
                if k < se and k > m.end and toks[k].stems & _AIRCRAFT:
                    m = Match(m.start, m.end, replace(m.payload, strong=True))
                    skip.update(range(k, k + 3))
            out.append(m)
        return out

    def _air_subject(self, ms: list[Match], sb: int) -> list[Match]:
        """``القوات الجوية استهدفت ودمّرت أحد عشر هدفاً``: a weak targeting verb whose subject,
        right before it, is an air force or aircraft is an air strike (strong)."""
        toks = self.doc.tokens
        out = []
        for m in ms:
            if not m.payload.strong and m.payload.slug == "attack" and m.payload.pos == "v" and \
                    (any(toks[k].stems & _AIR_WORDS for k in range(max(sb, m.start - 2), m.start)) or
                     # round 9: ``استهدف الطيران المسيّر ... رتلاً``: the subject after the verb
                     m.end < len(toks) and toks[m.end].stems & _AIR_SUBJECTS):
                m = Match(m.start, m.end, replace(m.payload, slug="air-strike", strong=True))
            out.append(m)
        return out

    def _adjectival(self, k: int, sb: int) -> bool:
        """A definite participle after a definite noun is an adjective (``العائلات المحاصرة``)."""
        toks = self.doc.tokens
        return k > sb and toks[k].norm.startswith(fold("الم")) and toks[k - 1].kind == "w" and \
            toks[k - 1].norm.startswith("ال")

    def _not_an_event(self, m: Match, sb: int) -> bool:
        """Trigger words that do not report an event: a characterisation of one already told
        (``ما وصفه بـ«استهداف»``, ``اتهم X بارتكاب مجزرة``), a participle used as an adjective
        (``العائلات المحاصرة``), a noun inside a group name (``مقاتلي الحشد``), a generic mention
        (``هجمات مماثلة``)."""
        toks = self.doc.tokens
        first = toks[m.start]
        if m.payload.slug == "base-established" and any(
                toks[k].stems & _INTELLIGENCE for k in range(max(sb, m.start - 6), m.start)):
            return True  # round 8: ``توافرت معلومات ... بتمركز عناصر``: intelligence on a hideout, not a base
        if m.payload.pos == "v":
            if first.norm in _ENTERS and (m.end < len(toks) and toks[m.end].stems & _NOT_ENTERED or
                                           m.start > sb and toks[m.start - 1].norm in _PREPS or
                                           # round 9: ``أن يدخل وقف لإطلاق النار حيز التنفيذ``: enters into force
                                           any(toks[k].norm == _INTO_FORCE
                                               for k in range(m.end, min(len(toks), m.end + 7)))):
                return True  # round 8: ``حرب تدخل عامها الثاني``, ``عن تدخل أمني``: not an advance
            if m.payload.slug == "interception" and m.end < len(toks) and toks[m.end].stems & _PARTIAL:
                return True  # round 8: ``تصدت لصواريخ ... وأسقطت معظمها``: the strike was only partly stopped
            if m.payload.slug == "withdrawal" and \
                    any(toks[k].stems & _ATTACKERS for k in range(max(sb, m.start - 2), m.start)):
                return True
            if m.payload.phrase in _IMPERFECT_DEPLOY and first.norm[:1] not in ("ل", "س") and \
                    not (m.start > sb and toks[m.start - 1].norm == fold("أن")):
                return True  # round 11: ``التي تنتشر فيها تجارة المخدرات``: a state; ``أن ينتشر الجيش``: an event
            if m.payload.slug == "interception" and m.end < len(toks) and toks[m.end].stems & _ROAD_OBJECTS:
                return True  # round 11: ``مسلحين اعترضوا سيارتهم``: a car stopped on the road, no weapon
            # ``من دون أن تعترضهم الشرطة``: the report says it did not happen
            return m.start - 2 >= sb and toks[m.start - 1].norm == fold("أن") and \
                bool(toks[m.start - 2].stems & _WITHOUT)
        if any(toks[k].stems & _PLANNING for k in range(max(sb, m.start - 2), m.start)) and \
                not any(toks[k].kind == "p" for k in range(max(sb, m.start - 2), m.start)):
            return True  # round 11: ``خلية كانت تخطط لتنفيذ هجوم``: a planned event, not one that happened
        if m.payload.slug == "other":
            for k in range(m.end, min(len(toks), m.end + 10)):
                if toks[k].kind == "p":
                    break
                if toks[k].stems & _RUNNING:
                    return True
        if m.payload.slug == "mobilization" and first.norm.startswith(("ال", "لل")) and m.start > sb and \
                toks[m.start - 1].kind == "w" and not toks[m.start - 1].norm.startswith("ال") and \
                not (m.end < len(toks) and toks[m.end].kind == "w" and toks[m.end].norm.startswith("ال")):
            return True  # round 11: ``وفق بيان لإعلام الحشد``: the PMF by its short name, no mobilisation
        back = range(max(sb, m.start - 8), m.start)
        if any(toks[k].stems & _INTENSIFY for k in back) and any(toks[k].norm == fold("منذ") for k in back) and \
                not any(toks[k].kind == "p" for k in back if k > min(j for j in back if toks[j].stems & _INTENSIFY)):
            return True  # round 8: ``تكثف أنقرة منذ مطلع الشهر استهداف ...``: a campaign, not one event
        for k in range(m.start - 1, max(sb, m.start - 5), -1):
            # round 8: ``من دون أن تسجل أي مواجهات``, ``دون ورود تقارير عن``: it did not happen
            if toks[k].kind == "p":
                break
            if toks[k].norm in _UNRECORDED and toks[k - 1].stems & _WITHOUT:
                return True

        for k in range(max(sb, m.start - 3), m.start):
            if toks[k].stems & _CHARACTERISE:
                return True
        if first.stems & _CHARACTERISE:
            return True
        prev = toks[m.start - 1] if m.start > sb else None
        if prev is not None and prev.kind == "w":
            if m.payload.slug in _PARTICIPLE_SLUGS and first.norm.startswith("ال") and prev.norm.startswith("ال") \
                    and fold("م") == first.norm[2:3]:
                return True
            if prev.norm in _GROUP_HEADS or prev.norm in _UNDER:
                return True
            if prev.stems & _TARGETING and not (first.norm.startswith("ب") and first.norm[1:] in first.stems) and \
                    not prev.pronoun:  # (round 8: ``منزل دمرته غارة روسية``: the verb has its object)
                return True  # ``استهدف كميناً``: the object; but ``دمرت بضربات``: the means, an event
            if first.norm[:1] == "و" and first.norm[1:] in first.bases and m.start - 2 >= sb and \
                    toks[m.start - 2].stems & _TARGETING:
                return True  # round 8: ``استهدفت تجمعات وتعزيزات للميليشيا``: a second object
        if prev is not None and prev.norm in _HANDLING and _event_type(m.payload.slug) == "Explosions/Remote violence":
            return True  # round 8: ``ساعدوا في نقل السيارة المفخخة``: the bomb as a thing handled
        if m.end < len(toks) and toks[m.end].stems & _GENERIC_ADJ and not self._happened_before(m, sb):
            return True  # (but ``جرى تسيير مواكب مماثلة``: similar ones took place)
        if self._in_quoted_name(m, sb):
            return True  # ``مسيرة «العودة وكسر الحصار»``, ``عملية «درع الفرات»``: a word of a name
        if m.payload.pos == "n" and m.end < len(toks) and toks[m.end].norm == fold("أي"):
            return True  # ``نفى استهداف أي أحياء سكنية``: a denied detail, not an event of its own
        if m.payload.pos == "n" and first.norm[:1] == "و" and first.norm[1:] in first.bases:
            # ``للمطالبة بخروج عناصر «قسد» من البلدة والإفراج عن المعتقلين``: a masdar joined by و to
            # the object of a demand or purpose is demanded too
            for k in range(m.start - 1, max(sb, m.start - 10) - 1, -1):
                if toks[k].kind == "p" and toks[k].norm not in ('"', "«", "»"):
                    break
                if toks[k].norm in _NOT_EVENT_BEFORE or toks[k].norm in _PURPOSE_HEADS:
                    return True
        if first.norm in _IN_PROTEST and m.end < len(toks) and toks[m.end].norm in (fold("على"), fold("ضد")):
            return True  # ``احتجاجاً على``: why something else happened, not a protest of its own
        if not m.payload.strong and m.end - m.start == 1 and first.pronoun and \
                first.norm.endswith(fold(m.payload.phrase) + first.pronoun):
            return True  # ``لشن هجماتها على القرى``: their attacks in general, not one event
        if _acled_sub(m.payload.slug) == "Agreement" and any(
                toks[k].norm in _NOT_AGREEMENT_BEFORE for k in range(max(sb, m.start - 3), m.start)):
            return True
        for k in range(max(sb, m.start - 3), m.start):
            if toks[k].norm in _NOT_EVENT_BEFORE or toks[k].stems & _NOT_EVENT_BEFORE and k == m.start - 1:
                # (round 9: a quote does not end the demand: ``للمطالبة برفع «العقوبات»``)
                if not any(toks[j].kind == "p" and toks[j].norm not in _QUOTES for j in range(k + 1, m.start)):
                    return True
        return False

    def _happened_before(self, m: Match, sb: int) -> bool:
        """A verb of happening right before the trigger (``جرى تسيير مواكب مماثلة``); round 9: its
        subject or a time may come between (``سقطت منتصف الشهر الجاري قذائف مماثلة``, ``أن تنظم
        الرابطة وقفةً مماثلة``): up to four words back, not across punctuation."""
        toks, doc = self.doc.tokens, self.doc
        for k in range(m.start - 1, max(sb, m.start - 5) - 1, -1):
            if toks[k].kind == "p" and not _is_time_token(doc, k):
                return False
            if toks[k].stems & _HAPPENED:
                return True
        return False

    def _in_quoted_name(self, m: Match, sb: int) -> bool:
        """The trigger is inside quotes opened right after a naming noun (``مسيرة «…»``,
        ``عملية «…»``, ``فعاليات «…»``), within a few words of the opening quote; not the first
        word, which names the event itself (``فعاليات «مسيرة العودة»``)."""
        toks, text = self.doc.tokens, self.doc.text
        for k in range(m.start - 1, max(sb, m.start - 6) - 1, -1):
            if toks[k].kind != "p":
                continue
            if text[toks[k].begin:toks[k].end] != "«":
                return False
            return k > sb and k < m.start - 1 and bool(toks[k - 1].stems & _NAMING_NOUNS) and \
                not any(text[toks[j].begin:toks[j].end] == "»" for j in range(k + 1, m.start))
        return False

    def _agent(self, m: Match, ws: int, we: int, roles: dict[str, list[Mention]], verb: bool) -> list[Mention]:
        toks, doc = self.doc.tokens, self.doc
        k = m.end
        steps = 0
        while k < we and steps < 5:
            men = _mention_at(doc, k)
            if men is not None and not men.is_place:
                if _in_marked(doc, roles, men) or men.kind in _NOT_AGENTS:
                    break
                return self._with_coordinated(men, m.end)
            if men is not None and men.is_place:
                break
            if toks[k].norm in _PREPS or (toks[k].pronoun and toks[k].norm not in ()):
                if toks[k].stems & _PREPS:
                    break
            if toks[k].kind == "p" and toks[k].norm not in ("،", ",", '"'):
                break
            if toks[k].kind == "w" and not _is_time_token(doc, k) and toks[k].norm not in ("قد",) and verb:
                # a verb's subject comes first; a noun/other word means no subject here
                if toks[k].norm not in _FULL:
                    break
            k += 1
            steps += 1
        # SVO / relative clause: nearest actor before the trigger in the window
        for k in range(m.start - 1, ws - 1, -1):
            men = _mention_at(doc, k)
            if men is None or _in_marked(doc, roles, men) or men.kind in _NOT_AGENTS:
                continue
            if men.is_place and men.kind != "Country":
                continue
            before = men.tok_begin - 1
            if before >= 0 and toks[before].norm in _PREPS and toks[before].norm not in (fold("أيدي"),):
                continue
            if men.is_place:
                continue
            return self._with_coordinated_before(men, ws)
        for k in range(m.start - 1, max(ws, m.start - 3) - 1, -1):
            men = _mention_at(doc, k)
            if men is not None and men.is_place and men.kind == "Country":
                ref = self._state_of(men.ref)
                if ref:
                    return [Mention(men.tok_begin, men.tok_end, men.begin, men.end, False, ref, "State", "country")]
        return []

    def _state_of(self, country: str) -> str | None:
        forces = self.doc.index.forces_by_country.get(country, [])
        states = [f for f in forces if self.doc.index.entities[f].kind == "State"]
        if states or forces:
            return (states or forces)[0]
        e = self.doc.index.entities.get(country)
        if e is None:
            return None
        from ingest.entities import LocalActor

        key = "state:" + (e.iso or e.label_en or country)
        self.doc.ents.locals.setdefault(key, LocalActor(key, e.label_ar, e.label_en or None, "State",
                                                        nationality=country))
        return "local:" + key

    def _with_coordinated(self, men: Mention, limit: int) -> list[Mention]:
        out = [men]
        j = men.tok_end
        while True:
            nxt = _mention_at(self.doc, j)
            if nxt is None or nxt.is_place or not self.doc.tokens[nxt.tok_begin].norm.startswith("و") or \
                    nxt.kind in ("Source", "Civilians"):
                return out
            out.append(nxt)
            j = nxt.tok_end

    def _with_coordinated_before(self, men: Mention, ws: int) -> list[Mention]:
        out = [men]
        cur = men
        toks = self.doc.tokens
        while toks[cur.tok_begin].norm.startswith("و") and cur.tok_begin - 1 >= ws:
            k = cur.tok_begin - 1
            if toks[k].norm in ("،", ","):
                k -= 1
            prev = _mention_at(self.doc, k)
            if prev is None or prev.is_place or prev.kind in ("Source", "Civilians"):
                break
            out.insert(0, prev)
            cur = prev
        return out

    def _previous_sentence_place(self, si: int) -> str | None:
        """Round 8: an event told with no place, in a sentence right after one that ends by naming
        a town (``... بإحدى الشقق السكنية بمدينة X.`` / ``وعقب ذلك تمت مداهمة الوكر``), is there."""
        if si == 0:
            return None
        pb, pe = self.doc.sentences[si - 1]
        toks = self.doc.tokens
        for men in reversed(_places_in(self.doc, pb, pe)):
            if men.kind in ("Country", "River", "Admin1") or men.tok_begin < self.doc.dateline_end:
                return None
            return men.ref if men.tok_end >= pe - 2 and not any(
                toks[k].norm in _RELATIVES for k in range(max(pb, men.tok_begin - 10), men.tok_begin)) else None
        return None

    def _topic_place(self, si: int, before_tok: int, exclude: set[int]) -> str | None:
        """The place a pronoun (ها) refers to: the place of the sentence's last event, else the
        last place named before, skipping places inside relative clauses (التي ... ،)."""
        for ev in reversed(self.events):
            if ev.sentence == si and ev.places and not ev.is_purpose and ev.trigger[0] < before_tok:
                return ev.places[0]
        toks = self.doc.tokens
        fallback = None
        for mi in range(len(self.doc.ents.mentions) - 1, -1, -1):
            men = self.doc.ents.mentions[mi]
            if men.tok_begin < before_tok and men.is_place and men.tok_begin not in exclude and \
                    men.kind not in ("Country", "River", "Admin1") and men.tok_begin >= self.doc.dateline_end:
                fallback = fallback or men.ref
                k = men.tok_begin - 1
                relative = False
                while k >= 0 and k > men.tok_begin - 12 and toks[k].norm not in ("،", ",", ".", '"'):
                    if toks[k].norm in _RELATIVES:
                        relative = True
                        break
                    k -= 1
                if not relative:
                    return men.ref
        return fallback

    def _time(self, ws: int, we: int, sb: int, se: int, si: int, used: set[int], trig_start: int = -1,
              trig_end: int = -1, slug: str = "") -> Time:
        doc = self.doc
        best = None
        in_window = [ti for ti, (tb, te) in enumerate(doc.time_tokens) if ws <= tb and te <= we]
        if in_window:
            toks = doc.tokens
            after = []
            for ti in in_window:
                tb = doc.time_tokens[ti][0]
                if tb >= trig_end and not any(toks[k].norm in ("،", ",") for k in range(trig_end, tb)):
                    after.append(ti)
            before = [ti for ti in in_window if doc.time_tokens[ti][1] <= trig_start and
                      not self._owned_time(ti, si, trig_start)]
            in_window = [ti for ti in in_window if ti in after or ti in before or doc.time_tokens[ti][0] >= trig_end]
            if before and slug and _acled_sub(slug) == "Agreement":
                best = before[-1]  # an agreement dates from when it was reached, not when it takes effect
            else:
                best = after[0] if after else (before[-1] if before else (in_window[0] if in_window else None))
        loose = False
        if best is None and not in_window and trig_start >= 0:
            in_sentence = [ti for ti, (tb, te) in enumerate(doc.time_tokens) if sb <= tb and te <= se]
            near = [ti for ti in in_sentence if doc.time_tokens[ti][1] <= trig_start]
            if len(near) >= 2 and any(doc.tokens[k].norm in (fold("وإن"), fold("وأن"))
                                      for k in range(max(sb, trig_start - 2), trig_start)):
                # round 8: ``قالت ... في بيان صدر اليوم إن ... أحبطت فجر أمس ...، وإن اشتباكاً وقع``:
                # a second ``وإن`` clause goes on with the time of the clause before, not the statement's
                best, loose = near[-1], True
            else:
                in_sentence = [ti for ti in in_sentence if not self._owned_time(ti, si, trig_start)]
                if in_sentence:
                    best, loose = in_sentence[0], True
        if best is not None and trig_end >= 0 and doc.time_tokens[best][0] >= trig_end and \
                any(doc.tokens[k].norm in ("،", ",") for k in range(trig_end, doc.time_tokens[best][0])):
            loose = True  # a time after a comma is in the next clause, not the trigger's own
        if best is None:
            in_sentence = [ti for ti, (tb, te) in enumerate(doc.time_tokens) if sb <= tb and te <= se]
            if len(in_sentence) >= 1:
                best, loose = in_sentence[0], True
        if best is not None:
            t = doc.times[best]
            used.add(best)
            if fold(t.text).endswith(fold("غداة")) and doc.time_tokens[best][1] == trig_start and t.earliest:
                day = t.earliest - timedelta(days=1)  # "غداة الهجوم": the attack was the day before
                return Time(day, day, "Day", t.text, (t.begin, t.end))
            return Time(t.earliest, t.latest, t.precision, t.text, (t.begin, t.end), loose=loose)
        return self._undated(si)

    def _owned_time(self, ti: int, si: int, trig_start: int) -> bool:
        """Round 8: ``تحرير ثلاثة رعاة اختطفتهم عصابات «داعش» قبل يومين ...، وذلك بعملية نوعية``: a
        time right after an earlier event of the sentence (no comma between) dates that event; a
        later trigger beyond a comma does not take it."""
        doc, toks = self.doc, self.doc.tokens
        tb, te = doc.time_tokens[ti]
        if not any(toks[k].norm in ("،", ",") for k in range(te, trig_start)):
            return False
        for ev in reversed(self.events):
            if ev.sentence != si or ev.trigger[1] > tb:
                continue
            return tb - ev.trigger[1] <= 8 and not any(toks[k].kind == "p" and toks[k].norm not in ('"', "«", "»")
                                                       for k in range(ev.trigger[1], tb))
        return False

    def _same_time(self, b: int, e: int, trig_start: int) -> Time | None:
        """``في الوقت نفسه`` / ``في الأثناء`` / ``بالتزامن`` / ``في غضون ذلك`` near a trigger that
        has no date of its own: the event happened when the previous event did."""
        toks = self.doc.tokens
        idx, next_day = phrase_index("same_time_markers"), phrase_index("next_day_markers")
        for k in range(b, e):
            # round 9: ``ونُهبت في اليوم التالي عشرات المحال``: the day after the previous event
            shift = 0 if idx.match_at(toks, k, e) else 1 if next_day.match_at(toks, k, e) else None
            if shift is not None:
                # (the event told before the marker: ``نُهبت في اليوم التالي ... وأُضرمت`` are both the day after)
                prev = next((ev for ev in reversed(self.events) if not ev.is_purpose and ev.time is not None
                             and ev.trigger[0] < min(trig_start, k)), None)
                t = prev.time if prev is not None else None
                if prev is None or t is None or t.earliest is None or t.latest is None:
                    return None
                if shift and k - prev.trigger[1] <= 2 and prev.trigger[1] <= k:
                    shift = 0  # (the marker dates the event right before it; this one goes on with it)
                if shift:
                    return Time(t.earliest + timedelta(days=1), t.latest + timedelta(days=1), t.precision, None, None,
                                False, False)
                return Time(t.earliest, t.latest, t.precision, t.expression, None, False, False)
        return None

    def _undated(self, si: int) -> Time:
        """An event the text gives no date: the most recent past day (or week) mentioned in its
        paragraph up to its sentence, else the publication date - how an analyst codes an
        undated report (the news is about the latest days). Marked inherited."""
        doc = self.doc
        para = doc.paragraph_of[si]
        first = si
        while first > 0 and doc.paragraph_of[first - 1] == para:
            first -= 1
        pb, se = doc.sentence_chars[first][0], doc.sentence_chars[si][1]
        best: TimeExpr | None = None
        best_latest: date | None = None
        for t in doc.times:
            if pb <= t.begin < se and t.precision in ("Day", "Week") and t.latest is not None and \
                    (doc.published is None or t.latest <= doc.published) and \
                    (best_latest is None or t.latest > best_latest):
                best, best_latest = t, t.latest
        if best is not None:
            return Time(best.earliest, best.latest, best.precision, best.text, None, True)
        if doc.published:
            return Time(doc.published, doc.published, "Day", None, None, True)
        return Time(None, None, "Unresolved", None, None, True)

    def _claim_of(self, tok: int) -> int | None:
        for ci, c in enumerate(self.claims):
            if c.scope[0] <= tok < c.scope[1]:
                return ci
        return None

    def _modality(self, rec: EventRec | ControlRec, tok: int, clause_start: int) -> None:
        ci = self._claim_of(tok)
        cue, _ = cue_modality(self.doc.tokens, tok, clause_start)
        if ci is not None:
            c = self.claims[ci]
            rec.claims.append(ci)
            rec.attributed = c.speaker
            rec.modality = c.content_modality
            if cue == "Expected" and rec.modality == "Reported":
                rec.modality = "Expected"
            if cue == "Negated" and rec.modality == "Reported":
                rec.modality = "Negated"
            return
        if cue:
            rec.modality = cue

    # -- main ----------------------------------------------------------------------------
    def run(self) -> None:
        doc = self.doc
        for si, (sb, se) in enumerate(doc.sentences):
            self._sentence(si, sb, se)
        self._merge()

    def _sentence(self, si: int, sb: int, se: int) -> None:
        doc, toks = self.doc, self.doc.tokens
        trig = self._trigger_matches(sb, se)
        ctl = [c for c in control_cues().find_all(toks, sb, se) if not self._adjectival(c.start, sb) and
               not (c.payload[0] == "Lost" and not self._loser_after(c, se))]
        bounds = sorted({m.start for m in trig} | {c.start for c in ctl})
        used_times: set[int] = set()
        para = doc.paragraph_of[si]
        sentence_events: list[EventRec] = []
        seq_markers = phrase_index("sequence_markers")
        non_violent = phrase_index("non_violent_markers")
        breaks = phrase_index("clause_breaks")
        clause_breaks = [k for k in range(sb + 1, se)
                         if toks[k - 1].norm in ("،", ",") and breaks.match_at(toks, k, se)]
        self._clause_breaks = clause_breaks
        quantities = find_quantities(toks, sb, se)
        purpose_excl: set[int] = set()
        for ti, m in enumerate(trig):
            trigger = m.payload
            nxt = [b for b in bounds if b >= m.end]  # (a control cue inside the trigger, ``فرض سيطرته``)
            prv = [t.end for t in trig if t.end <= m.start] + [c.end for c in ctl if c.end <= m.start]
            ws = max(prv) if prv else sb
            we = nxt[0] if nxt else se
            # a new clause (``، على أن``, ``، حيث``, ``فيما``) has its own places
            place_we = next((k for k in clause_breaks if m.end < k < we), we)
            first = toks[m.start]
            purpose = bool(sentence_events) and first.norm.startswith("ل") and first.norm[1:] in first.bases and \
                first.norm[1:].startswith(fold(trigger.phrase.split()[0])[:2])
            if purpose:
                for k in range(m.start, we):
                    purpose_excl.add(k)
            role_end = we
            for k in range(m.end, we):
                if seq_markers.match_at(toks, k, we):
                    role_end = k
                    break
            roles = _role_phrases(doc, m.start, role_end)
            before_roles = _role_phrases(doc, ws, m.start)
            for r in before_roles:
                roles[r] = roles.get(r, []) + before_roles[r]
            verb = trigger.pos == "v"
            # (round 9: an agent is not looked for before a contrasting clause: ``، في حين فجّر انتحاري``)
            agent_ws = max([k for k in clause_breaks if ws < k <= m.start and self._contrast_at(k)], default=ws)
            agent_m = self._agent(m, agent_ws, we, roles, verb)
            object_first = not verb and (purpose or trigger.slug in _OBJECT_MASDARS)
            early_targets: list[str] = []
            if object_first and agent_m and agent_m[0].tok_begin >= m.end:
                early_targets = [a.ref for a in agent_m]
                agent_m = []
            if purpose and sentence_events:
                agent_m = []
            agents = [a.ref for a in agent_m]
            explicit = bool(agents)
            supporters: list[str] = []
            air: list[str] = []
            # coordinated actors right after the agent: "X و Y"
            if agent_m:
                j = agent_m[0].tok_end
                while j < we:
                    men = _mention_at(doc, j)
                    if men is not None and not men.is_place and toks[men.tok_begin].norm.startswith("و") and \
                            men.kind == agent_m[0].kind:
                        agents.append(men.ref)
                        j = men.tok_end
                        continue
                    break
            exposed = any(toks[k].stems & _EXPOSED for k in range(max(ws, m.start - 6), m.start))
            if not agents and verb and not exposed:
                prev = self.last_agent.get(para)
                if prev:
                    agents, supporters, air = list(prev[0]), list(prev[1]), list(prev[2])
            if sentence_events and not agents and (purpose or not verb):
                agents = list(sentence_events[-1].agents)
            supporters += [x.ref for x in roles["Supporter"] if x.ref not in agents]
            air += [x.ref for x in roles["AirSupport"]]
            leaders = [x.ref for x, led in zip(roles["Leader"], roles.get("_led", []), strict=False)
                       if led.ref in agents or any(led is a for a in agent_m)]
            by = self._passive_agent(m, we)
            if by:
                # a passive verb with its agent (``اختُطف ناشط على أيدي مسلحين``, ``قُتل ... برصاص
                # القوات``): the agent is X, the subject of the passive is the target
                early_targets = _dedup([t for t in early_targets if t not in {a.ref for a in by}] +
                                       [a.ref for a in agent_m if a.kind != "Civilians" and
                                        a.ref not in {b.ref for b in by}])
                agent_m, agents, explicit = by, [a.ref for a in by], True
                supporters, air = [], []
            rec = EventRec(trigger.slug, si, (m.start, m.end), is_purpose=purpose)
            rec.agents = _dedup(agents)
            rec.supporters = _dedup([s for s in supporters if s not in rec.agents])
            rec.air = _dedup(air)
            rec.leaders = _dedup(leaders)
            rec.targets = list(early_targets)
            if trigger.slug == "military-aid" and any(fold(w) in toks[k].stems for k in range(m.start, we)
                                                      for w in ("الإنسانية", "إنسانية", "غذائية", "طبية")):
                rec.slug = "humanitarian-aid"
            # targets and victims
            marked = {id(x) for r, lst in roles.items() if r != "_led" for x in lst}
            for men in _actors_in(doc, m.end, we):
                if id(men) in marked or men.ref in rec.agents:
                    continue
                if men.kind == "Civilians":
                    rec.victims.append(men.ref)
                    continue
                prev_tok = toks[men.tok_begin - 1] if men.tok_begin > 0 else None
                if prev_tok is not None and (prev_tok.norm in _TARGET_PREPS or prev_tok.stems & _TARGET_PREPS) \
                        or toks[men.tok_begin].bases & {fold("ضد")}:
                    rec.targets.append(men.ref)
                elif verb and not rec.targets and trigger.slug in ("arrests", "abduction", "assassination",
                                                                   "attack", "attack-on-civilians",
                                                                   "armed-clash", "ambush"):
                    rec.targets.append(men.ref)
            for men in _actors_in(doc, ws, m.start):
                if men.kind == "Civilians" and men.ref not in rec.victims:
                    rec.victims.append(men.ref)
                elif exposed and men.ref not in rec.agents and id(men) not in marked:
                    rec.targets.append(men.ref)
            # places
            self._places(rec, m, ws, place_we, si, purpose_excl if not purpose else set(), exposed)
            governed = self._governed_by(m, ti, trig, si, sentence_events) \
                if _acled_sub(rec.slug) == "Agreement" and ti > 0 else None
            if governed is not None:
                # round 9: ``وجاء استئناف الإجلاء بموجب اتفاق ...، يقضي أيضاً بإخراج ... من بلدتي الفوعة``:
                # the agreement under which an event happened is where that event is
                rec.places, rec.geo_precision, rec.place_inherited = list(governed.places), governed.geo_precision, \
                    governed.place_inherited
            # direction, destination, distance
            self._geometry(rec, m.end, we)
            qs = [q for q in quantities if (ws if ti == 0 else m.start) <= q.tok_begin < we]
            if rec.slug not in ("arrests",):
                rec.counts = casualties(qs or ([] if len(trig) > 1 else quantities))
                if not rec.counts and ti == len(trig) - 1:
                    pass
            for q in qs:
                if q.kind == "km" and rec.distance is None:
                    rec.distance = q
            # time
            rec.time = self._time(ws, we, sb, se, si, used_times, m.start, m.end, trigger.slug)
            if rec.time.inherited or rec.time.loose:
                same = self._same_time(max(sb, min(ws, m.start - 6)), min(we, m.end + 6), m.start)
                if same is not None:
                    rec.time = same
            if rec.time.inherited and _event_type(rec.slug) in _VIOLENT and \
                    any(toks[k].norm in _RESPONSE for k in range(max(sb, m.start - 2), m.start)):
                rec.time = self._responded_to(si) or rec.time
            # modality
            clause_start = ws
            self._modality(rec, m.start, clause_start)
            if rec.claims:
                c = self.claims[rec.claims[0]]
                if c.speech_act in ("Promise", "Threat") and m.start - c.scope[0] <= 3 and \
                        not (explicit and agent_m and agent_m[0].tok_begin >= m.end):
                    rec.agents = [c.speaker]
            if purpose:
                rec.modality = "Expected" if rec.modality == "Asserted" else rec.modality
                if sentence_events:
                    parent = sentence_events[-1]
                    parent.purpose.append(rec)
                    if rec.time is None or rec.time.inherited:
                        rec.time = parent.time
            # sequence
            if sentence_events and not purpose:
                for k in range(ws, m.start):
                    if seq_markers.match_at(toks, k, m.start):
                        sentence_events[-1].followed_by.append(rec)
                        if not rec.places or rec.place_inherited:
                            rec.places = list(sentence_events[-1].places)
                            rec.geo_precision = sentence_events[-1].geo_precision
                            rec.place_inherited = True
                        break
            # territory: choose by the agent's kind
            if rec.slug == "@territory":
                kinds = {_actor_kind(doc, a) for a in rec.agents}
                if not kinds and fold(trigger.phrase).startswith(fold("استعاد")) and any(
                        (men := _mention_at(doc, k)) is not None and not men.is_place and
                        _actor_kind(doc, men.ref) == "ArmedGroup" for k in range(m.end, min(se, m.end + 15))):
                    # round 11: ``استعادة السيطرة على ناحية X بعد معارك مع مسلحي داعش``: retaken, with no
                    # agent named, from an armed group: the government's forces retook it
                    kinds = {"StateForce"}
                rec.slug = _TERRITORY[0] if kinds & STATE else _TERRITORY[1]
            if rec.slug == "shelling" and any(toks[k].stems & _AIR_WORDS for k in range(ws, we)) and \
                    not any(toks[k].stems & _GROUND_FIRE for k in range(max(ws, m.start - 2), min(we, m.end + 4))):
                # (``استهدفت بالقذائف الصاروخية والمدفعية ... بالتزامن مع تحليق طائرات الاستطلاع``: the
                # instrument named with the verb wins over aircraft elsewhere in the clause)
                rec.slug = "air-strike"
            if rec.slug == "peaceful-protest" and self._dispersal(sb, se):
                rec.slug = "protest-with-intervention"
            if rec.slug in ("protest-with-intervention", "attack-on-civilians", "peaceful-protest") and \
                    any(toks[k].stems & _PROTESTERS for k in range(sb, se)) and \
                    any(toks[k].stems & _LIVE for k in range(sb, se)) and \
                    (rec.slug != "peaceful-protest" or self._dispersal(sb, se)):
                # lethal force (live fire, deaths) against protesters: ACLED's excessive force
                rec.slug = "excessive-force-against-protesters"
            if rec.slug in ("peaceful-protest", "protest-with-intervention") and self._killed_during(m, sb):
                rec.slug = "excessive-force-against-protesters"  # ``استشهد شابان برصاص ... خلال مشاركتهم في مسيرة``
            if rec.slug == "armed-clash" and any(toks[k].stems & _STONES for k in range(sb, se)):
                rec.slug = "violent-demonstration"  # stone-throwing youths against soldiers: a riot
            if rec.slug in ("withdrawal", "reinforcements", "siege") and \
                    (rec.slug == "siege" and m.end < se and toks[m.end].stems & _BUILDINGS or
                     any(toks[k].norm == fold("قبل") and toks[k + 1].norm == fold("أن")
                         for k in range(max(sb, m.start - 6), m.start - 1))):
                self._raid_steps.append(rec)
            if rec.slug == "shelling" and sentence_events and sentence_events[-1].slug == "interception":
                rec.absorb_into = sentence_events[-1]  # the missile that was intercepted
            if rec.slug == "looting-property-destruction" and \
                    any(toks[k].stems & _PROTESTERS for k in range(max(ws, m.start - 3), min(we, m.end + 3))):
                rec.slug = "violent-demonstration"  # protesters setting fire: a riot
            if rec.slug in ("attack", "looting-property-destruction") and verb and m.end < se and \
                    toks[m.end].norm in _SOME_OF_THEM and \
                    any(toks[k].stems & (_PROTESTERS | _PROTEST_WORDS) for k in range(sb, m.start)):
                rec.slug = "violent-demonstration"  # round 8: ``قطع محتجون ... واقتحم بعضهم مكتب نائب``
            if rec.slug == "looting-property-destruction" and verb and sentence_events and \
                    sentence_events[-1].slug in ("attack", "attack-on-civilians") and \
                    not any(toks[k].stems & _HARMED for k in range(sb, se)):
                # round 8: ``هاجم مستعمرون منازل المواطنين ...، وأضرموا النار في مركبتين``: an attack on
                # property that hurt no one is the destruction (ACLED: looting/property destruction)
                sentence_events[-1].slug = rec.slug
                rec.absorb_into = sentence_events[-1]
            if rec.slug == "attack" and any(toks[k].stems & _CIVILIAN_OBJECTS for k in self._object_window(m, we)):
                rec.slug = "attack-on-civilians"  # attacking villages, homes, civilians
            self._retype(rec, m, ws, we, sb, se)
            if rec.slug == "meeting-of-forces" and not any(_actor_kind(doc, a) in STATE | ARMED for a in rec.agents):
                rec.slug = "talks"
            if rec.slug in _TERRITORY + ("withdrawal", "advance") and \
                    any(non_violent.match_at(toks, k, se) for k in range(m.end, min(se, we + 4))):
                rec.slug = "non-violent-transfer-of-territory"
            elif rec.slug == "withdrawal" and rec.places and not rec.place_inherited:
                rec.slug = "non-violent-transfer-of-territory"  # ACLED: a withdrawal hands over territory
            if rec.slug == "evacuation" and not (rec.absorb_into or sentence_events and
                                                 _acled_sub(sentence_events[-1].slug) == "Agreement"):
                # ACLED: an evacuation deal is an Agreement; the evacuation itself (convoys
                # leaving, an evacuation operation) is "Other" - the scheme's evacuation concept
                # is the deal, so the operation is typed with the generic "other"
                rec.slug = "other"
            if not verb and not trigger.phrase.startswith("ال") and (
                    any(b.startswith("ال") for b in first.bases) or
                    (m.start > sb and toks[m.start - 1].norm in _DEMONSTRATIVES)):
                rec.anaphoric = True
            looted = sentence_events and not purpose and verb and rec.slug == "looting-property-destruction"
            if looted and sentence_events[-1].slug == rec.slug and sentence_events[-1].absorb_into is not None:
                rec.absorb_into = sentence_events[-1].absorb_into  # (round 8: ``نُهبت ... وأُحرقت أخرى``)
            elif looted:
                self._absorb(rec, sentence_events[-1], m.start)
            if looted and rec.absorb_into is not None:
                pass
            elif sentence_events and not purpose and not verb:
                self._absorb(rec, sentence_events[-1], m.start)
            elif sentence_events and not purpose and verb:
                self._coordinated(rec, sentence_events[-1], m, explicit)
            ev_b = min([toks[m.start].begin] + [doc.tokens[x.tok_begin].begin for x in agent_m])
            ev_e = max([toks[m.end - 1].end] + [men.end for men in _places_in(doc, m.end, we)[:1]])
            t = rec.time
            if t is not None and t.span and not t.inherited and not t.loose and \
                    doc.sentence_chars[si][0] <= t.span[0] and t.span[1] <= doc.sentence_chars[si][1]:
                ev_b, ev_e = min(ev_b, t.span[0]), max(ev_e, t.span[1])  # the evidence shows the date too
            rec.spans.append((ev_b, ev_e))
            rec.confidence = self._confidence(rec, trigger.strong)
            if not rec.places and not rec.agents and not rec.targets:
                continue
            if rec.agents and (verb or explicit) and not purpose and not by:
                # (the agent of a passive is not the topic a following verb continues with)
                self.last_agent[para] = (rec.agents, rec.supporters, rec.air)
            self.events.append(rec)
            sentence_events.append(rec)
            if rec.slug in _TERRITORY and rec.places and rec.agents and rec.modality not in ("Negated", "Denied"):
                full = any(toks[k].norm in _FULL or toks[k].stems & _FULL for k in range(m.end, we))
                share = next((q.value for q in qs if q.kind == "percent"), None)
                status = "PartialControl" if share is not None else "FullControl"
                if status == "FullControl" or full or share is not None:
                    self.controls.append(ControlRec(status, rec.agents[0], rec.places[0], si, list(rec.spans),
                                                    share, rec.time.latest if rec.time else None, rec.modality,
                                                    rec.attributed, list(rec.claims), rec.confidence,
                                                    (m.start, m.end)))
        # subject of non-event verbs: remember it for continuation ("ويضع جيش النظام ...")
        self._remember_subject(si, sb, se, trig)
        for cm in ctl:
            self._control(cm, si, sb, se, trig, ctl, quantities)

    def _responded_to(self, si: int) -> Time | None:
        """Round 9: ``وأعلن الجيش أن مدفعيته ردّت بقصف مواقع التنظيم`` with no date of its own: a
        response is dated by the latest dated violent event told before it (within three sentences)."""
        best: Time | None = None
        best_latest: date | None = None
        for ev in self.events:
            t = ev.time
            if 0 <= si - ev.sentence <= 3 and _event_type(ev.slug) in _VIOLENT and t is not None and \
                    not t.inherited and t.latest is not None and (best_latest is None or t.latest > best_latest):
                best, best_latest = t, t.latest
        if best is None:
            return None
        return Time(best.earliest, best.latest, best.precision, best.expression, None, True, False)

    def _governed_by(self, m: Match, ti: int, trig: list[Match], si: int,
                     sentence_events: list[EventRec]) -> EventRec | None:
        """Round 9: the event an agreement is the basis of (``جاء استئناف الإجلاء بموجب اتفاق``): the
        trigger right before ``بموجب`` / ``وفق`` - its event of this sentence, or for a definite noun
        that told no event of its own, the latest earlier event of its type (within 4 sentences)."""
        toks = self.doc.tokens
        p = trig[ti - 1]
        if toks[m.start - 1].norm not in _UNDER_AGREEMENT or not 0 <= m.start - p.end <= 1:
            return None
        if sentence_events and sentence_events[-1].trigger == (p.start, p.end):
            return sentence_events[-1] if sentence_events[-1].places else None
        if not toks[p.start].norm.startswith("ال"):
            return None
        typ = _event_type(p.payload.slug)
        return next((ev for ev in reversed(self.events) if ev.places and not ev.is_purpose and
                     0 < si - ev.sentence <= 4 and _event_type(ev.slug) == typ), None)

    def _loser_after(self, c: Match, se: int) -> bool:
        """Round 9: ``فقد``/``خسر`` reports a loss only with its subject, an actor, right after
        it; ``أما في أم درمان، فقد فُرّق ...`` is ف + قد before a verb (and must not cut the
        sentence's windows)."""
        for k in (c.end, c.end + 1):
            men = _mention_at(self.doc, k) if k < se else None
            if men is not None:
                return not men.is_place
        return False

    def _retype(self, rec: EventRec, m: Match, ws: int, we: int, sb: int, se: int) -> None:
        """Round 6 typing rules, each looking at a few tokens around the trigger:

        * a foiled attack or infiltration (``أحبطت هجوماً``, ``أحبطوا محاولة تسلل``) is a battle;
        * taking positions (``سيطرت على عدد من المواقع``, ``التباب``) is fighting, not a change of
          territory (ACLED codes it as an armed clash);
        * an explosion whose subject is a drone (``طائرتان مسيّرتان ... انفجرتا``) is a drone strike;
        * an attack that targets a mosque, a church, a market or worshippers is an attack on
          civilians;
        * a raid on a sit-in or on protesters with live fire (``باقتحام ساحة الاعتصام وإطلاق الرصاص
          الحي على المعتصمين``) is excessive force against protesters."""
        toks, doc = self.doc.tokens, self.doc
        after = [k for k in range(m.end, min(se, m.end + 8)) if toks[k].kind == "w" and not _is_time_token(doc, k)][:4]
        if rec.slug in ("disrupted-weapons-use", "interception") and m.payload.pos == "v" and \
                (any(toks[k].stems & _ASSAULTS for k in after) or self._foiled_assault(m, se)):
            rec.slug = "armed-clash"
        elif rec.slug in _TERRITORY:
            for k in range(m.end, min(we, m.end + 7)):
                men = _mention_at(doc, k)
                if men is not None and men.is_place:
                    break
                if toks[k].stems & _POSITIONS:
                    rec.slug = "armed-clash"
                    break
        elif rec.slug in ("ied-explosion", "landmine") and self._detected(m, ws):
            rec.slug = "disrupted-weapons-use"  # ``اكتشاف وتفجير 41 عبوة ناسفة``: found and destroyed
        elif rec.slug == "ied-explosion" and m.payload.pos == "v" and \
                any(toks[k].stems & _DRONES for k in range(max(ws, m.start - 5), m.start)):
            rec.slug = "drone-strike"
        elif rec.slug == "attack" and any(toks[k].stems & _EXPOSED for k in range(max(sb, m.start - 5), m.start)) and \
                any(toks[k].stems & (_GATHERINGS | _CIVILIAN_OBJECTS) for k in range(max(sb, m.start - 4), m.start)):
            rec.slug = "attack-on-civilians"  # round 8: ``تعرض سوق مدينة نيالا لهجوم``
        elif rec.slug == "attack" and m.end < se and (toks[m.end].norm in _MISSILE_MEANS or m.end + 1 < se and
                                                      toks[m.end].norm[:1] == "ب" and
                                                      toks[m.end + 1].norm in _MISSILES):
            rec.slug = "shelling"  # round 11: ``تعرضت سفينة لهجوم بصاروخين``: a missile attack
        elif rec.slug == "attack":
            near = self._object_window(m, we)
            if any(toks[k].stems & _TARGETING for k in near):
                near = self._object_window(m, we, 6)
            if m.payload.pos == "v" and self._protesters_subject(m, se):
                rec.slug = "violent-demonstration"  # round 9: ``اقتحم مئات المحتجين الغاضبين معسكراً``
            elif any(toks[k].stems & _GATHERINGS for k in near) or self._civilian_target(m, we):
                rec.slug = "attack-on-civilians"
            elif any(toks[k].stems & (_PROTESTERS | _PROTEST_WORDS) for k in range(m.end, min(se, m.end + 3))) and \
                    any(toks[k].stems & _LIVE for k in range(sb, se)):
                rec.slug = "excessive-force-against-protesters"

    def _object_window(self, m: Match, we: int, size: int = 3) -> list[int]:
        """The ``size`` tokens after a trigger where its object is looked for. Round 10: a time
        expression between verb and object (``هاجموا قبل ثلاثة أيام قرية X``) is skipped."""
        in_time = self.doc.in_time
        out: list[int] = []
        for k in range(m.end, we):
            if k not in in_time:
                out.append(k)
                if len(out) == size:
                    break
        return out

    def _civilian_target(self, m: Match, we: int) -> bool:
        """Round 9: ``هجوم شنّه مسلحون مجهولون يمتطون دراجات نارية على سوق بلدة كتم``: the target of
        the attack, after its first ``على`` in the clause (up to 10 words on), is a market, a mosque,
        homes or civilians."""
        toks = self.doc.tokens
        for k in range(m.end, min(we, m.end + 10)):
            if toks[k].kind == "p" and toks[k].norm not in _QUOTES:
                return False
            if toks[k].norm == fold("على"):
                return any(toks[j].stems & (_GATHERINGS | _CIVILIAN_OBJECTS) for j in range(k + 1, min(we, k + 3)))
        return False

    def _protesters_subject(self, m: Match, se: int) -> bool:
        """Round 9: the subject right after a verb (a time, a number or ``مئات`` / ``عشرات`` may come
        between) is protesters: ``اقتحم مئات المحتجين الغاضبين مساء السبت معسكراً`` - they did it."""
        toks, doc = self.doc.tokens, self.doc
        crowd = False
        for k in range(m.end, min(se, m.end + 6)):
            t = toks[k]
            if _is_time_token(doc, k):
                continue
            if t.kind == "n" or t.norm in _CROWD:
                crowd = True
                continue
            # (``مئات المحتجين`` or the nominative ``المحتجون``; ``استهدفت المعتصمين`` is the object)
            return t.kind == "w" and bool(t.stems & _PROTESTERS) and t.norm not in _PROTEST_EVENT_NOUNS and \
                (crowd or t.norm.endswith(("ون", "ان")))
        return False

    def _foiled_assault(self, m: Match, se: int) -> bool:
        """Round 8: ``أحبط أبطال الجيش الوطني والمقاومة الشعبية، مساء أمس، هجوماً واسعاً``: the
        object of the foiling verb comes after its subject and a time; the first indefinite noun
        after them (up to 12 words) is what was foiled."""
        toks, doc = self.doc.tokens, self.doc
        for k in range(m.end, min(se, m.end + 14)):
            if toks[k].norm in (".", "؛", ":"):
                return False
            if toks[k].stems & _ASSAULTS and not toks[k].norm.startswith("ال") and not _is_time_token(doc, k):
                return True
        return False

    def _detected(self, m: Match, ws: int) -> bool:
        """``اكتشاف وتفجير 41 عبوة``; round 8: ``عثرت قوة من الفرقة 20 على مخبأ يحتوي على 12 عبوة
        ناسفة``: a finding verb or a cache up to ten words before the explosive, in the same clause."""
        toks = self.doc.tokens
        for k in range(m.start - 1, max(ws, m.start - 10) - 1, -1):
            if toks[k].kind == "p" and toks[k].norm not in ('"', "«", "»") or toks[k].norm == fold("منذ"):
                return False  # (``نزعت منذ بدء الهدنة أكثر من مئتي لغم``: a tally, not one find)
            if toks[k].stems & _DETECTION:
                return k >= m.start - 3 or bool(toks[k].stems & _FINDING)
        return False

    def _absorb(self, rec: EventRec, prev: EventRec, start: int) -> None:
        """A noun event introduced as the circumstance of the previous event of its sentence
        (``استعادت X بعد اشتباكات``, ``إثر هجوم معاكس``, ``اتفاق يقضي بإجلاء``) is part of it."""
        toks = self.doc.tokens
        between = range(max(prev.trigger[1], start - 4), start)
        a, b = _event_type(prev.slug), _event_type(rec.slug)
        if prev.slug == "non-violent-transfer-of-territory":
            a = "Battles"
        if rec.slug in _OUTCOME.get(prev.slug, ()) and \
                any(toks[k].stems & _CHAIN_PREPS for k in range(max(prev.trigger[1], start - 2), start)):
            rec.absorb_into = prev  # ``أُفرج عن ... في صفقة تبادل``: the release is the exchange
            return
        if self._one_riot(rec, prev, start) or self._arrested_protesters(rec, prev, start) or \
                self._how_it_was_fought(rec, prev, start):
            return
        if rec.slug == "looting-property-destruction" and _event_type(prev.slug) in _VIOLENT and \
                any(toks[k].stems & _DURING_IT for k in range(max(prev.trigger[1], start - 2), rec.trigger[1] + 2)
                    if k < len(toks)):
            rec.absorb_into = prev  # round 8: ``لهجوم ...، نُهبت خلاله محال``: what the attackers did
            return
        if prev.slug in _TERRITORY_ALL | {"advance"} and rec.slug in _HANDED_OVER and \
                any(toks[k].stems & _CIRCUMSTANCE for k in range(max(prev.trigger[1], start - 2), start)):
            # round 9: ``دخلت مدينة ترهونة ... بعد انسحاب قوات حفتر منها``: how it was taken; the side
            # that withdrew is not an agent of the takeover
            rec.absorb_into = prev
            rec.targets, rec.agents = _dedup(rec.targets + [a for a in rec.agents if a not in prev.agents]), []
            return
        if prev.slug == "armed-clash" and rec.slug == "arrests" and \
                any(toks[k].stems & _RESULTED for k in range(prev.trigger[1], start)) and \
                any(toks[k].stems & _KILLED for k in range(prev.trigger[1], start)):
            rec.absorb_into = prev  # round 8: ``عملية ... أسفرت عن قتل اثنين واعتقال ثالث``: one battle
            return
        if prev.slug == "arrests" and b in ("Battles", "Violence against civilians") and \
                any(toks[k].stems & _CIRCUMSTANCE for k in between):
            rec.absorb_into = prev  # ``اعتقلت ... بعد اقتحام المنازل``: the raid of the arrests
            if prev.place_before and rec.places and not rec.place_inherited and not rec.place_before:
                # round 9: ``هدمت ... في بلدة يطا، كما اعتقلت ... 11 شاباً خلال اقتحامها بلدة قباطية``: the
                # arrests were where the raid was, not in the clause before
                prev.places, prev.geo_precision, prev.place_before = list(rec.places), rec.geo_precision, False
            return
        # (a second protest word joins the first unless it has a place of its own elsewhere: a strike
        # in another town of the same sentence)
        if prev.slug == "massacre" and b == "Explosions/Remote violence":
            prev.slug = rec.slug  # round 8: ``ارتكبت ... مجزرة ... بعد أن استهدفت أحياءها بالقذائف``: the
            rec.absorb_into = prev  # massacre is the shelling, told by its means
            return
        if a == b == "Battles" and toks[prev.trigger[0]].stems & _FOILING and rec.trigger[0] - prev.trigger[1] <= 14 \
                and not any(toks[k].norm in (".", "؛") for k in range(prev.trigger[1], start)):
            rec.absorb_into = prev  # round 8: ``أحبطت فجر أمس محاولة تسلل``: the foiled attempt is the battle
            if rec.places and not rec.place_inherited:
                prev.places, prev.geo_precision, prev.place_inherited = list(rec.places), rec.geo_precision, False
            return
        if a == "Battles" and rec.slug == "shelling" and any(toks[k].stems & _CIRCUMSTANCE for k in between) and \
                any(toks[k].norm in _RELATIVES for k in range(prev.trigger[1], start)):
            rec.absorb_into = prev  # round 8: ``المعارك، التي اندلعت عقب قصف مدفعي``: how the battle began
            return
        if a == b == "Protests" and self._places_compatible(rec, prev) or \
                a == b == "Battles" and any(toks[k].stems & _CIRCUMSTANCE for k in between) or \
                _acled_sub(prev.slug) == "Agreement" and (
                    rec.slug in _AGREEMENT_CONTENT and any(toks[k].stems & _STIPULATE
                                                           for k in range(prev.trigger[1], start)) or
                    # round 9: ``اتفاق ... يقضي بسحب التعزيزات``: whatever the agreement provides for
                    any(toks[k].stems & _STIPULATE for k in range(max(prev.trigger[1], start - 3), start))):
            rec.absorb_into = prev

    def _how_it_was_fought(self, rec: EventRec, prev: EventRec, start: int) -> bool:
        """Round 9: ``نصب مسلحو التنظيم كميناً لرتل ...، إذ فجّروا عبوة ناسفة بالعجلة الأولى ثم فتحوا
        نيران رشاشاتهم``: a bomb, mine or grenade (or a fight) told after ``إذ`` / ``حيث`` right after a
        battle of the same sentence is how that battle was fought (ACLED: one armed clash); not strikes
        or shelling, which are coded apart."""
        toks = self.doc.tokens
        if _event_type(prev.slug) != "Battles" or not (_event_type(rec.slug) == "Battles" or rec.slug in _PLANTED) \
                or not prev.trigger[1] <= start:
            return False
        if not any(toks[k].norm in _ELABORATION_OPENERS for k in range(max(prev.trigger[1], start - 3), start)):
            return False
        rec.absorb_into = prev
        return True

    def _arrested_protesters(self, rec: EventRec, prev: EventRec, start: int) -> bool:
        """Round 9: ``فرّقت ... مسيرة ...، واعتقلت عدداً منهم``, ``فُرّق ... موكب ...، واعتُقل عشرة من
        المتظاهرين``: arrests of the protesters of a protest broken up in the same sentence are part
        of it (ACLED: protest with intervention)."""
        toks = self.doc.tokens
        if rec.slug != "arrests" or prev.slug not in _BROKEN_UP:
            return False
        for k in range(rec.trigger[1], min(len(toks), rec.trigger[1] + 8)):
            t = toks[k]
            if t.kind == "p" and t.norm not in ("،", ","):
                return False
            if t.stems & _PROTESTERS or t.norm in _OF_THEM or t.stems & _PARTICIPANTS:
                rec.absorb_into = prev
                return True
        return False

    def _one_riot(self, rec: EventRec, prev: EventRec, start: int) -> bool:
        """Round 9: ``أقدم الشبان على إحراق ثلاثة مصارف ورشق وحدات الجيش بالحجارة``, ``اقتحم المحتجون
        معسكراً ... وأضرموا النار في آليات``: arson and a riot joined by و in one clause are the acts
        of one riot (ACLED: a violent demonstration)."""
        toks = self.doc.tokens
        if {prev.slug, rec.slug} != {"looting-property-destruction", "violent-demonstration"} or \
                toks[start].norm[:1] != "و" or not 0 <= start - prev.trigger[1] <= 20 or \
                any(toks[k].kind == "p" and toks[k].norm not in _QUOTES for k in range(prev.trigger[1], start)):
            return False
        prev.slug = "violent-demonstration"
        rec.absorb_into = prev
        return True

    def _passive_agent(self, m: Match, we: int) -> list[Mention]:
        """The actor after ``على أيدي`` / ``على يد`` / ``برصاص`` / ``بنيران`` / ``من قبل`` in the clause
        of a verb: the agent of a passive (``قُتل ... برصاص القوات``)."""
        toks, doc = self.doc.tokens, self.doc
        idx = phrase_index("passive_agent_markers")
        end = min(we, m.end + 12)
        for k in range(m.start if m.payload.pos == "n" else m.end, end):
            if toks[k].norm in ("،", ",", ".", "؛", ";", ":", "(", ")", "؟"):
                return []
            hit = idx.match_at(toks, k, end)
            if hit is None:
                continue
            j = hit.end
            men = _mention_at(doc, j) or (_mention_at(doc, j + 1) if j + 1 < end and
                                          (toks[j].norm in _FULL or j < m.end) else None)
            if men is not None and not men.is_place and men.kind not in _NOT_AGENTS:
                return self._with_coordinated(men, j)
            return []
        return []

    def _coordinated(self, rec: EventRec, prev: EventRec, m: Match, explicit: bool) -> None:
        """``تقدمت الفصائل ... وسيطرت على``, ``اقتحمت القوات البلدة واعتقلت``: a verb joined by و to
        the previous event's verb, with no subject of its own and no clause break between, is
        the outcome of the same act (one event, of the outcome's type)."""
        toks = self.doc.tokens
        if self._one_riot(rec, prev, m.start) or self._arrested_protesters(rec, prev, m.start) or \
                self._how_it_was_fought(rec, prev, m.start):
            return
        if rec.slug in _ELABORATION.get(prev.slug, ()) and prev.trigger[1] <= m.start and \
                any(toks[k].norm in _ELABORATION_OPENERS for k in range(max(prev.trigger[1], m.start - 3), m.start)):
            rec.absorb_into = prev  # ``جرت عملية تبادل للأسرى ...، حيث أُفرج عن``: the exchange told in detail
            return
        if rec.slug not in _OUTCOME.get(prev.slug, ()) or explicit and not set(rec.agents) & set(prev.agents):
            return
        if not toks[m.start].norm.startswith("و") or not 0 <= m.start - prev.trigger[1] <= 8:
            return
        if any(toks[k].kind == "p" and toks[k].norm not in ('"', "«", "»") for k in range(prev.trigger[1], m.start)):
            return
        rec.absorb_into = prev

    def _remember_subject(self, si: int, sb: int, se: int, trig: list[Match]) -> None:
        doc = self.doc
        para = doc.paragraph_of[si]
        k = sb
        while k < min(se, sb + 3):
            men = _mention_at(doc, k)
            if men is not None and not men.is_place and men.kind not in ("Source", "Civilians") and \
                    not any(t.start < k for t in trig):
                roles = _role_phrases(doc, men.tok_end, se)
                sup = [x.ref for x in roles["Supporter"]]
                # coordinated actors after a supporter marker list (nationality groups etc.)
                self.last_agent[para] = ([men.ref], _dedup(sup), [x.ref for x in roles["AirSupport"]])
                return
            k += 1

    def _places(self, rec: EventRec, m: Match, ws: int, we: int, si: int, excl: set[int], exposed: bool) -> None:
        doc, toks = self.doc, self.doc.tokens
        after = [p for p in _places_in(doc, m.end, we) if p.tok_begin not in excl]
        before = [p for p in _places_in(doc, ws, m.start) if p.tok_begin not in excl]
        def ok(p: Mention) -> bool:
            prev = toks[p.tok_begin - 1].norm if p.tok_begin > 0 else ""
            prev2 = toks[p.tok_begin - 2].stems if p.tok_begin > 1 else frozenset()
            return prev != "مع" and not (prev == "من" and prev2 & _SUPPORT_WORDS)
        after = [p for p in after if ok(p)]
        before = [p for p in before if ok(p)]
        # ``خرج المحتجون في مدينة X، بينما أغلق ... في مدينة Y محالهم ... إضراب``: the places of the
        # trigger's own clause (after ``، بينما`` / ``، فيما``) before those of the clause before it
        own = max((k for k in self._clause_breaks if ws < k <= m.start), default=None)
        if own is not None and any(p.tok_begin >= own for p in before):
            before = [p for p in before if p.tok_begin >= own]
        elif own is not None and self._contrast_at(own):
            # round 9: ``اختطفهم مسلحون قرب قضاء الرطبة، ...، في حين فجّر انتحاري نفسه ... عند مدخل قضاء
            # الشرقاط``: a contrasting clause tells another event; the place before it is not its own
            before = []
        # a place inside a relative clause after the trigger (``، التي تعدها أنقرة``) is not
        # the event's; nor a reference point after a direction (``العامرية جنوب الفلوجة``)
        # (but a relative right after the trigger describes the event itself: ``الهجوم الإرهابي
        # الذي استهدف مسجد الروضة بمركز بئر العبد``)
        rel_end = m.end
        while rel_end < min(m.end + 2, we) and toks[rel_end].kind == "w" and toks[rel_end].norm.startswith("ال") \
                and toks[rel_end].norm not in _RELATIVES:
            rel_end += 1
        own_rel = rel_end < we and toks[rel_end].norm in _RELATIVES
        after = [p for p in after if not any(toks[k].norm in _RELATIVES and not (own_rel and k == rel_end) and
                                             not (k + 1 < we and toks[k + 1].stems & _GATHER_VERBS)
                                             for k in range(m.end, p.tok_begin))]
        # ``شاباً من أبناء بلدة القريا``: where the victim comes from, not where the event is
        origin = [p for p in after if self._origin_of_person(p)]
        after = [p for p in after if not self._origin_of_person(p)]
        if origin and not after and not before and _event_type(rec.slug) == "Protests":
            after = origin  # round 8: ``تظاهر العشرات من أهالي مدينة الشدادي أمام مبنى``: at home
        # ``احتجاجاً على ما يجري في كركوك``: the place of the cause, not of the protest
        after = [p for p in after if not any(toks[k].norm in _IN_PROTEST for k in range(m.end, p.tok_begin))]
        # a place after ``بحسب``/``وفق`` locates the source (``بحسب مصادر طبية في مستشفى مصراتة``)
        # (round 8: not ``وفق أحكام المادة 4``, ``بموجب مذكرة``: a legal basis, not a source)
        after = [p for p in after if not any(toks[k].stems & _ATTRIBUTION and not (k + 1 < len(toks) and
                                                                                  toks[k + 1].stems & _LEGAL)
                                             for k in range(m.end, p.tok_begin))]
        after = [p for p in after if not self._reference_point(p, after)]
        # round 9: ``أمام مصرف لبنان``, ``أمام سفارة مصر``: a country in an institution's name
        after = [p for p in after if not (p.kind == "Country" and p.tok_begin > 0 and
                                          toks[p.tok_begin - 1].stems & _NAMED_BY_COUNTRY)]
        # a governorate in an institution's name (``مبنى مجلس محافظة واسط``) is not where the event
        # is when the sentence names the town before
        if any(p.kind in ("City", "Village", "Neighbourhood") for p in before):
            after = [p for p in after if not self._in_institution_name(p)]
        # a country right before a masdar is its agent (``موافقة إسرائيل على``), not a place
        before = [p for p in before if p.kind != "Country" or
                  (p.tok_begin > 0 and toks[p.tok_begin - 1].stems & _LOCATIVE)]
        locative = [p for p in after if p.tok_begin > 0 and (toks[p.tok_begin - 1].norm in _LOCATIVE or
                    toks[p.tok_begin - 1].norm in _OF_PLACE_NOUNS or
                    toks[p.tok_begin].norm[:1] == "ب" and fold("ب") + toks[p.tok_begin].norm[1:] in
                    toks[p.tok_begin].bases)]
        # ``قصفت قرى الفطيرة ... في جبل الزاوية``: a named object the locative place locates
        # (round 8: ``على طريق القامشلي – عامودا بريف الحسكة``: towns in the countryside it names)
        locative += [p for p in after if p not in locative and p.tok_begin < locative[0].tok_begin and
                     any(q.ref in place_chain(doc, p.ref)[1:] or self._countryside_of(q, p) for q in locative)] \
            if locative else []
        for p in after:
            if p not in locative and toks[p.tok_begin].norm.startswith("و") and locative and \
                    p.tok_begin - locative[-1].tok_end <= 1:
                locative.append(p)
        if exposed:
            cands = before + after
        elif locative:
            cands = locative
        else:
            cands = [p for p in after if p.kind != "River"] or before or after
        pron = None
        for k in range(max(ws, m.start - 3), min(we, m.end + 3)):
            if toks[k].pronoun in ("ها",) and (toks[k].stems & _PREPS or (m.start <= k < m.end and
                                                                           rec.slug in _PLACE_TRIGGERS)):
                pron = k
                break
        if pron is not None and not exposed and not locative and not [p for p in after if p.kind != "River"]:
            place = self._topic_place(si, m.start, excl)
            if place:
                rec.places = [place]
                rec.geo_precision = _PRECISION.get(self._place_kind(place), 2)
            return
        if not cands:
            para = doc.paragraph_of[si]
            rec.place_inherited = True
            rec.confidence_penalty = 0.1
            for ev in reversed(self.events):
                if doc.paragraph_of[ev.sentence] == para and ev.places and not ev.is_purpose and \
                        si - ev.sentence <= 1:
                    rec.places, rec.geo_precision = list(ev.places), ev.geo_precision
                    return
            prev_place = None if rec.anaphoric or _places_in(doc, *doc.sentences[si]) else \
                self._previous_sentence_place(si)
            if prev_place is not None:
                rec.places = [prev_place]
                rec.geo_precision = _PRECISION.get(self._place_kind(prev_place), 2)
                return
            self._dateline_place(rec)
            return
        dest_markers = folded_set("destination_markers")
        best = min(cands, key=lambda p: (_PLACE_RANK.get(p.kind, 3), p.tok_begin))
        rec.place_before = best.tok_end <= m.start
        rank = _PLACE_RANK.get(best.kind, 3)
        rec.places = _dedup([p.ref for p in cands if _PLACE_RANK.get(p.kind, 3) == rank and
                             abs(p.tok_begin - best.tok_begin) <= 4])
        prec = _PRECISION.get(best.kind, 2)
        if best.modifier == "near" and prec == 1:
            prec = 2
        rec.geo_precision = prec
        for p in cands:
            if p.tok_begin > 0 and (toks[p.tok_begin - 1].norm in dest_markers):
                rec.destination = p.ref

    def _contrast_at(self, k: int) -> bool:
        """A clause break at ``k`` that opens a contrasting clause (``فيما``, ``بينما``, ``في حين``)."""
        toks = self.doc.tokens
        return toks[k].norm in _CONTRAST or toks[k].norm == fold("في") and k + 1 < len(toks) and \
            toks[k + 1].norm == fold("حين")

    def _killed_during(self, m: Match, sb: int) -> bool:
        """Deaths by gunfire told before the protest with ``خلال``/``أثناء`` between: protesters
        killed at the protest (``استشهد شابان برصاص القوات خلال مشاركتهم في مسيرة``)."""
        toks = self.doc.tokens
        during = next((k for k in range(m.start - 1, max(sb, m.start - 8) - 1, -1) if toks[k].norm in _DURING), None)
        if during is None:
            return False
        span = range(sb, during)
        return any(toks[k].norm in _DEATHS for k in span) and \
            any(toks[k].norm in (fold("برصاص"), fold("بالرصاص"), fold("بنيران")) for k in span)

    def _dispersal(self, sb: int, se: int) -> bool:
        """A dispersal word in the sentence that is not negated (``لم يتدخل لتفريق المتظاهرين``)."""
        toks = self.doc.tokens
        return any(toks[k].stems & _DISPERSAL and not any(toks[j].norm in _NEGATIONS
                                                           for j in range(max(sb, k - 3), k))
                   for k in range(sb, se))

    def _origin_of_person(self, p: Mention) -> bool:
        """``من أبناء/سكان/أهالي (بلدة) X``: X is where the people named come from."""
        toks = self.doc.tokens
        k = p.tok_begin - 1
        if k >= 0 and toks[k].norm in _PLACE_NOUNS_PLAIN:
            k -= 1
        return k >= 0 and toks[k].norm in _ORIGIN_WORDS

    def _in_institution_name(self, p: Mention) -> bool:
        toks = self.doc.tokens
        k = p.tok_begin if toks[p.tok_begin].norm in _ADMIN_NOUNS else p.tok_begin - 1
        return k > 0 and toks[k].norm in _ADMIN_NOUNS and bool(toks[k - 1].stems & _INSTITUTIONS)

    def _countryside_of(self, q: Mention, p: Mention) -> bool:
        """``ريف الحسكة`` (the countryside of a governorate's capital) and a town of that governorate."""
        if fold("ريف") not in self.doc.tokens[q.tok_begin].norm or p.kind not in ("City", "Village"):
            return False
        up = set(place_chain(self.doc, q.ref)[1:2])
        return bool(up & set(place_chain(self.doc, p.ref)[1:]))

    def _reference_point(self, p: Mention, cands: list[Mention]) -> bool:
        """True for X in ``<place> جنوب X`` / ``<place> شمال غربي X``: X locates the other place."""
        toks = self.doc.tokens
        k = p.tok_begin - 1
        if k > 0 and toks[k].norm in _ADMIN_NOUNS | _PLACE_NOUNS_PLAIN and toks[k - 1].stems & _DIRECTION_WORDS:
            k -= 1  # round 8: ``وادي حوران غربي قضاء الرطبة``
        steps = 0
        while k >= 0 and steps < 2 and toks[k].stems & _DIRECTION_WORDS:
            k -= 1
            steps += 1
        if steps == 0:
            return False
        if k >= 0 and toks[k].norm in _SITUATED:
            return True  # ``المخيم الواقع شرق نابلس``: the event is at the camp, Nablus only locates it
        if k >= 0 and toks[k].norm in (fold("مدينة"), fold("محافظة"), fold("بلدة")):
            k -= 1
        return any(q is not p and q.tok_end - 1 == k for q in cands) or \
            any(q.tok_end - 1 == k for q in self.doc.ents.mentions if q.is_place)

    def _dateline_place(self, rec: EventRec) -> None:
        """Last resort: the dateline city, when the report is about its country (a Syria report
        filed from Beirut says nothing about Beirut)."""
        doc = self.doc
        if not doc.dateline_places:
            return
        p = doc.dateline_places[0]
        if doc.ents.dominant_country and doc.index.country_of(p.ref) != doc.ents.dominant_country:
            return
        rec.places, rec.geo_precision = [p.ref], _PRECISION.get(p.kind, 2)

    def _place_kind(self, ref: str) -> str:
        if ref.startswith("local:"):
            lp = self.doc.ents.local_places.get(ref[6:])
            return lp.kind if lp else ""
        e = self.doc.index.entities.get(ref)
        return e.kind if e else ""

    def _geometry(self, rec: EventRec, b: int, e: int) -> None:
        toks = self.doc.tokens
        heads = folded_set("direction_heads")
        dirs = phrase_index("directions")
        dest_markers = folded_set("destination_markers")
        for k in range(b, e):
            if toks[k].norm in heads or toks[k].stems & heads:
                d = dirs.match_at(toks, k + 1, e) if k + 1 < e else None
                if d:
                    rec.direction = d.payload
                    rec.spans.append((toks[k].begin, toks[d.end - 1].end))
                    break
        for k in range(b, e):
            if toks[k].stems & dest_markers and toks[k].pronoun == "ها" and rec.destination is None:
                place = self._topic_place(rec.sentence, k, set())
                if place:
                    rec.destination = place
                    if rec.places == [] :
                        rec.places = [place]
                        rec.geo_precision = _PRECISION.get(self._place_kind(place), 2)

    def _confidence(self, rec: EventRec, strong: bool) -> float:
        c = 0.5 + (0.1 if strong else 0) + (0.1 if rec.agents else 0) + (0.1 if rec.places else 0)
        c -= rec.confidence_penalty
        if rec.time and not rec.time.inherited:
            c += 0.1
        return round(min(c, 0.95), 2)

    # -- control states --------------------------------------------------------------------
    def _control(self, c: Match, si: int, sb: int, se: int, trig: list[Match], ctl: list[Match],
                 quantities: list[Quantity]) -> None:
        doc, toks = self.doc, self.doc.tokens
        status, tense = c.payload
        later = [x.start for x in trig + ctl if x.start > c.start]
        we = min(later) if later else se
        earlier = [x.end for x in trig + ctl if x.end <= c.start]
        ws = max(earlier) if earlier else sb
        # events already produced a control state for territory triggers
        if any(x.trigger[0] <= c.start < x.trigger[1] for x in self.events if x.slug in _TERRITORY):
            return
        in_event = next((x for x in self.events if x.trigger[0] <= c.start < x.trigger[1]), None)
        roles = _role_phrases(doc, ws, we)
        places: list[str] = []
        controller: str | None = None
        share = None
        if status == "Stronghold":
            # genitive or pronoun owner
            after = _mention_at(doc, c.end)
            if after is not None and not after.is_place:
                controller = after.ref
            else:
                controller = self._last_armed(c.start)
            follow = [p for p in _places_in(doc, c.end, min(we, c.end + 6)) if p.kind != "Country"]
            if follow and follow[0].tok_begin - c.end <= 2:
                places = [p.ref for p in follow if p.kind not in ("Country",)]
            else:
                prev = [p for p in _places_in(doc, sb, c.start) if p.kind not in ("Country", "Admin1")
                        and not (p.tok_begin > 0 and toks[p.tok_begin - 1].norm == "مع")]
                if prev:
                    places = [prev[-1].ref]
            lost = any(x.payload[0] == "Lost" for x in ctl if x.start < c.start)
            if lost:
                status = "Lost"
        elif status == "Lost":
            subj = _mention_at(doc, c.end) or (_mention_at(doc, c.end + 1) if c.end + 1 < se else None)
            if subj is None or subj.is_place:
                return
            controller = subj.ref
            places = [p.ref for p in _places_in(doc, subj.tok_end, min(we, subj.tok_end + 3))]
        elif status == "Besieged":
            place = None
            obj = _mention_at(doc, c.end)
            if obj is not None and not obj.is_place:
                return
            if toks[c.start].pronoun == "ها" or (c.end < se and toks[c.end].pronoun == "ha"):
                place = self._topic_place(si, c.start, set())
            else:
                places_after = [p for p in _places_in(doc, c.end, we) if p.kind != "River"]
                places_before = [p for p in _places_in(doc, ws, c.start) if p.kind != "River"]
                if places_before:
                    place = places_before[-1].ref
                elif places_after:
                    place = places_after[0].ref
            if place is None:
                return
            holder = next((x.controller for x in reversed(self.controls) if x.place == place and
                           x.status in ("FullControl", "PartialControl", "Presence", "Stronghold")), None)
            if holder is None:
                return
            besiegers = set(in_event.agents) if in_event else set()
            if holder in besiegers:
                return
            controller, places = holder, [place]
        else:  # FullControl / Presence (present tense states, "تحت سيطرة X")
            if in_event is not None and in_event.slug in _TERRITORY:
                return
            subj = None
            k = c.end
            while k < min(we, c.end + 4):
                men = _mention_at(doc, k)
                if men is not None:
                    if not men.is_place:
                        subj = men
                    break
                if toks[k].stems & _PREPS and not toks[k].pronoun:
                    break
                k += 1
            if subj is None:
                for k in range(c.start - 1, ws - 1, -1):
                    men = _mention_at(doc, k)
                    if men is not None and not men.is_place and not _in_marked(doc, roles, men):
                        subj = men
                        break
            if subj is None:
                continued = self.last_agent.get(doc.paragraph_of[si])
                if continued is None or toks[c.start].norm == fold("فقد"):
                    return
                controller = continued[0][0]
            else:
                controller = subj.ref
            pron_obj = c.end < se and toks[c.end].pronoun == "ها" and toks[c.end].stems & _PREPS
            pl = [p for p in _places_in(doc, c.end, we) if p.ref != controller] if not pron_obj else []
            if status == "Presence" and not pl:
                return
            if pl:
                places = [p.ref for p in pl if not (p.tok_begin > 0 and toks[p.tok_begin - 1].norm == "مع")]
                if status == "FullControl":
                    places = places[:1]
            else:
                pron = any(toks[k].pronoun == "ها" for k in range(c.start, min(we, c.end + 2)))
                rel = any(toks[k].norm in _RELATIVES for k in range(max(ws, c.start - 2), c.start))
                if pron or rel:
                    place = self._topic_place(si, c.start, set())
                    if place:
                        places = [place]
            share = next((q.value for q in quantities if c.end <= q.tok_begin < we and q.kind == "percent"), None)
            if share is not None and status == "FullControl":
                status = "PartialControl"
        if not controller or not places:
            return
        if controller.startswith("position:"):
            return
        as_of = None
        if tense == "present":
            as_of = doc.published
        else:
            t = self._time(ws, we, sb, se, si, set())
            as_of = t.latest if t and not t.inherited else None
        span_end = max([toks[c.end - 1].end] + [m.end for m in _places_in(doc, c.end, we)[:2]])
        span_begin = toks[c.start].begin
        for ref in _dedup(places):
            if any(x.place == ref and x.controller == controller and x.status == status for x in self.controls):
                continue
            rec = ControlRec(status, controller, ref, si, [(span_begin, span_end)], share, as_of, cue=(c.start, c.end))
            self._modality(rec, c.start, ws if ws < c.start else sb)
            if rec.modality == "Expected" and status in ("Stronghold", "Lost"):
                rec.modality = "Asserted"
            rec.confidence = 0.6 if status in ("Presence", "Stronghold", "Lost") else 0.7
            self.controls.append(rec)

    def _last_armed(self, before_tok: int) -> str | None:
        for men in reversed(self.doc.ents.mentions):
            if men.tok_begin < before_tok and not men.is_place and men.kind in ARMED:
                return men.ref
        return None

    # -- merging ---------------------------------------------------------------------------
    def _merge(self) -> None:
        from ingest.event_types import acled_sub

        self._similar_times()
        # round 8: ``تسللت قوة خاصة ... وحاصرت منزلاً، قبل أن تدفع ... بتعزيزات ...، حيث اندلعت مواجهات
        # ...، قبل أن تنسحب``: the steps of a raid told around its clash, in its sentence, are part of it
        steps = {id(ev) for ev in self._raid_steps if any(
            x.sentence == ev.sentence and _event_type(x.slug) in _VIOLENT and x.absorb_into is None
            for x in self.events)}
        self.events = [ev for ev in self.events if id(ev) not in steps]
        for ev in self.events:
            # round 8: ``لم يكن سقوط قاعدة الوطية ...`` told with no actor, and ``أعلنت قوات «بركان الغضب»
            # سيطرتها على القاعدة``: the fall is that takeover, typed by the actor that made it
            if ev.slug in _TERRITORY and not ev.agents and ev.places:
                x = next((x for x in self.events if x is not ev and x.slug in _TERRITORY and x.agents and
                          set(x.places) == set(ev.places)), None)
                if x is not None:
                    ev.slug = x.slug
        kept: list[EventRec] = []
        for ev in self.events:
            target = self._merge_target(ev, kept)
            for k in ([] if target is not None else kept):
                same_type = k.slug == ev.slug or (acled_sub(k.slug) == acled_sub(ev.slug) != "Other")
                if not same_type or not ev.places:
                    continue
                if set(k.places) != set(ev.places):
                    continue
                if ev.is_purpose or k.is_purpose:
                    continue
                if k.modality != ev.modality and {k.modality, ev.modality} - {"Asserted", "Reported", "Promised"}:
                    continue
                if not _dates_compatible(k.time, ev.time):
                    continue
                if not self._agents_compatible(k.agents, ev.agents):
                    continue
                target = k
                break
            if target is None:
                kept.append(ev)
                continue
            ev.merged_into = target
            self._fold_into(ev, target)
        # a summary lead and its detailed account (after all in-sentence merges have settled
        # each event's place)
        final: list[EventRec] = []
        for ev in kept:
            target = next((k for k in final if self._restatement_of(k, ev)), None)
            if target is None:
                final.append(ev)
                continue
            ev.merged_into = target
            self._fold_into(ev, target)
        kept = self._split_protests(final)
        for ev in kept:
            ev.followed_by = _dedup([_final(x) for x in ev.followed_by if _final(x) is not ev])
            ev.purpose = _dedup([_final(x) for x in ev.purpose])
        self.events = kept

    def _similar_times(self) -> None:
        """Round 8: ``كما جرى تسيير مواكب مماثلة``: an undated event called similar to one told
        before (``مماثلة`` / ``مشابهة`` right after the trigger) happened when that one did."""
        toks = self.doc.tokens
        for i, ev in enumerate(self.events):
            if ev.time is None or not ev.time.inherited or ev.trigger[1] >= len(toks) or \
                    not toks[ev.trigger[1]].stems & _GENERIC_ADJ:
                continue
            prev = next((x for x in reversed(self.events[:i]) if _event_type(x.slug) == _event_type(ev.slug)
                         and x.time is not None and not x.time.inherited), None)
            if prev is not None and prev.time is not None:
                t = prev.time
                ev.time = Time(t.earliest, t.latest, t.precision, t.expression, None, True, False)

    def _split_protests(self, events: list[EventRec]) -> list[EventRec]:
        """Round 8: ``جرى تسيير مواكب مماثلة في مدينتي أم درمان وبحري``: protests in two towns,
        neither within the other, are two events (ACLED codes one per place). The copy's evidence
        runs from the event's first span to the second town's name."""
        out: list[EventRec] = []
        doc = self.doc
        for ev in events:
            out.append(ev)
            if _event_type(ev.slug) != "Protests" or len(ev.places) < 2 or not ev.spans:
                continue
            first = ev.places[0]
            for ref in ev.places[1:]:
                if ref in place_chain(doc, first) or first in place_chain(doc, ref):
                    continue
                sb, se = doc.sentences[ev.sentence]
                men = next((x for x in _places_in(doc, sb, se) if x.ref == ref), None)
                if men is None or men.end <= ev.spans[0][0]:
                    continue
                span = (ev.spans[0][0], men.end)
                if any(x.spans and x.spans[0] == span and x.slug == ev.slug for x in out):
                    continue
                copy = replace(ev, places=[ref], spans=[span, *ev.spans[1:]], followed_by=list(ev.followed_by),
                               purpose=list(ev.purpose), counts=dict(ev.counts))
                out.append(copy)
            ev.places = [x for x in ev.places if x == first or x in place_chain(doc, first) or
                         first in place_chain(doc, x)]
        return out

    def _restatement_of(self, k: EventRec, ev: EventRec) -> bool:
        same_type = k.slug == ev.slug or (_acled_sub(k.slug) == _acled_sub(ev.slug) != "Other")
        if not same_type or not self._restates(k, ev) or not self._nested(k, ev):
            return False
        if k.modality != ev.modality and {k.modality, ev.modality} - {"Asserted", "Reported"}:
            return False
        return _dates_compatible(k.time, ev.time) and self._agents_compatible(k.agents, ev.agents)

    def _fold_into(self, ev: EventRec, target: EventRec) -> None:
        """Merge event ``ev`` (another mention of ``target``) into ``target``."""
        if ev.slug in _OUTCOME.get(target.slug, ()) and ev.absorb_into is not None:
            target.slug = ev.slug  # the outcome names the act
            if ev.places and not ev.place_inherited:
                target.places, target.geo_precision, target.place_inherited = ev.places, ev.geo_precision, False
        elif ev.places and not ev.place_inherited and (not target.places or
                                                     target.place_inherited and not ev.anaphoric or
                                                     self._inside(ev.places, target.places)):
            # (the more specific place: a lead's governorate gives way to the detail's district)
            target.places, target.geo_precision, target.place_inherited = ev.places, ev.geo_precision, False
        target.spans += ev.spans
        for attr in ("agents", "targets", "supporters", "air", "leaders", "victims"):
            setattr(target, attr, _dedup(getattr(target, attr) + getattr(ev, attr)))
        target.supporters = [s for s in target.supporters if s not in target.agents]
        target.claims = _dedup(target.claims + ev.claims)
        for key, value in ev.counts.items():
            target.counts.setdefault(key, value)
        target.followed_by += ev.followed_by
        target.purpose += ev.purpose
        target.direction = target.direction or ev.direction
        target.destination = target.destination or ev.destination
        target.distance = target.distance or ev.distance
        tt, et = target.time, ev.time
        if tt and (tt.inherited or tt.loose) and et and not et.inherited and not (et.loose and not tt.inherited):
            target.time = et
        elif tt and et and not et.inherited and not et.loose and tt.earliest and et.earliest and \
                tt.latest and et.latest and (tt.earliest, et.latest) != (et.earliest, tt.latest) and \
                tt.earliest <= et.earliest and et.latest <= tt.latest:
            target.time = et  # the more precise date of the same event
        if ev.slug == "suicide-bombing" or (ev.slug == "drone-strike" and target.slug == "air-strike"):
            target.slug = ev.slug  # the more specific reading of one event
        if ev.anaphoric and ev.absorb_into is None:
            pass  # a later reference does not change how the event was first reported
        elif target.modality != "Asserted" and ev.modality == "Asserted":
            target.modality, target.attributed = "Asserted", None
        target.confidence = max(target.confidence, ev.confidence)

    def _restates(self, k: EventRec, ev: EventRec) -> bool:
        """``ev`` may tell again (in detail) what ``k`` told: a summary lead and its detailed
        account (``غارات على صعدة ... فقد قالت ... قُتلوا في غارة على رازح``). Both are in one
        paragraph, a few sentences apart, or ``k`` is in the report's opening sentence."""
        if k.is_purpose or ev.is_purpose or k.sentence == ev.sentence:
            return False
        doc = self.doc
        para = doc.paragraph_of[k.sentence]
        if para != doc.paragraph_of[ev.sentence] and k.sentence != 0 or ev.sentence - k.sentence > 3:
            return False
        lead = k.sentence == 0 or doc.paragraph_of[k.sentence - 1] != para
        first = doc.tokens[doc.sentences[ev.sentence][0]]
        opens = bool((first.stems | {first.norm}) & _DETAIL_OPENERS)
        return lead or ev.sentence == k.sentence + 1 and opens

    def _nested(self, a: EventRec, b: EventRec) -> bool:
        """The places are the same or one lies within the other (a headline's governorate and
        the detail's district)."""
        if not a.places or not b.places or a.place_inherited or b.place_inherited:
            return False
        return set(a.places) == set(b.places) or self._inside(a.places, b.places) or self._inside(b.places, a.places)

    def _inside(self, inner: list[str], outer: list[str]) -> bool:
        return bool(inner and outer) and all(any(o in place_chain(self.doc, i)[1:] for o in outer) for i in inner[:1])

    def _merge_target(self, ev: EventRec, kept: list[EventRec]) -> EventRec | None:
        """The earlier event ``ev`` is another mention of: the event it is a circumstance of;
        for a definite noun (``الهجوم``, ``الغارة``, ``الهدنة``) the latest earlier event of a
        compatible type within a few sentences; an event of the same ACLED sub-event type in the
        same sentence at a compatible place (``طائرة مسيرة ... شنت غارة``)."""
        if ev.is_purpose:
            return None
        if ev.absorb_into is not None:
            t = ev.absorb_into
            while t.merged_into is not None:
                t = t.merged_into
            if t in kept:
                return t
        sub, typ = _acled_sub(ev.slug), _event_type(ev.slug)
        if ev.anaphoric:
            for k in reversed(kept):
                if k.is_purpose or ev.sentence - k.sentence > 4:
                    continue
                ktyp = _event_type(k.slug)
                # (round 9: ``وجاءت الاحتجاجات بعد ...`` refers to a riot told before: both are demonstrations)
                same = _acled_sub(k.slug) == sub or ktyp == typ and typ != "Strategic developments" or \
                    {ktyp, typ} <= _DEMONSTRATIONS or \
                    ev.slug in _GENERIC_ANAPHORS and ktyp in _VIOLENT and typ in _VIOLENT
                if not same:
                    continue
                et, kt = ev.time, k.time
                if et is not None and kt is not None and not (et.inherited or et.loose) and not kt.inherited and \
                        not _dates_compatible(kt, et) and not (typ == "Strategic developments" and
                                                                         k.slug == ev.slug):
                    # (a later date of the same agreement is when it takes effect or ends)
                    continue
                if not self._places_compatible(k, ev):
                    continue
                return k
        for k in reversed(kept):
            if k.sentence != ev.sentence or k.is_purpose:
                continue
            if sub == "Other" and k.slug != ev.slug:
                continue  # "Other" groups unrelated developments (aid, siege, talks)
            if _acled_sub(k.slug) != sub and not (typ == _event_type(k.slug) == "Explosions/Remote violence" and
                                                  0 <= ev.trigger[0] - k.trigger[1] <= 2):
                continue
            if self._places_compatible(k, ev) and _dates_compatible(k.time, ev.time):
                return k
        return None

    def _places_compatible(self, a: EventRec, b: EventRec) -> bool:
        if not a.places or not b.places or a.place_inherited or b.place_inherited:
            return True
        if set(a.places) & set(b.places):
            return True
        return any(x in place_chain(self.doc, y) or y in place_chain(self.doc, x) for x in a.places for y in b.places)

    def _agents_compatible(self, a: list[str], b: list[str]) -> bool:
        if not a or not b or set(a) & set(b):
            return True
        index = self.doc.index
        for x in a:
            for y in b:
                if x in index.ancestors(y) or y in index.ancestors(x):
                    return True
                cx, cy = _country(self.doc, x), _country(self.doc, y)
                if cx and cx == cy and _actor_kind(self.doc, x) in STATE and _actor_kind(self.doc, y) in STATE:
                    return True
        return False


def place_chain(doc: Doc, ref: str) -> list[str]:
    """``ref`` and the places it lies within, nearest first (document-local places included)."""
    if ref.startswith("local:"):
        lp = doc.ents.local_places.get(ref[6:])
        return [ref] + (place_chain(doc, lp.within) if lp and lp.within else [])
    return [ref, *doc.index.ancestors(ref, "within")]


def _event_type(slug: str) -> str:
    from ingest.event_types import scheme

    return scheme().get(slug, ("", "", ""))[0]


def _acled_sub(slug: str) -> str:
    from ingest.event_types import acled_sub

    return acled_sub(slug)


def _country(doc: Doc, ref: str) -> str | None:
    if ref.startswith("local:"):
        la = doc.ents.locals.get(ref[6:])
        if la is None:
            return None
        if la.nationality:
            return la.nationality
        return doc.index.country_of(la.part_of) if la.part_of else None
    return doc.index.country_of(ref)


def _dates_compatible(a: Time | None, b: Time | None) -> bool:
    if a is None or b is None or a.earliest is None or b.earliest is None or a.inherited or b.inherited:
        return True
    return not (a.latest < b.earliest or b.latest < a.earliest)  # type: ignore[operator]


def _final(ev: EventRec) -> EventRec:
    while ev.merged_into is not None:
        ev = ev.merged_into
    return ev


def _dedup(xs: list) -> list:
    out: list = []
    for x in xs:
        if all(x is not y and x != y for y in out):
            out.append(x)
    return out

