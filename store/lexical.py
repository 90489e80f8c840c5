"""The lexical leg: Okapi BM25 over our normalised, stemmed terms (store.arabic.lexical_tokens), kept as a
persistent inverted index in the manifest's SQLite file and written in the manifest's own transactions, so
chunks, postings and statistics never disagree and nothing is rebuilt when a process starts.

Layout, a small log-structured index: each ingest batch writes one immutable *segment* (per term, the
sorted document numbers and term frequencies as two packed arrays; per segment, the document lengths).
FANOUT segments of one level are merged into one of the next level, so a term is read from a few dozen
rows at most, and a merge streams term by term (memory stays small). Removing a document writes a
tombstone; merges drop tombstoned postings. Document numbers come from the manifest (chunks.doc) and are
never reused: segments cover disjoint, age-ordered ranges. A search reads one snapshot (a read
transaction) and scores in numpy with exactly the formula of `MemoryBM25`, the reference kept below
(store/lexical_score.py: exact max-score top k). A term's postings, concatenated over its segments, stay
decoded in memory between searches (CACHE_MB, least recently used out) while its segments are the same.

Measured against SQLite FTS5 (our terms as tokens, its bm25()) and bm25s (sparse matrix): see
docs/scale.md and scripts/bench_lexical.py.
"""

from __future__ import annotations

import heapq
import math
import sqlite3
import threading
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from store.lexical_score import K1, B, PostingCache, Postings, Term, top_documents

FANOUT = 8  # segments of one level merged at once: a term is read from <= ~FANOUT x levels rows
LEXICAL_FORMAT = "2"  # part of the index name: bump when postings or scoring change
_DOC, _TF, _LEN = np.dtype("<u4"), np.dtype("<u2"), np.dtype("<u2")
_CAP = 65535  # term frequency and document length are stored as uint16
CACHE_MB = 256  # decoded postings kept between queries (frequent terms recur across queries)
# postings are read through a memory map, not copied page by page into SQLite's cache (halved the read time
# at 100k chunks); SQLite caps the map (2 GB in the bundled 3.40), beyond which pages are read as before
MMAP_BYTES = 1 << 40

_SCHEMA = """
CREATE TABLE IF NOT EXISTS lex_segments (
    id INTEGER PRIMARY KEY, level INTEGER NOT NULL, min_doc INTEGER NOT NULL, max_doc INTEGER NOT NULL,
    n_docs INTEGER NOT NULL, lens BLOB NOT NULL
);
CREATE TABLE IF NOT EXISTS lex_postings (
    term TEXT NOT NULL, seg INTEGER NOT NULL, docs BLOB NOT NULL, tfs BLOB NOT NULL, PRIMARY KEY (term, seg)
);
CREATE INDEX IF NOT EXISTS lex_postings_seg ON lex_postings(seg, term);
CREATE TABLE IF NOT EXISTS lex_deleted (doc INTEGER PRIMARY KEY);
CREATE TABLE IF NOT EXISTS lex_stats (
    id INTEGER PRIMARY KEY CHECK (id = 0), docs INTEGER NOT NULL, length INTEGER NOT NULL,
    generation INTEGER NOT NULL
);
INSERT OR IGNORE INTO lex_stats VALUES (0, 0, 0, 0);
"""


@dataclass(frozen=True)
class _Segment:
    id: int
    min_doc: int
    max_doc: int
    lens: np.ndarray  # document lengths, indexed by doc - min_doc (0 = no such live document)


