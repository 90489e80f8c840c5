"""Evidence: the sentences of the retrieved passages, re-ranked for one question.

A sentence is good evidence when it shares the question's focus terms (normalised, stemmed, same script;
weighted by how rare they are among the retrieved sentences, so "بوتين" counts less than "الكنيسة"), when
its e5 vector is close to the question's (what carries an English question to an Arabic sentence), when
its passage ranked high, and when it holds a span of the expected answer type at all.
"""

from __future__ import annotations

import dataclasses
import functools
import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from qa.grounded.data import places
from qa.grounded.english import arabic_skeleton, english_words_cased, latin_skeleton, stem_english
from qa.grounded.tokens import tokenise_sentence
from qa.grounded.types import Candidate, EvidenceSentence, QuestionAnalysis
from qa.records import Passage
from store.arabic import char_ngrams, is_arabic, lexical_tokens, normalise_arabic
from store.chunking import Span

SentenceVectors = list[tuple[Span, np.ndarray]]
CandidatesFn = Callable[[EvidenceSentence, QuestionAnalysis], list[Candidate]]


@dataclass(frozen=True)
class EvidenceWeights:
    """How the evidence score combines its parts (calibrated on dev + unanswerable: grounded_eval.py)."""

    cosine: float = 1.0  # e5 cosine, question ↔ sentence
    focus: float = 0.35  # weighted share of the question's focus terms found in the sentence
    rank: float = 0.04  # 1 / passage rank
    type_fit: float = 0.06  # the sentence holds a span of the expected answer type


WEIGHTS = EvidenceWeights()
# Two spellings of one name (بيونغيانغ / بيونغ يانغ / بيونج يانج) share most character trigrams.
FUZZY_JACCARD = 0.5
FUZZY_CREDIT = 0.8
_SPACES = re.compile(r"\s+")


def sentence_terms(text: str) -> set[str]:
    """Stems of the sentence, plus the joined pairs of neighbouring stems (a name split in two words)."""
    stems = lexical_tokens(text, ngrams=False)
    return set(stems) | {a + b for a, b in zip(stems, stems[1:])}


def skeleton(stem: str) -> str:
    """Consonant skeleton of a normalised Arabic stem (long vowels and ه dropped), so that a broken plural
    and its singular compare equal: صواريخ / صاروخا → صرخ, زوارق / زورقا → زرق."""
    return "".join(ch for ch in stem if ch not in "اويه")


def cross_script_hits(analysis: QuestionAnalysis, text: str) -> set[str]:
    """The English question's focus terms that an Arabic sentence mentions: table nouns ("satellites" ~
    "أقمار صناعية"), gazetteer names and transliterated names ("Putin" ~ "بوتين"), by the span rules'
    focus matcher, term by term."""
    from qa.grounded.spans import focus_positions  # the one home of cross-script focus matching

    tokens = tokenise_sentence(text)
    cased = english_words_cased(analysis.question)
    forms = {f for t in tokens if t.is_word for f in nisba_forms(t.norm)}
    hits: set[str] = set()
    for term in analysis.focus_terms:
        words = [w for w in cased if stem_english(w.lower()) == term]
        single = dataclasses.replace(analysis, focus_terms=(term,), question=" ".join(words))
        if focus_positions(tokens, single) or any(demonym_forms(w) & forms for w in words):
            hits.add(term)
    return hits


_NISBA_ENDINGS = ("يين", "يون", "يه", "ي", "ا")


def nisba_forms(word: str) -> set[str]:
    """A normalised Arabic word without its article and its nisba / final-alef ending, so that a country and
    its adjective compare equal: الفيتنامي / فيتنام, الروسي / روسيا, الصيني / الصين, الكوري / كوريا."""
    bare = word[1:] if word[:1] in "وفبل" and word[1:3] == "ال" else word  # والفيتنامي
    bare = bare[2:] if bare.startswith("ال") and len(bare) > 4 else bare
    forms = {bare}
    for _ in range(2):  # الكورية → كوري → كور ; كوريا → كوري → كور
        for form in list(forms):
            for ending in _NISBA_ENDINGS:
                if form.endswith(ending) and len(form) - len(ending) >= 3:
                    forms.add(form[: -len(ending)])
    return forms


