"""Words: tokens, stop words, the clitics of Arabic and the light stemmer, for matching (never for display).

The one home of the clitic rules: the one-letter proclitics (و ف ب ل ك), the definite article with them, and
the suffixes (attached pronouns, sound plural and dual endings) that the stemmer strips.
"""

from __future__ import annotations

import re
from functools import lru_cache

from store.arabic.letters import normalise_arabic

_WORD = re.compile(r"\w+", re.UNICODE)
_ARABIC_LETTER = re.compile("[\u0600-\u06ff]")

# One-letter proclitics (and, so, with, for, like) that are written glued to the next word.
PROCLITICS = "وفبلك"
# The definite article, alone or after a proclitic, longest first.
_ARTICLES = ("وال", "بال", "كال", "فال", "ال")
# Clitics stripped for matching, longest first. "ال" with a proclitic: وال, بال, كال, فال, لل.
CLITIC_PREFIXES = ("وال", "بال", "كال", "فال", "لل", "ال", *PROCLITICS)
_PREFIXES = CLITIC_PREFIXES
# The attached pronouns (them two, you two, them, you, her, us, him, you), longest first; "my" is ي.
PRONOUNS = ("هما", "كما", "هم", "هن", "كم", "كن", "ها", "نا", "ه", "ك")
_SUFFIXES = (
    "تهما",
    "هما",
    "كما",
    "تها",
    "ات",
    "ان",
    "ين",
    "ون",
    "وا",
    "ها",
    "هم",
    "هن",
    "كم",
    "كن",
    "نا",
    "يه",
    "ه",
    "ي",
)
_STOPWORDS = frozenset(
    [
        "في",
        "من",
        "الي",
        "علي",
        "عن",
        "ان",
        "او",
        "ما",
        "ماذا",
        "متي",
        "كم",
        "كيف",
        "اين",
        "هل",
        "لم",
        "لن",
        "قد",
        "هو",
        "هي",
        "هم",
        "ذلك",
        "هذه",
        "هذا",
        "التي",
        "الذي",
        "الذين",
        "مع",
        "كان",
        "كانت",
        "the",
        "a",
        "an",
        "of",
        "in",
        "on",
        "at",
        "to",
        "for",
        "and",
        "or",
        "is",
        "was",
        "were",
        "be",
        "by",
        "with",
        "from",
        "that",
        "this",
        "which",
        "who",
        "whom",
        "what",
        "when",
        "where",
        "how",
        "did",
        "does",
        "do",
    ]
)


def tokenise(text: str) -> list[str]:
    """Normalised word tokens (stopwords removed)."""
    return [t for t in _WORD.findall(normalise_arabic(text)) if t not in _STOPWORDS]


@lru_cache(maxsize=1 << 16)  # a corpus repeats its words; retrieval stems each candidate sentence
def stem_arabic(token: str) -> str:
    """Light stemming: strip one proclitic group and one suffix, keeping at least three letters."""
    return _stem_and_suffix(token)[0]


def _stem_and_suffix(token: str) -> tuple[str, str]:
    """(the light stem, the suffix it lost); a token without Arabic letters is its own stem."""
    if not _ARABIC_LETTER.search(token):
        return token, ""
    return split_suffix(split_prefix(token, _PREFIXES, 3)[0], _SUFFIXES, 3)


_TA_KEEP = 4  # a ta with three letters before it is a feminine ending; وقته، بيته keep theirs (وقت، بيت)


@lru_cache(maxsize=1 << 16)
def match_stem(token: str) -> str:
    """The answer engine's key of a word: `stem_arabic`, with a feminine noun's ta kept before a pronoun or
    dual suffix (زيارته، رسالتين) dropped as the ta marbuta is (زيارة → زيار): زيارته and الزيارة match, as
    زيارتها and الزيارة already did. Not the BM25 terms: those are part of the index format
    (store.lexical.LEXICAL_FORMAT), and changing them means rebuilding every index."""
    stem, suffix = _stem_and_suffix(token)
    return stem[:-1] if suffix and ta_marbuta_form(stem) else stem


def match_tokens(text: str) -> list[str]:
    """`match_stem` of each word of the text (stop words removed)."""
    return [match_stem(t) for t in tokenise(text)]


def ta_marbuta_form(stem: str) -> str | None:
    """The dictionary form of a suffix-stripped feminine noun, normalised (كلمت of كلمته → كلمه), or None
    when the stem does not end in a ta that can be one."""
    return stem[:-1] + "ه" if stem.endswith("ت") and len(stem) >= _TA_KEEP else None


