"""An OpenAI-compatible ``/v1/videos`` server, through the ``openai`` SDK.

Create (multipart, with an optional reference image) or remix (JSON), poll until the job is
done or the deadline passes, and stream the MP4 into a temporary file next to its final name
that replaces it only when every byte arrived. Every failure leaves here as one
``VideoError`` line with the API key scrubbed out and no partial file behind.
"""
from __future__ import annotations

import asyncio
import hashlib
import importlib
import mimetypes
import re
import time
import uuid
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import openai
from splint.linter.files import replacing
from splint.rewriter.engine import host_of, redact

# The SDK marks its Videos resource deprecated since OpenAI's own Sora API shut down; the same
# calls are how every compatible server is reached, so the warning says nothing to a user.
warnings.filterwarnings("ignore", message="The Sora API is scheduled", category=DeprecationWarning)



def _transport_errors() -> tuple[type[Exception], ...]:
    """What the SDK's HTTP client raises when a body stops short (httpx2 for openai 3, httpx before)."""
    found: list[type[Exception]] = []
    for name in ("httpx2", "httpx"):
        try:
            found.append(importlib.import_module(name).HTTPError)
        except (ImportError, AttributeError):
            continue
    return tuple(found)


_TRANSPORT_ERRORS = _transport_errors()
Kind = Literal["rejected", "failed", "timeout", "error"]
_MODERATION = ("moderation", "content_policy", "safety", "blocked")
_CHUNK = 1 << 16
MIN_POLL_INTERVAL = 0.25      # a server asking for 0 ms does not get a busy loop
VIDEO_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.:-]{0,199}$")   # what may go into a URL path and a file name
DEFAULT_POLL_INTERVAL = 1.0   # seconds, as the SDK's own poll helper, unless the server sends openai-poll-after-ms


class VideoError(Exception):
    """A video that did not arrive: one line, and what kind of failure it was."""

    def __init__(self, kind: Kind, message: str, video_id: str | None = None) -> None:
        super().__init__(message)
        self.kind = kind
        self.video_id = video_id


@dataclass(frozen=True, slots=True)
class Download:
    path: Path
    size: int
    sha256: str
    seconds: float


Progress = Callable[[str, int], None]   # status, percent


def is_mp4(head: bytes) -> bool:
    """An ISO base media file opens with a box whose type is ``ftyp`` (``free``/``skip`` may come first)."""
    return len(head) >= 8 and head[4:8] in (b"ftyp", b"free", b"skip", b"wide", b"mdat", b"moov")


def percent_of(video: Any) -> int:
    """The server's ``progress`` as 0-100, whatever shape it came in (12, 12.5, "12%")."""
    raw = getattr(video, "progress", 0)
    try:
        return max(0, min(100, int(float(str(raw).strip().rstrip("%")))))
    except (TypeError, ValueError):
        return 0


def _moderated(code: object, message: object) -> bool:
    text = f"{code or ''} {message or ''}".lower()
    return any(word in text for word in _MODERATION)


