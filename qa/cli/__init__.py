"""The `qa` command line. `commands` (the commands and options, `app`, `main`), `boundary` (exit codes,
the one error boundary), `output` (consoles, progress bars), `ingest` (`qa ingest`, `qa setup`), `check`
(`qa check`), `eval` (`qa eval`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from qa.lazy import lazy_attributes

if TYPE_CHECKING:
    from qa.cli.commands import app, main

# name -> the module that defines it. Loaded on first use (PEP 562), so importing one module of this package
# never imports its siblings or their frameworks.
_HOMES = {
    "app": "qa.cli.commands",
    "main": "qa.cli.commands",
}
__all__ = ["app", "main"]

__getattr__ = lazy_attributes(__name__, _HOMES)
