"""The general word tables of store/arabic/data/ (.tsv: one entry a line, tab-separated columns, "#" lines say
where the table comes from). Tables are data, not code: each file's header names its source."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

DATA = Path(__file__).parent / "data"


@lru_cache(maxsize=16)
def table_rows(name: str) -> tuple[tuple[str, ...], ...]:
    """The rows of store/arabic/data/<name>.tsv, comments and blank lines left out."""
    lines = (DATA / f"{name}.tsv").read_text(encoding="utf-8").splitlines()
    return tuple(tuple(line.split("\t")) for line in lines if line.strip() and not line.startswith("#"))
