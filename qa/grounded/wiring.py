"""Putting the grounded engine together for a backend: who chooses the span (the backend's model by
constrained decoding, or rules only) and who transliterates names for English answers."""

from __future__ import annotations

from qa.grounded.choose import Chooser, RulesChooser
from qa.grounded.engine import GroundedEngine, Transliterate
from qa.grounded.romanise import romanise
from qa.llm import LLMBackend
from qa.prompts import Prompts
from qa.settings import Settings


def make_chooser(backend: LLMBackend, prompts: Prompts, settings: Settings) -> Chooser:
    """Rules for `extractive` (no model) or when asked; otherwise the model chooses, with the rules as
    its fallback when the backend cannot constrain its output."""
    rules = RulesChooser()
    # auto = rules: in end-to-end runs the model's choice picked wrong spans the rules got right (dev-04:
    # "July 2000" for the first nuclear test), and no measurement has shown it better yet (README)
    if backend.name == "extractive" or settings.chooser != "model":
        return rules
    from qa.grounded.model_choice import ModelChooser

    return ModelChooser(backend, prompts, fallback=rules)


def make_transliterator(backend: LLMBackend, prompts: Prompts) -> Transliterate:
    """Names for English answers: the model spells inside a letter lattice built from the Arabic (it cannot
    add words); without a model, rules romanise (dev strict 0.63 → 0.70 with extractive). Either way the
    phraser prints the Arabic original beside it."""
    if backend.name == "extractive":
        return romanise
    from qa.grounded.transliterate import Transliterator

    model = Transliterator(backend, prompts)

    def transliterate(name: str) -> str | None:
        return model.transliterate(name) or romanise(name)

    return transliterate


def grounded_engine(backend: LLMBackend, prompts: Prompts, settings: Settings) -> GroundedEngine:
    chooser = make_chooser(backend, prompts, settings)
    return GroundedEngine(chooser, transliterate=make_transliterator(backend, prompts))
