"""The dense leg gives the same nearest chunks in every process: Chroma rebuilds a collection's HNSW graph
when a process opens it (one written by several ingests), and an approximate search over two such graphs
disagreed on the tail (docs/retrieval.md). A real embedded Chroma, random vectors (the hard case)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np

from store.chunking import Chunk

_ADD = """
import sys
import numpy as np
from store.chunking import Chunk
from store.vectors import VectorStore
store = VectorStore("qa-search", __import__("pathlib").Path(sys.argv[1]), None)
vectors = np.random.default_rng(7).standard_normal((420, 384)).astype(np.float32)
start = int(sys.argv[2])
chunks = [Chunk(f"docs/{n // 10}.txt", n % 10, n, n + 1, f"x{n}") for n in range(start, start + 60)]
store.add(chunks, vectors[start : start + 60])
"""

_SEARCH = """
import json, sys
import numpy as np
from store.vectors import VectorStore
store = VectorStore("qa-search", __import__("pathlib").Path(sys.argv[1]), None)
queries = np.load(sys.argv[2])
print(json.dumps([[i for i, _ in store.query(q, 60)] for q in queries]))
"""


def test_the_nearest_chunks_are_the_same_in_two_processes(tmp_path: Path) -> None:
    rng = np.random.default_rng(7)
    vectors = rng.standard_normal((420, 384)).astype(np.float32)
    chunks = [Chunk(f"docs/{n // 10}.txt", n % 10, n, n + 1, f"x{n}") for n in range(len(vectors))]
    for start in range(0, len(chunks), 60):  # ingests of a few files each, by separate processes
        subprocess.run([sys.executable, "-c", _ADD, str(tmp_path / "chroma"), str(start)], check=True)
    queries = tmp_path / "queries.npy"
    np.save(queries, rng.standard_normal((20, 384)).astype(np.float32))
    command = [sys.executable, "-c", _SEARCH, str(tmp_path / "chroma"), str(queries)]
    first, second = (json.loads(subprocess.run(command, capture_output=True, text=True, check=True).stdout)
                     for _ in range(2))  # fmt: skip
    assert first == second
    exact = [np.argsort(-(vectors / np.linalg.norm(vectors, axis=1, keepdims=True)) @ (q / np.linalg.norm(q)))
             for q in np.load(queries)]  # fmt: skip
    ids = [c.chunk_id for c in chunks]
    overlaps = [len({ids[j] for j in order[:60]} & set(found)) / 60 for order, found in zip(exact, first)]
    assert np.mean(overlaps) >= 0.95
