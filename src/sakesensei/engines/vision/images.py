"""Uploaded photos made safe: the type from the bytes, limits on size, orientation, no metadata.

A photo is checked before it is decoded (bytes, then the pixel count from the header), so a
small file that would expand to gigabytes of pixels is refused without being expanded.
"""

from __future__ import annotations

import io
import math
import warnings
from dataclasses import dataclass

from PIL import Image, ImageOps, UnidentifiedImageError

from sakesensei.domain.errors import InvalidInput, TooLarge, UnsupportedMedia

DEFAULT_MAX_BYTES = 10 * 1024 * 1024
DEFAULT_MAX_PIXELS = 40_000_000

_ACCEPTED = {"jpeg": "image/jpeg", "png": "image/png", "webp": "image/webp"}

# Leading bytes of formats people send by mistake, to say what the file is instead.
_KNOWN_OTHERS = (
    (b"PK\x03\x04", "a ZIP archive"),
    (b"%PDF", "a PDF document"),
    (b"GIF8", "a GIF image"),
    (b"BM", "a BMP image"),
    (b"II*\x00", "a TIFF image"),
    (b"MM\x00*", "a TIFF image"),
    (b"\x1f\x8b", "a gzip file"),
)


def sniff(data: bytes) -> str | None:
    """jpeg, png or webp from the first bytes; None for anything else."""
    if data[:3] == b"\xff\xd8\xff":
        return "jpeg"
    if data[:8] == b"\x89PNG\r\n\x1a\n":
        return "png"
    if len(data) >= 12 and data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "webp"
    return None


def _describe(data: bytes) -> str:
    head = data[:16]
    if b"ftypheic" in head or b"ftypheix" in head or b"ftypmif1" in head:
        return "a HEIC photo (set the camera to 'Most Compatible' or export as JPEG)"
    for magic, what in _KNOWN_OTHERS:
        if head.startswith(magic):
            return what
    return "not an image we can read"


@dataclass(frozen=True, slots=True)
class Photo:
    """A decoded, upright photo and the format it came in."""

    image: Image.Image  # RGB
    kind: str  # jpeg | png | webp

    @property
    def content_type(self) -> str:
        return _ACCEPTED[self.kind]


def open_photo(
    data: bytes,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_pixels: int = DEFAULT_MAX_PIXELS,
    needed_side: int | None = None,
) -> Photo:
    """Check and decode an upload; every refusal says what was wrong and what is accepted.

    With needed_side, a JPEG may be decoded at a half, a quarter or an eighth of its size
    when that still leaves at least that many pixels on its longest side: a 12-megapixel
    phone photo read for OCR then costs a fraction of its full decode.
    """
    if not data:
        raise InvalidInput("the file is empty; send a JPEG, PNG or WebP photo of the label")
    if len(data) > max_bytes:
        raise TooLarge(
            f"the file is {len(data) / 1e6:.1f} MB; the limit is {max_bytes / 1e6:.0f} MB"
        )
    kind = sniff(data)
    if kind is None:
        raise UnsupportedMedia(f"the file is {_describe(data)}; send a JPEG, PNG or WebP photo")
    with warnings.catch_warnings():
        # Pillow warns, then raises, on huge images; our own limit below comes first.
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        try:
            image = Image.open(io.BytesIO(data), formats=[kind.upper()])
        except (UnidentifiedImageError, OSError, ValueError, SyntaxError) as exc:
            raise InvalidInput(
                f"the file starts like a {kind.upper()} image but cannot be read ({exc}); "
                "it may be damaged — take or export the photo again"
            ) from exc
        except Image.DecompressionBombError as exc:
            raise TooLarge(
                f"the image has too many pixels; the limit is {_mp(max_pixels)}"
            ) from exc
        width, height = image.size
        if width * height > max_pixels:
            raise TooLarge(
                f"the image is {width} × {height} pixels ({_mp(width * height)}); "
                f"the limit is {_mp(max_pixels)}"
            )
        if width < 16 or height < 16:
            raise InvalidInput(f"the image is only {width} × {height} pixels; nothing can be read")
        if needed_side is not None and kind == "jpeg":
            scale = max(width, height) / needed_side
            if scale >= 2:
                image.draft("RGB", (math.ceil(width / scale), math.ceil(height / scale)))
        try:
            image.load()
            upright = ImageOps.exif_transpose(image)
        except (OSError, ValueError, SyntaxError) as exc:
            raise InvalidInput(
                f"the {kind.upper()} image is damaged or incomplete ({exc}); "
                "take or export the photo again"
            ) from exc
    return Photo(upright.convert("RGB"), kind)


def _mp(pixels: int) -> str:
    return f"{pixels / 1e6:.0f} megapixels"


def shrink(image: Image.Image, longest_side: int) -> Image.Image:
    """A copy no longer than `longest_side` on either side (the same image when it already is)."""
    width, height = image.size
    scale = longest_side / max(width, height)
    if scale >= 1:
        return image
    size = (max(1, round(width * scale)), max(1, round(height * scale)))
    # Reduce by whole factors first, then filter the last step: near Lanczos quality for
    # text at a fraction of the time on a phone photo.
    return image.resize(size, Image.Resampling.BICUBIC, reducing_gap=2.0)


def stored_jpeg(image: Image.Image, longest_side: int = 2048, quality: int = 85) -> bytes:
    """The photo as kept: upright, bounded in size, re-encoded with no EXIF (so no location)."""
    out = io.BytesIO()
    shrink(image, longest_side).save(out, "JPEG", quality=quality, optimize=True)
    return out.getvalue()
