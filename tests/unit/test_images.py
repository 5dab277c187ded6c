"""Photo intake: the type from the bytes, limits before decoding, upright, no metadata kept."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from sakesensei.domain.errors import InvalidInput, TooLarge, UnsupportedMedia
from sakesensei.engines.vision.images import open_photo, shrink, sniff, stored_jpeg
from tests.support import bad_images


def test_the_type_comes_from_the_bytes() -> None:
    png = io.BytesIO()
    Image.new("RGB", (32, 32)).save(png, "PNG")
    webp = io.BytesIO()
    Image.new("RGB", (32, 32)).save(webp, "WEBP")
    assert sniff(bad_images.jpeg()) == "jpeg"
    assert sniff(png.getvalue()) == "png"
    assert sniff(webp.getvalue()) == "webp"
    assert sniff(b"GIF89a....") is None
    assert open_photo(webp.getvalue()).content_type == "image/webp"


def test_a_zip_renamed_jpg_is_named_for_what_it_is() -> None:
    with pytest.raises(UnsupportedMedia, match="ZIP archive"):
        open_photo(bad_images.zip_named_jpg())


def test_text_is_not_an_image() -> None:
    with pytest.raises(UnsupportedMedia, match="JPEG, PNG or WebP"):
        open_photo(b"hello, this is a note about sake\n" * 10)


def test_a_truncated_jpeg_is_refused_as_damaged() -> None:
    with pytest.raises(InvalidInput, match="damaged or incomplete"):
        open_photo(bad_images.truncated_jpeg())


def test_a_huge_png_is_refused_from_its_header() -> None:
    data = bad_images.huge_png()
    assert len(data) < 200_000  # small on disk: the danger is only in decoding it
    with pytest.raises(TooLarge, match="limit is 40 megapixels"):
        open_photo(data)


def test_the_pixel_limit_is_configurable() -> None:
    with pytest.raises(TooLarge, match="2000 × 1500 pixels"):
        open_photo(bad_images.jpeg((2000, 1500)), max_pixels=1_000_000)


def test_too_many_bytes_are_refused_before_anything_else() -> None:
    with pytest.raises(TooLarge, match="limit is 1 MB"):
        open_photo(b"\xff\xd8\xff" + b"\x00" * 1_100_000, max_bytes=1_000_000)


def test_empty_and_tiny() -> None:
    with pytest.raises(InvalidInput, match="empty"):
        open_photo(b"")
    with pytest.raises(InvalidInput, match="only 8 × 8"):
        open_photo(bad_images.jpeg((8, 8)))


def test_exif_orientation_is_applied() -> None:
    exif = Image.Exif()
    exif[0x0112] = 6  # the camera was turned: rotate 90° clockwise to show it upright
    photo = open_photo(bad_images.jpeg((64, 48), exif))
    assert photo.image.size == (48, 64)
    # The dark mark was at the top left of the sensor image; upright it is at the top right.
    assert photo.image.getpixel((44, 4))[0] < 100  # type: ignore[index]
    assert photo.image.getpixel((4, 60))[0] > 100  # type: ignore[index]


def test_stored_copy_has_no_exif_and_so_no_location() -> None:
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2] = "N", (35.0, 39.0, 29.0)
    source = bad_images.jpeg((640, 480), exif)
    assert b"PhoneMaker" in source
    kept = stored_jpeg(open_photo(source).image)
    assert b"PhoneMaker" not in kept and b"Exif" not in kept
    assert not Image.open(io.BytesIO(kept)).getexif()


def test_shrink_keeps_the_aspect_and_never_enlarges() -> None:
    image = Image.new("RGB", (4000, 3000))
    assert shrink(image, 1000).size == (1000, 750)
    small = Image.new("RGB", (300, 200))
    assert shrink(small, 1000) is small


def test_a_big_jpeg_read_for_ocr_is_decoded_small() -> None:
    data = bad_images.jpeg((4000, 3000))
    assert open_photo(data).image.size == (4000, 3000)
    quick = open_photo(data, needed_side=1000).image
    assert quick.size == (1000, 750)  # an eighth would be too small; a quarter is enough
    assert open_photo(data, needed_side=3000).image.size == (4000, 3000)