class LexicalIndex:
    """Searches (on its own read connection) plus the writers the manifest calls inside its transactions."""

    def __init__(self, path: Path) -> None:
        self._db = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        self._db.execute(f"PRAGMA mmap_size = {MMAP_BYTES}")
        self._lock = threading.Lock()
        self._generation = -1
        self._segments: dict[int, _Segment] = {}
        self._norm = np.zeros(0)  # per document number: K1 * (1 - B + B * length / average length)
        self._shortest = K1  # the smallest norm of a live document
        self._any_dead = False
        self._docs = 0
        self._cache = PostingCache(CACHE_MB << 20)

    def close(self) -> None:
        self._db.close()

    def count(self) -> int:
        """Live documents (equals the manifest's chunk count: both change in one transaction)."""
        return int(self._db.execute("SELECT docs FROM lex_stats WHERE id = 0").fetchone()[0])

    @staticmethod
    def create(db: sqlite3.Connection) -> None:
        db.executescript(_SCHEMA)

    # --- searching -----------------------------------------------------------------------------
    def search(self, terms: Iterable[str], k: int) -> list[tuple[str, float]]:
        """The `k` best (chunk id, score) pairs, best first; ties by chunk id (as MemoryBM25)."""
        with self._lock:
            self._db.execute("BEGIN")  # one snapshot for statistics, postings and ids
            try:
                self._refresh()
                query = Counter(terms)
                found = self._terms(query) if self._docs and query else []
                if not found:
                    return []
                docs, scores = top_documents(found, self._norm, self._shortest, k)
                return self._top(docs, scores, k)
            finally:
                self._db.execute("COMMIT")

    def _refresh(self) -> None:
        """Statistics and, when the index changed, per document number (the array index) its length
        normalisation K1 * (1 - B + B * length / average); a tombstoned document's entry is NaN, which
        marks its postings dead."""
        docs, length, generation = self._db.execute(
            "SELECT docs, length, generation FROM lex_stats WHERE id = 0"
        ).fetchone()
        if generation == self._generation:
            return
        known, segments = self._segments, {}
        for seg_id, lo, hi in self._db.execute("SELECT id, min_doc, max_doc FROM lex_segments"):
            if seg_id not in known:  # segments never change: read each one's lengths once
                blob = self._db.execute("SELECT lens FROM lex_segments WHERE id = ?", (seg_id,)).fetchone()
                known[seg_id] = _Segment(seg_id, lo, hi, np.frombuffer(blob[0], _LEN))
            segments[seg_id] = known[seg_id]
        self._segments = segments
        lens = np.zeros(max((s.max_doc for s in segments.values()), default=-1) + 1, dtype=np.float64)
        for segment in segments.values():
            lens[segment.min_doc : segment.max_doc + 1] = segment.lens
        avg_len = length / docs if docs else 1.0
        self._norm = K1 * (1 - B + B * lens / (avg_len or 1.0))
        dead = np.asarray([row[0] for row in self._db.execute("SELECT doc FROM lex_deleted")], np.int64)
        dead = dead[dead < len(lens)]
        self._norm[dead] = np.nan
        live = lens > 0
        live[dead] = False
        self._shortest = float(self._norm[live].min()) if live.any() else K1
        self._any_dead = bool(dead.size)
        self._docs, self._generation = docs, generation

    def _terms(self, query: Counter[str]) -> list[Term]:
        """The query's terms found in the index, rarest first, with their postings."""
        found = []
        for term, postings in self._postings(list(query)).items():
            if self._any_dead:  # tombstoned postings do not count in the document frequency
                df = int(np.count_nonzero(~np.isnan(self._norm[postings.docs])))
            else:
                df = len(postings.docs)
            if df:
                idf = math.log(1 + (self._docs - df + 0.5) / (df + 0.5))
                found.append(Term(query[term] * idf * (K1 + 1), df, postings))
        return sorted(found, key=lambda t: t.df)

    def _postings(self, terms: list[str]) -> dict[str, Postings]:
        """Each term's postings: from the cache when its segments are the same, else read (one query)."""
        marks = ",".join("?" * len(terms))
        sql = f"SELECT term, seg FROM lex_postings WHERE term IN ({marks})"  # the (term, seg) index only
        segments: dict[str, list[int]] = defaultdict(list)
        for term, seg_id in self._db.execute(sql, terms):
            segments[term].append(seg_id)
        found: dict[str, Postings] = {}
        for term, seg_ids in segments.items():
            if (entry := self._cache.get(term, tuple(sorted(seg_ids)))) is not None:
                found[term] = entry
        missing = [term for term in segments if term not in found]
        for start in range(0, len(missing), 500):  # stay under SQLite's variable limit
            batch = missing[start : start + 500]
            rows: dict[str, list[tuple[int, bytes, bytes]]] = defaultdict(list)
            marks = ",".join("?" * len(batch))
            sql = f"SELECT term, seg, docs, tfs FROM lex_postings WHERE term IN ({marks})"
            for term, seg_id, doc_blob, tf_blob in self._db.execute(sql, batch):
                rows[term].append((seg_id, doc_blob, tf_blob))
            for term, parts in rows.items():
                found[term] = self._decode(parts)
                self._cache.put(term, found[term])
        return found

    def _decode(self, parts: list[tuple[int, bytes, bytes]]) -> Postings:
        """One term's rows (one per segment) as one sorted array: segments hold disjoint ranges."""
        parts = sorted(parts, key=lambda part: self._segments[part[0]].min_doc)
        docs = np.concatenate([np.frombuffer(part[1], _DOC) for part in parts])
        tfs = np.concatenate([np.frombuffer(part[2], _TF) for part in parts])
        if len(docs) > 1 and not bool(np.all(docs[1:] > docs[:-1])):  # never expected: keep it exact
            order = np.argsort(docs, kind="stable")
            docs, tfs = docs[order], tfs[order]
        segments = tuple(sorted(part[0] for part in parts))
        return Postings(segments, docs, tfs, int(tfs.max()))

    def _top(self, docs: np.ndarray, scores: np.ndarray, k: int) -> list[tuple[str, float]]:
        if len(docs) > k:  # keep every document tied with the k-th score: ties are broken by id below
            keep = scores >= np.partition(scores, len(scores) - k)[len(scores) - k]
            docs, scores = docs[keep], scores[keep]
        ids: dict[int, str] = {}
        numbers = [int(d) for d in docs]
        for start in range(0, len(numbers), 500):
            batch = numbers[start : start + 500]
            marks = ",".join("?" * len(batch))
            ids.update(self._db.execute(f"SELECT doc, id FROM chunks WHERE doc IN ({marks})", batch))
        ranked = [(ids[d], float(s)) for d, s in zip(numbers, scores) if d in ids]
        return sorted(ranked, key=lambda item: (-item[1], item[0]))[:k]

    # --- writing (inside the manifest's transaction) ---------------------------------------------
    @staticmethod
    def add(db: sqlite3.Connection, documents: Sequence[tuple[int, Sequence[str]]]) -> None:
        """Index documents (number, terms) as one new segment, then merge full levels."""
        if not documents:
            return
        ordered = sorted(documents, key=lambda item: item[0])
        lo, hi = ordered[0][0], ordered[-1][0]
        lens = np.zeros(hi - lo + 1, _LEN)
        postings: dict[str, tuple[list[int], list[int]]] = defaultdict(lambda: ([], []))
        for doc, terms in ordered:
            lens[doc - lo] = min(len(terms), _CAP)
            for term, tf in Counter(terms).items():
                entry = postings[term]
                entry[0].append(doc)
                entry[1].append(min(tf, _CAP))
        seg_id = _new_segment(db, 0, lo, hi, lens)
        db.executemany(
            "INSERT INTO lex_postings VALUES (?, ?, ?, ?)",
            (
                (term, seg_id, np.asarray(d, _DOC).tobytes(), np.asarray(t, _TF).tobytes())
                for term, (d, t) in postings.items()
            ),
        )
        _update_stats(db, len(ordered), sum(len(terms) for _, terms in ordered))
        _merge_full_levels(db)

    @staticmethod
    def delete(db: sqlite3.Connection, documents: Sequence[tuple[int, int]]) -> None:
        """Remove documents (number, length): tombstones now, postings at the next merge of their segment;
        a segment left mostly dead is rewritten at once."""
        if not documents:
            return
        db.executemany("INSERT OR IGNORE INTO lex_deleted VALUES (?)", [(doc,) for doc, _ in documents])
        _update_stats(db, -len(documents), -sum(length for _, length in documents))
        _rewrite_dead_segments(db)


