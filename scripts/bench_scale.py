"""Scale benchmark of the store: ingest throughput, disk size, peak memory and hybrid query latency for
synthetic Arabic corpora of 1k / 10k / 100k chunks, with Chroma embedded and as a `chroma run` server.

Embedding 100k chunks with the real model is out of reach on 2 CPU cores (~10 passages/s), so:
  * the model's throughput is measured separately, on the real seed chunks and sentences;
  * the store is fed vectors synthesized from real embeddings: every seed sentence is embedded once
    with the real model, and a synthetic chunk's vector is the normalised mean of its sentences'
    vectors plus small Gaussian noise (the same for the per-sentence vectors of the manifest).
Synthetic chunks = 2-3 random seed sentences + a line with a random reference number and name, written
through the real ingest path (Index._index_document: VectorStore.add, Manifest.replace_file, BM25).
Each (size, mode) runs in a fresh subprocess so its peak RSS is its own.

    nice -n 10 .venv/bin/python scripts/bench_scale.py --sizes 1000,10000,100000 --modes embedded,server
"""

from __future__ import annotations

import argparse
import hashlib
import json
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from qa.open_index import index_config  # noqa: E402
from qa.settings import PROJECT_ROOT, Settings  # noqa: E402
from store.chunking import Chunk, chunk_document, sentence_spans  # noqa: E402
from store.documents import Document, load_documents  # noqa: E402
from store.embedder import Embedder  # noqa: E402
from store.index import Index  # noqa: E402

CHUNKS_PER_FILE = 25  # the seed files hold 14-49 chunks each
NOISE = 0.005  # per-dimension σ: |noise| ≈ 0.1 for 384 dims, keeps near-identical combinations apart
WARMUP = 3
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
DEV = PROJECT_ROOT / "tests" / "data" / "dev.jsonl"


# --- preparation (parent process, real model) ---------------------------------------------------


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


def prepare(settings: Settings, workdir: Path, n_queries: int, rng: np.random.Generator) -> dict:
    """Embed seed sentences, the variation line and the queries once with the real model, timing it."""
    config = index_config(settings)
    embedder = Embedder(config.embedding_model, config.models_dir, config.query_prefix, config.passage_prefix)
    embedder.embed_passages(["تحميل النموذج."])  # load once, outside the timings
    docs, _ = load_documents(settings.corpus_dir)
    chunks = [
        c.text
        for d in docs
        for c in chunk_document(d.name, d.text, settings.chunk_size, settings.chunk_overlap)
    ]
    started = time.perf_counter()
    embedder.embed_passages(chunks)
    chunk_s = time.perf_counter() - started
    sentences = seed_sentences(settings)
    started = time.perf_counter()
    sentence_vecs = np.asarray(embedder.embed_passages(sentences), dtype=np.float32)
    sentence_s = time.perf_counter() - started
    variation = np.asarray(embedder.embed_passages([variation_line(rng)])[0], dtype=np.float32)
    queries = bench_queries(sentences, n_queries, rng)
    started = time.perf_counter()
    query_vecs = np.asarray([embedder.embed_query(q) for q in queries], dtype=np.float32)
    query_s = time.perf_counter() - started
    np.savez(workdir / "prep.npz", sentences=sentence_vecs, variation=variation, queries=query_vecs)
    meta = {
        "sentences": sentences,
        "queries": queries,
        "model": {
            "name": settings.embedding_model,
            "chunks": len(chunks),
            "chunk_s": chunk_s,
            "sentences": len(sentences),
            "sentence_s": sentence_s,
            "query_ms": 1000 * query_s / len(queries),
        },
    }
    (workdir / "prep.json").write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
    return meta


# --- synthetic corpus ----------------------------------------------------------------------------


def variation_line(rng: np.random.Generator) -> str:
    name = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
    return f"المرجع رقم {int(rng.integers(1000, 99999))}، إعداد {name}."


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
    """The synthetic chunks exactly as generated (one per blank-line block), with real offsets."""
    chunks: list[Chunk] = []
    start = 0
    for block in doc.text.split("\n\n"):
        chunks.append(Chunk(doc.name, len(chunks), start, start + len(block), block))
        start += len(block) + 2
    return chunks


