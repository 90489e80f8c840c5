"""Date expressions in Arabic sentences: days, ranges, months in every spelling, years, weekdays, relative
dates ("العام الماضي") and qualifiers ("آخر يوم من عام 1999"), with a structured value for rendering.

Grammar of one expression (every part optional, at least one anchor):
    [qualifier] [weekdays] [days] [month] [years] [relative]
"""

from __future__ import annotations

from dataclasses import dataclass

from qa.grounded.data.datewords import (
    DAY_RELATIVE as _DAY_RELATIVE,
)
from qa.grounded.data.datewords import (
    DAY_WORDS as _DAY_WORDS,
)
from qa.grounded.data.datewords import (  # noqa: F401 (re-exported)
    ERAS,
    date_word,
    time_adverbial_at,
)
from qa.grounded.data.datewords import (
    MONTH_CONTEXT as _MONTH_CONTEXT,
)
from qa.grounded.data.datewords import (
    ORDINAL_DAYS as _ORDINAL_DAYS,
)
from qa.grounded.data.datewords import (
    QUALIFIERS as _QUALIFIERS,
)
from qa.grounded.data.datewords import (
    RANGE_TO as _RANGE_TO,
)
from qa.grounded.data.datewords import (
    STARTERS as _STARTERS,
)
from qa.grounded.data.datewords import (
    UNIT_RELATIVE as _UNIT_RELATIVE,
)
from qa.grounded.data.datewords import (
    WEEKDAY_CODES as _WEEKDAY_CODES,
)
from qa.grounded.data.datewords import (
    WHEN_RELATIVE as _WHEN_RELATIVE,
)
from qa.grounded.data.datewords import (
    YEAR_WORDS as _YEAR_WORDS,
)
from qa.grounded.english import split_words
from qa.grounded.tokens import Token
from store.arabic import AMBIGUOUS_MONTHS, WEEKDAYS, month_at, normalise_arabic


def _n(words: str) -> tuple[str, ...]:
    return tuple(normalise_arabic(w) for w in split_words(words))


@dataclass(frozen=True)
class DateValue:
    days: tuple[int, ...] = ()
    day_range: str = ""  # "from" (من 18 إلى 28), "between" (بين 18 و28), "dash" (18-28); "" for a list
    month: int = 0
    years: tuple[int, ...] = ()
    weekdays: tuple[int, ...] = ()
    relative: str = ""  # "last-year", "this-month", "yesterday", …; with a month: "last" (سبتمبر الماضي)
    qualifier: str = ""  # "last-day", "first-day", "end", "start", "mid"
    year_range: bool = False  # two years as one period: "أعوام 1950 - 1953", "من 1950 إلى 1953"

    def normalised(self) -> str:
        """Canonical text: "2000-07", "19-20/06", "18..28/06", "1961,2000,2001", "last-day:1999", "tue"."""
        parts = []
        if self.weekdays:
            parts.append(",".join(_WEEKDAY_CODES[w - 1] for w in self.weekdays))
        year = ("-" if self.year_range else ",").join(str(y) for y in self.years)
        if self.days and self.month:
            sep = ".." if self.day_range in ("from", "between") else "-"
            day_month = f"{sep.join(str(d) for d in self.days)}/{self.month:02d}"
            parts.append(
                f"{year}-{self.month:02d}-{self.days[0]:02d}" if year and len(self.days) == 1 else day_month
            )
            if year and len(self.days) > 1:
                parts.append(year)
        elif self.days:
            parts.append("-".join(str(d) for d in self.days) + "/this-month")
        elif self.month:
            parts.append(f"{year}-{self.month:02d}" if len(self.years) == 1 else f"{self.month:02d}")
        elif year:
            parts.append(year)
        if self.relative:
            parts.append(self.relative)
        text = " ".join(parts)
        return f"{self.qualifier}:{text}" if self.qualifier else text


@dataclass(frozen=True)
class DateMatch:
    start: int  # token indexes, end exclusive
    end: int
    value: DateValue


def find_dates(tokens: list[Token]) -> list[DateMatch]:
    """Every date expression of the sentence, longest first at each position, without overlaps."""
    found, i = [], 0
    while i < len(tokens):
        match = date_at(tokens, i) if _can_start(tokens, i) else None
        if match:
            found.append(match)
            i = match.end
        else:
            i += 1
    return found


