"""Screenshot uploads, checked by decoding their content (never by name or declared type) and
re-encoded so that no metadata (EXIF, GPS, comments) or trailing payload survives."""

import io
import warnings

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from PIL import Image, UnidentifiedImageError

MAX_BYTES = 5 * 1024 * 1024
MAX_PIXELS = 40_000_000  # ~ 8000 x 5000; more is a decompression bomb, not a screenshot
FORMATS = {"PNG": "png", "JPEG": "jpg", "WEBP": "webp"}


def clean_screenshot(upload) -> ContentFile:
    """A re-encoded copy of an uploaded PNG, JPEG or WebP, or a ValidationError that says why."""
    name = upload.name
    if upload.size > MAX_BYTES:
        raise ValidationError(f"{name} is larger than 5 MB.")
    data = upload.read()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as probe:
                kind = probe.format
                if kind not in FORMATS:
                    raise ValidationError(f"{name} is not a PNG, JPEG or WebP image.")
                if probe.width * probe.height > MAX_PIXELS:
                    raise ValidationError(f"{name} has too many pixels for a screenshot.")
                probe.verify()
            with Image.open(io.BytesIO(data)) as image:
                image.load()
                return _reencode(image, kind)
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
    XMP and text chunks only when they are in the image's info, which is emptied here)."""
    clean = image.copy()
    transparency = image.info.get("transparency")
    clean.info = {} if transparency is None else {"transparency": transparency}
    if kind == "JPEG" and clean.mode not in ("RGB", "L"):
        clean = clean.convert("RGB")
    output = io.BytesIO()
    clean.save(output, format=kind)
    return ContentFile(output.getvalue(), name=f"screenshot.{FORMATS[kind]}")
