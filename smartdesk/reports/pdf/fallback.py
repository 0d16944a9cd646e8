"""A second font for the scripts DejaVu lacks (Chinese, Japanese, Korean …): Droid Sans Fallback.

reportlab draws a string in one font and has no fallback for TrueType fonts, so a Chinese name
printed as "��". Here the canvas's text object cuts a string into runs, each drawn in the first
font that has its glyphs, and DejaVu is told the fallback's widths for the characters it lacks,
so every measure (fit, wrap, Paragraph, centring) stays right.

The font (Apache 2.0, resources/fonts/LICENSE-DroidSansFallback.txt, 3.4 MB) is read only when a
document holds a character DejaVu lacks: a Latin-only print never loads it. The PDF embeds only
the glyphs used (a few KB per name).

This module is the only place that touches reportlab's internals (``PDFTextObject._formatText``,
``_fontname``, ``_curSubset`` and a TrueType face's ``charWidths``); ``RL_VERSIONS`` lists the
versions it was checked with. With another version the fallback is switched off (a warning in the
log), and the characters print as "�" as before: never worse than without it.
"""

from __future__ import annotations

import logging
import threading
from functools import cache

import reportlab
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFError, TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.pdfgen.textobject import PDFTextObject

from smartdesk.paths import resources_dir

log = logging.getLogger(__name__)

FALLBACK = "DroidSansFallback"
FALLBACK_FILE = "DroidSansFallback.ttf"
#: reportlab versions whose text object this module was checked against.
RL_VERSIONS = ("5.",)
_lock = threading.Lock()


def supported() -> bool:
    return reportlab.Version.startswith(RL_VERSIONS)


@cache
def coverage(main_fonts: tuple[str, ...], main_covered: frozenset[int]) -> frozenset[int]:
    """Register the fallback font and return the code points it adds to ``main_covered``
    (empty when the font file is missing or reportlab is not a version checked here)."""
    if not supported():
        log.warning("reportlab %s: no fallback font for CJK characters", reportlab.Version)
        return frozenset()
    with _lock:
        if FALLBACK not in pdfmetrics.getRegisteredFontNames():
            try:
                pdfmetrics.registerFont(
                    TTFont(FALLBACK, str(resources_dir() / "fonts" / FALLBACK_FILE))
                )
            except (TTFError, OSError) as exc:
                log.warning("The fallback font cannot be read (%s): CJK prints as �.", exc)
                return frozenset()
        face = pdfmetrics.getFont(FALLBACK).face
        added = frozenset(face.charToGlyph) - main_covered
        widths = {code: face.charWidths.get(code, face.defaultWidth) for code in added}
        for name in main_fonts:
            # The main fonts measure these characters as the fallback draws them.
            pdfmetrics.getFont(name).face.charWidths.update(widths)
        return added


class FallbackText(PDFTextObject):
    """A text object that draws each run in a font that has its glyphs."""

    #: Characters drawn with the fallback font (set by ``enable``; empty: plain reportlab).
    added: frozenset[int] = frozenset()

    def _formatText(self, text):  # noqa: N802 - reportlab's name
        added = FallbackText.added
        if not added or text.isascii() or not any(ord(ch) in added for ch in text):
            return super()._formatText(text)
        main = self._fontname
        parts = []
        for font, run in _runs(text, main, added):
            self._fontname = font
            self._curSubset = -1  # make reportlab name the font again (Tf) for this run
            parts.append(super()._formatText(run))
        self._fontname = main
        self._curSubset = -1
        return " ".join(parts)


def _runs(text: str, main: str, added: frozenset[int]) -> list[tuple[str, str]]:
    runs: list[tuple[str, str]] = []
    for ch in text:
        font = FALLBACK if ord(ch) in added else main
        if runs and runs[-1][0] == font:
            runs[-1] = (font, runs[-1][1] + ch)
        else:
            runs.append((font, ch))
    return runs


class FallbackCanvas(Canvas):
    """A canvas whose strings and paragraphs fall back to the second font where needed."""

    def beginText(self, x=0, y=0, direction=None):  # noqa: N802 - reportlab's name
        return FallbackText(self, x, y, direction=direction)


def enable(main_fonts: tuple[str, ...], main_covered: frozenset[int]) -> frozenset[int]:
    """Load the fallback font (once) and switch the text objects to it; returns what it adds."""
    added = coverage(main_fonts, main_covered)
    FallbackText.added = added
    return added
