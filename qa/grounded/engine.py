"""The grounded answer engine: question → evidence sentences → candidate spans → choice → reply.

It receives plain data (the retrieved passages, their sentence spans with e5 vectors, the question's e5
vector) and knows neither the index nor llama-index, so every rule is unit-testable. The reply is a span
of a source sentence, and the citation is that sentence: right by construction.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from qa.grounded.answerable import NO_CANDIDATE_CHOSEN, NO_RELEVANT_PASSAGES, THRESHOLDS, Thresholds, eligible
from qa.grounded.choose import Chooser, annotate
from qa.grounded.evidence import CandidatesFn, SentenceVectors, rank_evidence
from qa.grounded.phrase import Render, Transliterate, phrase_answer
from qa.grounded.two_part import second_span
from qa.grounded.types import Candidate, Choice, EvidenceSentence, QuestionAnalysis
from qa.records import Citation, Passage

AnalyseFn = Callable[[str], QuestionAnalysis]
# Which candidates a pass may use, given the pass's evidence (the widened pass: qa.grounded.widen)
AdmitFn = Callable[[Candidate, list[EvidenceSentence]], bool]
EVIDENCE_LIMIT = 12  # best evidence sentences whose spans are candidates


@dataclass
class GroundedResult:
    """What the engine decided, with everything needed to explain it."""

    answer: str | None  # reply text with its [n] marker; None when refused
    citations: list[Citation]
    choice: Choice
    analysis: QuestionAnalysis
    evidence: list[EvidenceSentence] = field(default_factory=list)
    candidates: list[Candidate] = field(default_factory=list)  # eligible ones, rules score first
    refusal_reason: str | None = None

    @property
    def refused(self) -> bool:
        return self.answer is None


class GroundedEngine:
    def __init__(
        self,
        chooser: Chooser,
        transliterate: Transliterate | None = None,
        *,
        analyse: AnalyseFn | None = None,
        candidates_of: CandidatesFn | None = None,
        render: Render | None = None,
        thresholds: Thresholds = THRESHOLDS,
        evidence_limit: int = EVIDENCE_LIMIT,
    ) -> None:
        """`analyse`, `candidates_of` and `render` default to the rules of qa.grounded.question, .spans
        and .render_en (tests pass small stand-ins)."""
        self.chooser = chooser
        self.transliterate = transliterate
        if analyse is None:
            from qa.grounded.question import analyse_question as analyse
        if candidates_of is None:
            from qa.grounded.spans import extract_candidates as candidates_of
        self.analyse = analyse
        self.candidates_of = candidates_of
        self.render = render
        self.thresholds = thresholds
        self.evidence_limit = evidence_limit

    def answer(
        self,
        question: str,
        language: str,
        passages: list[Passage],
        sentences: list[SentenceVectors],
        query_vec: np.ndarray,
        admit: AdmitFn | None = None,
    ) -> GroundedResult:
        """Answer `question` in `language` ("ar"/"en") from the passages, or refuse with a reason. With
        `admit`, only the candidates it admits may answer (all sentences still count as evidence)."""
        analysis = self.analyse(question)
        if not passages:
            return self._refusal(analysis, NO_RELEVANT_PASSAGES)
        evidence = rank_evidence(analysis, passages, sentences, query_vec, self.candidates_of)
        found = [c for s in evidence[: self.evidence_limit] for c in self.candidates_of(s, analysis)]
        if admit is not None:
            found = [c for c in found if admit(c, evidence)]
        allowed, reason = eligible(analysis, evidence, found, self.thresholds)
        if reason:
            return self._refusal(analysis, reason, evidence, found)
        ranked = annotate(analysis, evidence, allowed)
        choice = self.chooser.choose(analysis, ranked)
        if choice.candidate is None:
            return self._refusal(analysis, choice.reason or NO_CANDIDATE_CHOSEN, evidence, ranked, choice)
        chosen = choice.candidate
        sentence = chosen.sentence
        passage = passages[sentence.passage - 1]
        also = second_span(analysis, chosen, self.candidates_of)  # "…, and when?": from the same sentence
        text = phrase_answer(chosen, language, passage, self.render, self.transliterate, analysis, also)
        citation = Citation(
            n=sentence.passage,
            file=passage.file,
            document=passage.document,
            start=sentence.start,
            end=sentence.end,
            text=sentence.text,
        )
        return GroundedResult(text, [citation], choice, analysis, evidence, ranked)

    def _refusal(
        self,
        analysis: QuestionAnalysis,
        reason: str,
        evidence: list[EvidenceSentence] | None = None,
        candidates: list[Candidate] | None = None,
        choice: Choice | None = None,
    ) -> GroundedResult:
        choice = choice or Choice(None, self.chooser.name, reason)
        return GroundedResult(None, [], choice, analysis, evidence or [], candidates or [], reason)
