"""Question analysis: the expected answer type, the noun asked about, the content terms and the figures.

The interrogative decides the type (من/who, متى/when, أين/where, كم/how many, لماذا/why, هل/did…); after
ما/ماذا/أي/what/which the noun asked about decides it (الدولة/country → place, الوزير/minister → person,
العام/year → date). Terms are what a segment must contain to be about the question: for Arabic the light
stems of the content words; for English each content word's Arabic translations (store.bilingual), and for
a capitalised word its consonant skeleton, matched by sound in the Arabic (store.arabic.skeleton).
"""

from __future__ import annotations

import re
from dataclasses import replace

from qa.answer.types import AnswerType, Question, Term
from store.arabic import (
    is_arabic,
    match_stem,
    match_tokens,
    normalise_arabic,
    noun_keys,
    root_arabic,
    root_tokens,
    strip_arabic_article,
    tokenise,
)
from store.arabic.numerals import unit_of
from store.arabic.skeleton import MIN_CONSONANTS, consonants, latin_skeleton
from store.bilingual import Bilingual
from store.english import STOPWORDS, content_words, english_words, stem_english

_T = AnswerType

# Nouns that say what kind of answer is asked for (a general table of roles, places, times and measures).
_HEADS_AR = {
    _T.PERSON: "شخص رجل امرأة اسم وزير رئيس مستشار متحدث ناطق مسؤول زعيم قائد سفير ملك أمير شيخ نائب مدير "
    "أمين كاتب مؤلف مؤسس مبعوث ممثل قاضي محافظ عمدة صحابي صحابية راوي نبي خليفة إمام عالم شاعر طبيب معلم",
    _T.PLACE: "دولة بلد مدينة عاصمة منطقة مكان موقع قرية جزيرة إقليم ولاية محافظة بحر نهر جبل قارة حي شارع "
    "مسجد ميناء مطار قاعدة وجهة أرض",
    _T.DATE: "عام سنة شهر يوم تاريخ موعد وقت ساعة زمن فترة قرن عقد أسبوع ليلة صلاة",
    _T.NUMBER: "عدد كم مبلغ قيمة نسبة حجم كمية مساحة طول مسافة مدة سعر تكلفة رسوم رسم عمر سن غرامة راتب "
    "ربح أرباح إيرادات دخل ميزانية",
    _T.REASON: "سبب دافع هدف غرض علة",
}
_HEADS_EN = {
    _T.PERSON: "person man woman name minister president adviser advisor spokesman official leader head "
    "chief ambassador king queen prince general director secretary envoy author writer founder companion "
    "narrator prophet caliph imam scholar poet doctor teacher governor mayor judge",
    _T.PLACE: "country city capital place region area province town village island state sea river mountain "
    "continent district street mosque port airport base destination land",
    _T.DATE: "year date month day time period century decade week night deadline",
    _T.NUMBER: "number amount value percentage share size quantity area length distance duration price cost "
    "fee fees age total fine salary profit revenue income budget allowance",
    _T.REASON: "reason cause purpose motive",
}
# Words that say what a number question measures (a general table, both languages).
_QUANTITY_WORDS = {
    "money": "تكلفة كلفة سعر ثمن رسم رسوم مبلغ غرامة راتب أجر قيمة أدفع يدفع تدفع ميزانية ربح أرباح إيرادات "
    "دخل cost costs price fee fees pay paid charge fine salary budget money worth profit revenue income "
    "allowance",
    "time": "مدة فترة يوما أيام شهرا أشهر شهور سنة سنوات عاما أعوام ساعة ساعات دقيقة دقائق أسبوع أسابيع long "
    "duration days months years hours minutes weeks period",
    "age": "عمر سن عمره عمرها old age",
    "percent": "نسبة بالمئة percent percentage proportion share",
    "length": "طول مسافة ارتفاع عرض عمق far tall high distance length height deep",
    "area": "مساحة farmland land area surface",
}
_QUANTITY = {
    key: kind for kind, words in _QUANTITY_WORDS.items() for word in words.split() for key in (
        normalise_arabic(word), stem_english(word)
    )
}  # fmt: skip
_HEAD_AR = {key: t for t, words in _HEADS_AR.items() for w in words.split() for key in noun_keys(w)}
_HEAD_EN = {stem_english(w): t for t, words in _HEADS_EN.items() for w in words.split()}
# Interrogatives and question-only words: never content terms (normalised, then stemmed).
_QUESTION_WORDS_AR = frozenset(
    match_stem(normalise_arabic(w))
    for w in "هل متى أين كم بكم لماذا لم كيف من لمن ممن ماذا بماذا ما أي أية الذي التي الذين هو هي هم".split()
)
_ARABIC_WORD = re.compile(r"[\w\u064b-\u065f\u0670]+")
_ASKS_NAME = re.compile(
    r"(?:^|\s)(?:ما|وما|فما)\s+(?:هو\s+|هي\s+|كان\s+|كانت\s+)?(?:اسم|إسم)\s|\bwhat\s+(?:is|was|'s)\s+the\s+name\b",
    re.IGNORECASE,
)  # asks for the name itself (not "What does the name … mean?")
_FIGURE = re.compile(r"\d+(?:[.,]\d+)?")
_ASKS_CLOCK = re.compile(
    rf"\b(?:what time|what hour|which hour|how late|how early)\b|{normalise_arabic('أي ساعة')}|"
    rf"{normalise_arabic('الساعة كم')}|{normalise_arabic('كم الساعة')}|{normalise_arabic('أي توقيت')}",
    re.IGNORECASE,
)  # a clock time is asked ("Until what time…?", "في أي ساعة…؟")
# Verbs of reporting (general Arabic and English): "من روى …؟", "Who narrated …?" ask who reported words.
_REPORTING_AR = frozenset(normalise_arabic(w) for w in "روى يروي رواه روت حدث يحدث أخبر نقل".split())
_REPORTING_EN = re.compile(r"\b(?:narrat|report|relat|transmitt?)(?:e|ed|es|ing|or)?\b", re.IGNORECASE)
_COPULA_EN = frozenset(["is", "was", "are", "were"])


