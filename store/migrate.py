"""Migrating an index of the previous layout to document identities (store.identity).

Format 3 keyed documents by their path relative to the ingested folder; format 4 keys them by
`<source label>/<relative path>`, so the index's name changed and a format-4 index starts empty. When it
is empty and the format-3 index of the same settings exists, that index is copied, not rebuilt:

- manifest rows under the new keys: each file's label comes from its stored root (data_dir/uploads ->
  `uploads`, else the folder's name; two roots of one name get `name-2`, ...), chunk ids are recomputed
  for the new names, chunk numbers kept, sentence vectors and page spans copied, the lexical postings
  and the name index (store.name_index) made again from the chunk texts (one transaction);
- vectors copied from the old Chroma collection under the new chunk ids, in the order ingest wrote them
  (no re-embedding; a chunk whose old vector cannot be found is embedded again).

The old index is only read (its manifest opened read-only, its collection only read): it stays in place,
untouched. Everything runs under the data folder's writer lock. The manifest copy records the old
collection as pending until every vector is copied, so an interrupted migration resumes the vector copy
the next time the index is opened.

Vector records written before llama-index's layout (store/node_layout.py: only file, start and end, no
text) are rewritten in it by `relayout_vectors` when the index is opened: text and metadata from the
manifest, the stored vectors unchanged (no re-embedding). A marker in the manifest says it is done; an
interrupted rewrite goes on where it stopped (records already in the layout are skipped). Opening the index
with the layout turned off (QA_CHROMA_LLAMA_INDEX=false) removes the marker: records written then are
rewritten when it is turned on again.
"""

from __future__ import annotations

import shutil
import sqlite3
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from store.arabic import lexical_tokens
from store.check import embed_chunks
from store.chunking import Chunk
from store.errors import StoreError
from store.identity import document_id, source_label
from store.lexical import LexicalIndex
from store.lock import LockHolder, writer_lock
from store.manifest import Manifest
from store.name_index import NameIndex, corpus_words
from store.pages import SCHEMA as PAGES_SCHEMA

if TYPE_CHECKING:
    from store.index import Index

OLDER_FORMATS = ("3",)  # layouts this version migrates (newest first)
PENDING = "migration_pending"  # meta: the old collection whose vectors are still being copied
MIGRATED = "migrated_from"  # meta: the folder of the index this one was migrated from
COPY_BATCH = 1000
LAYOUT = "vector_layout"  # meta: the layout every Chroma record of this index is written in
CURRENT_LAYOUT = "llama-index-1"  # store/node_layout.py
LEGACY_ID_CHARS = 24  # a format-3 chunk id: sha1(path, start, text)[:24], the start of a format-4 id
_CARRIED_FILES = ("hub-bank.npz",)  # caches that do not depend on document names


@dataclass
class Migration:
    """What a migration did (for its one line)."""

    source: Path  # the old index's folder (left in place)
    files: int = 0
    chunks: int = 0
    copied: int = 0  # vectors copied from the old collection
    embedded: int = 0  # vectors embedded again (not found in the old collection)
    resumed: bool = False

    def line(self) -> str:
        verb = "finished migrating" if self.resumed else "migrated"
        vectors = f"{self.copied} vectors copied" + (
            f", {self.embedded} embedded again" if self.embedded else ""
        )
        return (
            f"{verb} the index to document identities: {self.files} files, {self.chunks} chunks "
            f"({vectors}); the old index {self.source} is left in place"
        )


def older_index(index: Index) -> tuple[Path, str] | None:
    """(folder, collection name) of an older-format index of the same settings, if there is one."""
    from store.index import index_folder, index_name

    for store_format in OLDER_FORMATS:
        folder = index_folder(index.config, store_format)
        if (folder / "manifest.sqlite").is_file():
            return folder, index_name(index.config, store_format)
    return None


def migrate_older_index(
    index: Index, on_wait: Callable[[LockHolder | None], None] | None = None
) -> Migration | None:
    """Copy the older-format index into `index` when `index` is new (empty) and one exists, or finish an
    interrupted copy; None when there is nothing to do."""
    if not index.manifest.meta(PENDING) and (not _is_new(index) or older_index(index) is None):
        return None
    with writer_lock(index.config.data_dir, wait=True, on_wait=on_wait):
        pending = index.manifest.meta(PENDING)  # read again under the lock: another process may have run
        if pending:
            migration = Migration(Path(index.manifest.meta(MIGRATED) or pending), resumed=True)
            _copy_vectors(index, pending, migration)
        else:
            found = older_index(index) if _is_new(index) else None
            if found is None:
                return None
            migration = Migration(found[0])
            _copy_manifest(index, found[0] / "manifest.sqlite", found[1], migration)
            _carry_caches(found[0], index.folder)
            _copy_vectors(index, found[1], migration)
        migration.files = len(index.files())
        migration.chunks = index.manifest.count_chunks()
        index.manifest.set_meta(PENDING, None)
    return migration


