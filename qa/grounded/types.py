"""The typed chain of the grounded answer engine: question → evidence sentences → candidate spans → choice.

Grounded mode builds the answer from source spans; a model may only *choose* among candidates (or NONE),
never write. Every record keeps exact character offsets into the source file, so the citation of the
answer is the sentence its span came from: right by construction.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class AnswerType(StrEnum):
    """What kind of span answers the question (from interrogatives and cues, Arabic and English)."""

    PERSON = "person"  # من / who
    ORGANISATION = "organisation"  # أي منظمة / which organisation, agency, newspaper…
    PLACE = "place"  # أين / where, من أين / from where
    DATE = "date"  # متى / when, في أي عام / what year, ما الفترة / what period
    NUMBER = "number"  # كم / how many, how much
    REASON = "reason"  # لماذا / why
    DESCRIPTION = "description"  # ماذا فعل / what did X do, what was written
    THING = "thing"  # ما الكنيسة / which church, what did X promise to build
    YESNO = "yesno"  # هل / did, is, was


@dataclass(frozen=True)
class QuestionAnalysis:
    """The question as the engine sees it."""

    question: str
    language: str  # "ar" or "en": the language of the question
    answer_type: AnswerType
    focus_terms: tuple[str, ...]  # normalised, stemmed content terms of the question (matching only)
    head_noun: str = ""  # for THING/NUMBER questions the noun asked about (كنيسة, صواريخ, satellites)
    cue: str = ""  # the interrogative or cue that decided the type (for explanations and tests)


@dataclass(frozen=True)
class EvidenceSentence:
    """A sentence of a retrieved passage, scored for how well it matches the question."""

    passage: int  # 1-based number of the retrieved passage it belongs to (the citation marker)
    file: str  # the document's identity (Passage.document)
    start: int  # character offsets into the decoded file text
    end: int
    text: str
    score: float  # combined evidence score (higher is better)
    focus_match: float  # share of the question's focus terms found in the sentence (0..1)
    cosine: float  # e5 cosine between question and sentence


@dataclass(frozen=True)
class Candidate:
    """A span inside an evidence sentence that may answer the question."""

    text: str  # exactly file_text[start:end]
    answer_type: AnswerType
    start: int  # character offsets into the file
    end: int
    sentence: EvidenceSentence
    score: float = 0.0  # rules score: type fit × evidence × closeness to the focus terms
    normalised: str = ""  # canonical value when the span has one: "2000-07", "50", … (for rendering)
    features: dict[str, float] = field(default_factory=dict, compare=False, hash=False)


@dataclass(frozen=True)
class Choice:
    """What the chooser picked: a candidate, or None for "the sources do not answer"."""

    candidate: Candidate | None
    chooser: str  # "rules" or "model"
    reason: str = ""  # why nothing was chosen (becomes the refusal_reason), or a note
