"""A representative's photo: only camera formats reach a decoder, and no small file may
unpack into gigabytes."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from PIL import Image

from jisr.parliament.photos import clean_photo

# A minimal EPS document: Pillow would hand it to Ghostscript if it were let through.
EPS = b"%!PS-Adobe-3.0 EPSF-3.0\n%%BoundingBox: 0 0 10 10\nnewpath 0 0 moveto showpage\n%%EOF\n"


def upload(data: bytes, name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="image/jpeg")


def encoded(image: Image.Image, format: str) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format=format)
    return buffer.getvalue()


@pytest.mark.parametrize("format", ["JPEG", "PNG", "WEBP"])
def test_a_camera_photo_becomes_a_small_jpeg(format):
    photo = clean_photo(upload(encoded(Image.new("RGB", (1200, 1500), "#0b6e4f"), format), "p"))
    result = Image.open(io.BytesIO(photo.read()))
    assert result.format == "JPEG" and result.size == (600, 750)


@pytest.mark.parametrize(
    "data",
    [
        EPS,
        encoded(Image.new("RGB", (40, 40)), "GIF"),
        encoded(Image.new("RGB", (40, 40)), "TIFF"),
        encoded(Image.new("RGB", (40, 40)), "BMP"),
    ],
    ids=["eps", "gif", "tiff", "bmp"],
)
def test_other_formats_never_reach_a_decoder(data):
    with translation.override("en"), pytest.raises(ValidationError, match="JPEG, PNG or WebP"):
        clean_photo(upload(data, "photo.jpg"))


def test_a_small_file_with_too_many_pixels_is_refused_before_decoding():
    bomb = encoded(Image.new("1", (10_000, 8_000)), "PNG")  # 80 megapixels, a few KB
    assert len(bomb) < 200_000
    with translation.override("en"), pytest.raises(ValidationError, match="too many pixels"):
        clean_photo(upload(bomb, "photo.png"))


def test_ghostscript_is_switched_off_when_jisr_starts():
    from PIL import EpsImagePlugin

    # Set at start-up (None would mean "look for it on first use").
    assert EpsImagePlugin.gs_binary is False
