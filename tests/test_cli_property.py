"""Property: whatever text and option values reach the `qa` entry point, it ends with a documented exit
code, at most one line on stderr and never a traceback. In-process (the boundary `qa.cli.boundary.run`
that the console script calls), over a small real index, with the extractive backend.

The streams mirror a real process: stdout is strict UTF-8 (printing a lone surrogate there raises, as it
would on a terminal), stderr uses backslashreplace (as Python's does)."""

from __future__ import annotations

import io
import os
import shutil
from collections.abc import Iterator
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qa.cli import app
from qa.cli.boundary import EXIT_CODES, EXIT_INTERNAL, run
from qa.settings import get_settings
from tests.conftest import SEEDS

# Characters that broke or could break something: lone surrogates (undecodable bytes), controls, NUL,
# bidi marks and isolates, BOM, line/paragraph separators, Arabic letters and diacritics.
HOSTILE = st.sampled_from(
    ["\x00", "\x1b", "\x7f", "\x85", "\u200f", "\u200e", "\u202e", "\u2066", "\u2069", "\ufeff", "\u2028",
     "\u2029", "\udcff", "\ud800", "\udfff", "\t", "\n", "\r", "؟", "ب", "\u064b", "[", "]", "\\", "%"]
)  # fmt: skip
TEXT = st.text(
    st.one_of(HOSTILE, st.characters(categories=["Cs", "Cc", "Cf", "Zl", "Zp", "Lo"]), st.characters()),
    max_size=40,
)
QUESTION = st.one_of(TEXT, st.sampled_from(["متى سيزور بوتين فيتنام؟", "When will Putin visit Vietnam?"]))
NUMBER = st.one_of(st.integers(-5, 80).map(str), TEXT.filter(lambda t: not t.startswith("-")))
COMMANDS = {"ingest", "ask", "files", "setup", "config", "batch", "eval", "ui", "serve", "mcp"}
NO_SERVER_PORT = st.one_of(
    st.integers(65536, 10**6).map(str), st.integers(-(10**6), -1).map(str), st.text("abc.-+ ", min_size=1)
)


@dataclass
class Outcome:
    code: int
    stdout: str
    stderr: str


def invoke(argv: list[str]) -> Outcome:
    stdout = io.TextIOWrapper(io.BytesIO(), encoding="utf-8", errors="strict")
    stderr = io.TextIOWrapper(io.BytesIO(), encoding="utf-8", errors="backslashreplace")
    with redirect_stdout(stdout), redirect_stderr(stderr):
        code = run(app, argv)
    stdout.flush()
    stderr.flush()
    return Outcome(code, stdout.buffer.getvalue().decode(), stderr.buffer.getvalue().decode())


def assert_clean_end(outcome: Outcome, argv: list[str]) -> None:
    lines = [line for line in outcome.stderr.split("\n") if line.strip()]
    assert outcome.code in EXIT_CODES and outcome.code != EXIT_INTERNAL, (argv, outcome)
    assert len(lines) <= 1, (argv, outcome.stderr)
    assert "Traceback" not in outcome.stderr + outcome.stdout, (argv, outcome)


@pytest.fixture(scope="module", autouse=True)
def small_index(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Two seed files indexed in a private data dir; the extractive backend; the embedding model loaded
    once for the module (each command would load it again: seconds per example)."""
    import store.embedder

    root = tmp_path_factory.mktemp("cli-property")
    corpus = root / "corpus"
    corpus.mkdir()
    for name in ("002_d335a78e266bf796.txt", "004_13183dccda9929f6.txt"):
        shutil.copy(SEEDS / name, corpus / name)
    env = {"QA_DATA_DIR": str(root / "data"), "QA_CORPUS_DIR": str(corpus), "QA_BACKEND": "extractive"}
    saved = {name: os.environ.get(name) for name in env}
    os.environ.update(env)
    get_settings.cache_clear()
    real_loader = store.embedder.load_sentence_transformer
    store.embedder.load_sentence_transformer = lru_cache(maxsize=None)(real_loader)
    try:
        outcome = invoke(["ingest"])
        assert outcome.code == 0, outcome
        yield root
    finally:
        store.embedder.load_sentence_transformer = real_loader
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
        get_settings.cache_clear()


@st.composite
def ask_argv(draw: st.DrawFn) -> list[str]:
    argv = ["ask", draw(QUESTION)]
    if draw(st.booleans()):
        argv += ["-k", draw(NUMBER)]
    if draw(st.booleans()):
        argv += ["--lang", draw(st.one_of(st.sampled_from(["ar", "en", "auto", "fr"]), TEXT))]
    if draw(st.booleans()):
        argv += ["--mode", draw(st.one_of(st.sampled_from(["grounded", "generative"]), TEXT))]
    if draw(st.booleans()):  # never a real LLM: extractive or a name that is no backend
        argv += ["--backend", draw(st.sampled_from(["extractive", "gpt9", "", "\udcff"]))]
    if draw(st.booleans()):
        argv.append("--json")
    if draw(st.booleans()):
        argv.append("--" + draw(TEXT))  # an unknown option (or `--`, which ends the options)
    return argv


@st.composite
def failing_argv(draw: st.DrawFn, missing: Path) -> list[str]:
    """Commands with paths that do not exist and option values out of range: all must end in one line."""
    name = draw(TEXT).replace("/", "_").replace("\x00", "_") or "x"
    command = draw(st.sampled_from(["ingest", "batch", "ui", "serve", "eval", "nope"]))
    if command == "ingest":
        return ["ingest", str(missing / name)]
    if command == "batch":
        suffix = draw(st.sampled_from([".jsonl", ".csv", ".txt", ""]))
        argv = ["batch", str(missing / f"{name}.jsonl"), "-o", str(missing / f"out{suffix}")]
        return argv + (["--workers", draw(NUMBER)] if draw(st.booleans()) else [])
    if command in ("ui", "serve"):
        return [command, "--port", draw(NO_SERVER_PORT)]
    if command == "eval":
        return ["eval", str(missing / f"{name}.jsonl"), "--backend", "extractive"]
    word = draw(TEXT.filter(lambda t: t.strip() not in COMMANDS))  # never a real command (setup, ui)
    return [word, *draw(st.lists(TEXT, max_size=3))]


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(argv=ask_argv())
def test_ask_with_any_text_and_options_ends_cleanly(argv: list[str]) -> None:
    assert_clean_end(invoke(argv), argv)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_other_commands_with_bad_values_end_in_one_line(data: st.DataObject) -> None:
    missing = Path("/nonexistent-qa-property")
    argv = data.draw(failing_argv(missing))
    outcome = invoke(argv)
    assert_clean_end(outcome, argv)
    if argv[0] in ("ingest", "batch", "ui", "serve", "eval"):
        assert outcome.code != 0, (argv, outcome)