@functools.cache
def place_names() -> tuple[tuple[str, str], ...]:
    """(Arabic, English) of the gazetteer's places (its table is the one home of place names)."""
    found = {(e.arabic, e.english) for e in places.entities("place")}
    return tuple(sorted(found))


@functools.cache
def gazetteer_words() -> frozenset[str]:
    """English stems of the gazetteer's place and organisation names ("roscosmo", "vietnam")."""
    return frozenset(
        stem_english(w.lower())
        for e in places.entities()
        for w in e.english.split()
        if len(w) >= 4 and w.lower() not in _GENERIC_NAME_WORDS
    )


# Words of many gazetteer names that say nothing on their own ("North Korea", "the United States").
_GENERIC_NAME_WORDS = frozenset(
    {"north", "south", "east", "west", "central", "united", "republic", "democratic", "kingdom", "states"}
    | {"union", "island", "islands", "city", "gulf", "bank", "strip", "saint", "new", "great", "middle"}
)


_DEMONYM_ENDINGS = ("ese", "ian", "ans", "an", "ish", "i")


def demonym_forms(word: str) -> set[str]:
    """Arabic country-name forms (see `nisba_forms`) for an English country or demonym ("Vietnamese",
    "Chinese", "Russian", "Japan"): gazetteer places whose English name starts with the word's stem."""
    if not word[:1].isupper():
        return set()
    lower = word.lower()
    stems = {lower} | {
        lower[: -len(e)] for e in _DEMONYM_ENDINGS if lower.endswith(e) and len(lower) > len(e) + 3
    }
    found: set[str] = set()
    for arabic, english in place_names():
        name = english.lower().split()[-1]
        if not any(name.startswith(stem) for stem in stems):
            continue
        for part in normalise_arabic(arabic).split():  # the word that transliterates the name, not "بحر"
            shape = arabic_skeleton(part[2:] if part.startswith("ال") else part)
            if len(shape) >= 2 and shape in latin_skeleton(name):
                found |= nisba_forms(part)
    return found


def matched_terms(analysis: QuestionAnalysis, text: str) -> set[str]:
    """Terms of the sentence to compare the question's focus terms with; across scripts, the focus terms
    that the sentence mentions in its own script."""
    terms = sentence_terms(text)
    if (analysis.language == "ar") != is_arabic(text):
        terms |= cross_script_hits(analysis, text)
    return terms


def _grams(term: str) -> set[str]:
    return set(char_ngrams(term))


def term_credit(term: str, terms: set[str]) -> float:
    """1 when the sentence holds the term, FUZZY_CREDIT for a close spelling variant of a name, else 0."""
    if term in terms:
        return 1.0
    if len(term) < 4 or term.isdigit():
        return 0.0
    if is_arabic(term):
        shape = skeleton(term)
        if len(shape) >= 3 and any(skeleton(other) == shape for other in terms):
            return FUZZY_CREDIT  # a broken plural and its singular: الصواريخ / صاروخا
    grams = _grams(term)
    for other in terms:
        if len(other) >= 4 and not other.isdigit():
            shared = grams & _grams(other)
            if shared and len(shared) / len(grams | _grams(other)) >= FUZZY_JACCARD:
                return FUZZY_CREDIT
    return 0.0


def term_weights(focus_terms: Sequence[str], pool: list[set[str]]) -> dict[str, float]:
    """Inverse frequency of each focus term among the retrieved sentences: a term every sentence holds
    (the main actors of the corpus) says little; a term no sentence holds says the most."""
    count = len(pool)
    weights: dict[str, float] = {}
    for term in dict.fromkeys(focus_terms):
        df = sum(1 for terms in pool if term_credit(term, terms) > 0)
        weights[term] = math.log(1 + (count + 1) / (df + 1))
    return weights


