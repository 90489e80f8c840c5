"""`qa eval`: metric functions on hand-made cases, gold validation, an end-to-end run with the extractive
backend, --retrieval-only, --compare, and the HTML report in a real headless Chromium."""

from __future__ import annotations

import json
import math
import os
from pathlib import Path

import pytest

from qa.batch import RawRecord
from qa.eval.compare import compare_runs
from qa.eval.gold import GoldItem, gold_item, load_gold
from qa.eval.metrics import (
    EvidenceSpan,
    answer_chars,
    citation_precision,
    citation_recall,
    contains_gold,
    evidence_overlap,
    exact_match,
    faithfulness,
    hit_at,
    invented_figures,
    locate_quote,
    ndcg_at,
    recall_at,
    reciprocal_rank,
    token_f1,
)
from qa.eval.run import parse_verdict
from qa.eval.scoring import FileTexts, aggregate, build_summary, outcome, refusal_counts, result_record
from qa.eval.tables import summary_markdown
from qa.generate.citations import unsourced_figures
from qa.records import Passage
from qa.settings import PROJECT_ROOT
from tests.conftest import CHROMIUM, CHROMIUM_ARGS
from tests.helpers import run_qa

DEV = PROJECT_ROOT / "tests" / "data" / "dev.jsonl"
DOCS_SCREENSHOT = PROJECT_ROOT / "docs" / "eval-report.png"


def one_line(text: str) -> str:
    return " ".join(text.split())


# --- answer scores ------------------------------------------------------------------------------


def test_arabic_normalisation_inside_exact_match_and_f1() -> None:
    assert exact_match("أحمد", ["احمد"]) == 1.0
    assert token_f1("أحمد", ["احمد"]) == 1.0
    assert exact_match("مُحَمَّد إلى المدرسة", ["محمد الي مدرسه"]) == 1.0  # diacritics, ى/ي, ة/ه, article
    assert token_f1("زار بوتين فيتنام عام ٢٠١٧", ["2017"]) == pytest.approx(2 * (1 / 5) * 1 / (1 / 5 + 1))
    assert exact_match("بوتين", ["كيم"]) == 0.0 and token_f1("بوتين", ["كيم"]) == 0.0


def test_english_case_punctuation_and_articles() -> None:
    assert exact_match("The Rodong Sinmun.", ["rodong sinmun"]) == 1.0
    assert exact_match("An agreement!", ["the agreement"]) == 1.0
    assert token_f1("Yuri Ushakov said so", ["Yuri Ushakov", "Ushakov"]) == pytest.approx(2 * 0.5 * 1 / 1.5)
    assert token_f1("nothing", []) == 0.0


def test_gold_containment_ignores_markers_and_allows_a_proclitic() -> None:
    assert contains_gold("والزيارة السابقة كانت في جويلية 2000. [1]", ["جويلية 2000"]) == 1.0
    assert contains_gold("ثم يتوجه بوتين لفيتنام [2]", ["فيتنام"]) == 1.0
    assert contains_gold("In 2017, Putin visited Vietnam [1].", ["in 2017"]) == 1.0
    assert contains_gold("في عام 20017", ["2001"]) == 0.0  # whole words only
    assert contains_gold("Hong-kyun Kim", ["Kim Hong-kyun"]) == 0.0  # word order matters


# --- retrieval scores ---------------------------------------------------------------------------


def test_retrieval_scores_on_a_hand_ranking() -> None:
    files = ["a.txt", "b.txt", "c.txt", "d.txt"]
    assert hit_at(files, {"b.txt"}, 1) == 0.0 and hit_at(files, {"b.txt"}, 5) == 1.0
    assert reciprocal_rank(files, {"c.txt", "d.txt"}) == pytest.approx(1 / 3)
    assert reciprocal_rank(files, {"z.txt"}) == 0.0
    assert recall_at(files, {"a.txt", "d.txt", "z.txt"}, 5) == pytest.approx(2 / 3)
    assert ndcg_at(files, {"b.txt"}, 5) == pytest.approx(1 / math.log2(3))
    ideal_two = 1 + 1 / math.log2(3)
    assert ndcg_at(files, {"a.txt", "c.txt"}, 5) == pytest.approx((1 + 1 / math.log2(4)) / ideal_two)
    assert ndcg_at(["a.txt", "c.txt"], {"a.txt", "c.txt"}, 5) == pytest.approx(1.0)
    assert ndcg_at(files, {"d.txt"}, 3) == 0.0  # beyond the cut-off