class SynthEmbedder:
    """Stands in for the model during the store benchmark: vector(text) = normalised mean of the real
    vectors of its seed sentences + noise. Queries get their real, precomputed embeddings."""

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
            self.lookup[s]
            for s in (text[sp.start : sp.end] for sp in sentence_spans(text))
            if s in self.lookup
        ]
        vec = np.mean(known, axis=0) if known else self.variation
        vec = vec / np.linalg.norm(vec) + self.rng.normal(0.0, NOISE, vec.shape)
        return vec / np.linalg.norm(vec)

    def embed_passages(self, texts: list[str]) -> list[list[float]]:
        started = time.perf_counter()
        out = [self._vector(t).astype(np.float32).tolist() for t in texts]
        self.seconds += time.perf_counter() - started
        return out

    def embed_query(self, text: str) -> list[float]:
        return self.queries[text].tolist()


# --- one (size, mode) run, in its own process ----------------------------------------------------


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


def ingest(index: Index, size: int, sentences: list[str], seed: int) -> tuple[float, int]:
    """Write `size` synthetic chunks through the real per-file ingest step; (seconds, files)."""
    index._lexical()  # BM25 built (empty) first, so ingest maintains it as the open UI's index does
    files = 0
    started = time.perf_counter()
    for doc in synthetic_documents(size, sentences, np.random.default_rng(seed)):
        # The private step is the real path minus folder scanning: vectors, manifest, BM25.
        index._index_document(doc, document_chunks(doc), "synthetic")
        files += 1
    return time.perf_counter() - started, files


def query_latencies(index: Index, settings: Settings, queries: list[str]) -> list[float]:
    from qa.retrieve import Retriever

    retriever = Retriever(index, settings)
    for query in queries[:WARMUP]:
        retriever.retrieve(query, mode="hybrid")
    times = []
    for query in queries:
        started = time.perf_counter()
        retriever.retrieve(query, mode="hybrid")
        times.append(time.perf_counter() - started)
    return times


def bm25_rebuild_seconds(index: Index) -> float:
    """What reopening the index costs before the first lexical search: BM25 rebuilt from the manifest."""
    index._bm25 = None
    started = time.perf_counter()
    index._lexical()
    return time.perf_counter() - started


@dataclass
class RunResult:
    size: int
    mode: str
    files: int
    ingest_s: float
    chunks_per_s: float
    chroma_mb: float
    manifest_mb: float
    rss_mb: float
    server_rss_mb: float
    bm25_rebuild_s: float
    p50_ms: float
    p95_ms: float


def run_one(size: int, mode: str, workdir: Path, seed: int) -> RunResult:
    meta = json.loads((workdir / "prep.json").read_text(encoding="utf-8"))
    prep = dict(np.load(workdir / "prep.npz"))
    run_dir = workdir / f"{mode}-{size}"
    run_dir.mkdir(parents=True, exist_ok=True)
    server, url = (
        start_server(run_dir / "server", run_dir / "server.log") if mode == "server" else (None, None)
    )
    try:
        settings = Settings(data_dir=run_dir / "data", chroma_url=url)
        index = Index(index_config(settings))
        index.embedder = SynthEmbedder(meta["sentences"], prep, meta["queries"], seed)  # type: ignore[assignment]
        seconds, files = ingest(index, size, meta["sentences"], seed)
        store_s = seconds - index.embedder.seconds
        times = query_latencies(index, settings, meta["queries"])
        rebuild_s = bm25_rebuild_seconds(index)
        index.close()
        server_rss = peak_rss_mb(server.pid) if server else 0.0
    finally:
        if server:
            stop_server(server)
    chroma_dir = run_dir / ("server" if server else "data/chroma")
    return RunResult(
        size=size,
        mode=mode,
        files=files,
        ingest_s=store_s,
        chunks_per_s=size / store_s,
        chroma_mb=dir_mb(chroma_dir),
        manifest_mb=dir_mb(run_dir / "data" / "indexes"),
        rss_mb=peak_rss_mb(),
        server_rss_mb=server_rss,
        bm25_rebuild_s=rebuild_s,
        p50_ms=1000 * float(np.percentile(times, 50)),
        p95_ms=1000 * float(np.percentile(times, 95)),
    )


