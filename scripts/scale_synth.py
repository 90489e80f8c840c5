"""Synthetic corpora and helpers shared by scripts/bench_scale.py and scripts/bench_lexical.py.

A synthetic chunk = 2-3 random seed sentences + a line with a random reference number, a person's name
and a rare foreign-looking word (random syllables: the long tail of names a real archive's vocabulary
grows by, about 0.7 new words per chunk at 1M chunks, which the name index must hold). Its vector is
synthesized from real embeddings: every seed sentence is embedded once with the real model, and a chunk's
(or sentence's) vector is the normalised mean of its seed sentences' vectors plus small Gaussian noise.
Queries get their real, precomputed embeddings.
"""

from __future__ import annotations

# Before numpy: the offline defaults include one BLAS thread (store/offline.py); numpy loaded first would
# keep OpenBLAS's spinning threads, which slowed the retriever's small matrix products here 3x.
import store.offline  # noqa: F401  # isort: skip

import hashlib
import json
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import numpy as np

from qa.settings import PROJECT_ROOT, Settings
from store.chunking import Chunk, sentence_spans
from store.documents import Document, load_documents
from store.pooling import ChunkVectors

CHUNKS_PER_FILE = 25  # the seed files hold 14-49 chunks each
NOISE = 0.005  # per-dimension σ: |noise| ≈ 0.1 for 384 dims, keeps near-identical combinations apart
FIRST_NAMES = ["أحمد", "فاطمة", "يوسف", "مريم", "خالد", "ليلى", "عمر", "سارة", "حسن", "نور", "طارق", "هدى"]
LAST_NAMES = [
    "الحربي",
    "العلي",
    "الخطيب",
    "النجار",
    "الشامي",
    "المصري",
    "القحطاني",
    "الزين",
    "حداد",
    "سليمان",
]
# Syllables of the rare words: consonants written in transliterated names, a long vowel or none.
RARE_CONSONANTS = "بتدرزسفكلمنغشجه"
RARE_VOWELS = ("ا", "و", "ي", "")
DEV = PROJECT_ROOT / "tests" / "data" / "dev.jsonl"


def seed_sentences(settings: Settings) -> list[str]:
    docs, _ = load_documents(settings.corpus_dir)
    found = [d.text[s.start : s.end] for d in docs for s in sentence_spans(d.text)]
    return sorted({s for s in found if len(s) >= 15 and "\n" not in s})


def bench_queries(sentences: list[str], count: int, rng: np.random.Generator) -> list[str]:
    """The dev questions, topped up with the opening words of random seed sentences."""
    rows = [json.loads(line) for line in DEV.read_text(encoding="utf-8").splitlines() if line.strip()]
    queries = [r["question"] for r in rows][:count]
    for i in rng.choice(len(sentences), size=max(0, count - len(queries)), replace=False):
        queries.append(" ".join(sentences[i].split()[:8]))
    return queries


def rare_word(rng: np.random.Generator) -> str:
    """A random foreign-looking word of 2-4 syllables and a final consonant (كورافين-like)."""
    syllables = [
        rng.choice(list(RARE_CONSONANTS)) + rng.choice(RARE_VOWELS) for _ in range(int(rng.integers(2, 5)))
    ]
    return "".join(syllables) + rng.choice(list(RARE_CONSONANTS))


def variation_line(rng: np.random.Generator) -> str:
    name = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
    return f"المرجع رقم {int(rng.integers(1000, 99999))}، إعداد {name}، عن {rare_word(rng)}."


