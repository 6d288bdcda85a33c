"""Input checks (ingest/article.py), sources (ingest/sources.py) and claims/modality."""

import io
import json
from datetime import date

import pytest
from ingest_fixtures import fixture_index

from ingest.article import Article
from ingest.pipeline import analyse
from ingest.sources import SourceError, iter_articles
from kg.errors import InvalidInput

AR = "قصفت الطائرات مدينة دير الزور أمس."


@pytest.mark.parametrize("text, message", [
    ("", "empty"), ("   \n ", "empty"), (b"\xff\xfe\x00", "UTF-8"), ("نص\x00ثنائي", "binary"),
    ("<html><body><p>نص</p></body></html>", "HTML"), ("hello world", "no Arabic text found"),
    ("ا" * (5 * 1024 * 1024 // 2 + 10), "too large"),
])
def test_bad_text(text, message):
    with pytest.raises(InvalidInput, match=message):
        Article.create(text)


def test_bad_metadata():
    with pytest.raises(InvalidInput, match="publication date"):
        Article.create(AR, published="04/11/2017")
    with pytest.raises(InvalidInput, match="document id"):
        Article.create(AR, doc_id="bad id/..")


def test_default_id_and_fields():
    a = Article.create(AR.encode("utf-8"), published="2017-11-04", publisher=" الحياة ")
    assert a.doc_id.startswith("doc-") and len(a.doc_id) == 20
    assert a.published == date(2017, 11, 4) and a.publisher == "الحياة" and a.title is None


def test_sources_file_folder_jsonl_stdin(tmp_path):
    (tmp_path / "a.txt").write_text(AR, encoding="utf-8")
    (tmp_path / "a.json").write_text(json.dumps({"id": "a1", "published": "2017-11-04"}), encoding="utf-8")
    (tmp_path / "b.txt").write_text("no arabic here", encoding="utf-8")
    items = list(iter_articles(tmp_path, {"publisher": "X"}))
    assert isinstance(items[0], Article) and items[0].doc_id == "a1" and items[0].publisher == "X"
    assert isinstance(items[1], SourceError) and "no Arabic" in items[1].message
    jl = tmp_path / "batch.jsonl"
    jl.write_text("\n".join([json.dumps({"id": "j1", "text": AR}), "{bad json", json.dumps({"id": "j3"}),
                             json.dumps({"id": "j4", "text": AR, "published": "2017-11-04"})]), encoding="utf-8")
    got = list(iter_articles(jl, {}))
    assert [type(x).__name__ for x in got] == ["Article", "SourceError", "SourceError", "Article"]
    assert got[1].where.endswith(":2")
    assert isinstance(next(iter_articles("-", {}, stdin=io.StringIO(AR))), Article)
    assert isinstance(next(iter_articles(tmp_path / "missing.txt", {})), SourceError)


def _claims(text, pub="2017-11-04"):
    art = Article.create(text, doc_id="t", published=pub)
    doc, claims, ex = analyse(art, fixture_index())
    return doc, claims, ex


def test_reported_speech_is_attributed_not_asserted():
    _, claims, ex = _claims("وذكرت مصادر أمنية أن القوات العراقية استعادت السيطرة على مدينة الموصل أمس.")
    assert claims and claims[0].speech_act == "ReportedBy"
    ev = ex.events[0]
    assert ev.modality == "Reported" and ev.attributed == claims[0].speaker
    assert ev.slug == "government-regains-territory"


def test_denial_and_expectation_and_negation():
    _, _, ex = _claims("ونفى الجيش الإسرائيلي قصف مدينة دمشق.")
    assert ex.events[0].modality == "Denied"
    _, _, ex = _claims("ومن المتوقع أن يقتحم الجيش العراقي مدينة القائم.")
    assert ex.events[0].modality == "Expected"
    _, _, ex = _claims("لم يقتحم الجيش العراقي مدينة القائم.")
    assert ex.events[0].modality == "Negated"


def test_relative_dates_unresolved_without_publication_date():
    _, _, ex = _claims("قصف الجيش السوري مدينة الرقة أمس.", pub=None)
    assert ex.events[0].time.precision == "Unresolved" and ex.events[0].time.earliest is None


def test_gazetteer_entry_without_article_does_not_match_article_form(index):
    from ingest.entities import find_entities
    from ingest.tokens import tokenize

    toks = tokenize("السورية وسورية")  # fem. demonym vs the country "سورية"
    ents = find_entities(toks, [0] * len(toks), index, "السورية وسورية")
    places = [m for m in ents.mentions if m.is_place]
    assert len(places) == 1 and places[0].begin == 8
