"""llama-index over our index, for real: a stock `RetrieverQueryEngine` over `QARetriever`, a stock
`VectorStoreIndex` over the Chroma collection `qa ingest` writes (with our e5 as its embedding), our
`QAQueryEngine`, the record layout against llama-index's own writer, and the migration of records written
before that layout. Real seeds index, real e5 model, real Chroma; `MockLLM` only stands in for the
stock synthesizer's LLM (it echoes the prompt, so the test sees what the synthesizer was given)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from llama_index.core import VectorStoreIndex
from llama_index.core.llms import MockLLM
from llama_index.core.query_engine import RetrieverQueryEngine
from llama_index.core.retrievers import BaseRetriever
from llama_index.core.schema import NodeRelationship, RelatedNodeInfo, TextNode
from llama_index.core.vector_stores.utils import metadata_dict_to_node, node_to_metadata_dict
from llama_index.vector_stores.chroma import ChromaVectorStore

from qa.llama_index import E5Embedding, QAQueryEngine, QARetriever, chroma_collection
from qa.open_index import open_index
from qa.records import Answer
from qa.retrieve import Retriever
from qa.settings import Settings
from store.chunking import Chunk
from store.migrate import CURRENT_LAYOUT, LAYOUT
from store.node_layout import chroma_metadata, has_layout
from tests.conftest import SEEDS, make_settings
from tests.format_samples import write_pdf

QUESTION = "متى سيزور بوتين فيتنام؟"
ANSWER_FILE = "000_786f06b0012ed668.txt"  # "... سيزور فيتنام يومي 19 و20 جوان ..."


def stock_node(chunk: Chunk, page: int | None) -> TextNode:
    """The node a llama-index user would build for this chunk, the way llama-index builds nodes."""
    metadata: dict[str, str | int] = {
        "file": chunk.file.split("/", 1)[1],
        "document": chunk.file,
        "source": chunk.file.split("/", 1)[0],
        "start": chunk.start,
        "end": chunk.end,
    }
    if page is not None:
        metadata["page"] = page
    return TextNode(
        id_=chunk.chunk_id,
        text=chunk.text,
        metadata=metadata,
        excluded_embed_metadata_keys=list(metadata),
        excluded_llm_metadata_keys=[k for k in metadata if k not in ("document", "page")],
        start_char_idx=chunk.start,
        end_char_idx=chunk.end,
        relationships={NodeRelationship.SOURCE: RelatedNodeInfo(node_id=chunk.file, node_type="4")},
    )


@pytest.mark.parametrize("page", [None, 3])
def test_records_read_back_as_the_node_llama_index_writes(page: int | None) -> None:
    chunk = Chunk("seeds/a b/تقرير.txt", 0, 12, 40, "نص المقطع الذي يذكر الزيارة في 19 جوان.")
    ours = chroma_metadata(chunk, page)
    theirs = node_to_metadata_dict(stock_node(chunk, page), remove_text=True, flat_metadata=True)
    assert set(ours) == set(theirs)
    assert {k: v for k, v in ours.items() if k != "_node_content"} == {
        k: v for k, v in theirs.items() if k != "_node_content"
    }
    read = metadata_dict_to_node(ours, text=chunk.text)
    assert read.model_dump() == metadata_dict_to_node(theirs, text=chunk.text).model_dump()
    assert read.ref_doc_id == chunk.file and read.get_content() == chunk.text
    assert chunk.text not in ours["_node_content"]  # the text is the record's document, stored once


def test_stock_query_engine_runs_over_qa_retriever(seeds_settings: Settings, seeds_index) -> None:
    retriever = QARetriever(seeds_settings, k=3, index=seeds_index)
    assert isinstance(retriever, BaseRetriever)
    engine = RetrieverQueryEngine.from_args(retriever, llm=MockLLM())
    response = engine.query(QUESTION)
    ours = Retriever(seeds_index, seeds_settings).retrieve(QUESTION, k=3).passages
    assert [n.score for n in response.source_nodes] == [p.score for p in ours]
    assert len(response.source_nodes) == 3
    for found in response.source_nodes:
        node, meta = found.node, found.node.metadata
        assert isinstance(node, TextNode)
        assert seeds_index.file_text(meta["document"])[meta["start"] : meta["end"]] == node.text
        assert meta["document"] == f"seeds/{meta['file']}" and meta["source"] == "seeds"
        assert "page" not in meta  # .txt files have no pages
        assert node.text in str(response)  # the stock synthesizer was given our passages
    assert ANSWER_FILE in [n.node.metadata["file"] for n in response.source_nodes]


def test_stock_vector_store_index_reads_our_collection(seeds_settings: Settings, seeds_index) -> None:
    store = ChromaVectorStore(chroma_collection=chroma_collection(seeds_settings))
    index = VectorStoreIndex.from_vector_store(store, embed_model=E5Embedding.from_settings(seeds_settings))
    found = index.as_retriever(similarity_top_k=3).retrieve(QUESTION)
    assert len(found) == 3
    assert found[0].node.metadata["file"] == ANSWER_FILE  # the chunk of the Vietnam sentence
    stored = seeds_index.chunks([n.node.node_id for n in found])
    for hit in found:
        node = hit.node
        assert node.text == stored[node.node_id].text
        assert node.ref_doc_id == node.metadata["document"] == stored[node.node_id].file
        assert (node.start_char_idx, node.end_char_idx) == (node.metadata["start"], node.metadata["end"])
    answer = index.as_query_engine(llm=MockLLM(), similarity_top_k=2).query(QUESTION)
    assert "19 و20 جوان" in str(answer)


def test_qa_query_engine_gives_our_cited_answer(seeds_settings: Settings) -> None:
    engine = QAQueryEngine(seeds_settings, backend="extractive")
    try:
        response = engine.query(QUESTION)
    finally:
        engine.close()
    answer = Answer.model_validate(response.metadata)
    assert not answer.refused and answer.citations
    assert response.response == answer.answer and "19" in response.response
    cited = [n.node.metadata for n in response.source_nodes]
    assert [m["citation"] for m in cited] == sorted(c.n for c in answer.citations)
    assert any(m["file"] == ANSWER_FILE for m in cited)
    for meta, citation in zip(cited, sorted(answer.citations, key=lambda c: c.n)):
        assert meta["start"] <= meta["cited_start"] < meta["cited_end"] <= meta["end"]
        assert (meta["cited_start"], meta["cited_end"]) == (citation.start, citation.end)


def test_pdf_records_and_nodes_carry_their_page(tmp_path: Path) -> None:
    folder = tmp_path / "reports"
    folder.mkdir()
    text = (SEEDS / "003_08a461d4136db840.txt").read_text(encoding="utf-8")
    write_pdf(text, "مناورات", folder / "manoeuvres.pdf")
    settings = make_settings(tmp_path / "data")
    index = open_index(settings)
    try:
        index.ingest(folder)
        records = index.vectors.collection.get(include=["metadatas", "documents"])
        pages = [m["page"] for m in records["metadatas"]]
        assert pages == [index.page_of(m["document"], m["start"]) for m in records["metadatas"]]
        assert min(pages) == 1 and max(pages) >= 2
        nodes = QARetriever(settings, k=2, index=index).retrieve("كم سفينة تشارك في المناورات؟")
        assert all(n.node.metadata["page"] >= 1 for n in nodes)
    finally:
        index.close()


def test_records_of_the_earlier_layout_are_rewritten_once(tmp_path: Path, corpus: Path) -> None:
    settings = make_settings(tmp_path / "data")
    index = open_index(settings)
    index.ingest(corpus)
    stored = {c.id: c for batch in index.manifest.chunks_in_order() for _, c in batch}
    vectors = index.vectors.vectors_of(list(stored))
    # the collection as the previous version wrote it: file, start and end only, no text
    index.vectors.collection.delete(ids=list(stored))
    index.vectors.collection.add(
        ids=list(stored),
        embeddings=np.stack([vectors[i] for i in stored]),
        metadatas=[{"file": c.file, "start": c.start, "end": c.end} for c in stored.values()],
    )
    kept = [Chunk(c.file, 0, c.start, c.end, c.text) for c in list(stored.values())[:5]]
    index.vectors.relayout(kept, [vectors[c.chunk_id] for c in kept])  # as an interrupted run left it
    index.manifest.set_meta(LAYOUT, None)
    index.close()

    notes: list[str] = []
    index = open_index(settings, note=notes.append)
    try:
        assert notes == [
            f"rewrote {len(stored) - 5} vector records with their text and metadata in llama-index's "
            "layout (vectors unchanged)"
        ]
        assert index.manifest.meta(LAYOUT) == CURRENT_LAYOUT
        records = index.vectors.collection.get(include=["metadatas", "documents", "embeddings"])
        for i, meta, text, vector in zip(
            records["ids"], records["metadatas"], records["documents"], records["embeddings"]
        ):
            assert has_layout(meta) and text == stored[i].text and meta["document"] == stored[i].file
            assert np.allclose(vector, vectors[i])
    finally:
        index.close()
    notes.clear()
    open_index(settings, note=notes.append).close()
    assert notes == []  # done once


def test_without_the_layout_records_hold_metadata_until_it_is_turned_on(tmp_path: Path, corpus: Path) -> None:
    open_index(make_settings(tmp_path / "data")).close()  # a new index, marked as in the layout
    index = open_index(make_settings(tmp_path / "data", chroma_llama_index=False))
    try:
        index.ingest(corpus)
        records = index.vectors.collection.get(include=["metadatas", "documents"])
        assert records["documents"] == [None] * len(records["ids"])
        assert {frozenset(m) for m in records["metadatas"]} == {
            frozenset({"file", "document", "source", "start", "end"})
        }
        assert index.manifest.meta(LAYOUT) is None
    finally:
        index.close()
    notes: list[str] = []
    settings = make_settings(tmp_path / "data")
    open_index(settings, note=notes.append).close()
    assert notes == [
        f"rewrote {len(records['ids'])} vector records with their text and metadata in llama-index's layout "
        "(vectors unchanged)"
    ]
    store = ChromaVectorStore(chroma_collection=chroma_collection(settings))
    nodes = store.get_nodes(node_ids=records["ids"][:3])
    assert [n.node_id for n in nodes] == records["ids"][:3] and all(n.get_content() for n in nodes)
