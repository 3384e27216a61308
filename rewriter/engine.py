"""The LLM engine: chat completions through the ``openai`` SDK, against any compatible server.

Structured output first (``response_format`` with the five-layer JSON Schema). A server that
rejects that (HTTP 400/422) is asked again in JSON mode, then with plain instructions; the
reply is validated by pydantic either way. Retries with backoff (429 with Retry-After, 5xx,
timeouts, dropped connections) are the SDK's. Every failure leaves here as a one-line
``RemoteError``/``ReplyError`` with the API key scrubbed out; nothing from the SDK escapes.
"""
from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import openai
from pydantic import ValidationError
from splint.linter.errors import RewriteError
from splint.rewriter.cache import Cache
from splint.rewriter.cache import key as cache_key
from splint.rewriter.instructions import system_prompt_version
from splint.rewriter.schema import FiveLayerPrompt, json_schema

DEFAULT_BASE_URL = "https://api.openai.com/v1"
MODES = ("json_schema", "json_object", "plain")


class RemoteError(Exception):
    """The server could not be reached or answered with an error; the message is one line."""


class RefusedError(Exception):
    """The model declined to answer."""


class ReplyError(Exception):
    """The reply arrived but is not a usable five-layer prompt."""

    def __init__(self, message: str, raw: str, final: bool = False) -> None:
        super().__init__(message)
        self.raw = raw
        self.final = final      # a repair turn cannot help (the answer was cut off)


@dataclass
class Usage:
    calls: int = 0              # requests that reached the server (cache hits are not calls)
    cached: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0

    def add(self, other: Usage) -> None:
        self.calls += other.calls
        self.cached += other.cached
        self.prompt_tokens += other.prompt_tokens
        self.completion_tokens += other.completion_tokens

    def as_json(self) -> dict[str, int]:
        return {
            "calls": self.calls, "cached": self.cached, "prompt_tokens": self.prompt_tokens,
            "completion_tokens": self.completion_tokens, "total_tokens": self.prompt_tokens + self.completion_tokens,
        }


@dataclass(frozen=True, slots=True)
class Reply:
    prompt: FiveLayerPrompt
    raw: str


_FENCE = re.compile(r"```(?:json|JSON)?\s*\n?(.*?)```", re.DOTALL)


def parse_reply(content: str) -> FiveLayerPrompt:
    """The five-layer object in a reply: bare JSON, fenced, or the outermost ``{...}`` in prose."""
    text = content.strip()
    if m := _FENCE.search(text):
        text = m.group(1).strip()
    if not text.startswith("{") and "{" in text and "}" in text:
        text = text[text.index("{"):text.rindex("}") + 1]
    try:
        raw = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ReplyError(f"the reply is not JSON ({exc.msg} at character {exc.pos})", content) from None
    try:
        return FiveLayerPrompt.model_validate(raw)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e['loc']) or 'reply'}: {e['msg'].lower()}" for e in exc.errors()[:4]
        )
        raise ReplyError(f"the reply does not fit the five-layer schema ({problems})", content) from None


def host_of(base_url: str) -> str:
    """``host[:port]`` of a URL: what messages name, never user or password."""
    parts = urlsplit(base_url)
    host = parts.hostname or ""
    if ":" in host:
        host = f"[{host}]"
    return f"{host}:{parts.port}" if parts.port else host or base_url


def valid_url(base_url: str) -> bool:
    """An http(s) URL with a host and a usable port: what the SDK can be pointed at."""
    try:
        parts = urlsplit(base_url)
        return parts.scheme in ("http", "https") and bool(parts.hostname) and (parts.port is None or parts.port > 0)
    except ValueError:
        return False


def is_openai(base_url: str) -> bool:
    """Whether the URL is OpenAI's own API (whatever port or path it is written with)."""
    return urlsplit(base_url).hostname == urlsplit(DEFAULT_BASE_URL).hostname


