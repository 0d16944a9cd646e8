"""The embedded DejaVu fonts: registered once, lazily, on first use (and Droid Sans Fallback for
the scripts DejaVu lacks, see ``fallback``).

reportlab's built-in Helvetica has no glyph for Ł, ż, İ or ğ; DejaVu covers every Latin script
the GAL meets (French, Dutch, German, Polish, Turkish, Nordic) and the euro sign. TrueType fonts
are always embedded (subset) by reportlab, so the PDF reads the same on a PC without DejaVu.
"""

from __future__ import annotations

import threading
from functools import cache

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFError, TTFont

from smartdesk.domain.errors import MissingResourceError
from smartdesk.i18n import _
from smartdesk.paths import resources_dir
from smartdesk.reports.pdf import fallback

REGULAR = "DejaVuSans"
BOLD = "DejaVuSans-Bold"
ITALIC = "DejaVuSans-Oblique"
CONDENSED = "DejaVuSansCondensed"
CONDENSED_BOLD = "DejaVuSansCondensed-Bold"

_FILES = {
    REGULAR: "DejaVuSans.ttf",
    BOLD: "DejaVuSans-Bold.ttf",
    ITALIC: "DejaVuSans-Oblique.ttf",
    CONDENSED: "DejaVuSansCondensed.ttf",
    CONDENSED_BOLD: "DejaVuSansCondensed-Bold.ttf",
}

_lock = threading.Lock()


@cache
def register_fonts() -> frozenset[int]:
    """Register the fonts (idempotent) and return the code points every one of them covers."""
    with _lock:
        folder = resources_dir() / "fonts"
        faces = []
        for name, filename in _FILES.items():
            if name not in pdfmetrics.getRegisteredFontNames():
                path = folder / filename
                try:
                    pdfmetrics.registerFont(TTFont(name, str(path)))
                except (TTFError, OSError):
                    # A damaged or partial installation: say which file, never a traceback.
                    raise MissingResourceError(
                        _(
                            "The font file “{path}” is missing or damaged: reinstall SmartDesk "
                            "to print documents."
                        ).format(path=path)
                    ) from None
            faces.append(pdfmetrics.getFont(name).face)
        # <b> and <i> inside Paragraph markup pick the right file.
        addMapping(REGULAR, 0, 0, REGULAR)
        addMapping(REGULAR, 1, 0, BOLD)
        addMapping(REGULAR, 0, 1, ITALIC)
        addMapping(REGULAR, 1, 1, BOLD)
        addMapping(CONDENSED, 0, 0, CONDENSED)
        addMapping(CONDENSED, 1, 0, CONDENSED_BOLD)
        addMapping(CONDENSED, 0, 1, CONDENSED)
        addMapping(CONDENSED, 1, 1, CONDENSED_BOLD)
        covered = set(faces[0].charToGlyph)
        for face in faces[1:]:
            covered &= set(face.charToGlyph)
        return frozenset(covered)


def string_width(text: str, font: str, size: float) -> float:
    register_fonts()  # cached: a no-op after the first call
    return pdfmetrics.stringWidth(text, font, size)


def fallback_covered() -> frozenset[int]:
    """The code points the fallback font adds to DejaVu's (CJK …). Loads that font the first
    time: call it only for a character DejaVu lacks."""
    return fallback.enable(tuple(_FILES), register_fonts())
