"""The corpus's Arabic words by sound, persisted: English names looked up in the index without reading it.

An English question's names are found in the corpus by consonant skeleton (store/arabic/skeleton.py:
"Dostoevsky" → دوستويفسكي). The words a name can match are the corpus's own, so they are indexed at ingest, in
the manifest's SQLite file and in the manifest's transaction of each batch (like the lexical index): for
every distinct normalised Arabic word of the indexed chunks whose skeleton has at least MIN_CONSONANTS
consonants, its skeleton (`name_words`) and the skeleton's lookup keys (`name_keys`). A lookup is one
indexed SELECT over a few keys, then `NameMatcher`'s distance check, so it gives `NameMatcher.match`'s
results on the same vocabulary (tested on the seeds and a random vocabulary) and costs the same on the
first question of a process as on the tenth, with nothing held in memory (the former in-memory vocabulary
took 4.5 GB and 11 s at 1M chunks, docs/scale.md).

The keys are finer than NameMatcher's coarse key (near sounds merged: the key and its one-deletion
variants), which the in-memory matcher could afford: a key that merges g/j/k/q/s/z/sh/ch/kh/h lumps
together most Arabic words of the same consonant count, and a three-consonant name then had 1,472
candidate skeletons to compare at 100k synthetic chunks (about 45 ms a name, ten times that at 1M).
Here a skeleton is filed under its exact consonants and, when it is long enough for a one-edit match,
their one-deletion variants; a name is looked up by its consonants with the near sounds its budget
allows and, for long names, one edit (`_query_keys`): every skeleton the distance check accepts, and few
others (7 candidates for that name).

Removing a document leaves its words in the table: a name that only a removed document held still turns
into its Arabic spelling, for which BM25 then finds nothing, so the stale word is harmless (and `qa check`
and repair leave the table alone).

Indexes written before this table existed, or under other skeleton rules (`RULES`, a digest of them), are
filled once from the manifest's chunk texts (`backfill`): streamed in batches of chunks, each batch in its
own transaction, resumable where it stopped, so memory stays bounded by a batch. Not a migration
(store/migrate.py) because the table is derived from texts the manifest already holds: a format bump would
copy the whole index, vectors included, to add one derived table.
"""

from __future__ import annotations

import hashlib
import inspect
import re
import sqlite3
import threading
from collections.abc import Iterable, Iterator
from pathlib import Path

from store.arabic import NORMALISER_VERSION, normalise_arabic
from store.arabic import skeleton as rules
from store.arabic.skeleton import (
    MIN_CONSONANTS,
    arabic_skeleton,
    consonants,
    latin_skeleton,
    skeleton_distance,
)

_ARABIC_WORD = re.compile("[\u0621-\u064a]+")
NEAR_COST = 0.5  # what skeleton_distance charges for a near sound (g/j, s/z, t/d, ...)
KEYS_VERSION = "3"  # the keys written by `lookup_keys`: a change refills the table (part of RULES)
_SQL_VARIABLES = 500  # keys or words per statement, under SQLite's variable limit
BACKFILL_CHUNKS = 2000  # chunks read per transaction when filling the table of an older index

_SCHEMA = """
CREATE TABLE IF NOT EXISTS name_words (word TEXT PRIMARY KEY, skeleton TEXT NOT NULL) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS name_words_skeleton ON name_words(skeleton);
CREATE TABLE IF NOT EXISTS name_keys (
    key TEXT NOT NULL, skeleton TEXT NOT NULL, PRIMARY KEY (key, skeleton)
) WITHOUT ROWID;
"""
# One row: the skeleton rules the table was built with, and the chunks (doc numbers after..upto) whose
# words are still to be added from the manifest (after == upto: nothing to add).
_STATE = """
CREATE TABLE IF NOT EXISTS name_state (
    id INTEGER PRIMARY KEY CHECK (id = 0), rules TEXT NOT NULL, after INTEGER NOT NULL, upto INTEGER NOT NULL
);
"""


