"""Request constraints for constrained decoding, in the two dialects OpenAI-compatible servers accept.

- `grammar`: llama.cpp's server reads a GBNF `grammar` (or a raw `json_schema`) in the request body;
  the reply is the bare option, so choosing among numbered options costs one generated token.
- `json_schema`: `response_format: {"type": "json_schema", ...}` with an enum (or a regex pattern), the
  Structured Outputs form hosted OpenAI endpoints accept; llama.cpp accepts it too.
"""

from __future__ import annotations

import json
from typing import Any, Literal

Dialect = Literal["grammar", "json_schema"]
DIALECTS: tuple[Dialect, ...] = ("grammar", "json_schema")

_GBNF_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"}


def gbnf_literal(text: str) -> str:
    """`text` as a GBNF string literal (UTF-8 as is; quotes, backslashes and control characters escaped)."""
    out = []
    for char in text:
        if char in _GBNF_ESCAPES:
            out.append(_GBNF_ESCAPES[char])
        elif ord(char) < 0x20:
            out.append(f"\\x{ord(char):02X}")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'


def gbnf_one_of(options: list[str]) -> str:
    """A grammar whose only sentences are the options."""
    return "root ::= " + " | ".join(gbnf_literal(option) for option in options)


def enum_response_format(options: list[str]) -> dict[str, Any]:
    """Structured Outputs: a JSON object whose one field is one of the options."""
    return _object_format("choice", {"type": "string", "enum": list(options)})


def pattern_response_format(pattern: str) -> dict[str, Any]:
    """Structured Outputs: a JSON object whose one field matches the regular expression."""
    return _object_format("text", {"type": "string", "pattern": pattern})


def _object_format(name: str, field: dict[str, Any]) -> dict[str, Any]:
    # Strict Structured Outputs need an object at the root with every property required.
    schema = {
        "type": "object",
        "properties": {"value": field},
        "required": ["value"],
        "additionalProperties": False,
    }
    return {"type": "json_schema", "json_schema": {"name": name, "strict": True, "schema": schema}}


def read_object_value(content: str) -> str:
    """The `value` field of a Structured Outputs reply; ValueError when the reply is not that object."""
    data = json.loads(content)
    if not isinstance(data, dict) or not isinstance(data.get("value"), str):
        raise ValueError(f"expected an object with a string 'value', got {content[:80]!r}")
    return data["value"]


def read_json_string(content: str) -> str:
    """The string of a reply constrained by a raw string `json_schema` (it arrives quoted)."""
    value = json.loads(content)
    if not isinstance(value, str):
        raise ValueError(f"expected a JSON string, got {content[:80]!r}")
    return value
