"""Words of a segment as tokens with their offsets, and the tests spans share (function words, digits)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from store.arabic import normalise_arabic, strip_diacritics
from store.arabic.words import PRONOUNS

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


def word_set(words: str) -> frozenset[str]:
    return frozenset(normalise_arabic(w) for w in words.split())


STOP = word_set(
    "في من إلى على عن مع أن إن قد لا ما لم لن هو هي هم كان كانت قال قالت الذي التي يا ثم أو و ف ب ل حتى "
    "إذا لما كما بعد قبل عند رسول النبي صلى الله عليه وسلم رضي"
)


# Prepositions with an attached pronoun ("علينا", "بينهم", "إليه") are function words too. Not with ي:
# "منى" (a name) normalises to "مني".
_WITH_PRONOUN = frozenset(
    preposition + pronoun
    for preposition in word_set("في من إلى على عن مع عند بين لدى دون فوق تحت ب ل ك")
    for pronoun in PRONOUNS
)


def is_stop(token: Token) -> bool:
    """A function word, also behind a joined و/ف ("وقد", "فإن") or with an attached pronoun ("علينا")."""
    joined = token.norm[:1] in "وف" and token.norm[1:] in STOP
    return token.norm in STOP or token.bare in STOP or joined or _preposition_with_pronoun(token.norm)


def _preposition_with_pronoun(word: str) -> bool:
    return word in _WITH_PRONOUN or (word[:1] in "وف" and word[1:] in _WITH_PRONOUN)


def is_digit(token: Token) -> bool:
    return token.bare[:1].isdigit()
