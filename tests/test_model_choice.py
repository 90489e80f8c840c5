"""The model's choice among candidate spans and its transliteration of names.

Fast unit tests use scripted backends (subclasses of `LLMBackend`, registered with the `Assistant` the way
real ones are); the `llm` tests run the constrained-decoding path against the real local model.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from qa.errors import CannotChooseError
from qa.grounded.choose import RulesChooser
from qa.grounded.model_choice import NO_QUESTION, ModelChooser, distinct_options, trim_sentence
from qa.grounded.transliterate import LATIN_PATTERN, Transliterator, lattice_pattern, tidy_case
from qa.grounded.types import AnswerType, Candidate, Choice, EvidenceSentence, QuestionAnalysis
from qa.llm import GenerationRequest, LLMBackend
from qa.llm.base import NONE_OPTION, ChoiceRequest, PatternRequest
from qa.llm.constraints import enum_response_format, gbnf_literal, gbnf_one_of
from qa.prompts import load_prompts
from qa.settings import PROJECT_ROOT

NAMES = Path(__file__).parent / "data" / "names.jsonl"
PROMPTS = load_prompts(PROJECT_ROOT / "prompts")
_OPTION_LINE = re.compile(r"^(\d+)\. (.+) \(sentence \[\d+\]\)$", re.MULTILINE)


# --- scripted backends ---------------------------------------------------------------------------


class ScriptedChooser(LLMBackend):
    """Prefers `wanted` (a candidate text, or NONE) wherever it is listed; records every request."""

    name = "scripted"

    def __init__(self, wanted: str | None, *, can_score: bool = True) -> None:
        self.wanted = wanted
        self.can_score = can_score
        self.requests: list[ChoiceRequest] = []

    def stream(self, request: GenerationRequest) -> Iterator[str]:
        yield "NO_ANSWER"

    def _label_of_wanted(self, request: ChoiceRequest) -> str:
        labels = {text: n for n, text in _OPTION_LINE.findall(request.user)}
        return labels.get(self.wanted or "", "0")

    def score_options(self, request: ChoiceRequest) -> list[float]:
        self.requests.append(request)
        if not self.can_score:
            raise CannotChooseError("no scoring here")
        # a strong bias for the first listed option, which the two orders must cancel; the wanted text
        # is only likely when the question is asked (the "score" method subtracts the no-question score)
        if request.options[0] == "0":
            target = self._label_of_wanted(request)
        else:
            target = None if NO_QUESTION in request.user else self.wanted
        return [0.0 if o == target else (-1.0 if o == "1" else -3.0) for o in request.options]

    def choose(self, request: ChoiceRequest) -> str | None:
        self.requests.append(request)
        label = self._label_of_wanted(request)
        return None if label == "0" else label


class RefusingBackend(ScriptedChooser):
    def score_options(self, request: ChoiceRequest) -> list[float]:
        raise CannotChooseError("the endpoint refused the constraint")

    def choose(self, request: ChoiceRequest) -> str | None:
        raise CannotChooseError("the endpoint refused the constraint")


# --- hand-built candidates -----------------------------------------------------------------------

SENTENCE = "ومن المقرر أن يشمل الوفد وزير الدفاع الروسي أندريه بيلوسوف ووزير الخارجية سيرجي لافروف."
OTHER = "وقال يوري أوشاكوف مستشار بوتين للسياسة الخارجية إن روسيا وكوريا الشمالية قد توقعان اتفاقية."


def _sentence(text: str, passage: int, start: int = 0, score: float = 0.5) -> EvidenceSentence:
    return EvidenceSentence(passage, f"{passage}.txt", start, start + len(text), text, score, 0.5, 0.8)


def _candidate(sentence: EvidenceSentence, text: str, score: float) -> Candidate:
    at = sentence.text.index(text)
    start = sentence.start + at
    return Candidate(text, AnswerType.PERSON, start, start + len(text), sentence, score=score)


def _analysis(question: str = "من هو وزير الخارجية الروسي؟") -> QuestionAnalysis:
    return QuestionAnalysis(question, "ar", AnswerType.PERSON, ("وزير", "خارجي"))


@pytest.fixture()
def candidates() -> list[Candidate]:
    first, second = _sentence(SENTENCE, 1), _sentence(OTHER, 2, start=500)
    return [
        _candidate(first, "أندريه بيلوسوف", 0.9),  # the rules' pick
        _candidate(first, "سيرجي لافروف", 0.7),
        _candidate(second, "يوري أوشاكوف", 0.6),
        _candidate(second, "بوتين", 0.2),
    ]


class FixedRules:
    name = "rules"

    def __init__(self, choice_of: int | None) -> None:
        self.choice_of = choice_of

    def choose(self, analysis: QuestionAnalysis, candidates: list[Candidate]) -> Choice:
        if self.choice_of is None:
            return Choice(None, self.name, "no_candidate_chosen")
        return Choice(candidates[self.choice_of], self.name, "rules")


# --- constraints ---------------------------------------------------------------------------------


def test_gbnf_literals_escape_quotes_backslashes_and_newlines() -> None:
    assert gbnf_literal('قال "نعم"\\\n') == '"قال \\"نعم\\"\\\\\\n"'
    assert gbnf_one_of(["1", NONE_OPTION]) == 'root ::= "1" | "NONE"'


def test_structured_outputs_format_is_a_strict_object_with_an_enum() -> None:
    schema = enum_response_format(["a", "b"])["json_schema"]
    assert schema["strict"] is True
    assert schema["schema"]["properties"]["value"]["enum"] == ["a", "b"]
    assert schema["schema"]["required"] == ["value"]


def test_a_choice_needs_distinct_options_that_are_not_none() -> None:
    with pytest.raises(ValueError):
        ChoiceRequest("s", "u", ["a", "a"])
    with pytest.raises(ValueError):
        ChoiceRequest("s", "u", ["a", NONE_OPTION])
    with pytest.raises(ValueError):
        ChoiceRequest("s", "u", [])


def test_a_backend_without_constrained_decoding_says_it_cannot_choose() -> None:
    class Plain(LLMBackend):
        name = "plain"

        def stream(self, request: GenerationRequest) -> Iterator[str]:
            yield ""

    backend = Plain()
    with pytest.raises(CannotChooseError):
        backend.choose(ChoiceRequest("s", "u", ["a"]))
    with pytest.raises(CannotChooseError):
        backend.score_options(ChoiceRequest("s", "u", ["a"]))
    with pytest.raises(CannotChooseError):
        backend.generate_matching(PatternRequest("s", "u", LATIN_PATTERN))


# --- the model chooser ---------------------------------------------------------------------------


@pytest.mark.parametrize("method", ["label", "score"])
def test_the_model_picks_against_the_rules_and_the_pick_maps_back_to_its_candidate(
    candidates, method
) -> None:
    backend = ScriptedChooser("سيرجي لافروف")
    chooser = ModelChooser(backend, PROMPTS, FixedRules(0), method=method)
    choice = chooser.choose(_analysis(), candidates)
    assert choice.chooser == "model"
    assert choice.candidate is candidates[1]


def test_the_first_option_bias_is_cancelled_by_asking_in_both_orders(candidates) -> None:
    backend = ScriptedChooser("يوري أوشاكوف")
    choice = ModelChooser(backend, PROMPTS, FixedRules(0), method="label").choose(_analysis(), candidates)
    assert choice.candidate is candidates[2]
    first, second = (_OPTION_LINE.findall(r.user) for r in backend.requests)
    assert [text for _, text in first] == [text for _, text in reversed(second)]


def test_identical_texts_are_offered_once_each_with_its_sentence(candidates) -> None:
    twin = _candidate(_sentence(OTHER, 3, start=900), "يوري أوشاكوف", 0.1)
    options = distinct_options([*candidates, twin], limit=5)
    assert [c.text for c in options].count("يوري أوشاكوف") == 1
    assert options[2] is candidates[2]  # the better-scored of the two
    backend = ScriptedChooser("بوتين")
    ModelChooser(backend, PROMPTS, FixedRules(0)).choose(_analysis(), [*candidates, twin])
    user = backend.requests[0].user
    assert "[1] " + SENTENCE in user and "[2] " + OTHER in user
    assert "سيرجي لافروف (sentence [1])" in user and "يوري أوشاكوف (sentence [2])" in user
    assert user.count("يوري أوشاكوف (sentence") == 1


def test_when_the_rules_find_no_answer_the_model_is_not_asked(candidates) -> None:
    backend = ScriptedChooser("سيرجي لافروف")
    choice = ModelChooser(backend, PROMPTS, FixedRules(None)).choose(_analysis(), candidates)
    assert choice.candidate is None and choice.chooser == "rules" and not backend.requests


def test_the_models_none_is_a_refusal_only_under_the_veto_policy(candidates) -> None:
    keep = ModelChooser(ScriptedChooser(None), PROMPTS, FixedRules(1), policy="rules")
    assert keep.choose(_analysis(), candidates).candidate is candidates[1]
    veto = ModelChooser(ScriptedChooser(None), PROMPTS, FixedRules(1), policy="veto")
    vetoed = veto.choose(_analysis(), candidates)
    assert vetoed.candidate is None and vetoed.reason == "model_none" and vetoed.chooser == "model"


def test_under_the_model_policy_the_model_answers_where_the_rules_did_not(candidates) -> None:
    chooser = ModelChooser(ScriptedChooser("يوري أوشاكوف"), PROMPTS, FixedRules(None), policy="model")
    assert chooser.choose(_analysis(), candidates).candidate is candidates[2]


def test_a_backend_that_cannot_choose_leaves_the_rules_choice(candidates) -> None:
    choice = ModelChooser(RefusingBackend("x"), PROMPTS, FixedRules(0)).choose(_analysis(), candidates)
    assert choice.candidate is candidates[0] and choice.chooser == "rules"
    assert "model could not choose" in choice.reason or choice.reason == "rules"


def test_a_backend_that_cannot_score_answers_with_a_constrained_label(candidates) -> None:
    backend = ScriptedChooser("سيرجي لافروف", can_score=False)
    choice = ModelChooser(backend, PROMPTS, FixedRules(0)).choose(_analysis(), candidates)
    assert choice.candidate is candidates[1]
    assert backend.requests[-1].options == ["0", "1", "2", "3", "4"]


def test_long_sentences_are_cut_around_the_options_at_word_boundaries(candidates) -> None:
    long_text = "كلمة " * 80 + SENTENCE + " كلمة" * 80
    sentence = _sentence(long_text, 1)
    spans = [_candidate(sentence, "سيرجي لافروف", 0.5)]
    cut = trim_sentence(sentence, spans, 200)
    assert "سيرجي لافروف" in cut and len(cut) <= 220
    assert cut.startswith("… كلمة") and cut.endswith("كلمة …")


def test_a_scripted_backend_registered_with_the_assistant_chooses_the_grounded_answer(
    seeds_settings,
) -> None:
    from qa.assistant import Assistant

    class Wants50(ScriptedChooser):
        def score_options(self, request: ChoiceRequest) -> list[float]:
            self.requests.append(request)
            lines = dict(_OPTION_LINE.findall(request.user))
            wanted = next((n for n, text in lines.items() if "50" in text), "0")
            return [0.0 if option == wanted else -5.0 for option in request.options]

    backend = Wants50(None)
    assistant = Assistant(seeds_settings, backends={"scripted": backend})
    try:
        question = (
            "كم عدد الصواريخ التي قال مسؤولون أوكرانيون إنهم رصدوا إيصالها من كوريا الشمالية إلى روسيا؟"
        )
        answer = assistant.ask(question, backend="scripted", mode="grounded")
    finally:
        assistant.close()
    assert not answer.refused and "50" in answer.answer and answer.citations
    assert all(set(r.options) <= {"0", "1", "2", "3", "4", "5"} for r in backend.requests)


# --- transliteration -----------------------------------------------------------------------------


def _names() -> list[dict]:
    return [json.loads(line) for line in NAMES.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_the_letter_lattice_holds_the_standard_spelling_of_most_seed_names() -> None:
    rows = _names()
    reachable = [
        row for row in rows if any(re.fullmatch(lattice_pattern(row["arabic"]), e) for e in row["english"])
    ]
    assert len(reachable) >= 0.9 * len(rows)


def test_the_letter_lattice_cannot_hold_an_invented_name() -> None:
    pattern = lattice_pattern("سيرغي لافروف")
    assert re.fullmatch(pattern, "Sergei Lavrov") and re.fullmatch(pattern, "Sergey Lavrov")
    for wrong in ("Sir Richard Laffrey", "Sergei Lavrov Jr", "Lavrov", "Andrew Billows"):
        assert not re.fullmatch(pattern, wrong)
    assert lattice_pattern("2000") is None


def test_names_are_tidied_to_title_case_with_lower_case_after_a_hyphen() -> None:
    assert tidy_case("kim HONG-Kyun") == "Kim Hong-kyun"


class ScriptedSpeller(LLMBackend):
    name = "speller"

    def __init__(self, reply: str | None) -> None:
        self.reply = reply
        self.requests: list[PatternRequest] = []

    def stream(self, request: GenerationRequest) -> Iterator[str]:
        yield ""

    def generate_matching(self, request: PatternRequest) -> str:
        self.requests.append(request)
        if self.reply is None:
            raise CannotChooseError("no grammar here")
        return self.reply


def test_the_transliterator_asks_inside_the_lattice_and_falls_back_to_nothing() -> None:
    backend = ScriptedSpeller("sergei lavrov")
    speller = Transliterator(backend, PROMPTS)
    assert speller("سيرغي لافروف") == "Sergei Lavrov"
    assert backend.requests[0].pattern == lattice_pattern("سيرغي لافروف")
    assert "سيرغي لافروف" in backend.requests[0].user
    assert Transliterator(ScriptedSpeller(None), PROMPTS)("سيرغي لافروف") is None


def test_only_the_names_of_a_span_are_spelled_titles_are_left_out() -> None:
    backend = ScriptedSpeller("x")
    speller = Transliterator(backend, PROMPTS)
    speller("وزير الخارجية سيرجي لافروف والدفاع أندريه بيلوسوف")
    assert [r.user.splitlines()[0] for r in backend.requests] == [
        "Arabic: سيرجي لافروف",
        "Arabic: أندريه بيلوسوف",
    ]
    assert speller("الكرملين") is None  # no name in it: nothing to spell


# --- the real local model ------------------------------------------------------------------------

# Hand-built from dev.jsonl: the gold evidence sentences as context, candidates of the same type.
REAL_CASES = [
    ("dev-02", ["يوري أوشاكوف", "أندريه بيلوسوف", "سيرجي لافروف"]),
    ("dev-03", ["نحو 50 صاروخا", "صاروخا باليستيا واحدا"]),
    ("dev-13", ["تشوي سون هوي", "سيرجي لافروف"]),
    ("dev-28", ["فيتنام", "كوريا الشمالية", "يومي 19 و20 جوان"]),
    ("dev-30", ["ألكسندر نوفاك", "دينيس مانتوروف"]),
]
REAL_CONTEXT = {
    "dev-02": [OTHER, SENTENCE],
    "dev-03": [
        "وقال مسؤولون أوكرانيون إنهم رصدوا إيصال نحو 50 صاروخا مماثلا من كوريا الشمالية لروسيا.",
        "وخلص مراقبون إلى أن صاروخا باليستيا واحدا على الأقل أطلقته روسيا صنع في كوريا الشمالية.",
    ],
    "dev-13": [
        "وبدأت وزيرة خارجية كوريا الشمالية تشوي سون هوي محادثات في موسكو مع نظيرها الروسي سيرجي لافروف."
    ],
    "dev-28": ["وذكر الكرملين أن بوتين سيزور فيتنام يومي 19 و20 جوان بعد زيارة كوريا الشمالية."],
    "dev-30": [
        "ويضم الوفد الروسي النائب الأول لرئيس الوزراء دينيس مانتوروف، ونائب رئيس الوزراء ألكسندر نوفاك."
    ],
}


@pytest.fixture(scope="module")
def local_backend():
    from qa.llm.local import LocalBackend
    from qa.settings import Settings

    backend = LocalBackend.from_settings(Settings())
    yield backend
    backend.close()


def _real_candidates(case: str, texts: list[str]) -> list[Candidate]:
    sentences = [_sentence(t, n, start=1000 * n) for n, t in enumerate(REAL_CONTEXT[case], start=1)]
    out = []
    for rank, text in enumerate(texts):
        sentence = next(s for s in sentences if text in s.text)
        out.append(_candidate(sentence, text, 1.0 - 0.1 * rank))
    return out


@pytest.mark.llm
@pytest.mark.parametrize(("case", "texts"), REAL_CASES)
def test_the_real_model_answers_only_with_an_option_or_none(local_backend, dev_rows, case, texts) -> None:
    row = next(r for r in dev_rows if r["id"] == case)
    candidates = _real_candidates(case, texts)
    analysis = QuestionAnalysis(row["question"], row["lang"], AnswerType.PERSON, ())
    # the raw constrained reply: always one of the options or NONE, never free text
    chooser = ModelChooser(local_backend, PROMPTS, RulesChooser(), policy="model")
    user = chooser.render_user("choose_user", row["question"], candidates)
    reply = local_backend.choose(ChoiceRequest(PROMPTS.text("choose_system"), user, texts, max_tokens=40))
    assert reply is None or reply in texts
    labels = local_backend.choose(ChoiceRequest(PROMPTS.text("choose_system"), user, ["1", "2", "3", "4"]))
    assert labels in (None, "1", "2", "3", "4")
    # the chooser maps the model's pick back to one of the candidates (or refuses)
    for method in ("label", "score"):
        choice = ModelChooser(local_backend, PROMPTS, FixedRules(0), method=method, policy="model").choose(
            analysis, candidates
        )
        assert choice.chooser == "model"
        assert choice.candidate is None or choice.candidate in candidates


@pytest.mark.llm
def test_the_real_model_spells_names_inside_the_lattice(local_backend) -> None:
    speller = Transliterator(local_backend, PROMPTS)
    for arabic in ("سيرغي لافروف", "يوري أوشاكوف", "بيونغ يانغ"):
        latin = speller(arabic)
        assert latin is not None and re.fullmatch(lattice_pattern(arabic), latin, flags=re.IGNORECASE)