class VideoServer:
    """One server for a run: its client, its host for messages, the key to keep out of them."""

    def __init__(self, base_url: str, api_key: str, timeout: float = 60.0, max_retries: int = 2,
                 poll_interval: float | None = None) -> None:
        self.host = host_of(base_url)
        self.base_url = base_url
        self.max_retries = max_retries
        self.poll_interval = poll_interval
        self._timeout = timeout
        self._key = api_key
        self._client = openai.AsyncOpenAI(api_key=api_key, base_url=base_url, timeout=timeout, max_retries=max_retries)

    async def close(self) -> None:
        await self._client.close()

    def redact(self, text: str) -> str:
        """Server text made safe to print: no key, no control characters, one line."""
        text = "".join(ch if ch.isprintable() else " " for ch in redact(text, self._key))
        return " ".join(text.split())

    # --- the calls -------------------------------------------------------------------------

    async def submit(self, request: dict[str, Any], reference: Path | None = None) -> tuple[Any, float]:
        """``videos.create`` (or ``videos.remix`` when the request names ``remix_id``): the new job,
        and the seconds to wait before asking about it."""
        # The SDK retries a create that timed out or met a 5xx; the key lets a server that
        # honours it run the job once, not once per attempt (each one is paid for).
        once = {"Idempotency-Key": f"splint-{uuid.uuid4()}"}
        try:
            if request.get("remix_id"):
                raw = await self._client.videos.with_raw_response.remix(
                    str(request["remix_id"]), prompt=str(request["prompt"]), extra_headers=once)
            else:
                fields = {k: request[k] for k in ("model", "prompt", "size", "seconds") if request.get(k) is not None}
                if reference is not None:
                    kind = mimetypes.guess_type(reference.name)[0] or "application/octet-stream"
                    fields["input_reference"] = (reference.name, reference.read_bytes(), kind)
                raw = await self._client.videos.with_raw_response.create(**fields, extra_headers=once)
            return self._job(raw.parse(), "the request"), self._poll_after(raw.headers)
        except openai.APIError as exc:
            raise self._error(exc, "the request") from None
        except OSError as exc:
            raise VideoError("error", f"cannot read the input reference {reference} ({exc.strerror or exc})") from None
        except (ValueError, TypeError, AttributeError):
            raise VideoError("error", f"{self.host} answered with something that is not a video job") from None

    def _job(self, video: Any, what: str) -> Any:
        """The answer, if it is a video job with a usable id; else one line."""
        video_id = getattr(video, "id", None)
        if not isinstance(video_id, str) or not VIDEO_ID.match(video_id):
            raise VideoError("error", f"{self.host} answered {what} with something that is not a video job"
                             + (" (no usable id)" if video_id is not None or hasattr(video, "status") else ""))
        return video

    def _poll_after(self, headers: Any) -> float:
        """Seconds until the next poll: --poll-interval, else what the server asks, else the SDK's 1 s."""
        if self.poll_interval is not None:
            return self.poll_interval
        after = headers.get("openai-poll-after-ms")
        if after is not None and after.isdigit():
            return min(max(int(after) / 1000, MIN_POLL_INTERVAL), 60.0)
        return DEFAULT_POLL_INTERVAL

    async def wait(self, video: Any, timeout: float, progress: Progress | None = None,
                   interval: float = DEFAULT_POLL_INTERVAL) -> Any:
        """Poll ``videos.retrieve`` until the job completes; a failed job or ``timeout`` s is a VideoError."""
        deadline = time.monotonic() + timeout
        video_id = str(video.id)
        while True:
            status = getattr(video, "status", None)
            if progress is not None:
                progress(str(status), percent_of(video))
            if status == "completed":
                return video
            if status == "failed":
                raise self._failed(video)
            if status not in ("queued", "in_progress"):
                shown = self.redact(repr(status))[:40]
                raise VideoError("error", f"{self.host} reported an unknown status {shown} for {video_id}", video_id)
            left = deadline - time.monotonic()
            if left <= 0:
                raise VideoError("timeout", f"timed out after {timeout:g} s waiting for {video_id} ({status}, "
                                 f"{percent_of(video)}%); it may still finish on the server", video_id)
            await asyncio.sleep(min(interval, left))
            try:
                # A poll that hangs counts against --timeout too.
                async with asyncio.timeout(max(deadline - time.monotonic(), 1.0)):
                    raw = await self._client.videos.with_raw_response.retrieve(video_id)
                video = self._job(raw.parse(), f"a poll of {video_id}")
                if str(video.id) != video_id:
                    raise VideoError("error", f"{self.host} answered a poll of {video_id} about another video", video_id)
            except TimeoutError:
                raise VideoError("timeout", f"timed out after {timeout:g} s waiting for {video_id} (the server did "
                                 "not answer a poll); it may still finish on the server", video_id) from None
            except openai.APIError as exc:
                raise self._error(exc, f"polling {video_id}", video_id) from None
            except (ValueError, TypeError, AttributeError):
                raise VideoError("error", f"{self.host} answered a poll of {video_id} with something that is not "
                                 "a video job", video_id) from None
            interval = self._poll_after(raw.headers)

    def _check_download(self, headers: Any, video_id: str, variant: str, declared: str | None, size: int, head: bytes) -> None:
        """Raise when a downloaded asset is cut off, empty or not what was asked for."""
        what = "video" if variant == "video" else "thumbnail"
        encoded = headers.get("content-encoding", "identity").lower() not in ("", "identity")
        if declared is not None and declared.isdigit() and int(declared) != size and not encoded:
            raise VideoError("error", f"the {what} download of {video_id} was cut off after {size:,} of "
                             f"{int(declared):,} bytes; nothing written", video_id)
        if size == 0:
            raise VideoError("error", f"{self.host} sent an empty {what} for {video_id}; nothing written", video_id)
        kind = headers.get("content-type", "unknown type").split(";")[0].strip()
        if variant == "video" and not is_mp4(head):
            raise VideoError("error", f"{self.host} sent {kind} for {video_id}, not an MP4; nothing written", video_id)
        if variant == "thumbnail" and not kind.startswith("image/"):
            raise VideoError("error", f"{self.host} sent {kind} for the thumbnail of {video_id}, not an image", video_id)

    async def download(self, video_id: str, target: Path, variant: Literal["video", "thumbnail"] = "video") -> Download:
        """Stream one asset to ``target`` atomically: the file is there whole, or not at all."""
        started = time.monotonic()
        size = 0
        declared: str | None = None
        try:
            async with self._client.videos.with_streaming_response.download_content(video_id, variant=variant) as resp:
                declared = resp.headers.get("content-length")
                digest = hashlib.sha256()
                head = b""
                # the asset replaces ``target`` only once it is whole and what was asked for
                with replacing(target, suffix=".part") as out:
                    async for chunk in resp.iter_bytes(_CHUNK):
                        if len(head) < 16:
                            head += chunk[:16]
                        digest.update(chunk)
                        size += len(chunk)
                        out.write(chunk)
                    self._check_download(resp.headers, video_id, variant, declared, size, head)
            return Download(target, size, digest.hexdigest(), time.monotonic() - started)
        except openai.APIError as exc:
            raise self._error(exc, f"downloading {video_id}", video_id) from None
        except (ValueError, TypeError, AttributeError):
            raise VideoError("error", f"the download of {video_id} failed: {self.host} answered with something "
                             "unreadable; nothing written", video_id) from None
        except _TRANSPORT_ERRORS as exc:
            of = f" of {int(declared):,}" if declared is not None and declared.isdigit() else ""
            reason = f"after {size:,}{of} bytes" if size else f"({self.redact(str(exc))[:120] or type(exc).__name__})"
            raise VideoError("error", f"the download of {video_id} was cut off {reason}; nothing written", video_id) from None
        except OSError as exc:
            raise VideoError("error", f"cannot write {target} ({exc.strerror or exc}); nothing written", video_id) from None

    # --- one line per failure ----------------------------------------------------------------

    def _failed(self, video: Any) -> VideoError:
        error = getattr(video, "error", None)
        code = getattr(error, "code", None) if error is not None else None
        message = getattr(error, "message", None) if error is not None else None
        detail = self.redact(f"{code}: {message}" if code and message else str(message or code or "no reason given"))[:200]
        if _moderated(code, message):
            return VideoError("rejected", f"rejected by moderation ({video.id}): {detail}", str(video.id))
        return VideoError("failed", f"generation failed ({video.id}): {detail}", str(video.id))

    def _error(self, exc: openai.APIError, doing: str, video_id: str | None = None) -> VideoError:
        tries = f"after {self.max_retries + 1} attempt{'s' if self.max_retries else ''}"
        if isinstance(exc, openai.APITimeoutError):
            return VideoError("error", f"no answer from {self.host} to {doing} within {self._timeout:g} s {tries}", video_id)
        if isinstance(exc, openai.APIConnectionError):
            cause = exc.__cause__
            reason = " ".join(str(cause).split())[:120] if cause is not None and str(cause) else "connection failed"
            return VideoError("error", self.redact(f"cannot connect to {self.host} ({reason}) {tries}"), video_id)
        if not isinstance(exc, openai.APIStatusError):
            return VideoError("error", self.redact(f"{self.host}: {type(exc).__name__}"), video_id)
        body = exc.body
        inner = body.get("error", body) if isinstance(body, dict) else None
        code = inner.get("code") if isinstance(inner, dict) else None
        message = inner.get("message") if isinstance(inner, dict) else None
        detail = f": {self.redact(str(message))[:160].rstrip('.')}" if isinstance(message, str) and message.strip() else ""
        status = exc.status_code
        if status == 400 and _moderated(code, message):
            return VideoError("rejected", f"rejected by moderation (HTTP 400){detail}", video_id)
        if status == 401:
            return VideoError("error", f"{self.host} rejected the API key (HTTP 401){detail}; "
                              "check SPLINT_VIDEO_API_KEY or OPENAI_API_KEY", video_id)
        if status == 429:
            return VideoError("error", f"{self.host} is rate limiting (HTTP 429) {tries}{detail}; wait, or lower --jobs", video_id)
        if status >= 500:
            return VideoError("error", f"{self.host} failed with HTTP {status} {tries}{detail}", video_id)
        return VideoError("error", f"{self.host} rejected {doing} (HTTP {status}){detail}", video_id)
