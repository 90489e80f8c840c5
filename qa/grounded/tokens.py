"""Tokens of an evidence sentence with exact offsets, and the word classes the span rules share
(prepositions, clause boundaries, verbs, speech verbs): one home for them.

Arabic has no capital letters, so spans are found from cues; these classes are the cues' vocabulary.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property, lru_cache

from qa.grounded.english import split_words
from store.arabic import normalise_arabic, noun_keys, stem_arabic

_MARKS = re.compile("[\u064b-\u065f\u0670\u0640]")


def strip_marks(text: str) -> str:
    """The word without tashkeel and tatweel, letters as written (hamza kept)."""
    return _MARKS.sub("", text)


# Numbers (with decimal or thousands separators), a proclitic glued to a number ("و2000"), words (letters,
# tashkeel, tatweel; hyphenated names such as "هونغ-كيون" stay one token), and single punctuation marks.
_TOKEN = re.compile(
    r"(?P<num>\d+(?:[.,٫٬]\d+)*)"
    r"|(?P<clitic>[وفبلك](?=\d))"
    r"|(?P<word>[^\W\d_][^\W\d_\u064b-\u065f\u0670]*(?:[\u064b-\u065f\u0670]+[^\W\d_]*)*(?:-[^\W\d_]+)*)"
    r"|(?P<punct>[^\w\s])"
)


def _norm_set(table: str) -> frozenset[str]:
    return frozenset(normalise_arabic(w) for w in split_words(table))


PREPOSITIONS = _norm_set(
    "في إلى على عن من مع منذ حتى خلال بعد قبل عند لدى بين ضد عبر حول دون تحت فوق أمام وراء بشأن وفق "
    "نحو لصالح ضمن إزاء تجاه عقب إثر جراء بدون لدي باسم بحسب حسب بمقدار بقيمة بنسبة"
)
# Words that open a new clause or end a noun phrase.
CLAUSE_WORDS = _norm_set(
    "الذي التي الذين اللذين اللتين اللواتي أن إن أنه أنها إنه إنها لكن لكنه ولكن إلا حيث مما بينما كما إذ "
    "فيما غير لأن بسبب أو ثم و هو هي هم هما هذا هذه ذلك تلك هؤلاء قد لم لن لا ما كان كانت كانوا يكون "
    "تكون وهو وهي وهم وكان وكانت وقد ولم ولا كي لكي ليس ليست إذا لو عندما بعدما بينها منها عنها فيها "
    "عليها إليها له لها لهم به بها عليه إليه منه فيه بأن بأنه بأنها لأن لأنه لأنها كأن"
)
# Frequent news verbs (past, present and future forms; a proclitic و/ف is peeled before lookup).
VERBS = _norm_set(
    "قال قالت يقول تقول قالوا أكد أكدت يؤكد تؤكد أضاف أضافت يضيف صرح صرحت أعلن أعلنت يعلن تعلن أوضح "
    "أوضحت يوضح أشار أشارت يشير ذكر ذكرت يذكر تذكر تابع تابعت كتب كتبت يكتب كشف كشفت يكشف أفاد أفادت "
    "نقل نقلت ينقل نفى نفت ينفي حذر حذرت يحذر دعا دعت يدعو طالب طالبت يطالب شدد شددت يشدد لفت لفتت "
    "اعتبر اعتبرت يعتبر رأى يرى ترى زار زارت يزور تزور سيزور ستزور التقى التقت يلتقي سيلتقي استقبل "
    "استقبلت يستقبل غادر غادرت يغادر وصل وصلت يصل وقع وقعت يوقع توقع سيوقع أجرى أجرت يجري تجري بدأ "
    "بدأت يبدأ تبدأ ناقش ناقشت يناقش شارك شاركت يشارك تشارك ضم تضم يضم شمل يشمل يشمل عقد عقدت يعقد "
    "سيعقد تعهد تعهدت يتعهد أبدى أبدت أعرب أعربت عبر عبرت يعبر استخدم استخدمت يستخدم أطلق أطلقت يطلق "
    "تستمر يستمر استمر استمرت تأسست تأسس أسس قام قامت يقوم تقوم أصبح أصبحت يعد تعد أدى أدت يؤدي "
    "قتل قتلت يقتل أصيب أصيبت سقط سقطت أرسل أرسلت يرسل جاء جاءت يأتي نشر نشرت ينشر أظهر أظهرت "
    "تعمل يعمل عمل عملت ستحل يحل حل تراقب يراقب رفع رفعت يرفع واصل واصلت يواصل أبلغ أبلغت يبلغ "
    "زودت زود يزود نفذت نفذ ينفذ فرض فرضت يفرض خلص خلصت شهد شهدت يشهد تحمل يحمل يتعلق تتعلق "
    "علق علقت عُلقت تخوض يخوض يسمح تسمح أقلق أقلقت بذل بذلت بذلت ساعد ساعدت يساعد رصد رصدوا صنع "
    "اعترف اعترفت أقام أقامت يقيم وجه وجهت يوجه يشمل تشمل يتوقع تتوقع ينتظر وافق وافقت يتوجه توجه "
    "يتم تتم تم يكون تكون يلتقي تلتقي يصبح تصبح يمكن يجب ينبغي يبدو تبدو يعتزم تعتزم يسعى تسعى يريد "
    "تريد يحاول تحاول حاول حاولت يتابع تتابع تغطي يغطي تفضي يفضي يهدف تهدف هدف يتعين تعتبر يعتبر "
    "تشهد يشهد يبلغ تبلغ بلغ بلغت ارتفع ارتفعت يرتفع انخفض انخفضت ينخفض أسفر أسفرت يسفر اتهم اتهمت "
    "يتهم انتقد انتقدت رحب رحبت يرحب أشاد أشادت يشيد أجاب أجابت اقترح اقترحت يقترح قرر قررت يقرر "
    "منح منحت يمنح حصل حصلت يحصل فاز فازت يفوز خسر خسرت تلقى تلقت يتلقى أنهى أنهت ينهي انتهى انتهت "
    "ينتهي تنتهي توفي توفيت يتوفى اغتيل اغتيلت قتلوا أصيبوا اعتقل اعتقلت يعتقل احتجز احتجزت يحتجز "
    "انطلق انطلقت ينطلق تنطلق ضرب ضربت يضرب فرض فرضوا أعلنوا استقال استقالت يستقيل تجري يجري جرت "
    "جرى ستجرى تجرى يجرى التقى التقت سيلتقي ستلتقي ستقدم يقدم تقدم قدم قدمت سيخصص يخصص تخصص خصص "
    "خصصت بلغت تبلغ يبلغ يتجاوز تجاوز تجاوزت أجلت أجل يؤجل انخفض ارتفع شارك يحضر حضر حضرت "
    "زال يزال تزال مازال مازالت لايزال لاتزال لقي لقيت يلقى تلقى لقوا أدى أدت يربط تربط ربط تكلف كلف "
    "فاز فازت أقيم أقيمت يقام تقام أصبحت تحطم تحطمت سقطت شهدت تسبب تسببت أسفر وقع شن شنت يشن تشن"
)
# Future forms of the present-tense verbs ("يزور" → "سيزور"): a general "سي…" rule would take names
# (سيرجي, سيمون) for verbs.
VERBS = VERBS | frozenset("س" + v for v in VERBS if v[:1] in "يتن")
SPEECH_VERBS = _norm_set(
    "قال قالت يقول تقول أكد أكدت أضاف أضافت صرح صرحت أعلن أعلنت أوضح أوضحت أشار أشارت ذكر ذكرت "
    "تابع تابعت كتب كتبت كشف كشفت أفاد أفادت نفى نفت حذر حذرت دعا دعت طالب طالبت شدد شددت لفت لفتت "
    "اعتبر اعتبرت رأى يرى أبلغ أبلغت أعرب أعربت يقول تقول يؤكد تؤكد"
)
# Verb shapes that no name takes (the VERBS list is finite): an imperfect with a dual/plural ending on a
# three-consonant stem ("تعملان", "يعملون", "وستعملان" — not "نيلسون", whose stem has a long vowel), a
# derived-form perfect with a feminine or plural ending ("وانضمت", "اجتمعت", "استقبلوا"), and a short
# verb with an attached pronoun after its long alef ("دعاه", "رآه"), and a perfect dual feminine ("نشرتا").
_VERB_SHAPES = re.compile(
    r"^[وف]?س?[يتن][^اوي\s]{3}(?:ان|ون)$"
    r"|^[وف]?(?:ان|ا[^اوي\s]ت|است)[^اوي\s]{2,3}(?:ت|وا|تا)$"
    r"|^[وف]?[^اوي\s]{2}اه$"
    r"|^[وف]?[^اوي\s]{3}تا$"
)
# The form II verbal noun "تفعيل" ("ترحيب", "تطوير", "توقيع") is a common noun, never a name.
_VERBAL_NOUN = re.compile(r"^[وفبل]?ت[^ا\s]{2}ي[^اوي\s]$")


def verb_shaped(norm: str) -> bool:
    """A normalised word whose shape is a verb's (see _VERB_SHAPES): not part of a name."""
    return bool(_VERB_SHAPES.match(norm))