def unseen_share(analysis: QuestionAnalysis, evidence: Sequence[EvidenceSentence]) -> float:
    """Weighted share of the question's focus terms that no retrieved sentence holds: what the question
    is about ("فندق", "ولد", "سفير") that the sources never mention."""
    pool = [matched_terms(analysis, s.text) for s in evidence]
    weights = term_weights(analysis.focus_terms, pool)
    total = sum(weights.values())
    if total <= 0:
        return 0.0
    unseen = [t for t in weights if not any(term_credit(t, terms) > 0 for terms in pool)]
    return sum(weights[t] for t in unseen) / total


def focus_match(weights: dict[str, float], terms: set[str]) -> float:
    total = sum(weights.values())
    if total <= 0:
        return 0.0
    return sum(w * term_credit(t, terms) for t, w in weights.items()) / total


def _dedup_key(text: str) -> str:
    return _SPACES.sub(" ", normalise_arabic(text)).strip()


def _collect(
    passages: list[Passage], sentences: list[SentenceVectors], query_vec: np.ndarray
) -> list[tuple[int, Passage, Span, str, float]]:
    """(passage number, passage, span, text, cosine) of every distinct sentence, best passage first."""
    seen: dict[str, int] = {}
    rows: list[tuple[int, Passage, Span, str, float]] = []
    for n, (passage, spans) in enumerate(zip(passages, sentences), start=1):
        for span, vec in spans:
            lo, hi = span.start - passage.start, span.end - passage.start
            if lo < 0 or hi > len(passage.text):
                continue  # a sentence reaching outside the passage cannot be cited by it
            text = passage.text[lo:hi]
            key = _dedup_key(text)
            cosine = float(np.dot(vec, query_vec))
            if key in seen:  # same sentence in two files or in overlapping passages: keep the first
                i = seen[key]
                if cosine > rows[i][4]:
                    rows[i] = (*rows[i][:4], cosine)
                continue
            seen[key] = len(rows)
            rows.append((n, passage, span, text, cosine))
    return rows


def rank_evidence(
    analysis: QuestionAnalysis,
    passages: list[Passage],
    sentences: list[SentenceVectors],
    query_vec: np.ndarray,
    candidates_of: CandidatesFn | None = None,
    weights: EvidenceWeights = WEIGHTS,
) -> list[EvidenceSentence]:
    """The distinct sentences of the retrieved passages, best evidence first. `candidates_of` finds the
    candidate spans of a sentence (default: the span rules of qa.grounded.spans) for the type-fit part."""
    if candidates_of is None:
        from qa.grounded.spans import extract_candidates as candidates_of
    rows = _collect(passages, sentences, query_vec)
    pool = [matched_terms(analysis, text) for *_, text, _ in rows]
    focus_weights = term_weights(analysis.focus_terms, pool)
    ranked: list[EvidenceSentence] = []
    for (n, passage, span, text, cosine), terms in zip(rows, pool):
        match = focus_match(focus_weights, terms)
        draft = EvidenceSentence(n, passage.document, span.start, span.end, text, 0.0, match, cosine)
        fits = any(c.answer_type == analysis.answer_type for c in candidates_of(draft, analysis))
        score = (
            weights.cosine * cosine
            + weights.focus * match
            + weights.rank / n
            + weights.type_fit * float(fits)
        )
        ranked.append(EvidenceSentence(n, passage.document, span.start, span.end, text, score, match, cosine))
    ranked.sort(key=lambda s: -s.score)
    return ranked


_TOKEN = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True)
class Token:
    start: int  # offsets into the sentence text
    end: int
    stem: str  # "" for a stopword


def sentence_tokens(text: str) -> list[Token]:
    """Word tokens of a sentence with their offsets and stems (stopwords keep their place, stem "")."""
    tokens: list[Token] = []
    for match in _TOKEN.finditer(text):
        stems = lexical_tokens(match.group(0), ngrams=False)
        tokens.append(Token(match.start(), match.end(), stems[0] if stems else ""))
    return tokens