def analyse_question(question: str, bilingual: Bilingual | None = None) -> Question:
    """Expected answer type, noun asked about, terms and figures of a question in Arabic or English."""
    text = " ".join(question.split())
    figures = tuple(dict.fromkeys(_FIGURE.findall(normalise_arabic(text))))
    if is_arabic(text):
        answer_type, head = _type_arabic(text)
        question = Question(text, "ar", answer_type, _terms_arabic(text), head, figures)
    else:
        answer_type, head = _type_english(text)
        question = Question(text, "en", answer_type, _terms_english(text, bilingual), head, figures)
    question = replace(
        question,
        tense=question_tense(text),
        asks_name=bool(_ASKS_NAME.search(text)),
        asks_source=answer_type is _T.PERSON and _asks_source(text),
        asks_clock=answer_type is _T.DATE and bool(_ASKS_CLOCK.search(normalise_arabic(text))),
    )
    if answer_type is _T.NUMBER:
        return replace(question, quantity=question_quantity(text))
    return question


# --- Arabic --------------------------------------------------------------------------------------------


def _terms_arabic(text: str) -> tuple[Term, ...]:
    terms: dict[str, Term] = {}
    for token in tokenise(text):
        stem = match_stem(token)
        if stem not in _QUESTION_WORDS_AR and stem not in terms:
            terms[stem] = Term(stem, frozenset([stem]), roots=frozenset([root_arabic(token)]))
    return tuple(terms.values())


def _type_arabic(text: str) -> tuple[AnswerType, str]:
    words = [normalise_arabic(w) for w in _ARABIC_WORD.findall(text)]
    words = [w[1:] if w[:1] in "وف" and w[1:] in _AR_WH else w for w in words]  # "ومتى" → "متى"
    for i, word in enumerate(words):
        found = _arabic_interrogative(words, i, word)
        if found is not None:
            return found
    return _T.THING, ""


_AR_WH = frozenset(
    normalise_arabic(w) for w in "هل متى أين كم بكم لماذا كيف من لمن ممن ماذا بماذا ما أي".split()
)


