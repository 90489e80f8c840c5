"""The settings file (`qa.toml`, or the path in `QA_CONFIG`): found, read and checked, every problem one line
naming the file and the line.

`./qa.toml` is optional; a `QA_CONFIG` that names no file is an error (a silently ignored config file means
settings the user believes in are not in force).
"""

from __future__ import annotations

import os
import re
import tomllib
from pathlib import Path
from typing import Any

from qa.errors import ConfigError

DEFAULT_FILE = Path("qa.toml")
_HINT = "fix the file, or point QA_CONFIG to another one"


def config_file() -> Path | None:
    """The settings file to read: `QA_CONFIG` (which must exist), else `./qa.toml` if there is one."""
    named = os.environ.get("QA_CONFIG")
    if not named:
        return DEFAULT_FILE.resolve() if DEFAULT_FILE.is_file() else None
    path = Path(named).expanduser()
    if not path.is_file():
        what = "is a folder" if path.is_dir() else "does not exist"
        raise ConfigError(f"QA_CONFIG names {path}, which {what}", "give the path of a TOML settings file")
    return path


def read_config_file(path: Path) -> dict[str, Any]:
    """The settings in a TOML file; ConfigError naming the file and the line if it cannot be used."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ConfigError(f"cannot read the settings file {path}: {exc.strerror or exc}", _HINT) from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ConfigError(f"{path} line {line}: not UTF-8 text (byte {exc.start})", _HINT) from None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}", _HINT) from None


def line_of(path: Path, key: str) -> int | None:
    """The line on which `key = ...` is set in the settings file, if it is there."""
    pattern = re.compile(rf"""^\s*["']?{re.escape(key)}["']?\s*=""", re.IGNORECASE)
    try:
        lines = path.read_text(encoding="utf-8").split("\n")
    except (OSError, UnicodeDecodeError):
        return None
    return next((n for n, line in enumerate(lines, 1) if pattern.match(line)), None)


def where_set(field: str) -> str:
    """Where a setting's value came from, for an error line: the file and line, else the variable."""
    variable = f"QA_{field.upper()}"
    if variable in os.environ:
        return variable
    try:
        path = config_file()
    except ConfigError:
        path = None
    line = line_of(path, field) if path is not None else None
    return f"{field} in {path} line {line}" if line is not None else variable
