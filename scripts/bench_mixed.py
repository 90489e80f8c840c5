"""Retrieval in a mixed archive: the seeds alone vs the seeds + the off-topic corpus of
scripts/make_mixed_corpus.py, on the dev questions, for several retrieval variants side by side.

Builds (or reuses: ingest is incremental) two indexes in private data folders, then for each index and
variant prints hit@5 and MRR per language, the answerable questions that would be refused (all top-5
passages from off-topic files, or the relevance floor not reached), the off-topic probes
(tests/data/mixed_offtopic.jsonl) that would be answered, and retrieval latency.

    nice .venv/bin/python scripts/bench_mixed.py [--limit 150] [--variants baseline,default]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from make_mixed_corpus import write_corpus  # noqa: E402

from qa.eval.metrics import ranked_files, reciprocal_rank  # noqa: E402
from qa.eval.scoring import percentile  # noqa: E402
from qa.open_index import open_index  # noqa: E402
from qa.retrieve import Retriever  # noqa: E402
from qa.settings import Settings  # noqa: E402
from store.index import Index  # noqa: E402

SEEDS = ROOT / "seeds"
DEV = ROOT / "tests" / "data" / "dev.jsonl"
OFFTOPIC = ROOT / "tests" / "data" / "mixed_offtopic.jsonl"

# Each variant is a set of settings overrides; "default" is the shipped configuration.
VARIANTS: dict[str, dict[str, object]] = {
    "before": {"hub_weight": 0.0, "name_matching": False, "min_support": -1.0},  # the previous retrieval
    "hub only": {"name_matching": False},
    "names only": {"hub_weight": 0.0},
    "default": {},
    "default + topic": {"file_weight": 0.3},
}


def load_rows(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def cache_query_vectors(index: Index, cache: dict[str, np.ndarray]) -> None:
    """Each question is embedded once for all variants and both indexes (same model): the variants differ
    only after the query embedding. Latency is measured separately, without this cache."""
    embed = index.embed_query

    def cached(text: str) -> np.ndarray:
        if text not in cache:
            cache[text] = embed(text)
        return cache[text]

    index.embed_query = cached  # type: ignore[method-assign]


def open_private(data_dir: Path) -> Index:
    return open_index(Settings(data_dir=data_dir))


def build(data_dir: Path, corpus: Path | None) -> Index:
    index = open_private(data_dir)
    for root in [SEEDS] + ([corpus] if corpus else []):
        started = time.perf_counter()
        summary = index.ingest(root)
        print(
            f"  ingest {root.name}: {summary.added} added, {summary.skipped} unchanged, "
            f"{summary.chunks} chunks in the index, {time.perf_counter() - started:.0f} s",
            file=sys.stderr,
        )
    return index


@dataclass
class Tally:
    hits: dict[str, list[float]] = field(default_factory=lambda: {"ar": [], "en": []})
    rr: dict[str, list[float]] = field(default_factory=lambda: {"ar": [], "en": []})
    refused: dict[str, list[str]] = field(default_factory=lambda: {"distractors": [], "floor": []})
    answered_offtopic: list[str] = field(default_factory=list)
    support_answerable: list[float] = field(default_factory=list)
    support_offtopic: list[float] = field(default_factory=list)
    seconds: list[float] = field(default_factory=list)


def run_variant(index: Index, settings: Settings, dev: list[dict], off: list[dict], seeds: set[str]) -> Tally:
    retriever = Retriever(index, settings)
    retriever.retrieve(dev[0]["question"])  # warm-up: bank vectors, topic vectors, name vocabulary
    tally = Tally()
    for row in dev:
        if not row["answerable"]:
            continue
        found = retriever.retrieve(row["question"])
        tally.seconds.append(found.seconds)
        files = ranked_files([p.model_dump() for p in found.passages])
        relevant = set(row["sources"])
        tally.hits[row["lang"]].append(float(any(f in relevant for f in files[:5])))
        tally.rr[row["lang"]].append(reciprocal_rank(files, relevant))
        tally.support_answerable.append(found.support)
        if files and not set(files[:5]) & seeds:
            tally.refused["distractors"].append(row["id"])
        elif found.support < settings.min_support or found.best_dense < settings.min_relevance:
            tally.refused["floor"].append(row["id"])
    for row in off:
        found = retriever.retrieve(row["question"])
        tally.seconds.append(found.seconds)
        tally.support_offtopic.append(found.support)
        if found.support >= settings.min_support and found.best_dense >= settings.min_relevance:
            tally.answered_offtopic.append(row["id"])
    return tally


def mean(values: list[float]) -> str:
    return f"{sum(values) / len(values):.3f}" if values else "–"


def table_row(index_name: str, variant: str, t: Tally) -> str:
    refused = len(t.refused["distractors"]) + len(t.refused["floor"])
    which = ", ".join(t.refused["distractors"] + [f"{i} (floor)" for i in t.refused["floor"]])
    return (
        f"| {index_name} | {variant} | {mean(t.hits['ar'])} | {mean(t.rr['ar'])} | {mean(t.hits['en'])} "
        f"| {mean(t.rr['en'])} | {refused}{f' ({which})' if which else ''} | {len(t.answered_offtopic)} "
        f"| {min(t.support_answerable):.3f} | {max(t.support_offtopic):.3f} "
        f"| {percentile(t.seconds, 50) * 1000:.0f} / {percentile(t.seconds, 95) * 1000:.0f} |"
    )


def latency(index: Index, settings: Settings, questions: list[str], rounds: int) -> tuple[float, float]:
    """p50 / p95 seconds of the full retrieval (query embedding included) with the default settings."""
    retriever = Retriever(index, settings)
    retriever.retrieve(questions[0])
    seconds = [retriever.retrieve(q).seconds for _ in range(rounds) for q in questions]
    return percentile(seconds, 50) or 0.0, percentile(seconds, 95) or 0.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("--limit", type=int, default=None, help="off-topic documents (default: all)")
    parser.add_argument("--corpus", type=Path, default=Path("/tmp/mixed-corpus"))
    parser.add_argument("--seeds-data", type=Path, default=Path("/tmp/mixed-data-seeds"))
    parser.add_argument("--mixed-data", type=Path, default=Path("/tmp/mixed-data-mixed"))
    parser.add_argument(
        "--variants", default=",".join(VARIANTS), help="comma-separated, from: " + ", ".join(VARIANTS)
    )
    parser.add_argument("--no-ingest", action="store_true", help="use the indexes as they are")
    parser.add_argument(
        "--gold", type=Path, default=DEV, help="gold questions over the seeds (default: tests/data/dev.jsonl)"
    )
    parser.add_argument("--latency-rounds", type=int, default=1, help="rounds of the latency pass (0: skip)")
    args = parser.parse_args()
    dev, off = load_rows(args.gold), load_rows(OFFTOPIC)
    print(f"gold: {args.gold.name}")
    seeds = {p.name for p in SEEDS.glob("*.txt")}
    if not args.no_ingest:
        write_corpus(args.corpus, args.limit)
    build_or_open = (lambda d, c: open_private(d)) if args.no_ingest else build
    indexes = {
        "seeds": build_or_open(args.seeds_data, None),
        "mixed": build_or_open(args.mixed_data, args.corpus),
    }
    files = len(indexes["mixed"].files()) - len(seeds)
    print(f"mixed index: seeds + {files} off-topic files, {indexes['mixed'].manifest.count_chunks()} chunks")
    if args.latency_rounds:
        questions = [row["question"] for row in dev + off]
        for name, index in indexes.items():
            p50, p95 = latency(
                index, Settings(data_dir=index.config.data_dir), questions, args.latency_rounds
            )
            print(
                f"{name}: full retrieval p50 {p50 * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms (default settings)"
            )
    vectors: dict[str, np.ndarray] = {}
    for index in indexes.values():
        cache_query_vectors(index, vectors)
    print(
        "| index | variant | ar hit@5 | ar MRR | en hit@5 | en MRR | answerable refused | off-topic answered "
        "| min support (answerable) | max support (off-topic) | p50 / p95 ms (query embedding cached) |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for variant in args.variants.split(","):
        for name, index in indexes.items():
            settings = Settings(data_dir=index.config.data_dir, **VARIANTS[variant])
            print(table_row(name, variant, run_variant(index, settings, dev, off, seeds)), flush=True)


if __name__ == "__main__":
    main()
