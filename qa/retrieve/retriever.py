"""Hybrid retrieval: dense (e5) + BM25 over normalised Arabic terms + the candidates' best sentence + their
file's topic, fused by weighted RRF, near-duplicates collapsed, a per-file cap for diversity.

Built to hold up in a mixed archive (README, "Retrieval"): dense scores are corrected for hubness
(qa/retrieve/hubness.py), English questions reach BM25 through the Arabic spellings of their names
(qa/retrieve/names.py), and a passage's whole file must be on topic too (qa/retrieve/topics.py)."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Literal

import numpy as np

from qa.records import Passage
from qa.retrieve.fusion import fuse_rankings
from qa.retrieve.hubness import Hubness
from qa.retrieve.names import CorpusNames
from qa.retrieve.query_terms import dictionary_terms
from qa.retrieve.topics import FileTopics
from qa.settings import Settings
from store.arabic import is_arabic, lexical_tokens, tokenise
from store.bilingual import load_bilingual
from store.chunking import Span
from store.identity import relative_path
from store.index import Index
from store.manifest import StoredChunk

__all__ = ["MODES", "Mode", "Retrieval", "Retriever", "best_sentence", "diversify", "fuse_rankings"]

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
    # best hubness-corrected cosine (cosine − hub statistic) among the passages: how much better they match
    # this question than everyday questions; -1 when nothing was found (the refusal signal)
    support: float = -1.0


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
    vector: np.ndarray | None = None


@dataclass
class Candidates:
    """What retrieval knows about each candidate chunk, by id."""

    chunks: dict[str, StoredChunk]
    sentences: dict[str, SentenceVectors]
    best: dict[str, SentenceMatch]
    cosine: dict[str, float]  # the dense leg's cosine, or the chunk's mean sentence vector's
    hub: dict[str, float]  # hub statistic of the chunk (mean sentence vector)


def _unit(vector: np.ndarray) -> np.ndarray:
    norm = float(np.linalg.norm(vector))
    return vector / norm if norm else vector


class Retriever:
    def __init__(self, index: Index, settings: Settings) -> None:
        self.index = index
        self.settings = settings
        self.hubness = Hubness(index, settings.retrieval.hub_k)
        self.topics = FileTopics(index)
        self.names = CorpusNames(index)
        dictionary = settings.retrieval.query_dictionary
        self.bilingual = load_bilingual(settings.paths.models_dir) if dictionary else None

    def retrieve(
        self,
        question: str,
        k: int | None = None,
        mode: Mode = "hybrid",
        lexical_query: str | None = None,
        query_vec: np.ndarray | None = None,
        max_per_file: int | None = None,
    ) -> Retrieval:
        """Top-k passages for `question`. `lexical_query` (e.g. an Arabic translation) feeds BM25 instead;
        `query_vec` is the question's embedding when the caller already has it (a second, wider retrieval).

        Hybrid fuses four rankings: chunk embeddings (dense), BM25, the candidates' best sentence (a chunk
        holding one sentence that answers the question beats a chunk that is vaguely on topic) and their
        file's topic. Dense scores are hubness-corrected (cosine − mean cosine to everyday questions)."""
        started = time.perf_counter()
        s = self.settings.retrieval
        language = "ar" if is_arabic(question) else "en"
        query_vec = self.index.embed_query(question) if query_vec is None else query_vec
        dense = self.index.dense_search_vector(query_vec, s.candidates) if mode != "bm25" else []
        names_only = lexical_query is None and language != "ar" and s.name_matching
        if names_only:
            lexical_query = self.names.lexical_query(question)  # may be "": no names, no numbers
            if s.query_dictionary:
                lexical_query = " ".join([lexical_query, *dictionary_terms(question, self.bilingual)]).strip()
            lexical_weight = s.name_weight
        else:
            lexical_weight = s.bm25_weight
        lexical_text = lexical_query or question
        # names are already spelled as in the corpus: their letter trigrams would only add false friends
        # (بوتين's "تين" matches a sura), so they match as whole stems
        lexical = (
            []
            if mode == "dense"
            else self.index.lexical_search(lexical_text, s.candidates, ngrams=not names_only)
        )
        terms = f"{question} {lexical_query or ''}"
        found = self._candidates(terms, query_vec, language, dense, lexical)
        rankings = self._rankings(found, query_vec, language, dense, (lexical, lexical_weight), mode)
        fused = fuse_rankings(rankings, s.rrf_k)
        ordered = [found.chunks[i] for i in sorted(fused, key=lambda i: -fused[i]) if i in found.chunks]
        chosen = diversify(ordered, k or s.top_k, max_per_file or s.max_per_file)
        cosines = dict(dense)
        passages = [self._passage(c, fused[c.id], cosines.get(c.id), found.best[c.id]) for c in chosen]
        top = max(cosines.values()) if cosines else -1.0
        support = max((found.cosine[c.id] - found.hub[c.id] for c in chosen), default=-1.0)
        sentences = [found.sentences[c.id] for c in chosen]
        seconds = time.perf_counter() - started
        return Retrieval(passages, top, seconds, sentences, query_vec, round(float(support), 4))

    def _candidates(
        self,
        terms: str,
        query_vec: np.ndarray,
        language: str,
        dense: list[tuple[str, float]],
        lexical: list[tuple[str, float]],
    ) -> Candidates:
        stored = self.index.chunks(list(dict.fromkeys([i for i, _ in dense] + [i for i, _ in lexical])))
        vectors = {i: self.index.sentences(c.file, c.start, c.end) for i, c in stored.items()}
        best = {i: best_sentence(chunk, vectors[i], query_vec, terms) for i, chunk in stored.items()}
        ids = list(stored)
        means = [_unit(np.mean([v for _, v in vectors[i]], axis=0)) if vectors[i] else None for i in ids]
        dim = query_vec.shape[0]
        matrix = np.stack([m if m is not None else np.zeros(dim, np.float32) for m in means]) if ids else None
        hubs = self.hubness.penalty(matrix, language) if matrix is not None else np.zeros(0)
        cosines = dict(dense)
        cosine = {i: cosines.get(i, float(matrix[n] @ query_vec)) for n, i in enumerate(ids)} if ids else {}
        hub = {i: float(hubs[n]) for n, i in enumerate(ids)}
        return Candidates(stored, vectors, best, cosine, hub)

    def _rankings(
        self,
        found: Candidates,
        query_vec: np.ndarray,
        language: str,
        dense: list[tuple[str, float]],
        lexical: tuple[list[tuple[str, float]], float],
        mode: Mode,
    ) -> list[tuple[list[str], float]]:
        s = self.settings.retrieval
        w = s.hub_weight_ar if language == "ar" else s.hub_weight
        dense_ids = [i for i, _ in dense if i in found.chunks]
        dense_ids.sort(key=lambda i: -(found.cosine[i] - w * found.hub[i]))
        rankings = [(dense_ids, s.dense_weight), ([i for i, _ in lexical[0]], lexical[1])]
        if mode != "hybrid":
            return rankings
        sentence_ids = [i for i in found.best if found.best[i].vector is not None]
        vectors = np.stack([found.best[i].vector for i in sentence_ids]) if sentence_ids else None
        hubs = self.hubness.penalty(vectors, language) if vectors is not None else []
        sentence_score = {i: found.best[i].score - w * float(h) for i, h in zip(sentence_ids, hubs)}
        rankings.append((sorted(sentence_score, key=lambda i: -sentence_score[i]), s.sentence_weight))
        if s.file_weight > 0:
            rankings.append((self._by_topic(found, query_vec, language, w), s.file_weight))
        return rankings

    def _by_topic(self, found: Candidates, query_vec: np.ndarray, language: str, w: float) -> list[str]:
        """Candidates ranked by how well their whole file matches the question (hubness-corrected)."""
        files = sorted({c.file for c in found.chunks.values()})
        topics = self.topics.vectors(files)
        named = [f for f in files if f in topics]
        if not named:
            return []
        matrix = np.stack([topics[f] for f in named])
        scores = matrix @ query_vec - w * self.hubness.penalty(matrix, language)
        by_file = dict(zip(named, scores.tolist()))
        ids = [i for i, c in found.chunks.items() if c.file in by_file]
        return sorted(ids, key=lambda i: (-by_file[found.chunks[i].file], -found.cosine[i]))

    @staticmethod
    def _passage(chunk: StoredChunk, score: float, cosine: float | None, best: SentenceMatch) -> Passage:
        return Passage(
            file=relative_path(chunk.file),  # chunks are keyed by the document's identity
            document=chunk.file,
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
        overlap = len(q_terms & sentence_stems(sentence))
        score = float(vec @ query_vec) + 0.02 * overlap
        if score > best.score:
            best = SentenceMatch(span.start, span.end, score, vec)
    return best


def sentence_stems(text: str) -> set[str]:
    """A sentence's whole-word terms. best_sentence runs it on every sentence of every candidate (about 150
    per question); stem_arabic caches its stems, which were most of that time."""
    return set(lexical_tokens(text, ngrams=False))
