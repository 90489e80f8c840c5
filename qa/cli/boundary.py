"""The CLI's one error boundary: every way a command can end becomes a documented exit code and at most one
line on stderr (never a traceback).

Exit codes (README): 0 done, 1 unexpected internal error (a bug: the traceback goes to a file, named in the
line), 2 bad input or setting (usage errors included), 3 model, 4 index, 5 LLM backend, 6 some batch/eval
rows failed (the others are written), 130 interrupted (Ctrl-C; the line says what was kept).

The typer in use ships its own copy of click (`typer._click`), and another click may be installed beside
it: usage errors are caught from whichever of them defines them.
"""

from __future__ import annotations

import importlib
import os
import sys
import tempfile
import time
import traceback
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from qa.errors import QAError
from store.text_hygiene import one_line

EXIT_OK = 0
EXIT_INTERNAL = 1
EXIT_USAGE = 2
EXIT_ROWS_FAILED = 6
EXIT_INTERRUPTED = 130
EXIT_CODES = (0, 1, 2, 3, 4, 5, 6, 130)


class Interrupted(QAError):
    """Ctrl-C during a command; the message says what was kept and how to go on."""

    exit_code = EXIT_INTERRUPTED


class RowsFailed(QAError):
    """A batch or eval finished and wrote its output, but some rows have an error instead of an answer."""

    exit_code = EXIT_ROWS_FAILED


def _framework_classes(name: str) -> tuple[type[BaseException], ...]:
    """The exception class `name` from typer's bundled click, from click itself and from typer."""
    found: list[type[BaseException]] = []
    for module_name in ("typer._click.exceptions", "click.exceptions", "typer.exceptions"):
        try:
            module = importlib.import_module(module_name)
        except ImportError:
            continue
        cls = getattr(module, name, None)
        if isinstance(cls, type) and issubclass(cls, BaseException) and cls not in found:
            found.append(cls)
    return tuple(found)


HELP_REQUESTS = _framework_classes("NoArgsIsHelpError")
USAGE_ERRORS = _framework_classes("UsageError")
FRAMEWORK_ERRORS = _framework_classes("ClickException") + _framework_classes("TyperException")
ABORTS = _framework_classes("Abort")
EXITS = _framework_classes("Exit")


def say(line: str) -> None:
    """One line on stderr, safe for any terminal (no control characters, no undecodable bytes)."""
    print(one_line(line), file=sys.stderr, flush=True)


def run(app: Any, argv: Sequence[str] | None = None) -> int:
    """Run the typer `app` on `argv` (default: the process's arguments) and return the exit code."""
    try:
        result = app(args=None if argv is None else list(argv), prog_name="qa", standalone_mode=False)
        sys.stdout.flush()  # here, not at exit: a reader that left early is then handled below
    except BaseException as exc:  # noqa: BLE001 - this is the boundary: everything is turned into a code
        return handle(exc)
    # standalone_mode=False returns the code of an Exit instead of raising it; typer turns Ctrl-C
    # inside a command into Exit(130).
    code = result if isinstance(result, int) and not isinstance(result, bool) else EXIT_OK
    if code == EXIT_INTERRUPTED:
        say("interrupted")
    return code


def handle(exc: BaseException) -> int:
    """The exit code for an exception that left a command, after its one line on stderr."""
    if isinstance(exc, Interrupted):
        say(exc.one_line())
        return exc.exit_code
    if isinstance(exc, QAError):
        say(f"error: {exc.one_line()}")
        return exc.exit_code
    if isinstance(exc, HELP_REQUESTS):  # `qa` alone: the help, on stdout
        print(_message(exc))
        return EXIT_OK
    if isinstance(exc, USAGE_ERRORS):
        say(f"error: {_message(exc).rstrip('.')} — see {_command_path(exc)} --help")
        return EXIT_USAGE
    if isinstance(exc, FRAMEWORK_ERRORS):
        say(f"error: {_message(exc)}")
        return EXIT_USAGE
    if isinstance(exc, EXITS):
        code = getattr(exc, "exit_code", EXIT_OK)
        return code if isinstance(code, int) else EXIT_INTERNAL
    if isinstance(exc, (*ABORTS, KeyboardInterrupt)):
        say("interrupted")
        return EXIT_INTERRUPTED
    # `qa files | head`: the reader has all it wanted (typer turns the broken pipe into exit 1).
    if isinstance(exc, BrokenPipeError) or isinstance(exc.__context__, BrokenPipeError):
        _silence_stdout()
        return EXIT_OK
    if isinstance(exc, SystemExit):
        return exc.code if isinstance(exc.code, int) else (EXIT_OK if exc.code is None else EXIT_INTERNAL)
    report = _save_traceback(exc)
    say(f"error: unexpected {type(exc).__name__}: {exc} — this is a bug; please report it with {report}")
    return EXIT_INTERNAL


def _silence_stdout() -> None:
    """Point stdout at /dev/null, so the flush at exit does not fail on the closed pipe again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):  # not a real file (tests capture it)
        pass


def _message(exc: BaseException) -> str:
    format_message = getattr(exc, "format_message", None)
    return str(format_message() if callable(format_message) else exc)


def _command_path(exc: BaseException) -> str:
    ctx = getattr(exc, "ctx", None)
    return getattr(ctx, "command_path", None) or "qa"


def _save_traceback(exc: BaseException) -> str:
    """The full traceback of an unexpected error, in a file the one-line message names."""
    stamp = time.strftime("%Y%m%d-%H%M%S")
    path = Path(tempfile.gettempdir()) / f"qa-error-{stamp}.txt"
    try:
        path.write_text("".join(traceback.format_exception(exc)), encoding="utf-8", errors="replace")
    except OSError:
        return "the command line that caused it"
    return str(path)


def require_free_port(host: str, port: int, setting: str) -> None:
    """InputError (one line) if nothing can listen on host:port, e.g. another server already does; the
    web frameworks would otherwise fail with a traceback after seconds of start-up. Port 0 = any."""
    import errno
    import socket

    from qa.errors import InputError

    if port == 0:
        return
    try:
        family, kind, proto, _, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0]
    except (OSError, UnicodeError) as exc:
        raise InputError(f"cannot listen on {host!r}: {exc}", "give an address of this machine") from None
    with socket.socket(family, kind, proto) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as the servers do
        try:
            probe.bind(address)
        except OSError as exc:
            busy = exc.errno == errno.EADDRINUSE
            reason = "is already in use" if busy else f"cannot be used ({exc.strerror or exc})"
            hint = f"stop the other server, or choose another port ({setting} or --port)"
            raise InputError(f"port {port} on {host} {reason}", hint) from None