# --- segment maintenance ---------------------------------------------------------------------------


def _new_segment(db: sqlite3.Connection, level: int, lo: int, hi: int, lens: np.ndarray) -> int:
    cursor = db.execute(
        "INSERT INTO lex_segments (level, min_doc, max_doc, n_docs, lens) VALUES (?, ?, ?, ?, ?)",
        (level, lo, hi, int(np.count_nonzero(lens)), lens.tobytes()),
    )
    return int(cursor.lastrowid)


def _update_stats(db: sqlite3.Connection, docs: int, length: int) -> None:
    db.execute(
        "UPDATE lex_stats SET docs = docs + ?, length = length + ?, generation = generation + 1 WHERE id = 0",
        (docs, length),
    )


def _merge_full_levels(db: sqlite3.Connection) -> None:
    level = 0
    while True:
        ids = [r[0] for r in db.execute("SELECT id FROM lex_segments WHERE level = ?", (level,))]
        if len(ids) < FANOUT:
            return
        _merge(db, ids, level + 1)
        level += 1


def _rewrite_dead_segments(db: sqlite3.Connection, dead_share: float = 0.3) -> None:
    rows = db.execute(
        "SELECT s.id, s.level, s.n_docs, COUNT(d.doc) FROM lex_segments s "
        "JOIN lex_deleted d ON d.doc BETWEEN s.min_doc AND s.max_doc GROUP BY s.id"
    ).fetchall()
    for seg_id, level, n_docs, dead in rows:
        if dead >= max(1, n_docs) * dead_share:
            _merge(db, [seg_id], level)


