"""Batch answering: many questions from a file, one result row per question, resumable.

Input: `.jsonl` (`question`, optional `id`, `lang`), `.csv` with a header row (same columns; UTF-8 with or
without the BOM Excel writes) or `.txt` (one question a line; blank lines are skipped), read by
qa/batch/files.py.
A row without an id gets `line-<n>` (its input line number), stable as long as the file is unchanged.
A duplicate id is reported as a warning and the later row gets `<id>~<n>` (n = 2, 3, ...): both rows
are answered and the suffix is stable for an unchanged input, so resuming still works.

Every finished row is appended (and flushed) to a journal, `OUTPUT.partial.jsonl`, so a killed run loses
nothing: the same command resumes, skipping ids already answered (`retry_errors` also re-runs failed rows).
When every row is done the output is written in input order, atomically (store/atomic.py). The
journal is then deleted, unless error rows remain (so `--retry-errors` can re-run them). A `.jsonl` output
is itself read back on resume, so re-running a finished command does not redo the work.

A row of the output is the Answer record (qa/records.py) plus `id`, `line` (input line number) and
`error` (null, or one line saying why the row has no answer). Error rows carry an empty answer.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from qa.batch.files import Journal, RawRecord, read_journal, read_records, write_csv, write_jsonl
from qa.errors import InputError, QAError
from qa.records import Answer
from store.text_hygiene import clean_text, undecodable_at

if TYPE_CHECKING:
    from qa.assistant import Assistant
    from qa.settings import Settings

OUTPUT_SUFFIXES = (".jsonl", ".csv")
LANGS = ("ar", "en", "auto")
CSV_COLUMNS = (
    "id", "line", "question", "answer", "refused", "language", "backend",
    "cited_files", "citations", "unverified_citations", "seconds", "error", "cited_documents",
)  # fmt: skip


@dataclass
class BatchRow:
    """A question to answer. `error` set = a bad input row: reported, never sent to the assistant."""

    id: str
    line: int
    question: str
    lang: str | None = None
    error: str | None = None


@dataclass
class BatchSummary:
    total: int = 0
    answered: int = 0
    refused: int = 0
    errors: int = 0
    resumed: int = 0  # rows taken from the journal/previous output instead of being run again
    ran: int = 0
    seconds: float = 0.0
    warnings: list[str] = field(default_factory=list)
    rows: list[dict[str, Any]] = field(default_factory=list)  # result rows in input order

    @property
    def per_minute(self) -> float:
        return 60.0 * self.ran / self.seconds if self.seconds > 0 else 0.0

    def line(self) -> str:
        return (
            f"{self.total} questions: {self.answered} answered, {self.refused} refused, {self.errors} errors"
            f" ({self.resumed} resumed, {self.ran} run in {self.seconds:.1f} s,"
            f" {self.per_minute:.1f} questions/minute)"
        )


# --- reading ------------------------------------------------------------------------------------


def read_questions(path: Path) -> tuple[list[BatchRow], list[str]]:
    """The rows of an input file (bad ones carry their error) and warnings (duplicate ids)."""
    rows = [question_row(record) for record in read_records(path)]
    return rows, dedupe_ids(rows)


def question_row(record: RawRecord) -> BatchRow:
    """Validate one record: a non-empty `question` string, optional `id` and `lang` (ar, en or auto)."""
    n, fields = record.line, record.fields
    raw_id = fields.get("id")
    row_id = clean_text(str(raw_id).strip()) if raw_id not in (None, "") else f"line-{n}"
    question = fields.get("question")
    row = BatchRow(row_id, n, clean_text(question) if isinstance(question, str) else "")
    lang = fields.get("lang")
    row.lang = clean_text(lang.strip().lower()) if isinstance(lang, str) and lang.strip() else None
    # JSON can spell undecodable bytes (`\ud800`): such a row is an error row, recorded cleaned.
    undecodable = [key for key in ("question", "id", "lang") if _undecodable(fields.get(key))]
    if record.error:
        row.error = record.error
    elif undecodable:
        row.error = f"line {n}: the {undecodable[0]} holds bytes that are not valid UTF-8 text"
    elif "question" not in fields:
        row.error = f"line {n}: no 'question' field"
    elif not isinstance(question, str):
        row.error = f"line {n}: 'question' must be a string"
    elif not question.strip():
        row.error = f"line {n}: the question is empty"
    elif row.lang is not None and row.lang not in LANGS:
        row.error = f"line {n}: lang must be ar, en or auto (got {lang!r})"
    return row


def _undecodable(value: object) -> bool:
    return isinstance(value, str) and undecodable_at(value) is not None


def dedupe_ids(rows: list[BatchRow]) -> list[str]:
    """Give repeated ids a stable suffix (`id~2`, `id~3`, ...) so every row has its own; warn about each."""
    seen: dict[str, int] = {}
    taken = {row.id for row in rows}
    warnings: list[str] = []
    for row in rows:
        count = seen.get(row.id, 0) + 1
        seen[row.id] = count
        if count == 1:
            continue
        new_id = f"{row.id}~{count}"
        while new_id in taken:
            new_id += "~"
        warnings.append(f"line {row.line}: duplicate id {row.id!r}, renamed {new_id!r}")
        taken.add(new_id)
        row.id = new_id
    return warnings


# --- result rows --------------------------------------------------------------------------------


def result_row(row: BatchRow, answer: Answer | None, error: str | None, backend: str, seconds: float) -> dict:
    """The Answer record plus id/line/error; a row without an answer gets an empty Answer (same keys)."""
    if answer is None:
        answer = Answer(
            question=row.question, answer="", language=row.lang or "", refused=False, backend=backend
        )
        answer.timings.total = round(seconds, 3)
    return {"id": row.id, "line": row.line, **answer.model_dump(mode="json"), "error": error}


def error_text(exc: BaseException) -> str:
    """One line for an error row: the QAError's own words, else the exception type and message."""
    text = exc.one_line() if isinstance(exc, QAError) else f"{type(exc).__name__}: {exc}"
    return " ".join(text.split())[:500]


