"""Prompt templates live as files in `prompts/`; each is checked for exactly its placeholders at load."""

from __future__ import annotations

import string
from functools import lru_cache
from pathlib import Path

from qa.errors import ConfigError

# template name -> the placeholders it must contain (and may not exceed)
REQUIRED: dict[str, frozenset[str]] = {
    "answer_system_en": frozenset(),
    "answer_system_ar": frozenset(),
    "answer_user_en": frozenset({"passages", "question"}),
    "answer_user_ar": frozenset({"passages", "question"}),
    "passage": frozenset({"n", "file", "text"}),
    "refuse_en": frozenset(),
    "refuse_ar": frozenset(),
    "condense_system": frozenset(),
    "condense_user": frozenset({"history", "question"}),
    "translate_system": frozenset(),
    "translate_user": frozenset({"question"}),
}


def placeholders(template: str) -> set[str]:
    return {field for _, field, _, _ in string.Formatter().parse(template) if field is not None}


class Prompts:
    def __init__(self, templates: dict[str, str]) -> None:
        self._templates = templates

    def text(self, name: str) -> str:
        return self._templates[name]

    def render(self, name: str, **values: object) -> str:
        return self._templates[name].format(**values)


def _load_template(folder: Path, name: str, required: frozenset[str]) -> str:
    path = folder / f"{name}.txt"
    try:
        template = path.read_text(encoding="utf-8").strip()
    except OSError as exc:
        raise ConfigError(f"prompt file {path} is missing", "restore it or set QA_PROMPTS_DIR") from exc
    try:
        found = placeholders(template)
    except ValueError as exc:
        raise ConfigError(
            f"prompt {path} is not a valid template: {exc}", "escape literal braces as {{ }}"
        ) from exc
    if found != required:
        want = ", ".join(sorted(required)) or "none"
        raise ConfigError(
            f"prompt {path} has placeholders {sorted(found)}, expected: {want}", "fix the template"
        )
    return template


@lru_cache(maxsize=4)
def load_prompts(folder: Path) -> Prompts:
    """Load and check every template in `folder` (cached per folder)."""
    return Prompts({name: _load_template(folder, name, req) for name, req in REQUIRED.items()})