def _can_start(tokens: list[Token], i: int) -> bool:
    """Cheap test before parsing: only numbers and date words (or من/بين before a number) open a date."""
    token = tokens[i]
    if token.is_number:
        return True
    if not token.is_word:
        return False
    n = token.norm
    if n in _STARTERS or (len(n) > 3 and n[1:] in _STARTERS) or date_word(n) or date_word(n[1:]):
        return True
    return n in ("من", "بين") and i + 1 < len(tokens) and tokens[i + 1].is_number


def date_at(tokens: list[Token], i: int, known_date: bool = False) -> DateMatch | None:
    """The date expression starting at token i, or None. `known_date`: the tokens were already found to be
    a date in their sentence, so a month name that is also a word ("مارس" alone) is taken as the month."""
    qualifier, j = _qualifier(tokens, i)
    before_weekday, j = _day_relative_before_weekday(tokens, j)
    weekdays, j = _weekdays(tokens, j)
    days, day_range, k = _days(tokens, j)
    month, k2 = _month(tokens, k, bool(days) or known_date, i)
    if days and not month:
        this_month, k3 = _this_month(tokens, k)
        if not this_month:
            days, day_range, k2 = (), "", j
        else:
            k2 = k3
    k2, year_relative = _of_the_year(tokens, k2) if month else (k2, "")
    years, year_range, j = _years(tokens, k2, has_month=bool(month))
    if year_relative and not years:
        relative, j = year_relative, k2 + 2
    else:
        relative, j = _relative(tokens, j, anchored=bool(month or years or days or weekdays))
    relative = relative or before_weekday
    if not (weekdays or days or month or years or relative):
        return None
    value = DateValue(days, day_range, month, years, weekdays, relative, qualifier, year_range)
    return DateMatch(i, j, value)


def _of_the_year(tokens: list[Token], k: int) -> tuple[int, str]:
    """After a month, "من (ال)عام 2031" / "من العام الماضي": the من belongs to the date. Returns the index
    of the year word (or k unchanged) and the relative year ("last-year") when no figure follows."""
    words = _words(tokens, k, 3)
    if len(words) < 3 or words[0] != "من" or words[1] not in _YEAR_WORDS:
        return k, ""
    if tokens[k + 2].is_number:
        return k + 1, ""
    when = _WHEN_RELATIVE.get(words[2])
    return (k + 1, f"{when}-year") if when else (k, "")


def _day_relative_before_weekday(tokens: list[Token], j: int) -> tuple[str, int]:
    """ "أمس الأحد", "مساء أمس الأحد", "اليوم الثلاثاء", "غدا الجمعة"."""
    k = j + 1 if j < len(tokens) and tokens[j].norm in _DAY_WORDS else j
    name = _DAY_RELATIVE.get(_words(tokens, k, 1)) or ("today" if _words(tokens, k, 1) == ("اليوم",) else "")
    if name and k + 1 < len(tokens) and (tokens[k + 1].norm in WEEKDAYS or tokens[k + 1].bare in WEEKDAYS):
        return name, k + 1
    return "", j


def _words(tokens: list[Token], j: int, n: int) -> tuple[str, ...]:
    return tuple(t.norm for t in tokens[j : j + n])


def _qualifier(tokens: list[Token], j: int) -> tuple[str, int]:
    for length in (3, 1):
        words = _words(tokens, j, length)
        name = _QUALIFIERS.get(words) if len(words) == length else None
        if name:
            k = j + length
            if k < len(tokens) and tokens[k].norm in ("من", "شهر"):
                k += 1
            return name, k
    return "", j


def _weekdays(tokens: list[Token], j: int) -> tuple[tuple[int, ...], int]:
    k = j
    while k < len(tokens) and tokens[k].norm in _DAY_WORDS and k - j < 2:
        k += 1
    days: list[int] = []
    while (
        k < len(tokens) and tokens[k].is_word and (tokens[k].norm in WEEKDAYS or tokens[k].bare in WEEKDAYS)
    ):
        days.append(WEEKDAYS.get(tokens[k].norm) or WEEKDAYS[tokens[k].bare])
        k += 1
    return (tuple(days), k) if days else ((), j)


