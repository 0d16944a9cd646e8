"""QR codes of check-in codes (smartdesk.domain.check_in_code), drawn by reportlab itself.

A one-module quiet zone is drawn (``BORDER``); the cell or label around the code is white or
nearly so, which completes the margin a scanner needs. Error correction M: a code stays readable
with a pen stroke across it."""

from __future__ import annotations

from reportlab.graphics import renderPDF
from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.pdfgen.canvas import Canvas

BORDER = 1


def qr_drawing(value: str, size: float) -> Drawing:
    """A ``size`` × ``size`` drawing of the QR code of ``value`` (a flowable for tables)."""
    widget = QrCodeWidget(value, barLevel="M", barBorder=BORDER)
    x0, y0, x1, y1 = widget.getBounds()
    drawing = Drawing(size, size, transform=[size / (x1 - x0), 0, 0, size / (y1 - y0), 0, 0])
    drawing.add(widget)
    return drawing


def draw_qr(c: Canvas, value: str, x: float, y: float, size: float) -> None:
    """The QR code of ``value`` with its bottom-left corner at (``x``, ``y``)."""
    renderPDF.draw(qr_drawing(value, size), c, x, y)
