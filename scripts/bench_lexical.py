"""Lexical index benchmark: our segmented SQLite index (store.lexical) vs SQLite FTS5 vs bm25s, on the
synthetic corpora of scripts/bench_scale.py (2-3 seed sentences + a reference line per chunk), with the
terms the index really uses (store.arabic.lexical_tokens: stems + character trigrams).

Per variant and size: build time (written in ingest-sized batches where the variant can be updated,
in one go for bm25s, which cannot), disk, query latency p50/p95 over the bench queries (k = 30), and how
often its top-5 equals the in-memory reference BM25's (store.lexical.MemoryBM25, the former index) on
the dev questions (reference built only up to --reference-max chunks: it is pure Python).

    nice -n 10 .venv/bin/python scripts/bench_lexical.py --sizes 100000,1000000 --variants segments,fts5,bm25s
"""

from __future__ import annotations

# Before numpy: the offline defaults include one BLAS thread (store/offline.py); numpy loaded first would
# keep OpenBLAS's spinning threads, which slowed the retriever's small matrix products here 3x.
import store.offline  # noqa: F401  # isort: skip

import argparse
import json
import os
import shutil
import sqlite3
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from scale_synth import bench_queries, peak_rss_mb, seed_sentences, variation_line  # noqa: E402

from qa.settings import PROJECT_ROOT, Settings  # noqa: E402
from store.arabic import lexical_tokens  # noqa: E402
from store.lexical import LexicalIndex, MemoryBM25  # noqa: E402

BATCH = 128  # chunks per ingest batch (the ingest_batch default)
K = 30


def synthetic_terms(n: int, sentences: list[str], seed: int) -> Iterator[tuple[int, list[str]]]:
    """(doc number from 1, terms) of n synthetic chunks, as bench_scale builds them."""
    rng = np.random.default_rng(seed)
    for doc in range(1, n + 1):
        picked = rng.choice(len(sentences), size=int(rng.integers(2, 4)), replace=False)
        text = "\n".join([sentences[i] for i in picked] + [variation_line(rng)])
        yield doc, lexical_tokens(text)


def batches(n: int, sentences: list[str], seed: int) -> Iterator[list[tuple[int, list[str]]]]:
    batch: list[tuple[int, list[str]]] = []
    for item in synthetic_terms(n, sentences, seed):
        batch.append(item)
        if len(batch) == BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


def dir_mb(path: Path) -> float:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / 2**20


# --- the three variants: build(n) -> search(terms, k) -> [doc numbers] ------------------------------


class Segments:
    name = "segments"

    def build(self, folder: Path, n: int, sentences: list[str], seed: int) -> None:
        path = folder / "lexical.sqlite"
        db = sqlite3.connect(path, isolation_level=None)
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=NORMAL")
        db.execute("CREATE TABLE chunks (doc INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE)")
        LexicalIndex.create(db)
        for batch in batches(n, sentences, seed):
            db.execute("BEGIN IMMEDIATE")
            db.executemany("INSERT INTO chunks VALUES (?, ?)", [(d, f"{d:09d}") for d, _ in batch])
            LexicalIndex.add(db, batch)
            db.execute("COMMIT")
        db.close()
        self.index = LexicalIndex(path)

    def search(self, terms: list[str], k: int) -> list[int]:
        return [int(i) for i, _ in self.index.search(terms, k)]


class Fts5:
    """Our terms as FTS5 tokens (hex-encoded so its tokenizer keeps each term whole), ranked by bm25()."""

    name = "fts5"

    @staticmethod
    def encode(terms: list[str]) -> str:
        return " ".join(t.encode().hex() for t in terms)

    def build(self, folder: Path, n: int, sentences: list[str], seed: int) -> None:
        self.db = sqlite3.connect(folder / "fts.sqlite", isolation_level=None)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("CREATE VIRTUAL TABLE fts USING fts5(terms, tokenize='ascii', detail=column)")
        for batch in batches(n, sentences, seed):
            self.db.execute("BEGIN IMMEDIATE")
            self.db.executemany(
                "INSERT INTO fts (rowid, terms) VALUES (?, ?)", [(d, self.encode(t)) for d, t in batch]
            )
            self.db.execute("COMMIT")

    def search(self, terms: list[str], k: int) -> list[int]:
        query = " OR ".join(f'"{h}"' for h in dict.fromkeys(self.encode(terms).split()))
        if not query:
            return []
        sql = "SELECT rowid FROM fts WHERE fts MATCH ? ORDER BY bm25(fts) LIMIT ?"
        return [row[0] for row in self.db.execute(sql, (query, k))]


