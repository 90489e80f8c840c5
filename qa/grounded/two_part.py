"""Two-part questions: "Whom did Putin succeed, and when?", "من خلف بوتين ومتى؟".

The first interrogative decides the answer type as for any question; the second part ("and when", "ومتى",
"and where", "وأين") is answered from the *same* sentence as the first, by the span of its type nearest the
chosen span and in the same clause ("خلفاً لبوريس يلتسين في اليوم الأخير من عام 1999، زار … في يوليو 2000":
the date right after the name, not the later visit's). A second span beyond a clause boundary (a comma, a
full stop) or more than a few words away may belong to another event, so then only the first part is
answered.
"""

from __future__ import annotations

import dataclasses
import re

from qa.grounded.evidence import CandidatesFn
from qa.grounded.types import AnswerType, Candidate, QuestionAnalysis
from store.arabic import normalise_arabic

_EN_SECOND = {
    "when": AnswerType.DATE,
    "in what year": AnswerType.DATE,
    "in which year": AnswerType.DATE,
    "where": AnswerType.PLACE,
}
_EN_PATTERN = re.compile(
    r"(?:,\s*|\s)and\s+(" + "|".join(re.escape(k) for k in _EN_SECOND) + r")\b\s*\??\s*$", re.IGNORECASE
)
# normalised Arabic: "ومتى" → "ومتي", "وأين" → "واين", "وفي أي عام" → "وفي اي عام"
_AR_SECOND = {"متي": AnswerType.DATE, "اين": AnswerType.PLACE, "في اي عام": AnswerType.DATE}
_AR_PATTERN = re.compile(r"(?:^|\s|[،,])\s*و\s?(" + "|".join(_AR_SECOND) + r")\s*[؟?]?\s*$")
MAX_GAP_WORDS = 6  # words between the two spans for them to answer one event …
_CLAUSE_BREAK = re.compile(r"[،,;؛.:!?؟]")  # … with no clause boundary between them


def second_part(analysis: QuestionAnalysis) -> AnswerType | None:
    """The type asked by a trailing "and when/where" part, when it differs from the question's type."""
    if analysis.language == "ar":
        found = _AR_PATTERN.search(normalise_arabic(analysis.question))
        kind = _AR_SECOND[found.group(1)] if found else None
    else:
        found = _EN_PATTERN.search(analysis.question)
        kind = _EN_SECOND[found.group(1).lower()] if found else None
    return kind if kind is not None and kind is not analysis.answer_type else None


def second_span(
    analysis: QuestionAnalysis, chosen: Candidate, candidates_of: CandidatesFn
) -> Candidate | None:
    """The span answering the question's second part in the chosen span's sentence: of the second type,
    not overlapping the chosen span, nearest to it, in its clause and at most MAX_GAP_WORDS words away;
    None when the question has no second part or the sentence holds no such span."""
    kind = second_part(analysis)
    if kind is None:
        return None
    asked = dataclasses.replace(analysis, answer_type=kind, head_noun="")
    sentence = chosen.sentence
    found = [
        c
        for c in candidates_of(sentence, asked)
        if c.answer_type is kind and (c.end <= chosen.start or c.start >= chosen.end)
    ]
    if not found:
        return None
    nearest = min(found, key=lambda c: len(_between(sentence.text, sentence.start, chosen, c)))
    gap = _between(sentence.text, sentence.start, chosen, nearest)
    near = len(re.findall(r"\w+", gap)) <= MAX_GAP_WORDS and not _CLAUSE_BREAK.search(gap)
    return nearest if near else None


def _between(text: str, offset: int, a: Candidate, b: Candidate) -> str:
    """The text between two non-overlapping spans of one sentence."""
    lo, hi = (a.end, b.start) if a.end <= b.start else (b.end, a.start)
    return text[lo - offset : hi - offset]
