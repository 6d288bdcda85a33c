"""Claims (who said what) and modality cues.

Rules:

* A speech cue (speech.tsv: قال أكد أعلن ذكرت أفاد أشار صرح نفى نافياً وعد تعهد توعد اتهم
  ...) opens a claim. Its speaker is the actor named right after the cue (VSO order, a time
  word or comma may intervene), or a position phrase with no name (``قائد عمليات X``) as a
  document-local official; participles with no subject (``نافياً``, ``مؤكداً``, ``مضيفاً``)
  and verbs with no explicit subject continue the previous speaker of the paragraph.
* What was said (the claim's content scope) is, in order of preference: a «quote» that
  follows the speaker (with any words between أن/إن and the quote); the rest of the sentence
  after أن/إن/بأن; for ``وفق ما``/``بحسب``/``نقلاً عن`` the part of the sentence before the
  cue; else the complement after the speaker up to the next comma. Statements read inside the
  scope become the claim's content: ckg:Reported (ckg:Denied for denials, ckg:Promised for
  promises and threats, and for future-tense content ``سـ``/``سوف``), attributed to the
  speaker, never asserted as plain fact.
* Outside claims, modality cues (modality.tsv) mark the statement they precede in the same
  clause: Expected (``من المتوقع``, ``يتوقع``, ``يرجح``), Negated (``لم``, ``لن``, ``عدم`` right
  before the trigger), Ongoing (``لا يزال``, ``ما زال``).
"""

from __future__ import annotations

from dataclasses import dataclass

from ingest.entities import Entities
from ingest.lexicon import Match, folded_set, modality_cues, phrase_index, speech_cues
from ingest.normalize import fold
from ingest.tokens import Token

_THAT = frozenset(fold(w) for w in ("أن", "إن", "بأن", "ان", "بان", "إنه", "أنه", "انه", "إنها", "أنها", "انها",
                                    "أنهم", "إنهم"))
_AFTER_CUES = frozenset(fold(w) for w in ("وفق ما", "وفقا لما", "بحسب ما", "حسب ما", "بحسب", "وفقا", "حسبما",
                                          "نقلا عن"))
_PARTICIPLE_ACTS = frozenset(fold(w) for w in ("مضيفا", "نافيا", "نافية", "مؤكدا", "مؤكدة", "معلنا", "متعهدا",
                                               "متوعدا", "متهما"))
_FUTURE_WORDS = frozenset(fold(w) for w in ("سوف", "المقبلة", "المقبل", "القادمة", "القادم"))


@dataclass
class Claim:
    sentence: int
    trigger: tuple[int, int]  # tokens
    speech_act: str
    content_modality: str
    speaker: str  # entity ref
    speaker_tokens: tuple[int, int] | None
    scope: tuple[int, int]  # tokens of what was said
    quote: tuple[int, int] | None  # chars of the quote (or the reported clause)
    local_speaker: tuple[str, str | None] | None = None  # (ar label, en label) for a position-only speaker


def find_claims(tokens: list[Token], sentences: list[tuple[int, int]], ents: Entities,
                paragraph_of: list[int], blocked: set[int], text: str) -> list[Claim]:
    """Claims in the document. ``sentences`` are token ranges; ``blocked`` token indices that
    belong to event triggers (``أعلن خلافته`` is an event, not a speech act)."""
    out: list[Claim] = []
    last_speaker: dict[int, tuple[str, tuple[int, int] | None]] = {}
    heads = phrase_index("position_heads")
    name_stops = folded_set("name_stops")
    for si, (sb, se) in enumerate(sentences):
        cues = [m for m in speech_cues().find_all(tokens, sb, se) if m.start not in blocked]
        verbs = [m for m in cues if fold("بيان") not in tokens[m.start].stems]
        if verbs:
            cues = verbs
        for ci, m in enumerate(cues):
            act, modality = m.payload
            next_cue = cues[ci + 1].start if ci + 1 < len(cues) else se
            speaker, sp_tokens, local = _speaker(tokens, m, next_cue, ents, heads, name_stops, text)
            para = paragraph_of[si]
            if speaker is None and (tokens[m.start].norm in _PARTICIPLE_ACTS or tokens[m.start].norm[0] == "و"):
                prev = last_speaker.get(para)
                if prev is None:
                    continue
                speaker, sp_tokens = prev[0], None
            elif speaker is None:
                continue
            last_speaker[para] = (speaker, sp_tokens)
            scope, quote = _scope(tokens, m, sp_tokens, sb, se, next_cue, text)
            if scope[1] <= scope[0]:
                continue
            if modality == "Reported" and any(tokens[k].norm in _FUTURE_WORDS or _is_future_verb(tokens[k])
                                              for k in range(scope[0], min(scope[1], scope[0] + 4))):
                modality = "Promised"
            out.append(Claim(si, (m.start, m.end), act, modality, speaker, sp_tokens, scope, quote, local))
    return out


_MAY = frozenset(fold(w) for w in ("قد", "وقد", "فقد", "لقد"))


def _is_perfect(t: Token) -> bool:
    """A past-tense verb after قد (``قد انفجرتا``, ``قد فرض``, ``قد أحبطت``), not an imperfect
    (``قد يؤدي``, ``قد تشهد``): imperfects begin with ي / ن, or with ت and no past ending."""
    n = t.norm
    if t.kind != "w" or len(n) < 3 or n[0] in "ين":
        return False
    if n[0] == "ت":
        return n.endswith(("ت", "تا", "وا"))
    return True


def _is_future_verb(t: Token) -> bool:
    n = t.norm
    return len(n) >= 5 and n[0] == "س" and n[1] in "يتن" and not n.startswith("سيطر")


