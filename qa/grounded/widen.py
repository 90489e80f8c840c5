"""A second, wider look when the first passages do not answer: more passages, stricter acceptance.

Retrieval ranks passages, not sentences: the one sentence that answers a question can sit in the 9th or
12th passage ("…فيتنام التي زارها لآخر في عام 2017" for "When did Putin last visit Vietnam"). Simply
reading more passages answered such questions, but also answered others wrongly from sentences about
something else (a sentence about "a few hours' stop" for "how many hours did the talks last"). So when the
engine refuses for want of evidence, it reads `WIDE_TOP_K` passages, and a candidate from a passage beyond
the first ones may answer only when its sentence is relevant by the engine's e5 floor and either says
clearly more of what the question is about than any sentence of the first passages did (its focus match
reaches `focus_min` and beats theirs by `focus_margin`; same weights: one evidence pool), or — for a
question asking for several people — lists two or more holders of the asked role (`lists_asked_role`).
Candidates of the first passages were already judged by the first pass and are not admitted again (a wider
pool only shifts term weights, which must not turn a refusal into an answer).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from qa.grounded.answerable import (
    ASKED_THING_NOT_FOUND,
    COUNTED_NOUN_MISMATCH,
    NO_ANSWER_OF_EXPECTED_TYPE,
    NO_CANDIDATE_CHOSEN,
    NO_MATCHING_EVIDENCE,
    on_focus,
    relevant,
)
from qa.grounded.engine import AdmitFn, GroundedEngine, GroundedResult
from qa.grounded.roles import asks_for_several, people_named, title_fit
from qa.grounded.types import AnswerType, Candidate, EvidenceSentence, QuestionAnalysis
from qa.records import Passage
from qa.retrieve import Retrieval

WIDE_TOP_K = 20  # passages read by the second look (12 and 20 measured alike; 20 reaches dev-27's list)
# Refusals that may come from evidence outside the first passages. Not "no_relevant_passages": nothing
# came close to the question at all (off-topic), and more passages of the same archive will not change it.
WIDEN_ON = frozenset(
    {
        NO_MATCHING_EVIDENCE,
        NO_ANSWER_OF_EXPECTED_TYPE,
        ASKED_THING_NOT_FOUND,
        COUNTED_NOUN_MISMATCH,
        NO_CANDIDATE_CHOSEN,
    }
)


@dataclass(frozen=True)
class WideLimits:
    """Calibrated with scripts/grounded_eval.py on dev, heldout, heldout2, the mixed-corpus sets and the
    unanswerable sets, reading 12 passages after each refusal: the sentences of later passages that
    answered rightly matched the focus 0.69 and 0.81, 0.13 and 0.23 above the first passages' best; those
    that answered wrongly (another minister, a stop of "a few hours" for the length of the talks, an
    off-topic line) 0.53, 0.32 and 0.0, none above the first passages' best."""

    focus_min: float = 0.6  # the sentence's weighted share of the question's focus terms
    focus_margin: float = 0.1  # … above the best sentence of the first passages


WIDE_LIMITS = WideLimits()


def admit_later(analysis: QuestionAnalysis, first: int, limits: WideLimits = WIDE_LIMITS) -> AdmitFn:
    """The acceptance test of the wider pass: the candidate's sentence comes from a passage after the
    first `first`, is relevant, and matches the question's focus clearly better than they did."""

    def admit(candidate: Candidate, evidence: list[EvidenceSentence]) -> bool:
        sentence = candidate.sentence
        if sentence.passage <= first or not relevant(analysis, sentence):
            return False
        before = max((s.focus_match for s in evidence if s.passage <= first), default=0.0)
        if sentence.focus_match >= max(limits.focus_min, before + limits.focus_margin):
            return True
        return lists_asked_role(analysis, candidate)

    return admit


def lists_asked_role(analysis: QuestionAnalysis, candidate: Candidate) -> bool:
    """The answer-type route for a question asking for several people ("Which Russian ministers…", "من
    هم الوزراء…"): a span naming two or more people under the asked role's title ("وزير الخارجية سيرجي
    لافروف والدفاع أندريه بيلوسوف"), in a sentence on the question's focus. A list of holders of the very
    role asked is strong type evidence even where the sentence shares fewer words with the question
    (وسيرافق for "delegation")."""
    return (
        analysis.answer_type is AnswerType.PERSON
        and asks_for_several(analysis)
        and people_named(candidate) >= 2
        and title_fit(analysis, candidate) > 0
        and on_focus(analysis, candidate.sentence)
    )


def should_widen(result: GroundedResult, passages: list[Passage], wide_k: int = WIDE_TOP_K) -> bool:
    """A refusal for want of evidence, when more passages than were read can be had."""
    return result.refused and result.refusal_reason in WIDEN_ON and 0 < len(passages) < wide_k


def answer_wider(
    engine: GroundedEngine,
    question: str,
    language: str,
    first: Retrieval,
    retrieve: Callable[[int], Retrieval],
    wide_k: int = WIDE_TOP_K,
) -> tuple[GroundedResult, Retrieval] | None:
    """The wider pass after a refusal of `first`: its result and retrieval when it answers, else None
    (the first refusal stands). `retrieve(k)` returns the question's top-k passages, the first ones first."""
    wide = retrieve(wide_k)
    count = len(first.passages)
    if len(wide.passages) <= count or _keys(wide.passages[:count]) != _keys(first.passages):
        return None  # not the same first passages: citation numbers would not line up
    analysis = engine.analyse(question)
    result = engine.answer(
        question,
        language,
        wide.passages,
        wide.sentences,
        wide.query_vector if wide.query_vector is not None else first.query_vector,
        admit=admit_later(analysis, count),
    )
    return None if result.refused else (result, wide)


def _keys(passages: list[Passage]) -> list[tuple[str, int, int]]:
    return [(p.document, p.start, p.end) for p in passages]
