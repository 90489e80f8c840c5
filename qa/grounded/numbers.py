"""Quantities in Arabic sentences: a number (digits or words, with a scale and percent) with its hedge
("نحو", "أكثر من") and its counted nouns ("40 زورقا وقاربا وسفينة"), dual nouns ("نائبان") and ranges.
"""

from __future__ import annotations

from dataclasses import dataclass

from qa.grounded.data.nouns import Noun, arabic_noun, arabic_noun_as_written
from qa.grounded.data.numerals import (
    AFTER_STARTS as _AFTER_STARTS,
)
from qa.grounded.data.numerals import (
    FRACTIONS as _FRACTIONS,
)
from qa.grounded.data.numerals import (
    HEDGE_STARTS as _HEDGE_STARTS,
)
from qa.grounded.data.numerals import (
    HEDGE_WORDS,
    HEDGES_AFTER,
    HEDGES_BEFORE,
)
from qa.grounded.data.numerals import (
    HUNDREDS as _HUNDREDS,
)
from qa.grounded.data.numerals import (
    PERCENT_WORDS as _PERCENT_WORDS,
)
from qa.grounded.data.numerals import (
    RANGE_LINKS as _RANGE_LINKS,
)
from qa.grounded.data.numerals import (
    SCALES as _SCALES,
)
from qa.grounded.data.numerals import (
    TENS as _TENS,
)
from qa.grounded.data.numerals import (
    TIME_MODIFIERS as _TIME_MODIFIERS,
)
from qa.grounded.data.numerals import (
    TIME_UNITS as _TIME_UNITS,
)
from qa.grounded.data.numerals import (
    UNITS as _UNITS,
)
from qa.grounded.data.numerals import (
    VAGUE as _VAGUE,
)
from qa.grounded.english import split_words
from qa.grounded.tokens import Token
from store.arabic import normalise_arabic


@dataclass(frozen=True)
class NumberValue:
    value: float | None  # None for a vague quantity ("عشرات")
    hedge: str = ""  # English hedge: "about", "more than", …
    scale: str = ""  # "thousand", "million", "billion", "trillion" when written as a word
    vague: str = ""  # "dozens of", "hundreds of", …
    upper: float | None = None  # second number of a range ("بين 50 و60")
    range_style: str = ""  # "between", "from", "dash"
    percent: bool = False
    nouns: tuple[Noun | None, ...] = ()  # counted nouns in order (None: a word not in the table)
    modifier: str = ""  # "next" / "last" / "first" after a time unit ("المئة عام المقبلة")
    definite: bool = False  # "المئة عام": the number carries the article
    dual: bool = False  # the count comes from a dual noun ("نائبان")
    in_words: bool = False  # written as words ("ثلاثة أيام"), not digits
    ordinal: bool = False  # "للمرة الثامنة", "الدولة الـ32": a rank, not a count
    fraction: str = ""  # English of a fraction of the counted noun: "a quarter of" ("ربع قرن")

    def number_text(self) -> str:
        """ "50", "1.2 billion", "50-60", "dozens of" (without hedge or nouns)."""
        if self.value is None:
            return self.vague
        text = _format(self.value, self.scale)
        if self.upper is not None:
            text += "-" + _format(self.upper, self.scale)
        return text + ("%" if self.percent else "")

    def normalised(self) -> str:
        return f"{self.hedge} {self.number_text()}".strip()


@dataclass(frozen=True)
class NumberMatch:
    start: int
    end: int
    value: NumberValue


def _format(value: float, scale: str) -> str:
    if scale == "thousand" and value == int(value):
        return f"{int(value):,}"  # "3 آلاف" → "3,000"
    divisor = {"million": 1e6, "billion": 1e9, "trillion": 1e12}.get(scale, 1)
    shown = value / divisor
    text = str(int(shown)) if shown == int(shown) else f"{shown:g}"
    return f"{text} {scale}" if scale else text


def find_numbers(tokens: list[Token], skip: set[int] | frozenset[int] = frozenset()) -> list[NumberMatch]:
    """Every quantity of the sentence (tokens in `skip`, e.g. inside dates, are not numbers)."""
    found, i = [], 0
    while i < len(tokens):
        match = None if i in skip else number_at(tokens, i)
        if match:
            found.append(match)
            i = match.end
        else:
            i += 1
    return found


