"""Screenshot uploads, checked by decoding their content (never by name or declared type) and
re-encoded so that no metadata (EXIF, GPS, comments) or trailing payload survives.

What one upload may cost is bounded before any pixel is decoded, from the sizes the images'
headers declare: each image's decoding memory, and the pixels of the whole request (CPU).
The figures are measured by scripts/upload_cost.py (see the README)."""

import io
import warnings
from contextlib import contextmanager
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from PIL import Image, UnidentifiedImageError

MAX_BYTES = 5 * 1024 * 1024
FORMATS = {"PNG": "png", "JPEG": "jpg", "WEBP": "webp"}

# Peak memory of decoding and re-encoding one image, in bytes per pixel (Pillow 13): PNGs and
# baseline JPEGs decode into 4 bytes a pixel; a progressive JPEG also holds its coefficients,
# a CMYK one is converted to RGB beside itself, and Pillow's WebP decoder keeps three copies.
PEAK_BYTES_PER_PIXEL = {"PNG": 4.5, "JPEG": 4.5, "progressive or CMYK JPEG": 12.5, "WebP": 19}
# One image at a time is decoded: this bounds a request's memory, with what it uploaded.
MAX_IMAGE_MEMORY = 64 * 1024 * 1024
# Decoding and re-encoding take 6 to 80 ns a pixel (JPEG to WebP): this bounds a request's
# CPU to about a second, with what five files of noise cost (about 0.2 s each).
MAX_REQUEST_PIXELS = 12_000_000
FOUR_K = 3840 * 2160


@dataclass
class Probe:
    """What an upload's header says, read without decoding a pixel."""

    upload: object
    kind: str  # a key of FORMATS
    label: str  # a key of PEAK_BYTES_PER_PIXEL
    width: int
    height: int

    @property
    def pixels(self) -> int:
        return self.width * self.height

    @property
    def max_pixels(self) -> int:
        return min(int(MAX_IMAGE_MEMORY / PEAK_BYTES_PER_PIXEL[self.label]), MAX_REQUEST_PIXELS)


def clean_screenshots(uploads) -> list[ContentFile]:
    """Re-encoded copies of uploaded PNG, JPEG or WebP images, or a ValidationError that says
    what is wrong with each. Every header is read first: a request over a limit is refused
    before anything is decoded."""
    probes = _each(probe_screenshot, uploads)
    total = sum(probe.pixels for probe in probes)
    if total > MAX_REQUEST_PIXELS:
        raise ValidationError(
            f"These screenshots have {_millions(total)} million pixels together; one upload "
            f"takes at most {_millions(MAX_REQUEST_PIXELS)} million. Attach some now (Preview "
            "keeps them) and the others next, or make them smaller."
        )
    return _each(_decode_and_reencode, probes)


def _each(function, items) -> list:
    """`function` of every item, or one ValidationError with the messages of all that fail."""
    results, errors = [], []
    for item in items:
        try:
            results.append(function(item))
        except ValidationError as error:
            errors.extend(error.messages)
    if errors:
        raise ValidationError(errors)
    return results


def probe_screenshot(upload) -> Probe:
    name = upload.name
    if upload.size > MAX_BYTES:
        raise ValidationError(f"{name} is larger than 5 MB.")
    with _reading(name), Image.open(io.BytesIO(upload.read())) as probe:
        kind = probe.format
        if kind not in FORMATS:
            raise ValidationError(f"{name} is not a PNG, JPEG or WebP image.")
        label = {"WEBP": "WebP"}.get(kind, kind)
        if kind == "JPEG" and (probe.mode == "CMYK" or probe.info.get("progressive")):
            label = "progressive or CMYK JPEG"
        found = Probe(upload, kind, label, probe.width, probe.height)
        if found.pixels > found.max_pixels:
            raise ValidationError(
                f"{name} is {found.width} × {found.height} pixels ({_millions(found.pixels)} "
                f"million); a {label} screenshot may have {_millions(found.max_pixels)} million "
                f"at most (a 4K screen has {_millions(FOUR_K)}). Make it smaller."
            )
        probe.verify()
    return found


def _decode_and_reencode(probe: Probe) -> ContentFile:
    probe.upload.seek(0)
    with _reading(probe.upload.name), Image.open(io.BytesIO(probe.upload.read())) as image:
        image.load()
        return _reencode(image, probe.kind)


@contextmanager
def _reading(name: str):
    """What Pillow raises on a bad file, as a ValidationError that names it."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            yield
    except ValidationError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ValidationError(f"{name} has too many pixels for a screenshot.") from None
    except UnidentifiedImageError:
        raise ValidationError(f"{name} is not a PNG, JPEG or WebP image.") from None
    except (OSError, SyntaxError, ValueError):
        raise ValidationError(f"{name} is damaged and cannot be read as an image.") from None


def _reencode(image: Image.Image, kind: str) -> ContentFile:
    """Pixels only: a fresh encode with no metadata carried over (Pillow writes EXIF, ICC,
    XMP and text chunks only when they are in the image's info, which is emptied here). The
    decoded image itself is encoded, not a copy: a copy would double the memory."""
    transparency = image.info.get("transparency")
    image.info = {} if transparency is None else {"transparency": transparency}
    if kind == "JPEG" and image.mode not in ("RGB", "L"):
        image = image.convert("RGB")
    output = io.BytesIO()
    image.save(output, format=kind)
    return ContentFile(output.getvalue(), name=f"screenshot.{FORMATS[kind]}")


def _millions(pixels: int) -> str:
    return f"{pixels / 1_000_000:.1f}".removesuffix(".0")
