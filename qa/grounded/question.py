"""Question analysis: the expected answer type, the noun asked about and the focus terms (Arabic, English).

Rules, not a model: the interrogative (من/who, متى/when, أين/where, كم/how many, لماذا/why, هل/did…)
decides the type; after ما/ماذا/أي/which/what the head noun decides it (الدولة/country → place,
الوزير/minister → person, الصحيفة/newspaper → organisation, العام/year → date…).
"""

from __future__ import annotations

import re

from qa.grounded.english import STOPWORDS as EN_STOPWORDS
from qa.grounded.english import content_terms, english_words, split_words, stem_english
from qa.grounded.tokens import VERBS
from qa.grounded.types import AnswerType, QuestionAnalysis
from store.arabic import (
    is_arabic,
    lexical_tokens,
    normalise_arabic,
    noun_key,
    noun_keys,
    stem_arabic,
    strip_diacritics,
)

_T = AnswerType

# --- head nouns (surface forms; stemmed at import so any inflection/article matches) -------------------

_AR_HEADS: dict[AnswerType, str] = {
    _T.PERSON: "وزير وزيرة رئيس رئيسة مستشار متحدث المتحدث ناطق مسؤول مسؤولة زعيم قائد سفير ملك أمير شيخ "
    "نائب مدير أمين جنرال شخص شخصية لاعب مدرب كاتب مؤلف مؤسس مبعوث ممثل مندوب نظير قاضي محافظ عمدة "
    "مرشح فائز صحفي مراسل رجل امرأة وزراء قادة زعماء سفراء مسؤولين مستشارين أشخاص شخصيات خليفة",
    _T.PLACE: "دولة بلد بلدان دول مدينة مدن عاصمة منطقة مناطق مكان أماكن موقع قاعدة ميناء مطار جزيرة "
    "إقليم ولاية محافظة قرية بحر محيط نهر قارة بلاد وجهة حي شارع ساحة",
    _T.ORGANISATION: "صحيفة صحف جريدة وكالة شركة شركات منظمة مؤسسة حزب حركة جماعة وزارة هيئة مجلس بنك "
    "مصرف قناة جامعة لجنة اتحاد تحالف محكمة برلمان جيش مجموعة نادي فريق مكتب سلطة",
    _T.DATE: "عام سنة شهر يوم تاريخ فترة مدة موعد وقت أسبوع ساعة زمن أعوام سنوات",
    _T.NUMBER: "عدد حجم قيمة نسبة مبلغ كمية مساحة طول سعر تكلفة مجموع إجمالي حصيلة معدل",
    _T.REASON: "سبب أسباب دافع دوافع هدف غرض",
    _T.DESCRIPTION: "موقف رأي مضمون محتوى رد نتيجة نتائج",
}
_EN_HEADS: dict[AnswerType, str] = {
    _T.PERSON: "minister adviser advisor spokesman spokeswoman spokesperson official leader head chief "
    "ambassador king queen prince princess general director secretary envoy representative person man "
    "woman commander premier chancellor deputy governor mayor founder author writer journalist "
    "counterpart diplomat politician president successor predecessor",
    _T.PLACE: "country city capital place region area province town village base airport port island "
    "location site venue nation territory sea destination district",
    _T.ORGANISATION: "newspaper agency company organisation organization ministry party group council bank "
    "channel network university committee commission court parliament army alliance firm outlet "
    "broadcaster station union movement institute body",
    _T.DATE: "year date month day time period decade century week",
    _T.NUMBER: "number amount value total percentage share size cost price sum figure count toll rate",
    _T.REASON: "reason cause purpose motive",
    _T.DESCRIPTION: "position stance response reaction view",
}


def _stem_ar(word: str) -> str:
    return stem_arabic(normalise_arabic(word))


_AR_HEAD_CLASS = {noun_key(w): t for t, words in _AR_HEADS.items() for w in words.split()}
_EN_HEAD_CLASS = {stem_english(w): t for t, words in _EN_HEADS.items() for w in words.split()}

