"""English rendering of Arabic answer spans by code (tables, never the model): dates ("جويلية 2000" →
"July 2000", "من 18 إلى 28 يونيو" → "from 18 to 28 June", "آخر يوم من عام 1999" → "the last day of 1999"),
quantities with hedges and counted nouns ("حوالي 40 زورقا وقاربا وسفينة" → "about 40 boats and ships"),
known nouns ("أقمار صناعية" → "satellites") and gazetteer names ("فيتنام" → "Vietnam").

`render_english` returns None when a word cannot be rendered: the phraser then shows the Arabic original.
"""

from __future__ import annotations

import dataclasses

from qa.grounded.data.namewords import ORG_CUES, PLACE_CUES
from qa.grounded.data.nouns import Noun, arabic_noun
from qa.grounded.data.places import entity_by_arabic
from qa.grounded.dates import date_at
from qa.grounded.numbers import NumberValue, number_at
from qa.grounded.render_date import join_and, render_date
from qa.grounded.render_phrase import render_body, render_noun_phrase
from qa.grounded.tokens import Token, tokenise_sentence
from qa.grounded.types import AnswerType, Candidate
from store.arabic import normalise_arabic, noun_key

_PARTICIPLES = frozenset(["killed", "wounded", "injured", "missing"])
_ORDINALS_EN = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth")
_SMALL = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")
_PAIR_LINKS = frozenset(
    normalise_arabic(w) for w in ("و", "بالإضافة إلى", "بالاضافة الى", "إضافة إلى", "فضلا عن", "إلى جانب")
)


def render_english(candidate: Candidate) -> str | None:
    """English text for the span, or None when some word has no table rendering."""
    tokens = tokenise_sentence(candidate.text)
    if not tokens:
        return None
    return (
        _whole_date(tokens, candidate.answer_type is AnswerType.DATE)
        or _whole_number(tokens)
        or _number_pair(tokens)
        or _number_run(tokens)
        or _entity(candidate.text)
        or _known_name(candidate)
        or render_body(tokens)
        or render_noun_phrase(tokens)
        or _noun_phrase(tokens)
        or _figure_beside_original(candidate, tokens)
    )


def _figure_beside_original(candidate: Candidate, tokens: list[Token]) -> str | None:
    """A count of a noun the table does not know ("سبعة كويكبات"): the figure in English with the Arabic
    beside it ("seven (سبعة كويكبات)"), so the number is readable and the noun checkable."""
    match = number_at(tokens, 0)
    if candidate.answer_type is not AnswerType.NUMBER or match is None or match.end != len(tokens):
        return None
    figure = render_number(dataclasses.replace(match.value, nouns=()))
    return f"{figure} ({candidate.text})" if figure else None


def _known_name(candidate: Candidate) -> str | None:
    """A place or organisation span around a gazetteer name ("صحيفة "رودونج شينمون" الرسمية"): the name's
    English, which the span rules put in `normalised`."""
    if candidate.answer_type not in (AnswerType.PLACE, AnswerType.ORGANISATION):
        return None
    if candidate.features.get("gazetteer") and candidate.normalised:
        return candidate.normalised
    words = candidate.text.split()  # "مدينة الخرطوم": a cue word before a known name
    cue = tokenise_sentence(words[0]) if len(words) > 1 else []
    if cue and cue[0].is_word and any(k in PLACE_CUES or k in ORG_CUES for k in cue[0].keys):
        return _entity(" ".join(words[1:]))
    return None


def _whole_date(tokens: list[Token], known_date: bool = False) -> str | None:
    """The span is one date expression. A span the date rules took from its sentence (`known_date`) keeps
    a bare month name that is also a word ("مارس" → March): its context was checked there."""
    match = date_at(tokens, 0, known_date)
    return render_date(match.value) if match and match.end == len(tokens) else None


# --- numbers -----------------------------------------------------------------------------------------


def _whole_number(tokens: list[Token]) -> str | None:
    match = number_at(tokens, 0)
    return render_number(match.value) if match and match.end == len(tokens) else None


def _number_pair(tokens: list[Token]) -> str | None:
    """ "حوالي 40 زورقا … بالإضافة إلى نحو 20 طائرة ومروحية" → "about 40 boats and ships and about 20 …"."""
    first = number_at(tokens, 0)
    if first is None:
        return None
    for width in (1, 2, 3):
        link = " ".join(t.norm for t in tokens[first.end : first.end + width])
        second = number_at(tokens, first.end + width) if link in _PAIR_LINKS else None
        if second and second.end == len(tokens):
            one, two = render_number(first.value), render_number(second.value)
            return f"{one} and {two}" if one and two else None
    return None


def _number_run(tokens: list[Token]) -> str | None:
    """ "ساعتين ودقيقة واحدة و9 ثوان" → "two hours, one minute and 9 seconds": quantities joined by و."""
    parts, k = [], 0
    while k < len(tokens):
        if parts and tokens[k].norm == "و" and k + 1 < len(tokens):
            k += 1
        match = number_at(tokens, k)
        if match is None:
            return None
        rendered = render_number(match.value)
        if not rendered:
            return None
        parts.append(rendered)
        k = match.end
    return join_and(parts) if len(parts) >= 2 else None