def _arabic_interrogative(words: list[str], i: int, word: str) -> tuple[AnswerType, str] | None:
    after = words[i + 1 :]
    if word == "هل" and i == 0:
        return _T.YESNO, ""
    if word in ("لماذا",) or (word == "لم" and i == 0):
        return _T.REASON, ""
    if word == "متي":
        return _T.DATE, ""
    if word == "اين":
        return _T.PLACE, ""
    if word in ("كم", "بكم"):
        return _T.NUMBER, _arabic_head(after)[1]
    if word == "كيف":
        return _T.DESCRIPTION, ""
    if word == "من" and after[:1] == ["اي"]:  # "من أي جامعة": "from which", asked by its noun's class
        kind, head = _arabic_head(after[1:4])
        return kind or _T.THING, head
    if word in ("من", "لمن", "ممن") and i == 0:
        kind, head = _arabic_head(after[:3])
        return (kind if kind in (_T.PLACE,) else _T.PERSON), head
    if word in ("ماذا", "بماذا", "ما", "اي", "بأي", "لاي", "باي"):
        kind, head = _arabic_head(after[:3])
        if kind is None:
            return (_T.DESCRIPTION if word in ("ماذا", "بماذا") else _T.THING), head
        return kind, head
    if word.startswith(("باي", "لاي", "فاي")) and len(word) == 3:
        kind, head = _arabic_head(after[:3])
        return kind or _T.THING, head
    return None


def _arabic_head(words: list[str]) -> tuple[AnswerType | None, str]:
    """The class and word of the first noun that names a kind of answer (skipping هو/الذي…); "the name of
    X" is asked by X's class (ما اسم الغرفة: a thing; ما اسم الوزير: a person)."""
    for n, word in enumerate(words):
        if word in ("اسم", "باسم"):
            kind, head = _arabic_head(words[n + 1 : n + 3])
            return kind or _T.THING, head or word
        for key in noun_keys(word):
            if key in _HEAD_AR:
                return _HEAD_AR[key], word
        if word not in _BEFORE_HEAD and not _elative(word):
            return None, ""  # a verb or another noun comes first ("بماذا وعد الوزير المزارعين…"): no head
    return None, ""


# Words that may stand between an interrogative and its noun: pronouns and relatives ("من هو الوزير").
_BEFORE_HEAD = frozenset(normalise_arabic(w) for w in "هو هي هم هما هن الذي التي الذين اللذان اللتان".split())


def _elative(word: str) -> bool:
    """A superlative or ordinal before its noun ("أكبر مدينة", "أول رئيس", "آخر موعد"): أفعل, أول, آخر."""
    return (len(word) == 4 and word[0] == "ا") or word in ("اول", "اخر")


# --- English -------------------------------------------------------------------------------------------


def _terms_english(text: str, bilingual: Bilingual | None) -> tuple[Term, ...]:
    cased = {w.lower(): w for w in english_words(text, keep_case=True)}
    terms = []
    for word in content_words(text):
        keys: set[str] = set()
        roots: set[str] = set()
        for arabic in bilingual.arabic(word) if bilingual else ():
            keys.update(match_tokens(arabic))
            roots.update(root_tokens(arabic))
        if word.isdigit():
            keys.add(word)
        surface = cased.get(word, word)
        name = surface[:1].isupper() and consonants(latin_skeleton(surface)) >= MIN_CONSONANTS
        terms.append(Term(word, frozenset(keys), latin_skeleton(surface) if name else "", frozenset(roots)))
    return tuple(terms)


def _type_english(text: str) -> tuple[AnswerType, str]:
    words = english_words(text)
    for i, word in enumerate(words):
        after = words[i + 1 :]
        if word in ("did", "does", "do", "is", "was", "are", "were", "can", "has", "have") and i == 0:
            return _T.YESNO, ""
        if word == "why":
            return _T.REASON, ""
        if word == "when":
            return _T.DATE, ""
        if word == "where":
            return _T.PLACE, ""
        if word in ("who", "whom", "whose"):
            return _T.PERSON, _english_head(after[1:] if after[:1] and after[0] in _COPULA_EN else [])[1]
        if word == "how":
            if after[:1] in (["many"], ["much"]):
                return _T.NUMBER, _english_head(after[1:])[1]
            if after[:1] in (["long"], ["old"], ["far"], ["often"]):
                return _T.NUMBER, after[0]
            return _T.DESCRIPTION, ""
        if word in ("what", "which"):
            kind, head = _english_head(after[1:] if after[:1] and after[0] in _COPULA_EN else after)
            if kind is None:
                describes = after[:1] and after[0] in ("did", "does", "do", "should", "must", "happened")
                return (_T.DESCRIPTION if describes else _T.THING), head
            return kind, head
    return _T.THING, ""