# Verbs whose object is a statement or an action, not a thing: "ماذا فعل/قال/كتب", "what did X do/say".
_AR_DESCRIPTION_VERBS = frozenset(
    normalise_arabic(w)
    for w in split_words(
        "فعل قال قول كتب أعلن علن طلب اقترح قترح ناقش نقش حدث جرى جري أكد كد أوضح وضح ذكر طالب قرر عني "
        "يعني تضمن ضمن أظهر ظهر كشف وصف رد حذر أجاب جاب صرح أبلغ بلغ اتفق تفق"
    )
)
_EN_DESCRIPTION_VERBS = frozenset(
    stem_english(w)
    for w in split_words(
        "do say write announce tell propose discuss decide ask demand warn stress describe reveal show "
        "accuse respond reply mean happen agree state report explain claim urge call suggest"
    )
)
_EN_MEASURE_VERBS = frozenset(stem_english(w) for w in split_words("cost weigh earn pay spend measure"))
_EN_PARTICIPLES = frozenset(
    split_words("written said announced agreed decided discussed done proposed reported stated")
)

_AR_CAUSE_VERBS = frozenset(normalise_arabic(w) for w in split_words("دفع دفعت جعل جعلت أدى أدت حمل حملت"))
_AR_FILLERS = frozenset(split_words("هو هي هم هما اسم نوع الذي التي الذين ذلك تلك"))
_AR_PREPOSITIONS = frozenset(
    split_words("في الي علي من عن مع ب ل منذ حتي لدي بين قرب عند نحو داخل خارج حول بعد قبل خلال ضد عبر")
)
_AR_COUNT_NOUNS = frozenset(noun_key(w) for w in ("عدد", "كمية", "مجموع", "إجمالي"))
# Question words, and words about the text itself ("المذكور في الخبر", "الوارد في النص"), which no answer
# sentence repeats.
_AR_QUESTION_STEMS = frozenset(
    _stem_ar(w)
    for w in split_words(
        "أي أية لماذا متى ومتى أين وأين لمن ممن بماذا بكم عدد اسم كيف هي هو هم الذي التي المذكور المذكورة "
        "الوارد الواردة "
        "الخبر النص عليها عليه عليهم منها منه فيها فيه لها له لهم بها به عنها عنه إليها إليه"
    )
)
_EN_AUX = frozenset(
    split_words("did does do is was are were has have had will would can could should shall may might")
)
_EN_IMPERATIVES = frozenset(split_words("name list identify give state"))
_AR_TOKEN = re.compile(r"[\w\u064b-\u065f\u0670]+")
_AR_ARTICLE = re.compile(r"^(?:وال|بال|فال|كال|لل|ال)(?=\w{2})")


def analyse_question(question: str) -> QuestionAnalysis:
    """Expected answer type, head noun, cue and focus terms of a question in Arabic or English."""
    text = " ".join(question.split())
    if is_arabic(text):
        answer_type, cue, head = _type_arabic(text)
        focus = tuple(
            dict.fromkeys(t for t in lexical_tokens(text, ngrams=False) if t not in _AR_QUESTION_STEMS)
        )
        language = "ar"
    else:
        answer_type, cue, head = _type_english(text)
        focus = tuple(content_terms(text))
        language = "en"
    return QuestionAnalysis(
        question=text, language=language, answer_type=answer_type, focus_terms=focus, head_noun=head, cue=cue
    )


# --- Arabic ------------------------------------------------------------------------------------------


def _strip_conjunction(token: str, known: frozenset[str] | set[str]) -> str:
    """ "ومتى" → "متى" when the bare word is a known interrogative."""
    if token[:1] in "وف" and token[1:] in known:
        return token[1:]
    return token


_AR_INTERROGATIVES = frozenset(["بماذا"]) | frozenset(
    split_words("هل متي اين كم بكم لماذا كيف من لمن ممن ماذا ما اي ايه")
)


