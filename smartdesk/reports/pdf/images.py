"""Logos and signature images: loaded once per file version, never fatal.

A missing or unreadable file gives a warning (each time a document asks for it, so the user sees
it in the log of that print) and the document is printed without the image.
"""

from __future__ import annotations

import logging
import os
import threading
from dataclasses import dataclass
from functools import lru_cache

from PIL import Image
from reportlab.lib.utils import ImageReader

log = logging.getLogger(__name__)
_lock = threading.Lock()


@dataclass(frozen=True, slots=True)
class Picture:
    path: str
    reader: ImageReader
    width: int  # pixels
    height: int
    has_alpha: bool

    def fit(self, max_width: float, max_height: float) -> tuple[float, float]:
        """Width and height (points) that keep the aspect ratio inside the box."""
        scale = min(max_width / self.width, max_height / self.height)
        return self.width * scale, self.height * scale


@lru_cache(maxsize=64)
def _load(path: str, mtime_ns: int, size: int) -> Picture:
    del mtime_ns, size  # part of the cache key only: a replaced logo is read again
    with Image.open(path) as source:
        source.load()
        image: Image.Image = source
        if image.mode not in ("RGB", "RGBA", "L", "LA"):
            image = image.convert(
                "RGBA" if "transparency" in image.info or image.mode == "P" else "RGB"
            )
        if image.mode == "LA":
            image = image.convert("RGBA")
        if image.mode == "RGBA" and image.getextrema()[3][0] == 255:  # type: ignore[index,misc]
            image = image.convert("RGB")  # fully opaque: no soft mask needed
        image = image.copy()
    return Picture(path, ImageReader(image), image.width, image.height, image.mode == "RGBA")


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
