"""`qa batch`: input readers, error rows, resume after SIGKILL, CSV in and out, concurrent workers.

The resume test runs the real CLI on 300 questions with the extractive backend (no LLM) in a subprocess,
kills it with SIGKILL mid-run and compares the resumed output with a separate clean run.
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from types import SimpleNamespace

import pytest

from qa.batch import read_journal
from qa.batch.run import (
    BatchRow,
    journal_path_for,
    read_questions,
    run_batch,
    run_batch_file,
)
from qa.errors import BackendError
from qa.records import Answer
from qa.settings import PROJECT_ROOT, Settings

QA = str(Path(sys.executable).parent / "qa")


def write_jsonl(path: Path, rows: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return path


def read_output(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def qa_env(data_dir: Path, **extra: str) -> dict[str, str]:
    return {**os.environ, "QA_DATA_DIR": str(data_dir), **extra}


def content(row: dict) -> tuple:
    """What must not change between runs (timings and scores may)."""
    cited = [(c["n"], c["file"], c["start"], c["end"], c["verified"]) for c in row["citations"]]
    passages = [(p["file"], p["start"], p["end"]) for p in row["passages"]]
    return row["question"], row["answer"], row["refused"], row["language"], cited, passages, row["error"]


def many_questions(dev_rows: list[dict], n: int = 300) -> list[dict]:
    """`n` questions from the dev set: the originals, then pairs of dev questions joined together."""
    questions = []
    for i in range(n):
        first = dev_rows[i % len(dev_rows)]
        rnd = i // len(dev_rows)
        text = first["question"]
        if rnd % 2:
            text += " " + dev_rows[(i + rnd) % len(dev_rows)]["question"]
        questions.append({"id": f"q-{i:03d}", "question": text, "lang": first["lang"]})
    return questions


class FakeAssistant:
    """Just what the batch runner uses of an Assistant, answering instantly (no models)."""

    def __init__(self, answer: object = None) -> None:
        self.settings = Settings()
        self.index = SimpleNamespace(is_empty=lambda: False, embed_query=lambda text: [0.0])
        self.answer = answer or (lambda question: f"answer to {question}")
        self.calls: list[str] = []
        self.lock = threading.Lock()

    def backend(self, name: str | None = None) -> SimpleNamespace:
        return SimpleNamespace(name=name or "fake")

    def ask(self, question: str, lang: str | None = None, backend: str | None = None, k: int | None = None):
        with self.lock:
            self.calls.append(question)
        text = self.answer(question)
        return Answer(question=question, answer=text, language=lang or "en", refused=False, backend="fake")


# --- readers --------------------------------------------------------------------------------------


def test_malformed_jsonl_rows_become_error_rows_with_line_numbers(tmp_path: Path) -> None:
    path = tmp_path / "q.jsonl"
    path.write_text(
        '{"id": "a", "question": "first?"}\n'
        "{not json\n"
        "\n"
        '{"id": "b", "question": "   "}\n'
        '{"id": "c", "text": "no question field"}\n'
        '["a list"]\n'
        '{"question": "without id", "lang": "ar"}\n'
        '{"id": "a", "question": "same id again?"}\n'
        '{"id": "d", "question": "bad lang", "lang": "fr"}\n'
        '{"id": "e", "question": "a line separator \u2028 inside a string"}\n',
        encoding="utf-8",
    )
    rows, warnings = read_questions(path)
    by_line = {row.line: row for row in rows}
    assert [row.line for row in rows] == [1, 2, 4, 5, 6, 7, 8, 9, 10]  # the blank line 3 is skipped
    assert by_line[1].error is None and by_line[1].id == "a"
    assert by_line[2].error.startswith("line 2: invalid JSON") and by_line[2].id == "line-2"
    assert by_line[4].error == "line 4: the question is empty"
    assert by_line[5].error == "line 5: no 'question' field"
    assert by_line[6].error == "line 6: expected a JSON object, got list"
    assert by_line[7].error is None and by_line[7].id == "line-7" and by_line[7].lang == "ar"
    assert by_line[8].id == "a~2" and by_line[8].error is None  # the later duplicate is renamed
    assert warnings == ["line 8: duplicate id 'a', renamed 'a~2'"]
    assert "lang must be ar, en or auto" in by_line[9].error
    assert by_line[10].error is None and "\u2028" in by_line[10].question


def test_excel_csv_with_bom_crlf_and_arabic(tmp_path: Path) -> None:
    text = (
        "question,id,lang\r\n"
        "متى زار بوتين فيتنام؟,ar-1,ar\r\n"
        '"Who said ""hello"", then left?",en-1,en\r\n'
        '"سؤال على\r\nسطرين، مع فاصلة",,\r\n'
        ",empty-1,\r\n"
        "ما اسم رئيس الوزراء؟,ar-2,\r\n"
    )
    path = tmp_path / "questions.csv"
    path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    rows, warnings = read_questions(path)
    assert warnings == []
    assert [(r.id, r.line, r.lang) for r in rows] == [
        ("ar-1", 2, "ar"),
        ("en-1", 3, "en"),
        ("line-4", 4, None),
        ("empty-1", 6, None),
        ("ar-2", 7, None),
    ]
    assert rows[0].question == "متى زار بوتين فيتنام؟"  # no BOM glued to the header or the text
    assert rows[1].question == 'Who said "hello", then left?'
    assert rows[2].question == "سؤال على\r\nسطرين، مع فاصلة"
    assert rows[3].error == "line 6: the question is empty"


def test_csv_without_question_column_and_txt_input(tmp_path: Path) -> None:
    csv_path = tmp_path / "bad.csv"
    csv_path.write_text("id,text\nx,hello\n", encoding="utf-8")
    rows, _ = read_questions(csv_path)
    assert rows[0].error == "line 2: no 'question' field"
    txt = tmp_path / "q.txt"
    txt.write_text("first question?\n\n  second question?  \n", encoding="utf-8")
    rows, _ = read_questions(txt)
    assert [(r.id, r.question.strip()) for r in rows] == [
        ("line-1", "first question?"),
        ("line-3", "second question?"),
    ]


# --- the runner, without models -----------------------------------------------------------------


def test_a_failing_question_becomes_an_error_row_and_retry_errors_reruns_it(tmp_path: Path) -> None:
    flaky = {"fail": True}

    def answer(question: str) -> str:
        if "boom" in question and flaky["fail"]:
            raise BackendError("the LLM endpoint at http://x/v1 timed out", "raise QA_LLM_TIMEOUT")
        return "ok"

    assistant = FakeAssistant(answer)
    source = write_jsonl(
        tmp_path / "q.jsonl",
        [{"id": f"r{i}", "question": f"q{i} boom" if i == 1 else f"q{i}"} for i in range(3)],
    )
    output = tmp_path / "out.jsonl"
    summary = run_batch_file(source, output, assistant)  # type: ignore[arg-type]
    rows = read_output(output)
    assert [r["id"] for r in rows] == ["r0", "r1", "r2"] and summary.errors == 1 and summary.answered == 2
    assert rows[1]["error"] == "the LLM endpoint at http://x/v1 timed out — raise QA_LLM_TIMEOUT"
    assert rows[1]["answer"] == "" and rows[1]["line"] == 2 and set(rows[0]) == set(rows[1])
    assert journal_path_for(output).is_file()  # kept: errors remain to be retried

    flaky["fail"] = False
    run_batch_file(source, output, assistant)  # type: ignore[arg-type]
    assert len(assistant.calls) == 3  # plain resume: nothing re-run, the error stays
    summary = run_batch_file(source, output, assistant, retry_errors=True)  # type: ignore[arg-type]
    assert assistant.calls[3:] == ["q1 boom"] and summary.errors == 0 and summary.resumed == 2
    assert [r["error"] for r in read_output(output)] == [None, None, None]
    assert not journal_path_for(output).exists()  # all done: the journal is gone


def test_workers_run_concurrently_and_output_keeps_input_order(tmp_path: Path) -> None:
    active, peak = [0], [0]
    lock = threading.Lock()

    def answer(question: str) -> str:
        with lock:
            active[0] += 1
            peak[0] = max(peak[0], active[0])
        time.sleep(0.05 if question.endswith("0") else 0.01)
        with lock:
            active[0] -= 1
        return question.upper()

    rows = [BatchRow(f"id-{i}", i + 1, f"question {i}") for i in range(40)]
    journal = tmp_path / "j.jsonl"
    summary = run_batch(rows, FakeAssistant(answer), journal, workers=4)  # type: ignore[arg-type]
    assert peak[0] == 4
    assert [r["id"] for r in summary.rows] == [row.id for row in rows]
    assert all(r["answer"] == f"QUESTION {i}" for i, r in enumerate(summary.rows))
    assert len(read_journal(journal)) == 40


def test_a_torn_journal_line_is_cut_off(tmp_path: Path) -> None:
    journal = tmp_path / "j.jsonl"
    journal.write_text('{"id": "a", "question": "q", "error": null}\n{"id": "b", "quest', encoding="utf-8")
    assert list(read_journal(journal)) == ["a"]
    assert journal.read_text(encoding="utf-8").endswith("}\n")  # the next append starts on a new line


# --- the real pipeline ----------------------------------------------------------------------------


def test_bad_rows_do_not_stop_a_real_batch_and_csv_output(seeds_settings: Settings, tmp_path: Path) -> None:
    from qa.assistant import Assistant

    source = tmp_path / "mixed.jsonl"
    source.write_text(
        '{"id": "ok-1", "question": "متى كانت زيارة بوتين السابقة إلى بيونغيانغ؟"}\n'
        '{"id": "empty", "question": ""}\n'
        "not json at all\n"
        '{"id": "nofield"}\n'
        '{"id": "ok-2", "question": "ما الكنيسة التي سيزورها بوتين في طريق العودة إلى المطار؟"}\n',
        encoding="utf-8",
    )
    output = tmp_path / "out.csv"
    assistant = Assistant(seeds_settings.model_copy(update={"backend": "extractive"}))
    try:
        summary = run_batch_file(source, output, assistant)
    finally:
        assistant.close()
    assert (summary.total, summary.errors, summary.answered + summary.refused) == (5, 3, 2)
    raw = output.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # Excel then shows the Arabic correctly
    import csv
    import io

    cells = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert [c["id"] for c in cells] == ["ok-1", "empty", "line-3", "nofield", "ok-2"]
    assert [c["error"] for c in cells[1:4]] == [
        "line 2: the question is empty",
        "line 3: invalid JSON (Expecting value)",
        "line 4: no 'question' field",
    ]
    assert cells[0]["error"] == "" and "جويلية 2000" in cells[0]["answer"]
    assert re.fullmatch(r"\[1\] 000_786f06b0012ed668\.txt:\d+-\d+(; .+)?", cells[0]["citations"])
    assert "كنيسة ثالوث واهب الحياة" in cells[4]["answer"]


def test_sigkill_mid_run_then_resume_gives_the_clean_result(
    seeds_settings: Settings, seeds_data_dir: Path, dev_rows: list[dict], tmp_path: Path
) -> None:
    from qa.assistant import Assistant

    questions = many_questions(dev_rows, 300)
    source = write_jsonl(tmp_path / "q300.jsonl", questions)
    ids = [q["id"] for q in questions]

    # The clean run, uninterrupted (in this process).
    assistant = Assistant(seeds_settings.model_copy(update={"backend": "extractive"}))
    try:
        clean_summary = run_batch_file(source, tmp_path / "clean.jsonl", assistant)
    finally:
        assistant.close()
    clean = {row["id"]: row for row in read_output(tmp_path / "clean.jsonl")}
    print(f"\nclean run: {clean_summary.line()}")

    # The CLI, killed once some rows are journaled.
    output = tmp_path / "out.jsonl"
    journal = journal_path_for(output)
    command = [QA, "batch", str(source), "-o", str(output), "--backend", "extractive"]
    env = qa_env(seeds_data_dir)
    process = subprocess.Popen(
        command, env=env, cwd=PROJECT_ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    deadline = time.monotonic() + 600
    while time.monotonic() < deadline and process.poll() is None:
        if journal.is_file() and journal.read_bytes().count(b"\n") >= 40:
            break
        time.sleep(0.1)
    process.send_signal(signal.SIGKILL)
    process.communicate()
    assert process.returncode == -signal.SIGKILL
    journaled = len(read_journal(journal))
    assert 40 <= journaled < 300 and not output.exists()
    with journal.open("a", encoding="utf-8") as fh:  # as if killed in the middle of a write
        fh.write('{"id": "q-299", "question": "torn')

    resumed = subprocess.run(command, env=env, cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=1200)
    assert resumed.returncode == 0, resumed.stderr
    assert f"resuming: {journaled} of 300 rows already done" in resumed.stderr
    print(resumed.stdout)
    rows = read_output(output)
    assert [row["id"] for row in rows] == ids  # exactly one row per input id, in input order
    assert [row["line"] for row in rows] == list(range(1, 301))
    assert all(row["error"] is None for row in rows)
    for row in rows:
        assert content(row) == content(clean[row["id"]]), row["id"]
    assert not journal.exists()


@pytest.mark.llm
def test_workers_against_an_openai_compatible_server(
    seeds_data_dir: Path, dev_rows: list[dict], tmp_path: Path
) -> None:
    from qa.llm.gguf import ensure_packaged_gguf
    from qa.llm.local import start_openai_compatible_server

    gguf = ensure_packaged_gguf(Settings().models_dir)
    handle, base_url = start_openai_compatible_server(gguf, threads=2, ctx=8192, parallel=4)
    try:
        source = write_jsonl(
            tmp_path / "q.jsonl", [{"id": r["id"], "question": r["question"]} for r in dev_rows[:4]]
        )
        output = tmp_path / "out.jsonl"
        env = qa_env(
            seeds_data_dir,
            QA_LLM_BASE_URL=base_url,
            QA_LLM_MODEL="local",
            QA_MAX_TOKENS="32",
            QA_TOP_K="3",
            QA_LLM_TIMEOUT="600",
            NO_PROXY="127.0.0.1,localhost",
            no_proxy="127.0.0.1,localhost",
        )
        command = [QA, "batch", str(source), "-o", str(output), "--backend", "openai", "--workers", "4"]
        done = subprocess.run(
            command, env=env, cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=1200
        )
    finally:
        handle.stop()
    assert done.returncode == 0, done.stderr
    print(done.stdout)
    rows = read_output(output)
    assert [r["id"] for r in rows] == [r["id"] for r in dev_rows[:4]]
    assert all(r["error"] is None and r["backend"] == "openai" for r in rows), [r["error"] for r in rows]
    assert any(not r["refused"] and r["answer"].strip() for r in rows)
    # Four workers: the questions were in flight together, so their times add up to more than the run.
    wall = float(re.search(r"run in ([\d.]+) s", done.stdout).group(1))
    assert sum(r["timings"]["total"] for r in rows) > 1.5 * wall
