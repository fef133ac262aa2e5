"""Representatives' photos: resized, re-encoded and stripped of metadata (EXIF can carry
the place and the device a photo was taken with)."""

import io
import uuid
import warnings

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_SIZE = (600, 750)
MAX_UPLOAD_BYTES = 8 * 1024 * 1024
# Only the formats a camera or a phone produces: every other decoder stays out of reach
# (EPS would hand the file to Ghostscript).
FORMATS = ("JPEG", "PNG", "WEBP")
# A 48-megapixel phone photo fits; a small file that unpacks into gigabytes does not.
MAX_PIXELS = 50_000_000


def disable_ghostscript() -> None:
    """Pillow hands EPS files to Ghostscript, whose sandbox has had published escapes.
    Photos never need it; no other code path may reach it either."""
    from PIL import EpsImagePlugin

    EpsImagePlugin.gs_binary = False


def clean_photo(upload) -> ContentFile:
    """Return the upload as a JPEG of at most 600×750 pixels with no metadata."""
    if upload.size > MAX_UPLOAD_BYTES:
        raise ValidationError(_("The photo is larger than 8 MB."))
    unreadable = ValidationError(_("This file is not a photo we can read (JPEG, PNG or WebP)."))
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image: Image.Image = Image.open(upload, formats=FORMATS)
            width, height = image.size  # read from the header, before any pixel
            if width * height > MAX_PIXELS:
                raise ValidationError(_("The photo has too many pixels (50 megapixels at most)."))
            image.load()
    except (
        UnidentifiedImageError,
        OSError,
        Image.DecompressionBombError,
        Image.DecompressionBombWarning,
    ) as error:
        raise unreadable from error
    image = ImageOps.exif_transpose(image).convert("RGB")
    image.thumbnail(MAX_SIZE)
    # A fresh image holds pixels only: no EXIF, GPS or ICC data is carried over.
    clean = Image.new("RGB", image.size)
    clean.paste(image)
    buffer = io.BytesIO()
    clean.save(buffer, format="JPEG", quality=85, optimize=True)
    return ContentFile(buffer.getvalue(), name=f"{uuid.uuid4().hex}.jpg")
