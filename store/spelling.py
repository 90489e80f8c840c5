"""English spellings of names written in Arabic, found by sound among the names English text uses.

Rules alone spell بوشكين "Boshkin" and دوستويفسكي "Dostoifsky": Arabic writes no p or v and few vowels.
English text spells them Pushkin and Dostoevsky, and English word frequencies (the `wordfreq` package's
data: news, books, the web) hold those spellings. So an unvowelled Arabic name is matched by its consonant
skeleton (store.arabic.skeleton) against the English words that are no common word (Debian's wamerican
lists those in lower case) and chosen by sound, then by closeness to the rules' spelling and by frequency.

Kept strict, since a wrong spelling misleads: three consonants or more, a word with a vowel (no
abbreviation); the same consonants (one near sound, p/b or g/j…, from five consonants on) and only the
short vowels Arabic leaves unwritten; a vowel at the start or end in one script must be in the other, and
each written Arabic vowel must be one the English letters can say (و is o or u); the spelling must look
like the rules' one. Without a match the rules' spelling stands.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from difflib import SequenceMatcher

from store.arabic import normalise_arabic, strip_arabic_article
from store.arabic.skeleton import (
    MIN_CONSONANTS,
    VOWEL_DROP,
    arabic_skeleton,
    coarse_key,
    consonants,
    latin_skeleton,
    skeleton_distance,
)

MIN_ZIPF = 1.5  # rarer words than this (one in 30 million) are too often misspellings or noise
_NEAR = 0.5  # one near sound
_LIKENESS = 0.5  # letters shared with the rules' spelling (difflib ratio)
_FREQUENCY_WEIGHT = 0.2  # per Zipf unit, against likeness: a known name before a rare word of the same sound


class EnglishSpellings:
    """English name-like words indexed by the coarse key of their skeleton."""

    def __init__(self, words: Iterable[tuple[str, float]]) -> None:
        """`words`: (word, Zipf frequency), lower case."""
        self._by_key: dict[str, list[tuple[str, str, float]]] = {}
        for word, zipf in words:
            skeleton = latin_skeleton(word)
            if zipf >= MIN_ZIPF and consonants(skeleton) >= MIN_CONSONANTS and _LATIN_VOWEL_RUN.search(word):
                self._by_key.setdefault(coarse_key(skeleton), []).append((word, skeleton, zipf))

    def __len__(self) -> int:
        return sum(len(v) for v in self._by_key.values())

    def spelling(self, arabic: str, guess: str) -> str | None:
        """How English writes the Arabic name word `arabic` (capitalised), or None; `guess` is the rules'
        spelling. A word with an article-like start is tried whole first (ألكسندر: Alexander), then after
        its article (الكريم: al-Karim)."""
        whole, bare = normalise_arabic(arabic), strip_arabic_article(normalise_arabic(arabic))
        for word in dict.fromkeys([whole, bare]):
            found = self._closest(
                arabic_skeleton(word, keep_article=True), _arabic_vowels(word), guess.lower()
            )
            if found is not None:
                return ("al-" if word != whole else "") + found.capitalize()  # al-Karim
        return None

    def _closest(self, target: str, vowels: list[str], guess: str) -> str | None:
        count = consonants(target)
        if count < MIN_CONSONANTS:
            return None
        allowed = (0.0 if count <= 4 else _NEAR) + 3 * VOWEL_DROP
        found = []
        for word, skeleton, zipf in self._by_key.get(coarse_key(target), ()):
            if _edge_vowels(skeleton) != _edge_vowels(target):
                continue
            distance = skeleton_distance(skeleton, target)
            if distance <= allowed and _vowels_agree(vowels, word):
                found.append((distance, word, zipf))
        if not found:
            return None
        best = min(distance for distance, _, _ in found)
        closest = [
            (SequenceMatcher(None, word, guess).ratio(), word, zipf)
            for d, word, zipf in found
            if d <= best + 1e-9
        ]
        likeness, word, _ = max(closest, key=lambda c: c[0] + _FREQUENCY_WEIGHT * c[2])
        return word if likeness >= _LIKENESS else None


# The Latin letters each written Arabic vowel may be (ء and ع carry none of their own: any).
_VOWEL_LETTERS = {"ا": "aeo", "و": "ouw", "ي": "iey", "ى": "aiy", "ة": "ah"}
_ARABIC_VOWEL_RUN = re.compile("[اويىءعئؤة]+")
_LATIN_VOWEL_RUN = re.compile("[aeiouyw]+")


def _arabic_vowels(word: str) -> list[str]:
    """The Latin letters each vowel run of a normalised Arabic word may be spelt with ("" = any)."""
    runs = []
    for match in _ARABIC_VOWEL_RUN.finditer(word):
        run = match.group()
        letters = "".join(_VOWEL_LETTERS.get(ch, "") for ch in run)
        seat = match.start() == 0 and run[0] == "ا"  # a first alef carries a hamza: any vowel (إسماعيل)
        runs.append("" if seat or any(ch in "ءعئؤ" for ch in run) else letters)
    return runs


def _vowels_agree(arabic_runs: list[str], word: str) -> bool:
    """Each written Arabic vowel finds, in order, a Latin vowel run with a letter it may be (Pushkin: و/u,
    ي/i; not Singh for سونغ). Latin vowels Arabic leaves unwritten are skipped."""
    latin = _LATIN_VOWEL_RUN.findall(word)
    j = 0
    for letters in arabic_runs:
        while j < len(latin) and letters and not set(letters) & set(latin[j]):
            j += 1
        if j >= len(latin):
            return False
        j += 1
    return True


def _edge_vowels(skeleton: str) -> tuple[bool, bool]:
    """Whether a skeleton starts and ends with a vowel: Arabic writes a foreign name's first and last
    vowels (Sonja is no سونج)."""
    return skeleton[:1] == "V", skeleton[-1:] == "V"


def english_name_words(common: set[str]) -> list[tuple[str, float]]:
    """(word, Zipf frequency) of the English vocabulary of wordfreq that is not a common word: names of
    people, places and organisations, and foreign words. Empty when the package is missing."""
    try:
        from wordfreq import get_frequency_dict
    except ImportError:
        return []
    floor = 10 ** (MIN_ZIPF - 9)
    return [
        (word, math.log10(freq) + 9)
        for word, freq in get_frequency_dict("en", wordlist="best").items()
        if freq >= floor and word.isascii() and word.isalpha() and len(word) >= 3 and word not in common
    ]
