"""Follow-up rewriting (qa/generate/followup.py): the heuristic, the rewrites and the condense request,
without a server. The model itself is exercised by the `llm` browser test in test_ui.py; here a recording
backend stands in."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from qa.generate import load_prompts
from qa.generate.followup import (
    HISTORY_ANSWER_CHARS,
    HISTORY_MAX_CHARS,
    HISTORY_QUESTION_CHARS,
    HISTORY_TURNS,
    Turn,
    clean_rewrite,
    extractive_rewrite,
    history_budget,
    history_text,
    needs_rewrite,
    standalone_question,
)
from qa.llm import GenerationRequest, LLMBackend
from qa.llm.extractive import ExtractiveBackend
from qa.records import Answer
from qa.settings import PROJECT_ROOT

Q_AR = "متى كانت زيارة بوتين السابقة إلى بيونغيانغ؟"
FOLLOWUP_AR = "ومتى عاد؟"
TURNS = [Turn(asked=Q_AR, standalone=Q_AR, answer="في جويلية 2000. [1]", refused=False)]
PROMPTS = load_prompts(PROJECT_ROOT / "prompts")


class RecordingBackend(LLMBackend):
    """Replies with a fixed text and keeps the requests it was given."""

    name = "recording"

    def __init__(self, reply: str) -> None:
        self.reply = reply
        self.requests: list[GenerationRequest] = []

    def stream(self, request: GenerationRequest) -> Iterator[str]:
        self.requests.append(request)
        yield self.reply


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("ومتى عاد؟", True),  # continuation clitic + question word
        ("ومن رافقه؟", True),  # attached pronoun
        ("ماذا قال عن ذلك؟", True),
        ("لماذا؟", True),  # no topic word at all
        ("and who went with him?", True),
        ("Where did it happen?", True),
        ("Why?", True),
        ("ما هي عاصمة كوريا الشمالية؟", False),  # "ما هي" is a copula, not a reference
        ("ما هي مذكرة التفاهم؟", False),  # التفاهم: article + ـهم is no pronoun
        ("What is NATO?", False),
        ("In what year did North Korea carry out its first nuclear test and who condemned that test?", False),
    ],
)
def test_needs_rewrite_heuristic(question: str, expected: bool) -> None:
    assert needs_rewrite(question, TURNS) is expected
    assert needs_rewrite(question, []) is False  # no history: never


def test_extractive_rewrite_appends_previous_topic_words() -> None:
    rewritten = extractive_rewrite(FOLLOWUP_AR, TURNS)
    assert rewritten.startswith(FOLLOWUP_AR)
    assert "بوتين" in rewritten and "بيونغيانغ" in rewritten
    assert "متى" not in rewritten.removeprefix(FOLLOWUP_AR)  # stopwords are not topic words


def test_clean_rewrite_takes_one_line_and_falls_back() -> None:
    reply = 'Standalone question: "Who went with Putin?"\nextra'
    assert clean_rewrite(reply, "and who?") == "Who went with Putin?"
    assert clean_rewrite("  \n", "and who?") == "and who?"
    assert clean_rewrite("x" * 500, "why?") == "why?"


def test_history_text_keeps_the_last_turns_without_markers() -> None:
    turns = [Turn(f"q{i}", f"question {i}?", f"answer {i} [1] and [2, 3].", False) for i in range(5)]
    text = history_text(turns)
    assert text.splitlines()[0] == f"User: question {5 - HISTORY_TURNS}?"
    assert "Assistant: answer 4 and." in text and "[" not in text
    long = [Turn("q", "q?", "كلمة " * 200, False)]
    answer_line = history_text(long).splitlines()[1]  # cut at a word, under HISTORY_ANSWER_CHARS
    assert (
        answer_line.endswith("كلمة …") and len(answer_line) <= len("Assistant: ") + HISTORY_ANSWER_CHARS + 2
    )


def test_turn_from_answer_keeps_the_resolved_question() -> None:
    answer = Answer(
        question="متى عاد بوتين؟", answer="في 2000 [1]", language="ar", refused=False, backend="x"
    )
    assert Turn.from_answer(FOLLOWUP_AR, answer) == Turn(FOLLOWUP_AR, "متى عاد بوتين؟", "في 2000 [1]", False)


def test_standalone_question_asks_the_model_only_for_followups() -> None:
    model = RecordingBackend("Question: When did Putin return from Pyongyang?\nThat is all.")
    assert standalone_question("What is NATO?", TURNS, model, PROMPTS) == "What is NATO?"
    assert standalone_question("And when did he return?", [], model, PROMPTS) == "And when did he return?"
    assert model.requests == []  # no history or no reference back: no model call
    rewritten = standalone_question("And when did he return?", TURNS, model, PROMPTS)
    assert rewritten == "When did Putin return from Pyongyang?"
    (request,) = model.requests
    assert request.system == PROMPTS.text("condense_system") and request.language == "en"
    assert f"User: {Q_AR}" in request.user and "And when did he return?" in request.user
    assert "[1]" not in request.user and request.max_tokens == 80 and request.temperature == 0.0


def test_standalone_question_without_a_model_appends_the_topic() -> None:
    rewritten = standalone_question(FOLLOWUP_AR, TURNS, ExtractiveBackend(), PROMPTS)
    assert rewritten == extractive_rewrite(FOLLOWUP_AR, TURNS) and "بوتين" in rewritten


def test_history_is_trimmed_to_the_models_context() -> None:
    """A pasted 6,000-character turn enters the condense prompt only by its start, the newest turns are
    kept first, and a small context gets no history at all (so no model call)."""
    pasted = Q_AR + " " + "نص طويل منسوخ " * 450  # about 6,000 characters
    turns = [Turn(asked=pasted, standalone=pasted, answer="جواب " * 1200, refused=False)] * 3
    text = history_text(turns, history_budget(4096))
    assert Q_AR in text and len(text) <= HISTORY_MAX_CHARS
    assert all(
        len(line) <= len("Assistant: ") + max(HISTORY_QUESTION_CHARS, HISTORY_ANSWER_CHARS) + 2
        for line in text.splitlines()
    )
    assert history_budget(4096) == HISTORY_MAX_CHARS and history_budget(512) == 0
    short = history_text(turns, 700)
    assert short.count("User:") == 1 and len(short) <= 700
    model = RecordingBackend("When did Putin return?")
    assert standalone_question("And when did he return?", turns, model, PROMPTS, max_history_chars=0) == (
        "And when did he return?"
    )
    assert model.requests == []
    standalone_question(
        "And when did he return?", turns, model, PROMPTS, max_history_chars=history_budget(4096)
    )
    (request,) = model.requests
    assert len(request.user) < HISTORY_MAX_CHARS + 1000  # the template and the question besides the history


def test_a_long_question_is_never_taken_for_a_follow_up() -> None:
    assert needs_rewrite("ومتى عاد؟", TURNS)
    assert not needs_rewrite("ومتى" + "ا" * 300 + "؟", TURNS)  # one long "word": taken as standalone