def number_at(tokens: list[Token], i: int) -> NumberMatch | None:
    """The quantity starting at token i (hedge included), or None."""
    hedge, j = _hedge(tokens, i)
    style = ""
    if (
        j < len(tokens)
        and tokens[j].norm in ("بين", "من")
        and j + 1 < len(tokens)
        and tokens[j + 1].is_number
    ):
        style, j = ("between" if tokens[j].norm == "بين" else "from"), j + 1
    parsed = _number(tokens, j)
    if parsed is None:
        counted = _fraction(tokens, i, j, hedge) or _one(tokens, i, j, hedge)
        if hedge and not counted and j < len(tokens):
            counted = _dual(tokens, j, hedge, start=i)  # "أكثر من عامين"
        if counted or hedge:
            return counted
        return _ordinal(tokens, i) or _dual(tokens, i)
    value, scale, vague, definite, k = parsed
    value, k = _compound(tokens, value, k)
    upper, k, style = _range_upper(tokens, k, style)
    percent, k = _percent(tokens, k)
    nouns, k, modifier = _counted(tokens, k, percent, definite_ok=bool(vague))
    if definite and not nouns:
        return None  # "المئة" alone is "the hundred"/"percent", not a count
    bare = value is not None and not (nouns or hedge or scale or percent) and upper is None
    if bare and not tokens[j].is_number:
        return None  # a bare number word ("ثلاثة") is too often part of something else
    after, k = _hedge_after(tokens, k)
    in_words = not tokens[j].is_number and not vague
    number = NumberValue(
        value,
        hedge or after,
        scale,
        vague,
        upper,
        style,
        percent,
        nouns,
        modifier,
        definite,
        in_words=in_words,
    )
    return NumberMatch(i, k, number)


def _without_proclitic(norm: str, known) -> str:
    """ "لأكثر" → "اكثر", "بنحو" → "نحو", "لبضع" → "بضع": a hedge or quantity word behind ل or ب."""
    if norm not in known and len(norm) > 3 and norm[0] in "لب" and norm[1:] in known:
        return norm[1:]
    return norm


def number_word(norm: str) -> bool:
    """A number word ("ثلاثة", "عشرين", "ألف")."""
    return _word_value(norm) is not None


def proclitic_width(token: Token) -> int:
    """1 when a quantity starts with a hedge, vague or fraction word behind ل/ب ("لأكثر من", "لبضع"),
    which its span leaves out; else 0."""
    known = (_HEDGE_STARTS, _VAGUE, _FRACTIONS)
    return int(any(_without_proclitic(token.norm, k) != token.norm for k in known))


def _hedge(tokens: list[Token], i: int) -> tuple[str, int]:
    first = _without_proclitic(tokens[i].norm, _HEDGE_STARTS)
    if first not in _HEDGE_STARTS:
        return "", i
    for key, english in HEDGES_BEFORE.items():
        words = (first, *(t.norm for t in tokens[i + 1 : i + len(key)]))
        if words == key and i + len(key) < len(tokens):
            return english, i + len(key)
    return "", i


def _hedge_after(tokens: list[Token], k: int) -> tuple[str, int]:
    if k >= len(tokens) or tokens[k].norm not in _AFTER_STARTS:
        return "", k
    for key, english in HEDGES_AFTER.items():
        if tuple(t.norm for t in tokens[k : k + len(key)]) == key:
            return english, k + len(key)
    return "", k


def _number(tokens: list[Token], j: int) -> tuple[float | None, str, str, bool, int] | None:
    """(value, scale word, vague word, definite, end) of digits or number words at j."""
    if j >= len(tokens):
        return None
    token = tokens[j]
    if token.is_number:
        value = float(token.norm.replace(",", "").replace("٬", "").replace("٫", "."))
        if "," in token.norm and len(token.norm.split(",")[-1]) != 3:
            value = float(token.norm.replace(",", "."))  # decimal comma
        scale = _SCALES.get(_tanwin(tokens[j + 1].norm)) if j + 1 < len(tokens) else None
        if scale:
            return value * scale[0] / (2 if scale[0] in (2e3, 2e6, 2e9) else 1), scale[1], "", False, j + 2
        return value, "", "", False, j + 1
    word, definite = _without_article(token.norm)
    word = _without_proclitic(word, _VAGUE) if not definite else word
    if word in _VAGUE and not definite:
        return None, "", _VAGUE[word], False, j + 1
    return _number_words(tokens, j)