def _english_head(words: list[str]) -> tuple[AnswerType | None, str]:
    """The class and word of the first noun of the phrase that names a kind of answer; "the name of X" is
    asked by X's class."""
    for n, word in enumerate(words[:4]):
        if word == "name" and words[n + 1 : n + 2] == ["of"]:
            kind, head = _english_head(words[n + 2 :])
            return kind or _T.THING, head or word
        kind = _HEAD_EN.get(stem_english(word))
        if kind is not None:
            return kind, word
        if word in STOPWORDS and word not in ("the", "a", "an", "of"):
            break
    return None, next((w for w in words if w not in STOPWORDS), "")


_FUTURE_EN = frozenset("will shall going next upcoming planned scheduled".split())
_PAST_EN = frozenset("did was were last previous previously earlier ago before first".split())


def _asks_source(text: str) -> bool:
    """The question asks who reported something (a narrator, a source): it says a verb of reporting."""
    if is_arabic(text):
        words = {normalise_arabic(w) for w in _ARABIC_WORD.findall(text)}
        return bool({w[1:] if w[:1] in "وف" else w for w in words} & _REPORTING_AR)
    return bool(_REPORTING_EN.search(text))


def question_tense(text: str) -> str:
    """ "future" for "When will…", "متى سيزور"; "past" for "When did… last", "متى زار"; else ""."""
    if is_arabic(text):
        words = [normalise_arabic(w) for w in _ARABIC_WORD.findall(text)]
        if any(w.startswith("س") and len(w) > 3 and w[1] in "يتن" for w in words) or "سوف" in words:
            return "future"
        past = {normalise_arabic(w) for w in "السابقة السابق الماضي الماضية آخر لآخر الأولى".split()}
        return "past" if past & set(words) else ""
    words = set(english_words(text))
    if words & _FUTURE_EN:
        return "future"
    return "past" if words & _PAST_EN else ""


_COPULA_AR = frozenset(normalise_arabic(w) for w in "كان كانت يكون تكون بلغ بلغت يبلغ تبلغ هو هي".split())


def _quantity_word(word: str) -> str | None:
    """The quantity a word of the question names ("الرسوم" → money, "years" → time), else None."""
    forms = (word, strip_arabic_article(word), stem_english(word))
    return next((_QUANTITY[f] for f in forms if f in _QUANTITY), None)


def question_quantity(text: str) -> str:
    """What a number question measures: the unit right after its interrogative ("كم مترا", "how many
    days", "how long", "how old"), else a money, percent or area word anywhere ("how much does … cost");
    "measure" for "how much" of something uncounted; "" for a count ("how many people")."""
    if is_arabic(text):
        words = [normalise_arabic(w) for w in _ARABIC_WORD.findall(text)]
        after = next((words[i + 1 :] for i, w in enumerate(words[:-1]) if w in ("كم", "بكم")), [])
        asked = next((w for w in after if w not in _COPULA_AR), "")  # "كم كان عمره": past كان to عمر
        first = asked
    else:
        words = english_words(text)
        at = next((i for i, w in enumerate(words[:-1]) if w == "how"), -1)
        first = words[at + 1] if at >= 0 else ""
        asked = words[at + 2] if at >= 0 and first in ("many", "much") and at + 2 < len(words) else first
    unit = unit_of(asked) if asked else None
    if unit is not None and unit[1] != "count":
        return unit[1]
    kind = _quantity_word(asked) if asked else None
    if kind:
        return kind
    anywhere = [_quantity_word(w) for w in words]
    for wanted in ("money", "percent", "area"):
        if wanted in anywhere:
            return wanted
    return "measure" if first == "much" else ""