def api_key(base_url: str, names: tuple[str, ...], missing: str) -> str:
    """The first of the environment variables ``names`` that is set. OpenAI itself needs one
    (``missing`` says so); local servers accept any key, and the SDK insists on one."""
    for name in names:
        if key := os.environ.get(name, ""):
            return key
    if is_openai(base_url):
        raise RewriteError(missing)
    return "not-needed"


def redact(text: str, key: str) -> str:
    """``text`` with the API key replaced by ``***``."""
    return text.replace(key, "***") if key and len(key) >= 4 else text


def server_of(base_url: str) -> str:
    """The server as the cache knows it: scheme, host, port and path, without user info or query."""
    parts = urlsplit(base_url)
    return f"{parts.scheme}://{host_of(base_url)}{parts.path.rstrip('/')}"


# A 400/422 that names one of these is a server without structured output, not a bad request.
_FORMAT_WORDS = ("response_format", "json_schema", "json_object", "structured", "schema", "guided", "grammar")


class Engine:
    """One server and model; shared by every draft of a run (the mode it settles on, the cache)."""

    def __init__(
        self,
        model: str,
        api_key: str,
        base_url: str = DEFAULT_BASE_URL,
        timeout: float = 120.0,
        max_retries: int = 2,
        max_tokens: int = 4096,
        cache: Cache | None = None,
    ) -> None:
        self.model = model
        self.host = host_of(base_url)
        self.timeout = timeout
        self.max_retries = max_retries
        self.max_tokens = max_tokens
        self.cache = cache
        self._key = api_key
        # What a server lacks is remembered with its answers, so a re-run does not ask again.
        self._server = server_of(base_url)
        self._mode_key = cache_key(self._server, model, "modes", {})
        remembered = cache.get(self._mode_key, "servers") if cache is not None else None
        self._mode = MODES.index(remembered["mode"]) if remembered and remembered.get("mode") in MODES else 0
        self._client = openai.AsyncOpenAI(api_key=api_key, base_url=base_url, timeout=timeout, max_retries=max_retries)

    async def close(self) -> None:
        await self._client.close()

    def redact(self, text: str) -> str:
        return redact(text, self._key)

    def _request(self, messages: list[dict[str, str]], mode: str) -> dict[str, Any]:
        request: dict[str, Any] = {"model": self.model, "messages": messages, "max_completion_tokens": self.max_tokens}
        if mode == "json_schema":
            request["response_format"] = {
                "type": "json_schema",
                "json_schema": {"name": "FiveLayerPrompt", "strict": True, "schema": json_schema()},
            }
        elif mode == "json_object":
            request["response_format"] = {"type": "json_object"}
        return request

    async def complete(self, messages: list[dict[str, str]], usage: Usage) -> Reply:
        """One answer to ``messages``; calls, cache hits and tokens are added to ``usage``."""
        while True:
            mode_index = self._mode
            mode = MODES[mode_index]
            request = self._request(messages, mode)
            k = cache_key(self._server, self.model, system_prompt_version(), request)
            if self.cache is not None and (entry := self.cache.get(k)) is not None:
                usage.cached += 1
                return self._reply(entry.get("content"), entry.get("refusal"), entry.get("finish_reason"))
            try:
                completion = await self._client.chat.completions.create(**request)
            except (openai.BadRequestError, openai.UnprocessableEntityError) as exc:
                usage.calls += 1
                if mode_index + 1 < len(MODES) and self._about_format(exc):
                    # No structured output here: settle on the next mode for the whole run.
                    self._mode = max(self._mode, mode_index + 1)
                    continue
                raise RemoteError(self._status_line(exc)) from None
            except openai.APIError as exc:
                raise RemoteError(self.describe(exc)) from None
            except (ValueError, TypeError, AttributeError):
                # The SDK could not read the body at all (not JSON, not an object).
                usage.calls += 1
                raise ReplyError(f"{self.host} answered with something that is not a chat completion", "", final=True) from None
            usage.calls += 1
            content, refusal, finish_reason = self._read(completion)
            tokens = getattr(completion, "usage", None)
            if tokens is not None:
                usage.prompt_tokens += getattr(tokens, "prompt_tokens", 0) or 0
                usage.completion_tokens += getattr(tokens, "completion_tokens", 0) or 0
            if mode_index and self.cache is not None:
                self.cache.put(self._mode_key, {"mode": mode}, "servers")  # this mode works here: remember it
            if self.cache is not None and finish_reason != "length":
                # Every complete answer is kept, good or not, so a re-run replays the same conversation.
                self.cache.put(k, {"content": content, "refusal": refusal, "finish_reason": finish_reason})
            return self._reply(content, refusal, finish_reason)

    def _read(self, completion: Any) -> tuple[str | None, str | None, str | None]:
        """Content, refusal and finish reason of the first choice, or ReplyError for a body of another shape."""
        choices = getattr(completion, "choices", None)
        message = getattr(choices[0], "message", None) if isinstance(choices, list) and choices else None
        if message is None:
            raise ReplyError(f"{self.host} answered with no usable choice", "", final=True)
        content = getattr(message, "content", None)
        refusal = getattr(message, "refusal", None)
        if content is not None and not isinstance(content, str) or refusal is not None and not isinstance(refusal, str):
            raise ReplyError(f"{self.host} answered with a message that is not text", "", final=True)
        return content, refusal, getattr(choices[0], "finish_reason", None)

    @staticmethod
    def _about_format(exc: openai.APIStatusError) -> bool:
        text = str(exc.body if exc.body is not None else exc.message).lower()
        return any(word in text for word in _FORMAT_WORDS)

    def _reply(self, content: str | None, refusal: str | None, finish_reason: str | None) -> Reply:
        if refusal:
            raise RefusedError(self.redact(" ".join(str(refusal).split())[:200]))
        if finish_reason == "content_filter":
            raise RefusedError("the server's content filter stopped the answer")
        text = content or ""
        if finish_reason == "length":
            raise ReplyError(
                f"the answer was cut off at the token limit ({self.max_tokens}); raise --max-tokens", text, final=True,
            )
        return Reply(parse_reply(text), text)

    def _status_line(self, exc: openai.APIStatusError) -> str:
        detail = ""
        body = exc.body
        if isinstance(body, dict):
            inner = body.get("error", body)
            message = inner.get("message") if isinstance(inner, dict) else None
            if isinstance(message, str):
                detail = ": " + " ".join(message.split())[:160]
        return self.redact(f"{self.host} rejected the request (HTTP {exc.status_code}){detail}")

    def describe(self, exc: openai.APIError) -> str:
        """One line for the user; never the key, never a traceback."""
        tries = f"after {self.max_retries + 1} attempt{'s' if self.max_retries else ''}"
        if isinstance(exc, openai.APITimeoutError):
            text = f"no answer from {self.host} within {self.timeout:g} s {tries}; raise --timeout"
        elif isinstance(exc, openai.APIConnectionError):
            cause = exc.__cause__
            reason = " ".join(str(cause).split())[:120] if cause is not None and str(cause) else "connection failed"
            text = f"cannot connect to {self.host} ({reason}) {tries}"
        elif isinstance(exc, openai.AuthenticationError):
            text = f"{self.host} rejected the API key (HTTP 401); check OPENAI_API_KEY"
        elif isinstance(exc, openai.PermissionDeniedError):
            text = f"{self.host} refused access (HTTP 403); check the key's permissions for model '{self.model}'"
        elif isinstance(exc, openai.NotFoundError):
            text = f"{self.host} has no model '{self.model}' or no chat completions endpoint (HTTP 404)"
        elif isinstance(exc, openai.RateLimitError):
            text = f"{self.host} is rate limiting (HTTP 429) {tries}; wait, or lower --jobs"
        elif isinstance(exc, openai.APIStatusError) and exc.status_code >= 500:
            text = f"{self.host} failed with HTTP {exc.status_code} {tries}"
        elif isinstance(exc, openai.APIStatusError):
            return self._status_line(exc)
        else:
            text = f"{self.host}: {type(exc).__name__}"
        return self.redact(text)
