"""Answer backends, registered by name. Adding one = one small class (its capabilities declared on it, see
`LLMBackend`) + one line in `BACKENDS`. Nothing outside qa/llm/ compares backend names: it asks the class."""

from __future__ import annotations

from typing import TYPE_CHECKING

from qa.errors import ConfigError
from qa.llm.base import GenerationRequest, LLMBackend, PromptPassage
from qa.llm.extractive import ExtractiveBackend
from qa.llm.local import LocalBackend
from qa.llm.openai import OpenAIBackend

if TYPE_CHECKING:
    from qa.settings import Settings

__all__ = ["BACKENDS", "GenerationRequest", "LLMBackend", "PromptPassage", "backend_class", "make_backend"]

# The one registry: name (QA_BACKEND, --backend, the UI's choice) -> class.
BACKENDS: dict[str, type[LLMBackend]] = {
    "local": LocalBackend,
    "openai": OpenAIBackend,
    "extractive": ExtractiveBackend,
}


def backend_class(name: str) -> type[LLMBackend]:
    """The backend registered as `name`, to read its capabilities without making one."""
    try:
        return BACKENDS[name]
    except KeyError:
        choices = ", ".join(BACKENDS)
        raise ConfigError(f"unknown backend {name!r}", f"choose one of: {choices}") from None


def make_backend(name: str, settings: Settings) -> LLMBackend:
    return backend_class(name).from_settings(settings)
