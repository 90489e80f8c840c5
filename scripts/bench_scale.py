"""Scale benchmark of the store: the growth curve from 1k to 1M chunks — ingest rate, disk, peak memory,
the first question (cold, and after Index.warm) and query latency (hybrid, English questions, a plain
dense search as the reference) — with Chroma embedded and as a `chroma run` server.

Embedding a million chunks with the real model is out of reach on 2 CPU cores, so the store is fed
vectors synthesized from real embeddings (scripts/scale_synth.py) and the model's own rate is measured by
scripts/bench_ingest.py. Synthetic chunks go through the real batched ingest path (store.ingest.Ingest:
one Chroma write and one SQLite transaction per batch, lexical postings, name index, sentence vectors)
minus file reading; queries run the real Retriever (dense + lexical + best sentence, hubness, names,
topics) with real, precomputed query embeddings (the dev questions, half of them English, topped up with
seed sentence openings). Each (size, mode) is built in one process and measured in two fresh others (a
cold first question; then warm-up and timings), so each peak RSS is its own; a build that reaches
--time-limit stops ingesting and is measured at the size it reached (the table says so).

    nice -n 10 .venv/bin/python scripts/bench_scale.py --sizes 1000,10000,100000,1000000 \
        --server-sizes 10000 --keep /tmp/bench-scale-indexes

With --keep, every index is kept in that folder and a later run measures it again instead of ingesting it
again (a 1M-chunk ingest takes about 40 minutes on a quiet machine here, 2.5 hours beside other jobs);
--build-only builds them and measures nothing.
"""

from __future__ import annotations

# Before numpy: the offline defaults include one BLAS thread (store/offline.py); numpy loaded first would
# keep OpenBLAS's spinning threads, which slowed the retriever's small matrix products here 3x.
import store.offline  # noqa: F401  # isort: skip

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from scale_synth import (  # noqa: E402
    SynthEmbedder,
    bench_queries,
    dir_mb,
    document_chunks,
    peak_rss_mb,
    seed_sentences,
    start_server,
    stop_server,
    synthetic_documents,
    variation_line,
)

from qa.open_index import index_config  # noqa: E402
from qa.settings import PROJECT_ROOT, Settings  # noqa: E402
from store.chunking import Chunk  # noqa: E402
from store.documents import Document  # noqa: E402
from store.index import Index  # noqa: E402
from store.ingest import Ingest, _Todo  # noqa: E402

WARMUP = 3


def prepare(settings: Settings, workdir: Path, n_queries: int, rng: np.random.Generator) -> dict:
    """Embed seed sentences, the variation line, the queries and the hubness bank once (real model)."""
    from qa.retrieve import query_bank
    from store.embedder import create_embedder

    config = index_config(settings)
    embedder, _ = create_embedder(
        config.embedding_model, config.models_dir, config.query_prefix, config.passage_prefix,
        engine=config.embedding_engine, native_dir=config.native_dir,
    )  # fmt: skip
    sentences = seed_sentences(settings)
    queries = bench_queries(sentences, n_queries, rng)
    everything = list(dict.fromkeys([*queries, *query_bank.ENGLISH, *query_bank.ARABIC]))
    np.savez(
        workdir / "prep.npz",
        sentences=np.asarray(embedder.embed_passages(sentences), dtype=np.float32),
        variation=np.asarray(embedder.embed_passages([variation_line(rng)])[0], dtype=np.float32),
        queries=np.asarray([embedder.embed_query(q) for q in everything], dtype=np.float32),
    )
    meta = {
        "sentences": sentences,
        "queries": queries,
        "all_queries": everything,
        "engine": embedder.engine_name,
    }
    (workdir / "prep.json").write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
    return meta


class SynthIngest(Ingest):
    """The real batched ingest, fed synthetic documents chunked exactly as generated."""

    def _chunks(self, doc: Document) -> Iterator[Chunk]:
        return iter(document_chunks(doc))

    def documents(self, docs: Iterator[Document], limit_s: float) -> float:
        started = time.perf_counter()
        for doc in docs:
            self._ingest_file(_Todo(doc.path, doc.name, doc.sha256, 0, False, doc), "synthetic")
            if limit_s and time.perf_counter() - started > limit_s:
                break
        self._flush()
        return time.perf_counter() - started


