"""The one gate in front of everything `qa serve` and `qa ui` serve (REST, OpenAI-compatible chat, the
Gradio UI and its API, file downloads): a pure ASGI middleware, so it sees every request before any route,
mounted app or body parser does, and can count body bytes as they arrive.

In order, for each request:
1. Host allow-list (`qa.service.exposure.allowed_hosts`): another Host is refused (DNS rebinding).
2. Token: when QA_API_TOKEN is set, `Authorization: Bearer <token>` or the session cookie set by the login
   page (`/qa/login`) is required, compared in constant time. Browsers asking for a page are sent to the
   login page; everything else gets 401. `/healthz` and `/readyz` stay open (they tell nothing).
3. Origin: a state-changing request (POST, PUT, PATCH, DELETE) sent by a page of another origin is refused,
   so a web page the user visits cannot ask, upload or delete through the user's browser.
4. Content type: JSON endpoints take JSON only, upload endpoints multipart only (415 otherwise): a browser
   sends text/plain or form bodies to another site without asking first, never JSON.
5. Size: a declared Content-Length over the limit is refused at once; otherwise the body's bytes are counted
   as they arrive (chunked or not) and the request is stopped with 413 at the limit.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import html
import json
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs, quote, urlsplit

from python_multipart.exceptions import MultipartParseError
from starlette.datastructures import Headers
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from qa.service.exposure import host_name, is_loopback

LOGIN_PATH = "/qa/login"
LOGOUT_PATH = "/qa/logout"
OPEN_PATHS = frozenset({"/healthz", "/readyz"})
COOKIE = "qa_session"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
LOGIN_BODY_LIMIT = 4096
ERROR_BODY_LIMIT = 65536  # a longer error body is passed on as it is
GRADIO_API = "/gradio_api/"
FAILED_LOGIN_DELAY_S = 0.3  # slows a guessing loop; a random token of 16+ characters is not guessable anyway
_DEFAULT_PORTS = {"http": "80", "https": "443"}


@dataclass(frozen=True)
class GuardConfig:
    token: str | None  # None: no token (loopback only)
    hosts: frozenset[str] | None  # None: any Host
    max_body: int  # bytes
    max_body_label: str  # "10 MB", for the 413 line
    json_paths: frozenset[str] = frozenset()
    multipart_paths: frozenset[str] = frozenset()
    # GET paths a client on this machine may call without the token: Gradio's launch() calls its own
    # `startup-events` over HTTP without credentials (idempotent, takes no input)
    local_paths: frozenset[str] = frozenset()


class BodyTooLarge(MultipartParseError):
    """Raised inside the app's body reading when the request passes the limit. A multipart parse error on
    purpose: the multipart parsers (Starlette's, Gradio's) then remove the temp files of the files they
    were writing, as they do for a malformed body; the app's answer is replaced by the 413 anyway."""


def error(status: int, message: str, hint: str, kind: str, headers: dict[str, str] | None = None) -> Response:
    """The service's one error shape."""
    body = {"error": {"message": message, "hint": hint, "type": kind}}
    return JSONResponse(body, status_code=status, headers=headers)


def session_value(token: str) -> str:
    """The login cookie's value: derived from the token (it never leaves the server itself), the same in
    every process that has the token, and void when the token changes."""
    return hmac.new(token.encode(), b"arabic-qa session v1", hashlib.sha256).hexdigest()


