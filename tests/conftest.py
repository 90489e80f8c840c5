"""Shared fixtures: real models (prepared once per machine by `qa setup`), real Chroma in temp folders."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from qa.settings import PROJECT_ROOT, Settings

SEEDS = PROJECT_ROOT / "seeds"
CHROMIUM = "/usr/bin/chromium"  # Debian's, installed by scripts/setup.sh (never `playwright install`)
# No background networking: this machine has no internet, and Chromium's calls out would only fail.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DEV = Path(__file__).parent / "data" / "dev.jsonl"


def load_dev() -> list[dict]:
    return [json.loads(line) for line in DEV.read_text(encoding="utf-8").splitlines() if line.strip()]


def make_settings(data_dir: Path, **overrides: object) -> Settings:
    """Settings isolated in `data_dir`; models come from the machine-wide cache (prepared once)."""
    return Settings(data_dir=data_dir, **overrides)


@pytest.fixture(scope="session")
def dev_rows() -> list[dict]:
    return load_dev()


@pytest.fixture(scope="session")
def seeds_data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data folder whose index holds the seeds — built once per test session (the slow part)."""
    from qa.open_index import open_index

    data_dir = tmp_path_factory.mktemp("seeds-data")
    index = open_index(make_settings(data_dir))
    index.ingest(SEEDS)
    index.close()
    return data_dir


@pytest.fixture(scope="session")
def seeds_settings(seeds_data_dir: Path) -> Settings:
    return make_settings(seeds_data_dir)


@pytest.fixture(scope="session")
def seeds_index(seeds_settings: Settings):
    from qa.open_index import open_index

    index = open_index(seeds_settings)
    yield index
    index.close()


@pytest.fixture()
def corpus(tmp_path: Path) -> Path:
    """A small private copy of two seed files, for tests that modify documents."""
    folder = tmp_path / "corpus"
    folder.mkdir()
    for name in ("002_d335a78e266bf796.txt", "004_13183dccda9929f6.txt"):
        shutil.copy(SEEDS / name, folder / name)
    return folder
