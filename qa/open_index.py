"""Opening the index described by the settings (migrating an index of the previous layout on the way), and
indexing the default corpus on first use."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

from qa.settings import Settings
from store.index import Index, IndexConfig, IngestSummary, ProgressFn
from store.lock import LockHolder, waiting_line
from store.migrate import migrate_older_index, relayout_vectors
from store.text_hygiene import one_line


def index_config(settings: Settings) -> IndexConfig:
    paths, ingest = settings.paths, settings.ingest
    return IndexConfig(
        data_dir=paths.data_dir,
        models_dir=paths.models_dir,
        embedding_model=ingest.embedding_model,
        query_prefix=settings.effective_query_prefix(),
        passage_prefix=settings.effective_passage_prefix(),
        chunk_size=ingest.chunk_size,
        chunk_overlap=ingest.chunk_overlap,
        chunk_min_chars=ingest.chunk_min_chars,
        chroma_url=paths.chroma_url,
        embed_batch_size=ingest.embed_batch_size,
        embedding_engine=ingest.embedding_engine,
        native_dir=ingest.native_dir,
        sentence_vectors=ingest.sentence_vectors,
        ingest_batch=ingest.ingest_batch,
        embed_strip_diacritics=ingest.embedding_strip_diacritics,
        max_file_mb=ingest.max_file_mb,
        llama_index_layout=ingest.chroma_llama_index,
    )


def _note(line: str) -> None:
    print(one_line(line), file=sys.stderr, flush=True)


def _waiting(holder: LockHolder | None) -> None:
    _note(waiting_line(holder))


def open_index(settings: Settings, note: Callable[[str], None] = _note) -> Index:
    """The index of these settings. A new (empty) index whose previous-layout index exists gets that
    index's documents first, and vector records of an earlier layout are rewritten in the current one
    (store/migrate.py), each with one line through `note` (stderr by default)."""
    index = Index(index_config(settings))
    try:
        migration = migrate_older_index(index, on_wait=_waiting)
        relayout = relayout_vectors(index, on_wait=_waiting)
    except BaseException:
        index.close()
        raise
    if migration is not None:
        note(migration.line())
    if relayout is not None:
        note(relayout)
    return index


def ensure_indexed(
    index: Index, settings: Settings, progress: ProgressFn | None = None
) -> IngestSummary | None:
    """An empty index gets the default corpus (`corpus_dir`, the seeds) so the first question just works."""
    if not index.is_empty():
        return None
    return index.ingest(Path(settings.corpus_dir), progress)
