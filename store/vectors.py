"""The Chroma vector store (embedded or a `chroma run` server): one collection in cosine space.

Used through chromadb's own collection API: ids, embeddings and a little metadata (file, start, end),
no documents (the manifest holds the texts, so Chroma stores each vector once and nothing twice), and
no embedding function (chromadb's default one would try to download a model).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import numpy as np

from store.chunking import Chunk
from store.errors import StoreError


def _chroma_client(persist_dir: Path, url: str | None) -> Any:
    import chromadb  # ~0.7 s of imports: only when an index is opened

    settings = chromadb.Settings(anonymized_telemetry=False, allow_reset=False)
    if not url:
        persist_dir.mkdir(parents=True, exist_ok=True)
        return chromadb.PersistentClient(path=str(persist_dir), settings=settings)
    parsed = urlparse(url)
    try:
        return chromadb.HttpClient(
            host=parsed.hostname or "127.0.0.1",
            port=parsed.port or 8000,
            ssl=parsed.scheme == "https",
            settings=settings,
        )
    except Exception as exc:  # chromadb checks the server eagerly: refused → ValueError, bad handshake
        raise StoreError(
            f"cannot reach the Chroma server at {url}: {exc}".splitlines()[0],
            "start it with `chroma run --path DIR --port PORT` or unset QA_CHROMA_URL",
        ) from exc


@contextmanager
def _server_errors(url: str | None) -> Iterator[None]:
    """A server that goes away after the index was opened surfaces as a raw httpx error (with a
    traceback) on the next add/query; make it the same one-line QAError as a server down at start."""
    if not url:
        yield
        return
    import httpx

    try:
        yield
    except httpx.TransportError as exc:  # refused, reset, timed out
        raise StoreError(
            f"lost the Chroma server at {url}: {type(exc).__name__}: {exc}".splitlines()[0],
            "restart it with `chroma run` or unset QA_CHROMA_URL",
        ) from exc


class VectorStore:
    """One Chroma collection in cosine space."""

    def __init__(self, name: str, persist_dir: Path, url: str | None) -> None:
        self.url = url
        self.client = _chroma_client(persist_dir, url)
        try:
            self.collection = self.client.get_or_create_collection(
                name, metadata={"hnsw:space": "cosine"}, embedding_function=None
            )
        except Exception as exc:
            raise StoreError(
                f"cannot open Chroma collection {name}: {exc}".splitlines()[0],
                "check QA_DATA_DIR / QA_CHROMA_URL",
            ) from exc
        self._max_batch = max(1, int(self.client.get_max_batch_size()))

    def add(self, chunks: Sequence[Chunk], vectors: np.ndarray | Sequence[Sequence[float]]) -> None:
        """One write per batch (split only at Chroma's own batch limit)."""
        matrix = np.asarray(vectors, dtype=np.float32)
        with _server_errors(self.url):
            for start in range(0, len(chunks), self._max_batch):
                part = chunks[start : start + self._max_batch]
                self.collection.add(
                    ids=[c.chunk_id for c in part],
                    embeddings=matrix[start : start + len(part)],
                    metadatas=[{"file": c.file, "start": c.start, "end": c.end} for c in part],
                )

    def query(self, vector: Sequence[float] | np.ndarray, k: int) -> list[tuple[str, float]]:
        """(id, cosine) of the k nearest vectors, nearest first."""
        with _server_errors(self.url):
            if self.collection.count() == 0:
                return []
            result = self.collection.query(
                query_embeddings=np.asarray([vector], dtype=np.float32),
                n_results=k,
                include=["distances"],
            )
        # cosine space: distance = 1 - cos
        return [(i, 1.0 - float(d)) for i, d in zip(result["ids"][0], result["distances"][0])]

    def delete(self, ids: list[str]) -> None:
        with _server_errors(self.url):
            for start in range(0, len(ids), 1000):
                self.collection.delete(ids=ids[start : start + 1000])

    def count(self) -> int:
        with _server_errors(self.url):
            return int(self.collection.count())

    def all_ids(self) -> set[str]:
        ids: set[str] = set()
        with _server_errors(self.url):
            total = self.collection.count()
            for offset in range(0, total, 5000):
                ids.update(self.collection.get(include=[], limit=5000, offset=offset)["ids"])
        return ids
