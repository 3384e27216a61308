"""Replay recorded LLM exchanges (``corpus/rewrite/<case>/exchange.yaml``) over real HTTP.

A handler for pytest-httpserver's server on 127.0.0.1 answers ``POST /v1/chat/completions``
the way an OpenAI-compatible server does: each conversation (found by its draft in the
request) gets its recorded replies in order, so several drafts can be rewritten at once.
Every request is kept, parsed, for the tests to inspect.
"""
from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from werkzeug import Request, Response

ROOT = Path(__file__).resolve().parent.parent
REWRITE_CASES = ROOT / "corpus" / "rewrite"


@dataclass
class Case:
    name: str
    folder: Path
    draft: str
    body: str                       # the draft's prompt text, which the request carries
    expect: str
    replies: list[dict[str, Any]]
    description: str = ""


def load_case(folder: Path) -> Case:
    exchange = yaml.safe_load((folder / "exchange.yaml").read_text(encoding="utf-8"))
    draft = (folder / "draft.prompt").read_text(encoding="utf-8")
    body = draft
    if draft.startswith("---"):
        body = draft.split("\n---", 1)[1].split("\n", 1)[1]
    return Case(folder.name, folder, draft, body.strip(), exchange["expect"], exchange.get("replies") or [],
                exchange.get("description", ""))


def cases() -> list[Case]:
    return [load_case(p) for p in sorted(REWRITE_CASES.iterdir()) if (p / "exchange.yaml").is_file()]


def completion(reply: dict[str, Any], request: dict[str, Any], n: int) -> Response:
    """An OpenAI chat.completion response for one recorded reply."""
    if "raw" in reply:   # a body that is not a chat completion at all
        return Response(reply["raw"], status=200, content_type=reply.get("content_type", "text/html"))
    if "status" in reply:
        headers = {str(k): str(v) for k, v in (reply.get("headers") or {}).items()}
        return Response(json.dumps(reply.get("body", {})), status=int(reply["status"]), headers=headers,
                        content_type="application/json")
    refusal = reply.get("refusal")
    if "layers" in reply:
        content: str | None = json.dumps(reply["layers"], ensure_ascii=False)
    elif refusal is not None:
        content = None
    else:
        content = str(reply["content"])
    prompt_tokens = len(json.dumps(request.get("messages", []))) // 4
    completion_tokens = len(content or refusal or "") // 4 + 1
    body = {
        "id": f"chatcmpl-replay-{n}",
        "object": "chat.completion",
        "created": 1764000000 + n,
        "model": request.get("model", "replay"),
        "choices": [{
            "index": 0,
            "message": {"role": "assistant", "content": content, "refusal": refusal},
            "finish_reason": reply.get("finish_reason", "stop"),
            "logprobs": None,
        }],
        "usage": {"prompt_tokens": prompt_tokens, "completion_tokens": completion_tokens,
                  "total_tokens": prompt_tokens + completion_tokens},
    }
    return Response(json.dumps(body), status=200, content_type="application/json")


@dataclass
class Replayer:
    """The server side of many recorded conversations at once."""

    by_body: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    delay: float = 0.0
    requests: list[dict[str, Any]] = field(default_factory=list)
    headers: list[dict[str, str]] = field(default_factory=list)
    times: list[float] = field(default_factory=list)       # when each request arrived (monotonic)
    _next: dict[str, int] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, body: str, replies: list[dict[str, Any]]) -> None:
        self.by_body[body.strip()] = replies

    def conversation(self, request: dict[str, Any]) -> str | None:
        messages = request.get("messages") or []
        first_user = next((m.get("content", "") for m in messages if m.get("role") == "user"), "")
        for body in self.by_body:
            if f"<<<\n{body}\n>>>" in first_user:
                return body
        return None

    def __call__(self, request: Request) -> Response:
        parsed = json.loads(request.get_data(as_text=True))
        with self._lock:
            self.requests.append(parsed)
            self.times.append(time.monotonic())
            self.headers.append(dict(request.headers))
            n = len(self.requests)
            body = self.conversation(parsed)
            if body is None:
                return Response(json.dumps({"error": {"message": "no recorded conversation for this draft"}}),
                                status=500, content_type="application/json")
            index = self._next.get(body, 0)
            self._next[body] = index + 1
            replies = self.by_body[body]
        if self.delay:
            time.sleep(self.delay)
        if index >= len(replies):
            return Response(json.dumps({"error": {"message": "the recording has no more replies"}}),
                            status=500, content_type="application/json")
        return completion(replies[index], parsed, n)
