"""Does a candidate's type answer the question's, with the precision the question asks for?

Beyond its type a question often asks for a kind of value: "in what year" needs a year, "on what day" a day
or a weekday, "in which month" a month, "in which years" a year or a period of years, "at what time" a
clock time, "how long" / "كم من الوقت" / "ما المدة" a duration (or a period from … to), "how many years" /
"منذ كم عاما" a quantity of a time unit. A span of the right type without that precision ("July 2000" for
"on what day…") does not answer.
"""

from __future__ import annotations

import re

from qa.grounded.dates import DateValue, date_at
from qa.grounded.english import split_words
from qa.grounded.tokens import tokenise_sentence
from qa.grounded.types import AnswerType, Candidate, QuestionAnalysis
from store.arabic import normalise_arabic, noun_key

# Which candidate types answer which question types (besides the type itself).
ACCEPTS: dict[AnswerType, frozenset[AnswerType]] = {
    AnswerType.THING: frozenset({AnswerType.THING, AnswerType.PLACE, AnswerType.ORGANISATION}),
    AnswerType.DESCRIPTION: frozenset({AnswerType.DESCRIPTION, AnswerType.REASON}),
    AnswerType.REASON: frozenset({AnswerType.REASON, AnswerType.DESCRIPTION}),
}
ENTITY_MAX_CHARS = 80  # a name, place, thing or date longer than this is a clause, not an entity
_ENTITY_TYPES = frozenset({AnswerType.PERSON, AnswerType.PLACE, AnswerType.ORGANISATION, AnswerType.THING})

# Head nouns of DATE questions → the precision they ask for (English words; Arabic by noun_key).
_PRECISION_HEADS = {
    "year": ("year", "عام سنة"),
    "years": ("years", "أعوام سنوات سنين"),
    "day": ("day weekday date", "يوم تاريخ"),
    "month": ("month", "شهر"),
    "clock": ("time hour", "ساعة"),
    "duration": ("duration period length", "مدة فترة"),
}
_ENGLISH_HEADS = {w: name for name, (english, _) in _PRECISION_HEADS.items() for w in english.split()}
_ARABIC_HEADS = {noun_key(w): name for name, (_, arabic) in _PRECISION_HEADS.items() for w in arabic.split()}
_DURATION_CUES = frozenset({"how long", "كم من الوقت"})

_YEAR = re.compile(r"(?<!\d)\d{4}(?!\d)")
_YEARS_ONLY = re.compile(r"^\d{1,4}(?:[,-]\d{1,4})*$")
_CLOCK = re.compile(r"\d{1,2}[:.]\d{2}|(?:الساعة|الساعه)\s*\d")
_TIME_UNITS = frozenset(
    split_words(
        "year years month months week weeks day days hour hours minute minutes decade decades "
        "century centuries"
    )
)
_ARABIC_TIME_UNIT = re.compile(
    r"(?:عام|اعوام|سن[هو]|سنين|شهر|اشهر|اسبوع|اسابيع|يوم|ايام|ساع|دقيق|دقايق|عقد|عقود|قرن)"
)


def date_precision(analysis: QuestionAnalysis) -> str:
    """What a DATE question asks for: "year", "years", "day", "month", "clock", "duration" or "" (any
    date). "ما الفترة" / "what period" and "how long" ask for a duration or a period."""
    if analysis.answer_type is not AnswerType.DATE:
        return ""
    if analysis.cue in _DURATION_CUES:
        return "duration"
    head = analysis.head_noun
    if not head:
        return ""
    if analysis.language == "en":
        return _ENGLISH_HEADS.get(head.lower(), "")
    return _ARABIC_HEADS.get(noun_key(head), "") or (
        "years" if normalise_arabic(head) in ("اعوام", "سنوات") else ""
    )


def date_value(candidate: Candidate) -> DateValue | None:
    """The parsed date of a DATE candidate (None for a duration, which is a quantity)."""
    if candidate.features.get("duration"):
        return None
    match = date_at(tokenise_sentence(candidate.text), 0, known_date=True)
    return match.value if match else None


def has_precision(precision: str, candidate: Candidate) -> bool:
    """The DATE candidate states what the question asks for (see `date_precision`)."""
    duration = bool(candidate.features.get("duration"))
    if not precision:
        return not duration  # "when" asks for a point in time, not "about a quarter of a century"
    if precision == "clock":
        return bool(_CLOCK.search(candidate.text))
    value = date_value(candidate)
    if precision == "duration":
        return duration or (value is not None and bool(value.day_range or value.year_range))
    if precision in ("year", "years") and not duration and _YEARS_ONLY.match(candidate.normalised):
        return True  # the span rules read years in the sentence ("عام 79 للميلاد" → "79")
    if duration or value is None:
        return precision in ("year", "years") and bool(_YEAR.search(candidate.normalised or candidate.text))
    if precision in ("year", "years"):
        return bool(value.years)
    if precision == "day":
        return bool(value.days or value.weekdays or value.qualifier in ("last-day", "first-day"))
    return bool(value.month)  # "month"


def duration_for_count(analysis: QuestionAnalysis, candidate: Candidate) -> bool:
    """ "How many years…" / "كم عاما…" is answered by a duration ("24 عاما"), which the span rules type as
    a DATE: accepted when the question counts a time unit and the span names one."""
    if analysis.answer_type is not AnswerType.NUMBER or candidate.answer_type is not AnswerType.DATE:
        return False
    head = analysis.head_noun.lower()
    asks_time = head in _TIME_UNITS or bool(_ARABIC_TIME_UNIT.search(normalise_arabic(head)))
    return asks_time and bool(_ARABIC_TIME_UNIT.search(normalise_arabic(candidate.text)))


def type_fits(analysis: QuestionAnalysis, candidate: Candidate) -> bool:
    """The candidate's type answers the question's, with the precision it asks for and the length of an
    entity."""
    accepted = ACCEPTS.get(analysis.answer_type, frozenset({analysis.answer_type}))
    if candidate.answer_type not in accepted and not duration_for_count(analysis, candidate):
        return False
    if candidate.answer_type in _ENTITY_TYPES and len(candidate.text) > ENTITY_MAX_CHARS:
        return False
    if analysis.answer_type is AnswerType.DATE:
        return has_precision(date_precision(analysis), candidate)
    return True
