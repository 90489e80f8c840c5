"""Record files: reading .jsonl, .csv and .txt records with their line numbers, writing JSONL and CSV, and
the crash-safe journal (append-only JSONL of rows keyed by `id`) that makes batch and eval runs resumable.

Used by `qa batch` (questions in, result rows out) and `qa eval` (gold rows in, results out).
Input is UTF-8 with or without the BOM Excel writes; a `.txt` file holds one question a line (blank lines
are skipped). Outputs are written atomically (store/atomic.py): a reader never sees half a file.
"""

from __future__ import annotations

import csv
import io
import json
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from qa.errors import InputError
from store.atomic import write_atomically

INPUT_SUFFIXES = (".jsonl", ".csv", ".txt")


@dataclass
class RawRecord:
    """One record of an input file before validation: its fields, or why it could not be read."""

    line: int
    fields: dict[str, Any] = field(default_factory=dict)
    error: str | None = None


def read_records(path: Path) -> list[RawRecord]:
    """The records of a .jsonl, .csv or .txt file with their line numbers (1-based)."""
    path = Path(path)
    if path.suffix.lower() not in INPUT_SUFFIXES:
        raise InputError(f"cannot read {path.name}: unknown file type", "use a .jsonl, .csv or .txt file")
    try:
        text = path.read_bytes().decode("utf-8-sig")  # Excel writes a BOM; it is not part of the header
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror or exc}", "check the path") from exc
    except UnicodeDecodeError as exc:
        raise InputError(f"{path.name} is not UTF-8 text (byte {exc.start})", "save it as UTF-8") from exc
    suffix = path.suffix.lower()
    if suffix == ".jsonl":
        return list(_jsonl_records(text))
    if suffix == ".csv":
        return list(_csv_records(text))
    return [RawRecord(n, {"question": line}) for n, line in enumerate(split_lines(text), 1) if line.strip()]


def split_lines(text: str) -> list[str]:
    """Lines split on newlines only (str.splitlines also splits on U+2028, which JSON strings may hold)."""
    return [line.removesuffix("\r") for line in text.split("\n")]


def _jsonl_records(text: str) -> Iterator[RawRecord]:
    for n, line in enumerate(split_lines(text), 1):
        if not line.strip():
            continue
        try:
            value = json.loads(line)
        except ValueError as exc:
            yield RawRecord(n, error=f"line {n}: invalid JSON ({exc.msg})")
            continue
        if isinstance(value, dict):
            yield RawRecord(n, value)
        else:
            yield RawRecord(n, error=f"line {n}: expected a JSON object, got {type(value).__name__}")


def _csv_records(text: str) -> Iterator[RawRecord]:
    reader = csv.reader(io.StringIO(text, newline=""))
    header = [name.strip().lower() for name in next(reader, [])]
    start = reader.line_num + 1
    for cells in reader:
        line, start = start, reader.line_num + 1  # a quoted cell may span lines: report the first
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) > len(header):
            yield RawRecord(
                line, error=f"line {line}: {len(cells)} cells but {len(header)} columns in the header"
            )
            continue
        yield RawRecord(line, dict(zip(header, cells)))


def write_jsonl(path: Path, rows: Iterable[dict]) -> None:
    """One JSON object a line, non-ASCII kept as is (Arabic stays readable)."""
    write_atomically(path, lambda fh: fh.writelines(json.dumps(r, ensure_ascii=False) + "\n" for r in rows))


def write_csv(path: Path, columns: Iterable[str], rows: Iterable[dict[str, Any]]) -> None:
    """A CSV with a header row, UTF-8 with the BOM so that Excel shows Arabic."""

    def write(fh: IO[str]) -> None:
        writer = csv.DictWriter(fh, fieldnames=list(columns))
        writer.writeheader()
        writer.writerows(rows)

    write_atomically(path, write, encoding="utf-8-sig")


# --- journals -----------------------------------------------------------------------------------


def read_journal(path: Path) -> dict[str, dict]:
    """Results by id (the last one wins). A torn last line (killed mid-write) is cut off the file."""
    if not path.is_file():
        return {}
    data = path.read_bytes()
    if data and not data.endswith(b"\n"):
        with path.open("r+b") as fh:
            fh.truncate(data.rfind(b"\n") + 1)
        data = data[: data.rfind(b"\n") + 1]
    results: dict[str, dict] = {}
    for line in split_lines(data.decode("utf-8", errors="replace")):
        try:
            value = json.loads(line)
        except ValueError:
            continue
        if isinstance(value, dict) and isinstance(value.get("id"), str):
            results[value["id"]] = value
    return results


class Journal:
    """Append-only JSONL; each row is flushed and synced before the next one is taken."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self._fh = path.open("a", encoding="utf-8")

    def append(self, result: dict) -> None:
        self._fh.write(json.dumps(result, ensure_ascii=False) + "\n")
        self._fh.flush()
        os.fsync(self._fh.fileno())

    def close(self) -> None:
        self._fh.close()