def render_number(value: NumberValue) -> str | None:
    """English for a parsed Arabic quantity, or None when a counted noun is not in the table."""
    if any(noun is None for noun in value.nouns):
        return None
    if value.fraction:
        return _fraction(value)
    number = _number_words(value)
    nouns = _nouns(value.nouns, value.value, value.upper)
    text = f"{number} {nouns}".strip() if nouns else number
    if value.vague and nouns:
        text = _vague(value, nouns)
    if value.modifier:
        text = f"the {'past' if value.modifier == 'last' else value.modifier} {text}"
    if value.ordinal:
        return f"the {_number_words(value)} {nouns}".strip() if nouns else f"the {_number_words(value)}"
    if value.hedge in ("at least", "only") and value.hedge and not text.startswith("the "):
        return f"{value.hedge} {text}" if value.hedge == "at least" else f"only {text}"
    return f"{value.hedge} {text}".strip()


def _fraction(value: NumberValue) -> str:
    """ "نحو ربع قرن" → "about a quarter of a century", "نصف ساعة" → "half an hour"."""
    noun = _nouns(value.nouns, 1, None)
    article = "an" if noun[:1] in "aeio" or noun.startswith("hour") else "a"
    return f"{value.hedge} {value.fraction} {article} {noun}".strip()


def _number_words(value: NumberValue) -> str:
    if value.dual:
        return "two"
    if value.ordinal and value.value is not None:
        return _ordinal_en(int(value.value))
    if value.in_words and value.value is not None and value.upper is None:
        words = _in_words(value.value)
        if words:
            return words  # written in words, said in words: no figure the passage does not hold
    if value.upper is not None:
        low, high = value.number_text().split("-", 1)
        if value.range_style == "between":
            return f"between {low} and {high}"
        return f"{low} to {high}" if value.range_style == "from" else f"{low}-{high}"
    return value.number_text()


_TENS_EN = ("", "ten", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
_TEENS_EN = ("ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
             "nineteen")  # fmt: skip
_SCALES_EN = ((1_000_000_000, "billion"), (1_000_000, "million"), (1_000, "thousand"))


def _in_words(value: float) -> str:
    """English words for a whole number written in Arabic words ("ثمانين" → "eighty", "ثلاثة آلاف" →
    "three thousand", "مئتي ألف" → "two hundred thousand"); "" when it is not whole or too large."""
    if value != int(value) or not 0 < value < 1e12:
        return ""
    n = int(value)
    for size, name in _SCALES_EN:
        if n >= size and n % size == 0 and n // size < 1000:
            return f"{_below_thousand(n // size)} {name}"
    return _below_thousand(n) if n < 1000 else ""


def _below_thousand(n: int) -> str:
    hundreds, rest = divmod(n, 100)
    parts = [f"{_SMALL[hundreds]} hundred"] if hundreds else []
    if rest >= 20:
        parts.append(_TENS_EN[rest // 10] + (f"-{_SMALL[rest % 10]}" if rest % 10 else ""))
    elif rest >= 10:
        parts.append(_TEENS_EN[rest - 10])
    elif rest:
        parts.append(_SMALL[rest])
    return " and ".join(parts) if len(parts) == 2 else (parts[0] if parts else "")


def _ordinal_en(n: int) -> str:
    if n <= len(_ORDINALS_EN):
        return _ORDINALS_EN[n - 1]
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _nouns(nouns: tuple[Noun | None, ...], count: float | None, upper: float | None) -> str:
    """ "زورقا وقاربا وسفينة" → "boats and ships": one English word per meaning, plural unless one."""
    single = count == 1 and upper is None
    words = list(dict.fromkeys(n.render(1 if single else None) for n in nouns if n is not None))
    return join_and(words) if words else ""


def _vague(value: NumberValue, nouns: str) -> str:
    """ "مئات القتلى" → "hundreds killed" (participles take no "of"); "عشرات الجنود" → "dozens of …"."""
    if nouns.split()[0] in _PARTICIPLES:
        return f"{value.vague.removesuffix(' of')} {nouns}"
    return f"{value.vague} {nouns}"


# --- names and nouns ---------------------------------------------------------------------------------


def _entity(text: str) -> str | None:
    entity = entity_by_arabic(text)
    return entity.english if entity else None


def _noun_phrase(tokens: list[Token]) -> str | None:
    """A span that is one table noun ("أقمار صناعية", "الصواريخ"): its English, plural when the Arabic is."""
    words = [t for t in tokens if t.is_word]
    if len(words) != len(tokens) or not 1 <= len(words) <= 2:
        return None
    noun = arabic_noun(words[0], words[1] if len(words) == 2 else None)
    if noun is None or (len(words) == 2 and " " not in noun.arabic):
        return None
    singular = noun_key(noun.arabic.split()[0])
    plural = noun_key(words[0].text) != singular or normalise_arabic(words[0].text).endswith(
        ("ات", "ين", "ون")
    )
    return noun.english_plural if plural else noun.english
