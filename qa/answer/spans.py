"""Typed spans inside a segment: dates and times, numbers with what they count, people's names, places.

Only rules that are *sure* make a span: a month or year or weekday or prayer time or clock time (dates); a
numeral with its counted noun, or a dual noun (numbers); a name joined by بن/ابن/أبو/عبد, a name after a
narration word (عن، حدثنا) or after a title (الرئيس، الوزير, with its adjectives) (people); a place after a
place noun (مدينة، نهر) or a country or capital of the world table (places). Anything else is answered by its
segment. Offsets are into the file text, so `file_text[span.start:span.end] == span.text`.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from qa.answer.people import after_conjunction, people
from qa.answer.tokens import Token, is_digit, is_stop, tokens_of, word_set
from qa.answer.types import AnswerType, Span
from store.arabic import MONTHS, WEEKDAYS, normalise_arabic
from store.arabic.calendar import CLOCK_FRACTIONS, CLOCK_HOURS, CLOCK_PARTS, DAY_PARTS, HIJRI_MONTHS
from store.arabic.numerals import AFTER_NOUN, HEDGES, PERCENT, TIMES, dual_singular, number_at, unit_of
from store.arabic.places import longest_place_at
from store.arabic.tables import phrase_at

_T = AnswerType


_YEAR_WORDS = word_set("عام العام سنة السنة عامي")
_ERAS = word_set("هـ ه م للميلاد ميلادية للهجرة هجرية")
_DAY_WORDS = word_set("يوم يومي يومين اليوم ليلة")
_RANGE_LINKS = word_set("و إلى حتى -")
_RANGE_OPENERS = word_set("من بين")
_TIME_PREPOSITIONS = word_set("قبل بعد عند حين منذ حتى في خلال أول آخر")
_BEFORE_DAY_PART = _TIME_PREPOSITIONS | _DAY_WORDS | word_set("صلاة")
PLACE_NOUNS = word_set(
    "مدينة مدينه بلدة قرية منطقة محافظة ولاية إقليم جزيرة جبل نهر بحر بحيرة وادي صحراء شارع حي ميدان ساحة "
    "مسجد جامعة ميناء مطار قلعة قصر عاصمة دولة"
)


def find_spans(
    text: str, offset: int, answer_type: AnswerType, common: Callable[[str], bool] | None = None
) -> list[Span]:
    """The sure spans of `answer_type` in a segment (`text` starts at `offset` of its file). `common` tells a
    common word (found in a dictionary) from a name: a name after a title or a narration word is none."""
    tokens = tokens_of(text, offset)
    common = common or (lambda _: False)
    if answer_type is _T.PERSON:
        found = people(tokens, common)
    elif answer_type is _T.PLACE:
        found = _places(tokens, common)
    elif answer_type is _T.NUMBER:
        found = _numbers(tokens, common)
    else:
        found = _dates(tokens) if answer_type is _T.DATE else []
    spans = [(after_conjunction(text, offset, t[0].start) if answer_type is _T.PERSON else t[0].start, t)
             for t in found if t]  # fmt: skip
    out = []
    for start, t in spans:
        end, kind = t[-1].end, _kind(t)
        if answer_type is _T.NUMBER and text[end - offset : end - offset + 1] in ("%", "٪"):
            end, kind = end + 1, "percent"  # "75%": the sign is no word, but it says what is counted
        out.append(Span(start, end, text[start - offset : end - offset], answer_type, kind))
    return out


_OLDEST = 130  # years: no figure above it is a person's age


def fits_quantity(quantity: str, span: Span) -> bool:
    """Whether a quantity span answers a number question that measures `quantity` (money, time, age,
    percent, length, area, measure; "" = a count): a count is no sum of money, an age is a time, a span
    whose counted word the unit table does not know may be any but money, a share or a duration."""
    if span.answer_type is not _T.NUMBER:
        return True
    if quantity == "time" and not span.kind and _bare_number(span):
        return True  # "كم يوما …؟ ثلاثا": the question names what the number counts
    if quantity in ("money", "percent", "time"):  # a sum, a share, a duration are written with their unit
        return span.kind == quantity
    if quantity == "age" and any(int(n) > _OLDEST for n in re.findall(r"\d+", normalise_arabic(span.text))):
        return False  # "1325", "2000": a year, not anybody's age
    if not span.kind:
        return True
    if not quantity:
        return span.kind == "count"
    if quantity == "measure":  # "how much land": any measure, not a count of people
        return span.kind not in ("count", "time", "percent")
    return span.kind == quantity or (quantity == "age" and span.kind == "time")


def _bare_number(span: Span) -> bool:
    """The span is a number and nothing else (ثلاثا، ستا، 12): what it counts is left unsaid."""
    words = [t.norm for t in tokens_of(span.text)]
    parsed = number_at(words, 0) if words else None
    return parsed is not None and parsed[1] == len(words)


def _kind(tokens: list[Token]) -> str:
    """The unit kind of a quantity span (its counted word's, or percent): "" when it counts things."""
    words = tuple(t.norm for t in tokens)
    if any(words[-len(phrase) :] == phrase for phrase in PERCENT):
        return "percent"  # "80 في المئة"
    for token in reversed(tokens):
        unit = unit_of(token.norm)
        if unit is not None:
            return unit[1]
    return ""


# --- dates and times --------------------------------------------------------------------------------


_THIS_MONTH = word_set("الجاري المقبل القادم الماضي المنصرم")


def _is_month(tokens: list[Token], i: int) -> int:
    """Words of the month name at i (Gregorian in every spelling, or Hijri, or a month named by its
    place in time: "الشهر المقبل", "19 من الجاري"), else 0."""
    if tokens[i].bare == "الشهر" and i + 1 < len(tokens) and tokens[i + 1].norm in _THIS_MONTH:
        return 2
    if tokens[i].norm == "الجاري" and i > 1 and tokens[i - 1].norm == "من" and is_digit(tokens[i - 2]):
        return 1
    for table in (MONTHS, HIJRI_MONTHS):
        for word in (tokens[i].norm, tokens[i].bare):
            if i + 1 < len(tokens) and f"{word} {tokens[i + 1].norm}" in table:
                return 2
            if word in table:
                return 1
    return 0


def _is_year(token: Token) -> bool:
    return token.norm.isdigit() and 3 <= len(token.norm) <= 4 and 500 <= int(token.norm) <= 2100


def _dates(tokens: list[Token]) -> list[list[Token]]:
    found: list[list[Token]] = []
    last_end = 0  # where the last date found ends
    i = 0
    while i < len(tokens):
        end = _date_end(tokens, i)
        if end > i:
            start = _date_start(tokens, i)
            joined = found and _joins(tokens, last_end, start)
            if joined and tokens[start].norm not in _RANGE_LINKS:  # not "… حتى العاشرة": a range's two ends
                # a day and its hour: "14 آب 2025 الساعة الثانية", "الساعة 12 من ظهر يوم الثلاثاء 11 يونيو"
                found[-1] = found[-1] + tokens[last_end:end]
            else:
                found.append(tokens[start:end])
            i = last_end = end
        else:
            i += 1
    return found


# What may stand between an hour and its day in one date: "الثانية عشرة من ظهر يوم الثلاثاء", "… يوم الأحد".
_DAY_OF = word_set("ظهر صباح مساء فجر عصر")
_DAY_WORD = normalise_arabic("يوم")


def _joins(tokens: list[Token], after: int, start: int) -> bool:
    """The date starting at `start` continues the one ending before `after`: at most "من ظهر يوم" between
    them, and no punctuation."""
    words = [t.norm for t in tokens[after:start]]
    if words[:1] == ["من"] and len(words) > 1 and words[1] in _DAY_OF:
        words = words[2:]
    return words in ([], [_DAY_WORD]) and not any(t.gap for t in tokens[after : start + 1])


def _date_end(tokens: list[Token], i: int) -> int:
    """End of a date expression anchored at token i (a clock time, a month, a year, a weekday, a day
    part), or i."""
    t = tokens[i]
    clock = _clock_end(tokens, i)
    if clock > i:
        return clock
    month = _is_month(tokens, i)
    if month:
        j = i + month
        if j < len(tokens) and tokens[j].gap in ("/", "(") and _is_month(tokens, j):
            j += _is_month(tokens, j)  # the same month in two calendars' names: "يونيو/حزيران"
        while j < len(tokens) and (_is_year(tokens[j]) or tokens[j].norm in _ERAS):
            j += 1
        j = _year_range_end(tokens, j)
        near_number = j > i + month or (i > 0 and tokens[i - 1].bare.isdigit())
        ambiguous = normalise_arabic(t.bare) in ("مارس", "اب", "ماي", "صفر") and not near_number
        return i if ambiguous else j
    era = i + 2 < len(tokens) and tokens[i + 2].norm in _ERAS  # "سنة 172 هـ": any year with its era
    if (t.norm in _YEAR_WORDS or t.bare in _YEAR_WORDS) and i + 1 < len(tokens):
        year = tokens[i + 1]
        if _is_year(year) or era and year.norm.isdigit():
            return i + 3 if era else i + 2
    if _is_year(t) and (i + 1 < len(tokens) and tokens[i + 1].norm in _ERAS or len(t.norm) == 4):
        return _year_range_end(
            tokens, i + 2 if i + 1 < len(tokens) and tokens[i + 1].norm in _ERAS else i + 1
        )
    if t.norm in WEEKDAYS or t.bare in WEEKDAYS:
        following = _date_end(tokens, i + 2) if i + 2 < len(tokens) and tokens[i + 1].bare.isdigit() else 0
        return following if following > i + 2 else i + 1  # "يوم السبت 4 تموز 1187": one date
    if t.norm in DAY_PARTS or t.bare in DAY_PARTS:
        return i + 1 if i > 0 and tokens[i - 1].bare in _BEFORE_DAY_PART else i
    if t.bare == _HOUR and i + 1 < len(tokens) and number_at([tokens[i + 1].norm], 0):
        return i + 2
    return i


_HOUR = normalise_arabic("الساعة")
_CLOCK_OPENERS = _TIME_PREPOSITIONS | _RANGE_OPENERS | word_set("إلى")


def _clock_end(tokens: list[Token], i: int) -> int:
    """End of a clock time at i, or i: an hour after الساعة, or one with its minutes, its fraction or the
    part of the day ("الساعة 10:15 مساء", "العاشرة والربع ليلا", "9 صباحا"); a bare ordinal is no time."""
    j = i + 1 if tokens[i].bare == _HOUR else i
    hour = _hour_at(tokens, j)
    if not hour:
        return i
    j += hour
    sure = tokens[i].bare == _HOUR
    minutes = tokens[j].norm if j < len(tokens) and tokens[j].gap == ":" else ""
    # "10:15" is a time after a time word (من 8:00، حتى 10:15), not alone (الآية 3:16)
    if len(minutes) == 2 and minutes.isdigit():
        j, sure = j + 1, sure or (i > 0 and tokens[i - 1].bare in _CLOCK_OPENERS)
    for table in (CLOCK_FRACTIONS, CLOCK_PARTS):
        said = _phrase_at(tokens, j, table)
        j, sure = j + said, sure or bool(said)
    return j if sure else i


def _hour_at(tokens: list[Token], i: int) -> int:
    """Words of an hour of the clock at i (digits 0-24 or an ordinal: السابعة، الحادية عشرة), else 0."""
    if i >= len(tokens):
        return 0
    if tokens[i].bare.isdigit():
        return 1 if len(tokens[i].bare) <= 2 and int(tokens[i].bare) <= 24 else 0
    return _phrase_at(tokens, i, CLOCK_HOURS)


def _phrase_at(tokens: list[Token], i: int, table: dict) -> int:
    return phrase_at([t.norm for t in tokens[i : i + 3]], 0, table)


def _year_range_end(tokens: list[Token], j: int) -> int:
    """Past a second year that makes a period with the one before: "1939 - 1945", "1950 إلى 1953"."""
    if j < len(tokens) and tokens[j].gap in ("-", "–", "—") and _is_year(tokens[j]):
        return j + 1
    if j + 1 < len(tokens) and tokens[j].norm in _RANGE_LINKS and _is_year(tokens[j + 1]):
        return j + 2
    return j


def _date_start(tokens: list[Token], i: int) -> int:
    """Extend a date leftwards over its days ("يومي 19 و20", "من 18 إلى 28"), a day word and a time
    preposition."""
    start = i
    while start > 0:
        before = tokens[start - 1]
        day = before.bare.isdigit() and len(before.bare) <= 2
        link = before.norm in _RANGE_LINKS and start >= 2 and tokens[start - 2].bare.isdigit()
        of = before.norm == "من" and start >= 2 and is_digit(tokens[start - 2])  # "19 من الجاري"
        if not (day or link or of or before.norm in _DAY_WORDS):
            break
        start -= 1
    if start > 0 and tokens[start].bare.isdigit() and tokens[start - 1].norm in _RANGE_OPENERS:
        start -= 1  # "من 18 إلى 28 يونيو", "بين 5 و7 مايو"
    if start > 0 and (tokens[start - 1].norm in _TIME_PREPOSITIONS or tokens[start - 1].norm == "صلاه"):
        start -= 1
    return start


# --- numbers -----------------------------------------------------------------------------------------


def _numbers(tokens: list[Token], common: Callable[[str], bool]) -> list[list[Token]]:
    words = [t.norm for t in tokens]
    found: list[list[Token]] = []
    i = 0
    while i < len(tokens):
        if _counts_two(tokens, i, common):
            found.append(tokens[i : i + 1])  # a dual is a number by itself: سجدتين، يومين
            i += 1
            continue
        parsed = number_at(words, i) or number_at([tokens[i].bare, *words[i + 1 :]], 0)
        if parsed is None or _is_year(tokens[i]) and i > 0 and tokens[i - 1].bare in _YEAR_WORDS:
            i += 1
            continue
        start, end = _hedge_start(words, i), i + parsed[1]
        if _after_its_noun(tokens, i):
            start = i - 1  # "بإقامة واحدة", "ركعتين اثنتين": one and two follow what they count
        if end < len(tokens) and _is_month(tokens, end):
            i = end + 1  # "14 يونيو": a day of a month is a date, not a quantity
            continue
        counted = _counted_end(tokens, end)
        if not (_is_year(tokens[i]) and len(tokens[i].norm) == 4 and counted == end):
            found.append(tokens[start:counted])  # a bare year is a date, not a quantity
        i = counted
    return found


def _counts_two(tokens: list[Token], i: int, common: Callable[[str], bool]) -> bool:
    """The word at i is a dual noun (store.arabic.numerals.dual_singular) not followed by the "two" that
    makes it one span with it (ركعتين اثنتين)."""
    following = tokens[i + 1] if i + 1 < len(tokens) else None
    if following is not None and (following.norm in AFTER_NOUN or following.bare in AFTER_NOUN):
        return False
    return any(dual_singular(word, common) for word in {tokens[i].norm, tokens[i].bare})  # فرحتان، وسنتين


def _after_its_noun(tokens: list[Token], i: int) -> bool:
    """The number word at i is one or two, which in Arabic follows its noun as an adjective."""
    before = tokens[i - 1] if i > 0 else None
    return (
        (tokens[i].norm in AFTER_NOUN or tokens[i].bare in AFTER_NOUN)
        and before is not None
        and not (is_stop(before) or is_digit(before) or before.gap)
    )


def _hedge_start(words: list[str], i: int) -> int:
    for hedge in sorted(HEDGES, key=len, reverse=True):
        if i >= len(hedge) and tuple(words[i - len(hedge) : i]) == hedge:
            return i - len(hedge)
    return i


def _counted_end(tokens: list[Token], end: int) -> int:
    """Include what the number counts: a percent phrase, "مرات", or the next word when it is no function
    word and no punctuation comes between (خمس صلوات، 50 صاروخا)."""
    words = [t.norm for t in tokens]
    for phrase in PERCENT:
        if tuple(words[end : end + len(phrase)]) == phrase:
            return end + len(phrase)
    if end < len(tokens) and tokens[end].norm in TIMES:
        return end + 1
    adverbial = end > 0 and tokens[end - 1].norm.endswith("ا") and not is_digit(tokens[end - 1])  # ثلاثا
    following = tokens[end] if end < len(tokens) else None
    if following is None or adverbial or following.gap:  # "2025 – افتتح": a dash parts them
        return end
    return end if is_stop(following) or is_digit(following) else end + 1


# --- places ------------------------------------------------------------------------------------------


def _named(token: Token, common: Callable[[str], bool]) -> bool:
    """A word that can be a place's name after its noun ("مدينة فاس"): no function word, no common word
    (a verb: "دولة اعترفت"), no number."""
    return not is_stop(token) and not common(token.norm) and not is_digit(token)


def _prayer_time(tokens: list[Token], i: int, size: int) -> bool:
    """A place name that is also a time of prayer (المغرب: Morocco, and the sunset prayer) said as a prayer:
    after a word of praying (صلى، صلاة، يصلي) or next to another time of day (الظهر والعصر)."""
    if size != 1 or tokens[i].bare not in DAY_PARTS:
        return False
    near = [tokens[j] for j in (i - 1, i + 1) if 0 <= j < len(tokens)]
    return (i > 0 and _praying(tokens[i - 1].norm)) or any(t.bare in DAY_PARTS for t in near)


def _praying(word: str) -> bool:
    """صلى، صلاة، يصلي، فصلينا، صلوا: the root صلو after a conjunction or a present prefix (not يصل,
    "arrives", nor صلاح)."""
    word = word[1:] if word[:1] in "وف" else word
    word = word[1:] if word[:1] in "يتن" else word
    return word.startswith("صل") and word[2:3] in ("ى", "ا", "ي", "و") and not word.startswith("صلاح")


def _places(tokens: list[Token], common: Callable[[str], bool]) -> list[list[Token]]:
    found: list[list[Token]] = []
    words = [t.norm for t in tokens]
    i = 0
    while i < len(tokens):
        known = longest_place_at(words, i)
        if known is not None and _prayer_time(tokens, i, known[1]):
            i += known[1]  # "صلى المغرب", "الظهر والعصر والمغرب": the sunset prayer, not Morocco
        elif known is not None:
            found.append(tokens[i : i + known[1]])
            i += known[1]
        elif tokens[i].bare in PLACE_NOUNS and i + 1 < len(tokens) and _named(tokens[i + 1], common):
            found.append(tokens[i : i + 2])
            i += 2
        else:
            i += 1
    return found
