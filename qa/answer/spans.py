"""Typed spans inside a segment: dates and times, numbers with what they count, people's names, places.

Only rules that are *sure* make a span: a month or year or weekday or prayer time (dates); a numeral with
its counted noun (numbers); a name joined by بن/ابن/أبو/عبد, a name after a narration word (عن، حدثنا) or
after a title (الرئيس، الوزير, with its adjectives) (people); a place after a place noun (مدينة، نهر) or a
country or capital of the world table after a preposition (places). Anything else is answered by its
segment. Offsets are into the file text, so `file_text[span.start:span.end] == span.text`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from qa.answer.types import AnswerType, Span
from store.arabic import MONTHS, WEEKDAYS, normalise_arabic, strip_diacritics
from store.arabic.calendar import DAY_PARTS, HIJRI_MONTHS
from store.arabic.numerals import HEDGES, PERCENT, TIMES, number_at, unit_of
from store.arabic.places import longest_place_at

_T = AnswerType
_VOWELS = re.compile("[\u064e-\u0650]")  # fatha, damma, kasra
_WORD = re.compile(r"[\w\u064b-\u065f\u0670]+(?:[.,٫٬]\d+)*")


@dataclass(frozen=True)
class Token:
    start: int  # offsets into the file text
    end: int
    norm: str  # normalise_arabic form
    vowelled: bool = False  # written with short vowels
    maqsura: bool = False  # ends with alef maqsura (ى): أَبَى "he refused", not the kunya أبي
    gap: str = ""  # punctuation between the word before and this one

    @property
    def bare(self) -> str:
        """The word without a joined و/ف/ب/ل/ك (for table look-ups: "وجوان" → "جوان")."""
        rest = self.norm[1:]
        joined = self.norm[:1] in "وفبلك" and (len(self.norm) > 3 or rest.isdigit())
        return rest if joined else self.norm


def tokens_of(text: str, offset: int = 0) -> list[Token]:
    """The words of `text` (and numbers, with their decimal marks), offsets shifted by `offset`; each with
    the non-space characters between it and the word before ("/" in "يونيو/حزيران", "-" in "1939 - 1945")."""
    tokens: list[Token] = []
    before = 0
    for m in _WORD.finditer(text):
        gap = "".join(text[before : m.start()].split())
        raw = m.group()
        tokens.append(
            Token(
                m.start() + offset,
                m.end() + offset,
                normalise_arabic(raw),
                bool(_VOWELS.search(raw)),
                strip_diacritics(raw).endswith("ى"),
                gap,
            )
        )
        before = m.end()
    return tokens


def _n(words: str) -> frozenset[str]:
    return frozenset(normalise_arabic(w) for w in words.split())


_YEAR_WORDS = _n("عام العام سنة السنة عامي")
_ERAS = _n("هـ ه م للميلاد ميلادية للهجرة هجرية")
_DAY_WORDS = _n("يوم يومي يومين اليوم ليلة")
_RANGE_LINKS = _n("و إلى حتى -")
_RANGE_OPENERS = _n("من بين")
_TIME_PREPOSITIONS = _n("قبل بعد عند حين منذ حتى في خلال أول آخر")
_CONNECTORS = _n("بن ابن بنت")
_KUNYA = _n("أبو أبي أبا أم عبد")
# Words a narrator's or a witness's name follows, and words a speaker's name follows. A verb follows a
# speech verb as often as a name does: such a name must be no dictionary word (`common`), and in vowelled
# narration (where speech verbs chain: "قال فحملت") only a narration word counts.
_NARRATION = _n("عن حدثنا حدثني أخبرنا أخبرني وحدثنا وحدثني وأخبرنا سمعت سمع")
_SPEECH = _n("قال قالت وقال وقالت فقال فقالت أكد وأكد أوضح وأوضح أعلن وأعلن ذكر وذكر أضاف وأضاف صرح وصرح")
_STOP = _n(
    "في من إلى على عن مع أن إن قد لا ما لم لن هو هي هم كان كانت قال قالت الذي التي يا ثم أو و ف ب ل حتى "
    "إذا لما كما بعد قبل عند رسول النبي صلى الله عليه وسلم رضي"
)
_TITLES = _n(
    "الرئيس الرئيسة رئيس رئيسة نائب الوزير الوزيرة وزير وزيرة المستشار مستشار السفير سفير الملك الملكة "
    "الأمير الأميرة الشيخ الشيخة الدكتور الدكتورة د المهندس السيد السيدة الإمام القاضي المتحدث الناطق الأمين "
    "المدير مدير مديرة المدير العام العميد عميد النائب الجنرال الفريق اللواء العقيد المبعوث المندوب الخليفة "
    "المحافظ محافظ العمدة البروفيسور الأستاذ الأستاذة المؤرخ الكاتب الشاعر العالم الفيلسوف"
)
PLACE_NOUNS = _n(
    "مدينة مدينه بلدة قرية منطقة محافظة ولاية إقليم جزيرة جبل نهر بحر بحيرة وادي صحراء شارع حي ميدان ساحة "
    "مسجد جامعة ميناء مطار قلعة قصر عاصمة دولة"
)
_PLACE_PREPOSITIONS = _n("في إلى من ب ل نحو قرب داخل عبر")


def find_spans(
    text: str, offset: int, answer_type: AnswerType, common: Callable[[str], bool] | None = None
) -> list[Span]:
    """The sure spans of `answer_type` in a segment (`text` starts at `offset` of its file). `common` tells a
    common word (found in a dictionary) from a name: a name after a title or a narration word is none."""
    tokens = tokens_of(text, offset)
    common = common or (lambda _: False)
    if answer_type is _T.PERSON:
        found = _people(tokens, common)
    elif answer_type is _T.PLACE:
        found = _places(tokens, common)
    else:
        finder = {_T.DATE: _dates, _T.NUMBER: _numbers}.get(answer_type)
        found = finder(tokens) if finder else []
    spans = [(_after_conjunction(text, offset, t[0].start) if answer_type is _T.PERSON else t[0].start, t)
             for t in found if t]  # fmt: skip
    return [
        Span(start, t[-1].end, text[start - offset : t[-1].end - offset], answer_type, _kind(t))
        for start, t in spans
    ]


_CONJUNCTION_BEFORE_HAMZA = re.compile("[وف][\u064b-\u0652]*(?=[أإآو])")


def _after_conjunction(text: str, offset: int, start: int) -> int:
    """Where a name starts once a joined و/ف is left out: no name begins with و or ف followed by a hamza
    on alif or by و ("وَأُسَامَةُ" is "and Usama", "وَوَائِلُ" "and Wa'il"), while names such as وائل, وليد,
    فاطمة keep their first letter."""
    match = _CONJUNCTION_BEFORE_HAMZA.match(text, start - offset)
    return start + match.end() - match.start() if match else start


_OLDEST = 130  # years: no figure above it is a person's age


def fits_quantity(quantity: str, span: Span) -> bool:
    """Whether a quantity span answers a number question that measures `quantity` (money, time, age,
    percent, length, area, measure; "" = a count): a count is no sum of money, an age is a time, a span
    whose counted word the unit table does not know may be any but money, a share or a duration."""
    if span.answer_type is not _T.NUMBER:
        return True
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


def _kind(tokens: list[Token]) -> str:
    """The unit kind of a quantity span (its counted word's, or percent): "" when it counts things."""
    for token in reversed(tokens):
        unit = unit_of(token.norm)
        if unit is not None:
            return unit[1]
    return ""


# --- dates and times --------------------------------------------------------------------------------


def _is_month(tokens: list[Token], i: int) -> int:
    """Words of the month name at i (Gregorian in every spelling, or Hijri), else 0."""
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
    i = 0
    while i < len(tokens):
        end = _date_end(tokens, i)
        if end > i:
            start = _date_start(tokens, i)
            found.append(tokens[start:end])
            i = end
        else:
            i += 1
    return found


def _date_end(tokens: list[Token], i: int) -> int:
    """End of a date expression anchored at token i (a month, a year, a weekday, a day part), or i."""
    t = tokens[i]
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
        return i + 1 if i > 0 and tokens[i - 1].bare in _TIME_PREPOSITIONS | _DAY_WORDS | _n("صلاة") else i
    if t.bare == normalise_arabic("الساعة") and i + 1 < len(tokens) and number_at([tokens[i + 1].norm], 0):
        return i + 2
    return i


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
        if not (day or link or before.norm in _DAY_WORDS):
            break
        start -= 1
    if start > 0 and tokens[start].bare.isdigit() and tokens[start - 1].norm in _RANGE_OPENERS:
        start -= 1  # "من 18 إلى 28 يونيو", "بين 5 و7 مايو"
    if start > 0 and (tokens[start - 1].norm in _TIME_PREPOSITIONS or tokens[start - 1].norm == "صلاه"):
        start -= 1
    return start


# --- numbers -----------------------------------------------------------------------------------------


def _numbers(tokens: list[Token]) -> list[list[Token]]:
    words = [t.norm for t in tokens]
    found: list[list[Token]] = []
    i = 0
    while i < len(tokens):
        parsed = number_at(words, i) or number_at([tokens[i].bare, *words[i + 1 :]], 0)
        if parsed is None or _is_year(tokens[i]) and i > 0 and tokens[i - 1].bare in _YEAR_WORDS:
            i += 1
            continue
        start, end = _hedge_start(words, i), i + parsed[1]
        if end < len(tokens) and _is_month(tokens, end):
            i = end + 1  # "14 يونيو": a day of a month is a date, not a quantity
            continue
        counted = _counted_end(tokens, end)
        if not (_is_year(tokens[i]) and len(tokens[i].norm) == 4 and counted == end):
            found.append(tokens[start:counted])  # a bare year is a date, not a quantity
        i = counted
    return found


def _hedge_start(words: list[str], i: int) -> int:
    for hedge in sorted(HEDGES, key=len, reverse=True):
        if i >= len(hedge) and tuple(words[i - len(hedge) : i]) == hedge:
            return i - len(hedge)
    return i


def _counted_end(tokens: list[Token], end: int) -> int:
    """Include what the number counts: a percent phrase, "مرات", or the next word when it is no function
    word (خمس صلوات، 50 صاروخا)."""
    words = [t.norm for t in tokens]
    for phrase in PERCENT:
        if tuple(words[end : end + len(phrase)]) == phrase:
            return end + len(phrase)
    if end < len(tokens) and tokens[end].norm in TIMES:
        return end + 1
    adverbial = end > 0 and tokens[end - 1].norm.endswith("ا") and not _digit(tokens[end - 1])  # ثلاثا
    if end < len(tokens) and not adverbial and not _stop(tokens[end]) and not _digit(tokens[end]):
        return end + 1
    return end


def _stop(token: Token) -> bool:
    """A function word, also behind a joined و/ف ("وقد", "فإن")."""
    joined = token.norm[:1] in "وف" and token.norm[1:] in _STOP
    return token.norm in _STOP or token.bare in _STOP or joined


def _digit(token: Token) -> bool:
    return token.bare[:1].isdigit()


# --- people ------------------------------------------------------------------------------------------


def _people(tokens: list[Token], common: Callable[[str], bool]) -> list[list[Token]]:
    found: list[list[Token]] = []
    i = 0
    while i < len(tokens):
        start, cued = i, i > 0 and _cue(tokens[i - 1], tokens[i])
        if _title(tokens[i]):  # a title and its adjectives ("الرئيس الروسي"), then the name
            start, cued = _skip_adjectives(tokens, i + 1), True
        end = _name_chain_end(tokens, start, common) if start < len(tokens) else start
        if end == start and cued:
            end = _plain_name_end(tokens, start, common)
        if end > start:
            found.append(tokens[start:end])
            i = end
        else:
            i += 1
    return found


def _cue(before: Token, token: Token) -> bool:
    """Whether a name may start at `token` after `before`: a narration word, or a speech verb before an
    unvowelled word."""
    return before.norm in _NARRATION or (before.norm in _SPEECH and not token.vowelled)


def _title(token: Token) -> bool:
    return token.norm in _TITLES or token.bare in _TITLES


def _skip_adjectives(tokens: list[Token], j: int) -> int:
    """Past the definite words after a title: its complement and adjectives ("وزير الخارجية الياباني")."""
    while j < len(tokens) and tokens[j].norm.startswith("ال") and not _stop(tokens[j]):
        j += 1
    return j


def _name_chain_end(tokens: list[Token], i: int, common: Callable[[str], bool]) -> int:
    """End of a name built with kunya/عبد and بن/ابن/بنت links ("أبي هريرة", "عبد الله بن عمر"), or i."""
    j = i
    kunya = tokens[i].norm in _KUNYA and not tokens[i].maqsura
    if kunya and i + 1 < len(tokens) and tokens[i + 1].norm not in _STOP:
        j = i + 2
    elif i + 2 < len(tokens) and tokens[i + 1].norm in _CONNECTORS and not _stop(tokens[i]):
        if common(tokens[i].norm) and not tokens[i].vowelled:
            return i  # "فقد بنت …": a word, not a name, before بنت
        j = i + 1
    else:
        return i
    while j + 1 < len(tokens) and tokens[j].norm in _CONNECTORS and tokens[j + 1].norm not in _STOP:
        j += 2
        if tokens[j - 1].norm in _KUNYA and j < len(tokens):
            j += 1  # "بن أبي طالب", "بن عبد الله"
    return _past_nisba(tokens, j)


def _past_nisba(tokens: list[Token], j: int) -> int:
    """Past one nisba that ends a name built with a kunya or بن ("أبو عبيد الجوزجاني", "سليمان بن حمد
    الكناني", "أبي سعيد الخدري"): a definite word in ي right after the name (no punctuation between). The
    dictionary is not asked: a nisba is often also a word (الخدري, "of numbness")."""
    if j < len(tokens) and not tokens[j].gap and _nisba(tokens[j]):
        return j + 1
    return j


def _nisba(token: Token) -> bool:
    word = token.norm
    return word.startswith("ال") and word.endswith("ي") and len(word) > 4 and not _stop(token)


def _plain_name_end(tokens: list[Token], i: int, common: Callable[[str], bool]) -> int:
    """A name of one to three words after a narration word or a title, up to a function word or a common
    word (a dictionary word is a noun or a verb, not a name)."""
    j = i
    while j < len(tokens) and j - i < 3 and not _stop(tokens[j]) and not _digit(tokens[j]):
        if common(tokens[j].norm):
            break
        if j > i and (_title(tokens[j]) or tokens[j].norm.startswith(("لل", "بال", "وال", "فال"))):
            break
        if j > i and tokens[j].norm.startswith("ال") and not tokens[j].norm.endswith("ي"):
            break  # "محمد النبي" stops; a nisba "السيسي", "الخدري" belongs to the name
        j += 1
    return j


# --- places ------------------------------------------------------------------------------------------


def _named(token: Token, common: Callable[[str], bool]) -> bool:
    """A word that can be a place's name after its noun ("مدينة فاس"): no function word, no common word
    (a verb: "دولة اعترفت"), no number."""
    return not _stop(token) and not common(token.norm) and not _digit(token)


def _places(tokens: list[Token], common: Callable[[str], bool]) -> list[list[Token]]:
    found: list[list[Token]] = []
    words = [t.norm for t in tokens]
    i = 0
    while i < len(tokens):
        known = longest_place_at(words, i)
        if known is not None:
            found.append(tokens[i : i + known[1]])
            i += known[1]
        elif tokens[i].bare in PLACE_NOUNS and i + 1 < len(tokens) and _named(tokens[i + 1], common):
            found.append(tokens[i : i + 2])
            i += 2
        else:
            i += 1
    return found
