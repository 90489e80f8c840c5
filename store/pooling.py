"""Pooling shared by both embedding engines (sentence-transformers in store.embedder, the native one in
store.e5_native): unit rows, mean vectors of token ranges, and the text the model reads. Its own module so the
two engines import it instead of each other."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from store.arabic import strip_diacritics


@dataclass
class ChunkVectors:
    """Unit vectors of a batch of chunks and, per chunk, of the sentence spans asked for."""

    chunks: np.ndarray  # [n, dim]
    sentences: list[np.ndarray]  # sentences[i]: [len(spans[i]), dim]


def unit_rows(matrix: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return (matrix / np.maximum(norms, 1e-12)).astype(np.float32)


def pool_ranges(hidden: np.ndarray, ranges: list[tuple[int, int]]) -> np.ndarray:
    """Unit mean vectors of the token rows [a, b) of `hidden` ([tokens, dim]); an empty range (text cut
    off by truncation) falls back to the whole sequence's mean."""
    sums = np.zeros((hidden.shape[0] + 1, hidden.shape[1]), dtype=np.float64)
    np.cumsum(hidden, axis=0, out=sums[1:])
    rows = []
    for a, b in ranges:
        a, b = (a, b) if b > a else (0, hidden.shape[0])
        rows.append((sums[b] - sums[a]) / (b - a))
    return unit_rows(np.asarray(rows, dtype=np.float32).reshape(len(rows), hidden.shape[1]))


def model_view(text: str, spans: list[tuple[int, int]], strip: bool) -> tuple[str, list[tuple[int, int]]]:
    """The text the model reads (Arabic diacritics removed when `strip`) and `spans` mapped into it."""
    if not strip or strip_diacritics(text) == text:
        return text, spans
    kept = np.fromiter((bool(strip_diacritics(ch)) for ch in text), dtype=bool, count=len(text))
    offset = np.concatenate(([0], np.cumsum(kept)))
    return strip_diacritics(text), [(int(offset[a]), int(offset[b])) for a, b in spans]
