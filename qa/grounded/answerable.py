"""Answerability: which candidates may answer at all, and why the engine refuses when none may.

A candidate may answer when it is of the expected type, sits in a sentence that matches the question's
focus (its terms in the same script; e5 closeness across scripts), is not a mere repetition of the
question's words, and — for a NUMBER question — counts the thing the question counts. Every threshold is
absolute (an e5 cosine, a share of the question's terms), never relative to how many documents the index
holds, so adding documents does not change what is refused.

Refusal reasons (they become `Answer.refusal_reason`):
- "no_relevant_passages": nothing retrieved, or no sentence comes close to the question at all;
- "no_matching_evidence": sentences were found, but none matches the question's focus;
- "no_answer_of_expected_type": focus-matching sentences hold no span of the expected type (or only
  spans that repeat the question);
- "counted_noun_mismatch": a NUMBER question whose only figures count something else;
- "no_candidate_chosen": eligible candidates existed but the chooser judged none good enough.
"""

from __future__ import annotations

from dataclasses import dataclass

from qa.grounded.evidence import sentence_tokens, skeleton, term_credit
from qa.grounded.types import AnswerType, Candidate, EvidenceSentence, QuestionAnalysis
from store.arabic import is_arabic, lexical_tokens, normalise_arabic

NO_RELEVANT_PASSAGES = "no_relevant_passages"
NO_MATCHING_EVIDENCE = "no_matching_evidence"
NO_ANSWER_OF_EXPECTED_TYPE = "no_answer_of_expected_type"
COUNTED_NOUN_MISMATCH = "counted_noun_mismatch"
NO_CANDIDATE_CHOSEN = "no_candidate_chosen"


@dataclass(frozen=True)
class Thresholds:
    """Calibrated on dev + tests/data/unanswerable.jsonl with scripts/grounded_eval.py."""

    cosine_floor: float = 0.80  # best e5 cosine of any evidence sentence; below: nothing relevant
    focus_min: float = 0.35  # same script: weighted share of focus terms a sentence must hold
    cross_cosine_min: float = 0.84  # across scripts: e5 cosine a sentence must reach instead
    counted_window: int = 4  # words after a figure that may name what it counts


THRESHOLDS = Thresholds()

# Which candidate types answer which question types (besides the type itself).
ACCEPTS: dict[AnswerType, frozenset[AnswerType]] = {
    AnswerType.THING: frozenset({AnswerType.THING, AnswerType.PLACE, AnswerType.ORGANISATION}),
    AnswerType.ORGANISATION: frozenset({AnswerType.ORGANISATION}),
    AnswerType.PLACE: frozenset({AnswerType.PLACE}),
    AnswerType.DESCRIPTION: frozenset({AnswerType.DESCRIPTION, AnswerType.REASON}),
    AnswerType.REASON: frozenset({AnswerType.REASON, AnswerType.DESCRIPTION}),
}


def type_fits(analysis: QuestionAnalysis, candidate: Candidate) -> bool:
    accepted = ACCEPTS.get(analysis.answer_type, frozenset({analysis.answer_type}))
    return candidate.answer_type in accepted


def same_script(analysis: QuestionAnalysis, sentence: EvidenceSentence) -> bool:
    return (analysis.language == "ar") == is_arabic(sentence.text)


def on_focus(analysis: QuestionAnalysis, sentence: EvidenceSentence, limits: Thresholds = THRESHOLDS) -> bool:
    """Does the sentence match what the question is about? By its terms in the question's script; across
    scripts by e5 closeness (or by shared figures and Latin names, which survive translation)."""
    if sentence.focus_match >= limits.focus_min:
        return True
    return not same_script(analysis, sentence) and sentence.cosine >= limits.cross_cosine_min


def question_terms(analysis: QuestionAnalysis) -> set[str]:
    return set(analysis.focus_terms) | set(lexical_tokens(analysis.question, ngrams=False))


def echo_share(analysis: QuestionAnalysis, candidate: Candidate) -> float:
    """Share of the candidate's words that the question already says (1.0: it only repeats the question,
    as "الكرملين" would for "من هو المتحدث باسم الكرملين")."""
    stems = [s for s in lexical_tokens(candidate.text, ngrams=False) if not s.isdigit()]
    if not stems:
        return 0.0
    asked = question_terms(analysis)
    return sum(1 for s in stems if term_credit(s, asked) > 0) / len(stems)


def _noun_matches(head: str, word: str) -> bool:
    if term_credit(head, {word}) > 0:
        return True
    if is_arabic(head) and is_arabic(word):
        a, b = skeleton(normalise_arabic(head)), skeleton(normalise_arabic(word))
        return len(a) >= 2 and a == b
    # English: singular/plural and other endings ("satellite" / "satellites")
    return len(head) >= 4 and (word.startswith(head[:-1]) or head.startswith(word[:-1]))


def counted_words(candidate: Candidate, window: int) -> list[str]:
    """Stems of the candidate plus the few words after it in its sentence: what its figure counts."""
    sentence = candidate.sentence
    offset = candidate.start - sentence.start
    tokens = sentence_tokens(sentence.text)
    inside = [t.stem for t in tokens if offset <= t.start < offset + len(candidate.text)]
    after = [t.stem for t in tokens if t.start >= offset + len(candidate.text)][:window]
    return [s for s in inside + after if s and not s.isdigit()]


def head_noun_agrees(
    analysis: QuestionAnalysis, candidate: Candidate, limits: Thresholds = THRESHOLDS
) -> bool:
    """A NUMBER question counting one thing must not be answered by a figure counting another. Unknown
    (no head noun, or a head noun in the other script) counts as agreeing: there is nothing to compare."""
    if analysis.answer_type is not AnswerType.NUMBER or not analysis.head_noun:
        return True
    heads = lexical_tokens(analysis.head_noun, ngrams=False) or [normalise_arabic(analysis.head_noun)]
    if is_arabic(analysis.head_noun) != is_arabic(candidate.sentence.text):
        return True
    words = counted_words(candidate, limits.counted_window)
    return any(_noun_matches(head, word) for head in heads for word in words)


def eligible(
    analysis: QuestionAnalysis,
    evidence: list[EvidenceSentence],
    candidates: list[Candidate],
    limits: Thresholds = THRESHOLDS,
) -> tuple[list[Candidate], str | None]:
    """The candidates that may answer, or none and the refusal reason. The checks run in the order of
    the reasons, so the reason names the first thing that was missing."""
    if not evidence or max(s.cosine for s in evidence) < limits.cosine_floor:
        return [], NO_RELEVANT_PASSAGES
    focused = {(s.file, s.start) for s in evidence if on_focus(analysis, s, limits)}
    if not focused:
        return [], NO_MATCHING_EVIDENCE
    typed = [
        c
        for c in candidates
        if (c.sentence.file, c.sentence.start) in focused
        and type_fits(analysis, c)
        and echo_share(analysis, c) < 1.0
    ]
    if not typed:
        return [], NO_ANSWER_OF_EXPECTED_TYPE
    counted = [c for c in typed if head_noun_agrees(analysis, c, limits)]
    if not counted:
        return [], COUNTED_NOUN_MISMATCH
    return counted, None
