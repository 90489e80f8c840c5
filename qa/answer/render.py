"""The reply: the answer unit as a reader sees it, in the answer's language, at most 300 characters.

Arabic: the span, or the segment, as the source writes it (format marks dropped; diacritics dropped too when
the text would be longer than the limit with them). English: what code can say for sure — numbers, dates,
months, units and known places from tables, names romanised (store.arabic.romanise) with the Arabic beside
them — and for anything else the Arabic itself, quoted, with an English gloss of its words from the
dictionary when it is short (store.bilingual). Nothing is rendered by a model.
"""

from __future__ import annotations

import re

from qa.answer.clock import clock_english, split_clock
from qa.answer.gloss import gloss_span
from qa.answer.spans import PLACE_NOUNS
from qa.answer.types import AnswerType, Question, Segment, Span
from store.arabic import normalise_arabic, strip_diacritics, visible_text
from store.arabic.romanise import romanise_name
from store.bilingual import Bilingual

MAX_REPLY = 300  # characters a reader sees (markers aside): the strict limit of the evaluation
_T = AnswerType


def arabic_text(text: str, limit: int = MAX_REPLY) -> str:
    """Source text for display: visible characters, diacritics dropped if needed to fit, cut at a word."""
    shown = visible_text(text)
    if len(shown) > limit:
        shown = visible_text(strip_diacritics(text))
    if len(shown) > limit:
        shown = shown[: shown.rfind(" ", 0, limit - 1)] + "…"
    return shown


def render_reply(
    question: Question, language: str, segment: Segment, span: Span | None, bilingual: Bilingual | None
) -> str:
    """The reply text without its citation marker."""
    unit = span.text if span is not None else segment.text
    if language == "ar":
        return arabic_text(unit)
    known = bilingual.name if bilingual is not None else None
    by_sound = bilingual.sounds_like if bilingual is not None else None
    if span is not None and span.answer_type is _T.PERSON:
        return _with_arabic(romanise_name(span.text, known, by_sound), span.text)
    clock = _clock_reply(span.text, bilingual) if span is not None and span.answer_type is _T.DATE else None
    if clock is not None:
        return clock
    english = gloss_span(unit, bilingual) if span is not None or len(visible_text(unit)) <= 60 else None
    if english is not None and english.complete:
        return english.text if english.from_tables else _with_arabic(english.text, unit)
    if span is not None and span.answer_type is _T.PLACE:
        return _with_arabic(romanise_name(_without_place_noun(span.text), known, by_sound), span.text)
    arabic = arabic_text(unit, MAX_REPLY - 4 - (len(english.text) + 3 if english else 0))
    if english is not None and english.text:
        return f"«{arabic}» ({english.text})"
    return f"«{arabic}»"


def _clock_reply(text: str, bilingual: Bilingual | None) -> str | None:
    """English of a clock time, alone or with the day it is on ("Thursday 14 August 2025 at 2 p.m.", "at
    twelve o'clock at midday on Tuesday 11 June 2024")."""
    alone = clock_english(text)
    if alone is not None:
        return alone
    parts = split_clock(text)
    day = gloss_span(parts[0], bilingual) if parts else None
    if parts is None or day is None or not (day.complete and day.from_tables):
        return None
    _, clock, clock_first = parts
    return f"{clock} {day.text}" if clock_first else f"{day.text} {clock}"


def _without_place_noun(text: str) -> str:
    """A place's name without the noun before it ("مدينة الإسماعيلية" → "الإسماعيلية")."""
    words = text.split()
    return " ".join(words[1:]) if len(words) > 1 and normalise_arabic(words[0]) in PLACE_NOUNS else text


def _with_arabic(latin: str, arabic: str) -> str:
    shown = arabic_text(arabic, 120)
    return f"{latin} ({shown})" if latin and re.search("[A-Za-z]", latin) else shown
