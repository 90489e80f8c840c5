"""The typed chain of the evidence-first answer: question → segments ranked as evidence → typed span → reply.

The unit of an answer is a source segment (a sentence, or a clause of a long one: store.segment); inside it
the answer shows the shortest span that a typed rule is sure of, else the segment itself. Every record keeps
character offsets into the source file, so the citation is the segment the answer came from.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

import numpy as np


class AnswerType(StrEnum):
    """What kind of span answers the question (from interrogatives and the noun asked about)."""

    PERSON = "person"  # من / who
    PLACE = "place"  # أين / where, which city
    DATE = "date"  # متى / when, what year, at what time
    NUMBER = "number"  # كم / how many, how much, how long
    REASON = "reason"  # لماذا / why
    DESCRIPTION = "description"  # ماذا فعل / what did X do or say, how
    THING = "thing"  # ما / what, which + a noun
    YESNO = "yesno"  # هل / did, is


TYPED = (AnswerType.PERSON, AnswerType.PLACE, AnswerType.DATE, AnswerType.NUMBER)


@dataclass(frozen=True)
class Term:
    """A content word of the question and what counts as finding it in an Arabic segment."""

    label: str  # the word as asked
    keys: frozenset[str]  # Arabic match stems (the word's own, or its dictionary translations')
    skeleton: str = ""  # consonant skeleton of a name written in Latin letters ("Ushakov" → SKF)
    roots: frozenset[str] = frozenset()  # the same words' roots (store.arabic.root_arabic): looser


@dataclass(frozen=True)
class Question:
    text: str
    language: str  # "ar" or "en": the question's script
    answer_type: AnswerType
    terms: tuple[Term, ...]
    head: str = ""  # the noun asked about, as written ("الصواريخ", "missiles"), if any
    figures: tuple[str, ...] = ()  # numbers written in the question
    quantity: str = ""  # a number question's unit kind (money, time, age, percent, length), if it says
    tense: str = ""  # "future" or "past" when the question says (will visit / did visit, سيزور / زار)
    asks_name: bool = False  # "ما اسم …؟", "What was the name of …?": only a name answers it
    asks_source: bool = False  # "من روى …؟", "Who narrated …?": the reporter of words the question quotes
    asks_clock: bool = False  # "في أي ساعة …؟", "Until what time …?": a time of the clock, not a day


@dataclass
class Segment:
    """A segment of a retrieved passage, as a candidate piece of evidence."""

    passage: int  # 1-based rank of its passage: the citation marker
    file: str  # Passage.file (relative path)
    document: str  # Passage.document (identity)
    start: int  # offsets into the decoded file text
    end: int
    text: str  # file_text[start:end], as stored (display with store.arabic.visible_text)
    vector: np.ndarray
    context: str = ""  # the neighbouring segments of the same passage (matching only)
    features: dict[str, float] = field(default_factory=dict)
    score: float = 0.0  # the ranker's probability that this segment answers


@dataclass(frozen=True)
class Span:
    """A typed span inside a segment: `file_text[start:end] == text`."""

    start: int
    end: int
    text: str
    answer_type: AnswerType
    kind: str = ""  # a quantity's unit kind (money, time, length, area, weight, volume, count, percent)
