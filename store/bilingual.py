"""A bilingual Arabic–English dictionary: FreeDict's Arabeyes word lists, read from their dictd files.

Source: the Debian packages `dict-freedict-ara-eng` (about 50k Arabic headwords) and `dict-freedict-eng-ara`
(about 87k English headwords), GPL-2.0-or-later, installed by scripts/setup.sh into /usr/share/dictd. Both
directions are merged. Keys are matching keys (store.arabic normalisation, article dropped; English lower
case), never shown. Senses come commonest first: a word before a proper noun, a sense both directions give
before the others, then by English word frequency (the `wordfreq` package's data; no download).

Names: an Arabic headword whose senses are all proper nouns (the system's English word list, Debian's
`wamerican`, writes them capitalised only) is a name, with its English spelling (يوري → Yuri); other name
words are spelt as English text spells a name that sounds like them (store.spelling: ميركل → Merkel).

Used for English questions over Arabic text: their words as Arabic terms (retrieval's dictionary leg, the
answer's lexical match) and short Arabic spans glossed in English. A missing dictionary is no error: every
caller works without it, less well (`load_bilingual` returns None and `qa setup` says how to install it).
"""

from __future__ import annotations

import gzip
import hashlib
import pickle
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from store.arabic import normalise_arabic, strip_arabic_article
from store.atomic import write_bytes_atomically
from store.spelling import EnglishSpellings, english_name_words

DICT_DIR = Path("/usr/share/dictd")
# Debian's wamerican: English words, proper nouns capitalised; tells a name's senses from a word's
WORDS_FILE = Path("/usr/share/dict/words")
ARA_ENG, ENG_ARA = "freedict-ara-eng", "freedict-eng-ara"
FORMAT = "7"  # of the cached tables: bump when the parsing changes
_B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
_SENSE_NUMBER = re.compile(r"^\d+\.\s*")
_SPLIT_TRANSLATIONS = re.compile(r"[،,;؛]")
_ENGLISH_SUFFIXES = (("ies", "y"), ("es", ""), ("s", ""), ("ied", "y"), ("ed", ""), ("ed", "e"), ("ing", ""))


@dataclass(frozen=True)
class Bilingual:
    ar_en: dict[str, tuple[str, ...]]  # Arabic key → English senses, most likely first
    en_ar: dict[str, tuple[str, ...]]  # English word (lower case) → Arabic translations as written
    # Arabic key → English spelling, for words whose every sense is a proper noun: names and places
    # (يوري → Yuri, أندريه → Andrea), not words
    names: dict[str, str] = field(default_factory=dict)
    # English name-like words by sound, to spell a name as English text does (ميركل → Merkel)
    spellings: EnglishSpellings | None = None

    def is_word(self, arabic: str) -> bool:
        """A common word of the language (a noun, a verb…), as opposed to a name."""
        key = arabic_key(arabic)
        return bool(self.ar_en.get(key)) and key not in self.names

    def name(self, arabic: str) -> str | None:
        """The English spelling of an Arabic name word, when the dictionary knows it."""
        return self.names.get(arabic_key(arabic))

    def sounds_like(self, arabic: str, guess: str) -> str | None:
        """The English spelling of a name word that sounds like the Arabic (`guess`: the rules' spelling)."""
        return self.spellings.spelling(arabic, guess) if self.spellings is not None else None

    def english(self, arabic: str) -> tuple[str, ...]:
        """English senses of an Arabic word or phrase (normalised; the article may be on or off)."""
        return self.ar_en.get(arabic_key(arabic), ())

    def arabic(self, english: str) -> tuple[str, ...]:
        """Arabic translations of an English word, trying its plural/past/-ing forms as their base."""
        word = english.lower()
        for candidate in (word, *english_bases(word)):
            found = self.en_ar.get(candidate)
            if found:
                return found
        return ()


def arabic_key(text: str) -> str:
    """The matching key of an Arabic headword: normalised, each word without its definite article."""
    return " ".join(strip_arabic_article(w) for w in normalise_arabic(text).split())


def english_bases(word: str) -> list[str]:
    """Candidate base forms of an inflected English word ("visited" → visit, "ships" → ship)."""
    return [word[: -len(end)] + add for end, add in _ENGLISH_SUFFIXES if word.endswith(end) and len(word) > 4]


def _decode(number: str) -> int:
    value = 0
    for ch in number:
        value = value * 64 + _B64.index(ch)
    return value