# --- evidence and citations ---------------------------------------------------------------------


def test_evidence_is_located_with_normalised_matching() -> None:
    text = "قالَ أحمدُ:  إنّ الزيارةَ كانت في يوليو ٢٠٠٠. ثم غادر."
    start, end = locate_quote(text, "احمد: ان الزياره كانت في يوليو 2000")
    assert text[start:end] == "أحمدُ:  إنّ الزيارةَ كانت في يوليو ٢٠٠٠"
    start, end = locate_quote(text, "«ثم غادر»")  # punctuation differs: found on the second try
    assert text[start:end] == "ثم غادر"
    assert locate_quote(text, "أغسطس") is None


def test_citation_precision_recall_and_evidence_overlap() -> None:
    citations = [
        {"n": 1, "file": "a.txt", "start": 0, "end": 50, "verified": True},
        {"n": 2, "file": "a.txt", "start": 100, "end": 150, "verified": True},
        {"n": 3, "file": "x.txt", "start": 0, "end": 40, "verified": False},
    ]
    assert citation_precision(citations, ["a.txt", "b.txt"]) == pytest.approx(2 / 3)
    assert citation_recall(citations, ["a.txt", "b.txt"]) == pytest.approx(1 / 2)
    assert citation_precision([], ["a.txt"]) is None
    evidence = [EvidenceSpan("a.txt", 40, 60, "q"), EvidenceSpan("x.txt", 40, 90, "q")]
    assert evidence_overlap(citations, evidence) == pytest.approx(1 / 3)  # x.txt 0-40 only touches 40
    assert evidence_overlap(citations, []) is None


def test_faithfulness_and_judge_verdicts() -> None:
    answer = "Putin visited in 2000 [1]. He met Kim [2]. They signed a pact [3]."
    assert faithfulness(answer, ["They signed a pact [3]."]) == pytest.approx(2 / 3)
    assert faithfulness("", []) is None
    assert parse_verdict("YES.") == 1.0 and parse_verdict("no") == 0.0 and parse_verdict("maybe") is None


def test_the_judge_scores_only_answered_answerable_rows() -> None:
    from types import SimpleNamespace

    from qa.eval.run import judge_rows

    asked: list[str] = []

    def generate(request) -> str:
        asked.append(request.user)
        if "boom" in request.user:
            raise RuntimeError("endpoint down")
        return "YES" if "Candidate answer: In July 2000" in request.user else "No."

    assistant = SimpleNamespace(backend=lambda name: SimpleNamespace(generate=generate))

    def row(answer: str, answerable: bool = True, refused: bool = False) -> dict:
        gold = {"answers": ["July 2000"]}
        return {"question": "When?", "answer": answer, "answerable": answerable, "refused": refused,
                "error": None, "gold": gold, "metrics": {"judge": None}}  # fmt: skip

    rows = [row("In July 2000 [1]."), row("In 1999."), row("boom"), row("x", refused=True), row("y", False)]
    judge_rows(rows, assistant, "openai")  # type: ignore[arg-type]
    assert [r["metrics"]["judge"] for r in rows] == [1.0, 0.0, None, None, None]
    assert len(asked) == 3 and "[1]" not in asked[0] and "Reference answer(s): July 2000" in asked[0]


