"""The Chroma vector store (embedded or a `chroma run` server): one collection in cosine space.

Used through chromadb's own collection API: ids, embeddings, each chunk's text as the record's document
and its metadata in llama-index's layout (store/node_layout.py: file, document, start, end, page, plus the
node JSON), so a stock llama-index `ChromaVectorStore` reads our collection; no embedding function
(chromadb's default one would try to download a model). Records written before that layout held only
file, start and end and no document: `relayout` rewrites them (store/migrate.py). Without the layout
(`QA_CHROMA_LLAMA_INDEX=false`: about 5 KB less per chunk) a record holds the node's metadata alone.

Every chromadb failure (opening, querying, writing; embedded or server) becomes one StoreError line: a
damaged embedded store (e.g. `InternalError: Failed to apply logs to the hnsw segment writer`) points to
`qa check` and `qa ingest --repair`, which rebuilds the vectors from the manifest.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import numpy as np

from store.chunking import Chunk
from store.errors import StoreError
from store.node_layout import chroma_metadata, has_layout, node_metadata

REPAIR_HINT = (
    "run `qa check` to see what is out of step; `qa ingest --repair` re-embeds missing vectors, or rebuilds "
    "an unreadable Chroma folder from the manifest"
)
_NOT_FAILURES = (KeyboardInterrupt, SystemExit, GeneratorExit)


def _failure_line(action: str, exc: BaseException) -> str:
    text = " ".join(f"{type(exc).__name__}: {exc}".split())
    return f"Chroma failed while {action}: {text}"[:300]


def _chroma_client(persist_dir: Path, url: str | None) -> Any:
    import chromadb  # ~0.7 s of imports: only when an index is opened

    settings = chromadb.Settings(anonymized_telemetry=False, allow_reset=False)
    if not url:
        persist_dir.mkdir(parents=True, exist_ok=True)
        try:
            return chromadb.PersistentClient(path=str(persist_dir), settings=settings)
        except BaseException as exc:
            if isinstance(exc, _NOT_FAILURES):
                raise
            raise StoreError(_failure_line(f"opening {persist_dir}", exc), REPAIR_HINT) from exc
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
def _store_errors(url: str | None, action: str) -> Iterator[None]:
    """Any chromadb failure inside the block as one StoreError line. A server that went away after the
    index was opened (a raw httpx error) gets the same line as a server down at start; anything else
    (a damaged embedded store, a Rust panic of its bindings) points to the check and repair."""
    try:
        yield
    except StoreError:
        raise
    except BaseException as exc:
        if isinstance(exc, _NOT_FAILURES):
            raise
        if url:
            import httpx

            if isinstance(exc, httpx.TransportError):  # refused, reset, timed out
                raise StoreError(
                    f"lost the Chroma server at {url}: {type(exc).__name__}: {exc}".splitlines()[0],
                    "restart it with `chroma run` or unset QA_CHROMA_URL",
                ) from exc
        raise StoreError(_failure_line(action, exc), REPAIR_HINT) from exc


# Chroma's HNSW explores max(ef_search, n_results) candidates, ef_search being 100, over a graph it rebuilds
# when a process opens a collection written by several ingests: the 60 nearest of 420 chunks differed
# between two processes for 45 of 48 questions. Asked for 400 and cut to k: for none (docs/retrieval.md).
# Costs about 8 ms more per question at 100k chunks.
SEARCH_BREADTH = 400


class VectorStore:
    """One Chroma collection in cosine space."""

    def __init__(self, name: str, persist_dir: Path, url: str | None, node_layout: bool = True) -> None:
        self.url = url
        self.name = name
        self.node_layout = node_layout  # records in llama-index's layout (with the text), or metadata alone
        self.client = _chroma_client(persist_dir, url)
        with _store_errors(url, f"opening collection {name}"):
            self.collection = self.client.get_or_create_collection(
                name, metadata={"hnsw:space": "cosine"}, embedding_function=None
            )
            self._max_batch = max(1, int(self.client.get_max_batch_size()))

    def add(
        self,
        chunks: Sequence[Chunk],
        vectors: np.ndarray | Sequence[Sequence[float]],
        pages: Sequence[int | None] | None = None,
    ) -> None:
        """One write per batch (split only at Chroma's own batch limit). `pages`: the page of each chunk's
        start (PDFs), None for formats without pages."""
        self._write(self.collection.add, "writing vectors", chunks, vectors, pages)

    def relayout(
        self,
        chunks: Sequence[Chunk],
        vectors: np.ndarray | Sequence[Sequence[float]],
        pages: Sequence[int | None] | None = None,
    ) -> None:
        """Rewrite the records of `chunks` (present in the collection) in the current layout, their vectors
        unchanged (Chroma would embed a new document itself unless it is given the vector with it)."""
        self._write(self.collection.update, "rewriting vector metadata", chunks, vectors, pages)

    def _write(
        self,
        method: Callable[..., Any],
        action: str,
        chunks: Sequence[Chunk],
        vectors: np.ndarray | Sequence[Sequence[float]],
        pages: Sequence[int | None] | None,
    ) -> None:
        matrix = np.asarray(vectors, dtype=np.float32)
        page_list = list(pages) if pages is not None else [None] * len(chunks)
        with _store_errors(self.url, action):
            for start in range(0, len(chunks), self._max_batch):
                part = chunks[start : start + self._max_batch]
                ids, embeddings = [c.chunk_id for c in part], matrix[start : start + len(part)]
                if not self.node_layout:
                    metadatas = [node_metadata(c, p) for c, p in zip(part, page_list[start:])]
                    method(ids=ids, embeddings=embeddings, metadatas=metadatas)
                    continue
                metadatas = [chroma_metadata(c, p) for c, p in zip(part, page_list[start:])]
                method(ids=ids, embeddings=embeddings, metadatas=metadatas, documents=[c.text for c in part])

    def without_layout(self, ids: list[str]) -> list[str]:
        """Those of `ids` present in the collection whose record predates the current layout."""
        with _store_errors(self.url, "reading vector metadata"):
            found = self.collection.get(ids=ids, include=["metadatas"])
        return [i for i, m in zip(found["ids"], found["metadatas"]) if not has_layout(m)]

    def query(self, vector: Sequence[float] | np.ndarray, k: int) -> list[tuple[str, float]]:
        """(id, cosine) of the k nearest vectors, nearest first (ties by id)."""
        # no count() first: it cost 62 ms per query at 1M chunks (the search itself 2 ms), and Chroma answers
        # an empty collection, or k above its size, with what it has
        with _store_errors(self.url, "searching"):
            result = self.collection.query(
                query_embeddings=np.asarray([vector], dtype=np.float32),
                n_results=max(k, SEARCH_BREADTH),
                include=["distances"],
            )
        # cosine space: distance = 1 - cos
        found = sorted(zip(result["distances"][0], result["ids"][0]))[:k]
        return [(i, 1.0 - float(d)) for d, i in found]

    def delete(self, ids: list[str]) -> None:
        with _store_errors(self.url, "deleting vectors"):
            for start in range(0, len(ids), 1000):
                self.collection.delete(ids=ids[start : start + 1000])

    def count(self) -> int:
        with _store_errors(self.url, "counting vectors"):
            return int(self.collection.count())

    def all_ids(self) -> set[str]:
        ids: set[str] = set()
        with _store_errors(self.url, "listing vectors"):
            total = self.collection.count()
            for offset in range(0, total, 5000):
                ids.update(self.collection.get(include=[], limit=5000, offset=offset)["ids"])
        return ids

    def vectors_of(self, ids: list[str], collection: str | None = None) -> dict[str, np.ndarray]:
        """The stored vectors of `ids` (those present) of this collection, or of another collection of
        the same store (`collection`: e.g. an older index's, when migrating it); {} if it does not exist."""
        with _store_errors(self.url, "reading vectors"):
            source = self.collection
            if collection is not None:
                names = {getattr(c, "name", c) for c in self.client.list_collections()}
                if collection not in names:
                    return {}
                source = self.client.get_collection(collection, embedding_function=None)
            found = source.get(ids=ids, include=["embeddings"])
            return {i: np.asarray(v, dtype=np.float32) for i, v in zip(found["ids"], found["embeddings"])}

    def drop(self) -> None:
        """Delete this collection (its vectors are made again from the manifest by the caller)."""
        with _store_errors(self.url, f"deleting collection {self.name}"):
            self.client.delete_collection(self.name)