def _synth(index: Index, meta: dict, prep: dict, seed: int) -> SynthEmbedder:
    embedder = SynthEmbedder(meta["sentences"], prep, meta["all_queries"], seed)
    index.embedder = embedder  # type: ignore[assignment]
    return embedder


def latencies(index: Index, settings: Settings, queries: list[str], mode: str) -> tuple[list, list]:
    """(wall, cpu) seconds per query of Retriever.retrieve in `mode` (after a warm-up)."""
    from qa.retrieve import Retriever

    retriever = Retriever(index, settings)
    for query in queries[:WARMUP]:
        retriever.retrieve(query, mode=mode)
    walls, cpus = [], []
    for query in queries:
        wall, cpu = time.perf_counter(), time.process_time()
        retriever.retrieve(query, mode=mode)
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return walls, cpus


def lexical_index_latencies(index: Index, settings: Settings, queries: list[str]) -> list[float]:
    """Seconds per query of the lexical index alone (the bm25 leg without the rest of the retriever)."""
    walls = []
    for query in queries:
        started = time.perf_counter()
        index.lexical_search(query, settings.candidates)
        walls.append(time.perf_counter() - started)
    return walls


@dataclass
class RunResult:
    size: int  # chunks asked for
    mode: str
    chunks: int  # chunks reached (less than size when the time limit stopped the ingest)
    ingest_s: float
    chunks_per_s: float
    chroma_mb: float
    manifest_mb: float
    rss_mb: float  # peak RSS of the process that built the index (the build's own, with --keep)
    server_rss_mb: float
    open_s: float  # open the index and answer the first question (English, hybrid), no warm-up, fresh process
    p50_ms: float  # hybrid, every timed question
    p95_ms: float
    cpu_p50_ms: float
    cpu_p95_ms: float
    lexical_p95_ms: float  # the whole retriever in bm25 mode (names, candidates, best sentence included)
    load_avg: float
    index_p50_ms: float | None = None  # the lexical index alone (Index.lexical_search)
    index_p95_ms: float | None = None
    first_s: float | None = None  # the first question alone (English, hybrid), right after the open
    query_rss_mb: float | None = None  # peak RSS of the process that opened the index and asked
    warm_s: float | None = None  # Index.warm() (a long-running process, before its first question)
    warm_first_s: float | None = None  # the first question after Index.warm()
    dense_p50_ms: float | None = None  # a plain dense search (Index.dense_search_vector), same questions
    dense_p95_ms: float | None = None
    english_p50_ms: float | None = None  # hybrid, the English questions only (names looked up)
    english_p95_ms: float | None = None
    load_during: str = ""  # 1-minute load average before and after the timed questions


def _ms(values: list[float], q: float) -> float:
    return round(1000 * float(np.percentile(values, q)), 1)


def _ingest(index: Index, meta: dict, prep: dict, size: int, seed: int, limit_s: float) -> dict:
    """Ingest `size` synthetic chunks (or as many as `limit_s` allows); returns the ingest record."""
    embedder = _synth(index, meta, prep, seed)
    docs = synthetic_documents(size, meta["sentences"], np.random.default_rng(seed))
    seconds = SynthIngest(index, None).documents(docs, limit_s) - embedder.seconds
    return {"chunks": index.manifest.count_chunks(), "seconds": seconds, "rss_mb": peak_rss_mb()}


def _run_dir(workdir: Path, size: int, mode: str) -> Path:
    return workdir / f"{mode}-{size}"


