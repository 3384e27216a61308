"""Writing a file so that no reader ever sees half of it, and no failure leaves it half-written.

The one helper every writer uses (``--fix``, ``rewrite --write``, the lint cache, video
downloads): the bytes go to a temporary file in the target's folder, which then replaces the
target with ``os.replace``; on any failure the temporary file is removed and the target is as
it was.
"""
from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO


@contextlib.contextmanager
def replacing(path: Path, *, mode: int | None = None, durable: bool = True, suffix: str = ".splint-tmp") -> Iterator[BinaryIO]:
    """A file to write the new ``path`` into; it replaces ``path`` when the block ends without an
    exception. ``mode`` sets its permissions (a temporary file starts at 0600); ``durable``
    syncs it to disk first (a cache entry does without: a torn one fails validation)."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=suffix, dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            yield handle
            handle.flush()
            if durable:
                os.fsync(handle.fileno())
        if mode is not None:
            os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def replace_atomic(path: Path, data: bytes, mode: int | None = None, *, durable: bool = True) -> None:
    """Replace ``path`` with ``data`` whole."""
    with replacing(path, mode=mode, durable=durable) as handle:
        handle.write(data)


def write_atomic(path: Path, text: str, bom: bool = False) -> None:
    """Replace the existing file ``path`` with ``text`` (UTF-8), keeping its permissions."""
    data = ("\ufeff" if bom else "").encode("utf-8") + text.encode("utf-8")
    replace_atomic(path, data, path.stat().st_mode & 0o7777)