def _is_new(index: Index) -> bool:
    """Nothing indexed and never migrated: an older index's documents may be brought over."""
    return not index.files() and not index.sources() and index.manifest.meta(MIGRATED) is None


def _open_read_only(path: Path) -> sqlite3.Connection:
    """The old manifest, read-only. Closed cleanly, it has no write-ahead log: opened as immutable, SQLite
    then writes nothing beside it either (no -wal/-shm files); a log left by a crash must be read."""
    wal = path.with_name(path.name + "-wal")
    has_log = wal.exists() and wal.stat().st_size > 0
    options = "mode=ro" if has_log else "mode=ro&immutable=1"
    try:
        return sqlite3.connect(f"{path.resolve().as_uri()}?{options}", uri=True)
    except sqlite3.Error as exc:
        raise StoreError(f"cannot read the older index {path}: {exc}", "check its folder") from exc


def _labels(roots: set[str], data_dir: Path) -> dict[str, str]:
    """Root -> label; a second root of the same name gets `name-2` (labels must be unique)."""
    labels: dict[str, str] = {}
    taken: set[str] = set()
    for root in sorted(roots):
        label = base = source_label(Path(root), data_dir)
        n = 1
        while label in taken:
            n += 1
            label = f"{base}-{n}"
        labels[root] = label
        taken.add(label)
    return labels


def _copy_manifest(index: Index, old_path: Path, collection: str, migration: Migration) -> None:
    """The old manifest's rows under the new names, in one transaction (nothing half-copied)."""
    old = _open_read_only(old_path)
    try:
        files = old.execute(
            "SELECT name, root, sha256, text, n_chunks, ingested_at, complete FROM files"
        ).fetchall()
        labels = _labels({row[1] for row in files}, index.config.data_dir)
        renamed = {row[0]: document_id(labels[row[1]], row[0]) for row in files}
        with index.manifest.transaction() as db:
            now = time.time()
            for root, label in labels.items():
                Manifest.set_source(db, label, root, now)
            db.executemany(
                "INSERT INTO files VALUES (?, ?, ?, ?, ?, ?, ?)", [(renamed[r[0]], *r[1:]) for r in files]
            )
            _copy_chunks(old, db, renamed)
            _copy_sentences(old, db, renamed)
            _copy_pages(old, db, renamed)
            db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (MIGRATED, str(old_path.parent)))
            db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (PENDING, collection))
    except sqlite3.Error as exc:
        raise StoreError(f"cannot read the older index {old_path}: {exc}", "check its folder") from exc
    finally:
        old.close()


def _rows(old: sqlite3.Connection, sql: str) -> Iterator[list[tuple]]:
    cursor = old.execute(sql)
    while rows := cursor.fetchmany(COPY_BATCH):
        yield rows


def _copy_chunks(old: sqlite3.Connection, db: sqlite3.Connection, renamed: dict[str, str]) -> None:
    """Chunks with their new ids (same numbers, so the lexical order is the old one), their postings and
    names made again from their texts, and the chunk counter (numbers are never reused)."""
    sql = 'SELECT doc, file, idx, start, "end", text FROM chunks ORDER BY doc'
    for rows in _rows(old, sql):
        rows = [r for r in rows if r[1] in renamed]
        chunks = [Chunk(renamed[file], idx, start, end, text) for _, file, idx, start, end, text in rows]
        terms = [lexical_tokens(c.text) for c in chunks]
        db.executemany(
            "INSERT INTO chunks VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (r[0], c.chunk_id, c.file, c.index, c.start, c.end, c.text, len(t))
                for r, c, t in zip(rows, chunks, terms)
            ],
        )
        LexicalIndex.add(db, [(r[0], t) for r, t in zip(rows, terms)])
        NameIndex.write(db, corpus_words(c.text for c in chunks))
    seq = old.execute("SELECT seq FROM sqlite_sequence WHERE name = 'chunks'").fetchone()
    if seq is not None:
        db.execute("UPDATE sqlite_sequence SET seq = max(seq, ?) WHERE name = 'chunks'", (seq[0],))


