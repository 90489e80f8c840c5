"""The manifest: which files are indexed (hashes, text, complete or not), their chunks and sentence vectors,
the lexical index (store.lexical) and the name index (store.name_index) in the same SQLite file, so one
transaction keeps them in step.

Ingest commits in batches: a file is written as incomplete first and marked complete with its last batch,
so an interrupted ingest keeps what was done and the next one resumes it. The manifest is the source of
truth: vector hits whose ids it does not list are ignored (and swept by the next ingest).

Documents are keyed by their identity `<source label>/<relative path>` (store.identity); the `sources`
table maps each label to the root folder it was given to.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from store.chunking import Span
from store.lexical import LexicalIndex
from store.name_index import NameIndex

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS files (
    name TEXT PRIMARY KEY, root TEXT NOT NULL, sha256 TEXT NOT NULL, text TEXT NOT NULL,
    n_chunks INTEGER NOT NULL, ingested_at REAL NOT NULL, complete INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS chunks (
    doc INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE, file TEXT NOT NULL, idx INTEGER NOT NULL,
    start INTEGER NOT NULL, "end" INTEGER NOT NULL, text TEXT NOT NULL, n_terms INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS chunks_file ON chunks(file, idx);
CREATE TABLE IF NOT EXISTS sentences (
    file TEXT NOT NULL, start INTEGER NOT NULL, "end" INTEGER NOT NULL, vec BLOB NOT NULL,
    PRIMARY KEY (file, start, "end")
);
CREATE TABLE IF NOT EXISTS sources (label TEXT PRIMARY KEY, root TEXT NOT NULL, created REAL NOT NULL);
"""


@dataclass(frozen=True)
class FileRecord:
    name: str
    root: str
    sha256: str
    n_chunks: int
    ingested_at: float
    complete: bool = True  # False while (or after an interrupted) batched ingest of the file


@dataclass(frozen=True)
class StoredChunk:
    id: str
    file: str
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class ChunkRow:
    """A chunk as ingest writes it: `doc` is its number in the lexical index (never reused)."""

    doc: int
    id: str
    file: str
    idx: int
    start: int
    end: int
    text: str
    terms: list[str]