def _rules_digest() -> str:
    """A digest of everything a stored skeleton or key depends on: a change refills the table."""
    parts = [KEYS_VERSION, NORMALISER_VERSION, str(MIN_CONSONANTS), repr(rules._ARABIC), repr(rules._COARSE)]
    parts.append(repr(sorted(map(sorted, rules._NEAR))))
    for function in (
        rules.arabic_skeleton,
        rules._vowels_once,
        rules.coarse_key,
        rules._deletions,
        rules._allowed,
    ):
        try:
            parts.append(inspect.getsource(function))
        except (OSError, TypeError):  # no source (a frozen build): the tables above still count
            parts.append(function.__qualname__)
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:16]


RULES = _rules_digest()


def corpus_words(texts: Iterable[str]) -> set[str]:
    """The distinct normalised Arabic words of `texts` (as the name lookup sees them)."""
    words: set[str] = set()
    for text in texts:
        words.update(_ARABIC_WORD.findall(normalise_arabic(text)))
    return words


def _near_letters() -> dict[str, set[str]]:
    near: dict[str, set[str]] = {}
    for pair in rules._NEAR:
        a, b = sorted(pair)
        near.setdefault(a, set()).add(b)
        near.setdefault(b, set()).add(a)
    return near


_NEAR_LETTERS = _near_letters()


def _letters(skeleton: str) -> str:
    return skeleton.replace("V", "")


def lookup_keys(skeleton: str) -> set[str]:
    """The keys a corpus skeleton is filed under: its consonants ("=" + letters) and, when it is long
    enough to be matched with one edit (a far sound, a consonant more or less), their one-deletion
    variants ("-" + letters less one)."""
    letters = _letters(skeleton)
    keys = {"=" + letters}
    if rules._allowed(len(letters)) >= 1:
        keys |= {"-" + variant for variant in rules._deletions(letters)}
    return keys