def verbal_noun_shaped(norm: str) -> bool:
    """A normalised word of the "تفعيل" verbal-noun shape: a common noun, not part of a name."""
    return bool(_VERBAL_NOUN.match(norm))


# Tokens whose next word is not its own (a run of names never crosses them).
_SENTENCE_PUNCT = frozenset(".:؛;؟?!")
ARTICLE_PREFIXES = ("ال", "وال", "بال", "فال", "كال", "لل")


@dataclass(frozen=True)
class Token:
    """A token of a sentence: text == sentence_text[start:end]."""

    start: int
    end: int
    text: str
    kind: str  # "word", "num", "clitic" (a proclitic glued to a number) or "punct"

    @cached_property
    def norm(self) -> str:
        return normalise_arabic(self.text)

    @cached_property
    def bare(self) -> str:
        """Normalised, without a one-letter conjunction و/ف when the rest is still a word ("وقال" → "قال")."""
        n = self.norm
        if len(n) > 3 and n[0] in "وف" and not n.startswith("ال"):
            return n[1:]
        return n

    @cached_property
    def keys(self) -> tuple[str, ...]:
        """noun_keys of the word, plus the key without an accusative tanwin alef ("صاروخا" → "صاروخ")."""
        keys = noun_keys(self.text)
        if self.norm.endswith("ا") and not self.norm.endswith(("اا", "ءا")) and len(self.norm) >= 4:
            keys += noun_keys(self.text[: self.text.rfind("ا")])
        return keys

    @cached_property
    def stem(self) -> str:
        """`stem_arabic` of the normalised word: the terms question focus terms are compared with."""
        return stem_arabic(self.norm)

    @property
    def is_word(self) -> bool:
        return self.kind == "word"

    @property
    def is_number(self) -> bool:
        return self.kind == "num"

    @cached_property
    def definite(self) -> bool:
        """Carries the article (ال, وال, بال, لل…), read from the letters as written: the article's alef
        has no hamza, so "ألكسندر" and "أليكسي" are not definite although they normalise to "ال…"."""
        written = strip_marks(self.text)
        prefix = next((p for p in ARTICLE_PREFIXES if written.startswith(p)), "")
        if not (self.is_word and prefix and len(written) > 3):
            return False
        # behind و/ف/ب/ك the article needs a word of three letters after it: "والد" (father) and
        # "والتر" (Walter) are no "و + ال + د"
        return len(prefix) == 2 or len(written) - len(prefix) >= 3

    @cached_property
    def is_verb(self) -> bool:
        n = self.norm
        return self.is_word and (n in VERBS or self.bare in VERBS)

    @cached_property
    def is_function_word(self) -> bool:
        forms = (self.norm, self.norm[1:] if self.norm[:1] in "وف" and len(self.norm) > 2 else self.norm)
        return any(w in PREPOSITIONS or w in CLAUSE_WORDS for w in forms)

    @property
    def ends_sentence_part(self) -> bool:
        return self.kind == "punct" and self.text in _SENTENCE_PUNCT