def _day(token: Token) -> int:
    return int(token.norm) if token.is_number and token.norm.isdigit() and 1 <= int(token.norm) <= 31 else 0


def _ordinal_day(tokens: list[Token], k: int) -> tuple[int, int]:
    """ "السابع من أكتوبر", "الحادي والعشرين من الشهر الجاري": (day, index of "من"), or (0, k)."""
    for length in (2, 1):
        words = _words(tokens, k, length)
        day = _ORDINAL_DAYS.get(words) if len(words) == length else None
        if day and k + length < len(tokens) and tokens[k + length].norm == "من":
            after = [t.norm for t in tokens]
            if month_at(after, k + length + 1) or _this_month(tokens, k + length)[0]:
                return day, k + length
    return 0, k


def _days(tokens: list[Token], j: int) -> tuple[tuple[int, ...], str, int]:
    """ "18", "19 و20", "من 18 إلى 28", "بين 18 و28", "18-28" (a "يوم/يومي/في" before them is included),
    and ordinals before "من" + month ("السابع من أكتوبر")."""
    k = j + 1 if j < len(tokens) and tokens[j].norm in ("يوم", "يومي") else j
    ordinal, at = _ordinal_day(tokens, k)
    if ordinal:
        this_month = _this_month(tokens, at)[0]
        return (ordinal,), "", at if this_month else at + 1
    style = ""
    if k < len(tokens) and tokens[k].norm in ("من", "بين"):
        style, k = ("from" if tokens[k].norm == "من" else "between"), k + 1
    first = _day(tokens[k]) if k < len(tokens) else 0
    if not first:
        return (), "", j
    days, k = [first], k + 1
    while k + 1 < len(tokens):
        link = tokens[k]
        linked = (
            link.kind == "clitic" or link.text in ("-", "–") or link.norm in _RANGE_TO or link.norm == "و"
        )
        if not (linked and _day(tokens[k + 1])):
            break
        if link.text in ("-", "–") and not style:
            style = "dash"
        days.append(_day(tokens[k + 1]))
        k += 2
    if style in ("from", "between") and len(days) != 2:
        return (), "", j
    return tuple(days), style, k


def _month(tokens: list[Token], k: int, after_days: bool, start: int) -> tuple[int, int]:
    """A month name (any spelling, "مارس/آذار" and "يونيو (حزيران)" included), or "شهر" + month."""
    words = [t.norm for t in tokens]
    if (
        k < len(tokens)
        and tokens[k].norm in ("شهر", "بشهر")
        and k + 1 < len(tokens)
        and month_at(words, k + 1)
    ):
        k += 1
        after_days = True  # "شهر مارس" is unambiguous
    found = month_at(words, k) if k < len(tokens) and tokens[k].is_word else None
    if not found:
        return 0, k
    month, used = found
    end = k + used
    end = _alternative_month(tokens, words, end)
    if words[k] in AMBIGUOUS_MONTHS and tokens[k].text != "آب" and not after_days:
        before = words[k - 1] if k > 0 else ""
        after = words[end] if end < len(words) else ""
        if not (before in _MONTH_CONTEXT or after.isdigit() or after in _WHEN_RELATIVE or end > k + used):
            return 0, k
    return month, end


def _alternative_month(tokens: list[Token], words: list[str], end: int) -> int:
    """Skip a second spelling after "/" or in brackets: "مارس/آذار", "يونيو (حزيران)"."""
    if end + 1 < len(tokens) and tokens[end].text == "/" and month_at(words, end + 1):
        return end + 1 + month_at(words, end + 1)[1]
    if end + 2 < len(tokens) and tokens[end].text == "(" and month_at(words, end + 1):
        close = end + 1 + month_at(words, end + 1)[1]
        if close < len(tokens) and tokens[close].text == ")":
            return close + 1
    return end


def _this_month(tokens: list[Token], k: int) -> tuple[bool, int]:
    """ "من الجاري", "من الشهر الجاري/الحالي" after day numbers: this month."""
    words = _words(tokens, k, 3)
    if words[:2] in (_n("من الجاري"), _n("من الحالي")):
        return True, k + 2
    if len(words) == 3 and words[:2] == _n("من الشهر") and _WHEN_RELATIVE.get(words[2]) == "this":
        return True, k + 3
    return False, k