def _query_keys(target: str, allowed: float) -> set[str]:
    """The keys an English skeleton is looked up by, covering every skeleton within `allowed` of it in
    `skeleton_distance`: a consonant added, dropped or replaced by a far sound costs 1, a near sound
    NEAR_COST, short vowels little. So a match has the target's consonants up to `allowed // NEAR_COST`
    near sounds ("=" + each variant) or, when `allowed` >= 1, up to one edit: the target's letters less
    one against a corpus skeleton's letters ("=") or its letters less one ("-"), and the target's letters
    against a corpus skeleton's letters less one ("-")."""
    letters = _letters(target)
    variants = {letters}
    for _ in range(int(allowed // NEAR_COST)):
        variants |= {
            v[:i] + other + v[i + 1 :]
            for v in variants
            for i, letter in enumerate(v)
            for other in _NEAR_LETTERS.get(letter, ())
        }
    keys = {"=" + variant for variant in variants}
    if allowed >= 1:
        deletions = rules._deletions(letters)
        keys |= {"=" + d for d in deletions} | {"-" + d for d in deletions} | {"-" + letters}
    return keys


def _chunks(items: list[str]) -> Iterator[list[str]]:
    for start in range(0, len(items), _SQL_VARIABLES):
        yield items[start : start + _SQL_VARIABLES]


class NameIndex:
    """Lookups (on its own read connection) plus the writers the manifest calls inside its transactions."""

    def __init__(self, path: Path) -> None:
        self._db = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        self._lock = threading.Lock()

    def close(self) -> None:
        self._db.close()

    @staticmethod
    def create(db: sqlite3.Connection) -> None:
        """The tables (idempotent). An index that has chunks but no table yet, or one built under other
        rules, is marked for a backfill of every chunk it holds now (later chunks are added by ingest)."""
        db.executescript(_SCHEMA + _STATE)
        row = db.execute("SELECT rules FROM name_state WHERE id = 0").fetchone()
        if row is not None and row[0] == RULES:
            return
        db.execute("BEGIN IMMEDIATE")
        try:
            row = db.execute("SELECT rules FROM name_state WHERE id = 0").fetchone()  # another process?
            if row is None or row[0] != RULES:
                db.execute("DELETE FROM name_words")
                db.execute("DELETE FROM name_keys")
                upto = db.execute("SELECT COALESCE(MAX(doc), 0) FROM chunks").fetchone()[0]
                db.execute("INSERT OR REPLACE INTO name_state VALUES (0, ?, 0, ?)", (RULES, upto))
        except BaseException:
            db.execute("ROLLBACK")
            raise
        db.execute("COMMIT")

    # --- looking up ----------------------------------------------------------------------------
    def __len__(self) -> int:
        """Distinct skeletons indexed (as len(NameMatcher))."""
        with self._lock:
            return int(self._db.execute("SELECT COUNT(DISTINCT skeleton) FROM name_words").fetchone()[0])

    def pending(self) -> bool:
        """Chunks of an older index whose words are not in the table yet (see `backfill`)."""
        with self._lock:
            row = self._db.execute("SELECT after < upto FROM name_state WHERE id = 0").fetchone()
        return bool(row and row[0])

    def match(self, english_word: str) -> list[str]:
        """The Arabic corpus words that sound most like `english_word` (all those at the best distance),
        ordered by distance then word: `NameMatcher.match` on the indexed vocabulary."""
        target = latin_skeleton(english_word)
        count = consonants(target)
        if count < MIN_CONSONANTS:
            return []
        allowed = rules._allowed(count)
        keys = sorted(_query_keys(target, allowed))
        marks = ",".join("?" * len(keys))
        with self._lock:
            rows = self._db.execute(
                "SELECT DISTINCT w.skeleton, w.word FROM name_keys k JOIN name_words w "
                f"ON w.skeleton = k.skeleton WHERE k.key IN ({marks})",
                keys,
            ).fetchall()
        distances: dict[str, float] = {}
        found: list[tuple[float, str]] = []
        for skeleton, word in rows:
            if skeleton not in distances:
                distances[skeleton] = skeleton_distance(target, skeleton)
            if distances[skeleton] <= allowed:
                found.append((distances[skeleton], word))
        return rules.nearest_words(found)

    def arabic_terms(self, words: Iterable[str], per_word: int = 3) -> list[str]:
        """The Arabic spellings of `words` (names) found in the corpus."""
        return rules.arabic_terms(self.match, words, per_word)

    # --- writing -------------------------------------------------------------------------------
    def add(self, words: Iterable[str]) -> None:
        """Index `words` in a transaction of its own (tests, tools); ingest calls `write` instead."""
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                NameIndex.write(self._db, words)
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")

    @staticmethod
    def write(db: sqlite3.Connection, words: Iterable[str]) -> int:
        """Add the words not indexed yet (inside the caller's transaction); returns how many were added.
        Words already present are found by one indexed lookup each, so a batch of a large corpus, whose
        words are mostly known, computes few skeletons."""
        wanted = sorted({normalise_arabic(word) for word in words})
        known: set[str] = set()
        for part in _chunks(wanted):
            marks = ",".join("?" * len(part))
            known.update(
                r[0] for r in db.execute(f"SELECT word FROM name_words WHERE word IN ({marks})", part)
            )
        rows = [(word, arabic_skeleton(word)) for word in wanted if word not in known]
        rows = [(word, skeleton) for word, skeleton in rows if consonants(skeleton) >= MIN_CONSONANTS]
        if not rows:
            return 0
        db.executemany("INSERT OR IGNORE INTO name_words VALUES (?, ?)", rows)
        skeletons = {skeleton for _, skeleton in rows}
        db.executemany(
            "INSERT OR IGNORE INTO name_keys VALUES (?, ?)",
            [(key, skeleton) for skeleton in skeletons for key in lookup_keys(skeleton)],
        )
        return len(rows)

    @staticmethod
    def backfill(db: sqlite3.Connection, batch: int | None = None) -> bool:
        """Add the words of the next `batch` (BACKFILL_CHUNKS) chunks still to be indexed (inside the
        caller's transaction, one per call); False when none are left."""
        batch = batch or BACKFILL_CHUNKS
        row = db.execute("SELECT after, upto FROM name_state WHERE id = 0").fetchone()
        if row is None or row[0] >= row[1]:
            return False
        after, upto = row
        texts = db.execute(
            "SELECT doc, text FROM chunks WHERE doc > ? AND doc <= ? ORDER BY doc LIMIT ?",
            (after, upto, batch),
        ).fetchall()
        NameIndex.write(db, corpus_words(text for _, text in texts))
        reached = texts[-1][0] if len(texts) == batch else upto
        db.execute("UPDATE name_state SET after = ? WHERE id = 0", (reached,))
        return reached < upto
