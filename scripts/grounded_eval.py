"""Grounded engine on gold files: strict accuracy, refusals, and the failing rows with their evidence.

    .venv/bin/python scripts/grounded_eval.py [GOLD.jsonl ...] [--chooser rules|model] [--data-dir DIR]
                                              [--failures] [--out rows.jsonl] [--docs DIR|DOCS.jsonl]

Builds (or reuses) an index of seeds/ (or of --docs: another corpus, e.g. tests/data/mixed_written.jsonl
for tests/data/grounded_mixed_*.jsonl) in a private data dir, retrieves with the project's Retriever, and runs
`GroundedEngine` in-process (no `Assistant`, so it measures the engine alone). Strict = the answer contains a
gold answer AND cites AND is at most 300 characters without markers AND states no figure (two or more
digits) that neither the question nor a cited passage contains; an unanswerable question is strict-correct
when refused. Default gold files: tests/data/dev.jsonl and tests/data/unanswerable.jsonl.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import pickle
import re
import statistics
import sys
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

from qa.citations import unsourced_figures  # noqa: E402
from qa.eval.metrics import contains_gold  # noqa: E402
from qa.grounded.choose import RulesChooser  # noqa: E402
from qa.grounded.engine import GroundedEngine, GroundedResult  # noqa: E402
from qa.grounded.romanise import romanise  # noqa: E402
from qa.grounded.widen import WIDE_TOP_K, answer_wider, should_widen  # noqa: E402
from qa.open_index import open_index  # noqa: E402
from qa.records import Passage  # noqa: E402
from qa.retrieve import Retrieval, Retriever  # noqa: E402
from qa.settings import Settings  # noqa: E402

GOLD = [PROJECT / "tests" / "data" / "dev.jsonl", PROJECT / "tests" / "data" / "unanswerable.jsonl"]
_MARKER = re.compile(r"\[\s*\d+(?:\s*[,،]\s*\d+)*\s*\]")
MAX_CHARS = 300


def load(path: Path) -> list[dict]:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    for row in rows:
        row["gold_file"] = path.name
    return rows


def make_engine(name: str, settings: Settings, romanised: bool) -> tuple[GroundedEngine, object | None]:
    """The engine with the rules chooser (and, with `romanised`, rules-only romanisation of names for
    English replies), or with the model chooser of the local backend."""
    if name == "rules":
        return GroundedEngine(RulesChooser(), transliterate=romanise if romanised else None), None
    from qa.grounded.wiring import grounded_engine
    from qa.llm import make_backend
    from qa.prompts import load_prompts

    backend = make_backend("local", settings.model_copy(update={"chooser": name}))
    return grounded_engine(backend, load_prompts(settings.prompts_dir), settings), backend


def strict_checks(row: dict, result: GroundedResult, passages: list[Passage]) -> dict[str, bool]:
    answer = result.answer or ""
    cited = [passages[c.n - 1] for c in result.citations]
    bare = _MARKER.sub("", answer).strip()
    return {
        "contains_gold": bool(contains_gold(answer, row["answers"])) if answer else False,
        "cited": bool(result.citations),
        "short": len(bare) <= MAX_CHARS,
        "no_invented_figure": not unsourced_figures(answer, row["question"], cited),
    }


def retrieval_fingerprint(settings: Settings) -> str:
    """A short hash of what retrieval depends on: the retrieval and index code (qa/retrieve.py, store/) and
    the settings. A cache made before any of them changed is not reused: a stale cache once made this
    script disagree with `qa eval` (0.700 vs 0.733 on dev)."""
    digest = hashlib.sha256(settings.model_dump_json(exclude={"data_dir"}).encode())
    for path in sorted([PROJECT / "qa" / "retrieve.py", *(PROJECT / "store").glob("*.py")]):
        digest.update(path.read_bytes())
    return digest.hexdigest()[:10]


class CachedRetriever:
    """Retrievals kept in a pickle beside the index (`--cache`): calibrating the engine's rules then does not
    re-run retrieval; the cache is not reused when the index, the retrieval code or the settings change
    (the index name and their fingerprint are part of the file name)."""

    def __init__(self, retriever: Retriever, folder: Path, k: int | None = None) -> None:
        self.retriever, self.k = retriever, k
        suffix = f"-k{k}" if k else ""
        stamp = retrieval_fingerprint(retriever.settings)
        self.path = folder / f"retrievals-{retriever.index.name}{suffix}-{stamp}.pkl"
        self.cache: dict[str, Retrieval] = pickle.loads(self.path.read_bytes()) if self.path.exists() else {}

    def retrieve(self, question: str, k: int | None = None) -> Retrieval:
        key = question if k is None or k == self.k else f"{question}\x00k={k}"
        if key not in self.cache:
            self.cache[key] = self.retriever.retrieve(question, k=k or self.k)
        return self.cache[key]

    def save(self) -> None:
        self.path.write_bytes(pickle.dumps(self.cache))


class KRetriever:
    """The project's Retriever asked for k passages (grounded mode may read more than the generative
    answerer's top_k)."""

    def __init__(self, retriever: Retriever, k: int | None) -> None:
        self.retriever, self.k = retriever, k

    def retrieve(self, question: str, k: int | None = None) -> Retrieval:
        return self.retriever.retrieve(question, k=k or self.k)


