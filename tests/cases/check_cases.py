"""Loader and validator for the hand-written Arabic evaluation cases.

Usage:
    python tests/cases/check_cases.py          # validate every case, exit 1 on errors

From tests:
    from tests.cases.check_cases import load_cases   (or import by path)
    cases = load_cases()   # list of dicts: JSON metadata + "text" + "stem"
"""
from __future__ import annotations

import datetime as _dt
import json
import re
import sys
from pathlib import Path

CASES_DIR = Path(__file__).resolve().parent

ACLED_TYPES = {
    "Battles": {"Armed clash", "Government regains territory", "Non-state actor overtakes territory"},
    "Explosions/Remote violence": {
        "Chemical weapon", "Air/drone strike", "Suicide bomb", "Shelling/artillery/missile attack",
        "Remote explosive/landmine/IED", "Grenade",
    },
    "Violence against civilians": {"Sexual violence", "Attack", "Abduction/forced disappearance"},
    "Protests": {"Peaceful protest", "Protest with intervention", "Excessive force against protesters"},
    "Riots": {"Violent demonstration", "Mob violence"},
    "Strategic developments": {
        "Agreement", "Arrests", "Change to group/activity", "Disrupted weapons use",
        "Headquarters or base established", "Looting/property destruction",
        "Non-violent transfer of territory", "Other",
    },
}
MODALITIES = {"asserted", "reported", "denied", "expected", "promised", "negated"}
FUTURE_MODALITIES = {"expected", "promised"}
PRECISIONS = {"day", "month", "year", "week"}
SPEECH_ACTS = {"said", "confirmed", "announced", "reported", "denied", "promised", "threatened", "accused"}
COUNTRIES = {"Iraq", "Syria", "Yemen", "Libya", "Lebanon", "Palestine", "Israel", "Egypt", "Sudan", "Turkey", "Jordan",
             # round 10: Arabic-language conflict reporting beyond the Levant and Iraq
             "Saudi Arabia", "Iran", "Somalia", "Mali", "Burkina Faso", "Niger", "Nigeria", "Chad", "South Sudan",
             "Afghanistan", "Tunisia", "Algeria"}

TOP_KEYS = ["id", "published", "publisher", "title", "language", "notes", "expected_events", "expected_claims"]
EVENT_KEYS = [
    "acled_event_type", "acled_sub_event_type", "place_en", "place_ar", "country", "date", "date_precision",
    "actor1_ar", "actor1_en", "actor2_ar", "actor2_en", "fatalities", "fatalities_low", "fatalities_high",
    "injured", "modality", "attributed_to_ar", "evidence_contains",
]
CLAIM_KEYS = ["speaker_ar", "speech_act", "evidence_contains"]
DATE_PATTERNS = {
    "day": r"\d{4}-\d{2}-\d{2}",
    "week": r"\d{4}-\d{2}-\d{2}",
    "month": r"\d{4}-\d{2}",
    "year": r"\d{4}",
}


def load_cases(directory: str | Path | None = None) -> list[dict]:
    """Return all cases sorted by file name; each is the JSON dict plus "text" and "stem"."""
    d = Path(directory) if directory else CASES_DIR
    cases = []
    for jpath in sorted(d.glob("[0-9][0-9][0-9]_*.json")):
        case = json.loads(jpath.read_text(encoding="utf-8"))
        case["text"] = jpath.with_suffix(".txt").read_text(encoding="utf-8")
        case["stem"] = jpath.stem
        cases.append(case)
    return cases


def _parse_date(value: str, precision: str) -> tuple[_dt.date, _dt.date]:
    """Return the (first, last) day covered by a date string at the given precision."""
    if not re.fullmatch(DATE_PATTERNS[precision], value):
        raise ValueError(f"date {value!r} does not match precision {precision!r}")
    if precision in ("day", "week"):
        d = _dt.date.fromisoformat(value)
        return d, d
    if precision == "month":
        y, m = map(int, value.split("-"))
        first = _dt.date(y, m, 1)
        nxt = _dt.date(y + (m == 12), m % 12 + 1, 1)
        return first, nxt - _dt.timedelta(days=1)
    y = int(value)
    return _dt.date(y, 1, 1), _dt.date(y, 12, 31)


def _in_text_base_form(value: str, text: str) -> bool:
    """Actor names are given in base form; in the text they may carry a clitic that
    swallows the article (e.g. base التنظيم written as للتنظيم)."""
    if value in text:
        return True
    return value.startswith("ال") and len(value) > 4 and ("ل" + value[1:]) in text


def _is_int_or_none(v) -> bool:
    return v is None or (isinstance(v, int) and not isinstance(v, bool) and v >= 0)