def synthetic_documents(n_chunks: int, sentences: list[str], rng: np.random.Generator) -> Iterator[Document]:
    """Files of CHUNKS_PER_FILE synthetic chunks; chunk texts are separated by a blank line."""
    for first in range(0, n_chunks, CHUNKS_PER_FILE):
        pieces = []
        for _ in range(min(CHUNKS_PER_FILE, n_chunks - first)):
            picked = rng.choice(len(sentences), size=int(rng.integers(2, 4)), replace=False)
            pieces.append("\n".join([sentences[i] for i in picked] + [variation_line(rng)]))
        text = "\n\n".join(pieces)
        name = f"synthetic/{first // CHUNKS_PER_FILE:06d}.txt"
        yield Document(name, Path(name), text, hashlib.sha256(text.encode()).hexdigest())


def document_chunks(doc: Document) -> list[Chunk]:
    """The synthetic chunks exactly as generated (one per blank-line block), with real offsets and their
    segments (the sentences ingest stores vectors for, as the real chunker hands them over)."""
    chunks: list[Chunk] = []
    start = 0
    for block in doc.text.split("\n\n"):
        end = start + len(block)
        segments = tuple(sentence_spans(doc.text, start, end))
        chunks.append(Chunk(doc.name, len(chunks), start, end, block, segments))
        start = end + 2
    return chunks


class SynthEmbedder:
    """Stands in for the model during the store benchmark (same interface as store.embedder.Embedder)."""

    engine_name = "synthetic"

    def __init__(
        self, sentences: list[str], prep: dict[str, np.ndarray], queries: list[str], seed: int
    ) -> None:
        self.lookup = dict(zip(sentences, prep["sentences"]))
        self.variation = prep["variation"]
        self.queries = dict(zip(queries, prep["queries"]))
        self.rng = np.random.default_rng(seed)
        self.seconds = 0.0  # time spent here, subtracted from the store's ingest time

    def _vector(self, text: str) -> np.ndarray:
        known = [
            self.lookup[s] for s in (text[p.start : p.end] for p in sentence_spans(text)) if s in self.lookup
        ]
        vec = np.mean(known, axis=0) if known else self.variation
        vec = vec / np.linalg.norm(vec) + self.rng.normal(0.0, NOISE, vec.shape)
        return vec / np.linalg.norm(vec)

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        started = time.perf_counter()
        out = np.asarray([self._vector(t) for t in texts], dtype=np.float32).reshape(len(texts), -1)
        self.seconds += time.perf_counter() - started
        return out

    def embed_chunks(self, texts: list[str], spans: list[list[tuple[int, int]]]) -> ChunkVectors:
        sentences = [self.embed_passages([t[a:b] for a, b in s]) for t, s in zip(texts, spans)]
        return ChunkVectors(self.embed_passages(texts), sentences)

    def embed_query(self, text: str) -> np.ndarray:
        return self.queries[text]


# --- processes: a Chroma server, memory and disk ----------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(path: Path, log: Path) -> tuple[subprocess.Popen, str]:
    """A real `chroma run` on loopback; returns once its heartbeat answers."""
    import chromadb

    port = free_port()
    cmd = [str(Path(sys.executable).parent / "chroma"), "run", "--path", str(path), "--host", "127.0.0.1"]
    with log.open("wb") as out:  # a file, not a pipe: a full pipe would stall the server
        proc = subprocess.Popen([*cmd, "--port", str(port)], stdout=out, stderr=subprocess.STDOUT)
    for _ in range(240):
        try:
            chromadb.HttpClient(host="127.0.0.1", port=port).heartbeat()
            return proc, f"http://127.0.0.1:{port}"
        except Exception:  # not up yet
            if proc.poll() is not None:
                break
            time.sleep(0.25)
    stop_server(proc)
    raise RuntimeError(f"chroma run did not start: {log.read_text(errors='replace')[-1000:]}")


def stop_server(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=60)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def peak_rss_mb(pid: int | str = "self") -> float:
    """Peak resident memory (VmHWM) of a live process. Not getrusage's ru_maxrss: on Linux that keeps the
    high-water mark from before exec, i.e. the parent's, which has the embedding model loaded."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def dir_mb(path: Path) -> float:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / 2**20 if path.exists() else 0.0