def is_done(result: dict, row: BatchRow, retry_errors: bool) -> bool:
    """A journaled result counts for `row` if it answered the same question (and is not a retried error)."""
    if retry_errors and result.get("error"):
        return False
    same = " ".join(str(result.get("question", "")).split()) == " ".join(row.question.split())
    return same or (row.error is not None and result.get("error") == row.error)


# --- the journal --------------------------------------------------------------------------------


def journal_path_for(output: Path) -> Path:
    return output.with_name(output.name + ".partial.jsonl")


# --- running ------------------------------------------------------------------------------------

AnswerFn = Callable[[BatchRow], Answer]
ResultFn = Callable[[dict, BatchSummary], None]


def assistant_answerer(assistant: Assistant, backend: str | None = None, k: int | None = None) -> AnswerFn:
    """The default work of a row: `assistant.ask`. The backend is created here, before any worker
    thread starts, because the assistant's backend cache is not guarded by a lock. Models are loaded
    here too, so a broken setup fails once (not on every row) and no row's latency includes a load."""
    from qa.open_index import ensure_indexed

    if assistant.settings.server_url:
        return service_answerer(assistant.settings, backend, k)
    generator = assistant.backend(backend)
    ensure_indexed(assistant.index, assistant.settings)
    assistant.index.embed_query("warm-up")
    start = getattr(generator, "start", None)  # the local backend starts its model server
    if callable(start):
        start()
    return lambda row: assistant.ask(row.question, lang=row.lang, backend=generator.name, k=k)


def service_answerer(settings: Settings, backend: str | None, k: int | None) -> AnswerFn:
    """Rows answered by a running `qa serve` (QA_SERVER_URL / --server): no model loads in this process."""
    from qa.service.client import ServiceClient

    token = settings.api_token.get_secret_value() if settings.api_token else None
    client = ServiceClient(settings.server_url or "", token, timeout=settings.llm_timeout * 3)
    return lambda row: client.ask(row.question, lang=row.lang, backend=backend, k=k)


def run_batch(
    rows: list[BatchRow],
    assistant: Assistant,
    journal_path: Path,
    workers: int = 1,
    on_result: ResultFn | None = None,
    *,
    backend: str | None = None,
    k: int | None = None,
    retry_errors: bool = False,
    previous: dict[str, dict] | None = None,
    on_start: Callable[[BatchSummary], None] | None = None,
) -> BatchSummary:
    """Answer `rows` (skipping those already in the journal or `previous`), journaling each result as it
    completes; `on_result(result, summary)` is called for each. The summary's rows are in input order."""
    done = {**(previous or {}), **read_journal(journal_path)}
    results = {
        row.id: done[row.id] for row in rows if row.id in done and is_done(done[row.id], row, retry_errors)
    }
    summary = BatchSummary(total=len(rows), resumed=len(results))
    if on_start is not None:
        on_start(summary)
    todo = [row for row in rows if row.id not in results]
    served = assistant.settings.server_url
    backend_name = (backend or assistant.settings.backend) if served else assistant.backend(backend).name
    # Nothing to answer (all done, or only bad rows left): no model is loaded.
    needs_answers = any(row.error is None for row in todo)
    answer_fn = assistant_answerer(assistant, backend, k) if needs_answers else _no_answers
    journal = Journal(journal_path)
    started = time.perf_counter()
    try:
        with closing(_results(todo, answer_fn, backend_name, workers)) as stream:
            for result in stream:
                _record(result, journal, results, summary, started, on_result)
    finally:
        journal.close()
        summary.seconds = time.perf_counter() - started
    summary.rows = [results[row.id] for row in rows if row.id in results]
    _count(summary)
    return summary


def _no_answers(row: BatchRow) -> Answer:
    raise AssertionError(f"row {row.id} was not expected to be answered")


def _record(
    result: dict,
    journal: Journal,
    results: dict,
    summary: BatchSummary,
    started: float,
    on_result: ResultFn | None,
) -> None:
    journal.append(result)
    results[result["id"]] = result
    summary.ran += 1
    summary.seconds = time.perf_counter() - started
    if on_result is not None:
        on_result(result, summary)