def evaluate_row(
    row: dict, retriever: KRetriever | CachedRetriever, engine: GroundedEngine, widen: bool = True
) -> dict:
    started = time.perf_counter()
    question = row["question"]
    retrieval = retriever.retrieve(question)
    language = row.get("lang") or ("ar" if re.search("[\u0600-\u06ff]", question) else "en")
    result = engine.answer(
        question, language, retrieval.passages, retrieval.sentences, retrieval.query_vector
    )
    widened = False
    if widen and should_widen(result, retrieval.passages):  # as qa.assistant does in grounded mode
        wider = answer_wider(engine, question, language, retrieval, lambda k: retriever.retrieve(question, k))
        if wider is not None:
            (result, retrieval), widened = wider, True
    seconds = time.perf_counter() - started
    checks = strict_checks(row, result, retrieval.passages)
    # an unanswerable question is strict-correct when refused
    strict = (not result.refused and all(checks.values())) if row["answerable"] else result.refused
    chosen = result.choice.candidate
    oracle = [c.text for c in result.candidates if contains_gold(c.text, row["answers"])]
    return {
        "id": row["id"],
        "gold_file": row["gold_file"],
        "lang": language,
        "question": row["question"],
        "answerable": row["answerable"],
        "gold": row["answers"],
        "answer": result.answer,
        "refusal_reason": result.refusal_reason,
        "widened": widened,
        "strict": strict,
        "checks": checks,
        "type": result.analysis.answer_type.value,
        "head_noun": result.analysis.head_noun,
        "focus": list(result.analysis.focus_terms),
        "chosen": None
        if chosen is None
        else {
            "text": chosen.text,
            "type": chosen.answer_type.value,
            "score": round(chosen.score, 3),
            "features": chosen.features,
        },
        "candidates": [(c.text, c.answer_type.value, round(c.score, 3)) for c in result.candidates[:8]],
        "gold_among_candidates": oracle[:3],
        "evidence": [
            (s.passage, round(s.score, 3), round(s.focus_match, 2), round(s.cosine, 3), s.text[:160])
            for s in result.evidence[:4]
        ],
        "seconds": round(seconds, 3),
    }


def summarise(rows: list[dict]) -> dict:
    def rate(part: list[dict]) -> float | None:
        return round(sum(r["strict"] for r in part) / len(part), 3) if part else None

    answerable = [r for r in rows if r["answerable"]]
    unanswerable = [r for r in rows if not r["answerable"]]
    answered = [r for r in rows if r["answer"] is not None]
    summary = {"questions": len(rows), "strict_accuracy": rate(rows)}
    for lang in ("ar", "en"):
        summary[f"strict_{lang}"] = rate([r for r in rows if r["lang"] == lang])
    summary["answerable_strict"] = rate(answerable)
    summary["contains_gold"] = rate([{"strict": r["checks"]["contains_gold"]} for r in answerable])
    summary["unanswerable_refused"] = f"{sum(r['answer'] is None for r in unanswerable)}/{len(unanswerable)}"
    summary["answerable_refused"] = sum(r["answer"] is None for r in answerable)
    summary["invented_figures"] = sum(not r["checks"]["no_invented_figure"] for r in answered)
    summary["over_300"] = sum(not r["checks"]["short"] for r in answered)
    summary["uncited"] = sum(not r["checks"]["cited"] for r in answered)
    summary["widened_answers"] = sum(r.get("widened", False) for r in rows)
    summary["gold_among_candidates"] = sum(bool(r["gold_among_candidates"]) for r in answerable)
    summary["p50_seconds"] = round(statistics.median(r["seconds"] for r in rows), 3) if rows else None
    reasons: dict[str, int] = {}
    for r in rows:
        if r["refusal_reason"]:
            reasons[r["refusal_reason"]] = reasons.get(r["refusal_reason"], 0) + 1
    summary["refusal_reasons"] = reasons
    return summary