def build_one(size: int, mode: str, workdir: Path, seed: int, limit_s: float) -> dict:
    """Build one index unless kept (its ingest.json says how the build went); its own process, so the
    measuring process's peak memory is the questions' alone."""
    run_dir = _run_dir(workdir, size, mode)
    record_path = run_dir / "ingest.json"
    if record_path.exists():
        return json.loads(record_path.read_text())
    meta = json.loads((workdir / "prep.json").read_text(encoding="utf-8"))
    prep = dict(np.load(workdir / "prep.npz"))
    run_dir.mkdir(parents=True, exist_ok=True)
    server, url = _server(run_dir, mode)
    try:
        index = Index(index_config(Settings(data_dir=run_dir / "data", chroma_url=url)))
        built = _ingest(index, meta, prep, size, seed, limit_s)
        index.close()
        built["server_rss_mb"] = peak_rss_mb(server.pid) if server else 0.0
    finally:
        if server:
            stop_server(server)
    record_path.write_text(json.dumps(built))
    return built


def _server(run_dir: Path, mode: str) -> tuple[subprocess.Popen | None, str | None]:
    if mode != "server":
        return None, None
    return start_server(run_dir / "server", run_dir / "server.log")


def _english(queries: list[str]) -> list[str]:
    from store.arabic import is_arabic

    return [q for q in queries if not is_arabic(q)]


def dense_latencies(index: Index, settings: Settings, queries: list[str]) -> list[float]:
    """Seconds per plain dense search (the query vector, Chroma, the ids checked in the manifest)."""
    walls = []
    for query in queries:
        started = time.perf_counter()
        index.dense_search_vector(index.embed_query(query), settings.candidates)
        walls.append(time.perf_counter() - started)
    return walls


def _open(settings: Settings, meta: dict, prep: dict, seed: int) -> tuple[Index, object]:
    from qa.retrieve import Retriever

    index = Index(index_config(settings))
    _synth(index, meta, prep, seed)
    return index, Retriever(index, settings)


def _timed(call: Callable[[], object]) -> float:
    started = time.perf_counter()
    call()
    return time.perf_counter() - started


def first_question(size: int, mode: str, workdir: Path, seed: int) -> dict:
    """A fresh process opens the index and asks one English question, cold (what `qa ask` pays)."""
    meta = json.loads((workdir / "prep.json").read_text(encoding="utf-8"))
    prep = dict(np.load(workdir / "prep.npz"))
    run_dir = _run_dir(workdir, size, mode)
    server, url = _server(run_dir, mode)
    try:
        started = time.perf_counter()
        index, retriever = _open(Settings(data_dir=run_dir / "data", chroma_url=url), meta, prep, seed)
        first_s = _timed(lambda: retriever.retrieve(_english(meta["queries"])[0], mode="hybrid"))
        open_s = time.perf_counter() - started
        index.close()
    finally:
        if server:
            stop_server(server)
    return {"open_s": round(open_s, 2), "first_s": round(first_s, 3), "rss_mb": round(peak_rss_mb())}


def measure_one(size: int, mode: str, workdir: Path, seed: int) -> dict:
    """A fresh process opens the index, warms it (Index.warm, as a service would), asks its first
    question, then times every kind of search; peak RSS is this process's."""
    import os

    meta = json.loads((workdir / "prep.json").read_text(encoding="utf-8"))
    prep = dict(np.load(workdir / "prep.npz"))
    run_dir = _run_dir(workdir, size, mode)
    server, url = _server(run_dir, mode)
    try:
        settings = Settings(data_dir=run_dir / "data", chroma_url=url)
        index, retriever = _open(settings, meta, prep, seed)
        english = _english(meta["queries"])
        warm_s = _timed(index.warm) if hasattr(index, "warm") else 0.0  # the code before had none
        warm_first_s = _timed(lambda: retriever.retrieve(english[0], mode="hybrid"))
        load_before = os.getloadavg()[0]
        # plain dense first and last, so that its runs see the same machine as the hybrid ones
        dense = dense_latencies(index, settings, meta["queries"])
        walls, cpus = latencies(index, settings, meta["queries"], "hybrid")
        english_walls, _ = latencies(index, settings, english, "hybrid")
        lexical, _ = latencies(index, settings, meta["queries"], "bm25")
        alone = lexical_index_latencies(index, settings, meta["queries"])
        dense += dense_latencies(index, settings, meta["queries"])
        load_after = os.getloadavg()[0]
        index.close()
        server_rss = peak_rss_mb(server.pid) if server else 0.0
    finally:
        if server:
            stop_server(server)
    return {
        "warm_s": round(warm_s, 2), "warm_first_s": round(warm_first_s, 3),
        "query_rss_mb": round(peak_rss_mb()), "server_rss_mb": round(server_rss),
        "p50_ms": _ms(walls, 50), "p95_ms": _ms(walls, 95),
        "cpu_p50_ms": _ms(cpus, 50), "cpu_p95_ms": _ms(cpus, 95), "lexical_p95_ms": _ms(lexical, 95),
        "index_p50_ms": _ms(alone, 50), "index_p95_ms": _ms(alone, 95),
        "dense_p50_ms": _ms(dense, 50), "dense_p95_ms": _ms(dense, 95),
        "english_p50_ms": _ms(english_walls, 50), "english_p95_ms": _ms(english_walls, 95),
        "load_avg": round(load_after, 1), "load_during": f"{load_before:.1f}-{load_after:.1f}",
    }  # fmt: skip


