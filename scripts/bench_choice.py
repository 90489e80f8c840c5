"""Model choice vs rules choice in the grounded engine, on gold files: strict accuracy and latency.

    .venv/bin/python scripts/bench_choice.py [GOLD.jsonl ...] [--data-dir DIR] [--methods label,score]
                                             [--out rows.jsonl] [--limit N]
    .venv/bin/python scripts/bench_choice.py --names [tests/data/names.jsonl]

`--names` measures transliteration instead: every name of the file by the rules-only romanisation and by
the local model (letter lattice and free Latin letters, with the shipped few-shot system prompt and
without its examples); a spelling is right when it equals one of the standard ones (case, spaces and
hyphens aside).

For every question it retrieves (cached per data dir, with the time the retrieval took), runs the engine
with the rules chooser, and asks the local model for its own pick by each method once. Every chooser
variant is then replayed through the same engine without further model calls:

- `rules`: the rules alone (the `extractive` path);
- `<method>/rules`: the rules decide whether to answer, the model picks among the candidates;
- `<method>/veto`: as above, and the model's NONE refuses;
- `<method>/model`: the model decides alone among the eligible candidates.

English replies use the model's lattice transliteration of names (cached per name) for every variant, and
`rules+romanise` shows the rules chooser with the rules-only romanisation instead. Strict accuracy and the
other checks are those of scripts/grounded_eval.py. Latency per question = retrieval + rules engine + the
model's choice by that method + transliterations (p50/p95); say how busy the machine was.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import statistics
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

from qa.errors import CannotChooseError  # noqa: E402
from qa.grounded.choose import RulesChooser  # noqa: E402
from qa.grounded.engine import GroundedEngine  # noqa: E402
from qa.grounded.model_choice import ModelChooser  # noqa: E402
from qa.grounded.romanise import romanise  # noqa: E402
from qa.grounded.transliterate import Transliterator  # noqa: E402
from qa.grounded.types import Candidate, Choice, QuestionAnalysis  # noqa: E402
from qa.llm import make_backend  # noqa: E402
from qa.open_index import open_index  # noqa: E402
from qa.prompts import REQUIRED, Prompts, load_prompts  # noqa: E402
from qa.retrieve import Retriever  # noqa: E402
from qa.settings import Settings  # noqa: E402

_spec = importlib.util.spec_from_file_location("grounded_eval", PROJECT / "scripts" / "grounded_eval.py")
assert _spec and _spec.loader
grounded_eval = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(grounded_eval)

POLICIES = ("rules", "veto", "model")


@dataclass
class Recorded:
    """What the rules chooser saw and chose for one question, and the model's picks by method."""

    analysis: QuestionAnalysis | None = None
    candidates: list[Candidate] = field(default_factory=list)
    rules: Choice | None = None
    picks: dict[str, Candidate | None] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)


class RecordingRules:
    name = "rules"

    def __init__(self) -> None:
        self.rules = RulesChooser()
        self.last = Recorded()

    def choose(self, analysis: QuestionAnalysis, candidates: list[Candidate]) -> Choice:
        choice = self.rules.choose(analysis, candidates)
        self.last = Recorded(analysis, list(candidates), choice)
        return choice


class Replay:
    """Returns the choice a policy makes from the recorded rules choice and model pick."""

    def __init__(self, name: str, recorded: Recorded, method: str, policy: str) -> None:
        self.name, self.recorded, self.method, self.policy = name, recorded, method, policy

    def choose(self, analysis: QuestionAnalysis, candidates: list[Candidate]) -> Choice:
        rules = self.recorded.rules or Choice(None, "rules", "no_candidate_chosen")
        if self.method not in self.recorded.picks:  # the model was not asked or could not choose
            return rules
        if self.policy != "model" and rules.candidate is None:
            return rules
        picked = self.recorded.picks[self.method]
        if picked is None and self.policy == "rules":
            return rules
        return Choice(picked, "model", "" if picked else "model_none")


class CachedTransliterator:
    def __init__(self, inner: Transliterator) -> None:
        self.inner = inner
        self.cache: dict[str, tuple[str | None, float]] = {}
        self.spent = 0.0  # seconds spent by the calls since the last reset

    def __call__(self, arabic: str) -> str | None:
        if arabic not in self.cache:
            started = time.perf_counter()
            self.cache[arabic] = (self.inner(arabic), time.perf_counter() - started)
        latin, seconds = self.cache[arabic]
        self.spent += seconds
        return latin


def model_picks(chooser: ModelChooser, recorded: Recorded, methods: list[str]) -> None:
    if recorded.analysis is None or not recorded.candidates:
        return
    for method in methods:
        chooser.method = method  # type: ignore[assignment]
        started = time.perf_counter()
        try:
            recorded.picks[method] = chooser.model_pick(recorded.analysis, recorded.candidates)
        except CannotChooseError as exc:
            print(f"  {method}: cannot choose: {exc.message}", file=sys.stderr)
        recorded.seconds[method] = time.perf_counter() - started


def run_variant(row: dict, retrieval, engine: GroundedEngine, translit: CachedTransliterator | None):
    language = row.get("lang") or "ar"
    if translit is not None:
        translit.spent = 0.0
    started = time.perf_counter()
    result = engine.answer(
        row["question"], language, retrieval.passages, retrieval.sentences, retrieval.query_vector
    )
    seconds = time.perf_counter() - started + (translit.spent if translit else 0.0)
    checks = grounded_eval.strict_checks(row, result, retrieval.passages)
    strict = (not result.refused and all(checks.values())) if row["answerable"] else result.refused
    oracle = [c.text for c in result.candidates if grounded_eval.contains_gold(c.text, row["answers"])]
    return {
        "id": row["id"],
        "gold_file": row["gold_file"],
        "lang": language,
        "answerable": row["answerable"],
        "answer": result.answer,
        "refusal_reason": result.refusal_reason,
        "strict": strict,
        "checks": checks,
        "gold_among_candidates": oracle[:3],
        "seconds": seconds,
    }


