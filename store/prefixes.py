"""The prefixes embedding models expect before queries and passages — the one home of the e5 prefixes.

A module of its own, free of numpy and model libraries, so that reading the settings (every command,
even `qa --help`) does not import them."""

from __future__ import annotations

E5_QUERY_PREFIX = "query: "
E5_PASSAGE_PREFIX = "passage: "


def is_e5(model_name: str) -> bool:
    return "e5" in model_name.lower()


def default_prefixes(model_name: str) -> tuple[str, str]:
    """(query prefix, passage prefix) a model expects: e5 wants its prefixes, others none."""
    return (E5_QUERY_PREFIX, E5_PASSAGE_PREFIX) if is_e5(model_name) else ("", "")
