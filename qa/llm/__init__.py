"""Answer backends, chosen by name. Adding one = one small class + one line in `BACKENDS`."""

from __future__ import annotations

from collections.abc import Callable

from qa.errors import ConfigError
from qa.llm.base import GenerationRequest, LLMBackend, PromptPassage
from qa.settings import Settings

__all__ = ["BACKENDS", "GenerationRequest", "LLMBackend", "PromptPassage", "make_backend"]


def _local(settings: Settings) -> LLMBackend:
    from qa.llm.local import LocalBackend

    return LocalBackend.from_settings(settings)


def _openai(settings: Settings) -> LLMBackend:
    from qa.llm.openai import OpenAIBackend

    return OpenAIBackend.from_settings(settings)


def _extractive(settings: Settings) -> LLMBackend:
    from qa.llm.extractive import ExtractiveBackend

    return ExtractiveBackend()


BACKENDS: dict[str, Callable[[Settings], LLMBackend]] = {
    "local": _local,
    "openai": _openai,
    "extractive": _extractive,
}


def make_backend(name: str, settings: Settings) -> LLMBackend:
    try:
        factory = BACKENDS[name]
    except KeyError:
        choices = ", ".join(BACKENDS)
        raise ConfigError(f"unknown backend {name!r}", f"choose one of: {choices}") from None
    return factory(settings)