class Guard:
    """The ASGI middleware described in the module docstring."""

    def __init__(self, app: ASGIApp, config: GuardConfig) -> None:
        self.app = app
        self.config = config
        self._session = session_value(config.token) if config.token else None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        refusal = self._refusal(scope, headers)
        if refusal is not None:
            if scope["type"] == "websocket":
                await send({"type": "websocket.close", "code": 1008})
            else:
                await refusal(scope, receive, send)
            return
        if scope["type"] == "http" and scope["path"] in (LOGIN_PATH, LOGOUT_PATH) and self.config.token:
            await self._login(scope, receive, headers)(scope, receive, send)
            return
        if scope["type"] == "websocket":
            await self.app(scope, receive, send)
            return
        declared = headers.get("content-length", "")
        if declared.isdigit() and int(declared) > self.config.max_body:
            await self._too_large()(scope, receive, send)
            return
        wrong_type = self._wrong_type(scope, headers)
        if wrong_type is not None:
            await wrong_type(scope, receive, send)
            return
        await self._limited(scope, receive, send)

    # --- the checks, in order ------------------------------------------------------------------------

    def _refusal(self, scope: Scope, headers: Headers) -> Response | None:
        path = scope["path"]
        if path in OPEN_PATHS:
            return None
        host = headers.get("host", "")
        if self.config.hosts is not None and host_name(host) not in self.config.hosts:
            return error(
                400,
                f"this server does not answer to the host name {host_name(host)[:100]!r}",
                "use the address the service was started with, or add the name to QA_ALLOWED_HOSTS",
                "host",
            )
        open_here = path in (LOGIN_PATH, LOGOUT_PATH) or self._local_call(scope)
        if not open_here and not self._authorised(headers):
            return self._unauthorised(scope, headers)
        return self._cross_site(scope, headers)

    def _authorised(self, headers: Headers) -> bool:
        if not self.config.token:
            return True
        scheme, _, given = headers.get("authorization", "").partition(" ")
        token = self.config.token.encode()
        if scheme.lower() == "bearer" and hmac.compare_digest(given.strip().encode(), token):
            return True
        cookie = _cookie(headers.get("cookie", ""), COOKIE)
        return bool(cookie) and hmac.compare_digest(cookie.encode(), (self._session or "").encode())

    def _local_call(self, scope: Scope) -> bool:
        client = (scope.get("client") or ("", 0))[0]
        local = scope["path"] in self.config.local_paths and scope.get("method") == "GET"
        return local and is_loopback(client)

    @staticmethod
    def _unauthorised(scope: Scope, headers: Headers) -> Response:
        wants_page = scope.get("method") == "GET" and "text/html" in headers.get("accept", "")
        if wants_page and not scope["path"].startswith("/v1"):
            query = scope["query_string"].decode("latin-1")
            target = scope["path"] + (f"?{query}" if query else "")
            return RedirectResponse(f"{LOGIN_PATH}?next={quote(target, safe='')}", status_code=303)
        return error(
            401,
            "missing or wrong API token",
            f"send 'Authorization: Bearer <QA_API_TOKEN>', or log in at {LOGIN_PATH}",
            "auth",
            {"WWW-Authenticate": "Bearer"},
        )

    @staticmethod
    def _cross_site(scope: Scope, headers: Headers) -> Response | None:
        """A state-changing request, or a WebSocket handshake, sent by a page of another site."""
        if scope["type"] == "http" and scope["method"] in SAFE_METHODS:
            return None
        origin = headers.get("origin")
        if origin is None:  # not sent by a browser's cross-site request (browsers send it on every POST)
            if headers.get("sec-fetch-site", "") != "cross-site":
                return None
        elif _authority(origin) == _host_authority(headers.get("host", ""), _http_scheme(scope)):
            return None
        return error(
            403,
            "requests sent by a page of another site are refused",
            "open the service's own page, or call the API from a program (no Origin header)",
            "cross_site",
        )

    def _wrong_type(self, scope: Scope, headers: Headers) -> Response | None:
        if scope["method"] != "POST":  # the other methods fall to the routes (405 with Allow)
            return None
        kind = headers.get("content-type", "").split(";", 1)[0].strip().lower()
        path = scope["path"]
        if path in self.config.json_paths and not (kind == "application/json" or kind.endswith("+json")):
            return error(
                415, f"{path} takes a JSON body, not {kind or 'a body without a type'}",
                "send 'Content-Type: application/json'", "media_type",
            )  # fmt: skip
        if path in self.config.multipart_paths and kind != "multipart/form-data":
            return error(
                415, f"{path} takes multipart/form-data, not {kind or 'a body without a type'}",
                "send the files as a multipart form (field 'files')", "media_type",
            )  # fmt: skip
        return None

    # --- the body's size -------------------------------------------------------------------------------

    def _too_large(self) -> Response:
        return error(
            413,
            f"the request body is larger than the limit of {self.config.max_body_label}",
            "send less at once, or raise QA_SERVE_MAX_REQUEST_MB",
            "too_large",
            {"Connection": "close"},
        )

    async def _limited(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Run the app with a receive that counts the body's bytes and stops at the limit; the app's own
        answer to a stopped body is replaced by the 413."""
        state = {"received": 0, "exceeded": False, "started": False}

        async def counting_receive() -> Message:
            message = await receive()
            if message["type"] == "http.request":
                state["received"] += len(message.get("body", b""))
                if state["received"] > self.config.max_body:
                    state["exceeded"] = True
                    raise BodyTooLarge("the request body is over the limit")
            return message

        async def watching_send(message: Message) -> None:
            if state["exceeded"] and not state["started"]:
                return
            if message["type"] == "http.response.start":
                state["started"] = True
            await send(message)

        try:
            await self.app(scope, counting_receive, uniform_errors(watching_send, scope["path"]))
        except Exception:
            if not state["exceeded"]:
                raise
        if state["exceeded"] and not state["started"]:
            await self._too_large()(scope, receive, send)

    # --- the login page ------------------------------------------------------------------------------

    def _login(self, scope: Scope, receive: Receive, headers: Headers) -> Any:
        async def app(scope: Scope, receive: Receive, send: Send) -> None:
            if scope["path"] == LOGOUT_PATH:
                response: Response = RedirectResponse(LOGIN_PATH, status_code=303)
                response.delete_cookie(COOKIE, path="/")
            elif scope["method"] == "POST":
                response = await self._login_post(scope, receive, headers)
            else:
                target = parse_qs(scope["query_string"].decode("latin-1")).get("next", ["/"])[0]
                response = HTMLResponse(login_page(_safe_next(target), ""))
            await response(scope, receive, send)

        return app

    async def _login_post(self, scope: Scope, receive: Receive, headers: Headers) -> Response:
        body = b""
        while True:
            message = await receive()
            body += message.get("body", b"")
            if len(body) > LOGIN_BODY_LIMIT:
                return self._too_large()
            if not message.get("more_body"):
                break
        form = parse_qs(body.decode("utf-8", "replace"))
        given = form.get("token", [""])[0]
        target = _safe_next(form.get("next", ["/"])[0])
        assert self.config.token is not None  # noqa: S101 - _login runs only with a token
        if not hmac.compare_digest(given.encode(), self.config.token.encode()):
            await asyncio.sleep(FAILED_LOGIN_DELAY_S)
            return HTMLResponse(login_page(target, "wrong token · رمز خاطئ"), status_code=401)
        response = RedirectResponse(target, status_code=303)
        secure = scope.get("scheme") == "https"
        response.set_cookie(
            COOKIE, self._session or "", path="/", httponly=True, samesite="strict", secure=secure
        )
        return response


def uniform_errors(send: Send, path: str) -> Send:
    """`send`, with a mounted app's JSON errors (`{"detail": …}`: Starlette's and Gradio's 404 and 405)
    rewritten to the one error shape. Gradio's client API (`/gradio_api/…`) keeps its own: gradio_client
    reads it."""
    if path.startswith(GRADIO_API):
        return send
    held: dict[str, Any] = {}

    async def rewriting_send(message: Message) -> None:
        if message["type"] == "http.response.start":
            headers = Headers(raw=message.get("headers", []))
            if message["status"] >= 400 and headers.get("content-type", "").startswith("application/json"):
                held.update(start=message, body=b"")
                return
        elif "start" in held and message["type"] == "http.response.body":
            held["body"] += message.get("body", b"")
            if message.get("more_body") and len(held["body"]) < ERROR_BODY_LIMIT:
                return
            start, original = held.pop("start"), held.pop("body")
            body = original if message.get("more_body") else _one_shape(original)
            if body is not original:
                raw = [(k, v) for k, v in start.get("headers", []) if k.lower() != b"content-length"]
                start = {**start, "headers": [*raw, (b"content-length", str(len(body)).encode())]}
            await send(start)
            await send({**message, "body": body})
            return
        await send(message)

    return rewriting_send


def _one_shape(body: bytes) -> bytes:
    try:
        data = json.loads(body)
    except ValueError:
        return body
    if not isinstance(data, dict) or set(data) != {"detail"}:
        return body
    detail = data["detail"] if isinstance(data["detail"], str) else "invalid request"
    return json.dumps({"error": {"message": detail, "hint": "", "type": "http"}}).encode()


def login_page(target: str, problem: str) -> str:
    """The login form (no script, no outside resource)."""
    note = f'<p class="problem" role="alert">{html.escape(problem)}</p>' if problem else ""
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>Log in · Arabic documents QA</title>
<style>body{{font-family:"Noto Sans","Noto Naskh Arabic",sans-serif;max-width:26rem;margin:4rem auto;
padding:0 1rem}}
input{{font-size:1rem;padding:.4rem;width:100%;box-sizing:border-box;margin:.3rem 0 .8rem}}
.problem{{color:#b00020}}</style></head>
<body><h1>Arabic documents QA</h1>
<p>Enter the access token (QA_API_TOKEN). <span dir="rtl" lang="ar">أدخل رمز الدخول.</span></p>{note}
<form method="post" action="{LOGIN_PATH}">
<input type="hidden" name="next" value="{html.escape(target)}">
<label for="token">Token · الرمز</label>
<input id="token" name="token" type="password" autocomplete="current-password" required autofocus>
<button type="submit">Log in · دخول</button></form></body></html>"""


def _safe_next(target: str) -> str:
    """Only a path of this server (never "//host" or a URL): the login page is no open redirect."""
    if not target.startswith("/") or target.startswith("//") or "\\" in target or "\n" in target:
        return "/"
    return target


def _cookie(header: str, name: str) -> str:
    for part in header.split(";"):
        key, _, value = part.strip().partition("=")
        if key == name:
            return value
    return ""


def _authority(origin: str) -> str:
    """scheme://host:port of an Origin header as host:port with the default port dropped."""
    parts = urlsplit(origin.strip().lower())
    if not parts.scheme or not parts.netloc:
        return ""  # "null" (a sandboxed or file page) and anything malformed match nothing
    return _host_authority(parts.netloc, parts.scheme)


def _http_scheme(scope: Scope) -> str:
    """The scheme a browser's Origin carries for this connection (ws/wss handshakes come from http/https)."""
    return {"ws": "http", "wss": "https"}.get(scope.get("scheme", "http"), scope.get("scheme", "http"))


def _host_authority(host: str, scheme: str) -> str:
    host = host.strip().lower()
    default = _DEFAULT_PORTS.get(scheme)
    if default and host.endswith(":" + default) and not host.endswith("]"):
        host = host[: -len(default) - 1]
    return host