def run_in_subprocess(size: int, mode: str, workdir: Path, seed: int) -> RunResult:
    cmd = [
        sys.executable,
        __file__,
        "--worker",
        f"{size}:{mode}",
        "--workdir",
        str(workdir),
        "--seed",
        str(seed),
    ]
    done = subprocess.run(cmd, capture_output=True, text=True)
    if done.returncode:
        raise RuntimeError(f"{size}:{mode} failed:\n{done.stderr[-3000:]}")
    result = RunResult(**json.loads(done.stdout.strip().splitlines()[-1]))
    shutil.rmtree(workdir / f"{mode}-{size}", ignore_errors=True)  # 100k runs take ~1 GB each
    return result


# --- report --------------------------------------------------------------------------------------


def model_line(model: dict) -> str:
    chunk_rate = model["chunks"] / model["chunk_s"]
    sentence_rate = model["sentences"] / model["sentence_s"]
    # Real ingest embeds every chunk and every sentence of a file (for the best-sentence leg).
    per_chunk_s = 1 / chunk_rate + (model["sentences"] / model["chunks"]) / sentence_rate
    return (
        f"Real embedding model ({model['name']}, CPU, measured here): {chunk_rate:.1f} chunks/s on the "
        f"{model['chunks']} seed chunks, {sentence_rate:.1f} sentences/s on the {model['sentences']} seed "
        f"sentences, query embedding {model['query_ms']:.0f} ms. Real ingest embeds each chunk and each of "
        f"its file's sentences, so with the model it runs at about **{1 / per_chunk_s:.1f} chunks/s** — "
        "the embedding model, not the store, bounds real ingest."
    )


REPORT = """# Scale benchmark (store: Chroma + manifest + BM25)

Generated by `scripts/bench_scale.py` on a shared 2-core machine (other jobs were running: indicative
numbers).

**Synthetic data, synthesized vectors.** Each chunk is 2-3 random seed sentences plus a line with a
random reference number and name. Its vector is *not* computed by the model: every seed sentence was
embedded once with the real model, and a chunk's (or sentence's) vector is the normalised mean of its
sentences' real vectors plus Gaussian noise (σ={noise}/dim). The data goes through the real per-file
ingest step (`VectorStore.add`, `Manifest.replace_file`, BM25 kept up to date); ingest time excludes the
vector synthesis. Query latency: hybrid retrieval (dense + BM25 + best sentence, top-5 of 30 candidates
per leg) over {queries} queries (the 30 dev questions + openings of seed sentences) with precomputed
real query embeddings: the query-embedding time below comes on top. Server mode = a fresh `chroma run`
on 127.0.0.1 per size; its peak RSS is reported separately from the client's.

{model}

| chunks | mode | ingest chunks/s | ingest s | Chroma MB | manifest MB | peak RSS MB (client) \
| peak RSS MB (server) | BM25 rebuild s | hybrid p50 ms | hybrid p95 ms |
|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|
{rows}

BM25 rebuild = rebuilding the in-memory BM25 from the manifest, paid once by the first lexical search
after (re)opening the index. Disk: the Chroma folder (embedded `data/chroma`, or the server's `--path`)
and the manifest (SQLite: file texts, chunks + BM25 terms, float16 sentence vectors).

Caveat for BM25: the synthetic chunks recombine only the {sentences} seed sentences, so the vocabulary is
tiny and posting lists are much longer than in a real corpus of the same size. The in-memory BM25 (pure
Python, stems + character trigrams) visits every posting of every query term, so its cost, and with it
the hybrid latency at 100k, is pessimistic here; it still grows linearly with the corpus.
"""


