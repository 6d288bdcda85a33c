"""Round 11 general fixes, on invented sentences (no case text): see ingest/EVALUATION.md."""

from __future__ import annotations

from datetime import date
from functools import partial

import pytest
from ingest_fixtures import place_labels as _labels
from ingest_fixtures import unit_events

from ingest.pipeline import default_index

_events = partial(unit_events, doc_id="unit-round11")


@pytest.fixture(scope="module")
def index():
    return default_index()




def test_shelling_noun_before_a_drone_is_a_drone_strike(index):
    for text in ("قتل مدنيان في قصف بطائرة مسيّرة على سوق مدينة كادقلي مساء أمس.",
                 "أصيب طفلان إثر قصف طائرة مسيّرة سيارةً قرب بلدة قباطية أمس."):
        _, evs = _events(text, index)
        assert [e.slug for e in evs] == ["drone-strike"], text


def test_attack_with_missiles_is_shelling(index):
    _, evs = _events("تعرضت ناقلة نفط لهجوم بثلاثة صواريخ قرب ميناء عدن أمس.", index)
    assert [e.slug for e in evs] == ["shelling"]


def test_naval_adjective_is_not_khartoum_north(index):
    doc, evs = _events("أصيب ثلاثة صيادين بانفجار لغم بحري قرب مدينة المكلا أمس.", index)
    assert evs and all("الخرطوم بحري" not in _labels(doc, index, e) for e in evs)


def test_gulf_of_aden_is_not_aden(index):
    doc, evs = _events("قال الحوثيون إنهم استهدفوا سفينة تجارية بصاروخ في خليج عدن أمس.", index)
    assert all("عدن" not in _labels(doc, index, e) for e in evs)


def test_pictures_carried_are_not_tyre(index):
    doc, evs = _events("نظم العشرات وقفة احتجاجية في مدينة تعز اليوم رافعين صور المعتقلين.", index)
    protests = [e for e in evs if e.slug == "peaceful-protest"]
    assert protests and _labels(doc, index, protests[0]) == ["تعز"]


def test_gunmen_stopping_a_car_is_no_interception(index):
    _, evs = _events("خطف مسلحون مجهولون طبيبين في مدينة سبها بعد أن اعترضوا سيارتهما أمس.", index)
    assert "interception" not in [e.slug for e in evs]
    assert "abduction" in [e.slug for e in evs]


def test_hostages_held_is_an_abduction(index):
    _, evs = _events("استولى مسلحون على قارب صيد قبالة ميناء بوصاصو أمس واحتجزوا بحارته الخمسة رهائن.", index)
    assert [e.slug for e in evs] == ["abduction"]
    _, evs = _events("احتجزت الشرطة شاحنة محملة بالأسلحة في مدينة بوصاصو أمس.", index)
    assert "abduction" not in [e.slug for e in evs]


def test_short_name_of_the_pmf_is_no_mobilization(index):
    _, evs = _events("قتل عنصران بهجوم لمسلحين على نقطة تفتيش قرب مدينة المقدادية أمس، وفق بيان لإعلام الحشد.", index)
    assert "mobilization" not in [e.slug for e in evs]


def test_planned_attack_is_no_event(index):
    _, evs = _events("قال الجيش إنه قتل مسلحين في مدينة جنين أمس كانا يخططان لتنفيذ هجوم.", index)
    assert "attack" not in [e.slug for e in evs]


def test_attackers_retreat_is_part_of_the_attack(index):
    _, evs = _events("قتل شرطي بهجوم شنه مسلحون على حاجز قرب مدينة سامراء أمس، وأفاد مصدر بأن المهاجمين انسحبوا "
                     "بعد اشتباك قصير.", index)
    assert not [e for e in evs if e.slug in ("withdrawal", "non-violent-transfer-of-territory")]


def test_curfew_is_a_strategic_development_but_not_a_running_one(index):
    _, evs = _events("قرر المحافظ فرض حظر التجول في مدينة العريش اعتباراً من اليوم.", index)
    assert [e.slug for e in evs] == ["other"]
    _, evs = _events("استمر حظر التجول في مدينة العريش لليوم الخامس على التوالي.", index)
    assert "other" not in [e.slug for e in evs]


def test_expected_deployment_in_the_imperfect(index):
    _, evs = _events("ومن المتوقع أن ينتشر الجيش اللبناني في بلدة بنت جبيل الأسبوع المقبل.", index)
    assert [e.slug for e in evs] == ["non-violent-transfer-of-territory"]
    _, evs = _events("داهمت الشرطة حي الكرامة في مدينة الموصل التي تنتشر فيها السرقات أمس.", index)
    assert "non-violent-transfer-of-territory" not in [e.slug for e in evs]


def test_houses_blown_up_after_a_time_and_a_count(index):
    _, evs = _events("وكانت القوات الإسرائيلية قد فجرت أمس نحو عشرة منازل في بلدة عيترون.", index)
    assert [e.slug for e in evs] == ["looting-property-destruction"]
    assert evs[0].time.earliest == date(2021, 3, 9)


def test_retaking_from_an_armed_group_without_agent_is_the_government(index):
    _, evs = _events("أعلنت قيادة العمليات استعادة السيطرة على قضاء تلعفر بعد معارك مع مسلحي تنظيم «داعش».", index)
    assert "government-regains-territory" in [e.slug for e in evs]