def scored_row(answerable: bool, refused: bool, error: str | None = None, contains: float = 0.0) -> dict:
    metrics = dict.fromkeys(("correct", "contains_gold"), None)
    metrics.update(contains_gold=contains if answerable else None)
    metrics["correct"] = float(contains == 1.0) if answerable else float(refused and not error)
    return {"answerable": answerable, "refused": refused, "error": error, "metrics": metrics}


def test_refusals_are_counted_against_answerability() -> None:
    rows = [
        scored_row(answerable=False, refused=True) | {"refusal_reason": "model_declined"},  # correct
        scored_row(answerable=False, refused=False),  # answered an unanswerable question
        scored_row(answerable=True, refused=True) | {"refusal_reason": "unsourced_figures"},  # wrong
        scored_row(answerable=True, refused=False, contains=1.0),
        scored_row(answerable=True, refused=False, error="boom"),
    ]
    assert refusal_counts(rows) == {
        "correct_refusals": 1,
        "correct_refusal_rate": 0.5,
        "wrong_refusals": 1,
        "wrong_refusal_rate": round(1 / 3, 4),
        "reasons": {"model_declined": 1, "unsourced_figures": 1},
    }


def test_a_scored_record_end_to_end_by_hand() -> None:
    files = {"a.txt": "مقدمة. والزيارة السابقة كانت في جويلية 2000. خاتمة.", "b.txt": "نص آخر."}
    texts = FileTexts(files.get, lambda: list(files))
    item = GoldItem(
        "g1", 1, "متى؟", ["جويلية 2000"], ["a.txt"], ["الزيارة السابقة كانت في جويلية 2000"], True, "ar"
    )
    start = files["a.txt"].index("والزيارة")
    result = {
        "answer": "والزيارة السابقة كانت في جويلية 2000. [1]",
        "refused": False,
        "language": "ar",
        "citations": [
            {"n": 1, "file": "a.txt", "start": start, "end": start + 40, "verified": True, "text": ""}
        ],
        "passages": [{"file": "b.txt"}, {"file": "a.txt"}, {"file": "a.txt"}],
        "unsupported_sentences": [],
        "timings": {"total": 1.0, "first_token": 0.5},
        "error": None,
    }
    row = result_record(item, result, texts)
    m = row["metrics"]
    assert row["retrieved_files"] == ["b.txt", "a.txt"] and row["gold"]["evidence_missing"] == []
    assert (m["hit_at_1"], m["hit_at_5"], m["mrr"]) == (0.0, 1.0, 0.5)
    assert (m["contains_gold"], m["citation_precision"], m["evidence_overlap"], m["correct"]) == (1, 1, 1, 1)
    summary = aggregate([row])
    assert summary["answer"]["accuracy"] == 1.0 and summary["citations"]["verified_share"] == 1.0
    assert summary["latency"]["total_p50"] == 1.0 and summary["counts"]["errors"] == 0


# --- strict accuracy ----------------------------------------------------------------------------

NO_FILES = FileTexts(lambda name: None, list)


def passage(text: str, file: str = "a.txt") -> dict:
    return {"file": file, "start": 0, "end": len(text), "text": text, "score": 1.0,
            "sentence_start": 0, "sentence_end": len(text)}  # fmt: skip


def strict_row(
    answer: str,
    passages: list[str],
    cited: list[int],
    *,
    question: str = "When did Putin visit Vietnam?",
    answerable: bool = True,
    refused: bool = False,
    error: str | None = None,
    lang: str = "en",
) -> dict:
    """A scored results row from a hand-made reply: `cited` are the passage numbers of its citations."""
    item = GoldItem("q", 1, question, ["2017"] if answerable else [], [], [], answerable, lang)
    result = {
        "answer": answer,
        "refused": refused,
        "citations": [{"n": n, "file": "a.txt", "start": 0, "end": 1, "verified": True} for n in cited],
        "passages": [passage(text) for text in passages],
        "timings": {"total": 1.0},
        "error": error,
    }
    return result_record(item, result, NO_FILES)


VISIT = "Putin visited Vietnam in November 2017."


