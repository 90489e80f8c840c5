"""Ingest: bring an index in line with a folder (or one file), streaming chunks through fixed-size batches.

Each batch is embedded in one call (chunk vectors and their sentence vectors: store.batch_vectors),
written to Chroma in one call and committed to the manifest in one SQLite transaction (chunks, sentence
vectors, lexical postings, the name index's new words, and the files the batch completes). So many small
files cost no more per chunk than one big file, memory stays bounded by the batch (plus the file being
read), and an interrupted ingest keeps every committed batch: the next run resumes a file where it stopped
(chunk ids are stable).

Documents are named by their identity `<source label>/<path under the root>` (store.identity). A root
whose label already belongs to another root is refused (its documents would replace that source's) unless
the caller asks to replace, or the new root holds identical copies of them all (a re-cloned project loses
nothing): the new root then takes the label over. Files over the size limit per file are skipped with a
warning.

Order of writes: vectors first, then the manifest; a crash in between leaves vectors the manifest does
not list, which are ignored by searches and swept by the next ingest (the `ingest_open` mark says one
was interrupted).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from store.arabic import lexical_tokens
from store.batch_vectors import embed_batch
from store.chunking import Chunk, Span, iter_chunks
from store.documents import TEXT_SUFFIXES, Document, file_sha256, list_document_files, read_document
from store.errors import InputError
from store.formats.records import page_at
from store.identity import document_id, label_of, relative_path, source_label
from store.manifest import ChunkRow, FileRecord, Manifest
from store.name_index import corpus_words
from store.pages import write_pages

if TYPE_CHECKING:
    from store.index import Index

# (done, total, what) — called as ingest advances; the CLI draws a progress bar from it.
ProgressFn = Callable[[int, int, str], None]
KEEP_READ_CHARS = 1 << 20  # texts up to this size are kept from the planning pass, bigger ones re-read
KEEP_TOTAL_CHARS = 16 << 20  # ... while all kept texts stay under this (many files: memory stays bounded)
INGEST_OPEN = "ingest_open"


@dataclass
class IngestSummary:
    files: int = 0
    chunks: int = 0
    added: int = 0
    updated: int = 0
    removed: int = 0
    skipped: int = 0
    seconds: float = 0.0
    warnings: list[str] = field(default_factory=list)
    embedded: int = 0  # chunks embedded by this run (resumed files count only what was left)
    engine: str = ""  # the embedding engine that ran: native or torch
    source: str = ""  # the label of the root ingested (its documents are named source/relative path)
    oversized: int = 0  # files skipped for being over the size limit per file


@dataclass
class _Todo:
    path: Path
    name: str
    sha256: str
    n_chunks: int
    known: bool  # replaces a version in the manifest (an update, not an add)
    doc: Document | None  # kept from planning when small
    stored: FileRecord | None = None  # the manifest's record of this name when planned

    @property
    def resumes(self) -> bool:
        """An interrupted ingest of this very version: its committed chunks are kept."""
        return self.stored is not None and self.stored.sha256 == self.sha256 and not self.stored.complete


@dataclass
class _Batch:
    chunks: list[Chunk] = field(default_factory=list)
    spans: list[list[Span]] = field(default_factory=list)
    pages: list[int | None] = field(default_factory=list)  # the page of each chunk's start (PDFs)
    started: list[tuple[FileRecord, Document]] = field(default_factory=list)  # files rows to write
    finished: list[_Todo] = field(default_factory=list)


class Ingest:
    """One ingest run over an open Index (the caller holds the index's write lock)."""

    def __init__(self, index: Index, progress: ProgressFn | None, max_file_mb: float | None = None) -> None:
        self.index = index
        self.config = index.config
        self.manifest: Manifest = index.manifest
        self.progress = progress or (lambda done, total, what: None)
        self.batch = _Batch()
        self.done = 0
        self.total = 0
        self.summary = IngestSummary()
        self.max_file_mb = max_file_mb  # None: no limit
        self.max_bytes = None if max_file_mb is None else int(max_file_mb * 1024 * 1024)
        self._kept = 0  # characters of small files kept from planning

    def run(self, root: Path, prune: bool, replace: bool = False) -> IngestSummary:
        """Ingest `root` (a folder, or one file) as described in the module's docstring."""
        started = time.perf_counter()
        paths = list_document_files(root)  # InputError for a missing path, before anything is written
        base = self._root_of(root)
        root_key = str(base)
        label, replace = self._claim_source(base, replace)
        if self.manifest.meta(INGEST_OPEN):
            self._sweep_orphans()  # the previous run was interrupted
        self.manifest.set_meta(INGEST_OPEN, "1")
        todo, present = self._plan(self._named(root, base, label, paths))
        self.total = sum(item.n_chunks for item in todo)
        self.progress(0, self.total, "")
        for item in todo:
            self._ingest_file(item, root_key)
        self._flush()
        if prune and root.is_dir():
            self._prune(root_key, present)
        if replace:
            self._take_over(label, root_key, present)
        self.manifest.set_meta(INGEST_OPEN, None)
        self.summary.source = label
        self.summary.chunks = self.manifest.count_chunks()
        self.summary.engine = getattr(self.index.embedder, "engine_name", "")
        self.summary.seconds = time.perf_counter() - started
        return self.summary

    # --- sources -----------------------------------------------------------------------------------
    def _root_of(self, root: Path) -> Path:
        """The root folder (absolute) of an ingest: the folder itself; for one file, the known source root
        that holds it (so it keeps its identity), else its folder."""
        if root.is_dir():
            return root.resolve()
        folder = root.parent.resolve()
        known = [Path(r) for r in self.manifest.sources().values()]
        holding = [r for r in known if folder == r or folder.is_relative_to(r)]
        return max(holding, key=lambda r: len(r.parts)) if holding else folder

    @staticmethod
    def _named(root: Path, base: Path, label: str, paths: list[Path]) -> list[tuple[Path, str]]:
        """(path, document identity) of each file to ingest."""
        if root.is_dir():
            return [(p, document_id(label, p.relative_to(root).as_posix())) for p in paths]
        relative = (root.parent.resolve() / root.name).relative_to(base).as_posix()
        return [(root, document_id(label, relative))]

    def _claim_source(self, base: Path, replace: bool) -> tuple[str, bool]:
        """The label of root `base`, recorded in the manifest, and whether this run takes the label over.
        Documents of that label from another root would be replaced: InputError, unless `replace` or
        `base` holds an identical copy of every one of them (a re-cloned or copied folder loses nothing)."""
        label = source_label(base, self.config.data_dir)
        root_key = str(base)
        others = [r for r in self.manifest.files() if label_of(r.name) == label and r.root != root_key]
        if others and not replace:
            if not self._holds_copies(base, others):
                raise InputError(
                    f"{base} would replace the documents of {others[0].root} (both are the source '{label}')",
                    "rename one of the folders, or run qa ingest --replace to let this one take over",
                )
            replace = True
        if self.manifest.sources().get(label) != root_key:
            with self.manifest.transaction() as db:
                Manifest.set_source(db, label, root_key, time.time())
        return label, replace

    @staticmethod
    def _holds_copies(base: Path, records: list[FileRecord]) -> bool:
        """Whether folder `base` holds, at the same relative path, the very bytes of every record."""
        if not base.is_dir():
            return False
        for record in records:
            path = base / relative_path(record.name)
            try:
                if not record.complete or file_sha256(path) != record.sha256:
                    return False
            except OSError:
                return False
        return True

    def _take_over(self, label: str, root_key: str, present: set[str]) -> None:
        """After a replacing ingest: the label's documents from its former root are this root's now when
        it holds them too (same path), and removed otherwise."""
        for record in self.manifest.files():
            if label_of(record.name) != label or record.root == root_key:
                continue
            with self.manifest.transaction() as db:
                if record.name in present:
                    Manifest.set_root(db, record.name, root_key)
                    continue
                removed = Manifest.remove_file(db, record.name)
            self.index.vectors.delete(removed)
            self.summary.removed += 1

    # --- planning --------------------------------------------------------------------------------
    def _plan(self, named: list[tuple[Path, str]]) -> tuple[list[_Todo], set[str]]:
        """Read and hash every file once: which are new, changed or left unfinished, and how many chunks
        they hold (for the progress bar). Unreadable, empty and oversized files become warnings."""
        known = {record.name: record for record in self.manifest.files()}
        todo, present = [], set()
        for path, name in named:
            record = known.get(name)
            if self._oversized(path, record):
                if record is not None:  # the indexed version stays (never pruned for being too big now)
                    present.add(name)
                    self.summary.files += 1
                continue
            if self._unchanged_extracted(path, record):  # no PDF/Word/HTML extraction just to skip it
                present.add(name)
                self.summary.files += 1
                self.summary.skipped += 1
                continue
            try:
                doc = read_document(path, name)
            except InputError as exc:
                self.summary.warnings.append(f"skipped {exc.message}")
                continue
            if not doc.text.strip():
                self.summary.warnings.append(f"skipped {path}: empty")
                continue
            present.add(name)
            self.summary.files += 1
            self.summary.warnings.extend(doc.warnings)  # e.g. scanned pages left out of a PDF
            if record and record.sha256 == doc.sha256 and record.complete:
                self.summary.skipped += 1
                continue
            n_chunks = sum(1 for _ in self._chunks(doc))
            keep = doc if self._keep(len(doc.text)) else None
            # a complete earlier version makes this an update; resuming an interrupted add stays an add
            replaces = record is not None and (record.complete or record.sha256 != doc.sha256)
            todo.append(_Todo(path, name, doc.sha256, n_chunks, replaces, keep, record))
        return todo, present

    def _keep(self, size: int) -> bool:
        """Keep a small file's text from planning (no second read) while the kept texts stay small."""
        if size > KEEP_READ_CHARS or self._kept + size > KEEP_TOTAL_CHARS:
            return False
        self._kept += size
        return True

    def _oversized(self, path: Path, record: FileRecord | None) -> bool:
        """Whether `path` is over the size limit per file (a warning says so; an indexed, unchanged
        version counts as skipped without one)."""
        if self.max_bytes is None:
            return False
        try:
            size = path.stat().st_size
        except OSError:
            return False  # read_document reports it
        if size <= self.max_bytes:
            return False
        if record is not None and record.complete and file_sha256(path) == record.sha256:
            self.summary.skipped += 1
            return True
        kept = " (the indexed version is kept)" if record is not None else ""
        self.summary.warnings.append(
            f"skipped {path}: {size / 1024 / 1024:.1f} MB is over the limit of {self.max_file_mb:g} MB "
            f"per file{kept}; raise it with --max-file-mb or QA_MAX_FILE_MB"
        )
        self.summary.oversized += 1
        return True

    @staticmethod
    def _unchanged_extracted(path: Path, record: FileRecord | None) -> bool:
        """A complete PDF/Word/HTML file whose original bytes hash as indexed (the hash is what counts)."""
        if record is None or not record.complete or path.suffix.lower() in TEXT_SUFFIXES:
            return False
        try:
            return file_sha256(path) == record.sha256
        except OSError:
            return False  # read_document reports it

    def _chunks(self, doc: Document) -> Iterator[Chunk]:
        c = self.config
        return iter_chunks(doc.name, doc.text, c.chunk_size, c.chunk_overlap, c.chunk_min_chars)

    # --- one file ----------------------------------------------------------------------------------
    def _ingest_file(self, item: _Todo, root_key: str) -> None:
        doc = item.doc or self._reread(item)
        item.doc = None  # the batch keeps chunk texts only
        record = FileRecord(doc.name, root_key, doc.sha256, item.n_chunks, time.time(), complete=False)
        if item.stored is not None and not item.resumes:  # another version: remove it before anything
            with self.manifest.transaction() as db:
                removed = Manifest.begin_file(db, record, doc.text)
                write_pages(db, doc.name, doc.sha256, doc.pages)
            self.index.vectors.delete(removed)
        else:  # new, or resumed: its files row goes with the next batch (one transaction for many files)
            self.batch.started.append((record, doc))
        existing = self.manifest.chunk_ids(doc.name) if item.resumes else set()
        for chunk in self._chunks(doc):
            if chunk.chunk_id in existing:
                self.done += 1
                continue
            self.batch.chunks.append(chunk)
            self.batch.spans.append(list(chunk.segments))
            self.batch.pages.append(page_at(doc.pages, chunk.start))
            if len(self.batch.chunks) >= self.config.ingest_batch:
                self._flush()
        self.batch.finished.append(item)

    def _reread(self, item: _Todo) -> Document:
        try:
            return read_document(item.path, item.name)
        except InputError as exc:  # gone or unreadable since planning: index it next time
            raise InputError(
                f"{item.path} changed during ingest: {exc.message}", "run the ingest again"
            ) from exc

    # --- one batch ---------------------------------------------------------------------------------
    def _flush(self) -> None:
        batch, self.batch = self.batch, _Batch()
        if not batch.chunks and not batch.finished and not batch.started:
            return
        vectors, sentences = embed_batch(
            self.index.embedder, batch.chunks, batch.spans, self.config.sentence_vectors
        )
        self.index.vectors.add(batch.chunks, vectors, batch.pages)
        terms = [lexical_tokens(c.text) for c in batch.chunks]  # before the write lock is taken
        words = corpus_words(c.text for c in batch.chunks)  # for the name index
        with self.manifest.transaction() as db:
            for record, doc in batch.started:
                Manifest.begin_file(db, record, doc.text)  # new or resumed: nothing to remove
                write_pages(db, doc.name, doc.sha256, doc.pages)
            first = Manifest.next_doc(db)
            rows = [
                ChunkRow(first + i, c.chunk_id, c.file, c.index, c.start, c.end, c.text, t)
                for i, (c, t) in enumerate(zip(batch.chunks, terms))
            ]
            Manifest.add_chunks(db, rows, sentences, words)
            for item in batch.finished:
                Manifest.finish_file(db, item.name, time.time())
        self.done += len(batch.chunks)
        self.summary.embedded += len(batch.chunks)
        for item in batch.finished:
            self.summary.updated += item.known
            self.summary.added += not item.known
        last = batch.chunks[-1].file if batch.chunks else batch.finished[-1].name
        self.progress(self.done, self.total, last)

    # --- removal and repair ----------------------------------------------------------------------
    def _prune(self, root_key: str, present: set[str]) -> None:
        """Files indexed earlier from this folder but now gone are removed."""
        for record in self.manifest.files():
            if record.root == root_key and record.name not in present:
                with self.manifest.transaction() as db:
                    removed = Manifest.remove_file(db, record.name)
                self.index.vectors.delete(removed)
                self.summary.removed += 1

    def _sweep_orphans(self) -> None:
        """Vectors written by an interrupted run before its manifest commit (or not deleted after one)."""
        orphans = self.index.vectors.all_ids() - self.manifest.chunk_ids()
        self.index.vectors.delete(sorted(orphans))
