"""Cold start from the shell: `qa --help` and `qa ask --backend extractive "…"` on the seeds, each a fresh
process, timed from outside (wall, and the child's CPU time, which a busy machine inflates much less),
plus which heavy libraries each command imported and the slowest imports (python -X importtime).

The seeds are indexed once first (a private data folder) so the timed asks measure start-up, model
loading and one question, not ingest.

    .venv/bin/python scripts/bench_coldstart.py [--runs 5] [--question "…"] [--out docs/coldstart.json]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
QA = str(Path(sys.executable).parent / "qa")
HEAVY = ("torch", "transformers", "sentence_transformers", "llama_index", "chromadb", "gradio", "fastapi")
PROBE = (  # prints the heavy modules a command left imported; run in place of the console script
    "import runpy, sys, atexit\n"
    "heavy = {heavy!r}\n"
    "atexit.register(lambda: print('HEAVY', sorted(m for m in heavy if m in sys.modules), file=sys.stderr))\n"
    "sys.argv = ['qa'] + sys.argv[1:]\n"
    "runpy.run_module('qa.cli', run_name='__main__')\n"
)


def timed(cmd: list[str], env: dict[str, str]) -> tuple[float, float, subprocess.CompletedProcess]:
    """(wall s, child CPU s, result) of one fresh process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=ROOT)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if done.returncode:
        raise RuntimeError(f"{cmd} failed ({done.returncode}): {done.stderr[-2000:]}")
    return wall, cpu, done


def heavy_imports(args: list[str], env: dict[str, str]) -> list[str]:
    done = subprocess.run(
        [sys.executable, "-c", PROBE.format(heavy=HEAVY), *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
    )
    lines = [line for line in done.stderr.splitlines() if line.startswith("HEAVY ")]
    return json.loads(lines[-1][6:].replace("'", '"')) if lines else ["?"]


def slowest_imports(args: list[str], env: dict[str, str], top: int = 8) -> list[tuple[str, float]]:
    """Top-level packages by cumulative import time (ms), from -X importtime."""
    code = (
        "import sys, runpy; sys.argv = ['qa'] + sys.argv[1:]; runpy.run_module('qa.cli', run_name='__main__')"
    )
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", code, *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
    )
    totals: dict[str, float] = {}
    for line in done.stderr.splitlines():
        parts = line.split("|")
        if line.startswith("import time:") and len(parts) == 3 and parts[1].strip().isdigit():
            name = parts[2].rstrip()
            if not name.startswith("  ") and name.strip():  # a top-level import (no nesting indent)
                totals[name.strip()] = totals.get(name.strip(), 0) + int(parts[1]) / 1000
    return sorted(totals.items(), key=lambda item: -item[1])[:top]


def measure(name: str, args: list[str], env: dict[str, str], runs: int) -> dict:
    walls, cpus = [], []
    for _ in range(runs):
        wall, cpu, _ = timed([QA, *args], env)
        walls.append(wall)
        cpus.append(cpu)
    return {
        "command": "qa " + " ".join(args),
        "wall_median_s": round(statistics.median(walls), 2),
        "wall_min_s": round(min(walls), 2),
        "cpu_median_s": round(statistics.median(cpus), 2),
        "heavy_imports": heavy_imports(args, env),
        "slowest_imports_ms": [(n, round(ms)) for n, ms in slowest_imports(args, env)],
        "load_avg": round(os.getloadavg()[0], 1),
        "name": name,
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--question", default="متى سيزور بوتين فيتنام؟")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "coldstart.json")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="coldstart-") as tmp:
        env = {**os.environ, "QA_DATA_DIR": tmp}
        timed([QA, "ingest", str(ROOT / "seeds")], env)  # index once: not part of the cold start
        timed([QA, "ask", "--backend", "extractive", args.question], env)  # per-index caches, once
        rows = [
            measure("help", ["--help"], env, args.runs),
            measure("ask", ["ask", "--backend", "extractive", args.question], env, args.runs),
        ]
    for row in rows:
        print(json.dumps(row, ensure_ascii=False))
    args.out.write_text(json.dumps(rows, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