def _copy_sentences(old: sqlite3.Connection, db: sqlite3.Connection, renamed: dict[str, str]) -> None:
    for rows in _rows(old, 'SELECT file, start, "end", vec FROM sentences'):
        db.executemany(
            "INSERT OR IGNORE INTO sentences VALUES (?, ?, ?, ?)",
            [(renamed[r[0]], *r[1:]) for r in rows if r[0] in renamed],
        )


def _copy_pages(old: sqlite3.Connection, db: sqlite3.Connection, renamed: dict[str, str]) -> None:
    db.execute(PAGES_SCHEMA)
    try:
        rows = old.execute("SELECT file, sha256, spans FROM pages").fetchall()
    except sqlite3.OperationalError:  # an index written before page spans existed
        return
    db.executemany(
        "INSERT OR REPLACE INTO pages VALUES (?, ?, ?)",
        [(renamed[r[0]], *r[1:]) for r in rows if r[0] in renamed],
    )


def _carry_caches(old_folder: Path, new_folder: Path) -> None:
    for name in _CARRIED_FILES:
        if (old_folder / name).is_file() and not (new_folder / name).exists():
            shutil.copy2(old_folder / name, new_folder / name)


def _copy_vectors(index: Index, collection: str, migration: Migration) -> None:
    """Vectors of the old collection under the new chunk ids, in the order the chunks were written. A
    chunk's old id is the first part of its new one (store.chunking: the digest of path, offset, text)."""
    present = index.vectors.all_ids()  # a resumed copy skips what is there
    missing: list[str] = []
    for rows in index.manifest.chunks_in_order(COPY_BATCH):
        todo = [(c.id[:LEGACY_ID_CHARS], c) for _, c in rows if c.id not in present]
        if not todo:
            continue
        found = index.vectors.vectors_of([old_id for old_id, _ in todo], collection)
        have = [(old_id, c) for old_id, c in todo if old_id in found]
        missing += [c.id for old_id, c in todo if old_id not in found]
        if have:
            chunks = [Chunk(c.file, 0, c.start, c.end, c.text) for _, c in have]
            pages = [index.page_of(c.file, c.start) for c in chunks]
            index.vectors.add(chunks, [found[old_id] for old_id, _ in have], pages)
            migration.copied += len(have)
    migration.embedded = embed_chunks(index, missing, None)


def relayout_vectors(index: Index, on_wait: Callable[[LockHolder | None], None] | None = None) -> str | None:
    """Rewrite the Chroma records written before llama-index's layout in it (text and metadata from the
    manifest, vectors unchanged); one line saying what was done, or None when there was nothing to do."""
    if not index.config.llama_index_layout:
        # records written from now on lack the layout: unmark the index, so turning it on rewrites them
        if index.manifest.meta(LAYOUT) is not None:
            index.manifest.set_meta(LAYOUT, None)
        return None
    if index.manifest.meta(LAYOUT) == CURRENT_LAYOUT:
        return None
    if not index.manifest.has_chunks():  # nothing written yet: every record will be in the layout
        index.manifest.set_meta(LAYOUT, CURRENT_LAYOUT)
        return None
    rewritten = 0
    with writer_lock(index.config.data_dir, wait=True, on_wait=on_wait):
        if index.manifest.meta(LAYOUT) == CURRENT_LAYOUT:  # another process did it while we waited
            return None
        for rows in index.manifest.chunks_in_order(COPY_BATCH):
            old = set(index.vectors.without_layout([c.id for _, c in rows]))
            chunks = [Chunk(c.file, 0, c.start, c.end, c.text) for _, c in rows if c.id in old]
            if not chunks:
                continue
            vectors = index.vectors.vectors_of([c.chunk_id for c in chunks])
            chunks = [c for c in chunks if c.chunk_id in vectors]
            pages = [index.page_of(c.file, c.start) for c in chunks]
            index.vectors.relayout(chunks, [vectors[c.chunk_id] for c in chunks], pages)
            rewritten += len(chunks)
        index.manifest.set_meta(LAYOUT, CURRENT_LAYOUT)
    if not rewritten:
        return None
    return (
        f"rewrote {rewritten} vector records with their text and metadata in llama-index's layout "
        "(vectors unchanged)"
    )
