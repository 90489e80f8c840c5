"""The offline environment defaults, in one place: nothing in this project may reach a model hub or send
telemetry. Imported (for its side effect) by every module that is an entry point or loads a model library,
before that library is imported; `setdefault` lets a user override any of them on purpose."""

from __future__ import annotations

import os

OFFLINE_ENV = {
    "HF_HUB_OFFLINE": "1",  # never download weights at run time
    "TRANSFORMERS_OFFLINE": "1",
    "HF_HUB_DISABLE_TELEMETRY": "1",
    "HF_HUB_DISABLE_PROGRESS_BARS": "1",
    "TRANSFORMERS_VERBOSITY": "error",
    "TOKENIZERS_PARALLELISM": "false",  # tokenizers' threads fight ours on 2 cores
    "GRADIO_ANALYTICS_ENABLED": "False",  # gradio calls out at launch otherwise
    "ANONYMIZED_TELEMETRY": "False",  # chromadb's posthog client
    # numpy's BLAS threads spin while waiting: on 2 busy cores they slowed retrieval's small matrix products
    # (hubness, sentence scores) by 2-3x (mixed archive, load 5: p95 160-185 ms vs 66-86 ms with one thread)
    "OPENBLAS_NUM_THREADS": "1",
}


def apply_offline_defaults() -> None:
    for key, value in OFFLINE_ENV.items():
        os.environ.setdefault(key, value)


apply_offline_defaults()
