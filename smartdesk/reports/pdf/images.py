"""Logos and signature images: loaded once per file version, scaled to their printed size, never
fatal.

A missing, unreadable or oversized file gives a warning (each time a document asks for it, so the
user sees it in the log of that print) and the document is printed without the image.

Why the scaling: an 8000×6000 logo embedded as it is makes every PDF 2 MB heavier and a page of
badges take seconds; nobody sees more than about 300 dpi on paper. A picture is decoded once, kept
at most as large as a page (``MASTER_SIDE``), and each place that prints it gets a copy at 300 dpi
of its printed size, cached for the run. A picture of more than ``MAX_PIXELS`` that cannot be
decoded at a reduced size (a JPEG can) is refused before it is decoded: a 95-megapixel PNG took
11 s and 1 GB, and Pillow's DecompressionBombWarning is for us to handle, not for users to read.
"""

from __future__ import annotations

import logging
import math
import os
import threading
import warnings
from dataclasses import dataclass, field
from functools import lru_cache

from PIL import Image
from reportlab.lib.utils import ImageReader

log = logging.getLogger(__name__)
_lock = threading.Lock()

#: Dots per inch of a picture as embedded: what a laser printer renders, no more.
DPI = 300
#: The longest side kept after decoding (at most): an A4 page's width at 300 dpi.
MASTER_SIDE = 2480
#: Beyond this many pixels a picture is refused (unless decoded at a reduced size, as JPEG is).
MAX_PIXELS = 64_000_000
POINTS_PER_INCH = 72.0
#: The largest a logo prints (points: 60 mm), for callers that do not give the printed size.
LOGO_BOX = 60 / 25.4 * POINTS_PER_INCH


class PictureTooLarge(ValueError):
    """The picture has more pixels than SmartDesk decodes (``MAX_PIXELS``)."""

    def __init__(self, width: int, height: int) -> None:
        super().__init__(f"{width}×{height} pixels, more than {MAX_PIXELS // 1_000_000} megapixels")
        self.width = width
        self.height = height


@dataclass(frozen=True, slots=True)
class Picture:
    path: str
    image: Image.Image = field(repr=False)  # decoded, at most MASTER_SIDE on its longest side
    width: int  # pixels of ``image``; only their ratio matters to the layout
    height: int
    has_alpha: bool
    _scaled: dict[tuple[int, int], ImageReader] = field(
        default_factory=dict, repr=False, compare=False
    )

    @property
    def reader(self) -> ImageReader:
        """The picture for a caller that does not say its printed size: enough for 300 dpi up to
        ``LOGO_BOX`` (a logo on a badge or tent). Prefer ``scaled(width, height)``: reportlab
        hashes the picture's bytes at every drawImage, so a big one drawn on each label is slow."""
        return self.scaled(*self.fit(LOGO_BOX, LOGO_BOX))

    def fit(self, max_width: float, max_height: float) -> tuple[float, float]:
        """Width and height (points) that keep the aspect ratio inside the box."""
        scale = min(max_width / self.width, max_height / self.height)
        return self.width * scale, self.height * scale

    def scaled(self, width: float, height: float) -> ImageReader:
        """The picture at 300 dpi for ``width`` × ``height`` points (never enlarged), made once
        per size and kept for the run."""
        key = (
            max(1, min(self.width, math.ceil(width / POINTS_PER_INCH * DPI))),
            max(1, min(self.height, math.ceil(height / POINTS_PER_INCH * DPI))),
        )
        with _lock:
            reader = self._scaled.get(key)
            if reader is None:
                image = self.image
                if key != (self.width, self.height):
                    image = image.resize(key, Image.Resampling.LANCZOS, reducing_gap=3.0)
                reader = self._scaled[key] = ImageReader(image)
        return reader


def too_large(width: int, height: int) -> bool:
    return width * height > MAX_PIXELS


def _open(path: str) -> Image.Image:
    """The picture opened (header read, nothing decoded), reduced at decoding when it is a large
    JPEG; PictureTooLarge if it is still over ``MAX_PIXELS``."""
    with warnings.catch_warnings():
        # We check the size ourselves, before anything is decoded.
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        try:
            source = Image.open(path)
        except Image.DecompressionBombError:
            raise PictureTooLarge(*_header_size(path)) from None
    if too_large(*source.size) and source.format == "JPEG":
        source.draft("RGB", (MASTER_SIDE, MASTER_SIDE))  # decodes at 1/2, 1/4 or 1/8
    if too_large(*source.size):
        size = source.size
        source.close()
        raise PictureTooLarge(*size)
    return source


def decodable_size(path: str) -> tuple[int, int]:
    """The size the picture at ``path`` is decoded at; PictureTooLarge if SmartDesk refuses it."""
    with _lock, _open(path) as source:
        return source.size


def _decode(path: str) -> Image.Image:
    """The picture at ``path`` decoded in RGB, RGBA or L, at most ``MASTER_SIDE`` wide or high."""
    with _open(path) as source, warnings.catch_warnings():
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        source.load()
        image: Image.Image = source
        if image.mode not in ("RGB", "RGBA", "L", "LA"):
            image = image.convert(
                "RGBA" if "transparency" in image.info or image.mode == "P" else "RGB"
            )
        if image.mode == "LA":
            image = image.convert("RGBA")
        if max(image.size) > MASTER_SIDE:
            # A box average by a whole factor: one small new image and no full-size
            # intermediate (a resampling filter makes one), so memory stays near the decoded size.
            image = image.reduce(math.ceil(max(image.size) / MASTER_SIDE))
        if image.mode == "RGBA" and image.getextrema()[3][0] == 255:  # type: ignore[index,misc]
            image = image.convert("RGB")  # fully opaque: no soft mask needed
        return image.copy() if image is source else image


def _header_size(path: str) -> tuple[int, int]:
    """The size of a picture too large for Pillow to open at all (over twice its own limit):
    only the header is read, nothing decoded (called under ``_lock``)."""
    limit = Image.MAX_IMAGE_PIXELS
    Image.MAX_IMAGE_PIXELS = None
    try:
        with Image.open(path) as image:
            return image.size
    finally:
        Image.MAX_IMAGE_PIXELS = limit


@lru_cache(maxsize=64)
def _load(path: str, mtime_ns: int, size: int) -> Picture:
    del mtime_ns, size  # part of the cache key only: a replaced logo is read again
    image = _decode(path)
    return Picture(path, image, image.width, image.height, image.mode == "RGBA")


def load_picture(path: str | os.PathLike[str] | None, what: str = "logo") -> Picture | None:
    """The image at ``path``, or ``None`` (with a warning) if it cannot be read."""
    if not path:
        return None
    name = os.fspath(path)
    try:
        stat = os.stat(name)
        with _lock:
            picture = _load(name, stat.st_mtime_ns, stat.st_size)
        if picture.width < 1 or picture.height < 1:
            raise ValueError("empty image")
        return picture
    except FileNotFoundError:
        log.warning("The %s file %s does not exist; printing without it.", what, name)
    except Exception as exc:  # any broken image must not stop the printing
        log.warning("The %s file %s cannot be read (%s); printing without it.", what, name, exc)
    return None


def load_pictures(paths: tuple[str, ...] | list[str], what: str = "logo") -> list[Picture]:
    return [p for p in (load_picture(path, what) for path in paths) if p is not None]