def _term_rows(db: sqlite3.Connection, seg_id: int) -> Iterator[tuple[str, int, bytes, bytes]]:
    for term, docs, tfs in db.execute(
        "SELECT term, docs, tfs FROM lex_postings WHERE seg = ? ORDER BY term", (seg_id,)
    ):
        yield term, seg_id, docs, tfs


def _merge(db: sqlite3.Connection, seg_ids: list[int], level: int) -> None:
    """Replace segments by one at `level`, dropping tombstoned documents; streams term by term."""
    marks = ",".join("?" * len(seg_ids))
    segments = db.execute(
        f"SELECT id, min_doc, max_doc, lens FROM lex_segments WHERE id IN ({marks}) ORDER BY min_doc", seg_ids
    ).fetchall()
    lo, hi = segments[0][1], segments[-1][2]
    dead = np.asarray(
        [r[0] for r in db.execute("SELECT doc FROM lex_deleted WHERE doc BETWEEN ? AND ?", (lo, hi))],
        dtype=np.int64,
    )
    lens = np.zeros(hi - lo + 1, _LEN)
    for _, seg_lo, seg_hi, blob in segments:
        lens[seg_lo - lo : seg_hi - lo + 1] = np.frombuffer(blob, _LEN)
    lens[dead - lo] = 0
    new_id = _new_segment(db, level, lo, hi, lens)
    order = {seg_id: rank for rank, (seg_id, *_) in enumerate(segments)}  # doc order = segment order
    streams = [_term_rows(db, seg_id) for seg_id, *_ in segments]
    batch: list[tuple[str, int, bytes, bytes]] = []
    group: list[tuple[str, int, bytes, bytes]] = []
    for row in heapq.merge(*streams, key=lambda r: (r[0], order[r[1]])):
        if group and row[0] != group[0][0]:
            batch.extend(_merged_row(group, new_id, dead))
            group = []
        group.append(row)
        if len(batch) >= 2000:
            db.executemany("INSERT INTO lex_postings VALUES (?, ?, ?, ?)", batch)
            batch = []
    if group:
        batch.extend(_merged_row(group, new_id, dead))
    db.executemany("INSERT INTO lex_postings VALUES (?, ?, ?, ?)", batch)
    db.execute(f"DELETE FROM lex_postings WHERE seg IN ({marks})", seg_ids)
    db.execute(f"DELETE FROM lex_segments WHERE id IN ({marks})", seg_ids)
    db.execute("DELETE FROM lex_deleted WHERE doc BETWEEN ? AND ?", (lo, hi))
    db.execute("UPDATE lex_stats SET generation = generation + 1 WHERE id = 0")


def _merged_row(
    group: list[tuple[str, int, bytes, bytes]], seg_id: int, dead: np.ndarray
) -> list[tuple[str, int, bytes, bytes]]:
    docs = np.concatenate([np.frombuffer(r[2], _DOC) for r in group])
    tfs = np.concatenate([np.frombuffer(r[3], _TF) for r in group])
    if dead.size:
        live = ~np.isin(docs, dead)
        docs, tfs = docs[live], tfs[live]
    return [(group[0][0], seg_id, docs.tobytes(), tfs.tobytes())] if len(docs) else []


# --- the reference ---------------------------------------------------------------------------------


class MemoryBM25:
    """The former in-memory BM25: the specification LexicalIndex reproduces (for tests and benchmarks)."""

    def __init__(self, k1: float = K1, b: float = B) -> None:
        self.k1, self.b = k1, b
        self._postings: dict[str, dict[str, int]] = defaultdict(dict)
        self._lengths: dict[str, int] = {}
        self._total_length = 0

    def add(self, doc_id: str, terms: Iterable[str]) -> None:
        counts = Counter(terms)
        for term, tf in counts.items():
            self._postings[term][doc_id] = tf
        self._lengths[doc_id] = sum(counts.values())
        self._total_length += self._lengths[doc_id]

    def search(self, terms: Iterable[str], k: int) -> list[tuple[str, float]]:
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
