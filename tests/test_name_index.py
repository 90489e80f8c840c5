"""The persisted name index (store/name_index.py): the same lookups as the in-memory NameMatcher, filled by
ingest (real e5, real Chroma) and for older indexes from their chunk texts, and the English lexical query of
qa/retrieve/names.py unchanged on the dev questions."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import numpy as np
import pytest

from qa.open_index import open_index
from qa.retrieve.names import CorpusNames, place_words
from store import name_index
from store.arabic import normalise_arabic
from store.arabic.romanise import romanise_name
from store.arabic.skeleton import MIN_CONSONANTS, NameMatcher, arabic_skeleton, consonants
from store.documents import load_documents
from store.manifest import Manifest
from store.name_index import corpus_words
from tests.conftest import SEEDS, load_dev, make_settings

_LATIN = re.compile(r"[A-Za-z]+")
NEW_NAME = "كوفالينكو"  # not in the seeds; "Kovalenko" sounds like it


def _english_words() -> list[str]:
    words = [w for row in load_dev() for w in _LATIN.findall(row["question"])]
    rng = np.random.default_rng(3)
    consonants_, vowels = list("bcdfghjklmnpqrstvwxz"), list("aeiouy")
    for _ in range(400):  # random name-like words: consonant-vowel syllables, some doubled letters
        syllables = [rng.choice(consonants_) + rng.choice(vowels) for _ in range(int(rng.integers(1, 5)))]
        words.append(("".join(syllables) + rng.choice(consonants_ + [""])).capitalize())
    return words


def _random_vocabulary(count: int) -> set[str]:
    """Random Arabic words: letters of the Arabic block, with and without the article."""
    rng = np.random.default_rng(5)
    letters = [chr(c) for c in range(0x0621, 0x064B)]
    words = {"".join(rng.choice(letters, size=int(rng.integers(2, 10)))) for _ in range(count)}
    return words | {"ال" + word for word in list(words)[: count // 4]}


def _same_lookups(vocabulary: set[str], tmp_path: Path) -> int:
    """Every lookup equal to NameMatcher's; returns how many English words matched something."""
    manifest = Manifest(tmp_path / "manifest.sqlite")
    manifest.names.add(vocabulary)
    reference = NameMatcher(vocabulary)
    assert len(manifest.names) == len(reference)
    # and the corpus's own words spelled in Latin letters: near misses of every kind
    sample = sorted(vocabulary)[:: max(1, len(vocabulary) // 300)]
    words = _english_words() + [w for a in sample for w in _LATIN.findall(romanise_name(a))]
    matched = 0
    for word in words:
        assert manifest.names.match(word) == reference.match(word), word
        matched += bool(reference.match(word))
    assert manifest.names.arabic_terms(words) == reference.arabic_terms(words)
    assert manifest.names.arabic_terms(words, per_word=1) == reference.arabic_terms(words, per_word=1)
    manifest.close()
    return matched


def test_name_index_matches_like_name_matcher_on_the_seeds(tmp_path: Path) -> None:
    docs, _ = load_documents(SEEDS)
    assert _same_lookups(corpus_words(d.text for d in docs), tmp_path) >= 100


def test_name_index_matches_like_name_matcher_on_a_random_vocabulary(tmp_path: Path) -> None:
    assert _same_lookups(_random_vocabulary(20000), tmp_path) >= 200


def _indexed_words(index) -> set[str]:
    with sqlite3.connect(index.manifest.path) as db:
        return {row[0] for row in db.execute("SELECT word FROM name_words")}


def _chunk_words(index) -> set[str]:
    """What the name index should hold: every chunk's words of MIN_CONSONANTS consonants or more."""
    texts = [chunk.text for batch in index.manifest.chunks_in_order() for _, chunk in batch]
    words = {normalise_arabic(w) for w in corpus_words(texts)}
    return {w for w in words if consonants(arabic_skeleton(w)) >= MIN_CONSONANTS}


def test_ingest_fills_the_name_index_and_an_older_index_is_filled_once(
    tmp_path: Path, corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    index = open_index(make_settings(tmp_path / "data"))
    index.warm()  # an empty index: nothing to load
    index.ingest(corpus)
    first = _indexed_words(index)
    assert first == _chunk_words(index) and len(first) > 300
    assert NEW_NAME not in index.names.match("Kovalenko")

    changed = next(corpus.glob("*.txt"))
    changed.write_text(changed.read_text(encoding="utf-8") + f"\n\nوصل المبعوث {NEW_NAME} إلى العاصمة.\n")
    assert index.ingest(corpus).updated == 1
    assert NEW_NAME not in first and _indexed_words(index) == _chunk_words(index) >= first | {NEW_NAME}
    assert index.names.match("Kovalenko") == [NEW_NAME]
    index.close()

    # an index written before the name index existed: its tables are missing until it is first used
    with sqlite3.connect(index.manifest.path) as db:
        db.executescript("DROP TABLE name_words; DROP TABLE name_keys; DROP TABLE name_state;")
    monkeypatch.setattr(name_index, "BACKFILL_CHUNKS", 3)  # several batches, each its own transaction
    reopened = open_index(make_settings(tmp_path / "data"))
    assert reopened.manifest.names.pending() and not _indexed_words(reopened)
    reopened.warm()  # fills it, loads the vectors
    assert reopened.names.match("Kovalenko") == [NEW_NAME]
    assert _indexed_words(reopened) == _chunk_words(reopened) and not reopened.manifest.names.pending()
    reopened.close()

    # other skeleton rules: the table is refilled
    with sqlite3.connect(index.manifest.path) as db:
        db.execute("UPDATE name_state SET rules = 'older'")
    again = open_index(make_settings(tmp_path / "data"))
    assert again.manifest.names.pending()
    again.ingest(corpus)  # an ingest fills it first
    assert not again.manifest.names.pending() and _indexed_words(again) == _chunk_words(again)
    again.close()


class _FormerNames(CorpusNames):
    """qa/retrieve/names.py before the name index: NameMatcher over every file's text, read per question."""

    def matcher(self) -> NameMatcher:  # type: ignore[override]
        texts = (self.index.file_text(record.name) or "" for record in self.index.files())
        return NameMatcher(corpus_words(texts))


def test_english_lexical_query_is_unchanged_on_the_dev_questions(seeds_index) -> None:
    english = [row["question"] for row in load_dev() if row["lang"] == "en"]
    current, former = CorpusNames(seeds_index), _FormerNames(seeds_index)
    queries = [current.lexical_query(question) for question in english]
    assert queries == [former.lexical_query(question) for question in english]
    assert sum(bool(re.search("[\u0621-\u064a]", query)) for query in queries) >= 5  # names were found


def test_place_words_are_the_world_tables_places_and_peoples() -> None:
    assert place_words("When will Putin visit North Korea and Vietnam?") == {"north", "korea", "vietnam"}
    assert place_words("What did the Russian delegation sign?") == {"russian"}
    assert place_words("Who is Ushakov?") == set()
    questions = [row["question"] for row in load_dev() if row["lang"] == "en"]
    assert sum(map(bool, map(place_words, questions))) > len(questions) / 2
