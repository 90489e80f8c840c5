"""The vectors of one ingest batch: each chunk's vector and its sentences' vectors (for best-sentence ranking
and citations), either pooled from the chunk's own forward pass or each sentence embedded on its own.

A sentence that two overlapping chunks share is stored once (its first occurrence); sentence vectors are
kept as float16 bytes, as the manifest stores them.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

import numpy as np

from store.chunking import Chunk, Span
from store.pooling import ChunkVectors

# (document, span, float16 vector bytes) of each sentence of a batch, as Manifest.add_chunks takes them
SentenceVectors = list[tuple[str, Span, bytes]]


class PassageEmbedder(Protocol):
    """What ingest needs of an embedder (store.embedder.Embedder, store.e5_native.NativeE5Embedder)."""

    def embed_passages(self, texts: list[str]) -> np.ndarray: ...

    def embed_chunks(self, texts: list[str], spans: list[list[tuple[int, int]]]) -> ChunkVectors: ...


def embed_batch(
    embedder: PassageEmbedder, chunks: list[Chunk], spans: list[list[Span]], sentence_vectors: str
) -> tuple[np.ndarray, SentenceVectors]:
    """Chunk vectors and the batch's sentence vectors (first occurrence of each sentence).
    `sentence_vectors`: "pooled" (from the chunk's pass) or "separate" (a second pass)."""
    if not chunks:
        return np.zeros((0, 0), np.float32), []
    wanted: dict[tuple[str, int, int], tuple[int, int]] = {}  # sentence -> (chunk, position)
    for i, (chunk, chunk_spans) in enumerate(zip(chunks, spans)):
        for j, span in enumerate(chunk_spans):
            wanted.setdefault((chunk.file, span.start, span.end), (i, j))
    if sentence_vectors == "pooled":
        relative = [
            [(s.start - c.start, s.end - c.start) for s in chunk_spans]
            for c, chunk_spans in zip(chunks, spans)
        ]
        result = embedder.embed_chunks([c.text for c in chunks], relative)
        chunk_vectors = result.chunks
        vectors = [result.sentences[i][j] for i, j in wanted.values()]
    else:  # each sentence embedded on its own, a second pass (the former method)
        chunk_vectors = embedder.embed_passages([c.text for c in chunks])
        vectors = separate_sentence_vectors(embedder, chunks, spans, list(wanted.values()), chunk_vectors)
    sentences = [
        (file, Span(start, end), np.asarray(vec, dtype=np.float16).tobytes())
        for (file, start, end), vec in zip(wanted, vectors)
    ]
    return np.asarray(chunk_vectors, dtype=np.float32), sentences


def separate_sentence_vectors(
    embedder: PassageEmbedder,
    chunks: list[Chunk],
    spans: list[list[Span]],
    where: list[tuple[int, int]],
    chunk_vectors: Sequence[np.ndarray],
) -> list[np.ndarray]:
    """Each sentence (chunk i, position j) embedded on its own; a sentence that is its whole chunk (a
    long news sentence often is) takes the chunk's vector: the same text gives the same vector, and
    the second pass shrinks (43% of the seeds' sentence text)."""
    vectors: list[np.ndarray | None] = [None] * len(where)
    texts, slots = [], []
    for n, (i, j) in enumerate(where):
        chunk, span = chunks[i], spans[i][j]
        if span.start == chunk.start and span.end == chunk.end:
            vectors[n] = chunk_vectors[i]
        else:
            texts.append(chunk.text[span.start - chunk.start : span.end - chunk.start])
            slots.append(n)
    for n, vector in zip(slots, embedder.embed_passages(texts) if texts else []):
        vectors[n] = vector
    return vectors  # type: ignore[return-value]  # every slot is filled above
