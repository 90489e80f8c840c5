"""Gold questions: reading and validating the rows of a gold file (.jsonl as tests/data/dev.jsonl, or .csv).

A row has `question`, `answers` (what a right answer contains), `sources` (the files that answer it),
`evidence` (quotes of those files), `answerable` (default: has answers), optional `id` and `lang`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from qa.batch.files import RawRecord, read_records
from qa.errors import InputError


@dataclass
class GoldItem:
    id: str
    line: int
    question: str
    answers: list[str]
    sources: list[str]
    evidence: list[str]
    answerable: bool
    lang: str | None = None
    domain: str | None = None  # optional: summary.json reports each domain apart (by_domain)


@dataclass
class GoldSet:
    items: list[GoldItem]
    errors: list[str] = field(default_factory=list)  # "line N: why", one per invalid row


def load_gold(path: Path) -> GoldSet:
    """Gold rows from .jsonl (the dev.jsonl format) or .csv (answers/sources/evidence `|`-separated)."""
    gold = GoldSet([])
    seen: set[str] = set()
    from_csv = Path(path).suffix.lower() == ".csv"
    for record in read_records(Path(path)):
        item, error = gold_item(record, from_csv)
        if item is not None and item.id in seen:
            item, error = None, f"line {record.line}: duplicate id {item.id!r}"
        if item is None:
            gold.errors.append(error or f"line {record.line}: invalid row")
            continue
        seen.add(item.id)
        gold.items.append(item)
    return gold


def gold_item(record: RawRecord, from_csv: bool = False) -> tuple[GoldItem | None, str | None]:
    """Validate one gold record; returns the item or the error naming its line. CSV cells hold lists
    as `|`-separated text; JSON needs real lists."""
    if record.error:
        return None, record.error
    n, f = record.line, record.fields
    try:
        question = f.get("question")
        if not isinstance(question, str) or not question.strip():
            raise ValueError("no question")
        answers, sources, evidence = (
            _text_list(f.get(key), key, from_csv) for key in ("answers", "sources", "evidence")
        )
        answerable = _flag(f.get("answerable"), default=bool(answers))
        lang = str(f.get("lang") or "").strip().lower() or None
        if lang not in (None, "ar", "en"):
            raise ValueError(f"lang must be ar or en (got {lang!r})")
        if answerable and not answers:
            raise ValueError("an answerable question needs at least one answer")
    except ValueError as exc:
        return None, f"line {n}: {exc}"
    row_id = str(f.get("id") or "").strip() or f"line-{n}"
    domain = str(f.get("domain") or "").strip() or None
    return GoldItem(row_id, n, question.strip(), answers, sources, evidence, answerable, lang, domain), None


def _text_list(value: object, key: str, from_csv: bool) -> list[str]:
    """A list of non-empty strings: a JSON list, or a CSV cell split on `|`."""
    if value is None or value == "":
        return []
    if isinstance(value, str) and from_csv:
        return [part.strip() for part in value.split("|") if part.strip()]
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return [v.strip() for v in value if v.strip()]
    raise ValueError(f"'{key}' must be a list of strings")


def _flag(value: object, default: bool) -> bool:
    if value is None or value == "":
        return default
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in ("true", "1", "yes", "y"):
        return True
    if text in ("false", "0", "no", "n"):
        return False
    raise ValueError(f"'answerable' must be true or false (got {value!r})")


def require_valid(gold: GoldSet, path: Path, skip_invalid: bool) -> list[str]:
    """Stop on an invalid gold file (unless skipping); returns the warnings to show."""
    if gold.errors and not skip_invalid:
        listed = "; ".join(gold.errors[:3]) + (
            f"; and {len(gold.errors) - 3} more" if len(gold.errors) > 3 else ""
        )
        raise InputError(
            f"{path.name} has {len(gold.errors)} invalid rows: {listed}", "fix them or pass --skip-invalid"
        )
    if not gold.items:
        raise InputError(f"{path.name} has no valid gold question", "see tests/data/dev.jsonl for the format")
    return [f"skipped {error}" for error in gold.errors]
