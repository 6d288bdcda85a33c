"""Unit tests of the discourse rules of the event stage, on invented sentences (real
gazetteer): summary leads, coordinated verbs of one act, same-time phrases, passive agents,
reference points inside a clause, and weak triggers."""

from __future__ import annotations

from datetime import date

import pytest

from ingest.article import Article
from ingest.pipeline import analyse, default_index

PUB = "2021-03-10"  # a Wednesday


@pytest.fixture(scope="module")
def index():
    return default_index()


def _events(text: str, index):
    doc, _, ex = analyse(Article.create(text, doc_id="unit-discourse", published=PUB), index)
    return doc, ex.events


def _label(doc, index, ref: str) -> str:
    if ref.startswith("local:"):
        return doc.ents.local_places[ref[6:]].label_ar
    return index.entities[ref].label_ar


def test_summary_lead_merges_into_detail(index):
    text = ("غارات جوية عنيفة على محافظة إدلب. فقد قال مصدر محلي إن طائرات حربية شنت مساء الإثنين "
            "غارة على مدينة سراقب أسفرت عن مقتل أربعة مدنيين.")
    doc, evs = _events(text, index)
    strikes = [e for e in evs if e.slug == "air-strike"]
    assert len(strikes) == 1
    ev = strikes[0]
    assert "سراقب" in _label(doc, index, ev.places[0])  # the more specific place
    assert ev.time.earliest == date(2021, 3, 8)  # the detail's date
    assert len(ev.spans) >= 2  # both evidence spans are kept


def test_unrelated_same_type_in_other_place_is_not_merged(index):
    text = ("غارات جوية عنيفة على مدينة سراقب. وفي حمص، شنت طائرات حربية مساء الإثنين غارة على مدينة تلبيسة.")
    _, evs = _events(text, index)
    assert len([e for e in evs if e.slug == "air-strike"]) == 2


def test_coordinated_advance_and_takeover_is_one_takeover(index):
    text = "تقدمت فصائل المعارضة المسلحة صباح اليوم وسيطرت على مدينة الرستن في ريف حمص."
    doc, evs = _events(text, index)
    slugs = [e.slug for e in evs]
    assert "advance" not in slugs
    take = [e for e in evs if e.slug.endswith("territory")]
    assert len(take) == 1 and "الرستن" in _label(doc, index, take[0].places[0])


def test_raid_and_arrests_is_one_arrest_event(index):
    text = "اقتحمت قوات الاحتلال مدينة طولكرم فجر اليوم واعتقلت خمسة شبان."
    _, evs = _events(text, index)
    assert [e.slug for e in evs] == ["arrests"]


def test_release_in_an_exchange_is_the_exchange(index):
    text = "أُفرج أمس عن 20 أسيراً في صفقة تبادل بين الطرفين في مدينة درنة."
    _, evs = _events(text, index)
    assert [e.slug for e in evs] == ["prisoner-exchange"]


def test_same_time_phrase_takes_previous_date(index):
    text = ("قصفت المدفعية مدينة تلعفر يوم الأحد، وفي الوقت نفسه اندلعت اشتباكات عنيفة في مدينة الموصل، "
            "في حين يتوقع أن تصل تعزيزات خلال الأيام المقبلة.")
    _, evs = _events(text, index)
    clash = next(e for e in evs if e.slug == "armed-clash")
    assert clash.time.earliest == date(2021, 3, 7)


def test_passive_agent(index):
    text = "اختُطف صحفي يوم الأحد على أيدي مسلحين مجهولين في مدينة الحلة."
    _, evs = _events(text, index)
    ev = next(e for e in evs if e.slug == "abduction")
    assert any("unidentified" in a or "gunmen" in a for a in ev.agents)
    assert not any("unidentified" in t or "gunmen" in t for t in ev.targets)


def test_passive_agent_is_not_the_next_sentence_subject(index):
    text = ("اختُطف صحفي يوم الأحد على أيدي مسلحين مجهولين في مدينة الحلة. "
            "واعتقلت الشرطة العراقية ثلاثة مشتبه بهم في مدينة الحلة يوم الإثنين.")
    _, evs = _events(text, index)
    arrests = next(e for e in evs if e.slug == "arrests")
    assert not any("unidentified" in a or "gunmen" in a for a in arrests.agents)


def test_situated_reference_point(index):
    text = ("حملة اعتقالات في مخيم جنين. "
            "واندلعت مواجهات رشق خلالها شبان الجنود بالحجارة في المخيم الواقع غرب نابلس.")
    doc, evs = _events(text, index)
    riot = next(e for e in evs if e.slug == "violent-demonstration")
    assert all("نابلس" not in _label(doc, index, p) for p in riot.places)


def test_governorate_in_institution_name(index):
    text = "وفي مدينة الزبير، أضرم محتجون غاضبون النار في مبنى مجلس محافظة البصرة مساء أمس."
    doc, evs = _events(text, index)
    riot = next(e for e in evs if e.slug == "violent-demonstration")
    assert [_label(doc, index, p) for p in riot.places] == ["الزبير"]


def test_weak_triggers_need_support(index):
    _, evs = _events("أطلق النار على الفور في الهواء احتفالاً في مدينة الحلة.", index)
    assert not evs
    _, evs = _events("وكان مسلح مجهول قد أطلق النار على مدنيين في مدينة الحلة يوم الأحد.", index)
    assert evs