def _speaker(tokens: list[Token], m: Match, limit: int, ents: Entities, heads, name_stops, text: str
             ) -> tuple[str | None, tuple[int, int] | None, tuple[str, str | None] | None]:
    k = m.end
    skipped = 0
    while k < limit and skipped < 4:
        mi = ents.by_token.get(k)
        if mi is not None:
            men = ents.mentions[mi]
            if not men.is_place:
                # a person named after a position phrase: prefer the person
                j = men.tok_end
                for mj in range(mi + 1, min(mi + 4, len(ents.mentions))):
                    other = ents.mentions[mj]
                    if other.source == "person" and other.tok_begin - j <= 6 and other.tok_begin < limit:
                        return other.ref, (men.tok_begin, other.tok_end), None
                return men.ref, (men.tok_begin, men.tok_end), None
            return None, None, None
        hm = heads.match_at(tokens, k, limit)
        if hm:
            # position-only speaker: up to أن/إن, a comma or a quote
            j = hm.end
            while j < limit and tokens[j].kind == "w" and tokens[j].norm not in _THAT and j - k < 8:
                mi2 = ents.by_token.get(j)
                if mi2 is not None and (ents.mentions[mi2].source == "person" or
                                        ents.mentions[mi2].kind in ("Official", "Person")):
                    men = ents.mentions[mi2]
                    return men.ref, (k, men.tok_end), None
                j += 1
            if j > hm.end:
                label = text[tokens[k].begin:tokens[j - 1].end]
                return "position:" + fold(label), (k, j), (label, None)
            return None, None, None
        t = tokens[k]
        if t.kind == "p" or t.norm in (fold("أمس"), fold("اليوم"), "في", fold("بيان")) or \
                speech_cues().match_at(tokens, k, limit):
            k += 1
            skipped += 1
            continue
        return None, None, None
    return None, None, None


def _scope(tokens: list[Token], m: Match, sp: tuple[int, int] | None, sb: int, se: int, next_cue: int,
           text: str) -> tuple[tuple[int, int], tuple[int, int] | None]:
    cue_norm = " ".join(t.norm for t in tokens[m.start:m.end])
    if cue_norm in _AFTER_CUES or tokens[m.start].norm in _AFTER_CUES:
        end = m.start
        while end > sb and tokens[end - 1].kind == "p":
            end -= 1
        if end > sb:
            return (sb, end), (tokens[sb].begin, tokens[end - 1].end)
    k = sp[1] if sp else m.end
    while k < se and (tokens[k].kind == "p" and tokens[k].norm != '"' or tokens[k].norm in
                      (fold("أمس"), fold("اليوم"))):
        k += 1
    start = k
    if k < se and tokens[k].norm in _THAT:
        start = k + 1
    else:
        # round 8: ``قالت القوات المسلحة – الجيش العربي، في بيان صدر اليوم، إن ...``: an apposition or a
        # circumstance between the speaker and ``إن`` after a comma
        for j in range(k + 1, min(se, next_cue, k + 14)):
            if tokens[j].norm in _THAT and tokens[j - 1].norm in ("،", ","):
                start = j + 1
                break
            if tokens[j].norm in (".", "؛", '"'):
                break
    # a quote within reach
    q = start
    while q < min(se, start + 8) and tokens[q].norm != '"':
        q += 1
    if q < se and tokens[q].norm == '"':
        close = q + 1
        while close < se and tokens[close].norm != '"':
            close += 1
        if close < se:
            b = start if start < q and tokens[start - 1].norm in _THAT else q
            return (b, close + 1), (tokens[q].begin, tokens[close].end)
    if start > k or (start < se and tokens[start - 1].norm in _THAT):
        end = min(se, next_cue)
        while end > start and tokens[end - 1].kind == "p":
            end -= 1
        if end > start:
            return (start, end), (tokens[start].begin, tokens[end - 1].end)
    end = start
    while end < min(se, next_cue) and tokens[end].norm not in ("،", ","):
        end += 1
    while end > start and tokens[end - 1].kind == "p":
        end -= 1
    if end > start:
        return (start, end), (tokens[start].begin, tokens[end - 1].end)
    return (start, start), None


_COPULAS = frozenset(fold(w) for w in ("يكن", "تكن", "يكون", "تكون", "يعد", "تعد", "يكونوا"))


def cue_modality(tokens: list[Token], trigger_start: int, clause_start: int) -> tuple[str | None, int | None]:
    """The modality a cue gives to a trigger at ``trigger_start`` (cues between the clause
    start and the trigger), and the cue's token index."""
    best: tuple[str | None, int | None] = (None, None)
    i = clause_start
    idx = modality_cues()
    while i < trigger_start:
        m = idx.match_at(tokens, i, trigger_start)
        if m:
            modality, scope = m.payload
            near = trigger_start - m.end <= 2
            if m.end - m.start == 1 and tokens[m.start].norm in _MAY and m.end < len(tokens) and \
                    _is_perfect(tokens[m.end]):
                i = m.end  # ``وكانت القوات قد أحبطت``: قد + a past verb is "had done", not "may"
                continue
            if modality == "Negated" and m.end < trigger_start and tokens[m.end].norm in _COPULAS:
                i = m.end  # round 8: ``لم يكن سقوط القاعدة مجرد تطور``: the predicate is denied, not the fall
                continue
            if scope == "clause" or near:
                best = (modality, m.start)
            i = m.end
        else:
            i += 1
    if best[0] is None and trigger_start > clause_start and _is_future_verb(tokens[trigger_start - 1]):
        best = ("Expected", trigger_start - 1)
    return best
