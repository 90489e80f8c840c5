"""Putting the grounded engine together for a backend: who chooses the span (the backend's model by
constrained decoding, or rules only) and who transliterates names for English answers."""

from __future__ import annotations

from qa.grounded.choose import Chooser, RulesChooser
from qa.grounded.engine import GroundedEngine

from qa.llm import LLMBackend
from qa.prompts import Prompts
from qa.settings import Settings


def make_chooser(backend: LLMBackend, prompts: Prompts, settings: Settings) -> Chooser:
    """Rules for `extractive` (no model) or when asked; otherwise the model chooses, with the rules as
    its fallback when the backend cannot constrain its output."""
    rules = RulesChooser()
    if backend.name == "extractive" or settings.chooser == "rules":
        return rules
    from qa.grounded.model_choice import ModelChooser

    return ModelChooser(backend, prompts, fallback=rules)


def grounded_engine(backend: LLMBackend, prompts: Prompts, settings: Settings) -> GroundedEngine:
    transliterate = None
    if backend.name != "extractive":
        from qa.grounded.model_choice import Transliterator

        transliterate = Transliterator(backend, prompts)
    return GroundedEngine(make_chooser(backend, prompts, settings), transliterate=transliterate)