def test_strict_accuracy_needs_gold_citation_brevity_and_sourced_figures() -> None:
    good = strict_row("Putin visited Vietnam in 2017 [1].", [VISIT], [1])
    assert good["metrics"]["strict_accuracy"] == 1.0 and good["metrics"]["correct"] == 1.0
    assert good["strict"] == {"cited": True, "answer_chars": 31, "overlong": False, "invented_figures": []}
    assert outcome(good) == "contains gold"

    uncited = strict_row("Putin visited Vietnam in 2017.", [VISIT], [])
    assert uncited["metrics"]["strict_accuracy"] == 0.0 and uncited["metrics"]["correct"] == 1.0
    assert outcome(uncited) == "contains gold (not strict)"

    wrong = strict_row("Putin visited Vietnam in 2016 [1].", ["He visited in 2016 and 2017."], [1])
    assert wrong["metrics"]["strict_accuracy"] == 0.0  # cited and sourced, but not the gold

    padding = " It was his fourth trip to Asia that year and he met many people there." * 5
    overlong = strict_row("Putin visited Vietnam in 2017 [1]." + padding, [VISIT], [1])
    assert overlong["strict"]["overlong"] and overlong["metrics"]["strict_accuracy"] == 0.0


def test_the_length_limit_is_300_characters_without_markers() -> None:
    assert answer_chars("In 2017 [1, 2].  Then   [3] home.") == len("In 2017 . Then home.")
    exactly = "2017 " + "x" * 295
    assert strict_row(exactly + " [1]", [VISIT], [1])["metrics"]["strict_accuracy"] == 1.0
    assert strict_row(exactly + "y [1]", [VISIT], [1])["metrics"]["strict_accuracy"] == 0.0


def test_a_figure_must_come_from_the_question_or_a_cited_passage() -> None:
    passages = [VISIT, "The agreement was signed on 19 June with 50 delegates."]
    # 19 is in passage 2, which the answer does not cite: invented as far as the reader can check
    row = strict_row("In 2017, on 19 June [1].", passages, [1])
    assert row["strict"]["invented_figures"] == ["19"] and row["metrics"]["strict_accuracy"] == 0.0
    assert strict_row("In 2017, on 19 June [1][2].", passages, [1, 2])["metrics"]["strict_accuracy"] == 1.0
    # a figure the question gives is not invented; one-digit figures are never counted
    asked = strict_row("In 2017, for 12 days [1].", [VISIT], [1], question="Which year, for 12 days?")
    assert asked["strict"]["invented_figures"] == []
    assert strict_row("In 2017, for 3 days [1].", [VISIT], [1])["metrics"]["strict_accuracy"] == 1.0
    # Eastern Arabic digits are the same figures
    arabic = strict_row("زار فيتنام عام ٢٠١٧ [1]", [VISIT], [1], question="متى؟", lang="ar")
    assert arabic["strict"]["invented_figures"] == [] and arabic["metrics"]["strict_accuracy"] == 1.0


def test_the_figure_rule_is_the_one_of_qa_citations() -> None:
    texts = [Passage(**passage(text)) for text in (VISIT, "It cost 1.5 billion dollars.")]
    answer = "In 2017 it cost 1.5 billion [1]."
    assert unsourced_figures(answer, "When?", texts) == set()
    assert unsourced_figures(answer, "When?", texts, cited_only=True) == {"1.5"}
    assert invented_figures(answer, "When?", [passage(VISIT), passage("It cost 1.5 billion.")]) == ["1.5"]


def test_refusals_and_errors_under_the_strict_rule() -> None:
    refused_answerable = strict_row("", [VISIT], [], refused=True)
    assert refused_answerable["metrics"]["strict_accuracy"] == 0.0
    refused_unanswerable = strict_row("", [VISIT], [], answerable=False, refused=True)
    assert refused_unanswerable["metrics"]["strict_accuracy"] == 1.0
    answered_unanswerable = strict_row("In 2017 [1].", [VISIT], [1], answerable=False)
    assert answered_unanswerable["metrics"]["strict_accuracy"] == 0.0
    error = strict_row("", [], [], answerable=False, error="boom")
    assert error["metrics"]["strict_accuracy"] == 0.0


