"""The `input_reference` image is missing, of the wrong format, or the wrong size.

What it does: checks the image named by `input_reference` (a path relative to the prompt
file): it must exist, be one of the formats the target profile takes (JPEG, PNG or WebP for
Sora 2), and have exactly the pixel size of `size` (or of the profile's default size when
`size` is unset). The image header is read with Pillow; the extension is not trusted.
Why: guide, Golden Rule 4 ("Anchor with Images ... first-frame anchors") and API Parameters
(`input_reference`: image file, first-frame anchor). OpenAI's material: the image must be
JPEG, PNG or WebP and match `size`; other images are rejected when the request is made.
Example: size: 1280x720 with input_reference: refs/kitchen.png, a 1024x1024 image.
Use instead: crop or resize the image to 1280x720 first.
"""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from splint.linter.types import Diagnostic, RuleMeta, Settings, Severity
from splint.rules.common import param_span

if TYPE_CHECKING:
    from splint.linter.analysis import Analysis

META = RuleMeta(code="PA009", name="invalid-input-reference", group="parameters", severity=Severity.ERROR)

_FORMATS = {"JPEG": "jpeg", "PNG": "png", "WEBP": "webp", "MPO": "jpeg"}


def _inspect(path: Path) -> tuple[str, tuple[int, int]] | str:
    """(format, (width, height)) of an image, or why it cannot be used."""
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(path) as image:
            return (image.format or "unknown").upper(), image.size
    except FileNotFoundError:
        return "no such file"
    except IsADirectoryError:
        return "is a folder, not an image"
    except UnidentifiedImageError:
        return "is not an image file"
    except OSError as exc:
        return f"cannot be read ({exc.strerror or exc})"


def check(analysis: Analysis, settings: Settings) -> Iterator[Diagnostic]:
    params = analysis.prompt.params
    if params.input_reference is None:
        return
    span, in_file = param_span(analysis, "input_reference")
    profile = settings.profile
    name = params.input_reference
    if profile.input_reference is None:
        yield META.diagnostic(span, f"{profile.name} takes no input reference image", in_file=in_file)
        return
    where = Path(analysis.prompt.path).parent if analysis.prompt.path not in ("-", "<stdin>") else Path()
    found = _inspect(where / name)
    if isinstance(found, str):
        yield META.diagnostic(span, f"input_reference '{name}' {found}", in_file=in_file)
        return
    kind, (width, height) = found
    formats = profile.input_reference.formats
    if _FORMATS.get(kind) not in formats:
        yield META.diagnostic(
            span,
            f"input_reference '{name}' is a {kind} image; {profile.name} takes {', '.join(f.upper() for f in formats)}",
            hint="save it as PNG or JPEG",
            in_file=in_file,
        )
        return
    size = params.size or profile.default_size
    if profile.input_reference.must_match_size and size is not None and f"{width}x{height}" != size:
        told = "`size`" if params.size else "the default size (no `size` set)"
        yield META.diagnostic(
            span,
            f"input_reference '{name}' is {width}x{height} but {told} is {size}; the image must match the video size",
            hint=f"crop or resize the image to {size}",
            in_file=in_file,
        )
