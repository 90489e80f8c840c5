"""Hybrid retrieval: dense (e5) + BM25 over normalised Arabic terms, fused by weighted RRF,
near-duplicates collapsed, a per-file cap for diversity, and each passage's best sentence."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Literal

import numpy as np

from qa.records import Passage
from qa.settings import Settings
from store.arabic import lexical_tokens, tokenise
from store.chunking import Span
from store.index import Index
from store.manifest import StoredChunk

Mode = Literal["hybrid", "dense", "bm25"]
MODES: tuple[Mode, ...] = ("dense", "bm25", "hybrid")


# A passage's sentence spans with their unit e5 vectors, as the index stores them.
SentenceVectors = list[tuple[Span, np.ndarray]]


@dataclass
class Retrieval:
    passages: list[Passage]
    best_dense: float  # highest cosine among dense hits; -1 when the dense leg did not run
    seconds: float
    # sentences[i] belongs to passages[i]: read once for best-sentence ranking, reused by the answer
    # stage (citation checks, evidence ranking) instead of a second read of the manifest
    sentences: list[SentenceVectors] = field(default_factory=list)
    query_vector: np.ndarray | None = None


def fuse_rankings(rankings: list[tuple[list[str], float]], k: int) -> dict[str, float]:
    """Weighted reciprocal-rank fusion: sum of weight / (k + rank) over the lists an id appears in."""
    fused: dict[str, float] = {}
    for ids, weight in rankings:
        for rank, chunk_id in enumerate(ids, start=1):
            fused[chunk_id] = fused.get(chunk_id, 0.0) + weight / (k + rank)
    return fused


def _jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


def diversify(
    ordered: list[StoredChunk], top_k: int, max_per_file: int, dup: float = 0.6
) -> list[StoredChunk]:
    """Take chunks in order, skipping near-duplicates of taken ones and files already at their cap.
    If caps leave fewer than `top_k`, fill with the skipped non-duplicates (a one-file corpus)."""
    chosen: list[StoredChunk] = []
    held: list[StoredChunk] = []
    term_sets: list[set[str]] = []
    per_file: dict[str, int] = {}
    for chunk in ordered:
        terms = set(tokenise(chunk.text))
        if any(_jaccard(terms, seen) >= dup for seen in term_sets):
            continue
        if per_file.get(chunk.file, 0) >= max_per_file:
            held.append(chunk)
            continue
        chosen.append(chunk)
        term_sets.append(terms)
        per_file[chunk.file] = per_file.get(chunk.file, 0) + 1
        if len(chosen) == top_k:
            return chosen
    return chosen + held[: top_k - len(chosen)]


@dataclass(frozen=True)
class SentenceMatch:
    start: int
    end: int
    score: float


class Retriever:
    def __init__(self, index: Index, settings: Settings) -> None:
        self.index = index
        self.settings = settings

    def retrieve(
        self, question: str, k: int | None = None, mode: Mode = "hybrid", lexical_query: str | None = None
    ) -> Retrieval:
        """Top-k passages for `question`. `lexical_query` (e.g. an Arabic translation) feeds BM25 instead.

        Hybrid fuses three rankings: chunk embeddings (dense), BM25, and the candidates' best sentence
        (a chunk holding one sentence that answers the question beats a chunk that is vaguely on topic)."""
        started = time.perf_counter()
        s = self.settings
        query_vec = self.index.embed_query(question)
        dense = self.index.dense_search_vector(query_vec, s.candidates) if mode != "bm25" else []
        lexical = (
            self.index.lexical_search(lexical_query or question, s.candidates) if mode != "dense" else []
        )
        stored = self.index.chunks(list(dict.fromkeys([i for i, _ in dense] + [i for i, _ in lexical])))
        vectors = {i: self.index.sentences(c.file, c.start, c.end) for i, c in stored.items()}
        best = {i: best_sentence(chunk, vectors[i], query_vec, question) for i, chunk in stored.items()}
        rankings = [([i for i, _ in dense], s.dense_weight), ([i for i, _ in lexical], s.bm25_weight)]
        if mode == "hybrid":
            rankings.append((sorted(best, key=lambda i: -best[i].score), s.sentence_weight))
        fused = fuse_rankings(rankings, s.rrf_k)
        ordered = [stored[i] for i in sorted(fused, key=lambda i: -fused[i]) if i in stored]
        chosen = diversify(ordered, k or s.top_k, s.max_per_file)
        cosines = dict(dense)
        passages = [self._passage(c, fused[c.id], cosines.get(c.id), best[c.id]) for c in chosen]
        top = max(cosines.values()) if cosines else -1.0
        sentences = [vectors[c.id] for c in chosen]
        return Retrieval(passages, top, time.perf_counter() - started, sentences, query_vec)

    @staticmethod
    def _passage(chunk: StoredChunk, score: float, cosine: float | None, best: SentenceMatch) -> Passage:
        return Passage(
            file=chunk.file,
            start=chunk.start,
            end=chunk.end,
            text=chunk.text,
            score=round(score, 6),
            sentence_start=best.start,
            sentence_end=best.end,
            dense=None if cosine is None else round(cosine, 4),
        )


def best_sentence(
    chunk: StoredChunk, sentences: SentenceVectors, query_vec: np.ndarray, question: str
) -> SentenceMatch:
    """The chunk's sentence closest to the question: embedding cosine (cross-lingual) plus a small bonus
    for shared normalised terms (exact names and numbers)."""
    if not sentences:
        return SentenceMatch(chunk.start, chunk.end, 0.0)
    q_terms = set(lexical_tokens(question, ngrams=False))
    best = SentenceMatch(chunk.start, chunk.end, -1.0)
    for span, vec in sentences:
        sentence = chunk.text[span.start - chunk.start : span.end - chunk.start]
        overlap = len(q_terms & set(lexical_tokens(sentence, ngrams=False)))
        score = float(vec @ query_vec) + 0.02 * overlap
        if score > best.score:
            best = SentenceMatch(span.start, span.end, score)
    return best