def test_strict_counts_and_accuracy_are_aggregated_per_language() -> None:
    rows = [
        strict_row("Putin visited Vietnam in 2017 [1].", [VISIT], [1]),  # strict
        strict_row("Putin visited Vietnam in 2017.", [VISIT], [], lang="ar"),  # uncited
        strict_row("In 2017 with 40 ministers [1]." + " More." * 60, [VISIT], [1], lang="ar"),  # long, 40
        strict_row("", [VISIT], [], refused=True),  # wrong refusal: not counted as an answer
        strict_row("", [VISIT], [], answerable=False, refused=True, lang="ar"),  # right refusal: strict
    ]
    summary = build_summary(rows, {"backend": "test"})
    assert summary["overall"]["strict_accuracy"] == 0.4 and summary["overall"]["correct_rate"] == 0.8
    counts = summary["counts"]
    uncited, overlong = counts["uncited_answers"], counts["overlong_answers"]
    # the uncited answer's 2017 is in no cited passage either: it counts as an invented figure too
    assert (uncited, overlong, counts["invented_figure_answers"]) == (1, 1, 2)
    arabic, english = summary["by_language"]["ar"], summary["by_language"]["en"]
    assert arabic["overall"]["strict_accuracy"] == round(1 / 3, 4)
    assert english["overall"]["strict_accuracy"] == 0.5
    assert arabic["counts"]["uncited_answers"] == 1 and english["counts"]["uncited_answers"] == 0
    assert aggregate(rows)["counts"] == counts
    assert summary["mode"] is None and summary["modes"] == {}
    table = summary_markdown(summary).splitlines()
    assert table[2].startswith("| strict accuracy (all questions) | 0.400 | 0.333 | 0.500 |")
    assert "| uncited answers | 1 | 1 | 0 |" in table


def test_each_domain_is_aggregated_apart_by_its_rows_or_by_the_gold_file() -> None:
    news = [strict_row("Putin visited Vietnam in 2017 [1].", [VISIT], [1]) | {"domain": "news"}]
    rest = [strict_row("", [VISIT], [], refused=True, lang="ar") for _ in range(2)]  # no domain of their own
    summary = build_summary(news + rest, {"gold": "/sets/classical_dev.jsonl"})
    assert set(summary["by_domain"]) == {"news", "classical_dev"}
    assert summary["by_domain"]["news"]["overall"]["strict_accuracy"] == 1.0
    classical = summary["by_domain"]["classical_dev"]
    assert classical["counts"]["questions"] == 2 and classical["refusals"]["wrong_refusals"] == 2
    assert set(classical["by_language"]) == {"ar"}


def test_the_answer_mode_is_recorded_when_the_answer_has_one() -> None:
    item = GoldItem("q", 1, "When?", ["2017"], [], [], True, "en")
    result = {"answer": "In 2017 [1].", "refused": False, "citations": [], "passages": [], "error": None}
    rows = [result_record(item, result | {"mode": mode}, NO_FILES) for mode in ("grounded", "grounded")]
    rows.append(result_record(item, result, NO_FILES))  # an Answer record without the field
    assert [row["mode"] for row in rows] == ["grounded", "grounded", None]
    summary = build_summary(rows, {})
    assert summary["mode"] == "grounded" and summary["modes"] == {"grounded": 2}


# --- gold files ---------------------------------------------------------------------------------


