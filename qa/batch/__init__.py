"""Batch runs: `run` (many questions from a file, resumable) and `files` (.jsonl/.csv/.txt records, the
crash-safe journal), which `qa eval` shares."""

from __future__ import annotations

from typing import TYPE_CHECKING

from qa.lazy import lazy_attributes

if TYPE_CHECKING:
    from qa.batch.files import Journal, RawRecord, read_journal, read_records
    from qa.batch.run import BatchRow, BatchSummary, journal_path_for, run_batch, run_batch_file

# name -> the module that defines it. Loaded on first use (PEP 562), so importing one module of this package
# never imports its siblings or their frameworks.
_HOMES = {
    "BatchRow": "qa.batch.run",
    "BatchSummary": "qa.batch.run",
    "Journal": "qa.batch.files",
    "RawRecord": "qa.batch.files",
    "journal_path_for": "qa.batch.run",
    "read_journal": "qa.batch.files",
    "read_records": "qa.batch.files",
    "run_batch": "qa.batch.run",
    "run_batch_file": "qa.batch.run",
}
__all__ = [
    "BatchRow",
    "BatchSummary",
    "Journal",
    "RawRecord",
    "journal_path_for",
    "read_journal",
    "read_records",
    "run_batch",
    "run_batch_file",
]

__getattr__ = lazy_attributes(__name__, _HOMES)