def _count(summary: BatchSummary) -> None:
    summary.errors = sum(1 for r in summary.rows if r.get("error"))
    summary.refused = sum(1 for r in summary.rows if not r.get("error") and r.get("refused"))
    summary.answered = len(summary.rows) - summary.errors - summary.refused


def answer_row(row: BatchRow, answer_fn: AnswerFn, backend: str) -> dict:
    """One row's result; any exception becomes an error row (a failing question never stops the run)."""
    started = time.perf_counter()
    if row.error:
        return result_row(row, None, row.error, backend, 0.0)
    try:
        return result_row(row, answer_fn(row), None, backend, 0.0)
    except Exception as exc:  # noqa: BLE001 - reported in the row, the batch goes on
        return result_row(row, None, error_text(exc), backend, time.perf_counter() - started)


def _results(rows: list[BatchRow], answer_fn: AnswerFn, backend: str, workers: int) -> Iterator[dict]:
    """Results in completion order: sequential for one worker, else a bounded thread pool."""
    if workers <= 1:
        for row in rows:
            yield answer_row(row, answer_fn, backend)
        return
    yield from _pooled(rows, answer_fn, backend, workers)


def _pooled(rows: list[BatchRow], answer_fn: AnswerFn, backend: str, workers: int) -> Iterator[dict]:
    """At most 2 x workers rows in flight, so an interrupt leaves little queued work to cancel."""
    pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="qa-batch")
    pending: set[Future[dict]] = set()
    queue = iter(rows)
    try:
        while True:
            for row in queue:
                pending.add(pool.submit(answer_row, row, answer_fn, backend))
                if len(pending) >= 2 * workers:
                    break
            if not pending:
                return
            finished, pending = wait(pending, return_when=FIRST_COMPLETED)
            for future in finished:
                yield future.result()
    finally:
        pool.shutdown(wait=not pending, cancel_futures=True)


# --- writing ------------------------------------------------------------------------------------


def csv_cells(result: dict) -> dict[str, Any]:
    """A result flattened for spreadsheets: cited files and spans as compact `file:start-end` strings."""
    citations = result.get("citations") or []
    files = list(dict.fromkeys(c["file"] for c in citations))
    return {
        "id": result["id"],
        "line": result.get("line", ""),
        "question": result.get("question", ""),
        "answer": result.get("answer", ""),
        "refused": str(bool(result.get("refused"))).lower(),
        "language": result.get("language", ""),
        "backend": result.get("backend", ""),
        "cited_files": "; ".join(files),
        "citations": "; ".join(f"[{c['n']}] {c['file']}:{c['start']}-{c['end']}" for c in citations),
        "unverified_citations": sum(1 for c in citations if not c.get("verified", True)),
        "seconds": (result.get("timings") or {}).get("total", ""),
        "error": result.get("error") or "",
        # identities (source/path): unambiguous where two sources hold the same file name
        "cited_documents": "; ".join(dict.fromkeys(c.get("document") or c["file"] for c in citations)),
    }


def write_output(path: Path, rows: list[dict]) -> None:
    """The final output in input order: JSONL rows, or CSV (UTF-8 with BOM so Excel shows Arabic)."""
    if path.suffix.lower() == ".jsonl":
        write_jsonl(path, rows)
    else:
        write_csv(path, CSV_COLUMNS, (csv_cells(r) for r in rows))


def check_paths(input_path: Path, output: Path) -> None:
    if not input_path.is_file():
        raise InputError(f"no such input file: {input_path}", "give a .jsonl, .csv or .txt file of questions")
    if output.suffix.lower() not in OUTPUT_SUFFIXES:
        raise InputError(f"cannot write {output.name}: unknown output type", "name the output .jsonl or .csv")
    if output.resolve() == input_path.resolve():
        raise InputError("the output would overwrite the input", "choose another output path")


def previous_output(output: Path) -> dict[str, dict]:
    """Rows of a finished .jsonl output: re-running a completed command then reuses them."""
    return read_journal(output) if output.suffix.lower() == ".jsonl" else {}


def run_batch_file(
    input_path: Path,
    output: Path,
    assistant: Assistant,
    workers: int = 1,
    on_result: ResultFn | None = None,
    *,
    backend: str | None = None,
    retry_errors: bool = False,
    on_start: Callable[[BatchSummary], None] | None = None,
) -> BatchSummary:
    """The whole `qa batch` command without the CLI: read, resume, run, write the output, tidy the journal.
    `on_start` sees the totals (and the input's warnings) before the first question runs."""
    check_paths(input_path, output)
    rows, warnings = read_questions(input_path)
    journal = journal_path_for(output)

    def started(summary: BatchSummary) -> None:
        summary.warnings = warnings
        if on_start is not None:
            on_start(summary)

    summary = run_batch(
        rows, assistant, journal, workers, on_result,
        backend=backend, retry_errors=retry_errors, previous=previous_output(output), on_start=started,
    )  # fmt: skip
    summary.warnings = warnings
    write_output(output, summary.rows)
    if summary.errors == 0:
        journal.unlink(missing_ok=True)
    return summary
