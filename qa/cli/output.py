"""What the `qa` command line shows while it works: the consoles, progress bars, and the records of how far
an ingest or batch got (for the one line an interrupted command prints)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn, TimeRemainingColumn

from store.identity import label_of
from store.lock import LockHolder, waiting_line, writer_lock
from store.text_hygiene import one_line

if TYPE_CHECKING:
    from qa.batch.run import BatchSummary
    from store.index import Index, IngestSummary
    from store.manifest import FileRecord

# Rich resolves sys.stdout/sys.stderr at each print, so captured streams (tests) work too.
err = Console(stderr=True, highlight=False, soft_wrap=True)
out = Console(highlight=False, soft_wrap=True)


def warn(message: str) -> None:
    """A `warning:` line on stderr; never read as markup (file names may hold brackets)."""
    err.print(f"warning: {one_line(message)}", markup=False)


def note(message: str) -> None:
    """A progress note on stderr (plain text)."""
    err.print(one_line(message), markup=False)


def print_json(value: Any) -> None:
    print(json.dumps(value, ensure_ascii=False, indent=2))


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


@dataclass
class IngestProgress:
    """How far an ingest got, from its progress reports: chunks committed of those it had to index.
    (Chunks, not files: an ingest commits in batches, so a file may be partly indexed when stopped.)"""

    chunks_done: int = 0
    chunks_total: int = 0

    def update(self, done: int, total: int, what: str) -> None:
        self.chunks_done, self.chunks_total = done, total

    def interrupted_line(self) -> str:
        if not self.chunks_done:
            return "ingest interrupted before any chunk was indexed: the index is as it was"
        return (
            f"ingest interrupted: {self.chunks_done} of {self.chunks_total} new chunks indexed and kept; "
            "run the same command to continue"
        )


def ingest_with_bar(
    index: Index,
    path: Path,
    progress: IngestProgress | None = None,
    *,
    wait: bool = False,
    replace: bool = False,
) -> IngestSummary:
    """`index.ingest(path)` under the data folder's writer lock (store/lock.py: busy = IndexBusy at once,
    or with `wait` a note and a wait), with a progress bar on a terminal; `progress` records how far it
    got. `replace`: the folder may take over the source of its name (store/ingest.py)."""
    seen = progress or IngestProgress()
    with writer_lock(index.config.data_dir, wait=wait, on_wait=waiting_note), progress_bar("indexing") as bar:
        task = bar.add_task("ingest", total=None, what="")

        def report(done: int, total: int, what: str) -> None:
            seen.update(done, total, what)
            bar.update(task, completed=done, total=total or None, what=what)

        return index.ingest(path, report, replace=replace)


def files_listing(records: Sequence[FileRecord], sources: dict[str, str]) -> str:
    """`qa files`: each source (label and the folder it was indexed from), then its documents by identity
    (source/path), their chunks and the start of their sha256."""
    if not records:
        return "the index is empty: run `qa ingest`"
    lines: list[str] = []
    for label in sorted({label_of(r.name) for r in records}):
        mine = [r for r in records if label_of(r.name) == label]
        count = f"{len(mine)} document{'' if len(mine) == 1 else 's'}"
        lines.append(f"{label}\t{sources.get(label, '?')}\t{count}")
        lines += [f"  {r.name}\t{r.n_chunks} chunks\t{r.sha256[:12]}" for r in mine]
    return "\n".join(lines)


def waiting_note(holder: LockHolder | None) -> None:
    note(waiting_line(holder))


def ingest_line(target: Path, summary: IngestSummary) -> str:
    s = summary
    return (
        f"indexed {target}: {s.files} files, {s.chunks} chunks in the index "
        f"(added {s.added}, updated {s.updated}, removed {s.removed}, skipped {s.skipped}) "
        f"in {s.seconds:.1f} s"
    )


class BatchBar:
    """Progress of a batch on a bar: the rate (questions/minute) in the `what` column, ETA at the end.
    It keeps the latest summary, so an interrupted run can say how many rows are done."""

    def __init__(self, bar: Progress) -> None:
        self.bar = bar
        self.task: TaskID | None = None
        self.summary: BatchSummary | None = None

    def start(self, summary: BatchSummary) -> None:
        self.summary = summary
        for warning in summary.warnings:
            warn(warning)
        if summary.resumed:
            note(f"resuming: {summary.resumed} of {summary.total} rows already done")
        # Created at the resumed count, so the rate and ETA only see this run's work.
        self.task = self.bar.add_task("batch", total=summary.total, completed=summary.resumed, what="")

    def advance(self, result: dict, summary: BatchSummary) -> None:
        self.summary = summary
        if self.task is not None:
            rate = f"{summary.per_minute:.1f} q/min"
            self.bar.update(self.task, completed=summary.resumed + summary.ran, what=rate)

    def done_of_total(self) -> str:
        """`N of M rows done` so far (N counts rows resumed from an earlier run)."""
        if self.summary is None:
            return "no rows done yet"
        s = self.summary
        return f"{s.resumed + s.ran} of {s.total} rows done"
