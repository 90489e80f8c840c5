"""The settings file: a bad `qa.toml` (or a `QA_CONFIG` that names no file) is one line naming the file and
the line, exit 2; a good one is applied, and the environment wins over it."""

from __future__ import annotations

import io
import socket
import threading
import time
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import pytest

from qa.cli import app
from qa.cli.boundary import run
from qa.errors import BackendError, ConfigError
from qa.llm import GenerationRequest
from qa.llm.openai import OpenAIBackend
from qa.settings import GROUPS, Settings, get_settings, load_settings


@pytest.fixture(autouse=True)
def clean_config(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No settings file or QA_ variable from the machine; the working directory is a fresh folder."""
    monkeypatch.delenv("QA_CONFIG", raising=False)
    monkeypatch.delenv("QA_TOP_K", raising=False)
    monkeypatch.delenv("QA_BACKEND", raising=False)
    monkeypatch.setenv("QA_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.chdir(tmp_path)
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


def qa_config() -> tuple[int, str, str]:
    """`qa config` in-process, through the CLI's boundary: (exit code, stdout, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = run(app, ["config"])
    return code, out.getvalue(), err.getvalue()


def assert_one_line(stderr: str, *words: str) -> None:
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("error:"), stderr
    for word in words:
        assert word in lines[0], (word, lines[0])


def test_no_settings_file_is_fine() -> None:
    assert load_settings().top_k == 5
    code, stdout, _ = qa_config()
    assert code == 0 and "QA_TOP_K=5" in stdout


def test_a_settings_file_is_applied_and_the_environment_wins(tmp_path: Path, monkeypatch) -> None:
    (tmp_path / "qa.toml").write_text('top_k = 3\nbackend = "extractive"\n', encoding="utf-8")
    assert (load_settings().top_k, load_settings().backend) == (3, "extractive")
    monkeypatch.setenv("QA_TOP_K", "7")
    assert load_settings().top_k == 7


def test_malformed_toml_names_the_file_and_line(tmp_path: Path) -> None:
    (tmp_path / "qa.toml").write_text('top_k = 3\nbackend = "extractive\nlang = "ar"\n', encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_settings()
    assert str(tmp_path / "qa.toml") in caught.value.one_line() and "line 2" in caught.value.one_line()
    code, _, stderr = qa_config()
    assert code == 2
    assert_one_line(stderr, "qa.toml", "line 2", "invalid TOML")


def test_non_utf8_toml_names_the_line(tmp_path: Path) -> None:
    (tmp_path / "qa.toml").write_bytes(b"top_k = 3\n# caf\xe9 in Latin-1\n")
    code, _, stderr = qa_config()
    assert code == 2
    assert_one_line(stderr, "qa.toml", "line 2", "UTF-8")


def test_invalid_value_in_the_file_names_the_file_and_line(tmp_path: Path) -> None:
    (tmp_path / "qa.toml").write_text('# answers\nlang = "ar"\n\ntop_k = 0\n', encoding="utf-8")
    code, _, stderr = qa_config()
    assert code == 2
    assert_one_line(stderr, "top_k", "qa.toml", "line 4", "greater than or equal to 1")


def test_invalid_value_in_the_environment_names_the_variable(tmp_path: Path, monkeypatch) -> None:
    (tmp_path / "qa.toml").write_text("top_k = 0\n", encoding="utf-8")
    monkeypatch.setenv("QA_TOP_K", "many")
    code, _, stderr = qa_config()
    assert code == 2
    assert_one_line(stderr, "QA_TOP_K")


def test_qa_config_naming_no_file_is_an_error(tmp_path: Path, monkeypatch) -> None:
    (tmp_path / "qa.toml").write_text("top_k = 3\n", encoding="utf-8")  # not read instead: an error
    monkeypatch.setenv("QA_CONFIG", str(tmp_path / "missing.toml"))
    code, _, stderr = qa_config()
    assert code == 2
    assert_one_line(stderr, "QA_CONFIG", "missing.toml", "does not exist")
    monkeypatch.setenv("QA_CONFIG", str(tmp_path))
    code, _, stderr = qa_config()
    assert code == 2
    assert_one_line(stderr, "QA_CONFIG", "is a folder")


def test_qa_config_names_the_file_to_read(tmp_path: Path, monkeypatch) -> None:
    custom = tmp_path / "elsewhere" / "settings.toml"
    custom.parent.mkdir()
    custom.write_text("top_k = 9\n", encoding="utf-8")
    monkeypatch.setenv("QA_CONFIG", str(custom))
    assert load_settings().top_k == 9


# --- settings by group (issue 25): flat names unchanged, read-only views per group ------------------------


def test_every_setting_is_in_exactly_one_group() -> None:
    declared = [name for model in GROUPS.values() for name in model.model_fields]
    assert len(declared) == len(set(declared)), "a field is declared in two groups"
    assert set(declared) == set(Settings.model_fields), "a setting is in no group"
    for group, model in GROUPS.items():
        assert isinstance(getattr(Settings(), group), model)
        for name, field in model.model_fields.items():  # the flat field is the group's own
            assert Settings.model_fields[name].description == field.description


def test_group_views_follow_the_flat_names(monkeypatch) -> None:
    (Path.cwd() / "qa.toml").write_text("candidates = 40\n", encoding="utf-8")
    monkeypatch.setenv("QA_HUB_K", "7")
    settings = load_settings(top_k=3, backend="extractive")
    retrieval = settings.retrieval
    assert (retrieval.top_k, retrieval.hub_k, retrieval.candidates) == (3, 7, 40)
    assert settings.answer.backend == "extractive" and settings.paths.data_dir == settings.data_dir
    with pytest.raises(ValueError):
        retrieval.top_k = 9  # a view is read-only: settings are changed by their flat names
    assert settings.model_copy(update={"top_k": 9}).retrieval.top_k == 9
    assert "retrieval" not in settings.model_dump()  # views are not fields: dumps and reloads are flat


def test_qa_config_prints_every_variable_once_under_its_group() -> None:
    code, stdout, _ = qa_config()
    assert code == 0
    headings = [line.split()[2] for line in stdout.splitlines() if line.startswith("# --- ")]
    assert headings == list(GROUPS)
    variables = [line.split("=")[0] for line in stdout.splitlines() if line.startswith("QA_")]
    assert sorted(variables) == sorted(f"QA_{name.upper()}" for name in Settings.model_fields)


# --- a hung hosted endpoint fails within QA_LLM_TIMEOUT in all, retries included -------------------------


class HungEndpoint:
    """Accepts connections and never answers (a hung server or a black-holed proxy)."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}/v1"
        self.connections: list[socket.socket] = []
        self.first_at: float | None = None  # the client's libraries import lazily: time from here
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            self.connections.append(conn)
            self.first_at = self.first_at or time.monotonic()

    def close(self) -> None:
        for conn in self.connections:
            conn.close()
        self.sock.close()


def test_default_hosted_timeouts_fit_in_a_minute() -> None:
    backend = OpenAIBackend.from_settings(load_settings())
    backoff = sum(min(0.5 * 2**n, 8.0) for n in range(backend.max_retries))
    assert (backend.max_retries + 1) * backend.attempt_timeout + backoff <= 60.5


def test_hung_endpoint_fails_within_the_timeout_budget() -> None:
    server = HungEndpoint()
    try:
        settings = load_settings(llm_base_url=server.url, llm_timeout=6, llm_max_retries=3)
        backend = OpenAIBackend.from_settings(settings)
        request = GenerationRequest(system="s", user="u", question="q", language="en", max_tokens=8)
        with pytest.raises(BackendError) as caught:
            backend.generate(request)
        assert server.first_at is not None
        elapsed = time.monotonic() - server.first_at
    finally:
        server.close()
    assert elapsed <= 6 + 2, elapsed  # not 4 attempts x 6 s
    assert len(server.connections) == 4  # every attempt was made, each with its share of the budget
    assert "within 6 s" in caught.value.message and "QA_LLM_TIMEOUT" in caught.value.hint
