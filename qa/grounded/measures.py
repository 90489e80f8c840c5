"""Questions that ask for a measure rather than a count: "ما نسبة" / "what percentage" (a percentage), "ما
قيمة" / "what value" (an amount of money), "كم يبلغ طول" / "how long is" / "how far" (a length), "ما مساحة"
(an area), "ما وزن" (a weight), "ما ارتفاع" / "how tall" (a height). The figure that answers holds the
measure's unit; what it counts is no noun of the question ("كم يبلغ طول النهر" → "6650 كيلومترا")."""

from __future__ import annotations

from collections.abc import Callable

from qa.grounded.data.nouns import arabic_noun
from qa.grounded.english import split_words
from qa.grounded.tokens import Token
from qa.grounded.types import AnswerType, QuestionAnalysis
from store.arabic import normalise_arabic, noun_key

Matcher = Callable[[Token], bool]

_CURRENCIES = frozenset(
    ["dollar", "euro", "rouble", "pound", "riyal", "dirham", "dinar", "won", "lira", "yuan", "rupee", "yen"]
)
# measure → (English head words, Arabic head words, English names of its units in the noun table)
_MEASURES: dict[str, tuple[str, str, frozenset[str]]] = {
    "money": (
        "value cost price amount sum worth budget",
        "قيمة تكلفة كلفة سعر مبلغ ميزانية",
        _CURRENCIES,
    ),
    "length": ("length distance", "طول مسافة", frozenset(["kilometre", "km", "metre", "mile"])),
    "height": ("height altitude", "ارتفاع علو", frozenset(["metre", "kilometre"])),
    "area": ("area", "مساحة", frozenset(["hectare", "square kilometre", "square metre"])),
    "weight": ("weight", "وزن", frozenset(["ton", "kilogram"])),
}
_PERCENT_EN = frozenset(split_words("percentage percent rate share proportion"))
_PERCENT_AR = frozenset(noun_key(w) for w in split_words("نسبة معدل"))
_PERCENT_WORDS = frozenset(normalise_arabic(w) for w in split_words("المئة المائة بالمئة بالمائة"))
_EN_CUES = {"how far": "length", "how tall": "height", "how high": "height"}


def measure_of(analysis: QuestionAnalysis) -> str:
    """ "percent", "money", "length", "height", "area", "weight", or "" for a NUMBER question."""
    if analysis.answer_type is not AnswerType.NUMBER:
        return ""
    if analysis.cue in _EN_CUES:
        return _EN_CUES[analysis.cue]
    head = analysis.head_noun
    if not head:
        return ""
    if analysis.language == "en":
        word = head.lower()
        if word in _PERCENT_EN:
            return "percent"
        return next((name for name, (english, _, _) in _MEASURES.items() if word in english.split()), "")
    key = noun_key(head)
    if key in _PERCENT_AR:
        return "percent"
    return next(
        (name for name, (_, arabic, _) in _MEASURES.items() if key in {noun_key(w) for w in arabic.split()}),
        "",
    )


def measure_matcher(analysis: QuestionAnalysis) -> Matcher | None:
    """A predicate telling whether a token is the asked measure's unit (% or "في المئة" for a percentage),
    or None when the question asks for no measure."""
    measure = measure_of(analysis)
    if not measure:
        return None
    if measure == "percent":
        return lambda token: token.text in ("%", "٪") or token.norm in _PERCENT_WORDS
    units = _MEASURES[measure][2]
    return lambda token: (noun := arabic_noun(token)) is not None and noun.english in units
