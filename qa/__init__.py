"""Question answering over the indexed documents. Importing any `qa` module first applies the offline
environment defaults (`store.offline`), before Gradio, transformers or chromadb can be imported."""

import store.offline  # noqa: F401