def _entries(name: str, folder: Path) -> list[tuple[str, list[str]]]:
    """(headword, senses) of a dictd dictionary: the index gives each entry's offset in the data file."""
    data = gzip.decompress((folder / f"{name}.dict.dz").read_bytes())
    entries = []
    for line in (folder / f"{name}.index").read_text(encoding="utf-8").splitlines():
        head, offset, length = line.split("\t")
        if head.startswith("00database"):
            continue
        start = _decode(offset)
        body = data[start : start + _decode(length)].decode("utf-8").splitlines()[1:]  # line 1: head /ipa/
        senses = [_SENSE_NUMBER.sub("", s).strip() for s in body if s.strip()]
        entries.append((head, senses))
    return entries


def _build(folder: Path, words_file: Path) -> Bilingual:
    own: dict[str, list[str]] = {}  # senses of the Arabic headword's own entry
    inverted: dict[str, list[str]] = {}  # English headwords translated by it
    en_ar: dict[str, list[str]] = {}
    for head, senses in _entries(ARA_ENG, folder):
        own.setdefault(arabic_key(head), []).extend(s.lower() for s in senses)
    for head, senses in _entries(ENG_ARA, folder):
        english = head.lower()
        for sense in senses:
            for arabic in (t.strip() for t in _SPLIT_TRANSLATIONS.split(sense)):
                if arabic and len(arabic) <= 40:
                    en_ar.setdefault(english, []).append(arabic)
                    inverted.setdefault(arabic_key(arabic), []).append(english)
    proper, common = _english_words(words_file)
    ar_en = {
        key: _ordered(own.get(key, []), inverted.get(key, []), proper) for key in own.keys() | inverted.keys()
    }
    ar_en = {k: v for k, v in ar_en.items() if k}
    en_ar_out = {k: tuple(dict.fromkeys(v)) for k, v in en_ar.items()}
    names = {key: senses[0].capitalize() for key, senses in ar_en.items() if all(s in proper for s in senses)}
    spellings = EnglishSpellings(english_name_words(common)) if common else None
    return Bilingual(ar_en, en_ar_out, names if proper else {}, spellings)


def _english_words(words_file: Path) -> tuple[set[str], set[str]]:
    """(proper nouns, common words) of the system's English word list (Debian's wamerican), lower-cased:
    words written only capitalised (Yuri, Sergei, Cairo), and words written in lower case. An Arabic key
    whose every sense is a proper noun is a name, not a word."""
    if not words_file.is_file():
        return set(), set()
    lower: set[str] = set()
    proper: set[str] = set()
    for word in words_file.read_text(encoding="utf-8", errors="replace").split():
        (proper if word[:1].isupper() else lower).add(word.lower())
    return proper - lower, lower


def _ordered(own: list[str], inverted: list[str], proper: set[str]) -> tuple[str, ...]:
    """Senses most likely first: words before proper nouns (كان: "was" before "Kahn"), those both
    directions give before the others, and the commoner English first (the dictionaries list senses
    alphabetically: بيت gave "bett" before "home")."""
    both = [s for s in inverted if s in own]
    senses = list(dict.fromkeys([*both, *inverted, *own]))
    first = set(both)
    return tuple(sorted(senses, key=lambda s: (s in proper, s not in first, -english_frequency(s))))


def english_frequency(text: str) -> float:
    """How common an English word or phrase is: wordfreq's frequency of its rarest word (0 for an unknown
    word, and for all when the package is missing: the order stays the dictionaries')."""
    table = _english_frequencies()
    return min((table.get(word, 0.0) for word in text.split()), default=0.0)


@lru_cache(maxsize=1)
def _english_frequencies() -> dict[str, float]:
    try:
        from wordfreq import get_frequency_dict
    except ImportError:
        return {}
    return get_frequency_dict("en", wordlist="best")


@lru_cache(maxsize=4)
def load_bilingual(cache_dir: Path | None = None, folder: Path = DICT_DIR) -> Bilingual | None:
    """The dictionary (None when the Debian packages are not installed). Parsed once (about 1 s) and kept
    as a pickle in `cache_dir`, keyed by the dictionary files' sizes and times."""
    files = [folder / f"{n}.{ext}" for n in (ARA_ENG, ENG_ARA) for ext in ("index", "dict.dz")]
    if not all(f.is_file() for f in files):
        return None
    stamp = "-".join(
        f"{f.stat().st_size}.{int(f.stat().st_mtime)}" for f in (*files, WORDS_FILE) if f.is_file()
    )
    digest = hashlib.sha1(stamp.encode()).hexdigest()[:12]
    cache = cache_dir / f"bilingual-{FORMAT}-{digest}.pickle" if cache_dir else None
    if cache is not None and cache.is_file():
        try:
            return pickle.loads(cache.read_bytes())
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError):
            pass  # a damaged cache is made again
    found = _build(folder, WORDS_FILE)
    if cache is not None:
        cache.parent.mkdir(parents=True, exist_ok=True)
        write_bytes_atomically(cache, pickle.dumps(found, protocol=pickle.HIGHEST_PROTOCOL))
    return found