def _type_arabic(text: str) -> tuple[AnswerType, str, str]:
    surface = [strip_diacritics(t) for t in _AR_TOKEN.findall(text)]
    norm = [normalise_arabic(t) for t in surface]
    if not norm:
        return _T.THING, "", ""
    norm[0] = _strip_conjunction(norm[0], _AR_INTERROGATIVES)
    if norm[0] == "هل" or re.match("^أ(?:لم|ليس|لا)$", surface[0]):
        return _T.YESNO, surface[0], ""
    for i, token in enumerate(norm):
        found = _arabic_interrogative(norm, surface, i, token)
        if found:
            return found
    return _T.THING, "", ""


def _arabic_interrogative(norm: list[str], surface: list[str], i: int, token: str):
    """The typing decided by the interrogative at position i, or None when token is not one."""
    after = norm[i + 1] if i + 1 < len(norm) else ""
    at_start = i == 0 or norm[i - 1] in _AR_PREPOSITIONS
    if token == "لماذا" or (token == "لم" and i == 0):
        return _T.REASON, surface[i], ""
    if token == "متي":
        return _T.DATE, surface[i], ""
    if token == "اين":
        return _T.PLACE, " ".join(surface[max(0, i - 1) : i + 1]) if at_start and i else surface[i], ""
    if token in ("كم", "بكم"):
        if after == "من" and i + 2 < len(norm) and _stem_ar(norm[i + 2]) in ("وقت", "زمن"):
            return _T.DATE, "كم من الوقت", ""
        if _bare_verb(after) in _DURATION_VERBS:
            return _T.DATE, "كم من الوقت", ""  # "كم استغرق السباق", "كم دامت الحرب": a duration
        if after in VERBS or _bare_verb(after) in VERBS or _bare_past(after):
            head = _arabic_head(surface, norm, i + 2)  # "كم بلغ عدد الحجاج": a count noun after the verb
            counted = head is not None and head[0] is _T.NUMBER  # not its subject ("كم قطع العداء")
            return _T.NUMBER, surface[i], head[1] if counted else ""
        head = _arabic_head(surface, norm, i + 1)
        return _T.NUMBER, surface[i], head[1] if head else ""
    if token == "كيف":
        return _T.DESCRIPTION, surface[i], ""
    if token in ("من", "لمن", "ممن") and (i == 0 or (token == "من" and at_start and i == 1)):
        if after == "اين":
            return _T.PLACE, f"{surface[i]} {surface[i + 1]}", ""
        if after not in ("اي", "ايه"):
            verb = i + 1 < len(norm) and (
                norm[i + 1] in VERBS or norm[i + 1][1:] in VERBS or _hollow_verb(norm[i + 1])
            )
            head = None if verb else _arabic_head(surface, norm, i + 1)  # "من التقى": no head noun
            kind = head[0] if head and head[0] in (_T.PLACE, _T.ORGANISATION) else _T.PERSON
            return kind, surface[i], head[1] if head else ""
        return None
    if token in ("ماذا", "بماذا") or (token in ("ما", "اي", "ايه") and at_start) or token in _GLUED_WHICH:
        return _arabic_what(norm, surface, i)  # "بأي نسبة", "لأي سبب": أي behind a preposition
    return None


_GLUED_WHICH = frozenset(split_words("باي بايه لاي لايه"))
# Verbs asking how long something lasted: "كم استغرق", "كم دامت", "كم تستمر".
_DURATION_VERBS = frozenset(
    normalise_arabic(w)
    for w in split_words(
        "استغرق استغرقت يستغرق تستغرق استمر استمرت يستمر تستمر دام دامت يدوم تدوم امتد امتدت يمتد تمتد"
    )
)


def _bare_verb(word: str) -> str:
    return word[1:] if word[:1] in "وف" and len(word) > 3 else word


