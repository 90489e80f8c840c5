"""The work behind `qa eval` (kept out of qa/cli/commands.py, which only parses options): retrieval-only
scoring and answer evaluation with a progress bar, an interrupted run saying how to resume, and failed rows
turned into the documented exit code."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from qa.cli.boundary import Interrupted, RowsFailed
from qa.cli.output import BatchBar, note, print_json, progress_bar

if TYPE_CHECKING:
    from qa.eval.gold import GoldSet
    from qa.settings import Settings


def default_out_dir() -> Path:
    from qa.eval.run import default_out_dir as default

    return default()


def eval_retrieval(settings: Settings, gold_set: GoldSet, json_out: bool) -> None:
    from qa.assistant import Assistant
    from qa.eval.run import retrieval_only
    from qa.eval.tables import retrieval_markdown

    assistant = Assistant(settings)
    try:
        with progress_bar("retrieving") as bar:
            task = bar.add_task("retrieval", total=None, what="dense, bm25, hybrid")

            def advance(done: int, total: int) -> None:
                bar.update(task, completed=done, total=total)

            modes = retrieval_only(gold_set, assistant, advance)
    except KeyboardInterrupt:
        raise Interrupted("eval interrupted: retrieval-only scores keep nothing; run it again") from None
    finally:
        assistant.close()
    if json_out:
        print_json(modes)
    else:
        print(retrieval_markdown(modes))


def eval_answers(
    settings: Settings,
    gold: Path,
    gold_set: GoldSet,
    folder: Path,
    *,
    judge: str | None,
    workers: int,
    json_out: bool,
) -> None:
    """Answer and score every gold question into `folder`, print the summary; RowsFailed if rows failed."""
    from qa.assistant import Assistant
    from qa.eval.run import run_eval
    from qa.eval.tables import summary_markdown

    assistant = Assistant(settings)
    bar = progress_bar("evaluating")
    report = BatchBar(bar)
    try:
        with bar:
            run = run_eval(
                gold, gold_set, assistant, folder,
                workers=workers, on_result=report.advance, on_start=report.start, judge=judge,
            )  # fmt: skip
    except KeyboardInterrupt:
        raise Interrupted(
            f"eval interrupted: {report.done_of_total()}, kept in {folder}; "
            f"run the same command with --out {folder} to resume"
        ) from None
    finally:
        assistant.close()
    summary: dict[str, Any] = run.summary
    if json_out:
        print_json(summary)
    else:
        print(summary_markdown(summary))
    note(f"wrote {folder}/results.jsonl, summary.json and report.html")
    counts = summary.get("counts") or {}
    if counts.get("errors"):
        raise RowsFailed(
            f"{counts['errors']} of {counts.get('questions', '?')} questions failed "
            f"(see 'error' in {folder}/results.jsonl)",
            "fix the cause and run the eval again",
        )
