"""The assistant as llama-index parts, for llama-index pipelines (README, "Use from llama-index").

- `QARetriever`: a `BaseRetriever` over our index and hybrid retriever (qa.retrieve.retriever): each node is a
  `TextNode` of a retrieved passage, its score our fused score.
- `QAQueryEngine`: a query engine whose `Response` is our answer (qa.assistant), its `source_nodes` the cited
  passages and its `metadata` the Answer record.
- `E5Embedding`: our e5 embedder (with its "query: " / "passage: " prefixes) as a `BaseEmbedding`, and
  `chroma_collection`: the Chroma collection `qa ingest` writes. With both, a stock
  `VectorStoreIndex.from_vector_store(ChromaVectorStore(chroma_collection=...), embed_model=...)` reads our
  chunks: the records are in llama-index's own layout (store/node_layout.py).

A node's metadata is the same on every path: `file` (path relative to its folder), `document` (identity,
source/path), `source`, `start`/`end` (character offsets into the document's indexed text) and `page` (PDFs
only); `text[start:end]` of the document is the node's text. This module and qa/llm/ are the only ones that
import llama-index.
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, Any

from llama_index.core.base.base_query_engine import BaseQueryEngine
from llama_index.core.base.embeddings.base import BaseEmbedding
from llama_index.core.base.response.schema import Response
from llama_index.core.bridge.pydantic import PrivateAttr
from llama_index.core.callbacks import CallbackManager
from llama_index.core.retrievers import BaseRetriever
from llama_index.core.schema import (
    NodeRelationship,
    NodeWithScore,
    ObjectType,
    QueryBundle,
    RelatedNodeInfo,
    TextNode,
)

from qa.errors import InputError
from qa.records import Answer, Passage
from qa.settings import Settings, get_settings
from store.chunking import Chunk
from store.node_layout import excluded_keys, node_metadata

if TYPE_CHECKING:
    from qa.assistant import Assistant
    from store.index import Index

__all__ = ["E5Embedding", "QAQueryEngine", "QARetriever", "chroma_collection", "passage_node"]


def passage_node(passage: Passage, page: int | None = None, **extra: str | int | float) -> TextNode:
    """A retrieved passage as a TextNode: the id, text and metadata the Chroma record of its chunk holds
    (store/node_layout.py), plus the best sentence's span and any `extra` metadata."""
    chunk = Chunk(passage.document, 0, passage.start, passage.end, passage.text)
    metadata: dict[str, Any] = node_metadata(chunk, page)
    metadata |= {"sentence_start": passage.sentence_start, "sentence_end": passage.sentence_end, **extra}
    embed_excluded, llm_excluded = excluded_keys(metadata)
    return TextNode(
        id_=chunk.chunk_id,
        text=passage.text,
        metadata=metadata,
        excluded_embed_metadata_keys=embed_excluded,
        excluded_llm_metadata_keys=llm_excluded,
        start_char_idx=passage.start,
        end_char_idx=passage.end,
        relationships={
            NodeRelationship.SOURCE: RelatedNodeInfo(node_id=passage.document, node_type=ObjectType.DOCUMENT)
        },
    )


class E5Embedding(BaseEmbedding):
    """Our embedder (store.embedder: the packaged e5, native engine or torch) as a llama-index embedding.
    It adds the "query: " / "passage: " prefixes the index was built with and reads text as ingest did."""

    _embedder: Any = PrivateAttr()

    def __init__(self, embedder: Any, **kwargs: Any) -> None:
        kwargs.setdefault("model_name", str(getattr(embedder, "model_name", "multilingual-e5-small")))
        super().__init__(**kwargs)
        self._embedder = embedder

    @classmethod
    def from_settings(cls, settings: Settings | None = None, **kwargs: Any) -> E5Embedding:
        """The embedder the index of `settings` (default: the effective settings) was built with."""
        from qa.open_index import index_config
        from store.index import config_embedder

        embedder, _ = config_embedder(index_config(settings or get_settings()))
        return cls(embedder, **kwargs)

    @classmethod
    def class_name(cls) -> str:
        return "QAE5Embedding"

    def _get_query_embedding(self, query: str) -> list[float]:
        return self._embedder.embed_query(query).tolist()

    async def _aget_query_embedding(self, query: str) -> list[float]:
        return await asyncio.to_thread(self._get_query_embedding, query)

    def _get_text_embedding(self, text: str) -> list[float]:
        return self._embedder.embed_passages([text])[0].tolist()

    def _get_text_embeddings(self, texts: list[str]) -> list[list[float]]:
        return [vector.tolist() for vector in self._embedder.embed_passages(texts)] if texts else []


def chroma_collection(settings: Settings | None = None) -> Any:
    """The Chroma collection `qa ingest` writes for `settings` (opening the index first, so records of an
    earlier layout are rewritten in llama-index's: store/migrate.py)."""
    from qa.open_index import open_index

    index = open_index(settings or get_settings())
    try:
        return index.vectors.collection
    finally:
        index.close()  # the manifest; the collection keeps its own Chroma client


