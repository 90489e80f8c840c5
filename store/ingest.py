"""Ingest: bring an index in line with a folder (or one file), streaming chunks through fixed-size batches.

Each batch is embedded in one call (chunk vectors and, from the same forward pass, sentence vectors),
written to Chroma in one call and committed to the manifest in one SQLite transaction (chunks, sentence
vectors, lexical postings, and the files the batch completes). So many small files cost no more per chunk
than one big file, memory stays bounded by the batch (plus the file being read), and an interrupted
ingest keeps every committed batch: the next run resumes a file where it stopped (chunk ids are stable).

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

import numpy as np

from store.arabic import lexical_tokens
from store.chunking import Chunk, Span, iter_chunks, sentence_spans
from store.documents import TEXT_SUFFIXES, Document, file_sha256, list_document_files, read_document
from store.errors import InputError
from store.manifest import ChunkRow, FileRecord, Manifest
from store.pages import write_pages

if TYPE_CHECKING:
    from store.index import Index

# (done, total, what) — called as ingest advances; the CLI draws a progress bar from it.
ProgressFn = Callable[[int, int, str], None]
KEEP_READ_BYTES = 1 << 20  # files up to this size are kept from the planning pass, bigger ones re-read
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
    started: list[tuple[FileRecord, Document]] = field(default_factory=list)  # files rows to write
    finished: list[_Todo] = field(default_factory=list)


class Ingest:
    """One ingest run over an open Index (the caller holds the index's write lock)."""

    def __init__(self, index: Index, progress: ProgressFn | None) -> None:
        self.index = index
        self.config = index.config
        self.manifest: Manifest = index.manifest
        self.progress = progress or (lambda done, total, what: None)
        self.batch = _Batch()
        self.done = 0
        self.total = 0
        self.summary = IngestSummary()

    def run(self, root: Path, prune: bool) -> IngestSummary:
        started = time.perf_counter()
        if self.manifest.meta(INGEST_OPEN):
            self._sweep_orphans()  # the previous run was interrupted
        self.manifest.set_meta(INGEST_OPEN, "1")
        root_key = str((root if root.is_dir() else root.parent).resolve())
        todo, present = self._plan(root, root_key)
        self.total = sum(item.n_chunks for item in todo)
        self.progress(0, self.total, "")
        for item in todo:
            self._ingest_file(item, root_key)
        self._flush()
        if prune and root.is_dir():
            self._prune(root_key, present)
        self.manifest.set_meta(INGEST_OPEN, None)
        self.summary.chunks = self.manifest.count_chunks()
        self.summary.engine = getattr(self.index.embedder, "engine_name", "")
        self.summary.seconds = time.perf_counter() - started
        return self.summary

    # --- planning --------------------------------------------------------------------------------
    def _plan(self, root: Path, root_key: str) -> tuple[list[_Todo], set[str]]:
        """Read and hash every file once: which are new, changed or left unfinished, and how many chunks
        they hold (for the progress bar). Unreadable and empty files become warnings."""
        known = {record.name: record for record in self.manifest.files()}
        base = root if root.is_dir() else root.parent
        todo, present = [], set()
        for path in list_document_files(root):
            name = path.relative_to(base).as_posix()
            record = known.get(name)
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
            keep = doc if len(doc.text) <= KEEP_READ_BYTES else None
            # a complete earlier version makes this an update; resuming an interrupted add stays an add
            replaces = record is not None and (record.complete or record.sha256 != doc.sha256)
            todo.append(_Todo(path, name, doc.sha256, n_chunks, replaces, keep, record))
        return todo, present

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
        return iter_chunks(doc.name, doc.text, self.config.chunk_size, self.config.chunk_overlap)

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
            self.batch.spans.append(sentence_spans(doc.text, chunk.start, chunk.end))
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
        vectors, sentences = self._embed(batch)
        self.index.vectors.add(batch.chunks, vectors)
        terms = [lexical_tokens(c.text) for c in batch.chunks]  # before the write lock is taken
        with self.manifest.transaction() as db:
            for record, doc in batch.started:
                Manifest.begin_file(db, record, doc.text)  # new or resumed: nothing to remove
                write_pages(db, doc.name, doc.sha256, doc.pages)
            first = Manifest.next_doc(db)
            rows = [
                ChunkRow(first + i, c.chunk_id, c.file, c.index, c.start, c.end, c.text, t)
                for i, (c, t) in enumerate(zip(batch.chunks, terms))
            ]
            Manifest.add_chunks(db, rows, sentences)
            for item in batch.finished:
                Manifest.finish_file(db, item.name, time.time())
        self.done += len(batch.chunks)
        self.summary.embedded += len(batch.chunks)
        for item in batch.finished:
            self.summary.updated += item.known
            self.summary.added += not item.known
        last = batch.chunks[-1].file if batch.chunks else batch.finished[-1].name
        self.progress(self.done, self.total, last)

    def _embed(self, batch: _Batch) -> tuple[np.ndarray, list[tuple[str, Span, bytes]]]:
        """Chunk vectors and the batch's sentence vectors (first occurrence of each sentence)."""
        if not batch.chunks:
            return np.zeros((0, 0), np.float32), []
        embedder = self.index.embedder
        wanted: dict[tuple[str, int, int], tuple[int, int]] = {}  # sentence -> (chunk, position)
        for i, (chunk, spans) in enumerate(zip(batch.chunks, batch.spans)):
            for j, span in enumerate(spans):
                wanted.setdefault((chunk.file, span.start, span.end), (i, j))
        if self.config.sentence_vectors == "pooled":
            relative = [
                [(s.start - c.start, s.end - c.start) for s in spans]
                for c, spans in zip(batch.chunks, batch.spans)
            ]
            result = embedder.embed_chunks([c.text for c in batch.chunks], relative)
            chunk_vectors = result.chunks
            sentence_vectors = [result.sentences[i][j] for i, j in wanted.values()]
        else:  # each sentence embedded on its own, a second pass (the former method)
            chunk_vectors = embedder.embed_passages([c.text for c in batch.chunks])
            texts = [
                batch.chunks[i].text[
                    batch.spans[i][j].start - batch.chunks[i].start : batch.spans[i][j].end
                    - batch.chunks[i].start
                ]
                for i, j in wanted.values()
            ]
            sentence_vectors = list(embedder.embed_passages(texts))
        sentences = [
            (file, Span(start, end), np.asarray(vec, dtype=np.float16).tobytes())
            for (file, start, end), vec in zip(wanted, sentence_vectors)
        ]
        return np.asarray(chunk_vectors, dtype=np.float32), sentences

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