def tokenise_sentence(text: str) -> list[Token]:
    """Tokens with offsets into `text` (the sentence as it is in the file). Cached by text: a sentence is
    looked at several times per question (evidence ranking, candidates, rendering)."""
    return list(_tokens(text))


@lru_cache(maxsize=4096)
def _tokens(text: str) -> tuple[Token, ...]:
    return tuple(Token(m.start(), m.end(), m.group(), m.lastgroup or "punct") for m in _TOKEN.finditer(text))


@dataclass(frozen=True)
class SpanMatch:
    """A span found by a rule, in token indexes (end exclusive), before it becomes a Candidate."""

    start: int
    end: int
    kind: str  # what the rule found: "name", "name+title", "names", "place", "org", "quote", "clause", …
    cue: float  # how strong the cue was (1 = unambiguous, 0.2 = weak)
    trim: int = 0  # letters of a proclitic to leave out at the start of the first token ("لبوريس" → "بوريس")
    english: str = ""  # a known English name (gazetteer), for rendering


def leading_clitic(token: Token, known: frozenset[str] | set[str] | dict) -> int:
    """1 when the token is a known word behind a one-letter proclitic ("بأعوام", "ووزير"), else 0."""
    n = token.norm
    return 1 if len(n) > 3 and n[0] in "وفبلك" and n not in known and n[1:] in known else 0