def run_one(size: int, mode: str, workdir: Path, measured: dict, built: dict) -> RunResult:
    run_dir = _run_dir(workdir, size, mode)
    chunks, seconds = built["chunks"], built["seconds"]
    return RunResult(
        size=size, mode=mode, chunks=chunks, ingest_s=round(seconds, 1),
        chunks_per_s=round(chunks / seconds, 1),
        chroma_mb=round(dir_mb(run_dir / ("server" if mode == "server" else "data/chroma")), 1),
        manifest_mb=round(dir_mb(run_dir / "data" / "indexes"), 1),
        rss_mb=round(built["rss_mb"]), **measured,
    )  # fmt: skip


def _worker(step: str, size: int, mode: str, workdir: Path, seed: int, limit_s: float) -> dict:
    cmd = [sys.executable, __file__, "--worker", f"{size}:{mode}:{step}", "--workdir", str(workdir)]
    done = subprocess.run(
        [*cmd, "--seed", str(seed), "--time-limit", str(limit_s)], capture_output=True, text=True
    )
    if done.returncode:
        raise RuntimeError(f"{size}:{mode} {step} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def run_in_subprocess(
    size: int, mode: str, workdir: Path, seed: int, limit_s: float, keep: bool = False
) -> RunResult:
    """Build (or reuse) in one process, measure in another."""
    built = _worker("build", size, mode, workdir, seed, limit_s)
    cold = _worker("first", size, mode, workdir, seed, limit_s)
    measured = _worker("measure", size, mode, workdir, seed, limit_s)
    measured.update(open_s=cold["open_s"], first_s=cold["first_s"])
    measured["query_rss_mb"] = max(measured["query_rss_mb"], cold["rss_mb"])
    if mode == "server":
        measured["server_rss_mb"] = max(measured["server_rss_mb"], built.get("server_rss_mb", 0.0))
    result = run_one(size, mode, workdir, measured, built)
    if not keep:
        shutil.rmtree(_run_dir(workdir, size, mode), ignore_errors=True)  # big runs take GBs
    return result


# --- report --------------------------------------------------------------------------------------

COLUMNS = (
    "| chunks | mode | ingest chunks/s | Chroma MB | manifest MB | peak RSS MB build | peak RSS MB questions "
    "| peak RSS MB server | open + first question s | first question s | warm-up s | first after warm-up s "
    "| dense p50 / p95 ms | hybrid p50 / p95 ms | hybrid / dense p95 | English p50 / p95 ms "
    "| CPU p50 / p95 ms | bm25 mode p95 ms | lexical index p50 / p95 ms | load |"
)


def _pair(low: float | None, high: float | None, digits: int = 0) -> str:
    return "–" if low is None or high is None else f"{low:.{digits}f} / {high:.{digits}f}"


def _value(value: float | None, spec: str) -> str:
    return "–" if value is None else format(value, spec)


