"""The general word tables of store/arabic/data/ (.tsv: one entry a line, tab-separated columns, "#" lines say
where the table comes from). Tables are data, not code: each file's header names its source."""

from __future__ import annotations

from collections.abc import Container, Sequence
from functools import lru_cache
from pathlib import Path

DATA = Path(__file__).parent / "data"


@lru_cache(maxsize=16)
def table_rows(name: str) -> tuple[tuple[str, ...], ...]:
    """The rows of store/arabic/data/<name>.tsv, comments and blank lines left out."""
    lines = (DATA / f"{name}.tsv").read_text(encoding="utf-8").splitlines()
    return tuple(tuple(line.split("\t")) for line in lines if line.strip() and not line.startswith("#"))


def phrase_at(words: Sequence[str], i: int, table: Container[str]) -> int:
    """Words (4 to 1) of the longest phrase of `table` (keys: normalised words joined by a space) that
    starts at words[i], else 0."""
    for size in (4, 3, 2, 1):
        if i + size <= len(words) and " ".join(words[i : i + size]) in table:
            return size
    return 0
