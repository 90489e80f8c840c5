"""The layout of a chunk's record in Chroma, as llama-index's own `ChromaVectorStore` writes and reads it.

So a stock `VectorStoreIndex.from_vector_store(ChromaVectorStore(chroma_collection=...))` over our collection
gets our chunks back as `TextNode`s with their text and metadata (qa/llama_index.py, README "Use from
llama-index"). What llama-index 0.14 expects (llama_index.core.vector_stores.utils.node_to_metadata_dict,
llama_index.vector_stores.chroma.base):

- the chunk's text is the Chroma *document*;
- the metadata holds the node's own metadata (flat: str, int or float values), plus `_node_content` (the
  node serialised as JSON, its text left empty), `_node_type` ("TextNode") and the id of the document it
  comes from under `document_id`, `doc_id` and `ref_doc_id` (Chroma, Pinecone/Qdrant/Redis and Weaviate
  spellings; llama-index writes all three).

The store never imports llama-index (only qa/llama_index.py and qa/llm/ do): this module writes that JSON
itself, and tests/test_llama_index.py checks that llama-index reads from it the very node (and the same
metadata keys) its own writer would store for that chunk.

The node's metadata: `file` (the path relative to the folder it was indexed from, as in the Answer record),
`document` (its identity, source/path: store.identity), `source` (the source label), `start` and `end`
(character offsets into the document's indexed text) and `page` (1-based, PDFs only; absent otherwise).
"""

from __future__ import annotations

import json
from typing import Any

from store.chunking import Chunk
from store.identity import label_of, relative_path

NODE_CONTENT = "_node_content"  # the key whose presence marks a record written in this layout
NODE_TYPE = "TextNode"
_DOCUMENT_TYPE = "4"  # llama_index.core.schema.ObjectType.DOCUMENT: the node's source is a document
_REF_DOC_KEYS = ("document_id", "doc_id", "ref_doc_id")
# The vectors were made from the chunk's text alone, so an embedding through llama-index sees no metadata
# (every key is excluded from it); an LLM sees which document (and page) a passage comes from, nothing else.
LLM_VISIBLE = ("document", "page")


def excluded_keys(metadata: dict[str, Any]) -> tuple[list[str], list[str]]:
    """The node's `excluded_embed_metadata_keys` and `excluded_llm_metadata_keys` for `metadata`."""
    return list(metadata), [key for key in metadata if key not in LLM_VISIBLE]


def node_metadata(chunk: Chunk, page: int | None = None) -> dict[str, str | int]:
    """The node's own metadata of `chunk` (`chunk.file` is the document's identity)."""
    metadata: dict[str, str | int] = {
        "file": relative_path(chunk.file),
        "document": chunk.file,
        "source": label_of(chunk.file),
        "start": chunk.start,
        "end": chunk.end,
    }
    if page is not None:
        metadata["page"] = int(page)
    return metadata


def chroma_metadata(chunk: Chunk, page: int | None = None) -> dict[str, Any]:
    """The Chroma metadata of `chunk` in llama-index's layout (its text goes in the record's document)."""
    metadata = node_metadata(chunk, page)
    embed_excluded, llm_excluded = excluded_keys(metadata)
    # Only what differs from a TextNode's defaults: llama-index validates the JSON into a TextNode, which
    # fills in the rest (its own writer dumps every field; the shorter form is about 300 bytes less per
    # chunk, and Chroma stores each metadata string twice: the value and its index).
    node = {
        "id_": chunk.chunk_id,
        "metadata": dict(metadata),
        "excluded_embed_metadata_keys": embed_excluded,
        "excluded_llm_metadata_keys": llm_excluded,
        "relationships": {"1": {"node_id": chunk.file, "node_type": _DOCUMENT_TYPE}},  # 1: SOURCE
        "start_char_idx": chunk.start,
        "end_char_idx": chunk.end,
    }
    record: dict[str, Any] = {**metadata, NODE_CONTENT: json.dumps(node, ensure_ascii=False)}
    record["_node_type"] = NODE_TYPE
    record.update(dict.fromkeys(_REF_DOC_KEYS, chunk.file))
    return record


def has_layout(metadata: dict[str, Any] | None) -> bool:
    """Whether a stored record was written in this layout (earlier ones held only file, start, end)."""
    return bool(metadata) and NODE_CONTENT in metadata  # type: ignore[operator]
