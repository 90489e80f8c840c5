"""The work behind `qa check` and `qa ingest --repair` (store/check.py does the comparing and repairing):
opening an index whose Chroma folder is unreadable, and printing the check as one table."""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import TYPE_CHECKING

from qa.cli.output import note, out, progress_bar, waiting_note
from store.check import CheckReport, check_index, repair_index, set_aside_chroma
from store.errors import StoreError
from store.lock import writer_lock

if TYPE_CHECKING:
    from qa.settings import Settings
    from store.index import Index

NOT_IN_STEP_HINT = "run `qa ingest --repair` (half-indexed files: run the same ingest again)"


def check_command(settings: Settings, json_out: bool) -> None:
    """`qa check`: the table (or JSON); StoreError (exit 4) when the stores are not in step."""
    from qa.open_index import open_index

    try:
        index = open_index(settings)
    except StoreError:
        raise
    except Exception as exc:  # noqa: BLE001 - a corrupt Chroma folder raises chromadb's own errors
        raise StoreError(
            f"cannot open the index: {type(exc).__name__}: {exc}".splitlines()[0][:300],
            "if the Chroma folder is damaged, `qa ingest --repair` rebuilds it from the manifest",
        ) from None
    try:
        with writer_lock(settings.data_dir, wait=True, on_wait=waiting_note):  # a stable view
            report = check_index(index)
    finally:
        index.close()
    if json_out:
        print(json.dumps(report_json(report), ensure_ascii=False, indent=2))
    else:
        out.print(report_table(report), markup=False)
    if not report.in_step:
        raise StoreError(f"the index is not in step: {report.problem_line()}", NOT_IN_STEP_HINT)


def report_table(report: CheckReport) -> str:
    rows = [("store", "holds", "state"), *report.rows()]
    widths = [max(len(row[i]) for row in rows) for i in range(3)]
    return "\n".join("  ".join(cell.ljust(w) for cell, w in zip(row, widths)).rstrip() for row in rows)


def report_json(report: CheckReport) -> dict:
    data = asdict(report)
    data["in_step"] = report.in_step
    return data


def open_for_repair(settings: Settings) -> Index:
    """The index, for `qa ingest --repair`: when the embedded Chroma folder cannot be opened but the
    manifest can, the folder is set aside (kept for inspection) and the vectors rebuilt from the manifest."""
    from qa.open_index import index_config, open_index
    from store.index import index_name
    from store.manifest import Manifest

    try:
        return open_index(settings)
    except Exception as exc:  # noqa: BLE001 - a corrupt Chroma raises its own error types
        if settings.chroma_url:
            raise
        config = index_config(settings)
        path = config.data_dir / "indexes" / index_name(config) / "manifest.sqlite"
        if not path.is_file():  # no index to rebuild from
            raise
        manifest = Manifest(path)
        try:
            manifest.count_chunks()  # raises if the manifest itself is the unreadable part
        finally:
            manifest.close()
        moved = set_aside_chroma(settings.data_dir)
        note(f"Chroma could not be opened ({type(exc).__name__}); set aside as {moved}: rebuilding")
    return open_index(settings)


def open_for_writing(settings: Settings, *, repair: bool) -> Index:
    """The index for an ingest (the caller holds the writer lock); with `repair`, first brought in step."""
    from qa.open_index import open_index

    if not repair:
        return open_index(settings)
    index = open_for_repair(settings)
    repair_vectors(index)
    return index


def repair_vectors(index: Index, wait: bool = False) -> None:
    """Re-embed missing vectors, drop orphans (or rebuild an unreadable collection); one note line."""
    with progress_bar("repairing") as bar:
        task = bar.add_task("repair", total=None, what="")

        def report(done: int, total: int, what: str) -> None:
            bar.update(task, completed=done, total=total or None, what=what)

        summary, after = repair_index(index, report, wait=wait)
    what = "rebuilt the vectors from the manifest" if summary.rebuilt else "repaired"
    note(
        f"{what}: {summary.embedded} chunks re-embedded, {summary.dropped} orphan vectors dropped "
        f"in {summary.seconds:.1f} s"
    )
    if after.vectors_error is not None or after.missing_vectors or after.orphan_vectors:
        raise StoreError(f"the repair did not bring the index in step: {after.problem_line()}")
