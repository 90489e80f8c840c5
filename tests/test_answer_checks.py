"""Post-generation checks on the real seeds index and embedder, with a scripted backend standing in for
the model (the model's own behaviour is covered by test_e2e_llm.py)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from qa.assistant import Assistant
from qa.llm import GenerationRequest, LLMBackend


class ScriptedBackend(LLMBackend):
    name = "scripted"

    def __init__(self, reply: str) -> None:
        self.reply = reply

    def stream(self, request: GenerationRequest) -> Iterator[str]:
        for i, word in enumerate(self.reply.split(" ")):
            yield word if i == 0 else " " + word


@pytest.fixture()
def assistant(seeds_settings):
    assistant = Assistant(seeds_settings, backends={"scripted": ScriptedBackend("")})
    yield assistant
    assistant.close()


def _ask(assistant: Assistant, question: str, reply: str):
    backend = assistant.backend("scripted")
    assert isinstance(backend, ScriptedBackend)
    backend.reply = reply
    return assistant.ask(question, backend="scripted", mode="generative")


def test_figures_from_outside_the_sources_turn_the_answer_into_a_refusal(assistant) -> None:
    answer = _ask(assistant, "When did Putin last visit Vietnam?", "Putin last visited Vietnam in 2019 [1].")
    assert answer.refused and answer.refusal_reason == "unsourced_figures"
    assert answer.answer == "The provided sources do not answer this question." and not answer.citations


def test_the_model_declining_is_a_refusal_with_its_reason(assistant) -> None:
    answer = _ask(assistant, "ما اسم رئيس وزراء كوريا الشمالية؟", "NO_ANSWER")
    assert answer.refused and answer.refusal_reason == "model_declined"
    assert answer.answer == "لا تتضمن المصادر المتاحة إجابة عن هذا السؤال."


def test_a_written_answer_that_cites_nothing_is_refused(assistant) -> None:
    answer = _ask(assistant, "What did Putin say about bananas?", "Putin likes bananas very much.")
    assert answer.refused and answer.refusal_reason == "uncited" and not answer.citations


def test_a_figure_must_be_in_a_cited_passage_not_just_any_passage(assistant) -> None:
    question = "كم عدد الصواريخ التي قال مسؤولون أوكرانيون إنهم رصدوا إيصالها من كوريا الشمالية إلى روسيا؟"
    passages = assistant.retriever.retrieve(question).passages
    other = next(i for i, p in enumerate(passages, 1) if "50" not in p.text)
    assert any("50" in p.text for p in passages)  # the figure is in some passage, not in the cited one
    words = " ".join(passages[other - 1].text.split()[:12])
    answer = _ask(assistant, question, f"{words} 50 [{other}].")
    assert answer.refused and answer.refusal_reason == "unsourced_figures"


def test_the_mode_follows_the_backend_unless_asked(assistant) -> None:
    assert assistant.settings.answer_mode_for("local") == "grounded"
    assert assistant.settings.answer_mode_for("extractive") == "grounded"
    assert assistant.settings.answer_mode_for("openai") == "generative"
    assert assistant.settings.answer_mode_for("local", "generative") == "generative"
    answer = _ask(assistant, "ما اسم رئيس وزراء كوريا الشمالية؟", "NO_ANSWER")
    assert answer.mode == "generative"


def test_a_misnumbered_citation_is_moved_to_the_passage_that_says_it(assistant) -> None:
    question = "كم عدد الصواريخ التي قال مسؤولون أوكرانيون إنهم رصدوا إيصالها من كوريا الشمالية إلى روسيا؟"
    passages = assistant.retriever.retrieve(question).passages
    holder = next(i for i, p in enumerate(passages, 1) if "50 صاروخا" in p.text)
    wrong = next(i for i, p in enumerate(passages, 1) if "50" not in p.text)
    answer = _ask(assistant, question, f"رصد المسؤولون الأوكرانيون إيصال نحو 50 صاروخا [{wrong}].")
    assert answer.answer == f"رصد المسؤولون الأوكرانيون إيصال نحو 50 صاروخا [{holder}]."
    assert [(c.n, c.verified) for c in answer.citations] == [(holder, True)]
    assert answer.reattributed_sentences and not answer.unsupported_sentences
    assert answer.refusal_reason is None


def test_terminal_shows_what_checking_changed_after_streaming() -> None:
    from qa.records import Answer
    from qa.render import render_sources

    refusal = Answer(
        question="q",
        answer="The provided sources do not answer this question.",
        language="en",
        refused=True,
        backend="local",
        refusal_reason="unsourced_figures",
    )
    shown = render_sources(refusal, streamed="Putin visited Vietnam in 2019 [1].").splitlines()
    assert shown[0].startswith("(withdrawn") and shown[1] == refusal.answer
    moved = Answer(
        question="q", answer="50 صاروخا [2].", language="ar", refused=False, backend="local",
        reattributed_sentences=["50 صاروخا."],
    )  # fmt: skip
    assert render_sources(moved, streamed="50 صاروخا [1].").splitlines()[:2] == [
        "الإجابة بعد التحقق (صُححت الإحالات):",
        "50 صاروخا [2].",
    ]
    unchanged = moved.model_copy(update={"reattributed_sentences": []})
    assert "50 صاروخا [2]." not in render_sources(unchanged, streamed="50 صاروخا [2].")