def table_row(r: RunResult) -> str:
    server_rss = f"{r.server_rss_mb:,.0f}" if r.mode == "server" else "–"
    return (
        f"| {r.size:,} | {r.mode} | {r.chunks_per_s:,.0f} | {r.ingest_s:.1f} | {r.chroma_mb:,.0f} "
        f"| {r.manifest_mb:,.0f} | {r.rss_mb:,.0f} | {server_rss} | {r.bm25_rebuild_s:.2f} "
        f"| {r.p50_ms:.0f} | {r.p95_ms:.0f} |"
    )


def markdown(results: list[RunResult], model: dict, n_queries: int) -> str:
    rows = "\n".join(table_row(r) for r in results)
    return REPORT.format(
        noise=NOISE, queries=n_queries, model=model_line(model), rows=rows, sentences=model["sentences"]
    )


def plot(results: list[RunResult], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, (lat, thr) = plt.subplots(1, 2, figsize=(11, 4.2))
    for mode, color in (("embedded", "tab:blue"), ("server", "tab:orange")):
        runs = sorted((r for r in results if r.mode == mode), key=lambda r: r.size)
        if not runs:
            continue
        sizes = [r.size for r in runs]
        lat.plot(sizes, [r.p50_ms for r in runs], "o-", color=color, label=f"{mode} p50")
        lat.plot(sizes, [r.p95_ms for r in runs], "s--", color=color, label=f"{mode} p95")
        thr.plot(sizes, [r.chunks_per_s for r in runs], "o-", color=color, label=mode)
    thr.set_ylim(bottom=0)
    lat.set_yscale("log")  # latency spans 20 ms to seconds: linear would flatten the small sizes
    for ax, title, unit in (
        (lat, "Hybrid query latency (log scale)", "ms"),
        (thr, "Store ingest throughput", "chunks/s"),
    ):
        ax.set_xscale("log")
        ax.set_xlabel("corpus size (chunks)")
        ax.set_ylabel(unit)
        ax.set_title(title)
        ax.grid(True, which="both", alpha=0.3)
        ax.legend()
    fig.suptitle(
        "Store scale benchmark (synthetic chunks, vectors synthesized from real embeddings)", fontsize=10
    )
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--sizes", default="1000,10000,100000", help="corpus sizes in chunks, comma-separated"
    )
    parser.add_argument("--modes", default="embedded,server", help="embedded and/or server")
    parser.add_argument("--out", type=Path, default=PROJECT_ROOT / "docs", help="folder for the .md and .png")
    parser.add_argument("--queries", type=int, default=50, help="queries timed per run")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--workdir", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--worker", help=argparse.SUPPRESS)  # SIZE:MODE, internal
    return parser.parse_args()


def main() -> None:
    args = parse_args()
    if args.worker:
        size, mode = args.worker.split(":")
        print(json.dumps(run_one(int(size), mode, args.workdir, args.seed).__dict__))
        return
    with tempfile.TemporaryDirectory(prefix="bench-scale-") as tmp:
        workdir = Path(tmp)
        print("embedding seed sentences and queries with the real model …", flush=True)
        meta = prepare(Settings(), workdir, args.queries, np.random.default_rng(args.seed))
        print(model_line(meta["model"]), flush=True)
        results: list[RunResult] = []
        for size in (int(s) for s in args.sizes.split(",")):
            for mode in args.modes.split(","):
                results.append(run_in_subprocess(size, mode, workdir, args.seed))
                print(json.dumps(results[-1].__dict__), flush=True)
                args.out.mkdir(
                    parents=True, exist_ok=True
                )  # rewritten after each run: partial results survive
                (args.out / "scale-benchmark.md").write_text(
                    markdown(results, meta["model"], len(meta["queries"])), encoding="utf-8"
                )
                plot(results, args.out / "scale-benchmark.png")


if __name__ == "__main__":
    main()
