"""BM25 over normalised, stemmed Arabic terms. Built in memory from the manifest's stored terms."""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable


class BM25:
    """Okapi BM25 with an inverted index; documents are added/removed by id so ingest stays incremental."""

    def __init__(self, k1: float = 1.4, b: float = 0.75) -> None:
        self.k1, self.b = k1, b
        self._postings: dict[str, dict[str, int]] = defaultdict(dict)
        self._lengths: dict[str, int] = {}
        self._doc_terms: dict[str, tuple[str, ...]] = {}
        self._total_length = 0

    def __len__(self) -> int:
        return len(self._lengths)

    def add(self, doc_id: str, terms: Iterable[str]) -> None:
        if doc_id in self._lengths:
            self.remove(doc_id)
        counts = Counter(terms)
        for term, tf in counts.items():
            self._postings[term][doc_id] = tf
        length = sum(counts.values())
        self._doc_terms[doc_id] = tuple(counts)
        self._lengths[doc_id] = length
        self._total_length += length

    def remove(self, doc_id: str) -> None:
        length = self._lengths.pop(doc_id, None)
        if length is None:
            return
        self._total_length -= length
        for term in self._doc_terms.pop(doc_id):
            del self._postings[term][doc_id]
            if not self._postings[term]:
                del self._postings[term]

    def search(self, terms: Iterable[str], k: int) -> list[tuple[str, float]]:
        """The `k` best (doc_id, score) pairs, best first."""
        if not self._lengths:
            return []
        n_docs = len(self._lengths)
        avg_len = self._total_length / n_docs or 1.0
        scores: dict[str, float] = defaultdict(float)
        for term, q_tf in Counter(terms).items():
            docs = self._postings.get(term)
            if not docs:
                continue
            idf = math.log(1 + (n_docs - len(docs) + 0.5) / (len(docs) + 0.5))
            for doc_id, tf in docs.items():
                norm = tf + self.k1 * (1 - self.b + self.b * self._lengths[doc_id] / avg_len)
                scores[doc_id] += q_tf * idf * tf * (self.k1 + 1) / norm
        return sorted(scores.items(), key=lambda item: (-item[1], item[0]))[:k]
