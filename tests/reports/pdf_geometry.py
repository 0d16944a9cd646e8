"""Where things are drawn on a PDF page, read back from its content stream with pypdf: line
segments and rectangles in page coordinates (the ``cm`` transforms followed through ``q``/``Q``),
and text runs with their position and size. Enough to measure a column or a margin."""

from __future__ import annotations

from dataclasses import dataclass

from pypdf import PageObject
from pypdf.generic import ContentStream

Matrix = tuple[float, float, float, float, float, float]
IDENTITY: Matrix = (1, 0, 0, 1, 0, 0)


def _multiply(m: Matrix, n: Matrix) -> Matrix:
    """m then n (PDF order: ``m n cm`` applies m in n's space)."""
    a, b, c, d, e, f = m
    a2, b2, c2, d2, e2, f2 = n
    return (
        a * a2 + b * c2,
        a * b2 + b * d2,
        c * a2 + d * c2,
        c * b2 + d * d2,
        e * a2 + f * c2 + e2,
        e * b2 + f * d2 + f2,
    )


def _apply(m: Matrix, x: float, y: float) -> tuple[float, float]:
    a, b, c, d, e, f = m
    return a * x + c * y + e, b * x + d * y + f


@dataclass(frozen=True)
class Shapes:
    segments: list[tuple[float, float, float, float]]  # x1, y1, x2, y2
    rects: list[tuple[float, float, float, float]]  # x, y, width, height (normalised)
    #: The bounding box (x, y, width, height) of every painted path: rectangles, rounded
    #: rectangles (curves), lines.
    boxes: list[tuple[float, float, float, float]]


_PAINT = {"S", "s", "f", "F", "f*", "B", "B*", "b", "b*"}


def shapes(page: PageObject) -> Shapes:
    """The straight segments (``m`` … ``l``) and rectangles (``re``) the page's own content
    draws (forms drawn with ``Do`` are not followed: the header is one)."""
    stream = ContentStream(page.get_contents(), page.pdf)
    matrix, stack = IDENTITY, []
    segments, rects, boxes = [], [], []
    current: tuple[float, float] | None = None
    points: list[tuple[float, float]] = []
    for operands, operator in stream.operations:
        op = operator.decode()
        if op in ("m", "l", "c", "v", "y"):
            values = [float(v) for v in operands]
            points += [_apply(matrix, *values[i : i + 2]) for i in range(0, len(values), 2)]
        elif op == "re":
            x, y, w, h = (float(v) for v in operands)
            points += [_apply(matrix, x, y), _apply(matrix, x + w, y + h)]
        elif op in _PAINT or op == "n":
            if op != "n" and points:
                xs, ys = [p[0] for p in points], [p[1] for p in points]
                boxes.append((min(xs), min(ys), max(xs) - min(xs), max(ys) - min(ys)))
            points = []
        if op == "q":
            stack.append(matrix)
        elif op == "Q":
            matrix = stack.pop()
        elif op == "cm":
            matrix = _multiply(tuple(float(v) for v in operands), matrix)  # type: ignore[arg-type]
        elif op == "m":
            current = _apply(matrix, float(operands[0]), float(operands[1]))
        elif op == "l" and current is not None:
            end = _apply(matrix, float(operands[0]), float(operands[1]))
            segments.append((*current, *end))
            current = end
        elif op == "re":
            x, y, w, h = (float(v) for v in operands)
            x1, y1 = _apply(matrix, x, y)
            x2, y2 = _apply(matrix, x + w, y + h)
            rects.append((min(x1, x2), min(y1, y2), abs(x2 - x1), abs(y2 - y1)))
    return Shapes(segments, rects, boxes)


def vertical_lines(page: PageObject, min_length: float = 20) -> list[float]:
    """The x of every vertical segment at least ``min_length`` long, sorted, merged within 0.5 pt."""
    xs = sorted(
        x1
        for x1, y1, x2, y2 in shapes(page).segments
        if abs(x1 - x2) < 0.01 and abs(y1 - y2) >= min_length
    )
    merged: list[float] = []
    for x in xs:
        if not merged or x - merged[-1] > 0.5:
            merged.append(x)
    return merged


@dataclass(frozen=True)
class TextRun:
    text: str
    x: float
    y: float
    size: float


def text_runs(page: PageObject) -> list[TextRun]:
    runs: list[TextRun] = []

    def visit(text, cm, tm, _font, size):
        if text.strip():
            x, y = _apply(tuple(cm), tm[4], tm[5])  # type: ignore[arg-type]
            runs.append(TextRun(text.strip(), x, y, size * abs(tm[3]) * abs(cm[3])))

    page.extract_text(visitor_text=visit)
    return runs
