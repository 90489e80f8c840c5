"""Opening the index described by the settings, and indexing the default corpus on first use."""

from __future__ import annotations

from pathlib import Path

from qa.settings import Settings
from store.index import Index, IndexConfig, IngestSummary, ProgressFn


def index_config(settings: Settings) -> IndexConfig:
    return IndexConfig(
        data_dir=settings.data_dir,
        models_dir=settings.models_dir,
        embedding_model=settings.embedding_model,
        query_prefix=settings.effective_query_prefix(),
        passage_prefix=settings.effective_passage_prefix(),
        chunk_size=settings.chunk_size,
        chunk_overlap=settings.chunk_overlap,
        chroma_url=settings.chroma_url,
        embed_batch_size=settings.embed_batch_size,
        embedding_engine=settings.embedding_engine,
        native_dir=settings.native_dir,
        sentence_vectors=settings.sentence_vectors,
        ingest_batch=settings.ingest_batch,
        embed_strip_diacritics=settings.embedding_strip_diacritics,
    )


def open_index(settings: Settings) -> Index:
    return Index(index_config(settings))


def ensure_indexed(
    index: Index, settings: Settings, progress: ProgressFn | None = None
) -> IngestSummary | None:
    """An empty index gets the default corpus (`corpus_dir`, the seeds) so the first question just works."""
    if not index.is_empty():
        return None
    return index.ingest(Path(settings.corpus_dir), progress)