def _spelling_key(text: str | None) -> str:
    return " ".join((text or "").lower().replace("-", " ").replace("'", " ").split())


def bench_names(path: Path, settings: Settings) -> None:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    prompts = load_prompts(settings.prompts_dir)
    examples = prompts.text("transliterate_system")
    templates = {name: prompts.text(name) for name in REQUIRED}
    bare = Prompts({**templates, "transliterate_system": examples.split("\nExamples:")[0]})
    backend = make_backend("local", settings)
    spellers = {"rules romanise": romanise}
    for method in ("lattice", "latin"):
        spellers[f"model {method} few-shot"] = Transliterator(backend, prompts, method=method)  # type: ignore[arg-type]
        spellers[f"model {method} zero-shot"] = Transliterator(backend, bare, method=method)  # type: ignore[arg-type]
    print("speller: right / names (person, place, organisation) | median s per name")
    for label, speller in spellers.items():
        right: dict[str, list[bool]] = {}
        times = []
        for row in rows:
            started = time.perf_counter()
            spell = speller.spell if isinstance(speller, Transliterator) else speller
            latin = spell(row["arabic"])
            times.append(time.perf_counter() - started)
            ok = _spelling_key(latin) in {_spelling_key(e) for e in row["english"]}
            right.setdefault(row["kind"], []).append(ok)
            print(f"  {row['arabic']} → {latin} {'✓' if ok else '✗'}", flush=True)
        total = sum(sum(v) for v in right.values())
        kinds = ", ".join(f"{k} {sum(v)}/{len(v)}" for k, v in right.items())
        print(f"{label}: {total}/{len(rows)} ({kinds}) | {statistics.median(times):.1f} s", flush=True)
    backend.close()


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))] if ordered else 0.0


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("gold", nargs="*", type=Path, default=grounded_eval.GOLD)
    parser.add_argument("--data-dir", type=Path, default=Path("/tmp/choice-data"))
    parser.add_argument("--methods", default="label,score")
    parser.add_argument("--out", type=Path)
    parser.add_argument("--limit", type=int, default=0, help="only the first N questions of each file")
    parser.add_argument("--names", action="store_true", help="measure transliteration (see above)")
    args = parser.parse_args()
    methods = [m for m in args.methods.split(",") if m]

    settings = Settings(data_dir=args.data_dir)
    if args.names:
        names = (
            args.gold[0] if args.gold != grounded_eval.GOLD else PROJECT / "tests" / "data" / "names.jsonl"
        )
        bench_names(names, settings)
        return 0
    index = open_index(settings)
    index.ingest(PROJECT / "seeds")
    retriever = grounded_eval.CachedRetriever(Retriever(index, settings), args.data_dir)
    prompts = load_prompts(settings.prompts_dir)
    backend = make_backend("local", settings)
    recording = RecordingRules()
    chooser = ModelChooser(backend, prompts, recording.rules)
    translit = CachedTransliterator(Transliterator(backend, prompts))

    variants: dict[str, list[dict]] = {}
    for path in args.gold:
        rows = grounded_eval.load(path)
        for row in rows[: args.limit or None]:
            retrieval = retriever.retrieve(row["question"])
            base = run_variant(row, retrieval, GroundedEngine(recording), None)
            recorded = recording.last
            model_picks(chooser, recorded, methods)
            plans = [("rules", None, None), ("rules+romanise", None, None)]
            plans += [(f"{m}/{p}", m, p) for m in methods for p in POLICIES]
            for name, method, policy in plans:
                if name == "rules+romanise":
                    engine = GroundedEngine(RulesChooser(), transliterate=romanise)
                    out = run_variant(row, retrieval, engine, None)
                else:
                    replay = Replay(name, recorded, method or "", policy or "rules")
                    out = run_variant(
                        row, retrieval, GroundedEngine(replay, transliterate=translit), translit
                    )
                extra = recorded.seconds.get(method or "", 0.0)
                out["seconds"] = round(retrieval.seconds + base["seconds"] + out["seconds"] + extra, 3)
                variants.setdefault(name, []).append(out)
            marks = " ".join(f"{n}={'✓' if v[-1]['strict'] else '✗'}" for n, v in variants.items())
            print(f"{row['id']}: {marks}", flush=True)
    retriever.save()
    backend.close()
    index.close()

    print("\nvariant: strict all / ar / en | unanswerable refused | answerable refused | p50 / p95 s")
    for name, rows in variants.items():
        s = grounded_eval.summarise(rows)
        times = [r["seconds"] for r in rows]
        print(
            f"{name:15} {s['strict_accuracy']} / {s['strict_ar']} / {s['strict_en']} | "
            f"{s['unanswerable_refused']} | {s['answerable_refused']} | "
            f"{statistics.median(times):.1f} / {percentile(times, 0.95):.1f}"
        )
    if args.out:
        lines = [
            json.dumps({"variant": n, **r}, ensure_ascii=False) + "\n" for n, v in variants.items() for r in v
        ]
        args.out.write_text("".join(lines), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
