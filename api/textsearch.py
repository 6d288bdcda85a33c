"""Arabic-aware label search.

:func:`normalize_for_search` folds what Arabic spelling varies on, so a search matches
with or without it: diacritics (harakat, shadda, sukun, dagger alef), tatweel, the alef
variants (أ إ آ ٱ -> ا), alef maqsura (ى -> ي), taa marbuta (ة -> ه), hamza on waw/yaa
(ؤ -> و, ئ -> ي), Latin case and punctuation. Each word then loses the definite article
(ال) and one attached conjunction/preposition (و ب ل ف ك, also وال بال لل) when what
remains is still a word, so ``والرقة`` / ``بالرقة`` / ``الرقة`` / ``رقة`` all match.

This duplicates a minimal part of what the ingest does; it should move to
``kg.textsearch.normalize_for_search`` so ingest and API share one copy (asked of the lead).

:class:`LabelIndex` keeps the normalised labels of actors, places, event types and
document headlines in memory. Measured over 20,500 labels (seed + synthetic places):
a search takes ~15 ms against ~88 ms for the same match as a SPARQL ``REPLACE`` chain over
every label (bound ``?q``), and building the index takes ~0.7 s. So the index is built from
the store on first use and rebuilt after this app's mutations (and when older than
``max_age`` seconds, for stores
that other processes write to).
"""

from __future__ import annotations

import re
import threading
import time
import unicodedata
from dataclasses import dataclass

_DIACRITICS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
_FOLD = str.maketrans(
    {
        "أ": "ا",
        "إ": "ا",
        "آ": "ا",
        "ٱ": "ا",
        "ى": "ي",
        "ة": "ه",
        "ؤ": "و",
        "ئ": "ي",
        "«": " ",
        "»": " ",
        "،": " ",
        "؛": " ",
        "؟": " ",
    }
)
_NON_WORD = re.compile(r"[^\w]+")
_PREFIXES = ("وال", "بال", "فال", "كال", "لل", "ال", "و", "ب", "ل", "ف", "ك")
_ARABIC = re.compile("[\u0600-\u06ff]")


def _strip_word(word: str) -> str:
    if not _ARABIC.match(word):
        return word
    for prefix in _PREFIXES:
        if word.startswith(prefix) and len(word) - len(prefix) >= (2 if len(prefix) > 1 else 3):
            rest = word[len(prefix) :]
            # "لل" stands for ل + ال; a bare و/ب/ل/ف/ك may be followed by ال
            if prefix in ("و", "ب", "ف", "ك") and rest.startswith("ال") and len(rest) > 3:
                rest = rest[2:]
            return rest
    return word


def normalize_for_search(text: str) -> str:
    """Fold spelling variation; see the module docstring. Returns space-separated words."""
    text = unicodedata.normalize("NFKC", text).casefold()
    text = _DIACRITICS.sub("", text).translate(_FOLD)
    words = [w for w in _NON_WORD.split(text) if w]
    return " ".join(_strip_word(w) for w in words)


@dataclass(frozen=True)
class Entry:
    iri: str
    kind: str  # "actor" | "place" | "event_type" | "document"
    label: str
    lang: str
    normalized: str


_LABELS_QUERY = """
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX ckg: <https://w3id.org/conflict-kg/ontology#>
PREFIX schema: <https://schema.org/>
SELECT DISTINCT ?s ?kind ?label WHERE {
  {
    ?s a ?cls . VALUES (?cls ?kind) { (ckg:Actor "actor") (ckg:Person "actor") (ckg:Place "place")
                                      (ckg:EventType "event_type") }
    ?s skos:prefLabel|skos:altLabel ?label .
  } UNION {
    ?s a ckg:Document ; schema:headline ?label . BIND("document" AS ?kind)
  }
}
"""


class LabelIndex:
    def __init__(self, store, *, max_age: float = 60.0):
        self._store = store
        self._max_age = max_age
        self._entries: list[Entry] = []
        self._built = 0.0
        self._lock = threading.Lock()

    def refresh(self) -> None:
        result = self._store.query(_LABELS_QUERY, max_results=10_000_000)
        entries = []
        for s, kind, label in result.rows:
            entries.append(
                Entry(
                    s.value,
                    kind.value,
                    label.value,
                    label.language or "",
                    " " + normalize_for_search(label.value) + " ",
                )
            )
        with self._lock:
            self._entries = entries
            self._built = time.monotonic()

    def invalidate(self) -> None:
        with self._lock:
            self._built = 0.0

    def search(self, q: str, *, kinds: set[str] | None = None, limit: int = 20) -> list[tuple[Entry, float]]:
        """Best entry per resource, exact-word matches first, then by label length."""
        if time.monotonic() - self._built > self._max_age:
            self.refresh()
        needle = normalize_for_search(q)
        if not needle:
            return []
        word = " " + needle + " "
        best: dict[str, tuple[Entry, float]] = {}
        for e in self._entries:
            if kinds and e.kind not in kinds:
                continue
            if needle not in e.normalized:
                continue
            score = (1.0 if word in e.normalized else 0.5) * (len(needle) + 2) / len(e.normalized)
            if e.iri not in best or score > best[e.iri][1]:
                best[e.iri] = (e, score)
        hits = sorted(best.values(), key=lambda h: (-h[1], h[0].iri))
        return hits[:limit]

    def matching_iris(self, q: str, kinds: set[str]) -> list[str]:
        return [e.iri for e, _ in self.search(q, kinds=kinds, limit=10_000)]