def table_row(r: RunResult) -> str:
    reached = f"{r.chunks:,}" + ("" if r.chunks >= r.size else f" (of {r.size:,}: time limit)")
    server = f"{r.server_rss_mb:,.0f}" if r.mode == "server" else "–"
    ratio = f"{r.p95_ms / r.dense_p95_ms:.1f}" if r.dense_p95_ms else "–"
    cells = [
        reached, r.mode, f"{r.chunks_per_s:,.0f}", f"{r.chroma_mb:,.0f}", f"{r.manifest_mb:,.0f}",
        f"{r.rss_mb:,.0f}", _value(r.query_rss_mb, ",.0f"), server, f"{r.open_s:.2f}",
        _value(r.first_s, ".2f"), _value(r.warm_s, ".2f"), _value(r.warm_first_s, ".2f"),
        _pair(r.dense_p50_ms, r.dense_p95_ms, 1), _pair(r.p50_ms, r.p95_ms), ratio,
        _pair(r.english_p50_ms, r.english_p95_ms), _pair(r.cpu_p50_ms, r.cpu_p95_ms),
        f"{r.lexical_p95_ms:.0f}", _pair(r.index_p50_ms, r.index_p95_ms, 1),
        r.load_during or f"{r.load_avg:g}",
    ]  # fmt: skip
    return "| " + " | ".join(cells) + " |"


def markdown(results: list[RunResult], engine: str) -> str:
    rows = "\n".join(table_row(r) for r in sorted(results, key=lambda r: (r.mode, r.size)))
    rule = "|---:|---|" + "---:|" * (COLUMNS.count("|") - 3)
    return (
        "# Scale benchmark (store: Chroma + manifest + persistent lexical and name indexes)\n\n"
        f"Generated {time.strftime('%Y-%m-%d')} by `scripts/bench_scale.py` on a shared 2-core machine "
        "(other jobs were running: `load` is the 1-minute load average before and after the timed "
        "questions; wall-clock numbers are inflated by it, CPU numbers much less). Synthetic chunks, vectors "
        f"synthesized from real embeddings ({engine} engine); see the script's docstring and docs/scale.md. "
        "With `--keep`, an index built by an earlier run is measured again with the current code, and its "
        "ingest columns and build RSS are that build's. Each index is opened by two fresh processes: one "
        "asks a single English question cold (`open + first question`, `first question`: what `qa ask` "
        "pays), the other runs `Index.warm()` (what a service does before its first question), asks the "
        "same question, then times everything else; `peak RSS MB questions` is the larger of the two. "
        "`dense` is a plain dense search (Index.dense_search_vector) over the same questions in the same "
        "process, the reference for the hybrid ratio. `bm25 mode` is the whole retriever with only the "
        "lexical leg (names, candidates and best sentence included); `lexical index` is "
        "Index.lexical_search alone. Query embeddings are precomputed (the model's ~70 ms per question "
        "comes on top).\n\n"
        f"{COLUMNS}\n{rule}\n{rows}\n"
    )