class QARetriever(BaseRetriever):
    """Our hybrid retriever (dense + BM25 + best sentence, fused; qa.retrieve) as a llama-index retriever.

    `k`: passages per query (default: the `top_k` setting); `mode`: hybrid, dense or bm25. `index`: an open
    index to share (default: the index of `settings`, opened here). The index is the one `qa ingest` wrote;
    an empty one gets the default corpus first, as `qa ask` does."""

    def __init__(
        self,
        settings: Settings | None = None,
        *,
        k: int | None = None,
        mode: str = "hybrid",
        index: Index | None = None,
        callback_manager: CallbackManager | None = None,
    ) -> None:
        from qa.open_index import open_index
        from qa.retrieve.retriever import MODES, Retriever

        if mode not in MODES:
            raise InputError(f"unknown retrieval mode {mode!r}", f"choose one of: {', '.join(MODES)}")
        if k is not None and not 1 <= k <= 50:
            raise InputError(f"k must be between 1 and 50, not {k}", "ask for fewer passages")
        self.settings = settings or get_settings()
        self.k = k
        self.mode = mode
        self._owns_index = index is None
        self.index = index or open_index(self.settings)
        self._retriever = Retriever(self.index, self.settings)
        super().__init__(callback_manager=callback_manager)

    def close(self) -> None:
        if self._owns_index:
            self.index.close()

    def _retrieve(self, query_bundle: QueryBundle) -> list[NodeWithScore]:
        from qa.assistant import clean_question
        from qa.open_index import ensure_indexed

        question = clean_question(query_bundle.query_str)
        ensure_indexed(self.index, self.settings)
        retrieval = self._retriever.retrieve(question, k=self.k, mode=self.mode)  # type: ignore[arg-type]
        return [
            NodeWithScore(node=passage_node(p, self.index.page_of(p.document, p.start)), score=p.score)
            for p in retrieval.passages
        ]

    async def _aretrieve(self, query_bundle: QueryBundle) -> list[NodeWithScore]:
        return await asyncio.to_thread(self._retrieve, query_bundle)


class QAQueryEngine(BaseQueryEngine):
    """The assistant (qa.assistant.Assistant.ask) as a llama-index query engine. The Response's text is our
    answer with its [n] markers, `source_nodes` the passages it cites (metadata `citation` = n and the
    cited sentence's `cited_start`/`cited_end`/`cited_page`), `metadata` the Answer record as a dict
    (`Answer.model_validate(response.metadata)` gives it back).

    `backend`, `mode`, `lang`, `k`: as `qa ask` takes them (default: the settings). `assistant`: one to
    share (default: a new one over the index of `settings`)."""

    def __init__(
        self,
        settings: Settings | None = None,
        *,
        backend: str | None = None,
        mode: str | None = None,
        lang: str | None = None,
        k: int | None = None,
        assistant: Assistant | None = None,
        callback_manager: CallbackManager | None = None,
    ) -> None:
        from qa.assistant import Assistant

        self.settings = settings or get_settings()
        self.backend, self.mode, self.lang, self.k = backend, mode, lang, k
        self._owns_assistant = assistant is None
        self.assistant = assistant or Assistant(self.settings)
        super().__init__(callback_manager=callback_manager)

    def close(self) -> None:
        if self._owns_assistant:
            self.assistant.close()
            self.assistant.index.close()

    def _get_prompt_modules(self) -> dict[str, Any]:
        return {}  # the prompts are files (prompts/), not llama-index prompt templates

    def _query(self, query_bundle: QueryBundle) -> Response:
        answer = self.assistant.ask(
            query_bundle.query_str, lang=self.lang, backend=self.backend, k=self.k, mode=self.mode
        )
        return answer_response(answer, self.assistant.index)

    async def _aquery(self, query_bundle: QueryBundle) -> Response:
        return await asyncio.to_thread(self._query, query_bundle)


def answer_response(answer: Answer, index: Index | None = None) -> Response:
    """An Answer as a llama-index Response: the cited passages as source nodes, the record as metadata."""
    nodes: list[NodeWithScore] = []
    for citation in sorted(answer.citations, key=lambda c: c.n):
        if not 1 <= citation.n <= len(answer.passages):
            continue
        passage = answer.passages[citation.n - 1]
        page = index.page_of(passage.document, passage.start) if index is not None else None
        cited: dict[str, str | int | float] = {
            "citation": citation.n,
            "cited_start": citation.start,
            "cited_end": citation.end,
        }
        if citation.page is not None:
            cited["cited_page"] = citation.page
        nodes.append(NodeWithScore(node=passage_node(passage, page, **cited), score=passage.score))
    return Response(response=answer.answer, source_nodes=nodes, metadata=answer.model_dump(mode="json"))
