"""Page spans of indexed documents (PDF): which characters of a file's indexed text lie on which page, so a
citation can say "file, p. N".

One small table in the manifest's SQLite file, written by ingest in the transaction that starts the
file, keyed by file name and stamped with the original file's sha256. A lookup only trusts spans whose
stamp matches the manifest's current version of the file, so spans left by a removed or replaced
version are never used (and are overwritten when that name is indexed again). Indexes written before
this table existed have none: every lookup then says "no page", and nothing else changes.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from pathlib import Path

from store.formats.records import PageSpan, page_at

SCHEMA = "CREATE TABLE IF NOT EXISTS pages (file TEXT PRIMARY KEY, sha256 TEXT NOT NULL, spans TEXT NOT NULL)"


def write_pages(db: sqlite3.Connection, file: str, sha256: str, pages: tuple[PageSpan, ...] | None) -> None:
    """Record (or clear, for a format without pages) a file's page spans, inside the caller's transaction."""
    db.execute(SCHEMA)
    if not pages:
        db.execute("DELETE FROM pages WHERE file = ?", (file,))
        return
    spans = json.dumps([[span.start, span.end, span.page] for span in pages])
    db.execute("INSERT OR REPLACE INTO pages VALUES (?, ?, ?)", (file, sha256, spans))


class PageLookup:
    """Pages of cited offsets, read from a manifest file (its own read connection; thread-safe)."""

    def __init__(self, manifest_path: Path) -> None:
        self._db = sqlite3.connect(manifest_path, check_same_thread=False)
        self._lock = threading.Lock()
        self._cache: dict[tuple[str, str], tuple[PageSpan, ...] | None] = {}

    def close(self) -> None:
        self._db.close()

    def spans(self, file: str) -> tuple[PageSpan, ...] | None:
        """The page spans of the indexed version of `file`, or None (no pages, unknown file, old index)."""
        with self._lock:
            try:
                row = self._db.execute(
                    "SELECT p.sha256, p.spans FROM pages p JOIN files f ON f.name = p.file "
                    "AND f.sha256 = p.sha256 WHERE p.file = ?",
                    (file,),
                ).fetchone()
            except sqlite3.OperationalError:  # an index written before page spans existed
                return None
            if row is None:
                return None
            key = (file, row[0])
            if key not in self._cache:
                self._cache[key] = tuple(PageSpan(*span) for span in json.loads(row[1]))
            return self._cache[key]

    def page(self, file: str, offset: int) -> int | None:
        """The page (1-based) of character `offset` of `file`'s indexed text, or None."""
        return page_at(self.spans(file), offset)
