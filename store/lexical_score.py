"""Query-time BM25 for store.lexical: decoded postings (cached per segment) and exact max-score top-k.

A query's terms are scored rarest first over all their postings, in stages; after each stage the rest
(the frequent terms) is pruned if it can be: a document's final score is at most its partial score plus,
per remaining term, weight * T / (T + norm(doc)) (T: the term's largest term frequency, norm: the
document's length normalisation), and the threshold is the k-th best *exact* score of the best partial
documents (their remaining terms looked up). Documents whose bound is below the threshold cannot enter
the top k; the others are completed by looking the remaining terms up in the sorted postings of their own
segment only. Everything kept is scored exactly, so the result equals MemoryBM25's (the reference).
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass

import numpy as np

K1, B = 1.4, 0.75
STAGES = (0.05, 0.15, 0.4, 1.0)  # shares of a query's postings scored before trying to prune the rest
EXACT_PROBE = 8  # x k best partial documents scored exactly to set the pruning threshold
SLACK = 1e-9  # relative: bounds compared with a threshold this much lower (float rounding never drops a tie)


@dataclass(frozen=True)
class Postings:
    """A term's postings over all segments (disjoint document ranges: concatenated, they stay sorted)."""

    segments: tuple[int, ...]  # the segment ids they were read from
    docs: np.ndarray  # sorted document numbers
    tfs: np.ndarray
    max_tf: int

    @property
    def nbytes(self) -> int:
        return self.docs.nbytes + self.tfs.nbytes


@dataclass(frozen=True)
class Term:
    weight: float  # q_tf * idf * (K1 + 1): a document gains weight * tf / (tf + norm)
    df: int
    postings: Postings


class PostingCache:
    """Decoded postings by term, least recently used dropped beyond `budget` bytes. Segments are
    immutable, so an entry is right as long as the term's segments are the same ones."""

    def __init__(self, budget: int) -> None:
        self.budget = budget
        self._entries: OrderedDict[str, Postings] = OrderedDict()
        self._bytes = 0

    def get(self, term: str, segments: tuple[int, ...]) -> Postings | None:
        entry = self._entries.get(term)
        if entry is None or entry.segments != segments:
            return None
        self._entries.move_to_end(term)
        return entry

    def put(self, term: str, entry: Postings) -> None:
        if (old := self._entries.pop(term, None)) is not None:
            self._bytes -= old.nbytes
        if entry.nbytes > self.budget // 4:  # one huge list would evict everything else
            return
        self._entries[term] = entry
        self._bytes += entry.nbytes
        while self._bytes > self.budget:
            _, old = self._entries.popitem(last=False)
            self._bytes -= old.nbytes


def top_documents(
    terms: list[Term], norm: np.ndarray, shortest: float, k: int
) -> tuple[np.ndarray, np.ndarray]:
    """Documents that can reach the top `k` and their exact scores. `terms` rarest first; `norm` per
    document number (NaN: tombstoned); `shortest`: the smallest norm of a live document."""
    share = np.cumsum([t.df for t in terms]) / max(1, sum(t.df for t in terms))
    totals = np.zeros(len(norm))  # per document number; NaN for a tombstoned document
    done = 0
    for stage in STAGES:  # score a growing share of the postings until the rest can be pruned
        upto = max(done + 1, int(np.searchsorted(share, stage, side="right")))
        totals += _scatter(terms[done:upto], norm, len(totals))
        done = upto
        if done >= len(terms):
            break
        rest = terms[done:]
        candidates = np.flatnonzero(totals > 0)
        threshold = _probe_threshold(candidates, totals, rest, norm, k) * (1 - SLACK)
        if _bound(rest, np.asarray([shortest]))[0] >= threshold:
            continue  # a document none of the scored terms matches could still enter the top k
        keep = candidates[totals[candidates] + _bound(rest, norm[candidates]) >= threshold]
        heaviest = sorted(rest, key=lambda t: -t.weight * t.postings.max_tf / (t.postings.max_tf + shortest))
        return _complete(keep, totals[keep], heaviest, norm, k, threshold)
    candidates = np.flatnonzero(totals > 0)
    return candidates, totals[candidates]


def _scatter(terms: list[Term], norm: np.ndarray, size: int) -> np.ndarray:
    """Every posting of `terms` scored and summed per document (one vectorised pass)."""
    docs = np.concatenate([t.postings.docs for t in terms])
    tfs = np.concatenate([t.postings.tfs for t in terms]).astype(np.float64)
    weight = np.repeat([t.weight for t in terms], [len(t.postings.docs) for t in terms])
    return np.bincount(docs, weights=weight * tfs / (tfs + norm[docs]), minlength=size)


def _bound(terms: list[Term], norms: np.ndarray) -> np.ndarray:
    """Per document (by its norm), the most `terms` can add to its score."""
    bound = np.zeros(len(norms))
    by_tf: dict[int, float] = {}
    for term in terms:  # grouped by largest term frequency: a few vector operations per query
        max_tf = term.postings.max_tf
        by_tf[max_tf] = by_tf.get(max_tf, 0.0) + term.weight
    for max_tf, weight in by_tf.items():
        bound += weight * max_tf / (max_tf + norms)
    return bound


def _lookup(term: Term, docs: np.ndarray, norm: np.ndarray) -> np.ndarray:
    """`term`'s score for each of the (sorted) documents (binary search in its sorted postings)."""
    postings = term.postings
    out = np.zeros(len(docs))
    at = np.minimum(np.searchsorted(postings.docs, docs), len(postings.docs) - 1)
    hit = np.flatnonzero(postings.docs[at] == docs)
    tf = postings.tfs[at[hit]].astype(np.float64)
    out[hit] = term.weight * tf / (tf + norm[docs[hit]])
    return out


def _kth_largest(scores: np.ndarray, k: int) -> float:
    """The k-th largest score (a lower bound of the final k-th score), 0 when there are fewer."""
    return float(np.partition(scores, len(scores) - k)[len(scores) - k]) if len(scores) >= k else 0.0


def _probe_threshold(
    candidates: np.ndarray, totals: np.ndarray, rest: list[Term], norm: np.ndarray, k: int
) -> float:
    """The k-th best exact score among the best partial documents: a lower bound of the final k-th."""
    if len(candidates) < k:
        return 0.0
    count = min(len(candidates), EXACT_PROBE * k)
    best = candidates[np.argpartition(-totals[candidates], count - 1)[:count]]
    best.sort()
    exact = totals[best] + sum((_lookup(term, best, norm) for term in rest), np.zeros(len(best)))
    return _kth_largest(exact, k)


def _complete(
    docs: np.ndarray, scores: np.ndarray, terms: list[Term], norm: np.ndarray, k: int, threshold: float
) -> tuple[np.ndarray, np.ndarray]:
    """Add the remaining terms (heaviest first) to the kept documents (sorted) only, dropping after each
    term those whose bound falls below the best known k-th score."""
    for done, term in enumerate(terms, start=1):
        scores = scores + _lookup(term, docs, norm)
        threshold = max(threshold, _kth_largest(scores, k) * (1 - SLACK))
        if done < len(terms):
            keep = scores + _bound(terms[done:], norm[docs]) >= threshold
            docs, scores = docs[keep], scores[keep]
    return docs, scores
