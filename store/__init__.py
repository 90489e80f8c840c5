"""Files, Arabic text and the index. Importing any `store` module first applies the offline environment
defaults (`store.offline`), before transformers or chromadb can be imported. Never imports `qa`."""

from store import offline  # noqa: F401