def split_prefix(word: str, prefixes: tuple[str, ...], keep: int) -> tuple[str, str]:
    """(the word without the first of `prefixes` it starts with, that prefix), keeping at least `keep`
    letters; (word, "") when none applies. The one clitic stripper: callers differ only in their lists."""
    for prefix in prefixes:
        if word.startswith(prefix) and len(word) - len(prefix) >= keep:
            return word[len(prefix) :], prefix
    return word, ""


def split_suffix(word: str, suffixes: tuple[str, ...], keep: int) -> tuple[str, str]:
    """(the word without the first of `suffixes` it ends with, that suffix), keeping at least `keep`
    letters; (word, "") when none applies."""
    for suffix in suffixes:
        if word.endswith(suffix) and len(word) - len(suffix) >= keep:
            return word[: -len(suffix)], suffix
    return word, ""


def char_ngrams(token: str, n: int = 3) -> list[str]:
    """Character n-grams of a stemmed word with boundary marks, so that transliteration variants
    (بيونغ يانغ / بيونج يانج / بيونغيانغ) still share most of their grams."""
    padded = f"<{token}>"
    if len(padded) <= n:
        return [padded]
    return [padded[i : i + n] for i in range(len(padded) - n + 1)]


def lexical_tokens(text: str, ngrams: bool = True) -> list[str]:
    """Terms for the BM25 leg: stems, plus prefixed character trigrams of the stems."""
    terms: list[str] = []
    for token in tokenise(text):
        stem = stem_arabic(token)
        terms.append(stem)
        if ngrams and len(stem) >= 4 and not stem.isdigit():
            terms.extend("#" + g for g in char_ngrams(stem))
    return terms


def strip_arabic_article(token: str) -> str:
    """`token` without its definite article (ال, or وال بال كال فال), keeping at least two letters: for
    comparing answers, where "الزيارة" and "زيارة" say the same. Non-Arabic tokens are returned as is."""
    if not _ARABIC_LETTER.match(token):
        return token
    return split_prefix(token, _ARTICLES, 2)[0]


_NOUN_ARTICLES = ("وال", "بال", "فال", "كال", "لل", "ال")
_NOUN_SUFFIXES = ("ات", "ون", "ين", "ان", "ه")


@lru_cache(maxsize=65536)
def noun_key(word: str) -> str:
    """Key for looking a noun up in a table: normalised, the article (with وال بال فال كال لل) and a
    ta marbuta / sound-plural / dual suffix removed. Unlike `stem_arabic` it never strips a lone
    و ف ب ل ك, so "فترة" and "الفترة" (and "وزيرة", "الوزيرات") get the same key."""
    word = split_prefix(normalise_arabic(word), _NOUN_ARTICLES, 2)[0]
    return split_suffix(word, _NOUN_SUFFIXES, 3)[0]


@lru_cache(maxsize=65536)
def noun_keys(word: str) -> tuple[str, ...]:
    """`noun_key` of the word, and of the word without a one-letter proclitic (و ف ب ل ك) when it has one:
    "ووزير" and "لصحيفة" match "وزير" and "صحيفة"; look both up."""
    keys = [noun_key(word)]
    bare = normalise_arabic(word)
    if len(bare) > 3 and bare[0] in "وفبلك" and not bare.startswith(("ال", "لل")):
        keys.append(noun_key(bare[1:]))
    elif bare.startswith("لل") and len(bare) > 4:
        keys.append(noun_key("ال" + bare[2:]))
    return tuple(dict.fromkeys(keys))


_ISRI = None


@lru_cache(maxsize=1 << 16)
def root_arabic(token: str) -> str:
    """The root of a normalised Arabic word by NLTK's ISRI stemmer (a published root-extraction
    algorithm, Taghva et al. 2005): "مفتاح", "بالمفتح", "فتح" → فتح. Coarser than `stem_arabic` (and
    unreliable for weak roots), so used beside it, never instead; non-Arabic tokens are returned as is."""
    global _ISRI
    if not _ARABIC_LETTER.search(token):
        return token
    if _ISRI is None:
        from nltk.stem.isri import ISRIStemmer

        _ISRI = ISRIStemmer()
    return _ISRI.stem(token)


def root_tokens(text: str) -> set[str]:
    """The roots of a text's words (stop words dropped), for loose matching across inflections."""
    return {root_arabic(token) for token in tokenise(text) if len(token) > 2}
