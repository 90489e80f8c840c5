"""Retrieval variants side by side on several domains: hit@5 and MRR per domain and language.

    .venv/bin/python scripts/retrieval_lab.py --domain news=seeds:tests/data/dev.jsonl \
        --domain classical=hadith:tests/data/classical_dev.jsonl \
        [--variant NAME=setting=value,...] [--k 5]

A domain is NAME=CORPUS:GOLD[,GOLD...]; CORPUS is seeds, hadith (scripts/make_hadith_corpus.py's folder, built
on the spot), a folder or a .jsonl of documents, or several of them joined by + (a mixed archive). Variants
are settings overrides (qa.settings names); "dense"
as a value of mode runs the dense leg alone. Every variant runs in one process, one after the other, on the
same index, so their numbers compare.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))
sys.path.insert(0, str(PROJECT / "scripts"))

from answer_lab import corpus_folder, load_rows  # noqa: E402

import store.offline  # noqa: E402, F401
from qa.eval.metrics import reciprocal_rank  # noqa: E402
from qa.open_index import open_index  # noqa: E402
from qa.retrieve import Retriever  # noqa: E402
from qa.settings import Settings  # noqa: E402

DEFAULT_VARIANTS = {
    "dense": {"mode": "dense"},
    "names": {"query_dictionary": False},
    "dictionary": {},
}


def hadith_folder() -> Path:
    import subprocess

    folder = Path("/tmp/answer-lab/hadith-corpus")
    if not folder.is_dir():
        builder = PROJECT / "scripts" / "make_hadith_corpus.py"
        subprocess.run([sys.executable, str(builder), "--out", str(folder)], check=True)
    return folder


def parse_variant(text: str) -> tuple[str, dict]:
    name, _, rest = text.partition("=")
    overrides: dict[str, object] = {}
    for part in filter(None, rest.split(",")):
        key, _, value = part.partition("=")
        overrides[key] = value if key == "mode" else float(value) if "." in value else int(value)
    return name, overrides


def measure(retriever: Retriever, rows: list[dict], k: int, mode: str) -> dict[str, tuple[float, float, int]]:
    out: dict[str, list[tuple[float, float]]] = {}
    for row in rows:
        if not row.get("answerable", True):
            continue
        found = retriever.retrieve(row["question"], k=k, mode=mode)  # type: ignore[arg-type]
        files = list(dict.fromkeys(p.file for p in found.passages))
        relevant = set(row["sources"])
        scores = (float(any(f in relevant for f in files[:5])), reciprocal_rank(files, relevant))
        out.setdefault(row.get("lang", "?"), []).append(scores)
    return {
        lang: (sum(h for h, _ in v) / len(v), sum(r for _, r in v) / len(v), len(v))
        for lang, v in out.items()
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--domain", action="append", required=True)
    parser.add_argument("--variant", action="append", default=[])
    parser.add_argument("--k", type=int, default=5)
    args = parser.parse_args()
    variants = dict(parse_variant(v) for v in args.variant) or DEFAULT_VARIANTS
    print(f"{'domain':12s} {'variant':14s} {'lang':4s} {'n':>3s} {'hit@5':>6s} {'MRR':>6s} {'ms/q':>6s}")
    for spec in args.domain:
        name, _, rest = spec.partition("=")
        corpus, _, golds = rest.partition(":")
        data_dir = Path("/tmp/answer-lab") / f"retrieval-{corpus.replace('/', '_').replace('+', '-')}"
        parts = corpus.split("+")
        folders = [hadith_folder() if c == "hadith" else corpus_folder(c, data_dir) for c in parts]
        rows = load_rows([Path(g) for g in golds.split(",")])
        for variant, overrides in variants.items():
            mode = str(overrides.get("mode", "hybrid"))
            settings = Settings(data_dir=data_dir, **{k: v for k, v in overrides.items() if k != "mode"})
            index = open_index(settings)
            for folder in folders:
                index.ingest(folder)
            retriever = Retriever(index, settings)
            started = time.perf_counter()
            result = measure(retriever, rows, args.k, mode)
            asked = max(1, sum(n for *_, n in result.values()))
            per_question = 1000 * (time.perf_counter() - started) / asked
            for lang, (hit, mrr, n) in sorted(result.items()):
                print(f"{name:12s} {variant:14s} {lang:4s} {n:3d} {hit:6.3f} {mrr:6.3f} {per_question:6.0f}")
            index.close()


if __name__ == "__main__":
    main()