class Bm25s:
    """bm25s (lucene idf = ours, k1 = 1.4): built in one go (it has no incremental update), saved, mmapped."""

    name = "bm25s"

    def build(self, folder: Path, n: int, sentences: list[str], seed: int) -> None:
        import bm25s

        vocab: dict[str, int] = {}
        corpus = [
            np.asarray([vocab.setdefault(t, len(vocab)) for t in terms], dtype=np.int32)
            for _, terms in synthetic_terms(n, sentences, seed)
        ]
        model = bm25s.BM25(k1=1.4, b=0.75, method="lucene")
        model.scores = model.build_index_from_ids(list(range(len(vocab))), corpus, show_progress=False)
        model.vocab_dict = vocab
        model.save(folder / "bm25s", show_progress=False)
        self.model = bm25s.BM25.load(folder / "bm25s", mmap=True, show_progress=False)
        self.vocab = vocab

    def search(self, terms: list[str], k: int) -> list[int]:
        ids = [self.vocab[t] for t in terms if t in self.vocab]
        if not ids:
            return []
        scores = self.model.get_scores_from_ids(ids)
        top = np.argpartition(-scores, k)[:k]
        top = top[np.argsort(-scores[top], kind="stable")]
        return [int(i) + 1 for i in top if scores[i] > 0]


VARIANTS = {v.name: v for v in (Segments, Fts5, Bm25s)}


def run(variant: str, n: int, queries: list[str], dev: list[str], sentences: list[str], seed: int) -> dict:
    folder = Path(tempfile.mkdtemp(prefix=f"bench-lexical-{variant}-"))
    try:
        index = VARIANTS[variant]()
        started = time.perf_counter()
        index.build(folder, n, sentences, seed)
        build_s = time.perf_counter() - started
        terms = [lexical_tokens(q) for q in queries]
        for t in terms[:3]:
            index.search(t, K)  # warm
        times, cpus = [], []
        for t in terms:
            started, cpu = time.perf_counter(), time.process_time()
            index.search(t, K)
            times.append(time.perf_counter() - started)
            cpus.append(time.process_time() - cpu)
        return {
            "variant": variant,
            "chunks": n,
            "build_s": round(build_s, 1),
            "disk_mb": round(dir_mb(folder), 1),
            "p50_ms": round(1000 * float(np.percentile(times, 50)), 1),
            "p95_ms": round(1000 * float(np.percentile(times, 95)), 1),
            "cpu_p50_ms": round(1000 * float(np.percentile(cpus, 50)), 1),
            "cpu_p95_ms": round(1000 * float(np.percentile(cpus, 95)), 1),
            "load_avg": round(os.getloadavg()[0], 1),
            "rss_mb": round(peak_rss_mb(), 0),
            "top5": [index.search(lexical_tokens(q), 5) for q in dev],
        }
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def reference_top5(n: int, dev: list[str], sentences: list[str], seed: int) -> list[list[int]]:
    reference = MemoryBM25()
    for doc, terms in synthetic_terms(n, sentences, seed):
        reference.add(f"{doc:09d}", terms)
    return [[int(i) for i, _ in reference.search(lexical_tokens(q), 5)] for q in dev]


def run_in_subprocess(variant: str, n: int, args: argparse.Namespace) -> dict:
    """Each run in a fresh process, so its peak RSS is its own."""
    import subprocess

    cmd = [sys.executable, __file__, "--worker", f"{variant}:{n}", "--queries", str(args.queries)]
    done = subprocess.run([*cmd, "--seed", str(args.seed)], capture_output=True, text=True)
    if done.returncode:
        raise RuntimeError(f"{variant}:{n} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", default="100000")
    parser.add_argument("--variants", default="segments,fts5,bm25s")
    parser.add_argument("--queries", type=int, default=50)
    parser.add_argument("--reference-max", type=int, default=100000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--out", type=Path, default=PROJECT_ROOT / "docs" / "scale-lexical.json")
    parser.add_argument("--worker", help=argparse.SUPPRESS)  # VARIANT:SIZE, internal
    args = parser.parse_args()
    sentences = seed_sentences(Settings())
    queries = bench_queries(sentences, args.queries, np.random.default_rng(args.seed))
    dev = queries[:30]
    if args.worker:
        variant, size = args.worker.split(":")
        print(json.dumps(run(variant, int(size), queries, dev, sentences, args.seed)))
        return
    results = json.loads(args.out.read_text()) if args.out.exists() else []
    for n in (int(s) for s in args.sizes.split(",")):
        reference = reference_top5(n, dev, sentences, args.seed) if n <= args.reference_max else None
        for variant in args.variants.split(","):
            row = run_in_subprocess(variant, n, args)
            top5 = row.pop("top5")
            if reference is not None:
                row["same_top5_as_reference"] = sum(a == b for a, b in zip(top5, reference)) / len(dev)
            print(json.dumps(row), flush=True)
            results = [r for r in results if (r["variant"], r["chunks"]) != (variant, n)] + [row]
            args.out.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