def _bare_past(word: str) -> bool:
    """ "كم قطع …": a three-letter word after كم is a past verb; a counted noun there takes the accusative
    ("كم عاما") or is feminine ("كم دولة")."""
    if len(word) != 3 or word.endswith(("ا", "ه")) or word.startswith("ال"):
        return False
    return arabic_noun_class(word) is None  # "كم عدد …" asks a count


def _hollow_verb(word: str) -> bool:
    """ "قاد", "زار", "عاد", "فاز": a three-letter word with a middle alef right after "من" is a verb."""
    return len(word) == 3 and word[1] == "ا" and not word.startswith("ال")


def _arabic_what(norm: list[str], surface: list[str], i: int) -> tuple[AnswerType, str, str]:
    """ما/ماذا/أي + (verb → description or thing) or + head noun (its class decides)."""
    j = i + 1
    while j < len(norm) and norm[j] in ("هو", "هي", "هم", "هما", "الذي", "التي"):
        j += 1
    if j < len(norm) and _is_description_verb(norm[j]):
        return _T.DESCRIPTION, f"{surface[i]} {surface[j]}", ""
    if j > i + 1 and j < len(norm) and norm[j] in _AR_CAUSE_VERBS:
        return _T.REASON, f"{surface[i]} {surface[j - 1]} {surface[j]}", ""  # "ما الذي دفع … إلى"
    head = _arabic_head(surface, norm, i + 1)
    if head is None or (norm[i] == "ماذا" and not norm[j].startswith("ال")):
        return _T.THING, surface[i], ""
    return head[0], surface[i], head[1]


def _arabic_head(surface: list[str], norm: list[str], j: int) -> tuple[AnswerType, str] | None:
    """(class, surface without article) of the first content noun from position j (fillers skipped)."""
    while j < len(norm) and norm[j] in _AR_FILLERS:
        j += 1
    if j >= len(norm):
        return None
    kind = arabic_noun_class(norm[j]) or _T.THING
    if noun_key(norm[j]) in _AR_COUNT_NOUNS and j + 1 < len(norm) and norm[j + 1] not in _AR_FILLERS:
        j += 1  # "كم عدد الصواريخ": the noun counted is the head
    return kind, _AR_ARTICLE.sub("", surface[j])


def arabic_noun_class(word: str) -> AnswerType | None:
    """The answer type an Arabic noun names (الدولة → place, وزيرة → person, صحيفة → organisation…)."""
    return next((_AR_HEAD_CLASS[k] for k in noun_keys(word) if k in _AR_HEAD_CLASS), None)


def english_noun_class(word: str) -> AnswerType | None:
    """The answer type an English noun names (country → place, minister → person, …)."""
    return _EN_HEAD_CLASS.get(stem_english(word))


_VERB_SUFFIXES = ("تها", "تهم", "ته", "ها", "هم", "ه", "ت", "وا", "ا", "ن", "ون", "ان")


def _is_description_verb(token: str) -> bool:
    """A conjugated form of a saying/doing verb: prefixes و ف س ي ت ن ا and suffixes ت وا ا ن ون ان are
    peeled off until a known root form is left (فعلت, يقول, كُتب, أعلنت…)."""
    forms = {token}
    for _ in range(2):
        forms |= {f[1:] for f in forms if len(f) > 3 and f[0] in "وفسيتنا"}
        forms |= {
            f[: -len(s)] for f in forms for s in _VERB_SUFFIXES if f.endswith(s) and len(f) - len(s) >= 3
        }
    return bool(forms & _AR_DESCRIPTION_VERBS)


# --- English -----------------------------------------------------------------------------------------


def _type_english(text: str) -> tuple[AnswerType, str, str]:
    words = english_words(text)
    if not words:
        return _T.THING, "", ""
    if words[0] in _EN_AUX:
        return _T.YESNO, words[0], ""
    for i, word in enumerate(words):
        found = _english_interrogative(words, i, word)
        if found:
            return found
    return _T.THING, "", ""