def test_gold_rows_are_validated_with_line_numbers(tmp_path: Path) -> None:
    assert gold_item(RawRecord(3, {"question": "q", "answers": "x", "answerable": True}))[1] == (
        "line 3: 'answers' must be a list of strings"
    )
    assert gold_item(RawRecord(4, {"question": "q", "answers": [], "answerable": True}))[1] == (
        "line 4: an answerable question needs at least one answer"
    )
    csv_gold = tmp_path / "gold.csv"
    csv_gold.write_text(
        "id,lang,question,answers,sources,evidence,answerable\n"
        "c1,ar,متى؟,يوليو 2000|جويلية 2000,a.txt|b.txt,كانت في جويلية 2000,true\n"
        "c2,en,Who?,,,,false\n"
        "c3,en,,x,,,true\n",
        encoding="utf-8",
    )
    gold = load_gold(csv_gold)
    assert [item.id for item in gold.items] == ["c1", "c2"]
    assert gold.items[0].answers == ["يوليو 2000", "جويلية 2000"] and gold.items[0].sources == [
        "a.txt",
        "b.txt",
    ]
    assert gold.items[1].answerable is False
    assert gold.errors == ["line 4: no question"]


def test_comparing_two_runs_lists_deltas_and_flips(tmp_path: Path) -> None:
    def write_run(folder: Path, accuracy: float, refused: bool) -> Path:
        folder.mkdir()
        summary = {"answer": {"accuracy": accuracy, "f1": 0.5}, "latency": {"total_p50": 1.0}}
        (folder / "summary.json").write_text(json.dumps(summary), encoding="utf-8")
        row = {"id": "q1", "question": "q?", "answerable": True, "refused": refused, "error": None}
        row["metrics"] = {"contains_gold": 0.0 if refused else 1.0}
        (folder / "results.jsonl").write_text(json.dumps(row) + "\n", encoding="utf-8")
        return folder

    comparison = compare_runs(write_run(tmp_path / "a", 0.5, True), write_run(tmp_path / "b", 0.75, False))
    deltas = {m["metric"]: m["delta"] for m in comparison["metrics"]}
    assert deltas == {"answer.accuracy": 0.25, "answer.f1": 0.0, "latency.total_p50": 0.0}
    assert comparison["flips"] == [
        {"id": "q1", "question": "q?", "a": "refused (wrong)", "b": "contains gold"}
    ]


# --- the CLI, for real --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def eval_dir(seeds_data_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One real `qa eval` of the dev set with the extractive backend (shared by the tests below)."""
    out = tmp_path_factory.mktemp("eval") / "run"
    done = run_qa("eval", str(DEV), "--backend", "extractive", "--out", str(out), data_dir=seeds_data_dir)
    assert done.returncode == 0, done.stderr
    assert "| accuracy (gold contained) |" in done.stdout and "| hit@5 |" in done.stdout
    print(done.stdout)
    return out


def test_eval_writes_results_summary_and_report(eval_dir: Path, dev_rows: list[dict]) -> None:
    rows = [
        json.loads(line) for line in (eval_dir / "results.jsonl").read_text(encoding="utf-8").splitlines()
    ]
    assert [r["id"] for r in rows] == [r["id"] for r in dev_rows]
    first = rows[0]
    for key in (
        "question",
        "gold",
        "answer",
        "refused",
        "citations",
        "retrieved_files",
        "metrics",
        "timings",
        "error",
    ):
        assert key in first
    summary = json.loads((eval_dir / "summary.json").read_text(encoding="utf-8"))
    for group in (
        "counts",
        "overall",
        "retrieval",
        "answer",
        "citations",
        "refusals",
        "latency",
        "by_language",
        "by_domain",
    ):
        assert group in summary
    assert summary["counts"] == {
        **summary["counts"],
        "questions": 30,
        "answerable": 28,
        "unanswerable": 2,
        "errors": 0,
        "evidence_unlocated": 0,
    }
    assert summary["backend"] == "extractive" and set(summary["by_language"]) == {"ar", "en"}
    assert set(summary["by_domain"]) == {"dev"} and set(summary["by_domain"]["dev"]["by_language"]) == {
        "ar",
        "en",
    }
    assert summary["retrieval"]["hit_at_5"] >= 0.8  # the dev set's sources are found
    assert 0 < summary["answer"]["accuracy"] <= 1 and summary["latency"]["total_p50"] > 0
    html = (eval_dir / "report.html").read_text(encoding="utf-8")
    assert html.count("data:image/png;base64,") == 3 and 'dir="rtl"' in html and "<script" not in html