def print_failure(row: dict) -> None:
    print(f"\n✗ {row['id']} [{row['lang']}] {row['question']}")
    print(f"  type={row['type']} head={row['head_noun']!r} focus={row['focus']}")
    wide = " (wider pass)" if row.get("widened") else ""
    print(f"  gold={row['gold']}  answer={row['answer']!r}{wide}  reason={row['refusal_reason']}")
    if row["answer"] is not None:
        print(f"  checks={row['checks']}")
    if row["chosen"]:
        chosen = row["chosen"]
        feats = {k: round(v, 3) for k, v in chosen["features"].items()}
        print(f"  chosen={chosen['text']!r} ({chosen['type']}, {chosen['score']}) {feats}")
    print(f"  gold among candidates: {row['gold_among_candidates']}")
    print(f"  candidates: {row['candidates']}")
    for evidence in row["evidence"]:
        print(f"  evidence {evidence}")


def documents_folder(docs: Path, data_dir: Path) -> Path:
    """The folder to index: `docs` itself, or the documents of a .jsonl written as <name>.txt files."""
    if docs.suffix != ".jsonl":
        return docs
    folder = data_dir / "docs" / docs.stem
    folder.mkdir(parents=True, exist_ok=True)
    for line in docs.read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            (folder / f"{row['name']}.txt").write_text(row["text"], encoding="utf-8")
    return folder


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("gold", nargs="*", type=Path, default=GOLD)
    parser.add_argument("--chooser", default="rules", help="rules, or model (the local backend chooses)")
    parser.add_argument("--data-dir", type=Path, default=Path("/tmp/grounded-data"))
    parser.add_argument("--failures", action="store_true", help="print every failing row with its evidence")
    parser.add_argument("--out", type=Path, help="write the rows as JSON lines")
    parser.add_argument("--cache", action="store_true", help="reuse retrievals kept in the data dir")
    parser.add_argument(
        "--top-k", type=int, help="passages retrieved per question (default: the settings' grounded_top_k)"
    )
    parser.add_argument(
        "--no-widen",
        action="store_true",
        help=f"no second look at {WIDE_TOP_K} passages after a refusal (qa.grounded.widen)",
    )
    parser.add_argument(
        "--romanise", action="store_true", help="rules chooser: romanise names beside the Arabic (English)"
    )
    parser.add_argument(
        "--docs",
        type=Path,
        default=PROJECT / "seeds",
        help="folder to index (default seeds/), or a .jsonl of {name, text} documents "
        "(tests/data/mixed_written.jsonl) written as <name>.txt into the data dir",
    )
    args = parser.parse_args()

    settings = Settings(data_dir=args.data_dir)
    index = open_index(settings)
    index.ingest(documents_folder(args.docs, args.data_dir))
    k = args.top_k or getattr(settings, "grounded_top_k", None)
    base = Retriever(index, settings)
    retriever: Retriever | CachedRetriever | KRetriever = KRetriever(base, k)
    if args.cache:
        retriever = CachedRetriever(base, args.data_dir, k)
    engine, backend = make_engine(args.chooser, settings, args.romanise)
    widen = not args.no_widen
    rows = [evaluate_row(row, retriever, engine, widen) for path in args.gold for row in load(path)]
    if isinstance(retriever, CachedRetriever):
        retriever.save()
    if backend is not None:
        backend.close()
    index.close()

    if args.failures:
        for row in rows:
            if not row["strict"]:
                print_failure(row)
    if args.out:
        args.out.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    print(f"\nchooser={args.chooser} romanise={args.romanise} top_k={k or settings.top_k} widen={widen}")
    for name in dict.fromkeys(r["gold_file"] for r in rows):
        summary = summarise([r for r in rows if r["gold_file"] == name])
        print(f"{name}: {json.dumps(summary, ensure_ascii=False)}")
    print(f"all: {json.dumps(summarise(rows), ensure_ascii=False)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