def plot(results: list[RunResult], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(1, 4, figsize=(17, 4.2))
    for mode, color in (("embedded", "tab:blue"), ("server", "tab:orange")):
        runs = sorted((r for r in results if r.mode == mode), key=lambda r: r.chunks)
        if not runs:
            continue
        sizes = [r.chunks for r in runs]
        axes[0].plot(sizes, [r.chunks_per_s for r in runs], "o-", color=color, label=mode)
        axes[1].plot(
            sizes, [r.chroma_mb + r.manifest_mb for r in runs], "o-", color=color, label=f"{mode} disk"
        )
        axes[2].plot(sizes, [r.rss_mb for r in runs], "o-", color=color, label=f"{mode} build")
        asked = [(r.chunks, r.query_rss_mb) for r in runs if r.query_rss_mb]
        if asked:
            axes[2].plot(*zip(*asked), "^:", color=color, label=f"{mode} questions")
        if mode == "server":
            axes[2].plot(sizes, [r.server_rss_mb for r in runs], "s--", color=color, label="server")
        axes[3].plot(sizes, [r.p50_ms for r in runs], "o-", color=color, label=f"{mode} p50")
        axes[3].plot(sizes, [r.p95_ms for r in runs], "s--", color=color, label=f"{mode} p95")
        axes[3].plot(sizes, [r.cpu_p95_ms for r in runs], "^:", color=color, label=f"{mode} CPU p95")
    titles = ("Store ingest (synthetic vectors)", "Disk (Chroma + manifest)", "Peak memory", "Hybrid query")
    for ax, title, unit in zip(axes, titles, ("chunks/s", "MB", "MB", "ms")):
        ax.set_xscale("log")
        ax.set_yscale("log" if unit != "chunks/s" else "linear")
        ax.set_xlabel("corpus size (chunks)")
        ax.set_ylabel(unit)
        ax.set_title(title)
        ax.grid(True, which="both", alpha=0.3)
        ax.legend(fontsize=8)
    axes[0].set_ylim(bottom=0)
    fig.suptitle("Growth curve of the store (synthetic chunks, 2 shared cores)", fontsize=10)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", default="1000,10000,100000", help="embedded-mode sizes, comma-separated")
    parser.add_argument("--server-sizes", default="1000,10000", help="server-mode sizes ('' for none)")
    parser.add_argument("--time-limit", type=float, default=0, help="stop one run's ingest after this many s")
    parser.add_argument("--out", type=Path, default=PROJECT_ROOT / "docs", help="folder for .md/.json/.png")
    parser.add_argument("--queries", type=int, default=50, help="queries timed per run")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--keep",
        type=Path,
        help="keep the built indexes in this folder and reuse them in later runs (ingest numbers are "
        "those of the build; queries are measured again with the current code)",
    )
    parser.add_argument(
        "--build-only", action="store_true", help="with --keep: build the indexes, measure nothing"
    )
    parser.add_argument("--workdir", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--worker", help=argparse.SUPPRESS)  # SIZE:MODE:build|first|measure, internal
    return parser.parse_args()


def main() -> None:
    args = parse_args()
    if args.worker:
        size, mode, step = args.worker.split(":")
        if step == "build":
            print(json.dumps(build_one(int(size), mode, args.workdir, args.seed, args.time_limit)))
        elif step == "first":
            print(json.dumps(first_question(int(size), mode, args.workdir, args.seed)))
        else:
            print(json.dumps(measure_one(int(size), mode, args.workdir, args.seed)))
        return
    store = args.out / "scale-benchmark.json"
    results = [RunResult(**r) for r in json.loads(store.read_text())] if store.exists() else []
    jobs = [(int(s), "embedded") for s in args.sizes.split(",") if s]
    jobs += [(int(s), "server") for s in args.server_sizes.split(",") if s]
    with tempfile.TemporaryDirectory(prefix="bench-scale-") as tmp:
        workdir = args.keep or Path(tmp)
        workdir.mkdir(parents=True, exist_ok=True)
        if args.keep and (workdir / "prep.json").exists():  # kept indexes need the same query vectors
            meta = json.loads((workdir / "prep.json").read_text(encoding="utf-8"))
        else:
            print("embedding seed sentences and queries with the real model …", flush=True)
            meta = prepare(Settings(), workdir, args.queries, np.random.default_rng(args.seed))
        for size, mode in jobs:
            if args.build_only:
                built = _worker("build", size, mode, workdir, args.seed, args.time_limit)
                print(json.dumps({"size": size, "mode": mode, **built}), flush=True)
                continue
            result = run_in_subprocess(size, mode, workdir, args.seed, args.time_limit, bool(args.keep))
            print(json.dumps(result.__dict__), flush=True)
            results = [r for r in results if (r.size, r.mode) != (size, mode)] + [result]
            args.out.mkdir(parents=True, exist_ok=True)  # rewritten after each run: partial results survive
            store.write_text(json.dumps([r.__dict__ for r in results], indent=1) + "\n", encoding="utf-8")
            (args.out / "scale-benchmark.md").write_text(markdown(results, meta["engine"]), encoding="utf-8")
            plot(results, args.out / "scale-growth.png")


if __name__ == "__main__":
    main()
