"""Checks on a written (generative) answer, after generation: the model declined, the citations are
verified and re-attributed (`qa.generate.citations`), an answer must cite, and every figure it states must be
in a passage it cites. What fails becomes the fixed refusal with its reason."""

from __future__ import annotations

import re
from dataclasses import dataclass

from qa.generate.citations import CheckedAnswer, EmbedFn, SentenceVectors, check_citations, unsourced_figures
from qa.llm.base import NO_ANSWER
from qa.records import Passage

_TAGS = re.compile(r"</?answer>", re.IGNORECASE)
_ANSWER_LABEL = re.compile(r"^\s*(?:answer|الإجابة|الاجابة|الجواب)\s*[:：]\s*", re.IGNORECASE)


def strip_answer_label(text: str) -> str:
    """Small models echo the prompt's "Answer:" cue or wrap the answer in tags; neither is the answer."""
    return _ANSWER_LABEL.sub("", _TAGS.sub("", text).strip())


@dataclass(frozen=True)
class Verdict:
    """The checked answer, or why it must be refused instead (exactly one of the two is set)."""

    checked: CheckedAnswer | None
    refusal_reason: str | None


def verify_answer(
    raw: str, question: str, passages: list[Passage], vectors: SentenceVectors, embed: EmbedFn
) -> Verdict:
    """Declined → "model_declined"; no citation left after re-attribution → "uncited" (a reader could
    not check it); a figure of two or more digits in neither the question nor a *cited* passage →
    "unsourced_figures" (the model's own knowledge, or invented: not from the sources)."""
    text = strip_answer_label(raw)
    if NO_ANSWER in text.upper() or not text.strip():
        return Verdict(None, "model_declined")
    checked = check_citations(text, passages, vectors, embed)
    if not checked.citations:
        return Verdict(None, "uncited")
    cited = [passages[c.n - 1] for c in checked.citations]
    if unsourced_figures(checked.text, question, cited):
        return Verdict(None, "unsourced_figures")
    return Verdict(checked, None)