def _year(token: Token, marked: bool) -> int:
    if not (token.is_number and token.norm.isdigit() and len(token.norm) == 4):
        return 0
    value = int(token.norm)
    return value if (1900 <= value <= 2100 or (marked and 1000 <= value <= 2100)) else 0


def _early_year(token: Token, following: Token | None) -> int:
    """A year before 1000 after a year word: three digits ("عام 711", "سنة 965"), or one or two digits with
    an era after them ("عام 79 للميلاد"): history texts."""
    if not (token.is_number and token.norm.isdigit()):
        return 0
    if len(token.norm) == 3:
        return int(token.norm)
    era = following is not None and following.norm in ERAS
    return int(token.norm) if era and int(token.norm) > 0 else 0


def _years(tokens: list[Token], k: int, has_month: bool) -> tuple[tuple[int, ...], bool, int]:
    """ "2000", "عام 2000", "بأعوام 1961 و2000 و2001", "عامي 2000 و2001"; a period of two years
    ("أعوام 1950 - 1953", "من 1950 إلى 1953", "بين 1950 و1953") is one range. A four-digit number right
    after a month is its year whatever follows ("17 مارس 2031 بمشاركة 412 مزارعا")."""
    word = tokens[k].norm if k < len(tokens) else ""
    marked = word in _YEAR_WORDS or (word[:1] in "وبل" and word[1:] in _YEAR_WORDS)
    span_word = "" if marked or has_month else word
    j = k + 1 if marked or span_word in ("من", "بين") else k
    first = _year(tokens[j], marked or has_month) if j < len(tokens) else 0
    if not first and marked and j < len(tokens):
        first = _early_year(tokens[j], tokens[j + 1] if j + 1 < len(tokens) else None)
    if not first or (not has_month and _counted_after(tokens, j + 1)):
        return (), False, k
    period = _year_period(tokens, j + 1, span_word)
    if period:
        return (first, period[0]), True, period[1]
    if span_word in ("من", "بين"):
        return (), False, k
    years, j = [first], j + 1
    while j + 1 < len(tokens) and (tokens[j].kind == "clitic" or tokens[j].text in ("،", ",", "و")):
        nxt = _year(tokens[j + 1], True)
        if not nxt:
            break
        years.append(nxt)
        j += 2
    return tuple(years), False, j


def _year_period(tokens: list[Token], j: int, opener: str) -> tuple[int, int] | None:
    """The second year of "1950 - 1953" (any opener), "من 1950 إلى/حتى 1953" or "بين 1950 و1953":
    (year, end index), or None."""
    if j + 1 >= len(tokens):
        return None
    link = tokens[j]
    joined = link.norm == "و" or link.kind == "clitic"
    linked = (
        link.text in ("-", "–") or (opener == "من" and link.norm in _RANGE_TO) or (opener == "بين" and joined)
    )
    second = _year(tokens[j + 1], True) if linked else 0
    return (second, j + 2) if second else None


def _counted_after(tokens: list[Token], j: int) -> bool:
    """A number followed by an indefinite noun is a count ("2000 جندي"), not a year."""
    if j >= len(tokens) or not tokens[j].is_word:
        return False
    from qa.grounded.data.nouns import arabic_noun  # local: the noun table is large and dates rarely need it

    return arabic_noun(tokens[j]) is not None and not tokens[j].definite


def _relative(tokens: list[Token], j: int, anchored: bool) -> tuple[str, int]:
    """ "الماضي" after a month ("سبتمبر الماضي"), or a standalone relative date ("العام الماضي", "أمس")."""
    if anchored:
        if j < len(tokens) and tokens[j].norm in _WHEN_RELATIVE:
            return _WHEN_RELATIVE[tokens[j].norm], j + 1
        return "", j
    for length in (2, 1):
        words = _words(tokens, j, length)
        name = _DAY_RELATIVE.get(words) if len(words) == length else None
        if name:
            return name, j + length
    unit, when = _words(tokens, j, 2) if j + 1 < len(tokens) else ("", "")
    if unit in _UNIT_RELATIVE and when in _WHEN_RELATIVE:
        return f"{_WHEN_RELATIVE[when]}-{_UNIT_RELATIVE[unit]}", j + 2
    return "", j
