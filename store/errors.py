"""Errors the store raises. `qa.errors` re-exports them so the CLI catches one family."""


class QAError(Exception):
    """Base of every error shown to a user as one line (never a traceback).

    `hint` says what to do next; the CLI prints "error: <message> (<hint>)".
    """

    exit_code = 1

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def one_line(self) -> str:
        text = f"{self.message} — {self.hint}" if self.hint else self.message
        return " ".join(text.split())


class InputError(QAError):
    """The user gave something unusable (empty question, missing path, bad file)."""

    exit_code = 2


class ModelError(QAError):
    """A model file is missing, fails its checksum or cannot be loaded."""

    exit_code = 3


class StoreError(QAError):
    """The vector store or lexical index cannot be opened or written."""

    exit_code = 4
