"""Names in Latin letters: an Arabic name as English readers write it, always shown beside the Arabic.

Three sources, best first:
1. the vowels the text writes: a vowelled word (classical editions, many official texts) is spelt letter by
   letter from its diacritics (مُعَاذ → Muadh, هُرَيْرَة → Hurayrah), without the case ending;
2. a table of frequent Arabic given names and name words in their usual English spelling (محمد → Muhammad;
   store/arabic/data/names.tsv);
3. for an unvowelled word, the spelling English text uses for a name that sounds the same (store.spelling:
   بوشكين → Pushkin, not Boshkin), else general rules (و → o or u, ي → i or y; foreign names in Arabic news).
Arabic-name mode: عبد الله → Abdullah, عبد X → Abd al-X, ابن/بن → ibn, بنت → bint, أبو/أبي/أبا → Abu,
أم → Umm, the article → al-. The ayn and hamza are not written (Umar, Saad, Aishah), as in common usage.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from store.arabic.letters import normalise_arabic, strip_diacritics
from store.arabic.tables import table_rows

_FATHA, _DAMMA, _KASRA, _SUKUN, _SHADDA = "\u064e", "\u064f", "\u0650", "\u0652", "\u0651"
_TANWIN = "\u064b\u064c\u064d"
_CONSONANTS = {
    "ب": "b", "ت": "t", "ث": "th", "ج": "j", "ح": "h", "خ": "kh", "د": "d", "ذ": "dh", "ر": "r", "ز": "z",
    "س": "s", "ش": "sh", "ص": "s", "ض": "d", "ط": "t", "ظ": "z", "ع": "", "غ": "gh", "ف": "f", "ق": "q",
    "ك": "k", "ل": "l", "م": "m", "ن": "n", "ه": "h", "ء": "", "ة": "h", "پ": "p", "چ": "ch", "ڤ": "v",
    "گ": "g",
}  # fmt: skip
_SEATS = "اأإآٱ"
_WORD = re.compile(r"[\u0621-\u0652\u0670\u0671]+")
# Name words and frequent given names → their usual English spelling (store/arabic/data/names.tsv).
_NAME_TABLE = {normalise_arabic(arabic): english for arabic, english in table_rows("names")}
_LONGEST_KEY = max(len(k.split()) for k in _NAME_TABLE)


def romanise_name(
    arabic: str,
    known: Callable[[str], str | None] | None = None,
    by_sound: Callable[[str, str], str | None] | None = None,
) -> str:
    """An Arabic name (one or more words) in Latin letters: known name words from the table, then from
    `known` (a dictionary's English spelling of a name word: store.bilingual), vowelled words from their
    vowels, other words as English writes a name that sounds like them (`by_sound(word, rules' spelling)`:
    store.spelling), else by the general rules; "" when it holds no Arabic word."""
    words = _WORD.findall(arabic)
    out: list[str] = []
    i = 0
    while i < len(words):
        for size in range(min(_LONGEST_KEY, len(words) - i), 0, -1):
            key = normalise_arabic(" ".join(words[i : i + size]))
            if key in _NAME_TABLE:
                out.append(_NAME_TABLE[key])
                i += size
                break
        else:
            vowelled = any(mark in words[i] for mark in (_FATHA, _DAMMA, _KASRA))
            spelt = known(words[i]) if known and not vowelled else None  # a text's vowels say more
            rules = _spell(words[i])
            if spelt is None and by_sound is not None and not vowelled:
                spelt = by_sound(words[i], rules)
            out.append(spelt or rules)
            i += 1
        if len(out) >= 2 and out[-2] in ("ibn", "bint") and out[-1] == "Abu":
            out[-1] = "Abi"  # "Saad ibn Abi Waqqas", "Ali ibn Abi Talib"
    return _capitalise(" ".join(w for w in out if w))


def _capitalise(text: str) -> str:
    """Each word capitalised except the particles ibn, bint, al- (English usage: Anas ibn Malik, al-Zuhri
    inside a name, Al- when it opens it)."""
    words = []
    for n, word in enumerate(text.split()):
        if word in ("ibn", "bint") and n:
            words.append(word)
        elif word.startswith("al-"):
            rest = word[3:]
            words.append(("Al-" if n == 0 else "al-") + rest[:1].upper() + rest[1:])
        else:
            words.append(word[:1].upper() + word[1:])
    return " ".join(words)


def _spell(word: str) -> str:
    """One word: from its diacritics when it has them, else by the general rules."""
    article = ""
    bare = normalise_arabic(word)
    if strip_diacritics(word).startswith(("ال", "ٱل")) and len(bare) > 3:  # أل- (Alexander) is no article
        article, word = "al-", _drop_article(word).replace(_SHADDA, "", 1)  # a sun letter's shadda
    vowelled = any(mark in word for mark in (_FATHA, _DAMMA, _KASRA))
    return article + (_from_vowels(word) if vowelled else _from_letters(word))


def _drop_article(word: str) -> str:
    """The word after its written article ("الزُّهْرِيّ" → "زُّهْرِيّ")."""
    letters = [i for i, ch in enumerate(word) if "\u0621" <= ch <= "\u064a" or ch == "ٱ"]
    return word[letters[2] :] if len(letters) > 2 else word


def _from_vowels(word: str) -> str:
    """Letter by letter from the diacritics, the case ending and tanwin left out; a shadda doubles its
    consonant, a long vowel letter lengthens nothing (English writes it once), a nisba ending is -i."""
    if word.endswith("\u064bا"):  # the alif that carries tanwin al-fath is not pronounced as a vowel
        word = word[:-1]
    elif word.endswith("ا\u064b"):
        word = word[:-2] + word[-1]
    groups = _letter_groups([c for c in word if c not in _TANWIN])
    if groups and groups[-1][1] & {_FATHA, _DAMMA, _KASRA}:
        groups[-1] = (groups[-1][0], groups[-1][1] - {_FATHA, _DAMMA, _KASRA})  # the case ending
    out: list[str] = []
    for n, (letter, marks) in enumerate(groups):
        vowel = "a" if _FATHA in marks else "u" if _DAMMA in marks else "i" if _KASRA in marks else ""
        last = n == len(groups) - 1
        if letter in _SEATS:
            sound = "" if out and out[-1].endswith(("a", "i", "u")) and not vowel else vowel or "a"
            out.append(sound if n == 0 or not vowel else vowel)
            continue
        if letter == "و" and out and out[-1].endswith("u") and not vowel:
            continue  # a long u
        if letter in "يى" and out and out[-1].endswith("i") and (not vowel or last):
            continue  # a long i, or the nisba -iyy
        if letter == "ى":
            out.append("a" if not (out and out[-1].endswith("a")) else "")
            continue
        if letter == "ة":
            out.append("ah" if not (out and out[-1].endswith("a")) else "h")
            continue
        consonant = {"و": "w", "ي": "y"}.get(letter, _CONSONANTS.get(letter, ""))
        out.append((consonant * 2 if _SHADDA in marks and not last else consonant) + vowel)
    return "".join(out)


def _letter_groups(chars: list[str]) -> list[tuple[str, set[str]]]:
    """Each letter with the set of marks written on it."""
    groups: list[tuple[str, set[str]]] = []
    for ch in chars:
        if ch in (_FATHA, _DAMMA, _KASRA, _SUKUN, _SHADDA, "\u0670"):
            if groups:
                groups[-1][1].add(_FATHA if ch == "\u0670" else ch)  # a dagger alef is a long a
        else:
            groups.append((ch, set()))
    return groups


def _from_letters(word: str) -> str:
    """An unvowelled word by general rules: long vowels written, short ones left out; و between consonants
    is o or u, ي is i, an opening و or ي is a consonant. Foreign names keep the spellings their Arabic
    forms follow: -ov/-ev (ـوف/ـيف), -sky (ـسكي), -ng (ـنغ), Ye- (يلـ)."""
    raw = normalise_arabic(word).replace("ه", "ة") if word.endswith("ة") else normalise_arabic(word)
    ending = ""
    for arabic, latin in _FOREIGN_ENDINGS:
        if raw.endswith(arabic) and len(raw) > len(arabic) + 1:
            raw, ending = raw[: -len(arabic)], latin
            break
    out: list[str] = []
    for i, ch in enumerate(raw):
        after = raw[i + 1] if i + 1 < len(raw) else ""
        if ch == "ا":
            out.append("" if i == 0 and after in ("و", "ي") else "a")
        elif ch == "و":
            opening = i == 1 and raw[0] in "اي"  # أوشاكوف → Ush-, يوري → Yur-
            out.append("w" if i == 0 or after == "ا" else "u" if opening else "o")
        elif ch == "ي":
            consonant_next = after and after not in "اوية"
            out.append(("ye" if consonant_next else "y") if i == 0 or after in ("ا", "و") else "i")
        elif ch == "ة":
            out.append("a")
        else:
            out.append(_CONSONANTS.get(ch, ""))
    return "".join(out) + ending


_FOREIGN_ENDINGS = (("وفا", "ova"), ("يفا", "eva"), ("وف", "ov"), ("يف", "ev"), ("سكي", "sky"), ("نغ", "ng"))
