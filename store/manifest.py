"""The manifest: which files are indexed (with their hashes and text), their chunks and BM25 terms.

SQLite, one transaction per file, so an interrupted ingest leaves the previous state intact.
The manifest is the source of truth: vector hits whose ids it does not list are ignored.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from store.chunking import Chunk, Span

_SCHEMA = """
CREATE TABLE IF NOT EXISTS files (
    name TEXT PRIMARY KEY, root TEXT NOT NULL, sha256 TEXT NOT NULL, text TEXT NOT NULL,
    n_chunks INTEGER NOT NULL, ingested_at REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS chunks (
    id TEXT PRIMARY KEY, file TEXT NOT NULL, idx INTEGER NOT NULL, start INTEGER NOT NULL,
    "end" INTEGER NOT NULL, text TEXT NOT NULL, terms TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS chunks_file ON chunks(file);
CREATE TABLE IF NOT EXISTS sentences (
    file TEXT NOT NULL, start INTEGER NOT NULL, "end" INTEGER NOT NULL, vec BLOB NOT NULL
);
CREATE INDEX IF NOT EXISTS sentences_file ON sentences(file, start);
"""


@dataclass(frozen=True)
class FileRecord:
    name: str
    root: str
    sha256: str
    n_chunks: int
    ingested_at: float


@dataclass(frozen=True)
class StoredChunk:
    id: str
    file: str
    start: int
    end: int
    text: str


class Manifest:
    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.executescript(_SCHEMA)

    def close(self) -> None:
        self._db.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        self._db.execute("BEGIN IMMEDIATE")
        try:
            yield self._db
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        self._db.execute("COMMIT")

    def files(self) -> list[FileRecord]:
        rows = self._db.execute("SELECT name, root, sha256, n_chunks, ingested_at FROM files ORDER BY name")
        return [FileRecord(*row) for row in rows]

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

    def all_terms(self) -> Iterator[tuple[str, list[str]]]:
        for chunk_id, terms in self._db.execute("SELECT id, terms FROM chunks"):
            yield chunk_id, terms.split()

    def count_chunks(self) -> int:
        return self._db.execute("SELECT COUNT(*) FROM chunks").fetchone()[0]

    def sentences(self, file: str, start: int, end: int) -> list[tuple[Span, bytes]]:
        """Sentence spans inside [start, end) of a file with their stored float16 vectors."""
        rows = self._db.execute(
            'SELECT start, "end", vec FROM sentences WHERE file = ? AND start >= ? AND "end" <= ? '
            "ORDER BY start",
            (file, start, end),
        )
        return [(Span(row[0], row[1]), row[2]) for row in rows]

    @staticmethod
    def replace_file(
        db: sqlite3.Connection,
        record: FileRecord,
        text: str,
        chunks: list[Chunk],
        terms: list[list[str]],
        sentences: list[tuple[Span, bytes]],
    ) -> None:
        """Within a transaction: drop the file's old rows and write the new ones."""
        Manifest.remove_file(db, record.name)
        db.execute(
            "INSERT OR REPLACE INTO files VALUES (?, ?, ?, ?, ?, ?)",
            (record.name, record.root, record.sha256, text, record.n_chunks, record.ingested_at),
        )
        db.executemany(
            "INSERT OR REPLACE INTO chunks VALUES (?, ?, ?, ?, ?, ?, ?)",
            [
                (c.chunk_id, c.file, c.index, c.start, c.end, c.text, " ".join(t))
                for c, t in zip(chunks, terms)
            ],
        )
        db.executemany(
            "INSERT INTO sentences VALUES (?, ?, ?, ?)",
            [(record.name, span.start, span.end, vec) for span, vec in sentences],
        )

    @staticmethod
    def remove_file(db: sqlite3.Connection, name: str) -> None:
        db.execute("DELETE FROM chunks WHERE file = ?", (name,))
        db.execute("DELETE FROM sentences WHERE file = ?", (name,))
        db.execute("DELETE FROM files WHERE name = ?", (name,))
