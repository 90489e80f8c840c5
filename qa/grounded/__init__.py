"""Grounded mode: the answer is a span of a source sentence; a model may only choose among candidates.

question → evidence sentences → candidate spans → answerability → choice → reply with its citation.
"""

from qa.grounded.answerable import (
    ASKED_THING_NOT_FOUND,
    COUNTED_NOUN_MISMATCH,
    NO_ANSWER_OF_EXPECTED_TYPE,
    NO_CANDIDATE_CHOSEN,
    NO_MATCHING_EVIDENCE,
    NO_RELEVANT_PASSAGES,
)
from qa.grounded.choose import Chooser, RulesChooser
from qa.grounded.engine import GroundedEngine, GroundedResult
from qa.grounded.romanise import romanise
from qa.grounded.types import AnswerType, Candidate, Choice, EvidenceSentence, QuestionAnalysis

__all__ = [
    "ASKED_THING_NOT_FOUND",
    "COUNTED_NOUN_MISMATCH",
    "NO_ANSWER_OF_EXPECTED_TYPE",
    "NO_CANDIDATE_CHOSEN",
    "NO_MATCHING_EVIDENCE",
    "NO_RELEVANT_PASSAGES",
    "AnswerType",
    "Candidate",
    "Choice",
    "Chooser",
    "EvidenceSentence",
    "GroundedEngine",
    "GroundedResult",
    "QuestionAnalysis",
    "RulesChooser",
    "romanise",
]
