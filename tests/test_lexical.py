"""The persistent lexical index (store.lexical.LexicalIndex) ranks exactly like the former in-memory BM25
(MemoryBM25), through segments, merges and deletions, and on the seeds' dev questions."""

from __future__ import annotations

import random
import sqlite3
from pathlib import Path

import pytest

from store.arabic import lexical_tokens
from store.lexical import FANOUT, LexicalIndex, MemoryBM25

VOCAB = [f"t{i}" for i in range(60)]


def _open(tmp_path: Path) -> tuple[sqlite3.Connection, LexicalIndex]:
    path = tmp_path / "lexical.sqlite"
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("CREATE TABLE chunks (doc INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE)")
    LexicalIndex.create(db)
    return db, LexicalIndex(path)


def _random_doc(rng: random.Random) -> list[str]:
    # a skewed vocabulary: a few terms in most documents, most in few (like stems and trigrams)
    return [VOCAB[min(int(rng.expovariate(0.15)), len(VOCAB) - 1)] for _ in range(rng.randint(1, 30))]


def _same_ranking(index: LexicalIndex, reference: MemoryBM25, rng: random.Random) -> None:
    for _ in range(60):
        query = [rng.choice(VOCAB) for _ in range(rng.randint(1, 12))]
        k = rng.choice([1, 3, 10, 30])  # small k: the frequent terms are pruned (only looked up)
        got, want = index.search(query, k), reference.search(query, k)
        assert [i for i, _ in got] == [i for i, _ in want], query
        assert [s for _, s in got] == pytest.approx([s for _, s in want], rel=1e-9)


def test_segments_merges_and_deletions_rank_like_the_in_memory_bm25(tmp_path: Path) -> None:
    rng = random.Random(15)
    db, index = _open(tmp_path)
    live: dict[int, list[str]] = {}
    next_doc = 1
    for batch in range(3 * FANOUT * FANOUT // 2):  # enough batches for two levels of merges
        docs = [(next_doc + i, _random_doc(rng)) for i in range(rng.randint(1, 6))]
        next_doc += len(docs)
        db.execute("BEGIN IMMEDIATE")
        db.executemany("INSERT INTO chunks VALUES (?, ?)", [(d, f"c{d:05d}") for d, _ in docs])
        LexicalIndex.add(db, docs)
        if batch % 5 == 4:  # remove a few older documents, as a changed file does
            gone = rng.sample(sorted(live), k=min(4, len(live)))
            LexicalIndex.delete(db, [(d, len(live[d])) for d in gone])
            db.executemany("DELETE FROM chunks WHERE doc = ?", [(d,) for d in gone])
            for d in gone:
                del live[d]
        db.execute("COMMIT")
        live.update(docs)
    levels = {row[0] for row in db.execute("SELECT level FROM lex_segments")}
    assert max(levels) >= 2  # merged twice over
    assert index.count() == len(live)
    reference = MemoryBM25()
    for doc, terms in live.items():
        reference.add(f"c{doc:05d}", terms)
    _same_ranking(index, reference, rng)
    dead = db.execute("SELECT COUNT(*) FROM lex_deleted").fetchone()[0]
    assert dead < len(live) // 4  # tombstones are cleared as segments merge or are rewritten


def test_seed_dev_questions_rank_like_the_in_memory_bm25(seeds_index, dev_rows) -> None:
    reference = MemoryBM25()
    chunks = seeds_index.chunks(sorted(seeds_index.manifest.chunk_ids()))
    for chunk_id, chunk in chunks.items():
        reference.add(chunk_id, lexical_tokens(chunk.text))
    for row in dev_rows:
        terms = lexical_tokens(row["question"])
        got, want = seeds_index.manifest.lexical.search(terms, 30), reference.search(terms, 30)
        assert [i for i, _ in got] == [i for i, _ in want], row["id"]
        files = [chunks[i].file for i, _ in got[:5]]
        assert files == [chunks[i].file for i, _ in want[:5]]


def _zipf_doc(rng: random.Random, vocab: list[str]) -> list[str]:
    # most documents share the frequent terms (as on the synthetic scale corpus): pruning has work to do
    return [vocab[min(int(rng.paretovariate(0.8)) - 1, len(vocab) - 1)] for _ in range(rng.randint(3, 40))]


def test_pruned_search_equals_the_reference_on_a_large_skewed_corpus(tmp_path: Path) -> None:
    """Thousands of documents over a few hundred terms with a heavy head, queries mixing rare and frequent
    terms (repeated ones too), some documents deleted: the top k (every k, ties by id) is the reference's."""
    rng = random.Random(1515)
    vocab = [f"w{i}" for i in range(300)]
    db, index = _open(tmp_path)
    live: dict[int, list[str]] = {}
    reference_checks = 0
    for batch in range(40):
        docs = [
            (len(live) + 1 + batch * 1000 + i, _zipf_doc(rng, vocab)) for i in range(rng.randint(50, 150))
        ]
        db.execute("BEGIN IMMEDIATE")
        db.executemany("INSERT INTO chunks VALUES (?, ?)", [(d, f"c{d:06d}") for d, _ in docs])
        LexicalIndex.add(db, docs)
        live.update(docs)
        if batch % 7 == 6:
            gone = rng.sample(sorted(live), k=30)
            LexicalIndex.delete(db, [(d, len(live[d])) for d in gone])
            db.executemany("DELETE FROM chunks WHERE doc = ?", [(d,) for d in gone])
            for d in gone:
                del live[d]
        db.execute("COMMIT")
        if batch % 10 == 9:  # searching between batches: cached postings must follow the new segments
            reference = MemoryBM25()
            for doc, terms in live.items():
                reference.add(f"c{doc:06d}", terms)
            for _ in range(40):
                query = [rng.choice(vocab[:20]) for _ in range(rng.randint(2, 12))]
                query += [rng.choice(vocab) for _ in range(rng.randint(0, 4))]
                k = rng.choice([1, 5, 30, 100])
                got, want = index.search(query, k), reference.search(query, k)
                assert [i for i, _ in got] == [i for i, _ in want], (query, k)
                assert [s for _, s in got] == pytest.approx([s for _, s in want], rel=1e-9)
                reference_checks += 1
    assert reference_checks == 160
