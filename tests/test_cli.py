"""The real `qa` command: JSON interface and one-line errors with non-zero exit codes."""

from __future__ import annotations

import json
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


def test_model_file_that_is_not_gguf(seeds_data_dir: Path, tmp_path: Path) -> None:
    bogus = tmp_path / "model.gguf"
    bogus.write_bytes(b"not a model")
    result = run_qa("ask", "سؤال عن بوتين؟", data_dir=seeds_data_dir, QA_LLM_MODEL_PATH=str(bogus))
    assert_one_line_error(result, "GGUF")


def test_llm_server_that_fails_to_start(seeds_data_dir: Path, tmp_path: Path) -> None:
    broken = tmp_path / "broken.gguf"
    broken.write_bytes(b"GGUF" + b"\x00" * 64)
    result = run_qa("ask", "سؤال عن بوتين؟", data_dir=seeds_data_dir, QA_LLM_MODEL_PATH=str(broken))
    assert_one_line_error(result)
    assert "start" in result.stderr


def test_invalid_setting_value(seeds_data_dir: Path) -> None:
    result = run_qa("ask", "سؤال؟", data_dir=seeds_data_dir, QA_TOP_K="many")
    assert_one_line_error(result, "QA_TOP_K")
