"""Any OpenAI-compatible chat endpoint (hosted API, or the local llama.cpp server) via llama-index.

Retries: the openai client itself retries 408/409/429/5xx, connection errors and timeouts with
exponential backoff (0.5 s doubling, at most 8 s, honouring Retry-After) up to `max_retries` times.
llama-index's own retry decorator does not apply to streaming (it wraps a lazy generator), so
there is exactly one retry layer.

Timeouts: `timeout` bounds one request in all, retries included (a hung endpoint fails within it, not
after attempts x timeout): each attempt waits its share, the backoff between attempts counted.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any

from qa.errors import BackendError, CannotChooseError
from qa.llm import constraints
from qa.llm.base import NONE_OPTION, ChoiceRequest, GenerationRequest, LLMBackend, PatternRequest

# httpx, openai and llama-index are imported where they are used: the registry (qa.llm.BACKENDS) reads this
# class's capabilities without loading them.
if TYPE_CHECKING:
    import openai
    from llama_index.llms.openai_like import OpenAILike

    from qa.settings import Settings

logger = logging.getLogger(__name__)

# Local servers ignore the key, but the openai client refuses to start without one.
PLACEHOLDER_API_KEY = "not-needed"
_MAX_DETAIL = 200

# What the user should do next, by kind of failure.
DEFAULT_HINTS = {
    "connection": "check that the server is running and QA_LLM_BASE_URL is right",
    "timeout": "raise QA_LLM_TIMEOUT, shorten the context, or check the server",
    "auth": "set QA_LLM_API_KEY (or OPENAI_API_KEY) to a valid key",
    "not_found": "check QA_LLM_MODEL and QA_LLM_BASE_URL (it usually ends in /v1)",
    "rate_limit": "wait a moment and ask again, or check the account's quota",
    "server": "check the server log, or try again later",
    "client": "check QA_LLM_MODEL and the request settings (QA_MAX_TOKENS, QA_TEMPERATURE)",
    "context": "shorten the prompt (QA_TOP_K, QA_PASSAGE_CHARS) or use a model with a larger context",
    "malformed": "check that QA_LLM_BASE_URL points to an OpenAI-compatible API (it usually ends in /v1)",
    "stream": "try again; if it persists, check the server log",
}


class OpenAIBackend(LLMBackend):
    """Streams chat completions from `base_url` (e.g. https://api.openai.com/v1)."""

    name = "openai"
    constrained_choice = True
    needs_key = True
    runs_locally = False
    default_mode = "generative"  # a strong hosted model writes, the checks verify

    def __init__(
        self,
        base_url: str,
        model: str,
        api_key: str | None = None,
        timeout: float = 60.0,
        max_retries: int = 3,
        *,
        label: str = "the LLM endpoint",
        hints: Mapping[str, str] | None = None,
        use_env_proxy: bool = True,
        dialect: constraints.Dialect = "json_schema",
    ) -> None:
        """`label` and `hints` let a wrapper (the local backend) word errors for its own users;
        `use_env_proxy=False` ignores HTTP(S)_PROXY (a proxy cannot reach this machine's 127.0.0.1);
        `dialect` is how choices are constrained: `json_schema` (Structured Outputs, any endpoint that
        has them) or `grammar` (llama.cpp's GBNF, which can also score options)."""
        self.base_url = base_url.rstrip("/")
        self._where = f"{label} at {self.base_url}"
        self._hints = {**DEFAULT_HINTS, **(hints or {})}
        self.model = model
        self.timeout = float(timeout)
        self.max_retries = int(max_retries)
        self.attempt_timeout = attempt_timeout(self.timeout, self.max_retries)
        self._api_key = api_key or PLACEHOLDER_API_KEY
        self._has_key = bool(api_key)
        self._use_env_proxy = use_env_proxy
        self.dialect = dialect
        self._llm: OpenAILike | None = None
        self._raw: openai.OpenAI | None = None

    @classmethod
    def from_settings(cls, settings: Settings) -> OpenAIBackend:
        llm = settings.llm
        return cls(
            base_url=llm.llm_base_url,
            model=llm.llm_model,
            api_key=settings.api_key(),
            timeout=llm.llm_timeout,
            max_retries=llm.llm_max_retries,
        )

    @classmethod
    def model_label(cls, settings: Settings) -> str | None:
        return settings.llm_model

    def __repr__(self) -> str:  # the key itself never appears, only whether one is set
        key = "set" if self._has_key else "unset"
        return f"OpenAIBackend(base_url={self.base_url!r}, model={self.model!r}, api_key=<{key}>)"

    def _client(self) -> OpenAILike:
        if self._llm is None:
            import httpx
            from llama_index.llms.openai_like import OpenAILike

            self._llm = OpenAILike(
                model=self.model,
                api_base=self.base_url,
                api_key=self._api_key,
                is_chat_model=True,
                is_function_calling_model=False,
                timeout=self.attempt_timeout,
                max_retries=self.max_retries,
                max_tokens=None,  # per request: a value set here would override the request's
                http_client=None if self._use_env_proxy else httpx.Client(trust_env=False),
            )
        return self._llm

    def stream(self, request: GenerationRequest) -> Iterator[str]:
        from llama_index.core.base.llms.types import ChatMessage, MessageRole

        messages = [
            ChatMessage(role=MessageRole.SYSTEM, content=request.system),
            ChatMessage(role=MessageRole.USER, content=request.user),
        ]
        chunks = 0
        try:
            replies = self._client().stream_chat(
                messages, max_tokens=request.max_tokens, temperature=request.temperature
            )
            for reply in replies:
                chunks += 1
                if reply.delta:
                    yield reply.delta
        except Exception as exc:  # every failure (HTTP, network, parsing) becomes one clear line
            raise self._translate(exc) from None
        if chunks == 0:
            # A 200 reply that is not an event stream parses as zero events: still a broken server.
            raise self._malformed("the reply contained no completion chunks")

    def close(self) -> None:
        self._llm = None
        self._raw = None

    # --- constrained decoding (grounded mode) -----------------------------------------------

    def choose(self, request: ChoiceRequest) -> str | None:
        allowed = [*request.options, NONE_OPTION]
        if self.dialect == "grammar":
            extra: dict[str, Any] = {"extra_body": {"grammar": constraints.gbnf_one_of(allowed)}}
        else:
            extra = {"response_format": constraints.enum_response_format(allowed)}
        reply = self._constrained(request.system, request.user, request.max_tokens, 0.0, **extra)
        text = reply.choices[0].message.content or ""
        if self.dialect == "json_schema":
            text = self._parsed(constraints.read_object_value, text)
        if text not in allowed:
            raise CannotChooseError(f"{self._where} replied outside the options: {self._redact(text)!r}")
        return None if text == NONE_OPTION else text

    def score_options(self, request: ChoiceRequest) -> list[float]:
        """Forced decoding of each option with llama.cpp's grammar; the reported log-probabilities are
        the model's own (before the grammar), so their sum is the option's log-likelihood. The prompt is
        identical for every option, so the server evaluates it once (prompt cache)."""
        if self.dialect != "grammar":
            raise CannotChooseError(f"{self._where} cannot score options (it has no grammar support)")
        return [self._option_log_likelihood(request, option) for option in request.options]

    def _option_log_likelihood(self, request: ChoiceRequest, option: str) -> float:
        grammar = {"grammar": constraints.gbnf_one_of([option])}
        reply = self._constrained(
            request.system, request.user, request.max_tokens, 0.0, extra_body=grammar, logprobs=True
        )
        choice = reply.choices[0]
        tokens = choice.logprobs.content if choice.logprobs else None
        if choice.message.content != option or not tokens:
            detail = f"forced option {option!r} came back as {choice.message.content!r}"
            raise CannotChooseError(f"{self._where} could not score an option: {self._redact(detail)}")
        return float(sum(token.logprob for token in tokens))

    def generate_matching(self, request: PatternRequest) -> str:
        if self.dialect == "grammar" and request.grammar:  # the bare reply, no JSON around it
            extra: dict[str, Any] = {"extra_body": {"grammar": request.grammar}}
            read: Any = str
        elif self.dialect == "grammar":  # llama.cpp turns a raw string schema into a grammar
            schema = {"type": "string", "pattern": request.pattern}
            extra = {"extra_body": {"json_schema": schema}}
            read = constraints.read_json_string
        else:
            extra = {"response_format": constraints.pattern_response_format(request.pattern)}
            read = constraints.read_object_value
        if request.seed is not None:
            extra["seed"] = request.seed
        reply = self._constrained(
            request.system, request.user, request.max_tokens, request.temperature, **extra
        )
        text = self._parsed(read, reply.choices[0].message.content or "")
        if not re.fullmatch(request.pattern, text):
            raise CannotChooseError(f"{self._where} replied outside the pattern: {self._redact(text)!r}")
        return text

    def _parsed(self, read: Any, content: str) -> str:
        try:
            return read(content)
        except ValueError as exc:  # includes JSON decoding errors (a reply cut short by max_tokens)
            raise CannotChooseError(f"{self._where} sent an unusable constrained reply: {exc}") from None

    def _raw_client(self) -> openai.OpenAI:
        # The plain openai client: llama-index's chat wrapper does not pass grammars or log-probabilities.
        if self._raw is None:
            import httpx
            import openai

            self._raw = openai.OpenAI(
                base_url=self.base_url,
                api_key=self._api_key,
                timeout=self.timeout,
                max_retries=self.max_retries,
                http_client=None if self._use_env_proxy else httpx.Client(trust_env=False),
            )
        return self._raw

    def _constrained(self, system: str, user: str, max_tokens: int, temperature: float, **extra: Any) -> Any:
        import openai

        messages = [{"role": "system", "content": system}, {"role": "user", "content": user}]
        try:
            return self._raw_client().chat.completions.create(
                model=self.model,
                messages=messages,
                max_tokens=max_tokens,
                temperature=temperature,
                **extra,
            )
        except (openai.BadRequestError, openai.UnprocessableEntityError) as exc:  # constraint refused
            detail = self._redact(_error_message(exc.body) or exc.message)
            raise CannotChooseError(
                f"{self._where} refused the constrained request (HTTP 400): {detail}",
                "grounded answers fall back to the rules-only choice",
            ) from None
        except Exception as exc:
            raise self._translate(exc) from None

    # --- error translation ---------------------------------------------------------------

    def _redact(self, text: str) -> str:
        if self._has_key:
            text = text.replace(self._api_key, "***")
        return " ".join(text.split())[:_MAX_DETAIL]

    def _malformed(self, detail: str) -> BackendError:
        message = f"malformed reply from {self._where}: {self._redact(detail)}"
        return BackendError(message, self._hints["malformed"])

    def _translate(self, exc: Exception) -> BackendError:
        import httpx
        import openai

        logger.debug("LLM request to %s failed: %r", self.base_url, self._redact(repr(exc)))
        if isinstance(exc, openai.APIStatusError):
            return self._status_error(exc.status_code, _error_message(exc.body) or exc.message)
        if isinstance(exc, openai.APITimeoutError | httpx.TimeoutException):
            return BackendError(
                f"{self._where} did not answer within {self.timeout:g} s "
                f"(timeout; {self.max_retries + 1} attempts of {self.attempt_timeout:.0f} s each)",
                self._hints["timeout"],
            )
        if isinstance(exc, openai.APIConnectionError | httpx.TransportError):
            return BackendError(f"cannot reach {self._where}", self._hints["connection"])
        if isinstance(exc, openai.APIResponseValidationError):
            return self._malformed(exc.message)
        if isinstance(exc, openai.APIError):  # an error event inside the stream
            message = f"{self._where} reported an error: {self._redact(exc.message)}"
            return BackendError(message, self._hints["stream"])
        if isinstance(exc, ValueError | TypeError | KeyError | AttributeError):
            return self._malformed(f"{type(exc).__name__}: {exc}")
        return BackendError(
            f"request to {self._where} failed: {type(exc).__name__}: {self._redact(str(exc))}",
            self._hints["stream"],
        )

    def _status_error(self, status: int, detail: str) -> BackendError:
        if status in (401, 403):
            # Not even the server's text: some servers echo (part of) the key back.
            return BackendError(f"{self._where} rejected the API key (HTTP {status})", self._hints["auth"])
        if status == 404:
            message = f"model '{self.model}' or URL not found at {self.base_url} (HTTP 404)"
            return BackendError(message, self._hints["not_found"])
        if status == 429:
            return BackendError(
                f"{self._where} is rate limiting requests (HTTP 429, {self.max_retries} retries)",
                self._hints["rate_limit"],
            )
        if status >= 500:
            return BackendError(
                f"{self._where} answered HTTP {status} ({self.max_retries} retries): {self._redact(detail)}",
                self._hints["server"],
            )
        message = f"{self._where} answered HTTP {status}: {self._redact(detail)}"
        too_long = status in (400, 413) and "context" in detail.lower()
        return BackendError(message, self._hints["context" if too_long else "client"])


def attempt_timeout(total: float, retries: int) -> float:
    """Seconds one attempt may wait so that every attempt and the client's backoff before each retry
    (0.5 s doubling, at most 8 s) fit in `total` seconds."""
    backoff = sum(min(0.5 * 2**n, 8.0) for n in range(retries))
    return max(1.0, (total - backoff) / (retries + 1))


def _error_message(body: Any) -> str:
    """The human message inside an OpenAI-style error body, if there is one."""
    if isinstance(body, dict):
        inner = body.get("error", body)
        if isinstance(inner, dict) and isinstance(inner.get("message"), str):
            return inner["message"]
        if isinstance(inner, str):
            return inner
    return ""