def _english_interrogative(words: list[str], i: int, word: str):
    after = words[i + 1] if i + 1 < len(words) else ""
    if word == "why":
        return _T.REASON, word, ""
    if word == "when":
        return _T.DATE, word, ""
    if word == "where":
        return _T.PLACE, " ".join(words[max(0, i - 1) : i + 1]) if i and words[i - 1] == "from" else word, ""
    if word in ("who", "whom", "whose"):
        return _T.PERSON, word, _who_is_head(words, i)
    if word == "how":
        if after in ("many", "much"):
            head = _english_head(words, i + 2)
            return _T.NUMBER, f"how {after}", head[1] if head else ""
        if after == "long":
            return _T.DATE, "how long", ""
        if after in ("old", "far", "big", "large", "often", "high", "tall"):
            return _T.NUMBER, f"how {after}", ""
        return _T.DESCRIPTION, word, ""
    if word in ("which", "what") or (i == 0 and word in _EN_IMPERATIVES):
        return _english_what(words, i)  # "Name the Russian defence minister" asks like "which"
    return None


def _who_is_head(words: list[str], i: int) -> str:
    """ "Who is the Japanese foreign minister who…" → "minister", "Who was the mayor of…" → "mayor": the role
    asked about, when the question names one (a person noun of the phrase after the copula)."""
    if i + 1 >= len(words) or words[i + 1] not in ("is", "was", "are", "were"):
        return ""
    head = _english_head(words, i + 2)
    return head[1] if head and head[0] is _T.PERSON else ""  # "Who is Kim?" names no role


def _english_what(words: list[str], i: int) -> tuple[AnswerType, str, str]:
    """what/which + auxiliary (did X say → description, did X build → thing) or + head noun phrase."""
    after = words[i + 1] if i + 1 < len(words) else ""
    cue = words[i]
    if after == "happened":
        return _T.DESCRIPTION, f"{cue} happened", ""
    if after in ("is", "was", "are", "were"):
        rest = words[i + 2 :]
        if rest and rest[0] in _EN_PARTICIPLES:
            return _T.DESCRIPTION, f"{cue} {after} {rest[0]}", ""
        head = _english_head(words, i + 2)
        return (head[0], cue, head[1]) if head else (_T.DESCRIPTION, cue, "")
    if after in _EN_AUX:
        measure = next((w for w in words[i + 2 :] if stem_english(w) in _EN_MEASURE_VERBS), "")
        if measure:
            return _T.NUMBER, f"{cue} {after}", stem_english(measure)  # "what did the bridge cost"
        if any(stem_english(w) in _EN_DESCRIPTION_VERBS for w in words[i + 2 :]):
            return _T.DESCRIPTION, f"{cue} {after}", ""
        return _T.THING, f"{cue} {after}", ""
    head = _english_head(words, i + 1)
    return (head[0], cue, head[1]) if head else (_T.THING, cue, "")


def _english_head(words: list[str], j: int) -> tuple[AnswerType, str] | None:
    """The noun asked about in the phrase from j: the first word of a known class, else the first plural,
    else the first word ("which earlier agreements" → agreements; "the total value of" → value)."""
    phrase: list[str] = []
    for word in words[j:]:
        if not phrase and word in ("the", "a", "an", "name", "kind", "type", "of"):
            continue
        if word in EN_STOPWORDS or len(phrase) == 4:
            break
        phrase.append(word)
    if not phrase:
        return None
    for k, word in enumerate(phrase):
        kind = _EN_HEAD_CLASS.get(stem_english(word))
        if kind == _T.NUMBER and word == "number" and j + k + 2 < len(words) and words[j + k + 1] == "of":
            inner = _english_head(words, j + k + 2)  # "the number of missiles": missiles
            return kind, inner[1] if inner else word
        if kind:
            return kind, word
    plural = next((w for w in phrase if w.endswith("s") and not w.endswith(("ss", "us", "is"))), "")
    return _T.THING, plural or phrase[0]
