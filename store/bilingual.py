"""A bilingual Arabic–English dictionary: FreeDict's Arabeyes word lists, read from their dictd files.

Source: the Debian packages `dict-freedict-ara-eng` (about 50k Arabic headwords) and `dict-freedict-eng-ara`
(about 87k English headwords), GPL-2.0-or-later, installed by scripts/setup.sh into /usr/share/dictd. Both
directions are merged: an Arabic word's English senses are its own entry's senses first, then the English
headwords whose translation it is. Keys are matching keys (store.arabic normalisation, article dropped;
English lower case), never shown.

Used for English questions over Arabic text: their words as Arabic terms (retrieval's dictionary leg, the
answer's lexical match) and short Arabic spans glossed in English. A missing dictionary is no error: every
caller works without it, less well (`load_bilingual` returns None and `qa setup` says how to install it).
"""

from __future__ import annotations

import gzip
import hashlib
import pickle
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from store.arabic import normalise_arabic, strip_arabic_article
from store.atomic import write_bytes_atomically

DICT_DIR = Path("/usr/share/dictd")
ARA_ENG, ENG_ARA = "freedict-ara-eng", "freedict-eng-ara"
FORMAT = "1"  # of the cached tables: bump when the parsing changes
_B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
_SENSE_NUMBER = re.compile(r"^\d+\.\s*")
_SPLIT_TRANSLATIONS = re.compile(r"[،,;؛]")
_ENGLISH_SUFFIXES = (("ies", "y"), ("es", ""), ("s", ""), ("ied", "y"), ("ed", ""), ("ed", "e"), ("ing", ""))


@dataclass(frozen=True)
class Bilingual:
    ar_en: dict[str, tuple[str, ...]]  # Arabic key → English senses, most likely first
    en_ar: dict[str, tuple[str, ...]]  # English word (lower case) → Arabic translations as written

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


def _build(folder: Path) -> Bilingual:
    ar_en: dict[str, list[str]] = {}
    en_ar: dict[str, list[str]] = {}
    for head, senses in _entries(ARA_ENG, folder):
        ar_en.setdefault(arabic_key(head), []).extend(s.lower() for s in senses)
    for head, senses in _entries(ENG_ARA, folder):
        english = head.lower()
        for sense in senses:
            for arabic in (t.strip() for t in _SPLIT_TRANSLATIONS.split(sense)):
                if arabic and len(arabic) <= 40:
                    en_ar.setdefault(english, []).append(arabic)
                    ar_en.setdefault(arabic_key(arabic), []).append(english)
    return Bilingual(
        {k: tuple(dict.fromkeys(v)) for k, v in ar_en.items() if k},
        {k: tuple(dict.fromkeys(v)) for k, v in en_ar.items()},
    )


@lru_cache(maxsize=4)
def load_bilingual(cache_dir: Path | None = None, folder: Path = DICT_DIR) -> Bilingual | None:
    """The dictionary (None when the Debian packages are not installed). Parsed once (about 1 s) and kept
    as a pickle in `cache_dir`, keyed by the dictionary files' sizes and times."""
    files = [folder / f"{n}.{ext}" for n in (ARA_ENG, ENG_ARA) for ext in ("index", "dict.dz")]
    if not all(f.is_file() for f in files):
        return None
    stamp = "-".join(f"{f.stat().st_size}.{int(f.stat().st_mtime)}" for f in files)
    digest = hashlib.sha1(stamp.encode()).hexdigest()[:12]
    cache = cache_dir / f"bilingual-{FORMAT}-{digest}.pickle" if cache_dir else None
    if cache is not None and cache.is_file():
        try:
            return pickle.loads(cache.read_bytes())
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError):
            pass  # a damaged cache is made again
    found = _build(folder)
    if cache is not None:
        cache.parent.mkdir(parents=True, exist_ok=True)
        write_bytes_atomically(cache, pickle.dumps(found, protocol=pickle.HIGHEST_PROTOCOL))
    return found