def test_invalid_gold_fails_with_the_line_unless_skipped(seeds_data_dir: Path, tmp_path: Path) -> None:
    dev = DEV.read_text(encoding="utf-8").splitlines()
    gold = tmp_path / "gold.jsonl"
    gold.write_text("\n".join([dev[0], '{"id": "broken", "question": "q", "answers": "x"', dev[3]]) + "\n")
    failed = run_qa(
        "eval", str(gold), "--backend", "extractive", "--out", str(tmp_path / "o1"), data_dir=seeds_data_dir
    )
    assert failed.returncode != 0
    message = one_line(failed.stderr)
    assert message.startswith("error: gold.jsonl has 1 invalid rows: line 2: invalid JSON"), message
    assert "--skip-invalid" in message and "Traceback" not in failed.stderr
    assert not (tmp_path / "o1").exists()

    args = [
        "eval",
        str(gold),
        "--backend",
        "extractive",
        "--out",
        str(tmp_path / "o2"),
        "--skip-invalid",
        "--json",
    ]
    skipped = run_qa(*args, data_dir=seeds_data_dir)
    assert skipped.returncode == 0, skipped.stderr
    assert "warning: skipped line 2: invalid JSON" in one_line(skipped.stderr)
    summary = json.loads(skipped.stdout)
    assert summary["counts"]["questions"] == 2 and summary["skipped_invalid"] == 1


def test_retrieval_only_json_prints_the_three_modes(seeds_data_dir: Path) -> None:
    done = run_qa("eval", str(DEV), "--retrieval-only", "--json", data_dir=seeds_data_dir)
    assert done.returncode == 0, done.stderr
    modes = json.loads(done.stdout)
    assert list(modes) == ["dense", "bm25", "hybrid"]
    for scores in modes.values():
        assert scores["questions"] == 28 and scores["errors"] == 0
        for key in ("hit_at_1", "hit_at_5", "mrr", "recall_at_5", "ndcg_at_5"):
            assert 0.0 <= scores[key] <= 1.0
        assert 0 < scores["latency_p50"] <= scores["latency_p95"]
    assert modes["hybrid"]["hit_at_5"] >= 0.8


def test_compare_cli_on_the_same_run_has_no_flips(eval_dir: Path, seeds_data_dir: Path) -> None:
    done = run_qa("eval", "--compare", str(eval_dir), str(eval_dir), data_dir=seeds_data_dir)
    assert done.returncode == 0, done.stderr
    assert "| answer.accuracy |" in done.stdout and "no question changed outcome" in done.stdout


@pytest.mark.browser
def test_report_renders_in_chromium(eval_dir: Path, tmp_path: Path) -> None:
    """The README's report image is refreshed only on request (QA_UPDATE_DOCS=1): a test run must not
    change tracked files."""
    from playwright.sync_api import sync_playwright

    screenshot = DOCS_SCREENSHOT if os.environ.get("QA_UPDATE_DOCS") == "1" else tmp_path / "report.png"

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1200, "height": 1500})
            page.goto((eval_dir / "report.html").as_uri(), wait_until="load")
            assert page.title() == "Evaluation report – extractive"
            sizes = page.eval_on_selector_all("img", "els => els.map(e => e.naturalWidth)")
            assert len(sizes) == 3 and all(width > 100 for width in sizes)  # the plots decoded
            arabic = page.locator('.q [dir="rtl"]').first
            assert "Noto Naskh Arabic" in arabic.evaluate("e => getComputedStyle(e).fontFamily")
            assert arabic.evaluate("e => getComputedStyle(e).direction") == "rtl"
            assert page.locator(".q").count() == 10
            page.screenshot(path=str(screenshot))
        finally:
            browser.close()
    assert screenshot.stat().st_size > 50_000