def _without_article(norm: str) -> tuple[str, bool]:
    if norm.startswith("ال") and len(norm) > 4:
        return norm[2:], True
    return norm, False


def _tanwin(norm: str) -> str:
    """ "ألفا", "مليونا": a number word in the accusative, its alef of tanwin removed."""
    return norm[:-1] if norm.endswith("ا") and len(norm) > 3 and norm[:-1] in _SCALES else norm


def _word_value(norm: str) -> tuple[str, float] | None:
    norm = _tanwin(norm)
    for kind, table in (("unit", _UNITS), ("ten", _TENS), ("hundred", _HUNDREDS)):
        if norm in table:
            return kind, float(table[norm])
    if norm in _SCALES:
        return "scale", _SCALES[norm][0]
    return None


def _number_words(tokens: list[Token], j: int) -> tuple[float, str, str, bool, int] | None:
    """ "خمسة وعشرون", "ثلاثة آلاف", "مئة", "المئة", "ألفين": value by units, tens, hundreds and scales."""
    total, current, k, definite, scale_name = 0.0, 0.0, j, False, ""
    while k < len(tokens) and tokens[k].is_word:
        norm = tokens[k].norm
        if k == j:
            norm, definite = _without_article(norm)
            if norm[:1] == "و" and _word_value(norm[1:]) and not _word_value(norm):
                norm = norm[1:]  # "وثلاثة أشهر" after another quantity
        elif norm.startswith("و") and _word_value(norm[1:]) and _word_value(norm[1:])[0] == "ten":
            norm = norm[1:]  # "خمسة وعشرون"
        found = _word_value(norm)
        if not found:
            break
        kind, value = found
        if kind == "scale":
            base = value / 2 if value in (2e3, 2e6, 2e9) else value
            current = (current or (2 if base != value else 1)) * base
            total, current = total + current, 0.0
            scale_name = _SCALES[_tanwin(norm)][1]
        elif kind == "unit" and value == 10 and current and current < 10:
            current += 10  # "خمسة عشر"
        else:
            current += value
        k += 1
    if k == j:
        return None
    return total + current, scale_name if total and not current else "", "", definite, k


def _range_upper(tokens: list[Token], k: int, style: str) -> tuple[float | None, int, str]:
    """Second number of "بين 50 و60", "من 50 إلى 60", "50-60"."""
    linked = k + 1 < len(tokens) and (tokens[k].kind == "clitic" or tokens[k].norm in _RANGE_LINKS)
    if linked and tokens[k + 1].is_number and (style or tokens[k].text in ("-", "–")):
        return float(tokens[k + 1].norm.replace(",", "")), k + 2, style or "dash"
    return None, k, style


def _percent(tokens: list[Token], k: int) -> tuple[bool, int]:
    if k < len(tokens) and tokens[k].text in ("%", "٪"):
        return True, k + 1
    for key in _PERCENT_WORDS:
        if tuple(t.norm for t in tokens[k : k + len(key)]) == key:
            return True, k + len(key)
    return False, k


def _counted(
    tokens: list[Token], k: int, percent: bool, definite_ok: bool = False
) -> tuple[tuple[Noun | None, ...], int, str]:
    """Counted nouns after a number: "صاروخا", "زورقا وقاربا وسفينة", "أقمار صناعية", "عام المقبلة"
    (definite only after a vague quantity: "عشرات الجنود")."""
    if percent or k >= len(tokens) or not _countable(tokens[k], definite_ok):
        return (), k, ""
    following = tokens[k + 1] if k + 1 < len(tokens) and tokens[k + 1].is_word else None
    first = arabic_noun(tokens[k], following)
    nouns: list[Noun | None] = [first]
    k += 2 if first and following and arabic_noun(tokens[k]) is not first else 1
    while k < len(tokens) and len(nouns) < 4 and tokens[k].is_word and tokens[k].norm.startswith("و"):
        noun = arabic_noun(tokens[k].text[1:])
        if noun is None or tokens[k].definite:
            break
        nouns.append(noun)
        k += 1
    modifier = ""
    if first and first.english in _TIME_UNITS and k < len(tokens) and tokens[k].norm in _TIME_MODIFIERS:
        modifier, k = _TIME_MODIFIERS[tokens[k].norm], k + 1
    return tuple(nouns), k, modifier


