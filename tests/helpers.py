"""Plain helpers shared by test modules (fixtures live in conftest.py)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

from qa.settings import PROJECT_ROOT

QA = Path(sys.executable).parent / "qa"  # the installed console script: the command users run


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on (at the moment of asking)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def run_qa(*args: str, data_dir: Path, timeout: float = 900, **env: str) -> subprocess.CompletedProcess[str]:
    """Run the real `qa` command over `data_dir`, with extra environment variables (`QA_TOP_K="3"`);
    a wide COLUMNS so that tables and error lines are never wrapped."""
    environ = {**os.environ, "QA_DATA_DIR": str(data_dir), "COLUMNS": "300", **env}
    return subprocess.run(
        [str(QA), *args], env=environ, cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=timeout
    )
