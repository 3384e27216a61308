"""Replay recorded ``/v1/videos`` exchanges (``corpus/generate/<case>/exchange.yaml``) over real HTTP.

One handler for pytest-httpserver's server on 127.0.0.1 plays an OpenAI-compatible video
server: ``POST /v1/videos`` (multipart) and ``POST /v1/videos/{id}/remix`` (JSON) find their
case by the prompt they carry and answer with its recorded ``create``; ``GET /v1/videos/{id}``
answers the case's ``polls`` in order (the last one repeats); ``GET /v1/videos/{id}/content``
serves the recorded file, or cuts it off. Every request is kept for the tests to inspect.
"""
from __future__ import annotations

import json
import re
import socket
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from werkzeug import Request, Response

ROOT = Path(__file__).resolve().parent.parent
GENERATE_CASES = ROOT / "corpus" / "generate"
MEDIA = GENERATE_CASES / "media"


@dataclass
class VideoCase:
    name: str
    folder: Path
    prompt_file: Path
    body: str                        # the prompt text the request carries
    exchange: dict[str, Any]

    @property
    def expect(self) -> dict[str, Any]:
        return self.exchange["expect"]

    @property
    def args(self) -> list[str]:
        return [str(a) for a in self.exchange.get("args") or []]

    @property
    def video_id(self) -> str | None:
        """The id of the job the server creates (None when every create answer is an error)."""
        create = self.exchange["create"]
        answers = create if isinstance(create, list) else [create]
        body = answers[-1].get("body")
        found = body.get("id") if isinstance(body, dict) else None
        return str(found) if found is not None else None


def load_case(folder: Path) -> VideoCase:
    exchange = yaml.safe_load((folder / "exchange.yaml").read_text(encoding="utf-8"))
    prompt_file = folder / "prompt.prompt"
    text = prompt_file.read_text(encoding="utf-8")
    body = text.split("\n---", 1)[1].split("\n", 1)[1] if text.startswith("---") else text
    return VideoCase(folder.name, folder, prompt_file, body.strip(), exchange)


def cases() -> list[VideoCase]:
    return [load_case(p) for p in sorted(GENERATE_CASES.iterdir()) if (p / "exchange.yaml").is_file()]


def _json(answer: dict[str, Any]) -> Response:
    headers = {str(k): str(v) for k, v in (answer.get("headers") or {}).items()}
    return Response(json.dumps(answer.get("body", {})), status=int(answer.get("status", 200)), headers=headers,
                    content_type="application/json")


@dataclass
class Seen:
    method: str
    path: str
    headers: dict[str, str]
    content_type: str
    form: dict[str, str] = field(default_factory=dict)
    files: dict[str, tuple[str, str, bytes]] = field(default_factory=dict)   # name -> (filename, type, bytes)
    json: dict[str, Any] | None = None
    query: dict[str, str] = field(default_factory=dict)


@dataclass
class VideoReplayer:
    """The server side of many recorded video jobs at once."""

    by_prompt: dict[str, VideoCase] = field(default_factory=dict)
    by_id: dict[str, VideoCase] = field(default_factory=dict)
    seen: list[Seen] = field(default_factory=list)
    create_delay: float = 0.0
    fallback: VideoCase | None = None    # answers a prompt no case carries (a rewrite's new text)
    poll_delay: float = 0.0              # a server slow to answer polls
    active: set[str] = field(default_factory=set)     # jobs created whose video is not yet fetched
    max_active: int = 0
    _creates: dict[str, int] = field(default_factory=dict)
    _polls: dict[str, int] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    url: str = ""

    def add(self, case: VideoCase) -> None:
        self.by_prompt[case.body] = case
        if case.video_id is not None:
            self.by_id[case.video_id] = case

    def requests(self, method: str | None = None, path: str | None = None) -> list[Seen]:
        return [s for s in self.seen if (method is None or s.method == method) and (path is None or re.fullmatch(path, s.path))]

    def __call__(self, request: Request) -> Response:
        seen = Seen(request.method, request.path, dict(request.headers), request.content_type or "",
                    query=dict(request.args))
        if request.mimetype == "multipart/form-data":
            seen.form = dict(request.form)
            seen.files = {k: (f.filename or "", f.mimetype, f.read()) for k, f in request.files.items()}
        elif request.mimetype == "application/json":
            seen.json = json.loads(request.get_data(as_text=True))
        with self._lock:
            self.seen.append(seen)
        parts = request.path.rstrip("/").split("/")   # ['', 'v1', 'videos', id?, action?]
        if request.method == "POST" and len(parts) in (3, 5):
            prompt = (seen.form.get("prompt") if seen.json is None else seen.json.get("prompt")) or ""
            case = self.by_prompt.get(prompt.strip(), self.fallback)
            if case is None:
                return _json({"status": 500, "body": {"error": {"message": "no recorded job for this prompt"}}})
            if self.create_delay:
                import time

                time.sleep(self.create_delay)
            create = case.exchange["create"]
            answers = create if isinstance(create, list) else [create]
            with self._lock:
                n = self._creates.get(case.name, 0)
                self._creates[case.name] = n + 1
                answer = answers[min(n, len(answers) - 1)]
                if int(answer.get("status", 200)) == 200 and case.video_id is not None:
                    self.active.add(case.video_id)
                    self.max_active = max(self.max_active, len(self.active))
            return _json(answer)
        case = self.by_id.get(parts[3]) if len(parts) >= 4 else None
        if case is None:
            return _json({"status": 404, "body": {"error": {"message": "no such video", "code": "not_found"}}})
        if request.method == "GET" and len(parts) == 4:
            if self.poll_delay:
                import time

                time.sleep(self.poll_delay)
            polls = case.exchange.get("polls") or []
            with self._lock:
                n = self._polls.get(case.name, 0)
                self._polls[case.name] = n + 1
            return _json(polls[min(n, len(polls) - 1)])
        if request.method == "GET" and parts[4:] == ["content"]:
            asset = case.exchange.get("thumbnail" if request.args.get("variant") == "thumbnail" else "content")
            if asset is None:
                return _json({"status": 404, "body": {"error": {"message": "no such asset"}}})
            if request.args.get("variant", "video") == "video":
                with self._lock:
                    self.active.discard(parts[3])
            return self._content(asset)
        return _json({"status": 404, "body": {"error": {"message": f"no route {request.method} {request.path}"}}})

    @staticmethod
    def _content(asset: dict[str, Any]) -> Response:
        data = (MEDIA / asset["file"]).read_bytes() if "file" in asset else str(asset.get("body", "")).encode("utf-8")
        kind = asset.get("content_type", "application/octet-stream")
        status = int(asset.get("status", 200))
        if "cut_after" not in asset:
            return Response(data, status=status, content_type=kind)
        cut = int(asset["cut_after"])

        def stream():
            yield data[:cut]
            # Drop the connection as a failing server or proxy would: the client sees fewer
            # bytes than Content-Length promised.
            raise ConnectionAbortedError("recorded cut-off")

        response = Response(stream(), status=status, content_type=kind, direct_passthrough=True)
        response.headers["Content-Length"] = str(len(data))
        return response


def free_port() -> int:
    """A port nothing listens on (for 'connection refused')."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]