class Manifest:
    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self._db = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")  # WAL: a commit survives a crash of this process
        self._db.executescript(_SCHEMA)
        LexicalIndex.create(self._db)
        NameIndex.create(self._db)
        self.lexical = LexicalIndex(path)
        self.names = NameIndex(path)
        self._writes = 0  # this connection's transactions: PRAGMA data_version only sees other connections'
        self._files: tuple[tuple[int, int], list[FileRecord]] | None = None

    def close(self) -> None:
        self.lexical.close()
        self.names.close()
        self._db.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        self._db.execute("BEGIN IMMEDIATE")
        self._writes += 1
        try:
            yield self._db
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        finally:
            self._writes += 1
        self._db.execute("COMMIT")

    # --- reading -------------------------------------------------------------
    def files(self) -> list[FileRecord]:
        """Every file's record. Kept until the database changes: the columns after `text` are read past
        every file's text (SQLite's overflow pages), which took 80 ms at 4,000 files, and retrieval asks
        for the list on every question (qa.retrieve.topics)."""
        version = (int(self._db.execute("PRAGMA data_version").fetchone()[0]), self._writes)
        cached = self._files
        if cached is not None and cached[0] == version and not self._db.in_transaction:
            return list(cached[1])
        rows = self._db.execute(
            "SELECT name, root, sha256, n_chunks, ingested_at, complete FROM files ORDER BY name"
        )
        records = [FileRecord(*row[:5], complete=bool(row[5])) for row in rows]
        if not self._db.in_transaction:
            self._files = (version, records)
        return list(records)

    def sources(self) -> dict[str, str]:
        """Source label -> absolute root folder, for every root ingested so far."""
        return dict(self._db.execute("SELECT label, root FROM sources ORDER BY label").fetchall())

    def matching(self, name: str) -> list[str]:
        """Identities `name` can mean: itself when indexed, else the documents whose path relative to their
        root is `name` (a bare `a.txt` may be in several sources)."""
        if self._db.execute("SELECT 1 FROM files WHERE name = ?", (name,)).fetchone():
            return [name]
        rows = self._db.execute(
            "SELECT name FROM files WHERE substr(name, instr(name, '/') + 1) = ? ORDER BY name", (name,)
        )
        return [row[0] for row in rows]

    def file_text(self, name: str) -> str | None:
        row = self._db.execute("SELECT text FROM files WHERE name = ?", (name,)).fetchone()
        return row[0] if row else None

    def chunk_ids(self, file: str | None = None) -> set[str]:
        if file is None:
            return {r[0] for r in self._db.execute("SELECT id FROM chunks")}
        return {r[0] for r in self._db.execute("SELECT id FROM chunks WHERE file = ?", (file,))}

    def known_ids(self, ids: list[str]) -> set[str]:
        """The subset of `ids` the manifest lists (ids only: a cheap membership test)."""
        marks = ",".join("?" * len(ids))
        return {row[0] for row in self._db.execute(f"SELECT id FROM chunks WHERE id IN ({marks})", ids)}

    def chunks(self, ids: list[str]) -> dict[str, StoredChunk]:
        found: dict[str, StoredChunk] = {}
        for start in range(0, len(ids), 500):  # stay under SQLite's variable limit
            batch = ids[start : start + 500]
            marks = ",".join("?" * len(batch))
            sql = f'SELECT id, file, start, "end", text FROM chunks WHERE id IN ({marks})'
            found.update({row[0]: StoredChunk(*row) for row in self._db.execute(sql, batch)})
        return found

    def chunks_in_order(self, batch: int = 1000) -> Iterator[list[tuple[int, StoredChunk]]]:
        """Every chunk as (doc number, chunk), in the order ingest wrote them, `batch` at a time."""
        after = 0
        while True:
            rows = self._db.execute(
                'SELECT doc, id, file, start, "end", text FROM chunks WHERE doc > ? ORDER BY doc LIMIT ?',
                (after, batch),
            ).fetchall()
            if not rows:
                return
            yield [(row[0], StoredChunk(*row[1:])) for row in rows]
            after = rows[-1][0]

    def count_chunks(self) -> int:
        return self._db.execute("SELECT COUNT(*) FROM chunks").fetchone()[0]

    def has_chunks(self) -> bool:
        return self._db.execute("SELECT 1 FROM chunks LIMIT 1").fetchone() is not None

    def sentences(self, file: str, start: int, end: int) -> list[tuple[Span, bytes]]:
        """Sentence spans inside [start, end) of a file with their stored float16 vectors."""
        rows = self._db.execute(
            'SELECT start, "end", vec FROM sentences WHERE file = ? AND start >= ? AND "end" <= ? '
            "ORDER BY start",
            (file, start, end),
        )
        return [(Span(row[0], row[1]), row[2]) for row in rows]

    def meta(self, key: str) -> str | None:
        row = self._db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def set_meta(self, key: str, value: str | None) -> None:
        with self.transaction() as db:
            if value is None:
                db.execute("DELETE FROM meta WHERE key = ?", (key,))
            else:
                db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))

    def fill_names(self) -> int:
        """Add to the name index the words of chunks indexed before it existed (store.name_index), one
        transaction per batch of chunks; returns the batches written (0: nothing was missing). The
        caller serialises it with ingest (both write through this connection)."""
        batches = 0
        while self.names.pending():
            with self.transaction() as db:
                NameIndex.backfill(db)
            batches += 1
        return batches

    # --- writing (inside a transaction) ----------------------------------------
    @staticmethod
    def set_source(db: sqlite3.Connection, label: str, root: str, created: float) -> None:
        db.execute("INSERT OR REPLACE INTO sources VALUES (?, ?, ?)", (label, root, created))

    @staticmethod
    def set_root(db: sqlite3.Connection, name: str, root: str) -> None:
        db.execute("UPDATE files SET root = ? WHERE name = ?", (root, name))

    @staticmethod
    def next_doc(db: sqlite3.Connection) -> int:
        """The next lexical document number: above every number ever given (AUTOINCREMENT's counter)."""
        row = db.execute("SELECT seq FROM sqlite_sequence WHERE name = 'chunks'").fetchone()
        return (row[0] if row else 0) + 1

    @staticmethod
    def begin_file(db: sqlite3.Connection, record: FileRecord, text: str) -> list[str]:
        """Start (or restart) a file's ingest: an older version's rows are removed first. Returns the ids of
        the removed chunks (their vectors are to be deleted once this transaction commits)."""
        old = db.execute("SELECT sha256 FROM files WHERE name = ?", (record.name,)).fetchone()
        removed = Manifest.remove_file(db, record.name) if old and old[0] != record.sha256 else []
        db.execute(
            "INSERT OR REPLACE INTO files VALUES (?, ?, ?, ?, ?, ?, 0)",
            (record.name, record.root, record.sha256, text, record.n_chunks, record.ingested_at),
        )
        return removed

    @staticmethod
    def add_chunks(
        db: sqlite3.Connection,
        rows: Sequence[ChunkRow],
        sentences: Sequence[tuple[str, Span, bytes]],
        words: Iterable[str] = (),
    ) -> None:
        """Chunk rows, their lexical postings, sentence vectors (a sentence shared by two overlapping
        chunks keeps the vector written first) and their Arabic `words` for the name index
        (store.name_index.corpus_words of the rows' texts, computed by the caller outside the lock)."""
        db.executemany(
            "INSERT INTO chunks VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [(r.doc, r.id, r.file, r.idx, r.start, r.end, r.text, len(r.terms)) for r in rows],
        )
        db.executemany(
            "INSERT OR IGNORE INTO sentences VALUES (?, ?, ?, ?)",
            [(file, span.start, span.end, vec) for file, span, vec in sentences],
        )
        LexicalIndex.add(db, [(r.doc, r.terms) for r in rows])
        NameIndex.write(db, words)

    @staticmethod
    def finish_file(db: sqlite3.Connection, name: str, ingested_at: float) -> None:
        n_chunks = db.execute("SELECT COUNT(*) FROM chunks WHERE file = ?", (name,)).fetchone()[0]
        db.execute(
            "UPDATE files SET complete = 1, n_chunks = ?, ingested_at = ? WHERE name = ?",
            (n_chunks, ingested_at, name),
        )

    @staticmethod
    def remove_file(db: sqlite3.Connection, name: str) -> list[str]:
        """Drop a file's rows (chunks, postings, sentences); returns the removed chunk ids."""
        rows = db.execute("SELECT doc, id, n_terms FROM chunks WHERE file = ?", (name,)).fetchall()
        LexicalIndex.delete(db, [(doc, n_terms) for doc, _, n_terms in rows])
        db.execute("DELETE FROM chunks WHERE file = ?", (name,))
        db.execute("DELETE FROM sentences WHERE file = ?", (name,))
        db.execute("DELETE FROM files WHERE name = ?", (name,))
        return [chunk_id for _, chunk_id, _ in rows]
