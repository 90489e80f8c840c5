"""What it takes to expose the service and the UI safely, without any web framework: the API token's rules,
the Host allow-list (DNS rebinding), the folders `/v1/ingest` may read, and error text fit to send to a
client (no internal addresses, ports or token counts). `qa.service.guard` enforces these on every request;
`qa.service.server` and `qa.ui.app` check them at start.
"""

from __future__ import annotations

import ipaddress
import logging
import os
import re
from dataclasses import dataclass
from pathlib import Path

from qa.errors import BackendError, ConfigError, InputError, QAError
from qa.settings import Settings
from store.documents import list_document_files
from store.identity import uploads_folder

logger = logging.getLogger(__name__)

MIN_TOKEN_CHARS = 16  # a random token this long cannot be guessed over HTTP; shorter ones are passwords
TOKEN_HINT = (
    "set QA_API_TOKEN to a random value of at least 16 characters, e.g. the output of "
    "`python -c 'import secrets; print(secrets.token_urlsafe(32))'`"
)
LOOPBACK_NAMES = frozenset({"localhost", "127.0.0.1", "::1"})
WILDCARD_HOSTS = frozenset({"", "0.0.0.0", "::"})


def is_loopback(host: str) -> bool:
    """Whether `host` (a listen address) is reachable only from this machine ("" is every interface)."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def api_token(settings: Settings) -> str | None:
    """The API token, or None when none is set; ConfigError when it is set but empty or too short (an
    empty `QA_API_TOKEN=` is a mistake, never "no token")."""
    if settings.api_token is None:
        return None
    token = settings.api_token.get_secret_value()
    if not token.strip():
        raise ConfigError("QA_API_TOKEN is set but empty", TOKEN_HINT + ", or unset it (loopback only)")
    if len(token) < MIN_TOKEN_CHARS:
        raise ConfigError(
            f"QA_API_TOKEN is {len(token)} characters long, shorter than {MIN_TOKEN_CHARS}", TOKEN_HINT
        )
    if token != token.strip():
        raise ConfigError("QA_API_TOKEN begins or ends with blanks", "remove the spaces around it")
    return token


def check_exposure(settings: Settings, host: str) -> str | None:
    """The token to require (None: none), checked before anything listens: a bad token is refused
    everywhere, and off loopback a token is mandatory (anyone on the network could otherwise read the
    documents, replace them and spend the machine's CPU)."""
    token = api_token(settings)
    if token is None and not is_loopback(host):
        raise ConfigError(f"refusing to listen on {host} without an API token", TOKEN_HINT)
    return token


# --- Host allow-list -----------------------------------------------------------------------------


def host_name(header: str) -> str:
    """The host name of a Host (or Origin authority) header, without port, brackets or case:
    "[::1]:8000" → "::1", "Example.org:80" → "example.org"."""
    value = header.strip().lower()
    if value.startswith("["):
        return value[1 : value.find("]")] if "]" in value else value
    if value.count(":") == 1:
        value = value.split(":", 1)[0]
    return value.rstrip(".")


def allowed_hosts(settings: Settings, bind_host: str) -> frozenset[str] | None:
    """Host names a request may name (None: any). The loopback names, the listen address when it is a
    specific one, and QA_ALLOWED_HOSTS; a request naming another host is refused, so a web page whose
    domain re-resolves to this machine (DNS rebinding) cannot reach it."""
    extra = [h.strip() for h in settings.service.allowed_hosts.split(",") if h.strip()]
    if "*" in extra:
        return None
    names = set(LOOPBACK_NAMES) | {host_name(h) for h in extra}
    if bind_host not in WILDCARD_HOSTS:
        names.add(host_name(bind_host))
    return frozenset(names)


# --- what /v1/ingest may read ----------------------------------------------------------------------


def ingest_roots(settings: Settings) -> list[Path]:
    """The folders `/v1/ingest` may read under (resolved): QA_INGEST_ROOTS, else the corpus folder and the
    uploads folder."""
    named = [part for part in settings.service.ingest_roots.split(os.pathsep) if part.strip()]
    paths = settings.paths
    roots = [Path(p).expanduser() for p in named] or [paths.corpus_dir, uploads_folder(paths.data_dir)]
    return [root.resolve() for root in roots]


def _under(path: Path, roots: list[Path]) -> bool:
    return any(path == root or path.is_relative_to(root) for root in roots)


def allowed_ingest_path(raw: str, roots: list[Path]) -> Path:
    """The path a client asked to ingest, if it lies under an allowed root (after following every
    symlink, for the path and for each file a folder holds); InputError otherwise. Relative paths are
    relative to the server's working directory."""
    if not raw or not raw.strip():
        raise InputError("the path is empty", "give a folder or file under " + _roots_text(roots))
    if "\x00" in raw:
        raise InputError("the path holds a NUL character", "give a plain folder or file path")
    given = Path(raw).expanduser()
    try:
        resolved = given.resolve(strict=True)
    except (OSError, RuntimeError):
        resolved = None
    if resolved is None and _under(Path(os.path.normpath(given.absolute())), roots):
        raise InputError(f"{raw} does not exist on the server", "give a folder or file that exists")
    if resolved is None or not _under(resolved, roots):
        # the same answer whether or not it exists: the API must not probe the server's files
        raise InputError(
            f"{raw} is not under a folder the service may read",
            f"give a folder or file under {_roots_text(roots)} (QA_INGEST_ROOTS)",
        )
    for path in list_document_files(resolved):
        if not _under(path.resolve(), roots):
            raise InputError(
                f"{path} links outside the folders the service may read",
                f"remove the link, or copy the file under {_roots_text(roots)}",
            )
    return resolved


def _roots_text(roots: list[Path]) -> str:
    return ", ".join(str(root) for root in roots)


# --- errors a client may see ------------------------------------------------------------------------

_ADDRESS = re.compile(
    r"\b[a-z][a-z0-9+.-]*://\S+"  # URLs
    r"|\[[0-9a-f.]*:[0-9a-f:.]*\](?::\d+)?"  # [v6]:port
    r"|\b\d{1,3}(?:\.\d{1,3}){3}(?::\d+)?\b"  # v4:port
    r"|\blocalhost:\d+\b"
    r"|\bport \d+\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class PublicError:
    message: str
    hint: str


_BACKEND_KINDS = (  # (words in the detail, what a client is told)
    (("context", "too long", "tokens"), "the conversation is too long for the model's context",
     "shorten the question or start a new conversation"),
    (("did not answer within", "timeout", "timed out"), "the language model did not answer in time",
     "retry later"),
    (("rate limit", "429"), "the language model is rate limiting requests", "retry later"),
    (("api key",), "the language model refused the server's credentials", "the operator must check them"),
    (("cannot reach", "failed to start", "not ready"), "the language model is not available",
     "retry later; the operator must check the server log"),
)  # fmt: skip


def redact(text: str) -> str:
    """`text` without URLs, IP addresses and ports."""
    return " ".join(_ADDRESS.sub("(address hidden)", text).split())


def public_error(exc: QAError) -> PublicError:
    """What a client is told about `exc`. A backend's own words (its address, port, token counts) stay in
    the server log; the client gets what kind of failure it was."""
    if not isinstance(exc, BackendError):
        return PublicError(redact(exc.message), redact(exc.hint))
    logger.warning("backend error: %s", exc.one_line())
    detail = exc.message.casefold()
    for words, message, hint in _BACKEND_KINDS:
        if any(word in detail for word in words):
            return PublicError(message, hint)
    return PublicError("the language model failed to answer", "retry later; the server log has the details")
