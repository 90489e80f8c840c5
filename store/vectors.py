"""The Chroma vector store (embedded or server), through llama-index's ChromaVectorStore."""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from store.chunking import Chunk
from store.errors import StoreError


def _chroma_client(persist_dir: Path, url: str | None) -> Any:
    import chromadb

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
    import httpx

    try:
        yield
    except httpx.TransportError as exc:  # refused, reset, timed out
        raise StoreError(
            f"lost the Chroma server at {url}: {type(exc).__name__}: {exc}".splitlines()[0],
            "restart it with `chroma run` or unset QA_CHROMA_URL",
        ) from exc


class VectorStore:
    """One Chroma collection in cosine space, used through llama-index's ChromaVectorStore."""

    def __init__(self, name: str, persist_dir: Path, url: str | None) -> None:
        from llama_index.vector_stores.chroma import ChromaVectorStore

        self.url = url
        client = _chroma_client(persist_dir, url)
        try:
            # No embedding_function: chromadb's default one would try to download a model.
            self.collection = client.get_or_create_collection(
                name, metadata={"hnsw:space": "cosine"}, embedding_function=None
            )
        except Exception as exc:
            raise StoreError(
                f"cannot open Chroma collection {name}: {exc}".splitlines()[0],
                "check QA_DATA_DIR / QA_CHROMA_URL",
            ) from exc
        self.store = ChromaVectorStore(chroma_collection=self.collection)

    def add(self, chunks: list[Chunk], vectors: Sequence[Sequence[float]]) -> None:
        from llama_index.core.schema import TextNode

        nodes = [
            TextNode(
                id_=chunk.chunk_id,
                text=chunk.text,
                embedding=[float(x) for x in vector],
                metadata={"file": chunk.file, "start": chunk.start, "end": chunk.end},
                excluded_embed_metadata_keys=["file", "start", "end"],
            )
            for chunk, vector in zip(chunks, vectors)
        ]
        if nodes:
            with _server_errors(self.url):
                self.store.add(nodes)

    def query(self, vector: list[float], k: int) -> list[tuple[str, float]]:
        from llama_index.core.vector_stores.types import VectorStoreQuery

        with _server_errors(self.url):
            if self.collection.count() == 0:
                return []
            result = self.store.query(VectorStoreQuery(query_embedding=vector, similarity_top_k=k))
        # ChromaVectorStore reports exp(-distance); in cosine space distance = 1 - cos.
        return [
            (i, 1.0 + math.log(max(s, 1e-12))) for i, s in zip(result.ids or [], result.similarities or [])
        ]

    def delete(self, ids: list[str]) -> None:
        with _server_errors(self.url):
            for start in range(0, len(ids), 1000):
                self.collection.delete(ids=ids[start : start + 1000])

    def all_ids(self) -> set[str]:
        ids: set[str] = set()
        with _server_errors(self.url):
            total = self.collection.count()
            for offset in range(0, total, 5000):
                ids.update(self.collection.get(include=[], limit=5000, offset=offset)["ids"])
        return ids
