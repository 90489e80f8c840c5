import shutil

import pytest

from qa.errors import ConfigError
from qa.generate.prompts import REQUIRED, load_prompts
from qa.settings import PROJECT_ROOT


def test_shipped_prompts_load_with_their_placeholders() -> None:
    prompts = load_prompts(PROJECT_ROOT / "prompts")
    for name in REQUIRED:
        assert prompts.text(name)
    assert "[1]" in prompts.render("passage", n=1, file="a.txt", text="نص")


def test_a_prompt_with_a_wrong_placeholder_is_rejected(tmp_path) -> None:
    folder = tmp_path / "prompts"
    shutil.copytree(PROJECT_ROOT / "prompts", folder)
    (folder / "answer_user_en.txt").write_text("Question: {question}\n{passage}", encoding="utf-8")
    with pytest.raises(ConfigError, match="answer_user_en"):
        load_prompts(folder)


def test_a_missing_prompt_file_is_reported(tmp_path) -> None:
    folder = tmp_path / "prompts"
    shutil.copytree(PROJECT_ROOT / "prompts", folder)
    (folder / "refuse_ar.txt").unlink()
    with pytest.raises(ConfigError, match="refuse_ar"):
        load_prompts(folder)