def validate_case(case: dict) -> list[str]:
    errs: list[str] = []
    stem, text = case.get("stem", "?"), case.get("text", "")

    def err(msg):
        errs.append(f"{stem}: {msg}")

    for k in TOP_KEYS:
        if k not in case:
            err(f"missing top-level key {k!r}")
    if errs:
        return errs
    if case["id"] != f"case-{stem[:3]}":
        err(f"id {case['id']!r} does not match file number {stem[:3]}")
    if case["language"] != "ar":
        err("language must be 'ar'")
    try:
        pub = _dt.date.fromisoformat(case["published"])
        if not (2011 <= pub.year <= 2024):
            err(f"published {pub} outside 2011-2024")
    except ValueError:
        err(f"bad published date {case['published']!r}")
        return errs
    if not (400 <= len(text) <= 1500):
        err(f"text length {len(text)} outside 400-1500")
    n_sent = len(re.findall(r"[.!?؟](?=\S|\s|$)", text))
    if not (2 <= n_sent <= 6):
        err(f"{n_sent} sentences, expected 2-6")
    if not re.search(r"[\u0621-\u064A]", text):
        err("text contains no Arabic letters")

    events = case["expected_events"]
    if not (2 <= len(events) <= 5):
        err(f"{len(events)} expected events, expected 2-5")
    for i, ev in enumerate(events):
        tag = f"event[{i}]"
        missing = [k for k in EVENT_KEYS if k not in ev]
        if missing:
            err(f"{tag} missing keys {missing}")
            continue
        et, st = ev["acled_event_type"], ev["acled_sub_event_type"]
        if et not in ACLED_TYPES:
            err(f"{tag} unknown event type {et!r}")
        elif st not in ACLED_TYPES[et]:
            err(f"{tag} sub-event {st!r} not allowed under {et!r}")
        if ev["modality"] not in MODALITIES:
            err(f"{tag} bad modality {ev['modality']!r}")
        if ev["country"] not in COUNTRIES:
            err(f"{tag} unexpected country {ev['country']!r}")
        if ev["date_precision"] not in PRECISIONS:
            err(f"{tag} bad date_precision {ev['date_precision']!r}")
        else:
            try:
                first, last = _parse_date(ev["date"], ev["date_precision"])
                if ev["modality"] in FUTURE_MODALITIES:
                    if last < pub:
                        err(f"{tag} {ev['modality']} event dated {ev['date']} before publication {pub}")
                elif first > pub:
                    err(f"{tag} past-tense event dated {ev['date']} after publication {pub}")
                if abs((first - pub).days) > 5 * 366:
                    err(f"{tag} date {ev['date']} implausibly far from publication {pub}")
            except ValueError as e:
                err(f"{tag} {e}")
        for k in ("fatalities", "fatalities_low", "fatalities_high", "injured"):
            if not _is_int_or_none(ev[k]):
                err(f"{tag} {k} must be a non-negative int or null, got {ev[k]!r}")
        lo, hi, fat = ev["fatalities_low"], ev["fatalities_high"], ev["fatalities"]
        if isinstance(lo, int) and isinstance(hi, int) and lo > hi:
            err(f"{tag} fatalities_low > fatalities_high")
        if isinstance(fat, int) and isinstance(lo, int) and fat < lo:
            err(f"{tag} fatalities < fatalities_low")
        if isinstance(fat, int) and isinstance(hi, int) and fat > hi:
            err(f"{tag} fatalities > fatalities_high")
        if ev["modality"] in ("reported", "denied") and not ev["attributed_to_ar"]:
            err(f"{tag} {ev['modality']} event needs attributed_to_ar")
        if (ev["actor2_ar"] is None) != (ev["actor2_en"] is None):
            err(f"{tag} actor2_ar/actor2_en must both be set or both null")
        if not ev["actor1_ar"] or not ev["actor1_en"]:
            err(f"{tag} actor1 must be set")
        evid = ev["evidence_contains"]
        if not (5 <= len(evid) <= 40):
            err(f"{tag} evidence length {len(evid)} outside 5-40")
        for k in ("evidence_contains", "place_ar", "attributed_to_ar"):
            v = ev[k]
            if v is not None and v not in text:
                err(f"{tag} {k} {v!r} not found in text")
        for k in ("actor1_ar", "actor2_ar"):
            v = ev[k]
            if v is not None and not _in_text_base_form(v, text):
                err(f"{tag} {k} {v!r} not found in text (even without the article)")

    for i, c in enumerate(case["expected_claims"]):
        tag = f"claim[{i}]"
        missing = [k for k in CLAIM_KEYS if k not in c]
        if missing:
            err(f"{tag} missing keys {missing}")
            continue
        if c["speech_act"] not in SPEECH_ACTS:
            err(f"{tag} bad speech_act {c['speech_act']!r}")
        if not (5 <= len(c["evidence_contains"]) <= 40):
            err(f"{tag} evidence length {len(c['evidence_contains'])} outside 5-40")
        for k in ("speaker_ar", "evidence_contains"):
            if c[k] not in text:
                err(f"{tag} {k} {c[k]!r} not found in text")
    return errs


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    cases = load_cases(argv[0] if argv else None)
    if not cases:
        print("no cases found", file=sys.stderr)
        return 1
    ids = [c.get("id") for c in cases]
    errors = []
    if len(set(ids)) != len(ids):
        errors.append("duplicate case ids")
    for c in cases:
        txt = CASES_DIR / f"{c['stem']}.txt" if not argv else Path(argv[0]) / f"{c['stem']}.txt"
        if not txt.exists():
            errors.append(f"{c['stem']}: missing .txt")
        errors.extend(validate_case(c))
    n_ev = sum(len(c.get("expected_events", [])) for c in cases)
    n_cl = sum(len(c.get("expected_claims", [])) for c in cases)
    for e in errors:
        print("ERROR", e)
    print(f"{len(cases)} cases, {n_ev} events, {n_cl} claims, {len(errors)} errors")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
