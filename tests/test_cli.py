"""The real `qa` command: JSON interface and one-line errors with non-zero exit codes."""

from __future__ import annotations

import json
import socket
import subprocess
from pathlib import Path

import pytest

from tests.helpers import run_qa

ANSWER_KEYS = {"question", "answer", "language", "refused", "citations", "passages", "backend", "timings"}


def assert_one_line_error(result: subprocess.CompletedProcess[str], *words: str) -> None:
    assert result.returncode != 0
    lines = [line for line in result.stderr.strip().splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("error:") and "Traceback" not in result.stderr
    for word in words:
        assert word in lines[0]


def test_ask_json_is_one_answer_record(seeds_data_dir: Path) -> None:
    result = run_qa(
        "ask", "--json", "--backend", "extractive", "متى سيزور بوتين فيتنام؟", data_dir=seeds_data_dir
    )
    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout)
    assert answer.keys() >= ANSWER_KEYS
    assert answer["language"] == "ar" and answer["backend"] == "extractive" and not answer["refused"]
    assert {"n", "file", "start", "end", "text", "verified"} <= answer["citations"][0].keys()
    assert {"file", "start", "end", "text", "score"} <= answer["passages"][0].keys()
    assert {"retrieve", "generate", "total"} <= answer["timings"].keys()


def test_first_ask_indexes_the_seeds_itself(tmp_path: Path) -> None:
    result = run_qa("ask", "--backend", "extractive", "When will Putin visit Vietnam?", data_dir=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "Sources:" in result.stdout and "seeds" in result.stderr


@pytest.mark.parametrize("question", ["", "   \n\t "])
def test_empty_question_is_refused_with_one_line(seeds_data_dir: Path, question: str) -> None:
    assert_one_line_error(run_qa("ask", question, data_dir=seeds_data_dir), "empty")


def test_missing_ingest_path(tmp_path: Path) -> None:
    assert_one_line_error(run_qa("ingest", str(tmp_path / "nowhere"), data_dir=tmp_path), "does not exist")


def test_unknown_backend(seeds_data_dir: Path) -> None:
    result = run_qa("ask", "--backend", "gpt9", "سؤال؟", data_dir=seeds_data_dir)
    assert_one_line_error(result, "QA_BACKEND", "extractive")


# An answerable question in generative mode: the model must be loaded to write (a refused or grounded
# question may never need it).
REACHES_LLM = "متى سيزور بوتين فيتنام؟"


def test_model_file_that_is_not_gguf(seeds_data_dir: Path, tmp_path: Path) -> None:
    bogus = tmp_path / "model.gguf"
    bogus.write_bytes(b"not a model")
    result = run_qa(
        "ask", "--mode", "generative", REACHES_LLM, data_dir=seeds_data_dir, QA_LLM_MODEL_PATH=str(bogus)
    )
    assert_one_line_error(result, "GGUF")


def test_llm_server_that_fails_to_start(seeds_data_dir: Path, tmp_path: Path) -> None:
    broken = tmp_path / "broken.gguf"
    broken.write_bytes(b"GGUF" + b"\x00" * 64)
    result = run_qa(
        "ask", "--mode", "generative", REACHES_LLM, data_dir=seeds_data_dir, QA_LLM_MODEL_PATH=str(broken)
    )
    assert_one_line_error(result)
    assert "start" in result.stderr


def test_invalid_setting_value(seeds_data_dir: Path) -> None:
    result = run_qa("ask", "سؤال؟", data_dir=seeds_data_dir, QA_TOP_K="many")
    assert_one_line_error(result, "QA_TOP_K")


# --- the error boundary (qa/cli/boundary.py) ---------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ["ask", "-k", "0", "سؤال"],
        ["ask", "-k", "abc", "سؤال"],
        ["ask"],
        ["ask", "--bogus", "سؤال"],
        ["batch", "questions.jsonl", "-o", "out.jsonl", "--workers", "0"],
        ["ui", "--port", "70000"],
    ],
)
def test_usage_errors_are_one_line_with_exit_2(tmp_path: Path, args: list[str]) -> None:
    result = run_qa(*args, data_dir=tmp_path)
    assert_one_line_error(result, "--help")
    assert result.returncode == 2


def test_question_with_undecodable_bytes_is_rejected_at_once(tmp_path: Path) -> None:
    # "\udcff" reaches the process as the byte 0xff: not UTF-8 (as from a terminal in another encoding).
    result = run_qa("ask", "--backend", "extractive", "متى\udcff؟", data_dir=tmp_path)
    assert_one_line_error(result, "not valid UTF-8")
    assert result.returncode == 2
    assert not (tmp_path / "indexes").exists()  # rejected before the index (or a model) was touched


@pytest.mark.parametrize("content", [b"\x00\x01binary", "نص عربي".encode("cp1256"), b"  \n"])
def test_ingest_of_one_unusable_file_fails(tmp_path: Path, content: bytes) -> None:
    document = tmp_path / "doc.txt"
    document.write_bytes(content)
    result = run_qa("ingest", str(document), data_dir=tmp_path / "data")
    assert_one_line_error(result, "nothing indexed", "doc.txt")
    assert result.returncode == 2


def test_ui_on_a_busy_port_is_one_line(tmp_path: Path) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = run_qa("ui", "--port", str(port), data_dir=tmp_path)
    assert_one_line_error(result, f"port {port}", "in use")
    assert result.returncode == 2


def test_batch_with_bad_rows_completes_with_exit_6_and_resumes(seeds_data_dir: Path, tmp_path: Path) -> None:
    questions = tmp_path / "questions.jsonl"
    questions.write_text(
        '{"id": "good", "question": "متى سيزور بوتين فيتنام؟"}\n'
        '{"id": "surrogate", "question": "متى \\ud800 سيزور؟"}\n'
        '{"id": "broken", "question": \n'
        '{"id": "nul", "question": "When will Putin\\u0000 visit Vietnam?"}\n',
        encoding="utf-8",
    )
    output = tmp_path / "answers.jsonl"
    for attempt in range(2):  # the second run resumes: the bad rows must not crash it either
        result = run_qa(
            "batch", str(questions), "-o", str(output), "--backend", "extractive", data_dir=seeds_data_dir
        )
        assert result.returncode == 6, result.stderr
        assert "Traceback" not in result.stderr
        assert result.stderr.strip().splitlines()[-1].startswith("error: 2 of 4 rows failed")
        rows = {row["id"]: row for row in map(json.loads, output.read_text(encoding="utf-8").splitlines())}
        assert list(rows) == ["good", "surrogate", "line-3", "nul"]
        assert rows["good"]["error"] is None and rows["nul"]["error"] is None
        assert "line 2" in rows["surrogate"]["error"] and "not valid UTF-8" in rows["surrogate"]["error"]
        assert rows["surrogate"]["question"] == "متى \ufffd سيزور؟"
        assert "line 3" in rows["line-3"]["error"]
        if attempt:
            assert "resuming: 4 of 4 rows already done" in result.stderr