def _countable(token: Token, definite_ok: bool = False) -> bool:
    """An indefinite noun can be counted; not a function word, verb, number word or hedge."""
    if token.norm[:1] in "بل" and not token.definite and arabic_noun_as_written(token.text) is None:
        return False  # "27 بمشاركة": a counted noun never carries a preposition (the number would)
    return (
        token.is_word
        and (definite_ok or not token.definite)
        and not token.is_function_word
        and not token.is_verb
        and token.norm not in HEDGE_WORDS
        and _word_value(token.norm) is None
    )


def _compound(tokens: list[Token], value: float | None, k: int) -> tuple[float | None, int]:
    """ "مليونا و833 ألف": a larger number word joined by و to a smaller number."""
    if value is None or k + 1 >= len(tokens) or tokens[k].kind != "clitic" or tokens[k].norm != "و":
        return value, k
    rest = _number(tokens, k + 1)
    if rest is None or rest[0] is None or rest[0] >= value:
        return value, k
    return value + rest[0], rest[4]


_ORDINAL_WORDS = {
    normalise_arabic(w): n
    for n, w in enumerate(
        split_words("الأولى الثانية الثالثة الرابعة الخامسة السادسة السابعة الثامنة التاسعة العاشرة"), start=1
    )
}


def _ordinal(tokens: list[Token], i: int) -> NumberMatch | None:
    """ "للمرة الثامنة" (the eighth time) and "الـ32" (the 32nd): a rank."""
    token = tokens[i]
    if token.is_word and token.norm == "ال" and i + 1 < len(tokens) and tokens[i + 1].is_number:
        return NumberMatch(i, i + 2, NumberValue(float(tokens[i + 1].norm), ordinal=True))
    if i + 1 < len(tokens) and tokens[i + 1].norm in _ORDINAL_WORDS:
        noun = arabic_noun(token)
        if noun is not None and noun.english == "time" and token.definite:
            value = NumberValue(float(_ORDINAL_WORDS[tokens[i + 1].norm]), nouns=(noun,), ordinal=True)
            return NumberMatch(i, i + 2, value)
    return None


def _fraction(tokens: list[Token], i: int, j: int, hedge: str) -> NumberMatch | None:
    """ "ربع قرن", "نحو نصف ساعة", "ثلث السكان": a fraction of a counted noun of the table."""
    if j + 1 >= len(tokens) or not tokens[j].is_word or not tokens[j + 1].is_word:
        return None
    found = _FRACTIONS.get(_without_proclitic(tokens[j].norm, _FRACTIONS))
    noun = arabic_noun(tokens[j + 1]) if found else None
    if found is None or noun is None:
        return None
    value = NumberValue(found[0], hedge=hedge, nouns=(noun,), fraction=found[1])
    return NumberMatch(i, j + 2, value)


_ONE = frozenset(normalise_arabic(w) for w in ("واحد", "واحدة", "واحدا"))


def _one(tokens: list[Token], i: int, j: int, hedge: str) -> NumberMatch | None:
    """ "متر واحد", "نحو يوم واحد": a table noun followed by واحد counts one."""
    if j + 1 >= len(tokens) or not tokens[j].is_word or tokens[j + 1].norm not in _ONE or tokens[j].definite:
        return None
    noun = arabic_noun(tokens[j])
    if noun is None:
        return None
    return NumberMatch(i, j + 2, NumberValue(1.0, hedge=hedge, nouns=(noun,), in_words=True))


def _dual(tokens: list[Token], i: int, hedge: str = "", start: int | None = None) -> NumberMatch | None:
    """ "نائبان", "صاروخين", "طائرتين", "عامين": a dual noun of the table counts two (not the human sound
    plural "مسؤولين", and not a definite dual: "البلدين" names two known things, it does not count them);
    `hedge` and `start` when a hedge opens the quantity ("أكثر من عامين")."""
    token = tokens[i]
    if not token.is_word or token.definite:
        return None
    norm = token.norm
    short = len(norm) == 4 and arabic_noun(norm[:-2]) is not None  # "عامين", "يومين" (not "سكان")
    noun = arabic_noun(token) if norm.endswith(("ان", "ين")) and (len(norm) >= 5 or short) else None
    if noun is None or normalise_arabic(noun.arabic).endswith(norm[-2:]):
        return None
    if norm.endswith("ين") and not norm.endswith("تين") and noun.sound_plural_human:
        return None
    value = NumberValue(2.0, hedge=hedge, nouns=(noun,), dual=True)
    return NumberMatch(i if start is None else start, i + 1, value)
