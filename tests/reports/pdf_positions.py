"""Where text lands on a PDF page, read back with a pypdf visitor (for overlap tests)."""

from __future__ import annotations

from dataclasses import dataclass

from pdf_samples import read


@dataclass(frozen=True)
class Run:
    """A piece of text with its baseline origin and font size (points, from the page's corner)."""

    text: str
    x: float
    y: float
    size: float


def runs(data: bytes, page: int = 0) -> list[Run]:
    found: list[Run] = []

    def visit(text, cm, tm, _font_dict, font_size):
        if text.strip():
            # the text matrix in the current transformation: where the run starts on the page
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            scale = (tm[0] ** 2 + tm[1] ** 2) ** 0.5 * (cm[0] ** 2 + cm[1] ** 2) ** 0.5
            found.append(Run(text.strip(), x, y, font_size * scale))

    read(data).pages[page].extract_text(visitor_text=visit)
    return found


def find(data: bytes, needle: str, page: int = 0) -> list[Run]:
    return [r for r in runs(data, page) if needle in r.text]


def line_box(run: Run) -> tuple[float, float]:
    """The vertical extent of a run's line (descender to ascender, roughly)."""
    return run.y - 0.25 * run.size, run.y + 0.9 * run.size
