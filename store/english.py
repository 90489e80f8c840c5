"""English words for matching (never for display): the English counterpart of store.arabic's rules, for
questions asked in English over Arabic text. One stop-word list and one light stemmer."""

from __future__ import annotations

import re

# Function words, question words and words about asking itself: they never carry a question's focus.
STOPWORDS = frozenset(
    """a an the and or but nor so yet of in on at to for from by with without about into onto over under after
    before during since until upon within across against among between through toward towards via per than as
    is am are was were be been being do does did done doing has have had having will would shall should can
    could may might must ought not no yes it its this that these those there here then thus also too very just
    only even still ever again any some each every all both either neither other such own same i me my we us
    our you your he him his she her they them their who whom whose which what when where why how whether if
    while because although though whatever whoever whichever many much one ones someone something anything
    nothing according said says say tell told mentioned al el name named called""".split()  # noqa: SIM905
)
_WORD = re.compile(r"[A-Za-z][A-Za-z'’]*")
_DOUBLE_KEEP = frozenset("lsz")  # "calling" → "call", but "stopped" → "stop"


def english_words(text: str, keep_case: bool = False) -> list[str]:
    """Words of `text` (lower case unless `keep_case`), possessive 's removed ("Putin's" → "putin")."""
    words = []
    for match in _WORD.finditer(text):
        word = match.group().replace("’", "'")
        if word.lower().endswith("'s"):
            word = word[:-2]
        word = word.strip("'")
        if word:
            words.append(word if keep_case else word.lower())
    return words


def stem_english(word: str) -> str:
    """Light suffix stripping (plural, -ed, -ing, final e) so that visit/visits/visited compare equal.
    Not a full Porter stemmer: it only needs to be consistent."""
    w = word.lower()
    if len(w) <= 3:
        return w
    if w.endswith("ies") and len(w) > 4:
        w = w[:-3] + "y"
    elif w.endswith(("ches", "shes", "xes", "zes", "sses")):
        w = w[:-2]
    elif w.endswith("s") and not w.endswith(("ss", "us", "is")):
        w = w[:-1]
    for suffix in ("ing", "ed"):
        if w.endswith(suffix) and len(w) - len(suffix) >= 3:
            w = w[: -len(suffix)]
            if w[-1] == w[-2] and w[-1] not in _DOUBLE_KEEP:
                w = w[:-1]
            break
    if w.endswith("e") and len(w) >= 5:
        w = w[:-1]
    return w


def content_words(text: str) -> list[str]:
    """The words of an English text that may carry its focus (stop words and one-letter words dropped),
    in order, without repeats."""
    return list(dict.fromkeys(w for w in english_words(text) if w not in STOPWORDS and len(w) > 1))
