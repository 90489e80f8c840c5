"""The one family of user-facing errors. The CLI and UI turn these into one friendly line."""

from store.errors import InputError, ModelError, QAError, StoreError

__all__ = [
    "QAError",
    "InputError",
    "ModelError",
    "StoreError",
    "BackendError",
    "CannotChooseError",
    "ConfigError",
]


class BackendError(QAError):
    """The LLM backend failed: server did not start, endpoint down, refused or malformed reply."""

    exit_code = 5


class CannotChooseError(BackendError):
    """The backend cannot make a constrained choice: it has no constrained decoding, or the endpoint
    refused the constraint or replied outside it. Callers fall back to the rules-only choice."""


class ConfigError(QAError):
    """A setting has an invalid value."""

    exit_code = 2
